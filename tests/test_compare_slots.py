"""Slot-by-slot conflicts: titles, spellings, hedged counts, durations, relative times,
independence of re-reported agreements and omissions (invented texts only)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsprism.compare.facts import build_facts
from newsprism.compare.slots import (
    clean_title,
    quantity_conflicts,
    slot_conflicts,
    spelling_conflicts,
    time_conflicts,
    time_interval,
    title_conflicts,
    titles_compatible,
    value_interval,
)
from newsprism.models import Article, Citation, Entity, Span

WED = datetime(2025, 3, 12, 17, 0, tzinfo=UTC)


def _art(i: str, outlet: str, text: str, published: datetime | None = WED) -> Article:
    return Article(id=i, outlet=outlet, title="t", text=text, published=published)


def test_titles_compatible_by_containment_and_synonyms():
    assert titles_compatible("Minister", "Environment Minister")
    assert titles_compatible("Defence Minister", "Defense Minister")
    assert titles_compatible("Israeli Defense Minister", "Defense Minister")
    assert not titles_compatible("Security Minister", "Defense Minister")
    assert not titles_compatible("Environment Minister", "Deputy Interior Minister")
    assert not titles_compatible("Chief Fire Officer", "Deputy Fire Chief")
    assert titles_compatible("chief executive", "boss")  # the tabloid's word, not a conflict


@pytest.mark.parametrize(
    "a, b, ok",
    [
        ("Sen.", "Senator", True),  # an abbreviation is the same title
        ("former Rep.", "Representative", True),
        ("Gen.", "General", True),
        ("Lt. Gov.", "Lieutenant Governor", True),
        ("Congresswoman", "Rep.", True),
        ("Senator", "Senate Majority Leader", True),  # a member holds the chamber's offices
        ("Representative", "Speaker", True),
        ("Rep.", "Chairwoman", True),
        ("Senator", "House Speaker", False),  # not across chambers
        ("Rep.", "Senate Minority Leader", False),
        ("Senator", "Governor", False),
        ("Sen.", "Rep.", False),
        ("Senate Democratic Leader", "Senate Minority Leader", True),  # one office, two names
        ("Senate Democratic Leader", "House Minority Leader", False),
        ("NPC Chairman", "National Planning Council Chairman", True),  # an initialism
        ("NPC Chairman", "National Ports Authority Chairman", False),
        ("Harbour GOP Chairman", "Harbour Republican Party Chairman", True),
        ("White House Press Secretary", "White House spokeswoman", True),
    ],
)
def test_titles_compatible_across_abbreviations_chambers_and_initialisms(a, b, ok):
    assert titles_compatible(a, b) is ok
    assert titles_compatible(b, a) is ok


@pytest.mark.parametrize(
    "title, clean",
    [
        ("If Judge", "Judge"),
        ("But Representative", "Representative"),
        ("Two of Judge", "Judge"),
        ("spokesperson for Governor", "Governor"),  # the complement's title is the name's
        ("Valdmark of Rep.", "Rep."),
        ("Chief of Staff Lt. Gen.", "Chief of Staff Lt. Gen."),  # "Staff" is no title head
        ("Minister for Strategic Affairs", "Minister for Strategic Affairs"),
        ("NPC President", "NPC President"),  # an initialism is no function word
        ("former Sen.", "former Sen."),
    ],
)
def test_clean_title(title, clean):
    assert clean_title(title) == clean


def test_no_title_conflict_from_abbreviations_past_titles_or_a_longer_name():
    a = _art("a1", "One", "Sen. Ada Lind spoke first. Senate Majority Leader Ada Lind agreed.")
    b = _art("a2", "Two", "Senator Ada Lind said the port would reopen. Speaker Per Lind Ek agreed.")
    c = _art("a3", "Three", "Two years ago, then-Governor Ada Lind closed the port.")
    ent = Entity(id="e", name="Ada Lind", type="PERSON", aliases=["Lind"], roles={"a1": ["Sen."]})
    assert title_conflicts([a, b, c], {}, [ent]) == []
    # a real difference still conflicts
    d = _art("a4", "Four", "Governor Ada Lind said the port would reopen.")
    facts = title_conflicts([a, b, d], {}, [ent])
    assert [(v.outlet, v.value) for v in facts[0].values] == [
        ("One", "Senate Majority Leader"), ("Two", "Senator"), ("Four", "Governor")
    ]  # fmt: skip
    # a title the nlp layer read without its "then-" is past too
    roles = Entity(id="e", name="Ada Lind", type="PERSON", roles={"a3": ["Governor"]})
    assert title_conflicts([b, c], {}, [roles]) == []


def test_hedge_intervals():
    assert value_interval(None, 200) == (200, 200)
    assert value_interval("about", 200) == pytest.approx((170, 230))
    assert value_interval("nearly", 50) == pytest.approx((42.5, 50))
    lo, hi = value_interval("more than", 100)
    assert 100 < lo and hi == pytest.approx(150)


def test_title_conflict_from_text_and_roles():
    a = _art("a1", "One", "Harbour Minister Ada Lind ordered the port closed on Monday.")
    b = _art("a2", "Two", "Transport Minister Ada Lind closed the port on Monday, officials said.")
    c = _art("a3", "Three", "Minister Ada Lind said the port would reopen soon.")
    ent = Entity(
        id="e", name="Ada Lind", type="PERSON", aliases=["Lind"], roles={"a3": ["Minister"]}
    )
    facts = title_conflicts([a, b, c], {}, [ent])
    assert len(facts) == 1
    f = facts[0]
    assert f.kind == "conflict" and f.topic == "Ada Lind's title"
    assert [(v.outlet, v.value) for v in f.values] == [
        ("One", "Harbour Minister"),
        ("Two", "Transport Minister"),
        ("Three", "Minister"),
    ]
    same = _art("a2", "Two", "Harbour Minister Ada Lind closed the port on Monday.")
    assert title_conflicts([a, same, c], {}, [ent]) == []


def test_spelling_conflict_only_when_an_outlet_writes_the_variant():
    a = _art("a1", "One", "Ada Lindqvist closed the port.")
    b = _art("a2", "Two", "Ada Lindkvist closed the port on Monday.")
    ent = Entity(
        id="e", name="Ada Lindqvist", type="PERSON", aliases=["Ada Lindkvist", "Lindkvist"]
    )
    f = spelling_conflicts([a, b], {}, [ent])
    assert [(v.outlet, v.value) for v in f[0].values] == [
        ("One", "Ada Lindqvist"),
        ("Two", "Ada Lindkvist"),
    ]
    assert (
        spelling_conflicts([a, a.model_copy(update={"id": "a3", "outlet": "Three"})], {}, [ent])
        == []
    )
    # a family's plural is no spelling of the name
    fam = Entity(id="f", name="Ada Lindqvist", type="PERSON", aliases=["Lindqvists"])
    c = _art("a3", "Three", "The Lindqvists closed the port.")
    assert spelling_conflicts([a, c], {}, [fam]) == []


def test_counts_of_one_event_with_hedges():
    a = _art("a1", "One", "About 2,400 residents were evacuated from the district overnight.")
    b = _art("a2", "Two", "Some 2,300 people were evacuated from the district.")
    c = _art("a3", "Three", "Around 1,200 residents were asked to leave their homes.")
    assert quantity_conflicts([a, b], {}) == []  # hedged and within 15 %
    f = quantity_conflicts([a, b, c], {})
    assert len(f) == 1 and f[0].topic == "people evacuated"
    assert [v.value for v in f[0].values] == [
        "About 2,400 residents",
        "Some 2,300 people",
        "Around 1,200 residents",
    ]
    # different events are different slots: treated is not evacuated
    d = _art(
        "a4",
        "Four",
        "Nine people were treated for smoke inhalation, and 2,400 people were evacuated.",
    )
    assert [x.topic for x in quantity_conflicts([a, d], {})] == []


def test_durations_normalised_to_days():
    a = _art("a1", "One", "The two leaders have not spoken in nearly 50 days.")
    b = _art("a2", "Two", "It is the first call between the leaders in two months.")
    c = _art("a3", "Three", "The leaders had not spoken in about seven weeks.")
    f = quantity_conflicts([a, b], {})
    assert f and f[0].topic == "days since the leaders last spoke"
    assert [v.value for v in f[0].values] == ["nearly 50 days", "two months"]
    assert quantity_conflicts([a, c], {}) == []  # 49 days, hedged: compatible


def test_relative_times_resolved_against_publication():
    lo, hi, phrase = time_interval("broke out late on Tuesday, March 11", WED)
    assert (lo, hi) == (datetime(2025, 3, 11, 18), datetime(2025, 3, 12, 0)) and "Tuesday" in phrase
    lo, _, _ = time_interval("broke out in the early hours of Wednesday", WED)
    assert lo == datetime(2025, 3, 12, 0)
    lo, hi, phrase = time_interval("started around 10 p.m. on Tuesday", WED)
    assert (lo, hi) == (datetime(2025, 3, 11, 21, 30), datetime(2025, 3, 11, 22, 30))
    assert phrase == "around 10 p.m. on Tuesday"
    thu = datetime(2025, 3, 13, 9, 0, tzinfo=UTC)
    lo, _, _ = time_interval("after a fire on Wednesday morning", thu)
    assert lo == datetime(2025, 3, 12, 6)
    lo, _, _ = time_interval("in a call last Wednesday", WED)  # "last": the week before
    assert lo == datetime(2025, 3, 5)
    assert time_interval("broke out on Tuesday", None) is None  # no date to resolve against


def test_time_conflict_and_compatible_times():
    a = _art("a1", "One", "The fire broke out shortly after 11:40 p.m. on Tuesday.")
    b = _art("a2", "Two", "A fire broke out at the depot late on Tuesday, March 11.")
    c = _art("a3", "Three", "The fire started around 10 p.m. on Tuesday, residents say.")
    assert time_conflicts([a, b], {}) == []
    f = time_conflicts([a, b, c], {})
    assert len(f) == 1 and f[0].topic == "when the fire broke out"
    assert [v.value for v in f[0].values][-1] == "around 10 p.m. on Tuesday"


def test_conflicting_statements_never_make_an_agreement():
    a = _art(
        "a1",
        "One",
        "The fire at the Kestrel depot broke out around 10 p.m. on Tuesday, the fire service said.",
    )
    b = _art(
        "a2",
        "Two",
        "The fire at the Kestrel depot broke out in the early hours of Wednesday, the fire service said.",
    )
    facts = build_facts([a, b], {}, embedder=None)
    assert not [f for f in facts if f.kind == "consensus"]
    assert [f.topic for f in facts if f.kind == "conflict"] == ["when the fire broke out"]


def _cite(aid: str, text: str, cited: str) -> Citation:
    i = text.index(cited)
    return Citation(
        article_id=aid,
        cited=cited,
        cue="reported",
        span=Span(start=i, end=i + len(cited)),
        sentence=text,
    )


def _relayed_by_two(s1: str, s2: str, s3: str, third_cites: str) -> tuple[list[Article], list[Citation]]:
    """Harbour Post says s1; Daily Two relays it (s2); Three Times (s3) cites ``third_cites``."""
    arts = [_art("a1", "Harbour Post", s1), _art("a2", "Daily Two", s2), _art("a3", "Three Times", s3)]
    return arts, [_cite("a2", s2, "Harbour Post"), _cite("a3", s3, third_cites)]


def test_relayed_agreement_is_not_independent():
    s1 = "Port director Ada Lind closed the Kestrel container terminal on Monday after the strike."
    s2 = "Harbour Post reported that port director Ada Lind closed the Kestrel container terminal on Monday."
    s3 = "Meridian said port director Ada Lind closed the Kestrel container terminal on Monday."
    arts, cites = _relayed_by_two(s1, s2, s3, "Meridian")
    facts = build_facts(arts, {}, citations=cites, embedder=None)
    f = next(f for f in facts if f.kind == "consensus")
    # Harbour Post itself + the Meridian upstream; Daily Two relays Harbour Post
    assert len(f.articles) == 3 and f.independent == 2
    plain = build_facts(arts, {}, citations=[], embedder=None)
    assert next(f for f in plain if f.kind == "consensus").independent == 3


def test_consensus_summary_is_the_first_hand_report_not_a_relay():
    s1 = (
        "Port director Ada Lind admitted the Kestrel container terminal had been closed for "
        "repairs on Monday, but said the strike was to blame."
    )
    s2 = "Harbour Post reported that the Kestrel container terminal was closed on Monday."
    s3 = "Harbour Post also reported that the Kestrel container terminal was closed on Monday night."
    arts, cites = _relayed_by_two(s1, s2, s3, "Harbour Post")
    f = next(f for f in build_facts(arts, {}, citations=cites, embedder=None) if f.kind == "consensus")
    assert len(f.articles) == 3 and f.independent == 1
    assert f.summary.startswith("Port director Ada Lind admitted")
    # without the citations the two near-identical relays are the group's centre
    plain = build_facts(arts, {}, citations=[], embedder=None)
    assert next(f for f in plain if f.kind == "consensus").summary.startswith("Harbour Post")


def test_omission_names_the_silent_outlet():
    core = "Port director Ada Lind closed the Kestrel container terminal on Monday after the strike"
    arts = [
        _art("a1", "One", f"{core}.\nTrucks queued for miles on the coast road."),
        _art(
            "a2",
            "Two",
            f"On Monday, {core[0].lower() + core[1:]}, unions said.\nShares in shipping firms rose.",
        ),
        _art("a3", "Three", f"{core}, officials confirmed.\nThe mayor cancelled a trip abroad."),
        _art(
            "a4",
            "Four",
            "Local bakeries reported record sales of cinnamon buns this weekend.\nThe weather stayed mild.",
        ),
    ]
    facts = build_facts(arts, {}, embedder=None)
    om = [f for f in facts if f.kind == "omission"]
    assert len(om) == 1 and om[0].topic == "Four" and om[0].articles == ["a1", "a2", "a3"]
    assert om[0].summary.startswith("Four does not report")


def test_slot_conflicts_stable_and_empty_input():
    assert slot_conflicts([], {}, []) == []
    a = _art("a1", "One", "About 2,400 residents were evacuated.")
    c = _art("a3", "Three", "Around 1,200 residents were evacuated.")
    assert slot_conflicts([a, c], {}) == slot_conflicts([a, c], {})


@pytest.mark.parametrize(
    ("one", "two", "topic", "values"),
    [
        (
            "Harbour officials said efforts are ongoing to schedule a meeting between the Kestrel mayor and the port union.",
            "Harbour officials said the meeting between the Kestrel mayor and the port union was already scheduled.",
            "whether the meeting was already scheduled",
            ["efforts are ongoing to schedule", "was already scheduled"],
        ),
        (
            "The Kestrel mayor and the port union leader have been trying to arrange a phone call, but it has yet to occur.",
            "The Kestrel mayor and the port union leader are holding a phone call on Thursday morning.",
            "whether the call has taken place",
            ["has yet to occur", "are holding"],
        ),
    ],
)
def test_status_conflict_in_aligned_statements(one, two, topic, values):
    a, b = _art("a1", "One", one), _art("a2", "Two", two)
    facts = build_facts([a, b], {}, embedder=None)
    got = [f for f in facts if f.kind == "conflict" and f.topic == topic]
    assert len(got) == 1
    assert [v.value for v in got[0].values] == values
    # the same status in both outlets, or no planned event named: no conflict
    same = _art("a2", "Two", one.replace("Harbour officials said", "Port officials said"))
    assert not [f for f in build_facts([a, same], {}, embedder=None) if f.kind == "conflict"]


def test_status_needs_an_event_and_one_reading():
    from newsprism.compare.slots import _status

    assert _status("Efforts are ongoing to schedule it, and it was already scheduled.", "already scheduled") is None
    assert _status("The union is holding its ground.", "already scheduled") is None
    assert _status("The call had already been arranged.", "already scheduled") == (True, "already been arranged")


def test_polarity_conflict_in_aligned_statements():
    a = _art(
        "a1",
        "One",
        "The Kestrel council approved the new harbour budget on Monday, officials said.",
    )
    b = _art(
        "a2",
        "Two",
        "The Kestrel council did not approve the new harbour budget on Monday, officials said.",
    )
    facts = build_facts([a, b], {}, embedder=None)
    pol = [f for f in facts if f.kind == "conflict" and f.topic == "whether it was approved"]
    assert len(pol) == 1
    assert [(v.outlet, v.value) for v in pol[0].values] == [
        ("One", "approved"),
        ("Two", "did not approve"),
    ]
    same = _art(
        "a2",
        "Two",
        "On Monday the Kestrel council approved the new harbour budget, officials said.",
    )
    assert not [f for f in build_facts([a, same], {}, embedder=None) if f.kind == "conflict"]


def test_figure_most_outlets_give_and_one_leaves_out():
    arts = [
        _art("a1", "One", "Nine people were treated for smoke inhalation at the clinic."),
        _art("a2", "Two", "Some 9 people were treated in hospital, officials said."),
        _art("a3", "Three", "About ten people were treated for minor injuries."),
        _art("a4", "Four", "Residents returned home on Thursday after the all-clear."),
    ]
    om = [f for f in build_facts(arts, {}, embedder=None) if f.kind == "omission"]
    assert [(f.topic, f.articles) for f in om] == [("Four", ["a1", "a2", "a3"])]
    assert "people treated" in om[0].summary


def test_outlet_less_articles_are_named_as_everywhere_else_in_summaries():
    """An article with no outlet is shown by its file name in brackets (models.outlet_label)
    in every conflict and omission summary, never by its internal article id."""

    def bare(i: str, text: str) -> Article:
        return Article(id=i, title="t", text=text, published=WED, source=f"/in/{i}-copy.txt")

    a = bare("a1", "Harbour Minister Ada Lind ordered the port closed on Monday.")
    b = bare("a2", "Transport Minister Ada Lind closed the port on Monday, officials said.")
    ent = Entity(id="e", name="Ada Lind", type="PERSON", aliases=["Lind"])
    (title,) = title_conflicts([a, b], {}, [ent])
    assert title.summary.endswith(": [a1-copy.txt]: Harbour Minister; [a2-copy.txt]: Transport Minister")
    c = bare("a3", "The two leaders have not spoken in nearly 50 days.")
    d = bare("a4", "It is the first call between the leaders in two months.")
    (days,) = quantity_conflicts([c, d], {})
    assert "[a3-copy.txt]: nearly 50 days; [a4-copy.txt]: two months" in days.summary
    arts = [
        bare("b1", "Nine people were treated for smoke inhalation at the clinic."),
        bare("b2", "Some 9 people were treated in hospital, officials said."),
        bare("b3", "About ten people were treated for minor injuries."),
        bare("b4", "Residents returned home on Thursday after the all-clear."),
    ]
    om = [f for f in build_facts(arts, {}, embedder=None) if f.kind == "omission"]
    assert [f.topic for f in om] == ["[b4-copy.txt]"]
    assert "[b4-copy.txt]" in om[0].summary and "b4 " not in om[0].summary
