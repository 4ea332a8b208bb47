"""The cross-outlet nearest-neighbour search of the alignment index (compare/ann.py)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from newsprism.compare import ann


def _unit(X: np.ndarray) -> np.ndarray:
    return (X / np.linalg.norm(X, axis=1, keepdims=True)).astype(np.float32)


def _clusters(n: int, seed: int, dim: int = 48, outlets: int = 6) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(n // 8, dim))
    V = centres[rng.integers(0, len(centres), n)] + 0.35 * rng.normal(size=(n, dim))
    return _unit(V), rng.integers(0, outlets, n)


def _pairs(x: ann.CrossNeighbours) -> set[tuple[int, int]]:
    return set(zip(x.rows.tolist(), x.cols.tolist(), strict=True))


def _brute(V: np.ndarray, groups: np.ndarray, eligible: np.ndarray, k: int):
    S = V @ V.T
    other = groups[:, None] != groups[None, :]
    best = np.where(other, S, -np.inf).max(axis=1)
    pairs = set()
    for i in np.nonzero(eligible)[0]:
        s = np.where(other[i] & eligible, S[i], -np.inf)
        for j in np.argsort(-s, kind="stable")[:k]:
            if np.isfinite(s[j]):
                pairs.add((int(i), int(j)))
    return pairs, best


def test_finds_planted_neighbours_across_groups_only():
    """Each planted twin (a near copy in another outlet) is found as the best neighbour, a
    closer copy in the same outlet is not proposed, and the search goes through the graph."""
    rng = np.random.default_rng(3)
    n, dim = 600, 32
    base = _unit(rng.normal(size=(n, dim)))
    twins = _unit(base + 0.05 * rng.normal(size=(n, dim)))
    same = _unit(base + 0.01 * rng.normal(size=(n, dim)))  # closer, but the same outlet
    V = np.vstack([base, twins, same])
    groups = np.r_[np.zeros(n, int), np.ones(n, int), np.zeros(n, int)]
    assert len(V) > ann.FIRST_FETCH  # the HNSW path, not the small exact one
    x = ann.cross_neighbours(V, groups, np.ones(len(V), bool), 1)
    got = dict(zip(x.rows.tolist(), x.cols.tolist(), strict=True))
    assert all(got[i] == n + i for i in range(n))
    assert all(groups[i] != groups[j] for i, j in got.items())
    np.testing.assert_allclose(x.sims, np.einsum("ij,ij->i", V[x.rows], V[x.cols]), atol=1e-6)


def test_most_exact_top_k_pairs_found_and_best_scores_exact_where_found():
    V, groups = _clusters(1500, seed=1)
    eligible = np.random.default_rng(2).random(len(V)) > 0.1
    approx = ann.cross_neighbours(V, groups, eligible, 8)
    exact = ann.cross_neighbours(V, groups, eligible, 8, exact=True)
    want, best = _brute(V, groups, eligible, 8)
    assert _pairs(exact) == want  # the exact path is exact
    np.testing.assert_allclose(exact.best, best, atol=1e-5)
    got = _pairs(approx)
    assert len(got & want) / len(want) >= 0.95
    assert all(eligible[i] and eligible[j] and groups[i] != groups[j] for i, j in got)
    assert np.bincount(approx.rows, minlength=len(V)).max() <= 8
    assert np.mean(np.isclose(approx.best, best, atol=1e-5)) >= 0.95
    assert np.all(approx.best <= best + 1e-5)  # never better than the truth
    # ineligible rows get a best score but no neighbours
    assert not eligible[np.unique(approx.rows)].size or eligible[np.unique(approx.rows)].all()
    assert np.isfinite(approx.best[~eligible]).all()


def test_a_row_crowded_by_its_own_group_still_gets_k_neighbours():
    """One outlet holds most rows: its rows' first fetch is all same-outlet, so they are asked
    again (wider, then exactly) until k other-outlet neighbours are found."""
    V, _ = _clusters(800, seed=5)
    groups = np.zeros(len(V), int)
    groups[::40] = 1  # 20 rows of outlet 1 among 780 of outlet 0
    x = ann.cross_neighbours(V, groups, np.ones(len(V), bool), 4)
    counts = np.bincount(x.rows, minlength=len(V))
    assert (counts[groups == 0] == 4).all()
    assert (counts[groups == 1] == 4).all()
    want = _brute(V, groups, np.ones(len(V), bool), 4)[0]
    assert len(_pairs(x) & want) / len(want) >= 0.98


def test_deterministic_within_and_across_processes():
    V, groups = _clusters(700, seed=9)
    eligible = np.ones(len(V), bool)
    a = ann.cross_neighbours(V, groups, eligible, 8)
    b = ann.cross_neighbours(V, groups, eligible, 8)
    assert np.array_equal(a.rows, b.rows) and np.array_equal(a.cols, b.cols)
    assert np.array_equal(a.sims, b.sims) and np.array_equal(a.best, b.best)
    code = (
        "import sys, numpy as np; sys.path[:0] = [sys.argv[1]];"
        "from test_ann import _clusters; from newsprism.compare import ann;"
        "V, g = _clusters(700, seed=9); x = ann.cross_neighbours(V, g, np.ones(len(V), bool), 8);"
        "print(','.join(map(str, x.cols.tolist())))"
    )
    here = str(__import__("pathlib").Path(__file__).parent)
    out = subprocess.run(
        [sys.executable, "-c", code, here], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ",".join(map(str, a.cols.tolist()))


@pytest.mark.parametrize("n", [0, 1, 2])
def test_tiny_inputs(n):
    V = _unit(np.random.default_rng(0).normal(size=(max(n, 1), 8)))[:n]
    groups = np.arange(n) % 2  # with 2 rows: two outlets
    x = ann.cross_neighbours(V.reshape(n, 8), groups, np.ones(n, bool), 8)
    assert len(x.best) == n
    if n < 2:
        assert len(x.rows) == 0 and not np.isfinite(x.best).any()
    else:
        assert _pairs(x) == {(0, 1), (1, 0)}
        np.testing.assert_allclose(x.best, [V[0] @ V[1]] * 2, atol=1e-6)
    one_outlet = ann.cross_neighbours(V.reshape(n, 8), np.zeros(n, int), np.ones(n, bool), 8)
    assert len(one_outlet.rows) == 0 and not np.isfinite(one_outlet.best).any()


def test_rows_the_story_cannot_serve_are_not_searched_exhaustively(monkeypatch):
    """An outlet of 400 sentences against one of 3: each big-outlet row can only get 3
    neighbours, which is no reason to ask again and again: only the rows whose three lie
    outside the graph's widest answer fall back to the exact scan (before, all 400 did)."""
    V, _ = _clusters(403, seed=11)
    groups = np.r_[np.zeros(400, int), np.ones(3, int)]
    exact_rows = []
    real = ann._exact
    monkeypatch.setattr(ann, "_exact", lambda V, rows, *a, **kw: exact_rows.append(len(rows)) or real(V, rows, *a, **kw))
    x = ann.cross_neighbours(V, groups, np.ones(len(V), bool), 8)
    assert sum(exact_rows) <= 100
    counts = np.bincount(x.rows, minlength=len(V))
    assert (counts[:400] == 3).all()
    assert (counts[400:] == 8).all()
    assert np.isfinite(x.best).all()
