"""The same quote across outlets: link, diff, and report conflicts.

A story's quotes (direct and reported, from :mod:`newsprism.nlp.quotes`) are compared
across articles of *different* outlets on word keys (lower case, punctuation dropped,
curly quotes and apostrophes folded, "wouldn't" = "would not", light stemming):

* candidate pairs come from an inverted index of content words (stop words out, negations
  and numbers kept): only pairs sharing >= 3 content words are scored, so a long story does
  not compare all pairs;
* ``coverage`` is the share of the shorter version's words found, in order, in the other
  (:class:`difflib.SequenceMatcher` blocks; a lone stop word does not count);
* two versions of similar length (shorter >= half the longer) link when ``coverage >= 0.6``
  with >= 4 shared content words, ``coverage >= 0.8`` with 3, or ``coverage >= 0.5`` with
  >= 6 (a long reworded relay keeps many content words); a much shorter version (a
  partial quote: "safety systems worked as designed" inside the full quotation) links when
  it has >= 4 words and ``coverage >= 0.85``;
* two versions whose speakers are two different named people or organisations (a bare
  title such as "the president" names nobody) link only at ``coverage >= 0.8``: a loose
  match between two speakers' words is two statements (Ms. Warren's "release the Mueller
  report to the American public. Now" is not Mr. O'Rourke's "release the full Mueller
  report to the American people").

Linked pairs are joined into chains (union-find); in each chain one article keeps one
version (of overlapping nested attributions, "Axios reported [officials said [X]]", the
innermost). A chain is then split so that every version matches its link's reference
itself (:func:`_stars`): a quotation holding two sentences ("A. B.") links "A" and "B" of
another outlet, and "B" is no rewording of "A". The reference is the version matching the
others best, then a direct one from the earliest article; every other version gets a
word-level diff against it (a mixed quote by all its quoted pieces, joined by "[…]").
Leading or trailing words only one side has are a *partial* quote, not a wording change;
inside the shared stretch a change is *substantive* when it changes the wording.

Materiality (what a journalist would call different words, not a different way of writing
them). The diff splits words at ellipses, dashes and hyphens ("a…leadership", "Arkansas—and",
"tax-filing"), reads number words as digits ("two-in-three" = "2 in 3"), common short forms
whole ("Sen." = "senator", "&" = "and", "gonna" = "going to"). Changes are taken as stretches
between anchors of two or more words in common. A stretch is no change of wording when
it is words one version leaves out at its ellipsis (at either end, or where a mixed quote's
pieces join, whatever stands on the two sides), one or more whole
sentences left out between two quoted ones, a stretch moved (a list in another order), or
when its words are the same once an editor's aside in brackets, a filler ("Oh,"), a title
or a first name before a name ("Senator Reid" / "Reid", "Vladimir Putin" / "Putin"), a
censored word ("motherf***er"), the inflection ("running" / "run"), one word written as two
("workforce") and a transliterated name ("Qaddafi" / "Gadhafi": the same consonants once
vowels, h and doubled letters go) are set aside; a joining word at either end ("As the ..."
against "I think the ...") makes the pair partial. Degree words count although they are
stop words ("I feel badly" / "I feel very badly"), as do negations and numbers. A version
under half the other's length that a sentence boundary splits is aligned with the stretch
of the longer one that holds it most compactly.

Conflicts (``Fact(kind="conflict")``, issue 4 item 4): ``"quote wording"`` when two direct
versions differ in substance (reported speech is paraphrase by nature and never counts, nor
does a paraphrase carrying a scare-quoted word or two: :func:`verbatim`), and
``"quote attribution"`` when two outlets' direct versions name different speakers (named
people or organisations whose names are more than a title; an outlet as speaker is a relay,
an anonymous source names nobody, so neither can contradict).
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from ..ids import stable_id
from ..models import (
    Article,
    ArticleAnalysis,
    ConflictValue,
    Entity,
    Evidence,
    Fact,
    Quote,
    QuoteDiff,
    QuoteLink,
    QuoteVersion,
    Sentence,
    WordDiff,
)
from .claims import is_refusal
from .text import STOP_WORDS, outlet_name_key, sentences_of, shorten, stem

__all__ = ["different_statements", "link_quotes", "match_score", "quote_conflicts", "quote_keys",
           "statements", "word_diff"]

NEGATIONS = frozenset({"not", "no", "never", "nothing", "none", "nobody", "neither", "nor", "cannot"})
_CONTRACTIONS = {"n't": "not", "'re": "are", "'ve": "have", "'ll": "will", "'m": "am"}
_IRREGULAR = {"won't": ["will", "not"], "can't": ["can", "not"], "shan't": ["shall", "not"],
              "ain't": ["is", "not"]}  # fmt: skip
_TOKEN = re.compile(r"\S+")
_KEY = re.compile(r"[^\w']+")

MIN_SHARED = 3
COVER_SIMILAR = 0.6
COVER_STRICT = 0.8
COVER_LOOSE = 0.5
MANY_SHARED = 6
COVER_PARTIAL = 0.85
MIN_PARTIAL_WORDS = 4
MAX_VALUE_WORDS = 40


@lru_cache(maxsize=1 << 16)
def _pieces(token: str) -> tuple[str, ...]:
    """The comparison keys of one whitespace token (contractions give two)."""
    t = token.lower().replace("’", "'").replace("‘", "'")
    t = _KEY.sub("", t).strip("'")
    if not t:
        return ()
    if t in _IRREGULAR:
        return tuple(_IRREGULAR[t])
    for suffix, full in _CONTRACTIONS.items():
        if t.endswith(suffix) and len(t) > len(suffix):
            return (t[: -len(suffix)], full)
    if t.endswith("'s"):
        t = t[:-2]
    return (t,) if t else ()


_MARKS = re.compile("[\"“”«»]")


def spoken_part(text: str) -> str:
    """The words inside quotation marks when a content span mixes paraphrase and a partial
    quote (``the firm's "safety systems worked as designed``): only those are the speaker's
    words, so only those are compared across outlets. Text without inner marks is returned
    whole."""
    marks = [m.start() for m in _MARKS.finditer(text)]
    if not marks or (len(marks) == 2 and marks[0] == 0 and marks[1] == len(text) - 1):
        return text
    start = marks[0] + 1
    end = marks[1] if len(marks) > 1 else len(text)
    inner = text[start:end].strip()
    return inner if len(inner.split()) >= MIN_PARTIAL_WORDS else text


PIECES = "[…]"  # joins the quoted pieces of a mixed quote: the outlet's words stood there


def quoted_pieces(text: str) -> str:
    """What a diff compares of a direct quote: :func:`spoken_part`, or every quoted piece of
    a mixed quote joined by a bracketed ellipsis (``Trump "believes that ..." but that if ..., "Judge
    Moore will ..."``: both pieces are the speaker's words, the words between are not)."""
    inner = spoken_part(text)
    if inner == text:
        return text
    marks = [m.start() for m in _MARKS.finditer(text)] + [len(text)]
    pieces = [text[marks[k] + 1 : marks[k + 1]].strip() for k in range(0, len(marks) - 1, 2)]
    return f" {PIECES} ".join(p for p in pieces if p)


def verbatim(direct: bool, text: str) -> bool:
    """A direct quote whose compared words are the speaker's own, not a paraphrase carrying
    a scare-quoted word or two (``if he supported the "Obama agenda"``: :func:`spoken_part`
    keeps such a text whole, paraphrase and all)."""
    if not direct:
        return False
    marks = [m.start() for m in _MARKS.finditer(text)]
    wrapped = len(marks) == 2 and marks[0] == 0 and marks[1] == len(text) - 1
    return not marks or wrapped or spoken_part(text) != text


def _said(q: Quote) -> str:
    """What linking and diffs compare: a direct quote's quoted words, reported speech whole."""
    return spoken_part(q.text) if q.direct else q.text


def quote_keys(text: str) -> list[str]:
    """Stemmed comparison keys of ``text`` (what linking compares)."""
    return [stem(k) for m in _TOKEN.finditer(text) for k in _pieces(m.group())]


def _content(keys: Sequence[str]) -> set[str]:
    return {k for k in keys if k in NEGATIONS or (k not in STOP_WORDS and (len(k) > 1 or k.isdigit()))}


def _coverage(ka: Sequence[str], kb: Sequence[str]) -> float:
    """Share of the shorter key list matched, in order, by the other (lone stop words do
    not count as a match)."""
    if not ka or not kb:
        return 0.0
    if (len(ka), list(ka)) > (len(kb), list(kb)):  # difflib's blocks depend on the order
        ka, kb = kb, ka
    sm = difflib.SequenceMatcher(None, ka, kb, autojunk=False)
    matched = 0
    for blk in sm.get_matching_blocks():
        if blk.size >= 2 or (blk.size == 1 and _content(ka[blk.a : blk.a + 1])):
            matched += blk.size
    return matched / min(len(ka), len(kb))


def match_score(a: str, b: str) -> float:
    """How surely ``a`` and ``b`` are versions of one quote: the coverage when the linking
    rule (module docstring) holds, else 0."""
    ka, kb = quote_keys(a), quote_keys(b)
    return _score(ka, kb, _content(ka), _content(kb))


def _score(ka: list[str], kb: list[str], ca: set[str], cb: set[str]) -> float:
    shared = len(ca & cb)
    if shared < MIN_SHARED:
        return 0.0
    short, long_ = sorted((len(ka), len(kb)))
    cov = _coverage(ka, kb)
    if short >= 0.5 * long_:
        if (cov >= COVER_SIMILAR and shared >= 4) or cov >= COVER_STRICT or (
            cov >= COVER_LOOSE and shared >= MANY_SHARED
        ):
            return cov
        return 0.0
    if short >= MIN_PARTIAL_WORDS and cov >= COVER_PARTIAL:
        return cov
    return 0.0


# -- word diff --------------------------------------------------------------------------------


# A diff compares more loosely than linking: typography, spelling and transcription habits
# are no change of wording (module docstring, "Materiality").
_JOIN = re.compile(r"(…|\.{3,}|[—–―]|-{2,}|(?<=\w)-(?=\w))")  # ellipsis, dashes, word hyphen
_GAP = re.compile(r"…|\.{3,}")
_ASIDE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")  # an editor's words inside a quotation
_LETTER = re.compile(r"[^\W\d_]")
_END = re.compile(r"[.!?][\"'”’)\]]*$")
_SPELLED = {w: str(n) for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
_SHORT_FORMS = {
    "sen": ("senator",), "rep": ("representative",), "gen": ("general",), "gov": ("governor",),
    "lt": ("lieutenant",), "col": ("colonel",), "sgt": ("sergeant",), "dept": ("department",),
    "govt": ("government",), "pres": ("president",), "okay": ("ok",), "gonna": ("going", "to"),
    "wanna": ("want", "to"), "gotta": ("got", "to"),
}  # fmt: skip
_TITLES = frozenset({
    "president", "senator", "representative", "congressman", "congresswoman", "general",
    "governor", "secretary", "lieutenant", "colonel", "sergeant", "judge", "justice", "chairman",
    "chairwoman", "speaker", "leader", "minister", "ambassador", "mayor", "mr", "mrs", "ms", "dr",
})  # fmt: skip
_FILLERS = frozenset({"oh", "uh", "um", "ah", "er", "erm", "hmm"})
# degree words change what a speaker said ("I feel badly" / "I feel very badly"), although
# "very" is a stop word elsewhere; "just", "so", "too" are too often fillers or joints to count
INTENSIFIERS = frozenset({"very", "really", "truly", "extremely", "absolutely", "totally",
                          "completely", "deeply", "highly", "incredibly", "greatly", "strongly"})
_IRREGULAR_FORMS = {
    "said": "say", "told": "tell", "went": "go", "gone": "go", "made": "make", "did": "do",
    "done": "do", "got": "get", "gotten": "get", "came": "come", "took": "take", "taken": "take",
    "gave": "give", "given": "give", "knew": "know", "known": "know", "thought": "think",
    "saw": "see", "seen": "see", "found": "find", "felt": "feel", "brought": "bring",
    "ran": "run", "won": "win", "lost": "lose", "left": "leave", "began": "begin", "begun": "begin",
}  # fmt: skip


class _Tok:
    """One comparison key of a diffed quote, with what the materiality test needs."""

    __slots__ = ("key", "show", "cap", "aside", "end", "gap", "title", "forename", "masked")

    def __init__(self, key: str, show: str, cap: bool, aside: bool) -> None:
        self.key, self.show, self.cap, self.aside = key, show, cap, aside
        self.end = False  # a sentence ends after this key
        self.gap = 0  # an ellipsis (1) or the join of two quoted pieces (2) before this key
        self.title = False  # a title before a name ("Senator Reid")
        self.forename = False  # a capitalised word before another ("Vladimir Putin")
        self.masked = "*" in key  # a censored word ("motherf***er")


def _diff_keys(piece: str) -> tuple[str, ...]:
    if piece == "&":
        return ("and",)
    if "*" in piece and re.search(r"\w\*|\*\w", piece):
        return (re.sub(r"[^\w*]", "", piece.lower()),)
    out: list[str] = []
    for k in _pieces(piece):
        out.extend(_SHORT_FORMS.get(k) or (_SPELLED.get(k, k),))
    return tuple(out)


def _diff_tokens(text: str) -> tuple[list[_Tok], int]:
    """The diff keys of ``text`` (whitespace tokens split at ellipses, dashes and hyphens;
    number words as digits; "Sen." = "senator", "&" = "and", "gonna" = "going to") and
    whether the text ends on an ellipsis. A token's display goes to its first key, a
    punctuation-only token joins the previous display (so the ops rebuild the text)."""
    asides = [(m.start(), m.end()) for m in _ASIDE.finditer(text)]
    out: list[_Tok] = []
    pending, gap = "", 0  # 1 after an ellipsis, 2 where a mixed quote's pieces join
    for m in _TOKEN.finditer(text):
        raw = m.group()
        aside = any(a <= m.start() < b for a, b in asides)
        parts = _JOIN.split(raw)
        cap = any(m.group().isupper() for p in parts[::2] if (m := _LETTER.search(p)))
        first = len(out)
        for i, part in enumerate(parts):
            if i % 2:  # a separator
                gap = max(gap, int(bool(_GAP.fullmatch(part))))
                continue
            for k in _diff_keys(part):
                t = _Tok(k, "", cap, aside)
                t.gap, gap = gap, 0
                out.append(t)
        if len(out) == first:  # punctuation only
            gap = max(gap, 2 if raw == PIECES else int(bool(_GAP.search(raw))))
            if out:
                out[-1].show = f"{out[-1].show} {raw}" if out[-1].show else raw
                out[-1].end = out[-1].end or bool(_END.search(raw))
            else:
                pending = f"{pending} {raw}".strip()
            continue
        out[first].show = f"{pending} {raw}".strip()
        pending = ""
        word = raw.strip("\"'“”‘’()[]")
        short_form = word.endswith(".") and (len(word) <= 2 or word[:-1].lower() in _SHORT_FORMS)
        # "O.K." / "U.S." end a sentence when a capital follows (decided below)
        out[-1].end = bool(_END.search(raw)) and not short_form and (
            "." not in word.rstrip(".!?") or None)  # type: ignore[assignment]
        gap = int(bool(_GAP.search(raw.rstrip("\"'”’)]")[-3:])))
    for a, b in zip(out, out[1:], strict=False):
        if a.end is None:
            a.end = b.cap
        a.forename = a.cap and b.cap and not a.end and not b.gap
        a.title = a.forename and a.key in _TITLES
    return out, gap


def _lemma(k: str) -> str:
    s = stem(k)
    s = _IRREGULAR_FORMS.get(s, s)
    if len(s) > 3 and s[-1] == s[-2] and s[-1] not in "aeioulsfz":  # running -> runn -> run
        s = s[:-1]
    return s


def _material(toks: Sequence[_Tok]) -> list[_Tok]:
    """The keys of a changed stretch that carry wording: content words, negations, numbers
    and degree words; not an editor's aside nor a filler ("Oh,")."""
    return [t for t in toks if not (t.aside or t.key in _FILLERS) and (
        t.key in NEGATIONS or t.key in INTENSIFIERS or t.masked
        or (t.key not in STOP_WORDS and (len(t.key) > 1 or t.key.isdigit())))]


def _skeleton(words: Sequence[str]) -> str:
    """A name's consonants as transliterations vary them ("Qaddafi" / "Gadhafi": kdf)."""
    s = "".join(words).lower()
    s = re.sub(r"^(?:al|el)(?=.{4})", "", s)
    s = s.replace("ph", "f").translate(str.maketrans("qgc", "kkk"))
    return _single(re.sub(r"[^a-z]|[aeiouhwy]", "", s))


def _same_words(a: Sequence[_Tok], b: Sequence[_Tok]) -> bool:
    """Two stretches that say the same: the same words in any order and inflection
    ("running" / "run"), one word written as two ("workforce" / "work force"), a censored
    word ("motherf***er"), a name spelled another way ("Momma" / "Mama", "Qaddafi" /
    "Gadhafi"), or a first name or title more on one side ("Vladimir Putin" / "Putin")."""
    if "".join(t.key for t in a if not t.aside) == "".join(t.key for t in b if not t.aside):
        return True
    ma, mb = _material(a), _material(b)
    la, lb = [_lemma(t.key) for t in ma], [_lemma(t.key) for t in mb]
    da = [t for t, x in zip(ma, la, strict=True) if x not in lb]
    db = [t for t, x in zip(mb, lb, strict=True) if x not in la]
    for x in [t for t in da + db if t.masked]:
        pat = re.compile(re.escape(x.key).replace(r"\*", "*").replace("*", r"\w*") + "$")
        other = db if x in da else da
        hit = next((y for y in other if pat.match(y.key)), None)
        if hit is not None:
            (da if x in da else db).remove(x)
            other.remove(hit)
    da, db = [t for t in da if not t.title], [t for t in db if not t.title]  # "Senator" Reid
    if not da and not db:
        return True
    if not da or not db:  # a first name more ("Vladimir" before "Putin")
        return all(t.forename for t in da or db)
    return (all(t.cap for t in da + db)
            and _skeleton([t.key for t in da]) == _skeleton([t.key for t in db]) != ""
            and difflib.SequenceMatcher(None, _single("".join(t.key for t in da)),
                                        _single("".join(t.key for t in db))).ratio() >= 0.5)


def _single(s: str) -> str:
    return re.sub(r"(.)\1+", r"\1", s)


def _opcodes(ka: Sequence[str], kb: Sequence[str], ends_a: Sequence[bool | None],
             ends_b: Sequence[bool | None]) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes, except that a version under half the other's length (a partial
    quote) is aligned with the stretch of the longer one it matches most compactly, not
    spread over the whole of it by a few common words ("I don't think it's OK" against a
    speech saying "I don't think that's O.K." once and "it's O.K." elsewhere)."""
    swap = len(ka) > len(kb)
    s, lg = (kb, ka) if swap else (ka, kb)
    if not s or 2 * len(s) > len(lg):
        return difflib.SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes()

    def cost(x: Sequence[str], y: Sequence[str]) -> tuple[int, list]:
        sm = difflib.SequenceMatcher(None, x, y, autojunk=False)
        blocks = [b for b in sm.get_matching_blocks() if b.size]
        if not blocks:
            return 2 * len(x) + len(y), sm.get_opcodes()
        span, matched = blocks[-1].b + blocks[-1].size - blocks[0].b, sum(b.size for b in blocks)
        return 2 * (len(x) - matched) + span - matched, sm.get_opcodes()  # its words count twice

    best, ops = cost(s, lg)
    window = (0, len(lg), ops)  # the short side first, as the windows are aligned
    ends, own = (ends_a, ends_b) if swap else (ends_b, ends_a)
    if not any(own[:-1]) and any(tag in ("insert", "replace") and 0 < i1 and i2 < len(s)
                                 and any(ends[j1:j2]) for tag, i1, i2, j1, j2 in ops):
        # a one-sentence version's words spread over two sentences of the longer one: look
        # for the stretch of the longer one that holds them most compactly
        for i in range(len(lg) - len(s) + 1):
            for w in range(max(1, len(s) - 1), len(s) + 3):
                if i + w > len(lg):
                    break
                c, ops = cost(s, lg[i : i + w])
                if c < best:
                    best, window = c, (i, w, ops)
    i, w, ops = window
    flip = {"insert": "delete", "delete": "insert"}
    n = len(s)
    out: list[tuple[str, int, int, int, int]] = []
    if i:
        out.append(("delete", 0, i, 0, 0) if swap else ("insert", 0, 0, 0, i))
    for tag, i1, i2, j1, j2 in ops:
        out.append((flip.get(tag, tag), j1 + i, j2 + i, i1, i2) if swap
                   else (tag, i1, i2, j1 + i, j2 + i))
    if i + w < len(lg):
        out.append(("delete", i + w, len(lg), n, n) if swap else ("insert", n, n, i + w, len(lg)))
    merged: list[tuple[str, int, int, int, int]] = []
    for c in out:  # the words before the window and the window's own first insertion
        if merged and merged[-1][0] == c[0] and c[0] in ("insert", "delete"):
            p = merged.pop()
            c = (c[0], p[1], c[2], p[3], c[4])
        merged.append(c)
    return merged


def _whole_sentences(side: Sequence[_Tok], lo: int, hi: int, other: Sequence[_Tok], at: int) -> bool:
    """Is ``side[lo:hi]``, missing from ``other`` at ``at``, one or more whole sentences
    dropped between two others (slid along repeated words: "America is" ... "America is")?"""
    keys, okeys = [t.key for t in side], [t.key for t in other]
    while lo > 0 and at > 0 and keys[lo - 1] == keys[hi - 1] == okeys[at - 1]:
        lo, hi, at = lo - 1, hi - 1, at - 1
    while True:
        if ((lo == 0 or side[lo - 1].end) and side[hi - 1].end
                and (at == 0 or at == len(other) or other[at - 1].end)):
            return True
        if hi >= len(keys) or at >= len(okeys) or not keys[lo] == keys[hi] == okeys[at]:
            return False
        lo, hi, at = lo + 1, hi + 1, at + 1


def word_diff(a: str, b: str) -> tuple[list[WordDiff], bool, bool]:
    """Word-level diff of ``b`` against ``a``: ``(ops, partial, substantive)``.

    Words compare on their keys (case, punctuation, curly quotes, contractions, hyphens,
    number words, common short forms ignored) and are shown as written. Leading or trailing
    words only one side has make the pair a *partial* quote; a difference inside the shared
    stretch is *substantive* when it changes the wording (module docstring, "Materiality").
    """
    ta, end_a = _diff_tokens(a)
    tb, end_b = _diff_tokens(b)
    ka, kb = [t.key for t in ta], [t.key for t in tb]
    codes = _opcodes(ka, kb, [t.end for t in ta], [t.end for t in tb])

    def show(toks: list[_Tok], i: int, j: int) -> str:
        return " ".join(t.show for t in toks[i:j] if t.show)

    ops = [
        WordDiff(op=tag, a=show(ta, i1, i2), b=show(tb, j1, j2))  # type: ignore[arg-type]
        for tag, i1, i2, j1, j2 in codes
    ]
    lo, hi = 0, len(codes)
    while lo < hi and codes[lo][0] in ("insert", "delete"):
        lo += 1
    while hi > lo and codes[hi - 1][0] in ("insert", "delete"):
        hi -= 1
    partial = lo > 0 or hi < len(codes)
    # stretches of change between anchors (two or more words in common: one common word
    # amid changes is chance, and a list reordered around it is one change)
    regions: list[list[tuple[str, int, int, int, int]]] = [[]]
    for c in codes[lo:hi]:
        if c[0] == "equal" and c[2] - c[1] >= 2:
            regions.append([])
        elif c[0] != "equal" or regions[-1]:
            regions[-1].append(c)
    for reg in regions:
        while reg and reg[-1][0] == "equal":
            reg.pop()
    gaps_a = {i: t.gap for i, t in enumerate(ta) if t.gap} | ({len(ta): end_a} if end_a else {})
    gaps_b = {j: t.gap for j, t in enumerate(tb) if t.gap} | ({len(tb): end_b} if end_b else {})
    one_sided: list[tuple[bool, list[str], list[_Tok], list[_Tok]]] = []
    substantive = False
    for reg in (r for r in regions if r):
        i1, i2, j1, j2 = reg[0][1], reg[-1][2], reg[0][3], reg[-1][4]
        edge = (i1 == 0 and j1 == 0) or (i2 == len(ta) and j2 == len(tb))
        at_a = max((k for g, k in gaps_a.items() if i1 <= g <= i2), default=0)
        at_b = max((k for g, k in gaps_b.items() if j1 <= g <= j2), default=0)
        tags = {c[0] for c in reg} - {"equal"}
        # an ellipsis: the other version's words left out there (or, at either end, a
        # stitched quotation's other passage; between a mixed quote's pieces, the outlet's
        # own words), not changed
        if (at_a or at_b) and (edge or 2 in (at_a, at_b) or (tags == {"insert"} and at_a)
                               or (tags == {"delete"} and at_b)):
            partial = partial or edge
            continue
        sa, sb = ta[i1:i2], tb[j1:j2]
        if edge and any(len(x) == 1 and not _material(x) for x in (sa, sb)) and not any(
                t.key in NEGATIONS or t.key.isdigit() for t in sa + sb):
            partial = True  # one side's joining word ("As the ..." / "I think the ...")
            continue
        if not sa or not sb:
            if not (_whole_sentences(ta, i1, i2, tb, j1) if sa
                    else _whole_sentences(tb, j1, j2, ta, i1)):  # a sentence left out
                one_sided.append((bool(sa), sorted(_lemma(t.key) for t in _material(sa or sb)), sa, sb))
        elif not _same_words(sa, sb):
            substantive = True
    # a stretch left out in one place and added in another is a reordering ("D-Money,
    # Smoothie and Shifty" / "Smoothie, D-Money and Shifty")
    edges = [(i2 > i1, sorted(_lemma(t.key) for t in _material(ta[i1:i2] or tb[j1:j2])), [], [])
             for _, i1, i2, j1, j2 in codes[:lo] + codes[hi:]]
    rest, pool = list(one_sided), one_sided + edges
    for x in one_sided:
        there = next((y for y in pool if y[0] != x[0] and y[1] == x[1]), None)
        if x in pool and there is not None:
            pool.remove(x)
            pool.remove(there)
            rest.remove(x)
            if there in rest:
                rest.remove(there)
    substantive = substantive or any(not _same_words(sa, sb) for _, _, sa, sb in rest)
    return ops, partial, substantive


# -- linking ----------------------------------------------------------------------------------


class _DSU:
    def __init__(self, n: int) -> None:
        self.p = list(range(n))

    def find(self, x: int) -> int:
        while self.p[x] != x:
            self.p[x] = self.p[self.p[x]]
            x = self.p[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.p[max(ra, rb)] = min(ra, rb)


def _prefer(q: Quote) -> tuple[int, int, int]:
    """Which of two overlapping attributions in one article to keep: a real speaker before
    an outlet relaying it, then the innermost (shortest) span."""
    return (1 if q.speaker_kind == "outlet" else 0, len(q.content), q.content.start)


def statements(quotes: Sequence[Quote]) -> list[Quote]:
    """The quotes that are someone's words: a topic or a position ("ordered the evacuation
    of every home", "backed the plan") is nobody's words, nor an open question ("would not
    say whether ...")."""
    return [q for q in quotes if q.text.strip() and q.content_clause is not False
            and q.cue_stance != "position" and not is_refusal(q)]


def _statement_score(a: Quote, b: Quote, entities: Sequence[Entity] = ()) -> float:
    """:func:`match_score` of two quotes as :func:`link_quotes` scores them (as written or
    by their quoted words; two named speakers need a near-verbatim match), or the coverage
    of a quote too short to link (fewer than 3 content words) found in the other."""
    s = max(match_score(a.text, b.text), match_score(_said(a), _said(b)))
    if not s:  # a short quote (too few content words to link) inside the other
        ka, kb = quote_keys(_said(a)), quote_keys(_said(b))
        if _content(ka) & _content(kb) and (cov := _coverage(ka, kb)) >= COVER_PARTIAL:
            s = cov
    if s < COVER_STRICT and _other_speakers(_speaker_name(a.speaker, a.speaker_kind),
                                            _speaker_name(b.speaker, b.speaker_kind), entities):
        return 0.0
    return s


def different_statements(a: Sequence[Quote], b: Sequence[Quote], entities: Sequence[Entity] = (),
                         whole: tuple[bool, bool] = (False, False)) -> bool:
    """Do two sentences quoting ``a`` and ``b`` report different statements? Not when a
    quote of one is a version of a quote of the other (:func:`link_quotes`' rule, whoever
    each outlet names as the speaker); else yes when both name their speakers and no speaker
    of one is a speaker of the other (Ms. Warren's tweet is not the Democrats' letter,
    however alike the demand), or when both sentences are ``whole``-ly direct quotation.
    Reported speech names its sources loosely ("Democrats", "the campaign", "officials" for
    one fact), so its speakers count only against a sentence that is a quotation."""
    if any(_statement_score(x, y, entities) > 0 for x in a for y in b):
        return False
    na = [n for q in a if (q.direct or whole[1]) and (n := _speaker_name(q.speaker, q.speaker_kind))]
    nb = [n for q in b if (q.direct or whole[0]) and (n := _speaker_name(q.speaker, q.speaker_kind))]
    if na and nb and not any(same_speaker(x, y, entities) for x in na for y in nb):
        return True
    return all(whole) and any(q.direct for q in a) and any(q.direct for q in b)


def link_quotes(
    articles: Sequence[Article],
    quotes: Sequence[Quote],
    analyses: Mapping[str, ArticleAnalysis] | None = None,
    entities: Sequence[Entity] = (),
) -> list[QuoteLink]:
    """Groups of the same quote in articles of two or more outlets, each with its versions
    and word diffs against a reference version (see the module docstring). ``entities``
    tell one speaker written two ways (:func:`same_speaker`)."""
    analyses = analyses or {}
    by_id = {a.id: a for a in articles}
    pos = {a.id: i for i, a in enumerate(articles)}
    # a topic or a position ("ordered the evacuation of every home", "backed the plan") is
    # nobody's words: only statements are compared as quotes
    qs = [q for q in statements(quotes) if q.article_id in by_id]
    okey = {a.id: outlet_name_key(a.outlet) or f"?{a.id}" for a in articles}
    # Each quote is compared as written and, for a mixed quote, by its quoted words alone
    # (a paraphrase around the marks must not block a match with another outlet's direct
    # quote, nor the marks block a match with another outlet's paraphrase).
    keys = [quote_keys(q.text) for q in qs]
    contents = [_content(k) for k in keys]
    said = [quote_keys(_said(q)) for q in qs]
    said_contents = [_content(k) for k in said]
    index: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(contents):
        for w in c:
            index[w].append(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for members in index.values():
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if okey[qs[i].article_id] != okey[qs[j].article_id]:
                    shared[(i, j)] += 1
    dsu = _DSU(len(qs))
    scores: dict[tuple[int, int], float] = {}
    named = [_speaker_name(q.speaker, q.speaker_kind) for q in qs]
    memo: dict[tuple[tuple[str, ...], tuple[str, ...]], float] = {}  # wire copy repeated verbatim
    for (i, j), n in shared.items():
        if n < MIN_SHARED:
            continue
        pair = (tuple(keys[i]), tuple(keys[j]))
        s = memo.get(pair)
        if s is None:
            s = _score(keys[i], keys[j], contents[i], contents[j])
            if said[i] != keys[i] or said[j] != keys[j]:
                s = max(s, _score(said[i], said[j], said_contents[i], said_contents[j]))
            memo[pair] = s
        if 0 < s < COVER_STRICT and _other_speakers(named[i], named[j], entities):
            s = 0.0  # two people's similar words: only a near-verbatim match is one quote
        if s > 0:
            scores[(i, j)] = s
            dsu.union(i, j)
    sents: dict[str, list[Sentence]] = {}

    def sentence(q: Quote) -> str:
        if q.article_id not in sents:
            sents[q.article_id] = sentences_of(by_id[q.article_id].text, analyses.get(q.article_id))
        hit = [x.text for x in sents[q.article_id] if x.start < q.content.end and q.content.start < x.end]
        return " ".join(hit) if hit else q.text
    groups: dict[int, list[int]] = defaultdict(list)
    for i, j in scores:
        for k in (i, j):
            root = dsu.find(k)
            if k not in groups[root]:
                groups[root].append(k)
    near: dict[int, dict[int, float]] = defaultdict(dict)
    for (i, j), s in scores.items():
        near[i][j] = near[j][i] = s

    def published(aid: str) -> datetime | None:
        return by_id[aid].published

    def ref_order(k: int) -> tuple[bool, bool, datetime, int, int]:
        q = qs[k]
        return (not q.direct, published(q.article_id) is None,
                published(q.article_id) or datetime.min, pos[q.article_id], -len(q.content))

    def relays(o: int, k: int) -> bool:
        """Version ``o`` credits the outlet of version ``k`` ("Meridian Wire reported"), an
        outlet other than its own (an outlet's "via" itself is no relay)."""
        q, outlet = qs[o], by_id[qs[k].article_id].outlet
        src = q.via or (q.speaker if q.speaker_kind == "outlet" else None)
        return (bool(src) and outlet_name_key(src) == outlet_name_key(outlet)
                and outlet_name_key(by_id[q.article_id].outlet) != outlet_name_key(outlet))

    links: list[QuoteLink] = []
    for members in groups.values():
        kept_k: list[int] = []
        for k in sorted(members, key=lambda k: _prefer(qs[k])):
            q = qs[k]
            if any(
                qs[o].article_id == q.article_id
                and qs[o].content.start < q.content.end
                and q.content.start < qs[o].content.end
                for o in kept_k
            ):
                continue
            kept_k.append(k)
        for ref, star in _stars(kept_k, near, ref_order, relays):
            kept = [qs[k] for k in star]
            if len({okey[q.article_id] for q in kept}) < 2:
                continue
            kept.sort(key=lambda q: (pos[q.article_id], q.content.start))
            link_scores = [near[ref].get(k, 0.0) for k in star if k != ref]
            links.append(_link(qs[ref], kept, link_scores, by_id, sentence))
    links.sort(key=lambda lk: (-len({okey[m.article_id] for m in lk.members}),
                               min(pos[m.article_id] for m in lk.members), lk.id))
    return links


def _stars(
    members: Sequence[int],
    near: Mapping[int, Mapping[int, float]],
    order: Callable[[int], Any],
    relays: Callable[[int, int], bool] = lambda o, k: False,
) -> list[tuple[int, list[int]]]:
    """Split one chain of linked versions into links whose every version matches the
    reference itself: the version matching the others best (summed scores; then ``order``)
    is a hub, its direct matches its versions (the link's reference: the first by ``order``
    of the versions matching all the others, a relay of a version counting as its match:
    ``relays(o, k)``, "Meridian Wire reported that ..." is a version of Meridian's quote
    however it rewords it); the rest are split again. Union-find
    alone chains two different statements through a third outlet's quote holding both
    ("A. B." links "A" and "B": "B" is no rewording of "A")."""
    left = set(members)
    out: list[tuple[int, list[int]]] = []
    pool = frozenset(members)
    while True:
        strength = {k: sum(s for o, s in near[k].items() if o in left) for k in left}
        hubs = [k for k in left if strength[k] > 0]
        if not hubs:
            break
        hub = min(hubs, key=lambda k: (-strength[k], order(k), k))
        star = [hub, *sorted(o for o in near[hub] if o in left)]
        # the reference: the preferred version among those matching every other one
        ref = min((k for k in star if all(o == k or o in near[k] or relays(o, k) for o in star)),
                  key=lambda k: (order(k), k))
        out.append((ref, star))
        left -= set(star)
    # a version whose matches all went to other links joins its best match once more
    # (a composite quote "A. B." can be the reference of "A" in one link and of "B" in another)
    again: dict[int, list[int]] = defaultdict(list)
    for k in sorted(left):
        partners = [o for o in near[k] if o in pool]
        if partners:
            again[min(partners, key=lambda o: (-near[k][o], order(o), o))].append(k)
    out.extend((hub, [hub, *ks]) for hub, ks in again.items())
    return out


def _link(
    ref: Quote,
    kept: Sequence[Quote],
    link_scores: Sequence[float],
    by_id: Mapping[str, Article],
    sentence: Callable[[Quote], str],
) -> QuoteLink:
    """One link: its versions and their word diffs against ``ref``."""
    ids = {q.id for q in kept}
    versions = [
        QuoteVersion(
            quote_id=q.id,
            article_id=q.article_id,
            outlet=by_id[q.article_id].outlet,
            text=q.text,
            direct=q.direct,
            speaker=q.speaker or q.source_text,
            speaker_kind=q.speaker_kind,
            cue=q.cue,
            via=q.via,
            sentence=sentence(q),
        )
        for q in kept
    ]
    diffs = []
    for q in kept:
        if q.id == ref.id:
            continue
        ops, partial, substantive = word_diff(*(quoted_pieces(x.text) if x.direct else x.text
                                                for x in (ref, q)))
        diffs.append(
            QuoteDiff(
                quote_id=q.id,
                article_id=q.article_id,
                against=ref.id,
                ops=ops,
                partial=partial,
                substantive=substantive,
            )
        )
    return QuoteLink(
        id=stable_id("quote-link", *sorted(ids)),
        members=versions,
        reference=ref.id,
        diffs=diffs,
        score=round(min(link_scores, default=0.0), 3),
    )


# -- conflicts --------------------------------------------------------------------------------

_GENERIC = frozenset({
    "the", "office", "ministry", "minister", "prime", "president", "spokesman", "spokeswoman",
    "spokesperson", "official", "officials", "department", "government", "chief", "deputy",
    "secretary", "general", "mr", "ms", "mrs", "dr", "said", "of", "and", "for",
})  # fmt: skip


def _name_words(name: str) -> set[str]:
    ws = {w for w in re.findall(r"[^\W\d_]+", name.lower().replace("’", "'")) if len(w) > 2}
    return {w for w in ws if w not in _GENERIC}


def _entity_of(name: str, entities: Sequence[Entity]) -> str | None:
    key = " ".join(name.casefold().split())
    for e in entities:
        if key in {" ".join(n.casefold().split()) for n in [e.name, *e.aliases]}:
            return e.id
    return None


def same_speaker(a: str, b: str, entities: Sequence[Entity] = ()) -> bool:
    """One speaker written two ways? Same resolved entity, or a shared name word
    ("Netanyahu's Office" and "Benjamin Netanyahu" both name Netanyahu)."""
    if " ".join(a.casefold().split()) == " ".join(b.casefold().split()):
        return True
    ea, eb = _entity_of(a, entities), _entity_of(b, entities)
    if ea is not None and ea == eb:
        return True
    return bool(_name_words(a) & _name_words(b))


def _speaker_name(speaker: str | None, kind: str) -> str | None:
    """The speaker as a name that can differ from another: a named person or organisation
    whose name is more than a title ("the president", "Secretary" name nobody)."""
    if not speaker or kind not in ("named", "organization") or not _name_words(speaker):
        return None
    return speaker


def _other_speakers(a: str | None, b: str | None, entities: Sequence[Entity] = ()) -> bool:
    """Two versions that name two different speakers."""
    return a is not None and b is not None and not same_speaker(a, b, entities)


def _fullest(members: Sequence[QuoteVersion]) -> str:
    """The longest way the versions write their (one) speaker: "Donald Trump" over "Trump"."""
    return max((m.speaker or "" for m in members), key=len)


def _fact_evidence(link: QuoteLink, members: Sequence[QuoteVersion]) -> list[Evidence]:
    return [Evidence(article_id=m.article_id, sentence=m.sentence or m.text, outlet=m.outlet)
            for m in members]


def quote_conflicts(
    links: Sequence[QuoteLink],
    entities: Sequence[Entity] = (),
    labels: Mapping[str, str] | None = None,
) -> list[Fact]:
    """Conflict facts from linked quotes: ``"quote attribution"`` and ``"quote wording"``.
    ``labels`` maps article id to the outlet as shown (``models.outlet_label``)."""

    def shown_as(m: QuoteVersion) -> str:
        return (labels or {}).get(m.article_id) or m.outlet or m.article_id

    facts: list[Fact] = []
    for link in links:
        by_id = {m.quote_id: m for m in link.members}
        ref = by_id[link.reference]
        # attribution: named people or organisations that are not the same speaker, each
        # quoted in their own words (a paraphrase is too loose to pin on one speaker)
        named = [m for m in link.members
                 if verbatim(m.direct, m.text) and _speaker_name(m.speaker, m.speaker_kind)]
        distinct: list[QuoteVersion] = []
        for m in named:
            if not any(same_speaker(m.speaker or "", d.speaker or "", entities) for d in distinct):
                distinct.append(m)
        if len(distinct) >= 2:
            shown = [m for m in named]
            outlets = {outlet_name_key(m.outlet) or m.article_id for m in shown}
            if len(outlets) >= 2:
                # one entry per speaker, with the outlets that name them: "Trump" and "Donald
                # Trump" are one side of the conflict, not two
                sides: dict[str, list[QuoteVersion]] = {}
                for m in shown:
                    d = next(d for d in distinct if same_speaker(m.speaker or "", d.speaker or "", entities))
                    sides.setdefault(d.quote_id, []).append(m)
                summary = "The same quote is attributed to different speakers: " + "; ".join(
                    f"{_fullest(ms)} ({', '.join(dict.fromkeys(shown_as(m) for m in ms))})"
                    for ms in sides.values()
                ) + f" (“{shorten(ref.text, 12)}”)"
                facts.append(Fact(
                    id=stable_id("conflict", "quote attribution", link.id),
                    kind="conflict",
                    summary=summary,
                    articles=list(dict.fromkeys(m.article_id for m in shown)),
                    evidence=_fact_evidence(link, shown),
                    topic="quote attribution",
                    values=[ConflictValue(article_id=m.article_id, value=m.speaker or "",
                                          sentence=m.sentence or m.text, outlet=m.outlet)
                            for m in shown],
                ))
        # wording: direct versions that differ in substance from the direct reference
        if not verbatim(ref.direct, ref.text):
            continue
        changed = [d for d in link.diffs
                   if d.substantive and verbatim(by_id[d.quote_id].direct, by_id[d.quote_id].text)]
        if not changed:
            continue
        shown = [ref, *(by_id[d.quote_id] for d in changed)]
        who = next((m.speaker for m in shown if m.speaker and m.speaker_kind != "outlet"), None)
        summary = (f"Outlets quote {who} in different words" if who
                   else "Outlets give one quote in different words")
        facts.append(Fact(
            id=stable_id("conflict", "quote wording", link.id),
            kind="conflict",
            summary=summary + ": " + "; ".join(
                f"{shown_as(m)}: “{shorten(m.text, 14)}”" for m in shown),
            articles=list(dict.fromkeys(m.article_id for m in shown)),
            evidence=_fact_evidence(link, shown),
            topic="quote wording",
            values=[ConflictValue(article_id=m.article_id, value=shorten(m.text, MAX_VALUE_WORDS),
                                  sentence=m.sentence or m.text, outlet=m.outlet)
                    for m in shown],
        ))
    return facts
