"""Statement alignment across outlets: consensus, conflict, unique and omission facts.

Every sentence of every article in a story becomes a candidate. Two signals compare
sentences of *different* outlets:

* **lexical** ``lex = 0.7 * cosine + 0.3 * dice``: ``cosine`` is TF-IDF cosine over
  content-word unigrams and bigrams (stop words removed, light suffix stemming, a small
  table of news paraphrase classes folded to one token, e.g. vetoed/blocked/halted/
  cancelled -> "cancel", trip/visit -> "trip"; sublinear tf) fitted on the story's own
  sentences, and ``dice`` the Dice overlap of the content-word (and number) sets;
* **meaning** ``emb``: the cosine of sentence embeddings (:func:`story_embedder`: MiniLM
  int8 or the static potion-base-8M, any :class:`~newsprism.embed.Embedder` can be passed; cached per
  sentence) *minus the story's background*, the mean cosine of all cross-outlet sentence
  pairs (clipped to [0.10, 0.40]): in a story where every sentence names the same three
  people unrelated sentences are already close (seed story 0.34, demo 0.17).

Candidate pairs come from an index, not all pairs: for each sentence its ``TOP_K`` (8)
nearest other-outlet sentences by embedding dot product (by lexical score without
embeddings) plus the other-outlet sentences with ``lex >= LEX_FLOOR`` (see
:func:`_candidate_pairs`; ``O(n k)`` pairs tested, one ``n x n`` dense product to find
them). A pair aligns (:func:`_aligns`) when a calibrated logistic regression over
:func:`pair_features` (lexical score, entity-word Jaccard, entities disagree, a shared
number, shared content words, and the embedding cosine when there is one) gives a
probability >= its threshold (0.5), and never when the two sentences give incompatible
values for one slot (counts, times: :func:`slots.slot_clashes`): those are a conflict, not
an agreement. One coefficient set per embedder kind (``none``, ``minilm``, ``potion``),
fit on the *tuning* split of newsprism/data/align_pairs.json only and shipped in
newsprism/data/align_model.json; ``newsprism bench compare --fit-align`` refits them and
scores them on the held-out split. The hand-set thresholds they replace
(``ALIGN_THRESHOLD``, ``EMB_VETO``, ``EMB_ALIGN``: :func:`_hand_rule`) over-fitted the
tuning pairs (held-out F1 0.40 with MiniLM) and stay only for that comparison.

Sentences are clustered greedily, strongest pair first (score ``0.5 * lex + 0.5 * emb``
or ``lex``), into *statement groups*; a merge is refused when it would put two sentences
of one article in a group, join two sentences with clashing values, or when the mean score
between the two groups falls below a floor (no single-link chaining). A group covering
>= 2 outlets is a consensus fact; its ``independent`` count discounts relays (see
:func:`_independent`). Groups covering most outlets (>= 3 of >= 4, or all but one of
>= 3) yield an omission fact per silent outlet that has no sentence near the statement.
Slot conflicts (titles, spellings, counts, durations, times) come from :mod:`.slots`; number
conflicts inside a group that no slot covers keep the first version's noun-based rule. A
sentence no other outlet comes near (``lex < NEAR_MISS`` and ``emb < EMB_NEAR_MISS``)
that is informative (names an entity or gives a number, >= 8 words, not a bare quotation,
not a heading) is a unique fact; at most ``MAX_UNIQUE_PER_ARTICLE`` per article.
"""

from __future__ import annotations

import functools
import json
import logging
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from ..embed import CachedEmbedder, Embedder, default_embedder
from ..embed.stored import round_vectors
from ..ids import stable_id
from ..models import Article, ArticleAnalysis, Citation, ConflictValue, Entity, Evidence, Fact
from .slots import (
    polarity_conflicts,
    slot_clashes,
    slot_conflicts,
    slot_omissions,
    value_interval,
)
from .text import (
    STOP_WORDS,
    is_heading,
    mentions_in,
    outlet_key,
    outlet_name_key,
    sentences_of,
    shorten,
    stem,
    words,
)

__all__ = [
    "ALIGN_THRESHOLD",
    "STRONG_THRESHOLD",
    "NEAR_MISS",
    "MAX_UNIQUE_PER_ARTICLE",
    "build_facts",
    "outlet_key",
    "pair_decisions",
    "sentence_texts",
    "story_embedder",
]

log = logging.getLogger(__name__)

