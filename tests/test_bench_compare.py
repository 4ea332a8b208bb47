"""`newsprism bench compare`: the scoring functions on tiny inputs written here, the data
loaders on miniature copies of each format, and a small real slice of BASIL (shared data)."""

from __future__ import annotations

import csv
import io
import json
import lzma
import math
from pathlib import Path

import pytest

from newsprism.bench import compare as B
from newsprism.models import Article, Story

# ------------------------------------------------------------------ scoring functions


def test_prf_counts_and_ratios():
    s = B.prf([True, True, False, False, True], [True, False, True, False, True])
    assert (s["tp"], s["fp"], s["fn"], s["flagged"]) == (2, 1, 1, 3)
    assert s["p"] == pytest.approx(2 / 3) and s["r"] == pytest.approx(2 / 3)
    assert s["f1"] == pytest.approx(2 / 3)
    assert B.prf([False, False], [True, False]) == {
        "p": 0.0, "r": 0.0, "f1": 0.0, "tp": 0, "fp": 0, "fn": 1, "flagged": 0
    }
    with pytest.raises(ValueError):
        B.prf([True], [True, False])


def test_random_baseline_is_the_expected_score_of_random_flags():
    b = B.random_baseline(flagged=20, gold=10, total=100)
    assert b["p"] == pytest.approx(0.10) and b["r"] == pytest.approx(0.20)
    assert b["f1"] == pytest.approx(2 * 2.0 / 30)  # E[TP] = 20 * 10 / 100 = 2
    assert B.random_baseline(0, 10, 100)["f1"] == 0.0
    # a simulation agrees with the closed form
    import random

    rng = random.Random(0)
    gold = [k < 10 for k in range(100)]
    tps = []
    for _ in range(3000):
        pick = set(rng.sample(range(100), 20))
        tps.append(sum(1 for k in pick if gold[k]))
    assert sum(tps) / len(tps) == pytest.approx(2.0, abs=0.1)


def test_truncate_and_overlap():
    assert B.truncate_words("a  b c\nd e", 3) == "a b c"
    targets = [(0, 10), (11, 30), (31, 40)]
    assert B.overlapping([(0, 30)], targets) == {0, 1}
    assert B.overlapping([(8, 16)], targets) == {1}  # 2 of 8 chars in the first: too little
    assert B.overlapping([(25, 45)], targets) == {2}


def test_growth_exponent_recovers_known_powers():
    n = [100, 200, 400, 800, 1600]
    assert B.growth_exponent(n, [x * x for x in n]) == pytest.approx(2.0)
    assert B.growth_exponent(n, [8 * x for x in n]) == pytest.approx(1.0)
    nlogn = B.growth_exponent(n, [x * math.log(x) for x in n])
    assert 1.0 < nlogn < 1.3
    assert B.growth_exponent([10], [1.0]) is None


def test_best_threshold_maximises_f1_on_the_given_pairs():
    scores = [0.9, 0.8, 0.7, 0.3, 0.2]
    labels = [1, 1, 0, 1, 0]
    t = B.best_threshold(scores, labels)
    assert t == 0.3  # flags 4: P 3/4, R 1 -> F1 0.857, better than t=0.8 (F1 0.8)


def test_rouge_wrapper_on_tiny_texts():
    pytest.importorskip("rouge_score")
    same = B.rouge_scores(["the cat sat on the mat"], ["the cat sat on the mat"])
    assert same == {"rouge1": 100.0, "rouge2": 100.0, "rougeL": 100.0}
    none = B.rouge_scores(["dogs bark loudly"], ["the cat sat on the mat"])
    assert none is not None and none["rouge1"] == 0.0
    part = B.rouge_scores(["the cat sat"], ["the cat sat on the mat"])
    assert part is not None
    # unigram P 3/3, R 3/6 -> F 2/3; bigram P 2/2, R 2/5 -> F 4/7
    assert part["rouge1"] == pytest.approx(200 / 3, abs=0.01)
    assert part["rouge2"] == pytest.approx(400 / 7, abs=0.01)


# ------------------------------------------------------------------ loaders, on miniatures


