"""Online story clustering: each article, in time order, joins a story or starts one.

Per article, in bounded time (Miranda et al., *Multilingual Clustering of Streaming
News*, EMNLP 2018, is the model for the whole design):

1. **Near-duplicate?** A windowed MinHash LSH (:mod:`.dedup`) links wire copies, re-posts
   and updated versions to their original; the copy joins the original's story at once.
2. **Features** (:mod:`.features`): regex tokens with an incremental IDF, capitalised-phrase
   "entities" (or the caller's entities), an optional sentence embedding (:mod:`newsprism.embed`).
3. **Candidates** come from an inverted index over each story's heaviest body terms and
   entities, scanning only the most recent ``posting_scan`` stories of each posting and only
   stories whose ``[first_seen, last_seen]`` lies within ``window`` of the article: never a
   scan of all stories. Stories idle for longer than the window (plus a day) are retired
   every ``retire_every`` articles: the story becomes a small record (id, title, first/last
   seen, member ids) without centroids, embedding or index terms, and posting lists drop
   retired stories once as many have retired as the window holds (at least 1,000), so the
   working state follows the window, not the stream. What grows with the stream is only
   what the caller can ask for later: one int per article (``story_of``) and the records.
4. **Decision** (:mod:`.scoring`): a logistic regression over body/title/entity/embedding
   cosines, the body's and the embedding's fit relative to the story's own cohesion
   (``brel``, ``erel``) and time decay gives P(same story) for each candidate; the
   article joins the most probable one if it reaches the calibrated threshold, else
   starts a new story.
5. **Merges**: when another candidate also clears the threshold for this article, the
   two stories are scored as a pair (centroid against centroid); if that clears the
   stricter ``merge_threshold`` (0.8, tuned with the join cut), the younger story is merged
   into the older one and ``(from, into, at)`` is recorded. With ``rejoin`` (optional,
   ninth round) a candidate story of one article gets a second chance instead: its
   article is scored against the story just joined by the join model at the join cut.

6. **Splits** (optional; ``split_threshold`` and ``split_models``, eighth round): after a
   join, a story of at most ``split_cap`` members is tested for being two stories: its
   members in time order are cut into an older and a newer part (each of at least
   ``split_min_part`` members) at every point, each pair of parts is scored like a merge
   (centroid against centroid) by the *split models*, logistic regressions fitted on
   group pairs of the tuning half (every time split of a gold story: one story; a gold
   story against each other story its articles retrieved: two), and where the least
   probable cut is below ``split_threshold`` the newer part leaves as a new story (its
   near-duplicates follow it) and ``(from, new, first, at)`` is recorded in ``splits``.
   The aim is the next-day roundup whose first article joined yesterday's story on the
   same topic and pulled its siblings after it: once two of them are in, the parts'
   own cohesion is evidence the join decision did not have.

Story ids are those of :func:`newsprism.cluster.simple.story_id` of the story's first
article, so an id never changes as a story grows, and a merge keeps the older id; a split
keeps it for the older part and gives the newer part its first article's id.
Everything is deterministic for the same stream: no randomness, no set iteration order.
"""

from __future__ import annotations

import heapq
import math
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import NamedTuple

import numpy as np

from ..embed.base import Embedder
from ..models import Article, Story
from .dedup import NearDuplicateIndex
from .features import (
    SparseVec,
    Vocabulary,
    add_into,
    cap_entities,
    dot,
    info_hashes,
    info_tokens,
    tokens,
    top_terms,
    word_info,
    words,
)
from .scoring import DEFAULT_MODELS, ModelSet, PairModel
from .simple import story_id

__all__ = ["OnlineClusterer", "OnlineConfig", "Assignment", "Merge", "Split", "WORK_COUNTERS"]


WORK_COUNTERS = ("postings_read", "heap_pops", "scored", "upkeep", "split_tests")


class Assignment(NamedTuple):
    """Where one article went: its story, whether that story is new, the original it
    duplicates (if any) and the decision score (join probability, or Jaccard for a copy)."""

    story_id: str
    is_new: bool
    duplicate_of: str | None
    score: float


class Split(NamedTuple):
    """The members of story ``from_id`` from the article ``first`` on left it as the new
    story ``new_id`` when the article at ``at`` arrived (the older part keeps its id)."""

    from_id: str
    new_id: str
    first: str
    at: datetime | None


class Merge(NamedTuple):
    """Story ``from_id`` was merged into ``into_id`` when the article at ``at`` arrived."""

    from_id: str
    into_id: str
    at: datetime | None


