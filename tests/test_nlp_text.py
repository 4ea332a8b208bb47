"""Model-free pieces: quotation marks, paragraphs, outlets gazetteer, titles, lexicons."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsprism.nlp.cues import CUE_STANCE, stance_of, strip_title
from newsprism.nlp.outlets import OUTLETS, canonical_outlet, outlet_kind
from newsprism.nlp.sentences import find_quote_pairs, paragraph_starts


@pytest.mark.parametrize(
    "text,contents",
    [
        ('He said “it’s fine,” and left.', ["it’s fine,"]),
        ('He said "fine" and "no."', ["fine", "no."]),
        ("‘Don’t go,’ she said. The Israelis’ view.", ["Don’t go,"]),
        ("«Bonjour» dit-il", ["Bonjour"]),
        ('US-"Israel" ties and "Israel\'s" plan', ["Israel", "Israel's"]),
        ("Israel’s army and the Gallants’ house", []),
        ("“An open quote runs to the line end\nNext line", ["An open quote runs to the line end"]),
        # mixed marks pair up: straight open with curly close, curly open with straight close
        ('"Oz has a huge pulpit,” said Dan Gore.', ["Oz has a huge pulpit,"]),
        ('“Deals are no requirement," Ana Ruiz said.', ["Deals are no requirement,"]),
        ('“He said "no" twice,” she added.', ['He said "no" twice,']),
        # markup attribute values are no quotations
        ('<tweet author="JoeDoe" id="12345">Vote early</tweet>', []),
        # two apostrophes as a double mark; a plural possessive is no mark
        ("In his book, ''Make Your Kid Rich,'' he said. The teachers' room.", ["Make Your Kid Rich,'"]),
    ],
)
def test_find_quote_pairs(text, contents):
    assert [text[p.open + 1 : p.close] for p in find_quote_pairs(text)] == contents


def test_paragraph_starts():
    text = "Heading\nFirst line.\n\nSecond para\nwrapped line continues."
    starts = paragraph_starts(text)
    assert text.index("First") in starts and text.index("Second") in starts
    assert text.index("wrapped") not in starts


@given(st.text(alphabet='ab “”‘’"«»\n.,', max_size=60))
def test_quote_pairs_are_well_formed(text):
    last = -1
    for p in find_quote_pairs(text):
        assert last < p.open < p.close <= len(text)
        assert "\n" not in text[p.open : p.close]
        last = p.close


@pytest.mark.parametrize(
    "form,name,kind",
    [
        ("Times of Israel", "The Times of Israel", "outlet"),
        ("the Jerusalem Post", "The Jerusalem Post", "outlet"),
        ("AP", "Associated Press", "agency"),
        ("Axios's", "Axios", "outlet"),
        ("Channel 12", "Channel 12 News", "broadcaster"),
        ("NBC", "NBC News", "broadcaster"),
    ],
)
def test_canonical_outlet(form, name, kind):
    assert canonical_outlet(form) == name
    assert outlet_kind(form) == kind


def test_gazetteer_size_and_unknown():
    assert len(OUTLETS) >= 150
    assert canonical_outlet("Washington") is None


@pytest.mark.parametrize(
    "phrase,name,title",
    [
        ("Defense Minister Yoav Gallant", "Yoav Gallant", "Defense Minister"),
        ("Israeli Defense Minister Yoav Gallant's", "Yoav Gallant", "Defense Minister"),
        ("Gallant’s", "Gallant", ""),
        ("President Biden", "Biden", "President"),
        ("Yoav Gallant", "Yoav Gallant", ""),
    ],
)
def test_strip_title(phrase, name, title):
    assert strip_title(phrase) == (name, title)


@pytest.mark.parametrize(
    "lemma,stance",
    [("say", "neutral"), ("tell", "neutral"), ("stress", "assertive"), ("vow", "assertive"),
     ("warn", "assertive"), ("claim", "doubting"), ("boast", "doubting"), ("believe", "belief"),
     ("zzz", "other")],
)
def test_stance(lemma, stance):
    assert stance_of(lemma) == stance


def test_doubt_adverb_overrides():
    assert stance_of("say", doubted=True) == "doubting"
    assert all(v in {"neutral", "assertive", "doubting", "belief", "position"} for v in CUE_STANCE.values())


@pytest.mark.parametrize(
    "text,starts",
    [
        # a quotation opening after a finished sentence starts one (the parser ran these together)
        ("The mayor was impressed. ''He has got it,'' she said.", ["The", "''"]),
        ("The mayor was impressed. “He has got it,” she said.", ["The", "“"]),
        ("Was she impressed? “Yes,” she said.", ["Was", "“"]),
        # not inside a sentence, nor after an abbreviation (one token with its period)
        ("He called the plan ''a real mess'' and left.", ["He"]),
        ("Ask Mr. “Tom” Bale about the harbour.", ["Ask"]),
    ],
)
def test_sentence_starts_before_a_quotation_after_a_finished_sentence(text, starts):
    import spacy

    from newsprism.nlp.sentences import set_sentence_starts

    doc = set_sentence_starts(spacy.blank("en").make_doc(text))
    assert [t.text for t in doc if t.is_sent_start] == starts


@pytest.mark.parametrize(
    "text,starts",
    [
        # an abbreviation's full stop ends the sentence before a capitalised function word
        ("The plant was cleared at 1 a.m. About 2,400 residents left.", ["The", "About"]),
        ("The ban would bar them from the U.S. They said so.", ["The", "They"]),
        # not before a name, a lower-case word or "I", nor inside a Title Case headline
        ("The U.S. Army left at 5 p.m. on Tuesday.", ["The"]),
        ("They met at 9 a.m. I was there.", ["They"]),
        ("Trade Talks With The U.S. And Canada Resume\n\nThe talks resumed.", ["Trade", "The"]),
    ],
)
def test_sentence_starts_after_a_dotted_abbreviation(text, starts):
    import spacy

    from newsprism.nlp.sentences import set_sentence_starts

    doc = set_sentence_starts(spacy.blank("en").make_doc(text))
    assert [t.text for t in doc if t.is_sent_start] == starts
