"""How each outlet frames a story: distinctive terms, loaded words, scare quotes.

Distinctive terms use the weighted log-odds ratio with an informative Dirichlet prior of
Monroe, Colaresi & Quinn (2008), "Fightin' Words", *Political Analysis* 16(4), eq. 22 ff.:
for article ``i`` against the rest ``j`` of the story, with prior pseudo-counts
``alpha_w`` (``alpha_0 = sum alpha_w``),

    delta_w = log((y_iw + a_w) / (n_i + a_0 - y_iw - a_w))
            - log((y_jw + a_w) / (n_j + a_0 - y_jw - a_w))
    var_w   ~ 1 / (y_iw + a_w) + 1 / (y_jw + a_w)
    z_w     = delta_w / sqrt(var_w)

The prior is the pooled story counts themselves (``a_w = y_iw + y_jw``, so ``a_0`` is the
story's token count): words the whole story uses a lot are shrunk hard, so what remains is
what *this* outlet says more than the others, not what the story is about. Terms are
lower-cased unigrams and bigrams of adjacent non-stop words; numbers are left out.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence

from ..models import Article, Framing, FramingTerm, Headline
from .text import STOP_WORDS, content_words, split_sentences, words

__all__ = [
    "HEDGES",
    "hedges",
    "build_headlines",
    "LOADED_WORDS",
    "log_odds_z",
    "term_counts",
    "loaded_words",
    "scare_quotes",
    "build_framing",
]

TOP_TERMS = 12

LOADED_WORDS: frozenset[str] = frozenset({
    # loaded / charged labels
    "aggression", "occupation", "regime", "terrorist", "terrorists", "terror", "massacre",
    "genocide", "martyr", "martyrs", "thugs", "militants", "zionist", "puppet", "propaganda",
    "so-called", "extremist", "extremists", "radical", "invasion", "illegal", "brutal",
    "atrocity", "atrocities", "apartheid", "warmonger", "warmongering", "hawkish",
    # emotive / dramatising
    "slammed", "blasted", "bravado", "drama", "spat", "feud", "chaos", "crisis", "fury",
    "furious", "outrage", "outraged", "humiliating", "humiliation", "shocking", "stunning",
    "unprecedented", "explosive", "bombshell", "mastermind", "scramble", "meltdown",
    "crucial", "dramatic", "showdown", "snub", "snubbed", "rift", "clash", "sparred",
    # hedging / distancing
    "allegedly", "alleged", "reportedly", "purportedly", "supposedly", "claimed", "claims",
    "apparently", "seemingly", "unverified", "rumored", "rumoured",
})  # fmt: skip

# Hedging: words and phrases that lower the writer's commitment to a statement (Hyland 1998's
# hedge categories, cut to what news copy uses): epistemic adverbs and adjectives, modal
# verbs of possibility, evidential verbs, unverified-source phrases. Matched without case,
# except "may", which must be lower case ("May" is the month).
HEDGES: tuple[str, ...] = (
    "reportedly", "allegedly", "apparently", "purportedly", "supposedly", "seemingly",
    "possibly", "perhaps", "probably", "likely", "unlikely", "presumably", "arguably",
    "may", "might", "could", "appears to", "appeared to", "appear to", "seems to",
    "seemed to", "seem to", "suggests", "suggested", "is believed to", "are believed to",
    "is said to", "are said to", "is thought to", "are thought to", "is understood to",
    "unconfirmed", "unverified", "it is unclear", "it was unclear", "it remains unclear",
    "not clear", "claimed", "claims", "rumored", "rumoured", "sources say", "sources said",
)  # fmt: skip
_HEDGE_RE = re.compile(
    r"(?<![\w-])("
    + "|".join(
        "(?-i:may)" if h == "may" else re.escape(h) for h in sorted(HEDGES, key=len, reverse=True)
    )
    + r")(?![\w-])",
    re.I,
)
_HEADLINE_SOURCE = re.compile(r":\s*(?P<tail>[A-Z][\w.&' ]{1,40})\s*$")

_TERM_WORD = re.compile(r"[a-z]")
_BREAKS = re.compile(r"[.!?;:\n\"“”()\[\]]+|\s[-–—]\s|,\s")
_CUE_WINDOW = 30
_CUES = re.compile(
    r"\b(said|says|say|told|tells|stated|states|added|wrote|writes|according|asked|replied|"
    r"(?<!so-)called|calls|described|declared|announced|insisted|warned|noted|tweeted|posted)\b",
    re.I,
)
_SCARE = re.compile(r"\"([^\"\n]{1,60})\"|“([^”\n]{1,60})”|‘([^’‘\n]{1,60})’")


def term_counts(text: str) -> Counter[str]:
    """Unigram and bigram counts: lower-cased, stop words and pure numbers removed.

    Bigrams join adjacent tokens that are both kept, without bridging a removed word.
    """
    counts: Counter[str] = Counter()
    for chunk in _BREAKS.split(text):
        prev: str | None = None
        for w in words(chunk):
            keep = w not in STOP_WORDS and len(w) > 1 and bool(_TERM_WORD.search(w))
            if not keep:
                prev = None
                continue
            counts[w] += 1
            if prev is not None:
                counts[f"{prev} {w}"] += 1
            prev = w
    return counts


def log_odds_z(
    target: Mapping[str, int],
    rest: Mapping[str, int],
    prior: Mapping[str, float] | None = None,
    n_rest: float | None = None,
) -> dict[str, float]:
    """Weighted log-odds z-scores of each word of ``target`` vs ``rest`` (Monroe et al. 2008).

    ``prior`` defaults to the pooled counts ``target + rest``; ``n_rest`` is the total of
    ``rest`` when the caller knows it. Positive z: the word is
    over-represented in ``target``.
    """
    if prior is None:
        prior = {w: float(target.get(w, 0) + rest.get(w, 0)) for w in set(target) | set(rest)}
    a0 = float(sum(prior.values()))
    n_i = float(sum(target.values()))
    n_j = float(sum(rest.values()) if n_rest is None else n_rest)
    out: dict[str, float] = {}
    for w in target:
        a = float(prior.get(w, 0.0))
        if a <= 0.0:
            continue
        yi, yj = float(target.get(w, 0)), float(rest.get(w, 0))
        d_i = math.log((yi + a) / max(n_i + a0 - yi - a, 1e-9))
        d_j = math.log((yj + a) / max(n_j + a0 - yj - a, 1e-9))
        var = 1.0 / (yi + a) + 1.0 / (yj + a)
        out[w] = (d_i - d_j) / math.sqrt(var)
    return out


def loaded_words(text: str) -> list[str]:
    """Lexicon words present in ``text``, lower-cased, in order of first appearance."""
    seen: dict[str, None] = {}
    for w in re.findall(r"[a-z]+(?:-[a-z]+)*", text.lower()):
        if w in LOADED_WORDS:
            seen.setdefault(w, None)
    return list(seen)


def scare_quotes(text: str) -> list[str]:
    """Short quoted names or terms with no speaker cue nearby, unique, in order.

    A single quoted word or a quoted name of 2-3 capitalised words counts:
    ``"Israel"`` in running text is a scare quote; ``"Enough," she said`` is not (it ends
    with punctuation and has a cue), nor is a quoted lower-case phrase (a partial
    quotation) unless introduced by "so-called", or anything of four words or more. A possessive ``'s`` is dropped.
    """
    out: dict[str, None] = {}
    for line in text.splitlines():
        for m in _SCARE.finditer(line):
            inner = next(g for g in m.groups() if g is not None).strip()
            inner = re.sub(r"['’]s$", "", inner)
            ws = inner.split()
            if not 1 <= len(ws) <= 3 or not inner[0].isalnum() or re.search(r"[.,!?;:]$", inner):
                continue
            before = line[max(0, m.start() - _CUE_WINDOW) : m.start()]
            after = line[m.end() : m.end() + _CUE_WINDOW]
            so_called = bool(re.search(r"so-called\s*$", before, re.I))
            if len(ws) > 1 and not so_called and not all(w[0].isupper() for w in ws):
                continue  # "clarity and transparency": a partial quotation, not a label
            if _CUES.search(before) or _CUES.search(after):
                continue
            out.setdefault(inner, None)
    return list(out)


def hedges(text: str) -> list[str]:
    """Hedging words and phrases (:data:`HEDGES`) in ``text``, unique, in order."""
    return list(dict.fromkeys(m.group(1).lower() for m in _HEDGE_RE.finditer(text)))


def _headline_source(title: str) -> str | None:
    m = _HEADLINE_SOURCE.search(title.strip())
    if m is None:
        return None
    src = m.group("tail").strip()
    # a source is a short name ("Axios", "Report", "AP"), not the second half of a title
    if not src or len(src.split()) > 4 or not all(w[:1].isupper() for w in src.split()):
        return None
    return src


def build_headlines(articles: Sequence[Article]) -> list[Headline]:
    """Each article's headline set against the story's other headlines: the content words
    only it uses, those it shares, its loaded and hedging words, scare quotes and the source
    it credits ("...: Axios")."""
    vocab = [content_words(a.title) for a in articles]
    out = []
    for k, a in enumerate(articles):
        others: set[str] = set()
        for j, v in enumerate(vocab):
            if j != k and (articles[j].outlet != a.outlet or not a.outlet):
                others |= v
        order = list(dict.fromkeys(w for w in words(a.title) if w in vocab[k]))
        out.append(
            Headline(
                article_id=a.id,
                outlet=a.outlet,
                title=a.title,
                distinctive=[w for w in order if w not in others],
                shared=[w for w in order if w in others],
                loaded=loaded_words(a.title),
                hedges=hedges(a.title),
                scare_quotes=scare_quotes(a.title),
                attributed_to=_headline_source(a.title),
            )
        )
    return out


class _Rest(Mapping[str, int]):
    """``pooled - one``, read lazily: :func:`log_odds_z` reads only the target's words
    (and is given the total), so nothing iterates the pooled vocabulary per article."""

    def __init__(self, pooled: Counter[str], one: Mapping[str, int]) -> None:
        self._pooled, self._one = pooled, one

    def __getitem__(self, w: str) -> int:
        v = self._pooled[w] - self._one.get(w, 0)
        if v <= 0:
            raise KeyError(w)
        return v

    def __iter__(self) -> Iterator[str]:
        return (w for w in self._pooled if self._pooled[w] > self._one.get(w, 0))

    def __len__(self) -> int:
        return sum(1 for _ in self)


def build_framing(articles: Sequence[Article]) -> list[Framing]:
    """One :class:`Framing` per article: top distinctive terms vs the rest of the story."""
    counts = [term_counts(f"{a.title}\n{a.text}") for a in articles]
    pooled: Counter[str] = Counter()
    for c in counts:
        pooled.update(c)
    total = sum(pooled.values())
    out: list[Framing] = []
    for a, c in zip(articles, counts, strict=True):
        terms: list[FramingTerm] = []
        if len(articles) > 1:
            # the rest of the story without copying the pooled vocabulary per article
            # (`pooled - c` made framing O(articles x vocabulary))
            z = log_odds_z(c, _Rest(pooled, c), pooled, n_rest=total - sum(c.values()))
            ranked = sorted(((s, w) for w, s in z.items() if s > 0), key=lambda t: (-t[0], t[1]))
            terms = [FramingTerm(term=w, score=round(s, 3)) for s, w in ranked[:TOP_TERMS]]
        out.append(
            Framing(
                article_id=a.id,
                outlet=a.outlet,
                terms=terms,
                loaded=loaded_words(f"{a.title}\n{a.text}"),
                scare_quotes=scare_quotes(a.text),
                hedges=hedges(f"{a.title}\n{a.text}"),
                hedged_sentences=sum(1 for s in split_sentences(a.text) if _HEDGE_RE.search(s.text)),
            )
        )
    return out
