"""The cast: each person of the story with the role(s) each outlet gives them.

Roles come from three places, per article: the titles the nlp layer stripped from the name
(``Entity.roles``), capitalised titles written right before a name ("Chief Fire Officer Lars
Endresen", the same reading as the title conflicts of :mod:`.slots`), and appositions after
it ("Johan Vik, an analyst at Norrvik Securities,"; the apposition must hold a role noun).
Per article only the most specific of compatible titles is kept ("Environment Minister",
not also "Minister"); every role carries the sentence it was read from.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from ..models import Article, ArticleAnalysis, CastMember, CastRole, Entity
from ..nlp.cues import ROLE_NOUNS
from .slots import _TITLE_HEAD_RE, _most_specific, _text_titles, role_title
from .text import NameIndex, person_names, sentences_of

__all__ = ["build_cast", "organisations"]

_EXTRA_ROLE_NOUNS = frozenset(
    "chair chairman chairwoman director head chief executive president secretary minister "
    "mayor governor manager founder partner professor correspondent editor".split()
)


_NOT_ROLE = frozenset(
    "who whom whose which that according speaking also said says told when where while as "
    "but and or yet though although including to because even".split()
)


# participles that make a role ("managing editor", "acting chief of staff")
_ROLE_PARTICIPLES = frozenset(
    "managing ranking acting presiding founding leading visiting sitting outgoing incoming "
    "governing consulting contributing supervising commanding reigning".split()
)
_FINITE = frozenset("is are was were has have had will would can did does do".split())
_TIES = re.compile(r"\s(?:for|to|with)\s")


@lru_cache(maxsize=4096)  # one pattern per name; re's own cache (512) thrashes on big stories
def _apposition_re(name: str) -> re.Pattern[str]:
    # one sentence at a time: a full stop inside it belongs to an abbreviation ("St. Aldric")
    return re.compile(
        rf"\b{re.escape(name)},\s+(?:(?:a|an|the)\s+)?(?P<role>[^,;:()\"“”]{{3,80}}?)(?=,|\.\s*$|;|\s+who\b|\s+said\b)"
    )


def _appositions(name: str, text: str) -> list[str]:
    out = []
    for m in _apposition_re(name).finditer(text):
        role = m.group("role").strip()
        ws = [w.lower() for w in re.findall(r"[A-Za-z]+", role)]
        if not ws or not role[:1].islower() and not _TITLE_HEAD_RE.match(ws[0]):
            continue
        if ws[0] in _NOT_ROLE:  # "who ordered ...", "according to ...": not an apposition
            continue
        # a clause, not a noun phrase: "asking people to sign a petition", "briefing
        # reporters", "president's advisers have been searching for an exit"
        if (ws[0].endswith("ing") and ws[0] not in _ROLE_PARTICIPLES) or _FINITE & set(ws):
            continue
        if any(
            w in ROLE_NOUNS or w in _EXTRA_ROLE_NOUNS or _TITLE_HEAD_RE.match(w) for w in ws[:4]
        ):
            out.append(role)
    return out


# the words that show a name is an organisation or a service, as the nlp layer reads them
# from the parse (nlp.speakers._says_org), here from the text: "wrote on Twitter", "took to
# Twitter", "a Twitter post", "Twitter's chief executive", "an avid user of Twitter"
_POSTED_ON = (
    r"(?:(?:wrote|written|posted|tweeted|shared|published|argued|announced|reacted|writing|posting|tweeting)"
    r"\s+(?:on|over)|(?:took|takes|take|taking)\s+to)"
)
_SERVICE_THINGS = r"(?:post|account|feed|user|app|page|message|video)s?"
_OWNED = r"(?:chief executive|ceo|shareholders?|stockholders?|headquarters|stores?|subsidiar(?:y|ies))"
_PERSON_MARK = r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen)\.?"


@lru_cache(maxsize=4096)
def _org_res(name: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    n = re.escape(name)
    org = re.compile(
        rf"\b{_POSTED_ON}\s+{n}\b(?!['’]s)|\b(?:a|an|the|his|her|their|its)\s+{n}\s+{_SERVICE_THINGS}\b"
        rf"|\b{n}['’]s\s+{_OWNED}\b|\b(?:users?|founder|co-founder|headquarters) of {n}\b",
        re.I,
    )
    return org, re.compile(rf"\b{_PERSON_MARK}\s+{n}\b")


# where such evidence stands: the name follows (_AFTER) or ends right before (_BEFORE)
_AFTER = re.compile(rf"\b(?:{_POSTED_ON}|(?:users?|founder|co-founder|headquarters) of)\s", re.I)
_BEFORE = re.compile(rf"\s{_SERVICE_THINGS}\b|['’]s\s+{_OWNED}\b", re.I)
_EDGE = ".,;:!?\"“”'’()"


def _org_candidates(text: str) -> set[str]:
    """Lower-cased word runs (up to five words) right after or right before an organisation
    cue: a superset of the names :func:`_org_res` can find, read in one pass over the text."""
    out = set()
    for m in _AFTER.finditer(text):
        ws = text[m.end() : m.end() + 80].split()[:5]
        out.update(" ".join(ws[:k]).strip(_EDGE).lower() for k in range(1, len(ws) + 1))
    for m in _BEFORE.finditer(text):
        ws = text[max(0, m.start() - 80) : m.start()].split()[-5:]
        out.update(" ".join(ws[k:]).strip(_EDGE).lower() for k in range(len(ws)))
    return out


def organisations(articles: Sequence[Article], entities: Sequence[Entity]) -> set[str]:
    """Ids of the PERSON entities the articles' words show to be organisations or services
    (see ``_org_res``), unless an outlet gives them a title or an honorific ("Twitter" in
    "Senator Cory Booker argued on Twitter": the tagger's PERSON, the words' service)."""
    texts = [a.text for a in articles]
    cands = set().union(*map(_org_candidates, texts)) if texts else set()
    out = set()
    for e in entities:
        if e.type != "PERSON" or any(e.roles.values()):
            continue
        names = person_names(e)
        if not any(n.lower() in cands for n in names):
            continue
        pats = [_org_res(n) for n in names]
        if any(org.search(t) for org, _ in pats for t in texts) and not any(
            person.search(t) for _, person in pats for t in texts
        ):
            out.add(e.id)
    return out


def build_cast(
    articles: Sequence[Article],
    analyses: Mapping[str, ArticleAnalysis],
    entities: Sequence[Entity],
) -> list[CastMember]:
    """People (``PERSON`` entities) in ``entities`` order, each with roles per article."""
    sents = {a.id: sentences_of(a.text, analyses.get(a.id)) for a in articles}
    flat = [(a.id, " ".join(s.text.split())) for a in articles for s in sents[a.id]]
    index = NameIndex([text for _, text in flat])
    out = []
    people = [e for e in entities if e.type == "PERSON"]  # (the dossier retypes organisations)
    full_names = {e.id: e.name for e in people if len(e.name.split()) > 1}
    for e in people:
        names = person_names(e)
        others = [n for k, n in full_names.items() if k != e.id and n not in names]
        by_art: dict[str, list[tuple[str, str]]] = {}  # (role, sentence) per article
        for i in index.candidates(names):
            aid, text = flat[i]
            for n in names:
                if n not in text:
                    continue
                hits = by_art.setdefault(aid, [])
                hits += [(t, text) for t in _text_titles(n, text)]
                # an apposition ending in another person's name is the next item of a list
                # of people ("Ann Wagner, longtime Republican official Maria Cino, ..."),
                # unless it ties them ("spokesman for Speaker John A. Boehner")
                hits += [
                    (t, text)
                    for t in _appositions(n, text)
                    if not (any(t.endswith(o) for o in others) and not _TIES.search(t))
                ]
        roles: list[CastRole] = []
        for a in articles:
            found = list(by_art.get(a.id, []))
            for t in e.roles.get(a.id, []):
                hit = next((" ".join(s.text.split()) for s in sents[a.id] if t in s.text), "")
                if title := role_title(t, hit, names):
                    found.append((title, hit))
            if not found:
                continue
            for t in _most_specific([t for t, _ in found]):
                sentence = next(x for r, x in found if r == t)
                roles.append(CastRole(article_id=a.id, outlet=a.outlet, role=t, sentence=sentence))
        if roles or len(e.articles) > 1:
            out.append(CastMember(entity_id=e.id, name=e.name, roles=roles))
    return out
