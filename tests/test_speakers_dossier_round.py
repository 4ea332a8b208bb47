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


def test_a_title_with_of_names_the_person_after_it(pipe):
    # the parser made "Secretary" the subject and the name the object of "of" (as the small
    # model does on longer sentences): the speaker is the name, not "Secretary"
    from test_quotes_eleventh_round import _rehang

    text = ("Mayor Lia Moss froze the permits. Secretary of the Interior Dan Grove echoed the mayor in "
            "his own tweet, saying that \"the permits are on hold.\"")
    doc = next(iter(pipe.runner.pipe([text], 1)))
    sec = next(t.i for t in doc if t.text == "Secretary")  # Secretary of the Interior Dan Grove echoed
    of, grove, echoed = sec + 1, sec + 5, sec + 6
    doc = _rehang(doc, {sec: (echoed, "nsubj"), of: (sec, "prep"), grove: (of, "pobj"), sec + 2: (grove, "det"),
                        sec + 3: (grove, "compound"), sec + 4: (grove, "compound")})
    doc.ents = [e for e in doc.ents if e.end <= sec or e.start > grove] + [Span(doc, sec + 4, grove + 1, label="PERSON")]
    q = next(q for q in extract_quotes(doc, "t1") if q.cue == "saying")
    assert (q.speaker, q.speaker_kind) == ("Dan Grove", "named")


def test_a_colon_after_a_reporting_clause_is_no_speaker_label(pipe):
    # "X said in a statement: “...”" (here with a doubled opening mark) is a clause the parse
    # attributes, not a "Name:" label whose name is the whole clause
    text = ("Senator Tom Bale said the harbour report was late.\n\n"
            "Bale said in a statement: ““The council and the public deserve to see the report. It must be "
            "released now.”")
    doc = next(iter(pipe.runner.pipe([text], 1)))
    bale = max(t.i for t in doc if t.text == "Bale")
    doc.ents = [e for e in doc.ents if not e.start <= bale < e.end] + [Span(doc, bale, bale + 1, label="ORG")]
    speakers = {q.speaker for q in extract_quotes(doc, "t1") if "deserve" in q.text}
    assert speakers and not any("said" in (s or "") for s in speakers), speakers


def test_the_president_tagged_a_name_is_no_name(pipe):
    text = ("President Tom Bale attacked the harbour board on Thursday. He “should be forced to resign "
            "from the board!” the president wrote on Twitter.")
    q = find(quotes_of(pipe, text), "should be forced")
    assert q.speaker != "president"


def test_a_fronted_subject_before_a_cue_between_commas_is_in_the_content(pipe):
    # "X, he told Y, is Z": what he said is the whole clause, its subject too
    text = ("Governor Tom Bale spoke in Varnholm on Saturday.\n\nSocialism, he told the Varnholm Chamber of "
            "Commerce, is a disease that must be cut out of the system.")
    q = find(quotes_of(pipe, text), "is a disease")
    assert q.text.startswith("Socialism, he told") and (q.speaker, q.cue) == ("Tom Bale", "told")
