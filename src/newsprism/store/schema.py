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
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
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
    "assignments",
    "story_merges",
    "story_splits",
    "feeds",
    "feed_entries",
    "sentence_vectors",
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

# -- online story clustering (migration 0002) ---------------------------------------------

assignments = Table(
    "assignments",
    metadata,
    # How the online clusterer placed each article: the order it was placed in (``seq``,
    # the replay order), the original it near-duplicates and the decision score. Which story
    # it is in is ``story_articles``; the clusterer's embedding is kept (float16) so the
    # clusterer can be rebuilt from the store without running the model again.
    Column(
        "article_id",
        String(200),
        ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("seq", Integer, nullable=False),
    Column("duplicate_of", String(200), nullable=True),
    Column("score", Float, nullable=True),
    Column("embedding", LargeBinary, nullable=True),
    Column("assigned_at", UTCDateTime, nullable=False),
    Index("ix_assignments_seq", "seq", unique=True),
    Index("ix_assignments_duplicate_of", "duplicate_of"),
)

story_merges = Table(
    "story_merges",
    metadata,
    # Story ``from_id`` was merged into ``into_id`` (kept pointing at the current survivor),
    # so an old story id still resolves.
    Column("from_id", String(200), primary_key=True),
    Column("into_id", String(200), nullable=False),
    Column("at", UTCDateTime, nullable=True),
    Column("merged_at", UTCDateTime, nullable=False),
    Index("ix_story_merges_into_id", "into_id"),
)

story_splits = Table(
    "story_splits",
    metadata,
    # (migration 0004) The members of story ``from_id`` from article ``first_id`` on left it
    # as the new story ``new_id`` when the article published at ``at`` was placed (the
    # clusterer's split repair, opt-in). A history, one row per split: ids stay as they
    # were at the split (``from_id`` may have been merged away since: resolve it).
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("from_id", String(200), nullable=False),
    Column("new_id", String(200), nullable=False),
    Column("first_id", String(200), nullable=False),
    Column("at", UTCDateTime, nullable=True),
    Column("split_at", UTCDateTime, nullable=False),
    Index("ix_story_splits_from_id", "from_id"),
    Index("ix_story_splits_new_id", "new_id"),
)

feeds = Table(
    "feeds",
    metadata,
    # Conditional-GET state of each polled feed, so a restarted ``watch`` keeps it.
    Column("url", String(2000), primary_key=True),
    Column("etag", Text, nullable=True),
    Column("last_modified", Text, nullable=True),
    Column("status", Integer, nullable=True),
    Column("polled_at", UTCDateTime, nullable=True),
    Column("changed_at", UTCDateTime, nullable=True),
)

feed_entries = Table(
    "feed_entries",
    metadata,
    # Entries already ingested from a feed (by guid, else link): never fetched again.
    Column(
        "feed_url",
        String(2000),
        ForeignKey("feeds.url", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("entry_key", String(2000), primary_key=True),
    Column("article_id", String(200), nullable=True),
    Column("seen_at", UTCDateTime, nullable=False),
)

# -- sentence vectors of the comparison engine (migration 0003) ----------------------------

sentence_vectors = Table(
    "sentence_vectors",
    metadata,
    # One row per (embedder name, SHA-1 hex of the whitespace-normalised sentence text): the
    # L2-normalised vector as little-endian float16. Written when an article is analysed
    # (pipeline.embed_sentences) and by the comparison for any sentence still missing, so
    # comparing (and re-comparing a growing story) never runs the model twice for a sentence.
    # Keyed by text, not by article: wire copies share rows, and rows outlive their articles
    # (a cache; nothing reads a row without first hashing a current sentence).
    Column("embedder", String(200), primary_key=True),
    Column("text_hash", String(40), primary_key=True),
    Column("vector", LargeBinary, nullable=False),
)
