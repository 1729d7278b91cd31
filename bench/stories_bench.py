"""Bench: time and peak memory to add 100 articles to stores of N articles (story grouping).

Synthetic stream: Timeline17 articles replicated with new ids and dates shifted by 400 days per
replica (so each replica is a new run of the same kinds of stories, with realistic term
distributions); pseudo-entities are the capitalized word sequences of each article. The store is
filled through the same incremental path (``assign_article`` over ``SqliteIndex``), and at each
size the next 100 articles are timed and their peak traced memory measured.

    PYTHONPATH=$PWD python bench/stories_bench.py ../shared/data/timeline17/articles.jsonl 10000,20000
Results go to bench/results/stories.json (and are copied by hand into docs/stories.md).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

from storyline.store import Store
from storyline.store.stories import SqliteIndex
from storyline.stories.grouping import ArticleFeatures, assign_article, features

_NAME = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)*")


def stream(source: Path) -> Iterator[ArticleFeatures]:
    records = [json.loads(line) for line in source.open(encoding="utf-8") if line.strip()]
    replica = 0
    while True:
        for rec in records:
            day = dt.date.fromisoformat(rec["date"][:10]) + dt.timedelta(days=400 * replica)
            names = {m.lower() for m in _NAME.findall(rec["text"]) if " " in m}
            yield features(f"r{replica}-{rec['id']}", rec["text"], entities=names, day=day)
        replica += 1


def main(source: Path, sizes: list[int], out: Path) -> dict[str, object]:
    results: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        index = SqliteIndex(store)
        feed = stream(source)
        filled = 0
        fill_started = time.perf_counter()
        for size in sizes:
            while filled < size:
                assign_article(index, next(feed))
                filled += 1
                if filled % 500 == 0:
                    store.commit()
                    index.clear_cache()  # memory stays flat: stories are read back from the store
                    print(
                        f"filled {filled} ({time.perf_counter() - fill_started:.0f} s)",
                        file=sys.stderr,
                        flush=True,
                    )
            store.commit()
            index.clear_cache()
            batch = [next(feed) for _ in range(100)]
            tracemalloc.start()
            started = time.perf_counter()
            for art in batch:
                assign_article(index, art)
            store.commit()
            seconds = time.perf_counter() - started
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            index.clear_cache()
            filled += 100
            stories = store.conn.exec_driver_sql("SELECT count(*) FROM stories").fetchone()[0]
            results.append(
                {
                    "store_articles": size,
                    "stories": stories,
                    "add_100_seconds": round(seconds, 2),
                    "add_100_peak_traced_mb": round(peak / 1e6, 1),
                    "process_max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                }
            )
            print(results[-1], file=sys.stderr, flush=True)
        store.close()
    doc: dict[str, object] = {"source": str(source), "results": results}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    return doc


if __name__ == "__main__":
    src = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/timeline17/articles.jsonl")
    wanted = [int(s) for s in (sys.argv[2] if len(sys.argv) > 2 else "10000,20000").split(",")]
    target = Path(sys.argv[3] if len(sys.argv) > 3 else "bench/results/stories.json")
    print(json.dumps(main(src, wanted, target), indent=2))
