"""Storage of canonical entities, their mentions, and the user's merge/split overrides.

Entities and entity mentions are computed by ``storyline.resolve``: wholesale, or by adding new
articles' chains to the stored aggregates of the entities they touch (a name group is resolved
again from the chains kept here only when a rule's outcome changes); overrides are the user's and
are never touched by re-processing. An entity's mentions live in ``entity_mentions`` only; reading
an entity adds them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from ..errors import StoreError
from ..models import Mention
from . import schema
from .schema import entities as E
from .schema import entity_chains as EC
from .schema import entity_groups as EG
from .schema import entity_mentions as EM
from .schema import entity_overrides as EO
from .schema import json_text
from .sqlite import PAGE, Store, chunks, new_key

OVERRIDE_ACTIONS = ("merge", "split")
GENERATION = "entity_generation"  # meta key: bumped by every replace_entities


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


EntityRow = dict[str, Any]  # {id, name, type, data (the entity without mentions), grp, agg}
ChainRow = tuple[str, int, str | None, dict[str, Any] | None]  # (article, cluster, group, chain)


def replace_entities(
    store: Store,
    entities: Iterable[EntityRow],
    mentions: Iterable[tuple[str, str, int, int]],
    *,
    chains: Iterable[ChainRow] = (),
    groups: dict[str, dict[str, Any]] | None = None,
    state: dict[str, Any] | None = None,
) -> None:
    """Replace all entities and their (entity_id, article_id, start, end) mentions, committed;
    with what an incremental resolution goes on from (the (article, cluster, group, chain) rows;
    the people groups' states; the ``state``). The articles whose mentions now belong to other
    entities are added to ``entity_changes``."""
    mentions = list(mentions)
    with store.write():  # waits for other writers rather than fail
        query = sa.select(EM.c.entity_id, EM.c.article_id, EM.c.start, EM.c.end)
        before = {(str(r[0]), str(r[1]), int(r[2]), int(r[3])) for r in store.conn.execute(query)}
        _add_entity_changes(store, {row[1] for row in before.symmetric_difference(mentions)})
        for table in (E, EM, EC, EG):
            store.conn.execute(table.delete())
        _write_entities(store, list(entities), mentions, chains, groups or {})
        store.set_meta(STATE, json.dumps(state) if state is not None else "")


def save_entity_increment(
    store: Store,
    entities: Iterable[EntityRow],
    mentions: Iterable[tuple[str, str, int, int]],
    *,
    regrouped: Collection[str] = (),
    chains: Iterable[ChainRow],
    groups: dict[str, dict[str, Any]],
) -> None:
    """Store what new chains changed, committed: ``entities`` replace the stored rows with their
    ids, ``mentions`` are added; the entities of the ``regrouped`` groups (resolved again from
    all their chains) and their mentions are replaced first. Adds the new articles' ``chains``
    and the groups' states; the articles whose mentions moved go to ``entity_changes``."""
    entities, mentions = list(entities), list(mentions)
    with store.write():
        old_ids = [
            str(r[0])
            for chunk in chunks(sorted(set(regrouped)))
            for r in store.conn.execute(sa.select(E.c.id).where(E.c.grp.in_(chunk)))
        ]
        before: set[tuple[str, str, int, int]] = set()
        for chunk in chunks(old_ids):
            query = sa.select(EM.c.entity_id, EM.c.article_id, EM.c.start, EM.c.end).where(
                EM.c.entity_id.in_(chunk)
            )
            before |= {(str(r[0]), str(r[1]), int(r[2]), int(r[3])) for r in store.conn.execute(query)}
        again = set(regrouped)
        regrouped_ids = {e["id"] for e in entities if e["grp"] in again}
        after = {m for m in mentions if m[0] in regrouped_ids}
        moved = {row[1] for row in before.symmetric_difference(after)}
        _add_entity_changes(store, moved | {m[1] for m in mentions if m[0] not in regrouped_ids})
        for chunk in chunks(old_ids):
            store.conn.execute(EM.delete().where(EM.c.entity_id.in_(chunk)))
        for chunk in chunks(sorted(set(old_ids) | {e["id"] for e in entities})):
            store.conn.execute(E.delete().where(E.c.id.in_(chunk)))
        for chunk in chunks(sorted(groups)):
            store.conn.execute(EG.delete().where(EG.c.grp.in_(chunk)))
        _write_entities(store, entities, mentions, chains, groups)


def _write_entities(
    store: Store,
    entities: list[EntityRow],
    mentions: list[tuple[str, str, int, int]],
    chains: Iterable[ChainRow],
    groups: dict[str, dict[str, Any]],
) -> None:
    rows = [
        {
            "id": e["id"],
            "name": e["name"],
            "type": e["type"],
            "data": json.dumps(e["data"], ensure_ascii=False),
            "grp": e["grp"],
            "agg": json.dumps(e["agg"], ensure_ascii=False) if e["agg"] is not None else None,
        }
        for e in entities
    ]
    if rows:
        store.conn.execute(E.insert(), rows)
    mention_rows = [
        {"entity_id": e, "article_id": a, "start": start, "end": end} for e, a, start, end in mentions
    ]
    if mention_rows:
        store.conn.execute(EM.insert(), mention_rows)
    chain_rows = [
        {
            "article_id": article,
            "cluster": cluster,
            "grp": grp,
            "data": json.dumps(data, ensure_ascii=False) if data is not None else None,
        }
        for article, cluster, grp, data in chains
    ]
    if chain_rows:
        store.insert_ignore(EC, chain_rows)
    group_rows = [{"grp": g, "data": json.dumps(d, ensure_ascii=False)} for g, d in groups.items()]
    if group_rows:
        store.conn.execute(EG.insert(), group_rows)
    # Which resolution the mentions come from (the derived tables' fingerprint reads it).
    store.set_meta(GENERATION, str(int(store.get_meta(GENERATION) or 0) + 1))


def group_entities(store: Store, groups: Collection[str]) -> dict[str, dict[str, dict[str, Any]]]:
    """group -> entity id -> stored aggregate, for the entities of these groups."""
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for chunk in chunks(sorted(set(groups))):
        rows = store.conn.execute(sa.select(E.c.grp, E.c.id, E.c.agg).where(E.c.grp.in_(chunk)))
        for grp, eid, agg in rows:
            if agg is not None:
                out.setdefault(str(grp), {})[str(eid)] = json.loads(agg)
    return out


def group_states(store: Store, groups: Collection[str]) -> dict[str, dict[str, Any]]:
    """group -> stored state, for the people groups among these."""
    out: dict[str, dict[str, Any]] = {}
    for chunk in chunks(sorted(set(groups))):
        for grp, data in store.conn.execute(sa.select(EG.c.grp, EG.c.data).where(EG.c.grp.in_(chunk))):
            out[str(grp)] = json.loads(data)
    return out


STATE = "entity_state"  # meta key: what the incremental entity resolution goes on from


def entity_state(store: Store) -> dict[str, Any] | None:
    raw = store.get_meta(STATE)
    return json.loads(raw) if raw else None


def unresolved_entity_articles(store: Store) -> list[str]:
    """Articles with ``mentions`` items whose chains the entity resolution has not read."""
    items = schema.items
    rows = store.conn.execute(
        sa.select(items.c.article_id)
        .distinct()
        .where(items.c.kind == "mentions", ~sa.exists().where(EC.c.article_id == items.c.article_id))
        .order_by(items.c.article_id)
    )
    return [str(r[0]) for r in rows]


def mention_articles(store: Store) -> list[str]:
    """Every article with ``mentions`` items."""
    items = schema.items
    rows = store.conn.execute(sa.select(items.c.article_id).distinct().where(items.c.kind == "mentions"))
    return sorted(str(r[0]) for r in rows)


def chain_counts(store: Store, groups: Collection[str]) -> tuple[int, int]:
    """(stored chains in these groups, stored chains in all)."""
    inside = 0
    for chunk in chunks(sorted(set(groups))):
        inside += int(
            store.conn.execute(
                sa.select(sa.func.count()).select_from(EC).where(EC.c.grp.in_(chunk))
            ).scalar_one()
        )
    total = int(store.conn.execute(sa.select(sa.func.count()).select_from(EC)).scalar_one())
    return inside, total


def group_chains(store: Store, groups: Collection[str]) -> list[dict[str, Any]]:
    """The stored chains of these groups."""
    out: list[dict[str, Any]] = []
    for chunk in chunks(sorted(set(groups))):
        rows = store.conn.execute(sa.select(EC.c.data).where(EC.c.grp.in_(chunk), EC.c.data.is_not(None)))
        out.extend(json.loads(r[0]) for r in rows)
    return out


CHANGES = "entity_changes"  # meta key: articles whose entity mentions moved, not yet seen by events
_CHANGES_KEPT = 5000  # past this many, "some articles": the events resolve all again


def _add_entity_changes(store: Store, articles: set[str]) -> None:
    if not articles:
        return
    known = entity_changes(store)
    if known is None:
        return
    merged = known | articles
    store.set_meta(CHANGES, "*" if len(merged) > _CHANGES_KEPT else json.dumps(sorted(merged)))


def entity_changes(store: Store) -> set[str] | None:
    """The articles whose entity mentions moved since the events last read them (None: too
    many to list)."""
    raw = store.get_meta(CHANGES)
    if raw == "*":
        return None
    return set(json.loads(raw)) if raw else set()


def clear_entity_changes(store: Store) -> None:
    with store.write():
        store.set_meta(CHANGES, "")


def load_entities(store: Store, entity_type: str | None = None) -> list[dict[str, Any]]:
    """Every entity as exported, its mentions included (in article, then text order)."""
    query = sa.select(E.c.data)
    if entity_type:
        query = query.where(E.c.type == entity_type.upper())
    found = [json.loads(row[0]) for row in store.conn.execute(query.order_by(E.c.id))]
    spans: dict[str, list[dict[str, Any]]] = {}
    rows = store.conn.execute(
        sa.select(EM.c.entity_id, EM.c.article_id, EM.c.start, EM.c.end).order_by(
            EM.c.entity_id, EM.c.article_id, EM.c.start, EM.c.end
        )
    )
    for eid, article, start, end in rows:
        spans.setdefault(str(eid), []).append({"article": article, "start": int(start), "end": int(end)})
    for entity in found:
        entity["mentions"] = spans.get(entity["id"], [])
    return found


def load_entity_summary(store: Store, entity_id: str) -> dict[str, Any] | None:
    """An entity without its mention list (cheap for a table row): id, name, type, aliases,
    titles, country."""
    row = store.conn.execute(
        sa.select(
            E.c.id,
            E.c.name,
            E.c.type,
            json_text(E.c.data, "aliases"),
            json_text(E.c.data, "titles"),
            json_text(E.c.data, "country"),
        ).where(E.c.id == entity_id)
    ).first()
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
        sa.select(
            E.c.id, E.c.name, E.c.type, json_text(E.c.data, "aliases"), json_text(E.c.data, "articles")
        ).order_by(E.c.id)
    )
    return [
        {
            "id": r[0],
            "name": r[1],
            "type": r[2],
            "aliases": json.loads(r[3] or "[]"),
            "articles": int(r[4] or 0),
        }
        for r in rows
    ]


