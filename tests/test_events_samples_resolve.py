"""Canonical events on the sample corpus we wrote, against the events samples/gold_events.json
names: the mentions of the Port Callis summit (26) and of the foreign ministers' preparatory
meeting (5) across its articles. B³ over those mentions (each found mention's canonical event
against its gold event; mentions the gold leaves unnamed are not scored). Floors are set just
below what was measured when they were added; they may only go up.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from .conftest import SAMPLES

pytestmark = pytest.mark.model

Item = dict[str, Any]
# Measured 2026-12-07: P 0.923, R 0.488, F1 0.638 (before participants by office, countries
# standing for their people, "the two leaders" and bare mentions named by their word, in the
# same session: P 0.878, R 0.157, F1 0.266). These rules were written looking at this corpus.
# Then (definite mentions named by their article, "their meeting" of office holders, "the
# ministers" as any ministers): P 1.000, R 0.616, F1 0.762.
# Then a country acting ("Valdoria called off the summit") as its people: P 1.000, R 0.715,
# F1 0.834.
FLOORS = {"precision": 0.99, "recall": 0.71, "f1": 0.83}
# Over every gold mention, the ones the gold leaves unnamed each an event of its own (so a meeting
# of residents joined to the ministers' meeting costs precision): P 0.863, R 0.802, F1 0.831
# (before the three rules above: P 0.807, R 0.735, F1 0.769); then groups ("residents",
# "experts") as participants: P 0.871, R 0.800, F1 0.834 (named: R 0.613, F1 0.760).
# Then offices as blocks ("the foreign ministers would meet", no place or date, is found by the
# ministers named in other papers): named P 1.000, R 0.665, F1 0.799; every mention P 0.871,
# R 0.827, F1 0.848. Then an infinitive after an object done by the indirect object ("give
# experts time to meet again" is the experts' meeting, not the summit): every mention P 0.902,
# R 0.827, F1 0.863 (named unchanged). Then a country acting for its people: P 0.902, R 0.853,
# F1 0.876.
ALL_FLOORS = {"precision": 0.89, "recall": 0.85, "f1": 0.87}


def _located(store: Any, every: bool = False) -> list[tuple[str, str, str | None, int, int]]:
    """(gold event, article id, our event id, start, end) for every gold mention naming an event
    (``every``: every gold mention)."""
    from storyline.store.events import load_events

    gold = json.loads((SAMPLES / "gold_events.json").read_text(encoding="utf-8"))["articles"]
    by_source = {}
    for article in store.iter_articles(include_duplicates=False):
        source = str(article.source or "").replace("\\", "/")
        by_source[source.split("samples/", 1)[-1]] = article
    event_of = {
        (str(m["article"]), int(m["start"])): e["id"] for e in load_events(store) for m in e["mentions"]
    }
    out = []
    for entry in gold:
        key = entry["file"] + (f"#{entry['record']}" if entry["record"] else "")
        article = by_source.get(key)
        if article is None:  # a copy: its mentions are its original's
            continue
        for mention in entry["events"]:
            if not mention.get("event") and not every:
                continue
            where = article.text.find(mention["sentence"])
            assert where >= 0, (key, mention["sentence"])
            start = article.text.find(mention["trigger"], where, where + len(mention["sentence"]))
            if start < 0:  # the trigger is outside the annotated phrase, in its sentence
                start = article.text.rfind(mention["trigger"], 0, where)
            out.append(
                (
                    mention.get("event") or f"{key}:{start}",  # unnamed: an event of its own
                    article.id,
                    event_of.get((article.id, start)),
                    start,
                    start + len(mention["trigger"]),
                )
            )
    return out


def b_cubed(pairs: list[tuple[str, str | None]]) -> dict[str, float]:
    """B³ of (gold cluster, our cluster) per mention; a mention we did not find is a singleton."""
    ours = [o if o is not None else f"missing:{i}" for i, (_, o) in enumerate(pairs)]
    by_gold, by_ours = defaultdict(set), defaultdict(set)
    for i, ((g, _), o) in enumerate(zip(pairs, ours, strict=True)):
        by_gold[g].add(i)
        by_ours[o].add(i)
    precision = recall = 0.0
    for (g, _), o in zip(pairs, ours, strict=True):
        shared = len(by_gold[g] & by_ours[o])
        precision += shared / len(by_ours[o])
        recall += shared / len(by_gold[g])
    p, r = precision / len(pairs), recall / len(pairs)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def test_sample_corpus_events_join_across_articles(samples_db: Path) -> None:
    from storyline.store import Store

    with Store(samples_db) as store:
        located = _located(store)
    assert len(located) >= 25
    scores = b_cubed([(g, ours) for g, _a, ours, _s, _e in located])
    print("sample corpus canonical events B3:", {k: round(v, 3) for k, v in scores.items()})
    for name, floor in FLOORS.items():
        assert scores[name] >= floor, (name, scores)


def test_sample_corpus_events_keep_other_events_out(samples_db: Path) -> None:
    from storyline.store import Store

    with Store(samples_db) as store:
        located = _located(store, every=True)
    assert len(located) >= 55
    scores = b_cubed([(g, ours) for g, _a, ours, _s, _e in located])
    print(
        "sample corpus canonical events B3, every gold mention:", {k: round(v, 3) for k, v in scores.items()}
    )
    for name, floor in ALL_FLOORS.items():
        assert scores[name] >= floor, (name, scores)
