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

# The tables of this revision. Later revisions add theirs with op.create_table, never here.
TABLES = (
    "meta",
    "articles",
    "items",
    "files",
    "entities",
    "entity_mentions",
    "entity_overrides",
    "stories",
    "story_articles",
    "story_postings",
    "story_df",
    "story_merges",
    "story_apart",
    "story_overrides",
    "events",
    "event_mentions",
    "event_overrides",
    "entity_counts",
    "quote_speakers",
)
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
    tables = [schema.metadata.tables[name] for name in TABLES if name not in existing]
    schema.metadata.create_all(bind, tables=tables, checkfirst=True)
    if existing:  # indexes the old layout gained over time
        for name in TABLES:
            if name in existing:
                present = {i["name"] for i in inspector.get_indexes(name)}
                for index in schema.metadata.tables[name].indexes:
                    if index.name not in present:
                        index.create(bind)


def downgrade() -> None:
    for name in reversed(TABLES):
        op.drop_table(name)
