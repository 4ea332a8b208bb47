"""Attribution forms changed in the ninth PolNeAR round (issue 3 item 6): text -> expected on
invented sentences. Each FORMS row: text, content fragment, expected content, cue as written,
source as written; every one fails on the eighth round's extractor. KEPT rows guard what the
rules must leave alone; NONE rows are texts that must yield no attribution."""

from __future__ import annotations

import pytest
from test_quotes_forms import (  # quotes_of checks every span slices back
    expect_form,
    quotes_of,
)
from test_quotes_forms import pipe as pipe  # noqa: PLC0414  the module-scoped fixture, re-exported

pytestmark = pytest.mark.model

_DATELINE = "PORTVALE, March 3 (NWS) — Harbour master Lia Moss "

FORMS = [
    # a dateline with a date before the dash is no source; the name after the dash is
    (_DATELINE + "said the ferry would resume on Monday.", "ferry",
     "the ferry would resume on Monday", "said", "Harbour master Lia Moss"),
    # ... also as the issuer of a statement that reports
    (_DATELINE + "released a statement saying the ferry would resume on Monday.", "statement",
     "a statement saying the ferry would resume on Monday", "released", "Harbour master Lia Moss"),
    # an object or a reported clause ending at a colon runs on through the list the colon opens
    ("Moss listed her worries: rust on the pier, rot in the sheds and rats in the harbour.", "worries",
     "her worries: rust on the pier, rot in the sheds and rats in the harbour", "listed", "Moss"),
    ("Moss criticized the plan on two grounds: its cost and its timing.", "plan",
     "the plan on two grounds: its cost and its timing", "criticized", "Moss"),
    ("Moss said the board had two options: repair the pier or close it for good.", "board",
     "the board had two options: repair the pier or close it for good", "said", "Moss"),
    # an object's infinitive the parser hung on the verb as a purpose clause
    ("Moss pushed the council to repair the old pier before winter.", "council",
     "the council to repair the old pier before winter", "pushed", "Moss"),
    # phrasal cues: the preposition belongs to the cue, its object is the content
    ("Moss apologized for the long delays at the harbour.", "delays",
     "the long delays at the harbour", "apologized for", "Moss"),
    ("The council sided with the fishermen on the new quotas.", "fishermen",
     "the fishermen on the new quotas", "sided with", "The council"),
    # evaluative verbs whose object is their content
    ("Moss repudiated the council's plan for the pier.", "plan",
     "the council's plan for the pier", "repudiated", "Moss"),
    ("Bale derided the new ferry timetable.", "timetable", "the new ferry timetable", "derided", "Bale"),
    ("The council rebuffed the fishermen's request for a new pier.", "request",
     "the fishermen's request for a new pier", "rebuffed", "The council"),
    # "cast X as Y" like "portray"; "cast doubt on X" like the other light verbs
    ("Moss cast the council as the villain of the storm.", "villain",
     "the council as the villain of the storm", "cast", "Moss"),
    ("Moss cast doubt on the council's figures.", "figures", "the council's figures", "cast doubt on", "Moss"),
    # "would like to" is a wish, as "wants to"
    ("The fishermen would like to see a new pier before winter.", "pier",
     "to see a new pier before winter", "would like", "The fishermen"),
]

# (text, fragment, content, cue, source), checked as FORMS are
KEPT = [
    # a colon opening a quotation: the quotation is part of the mixed quote, nothing runs on
    ("Moss said the board had one message: “Stay away from the pier.”", "board",
     "the board had one message: “Stay away from the pier.”", "said", "Moss"),
    # no dateline: a sentence-initial place stays the subject of its own verb
    ("Portvale said the ferry would resume on Monday.", "ferry",
     "the ferry would resume on Monday", "said", "Portvale"),
    # an infinitive of the verb itself, not of its object
    ("Moss urged the council to repair the old pier before winter.", "repair",
     "to repair the old pier before winter", "urged", "Moss"),
]

# the new phrasal verbs count only with their own preposition, "cast" only with an as-phrase
# or a light noun, "like" only with an infinitive
NONE = [
    "The crew apologized to the passengers.",
    "The ferry pivoted to the left.",
    "The fishermen cast their nets at dawn.",
    "The fishermen like the new pier.",
]


@pytest.mark.parametrize("text,frag,content,cue,source", FORMS + KEPT)
def test_ninth_round_forms(pipe, text, frag, content, cue, source):
    expect_form(pipe, text, frag, content, cue, source)


@pytest.mark.parametrize("text", NONE)
def test_ninth_round_no_attribution(pipe, text):
    assert quotes_of(pipe, text) == []
