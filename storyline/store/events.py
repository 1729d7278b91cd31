"""Storage of canonical events, their mentions, and the user's event merge/split overrides.

Events and event mentions are recomputed by ``storyline.resolve.resolve_events`` (wholesale, or
only the events new articles join: then from the mention records and blocks kept here);
overrides are the user's and are never touched by re-processing. The tables are part of the
store's schema (``schema.py``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from ..errors import StoreError
from ..models import EventOverride
from . import schema
from .schema import event_articles as EA
from .schema import event_blocks as B
from .schema import event_mentions as M
from .schema import event_overrides as O
from .schema import event_redates as R
from .schema import events as EV
from .schema import json_text
from .sqlite import IN_LIST, Store, chunks, new_key

OVERRIDE_ACTIONS = ("merge", "split")
STATE = "event_state"  # meta key: what the incremental resolution goes on from


EventRow = dict[str, Any]  # a mention row: event_id, article, start, end, record (with its merge reason)


def replace_events(
    store: Store,
    heads: Iterable[dict[str, Any]],
    rows: Iterable[EventRow],
    *,
    seqs: dict[str, int] | None = None,
    blocks: Iterable[tuple[str, str, list[tuple[str, int]]]] = (),
    articles: Iterable[str] = (),
    state: dict[str, Any] | None = None,
    summaries: dict[str, dict[str, Any]] | None = None,
) -> None:
    """Replace all events and their mentions, committed. ``heads``: each event without its
    history (``resolve.events.Event.head``); ``rows``: its mention records, from which the
    history is read back; with what an incremental resolution needs to go on from them
    (``seqs``: event id -> creation order; ``blocks``: (family, key, [(event id, touched)]);
    the articles resolved; the resolution's ``state``; ``summaries``: event id -> what a new
    mention is compared with)."""
    with store.write():
        for table in (EV, M, B, EA, R):
            store.conn.execute(table.delete())
        _write_events(store, list(heads), list(rows), seqs or {}, blocks, articles, summaries or {})
        _set_days(store, None)
        store.set_meta(CHANGES, "*")  # every event may have changed
        store.set_meta(STATE, json.dumps(state) if state is not None else "")


def update_events(
    store: Store,
    heads: Iterable[dict[str, Any]],
    rows: Iterable[EventRow],
    *,
    seqs: dict[str, int],
    blocks: Iterable[tuple[str, str, list[tuple[str, int]]]],
    articles: Iterable[str],
    state: dict[str, Any],
    summaries: dict[str, dict[str, Any]],
    redated: Collection[str],
    window_changes: tuple[Collection[str], Collection[str]],
) -> None:
    """Write the events new articles joined or started: their heads replaced; their mention
    rows in the new ``articles`` and the ``redated`` ones (the only ones that change, ``rows``)
    replaced, the others left as they are; the blocks they touched, the new articles, the
    state; committed."""
    heads, articles = list(heads), list(articles)
    fresh = set(articles) | set(redated)
    ids = [e["id"] for e in heads]
    with store.write():
        for chunk in chunks(ids):
            store.conn.execute(EV.delete().where(EV.c.id.in_(chunk)))
            for some in chunks(sorted(fresh)):
                store.conn.execute(M.delete().where(M.c.event_id.in_(chunk), M.c.article_id.in_(some)))
        blocks = list(blocks)
        for family, key, _members in blocks:
            store.conn.execute(B.delete().where(B.c.family == family, B.c.key == key))
        _write_events(store, heads, list(rows), seqs, blocks, articles, summaries)
        _set_days(store, sorted(fresh))
        _settle_redates(store)
        _add_event_changes(store, *window_changes)
        store.set_meta(STATE, json.dumps(state))


def _write_events(
    store: Store,
    heads: list[dict[str, Any]],
    rows: list[EventRow],
    seqs: dict[str, int],
    blocks: Iterable[tuple[str, str, list[tuple[str, int]]]],
    articles: Iterable[str],
    summaries: dict[str, dict[str, Any]],
) -> None:
    """The event rows, the mention rows, the blocks."""
    if heads:
        store.conn.execute(
            EV.insert(),
            [
                {
                    "id": e["id"],
                    "type": e["type"],
                    "status": e["status"],
                    "data": json.dumps(e, ensure_ascii=False),
                    "seq": seqs.get(e["id"]),
                    "summary": json.dumps(summary, ensure_ascii=False)
                    if (summary := summaries.get(e["id"])) is not None
                    else None,
                }
                for e in heads
            ],
        )
    if rows:
        store.conn.execute(
            M.insert(),
            [
                {
                    "event_id": r["event_id"],
                    "article_id": r["article"],
                    "start": r["start"],
                    "end": r["end"],
                    "data": json.dumps(r["record"], ensure_ascii=False),
                }
                for r in rows
            ],
        )
    block_rows = [
        {"family": family, "key": key, "event_id": event_id, "touched": touched}
        for family, key, members in blocks
        for event_id, touched in members
    ]
    if block_rows:
        store.conn.execute(B.insert(), block_rows)
    article_rows = [{"article_id": a} for a in articles]
    if article_rows:
        store.insert_ignore(EA, article_rows)


CHANGES = "event_changes"  # meta key: what the undated windows must read again
_CHANGES_KEPT = 5000  # past this many, "all": the windows read every undated article


@dataclass(frozen=True, slots=True)
class EventChanges:
    """Since the undated windows last read the events: the events whose date, dated reports or
    reports of having happened changed (their undated articles' windows may move), and the
    undated articles that report events anew."""

    events: frozenset[str]
    articles: frozenset[str]

    def __bool__(self) -> bool:
        return bool(self.events or self.articles)


def _add_event_changes(store: Store, ids: Collection[str], articles: Collection[str] = ()) -> None:
    known = event_changes(store)
    if known is None or not (ids or articles):
        return
    events, undated = known.events | set(ids), known.articles | set(articles)
    if len(events) + len(undated) > _CHANGES_KEPT:
        store.set_meta(CHANGES, "*")
        return
    store.set_meta(CHANGES, json.dumps({"events": sorted(events), "articles": sorted(undated)}))


def event_changes(store: Store) -> EventChanges | None:
    """What changed since ``clear_event_changes`` (None: too much to list, or a whole
    resolution: read everything)."""
    raw = store.get_meta(CHANGES)
    if raw == "*" or raw is None:
        return None  # a store resolved before this was kept: read as "all"
    if not raw:
        return EventChanges(frozenset(), frozenset())
    data = json.loads(raw)
    if isinstance(data, list):  # kept by an earlier storyline: events only
        return EventChanges(frozenset(data), frozenset())
    return EventChanges(frozenset(data["events"]), frozenset(data["articles"]))


def clear_event_changes(store: Store) -> None:
    """Say that what depends on the events has read them (within the caller's transaction)."""
    store.set_meta(CHANGES, "")


def undated_event_articles(store: Store, ids: Collection[str] | None) -> set[str]:
    """The undated articles (no publication date) with a mention in one of these events (all
    events: None)."""
    articles = schema.articles
    query = (
        sa.select(M.c.article_id)
        .distinct()
        .join(articles, articles.c.id == M.c.article_id)
        .where(articles.c.published.is_(None))
    )
    if ids is None:
        return {str(r[0]) for r in store.conn.execute(query)}
    out: set[str] = set()
    for chunk in chunks(sorted(set(ids))):
        out.update(str(r[0]) for r in store.conn.execute(query.where(M.c.event_id.in_(chunk))))
    return out


def window_events(store: Store, undated: Collection[str]) -> list[dict[str, Any]]:
    """What narrowing the windows of these undated articles reads of their events, without
    reading any event whole: per event with a date, its ``id``, ``name`` and ``date``, the
    reports of these articles (``history``), whether a dated article reports it
    (``reported_by_dated``) and how many articles report it as having happened (``held_by``,
    from two on: two). The last two come from the event's head (``window``); a head stored
    without it (before state version 3) is rewritten by the resolution that runs first."""
    from ..resolve.events import MentionRecord, status_history

    rows: dict[str, list[dict[str, Any]]] = {}
    for chunk in chunks(sorted(set(undated))):
        query = sa.select(M.c.event_id, M.c.data).where(M.c.article_id.in_(chunk), M.c.data.is_not(None))
        for event_id, data in store.conn.execute(query):
            rows.setdefault(str(event_id), []).append(json.loads(data))
    out: list[dict[str, Any]] = []
    for chunk in chunks(sorted(rows)):
        query = sa.select(EV.c.id, EV.c.data).where(EV.c.id.in_(chunk))
        heads = {str(i): json.loads(d) for i, d in store.conn.execute(query)}
        for event_id, head in heads.items():
            window = head.get("window")
            if not head.get("date") or window is None:
                continue
            records = sorted(rows[event_id], key=_order)
            out.append(
                {
                    "id": event_id,
                    "name": head.get("name"),
                    "date": head["date"],
                    "history": status_history(MentionRecord.from_dict(_record(r)) for r in records),
                    "reported_by_dated": bool(window["dated"]),
                    "held_by": int(window["held"]),
                }
            )
    return sorted(out, key=lambda e: str(e["id"]))


def event_state(store: Store) -> dict[str, Any] | None:
    """The last resolution's state (None: there is none to go on from, resolve all)."""
    raw = store.get_meta(STATE)
    return json.loads(raw) if raw else None


def block_members(
    store: Store, blocks: Collection[tuple[str, str]], reach: int
) -> dict[tuple[str, str], list[tuple[str, int]]]:
    """The latest ``reach`` events of each of these (family, key) blocks, oldest first, with
    their touched order (an empty list for a block with none)."""
    wanted = sorted(set(blocks))
    out: dict[tuple[str, str], list[tuple[str, int]]] = {block: [] for block in wanted}
    for chunk in chunks(wanted, IN_LIST // 2):  # two values a block
        rank = sa.func.row_number().over(partition_by=(B.c.family, B.c.key), order_by=B.c.touched.desc())
        inner = (
            sa.select(B.c.family, B.c.key, B.c.event_id, B.c.touched, rank.label("rank"))
            .where(sa.tuple_(B.c.family, B.c.key).in_(chunk))
            .subquery()
        )
        query = (
            sa.select(inner.c.family, inner.c.key, inner.c.event_id, inner.c.touched)
            .where(inner.c.rank <= reach)
            .order_by(inner.c.family, inner.c.key, inner.c.touched)
        )
        for family, key, event_id, touched in store.conn.execute(query):
            out[(str(family), str(key))].append((str(event_id), int(touched)))
    return out


def event_summaries(store: Store, ids: Collection[str]) -> dict[str, dict[str, Any]]:
    """Event id -> its stored summary (events stored without one are left out)."""
    out: dict[str, dict[str, Any]] = {}
    for chunk in chunks(sorted(set(ids))):
        query = sa.select(EV.c.id, EV.c.summary).where(EV.c.id.in_(chunk), EV.c.summary.is_not(None))
        for event_id, summary in store.conn.execute(query):
            out[str(event_id)] = json.loads(summary)
    return out


def stored_event_records(
    store: Store, event_id: str
) -> tuple[int, list[dict[str, str]], list[dict[str, Any]]] | None:
    """An event's creation order, merges and mention records; None when some record is
    missing (a store resolved before records were kept)."""
    row = store.conn.execute(sa.select(EV.c.seq, EV.c.data).where(EV.c.id == event_id)).first()
    if row is None or row[0] is None:
        return None
    head = json.loads(row[1])
    if "history" in head:
        return None  # stored whole, before its mentions carried the history
    found = _event_rows(store, [event_id]).get(event_id, [])
    if any(r is None for r in found):
        return None
    records = sorted((r for r in found if r is not None), key=_order)
    return int(row[0]), _merges(head, records), [_record(r) for r in records]


def _order(record: dict[str, Any]) -> tuple[str, str, int]:
    return (str(record.get("reported") or ""), str(record["article"]), int(record["start"]))


def _record(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != "reason"}


def _merges(head: dict[str, Any], records: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Why each mention joined (in report order), then the user's merges and splits."""
    joined = [
        {"from": f"{r['article']}:{r['start']}", "reason": str(r["reason"]), "article": str(r["article"])}
        for r in records
        if r.get("reason") is not None
    ]
    return joined + list(head.get("extra_merges") or [])


def _event_rows(store: Store, ids: Collection[str]) -> dict[str, list[dict[str, Any] | None]]:
    out: dict[str, list[dict[str, Any] | None]] = {}
    for chunk in chunks(sorted(set(ids))):
        query = sa.select(M.c.event_id, M.c.data).where(M.c.event_id.in_(chunk))
        for event_id, data in store.conn.execute(query):
            out.setdefault(str(event_id), []).append(json.loads(data) if data else None)
    return out


def _assembled(store: Store, heads: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events in the export shape: each head with its history, mentions and merges, read from
    its mention rows (a head stored whole, by an older storyline, as it is)."""
    from ..resolve.events import MentionRecord, assemble

    rows = _event_rows(store, [h["id"] for h in heads if "history" not in h])
    out = []
    for head in heads:
        if "history" in head:
            out.append(head)
            continue
        records = sorted((r for r in rows.get(head["id"], []) if r is not None), key=_order)
        mentions = [MentionRecord.from_dict(_record(r)) for r in records]
        out.append(assemble(head, mentions, _merges(head, records)))
    return out


def unresolved_event_articles(store: Store) -> list[str]:
    """Articles with ``events`` items whose events have not been resolved (originals only)."""
    items, articles = schema.items, schema.articles
    rows = store.conn.execute(
        sa.select(items.c.article_id)
        .distinct()
        .join(articles, articles.c.id == items.c.article_id)
        .where(
            items.c.kind == "events",
            articles.c.duplicate_of.is_(None),
            ~sa.exists().where(EA.c.article_id == items.c.article_id),
        )
        .order_by(items.c.article_id)
    )
    return [str(r[0]) for r in rows]


def _estimated_day() -> Any:
    """An article's estimated latest day (YYYY-MM-DD), in SQL: the day its undated reports take."""
    return sa.func.substr(json_text(schema.articles.c.published_estimate, "latest"), 1, 10)


def _latest_day() -> Any:
    """That day for the ``event_articles`` row at hand (None for a dated article)."""
    articles = schema.articles
    return (
        sa.select(_estimated_day())
        .where(articles.c.id == EA.c.article_id, articles.c.published.is_(None))
        .scalar_subquery()
    )


def _set_days(store: Store, ids: list[str] | None) -> None:
    """Record the day the reports of these resolved articles (all: None) were given."""
    if ids is None:
        store.conn.execute(EA.update().values(day=_latest_day()))
        return
    for chunk in chunks(ids):
        store.conn.execute(EA.update().where(EA.c.article_id.in_(chunk)).values(day=_latest_day()))


def _moved() -> Any:
    """Whether the ``event_articles`` row at hand is an undated article whose estimated latest
    day is not the day its reports were given."""
    articles = schema.articles
    return (
        sa.select(articles.c.id)
        .where(
            articles.c.id == EA.c.article_id,
            articles.c.published.is_(None),
            sa.func.coalesce(_estimated_day(), "") != sa.func.coalesce(EA.c.day, ""),
        )
        .exists()
    )


def _settle_redates(store: Store) -> None:
    """Forget the marks (``event_redates``) of the articles whose reports carry their day now."""
    unsettled = sa.select(EA.c.article_id).where(EA.c.article_id == R.c.article_id, _moved())
    store.conn.execute(R.delete().where(~unsettled.exists()))


def redated_event_articles(store: Store) -> list[tuple[str, str | None, list[str]]]:
    """(article, its latest estimated day, the events to re-date) of every undated article
    whose estimate moved since its reports were given (``event_articles.day``; only their
    mention records are read); the events are those some of whose reports of it carry another
    day than that (quotes dated by their own ``when`` excepted), maybe none. Only the articles
    whose estimate was written since (``event_redates``) are looked at: not every undated one."""
    articles = schema.articles
    latest = _estimated_day()
    moved = [
        str(r[0])
        for r in store.conn.execute(
            sa.select(EA.c.article_id).join(R, R.c.article_id == EA.c.article_id).where(_moved())
        )
    ]
    out: dict[str, tuple[str | None, list[str]]] = {}
    for chunk in chunks(sorted(moved)):
        query = sa.select(articles.c.id, latest).where(articles.c.id.in_(chunk))
        for article_id, day in store.conn.execute(query):
            out[str(article_id)] = (str(day) if day else None, [])
        rows = store.conn.execute(
            sa.select(M.c.article_id, M.c.event_id, M.c.data)
            .where(M.c.article_id.in_(chunk))
            .order_by(M.c.article_id, M.c.event_id)
        )
        for article_id, event_id, data in rows:
            day, ids = out[str(article_id)]
            record = json.loads(data) if data else {}
            if record.get("quote_day") or record.get("reported") == day:
                continue
            if str(event_id) not in ids:
                ids.append(str(event_id))
    return [(a, day, ids) for a, (day, ids) in out.items()]


def resolvable_event_articles(store: Store) -> list[str]:
    """Every original article with ``events`` items."""
    items, articles = schema.items, schema.articles
    rows = store.conn.execute(
        sa.select(items.c.article_id)
        .distinct()
        .join(articles, articles.c.id == items.c.article_id)
        .where(items.c.kind == "events", articles.c.duplicate_of.is_(None))
    )
    return sorted(str(r[0]) for r in rows)


def count_events(store: Store) -> int:
    return int(store.conn.execute(sa.select(sa.func.count()).select_from(EV)).scalar_one())


def resolved_among(store: Store, article_ids: Collection[str]) -> bool:
    """Whether any of these articles' events were resolved already."""
    ids = sorted(set(article_ids))
    for chunk in chunks(ids):
        if store.conn.execute(sa.select(EA.c.article_id).where(EA.c.article_id.in_(chunk)).limit(1)).first():
            return True
    return False


def load_events(store: Store, articles: Collection[str] | None = None) -> list[dict[str, Any]]:
    """Every stored event, or (``articles``) those with a mention in one of these articles."""
    if articles is None:
        heads = [json.loads(row[0]) for row in store.conn.execute(sa.select(EV.c.data).order_by(EV.c.id))]
        return _assembled(store, heads)
    ids: set[str] = set()
    for chunk in chunks(sorted(set(articles))):
        ids |= {
            str(r[0]) for r in store.conn.execute(sa.select(M.c.event_id).where(M.c.article_id.in_(chunk)))
        }
    found: list[dict[str, Any]] = []
    for chunk in chunks(sorted(ids)):
        found += (
            json.loads(r[0]) for r in store.conn.execute(sa.select(EV.c.data).where(EV.c.id.in_(chunk)))
        )
    return _assembled(store, sorted(found, key=lambda e: str(e["id"])))


def load_event(store: Store, event_id: str) -> dict[str, Any] | None:
    row = store.conn.execute(sa.select(EV.c.data).where(EV.c.id == event_id)).first()
    return _assembled(store, [json.loads(row[0])])[0] if row else None


def add_event_override(store: Store, action: str, target: str, other: str | None = None) -> int:
    """Record an override; ``target``/``other`` are mention refs (``article:start``)."""
    if action not in OVERRIDE_ACTIONS:
        raise StoreError(f"unknown override action {action!r}; use merge or split", code="E241")
    created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with store.write():
        result = store.conn.execute(
            O.insert().values(action=action, target=target, other=other, created=created)
        )
    return new_key(result)


def list_event_overrides(store: Store) -> list[EventOverride]:
    rows = store.conn.execute(
        sa.select(O.c.seq, O.c.action, O.c.target, O.c.other, O.c.created).order_by(O.c.seq)
    )
    return [EventOverride(r[0], r[1], r[2], r[3], r[4]) for r in rows]


def delete_event_override(store: Store, seq: int) -> bool:
    with store.write():
        result = store.conn.execute(O.delete().where(O.c.seq == seq))
    return result.rowcount > 0