def _write_basil(root: Path) -> None:
    arts = {
        "fox": [["Democrats slammed the reckless plan on Monday.", "The bill passed 52-48."],
                ["Critics say the vote was rushed by Senate leaders."]],
        "nyt": [["The Senate passed the bill 52-48 on Monday."],
                ["The measure now goes to the House of Representatives."]],
        "hpo": [["The Senate passed the bill 52-48 on Monday.", "Protesters gathered outside."]],
    }
    anns = {
        "fox": [{"bias": "lex", "txt": "reckless", "start": 22, "end": 30},
                {"bias": "inf", "txt": "Critics say the vote was rushed", "start": 0, "end": 31}],
        "nyt": [],
        "hpo": [{"bias": "inf", "txt": "Protesters gathered outside.", "start": 0, "end": 28},
                {"bias": "lex", "txt": "not in any sentence", "start": 0, "end": 19}],
    }
    for n, src in enumerate(("fox", "nyt", "hpo")):
        (root / "articles" / "2019").mkdir(parents=True, exist_ok=True)
        (root / "annotations" / "2019").mkdir(parents=True, exist_ok=True)
        (root / "articles" / "2019" / f"t1_{n}.json").write_text(json.dumps({
            "source": src.upper() if src == "fox" else src, "title": f"{src} title",
            "date": "2019-03-01", "triplet-uuid": "t1", "body-paragraphs": arts[src],
        }))
        (root / "annotations" / "2019" / f"t1_{n}_ann.json").write_text(
            json.dumps({"phrase-level-annotations": anns[src]})
        )


def test_load_basil_maps_spans_to_sentences_with_offsets(tmp_path):
    _write_basil(tmp_path)
    stories, unmatched = B.load_basil(tmp_path)
    assert len(stories) == 1 and unmatched == 1
    fox, nyt, hpo = stories[0]
    assert fox.article.outlet == "Fox News" and hpo.article.outlet == "HuffPost"
    texts = [fox.article.text[s:e] for s, e in fox.sents]
    assert texts == ["Democrats slammed the reckless plan on Monday.", "The bill passed 52-48.",
                     "Critics say the vote was rushed by Senate leaders."]
    assert fox.lex == {0} and fox.inf == {2}
    assert hpo.inf == {1} and hpo.lex == set() and nyt.lex == nyt.inf == set()


def test_conflict_counts_by_class():
    from newsprism.models import Fact, StoryDossier

    def fact(kind: str, topic: str | None) -> Fact:
        return Fact(id=topic or kind, kind=kind, summary="s", topic=topic, articles=[], evidence=[])

    facts = [fact("conflict", "Ada Lind's title"), fact("conflict", "spelling of Ada Lind"),
             fact("conflict", "quote wording"), fact("conflict", "people evacuated"),
             fact("consensus", None), fact("conflict", "quote attribution")]
    d = StoryDossier(id="s", title="t", articles=[], facts=facts)
    assert B.conflict_counts([d, d]) == {
        "title": 2, "spelling": 2, "quote wording": 2, "quote attribution": 2, "other": 2
    }


def test_score_basil_runs_the_dossier_and_scores_against_the_same_rate_baseline(tmp_path):
    from newsprism.compare import build_story_dossier

    _write_basil(tmp_path)
    stories, _ = B.load_basil(tmp_path)
    arts = [ba.article for ba in stories[0]]
    story = Story(id="s", title="t", article_ids=[a.id for a in arts])
    dossier = build_story_dossier(story, arts, {}, [], embedder=None)
    res = B.score_basil(stories, [dossier])
    assert res["sentences"] == 7 and res["gold_lex"] == 1 and res["gold_inf"] == 2
    loaded = res["variants"]["lex:loaded"]
    assert loaded["flagged"] >= 1 and loaded["r"] == 1.0  # "slammed", "reckless"
    for v in res["variants"].values():
        assert 0.0 <= v["p"] <= 1.0 and v["random"]["r"] == pytest.approx(v["flagged"] / 7, abs=1e-3)
    # the shared "passed the bill 52-48" sentences are consensus, not "not in consensus"
    nc = B.basil_predictions(stories[0][1], dossier)["inf:not-consensus"]
    assert 0 not in nc


def test_load_neus_parses_sources_and_targets(tmp_path):
    d = tmp_path / "naacl2022_lrc_roundup_random_order_probe"
    d.mkdir()
    src = ("TITLE=> A wins. ARTICLE=> A won the vote on Monday. [SEP] TITLE=> Vote held. "
           "ARTICLE=> The vote was held. [SEP] TITLE=> B loses. ARTICLE=> B lost badly.\n")
    with lzma.open(d / "test.source.xz", "wt") as f:
        f.write(src * 2)
    with lzma.open(d / "test.target.xz", "wt") as f:
        f.write("TITLE=> Vote. ARTICLE=> A won the vote.\n" * 2)
    data = B.load_neus(tmp_path, "test", limit=1)
    assert len(data) == 1
    arts, ref = data[0]
    assert [a.title for a in arts] == ["A wins", "Vote held", "B loses"]
    assert arts[0].text == "A won the vote on Monday." and ref == "A won the vote."
    assert len({a.outlet for a in arts}) == 3


