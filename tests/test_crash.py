"""Crash trials in CI (issue 10): SIGKILL an ingest and an analysis mid-way, re-run, and the
store is intact and exports exactly what an uninterrupted run exports. scripts/crash_trials.py
runs many more trials at random moments."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from storyline.api import export_document, ingest_paths
from storyline.store import Store

ROOT = Path(__file__).resolve().parent.parent


def _export(db: Path) -> dict[str, Any]:
    with Store(db) as store:
        doc = export_document(store)
    for article in doc["articles"]:
        article.pop("ingested")  # the day of the run: a trial may cross midnight UTC
    return doc


def _count(db: Path, sql: str) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=1) as conn:
            return int(conn.execute(sql).fetchone()[0])
    except sqlite3.Error:
        return 0


def _kill_when(db: Path, args: list[str], sql: str) -> int:
    """Start storyline, SIGKILL it as soon as ``sql`` counts one row; that count after the kill."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "storyline", "--db", str(db), *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 240
    while proc.poll() is None and time.monotonic() < deadline and _count(db, sql) < 1:
        time.sleep(0.05)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    return _count(db, sql)


@pytest.mark.model
def test_sigkill_during_ingest_and_during_analysis_then_rerun_exports_the_same(
    samples_dir: Path, tmp_path: Path
) -> None:
    reference = tmp_path / "ref.db"
    with Store(reference) as store:
        ingest_paths(store, [str(samples_dir)], processes=1)
    expected = _export(reference)
    total = len(expected["articles"])

    killed_ingest = tmp_path / "ingest.db"
    stored = _kill_when(killed_ingest, ["ingest", "-q", str(samples_dir)], "SELECT count(*) FROM articles")
    killed_analysis = tmp_path / "analysis.db"
    with Store(killed_analysis) as store:
        ingest_paths(store, [str(samples_dir)], analyze=False)
    analyzed = _kill_when(
        killed_analysis,
        ["analyze", "--processes", "1"],
        "SELECT count(*) FROM articles WHERE analysis_version > 0",
    )
    assert 1 <= stored <= total and analyzed >= 1  # killed mid-way; per-article commits were kept

    for db in (killed_ingest, killed_analysis):
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        with Store(db) as store:
            ingest_paths(store, [str(samples_dir)], processes=1)
        assert _export(db) == expected
