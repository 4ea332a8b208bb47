"""Online story placement through the store: later runs join stored stories, ids stay
stable, merges keep old ids resolvable, the rebuild from the store is deterministic.

Real SQLite files, the real online clusterer (no embeddings: no model needed).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsprism.cli.main import run
from newsprism.cluster.online import OnlineConfig
from newsprism.cluster.scoring import ModelSet, PairModel
from newsprism.cluster.service import StoryAssigner
from newsprism.models import Article, Story
from newsprism.pipeline import ingest
from newsprism.settings import Settings
from newsprism.store import Store

T0 = datetime(2024, 5, 6, 9, 0, tzinfo=UTC)

# Written for these tests: one story told by four outlets, and an unrelated one.
FERRY = [
    (
        "Harbour Post",
        "Ferry crews strike over pay in Lenskaya",
        "Ferry crews in Lenskaya walked out on Monday in a dispute over pay, halting all "
        "sailings to Skarvo island. The Seafarers Union said talks with Lenskaya Ferries had "
        "collapsed after the company offered a two per cent rise.",
    ),
    (
        "Island Herald",
        "Skarvo cut off as Lenskaya ferry strike begins",
        "No ferries left Lenskaya for Skarvo island on Monday as crews began a strike over pay. "
        "The Seafarers Union rejected the two per cent offer from Lenskaya Ferries and said the "
        "walkout would continue until talks resumed.",
    ),
    (
        "Coast Courier",
        "Lenskaya ferry strike enters second day",
        "The strike by Lenskaya ferry crews entered a second day on Tuesday, leaving Skarvo "
        "island without sailings. Lenskaya Ferries said it was ready to return to talks with "
        "the Seafarers Union over pay.",
    ),
    (
        "Morning Ledger",
        "Talks resume in Lenskaya ferry pay dispute",
        "Lenskaya Ferries and the Seafarers Union resumed pay talks on Wednesday as the ferry "
        "strike kept Skarvo island cut off for a third day. Sailings remain suspended.",
    ),
]
BAKERY = (
    "Harbour Post",
    "Old town bakery wins national bread award",
    "A family bakery in the old town of Brenmark won the national sourdough prize on Tuesday. "
    "Owner Ilse Varga said the recipe came from her grandmother and the queue now reaches the "
    "market square every morning.",
)


def _write(dir: Path, name: str, outlet: str, title: str, text: str, when: datetime) -> str:
    path = dir / f"{name}.txt"
    path.write_text(f"{title}\n\n{text}\n", encoding="utf-8")
    meta = {"outlet": outlet, "published": when.isoformat(), "url": f"https://{name}.example/a"}
    (dir / f"{name}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return str(path)


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, str]:
    src = tmp_path / "src"
    src.mkdir()
    out = {}
    for i, (outlet, title, text) in enumerate(FERRY):
        out[f"ferry{i}"] = _write(src, f"ferry{i}", outlet, title, text, T0 + timedelta(hours=20 * i))
    out["bakery"] = _write(src, "bakery", *BAKERY, T0 + timedelta(hours=25))
    return out


SETTINGS = dict(embeddings=False)


def _table(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as con:
        return con.execute(sql).fetchall()


def test_a_later_run_joins_the_stored_story(tmp_path: Path, files: dict[str, str]) -> None:
    db = tmp_path / "n.db"
    settings = Settings(db=f"sqlite:///{db}", **SETTINGS)
    with Store(settings.db) as store:
        r1 = ingest([files["ferry0"], files["ferry1"], files["bakery"]], settings, store)
        ids1 = {p.article_id: p.story_id for p in r1.placements}
        assert len(set(ids1.values())) == 2
        ferry_sid = ids1[r1.article_ids[0]]
        assert ids1[r1.article_ids[1]] == ferry_sid
    # a new process: the clusterer is rebuilt from the store
    with Store(settings.db) as store:
        r2 = ingest([files["ferry2"]], settings, store)
        (p,) = r2.placements
        assert p.story_id == ferry_sid and not p.is_new
        story = store.get_story(ferry_sid)
        assert story is not None and story.id == ferry_sid
        assert story.article_ids == [*r1.article_ids[:2], r2.article_ids[0]]
        assert story.last_seen == T0 + timedelta(hours=40)
    seqs = _table(db, "select article_id, seq from assignments order by seq")
    assert [s for _, s in seqs] == [1, 2, 3, 4]


def test_rerunning_the_same_ingest_writes_nothing(tmp_path: Path, files: dict[str, str], capsys) -> None:
    db = tmp_path / "n.db"
    env = ["--db", str(db)]
    assert run([*env, "ingest", *files.values()]) == 0
    before = _table(db, "select * from assignments order by seq"), _table(db, "select * from stories order by id")
    capsys.readouterr()
    assert run([*env, "ingest", *files.values()]) == 0
    assert "nothing new" in capsys.readouterr().err
    after = _table(db, "select * from assignments order by seq"), _table(db, "select * from stories order by id")
    assert after == before


def test_one_run_or_three_runs_give_the_same_stories(tmp_path: Path, files: dict[str, str]) -> None:
    """The rebuild replays the stored assignments: splitting the stream over runs (new
    processes) changes nothing, and the same input gives the same story ids."""
    order = ["ferry0", "bakery", "ferry1", "ferry2", "ferry3"]

    def partition(db: Path) -> list[tuple[str, str]]:
        return _table(db, "select story_id, article_id from story_articles order by story_id, position")

    one = tmp_path / "one.db"
    s1 = Settings(db=f"sqlite:///{one}", **SETTINGS)
    with Store(s1.db) as store:
        ingest([files[k] for k in order], s1, store)
    three = tmp_path / "three.db"
    s3 = Settings(db=f"sqlite:///{three}", **SETTINGS)
    for chunk in (order[:2], order[2:4], order[4:]):
        with Store(s3.db) as store:
            ingest([files[k] for k in chunk], s3, store)
    assert partition(one) == partition(three)
    assert len({sid for sid, _ in partition(one)}) == 2


def test_stories_command_lists_counts_and_entities(tmp_path: Path, files: dict[str, str], capsys) -> None:
    db = tmp_path / "n.db"
    assert run(["--db", str(db), "ingest", *files.values()]) == 0
    capsys.readouterr()
    assert run(["--db", str(db), "stories", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    ferry = next(r for r in rows if len(r["outlets"]) > 1)
    assert ferry["articles"] == 4 and len(ferry["outlets"]) == 4
    assert ferry["first_seen"].startswith("2024-05-06T09:00")
    assert ferry["last_seen"].startswith("2024-05-08T21:00")
    assert "Seafarers Union" in ferry["top_entities"]
    assert run(["--db", str(db), "stories"]) == 0
    table = capsys.readouterr().out
    assert ferry["id"] in table and "Seafarers" in table


# -- merges ------------------------------------------------------------------------------

# joins whenever bodies share enough words: lets a bridging article merge two stories
_EAGER = ModelSet([PairModel(("body", "title"), (10.0, 0.0), -1.5, threshold=0.5)])
_CFG = OnlineConfig(use_embeddings=False, use_entities=False, use_time=False, dedup=False)


def _art(store: Store, aid: str, title: str, text: str, hours: int) -> Article:
    a = Article(id=aid, title=title, text=text, published=T0 + timedelta(hours=hours), outlet=aid)
    store.upsert_article(a)
    return a


def test_a_merge_is_recorded_and_old_ids_resolve(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    with Store(url) as store:
        a = _art(store, "m-a", "Harbour fire", "harbour fire quay warehouse smoke crews", 0)
        b = _art(store, "m-b", "Ferry strike", "ferry strike union pay talks sailings", 1)
        pa, pb = StoryAssigner(store, config=_CFG, models=_EAGER).assign([a, b])
        assert pa.is_new and pb.is_new and pa.story_id != pb.story_id
    with Store(url) as store:  # a later run: rebuilt from the store, then the bridge
        bridge = _art(
            store, "m-c", "Fire and strike",
            "harbour fire quay warehouse smoke crews ferry strike union pay talks sailings", 2,
        )
        (pc,) = StoryAssigner(store, config=_CFG, models=_EAGER).assign([bridge])
        assert pc.merged == ((pb.story_id, pa.story_id),)
        assert pc.story_id == pa.story_id
        assert store.story_merges()[0][:2] == (pb.story_id, pa.story_id)
        assert store.resolve_story_id(pb.story_id) == pa.story_id
        old = store.get_story(pb.story_id)
        assert old is not None and old.id == pa.story_id
        assert old.article_ids == ["m-a", "m-b", "m-c"]
        assert [s.id for s in store.stories()] == [pa.story_id]
        assert store.story_ids_for_articles(["m-b"]) == {"m-b": pa.story_id}


def test_merge_chains_are_repointed(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 'c.db'}") as store:
        arts = [_art(store, f"c{i}", f"t{i}", f"text {i}", i) for i in range(4)]
        for i, a in enumerate(arts[:3]):
            store.assign_article(a, f"s{i}")
        store.assign_article(arts[3], "s1", merges=[("s2", "s1", None)])
        c4 = _art(store, "c4", "t4", "text 4", 0)
        store.assign_article(c4, "s0", merges=[("s1", "s0", None)])
        assert store.resolve_story_id("s2") == "s0"
        assert {m[0]: m[1] for m in store.story_merges()} == {"s2": "s0", "s1": "s0"}
        s0 = store.get_story("s2")
        assert s0 is not None and s0.id == "s0"
        assert s0.article_ids == ["c0", "c1", "c2", "c3", "c4"]
        assert s0.first_seen == T0 and s0.last_seen == T0 + timedelta(hours=3)


def test_merge_drops_stale_dossiers_and_is_atomic(tmp_path: Path) -> None:
    from newsprism.errors import StoreError

    with Store(f"sqlite:///{tmp_path / 'd.db'}") as store:
        a = _art(store, "d-a", "t", "x", 0)
        b = _art(store, "d-b", "t", "y", 1)
        store.assign_article(a, "sa")
        store.assign_article(b, "sb")
        c = _art(store, "d-c", "t", "z", 2)
        with pytest.raises(StoreError):
            store.assign_article(c, "sa", merges=[("sb", "ghost", None)])
        assert store.assigned(["d-c"]) == set()  # nothing of the failed placement remains
        assert store.story_merges() == []
        assert {s.id for s in store.stories()} == {"sa", "sb"}


def test_duplicates_are_linked_to_their_original(tmp_path: Path) -> None:
    text = (
        "The national weather office issued a red warning for the northern coast on Friday, "
        "saying winds of up to 140 kilometres an hour would hit Lenskaya and Skarvo overnight "
        "and that ferries, trains and schools should expect closures through Saturday morning."
    )
    with Store(f"sqlite:///{tmp_path / 'dup.db'}") as store:
        orig = _art(store, "w-1", "Red storm warning for the north", text, 0)
        copy = _art(store, "w-2", "Red storm warning for north coast", text + " (Wire)", 1)
        p1, p2 = StoryAssigner(store, embeddings=False).assign([orig, copy])
        assert p2.duplicate_of == "w-1" and p2.story_id == p1.story_id
        assert store.duplicates() == {"w-2": "w-1"}
        (row,) = store.story_summaries()
        assert row.duplicates == 1 and row.articles == 2


def test_legacy_story_members_keep_their_story(tmp_path: Path) -> None:
    """A store written before online clustering: grouped articles keep their story."""
    with Store(f"sqlite:///{tmp_path / 'l.db'}") as store:
        a = _art(store, "l-a", "Harbour fire", "harbour fire quay", 0)
        b = _art(store, "l-b", "Budget vote", "budget vote parliament", 1)
        store.save_story(Story(id="slegacy", title="Old grouping", article_ids=["l-a", "l-b"]))
        placed = StoryAssigner(store, embeddings=False).assign([a, b])
        assert {p.story_id for p in placed} == {"slegacy"}
        assert store.get_story("slegacy").article_ids == ["l-a", "l-b"]  # type: ignore[union-attr]
        assert store.assigned(["l-a", "l-b"]) == {"l-a", "l-b"}


@pytest.mark.model
def test_analyze_writes_the_dossier_of_the_whole_stored_story(
    tmp_path: Path, files: dict[str, str], capsys
) -> None:
    """``analyze SRC`` covers the story SRC joined, earlier-stored articles included."""
    db = tmp_path / "n.db"
    env = ["--db", str(db), "--config", str(_no_embeddings(tmp_path))]
    assert run([*env, "ingest", files["ferry0"], files["ferry1"], files["bakery"]]) == 0
    capsys.readouterr()
    assert run([*env, "analyze", files["ferry2"], "-f", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    (story,) = doc["stories"]
    assert sorted(a["outlet"] for a in story["articles"]) == ["Coast Courier", "Harbour Post", "Island Herald"]
    assert _table(db, "select count(*) from analyses") == [(3,)]  # the bakery was not needed
    assert _table(db, "select count(*) from dossiers") == [(1,)]


def _no_embeddings(tmp_path: Path) -> Path:
    cfg = tmp_path / "cfg.toml"
    cfg.write_text("embeddings = false\n", encoding="utf-8")
    return cfg


@pytest.mark.shared
def test_one_store_run_equals_the_in_memory_clusterer(data_dir: Path, tmp_path: Path) -> None:
    """The store-backed wrapper changes no decision: on a slice of the real dated stream,
    one run through the store gives the in-memory clusterer's partition and merges."""
    from newsprism.bench.cluster_data import load_allsides, load_basil
    from newsprism.cluster.online import OnlineClusterer
    from newsprism.cluster.service import _time_key

    arts = sorted(
        (it.article for it in load_basil(data_dir) + load_allsides(data_dir) if it.article.published),
        key=_time_key,
    )[:300]
    cfg = OnlineConfig(use_embeddings=False)
    oc = OnlineClusterer(config=cfg)
    for a in arts:
        oc.add(a)
    with Store(f"sqlite:///{tmp_path / 'r.db'}") as store:
        for a in arts:
            store.upsert_article(a)
        StoryAssigner(store, config=cfg, embeddings=False).assign(arts)
        stored = {s.id: sorted(s.article_ids) for s in store.stories()}
        merged = {m[0] for m in store.story_merges()}
        survivors = {m.from_id: store.resolve_story_id(m.from_id) for m in oc.merges}
    assert stored == {s.id: sorted(s.article_ids) for s in oc.stories()}
    assert merged == {m.from_id for m in oc.merges}
    assert all(sid in stored for sid in survivors.values())


