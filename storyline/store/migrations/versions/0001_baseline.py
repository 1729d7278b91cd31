"""Baseline: the layout of store version 1 (articles, items, files, entities, stories, events).

Also the upgrade of stores written before migrations existed (hand-written in-place upgrades):
tables they lack are created and the ``articles`` columns added since the first layout are
added, so such a store ends at this revision like a new one.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from storyline.store import schema

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# The tables and columns of this revision, frozen: a later change to schema.py comes with its own
# revision (op.add_column, op.create_table ...), and this one keeps creating what it always did.
COLUMNS: dict[str, tuple[str, ...]] = {
    "meta": ("key", "value"),
    "articles": (
        "seq", "id", "source", "outlet", "title", "url", "published", "published_estimate",
        "language", "text", "removed", "duplicate_of", "text_hash", "minhash", "analysis_version",
        "crawled", "ingested", "encoding", "analysis_attempts", "analysis_error", "analysis_note",
        "restored",
    ),
    "items": ("article_id", "kind", "seq", "start", "end", "data"),
    "files": ("path", "size", "mtime_ns", "articles"),
    "entities": ("id", "name", "type", "data"),
    "entity_mentions": ("entity_id", "article_id", "start", "end"),
    "entity_overrides": ("seq", "action", "target", "other", "scope", "created"),
    "stories": ("id", "created", "data"),
    "story_articles": ("article_id", "story_id"),
    "story_postings": ("key", "story_id"),
    "story_df": ("key", "df"),
    "story_merges": ("seq", "kept", "absorbed", "reason", "article", "created"),
    "story_apart": ("a", "b"),
    "story_overrides": ("seq", "action", "articles", "story", "created"),
    "events": ("id", "type", "status", "data"),
    "event_mentions": ("event_id", "article_id", "start", "end"),
    "event_overrides": ("seq", "action", "target", "other", "created"),
    "entity_counts": ("entity_id", "mentions", "articles", "all_mentions", "all_articles"),
    "quote_speakers": ("article_id", "seq", "kind", "name", "entity_id"),
}  # fmt: skip
TABLES = tuple(COLUMNS)


def _baseline() -> sa.MetaData:
    """This revision's tables: the frozen columns, typed and indexed as in ``schema.py``."""
    frozen = sa.MetaData()
    for name, columns in COLUMNS.items():
        live = schema.metadata.tables[name]
        table = sa.Table(name, frozen, *(live.c[c]._copy() for c in columns), **live.dialect_kwargs)
        for index in live.indexes:
            if all(c.name in columns for c in index.columns):
                sa.Index(index.name, *(table.c[c.name] for c in index.columns), unique=bool(index.unique))
    return frozen


# Columns of articles that the first stores lacked (added by the old in-place upgrade).
ADDED_ARTICLE_COLUMNS: dict[str, sa.types.TypeEngine[Any]] = {
    "crawled": sa.Text(),
    "ingested": sa.Text(),
    "encoding": sa.Text(),
    "restored": sa.Text(),
    "analysis_attempts": sa.Integer(),
    "analysis_error": sa.Text(),
    "analysis_note": sa.Text(),
}


def upgrade() -> None:
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    existing = set(inspector.get_table_names())
    if "articles" in existing:
        columns = {c["name"] for c in inspector.get_columns("articles")}
        for name, kind in ADDED_ARTICLE_COLUMNS.items():
            if name not in columns:
                default = "0" if name == "analysis_attempts" else None
                op.add_column(
                    "articles", sa.Column(name, kind, nullable=default is None, server_default=default)
                )
    baseline = _baseline()
    tables = [baseline.tables[name] for name in TABLES if name not in existing]
    baseline.create_all(bind, tables=tables, checkfirst=True)
    if existing:  # indexes the old layout gained over time
        for name in TABLES:
            if name in existing:
                present = {i["name"] for i in inspector.get_indexes(name)}
                for index in baseline.tables[name].indexes:
                    if index.name not in present:
                        index.create(bind)


def downgrade() -> None:
    for name in reversed(TABLES):
        op.drop_table(name)
