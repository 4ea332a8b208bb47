"""Citations of outlets, books and documents (invented sentences)."""

from __future__ import annotations

import pytest

from newsprism.models import Article

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def pipe():
    from newsprism.nlp import NlpPipeline

    return NlpPipeline()


def cites(pipe, text: str):
    (an,) = pipe.analyze([Article(id="c1", title="t", text=text)])
    for c in an.citations:
        assert c.span.end <= len(text)
        s = an.sentences[c.sentence_index]
        assert s.text == c.sentence and s.start <= c.span.start < s.end
    return an.citations


# text, cited, kind, relays
CASES = [
    ("Axios reported that the talks had stalled.", "Axios", "outlet", None),
    ("The talks had stalled, according to Bloomberg.", "Bloomberg", "agency", None),
    ("NBC is reporting that the vice president will join the call.", "NBC News", "broadcaster", None),
    ('"We are close," a diplomat told The Times of Israel.', "The Times of Israel", "outlet", "a diplomat"),
    ("Times of Israel in fresh coverage cites growing frustration in the capital.", "The Times of Israel", "outlet", None),
    ("Axios reported citing two sources familiar with the matter.", "Axios", "outlet",
     "two sources familiar with the matter"),
    ("According to Axios's Barak Ravid, the call was set for Wednesday.", "Axios", "outlet", None),
    ('"We are close," a European diplomat told Politico.', "Politico", "outlet", "a European diplomat"),
    ("A new book by veteran journalist Bob Woodward describes the feud.", "Bob Woodward's book", "book", None),
    ('The trip was about "security developments," a Pentagon statement had indicated.', "Pentagon statement", "document", None),
    ("Israeli media reported that the cabinet met overnight.", "Israeli media", "other", None),
    # nesting read from the cited outlet's own quoted words, or from ", citing" after its name
    ('"A senior aide told Reuters that the vote was delayed," Reuters noted.', "Reuters", "agency",
     "A senior aide"),
    ('"Two officials, who asked not to be named, cited a budget gap," Bloomberg confirms.',
     "Bloomberg", "agency", "Two officials"),
    # a belief cue opening the quoted words names no source
    ('Reuters reported that "Minister Ana Holm was expected to resign on Friday."', "Reuters", "agency", None),
    # "Israeli" is no possessive of (The Times of) "Israel": a source, not its reporter
    ('"We are ready," an Israeli source told The Times of Israel.', "The Times of Israel", "outlet",
     "an Israeli source"),
    ("According to Politico, citing three people familiar with the talks, the deal is off.",
     "Politico", "outlet", "three people familiar with the talks"),
]


@pytest.mark.parametrize("text,cited,kind,relays", CASES)
def test_citation_table(pipe, text, cited, kind, relays):
    hits = [c for c in cites(pipe, text) if c.cited == cited]
    assert hits, [c.cited for c in cites(pipe, text)]
    c = hits[0]
    assert c.cited_kind == kind
    assert c.relays == relays
    assert c.cue


def test_as_per_the_report_refers_back(pipe):
    text = ("Axios reported that the trip was cancelled. "
            "The two men have clashed before, as per the report.")
    cs = cites(pipe, text)
    assert [c.sentence_index for c in cs if c.cited == "Axios"] == [0, 1]


def test_one_citation_per_outlet_and_sentence(pipe):
    text = "Axios reported, as quoted by Axios again, that the talks had stalled."
    cs = cites(pipe, text)
    assert len([c for c in cs if c.cited == "Axios"]) == 1


def test_outlet_mention_without_cue_is_not_a_citation(pipe):
    assert cites(pipe, "She once worked at Reuters as an intern.") == [] or all(
        c.cited != "Reuters" or c.cue for c in cites(pipe, "She once worked at Reuters as an intern.")
    )
    assert not [c for c in cites(pipe, "The weather in Haifa was fine.")]


@pytest.mark.parametrize(
    "text,cited,cue",
    [
        ("And Axios has filled in some further details as follows: the call was set.", "Axios", "filled in"),
        ("Reuters followed up on the story on Tuesday.", "Reuters", "followed up"),
        ("Politico weighed in on the plan with new figures.", "Politico", "weighed in"),
        ("Axios reported that the talks had stalled.", "Axios", "reported"),
    ],
)
def test_a_citing_verb_keeps_its_particle(pipe, text, cited, cue):
    (c,) = [c for c in cites(pipe, text) if c.cited == cited]
    assert c.cue == cue
