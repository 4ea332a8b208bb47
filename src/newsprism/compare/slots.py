"""Slot-by-slot conflicts: titles, spellings, counts, durations and times, values side by side.

A *slot* is one thing the outlets state about the story that has one true value: the title
of a person, the spelling of a name, how many people were evacuated, how long since the
leaders last spoke, when the fire broke out. Each outlet's value for a slot is read from
its own sentences; a conflict is a slot where two outlets give incompatible values.

Compatibility rules (documented in docs/choices.md as well):

* **Titles** (``Entity.roles`` plus "Title Words Name" read from the text): compatible when
  one contains the other word-wise ("Minister" / "Environment Minister") or they are equal
  after synonyms (Defense/Defence, Chief/Head ...); a slot conflicts when two outlets'
  most specific titles are incompatible.
* **Spellings**: aliases of one PERSON entity that are fuzzy variants of a name token
  (rapidfuzz ratio >= 80, not equal, same first letter: "Ostrowa"/"Ostrova",
  "Galant"/"Gallant") and that articles actually write.
* **Numbers** (counts of one noun for one event, e.g. "people evacuated"): each value is an
  interval. Exact ``X`` is ``[X, X]``; "about/some/around/roughly/approximately X" is
  ``[0.85X, 1.15X]`` (hedged values within 15% are compatible); "nearly/almost X" is
  ``[0.85X, X]``; "more than/over X" is ``(X, 1.5X]``; "at least X" is ``[X, 1.5X]``;
  "as many as/up to X" is ``[0.85X, X]``; "fewer/less than X" is ``[0.5X, X)``. Two
  values are compatible when their intervals overlap.
* **Durations** ("nearly 50 days", "two months") are normalised to days (week 7, month 30,
  year 365) and compared with the same interval rule.
* **Times** ("late on Tuesday, March 11", "in the early hours of Wednesday", "around 10
  p.m. on Tuesday") are resolved against the article's ``published`` date (a bare weekday is
  the latest such day on or before publication; "last Friday" the one before that
  day) into intervals: a clock time is a minute, "around" widens it by 30 min each side,
  "shortly after" covers 20 min after, "late on D" is 18:00-24:00, "early hours of D"
  00:00-06:00, "D morning" 06:00-12:00, "D afternoon" 12:00-18:00, "D evening/night"
  18:00-24:00 and a bare day the whole day. Non-overlapping intervals conflict. Articles
  without a publication date only take part with absolute dates.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from rapidfuzz import fuzz
from spacy.lang.en.stop_words import STOP_WORDS

from ..ids import stable_id
from ..models import Article, ArticleAnalysis, ConflictValue, Entity, Evidence, Fact
from ..nlp.cues import TITLE_WORDS
from .text import NameIndex, outlet_key, person_names, sentences_of

__all__ = [
    "title_conflicts",
    "spelling_conflicts",
    "quantity_conflicts",
    "time_conflicts",
    "slot_conflicts",
    "titles_compatible",
    "clean_title",
    "role_title",
    "parse_quantity",
    "value_interval",
    "time_interval",
    "unaccent",
]

# ------------------------------------------------------------------ shared helpers


@dataclass(frozen=True)
class _Sent:
    article: Article
    pos: int
    start: int
    end: int
    text: str

    def evidence(self) -> Evidence:
        return Evidence(
            article_id=self.article.id,
            sentence=self.text,
            start=self.start,
            end=self.end,
            outlet=self.article.outlet,
        )


def _sentences(articles: Sequence[Article], analyses: Mapping[str, ArticleAnalysis]) -> list[_Sent]:
    out = []
    for pos, a in enumerate(articles):
        for s in sentences_of(a.text, analyses.get(a.id)):
            t = " ".join(s.text.split())
            if t:
                out.append(_Sent(a, pos, s.start, s.end, t))
    return out


def _fact(kind: str, topic: str, rows: list[tuple[_Sent, str]], summary_head: str) -> Fact:
    """One conflict fact from (sentence, value) rows (first value per article kept)."""
    rows = sorted(rows, key=lambda r: (r[0].pos, r[0].start))
    seen: set[str] = set()
    values: list[ConflictValue] = []
    ev: list[Evidence] = []
    for s, v in rows:
        if s.article.id in seen:
            continue
        seen.add(s.article.id)
        values.append(
            ConflictValue(
                article_id=s.article.id, value=v, sentence=s.text, outlet=s.article.outlet
            )
        )
        ev.append(s.evidence())
    label = {s.article.id: s.article.shown_outlet for s, _ in rows}
    summary = f"{summary_head}: " + "; ".join(f"{label[v.article_id]}: {v.value}" for v in values)
    pos = sorted(f"{e.article_id}:{e.start}" for e in ev)
    return Fact(
        id="f" + stable_id("conflict", kind, topic, *pos, length=15),
        kind="conflict",
        summary=summary,
        articles=[v.article_id for v in values],
        evidence=ev,
        topic=topic,
        values=values,
    )


# ------------------------------------------------------------------ titles

_TITLE_HEADS = (
    "minister|secretary|president|chancellor|premier|officer|chief|director|commissioner|"
    "spokesman|spokeswoman|spokesperson|governor|mayor|ambassador|general|admiral|chairman|"
    "chairwoman|chair|head|commander|advisor|adviser|inspector|superintendent|envoy|"
    "prosecutor|judge|senator|representative|ceo|leader|speaker|executive|boss"
)
_TITLE_HEAD_RE = re.compile(rf"^(?:{_TITLE_HEADS})$", re.I)
_TITLE_WORD = r"(?:[A-Z][a-z]+|[A-Z]{2,}|of|for)"
_SYNONYMS = {
    "defence": "defense", "defense": "defense", "head": "chief", "vice": "deputy",
    "adviser": "advisor", "spokeswoman": "spokesperson", "spokesman": "spokesperson",
    "chairwoman": "chair", "chairman": "chair", "boss": "executive",
    # abbreviations written before a name ("Sen. Bernie Sanders" is "Senator Bernie Sanders")
    "sen": "senator", "rep": "representative", "gov": "governor", "gen": "general",
    "lt": "lieutenant", "col": "colonel", "maj": "major", "sgt": "sergeant", "adm": "admiral",
    "capt": "captain", "cmdr": "commander", "brig": "brigadier", "atty": "attorney",
    "pres": "president", "supt": "superintendent", "amb": "ambassador", "insp": "inspector",
    "secy": "secretary", "congressman": "representative", "congresswoman": "representative",
    "gop": "republican",
}  # fmt: skip
# A member of a chamber ("Senator") also holds the chamber's offices ("Senate Majority
# Leader", "Chairman"): the two titles are compatible unless they name different chambers.
_MEMBER_CHAMBER = {"senator": "senate", "representative": "house"}
_CHAMBER_OFFICES = {"speaker", "leader", "whip", "chair", "ranking", "caucus", "committee"}
# A party's leader in a chamber is its majority or its minority leader ("Senate Democratic
# Leader" / "Senate Minority Leader").
_PARTY_WORDS = {"democratic", "republican"}
_SIDE_WORDS = {"majority", "minority"}
# A title marked as past ("former Rep.", "then-Senator") conflicts with no current one.
_PAST_TITLE = {"former", "then", "ex", "onetime", "erstwhile"}
# a word that ends the sentence before a title ("... at the Capitol. Speaker"), not an
# abbreviation ("Gov.")
_SENTENCE_END = re.compile(r"^[A-Za-z]*[a-z]{4,}\.$")
_TITLE_STOP = {
    "israeli",
    "israel",
    "us",
    "u.s.",
    "the",
    "former",
    "acting",
    "his",
    "her",
    "veteran",
}

# words that open a sentence, not a title ("If Judge", "Two of Judge"): spaCy's stop words
# that are no title word; and the stop words a title read from the text drops in front
# ("Israeli Defense Minister"), "former" kept
_FUNCTION_WORDS = frozenset(STOP_WORDS - TITLE_WORDS - _TITLE_STOP)
_LEADING_STOP = frozenset(_TITLE_STOP - {"former"})


def _title_words(title: str) -> list[str]:
    ws = " ".join(w.lower().strip(".,") for w in title.split()).replace(
        "press secretary", "spokesperson"
    ).split()
    return [
        _SYNONYMS.get(w, w)
        for w in ws
        if w and w not in _TITLE_STOP and w not in {"of", "for", "and"}
    ]


def _expand_initials(title: str, other: str) -> str:
    """Spell out an initialism of ``title`` that ``other`` writes in full ("RNC Chairman"
    against "Republican National Committee Chairman")."""
    full = other.split()
    out = []
    for w in title.split():
        core = w.strip(".,")
        if 2 <= len(core) <= 5 and core.isupper() and core.isalpha():
            n = len(core)
            run = next(
                (full[i : i + n] for i in range(len(full) - n + 1)
                 if "".join(x[:1] for x in full[i : i + n]) == core),
                None,
            )  # fmt: skip
            if run is not None:
                out += run
                continue
        out.append(w)
    return " ".join(out)


def _chamber(words: set[str]) -> str | None:
    if "senate" in words:
        return "senate"
    if "house" in words or "speaker" in words:
        return "house"
    return None


def _member_compatible(member: set[str], other: set[str]) -> bool:
    """``member`` is only a chamber's member title and ``other`` an office of that chamber."""
    heads = {w for w in member if _TITLE_HEAD_RE.match(w)}
    if len(heads) != 1 or not heads <= _MEMBER_CHAMBER.keys():
        return False
    chamber = _MEMBER_CHAMBER[next(iter(heads))]
    found = _chamber(other)
    return bool(other & _CHAMBER_OFFICES) and found in {None, chamber}


