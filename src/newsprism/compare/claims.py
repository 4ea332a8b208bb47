"""Claim units with their attribution, and the attribution of fact evidence.

The nlp layer gives each analysis its clause spans (:mod:`newsprism.nlp.claims`); an
analysis without them (stored before claims existed, or none at all) falls back to one claim
per sentence, cut at semicolons. Each claim is attributed to

* a **quote** when a :class:`~newsprism.models.Quote` with a source that can carry a
  statement (:func:`carries_voice`: not a belief or an intention, "officials are concerned",
  nor a position, "Biden is opposing the plans", which say whose view or act it is, not who
  reports it; not a source the extractor could not class unless it is a document, "reports
  suggest", so "Netanyahu's decision underscores ..." stays the outlet's own voice) covers
  with its content, source and cue at least half of the claim's characters (label "Gallant said", or "according to X"; a quote
  relayed through an outlet adds "(via Axios)");
* else a **citation** whose span lies inside the claim (label "according to Axios" or
  "Axios reported");
* else the **outlet's own voice**.

A quote whose source is itself a cited outlet ("Axios reported that ...") is a citation.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from typing import TypeVar

from ..ids import stable_id
from ..models import Article, ArticleAnalysis, Citation, Claim, Evidence, Fact, Quote, TimelineEvent
from ..nlp.cues import BOOK_NOUNS, DOC_NOUNS, POSSESSIVE_RE, REPORT_NOUNS
from .text import is_heading, outlet_name_key, sentences_of

__all__ = ["build_claims", "attribute_evidence", "carries_voice", "is_refusal", "OWN_VOICE", "COVER_SHARE"]

OWN_VOICE = "outlet's own voice"
_WithEvidence = TypeVar("_WithEvidence", Fact, TimelineEvent)
COVER_SHARE = 0.5


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def _union_length(parts: Sequence[tuple[int, int]]) -> int:
    total, reach = 0, None
    for a, b in sorted(parts):
        if reach is None or a >= reach:
            total += b - a
            reach = b
        elif b > reach:
            total += b - reach
            reach = b
    return total


def _fallback_spans(text: str, an: ArticleAnalysis | None) -> list[tuple[int, int]]:
    out = []
    for s in sentences_of(text, an):
        if is_heading(s.text) or s.text.rstrip().endswith("?"):
            continue
        pos = s.start
        for part in re.split(r"(;)", text[s.start : s.end]):
            if part != ";":
                lead = len(part) - len(part.lstrip())
                body = part.strip()
                if len(body.split()) >= 3:
                    out.append((pos + lead, pos + lead + len(body)))
            pos += len(part)
    return out


_DOC_WORDS = DOC_NOUNS | BOOK_NOUNS | REPORT_NOUNS | {"reporting"}


_NEGATION = re.compile(r"\b(?:not|never|yet)\b|n[’']t\b")
_REFUSING = re.compile(r"\b(?:declin|refus)")
_NOBODY = re.compile(r"^(?:neither|no one|nobody|none)\b")
# verbs of telling: a negated one ("did not say when") leaves a question open; a negated
# "understand" or "agree" is a belief or a position, not a refusal
_SAYING = re.compile(
    r"\b(?:say|said|says|saying|comment|confirm|answer|disclose|reveal|specify|elaborate|tell|"
    r"told|mention|cite|list|explain|respond|identif|name|indicate|address|state|detail|discuss)"
)
# an open yes/no question for content ("asked whether", "are examining whether"); "whether
# or not" opens a statement ("said whether or not the bill passes, he would ...")
_QUESTION = re.compile(r"^whether\b(?! or not\b)")
# "to say" split off "declined to say whether": not "to discuss how to proceed"
_INFINITIVE = re.compile(r"^to (?:say|comment|confirm|answer|disclose|reveal|specify|elaborate|tell)\b")
_OPEN = re.compile(
    r"^(?:(?:exactly |precisely )?(?:whether|if|when|where|why|how|what|who|which)|to (?:say|comment|"
    r"discuss|confirm|deny|elaborate|speculate|answer|respond|disclose|reveal|specify|identify|name|"
    r"tell|be drawn))\b"
)


def _content_opening(q: Quote) -> str:
    """An attribution's content as it opens, lower-case, without its quotation mark."""
    return q.text.strip().lstrip("\"“‘'").lower()


