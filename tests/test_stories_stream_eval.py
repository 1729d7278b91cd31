"""``storyline evaluate stories-stream``: a dated stream through the store path, scored by topic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.errors import EvaluationError
from storyline.evaluate import evaluate


@pytest.mark.model
def test_concurrent_timeline17_topics_are_never_mixed(data_dir: Path) -> None:
    """Three developing stories of the same ten days (swine flu, Michael Jackson's death, the
    financial crisis), ingested as a stream: every article lands in a story and no story mixes
    two of them (the stories cut the topics finer; recall is reported, not gated)."""
    result = evaluate(
        "stories-stream",
        [data_dir / "timeline17/articles.jsonl"],
        start="2009-06-24",
        end="2009-07-03",
    )
    assert result["topics"] == {"finan": 3, "h1n1": 17, "mj": 7}
    assert result["grouped"] == result["articles"] == 27
    assert result["mixed_stories"] == 0 and result["b_cubed"]["precision"] == 1.0
    assert len(result["topics"]) <= result["stories"] < result["articles"]


def test_records_without_a_topic_or_date_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": 1, "text": "Something happened.", "date": "2020-01-01"}) + "\n")
    with pytest.raises(EvaluationError, match="'topic'"):
        evaluate("stories-stream", [path])
    path.write_text(json.dumps({"text": "x", "date": "2020-01-01", "topic": "t"}) + "\n")
    with pytest.raises(EvaluationError, match="no record falls in the window"):
        evaluate("stories-stream", [path], start="2021-01-01")
