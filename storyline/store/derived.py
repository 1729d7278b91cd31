"""Derived read tables: per-entity counts and each quote's speaker entity, kept in step with the
store so listings read them by index instead of recounting a million mentions per page.

    entity_counts(entity_id, mentions, articles, all_mentions, all_articles)
    quote_speakers(article_id, seq, kind, name, entity_id)   every quote: its kind, its
                        speaker's name as analyzed and the speaker's resolved entity (or NULL)

They are rebuilt, whole, the first time a read needs them after the articles, their duplicate
marks or the resolved entities changed (a fingerprint of those is kept in ``meta``), so no
writer has to remember them. Their layout is in ``schema.py`` with the other tables. Rebuilding a 10,000-article store takes seconds (once per change).
"""

from __future__ import annotations

import json
from collections.abc import Callable

import sqlalchemy as sa

from .entities import GENERATION
from .schema import articles as A
from .schema import entity_mentions as EM
from .schema import items as I
from .schema import json_text, quote_speakers
from .sqlite import Store

SpeakerLookup = Callable[[str, int, int], str | None]

KEY = "derived_fingerprint"
VERSION = 4  # of the derived tables' layout and rules: a store built with another is rebuilt

_COUNTS = sa.text(
    "INSERT INTO entity_counts (entity_id, mentions, articles, all_mentions, all_articles) SELECT e.id,"
    " coalesce(sum(CASE WHEN g.original THEN g.n END), 0),"
    " count(CASE WHEN g.original THEN 1 END), coalesce(sum(g.n), 0), count(g.article_id)"
    " FROM entities e LEFT JOIN ("
    "   SELECT m.entity_id, m.article_id, count(*) AS n, a.duplicate_of IS NULL AS original"
    "   FROM entity_mentions m JOIN articles a ON a.id = m.article_id"
    "   GROUP BY m.entity_id, m.article_id, a.duplicate_of"
    " ) g ON g.entity_id = e.id GROUP BY e.id"
)


def _fingerprint(store: Store) -> str:
    # Which articles are originals (a repoint changes the sum even when counts stay), and which
    # resolution the entity mentions come from (every resolve bumps the generation).
    conn = store.conn
    articles = conn.execute(
        sa.select(
            sa.func.count(),
            sa.func.coalesce(sa.func.sum(sa.case((A.c.duplicate_of.is_(None), A.c.seq))), 0),
            sa.func.max(A.c.seq),
            sa.func.coalesce(sa.func.sum(A.c.analysis_version), 0),
        )
    ).one()
    mentions = conn.execute(sa.select(sa.func.count()).select_from(EM)).scalar_one()
    quotes = conn.execute(sa.select(sa.func.count()).where(I.c.kind == "quotes")).scalar_one()
    values = [int(v or 0) for v in (*articles, mentions, quotes)]
    return json.dumps([VERSION, *values, store.get_meta(GENERATION)])


def ensure_derived(store: Store, lookup: Callable[[Store], SpeakerLookup]) -> None:
    """Make ``entity_counts`` and ``quote_speakers`` current. ``lookup`` builds the speaker
    span -> entity function (``storyline.resolve.speaker_entity_lookup``: the one rule)."""
    key = _fingerprint(store)
    if store.get_meta(KEY) == key:
        return
    find = lookup(store)
    speakers = []
    for article_id, seq, kind, name, start, end in store.conn.execute(
        sa.select(
            I.c.article_id,
            I.c.seq,
            json_text(I.c.data, "kind"),
            json_text(I.c.data, "speaker", "name"),
            json_text(I.c.data, "speaker", "start"),
            json_text(I.c.data, "speaker", "end"),
        ).where(I.c.kind == "quotes")
    ):
        entity = find(article_id, int(start), int(end)) if start is not None else None
        speakers.append(
            {"article_id": article_id, "seq": seq, "kind": kind, "name": name, "entity_id": entity}
        )
    # Derived, so rebuilt from scratch.
    with store.write():
        store.conn.execute(quote_speakers.delete())
        if speakers:
            store.conn.execute(quote_speakers.insert(), speakers)
        store.conn.execute(sa.text("DELETE FROM entity_counts"))
        store.conn.execute(_COUNTS)
        store.set_meta(KEY, key)
