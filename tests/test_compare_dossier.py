"""build_story_dossier: assembly, ordering, entity pruning, determinism."""

from __future__ import annotations

import logging

from fixtures.compare.story import (
    ALL_ARTICLES,
    STORY_ARTICLES,
    UNRELATED,
    analyses_for,
    entities_for,
)

from newsprism.cluster import group_stories
from newsprism.compare import build_story_dossier
from newsprism.compare.dossier import MAX_ENTITIES_BEFORE_PRUNE, select_entities
from newsprism.models import Entity, Mention, Story, StoryDossier


def _dossier() -> StoryDossier:
    analyses = analyses_for(ALL_ARTICLES)
    story = group_stories(ALL_ARTICLES, analyses)[0]
    return build_story_dossier(story, ALL_ARTICLES, analyses, entities_for(STORY_ARTICLES))


def test_dossier_shape():
    d = _dossier()
    assert d.title in {a.title for a in STORY_ARTICLES}
    assert [a.id for a in d.articles] == ["a-ledger", "a-wire", "a-times"]  # unrelated one left out
    ref = d.articles[0]
    assert (ref.outlet, ref.url, ref.author, ref.source) == (
        "Northern Ledger",
        "https://ledger.example/veloria-radio",
        "Mara Quill",
        "ledger.txt",
    )
    assert ref.text == STORY_ARTICLES[0].text
    assert {f.kind for f in d.facts} == {"consensus", "unique", "conflict"}
    assert [f.article_id for f in d.framing] == ["a-ledger", "a-wire", "a-times"]


def test_quotes_and_citations_in_article_order():
    d = _dossier()
    assert [q.article_id for q in d.quotes] == ["a-ledger", "a-times"]
    assert [(c.article_id, c.cited) for c in d.citations] == [("a-ledger", "Reuters")]


def test_entities_sorted_by_outlets_then_name():
    d = _dossier()
    keys = [(-len(e.outlets), e.name.casefold()) for e in d.entities]
    assert keys == sorted(keys)
    assert d.entities[0].name == "Castel" and len(d.entities[0].outlets) == 3


def test_many_entities_drop_single_mentions():
    ents = [
        Entity(id=f"e{i}", name=f"Name{i:02d}", type="PERSON", articles=["a1"], outlets=["X"])
        for i in range(45)
    ]
    ents.append(Entity(id="big", name="Zed", type="ORG", articles=["a1", "a2"], outlets=["X", "Y"]))
    from newsprism.models import ArticleAnalysis

    an = {
        "a1": ArticleAnalysis(
            article_id="a1",
            mentions=[
                Mention(start=0, end=6, text="Name00", label="PERSON", entity_id="e0"),
                Mention(start=10, end=16, text="Name00", label="PERSON", entity_id="e0"),
                Mention(start=20, end=26, text="Name01", label="PERSON"),  # matched by name
                Mention(start=30, end=36, text="name01", label="PERSON"),
            ],
        )
    }
    kept = select_entities(ents, an)
    assert [e.id for e in kept] == ["big", "e0", "e1"]
    few = ents[:MAX_ENTITIES_BEFORE_PRUNE]
    assert len(select_entities(few, an)) == MAX_ENTITIES_BEFORE_PRUNE


def test_deterministic_and_independent_of_input_order():
    a = _dossier()
    analyses = analyses_for(ALL_ARTICLES)
    story = group_stories(ALL_ARTICLES, analyses)[0]
    b = build_story_dossier(
        story,
        list(reversed(ALL_ARTICLES)),
        dict(reversed(list(analyses.items()))),
        list(reversed(entities_for(STORY_ARTICLES))),
    )
    assert a == b
    assert a.model_dump_json() == b.model_dump_json()


def test_missing_article_is_logged_and_skipped(caplog):
    story = Story(id="sx", title="t", article_ids=["a-ledger", "a-gone"])
    with caplog.at_level(logging.WARNING):
        d = build_story_dossier(story, ALL_ARTICLES, {}, [])
    assert [a.id for a in d.articles] == ["a-ledger"] and "a-gone" in caplog.text


def test_single_article_story():
    story = Story(id="s1", title=UNRELATED.title, article_ids=[UNRELATED.id])
    d = build_story_dossier(story, [UNRELATED], analyses_for([UNRELATED]), [])
    assert not [f for f in d.facts if f.kind == "consensus"]
    assert d.framing[0].terms == []


def test_many_entities_keep_a_titled_or_quoted_person_named_once():
    from newsprism.models import ArticleAnalysis, Quote, Span

    ents = [
        Entity(id=f"e{i}", name=f"Name{i:02d}", type="PERSON", articles=["a1"], outlets=["X"])
        for i in range(45)
    ]
    ents[3] = ents[3].model_copy(update={"roles": {"a1": ["deputy press secretary"]}})
    ents[4] = ents[4].model_copy(update={"type": "ORG", "roles": {"a1": ["deputy press secretary"]}})
    said = Quote(id="q", article_id="a1", text="it was delayed", content=Span(start=0, end=14),
                 direct=False, speaker="Name05", speaker_kind="named")
    unnamed = Quote(id="r", article_id="a1", text="it was late", content=Span(start=0, end=11),
                    direct=False, speaker="Name06", speaker_kind="anonymous")
    an = {"a1": ArticleAnalysis(article_id="a1", quotes=[said, unnamed])}
    assert [e.id for e in select_entities(ents, an)] == ["e3", "e5"]
