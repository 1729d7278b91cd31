"""The resolved articles whose estimated window was written since their reports were given
their day (``event_redates``), so the events step re-dates from these instead of comparing every
undated article's estimate with ``event_articles.day``.

A store of revision 0004 marks every resolved undated article: its next events step compares
them all once (what every step did before) and keeps the marks of none that are settled.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

Str = sa.Text().with_variant(postgresql.TEXT(collation="C"), "postgresql")


def upgrade() -> None:
    op.create_table(
        "event_redates",
        sa.Column("article_id", Str, nullable=False),
        sa.PrimaryKeyConstraint("article_id"),
    )
    op.execute(
        "INSERT INTO event_redates (article_id) SELECT ea.article_id FROM event_articles ea"
        " JOIN articles a ON a.id = ea.article_id WHERE a.published IS NULL"
    )


def downgrade() -> None:
    op.drop_table("event_redates")
