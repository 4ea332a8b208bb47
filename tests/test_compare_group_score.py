"""The grouping's merge test scores two groups from their summed sentence vectors (an O(d)
dot product for the embedding half) instead of a |gi| x |gj| block: it must give the block's
mean, and the groups must not change."""

from __future__ import annotations

import numpy as np

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
