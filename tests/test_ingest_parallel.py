"""Cleaning in worker processes (`ingest --processes N`) stores exactly what one process does."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

import pytest

from storyline.api import ingest_paths
from storyline.ingest import prepare as prepare_module
from storyline.ingest.prepare import Preparer, prepare
from storyline.ingest.readers import RawDocument
from storyline.store import Store

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "corpus"


def _stored(store: Store) -> list[tuple[Any, ...]]:
    return [
        (a.id, a.text, a.title, a.published, a.duplicate_of, [r.to_dict() for r in a.removed])
        for a in store.iter_articles()
    ]


def _ingest(path: Path, processes: int, seeds: Path) -> tuple[list[tuple[Any, ...]], dict[str, Any]]:
    with Store(path) as store:
        report = ingest_paths(store, [str(SAMPLES), str(seeds)], analyze=False, processes=processes)
        return _stored(store), report.to_dict()


def test_workers_store_what_one_process_stores(tmp_path: Path, seeds_dir: Path) -> None:
    one, one_report = _ingest(tmp_path / "one.db", 1, seeds_dir)
    two, two_report = _ingest(tmp_path / "two.db", 2, seeds_dir)
    assert len(one) > 15 and any(row[4] for row in one)  # the wire copy is marked a duplicate
    assert two == one
    assert two_report == one_report
    # A second run finds every file unchanged, with workers too.
    with Store(tmp_path / "two.db") as store:
        again = ingest_paths(store, [str(SAMPLES), str(seeds_dir)], analyze=False, processes=2)
    files = sum(1 for folder in (SAMPLES, seeds_dir) for p in folder.rglob("*") if p.is_file())
    assert again.read == 0 and again.stored == 0 and again.unchanged == one_report["unchanged"] + files


def _die(doc: RawDocument, published: str | None) -> Any:
    if "Tessvik" in doc.content:
        os.kill(os.getpid(), signal.SIGKILL)  # a worker killed mid-document never answers
    return prepare(doc, published)


def test_a_killed_worker_costs_time_not_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prepare_module, "_prepare_in_worker", _die)
    monkeypatch.setattr(prepare_module, "WAIT_SECONDS", 5.0)
    docs = [
        RawDocument(source=f"d{i}", content=f"Tessvik {i}. " + "The council met on Monday and talked. " * 20)
        if i == 3
        else RawDocument(
            source=f"d{i}", content=f"Report {i}. " + "The council met on Monday and talked. " * 20
        )
        for i in range(8)
    ]
    preparer = Preparer(2)
    try:
        out = list(preparer.map(docs))
    finally:
        preparer.close()
    assert [d.source for d, _ in out] == [d.source for d in docs]
    assert all(p is not None and p.article is not None for _, p in out)
