"""Quality gates for issue 4: TIMEX3 tagging on TempEval-3 (timebank, aquaint), read from
../shared/data at run time. Floors sit just below what was measured (docs/times.md) and may only
go up. The publication-dating gate (Timeline17) is in test_dating.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storyline.evaluate import time

# file -> (strict F1, relaxed F1, type accuracy, value F1)
TIMEX_FLOORS: dict[str, tuple[float, float, float, float]] = {
    "timebank.jsonl": (0.87, 0.935, 0.96, 0.82),
    "aquaint.jsonl": (0.84, 0.93, 0.95, 0.785),
}


@pytest.fixture(scope="module")
def timex_scores(data_dir: Path) -> dict[str, Any]:
    paths = [data_dir / "tempeval3" / name for name in TIMEX_FLOORS]
    for path in paths:
        if not path.exists():
            pytest.skip(f"{path} is absent")
    return time.evaluate(paths)["files"]


@pytest.mark.gate
@pytest.mark.model
@pytest.mark.parametrize("name", sorted(TIMEX_FLOORS))
def test_timex_gate(timex_scores: dict[str, Any], name: str) -> None:
    strict, relaxed, type_accuracy, value = TIMEX_FLOORS[name]
    scores = timex_scores[name]
    assert scores["strict"]["f1"] >= strict
    assert scores["relaxed"]["f1"] >= relaxed
    assert scores["type_accuracy"] >= type_accuracy
    assert scores["value"]["f1"] >= value
