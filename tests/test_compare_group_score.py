"""The grouping's merge test scores two groups from their summed sentence vectors (an O(d)
dot product for the embedding half) instead of a |gi| x |gj| block: it must give the block's
mean, and the groups must not change."""

from __future__ import annotations

import numpy as np
import pytest

from newsprism.compare.facts import EmbSim, LexSim, _group_score, _sim_block

DOCS = [
    "senate pass budget bill tuesday vote",
    "budget bill pass senate late tuesday",
    "governor veto budget bill",
    "house vote bill wednesday",
    "senate leader praise budget vote",
    "storm close school county",
    "county school close storm monday",
]


def _emb(n: int, seed: int = 3) -> EmbSim:
    v = np.random.default_rng(seed).normal(size=(n, 16)).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    return EmbSim(v, background=0.17, scale=1.3)


def test_group_score_from_vector_sums_equals_the_block_mean():
    lex, emb = LexSim(DOCS), _emb(len(DOCS))
    V = emb.V.astype(np.float64)
    for rows, cols in (([0], [1]), ([0, 4], [1]), ([0, 1, 4], [2, 3]), ([5], [6, 2, 3])):
        want = float(_sim_block(lex, emb, rows, cols).mean())
        got = _group_score(lex, emb, rows, cols, V[rows].sum(axis=0), V[cols].sum(axis=0))
        assert abs(got - want) < 1e-6, (rows, cols, got, want)


def test_group_score_without_sums_or_embeddings_is_the_block_mean():
    lex, emb = LexSim(DOCS), _emb(len(DOCS))
    assert _group_score(lex, emb, [0, 1], [2]) == float(_sim_block(lex, emb, [0, 1], [2]).mean())
    assert _group_score(lex, None, [0, 1], [2]) == float(_sim_block(lex, None, [0, 1], [2]).mean())


def test_strongest_edges_keeps_a_pair_while_it_is_among_either_sentences_k_best():
    from newsprism.compare.facts import _strongest_edges

    # sentence 0 aligns with 1..5, strongest first; 3 and 4 have two stronger partners each
    edges = [
        (0.97, 4, 9), (0.96, 4, 10), (0.95, 3, 7), (0.93, 3, 8),
        (0.9, 0, 1), (0.8, 0, 2), (0.7, 0, 3), (0.6, 0, 4), (0.5, 0, 5), (0.4, 5, 6),
    ]  # fmt: skip
    # k = 2: (0,3) and (0,4) are among neither sentence's two best; (0,5) is 5's best
    kept = _strongest_edges(edges, 2)
    assert kept == [e for e in edges if e not in {(0.7, 0, 3), (0.6, 0, 4)}]
    # k = 1: every leaf's pair is still its own best, so the same pairs stay
    assert _strongest_edges(edges, 1) == kept
    assert _strongest_edges(edges, 10) == edges


def test_groups_are_the_same_with_every_aligned_pair_tried(monkeypatch):
    from fixtures.compare.story import STORY_ARTICLES, analyses_for

    from newsprism.compare import facts as F

    arts = STORY_ARTICLES
    cands = F._candidates(arts, analyses_for(arts))
    lex, _ = F._matrices(cands, None)
    bounded = F._groups(cands, lex, None)
    assert any(len(g) > 1 for g in bounded)
    monkeypatch.setattr(F, "GROUP_TOP_K", 10**9)
    assert F._groups(cands, lex, None) == bounded


def test_group_mean_from_aggregates_equals_the_lexical_block_mean():
    """The lexical half of a merge test from the groups' aggregates (summed tf-idf rows,
    token rows summed per member size) is the member block's mean, and aggregates add."""
    lex = LexSim(DOCS)
    rng = np.random.default_rng(7)
    for _ in range(40):
        perm = rng.permutation(len(DOCS)).tolist()
        a, b = rng.integers(1, 4), rng.integers(1, 4)
        rows, cols = perm[:a], perm[a : a + b]
        want = float(lex.block(np.array(rows), np.array(cols)).mean())
        got, read = lex.group_mean(lex.aggregate(rows), lex.aggregate(cols), len(rows) * len(cols))
        assert abs(got - want) < 1e-12, (rows, cols, got, want)
        assert read > 0
    grown, whole = lex.aggregate([0, 2]).add(lex.aggregate([4])), lex.aggregate([0, 2, 4])
    assert grown.by_size == whole.by_size and grown.xs.keys() == whole.xs.keys()
    assert max(abs(grown.xs[t] - whole.xs[t]) for t in whole.xs) < 1e-12
    # a one-by-one test is the pair's score
    assert abs(lex.group_mean(lex.aggregate([0]), lex.aggregate([1]), 1)[0] - lex[0, 1]) < 1e-12


def test_a_merge_test_reads_the_same_entries_whatever_the_groups_sizes():
    """The work of a merge test (the counter ``merge_aggregate``) depends on the groups'
    distinct terms and size classes, not on |gi| x |gj|: two groups of 30 outlets' copies
    of one statement cost what two groups of 2 cost (the member block: 900 pairs vs 4)."""
    same = "senate pass budget bill tuesday vote"
    other = "senate vote budget bill late tuesday"
    lex = LexSim([same] * 30 + [other] * 30 + DOCS)
    reads = {}
    for k in (2, 30):
        a, b = list(range(k)), list(range(30, 30 + k))
        got, reads[k] = lex.group_mean(lex.aggregate(a), lex.aggregate(b), k * k)
        assert abs(got - float(lex.block(np.array(a), np.array(b)).mean())) < 1e-12
    assert reads[30] == reads[2] < 30  # one summed row's terms + one size-class pair's tokens


def test_groups_report_aggregate_work_and_no_member_pairs():
    from fixtures.compare.story import STORY_ARTICLES, analyses_for

    from newsprism.compare import facts as F

    cands = F._candidates(STORY_ARTICLES, analyses_for(STORY_ARTICLES))
    lex, _ = F._matrices(cands, None)
    for e in (None, _emb(len(cands))):
        work: dict[str, int] = {}
        groups = F._groups(cands, lex, e, work=work)
        assert any(len(g) > 1 for g in groups)
        assert work["merges_tried"] > 0 and work["merge_aggregate"] > 0
        assert "merge_pairs" not in work



def test_every_merge_test_with_embeddings_scores_the_member_block_mean(monkeypatch):
    """The group sums are made on a group's first test and added on each merge: every
    merge test must score what the whole member block gives (a sum left stale, or taken
    from the wrong row, would not)."""
    from fixtures.compare.story import STORY_ARTICLES, analyses_for

    from newsprism.compare import facts as F

    cands = F._candidates(STORY_ARTICLES, analyses_for(STORY_ARTICLES))
    lex, _ = F._matrices(cands, None)
    emb = EmbSim(_emb(len(cands), seed=5).V, background=-0.2, scale=1.0)  # low: merges happen
    real = F._group_score
    seen: list[int] = []

    def checked(lex_, emb_, rows, cols, rsum=None, csum=None, lex_mean=None):
        got = real(lex_, emb_, rows, cols, rsum, csum, lex_mean)
        assert got == pytest.approx(float(_sim_block(lex_, emb_, rows, cols).mean()), abs=1e-6)  # float32 shift
        seen.append(len(rows) + len(cols))
        return got

    monkeypatch.setattr(F, "_group_score", checked)
    F._groups(cands, lex, emb)
    assert max(seen) >= 3  # tests of a group grown by an earlier merge were checked
