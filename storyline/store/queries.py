"""Read-side queries: article ids as a user types them, and one page of items, filtered in SQL.

Listings page in SQL (``LIMIT``/``OFFSET`` over articles in ingest order, each article's items
by primary key), so one page of a 10,000-article store costs a page, not the store
(docs/benchmarks.md has the timings).
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import RowMapping

from ..errors import StorylineError
from .sqlite import Store

AMBIGUOUS_SHOWN = 10


def run(store: Store, sql: str, args: Sequence[Any] = ()) -> Any:
    """Run portable SQL written with ``?`` marks (each becomes a bound parameter)."""
    names: dict[str, Any] = {}

    def bind(_: re.Match[str]) -> str:
        name = f"p{len(names)}"
        names[name] = args[len(names)]
        return f":{name}"

    return store.conn.execute(sa.text(re.sub(r"\?", bind, sql)), names)


def json_field(store: Store, document: str, path: str) -> str:
    """SQL for a field of a JSON text column (``path`` like ``$.speaker.name``), per database."""
    if store.dialect == "postgresql":
        return f"(({document})::json #>> '{{{path[2:].replace('.', ',')}}}')"
    return f"json_extract({document}, '{path}')"


def page_sql(store: Store, limit: int | None) -> str:
    """`` LIMIT ? OFFSET ?`` (its arguments: ``page_args``); no limit is -1 on SQLite, ALL on PostgreSQL."""
    if limit is None and store.dialect == "postgresql":
        return " LIMIT ALL OFFSET ?"
    return " LIMIT ? OFFSET ?"


def page_args(store: Store, limit: int | None, offset: int) -> list[int]:
    if limit is None and store.dialect == "postgresql":
        return [offset]
    return [-1 if limit is None else limit, offset]


class ArticleLookupError(StorylineError):
    code = "E410"


def _prefix_range(prefix: str) -> tuple[str, str]:
    # A range on the unique id index: LIKE would read "_" in "IraqWar_guardian" as a wildcard.
    return prefix, prefix + "\U0010ffff"


def resolve_article_id(store: Store, text: str) -> str:
    """The stored article id ``text`` names: the id itself or a prefix of exactly one id.

    An empty id (E412), an unknown one (E410) and a prefix of several ids (E411, listing
    them) are errors: never silently the first match."""
    wanted = text.strip()
    if not wanted:
        raise ArticleLookupError("an empty article id names no article", code="E412")
    row = run(store, "SELECT id FROM articles WHERE id=?", (wanted,)).first()
    if row is not None:
        return str(row[0])
    low, high = _prefix_range(wanted)
    rows = run(
        store,
        "SELECT id FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
        (low, high, AMBIGUOUS_SHOWN + 1),
    ).all()
    if len(rows) == 1:
        return str(rows[0][0])
    if not rows:
        raise ArticleLookupError(f"no article {wanted!r}; `storyline articles` lists them", code="E410")
    total = run(store, "SELECT count(*) FROM articles WHERE id >= ? AND id < ?", (low, high)).scalar_one()
    shown = ", ".join(str(r[0]) for r in rows[:AMBIGUOUS_SHOWN])
    more = f" and {total - AMBIGUOUS_SHOWN} more" if total > AMBIGUOUS_SHOWN else ""
    raise ArticleLookupError(
        f"{wanted!r} is the start of {total} article ids: {shown}{more}; type more of the id",
        code="E411",
    )


@dataclass(slots=True)
class ItemFilter:
    """Which items of one kind a listing wants. Empty fields do not filter.

    ``outlets``: the article's outlet as stored, one of these spellings; ``since``/``until``:
    ISO days compared with the article's publication day (else the end of its estimated
    window); ``articles``: only these ids; ``include_copies``: also items of duplicates;
    ``item_kind``: the item's own ``kind`` (a quote's direct, partial, block, reported);
    ``speaker_text``: the item's speaker name or text contains this (any case);
    ``speaker_entity``: the speaker resolves to this entity (``quote_speakers``, made current
    by ``storyline.store.derived``)."""

    kind: str
    item_kind: str | None = None
    outlets: Collection[str] | None = None
    since: str | None = None
    until: str | None = None
    articles: Collection[str] | None = None
    include_copies: bool = False
    speaker_text: str | None = None
    speaker_entity: str | None = None

    def where(self, store: Store) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        args: list[Any] = []
        if not self.include_copies:
            clauses.append("a.duplicate_of IS NULL")
        if self.outlets is not None:
            names = sorted(self.outlets)
            clauses.append(f"a.outlet IN ({','.join('?' * len(names))})" if names else "1=0")
            args += names
        day = f"substr(COALESCE(a.published, {json_field(store, 'a.published_estimate', '$.latest')}), 1, 10)"
        if self.since:
            clauses.append(f"{day} >= ?")
            args.append(self.since[:10])
        if self.until:
            clauses.append(f"{day} <= ?")
            args.append(self.until[:10])
        if self.articles is not None:
            ids = sorted(self.articles)
            clauses.append(f"a.id IN ({','.join('?' * len(ids))})" if ids else "1=0")
            args += ids
        return (" AND ".join(clauses) or "1=1"), args

    def item_where(self, store: Store) -> tuple[str, list[Any]]:
        sql, args = "", []
        if self.item_kind is not None:
            # Quotes: the kind is a column of the derived quote_speakers (the driving table).
            sql += (
                " AND q.kind = ?"
                if self.kind == "quotes"
                else f" AND {json_field(store, 'i.data', '$.kind')} = ?"
            )
            args.append(self.item_kind)
        if self.speaker_text:
            pattern = (
                "%" + self.speaker_text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            )
            like = "ILIKE" if store.dialect == "postgresql" else "LIKE"  # any case, as SQLite's LIKE
            name = json_field(store, "i.data", "$.speaker.name")
            text = json_field(store, "i.data", "$.speaker.text")
            sql += f" AND ({name} {like} ? ESCAPE '\\' OR {text} {like} ? ESCAPE '\\')"
            args += [pattern, pattern]
        return sql, args

    def source(self, store: Store) -> tuple[str, list[Any]]:
        """The FROM clause. By speaker entity or quote kind, ``quote_speakers`` (by index)
        drives; otherwise articles in ingest order, each one's items by primary key
        (CROSS JOIN keeps articles outside, so ORDER BY needs no sort and LIMIT stops early)."""
        if self.speaker_entity is not None or (self.kind == "quotes" and self.item_kind is not None):
            by = "q.entity_id = ?" if self.speaker_entity is not None else "1=1"
            return (
                "quote_speakers q JOIN articles a ON a.id = q.article_id JOIN items i"
                f" ON i.article_id = q.article_id AND i.kind = ? AND i.seq = q.seq AND {by}",
                [self.kind] + ([self.speaker_entity] if self.speaker_entity is not None else []),
            )
        # (PostgreSQL's planner needs no such hint, and its CROSS JOIN takes no ON.)
        join = "JOIN" if store.dialect == "postgresql" else "CROSS JOIN"
        return f"articles a {join} items i ON i.article_id = a.id AND i.kind = ?", [self.kind]


def item_page(
    store: Store, wanted: ItemFilter, limit: int | None = None, offset: int = 0
) -> list[dict[str, Any]]:
    """One page of items (each with its ``article``), in article ingest order then text order."""
    source, source_args = wanted.source(store)
    where, args = wanted.where(store)
    item_where, item_args = wanted.item_where(store)
    sql = f"SELECT a.id, i.data FROM {source} WHERE {where}{item_where} ORDER BY a.seq, i.seq"
    rows = run(
        store,
        sql + page_sql(store, limit),
        [*source_args, *args, *item_args, *page_args(store, limit, offset)],
    )
    return [{"article": r[0], **json.loads(r[1])} for r in rows]


def item_count(store: Store, wanted: ItemFilter) -> int:
    source, source_args = wanted.source(store)
    where, args = wanted.where(store)
    item_where, item_args = wanted.item_where(store)
    sql = f"SELECT count(*) FROM {source} WHERE {where}{item_where}"
    return int(run(store, sql, [*source_args, *args, *item_args]).scalar_one())


def article_page(
    store: Store, *, include_copies: bool = True, limit: int | None = None, offset: int = 0
) -> list[RowMapping]:
    """Summary columns (and text) of one page of articles in ingest order."""
    where = "" if include_copies else " WHERE duplicate_of IS NULL"
    sql = f"SELECT id, outlet, published, title, source, duplicate_of, removed, text FROM articles{where} ORDER BY seq"
    return list(run(store, sql + page_sql(store, limit), page_args(store, limit, offset)).mappings())


def article_count(store: Store, *, include_copies: bool = True) -> int:
    where = "" if include_copies else " WHERE duplicate_of IS NULL"
    return int(run(store, f"SELECT count(*) FROM articles{where}").scalar_one())


def distinct_outlets(store: Store) -> list[str]:
    return [str(r[0]) for r in run(store, "SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL")]


def duplicate_ids(store: Store) -> set[str]:
    """Ids of the articles that are copies of another (``duplicate_of`` set)."""
    return {str(r[0]) for r in run(store, "SELECT id FROM articles WHERE duplicate_of IS NOT NULL")}


def entity_counts(
    store: Store,
    *,
    entity_type: str | None = None,
    include_copies: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> list[tuple[str, int, int]]:
    """(entity id, mentions, articles) most mentioned first; mentions in copies only if asked.
    Reads ``entity_counts`` (``storyline.store.derived``: make it current first)."""
    mentions, articles = ("all_mentions", "all_articles") if include_copies else ("mentions", "articles")
    where = " WHERE e.type = ?" if entity_type else ""
    args: list[Any] = [entity_type.upper()] if entity_type else []
    rows = run(
        store,
        f"SELECT c.entity_id, c.{mentions}, c.{articles} FROM entity_counts c"
        f" JOIN entities e ON e.id = c.entity_id{where}"
        f" ORDER BY c.{mentions} DESC, c.entity_id" + page_sql(store, limit),
        [*args, *page_args(store, limit, offset)],
    )
    return [(str(r[0]), int(r[1]), int(r[2])) for r in rows]


def entity_total(store: Store, entity_type: str | None = None) -> int:
    if entity_type:
        return int(
            run(store, "SELECT count(*) FROM entities WHERE type=?", (entity_type.upper(),)).scalar_one()
        )
    return int(run(store, "SELECT count(*) FROM entities").scalar_one())


def speaker_counts(
    store: Store, *, include_copies: bool = False, limit: int | None = None, offset: int = 0
) -> tuple[list[tuple[str, str, int]], int]:
    """(speaker key, a name as written, quotes) of quoted (not reported) speech, most quoted
    first, and how many speakers there are. The key is the resolved entity id, else
    ``name:<name as written>``. Reads ``quote_speakers`` (``storyline.store.derived``: make it
    current first); quotes in copies only if asked."""
    copies = "" if include_copies else " AND a.duplicate_of IS NULL"
    grouped = (
        "SELECT coalesce(q.entity_id, 'name:' || coalesce(q.name, '(unattributed)')) AS speaker,"
        " min(q.name) AS name, count(*) AS n FROM quote_speakers q JOIN articles a ON a.id = q.article_id"
        f" WHERE q.kind <> 'reported'{copies} GROUP BY 1"
    )
    total = int(run(store, f"SELECT count(*) FROM ({grouped}) AS speakers").scalar_one())
    rows = run(
        store, f"{grouped} ORDER BY n DESC, speaker" + page_sql(store, limit), page_args(store, limit, offset)
    )
    return [(str(r[0]), str(r[1] or "(unattributed)"), int(r[2])) for r in rows], total


def article_dates(store: Store, ids: Collection[str] | None = None) -> list[dict[str, Any]]:
    """Every article's (or these articles') ``id``, ``published`` and ``published_estimate``,
    without its text, in store order."""
    from .schema import articles as A
    from .sqlite import chunks

    columns = (A.c.seq, A.c.id, A.c.published, A.c.published_estimate)
    if ids is None:
        rows = list(store.conn.execute(sa.select(*columns).order_by(A.c.seq)).mappings())
    else:
        rows = []
        for chunk in chunks(sorted(set(ids))):
            rows += store.conn.execute(sa.select(*columns).where(A.c.id.in_(chunk))).mappings()
        rows.sort(key=lambda r: int(r["seq"]))
    return [
        {
            "id": r["id"],
            "published": r["published"],
            "published_estimate": json.loads(r["published_estimate"]) if r["published_estimate"] else None,
        }
        for r in rows
    ]


def date_span(store: Store) -> tuple[str | None, str | None]:
    """The first and last publication day of the store's articles (estimated ones included)."""
    day = f"substr(COALESCE(published, {json_field(store, 'published_estimate', '$.latest')}), 1, 10)"
    row = run(
        store, f"SELECT min(d), max(d) FROM (SELECT {day} AS d FROM articles) AS days WHERE d <> ''"
    ).one()
    return row[0], row[1]


def credit_spans(store: Store) -> list[str]:
    """The ``removed`` lists (JSON) of the articles that had a credit line removed."""
    return [
        str(r[0]) for r in run(store, "SELECT removed FROM articles WHERE removed LIKE ?", ['%"credit"%'])
    ]


def undated_datelines(store: Store) -> dict[str, list[dict[str, Any]]]:
    """The removed items of every undated article that had a dateline removed and that no
    dateline has dated yet (``stories/datelines.py``), by article id."""
    rows = run(
        store,
        "SELECT id, removed FROM articles WHERE published IS NULL AND removed LIKE ?"
        " AND (published_estimate IS NULL OR published_estimate NOT LIKE ?) ORDER BY seq",
        ['%"dateline"%', '%"basis": "dateline"%'],
    ).mappings()
    return {r["id"]: json.loads(r["removed"]) for r in rows}