ALIGN_THRESHOLD = 0.28
STRONG_THRESHOLD = 0.50
NEAR_MISS = 0.22
COSINE_WEIGHT = 0.7
DICE_WEIGHT = 0.3
MERGE_FLOOR = 0.75 * ALIGN_THRESHOLD
MAX_UNIQUE_PER_ARTICLE = 8
UNIQUE_REPEAT = 0.6
# with embeddings (MiniLM cosine), calibrated on tests/fixtures/compare/align_pairs.json
# (cosines are taken relative to the story's mean cross-outlet cosine, clipped to
# [BACKGROUND_MIN, BACKGROUND_MAX])
EMB_VETO = 0.305
EMB_ALIGN = 0.50
LEX_FLOOR = 0.12
EMB_MERGE_FLOOR = 0.25
EMB_NEAR_MISS = 0.38
TOP_K = 8
OMISSION_FLOOR = 0.20
OMISSION_LEX_FLOOR = 0.12
BACKGROUND_MIN, BACKGROUND_MAX, BACKGROUND_DEFAULT = 0.10, 0.40, 0.20
MIN_ALIGN_WORDS = 5
MIN_UNIQUE_WORDS = 8
SUMMARY_WORDS = 30

_NAMED = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
)
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|‘[^’]*’")
_HEDGES = r"over|more than|some|about|around|nearly|almost|at least|up to|roughly|approximately|about|less than|fewer than|under"
_QUANTITY = re.compile(
    rf"\b(?:(?P<hedge>{_HEDGES})\s+)?(?P<num>\d[\d,]*(?:\.\d+)?|two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|thousands?)\s+(?P<noun>[A-Za-z][A-Za-z-]{{2,}})",
    re.I,
)
_NUM_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "dozen": 12, "dozens": 24, "hundred": 100, "hundreds": 200, "thousand": 1000,
    "thousands": 2000,
}  # fmt: skip
_NOT_UNITS = STOP_WORDS | {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "am", "pm", "et", "gmt", "utc",
}  # fmt: skip


# News paraphrase classes: words outlets use interchangeably for one event, folded to one
# token before TF-IDF so "vetoed the trip" and "cancel a planned visit" share words.
SYNONYMS: dict[str, str] = {
    **dict.fromkeys(["veto", "vetoed", "block", "blocked", "halt", "halted", "halts", "cancel",
                     "canceled", "cancelled", "cancellation", "cancelation", "postpone",
                     "postponed", "scrap", "scrapped", "nix", "nixed"], "cancel"),
    **dict.fromkeys(["trip", "visit", "journey", "travel"], "trip"),
    **dict.fromkeys(["died", "killed", "deaths", "death", "fatalities", "dead", "die"], "die"),
    **dict.fromkeys(["conversation", "phone", "call", "talks"], "call"),
    **dict.fromkeys(["spoke", "spoken", "speak", "talked", "talk"], "speak"),
    **dict.fromkeys(["evacuated", "evacuation", "evacuate", "leave", "left"], "evacuate"),
    **dict.fromkeys(["blaze", "fire", "flames"], "fire"),
    **dict.fromkeys(["defence", "defense"], "defense"),
    **dict.fromkeys(["strike", "attack", "retaliation", "response"], "strike"),
}  # fmt: skip


@dataclass(frozen=True)
class _Cand:
    article_id: str
    art_pos: int
    outlet: str | None
    okey: str
    start: int
    end: int
    sent_index: int
    text: str
    tokens: tuple[str, ...]
    ents: frozenset[str]
    nums: frozenset[str]
    named: bool
    quote_only: bool
    heading: bool
    n_words: int


def _quote_only(text: str, start: int, end: int, an: ArticleAnalysis | None) -> bool:
    if an is not None:
        covered = 0
        for q in an.quotes:
            if q.direct:
                covered += max(0, min(end, q.content.end) - max(start, q.content.start))
        if end > start and covered / (end - start) >= 0.6:
            return True
    if not _QUOTED.search(text):
        return False
    rest = _QUOTED.sub(" ", text)
    return len(words(rest)) < MIN_UNIQUE_WORDS


def _candidates(
    articles: Sequence[Article], analyses: Mapping[str, ArticleAnalysis]
) -> list[_Cand]:
    out: list[_Cand] = []
    for pos, a in enumerate(articles):
        an = analyses.get(a.id)
        for s in sentences_of(a.text, an):
            text = " ".join(s.text.split())
            if not text:
                continue
            ments = [m for m in mentions_in(s, an) if m.label in _NAMED]
            ents = frozenset(
                w for m in ments for w in words(m.text) if w not in STOP_WORDS and len(w) > 1
            )
            if an is None or not an.mentions:  # no analysis: capitalised words past the first
                caps = re.findall(r"(?<=\s)[A-Z][a-z]+(?:\s[A-Z][a-z]+)*", text)
                ents = frozenset(w for c in caps for w in words(c) if w not in STOP_WORDS)
            toks = tuple(
                stem(SYNONYMS.get(w, w))
                for w in words(text)
                if w not in STOP_WORDS and (len(w) > 1 or w.isdigit())
            )
            nums = frozenset(re.findall(r"\d+(?:\.\d+)?", text.replace(",", "")))
            out.append(
                _Cand(
                    article_id=a.id,
                    art_pos=pos,
                    outlet=a.outlet,
                    okey=outlet_key(a),
                    start=s.start,
                    end=s.end,
                    sent_index=s.index,
                    text=text,
                    tokens=toks,
                    ents=ents,
                    nums=nums,
                    named=bool(ents),
                    quote_only=_quote_only(text, s.start, s.end, an),
                    heading=is_heading(text),
                    n_words=len(text.split()),
                )
            )
    return out


