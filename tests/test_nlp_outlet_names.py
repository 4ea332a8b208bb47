"""Outlets the gazetteer does not know: masthead names, store-known names, self-citations."""

from __future__ import annotations

import pytest

from newsprism.compare.text import outlet_name_key
from newsprism.models import Article


@pytest.fixture(scope="module")
def pipe():
    from newsprism.nlp import NlpPipeline

    return NlpPipeline()


def cited(pipe, text: str) -> list[tuple[str, str]]:
    an = pipe.analyze([Article(id="a1", title="t", text=text)])[0]
    return [(c.cited, c.cue) for c in an.citations]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("According to Harwick Wire, the dam held overnight.", [("Harwick Wire", "according to")]),
        ("Harwick Wire reported that the dam held overnight.", [("Harwick Wire", "reported")]),
        ("The mayor told the Lenskaya Ledger that the dam held.", [("Lenskaya Ledger", "told")]),
        ("Senator John Post said the dam held.", []),  # a surname, not a masthead
        ("White House Press Secretary Ana Ruiz said the dam held.", []),
    ],
)
def test_masthead_names_are_outlets(pipe, text: str, expected: list[tuple[str, str]]) -> None:
    assert cited(pipe, text) == expected


@pytest.mark.model
def test_outlets_known_to_the_store_are_recognised(pipe) -> None:
    text = "The dam held overnight, Valley Signal reported."
    before = cited(pipe, text)
    assert pipe.add_outlets(["The Valley Signal", "Valley Signal"]) == 1  # one new name, "The" folded
    assert cited(pipe, text) == [("Valley Signal", "reported")]
    assert before == []


@pytest.mark.parametrize(
    ("a", "b"), [("The Estmark Ledger", "Estmark Ledger"), ("the  Times-Union", "Times Union")]
)
def test_outlet_name_key_folds_the_and_punctuation(a: str, b: str) -> None:
    assert outlet_name_key(a) == outlet_name_key(b)
    assert outlet_name_key(None) == ""
