"""Read-only summary queries the web pages need and the Store API does not offer (yet).

The stories list must stay fast with 100k stored articles, so it must not load every
story's members and dossier: these queries aggregate in SQL (counts, outlets per story,
conflict counts) and page with LIMIT/OFFSET. They only read the store's tables
(:mod:`newsprism.store.schema`) through the store's engine; when the Store grows methods
for them (``story_summaries``, ``outlet_names``), this module shrinks to calls.
"""

from __future__ import annotations

import json
import time
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Engine, and_, func, select, text
from sqlalchemy.sql import ColumnElement

from ..ids import slug
from ..store.schema import articles, dossiers, stories, story_articles

__all__ = ["StoryRow", "story_rows", "outlet_names", "outlet_articles", "engine_of"]

Sort = Literal["recent", "coverage"]


@dataclass
class StoryRow:
    id: str
    title: str
    first_seen: datetime | None
    last_seen: datetime | None
    n_articles: int
    outlets: list[str] = field(default_factory=list)
    conflicts: int | None = None  # None = no dossier stored


def engine_of(store: Any) -> Engine:
    engine = getattr(store, "_engine", None)
    if engine is None:  # pragma: no cover - only with a foreign store
        raise TypeError(f"{store!r} has no SQL engine; the web app needs newsprism.store.Store")
    return engine


_NAMES_CACHE: weakref.WeakKeyDictionary[Engine, tuple[tuple[Any, float], dict[str, list[str]]]] = (
    weakref.WeakKeyDictionary()
)
_NAMES_TTL = 30.0  # seconds; inserts are seen at once (max rowid), edits within this


def outlet_names(engine: Engine) -> dict[str, list[str]]:
    """Outlet slug -> the outlet names stored articles use for it.

    A DISTINCT over the outlet index costs ~10 ms at 100k articles, so the answer is
    cached per engine until an article is inserted (its max rowid changes) or for
    ``_NAMES_TTL`` seconds."""
    now = time.monotonic()
    with engine.connect() as conn:
        marker: Any = None
        if engine.dialect.name == "sqlite":
            marker = conn.execute(text("SELECT max(rowid) FROM articles")).scalar()
        hit = _NAMES_CACHE.get(engine)
        if (
            hit is not None
            and hit[0][0] == marker
            and marker is not None
            and now - hit[0][1] < _NAMES_TTL
        ):
            return hit[1]
        out: dict[str, list[str]] = {}
        for (name,) in conn.execute(
            select(articles.c.outlet).where(articles.c.outlet.is_not(None)).distinct()
        ):
            out.setdefault(slug(name), []).append(name)
    _NAMES_CACHE[engine] = ((marker, now), out)
    return out


def _filters(
    *,
    story_ids: Sequence[str] | None,
    outlets: Sequence[str] | None,
    since: datetime | None,
    until: datetime | None,
) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if story_ids is not None:
        where.append(stories.c.id.in_(list(story_ids)))
    if outlets is not None:
        members = (
            select(story_articles.c.story_id)
            .join(articles, articles.c.id == story_articles.c.article_id)
            .where(articles.c.outlet.in_(list(outlets)))
        )
        where.append(stories.c.id.in_(members))
    if since is not None:
        where.append(stories.c.last_seen >= since)
    if until is not None:
        where.append(stories.c.first_seen < until)
    return where


