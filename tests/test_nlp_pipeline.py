"""The pipeline end to end: model loading, sentences, mentions, timings, span invariants."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsprism.errors import NewsprismError
from newsprism.models import Article
from newsprism.settings import Settings

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def pipe():
    from newsprism.nlp import NlpPipeline

    return NlpPipeline(Settings(nlp_batch_size=2))


def test_load_model_is_cached_and_unknown_model_is_clear():
    from newsprism.nlp import load_model

    assert load_model() is load_model()
    with pytest.raises(NewsprismError, match="install"):
        load_model("no_such_model_xyz")


def test_sentences_split_paragraphs_not_quotations(pipe):
    text = ('Heading without a stop\nShe said, "The bridge is closed. The ferry runs. '
            'We ask for patience." Then she left.\n\nA new paragraph starts here')
    (an,) = pipe.analyze([Article(id="s1", title="t", text=text)])
    sents = [s.text for s in an.sentences]
    assert sents[0] == "Heading without a stop"
    assert any(s.startswith('She said, "The bridge is closed. The ferry runs. We ask') for s in sents)
    assert sents[-1] == "A new paragraph starts here"
    for s in an.sentences:
        assert text[s.start : s.end] == s.text


def test_outlet_mentions_and_labels(pipe):
    text = "Axios reported the news. Reuters and The Times of Israel followed, said Joe Biden."
    (an,) = pipe.analyze([Article(id="m1", title="t", text=text)])
    outlets = {m.text for m in an.mentions if m.label == "OUTLET"}
    assert {"Axios", "Reuters", "The Times of Israel"} <= outlets
    assert all(m.label in {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "OUTLET"}
               for m in an.mentions)
    assert an.nlp_version


def test_a_portfolio_word_in_a_title_is_not_an_organisation(pipe):
    # the tagger reads "Defense" in these titles as an ORG
    text = "US Defense Secretary Lloyd Austin spoke to Defense Minister Anna Berg on Monday."
    (an,) = pipe.analyze([Article(id="m2", title="t", text=text)])
    names = {m.text for m in an.mentions}
    assert {"Lloyd Austin", "Anna Berg", "US"} <= names
    assert "Defense" not in names
    text = "The Defense Ministry in Varnholm said the Defense Department of Nordland agreed."
    (an,) = pipe.analyze([Article(id="m3", title="t", text=text)])
    assert any("Defense" in m.text for m in an.mentions)  # a ministry is an organisation


def test_batching_order_and_timings(pipe):
    arts = [Article(id=f"b{i}", title="t", text=f"Mayor Number{i} said the road was open.")
            for i in range(5)]
    ans = pipe.analyze(arts)
    assert [a.article_id for a in ans] == [a.id for a in arts]
    assert set(pipe.timings) == {"spacy", "quotes", "citations"}
    assert pipe.timings["spacy"] > 0


def test_empty_text(pipe):
    (an,) = pipe.analyze([Article(id="e1", title="t", text="")])
    assert an.quotes == [] and an.sentences == []


_WORDS = st.sampled_from(
    ["Axios", "reported", "that", "the", "minister", "Yoav", "Gallant", "said", "“", "”", '"',
     "‘", "’", ",", ".", "Israel’s", "officials", "told", "Reuters", "according", "to", "\n",
     "\n\n", "believe", "he", "she", "warned", "It", "was", "late", "«", "»", "book", "by"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_WORDS, min_size=0, max_size=40))
def test_every_span_slices_back(pipe, words):
    text = " ".join(words)
    (an,) = pipe.analyze([Article(id="p1", title="t", text=text)])
    for s in an.sentences:
        assert text[s.start : s.end] == s.text
    for m in an.mentions:
        assert text[m.start : m.end] == m.text
    for q in an.quotes:
        assert text[q.content.start : q.content.end] == q.text
        if q.source is not None:
            assert text[q.source.start : q.source.end] == q.source_text
        if q.cue_span is not None:
            assert text[q.cue_span.start : q.cue_span.end] == q.cue
        assert 0 <= q.sentence_index < max(1, len(an.sentences))
    for c in an.citations:
        assert 0 <= c.span.start <= c.span.end <= len(text)
        assert c.sentence == an.sentences[c.sentence_index].text