def titles_compatible(a: str, b: str) -> bool:
    """Equal after synonyms and abbreviations, one title's words contained in the other's,
    or a chamber's member title beside an office of the same chamber."""
    wa = set(_title_words(_expand_initials(a, b)))
    wb = set(_title_words(_expand_initials(b, a)))
    if not wa or not wb:
        return True
    if "leader" in wa & wb and (
        (wa & _PARTY_WORDS and wb & _SIDE_WORDS) or (wb & _PARTY_WORDS and wa & _SIDE_WORDS)
    ):
        wa, wb = wa - _PARTY_WORDS - _SIDE_WORDS, wb - _PARTY_WORDS - _SIDE_WORDS
    return wa <= wb or wb <= wa or _member_compatible(wa, wb) or _member_compatible(wb, wa)


def role_title(role: str, sentence: str, names: Sequence[str]) -> str:
    """An ``Entity.roles`` title, cleaned, and marked "former" where its sentence writes it
    so before one of ``names`` (the nlp layer reads "then-Senator Obama" as "Senator")."""
    title = clean_title(role)
    if title and not _past(title):
        alt = "|".join(re.escape(n) for n in names)
        if re.search(rf"\b(?:then-|ex-|former\s+){re.escape(role)}\s+(?:{alt})\b", sentence, re.I):
            title = f"former {title}"
    return title


