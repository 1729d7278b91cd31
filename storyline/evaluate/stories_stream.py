"""``storyline evaluate stories-stream FILE...``: stories of a dated stream, through the store path.

``evaluate stories`` scores grouping on ECB+, where a gold story is one real-world event and no
document has a date. This task reads dated articles in the Timeline17 format (JSONL records with
``text``, ``date`` and ``topic``; ``id`` optional), ingests them into a throwaway store exactly as
``storyline ingest`` does (cleaning, analysis, entities, events, stories: publication dates on),
and scores the stories with B³ against the records' ``topic``.

A topic is coarser than a developing story (a pandemic's cases in each country may fairly be
stories of their own), so read precision first: a story mixing two topics is a plain error, while
recall says how finely the topics were cut. Options: ``start`` and ``end`` (ISO days, inclusive:
the window of publication days to ingest, e.g. the weeks in which several topics run at once),
``every`` (keep every n-th record of the window, in publication order: a sparser stream of the
same weeks at a fraction of the parsing), ``limit`` (at most this many records, after the window
and ``every``), ``batch`` (ingest in files of this many records, so batches under
``stories.MIN_BATCH`` take the one-article-at-a-time path; default: one file, one batch).

Besides B³, ``stories_per_topic`` (how many stories hold a topic's articles) and
``largest_story_share`` (the share of a topic's articles in its largest story) say how finely a
topic was cut, as a user following it would see it.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from ..errors import EvaluationError
from ._jsonl import numbered_records
from .coref import b_cubed


def _selected(
    paths: list[Path], start: str | None, end: str | None, limit: int | None, every: int = 1
) -> list[dict[str, Any]]:
    chosen: list[dict[str, Any]] = []
    for path in paths:
        for number, record in numbered_records(path):
            if not record.get("text") or not record.get("date") or not record.get("topic"):
                raise EvaluationError(
                    f"{path}:{number}: a record needs 'text', 'date' and 'topic'", code="E312"
                )
            day = str(record["date"])[:10]
            try:
                dt.date.fromisoformat(day)
            except ValueError as exc:
                raise EvaluationError(f"{path}:{number}: {day!r} is not an ISO date", code="E313") from exc
            if (start and day < start) or (end and day > end):
                continue
            chosen.append(
                {
                    "id": f"eval-{record.get('id', f'{path.stem}-{number}')}",
                    "text": str(record["text"]),
                    "published": day,
                    "topic": str(record["topic"]),
                }
            )
    chosen.sort(key=lambda r: r["published"])  # a stream arrives in publication order
    chosen = chosen[::every]
    return chosen[:limit] if limit is not None else chosen


def evaluate(
    paths: list[Path],
    *,
    start: str | None = None,
    end: str | None = None,
    limit: int | str | None = None,
    batch: int | str | None = None,
    every: int | str = 1,
    **_: Any,
) -> dict[str, Any]:
    from ..api import ingest_paths
    from ..store import Store
    from ..store.stories import load_stories

    if int(every) < 1:
        raise EvaluationError(f"every={every}: keep every n-th record, n ≥ 1", code="E317")
    records = _selected(paths, start, end, int(limit) if limit is not None else None, int(every))
    if not records:
        raise EvaluationError("no record falls in the window: check start/end", code="E314")
    size = int(batch) if batch is not None else len(records)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with Store(folder / "eval.db") as store:
            for first in range(0, len(records), size):
                part = folder / f"part{first:07d}.jsonl"
                with part.open("w", encoding="utf-8") as fh:
                    for r in records[first : first + size]:
                        fh.write(json.dumps({k: r[k] for k in ("id", "text", "published")}) + "\n")
                ingest_paths(store, [str(part)])
            # a duplicate goes to its original's story, so every record is in one story
            found = [set(story.articles) for story in load_stories(store)]
    topics: dict[str, set[str]] = defaultdict(set)
    for r in records:
        topics[r["topic"]].add(r["id"])
    in_stories = set().union(*found) if found else set()
    key = [ids & in_stories for ids in topics.values()]
    return {
        "articles": len(records),
        "grouped": len(in_stories),
        "topics": {topic: len(ids) for topic, ids in sorted(topics.items())},
        "stories": len(found),
        "b_cubed": b_cubed([k for k in key if k], found),
        "mixed_stories": sum(1 for s in found if len({t for t, ids in topics.items() if s & ids}) > 1),
        "stories_per_topic": {t: sum(1 for s in found if s & ids) for t, ids in sorted(topics.items())},
        "largest_story_share": {
            t: round(max((len(s & ids) for s in found), default=0) / len(ids), 3)
            for t, ids in sorted(topics.items())
        },
        "window": {"start": start, "end": end, "every": int(every)},
        "batch": size,
    }
