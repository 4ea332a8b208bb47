"""Source choices changed in the twelfth PolNeAR round (issue 3 item 6): text -> expected on
invented texts; each fails on the eleventh round's extractor except two guards of what the
rules must leave alone ("X added, saying", "X, a pilot, told CNN"). Where the small model parses a
short invented sentence better than the long news sentences it misreads, the misparse is
reproduced by re-hanging tokens (``_rehang``)."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from test_quotes_eleventh_round import _rehang
from test_quotes_forms import pipe as pipe  # noqa: PLC0414  the module-scoped fixture, re-exported
from test_quotes_forms import quotes_of

from newsprism.nlp.quotes import extract_quotes

pytestmark = pytest.mark.model


def _parse(pipe, text: str) -> Doc:
    return next(iter(pipe.runner.pipe([text], 1)))


def _cued(doc: Doc, cue: str):
    return next(q for q in extract_quotes(doc, "t1") if q.cue == cue)


def _quote(pipe, text: str, cue: str, changes=None):
    doc = _parse(pipe, text)
    return _cued(_rehang(doc, changes(doc)) if changes else doc, cue)


def _i(doc, word: str) -> int:
    return next(t.i for t in doc if t.text == word)



# a participle after a comma hung on a reported clause with a pronoun subject: the reporting
# verb's subject speaks ("Moss said he saw ..., telling X that ...")
PARTICIPLES = [
    ("Moss said he saw no need to change the plan, telling reporters that the pier would reopen in May.",
     "telling", "Moss"),
    ("Moss insisted that he had “saved the harbour,” claiming that the pier would reopen in May.",
     "claiming", "Moss"),
]


@pytest.mark.parametrize("text,cue,source", PARTICIPLES)
def test_participle_on_a_reported_clause(pipe, text, cue, source):
    doc = _parse(pipe, text)
    ing = next(t for t in doc if t.text == cue)
    if ing.dep_ != "advcl" or ing.head.dep_ != "ccomp":  # the misparse of the long news sentences
        verb = next(t for t in doc if t.dep_ == "ccomp" and t.i < ing.i)
        doc = _rehang(doc, {ing.i: (verb.i, "advcl")})
    assert _cued(doc, cue).source_text == source


def test_participle_after_a_parenthetical_cue_keeps_its_name(pipe):
    # '“...,” Lewandowski added, saying ...': a named subject of the clause is its own
    text = "Bale cannot say that, Moss added, saying it should be up to the council to decide."
    q = _quote(pipe, text, "saying")
    assert q.source_text == "Moss"


# reports with no source: the subject is the one asked, told or expected
SOURCELESS = [
    ("“The pier is safe,” Moss said, asked about the repairs in an interview.", "asked about"),
    ("Moss is scheduled to speak at the pier but is not expected to meet Bale.", "is not expected"),
    ("Moss was told that the pier would reopen in May.", "was told"),
]


@pytest.mark.parametrize("text,cue", SOURCELESS)
def test_sourceless_reports(pipe, text, cue):
    q = next(q for q in quotes_of(pipe, text) if q.cue == cue)
    assert (q.source_text, q.speaker) == (None, None)


def _rehang_pos(doc: Doc, changes: dict[int, tuple[int, str]], pos: dict[int, str]) -> Doc:
    """``_rehang`` that also re-tags some tokens (the tagger's misreading of a name)."""
    doc = _rehang(doc, changes)
    heads, deps = [t.head.i for t in doc], [t.dep_ for t in doc]
    ents = [f"{t.ent_iob_}-{t.ent_type_}" if t.ent_type_ else "O" for t in doc]
    return Doc(doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc],
               tags=[t.tag_ for t in doc], pos=[pos.get(t.i, t.pos_) for t in doc],
               lemmas=[t.lemma_ for t in doc], heads=heads, deps=deps, ents=ents)



def test_inverted_name_tagged_an_adverb(pipe):
    text = "“The pier is safe,” said Skelly, explaining that he had checked it."
    doc = _parse(pipe, text)
    sk = _i(doc, "Skelly")
    doc = _rehang_pos(doc, {sk: (_i(doc, "said"), "advmod")}, {sk: "ADV"})
    assert _cued(doc, "said").source_text == "Skelly"


