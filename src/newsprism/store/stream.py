"""The store's side of stream ingestion: online story assignments, merges, splits, feed state.

A mixin of :class:`~newsprism.store.Store` (kept in its own module so the core store stays
readable). Every method is one transaction.

* ``assign_article`` places one article in a story: it applies the split and the merges
  the clusterer made for that article (in that order, as the clusterer made them),
  creates or grows the story, appends the membership, records the
  assignment (its replay order ``seq``, the original it duplicates, the score and the
  clusterer's embedding) and drops the story's now stale dossier, all or nothing.
* Merged stories disappear; ``story_merges`` maps the old id to the survivor (rows are
  re-pointed when the survivor itself is merged later), so ``resolve_story_id`` and
  ``get_story`` still answer for an old id.
* A split (opt-in, :class:`StorySplit`) moves the named members of a story to a new story
  and records ``(from, new, first, at)`` in ``story_splits``; both stories' first/last
  seen are recomputed from their members' dates and their dossiers dropped. Both ids
  stay live, so a split changes how no id resolves (except that a new story's id that
  was once merged away names the new story again).
* ``replay`` returns what :class:`newsprism.cluster.service.StoryAssigner` needs to rebuild
  the clusterer: the assigned articles of a time range in their original order.
* Feed state: the ETag / Last-Modified of each feed and the entries already ingested.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import Connection, delete, func, insert, or_, select, update

from ..errors import StoreError
from ..models import Article, outlet_label
from .schema import (
    analyses,
    articles,
    assignments,
    dossiers,
    feed_entries,
    feeds,
    stories,
    story_articles,
    story_merges,
    story_splits,
)

__all__ = ["StreamStoreMixin", "ReplayItem", "FeedState", "StorySummary", "StorySplit"]

_CHUNK = 500
_MAX_CHAIN = 1000  # merge chains are re-pointed on every merge; this only guards a cycle


class ReplayItem(NamedTuple):
    article: Article
    story_id: str
    seq: int
    duplicate_of: str | None
    embedding: bytes | None


class StorySplit(NamedTuple):
    """The members ``moved`` of story ``from_id`` (the clusterer's newer part, from article
    ``first_id`` on) leave it as the new story ``new_id``, when the article at ``at`` arrives."""

    from_id: str
    new_id: str
    first_id: str
    moved: tuple[str, ...]
    at: datetime | None


class FeedState(NamedTuple):
    url: str
    etag: str | None
    last_modified: str | None
    status: int | None
    polled_at: datetime | None


class StorySummary(NamedTuple):
    id: str
    title: str
    first_seen: datetime | None
    last_seen: datetime | None
    articles: int
    duplicates: int
    outlets: dict[str, int]
    article_ids: list[str]
    split_from: str | None = None
    """The story this one was split from (its current id), if it was."""


def _now() -> datetime:
    return datetime.now(UTC)


def _chunks(ids: Sequence[str]) -> Iterator[list[str]]:
    for i in range(0, len(ids), _CHUNK):
        yield list(ids[i : i + _CHUNK])


def _resolve(conn: Connection, story_id: str) -> str:
    sid = story_id
    for _ in range(_MAX_CHAIN):
        into = conn.execute(
            select(story_merges.c.into_id).where(story_merges.c.from_id == sid)
        ).scalar()
        if into is None or into == sid:
            return sid
        sid = into
    raise StoreError(f"story merge chain from {story_id} does not end")


class StreamStoreMixin:
    """Methods the Store gets for online clustering and feed polling (see module docs)."""

    if TYPE_CHECKING:  # provided by Store

        def _write(self, action: str) -> AbstractContextManager[Connection]: ...
        def _read(self, action: str) -> AbstractContextManager[Connection]: ...

    # -- assignments ------------------------------------------------------------------

    def assigned(self, ids: Sequence[str]) -> set[str]:
        """The given article ids that the online clusterer has already placed."""
        out: set[str] = set()
        with self._read("reading assignments") as conn:
            for chunk in _chunks(list(dict.fromkeys(ids))):
                out.update(
                    conn.execute(
                        select(assignments.c.article_id).where(assignments.c.article_id.in_(chunk))
                    ).scalars()
                )
        return out

    def unassigned_ids(self) -> list[str]:
        """Stored articles the clusterer has not placed yet (e.g. after an interruption)."""
        with self._read("reading unassigned articles") as conn:
            q = (
                select(articles.c.id)
                .outerjoin(assignments, assignments.c.article_id == articles.c.id)
                .where(assignments.c.article_id.is_(None))
                .order_by(articles.c.published.is_(None), articles.c.published, articles.c.id)
            )
            return list(conn.execute(q).scalars())

    def latest_published(self) -> datetime | None:
        """The latest publication time among placed articles."""
        with self._read("reading assignments") as conn:
            return conn.execute(
                select(func.max(articles.c.published)).join(
                    assignments, assignments.c.article_id == articles.c.id
                )
            ).scalar()

    def replay(self, since: datetime | None, undated: int = 2000) -> list[ReplayItem]:
        """Placed articles published at or after ``since`` (all when ``None``) plus the last
        ``undated`` placed articles without a date, in the order they were placed."""
        from .store import _article  # the row -> Article mapping of the core store

        with self._read("reading the clustering replay") as conn:
            floor = None
            if undated > 0:
                seqs = list(
                    conn.execute(
                        select(assignments.c.seq)
                        .join(articles, articles.c.id == assignments.c.article_id)
                        .where(articles.c.published.is_(None))
                        .order_by(assignments.c.seq.desc())
                        .limit(undated)
                    ).scalars()
                )
                floor = seqs[-1] if seqs else None
            conds = []
            conds.append(articles.c.published.is_not(None) if since is None else articles.c.published >= since)
            if floor is not None:
                conds.append(articles.c.published.is_(None) & (assignments.c.seq >= floor))
            q = (
                select(
                    articles,
                    assignments.c.seq,
                    assignments.c.duplicate_of,
                    assignments.c.embedding,
                    story_articles.c.story_id,
                )
                .join(assignments, assignments.c.article_id == articles.c.id)
                .join(story_articles, story_articles.c.article_id == articles.c.id)
                .where(or_(*conds))
                .order_by(assignments.c.seq, story_articles.c.story_id)
            )
            out: list[ReplayItem] = []
            seen: set[str] = set()
            for row in conn.execute(q):
                m = row._mapping
                if m["id"] in seen:
                    continue
                seen.add(m["id"])
                out.append(
                    ReplayItem(_article(row), m["story_id"], m["seq"], m["duplicate_of"], m["embedding"])
                )
        return out

    def assign_article(
        self,
        article: Article,
        story_id: str,
        *,
        duplicate_of: str | None = None,
        score: float | None = None,
        embedding: bytes | None = None,
        merges: Sequence[tuple[str, str, datetime | None]] = (),
        splits: Sequence[StorySplit] = (),
    ) -> tuple[int, str]:
        """Place a stored article in a story (see module docs); returns ``(seq, story id)``.

        ``splits`` and then ``merges`` (``(from_id, into_id, at)``) are applied first.
        Placing an article that is already placed changes nothing and returns its current
        placement.
        """
        now = _now()
        with self._write(f"assigning article {article.id}") as conn:
            if conn.execute(select(articles.c.id).where(articles.c.id == article.id)).first() is None:
                raise StoreError(f"cannot assign article {article.id}: it is not in the store")
            old = conn.execute(
                select(assignments.c.seq).where(assignments.c.article_id == article.id)
            ).scalar()
            if old is not None:
                sid = conn.execute(
                    select(story_articles.c.story_id).where(story_articles.c.article_id == article.id)
                ).scalar()
                return int(old), _resolve(conn, sid) if sid else story_id
            for sp in splits:
                self._split(conn, sp, now)
            for from_id, into_id, at in merges:
                self._merge(conn, from_id, into_id, at, now)
            sid = _resolve(conn, story_id)
            seq = int(conn.execute(select(func.coalesce(func.max(assignments.c.seq), 0))).scalar_one()) + 1
            row = conn.execute(select(stories).where(stories.c.id == sid)).first()
            at = article.published
            if row is None:
                conn.execute(
                    insert(stories).values(
                        id=sid, title=article.title, first_seen=at, last_seen=at, updated_at=now
                    )
                )
            else:
                first, last = row.first_seen, row.last_seen
                if at is not None:
                    first = at if first is None or at < first else first
                    last = at if last is None or at > last else last
                conn.execute(
                    update(stories)
                    .where(stories.c.id == sid)
                    .values(first_seen=first, last_seen=last, updated_at=now)
                )
            member = conn.execute(
                select(story_articles.c.position).where(
                    (story_articles.c.story_id == sid) & (story_articles.c.article_id == article.id)
                )
            ).first()
            if member is None:
                pos = conn.execute(
                    select(func.coalesce(func.max(story_articles.c.position), -1)).where(
                        story_articles.c.story_id == sid
                    )
                ).scalar_one()
                conn.execute(
                    insert(story_articles).values(story_id=sid, article_id=article.id, position=pos + 1)
                )
                conn.execute(delete(dossiers).where(dossiers.c.story_id == sid))
            conn.execute(
                insert(assignments).values(
                    article_id=article.id,
                    seq=seq,
                    duplicate_of=duplicate_of,
                    score=score,
                    embedding=embedding,
                    assigned_at=now,
                )
            )
            return seq, sid

    @staticmethod
    def _merge(conn: Connection, from_id: str, into_id: str, at: datetime | None, now: datetime) -> None:
        gone, keep = _resolve(conn, from_id), _resolve(conn, into_id)
        if gone == keep:
            return
        rows = conn.execute(select(stories).where(stories.c.id.in_([gone, keep]))).all()
        by_id = {r.id: r for r in rows}
        if keep not in by_id:
            raise StoreError(f"cannot merge story {gone} into {keep}: {keep} is not in the store")
        q = (
            select(story_articles.c.story_id, story_articles.c.article_id, story_articles.c.position, assignments.c.seq)
            .outerjoin(assignments, assignments.c.article_id == story_articles.c.article_id)
            .where(story_articles.c.story_id.in_([gone, keep]))
        )
        members = sorted(
            conn.execute(q).all(),
            key=lambda r: (r.seq is None, r.seq or 0, r.story_id != keep, r.position),
        )
        order = list(dict.fromkeys(r.article_id for r in members))
        conn.execute(delete(story_articles).where(story_articles.c.story_id.in_([gone, keep])))
        if order:
            conn.execute(
                insert(story_articles),
                [{"story_id": keep, "article_id": aid, "position": i} for i, aid in enumerate(order)],
            )
        dates = [d for r in rows for d in (r.first_seen, r.last_seen) if d is not None]
        conn.execute(
            update(stories)
            .where(stories.c.id == keep)
            .values(
                first_seen=min(dates) if dates else None,
                last_seen=max(dates) if dates else None,
                updated_at=now,
            )
        )
        conn.execute(delete(dossiers).where(dossiers.c.story_id.in_([gone, keep])))
        conn.execute(delete(stories).where(stories.c.id == gone))
        conn.execute(update(story_merges).where(story_merges.c.into_id == gone).values(into_id=keep))
        conn.execute(delete(story_merges).where(story_merges.c.from_id == gone))
        conn.execute(insert(story_merges).values(from_id=gone, into_id=keep, at=at, merged_at=now))

    @staticmethod
    def _split(conn: Connection, sp: StorySplit, now: datetime) -> None:
        src, new = _resolve(conn, sp.from_id), sp.new_id
        what = f"cannot split story {sp.from_id} into {new}"
        if conn.execute(select(stories.c.id).where(stories.c.id == src)).first() is None:
            raise StoreError(f"{what}: {src} is not in the store")
        if conn.execute(select(stories.c.id).where(stories.c.id == new)).first() is not None:
            raise StoreError(f"{what}: {new} is already a story")
        order = list(
            conn.execute(
                select(story_articles.c.article_id)
                .where(story_articles.c.story_id == src)
                .order_by(story_articles.c.position)
            ).scalars()
        )
        moved = set(sp.moved)
        if not moved or not moved < set(order) or sp.first_id not in moved:
            raise StoreError(f"{what}: the articles to move are not a part of its members")
        title = conn.execute(select(articles.c.title).where(articles.c.id == sp.first_id)).scalar_one()
        # the id was merged away once (its story later joined ``src``): it names the new story
        conn.execute(delete(story_merges).where(story_merges.c.from_id == new))
        conn.execute(insert(stories).values(id=new, title=title, updated_at=now))
        conn.execute(delete(story_articles).where(story_articles.c.story_id == src))
        parts = {src: [a for a in order if a not in moved], new: [a for a in order if a in moved]}
        conn.execute(
            insert(story_articles),
            [
                {"story_id": sid, "article_id": aid, "position": i}
                for sid, ids in parts.items()
                for i, aid in enumerate(ids)
            ],
        )
        for sid, ids in parts.items():
            lo, hi = conn.execute(
                select(func.min(articles.c.published), func.max(articles.c.published)).where(
                    articles.c.id.in_(ids)
                )
            ).one()
            conn.execute(
                update(stories).where(stories.c.id == sid).values(first_seen=lo, last_seen=hi, updated_at=now)
            )
        conn.execute(delete(dossiers).where(dossiers.c.story_id.in_([src, new])))
        conn.execute(
            insert(story_splits).values(
                from_id=src, new_id=new, first_id=sp.first_id, at=sp.at, split_at=now
            )
        )

    def story_splits(self) -> list[tuple[str, str, str, datetime | None]]:
        """Every recorded split as ``(from_id, new_id, first article, at)``, oldest first
        (the ids as they were at the split)."""
        with self._read("reading story splits") as conn:
            rows = conn.execute(select(story_splits).order_by(story_splits.c.id)).all()
        return [(r.from_id, r.new_id, r.first_id, r.at) for r in rows]

    def resolve_story_id(self, story_id: str) -> str:
        """The id of the story that ``story_id`` is now (itself unless it was merged)."""
        with self._read(f"resolving story {story_id}") as conn:
            return _resolve(conn, story_id)

    def story_merges(self) -> list[tuple[str, str, datetime | None]]:
        """Every recorded merge as ``(from_id, current survivor, at)``, oldest first."""
        with self._read("reading story merges") as conn:
            rows = conn.execute(
                select(story_merges).order_by(story_merges.c.merged_at, story_merges.c.from_id)
            ).all()
        return [(r.from_id, r.into_id, r.at) for r in rows]

    def duplicates(self, ids: Sequence[str] | None = None) -> dict[str, str]:
        """Article id -> the original it near-duplicates (for ``ids``, or all)."""
        with self._read("reading duplicate links") as conn:
            q = select(assignments.c.article_id, assignments.c.duplicate_of).where(
                assignments.c.duplicate_of.is_not(None)
            )
            if ids is None:
                return {a: d for a, d in conn.execute(q)}
            out: dict[str, str] = {}
            for chunk in _chunks(list(dict.fromkeys(ids))):
                out.update({a: d for a, d in conn.execute(q.where(assignments.c.article_id.in_(chunk)))})
            return out

    def story_summaries(self, limit: int | None = None) -> list[StorySummary]:
        """Stories most recently seen first with article, duplicate and per-outlet counts."""
        with self._read("reading stories") as conn:
            q = select(stories).order_by(
                stories.c.last_seen.is_(None), stories.c.last_seen.desc(), stories.c.id
            )
            if limit is not None:
                q = q.limit(limit)
            rows = conn.execute(q).all()
            ids = [r.id for r in rows]
            members: dict[str, list[tuple[str, str, bool]]] = {sid: [] for sid in ids}
            for chunk in _chunks(ids):
                mq = (
                    select(
                        story_articles.c.story_id,
                        story_articles.c.article_id,
                        articles.c.outlet,
                        articles.c.source,
                        assignments.c.duplicate_of,
                    )
                    .join(articles, articles.c.id == story_articles.c.article_id)
                    .outerjoin(assignments, assignments.c.article_id == story_articles.c.article_id)
                    .where(story_articles.c.story_id.in_(chunk))
                    .order_by(story_articles.c.story_id, story_articles.c.position)
                )
                for sid, aid, outlet, source, dup in conn.execute(mq):
                    # an article with no outlet counts as its own (as in the dossier)
                    members[sid].append((aid, outlet_label(outlet, source, aid), dup is not None))
            split_from: dict[str, str] = {}
            for chunk in _chunks(ids):
                sq = select(story_splits.c.new_id, story_splits.c.from_id).where(
                    story_splits.c.new_id.in_(chunk)
                )
                for new, src in conn.execute(sq.order_by(story_splits.c.id)):
                    split_from[new] = src  # the latest split that made the story
            split_from = {k: _resolve(conn, v) for k, v in split_from.items()}
        out = []
        for r in rows:
            m = members[r.id]
            out.append(
                StorySummary(
                    id=r.id,
                    title=r.title,
                    first_seen=r.first_seen,
                    last_seen=r.last_seen,
                    articles=len(m),
                    duplicates=sum(1 for _, _, d in m if d),
                    outlets=dict(Counter(o for _, o, _ in m).most_common()),
                    article_ids=[a for a, _, _ in m],
                    split_from=split_from.get(r.id),
                )
            )
        return out

    def analysis_mentions(self, ids: Sequence[str]) -> dict[str, list[tuple[str, str]]]:
        """Article id -> ``(label, text)`` of each entity mention in its stored analysis."""
        import json

        out: dict[str, list[tuple[str, str]]] = {}
        with self._read("reading analyses") as conn:
            for chunk in _chunks(list(dict.fromkeys(ids))):
                q = select(analyses.c.article_id, analyses.c.data).where(analyses.c.article_id.in_(chunk))
                for aid, data in conn.execute(q):
                    mentions = json.loads(data).get("mentions") or []
                    out[aid] = [(str(m.get("label", "")), str(m.get("text", ""))) for m in mentions]
        return out

    # -- feeds ------------------------------------------------------------------------

    def feed_state(self, url: str) -> FeedState | None:
        with self._read(f"reading feed state of {url}") as conn:
            r = conn.execute(select(feeds).where(feeds.c.url == url)).first()
        if r is None:
            return None
        return FeedState(r.url, r.etag, r.last_modified, r.status, r.polled_at)

    def save_feed_state(
        self, url: str, *, status: int, etag: str | None = None, last_modified: str | None = None
    ) -> None:
        """Record a poll. A 304 keeps the stored validators; a 200 replaces them."""
        now = _now()
        with self._write(f"saving feed state of {url}") as conn:
            exists = conn.execute(select(feeds.c.url).where(feeds.c.url == url)).first() is not None
            values: dict[str, Any] = {"status": status, "polled_at": now}
            if status != 304:
                values.update(etag=etag, last_modified=last_modified, changed_at=now)
            if exists:
                conn.execute(update(feeds).where(feeds.c.url == url).values(**values))
            else:
                conn.execute(insert(feeds).values(url=url, **values))

    def seen_entries(self, url: str, keys: Sequence[str]) -> set[str]:
        """The entry keys of feed ``url`` already ingested."""
        out: set[str] = set()
        with self._read(f"reading entries of {url}") as conn:
            for chunk in _chunks(list(dict.fromkeys(keys))):
                out.update(
                    conn.execute(
                        select(feed_entries.c.entry_key).where(
                            (feed_entries.c.feed_url == url) & feed_entries.c.entry_key.in_(chunk)
                        )
                    ).scalars()
                )
        return out

    def mark_entry(self, url: str, key: str, article_id: str | None) -> None:
        """Remember that entry ``key`` of feed ``url`` is done (ingested, or failed for good)."""
        now = _now()
        with self._write(f"saving entry of {url}") as conn:
            if conn.execute(select(feeds.c.url).where(feeds.c.url == url)).first() is None:
                conn.execute(insert(feeds).values(url=url))
            done = conn.execute(
                select(feed_entries.c.entry_key).where(
                    (feed_entries.c.feed_url == url) & (feed_entries.c.entry_key == key)
                )
            ).first()
            if done is None:
                conn.execute(
                    insert(feed_entries).values(feed_url=url, entry_key=key, article_id=article_id, seen_at=now)
                )
