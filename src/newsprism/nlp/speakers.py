"""Who is speaking: classify a source phrase and resolve pronouns and "the official".

A source is ``named`` (a person), ``anonymous`` (an unnamed person or group, with
descriptors: count, nationality, rank, role, domain, qualifier), ``organization``,
``outlet`` or ``unknown``. Pronouns ("he", "they") and definite role nouns ("the
official") are resolved by simple recency over the same article, the way most
newsroom attribution tools do (cf. Muzny et al. 2017, "A Two-stage Sieve Approach for
Quote Attribution", whose first sieves are exactly these).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from rapidfuzz import fuzz
from spacy.tokens import Doc, Span, Token

from .cues import (
    BOOK_NOUNS,
    COUNTS,
    DOC_NOUNS,
    ORG_NAME_TAILS,
    ORG_NOUNS,
    RANKS,
    REPORT_NOUNS,
    ROLE_NOUNS,
    SPEECH_FORMS,
    TITLE_WORDS,
    nationality_of,
    strip_title,
)
from .outlets import NEWSY_WORDS, canonical_outlet
from .sentences import QuotePair, doc_sentences, find_quote_pairs, paragraph_starts, title_case_line

__all__ = ["Speaker", "DocInfo", "doc_info", "doc_text", "SpeakerResolver", "source_span", "person_name", "strip_det"]

_HE = frozenset({"he", "she", "him", "her", "his", "hers"})
_MASCULINE = frozenset({"he", "him", "his"})
_THEY = frozenset({"they", "it", "we", "their", "its", "our"})
_SELF = frozenset({"himself", "herself"})
_DOMAINS = ("defense", "defence", "military", "intelligence", "political", "security",
            "diplomatic", "government", "administration", "health", "police")
_QUALIFIER = re.compile(
    r"(familiar with [^,.;”\"]+|speaking on (?:the )?condition of anonymity|"
    r"who (?:asked|spoke|requested) [^,.;”\"]*(?:identified|named|anonymity)[^,.;”\"]*|"
    r"briefed on [^,.;”\"]+|close to [^,.;”\"]+|with (?:direct )?knowledge of [^,.;”\"]+|"
    r"not authori[sz]ed to [^,.;”\"]+)"
)
_NOT_PERSON = frozenset({"ORG", "GPE", "NORP", "OUTLET", "LOC", "FAC", "DATE", "EVENT"})


class Speaker(NamedTuple):
    name: str | None
    kind: str
    descriptors: dict[str, str]


@dataclass
class DocInfo:
    """Per-doc lookups shared by the extractors (built once, cached in ``doc.user_data``)."""

    sents: list[tuple[int, int, int, int]]
    sent_starts: list[int]
    para_starts: list[int]
    quote_ranges: list[tuple[int, int]]
    persons: list[tuple[int, int, str, bool]] = field(default_factory=list)
    pairs: list[QuotePair] = field(default_factory=list)  # the quotation-mark pairs, found once
    surnames: dict[str, set[str]] = field(default_factory=dict)
    # "m" or "f" for a person the article itself marks ("Mr. Sanders", "Ms. Coulter",
    # "spokeswoman Elin Sand", "his wife, Heidi"); a person marked both ways is left out
    gender: dict[str, str] = field(default_factory=dict)
    mention_gender: dict[int, str] = field(default_factory=dict)  # by a mention's first token
    # names the tagger made people that the article's words show to be organisations
    # ("America Awesome PAC", "a Twitter post", "Public Citizen, an advocacy group")
    orgs: set[str] = field(default_factory=set)

    def sent_of(self, tok_i: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, tok_i) - 1)

    def para_of(self, char: int) -> int:
        return bisect.bisect_right(self.para_starts, char)

    def in_quote(self, char: int) -> bool:
        k = bisect.bisect_right(self.quote_ranges, (char, 1 << 60)) - 1
        return k >= 0 and self.quote_ranges[k][0] < char < self.quote_ranges[k][1]

    def full_name(self, name: str) -> str:
        """Map a surname (or misspelled surname) to the unique full name in the doc."""
        if " " in name:
            return name
        exact = self.surnames.get(name.casefold())
        if exact and len(exact) == 1:
            return next(iter(exact))
        fuzzy = {full for sur, fulls in self.surnames.items() for full in fulls
                 if sur[:1] == name[:1].casefold() and fuzz.ratio(sur, name.casefold()) >= 85}
        return next(iter(fuzzy)) if len(fuzzy) == 1 else name


def person_name(text: str) -> str:
    return strip_title(text)[0]


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once (spaCy re-joins all tokens on every access)."""
    text = doc.user_data.get("newsprism_text")
    if text is None:
        text = doc.user_data["newsprism_text"] = doc.text
    return text


def doc_info(doc: Doc) -> DocInfo:
    cached = doc.user_data.get("newsprism_info")
    if cached is not None:
        return cached
    sents = doc_sentences(doc)
    pairs = find_quote_pairs(doc_text(doc))
    info = DocInfo(
        sents=sents,
        sent_starts=[s[0] for s in sents],
        para_starts=paragraph_starts(doc_text(doc)),
        quote_ranges=[(p.open, p.close) for p in pairs],
        pairs=pairs,
    )
    said_org: set[str] = set()
    singles: set[str] = set()  # one-word PERSON names ("Sanders")
    for ent in doc.ents:
        if ent.label_ not in _MAYBE_ORG or info.in_quote(ent.start_char):
            continue
        name = person_name(ent.text) if ent.label_ == "PERSON" else _POSSESSIVE.sub("", strip_det(ent.text))
        if name and _says_org(ent):
            # (whose every mention is then no person: "Twitter removed it"; and a company the
            # tagger made a product once, "Tarnwick's headquarters", is one where it is untyped)
            said_org.add(name)
        if ent.label_ != "PERSON":
            continue
        if not name or (ent.root.dep_ == "compound" and ent.root.head.pos_ == "NOUN"):
            # a name modifying a common noun ("the Varnholm volumes", "the Biden
            # administration") is no one "he" or "she" can refer back to
            continue
        # (a name in apposition to a subject is one: "The lawyer for X, David Kendall, said")
        root = ent.root.head if ent.root.dep_ == "appos" else ent.root
        is_subj = root.dep_ in ("nsubj", "nsubjpass")
        info.persons.append((ent.start, ent.end, name, is_subj))
        if " " in name:
            _add_surname(info, name)
        else:
            singles.add(name)
    # subjects that look like names the NER missed ("Mayor Ana Ruiz visited ...") or took
    # for an organisation while a person's role stands beside them ("Karin Holt, director
    # of ...")
    for tok in doc:
        if (tok.dep_ == "nsubj" and tok.pos_ == "PROPN" and tok.ent_type_ != "PERSON"
                and (tok.ent_type_ not in _NOT_PERSON or _role_named(tok))
                and not info.in_quote(tok.idx)):
            name = person_name(_ent_text(tok) if _role_named(tok) else _name_text(tok))
            if " " in name:
                info.persons.append((tok.i, tok.i + 1, name, True))
                _add_surname(info, name)
    # a one-word name the tagger made a person somewhere and no full name ends with is a
    # surname of its own ("Sanders" PERSON once, ORG where he speaks)
    for name in singles:
        if name.casefold() not in info.surnames:
            info.surnames[name.casefold()] = {name}
    # a bare surname subject the NER missed ("Biden has said ...") of a person named in full
    # elsewhere in the article, or a bare surname it took for an organisation or a place
    # ("Holder" ORG, "Eric Holder" PERSON; "Griffin" GPE, "Kathy Griffin" PERSON): a
    # candidate for "he" like any other mention
    for tok in doc:
        missed = (tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ in ("PROPN", "NOUN")
                  and tok.ent_type_ != "PERSON" and tok.ent_type_ not in _NOT_PERSON)
        as_org = _lone_name(tok) and not (tok.dep_ == "compound" and tok.head.pos_ == "NOUN")
        if (missed or as_org) and tok.text[:1].isupper() and not info.in_quote(tok.idx):
            fulls = info.surnames.get(tok.lower_)
            if fulls:  # (a surname two people share stays bare, as the tagger's own "Trump" does)
                name = next(iter(fulls)) if len(fulls) == 1 else tok.text
                info.persons.append((tok.i, tok.i + 1, name, missed or tok.dep_ in ("nsubj", "nsubjpass")))
    info.persons.sort()
    _mark_gender(doc, info)
    _drop_orgs(doc, info, said_org)
    doc.user_data["newsprism_info"] = info
    return info


