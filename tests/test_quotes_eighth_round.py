"""Attribution forms changed in the eighth PolNeAR round (issue 3 item 6): text -> expected on
invented sentences. Each FORMS row: text, content fragment, expected content, cue as written,
source as written; every one fails on the seventh round's extractor. DROPPED rows are reports
the seventh round made and this one no longer makes; KEPT rows guard what the rules must leave
alone."""

from __future__ import annotations

import pytest
from test_quotes_forms import (  # quotes_of checks every span slices back
    expect_form,
    find,
    quotes_of,
)
from test_quotes_forms import pipe as pipe  # noqa: PLC0414  the module-scoped fixture, re-exported

pytestmark = pytest.mark.model

FORMS = [
    # a quotation right after a comma or dash that ends a clause whose verb has a speaker
    # subject and nothing else after it: the verb is the cue even outside the lexicon
    ("As Lia Moss put it, “The ferry will not run again this winter.”", "ferry",
     "The ferry will not run again this winter.", "put", "Lia Moss"),
    ("Tom Bale smiled, “Nobody listens to the sea anymore.”", "Nobody",
     "Nobody listens to the sea anymore.", "smiled", "Tom Bale"),
    ("When Lia Moss finally wrapped up — “We will rebuild the pier next spring!”", "rebuild",
     "We will rebuild the pier next spring!", "finally wrapped up", "Lia Moss"),
    # a cue-less quotation opening the sentence right after a report with a known speaker in
    # the same paragraph: that speaker goes on (no cue of its own)
    ("Lia Moss praised the harbour board for its quick repairs. “The board worked through every "
     "night of the storm.”", "board worked", "The board worked through every night of the storm.", None,
     "Lia Moss"),
]

# "find" with a plain object reports nothing (no quote at all now)
DROPPED = [
    "The divers found the missing anchor near the pier.",
    "The harbour board will find the money for a new ferry.",
]

# Texts the rules must leave alone: (text, fragment, cue, source); cue None: a quotation
# without a cue or speaker.
KEPT = [
    # the verb before the comma has an object of its own: an act, not the quotation's cue
    ("Tom Bale reached the pier, “Nobody listens to the sea anymore.”", "Nobody", None, None),
    # an apposition, no verb
    ("Tom Bale, the harbour master, “Nobody listens to the sea anymore.”", "Nobody", None, None),
    # a that-clause stays a report
    ("The divers found that the anchor had drifted.", "anchor", "found", "The divers"),
    # no report right before the cue-less quotation (none at all, or a sentence between)
    ("The storm damaged the harbour wall last week. “The board worked through every night of the "
     "storm.”", "board worked", None, None),
    ("Lia Moss praised the harbour board for its quick repairs. The ferry resumed on Monday. “The "
     "board worked through every night of the storm.”", "board worked", None, None),
    # a cue word still wins over the verb before the comma
    ("When the ferry finally left, “it was a relief,” Moss said.", "relief", "said", "Moss"),
]


@pytest.mark.parametrize("text,frag,content,cue,source", FORMS)
def test_eighth_round_forms(pipe, text, frag, content, cue, source):
    expect_form(pipe, text, frag, content, cue, source)


@pytest.mark.parametrize("text", DROPPED)
def test_eighth_round_drops_object_reports(pipe, text):
    assert quotes_of(pipe, text) == []


@pytest.mark.parametrize("text,frag,cue,source", KEPT)
def test_eighth_round_rules_leave_these_alone(pipe, text, frag, cue, source):
    q = find(quotes_of(pipe, text), frag)
    assert (q.cue, q.source_text) == (cue, source)
