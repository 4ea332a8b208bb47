"""Attribution forms added in the sixth PolNeAR round (issue 3 item 6): text -> expected on
invented sentences. Each FORMS row: text, content fragment, cue as written, source as
written, speaker; every one fails on the fifth round's extractor (no quote, or another span).
KEPT rows guard what the new rules must leave alone."""

from __future__ import annotations

import pytest
import test_quotes_forms as _forms

pytestmark = pytest.mark.model
pipe = _forms.pipe  # the module-scoped pipeline fixture
quotes_of = _forms.quotes_of  # every span slices back to its text
find = _forms.find

FORMS = [
    # a relative "which" subject: PolNeAR marks the pronoun, the speaker is its antecedent
    ("The Harbour Workers Union, which endorsed Lia Moss in March, will hold a rally on Friday.",
     "Lia Moss", "endorsed", "which", "Harbour Workers Union"),
    # a referring "it" subject of a verb cue is a source
    ("Later it announced a new timetable for the winter.", "a new timetable for the winter",
     "announced", "it", None),
    ("The port authority is braced for a strike it expects to last into the spring.",
     "to last into the spring", "expects", "it", None),
    # a verb outside the lexicon that takes a that-clause reports it
    ("The mayor always claimed that the harbour was safe, but the new report proves that the walls "
     "are cracking.", "the walls are cracking", "proves", "the new report", None),
    # a gerund modifying a noun speaks for the noun; the source stops before its cue
    ("A tweet pushing the claim spread quickly among voters.", "the claim", "pushing", "A tweet", None),
    # an evaluation's object runs on through its occasion
    ("Senator Lia Moss blasted the mayor after the vote on the harbour.",
     "the mayor after the vote on the harbour", "blasted", "Senator Lia Moss", "Lia Moss"),
    ("Tom Bale criticized the council because of the delays at the harbour.",
     "the council because of the delays", "criticized", "Tom Bale", "Tom Bale"),
    # any verb with "about" right after it and a speaker subject
    ("Voters fretted about the closures at the harbour.", "the closures at the harbour",
     "fretted about", "Voters", "Voters"),
    # lexicon: verbs whose object is their content, phrasal cues, infinitive complements
    ("Tom Bale reiterated his support for the harbour plan.", "his support for the harbour plan",
     "reiterated", "Tom Bale", "Tom Bale"),
    ("The inspectors stressed the need for new walls.", "the need for new walls", "stressed",
     "The inspectors", None),
    ("Lia Moss wrote about the closures in her weekly column.", "the closures", "wrote about",
     "Lia Moss", "Lia Moss"),
    ("The union argued to delay the vote until spring.", "to delay the vote", "argued", "The union", "union"),
    ("Tom Bale tweeted to thank the divers.", "to thank the divers", "tweeted", "Tom Bale", "Tom Bale"),
]

# Texts the sixth-round rules must leave alone: (text, content fragment, cue, source).
KEPT = [
    # an expletive "it" is no source
    ("It is clear that the harbour will close.", "the harbour will close", "is clear", None),
    ("Later it rained on the harbour.", None, None, None),
    # a gerund that is no cue, and "about" after a verb whose subject is no speaker
    ("The shop owner standing outside waved at the crowd.", None, None, None),
    ("The ferry went about its usual route.", None, None, None),
    ("Tom Bale went back to work.", None, None, None),
    # a gerund on an object: the issuer still speaks ("released an advertisement attacking")
    ("The union released an advertisement attacking the mayor for the closures.",
     "the mayor for the closures", "attacking", "The union"),
]


@pytest.mark.parametrize("text,frag,cue,source,speaker", FORMS)
def test_sixth_round_forms(pipe, text, frag, cue, source, speaker):
    q = find(quotes_of(pipe, text), frag)
    assert (q.cue, q.source_text, q.speaker) == (cue, source, speaker)


def test_occasion_is_part_of_the_content(pipe):
    q = find(quotes_of(pipe, "Senator Lia Moss blasted the mayor after the vote on the harbour."), "mayor")
    assert q.text == "the mayor after the vote on the harbour"


@pytest.mark.parametrize("text,frag,cue,source", KEPT)
def test_sixth_round_rules_leave_these_alone(pipe, text, frag, cue, source):
    if frag is None:
        assert quotes_of(pipe, text) == []
        return
    qs = [q for q in quotes_of(pipe, text) if frag in q.text and q.cue == cue]
    assert [q.source_text for q in qs] == [source]