@dataclass(frozen=True)
class OnlineConfig:
    """Options of :class:`OnlineClusterer` (defaults measured by ``newsprism bench cluster``)."""

    window: timedelta = timedelta(days=7)
    """Candidate stories must have an article within this time of the new one."""
    body_keep: int = 100
    """Terms kept per article body vector."""
    centroid_keep: int = 400
    """Terms kept per story centroid (pruned when it grows to twice this)."""
    query_terms: int = 20
    """Heaviest body terms of an article used to look up candidates (and under which the
    story it joins is posted); 12 until the sixth clustering round."""
    query_entities: int = 6
    """Heaviest entities of an article used to look up candidates."""
    posting_scan: int = 150
    """Most recent stories looked at per posting list."""
    candidates: int = 10
    """Candidates scored in full (by number of index hits)."""
    use_time: bool = True
    use_entities: bool = True
    use_embeddings: bool = True
    merge: bool = True
    merge_threshold: float | None = 0.8
    """P(same story) two stories' centroids need to be merged (None: the join threshold);
    chosen with the join threshold on the tuning half (``newsprism bench cluster``)."""
    split_threshold: float | None = None
    """Split repair (eighth round): after a join, a story of up to ``split_cap`` members
    whose time-ordered members split into an older and a newer part that the split
    models give P(same story) below this is split there (the older part keeps the id).
    None: never (the default)."""
    rejoin: bool = False
    """Second chance (ninth round): when an article joins a story, every other candidate
    it retrieved that is a story of one article is scored as that article against the
    story just joined (a lone article's centroid is its own vectors) and merged into it
    if the *join* model clears its join cut: the later sibling is evidence the lone
    article's own join decision did not have. Recorded in ``merges``; needs ``merge``.
    False: never (the default)."""
    split_cap: int = 12
    """Members a story keeps (their vectors) for the split test; larger stories are not tested."""
    split_min_part: int = 2
    """Members each part of a tested split must have. With 1, a split of one article
    off re-judges its join with less evidence than the join had (the eighth round's
    tuning half: 16 of 21 splits parted one gold story); with 2, each part's own
    cohesion is known."""
    dedup: bool = True
    dedup_threshold: float = 0.6
    entity_chars: int = 1200
    """Characters of the body searched for capitalised-phrase entities (the lead matters)."""
    embed_chars: int = 300
    """Characters of the body embedded after the title."""
    retire_every: int = 1000
    """Articles between two passes that retire stories idle for longer than the window
    (plus a day) to compact records; the pass walks only the stories in the window."""
    vocab_max: int | None = 300_000
    """Terms (body words, title words, entities) the vocabulary holds before it forgets
    the least recently seen ones no live story uses, down to three quarters of this
    (checked every ``retire_every`` articles); None: it grows with the stream."""


class _Story:
    """A story in the window: its centroids, index terms and members."""

    active = True

    __slots__ = (
        "idx",
        "id",
        "title",
        "aids",
        "seqs",
        "first_seen",
        "last_seen",
        "body",
        "body_n2",
        "title_v",
        "title_n2",
        "ent",
        "ent_n2",
        "emb",
        "emb_n",
        "indexed",
        "first_seq",
        "body_k",
        "members",
    )

    def __init__(self, idx: int, sid: str, title: str, seq: int, at: datetime | None) -> None:
        self.idx = idx
        self.id = sid
        self.title = title
        self.aids: list[str] = []  # member article ids, in arrival order
        self.seqs = array("q")  # their arrival numbers (8 bytes each, no tuple per member)
        self.first_seen = at
        self.last_seen = at
        self.first_seq = seq
        self.body: SparseVec = {}
        self.body_n2 = 0.0
        self.title_v: SparseVec = {}
        self.title_n2 = 0.0
        self.ent: SparseVec = {}
        self.ent_n2 = 0.0
        self.emb: np.ndarray | None = None
        self.emb_n = 0  # unit embeddings summed in ``emb``
        self.body_k = 0  # article body vectors summed in ``body``
        self.indexed: set[int] = set()
        # (seq, article id, title, features) of the members, for the split test; None
        # once the story has outgrown ``split_cap`` (or when splits are off)
        self.members: list[tuple[int, str, str, _Doc]] | None = []


class _Retired:
    """A story that left the window (or was merged away): only what ``stories()``,
    ``story_of`` and a late duplicate need, ~100 bytes plus its members. Centroids,
    embedding and index terms are gone; the story can never be a candidate again."""

    __slots__ = ("idx", "id", "title", "aids", "seqs", "first_seen", "last_seen", "first_seq")
    active = False

    def __init__(self, s: _Story) -> None:
        self.idx = s.idx
        self.id = s.id
        self.title = s.title
        self.aids = s.aids
        self.seqs = s.seqs
        self.first_seen = s.first_seen
        self.last_seen = s.last_seen
        self.first_seq = s.first_seq

    def revive(self) -> _Story:
        """A live story again (gold replay only), its centroids starting empty."""
        s = _Story(self.idx, self.id, self.title, self.first_seq, self.first_seen)
        s.aids, s.seqs, s.last_seen = self.aids, self.seqs, self.last_seen
        s.members = None  # its earlier members' vectors are gone
        return s


@dataclass
class _Doc:
    body: SparseVec
    title: SparseVec
    ent: SparseVec
    emb: np.ndarray | None
    at: datetime | None
    keys: list[tuple[int, float]] = field(default_factory=list)
    """Index keys (heaviest body terms and entities), computed once per article."""


def _cos(a: SparseVec, c: SparseVec, c_n2: float) -> tuple[float, float]:
    """(cosine of unit ``a`` with centroid ``c``, raw dot; None when not computed)."""
    if not a or not c or c_n2 <= 0:
        return 0.0, None  # type: ignore[return-value]
    d = dot(a, c)
    return d / math.sqrt(c_n2), d


