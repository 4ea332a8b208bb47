"""Who did what: two outlets' sentences that give the same people opposite roles.

The nlp layer records, per verb, its named agents and the named people or groups it acts on
(:class:`~newsprism.models.RoleFrame`, :mod:`newsprism.nlp.roles`). Two sentences of
different outlets make a **role swap** when one has a frame ``X -> Y`` (X the agent, Y a
patient or recipient) and the other a frame ``Y -> X``, while neither also says the first
direction's reverse ("Netanyahu is expected to press Biden" against "Biden expects to speak
with Netanyahu"). They share words and names, but not who does what to whom, so

* they never make an agreement together (:func:`swap_clashes`, read by the statement
  grouping like the slot clashes), and
* when the two verbs are the same or near-synonymous (same lemma, or one news paraphrase
  class: ``SYNONYMS`` of :mod:`.facts`) and the alignment model aligns the two sentences, the
  outlets contradict each other on who did it: a conflict with topic ``who did what`` and
  the two versions ("Hamas accused Israel" / "Israel accused Hamas") side by side
  (:func:`who_did_what_conflicts`).

Conservative on purpose: only frames with both roles filled by a name on both sides count;
a swap is not a swap when the relation is symmetric (the same verb with "with" on either
side, "Biden spoke with Netanyahu" = "Netanyahu spoke with Biden", or a verb of
:data:`SYMMETRIC`) or the two verbs are converses (:data:`CONVERSES`: "X visited Y" = "Y
hosted X"). Names are compared by the story's resolved entities (aliases) when given, else
by a person's surname and a group's normalised name.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..models import Article, ArticleAnalysis, Entity, Fact, RoleArg, RoleFrame
from ..nlp.entities import normalize_name
from .slots import _fact, _Sent, _sentences
from .text import outlet_key

__all__ = ["RoleSwap", "role_swaps", "swap_clashes", "who_did_what_conflicts", "TOPIC"]

TOPIC = "who did what"
# relations that hold both ways: "X met Y" = "Y met X"
SYMMETRIC = frozenset({"meet", "marry", "negotiate", "clash", "spar", "agree", "disagree", "talk",
                       "speak", "confer", "reconcile", "ally", "partner", "tie", "draw"})
# pairs of verbs that say one event from either side: "X visited Y" = "Y hosted X"
CONVERSES = frozenset(
    frozenset(p)
    for p in (("visit", "host"), ("visit", "receive"), ("send", "receive"), ("give", "receive"),
              ("give", "get"), ("call", "answer"), ("invite", "visit"), ("invite", "attend"),
              ("offer", "accept"), ("offer", "reject"), ("defeat", "lose"), ("beat", "lose"),
              ("hire", "join"), ("pay", "receive"), ("sell", "buy"), ("lend", "borrow"),
              ("teach", "learn"), ("employ", "work"))
)

Key = tuple[str, int]  # (article id, sentence start), as the statement grouping names sentences


@dataclass(frozen=True)
class _Dir:
    """One direction ``agent -> other`` of a frame, with how it reads."""

    agent: str
    other: str
    predicate: str
    rel: str
    text: str  # "Netanyahu press Biden", the value shown in a conflict


@dataclass(frozen=True)
class RoleSwap:
    """Two sentences of different outlets giving two names opposite roles."""

    a: _Sent
    b: _Sent
    da: _Dir
    db: _Dir
    same_predicate: bool


def _namer(entities: Sequence[Entity]) -> Callable[[RoleArg], str]:
    alias: dict[str, str] = {}
    for e in entities:
        for n in (e.name, *e.aliases):
            alias.setdefault(n.casefold(), e.id)

    def key(arg: RoleArg) -> str:
        hit = alias.get(arg.name.casefold())
        if hit is not None:
            return hit
        if arg.kind == "person":
            hit = alias.get(arg.name.split()[-1].casefold()) if arg.name.split() else None
            return hit or arg.name.split()[-1].casefold()
        return normalize_name(arg.name, "GPE").casefold()

    return key


def _surface(text: str, frame: RoleFrame, a: RoleArg, o: RoleArg) -> str:
    """"John Carter accused Maria Lopez": the verb as written when its subject is the agent,
    else its lemma ("was accused by": "John Carter accuse Maria Lopez")."""
    verb = text[frame.start : frame.end] if a.rel in ("subject", "relative") else frame.predicate
    prep = "" if o.rel in ("dobj", "dative", "nsubjpass") else f" {o.rel}"
    return f"{a.name} {verb or frame.predicate}{prep} {o.name}"


def _directions(
    text: str, frames: Sequence[RoleFrame], key: Callable[[RoleArg], str]
) -> dict[tuple[str, str], _Dir]:
    out: dict[tuple[str, str], _Dir] = {}
    for f in frames:
        for a in f.agents:
            for o in f.others:
                ka, ko = key(a), key(o)
                if ka != ko:
                    out.setdefault((ka, ko), _Dir(ka, ko, f.predicate, o.rel, _surface(text, f, a, o)))
    return out


def _fold(predicate: str, synonyms: Mapping[str, str]) -> str:
    return synonyms.get(predicate, predicate)


def _two_way(x: _Dir, y: _Dir, same: bool) -> bool:
    """The two directions state one symmetric or converse relation: not a swap."""
    if same and (x.rel == "with" or y.rel == "with" or x.predicate in SYMMETRIC):
        return True
    return frozenset({x.predicate, y.predicate}) in CONVERSES


def role_swaps(
    articles: Sequence[Article],
    analyses: Mapping[str, ArticleAnalysis],
    entities: Sequence[Entity] = (),
    synonyms: Mapping[str, str] | None = None,
) -> list[RoleSwap]:
    """Every pair of sentences of different outlets that swaps two names' roles, found by a
    hash join on (agent, other) -> (other, agent): no pair of sentences is compared unless
    it shares a swapped pair of names."""
    syn = synonyms or {}
    key = _namer(entities)
    sents = _sentences(articles, analyses)
    by_article: dict[str, list[_Sent]] = {}
    for s in sents:
        by_article.setdefault(s.article.id, []).append(s)
    dirs: list[tuple[_Sent, dict[tuple[str, str], _Dir]]] = []
    for a in articles:
        an = analyses.get(a.id)
        mine = by_article.get(a.id, [])
        if an is None or not an.roles or not mine:
            continue
        starts = [s.start for s in mine]
        frames: dict[int, list[RoleFrame]] = {}
        for f in an.roles:
            k = bisect.bisect_right(starts, f.start) - 1
            if k >= 0 and f.start < mine[k].end:
                frames.setdefault(k, []).append(f)
        for k, fs in sorted(frames.items()):
            d = _directions(a.text, fs, key)
            if d:
                dirs.append((mine[k], d))
    index: dict[tuple[str, str], list[int]] = {}
    for n, (_, d) in enumerate(dirs):
        for pair in d:
            index.setdefault(pair, []).append(n)
    out: list[RoleSwap] = []
    seen: set[tuple[int, int]] = set()
    for n, (s, d) in enumerate(dirs):
        for (x, y), dx in d.items():
            if (y, x) in d:
                continue  # this sentence says both directions
            for m in index.get((y, x), ()):
                t, e = dirs[m]
                if (min(n, m), max(n, m)) in seen or outlet_key(t.article) == outlet_key(s.article):
                    continue
                if (x, y) in e:
                    continue
                dy = e[(y, x)]
                same = _fold(dx.predicate, syn) == _fold(dy.predicate, syn)
                if _two_way(dx, dy, same):
                    continue
                seen.add((min(n, m), max(n, m)))
                first, second = (s, t) if (s.pos, s.start) <= (t.pos, t.start) else (t, s)
                d1, d2 = (dx, dy) if first is s else (dy, dx)
                out.append(RoleSwap(first, second, d1, d2, same))
    return out


def swap_clashes(swaps: Sequence[RoleSwap]) -> set[frozenset[Key]]:
    """The swapped sentence pairs as (article id, sentence start) pairs: never one agreement."""
    return {frozenset({(w.a.article.id, w.a.start), (w.b.article.id, w.b.start)}) for w in swaps}


def who_did_what_conflicts(
    swaps: Sequence[RoleSwap], aligned: Callable[[Key, Key], bool]
) -> list[Fact]:
    """A ``who did what`` conflict per swapped pair whose verbs are the same or
    near-synonymous and whose sentences ``aligned`` says state the same thing; pairs sharing
    a sentence are reported once, together."""
    groups: list[dict[Key, tuple[_Sent, str]]] = []
    for w in swaps:
        ka, kb = (w.a.article.id, w.a.start), (w.b.article.id, w.b.start)
        if not w.same_predicate or not aligned(ka, kb):
            continue
        g = next((g for g in groups if ka in g or kb in g), None)
        if g is None:
            groups.append(g := {})
        g.setdefault(ka, (w.a, w.da.text))
        g.setdefault(kb, (w.b, w.db.text))
    return [_fact("roles", TOPIC, list(g.values()), "Outlets disagree on who did what") for g in groups]
