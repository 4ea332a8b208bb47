"""Entity resolution over hand-built mentions (no model needed) and the aliases file."""

from __future__ import annotations

import json

import pytest

from newsprism.errors import UsageError
from newsprism.ids import stable_id
from newsprism.models import Article, ArticleAnalysis, Mention
from newsprism.nlp import load_aliases, resolve_entities
from newsprism.nlp.entities import role_before


def build(texts: dict[str, tuple[str, str]], labels: dict[str, str] | None = None):
    """texts: article id -> (outlet, text); every occurrence of a label key becomes a mention."""
    labels = labels or {}
    arts, ans = [], []
    for aid, (outlet, text) in texts.items():
        arts.append(Article(id=aid, title="t", text=text, outlet=outlet))
        mentions = []
        for surface, label in labels.items():
            start = 0
            while (i := text.find(surface, start)) >= 0:
                mentions.append(Mention(start=i, end=i + len(surface), text=surface, label=label))
                start = i + len(surface)
        mentions.sort(key=lambda m: m.start)
        ans.append(ArticleAnalysis(article_id=aid, mentions=mentions))
    return arts, ans


def by_name(entities, name):
    hits = [e for e in entities if e.name == name]
    assert hits, [e.name for e in entities]
    return hits[0]


def test_a_firms_short_name_is_the_firm_but_a_body_is_not_its_committee():
    arts, ans = build(
        {"a1": ("Outlet A", "A fire hit Kestrel Chemicals on Tuesday. The Senate Intelligence "
                "Committee met."),
         "a2": ("Outlet B", "Kestrel shares fell. The Senate adjourned.")},
        {"Kestrel Chemicals": "ORG", "Kestrel": "ORG", "Senate Intelligence Committee": "ORG",
         "Senate": "ORG"},
    )
    ents = resolve_entities(arts, ans)
    firm = [e for e in ents if "Kestrel" in e.name]
    assert len(firm) == 1 and {firm[0].name, *firm[0].aliases} == {"Kestrel Chemicals", "Kestrel"}
    assert firm[0].articles == ["a1", "a2"]
    assert {e.name for e in ents if "Senate" in e.name} == {"Senate", "Senate Intelligence Committee"}


def test_titles_surnames_possessives_misspellings_one_entity():
    arts, ans = build(
        {"a1": ("Outlet A", "Israeli Defense Minister Yoav Gallant spoke. Gallant's trip was off."),
         "a2": ("Outlet B", "Security Minister Yoav Gallant left. Later Galant returned.")},
        {"Defense Minister Yoav Gallant": "PERSON", "Gallant's": "PERSON",
         "Security Minister Yoav Gallant": "PERSON", "Galant": "ORG"},
    )
    ents = resolve_entities(arts, ans)
    g = by_name(ents, "Yoav Gallant")
    assert g.type == "PERSON"
    assert {"Gallant", "Galant"} <= set(g.aliases)
    assert g.roles == {"a1": ["Defense Minister"], "a2": ["Security Minister"]}
    assert g.articles == ["a1", "a2"] and g.outlets == ["Outlet A", "Outlet B"]
    assert g.id == stable_id("PERSON", "Yoav Gallant")
    assert len([e for e in ents if e.type == "PERSON"]) == 1


def test_role_written_before_the_mention():
    arts, ans = build({"a1": (None, "He met Prime Minister Benjamin Netanyahu today.")},
                      {"Benjamin Netanyahu": "PERSON"})
    (e,) = resolve_entities(arts, ans)
    assert e.roles == {"a1": ["Prime Minister"]}


def test_user_alias_joins_nickname():
    arts, ans = build({"a1": (None, "Benjamin Netanyahu spoke. Netanyahu left. Bibi smiled.")},
                      {"Benjamin Netanyahu": "PERSON", "Netanyahu": "PERSON", "Bibi": "PERSON"})
    ents = resolve_entities(arts, ans, {"Benjamin Netanyahu": ["Bibi"]})
    e = by_name(ents, "Benjamin Netanyahu")
    assert {"Bibi", "Netanyahu"} <= set(e.aliases)
    assert len(ents) == 1


def test_ambiguous_surname_stays_apart():
    arts, ans = build({"a1": (None, "Joe Smith and Ann Smith met. Smith spoke.")},
                      {"Joe Smith": "PERSON", "Ann Smith": "PERSON", "Smith": "PERSON"})
    names = sorted(e.name for e in resolve_entities(arts, ans))
    assert names == ["Ann Smith", "Joe Smith", "Smith"]


def test_different_first_names_not_merged():
    arts, ans = build({"a1": (None, "Jake Sullivan and Jane Sullivan.")},
                      {"Jake Sullivan": "PERSON", "Jane Sullivan": "PERSON"})
    assert len(resolve_entities(arts, ans)) == 2


