"""Quotations and reported speech over a parsed spaCy Doc.

Direct quotes: every quotation-mark pair is attributed through the dependency parse
(the quotation's clause hangs off a cue verb: ``“...,” Gallant declared``; ``Gallant said,
“...”``), else through a cue in the short tail after it or the clause before it. A
quotation without a cue continues the previous speaker's quote in the same paragraph when it
starts a sentence; 1-3 word quotations without a cue are scare quotes and skipped.
Indirect speech: a cue verb (say, tell, warn, believe, ...) with a clausal complement
(``ccomp``), and "according to X, ...". Sources are classified by :mod:`.speakers`.
A quotation inside the clause a cue governs ("said the plan was "a mess" for him") is a
mixed quote: the clause is the content (``direct`` stays True and ``mixed`` is set). A parenthetical cue ("The
test, Seoul said, was big") takes its host clause as content (source and cue inside it).
Belief, intention and evidence cues (wants/plans to ..., a poll shows ...) count, as in
PolNeAR. ``Quote.source`` keeps an appositive and party tag ("Rep. X (D-N.C.), head of ...").
Content spans never include the quotation marks (dossiers show quotes without them); the
PolNeAR bench adds marks, a leading "that", and merges quotes sharing a cue.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from ..ids import stable_id
from ..models import Quote
from ..models import Span as CharSpan
from .citations import outlet_refs
from .cues import (
    ADJ_CUES,
    ADJ_PREPS,
    CONTENT_PREPS,
    CUE_STANCE,
    DOC_NOUNS,
    DOUBT_ADVERBS,
    FORM_LEMMA,
    IMPERSONAL_ADJS,
    LIGHT_NOUNS,
    LIGHT_PREPS,
    LIGHT_VERBS,
    NOUN_CUES,
    NOUN_PREPS,
    NOUN_TARGET_PREPS,
    NP_CUES,
    ORG_NOUNS,
    PASSIVE_CUES,
    PHRASAL_CUES,
    PHRASAL_ONLY,
    POLL_NOUNS,
    PRED_NOUNS,
    QUOTE_ONLY,
    ROLE_NOUNS,
    SPEECH_FORMS,
    XCOMP_CUES,
    stance_of,
)
from .sentences import QuotePair
from .speakers import DocInfo, Speaker, SpeakerResolver, doc_info, doc_text, source_span, strip_det

__all__ = ["extract_quotes"]

_SUBJ = ("nsubj", "nsubjpass", "csubj")
_NOT_SOURCE = frozenset({"it", "there", "this", "that", "which", "what", "who"})


def cue_lemma(tok: Token) -> str:
    """The cue lemma of a verb: spaCy's, or the lexicon's for a known surface form the
    model mislemmatised ("hopes" -> "hop")."""
    lemma = tok.lemma_.lower()
    if lemma not in CUE_STANCE and tok.lower_ in FORM_LEMMA:
        return FORM_LEMMA[tok.lower_]
    return lemma


_MARKS = frozenset({"“", "”", '"', "«", "»", "‘", "’", "''", "``"})


def _next_to_quote(tok: Token) -> bool:
    """Does a quotation mark open right after ``tok`` (past a comma or colon) or close right
    before it ("she continued, “...”", "“...,” she continued")?"""
    doc = tok.doc
    after = doc[tok.i + 1 : tok.i + 3]
    before = doc[max(0, tok.i - 3) : tok.i]
    return any(t.text in _MARKS for t in after) or any(t.text in _MARKS for t in before)


def _adj_complement(tok: Token) -> Token | None:
    """The complement of an attitude adjective: "sure [that ...]", "coy [about ...]"."""
    for c in tok.rights:
        if c.dep_ in ("ccomp", "xcomp") or (c.dep_ == "prep" and c.lower_ in ADJ_PREPS):
            return c
    return None


def _noun_complement(tok: Token) -> Token | None:
    """The complement of a cue noun: "claim [that ...]", "decision [to ...]", "view [of X]"."""
    for c in tok.rights:
        if c.dep_ in ("acl", "ccomp", "xcomp") and c.pos_ in ("VERB", "AUX"):
            return c
        if c.dep_ == "prep" and (c.lower_ in NOUN_PREPS or c.lower_ in NOUN_TARGET_PREPS.get(tok.lower_, ())) and any(
                g.dep_ in ("pobj", "pcomp") and not all(t.ent_type_ in ("DATE", "TIME") for t in g.subtree)
                for g in c.children):
            return c  # (not "its statement of Wednesday morning": a date says when, not what)
    return None


def _noun_source(tok: Token) -> Token | None:
    return next((c for c in tok.children if c.dep_ == "poss"), None)


def _is_noun_cue(tok: Token) -> bool:
    return (tok.pos_ == "NOUN" and tok.lower_ in NOUN_CUES and _noun_source(tok) is not None
            and _noun_complement(tok) is not None and _borrower(tok) is None)


_TIME_PREPS = frozenset({"after", "before", "following", "since", "upon"})


def _borrower(noun: Token) -> Token | None:
    """The speech verb whose "that" clause the parser hung on the noun of its time phrase
    ("saying on Sunday after Barr's announcement that X": X is what was said, not what Barr
    announced), when the verb has no complement of its own."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in _TIME_PREPS or prep.head.i >= prep.i:
        return None
    verb = prep.head
    if verb.pos_ != "VERB" or verb.lower_ not in SPEECH_FORMS or any(
            c.dep_ in ("ccomp", "xcomp", "dobj") for c in verb.children):
        return None
    c = _noun_complement(noun)
    if c is None or c.dep_ == "prep" or not any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children):
        return None
    return verb


def _is_adj_cue(tok: Token) -> bool:
    return (tok.pos_ in ("ADJ", "VERB") and tok.lower_ in ADJ_CUES and tok.dep_ in ("acomp", "amod", "ROOT", "conj")
            and _adj_complement(tok) is not None)


def _impersonal_adj(tok: Token) -> Token | None:
    """The clause of an impersonal evaluation "it is clear/unclear/obvious that ...", or None."""
    if tok.lower_ not in IMPERSONAL_ADJS or tok.dep_ != "acomp":
        return None
    cop = tok.head
    if not any(c.dep_ == "nsubj" and c.lower_ == "it" for c in cop.children):
        return None
    return next((c for c in (*tok.rights, *cop.rights) if c.dep_ == "ccomp" and c.i > tok.i), None)


_SEEM = frozenset({"seem", "appear"})
_SEEM_FORMS = frozenset({"seem", "seems", "seemed", "seeming", "appear", "appears", "appeared", "appearing"})


def _seeming(tok: Token, info: DocInfo) -> Token | None:
    """The complement of an author's evaluation "X seems/appears to ...", "it seems that
    ...", "X seems like ...", "X seems certain/a reminder ..." (a main-clause verb; PolNeAR
    annotates these without a source),
    or None. Not when the complement is itself a cue ("the party seemed to acknowledge X"):
    that cue's subject is its source."""
    if tok.pos_ != "VERB" or tok.dep_ not in ("ROOT", "conj") or tok.lemma_.lower() not in _SEEM:
        return None
    if not any(c.dep_ in ("nsubj", "expl") for c in tok.children):
        return None
    for c in tok.rights:
        if c.dep_ in ("xcomp", "ccomp") or (c.dep_ == "prep" and c.lower_ == "like"
                                           and tok.lemma_.lower() == "seem") or (
                c.dep_ in ("acomp", "attr", "oprd")
                and tok.lemma_.lower() == "seem"):
            if c.dep_ == "xcomp" and is_cue(c, info):
                return None
            return c
    return None


def _experiencer(tok: Token) -> Token | None:
    """Whom something seems so to: "To Harrison, his stare seemed to reflect sadness",
    "whichever view seems more credible to the public" (PolNeAR's source of the seeming)."""
    if tok.lemma_.lower() not in _SEEM or tok.pos_ != "VERB":
        return None
    holders = [tok] + [c for c in tok.children if c.dep_ == "acomp"]
    for to in (c for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ == "to"):
        obj = next((g for g in to.children if g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN", "PRON")), None)
        if obj is not None:
            return obj
    return None


def _light(tok: Token) -> tuple[Token, Token | None, Token] | None:
    """A light-verb cue ("made no secret of X", "took aim at X", "made the case that X",
    "made it clear that X"): (end of the cue phrase, its preposition or None, the content's
    head), or None."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in LIGHT_VERBS:
        return None
    kids = list(tok.rights)
    if tok.lemma_.lower() == "make":  # "made (it) clear that X"
        clear = next((c for c in kids if c.lower_ == "clear" and c.dep_ in ("oprd", "acomp", "ccomp", "dobj", "advmod")), None)
        if clear is not None:
            comp = next((c for c in (*kids, *clear.rights) if c.dep_ in ("ccomp", "advcl") and c.i > clear.i
                         and c.pos_ in ("VERB", "AUX")), None)
            if comp is not None:
                return clear, None, comp
    obj = next((c for c in kids if c.dep_ == "dobj"), None)
    if obj is None or obj.pos_ != "NOUN" or obj.lower_ not in LIGHT_NOUNS:
        return None
    if any(t.text in _MARKS for t in tok.doc[tok.i + 1 : obj.i + 2]):
        return None  # 'offered “a deep apology” to X': the quoted noun is no speech act of its own
    for host in (obj, tok):
        for c in host.rights:
            if c.i <= obj.i:
                continue
            if c.dep_ == "prep" and c.lower_ in LIGHT_PREPS:
                g = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
                if g is not None:
                    return c, c, g
            if c.dep_ in ("acl", "ccomp") and c.pos_ in ("VERB", "AUX") and any(
                    m.dep_ == "mark" and m.lower_ == "that" for m in c.children):
                return obj, None, c
    return None


_POLL_NOUNS = POLL_NOUNS


def _poll_in(tok: Token) -> Token | None:
    """The poll of "In the latest Post-ABC poll, Clinton leads ..." (the poll is the source,
    the clause it modifies the content), or None. Not when that clause's verb is a cue of its
    own ("In a survey, voters said ..." is the voters')."""
    if tok.lower_ != "in" or tok.pos_ != "ADP" or tok.dep_ != "prep" or tok.head.pos_ not in ("VERB", "AUX"):
        return None
    obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
    if obj is None or obj.lower_ not in _POLL_NOUNS:
        return None
    if tok.i > tok.head.i and tok.head.dep_ != "ROOT":
        return None  # a trailing "in polls" reports only for a main clause ("X leads Y in the poll")
    verb = tok.head
    if verb.lemma_.lower() in CUE_STANCE or any(c.dep_ == "ccomp" for c in verb.children):
        return None
    return obj


def _reportedly(tok: Token, info: DocInfo) -> Token | None:
    """The verb of "X reportedly did Y", a clause with its subject (an attribution to unnamed
    reports, without a source; PolNeAR annotates it so), or None. Not when the verb reports
    itself ("X reportedly told aides that ..."): that cue's subject is its source."""
    verb = tok.head
    if tok.dep_ != "advmod" or verb.pos_ not in ("VERB", "AUX") or verb.i == tok.i or is_cue(verb, info):
        return None
    if not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None  # a participle ("remarks reportedly made at ...") is its noun's detail
    return verb


_CUE_POS = frozenset({"VERB", "AUX", "NOUN", "ADJ", "ADP"})
_PRED_NOUNS = PRED_NOUNS  # "X is an outspoken supporter of Y" (cues.py)


def _pred_noun(tok: Token) -> tuple[Token, Token, Token] | None:
    """(copula, "of", its object) of "X is a critic of Y", or None."""
    if tok.lower_ not in _PRED_NOUNS or tok.dep_ != "attr" or tok.head.lemma_ != "be":
        return None
    subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.lower_ in _NOT_SOURCE:
        return None
    of = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
    obj = next((g for g in of.children if g.dep_ in ("pobj", "pcomp")), None) if of is not None else None
    return (tok.head, of, obj) if of is not None and obj is not None else None


def is_cue(tok: Token, info: DocInfo) -> bool:
    if tok.lower_ == "according":
        return any(c.lower_ == "to" for c in tok.children)
    if tok.lower_ == "reportedly":
        return _reportedly(tok, info) is not None and not info.in_quote(tok.idx)
    if tok.pos_ not in _CUE_POS:
        return False
    if tok.pos_ == "NOUN" and tok.lower_ in _PRED_NOUNS:
        return _pred_noun(tok) is not None and not info.in_quote(tok.idx)
    if tok.lower_ == "in":
        return _poll_in(tok) is not None and not info.in_quote(tok.idx)
    if tok.lower_ == "about":
        return _about_topic(tok, info) is not None and not info.in_quote(tok.idx)
    if tok.lemma_.lower() in LIGHT_VERBS and _light(tok) is not None:
        return not info.in_quote(tok.idx)
    if _impersonal_adj(tok) is not None:
        return not info.in_quote(tok.idx)
    if tok.lower_ in _SEEM_FORMS and _seeming(tok, info) is not None:
        return not info.in_quote(tok.idx)
    if _is_adj_cue(tok) or _is_noun_cue(tok):
        return not info.in_quote(tok.idx)
    if tok.lower_ == "known":
        return _known_as(tok) is not None and not info.in_quote(tok.idx)
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    if cue_lemma(tok) not in CUE_STANCE:
        return (_that_clause(tok) or _phrasal(tok) is not None and any(
            c.dep_ == "nsubj" and c.lower_ not in _NOT_SOURCE for c in tok.children)) and not info.in_quote(tok.idx)
    lemma = cue_lemma(tok)
    if (lemma == "point" or lemma in PHRASAL_ONLY) and _phrasal(tok) is None:
        return False
    if lemma in QUOTE_ONLY and not _next_to_quote(tok):
        return False
    if tok.i > 0 and tok.doc[tok.i - 1].lower_ == "as":  # "as reported by Axios": a relay
        return False
    if tok.i > 1 and tok.doc[tok.i - 1].text == "-" and tok.doc[tok.i - 2].lower_ == "so":
        return False  # "so-called"
    return not info.in_quote(tok.idx)


def _about_topic(tok: Token, info: DocInfo) -> tuple[Token, Token] | None:
    """(verb, object) of "about" in the predicate of a speaker ("was upbeat about X", "gave
    a lengthy answer about X", "remained vague about X"): what the speaker talks or feels
    about is the content, the speaker its source. Not when the verb (or the noun or adjective
    "about" hangs on) is a cue of its own."""
    if tok.dep_ != "prep" or tok.pos_ != "ADP":
        return None
    obj = next((c for c in tok.children if c.dep_ in ("pobj", "pcomp")), None)
    if obj is None or obj.like_num or obj.ent_type_ in _TIME_ENTS:
        return None
    h = tok.head
    verb = h if h.pos_ in ("VERB", "AUX") else h.head if h.dep_ in ("dobj", "attr", "acomp", "oprd") else None
    if verb is None or verb.pos_ not in ("VERB", "AUX") or verb.i > tok.i:
        return None
    if is_cue(verb, info) or (h is not verb and is_cue(h, info)):
        return None
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.lower_ in _NOT_SOURCE or not _plausible(subj):
        return None
    return verb, obj


def _that_clause(tok: Token) -> bool:
    """A verb outside the lexicon reports when it takes a that-clause and has a noun-phrase
    subject ("Sanders's camp reasoned that ...", "voters sense that ..."): a verb that
    governs a proposition is one of saying, thinking or knowing."""
    return tok.pos_ == "VERB" and any(
        c.dep_ == "ccomp" and c.i > tok.i and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        for c in tok.children) and any(c.dep_ == "nsubj" and c.lower_ not in _NOT_SOURCE for c in tok.children)


def _known_as(tok: Token) -> tuple[int, int] | None:
    """Token range of what "known as" names, with the name ("the string of contests known
    as Super Tuesday", "the island was known as ''the Poorhouse''"): who calls it so is
    not said, so it is a source-less attribution."""
    as_ = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ == "as" and c.i <= tok.i + 2), None)
    if as_ is None or not any(c.dep_ == "pobj" for c in as_.children):
        return None
    if tok.dep_ == "acl" and tok.head.i < tok.i:
        lo = tok.head.left_edge.i
    else:
        subj = next((c for c in tok.lefts if c.dep_ in ("nsubjpass", "nsubj")), None)
        if subj is None:
            return None
        lo = subj.left_edge.i
    return lo, as_.right_edge.i + 1


# Prepositions that make any verb with a speaker subject a cue ("joked about", "fretted
# about", "turned against"): what the verb is about is a topic of talk or thought.
_TOPIC_PREPS = frozenset({"about"})


def _phrasal(tok: Token) -> Token | None:
    """The particle or preposition right after a phrasal cue ("called for", "pointed to")."""
    lemma = cue_lemma(tok)
    preps = PHRASAL_CUES.get(lemma) or (_TOPIC_PREPS if lemma not in CUE_STANCE and tok.pos_ == "VERB" else None)
    if not preps:
        return None
    for c in tok.rights:
        if (c.dep_ in ("prt", "prep") or (c.dep_ == "advmod" and c.lower_ == "back")) \
                and c.lower_ in preps and c.i <= tok.i + 2 and not _when_phrase(c):
            return c
    return None


def _when_phrase(prep: Token) -> bool:
    """A preposition heading a time ("insisted on Wednesday that ...", "argued for years
    that ..."): not the cue's. A topic is not a time ("talked about the decades they spent",
    "focused on his years in the House")."""
    return prep.lower_ not in _TOPIC_PREPS and any(
        g.dep_ == "pobj" and (g.ent_type_ in _TIME_ENTS or g.lower_ in _WEEKDAYS)
        and not any(d.dep_ == "poss" for d in g.children) for g in prep.children)


# Auxiliaries, negation and a few adverbs before the verb belong to the cue, as PolNeAR
# marks it ("has said", "did not immediately respond", "also noted").
_CUE_ADVS = frozenset({"also", "not", "n't", "never", "repeatedly", "previously", "later",
                       "again", "immediately", "publicly", "already", "often", "recently"})
_NOT_CUE_ADVS = frozenset({"then", "however", "meanwhile", "so", "thus", "instead", "therefore",
                           "now", "here", "there", "when", "where", "how", "why"})
_WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                       "yesterday", "today"})


