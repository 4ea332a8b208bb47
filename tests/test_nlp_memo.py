"""The fast nlp runner: the memoised attribute ruler and lemmatizer give exactly the real
components' output, and selective parsing parses candidate sentences only."""

from __future__ import annotations

import pytest

from newsprism.settings import Settings

pytestmark = pytest.mark.model

TEXTS = [
    "There is a problem, y'all. We're gonna fix it, let's go. It ain't over, he said.\n\n"
    "Gotta win.  The committee met on Tuesday in Geneva.",
    "Defense Minister Yoav Gallant told reporters the strike was “precise and deadly.” "
    "The weather in Tel Aviv was mild. According to Axios, the trip was cancelled.\n\n"
    "Officials expect more talks. Prices rose 3% in March; markets closed higher.",
]


def test_memoised_components_match_the_real_ones_token_by_token():
    from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, SENT_START, TAG

    from newsprism.nlp.memo import MemoAttributeRuler, MemoLemmatizer, memoise
    from newsprism.nlp.model import load_model

    nlp = load_model()
    real = [nlp(t) for t in TEXTS * 2]
    ruler = memoise("attribute_ruler", nlp.get_pipe("attribute_ruler"))
    lemm = memoise("lemmatizer", nlp.get_pipe("lemmatizer"))
    assert isinstance(ruler, MemoAttributeRuler) and isinstance(lemm, MemoLemmatizer)
    attrs = [TAG, POS, MORPH, LEMMA, DEP, HEAD, SENT_START]
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer"]):
        bare = [nlp(t) for t in TEXTS * 2]
    for want, doc in zip(real, bare, strict=True):
        lemm(ruler(doc))  # the second round of TEXTS is served from the memo
        assert (doc.to_array(attrs) == want.to_array(attrs)).all()
        assert [t.lemma_ for t in doc] == [t.lemma_ for t in want]
        assert [t.pos_ for t in doc] == [t.pos_ for t in want]
    assert ruler.memo and lemm.memo


def test_default_pipeline_output_equals_plain_spacy():
    from newsprism.nlp import NlpPipeline
    from newsprism.nlp.sentences import doc_sentences

    pipe = NlpPipeline(Settings(nlp_processes=1))
    assert not pipe.runner.selective
    ours = list(pipe.runner.pipe(TEXTS))
    plain = list(pipe.nlp.pipe(TEXTS))
    for a, b in zip(ours, plain, strict=True):
        assert [(t.text, t.tag_, t.pos_, t.lemma_, t.dep_, t.head.i) for t in a] == \
               [(t.text, t.tag_, t.pos_, t.lemma_, t.dep_, t.head.i) for t in b]
        assert [(e.start, e.end, e.label_) for e in a.ents] == [(e.start, e.end, e.label_) for e in b.ents]
        assert doc_sentences(a) == doc_sentences(b)


def test_selective_parse_parses_only_candidate_sentences():
    from newsprism.models import Article
    from newsprism.nlp import NlpPipeline
    from newsprism.nlp.sentences import doc_sentences

    pipe = NlpPipeline(Settings(nlp_processes=1, selective_parse=True))
    assert pipe.runner.selective and pipe.version != NlpPipeline(Settings()).version
    doc = next(iter(pipe.runner.pipe([TEXTS[1]])))
    parsed = {}
    for a, b, cs, ce in doc_sentences(doc):
        parsed[doc.text[cs:ce]] = all(t.dep_ for t in doc[a:b] if not t.is_space)
    assert parsed["Defense Minister Yoav Gallant told reporters the strike was “precise and deadly.”"]
    assert parsed["According to Axios, the trip was cancelled."]
    assert parsed["Officials expect more talks."]  # a belief cue from cues.py
    assert not parsed["The weather in Tel Aviv was mild."]
    assert not parsed["Prices rose 3% in March; markets closed higher."]
    assert {e.text for e in doc.ents} >= {"Yoav Gallant", "Tel Aviv", "March"}  # NER everywhere
    assert 0 < pipe.runner.tokens_parsed < pipe.runner.tokens_seen
    an = pipe.analyze([Article(id="a1", title="t", text=TEXTS[1])])[0]
    assert any(q.speaker == "Yoav Gallant" for q in an.quotes)
    assert any(c.cited == "Axios" for c in an.citations)
