"""Citations: outlets, agencies, broadcasters, books and documents named as a source.

Outlets come from the gazetteer (``OUTLET`` entities) and from NER ``ORG`` names that look
like news organisations ("Daily Foo Times") when a reporting cue governs them. The cue is
read off the dependency parse: the outlet is the subject of a verb ("Axios reported",
"NBC is reporting"), the object of "according to", "as quoted/reported by", "told",
"speaking to", or the owner of a journalist ("according to Axios's Barak Ravid").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from ..models import Citation, Quote
from . import speakers as _sp
from .cues import BOOK_NOUNS, CUE_STANCE, DOC_NOUNS, PHRASAL_CUES, ROLE_NOUNS
from .outlets import NEWSY_WORDS, canonical_outlet, outlet_kind

__all__ = ["OutletRef", "outlet_refs", "extract_citations", "own_reporter"]

_VIA_PREPS = {"to": {"according", "speak", "talk", "tell", "say", "give", "speaking", "talking"},
              "by": {"quote", "report", "cite", "publish", "air", "obtain", "see", "review",
                     "confirm", "reveal", "write", "quoted", "reported"},
              "with": {"interview", "speak", "talk"},
              "in": {"report", "interview", "publish", "write", "say", "tell", "quote"},
              "from": {"report", "reporting", "quote"},
              "per": set()}
_NEAR_CUES = frozenset({"reported", "reporting", "reports", "according", "quoted", "cited",
                        "citing", "told", "report", "said", "says", "confirms", "confirmed",
                        "noted", "wrote", "writes", "revealed"})
_BOOKS = BOOK_NOUNS
_MEDIA = frozenset({"media", "press", "television", "outlets", "reports", "tv"})


class OutletRef(NamedTuple):
    start: int  # token range of the cited name
    end: int
    name: str
    kind: str
    cue: str
    cue_start: int  # char span of the cue
    cue_end: int
    relays: str | None


def outlet_refs(doc: Doc) -> list[OutletRef]:
    """Outlets cited in ``doc`` (cached per doc), in text order."""
    cached = doc.user_data.get("newsprism_outlet_refs")
    if cached is not None:
        return cached
    refs = []
    for ent in doc.ents:
        newsy = ent.label_ == "ORG" and bool(NEWSY_WORDS.search(ent.text))
        if ent.label_ != "OUTLET" and not newsy:
            continue
        cue = _cue_for(ent, strict=newsy)
        if cue is None:
            continue
        name = canonical_outlet(ent.text) or re.sub(r"^(?:the|The)\s+|[’']s$", "", ent.text)
        kind = outlet_kind(name) if ent.label_ == "OUTLET" else "outlet"
        cue_tok, cue_text = cue
        cs, ce = _cue_chars(cue_tok, cue_text)
        refs.append(OutletRef(ent.start, ent.end, name, kind, cue_text, cs, ce, _relays(ent, cue_tok)))
    doc.user_data["newsprism_outlet_refs"] = refs
    return refs


def _cue_chars(tok: Token, text: str) -> tuple[int, int]:
    doc = tok.doc
    start = tok.idx
    if text.startswith("as ") and tok.i > 0 and doc[tok.i - 1].lower_ == "as":
        start = doc[tok.i - 1].idx
    end = start + len(text)
    if _sp.doc_text(doc)[start:end] != text:
        return tok.idx, tok.idx + len(tok.text)
    return start, end


# Particles parsed as prepositions that belong to a citing verb: the cue verbs' own
# ("weighed in", "pointed to") and two an outlet does to a story ("Axios has filled in
# some further details", "Reuters followed up")
_PARTICLES = {**PHRASAL_CUES, "fill": frozenset({"in"}), "follow": frozenset({"up"})}


def _cue_for(ent: Span, strict: bool) -> tuple[Token, str] | None:
    root = ent.root
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    if root.dep_ == "poss":  # according to Axios's Barak Ravid
        root = root.head
        while root.dep_ == "conj":
            root = root.head
    head = root.head
    if root.dep_ in ("nsubj", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
        if not strict or head.lemma_.lower() in CUE_STANCE:
            aux = [c for c in head.lefts if c.dep_ == "aux" and c.i > root.i]
            verb = head.text
            nxt = head.doc[head.i + 1] if head.i + 1 < len(head.doc) else None
            if nxt is not None and nxt.head.i == head.i and (
                nxt.dep_ == "prt" or nxt.lower_ in _PARTICLES.get(head.lemma_.lower(), ())
            ):
                verb = f"{head.text} {nxt.text}"  # a phrasal verb: "Axios has filled in"
            text = verb if not aux or head.tag_ != "VBG" else f"{aux[0].text} {verb}"
            return (aux[0] if text != verb else head), text
    if root.dep_ == "pobj":
        prep = head.lower_
        gov = head.head
        glemma = gov.lemma_.lower()
        if prep in _VIA_PREPS and (not _VIA_PREPS[prep] or glemma in _VIA_PREPS[prep]
                                   or gov.lower_ in _VIA_PREPS[prep]):
            if gov.lower_ == "according":
                return gov, "according to"
            if prep == "per":
                return head, "per"
            as_ = gov.i > 0 and gov.doc[gov.i - 1].lower_ == "as"
            text = f"{'as ' if as_ else ''}{gov.text} {head.text}"
            return gov, text
    if root.dep_ in ("dobj", "dative", "iobj") and head.lemma_.lower() in ("tell", "give", "inform", "brief"):
        return head, head.text
    if root.dep_ == "agent" or (root.dep_ == "pobj" and head.dep_ == "agent"):
        gov = head.head if root.dep_ == "pobj" else head
        if gov.lemma_.lower() in CUE_STANCE:
            return gov, gov.text
    if strict:
        return None
    sent = ent.sent
    near = [t for t in sent if t.lower_ in _NEAR_CUES and -4 <= t.i - ent.start <= ent.end - ent.start + 3
            and not (ent.start <= t.i < ent.end)]
    if near:
        tok = min(near, key=lambda t: abs(t.i - ent.start))
        if tok.lower_ == "according":
            return tok, "according to"
        return tok, tok.text
    return None


def _relays(ent: Span, cue_tok: Token) -> str | None:
    info = _sp.doc_info(ent.doc)
    cands = [cue_tok, *cue_tok.children, *ent.root.children]
    if cue_tok.head.i != cue_tok.i:
        cands.append(cue_tok.head)
    # "According to Meridian Wire, citing two sources ...": the participle right after the
    # name often hangs off the main verb, not the cue
    cands.extend(t for t in ent.doc[ent.end : min(ent.end + 2, len(ent.doc))] if t.lemma_.lower() == "cite")
    for tok in cands:
        if tok.lemma_.lower() == "cite" and tok.i not in range(ent.start, ent.end) and not info.in_quote(tok.idx):
            objs = [c for c in tok.children if c.dep_ in ("dobj", "pobj", "attr")]
            human = objs and (objs[0].lemma_.lower() in ROLE_NOUNS or objs[0].lower_ in ROLE_NOUNS
                              or objs[0].ent_type_ in ("PERSON", "ORG", "OUTLET", "GPE", "NORP"))
            if human and not info.in_quote(objs[0].idx) and objs[0].left_edge.text not in "“\"«":
                span = _sp.source_span(ent.doc, objs[0])
                return span.text
    return None


def extract_citations(doc: Doc, article_id: str, quotes: Sequence[Quote] = ()) -> Iterator[Citation]:
    """Yield one citation per (cited, sentence): outlets, books, documents, "X media"."""
    info = _sp.doc_info(doc)
    sents = info.sents
    seen: dict[tuple[str, int], int] = {}
    found: list[Citation] = []
    relay_by: dict[tuple[str, int], str] = {}
    for q in quotes:
        if q.via and q.source_text:
            who = q.speaker if q.speaker_kind == "anonymous" and q.speaker else q.source_text
            if own_reporter(q.via, q.source_text):  # "Axios's Barak Ravid": its reporter
                continue
            relay_by.setdefault((q.via, q.sentence_index), who)
        elif q.direct and q.speaker_kind == "outlet" and q.speaker:
            # an outlet quoted word for word whose words name its source: ""An Israeli
            # official ... cited last-minute objections," Bloomberg confirms"
            inner = _inner_source(doc, q)
            if inner:
                relay_by.setdefault((q.speaker, q.sentence_index), inner)

    def add(name: str, kind: str, cue: str, start: int, end: int, tok_i: int,
            relays: str | None = None) -> None:
        k = info.sent_of(tok_i)
        key = (name, k)
        relays = relays or relay_by.get(key)
        if key in seen:
            old = found[seen[key]]
            if relays and not old.relays:
                found[seen[key]] = old.model_copy(update={"relays": relays})
            return
        s = sents[k] if sents else (0, len(doc), 0, len(_sp.doc_text(doc)))
        seen[key] = len(found)
        found.append(Citation(article_id=article_id, cited=name, cited_kind=kind, cue=cue,
                              span={"start": start, "end": end}, sentence=_sp.doc_text(doc)[s[2]:s[3]],
                              sentence_index=k, relays=relays))

    refs = outlet_refs(doc)
    items: list[tuple[int, str, OutletRef | Token]] = [(r.start, "outlet", r) for r in refs]
    for tok in doc:
        low = tok.lower_
        if tok.pos_ == "NOUN" and (low in _BOOKS or low == "report" or low in _MEDIA
                                   or tok.lemma_.lower() in DOC_NOUNS):
            items.append((tok.i, "noun", tok))
    items.sort(key=lambda x: x[0])
    last_outlet: str | None = None
    last_book: str | None = None
    for _, _kind, obj in items:
        if isinstance(obj, OutletRef):
            span = doc[obj.start : obj.end]
            add(obj.name, obj.kind, obj.cue, span.start_char, span.end_char, obj.start, obj.relays)
            last_outlet = obj.name
            continue
        tok = obj
        low = tok.lower_
        if info.in_quote(tok.idx):
            continue
        if low in _BOOKS:
            book = _book(tok)
            if book:
                last_book = book[0]
                add(book[0], "book", book[1], book[2], book[3], tok.i)
            elif last_book and _determiner(tok) in ("the", "his", "her", "this"):
                add(last_book, "book", f"{tok.head.text} the {tok.text}" if tok.dep_ == "pobj" else tok.text,
                    tok.idx, tok.idx + len(tok.text), tok.i)
        elif low == "report" and _determiner(tok) in ("the", "that", "this") and last_outlet:
            if not [c for c in tok.children if c.dep_ in ("compound", "poss", "amod")]:
                cue = _context_cue(tok)
                if cue:
                    add(last_outlet, outlet_kind(last_outlet), cue, tok.idx, tok.idx + len(tok.text), tok.i)
        elif low in _MEDIA:
            media = _media(tok)
            if media:
                add(media[0], "other", media[1], media[2], media[3], tok.i)
        else:
            docref = _document(tok)
            if docref:
                add(docref[0], "document", docref[1], docref[2], docref[3], tok.i)
    yield from sorted(found, key=lambda c: c.span.start)


def own_reporter(outlet: str, source: str) -> bool:
    """Is ``source`` the outlet's own journalist ("Axios's Barak Ravid")? A word match on
    the possessive, so "an Israeli source" is not The Times of Israel's reporter."""
    last = re.escape(outlet.split()[-1])
    return bool(re.search(rf"\b{last}['’]s\b", source))