def _past(title: str) -> bool:
    return bool(set(title.lower().replace("-", " ").split()) & _PAST_TITLE)


def clean_title(title: str) -> str:
    """A title as it applies to the name after it: a complement that is itself a title
    ends it ("spokesperson for Governor" -> "Governor", "Virginia of Rep." -> "Rep."), and
    leading function words are no title ("If Judge", "But Representative", "Two of Judge");
    "former" stays."""
    ws = title.split()
    for i in range(len(ws) - 2, 0, -1):
        if ws[i].lower() not in {"of", "for"} or not ws[i + 1][:1].isupper():
            continue
        after = _title_words(" ".join(ws[i + 1 :]))
        if (
            after
            and (_TITLE_HEAD_RE.match(after[0]) or after[0] in {"lieutenant", "deputy", "acting"})
            and any(_TITLE_HEAD_RE.match(w) for w in after)
        ):
            ws = ws[i + 1 :]
            break
    while ws and (
        (w := ws[0].lower()) in {"of", "for"}
        or (w in _FUNCTION_WORDS and not ws[0].isupper())
        or _SENTENCE_END.match(ws[0])  # "... at the Capitol. Speaker Nancy Pelosi"
    ):
        ws = ws[1:]
    return " ".join(ws)



@lru_cache(maxsize=4096)  # one pattern per name; re's own cache (512) thrashes on big stories
def _titles_before(name: str) -> re.Pattern[str]:
    # not when the name goes on ("Speaker Paul D. Ryan" gives "Paul" no title)
    return re.compile(rf"((?:{_TITLE_WORD}\s+){{1,5}}){re.escape(name)}\b(?!\s+[A-Z](?:\.|[a-z]))")


def _text_titles(name: str, text: str) -> list[str]:
    """Capitalised title words written right before ``name`` ("Chief Fire Officer Lars Endresen")."""
    out = []
    for m in _titles_before(name).finditer(text):
        ws = m.group(1).split()
        # keep the trailing run that ends in a title head noun, with its capitalised
        # "of"/"for" complement ("Secretary of Defense", "Minister for Strategic Affairs")
        k = len(ws)
        while k and not _TITLE_HEAD_RE.match(ws[k - 1]):
            k -= 1
        # (title words only: "Secretary of Defense Lloyd Austin" read before "Austin")
        tail, j = ws[k:], 1
        if k and tail and tail[0] in {"of", "for"}:
            while j < len(tail) and tail[j][:1].isupper() and tail[j].lower() in TITLE_WORDS:
                j += 1
        # drop sentence-initial non-title words ("Meanwhile, Defense ..." is cut by the comma)
        ws = clean_title(" ".join(ws[:k] + (tail[:j] if j > 1 else []))).split()
        while ws and ws[0].lower() in _LEADING_STOP:
            ws = ws[1:]
        title = " ".join(ws)
        if text[: m.start(1)].endswith(("then-", "ex-", "then ")):
            title = f"former {title}"
        if any(_TITLE_HEAD_RE.match(w) for w in title.split()):
            out.append(title)
    return out


def _most_specific(titles: Sequence[str]) -> list[str]:
    """Titles not contained in a longer compatible title of the same list."""
    first: dict[str, str] = {}  # "Former Secretary" and "former Secretary" are one title
    for t in titles:
        if _title_words(t):
            first.setdefault(t.lower(), t)
    uniq = list(first.values())
    keep = []
    for t in uniq:
        wt = set(_title_words(t))
        if any(u != t and wt < set(_title_words(u)) for u in uniq):
            continue
        keep.append(t)
    return keep


