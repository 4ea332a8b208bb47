"""The alignment index's sparse kernels (compare/sparse.py): exact pair products and the
prefix-filtered join with its work bound."""

import numpy as np
import scipy.sparse as sp

from newsprism.compare.sparse import pair_dots, prefix_join


def _random_rows(n: int, m: int, density: float, seed: int) -> sp.csr_matrix:
    keep = np.ones(n)
    keep[3] = 0  # an empty row
    A = sp.diags(keep) @ sp.random(n, m, density=density, format="csr", random_state=seed)
    A = sp.csr_matrix(A)
    A.eliminate_zeros()
    A.sort_indices()
    return A


def test_pair_dots_are_the_exact_products_and_counts():
    A = _random_rows(700, 300, 0.05, 1)
    rng = np.random.default_rng(2)
    rows, cols = rng.integers(0, 700, 5000), rng.integers(0, 700, 5000)
    rows[:5], cols[:5] = 3, np.arange(5)  # the empty row
    rows[5:10] = cols[5:10]  # a row with itself
    dense = A.toarray()
    marked = rng.random(300) < 0.4
    dots, shared, work = pair_dots(A, rows, cols, marked)
    np.testing.assert_allclose(dots, (dense[rows] * dense[cols]).sum(axis=1), atol=1e-12)
    both = (dense[rows] != 0) & (dense[cols] != 0)
    assert shared.tolist() == (both & marked[None, :]).sum(axis=1).tolist()
    assert work == int(np.diff(A.indptr)[cols].sum())
    assert pair_dots(A, rows, cols)[1].tolist() == both.sum(axis=1).tolist()
    empty = pair_dots(A, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    assert len(empty[0]) == 0 and empty[2] == 0


def test_pair_dots_floats_do_not_depend_on_the_block_size(monkeypatch):
    """The block size only partitions the pairs by row: every product is summed over the
    same entries in the same order, so the floats are identical at any size."""
    from newsprism.compare import sparse

    A = _random_rows(700, 300, 0.05, 4)
    rng = np.random.default_rng(5)
    rows, cols = rng.integers(0, 700, 6000), rng.integers(0, 700, 6000)
    marked = rng.random(300) < 0.5
    got = []
    for block in (1, 7, 32, 128, 1024):
        monkeypatch.setattr(sparse, "DOT_BLOCK", block)
        got.append(pair_dots(A, rows, cols, marked))
    for dots, shared, work in got[1:]:
        assert np.array_equal(dots, got[0][0]) and np.array_equal(shared, got[0][1])
        assert work == got[0][2]


def test_prefix_join_bounds_the_postings_and_keeps_the_rarest_tokens():
    B = (_random_rows(400, 120, 0.08, 3) > 0).astype(float).tocsr()
    n = B.shape[0]
    df = np.asarray(B.sum(axis=0)).ravel()
    rare = (df >= 2) & (df <= 60)
    share = ((B[:, rare] @ B[:, rare].T).toarray() > 0) & ~np.eye(n, dtype=bool)
    every = {(i, j) for i, j in zip(*np.nonzero(share), strict=True) if i < j}
    r, c, work = prefix_join(B, 60, n * n)
    assert set(zip(r.tolist(), c.tolist(), strict=True)) == every
    assert (r < c).all() and (np.diff(r * n + c) > 0).all()  # unique, row-major
    assert work["budget_bound"] == 0
    r, c, small = prefix_join(B, 60, 40)
    got = set(zip(r.tolist(), c.tolist(), strict=True))
    assert got < every and small["postings"] <= 40 * n < work["postings"]
    assert 0 < small["budget_bound"] <= n
    # with groups: the same pairs minus those inside a group, still unique and row-major
    groups = np.arange(n) % 7
    r, c, _ = prefix_join(B, 60, 40, groups)
    assert set(zip(r.tolist(), c.tolist(), strict=True)) == {(i, j) for i, j in got if groups[i] != groups[j]}
    assert (r < c).all() and (np.diff(r * n + c) > 0).all()
    # each row keeps its rarest tokens: a pair sharing a row's rarest rare token is found
    for i in range(0, n, 37):
        toks = [t for t in B[i].indices if rare[t]]
        t = min(toks, key=lambda t: (df[t], t)) if toks else None
        if t is not None and df[t] <= 40:
            for j in B[:, t].nonzero()[0]:
                if j != i:
                    assert (min(i, j), max(i, j)) in got