# verbs of phase before a cue's "to" ("went on to say", "continued to insist", "began to
# explain"): part of the cue phrase, as PolNeAR marks it
_ASPECT_VERBS = frozenset({"go", "continue", "proceed", "begin", "start"})


def _cue_text(tok: Token) -> tuple[str, int, int]:
    """The cue as written, with its character bounds: the cue token and the words that
    belong to it (auxiliaries, particles, a light verb's noun, a copula before an adjective).
    A parse that puts the phrase's start after its end gives the cue token alone."""
    text, a, b = _cue_phrase(tok)
    if b <= a:
        return tok.text, tok.idx, tok.idx + len(tok.text)
    return text, a, b


def _cue_phrase(tok: Token) -> tuple[str, int, int]:
    doc = tok.doc
    if tok.lower_ == "according":
        to = next(c for c in tok.children if c.lower_ == "to")
        return doc_text(doc)[tok.idx : to.idx + len(to.text)], tok.idx, to.idx + len(to.text)
    pred = _pred_noun(tok) if tok.pos_ == "NOUN" and tok.lower_ in _PRED_NOUNS else None
    if pred is not None:  # "is an outspoken supporter of", "has been a pointed critic of"
        cop = pred[0]
        start = min([cop, *(c for c in cop.children if c.dep_ in ("aux", "neg") and c.i < cop.i)],
                    key=lambda t: t.i)
        a, b = start.idx, pred[1].idx + len(pred[1].text)
        return doc_text(doc)[a:b], a, b
    light = _light(tok) if tok.lemma_.lower() in LIGHT_VERBS else None
    if light is not None:  # "made no secret of", "took aim at", "made it clear"
        start = tok
        j = tok.i - 1
        while j >= 0 and doc[j].head.i == tok.i and doc[j].dep_ in ("aux", "auxpass", "neg"):
            start = doc[j]
            j -= 1
        a, b = start.idx, light[0].idx + len(light[0].text)
        return doc_text(doc)[a:b], a, b
    if _is_noun_cue(tok):  # "claim", "disdain for"
        c = _noun_complement(tok)
        end = c if c is not None and c.dep_ == "prep" else tok
        a, b = tok.idx, end.idx + len(end.text)
        return doc_text(doc)[a:b], a, b
    if tok.lower_ == "about" and tok.pos_ == "ADP":  # "was more upbeat about", "gave an answer about"
        verb = _about_topic(tok, doc_info(doc))
        if verb is not None:
            start = min([verb[0], *(c for c in verb[0].children if c.dep_ in ("aux", "auxpass", "neg")
                                    and c.i < verb[0].i)], key=lambda t: t.i)
            return doc_text(doc)[start.idx : tok.idx + len(tok.text)], start.idx, tok.idx + len(tok.text)
    if _impersonal_adj(tok) is not None:  # "is clear", "is not yet clear"
        cop = tok.head
        parts = [cop, tok, *(c for c in cop.children if c.dep_ in ("aux", "neg") and c.i < tok.i)]
        a, b = min(t.idx for t in parts), max(t.idx + len(t.text) for t in parts)
        return doc_text(doc)[a:b], a, b
    if _is_adj_cue(tok):  # "were coy about", "is more passionate about", "intent on"
        start = tok
        if tok.dep_ != "amod":
            # the copula before the adjective; a head after it is no copula ("make sure you
            # know there's a character lurking": "sure" parsed as an acomp of "lurking")
            cop = tok.head if tok.dep_ == "acomp" and tok.head.i < tok.i else tok
            start = min([cop, *(c for c in cop.children
                                if c.dep_ in ("aux", "auxpass", "neg") and c.i < tok.i)], key=lambda t: t.i)
        c = _adj_complement(tok)
        end = c if c is not None and c.dep_ == "prep" else tok
        a, b = start.idx, end.idx + len(end.text)
        return doc_text(doc)[a:b], a, b
    start = tok
    j = tok.i - 1
    while j >= 0 and doc[j].head.i == tok.i and (
            doc[j].dep_ in ("aux", "auxpass", "neg") or (doc[j].dep_ == "advmod" and (
                doc[j].lower_ in _CUE_ADVS or (doc[j].pos_ == "ADV" and doc[j].lower_ not in _NOT_CUE_ADVS)))):
        start = doc[j]
        j -= 1
    gov = tok.head
    if (tok.dep_ in ("xcomp", "advcl") and start.lower_ == "to" and gov.i < start.i
            and gov.lemma_.lower() in _ASPECT_VERBS and gov.pos_ in ("VERB", "AUX")
            and all(doc[k].dep_ in ("prt", "advmod") and doc[k].head.i == gov.i for k in range(gov.i + 1, start.i))):
        start = gov  # "went on to say", "continued to insist": the phrase is the cue
    end = tok
    if tok.lower_ == "known":  # "also known as"
        end = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ == "as"), tok)
    prt = [c for c in tok.rights if c.dep_ == "prt" and c.i == tok.i + 1]
    if prt:
        end = prt[0]
    ph = _phrasal(tok)
    if ph is None and (fc := _for_clause(tok)) is not None and fc.left_edge.i == tok.i + 1:
        ph = fc.left_edge  # "called for [all candidates to ...]"
    if ph is not None and ph.i > end.i and all(doc[k].dep_ == "prt" for k in range(tok.i + 1, ph.i)):
        end = ph
    elif ph is not None and ph.i == end.i:
        end = ph
    if end.i == tok.i and end.i + 1 < len(doc) and _passive_subject(tok) is not None \
            and doc[end.i + 1].head.i == tok.i and (doc[end.i + 1].dep_ == "agent" or (
                doc[end.i + 1].dep_ == "prep" and doc[end.i + 1].lower_ in CONTENT_PREPS)):
        end = doc[end.i + 1]  # "was first reported by", "was accused of"
    if end.i == tok.i and end.i + 1 < len(doc) and doc[end.i + 1].lower_ in _WEEKDAYS \
            and doc[end.i + 1].head.i == tok.i:
        end = doc[end.i + 1]  # "said Tuesday"
    if end.i + 1 < len(doc) and doc[end.i + 1].text == ":":
        end = doc[end.i + 1]  # "replied:" -- the colon introducing a quotation is part of the cue
    a, b = start.idx, end.idx + len(end.text)
    return doc_text(doc)[a:b], a, b


def _plausible(tok: Token) -> bool:
    """Can ``tok`` head a speaker phrase (a person, group, organisation, outlet)?"""
    if tok.pos_ == "PRON":
        return tok.lower_ in ("he", "she", "they", "we", "i", "it")
    if tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP", "OUTLET"):
        return True
    lemma = tok.lemma_.lower()
    return (tok.pos_ == "PROPN" or lemma in ROLE_NOUNS or lemma in ORG_NOUNS or lemma in DOC_NOUNS
            or any(c.ent_type_ == "NORP" for c in tok.lefts) or tok.lower_ in ROLE_NOUNS)


def _nominal(tok: Token) -> bool:
    """Any noun phrase can be a PolNeAR source of reported speech or evidence ("63 percent
    said", "the complaint says", "the mayor also said")."""
    return tok.pos_ in ("NOUN", "PROPN", "NUM") or (tok.pos_ == "PRON" and tok.lower_ not in _NOT_SOURCE) or (
        tok.lower_ in _QUANTIFIERS and tok.dep_ == "nsubj")


# Quantifiers heading a subject ("Most of the vulnerable Senate Republicans have said ...",
# "Some said ..."): the tagger makes them adjectives or determiners.
_QUANTIFIERS = frozenset({"most", "many", "some", "all", "half", "few", "several", "both", "each",
                          "none", "one", "others", "another"})