def title_conflicts(
    articles: Sequence[Article], analyses: Mapping[str, ArticleAnalysis], entities: Sequence[Entity]
) -> list[Fact]:
    sents = _sentences(articles, analyses)
    by_art: dict[str, list[_Sent]] = {}
    for s in sents:
        by_art.setdefault(s.article.id, []).append(s)
    flat = [s for a in articles for s in by_art.get(a.id, [])]
    index = NameIndex([s.text for s in flat])
    facts = []
    for e in entities:
        if e.type != "PERSON":
            continue
        names = person_names(e)
        titled: dict[str, list[tuple[_Sent, str]]] = {}
        for i in index.candidates(names):
            s = flat[i]
            for n in names:
                if n in s.text:  # cheap test before the regex
                    titled.setdefault(s.article.id, []).extend((s, t) for t in _text_titles(n, s.text))
        rows: dict[str, list[tuple[_Sent, str]]] = {}
        for a in articles:
            found = list(titled.get(a.id, []))
            for t in e.roles.get(a.id, []):
                hit = next((x for x in by_art.get(a.id, []) if t in x.text), None)
                if hit is not None and (title := role_title(t, hit.text, names)):
                    found.append((hit, title))
            if found:
                rows[a.id] = found
        okeys = {a.id: outlet_key(a) for a in articles}
        best: dict[str, tuple[_Sent, str]] = {}
        for aid, found in rows.items():
            spec = _most_specific([t for _, t in found])
            if not spec:
                continue
            spec = [t for t in spec if not _past(t)] or spec  # what the outlet calls them now
            t = max(spec, key=lambda x: (len(_title_words(x)), x))
            best[aid] = next(r for r in found if r[1] == t)
        ids = [aid for aid in best if not _past(best[aid][1])]
        clash = any(
            okeys[ids[i]] != okeys[ids[j]]
            and not titles_compatible(best[ids[i]][1], best[ids[j]][1])
            for i in range(len(ids))
            for j in range(i + 1, len(ids))
        )
        if clash:
            topic = f"{e.name}'s title"
            facts.append(
                _fact(
                    "title", topic, list(best.values()), f"Outlets give {e.name} different titles"
                )
            )
    return facts


# ------------------------------------------------------------------ spellings


def _same_name(a: str, b: str) -> bool:
    """The same name written another way that is no misspelling: without its accents
    ("Calderon" / "Calderón", a house style) or as a family's plural ("the Clintons")."""
    a, b = unaccent(a.lower()), unaccent(b.lower())
    return a == b or a in {b + "s", b + "es"} or b in {a + "s", a + "es"}


def unaccent(s: str) -> str:
    """``s`` without its accents ("Sánchez" -> "Sanchez")."""
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def spelling_conflicts(
    articles: Sequence[Article], analyses: Mapping[str, ArticleAnalysis], entities: Sequence[Entity]
) -> list[Fact]:
    sents = _sentences(articles, analyses)
    facts = []
    for e in entities:
        if e.type != "PERSON":
            continue
        base = [t for t in re.findall(r"[^\W\d_]+", e.name) if len(t) >= 4]
        variants: dict[str, str] = {}  # variant token -> canonical token
        for al in e.aliases:
            for t in re.findall(r"[^\W\d_]+", al):
                for b in base:
                    if (
                        t != b
                        and not _same_name(t, b)
                        and len(t) >= 4
                        and t[0].lower() == b[0].lower()
                        and fuzz.ratio(t.lower(), b.lower()) >= 80
                    ):
                        variants[t] = b
        if not variants:
            continue
        for var, canon in sorted(variants.items()):
            pats = {form: re.compile(rf"\b{re.escape(form)}\b") for form in (canon, var)}
            per_art: dict[str, dict[str, _Sent]] = {}
            for s in sents:
                for form, pat in pats.items():
                    if pat.search(s.text):
                        per_art.setdefault(s.article.id, {}).setdefault(form, s)
            users = [aid for aid, forms in per_art.items() if var in forms]
            outlets = {outlet_key(next(iter(f.values())).article) for f in per_art.values()}
            if not users or len(users) == len(per_art) or len(outlets) < 2:
                continue
            rows: list[tuple[_Sent, str]] = []
            for forms in per_art.values():
                full = {
                    f: (
                        e.name.replace(canon, f) if e.name.replace(canon, f) in forms[f].text else f
                    )
                    for f in forms
                }
                if var in forms:
                    value = full[var] + (f" (elsewhere {full[canon]})" if canon in forms else "")
                    rows.append((forms[var], value))
                else:
                    rows.append((forms[canon], full[canon]))
            topic = f"spelling of {e.name}"
            facts.append(_fact("spelling", topic, rows, f"Outlets spell {e.name} differently"))
    return facts


# ------------------------------------------------------------------ numbers and durations

_NUM_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "dozen": 12, "dozens": 24,
    "hundreds": 200, "thousands": 2000,
}  # fmt: skip
_HEDGE = (
    r"about|around|some|roughly|approximately|an estimated|nearly|almost|close to|"
    r"more than|over|upwards of|at least|as many as|up to|fewer than|less than|under"
)
_NUM = r"\d[\d,]*(?:\.\d+)?|" + "|".join(
    sorted((k for k in _NUM_WORDS if len(k) > 2), key=len, reverse=True)
)
_QTY = re.compile(
    rf"\b(?:(?P<hedge>{_HEDGE})\s+)?(?P<num>{_NUM})\s+(?P<noun>[A-Za-z][A-Za-z-]+)", re.I
)
_PEOPLE = {
    "people",
    "persons",
    "residents",
    "inhabitants",
    "civilians",
    "locals",
    "villagers",
    "individuals",
}
_DUR_UNITS = {
    "day": 1,
    "days": 1,
    "week": 7,
    "weeks": 7,
    "month": 30,
    "months": 30,
    "year": 365,
    "years": 365,
}