def is_refusal(q: Quote) -> bool:
    """An attribution of what a source would not say, not of a statement: with an open
    question or a saying verb for content, a refusing cue ("declined to comment"), a negated
    cue of telling ("would not say whether it did", "did not say when the pump failed"), a
    cue of telling whose source is nobody ("neither the company nor the ministry would
    say"), or the infinitive half the extractor splits off "declined to say whether ..."
    ("to say" with "whether ..."). PolNeAR counts these as attributions, so the extractor
    keeps them; the dossier shows them apart and no claim takes its voice from one (the
    outlet is the one reporting the refusal)."""
    if q.direct and not q.mixed:
        return False
    cue = (q.cue or "").strip().lower()
    content = _content_opening(q)
    if not cue or not _OPEN.match(content):
        return False
    if _REFUSING.search(cue):
        return True
    if not _SAYING.search(cue):
        return False
    src = (q.source_text or q.speaker or "").strip().lower()
    return bool(_NEGATION.search(cue) or _NOBODY.match(src) or _INFINITIVE.match(cue))


def carries_voice(q: Quote) -> bool:
    """Whether an attribution makes its content someone else's statement: it names a source,
    its cue is not a belief or a position (stance or act), its content states something (a
    quotation or a clause, not a topic: ``Quote.content_clause``; not a yes/no question:
    "examining whether X" states no X), and a source the extractor could
    not class (``unknown``: "the decision", "this latest episode", "it") is a document or a
    publication ("reports suggest", "the memo says")."""
    if not (q.speaker or q.source_text) or q.cue_stance in ("belief", "position"):
        return False
    if is_refusal(q):  # "would not say whether ...": the outlet reports a refusal
        return False
    if q.content_clause is False:  # "discussed next steps", "citing two sources": a topic
        return False
    if _QUESTION.match(_content_opening(q)):
        return False  # "investigators are examining whether X": a question, nobody states X
    if q.speaker_kind != "unknown":
        return True
    words = re.findall(r"[a-z]+", (q.source_text or q.speaker or "").lower())
    return any(w in _DOC_WORDS or w.rstrip("s") in _DOC_WORDS for w in words)


def _quote_label(q: Quote) -> str:
    who = q.speaker or q.source_text or "an unnamed source"
    cue = (q.cue or "said").strip()
    low = cue.lower()
    lead = low.startswith("according") or low.endswith(" by") or low in {"citing", "per"}
    poss = POSSESSIVE_RE.search(q.source_text or "")
    if lead:
        label = f"{cue} {who}"
    elif poss and not POSSESSIVE_RE.search(who):  # "Netanyahu's insistence": a noun cue
        mark = poss.group()  # as written: "'s", "’s", or a bare apostrophe ("officials'")
        label = f"{who}{mark if len(mark) == 2 or who.endswith('s') else mark + 's'} {cue}"
    else:
        label = f"{who} {cue}"
    if q.via and cue.split()[-1].lower() in ("told", "tells", "tell", "telling"):
        return f"{label} {q.via}"  # "Lars Endresen told Meridian Wire": the outlet is the one told
    return f"{label} (via {q.via})" if q.via else label


def _citation_label(c: Citation) -> str:
    cue = c.cue.strip()
    low = cue.lower()
    if low.startswith(("as per ", "per ")):  # "as per the report": the report is the cited outlet
        return f"per {c.cited}"
    if low.startswith("according") or low in {"citing", "via", "per"} or low.endswith(" by"):
        return f"{cue} {c.cited}"
    return f"{c.cited} {cue}" if cue else f"according to {c.cited}"


