"""Reading annotated JSONL: one object per line, every problem an ``EvaluationError`` with file and line."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import EvaluationError


def numbered_records(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for every non-blank line of ``path``."""
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise EvaluationError(f"{path}:{number}: not JSON ({exc.msg})", code="E310") from exc
            if not isinstance(record, dict):
                raise EvaluationError(f"{path}:{number}: expected a JSON object", code="E310")
            yield number, record


def ecbplus_records(
    paths: Sequence[Path],
    topics: Iterable[int] | str | None = None,
    split: str | None = None,
    limit: int | None = None,
    *,
    empty_code: str = "E332",
) -> list[dict[str, Any]]:
    """The ECB+ documents of ``paths`` (optionally of some topics, given as ints or "1,3,4", of one
    split, the first ``limit``), each checked for the fields every ECB+ task reads; none matching
    is an ``EvaluationError`` with ``empty_code``."""
    if isinstance(topics, str):
        topics = [int(t) for t in topics.split(",") if t.strip()]
    wanted = set(topics) if topics is not None else None
    records: list[dict[str, Any]] = []
    for path in paths:
        for number, record in numbered_records(path):
            if not all(k in record for k in ("text", "tokens", "mentions", "topic")):
                raise EvaluationError(
                    f"{path}:{number}: not an ECB+ record (needs text, tokens, mentions, topic)", code="E331"
                )
            if wanted is not None and int(record["topic"]) not in wanted:
                continue
            if split is not None and record.get("split") != split:
                continue
            records.append(record)
            if limit is not None and len(records) >= limit:
                return records
    if not records:
        raise EvaluationError(
            "no ECB+ documents matched (check the file, --topics and --split)", code=empty_code
        )
    return records