def _inner_source(doc: Doc, q: Quote) -> str | None:
    """The source a quoted outlet names at the start of its own words ("A Netanyahu aide
    told Axios that ...", "An Israeli official ... cited ..."): the subject of a cue verb
    whose phrase opens the quotation, or None."""
    span = doc.char_span(q.content.start, q.content.end, alignment_mode="expand")
    if span is None:
        return None
    for tok in span:
        if tok.pos_ not in ("VERB", "AUX") or CUE_STANCE.get(tok.lemma_.lower(), "belief") in ("belief", "position"):
            continue  # speech cues only: "Gallant was expected to ..." names no source
        subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subj:
            continue
        head = subj[0]
        person = head.lemma_.lower() in ROLE_NOUNS or head.lower_ in ROLE_NOUNS or head.ent_type_ == "PERSON"
        first = next((t for t in head.subtree if not t.is_punct), head)  # the opening mark aside
        if person and span.start <= first.i <= span.start + 1:
            return _sp.source_span(doc, head).text.strip("\"“”«» ,")
    return None


def _determiner(tok: Token) -> str:
    for c in tok.lefts:
        if c.dep_ in ("det", "poss"):
            return c.lower_
    return ""


def _context_cue(tok: Token) -> str | None:
    """The cue around a "the report" back-reference, or None when it is not a source."""
    head = tok.head
    if tok.dep_ in ("nsubj", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
        return f"{tok.text} {head.text}" if head.lemma_.lower() in CUE_STANCE or head.lemma_ in ("go", "say") else None
    if tok.dep_ == "pobj" and head.lower_ in ("per", "to", "in", "from"):
        gov = head.head
        words = [w.text for w in (gov.doc[gov.i - 1], gov) if w.lower_ in ("as", "according")]
        return " ".join([*words, head.text, "the", tok.text]) if words or head.lower_ == "in" else f"{head.text} the {tok.text}"
    return None


def _book(tok: Token) -> tuple[str, str, int, int] | None:
    doc = tok.doc
    for child in tok.rights:
        if child.lower_ == "by":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs and (objs[0].ent_type_ == "PERSON" or objs[0].pos_ == "PROPN"):
                name = _sp.person_name(_sp._ent_text(objs[0]))
                span = doc[tok.left_edge.i : objs[0].i + 1]
                return f"{name}'s book", f"{tok.text} by", span.start_char, span.end_char
    for child in tok.lefts:
        if child.dep_ == "poss" and child.ent_type_ == "PERSON":
            name = _sp.person_name(_sp._ent_text(child))
            return f"{name}'s book", tok.text, child.idx, tok.idx + len(tok.text)
    return None


def _media(tok: Token) -> tuple[str, str, int, int] | None:
    mods = [c for c in tok.lefts if c.dep_ in ("amod", "compound") and
            (c.ent_type_ in ("NORP", "GPE") or c.lower_ in ("state", "local", "foreign", "western", "arab"))]
    if not mods or tok.lower_ in ("reports",) and tok.dep_ != "nsubj":
        return None
    cue = _governing_cue(tok)
    if cue is None:
        return None
    span = tok.doc[mods[0].i : tok.i + 1]
    return span.text, cue, span.start_char, span.end_char


def _document(tok: Token) -> tuple[str, str, int, int] | None:
    owners = [c for c in tok.lefts if c.dep_ in ("compound", "poss", "amod") and
              (c.ent_type_ in ("ORG", "GPE", "NORP", "PERSON", "OUTLET") or c.pos_ == "PROPN")]
    if not owners:
        return None
    cue = _governing_cue(tok)
    if cue is None:
        return None
    owner = re.sub(r"[’']s$", "", _sp._ent_text(owners[0]) if owners[0].ent_type_ else owners[0].text)
    owner = re.sub(r"^(?:the|The)\s+", "", owner)
    span = tok.doc[owners[0].i : tok.i + 1]
    return f"{owner} {tok.lemma_.lower()}", cue, span.start_char, span.end_char


def _governing_cue(tok: Token) -> str | None:
    head = tok.head
    if tok.dep_ in ("nsubj", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
        return head.text
    if tok.dep_ == "pobj":
        gov = head.head
        if gov.lower_ == "according":
            return "according to"
        if head.lower_ in ("in", "by", "per", "from") and (gov.lemma_.lower() in CUE_STANCE or head.lower_ == "per"):
            return f"{gov.text} {head.text}" if head.lower_ != "per" else "per"
    return None
