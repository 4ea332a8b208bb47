"""Speakers a reader resolves from the sentences around a quotation (invented texts): the
person asked before "His response:", a run of "he"-led sentences after the person named
first, the unnamed person a possessor's role describes ("Holt's attorney ... He added"), a
person in a role the tagger took for an organisation ("Holt attorney Karin Vale"), and the
one person the sentence before names when nothing that can speak is its subject."""

from __future__ import annotations

import pytest
from test_quotes_forms import find, quotes_of
from test_quotes_forms import pipe as pipe  # noqa: PLC0414  the module-scoped fixture, re-exported

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    "text,content,speaker,kind",
    [
        # "His response:" after a question put to someone: the one asked answers
        ("Radio host Dana Whitfield asked Mayor Tom Bale, \"Have you read the harbour survey?\" "
         "His response: \"Well, I have engineers who have been studying it for months.\"",
         "I have engineers", "Tom Bale", "named"),
        # a run of sentences led by "he" and "the mayor" goes on about the man named first,
        # not the deputy named in passing
        ("Tom Bale took office as mayor of Varnholm on Friday, vowing to rebuild the harbour.\n\n"
         "In a short speech, the new mayor told residents they would be heard.\n\n"
         "\"The time for talk is over,\" he said.\n\n"
         "The mayor greeted a crowd on the quay after taking the oath along with Deputy Mayor Ola Stenberg. "
         "The speech did not go into detail.\n\n"
         "\"When you open your door to neighbours, there is no room for fear,\" he said.",
         "When you open your door", "Tom Bale", "named"),
        # "Holt's attorney ... He added": the attorney, named before with that title, not Holt
        ("Harbour official Dan Holt has been fired.\n\n"
         "Holt attorney Karin Vale said on Monday that her client was dismissed without cause.\n\n"
         "Councillor Per Lund, a Labour member, said in a statement that the decision was right.\n\n"
         "Holt's attorney, meanwhile, blasted the board, saying the chair \"ignored the review.\"\n\n"
         "She added, \"A long inquiry found nothing against him.\"",
         "A long inquiry found nothing", "Karin Vale", "named"),
        # ... and the unnamed attorney when no one was named so
        ("Harbour official Dan Holt has been fired.\n\n"
         "Councillor Per Lund, a Labour member, said in a statement that the decision was right.\n\n"
         "Holt's attorney, meanwhile, blasted the board, saying the chair \"ignored the review.\"\n\n"
         "He added, \"A long inquiry found nothing against my client.\"",
         "A long inquiry found nothing", "Holt's attorney", "anonymous"),
        # the one person the sentence before names, when its subject is no person
        ("Judge Karl Ruiz questioned the harbour board's lawyer, Tom Bale. Bale replied that "
         "\"the board gives its managers wide discretion.\"\n\n"
         "That did not satisfy Judge Ruiz. \"If somebody tells you how to use discretion,\" he said, "
         "\"you don't have discretion.\"", "If somebody tells you how to use discretion", "Karl Ruiz", "named"),
    ],
)
def test_description_speakers(pipe, text: str, content: str, speaker: str, kind: str) -> None:
    q = find(quotes_of(pipe, text), content)
    assert (q.speaker, q.speaker_kind) == (speaker, kind)


def test_role_before_an_organisation_tagged_name_is_a_person(pipe) -> None:
    # a lower-case role word before a name the tagger may take for an organisation
    text = ("Holt attorney Aitan Varga said in a statement Monday that his client was fired.")
    q = find(quotes_of(pipe, text), "his client was fired")
    assert q.speaker_kind == "named" and q.speaker.endswith("Varga")


def test_a_time_phrase_noun_lends_its_clause_to_the_speech_verb(pipe) -> None:
    # "saying ... after Grove's announcement that X": X is what the group said, the parser
    # having hung the clause on the noun of the time phrase
    text = ("Harbour Watch, a pro-business research group, took aim at Mayor Tom Bale, saying on Sunday "
            "after Grove’s announcement that the mayor made “false claims about the pier.”")
    q = find(quotes_of(pipe, text), "false claims about the pier")
    assert (q.speaker, q.speaker_kind) == ("Harbour Watch", "organization")
    assert not any(x.speaker == "Grove" for x in quotes_of(pipe, text))


@pytest.mark.parametrize(
    "text,content,speaker",
    [
        # "the Oregon Democrat": the one person named before with that party and state
        ("Sen. Ana Ruiz (D-Ore.) and Sen. Tom Bale (R-Idaho) toured the harbour on Monday.\n\n"
         "\"This pier is a disgrace,\" the Oregon Democrat said.", "This pier is a disgrace", "Ana Ruiz"),
        # "the harbour speaker" ... a title word before the name must be the person's
        ("Harbour Speaker Tom Bale and Mayor Ana Ruiz met on Monday.\n\n"
         "\"We cannot rebuild the pier by decree,\" the Harbour speaker said.", "We cannot rebuild", "Tom Bale"),
    ],
)
def test_description_names_the_person(pipe, text: str, content: str, speaker: str) -> None:
    q = find(quotes_of(pipe, text), content)
    assert (q.speaker, q.speaker_kind) == (speaker, "named")


def test_description_two_people_fit_stays_unnamed(pipe) -> None:
    # two senators of the party named before: "the Democratic senator" is neither
    text = ("Sen. Ana Ruiz (D-Ore.) and Sen. Karl Holm (D-Wash.) toured the harbour on Monday.\n\n"
            "\"This pier is a disgrace,\" the Democratic senator said.")
    q = find(quotes_of(pipe, text), "This pier is a disgrace")
    assert q.speaker not in ("Ana Ruiz", "Karl Holm")


def test_a_possessor_in_the_sentence_before_is_not_the_one_speaking(pipe) -> None:
    # "Grove's remarks added fuel ...": the sentence is about Grove, the quotation goes on
    # with the mayor who spoke before
    text = ("Mayor Tom Bale spoke to the harbour board on Monday.\n\n"
            "Grove's remarks added fuel to the row. \"We will build the pier,\" he said.")
    q = find(quotes_of(pipe, text), "We will build the pier")
    assert q.speaker == "Tom Bale"