def test_copies_count_once_in_consensus() -> None:
    from newsprism.models import ArticleRef, Evidence, Fact, StoryDossier
    from newsprism.pipeline import count_copies_once

    def ref(aid: str, outlet: str) -> ArticleRef:
        return ArticleRef(id=aid, outlet=outlet, title="t", published=T0, source=aid, text="x")

    def fact(ids: list[str], independent: int) -> Fact:
        return Fact(
            id="f" + "".join(ids), kind="consensus", summary="s", articles=ids,
            evidence=[Evidence(article_id=i, sentence="s") for i in ids], independent=independent,
        )

    d = StoryDossier(
        id="s", title="t",
        articles=[ref("wire", "Wire"), ref("copy", "Daily"), ref("own", "Herald")],
        facts=[fact(["wire", "copy", "own"], 3), fact(["copy", "own"], 2), fact(["wire", "copy"], 1)],
    )
    got = count_copies_once(d, {"copy": "wire"})
    # the copy adds nothing next to its original; without the original it is the only
    # version this fact has of the wire text and still counts; counts are never raised
    assert [f.independent for f in got.facts] == [2, 2, 1]
    assert count_copies_once(d, {}) is d


def test_the_summary_counts_stories_that_existed_before_the_run(
    tmp_path: Path, files: dict[str, str], capsys
) -> None:
    env = ["--db", str(tmp_path / "n.db"), "--config", str(_no_embeddings(tmp_path))]
    assert run([*env, "ingest", files["ferry0"], files["ferry1"], files["bakery"]]) == 0
    assert "2 new stories, 0 existing grew" in capsys.readouterr().err  # ferry1 joined a new one
    assert run([*env, "ingest", files["ferry2"]]) == 0
    assert "0 new stories, 1 existing grew" in capsys.readouterr().err


def test_story_list_counts_each_outlet_less_article_as_its_own_outlet(tmp_path: Path) -> None:
    """As the dossier does: two pasted files with no outlet are two outlets, not one "?"."""
    with Store(f"sqlite:///{tmp_path / 'o.db'}") as store:
        arts = []
        for k, (aid, outlet) in enumerate([("o-1", None), ("o-2", None), ("o-3", "Gazette")]):
            a = Article(id=aid, title="Harbour fire", text="harbour fire quay warehouse smoke",
                        published=T0 + timedelta(hours=k), outlet=outlet, source=f"/in/{aid}.txt")
            store.upsert_article(a)
            arts.append(a)
        store.save_story(Story(id="sfire", title="Harbour fire", article_ids=[a.id for a in arts]))
        (row,) = store.story_summaries()
        assert row.outlets == {"[o-1.txt]": 1, "[o-2.txt]": 1, "Gazette": 1}