def test_a_nickname_and_the_given_name_are_one_person_and_settle_the_surname():
    arts, ans = build(
        {"a1": ("Outlet A", "Attorney General Richard Varn spoke. Varn left early."),
         "a2": ("Outlet B", "Dick Varn, the attorney general, spoke. Varn left. Chris Holt and "
                "Christopher J. Holt are one senator; Holt voted.")},
        {"Richard Varn": "PERSON", "Dick Varn": "PERSON", "Varn": "PERSON",
         "Chris Holt": "PERSON", "Christopher J. Holt": "PERSON", "Holt": "PERSON"},
    )
    ents = resolve_entities(arts, ans)
    people = sorted((e.name, sorted(e.aliases)) for e in ents if e.type == "PERSON")
    assert people == [
        ("Christopher J. Holt", ["Chris Holt", "Holt"]),
        ("Richard Varn", ["Dick Varn", "Varn"]),
    ]


def test_a_numeral_after_the_name_is_no_surname():
    # "Conway" alone is ambiguous between the two Conways, not Kellyn's; "George Conway" is
    # George T. Conway III
    arts, ans = build(
        {"a1": ("Outlet A", "George T. Conway III, the husband of Kellyn Conway, wrote. Later "
                "Mr. Conway, a vocal critic, wrote again. George Conway left.")},
        {"George T. Conway III": "PERSON", "Kellyn Conway": "PERSON", "Conway": "PERSON",
         "George Conway": "PERSON"},
    )
    people = sorted((e.name, sorted(e.aliases)) for e in resolve_entities(arts, ans))
    assert people == [("Conway", []), ("George T. Conway III", ["George Conway"]), ("Kellyn Conway", [])]


def test_names_that_are_no_nickname_of_each_other_stay_apart():
    arts, ans = build({"a1": (None, "Hana Varn and Dick Varn met. Varn spoke.")},
                      {"Hana Varn": "PERSON", "Dick Varn": "PERSON", "Varn": "PERSON"})
    assert sorted(e.name for e in resolve_entities(arts, ans)) == ["Dick Varn", "Hana Varn", "Varn"]


@pytest.mark.parametrize(
    "surfaces,label,name",
    [
        (["the Pentagon", "Pentagon", "Pentagon's"], "ORG", "Pentagon"),
        (["U.S.", "US", "United States", "America"], "GPE", "United States"),
        (["Israel Defense Forces", "IDF"], "ORG", "Israel Defense Forces"),
        (["Times of Israel", "The Times of Israel"], "OUTLET", "The Times of Israel"),
    ],
)
def test_non_person_merges(surfaces, label, name):
    text = " and ".join(surfaces) + "."
    arts, ans = build({"a1": (None, text)}, {s: label for s in sorted(surfaces, key=len, reverse=True)})
    ents = [e for e in resolve_entities(arts, ans) if e.type == label]
    assert [e.name for e in ents] == [name]


def test_washington_is_not_the_united_states():
    arts, ans = build({"a1": (None, "Washington and the US.")}, {"Washington": "GPE", "US": "GPE"})
    assert sorted(e.name for e in resolve_entities(arts, ans)) == ["United States", "Washington"]


def test_resolution_is_deterministic():
    arts, ans = build({"a1": (None, "Yoav Gallant. Gallant. Galant.")},
                      {"Yoav Gallant": "PERSON", "Galant": "PERSON"})
    assert resolve_entities(arts, ans) == resolve_entities(arts, ans)


@pytest.mark.parametrize(
    "before,role",
    [
        ("He met Israeli Defense Minister ", "Defense Minister"),
        ("Later, Secretary of Defense ", "Secretary of Defense"),
        ("including Chief of Staff Lt. Gen. ", "Chief of Staff Lt. Gen."),
        ("He met ", ""),
        ("Lame Duck Resident\n\nIsraeli Prime Minister ", "Prime Minister"),
        # the employer written into a lower-case title stays in it
        ("Tarnwick spokeswoman ", "Tarnwick spokeswoman"),
        ("Tarnwick spokesman ", "Tarnwick spokesman"),
        ("The Tarnwick chief executive ", "Tarnwick chief executive"),
        ("Tarnwick boss ", "Tarnwick boss"),
        # a nationality or a day before it does not
        ("Israeli spokesman ", "spokesman"),
        ("On Tuesday spokeswoman ", "spokeswoman"),
    ],
)
def test_role_before(before, role):
    assert role_before(before + "Name", len(before)) == role


def test_load_aliases(tmp_path):
    p = tmp_path / "aliases.json"
    p.write_text(json.dumps({"Benjamin Netanyahu": ["Bibi"], "Israel Defense Forces": "IDF"}))
    assert load_aliases(p) == {"Benjamin Netanyahu": ["Bibi"], "Israel Defense Forces": ["IDF"]}