# head nouns of organised groups that the organisation nouns leave out
_GROUP_NOUNS = frozenset({"group", "organisation", "organization", "coalition", "charity", "alliance",
                          "federation"})
_MALE = frozenset({"mr", "mr.", "spokesman", "congressman", "chairman", "businessman", "husband",
                   "father", "son", "brother", "king", "prince", "actor", "sir", "lord", "uncle",
                   "grandfather", "boyfriend", "nephew", "councilman", "assemblyman"})
_FEMALE = frozenset({"mrs", "mrs.", "ms", "ms.", "miss", "spokeswoman", "congresswoman",
                     "chairwoman", "businesswoman", "wife", "mother", "daughter", "sister", "queen",
                     "princess", "actress", "lady", "madam", "aunt", "grandmother", "girlfriend",
                     "dame", "niece", "councilwoman", "assemblywoman"})


def _name_words(doc: Doc, start: int, end: int) -> tuple[list[Token], list[Token]]:
    """The words that describe the person named at tokens ``start:end``: title words right
    before or inside the name that hang on it ("Environment Minister Hana Ostrowa", "Mr.
    Sanders"), and appositions either way ("Hana Ostrowa, the minister,", "his wife, Heidi
    Cruz")."""
    span = doc[start:end]
    root = span.root
    titles = [t for t in doc[max(0, start - 1) : end] if t.i != root.i and t.head.i in range(start, end)
              and (t.i < start or not t.ent_type_ or t.i == start)]
    appos = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        appos.append(root.head)
    return titles, appos


def _mark_gender(doc: Doc, info: DocInfo) -> None:
    """What the article says of each person's gender: an honorific or a gendered role word
    in a title or an apposition (:func:`_name_words`: "Mr.", "Ms.", "spokeswoman", "his
    wife, Heidi Cruz"). No name list: a first name says nothing here."""
    seen: dict[str, set[str]] = {}
    for start, end, name, _s in info.persons:
        titles, appos = _name_words(doc, start, end)
        marks = {"m" if w.lower_ in _MALE else "f" for w in titles + appos if w.lower_ in _MALE | _FEMALE}
        if len(marks) == 1:
            info.mention_gender[start] = next(iter(marks))
        if " " not in name and len(info.surnames.get(name.casefold(), ())) > 1:
            continue  # "Mrs. Trump" where two Trumps are named: only that mention is hers
        if marks:
            seen.setdefault(info.full_name(name), set()).update(marks)
    info.gender.update({n: next(iter(gs)) for n, gs in seen.items() if len(gs) == 1})


# the labels under which the small model files a company ("Tarnwick" PERSON, ORG or PRODUCT)
_MAYBE_ORG = frozenset({"PERSON", "ORG", "PRODUCT"})
_ORG_ABBREV = frozenset({"Inc", "Inc.", "Corp", "Corp.", "LLC", "Ltd", "Ltd.", "Co."})
# what only an organisation has, after its name or its possessive ("Twitter's chief
# executive", "Best Buy stores", "Indivisible co-founder Ezra Levin")
_ORG_OWNED = frozenset({"ceo", "shareholder", "stockholder", "headquarters", "store", "subsidiary",
                        "founder", "co-founder", "cofounder", "franchise"})
# what a service has after its bare name; a person's takes the possessive ("a Twitter post",
# "his Twitter account", but "Weiner's account")
_SERVICE_OWNED = frozenset({"account", "post", "feed", "user", "app"})
# verbs of posting on a service ("wrote on Twitter")
_POST_VERBS = frozenset({"post", "write", "tweet", "share", "publish"})
# what an organisation is, in apposition ("Public Citizen, an advocacy group")
_ORG_KINDS = frozenset({"company", "firm", "corporation", "group", "organization", "organisation",
                        "committee", "chain", "retailer", "maker", "manufacturer", "giant", "platform",
                        "network", "charity", "nonprofit", "coalition", "pac", "union", "association",
                        "foundation", "startup", "brand", "bank", "website", "site", "service"})


def _says_org(ent: Span) -> bool:
    """Whether the words in and around a PERSON mention show an organisation: its last word
    ("America Awesome PAC"), what it owns ("Twitter's chief executive", "a Twitter post",
    "an avid user of Twitter", "wrote on Twitter"), an apposition ("Public Citizen, an
    advocacy group"), or "its" in a clause of which it is the only possible subject ("Best
    Buy closed its stores", "Twitter and its chief executive")."""
    doc = ent.doc
    if _org_tail(ent.text) or (ent.end < len(doc) and doc[ent.end].text in _ORG_ABBREV):
        return True
    root = ent.root
    head = root.head
    if root.dep_ in ("compound", "poss") and head.i >= ent.end and head.pos_ == "NOUN":
        lemma = head.lemma_.lower()
        if lemma in _ORG_OWNED or (lemma == "executive" and any(c.lower_ == "chief" for c in head.lefts)):
            return True
        if root.dep_ == "compound" and lemma in _SERVICE_OWNED:
            return True
    if root.dep_ == "pobj" and head.head.i < head.i:
        owner = head.head.lemma_.lower()
        if head.lower_ == "of" and owner in _ORG_OWNED | _SERVICE_OWNED:
            return True  # "an avid user of Twitter", "the founder of Acme"
        if head.lower_ == "on" and owner in _POST_VERBS:
            return True  # "wrote on Twitter"
    kinds = [c for c in root.children if c.dep_ == "appos"] + ([head] if root.dep_ == "appos" else [])
    if any(k.pos_ == "NOUN" and k.lemma_.lower() in _ORG_KINDS for k in kinds) and not any(
            k.lemma_.lower() in _PERSON_ROLES for k in kinds):
        return True  # not "Max Richtman, executive vice president of X, an advocacy group"
    owned = [c for c in root.children if c.dep_ == "conj"]
    if root.dep_ == "nsubj":
        owned += [c for c in head.children if c.dep_ == "dobj"]
    its = [g for o in owned for g in o.children if g.dep_ == "poss" and g.lower_ == "its"]
    # "Twitter ... said Mr. Jones had not violated its policies": only when no other
    # organisation or place stands before it in the sentence
    return bool(its) and not any(
        (t.ent_type_ in _NOT_PERSON or t.lemma_.lower() in ORG_NOUNS | _ORG_KINDS) and not ent.start <= t.i < ent.end
        for t in doc[root.sent.start : its[0].i])


def _org_tail(name: str) -> bool:
    """Whether a name of two or more words ends with a capitalised organisation word
    (:data:`ORG_NAME_TAILS`: "America Awesome PAC", "Acme Group")."""
    words = name.split()
    return len(words) > 1 and words[-1][:1].isupper() and words[-1].casefold() in ORG_NAME_TAILS


