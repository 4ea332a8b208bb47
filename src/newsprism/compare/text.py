"""Small text helpers shared by the comparison modules (no spaCy: plain strings and spans)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..models import Article, ArticleAnalysis, Entity, Mention, Sentence

__all__ = [
    "NameIndex",
    "stem",
    "person_names",
    "STOP_WORDS",
    "WORD_RE",
    "NUMBER_RE",
    "words",
    "content_words",
    "numbers",
    "shorten",
    "split_sentences",
    "sentences_of",
    "mentions_in",
    "is_heading",
    "outlet_key",
    "outlet_name_key",
]

STOP_WORDS: frozenset[str] = frozenset(ENGLISH_STOP_WORDS) | {
    "said", "says", "say", "told", "according", "reported", "report", "reports", "also",
    "would", "could", "just", "like", "did", "does", "doing", "mr", "ms", "mrs", "new", "one", "s", "t", "don",
}  # fmt: skip

WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
NUMBER_RE = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?![\w])")
_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12, "twenty": 20, "hundred": 100,
    "thousand": 1000, "million": 1_000_000,
}  # fmt: skip
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)]*(?=\s+[\"“‘(]?[A-Z0-9])|\n+")
_ABBREV = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|Prof|St|Gen|Col|Lt|Sgt|Rep|Sen|Gov|Jr|Sr|No|vs|etc|Inc|Ltd|Co|Corp|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec))\.$"
)


@lru_cache(maxsize=1 << 16)  # a story repeats its vocabulary: 70k calls, ~8k words at 50 articles
def stem(w: str) -> str:
    """A very light English suffix stripper (-ies, -ing, -ed, -es after s/x/z, plural -s),
    for comparing words across outlets only: both sides go through the same rules."""
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 5 and w.endswith("ing"):
        return w[:-3]
    if len(w) > 4 and w.endswith("ed"):
        return w[:-2]
    if len(w) > 4 and w.endswith("es") and w[-3] in "sxz":
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def person_names(e: Entity) -> list[str]:
    """An entity's name and capitalised aliases (not "the minister"), longest first: the
    strings that name this person in a sentence."""
    names = {e.name, *(x for x in e.aliases if x[:1].isupper() and not x.lower().startswith("the "))}
    return sorted(names, key=len, reverse=True)


_WORD_RE = re.compile(r"\w+")


class NameIndex:
    """Which of a list of texts could contain a name: an index of their lower-cased word
    tokens, looked up by the name's last word (a name search needs that word whole)."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.n = len(texts)
        self._idx: dict[str, list[int]] = defaultdict(list)
        for i, t in enumerate(texts):
            for w in set(_WORD_RE.findall(t.lower())):
                self._idx[w].append(i)

    def candidates(self, names: Sequence[str]) -> list[int]:
        """Indices of the texts that may contain any of ``names``, in text order."""
        out: set[int] = set()
        for name in names:
            ws = _WORD_RE.findall(name.lower())
            if not ws:
                return list(range(self.n))
            out.update(self._idx.get(ws[-1], ()))
        return sorted(out)


def words(text: str) -> list[str]:
    """Lower-cased word tokens (apostrophes kept inside words, possessive ``'s`` dropped)."""
    return [w[:-2] if w.endswith(_POSSESSIVE) else w for w in WORD_RE.findall(text.lower())]


_POSSESSIVE = ("'s", "’s")


def content_words(text: str) -> set[str]:
    """Words that are not stop words: numbers and words of two letters or more."""
    return {w for w in words(text) if w not in STOP_WORDS and (w.isdigit() or len(w) > 1)}


def numbers(text: str) -> set[float]:
    """Numbers written with digits or as common number words ("two", "dozen")."""
    out: set[float] = set()
    for m in NUMBER_RE.finditer(text):
        try:
            out.add(float(m.group().replace(",", "")))
        except ValueError:
            continue
    for w in words(text):
        if w in _NUMBER_WORDS:
            out.add(float(_NUMBER_WORDS[w]))
    return out


def shorten(text: str, max_words: int = 30) -> str:
    """Collapse whitespace and cut at a word boundary after ``max_words`` words ("…")."""
    parts = text.split()
    if len(parts) <= max_words:
        return " ".join(parts)
    return " ".join(parts[:max_words]).rstrip(",;:—–-") + " …"


def split_sentences(text: str) -> list[Sentence]:
    """A crude regex sentence splitter, used only when no analysis sentences are given."""
    out: list[Sentence] = []
    begin = 0
    cuts = []
    for m in _BOUNDARY.finditer(text):
        if m.group()[0] == "." and _ABBREV.search(text[max(0, m.start() - 6) : m.start() + 1]):
            continue  # "U.S. officials", "Oct. 1", "Mr. Smith"
        cuts.append(m.end())
    cuts.append(len(text))
    for end in cuts:
        chunk = text[begin:end]
        begin = end
        stripped = chunk.strip()
        if not stripped:
            continue
        start = end - len(chunk) + (len(chunk) - len(chunk.lstrip()))
        out.append(Sentence(index=len(out), start=start, end=start + len(stripped), text=stripped))
    return out


def sentences_of(text: str, analysis: ArticleAnalysis | None) -> list[Sentence]:
    if analysis is not None and analysis.sentences:
        return list(analysis.sentences)
    return split_sentences(text)


def mentions_in(sentence: Sentence, analysis: ArticleAnalysis | None) -> list[Mention]:
    if analysis is None:
        return []
    return [m for m in analysis.mentions if m.start >= sentence.start and m.end <= sentence.end]


def is_heading(text: str) -> bool:
    """A subheading or page furniture: no sentence-final punctuation and short (<= 12
    words) or in Title Case (a headline repeated in the body)."""
    t = text.strip()
    if not t:
        return True
    if re.search(r"[.!?:;\"'”’)]$", t):
        return False
    ws = [w for w in t.split() if w[:1].isalpha()]
    title_case = bool(ws) and sum(w[0].isupper() for w in ws) >= 0.6 * len(ws)
    return len(t.split()) <= 12 or title_case


def outlet_key(a: Article) -> str:
    """Who published ``a``: the outlet name folded, or the article id when unknown."""
    return " ".join(a.outlet.lower().split()) if a.outlet else f"?{a.id}"


def outlet_name_key(name: str | None) -> str:
    """An outlet name compared without case, a leading "The" or punctuation, so a citation of
    "Estmark Ledger" matches the article outlet "The Estmark Ledger"."""
    if not name:
        return ""
    return re.sub(r"[^a-z0-9]+", " ", re.sub(r"^\s*the\s+", "", name.lower())).strip()
