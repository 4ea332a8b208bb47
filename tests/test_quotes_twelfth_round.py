"""Source choices changed in the twelfth PolNeAR round (issue 3 item 6): text -> expected on
invented texts; each fails on the eleventh round's extractor. Where the small model parses a
short invented sentence better than the long news sentences it misreads, the misparse is
reproduced by re-hanging tokens (``_rehang``)."""

from __future__ import annotations

import pytest
from test_quotes_eleventh_round import _rehang
from test_quotes_forms import pipe as pipe  # noqa: PLC0414  the module-scoped fixture, re-exported

from newsprism.nlp.quotes import extract_quotes

pytestmark = pytest.mark.model


def _quote(pipe, text: str, cue: str, changes=None):
    doc = next(iter(pipe.runner.pipe([text], 1)))
    if changes:
        doc = _rehang(doc, changes(doc))
    return next(q for q in extract_quotes(doc, "t1") if q.cue == cue)


def _i(doc, word: str) -> int:
    return next(t.i for t in doc if t.text == word)


def test_inverted_name_hung_on_a_later_clause(pipe):
    # '“...,” said Lia Moss, who served ... yet endorsed Bale': the parser made "Moss" the
    # subject of "endorsed"; she is still the one who said it
    text = ("“The harbour needs one or two big ideas,” said Lia Moss, who served as harbour master "
            "for ten years yet endorsed Bale in the primary.")
    q = _quote(pipe, text, "said", lambda d: {_i(d, "Moss"): (_i(d, "endorsed"), "nsubj"),
                                            _i(d, "endorsed"): (_i(d, "said"), "ccomp")})
    assert q.text == "The harbour needs one or two big ideas"
    assert q.source_text.startswith("Lia Moss")
