"""Speaker errors a reader of the real-story dossiers would catch (invented texts): a surname
the tagger files as an organisation or a place, an O’/D’ surname, a reflexive after a name
in the pronoun's own clause, "he" after a sentence that reports on someone else."""

from __future__ import annotations

import pytest
from spacy.tokens import Span
from test_quotes_forms import find, quotes_of
from test_quotes_forms import pipe as pipe  # noqa: PLC0414  the module-scoped fixture, re-exported

from newsprism.nlp.quotes import extract_quotes

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    "text,content,speaker",
    [
        # "O’Rourke" alone is tagged an organisation (and a noun): the person named in full
        ("Former congressman Beto O’Rourke campaigned in Iowa on Monday.\n\n"
         "O’Rourke demanded the governor “release the full budget to the voters.”",
         "the governor “release", "Beto O’Rourke"),
        # the same surname with its particle dropped is still the person
        ("Former congressman Beto O’Rourke campaigned in Iowa on Monday.\n\n"
         "Rourke demanded the governor “release the full budget to the voters.”",
         "the governor “release", "Beto O’Rourke"),
        # a one-word name the tagger made a person elsewhere speaks as a person where it made
        # it an organisation
        ("The senator met the mayor at City Hall on Wednesday. The talks ran late, aides said.\n\n"
         "Vermont Sen. Sanders left without speaking to reporters. Sanders afterward struck a softer "
         "tone, saying the city would get its money.", "the city would get its money", "Sanders"),
        # "he" is the one the reflexive stresses, though named later in its own clause
        ("Gov. Paul Delane met state Rep. Drew Gattis on Monday. Delane hinted on Tuesday that he may "
         "resign, telling a radio station, \"I'm looking at all options.\"\n\nHe walked back his remarks "
         "later that day, criticizing \"rumors\" that he would quit, even though they came from Delane "
         "himself.", "he would quit", "Paul Delane"),
        # "he" after a sentence whose main clause names one person and a reported clause
        # another: the main clause's
        ("Governor Tom Bale spoke in Varnholm on Monday. Bale said he never doubted the mayor and "
         "repeatedly said he believes Lia Moss is honest.\n\n\"She says she wants the bridge. But I am "
         "talking about the budget,\" he said.", "She says she wants the bridge", "Tom Bale"),
        # a sentence led by "He" goes on about the man named before, not the one it reports on
        ("Senator Tom Bale spoke to a group of lawyers in Varnholm. Bale says he would want to serve on "
         "the harbour committee. He said Dan Grove, though, would likely chair it.\n\n\"You may have "
         "someone like me, or you may have a farmer,\" he said.", "You may have someone", "Tom Bale"),
        # so does one led by "the <role>"
        ("Senator Tom Bale spoke in Varnholm on Monday. The Varnholm senator has said that the council "
         "should wait because Mayor Dan Grove must first fix the pier.\n\nHe has said he will not back "
         "the harbour plan.", "he will not back the harbour plan", "Tom Bale"),
        # "Mrs. Bale" where two Bales are named marks that mention, not every "Bale", as a woman's
        ("Governor Tom Bale and his wife, Ana Bale, toured the harbour on Monday. Dan Grove guided them. "
         "Mrs. Bale thanked the crews. Governor Bale promised new cranes.\n\n\"The harbour will reopen in May,\" "
         "he said.", "The harbour will reopen in May", "Bale"),
    ],
)
def test_dossier_round_speakers(pipe, text: str, content: str, speaker: str) -> None:
    q = find(quotes_of(pipe, text), content)
    assert (q.speaker, q.speaker_kind) == (speaker, "named")


def test_a_surname_tagged_a_place_is_the_person(pipe):
    # the small model files some surnames as places ("Griffin" GPE): reproduced by re-tagging
    # the bare surname; both its quote and the "she" after it are the comedian's
    text = ("Comedian Dana Griffin met the photographer Tom Shields on Monday. Shields took a photo of "
            "her holding a mask.\n\n"
            "In a video late Tuesday, Griffin said the picture \"went too far.\"\n\n"
            "\"I understand why it upsets people,\" she said.")
    doc = next(iter(pipe.runner.pipe([text], 1)))
    bare = next(t.i for t in doc if t.text == "Griffin" and doc[t.i - 1].text != "Dana")
    doc.ents = [e for e in doc.ents if not e.start <= bare < e.end] + [Span(doc, bare, bare + 1, label="GPE")]
    got = {q.text: (q.speaker, q.speaker_kind) for q in extract_quotes(doc, "t1")}
    assert got['the picture "went too far."'] == ("Dana Griffin", "named")
    assert got["I understand why it upsets people"] == ("Dana Griffin", "named")
