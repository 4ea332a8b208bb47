"""Assemble one story's dossier from its articles, their analyses and resolved entities."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

from ..embed import Embedder
from ..models import (
    Article,
    ArticleAnalysis,
    ArticleRef,
    Citation,
    Entity,
    Quote,
    Story,
    StoryDossier,
)
from .cast import build_cast, organisations
from .claims import attribute_evidence, build_claims
from .facts import build_facts
from .framing import build_framing, build_headlines
from .labels import label_pairs
from .quotelinks import link_quotes, quote_conflicts
from .sourcegraph import build_source_graph
from .sourcing import sourcing_profiles
from .text import outlet_name_key
from .timeline import build_timeline, unplaced_dates

__all__ = ["build_story_dossier", "article_ref", "select_entities", "MAX_ENTITIES_BEFORE_PRUNE"]

log = logging.getLogger(__name__)

MAX_ENTITIES_BEFORE_PRUNE = 40


def article_ref(a: Article) -> ArticleRef:
    return ArticleRef.of(a)


def _mention_counts(
    entities: Sequence[Entity], analyses: Mapping[str, ArticleAnalysis]
) -> dict[str, int]:
    """How many mentions each entity has across the story (by entity id, else by name)."""
    by_name: dict[str, str] = {}
    for e in entities:
        for n in [e.name, *e.aliases]:
            by_name.setdefault(" ".join(n.lower().split()), e.id)
    counts = {e.id: 0 for e in entities}
    for an in analyses.values():
        for m in an.mentions:
            eid = (
                m.entity_id
                if m.entity_id in counts
                else by_name.get(" ".join(m.text.lower().split()))
            )
            if eid is not None:
                counts[eid] += 1
    return counts


def select_entities(
    entities: Sequence[Entity], analyses: Mapping[str, ArticleAnalysis]
) -> list[Entity]:
    """Entities by number of outlets (desc), then name; with more than 40, drop those
    mentioned only once in a single article, except a person given a title or quoted by
    name ("Pentagon deputy press secretary Sabrina Singh reportedly confirmed ...": the
    cast must name who speaks, however briefly)."""
    ents = list(entities)
    if len(ents) > MAX_ENTITIES_BEFORE_PRUNE:
        counts = _mention_counts(ents, analyses)
        speakers = {
            " ".join(q.speaker.lower().split())
            for an in analyses.values()
            for q in an.quotes
            if q.speaker and q.speaker_kind == "named"
        }

        def kept(e: Entity) -> bool:
            if len(set(e.articles)) > 1 or counts.get(e.id, 0) > 1:
                return True
            names = {" ".join(n.lower().split()) for n in (e.name, *e.aliases)}
            return e.type == "PERSON" and (any(e.roles.values()) or bool(names & speakers))

        ents = [e for e in ents if kept(e)]
    return sorted(
        ents,
        key=lambda e: (-len(set(e.outlets)), -len(set(e.articles)), e.name.casefold(), e.id),
    )


def build_story_dossier(
    story: Story,
    articles: Sequence[Article],
    analyses: Mapping[str, ArticleAnalysis],
    entities: Sequence[Entity],
    embedder: Embedder | None | str = "default",
) -> StoryDossier:
    """The evidence-grounded dossier of ``story``. ``embedder`` as for :func:`build_facts`
    (``None`` aligns on words and entities only).

    Articles are taken in ``story.article_ids`` order (extra articles are ignored, missing
    ones logged and skipped). Output is deterministic for the same input.
    """
    by_id = {a.id: a for a in articles}
    missing = [i for i in story.article_ids if i not in by_id]
    if missing:
        log.warning(
            "story %s: %d article(s) not supplied: %s", story.id, len(missing), ", ".join(missing)
        )
    arts = [by_id[i] for i in dict.fromkeys(story.article_ids) if i in by_id]
    ids = {a.id for a in arts}
    story_analyses = {k: v for k, v in analyses.items() if k in ids}

    quotes: list[Quote] = []
    citations: list[Citation] = []
    for a in arts:
        an = story_analyses.get(a.id)
        if an is None:
            continue
        quotes.extend(an.quotes)
        # "X told Meridian Wire" inside Meridian Wire's own story is its own reporting, not
        # a relay of another outlet: it stays on the quote (via) but is not a citation.
        own = outlet_name_key(a.outlet)
        citations.extend(c for c in an.citations if not own or outlet_name_key(c.cited) != own)

    claims = build_claims(arts, story_analyses)
    facts = attribute_evidence(
        build_facts(arts, story_analyses, entities, citations, embedder=embedder), claims
    )
    # issue 3 across articles: linked quotes (+ their conflicts), re-reporting graph, sourcing
    quote_links = link_quotes(arts, quotes, story_analyses, entities)
    labels = {a.id: a.shown_outlet for a in arts}
    facts = [*facts, *quote_conflicts(quote_links, entities, labels)]
    timeline = attribute_evidence(build_timeline(arts, story_analyses, claims, facts), claims)
    selected = select_entities(entities, story_analyses)
    orgs = organisations(arts, selected)  # the entity table shows what the words show
    selected = [e.model_copy(update={"type": "ORG"}) if e.id in orgs else e for e in selected]
    cast = build_cast(arts, story_analyses, selected)
    return StoryDossier(
        id=story.id,
        title=story.title,
        articles=[article_ref(a) for a in arts],
        entities=selected,
        quotes=quotes,
        citations=citations,
        facts=facts,
        framing=build_framing(arts),
        quote_links=quote_links,
        source_graph=build_source_graph(arts, quotes, citations),
        claims=claims,
        timeline=timeline,
        timeline_unplaced=attribute_evidence(unplaced_dates(arts, story_analyses), claims),
        cast=cast,
        label_pairs=label_pairs(arts, facts, entities, cast),
        headlines=build_headlines(arts),
        sourcing=sourcing_profiles(arts, quotes, citations),
    )
