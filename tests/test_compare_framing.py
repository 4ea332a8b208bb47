"""Framing: weighted log-odds (Monroe et al. 2008), loaded words, scare quotes."""

from __future__ import annotations

import math
from collections import Counter

import pytest
from fixtures.compare.story import STORY_ARTICLES, WIRE

from newsprism.compare.framing import (
    TOP_TERMS,
    build_framing,
    loaded_words,
    log_odds_z,
    scare_quotes,
    term_counts,
)


def test_log_odds_sign_and_ordering_on_a_toy_table():
    target = {"regime": 10, "government": 1, "minister": 5, "radio": 5}
    rest = {"regime": 1, "government": 10, "minister": 5, "radio": 5}
    z = log_odds_z(target, rest)
    assert z["regime"] > 0 > z["government"]
    assert abs(z["minister"]) < 1e-9 and abs(z["radio"]) < 1e-9  # same rate, no signal
    assert z["regime"] == pytest.approx(-z["government"])  # the table is symmetric
    more = log_odds_z({**target, "regime": 20}, rest)
    assert more["regime"] > z["regime"]  # more evidence, larger z


def test_log_odds_matches_the_formula():
    target, rest = {"a": 3, "b": 1}, {"a": 1, "b": 3}
    prior = {"a": 2.0, "b": 2.0}
    a0, ni, nj = 4.0, 4.0, 4.0
    d = math.log((3 + 2) / (ni + a0 - 3 - 2)) - math.log((1 + 2) / (nj + a0 - 1 - 2))
    expected = d / math.sqrt(1 / (3 + 2) + 1 / (1 + 2))
    assert log_odds_z(target, rest, prior)["a"] == pytest.approx(expected)


def test_rare_words_are_shrunk_more_than_frequent_ones():
    # same 2:1 ratio, ten times the counts: the frequent word gets the larger z
    z = log_odds_z({"rare": 2, "common": 20, "x": 100}, {"rare": 1, "common": 10, "x": 100})
    assert z["common"] > z["rare"] > 0


def test_term_counts_bigrams_stay_inside_sentences_and_skip_stop_words():
    c = term_counts("The regime acted. Radio stations closed; the regime fell")
    assert c["regime"] == 2 and c["radio stations"] == 1 and c["stations closed"] == 1
    assert "acted radio" not in c and "the" not in c
    assert "regime fell" in c
    assert not any(t.isdigit() for t in term_counts("In 2024 there were 40 cases"))


def test_framing_surfaces_an_outlets_distinctive_word():
    framing = {f.article_id: f for f in build_framing(STORY_ARTICLES)}
    wire = framing[WIRE.id]
    assert wire.terms[0].term == "regime"
    assert wire.terms[0].score > 1.0
    assert len(wire.terms) <= TOP_TERMS
    for f in framing.values():
        assert all(t.term != "regime" for t in f.terms if f.article_id != WIRE.id)
        assert [t.score for t in f.terms] == sorted((t.score for t in f.terms), reverse=True)
    assert {"regime", "slammed", "allegedly", "so-called", "claimed"} <= set(wire.loaded)
    assert wire.scare_quotes == ["elections", "reform"]
    assert framing["a-ledger"].loaded == [] and framing["a-ledger"].scare_quotes == []


def test_single_article_has_no_terms_but_keeps_lexicon_matches():
    (f,) = build_framing([WIRE])
    assert f.terms == [] and "regime" in f.loaded


def test_loaded_words_whole_words_only():
    assert loaded_words("The regimen was crucially important.") == []
    assert loaded_words("Reportedly, the REGIME slammed critics; the regime again.") == [
        "reportedly",
        "regime",
        "slammed",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('Talks on US-"Israel" coordination continued.', ["Israel"]),
        ('The "Israel\'s" army and "Israel" again.', ["Israel"]),
        ("The so-called “peace plan” was shelved.", ["peace plan"]),
        ("They met the “Popular Front” leaders.", ["Popular Front"]),
        ('"Enough," she said.', []),
        ('He called it "unacceptable" on Monday.', []),
        ('The minister said "no" twice.', []),
        ('It sought "clarity and transparency" from allies.', []),
        ('A "four word long phrase" here.', []),
        ('He was "ready." Then "set" "go"', ["set", "go"]),
    ],
)
def test_scare_quotes(text, expected):
    assert scare_quotes(text) == expected


def test_counter_input_is_accepted():
    z = log_odds_z(Counter({"a": 2}), Counter({"b": 2}))
    assert z["a"] > 0
