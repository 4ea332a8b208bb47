"""The newsprism store: articles, analyses, stories and dossiers in one SQL database.

``Store(url)`` takes any SQLAlchemy URL (the CLI default is ``sqlite:///newsprism.db``),
creates the SQLite file's directory when missing, and brings the schema up to date with
the alembic migrations shipped in ``store/migrations`` (a no-op when already current).
Every write is one transaction; every database failure surfaces as
:class:`~newsprism.errors.StoreError` with a one-line message.

SQLite connections run with ``journal_mode=WAL``, ``foreign_keys=ON``, a busy timeout,
and real transactions (the driver's legacy mode would autocommit DDL and let reads run
outside the transaction); write transactions use ``BEGIN IMMEDIATE`` so they wait for the
lock instead of failing half way.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Self

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import (
    Connection,
    Engine,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.engine import URL, Row, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from ..errors import StoreError, UsageError
from ..ids import slug, url_host
from ..models import Article, ArticleAnalysis, Outlet, Story, StoryDossier
from . import search as _fts
from .schema import (
    FTS_TABLE,
    analyses,
    articles,
    dossiers,
    outlets,
    sentence_vectors,
    stories,
    story_articles,
)
from .stream import StreamStoreMixin, _resolve

__all__ = ["Store", "MIGRATIONS", "BUSY_TIMEOUT_MS"]

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 30_000
_CHUNK = 500  # ids per IN (...) clause, well under every dialect's parameter limit
_WRITE = "newsprism_write"

Upserted = Literal["ingested", "unchanged", "updated"]


def _now() -> datetime:
    return datetime.now(UTC)


def _reason(exc: BaseException) -> str:
    """The first line of the driver's message (not SQLAlchemy's multi-line wrapper)."""
    orig = getattr(exc, "orig", None)
    msg = str(orig if orig is not None else exc).strip()
    return msg.splitlines()[0] if msg else type(exc).__name__


def _chunks(ids: Sequence[str]) -> Iterator[list[str]]:
    for i in range(0, len(ids), _CHUNK):
        yield list(ids[i : i + _CHUNK])


def _unique(ids: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def _is_memory(url: URL) -> bool:
    return url.database in (None, "", ":memory:") or str(url.database).startswith("file::memory:")


def _enable_wal(cur: Any) -> None:
    """Switch the file to WAL (persistent). Changing the journal mode needs an exclusive
    lock and SQLite does not run the busy handler for it, so retry while others hold it."""
    if str(cur.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
        return
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    delay = 0.005
    while True:
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.1)


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    return cfg


def _article_values(a: Article) -> dict[str, Any]:
    return {
        "id": a.id,
        "url": a.url,
        "outlet": a.outlet,
        "title": a.title,
        "text": a.text,
        "published": a.published,
        "author": a.author,
        "source": a.source,
        "content_hash": a.content_hash,
        "language": a.language,
    }


def _article(row: Row[Any]) -> Article:
    m = row._mapping
    return Article(
        id=m["id"],
        title=m["title"],
        text=m["text"],
        outlet=m["outlet"],
        url=m["url"],
        published=m["published"],
        author=m["author"],
        source=m["source"],
        content_hash=m["content_hash"],
        language=m["language"],
    )


def _unchanged(old: Article, new: Article) -> bool:
    """Same title and metadata, and same content (by content hash when both have one)."""
    if old.model_dump(exclude={"text"}) != new.model_dump(exclude={"text"}):
        return False
    if old.content_hash and new.content_hash:
        return True
    return old.text == new.text


def _domain(url: str | None) -> str | None:
    host = url_host(url)
    return (host.removeprefix("www.") or None) if host else None


_ARTICLE_ORDER = (articles.c.published.is_(None), articles.c.published, articles.c.id)


class Store(StreamStoreMixin):
    """Articles, analyses, stories and dossiers in one database (see module docs).

    The online-clustering and feed-state methods come from :mod:`.stream`."""

    def __init__(self, url: str, *, create: bool = True) -> None:
        """Open (and, unless ``create`` is false, create) the database at ``url``. With
        ``create=False`` a missing SQLite file is an error, not a new empty database:
        read-only commands must not leave a file (or folders) behind on a typo."""
        try:
            parsed = make_url(url)
        except (ArgumentError, ValueError) as exc:
            shown = re.sub(r"//[^/@]*@", "//***@", url)  # never echo a password
            raise StoreError(f"invalid database URL {shown!r}: {_reason(exc)}") from None
        self.url = parsed.render_as_string(hide_password=True)
        self._closed = False
        sqlite = parsed.get_backend_name() == "sqlite"
        if sqlite and not _is_memory(parsed) and not parsed.query.get("uri"):
            path = Path(str(parsed.database))
            if not create and not path.exists():
                raise StoreError(
                    f"no database at {path}: ingest or analyze articles first, or pass --db"
                )
            parent = path.parent
            try:
                parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"cannot create the directory {parent} for {self.url}: {exc.strerror or exc}"
                ) from None
        try:
            self._engine: Engine = create_engine(
                parsed, **({} if sqlite else {"pool_pre_ping": True})
            )
        except (ArgumentError, NoSuchModuleError) as exc:
            raise StoreError(f"unsupported database URL {self.url}: {_reason(exc)}") from None
        except ImportError as exc:
            raise StoreError(
                f"cannot open {self.url}: its database driver is not installed ({exc})"
            ) from None
        if sqlite:
            self._sqlite_events(memory=_is_memory(parsed))
        try:
            self._migrate()
            self._backend: _fts.Backend = self._detect_backend()
        except StoreError:
            self._engine.dispose()
            raise
        except (SQLAlchemyError, OSError) as exc:
            self._engine.dispose()
            raise StoreError(f"cannot open database {self.url}: {_reason(exc)}") from exc

    # -- plumbing -----------------------------------------------------------------------

    def _sqlite_events(self, *, memory: bool) -> None:
        @event.listens_for(self._engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
            cur = dbapi_conn.cursor()
            try:
                cur.execute("PRAGMA foreign_keys=ON")
                cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
                if not memory:
                    _enable_wal(cur)
                    cur.execute("PRAGMA synchronous=NORMAL")
            finally:
                cur.close()

        @event.listens_for(self._engine, "begin")
        def _on_begin(conn: Connection) -> None:
            write = conn.get_execution_options().get(_WRITE)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    def _migrate(self) -> None:
        cfg = _alembic_config()
        head = ScriptDirectory.from_config(cfg).get_current_head()
        with self._engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
        if current == head:
            return
        log.info("migrating %s from %s to %s", self.url, current or "empty", head)
        try:
            with self._write_conn() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except CommandError as exc:
            raise StoreError(
                f"cannot migrate {self.url} (schema revision {current}): {exc}; "
                "was it written by a newer newsprism?"
            ) from None

    def _detect_backend(self) -> _fts.Backend:
        name = self._engine.dialect.name
        if name == "postgresql":
            return "postgresql"
        if name == "sqlite" and inspect(self._engine).has_table(FTS_TABLE):
            return "fts5"
        return "like"

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"the store {self.url} is closed")

    @contextmanager
    def _write_conn(self) -> Iterator[Connection]:
        with self._engine.connect() as conn:
            conn.execution_options(**{_WRITE: True})
            with conn.begin():
                yield conn

    @contextmanager
    def _write(self, action: str) -> Iterator[Connection]:
        """One write transaction: commits on success, rolls back on any exception."""
        self._check_open()
        try:
            with self._write_conn() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"{action} failed in {self.url}: {_reason(exc)}") from exc

    @contextmanager
    def _read(self, action: str) -> Iterator[Connection]:
        self._check_open()
        try:
            with self._engine.connect() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"{action} failed in {self.url}: {_reason(exc)}") from exc

    @property
    def search_backend(self) -> str:
        """``fts5``, ``postgresql`` or ``like``: how :meth:`search` runs on this database."""
        return self._backend

    # -- articles -------------------------------------------------------------------------

    def upsert_article(self, a: Article) -> Upserted:
        """Insert or update an article (row and search index together, in one transaction).

        ``unchanged`` when the stored article has the same title and metadata and the same
        content (compared by ``content_hash`` when both have one, else by text). On
        ``updated`` the stored article becomes ``a``; if its text changed, its analysis is
        dropped (its offsets no longer apply).
        """
        now = _now()
        with self._write(f"saving article {a.id}") as conn:
            row = conn.execute(select(articles).where(articles.c.id == a.id)).first()
            if row is None:
                conn.execute(
                    insert(articles).values(**_article_values(a), created_at=now, updated_at=now)
                )
                if self._backend == "fts5":
                    _fts.index_article(conn, a)
                self._ensure_outlet(conn, a)
                return "ingested"
            old = _article(row)
            if _unchanged(old, a):
                return "unchanged"
            conn.execute(
                update(articles)
                .where(articles.c.id == a.id)
                .values(**_article_values(a), updated_at=now)
            )
            if self._backend == "fts5":
                _fts.unindex_article(conn, a.id)
                _fts.index_article(conn, a)
            if old.text != a.text:
                conn.execute(delete(analyses).where(analyses.c.article_id == a.id))
            self._ensure_outlet(conn, a)
            return "updated"

    @staticmethod
    def _ensure_outlet(conn: Connection, a: Article) -> None:
        if not a.outlet:
            return
        oid = slug(a.outlet)
        if conn.execute(select(outlets.c.id).where(outlets.c.id == oid)).first() is None:
            conn.execute(insert(outlets).values(id=oid, name=a.outlet, domain=_domain(a.url)))

    def get_article(self, id: str) -> Article | None:
        with self._read(f"reading article {id}") as conn:
            row = conn.execute(select(articles).where(articles.c.id == id)).first()
        return _article(row) if row is not None else None

    @staticmethod
    def _fetch_articles(conn: Connection, ids: Sequence[str]) -> dict[str, Article]:
        found: dict[str, Article] = {}
        for chunk in _chunks(ids):
            for row in conn.execute(select(articles).where(articles.c.id.in_(chunk))):
                found[row.id] = _article(row)
        return found

    def articles(self, ids: Sequence[str] | None = None) -> list[Article]:
        """All articles by publication time (undated last) then id; or ``ids`` in the given
        order (duplicates once, unknown ids left out)."""
        with self._read("reading articles") as conn:
            if ids is None:
                return [
                    _article(r) for r in conn.execute(select(articles).order_by(*_ARTICLE_ORDER))
                ]
            wanted = _unique(ids)
            found = self._fetch_articles(conn, wanted)
        return [found[i] for i in wanted if i in found]

    def count_articles(self) -> int:
        with self._read("counting articles") as conn:
            return int(conn.execute(select(func.count()).select_from(articles)).scalar_one())

    def outlets(self) -> list[Outlet]:
        """Outlets seen in stored articles (id = slug of the name), by id."""
        with self._read("reading outlets") as conn:
            rows = conn.execute(select(outlets).order_by(outlets.c.id)).all()
        return [Outlet(id=r.id, name=r.name, domain=r.domain) for r in rows]

    def search(self, query: str, limit: int = 20) -> list[tuple[Article, str]]:
        """Full-text search over title and text, best first: ``(article, snippet)`` pairs.

        Any user text is safe (it is reduced to quoted words). Terms in the snippet are
        wrapped in ``**``. A query without words returns ``[]``.
        """
        with self._read("searching") as conn:
            hits = _fts.search_ids(conn, self._backend, query, limit)
            found = self._fetch_articles(conn, [aid for aid, _ in hits])
        return [(found[aid], snip) for aid, snip in hits if aid in found]

    # -- analyses -------------------------------------------------------------------------

    def save_analysis(self, an: ArticleAnalysis) -> None:
        """Store (replace) the analysis of an article that is already in the store."""
        with self._write(f"saving the analysis of {an.article_id}") as conn:
            if (
                conn.execute(select(articles.c.id).where(articles.c.id == an.article_id)).first()
                is None
            ):
                raise StoreError(
                    f"cannot save an analysis: article {an.article_id} is not in the store"
                )
            conn.execute(delete(analyses).where(analyses.c.article_id == an.article_id))
            conn.execute(
                insert(analyses).values(
                    article_id=an.article_id, nlp_version=an.nlp_version, data=an.model_dump_json()
                )
            )

    def get_analyses(self, ids: Sequence[str]) -> dict[str, ArticleAnalysis]:
        """Analyses of the given articles that have one, keyed by article id."""
        out: dict[str, ArticleAnalysis] = {}
        with self._read("reading analyses") as conn:
            for chunk in _chunks(_unique(ids)):
                q = select(analyses.c.article_id, analyses.c.data).where(
                    analyses.c.article_id.in_(chunk)
                )
                for aid, data in conn.execute(q):
                    out[aid] = ArticleAnalysis.model_validate_json(data)
        return out

    # -- stories --------------------------------------------------------------------------

    def save_story(self, story: Story, dossier: StoryDossier | None = None) -> None:
        """Insert or update a story, its ordered membership and (when given) its dossier.

        Every article of the story must already be stored. When the story changed (title,
        times or articles) and no new dossier is given, the old dossier is dropped, since
        it no longer describes the story.
        """
        if dossier is not None and dossier.id != story.id:
            raise StoreError(f"dossier {dossier.id} does not belong to story {story.id}")
        member_ids = _unique(story.article_ids)
        now = _now()
        with self._write(f"saving story {story.id}") as conn:
            known = set(self._fetch_ids(conn, member_ids))
            missing = [i for i in member_ids if i not in known]
            if missing:
                more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
                raise StoreError(
                    f"cannot save story {story.id}: article(s) {', '.join(missing[:5])}{more} are not in the store"
                )
            old = self._load_story(conn, story.id)
            changed = (
                old is None
                or old.model_dump()
                != story.model_copy(update={"article_ids": member_ids}).model_dump()
            )
            row = {
                "title": story.title,
                "first_seen": story.first_seen,
                "last_seen": story.last_seen,
            }
            if old is None:
                conn.execute(insert(stories).values(id=story.id, updated_at=now, **row))
            elif changed or dossier is not None:
                conn.execute(
                    update(stories).where(stories.c.id == story.id).values(updated_at=now, **row)
                )
            if old is None or old.article_ids != member_ids:
                conn.execute(delete(story_articles).where(story_articles.c.story_id == story.id))
                if member_ids:
                    conn.execute(
                        insert(story_articles),
                        [
                            {"story_id": story.id, "article_id": aid, "position": i}
                            for i, aid in enumerate(member_ids)
                        ],
                    )
            if dossier is not None:
                conn.execute(delete(dossiers).where(dossiers.c.story_id == story.id))
                conn.execute(
                    insert(dossiers).values(
                        story_id=story.id, data=dossier.model_dump_json(), updated_at=now
                    )
                )
            elif changed and old is not None:
                conn.execute(delete(dossiers).where(dossiers.c.story_id == story.id))

    @staticmethod
    def _fetch_ids(conn: Connection, ids: Sequence[str]) -> list[str]:
        out: list[str] = []
        for chunk in _chunks(ids):
            out.extend(
                conn.execute(select(articles.c.id).where(articles.c.id.in_(chunk))).scalars()
            )
        return out

    @staticmethod
    def _members(conn: Connection, story_ids: Sequence[str]) -> dict[str, list[str]]:
        members: dict[str, list[str]] = {sid: [] for sid in story_ids}
        for chunk in _chunks(story_ids):
            q = (
                select(story_articles.c.story_id, story_articles.c.article_id)
                .where(story_articles.c.story_id.in_(chunk))
                .order_by(story_articles.c.story_id, story_articles.c.position)
            )
            for sid, aid in conn.execute(q):
                members[sid].append(aid)
        return members

    def _load_story(self, conn: Connection, story_id: str) -> Story | None:
        row = conn.execute(select(stories).where(stories.c.id == story_id)).first()
        if row is None:
            return None
        return Story(
            id=row.id,
            title=row.title,
            article_ids=self._members(conn, [row.id])[row.id],
            first_seen=row.first_seen,
            last_seen=row.last_seen,
        )

    def stories(self) -> list[Story]:
        """All stories, most recently seen first (undated last), then by id."""
        with self._read("reading stories") as conn:
            rows = conn.execute(
                select(stories).order_by(
                    stories.c.last_seen.is_(None), stories.c.last_seen.desc(), stories.c.id
                )
            ).all()
            members = self._members(conn, [r.id for r in rows])
        return [
            Story(
                id=r.id,
                title=r.title,
                article_ids=members[r.id],
                first_seen=r.first_seen,
                last_seen=r.last_seen,
            )
            for r in rows
        ]

    def get_story(self, id_or_prefix: str) -> Story | None:
        """The story with this id (or the story it was merged into), else the one story
        whose id starts with it.

        Raises :class:`UsageError` when the prefix matches several stories.
        """
        key = id_or_prefix.strip()
        if not key:
            return None
        with self._read(f"reading story {key}") as conn:
            story = self._load_story(conn, _resolve(conn, key))
            if story is not None:
                return story
            matches = list(
                conn.execute(
                    select(stories.c.id)
                    .where(func.substr(stories.c.id, 1, len(key)) == key)
                    .order_by(stories.c.id)
                    .limit(6)
                ).scalars()
            )
            if len(matches) > 1:
                shown = ", ".join(matches[:5]) + (", ..." if len(matches) > 5 else "")
                raise UsageError(
                    f"story id prefix {key!r} is ambiguous (matches {shown}); give more characters"
                )
            return self._load_story(conn, matches[0]) if matches else None

    def get_dossier(self, story_id: str) -> StoryDossier | None:
        with self._read(f"reading the dossier of {story_id}") as conn:
            data = conn.execute(
                select(dossiers.c.data).where(dossiers.c.story_id == story_id)
            ).scalar()
        return StoryDossier.model_validate_json(data) if data is not None else None

    def story_ids_for_articles(self, ids: Sequence[str]) -> dict[str, str]:
        """Article id -> id of its story, for the given articles that belong to one.

        An article in several stories maps to the most recently saved of them.
        """
        out: dict[str, str] = {}
        with self._read("reading story membership") as conn:
            for chunk in _chunks(_unique(ids)):
                q = (
                    select(story_articles.c.article_id, story_articles.c.story_id)
                    .join(stories, stories.c.id == story_articles.c.story_id)
                    .where(story_articles.c.article_id.in_(chunk))
                    .order_by(stories.c.updated_at.desc(), stories.c.id)
                )
                for aid, sid in conn.execute(q):
                    out.setdefault(aid, sid)
        return out

    # -- sentence vectors -------------------------------------------------------------------

    def get_sentence_vectors(self, embedder: str, hashes: Sequence[str]) -> dict[str, bytes]:
        """Stored vectors (raw bytes) of ``embedder`` for the given text hashes that have one."""
        out: dict[str, bytes] = {}
        t = sentence_vectors.c
        with self._read("reading sentence vectors") as conn:
            for chunk in _chunks(_unique(hashes)):
                q = select(t.text_hash, t.vector).where(t.embedder == embedder, t.text_hash.in_(chunk))
                out.update((h, bytes(v)) for h, v in conn.execute(q))
        return out

    def save_sentence_vectors(self, embedder: str, vectors: Mapping[str, bytes]) -> int:
        """Store vectors of ``embedder`` by text hash, keeping rows already there (a text
        has one vector per embedder); returns how many rows were added."""
        if not vectors:
            return 0
        t = sentence_vectors.c
        added = 0
        with self._write("saving sentence vectors") as conn:
            for chunk in _chunks(list(vectors)):
                have = set(
                    conn.execute(
                        select(t.text_hash).where(t.embedder == embedder, t.text_hash.in_(chunk))
                    ).scalars()
                )
                rows = [
                    {"embedder": embedder, "text_hash": h, "vector": vectors[h]}
                    for h in chunk
                    if h not in have
                ]
                if rows:
                    conn.execute(insert(sentence_vectors), rows)
                    added += len(rows)
        return added

    # -- lifetime ---------------------------------------------------------------------------

    def close(self) -> None:
        """Release the database connections. Safe to call twice."""
        if not self._closed:
            self._closed = True
            self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url!r})"
