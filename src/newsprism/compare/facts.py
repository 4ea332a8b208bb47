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

Candidate pairs come from an index, not all pairs (:func:`_index`): for each sentence
its ``LEX_TOP_K`` (16) best other-outlet sentences with ``lex >= LEX_FLOOR`` among those
sharing one of its rarest tokens (held by 2..``LEX_DF_CAP`` sentences, postings up to
``LEX_BUDGET``: an inverted index with a prefix filter, :mod:`.sparse`), plus its
``TOP_K`` (8) nearest other-outlet sentences by embedding (an HNSW graph, :mod:`.ann`; by
lexical score without embeddings).
Scores are computed per pair or per small block on demand (:class:`LexSim`,
:class:`EmbSim`); no ``n x n`` matrix is built. ``O(n k)`` pairs are tested.
A pair aligns (:func:`_aligns`) when a calibrated logistic regression over
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
or ``lex``; each sentence's ``GROUP_TOP_K`` strongest aligned pairs), into *statement groups*; a merge is refused when it would put two sentences
of one article in a group, join two sentences with clashing values or two sentences quoting
different statements (different named speakers, or two whole quotations whose words are no
version of each other: :func:`.quotelinks.different_statements`), or when the mean score
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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from threadpoolctl import threadpool_limits

from ..embed import CachedEmbedder, Embedder, default_embedder
from ..embed.stored import round_vectors
from ..ids import stable_id
from ..models import (
    Article,
    ArticleAnalysis,
    Citation,
    ConflictValue,
    Entity,
    Evidence,
    Fact,
    Quote,
)
from ..nlp.entities import surname
from .ann import cross_neighbours
from .quotelinks import different_statements, statements
from .roles import role_swaps, swap_clashes, who_did_what_conflicts
from .slots import (
    polarity_conflicts,
    slot_clashes,
    slot_conflicts,
    slot_omissions,
    status_conflicts,
    unaccent,
    value_interval,
)
from .sparse import pair_dots, prefix_join
from .text import (
    STOP_WORDS,
    WORD_RE,
    is_heading,
    mentions_in,
    numbers,
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
# the candidate index (see _index): tokens in more sentences than this do not propose
# lexical pairs; the embedding neighbours come from an HNSW graph (compare/ann.py)
LEX_DF_CAP = 200
# ... and each sentence joins only its rarest such tokens while their posting lists total at
# most this many sentences (a prefix filter: O(n * LEX_BUDGET) pairs; compare/sparse.py)
LEX_BUDGET = 400
# of those, the pairs with lexical >= LEX_FLOOR tested: each sentence's LEX_TOP_K best (a pair
# is kept while among either sentence's best), so pairs tested <= n * (LEX_TOP_K + TOP_K)
LEX_TOP_K = 16
# the grouping tries each sentence's GROUP_TOP_K strongest aligned pairs (see _strongest_edges)
GROUP_TOP_K = 8
SMALL_BLOCK = 64  # lexical blocks up to this many pairs are scored from dicts, not scipy
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
    rf"(?:\b(?P<hedge>{_HEDGES})\s+)?(?P<cur>[$€£])?\b(?P<num>\d[\d,]*(?:\.\d+)?|two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|thousands?)"
    rf"(?:\s*(?P<pct>%)|\s+(?P<noun>[A-Za-z][A-Za-z-]{{2,}}))?",
    re.I,
)
_CURRENCY = {"$": "dollars", "€": "euros", "£": "pounds"}
_MAGNITUDE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# what a money or percentage figure measures is in the words around it, not in its unit
_WHATLESS = frozenset({*_CURRENCY.values(), "percent", *_MAGNITUDE})
# verbs that present a figure without saying what it measures ("returns showing she earned")
_SHOWING = frozenset({"show", "shown", "reveal", "indicate", "indicat", "suggest"})
# a number that is part of a date ("Sept. 11 hijackers", "9/11 hijackers") is no count
_DATE_BEFORE = re.compile(
    r"(?:\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+|\d[/-])$",
    re.I,
)
_YEAR = re.compile(r"(?<![$\d.,])\b(?:19|20)\d\d\b(?![.,]?\d)")
# a span a figure is counted over ("over the eight-year span", "in the past three years",
# "during a two-week stretch") or a rate ("a year", "per month", "annually")
_SPAN = re.compile(
    r"\b(?:over|during|across|for|in|within)\s+(?:the\s+(?:past|last|previous|next|first)\s+|the\s+|an?\s+)?"
    r"(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten)"
    r"[- ](?P<u>year|month|week|day)s?\b",
    re.I,
)
_RATE = re.compile(r"\b(?:a|an|per|each|every)\s+(?P<u>year|month|week|day)\b|\b(?P<adv>annually|yearly|monthly|weekly|daily)\b", re.I)
_SPAN_PREPOSITIONS = frozenset("over during across for in within than about nearly almost".split())
_RATE_ADV = {"annually": "year", "yearly": "year", "monthly": "month", "weekly": "week", "daily": "day"}
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
    label: str = ""  # how the outlet is shown (models.outlet_label)


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
                    label=a.shown_outlet,
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


def _aligns(a: _Cand, b: _Cand, lex: float, emb: float | None, kind: str | None = None) -> bool:
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


def _set_rows(sets: Sequence[frozenset[str] | tuple[str, ...]]) -> Any:
    """One binary CSR row per set (its members as columns, sorted)."""
    from scipy.sparse import csr_matrix

    vocab: dict[str, int] = {}
    cols = [[vocab.setdefault(w, len(vocab)) for w in set(x)] for x in sets]
    indptr = np.r_[0, np.cumsum([len(c) for c in cols])]
    m = csr_matrix(
        (np.ones(int(indptr[-1])), np.fromiter((j for c in cols for j in c), dtype=np.int64, count=int(indptr[-1])), indptr),
        shape=(len(sets), max(1, len(vocab))),
    )
    m.sort_indices()
    return m