def _source_head(tok: Token, exclude: tuple[int, int] = (0, 0)) -> Token | None:
    """The token naming who speaks for cue ``tok`` (outside the token range ``exclude``)."""
    a, b = exclude
    if tok.lower_ == "according":
        to = next(c for c in tok.children if c.lower_ == "to")
        objs = [c for c in to.children if c.dep_ == "pobj"]
        return objs[0] if objs else None
    if _is_noun_cue(tok):
        poss = _noun_source(tok)
        if poss is not None and poss.lower_ in _POSS_PRONOUNS:
            return _governing_subject(tok, exclude) or poss
        return poss
    if tok.lower_ == "in":
        return _poll_in(tok)
    exp = _experiencer(tok)
    if exp is not None and not a <= exp.i < b:
        return exp
    if tok.text == ":":
        return _label_head(tok)
    if tok.pos_ == "NOUN" and tok.lower_ in _PRED_NOUNS and _pred_noun(tok) is not None:
        return next(c for c in tok.head.children if c.dep_ == "nsubj")
    inverted = _inverted_name(tok, exclude, parenthetical=True)
    if inverted is not None:
        return inverted
    by = _agent(tok)
    if by is not None and not a <= by.i < b:
        return by  # "was first reported by The Washington Post"
    if tok.dep_ == "parataxis" and not any(c.dep_ in _SUBJ for c in tok.children) and tok.i > 0:
        # "To understand X, Chief Justice Roberts said, one should ...": the parser hangs
        # the name elsewhere; the noun phrase right before the parenthetical cue is the source
        prev = tok.doc[tok.i - 1]
        if prev.pos_ in ("PROPN", "NOUN", "PRON") and not a <= prev.i < b:
            return prev
    if tok.tag_ in ("VBN", "VBD") and tok.dep_ in ("acl", "advcl") and not any(c.dep_ in _SUBJ for c in tok.children):
        # a participle (often tagged VBD) describing something ("a call ... focused on X",
        # "the report, focused on the economy,"): the main clause's subject is not its speaker
        h = tok.head
        if tok.dep_ == "acl" and h.i < tok.i and _after_quote(tok.doc, h.left_edge.i) and not a <= h.i < b:
            return h  # '“...,” the nominee, Donald Trump, tweeted': the parser hung the cue on its subject
        return None
    stranded = _stranded_subject(tok, exclude)
    if stranded is not None:
        return stranded
    cur = _participle_host(tok)
    fallback = None
    for _ in range(4):
        subj = [c for c in cur.children if c.dep_ in _SUBJ and not a <= c.i < b]
        if subj:
            s = _past_dateline(_clause_in_subject(_nearer_subject(subj, cur), cur), cur)
            if cur is tok:
                s = _unclosed_appositive(s, tok)
            if s.lower_ in _REL_PRONOUNS and cur.dep_ == "relcl":
                if s.dep_ == "nsubjpass" and s.lower_ in ("which", "that"):
                    return None  # "the trip, which was expected to ...": the thing expected, not who expects
                s = cur.head
            if _plausible(s) or cur is tok:
                return s
            fallback = fallback or s
        elif cur.dep_ in ("acl", "relcl", "amod") and cur.head.pos_ in ("NOUN", "PROPN", "PRON"):
            noun = cur.head
            if cur.dep_ == "acl" and noun.dep_ == "dobj" and noun.pos_ == "NOUN" and cur.i > noun.i:
                # "McConnell issued a statement saying ...": the statement's issuer speaks
                issuer = next((c for c in noun.head.children if c.dep_ == "nsubj" and not a <= c.i < b), None)
                if issuer is not None and _nominal(issuer) and issuer.lower_ not in _NOT_SOURCE:
                    return _past_dateline(issuer, noun.head)
            if _plausible(noun) or (cur is tok and tok.dep_ == "acl" and tok.tag_ == "VBG" and noun.i < tok.i
                                    and noun.pos_ in ("NOUN", "PROPN") and noun.dep_ != "pobj" and not a <= noun.i < b):
                return noun  # "a tweet pushing a claim", "an agenda promising universal health care"
        if cur.dep_ in ("advcl", "xcomp", "conj", "pcomp", "ccomp", "prep", "acl", "acomp") and cur.head.i != cur.i:
            cur = cur.head
            continue
        if cur.dep_ == "parataxis" and cur.head.tag_ == "VBG" and cur.head.dep_ == "ROOT" and cur.head.i < cur.i:
            cur = cur.head  # "Durbin, noting X, said": the parser made the participle the root
            continue
        break
    if fallback is not None:
        return fallback
    stray = _stray_appositive(tok, exclude)
    if stray is not None:
        return stray
    # inverted order: "said a U.S. defense official"
    light = tok.lemma_.lower() in LIGHT_VERBS and _light(tok) is not None
    for c in tok.rights:
        if light and c.dep_ == "dobj":
            continue  # "made an impassioned call for": the noun belongs to the cue
        if c.dep_ in ("dobj", "attr", "npadvmod", "dep") and c.pos_ in ("NOUN", "PROPN") and not a <= c.i < b \
                and c.ent_type_ not in _TIME_ENTS and c.lower_ not in _WEEKDAYS:
            return c  # not "said Monday"
    return _inverted_name(tok, exclude)


def _inverted_name(tok: Token, exclude: tuple[int, int], parenthetical: bool = False) -> Token | None:
    """The noun phrase right after a subjectless cue that follows a closing quotation mark,
    which the parser hung on a later clause ('"...," said Robert Reich, who served ... yet
    endorsed Sanders': "Reich" the subject of "endorsed"): it is the inverted subject. With
    ``parenthetical``, a cue between commas with a name closed by punctuation after it ("The
    contrast, said Doyle and others, would be clear"), whatever subject the parser gave it."""
    doc = tok.doc
    if parenthetical:
        if tok.pos_ != "VERB" or tok.tag_ not in ("VBD", "VBZ", "VBP") or tok.i == 0 or doc[tok.i - 1].text != ",":
            return None
    elif not _after_quote(doc, tok.i) or any(c.dep_ in _SUBJ for c in tok.children):
        return None
    j = tok.i + 1
    while j < len(doc) and doc[j].pos_ in ("DET", "ADJ") and doc[j].dep_ in ("det", "amod", "compound"):
        j += 1
    last = None
    while j < len(doc) and (doc[j].pos_ in ("PROPN", "NOUN") or doc[j].is_title and doc[j].is_alpha) and not (
            exclude[0] <= j < exclude[1]):  # "said Skelly," with "Skelly" tagged an adverb
        last, j = doc[j], j + 1
    if last is None or last.ent_type_ in _TIME_ENTS or last.lower_ in _WEEKDAYS:
        return None
    if parenthetical:
        if last.head.i == tok.i and last.dep_ != "nsubj" or last.head.head.i == tok.i and last.head.dep_ == "dobj":
            return None  # "Bush, the governor, told CNN": the one told, not the teller
        end = max(last.right_edge.i, j - 1) + 1
        if end < len(doc) and doc[end].text not in (",", ".") or last.i != j - 1 and doc[j].text not in (",", "."):
            return None
    return last


_DASHES = frozenset({"–", "—", "--", "-", "―"})


def _unclosed_appositive(s: Token, tok: Token) -> Token:
    """The phrase right before the cue that the parser made an apposition of its subject
    with no comma closing it ("Clinton, a top aide said, “...”": the aide speaks, about
    Clinton; a short phrase, not a place: "Stacy Baker of Columbia, South Carolina says");
    otherwise the subject ``s``."""
    doc = s.doc
    for x in s.children:
        if (x.dep_ == "appos" and x.i > s.i and x.right_edge.i == tok.i - 1 and not doc[tok.i - 1].is_punct
                and x.right_edge.i - x.left_edge.i < 3 and x.ent_type_ not in ("GPE", "LOC")
                and x.left_edge.i > 0 and doc[x.left_edge.i - 1].text == "," and x.pos_ in ("NOUN", "PROPN")):
            return x
    return s


def _participle_host(tok: Token) -> Token:
    """Where to look for the subject of cue ``tok``: for a subjectless participle after a
    comma hung on a reported clause with a pronoun subject ("Carson said he saw no need to
    change, telling X that ...": "telling" on "saw"), the reporting verb above that clause,
    whose subject PolNeAR takes as the participle's; otherwise the cue itself."""
    side = tok.tag_ == "VBG" and tok.dep_ == "advcl" and (
        _after_quote(tok.doc, tok.i) and tok.doc[tok.i - 2].text == ","
        or tok.i > 0 and tok.doc[tok.i - 1].text in _DASHES | {","})
    # "Lazar said he welcomed X and added, “...”": a further reporting verb joined to the
    # reported clause is the reporter's
    joined = tok.dep_ == "conj" and tok.tag_ in ("VBD", "VBZ", "VBP") and tok.head.dep_ == "ccomp"
    if not (side or joined):
        return tok
    if any(c.dep_ in _SUBJ for c in tok.children):
        return tok
    host = tok.head
    if not any(c.dep_ in _SUBJ and c.pos_ == "PRON" for c in host.children):
        return tok  # "Lewandowski added, saying": a named subject of the clause is its own
    while host.dep_ == "ccomp" and host.head.i != host.i and host.head.i < host.i:
        host = host.head
    return host if host is not tok.head else tok


def _stranded_subject(tok: Token, exclude: tuple[int, int]) -> Token | None:
    """The noun right before a finite clause with no subject that the parser hung on an
    earlier verb, the noun joined to an earlier phrase ("... a call from Biden and the
    Israeli security cabinet had approved the plans": "cabinet" a conjunct of "Biden",
    "approved" a clause of the sentence's verb): it is the clause's subject, not the
    subject of the verb above."""
    if tok.dep_ not in ("ccomp", "conj") or any(c.dep_ in _SUBJ for c in tok.children):
        return None
    if tok.tag_ not in ("VBD", "VBZ", "VBP") and not any(c.dep_ == "aux" and c.i < tok.i for c in tok.children):
        return None
    j = tok.left_edge.i - 1
    if j < 0:
        return None
    prev = tok.doc[j]
    if prev.pos_ not in ("NOUN", "PROPN") or prev.dep_ not in ("conj", "pobj") or prev.head.i > prev.i:
        return None
    return None if exclude[0] <= prev.i < exclude[1] else prev


def _stray_appositive(tok: Token, exclude: tuple[int, int]) -> Token | None:
    """The name right before a finite cue with no subject that the parser hung as an
    apposition of an earlier phrase ("As part of his plea, Marcel Lazar, 44, said ...":
    "Lazar" an appositive of "plea"): it is the cue's subject. Only punctuation and time
    words may stand between the name's phrase and the cue."""
    a, b = exclude
    if tok.tag_ not in ("VBD", "VBZ", "VBP") or tok.dep_ != "ROOT" or any(
            c.dep_ in _SUBJ and not a <= c.i < b for c in tok.children):
        return None  # a subject inside the quotation is a misparse: '“Good reporter,” Trump, ..., said
    sent_start = tok.sent.start
    for x in reversed(tok.doc[sent_start : tok.i]):
        if x.dep_ == "appos" and x.pos_ == "PROPN" and x.head.i < x.i and not a <= x.i < b:
            gap = tok.doc[x.right_edge.i + 1 : tok.i]
            if all(t.is_punct or t.is_space or t.dep_ in ("npadvmod", "advmod") or t.head.dep_ == "npadvmod"
                   for t in gap):
                return x
    for v in tok.lefts:  # "Beck, who backed Cruz, and opposed Trump, said ...": a clause
        # before the cue holding the sentence's subject, with the cue's own clause after it
        if v.dep_ == "ccomp" and any(c.dep_ == "ccomp" and c.i > tok.i for c in tok.children):
            subj = next((c for c in v.children if c.dep_ == "nsubj" and c.pos_ == "PROPN"
                         and c.left_edge.i == sent_start), None)
            if subj is not None and not a <= subj.i < b:
                return subj
    return None


def _nearer_subject(subj: list[Token], verb: Token) -> Token:
    """The subject of ``verb`` among the parser's ``subj`` (in text order). Two before one
    verb mean the parser took a phrase for a second subject ("The dispute centers on X, an
    issue as the administration tries ...": "centers" and "administration"): the one nearer
    the verb is its subject; but a name keeps its description ("Ban Ki-moon, the secretary
    general, vowed"), and the pieces of a hyphenated word the parser split ("The co - founder")
    are one subject, the first."""
    before = [c for c in subj if c.i < verb.i]
    if len(before) < 2 or before[-1].is_punct or any(t.text == "-" and not t.whitespace_ for t in before):
        return subj[0]
    if before[0].pos_ in ("PROPN", "PRON") and before[-1].pos_ == "NOUN":
        return subj[0]
    return before[-1]


_SUBORDINATORS = frozenset({"as", "while", "whereas"})


def _clause_in_subject(s: Token, verb: Token) -> Token:
    """The noun after a subordinator the parser read as a preposition inside the subject of
    ``verb`` ("The dispute centers on X, a sensitive issue as the administration tries to
    balance supporting ...": "centers" taken for a noun, the subject of "tries", with "as the
    administration" a prepositional phrase in it): "as" opens a clause whose subject is that
    noun, and the verb right after the noun phrase is that clause's. Only when nothing but
    auxiliaries and adverbs stand between the noun phrase and the verb, a comma stands between
    the subject and "as", and the noun is definite."""
    end = s.right_edge
    if not s.i < end.i < verb.i or any(t.dep_ not in ("aux", "auxpass", "neg", "advmod")
                                       for t in s.doc[end.i + 1 : verb.i]):
        return s
    t = end
    while t.i != s.i and t.head.i != t.i:
        p = t.head
        if t.dep_ == "pobj" and p.lower_ in _SUBORDINATORS and p.dep_ == "prep" and p.i > s.i and _definite(t) \
                and s.doc[p.i - 1].lower_ != "such" and any(x.text == "," for x in s.doc[s.i : p.i]):
            return t  # not "groups such as Emily's List", "judges ... his tenure as secretary of state"
        t = t.head
    return s


def _definite(t: Token) -> bool:
    """A name, or a noun with a definite determiner or a possessor: what a clause's subject
    looks like ("as the administration tries"), not a role ("tenure as secretary of state", "as
    a practising surgeon")."""
    return t.pos_ == "PROPN" or t.pos_ == "NOUN" and any(
        c.dep_ == "poss" or c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those")
        for c in t.children)


