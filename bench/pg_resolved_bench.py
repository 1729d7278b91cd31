"""Adding 1,000 articles to a large PostgreSQL store whose base is resolved (issue 15).

    PYTHONPATH=. .venv/bin/python bench/pg_resolved_bench.py [--sizes 10000,50000,100000]
        [--chunk 10000] [--batches 10] [--batch 100] [--db URL] [--out FILE]

Without ``--db`` it starts a throwaway PostgreSQL 15 with its default durability (fsync on,
``tests/pg_support.py``) and removes it at the end. Writes bench/results/pg_100k_resolved.json,
rewritten after every step, so a run stopped part way leaves how far it got.

The volume is ``bench/stories_bench.py pipeline``'s (the stream of the 10,000-article PostgreSQL
figure in docs/stories.md#bench): the sample corpus and the seeds are ingested and analyzed once
(spaCy); the dated ones are replicated by ``storyline/replicas.py`` (new ids, each replica a year
later: published day, estimate and every TIMEX value moved on), each stored with its analysis as
``Store.add_article`` and ``Store.save_analysis`` write it.

The base is resolved through the real path: every ``--chunk`` articles added,
``api.resolve_across_articles`` runs (entities, events, dated datelines, undated windows, stories),
so the stored entities, events, windows and stories are what the incremental stages leave, in
batches of ``--chunk`` instead of 100. Each chunk's time per stage is recorded.

Measured at each of ``--sizes``: ``--batches`` batches of ``--batch`` new replicas, each batch
added (articles and items, one commit) then resolved, in a process of its own (``_add``): each
batch's seconds per stage, and the process's peak RSS (``VmHWM``). The measured articles stay in
the store (the next size's base includes them). An existing ``--db`` is continued: articles
already in it count towards the base, and its pending ones are resolved first.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pg_bench import bench_database  # noqa: E402
from stories_bench import _peak_rss_mb, _timed_stages, templates  # noqa: E402

from storyline.analyze.pipeline import ANALYSIS_VERSION  # noqa: E402
from storyline.models import Article  # noqa: E402
from storyline.replicas import replicas  # noqa: E402
from storyline.store import Store  # noqa: E402

Template = tuple[Article, dict[str, list[dict[str, Any]]]]
SOURCES = ["samples/corpus", "../shared/seeds"]


def dated_templates(cache: Path) -> list[Template]:
    """The analyzed, dated originals (kept in ``cache`` between runs: analysis needs spaCy)."""
    if cache.exists():
        return list(pickle.loads(cache.read_bytes()))
    analyzed = templates([str(ROOT / p) for p in SOURCES])
    base = [(a, items) for a, items in analyzed if a.published or (a.published_estimate or {}).get("latest")]
    cache.write_bytes(pickle.dumps(base))
    return base


def feed_from(base: list[Template], stored: int) -> Iterator[Template]:
    """The replica stream, from the ``stored``-th article on (a store is continued, not redone)."""
    feed = replicas(base, first=stored // len(base))
    for _ in range(stored % len(base)):
        next(feed)
    return feed


def add(store: Store, feed: Iterator[Template], n: int, commit_every: int = 500) -> None:
    for k in range(n):
        article, items = next(feed)
        store.begin_write()
        store.add_article(article, article.id, None)
        store.save_analysis(article.id, items, ANALYSIS_VERSION)
        if (k + 1) % commit_every == 0:
            store.commit()
    store.commit()


def add_and_resolve(
    store: Store, feed: Iterator[Template], n: int, stages: dict[str, float]
) -> tuple[float, float]:
    """Add ``n`` articles, then run the cross-article stages (their times into ``stages``):
    the seconds of each."""
    from storyline.api import resolve_across_articles

    started = time.perf_counter()
    add(store, feed, n)
    added = time.perf_counter() - started
    stages.clear()
    started = time.perf_counter()
    resolve_across_articles(store)
    return added, time.perf_counter() - started


def counts(store: Store) -> dict[str, int]:
    out = {}
    for table in ("articles", "items", "entities", "events", "event_mentions", "stories", "story_articles"):
        out[table] = int(store.conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())
    return out


def build(
    url: str,
    base: list[Template],
    size: int,
    chunk: int,
    log: list[dict[str, Any]],
    save: Any,
    until: dt.datetime | None = None,
) -> bool:
    """Grow the store to ``size`` articles, resolving after every ``chunk``; stop early (False)
    when the next chunk, at the last one's pace, would end after ``until``."""
    stages = _timed_stages()
    with Store(url) as store:
        stored = store.count_articles()
        feed = feed_from(base, stored)
        first = True
        while stored < size or first:
            n = min(chunk, size - stored) if stored < size else 0
            if until is not None and log and n:
                last = log[-1]
                pace = (last["add_seconds"] + last["resolve_seconds"]) / max(last["added"], 1)
                if dt.datetime.now(dt.UTC) + dt.timedelta(seconds=pace * n) > until:
                    print(f"stopped at {stored}: the next chunk would end after {until}", file=sys.stderr)
                    return False
            added, resolved = add_and_resolve(store, feed, n, stages)
            stored += n
            first = False
            if n or resolved > 1:
                log.append(
                    {
                        "store_articles": stored,
                        "added": n,
                        "add_seconds": round(added, 1),
                        "resolve_seconds": round(resolved, 1),
                        "stages": {k: round(v, 1) for k, v in stages.items()},
                        "peak_rss_mb": round(_peak_rss_mb(), 1),
                        "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    }
                )
                print(log[-1], file=sys.stderr, flush=True)
                save()
    return True


def measure(url: str, cache: Path, batches: int, batch: int) -> dict[str, Any]:
    """``batches`` × ``batch`` articles added and resolved in a process of its own."""
    child = subprocess.run(
        [sys.executable, __file__, "_add", url, str(cache), str(batches), str(batch)],
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(child.stdout.strip().splitlines()[-1]))


def _add(url: str, cache: Path, batches: int, batch: int) -> dict[str, Any]:
    import storyline.api
    import storyline.resolve
    import storyline.stories
    import storyline.stories.datelines
    import storyline.stories.timeline  # noqa: F401

    base = list(pickle.loads(cache.read_bytes()))
    stages = _timed_stages()
    rows = []
    with Store(url) as store:
        stored = store.count_articles()
        feed = feed_from(base, stored)
        rss_opened = _peak_rss_mb()
        for _ in range(batches):
            added, resolved = add_and_resolve(store, feed, batch, stages)
            rows.append(
                {
                    "add_seconds": round(added, 2),
                    "resolve_seconds": round(resolved, 2),
                    "total_seconds": round(added + resolved, 2),
                    "stages": {k: round(v, 2) for k, v in stages.items()},
                    "peak_rss_mb": round(_peak_rss_mb(), 1),
                    "load_average": round(os.getloadavg()[0], 1),  # the machine is shared
                }
            )
            print(rows[-1], file=sys.stderr, flush=True)
    return {
        "base_articles": stored,
        "batches": rows,
        "rss_after_imports_mb": round(rss_opened, 1),
        "max_rss_mb": round(_peak_rss_mb(), 1),
    }


def summary(batches: list[dict[str, Any]]) -> dict[str, Any]:
    """Totals and means per stage over the batches, and the first and last batch side by side."""
    stage_names = sorted({k for b in batches for k in b["stages"]})
    n = len(batches)
    return {
        "total_seconds": round(sum(b["total_seconds"] for b in batches), 1),
        "mean_batch_seconds": round(sum(b["total_seconds"] for b in batches) / n, 2),
        "mean_add_seconds": round(sum(b["add_seconds"] for b in batches) / n, 2),
        "mean_stage_seconds": {
            s: round(sum(b["stages"].get(s, 0.0) for b in batches) / n, 2) for s in stage_names
        },
        "median_batch_seconds": round(statistics.median(b["total_seconds"] for b in batches), 2),
        "min_batch_seconds": min(b["total_seconds"] for b in batches),
        "max_batch_seconds": max(b["total_seconds"] for b in batches),
        "first_batch_seconds": batches[0]["total_seconds"],
        "last_batch_seconds": batches[-1]["total_seconds"],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,50000,100000")
    parser.add_argument("--chunk", type=int, default=10_000)
    parser.add_argument("--batches", type=int, default=10)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument(
        "--db", help="a PostgreSQL database, new or a store to continue (default: a throwaway server)"
    )
    parser.add_argument(
        "--templates", default=str(Path(tempfile.gettempdir()) / "storyline-bench-templates.pickle")
    )
    parser.add_argument(
        "--until", help="UTC time (ISO): stop building when the next chunk would end later, and measure"
    )
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "pg_100k_resolved.json"))
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    cache = Path(args.templates)
    base = dated_templates(cache)
    server, url = bench_database(args.db)
    build_log: list[dict[str, Any]] = []
    result: dict[str, Any] = {
        "store": "postgresql 15, fsync on",
        "templates": len(base),
        "template_items": sum(len(rows) for _, items in base for rows in items.values()),
        "sources": SOURCES,
        "chunk": args.chunk,
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "build": build_log,
        "sizes": [],
    }

    def save() -> None:
        Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")

    try:
        until = dt.datetime.fromisoformat(args.until).replace(tzinfo=dt.UTC) if args.until else None
        for size in sizes:
            reached = build(url, base, size, args.chunk, build_log, save, until)
            result["stopped_early"] = not reached
            measured = measure(url, cache, args.batches, args.batch)
            measured |= summary(measured["batches"])
            with Store(url) as store:
                measured["after"] = counts(store)
                bytes_ = store.conn.execute(
                    sa.text("SELECT pg_database_size(current_database())")
                ).scalar_one()
                measured["database_mb"] = round(int(bytes_) / 2**20)
            measured["measured"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            result["sizes"].append(measured)
            print({k: v for k, v in measured.items() if k != "batches"}, file=sys.stderr, flush=True)
            save()
            if not reached:
                break
    finally:
        if server is not None:
            server.stop()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "_add":
        print(json.dumps(_add(sys.argv[2], Path(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))))
        sys.exit(0)
    main()
