"""Story splits of the online clusterer (opt-in split repair).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.String(200)
_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    # A database that already has the table (e.g. written by a branch build) keeps it.
    if sa.inspect(op.get_bind()).has_table("story_splits"):
        return
    op.create_table(
        "story_splits",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("from_id", _ID, nullable=False),
        sa.Column("new_id", _ID, nullable=False),
        sa.Column("first_id", _ID, nullable=False),
        sa.Column("at", _TS, nullable=True),
        sa.Column("split_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_story_splits"),
    )
    op.create_index("ix_story_splits_from_id", "story_splits", ["from_id"])
    op.create_index("ix_story_splits_new_id", "story_splits", ["new_id"])


def downgrade() -> None:
    op.drop_index("ix_story_splits_new_id", table_name="story_splits")
    op.drop_index("ix_story_splits_from_id", table_name="story_splits")
    op.drop_table("story_splits")
