"""Timeline17 analysis throughput, side by side in one run: 1 process, 2 processes, Spark local[2].

    PYTHONPATH=. .venv/bin/python bench/spark_bench.py [N]   (default 100 articles)

Writes bench/results/spark.json. Reads ../shared/data/timeline17 at run time.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from storyline.api import ingest_paths
from storyline.spark import analyze_to_parquet, load_parquet
from storyline.spark.job import spark_session
from storyline.store import Store

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT.parent / "shared" / "data" / "timeline17" / "articles.jsonl"


def main(n: int) -> dict[str, object]:
    if not ARTICLES.exists():
        raise SystemExit(f"{ARTICLES} is absent")
    tmp = Path(tempfile.mkdtemp(prefix="spark-bench-"))
    corpus = tmp / "t17.jsonl"
    with ARTICLES.open(encoding="utf-8") as fh, corpus.open("w", encoding="utf-8") as out:
        for i, line in enumerate(fh):
            if i >= n:
                break
            r = json.loads(line)
            out.write(json.dumps({"id": r["id"], "text": r["text"], "published": r["date"]}) + "\n")
    words = sum(len(json.loads(line)["text"].split()) for line in corpus.open(encoding="utf-8"))
    result: dict[str, object] = {"articles": n, "words": words}
    for processes in (1, 2):
        t0 = time.perf_counter()
        with Store(tmp / f"p{processes}.db") as store:
            ingest_paths(store, [str(corpus)], processes=processes)
        seconds = time.perf_counter() - t0
        result[f"ingest_{processes}_process"] = {
            "seconds": round(seconds, 1),
            "articles_per_s": round(n / seconds, 2),
        }
    session = spark_session("local[2]")
    t0 = time.perf_counter()
    analyze_to_parquet([str(corpus)], str(tmp / "parquet"), session=session, partitions=8)
    with Store(tmp / "spark.db") as store:
        load_parquet(store, tmp / "parquet")
    seconds = time.perf_counter() - t0
    session.stop()
    result["spark_local2_analyze_and_load"] = {
        "seconds": round(seconds, 1),
        "articles_per_s": round(n / seconds, 2),
    }
    return result


if __name__ == "__main__":
    figures = main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
    out = ROOT / "bench" / "results" / "spark.json"
    out.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=1))