def _tag_tail(
    q: Quote, start: int, end: int, voiced: Sequence[Quote], text: str
) -> tuple[int, int] | None:
    """The claim's text after an inverted speech tag closed by a comma ("X, he said, although
    Y": the span of ", although Y"), when the tag lies inside the claim after the quote's
    content and no other voiced quote speaks there. The claim splitter keeps such a tail in
    the speech verb's clause (it hangs off "said", not a clause with a subject of its own
    coordinated to it), so it is part of the reported turn, not the outlet's narration. A
    cue followed by words of its own ("X, the minister ordered everyone out") is not a tag."""
    cue = q.cue_span
    if cue is None or not (start <= cue.start and cue.end <= end) or q.content.end > cue.start:
        return None
    if q.content.start < start or not text[cue.end : end].startswith(","):
        return None
    if any(o is not q and _overlap(cue.end, end, o.content.start, o.content.end) for o in voiced):
        return None
    return (cue.end, end) if end > cue.end else None


_RELATIVE = {"who", "which", "that", "whom"}
_ASKED = re.compile(r"(?:when |after being |after )?(?:asked|pressed|questioned)\b")


def _setting(
    q: Quote, start: int, end: int, others: Sequence[Quote], cites: Sequence[Citation], text: str
) -> tuple[int, int] | None:
    """The words of the claim that only set a verb of saying's scene: a lead-in closed by a
    comma before the source ("Asked later whether ..., Carney said, "..."", "During a news
    conference in the capital, she said ...") or, after a quotation, what follows the cue
    ("..., Fox told a reporter in an interview airing Thursday."). They belong to the
    reported turn, not to the outlet's narration, when no other attribution (``others``:
    every quote of the article, ``cites``) lies there; not for a relative clause's source
    (", even from Trump, who said": the lead-in is the outlet's main clause) nor a negated
    cue."""
    cue = q.cue_span
    low = (q.cue or "").lower()
    if cue is None or not _SAYING.search(low) or _NEGATION.search(low):
        return None
    if (q.source_text or "").strip().lower() in _RELATIVE:
        return None
    opener = min(x.start for x in (q.source, cue) if x is not None)
    if q.content.start > opener and start < opener and text[start:opener].rstrip().endswith(","):
        span = (start, opener)
    elif q.direct and q.content.end <= cue.start and cue.end < end and not text[cue.end:end].startswith(","):
        span = (cue.end, end)
    else:
        return None
    for o in others:
        if o is q or _ASKED.match((o.cue or "").strip().lower()):
            continue  # "Asked about the vote, Pelosi said": the question sets the scene
        parts = [o.content] + [x for x in (o.source, o.cue_span) if x is not None]
        if any(_overlap(*span, x.start, x.end) for x in parts):
            return None  # "According to the indictment, ..., Stone told": the document's claim
    if any(_overlap(*span, c.span.start, c.span.end) for c in cites):
        return None
    return span


def _attribute(
    start: int,
    end: int,
    voiced: Sequence[Quote],
    cites: Sequence[Citation],
    own: str,
    text: str,
    quotes: Sequence[Quote] = (),
) -> tuple[str, str | None, str | None, str]:
    """``voiced``: the article's quotes that carry a voice (:func:`carries_voice`), of all
    its ``quotes``."""
    n = max(1, end - start)
    # one speaker's quotes inside the claim count together ("He warned that X, and said Y":
    # two quotes, neither half of the sentence); the label is that speaker's largest one
    spans: dict[tuple[str | None, str | None], list[tuple[int, int]]] = {}
    largest: dict[tuple[str | None, str | None], tuple[int, Quote]] = {}
    for q in voiced:
        cov = _overlap(start, end, q.content.start, q.content.end)
        if cov == 0:
            continue
        key = (q.speaker or q.source_text, q.via)
        parts = [(q.content.start, q.content.end)]
        parts += [(x.start, x.end) for x in (q.source, q.cue_span) if x is not None]
        for extra in (
            _tag_tail(q, start, end, voiced, text),
            _setting(q, start, end, quotes or voiced, cites, text),
        ):
            if extra is not None:
                parts.append(extra)
        spans.setdefault(key, []).extend((max(a, start), min(b, end)) for a, b in parts if min(b, end) > max(a, start))
        if key not in largest or cov > largest[key][0]:
            largest[key] = (cov, q)
    best: tuple[float, Quote] | None = None
    for key, parts in spans.items():
        share = _union_length(parts) / n
        if share >= COVER_SHARE and (best is None or share > best[0]):
            best = (share, largest[key][1])
    inside = [c for c in cites if start <= c.span.start < end and outlet_name_key(c.cited) != own]
    if best is not None:
        q = best[1]
        src = q.speaker or q.source_text
        if q.speaker_kind == "outlet" or (
            src and any(outlet_name_key(c.cited) == outlet_name_key(src) for c in inside)
        ):
            return "citation", src, q.cue, _quote_label(q)
        return "quote", src, q.cue, _quote_label(q)
    if inside:
        c = inside[0]
        return "citation", c.cited, c.cue, _citation_label(c)
    return "outlet", None, None, OWN_VOICE


