"""Crash trials: SIGKILL `storyline ingest` (and `storyline analyze`) at random moments, re-run,
and check the store: ``PRAGMA integrity_check`` is ok and the export equals an uninterrupted run's.

    PYTHONPATH=$PWD python scripts/crash_trials.py --trials 20 [--corpus samples/corpus] [--seed 1]

Each trial kills one phase: even trials kill an `ingest` (with analysis), odd trials ingest with
--no-analyze and kill the `analyze` that follows. The kill time is uniform over the phase's
uninterrupted duration (10%..95%: before that only imports run). ``ingested`` (the day the store first held an article) is left out of
the comparison, so a trial may cross midnight UTC. Results are printed as one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def storyline(db: Path, *args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "storyline", "--db", str(db), *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def run(db: Path, *args: str) -> float:
    started = time.monotonic()
    storyline(db, *args).wait()
    return time.monotonic() - started


def export(db: Path) -> Any:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-m", "storyline", "--db", str(db), "export"],
        env=env,
        capture_output=True,
        check=True,
    ).stdout
    doc = json.loads(out)
    for article in doc["articles"]:
        article.pop("ingested", None)
    return doc


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def kill_after(proc: subprocess.Popen[bytes], seconds: float) -> bool:
    """SIGKILL ``proc`` after ``seconds``; whether it was still running."""
    try:
        proc.wait(timeout=seconds)
        return False
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return True


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--corpus", default=str(ROOT / "samples" / "corpus"))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rnd = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        ref = work / "ref.db"
        ingest_seconds = run(ref, "ingest", "-q", args.corpus)
        expected = export(ref)
        split = work / "split.db"
        run(split, "ingest", "-q", "--no-analyze", args.corpus)
        analyze_seconds = run(split, "analyze")
        results = []
        for trial in range(args.trials):
            db = work / f"trial{trial}.db"
            if trial % 2 == 0:
                phase, at = "ingest", rnd.uniform(0.1, 0.95) * ingest_seconds
                killed = kill_after(storyline(db, "ingest", "-q", args.corpus), at)
            else:
                phase, at = "analyze", rnd.uniform(0.1, 0.9) * analyze_seconds
                run(db, "ingest", "-q", "--no-analyze", args.corpus)
                killed = kill_after(storyline(db, "analyze"), at)
            after_kill = integrity(db) if db.exists() else "ok (no file yet)"
            run(db, "ingest", "-q", args.corpus)  # the re-run: ingests and analyzes what is missing
            same = export(db) == expected
            results.append(
                {
                    "trial": trial,
                    "phase": phase,
                    "kill_at_s": round(at, 2),
                    "killed": killed,
                    "integrity_after_kill": after_kill,
                    "integrity_after_rerun": integrity(db),
                    "export_equal": same,
                }
            )
            print(json.dumps(results[-1]), file=sys.stderr, flush=True)
        survived = sum(
            1
            for r in results
            if r["export_equal"]
            and r["integrity_after_rerun"] == "ok"
            and r["integrity_after_kill"].startswith("ok")
        )
        print(
            json.dumps(
                {
                    "trials": len(results),
                    "killed": sum(1 for r in results if r["killed"]),
                    "survived": survived,
                    "ingest_seconds": round(ingest_seconds, 1),
                    "analyze_seconds": round(analyze_seconds, 1),
                }
            )
        )


if __name__ == "__main__":
    main()