def load_entity(store: Store, entity_id: str) -> dict[str, Any] | None:
    """One entity as exported, its mentions included."""
    row = store.conn.execute(sa.select(E.c.data).where(E.c.id == entity_id)).first()
    if row is None:
        return None
    entity: dict[str, Any] = json.loads(row[0])
    rows = store.conn.execute(
        sa.select(EM.c.article_id, EM.c.start, EM.c.end)
        .where(EM.c.entity_id == entity_id)
        .order_by(EM.c.article_id, EM.c.start, EM.c.end)
    )
    entity["mentions"] = [{"article": a, "start": int(s), "end": int(e)} for a, s, e in rows]
    return entity


def entity_name(store: Store, entity_id: str) -> str | None:
    """An entity's canonical name, None when no entity has that id."""
    row = store.conn.execute(sa.select(E.c.name).where(E.c.id == entity_id)).first()
    return str(row[0]) if row else None


def count_entities(store: Store) -> int:
    return int(store.conn.execute(sa.select(sa.func.count()).select_from(E)).scalar_one())


def has_entities(store: Store) -> bool:
    return store.conn.execute(sa.select(E.c.id).limit(1)).first() is not None


def has_mention_items(store: Store) -> bool:
    items = schema.items
    return (
        store.conn.execute(sa.select(items.c.seq).where(items.c.kind == "mentions").limit(1)).first()
        is not None
    )


