"""Online story clustering: assignments, story merges, feed polling state.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.String(200)
_URL = sa.String(2000)
_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "assignments",
        sa.Column("article_id", _ID, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("duplicate_of", _ID, nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("embedding", sa.LargeBinary(), nullable=True),
        sa.Column("assigned_at", _TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_assignments_article_id_articles",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", name="pk_assignments"),
    )
    op.create_index("ix_assignments_seq", "assignments", ["seq"], unique=True)
    op.create_index("ix_assignments_duplicate_of", "assignments", ["duplicate_of"])
    op.create_table(
        "story_merges",
        sa.Column("from_id", _ID, nullable=False),
        sa.Column("into_id", _ID, nullable=False),
        sa.Column("at", _TS, nullable=True),
        sa.Column("merged_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("from_id", name="pk_story_merges"),
    )
    op.create_index("ix_story_merges_into_id", "story_merges", ["into_id"])
    op.create_table(
        "feeds",
        sa.Column("url", _URL, nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("polled_at", _TS, nullable=True),
        sa.Column("changed_at", _TS, nullable=True),
        sa.PrimaryKeyConstraint("url", name="pk_feeds"),
    )
    op.create_table(
        "feed_entries",
        sa.Column("feed_url", _URL, nullable=False),
        sa.Column("entry_key", _URL, nullable=False),
        sa.Column("article_id", _ID, nullable=True),
        sa.Column("seen_at", _TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["feed_url"], ["feeds.url"], name="fk_feed_entries_feed_url_feeds", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("feed_url", "entry_key", name="pk_feed_entries"),
    )


def downgrade() -> None:
    op.drop_table("feed_entries")
    op.drop_table("feeds")
    op.drop_index("ix_story_merges_into_id", table_name="story_merges")
    op.drop_table("story_merges")
    op.drop_index("ix_assignments_duplicate_of", table_name="assignments")
    op.drop_index("ix_assignments_seq", table_name="assignments")
    op.drop_table("assignments")
