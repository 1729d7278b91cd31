"""Read timings on a 10,000-article store (docs/benchmarks.md, "Reads").

The store is built without running spaCy on 10,000 articles: a small base store is ingested and
analyzed for real (the sample corpus, plus the first Timeline17 articles of the tuning topics
when ../shared/data is there), then its article and analysis rows are replicated under new ids
(publication dates shifted a day per replica, duplicates pointing at their replica's original)
until the store holds ``--articles`` articles; entities are then resolved by the real resolver.
Each read is timed as a user runs it: a fresh ``python -m storyline`` process, best of three.

    PYTHONPATH=. python bench/read_bench.py --out bench/results/reads.json
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
T17 = ROOT.parent / "shared" / "data" / "timeline17" / "articles.jsonl"
TUNING_TOPICS = ("egypt", "finan", "h1n1", "iraq")  # mj and haiti are held out


def build_base(path: Path, t17_articles: int) -> None:
    from storyline.api import ingest_paths
    from storyline.store import Store

    inputs = [str(ROOT / "samples" / "corpus")]
    if T17.exists() and t17_articles:
        picked = path.parent / "t17.jsonl"
        with T17.open(encoding="utf-8") as fh, picked.open("w", encoding="utf-8") as out:
            n = 0
            for line in fh:
                if json.loads(line)["topic"] in TUNING_TOPICS and n < t17_articles:
                    out.write(line)
                    n += 1
        inputs.append(str(picked))
    with Store(path) as store:
        ingest_paths(store, inputs, processes=2)


def replicate(base: Path, target: Path, articles: int) -> dict[str, int]:
    """Copy ``base``'s rows until ``target`` holds ``articles`` articles; resolve entities."""
    import sqlite3

    from storyline.resolve import resolve_entities
    from storyline.store import Store

    with Store(target) as store:
        conn = store.conn
        conn.exec_driver_sql("ATTACH DATABASE ? AS base", (str(base),))
        per_copy = int(conn.exec_driver_sql("SELECT count(*) FROM base.articles").fetchone()[0])
        copies = -(-articles // per_copy)
        for k in range(copies):
            room = articles - k * per_copy
            conn.exec_driver_sql(
                "INSERT INTO articles (id, source, outlet, title, url, published, published_estimate,"
                " language, text, removed, duplicate_of, text_hash, minhash, analysis_version, crawled,"
                " ingested) SELECT id || '~' || :k, source || '#copy' || :k, outlet, title, url,"
                " CASE WHEN published IS NULL THEN NULL ELSE date(published, '+' || :k || ' days') END,"
                " published_estimate, language, text, removed,"
                " CASE WHEN duplicate_of IS NULL THEN NULL ELSE duplicate_of || '~' || :k END,"
                " text_hash || :k, minhash, analysis_version, crawled, ingested"
                " FROM base.articles ORDER BY seq LIMIT :room",
                {"k": k, "room": room},
            )
            conn.exec_driver_sql(
                "INSERT INTO items (article_id, kind, seq, start, end, data)"
                " SELECT i.article_id || '~' || :k, i.kind, i.seq, i.start, i.end, i.data FROM base.items i"
                " WHERE i.article_id || '~' || :k IN (SELECT id FROM main.articles)",
                {"k": k},
            )
        conn.commit()
        conn.exec_driver_sql("DETACH DATABASE base")
        try:
            resolve_entities(store)
        except sqlite3.Error as exc:  # pragma: no cover - reported, not hidden
            raise SystemExit(f"resolve failed: {exc}") from exc
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
        counts = {
            kind: int(n) for kind, n in conn.exec_driver_sql("SELECT kind, count(*) FROM items GROUP BY kind")
        }
        counts["articles"] = store.count_articles()
        counts["entities"] = int(conn.exec_driver_sql("SELECT count(*) FROM entities").fetchone()[0])
        counts["entity_mentions"] = int(
            conn.exec_driver_sql("SELECT count(*) FROM entity_mentions").fetchone()[0]
        )
    return counts


def timed(db: Path, args: list[str], repeats: int = 3) -> dict[str, object]:
    best = float("inf")
    out = b""
    for _ in range(repeats):
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "storyline", "--db", str(db), *args],
            capture_output=True,
            cwd=ROOT,
            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
            check=False,
        )
        best = min(best, time.perf_counter() - start)
        out = proc.stdout
        if proc.returncode != 0:
            return {"command": " ".join(args), "error": proc.stderr.decode()[-300:]}
    return {"command": " ".join(args), "seconds": round(best, 3), "stdout_bytes": len(out)}