# event cue -> the event as it ends the topic ("people evacuated")
_EVENTS: list[tuple[str, re.Pattern[str]]] = [
    (
        "evacuated",
        re.compile(
            r"evacuat|moved out|driven from|turfed out|(?:asked|told|ordered) to leave|forced (?:from|out)|fled|displaced|left their homes",
            re.I,
        ),
    ),
    ("treated", re.compile(r"treated|treatment|hospitali[sz]ed|injur|hurt|wounded", re.I)),
    ("killed", re.compile(r"killed|died|dead\b|deaths", re.I)),
    ("arrested", re.compile(r"arrest|detain", re.I)),
]
_SPOKE = re.compile(r"\b(spoke|spoken|talked|call|calls|conversation|speak)\b", re.I)


def parse_quantity(hedge: str | None, num: str) -> float | None:
    n = num.lower().replace(",", "")
    if n in _NUM_WORDS:
        return float(_NUM_WORDS[n])
    try:
        return float(n)
    except ValueError:
        return None


def value_interval(hedge: str | None, x: float) -> tuple[float, float]:
    """The interval a hedged value stands for (see the module docstring)."""
    h = (hedge or "").lower()
    if h in {"nearly", "almost", "close to", "as many as", "up to"}:
        return (0.85 * x, x)
    if h in {"more than", "over", "upwards of"}:
        return (x * 1.0001, 1.5 * x)
    if h == "at least":
        return (x, 1.5 * x)
    if h in {"fewer than", "less than", "under"}:
        return (0.5 * x, x * 0.9999)
    if h:
        return (0.85 * x, 1.15 * x)
    return (x, x)


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _interval_clash(rows: list[tuple[_Sent, str, tuple[float, float]]]) -> bool:
    for i in range(len(rows)):
        for j in range(i + 1, len(rows)):
            if outlet_key(rows[i][0].article) != outlet_key(rows[j][0].article) and not _overlap(
                rows[i][2], rows[j][2]
            ):
                return True
    return False


def _quantity_slots(
    articles: Sequence[Article], analyses: Mapping[str, ArticleAnalysis]
) -> dict[str, list[tuple[_Sent, str, tuple[float, float]]]]:
    slots: dict[str, list[tuple[_Sent, str, tuple[float, float]]]] = {}
    for s in _sentences(articles, analyses):
        for m in _QTY.finditer(s.text):
            x = parse_quantity(m.group("hedge"), m.group("num"))
            if x is None or x <= 0:
                continue
            noun = m.group("noun").lower()
            after = s.text[m.end() : m.end() + 90]
            written = m.group().strip()
            if noun in _PEOPLE:
                # the event belongs to this count, not to the next count of people
                nxt = next(
                    (q for q in _QTY.finditer(after) if q.group("noun").lower() in _PEOPLE), None
                )
                if nxt is not None:
                    after = after[: nxt.start()]
                hits = [(h.start(), ev) for ev, pat in _EVENTS if (h := pat.search(after))]
                if hits:
                    ev = min(hits)[1]  # the nearest event cue
                    slots.setdefault(f"people {ev}", []).append(
                        (s, written, value_interval(m.group("hedge"), x))
                    )
            elif noun in _DUR_UNITS and _SPOKE.search(s.text):
                before = s.text[max(0, m.start() - 40) : m.start()].lower()
                if re.search(r"\b(in|for|since)\s*$", before) or "first" in before:
                    days = x * _DUR_UNITS[noun]
                    slots.setdefault("days since the leaders last spoke", []).append(
                        (s, written, value_interval(m.group("hedge"), days))
                    )
    out = {}
    for topic in sorted(slots):
        rows = []
        seen: set[str] = set()
        for r in sorted(slots[topic], key=lambda r: (r[0].pos, r[0].start)):
            if r[0].article.id not in seen:  # first mention per article is its figure
                seen.add(r[0].article.id)
                rows.append(r)
        out[topic] = rows
    return out


def quantity_conflicts(
    articles: Sequence[Article], analyses: Mapping[str, ArticleAnalysis]
) -> list[Fact]:
    """Counts of people per event ("people evacuated") and durations since the leaders spoke."""
    facts = []
    for topic, rows in _quantity_slots(articles, analyses).items():
        if _interval_clash(rows):
            facts.append(
                _fact(
                    "number",
                    topic,
                    [(s, v) for s, v, _ in rows],
                    f"Outlets give different figures for {topic}",
                )
            )
    return facts


# ------------------------------------------------------------------ dates and times

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_WD = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_MON = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_CLOCK = re.compile(
    r"(?P<mod>shortly after|shortly before|just after|just before|around|about|at|after|before)?\s*"
    r"(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<ap>a\.?m\.?|p\.?m\.?)",
    re.I,
)
_PART = re.compile(
    r"(?P<late>late on|early on)?\s*(?:in )?(?:the )?(?P<early>early hours of )?(?:on )?(?:last )?"
    + _WD
    + r"(?:,?\s+"
    + _MON
    + r"\s+(?P<day>\d{1,2}))?(?:\s+(?P<part>morning|afternoon|evening|night))?",
    re.I,
)
_START_EVENT = re.compile(
    # (not someone who "began urging members" or "started to push": an activity, no event)
    r"\b(broke out|started|began|erupted|caught fire|ignited)\b(?!\s+(?:to\s|\w+ing\b))"
    r"|\bafter an? (?:fire|blaze|explosion|blast)\b",
    re.I,
)


