"""Storage of canonical events, their mentions, and the user's event merge/split overrides.

Events and event mentions are recomputed wholesale by ``storyline.resolve.resolve_events``;
overrides are the user's and are never touched by re-processing. The tables are part of the
store's schema (``sqlite.py``), so stores written before events existed gain them when opened.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..errors import StoreError
from .sqlite import Store

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
    with store.conn:
        store.conn.execute("DELETE FROM events")
        store.conn.execute("DELETE FROM event_mentions")
        store.conn.executemany(
            "INSERT INTO events (id, type, status, data) VALUES (?,?,?,?)",
            ((e["id"], e["type"], e["status"], json.dumps(e, ensure_ascii=False)) for e in events),
        )
        store.conn.executemany(
            "INSERT INTO event_mentions (event_id, article_id, start, end) VALUES (?,?,?,?)",
            ((e["id"], m["article"], m["start"], m["end"]) for e in events for m in e["mentions"]),
        )


def load_events(store: Store) -> list[dict[str, Any]]:
    return [json.loads(row["data"]) for row in store.conn.execute("SELECT data FROM events ORDER BY id")]


def load_event(store: Store, event_id: str) -> dict[str, Any] | None:
    row = store.conn.execute("SELECT data FROM events WHERE id=?", (event_id,)).fetchone()
    return json.loads(row["data"]) if row else None


def add_event_override(store: Store, action: str, target: str, other: str | None = None) -> int:
    """Record an override; ``target``/``other`` are mention refs (``article:start``)."""
    if action not in OVERRIDE_ACTIONS:
        raise StoreError(f"unknown override action {action!r}; use merge or split", code="E241")
    created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with store.conn:
        cur = store.conn.execute(
            "INSERT INTO event_overrides (action, target, other, created) VALUES (?,?,?,?)",
            (action, target, other, created),
        )
    return int(cur.lastrowid or 0)


def list_event_overrides(store: Store) -> list[EventOverride]:
    rows = store.conn.execute("SELECT seq, action, target, other, created FROM event_overrides ORDER BY seq")
    return [EventOverride(r[0], r[1], r[2], r[3], r[4]) for r in rows]


def delete_event_override(store: Store, seq: int) -> bool:
    with store.conn:
        cur = store.conn.execute("DELETE FROM event_overrides WHERE seq=?", (seq,))
    return cur.rowcount > 0