def test_consensus_summary_keeps_budget():
    from newsprism.compare import build_story_dossier

    a = Article(id="a", title="t", outlet="X", text="Acme Corp fired its chief executive Jane Roe on Monday after losses.")
    b = Article(id="b", title="t", outlet="Y", text="On Monday Acme Corp fired chief executive Jane Roe after big losses.")
    d = build_story_dossier(Story(id="s", title="t", article_ids=["a", "b"]), [a, b], {}, [], embedder=None)
    s = B.consensus_summary(d, budget=5)
    assert s and len(s.split()) == 5


def test_load_lim_averages_ratings_per_sentence(tmp_path):
    cols = ["event", "id_article", "source", "doctitle"] + [str(i) for i in range(20)] + [f"s{i}" for i in range(20)]
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=cols)
    w.writeheader()
    for rating in ("1", "3"):
        row = {c: "" for c in cols}
        row.update({"event": "E", "id_article": "001", "source": "001_Daily Planet_1", "doctitle": "T",
                    "0": rating, "1": "4", "s0": "[0]: A calm sentence.", "s1": "[1]: A shocking outrage."})
        w.writerow(row)
    (tmp_path / "Sora_LREC2020_biasedsentences.csv.xz").write_bytes(lzma.compress(buf.getvalue().encode()))
    events = B.load_lim(tmp_path)
    (art, sents, means), = events["E"]
    assert art.outlet == "Daily Planet"
    assert sents == ["A calm sentence.", "A shocking outrage."] and means == [2.0, 4.0]
    scores = B.lim_sentence_scores([art], [sents])
    assert scores[0]["loaded"] == [0.0, 2.0]


def test_labelled_pairs_have_two_disjoint_splits():
    pairs = B.load_align_pairs()
    tune, held = pairs["tune"], pairs["heldout"]
    assert len(tune) + len(held) >= 120
    assert 0.35 <= sum(r[0] for r in held) / len(held) <= 0.65
    key = lambda r: frozenset({(r[1].removeprefix("The "), r[2]), (r[3].removeprefix("The "), r[4])})  # noqa: E731
    assert not {key(r) for r in tune} & {key(r) for r in held}
    assert all(r[1] != r[3] for r in tune + held)  # cross-outlet only


def test_every_labelled_pair_set_is_disjoint_from_the_others():
    """The fresh sets are drawn from the pool minus every pair labelled before them, so no
    pair is labelled twice; cross-outlet pairs, labels 0/1."""
    key = lambda r: frozenset({(r[1].removeprefix("The "), r[2][:60]), (r[3].removeprefix("The "), r[4][:60])})  # noqa: E731
    a, f1, f2 = B.load_align_pairs(), B.load_align_pairs(B.FRESH_PAIRS), B.load_align_pairs(B.FRESH2_PAIRS)
    sets = [a["tune"], a["heldout"], f1["fresh"], *(f2[k] for k in B.FRESH2_SPLITS)]
    seen: set[frozenset] = set()
    for rows in sets:
        keys = {key(r) for r in rows}
        assert len(keys) == len(rows) and not keys & seen
        seen |= keys
        assert all(r[0] in (0, 1) and r[1] != r[3] for r in rows)
    assert len(f2["fresh2"]) >= 200 and 0 < sum(r[0] for r in f2["fresh2"]) < 0.1 * len(f2["fresh2"])


def test_shared_threshold_maximises_the_summed_f1():
    import numpy as np

    y = np.array([1, 1, 0, 0, 0, 0])
    everywhere = np.ones(6, bool)
    a = (np.array([0.9, 0.45, 0.42, 0.1, 0.1, 0.1]), everywhere, y)  # best at 0.45
    b = (np.array([0.8, 0.5, 0.3, 0.3, 0.1, 0.1]), everywhere, y)  # 0.35..0.5 all perfect
    t, sums = B.shared_threshold([a, b], (0.3, 0.35, 0.4, 0.45, 0.5))
    assert t == 0.45 and sums[0.45] == pytest.approx(2.0) and sums[0.3] < 2.0
    # a pair outside the candidate index is never flagged
    _, sums = B.shared_threshold([(a[0], np.array([False] + [True] * 5), y)], (0.45,))
    assert sums[0.45] == pytest.approx(2 / 3)


