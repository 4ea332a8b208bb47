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
word-level diff against it. Leading or trailing words only one side
has are a *partial* quote, not a wording change; inside the shared stretch a change is
*substantive* when content words differ (case, punctuation and contractions are not).

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


def _tokens(text: str) -> list[tuple[str, str]]:
    """``(key, display)`` per comparison key; a contraction's second key shows nothing, a
    punctuation-only token joins the previous token's display."""
    out: list[tuple[str, str]] = []
    pending = ""  # punctuation before the first word
    for m in _TOKEN.finditer(text):
        keys = _pieces(m.group())
        if not keys:
            if out:
                k, d = out[-1]
                out[-1] = (k, f"{d} {m.group()}" if d else m.group())
            else:
                pending = f"{pending} {m.group()}".strip()
            continue
        out.append((keys[0], f"{pending} {m.group()}".strip()))
        pending = ""
        out.extend((k, "") for k in keys[1:])
    return out


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


def _content_of(keys: Sequence[str]) -> set[str]:
    return {stem(k) for k in _content(keys)}


def word_diff(a: str, b: str) -> tuple[list[WordDiff], bool, bool]:
    """Word-level diff of ``b`` against ``a``: ``(ops, partial, substantive)``.

    Words compare on their keys (case, punctuation, curly quotes, contractions ignored) and
    are shown as written. Leading or trailing words that only one side has make the pair a
    *partial* quote; a difference inside the shared stretch is *substantive* when the content
    words on the two sides differ (stop words alone, e.g. "is"/"was", are not).
    """
    ta, tb = _tokens(a), _tokens(b)
    ka, kb = [k for k, _ in ta], [k for k, _ in tb]
    sm = difflib.SequenceMatcher(None, ka, kb, autojunk=False)
    codes = sm.get_opcodes()

    def show(toks: list[tuple[str, str]], i: int, j: int) -> str:
        return " ".join(d for _, d in toks[i:j] if d)

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
    substantive = False
    for tag, i1, i2, j1, j2 in codes[lo:hi]:
        if tag != "equal" and _content_of(ka[i1:i2]) != _content_of(kb[j1:j2]):
            substantive = True
            break
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
        ops, partial, substantive = word_diff(_said(ref), _said(q))
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
                summary = "The same quote is attributed to different speakers: " + "; ".join(
                    f"{shown_as(m)}: {m.speaker}" for m in shown
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
