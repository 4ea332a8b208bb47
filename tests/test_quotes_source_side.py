"""Source spans (issue 3 items 2 and 6): text -> expected source on invented texts.

SPANS rows: the source phrase as PolNeAR writes it keeps a defining relative clause, a name
set right after its title noun, and a hyphenated word or percent sign whole; each fails on
the extractor before this change. WHO rows: when the content lies in a relative clause of
the speaker's noun, the relative pronoun (who, which) is the source (the speaker is still resolved to
the antecedent, by its words when it is of no known kind). KEPT rows guard what must stay as it was.
"""

from __future__ import annotations

import pytest
from test_quotes_forms import find, quotes_of
from test_quotes_forms import pipe as pipe  # noqa: PLC0414  the module-scoped fixture, re-exported

pytestmark = pytest.mark.model

# (text, content fragment, source as written, speaker)
SPANS = [
    ("Fishermen who lost their boats in the storm said the harbour should stay closed.",
     "stay closed", "Fishermen who lost their boats in the storm", None),
    ("Residents who live near the pier say the repairs are too slow.",
     "too slow", "Residents who live near the pier", "Residents who live near the pier"),
    ("The harbour historian Lia Moss said the pier was built in 1890.",
     "built in 1890", "The harbour historian Lia Moss", "Lia Moss"),
    ("The maritime lawyer Tom Bale argued that the council broke its own rules.",
     "its own rules", "The maritime lawyer Tom Bale", "Tom Bale"),
    ("The co-founder of the ferry company said the boats were safe.",
     "boats were safe", "The co-founder", None),
    ("Some 42% said the pier should reopen before the summer.",
     "reopen before", "Some 42%", None),
    # a focus word before the speaker and a date hung on the speaker's noun are not the speaker
    ("Even Lia Moss said the pier was unsafe.", "pier was unsafe", "Lia Moss", "Lia Moss"),
    ("The Moss campaign on Monday said the pier would reopen.", "would reopen",
     "The Moss campaign", "Moss campaign"),
    ("A harbour poll in June found that most fishermen want the pier back.", "fishermen want",
     "A harbour poll", "A harbour poll"),
    # nor the medium of the report hung on it
    ("Lia Moss in a court filing argued that the pier was unsafe.", "pier was unsafe", "Lia Moss", "Lia Moss"),
    ("Tom Bale in his speech said the pier would reopen.", "would reopen", "Tom Bale", "Tom Bale"),
]

WHO = [
    ("Centrists who were angry about the harbour closure joined the march on Monday.",
     "harbour closure", "who", "Centrists"),
    ("Council leader Lia Moss, who was reluctant to endorse the plan, left the meeting early.",
     "the plan", "who", "Lia Moss"),
    ("Tom Bale, who has often struggled while talking about the harbour, made no comment on Monday.",
     "the harbour", "who", "Tom Bale"),
    ("The ferry union, which was reluctant to back the plan, left the talks.",
     "to back the plan", "which", "ferry union"),
]

KEPT = [
    # a clause closed by a dash before the cue: the name speaks, not the pronoun
    ("It became an issue in the race, with Lia Moss — who has called for a new pier — "
     "lambasting the council's plan.", "council's plan", "Lia Moss", "Lia Moss"),
    # the cue is the relative clause's own verb: the pronoun, as before
    ("Moss, who said the pier was unsafe, left the meeting early.", "pier was unsafe", "who", "Moss"),
    # a clause after a comma before the cue: kept with its commas by the quote extractor, as before
    ("Tom Bale, who runs the ferry, said the boats were safe.", "boats were safe",
     "Tom Bale, who runs the ferry,", "Tom Bale"),
    # "data that suggests ...": the cue's own clause stays out of the antecedent's name
    ("New data that suggests the pier is sinking alarmed the council.", "pier is sinking", "that", "New data"),
]


@pytest.mark.parametrize(("text", "frag", "source", "speaker"), SPANS + WHO + KEPT)
def test_source_span(pipe, text, frag, source, speaker):
    q = find(quotes_of(pipe, text), frag)
    assert (q.source_text, q.speaker) == (source, speaker)
