"""Attribution forms added in the seventh PolNeAR round (issue 3 item 6): text -> expected on
invented sentences. Each FORMS row: text, content fragment, expected content, cue as written,
source as written; every one fails on the sixth round's extractor (no quote, or another span).
KEPT rows guard what the new rules must leave alone."""

from __future__ import annotations

import pytest
from test_quotes_forms import (  # quotes_of checks every span slices back
    expect_form,
    quotes_of,
)
from test_quotes_forms import pipe as pipe  # noqa: PLC0414  the module-scoped fixture, re-exported

pytestmark = pytest.mark.model

FORMS = [
    # a reporting verb hung on the clause it reports as an adverbial ("as X noted", "X reported")
    ("As the Gazette noted, trust in the council is collapsing across the county.",
     "trust in the council", "trust in the council is collapsing across the county", "noted",
     "the Gazette"),
    ("The ferry deficit will end this year, sooner than expected, the county budget office reported on "
     "Tuesday.", "ferry deficit", "The ferry deficit will end this year", "reported", "the county budget office"),
    ("The mayor's defeat won't necessarily end her career, as some have speculated.",
     "defeat", "The mayor's defeat won't necessarily end her career", "have speculated", "some"),
    # a possessed attack names its target as content
    ("Tom Bale's attacks on the harbour board were unusually personal.", "harbour board",
     "the harbour board", "attacks on", "Tom Bale's"),
    # a relative pronoun subject of a passive cue with an agent is what was claimed
    ("Security worries grew after the fires at the docks, which were claimed by a local gang.",
     "which", "which", "were claimed by", "a local gang"),
    # an object runs on through a participle the parser hung on the verb
    ("Lia Moss complained about the council ignoring the fishermen for years.", "the council",
     "the council ignoring the fishermen for years", "complained about", "Lia Moss"),
    # "call for X to V": the preposition read as the clause's mark
    ("Lia Moss also called for all candidates to publish their plans for the harbour.",
     "all candidates", "all candidates to publish their plans for the harbour", "also called for",
     "Lia Moss"),
    # a passive participle with an agent reports the noun it modifies
    ("The harbour bill, opposed by the fishermen's union, never became law.", "harbour bill",
     "The harbour bill", "opposed", "the fishermen's union"),
]

# Texts the seventh-round rules must leave alone: (text, fragment, cue); None: no quote at all.
KEPT = [
    # an adverbial clause with another mark, or with its own object, reports nothing of its host
    ("The harbour closed when the divers finished their checks.", None, None),
    ("The ferry left early because the captain saw the storm.", "storm", "saw"),
    # a participle after a comma is a clause of its own ("praised X, citing Y")
    ("The union praised the mayor for her plan, citing the new jobs.", "new jobs", "citing"),
    # a participle on a noun without an agent
    ("The harbour bill, opposed in the spring, never became law.", None, None),
]


@pytest.mark.parametrize("text,frag,content,cue,source", FORMS)
def test_seventh_round_forms(pipe, text, frag, content, cue, source):
    expect_form(pipe, text, frag, content, cue, source)


@pytest.mark.parametrize("text,frag,cue", KEPT)
def test_seventh_round_rules_leave_these_alone(pipe, text, frag, cue):
    qs = quotes_of(pipe, text)
    if frag is None:
        assert qs == []
    else:
        assert all(q.cue == cue for q in qs if frag in q.text) or not any(frag in q.text for q in qs)