def _weekday_date(wd: str, published: datetime, last: bool) -> date:
    base = published.date()
    target = _WEEKDAYS.index(wd.lower())
    delta = (base.weekday() - target) % 7
    if last and delta == 0:
        delta = 7
    return base - timedelta(days=delta)


def time_interval(text: str, published: datetime | None) -> tuple[datetime, datetime, str] | None:
    """The time interval one sentence gives (see the module docstring), with the phrase."""
    pm = _PART.search(text)
    if pm is None:
        return None
    day: date | None = None
    if pm.group("mon") and pm.group("day"):
        mon = next(i for i, m in enumerate(_MONTHS, 1) if m.startswith(pm.group("mon").lower()[:3]))
        year = published.year if published else None
        if year is None:
            return None
        day = date(year, mon, int(pm.group("day")))
    elif published is not None:
        last = "last " in pm.group(0).lower()
        day = _weekday_date(pm.group("wd"), published, last)
    if day is None:
        return None
    d0 = datetime(day.year, day.month, day.day)
    phrase = pm.group(0).strip()
    # a clock time in the same sentence close before the weekday
    cm = None
    for c in _CLOCK.finditer(text):
        if 0 <= pm.start() - c.end() <= 12:
            cm = c
    if cm is not None:
        h = int(cm.group("h")) % 12 + (12 if cm.group("ap").lower().startswith("p") else 0)
        t = d0 + timedelta(hours=h, minutes=int(cm.group("m") or 0))
        mod = (cm.group("mod") or "").lower()
        if mod in {"around", "about"}:
            lo, hi = t - timedelta(minutes=30), t + timedelta(minutes=30)
        elif mod in {"shortly after", "just after", "after"}:
            lo, hi = t, t + timedelta(minutes=20)
        elif mod in {"shortly before", "just before", "before"}:
            lo, hi = t - timedelta(minutes=20), t
        else:
            lo, hi = t, t + timedelta(minutes=1)
        return lo, hi, text[cm.start() : pm.end()].strip()
    part = (pm.group("part") or "").lower()
    if pm.group("early"):
        lo, hi = d0, d0 + timedelta(hours=6)
    elif (pm.group("late") or "").lower() == "late on":
        lo, hi = d0 + timedelta(hours=18), d0 + timedelta(hours=24)
    elif part == "morning":
        lo, hi = d0 + timedelta(hours=6), d0 + timedelta(hours=12)
    elif part == "afternoon":
        lo, hi = d0 + timedelta(hours=12), d0 + timedelta(hours=18)
    elif part in {"evening", "night"}:
        lo, hi = d0 + timedelta(hours=18), d0 + timedelta(hours=24)
    else:
        lo, hi = d0, d0 + timedelta(hours=24)
    return lo, hi, phrase


def _time_rows(
    articles: Sequence[Article], analyses: Mapping[str, ArticleAnalysis]
) -> list[tuple[_Sent, str, tuple[datetime, datetime]]]:
    rows: list[tuple[_Sent, str, tuple[datetime, datetime]]] = []
    seen: set[str] = set()
    for s in _sentences(articles, analyses):
        if s.article.id in seen:
            continue
        m = _START_EVENT.search(s.text)
        if m is None:
            continue
        iv = time_interval(s.text[m.start() :], s.article.published)
        if iv is None:
            continue
        seen.add(s.article.id)
        rows.append((s, iv[2], (iv[0], iv[1])))
    return rows


def time_conflicts(
    articles: Sequence[Article], analyses: Mapping[str, ArticleAnalysis]
) -> list[Fact]:
    """When the event started ("broke out", "started", "after a fire ... on <time>")."""
    rows = _time_rows(articles, analyses)
    clash = False
    for i in range(len(rows)):
        for j in range(i + 1, len(rows)):
            a, b = rows[i][2], rows[j][2]
            if outlet_key(rows[i][0].article) != outlet_key(rows[j][0].article) and not (
                a[0] < b[1] and b[0] < a[1]
            ):
                clash = True
    if not clash:
        return []
    noun = None
    for s, _, _ in rows:
        noun = noun or re.search(
            r"\b(fire|blaze|explosion|blast|attack|strike|protest|riot|clashes)\b", s.text, re.I
        )
    what = noun.group(1).lower() if noun else "event"
    topic = f"when the {what} broke out"
    return [_fact("time", topic, [(s, v) for s, v, _ in rows], f"Outlets disagree on {topic}")]


# ------------------------------------------------------------------ polarity

_POLAR_VERBS = {
    "approve": r"approv(?:e|ed|es|ing|al)",
    "confirm": r"confirm(?:s|ed|ing)?",
    "allow": r"allow(?:s|ed|ing)?",
    "accept": r"accept(?:s|ed|ing)?",
    "agree": r"agree(?:s|d|ing)?",
    "sign": r"sign(?:s|ed|ing)?",
}
_ANTONYMS = {
    "confirm": r"den(?:y|ied|ies|ying)",
    "approve": r"reject(?:s|ed|ing)?",
    "accept": r"reject(?:s|ed|ing)?",
    "allow": r"(?:bann?(?:ed|s)?|forb[ia]d(?:den)?)",
}
_NEG = r"(?:(?:did|does|do|was|were|is|are|has|have|had|would|will|could|should)\s+)?(?:not|n't|never|no longer|refused to|declined to|failed to)\s+(?:\w+\s+){0,2}"


