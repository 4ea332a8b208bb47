"""Issue 4 extras end to end with the spaCy model: clause splitting from the parse, and the
demo corpus dossier's claims, timeline, cast, label pairs, headlines and sourcing (the
corpus README lists what is planted); the seed story when ../shared/seeds is present."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.models import StoryDossier
from newsprism.pipeline import DEMO_CORPUS, analyze
from newsprism.settings import Settings
from newsprism.store import Store

pytestmark = pytest.mark.model


def _run(sources: list[str], db: Path, aliases: str | None = None) -> list[StoryDossier]:
    settings = Settings(db=f"sqlite:///{db}", aliases=aliases)
    with Store(settings.db) as store:
        report = analyze(sources, settings, store)
    return list(report.stories)


def _outlet(d: StoryDossier, article_id: str) -> str:
    return next((a.outlet or a.id) for a in d.articles if a.id == article_id).removeprefix("The ")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> StoryDossier:
    srcs = [
        str(p) for p in sorted(DEMO_CORPUS.iterdir()) if p.suffix in (".txt", ".html", ".jsonl")
    ]
    stories = _run(
        srcs, tmp_path_factory.mktemp("demo") / "d.db", str(DEMO_CORPUS / "aliases.json")
    )
    return next(s for s in stories if len(s.articles) == 5)


def test_clauses_come_from_the_parse():
    from newsprism.nlp.claims import clause_spans
    from newsprism.nlp.model import configure, load_model

    nlp = configure(load_model(""))
    text = (
        "Netanyahu blocked the trip, and Gallant stayed home. "
        "The fire broke out late on Tuesday; crews had it under control by Wednesday. "
        "Ostrova, who ordered the evacuation, said it was a precaution. "
        "Did he go?"
    )
    got = [text[s.start : s.end] for s in clause_spans(nlp(text))]
    assert got[:2] == ["Netanyahu blocked the trip", "Gallant stayed home."]
    assert "The fire broke out late on Tuesday" in got
    assert any(g.startswith("crews had it under control") for g in got)
    # a relative clause and a reported clause stay with their host; a question is no claim
    assert "Ostrova, who ordered the evacuation, said it was a precaution." in got
    assert not any("Did he go" in g for g in got)


def test_demo_claims_keep_their_attribution(demo: StoryDossier) -> None:
    texts = {a.id: a.text for a in demo.articles}
    assert len(demo.claims) > 60
    kinds = {c.attribution for c in demo.claims}
    assert kinds == {"outlet", "quote", "citation"}
    for c in demo.claims:
        assert " ".join(texts[c.article_id][c.start : c.end].split()) == c.text
    labels = {c.label for c in demo.claims}
    assert any(x.startswith("Hana Ostrova") for x in labels)
    assert any(x.startswith("according to") for x in labels)
    # fact evidence says whose voice it is
    ev = [e for f in demo.facts for e in f.evidence]
    assert sum(e.attribution is not None for e in ev) >= 0.8 * len(ev)
    assert any(e.attribution and "Ostrova" in e.attribution for e in ev)


def test_demo_timeline_orders_events_and_shows_the_start_time_conflict(demo: StoryDossier) -> None:
    tl = demo.timeline
    assert tl and [e.start for e in tl] == sorted(e.start for e in tl)
    start = [e for e in tl if e.conflicting and len(e.articles) == 5]
    assert len(start) == 1
    values = {_outlet(demo, v.article_id): v.value for v in start[0].values}
    assert values["Estmark Rising"] == "around 10 p.m. on Tuesday"
    assert values["Estmark Ledger"] == "in the early hours of Wednesday"
    assert values["Meridian Wire"] == "late on Tuesday, March 11"
    # nothing wildly spurious: no other event claims a date conflict among all outlets
    assert sum(e.conflicting for e in tl) <= 2
    # the memo of February 4 and the Wednesday-afternoon control are dated events
    assert any(e.start.date().isoformat() == "2025-02-04" and "memo" in e.summary for e in tl)
    ctl = [e for e in tl if "under control" in " ".join(x.sentence for x in e.evidence)]
    assert any(e.start.hour == 12 and e.start.day == 12 and len(e.outlets) >= 2 for e in ctl)
    for e in tl:  # every event points to real sentences
        for x in e.evidence:
            assert x.sentence in " ".join(
                next(a.text for a in demo.articles if a.id == x.article_id).split()
            )


def test_demo_cast_and_label_pairs(demo: StoryDossier) -> None:
    cast = {m.name: m for m in demo.cast}
    ostrova = {
        _outlet(demo, r.article_id): r.role
        for r in cast["Hana Ostrova"].roles
        if "Minister" in r.role
    }
    assert ostrova["Estmark Rising"] == "Deputy Interior Minister"
    assert ostrova["Meridian Wire"] == "Environment Minister"
    endresen = {_outlet(demo, r.article_id): r.role for r in cast["Lars Endresen"].roles}
    assert endresen["Estmark Ledger"] == "Deputy Fire Chief"
    assert "analyst at Norrvik Securities" in {r.role for r in cast["Johan Vik"].roles}
    pairs = [{u.label for u in p.uses} for p in demo.label_pairs]
    assert {"Environment Minister", "Deputy Interior Minister"} in pairs
    assert {"Chief Fire Officer", "Deputy Fire Chief"} in pairs
    assert len(demo.label_pairs) <= 8
    for p in demo.label_pairs:
        assert len({_outlet(demo, u.article_id) for u in p.uses}) >= 2
        assert all(u.label in u.sentence for u in p.uses)


def test_demo_headlines_hedges_and_sourcing(demo: StoryDossier) -> None:
    heads = {_outlet(demo, h.article_id): h for h in demo.headlines}
    assert len(heads) == 5
    assert {"poisoned", "greed", "toxic", "disaster"} <= set(heads["Estmark Rising"].distinctive)
    framing = {_outlet(demo, f.article_id): f for f in demo.framing}
    assert {"reportedly", "allegedly"} <= set(framing["Estmark Sentinel"].hedges)
    assert framing["Estmark Sentinel"].hedged_sentences > framing["Estmark Ledger"].hedged_sentences
    prof = {p.outlet.removeprefix("The "): p for p in demo.sourcing}
    assert all(p.quotes > 0 for p in prof.values())
    # the Sentinel relays more of its sources through other outlets than the Courier
    assert prof["Estmark Sentinel"].relayed > prof["Varnholm Courier"].relayed


@pytest.mark.shared
def test_seed_dossier_extras(seeds_dir: Path, tmp_path: Path) -> None:
    srcs = sorted(str(p) for p in seeds_dir.glob("*.txt"))
    if len(srcs) < 3:
        pytest.skip("seed texts absent")
    (d,) = [s for s in _run(srcs, tmp_path / "s.db") if len(s.articles) == 3]
    gallant = next(m for m in d.cast if m.name == "Yoav Gallant")
    assert {"Security Minister", "Defense Minister"} <= {r.role for r in gallant.roles}
    assert any(
        {"Security Minister", "Defense Minister"} <= {u.label for u in p.uses}
        for p in d.label_pairs
    )
    assert any(c.attribution == "citation" and "Axios" in c.label for c in d.claims)
    # only Virtual Jerusalem has a publication date (9 Oct 2024, 08:18): "October 1" (Iran's
    # attack) takes the story's year; its only "tonight" is inside an official's quotation
    # given on an unstated day, so it is not put on the publication evening; the undated
    # outlets' "last Friday" / "Tuesday night" cannot be resolved and are left out
    tl = d.timeline
    assert [e.start for e in tl] == sorted(e.start for e in tl)
    assert not any("tonight" in v.value for e in tl for v in e.values)
    assert any(e.start.isoformat().startswith("2024-10-01") for e in tl)
    assert not any(
        "last Friday" in v.value or "Tuesday night" in v.value for e in tl for v in e.values
    )
    heads = {h.article_id: h for h in d.headlines}
    assert any(h.attributed_to == "Axios" for h in heads.values())
