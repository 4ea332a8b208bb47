"""Attribution forms added in the third and fourth PolNeAR rounds (issue 3 item 6): text -> expected
(invented sentences). Each row: text, content fragment, cue as written, source as written
(None: no source), speaker, stance."""

from __future__ import annotations

import pytest

from newsprism.models import Article

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def pipe():
    from newsprism.nlp import NlpPipeline

    return NlpPipeline()


def quotes_of(pipe, text: str):
    (an,) = pipe.analyze([Article(id="t1", title="t", text=text)])
    for q in an.quotes:  # every span slices back to its text
        assert text[q.content.start : q.content.end] == q.text
        if q.source is not None:
            assert text[q.source.start : q.source.end] == q.source_text
        if q.cue_span is not None:
            assert text[q.cue_span.start : q.cue_span.end] == q.cue
    return an.quotes


def find(quotes, fragment: str):
    hits = [q for q in quotes if fragment in q.text]
    assert hits, f"no quote containing {fragment!r} in {[q.text for q in quotes]}"
    return hits[0]


def expect_form(pipe, text: str, frag: str, content: str, cue: str | None, source: str | None) -> None:
    """The quote of ``text`` containing ``frag`` has this content, cue and source (the round
    tables' check)."""
    q = find(quotes_of(pipe, text), frag)
    assert (q.text, q.cue, q.source_text) == (content, cue, source)


