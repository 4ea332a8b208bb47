"""Different labels for one referent, found through aligned sentences and through titles.

**Aligned sentences.** For every consensus fact, each pair of evidence sentences from
different outlets is diffed word by word (:class:`difflib.SequenceMatcher` over lower-cased
tokens). A *replaced* stretch (up to 8 words, cut to at most 4 once the clause words before the
label are dropped: "revealed that Security" -> "Security") is a label pair when it looks like
a name or a label: one side holds a capitalised word that is not the sentence's first word, a
title word (minister, forces, chief ...) or a loaded word; neither side is only stop words or
numbers (numbers are conflicts, not labels); and the two sides are not two different known
people ("Netanyahu" / "Gallant" is who did what, not a label). A stretch is widened by equal
title words after it ("Security" / "Defense" + "Minister" -> "Security Minister" / "Defense
Minister"). An *inserted* loaded word ("Israeli occupation forces" / "Israeli forces") is a
pair too, with one equal word either side. The referent is the known entity a side names,
else the capitalised words right after the stretch ("Yoav Gallant"), else none.

**Titles.** A person given incompatible titles by different outlets (the cast) is a pair
found by ``title``. Pairs are merged by their set of labels (case-folded). Per fact, each
distinct wording is diffed once and at most 12 wordings are compared (the pairs grow with
their square; a 50-article story stays fast).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from ..ids import stable_id
from ..models import Article, CastMember, Entity, Evidence, Fact, LabelPair, LabelUse
from .framing import LOADED_WORDS
from .slots import _TITLE_HEAD_RE, titles_compatible
from .text import STOP_WORDS

__all__ = ["label_pairs", "MAX_SIDE"]

MAX_SIDE = 4
MAX_WORDINGS = 12
_TOKEN = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*", re.UNICODE)
_LABEL_HEADS = frozenset(
    "forces force army military troops government regime militants fighters group movement "
    "occupation authority authorities administration boss entity state".split()
)
_INNER_OK = frozenset({"of", "for", "and"})
_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten dozen hundred hundreds thousand thousands".split()
)


def _labelish(tokens: list[str], index: dict[str, Entity]) -> bool:
    for t in tokens:
        low = t.lower()
        if _TITLE_HEAD_RE.match(low) or low in LOADED_WORDS or low in _LABEL_HEADS:
            return True
        if (t.isupper() and len(t) >= 2) or low in index:  # an acronym (IDF) or a known name
            return True
    return False


def _headed(tokens: list[str], index: dict[str, Entity]) -> bool:
    """Whether a side is headed by a label: its last word is a title, label or loaded word
    or an acronym ("Israeli occupation forces", "Security Minister", "IDF"), or the side
    names a known entity ("Bibi"). A capitalised modifier before a common noun ("Iranian
    strike") is not enough."""
    last = tokens[-1]
    return _label_word(last) or (last.isupper() and len(last) >= 2) or _entity_of(" ".join(tokens), index) is not None


def _trivial(tokens: list[str]) -> bool:
    return all(
        t.lower() in STOP_WORDS
        or t.replace(",", "").replace(".", "").isdigit()
        or t.lower() in _NUMBER_WORDS
        for t in tokens
    )


_DETERMINERS = frozenset("the a an his her its their this that these those".split())


def _label_word(t: str) -> bool:
    low = t.lower()
    return bool(_TITLE_HEAD_RE.match(low)) or low in _LABEL_HEADS or low in LOADED_WORDS


def _bare(tokens: list[str]) -> list[str]:
    """A side without the clause words around the label: leading determiners and other
    stop words ("The IDF" -> "IDF", "Meanwhile, Defense" -> "Defense") and leading
    lower-case words that are not label words ("revealed that Security" -> "Security")."""
    k = 0
    while k < len(tokens) and (
        tokens[k].lower() in _DETERMINERS
        or tokens[k].lower() in STOP_WORDS
        or (tokens[k][:1].islower() and not _label_word(tokens[k]))
    ):
        k += 1
    out = tokens[k:]
    while out and out[-1].lower() in STOP_WORDS:
        out = out[:-1]
    return out


def _side(tokens: list[str]) -> list[str]:
    """The label in a replaced stretch: the stretch without its clause words, or, when that
    is still long, its trailing run of capitalised or label words ("Israeli officials
    revealed that Security" -> "Security", next to the equal "Minister")."""
    bare = _bare(tokens)
    if len(bare) <= MAX_SIDE:
        return bare
    k = len(tokens)
    while k > 0 and (tokens[k - 1][:1].isupper() or _label_word(tokens[k - 1])):
        k -= 1
    return _bare(tokens[k:])


def _numeric(t: str) -> bool:
    return t.lower() in _NUMBER_WORDS or t.replace(",", "").replace(".", "").isdigit()


def _entity_index(entities: Sequence[Entity]) -> dict[str, Entity]:
    """Names (and, for people written as names, surnames) -> entity."""
    out: dict[str, Entity] = {}
    for e in entities:
        for n in [e.name, *e.aliases]:
            out.setdefault(n.casefold(), e)
            ws = n.split()
            if e.type == "PERSON" and len(ws) > 1 and all(w[:1].isupper() for w in ws):
                out.setdefault(ws[-1].casefold(), e)
    return out


def _entity_of(phrase: str, index: dict[str, Entity]) -> Entity | None:
    p = re.sub(r"(?:['’]s)$", "", phrase).casefold()
    if p in index:
        return index[p]
    ws = p.split()
    return index.get(ws[-1]) if ws else None


def _pairs_in(a: str, b: str, index: dict[str, Entity]) -> list[tuple[str, str, str | None]]:
    ta, tb = _TOKEN.findall(a), _TOKEN.findall(b)
    la = [re.sub(r"['’]s$", "", t.lower()) for t in ta]
    lb = [re.sub(r"['’]s$", "", t.lower()) for t in tb]
    out = []
    sm = difflib.SequenceMatcher(None, la, lb, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        if op == "replace":
            if not (1 <= i2 - i1 <= 2 * MAX_SIDE and 1 <= j2 - j1 <= 2 * MAX_SIDE):
                continue
            # widen by equal title words after the stretch ("... Minister")
            while (
                i2 < len(ta)
                and j2 < len(tb)
                and la[i2] == lb[j2]
                and (_TITLE_HEAD_RE.match(la[i2]) or la[i2] in _LABEL_HEADS)
            ):
                i2, j2 = i2 + 1, j2 + 1
            sa, sb = _side(ta[i1:i2]), _side(tb[j1:j2])
            if len(sa) > MAX_SIDE or len(sb) > MAX_SIDE:
                continue
            if not sa or not sb or _trivial(sa) or _trivial(sb) or any(_numeric(t) for t in sa + sb):
                continue
            if any(t.lower() in STOP_WORDS and t.lower() not in _INNER_OK for t in sa + sb):
                continue  # "Netanyahu has forced": a clause, not a label
            if not (_labelish(sa, index) and _labelish(sb, index)):
                continue
            if not (_headed(sa, index) and _headed(sb, index)):
                continue  # "Washington" / "Iranian strike": a name against an event, not a label
            ea, eb = _entity_of(" ".join(sa), index), _entity_of(" ".join(sb), index)
            if ea is not None and eb is not None and ea.id != eb.id:
                continue  # two different known referents: who did what, not a label
            ref = (ea or eb).name if (ea or eb) else None
            if ref is None:
                after = []
                k = i2
                while k < len(ta) and ta[k][:1].isupper() and len(after) < 3:
                    after.append(ta[k])
                    k += 1
                ref = " ".join(after) or None
            out.append((" ".join(sa), " ".join(sb), ref))
        elif op in ("insert", "delete"):
            ins = tb[j1:j2] if op == "insert" else ta[i1:i2]
            if not (1 <= len(ins) <= 2 and any(t.lower() in LOADED_WORDS for t in ins)):
                continue
            k1, k2 = (i1, i2) if op == "insert" else (j1, j2)
            other_t = ta if op == "insert" else tb
            left = other_t[k1 - 1 : k1] if k1 > 0 else []
            right = other_t[k2 : k2 + 1] if k2 < len(other_t) else []
            if op == "delete":
                left, right = (
                    (tb[j1 - 1 : j1] if j1 > 0 else []),
                    (tb[j1 : j1 + 1] if j1 < len(tb) else []),
                )
            else:
                left, right = (
                    (ta[i1 - 1 : i1] if i1 > 0 else []),
                    (ta[i1 : i1 + 1] if i1 < len(ta) else []),
                )
            with_ins = " ".join([*left, *ins, *right])
            without = " ".join([*left, *right])
            if not without or _trivial([*left, *right]):
                continue
            sa, sb = (without, with_ins) if op == "insert" else (with_ins, without)
            out.append((sa, sb, None))
    return out


def label_pairs(
    articles: Sequence[Article],
    facts: Sequence[Fact],
    entities: Sequence[Entity] = (),
    cast: Sequence[CastMember] = (),
) -> list[LabelPair]:
    """Label pairs of one story (see the module docstring), aligned ones first."""
    outlet = {a.id: a.outlet for a in articles}
    index = _entity_index(entities)
    merged: dict[frozenset[str], tuple[str | None, dict[tuple[str, str], LabelUse], str]] = {}

    def add(ref: str | None, uses: list[LabelUse], how: str) -> None:
        key = frozenset(u.label.casefold() for u in uses)
        if len(key) < 2:
            return
        r, have, h = merged.setdefault(key, (ref, {}, how))
        for u in uses:
            have.setdefault((u.article_id, u.label.casefold()), u)
        if r is None and ref is not None:
            merged[key] = (ref, have, h)

    for f in facts:
        if f.kind != "consensus":
            continue
        # identical sentences (relays, wire copies) differ in nothing: one of each wording,
        # and at most MAX_WORDINGS wordings per fact (the pairs grow with their square)
        seen: dict[str, Evidence] = {}
        for e in f.evidence:
            seen.setdefault(" ".join(e.sentence.split()).casefold(), e)
        ev = list(seen.values())[:MAX_WORDINGS]
        for i in range(len(ev)):
            for j in range(i + 1, len(ev)):
                x, y = ev[i], ev[j]
                if outlet.get(x.article_id) == outlet.get(y.article_id):
                    continue
                for la, lb, ref in _pairs_in(x.sentence, y.sentence, index):
                    add(
                        ref,
                        [
                            LabelUse(
                                article_id=x.article_id,
                                outlet=x.outlet,
                                label=la,
                                sentence=x.sentence,
                            ),
                            LabelUse(
                                article_id=y.article_id,
                                outlet=y.outlet,
                                label=lb,
                                sentence=y.sentence,
                            ),
                        ],
                        "aligned",
                    )
    for m in cast:
        roles = m.roles
        clash = any(
            outlet.get(p.article_id) != outlet.get(q.article_id)
            and not titles_compatible(p.role, q.role)
            for k, p in enumerate(roles)
            for q in roles[k + 1 :]
        )
        if not clash:
            continue
        titled = [r for r in roles if _TITLE_HEAD_RE.match(r.role.split()[-1].lower())]
        uses = [
            LabelUse(article_id=r.article_id, outlet=r.outlet, label=r.role, sentence=r.sentence)
            for r in (titled or roles)
        ]
        add(m.name, uses, "title")
    out = []
    for ref, have, how in merged.values():
        uses = list(have.values())
        pos = sorted(f"{u.article_id}:{u.label}" for u in uses)
        out.append(
            LabelPair(
                id="l" + stable_id(how, *pos, length=15), referent=ref, uses=uses, found_by=how
            )
        )  # type: ignore[arg-type]
    return out