def test_fresh_pairs_are_drawn_from_the_nearest_other_outlet_sentences():
    import numpy as np

    from newsprism.compare import facts as F
    from newsprism.embed import HashingEmbedder
    from newsprism.settings import Settings

    cands = F._candidates(B._demo_articles(Settings()), {})
    embs = {"none": None, "hash": HashingEmbedder(32)}
    pool = B.align_pool(cands, embs, set())
    assert pool and all(cands[i].okey != cands[j].okey and i < j for i, j in pool)
    assert all(F._alignable(cands[i]) and F._alignable(cands[j]) for i, j in pool)
    assert set(next(iter(pool.values()))) == {"lexical", "hash"}
    # each alignable sentence's lexical nearest other-outlet sentence is in the pool
    lex = F._matrices(cands, None)[0].dense()
    i = next(k for k, c in enumerate(cands) if F._alignable(c))
    others = [j for j, c in enumerate(cands) if c.okey != cands[i].okey and F._alignable(c)]
    j = max(others, key=lambda j: lex[i, j])
    assert (min(i, j), max(i, j)) in pool
    assert (min(i, j), max(i, j)) not in B.align_pool(cands, embs, {(min(i, j), max(i, j))})
    d = B.draw_fresh_pairs(pool, 10, 5, 1, 2)
    assert d == B.draw_fresh_pairs(pool, 10, 5, 1, 2)  # seeded
    assert len(d["random"]) == 10 and len(d["top"]) == 5 and not set(d["random"]) & set(d["top"])
    assert len(B.draw_fresh_pairs(pool, 10 * len(pool), 0, 1, 2)["random"]) == len(pool)  # a census
    lexvals = np.array([v["lexical"] for v in pool.values()])
    assert all(pool[p]["lexical"] >= np.quantile(lexvals, 0.8) or pool[p]["hash"] >= np.quantile([v["hash"] for v in pool.values()], 0.8) for p in d["top"])


# ------------------------------------------------------------------ real data slice

BASIL = Path(__file__).resolve().parents[2] / "shared" / "data" / "basil"


@pytest.mark.shared
@pytest.mark.model
@pytest.mark.slow
def test_basil_slice_beats_the_random_baseline_on_informational_bias():
    if not BASIL.is_dir():
        pytest.skip("../shared/data/basil is absent")
    from rich.console import Console

    from newsprism.settings import Settings

    res = B.run_basil(BASIL, Settings(), 5, True, Console(file=io.StringIO()))
    assert res["stories"] == 5 and res["unmatched_spans"] <= 0.05 * (res["gold_lex"] + res["gold_inf"]) + 3
    v = res["variants"]
    print(json.dumps(v))
    # floors pinned a little under what the first 5 stories gave (unique+omission F1 0.263
    # vs random 0.170; unique P 0.198 vs 0.127; lexicon P 0.100 vs 0.048)
    inf = v["inf:unique+omission"]
    assert inf["f1"] >= 0.24 and inf["f1"] >= inf["random"]["f1"] + 0.07
    assert v["inf:unique"]["p"] >= 1.4 * v["inf:unique"]["random"]["p"]
    assert v["lex:loaded"]["p"] >= 1.8 * v["lex:loaded"]["random"]["p"]


def test_cli_skips_absent_folders_and_ends_with_one_json_line(tmp_path, capsys):
    from newsprism.cli.main import run

    missing = tmp_path / "nope"
    try:
        code = run(["bench", "compare", "--no-alignment", "--basil", str(missing), "--lim", str(missing)])
    except SystemExit as exc:  # typer's standalone mode exits
        code = exc.code
    out, err = capsys.readouterr()
    assert code in (0, None)
    assert "skip basil" in err and "skip lim2020" in err and "Traceback" not in err
    lines = out.strip().splitlines()
    figures = json.loads(lines[-1])
    assert figures["bench"] == "compare" and "skipped" in figures["basil"]


