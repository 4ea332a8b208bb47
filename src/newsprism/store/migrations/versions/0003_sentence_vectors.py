"""Sentence vectors of the comparison engine, stored once per (embedder, sentence text).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sentence_vectors",
        sa.Column("embedder", sa.String(200), nullable=False),
        sa.Column("text_hash", sa.String(40), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("embedder", "text_hash", name="pk_sentence_vectors"),
    )


def downgrade() -> None:
    op.drop_table("sentence_vectors")
