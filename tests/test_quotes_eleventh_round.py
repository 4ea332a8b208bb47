"""Attribution forms changed in the eleventh PolNeAR round (issue 3 item 6): text -> expected
on invented texts. Each FORMS row: text, content fragment, expected content, cue as written,
source as written; every one fails on the tenth round's extractor. KEPT rows guard what the
rules must leave alone."""

from __future__ import annotations

import pytest
from test_quotes_forms import expect_form
from test_quotes_forms import pipe as pipe  # noqa: PLC0414  the module-scoped fixture, re-exported

pytestmark = pytest.mark.model

FORMS = [
    # a scare quote or title inside a reported clause is part of it, not where it stops
    ("The governor said voters in the “Rust Belt” states would decide the race.", "decide the race",
     "voters in the “Rust Belt” states would decide the race", "said", "The governor"),
    # a quotation with its own cue nested in a relative clause leaves the clause whole
    ("The mayor said the bridge, which critics called “a waste of money that nobody wants,” would "
     "open in May.", "open in May",
     "the bridge, which critics called “a waste of money that nobody wants,” would open in May",
     "said", "The mayor"),
]

KEPT = [
    # a quotation in a side clause of its own ("saying, “...”") still ends the reported clause
    ("The report reveals that Moss spoke harshly, saying, “I am tired of this council and its "
     "endless delays.”", "spoke harshly", "Moss spoke harshly", "reveals", "The report"),
    ("The report reveals that Moss spoke harshly, saying, “I am tired of this council and its "
     "endless delays.”", "tired of this council", "I am tired of this council and its endless delays.",
     "saying", "Moss"),
]


@pytest.mark.parametrize("text,frag,content,cue,source", FORMS + KEPT)
def test_eleventh_round_forms(pipe, text, frag, content, cue, source):
    expect_form(pipe, text, frag, content, cue, source)
