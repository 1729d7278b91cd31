"""Quality gate for issue 13: timeline summarization on the Timeline17 h1n1 topic (three reference
timelines over one pool of 402 articles; a tuning topic), read from ../shared/data at run time and
scored with the news-tls protocol. Floors sit a little under what was measured (docs/timeline.md)
and may only go up. No spaCy: the time tagger runs on bare text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storyline.evaluate import timeline

# mean over the three h1n1 timelines; measured 0.8024, 0.1345, 0.0299 (docs/timeline.md)
FLOORS = {"date_f1": 0.78, "align_rouge1_f1": 0.125, "align_rouge2_f1": 0.027}


@pytest.fixture(scope="module")
def h1n1_scores(data_dir: Path) -> dict[str, Any]:
    folder = data_dir / "timeline17"
    paths = [folder / "articles.jsonl", folder / "timelines.jsonl"]
    for path in paths:
        if not path.exists():
            pytest.skip(f"{path} is absent")
    return timeline.evaluate(paths, topics="h1n1")


@pytest.mark.gate
@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_timeline_gate(h1n1_scores: dict[str, Any], metric: str) -> None:
    assert h1n1_scores["mean"]["timelines"] == 3
    assert h1n1_scores["mean"][metric] >= FLOORS[metric]
