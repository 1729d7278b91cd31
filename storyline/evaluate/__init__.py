"""``storyline evaluate TASK FILE...``: score the pipeline on annotated data.

Each task is a module of this package with ``evaluate(paths: list[Path], **options) -> dict``
returning one JSON-ready object of metrics. Formats are those of ../shared/data (see its README);
any file in the same format works.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from ..errors import EvaluationError

TASKS: dict[str, str] = {
    "extraction": "extraction",  # article_extraction: HTML body extraction, word 4-gram P/R/F1
    "quotes": "quotes",  # polnear: attributions (content, source, cue)
    "time": "time",  # tempeval3: TIMEX3 extent, type, value
    "dating": "dating",  # any dated JSONL (timeline17, polnear): estimated publication window
    "coref": "coref",  # ecbplus: cross-document entity coreference
    "events": "events",  # ecbplus: cross-document event coreference over gold event mentions
    "events-detection": "events_detection",  # ecbplus: event mention detection P/R/F1
    "timeline": "timeline",  # timeline17: timeline summarization, date F1 and alignment ROUGE
    "stories": "stories",  # ecbplus: documents grouped by real-world event (subtopic), B³
    "stories-stream": "stories_stream",  # timeline17: a dated stream through the store, B³ by topic
}


def evaluate(task: str, paths: list[Path], **options: Any) -> dict[str, Any]:
    if task not in TASKS:
        raise EvaluationError(f"unknown task {task!r}; choose one of {', '.join(TASKS)}", code="E301")
    for path in paths:
        if not path.exists():
            raise EvaluationError(f"{path}: no such file", code="E302")
    module = importlib.import_module(f"{__package__}.{TASKS[task]}")
    result: dict[str, Any] = module.evaluate(paths, **options)
    return result
