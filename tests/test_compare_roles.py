"""Who did what: role frames from the parse, and role swaps kept out of agreements and
reported as conflicts (invented texts only)."""

from __future__ import annotations

import pytest

from newsprism.compare.facts import SYNONYMS, build_facts
from newsprism.compare.roles import TOPIC, role_swaps
from newsprism.models import Article, ArticleAnalysis, RoleArg, RoleFrame

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nlp():
    from newsprism.nlp import NlpPipeline

    return NlpPipeline()


def _pair(nlp, one: str, two: str) -> tuple[list[Article], dict[str, ArticleAnalysis]]:
    arts = [
        Article(id="a1", outlet="Harbor Daily", title="t", text=one),
        Article(id="a2", outlet="Valley Courier", title="t", text=two),
    ]
    return arts, {an.article_id: an for an in nlp.analyze(arts)}


def _without_roles(analyses: dict[str, ArticleAnalysis]) -> dict[str, ArticleAnalysis]:
    return {k: an.model_copy(update={"roles": []}) for k, an in analyses.items()}


def _together(facts, kind: str = "consensus") -> bool:
    """Some fact of ``kind`` holds a sentence of both articles."""
    return any({e.article_id for e in f.evidence} >= {"a1", "a2"} for f in facts if f.kind == kind)


def _directions(an: ArticleAnalysis) -> set[tuple[str, str, str]]:
    return {
        (f.predicate, a.name.split()[-1], o.name.split()[-1])
        for f in an.roles
        for a in f.agents
        for o in f.others
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Governor John Carter criticized Senator Maria Lopez on Monday.", ("criticize", "Carter", "Lopez")),
        # passive: the "by" object is the agent, the passive subject the patient
        ("Senator Maria Lopez was criticized by Governor John Carter on Monday.", ("criticize", "Carter", "Lopez")),
        # control: the subject of "expected" presses; "with" marks the other party
        ("Governor John Carter is expected to press Senator Maria Lopez for support.", ("press", "Carter", "Lopez")),
        ("Senator Maria Lopez said she expects to speak with Governor John Carter.", ("speak", "Lopez", "Carter")),
        # object control: the one urged is the one who acts
        ("Governor John Carter urged Senator Maria Lopez to call Mayor Ana Ruiz.", ("call", "Lopez", "Ruiz")),
    ],
)
def test_role_frames(nlp, text: str, expected: tuple[str, str, str]) -> None:
    (an,) = nlp.analyze([Article(id="x", title="t", text=text)])
    assert expected in _directions(an)


def test_no_frame_without_both_roles(nlp) -> None:
    (an,) = nlp.analyze([Article(id="x", title="t", text="Governor John Carter criticized the budget on Monday.")])
    assert an.roles == []


SWAPS = [
    pytest.param(  # same verb, roles swapped: a conflict
        "Governor John Carter accused Senator Maria Lopez of blocking the harbor budget vote on Monday.",
        "Senator Maria Lopez accused Governor John Carter of blocking the harbor budget vote on Monday.",
        True,
        id="same-verb",
    ),
    pytest.param(  # different verbs, roles swapped: not one statement, and no conflict either
        "Governor John Carter is expected to press Senator Maria Lopez about the harbor budget vote on Monday.",
        "Senator Maria Lopez expects to speak with Governor John Carter about the harbor budget vote on Monday.",
        False,
        id="other-verb",
    ),
]


@pytest.mark.parametrize(("one", "two", "conflict"), SWAPS)
def test_swap_is_no_consensus(nlp, one: str, two: str, conflict: bool) -> None:
    arts, ans = _pair(nlp, one, two)
    # the test can fail: without the roles the two sentences make an agreement
    assert _together(build_facts(arts, _without_roles(ans), embedder=None))
    facts = build_facts(arts, ans, embedder=None)
    assert not _together(facts)
    who = [f for f in facts if f.kind == "conflict" and f.topic == TOPIC]
    if conflict:
        (f,) = who
        assert {v.article_id: v.value for v in f.values} == {
            "a1": "John Carter accused Maria Lopez",
            "a2": "Maria Lopez accused John Carter",
        }
        assert [e.article_id for e in f.evidence] == ["a1", "a2"]
    else:
        assert who == []


