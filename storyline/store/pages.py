"""Paged reads: one page of a listing straight from SQL, never the whole store.

The web API answers on stores of thousands of articles: every listing is ``LIMIT/OFFSET`` with
its filters in the ``WHERE`` clause and a total from ``count(*)`` over the same clause.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from .schema import articles as A
from .schema import event_mentions as EM
from .schema import events as EV
from .schema import items as I
from .schema import json_text, stories, story_articles
from .sqlite import Store


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _matches(search: str) -> sa.ColumnElement[bool]:
    """Title, outlet or id contains ``search``, in any case (SQLite's LIKE; ILIKE on PostgreSQL)."""
    pattern = _like(search)
    return sa.or_(*(c.ilike(pattern, escape="\\") for c in (A.c.title, A.c.outlet, A.c.id)))


def articles_page(
    store: Store, *, limit: int, offset: int, search: str | None = None
) -> tuple[int, list[dict[str, Any]]]:
    """(total, rows) of articles in ingest order, optionally whose title, outlet or id contains ``search``."""
    where = _matches(search) if search else sa.true()
    total = int(store.conn.execute(sa.select(sa.func.count()).select_from(A).where(where)).scalar_one())
    rows = store.conn.execute(
        sa.select(
            A.c.id,
            A.c.outlet,
            A.c.title,
            A.c.url,
            A.c.published,
            A.c.published_estimate,
            A.c.duplicate_of,
            sa.func.length(A.c.text).label("chars"),
        )
        .where(where)
        .order_by(A.c.seq)
        .limit(limit)
        .offset(offset)
    ).mappings()
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
                "chars": r["chars"],
            }
        )
    return total, out


def events_page(
    store: Store, *, limit: int, offset: int, event_type: str | None = None, status: str | None = None
) -> tuple[int, list[dict[str, Any]]]:
    """(total, events) of the canonical events, most reported first."""
    clauses = []
    if event_type:
        clauses.append(EV.c.type == event_type)
    if status:
        clauses.append(EV.c.status == status)
    where = sa.and_(sa.true(), *clauses)
    total = int(store.conn.execute(sa.select(sa.func.count()).select_from(EV).where(where)).scalar_one())
    mentioned = (
        sa.select(sa.func.count()).where(EM.c.event_id == EV.c.id).correlate(EV).scalar_subquery().label("n")
    )
    rows = store.conn.execute(
        sa.select(EV.c.data, mentioned)
        .where(where)
        .order_by(sa.desc("n"), EV.c.id)
        .limit(limit)
        .offset(offset)
    )
    return total, [json.loads(r[0]) for r in rows]


def citation_edges(store: Store) -> list[dict[str, Any]]:
    """Who cites whom, aggregated in SQL (copies left out): one row per (citing, cited, relation)
    with its count and one example link."""
    citing = json_text(I.c.data, "citing")
    cited = json_text(I.c.data, "cited")
    relation = json_text(I.c.data, "relation")
    rows = store.conn.execute(
        sa.select(
            citing.label("citing"),
            cited.label("cited"),
            relation.label("relation"),
            sa.func.count().label("n"),
            sa.func.min(I.c.article_id).label("article"),
            sa.func.min(I.c.start).label("start"),
            sa.func.min(I.c.end).label("end"),
        )
        .join(A, A.c.id == I.c.article_id)
        .where(I.c.kind == "citations", A.c.duplicate_of.is_(None))
        .group_by(citing, cited, relation)
    ).mappings()
    return [dict(r) for r in rows]


def stories_page(
    store: Store, *, limit: int, offset: int, search: str | None = None
) -> tuple[int, list[str]]:
    """(total, story ids) largest first; ``search`` matches an article title, outlet or id of the story."""
    S, SA_ = stories, story_articles
    where: sa.ColumnElement[bool] = sa.true()
    if search:
        matching = sa.select(SA_.c.story_id).join(A, A.c.id == SA_.c.article_id).where(_matches(search))
        where = S.c.id.in_(matching)
    total = int(store.conn.execute(sa.select(sa.func.count()).select_from(S).where(where)).scalar_one())
    size = (
        sa.select(sa.func.count()).where(SA_.c.story_id == S.c.id).correlate(S).scalar_subquery().label("n")
    )
    rows = store.conn.execute(
        sa.select(S.c.id, size).where(where).order_by(sa.desc("n"), S.c.created).limit(limit).offset(offset)
    )
    return total, [r[0] for r in rows]


def story_event_ids(store: Store, story_id: str) -> list[str]:
    """The canonical events mentioned in a story's articles."""
    SA_ = story_articles
    rows = store.conn.execute(
        sa.select(EM.c.event_id)
        .distinct()
        .join(SA_, SA_.c.article_id == EM.c.article_id)
        .where(SA_.c.story_id == story_id)
        .order_by(EM.c.event_id)
    )
    return [r[0] for r in rows]
