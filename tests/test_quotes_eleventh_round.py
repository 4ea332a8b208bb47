"""Attribution forms changed in the eleventh PolNeAR round (issue 3 item 6): text -> expected
on invented texts. Each FORMS row: text, content fragment, expected content, cue as written,
source as written; every one fails on the tenth round's extractor. KEPT rows guard what the
rules must leave alone."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from test_quotes_forms import expect_form, quotes_of
from test_quotes_forms import pipe as pipe  # noqa: PLC0414  the module-scoped fixture, re-exported

from newsprism.nlp.quotes import extract_quotes

pytestmark = pytest.mark.model

FORMS = [
    # a scare quote or title inside a reported clause is part of it, not where it stops
    ("The governor said voters in the “Rust Belt” states would decide the race.", "decide the race",
     "voters in the “Rust Belt” states would decide the race", "said", "The governor"),
    # a quotation with its own cue nested in a relative clause leaves the clause whole
    ("The mayor said the bridge, which critics called “a waste of money that nobody wants,” would "
     "open in May.", "open in May",
     "the bridge, which critics called “a waste of money that nobody wants,” would open in May",
     "said", "The mayor"),
    # a name the parser hung as an apposition of an earlier phrase is the subjectless cue's
    ("As a part of his plea, Jonah Lee Marsh, 51, said that he had taken money from the harbour fund.",
     "taken money", "he had taken money from the harbour fund", "said", "Jonah Lee Marsh, 51,"),
    # a relay after a quoted turn with its own cue reports the whole turn
    ("“We will reopen the pier in May,” Moss said, according to the harbour newsletter.", "Moss said",
     "“We will reopen the pier in May,” Moss said", "according to", "the harbour newsletter"),
    # a sentence-initial "Asked ..." the tagger read as a past tense is still a question put
    # by nobody named
    ("Asked what the plan might look like, Moss said the council would decide.", "plan",
     "what the plan might look like", "Asked", None),
    # "who are expected to ...": an expectation with no source, the relative pronoun its subject
    ("The fishermen, who are expected to back Moss in the vote, filled the harbour hall.", "expected",
     "who are expected to back Moss in the vote", "are expected", None),
    # "tell" whose object is the thing told, not the one addressed
    ("At the dinner, Moss told a long story about the old harbour master.", "story",
     "a long story about the old harbour master", "told", "Moss"),
    # "about" in a speaker's predicate: what the speaker talks or feels about
    ("Moss remained vague about the pier repairs.", "pier", "the pier repairs", "remained vague about", "Moss"),
]

KEPT = [
    # a quotation in a side clause of its own ("saying, “...”") still ends the reported clause
    ("The report reveals that Moss spoke harshly, saying, “I am tired of this council and its "
     "endless delays.”", "spoke harshly", "Moss spoke harshly", "reveals", "The report"),
    ("The report reveals that Moss spoke harshly, saying, “I am tired of this council and its "
     "endless delays.”", "tired of this council", "I am tired of this council and its endless delays.",
     "saying", "Moss"),
]


@pytest.mark.parametrize("text,frag,content,cue,source", FORMS + KEPT)
def test_eleventh_round_forms(pipe, text, frag, content, cue, source):
    expect_form(pipe, text, frag, content, cue, source)


def test_about_as_a_quantity_is_no_report(pipe):
    assert quotes_of(pipe, "About 200 people waited at the pier for Moss.") == []


def test_a_quoted_turn_is_not_doubled_by_its_own_cue(pipe):
    quotes = quotes_of(pipe, "“We will reopen the pier in May,” Moss said.")
    assert [(q.text, q.source_text) for q in quotes] == [("We will reopen the pier in May", "Moss")]


def _rehang(doc: Doc, changes: dict[int, tuple[int, str]]) -> Doc:
    """``doc`` with some tokens hung elsewhere (a misparse the small model makes on longer
    sentences, reproduced on a short invented one)."""
    heads, deps = [t.head.i for t in doc], [t.dep_ for t in doc]
    for i, (h, d) in changes.items():
        heads[i], deps[i] = h, d
    ents = [f"{t.ent_iob_}-{t.ent_type_}" if t.ent_type_ else "O" for t in doc]
    return Doc(doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc],
               tags=[t.tag_ for t in doc], pos=[t.pos_ for t in doc], lemmas=[t.lemma_ for t in doc],
               heads=heads, deps=deps, ents=ents)


def test_subject_of_a_clause_before_a_subjectless_cue(pipe):
    # "Beck, who backed Bale, and opposed ..., last week said X": the parser made "Beck" the
    # subject of "opposed" and that verb a clause of "said" before it; Beck still says X
    text = ("Beck, who backed Bale, and opposed the pier during the hearings, last week said the council "
            "was seeking a new harbour master.")
    doc = next(iter(pipe.runner.pipe([text], 1)))
    said = next(t.i for t in doc if t.text == "said")
    opposed = next(t.i for t in doc if t.text == "opposed")
    doc = _rehang(doc, {0: (opposed, "nsubj"), opposed: (said, "ccomp")})
    q = next(q for q in extract_quotes(doc, "t1") if q.cue == "said")
    assert (q.text, q.source_text) == ("the council was seeking a new harbour master", "Beck")


def test_a_further_object_hung_on_the_verb_joins_the_content(pipe):
    # "criticized the council and the harbour board": the parser hung the second object on the
    # verb as a conjunct; both are what is criticised
    doc = next(iter(pipe.runner.pipe(["Moss criticized the council and the harbour board."], 1)))
    verb = next(t.i for t in doc if t.text == "criticized")
    board = next(t.i for t in doc if t.text == "board")
    doc = _rehang(doc, {board: (verb, "conj")})
    q = next(q for q in extract_quotes(doc, "t1") if q.cue == "criticized")
    assert (q.text, q.source_text) == ("the council and the harbour board", "Moss")


# a Title Case headline line is tagged and parsed in sentence case: its verb reports
HEADLINES = [
    ("Lia Moss Slams Harbour Board Over Pier Delays.\nLia Moss told the Harbour Board on Monday that the "
     "pier must reopen before the summer.", "Slams", "Lia Moss", "Lia Moss"),
]


@pytest.mark.parametrize("text,cue,source,speaker", HEADLINES)
def test_title_case_headline_reports(pipe, text, cue, source, speaker):
    q = next((q for q in quotes_of(pipe, text) if q.cue == cue), None)
    assert q is not None and (q.source_text, q.speaker) == (source, speaker)


def test_headline_words_keep_what_the_article_capitalises(pipe):
    from newsprism.nlp.selective import headline_spans, headline_words

    text = "Lia Moss Slams Harbour Board Over Pier Delays.\nThe Harbour Board met Lia Moss on Monday."
    doc = next(iter(pipe.runner.pipe([text], 1)))
    ((a, b),) = headline_spans(doc)
    assert headline_words(doc, a, b) == ["Lia", "Moss", "slams", "Harbour", "Board", "over", "pier", "delays", "."]
    # a line in sentence case, or a sentence inside a paragraph, is no headline
    doc = next(iter(pipe.runner.pipe(["Lia Moss slams the board. She Said It Was Over For Good, Moss Added."], 1)))
    assert headline_spans(doc) == []