def _pair_feature_matrix(
    cands: Sequence[_Cand], rows: np.ndarray, cols: np.ndarray, lv: np.ndarray, ev: np.ndarray | None
) -> np.ndarray:
    """:func:`pair_features` of many pairs at once (one row per pair): the set overlaps
    from sampled sparse products over binary rows (:func:`.sparse.pair_dots`)."""
    def overlap(sets: Sequence[Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        size = np.array([len(set(x)) for x in sets], dtype=float)
        return pair_dots(_set_rows(sets), rows, cols)[0], size[rows], size[cols]

    shared, _, _ = overlap([c.tokens for c in cands])
    common, na, nb = overlap([c.ents for c in cands])
    nums, _, _ = overlap([c.nums for c in cands])
    both = (na > 0) & (nb > 0)
    union = np.where(both, na + nb - common, 1.0)
    feats = [
        np.asarray(lv, dtype=float),
        np.where(both, common / union, 0.0),
        (both & (common == 0)).astype(float),
        (nums > 0).astype(float),
        np.minimum(shared, 6) / 6.0,
    ]
    if ev is not None:
        feats.append(np.asarray(ev, dtype=np.float32).astype(float))
    return np.stack(feats, axis=1)


def _decide(
    cands: Sequence[_Cand],
    rows: np.ndarray,
    cols: np.ndarray,
    lv: np.ndarray,
    ev: np.ndarray | None,
    kind: str | None = None,
) -> np.ndarray:
    """:func:`_aligns` of many pairs at once: the features in one pass, the model's
    probabilities as one array (summed term by term in the order
    :meth:`AlignModel.probability` sums them, so the decisions are the same)."""
    if kind is None:
        kind = "none" if ev is None else "minilm"
    model = _model_for(kind)
    if ev is None and model.kind != "none":
        model = _model_for("none")
    X = _pair_feature_matrix(cands, rows, cols, lv, ev)
    acc = np.zeros(len(X))
    for k, coef in enumerate(model.coef):
        acc = acc + coef * X[:, k]
    return 1.0 / (1.0 + np.exp(-(model.intercept + acc))) >= model.threshold


def _alignable(c: _Cand) -> bool:
    # a question asserts nothing ("Who advised her to order the evacuation?"): it can be
    # no outlet's evidence of a statement
    return not c.heading and c.n_words >= MIN_ALIGN_WORDS and not c.text.endswith("?")


def _outlet_codes(cands: Sequence[_Cand]) -> np.ndarray:
    """One integer per candidate's outlet (comparing object arrays costs a Python call per
    element, which made the per-sentence scans below quadratic in Python time)."""
    codes: dict[str, int] = {}
    return np.array([codes.setdefault(c.okey, len(codes)) for c in cands], dtype=np.int64)


@dataclass(frozen=True)
class _Index:
    """Candidate pairs of a story and each sentence's best score with another outlet."""

    pairs: list[tuple[int, int]]
    lex_near: np.ndarray
    emb_near: np.ndarray | None
    # deterministic work counts (the benchmark fits their growth): lexical postings joined,
    # pairs enumerated / scored, tf-idf entries gathered, embedding distances computed
    work: dict[str, int] = field(default_factory=dict)


def _top_k(rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, k: int) -> set[tuple[int, int]]:
    """The ``k`` best ``cols`` of each row (by value, then column), as ordered pairs."""
    if not len(rows):
        return set()
    order = np.lexsort((cols, -vals, rows))
    rows, cols = rows[order], cols[order]
    first = np.ones(len(rows), dtype=bool)
    first[1:] = (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])
    rows, cols = rows[first], cols[first]
    starts = np.r_[0, np.nonzero(rows[1:] != rows[:-1])[0] + 1]
    rank = np.arange(len(rows)) - np.repeat(starts, np.diff(np.r_[starts, len(rows)]))
    keep = rank < k
    return {
        (min(a, b), max(a, b))
        for a, b in zip(rows[keep].tolist(), cols[keep].tolist(), strict=True)
    }


def _index(cands: list[_Cand], lex: LexSim, emb: EmbSim | None) -> _Index:
    """Pairs worth testing, from indexes rather than all pairs.

    For each alignable sentence: its ``LEX_TOP_K`` best other-outlet sentences with a
    lexical score >= ``LEX_FLOOR`` among those sharing one of its rarest tokens held by at
    most ``LEX_DF_CAP`` sentences, while their postings total <= ``LEX_BUDGET``
    (:meth:`LexSim.sharing`, an inverted index with a prefix filter), plus its ``TOP_K``
    nearest other-outlet sentences by embedding (by lexical score without embeddings). The
    embedding neighbours come from an HNSW graph (:func:`.ann.cross_neighbours`, usearch:
    ``O(n log n)`` to build and search, ~98% of the exact top-k pairs found at 2,000-5,000
    sentences). The pairs tested are ``<= n (LEX_TOP_K + TOP_K)``; the lexical join
    enumerates ``<= n * LEX_BUDGET`` pairs and scores only the other-outlet ones. Per
    sentence the work is bounded by these constants (and ``log n`` for the graph); it is
    flat once the bounds bind (past ~200 articles on the bench story: docs/choices.md,
    "Alignment growth, fifth round"). The same pass records each sentence's best
    score with any other outlet's sentence (the unique-detail test); lexically that
    maximum is over the pairs the join found (pairs sharing no rare token score low).
    ``work`` counts what was done (the benchmark fits its growth).
    """
    n = len(cands)
    okeys = _outlet_codes(cands)
    ok = np.array([_alignable(c) for c in cands], dtype=bool)
    r, c, sc, work = lex.sharing(max(LEX_DF_CAP, 0), LEX_BUDGET, okeys)  # other-outlet pairs
    lex_near = np.zeros(n)
    np.maximum.at(lex_near, r, sc)
    np.maximum.at(lex_near, c, sc)
    both = ok[r] & ok[c]
    sel = both & (sc >= min(LEX_FLOOR, ALIGN_THRESHOLD))
    if LEX_TOP_K:  # each sentence's LEX_TOP_K best lexical partners (a pair: either's)
        pairs = _top_k(np.r_[r[sel], c[sel]], np.r_[c[sel], r[sel]], np.r_[sc[sel], sc[sel]], LEX_TOP_K)
    else:
        pairs = set(zip(r[sel].tolist(), c[sel].tolist(), strict=True))
    emb_near = None
    if emb is None:  # lexical neighbours
        rr, cc, ss = r[both], c[both], sc[both]
        pairs |= _top_k(np.r_[rr, cc], np.r_[cc, rr], np.r_[ss, ss], TOP_K)
    else:
        # HNSW (compare/ann.py): O(n log n); similarities recomputed exactly, then shifted
        # by the story background like every embedding score
        near = cross_neighbours(emb.V, okeys, ok, TOP_K)
        work["distances"] = near.distances
        emb_near = emb.shift(near.best)
        if len(near.rows):
            pairs |= _top_k(near.rows, near.cols, emb.shift(near.sims), TOP_K)
    return _Index(sorted(pairs), lex_near, emb_near, work)


def _candidate_pairs(cands: list[_Cand], lex: LexSim, emb: EmbSim | None) -> list[tuple[int, int]]:
    """The candidate pairs of :func:`_index`."""
    return _index(cands, lex, emb).pairs


def _pair_values(
    lex: LexSim, emb: EmbSim | None, pairs: Sequence[tuple[int, int]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]:
    """The pairs as row and column arrays, and their lexical and embedding scores, in one
    vectorised pass each."""
    rows = np.fromiter((i for i, _ in pairs), dtype=np.int64, count=len(pairs))
    cols = np.fromiter((j for _, j in pairs), dtype=np.int64, count=len(pairs))
    if not pairs:
        return rows, cols, np.zeros(0), (None if emb is None else np.zeros(0, dtype=np.float32))
    return rows, cols, lex.pairs(rows, cols), (None if emb is None else emb.pairs(rows, cols))


def _sim_block(
    lex: LexSim, emb: EmbSim | None, rows: Sequence[int], cols: Sequence[int]
) -> np.ndarray:
    """The grouping score ``0.5 * lex + 0.5 * emb`` (or ``lex``) of a block of pairs."""
    r, c = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
    out = lex.block(r, c)
    if emb is not None:
        out = 0.5 * out + 0.5 * emb.block(r, c)
    return out


def _strongest_edges(
    edges: Sequence[tuple[float, int, int]], k: int
) -> list[tuple[float, int, int]]:
    """The aligned pairs the grouping tries, strongest first: a pair is kept while it is
    among the ``k`` strongest of at least one of its two sentences. A statement that
    many outlets repeat aligns with dozens of sentences; its weaker pairs would only be
    tried against groups its strongest ones already built (and every try scores two whole
    groups), so the merges tried stay ``O(n k)``. ``edges`` must be sorted strongest first."""
    seen: dict[int, int] = {}
    out = []
    for e in edges:
        _, i, j = e
        if seen.get(i, 0) < k or seen.get(j, 0) < k:
            out.append(e)
        seen[i] = seen.get(i, 0) + 1
        seen[j] = seen.get(j, 0) + 1
    return out


def _group_score(
    lex: LexSim,
    emb: EmbSim | None,
    rows: Sequence[int],
    cols: Sequence[int],
    rsum: np.ndarray | None = None,
    csum: np.ndarray | None = None,
    lex_mean: float | None = None,
) -> float:
    """The mean grouping score between two disjoint groups, ``mean(_sim_block)``; with
    the groups' summed vectors the embedding half is ``shift(rsum . csum / (|r| |c|))``
    (the mean of shifted cosines is the shifted mean cosine), without a block; with
    ``lex_mean`` (:meth:`LexSim.group_mean`) the lexical half is that, without a block."""
    r, c = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
    if emb is None or rsum is None or csum is None:
        if lex_mean is None:
            return float(_sim_block(lex, emb, r, c).mean())
        if emb is None:
            return lex_mean
        return 0.5 * lex_mean + 0.5 * float(emb.block(r, c).mean())
    mean_cos = float(rsum @ csum) / (len(r) * len(c))
    lex_part = float(lex.block(r, c).mean()) if lex_mean is None else lex_mean
    return 0.5 * lex_part + 0.5 * float(emb.shift_one(mean_cos))


def _pair_score(lex: float, emb: float | None) -> float:
    return lex if emb is None else 0.5 * lex + 0.5 * emb


def _groups(
    cands: list[_Cand],
    lex: LexSim,
    emb: EmbSim | None,
    clashes: set[frozenset[tuple[str, int]]] = frozenset(),  # type: ignore[assignment]
    kind: str | None = None,
    pairs: Sequence[tuple[int, int]] | None = None,
    work: dict[str, int] | None = None,
    apart: Callable[[int, int], bool] | None = None,
) -> list[list[int]]:
    """Statement groups (see the module docstring). ``work``, when given, receives the
    pairs decided, the pairs that align, the merges tried (two groups scored) and the
    aggregate entries those tries read (:meth:`LexSim.group_mean`: no member pairs).
    ``apart(i, j)`` names two sentences that report different statements (their quotes'
    speakers or words differ, :func:`_quote_apart`): never in one group."""
    if pairs is None:
        pairs = _candidate_pairs(cands, lex, emb)
    if apart is not None:
        pairs = [(i, j) for i, j in pairs if not apart(i, j)]
    named = {k for clash in clashes for k in clash}
    in_clash = {k for k, c in enumerate(cands) if (c.article_id, c.start) in named}
    if in_clash:  # only sentences named in a clash need the look-up
        pairs = [
            (i, j)
            for i, j in pairs
            if i not in in_clash
            or j not in in_clash
            or frozenset(
                {(cands[i].article_id, cands[i].start), (cands[j].article_id, cands[j].start)}
            )
            not in clashes
        ]
    rows, cols, lv, ev = _pair_values(lex, emb, pairs)
    edges: list[tuple[float, int, int]] = []
    for k in np.nonzero(_decide(cands, rows, cols, lv, ev, kind))[0].tolist():
        e = None if ev is None else float(ev[k])
        edges.append((_pair_score(float(lv[k]), e), pairs[k][0], pairs[k][1]))
    edges.sort(key=lambda e: (-e[0], e[1], e[2]))
    aligned = len(edges)
    edges = _strongest_edges(edges, GROUP_TOP_K)
    floor = MERGE_FLOOR if emb is None else EMB_MERGE_FLOOR
    n = len(cands)
    group_of = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    # each group's summed sentence vectors: the mean embedding score between two groups is
    # one dot product of their sums (the score is affine in the cosine), not a block of
    # |gi| x |gj| pairs, so a merge attempt costs O(d) there whatever the groups' sizes
    # (made when a test first needs it: a group never tested is one sentence, its own row)
    vsum: dict[int, np.ndarray] = {}

    def summed(g: int) -> np.ndarray | None:
        if emb is None:
            return None
        if g not in vsum:
            vsum[g] = emb.V[g].astype(np.float64)
        return vsum[g]

    # a refused merge stays refused while neither group changes: a group keeps its id and
    # only grows, so (id, size) names its members; every later pair between the same two
    # unchanged groups is skipped instead of scoring the two groups again
    refused: set[tuple[int, int, int, int]] = set()
    arts: dict[int, set[str]] = {}  # each group's articles (a group of one: looked up)
    # each group's lexical aggregate (LexSim.aggregate), made when a test first needs it and
    # added up on a merge: a test reads the two aggregates (the groups' distinct terms and
    # size classes) instead of scoring the |gi| x |gj| member block; the mean is the same
    agg: dict[int, _LexAgg] = {}
    tried = agg_read = 0
    for _, i, j in edges:
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        gi, gj = min(gi, gj), max(gi, gj)
        key = (gi, len(members[gi]), gj, len(members[gj]))
        if key in refused:
            continue
        refused.add(key)  # taken back below when the merge is made
        arts_i = arts.get(gi) or {cands[gi].article_id}
        arts_j = arts.get(gj) or {cands[gj].article_id}
        if not arts_i.isdisjoint(arts_j):
            continue
        if in_clash and any(
            frozenset(
                {(cands[a].article_id, cands[a].start), (cands[b].article_id, cands[b].start)}
            )
            in clashes
            for a in members[gi]
            if a in in_clash
            for b in members[gj]
            if b in in_clash
        ):
            continue
        if apart is not None and any(apart(a, b) for a in members[gi] for b in members[gj]):
            continue
        tried += 1
        for g in (gi, gj):
            if g not in agg:
                agg[g] = lex.aggregate(members[g])
        lex_mean, read = lex.group_mean(agg[gi], agg[gj], len(members[gi]) * len(members[gj]))
        agg_read += read
        if _group_score(lex, emb, members[gi], members[gj], summed(gi), summed(gj), lex_mean) < floor:
            continue
        refused.discard(key)
        keep, drop = gi, gj
        for k in members[drop]:
            group_of[k] = keep
        if emb is not None:  # both were tested just now, so both sums exist
            vsum[keep] = vsum[keep] + vsum.pop(drop)
        if keep in agg and drop in agg:
            big, small = sorted((agg.pop(keep), agg.pop(drop)), key=lambda g: len(g.xs), reverse=True)
            agg[keep] = big.add(small)
        else:  # made from the members when a test needs it
            agg.pop(keep, None)
            agg.pop(drop, None)
        members[keep] = sorted(members[keep] + members.pop(drop))
        arts[keep] = arts_i | arts_j
        arts.pop(drop, None)
    if work is not None:
        work.update(decided=len(pairs), aligned=aligned, merges_tried=tried, merge_aggregate=agg_read)
    return [m for _, m in sorted(members.items())]


def _quote_apart(
    cands: Sequence[_Cand], analyses: Mapping[str, ArticleAnalysis], entities: Sequence[Entity]
) -> Callable[[int, int], bool]:
    """Whether two sentences quote different statements (:func:`.quotelinks.different_statements`:
    different named speakers, or two quotations whose words are no version of each other),
    so they are no agreement however alike their words ("Ms. Warren wrote" against
    "Democrats wrote")."""
    said = {aid: statements(an.quotes) for aid, an in analyses.items()}
    quoted: dict[int, list[Quote]] = {}
    for k, c in enumerate(cands):
        qs = [q for q in said.get(c.article_id, ()) if q.content.start < c.end and c.start < q.content.end]
        if qs:
            quoted[k] = qs
    memo: dict[tuple[int, int], bool] = {}

    def apart(i: int, j: int) -> bool:
        if i not in quoted or j not in quoted:
            return False
        key = (min(i, j), max(i, j))
        if key not in memo:
            whole = (cands[i].quote_only, cands[j].quote_only)
            memo[key] = different_statements(quoted[i], quoted[j], entities, whole)
        return memo[key]

    return apart


def _evidence(c: _Cand) -> Evidence:
    return Evidence(
        article_id=c.article_id, sentence=c.text, start=c.start, end=c.end, outlet=c.outlet
    )


def _fact_id(kind: str, cs: Sequence[_Cand], extra: str = "") -> str:
    pos = sorted(f"{c.article_id}:{c.start}" for c in cs)
    return "f" + stable_id(kind, extra, *pos, length=15)


@dataclass(frozen=True)
class _Figure:
    """One "number + unit" an outlet states in an aligned sentence."""

    cand: _Cand
    unit: str  # the noun's stem, or dollars / percent / million for a figure without one
    lo: float  # the interval the figure stands for (hedge, or the precision it is written to)
    hi: float
    num_lo: float  # the same interval as written, without its magnitude ("3.6" of "$3.6 billion")
    num_hi: float
    written: str
    noun: str
    context: frozenset[str]  # lower-case words next to it: what a money figure measures
    periods: frozenset[str]  # the years, spans and rates its sentence names


def _clause_start(text: str, at: int) -> int:
    """Where the comma-free stretch of ``text`` holding position ``at`` starts."""
    return max(text.rfind(x, 0, at) for x in ",;:(—") + 1


def _context(text: str, start: int, end: int, span: int = 1) -> frozenset[str]:
    """Stems of the ``span`` lower-case content words each side of a figure inside its
    comma-free stretch of the sentence ("the family earned $139 million in adjusted gross
    income" -> earn, adjust): names, numbers, units and verbs of showing left out, so two
    figures share context only when the words next to them say what they measure (with two
    words a side, "the family earned" and "the family paid" shared "family")."""
    lo = _clause_start(text, start)
    his = [i for x in ",;:)—" if (i := text.find(x, end)) >= 0]
    hi = min(his) if his else len(text)

    def pick(ws: list[str]) -> list[str]:
        return [
            stem(w.lower())
            for w in ws
            if w[:1].islower() and len(w) > 1 and w not in STOP_WORDS and w not in _WHATLESS
            and stem(w) not in _SHOWING
        ]

    return frozenset(
        pick(WORD_RE.findall(text[lo:start]))[-span:] + pick(WORD_RE.findall(text[end:hi]))[:span]
    )


def _figures(c: _Cand) -> list[_Figure]:
    """The figures of one sentence. A figure inside quotation marks is the speaker's, not
    the outlet's (a reworded quotation is a quote conflict); a number that is part of a date
    ("Sept. 11 hijackers") is no count."""
    text = c.text
    quoted = [q.span() for q in _QUOTED.finditer(text)]
    periods = _periods(text)
    out = []
    for m in _QUANTITY.finditer(text):
        if any(x <= m.start() < y for x, y in quoted) or _DATE_BEFORE.search(text[: m.start("num")]):
            continue
        raw = m.group("num").lower()
        try:
            num = float(_NUM_WORDS[raw]) if raw in _NUM_WORDS else float(raw.replace(",", ""))
        except ValueError:
            continue
        noun = (m.group("noun") or "").lower()
        end, scale = m.end(), _MAGNITUDE.get(noun, 1.0)
        if m.group("cur"):
            unit = _CURRENCY[m.group("cur")]
            if noun not in _MAGNITUDE:  # "$200,000 for his campaign"
                end = m.end("num")
            noun = unit
        elif m.group("pct") or noun == "percent":
            unit = noun = "percent"
        elif not noun or noun in _NOT_UNITS:
            continue
        else:
            unit = stem(noun)
        hedge = m.group("hedge") or ("about" if raw in {"dozens", "hundreds", "thousands"} else None)
        if hedge:
            lo, hi = value_interval(hedge, num)
        else:  # "35.7" stands for 35.65-35.75: it agrees with "35.72"
            half = 0.5 * 10.0 ** -len(raw.partition(".")[2]) if "." in raw else 0.0
            lo, hi = num - half, num + half
        out.append(
            _Figure(
                c, unit, lo * scale, hi * scale, lo, hi, text[m.start() : end].strip(), noun,
                _context(text, m.start(), end), periods,
            )
        )
    return out or _year_figures(c, quoted, periods)


# a year a clause dates something to: "since 2002", "in 2014" (not a range: "from 2010 to 2013",
# "in 2013-14"; not "in the 2003 invasion")
_YEAR_AT = re.compile(
    r"\b(?P<prep>since|in|from|until|till|before|after|during)\s+(?P<year>(?:19|20)\d\d)\b"
    r"(?!\s*(?:[-–—]|to|and|or|through|until|till)\s*(?:19|20)?\d\d)",
    re.I,
)


def _year_figures(c: _Cand, quoted: list[tuple[int, int]], periods: frozenset[str]) -> list[_Figure]:
    """The years a sentence dates something to, as figures of unit "year" (only in a
    sentence with no other figure: there a year is the figure's period). A year's context
    is its preposition and the last three words of its clause before it that are no stop
    words ("Pelosi has led House Democrats since 2002": since, "led house democrats")."""
    out = []
    for m in _YEAR_AT.finditer(c.text):
        if any(x <= m.start() < y for x, y in quoted):
            continue
        lo = _clause_start(c.text, m.start())
        before = [w.lower() for w in WORD_RE.findall(c.text[lo : m.start()]) if w.lower() not in STOP_WORDS]
        if len(before) < 2:
            continue
        year = float(m.group("year"))
        ctx = frozenset({"@" + m.group("prep").lower(), " ".join(before[-3:])})
        out.append(
            _Figure(
                c, "year", year, year, year, year, m.group(0), "year", ctx, periods
            )
        )
    return out


def _periods(text: str) -> frozenset[str]:
    """The periods a sentence names: its years ("2014"), the spans a figure may be counted
    over ("span:8 year" of "over the eight-year span") and rates ("per:year" of "a year",
    "annually")."""
    out = set(_YEAR.findall(text))
    for m in _SPAN.finditer(text):
        n = m.group("n").lower()
        out.add(f"span:{_NUM_WORDS.get(n, n)} {m.group('u').lower()}")
    for m in _RATE.finditer(text):
        before = text[: m.start()].split()[-1:]
        if m.group("u") and before and before[0].lower() in _SPAN_PREPOSITIONS:
            continue  # "the first time in a year" is no rate
        out.add("per:" + (m.group("u") or _RATE_ADV[m.group("adv").lower()]).lower())
    return frozenset(out)


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _comparable(a: _Figure, b: _Figure) -> bool:
    """Whether two figures can be figures for one thing: not when their sentences name
    different periods ("$30 million ... in 2014" / "$9.68 million in 2013"; "over the
    eight-year span" / "between 2011 and 2014"; "a year" / "in 2014"), and a money or
    percentage figure only when the words next to it share one (a count's noun says what it
    counts; "$" says nothing: "earned $139 million in income" / "paid $43 million in taxes")."""
    if a.unit == "year":  # the same preposition after the same words: "led House Democrats since"
        return a.context == b.context
    if a.periods and b.periods and a.periods.isdisjoint(b.periods):
        return False
    return a.unit not in _WHATLESS or not a.context.isdisjoint(b.context)


def _clashing(figs: list[_Figure]) -> list[_Figure]:
    """The figures (of one unit) that make a conflict between two outlets, or [] when none
    does. Two outlets agree when any figure of one is compatible with any of the other's
    (a sentence often gives several: "six arrests Wednesday, compared to 47 the previous
    night"), or when one's sentence writes the other's number even without its unit ("15
    of the 19 hijackers", "a tax rate of 35.72"); otherwise two comparable figures of theirs
    that do not overlap conflict."""
    by_outlet: dict[str, list[_Figure]] = {}
    for f in figs:
        by_outlet.setdefault(f.cand.okey, []).append(f)
    bare = {
        k: {n for c in {f.cand for f in fs} for n in numbers(c.text)} for k, fs in by_outlet.items()
    }
    keys = list(by_outlet)
    clash: set[int] = set()
    for i, ka in enumerate(keys):
        for kb in keys[i + 1 :]:
            pairs = [(a, b) for a in by_outlet[ka] for b in by_outlet[kb]]
            if any(_overlap((a.lo, a.hi), (b.lo, b.hi)) for a, b in pairs) or any(
                f.num_lo <= n <= f.num_hi
                for own, other in ((ka, kb), (kb, ka))
                for f in by_outlet[own]
                for n in bare[other]
            ):
                continue
            for a, b in pairs:
                if _comparable(a, b):
                    clash.update((id(a), id(b)))
    return [f for f in figs if id(f) in clash]


@dataclass(frozen=True)
class _Person:
    """A person entity with a full name, for :func:`_name_conflicts`."""

    id: str
    surname: str  # last word of the name, lower case, accents off
    names: tuple[str, ...]  # its full names as written (name and aliases with a space)
    articles: frozenset[str]


def _people(entities: Sequence[Entity]) -> list[_Person]:
    out = []
    for e in entities:
        if e.type != "PERSON" or " " not in e.name:
            continue
        names = tuple(n for n in (e.name, *e.aliases) if " " in n)
        out.append(_Person(e.id, unaccent(surname(e.name)), names, frozenset(e.articles)))
    return out


def _written(p: _Person, text: str) -> str | None:
    """The full name of ``p`` as ``text`` writes it, or None."""
    for n in sorted(p.names, key=len, reverse=True):
        i = text.find(n)
        if i >= 0 and not text[i + len(n) : i + len(n) + 1].isalnum() and not text[i - 1 : i].isalnum():
            return n
    return None


def _one_name(a: str, b: str) -> bool:
    """Whether one written name holds all the other's words ("Todd Jones" / "Byron Todd
    Jones", "Wasserman Schultz" / "Debbie Wasserman Schultz"): one person's names."""
    wa, wb = ({unaccent(w).lower().strip(".") for w in n.split()} for n in (a, b))
    return wa <= wb or wb <= wa


def _value_conflict(rows: list[tuple[_Cand, str]], topic: str, head: str) -> Fact:
    """A conflict fact over (sentence, value as written) rows: one value per article, the
    summary "<head>: <outlet>: <value>; ...", articles and evidence in reading order."""
    seen: set[str] = set()
    values = []
    for c, written in rows:
        if c.article_id not in seen:
            seen.add(c.article_id)
            values.append(
                ConflictValue(article_id=c.article_id, value=written, sentence=c.text, outlet=c.outlet)
            )
    cs = sorted({c for c, _ in rows}, key=lambda c: (c.art_pos, c.start))
    label = {c.article_id: c.label or c.outlet or c.article_id for c in cs}
    return Fact(
        id=_fact_id("conflict", [c for c, _ in rows], topic),
        kind="conflict",
        summary=f"{head}: " + "; ".join(f"{label[v.article_id]}: {v.value}" for v in values),
        articles=list(dict.fromkeys(c.article_id for c in cs)),
        evidence=[_evidence(c) for c in cs],
        topic=topic,
        values=values,
    )


def _name_conflicts(group: list[_Cand], people: list[_Person]) -> list[Fact]:
    """Aligned sentences of two outlets that name different people of one surname where
    each article names only its own ("Rep. Loretta Sanchez won ..." / "Representative
    Linda T. Sánchez ... defeated ..."): one of them has the wrong person. Two people of
    one family that an article both names (a father and his son) are no such case."""
    named: list[tuple[_Cand, _Person, str]] = []
    for c in group:
        folded = unaccent(c.text).lower()
        named += [(c, p, w) for p in people if p.surname in folded and (w := _written(p, c.text))]
    facts = []
    seen: set[frozenset[str]] = set()
    for i, (a, pa, wa) in enumerate(named):
        for b, pb, wb in named[i + 1 :]:
            if a.okey == b.okey or pa.id == pb.id or pa.surname != pb.surname:
                continue
            if b.article_id in pa.articles or a.article_id in pb.articles or _one_name(wa, wb):
                continue
            key = frozenset((pa.id, pb.id))
            if key in seen:
                continue
            seen.add(key)
            facts.append(
                _value_conflict([(a, wa), (b, wb)], "person named", "Outlets name different people")
            )
    return facts


def _conflicts(group: list[_Cand]) -> list[Fact]:
    by_unit: dict[str, list[_Figure]] = {}
    for c in group:
        for f in _figures(c):
            by_unit.setdefault(f.unit, []).append(f)
    facts = []
    for unit in sorted(by_unit):
        if len({f.cand.okey for f in by_unit[unit]}) < 2:
            continue
        rows = _clashing(by_unit[unit])
        if not rows:
            continue
        lead = "different years" if unit == "year" else f"different figures for {rows[0].noun}"
        facts.append(_value_conflict([(f.cand, f.written) for f in rows], rows[0].noun, f"Outlets give {lead}"))
    return facts


def _ij(key: Any) -> tuple[np.ndarray, np.ndarray, bool]:
    """Row and column indices of ``m[i, j]`` or ``m[np.ix_(rows, cols)]``; True for a scalar."""
    i, j = key
    if np.isscalar(i) and np.isscalar(j):
        return np.array([int(i)]), np.array([int(j)]), True
    return np.asarray(i).ravel(), np.asarray(j).ravel(), False


class _OnDemand:
    """Scores computed on demand: ``m[i, j]`` (one pair), ``m[np.ix_(rows, cols)]`` (a
    block) and :meth:`dense` (every pair, for tests and small stories)."""

    n: int

    def block(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def pairs(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def __getitem__(self, key: Any) -> Any:
        rows, cols, scalar = _ij(key)
        if scalar:
            return float(self.pairs(rows, cols)[0])
        return self.block(rows, cols)

    def dense(self) -> np.ndarray:
        return self.block(np.arange(self.n), np.arange(self.n))


@dataclass
class _LexAgg:
    """A statement group's lexical aggregate (:meth:`LexSim.aggregate`)."""

    xs: dict[int, float]  # term -> the members' summed tf-idf weight
    by_size: dict[int, dict[int, int]]  # member size -> token -> members of that size holding it

    def add(self, other: _LexAgg) -> _LexAgg:
        """This aggregate grown by a disjoint group's (in place; O(other's entries))."""
        for t, w in other.xs.items():
            self.xs[t] = self.xs.get(t, 0.0) + w
        for s, c in other.by_size.items():
            mine = self.by_size.setdefault(s, {})
            for t, k in c.items():
                mine[t] = mine.get(t, 0) + k
        return self


class LexSim(_OnDemand):
    """``0.7 * tf-idf cosine + 0.3 * dice`` of the story's sentences, computed on demand.

    Holds the sparse TF-IDF rows (l2-normalised) and binary token rows; ``m[i, j]`` gives one
    score, ``m[np.ix_(rows, cols)]`` a block, :meth:`dense` the whole matrix (benchmarks).
    No ``n x n`` matrix is built: candidate pairs come from :meth:`sharing` (an inverted
    index over the tokens).
    """

    def __init__(self, docs: Sequence[str]) -> None:
        vec = TfidfVectorizer(
            ngram_range=(1, 2), sublinear_tf=True, lowercase=False, token_pattern=r"\S+"
        )
        self.X = vec.fit_transform(docs).tocsr()
        self.X.sort_indices()
        # for scoring pairs (_scores): the terms two sentences can share (held by >= 2),
        # and which of them are unigrams (the words the dice part counts: B's vocabulary)
        held = np.nonzero(np.diff(self.X.tocsc().indptr) >= 2)[0]
        self._Xs = self.X[:, held].tocsr()
        self._Xs.sort_indices()
        self._unigram = np.array([" " not in t for t in vec.get_feature_names_out()[held]], dtype=bool)
        self.B = (
            CountVectorizer(lowercase=False, token_pattern=r"\S+", binary=True)
            .fit_transform(docs)
            .astype(np.float64)
            .tocsr()
        )
        self.sizes = np.asarray(self.B.sum(axis=1), dtype=float).ravel()
        self.n = len(docs)
        # the same rows as dicts, for small blocks (a scipy row selection costs ~0.3 ms,
        # more than a few dozen dict look-ups)
        X, B = self.X, self.B
        self._w = [
            dict(
                zip(
                    X.indices[X.indptr[r] : X.indptr[r + 1]].tolist(),
                    X.data[X.indptr[r] : X.indptr[r + 1]].tolist(),
                    strict=True,
                )
            )
            for r in range(self.n)
        ]
        self._t = [
            frozenset(B.indices[B.indptr[r] : B.indptr[r + 1]].tolist()) for r in range(self.n)
        ]

    def _small(self, i: int, j: int) -> float:
        if i == j:
            return 1.0
        wi, wj = self._w[i], self._w[j]
        if len(wj) < len(wi):
            wi, wj = wj, wi
        # the shared terms by a C-level set intersection, summed in wi's (column) order
        cos = sum(wi[t] * wj[t] for t in sorted(wi.keys() & wj.keys()))
        denom = self.sizes[i] + self.sizes[j]
        dice = 2.0 * len(self._t[i] & self._t[j]) / denom if denom > 0 else 0.0
        return COSINE_WEIGHT * cos + DICE_WEIGHT * dice

    def block(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        rows, cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
        if len(rows) * len(cols) <= SMALL_BLOCK:
            return np.array(
                [[self._small(i, j) for j in cols.tolist()] for i in rows.tolist()], dtype=float
            ).reshape(len(rows), len(cols))
        every = len(cols) == self.n and bool((cols == np.arange(self.n)).all())
        Xc, Bc = (self.X, self.B) if every else (self.X[cols], self.B[cols])
        cos = (self.X[rows] @ Xc.T).toarray()
        inter = (self.B[rows] @ Bc.T).toarray()
        denom = self.sizes[rows][:, None] + self.sizes[cols][None, :]
        dice = np.divide(2.0 * inter, denom, out=np.zeros_like(inter), where=denom > 0)
        out = COSINE_WEIGHT * cos + DICE_WEIGHT * dice
        out[rows[:, None] == cols[None, :]] = 1.0
        return out

    def aggregate(self, members: Sequence[int]) -> _LexAgg:
        """A group's lexical aggregate (:meth:`group_mean`): its members' tf-idf rows summed
        (term -> weight), and their token sets counted per member size (size -> token ->
        members). :meth:`_LexAgg.add` makes a union's from two disjoint groups'."""
        xs: dict[int, float] = {}
        by_size: dict[int, dict[int, int]] = {}
        for m in members:
            for t, w in self._w[m].items():
                xs[t] = xs.get(t, 0.0) + w
            cls = by_size.setdefault(int(self.sizes[m]), {})
            for t in self._t[m]:
                cls[t] = cls.get(t, 0) + 1
        return _LexAgg(xs, by_size)

    @staticmethod
    def group_mean(a: _LexAgg, b: _LexAgg, pairs: int) -> tuple[float, int]:
        """The mean score over the ``pairs`` member pairs of two disjoint groups from their
        :meth:`aggregate` s, and the aggregate entries read. Exact in real arithmetic: the
        cosine is bilinear (the sum of the pairs' cosines is the summed rows' dot), and a
        pair's Dice ``2 |Ti & Tj| / (si + sj)`` depends on it only through the shared tokens
        and the two sizes, so the sum is ``sum over sizes s, t of 2 (C_s . C_t) / (s + t)``
        (``C_s``: token counts of the members of size ``s``). The cost is the aggregates'
        entries (the groups' distinct terms, and size-class pairs), not the member pairs."""
        xa, xb = (a.xs, b.xs) if len(a.xs) <= len(b.xs) else (b.xs, a.xs)
        cos = sum(xa[t] * xb[t] for t in sorted(xa.keys() & xb.keys()))
        read = len(xa)
        dice = 0.0
        for s, ca in a.by_size.items():
            for t, cb in b.by_size.items():
                lo, hi = (ca, cb) if len(ca) <= len(cb) else (cb, ca)
                read += len(lo)
                shared = sum(lo[k] * hi[k] for k in lo.keys() & hi.keys())
                if shared:
                    dice += 2.0 * shared / (s + t)
        return (COSINE_WEIGHT * cos + DICE_WEIGHT * dice) / pairs, read

    def pairs(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Scores of the pairs ``(rows[k], cols[k])``, without a block."""
        rows, cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
        if len(rows) <= SMALL_BLOCK:
            return np.array(
                [self._small(i, j) for i, j in zip(rows.tolist(), cols.tolist(), strict=True)],
                dtype=float,
            )
        return self._scores(rows, cols)[0]

    def _scores(self, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, int]:
        """Exact scores of many pairs in one sampled sparse product over the tf-idf rows
        (:func:`.sparse.pair_dots`: the cosine, and the shared unigrams for the dice part,
        from one pass), and the entries it gathered."""
        cos, inter, work = pair_dots(self._Xs, rows, cols, self._unigram)
        denom = self.sizes[rows] + self.sizes[cols]
        dice = np.divide(2.0 * inter, denom, out=np.zeros_like(inter), where=denom > 0)
        out = COSINE_WEIGHT * cos + DICE_WEIGHT * dice
        out[rows == cols] = 1.0
        return out, work

    def sharing(
        self, df_cap: int, budget: int | None = None, groups: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, int]]:
        """Pairs ``i < j`` that share a token found in 2..``df_cap`` sentences among the
        rarest of ``i``'s or ``j``'s such tokens whose posting lists total at most ``budget``
        (:func:`.sparse.prefix_join`; every such token when ``budget`` is None), with their
        exact scores (:meth:`_scores`), and the work: postings joined, pairs enumerated,
        pairs scored, entries gathered. ``O(n * budget)`` pairs; a pair sharing only very
        common tokens is left to the embedding neighbours. With ``groups`` (outlet codes),
        only pairs of different groups are kept, before they are scored."""
        r, c, work = prefix_join(self.B, df_cap, self.n * self.n if budget is None else budget, groups)
        sc, gathered = self._scores(r, c)
        return r, c, sc, {**work, "scored": len(r), "gathered": gathered}


class EmbSim(_OnDemand):
    """Embedding cosine minus the story background, in MiniLM units, computed on demand from
    the sentence vectors (``m[i, j]``, ``m[np.ix_(rows, cols)]``, :meth:`dense`)."""

    def __init__(self, vecs: np.ndarray, background: float, scale: float) -> None:
        self.V = np.asarray(vecs, dtype=np.float32)
        self.background = float(background)
        self.scale = float(scale)
        self.n = len(self.V)

    def shift(self, raw: np.ndarray) -> np.ndarray:
        """Raw cosines to this story's scores (minus the background, times the scale)."""
        return (np.asarray(raw, dtype=np.float32) - np.float32(self.background)) * np.float32(self.scale)

    def shift_one(self, raw: float) -> np.float32:
        """:meth:`shift` of one cosine, in float32 scalars (no array round trip)."""
        return (np.float32(raw) - np.float32(self.background)) * np.float32(self.scale)

    def block(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        rows, cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
        out = self.shift(self.V[rows] @ self.V[cols].T)
        out[rows[:, None] == cols[None, :]] = 1.0
        return out

    def pairs(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        rows, cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
        raw = np.empty(len(rows), dtype=np.float32)
        step = 4096  # rows gathered a chunk at a time: one gather of every pair's two
        for s in range(0, len(rows), step):  # vectors cost 10x more (page faults)
            raw[s : s + step] = np.einsum(
                "ij,ij->i", self.V[rows[s : s + step]], self.V[cols[s : s + step]]
            )
        out = self.shift(raw)
        out[rows == cols] = 1.0
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


def _matrices(cands: list[_Cand], embedder: Embedder | None) -> tuple[LexSim, EmbSim | None]:
    """The lexical scores and the embedding scores (cosine minus the story background,
    scaled into MiniLM units by the embedder's calibrated ``emb_scale``), both computed on
    demand (:class:`LexSim`, :class:`EmbSim`)."""
    docs = [" ".join(c.tokens) or "_" for c in cands]
    lex = LexSim(docs)
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
    # the mean cosine over cross-outlet pairs of alignable sentences, from sums (O(n d)):
    # sum over ordered pairs i != j of different outlets = |S|^2 - sum_o |S_o|^2
    okeys = _outlet_codes(cands)
    ok = np.array([_alignable(c) for c in cands])
    v = vecs[ok].astype(np.float64)
    per = np.zeros((int(okeys.max()) + 1, vecs.shape[1]))
    np.add.at(per, okeys[ok], v)
    counts = np.bincount(okeys[ok], minlength=len(per)).astype(float)
    total = v.sum(axis=0)
    n_pairs = int(counts.sum() ** 2 - (counts**2).sum())
    if n_pairs >= 40:
        background = float((total @ total - (per * per).sum()) / n_pairs)
    else:
        background = bdefault
    return lex, EmbSim(vecs, float(np.clip(background, bmin, bmax)), model.emb_scale)


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
    pairs = _candidate_pairs(cands, lex, emb)
    rows, cols, lv, ev = _pair_values(lex, emb, pairs)
    out = dict(zip(pairs, _decide(cands, rows, cols, lv, ev, kind).tolist(), strict=True))
    return [(c.outlet, c.text) for c in cands], out


def _cited_outlets(c: _Cand, citations: Mapping[str, Sequence[Citation]]) -> list[str]:
    """The other outlets a member's evidence sentence cites (a citation span inside that
    sentence, or the same sentence index), as outlet keys."""
    cited = [
        outlet_name_key(x.cited)
        for x in citations.get(c.article_id, ())
        if (c.start <= x.span.start < c.end) or (x.sentence and x.sentence.strip() in c.text)
    ]
    return [x for x in cited if x and x != outlet_name_key(c.outlet)]


def _relays(c: _Cand, group: set[str], citations: Mapping[str, Sequence[Citation]]) -> bool:
    """Whether a member relays another outlet of its group (``group``: outlet keys)."""
    return any(x in group for x in _cited_outlets(c, citations))


def _independent(cs: list[_Cand], citations: Mapping[str, Sequence[Citation]], group: set[str]) -> int:
    """Distinct outlets of a group (``group``: its outlet keys), counting relays once.

    A member whose evidence sentence cites another outlet of the group relays it and does
    not count; members relaying the same outside source (a common upstream, e.g. a wire or
    Axios) count as one.
    """
    independent: set[str] = set()
    upstreams: set[str] = set()
    for c in cs:
        cited = _cited_outlets(c, citations)
        if any(x in group for x in cited):
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
    # the index multiplies many small blocks: BLAS threads cost more to wake than they
    # save there (and on a shared box they wait on each other), so one thread
    with threadpool_limits(limits=1, user_api="blas"):
        return _build_facts(articles, analyses, entities, citations, embedder)


def _build_facts(
    articles: Sequence[Article],
    analyses: Mapping[str, ArticleAnalysis],
    entities: Sequence[Entity],
    citations: Sequence[Citation] | None,
    embedder: Embedder | None | str,
) -> list[Fact]:
    cands = _candidates(articles, analyses)
    if not cands:
        return []
    resolved = _resolve_embedder(embedder)
    lex, emb = _matrices(cands, resolved)
    kind = embedder_kind(resolved) if emb is not None else "none"
    index = _index(cands, lex, emb)
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
    people = _people(entities)
    by_outlet: dict[str, list[int]] = {}
    for k, c in enumerate(cands):
        if not c.heading:
            by_outlet.setdefault(c.okey, []).append(k)
    outlet_name = {c.okey: c.label or c.outlet or c.article_id for c in cands}
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
    swaps = role_swaps(articles, analyses, entities, SYNONYMS)  # who did what (.roles)
    clashes = slot_clashes(articles, analyses) | swap_clashes(swaps)
    apart = _quote_apart(cands, analyses, entities)
    for g in _groups(cands, lex, emb, clashes, kind, index.pairs, apart=apart):
        if len(g) < 2:
            continue
        cs = [cands[k] for k in sorted(g, key=lambda k: (cands[k].art_pos, cands[k].start))]
        outlets = {c.okey for c in cs}
        if len(outlets) < 2:
            continue
        grouped.update(g)
        sub = _sim_block(lex, emb, g, g)
        means = (sub.sum(axis=1) - 1.0) / (len(g) - 1)
        # the summary: the most central sentence, preferring one that carries no disputed
        # value, then one that is no relay of another outlet of the group (the first-hand
        # report, not "Meridian Wire reported that ...")
        clean = [k for k in g if (cands[k].article_id, cands[k].start) not in slot_pos] or g
        group_keys = {outlet_name_key(c.outlet) for c in cs if c.outlet}
        pool = [k for k in clean if not _relays(cands[k], group_keys, cites)] or clean
        best = max(float(means[g.index(k)]) for k in pool)
        central = next(cands[k] for k in pool if float(means[g.index(k)]) >= best - 1e-9)
        fact = Fact(
            id=_fact_id("consensus", cs),
            kind="consensus",
            summary=shorten(central.text, SUMMARY_WORDS),
            articles=[c.article_id for c in cs],
            evidence=[_evidence(c) for c in cs],
            independent=_independent(cs, cites, group_keys),
        )
        consensus.append(((-len(outlets), cs[0].art_pos, cs[0].start), fact))
        group_conflicts.extend(_conflicts(cs) + _name_conflicts(cs, people))
        polar_groups.append([(by_id[c.article_id], c.start, c.end, c.text, c.art_pos) for c in cs])
        omissions.extend(
            _omissions(
                cands, g, cs, outlets, all_outlets, outlet_name, lex, emb, central, by_outlet
            )
        )
    consensus.sort(key=lambda t: t[0])

    slot_all = {(e.article_id, e.start) for f in slots for e in f.evidence}
    conflicts = (
        slots
        + polarity_conflicts(polar_groups)
        + status_conflicts(polar_groups)
        + who_did_what_conflicts(swaps, _aligner(cands, lex, emb, kind))
        + [
            f
            for f in group_conflicts
            if not any((e.article_id, e.start) in slot_all for e in f.evidence)
        ]
    )

    unique: list[tuple[int, int, Fact]] = []
    by_article: dict[int, list[int]] = {}
    for k, c in enumerate(cands):
        if k in grouped or not _alignable(c) or c.quote_only or c.n_words < MIN_UNIQUE_WORDS:
            continue
        if not (c.named or c.nums):
            continue
        # near another outlet's sentence (best scores from the index): not unique
        if float(index.lex_near[k]) >= NEAR_MISS:
            continue
        if index.emb_near is not None and float(index.emb_near[k]) >= EMB_NEAR_MISS:
            continue
        by_article.setdefault(c.art_pos, []).append(k)
    for pos, ks in by_article.items():
        top: list[int] = []
        own = {k: r for r, k in enumerate(ks)}
        repeat = lex.block(np.array(ks), np.array(ks))
        for k in sorted(ks, key=lambda k: (-weights[k], cands[k].start)):
            # an article repeating its own detail ("X's visit, set for Wednesday ...") once
            if any(repeat[own[k], own[t]] >= UNIQUE_REPEAT for t in top):
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


def _aligner(
    cands: list[_Cand], lex: LexSim, emb: EmbSim | None, kind: str
) -> Callable[[tuple[str, int], tuple[str, int]], bool]:
    """Whether the alignment model aligns two sentences named by (article id, start)."""
    pos = {(c.article_id, c.start): k for k, c in enumerate(cands)}

    def aligned(a: tuple[str, int], b: tuple[str, int]) -> bool:
        i, j = pos.get(a), pos.get(b)
        if i is None or j is None or not (_alignable(cands[i]) and _alignable(cands[j])):
            return False
        rows, cols, lv, ev = _pair_values(lex, emb, [(min(i, j), max(i, j))])
        return bool(_decide(cands, rows, cols, lv, ev, kind)[0])

    return aligned


def _omissions(
    cands: list[_Cand],
    g: list[int],
    cs: list[_Cand],
    outlets: set[str],
    all_outlets: list[str],
    outlet_name: Mapping[str, str],
    lex: LexSim,
    emb: EmbSim | None,
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
    near_lex = near_emb = None  # the statement's best score with each sentence, once
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
        if near_lex is None:
            everyone = np.arange(len(cands))
            near_lex = lex.block(np.array(g), everyone).max(axis=0)
            near_emb = None if emb is None else emb.block(np.array(g), everyone).max(axis=0)
        if float(near_lex[mine].max()) >= OMISSION_LEX_FLOOR:
            continue
        if near_emb is not None and float(near_emb[mine].max()) >= OMISSION_FLOOR:
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