def entity_mention_rows(
    store: Store, articles: Collection[str] | None = None
) -> list[tuple[str, str, int, int, str]]:
    """(article_id, entity_id, start, end, entity type) of every resolved mention (of the
    given ``articles`` only, when given: a page of quotes needs no whole-store read)."""
    query = sa.select(EM.c.article_id, EM.c.entity_id, EM.c.start, EM.c.end, E.c.type).join(
        E, E.c.id == EM.c.entity_id
    )
    if articles is not None:
        query = query.where(EM.c.article_id.in_(sorted(set(articles))))
    rows = store.conn.execute(query.order_by(EM.c.article_id, EM.c.start))
    return [(r[0], r[1], int(r[2]), int(r[3]), r[4]) for r in rows]


def entity_names(store: Store, ids: Collection[str]) -> dict[str, str]:
    """Entity id -> canonical name, for the given ids."""
    rows = store.conn.execute(sa.select(E.c.id, E.c.name).where(E.c.id.in_(sorted(set(ids)))))
    return {str(r[0]): str(r[1]) for r in rows}


def entity_articles(store: Store, entity_id: str) -> set[str]:
    """The articles that mention an entity."""
    rows = store.conn.execute(sa.select(EM.c.article_id).distinct().where(EM.c.entity_id == entity_id))
    return {str(r[0]) for r in rows}