def story_rows(
    engine: Engine,
    *,
    story_ids: Sequence[str] | None = None,
    outlets: Sequence[str] | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    sort: Sort = "recent",
    limit: int = 50,
    offset: int = 0,
) -> tuple[int, list[StoryRow]]:
    """``(total matching, one page of rows)`` with outlets and conflict counts filled in."""
    where = _filters(story_ids=story_ids, outlets=outlets, since=since, until=until)
    n = (
        select(func.count())
        .select_from(story_articles)
        .where(story_articles.c.story_id == stories.c.id)
        .scalar_subquery()
        .label("n")
    )
    if sort == "coverage":
        q = select(stories.c.id, stories.c.title, stories.c.first_seen, stories.c.last_seen, n)
        order: tuple[Any, ...] = (n.desc(), _newest_first(engine), stories.c.id)
    else:  # no per-row count here: SQLite then walks the last_seen index and stops at LIMIT
        q = select(stories.c.id, stories.c.title, stories.c.first_seen, stories.c.last_seen)
        order = (_newest_first(engine), stories.c.id)
    total_q = select(func.count()).select_from(stories)
    if where:
        q = q.where(and_(*where))
        total_q = total_q.where(and_(*where))
    q = q.order_by(*order).limit(limit).offset(offset)
    with engine.connect() as conn:
        total = int(conn.execute(total_q).scalar_one())
        rows = [
            StoryRow(r.id, r.title, r.first_seen, r.last_seen, int(getattr(r, "n", 0) or 0))
            for r in conn.execute(q)
        ]
        if not rows:
            return total, rows
        ids = [r.id for r in rows]
        by_id = {r.id: r for r in rows}
        oq = (
            select(story_articles.c.story_id, articles.c.outlet, func.count())
            .join(articles, articles.c.id == story_articles.c.article_id)
            .where(story_articles.c.story_id.in_(ids))
            .group_by(story_articles.c.story_id, articles.c.outlet)
            .order_by(story_articles.c.story_id, func.count().desc(), articles.c.outlet)
        )
        counts: dict[str, int] = {}
        for sid, outlet, count in conn.execute(oq):
            by_id[sid].outlets.append(outlet or "unknown outlet")
            counts[sid] = counts.get(sid, 0) + int(count)
        for r in rows:
            r.n_articles = counts.get(r.id, 0)
        for sid, conflicts in _conflict_counts(conn, ids):
            by_id[sid].conflicts = conflicts
    return total, rows


def _newest_first(engine: Engine) -> Any:
    """``last_seen`` descending with undated stories last. SQLite already sorts NULL
    lowest, and a plain DESC lets it use the index; other databases need NULLS LAST."""
    col = stories.c.last_seen.desc()
    return col if engine.dialect.name == "sqlite" else col.nulls_last()


def _conflict_counts(conn: Any, ids: list[str]) -> list[tuple[str, int]]:
    """Facts of kind ``conflict`` per stored dossier: counted by SQLite's JSON functions in
    C when available, else by parsing the JSON here."""
    if conn.dialect.name == "sqlite":
        q = text(
            "SELECT d.story_id, (SELECT count(*) FROM json_each(d.data, '$.facts') AS f "
            "WHERE json_extract(f.value, '$.kind') = 'conflict') FROM dossiers AS d "
            "WHERE d.story_id IN :ids"
        ).bindparams(_expanding("ids"))
        try:
            return [(sid, int(c)) for sid, c in conn.execute(q, {"ids": ids})]
        except Exception:  # noqa: BLE001 - SQLite built without JSON1: fall back below
            conn.rollback()
    out = []
    for sid, data in conn.execute(
        select(dossiers.c.story_id, dossiers.c.data).where(dossiers.c.story_id.in_(ids))
    ):
        facts = json.loads(data).get("facts", [])
        out.append((sid, sum(1 for f in facts if f.get("kind") == "conflict")))
    return out


def _expanding(name: str) -> Any:
    from sqlalchemy import bindparam

    return bindparam(name, expanding=True)


def outlet_articles(engine: Engine, names: Sequence[str], limit: int = 500) -> list[dict[str, Any]]:
    """Newest articles of an outlet (id, title, published, url) without their text."""
    q = (
        select(
            articles.c.id, articles.c.title, articles.c.published, articles.c.url, articles.c.outlet
        )
        .where(articles.c.outlet.in_(list(names)))
        .order_by(articles.c.published.is_(None), articles.c.published.desc(), articles.c.id)
        .limit(limit)
    )
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(q)]