@pytest.mark.parametrize(
    ("one", "two"),
    [
        pytest.param(
            "Governor John Carter accused Senator Maria Lopez of blocking the harbor budget vote on Monday.",
            "On Monday, Governor John Carter accused Senator Maria Lopez of blocking the harbor budget vote.",
            id="same-roles",
        ),
        pytest.param(
            "Senator Maria Lopez was accused by Governor John Carter of blocking the harbor budget vote on Monday.",
            "Governor John Carter accused Senator Maria Lopez of blocking the harbor budget vote on Monday.",
            id="passive-active",
        ),
        pytest.param(  # a symmetric relation: the same meeting from either side
            "Governor John Carter met with Senator Maria Lopez to discuss the harbor budget vote on Monday.",
            "Senator Maria Lopez met with Governor John Carter to discuss the harbor budget vote on Monday.",
            id="symmetric",
        ),
    ],
)
def test_same_roles_stay_consensus(nlp, one: str, two: str) -> None:
    arts, ans = _pair(nlp, one, two)
    assert role_swaps(arts, ans, (), SYNONYMS) == []
    facts = build_facts(arts, ans, embedder=None)
    assert _together(facts)
    assert not any(f.topic == TOPIC for f in facts)


def test_one_side_missing_a_role_is_untouched(nlp) -> None:
    arts, ans = _pair(
        nlp,
        "Governor John Carter accused the senator of blocking the harbor budget vote on Monday.",
        "Senator Maria Lopez accused Governor John Carter of blocking the harbor budget vote on Monday.",
    )
    assert role_swaps(arts, ans, (), SYNONYMS) == []
    assert build_facts(arts, ans, embedder=None) == build_facts(arts, _without_roles(ans), embedder=None)


def test_swap_found_by_resolved_entity_and_each_direction_once() -> None:
    """Without a parser: frames given directly, names matched through entity aliases."""
    from newsprism.models import Entity, Sentence

    def an(aid: str, text: str, agent: str, other: str) -> ArticleAnalysis:
        return ArticleAnalysis(
            article_id=aid,
            sentences=[Sentence(index=0, start=0, end=len(text), text=text)],
            roles=[RoleFrame(start=text.index(" ") + 1, end=text.index(" ") + 2, predicate="thank",
                             agents=[RoleArg(name=agent)], others=[RoleArg(name=other, rel="dobj")])],
        )

    t1, t2 = "Carter thanked Lopez warmly.", "Maria thanked Carter warmly."
    arts = [Article(id="a1", outlet="One", title="t", text=t1), Article(id="a2", outlet="Two", title="t", text=t2)]
    ans = {"a1": an("a1", t1, "Carter", "Lopez"), "a2": an("a2", t2, "Maria", "Carter")}
    assert role_swaps(arts, ans) == []  # "Maria" and "Lopez" are not known to be one person
    ent = Entity(id="e1", name="Maria Lopez", type="PERSON", aliases=["Lopez", "Maria"])
    (w,) = role_swaps(arts, ans, [ent])
    assert (w.a.article.id, w.b.article.id, w.same_predicate) == ("a1", "a2", True)


def test_three_outlets_one_conflict_and_alignment_required() -> None:
    from newsprism.compare.roles import who_did_what_conflicts
    from newsprism.models import Sentence

    def art(aid: str, agent: str, other: str) -> tuple[Article, ArticleAnalysis]:
        text = f"{agent} thanked {other} at the harbor."
        k = len(agent) + 1
        an = ArticleAnalysis(
            article_id=aid,
            sentences=[Sentence(index=0, start=0, end=len(text), text=text)],
            roles=[RoleFrame(start=k, end=k + 7, predicate="thank", agents=[RoleArg(name=agent, rel="subject")],
                             others=[RoleArg(name=other, rel="dobj")])],
        )
        return Article(id=aid, outlet=f"Outlet {aid}", title="t", text=text), an

    rows = [art("a1", "Carter", "Lopez"), art("a2", "Lopez", "Carter"), art("a3", "Carter", "Lopez")]
    arts, ans = [a for a, _ in rows], {an.article_id: an for _, an in rows}
    swaps = role_swaps(arts, ans, (), SYNONYMS)
    assert len(swaps) == 2  # a1-a2 and a2-a3; a1 and a3 agree
    assert who_did_what_conflicts(swaps, lambda a, b: False) == []
    (f,) = who_did_what_conflicts(swaps, lambda a, b: True)
    assert [(v.article_id, v.value) for v in f.values] == [
        ("a1", "Carter thanked Lopez"), ("a2", "Lopez thanked Carter"), ("a3", "Carter thanked Lopez")
    ]