def _prune(v: SparseVec, keep: int) -> tuple[SparseVec, float]:
    kept = {i: v[i] for i in top_terms(v, keep)}
    return kept, sum(x * x for x in kept.values())


def _time_terms(x: dict[str, float], gap_h: float, age_h: float) -> None:
    """Time enters as a decay of similarity, never on its own: two unrelated articles
    published in the same minute must not look alike. Two shapes per interval, a log
    (``sim * ln(1 + hours)``: the first hours matter most) and a linear one (``sim * days``:
    a steady decay that the log flattens out after a day or two)."""
    sim = 0.5 * (x["body"] + x["title"])
    x["gap"] = sim * math.log1p(gap_h)
    x["age"] = sim * math.log1p(age_h)
    x["gapd"] = sim * gap_h / 24.0
    x["aged"] = sim * age_h / 24.0


def _cohesion_gap(mean: float, n2: float, n: int) -> float:
    """``mean`` (an article's mean cosine to a story's ``n`` members) minus the story's
    own cohesion, the mean cosine between two of its members: with ``n`` unit vectors
    summing to ``S``, ``|S|^2 = n2 = n + 2 * sum of pairwise cosines``. A story of one
    has no cohesion yet: 0. Positive = the article fits the story as well as its
    members fit each other."""
    return mean - _cohesion(n2, n) if n > 1 else 0.0


def _cross_gap(d: float, a: tuple[float, int], b: tuple[float, int]) -> float:
    """Two stories' mean cross cosine (``d``: the dot of their sums of ``a[1]`` and
    ``b[1]`` unit vectors, squared norms ``a[0]``, ``b[0]``) minus the mean cohesion of
    those that have one (2+ members); 0 when neither has."""
    if not a[1] or not b[1]:
        return 0.0
    cohs = [_cohesion(n2, k) for n2, k in (a, b) if k > 1]
    return d / (a[1] * b[1]) - sum(cohs) / len(cohs) if cohs else 0.0


def _cohesion(n2: float, n: int) -> float:
    """Mean pairwise cosine of ``n > 1`` unit vectors whose sum has squared norm ``n2``."""
    return (n2 - n) / (n * (n - 1))


def _gap_hours(at: datetime, lo: datetime, hi: datetime) -> float:
    if at < lo:
        return (lo - at).total_seconds() / 3600.0
    if at > hi:
        return (at - hi).total_seconds() / 3600.0
    return 0.0