def _past_dateline(s: Token, verb: Token) -> Token:
    """The name after a dateline the parser took for the subject of ``verb`` ("PHILADELPHIA
    (AFP) – US President Barack Obama will ...": Philadelphia the subject, Obama its
    appositive or a second subject)."""
    doc = s.doc
    if not s.left_edge.is_sent_start:
        return s
    sub = list(s.subtree)
    dash = next((t for t in sub if t.text in _DASHES and t.i > s.i and t.whitespace_), None)
    if dash is None and s.right_edge.i + 1 < len(doc) and doc[s.right_edge.i + 1].text in _DASHES:
        dash = doc[s.right_edge.i + 1]
    if dash is None or not dash.whitespace_ or not doc[dash.i - 1].whitespace_:
        return s  # a spaced dash, not the hyphen of "(R-Ga.)"
    head = [t for t in doc[s.left_edge.i : dash.i] if not t.is_punct]
    # a date may follow the place: "CLEVELAND, July 19 (UPI) —" (the day is a number)
    if not 0 < len(head) <= 8 or not all(t.pos_ == "PROPN" or t.like_num and i > 0 and head[i - 1].pos_ == "PROPN"
                                         for i, t in enumerate(head)) or not (
            any(t.text == "(" for t in doc[s.left_edge.i : dash.i]) or head[0].is_upper
            or all(t.ent_type_ == "GPE" for t in head)):
        return s  # a place in capitals, an agency in brackets: "LISBON (Reuters) –"
    after = [t for t in sub if t.i > dash.i and t.head.i < dash.i and t.dep_ in ("appos", "dep", "npadvmod")]
    after += [c for c in verb.children if c.dep_ in _SUBJ and c.i > dash.i]
    return next((c for c in after if c.pos_ in ("PROPN", "NOUN", "PRON") and c.i < verb.i), s)


_POSS_PRONOUNS = frozenset({"his", "her", "their", "its"})


def _governing_subject(tok: Token, exclude: tuple[int, int]) -> Token | None:
    """The named subject of the verb whose object is cue noun ``tok`` ("Cruz has signaled his
    desire to ...", "Nega defended his decision"): PolNeAR takes it, not the possessive, as
    the source."""
    verb = tok.head
    if tok.dep_ == "pobj" and verb.dep_ == "prep":
        verb = verb.head
    elif tok.dep_ != "dobj":
        return None
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    subj = next((c for c in verb.children if c.dep_ == "nsubj" and not exclude[0] <= c.i < exclude[1]), None)
    if subj is None or subj.pos_ == "PRON" or not _plausible(subj):
        return None
    return subj


def _after_quote(doc: Doc, i: int) -> bool:
    """Does token ``i`` come right after a closing quotation mark (past a comma)?"""
    j = i - 1
    if j >= 0 and doc[j].text == ",":
        j -= 1
    return j >= 0 and doc[j].text in ("”", '"', "»", "''", "’")


def _agent(tok: Token) -> Token | None:
    """The object of a passive cue's "by" phrase ("is supported by far fewer papers"), also
    when the parser hung it on a second passive joined to the cue ("was booed and shouted
    down by X") or as a plain preposition of the passive ("was pushed to it by X")."""
    for c in tok.rights:
        if c.dep_ == "agent":
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    if tok.tag_ != "VBN" or not any(c.dep_ == "auxpass" for c in tok.children):
        return None
    for c in tok.rights:
        if c.dep_ == "prep" and c.lower_ == "by" or c.dep_ == "conj" and c.tag_ == "VBN" and not any(
                g.dep_ in _SUBJ for g in c.children):
            by = c if c.lower_ == "by" else next((g for g in c.rights if g.dep_ == "agent"), None)
            if by is not None:
                return next((g for g in by.children if g.dep_ == "pobj"), None)
    return None


def _passive_subject(tok: Token) -> Token | None:
    return next((c for c in tok.lefts if c.dep_ == "nsubjpass"), None)


_REL_PRONOUNS = frozenset({"who", "that", "which"})


def _rel_subject(tok: Token) -> Token | None:
    """The relative pronoun subject of a cue in a relative clause ("Scott, who said ..."):
    PolNeAR marks the pronoun as the source; the speaker is still its antecedent."""
    cur = tok
    for _ in range(4):
        subj = [c for c in cur.children if c.dep_ in _SUBJ]
        if subj:
            s = subj[0]
            return s if s.lower_ in _REL_PRONOUNS and cur.dep_ == "relcl" else None
        if cur.dep_ in ("xcomp", "conj") and cur.head.i != cur.i:
            cur = cur.head
            continue
        break
    return None


def _it_speaks(head: Token, cue: Token) -> bool:
    """Is "it" a referring subject of a verb cue ("the committee ... it announced a breach",
    "a fight it expects to last"), not an expletive ("it is clear", "it seems")? PolNeAR
    marks the pronoun as the source."""
    return head.lower_ == "it" and head.dep_ == "nsubj" and head.head.i == cue.i and cue.pos_ == "VERB"


def _sourceless_ask(tok: Token) -> bool:
    """"Asked about X, ...", "he was asked whether ...": a question put by nobody named (the
    subject of the passive is the addressee, not the source)."""
    if cue_lemma(tok) != "ask" or _agent(tok) is not None or not (
            tok.tag_ == "VBN" or tok.tag_ == "VBD" and tok.dep_ in ("advcl", "xcomp") and (
                tok.i == tok.sent.start or tok.i > 0 and tok.doc[tok.i - 1].text == ",")):
        return False
    return not any(c.dep_ in ("nsubj", "csubj") for c in tok.children)


_ASKING = frozenset({"ask", "wonder", "question", "know", "inquire", "enquire"})
# heads of a question someone may ask: "are entitled to ask", "deserve to know", "have the
# right to ask" (not "want to know": "Republicans wanted to know who ..." reports a question)
_ASK_LICENCE = frozenset({"entitle", "entitled", "deserve", "right", "free", "welcome"})
_MODALS = frozenset({"may", "might", "could", "should", "must", "can", "ought"})


def _hypothetical_ask(tok: Token) -> bool:
    """"Estmarkers are entitled to ask whether ...", "voters deserve to know whether ...",
    "readers may well ask whether ...": a question the writer says someone may or should
    ask, not one anybody asked (the outlet's own rhetorical question). PolNeAR annotates
    them (7 of the 10 such cues in train), so they stay attributions, with the stance of a
    position: no claim takes its voice from one and no source is counted for it."""
    if cue_lemma(tok) not in _ASKING:
        return False
    kids = list(tok.children)
    if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in kids):
        return True
    head = tok.head
    return (tok.dep_ in ("xcomp", "acl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in kids)
            and (head.lower_ in _ASK_LICENCE or head.lemma_.lower() in _ASK_LICENCE))


def _shared_passive(tok: Token) -> bool:
    """"He is scheduled to speak but is not expected to meet X": a passive with an infinitive
    that shares its subject with an earlier verb is an expectation without a source, as
    "X is expected to ..." is (the subject is the one expected, not who expects)."""
    if cue_lemma(tok) == "tell" and tok.tag_ == "VBN" and _agent(tok) is None and any(
            c.dep_ == "auxpass" for c in tok.children):
        return True  # "I was told that ...": the subject is the one told, the teller unnamed
    return (tok.dep_ == "conj" and tok.tag_ == "VBN" and _agent(tok) is None
            and any(c.dep_ == "auxpass" for c in tok.children) and any(c.dep_ == "xcomp" for c in tok.children)
            and not any(c.dep_ in _SUBJ for c in tok.children))


def _stance(tok: Token) -> str:
    if _hypothetical_ask(tok):
        return "position"  # PolNeAR keeps these; nobody is quoted, so nothing takes their voice
    if tok.lower_ in ("according", "in", ":", "reportedly", "about"):
        return "neutral"
    if tok.pos_ == "NOUN" and tok.lower_ in _PRED_NOUNS:
        return "assertive"
    if tok.lower_ in _SEEM_FORMS and tok.lemma_.lower() in _SEEM:
        return "belief"
    if tok.lemma_.lower() in LIGHT_VERBS and cue_lemma(tok) not in CUE_STANCE and _light(tok) is not None:
        obj = next((c for c in tok.rights if c.dep_ == "dobj"), None)
        return NOUN_CUES.get(obj.lower_, "neutral") if obj is not None else "assertive"
    if _impersonal_adj(tok) is not None:
        return "belief"
    doubted = any(c.lower_ in DOUBT_ADVERBS for c in tok.children)
    if _is_adj_cue(tok):
        return "doubting" if doubted else ADJ_CUES[tok.lower_]
    if _is_noun_cue(tok):
        return NOUN_CUES[tok.lower_]
    return stance_of(cue_lemma(tok), doubted)


def _find_cue(doc: Doc, info: DocInfo, pair: QuotePair, qa: int, qb: int) -> Token | None:
    """Cue for the quotation occupying tokens [qa, qb)."""
    intro = _intro_cue(doc, info, qa)
    if intro is not None:
        return intro
    for t in doc[qa:qb]:
        cur, steps = t.head, 0
        if qa <= cur.i < qb:
            continue
        while steps < 6:
            if not (qa <= cur.i < qb) and is_cue(cur, info):
                return cur
            if cur.head.i == cur.i:
                break
            cur, steps = cur.head, steps + 1
    sent_k = info.sent_of(qa)
    s_start, s_end = info.sents[sent_k][0], info.sents[sent_k][1]
    tail_end = s_end
    long_next = None
    if qb >= s_end and sent_k + 1 < len(info.sents):  # quote ends the sentence: peek next
        n_start, n_end = info.sents[sent_k + 1][0], info.sents[sent_k + 1][1]
        if info.para_of(doc[n_start].idx) == info.para_of(pair.open):
            if n_end - n_start <= 12 and not any(info.in_quote(t.idx) or t.text in "“\"«" for t in doc[n_start:n_end]):
                tail_end = n_end
            else:
                long_next = (n_start, min(n_end, n_start + 12))
    for t in doc[qb:tail_end]:
        if t.text in ("“", '"', "«"):
            break
        if is_cue(t, info) and _source_head(t, (qa, qb)) is not None:
            return t
    if long_next is not None:
        # '“... in disgrace!” the presumptive nominee, Donald Trump, tweeted Sunday after
        # ...': the splitter cut after the closing mark; a cue early in the next sentence
        # with no reported clause of its own is the quotation's
        for t in doc[long_next[0] : long_next[1]]:
            if t.text in ("“", '"', "«", "”", "»"):
                break
            if (is_cue(t, info) and not any(c.dep_ in ("ccomp", "xcomp", "dobj") for c in t.children)
                    and _source_head(t, (qa, qb)) is not None):
                return t
    for t in reversed(doc[s_start:qa]):
        if t.text in ("”", '"', "»"):
            break
        if is_cue(t, info):
            return t
    # "He said:" closing the previous sentence or paragraph introduces the quotation
    j = qa - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    if j > 0 and doc[j].text == ":" and qa == s_start:
        p_start = info.sents[info.sent_of(j)][0]
        for t in reversed(doc[p_start:j]):
            if t.text in ("”", '"', "»", "“"):
                break
            if is_cue(t, info):
                return t
    if j > 0 and doc[j].text == ":":
        return _colon_cue(doc, info, j) or _colon_label(doc, info, j)
    if j > 1 and doc[j].text in (",", "—", "–"):
        return _comma_cue(doc, info, j)
    return None


def _after_report(out: dict[tuple[int, int], Quote], info: DocInfo, doc: Doc, at: int, para: int,
                  sent_k: int) -> Quote | None:
    """The attribution with a known speaker that ends the sentence right before a cue-less
    quotation opening its own sentence in the same paragraph ("Clinton touted her record.
    “We need ...”"): that speaker goes on."""
    best = None
    for q in out.values():
        if q.source is None or q.content.end > at or q.speaker_kind == "unknown":
            continue
        if info.para_of(q.content.start) != para:
            continue
        k = info.sent_of(doc.char_span(q.content.start, q.content.end, alignment_mode="expand").end - 1)
        if k == sent_k - 1 and (best is None or q.content.end > best.content.end):
            best = q
    return best


def _comma_cue(doc: Doc, info: DocInfo, comma: int) -> Token | None:
    """The verb right before a comma that a quotation follows, when its subject can speak and
    nothing else follows it ("As The Post's Dana Milbank puts it, “...”", "When Trump finally
    wrapped up — “...”"): no cue word, but the quotation is that subject's."""
    v = doc[comma - 1]
    if v.lower_ == "it" and v.dep_ == "dobj":
        v = v.head
    while v.pos_ not in ("VERB", "AUX") and v.dep_ in ("prt", "advmod") and v.head.i < v.i:
        v = v.head
    if v.pos_ != "VERB" or info.in_quote(v.idx) or v.i < comma - 3:
        return None
    if any(c.dep_ in ("dobj", "ccomp", "xcomp") and c.lower_ != "it" and c.i < comma for c in v.children):
        return None
    subj = next((c for c in v.children if c.dep_ == "nsubj" and c.i < v.i), None)
    if subj is None or not _plausible(subj) or subj.lower_ in _NOT_SOURCE or subj.lower_ == "it":
        return None
    return v


def _colon_label(doc: Doc, info: DocInfo, colon: int) -> Token | None:
    """The colon of a short speaker label before a quotation inside a line ("... - More
    from Jones: “...”", "Obama's word: “...”"): the colon is the cue, the label's name (or
    its possessive) the source."""
    head = _label_head(doc[colon])
    if head is None or info.in_quote(head.idx):
        return None
    return doc[colon]


def _label_head(colon: Token) -> Token | None:
    h = colon.head
    if h.i >= colon.i or h.pos_ not in ("PROPN", "NOUN") or colon.i - h.left_edge.i > 6:
        return None
    if any(t.pos_ in ("VERB", "AUX") for t in colon.doc[h.left_edge.i : colon.i]):
        return None
    poss = next((c for c in h.children if c.dep_ == "poss" and c.ent_type_ in ("PERSON", "ORG")), None)
    if poss is not None:
        return poss
    if h.ent_type_ in ("PERSON", "ORG", "OUTLET") and h.lower_ not in _NOT_SOURCE:
        return h
    return None


def _colon_cue(doc: Doc, info: DocInfo, colon: int) -> Token | None:
    """The main verb of a clause that a colon ends and a quotation follows, when its subject
    can speak ("Trump issued the following statement: “...”", "he returned to his familiar
    lines: “...”"): no cue word, but the quotation is that subject's."""
    k = info.sent_of(colon)
    s_start = info.sents[k][0]
    if any(t.text in _MARKS for t in doc[s_start:colon]):
        return None
    root = doc[colon].head
    while root.head.i != root.i and root.dep_ not in ("ROOT",) and s_start <= root.head.i < colon:
        root = root.head
    if root.pos_ not in ("VERB", "AUX") or not s_start <= root.i < colon or info.in_quote(root.idx):
        return None
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < root.i), None)
    if subj is None or not _plausible(subj) or subj.lower_ in _NOT_SOURCE or subj.lower_ == "it":
        return None
    return root


