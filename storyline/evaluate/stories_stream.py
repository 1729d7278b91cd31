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
``limit`` (at most this many records, after the window), ``batch`` (ingest in files of this many
records, so batches under ``stories.MIN_BATCH`` take the one-article-at-a-time path; default: one
file, one batch).
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
    paths: list[Path], start: str | None, end: str | None, limit: int | None
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
    return chosen[:limit] if limit is not None else chosen


def evaluate(
    paths: list[Path],
    *,
    start: str | None = None,
    end: str | None = None,
    limit: int | str | None = None,
    batch: int | str | None = None,
    **_: Any,
) -> dict[str, Any]:
    from ..api import ingest_paths
    from ..store import Store
    from ..store.stories import load_stories

    records = _selected(paths, start, end, int(limit) if limit is not None else None)
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
        "window": {"start": start, "end": end},
        "batch": size,
    }
