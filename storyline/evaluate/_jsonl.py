"""Reading annotated JSONL: one object per line, every problem an ``EvaluationError`` with file and line."""

from __future__ import annotations

import json
from collections.abc import Iterator
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
