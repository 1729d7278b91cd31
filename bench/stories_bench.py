"""Bench: time and peak memory to add 100 articles to stores of N articles.

Two benches. ``grouping`` (the default) times story grouping alone; ``pipeline`` times the whole
cross-article stage, ``api.resolve_across_articles`` (entities, events, undated windows,
stories), per stage.

``pipeline``: the sample corpus and the seeds are ingested and analyzed once (spaCy), then their
stored analyses are replicated with new ids into a store of N articles, each replica its years
shifted by one more (the published date and every time value in the analyses: a replica is the
same kind of story a year later, not another report of the same events); ``resolve_across_articles`` runs once over it (the full run, timed), then 100 more
replicated articles are added and ``resolve_across_articles`` is timed again (untraced; memory is
the process's peak RSS before and after); then 100 more are added and resolved in a process of
their own (``next_100_own_process``: its time, stages and peak RSS, the step's memory alone).

    PYTHONPATH=$PWD python bench/stories_bench.py pipeline samples/corpus,../shared/seeds 10000,20000

With ``STORYLINE_BENCH_DB=postgresql`` the store is a database on a throwaway PostgreSQL 15
(``tests/pg_support.py``; a ``postgresql://`` URL uses that server instead).
With ``STORYLINE_BENCH_PROFILE=DIR`` (and pyinstrument installed) the timed add of 100 is
profiled too, its report written to DIR/add_100_at_N.txt (profiling slows it).
With ``STORYLINE_BENCH_KEEP=DIR`` (SQLite) the store of each size is kept as DIR/pending_N.db, its
last 100 articles not yet resolved; ``step`` then runs that step again, on a copy, in a process of
its own (time and peak RSS per stage, SQLite's own peak; with TOP, tracemalloc's TOP largest
allocations near each stage's peak, by traceback; tracing slows the step ~25 times):

    PYTHONPATH=$PWD python bench/stories_bench.py step DIR/pending_20000.db [TOP]

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
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from storyline.models import Article
from storyline.replicas import replicas
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


def templates(paths: list[str]) -> list[tuple[Article, dict[str, list[dict[str, Any]]]]]:
    """Analyzed articles (non-duplicates) with their stored items by kind."""
    from storyline.api import ingest_paths

    out = []
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "t.db") as store:
        ingest_paths(store, paths)
        kinds = [r[0] for r in store.conn.execute(sa.text("SELECT DISTINCT kind FROM items"))]
        for article in store.iter_articles(include_duplicates=False):
            out.append((article, {k: store.items(k, article.id) for k in kinds}))
    return out


_STAGE_RSS: dict[str, float] = {}


def _timed_stages() -> dict[str, float]:
    """Wrap the stages resolve_across_articles calls so each one's time is recorded."""
    import storyline.api as api
    import storyline.resolve as resolve
    import storyline.stories as stories

    seconds: dict[str, float] = {}

    def timed(module: Any, name: str) -> None:
        original = getattr(module, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            if _TRACER is not None:
                _TRACER.enter(name)
            try:
                return original(*args, **kwargs)
            finally:
                seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - started
                if _TRACER is not None:
                    _TRACER.leave(name)
                _STAGE_RSS[name] = _peak_rss_mb()  # the process's peak so far, after this stage

        setattr(module, name, wrapper)

    timed(resolve, "resolve_entities")
    timed(resolve, "resolve_events")
    timed(api, "narrow_undated_windows")
    timed(stories, "group_pending")
    return seconds


def _profiler() -> Any:
    from pyinstrument import Profiler  # not a dependency: `pip install pyinstrument` to profile

    profiler = Profiler()
    profiler.start()
    return profiler


def pipeline(paths: list[str], sizes: list[int], out: Path) -> dict[str, object]:

    analyzed = templates(paths)
    # A stream of dated articles (feeds, crawls and archives carry dates): an undated article's
    # reports have no day, so the resolution after it is a whole one (docs/events_resolve.md).
    base = [(a, items) for a, items in analyzed if a.published or (a.published_estimate or {}).get("latest")]
    server = None
    url = os.environ.get("STORYLINE_BENCH_DB")  # "postgresql": a throwaway PostgreSQL 15
    if url == "postgresql":
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from tests.pg_support import start_server

        server, reason = start_server(durable=True)  # fsync on: commits cost what they cost
        if server is None:
            raise SystemExit(f"no PostgreSQL: {reason}")
        url = server.create_database()
    try:
        return _pipeline(base, analyzed, paths, sizes, out, url)
    finally:
        if server is not None:
            server.stop()


def _pipeline(
    base: list[tuple[Article, dict[str, list[dict[str, Any]]]]],
    analyzed: list[tuple[Article, dict[str, list[dict[str, Any]]]]],
    paths: list[str],
    sizes: list[int],
    out: Path,
    url: str | None,
) -> dict[str, object]:
    from storyline.analyze.pipeline import ANALYSIS_VERSION
    from storyline.api import resolve_across_articles

    stages = _timed_stages()
    results: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp, Store(url or Path(tmp) / "bench.db") as store:
        feed = replicas(base)
        filled = 0

        def add(n: int) -> None:
            for _ in range(n):
                article, items = next(feed)
                store.add_article(article, article.id, None)
                store.save_analysis(article.id, items, ANALYSIS_VERSION)
            store.commit()

        for size in sizes:
            add(size - filled)
            filled = size
            stages.clear()
            started = time.perf_counter()
            resolve_across_articles(store)
            full = time.perf_counter() - started
            full_stages = {k: round(v, 2) for k, v in stages.items()}
            add(100)
            filled += 100
            stages.clear()
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            profile = os.environ.get("STORYLINE_BENCH_PROFILE")  # a folder: pyinstrument reports
            profiler = _profiler() if profile else None
            started = time.perf_counter()
            resolve_across_articles(store)  # not traced: tracemalloc slows Python-heavy code several times
            seconds = time.perf_counter() - started
            if profiler is not None and profile:
                profiler.stop()
                Path(profile).mkdir(parents=True, exist_ok=True)
                text = profiler.output_text(unicode=True, show_all=False)
                (Path(profile) / f"add_100_at_{size}.txt").write_text(text, encoding="utf-8")
            in_process = {k: round(v, 2) for k, v in stages.items()}
            # The next 100 in a process of their own: its peak RSS is the step's memory alone
            # (imports included), not the full run's that this process carries.
            add(100)
            filled += 100
            target = url or str(Path(tmp) / "bench.db")
            keep = os.environ.get("STORYLINE_BENCH_KEEP")  # a folder: keep the store, 100 pending
            if keep and not url:
                _keep(store, Path(keep) / f"pending_{size}.db")
            child = subprocess.run(
                [sys.executable, __file__, "_step", target], capture_output=True, text=True, check=True
            )
            results.append(
                {
                    "store_articles": size,
                    "full_resolve_seconds": round(full, 2),
                    "full_resolve_stages": full_stages,
                    "add_100_seconds": round(seconds, 2),
                    "add_100_stages": in_process,
                    "max_rss_before_add_100_mb": round(rss_before, 1),
                    "process_max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                    "next_100_own_process": json.loads(child.stdout.strip().splitlines()[-1]),
                }
            )
            print(results[-1], file=sys.stderr, flush=True)
    doc: dict[str, object] = {
        "store": "postgresql" if url else "sqlite",
        "templates": len(base),
        "undated_left_out": len(analyzed) - len(base),
        "sources": paths,
        "results": results,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    return doc


def _step(target: str, trace: int = 0) -> dict[str, object]:
    """One ``resolve_across_articles`` over the store at ``target``, in this process (its
    modules imported first: the time and memory are the step's, after a process's start-up).
    With ``trace``: tracemalloc's peak and its ``trace`` top allocations near it."""
    import storyline.resolve
    import storyline.stories
    import storyline.stories.datelines
    import storyline.stories.timeline  # noqa: F401
    from storyline.api import resolve_across_articles

    stages = _timed_stages()
    with Store(target if "://" in target else Path(target)) as store:
        rss_opened = _peak_rss_mb()
        global _TRACER
        traced = _TRACER = _PeakSnapshots() if trace else None
        started = time.perf_counter()
        resolve_across_articles(store)
        seconds = time.perf_counter() - started
    out: dict[str, object] = {
        "seconds": round(seconds, 2),
        "stages": {k: round(v, 2) for k, v in stages.items()},
        "stage_peak_rss_mb": {k: round(v, 1) for k, v in _STAGE_RSS.items()},
        "rss_after_imports_mb": round(rss_opened, 1),
        "max_rss_mb": round(_peak_rss_mb(), 1),
        "sqlite_peak_mb": _sqlite_peak_mb(),
    }
    if traced is not None:
        out.update(traced.report(trace))
    return out


def _keep(store: Store, path: Path) -> None:
    """A copy of the SQLite store (its 100 added articles not yet resolved), for ``step``."""
    import sqlite3

    store.commit()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    source = sqlite3.connect(str(store.path))
    try:
        with sqlite3.connect(str(path)) as copy:
            source.backup(copy)
        copy.close()
    finally:
        source.close()


def step(kept: Path, trace: int = 0) -> dict[str, object]:
    """The step of a kept store (``STORYLINE_BENCH_KEEP``) in a process of its own, on a copy
    (the kept store stays pending). With ``trace`` > 0, also tracemalloc's peak and its top
    ``trace`` allocations by traceback (tracemalloc slows the step several times)."""
    import shutil

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "step.db"
        shutil.copyfile(kept, copy)
        args = [sys.executable, __file__, "_step", str(copy)] + ([str(trace)] if trace else [])
        child = subprocess.run(args, capture_output=True, text=True, check=True)
        return dict(json.loads(child.stdout.strip().splitlines()[-1]))


class _PeakSnapshots:
    """tracemalloc snapshots near each stage's traced peak: a thread polls the traced size and
    takes a snapshot whenever it passes the stage's largest one by a few MB."""

    def __init__(self, frames: int = 25) -> None:
        import threading

        self.stage = "start"
        self.best: dict[str, tracemalloc.Snapshot] = {}
        self.best_size: dict[str, int] = {}
        self.peaks: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        tracemalloc.start(frames)
        self._thread.start()

    def enter(self, stage: str) -> None:
        tracemalloc.reset_peak()
        self.stage = stage

    def leave(self, stage: str) -> None:
        self.peaks[stage] = max(self.peaks.get(stage, 0), tracemalloc.get_traced_memory()[1])

    def _poll(self) -> None:
        while not self._stop.wait(0.02):
            stage, current = self.stage, tracemalloc.get_traced_memory()[0]
            if current > self.best_size.get(stage, 0) + 4 * 2**20:
                self.best[stage] = tracemalloc.take_snapshot()
                self.best_size[stage] = current

    def report(self, top: int) -> dict[str, object]:
        self._stop.set()
        self._thread.join()
        tracemalloc.stop()
        out: dict[str, object] = {"traced_peak_mb": {k: round(v / 2**20, 1) for k, v in self.peaks.items()}}
        ours = "/storyline/"  # the package's frames, wherever it is imported from
        for stage, best in self.best.items():
            snapshot = best.filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)])
            tracebacks = []
            for st in snapshot.statistics("traceback")[:top]:
                recent = list(reversed(st.traceback))  # the allocating frame first
                frames = [f"{f.filename.rsplit('/', 2)[-1]}:{f.lineno}" for f in recent if ours in f.filename]
                where = f"{recent[0].filename.rsplit('/', 2)[-1]}:{recent[0].lineno}"
                frames = list(dict.fromkeys(frames))  # a comprehension repeats its line
                tracebacks.append(
                    f"{st.size / 2**20:.1f} MB {st.count} blocks at {where} <- " + " <- ".join(frames[:7])
                )
            out[f"snapshot_{stage}"] = {
                "traced_mb": round(self.best_size[stage] / 2**20, 1),
                "top": tracebacks,
            }
        return out