def _drop_orgs(doc: Doc, info: DocInfo, said_org: set[str]) -> None:
    """Take the names the article shows to be organisations (:func:`_says_org`) out of the
    people ("he" and "she" cannot refer to them) unless the article also marks one as a
    person (an honorific or gendered role word, :func:`_mark_gender`)."""
    # (a subject the tagger missed is a person candidate too: "Make America Awesome PAC paid")
    said_org |= {n for _s, _e, n, _subj in info.persons if _org_tail(n)}
    orgs = {n for n in said_org if info.full_name(n) not in info.gender}
    if not orgs:
        return
    info.orgs = orgs
    info.persons = [p for p in info.persons if p[2] not in orgs]
    for sur in list(info.surnames):
        info.surnames[sur] -= orgs
        if not info.surnames[sur]:
            del info.surnames[sur]


def _agrees(info: DocInfo, pronoun: str, name: str, at: int | None = None) -> bool:
    """Whether "he"/"she" (and "his"/"her") can refer to ``name`` (mentioned at token ``at``)
    by what the article says of the person's gender (unknown agrees with both)."""
    g = info.mention_gender.get(at) if at is not None else None
    g = g or info.gender.get(info.full_name(name))
    if g is None:
        return True
    return g == ("m" if pronoun in _MASCULINE else "f")


def source_span(doc: Doc, head: Token, exclude: tuple[int, int] = (0, 0)) -> Span:
    """The speaker phrase around ``head``: its subtree up to the first comma after the
    head, without tokens of the quotation ``exclude`` (token range). When the content lies
    in a relative clause of the head ("centrists who were angry about the war"), the
    relative pronoun is the source, as PolNeAR marks it (the speaker is still the head)."""
    a, b = exclude
    rel = _rel_pronoun(head, a, b)
    if rel is not None:
        return doc[rel.i : rel.i + 1]
    left = head.left_edge.i
    right = head.i
    for tok in head.rights:
        if _restrictive(doc, right, tok) and not (tok.left_edge.i < b and a <= tok.right_edge.i):
            right = tok.right_edge.i  # "voters who backed him", "the writer David Frum"
            continue
        if tok.text in {",", "“", '"', "”", "«"} or tok.dep_ in ("relcl", "appos", "punct") \
                or tok.left_edge.lower_ in ("that", "who", "which"):
            break
        if tok.dep_ == "acl" and any(t.ent_type_ == "OUTLET" for t in tok.subtree):
            break
        if _when(tok):
            break  # "the campaign on Monday": the date is the report's, not the speaker's
        right = tok.right_edge.i
    if doc[left].lower_ == "even" and doc[left].dep_ == "advmod" and left < head.i:
        left += 1  # "Even Latino Republicans": the focus word is no part of who speaks
    if a <= left < b:
        left = b
    if a <= right < b or (left < a <= right):
        right = min(right, a - 1)
    right = max(left, right)
    while right > left and doc[right].is_punct:
        right -= 1
    while left < right and doc[left].is_punct:
        left += 1
    glued = _glued_end(doc, right)
    if not (a <= glued < b or left < a <= glued):
        right = glued
    return doc[left : right + 1]


_REL_WORDS = frozenset({"who", "whom", "whose", "that", "which"})
_GLUE = frozenset({"-", "%"})
_ASIDE = frozenset({",", ";", "—", "–", "--", "(", ")"})


def _rel_pronoun(head: Token, a: int, b: int) -> Token | None:
    """The relative pronoun subject of a relative clause of ``head`` that holds the
    content (token range ``[a, b)``)."""
    if b <= a:
        return None
    for rc in head.rights:
        if rc.dep_ == "relcl" and rc.left_edge.i <= a and b - 1 <= rc.right_edge.i:
            if any(t.text in _ASIDE for t in head.doc[rc.i + 1 : a]):
                return None  # "X — who called for ... — lambasting Y": the clause closed before
            return next((c for c in rc.children if c.dep_ in ("nsubj", "nsubjpass")
                         and c.lower_ in ("who", "which") and c.i < a), None)
    return None


_MEDIUM_NOUNS = DOC_NOUNS | frozenset({"speech", "interview", "post", "filing", "tweet", "remarks",
                                       "appearance", "column", "op-ed", "email", "statement"})


def _when(tok: Token) -> bool:
    """Is ``tok`` a time phrase ("on Monday", "last week") or the medium or manner of the
    report ("in a court filing", "in his speech")?"""
    if tok.dep_ == "prep":
        objs = [c for c in tok.children if c.dep_ == "pobj"]
        if tok.lower_ == "in" and objs and all(o.lemma_.lower() in _MEDIUM_NOUNS for o in objs):
            return True
        return bool(objs) and all(o.ent_type_ in ("DATE", "TIME") for o in objs)
    return tok.dep_ == "npadvmod" and tok.ent_type_ in ("DATE", "TIME")


def _restrictive(doc: Doc, right: int, tok: Token) -> bool:
    """Is ``tok`` (a right dependent of a source's head, right after token ``right``) a
    part of the phrase with no comma or mark before it? PolNeAR's source keeps a defining
    relative clause ("Republicans who critiqued the speech") and a name set right after
    its title noun ("The conservative writer David Frum"); a clause or apposition after a
    comma is a separate aside. (The caller keeps out a clause holding the content: "data
    that suggests X" is the cue's own clause.)"""
    if tok.left_edge.i != right + 1:
        return False
    if tok.dep_ == "relcl":
        return tok.left_edge.lower_ in _REL_WORDS
    return tok.dep_ == "appos" and tok.pos_ == "PROPN" and tok.ent_type_ in ("PERSON", "OUTLET") \
        and tok.head.pos_ == "NOUN"  # "the website Varnholm Daily" too


def _glued_end(doc: Doc, right: int) -> int:
    """Token ``right`` moved past a hyphen or percent sign glued to it: a source span does
    not end inside "co-author" or "42%"."""
    while right + 1 < len(doc) and not doc[right].whitespace_ and doc[right + 1].text in _GLUE:
        if doc[right + 1].text == "%":
            right += 1
        elif right + 2 < len(doc) and not doc[right + 1].whitespace_ and doc[right + 2].is_alpha:
            right += 2
        else:
            break
    return right


