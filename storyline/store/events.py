"""Storage of canonical events, their mentions, and the user's event merge/split overrides.

Events and event mentions are recomputed wholesale by ``storyline.resolve.resolve_events``;
overrides are the user's and are never touched by re-processing. The tables are part of the
store's schema (``schema.py``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from ..errors import StoreError
from .schema import event_mentions as M
from .schema import event_overrides as O
from .schema import events as EV
from .sqlite import Store, new_key

OVERRIDE_ACTIONS = ("merge", "split")


@dataclass(frozen=True, slots=True)
class EventOverride:
    """``merge``: the event holding mention ``other`` joins the event holding ``target``.
    ``split``: mention ``target`` becomes an event of its own. Mentions are ``article:start``."""

    seq: int
    action: str
    target: str
    other: str | None
    created: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "action": self.action,
            "target": self.target,
            "other": self.other,
            "created": self.created,
        }


def replace_events(store: Store, events: Iterable[dict[str, Any]]) -> None:
    """Replace all events and their mentions, committed."""
    events = list(events)
    with store.write():
        store.conn.execute(EV.delete())
        store.conn.execute(M.delete())
        if events:
            store.conn.execute(
                EV.insert(),
                [
                    {
                        "id": e["id"],
                        "type": e["type"],
                        "status": e["status"],
                        "data": json.dumps(e, ensure_ascii=False),
                    }
                    for e in events
                ],
            )
        mentions = [
            {"event_id": e["id"], "article_id": m["article"], "start": m["start"], "end": m["end"]}
            for e in events
            for m in e["mentions"]
        ]
        if mentions:
            store.conn.execute(M.insert(), mentions)


def load_events(store: Store) -> list[dict[str, Any]]:
    return [json.loads(row[0]) for row in store.conn.execute(sa.select(EV.c.data).order_by(EV.c.id))]


def load_event(store: Store, event_id: str) -> dict[str, Any] | None:
    row = store.conn.execute(sa.select(EV.c.data).where(EV.c.id == event_id)).first()
    return json.loads(row[0]) if row else None


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
