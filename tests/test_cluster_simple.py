"""Simple story grouping: separation, determinism, ids, time gate, titles."""

from __future__ import annotations

from datetime import timedelta

from fixtures.compare.story import (
    ALL_ARTICLES,
    LEDGER,
    STORY_ARTICLES,
    TIMES,
    UNRELATED,
    WIRE,
    analyses_for,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.cluster import group_stories, similarity_matrix, story_id
from newsprism.models import Article


def _groups(stories):
    return sorted(sorted(s.article_ids) for s in stories)


def test_unrelated_article_is_its_own_story():
    stories = group_stories(ALL_ARTICLES, analyses_for(ALL_ARTICLES))
    assert _groups(stories) == [sorted(a.id for a in STORY_ARTICLES), [UNRELATED.id]]


def test_grouping_without_analyses_gives_the_same_groups():
    assert _groups(group_stories(ALL_ARTICLES)) == _groups(
        group_stories(ALL_ARTICLES, analyses_for(ALL_ARTICLES))
    )


def test_story_fields():
    stories = group_stories(ALL_ARTICLES, analyses_for(ALL_ARTICLES))
    main = stories[0]
    assert main.article_ids == ["a-ledger", "a-wire", "a-times"]  # (published, id) order
    assert main.id == story_id("a-ledger") and main.id.startswith("s") and len(main.id) == 16
    assert main.first_seen == LEDGER.published and main.last_seen == TIMES.published
    assert main.title in {a.title for a in STORY_ARTICLES}
    assert stories[1].title == UNRELATED.title


def test_story_id_is_stable_as_the_story_grows():
    first = group_stories([LEDGER, WIRE])[0]
    later = group_stories([LEDGER, WIRE, TIMES])[0]
    assert first.id == later.id


def test_time_gate_keeps_far_apart_articles_apart():
    late = LEDGER.model_copy(
        update={"id": "a-late", "published": LEDGER.published + timedelta(days=10)}
    )
    assert _groups(group_stories([LEDGER, late])) == [["a-late"], ["a-ledger"]]
    near = LEDGER.model_copy(
        update={"id": "a-near", "published": LEDGER.published + timedelta(days=2)}
    )
    assert _groups(group_stories([LEDGER, near])) == [["a-ledger", "a-near"]]


def test_undated_articles_are_not_gated():
    undated = LEDGER.model_copy(update={"id": "a-undated", "published": None})
    assert _groups(group_stories([LEDGER, undated])) == [["a-ledger", "a-undated"]]


def test_threshold_controls_joining():
    assert len(group_stories(STORY_ARTICLES, threshold=0.99)) == 3


def test_empty_and_duplicates():
    assert group_stories([]) == []
    stories = group_stories([LEDGER, LEDGER])
    assert [s.article_ids for s in stories] == [["a-ledger"]]


def test_empty_vocabulary_does_not_crash():
    a = Article(id="x1", title="the", text="and the of")
    b = Article(id="x2", title="", text="")
    assert _groups(group_stories([a, b])) == [["x1"], ["x2"]]


def test_similarity_is_symmetric_and_separates():
    sim = similarity_matrix(ALL_ARTICLES, analyses_for(ALL_ARTICLES))
    assert (abs(sim - sim.T) < 1e-12).all()
    assert sim[0, 1] > 0.18 and sim[0, 2] > 0.18 and sim[0, 3] < 0.05


@settings(max_examples=25, deadline=None)
@given(st.permutations(ALL_ARTICLES))
def test_grouping_is_order_independent(perm):
    analyses = analyses_for(ALL_ARTICLES)
    assert group_stories(perm, analyses) == group_stories(ALL_ARTICLES, analyses)
