"""The story's timeline: dated events across its articles, in order, with who reports them.

**Date expressions** (:func:`date_mentions`) are read from each sentence and resolved to an
interval against the article's publication date (times are as written, the outlet's local
time; no time-zone shift is applied):

* absolute: "March 11", "Oct.1st", "11 March 2025", "1st of October", "Tuesday, March 11"
  (day), "June 2024" (month),
  "in 2023" (year); a date without a year takes the publication year (or, for an undated
  article, the story's earliest publication year), and the year before when that would put
  it more than 180 days after publication;
* weekdays: a bare "Tuesday" is the latest Tuesday on or before publication, "last Friday"
  the one before the publication day (never the same day), "next Monday" the first after;
  after a future marker within 70 characters before it ("will", "would report", "set for",
  "scheduled for", "plans to", "called a ... on") a bare weekday is the first on or after
  publication;
  "Tuesday night/evening" 18:00-24:00, "morning" 06:00-12:00, "afternoon" 12:00-18:00,
  "late on Tuesday" 18:00-24:00, "the early hours of Wednesday" 00:00-06:00;
* relative days and periods: "yesterday", "today", "tonight", "last night" (18:00 the day
  before to 06:00; so is "overnight", or after a future marker 18:00 to 06:00 the next
  day), "this morning", "last week"/"this week"/"next week" (Monday-Sunday weeks), "last month", "earlier this month" (from the 1st to publication), "last year",
  "N days/weeks/months ago";
* a clock time ("11:40 p.m.", "around 10 p.m.") within a few characters of a day expression
  narrows it to a minute ("around" widens it to an hour; see :mod:`.slots`).

Relative expressions need the article's own publication date; without it only absolute dates
count. Inside a direct quotation they are skipped too: "not go to bed tonight" is the night
the speaker spoke, not the night the article appeared. A dateline ("VARNHOLM, March 12
(Wire) -") is not an event.

**Events.** Each date expression in a non-heading sentence is a reading: the claim holding
it, its phrase and interval. Readings of different outlets are joined greedily, strongest
link first, never two readings of one outlet in an event: when they are evidence of one fact
of the dossier (an aligned statement or a conflict) and the words near the two dates
(within 80 characters, inside the claim) have a Dice overlap >= 0.2 (>= 0.3 when the
intervals do not overlap); readings that a conflict fact gives as its values (when
the fire broke out) are linked first; or when their intervals overlap and those words (date words removed) have a Dice overlap
>= 0.25 with >= 2 shared words. Readings with incompatible dates are joined only through a
fact (the comparison aligned the statements), so a date conflict is never claimed on word
overlap alone. An event whose
outlets' intervals do not all overlap is marked ``conflicting`` and shows each value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from ..ids import stable_id
from ..models import (
    Article,
    ArticleAnalysis,
    Claim,
    ConflictValue,
    Evidence,
    Fact,
    Quote,
    Sentence,
    TimelineEvent,
    UnplacedDate,
)
from .slots import _CLOCK, _weekday_date
from .text import STOP_WORDS, is_heading, outlet_key, sentences_of, shorten, words

__all__ = ["DateMention", "date_mentions", "build_timeline", "unplaced_dates", "PRECISIONS"]

PRECISIONS = ("minute", "hour", "part of day", "day", "week", "month", "year")
SUMMARY_WORDS = 28
FUTURE_WINDOW = 70  # characters before a weekday searched for a future marker
WINDOW = 80  # characters either side of a date expression whose words describe its event

_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_MON = (
    r"(?P<mon>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_WDS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WD = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PART = r"(?:\s+(?P<part>(?i:morning|afternoon|evening|night)))?"
_LEAD = (
    r"(?:(?P<late>(?i:late|early) on)\s+|"
    r"(?P<early>(?i:in the early hours of|the early hours of|early hours of))\s+)?"
)
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "mdy",
        re.compile(
            rf"{_LEAD}\b(?:{_WD},?\s+)?{_MON}(?:\s+|(?<=\.))(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+{_YEAR}\b)?{_PART}"
        ),
    ),
    (
        "dmy",
        re.compile(
            rf"{_LEAD}\b(?:{_WD},?\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}(?:\s+{_YEAR})?\b{_PART}"
        ),
    ),
    ("my", re.compile(rf"\b{_MON}\s+{_YEAR}\b")),
    ("y", re.compile(rf"\b(?i:in|since|during|until|by)\s+{_YEAR}\b")),
    (
        "wd",
        re.compile(
            rf"{_LEAD}(?:(?P<rel>(?i:last|next|this|on|on the night of))\s+)?{_WD}{_PART}\b"
        ),
    ),
    (
        "rel",
        re.compile(
            r"\b(?P<w>(?i:yesterday|today|tonight|last night|this morning|this afternoon|this evening|overnight))"
            rf"{_PART}\b"
        ),
    ),
    (
        "period",
        re.compile(
            r"\b(?P<q>(?i:last|this|next|earlier this|later this|early this))\s+(?P<unit>(?i:week|month|year))\b"
        ),
    ),
    (
        "ago",
        re.compile(
            r"\b(?P<n>\d+|(?i:a|an|one|two|three|four|five|six|seven|eight|nine|ten))\s+"
            r"(?P<unit>(?i:days?|weeks?|months?|years?))\s+(?i:ago)\b"
        ),
    ),
]
# Every pattern above needs one of these (weekday names and "today" end in "day"): a text
# without any cannot hold a date expression.
_MAYBE_DATE = re.compile(
    r"\d|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|day"
    r"|(?i:night|morning|afternoon|evening|overnight|week|month|year|ago)"
)
_NUM = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
        "seven": 7, "eight": 8, "nine": 9, "ten": 10}  # fmt: skip
_PARTS = {"morning": (6, 12), "afternoon": (12, 18), "evening": (18, 24), "night": (18, 24)}
_DATE_WORDS = frozenset(
    [*_WDS, "january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december", "morning", "afternoon", "evening",
     "night", "yesterday", "today", "tonight", "week", "month", "year", "ago", "early",
     "late", "hours", "last", "next", "earlier", "later"]
)  # fmt: skip


@dataclass(frozen=True)
class DateMention:
    """A date expression in a text, resolved: ``[lo, hi)`` and its precision."""

    start: int
    end: int
    phrase: str
    lo: datetime
    hi: datetime
    precision: str


def _day(d: date) -> datetime:
    return datetime(d.year, d.month, d.day)


def _month_start(y: int, m: int) -> datetime:
    return datetime(y + (m - 1) // 12, (m - 1) % 12 + 1, 1)


_FUTURE = re.compile(
    r"\b(?:will|'ll|’ll|shall|would (?!say|not say|comment|confirm|not comment)|set for|"
    r"scheduled (?:for|to)|is due|are due|plans? to|planned for|expected to|to be held|"
    r"announced an? |called an? )",
    re.I,
)


def _part_of_day(d0: datetime, g: dict[str, str | None]) -> tuple[datetime, datetime, str]:
    part = (g.get("part") or "").lower()
    if g.get("early"):
        return d0, d0 + timedelta(hours=6), "part of day"
    if (g.get("late") or "").lower() == "late on":
        return d0 + timedelta(hours=18), d0 + timedelta(hours=24), "part of day"
    if part or (g.get("rel") or "").lower() == "on the night of":
        lo, hi = _PARTS.get(part, (18, 24))
        return d0 + timedelta(hours=lo), d0 + timedelta(hours=hi), "part of day"
    return d0, d0 + timedelta(days=1), "day"


def _resolve(
    kind: str,
    m: re.Match[str],
    published: datetime | None,
    ref_year: int | None,
    future: bool = False,
) -> tuple[datetime, datetime, str] | None:
    g = m.groupdict()
    pub = published.replace(tzinfo=None) if published else None
    if kind in ("mdy", "dmy", "my"):
        mon = _MONTHS.index(g["mon"][:3]) + 1
        year = int(g["year"]) if g.get("year") else (pub.year if pub else ref_year)
        if year is None:
            return None
        if kind == "my":
            return _month_start(year, mon), _month_start(year, mon + 1), "month"
        try:
            d = date(year, mon, int(g["day"]))
        except ValueError:
            return None
        if not g.get("year") and pub and (_day(d) - pub).days > 180:
            d = d.replace(year=year - 1)
        return _part_of_day(_day(d), g)
    if kind == "y":
        y = int(g["year"])
        return datetime(y, 1, 1), datetime(y + 1, 1, 1), "year"
    if pub is None:
        return None
    today = _day(pub.date())
    if kind == "wd":
        rel = (g.get("rel") or "").lower()
        if rel == "next" or (future and rel != "last"):
            ahead = (_WDS.index(g["wd"].lower()) - pub.weekday()) % 7
            d0 = today + timedelta(days=ahead or (7 if rel == "next" else 0))
        else:
            d0 = _day(_weekday_date(g["wd"], pub, rel == "last"))
        return _part_of_day(d0, g)
    if kind == "rel":
        w = g["w"].lower()
        part = (g.get("part") or "").lower()
        if w == "overnight" and future:  # "crews were expected to stay overnight": the coming night
            return today + timedelta(hours=18), today + timedelta(hours=30), "part of day"
        if w in ("last night", "overnight"):
            return today - timedelta(hours=6), today + timedelta(hours=6), "part of day"
        if w == "tonight":
            return today + timedelta(hours=18), today + timedelta(hours=24), "part of day"
        if w.startswith("this "):
            lo, hi = _PARTS[w[5:]]
            return today + timedelta(hours=lo), today + timedelta(hours=hi), "part of day"
        d0 = today - timedelta(days=1) if w == "yesterday" else today
        if part:
            lo, hi = _PARTS[part]
            return d0 + timedelta(hours=lo), d0 + timedelta(hours=hi), "part of day"
        return d0, d0 + timedelta(days=1), "day"
    if kind == "period":
        q, unit = g["q"].lower(), g["unit"].lower()
        shift = {"last": -1, "next": 1}.get(q, 0)
        if unit == "week":
            w0 = today - timedelta(days=pub.weekday()) + timedelta(weeks=shift)
            lo, hi = w0, w0 + timedelta(weeks=1)
        elif unit == "month":
            lo = _month_start(pub.year, pub.month + shift)
            hi = _month_start(lo.year, lo.month + 1)
        else:
            lo, hi = datetime(pub.year + shift, 1, 1), datetime(pub.year + shift + 1, 1, 1)
        if q == "earlier this":
            hi = today + timedelta(days=1)
        elif q in ("later this",):
            lo = today
        return lo, hi, unit
    if kind == "ago":
        n = int(g["n"]) if g["n"].isdigit() else _NUM[g["n"].lower()]
        unit = g["unit"].lower().rstrip("s")
        days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit] * n
        d0 = today - timedelta(days=days)
        if unit == "day":
            return d0, d0 + timedelta(days=1), "day"
        half = timedelta(days={"week": 3, "month": 15, "year": 182}[unit])
        return d0 - half, d0 + half, unit
    return None


def _clock(
    text: str, start: int, end: int, lo: datetime
) -> tuple[datetime, datetime, str, int, int] | None:
    """A clock time just before (<= 12 chars) or after (<= 6 chars) a day expression."""
    for c in _CLOCK.finditer(text):
        if 0 <= start - c.end() <= 12 or 0 <= c.start() - end <= 6:
            h = int(c.group("h")) % 12 + (12 if c.group("ap").lower().startswith("p") else 0)
            d0 = datetime(lo.year, lo.month, lo.day)
            t = d0 + timedelta(hours=h, minutes=int(c.group("m") or 0))
            mod = (c.group("mod") or "").lower()
            if mod in {"around", "about"}:
                return (
                    t - timedelta(minutes=30),
                    t + timedelta(minutes=30),
                    "hour",
                    c.start(),
                    c.end(),
                )
            if mod in {"shortly after", "just after", "after"}:
                return t, t + timedelta(minutes=20), "minute", c.start(), c.end()
            if mod in {"shortly before", "just before", "before"}:
                return t - timedelta(minutes=20), t, "minute", c.start(), c.end()
            return t, t + timedelta(minutes=1), "minute", c.start(), c.end()
    return None


def date_mentions(
    text: str, published: datetime | None, ref_year: int | None = None
) -> list[DateMention]:
    """The date expressions of ``text`` resolved against ``published`` (see the module
    docstring), longest first where two overlap, in text order."""
    found: list[tuple[int, int, str, re.Match[str]]] = []
    if not _MAYBE_DATE.search(text):  # most sentences: one cheap scan instead of eight
        return []
    for kind, pat in _PATTERNS:
        for m in pat.finditer(text):
            if m.group().strip():
                found.append((m.start(), m.end(), kind, m))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []
    for s, e, kind, m in found:
        if any(s < b and a < e for a, b in taken):
            continue
        future = bool(_FUTURE.search(text[max(0, s - FUTURE_WINDOW) : s]))
        r = _resolve(kind, m, published, ref_year, future)
        if r is None:
            continue
        taken.append((s, e))
        lo, hi, prec = r
        if PRECISIONS.index(prec) >= PRECISIONS.index("part of day") and prec in (
            "day",
            "part of day",
        ):
            c = _clock(text, s, e, lo)
            if c is not None:
                lo, hi, prec, cs, ce = c
                s, e = min(s, cs), max(e, ce)
        out.append(DateMention(s, e, text[s:e].strip(), lo, hi, prec))
    return sorted(out, key=lambda d: d.start)


@dataclass(frozen=True)
class _Reading:
    article: Article
    pos: int
    okey: str
    sent_start: int
    sent_end: int
    sentence: str
    claim: str
    mention: DateMention
    tokens: frozenset[str]


def _dateline(sentence: str, m: DateMention) -> bool:
    return (
        m.start < 60
        and bool(re.match(r"\s*(?:\(|[-–—]\s)", sentence[m.end :]))
        and bool(re.match(r"^[A-Z][A-Z .'-]+,", sentence))
    )


def _tokens(text: str) -> frozenset[str]:
    return frozenset(
        w
        for w in words(text)
        if w not in STOP_WORDS and w not in _DATE_WORDS and len(w) > 2 and not w.isdigit()
    )


def _ref_year(articles: Sequence[Article]) -> int | None:
    years = [a.published.year for a in articles if a.published]
    return min(years) if years else None


def _sentence_mentions(
    a: Article, an: ArticleAnalysis | None, published: datetime | None, ref_year: int | None,
    mark_absolute: bool = False,
) -> Iterator[tuple[Sentence, str, DateMention, bool]]:
    """Each date expression of ``a`` outside headings, datelines and short fragments, with
    its sentence, resolved against ``published``, and (with ``mark_absolute``; else False)
    whether it needs no publication date. Inside a direct quotation only those that need none
    count: "tonight" in a quote is the night the speaker spoke, which the article need not be
    published on."""
    spoken = [span for q in (an.quotes if an else ()) if q.direct for span in _verbatim(a.text, q)]
    for s in sentences_of(a.text, an):
        text = a.text[s.start : s.end]
        if is_heading(text):
            continue
        absolute: set[int] | None = None
        for m in date_mentions(text, published, ref_year):
            if _dateline(text, m):
                continue
            at = s.start + m.start
            quoted = any(lo <= at < hi for lo, hi in spoken)
            if absolute is None and (quoted or mark_absolute):  # what needs no publication date
                absolute = {d.start for d in date_mentions(text, None, ref_year)}
            if quoted and m.start not in (absolute or ()):
                continue
            if len(words(text[: m.start] + text[m.end :])) < 4:
                continue
            yield s, text, m, absolute is not None and m.start in absolute


_QUOTED = re.compile(r"[\"“”]([^\"“”]+)[\"“”]")


def _verbatim(text: str, q: Quote) -> list[tuple[int, int]]:
    """The spans of ``q`` in the speaker's words: all of a quotation, only the parts inside
    quotation marks of a reported clause holding a partial quotation ("It was set for
    Wednesday, and he was to discuss “security developments,” the statement said": the
    Wednesday is the outlet's paraphrase)."""
    lo, hi = q.content.start, q.content.end
    if not q.mixed:
        return [(lo, hi)]
    lo, hi = max(0, lo - 1), min(len(text), hi + 1)  # the marks may lie just outside the span
    return [(lo + m.start(1), lo + m.end(1)) for m in _QUOTED.finditer(text[lo:hi])]


def _readings(
    articles: Sequence[Article],
    analyses: Mapping[str, ArticleAnalysis],
    claims: Sequence[Claim],
) -> list[_Reading]:
    ref_year = _ref_year(articles)
    by_art: dict[str, list[Claim]] = {}
    for c in claims:
        by_art.setdefault(c.article_id, []).append(c)
    out = []
    for pos, a in enumerate(articles):
        for s, text, m, _ in _sentence_mentions(a, analyses.get(a.id), a.published, ref_year):
            at = s.start + m.start
            c = next((c for c in by_art.get(a.id, ()) if c.start <= at < c.end), None)
            lo, hi = (c.start, c.end) if c is not None else (s.start, s.end)
            claim = " ".join(a.text[lo:hi].split())
            # the words near the date: a long claim says other things elsewhere
            near = a.text[max(lo, at - WINDOW) : min(hi, s.start + m.end + WINDOW)]
            out.append(
                _Reading(
                    a,
                    pos,
                    outlet_key(a),
                    s.start,
                    s.end,
                    " ".join(text.split()),
                    claim,
                    m,
                    _tokens(near),
                )
            )
    return out


# any day serves to find an undated article's relative dates: only their words are kept
_PROBE_DAY = datetime(2001, 1, 3, 12, tzinfo=UTC)


def unplaced_dates(
    articles: Sequence[Article], analyses: Mapping[str, ArticleAnalysis]
) -> list[UnplacedDate]:
    """The relative dates ("Tuesday evening", "last week", "yesterday") of articles that give
    no publication date, as written: the timeline cannot place them, and a reader should still
    see that the article dates its events. In article order, then text order; one per phrase
    and sentence."""
    ref_year = _ref_year(articles)
    out: list[UnplacedDate] = []
    for a in articles:
        if a.published is not None:
            continue
        seen: set[tuple[str, int]] = set()
        for s, text, m, absolute in _sentence_mentions(a, analyses.get(a.id), _PROBE_DAY, ref_year, True):
            if absolute or (m.phrase.lower(), s.start) in seen:
                continue
            seen.add((m.phrase.lower(), s.start))
            ev = Evidence(article_id=a.id, sentence=" ".join(text.split()), start=s.start, end=s.end,
                          outlet=a.outlet)
            out.append(UnplacedDate(phrase=m.phrase, article_id=a.id, evidence=[ev]))
    return out


def _overlaps(a: DateMention, b: DateMention) -> bool:
    return a.lo < b.hi and b.lo < a.hi


def build_timeline(
    articles: Sequence[Article],
    analyses: Mapping[str, ArticleAnalysis],
    claims: Sequence[Claim] = (),
    facts: Sequence[Fact] = (),
) -> list[TimelineEvent]:
    """Dated events across ``articles`` in time order (see the module docstring)."""
    rows = _readings(articles, analyses, claims)
    fact_of: dict[tuple[str, int], set[str]] = {}
    for f in facts:
        if f.kind in ("consensus", "conflict"):
            for e in f.evidence:
                if e.start is not None:
                    fact_of.setdefault((e.article_id, e.start), set()).add(f.id)
    # the readings a conflict fact names as its values (e.g. when the fire broke out) belong
    # together whatever their words: link them first
    pinned: dict[int, set[str]] = {}
    for f in facts:
        if f.kind != "conflict":
            continue
        for v in f.values:
            for k, r in enumerate(rows):
                if (
                    r.article.id == v.article_id
                    and " ".join(v.sentence.split()) == r.sentence
                    and (r.mention.phrase in v.value or v.value in r.mention.phrase)
                ):
                    pinned.setdefault(k, set()).add(f.id)
    edges: list[tuple[float, int, int]] = []
    allowed: set[tuple[int, int]] = set()  # pairs linked directly although their dates differ
    for i in range(len(rows)):
        for j in range(i + 1, len(rows)):
            a, b = rows[i], rows[j]
            if a.okey == b.okey:
                continue
            shared = len(a.tokens & b.tokens)
            dice = 2 * shared / max(1, len(a.tokens) + len(b.tokens))
            same = bool(
                fact_of.get((a.article.id, a.sent_start), set())
                & fact_of.get((b.article.id, b.sent_start), set())
            )
            ov = _overlaps(a.mention, b.mention)
            if pinned.get(i, set()) & pinned.get(j, set()):
                edges.append((3.0, i, j))
                allowed.add((i, j))
            elif (same and dice >= (0.2 if ov else 0.3)) or (dice >= 0.25 and ov and shared >= 2):
                edges.append((dice + 0.5 * same + 0.3 * ov, i, j))
                if not ov:
                    allowed.add((i, j))
    edges.sort(key=lambda e: (-e[0], e[1], e[2]))
    group_of = list(range(len(rows)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(rows))}
    for _, i, j in edges:
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        if {rows[k].okey for k in members[gi]} & {rows[k].okey for k in members[gj]}:
            continue
        if any(
            not _overlaps(rows[x].mention, rows[y].mention)
            and (min(x, y), max(x, y)) not in allowed
            for x in members[gi]
            for y in members[gj]
        ):
            continue  # a date conflict only between readings linked directly
        keep, drop = min(gi, gj), max(gi, gj)
        for k in members[drop]:
            group_of[k] = keep
        members[keep] = sorted(members[keep] + members.pop(drop))
    events: list[tuple[tuple[datetime, datetime, int, int], TimelineEvent]] = []
    for ks in members.values():
        rs = sorted((rows[k] for k in ks), key=lambda r: (r.pos, r.sent_start))
        ms = [r.mention for r in rs]
        conflicting = any(not _overlaps(x, y) for i, x in enumerate(ms) for y in ms[i + 1 :])
        if conflicting:
            lo, hi = min(m.lo for m in ms), max(m.hi for m in ms)
            prec = max((m.precision for m in ms), key=PRECISIONS.index)
        else:
            lo, hi = max(m.lo for m in ms), min(m.hi for m in ms)
            prec = min((m.precision for m in ms), key=PRECISIONS.index)
        first = rs[0]
        # the summary: the shortest claim of >= 6 words (a lead sentence says much else)
        pick = min(rs, key=lambda r: (len(r.claim.split()) < 6, len(r.claim), r.pos))
        ev = TimelineEvent(
            id="t"
            + stable_id(
                *(f"{r.article.id}:{r.sent_start}:{r.mention.start}" for r in rs), length=15
            ),
            summary=shorten(pick.claim, SUMMARY_WORDS),
            start=lo,
            end=hi,
            precision=prec,
            articles=[r.article.id for r in rs],
            outlets=list(dict.fromkeys(r.article.shown_outlet for r in rs)),
            evidence=[
                Evidence(
                    article_id=r.article.id,
                    sentence=r.sentence,
                    start=r.sent_start,
                    end=r.sent_end,
                    outlet=r.article.outlet,
                )
                for r in rs
            ],
            values=[
                ConflictValue(
                    article_id=r.article.id,
                    value=r.mention.phrase,
                    sentence=r.sentence,
                    outlet=r.article.outlet,
                )
                for r in rs
            ],
            conflicting=conflicting,
        )
        events.append(((lo, hi, first.pos, first.sent_start), ev))
    events.sort(key=lambda t: t[0])
    return [e for _, e in events]