_ADJUNCT_POS = frozenset({"ADV", "ADP", "DET", "NOUN", "PROPN", "NUM", "ADJ", "PUNCT", "PART", "SPACE"})


def _intro_cue(doc: Doc, info: DocInfo, qa: int) -> Token | None:
    """A cue introducing the quotation at token ``qa`` after a comma or colon, past at most a
    few adjunct words ("Trump saying during the debate last week, “...”"): it outranks a
    verb the parser hung the quotation on further away."""
    if qa == 0 or doc[qa - 1].text not in (",", ":"):
        return None
    s_start = info.sents[info.sent_of(qa)][0]
    for j in range(qa - 2, max(s_start, qa - 9) - 1, -1):
        t = doc[j]
        if t.text in ("”", '"', "»", "“"):
            return None
        if is_cue(t, info) and t.pos_ in ("VERB", "AUX"):
            return t
        if t.pos_ not in _ADJUNCT_POS:
            return None
    return None


def _opens_para(text: str, at: int) -> bool:
    k = at - 1
    while k >= 0 and text[k] in " \t\u00a0":
        k -= 1
    return k < 0 or text[k] == "\n"


def _ends_para(text: str, at: int) -> bool:
    k = at
    while k < len(text) and text[k] in " \t\u00a0.,":
        k += 1
    return k >= len(text) or text[k] in "\r\n"


def _content_bounds(text: str, pair: QuotePair) -> tuple[int, int]:
    a, b = pair.open + 1, pair.close
    if text[pair.close : pair.close + 1] == "'" and text[b - 1 : b] == "'":
        b -= 1  # the first apostrophe of a '' closer
    while a < b and text[a].isspace():
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] == ","):
        b -= 1
    return a, b


def extract_quotes(doc: Doc, article_id: str) -> Iterator[Quote]:
    """Yield direct then indirect quotes of ``doc`` (offsets into ``doc.text``)."""
    info = doc_info(doc)
    refs = outlet_refs(doc)
    res = SpeakerResolver(doc, info, refs)
    text = doc_text(doc)
    out: dict[tuple[int, int], Quote] = {}
    last_in_para: dict[int, tuple[int, Quote]] = {}
    regions: list[tuple[int, int]] = []

    def make(start: int, end: int, direct: bool, sp: Speaker, cue: Token | None,
             src: Span | None, sent_k: int, via: str | None, mixed: bool = False) -> Quote:
        cue_text, cs, ce = _cue_text(cue) if cue is not None else (None, 0, 0)
        line = _DATELINE.match(text, start, end) if not direct else None
        if line is not None and line.end() < end:
            start = line.end()  # "VARNHOLM, March 12 (Wire) - X, the ministry said": X
        rel = _rel_subject(cue) if cue is not None and src is not None else None
        if rel is not None and not start <= rel.idx < end:
            if sp.name is None and src is not None:  # "data that suggests ...": the antecedent
                sp = sp._replace(name=strip_det(src.text))
            src = doc[rel.i : rel.i + 1]
        elif src is not None:
            if cue is not None and src.start < cue.i < src.end:  # "a tweet pushing ...": the noun, not its cue
                src = _trim(doc, src.start, cue.i) or src
            src = _widen_source(src, cue, start, end)
            if cue is not None:
                src = _insertion(src, cs, start, end)
            dash = [t.i for t in src if t.text in ("–", "—", "--", "―") and t.i < src.root.i]
            if dash:  # a dateline or list dash before the name: "MACAU (Reuters) – Top donor X"
                src = doc[dash[-1] + 1 : src.end]

        s_end = src.end_char if src is not None else 0
        while src is not None and s_end > src.start_char + 1 and text[s_end - 1].isspace():
            s_end -= 1  # "Trump\u00a0": a no-break space the tokenizer kept on the name
        return Quote(
            id=stable_id(article_id, str(start), str(end)), article_id=article_id,
            text=text[start:end], content={"start": start, "end": end}, direct=direct, mixed=mixed,
            speaker=sp.name, speaker_kind=sp.kind,  # type: ignore[arg-type]
            source={"start": src.start_char, "end": s_end} if src is not None else None,
            source_text=text[src.start_char : s_end] if src is not None else None,
            cue=cue_text, cue_span={"start": cs, "end": ce} if cue is not None else None,
            cue_stance=_stance(cue) if cue is not None else "neutral",  # type: ignore[arg-type]
            sentence_index=sent_k, descriptors=sp.descriptors,
            via=via if via != sp.name else None,
        )

    def carry(q: Quote, start: int, end: int, sent_k: int, own_cue: bool = True) -> Quote:
        """Quotation [start, end) by the speaker of ``q`` (a quotation going on, or a cue-less
        one after ``q``'s report: then without a cue of its own)."""
        upd: dict[str, object] = {"id": stable_id(article_id, str(start), str(end)), "text": text[start:end],
                                  "content": CharSpan(start=start, end=end), "sentence_index": sent_k, "mixed": False}
        if not own_cue:
            upd.update(direct=True, cue=None, cue_span=None, cue_stance="neutral")
        return q.model_copy(update=upd)

    def via_for(sent_k: int, sp: Speaker) -> str | None:
        for r in refs:
            if info.sent_of(r.start) == sent_k and r.name != sp.name:
                return r.name
        return None

    jobs: list[tuple[int, int, str, tuple]] = []  # (start, end, kind, data)
    claimed: list[tuple[int, int]] = []
    for src, cue_s, cs, ce, a, b in _line_quotes(doc, text):
        sp = res.classify(src.root, src)
        if sp.kind == "unknown" and src.root.lemma_.lower() not in DOC_NOUNS:  # ("The letter goes on:")
            sp = Speaker(src.text.title() if src.text.isupper() else src.text, "named", {})
        res.remember(src.root.i, src.root.lemma_.lower(), sp)
        sent_k = info.sent_of(src.start)
        q = out[(a, b)] = Quote(
            id=stable_id(article_id, str(a), str(b)), article_id=article_id, text=text[a:b],
            content={"start": a, "end": b}, direct=True, speaker=sp.name,
            speaker_kind=sp.kind,  # type: ignore[arg-type]
            source={"start": src.start_char, "end": src.end_char}, source_text=src.text,
            cue=cue_s, cue_span={"start": cs, "end": ce}, cue_stance="neutral",
            sentence_index=sent_k, descriptors=sp.descriptors)
        last_in_para[info.para_of(a)] = (sent_k, q)  # a turn may run on into quoted paragraphs
        claimed.append((min(a, cs), max(b, ce)))
    for pair in info.pairs:
        start, end = _content_bounds(text, pair)
        if end <= start:
            continue
        inner = doc.char_span(start, end, alignment_mode="expand")
        marks = doc.char_span(pair.open, min(pair.close + 1, len(text)), alignment_mode="expand")
        if inner is None or marks is None:
            continue
        regions.append((pair.open, pair.close + 1))
        jobs.append((start, end, "direct", (pair, inner, marks)))
    orphans: list[tuple[int, int, int, int]] = []
    absorbed: set[tuple[int, int]] = set()
    by_region = {(j[3][0].open, j[3][0].close + 1): j[3] for j in jobs if j[2] == "direct"}
    cue_of: dict[tuple[int, int], int | None] = {}

    def own_cue(region: tuple[int, int]) -> int | None:
        if region not in cue_of:
            pair, _inner, marks = by_region[region]
            c = _find_cue(doc, info, pair, marks.start, marks.end)
            # only a cue that introduces the quotation right before it ("saying, “...”")
            # or right after it ("“...,” he said") outranks the clause's governor
            near = c is not None and (
                marks.start - 3 <= c.i < marks.start
                and all(t.is_punct or t.pos_ == "ADV" for t in doc[c.i + 1 : marks.start])
                or marks.end <= c.i <= marks.end + 2)
            if near and c is not None and any(t.head.i == c.i and t.dep_ in _SUBJ for t in marks):
                near = False  # a quoted name as the cue's subject ("that “Acme” had informed")
            cue_of[region] = c.i if near and c is not None else None
        return cue_of[region]

    for tok in doc:
        if is_cue(tok, info):
            span = _indirect_content(doc, info, tok)
            if span is None or len(span) < 1:
                continue
            a, b = span.start_char, span.end_char
            hit = [(ra, rb) for ra, rb in regions if ra < b and a < rb]
            if hit:
                span = _without_relay(span, tok, max(rb for _, rb in hit), info)
                if span is None:
                    continue
                a, b = span.start_char, span.end_char
            if not hit:
                jobs.append((a, b, "indirect", (tok, span)))
            elif (_mixed(span, tok, hit) and all(own_cue(r) in (None, tok.i) for r in hit)
                  and not absorbed.intersection(hit)):  # one clause per quotation (the outer)
                # a quotation inside the clause a cue governs (and no nearer cue governs
                # it: "reveals that Biden ..., saying “...”" is Biden's): the clause is the content
                absorbed.update(hit)
                span = _with_marks(span, hit)
                jobs.append((span.start_char, span.end_char, "mixed", (tok, span)))
            elif a < min(ra for ra, _ in hit) and all(_mention(doc, r) for r in hit):
                # a title or scare quote the clause runs through ("X, who hosts “Last Week
                # Tonight,” appeared to ...") is a name in it, not a quotation to stop at
                span = _with_marks(span, hit)
                jobs.append((span.start_char, span.end_char, "indirect", (tok, span)))
            else:
                # the clause runs into a quotation it does not wholly hold or that another
                # cue introduces ("Carson said he saw no need to change, telling X that
                # “...”"): the reported clause ends before the side clause holding it; a
                # quotation nested deeper ("the wall, which he called “a beauty,” will
                # rise") leaves the clause whole
                ra = min(r[0] for r in hit)
                mark = doc.char_span(ra, ra + 1, alignment_mode="expand")
                if mark is not None and ra <= a and tok.idx >= max(rb for _, rb in hit) and all(
                        own_cue(r) not in (None, tok.i) for r in hit):
                    # '“...,” X said, according to Y': the relay's content is the quoted
                    # turn with its own cue (PolNeAR marks the outer attribution)
                    span = _with_marks(span, hit)
                    jobs.append((span.start_char, span.end_char, "indirect", (tok, span)))
                    continue
                if mark is None or ra <= a:
                    continue
                c = mark[0]
                cut_at = None
                while c.head.i != c.i and span.start <= c.head.i < span.end:
                    if c.dep_ in ("advcl", "conj", "parataxis") and c.left_edge.i > span.start:
                        cut_at = c.left_edge.i
                        break
                    c = c.head
                if cut_at is None:
                    span = _with_marks(span, hit)
                    jobs.append((span.start_char, span.end_char, "indirect", (tok, span)))
                    continue
                cut = _trim(doc, span.start, cut_at)
                if cut is None or sum(1 for t in cut if t.is_alpha) < 3 or cut[-1].lower_ == "that":
                    continue
                jobs.append((cut.start_char, cut.end_char, "indirect", (tok, cut)))
    if absorbed:
        jobs = [j for j in jobs if j[2] != "direct" or (j[3][0].open, j[3][0].close + 1) not in absorbed]
    if claimed:  # a turn's content holds no attribution of its own (PolNeAR is univocal)
        jobs = [j for j in jobs if not any(ca < j[1] and j[0] < cb for ca, cb in claimed)]
    jobs.sort(key=lambda j: (j[0], j[1]))

    for start, end, kind, data in jobs:
        if (start, end) in out:
            continue
        if kind == "indirect" and _ANONYMITY.match(text, start):
            continue  # "who asked not to be named": a condition of the source's, not a statement
        if kind in ("indirect", "mixed"):
            tok, span = data
            if tok.dep_ == "acl" and tok.lemma_.lower() in _SEEING:
                continue  # "documents seen by the Rising": where the documents came from, no report
            # (a parenthetical cue lies inside its content, and so does its source)
            excl = (tok.i, tok.i) if tok.dep_ == "parataxis" or (
                span.start < tok.i < span.end and _fronted_subject(doc, tok) is not None) else (span.start, span.end)
            head = _source_head(tok, excl)
            if tok.dep_ == "relcl" and head is not None and head.i == tok.head.i:
                # "voters, who are expected to ...": the relative pronoun is the passive's subject
                head = next((c for c in tok.children if c.dep_ == "nsubjpass" and c.lower_ in _REL_PRONOUNS), head)
            if (kind == "indirect" and head is not None and head.dep_ == "nsubjpass" and head.head.i == tok.i
                    and head.i < tok.i and not any(c.dep_ == "agent" for c in tok.children)
                    and any(c.dep_ == "xcomp" for c in tok.children) and start > head.left_edge.idx):
                # "Obama is expected to visit ...", "X is said to be ...": an expectation or
                # report with no source; the subject belongs to the content
                a0 = head.left_edge.idx
                if (a0, end) not in out:
                    out[(a0, end)] = make(a0, end, False, Speaker(None, "unknown", {}), tok, None,
                                          info.sent_of(span.start), None)
                continue
            if kind == "indirect" and (_impersonal_adj(tok) is not None or _sourceless_ask(tok) or _shared_passive(tok) or tok.lower_ in ("known", "reportedly") or (
                    tok.lower_ in _SEEM_FORMS and _seeming(tok, info) is not None and _experiencer(tok) is None)):
                # "it is unclear whether ...": an evaluation without a source
                if (start, end) not in out:
                    out[(start, end)] = make(start, end, False, Speaker(None, "unknown", {}), tok, None,
                                             info.sent_of(span.start), None)
                continue
            if (kind == "indirect" and _passive_subject(tok) is not None and cue_lemma(tok) in PASSIVE_CUES
                    and _agent(tok) is None and not any(c.dep_ == "ccomp" for c in tok.children)
                    and (start <= _passive_subject(tok).left_edge.idx  # type: ignore[union-attr]
                         or not any(c.dep_ == "xcomp" for c in tok.children))):
                # "Mr. Quiros was accused of using ...": a passive cue without an agent is
                # an attribution without a source; its subject belongs to the content
                if (start, end) not in out:
                    out[(start, end)] = make(start, end, False, Speaker(None, "unknown", {}), tok, None,
                                             info.sent_of(span.start), None)
                continue
            if head is None or head.lower_ in _NOT_SOURCE and not _it_speaks(head, tok):
                continue
            if not _plausible(head) and (not _nominal(head) or head.dep_ == "nsubjpass"):
                continue  # "the visit is intended to ...": a passive's subject is no source
            src = source_span(doc, head, excl)
            sp = res.classify(head, src)  # "unknown" too: a complaint "says", a poll "shows"
            res.remember(head.i, head.lemma_.lower(), sp)
            sent_k = info.sent_of(span.start)
            q = out[(start, end)] = make(start, end, kind == "mixed", sp, tok, src, sent_k, via_for(sent_k, sp),
                                         mixed=kind == "mixed")
            if kind == "mixed":  # a following cue-less quotation continues this speaker
                last_in_para[info.para_of(start)] = (info.sent_of(span.end - 1), q)
            continue
        pair, inner, marks = data
        words = [t for t in inner if not t.is_punct and not t.is_space]
        if not words:
            continue
        sent_k = info.sent_of(inner.start)
        para = info.para_of(pair.open)
        cue = _find_cue(doc, info, pair, marks.start, marks.end)
        names_only = all(t.pos_ in ("PROPN", "PART", "DET") for t in words)
        if cue is None:
            prev = last_in_para.get(para)
            opens_sentence = marks.start == info.sents[sent_k][0]
            if prev is None and para - 1 in last_in_para and _opens_para(text, pair.open):
                # a quotation running on from the previous paragraph's (multi-paragraph quote)
                prev = (sent_k, last_in_para[para - 1][1])
            if prev and (opens_sentence or _lead_in(doc, info.sents[sent_k], marks)) and sent_k - prev[0] <= 2 and len(words) >= 3:
                q = out[(start, end)] = carry(prev[1], start, end, sent_k)
                last_in_para[para] = (sent_k, q)
                continue
            if len(words) <= 3 or names_only or not any(t.pos_ in ("VERB", "AUX") for t in words):
                continue  # scare quotes, titles, headings
            last = _after_report(out, info, doc, pair.open, para, sent_k) if opens_sentence else None
            if last is None and _opens_para(text, pair.open) and _ends_para(text, pair.close + 1):
                # a paragraph that is only a quotation, after a paragraph whose last sentence
                # attributes something to a speaker: that speaker goes on ("Valastro praised
                # Christie ... / “We need someone who ...”")
                last = max((q for q in out.values() if q.source is not None and q.content.end <= pair.open
                            and info.para_of(q.content.start) == para - 1 and q.speaker_kind != "unknown"),
                           key=lambda q: q.content.end, default=None)
                if last is not None and info.sent_of(doc.char_span(last.content.start, last.content.end,
                                                                   alignment_mode="expand").start) < sent_k - 2:
                    last = None
            if last is not None:
                q = out[(start, end)] = carry(last, start, end, sent_k, own_cue=False)
                last_in_para[para] = (sent_k, q)
                continue
            out[(start, end)] = make(start, end, True, Speaker(None, "unknown", {}), None, None, sent_k, None)
            if marks.start == info.sents[sent_k][0]:
                orphans.append((start, end, para, sent_k))
            continue
        # a short quotation is a reply only in the '“Meh,” wrote X' form (it opens its
        # sentence, its cue right after it); otherwise a name or a scare quote
        reply = marks.start == info.sents[sent_k][0] and marks.end <= cue.i <= marks.end + 1
        if names_only and len(words) <= 3 and not reply:
            continue
        head = _source_head(cue, (marks.start, marks.end))
        if head is not None and head.lower_ == "you" and not info.in_quote(head.idx):
            head = None  # the writer's "you would not know ..." addresses the reader: no source
        if head is not None and len(words) <= 3 and any(t.head.i == head.i and t.dep_ in ("amod", "nmod", "compound")
                                    for t in marks if not marks.start <= t.head.i < marks.end):
            continue  # '"Green" activists have announced': the quotation describes the source
        seen = _seen_document(cue, marks)
        if seen is not None:  # "The Sentinel has seen a memo in which officials ... “until
            head, cue = seen, None  # resources allow”": the memo's words, not the outlet's
        if head is None and len(words) <= 3:
            continue
        if head is None:
            sp, src = Speaker(None, "unknown", {}), None
        else:
            src = source_span(doc, head, (marks.start, marks.end))
            sp = res.classify(head, src)
            res.remember(head.i, head.lemma_.lower(), sp)
        q = make(start, end, True, sp, cue, src, sent_k, via_for(sent_k, sp))
        out[(start, end)] = q
        last_in_para[para] = (sent_k, q)
    # a whole-sentence quotation with no cue, followed in its paragraph by one with a cue,
    # is the first part of that speaker's quote ("“A.” ... “B,” Warren said.")
    for start, end, para, sent_k in orphans:
        nxt = sorted((q for q in out.values() if q.content.start >= end and q.direct and q.cue_span
                      and q.source is not None and 0 < q.sentence_index - sent_k <= 2
                      and info.para_of(q.content.start) == para), key=lambda q: q.content.start)
        if nxt:
            out[(start, end)] = carry(nxt[0], start, end, sent_k)
    yield from sorted(out.values(), key=lambda q: (q.content.start, q.content.end))