@pytest.mark.parametrize("content", ["not json", "[1, 2]", '{"A": [1]}'])
def test_load_aliases_rejects_bad_files(tmp_path, content):
    p = tmp_path / "aliases.json"
    p.write_text(content)
    with pytest.raises(UsageError):
        load_aliases(p)


def test_load_aliases_missing_file(tmp_path):
    with pytest.raises(UsageError):
        load_aliases(tmp_path / "nope.json")


def test_a_person_the_story_only_places_things_in_is_a_place():
    # the small model calls unfamiliar place names PERSON; the story's own words say otherwise
    arts, ans = build(
        {"a1": ("Outlet A", "Homes in Dalsby were emptied. The Dalsby district stayed closed."),
         "a2": ("Outlet B", "Residents of Brennvik’s Dalsby harbour district left. Ms. Orrin spoke.")},
        {"Dalsby": "PERSON", "Brennvik’s Dalsby": "PERSON", "Orrin": "PERSON"},
    )
    ents = resolve_entities(arts, ans)
    dalsby = by_name(ents, "Dalsby")
    assert dalsby.type == "GPE" and set(dalsby.articles) == {"a1", "a2"}
    assert by_name(ents, "Orrin").type == "PERSON"  # no place reading
    # one reading as a person ("Dalsby said") keeps the name a person's
    arts, ans = build(
        {"a1": ("Outlet A", "Homes in Dalsby were emptied. Later Dalsby said the plan worked.")},
        {"Dalsby": "PERSON"},
    )
    assert by_name(resolve_entities(arts, ans), "Dalsby").type == "PERSON"
    # nor does it touch a surname of a full name in the story ("in Trump's view")
    arts, ans = build(
        {"a1": ("Outlet A", "Anna Dalsby arrived. In Dalsby's view the plan worked.")},
        {"Anna Dalsby": "PERSON", "Dalsby's": "PERSON"},
    )
    assert [e.type for e in resolve_entities(arts, ans)] == ["PERSON"]


def _mentions(text: str, spans: list[tuple[str, str, int]]) -> list[Mention]:
    """(surface, label, occurrence) -> a mention at that occurrence of the surface."""
    out = []
    for surface, label, nth in spans:
        i = -1
        for _ in range(nth + 1):
            i = text.index(surface, i + 1)
        out.append(Mention(start=i, end=i + len(surface), text=surface, label=label))
    return sorted(out, key=lambda m: m.start)


def test_the_story_s_own_words_settle_a_name_the_tagger_typed_twice():
    text = ("Air bases used by the Islamic Revolutionary Guard Corps (IRGC) are targets, as are "
            "members of the IRGC. Strikes could hit nuclear sites such as Natanz and Fordow, "
            "and the enrichment plants at Natanz and Fordow have long worried Israel. "
            "Tarnwick has three sites in Estmark, and Estmark officials said little.")
    mentions = _mentions(text, [
        ("Islamic Revolutionary Guard Corps", "ORG", 0), ("IRGC", "ORG", 0), ("IRGC", "GPE", 1),
        ("Fordow", "PRODUCT", 0), ("Fordow", "PERSON", 1),
        ("Estmark", "GPE", 0), ("Estmark", "ORG", 1)])
    arts = [Article(id="a", title="t", text=text, outlet="Wire")]
    ents = resolve_entities(arts, [ArticleAnalysis(article_id="a", mentions=mentions)])
    types = {(e.name, e.type) for e in ents}
    assert ("IRGC", "ORG") in types and ("IRGC", "GPE") not in types
    assert by_name(ents, "IRGC").aliases == ["Islamic Revolutionary Guard Corps"]
    assert [e.type for e in ents if e.name == "Fordow"] == ["GPE"]  # "plants at Natanz and Fordow"
    assert [e.type for e in ents if e.name == "Estmark"] == ["GPE"]  # "three sites in Estmark"


def test_a_place_reading_settles_a_name_and_no_evidence_keeps_both_types():
    text = "Washington has signalled it is worried. Talks in Washington went on. Washington said no."
    mentions = _mentions(text, [("Washington", "ORG", 0), ("Washington", "GPE", 1), ("Washington", "ORG", 2)])
    arts = [Article(id="a", title="t", text=text, outlet="Wire")]
    ents = resolve_entities(arts, [ArticleAnalysis(article_id="a", mentions=mentions)])
    # "in Washington" is a place reading of the GPE mention: the place wins
    assert [e.type for e in ents if e.name == "Washington"] == ["GPE"]
    text2 = "Apex has signalled it is worried. Apex went on. Apex said no."
    mentions2 = _mentions(text2, [("Apex", "ORG", 0), ("Apex", "GPE", 1), ("Apex", "ORG", 2)])
    ents2 = resolve_entities([Article(id="b", title="t", text=text2, outlet="Wire")],
                             [ArticleAnalysis(article_id="b", mentions=mentions2)])
    assert sorted(e.type for e in ents2 if e.name == "Apex") == ["GPE", "ORG"]
