"""Initial schema: outlets, articles, analyses, stories, story_articles, dossiers + search.

Full-text search: on SQLite a standalone FTS5 table ``articles_fts(article_id UNINDEXED,
title, text)`` kept in sync by the store; on PostgreSQL an expression GIN index over
``to_tsvector('english', title || ' ' || text)``. Other dialects search with LIKE.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger(__name__)

_ID = sa.String(200)
_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "outlets",
        sa.Column("id", _ID, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("domain", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_outlets"),
    )
    op.create_table(
        "articles",
        sa.Column("id", _ID, nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("outlet", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("published", _TS, nullable=True),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("language", sa.String(20), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_articles"),
    )
    op.create_index("ix_articles_published", "articles", ["published"])
    op.create_index("ix_articles_outlet", "articles", ["outlet"])
    op.create_index("ix_articles_content_hash", "articles", ["content_hash"])
    op.create_table(
        "analyses",
        sa.Column("article_id", _ID, nullable=False),
        sa.Column("nlp_version", sa.Text(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_analyses_article_id_articles",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", name="pk_analyses"),
    )
    op.create_table(
        "stories",
        sa.Column("id", _ID, nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("first_seen", _TS, nullable=True),
        sa.Column("last_seen", _TS, nullable=True),
        sa.Column("updated_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stories"),
    )
    op.create_index("ix_stories_last_seen", "stories", ["last_seen"])
    op.create_table(
        "story_articles",
        sa.Column("story_id", _ID, nullable=False),
        sa.Column("article_id", _ID, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["stories.id"],
            name="fk_story_articles_story_id_stories",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_story_articles_article_id_articles",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("story_id", "article_id", name="pk_story_articles"),
    )
    op.create_index("ix_story_articles_article_id", "story_articles", ["article_id"])
    op.create_table(
        "dossiers",
        sa.Column("story_id", _ID, nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["story_id"], ["stories.id"], name="fk_dossiers_story_id_stories", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("story_id", name="pk_dossiers"),
    )

    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        has_fts5 = bind.exec_driver_sql("SELECT sqlite_compileoption_used('ENABLE_FTS5')").scalar()
        if has_fts5:
            op.execute(
                "CREATE VIRTUAL TABLE articles_fts USING fts5("
                "article_id UNINDEXED, title, text, tokenize = 'unicode61 remove_diacritics 2')"
            )
        else:  # pragma: no cover - every mainstream SQLite build has FTS5
            log.warning("this SQLite has no FTS5; newsprism search falls back to LIKE")
    elif bind.dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX ix_articles_fts ON articles "
            "USING gin (to_tsvector('english', title || ' ' || text))"
        )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS articles_fts")
    elif bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_articles_fts")
    op.drop_table("dossiers")
    op.drop_index("ix_story_articles_article_id", table_name="story_articles")
    op.drop_table("story_articles")
    op.drop_index("ix_stories_last_seen", table_name="stories")
    op.drop_table("stories")
    op.drop_table("analyses")
    op.drop_index("ix_articles_content_hash", table_name="articles")
    op.drop_index("ix_articles_outlet", table_name="articles")
    op.drop_index("ix_articles_published", table_name="articles")
    op.drop_table("articles")
    op.drop_table("outlets")