_SEEING = frozenset({"see", "obtain", "review", "read", "view", "examine"})


def _seen_document(cue: Token, marks: Span) -> Token | None:
    """The document a quotation comes from when its cue is someone seeing or obtaining a
    document ("has seen an internal memo, in which officials postponed it “until resources
    allow”"): the quoted words, after the document's noun, are the document's (the parser
    may hang the clause holding them on the cue rather than on the noun)."""
    if cue.lemma_.lower() not in _SEEING:
        return None
    return next((d for d in cue.children if d.dep_ == "dobj" and d.lemma_.lower() in DOC_NOUNS
                 and cue.i < d.i < marks.start), None)


def _lead_in(doc: Doc, sent: tuple[int, int, int, int], marks: Span) -> bool:
    """Is the quotation the rest of its sentence after a short lead-in phrase ending in a
    comma ("Instead, “...”", "Unless rivals quit the race, “...”")? Then, as a quotation
    opening its sentence, it can go on with the previous speaker's quote."""
    s0, s1 = sent[0], sent[1]
    return (s0 < marks.start - 1 and marks.start - s0 <= 12 and doc[marks.start - 1].text == ","
            and not any(t.text in _MARKS for t in doc[s0 : marks.start - 1])
            and all(t.is_punct or t.is_space for t in doc[marks.end : s1]))


# Line formats that attribute without a verb: a transcript turn or headline ("PENCE: Well,
# look ...", "Sanders: Clinton needs to ..."), and a quotation signed with a dash
# ("“...” ― Jorge Falcon").
_NAME = r"[A-Z][\w.’'\-]*(?:[ \u00a0]+(?:[A-Z][\w.’'\-]*|de|van|von|al-))*?"
# a speaker label may hold lower-case words before the name ("Republican pollster Daron Shaw:")
_LABEL_NAME = r"[A-Z][\w.’'\-]*(?:[ \u00a0]+[\w.’'\-]+){0,5}?"
_DATELINE = re.compile(r"[A-Z][A-Z'.-]{2,}(?: [A-Z][A-Z'.-]+)*(?:, ?[A-Z][\w.' ]{0,30}){0,2},? ?(?:\([^()\n]{1,40}\) ?)?[-–—]{1,2} ")
_ANONYMITY = re.compile(r"(?:not to be (?:named|identified|quoted)|to remain anonymous|anonymity)\b", re.I)
_COLON_LINE = re.compile(r"^[ \t\"“]*(?P<src>" + _LABEL_NAME + r")[ \t]*(?P<cue>:)[ \t]+(?P<ct>\S.*?)[ \t.]*$",
                         re.MULTILINE)
_DASH_LINE = re.compile(r"^[ \t]*(?P<ct>[“”\"‘].*[”\"’][.,]?)[ \t\u00a0]*(?P<cue>[―—–]|--)[ \t\u00a0]*"
                        r"(?P<src>" + _NAME + r")[ \t.\u00a0]*$", re.MULTILINE)
# a roundup line: a headline, a dash, then who is quoted and a colon before the quotation
# ("POLLS NOT WRONG, JUST EARLY - Mark Blumenthal: “...”", "... - More from the report: “...”")
_ROUNDUP_LINE = re.compile(r"\S[ \t\u00a0]+(?:[-–—]|--)[ \t\u00a0]*(?:(?:More[ \t]+)?[Ff]rom[ \t]+)?"
                           r"(?P<src>the[ \t]+[a-z][\w’'\-]*|" + _LABEL_NAME + r")[ \t\u00a0]*(?P<cue>:)[ \t\u00a0]*"
                           r"[“\"](?P<ct>[^\n]*[”\"]|[^\n”\"]+)", re.MULTILINE)  # unclosed: runs on
# a quotation that is a paragraph of its own, signed in the next one ("“...”\n\n- Sanders.")
_DASH_PARA = re.compile(r"^[ \t]*(?P<ct>[“\"][^\n]*[”\"][.,]?)[ \t\u00a0]*\n(?:[ \t]*\n)?[ \t]*"
                        r"(?P<cue>[-―—–]|--)[ \t\u00a0]*(?P<src>" + _NAME + r")[ \t.\u00a0]*$", re.MULTILINE)
_LABELS = frozenset({"photo", "photos", "update", "updated", "note", "editor", "related", "read",
                     "watch", "correction", "getty", "follow", "source", "sources", "video", "image",
                     "credit", "caption", "q", "a", "listen", "see", "subscribe", "ap", "reuters",
                     "disclosure", "warning", "transcript", "more", "also", "share", "tags", "filed",
                     "clarification", "disclaimer", "advertisement", "breaking", "exclusive",
                     "opinion", "analysis", "live"})


# what a "X's ...:" label may name besides a cue noun, a document or a role
_SPOKEN = frozenset({"word", "words", "take", "view", "message", "answer", "reply", "verdict"})


def _line_quotes(doc: Doc, text: str) -> Iterator[tuple[Span, str, int, int, int, int]]:
    """(source span, cue text, cue start, cue end, content start, content end) for each
    transcript turn, "Name: claim" headline, roundup line and dash-signed quotation in ``text``."""
    seen: set[int] = set()  # a roundup line's colon is also a "Name:" line's (that holds the headline)
    for rx in (_ROUNDUP_LINE, _COLON_LINE, _DASH_LINE, _DASH_PARA):
        for m in rx.finditer(text):
            if m.start("cue") in seen:
                continue
            name = m.group("src")
            words = name.split()
            if not 1 <= len(words) <= 5 or words[0].lower().rstrip(".’'s") in _LABELS:
                continue
            s1 = m.end("src")
            if rx is _DASH_PARA and name.endswith(".") and len(words[-1]) > 3:
                s1 -= 1  # the signature's full stop ("- Sanders."), not an initial's
            src = doc.char_span(m.start("src"), s1, alignment_mode="expand")
            if src is None:
                continue
            if rx in (_COLON_LINE, _ROUNDUP_LINE):
                owned = re.search(r"[’']s\s+(\w+)$", name)
                if owned and not name.isupper() and not (
                        owned.group(1).lower() in NOUN_CUES or owned.group(1).lower() in DOC_NOUNS
                        or owned.group(1).lower() in ROLE_NOUNS or owned.group(1).lower() in _SPOKEN):
                    continue  # a sub-heading ("Lee’s Choice: Build or Wait?"), not a speaker
                caps = name.isupper() and len(name) >= 3
                known = any(t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE", "OUTLET") for t in src) or (
                    src[-1].pos_ == "PROPN" and name.split()[-1][:1].isupper() and len(words) <= 2) or (
                    len(words) <= 2 and words[-1][:1].isupper()
                    and re.sub(r"[’']s?$", "", words[-1].casefold()) in doc_info(doc).surnames)  # "Sanders:" (tagged a noun)
                if not (caps or known or src.root.lemma_.lower() in DOC_NOUNS):
                    continue
                if len(m.group("ct").split()) < 3:
                    continue
                if not name.isupper() and any(t.pos_ in ("VERB", "AUX") or t.lower_ in FORM_LEMMA and t.tag_.startswith("VB")
                                              for t in src):  # (not "From the report:")
                    # "Warner said in a statement: “...”", "Added Gibbs:": a clause, whose
                    # subject speaks
                    subj = next((t for t in src if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("PROPN", "NOUN")
                                 and src.start <= t.left_edge.i and t.right_edge.i < src.end), None)
                    person = next((e for e in src.ents if e.label_ == "PERSON"), None)
                    if subj is not None:
                        src = doc[subj.left_edge.i : subj.right_edge.i + 1]
                    elif person is not None:  # "Added Gibbs:"
                        src = person
                    else:
                        continue
            a, b = m.start("ct"), m.end("ct")
            if rx is _ROUNDUP_LINE and text[b - 1] in "”\"":
                b -= 1
            if rx in (_DASH_LINE, _DASH_PARA):
                b = b - 1 if text[b - 1] in ".," else b
                a, b = a + 1, b - 1  # inside the marks
                while b > a and text[b - 1] in " ,":
                    b -= 1
            if b - a < 3:
                continue
            seen.add(m.start("cue"))
            yield src, m.group("cue"), m.start("cue"), m.end("cue"), a, b


