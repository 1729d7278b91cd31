"""Benchmarks: speed and peak memory of ingest+clean and of analysis, written to bench/results.

Each measurement runs in a fresh child process so its peak memory (ru_maxrss) is its own.
Tests never assert on these numbers; they are written down in docs/benchmarks.md.
"""

from __future__ import annotations

import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .errors import EvaluationError


def _write_corpus(source: Path, n: int, dest: Path) -> int:
    """The first ``n`` dated articles of a Timeline17-style JSONL as storyline JSONL input."""
    count = 0
    with source.open(encoding="utf-8") as fin, dest.open("w", encoding="utf-8") as fout:
        for line in fin:
            if count >= n:
                break
            rec = json.loads(line)
            fout.write(
                json.dumps({"id": rec.get("id"), "text": rec["text"], "published": rec.get("date")}) + "\n"
            )
            count += 1
    return count


_CHILD = """
import json, resource, sys, time
from storyline.api import ingest_paths, analyze_pending
from storyline.store import Store
path, db, phase, processes = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
with Store(db) as store:
    t = time.perf_counter()
    if phase == "ingest":
        report = ingest_paths(store, [path], analyze=False)
        n = report.stored
    else:
        n = analyze_pending(store, processes=processes)
    seconds = time.perf_counter() - t
peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"articles": n, "seconds": seconds, "peak_rss_mb": round(max(peak_self, peak_children) / 1024, 1)}))
"""


def _child(path: Path, db: Path, phase: str, processes: int = 1) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), str(db), phase, str(processes)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    result["articles_per_s"] = round(result["articles"] / result["seconds"], 2) if result["seconds"] else None
    result["seconds"] = round(result["seconds"], 2)
    return result


def run_bench(
    source: Path,
    sizes: list[int],
    analyze_sizes: list[int] | None = None,
    processes: list[int] | None = None,
) -> dict[str, Any]:
    """Ingest+clean at each size (fresh database each), then analysis on the smaller sizes."""
    if not source.exists():
        raise EvaluationError(
            f"{source}: benchmark corpus not found (Timeline17 articles.jsonl)", code="E320"
        )
    results: dict[str, Any] = {
        "corpus": str(source),
        "machine": {"python": platform.python_version(), "cpu": platform.processor() or platform.machine()},
        "when": time.strftime("%Y-%m-%d %H:%M"),
        "ingest": [],
        "analyze": [],
    }
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            corpus = Path(tmp) / f"corpus{n}.jsonl"
            got = _write_corpus(source, n, corpus)
            db = Path(tmp) / f"ingest{n}.db"
            row = _child(corpus, db, "ingest")
            row["size"] = got
            row["words"] = sum(len(json.loads(ln)["text"].split()) for ln in corpus.open(encoding="utf-8"))
            row["words_per_s"] = round(row["words"] / row["seconds"]) if row["seconds"] else None
            results["ingest"].append(row)
        for n in analyze_sizes or []:
            corpus = Path(tmp) / f"corpus_a{n}.jsonl"
            got = _write_corpus(source, n, corpus)
            for procs in processes or [1, 2]:
                db = Path(tmp) / f"analyze{n}_{procs}.db"
                _child(corpus, db, "ingest")
                row = _child(corpus, db, "analyze", procs)
                row.update(size=got, processes=procs)
                results["analyze"].append(row)
    ingest = results["ingest"]
    if len(ingest) >= 2:
        first, last = ingest[0], ingest[-1]
        # Linear growth keeps the time per word flat (articles differ a lot in length).
        results["ingest_seconds_per_word_ratio_last_vs_first"] = round(
            (last["seconds"] / last["words"]) / (first["seconds"] / first["words"]), 3
        )
    return results