# a verb or antonym that is the object of a reversal or of a plan is no plain statement of
# either reading ("reversed the decision to start allowing imports", "lift the ban")
_FRAMED = re.compile(
    r"\b(?:lift(?:s|ed|ing)?|end(?:s|ed|ing)?|revers(?:e|es|ed|ing|al)|overturn(?:s|ed|ing)?|"
    r"repeal(?:s|ed|ing)?|rescind(?:s|ed|ing)?|revok(?:e|es|ed|ing)|decision|plans?|proposal|bid)"
    r"\b(?:\s+\S+){0,3}\s*$",
    re.I,
)

_PAST = {
    "approve": "approved",
    "confirm": "confirmed",
    "allow": "allowed",
    "accept": "accepted",
    "agree": "agreed",
    "sign": "signed",
}


def _polarity(text: str, verb: str) -> tuple[bool, str] | None:
    """(affirmed?, the words as written) or None when the verb is absent or used twice."""
    t = text.replace("’", "'")
    pos = list(re.finditer(rf"\b{_POLAR_VERBS[verb]}\b", t, re.I))
    ant = list(re.finditer(rf"\b{_ANTONYMS[verb]}\b", t, re.I)) if verb in _ANTONYMS else []
    if len(pos) + len(ant) != 1:
        return None
    m = (ant or pos)[0]
    before = t[max(0, m.start() - 40) : m.start()]
    if _FRAMED.search(before):
        return None
    if ant:
        return False, m.group()
    neg = re.search(rf"{_NEG}(?:be\s+|been\s+|have\s+)?$", before, re.I)
    if neg:
        return False, (neg.group() + m.group()).strip()
    return True, m.group()


def polarity_conflicts(
    groups: Sequence[Sequence[tuple[Article, int, int, str, int]]],
) -> list[Fact]:
    """In aligned statements (``(article, start, end, text, pos)`` per member), one outlet
    affirming what another negates ("approved" / "not approved", "confirmed" / "denied").
    A verb used twice in one sentence is skipped (we cannot tell which one is negated)."""
    facts = []
    for g in groups:
        for verb in _POLAR_VERBS:
            rows = [(m, p) for m in g if (p := _polarity(m[3], verb)) is not None]
            if len({p[0] for _, p in rows}) < 2 or len({outlet_key(m[0]) for m, _ in rows}) < 2:
                continue
            sents = [(_Sent(m[0], m[4], m[1], m[2], m[3]), p[1]) for m, p in rows]
            topic = f"whether it was {_PAST[verb]}"
            facts.append(_fact("polarity", topic, sents, f"Outlets disagree on {topic}"))
    return facts


# ------------------------------------------------------------------ status of a planned event

_EVENT_NOUN = re.compile(
    r"\b(phone call|call|conversation|meeting|talks|visit|trip|summit|vote|hearing|interview)s?\b", re.I
)
_ARRANGE = r"(?:schedul(?:e|ed|ing)|arrang(?:e|ed|ing)|set(?:ting)? up|organi[sz](?:e|ed|ing))"
# (slot, settled?) -> the words that state it; the slot is what a reader would ask
_STATUS: dict[tuple[str, bool], re.Pattern[str]] = {
    ("already scheduled", False): re.compile(
        rf"\b(?:(?:efforts|attempts|work|talks)\s+(?:are|were|is|was)\s+(?:still\s+)?(?:ongoing|under\s?way|continuing)\s+to\s+{_ARRANGE}"
        rf"|(?:attempting|trying|working|seeking|scrambling|struggling|racing)\s+to\s+{_ARRANGE}"
        rf"|(?:yet\s+to\s+be|not\s+yet(?:\s+been)?|(?:has|have|had)\s+not\s+(?:yet\s+)?been)\s+{_ARRANGE})\b",
        re.I,
    ),
    ("already scheduled", True): re.compile(
        rf"\b(?:(?:is|are|was|were|has\s+been|have\s+been|had\s+been)\s+already\s+{_ARRANGE}"
        rf"|already\s+(?:been\s+)?{_ARRANGE})\b",
        re.I,
    ),
    ("taken place", False): re.compile(
        r"\b(?:(?:has|have|had)\s+yet\s+to\s+(?:occur|take\s+place|happen|be\s+held)"
        r"|(?:has|have|had)\s+not\s+(?:yet\s+)?(?:occurred|taken\s+place|happened|been\s+held))\b",
        re.I,
    ),
    ("taken place", True): re.compile(
        r"\b(?:(?:is|are|were|was)\s+(?:now\s+)?holding|(?:has|have|had)\s+(?:already\s+)?(?:held|taken\s+place|occurred|happened)"
        r"|already\s+(?:held|took\s+place|occurred|happened))\b",
        re.I,
    ),
}


