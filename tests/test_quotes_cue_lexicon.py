"""Cue words added from the train misses' unknown-cue tail (issue 3 item 6, cue lexicon):
text -> expected on invented sentences. Each FORMS row: text, content fragment, expected
content, cue as written, source as written, stance; every one fails on the lexicon before
this round. NONE rows are texts that must yield no attribution."""

from __future__ import annotations

import pytest
from test_quotes_forms import find, quotes_of
from test_quotes_forms import pipe as pipe  # noqa: PLC0414  the module-scoped fixture, re-exported

pytestmark = pytest.mark.model

FORMS = [
    # evidential and evaluative verbs whose object is their content
    ("Moss interpreted the vote as a warning to the council.", "vote",
     "the vote as a warning to the council", "interpreted", "Moss", "neutral"),
    ("The council attributed the delay to the storm.", "delay", "the delay to the storm", "attributed",
     "The council", "neutral"),
    ("Moss framed the pier repairs as a matter of safety.", "repairs",
     "the pier repairs as a matter of safety", "framed", "Moss", "neutral"),
    ("Moss forecast a busy summer for the harbour.", "summer", "a busy summer for the harbour",
     "forecast", "Moss", "neutral"),
    ("Moss downplayed the risk of another flood.", "risk", "the risk of another flood", "downplayed",
     "Moss", "assertive"),
    ("Bale disparaged the council's new ferry timetable.", "timetable",
     "the council's new ferry timetable", "disparaged", "Bale", "assertive"),
    ("Moss lauded the divers for their quick work.", "divers", "the divers for their quick work",
     "lauded", "Moss", "assertive"),
    ("Moss professed ignorance of the new fees.", "ignorance", "ignorance of the new fees", "professed",
     "Moss", "doubting"),
    ("The fishermen foresee a hard winter.", "winter", "a hard winter", "foresee", "The fishermen",
     "belief"),
    ("The council is mulling a rise in the harbour fees.", "rise", "a rise in the harbour fees",
     "is mulling", "The council", "belief"),
    ("Bale belittled the council's repair plan.", "plan", "the council's repair plan", "belittled",
     "Bale", "assertive"),
    ("The council renounced the old ferry contract.", "contract", "the old ferry contract", "renounced",
     "The council", "position"),
    ("Bale castigated the council for the late repairs.", "repairs", "the council for the late repairs",
     "castigated", "Bale", "assertive"),
    # known with a that-clause before, now with its stance
    ("Moss opined that the pier was beyond repair.", "pier", "the pier was beyond repair", "opined",
     "Moss", "neutral"),
    # an infinitive after the object
    ("Bale exhorted the fishermen to stay calm.", "calm", "to stay calm", "exhorted", "Bale",
     "assertive"),
    # phrasal cues: the particle or preposition belongs to the cue
    ("Moss disagreed with the council on the pier.", "council", "the council on the pier",
     "disagreed with", "Moss", "position"),
    ("Moss sparred with Bale over the ferry fees.", "fees", "Bale over the ferry fees", "sparred with",
     "Moss", "neutral"),
    ("Bale brushed off the criticism of his pier plan.", "criticism", "the criticism of his pier plan",
     "brushed off", "Bale", "assertive"),
    ("The council acquiesced to the fishermen's demands.", "demands", "the fishermen's demands",
     "acquiesced to", "The council", "position"),
    ("The council reneged on its promise of a new pier.", "promise", "its promise of a new pier",
     "reneged on", "The council", "position"),
    ("Moss spelled out her plan for the pier.", "plan", "her plan for the pier", "spelled out", "Moss",
     "neutral"),
    ("The governor vetoed the harbour budget.", "budget", "the harbour budget", "vetoed", "The governor",
     "position"),
    # cue nouns with a possessive source
    ("Moss's assumption that the pier would hold proved wrong.", "hold", "the pier would hold",
     "assumption", "Moss's", "belief"),
    ("Bale's opinion of the plan is well known.", "plan", "the plan", "opinion of", "Bale's", "neutral"),
    ("Bale's critique of the budget was sharp.", "budget", "the budget", "critique of", "Bale's",
     "assertive"),
    # attitude adjectives with a copula
    ("Moss was glad that the ferry was back.", "ferry", "the ferry was back", "was glad", "Moss",
     "belief"),
    ("Bale is wary of the council's plan.", "plan", "the council's plan", "is wary of", "Bale", "belief"),
    ("Bale is fond of the old harbour.", "harbour", "the old harbour", "is fond of", "Bale", "belief"),
    ("Moss was unaware of the new fees.", "fees", "the new fees", "was unaware of", "Moss", "belief"),
]

# the new particle verbs count only with their particle, "frame" only with an as-phrase,
# "float" not with an object
NONE = [
    "Moss brushed her hair.",
    "The fishermen disagreed.",
    "The crew framed the photo.",
    "The boat was floated off the rocks.",
    "The fishermen reneged.",
]


@pytest.mark.parametrize("text,frag,content,cue,source,stance", FORMS)
def test_cue_lexicon_forms(pipe, text, frag, content, cue, source, stance):
    q = find(quotes_of(pipe, text), frag)
    assert (q.text, q.cue, q.source_text, q.cue_stance) == (content, cue, source, stance)


@pytest.mark.parametrize("text", NONE)
def test_cue_lexicon_no_attribution(pipe, text):
    assert quotes_of(pipe, text) == []