_PARTY = re.compile(r"^\(?[RDI]-[A-Z][A-Za-z.]*\.?\)?$")


def _insertion(src: Span, cue_start: int, c0: int, c1: int) -> Span:
    """A source followed by a comma-delimited insertion right before its cue keeps it, as
    written and with the closing comma: "Chris Cox, who runs the NRA's lobbying arm, says",
    "Clinton, 35, the daughter of ..., said" (not across the content ``[c0, c1)``)."""
    doc = src.doc
    if src.end >= len(doc) or doc[src.end].text != "," or src.end_char > cue_start:
        return src
    j = src.end + 1
    while j < len(doc) and doc[j].idx < cue_start:
        j += 1
    if j >= len(doc) or doc[j].idx != cue_start or doc[j - 1].text != "," or j - 1 == src.end:
        return src
    middle = doc[src.end + 1 : j - 1]
    if (len(middle) > 40 or not any(t.pos_ in ("NOUN", "PROPN", "NUM") for t in middle)
            or any(t.text in _MARKS for t in middle) or (src.start_char < c1 and c0 < doc[j - 1].idx)):
        return src
    if middle[0].pos_ in ("ADJ", "VERB") and middle[0].tag_ != "JJS":
        return src  # "Chris Christie, eager all evening to ..., said": a side remark, not the name
    own = {t.i for t in src.root.subtree}
    if any(t.i not in own and not t.is_punct for t in middle):
        return src  # "Huma Abedin, ..., emailed supporters, telling": a clause of its own
    return doc[src.start : j]


def _widen_source(src: Span, cue: Token | None, c0: int, c1: int) -> Span:
    """The source phrase with its appositive and party tag, as written: "Rep. Jim Clyburn
    (D-S.C.), the assistant leader of the caucus" (not past the cue or into the content,
    char range ``[c0, c1)``)."""
    doc = src.doc
    stop = len(doc)
    if cue is not None and cue.i >= src.end:
        stop = cue.i
    r = src.end

    def ok(j: int) -> bool:
        return j <= stop and not (c0 < doc[j - 1].idx + len(doc[j - 1].text) and doc[src.start].idx < c1
                                  and doc[j - 1].idx >= c0)

    if r < stop and doc[r].text == "(":
        close = next((j for j in range(r + 1, min(r + 6, stop)) if doc[j].text == ")"), None)
        if close is not None and ok(close + 1):
            r = close + 1
    elif r + 1 < stop and doc[r].text == "," and _PARTY.match(doc[r + 1].text):
        if ok(r + 2):
            r = r + 2
            if r < stop and doc[r].text == ".":
                r += 1
    cands = [t for t in doc[r : min(stop, r + 8)] if t.dep_ == "appos" and src.start <= t.head.i < r
             and doc[r].text == ","]
    for ch in cands[:1]:
        if ok(ch.right_edge.i + 1):
            if any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("relcl", "acl", "amod") for t in ch.subtree
                   if t.head.i == ch.i and t.dep_ in ("ccomp", "conj")):
                break
            r = ch.right_edge.i + 1
            break
    if r > src.end and r < stop and doc[r].text == "," and (r + 1 >= stop or cue is None or cue.i < src.start):
        r += 1  # "Dean, a doctor, said" / "said Dean, a doctor, who": PolNeAR keeps the closing comma
    return doc[src.start : r] if r > src.end else src


_WORDY = re.compile(r"\w")


def _mention(doc: Doc, region: tuple[int, int]) -> bool:
    """Is the quotation at char range ``region`` a title or scare quote (at most five
    words, or no verb), not something said?"""
    toks = doc.char_span(region[0], region[1], alignment_mode="expand")
    words = [t for t in toks or () if not t.is_punct and not t.is_space]
    return len(words) <= 5 or not any(t.pos_ in ("VERB", "AUX") for t in words)


def _mixed(span: Span, cue: Token, regions: list[tuple[int, int]]) -> bool:
    """Is ``span`` a clause with quotations ``regions`` (char ranges, marks included) wholly
    inside it and at least one word of its own outside them and outside the cue's phrase?"""
    text = doc_text(span.doc)

    def within(ra: int, rb: int) -> bool:  # marks and punctuation may stick out at the edges
        a, b = span.start_char, span.end_char
        return (ra >= a or not _WORDY.search(text[ra:a])) and (rb <= b or not _WORDY.search(text[b:rb]))

    if not all(within(ra, rb) for ra, rb in regions):
        return False
    cue_toks = {t.i for t in cue.subtree} if cue.dep_ == "parataxis" else set()
    cue_toks |= {c.i for ch in cue.children if ch.dep_ in _SUBJ for c in ch.subtree} | {cue.i}
    own = sum(1 for t in span if t.is_alpha and t.i not in cue_toks
              and not any(ra <= t.idx < rb for ra, rb in regions))
    return own >= 1


def _without_relay(span: Span, cue: Token, after: int, info: DocInfo) -> Span | None:
    """``span`` without an attribution adjunct of its own after char ``after`` (the last
    quotation's end): in "commented, “...,” as reported by Axios" the relay is not what
    the official said."""
    for t in span:
        if (t.i != cue.i and t.idx >= after and t.dep_ in ("advcl", "parataxis")
                and (is_cue(t, info) or t.pos_ == "VERB" and cue_lemma(t) in CUE_STANCE)):
            cut = _trim(span.doc, span.start, t.left_edge.i)
            mark = span.doc.char_span(after - 1, after, alignment_mode="expand")
            if cut is not None and mark is not None and cut.end <= mark.start < t.left_edge.i:
                cut = span.doc[cut.start : mark.end]  # keep the closing mark: 'was "a mess,"'
            return cut
    return span


def _with_marks(span: Span, regions: list[tuple[int, int]]) -> Span:
    """A mixed quote's span with the marks of a quotation at its edges ('Acme" had ...' ->
    '"Acme" had ...'), so its verbatim words show as such."""
    doc = span.doc
    lo, hi = span.start, span.end
    if lo > 0 and doc[lo - 1].text in _MARKS and any(ra == doc[lo - 1].idx for ra, _ in regions):
        lo -= 1
    def closes(i: int) -> bool:
        return doc[i].text in _MARKS and any(rb == doc[i].idx + len(doc[i].text) for _, rb in regions)

    if hi < len(doc) and closes(hi):
        hi += 1
    elif hi + 1 < len(doc) and doc[hi].text in (".", "!", "?", ",") and closes(hi + 1):
        hi += 2  # 'will be "swift and firm."': the quotation's own stop, then its closing mark
    return doc[lo:hi]


def _complement_content(doc: Doc, c: Token, floor: int) -> Span | None:
    """The content of a noun or adjective cue's complement ``c`` ("his claim that X", "sure
    that X", "critical of X"): a preposition's object, else the clause from ``floor`` on,
    without its "that"."""
    if c.dep_ == "prep":
        objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
        return _trim(doc, objs[0].left_edge.i, objs[-1].right_edge.i + 1) if objs else None
    lo = max(c.left_edge.i, floor)
    lo += 1 if doc[lo].dep_ == "mark" and doc[lo].lower_ == "that" else 0
    return _trim(doc, lo, c.right_edge.i + 1)


def _indirect_content(doc: Doc, info: DocInfo, tok: Token) -> Span | None:
    if tok.lower_ == "about" and tok.pos_ == "ADP":
        about = _about_topic(tok, info)
        return None if about is None else _trim(doc, about[1].left_edge.i, about[1].right_edge.i + 1)
    if tok.lower_ == "reportedly":  # the clause, the adverb inside it (a hole in PolNeAR's content)
        verb = _reportedly(tok, info)
        if verb is None:
            return None
        lo = verb.left_edge.i
        lo += 1 if doc[lo].dep_ == "mark" else 0
        return _trim(doc, lo, verb.right_edge.i + 1)
    if tok.lower_ == "in":  # "In the latest poll, X leads Y": the clause without the phrase
        verb = tok.head
        sub = sorted(t.i for t in tok.subtree)
        left, right = (verb.left_edge.i, sub[0]), (sub[-1] + 1, verb.right_edge.i + 1)
        lo, hi = right if right[1] - right[0] >= left[1] - left[0] and tok.i < verb.i else left
        return _trim(doc, lo, hi)
    if tok.lower_ == "according":
        k = info.sent_of(tok.i)
        s, e = info.sents[k][0], info.sents[k][1]
        sub = sorted(t.i for t in tok.subtree)
        left, right = (s, sub[0]), (sub[-1] + 1, e)
        lo, hi = right if right[1] - right[0] >= left[1] - left[0] else left
        return _trim(doc, lo, hi)
    if tok.lower_ == "known":
        known = _known_as(tok)
        return _trim(doc, *known) if known is not None else None
    pred = _pred_noun(tok) if tok.pos_ == "NOUN" and tok.lower_ in _PRED_NOUNS else None
    if pred is not None:
        return _trim(doc, pred[2].left_edge.i, pred[2].right_edge.i + 1)
    light = _light(tok) if tok.lemma_.lower() in LIGHT_VERBS else None
    if light is not None:
        _end, prep, head = light
        lo = head.left_edge.i
        if prep is None:
            lo = max(lo, _end.i + 1)
            lo += 1 if doc[lo].dep_ == "mark" and doc[lo].lower_ == "that" else 0
        return _trim(doc, lo, head.right_edge.i + 1)
    seem = _seeming(tok, info) if tok.lower_ in _SEEM_FORMS else None
    if seem is not None:  # "Indiana appears to be a break": subject through complement
        subj = next(c for c in tok.children if c.dep_ in ("nsubj", "expl"))
        it = subj.dep_ == "expl" or (subj.lower_ == "it" and seem.dep_ == "ccomp")
        lo = seem.left_edge.i if it else subj.left_edge.i
        if doc[lo].dep_ == "mark" and doc[lo].lower_ == "that":
            lo += 1
        return _trim(doc, lo, seem.right_edge.i + 1)
    imp = _impersonal_adj(tok)
    if imp is not None:
        lo = imp.left_edge.i + (1 if doc[imp.left_edge.i].dep_ == "mark" and doc[imp.left_edge.i].lower_ == "that" else 0)
        return _trim(doc, max(lo, tok.i + 1), imp.right_edge.i + 1)
    comps = [c for c in tok.children if c.dep_ == "ccomp"]
    if _is_noun_cue(tok):
        c = _noun_complement(tok)
        return None if c is None else _complement_content(doc, c, tok.i + 1)
    if _is_adj_cue(tok):
        c = _adj_complement(tok)
        return None if c is None else _complement_content(doc, c, 0)
    if not comps and cue_lemma(tok) in XCOMP_CUES:
        comps = [c for c in tok.children if c.dep_ == "xcomp"]
    if not comps and cue_lemma(tok) in _QUESTION_CUES:  # "asked workers if they ...", parsed as advcl
        comps = [c for c in tok.children if c.dep_ == "advcl" and c.i > tok.i
                 and any(m.dep_ == "mark" and m.lower_ in ("if", "whether") for m in c.children)]
    if not comps and tok.dep_ == "parataxis" and tok.head.pos_ in ("VERB", "AUX") \
            and any(c.dep_ in _SUBJ for c in tok.children):
        # parenthetical: "The test, North Korea said, was its biggest yet" -- the host
        # clause is the content (its source and cue lie inside it)
        h = tok.head
        while h.dep_ in ("advcl", "ccomp") and h.head.i != h.i and h.i < tok.i < h.head.right_edge.i:
            h = h.head  # "Though X was seamless, he said, Y would be ...": the whole sentence
        while h.dep_ == "conj" and h.head.i < tok.i and h.left_edge.i >= tok.left_edge.i:
            # "A, residents say, long before B": the parser hung the tag on the conjunct it
            # opens; what they say starts with A
            h = h.head
        return _trim(doc, h.left_edge.i, h.right_edge.i + 1)
    if not comps and _passive_subject(tok) is not None and cue_lemma(tok) in PASSIVE_CUES:
        return _passive_content(doc, tok)
    if not comps and tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.pos_ in ("NOUN", "PROPN") \
            and tok.head.i < tok.i and cue_lemma(tok) in PASSIVE_CUES and _agent(tok) is not None:
        # "The bill, opposed by House Republicans, ...": the noun phrase before the participle
        return _trim(doc, tok.head.left_edge.i, tok.left_edge.i)
    if not comps and _reporting_adjunct(tok):
        return _host_content(doc, tok)
    lent = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ in _TIME_PREPS
                 for g in c.children if _borrower(g) is tok), None) if not comps else None
    if lent is not None:  # "saying after Barr's announcement that X": X
        return _complement_content(doc, _noun_complement(lent), lent.i + 1)  # type: ignore[arg-type]
    if not comps:
        return _object_content(doc, tok) or _rest_clause(doc, info, tok)
    c = comps[0]
    if cue_lemma(tok) == "find" and c.tag_ == "VB" and c.lemma_ != "be" and any(
            a.lower_ == "to" and a.dep_ == "aux" for a in c.children):  # but "found it to be a deterrent"
        return None  # "found the resources to bus thousands": a means found, not a finding
    later = [x for x in tok.children if x.dep_ in ("ccomp", "xcomp") and x.i > tok.i]
    if c.i < tok.i and later and (
            len(comps) > 1 or any(x.dep_ == "dobj" and x.i > tok.i for x in tok.children)
            or not any(x.dep_ in _SUBJ for x in c.children)):
        # "A; he says he fears B", "A, the minister ordered everyone to clear out", "In a
        # letter posted ..., Ms. Davis recalled being criticized": a clause before the cue
        # and one after it both hung on it; the one after it is what it reports (but "A, an
        # official said, meaning B" reports A)
        c = later[0]
    lo, hi = c.left_edge.i, c.right_edge.i + 1
    front = _fronted_subject(doc, tok) if c is comps[0] else None
    if front is not None:
        # "Progressivism, he told the conference, is a cancer": the parser hung the clause's
        # subject on the cue between commas; the whole clause is the content (source and cue
        # inside it, as for a parenthetical cue)
        return _trim(doc, front.left_edge.i, _past_colon(doc, hi))
    if _tail_conjunct(tok, c):
        # "A, but B, Axios reported": the parser hung the cue on A as its conjunct and took
        # only B for its complement; the report is the whole sentence before it
        lo = tok.head.left_edge.i
    if c.i > tok.i:  # a complement after the cue starts after it (a misattached left adjunct)
        lo = max(lo, tok.i + 1)
    if doc[lo].lower_ in ("that",) and doc[lo].dep_ == "mark":
        lo += 1
    return _trim(doc, lo, _past_colon(doc, hi))