def _status(text: str, slot: str) -> tuple[bool, str] | None:
    """(settled?, the words as written) for one slot, or None when the sentence states
    neither or both (we cannot tell which one the sentence means)."""
    t = text.replace("’", "'")
    hits = [(v, m) for v in (False, True) if (m := _STATUS[(slot, v)].search(t))]
    if len(hits) != 1:
        return None
    return hits[0][0], " ".join(hits[0][1].group().split())


def status_conflicts(
    groups: Sequence[Sequence[tuple[Article, int, int, str, int]]],
) -> list[Fact]:
    """In aligned statements about a planned event (a call, meeting, visit, vote ...), one
    outlet saying it is still being arranged or has not happened while another says it was
    already arranged or is happening ("efforts are ongoing to schedule a call" / "the call
    was already scheduled"; "it has yet to occur" / "are holding a phone call")."""
    facts = []
    for g in groups:
        named = [(x, e.group(1).lower().split()[-1]) for x in g if (e := _EVENT_NOUN.search(x[3]))]
        if not named:
            continue
        nouns = [w for _, w in named]
        noun = max(dict.fromkeys(nouns), key=nouns.count)  # "phone call" counts as "call"
        for slot in ("already scheduled", "taken place"):
            rows = [(m, p) for m, _ in named if (p := _status(m[3], slot)) is not None]
            if len({p[0] for _, p in rows}) < 2 or len({outlet_key(m[0]) for m, _ in rows}) < 2:
                continue
            sents = [(_Sent(m[0], m[4], m[1], m[2], m[3]), p[1]) for m, p in rows]
            verb = "was" if slot == "already scheduled" else "has"
            topic = f"whether the {noun} {verb} {slot}"
            facts.append(_fact("status", topic, sents, f"Outlets disagree on {topic}"))
    return facts


def slot_omissions(
    articles: Sequence[Article], analyses: Mapping[str, ArticleAnalysis]
) -> list[Fact]:
    """A figure (count, duration, start time) most outlets give (>= 3 of >= 4, or all but
    one of >= 3) and one outlet does not give at all: an omission fact per silent outlet,
    ``articles`` = the outlets that give it, ``topic`` = the silent outlet's name."""
    outlets: dict[str, str] = {}
    for a in articles:
        outlets.setdefault(outlet_key(a), a.shown_outlet)
    n = len(outlets)
    slots: list[tuple[str, list[_Sent]]] = [
        (t, [r[0] for r in rows]) for t, rows in _quantity_slots(articles, analyses).items()
    ]
    slots.append(("when it broke out", [r[0] for r in _time_rows(articles, analyses)]))
    facts = []
    for topic, sents in slots:
        have = {outlet_key(x.article) for x in sents}
        r = len(have)
        if n < 3 or not ((r >= 3 and n >= 4) or r == n - 1):
            continue
        sents = sorted(sents, key=lambda x: (x.pos, x.start))
        for okey, name in outlets.items():
            if okey in have:
                continue
            ev = [x.evidence() for x in sents]
            pos = sorted(f"{e.article_id}:{e.start}" for e in ev)
            facts.append(
                Fact(
                    id="f" + stable_id("omission", topic, okey, *pos, length=15),
                    kind="omission",
                    summary=f"{name} gives no figure for {topic}, which {r} of {n} outlets report",
                    articles=list(dict.fromkeys(x.article.id for x in sents)),
                    evidence=ev,
                    topic=name,
                )
            )
    return facts


def slot_clashes(
    articles: Sequence[Article], analyses: Mapping[str, ArticleAnalysis]
) -> set[frozenset[tuple[str, int]]]:
    """Pairs of sentences (article id, start) whose counts or times are incompatible: they
    state different things, so they must never make an agreement together."""
    out: set[frozenset[tuple[str, int]]] = set()
    groups: list[list[tuple[_Sent, tuple]]] = [
        [(s, iv) for s, _, iv in rows] for rows in _quantity_slots(articles, analyses).values()
    ]
    groups.append([(s, iv) for s, _, iv in _time_rows(articles, analyses)])
    for rows in groups:
        for i in range(len(rows)):
            for j in range(i + 1, len(rows)):
                (si, a), (sj, b) = rows[i], rows[j]
                if not (a[0] <= b[1] and b[0] <= a[1]) or (
                    isinstance(a[0], datetime) and not (a[0] < b[1] and b[0] < a[1])
                ):
                    out.add(frozenset({(si.article.id, si.start), (sj.article.id, sj.start)}))
    return out


def slot_conflicts(
    articles: Sequence[Article],
    analyses: Mapping[str, ArticleAnalysis],
    entities: Sequence[Entity] = (),
) -> list[Fact]:
    """All slot conflicts of one story, in a stable order. Titles, figures and times can
    only conflict between outlets; a spelling can differ even inside one article."""
    if len({outlet_key(a) for a in articles}) < 2:
        return spelling_conflicts(articles, analyses, entities)
    return [
        *title_conflicts(articles, analyses, entities),
        *spelling_conflicts(articles, analyses, entities),
        *quantity_conflicts(articles, analyses),
        *time_conflicts(articles, analyses),
    ]
