"""Cue phrases with a verb of phase before the cue's "to" ("went on to say", "continued to
insist"): the whole phrase is the cue, as PolNeAR marks it (cue exact F1 on cached parses:
train 0.6705 -> 0.6724, dev 0.7160 -> 0.7184; relations unchanged). The parser hangs the
cue on the phase verb as xcomp or advcl; both are read."""

from __future__ import annotations

import pytest
from test_quotes_forms import expect_form
from test_quotes_forms import pipe as pipe  # noqa: PLC0414  the module-scoped fixture, re-exported

FORMS = [
    ("The harbour report went on to say that the pier would reopen in May.", "pier",
     "the pier would reopen in May", "went on to say", "The harbour report"),
    ("Officials continued to insist that the ferry plan was sound.", "ferry",
     "the ferry plan was sound", "continued to insist", "Officials"),
    ("Mayor Lia Moss began to explain that the bridge was shut for repairs.", "bridge",
     "the bridge was shut for repairs", "began to explain", "Mayor Lia Moss"),
    # a plain cue is unchanged
    ("Mayor Lia Moss said that the bridge was shut for repairs.", "bridge",
     "the bridge was shut for repairs", "said", "Mayor Lia Moss"),
]


@pytest.mark.parametrize("text,frag,content,cue,source", FORMS)
def test_phase_verb_is_part_of_the_cue(pipe, text, frag, content, cue, source):
    expect_form(pipe, text, frag, content, cue, source)
