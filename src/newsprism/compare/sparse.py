"""Sparse-row kernels for the alignment index: exact dot products of chosen row pairs, and
a join over each row's rarest tokens with bounded work per row.

* :func:`pair_dots` is a sampled sparse product (SDDMM): ``A[rows[k]] . A[cols[k]]`` for
  a list of pairs, in numpy, without selecting rows into new scipy matrices (which costs
  ~2 us a pair). Pairs are taken in blocks of row ids; a block's rows are scattered into a
  small dense table over the terms they hold, and each pair gathers its other row's
  entries from it, so the work is one gather per stored entry of ``A[cols[k]]``. The
  products are summed in the order of ``A[cols[k]]``'s entries, as scipy's
  ``A[rows].multiply(A[cols]).sum(axis=1)`` sums them (sorted indices: identical floats).
* :func:`prefix_join` proposes the pairs sharing a token held by 2..``df_cap`` rows, but
  each row joins only its rarest such tokens while their posting lists total at most
  ``budget`` (a prefix filter, as in the all-pairs similarity joins of Bayardo et al.,
  WWW 2007, with a work budget in place of a similarity bound): ``O(n * budget)`` pairs
  whatever the story's size. A pair sharing only tokens outside both rows' prefixes is
  not proposed (measured in the comparison benchmark).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

__all__ = ["pair_dots", "prefix_join"]

# rows per block of pair_dots: the dense table is DOT_BLOCK x the terms they hold; 32 keeps it
# small enough to stay in cache (16 / 32 / 64 / 128 / 256: 41 / 37 / 47 / 49 / 53 us a claim
# scoring the bench story's join at 800 articles; identical floats: docs/choices.md, al6)
DOT_BLOCK = 32


def _expand(starts: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """The positions ``starts[k] .. starts[k] + lens[k] - 1`` of every ``k``, concatenated."""
    total = int(lens.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    before = np.cumsum(lens) - lens
    return np.repeat(starts - before, lens) + np.arange(total, dtype=np.int64)


def pair_dots(
    A: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray, marked: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, int]:
    """``A[rows[k]] . A[cols[k]]`` for every ``k`` (``A`` CSR with sorted indices); how many
    of the columns the two rows share are ``marked`` (a boolean per column; all when
    None); and the work done: the stored entries gathered (``sum_k nnz(A[cols[k]])``)."""
    rows, cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
    out, shared = np.zeros(len(rows)), np.zeros(len(rows))
    if not len(rows):
        return out, shared, 0
    mark = np.ones(A.shape[1]) if marked is None else np.asarray(marked, dtype=float)
    indptr = A.indptr.astype(np.int64)
    indices, data = A.indices.astype(np.int64), A.data
    lens = np.diff(indptr)
    order = np.argsort(rows, kind="stable")
    bounds = np.searchsorted(rows[order], np.arange(0, A.shape[0] + DOT_BLOCK, DOT_BLOCK))
    local = np.full(A.shape[1] + 1, -1, dtype=np.int64)
    work = 0
    for b0, b1 in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        if b1 <= b0:
            continue
        k = order[b0:b1]
        r, c = rows[k], cols[k]
        ur, lr = np.unique(r, return_inverse=True)
        rpos = _expand(indptr[ur], lens[ur])
        terms, lt = np.unique(indices[rpos], return_inverse=True)
        table = np.zeros((len(ur), len(terms)))
        table[np.repeat(np.arange(len(ur)), lens[ur]), lt] = data[rpos]
        local[terms] = np.arange(len(terms))
        cpos = _expand(indptr[c], lens[c])
        terms_c = indices[cpos]
        at = local[terms_c]
        some_row = np.nonzero(at >= 0)[0]  # terms a row of the block holds
        pair = np.repeat(np.arange(len(k)), lens[c])[some_row]
        mine = table[lr[pair], at[some_row]]
        held = mine != 0  # ... that this pair's row holds (stored entries are nonzero)
        hit, pair = some_row[held], pair[held]  # the terms both rows hold, in A[c]'s order
        prod = mine[held] * data[cpos[hit]]
        counts = np.bincount(pair, minlength=len(k))
        shared[k] = np.bincount(pair, weights=mark[terms_c[hit]], minlength=len(k))
        some = counts > 0
        if some.any():  # summed as scipy sums a row of A[rows].multiply(A[cols])
            out[k[some]] = np.add.reduceat(prod, (np.cumsum(counts) - counts)[some])
        local[terms] = -1
        work += len(cpos)
    return out, shared, work


def _upper(M: sp.csr_matrix, groups: np.ndarray | None) -> sp.csr_matrix:
    """The entries of ``M`` above the diagonal (of rows in different ``groups``, when
    given), kept in their row order; no conversion through COO, which sorts."""
    r = np.repeat(np.arange(M.shape[0], dtype=np.int64), np.diff(M.indptr))
    keep = M.indices > r
    if groups is not None:
        keep &= groups[r] != groups[M.indices]
    indptr = np.r_[0, np.cumsum(np.bincount(r[keep], minlength=M.shape[0]))]
    return sp.csr_matrix((M.data[keep], M.indices[keep], indptr), shape=M.shape)


def prefix_join(
    B: sp.csr_matrix, df_cap: int, budget: int, groups: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
    """Pairs ``i < j`` of rows of the binary matrix ``B`` that share a token in the prefix
    of ``i`` or of ``j``: a row's tokens held by 2..``df_cap`` rows, rarest first (ties by
    token id), while their document frequencies sum to at most ``budget``. With ``groups``
    (one code per row), only pairs of rows in different groups. Returns the pairs
    (row-major, unique) and the work: postings joined (``<= n * budget``), pairs
    enumerated before de-duplication, and the rows whose budget stopped them short."""
    n = B.shape[0]
    df = np.diff(B.tocsc().indptr)
    Br = B[:, np.nonzero((df >= 2) & (df <= df_cap))[0]].tocsr()
    Br.sort_indices()
    dfr = df[(df >= 2) & (df <= df_cap)]
    per_row = np.diff(Br.indptr)
    rowid = np.repeat(np.arange(n, dtype=np.int64), per_row)
    edf = dfr[Br.indices].astype(np.int64)
    order = np.lexsort((Br.indices, edf, rowid))  # by row, then rarest first
    running = np.cumsum(edf[order])
    before_row = np.r_[0, running][Br.indptr[:-1]]
    keep = order[running - np.repeat(before_row, per_row) <= budget]
    prefix = sp.csr_matrix(
        (np.ones(len(keep)), (rowid[keep], Br.indices[keep])), shape=Br.shape
    )
    # (i, j) with a prefix token of i held by j, and with one of j held by i: each product
    # keeps its upper triangle, and the two are added (a union; the sum of J + J.T made
    # canonical and then cut by triu cost 3x as much, in scipy's index sorts)
    joined = (prefix @ Br.T).tocsr()
    either = _upper(joined, groups) + _upper((Br @ prefix.T).tocsr(), groups)
    either.sort_indices()
    counts = np.diff(either.indptr)
    rows = np.repeat(np.arange(n, dtype=np.int64), counts)
    cut = np.bincount(rowid[keep], minlength=n) < per_row  # rows the budget stopped short
    work = {"postings": int(edf[keep].sum()), "enumerated": int(joined.nnz), "budget_bound": int(cut.sum())}
    return rows, either.indices.astype(np.int64), work
