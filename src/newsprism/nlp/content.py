"""Whether an attribution's content states something or only names what it is about.

"Gallant warned that Iran will face repercussions" reports a statement; "Gallant discussed
next steps", "an official, referencing Iran's nuclear sites", "Axios, citing two sources"
name a topic, a thing or a source: PolNeAR marks such spans as content too, and the
extractor finds them, but a dossier should not list them as statements. The content states
something when it is a quotation, or when a head of the span (a token whose syntactic head
lies outside it) is a verb or an auxiliary: a clause ("Iran will face ...", "if Jerusalem
was ready ...", "to hit US positions"). A noun phrase, even one carrying a relative clause
("the public rift ..., which has caused concern"), does not; nor does a phrase opened by a
participle used as a preposition ("statements following the missile barrage", "remarks
regarding the budget"), which the tagger reads as a verb.
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..models import Quote

__all__ = ["content_is_clause"]

# participles that work as prepositions: "following X" says when, "regarding X" what about
PREPOSITIONAL_PARTICIPLES = frozenset({"following", "regarding", "concerning", "including", "excluding", "pending"})


def content_is_clause(doc: Doc, q: Quote) -> bool:
    if q.direct:
        return True
    span = doc.char_span(q.content.start, q.content.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return True  # nothing to read: do not demote it
    heads = [t for t in span if not (span.start <= t.head.i < span.end) or t.head.i == t.i]
    if span[0].lower_ in PREPOSITIONAL_PARTICIPLES and span[0] in heads:
        return False
    return any(t.pos_ in ("VERB", "AUX") for t in heads)