FORMS = [
    # a quotation after a colon: the clause's main verb is the cue when its subject can speak
    ("Governor Tom Bale issued the following statement:\n\n“The harbour will reopen once the divers "
     "finish their checks.”", "The harbour will reopen", "issued", "Governor Tom Bale", "Tom Bale", "other"),
    # the cue hangs on the noun right after the closing mark; the name in apposition speaks
    ("“Will the council finally fix the bridge? If not, it should resign!” the opposition leader, "
     "Lia Moss, tweeted Sunday after the vote.", "it should resign", "tweeted Sunday",
     "the opposition leader, Lia Moss,", "Lia Moss", "neutral"),
    # an author's evaluation with seem/appear has no source
    ("The harbour plan seems to be losing support among fishermen.", "losing support among fishermen",
     "seems", None, None, "belief"),
    ("It appears that the council will delay the vote.", "the council will delay the vote",
     "appears", None, None, "belief"),
    # a question put by nobody named
    ("Asked about the flood, Governor Tom Bale said the repairs were on schedule.", "the flood",
     "Asked about", None, None, "neutral"),
    ("Tom Bale was asked whether the bridge would reopen in May.", "whether the bridge would reopen",
     "was asked", None, None, "neutral"),
    # light verbs whose object noun carries the speech act
    ("Senator Lia Moss has made no secret of her dislike for the harbour plan.",
     "her dislike for the harbour plan", "has made no secret of", "Senator Lia Moss", "Lia Moss", "neutral"),
    ("Governor Tom Bale made it clear that the bridge would reopen in May.",
     "the bridge would reopen in May", "made it clear", "Governor Tom Bale", "Tom Bale", "assertive"),
    ("Senator Lia Moss took aim at the harbour plan.", "the harbour plan", "took aim at",
     "Senator Lia Moss", "Lia Moss", "neutral"),
    # phrasal cues from the broadened lexicon
    ("Tom Bale shot back that the figures were wrong.", "the figures were wrong", "shot back",
     "Tom Bale", "Tom Bale", "neutral"),
    ("The mayor singled out the harbour board for criticism.", "the harbour board", "singled out",
     "The mayor", None, "neutral"),
    # uncommon evaluative verbs
    ("Senator Lia Moss assailed the harbour plan as reckless.", "the harbour plan", "assailed",
     "Senator Lia Moss", "Lia Moss", "assertive"),
    # the issuer of a statement speaks, not the statement
    ("The harbour board issued a statement saying the bridge would reopen in May.",
     "the bridge would reopen in May", "saying", "The harbour board", "harbour board", "neutral"),
    # a poll opening the clause is its source
    ("In the latest Gazette poll, Ana Ruiz leads Tom Bale by eight points among young voters.",
     "Ana Ruiz leads Tom Bale by eight points", "In", "the latest Gazette poll", "Gazette", "neutral"),
    # "see ... as": a view, active (the viewers speak) or passive (no source)
    ("Four in ten voters see the harbour plan as a waste of money.", "the harbour plan as a waste",
     "see", "Four in ten voters", "Four in ten voters", "neutral"),
    ("Tom Bale is seen as the favourite to win the seat.", "Tom Bale is seen as the favourite",
     "is seen as", None, None, "neutral"),
    # a speaker label with a colon inside a line
    ("The council has a new plan. As always, Bale’s word: “We will rebuild the harbour before the "
     "winter storms arrive.”", "We will rebuild the harbour", ":", "Bale’s", "Bale", "neutral"),
    # a headline label whose name the tagger took for a noun: the surname of the article's person,
    # resolved to the full name
    ("Moss: Harbour Plan Is Dead In The Water\n\nSenator Lia Moss spoke on Monday.",
     "Harbour Plan Is Dead", ":", "Moss", "Lia Moss", "neutral"),
    # note/report with a noun-phrase content
    ("The Gazette noted the sharp rise in harbour fees.", "the sharp rise in harbour fees", "noted",
     "The Gazette", "Gazette", "neutral"),
    # a stance-bearing role noun predicated of the speaker
    ("Senator Lia Moss is an outspoken supporter of the harbour plan.", "the harbour plan",
     "is an outspoken supporter of", "Senator Lia Moss", "Lia Moss", "assertive"),
    # a reported clause ends before a side clause holding another cue's quotation
    ("Tom Bale said he saw no need to change his plan, telling the Gazette that “we tell the truth, "
     "we deal with the issues” and that voters had noticed.", "he saw no need to change his plan",
     "said", "Tom Bale", "Tom Bale", "neutral"),
    # fourth round: a clause before the cue and one after it both hung on it ("A; he says B")
    ("Tom Bale, who ran the port for ten years, lost his seat when the council voted him out; he says "
     "he fears the bridge will stay closed.", "he fears the bridge will stay closed", "says", "he",
     "Tom Bale", "neutral"),
    # a dateline the parser took for the subject is not the source
    ("LISBON (Reuters) – Harbour minister Ana Ruiz said on Monday that the bridge would reopen in May.",
     "the bridge would reopen in May", "said", "Harbour minister Ana Ruiz", "Ana Ruiz", "neutral"),
    # "seems" with an adjective or noun complement: an evaluation without a source
    ("Ana Ruiz seemed certain to leave the council.", "certain to leave the council", "seemed", None,
     None, "belief"),
    # a quantifier heading the subject (tagged an adjective or determiner) can report
    ("Most of the harbour pilots have already said they would back the plan, while insisting it "
     "is not an endorsement.", "they would back the plan", "have already said",
     "Most of the harbour pilots", None, "neutral"),
    # "say" with an answer or pro-form as its object
    ("Asked about the new bridge, 61 percent of voters say the same of the ferry.", "the same of the ferry",
     "say", "61 percent of voters", None, "neutral"),
    ("Tom Bale said so on Monday.", "so", "said", "Tom Bale", "Tom Bale", "neutral"),
    # a cue noun with a possessive pronoun: the named subject of its verb speaks
    ("Senator Lia Moss has signaled her desire to rebuild the harbour.", "to rebuild the harbour",
     "desire", "Senator Lia Moss", "Lia Moss", "belief"),
]

