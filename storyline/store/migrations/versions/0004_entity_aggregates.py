"""Entities kept as aggregates: each entity's ``agg`` (what new chains add to) and each people
group's state (``entity_groups``), so new articles add to the entities they touch without
reading a group's old chains; each event's ``summary`` (what a new mention is compared with),
so candidate events are compared without reading their whole history; the day an undated
article's reports were given (``event_articles.day``), so finding the articles to re-date reads
no mention records.

Stores of revision 0003 have neither: their next resolution is a full one, which writes them.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

Str = sa.Text().with_variant(postgresql.TEXT(collation="C"), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("entities") as batch:
        batch.add_column(sa.Column("agg", Str, nullable=True))
    op.create_table(
        "entity_groups",
        sa.Column("grp", Str, nullable=False),
        sa.Column("data", Str, nullable=False),
        sa.PrimaryKeyConstraint("grp"),
    )
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("summary", Str, nullable=True))
    with op.batch_alter_table("event_articles") as batch:
        batch.add_column(sa.Column("day", Str, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("event_articles") as batch:
        batch.drop_column("day")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("summary")
    op.drop_table("entity_groups")
    with op.batch_alter_table("entities") as batch:
        batch.drop_column("agg")