def test_cue_hung_on_a_participle_made_the_root(pipe):
    # "Moss, noting X, said, “...”": the parser made "noting" the root and "said" its parataxis
    text = "But Moss, noting the size of the crowd, said, “We will reopen the pier in May.”"
    doc = _parse(pipe, text)
    noting, said = _i(doc, "noting"), _i(doc, "said")
    changes = {noting: (noting, "ROOT"), said: (noting, "parataxis"), _i(doc, "Moss"): (noting, "nsubj")}
    changes.update({t.i: (noting, t.dep_) for t in doc if t.head.i == said and t.i < said and t.i != noting})
    doc = _rehang(doc, changes)
    assert _cued(doc, "said").source_text == "Moss"


def test_further_report_joined_to_the_reported_clause(pipe):
    # "Moss said she welcomed X and added, “...”": the parser joined "added" to "welcomed"
    text = "Moss said she welcomed the ruling and added, “We will reopen the pier in May.”"
    doc = _parse(pipe, text)
    added, welcomed = _i(doc, "added"), _i(doc, "welcomed")
    if doc[added].head.i != welcomed:
        doc = _rehang(doc, {added: (welcomed, "conj"), welcomed: (_i(doc, "said"), "ccomp")})
    assert _cued(doc, "added").source_text == "Moss"


def test_agent_of_a_second_passive_joined_to_the_cue(pipe):
    # "was criticized and mocked by X": the "by" phrase hangs on the second passive
    q = next(q for q in quotes_of(pipe, "The harbour plan was criticized and mocked by the fishermen.")
             if q.cue == "was criticized")
    assert q.source_text == "the fishermen"


def test_agent_hung_as_a_plain_preposition(pipe):
    text = "The harbour plan was criticized at the meeting by the fishermen."
    q = _quote(pipe, text, "was criticized", lambda d: {_i(d, "by"): (_i(d, "criticized"), "prep")})
    assert q.source_text == "the fishermen"


@pytest.mark.parametrize("text,cue,source", [
    ("To the fishermen, it must have seemed like a smart move by the council.", "must have seemed", "the fishermen"),
])
def test_whom_something_seems_so_to(pipe, text, cue, source):
    q = next(q for q in quotes_of(pipe, text) if q.cue == cue)
    assert q.source_text == source


# a cue between commas with a name after it: the name speaks, whatever the parser made the
# cue's subject; "told CNN" after an apposition keeps the teller
INVERTED = [
    ("Lia Moss, a harbour pilot, told CNN that the pier would reopen in May.", "told", "Lia Moss"),
]


@pytest.mark.parametrize("text,cue,source", INVERTED)
def test_name_after_a_parenthetical_cue(pipe, text, cue, source):
    q = next(q for q in quotes_of(pipe, text) if q.cue == cue)
    assert q.source_text.startswith(source)


# a misparse of the long news sentences, re-hung on a short invented one: (word, its new
# head word, dep) each; the source as written starts with the expected words
REHUNG = [
    # '“...,” said Lia Moss, who served ... yet endorsed Bale': "Moss" made the subject of
    # "endorsed"; she is still the one who said it
    ("“The harbour needs one or two big ideas,” said Lia Moss, who served as harbour master for ten "
     "years yet endorsed Bale in the primary.", "said",
     [("Moss", "endorsed", "nsubj"), ("endorsed", "said", "ccomp")], "Lia Moss"),
    # '“Good reporter,” Trump, the frontrunner, said': the quotation's noun made the cue's
    # subject and the name its apposition
    ("“Very good reporter, this guy,” Moss, the harbour master, said when Bale asked him.", "said",
     [("reporter", "said", "nsubj"), ("Moss", "reporter", "appos")], "Moss"),
    # a cue between commas: "rejection" made a first subject of "said", before "Moss"
    ("The rejection of the plan signals the end for the council, said Lia Moss, a harbour pilot.", "said",
     [("rejection", "said", "nsubj"), ("Moss", "said", "nsubj")], "Lia Moss"),
    # "Moss, a top aide said, “...”": no comma closes "a top aide", hung on "Moss" as an
    # apposition; the aide speaks (about Moss)
    ("Moss, a top aide said, “is very confident in the contrast between the two plans.”", "said",
     [("aide", "Moss", "appos"), ("Moss", "said", "nsubj")], "a top aide"),
]


@pytest.mark.parametrize("text,cue,arcs,source", REHUNG)
def test_source_of_a_misparsed_sentence(pipe, text, cue, arcs, source):
    q = _quote(pipe, text, cue, lambda d: {_i(d, w): (_i(d, h), dep) for w, h, dep in arcs})
    assert q.source_text.startswith(source)