_QUESTION_CUES = frozenset({"ask", "wonder", "question", "inquire"})


def _fronted_subject(doc: Doc, tok: Token) -> Token | None:
    """The noun phrase before a cue and its own subject, closed by a comma, that is the
    subject its subjectless clausal complement after it lacks ("X, he told Y, is Z")."""
    c = next((x for x in tok.children if x.dep_ == "ccomp"), None)
    if c is None or c.i < tok.i or any(x.dep_ in (*_SUBJ, "expl") for x in c.children):
        return None
    subj = next((x for x in tok.lefts if x.dep_ in _SUBJ), None)
    return next((x for x in tok.lefts if x.dep_ in ("npadvmod", "dep", "nmod") and x.pos_ in ("NOUN", "PROPN")
                 and subj is not None and x.right_edge.i + 1 < subj.i and doc[x.right_edge.i + 1].text == ","
                 and doc[tok.right_edge.i].i >= c.i), None)


def _tail_conjunct(tok: Token, c: Token) -> bool:
    """Is cue ``tok`` a sentence-final "..., X reported" whose complement ``c`` is only the
    last of two coordinated clauses (the cue parsed as the first clause's conjunct)?"""
    h = tok.head
    return (
        tok.dep_ == "conj" and c.i < tok.i and h.i < c.left_edge.i and h.pos_ in ("VERB", "AUX")
        and any(x.dep_ in _SUBJ and c.right_edge.i < x.i < tok.i for x in tok.children)
        and any(x.dep_ == "cc" and h.i < x.i < c.left_edge.i for x in h.children)
    )


def _reporting_adjunct(tok: Token) -> bool:
    """A cue verb hung on the clause it reports as an adverbial: "As the Atlantic noted, X",
    "X, as some have speculated", "X, the budget office reported on Tuesday" (no mark, after
    the clause). It has a subject and no object or clause of its own."""
    if tok.dep_ != "advcl" or tok.head.pos_ not in ("VERB", "AUX"):
        return False
    kids = list(tok.children)
    if not any(c.dep_ == "nsubj" and c.lower_ not in _NOT_SOURCE for c in kids) or any(
            c.dep_ in ("dobj", "ccomp", "xcomp", "dative") for c in kids):
        return False
    marks = [c.lower_ for c in kids if c.dep_ == "mark"]
    if marks:
        return marks == ["as"]
    return tok.i > tok.head.i and tok.left_edge.i > 0 and tok.doc[tok.left_edge.i - 1].text in (",", "--", "—")


def _host_content(doc: Doc, tok: Token) -> Span | None:
    """The clause a reporting adjunct hangs on, without the adjunct: the longer side."""
    h = tok.head
    lo, hi = tok.left_edge.i, tok.right_edge.i + 1
    left, right = (h.left_edge.i, lo), (hi, h.right_edge.i + 1)
    a, b = right if right[1] - right[0] > left[1] - left[0] else left
    return _trim(doc, a, b)


_AS_ONLY = frozenset({"see", "cast", "frame"})


def _as_phrase(tok: Token) -> bool:
    """Has ``tok`` an as-phrase, on itself or on its object ("sees [the plan] [as a waste]")?"""
    objs = [c for c in tok.rights if c.dep_ in ("dobj", "oprd")]
    return any(c.dep_ == "prep" and c.lower_ == "as" for h in (tok, *objs) for c in h.rights)


# Reporting verbs whose clause the parser sometimes hangs elsewhere ("the Sun-Times reported
# in Chicago the parade began ...": "began" is not its ccomp).
_REST_CUES = frozenset("say report write note tell add explain claim argue insist warn state "
                       "acknowledge admit announce confirm reveal suggest".split())


def _rest_clause(doc: Doc, info: DocInfo, tok: Token) -> Span | None:
    """The rest of the sentence after a reporting verb with no complement of its own, when it
    is a clause (a subject and its finite verb) and no quotation or other cue is in it."""
    if cue_lemma(tok) not in _REST_CUES or tok.dep_ not in ("ROOT", "conj") or not any(
            c.dep_ in _SUBJ for c in tok.children):
        return None
    k = info.sent_of(tok.i)
    end = info.sents[k][1]
    lo = tok.i + 1
    while lo < end and (doc[lo].head.i == tok.i and doc[lo].dep_ in ("advmod", "npadvmod", "dobj", "dative", "prep")
                        or doc[lo].head.i in range(tok.i + 1, lo) and doc[lo].dep_ not in _SUBJ):
        lo += 1  # "reported [in Chicago] [Tuesday]", "told [reporters]"
    if lo < end and doc[lo].lower_ == "that":
        lo += 1
    rest = doc[lo:end]
    if len(rest) < 3 or any(t.text in _MARKS for t in rest) or any(is_cue(t, info) for t in rest):
        return None
    if not any(t.dep_ in ("nsubj", "nsubjpass", "expl") and t.head.pos_ in ("VERB", "AUX")
               and lo <= t.head.i < end and t.head.head.i not in range(lo, end) for t in rest):
        return None
    return _trim(doc, lo, end)


def _passive_content(doc: Doc, tok: Token) -> Span | None:
    """Content of a passive cue: its subject ("The registration issue was first reported by
    the Post"), with the complement after the verb when no agent is named ("Mr. Quiros was
    accused of using ...", "statements were rated as mostly true")."""
    subj = _passive_subject(tok)
    if subj is None or subj.lower_ in _NOT_SOURCE and subj.lower_ != "that" and not (
            subj.lower_ in _REL_PRONOUNS and tok.dep_ == "relcl" and _agent(tok) is not None):
        return None  # but "the attacks, which were claimed by ISIS": the pronoun is what was claimed
    if cue_lemma(tok) in _AS_ONLY and not _as_phrase(tok):
        return None  # "is seen as the favourite", not "was seen leaving"
    lo, hi = subj.left_edge.i, subj.right_edge.i + 1
    if _agent(tok) is None:
        for c in tok.rights:
            if c.dep_ in ("oprd", "xcomp", "attr") or (c.dep_ == "prep" and c.lower_ in CONTENT_PREPS):
                hi = max(hi, c.right_edge.i + 1)
    return _trim(doc, lo, hi)


_OBJ_DEPS = frozenset({"dobj", "oprd", "xcomp", "ccomp", "dative", "attr"})
_TIME_ENTS = frozenset({"DATE", "TIME"})
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})


def _object_content(doc: Doc, tok: Token) -> Span | None:
    """Content of a cue without a clausal complement: its object and the complements after
    it ("attacked Clinton for her vote", "called for a moratorium", "cited X as Y")."""
    lemma = cue_lemma(tok)
    if lemma == "say":
        return _said_object(doc, tok)
    ph = _phrasal(tok)
    clause = _for_clause(tok) if ph is None else None
    if clause is not None:  # "called for all candidates to lay out ...": the parser's advcl
        return _trim(doc, clause.left_edge.i + 1, clause.right_edge.i + 1)
    if lemma not in NP_CUES and ph is None and not (lemma == "tell" and any(
            c.dep_ == "dobj" and c.lemma_.lower() in _TOLD_THINGS for c in tok.rights)):
        return None
    if lemma in _AS_ONLY and not _as_phrase(tok):
        return None  # "sees the campaign as unfair", not "saw the movie"
    kids = []
    for c in tok.rights:
        if kids and c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN"):
            kids.append(c)  # "lambasted McDonald's and Walmart": a further object hung on the verb
            continue
        if kids and c.dep_ in ("punct", "cc") and any(
                x.dep_ == "conj" and x.pos_ in ("NOUN", "PROPN") and x.i > c.i for x in tok.rights):
            continue
        if c.dep_ in ("punct", "cc", "conj") and c.i > tok.i + 1 and kids:
            break
        if ph is not None and c.i == ph.i:
            kids.extend(g for g in c.children if g.dep_ in ("pobj", "pcomp") and g.i > c.i)
            continue
        if c.dep_ in _OBJ_DEPS:
            kids.append(c)
        elif c.dep_ == "prep" and kids and not any(g.ent_type_ in _TIME_ENTS for g in c.children):
            # the object's modifiers the parser hung on the verb ("a levy on polluters",
            # "donations in far greater amounts", "blasted Obama after the test")
            kids.append(c)
        elif kids and _runs_on(kids, c):
            kids.append(c)
        elif c.dep_ in ("advcl", "npadvmod") or c.dep_ == "prep":
            if kids:
                break
    if not kids:
        return None
    if ph is None and tok.dep_ == "acl" and kids[0].dep_ == "dobj" and kids[0].ent_type_ in _PLACE_ENTS:
        return None  # "the army attacking Iran": an act on a place, not words about it
    lo = max(min(k.left_edge.i for k in kids), tok.i + 1)
    hi = _past_colon(doc, max(k.right_edge.i for k in kids) + 1)
    return _trim(doc, lo, hi)


# what "tell" reports when it is its object ("told a joke", "telling their family stories"),
# rather than whom it addresses ("told reporters")
_TOLD_THINGS = frozenset({"story", "tale", "joke", "lie", "truth", "anecdote"})


def _past_colon(doc: Doc, hi: int) -> int:
    """An object ending at a colon runs on through the list the colon opens ("promotes a
    variety of ideas: X, Y and Z"), to the end of the sentence, when no quotation follows."""
    colon = hi if hi < len(doc) and doc[hi].text == ":" else hi - 1  # the parser may hang it inside
    if not 0 < colon < len(doc) or doc[colon].text != ":":
        return hi
    end = doc[colon].sent.end
    rest = doc[colon + 1 : end]
    if len(rest) < 2 or any(t.text in _MARKS for t in rest):
        return hi
    return end


def _for_clause(tok: Token) -> Token | None:
    """A phrasal cue's preposition read as the mark of an infinitive clause right after the
    verb ("calls for the party to respond", "pushed for Congress to act")."""
    preps = PHRASAL_CUES.get(cue_lemma(tok))
    if not preps:
        return None
    for c in tok.rights:
        m = c.left_edge
        if c.dep_ == "advcl" and m.dep_ == "mark" and m.lower_ in preps and m.i <= tok.i + 2 and m.head.i == c.i:
            return c
    return None


def _runs_on(kids: list[Token], c: Token) -> bool:
    """Is clause ``c``, hung on the cue verb, a misattached modifier of its object: right after
    it with no punctuation between, a participle or a relative clause ("bragged about her
    father teaching her to shoot", "point to charities that fund militants")?"""
    if c.dep_ not in ("advcl", "ccomp", "acl") or c.left_edge.i != max(k.right_edge.i for k in kids) + 1:
        return False
    if c.left_edge.lower_ == "to" and c.left_edge.dep_ == "aux" and c.dep_ == "advcl":
        return True  # "pushed states to adopt X": the object's infinitive, read as a purpose clause
    return c.tag_ in ("VBG", "VBN") and c.left_edge.i == c.i or c.left_edge.lower_ in ("that", "who", "which", "whose")


_SAID_ANSWERS = frozenset({"so", "yes", "no"})
_SAID_OBJECTS = frozenset({"same", "nothing", "little", "something", "anything", "otherwise", "much"})


def _said_object(doc: Doc, tok: Token) -> Span | None:
    """The answer or pro-form a "say" reports ("55 percent said so", "72 percent said yes",
    "61 percent say the same of Clinton", "she has said little about the plan")."""
    for c in tok.rights:
        if c.lower_ in _SAID_ANSWERS and c.dep_ in ("advmod", "intj", "dobj", "attr") and c.i == tok.i + 1:
            return doc[c.i : c.i + 1]
        if c.dep_ == "dobj" and c.lower_ in _SAID_OBJECTS:
            return _trim(doc, c.left_edge.i, c.right_edge.i + 1)
    return None


def _trim(doc: Doc, lo: int, hi: int) -> Span | None:
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space or doc[hi - 1].dep_ == "cc"):
        hi -= 1
    return doc[lo:hi] if hi > lo else None
