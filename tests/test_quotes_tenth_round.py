"""Attribution forms changed in the tenth PolNeAR round (issue 3 item 6): text -> expected on
invented texts. Each FORMS row: text, content fragment, expected content, cue as written,
source as written; every one fails on the ninth round's extractor. KEPT rows guard what the
rules must leave alone; BARE rows are quotations that must stay without a speaker, NO_POLL
and NO_REPORTEDLY rows texts whose poll phrase or adverb is no report."""

from __future__ import annotations

import pytest
from test_quotes_forms import (  # quotes_of checks every span slices back
    expect_form,
    quotes_of,
)
from test_quotes_forms import pipe as pipe  # noqa: PLC0414  the module-scoped fixture, re-exported

pytestmark = pytest.mark.model

_HARBOUR = "The harbour will reopen once the divers finish their checks on the old pier"
_GOOD = "“We were glad to see the ferry back,” Moss said."

FORMS = [
    # a roundup line: headline, dash, who is quoted, colon, the quotation
    ("FERRY BACK BY SPRING - Lia Moss: “" + _HARBOUR + ".”\n\nThe council meets on Monday.",
     "divers", _HARBOUR + ".", ":", "Lia Moss"),
    ("The divers are not done yet - More from Moss: “" + _HARBOUR + ".”\n\nThe council meets on Monday.",
     "divers", _HARBOUR + ".", ":", "Moss"),
    ("Not every panel is equal - From the report: “" + _HARBOUR + ".”\n\nThe council meets on Monday.",
     "divers", _HARBOUR + ".", ":", "the report"),
    # a quotation that is a paragraph of its own, signed with a dash in the next one
    ("The candidates spoke on the harbour.\n\n“" + _HARBOUR + ".”\n\n- Lia Moss.\n\nThe council meets.",
     "divers", _HARBOUR + ".", "-", "Lia Moss"),
    # a quotation after a short lead-in phrase goes on with the previous speaker's quote
    (_GOOD + " Instead, “the pier has been closed for far too long.”", "far too long",
     "the pier has been closed for far too long.", "said", "Moss"),
    # a trailing "in the poll" on a main clause that reports nothing of its own
    ("Moss leads Bale by ten points in the latest harbour poll.", "ten points",
     "Moss leads Bale by ten points", "in", "the latest harbour poll"),
    # "X reportedly did Y": an attribution without a source, the adverb the cue
    ("The council has reportedly closed the pier for the winter.", "closed",
     "The council has reportedly closed the pier for the winter", "reportedly", None),
    # "asked X if ...": the if-clause the parser hung on the verb as an adverbial is its content
    ("He shook hands with the crew and asked the fishermen if they planned to stay for the winter.",
     "planned", "if they planned to stay for the winter", "asked", "He"),
    ("Asked if the ferry would run in spring, the harbour master said no.", "ferry",
     "if the ferry would run in spring", "Asked", None),
    (_GOOD + " Unless the rain goes on, “the pier will reopen in spring.”", "reopen in spring",
     "the pier will reopen in spring.", "said", "Moss"),
]

# (text, fragment, content, cue, source), checked as FORMS are
KEPT = [
    # a "Name:" line with a dash in its headline keeps the line's own form
    ("Lia Moss: “" + _HARBOUR + ".”", "divers", "“" + _HARBOUR + ".”", ":", "Lia Moss"),
    # a dash-signed quotation on one line, as before
    ("“" + _HARBOUR + ".” ― Lia Moss", "divers", _HARBOUR + ".", "―", "Lia Moss"),
    # "In the poll, ..." opening the clause, as before
    ("In the latest harbour poll, Moss leads Bale by ten points.", "ten points",
     "Moss leads Bale by ten points", "In", "the latest harbour poll"),
    # "reportedly" on a verb that reports: that verb's subject speaks, as before
    ("Moss reportedly told the council that the pier was unsafe.", "unsafe",
     "the pier was unsafe", "reportedly told", "Moss"),
    # "asked if ..." parsed as a complement, as before
    ("Moss asked whether the ferry would run in spring.", "ferry",
     "whether the ferry would run in spring", "asked", "Moss"),
    # a quotation opening its sentence goes on with the previous speaker, as before
    (_GOOD + " “The pier has been closed for far too long.”", "far too long",
     "The pier has been closed for far too long.", "said", "Moss"),
]

# quotations that stay without a speaker: no dash signature after a byline-like line, a
# lead-in with a quotation of its own, a quotation that does not end its sentence
BARE = [
    ("The candidates spoke on the harbour.\n\n“" + _HARBOUR + ",” the notice read on the door, "
     "and nobody signed it.\n\n- Lia Moss.", "divers"),
    (_GOOD + " Later, after the vote, “the pier has been closed for far too long” was heard in town.",
     "far too long"),
]


@pytest.mark.parametrize("text,frag,content,cue,source", FORMS + KEPT)
def test_tenth_round_forms(pipe, text, frag, content, cue, source):
    expect_form(pipe, text, frag, content, cue, source)


# a trailing "in the poll" outside the main clause, or on a clause with a cue of its own,
# is no poll attribution
NO_POLL = [
    "Voters who trusted Moss in the latest harbour poll said the ferry was late.",
    "Moss said the ferry was late in the latest harbour poll.",
]


# "reportedly" on a participle is a detail of its noun, not a report of its own
NO_REPORTEDLY = ["The remarks reportedly made at the meeting angered Moss."]


@pytest.mark.parametrize("text", NO_POLL)
def test_tenth_round_no_poll(pipe, text):
    assert not [q for q in quotes_of(pipe, text) if q.cue and q.cue.lower() == "in"]


@pytest.mark.parametrize("text", NO_REPORTEDLY)
def test_tenth_round_no_reportedly(pipe, text):
    assert not [q for q in quotes_of(pipe, text) if q.cue and "reportedly" in q.cue.lower()]


@pytest.mark.parametrize("text,frag", BARE)
def test_tenth_round_no_speaker(pipe, text, frag):
    hits = [q for q in quotes_of(pipe, text) if frag in q.text]
    assert hits and not any(q.source_text in ("Lia Moss", "Moss") for q in hits), [(q.text, q.source_text) for q in hits]
