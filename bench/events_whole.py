"""Bench: the whole event resolution (``resolve_events`` from nothing) over a store of N articles.

    PYTHONPATH=$PWD python bench/events_whole.py 10000 [--profile FILE] [--out bench/results/events_whole.json]

The store is filled as in ``bench/stories_bench.py pipeline``: the sample corpus and the seeds are
analyzed once, their dated articles replicated with new ids (each replica a year later). Entities
are resolved first (untimed), then the events from scratch, as after an override or a
re-analysis. With ``--profile`` (pyinstrument installed) its report goes to FILE. To compare two
versions, run this from each checkout one after the other (``docs/events_resolve.md``).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from stories_bench import templates  # noqa: E402

from storyline.analyze.pipeline import ANALYSIS_VERSION  # noqa: E402
from storyline.replicas import replicas  # noqa: E402
from storyline.store import Store  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("articles", type=int)
    parser.add_argument("--profile")
    parser.add_argument("--out", default=str(ROOT / "bench/results/events_whole.json"))
    args = parser.parse_args()
    import storyline.resolve as resolve

    analyzed = templates([str(ROOT / "samples/corpus"), str(ROOT.parent / "shared/seeds")])
    base = [(a, i) for a, i in analyzed if a.published or (a.published_estimate or {}).get("latest")]
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.db") as store:
        feed = replicas(base)
        for _ in range(args.articles):
            article, items = next(feed)
            store.add_article(article, article.id, None)
            store.save_analysis(article.id, items, ANALYSIS_VERSION)
        store.commit()
        resolve.resolve_entities(store)
        profiler = None
        if args.profile:
            from pyinstrument import Profiler  # not a dependency

            profiler = Profiler()
            profiler.start()
        started = time.perf_counter()
        events = resolve.resolve_events(store)
        seconds = time.perf_counter() - started
        if profiler is not None:
            profiler.stop()
            Path(args.profile).write_text(
                profiler.output_text(unicode=True, show_all=False), encoding="utf-8"
            )
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    result = {
        "articles": args.articles,
        "events": events,
        "whole_resolve_events_seconds": round(seconds, 2),
        "profiled": bool(args.profile),
        "commit": commit.stdout.strip(),
        "when": time.strftime("%Y-%m-%d %H:%M"),
    }
    print(json.dumps(result))
    out = Path(args.out)
    previous = json.loads(out.read_text()) if out.exists() else []
    out.write_text(json.dumps([*previous, result], indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
