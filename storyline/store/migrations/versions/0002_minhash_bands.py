"""The near-duplicate index moves into the store: ``minhash_bands`` (band, bucket -> article).

Stores of revision 0001 have no bands yet: the next ingest indexes their originals once
(``Store.ensure_minhash_bands``).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

Str = sa.Text().with_variant(postgresql.TEXT(collation="C"), "postgresql")


def upgrade() -> None:
    op.create_table(
        "minhash_bands",
        sa.Column("band", sa.Integer(), nullable=False),
        sa.Column("bucket", postgresql.BIGINT().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("article_id", Str, nullable=False),
        sa.PrimaryKeyConstraint("band", "bucket", "article_id"),
    )
    op.create_index("minhash_bands_article", "minhash_bands", ["article_id"])


def downgrade() -> None:
    op.drop_index("minhash_bands_article", table_name="minhash_bands")
    op.drop_table("minhash_bands")
