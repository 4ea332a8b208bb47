"""Quotation marks, paragraphs and sentence boundaries.

``find_quote_pairs`` scans raw text for quotation marks (" “” ‘’ « » „“), telling the
apostrophe in "Israel’s" from a closing ’. The ``newsprism_sentences`` component runs
before the parser and presets boundaries the parser then respects: a new sentence at each
paragraph (blank line, or a line break after a finished line), none inside a quotation, and
none between a quotation ending in "," (or "?"/"!") and its short "he said" tail.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ..models import Sentence
from .cues import SPEECH_FORMS

__all__ = ["QuotePair", "find_quote_pairs", "paragraph_starts", "set_sentence_starts", "doc_sentences",
           "title_case_line"]

_PAIRS = {"“": "”", "«": "»", "„": "“", "‘": "’", '"': '"', "‹": "›"}
_DOUBLE_OPEN = frozenset("“«„\"")
_OPENERS_BEFORE = frozenset(" \t\n([{—–-/:;,“‘«\u00a0")


class QuotePair(NamedTuple):
    """A quotation: ``open``/``close`` are the mark positions (``close`` is the line end
    for a quotation left open, as in the multi-paragraph convention)."""

    open: int
    close: int
    closed: bool


def find_quote_pairs(text: str) -> list[QuotePair]:
    """Outermost quotation-mark pairs, never crossing a line break."""
    pairs: list[QuotePair] = []
    pos = 0
    for line in text.split("\n"):
        # two apostrophes as a double mark (''like this'', as some wires write): scan the
        # second one as a straight mark, so a pair runs from an opener's second apostrophe
        # to a closer's second apostrophe
        pairs.extend(_scan_line(line.replace("''", "\x01\"") if "''" in line else line, pos))
        pos += len(line) + 1
    return pairs


def _scan_line(line: str, base: int) -> list[QuotePair]:
    out: list[QuotePair] = []
    open_at = -1
    want = ""
    inner = False
    n = len(line)
    for i, ch in enumerate(line):
        prev = line[i - 1] if i else " "
        nxt = line[i + 1] if i + 1 < n else " "
        if open_at < 0:
            if ch in _PAIRS:
                if ch == "‘" and not (prev in _OPENERS_BEFORE and not nxt.isspace()):
                    continue
                if ch == '"' and (nxt.isspace() or (prev.isalnum() and i) or prev == "="):
                    continue  # not a closer, nor a markup attribute value (author="X")
                if ch == "“" and nxt.isspace() and i + 1 < n:
                    continue
                open_at, want, inner = i, _PAIRS[ch], False
            continue
        if want == "”" and ch == '"':
            # a straight mark inside a curly quotation: a nested quote ("no") or a mixed
            # close (“Deals are no requirement," X said)
            if inner or prev.isspace() or prev in "([{—–/“‘«":
                inner = not inner
                continue
            if nxt.isalnum():
                continue
        if ch == want or (want == '"' and ch == "”") or (want == "”" and ch == '"'):
            # mixed marks close too: "Oz has a pulpit,” said X
            if want == "’" and nxt.isalpha():
                continue  # apostrophe: don’t, Israel’s
            if want == '"' and prev.isspace() and not nxt.isspace() and i + 1 < n:
                # looks like an opener: the previous quote was never closed
                open_at = i
                continue
            out.append(QuotePair(base + open_at, base + i, True))
            open_at = -1
        elif ch in "“«" and want in "”»" and prev in _OPENERS_BEFORE and i > open_at + 1:
            # an opener before the closer: the first one ran to here unclosed
            open_at = i
    if open_at >= 0 and want != "’" and n - open_at > 1:
        out.append(QuotePair(base + open_at, base + n, False))
    return out


_DOTTED = re.compile(r"^(?:[A-Za-z]\.){2,}$")  # a.m., p.m., U.S., D.C.
_TERMINAL = frozenset('.!?:;"”’)]»…')
TITLE_SMALL = _TITLE_SMALL = frozenset("a an and as at but by for from in into nor of on or per the to up via vs with".split())
_WORD = re.compile(r"[^\W\d_][\w’'\-]*")


def title_case_line(text: str, at: int) -> bool:
    """Is the line holding char ``at`` a headline or sub-heading in Title Case ("Biden
    Biography Reveals Outbursts Against Bibi", "Support or Restraint?")? Every word but the
    small ones capitalised, at least four of them, and no full stop at the end."""
    lo = text.rfind("\n", 0, at) + 1
    hi = text.find("\n", at)
    line = text[lo : hi if hi >= 0 else len(text)].strip()
    if not line or line[-1] in ".;,":
        return False
    words = [w for w in _WORD.findall(line) if w.lower() not in _TITLE_SMALL]
    return len(words) >= 4 and all(w[0].isupper() for w in words)



def paragraph_starts(text: str) -> list[int]:
    """Char offsets where a new paragraph (or heading/list line) begins."""
    starts = []
    for m in re.finditer(r"\n(\s*)", text):
        nxt = m.end()
        if nxt >= len(text):
            break
        blank = "\n" in m.group(1)
        k = m.start() - 1  # last non-space character before the break (linear, not a prefix copy)
        while k >= 0 and text[k].isspace():
            k -= 1
        ends_line = k >= 0 and text[k] in _TERMINAL
        if blank or ends_line or not text[nxt].islower():
            starts.append(nxt)
    return starts


def _tail_has_cue(doc: Doc, i: int, limit: int = 10) -> bool:
    for tok in doc[i : i + limit]:
        if tok.text in {".", "“", '"', "«"}:
            return False
        if tok.lower_ in SPEECH_FORMS:
            return True
    return False


def set_sentence_starts(doc: Doc) -> Doc:
    """Preset sentence starts (run before the parser).

    Decisions are collected and written once with ``Doc.from_array``: setting the
    sentence-start flag one token at a time re-checks the whole doc each time (O(n^2))."""
    text = doc.text
    if len(doc) < 2:
        return doc
    marks: dict[int, int] = {}  # token index -> 1 (starts a sentence) or -1 (does not)
    by_char = {t.idx: t.i for t in doc}
    para = set(paragraph_starts(text))
    for start in sorted(para):
        i = by_char.get(start)
        if i is not None and i > 0:
            marks[i] = 1
    for tok in doc[1:]:
        if tok.idx in para or tok.is_space:
            continue
        prev = doc[tok.i - 1]
        if prev.is_space:
            continue
        if tok.is_lower and tok.is_alpha and prev.text[-1:] not in _TERMINAL:
            marks[tok.i] = -1  # "US officials": no break before a lower-case word
        elif prev.text[-1:].isalnum() and (tok.is_alpha or tok.is_digit) and "\n" not in prev.whitespace_:
            # "cited remarks Trump had made", "the 13th Amendment": within a line a sentence
            # starts only after terminal punctuation (the parser alone cut these)
            marks[tok.i] = -1
        elif prev.text[:-1].isdigit() and prev.text.endswith(".") and (prev.idx in para or prev.idx == 0):
            marks[tok.i] = -1  # "1. Air Bases": a list marker
        elif (
            _DOTTED.match(prev.text) and tok.is_title and tok.is_stop and tok.text != "I"
            and not title_case_line(text, tok.idx)
        ):
            # "at around 1 a.m. About 2,400 residents", "in the U.S. It said": the abbreviation's
            # full stop also ends the sentence when a capitalised function word follows
            # (a name after it, "U.S. Army", stays in the sentence, as does a headline's
            # "Green Light From The U.S. And Iran")
            marks[tok.i] = 1
    for pair in find_quote_pairs(text):
        inner = doc.char_span(pair.open + 1, pair.close, alignment_mode="expand")
        first = doc.char_span(pair.open, pair.open + 1, alignment_mode="expand")
        if inner is None or first is None:
            continue
        for tok in doc[max(first.start + 1, 1) : inner.end]:
            if tok.idx > pair.open and tok.idx < pair.close and not tok.is_space:
                marks[tok.i] = -1
        if first.start > 0 and doc[first.start - 1].text in (".", "?", "!") and doc[first.start - 1].whitespace_:
            # 'was impressed. ''He's got it,'' he said': a quotation opening after a finished
            # sentence starts one (the parser often ran the two together, the quotation's
            # cue then taking the sentence before as its clause)
            marks[first.start] = 1
        if not pair.closed:
            continue
        after = first.doc.char_span(pair.close, pair.close + 1, alignment_mode="expand")
        if after is None or after.end >= len(doc):
            continue
        j = after.end
        if doc[j].is_space or "\n" in text[pair.close : doc[j].idx]:
            continue
        last = text[pair.open + 1 : pair.close].rstrip()[-1:]
        if last == "," or (last in "?!" and _tail_has_cue(doc, j)) or doc[j].is_lower:
            marks[j] = -1
    if marks:
        arr = doc.to_array([SENT_START]).astype("int64")
        for i, v in marks.items():
            arr[i] = v
        arr[0] = 1
        doc.from_array([SENT_START], arr.astype("uint64"))  # -1 wraps, as spaCy stores it
    return doc


@Language.component("newsprism_sentences")
def newsprism_sentences(doc: Doc) -> Doc:
    return set_sentence_starts(doc)


def doc_sentences(doc: Doc) -> list[tuple[int, int, int, int]]:
    """Sentences as (token start, token end, char start, char end), whitespace trimmed."""
    out = []
    for sent in doc.sents:
        toks = [t for t in sent if not t.is_space]
        if not toks:
            continue
        out.append((toks[0].i, toks[-1].i + 1, toks[0].idx, toks[-1].idx + len(toks[-1].text)))
    return out


def to_sentences(doc: Doc) -> list[Sentence]:
    text = doc.text
    return [Sentence(index=k, start=s, end=e, text=text[s:e])
            for k, (_, _, s, e) in enumerate(doc_sentences(doc))]