def sentence_texts(
    articles: Sequence[Article], analyses: Mapping[str, ArticleAnalysis]
) -> list[str]:
    """The texts :func:`build_facts` embeds for these articles (every sentence,
    whitespace-normalised, in order): what the NLP stage embeds ahead of the comparison."""
    return [c.text for c in _candidates(articles, analyses)]


def _lexical_ok(a: _Cand, b: _Cand, lex: float) -> bool:
    """The hand-set lexical rule of the first version (kept for the benchmark's comparison;
    production decisions come from the calibrated model, :func:`_aligns`)."""
    if lex >= STRONG_THRESHOLD:
        return True
    if lex < ALIGN_THRESHOLD:
        return False
    if len(set(a.tokens) & set(b.tokens)) < 2:
        return False
    if a.ents and b.ents and not (a.ents & b.ents):
        return False
    return bool(a.ents & b.ents) or bool(a.nums & b.nums)


def _hand_rule(a: _Cand, b: _Cand, lex: float, emb: float | None) -> bool:
    """The hand-set thresholds of the second version (benchmark comparison only)."""
    if emb is None:
        return _lexical_ok(a, b, lex)
    if _lexical_ok(a, b, lex) and emb >= EMB_VETO:
        return True
    if emb + 0.5 * lex < EMB_ALIGN:
        return False
    if a.ents and b.ents and not (a.ents & b.ents):
        return False
    shared = set(a.tokens) & set(b.tokens)
    return bool(a.ents & b.ents) or bool(a.nums & b.nums) or len(shared) >= 2


# ----------------------------------------------------------------- calibrated decision

FEATURES = (
    "lexical",  # 0.7 tf-idf cosine + 0.3 dice
    "entity_jaccard",  # Jaccard of named-entity words (0 when either has none)
    "entity_disagree",  # both name entities, none shared
    "shared_number",  # a number in common
    # no "numbers differ" feature: the labelled pairs leave out pairs with clashing values
    # (those are conflicts), so such a weight would learn to split exactly the pairs the
    # conflict detection needs aligned
    "shared_words",  # content words in common, capped at 6, / 6
)
EMB_FEATURE = "embedding"  # cosine minus the story background, in MiniLM units


def pair_features(a: _Cand, b: _Cand, lex: float, emb: float | None) -> list[float]:
    """The signals the alignment model weighs (:data:`FEATURES`, then the embedding)."""
    shared = set(a.tokens) & set(b.tokens)
    both_ents = bool(a.ents and b.ents)
    common_ents = a.ents & b.ents
    out = [
        float(lex),
        len(common_ents) / len(a.ents | b.ents) if both_ents else 0.0,
        1.0 if both_ents and not common_ents else 0.0,
        1.0 if a.nums & b.nums else 0.0,
        min(len(shared), 6) / 6.0,
    ]
    if emb is not None:
        out.append(float(emb))
    return out


