"""Clustering metrics and the benchmark's data plumbing."""

from __future__ import annotations

import pytest

from newsprism.bench.cluster import bcubed, pairwise, score_partition
from newsprism.bench.cluster_data import Item, drop_shared, is_tuning, sort_stream, synthetic_stream
from newsprism.cluster.online import OnlineClusterer, OnlineConfig
from newsprism.models import Article


def test_perfect_partition_scores_one():
    gold = {"a": "1", "b": "1", "c": "2"}
    assert bcubed(gold, gold) == (1.0, 1.0, 1.0)
    assert pairwise(gold, gold) == (1.0, 1.0, 1.0)


def test_all_in_one_cluster():
    gold = {"a": "1", "b": "1", "c": "2", "d": "2"}
    pred = dict.fromkeys(gold, "x")
    p, r, f = bcubed(pred, gold)
    assert (p, r) == (0.5, 1.0) and f == pytest.approx(2 / 3)
    p, r, _ = pairwise(pred, gold)
    assert p == pytest.approx(2 / 6) and r == 1.0


def test_singletons():
    gold = {"a": "1", "b": "1", "c": "1"}
    pred = {k: k for k in gold}
    assert bcubed(pred, gold)[:2] == (1.0, pytest.approx(1 / 3))
    assert pairwise(pred, gold)[1] == 0.0
    assert score_partition(pred, gold)["pred_stories"] == 3


def test_stories_sharing_an_article_with_the_tuning_data_are_left_out():
    def item(i: str, story: str, title: str, text: str) -> Item:
        return Item(Article(id=i, title=title, text=text), gold=story, source="x")

    lead = ("The harbour board voted on Tuesday to close the Kestrel container terminal for "
            "three weeks of repairs to its northern quay, a spokesman said after the meeting.")
    dated = [item("d1", "s", "Kestrel terminal to close for repairs", lead)]
    items = [
        # the same title, written another way
        item("n1", "a", "Kestrel Terminal to Close for Repairs!", "Different words entirely here."),
        item("n2", "a", "Other title", "More words."),
        # most of its text inside the dated article
        item("n3", "b", "Quay works", lead[:120] + " Unions objected."),
        # the same event in other words: kept
        item("n4", "c", "Port shuts a terminal", "Dockers will lose three weeks of work while the "
             "northern quay of the Kestrel terminal is repaired, the union said on Tuesday."),
        item("n5", "d", "Two", "A short title is not matched on its own."),
    ]
    kept, dropped = drop_shared(items, dated + [item("d2", "t", "Two", "Something else.")])
    assert dropped == 2 and [it.article.id for it in kept] == ["n4", "n5"]


def test_split_is_fixed_and_about_half():
    ids = [str(i) for i in range(400)]
    tune = [i for i in ids if is_tuning("x", i)]
    assert tune == [i for i in ids if is_tuning("x", i)]
    assert 150 < len(tune) < 250


def test_synthetic_stream_is_time_ordered_and_deterministic():
    bases = [
        [
            Article(
                id=f"b{i}-{k}",
                title=f"Story {i}",
                text=f"Event {i} happened. It was big. Officials spoke. More came {k}.",
            )
            for k in range(2)
        ]
        for i in range(20)
    ]
    a = list(synthetic_stream(bases, 200, per_day=100))
    b = list(synthetic_stream(bases, 200, per_day=100))
    assert [x[0].id for x in a] == [x[0].id for x in b]
    times = [x[0].published for x in a]
    assert times == sorted(times) and len(a) == 200