def timed_in_process(db: Path, args: list[str], repeats: int = 3) -> dict[str, object]:
    """The command's own time, without Python start-up and imports (CliRunner, same process)."""
    from click.testing import CliRunner

    from storyline.cli import main as cli

    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        result = CliRunner().invoke(cli, ["--db", str(db), *args])
        best = min(best, time.perf_counter() - start)
        if result.exit_code != 0:
            return {"command": " ".join(args), "error": (result.stderr or str(result.exception))[-300:]}
    return {"command": " ".join(args), "seconds": round(best, 3)}


def first_read_after_change(db: Path) -> float:
    """Seconds to rebuild the derived read tables (the first read after an ingest pays it)."""
    from storyline.api import refresh_derived
    from storyline.store import Store

    with Store(db, create=False) as store:
        store.conn.exec_driver_sql("DELETE FROM meta WHERE key='derived_fingerprint'")
        store.commit()
        start = time.perf_counter()
        refresh_derived(store)
        return round(time.perf_counter() - start, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--t17", type=int, default=60, help="Timeline17 articles in the base store")
    parser.add_argument("--work", type=Path, default=None, help="Keep the stores here (default: a temp dir)")
    parser.add_argument("--out", type=Path, default=None)
    opts = parser.parse_args()
    work = opts.work or Path(tempfile.mkdtemp(prefix="storyline-reads-"))
    work.mkdir(parents=True, exist_ok=True)
    base, big = work / "base.db", work / f"reads{opts.articles}.db"
    if not base.exists():
        build_base(base, opts.t17)
    started = time.perf_counter()
    if not big.exists():
        counts = replicate(base, big, opts.articles)
    else:
        from storyline.store import Store

        with Store(big) as store:
            counts = {"articles": store.count_articles()}
    build_seconds = round(time.perf_counter() - started, 1)
    from storyline.store import Store

    with Store(big, create=False) as store:
        some_id = str(
            store.conn.exec_driver_sql("SELECT id FROM articles ORDER BY seq LIMIT 1 OFFSET 5000").fetchone()[
                0
            ]
        )
        outlet = str(
            store.conn.exec_driver_sql(
                "SELECT outlet FROM articles WHERE outlet IS NOT NULL LIMIT 1"
            ).fetchone()[0]
        )
        speaker = str(
            store.conn.exec_driver_sql(
                "SELECT id FROM entities WHERE type='PERSON' ORDER BY length(data) DESC LIMIT 1"
            ).fetchone()[0]
        )
    reads = [
        ["articles"],
        ["articles", "--offset", "9000"],
        ["articles", "--json", "--limit", "100", "--offset", "5000"],
        ["article", some_id],
        ["times", some_id],
        ["quotes"],
        ["quotes", "--offset", "50000"],
        ["quotes", "--kind", "direct"],
        ["quotes", "--outlet", outlet],
        ["quotes", "--since", "2011-06-01"],
        ["quotes", "--article", some_id],
        ["quotes", "--speaker", speaker],
        ["quotes", "--nl", "--limit", "1000"],
        ["entities"],
        ["entities", "--type", "PERSON", "--offset", "100"],
        ["sources"],
        ["summary"],
    ]
    rebuild = first_read_after_change(big)
    results = [timed(big, r) for r in reads]
    in_process = [timed_in_process(big, r) for r in reads]
    startup = timed(big, ["--version"])
    report = {
        "store": counts,
        "build_seconds": build_seconds,
        "derived_rebuild_seconds": rebuild,
        "startup": startup,
        "reads": results,
        "reads_in_process": in_process,
    }
    text = json.dumps(report, indent=2)
    print(text)
    if opts.out:
        opts.out.parent.mkdir(parents=True, exist_ok=True)
        opts.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
