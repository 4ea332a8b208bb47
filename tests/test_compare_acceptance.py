"""Issue 4 acceptance: the real pipeline on the demo corpus and on the seed story finds the
agreements and conflicts a careful reader finds, and nothing wildly spurious."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.embed.static import potion_available
from newsprism.models import Fact, StoryDossier
from newsprism.pipeline import DEMO_CORPUS, analyze
from newsprism.settings import Settings
from newsprism.store import Store

pytestmark = pytest.mark.model


# every gate also with the static potion-base-8M embedder when it is installed (`make`)
EMBEDDERS = [
    "auto",
    pytest.param(
        "potion",
        marks=pytest.mark.skipif(not potion_available(), reason="potion-base-8M not installed"),
    ),
]


def _run(
    sources: list[str], db: Path, aliases: str | None = None, embedder: str = "auto"
) -> list[StoryDossier]:
    settings = Settings(db=f"sqlite:///{db}", aliases=aliases, embedder=embedder)
    with Store(settings.db) as store:
        report = analyze(sources, settings, store)
    return list(report.stories)


def _outlets(d: StoryDossier, f: Fact) -> set[str]:
    by_id = {a.id: a.outlet or a.id for a in d.articles}
    return {by_id[a] for a in f.articles}


def _values(d: StoryDossier, f: Fact) -> dict[str, str]:
    by_id = {a.id: a.outlet or a.id for a in d.articles}
    return {by_id[v.article_id].removeprefix("The "): v.value for v in f.values}


@pytest.fixture(scope="module", params=EMBEDDERS)
def demo(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> StoryDossier:
    srcs = [
        str(p) for p in sorted(DEMO_CORPUS.iterdir()) if p.suffix in (".txt", ".html", ".jsonl")
    ]
    stories = _run(
        srcs,
        tmp_path_factory.mktemp("demo") / "d.db",
        str(DEMO_CORPUS / "aliases.json"),
        embedder=request.param,
    )
    return next(s for s in stories if len(s.articles) == 5)


def test_demo_planted_conflicts(demo: StoryDossier) -> None:
    conflicts = {f.topic: f for f in demo.facts if f.kind == "conflict"}
    evac = _values(demo, conflicts["people evacuated"])
    assert evac["Estmark Ledger"] == "Around 1,200 residents"
    assert evac["Estmark Rising"] == "More than 5,000 people"
    assert "8,000" in evac["Estmark Sentinel"] and "2,400" in evac["Meridian Wire"]
    treated = _values(demo, conflicts["people treated"])
    assert {"17 people", "Nine people", "Nearly 40 people"} <= set(treated.values())
    title = _values(demo, conflicts["Hana Ostrova's title"])
    assert title["Estmark Rising"] == "Deputy Interior Minister"
    assert title["Meridian Wire"] == "Environment Minister"
    fire = _values(demo, conflicts["Lars Endresen's title"])
    assert (
        fire["Estmark Ledger"] == "Deputy Fire Chief"
        and fire["Varnholm Courier"] == "Chief Fire Officer"
    )
    spelling = _values(demo, conflicts["spelling of Hana Ostrova"])
    assert (
        spelling["Estmark Sentinel"] == "Hana Ostrowa"
        and spelling["Estmark Rising"] == "Hana Ostrova"
    )
    when = _values(demo, conflicts["when the fire broke out"])
    assert when["Estmark Rising"] == "around 10 p.m. on Tuesday"
    assert when["Estmark Ledger"] == "in the early hours of Wednesday"
    assert len(when) == 5


def test_demo_nothing_wildly_spurious(demo: StoryDossier) -> None:
    conflicts = [f for f in demo.facts if f.kind == "conflict"]
    assert len(conflicts) <= 8
    for f in conflicts:  # every conflict shows at least two outlets with two different values
        assert len(_outlets(demo, f)) >= 2 and len({v.value for v in f.values}) >= 2
    consensus = [f for f in demo.facts if f.kind == "consensus"]
    assert consensus[0].independent and len(_outlets(demo, consensus[0])) >= 4
    assert any("ordered the evacuation" in e.sentence for e in consensus[0].evidence)
    for f in consensus:  # each group: one sentence per article, several outlets
        assert len({e.article_id for e in f.evidence}) == len(f.evidence) >= 2
    # re-reported statements do not count as independent confirmation
    pump = next(f for f in consensus if "cooling pump" in f.summary and len(_outlets(demo, f)) >= 3)
    assert pump.independent == 1
    # omissions, if any, name an outlet that is not among the reporters
    for f in demo.facts:
        if f.kind == "omission":
            assert f.topic not in _outlets(demo, f)


@pytest.mark.shared
@pytest.mark.parametrize("embedder", EMBEDDERS)
def test_seed_story_agreements_conflicts_and_unique(
    seeds_dir: Path, tmp_path: Path, embedder: str
) -> None:
    stories = _run([str(seeds_dir)], tmp_path / "s.db", embedder=embedder)
    assert len(stories) == 1
    d = stories[0]
    n = len(d.articles)
    consensus = [f for f in d.facts if f.kind == "consensus"]
    all_three = [f for f in consensus if len(set(f.articles)) == n]
    texts = [" ".join(e.sentence for e in f.evidence) for f in all_three]
    # Netanyahu blocked / halted / vetoed Gallant's trip to Washington: all three outlets
    assert any("Gallant" in t and "trip" in t for t in texts), texts
    # the Biden-Netanyahu call: all three outlets
    assert any("Biden" in t and ("call" in t or "conversation" in t) for t in texts), texts
    conflicts = {f.topic: f for f in d.facts if f.kind == "conflict"}
    title = conflicts["Yoav Gallant's title"]
    assert {v.value for v in title.values} == {"Security Minister", "Defense Minister"}
    spoke = conflicts["days since the leaders last spoke"]
    assert {v.value for v in spoke.values} == {"nearly 50 days", "two months"}
    unique = [f for f in d.facts if f.kind == "unique"]
    assert {f.articles[0] for f in unique} == {a.id for a in d.articles}, (
        "each outlet's own details"
    )
    # "efforts are ongoing to schedule a phone call" (via Axios) and "the call was already
    # scheduled" (a source familiar with the issue) never agree without the conflict beside
    together = [
        f for f in consensus
        if {"ongoing to schedule", "already scheduled"} <= {
            w for e in f.evidence for w in ("ongoing to schedule", "already scheduled") if w in e.sentence
        }
    ]
    if together or embedder == "auto":
        sched = conflicts["whether the call was already scheduled"]
        assert [v.value for v in sched.values] == ["efforts are ongoing to schedule", "was already scheduled"]
    assert len(conflicts) <= 5