def test_tune_threshold_reports_the_criterion_it_maximises():
    """The chosen cuts are on the grids, and the returned criterion is the mean of BCubed
    and pairwise F1 that the clusterer reaches with them."""
    from dataclasses import replace
    from datetime import UTC, datetime, timedelta

    from newsprism.bench.cluster import (
        MERGE_THRESHOLDS,
        THRESHOLDS,
        _all_threshold,
        cluster_stream,
        tune_threshold,
    )
    from newsprism.bench.cluster_data import Item
    from newsprism.cluster.online import OnlineConfig
    from newsprism.cluster.scoring import DEFAULT_MODELS

    t0 = datetime(2024, 5, 1, tzinfo=UTC)
    topics = {
        "dam": "Dam on the Orra river bursts, flooding Velden valley villages",
        "vote": "Lirian parliament votes down pension reform bill after long debate",
        "ship": "Cargo ship Meriden runs aground near Kessel port, oil leaks",
    }
    items = []
    for k, (g, text) in enumerate(topics.items()):
        for j in range(3):
            items.append(
                Item(
                    Article(
                        id=f"{g}{j}",
                        title=text.split(",")[0],
                        text=f"{text}. Report {j} from the scene, officials said.",
                        published=t0 + timedelta(hours=k * 5 + j),
                    ),
                    gold=g,
                    source="x",
                )
            )
    items.sort(key=lambda it: it.article.published)
    cfg = OnlineConfig(use_embeddings=False)
    thr, merge, crit = tune_threshold(items, cfg, DEFAULT_MODELS, None)
    assert thr in THRESHOLDS and (merge is None or merge in MERGE_THRESHOLDS)
    gold = {it.article.id: it.gold for it in items}
    pred, _ = cluster_stream(
        items, replace(cfg, merge_threshold=merge), _all_threshold(DEFAULT_MODELS, thr), None
    )
    assert crit == round(0.5 * (bcubed(pred, gold)[2] + pairwise(pred, gold)[2]), 4)
    assert crit == 1.0  # three clearly separate stories are found exactly
    # no merge happens at any cut, so every merge cut ties: the strictest is kept
    assert merge == max(MERGE_THRESHOLDS)
    # split models: fitted on group pairs of both kinds; a split cannot improve on a
    # perfect partition, so the tie goes to no split
    from newsprism.bench.cluster import calibrate_split, tune_split

    split_models, n = calibrate_split(items, cfg, None)
    assert n > 0 and split_models.models()
    models = _all_threshold(DEFAULT_MODELS, thr)
    st, st_crit = tune_split(items, replace(cfg, merge_threshold=merge), models, split_models, None)
    assert (st, st_crit) == (None, 1.0)
    # the merge cut chosen again with splits on: every cut ties, the strictest is kept
    from newsprism.bench.cluster import tune_merge_after_split

    cfg_s = replace(cfg, merge_threshold=merge, split_threshold=0.9, rejoin=True)
    assert tune_merge_after_split(items, cfg_s, models, split_models, None, thr) == (
        max(MERGE_THRESHOLDS),
        1.0,
    )


def test_embedding_cache_on_disk_embeds_each_text_once(tmp_path, monkeypatch):
    """``--embed-cache``: a second run over the same texts embeds nothing and returns the
    same vectors; a new text is embedded and added."""
    import numpy as np

    import newsprism.bench.cluster as bc
    from newsprism.bench.cluster_data import Item
    from newsprism.cluster.online import OnlineConfig
    from newsprism.embed import HashingEmbedder

    calls: list[int] = []

    class Counting(HashingEmbedder):
        def embed(self, texts):
            calls.append(len(texts))
            return super().embed(texts)

    monkeypatch.setattr(bc, "default_embedder", lambda: Counting(dim=16))

    def item(i, text):
        return Item(Article(id=f"a{i}", title=f"Title {i}", text=text), gold="g", source="x")

    items = [item(0, "Dam on the Orra river bursts"), item(1, "Ship runs aground near Kessel")]
    first = bc._embed_all(items, OnlineConfig(), tmp_path)
    assert sum(calls) == 2
    again = bc._embed_all(items, OnlineConfig(), tmp_path)
    assert sum(calls) == 2  # nothing re-embedded
    assert all(np.array_equal(first[k], again[k]) for k in first)
    more = bc._embed_all(items + [item(2, "Parliament votes down pension bill")], OnlineConfig(), tmp_path)
    assert sum(calls) == 3 and set(more) == {"a0", "a1", "a2"}


