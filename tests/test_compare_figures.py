"""Figure, time, polarity and spelling conflicts a journalist would trust: each case is a
false conflict the older rules made (invented texts only), next to a real one they keep."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsprism.compare.facts import build_facts
from newsprism.compare.slots import _polarity, spelling_conflicts, time_conflicts
from newsprism.models import Article, Entity

WED = datetime(2025, 3, 12, 17, 0, tzinfo=UTC)


def _art(i: str, outlet: str, text: str) -> Article:
    return Article(id=i, outlet=outlet, title="t", text=text, published=WED)


def _kinds(one: str, two: str) -> tuple[list, list]:
    facts = build_facts([_art("a1", "One", one), _art("a2", "Two", two)], {}, embedder=None)
    return (
        [f for f in facts if f.kind == "consensus"],
        [(f.topic, [v.value for v in f.values]) for f in facts if f.kind == "conflict"],
    )


@pytest.mark.parametrize(
    "one, two",
    [
        # the other outlet's figure is in the sentence too: same values, not a conflict
        (
            "The Kestrel Greens picked up just six seats in the harbour council vote and now hold 19 seats.",
            "The Kestrel Greens picked up just six seats in the harbour council vote on Sunday.",
        ),
        # "compared to 47": the number without its noun is the other outlet's figure
        (
            "Harbour police made six arrests in Kestrel on Wednesday, compared to 47 the night before.",
            "Harbour police made 47 arrests in Kestrel overnight, the harbour police said.",
        ),
        # "Sept. 11" is a date, not eleven hijackers
        (
            "Fifteen of the 19 Sept. 11 hijackers were citizens of Norvania, the harbour report said.",
            "Fifteen of the 19 hijackers were citizens of Norvania, the harbour report said.",
        ),
        # the hedge stands before the currency sign: "more than $1 million" holds $1.1 million
        (
            "The Kestrel Gazette estimated the harbour council reading cost more than $1 million in all.",
            "The Kestrel Gazette estimated the harbour council reading cost $1.1 million in all.",
        ),
        # a figure written to fewer decimals agrees with the longer one
        (
            "The Lind family's federal tax rate for last year was 35.7 percent, the harbour returns show.",
            "The Lind family's federal tax rate for last year was 35.72, and 45.8 percent with city taxes.",
        ),
        # income and taxes are different money: the words next to the figures differ
        (
            "Harbour tax returns show the Lind family earned $139 million in gross income since 2007.",
            "Harbour tax returns show the Lind family paid $43 million in federal taxes since 2007.",
        ),
        # different years are different figures
        (
            "Ada Lind earned about $30 million from harbour speeches and books in 2014, filings show.",
            "Ada Lind earned $9.68 million from harbour speeches and books in 2013, filings show.",
        ),
        # a span against named years: different periods, so different money
        (
            "Filings show the Lind family earned $140,937,785 over the eight-year span from harbour books and talks.",
            "Filings show the Lind family earned nearly $20 million between 2011 and 2014 from harbour books and talks.",
        ),
        # a yearly rate against a sum over years
        (
            "The Kestrel harbour contract pays Vess Marine $400,000 a year, the council said.",
            "The Kestrel harbour contract pays Vess Marine $1.6 million over four years, the council said.",
        ),
        # a range of years is not one year
        (
            "Ada Lind sat on the harbour council from 2010 to 2013, filings show.",
            "Ada Lind sat on the harbour council from 2011 to 2013, filings show.",
        ),
        # a year said of the report ("said in 2019") is not the clause's year
        (
            "Ada Lind has led the harbour council since 2002, the Kestrel Gazette said.",
            "Ada Lind has led the harbour council since 2002, the Kestrel Gazette said in 2019.",
        ),
        # different words before the years: different things dated
        (
            "Ada Lind joined the harbour council in 2002 and was re-elected twice, filings show.",
            "Ada Lind was re-elected to the harbour council in 2010 and twice more, filings show.",
        ),
        # figures inside quotation marks are the speakers' (a quote conflict, not a figure one)
        (
            '"Lind has cut $716 million from the harbour fund," the Kestrel council advert says.',
            '"Vess would cut $882 million from the harbour fund," the Kestrel council advert says.',
        ),
    ],
)
def test_figures_that_are_no_conflict(one, two):
    consensus, conflicts = _kinds(one, two)
    assert consensus  # the two sentences are aligned, so the figures were compared
    assert conflicts == []


def test_money_conflict_keeps_the_hedge_and_the_sign():
    _, conflicts = _kinds(
        "Harbour tax returns show the Lind family earned $139 million in gross income since 2007.",
        "Harbour tax returns show the Lind family earned nearly $100 million in gross income since 2007.",
    )
    assert conflicts == [("dollars", ["$139 million", "nearly $100 million"])]
    _, conflicts = _kinds(
        "Harbour police made six arrests in Kestrel on Wednesday night, police said.",
        "Harbour police made 47 arrests in Kestrel on Wednesday night, police said.",
    )
    assert conflicts == [("arrests", ["six arrests", "47 arrests"])]
    _, conflicts = _kinds(  # "maybe" is no month: its figure is a count
        "Harbour police said maybe 20 boats were damaged in Kestrel on Wednesday night.",
        "Harbour police said maybe 60 boats were damaged in Kestrel on Wednesday night.",
    )
    assert conflicts == [("boats", ["20 boats", "60 boats"])]


def test_someone_who_began_doing_something_is_no_outbreak():
    a = _art("a1", "One", "Harbour unions began urging members to sign up on Monday for rallies.")
    b = _art("a2", "Two", "Harbour unions began stepping up their calls on Sunday night.")
    assert time_conflicts([a, b], {}) == []
    c = _art("a3", "Three", "The fire began on Sunday night in the tank farm.")
    d = _art("a4", "Four", "The fire broke out on Monday morning in the tank farm.")
    assert [f.topic for f in time_conflicts([c, d], {})] == ["when the fire broke out"]


def test_a_reversal_or_a_plan_is_no_plain_polarity():
    assert _polarity("Lind reversed the council's decision to start allowing imports.", "allow") is None
    assert _polarity("Lind had a change of heart on his decision to lift the ban on imports.", "allow") is None
    assert _polarity("The council banned imports on Monday.", "allow") == (False, "banned")
    assert _polarity("The council did not allow imports on Monday.", "allow") == (False, "did not allow")


def test_accents_and_a_family_plural_are_no_misspelling():
    ent = Entity(
        id="e1", name="Felipe Calderón", type="PERSON",
        aliases=["Felipe Calderon", "Calderons", "Felipe Calderin"], articles=["a1", "a2"],
    )  # fmt: skip
    a = _art("a1", "One", "Felipe Calderón spoke in Kestrel. The Calderóns left on Monday.")
    b = _art("a2", "Two", "Felipe Calderon spoke in Kestrel. The Calderons left on Monday.")
    assert spelling_conflicts([a, b], {}, [ent]) == []
    c = _art("a3", "Three", "Felipe Calderin spoke in Kestrel on Monday.")
    (f,) = spelling_conflicts([a, c], {}, [ent])
    assert [v.value for v in f.values] == ["Felipe Calderón", "Felipe Calderin"]


def _people(roles: dict[str, list[str]] | None = None, *names: str) -> list[Entity]:
    """PERSON entities of article a1 ("Ada Lind" also "Lind"; ``roles`` are hers)."""
    lind = Entity(id="e0", name="Ada Lind", type="PERSON", aliases=["Lind"], articles=["a1"],
                  roles=roles or {})  # fmt: skip
    return [lind] + [
        Entity(id=f"e{k}", name=n, type="PERSON", articles=["a1"]) for k, n in enumerate(names, 1)
    ]


def _roles(text: str, ents: list[Entity]) -> set[tuple[str, str]]:
    from newsprism.compare.cast import build_cast

    a = Article(id="a1", outlet="One", title="t", text=text)
    return {(m.name, r.role) for m in build_cast([a], {}, ents) for r in m.roles}


def test_cast_roles_are_roles_and_a_service_is_no_person():
    from newsprism.compare.cast import organisations

    text = (
        "Senator Ada Lind argued on Twitter, asking people to sign a petition. Lind wrote on Twitter.\n"
        "Tom Vess, briefing reporters after the vote, left. Ola Berg, a managing editor, spoke.\n"
        "The vote was held at the Capitol. Speaker Ada Lind closed it. But Speaker Ada Lind left.\n"
        "NOW President Ola Berg spoke."
    )
    ents = _people(None, "Twitter", "Tom Vess", "Ola Berg")
    assert organisations([Article(id="a1", title="t", text=text)], ents) == {"e1"}
    took = Article(id="a1", title="t", text="Later Ada Lind took to Fakebook to push back.")
    assert organisations([took], _people(None, "Fakebook")) == {"e1"}
    # an honorific or a title marks a person, whatever else the words say
    sen = Article(id="a1", title="t", text=text + "\nSen. Twitter spoke.")
    assert organisations([sen], ents) == set()
    assert _roles(text, ents) == {
        ("Ada Lind", "Senator"), ("Ada Lind", "Speaker"), ("Ola Berg", "managing editor"),
        ("Ola Berg", "NOW President"),
    }  # fmt: skip


def test_cast_skips_someone_elses_role_and_the_next_name_of_a_list():
    text = (
        "Rivals include former Harbour Chairwoman Ada Lind, longtime Kestrel official Tom Vess, and others.\n"
        "Ola Berg, a spokeswoman for Speaker Ada Lind, declined to comment.\n"
        "Lind, but the former speaker's campaign did not say so, left.\n"
        "Kestrel Union for Women President Una Falk spoke."
    )
    ents = _people({"a1": ["spokeswoman for Speaker"]}, "Tom Vess", "Ola Berg", "Una Falk")
    assert _roles(text, ents) == {
        ("Ada Lind", "Harbour Chairwoman"), ("Ada Lind", "Speaker"),
        ("Ola Berg", "spokeswoman for Speaker Ada Lind"),
        ("Una Falk", "Kestrel Union for Women President"),
    }  # fmt: skip


@pytest.mark.parametrize(
    "one, two, expected",
    [
        (
            "The Kestrel harbour contract pays Vess Marine $400,000 a year, the council said.",
            "The Kestrel harbour contract pays Vess Marine $900,000 a year, the council said.",
            ("dollars", ["$400,000", "$900,000"]),
        ),
        (  # "in a year" is no rate: the sums are still compared
            "Vess Marine earned $2 million from the Kestrel harbour, its best in a year, filings show.",
            "Vess Marine earned $5 million from the Kestrel harbour, its best in a year, filings show.",
            ("dollars", ["$2 million", "$5 million"]),
        ),
        (  # the same clause dated to different years
            "Ada Lind has led the harbour Democrats since 2002, the Kestrel Gazette said.",
            "Ada Lind has led the harbour Democrats since 2003, and that is the council's problem.",
            ("year", ["since 2002", "since 2003"]),
        ),
    ],
)
def test_figures_over_one_period_and_years_of_one_clause_conflict(one, two, expected):
    _, conflicts = _kinds(one, two)
    assert conflicts == [expected]


def _named(one: str, two: str, people: list[tuple[str, list[str], list[str]]]) -> list:
    """Conflicts of topic "person named" between two outlets' articles; ``people`` as
    (name, aliases, article ids) of PERSON entities."""
    ents = [
        Entity(id=f"p{k}", name=n, type="PERSON", aliases=al, articles=arts)
        for k, (n, al, arts) in enumerate(people)
    ]
    facts = build_facts([_art("a1", "One", one), _art("a2", "Two", two)], {}, ents, embedder=None)
    return [[v.value for v in f.values] for f in facts if f.topic == "person named"]


RACE_ONE = "Rep. Lorna Vasquez won the race for vice chair of the harbour caucus, defeating fellow Kestrel member Ada Lind."
RACE_TWO = "Representative Lina T. Vásquez of Kestrel won the race for vice chair of the harbour caucus, defeating Ada Lind."


def test_aligned_sentences_naming_different_people_of_one_surname_conflict():
    people = [("Lorna Vasquez", [], ["a1"]), ("Lina T. Vásquez", [], ["a2"]), ("Ada Lind", [], ["a1", "a2"])]
    assert _named(RACE_ONE, RACE_TWO, people) == [["Lorna Vasquez", "Lina T. Vásquez"]]


@pytest.mark.parametrize(
    "one, two, people",
    [
        # each article names both: two people of one family, not a wrong name
        (RACE_ONE, RACE_TWO, [("Lorna Vasquez", [], ["a1", "a2"]), ("Lina T. Vásquez", [], ["a1", "a2"])]),
        # one name holds the other's words: a person who goes by a middle name
        (
            RACE_ONE.replace("Lorna Vasquez", "Todd Vasquez"),
            RACE_TWO.replace("Lina T. Vásquez", "Byron Todd Vasquez"),
            [("Todd Vasquez", [], ["a1"]), ("Byron Todd Vasquez", [], ["a2"])],
        ),
    ],
)
def test_family_members_and_fuller_names_are_no_name_conflict(one, two, people):
    assert _named(one, two, people) == []
