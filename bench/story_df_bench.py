"""Side by side in one process: story grouping (``group_pending``) on PostgreSQL with the index's
document-frequency cache and without it (the previous ``SqliteIndex`` methods, restored here),
each from a copy of one base (replicas of the sample corpus and seeds, entities and events
resolved), in interleaved rounds (old, new, new, old, ...); checks both give the same stories.

    PYTHONPATH=. .venv/bin/python bench/story_df_bench.py ARTICLES ROUNDS [PORT]

Needs a PostgreSQL 15 server on 127.0.0.1:PORT (default 55433) with a trusted user
``storyline`` (docs/scale.md shows how one was started); it creates the databases ``dfb_*`` and
leaves them. Prints the result as JSON (kept in bench/results/story_df_cache.json).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterable
from itertools import islice
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import sqlalchemy as sa  # noqa: E402
from stories_bench import templates  # noqa: E402

from storyline.analyze.pipeline import ANALYSIS_VERSION  # noqa: E402
from storyline.replicas import replicas  # noqa: E402
from storyline.resolve import resolve_entities, resolve_events  # noqa: E402
from storyline.store import Store  # noqa: E402
from storyline.store import stories as st  # noqa: E402
from storyline.stories import group_pending  # noqa: E402


def _old_document_frequencies(self: st.SqliteIndex, keys: Iterable[str]) -> dict[str, int]:
    """The previous method: one query per call, nothing kept."""
    wanted = list(dict.fromkeys(keys))
    out: dict[str, int] = {}
    for first in range(0, len(wanted), 500):
        chunk = wanted[first : first + 500]
        for key, df in self.conn.execute(sa.select(st.DF.c.key, st.DF.c.df).where(st.DF.c.key.in_(chunk))):
            out[key] = int(df)
    return out


def _old_document_count(self: st.SqliteIndex) -> int:
    return self._meta_int("story_documents")


NEW = (st.SqliteIndex.document_frequencies, st.SqliteIndex.document_count)
OLD = (_old_document_frequencies, _old_document_count)


def main(articles: int, rounds: int, port: str) -> dict[str, Any]:
    url = f"postgresql://storyline@127.0.0.1:{port}/{{}}"

    def psql(command: str) -> None:
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", port, "-U", "storyline", "-d", "postgres", "-c", command],
            check=True,
            capture_output=True,
        )

    base = [
        (a, items)
        for a, items in templates(["samples/corpus", "../shared/seeds"])
        if a.published or (a.published_estimate or {}).get("latest")
    ]
    psql("DROP DATABASE IF EXISTS dfb_base")
    psql("CREATE DATABASE dfb_base")
    with Store(url.format("dfb_base")) as store:
        for art, items in islice(replicas(base, 0), articles):
            store.add_article(art, art.id, None)
            store.save_analysis(art.id, items, ANALYSIS_VERSION)
        store.commit()
        resolve_entities(store)
        resolve_events(store)
        store.commit()
    seconds: dict[str, list[float]] = {"old": [], "new": []}
    stories: dict[str, list[Any]] = {}
    for n in range(rounds):
        for which in ("old", "new") if n % 2 == 0 else ("new", "old"):
            name = f"dfb_{which}"
            psql(f"DROP DATABASE IF EXISTS {name}")
            psql(f"CREATE DATABASE {name} TEMPLATE dfb_base")
            st.SqliteIndex.document_frequencies, st.SqliteIndex.document_count = (  # type: ignore[method-assign]
                OLD if which == "old" else NEW
            )
            with Store(url.format(name)) as store:
                started = time.perf_counter()
                group_pending(store)
                store.commit()
                seconds[which].append(round(time.perf_counter() - started, 1))
                rows = store.conn.execute(sa.text("SELECT article_id, story_id FROM story_articles"))
                stories.setdefault(which, sorted(tuple(r) for r in rows))
            print(which, seconds[which][-1], flush=True)
    return {
        "articles": articles,
        "group_pending_seconds": seconds,
        "same_stories": stories["old"] == stories["new"],
    }


if __name__ == "__main__":
    port = sys.argv[3] if len(sys.argv) > 3 else "55433"
    print(json.dumps(main(int(sys.argv[1]), int(sys.argv[2]), port)))
