"""Who did what to whom: each verb's agent and its patients or recipients, from the parse.

For every verb of an article, the named people and groups that fill its roles:

* **agents**: its ``nsubj`` (an active verb), the object of its ``agent`` "by" (a passive:
  "X was pressed by Y"), or, for a verb without a subject of its own, the controller of an
  ``xcomp`` (the governing verb's object when it has one, "urged Biden to strike", else its
  subject, "Netanyahu is expected to press ..."), the subject shared by a ``conj`` verb, or
  the noun a relative clause's "who" stands for;
* **others** (patient or recipient): its ``dobj``, ``dative`` and passive ``nsubjpass``, and
  the object of a preposition hanging on the verb from :data:`ROLE_PREPS` ("to", "with",
  "against", ...). "from", "about", "of" and the like mark a source, a topic or a part, not
  the one acted on, and are left out.

An argument counts only when its head token names someone: a person or a group
(``ORG``/``GPE``/``NORP`` entity), read by :class:`.speakers.SpeakerResolver` (titles
stripped, a surname widened to the one full name in the article); a pronoun only as the
subject of a clause whose governing subject is a person ("Biden has stated that he expects
to speak with Netanyahu": he = Biden). Conjuncts fill the same role ("Biden and Harris").
A frame is kept only with at least one agent and one other, different names.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from ..models import RoleArg, RoleFrame
from .speakers import SpeakerResolver, doc_info, source_span

__all__ = ["role_frames", "ROLE_PREPS"]

ROLE_PREPS = frozenset({"to", "with", "against", "toward", "towards", "at", "on", "upon", "into"})
_GROUPS = frozenset({"ORG", "GPE", "NORP"})
_PRONOUNS = frozenset({"he", "she"})
_RELATIVE = frozenset({"who", "that", "which"})
_POSS = re.compile(r"\s*[’']s?$")


def _name(tok: Token, resolver: SpeakerResolver) -> RoleArg | None:
    """The person or group ``tok`` names (rel left empty), or None."""
    low = tok.lower_
    if tok.pos_ == "PRON" or low in _PRONOUNS:
        if low not in _PRONOUNS:
            return None
        named = resolver.clause_antecedent(tok.i)
        return RoleArg(name=named, kind="person", rel="") if named else None
    if tok.pos_ not in ("PROPN", "NOUN") or not tok.text[:1].isupper():
        return None
    if tok.ent_type_ not in ("", "PERSON", *_GROUPS):  # a date, a place, an outlet ...
        return None
    sp = resolver.classify(tok, source_span(tok.doc, tok))
    if sp.kind == "named" and sp.name:
        return RoleArg(name=sp.name, kind="person", rel="")
    if sp.kind == "organization" and sp.name and tok.ent_type_ in _GROUPS:
        return RoleArg(name=_POSS.sub("", sp.name), kind="group", rel="")
    return None


def _fill(toks: list[Token], rel: str, resolver: SpeakerResolver) -> list[RoleArg]:
    out: dict[str, RoleArg] = {}
    for t in toks:
        for c in (t, *t.conjuncts):
            arg = _name(c, resolver)
            if arg is not None:
                out.setdefault(arg.name, arg.model_copy(update={"rel": rel}))
    return list(out.values())


def _subjects(v: Token) -> list[Token]:
    return [c for c in v.children if c.dep_ == "nsubj"]


def _agent_tokens(v: Token, depth: int = 0) -> tuple[list[Token], str]:
    """The tokens filling ``v``'s agent role and how they were found."""
    subj = _subjects(v)
    if subj:
        if v.dep_ == "relcl" and all(s.lower_ in _RELATIVE for s in subj):
            return [v.head], "relative"
        return subj, "subject"
    by = [p for c in v.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    if by:
        return by, "by"
    if depth > 3 or any(c.dep_ == "nsubjpass" for c in v.children):
        return [], ""
    head = v.head
    if v.dep_ == "xcomp" and head is not v:
        obj = [c for c in head.children if c.dep_ in ("dobj", "dative")]
        if obj:
            return obj, "control"
        ctrl = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if ctrl:
            return ctrl, "control"
        return _agent_tokens(head, depth + 1)[0], "control"
    if v.dep_ == "conj" and head is not v and head.pos_ in ("VERB", "AUX"):
        return _agent_tokens(head, depth + 1)
    return [], ""


def _other_tokens(v: Token) -> list[tuple[Token, str]]:
    out: list[tuple[Token, str]] = []
    for c in v.children:
        if c.dep_ in ("dobj", "dative", "nsubjpass"):
            out.append((c, c.dep_))
        elif c.dep_ == "prep" and c.lower_ in ROLE_PREPS:
            out.extend((p, c.lower_) for p in c.children if p.dep_ == "pobj")
    return out


def role_frames(doc: Doc) -> list[RoleFrame]:
    """Every verb of ``doc`` with a named agent and a named other, in text order."""
    resolver = SpeakerResolver(doc, doc_info(doc))
    out: list[RoleFrame] = []
    for v in doc:
        if v.pos_ != "VERB":
            continue
        others_t = _other_tokens(v)
        if not others_t:
            continue
        agent_t, how = _agent_tokens(v)
        if not agent_t:
            continue
        agents = _fill(agent_t, how, resolver)
        if not agents:
            continue
        names = {a.name for a in agents}
        others = [o for t, rel in others_t for o in _fill([t], rel, resolver) if o.name not in names]
        if not others:
            continue
        out.append(
            RoleFrame(
                start=v.idx,
                end=v.idx + len(v.text),
                predicate=(v.lemma_ or v.text).lower(),
                agents=agents,
                others=others,
            )
        )
    return out
