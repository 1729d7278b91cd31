"""Storage of canonical entities, their mentions, and the user's merge/split overrides.

Entities and entity mentions are recomputed wholesale by ``storyline.resolve``; overrides are the
user's and are never touched by re-processing.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import StoreError
from ..models import Mention
from .sqlite import Store

OVERRIDE_ACTIONS = ("merge", "split")


@dataclass(frozen=True, slots=True)
class Override:
    """``merge``: entity ``other`` joins ``target``. ``split``: mentions of ``target`` matching
    ``scope`` ("alias:<name>" or "article:<id>") become an entity of their own."""

    seq: int
    action: str
    target: str
    other: str | None
    scope: str | None
    created: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "action": self.action,
            "target": self.target,
            "other": self.other,
            "scope": self.scope,
            "created": self.created,
        }


def replace_entities(
    store: Store, entities: Iterable[dict[str, Any]], mentions: Iterable[tuple[str, str, int, int]]
) -> None:
    """Replace all entities and their (entity_id, article_id, start, end) mentions, committed."""
    with store.conn:
        store.begin_write()  # wait for other writers rather than fail
        store.conn.execute("DELETE FROM entities")
        store.conn.execute("DELETE FROM entity_mentions")
        store.conn.executemany(
            "INSERT INTO entities (id, name, type, data) VALUES (?,?,?,?)",
            ((e["id"], e["name"], e["type"], json.dumps(e, ensure_ascii=False)) for e in entities),
        )
        store.conn.executemany(
            "INSERT INTO entity_mentions (entity_id, article_id, start, end) VALUES (?,?,?,?)", mentions
        )


def load_entities(store: Store, entity_type: str | None = None) -> list[dict[str, Any]]:
    sql = "SELECT data FROM entities"
    args: tuple[str, ...] = ()
    if entity_type:
        sql += " WHERE type=?"
        args = (entity_type.upper(),)
    return [json.loads(row["data"]) for row in store.conn.execute(sql + " ORDER BY id", args)]


def load_entity_summary(store: Store, entity_id: str) -> dict[str, Any] | None:
    """An entity without its mention list (cheap for a table row): id, name, type, aliases,
    titles, country."""
    row = store.conn.execute(
        "SELECT id, name, type, json_extract(data, '$.aliases'), json_extract(data, '$.titles'),"
        " json_extract(data, '$.country') FROM entities WHERE id=?",
        (entity_id,),
    ).fetchone()
    if row is None:
        return None
    found = {"id": row[0], "name": row[1], "type": row[2], "aliases": json.loads(row[3] or "[]")}
    found["titles"] = json.loads(row[4] or "[]")
    if row[5]:
        found["country"] = row[5]
    return found


def entity_index(store: Store) -> list[dict[str, Any]]:
    """Every entity's id, name, type, aliases and article count, without mention lists: what a
    name lookup needs, at a fraction of the cost of ``load_entities``."""
    rows = store.conn.execute(
        "SELECT id, name, type, json_extract(data, '$.aliases'), json_extract(data, '$.articles')"
        " FROM entities ORDER BY id"
    )
    return [
        {"id": r[0], "name": r[1], "type": r[2], "aliases": json.loads(r[3] or "[]"), "articles": r[4] or 0}
        for r in rows
    ]


def load_entity(store: Store, entity_id: str) -> dict[str, Any] | None:
    row = store.conn.execute("SELECT data FROM entities WHERE id=?", (entity_id,)).fetchone()
    return json.loads(row["data"]) if row else None


def entity_mention_rows(
    store: Store, articles: Collection[str] | None = None
) -> list[tuple[str, str, int, int, str]]:
    """(article_id, entity_id, start, end, entity type) of every resolved mention (of the
    given ``articles`` only, when given: a page of quotes needs no whole-store read)."""
    where, args = "", []
    if articles is not None:
        ids = sorted(set(articles))
        where, args = f" WHERE m.article_id IN ({','.join('?' * len(ids))})", ids
    rows = store.conn.execute(
        "SELECT m.article_id, m.entity_id, m.start, m.end, e.type FROM entity_mentions m"
        f" JOIN entities e ON e.id = m.entity_id{where} ORDER BY m.article_id, m.start",
        args,
    )
    return [(r[0], r[1], int(r[2]), int(r[3]), r[4]) for r in rows]


def entity_names(store: Store, ids: Collection[str]) -> dict[str, str]:
    """Entity id -> canonical name, for the given ids."""
    wanted = sorted(set(ids))
    rows = store.conn.execute(
        f"SELECT id, name FROM entities WHERE id IN ({','.join('?' * len(wanted))})", wanted
    )
    return {str(r[0]): str(r[1]) for r in rows}


def entity_articles(store: Store, entity_id: str) -> set[str]:
    """The articles that mention an entity."""
    rows = store.conn.execute(
        "SELECT DISTINCT article_id FROM entity_mentions WHERE entity_id=?", (entity_id,)
    )
    return {str(r[0]) for r in rows}


def add_override(
    store: Store, action: str, target: str, other: str | None = None, scope: str | None = None
) -> int:
    if action not in OVERRIDE_ACTIONS:
        raise StoreError(f"unknown override action {action!r}; use merge or split", code="E240")
    created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with store.conn:
        cur = store.conn.execute(
            "INSERT INTO entity_overrides (action, target, other, scope, created) VALUES (?,?,?,?,?)",
            (action, target, other, scope, created),
        )
    return int(cur.lastrowid or 0)


def list_overrides(store: Store) -> list[Override]:
    rows = store.conn.execute(
        "SELECT seq, action, target, other, scope, created FROM entity_overrides ORDER BY seq"
    )
    return [Override(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows]


def delete_override(store: Store, seq: int) -> bool:
    with store.conn:
        cur = store.conn.execute("DELETE FROM entity_overrides WHERE seq=?", (seq,))
    return cur.rowcount > 0


def iter_mention_items(store: Store) -> Iterator[Mention]:
    """Every stored mention with its ``article``; unordered, for bulk resolution
    (cheaper than ``Store.mentions``, which joins and sorts)."""
    loads = json.loads
    for article_id, data in store.conn.execute("SELECT article_id, data FROM items WHERE kind='mentions'"):
        item = loads(data)
        item["article"] = article_id
        yield Mention.from_dict(item)