def test_work_growth_fits_each_counter_the_counted_sum_and_the_upper_sizes():
    claims = [200, 400, 800, 1600, 3200]
    # postings climb to a bound of 300 a claim and stay there; distances grow like n log n
    rows = [{"claims": c, "postings": min(300, c // 4) * c, "distances": round(50 * c * math.log(c)),
             "align_cpu_s": c * 1e-4} for c in claims]
    w = B._work_growth(rows)
    assert w["postings"]["per_claim"] == [50, 100, 200, 300, 300]
    assert w["postings"]["exponent"] > w["postings"]["exponent_upper"] > w["postings"]["exponent_last_step"]
    assert w["postings"]["exponent_last_step"] == pytest.approx(1.0)
    assert w["distances"]["exponent_over_n_log_n"] == pytest.approx(0.0, abs=0.01)
    assert w["distances"]["exponent"] == pytest.approx(w["n_log_n"]["exponent"], abs=0.01)
    assert w["align_cpu_s"]["exponent"] == pytest.approx(1.0) and w["align_cpu_s"]["per_claim"][0] == pytest.approx(100)
    summed = [r["postings"] + r["distances"] for r in rows]  # counters absent from a row count 0
    assert w["counted_work"]["exponent"] == pytest.approx(B.growth_exponent(claims, summed), abs=0.01)
    assert w["n_log_n"]["exponent_upper"] < w["n_log_n"]["exponent"]


def test_least_cpu_reports_the_least_disturbed_round_and_the_first_rounds_results():
    calls: list[int] = []

    def step() -> int:
        calls.append(len(calls))
        if len(calls) == 1:  # the first round is "disturbed": it burns CPU
            t0 = B._cpu()
            while B._cpu() - t0 < 0.05:
                pass
        return len(calls)

    results, least = B._least_cpu([step, lambda: "x"], 3)
    assert results == [1, "x"] and len(calls) == 3
    assert least[0] < 0.03  # the quiet rounds' figure, not the first one's
    assert B._least_cpu([step], 0)[0] == [4]  # at least one round


def test_range_growth_fits_every_size_each_step_and_the_sizes_past_the_cache():
    claims = [1000, 2000, 4000, 8000, 16000]
    # CPU per claim rises until the index passes the cache (4,000 claims), then grows like ln n
    per = [1.0, 1.5, 2.0 * math.log(4000), 2.0 * math.log(8000), 2.0 * math.log(16000)]
    rows = [{"articles": c // 50, "claims": c, "align_cpu_s": c * p * 1e-6, "index_mb": c / 1000 * 8} for c, p in
            zip(claims, per, strict=True)]
    g = B._range_growth(rows, 20 * 2**20)  # index past 20 MB from 4,000 claims (32 MB) on
    assert g["past_cache"]["articles"] == [80, 320] and g["cache_mb"] == 20.0
    assert g["past_cache"]["excess"] == pytest.approx(0.0, abs=0.01)
    assert g["all"]["excess"] > 0.5  # the climb before the cache counts over every size
    assert [s["articles"] for s in g["steps"]] == [[20, 40], [40, 80], [80, 160], [160, 320]]
    assert g["steps"][0]["exponent_align_cpu"] == pytest.approx(1 + math.log2(1.5), abs=0.01)
    assert B._range_growth(rows, None)["past_cache"] is None  # no cache size known
    assert B._range_growth(rows[:1], 1)["all"] is None


def test_neighbour_check_on_a_row_sample_agrees_with_the_full_check():
    import numpy as np

    from newsprism.compare.facts import EmbSim, _Cand

    rng = np.random.default_rng(3)
    V = rng.normal(size=(600, 16)).astype(np.float32)
    V /= np.linalg.norm(V, axis=1, keepdims=True)
    cands = [_Cand(f"a{i % 5}", i % 5, f"o{i % 5}", f"o{i % 5}", 0, 9, i, f"sentence {i} says a thing", (), frozenset(),
                   frozenset(), False, False, False, 12) for i in range(len(V))]
    emb = EmbSim(V, 0.1, 1.0)
    full = B._neighbour_check(cands, emb)
    part = B._neighbour_check(cands, emb, sample=200)
    assert full["exact_check_rows"] == 600 and part["exact_check_rows"] == 200
    assert 0.9 <= part["neighbour_recall"] <= 1 and 0.9 <= full["neighbour_recall"] <= 1
    assert part["best_score_exact_share"] >= 0.95 and part["index_mb"] > 0
    assert part["exact_neighbours_cpu_s"] >= 0  # scaled from the 200 rows to all 600


def test_last_level_cache_is_the_largest_cache_linux_reports():
    size = B._last_level_cache()
    assert size is None or size >= 2**15
