"""Paged reads: one page of a listing straight from SQL, never the whole store.

The web API answers on stores of thousands of articles: every listing is ``LIMIT/OFFSET`` with
its filters in the ``WHERE`` clause and a total from ``count(*)`` over the same clause.
"""

from __future__ import annotations

import json
from typing import Any

from .sqlite import Store

_ARTICLE_COLUMNS = "id, outlet, title, url, published, published_estimate, duplicate_of, source, length(text)"


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def articles_page(
    store: Store, *, limit: int, offset: int, search: str | None = None
) -> tuple[int, list[dict[str, Any]]]:
    """(total, rows) of articles in ingest order, optionally whose title, outlet or id contains ``search``."""
    where, args = "", []
    if search:
        where = " WHERE title LIKE ? ESCAPE '\\' OR outlet LIKE ? ESCAPE '\\' OR id LIKE ? ESCAPE '\\'"
        args = [_like(search)] * 3
    total = int(store.conn.execute(f"SELECT count(*) FROM articles{where}", args).fetchone()[0])
    rows = store.conn.execute(
        f"SELECT {_ARTICLE_COLUMNS} FROM articles{where} ORDER BY seq LIMIT ? OFFSET ?",
        [*args, limit, offset],
    )
    out = []
    for r in rows:
        estimate = json.loads(r["published_estimate"]) if r["published_estimate"] else None
        out.append(
            {
                "id": r["id"],
                "outlet": r["outlet"],
                "title": r["title"],
                "url": r["url"],
                "published": r["published"],
                "published_estimate": estimate,
                "duplicate_of": r["duplicate_of"],
                "chars": r[8],
            }
        )
    return total, out


def events_page(
    store: Store, *, limit: int, offset: int, event_type: str | None = None, status: str | None = None
) -> tuple[int, list[dict[str, Any]]]:
    """(total, events) of the canonical events, most reported first."""
    clauses, args = [], []
    if event_type:
        clauses.append("e.type = ?")
        args.append(event_type)
    if status:
        clauses.append("e.status = ?")
        args.append(status)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    total = int(store.conn.execute(f"SELECT count(*) FROM events e{where}", args).fetchone()[0])
    rows = store.conn.execute(
        "SELECT e.data, (SELECT count(*) FROM event_mentions m WHERE m.event_id = e.id) AS n"
        f" FROM events e{where} ORDER BY n DESC, e.id LIMIT ? OFFSET ?",
        [*args, limit, offset],
    )
    return total, [json.loads(r["data"]) for r in rows]


def citation_edges(store: Store) -> list[dict[str, Any]]:
    """Who cites whom, aggregated in SQL (copies left out): one row per (citing, cited, relation)
    with its count and one example link."""
    rows = store.conn.execute(
        "SELECT json_extract(i.data, '$.citing') AS citing, json_extract(i.data, '$.cited') AS cited,"
        " json_extract(i.data, '$.relation') AS relation, count(*) AS n, min(i.article_id) AS article,"
        " min(i.start) AS start, min(i.end) AS end"
        " FROM items i JOIN articles a ON a.id = i.article_id"
        " WHERE i.kind = 'citations' AND a.duplicate_of IS NULL GROUP BY 1, 2, 3"
    )
    return [dict(r) for r in rows]


def stories_page(
    store: Store, *, limit: int, offset: int, search: str | None = None
) -> tuple[int, list[str]]:
    """(total, story ids) largest first; ``search`` matches an article title, outlet or id of the story."""
    where, args = "", []
    if search:
        where = (
            " WHERE s.id IN (SELECT sa2.story_id FROM story_articles sa2 JOIN articles a ON a.id = sa2.article_id"
            " WHERE a.title LIKE ? ESCAPE '\\' OR a.outlet LIKE ? ESCAPE '\\' OR a.id LIKE ? ESCAPE '\\')"
        )
        args = [_like(search)] * 3
    total = int(store.conn.execute(f"SELECT count(*) FROM stories s{where}", args).fetchone()[0])
    rows = store.conn.execute(
        "SELECT s.id, (SELECT count(*) FROM story_articles sa WHERE sa.story_id = s.id) AS n"
        f" FROM stories s{where} ORDER BY n DESC, s.created LIMIT ? OFFSET ?",
        [*args, limit, offset],
    )
    return total, [r["id"] for r in rows]


def story_event_ids(store: Store, story_id: str) -> list[str]:
    """The canonical events mentioned in a story's articles."""
    rows = store.conn.execute(
        "SELECT DISTINCT m.event_id FROM event_mentions m JOIN story_articles sa ON sa.article_id = m.article_id"
        " WHERE sa.story_id = ? ORDER BY m.event_id",
        (story_id,),
    )
    return [r[0] for r in rows]