def build_claims(
    articles: Sequence[Article], analyses: Mapping[str, ArticleAnalysis]
) -> list[Claim]:
    """Every claim unit of the story's articles, in article then text order."""
    out: list[Claim] = []
    for a in articles:
        an = analyses.get(a.id)
        sents = sentences_of(a.text, an)
        spans = (
            [(c.start, c.end) for c in an.clauses]
            if an is not None and an.clauses
            else _fallback_spans(a.text, an)
        )
        # a belief, a stance, a refusal: not the voice that reports a claim (once per article)
        voiced = [q for q in an.quotes if carries_voice(q)] if an is not None else []
        cites = an.citations if an is not None else []
        own = outlet_name_key(a.outlet)
        k = 0
        for start, end in spans:
            while k + 1 < len(sents) and sents[k].end <= start:
                k += 1
            idx = sents[k].index if sents else 0
            kind, source, cue, label = _attribute(
                start, end, voiced, cites, own, a.text, an.quotes if an is not None else ()
            )
            out.append(
                Claim(
                    id="c" + stable_id(a.id, str(start), str(end), length=15),
                    article_id=a.id,
                    sentence_index=idx,
                    start=start,
                    end=end,
                    text=" ".join(a.text[start:end].split()),
                    attribution=kind,
                    source=source,
                    cue=cue,
                    label=label,
                )
            )
    return out


class _Labeler:
    """Claim labels by article, sorted, for many evidence look-ups (built once)."""

    def __init__(self, claims: Sequence[Claim]) -> None:
        self.by_article: dict[str, list[Claim]] = {}
        for c in claims:
            self.by_article.setdefault(c.article_id, []).append(c)
        for cs in self.by_article.values():
            cs.sort(key=lambda c: c.start)
        self.starts = {k: [c.start for c in cs] for k, cs in self.by_article.items()}
        self.memo: dict[tuple[str, int, int], str | None] = {}

    def label(self, e: Evidence) -> str | None:
        if e.start is None or e.end is None:
            return None
        key = (e.article_id, e.start, e.end)
        if key not in self.memo:
            cs = self.by_article.get(e.article_id, [])
            # claims are disjoint and sorted: those starting before the evidence ends
            k = bisect.bisect_left(self.starts.get(e.article_id, []), e.end)
            labels = []
            for c in reversed(cs[:k]):
                if c.end <= e.start:
                    break
                labels.append(c.label)
            self.memo[key] = "; ".join(dict.fromkeys(reversed(labels))) or None
        return self.memo[key]

    def apply(self, evidence: Sequence[Evidence]) -> list[Evidence]:
        return [e.model_copy(update={"attribution": self.label(e)}) for e in evidence]


def attribute_evidence(items: Sequence[_WithEvidence], claims: Sequence[Claim]) -> list[_WithEvidence]:
    """``items`` (facts, timeline events: anything with ``evidence``) with the attribution of
    every evidence sentence: the labels of the claims inside it, joined by "; " (``None`` when
    no claim falls inside, e.g. a heading); the claims are indexed once."""
    lab = _Labeler(claims)
    return [x.model_copy(update={"evidence": lab.apply(x.evidence)}) for x in items]
