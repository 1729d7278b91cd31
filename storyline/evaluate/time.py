"""``storyline evaluate time FILE...``: TIMEX3 tagging scored as TempEval-3 scores it.

Input: JSONL records with ``text``, ``dct`` (the document creation time, which relative
expressions resolve against) and gold ``timexes: [{start, end, type, value}]``.

Measures (TempEval-3, UzZaman et al. 2013): extent precision/recall/F1 with strict (same span)
and relaxed (any overlap) matching; over relaxed matches, type accuracy and value accuracy, and the
attribute F1s the task ranks by (precision = correct / system timexes, recall = correct / gold).

Only the tagger runs, on a Doc that has part-of-speech tags (for tense) and no parse: the full
pipeline would cost ten times as much and tell nothing more about time expressions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..analyze.times import find_timexes
from ..analyze.times.core import Timex
from ..errors import EvaluationError
from ._jsonl import numbered_records

_TAGGER_PIPES = ("tok2vec", "tagger")


def _records(path: Path) -> Iterator[dict[str, Any]]:
    for number, record in numbered_records(path):
        if "text" not in record or "timexes" not in record:
            raise EvaluationError(
                f"{path}:{number}: a TempEval-3 record needs 'text' and 'timexes' (and 'dct')",
                code="E311",
            )
        yield record


def _reference(record: dict[str, Any]) -> dt.date | None:
    dct = record.get("dct")
    if not dct:
        return None
    try:
        return dt.date.fromisoformat(str(dct)[:10])
    except ValueError:
        return None


class _Counts:
    def __init__(self) -> None:
        self.gold = 0
        self.system = 0
        self.strict = 0
        self.relaxed_system = 0
        self.relaxed_gold = 0
        self.type_ok = 0
        self.value_ok = 0

    def add(
        self, gold: list[dict[str, Any]], system: list[Timex], misses: list[dict[str, Any]] | None
    ) -> None:
        self.gold += len(gold)
        self.system += len(system)
        gold_spans = {(g["start"], g["end"]) for g in gold}
        self.strict += sum((s.start, s.end) in gold_spans for s in system)
        used: set[int] = set()
        for g in gold:
            match = next(
                (
                    i
                    for i, s in enumerate(system)
                    if i not in used and s.start < g["end"] and s.end > g["start"]
                ),
                None,
            )
            if match is None:
                if misses is not None:
                    misses.append({"miss": g["text"], "value": g["value"], "type": g["type"]})
                continue
            used.add(match)
            s = system[match]
            self.relaxed_gold += 1
            self.type_ok += s.type == g["type"]
            self.value_ok += s.value == g["value"]
            if misses is not None and s.value != g["value"]:
                misses.append({"wrong": g["text"], "gold": g["value"], "got": s.value, "rule": s.rule})
        self.relaxed_system += sum(
            any(s.start < g["end"] and s.end > g["start"] for g in gold) for s in system
        )
        if misses is not None:
            for s in system:
                if not any(s.start < g["end"] and s.end > g["start"] for g in gold):
                    misses.append({"spurious": s.value, "rule": s.rule, "start": s.start})

    def metrics(self) -> dict[str, Any]:
        def prf(tp_sys: int, tp_gold: int) -> dict[str, float]:
            p = tp_sys / self.system if self.system else 0.0
            r = tp_gold / self.gold if self.gold else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}

        matched = self.relaxed_gold
        return {
            "gold": self.gold,
            "system": self.system,
            "strict": prf(self.strict, self.strict),
            "relaxed": prf(self.relaxed_system, self.relaxed_gold),
            "type_accuracy": round(self.type_ok / matched, 4) if matched else 0.0,
            "value_accuracy": round(self.value_ok / matched, 4) if matched else 0.0,
            "type": prf(self.type_ok, self.type_ok),
            "value": prf(self.value_ok, self.value_ok),
        }


def evaluate(
    paths: list[Path], limit: int | None = None, tags: bool = True, debug: bool = False
) -> dict[str, Any]:
    """Score the tagger on TempEval-3-format files; ``limit`` documents per file; ``tags=False``
    uses the word-list tense finder instead of spaCy's tagger (faster, a little worse)."""
    nlp = None
    if tags:
        from ..analyze.nlp import get_nlp

        nlp = get_nlp()
    total = _Counts()
    per_file: dict[str, Any] = {}
    misses: list[dict[str, Any]] | None = [] if debug else None
    for path in paths:
        counts = _Counts()
        records = list(_records(path))[:limit] if limit else list(_records(path))
        texts = [r["text"] for r in records]
        if nlp is not None:
            keep = [p for p in _TAGGER_PIPES if p in nlp.pipe_names]
            with nlp.select_pipes(enable=keep):
                docs = list(nlp.pipe(texts, batch_size=16))
        else:
            docs = [None] * len(texts)
        for record, doc in zip(records, docs, strict=True):
            system = find_timexes(record["text"], _reference(record), doc=doc)
            gold = record["timexes"]
            counts.add(gold, system, misses)
            total.add(gold, system, None)
        per_file[path.name] = {"documents": len(records), **counts.metrics()}
    result: dict[str, Any] = {"task": "time", **total.metrics(), "files": per_file}
    if misses is not None:
        result["errors"] = misses
    return result
