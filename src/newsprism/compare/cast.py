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

__all__ = ["build_cast"]

_EXTRA_ROLE_NOUNS = frozenset(
    "chair chairman chairwoman director head chief executive president secretary minister "
    "mayor governor manager founder partner professor correspondent editor".split()
)


_NOT_ROLE = frozenset(
    "who whom whose which that according speaking also said says told when where while as".split()
)


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
        if any(
            w in ROLE_NOUNS or w in _EXTRA_ROLE_NOUNS or _TITLE_HEAD_RE.match(w) for w in ws[:4]
        ):
            out.append(role)
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
    for e in entities:
        if e.type != "PERSON":
            continue
        names = person_names(e)
        by_art: dict[str, list[tuple[str, str]]] = {}  # (role, sentence) per article
        for i in index.candidates(names):
            aid, text = flat[i]
            for n in names:
                if n not in text:
                    continue
                hits = by_art.setdefault(aid, [])
                hits += [(t, text) for t in _text_titles(n, text)]
                hits += [(t, text) for t in _appositions(n, text)]
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
