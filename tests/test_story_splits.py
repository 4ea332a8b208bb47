"""Story splits in the product (opt-in): the clusterer's split reaches the store through the
service, memberships move in one transaction with the article's placement, the split is
recorded, both stories' first/last seen are right, a re-run writes nothing, a failed
placement leaves the store as it was; with the switch off nothing splits.

Real SQLite files, the real online clusterer (no embeddings) with invented models: an
always-join model puts two stories a day apart into one, and a split model whose P(one
story) rises with the two parts' body cosine parts them again (as in
``test_online_cluster``'s split test).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from test_store_api import store_url as store_url  # noqa: PLC0414  the fixture (SQLite, and PostgreSQL when there is one), re-exported

from newsprism.cli.main import run
from newsprism.cluster.online import OnlineClusterer, OnlineConfig
from newsprism.cluster.scoring import DEFAULT_SPLIT_MODELS, SPLIT_CONFIG, ModelSet, PairModel
from newsprism.cluster.service import StoryAssigner, split_config
from newsprism.cluster.simple import story_id
from newsprism.errors import StoreError
from newsprism.models import Article
from newsprism.settings import Settings
from newsprism.store import Store
from newsprism.store.stream import StorySplit

T0 = datetime(2024, 5, 6, 9, 0, tzinfo=UTC)

FIRE = [
    "Fire destroys warehouse on Estmark quay, crews fight blaze through night",
    "Estmark quay warehouse fire burns through night as crews fight the blaze",
    "Crews contain Estmark quay warehouse blaze after fire burned all night",
]
VOTE = [
    "Estmark council votes to raise parking fees and cut library hours",
    "Parking fees rise and library hours cut after Estmark council votes",
    "Estmark council library cuts and parking fee rise pass in vote",
]
ALWAYS = ModelSet([PairModel(("body", "title", "brel"), (10.0, 0.0, 0.0), 0.0, 0.5)])
SPLIT = ModelSet([PairModel(("body", "title", "brel"), (10.0, 0.0, 0.0), -5.0)])
CFG = OnlineConfig(use_embeddings=False, use_time=False, merge=False, split_threshold=0.5)

SF, SV = story_id("f0"), story_id("v0")
V_AT = [T0 + timedelta(days=1, hours=2 * k) for k in range(3)]
COPY_F_AT = T0 + timedelta(hours=20)  # a late wire copy of the fire story: its last date


def _stream() -> list[Article]:
    """In time order: the fire story (with a wire copy 20 h later), then the council vote
    (with a wire copy of its first report); only the town name links the two."""
    arts = [
        Article(id=f"f{k}", title=t.split(",")[0], text=t, published=T0 + timedelta(hours=k), outlet=f"o{k}")
        for k, t in enumerate(FIRE)
    ]
    arts.append(Article(id="f2-copy", title=arts[2].title, text=arts[2].text, published=COPY_F_AT, outlet="w"))
    votes = [Article(id=f"v{k}", title=t, text=t, published=V_AT[k], outlet=f"p{k}") for k, t in enumerate(VOTE)]
    copy = Article(id="v0-copy", title=votes[0].title, text=votes[0].text, published=V_AT[0] + timedelta(minutes=5))
    return [*arts, votes[0], copy, *votes[1:]]


def _assigner(store: Store, config: OnlineConfig = CFG) -> StoryAssigner:
    return StoryAssigner(store, config=config, models=ALWAYS, split_models=SPLIT, embeddings=False)


def _store(path: Path) -> tuple[str, dict[str, Article]]:
    url = f"sqlite:///{path}"
    arts = {a.id: a for a in _stream()}
    with Store(url) as store:
        for a in arts.values():
            store.upsert_article(a)
    return url, arts


TABLES = ("stories", "story_articles", "assignments", "story_merges", "story_splits", "dossiers")


def _snapshot(db: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(db) as con:
        return {t: sorted(con.execute(f"select * from {t}").fetchall(), key=repr) for t in TABLES}


def _members(db: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    with sqlite3.connect(db) as con:
        for sid, aid in con.execute("select story_id, article_id from story_articles order by story_id, position"):
            out.setdefault(sid, []).append(aid)
    return out


def _first_run(url: str, arts: dict[str, Article]) -> None:
    """Everything before the split: the fire story, its copy, the first vote report and its
    copy all join one story (one member of the vote story: no split can be tested yet)."""
    with Store(url) as store:
        placed = _assigner(store).assign([arts[k] for k in ("f0", "f1", "f2", "f2-copy", "v0", "v0-copy")])
    assert {p.story_id for p in placed} == {SF} and not any(p.split for p in placed)


def _check_split(store: Store) -> None:
    assert {s.id: s.article_ids for s in store.stories()} == {
        SF: ["f0", "f1", "f2", "f2-copy"],
        SV: ["v0", "v0-copy", "v1", "v2"],
    }
    assert store.story_splits() == [(SF, SV, "v0", V_AT[1])]
    fire, vote = store.get_story(SF), store.get_story(SV)
    assert fire is not None and vote is not None
    assert (fire.first_seen, fire.last_seen) == (T0, COPY_F_AT)
    assert (vote.first_seen, vote.last_seen) == (V_AT[0], V_AT[2])
    assert vote.title == VOTE[0]
    assert store.duplicates() == {"f2-copy": "f2", "v0-copy": "v0"}
    assert store.resolve_story_id(SV) == SV and store.resolve_story_id(SF) == SF
    rows = {r.id: r for r in store.story_summaries()}
    assert rows[SV].split_from == SF and rows[SF].split_from is None
    assert rows[SV].articles == 4 and rows[SV].duplicates == 1


def test_a_split_moves_the_newer_part_in_a_later_run_and_is_recorded(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    url, arts = _store(db)
    _first_run(url, arts)
    with Store(url) as store:  # a new process: the clusterer is rebuilt from the store
        p1, p2 = _assigner(store).assign([arts["v1"], arts["v2"]])
        # the second vote report gives the vote story two members: it leaves the fire story
        assert p1.split == ((SF, SV),) and p1.story_id == SV and not p1.is_new
        assert p2.story_id == SV and p2.split == ()
        _check_split(store)
    before = _snapshot(db)
    with Store(url) as store:  # the same ingest again writes nothing
        assert _assigner(store).assign(list(arts.values())) == []
    assert _snapshot(db) == before
    with Store(url) as store:  # a later vote report joins the new story, rebuilt from the store
        more = Article(id="v3", title="Estmark council vote on parking fees and library hours",
                       text=VOTE[2], published=V_AT[2] + timedelta(hours=1))
        store.upsert_article(more)
        (p3,) = _assigner(store).assign([more])
        assert p3.story_id == SV and p3.split == ()
        assert _members(db)[SV][-1] == "v3" and store.story_splits() == [(SF, SV, "v0", V_AT[1])]


def test_a_split_on_every_store_backend(store_url: str) -> None:
    """The same split through the service on SQLite and, when there is one, PostgreSQL."""
    arts = _stream()
    with Store(store_url) as store:
        for a in arts:
            store.upsert_article(a)
        _assigner(store).assign(arts[:6])
        _assigner(store).assign(arts[6:])
        _check_split(store)


def test_one_run_or_two_runs_split_alike(tmp_path: Path) -> None:
    one = tmp_path / "one.db"
    url, arts = _store(one)
    with Store(url) as store:
        _assigner(store).assign(list(arts.values()))
        _check_split(store)
    two = tmp_path / "two.db"
    url2, _ = _store(two)
    _first_run(url2, arts)
    with Store(url2) as store:
        _assigner(store).assign([arts["v1"], arts["v2"]])
    assert _members(one) == _members(two)


def test_the_clusterer_recomputes_both_parts_time_spans() -> None:
    """The older part keeps the late wire copy's date as its last seen (it was lost: the
    copy has no vectors among the members the split recomputes the span from)."""
    oc = OnlineClusterer(config=CFG, models=ALWAYS, split_models=SPLIT)
    for a in _stream():
        oc.add(a)
    spans = {s.id: (s.first_seen, s.last_seen) for s in oc.stories()}
    assert spans == {SF: (T0, COPY_F_AT), SV: (V_AT[0], V_AT[2])}


def test_after_a_split_the_older_part_is_indexed_only_under_its_own_articles_terms() -> None:
    """The council vote's terms brought the fire story onto their postings while the vote
    report sat in it; after the split the fire story must not be retrieved by them (it
    would take a candidate slot from the vote story)."""
    oc = OnlineClusterer(config=CFG, models=ALWAYS, split_models=SPLIT)
    for a in _stream():
        oc.add(a)
    live = {s.id: s for s in oc._stories if getattr(s, "active", False)}
    for sid in (SF, SV):
        s = live[sid]
        own = {term for _, _, _, d in s.members for term, _ in d.keys}
        posted = {term for term, post in oc._postings.items() if s.idx in post}
        assert posted == own == s.indexed
    council = oc._vocab.ids(["council"])
    assert council and set(council) <= live[SV].indexed
    assert all(live[SF].idx not in oc._postings[t] for t in council)


def test_with_the_switch_off_nothing_splits(tmp_path: Path) -> None:
    db = tmp_path / "off.db"
    url, arts = _store(db)
    with Store(url) as store:
        placed = _assigner(store, split_config(CFG, False)).assign(list(arts.values()))
        assert {p.story_id for p in placed} == {SF} and not any(p.split for p in placed)
        assert store.story_splits() == []
    assert list(_members(db)) == [SF]


def test_a_failed_placement_leaves_the_store_unchanged_and_a_retry_splits(tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    url, arts = _store(db)
    _first_run(url, arts)
    before = _snapshot(db)
    with sqlite3.connect(db) as con:  # the placement's last write fails, after the split's
        con.execute(
            "create trigger boom before insert on assignments when new.article_id = 'v1' "
            "begin select raise(abort, 'disk on fire'); end"
        )
    with Store(url) as store:
        assigner = _assigner(store)
        with pytest.raises(StoreError):
            assigner.assign([arts["v1"], arts["v2"]])
        assert _snapshot(db) == before
        with sqlite3.connect(db) as con:
            con.execute("drop trigger boom")
        # the same assigner again (as ``watch`` keeps it): rebuilt, so the split is redone
        p1, _ = assigner.assign([arts["v1"], arts["v2"]])
        assert p1.split == ((SF, SV),)
        _check_split(store)


def test_a_split_that_does_not_fit_the_stored_story_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    url, arts = _store(db)
    _first_run(url, arts)
    before = _snapshot(db)
    with Store(url) as store:
        for moved in (("v0", "nowhere"), ("f0", "f1", "f2", "f2-copy", "v0", "v0-copy"), ()):
            bad = StorySplit(SF, SV, "v0", moved, V_AT[1])
            with pytest.raises(StoreError):
                store.assign_article(arts["v1"], SV, splits=[bad])
    assert _snapshot(db) == before


def test_a_split_revives_an_id_merged_away_before(store_url: str) -> None:
    """A story merged into another and then split off again with the same first article
    gets its old id back as a live story, and the merge record of that id goes."""
    with Store(store_url) as store:
        arts = []
        for i in range(5):
            a = Article(id=f"c{i}", title=f"t{i}", text=f"text {i}", published=T0 + timedelta(hours=i))
            store.upsert_article(a)
            arts.append(a)
        for a, sid in zip(arts[:4], ("s0", "s0", "s1", "s1"), strict=True):
            store.assign_article(a, sid)
        store.assign_article(arts[4], "s0", merges=[("s1", "s0", None)])
        assert store.resolve_story_id("s1") == "s0"
        c5 = Article(id="c5", title="t5", text="text 5", published=T0 + timedelta(hours=5))
        store.upsert_article(c5)
        store.assign_article(c5, "s1", splits=[StorySplit("s0", "s1", "c2", ("c2", "c3"), c5.published)])
        assert store.resolve_story_id("s1") == "s1" and store.story_merges() == []
        s0, s1 = store.get_story("s0"), store.get_story("s1")
        assert s0 is not None and s1 is not None
        assert s0.article_ids == ["c0", "c1", "c4"] and s1.article_ids == ["c2", "c3", "c5"]
        assert (s0.first_seen, s0.last_seen) == (T0, T0 + timedelta(hours=4))
        assert (s1.first_seen, s1.last_seen) == (T0 + timedelta(hours=2), T0 + timedelta(hours=5))
        assert s1.title == "t2"


def test_an_old_database_gets_the_splits_table_and_keeps_its_data(tmp_path: Path) -> None:
    from alembic import command
    from sqlalchemy import create_engine, inspect

    import newsprism.store.store as store_module

    url = f"sqlite:///{tmp_path / 'old.db'}"
    with Store(url) as store:
        store.upsert_article(Article(id="k", title="Kept", text="still here"))
    engine = create_engine(url)
    cfg = store_module._alembic_config()
    with engine.begin() as conn:  # back to the schema before splits
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0003")
    assert not inspect(engine).has_table("story_splits")
    engine.dispose()
    with Store(url) as store:
        assert store.get_article("k") is not None and store.story_splits() == []
    engine = create_engine(url)
    assert inspect(engine).has_table("story_splits")
    engine.dispose()


def test_the_switch_reaches_the_assigner_from_settings_and_the_cli(tmp_path: Path, monkeypatch) -> None:
    import newsprism.pipeline as pipeline

    off = pipeline.make_assigner(Settings(db="sqlite://", embeddings=False), None)
    assert off.config.split_threshold is None
    on = pipeline.make_assigner(Settings(db="sqlite://", embeddings=False, story_splits=True), None)
    assert on.config.split_threshold == SPLIT_CONFIG["split_threshold"]
    assert on.config.merge_threshold == SPLIT_CONFIG["merge_threshold"]
    assert on.split_models is DEFAULT_SPLIT_MODELS
    seen: list[bool] = []
    real = pipeline.make_assigner
    monkeypatch.setattr(pipeline, "make_assigner", lambda s, st: (seen.append(s.story_splits), real(s, st))[1])
    src = tmp_path / "a.txt"
    src.write_text("Harbour fire\n\nA warehouse burned on the quay overnight.\n", encoding="utf-8")
    db = ["--db", str(tmp_path / "c.db"), "--config", str(_no_embeddings(tmp_path))]
    for flag in ("--split", "--no-split"):
        assert run([*db, "ingest", flag, str(src)]) == 0
    assert run([*db, "ingest", str(src)]) == 0
    assert seen[0] is True and seen[1:] == [False] * (len(seen) - 1)


def test_the_stories_command_shows_a_split(tmp_path: Path, capsys, monkeypatch) -> None:
    import newsprism.cli.main as cli

    db = tmp_path / "l.db"
    url, arts = _store(db)
    with Store(url) as store:
        _assigner(store).assign(list(arts.values()))
    assert run(["--db", str(db), "stories", "--json"]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows[SV]["split_from"] == SF and rows[SF]["split_from"] is None
    monkeypatch.setattr(cli.out, "_width", 200)  # the wide table: one line per story
    assert run(["--db", str(db), "stories"]) == 0
    (line,) = [x for x in capsys.readouterr().out.splitlines() if x.startswith(SV)]
    assert line.rstrip().endswith(f"{VOTE[0]} (split from {SF})")


def _no_embeddings(tmp_path: Path) -> Path:
    cfg = tmp_path / "cfg.toml"
    cfg.write_text("embeddings = false\n", encoding="utf-8")
    return cfg


def test_watch_rebuilds_both_parts_dossiers_and_counts_the_split(tmp_path: Path) -> None:
    from newsprism.pipeline import split_parts
    from newsprism.watch import PollReport

    db = tmp_path / "w.db"
    url, arts = _store(db)
    with Store(url) as store:
        placed = _assigner(store).assign(list(arts.values()))
        # the part the new articles did not join lost its dossier too: one of its
        # articles goes to the dossier rebuild with the new ones
        assert split_parts(placed, store) == ["f0", "v0"]
    rep = PollReport(1, T0, placements=placed)
    assert "1 split" in rep.line()
    assert "split" not in PollReport(1, T0, placements=placed[:3]).line()


def test_the_in_memory_clustering_splits_when_its_config_says_so() -> None:
    """``cluster_in_memory`` (dossiers built without a store, and the benchmarks) follows the
    split cut of its config, as the store-backed assigner does."""
    from newsprism.cluster.service import cluster_in_memory

    def stories(config: OnlineConfig) -> dict[str, list[str]]:
        got = cluster_in_memory(_stream(), embeddings=False, config=config, models=ALWAYS, split_models=SPLIT)
        return {s.id: s.article_ids for s in got}

    assert stories(CFG) == {SF: ["f0", "f1", "f2", "f2-copy"], SV: ["v0", "v0-copy", "v1", "v2"]}
    assert stories(split_config(CFG, False)) == {SF: [a.id for a in _stream()]}


def test_dossiers_built_without_a_store_take_the_split_setting(monkeypatch) -> None:
    import newsprism.cluster.service as service
    import newsprism.pipeline as pipeline

    seen = []
    monkeypatch.setattr(service, "cluster_in_memory", lambda arts, **kw: seen.append(kw["config"]) or [])
    for on in (True, False):
        pipeline.build_dossiers([], {}, Settings(db="sqlite://", embeddings=False, story_splits=on))
    assert [c.split_threshold for c in seen] == [SPLIT_CONFIG["split_threshold"], None]
    assert seen[0].merge_threshold == SPLIT_CONFIG["merge_threshold"]


@pytest.mark.model
def test_analyze_rebuilds_the_dossier_of_the_part_the_new_articles_left(tmp_path: Path, monkeypatch) -> None:
    """A second ``analyze`` run brings the later vote reports: the story splits, the store
    drops both parts' dossiers, and both are built again (before, only the new articles'
    part was, and the fire story was left without one)."""
    import newsprism.pipeline as pipeline

    monkeypatch.setattr(pipeline, "make_assigner", lambda settings, store: _assigner(store))
    arts = _stream()
    files = []
    for k, a in enumerate(arts):
        f = tmp_path / f"{k}-{a.id}.txt"
        f.write_text(f"{a.title}\n\n{a.text}\n", encoding="utf-8")
        files.append((f, a))
    settings = Settings(db=f"sqlite:///{tmp_path / 'a.db'}", embeddings=False)
    late = {"v1", "v2"}
    with Store(settings.db) as store:
        for batch in ([x for x in files if x[1].id not in late], [x for x in files if x[1].id in late]):
            for f, a in batch:
                pipeline.analyze([str(f)], settings, store, overrides={"published": a.published.isoformat()})
        stories = store.stories()
        assert len(stories) == 2 and len(store.story_splits()) == 1
        assert all(store.get_dossier(s.id) is not None for s in stories)
