"""Online story assignment backed by the store: the :class:`~.online.OnlineClusterer`
rebuilt from stored assignments, never pickled.

:class:`StoryAssigner` places new articles in stories, in time order, and writes every
placement through :meth:`Store.assign_article` (one transaction per article: membership,
merges, duplicate link, replay order, embedding).

**Rebuild.** Before placing a batch, the clusterer is rebuilt by replaying the stored,
already placed articles published from ``window + 1 day`` before the batch's earliest
article onwards (plus the most recent undated ones), in the order they were first placed.
Replayed articles follow their stored story (the clusterer's ``gold`` replay path), so the
rebuilt stories are exactly the stored ones, whatever the current model would decide;
replayed articles use their stored float16 embedding, so the rebuild runs no model. The
same store and batch always give the same clusterer state: the rebuild is deterministic.

**Ids.** A clusterer story created during the replay is named after its first *replayed*
article, which may not be the stored story's first article; ``_sid`` maps clusterer ids to
stored ids. A story created for a new article gets the clusterer's id (the story id of its
first article), which is what is stored. Merges are recorded with stored ids; the store
keeps old ids resolvable.

**Legacy.** An article that is a member of a stored story but has no assignment (stores
written before online clustering) keeps that story: it is replayed into it and recorded.

**Splits** (opt-in: ``config.split_threshold`` set; ``split_models`` default to
:data:`~.scoring.DEFAULT_SPLIT_MODELS`): when the clusterer splits a story while placing an
article, the newer part's stored members move to the new story in the same transaction as
the article's placement (:class:`~newsprism.store.stream.StorySplit`). Which stored members
move is read off the clusterer (``story_of``): those now in the new part, followed through
any merge the same article caused. The rebuild replays the stored stories as they are after
the split. If a placement fails, the clusterer (which has already moved on) is dropped and
rebuilt from the store before the next article, so a retry places it afresh.

The clusterer's own public API is all this uses (``add``, ``merges``, ``splits``,
``story_of``; ``gold=`` for the replay). ``cluster/online.py`` is tuned elsewhere; this
wrapper is the pipeline's hook.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, NamedTuple

import numpy as np

from ..embed.base import Embedder
from ..models import Article
from ..store.stream import StorySplit
from .online import Merge, OnlineClusterer, OnlineConfig, Split
from .scoring import DEFAULT_MODELS, DEFAULT_SPLIT_MODELS, SPLIT_CONFIG, ModelSet

__all__ = ["StoryAssigner", "Placement", "cluster_in_memory", "split_config"]

log = logging.getLogger(__name__)

_UNSET: Any = object()


class Placement(NamedTuple):
    """Where a new article went, in stored ids."""

    article_id: str
    story_id: str
    is_new: bool
    duplicate_of: str | None
    score: float
    merged: tuple[tuple[str, str], ...]
    split: tuple[tuple[str, str], ...] = ()
    """``(from, new)`` story ids of the split placing this article caused (stored ids)."""


def split_config(config: OnlineConfig, on: bool) -> OnlineConfig:
    """``config`` with the split repair on (the product's tuned cuts,
    :data:`~.scoring.SPLIT_CONFIG`, where ``config`` sets none) or off."""
    if not on:
        return replace(config, split_threshold=None)
    if config.split_threshold is not None:
        return config
    return replace(config, **SPLIT_CONFIG)


def _time_key(a: Article) -> tuple[bool, float, str]:
    return (a.published is None, a.published.timestamp() if a.published else 0.0, a.id)


def _encode(v: np.ndarray | None) -> bytes | None:
    return None if v is None else np.asarray(v, dtype=np.float16).tobytes()


def _decode(b: bytes | None) -> np.ndarray | None:
    return None if not b else np.frombuffer(b, dtype=np.float16).astype(np.float32)


@dataclass
class StoryAssigner:
    """Places articles in stored stories (see module docs). One per process; not thread-safe.

    ``embeddings``: use the MiniLM embedder when installed (loaded on first need);
    ``embedder`` overrides it (tests pass a :class:`~newsprism.embed.HashingEmbedder`).
    """

    store: Any
    config: OnlineConfig = field(default_factory=OnlineConfig)
    embeddings: bool = True
    embedder: Embedder | None = None
    models: ModelSet = DEFAULT_MODELS
    split_models: ModelSet = DEFAULT_SPLIT_MODELS
    """Used when ``config.split_threshold`` is set (see :func:`split_config`)."""
    undated_replay: int = 2000
    replayed: int = 0
    rebuild_seconds: float = 0.0

    def __post_init__(self) -> None:
        self._oc: OnlineClusterer | None = None
        self._since: datetime | None = _UNSET
        self._sid: dict[str, str] = {}
        self._first: dict[str, str] = {}  # stored story id -> first article id in the clusterer
        self._embedder_loaded = self.embedder is not None

    # ------------------------------------------------------------------ public
    def assign(self, articles: Iterable[Article]) -> list[Placement]:
        """Place the articles not placed yet, in time order; return their placements."""
        uniq = {a.id: a for a in articles}
        if not uniq:
            return []
        done = self.store.assigned(list(uniq))
        todo = sorted((a for a in uniq.values() if a.id not in done), key=_time_key)
        if not todo:
            return []
        self._ensure(todo)
        assert self._oc is not None
        legacy = self.store.story_ids_for_articles([a.id for a in todo])
        out = []
        for a in todo:
            try:
                if a.id in legacy:
                    out.append(self._adopt(a, self.store.resolve_story_id(legacy[a.id])))
                else:
                    out.append(self._place(a))
            except BaseException:
                # the clusterer holds a placement the store does not: rebuild it next time
                self._oc, self._since = None, _UNSET
                raise
        return out

    def stats(self) -> dict[str, int]:
        return {} if self._oc is None else self._oc.stats()

    # ------------------------------------------------------------------ internals
    def _embedder(self) -> Embedder | None:
        if not self._embedder_loaded:
            self._embedder_loaded = True
            if self.embeddings and self.config.use_embeddings:
                from ..embed import default_embedder

                self.embedder = default_embedder()
        return self.embedder

    def _embed(self, a: Article) -> np.ndarray | None:
        emb = self._embedder()
        if emb is None or not self.config.use_embeddings:
            return None
        text = f"{a.title}. {a.text[: self.config.embed_chars]}"
        # rounded to float16 now, so the rebuild (which reads it back) uses the same vector
        v = np.asarray(emb.embed([text])[0], dtype=np.float16)
        return v.astype(np.float32)

    def _since_for(self, todo: Sequence[Article]) -> datetime | None:
        span = self.config.window + timedelta(days=1)
        dates = [a.published for a in todo if a.published is not None]
        if dates:
            return min(dates) - span
        latest = self.store.latest_published()
        return None if latest is None else latest - span

    def _ensure(self, todo: Sequence[Article]) -> None:
        since = self._since_for(todo)
        if self._oc is not None and self._since is not _UNSET:
            if self._since is None or (since is not None and since >= self._since):
                return
        self._rebuild(since)

    def _rebuild(self, since: datetime | None) -> None:
        t0 = time.process_time()
        self._oc = OnlineClusterer(
            config=self.config, models=self.models, split_models=self.split_models
        )
        self._sid.clear()
        self._first.clear()
        items = self.store.replay(since, undated=self.undated_replay)
        for it in items:
            self._follow(it.article, it.story_id, _decode(it.embedding))
        self._since = since
        self.replayed = len(items)
        self.rebuild_seconds = time.process_time() - t0
        log.info("clusterer rebuilt from %d stored articles in %.2fs CPU", len(items), self.rebuild_seconds)

    def _follow(self, a: Article, stored_sid: str, emb: np.ndarray | None) -> None:
        """Add ``a`` to the clusterer in stored story ``stored_sid`` (replay / legacy)."""
        assert self._oc is not None
        gold = self._first.setdefault(stored_sid, a.id)
        r = self._oc.add(a, embedding=emb, gold=gold)
        self._sid[r.story_id] = stored_sid

    def _map(self, cid: str) -> str:
        return self._sid.get(cid, cid)

    def _adopt(self, a: Article, stored_sid: str) -> Placement:
        emb = self._embed(a)
        self._follow(a, stored_sid, emb)
        _, sid = self.store.assign_article(a, stored_sid, embedding=_encode(emb))
        return Placement(a.id, sid, False, None, 1.0, ())

    def _place(self, a: Article) -> Placement:
        assert self._oc is not None
        oc = self._oc
        emb = self._embed(a)
        n, k = len(oc.merges), len(oc.splits)
        r = oc.add(a, embedding=emb)
        splits = [self._split(sp, oc.merges[n:]) for sp in oc.splits[k:]]
        merges = [(self._map(m.from_id), self._map(m.into_id), m.at) for m in oc.merges[n:]]
        sid = self._map(r.story_id)
        _, stored = self.store.assign_article(
            a,
            sid,
            duplicate_of=r.duplicate_of,
            score=float(r.score),
            embedding=_encode(emb),
            merges=merges,
            splits=splits,
        )
        self._sid[r.story_id] = stored
        self._first.setdefault(stored, a.id)
        return Placement(
            a.id,
            stored,
            r.is_new,
            r.duplicate_of,
            float(r.score),
            tuple((f, t) for f, t, _ in merges),
            tuple((sp.from_id, sp.new_id) for sp in splits),
        )

    def _split(self, sp: Split, merges: Sequence[Merge]) -> StorySplit:
        """The store's record of clusterer split ``sp`` (``merges``: those the same article
        caused after it): the stored members of the split story now in the new part."""
        assert self._oc is not None
        src = self._map(sp.from_id)
        part = sp.new_id
        for m in merges:  # the new part may have been merged into an older story since
            if m.from_id == part:
                part = m.into_id
        story = self.store.get_story(src)
        members = story.article_ids if story is not None else []
        moved = tuple(m for m in members if self._oc.story_of(m) == part)
        # the new part's id is the clusterer's (its first article's story id), also stored;
        # a clusterer story of that id merged away earlier is gone, so the mapping is replaced
        self._sid[sp.new_id] = sp.new_id
        self._first[sp.new_id] = sp.first
        return StorySplit(src, sp.new_id, sp.first, moved, sp.at)


def cluster_in_memory(
    articles: Sequence[Article],
    *,
    embeddings: bool = True,
    config: OnlineConfig | None = None,
    models: ModelSet = DEFAULT_MODELS,
    split_models: ModelSet = DEFAULT_SPLIT_MODELS,
) -> list[Any]:
    """Stories of ``articles`` alone (no store), placed in time order: for benchmarks.
    Splits happen when ``config`` sets a split cut (:func:`split_config`)."""
    from ..embed import default_embedder

    oc = OnlineClusterer(
        config=config or OnlineConfig(),
        embedder=default_embedder() if embeddings else None,
        models=models,
        split_models=split_models,
    )
    for a in sorted({a.id: a for a in articles}.values(), key=_time_key):
        oc.add(a)
    return oc.stories()
