"""The resolved articles whose estimated window was written since their reports were given
their day (``event_redates``), so the events step re-dates from these instead of comparing every
undated article's estimate with ``event_articles.day``.

A store of revision 0004 marks the undated resolved articles whose estimate moved since their
reports took a day (what every events step used to look for, here once).

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
    if op.get_bind().dialect.name == "postgresql":
        latest = "(a.published_estimate::json #>> '{latest}')"
    else:
        latest = "json_extract(a.published_estimate, '$.latest')"
    op.execute(
        "INSERT INTO event_redates (article_id) SELECT ea.article_id FROM event_articles ea"
        " JOIN articles a ON a.id = ea.article_id WHERE a.published IS NULL"
        f" AND COALESCE(substr({latest}, 1, 10), '') != COALESCE(ea.day, '')"
    )


def downgrade() -> None:
    op.drop_table("event_redates")