_TRACER: _PeakSnapshots | None = None


def _sqlite_peak_mb() -> float | None:
    """SQLite's own allocations at their highest (its page caches, statements), which
    tracemalloc does not see; None when the library cannot be asked."""
    import ctypes

    try:
        lib = ctypes.CDLL("libsqlite3.so.0")
    except OSError:
        return None
    lib.sqlite3_memory_highwater.restype = ctypes.c_int64
    return round(lib.sqlite3_memory_highwater(0) / 2**20, 1)


def _peak_rss_mb() -> float:
    # VmHWM starts again at exec; ru_maxrss would carry the parent's peak through the fork.
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "_step":
        print(json.dumps(_step(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 0)))
        sys.exit(0)
    if len(sys.argv) > 2 and sys.argv[1] == "step":  # a kept store: step STORE.db [TOP]
        print(json.dumps(step(Path(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 0), indent=2))
        sys.exit(0)
    if len(sys.argv) > 1 and sys.argv[1] == "pipeline":
        wanted = [int(s) for s in (sys.argv[3] if len(sys.argv) > 3 else "10000,20000").split(",")]
        target = Path(sys.argv[4] if len(sys.argv) > 4 else "bench/results/resolve.json")
        sources = (sys.argv[2] if len(sys.argv) > 2 else "samples/corpus,../shared/seeds").split(",")
        print(json.dumps(pipeline(sources, wanted, target), indent=2))
        sys.exit(0)
    src = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/timeline17/articles.jsonl")
    wanted = [int(s) for s in (sys.argv[2] if len(sys.argv) > 2 else "10000,20000").split(",")]
    target = Path(sys.argv[3] if len(sys.argv) > 3 else "bench/results/stories.json")
    print(json.dumps(main(src, wanted, target), indent=2))
