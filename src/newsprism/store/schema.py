"""SQLAlchemy Core tables of the newsprism store.

These ``Table`` objects are what the store queries. The schema itself is created and
changed only by the alembic migrations in ``store/migrations/versions``; a test compares
this metadata with a freshly migrated database so the two cannot drift apart.

Timestamps are stored as ``DateTime(timezone=True)`` through :class:`UTCDateTime`, which
always writes UTC and always reads back timezone-aware UTC (SQLite keeps no zone).
Analyses and dossiers are stored whole, as the pydantic JSON of the model.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

__all__ = [
    "metadata",
    "outlets",
    "articles",
    "analyses",
    "stories",
    "story_articles",
    "dossiers",
    "UTCDateTime",
    "FTS_TABLE",
]

#: Name of the SQLite FTS5 table (created by the migration on SQLite only; not in metadata).
FTS_TABLE = "articles_fts"

# Stable constraint names, so migrations on every dialect can refer to them.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every dialect (naive values are taken to be UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        # SQLite stores the text form; drop the zone so values sort and compare as text.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


outlets = Table(
    "outlets",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("name", Text, nullable=False),
    Column("domain", Text, nullable=True),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("url", Text, nullable=True),
    Column("outlet", Text, nullable=True),
    Column("title", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("published", UTCDateTime, nullable=True),
    Column("author", Text, nullable=True),
    Column("source", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("language", String(20), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Index("ix_articles_published", "published"),
    Index("ix_articles_outlet", "outlet"),
    Index("ix_articles_content_hash", "content_hash"),
)

analyses = Table(
    "analyses",
    metadata,
    Column(
        "article_id",
        String(200),
        ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("nlp_version", Text, nullable=False),
    Column("data", Text, nullable=False),
)

stories = Table(
    "stories",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("title", Text, nullable=False),
    Column("first_seen", UTCDateTime, nullable=True),
    Column("last_seen", UTCDateTime, nullable=True),
    Column("updated_at", UTCDateTime, nullable=False),
    Index("ix_stories_last_seen", "last_seen"),
)

story_articles = Table(
    "story_articles",
    metadata,
    Column(
        "story_id",
        String(200),
        ForeignKey("stories.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "article_id",
        String(200),
        ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    # Story.article_ids is an ordered list; keep its order.
    Column("position", Integer, nullable=False),
    Index("ix_story_articles_article_id", "article_id"),
)

dossiers = Table(
    "dossiers",
    metadata,
    Column(
        "story_id",
        String(200),
        ForeignKey("stories.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("data", Text, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)