@dataclass
class OnlineClusterer:
    """Incremental story clustering; see the module docstring.

    ``add`` assigns one article; ``stories`` lists the current stories; ``merges`` records
    every merge as ``(from_id, into_id, at)``. Not thread-safe.
    """

    config: OnlineConfig = field(default_factory=OnlineConfig)
    models: ModelSet = DEFAULT_MODELS
    embedder: Embedder | None = None
    merges: list[Merge] = field(default_factory=list)
    split_models: ModelSet | None = None
    """Group-pair models for the split test (fitted by ``newsprism bench cluster`` on
    the tuning half); splits need these and ``config.split_threshold``."""
    splits: list[Split] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._vocab = Vocabulary(self.config.vocab_max)
        self._stories: list[_Story | _Retired] = []
        self._alias: dict[int, int] = {}
        # term -> ids of the stories indexed under it, oldest first (int64: no Python int
        # per entry)
        self._postings: dict[int, array] = {}
        self._hits = np.zeros(1024)  # candidate look-up scratch, one float per story
        self._where: dict[str, int] = {}  # article id -> story idx (an int: no tuple per article)
        self._dup_of: dict[str, str] = {}  # duplicate article id -> its original
        # duplicate article id -> its date, with splits on: a split recomputes both parts'
        # first/last seen, and a copy's date is kept nowhere else
        self._dup_at: dict[str, datetime] = {}
        self._seq = 0
        self._now: datetime | None = None
        self._active: dict[int, None] = {}
        self._retired_since_rebuild = 0
        self._dedup = NearDuplicateIndex(
            threshold=self.config.dedup_threshold, window=self.config.window
        )
        self._emb_cache: dict[str, np.ndarray] = {}
        self._last_retire = 0
        self.collect: list[tuple[dict[str, float], int]] | None = None
        # gold replay: (older part, newer part) group pairs for the split models
        self.collect_groups: list[tuple[dict[str, float], int]] | None = None
        self._keep_members = self.config.split_threshold is not None
        # work counters (load-independent cost): posting entries read, stories popped
        # from the candidate heap, candidate stories scored, stories visited by the
        # periodic window upkeep (retiring, compacting postings, forgetting terms)
        self.work: dict[str, int] = dict.fromkeys(WORK_COUNTERS, 0)

    # ------------------------------------------------------------------ public
    def __len__(self) -> int:
        return self._seq

    def add(
        self,
        article: Article,
        entities: Sequence[str] | None = None,
        *,
        embedding: np.ndarray | None = None,
        gold: str | None = None,
    ) -> Assignment:
        """Assign ``article`` to a story. ``entities`` replaces the capitalised-phrase
        entities; ``embedding`` a precomputed unit vector (else the embedder is called).
        ``gold`` is for calibration only: join the story holding article ``gold`` and
        record candidate features in ``self.collect``."""
        prior = self._where.get(article.id)
        if prior is not None:
            return Assignment(self._story(prior).id, False, self._dup_of.get(article.id), 1.0)
        seq = self._seq
        self._seq += 1
        at = article.published
        if at is not None and (self._now is None or at > self._now):
            self._now = at
            if self.config.use_time and seq - self._last_retire >= self.config.retire_every:
                self._last_retire = seq
                self._retire(at)
        if seq % self.config.retire_every == 0 and self._vocab.over():
            self._forget_terms()

        title_w = words(article.title)
        text_w = words(article.text)
        info = word_info(title_w + text_w)  # one memo lookup per word: token and hash
        nt = len(title_w)
        toks = (info_tokens(info[:nt]), info_tokens(info[nt:]))
        # 1. near-duplicates
        if self.config.dedup:
            hit = self._dedup.check_and_add(article.id, (), at, hashes=info_hashes(info))
            if hit is not None and gold is None:
                orig = str(hit[0])
                idx = self._where[orig]
                while idx in self._alias:
                    idx = self._alias[idx]
                d = self._stories[idx]
                _append(d, seq, article.id, at)
                self._where[article.id] = idx
                self._dup_of[article.id] = orig
                if self._keep_members and at is not None:
                    self._dup_at[article.id] = at
                return Assignment(d.id, False, orig, hit[1])

        # 2. features
        doc = self._features(article, title_w, text_w, entities, embedding, toks)

        # 3. candidates, 4. decision
        cands = self._candidates(doc)
        self.work["scored"] += len(cands)
        scored: list[tuple[float, int, _Story, dict[str, float]]] = []
        dots: dict[int, list] = {}
        for s in cands:
            x = self._pair(doc, s, dots.setdefault(s.idx, []))
            p = self._model(x).prob(x)
            scored.append((p, -s.idx, s, x))
        scored.sort(key=lambda t: (-t[0], -t[1]))

        if gold is not None:
            return self._add_gold(article, doc, seq, scored, gold)

        best_p = scored[0][0] if scored else 0.0
        if scored and best_p >= self._model(scored[0][3]).threshold:
            s = scored[0][2]
            self._join(s, doc, seq, article.id, dots[s.idx], article.title)
            self._where[article.id] = s.idx
            if self.split_models is not None and self._keep_members:
                s = self._maybe_split(s, article.id, at)
            if self.config.merge:
                rejoin = self.config.rejoin
                for p, _, t, x in scored[1:]:
                    if rejoin and len(t.aids) == 1 and t.body_k == 1:
                        if t.idx not in self._alias:
                            s = self._maybe_merge(s, t, at, rejoin=True)
                    elif p >= self._model(x).threshold:
                        s = self._maybe_merge(s, t, at)
                    elif not rejoin:
                        break
            return Assignment(s.id, False, None, best_p)

        s = self._new_story(article, doc, seq)
        self._where[article.id] = s.idx
        return Assignment(s.id, True, None, best_p)

    def stories(self) -> list[Story]:
        """Current stories (merged ones folded in), ordered by their first article."""
        out = []
        for idx, s in enumerate(self._stories):
            if idx in self._alias:
                continue
            out.append(
                Story(
                    id=s.id,
                    title=s.title,
                    article_ids=list(s.aids),
                    first_seen=s.first_seen,
                    last_seen=s.last_seen,
                )
            )
        return out

    def story_of(self, article_id: str) -> str | None:
        """The current story id of an article already added."""
        w = self._where.get(article_id)
        return None if w is None else self._story(w).id

    def stats(self) -> dict[str, int]:
        return {
            "articles": self._seq,
            "stories": len(self._stories) - len(self._alias),
            "active_stories": len(self._active),
            "vocabulary": len(self._vocab),
            "vocabulary_forgotten": self._vocab.forgotten,
            "dedup_indexed": len(self._dedup),
            "postings": sum(len(p) for p in self._postings.values()),
        }

    # ------------------------------------------------------------------ internals
    def _story(self, idx: int) -> _Story | _Retired:
        while idx in self._alias:
            idx = self._alias[idx]
        return self._stories[idx]

    def _model(self, x: dict[str, float]) -> PairModel:
        return self.models.get(x)

    def _features(
        self,
        article: Article,
        title_w: list[str],
        text_w: list[str],
        entities: Sequence[str] | None,
        embedding: np.ndarray | None,
        toks: tuple[list[str], list[str]] | None = None,
    ) -> _Doc:
        cfg = self.config
        v = self._vocab
        title_t, text_t = (tokens(title_w), tokens(text_w)) if toks is None else toks
        title_c = v.ids(title_t)
        body_c = v.ids(title_t + text_t)
        ent_c: dict[int, int] = {}
        if cfg.use_entities:
            if entities is None:
                ents = cap_entities(f"{article.title}. {article.text[: cfg.entity_chars]}")
            else:
                ents = []
                for e in entities:
                    e = " ".join(e.lower().split())
                    if e:
                        ents.append(e)
                        parts = e.split()
                        if len(parts) > 1 and len(parts[-1]) > 2:
                            ents.append(parts[-1])
            ent_c = v.ids("\x00" + e for e in ents)
        v.observe(body_c, ent_c)  # the title's terms are counted in the body's
        emb = None
        if cfg.use_embeddings:
            if embedding is not None:
                emb = np.asarray(embedding, dtype=np.float32)
            elif self.embedder is not None:
                text = f"{article.title}. {article.text[: cfg.embed_chars]}"
                emb = self.embedder.embed([text])[0]
        doc = _Doc(
            body=v.vector(body_c, cfg.body_keep),
            title=v.vector(title_c),
            ent=v.vector(ent_c, 40),
            emb=emb,
            at=article.published,
        )
        doc.keys = self._query_keys(doc)
        return doc

    def _in_window(self, s: _Story, at: datetime | None) -> bool:
        if at is None or s.first_seen is None or s.last_seen is None:
            return True
        w = self.config.window
        return s.first_seen - w <= at <= s.last_seen + w

    def _query_keys(self, doc: _Doc) -> list[tuple[int, float]]:
        cfg = self.config
        keys = [(i, doc.body[i]) for i in top_terms(doc.body, cfg.query_terms)]
        keys += [(i, doc.ent[i]) for i in top_terms(doc.ent, cfg.query_entities)]
        return keys

    def _candidates(self, doc: _Doc) -> list[_Story]:
        cfg = self.config
        postings = self._postings
        scan = cfg.posting_scan
        parts: list[array] = []
        ws: list[float] = []
        lens: list[int] = []
        for term, w in doc.keys:
            post = postings.get(term)
            if not post:
                continue
            part = post[-scan:] if len(post) > scan else post
            parts.append(part)
            ws.append(w)
            lens.append(len(part))
        if not parts:
            return []
        # Each story's hits are the weights of the keys whose posting holds it, summed in
        # key order. ``np.add.at`` applies the additions one by one in array order (keys
        # in order, then each posting), so every sum is the same float as adding them up
        # one key at a time in Python; posting entries are plain int64s, read without
        # touching one Python int per entry. The sums go to a scratch array indexed by
        # story (all zeros between calls).
        posted = np.frombuffer(b"".join(parts), dtype=np.int64)
        sums = self._hits
        if len(sums) < len(self._stories):
            sums = self._hits = np.zeros(2 * len(self._stories))
        np.add.at(sums, posted, np.repeat(ws, lens))
        stories = np.sort(posted)
        if len(stories) > 1:
            first = np.empty(len(stories), dtype=bool)
            first[0] = True
            np.not_equal(stories[1:], stories[:-1], out=first[1:])
            stories = stories[first]
        hits = sums[stories]
        sums[stories] = 0.0
        # most hits first (ties: older story, as ``stories`` is sorted); only then look
        # at the stories themselves: usually a few are enough to find ``candidates``
        # live stories in the window
        order = stories[np.argsort(-hits, kind="stable")].tolist()
        at = doc.at if cfg.use_time else None
        alias = self._alias
        out: list[_Story] = []
        popped = 0
        for idx in order:
            popped += 1
            if idx in alias:  # merged: its survivor is posted under its own terms too
                continue
            s = self._stories[idx]
            if s.active and self._in_window(s, at):  # type: ignore[arg-type]
                out.append(s)  # type: ignore[arg-type]
                if len(out) == cfg.candidates:
                    break
        self.work["postings_read"] += len(posted)
        self.work["heap_pops"] += popped
        return out

    def _pair(self, doc: _Doc, s: _Story, dots: list | None = None) -> dict[str, float]:
        """The pair's features; ``dots`` receives the raw dot products (body, title,
        entities; None where not computed) for :meth:`_join` to reuse."""
        cfg = self.config
        body, db = _cos(doc.body, s.body, s.body_n2)
        title, dt = _cos(doc.title, s.title_v, s.title_n2)
        x = {"body": body, "title": title}
        x["brel"] = 0.0 if db is None else _cohesion_gap(db / s.body_k, s.body_n2, s.body_k)
        de = None
        if cfg.use_entities:
            x["ent"], de = _cos(doc.ent, s.ent, s.ent_n2)
        if dots is not None:
            dots += (db, dt, de)
        if cfg.use_embeddings and doc.emb is not None and s.emb is not None:
            d = float(doc.emb @ s.emb)
            n = float(np.linalg.norm(s.emb))
            x["emb"] = d / n if n > 0 else 0.0
            x["erel"] = _cohesion_gap(d / s.emb_n, n * n, s.emb_n)
        if cfg.use_time and doc.at and s.first_seen and s.last_seen:
            gap = _gap_hours(doc.at, s.first_seen, s.last_seen)
            age = abs((doc.at - s.first_seen).total_seconds()) / 3600.0
            _time_terms(x, gap, age)
        return x

    def _index(self, s: _Story, doc: _Doc) -> None:
        for term, _ in doc.keys:
            if term not in s.indexed:
                s.indexed.add(term)
                self._post(term, s.idx)

    def _unindex(self, s: _Story, keep: set[int]) -> None:
        """Take ``s`` off the postings of its index terms outside ``keep`` (after a split:
        the terms only the moved articles brought), so it is no longer retrieved by them."""
        for term in s.indexed - keep:
            post = self._postings.get(term)
            if post is not None:
                left = array("q", [i for i in post if i != s.idx])
                if left:
                    self._postings[term] = left
                else:
                    del self._postings[term]
        s.indexed &= keep

    def _post(self, term: int, idx: int) -> None:
        post = self._postings.get(term)
        if post is None:
            post = self._postings[term] = array("q")
        post.append(idx)

    def _join(
        self, s: _Story, doc: _Doc, seq: int, aid: str, dots: list | None = None, title: str = ""
    ) -> None:
        """Add the article to ``s`` (``dots``: the raw dot products :meth:`_pair` found)."""
        self._absorb(s, doc, dots)
        _append(s, seq, aid, doc.at)
        self._index(s, doc)
        if s.members is not None:
            keep = self._keep_members or self.collect_groups is not None
            if keep and len(s.members) < self.config.split_cap:
                s.members.append((seq, aid, title, doc))
            else:
                s.members = None

    def _absorb(self, s: _Story, doc: _Doc, dots: list | None = None) -> None:
        """Add the article's vectors to ``s``'s centroids (its time span: :func:`_widen`)."""
        keep = self.config.centroid_keep
        for k, name in enumerate(("body", "title_v", "ent")):
            a: SparseVec = getattr(doc, "title" if name == "title_v" else name)
            if not a:
                continue
            c: SparseVec = getattr(s, name)
            n2_attr = "title_n2" if name == "title_v" else f"{name}_n2"
            d = dots[k] if dots and dots[k] is not None else dot(a, c)
            n2 = getattr(s, n2_attr) + 2.0 * d + 1.0
            add_into(c, a)
            if len(c) > 2 * keep:
                c, n2 = _prune(c, keep)
                setattr(s, name, c)
            setattr(s, n2_attr, n2)
            if k == 0:
                s.body_k += 1
        if doc.emb is not None:
            s.emb = doc.emb.copy() if s.emb is None else s.emb + doc.emb
            s.emb_n += 1

    # ------------------------------------------------------------------ split repair
    def _parts(self, members: list[tuple[int, str, str, _Doc]]) -> list[_Story]:
        """The running groups of ``members``: ``out[k]`` holds the first ``k + 1``."""
        out: list[_Story] = []
        g = _Story(-1, "", "", 0, None)
        for _, _, _, doc in members:
            h = _Story(-1, "", "", 0, g.first_seen)
            h.last_seen = g.last_seen
            h.body, h.body_n2, h.body_k = dict(g.body), g.body_n2, g.body_k
            h.title_v, h.title_n2 = dict(g.title_v), g.title_n2
            h.ent, h.ent_n2 = dict(g.ent), g.ent_n2
            h.emb, h.emb_n = (None if g.emb is None else g.emb.copy()), g.emb_n
            self._absorb(h, doc)
            _widen(h, doc.at)
            out.append(h)
            g = h
        return out

    def _split_rows(self, s: _Story, lo: int = 1) -> list[tuple[int, dict[str, float]]]:
        """``(k, features)`` for each split of ``s``'s time-ordered members into the
        first ``k`` and the rest, both parts of at least ``lo`` members."""
        m = sorted(s.members or (), key=_member_key)
        if len(m) < 2:
            return []
        pre = self._parts(m)
        suf = self._parts(m[::-1])
        n = len(m)
        return [(k, self._story_pair(pre[k - 1], suf[n - k - 1])) for k in range(lo, n - lo + 1)]

    def _maybe_split(self, s: _Story, aid: str, at: datetime | None) -> _Story:
        """Split ``s`` where its older and newer members look least like one story, if
        the split models put that below ``split_threshold``; return the story now
        holding article ``aid``."""
        assert self.split_models is not None and self.config.split_threshold is not None
        rows = self._split_rows(s, self.config.split_min_part)
        if not rows:
            return s
        self.work["split_tests"] += len(rows)
        p, k = min((self.split_models.get(x).prob(x), k) for k, x in rows)
        if p >= self.config.split_threshold:
            return s
        m = sorted(s.members or (), key=_member_key)
        older, newer = m[:k], m[k:]
        if s.aids[0] in {a for _, a, _, _ in newer}:  # the first article's part keeps the id
            older, newer = newer, older
        moved = {a for _, a, _, _ in newer}
        for a in s.aids:  # near-duplicates follow their original
            if a in self._dup_of and self._dup_of[a] in moved:
                moved.add(a)
        _, first, title, _ = min(newer)
        t = _Story(len(self._stories), story_id(first), title, min(newer)[0], None)
        self._stories.append(t)
        self._active[t.idx] = None
        docs = {a: d for _, a, _, d in newer}
        for q, a in zip(s.seqs, s.aids, strict=True):
            if a in moved:
                d = docs.get(a)
                if d is not None:
                    self._absorb(t, d)
                    self._index(t, d)
                _append(t, q, a, self._dup_at.get(a) if d is None else d.at)
                self._where[a] = t.idx
        t.members = sorted(newer)
        kept = [(q, a) for q, a in zip(s.seqs, s.aids, strict=True) if a not in moved]
        s.aids = [a for _, a in kept]
        s.seqs = array("q", [q for q, _ in kept])
        s.body, s.body_n2, s.body_k = {}, 0.0, 0
        s.title_v, s.title_n2, s.ent, s.ent_n2 = {}, 0.0, {}, 0.0
        s.emb, s.emb_n, s.first_seen, s.last_seen = None, 0, None, None
        for _, _, _, d in older:
            self._absorb(s, d)
            _widen(s, d.at)
        for a in s.aids:  # the copies that stayed
            _widen(s, self._dup_at.get(a))
        s.members = sorted(older)
        self._unindex(s, {term for _, _, _, d in older for term, _ in d.keys})
        self.splits.append(Split(s.id, t.id, first, at))
        return t if aid in moved else s

    def _new_story(self, article: Article, doc: _Doc, seq: int) -> _Story:
        s = _Story(len(self._stories), story_id(article.id), article.title, seq, None)
        self._stories.append(s)
        self._active[s.idx] = None
        self._join(s, doc, seq, article.id, title=article.title)
        return s

    def _add_gold(
        self,
        article: Article,
        doc: _Doc,
        seq: int,
        scored: list[tuple[float, int, _Story, dict[str, float]]],
        gold: str,
    ) -> Assignment:
        """Calibration replay: record every candidate's features, then follow the gold story."""
        target = self._where.get(gold)
        tgt = None if target is None else self._story(target)
        if self.collect is not None:
            for _, _, s, x in scored:
                self.collect.append((x, 1 if tgt is not None and s is tgt else 0))
        if tgt is None:
            s = self._new_story(article, doc, seq)
            self._where[article.id] = s.idx
            self._collect_groups(s, scored)
            return Assignment(s.id, True, None, 0.0)
        if isinstance(tgt, _Retired):
            tgt = self._stories[tgt.idx] = tgt.revive()
            self._active[tgt.idx] = None
        self._join(tgt, doc, seq, article.id, title=article.title)
        self._where[article.id] = tgt.idx
        self._collect_groups(tgt, scored)
        return Assignment(tgt.id, False, None, 1.0)

    def _collect_groups(
        self, g: _Story, scored: list[tuple[float, int, _Story, dict[str, float]]]
    ) -> None:
        """Split-model rows of the gold replay: every time split of the gold story just
        joined (label 1: one story) and the story against each other candidate the
        article retrieved (label 0: two stories the index finds alike)."""
        if self.collect_groups is None or g.members is None:
            return
        self.collect_groups.extend((x, 1) for _, x in self._split_rows(g))
        for _, _, c, _ in scored:
            if c is not g and c.active:
                self.collect_groups.append((self._story_pair(c, g), 0))

    def _story_pair(self, s: _Story, t: _Story) -> dict[str, float]:
        def cos(a: SparseVec, an2: float, b: SparseVec, bn2: float) -> float:
            if not a or not b or an2 <= 0 or bn2 <= 0:
                return 0.0
            return dot(a, b) / math.sqrt(an2 * bn2)

        cfg = self.config
        x = {
            "body": cos(s.body, s.body_n2, t.body, t.body_n2),
            "title": cos(s.title_v, s.title_n2, t.title_v, t.title_n2),
            "brel": _cross_gap(dot(s.body, t.body), (s.body_n2, s.body_k), (t.body_n2, t.body_k)),
        }
        if cfg.use_entities:
            x["ent"] = cos(s.ent, s.ent_n2, t.ent, t.ent_n2)
        if cfg.use_embeddings and s.emb is not None and t.emb is not None:
            sn2, tn2 = float(s.emb @ s.emb), float(t.emb @ t.emb)
            d = float(s.emb @ t.emb)
            n = math.sqrt(sn2 * tn2)
            x["emb"] = d / n if n > 0 else 0.0
            x["erel"] = _cross_gap(d, (sn2, s.emb_n), (tn2, t.emb_n))
        if cfg.use_time and None not in (s.first_seen, s.last_seen, t.first_seen, t.last_seen):
            assert s.first_seen and s.last_seen and t.first_seen and t.last_seen
            gap = max(
                0.0,
                (t.first_seen - s.last_seen).total_seconds() / 3600.0,
                (s.first_seen - t.last_seen).total_seconds() / 3600.0,
            )
            first = abs((t.first_seen - s.first_seen).total_seconds()) / 3600.0
            _time_terms(x, gap, first)
        return x

    def _maybe_merge(self, s: _Story, t: _Story, at: datetime | None, *, rejoin: bool = False) -> _Story:
        """Merge ``s`` and ``t`` if they score as one story; return the survivor. With
        ``rejoin`` (the second chance for the lone article of ``t``) the cut is the join
        cut: for a story of one, the story pair's features are the join features of its
        article."""
        if s is t:
            return s
        x = self._story_pair(s, t)
        m = self._model(x)
        cut = m.threshold if rejoin or self.config.merge_threshold is None else self.config.merge_threshold
        if m.prob(x) < cut:
            return s
        return self._merge(s, t, at)

    def _merge(self, s: _Story, t: _Story, at: datetime | None) -> _Story:
        """Merge ``s`` and ``t`` (the older keeps its id); record it; return the survivor."""
        keep, gone = (s, t) if s.first_seq <= t.first_seq else (t, s)
        for name, n2_attr in (("body", "body_n2"), ("title_v", "title_n2"), ("ent", "ent_n2")):
            c: SparseVec = getattr(keep, name)
            add_into(c, getattr(gone, name))
            if len(c) > 2 * self.config.centroid_keep:
                c, _ = _prune(c, self.config.centroid_keep)
                setattr(keep, name, c)
            setattr(keep, n2_attr, sum(v * v for v in c.values()))
        keep.body_k += gone.body_k
        if keep.members is not None and gone.members is not None:
            both_m = keep.members + gone.members
            keep.members = both_m if len(both_m) <= self.config.split_cap else None
        else:
            keep.members = None
        if gone.emb is not None:
            keep.emb = gone.emb.copy() if keep.emb is None else keep.emb + gone.emb
            keep.emb_n += gone.emb_n
        both = list(
            heapq.merge(
                zip(keep.seqs, keep.aids, strict=True), zip(gone.seqs, gone.aids, strict=True)
            )
        )
        keep.seqs = array("q", [q for q, _ in both])
        keep.aids = [a for _, a in both]
        for d in (gone.first_seen, gone.last_seen):
            if d is not None:
                if keep.first_seen is None or d < keep.first_seen:
                    keep.first_seen = d
                if keep.last_seen is None or d > keep.last_seen:
                    keep.last_seen = d
        for term in sorted(gone.indexed):
            if term not in keep.indexed:
                keep.indexed.add(term)
                self._post(term, keep.idx)
        self._alias[gone.idx] = keep.idx
        self._active.pop(gone.idx, None)
        husk = self._stories[gone.idx] = _Retired(gone)
        husk.aids, husk.seqs = [], array("q")
        self.merges.append(Merge(gone.id, keep.id, at))
        return keep

    def _compact_postings(self) -> None:
        """Drop stories no longer in the window from every posting list (order kept)."""
        self._retired_since_rebuild = 0
        postings = self._postings
        if not postings:
            return
        # all lists at once: one mask over the concatenated entries, then cut back
        posted = np.frombuffer(b"".join(postings.values()), dtype=np.int64)
        self.work["upkeep"] += len(posted)
        live = np.zeros(len(self._stories), dtype=bool)
        live[np.fromiter(self._active, dtype=np.int64, count=len(self._active))] = True
        keep = live[posted]
        ends = np.cumsum(np.fromiter(map(len, postings.values()), np.int64, len(postings)))
        kept_upto = np.cumsum(keep)[ends - 1].tolist()
        data = posted[keep].tobytes()
        start = 0
        for term, n_upto in zip(list(postings), kept_upto, strict=True):
            if n_upto == start:
                del postings[term]
            elif n_upto - start != len(postings[term]):
                post = postings[term] = array("q")
                post.frombytes(data[8 * start : 8 * n_upto])
            start = n_upto

    def _forget_terms(self) -> None:
        """Bound the vocabulary: forget the least recently seen terms that no story in
        the window holds (in a centroid or the index), down to 3/4 of ``vocab_max``."""
        self._compact_postings()
        keep: set[int] = set(self._postings)
        self.work["upkeep"] += len(self._active)
        for idx in self._active:
            s = self._stories[idx]
            keep.update(s.body)  # type: ignore[union-attr]
            keep.update(s.title_v)  # type: ignore[union-attr]
            keep.update(s.ent)  # type: ignore[union-attr]
            keep.update(s.indexed)  # type: ignore[union-attr]
        assert self.config.vocab_max is not None
        self._vocab.forget(keep, self.config.vocab_max * 3 // 4)

    def _retire(self, now: datetime) -> None:
        """Drop the vectors of stories idle for longer than the window (plus a day)."""
        cutoff = now - self.config.window - timedelta(days=1)
        self.work["upkeep"] += len(self._active)
        gone = []
        for idx in self._active:
            s = self._stories[idx]
            if s.last_seen is not None and s.last_seen < cutoff:
                gone.append(idx)
        for idx in gone:
            self._stories[idx] = _Retired(self._stories[idx])  # type: ignore[arg-type]
            del self._active[idx]
        self._retired_since_rebuild += len(gone)
        if self._retired_since_rebuild > max(1000, len(self._active)):
            self._compact_postings()


def _member_key(m: tuple[int, str, str, _Doc]) -> tuple[int, datetime | None, int]:
    """Members in time order (undated ones after, in arrival order)."""
    at = m[3].at
    return (0, at, m[0]) if at is not None else (1, None, m[0])  # type: ignore[return-value]


def _append(s: _Story | _Retired, seq: int, aid: str, at: datetime | None) -> None:
    s.aids.append(aid)
    s.seqs.append(seq)
    _widen(s, at)


def _widen(s: _Story | _Retired, at: datetime | None) -> None:
    """Stretch ``s``'s ``[first_seen, last_seen]`` over ``at``."""
    if at is not None:
        if s.first_seen is None or at < s.first_seen:
            s.first_seen = at
        if s.last_seen is None or at > s.last_seen:
            s.last_seen = at