def add_override(
    store: Store, action: str, target: str, other: str | None = None, scope: str | None = None
) -> int:
    if action not in OVERRIDE_ACTIONS:
        raise StoreError(f"unknown override action {action!r}; use merge or split", code="E240")
    created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with store.write():
        result = store.conn.execute(
            EO.insert().values(action=action, target=target, other=other, scope=scope, created=created)
        )
    return new_key(result)


def list_overrides(store: Store) -> list[Override]:
    rows = store.conn.execute(
        sa.select(EO.c.seq, EO.c.action, EO.c.target, EO.c.other, EO.c.scope, EO.c.created).order_by(EO.c.seq)
    )
    return [Override(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows]


def delete_override(store: Store, seq: int) -> bool:
    with store.write():
        result = store.conn.execute(EO.delete().where(EO.c.seq == seq))
    return result.rowcount > 0


def iter_mention_items(store: Store) -> Iterator[Mention]:
    """Every stored mention with its ``article``, for bulk resolution, in article ingest then
    text order, read a page at a time."""
    items, articles = schema.items, schema.articles
    loads = json.loads
    last: tuple[int, int] = (-1, -1)
    while True:
        rows = store.conn.execute(
            sa.select(articles.c.seq, items.c.seq, items.c.article_id, items.c.data)
            .join(articles, articles.c.id == items.c.article_id)
            .where(items.c.kind == "mentions", sa.tuple_(articles.c.seq, items.c.seq) > sa.tuple_(*last))
            .order_by(articles.c.seq, items.c.seq)
            .limit(PAGE * 10)
        ).all()
        if not rows:
            return
        for _article_seq, _seq, article_id, data in rows:
            item = loads(data)
            item["article"] = article_id
            yield Mention.from_dict(item)
        last = (int(rows[-1][0]), int(rows[-1][1]))
