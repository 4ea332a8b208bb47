"""Entity resolution within a story: mentions -> entities with one canonical name.

People: titles are stripped into per-article ``roles`` ("Defense Minister Yoav Gallant" ->
"Yoav Gallant", role "Defense Minister"); possessives dropped; a surname joins the unique
full name with that surname; misspellings join by fuzzy match (rapidfuzz ratio >= 85 and the
same initial); user aliases ("Bibi" -> "Benjamin Netanyahu") apply to every type.
Organisations merge without "the", by acronym ("IDF" = "Israel Defense Forces") and by a
firm's short name ("Tarnwick" = "Tarnwick Chemicals", when one firm is named so);
places fold "U.S."/"US"/"USA"/"America" into "United States"; outlets take the gazetteer's
canonical name. Ids are ``stable_id(type, name)``.
"""

from __future__ import annotations

import bisect
import json
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from ..errors import UsageError
from ..ids import stable_id
from ..models import Article, ArticleAnalysis, Entity
from .cues import FIRM_TAILS, TITLE_RE, TITLE_WORDS, nationality_of, strip_title
from .outlets import canonical_outlet

__all__ = ["resolve_entities", "load_aliases", "role_before", "normalize_name", "surname"]

_US = {"u.s.", "us", "u.s", "usa", "u.s.a.", "united states", "the united states",
       "america", "united states of america", "the us", "the u.s."}
_POSS = re.compile(r"\s*(?:[’']s|[’'])$")
_OWNED = re.compile(r"^[A-Z][\w.-]*[’']s\s+([A-Z].*)$")
_LEAD = {"his", "her", "their", "its", "the", "a", "an", "our"}
_CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december today yesterday".split())


def normalize_name(text: str, label: str) -> str:
    """The comparable name of a mention (no determiner, possessive or extra spaces)."""
    text = _POSS.sub("", " ".join(text.split())).strip(" ,.;:")
    if label == "PERSON":
        return strip_title(text)[0]
    if label == "OUTLET":
        return canonical_outlet(text) or text
    text = re.sub(r"^(?:the|The)\s+", "", text)
    if label == "GPE" and text.casefold() in _US:
        return "United States"
    return text


# A mention read as a place by its context: after a locative preposition ("in Varnholm",
# "out of Kleppa", "the port city of Varnholm"), or before a place or resident noun ("the
# Kleppa district", "Kleppa residents"); and one read as a person: before a verb of saying
# or "v." ("Bush v. Gore"), after an honorific or a kinship word ("Mr.", "daughter").
_PLACE_BEFORE = re.compile(
    r"(?:\b(?:in|into|near|across|around|outside|inside|throughout)|\bout of|"
    r"\b(?:city|town|hometown|port|village|region|province|county|district|state|capital) of|"
    r"\b(?:plants?|sites?|facilit(?:y|ies)|bases?|reactors?|mines?) at)\s+$",
    re.IGNORECASE,
)
_PLACE_AFTER = re.compile(
    r"^[’']?s?\s+(?:harbou?r\s+)?(?:district|harbou?r|port|area|region|province|county|"
    r"neighbou?rhood|suburb|borough|city|town|village|residents|site|street|road|quarter)\b",
    re.IGNORECASE,
)
_PERSON_AFTER = re.compile(r"^,?\s+(?:said|says|told|added|tells|argued|wrote|insisted|v\.|vs\.)(?:\s|$)")
_PERSON_BEFORE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|President|Presidents|daughter|son|wife|husband)\.?\s+$"
)


# the conjunct before a mention: "at Natanz and " before "Fordow"
_CONJUNCT_BEFORE = re.compile(r"\b[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3}(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)$")


def _place_context(text: str, start: int, end: int) -> bool | None:
    """Whether a mention's words around it read as a place (True), a person (False) or
    neither (None). A later conjunct reads as the first does ("plants at Natanz and
    Fordow")."""
    after = text[end : end + 40]
    wide = text[max(0, start - 80) : start]
    before = wide[-30:]
    if _PERSON_AFTER.match(after) or _PERSON_BEFORE.search(before):
        return False
    if _PLACE_BEFORE.search(before) or _PLACE_AFTER.match(after):
        return True
    conj = _CONJUNCT_BEFORE.search(wide)
    if conj is not None and _PLACE_BEFORE.search(wide[: conj.start()][-30:]):
        return True
    return None