class SpeakerResolver:
    """Classify source phrases; remembers earlier speakers for anaphora."""

    def __init__(self, doc: Doc, info: DocInfo, outlet_refs: list | None = None) -> None:
        self.doc = doc
        self.info = info
        self.history: list[tuple[int, str, Speaker]] = []  # (token i, head lemma, speaker)
        self.outlet_refs = outlet_refs or []

    def remember(self, tok_i: int, head_lemma: str, speaker: Speaker) -> None:
        if speaker.kind != "unknown":
            self.history.append((tok_i, head_lemma, speaker))

    def classify(self, head: Token, span: Span, full: Span | None = None) -> Speaker:
        if len(span) == 1 and span[0].i != head.i and span[0].lower_ in _REL_WORDS:
            # the pronoun of "centrists who ...": the antecedent's words name the speaker,
            # even one of no known kind (as "data that suggests" is named by "data")
            words = self.doc[head.left_edge.i : head.i + 1]
            if words[0].lower_ == "even" and len(words) > 1:
                words = words[1:]
            sp = self.classify(head, words, full)
            return sp if sp.name is not None else sp._replace(name=strip_det(words.text))
        low = head.lower_
        if low in _HE:
            return self._person_before(head.i)
        if low in _THEY:
            return self._group_before(head.i, low)
        if head.ent_type_ == "OUTLET":
            return Speaker(canonical_outlet(_ent_text(head)) or _ent_text(head), "outlet", {})
        if head.pos_ == "NOUN":  # "the opposition leader, Lia Moss,": the name in apposition
            ap = next((c for c in head.rights if c.dep_ == "appos" and c.ent_type_ == "PERSON"
                       and c.i <= head.i + 4), None)
            if ap is not None:
                return Speaker(self.info.full_name(person_name(_name_text(ap))), "named", {})
            # "the far-left website Varnholm Daily": the publication named, not one before
            ap = next((c for c in head.rights if c.dep_ == "appos" and c.ent_type_ == "OUTLET"
                       and c.i <= head.i + 4), None)
            if ap is not None:
                return Speaker(canonical_outlet(_ent_text(ap)) or _ent_text(ap), "outlet", {})
        if head.ent_type_ == "ORG" and NEWSY_WORDS.search(_ent_text(head)):
            return Speaker(strip_det(_ent_text(head)), "outlet", {})
        det = _determiner(head)
        if head.lemma_.lower() in REPORT_NOUNS and det in {"the", "this", "that"}:
            ref = self._outlet_before(head.i)
            if ref:
                return Speaker(ref, "outlet", {})
        if (head.lower_ in DOC_NOUNS or head.lower_ in BOOK_NOUNS) and head.text[:1].isupper() and title_case_line(doc_text(self.doc), head.idx):
            return Speaker(None, "unknown", {})  # "Mayor Memoir Reveals ...": a book in a headline, no person
        if head.ent_type_ == "PERSON" and _CONJ_NAME.search(_ent_text(head)):
            # "according to Varnholm Fire and Rescue": no person's name holds "and"; the
            # tagger's PERSON is an organisation
            return Speaker(strip_det(_ent_text(head)), "organization", {})
        if (head.tag_ in ("NNPS", "NNS") and head.text[:1].isupper() and not head.ent_type_
                and not head.is_sent_start and _DEMONYM.search(head.text)
                and head.lower_ not in self.info.surnames):
            # "ordinary Estmarkers", "Varnholmers": the people of a place, a group, not a name
            return Speaker(strip_det(span.text), "anonymous", {})
        if _role_named(head):
            return Speaker(self.info.full_name(person_name(_ent_text(head))), "named", {})
        holder = _title_of(head)
        if holder is not None:  # "Secretary of the Interior Ryan Zinke": the name, not "Secretary"
            return Speaker(self.info.full_name(person_name(_name_text(holder))), "named", {})
        if head.ent_type_ == "PERSON" and person_name(_ent_text(head)) in self.info.orgs:
            return Speaker(_POSSESSIVE.sub("", strip_det(_ent_text(head))), "organization", {})
        if head.ent_type_ == "PERSON" or (head.pos_ == "PROPN" and self._is_person_name(head)):
            return Speaker(self.info.full_name(person_name(_name_text(head))), "named", {})
        # a sentence-initial surname the tagger took for a noun ("Bale said ..."), or for an
        # organisation or a place ("O’Rourke demanded", "Griffin said")
        fulls = self.info.surnames.get(head.lower_) if head.text[:1].isupper() else None
        if fulls and len(fulls) == 1 and (head.ent_type_ not in _NOT_PERSON or _lone_name(head)):
            return Speaker(next(iter(fulls)), "named", {})
        lemma = head.lemma_.lower()
        if lemma in DOC_NOUNS and not any(c.dep_ in ("compound", "poss") for c in head.lefts):
            return Speaker(None, "unknown", {})
        if _describes_person(head) and (lemma not in ROLE_NOUNS or _has_modifiers(head)):
            # "the House speaker", "the California Democrat": the one person the article
            # described so before (a bare role noun is resolved below, as "the minister"),
            # unless the phrase names the person ("The Democrat, Representative X,")
            named = self._aside_name(head, None) or self._described(head, None)
            if named is not None:
                return named
        nat_group = head.pos_ == "NOUN" and any(c.ent_type_ == "NORP" for c in head.lefts)
        if (lemma in ORG_NOUNS and lemma != "party" and head.pos_ == "NOUN" and not head.ent_type_
                and det == "the" and not _has_modifiers(head)
                and not any(c.dep_ in ("conj", "cc", "preconj") for c in head.children)):
            # ("the party" is as often the subject's own party as the last one named)
            named = self._org_before(head.i, lemma)
            if named is not None:  # "the institute said", after "the Estmark Meteorological Institute"
                return Speaker(named, "organization", {})
        if lemma in _GROUP_NOUNS and head.pos_ == "NOUN":
            of = next((c for c in head.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
            members = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            if members is not None and (members.lemma_.lower() in ROLE_NOUNS or members.lower_ in ROLE_NOUNS
                                        or members.ent_type_ == "NORP" or members.tag_ in ("NNS", "NNPS")) and (
                    members.lemma_.lower() not in _GROUP_NOUNS | ORG_NOUNS):
                # "a group of senators", "a group of Republicans": people, unnamed
                return Speaker(strip_det(span.text), "anonymous", self.descriptors(head, full or span))
            if head.tag_ != "NNS" or any(c.dep_ in ("det", "amod", "compound", "poss", "nmod") for c in head.lefts):
                # "residents' groups", "the group", "Liberal groups": organisations; a bare
                # plural ("organizations must disclose ...") is a class, not a source
                return Speaker(self._org_name(head, span), "organization", {})
        if lemma in DOC_NOUNS or lemma in ORG_NOUNS or head.ent_type_ in ("ORG", "GPE", "NORP", "FAC"):
            return Speaker(self._org_name(head, span), "organization", {})
        if lemma in ROLE_NOUNS or head.lower_ in ROLE_NOUNS or nat_group:
            if det in {"the", "this", "that"} and not _has_modifiers(head):
                prev = self._anaphor(head.i, lemma) or (
                    self._titled(head.i, lemma) if head.tag_ == "NN" and not any(
                        c.dep_ in ("appos", "prep") for c in head.rights) else None)
                if prev is not None:
                    return prev
            return Speaker(strip_det(span.text), "anonymous", self.descriptors(head, full or span))
        if head.pos_ == "PROPN" and not head.text.islower():  # ("the president" tagged a name)
            name = self.info.full_name(person_name(_name_text(head)))
            if name in self.info.orgs or _org_tail(name):
                # "Tarnwick did not respond", after "Tarnwick's headquarters"; "Tarnwick
                # Chemicals, which employs ...": a company, not a person
                return Speaker(name, "organization", {})
            return Speaker(name, "named", {})
        return Speaker(None, "unknown", {})

    # -- helpers -------------------------------------------------------------------------
    def _is_person_name(self, head: Token) -> bool:
        if head.ent_type_ in ("OUTLET",):
            return False
        text = person_name(_ent_text(head))
        if text.casefold() in self.info.surnames:
            return True
        return any(name == text or name.endswith(" " + text) for _, _, name, _ in self.info.persons)

    def clause_antecedent(self, tok_i: int) -> str | None:
        """The person a subject pronoun refers to by the syntax of its sentence (see
        :meth:`_governing`), when that subject is named."""
        sp = self._governing(tok_i)
        return sp.name if sp is not None and sp.kind == "named" else None

    def _governing(self, tok_i: int) -> Speaker | None:
        """Who a subject pronoun refers to by the syntax of its sentence: the subject of the
        clause governing the pronoun's ("Biden has stated that he expects ...", "a spokesman
        said he could not comment"), of a subordinate clause before it ("While Biden has
        stated ..., he mentioned ..."), or the noun a relative clause so governing hangs on
        ("one worker, who asked not to be named because he feared ..."). A proper-noun
        subject counts when it is a person or the surname of one person named in the
        article, whatever the entity tagger made of it; a common noun when it is one unnamed
        person."""
        pron = self.doc[tok_i]
        if pron.dep_ not in ("nsubj", "nsubjpass"):
            return None
        verb = pron.head
        cands: list[Token] = []
        cur = verb
        while cur.dep_ in ("ccomp", "xcomp", "advcl", "conj") and cur.head.i != cur.i:
            cur = cur.head
            subj = next((c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < tok_i), None)
            if subj is not None:
                cands.append(subj)
                break
        cands += [s for c in verb.children if c.dep_ == "advcl" and c.i < tok_i
                  for s in c.children if s.dep_ in ("nsubj", "nsubjpass")]
        for subj in cands:
            if subj.lower_ in _REL_WORDS and subj.head.dep_ == "relcl":
                subj = subj.head.head
            if subj.pos_ == "PRON" or subj.pos_ not in ("PROPN", "NOUN"):
                return None
            sp = self.classify(subj, source_span(self.doc, subj))
            if sp.kind == "named":
                return sp
            if _lone_org(subj):
                return Speaker(subj.text, "named", {})  # a lone surname the tagger made an organisation
            if sp.kind == "anonymous" and _one_unnamed(subj, pron.lower_):
                return sp
            return None  # the governing subject is someone or something else
        return None

    def _person_before(self, tok_i: int) -> Speaker:
        pron = self.doc[tok_i].lower_
        if pron in ("he", "she"):
            gov = self._governing(tok_i)
            if gov is not None and (gov.kind != "named" or _agrees(self.info, pron, gov.name or "")):
                return gov
        elif pron in ("his", "her") and self.doc[tok_i].head.lemma_.lower() in _REPLY_NOUNS:
            asked = self._asked(tok_i, pron)
            if asked is not None:
                return asked
        # a person named later in the pronoun's own clause is not its referent ("he expects
        # to speak with Netanyahu": he is not Netanyahu) unless a reflexive stresses that it is
        # ("he denied the rumours, though they came from LePage himself")
        doc = self.doc
        head = doc[tok_i].head
        clause_end = max(head.right_edge.i, tok_i)
        full = self.info.full_name
        named_after = {full(name) for start, end, name, _s in self.info.persons
                       if tok_i < start <= clause_end and not (end < len(doc) and doc[end].lower_ in _SELF)}
        # the nearest sentence's subject, the main clause's before a reported or subordinate
        # one's ("Sanders said he believes Obama is a Christian. “...,” he said": Sanders); a
        # sentence whose main subject is "he" or "the senator" goes on about someone named
        # before ("He said Grassley would chair it. “...,” he said": not Grassley); in the
        # pronoun's own sentence, a pronoun in such a clause takes the latest subject ("X said
        # Trump is not to be trusted because of the way he has spoken": Trump)
        own = self.info.sent_of(tok_i)
        pron_main = _main_subject(doc[tok_i])
        best = None
        by_sent: dict[int, list[tuple[int, str]]] = {}
        for start, end, name, is_subj in self.info.persons:
            if start >= tok_i:
                break
            if named_after and full(name) in named_after or not _agrees(self.info, pron, name, start):
                continue
            best = name
            if is_subj:
                by_sent.setdefault(self.info.sent_of(start), []).append((_clause_depth(doc[start:end].root), name))
        # a sentence led by "he" or "the <role>" goes on about someone named before it, so
        # the window reaches one sentence further back for each that has no subject person (a
        # run of "he"-led sentences after "Trump took the oath": not the "Vice President
        # Pence" named in passing); a described subject ("Strzok's attorney") is resolved
        reach, k, own_s = 3, own, self.info.sents[own][0]
        while k >= max(0, own - reach) and own - k <= _FARTHEST:
            cands = by_sent.get(k)
            if cands and pron not in ("he", "she"):  # "his reluctance": the latest subject, whatever its clause
                return Speaker(full(cands[-1][1]), "named", {})
            if cands and k == own and not pron_main:
                return Speaker(full(cands[-1][1]), "named", {})
            top = min(d for d, _n in cands) if cands else 1
            if top == 0:
                return Speaker(full([n for d, n in cands if d == top][-1]), "named", {})
            if pron in ("he", "she"):
                subj = self._main_subject_of(k, tok_i)
                if subj is not None and subj.lower_ in ("he", "she"):
                    reach += not cands
                elif subj is not None and _describes_person(subj):
                    sp = None if cands else self._description(subj, pron)
                    if sp is not None:
                        return sp
                    reach += not cands
                elif cands:
                    return Speaker(full([n for d, n in cands if d == top][-1]), "named", {})
                elif k == own - 1 and subj is not None and not any(
                        own_s <= start < tok_i for start, _e, _n, _s in self.info.persons):
                    # "That did not satisfy Justice Scalia. “...,” he said": the one person
                    # the sentence before names, when nothing that can speak is its subject
                    obj = self._only_person(k, tok_i, pron)
                    if obj is not None:
                        return obj
            k -= 1
        if best is None:
            return Speaker(None, "unknown", {})
        return Speaker(full(best), "named", {})

    def _main_subject_of(self, sent_k: int, before: int) -> Token | None:
        s0, s1 = self.info.sents[sent_k][:2]
        return next((t for t in self.doc[s0 : min(s1, before)] if _main_subject(t) and not self.info.in_quote(t.idx)),
                    None)

    def _description(self, subj: Token, pron: str) -> Speaker | None:
        """Who a main subject describing a person ("the senator", "Strzok's attorney") is, for a
        "he"/"she" that goes on about it: the speaker it resolves to, or the person named
        before whom the article describes with its words; a possessor's role ("Strzok's
        attorney") is that unnamed person rather than anyone named nearby."""
        sp = self.classify(subj, source_span(self.doc, subj))
        if sp.kind == "named" and sp.name and _agrees(self.info, pron, sp.name):
            return sp
        named = self._described(subj, pron) or self._aside_name(subj, pron)
        if named is not None:
            return named
        if _determiner(subj) not in ("the", "this", "that", "") and not {
                t.lower_ for t in subj.subtree} & (_FEMALE if pron in _MASCULINE else _MALE):
            span = source_span(self.doc, subj)
            return Speaker(strip_det(span.text), "anonymous", self.descriptors(subj, span))
        return None

    def _aside_name(self, subj: Token, pron: str | None) -> Speaker | None:
        """The one person named beside a description ("The lawyer for Mrs. Clinton, David
        Kendall, said", "The Democrat, Representative X, said"): the parser may hang the name
        on another noun of the phrase, or make it a conjunct with no "and"."""
        if any(c.dep_ == "cc" for c in subj.children):
            return None
        names = {self.info.full_name(n) for start, end, n, _s in self.info.persons
                 if subj.i < start <= subj.right_edge.i and self.doc[start:end].root.dep_ in ("appos", "conj")
                 and (pron is None or _agrees(self.info, pron, n, start))}
        return Speaker(names.pop(), "named", {}) if len(names) == 1 else None

    def _described(self, subj: Token, pron: str | None) -> Speaker | None:
        """The one person named before ``subj`` whom the article describes with its words:
        the description's noun is one of the person's titles or appositions ("Strzok's
        attorney" is the "Strzok attorney Aitan Goelman" named before, "the senator" "Sen.
        Ana Ruiz"), its party and place are the person's ("the California Democrat" is "Rep.
        Ana Ruiz (D-Calif.)"), every name word before it is among the person's ("the House
        speaker" is "House Speaker X", not "Speaker X"), and "former", "vice" or a nationality
        stand on both sides or neither ("the president" is not "Vice President Mike Pence" or
        "French President X"). None when two people fit."""
        doc = self.doc
        if any(c.dep_ == "cc" for c in subj.children):
            return None  # "the top Republican and Democrat on the committee": two people
        mods = [t for t in subj.subtree if t.i < subj.i and t.dep_ in ("compound", "poss", "amod", "nmod")]
        head = subj.lemma_.lower()
        party = _party_of([subj, *mods])
        places = {_state(t.text) for t in mods if t.ent_type_ == "GPE"}
        # the words that narrow the description down: a name, a noun ("the defense secretary",
        # "the president's budget director") or a title word ("the chief justice"), but not an
        # adjective of the writer's ("the new president")
        want = {_POSSESSIVE.sub("", t.lower_) for t in mods if t.ent_type_ not in ("GPE", "NORP") and (
            t.pos_ in ("PROPN", "NOUN") or t.lower_ in TITLE_WORDS)}
        marked = {t.lower_ for t in mods} & _MARKED_TITLES
        nations = {t.lower_ for t in mods if t.ent_type_ == "NORP" and not _party_of([t])}
        found: dict[str, str] = {}
        for start, end, name, _s in self.info.persons:
            if start >= subj.i:
                break
            root = doc[start:end].root
            left = [t for t in doc[root.left_edge.i : start] if t.dep_ != "det"]
            words = list(left)
            heads = [t for t in left if t.dep_ == "compound" and t.head.i >= start]  # "Strzok attorney X"
            for ap in (c for c in root.children if c.dep_ == "appos"):  # "X, Mr. Strzok's lawyer", "X (D-Calif.)"
                words += [t for t in ap.subtree if abs(t.i - ap.i) < 12]
                heads.append(ap)
            low = {_POSSESSIVE.sub("", t.lower_) for t in words}
            nouns = {a for t in heads for a in _TITLE_ALIASES.get(t.lower_, {t.lemma_.lower()})}
            if not (head in nouns or head in _PARTY_WORDS and party) or not want <= low:
                continue
            if (low & _MARKED_TITLES) != marked or not party <= _party_of(words):
                continue
            if not places <= {_state(t.text) for t in words if t.ent_type_ == "GPE" or t.dep_ == "appos"}:
                continue
            if any(t.ent_type_ == "NORP" and not _party_of([t]) and t.lower_ not in nations for t in left):
                continue
            if pron is None or _agrees(self.info, pron, name, start):
                # one person however often and fully named ("Chief Justice John G. Roberts
                # Jr.", "Chief Justice Roberts"), by the fullest name so described; a bare
                # surname stays bare ("President Trump" is not the one Trump named in full,
                # "first lady Melania Trump")
                sur = _surname(name)
                if len(name.split()) >= len(found.get(sur, "").split()):
                    found[sur] = name
        return Speaker(next(iter(found.values())), "named", {}) if len(found) == 1 else None

    def _only_person(self, sent_k: int, tok_i: int, pron: str) -> Speaker | None:
        """The one person sentence ``sent_k`` names (in the pronoun's paragraph), when the
        sentence's subject is no person."""
        s0 = self.info.sents[sent_k][0]
        text_at = self.doc[s0].idx
        if self.info.para_of(text_at) != self.info.para_of(self.doc[tok_i].idx):
            return None
        subj = self._main_subject_of(sent_k, tok_i)
        if subj is None or subj.pos_ not in ("PRON", "DET", "NOUN") or subj.lower_ in _HE | _THEY - {"it"} \
                or subj.lemma_.lower() in _ROLE_WORDS | _DESC_NOUNS | ORG_NOUNS or subj.ent_type_:
            return None
        names = {self.info.full_name(n) for start, end, n, _s in self.info.persons
                 if self.info.sent_of(start) == sent_k and start < tok_i
                 and self.doc[start:end].root.dep_ in ("dobj", "dative", "pobj", "appos")}
        if any(self.info.sent_of(start) == sent_k and self.doc[start:end].root.dep_ == "poss"
               for start, end, _n, _s in self.info.persons):
            return None  # "Reid's comments added ...": about the one named, not by him
        if len(names) != 1:
            return None
        name = names.pop()
        return Speaker(name, "named", {}) if _agrees(self.info, pron, name) else None

    def _asked(self, tok_i: int, pron: str) -> Speaker | None:
        """The person asked in the sentence before "his response" or in its own ("X asked Y,
        “...?” His response: “...”")."""
        own = self.info.sent_of(tok_i)
        lo = self.info.sents[max(0, own - 1)][0]
        found = None
        for start, end, name, _s in self.info.persons:
            if start >= tok_i:
                break
            if start < lo:
                continue
            root = self.doc[start:end].root
            if root.dep_ in ("dobj", "dative") and root.head.lemma_.lower() in _ASK_VERBS \
                    and root.head.pos_ == "VERB" and _agrees(self.info, pron, name, start):
                found = name
        return Speaker(self.info.full_name(found), "named", {}) if found is not None else None

    def _group_before(self, tok_i: int, low: str) -> Speaker:
        sent = self.info.sent_of(tok_i)
        for prev_i, _lemma, sp in reversed(self.history):
            if prev_i >= tok_i:
                continue
            if sent - self.info.sent_of(prev_i) > (1 if low in ("it", "its") else 3):
                break
            if sp.kind in ("organization", "outlet") or (
                sp.kind == "anonymous"
                and (low != "they" or sp.descriptors.get("count") != "1")
                # "it" is a collective ("the Israeli leadership"), never people ("officials")
                and (low not in ("it", "its") or self.doc[prev_i].tag_ in ("NN", "NNP"))
            ):
                return sp
        if low in ("it", "its"):  # "Israel’s operations and its refusal to ...": the nearest
            start = self.info.sents[sent][0]  # country or organisation before it in its sentence
            for t in reversed(self.doc[start:tok_i]):
                if t.ent_type_ in ("ORG", "GPE") and t.ent_iob_ == "B" and not self.info.in_quote(t.idx):
                    return Speaker(_POSSESSIVE.sub("", strip_det(_ent_text(t))), "organization", {})
        return Speaker(None, "unknown", {})

    def _anaphor(self, tok_i: int, lemma: str) -> Speaker | None:
        for prev_i, prev_lemma, sp in reversed(self.history):
            if prev_i < tok_i and prev_lemma == lemma:
                return sp
        return None

    def _titled(self, tok_i: int, lemma: str) -> Speaker | None:
        """The person "the minister" refers to when no earlier speaker was one: the latest
        person named with that title before it ("Environment Minister Hana Ostrowa",
        "Hana Ostrowa, the minister,") if no other person was named since, else the only one
        named with it after (a piece led by "the minister ordered ..." that names her two
        paragraphs on)."""
        doc, before, after, latest = self.doc, None, set(), None
        for start, end, name, _s in self.info.persons:
            if start < tok_i:
                latest = name
            titles, appos = _name_words(doc, start, end)
            if not any(t.lemma_.lower() == lemma and t.text[:1].isupper() for t in titles) and not any(
                    a.lemma_.lower() == lemma for a in appos):
                continue
            if start < tok_i:
                before = name
            else:
                after.add(self.info.full_name(name))
        if before is not None:
            # only while no one else was named since: "Officer Darren Wilson ... Holder
            # recalled that the officer yelled" is another officer
            full = self.info.full_name(before)
            return Speaker(full, "named", {}) if self.info.full_name(latest) == full else None
        return Speaker(after.pop(), "named", {}) if len(after) == 1 else None

    def _org_before(self, tok_i: int, noun: str) -> str | None:
        """The latest organisation named before token ``tok_i`` (an ORG entity, or an earlier
        organisation speaker) whose name holds ``noun``: what "the ministry" refers back to."""
        # "the company": a name seldom holds the word; any firm's will do
        word = _FIRM_NAME if noun in _FIRM_NOUNS else re.compile(rf"\b{re.escape(noun)}\b", re.I)
        best: tuple[int, str] | None = None
        people = {e.text.casefold() for e in self.doc.ents if e.label_ == "PERSON"}
        doc = self.doc
        for ent in doc.ents:
            name = _POSSESSIVE.sub("", strip_det(ent.text))
            if ent.end < len(doc) and doc[ent.end].lower_ in _TITLE_HEADS:
                continue  # "Interior" of "Deputy Interior Minister": part of a title
            if (ent.label_ == "ORG" and ent.end <= tok_i and word.search(name)
                    and name.casefold() not in self.info.surnames and not _role_named(ent.root)
                    and name.casefold() not in people):  # "Trump" tagged ORG once, PERSON elsewhere
                best = max(best or (-1, ""), (ent.start, name))
        for prev_i, prev_lemma, sp in self.history:
            name = _POSSESSIVE.sub("", sp.name or "")
            if prev_lemma in DOC_NOUNS or _COORDINATED.search(name):
                continue  # "a ministry memo", "Neither the company nor the ministry": not the ministry
            if prev_i < tok_i and sp.kind == "organization" and word.search(name) and name.lower() != noun:
                best = max(best or (-1, ""), (prev_i, name))
        return best[1] if best is not None else None

    def _outlet_before(self, tok_i: int) -> str | None:
        best = None
        for ref in self.outlet_refs:
            if ref.start < tok_i:
                best = ref.name
        return best

    def _org_name(self, head: Token, span: Span) -> str:
        if head.ent_type_ in ("ORG", "GPE", "NORP", "FAC"):
            name = strip_det(_ent_text(head))
            return _POSSESSIVE.sub("", name)
        if head.lemma_.lower() in DOC_NOUNS:
            owners = [t for t in head.children if t.dep_ in ("compound", "poss") and t.pos_ == "PROPN"]
            if owners:
                return strip_det(_ent_text(owners[0]) if owners[0].ent_type_ else owners[0].text)
        return strip_det(span.text)

    def descriptors(self, head: Token, span: Span) -> dict[str, str]:
        d: dict[str, str] = {}
        text_low = span.text.lower()
        for tok in span:
            if tok.i > head.i:
                break
            if tok.lower_ in COUNTS and tok.dep_ in ("det", "nummod", "amod", "quantmod"):
                d.setdefault("count", COUNTS[tok.lower_])
            elif tok.like_num and tok.dep_ == "nummod" and tok.text.isdigit():
                d.setdefault("count", tok.text)
            nat = nationality_of(tok.text)
            if nat and tok.i != head.i:
                d.setdefault("nationality", nat)
        if "count" not in d and head.tag_ in ("NNS", "NNPS"):
            d["count"] = "plural"
        elif head.tag_ in ("NNS", "NNPS") and d.get("count") == "1":
            d["count"] = "plural"
        for rank in RANKS:
            if re.search(r"\b" + re.escape(rank) + r"\b", text_low.split(head.lower_)[0]):
                d["rank"] = rank.replace(" ", "-")
                break
        d["role"] = head.lemma_.lower() if head.lemma_ else head.lower_
        before = text_low[: head.idx - span.start_char]
        for dom in _DOMAINS:
            if re.search(r"\b" + dom + r"\b", before):
                d["domain"] = "defense" if dom == "defence" else dom
                break
        owners = [t for t in head.children if t.dep_ in ("compound", "poss")
                  and t.ent_type_ in ("PERSON", "ORG")]
        if owners:
            d["affiliation"] = strip_det(_ent_text(owners[0]))
        m = _QUALIFIER.search(doc_text(self.doc)[head.idx : head.sent.end_char])
        if m and m.start() < 80:
            words = []
            for k, w in enumerate(m.group(1).split()):
                if k and w.lower() in SPEECH_FORMS:  # the qualifier may open with one ("speaking on ...")
                    break
                words.append(w)
            d["qualifier"] = " ".join(words).rstrip(",;:")
        return d


_CONJ_NAME = re.compile(r"\s(?:and|&)\s")
_FIRM_NOUNS = frozenset({"company", "firm", "corporation"})
_DEMONYM = re.compile(r"[a-z](?:ers|ians|ans|ites|ese)$")
_COORDINATED = re.compile(r"\b(?:and|or|nor|neither|either)\b|&", re.I)
_TITLE_HEADS = frozenset({"minister", "secretary", "ministers", "secretaries", "spokesman", "spokeswoman",
                          "spokesperson", "chief", "director", "commissioner"})
_NOT_FIRMS = frozenset({"gop", "democrats?", "republicans?", "congress", "senate", "nato", "un", "eu"})
# a name that may be a firm's: none of the other organisation nouns, no party or legislature
_FIRM_NAME = re.compile(r"^(?!.*\b(?:" + "|".join(sorted((ORG_NOUNS - _FIRM_NOUNS) | _NOT_FIRMS)) + r")\b)", re.I)
_POSSESSIVE = re.compile(r"[’']s$")
# roles only a person holds, in apposition to a name ("Karin Holt, director of ...")
_PERSON_ROLES = (ROLE_NOUNS - ORG_NOUNS - {"authorities", "authority", "troops", "people", "sources", "source"}) | frozenset(
    "director chairman chairwoman chair executive president secretary founder ceo manager owner "
    "professor mayor governor head chief editor columnist author".split())


# what "the ..." calls a person named before ("the Idaho congressman", "the senator")
_ROLE_WORDS = ROLE_NOUNS | _PERSON_ROLES | _MALE | _FEMALE
# a person's description ("Strzok's attorney", "the House speaker"): the role words and the
# titles of one person that are no organisation's
_DESC_NOUNS = _ROLE_WORDS | frozenset({"attorney", "counsel", "speaker", "judge", "justice", "candidate",
                                       "nominee", "host", "anchor"})
# "His response: “...”" after "X asked Y ...": the reply is Y's
_REPLY_NOUNS = frozenset({"response", "reply", "answer", "retort", "rejoinder"})
_ASK_VERBS = frozenset({"ask", "question", "press", "quiz"})


def _title_of(head: Token) -> Token | None:
    """The person a capitalised title with an "of" phrase names ("Secretary of the Interior
    Ryan Zinke", "Minister of Defence Hana Ostrowa"): the name ending the phrase."""
    if head.ent_type_ or not head.text[:1].isupper() or head.lower_ not in TITLE_WORDS:
        return None
    of = next((c for c in head.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
    obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if obj is None or obj.ent_type_ != "PERSON" or obj.i + 1 < len(obj.doc) and obj.doc[obj.i + 1].ent_iob_ == "I":
        return None
    return obj


def _lone_org(tok: Token) -> bool:
    """A proper noun the tagger made a one-word organisation ("Holder" ORG beside "Eric
    Holder" PERSON): a lone surname, as often as not."""
    return tok.pos_ == "PROPN" and tok.ent_type_ == "ORG" and _one_word_ent(tok)


def _lone_name(tok: Token) -> bool:
    """A capitalised word the tagger made a one-word organisation or place, whatever part of
    speech it gave it ("O’Rourke" NOUN ORG, "Griffin" GPE): a person's surname when the
    article names one person so."""
    return (tok.pos_ in ("PROPN", "NOUN") and tok.ent_type_ in ("ORG", "GPE") and tok.text[:1].isupper()
            and _one_word_ent(tok))


_FARTHEST = 10  # sentences a "he" reaches back at most through a run of "he"-led ones
# what a title before a name calls the person ("Sen. X" is "the senator", "Rep. X" "the
# congressman"); a title that is its own description is left out
_TITLE_ALIASES = {
    "sen.": {"senator", "lawmaker"}, "sen": {"senator", "lawmaker"}, "senator": {"senator", "lawmaker"},
    "rep.": {"congressman", "congresswoman", "representative", "lawmaker"},
    "rep": {"congressman", "congresswoman", "representative", "lawmaker"},
    "representative": {"congressman", "congresswoman", "representative", "lawmaker"},
    "congressman": {"congressman", "lawmaker"}, "congresswoman": {"congresswoman", "lawmaker"},
    "gov.": {"governor"}, "gov": {"governor"}, "pres.": {"president"},
}
_PARTY_WORDS = frozenset({"democrat", "republican"})
# the states as the US press abbreviates them in a party tag ("R-Wis.", "(D-Calif.)")
_STATES = dict(p.split(":") for p in (
    "ala.:alabama ariz.:arizona ark.:arkansas calif.:california colo.:colorado conn.:connecticut "
    "del.:delaware fla.:florida ga.:georgia ill.:illinois ind.:indiana kan.:kansas kans.:kansas "
    "ky.:kentucky la.:louisiana md.:maryland mass.:massachusetts mich.:michigan minn.:minnesota "
    "miss.:mississippi mo.:missouri mont.:montana neb.:nebraska nev.:nevada n.h.:new_hampshire "
    "n.j.:new_jersey n.m.:new_mexico n.y.:new_york n.c.:north_carolina n.d.:north_dakota "
    "okla.:oklahoma ore.:oregon pa.:pennsylvania r.i.:rhode_island s.c.:south_carolina "
    "s.d.:south_dakota tenn.:tennessee tex.:texas vt.:vermont va.:virginia wash.:washington "
    "w.va.:west_virginia wis.:wisconsin wyo.:wyoming").split())


def _surname(name: str) -> str:
    words = [w for w in name.split() if w.strip(".,").lower() not in ("jr", "sr", "ii", "iii", "iv")]
    return _POSSESSIVE.sub("", (words or name.split())[-1]).casefold()


def _state(word: str) -> str:
    """A US state's name from its name or its abbreviation ("Calif." -> "california")."""
    low = word.lower()
    return _STATES.get(low, low).replace("_", " ")


def _party_of(words: list[Token]) -> set[str]:
    """The parties words name: "Democrat(ic)", "Republican", "GOP", or a party tag's letter
    ("D" of "D-Calif.")."""
    out: set[str] = set()
    for t in words:
        low = t.lower_
        if low.startswith("democrat") or (t.text == "D" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].text == "-"):
            out.add("democrat")
        elif low in ("republican", "gop") or (t.text == "R" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].text == "-"):
            out.add("republican")
    return out
_MARKED_TITLES = frozenset({"former", "vice", "deputy", "assistant", "acting", "then-president"})


def _describes_person(subj: Token) -> bool:
    """A noun phrase that describes one person named before: "the senator", "the Idaho
    congressman", "Strzok's attorney", "his lawyer", "the California Democrat"."""
    if subj.lower_ in _PARTY_WORDS:
        return subj.tag_ == "NNP" and _determiner(subj) == "the"
    return (subj.tag_ == "NN" or subj.tag_ == "NNP" and subj.text.islower()) and subj.lemma_.lower() in _DESC_NOUNS \
        and (_determiner(subj) == "the" or any(c.dep_ == "poss" for c in subj.lefts))


def _main_subject(tok: Token) -> bool:
    """Is ``tok`` the subject of its sentence's main clause (or of a verb conjoined to it)?"""
    return tok.dep_ in ("nsubj", "nsubjpass") and _clause_depth(tok) == 0


def _clause_depth(tok: Token) -> int:
    """How many clauses (not counting conjuncts) the clause ``tok`` is the subject of lies
    within: 0 for the main clause's subject."""
    if tok.dep_ == "appos":
        tok = tok.head
    depth, verb = 0, tok.head
    while verb.dep_ != "ROOT" and verb.head.i != verb.i:
        if verb.dep_ != "conj":
            depth += 1
        verb = verb.head
    return depth


def _one_word_ent(tok: Token) -> bool:
    return tok.ent_iob_ == "B" and (tok.i + 1 >= len(tok.doc) or tok.doc[tok.i + 1].ent_iob_ != "I")


_ELIDED = re.compile(r"^[od][’'](?=\w)", re.I)


def _add_surname(info: DocInfo, name: str) -> None:
    """Index a full name by its surname, and an O’/D’ surname also without the particle (a
    text may drop it: "Rourke demanded" after "Beto O’Rourke")."""
    sur = _POSSESSIVE.sub("", name.split()[-1]).casefold()
    info.surnames.setdefault(sur, set()).add(name)
    bare = _ELIDED.sub("", sur)
    if bare != sur and len(bare) > 2:
        info.surnames.setdefault(bare, set()).add(name)


def _role_named(head: Token) -> bool:
    """"Karin Holt, director of the association,", "Holt attorney Karin Vale": a person in a
    role the tagger took for an organisation (no organisation is anyone's director, and a
    lower-case role word before a name is a person's title)."""
    if head.ent_type_ != "ORG" or head.pos_ != "PROPN" or len(_ent_text(head).split()) < 2:
        return False
    return any(c.dep_ == "appos" and c.lemma_.lower() in _PERSON_ROLES for c in head.rights) or any(
        c.dep_ == "compound" and c.pos_ == "NOUN" and c.text.islower() and c.lemma_ in _DESC_NOUNS
        for c in head.lefts)


def _ent_text(tok: Token) -> str:
    if tok.ent_type_:
        doc = tok.doc
        start, end = tok.i, tok.i + 1
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        return doc[start:end].text
    return tok.text


def _name_text(head: Token) -> str:
    """A person's name around ``head``: the entity, widened over adjacent proper nouns the
    tagger left out when it found only one word ("Lars" of "Lars Endresen"); a name of two or
    more words is whole, and the capitalised words before it are a title ("Chief Fire Officer
    Lars Endresen", "Harbour Master Tom Bale")."""
    doc = head.doc
    start, end = head.i, head.i + 1
    if head.ent_type_ == "PERSON":
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        if end - start > 1:
            return doc[start:end].text
    while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].ent_type_ not in _NOT_PERSON \
            and doc[start - 1].head.i in range(start - 1, end):
        start -= 1
    return doc[start:end].text


def _one_unnamed(head: Token, pronoun: str) -> bool:
    """Whether a common noun introduces one person nobody names ("a spokesman for the
    prosecutor", "one worker") whom ``pronoun`` can be: a definite description ("the former
    senator") is more often a named person again, an apposition names the person, and a
    gendered role word must agree."""
    if head.tag_ != "NN" or any(c.dep_ == "appos" for c in head.children):
        return False
    if _determiner(head) not in ("a", "an", "another") and not any(
            c.dep_ == "nummod" and c.lower_ == "one" for c in head.lefts):
        return False
    words = {t.lower_ for t in head.subtree}
    return not (words & (_FEMALE if pronoun in _MASCULINE else _MALE))


def _determiner(head: Token) -> str:
    for child in head.lefts:
        if child.dep_ in ("det", "poss"):
            return child.lower_
    return ""


def _has_modifiers(head: Token) -> bool:
    return any(c.dep_ in ("compound", "amod", "nummod", "poss") and c.lower_ not in {"same", "other"}
               for c in head.lefts)


def strip_det(text: str) -> str:
    """A source's words as its name: no leading "the", and no quotation mark left without its
    pair by the span ('"Green" activists' starts after the opening mark)."""
    name = re.sub(r"^(?:the|The)\s+", "", text.strip())
    if name.count('"') % 2 or name.count("“") != name.count("”"):
        name = " ".join(re.sub(r'["“”]', "", name).split())
    return name
