"""Incremental entity and event resolution: each entity keeps its group (``entities.grp``) and
the per-article chains are kept by group (``entity_chains``); each event mention keeps the record it was resolved from
(``event_mentions.data``), each event its creation order (``events.seq``), and the candidate
blocks live in ``event_blocks``; ``event_articles`` lists the articles resolved.

Stores of revision 0002 have none of these yet: their next resolution is a full one, which
writes them.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

Str = sa.Text().with_variant(postgresql.TEXT(collation="C"), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("entities") as batch:
        batch.add_column(sa.Column("grp", Str, nullable=True))
    op.create_index("entities_grp", "entities", ["grp"])
    op.create_table(
        "entity_chains",
        sa.Column("article_id", Str, nullable=False),
        sa.Column("cluster", sa.Integer(), nullable=False),
        sa.Column("grp", Str, nullable=True),
        sa.Column("data", Str, nullable=True),
        sa.PrimaryKeyConstraint("article_id", "cluster"),
    )
    op.create_index("entity_chains_grp", "entity_chains", ["grp"])
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("seq", sa.Integer(), nullable=True))
    with op.batch_alter_table("event_mentions") as batch:
        batch.add_column(sa.Column("data", Str, nullable=True))
    op.create_table(
        "event_blocks",
        sa.Column("family", Str, nullable=False),
        sa.Column("key", Str, nullable=False),
        sa.Column("event_id", Str, nullable=False),
        sa.Column("touched", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("family", "key", "event_id"),
    )
    op.create_index("event_blocks_touched", "event_blocks", ["family", "key", "touched"])
    op.create_table(
        "event_articles", sa.Column("article_id", Str, nullable=False), sa.PrimaryKeyConstraint("article_id")
    )


def downgrade() -> None:
    op.drop_index("entity_chains_grp", table_name="entity_chains")
    op.drop_table("entity_chains")
    op.drop_index("entities_grp", table_name="entities")
    with op.batch_alter_table("entities") as batch:
        batch.drop_column("grp")
    op.drop_table("event_articles")
    op.drop_index("event_blocks_touched", table_name="event_blocks")
    op.drop_table("event_blocks")
    with op.batch_alter_table("event_mentions") as batch:
        batch.drop_column("data")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("seq")