# Texts the fourth-round rules must leave alone: (text, content fragment, cue, source).
KEPT = [
    # a party tag's hyphen is no dateline dash
    ("Sen. Ana Ruiz (D-Ore.) said the bridge would reopen in May.", "the bridge would reopen in May",
     "said", "Sen. Ana Ruiz (D-Ore.)"),
    # a sentence-initial name before a spaced dash is no dateline
    ("Tom Bale – the harbour minister – said the bridge would reopen in May.",
     "the bridge would reopen in May", "said", "Tom Bale"),
    # "say" with any other object is no attribution of that object
    ("Tom Bale said a prayer for the fishermen and left.", None, None, None),
    # a pronoun subject: the possessive stays the source
    ("He has signaled his desire to rebuild the harbour.", "to rebuild the harbour", "desire", "his"),
    # "X said A, and B" with one clause after the cue keeps it
    ("Tom Bale says he fears the bridge will stay closed.", "he fears the bridge will stay closed",
     "says", "Tom Bale"),
]


@pytest.mark.parametrize("text,frag,cue,source,speaker,stance", FORMS)
def test_attribution_forms(pipe, text, frag, cue, source, speaker, stance):
    q = find(quotes_of(pipe, text), frag)
    assert q.cue == cue
    assert q.source_text == source
    assert q.speaker == speaker
    assert q.cue_stance == stance


@pytest.mark.parametrize("text,frag,cue,source", KEPT)
def test_fourth_round_rules_leave_these_alone(pipe, text, frag, cue, source):
    if frag is None:
        assert quotes_of(pipe, text) == []
        return
    q = find(quotes_of(pipe, text), frag)
    assert (q.cue, q.source_text) == (cue, source)


def test_a_quotation_after_a_finished_sentence_is_not_that_sentences_content(pipe):
    text = ("Tom Bale, the harbour minister, struck a calm tone at the meeting. ''We will rebuild the "
            "bridge before the winter storms,'' he said.")
    qs = quotes_of(pipe, text)
    q = find(qs, "We will rebuild the bridge")
    assert q.source_text == "he" and q.speaker == "Tom Bale" and q.cue == "said"
    assert not [q for q in qs if "calm tone" in q.text]


def test_short_reply_carries_its_speaker_into_the_next_quotation(pipe):
    text = "“Never,” wrote a harbour board member. “We will not sell the land to anyone at any price.”"
    q = find(quotes_of(pipe, text), "We will not sell the land")
    assert q.source_text == "a harbour board member" and q.speaker_kind == "anonymous"


def test_seem_with_a_cue_complement_keeps_the_subject_as_source(pipe):
    # "seemed to acknowledge": acknowledge is the cue and the party its source
    qs = quotes_of(pipe, "The party seemed to acknowledge the problem.")
    assert not [q for q in qs if q.cue and q.cue.startswith("seemed") and q.source is None]
    assert find(qs, "the problem").source_text == "The party"


def test_seem_as_a_physical_appearance_is_no_attribution(pipe):
    qs = quotes_of(pipe, "Governor Tom Bale appeared at the harbour on Monday.")
    assert not [q for q in qs if q.cue and "appeared" in q.cue]


def test_colon_after_a_clause_without_a_speaker_is_no_cue(pipe):
    # the subject of the clause before the colon cannot speak ("the list")
    text = "The list includes three items:\n\n“Bread, milk and eggs for the whole week.”"
    assert not [q for q in quotes_of(pipe, text) if q.cue == "includes"]


def test_quotation_paragraph_continues_the_previous_paragraphs_speaker(pipe):
    text = ("Senator Lia Moss praised the harbour board after the vote.\n\n"
            "“We need people who get things done in this town, and they are the ones who can do it.”")
    q = find(quotes_of(pipe, text), "We need people")
    assert q.speaker == "Lia Moss" and q.source_text == "Senator Lia Moss" and q.direct


def test_a_trailing_poll_and_a_seen_person_are_no_attribution(pipe):
    qs = quotes_of(pipe, "Tom Bale leads by eight points in the poll. He was seen leaving the harbour on Monday.")
    assert not [q for q in qs if q.cue in ("in", "was seen")]


def test_a_poll_clause_with_its_own_cue_is_the_cues(pipe):
    q = find(quotes_of(pipe, "In a survey, most voters said they trust the mayor."), "they trust the mayor")
    assert q.cue == "said" and q.source_text == "most voters"