def role_before(text: str, start: int) -> str:
    """A title written right before a name: "... Israeli Defense Minister " -> "Defense Minister"."""
    m = TITLE_RE.search(text[max(0, start - 90) : start])
    if not m:
        return ""
    words = m.group(1).split()
    dropped = ""
    while words and words[0].lower() not in TITLE_WORDS:
        dropped = words.pop(0)
    if (words and words[0].islower() and dropped[:1].isupper() and dropped.isalpha()
            and dropped.lower() not in _CALENDAR and not nationality_of(dropped)):
        words.insert(0, dropped)  # "Tarnwick spokeswoman": the employer named in the title
    while words and (words[0].lower() in _LEAD or nationality_of(words[0])
                     or words[0].lower() in {"of", "for"}):
        words.pop(0)
    role = " ".join(words)
    return role if re.search(r"[A-Za-z]", role) else ""


def load_aliases(path: str | Path) -> dict[str, list[str]]:
    """Read ``{"Benjamin Netanyahu": ["Bibi"]}`` from a JSON file (UsageError if bad)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read aliases file {path}: {exc}") from None
    if not isinstance(data, dict):
        raise UsageError(f"aliases file {path} must hold a JSON object {{name: [aliases]}}")
    out: dict[str, list[str]] = {}
    for name, vals in data.items():
        if isinstance(vals, str):
            vals = [vals]
        if not isinstance(vals, list) or not all(isinstance(v, str) for v in vals):
            raise UsageError(f"aliases file {path}: value for {name!r} must be a list of strings")
        out[str(name)] = [v for v in vals if v.strip()]
    return out


class _Cluster:
    def __init__(self, type_: str) -> None:
        self.type = type_
        self.names: Counter[str] = Counter()
        self.articles: list[str] = []
        self.roles: dict[str, set[str]] = defaultdict(set)

    @property
    def full(self) -> list[str]:
        return [n for n in self.names if " " in n]

    def canonical(self, forced: str | None) -> str:
        if forced:
            return forced
        pool = self.full if self.type == "PERSON" and self.full else list(self.names)
        return sorted(pool, key=lambda n: (-self.names[n], -len(n), n))[0]


_ORDINALS = frozenset({"ii", "iii", "iv"})


def surname(name: str) -> str:
    """The surname of a full name, lower case: its last word, or the one before a numeral
    ("George T. Conway III" -> conway; not "Jr.": "Trump" alone stays the father's)."""
    words = name.casefold().split()
    return words[-2] if len(words) > 2 and words[-1].strip(".") in _ORDINALS else words[-1]


def _same_person(a: str, b: str) -> bool:
    """Two full names of one person: surnames alike, and first names alike or one a
    nickname of the other ("Dick Blumenthal" / "Richard Blumenthal", "Chris Dodd" /
    "Christopher J. Dodd")."""
    ta, tb = a.split(), b.split()
    la, lb = surname(a), surname(b)
    if la[:1] != lb[:1] or fuzz.ratio(la, lb) < 85:
        return False
    fa, fb = ta[0].casefold(), tb[0].casefold()
    return fa == fb or (fa[:1] == fb[:1] and fuzz.ratio(fa, fb) >= 80) or _nickname_of(fa, fb)


@lru_cache(maxsize=1)
def _nicknames() -> dict[str, frozenset[str]]:
    """Given name -> its nicknames and the names it is a nickname of (the ``nicknames``
    package's hand-curated table, lower case)."""
    from nicknames import NickNamer

    out: dict[str, set[str]] = defaultdict(set)
    for name, nicks in NickNamer().nickname_lookup.items():
        for nick in nicks:
            out[name].add(nick)
            out[nick].add(name)
    return {k: frozenset(v) for k, v in out.items()}


def _nickname_of(a: str, b: str) -> bool:
    """Whether lower-case first names ``a`` and ``b`` are a name and its nickname."""
    return b in _nicknames().get(a.rstrip("."), frozenset())


def _near_surname(name: str, surnames: Mapping[str, set[str]]) -> bool:
    """``name`` is, or is spelled like, one of ``surnames`` (grouped by initial)."""
    low = name.casefold()
    near = surnames.get(low[:1], set())
    return low in near or any(fuzz.ratio(s, low) >= 85 for s in near)


def _person_tail(name: str, person_full: set[str]) -> str | None:
    """The longest full person name that ``name`` ends with after a space ("Defense Lloyd
    Austin" -> "Lloyd Austin")."""
    i = name.find(" ")
    while i >= 0:
        if name[i + 1 :] in person_full:
            return name[i + 1 :]
        i = name.find(" ", i + 1)
    return None


def _firm_of(short: str, full: str) -> bool:
    """Whether ``full`` is the one-word name ``short`` followed only by a firm's form or trade
    words (:data:`FIRM_TAILS`; not a body's: "Senate Intelligence Committee" is no "Senate")."""
    words = full.split()
    return len(words) > 1 and words[0].casefold() == short.casefold() and all(
        w.casefold().rstrip(",") in FIRM_TAILS for w in words[1:])


def _acronym(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper() and w.lower() not in ("of", "the", "and"))


_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def _vote_types(records: list[tuple[str, str, str, str]], placed: set[int]) -> list[tuple[str, str, str, str]]:
    """One type per name across the story's mentions when the tagger gave it several and the
    story's own words say which (not for a person or an outlet): "IRGC" tagged once as an
    organisation and once as a place, after "the Islamic Revolutionary Guard Corps (IRGC)";
    "Fordow" tagged a product and a person, read as a place in "plants at Natanz and
    Fordow"; "Estmark" tagged an organisation three times and a place once, "in Estmark".
    Evidence is a place reading (``placed``: record indexes) for a place label, or being
    the acronym of an organisation the story names; the label with the most evidence wins.
    A name with no evidence keeps the tagger's labels (one entity per label, as before)."""
    orgs = {_acronym(n) for _, t, n, _ in records if t == "ORG" and " " in n}
    labels: dict[str, set[str]] = defaultdict(set)
    evidence: dict[str, Counter[str]] = defaultdict(Counter)
    for i, (_art, label, name, _role) in enumerate(records):
        if label in ("PERSON", "OUTLET"):
            continue
        key = name.casefold()
        labels[key].add(label)
        if (i in placed and label in _PLACE_LABELS) or (label == "ORG" and name.isupper() and name in orgs):
            evidence[key][label] += 1
    winner = {k: c.most_common(1)[0][0] for k, c in evidence.items() if len(labels[k]) > 1}
    return [(a, winner.get(n.casefold(), t) if t not in ("PERSON", "OUTLET") else t, n, r)
            for a, t, n, r in records]


def resolve_entities(
    articles: Sequence[Article],
    analyses: Sequence[ArticleAnalysis],
    aliases: Mapping[str, Sequence[str]] | None = None,
) -> list[Entity]:
    """Resolve the mentions of one story's articles into entities (deterministic)."""
    by_id = {a.id: a for a in articles}
    alias_map: dict[str, str] = {}
    for canonical, alts in (aliases or {}).items():
        for alt in (canonical, *alts):
            alias_map[alt.casefold()] = canonical
    # 1. normalised records
    records: list[tuple[str, str, str, str]] = []  # (article, type, name, role)
    # how the story's mentions of each name read: as a place, as a person (a role counts)
    place_votes: Counter[str] = Counter()
    placed: set[int] = set()  # records whose words read as a place
    person_votes: Counter[str] = Counter()
    for an in analyses:
        art = by_id.get(an.article_id)
        text = art.text if art else ""
        for m in an.mentions:
            label = m.label
            name = normalize_name(m.text, label)
            if not name:
                continue
            role = ""
            if label == "PERSON":
                role = strip_title(_POSS.sub("", m.text))[1] or (role_before(text, m.start) if text else "")
            name = alias_map.get(name.casefold(), name)
            records.append((an.article_id, label, name, role))
            reading = _place_context(text, m.start, m.end) if text else None
            if reading:
                placed.add(len(records) - 1)
            owned = _OWNED.match(name) if label == "PERSON" else None
            for key in {name.casefold(), *([owned.group(1).casefold()] if owned else [])}:
                if reading:
                    place_votes[key] += 1
                if role or reading is False:
                    person_votes[key] += 1
    # a one-word "person" the story only ever places things in is a place ("in Varnholm", "the
    # Kleppa district": the small model's NER calls unfamiliar place names PERSON); not a
    # surname of a full name in the story ("in Trump's view" is Donald Trump's)
    surnames_cf = {surname(n) for _, t, n, _ in records
                   if t == "PERSON" and " " in n and not _OWNED.match(n)}

    def _place(label: str, name: str) -> bool:
        key = name.casefold()
        return (label == "PERSON" and " " not in name and name not in alias_map.values()
                and key not in surnames_cf and place_votes[key] > 0 and not person_votes[key])

    def _relabel(art: str, label: str, name: str, role: str) -> tuple[str, str, str, str]:
        if _place(label, name):
            return (art, "GPE", name, "")
        owned = _OWNED.match(name) if label == "PERSON" else None
        if owned and _place(label, owned.group(1)):  # "Varnholm’s Kleppa" (harbour district)
            return (art, "GPE", owned.group(1), "")
        return (art, label, name, role)

    records = [_relabel(*r) for r in records]
    person_full = {n for _, t, n, _ in records if t == "PERSON" and " " in n}
    surnames: dict[str, set[str]] = defaultdict(set)
    for n in person_full:
        last = surname(n)
        surnames[last[:1]].add(last)
    forced = set(alias_map.values())
    fixed = []
    for art, label, name, role in records:
        if label not in ("PERSON", "OUTLET"):
            tail = _person_tail(name, person_full)
            if tail:  # "Defense Lloyd Austin" (ORG) -> Lloyd Austin
                name, label = tail, "PERSON"
            elif name in person_full or (" " not in name and _near_surname(name, surnames)):
                label = "PERSON"
        if label != "PERSON" and name in forced and name in person_full:
            label = "PERSON"
        fixed.append((art, label, name, role))
    fixed = _vote_types(fixed, placed)
    # 2. clusters
    clusters: list[_Cluster] = []
    index: dict[tuple[str, str], _Cluster] = {}

    # PERSON clusters with full names, indexed by surname initial and by first name (in
    # creation order), so a new name is compared with the few clusters it could join
    # instead of every cluster of the story (quadratic on 100-article stories)
    fulls_of: dict[int, list[str]] = {}
    by_initial: dict[str, list[int]] = defaultdict(list)
    by_first: dict[str, list[int]] = defaultdict(list)

    pos: dict[int, int] = {}  # id(cluster) -> its place in ``clusters``

    def register(c: _Cluster, name: str) -> None:
        k = pos[id(c)]
        fulls_of.setdefault(k, []).append(name)
        words = name.split()
        for key, idx in ((surname(name)[:1], by_initial), (words[0].casefold(), by_first)):
            if k not in idx[key]:
                bisect.insort(idx[key], k)

    def cluster_for(label: str, name: str) -> _Cluster:
        key = (label, name.casefold())
        if key in index:
            return index[key]
        found = None
        if label == "PERSON" and name not in forced:
            if " " in name:
                init = surname(name)[:1]
                k = next((k for k in by_initial.get(init, ()) if any(_same_person(name, f) for f in fulls_of[k])), None)
                found = clusters[k] if k is not None else None
            else:
                low = name.casefold()
                near = by_initial.get(low[:1], ())
                exact = [k for k in near if any(surname(f) == low for f in fulls_of[k])]
                fuzzy = [k for k in near if any(
                    surname(f)[:1] == low[:1] and fuzz.ratio(surname(f), low) >= 85 for f in fulls_of[k])]
                firsts = list(by_first.get(low, ()))
                for cands in (exact, fuzzy, firsts):
                    if len(cands) == 1:
                        found = clusters[cands[0]]
                        break
        elif label == "ORG":
            for c in clusters:
                if c.type == "ORG" and any(
                        (name.isupper() and _acronym(n) == name) or (n.isupper() and _acronym(name) == n)
                        for n in c.names):
                    found = c
                    break
            if found is None and " " not in name:
                # "Tarnwick" after "Tarnwick Chemicals": the firm's short name, when one firm
                # of the story is named so
                firms = [c for c in clusters if c.type == "ORG" and any(_firm_of(name, n) for n in c.names)]
                if len(firms) == 1:
                    found = firms[0]
        if found is None:
            found = _Cluster(label)
            pos[id(found)] = len(clusters)
            clusters.append(found)
        index[key] = found
        return found

    # full names first, so surnames and misspellings find them
    order = sorted(range(len(fixed)), key=lambda i: (fixed[i][1] != "PERSON", " " not in fixed[i][2], i))
    for i in order:
        art, label, name, role = fixed[i]
        c = cluster_for(label, name)
        if c.type == "PERSON" and " " in name and name not in c.names:
            register(c, name)
        c.names[name] += 1
        if art not in c.articles:
            c.articles.append(art)
        if role:
            c.roles[art].add(role)
    # 3. entities
    art_order = {a.id: k for k, a in enumerate(articles)}
    out: list[Entity] = []
    for c in clusters:
        forced_name = next((n for n in c.names if n in forced), None)
        name = c.canonical(forced_name)
        alias_set = {n for n in c.names if n != name}
        if forced_name:
            alias_set |= {a for a in (aliases or {}).get(forced_name, [])}
        arts = sorted(c.articles, key=lambda a: art_order.get(a, len(art_order)))
        outlets = sorted({by_id[a].outlet for a in arts if a in by_id and by_id[a].outlet})
        out.append(Entity(
            id=stable_id(c.type, name), name=name, type=c.type, aliases=sorted(alias_set - {name}),
            articles=arts, outlets=outlets,  # type: ignore[arg-type]
            roles={a: sorted(r) for a, r in sorted(c.roles.items())},
        ))
    out.sort(key=lambda e: (-sum(1 for _ in e.articles), e.type, e.name))
    return out
