"""Derived read tables: per-entity counts and each quote's speaker entity, kept in step with the
store so listings read them by index instead of recounting a million mentions per page.

    entity_counts(entity_id, mentions, articles, all_mentions, all_articles)
    quote_speakers(article_id, seq, kind, name, entity_id)   every quote: its kind, its
                        speaker's name as analyzed and the speaker's resolved entity (or NULL)

They are rebuilt, whole, the first time a read needs them after the articles, their duplicate
marks or the resolved entities changed (a fingerprint of those is kept in ``meta``), so no
writer has to remember them. Rebuilding a 10,000-article store takes seconds (once per change).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

from .sqlite import Store

SpeakerLookup = Callable[[str, int, int], str | None]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entity_counts (
    entity_id TEXT PRIMARY KEY,
    mentions INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    all_mentions INTEGER NOT NULL,
    all_articles INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS entity_counts_mentions ON entity_counts(mentions);
CREATE INDEX IF NOT EXISTS entity_counts_all_mentions ON entity_counts(all_mentions);
CREATE TABLE IF NOT EXISTS quote_speakers (
    article_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    kind TEXT,
    name TEXT,
    entity_id TEXT,
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX IF NOT EXISTS quote_speakers_entity ON quote_speakers(entity_id, article_id);
CREATE INDEX IF NOT EXISTS quote_speakers_kind ON quote_speakers(kind, article_id);
"""
KEY = "derived_fingerprint"
VERSION = 3  # of the derived tables' layout: a store built with another is rebuilt


def _fingerprint(conn: sqlite3.Connection) -> str:
    # Which articles are originals (a repoint changes the sum even when counts stay), and which
    # resolution the entity mentions come from (every resolve inserts new rowids).
    articles = conn.execute(
        "SELECT count(*), total(CASE WHEN duplicate_of IS NULL THEN seq END), max(seq),"
        " total(analysis_version) FROM articles"
    ).fetchone()
    mentions = conn.execute("SELECT count(*), max(rowid) FROM entity_mentions").fetchone()
    items = conn.execute("SELECT count(*) FROM items WHERE kind='quotes'").fetchone()
    return json.dumps([VERSION, *articles, *mentions, *items])


def ensure_derived(store: Store, lookup: Callable[[Store], SpeakerLookup]) -> None:
    """Make ``entity_counts`` and ``quote_speakers`` current. ``lookup`` builds the speaker
    span -> entity function (``storyline.resolve.speaker_entity_lookup``: the one rule)."""
    conn = store.conn
    key = _fingerprint(conn)
    row = conn.execute("SELECT value FROM meta WHERE key=?", (KEY,)).fetchone()
    if row is not None and row[0] == key:
        return
    find = lookup(store)
    speakers = []
    for article_id, seq, kind, name, start, end in conn.execute(
        "SELECT article_id, seq, json_extract(data, '$.kind'), json_extract(data, '$.speaker.name'),"
        " json_extract(data, '$.speaker.start'), json_extract(data, '$.speaker.end')"
        " FROM items WHERE kind='quotes'"
    ):
        entity = find(article_id, int(start), int(end)) if start is not None else None
        speakers.append((article_id, seq, kind, name, entity))
    # Derived, so rebuilt from scratch (also when their layout changed: VERSION).
    conn.executescript("DROP TABLE IF EXISTS quote_speakers; DROP TABLE IF EXISTS entity_counts;" + _SCHEMA)
    with conn:
        conn.executemany("INSERT INTO quote_speakers VALUES (?,?,?,?,?)", speakers)
        conn.execute("DELETE FROM entity_counts")
        conn.execute(
            "INSERT INTO entity_counts SELECT e.id,"
            " coalesce(sum(CASE WHEN g.original THEN g.n END), 0),"
            " count(CASE WHEN g.original THEN 1 END), coalesce(sum(g.n), 0), count(g.article_id)"
            " FROM entities e LEFT JOIN ("
            "   SELECT m.entity_id, m.article_id, count(*) AS n, a.duplicate_of IS NULL AS original"
            "   FROM entity_mentions m JOIN articles a ON a.id = m.article_id"
            "   GROUP BY m.entity_id, m.article_id"
            " ) g ON g.entity_id = e.id GROUP BY e.id"
        )
        conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (KEY, key))
