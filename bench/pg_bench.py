"""Adding 1,000 articles to a large PostgreSQL store (issue 15).

    PYTHONPATH=. .venv/bin/python bench/pg_bench.py [--base 100000] [--new 1000] [--no-resolve] [--db URL] [--out FILE]

Without ``--db`` it starts a throwaway PostgreSQL 15 (``tests/pg_support.py``). Writes
bench/results/pg.json. Reads ../shared/data/timeline17 at run time.

The volume: ``SEED`` Timeline17 articles are ingested and analyzed once, for real, into a
SQLite store. The base store is then bulk-loaded (``COPY``) with ``--base`` replicas of the first
half of them: new ids, dates shifted a day per round of replicas, a unique last line (so every
text hash differs; the item offsets stay true), the source's items and near-duplicate signature,
and a place in a story (as a grown store has). No article of the base is analyzed again.

Measured: ``--new`` replicas of the other half (texts the base has never seen) added through
the code ``storyline load`` runs: ``api.store_article`` (exact and near-duplicate checks against
the whole store), ``Store.save_analysis`` with their already-computed items, committed one by
one, then the cross-article stages (``api.resolve_across_articles``: entities, events, dates,
stories). Each phase's seconds, and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ARTICLES = ROOT.parent / "shared" / "data" / "timeline17" / "articles.jsonl"
SEED = 40


def _shift(day: str | None, days: int) -> str | None:
    if not day:
        return None
    try:
        return (dt.date.fromisoformat(day[:10]) + dt.timedelta(days=days)).isoformat() + day[10:]
    except ValueError:
        return day


def bench_database(url: str | None) -> tuple[Any, str]:
    """``url``, else a database on a throwaway PostgreSQL 15 with fsync on (commits cost what they
    cost; ``tests/pg_support.py``) and its server, to stop at the end."""
    if url is not None:
        return None, url
    from tests.pg_support import start_server

    server, reason = start_server(durable=True)
    if server is None:
        raise SystemExit(f"no PostgreSQL: {reason}")
    return server, server.create_database()


def seed_store(path: Path) -> Path:
    """``SEED`` Timeline17 articles, ingested and analyzed for real (kept between runs)."""
    from storyline.api import ingest_paths
    from storyline.store import Store

    if path.exists():
        return path
    corpus = path.with_suffix(".jsonl")
    with ARTICLES.open(encoding="utf-8") as fh, corpus.open("w", encoding="utf-8") as out:
        for i, line in enumerate(fh):
            if i >= SEED:
                break
            r = json.loads(line)
            out.write(json.dumps({"id": r["id"], "text": r["text"], "published": r["date"]}) + "\n")
    partial = path.with_suffix(".partial")
    with Store(partial) as store:
        ingest_paths(store, [str(corpus)], processes=1)
    partial.rename(path)
    return path


def read_seed(path: Path) -> list[dict[str, Any]]:
    """Each seed original with its stored row and items."""
    from storyline.store import Store, schema

    out = []
    with Store(path) as store:
        rows = store.conn.execute(
            schema.articles.select()
            .where(schema.articles.c.duplicate_of.is_(None))
            .order_by(schema.articles.c.seq)
        ).mappings()
        for row in rows:
            items = store.conn.execute(
                schema.items.select()
                .where(schema.items.c.article_id == row["id"])
                .order_by(schema.items.c.kind, schema.items.c.seq)
            ).mappings()
            out.append({"row": dict(row), "items": [dict(i) for i in items]})
    return out


def replica(source: dict[str, Any], n: int, rounds: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    row = dict(source["row"])
    new_id = f"{row['id']}~{n:06d}"
    row["id"] = new_id
    row["text"] = row["text"] + f"\n\nReplica {n}."
    row["text_hash"] = hashlib.sha1(row["text"].encode()).hexdigest()
    row["published"] = _shift(row["published"], rounds)
    row.pop("seq", None)
    items = [{**i, "article_id": new_id} for i in source["items"]]
    return row, items


ARTICLE_COLUMNS = (
    "id, source, outlet, title, url, published, published_estimate, language, text, removed,"
    " duplicate_of, text_hash, minhash, analysis_version, crawled, ingested, encoding,"
    " analysis_attempts, analysis_error, analysis_note, restored"
)


def bulk_load(url: str, sources: list[dict[str, Any]], base: int) -> dict[str, float]:
    """The base store, written with COPY (articles, items, story membership)."""
    import psycopg

    from storyline.store import Store

    with Store(url):  # the tables, by the migrations
        pass
    columns = [c.strip() for c in ARTICLE_COLUMNS.split(",")]
    t0 = time.perf_counter()
    n_items = 0
    with psycopg.connect(url) as conn:
        with conn.cursor() as cur:
            with cur.copy(f"COPY articles ({ARTICLE_COLUMNS}) FROM STDIN") as articles_copy:
                for n in range(base):
                    row, _ = replica(sources[n % len(sources)], n, n // len(sources))
                    articles_copy.write_row([row[c] for c in columns])
            with cur.copy('COPY items (article_id, kind, seq, start, "end", data) FROM STDIN') as items_copy:
                for n in range(base):
                    _, items = replica(sources[n % len(sources)], n, n // len(sources))
                    for i in items:
                        items_copy.write_row(
                            [i["article_id"], i["kind"], i["seq"], i["start"], i["end"], i["data"]]
                        )
                        n_items += 1
            with cur.copy("COPY story_articles (article_id, story_id) FROM STDIN") as story_copy:
                for n in range(base):
                    source = sources[n % len(sources)]["row"]["id"]
                    story_copy.write_row([f"{source}~{n:06d}", f"base-{n // len(sources) // 10}"])
        conn.commit()
        conn.execute("ANALYZE")
    return {"bulk_load_seconds": time.perf_counter() - t0, "base_items": n_items}


def add_new(url: str, sources: list[dict[str, Any]], new: int, base: int, resolve: bool) -> dict[str, Any]:
    import sqlalchemy as sa

    from storyline import api
    from storyline.analyze.pipeline import ANALYSIS_VERSION
    from storyline.clean.dedupe import DuplicateIndex, signature_from_bytes
    from storyline.models import IngestReport
    from storyline.spark.load import article_from_dict
    from storyline.store import Store

    out: dict[str, Any] = {}
    with Store(url) as store:
        t0 = time.perf_counter()
        index = DuplicateIndex()
        for article_id, sig in store.originals_signatures():
            index.add(article_id, signature_from_bytes(sig))
        out["signatures_load_seconds"] = time.perf_counter() - t0
        report = IngestReport()
        t0 = time.perf_counter()
        staged = []
        for k in range(new):
            n = base + k
            row, items = replica(sources[k % len(sources)], n, n // len(sources))
            data = {
                key: row[key]
                for key in ("id", "source", "outlet", "title", "url", "published", "language", "text")
            }
            data["removed"] = json.loads(row["removed"])
            article = article_from_dict(data)
            article.published_estimate = (
                json.loads(row["published_estimate"]) if row["published_estimate"] else None
            )
            api.store_article(store, index, article, report)
            store.commit()
            staged.append((article.id, items, article.published_estimate))
        out["store_seconds"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        for article_id, items, estimate in staged:
            store.begin_write()
            results: dict[str, list[dict[str, Any]]] = {}
            for i in items:
                results.setdefault(i["kind"], []).append(json.loads(i["data"]))
            store.save_analysis(article_id, results, ANALYSIS_VERSION)
            store.set_published_estimate(article_id, estimate)
            store.commit()
        out["save_analysis_seconds"] = time.perf_counter() - t0
        out["stored"], out["duplicates"] = report.stored, report.duplicates
        from storyline.resolve import resolve_entities, resolve_events
        from storyline.stories import group_pending

        if resolve:  # whole-store recomputations: linear in the store (see docs/scale.md)
            t0 = time.perf_counter()
            resolve_entities(store)
            out["resolve_entities_seconds"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            resolve_events(store)
            out["resolve_events_seconds"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        api.narrow_undated_windows(store)
        store.commit()
        group_pending(store)
        out["dates_and_stories_seconds"] = time.perf_counter() - t0
        out["articles_after"] = store.count_articles()
        size = store.conn.execute(sa.text("SELECT pg_database_size(current_database())")).scalar_one()
        out["database_mb"] = round(int(size) / 2**20)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", type=int, default=100_000)
    parser.add_argument("--new", type=int, default=1000)
    parser.add_argument(
        "--no-resolve",
        action="store_true",
        help="leave out entity and event resolution (they recompute over the whole store)",
    )
    parser.add_argument("--db", help="an empty PostgreSQL database (default: a throwaway server)")
    parser.add_argument("--seed", default=str(Path(tempfile.gettempdir()) / "storyline-pg-bench-seed.db"))
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "pg.json"))
    args = parser.parse_args()
    if not ARTICLES.exists():
        raise SystemExit(f"{ARTICLES} is absent")
    server, url = bench_database(args.db)
    try:
        seed = read_seed(seed_store(Path(args.seed)))
        half = len(seed) // 2
        base_sources, new_sources = seed[:half], seed[half:]
        result: dict[str, Any] = {
            "base_articles": args.base,
            "new_articles": args.new,
            "seed_originals": len(seed),
            "base_sources": len(base_sources),
            "new_sources": len(new_sources),
        }
        result |= bulk_load(url, base_sources, args.base)
        t0 = time.perf_counter()
        result |= add_new(url, new_sources, args.new, args.base, not args.no_resolve)
        result["resolved"] = not args.no_resolve
        result["add_total_seconds"] = time.perf_counter() - t0
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        result["measured"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    finally:
        if server is not None:
            server.stop()
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