def test_allsides_excerpt_stamped_on_the_day_its_link_names():
    from datetime import datetime, timedelta, timezone

    from newsprism.bench.cluster_data import _allsides_stamp

    tz = timezone(timedelta(hours=-7))
    roundup = datetime(2021, 5, 18, 6, 30, tzinfo=tz)
    day = datetime(2021, 5, 18, tzinfo=tz)

    def stamp(link, url_dates=True):
        return _allsides_stamp(roundup, link or "k", link, 24, url_dates)

    for k in range(20):  # the roundup's own day: between midnight and the roundup
        assert day <= stamp(f"https://x.com/2021/05/18/story-{k}") <= roundup
    earlier = stamp("https://x.com/2021/05/14/old-piece")
    assert day - timedelta(days=4) <= earlier < day - timedelta(days=3)
    for link in ("https://x.com/news/story", "https://x.com/2021/05/19/later", None):
        assert roundup - timedelta(hours=24) < stamp(link) <= roundup
    assert roundup - timedelta(hours=24) < stamp("https://x.com/2021/05/14/a", False) <= roundup


def test_the_cli_bench_ends_with_one_json_line_on_stdout(data_dir, capsys):
    """Like every other bench: tables on standard error, one JSON line on standard output."""
    import json

    from newsprism.cli.main import run

    assert run(["bench", "cluster", "--data", str(data_dir), "--synthetic", "300"]) == 0
    out, err = capsys.readouterr()
    lines = out.strip().splitlines()
    assert len(lines) == 1
    fig = json.loads(lines[0])
    assert fig["bench"] == "cluster-speed" and fig["articles"] == 300
    assert "cluster-speed" not in err


def _lim_file(root, rows):
    import csv
    import io
    import lzma

    cols = ["id_event", "event", "date_event", "id_article", "source", "url", "doctitle", "s0", "s1", "s2"]
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=cols)
    w.writeheader()
    for r in rows:
        w.writerow(dict(zip(cols, r, strict=True)))
    d = root / "lim2020_biased_sents"
    d.mkdir()
    (d / "Sora_LREC2020_biasedsentences.csv.xz").write_bytes(lzma.compress(buf.getvalue().encode("utf-8")))


def test_lim_articles_one_per_article_with_their_sentences_and_link_day(tmp_path):
    """The file has one row per annotator: an article is read once, its sentence cells are
    joined without their "[i]: " prefixes, and a link's day is its date."""
    from datetime import UTC, datetime, timedelta

    from newsprism.bench.cluster_data import load_lim

    assert load_lim(tmp_path) == []  # no folder: nothing, no error
    fire = ["1", "Fire", "2019-03-02", "001_Courier_1", "Courier", "https://c.example/2019/03/01/fire"]
    fire += ["Quay fire", "[0]: A fire burned on the quay.", "[1]: Crews came.", ""]
    vote = ["2", "Vote", "2019-04-10", "002_Post", "Post", "https://p.example/vote", "Council vote"]
    vote += ["[0]: The council voted.", "", ""]
    _lim_file(tmp_path, [fire, fire, vote])
    items = load_lim(tmp_path)
    assert [(it.article.id, it.gold, it.article.text) for it in items] == [
        ("lim-1-001_Courier_1", "lim:1", "A fire burned on the quay. Crews came."),
        ("lim-2-002_Post", "lim:2", "The council voted."),
    ]
    assert items[0].article.published.date() == datetime(2019, 3, 1).date()
    noon = datetime(2019, 4, 10, 12, tzinfo=UTC)
    assert noon - timedelta(hours=24) < items[1].article.published <= noon


@pytest.mark.shared
def test_the_shipped_clusterer_keeps_big_real_stories_apart_and_mostly_whole(data_dir):
    """Lim et al. 2020: 4 stories of 11-12 outlets (the only real stories here of more than
    three articles). Measured without embeddings: pairwise P 1.0, R 0.649 (stories come in
    pieces across days, never mixed)."""
    from newsprism.bench.cluster_data import load_lim

    items = load_lim(data_dir)
    assert len(items) == 46 and len({it.gold for it in items}) == 4
    oc = OnlineClusterer(config=OnlineConfig(use_embeddings=False))
    for it in sort_stream(items):
        oc.add(it.article)
    pred = {a: s.id for s in oc.stories() for a in s.article_ids}
    m = score_partition(pred, {it.article.id: it.gold for it in items})
    assert m["pair_p"] >= 0.95 and m["pair_f1"] >= 0.7, m
