"""Issue 13, the grain of a dated stream: pieces of one developing story merge, others do not.

Unit tests build stories by hand from invented articles (no model); the window test reads
../shared/data/timeline17 at run time and skips when it is absent.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from storyline.stories import grouping
from storyline.stories.consolidate import (
    MAX_GAP_FACTOR,
    STORY_MERGE_THRESHOLD,
    merge_similar_stories,
    required_similarity,
)
from storyline.stories.grouping import MAX_GAP_DAYS, MemoryIndex, assign_cluster, count_article, features

from .test_stories import DAM as STORIES_DAM
from .test_stories import TRIAL as STORIES_TRIAL

DAM = STORIES_DAM  # the invented stories of tests/test_stories.py
TRIAL = STORIES_TRIAL[:2]
ENTS = {"dam": {"vessia", "kartan", "brelle", "orlan"}, "trial": {"ilse marrow", "tavos"}}
DAY = dt.date(2031, 5, 1)


def _story(
    index: MemoryIndex, prefix: str, texts: list[str], entities: set[str], days: list[dt.date | None]
) -> str:
    """One story of these articles, kept apart from every story already there (as the batch
    clustering keeps its clusters apart), so that only a story-story merge can join it."""
    arts = [
        features(f"{prefix}{i}", text, entities=entities, day=day)
        for i, (text, day) in enumerate(zip(texts, days, strict=True))
    ]
    for art in arts:
        count_article(index, art)
    return assign_cluster(index, arts, apart=set(index.stories))[0].story


def _days(start: dt.date, n: int) -> list[dt.date | None]:
    return [start + dt.timedelta(days=i) for i in range(n)]


def test_two_pieces_of_one_dated_story_merge_and_the_older_keeps_its_id() -> None:
    index = MemoryIndex()
    first = _story(index, "a", DAM[:2], ENTS["dam"], _days(DAY, 2))
    second = _story(index, "b", DAM[2:], ENTS["dam"], _days(DAY + dt.timedelta(days=5), 2))
    assert first != second
    merges = merge_similar_stories(index, [second])
    assert [(m.kept, m.absorbed, m.reason) for m in merges] == [(first, second, "similar")]
    assert index.merges[-1] == merges[0]
    assert {index.story_of(f"b{i}") for i in range(2)} == {first}
    assert set(index.stories) == {first}
    assert first == grouping.story_id_for("a0")


def test_two_different_stories_of_the_same_days_stay_apart() -> None:
    index = MemoryIndex()
    dam = _story(index, "a", DAM[:2], ENTS["dam"], _days(DAY, 2))
    trial = _story(index, "t", TRIAL, ENTS["trial"], _days(DAY, 2))
    assert merge_similar_stories(index, [dam, trial]) == []
    assert set(index.stories) == {dam, trial}


def test_undated_stories_never_merge() -> None:
    """Without dates nothing tells the story developing from the next instance of its kind."""
    index = MemoryIndex()
    first = _story(index, "a", DAM[:2], ENTS["dam"], [None, None])
    second = _story(index, "b", DAM[2:], ENTS["dam"], [None, None])
    assert merge_similar_stories(index, [first, second]) == []


def test_the_bar_rises_with_the_gap_and_far_apart_stories_never_merge() -> None:
    index = MemoryIndex()
    early = _story(index, "a", DAM[:2], ENTS["dam"], _days(DAY, 2))
    far = DAY + dt.timedelta(days=1 + MAX_GAP_FACTOR * MAX_GAP_DAYS + 1)
    late = _story(index, "b", DAM[2:], ENTS["dam"], _days(far, 2))
    assert merge_similar_stories(index, [late]) == []
    a, b = index.stories[early], index.stories[late]
    assert required_similarity(a, b) is None
    b.first_day = b.last_day = DAY + dt.timedelta(days=1 + MAX_GAP_DAYS)
    assert required_similarity(a, b) == STORY_MERGE_THRESHOLD
    b.first_day = b.last_day = DAY + dt.timedelta(days=1 + 2 * MAX_GAP_DAYS)
    assert required_similarity(a, b) == pytest.approx(2 * STORY_MERGE_THRESHOLD)


def test_stories_a_user_split_or_merged_are_left_alone() -> None:
    index = MemoryIndex()
    first = _story(index, "a", DAM[:2], ENTS["dam"], _days(DAY, 2))
    second = _story(index, "b", DAM[2:], ENTS["dam"], _days(DAY, 2))
    index.keep_apart(first, second)
    assert merge_similar_stories(index, [first, second]) == []
    pinned = _story(index, "c", DAM[1:3], ENTS["dam"], _days(DAY, 2))
    index.stories[pinned].pinned = True
    assert merge_similar_stories(index, [pinned]) == []
    assert pinned in index.stories


# -- a real dated stream (Timeline17, through the store path) -------------------------------------


@pytest.mark.model
def test_six_weeks_of_the_egyptian_revolution_are_a_few_stories(data_dir: Path) -> None:
    """Issue 13: a developing story followed for weeks is a few stories, not dozens (every third
    article of 2011-01-04..02-14: the Egyptian revolution, 91 articles, and Michael Jackson's
    mother's lawsuit, 4). Before the story-story merge: 33 stories of Egypt, the largest with a
    fifth of its articles. The one mixed story predates it: a page of unrelated headlines
    clustered with a Jackson article in the batch, not by a merge."""
    from storyline.evaluate import evaluate

    result = evaluate(
        "stories-stream",
        [data_dir / "timeline17/articles.jsonl"],
        start="2011-01-04",
        end="2011-02-14",
        every="3",
    )
    assert result["topics"] == {"egypt": 91, "mj": 4}
    assert result["mixed_stories"] <= 1 and result["b_cubed"]["precision"] >= 0.98
    assert result["stories_per_topic"]["egypt"] <= 25
    assert result["largest_story_share"]["egypt"] >= 0.5