@dataclass(frozen=True)
class AlignModel:
    """A logistic regression over :func:`pair_features`, its decision threshold, and how
    the embedder's cosines map into MiniLM units (``emb_scale``, background clip)."""

    kind: str
    features: tuple[str, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float
    emb_scale: float = 1.0
    background: tuple[float, float, float] = (BACKGROUND_MIN, BACKGROUND_MAX, BACKGROUND_DEFAULT)

    def probability(self, feats: Sequence[float]) -> float:
        z = self.intercept + sum(c * f for c, f in zip(self.coef, feats, strict=True))
        return 1.0 / (1.0 + math.exp(-z))

    def decide(self, feats: Sequence[float]) -> bool:
        return self.probability(feats) >= self.threshold


ALIGN_MODEL_FILE = "align_model.json"


@functools.cache
def align_models() -> dict[str, AlignModel]:
    """The shipped coefficient sets (``newsprism/data/align_model.json``), by embedder kind
    (``none``, ``minilm``, ``potion``); refit with ``newsprism bench compare --fit-align``."""
    raw = json.loads(
        resources.files("newsprism.data").joinpath(ALIGN_MODEL_FILE).read_text(encoding="utf-8")
    )
    return {k: _model_from(k, m) for k, m in raw["models"].items()}


def _model_from(kind: str, m: Mapping[str, Any]) -> AlignModel:
    return AlignModel(
        kind=kind,
        features=tuple(m["features"]),
        coef=tuple(float(x) for x in m["coef"]),
        intercept=float(m["intercept"]),
        threshold=float(m["threshold"]),
        emb_scale=float(m.get("emb_scale", 1.0)),
        background=tuple(m.get("background", (BACKGROUND_MIN, BACKGROUND_MAX, BACKGROUND_DEFAULT))),  # type: ignore[arg-type]
    )


def embedder_kind(embedder: Embedder | None) -> str:
    """Which coefficient set fits an embedder: ``none``, ``potion`` (model2vec static
    models) or ``minilm`` (MiniLM, and any other embedder: its cosines are read as MiniLM's)."""
    if embedder is None:
        return "none"
    name = str(getattr(embedder, "name", ""))
    if name.startswith("model2vec"):
        return "potion"
    return "minilm"


def _model_for(kind: str) -> AlignModel:
    models = align_models()
    return models.get(kind) or models["minilm" if kind != "none" else "none"]


def _aligns(
    a: _Cand, b: _Cand, lex: float, emb: float | None, kind: str | None = None
) -> bool:
    """Do two sentences of different outlets state the same thing?

    The calibrated logistic regression of ``kind`` (default: ``none`` without an embedding,
    ``minilm`` with one) over :func:`pair_features` decides (see :func:`align_models`).
    ``emb`` is the embedding cosine minus the story's background, in MiniLM units
    (:func:`_matrices`).
    """
    if kind is None:
        kind = "none" if emb is None else "minilm"
    model = _model_for(kind)
    if emb is None and model.kind != "none":
        model = _model_for("none")
    return model.decide(pair_features(a, b, lex, emb))


def _alignable(c: _Cand) -> bool:
    return not c.heading and c.n_words >= MIN_ALIGN_WORDS


def _outlet_codes(cands: Sequence[_Cand]) -> np.ndarray:
    """One integer per candidate's outlet (comparing object arrays costs a Python call per
    element, which made the per-sentence scans below quadratic in Python time)."""
    codes: dict[str, int] = {}
    return np.array([codes.setdefault(c.okey, len(codes)) for c in cands], dtype=np.int64)


def _candidate_pairs(
    cands: list[_Cand], lex: np.ndarray, emb: np.ndarray | None
) -> list[tuple[int, int]]:
    """Pairs worth testing, from an index rather than all pairs.

    For each sentence: its ``TOP_K`` nearest other-outlet sentences by embedding dot product
    plus every other-outlet sentence with a lexical score >= ``LEX_FLOOR`` (the sparse TF-IDF
    product already computed). With ``n`` sentences in a story the embedding top-k is one
    ``n x n`` dense product (``O(n^2 d)``, a few ms for a few hundred sentences) and an
    ``argpartition`` per row (``O(n)``); the pairs tested are ``O(n k)`` instead of ``O(n^2)``.
    """
    n = len(cands)
    okeys = _outlet_codes(cands)
    ok = np.array([_alignable(c) for c in cands])
    pairs: set[tuple[int, int]] = set()
    for i in range(n):
        if not ok[i]:
            continue
        other = (okeys != okeys[i]) & ok
        near = emb if emb is not None else lex  # without vectors: lexical neighbours
        if near is not None:
            row = np.where(other, near[i], -np.inf)
            k = min(TOP_K, int(other.sum()))
            if k > 0:
                for j in np.argpartition(-row, k - 1)[:k]:
                    if np.isfinite(row[j]):
                        pairs.add((min(i, int(j)), max(i, int(j))))
        for j in np.nonzero(other & (lex[i] >= min(LEX_FLOOR, ALIGN_THRESHOLD)))[0]:
            pairs.add((min(i, int(j)), max(i, int(j))))
    return sorted(pairs)


def _pair_score(lex: float, emb: float | None) -> float:
    return lex if emb is None else 0.5 * lex + 0.5 * emb


def _groups(
    cands: list[_Cand],
    lex: np.ndarray,
    emb: np.ndarray | None,
    clashes: set[frozenset[tuple[str, int]]] = frozenset(),  # type: ignore[assignment]
    kind: str | None = None,
) -> list[list[int]]:
    score = lex if emb is None else 0.5 * lex + 0.5 * emb
    edges: list[tuple[float, int, int]] = []
    for i, j in _candidate_pairs(cands, lex, emb):
        if (
            frozenset(
                {(cands[i].article_id, cands[i].start), (cands[j].article_id, cands[j].start)}
            )
            in clashes
        ):
            continue
        e = None if emb is None else float(emb[i, j])
        if _aligns(cands[i], cands[j], float(lex[i, j]), e, kind):
            edges.append((float(score[i, j]), i, j))
    edges.sort(key=lambda e: (-e[0], e[1], e[2]))
    floor = MERGE_FLOOR if emb is None else EMB_MERGE_FLOOR
    n = len(cands)
    group_of = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    for _, i, j in edges:
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        arts_i = {cands[k].article_id for k in members[gi]}
        if arts_i & {cands[k].article_id for k in members[gj]}:
            continue
        if clashes and any(
            frozenset(
                {(cands[a].article_id, cands[a].start), (cands[b].article_id, cands[b].start)}
            )
            in clashes
            for a in members[gi]
            for b in members[gj]
        ):
            continue
        if float(score[np.ix_(members[gi], members[gj])].mean()) < floor:
            continue
        keep, drop = min(gi, gj), max(gi, gj)
        for k in members[drop]:
            group_of[k] = keep
        members[keep] = sorted(members[keep] + members.pop(drop))
    return [m for _, m in sorted(members.items())]


def _evidence(c: _Cand) -> Evidence:
    return Evidence(
        article_id=c.article_id, sentence=c.text, start=c.start, end=c.end, outlet=c.outlet
    )


def _fact_id(kind: str, cs: Sequence[_Cand], extra: str = "") -> str:
    pos = sorted(f"{c.article_id}:{c.start}" for c in cs)
    return "f" + stable_id(kind, extra, *pos, length=15)


def _quantities(text: str) -> list[tuple[str, float, str | None, str, str]]:
    """(unit key, value, hedge, as written, noun) for each "number + noun" in ``text``."""
    out = []
    for m in _QUANTITY.finditer(text):
        noun = m.group("noun").lower()
        if noun in _NOT_UNITS:
            continue
        raw = m.group("num").lower()
        try:
            value = float(_NUM_WORDS[raw]) if raw in _NUM_WORDS else float(raw.replace(",", ""))
        except ValueError:
            continue
        hedge = m.group("hedge") or (
            "about" if raw in {"dozens", "hundreds", "thousands"} else None
        )
        out.append((stem(noun), value, hedge, m.group().strip(), noun))
    return out


def _compatible(vals: list[tuple[str, float, str | None]]) -> bool:
    """Every two outlets' values overlap as intervals (see :func:`slots.value_interval`)."""
    ivs = [(k, value_interval(h, v)) for k, v, h in vals]
    return all(
        a[0] == b[0] or (a[1][0] <= b[1][1] and b[1][0] <= a[1][1])
        for i, a in enumerate(ivs)
        for b in ivs[i + 1 :]
    )


def _conflicts(group: list[_Cand]) -> list[Fact]:
    by_unit: dict[str, list[tuple[_Cand, float, str | None, str]]] = {}
    nouns: dict[str, str] = {}
    for c in group:
        for unit, value, hedge, written, noun in _quantities(c.text):
            by_unit.setdefault(unit, []).append((c, value, hedge, written))
            nouns.setdefault(unit, noun)
    facts = []
    for unit in sorted(by_unit):
        rows = by_unit[unit]
        if len({r[0].okey for r in rows}) < 2 or _compatible(
            [(r[0].okey, r[1], r[2]) for r in rows]
        ):
            continue
        seen: set[str] = set()
        values = []
        for c, _, _, written in rows:
            if c.article_id in seen:
                continue
            seen.add(c.article_id)
            values.append(
                ConflictValue(
                    article_id=c.article_id, value=written, sentence=c.text, outlet=c.outlet
                )
            )
        cs = [r[0] for r in rows]
        topic = nouns[unit]
        summary = f"Outlets give different figures for {topic}: " + "; ".join(
            f"{v.outlet or v.article_id}: {v.value}" for v in values
        )
        facts.append(
            Fact(
                id=_fact_id("conflict", cs, topic),
                kind="conflict",
                summary=summary,
                articles=list(
                    dict.fromkeys(
                        c.article_id for c in sorted(cs, key=lambda c: (c.art_pos, c.start))
                    )
                ),
                evidence=[
                    _evidence(c) for c in sorted(set(cs), key=lambda c: (c.art_pos, c.start))
                ],
                topic=topic,
                values=values,
            )
        )
    return facts


def _scores(docs: list[str]) -> np.ndarray:
    """Pairwise ``0.7 * tfidf cosine + 0.3 * dice`` of space-joined token strings."""
    vec = TfidfVectorizer(
        ngram_range=(1, 2), sublinear_tf=True, lowercase=False, token_pattern=r"\S+"
    )
    cos = cosine_similarity(vec.fit_transform(docs))
    binary = CountVectorizer(lowercase=False, token_pattern=r"\S+", binary=True).fit_transform(docs)
    inter = np.asarray((binary @ binary.T).todense(), dtype=float)
    sizes = np.asarray(binary.sum(axis=1), dtype=float).ravel()
    denom = sizes[:, None] + sizes[None, :]
    dice = np.divide(2.0 * inter, denom, out=np.zeros_like(inter), where=denom > 0)
    out = COSINE_WEIGHT * cos + DICE_WEIGHT * dice
    np.fill_diagonal(out, 1.0)
    return out


_STORY_EMBEDDERS: dict[str, Embedder | None] = {}
EMBEDDER_CHOICES = ("auto", "minilm", "potion", "none")


def story_embedder(choice: str = "auto") -> Embedder | None:
    """The process-wide sentence embedder for alignment, cached per sentence, or None.

    ``choice``: ``minilm`` (int8 MiniLM), ``potion`` (model2vec potion-base-8M, see
    :mod:`newsprism.embed.static`; ~100x cheaper, held-out alignment F1 0.65 against
    MiniLM's 0.74, so opt-in), ``none``, or ``auto``: MiniLM when installed, else potion,
    else None. ``potion`` falls back to MiniLM (with a log line) when its files are absent.
    """
    from ..embed.static import potion_embedder

    if choice not in EMBEDDER_CHOICES:
        raise ValueError(f"unknown embedder {choice!r} (choose from {', '.join(EMBEDDER_CHOICES)})")
    if choice == "none":
        return None
    if choice not in _STORY_EMBEDDERS:
        inner: Any = None
        if choice == "potion":
            inner = potion_embedder()
            if inner is None:
                log.warning("potion-base-8M is not installed; aligning with MiniLM instead")
        if inner is None:
            inner = default_embedder(max_tokens=128)
        if inner is None and choice == "auto":
            inner = potion_embedder()
        _STORY_EMBEDDERS[choice] = CachedEmbedder(inner) if inner is not None else None
    return _STORY_EMBEDDERS[choice]


def _resolve_embedder(embedder: Embedder | None | str) -> Embedder | None:
    if embedder == "default":
        return story_embedder()
    if isinstance(embedder, str):
        return story_embedder(embedder)
    return embedder


def _matrices(
    cands: list[_Cand], embedder: Embedder | None
) -> tuple[np.ndarray, np.ndarray | None]:
    """The lexical score matrix and the embedding matrix (cosine minus the story
    background, scaled into MiniLM units by the embedder's calibrated ``emb_scale``)."""
    docs = [" ".join(c.tokens) or "_" for c in cands]
    lex = _scores(docs)
    if embedder is None or len({c.okey for c in cands}) < 2:
        return lex, None  # one outlet: no cross-outlet pair to align, so no embedding cost
    try:
        # the embedder batches by length itself (MiniLMEmbedder.embed); vectors are rounded
        # through float16, as the store keeps them, so a dossier is the same whether its
        # vectors were stored at analysis time or computed now (embed/stored.py)
        vecs = round_vectors(embedder.embed([c.text for c in cands]))
    except Exception as exc:  # a broken model must not stop the dossier: lexical only
        log.warning("sentence embedding failed (%s); aligning lexically", exc)
        return lex, None
    model = _model_for(embedder_kind(embedder))
    bmin, bmax, bdefault = model.background
    emb = vecs @ vecs.T
    okeys = _outlet_codes(cands)
    ok = np.array([_alignable(c) for c in cands])
    cross = (okeys[:, None] != okeys[None, :]) & ok[:, None] & ok[None, :]
    n_pairs = int(cross.sum())
    background = float(emb[cross].mean()) if n_pairs >= 40 else bdefault
    emb = (emb - float(np.clip(background, bmin, bmax))) * model.emb_scale
    np.fill_diagonal(emb, 1.0)
    return lex, emb


def pair_decisions(
    articles: Sequence[Article],
    analyses: Mapping[str, ArticleAnalysis],
    embedder: Embedder | None | str = "default",
) -> tuple[list[tuple[str | None, str]], dict[tuple[int, int], bool]]:
    """For calibration: every candidate sentence as (outlet, text) and, for the candidate
    pairs the index proposes, whether they align (pairs not proposed do not align)."""
    cands = _candidates(articles, analyses)
    if not cands:
        return [], {}
    resolved = _resolve_embedder(embedder)
    lex, emb = _matrices(cands, resolved)
    kind = embedder_kind(resolved) if emb is not None else "none"
    out = {}
    for i, j in _candidate_pairs(cands, lex, emb):
        e = None if emb is None else float(emb[i, j])
        out[(i, j)] = _aligns(cands[i], cands[j], float(lex[i, j]), e, kind)
    return [(c.outlet, c.text) for c in cands], out


def _independent(cs: list[_Cand], citations: Mapping[str, Sequence[Citation]]) -> int:
    """Distinct outlets of a group, counting relays once.

    A member whose evidence sentence cites (a citation span inside that sentence, or the
    same sentence index) another outlet of the group relays it and does not count; members
    relaying the same outside source (a common upstream, e.g. a wire or Axios) count as one.
    """
    group = {outlet_name_key(c.outlet) for c in cs if c.outlet}
    independent: set[str] = set()
    upstreams: set[str] = set()
    for c in cs:
        cited = [
            outlet_name_key(x.cited)
            for x in citations.get(c.article_id, ())
            if (c.start <= x.span.start < c.end) or (x.sentence and x.sentence.strip() in c.text)
        ]
        cited = [x for x in cited if x and x != outlet_name_key(c.outlet)]
        in_group = [x for x in cited if x in group]
        if in_group:
            continue
        if cited:
            upstreams.add(sorted(cited)[0])
            continue
        independent.add(c.okey)
    return max(1, len(independent) + len(upstreams))


def build_facts(
    articles: Sequence[Article],
    analyses: Mapping[str, ArticleAnalysis],
    entities: Sequence[Entity] = (),
    citations: Sequence[Citation] | None = None,
    embedder: Embedder | None | str = "default",
) -> list[Fact]:
    """Consensus, conflict, unique and omission facts of one story's ``articles``.

    ``embedder``: ``"default"``/``"auto"``, ``"minilm"``, ``"potion"`` (see
    :func:`story_embedder`), ``None`` or ``"none"`` (lexical only) or any :class:`~newsprism.embed.Embedder`. ``citations`` default to the
    analyses' own; ``entities`` (with their roles and aliases) feed the title and spelling
    conflicts.
    """
    cands = _candidates(articles, analyses)
    if not cands:
        return []
    resolved = _resolve_embedder(embedder)
    lex, emb = _matrices(cands, resolved)
    kind = embedder_kind(resolved) if emb is not None else "none"
    sim = lex if emb is None else 0.5 * lex + 0.5 * emb
    docs = [" ".join(c.tokens) or "_" for c in cands]
    weights = np.asarray(
        TfidfVectorizer(lowercase=False, token_pattern=r"\S+", norm=None)
        .fit_transform(docs)
        .sum(axis=1)
    ).ravel()
    cites: dict[str, list[Citation]] = {}
    if citations is None:
        for an in analyses.values():
            cites.setdefault(an.article_id, []).extend(an.citations)
    else:
        for ci in citations:
            cites.setdefault(ci.article_id, []).append(ci)

    all_outlets = list(dict.fromkeys(c.okey for c in cands))
    by_outlet: dict[str, list[int]] = {}
    for k, c in enumerate(cands):
        if not c.heading:
            by_outlet.setdefault(c.okey, []).append(k)
    outlet_name = {c.okey: (c.outlet or c.article_id) for c in cands}
    consensus: list[tuple[tuple[int, int, int], Fact]] = []
    group_conflicts: list[Fact] = []
    omissions: list[Fact] = []
    polar_groups: list[list[tuple[Article, int, int, str, int]]] = []
    by_id = {a.id: a for a in articles}
    grouped: set[int] = set()
    slots = slot_conflicts(articles, analyses, entities)
    slot_pos = {
        (e.article_id, e.start)
        for f in slots
        if f.topic and not f.topic.endswith("title") and not f.topic.startswith("spelling")
        for e in f.evidence
    }
    for g in _groups(cands, lex, emb, slot_clashes(articles, analyses), kind):
        if len(g) < 2:
            continue
        cs = [cands[k] for k in sorted(g, key=lambda k: (cands[k].art_pos, cands[k].start))]
        outlets = {c.okey for c in cs}
        if len(outlets) < 2:
            continue
        grouped.update(g)
        sub = sim[np.ix_(g, g)]
        means = (sub.sum(axis=1) - 1.0) / (len(g) - 1)
        # the summary: the most central sentence, preferring one that carries no disputed value
        clean = [k for k in g if (cands[k].article_id, cands[k].start) not in slot_pos]
        pool = clean or g
        best = max(float(means[g.index(k)]) for k in pool)
        central = next(cands[k] for k in pool if float(means[g.index(k)]) >= best - 1e-9)
        fact = Fact(
            id=_fact_id("consensus", cs),
            kind="consensus",
            summary=shorten(central.text, SUMMARY_WORDS),
            articles=[c.article_id for c in cs],
            evidence=[_evidence(c) for c in cs],
            independent=_independent(cs, cites),
        )
        consensus.append(((-len(outlets), cs[0].art_pos, cs[0].start), fact))
        group_conflicts.extend(_conflicts(cs))
        polar_groups.append([(by_id[c.article_id], c.start, c.end, c.text, c.art_pos) for c in cs])
        omissions.extend(
            _omissions(cands, g, cs, outlets, all_outlets, outlet_name, lex, emb, central, by_outlet)
        )
    consensus.sort(key=lambda t: t[0])

    slot_all = {(e.article_id, e.start) for f in slots for e in f.evidence}
    conflicts = (
        slots
        + polarity_conflicts(polar_groups)
        + [
            f
            for f in group_conflicts
            if not any((e.article_id, e.start) in slot_all for e in f.evidence)
        ]
    )

    unique: list[tuple[int, int, Fact]] = []
    by_article: dict[int, list[int]] = {}
    okeys = _outlet_codes(cands)
    for k, c in enumerate(cands):
        if k in grouped or c.heading or c.quote_only or c.n_words < MIN_UNIQUE_WORDS:
            continue
        if not (c.named or c.nums):
            continue
        others = okeys != okeys[k]
        if others.any():
            if float(lex[k, others].max()) >= NEAR_MISS:
                continue
            if emb is not None and float(emb[k, others].max()) >= EMB_NEAR_MISS:
                continue
        by_article.setdefault(c.art_pos, []).append(k)
    for pos, ks in by_article.items():
        top: list[int] = []
        for k in sorted(ks, key=lambda k: (-weights[k], cands[k].start)):
            # an article repeating its own detail ("X's visit, set for Wednesday ...") once
            if any(lex[k, t] >= UNIQUE_REPEAT for t in top):
                continue
            top.append(k)
            if len(top) == MAX_UNIQUE_PER_ARTICLE:
                break
        for k in top:
            c = cands[k]
            fact = Fact(
                id=_fact_id("unique", [c]),
                kind="unique",
                summary=shorten(c.text, SUMMARY_WORDS),
                articles=[c.article_id],
                evidence=[_evidence(c)],
                independent=1,
            )
            unique.append((pos, c.start, fact))
    unique.sort(key=lambda t: (t[0], t[1]))
    # a statement whose figure one outlet leaves out is reported once: the slot omission
    # (it names the missing figure) replaces the group omission over the same sentences
    slot_om = slot_omissions(articles, analyses)
    slot_keys = [(f.topic, {(e.article_id, e.start) for e in f.evidence}) for f in slot_om]
    omissions = [
        f
        for f in omissions
        if not any(
            t == f.topic and ev & {(e.article_id, e.start) for e in f.evidence}
            for t, ev in slot_keys
        )
    ] + slot_om
    return [f for _, f in consensus] + conflicts + [f for _, _, f in unique] + omissions


def _omissions(
    cands: list[_Cand],
    g: list[int],
    cs: list[_Cand],
    outlets: set[str],
    all_outlets: list[str],
    outlet_name: Mapping[str, str],
    lex: np.ndarray,
    emb: np.ndarray | None,
    central: _Cand,
    by_outlet: Mapping[str, list[int]] | None = None,
) -> list[Fact]:
    """A statement most outlets make (>= 3 of >= 4, or all but one of >= 3) that one leaves
    out: one omission fact per silent outlet, unless that outlet has a sentence close to
    the statement (lexical >= OMISSION_LEX_FLOOR or, with embeddings, relative cosine >=
    OMISSION_FLOOR):
    then it may say it in words we did not align, and we claim nothing."""
    n, r = len(all_outlets), len(outlets)
    if n < 3 or not ((r >= 3 and n >= 4) or r == n - 1):
        return []
    out = []
    for o in all_outlets:
        if o in outlets:
            continue
        mine = (
            list(by_outlet.get(o, ()))
            if by_outlet is not None
            else [k for k, c in enumerate(cands) if c.okey == o and not c.heading]
        )
        if not mine:
            continue
        if float(lex[np.ix_(mine, g)].max()) >= OMISSION_LEX_FLOOR:
            continue
        if emb is not None and float(emb[np.ix_(mine, g)].max()) >= OMISSION_FLOOR:
            continue
        who = outlet_name[o]
        out.append(
            Fact(
                id=_fact_id("omission", cs, o),
                kind="omission",
                summary=f"{who} does not report: {shorten(central.text, SUMMARY_WORDS)}",
                articles=[c.article_id for c in cs],
                evidence=[_evidence(c) for c in cs],
                topic=who,
                independent=None,
            )
        )
    return out
