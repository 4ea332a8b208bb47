"""Approximate nearest neighbours of sentence vectors across groups (outlets).

The comparison needs, for every sentence, its ``k`` most similar sentences of *other*
outlets (inner product of unit vectors) and its best similarity with any other outlet's
sentence. An exact search costs ``O(n^2 d)``; this module answers from an HNSW graph
(Malkov & Yashunin 2018) built by usearch (inner product over int8-quantised vectors):
``O(n log n)`` to build and ``O(log n)`` a query. docs/choices.md ("Alignment index: HNSW") has the
measurements behind the library and the parameters.

Same-outlet sentences are filtered out of each row's neighbours after the search; a row
left with fewer than ``k`` eligible neighbours is asked again with four times as many,
up to ``MAX_FETCH``, and a row still short is searched exactly (one row against all: few
rows, ``O(n d)`` each). Every returned similarity is recomputed exactly from the vectors,
so scores do not depend on the index, only which pairs are found.

Deterministic: the graph is built and searched on one thread, inserting rows in order, so
the same vectors in the same order give the same neighbours every time (checked across
processes: tests/test_ann.py); ties are broken by row number.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["CrossNeighbours", "cross_neighbours"]

HNSW_M = 16  # graph degree (usearch's default)
EF_CONSTRUCTION = 64
EF_SEARCH = 48
FIRST_FETCH = 24  # neighbours asked for first: k plus room for same-outlet ones
MAX_FETCH = 384  # widest search before falling back to the exact row scan


@dataclass(frozen=True)
class CrossNeighbours:
    """``rows[i]``'s neighbour ``cols[i]`` with similarity ``sims[i]`` (up to ``k`` per
    eligible row, best first), and ``best[r]``: row ``r``'s highest similarity with any row
    of another group (``-inf`` when there is none)."""

    rows: np.ndarray
    cols: np.ndarray
    sims: np.ndarray
    best: np.ndarray
    # work: vector distances computed by the graph searches (usearch's count) plus the
    # exact scans (rows x n) and the exact rescoring of what the graph returned
    distances: int = 0
    # bytes of the HNSW index (usearch's ``memory_usage``: graph + int8 vectors; 0 when no
    # graph was built): the benchmark compares it with the last-level cache
    index_bytes: int = 0


class _Hnsw:
    """A usearch HNSW graph (inner product, vectors quantised to int8) over the rows of
    ``V``, built and searched on one thread; searched by row number, ``-1`` padding a row
    the graph yields fewer than ``m`` neighbours for."""

    def __init__(self, V: np.ndarray) -> None:
        from usearch.index import Index

        self.V = V
        self.index = Index(
            ndim=V.shape[1], metric="ip", dtype="i8", connectivity=HNSW_M,
            expansion_add=EF_CONSTRUCTION, expansion_search=EF_SEARCH,
        )  # fmt: skip
        self.index.add(np.arange(len(V), dtype=np.uint64), V, threads=1)
        self.distances = 0  # computed by searches (usearch does not count the build's)

    def search(self, rows: np.ndarray, m: int) -> np.ndarray:
        self.index.expansion_search = max(EF_SEARCH, m)
        found = self.index.search(self.V[rows], m, threads=1)
        self.distances += int(getattr(found, "computed_distances", 0))
        keys = np.asarray(found.keys).astype(np.int64).reshape(len(rows), -1)
        counts = np.asarray(found.counts).reshape(-1) if len(rows) > 1 else [len(found.keys)]
        keys[np.arange(keys.shape[1])[None, :] >= np.asarray(counts)[:, None]] = -1
        return keys


def _scores(V: np.ndarray, rows: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """``V[rows[i]] . V[ids[i, j]]`` (``ids`` made valid), in chunks of rows (memory)."""
    out = np.empty(ids.shape, dtype=np.float32)
    step = max(1, 16_384 // max(1, ids.shape[1]))
    for s in range(0, len(rows), step):
        out[s : s + step] = np.einsum("rd,rmd->rm", V[rows[s : s + step]], V[ids[s : s + step]])
    return out


def _pick(
    rows: np.ndarray,
    ids: np.ndarray,
    sims: np.ndarray,
    groups: np.ndarray,
    eligible: np.ndarray,
    k: int,
    need: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """From candidate ids (``len(rows) x m``, ``-1`` = none) and their similarities: per row
    its best other-group similarity, and the ``k`` best eligible other-group neighbours
    (row-major, best first, ties by column); plus the rows to ask again: a row with fewer
    neighbours than ``need`` gives (:func:`_need`), or none of another group while there
    is one."""
    valid = ids >= 0
    safe = np.where(valid, ids, 0)
    other = valid & (safe != rows[:, None]) & (groups[safe] != groups[rows][:, None])
    best = np.where(other, sims, -np.inf).max(axis=1, initial=-np.inf)
    key = np.where(other & eligible[safe] & eligible[rows][:, None], sims, -np.inf)
    order = np.lexsort((safe, -key), axis=1)[:, :k]
    top_ids = np.take_along_axis(safe, order, axis=1)
    top_sims = np.take_along_axis(key, order, axis=1)
    keep = np.isfinite(top_sims)
    if need is None:
        short = np.zeros(len(rows), dtype=bool)
    else:
        short = (keep.sum(axis=1) < need[rows, 0]) | (~np.isfinite(best) & need[rows, 1].astype(bool))
    r = np.broadcast_to(rows[:, None], order.shape)
    return r[keep], top_ids[keep], top_sims[keep], best.astype(np.float32), short


def _need(groups: np.ndarray, eligible: np.ndarray, k: int) -> np.ndarray:
    """Per row: how many neighbours it can get (``k``, or fewer when fewer eligible rows
    of other groups exist; 0 for an ineligible row), and whether any other-group row exists
    (so a row the story cannot serve is not searched again and again)."""
    _, code = np.unique(groups, return_inverse=True)
    code = code.ravel()
    size = np.bincount(code)
    elig = np.bincount(code, weights=eligible.astype(float)).astype(np.int64)
    avail = int(eligible.sum()) - elig[code]
    want = np.where(eligible, np.minimum(k, avail), 0)
    return np.stack([want, (len(groups) - size[code] > 0).astype(np.int64)], axis=1)


def _exact(
    V: np.ndarray, rows: np.ndarray, groups: np.ndarray, eligible: np.ndarray, k: int,
    chunk: int = 512,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """What :func:`_pick` gives against every row of ``V`` (exact, ``chunk`` rows of BLAS at
    a time; the ``k`` best found by partition, then ordered)."""
    got: list[tuple[np.ndarray, ...]] = []
    for s in range(0, len(rows), chunk):
        part = rows[s : s + chunk]
        S = (V[part] @ V.T).astype(np.float32)
        other = groups[part][:, None] != groups[None, :]
        other[np.arange(len(part)), part] = False
        best = np.where(other, S, -np.inf).max(axis=1)
        key = np.where(other & eligible[None, :] & eligible[part][:, None], S, -np.inf)
        kk = min(k, len(V))
        top = np.argpartition(-key, kk - 1, axis=1)[:, :kk]
        r, c, v, _, _ = _pick(part, top, np.take_along_axis(key, top, axis=1), groups, eligible, k)
        got.append((r, c, v, best.astype(np.float32)))
    if not got:
        z = np.zeros(0, dtype=np.int64)
        return z, z, np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.float32)
    return tuple(np.concatenate([g[i] for g in got]) for i in range(4))  # type: ignore[return-value]


def cross_neighbours(
    V: np.ndarray,
    groups: np.ndarray,
    eligible: np.ndarray,
    k: int,
    exact: bool = False,
) -> CrossNeighbours:
    """For each eligible row of ``V`` (unit vectors), its ``k`` most similar eligible rows of
    another group (by ``groups``), and for every row its best similarity with any row of
    another group, eligible or not. Approximate (an HNSW graph); rows whose neighbourhood is
    crowded by their own group are asked again more widely, then exactly (see the module
    docstring). ``exact``: search every row exactly (``O(n^2 d)``; the benchmark's
    reference), as is done anyway when ``n <= FIRST_FETCH``."""
    V = np.ascontiguousarray(V, dtype=np.float32)
    groups = np.asarray(groups)
    eligible = np.asarray(eligible, dtype=bool)
    n = len(V)
    best = np.full(n, -np.inf, dtype=np.float32)
    got: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    rows = np.arange(n)
    distances = index_bytes = 0
    if n >= 2 and k > 0 and n > FIRST_FETCH and not exact:
        index = _Hnsw(V)
        index_bytes = int(index.index.memory_usage)
        need = _need(groups, eligible, k)
        m = FIRST_FETCH
        while len(rows) and m <= min(MAX_FETCH, n - 1):
            ids = index.search(rows, m)
            sims = _scores(V, rows, np.maximum(ids, 0))
            distances += ids.size
            r, c, s, b, short = _pick(rows, ids, sims, groups, eligible, k, need)
            best[rows] = np.maximum(best[rows], b)
            done = np.isin(r, rows[~short])
            got.append((r[done], c[done], s[done]))
            rows = rows[short]
            m *= 4
        distances += index.distances
    if n >= 2 and k > 0 and len(rows):  # small stories, and rows still short: exact
        r, c, s, b = _exact(V, rows, groups, eligible, k)
        distances += len(rows) * n
        best[rows] = np.maximum(best[rows], b)
        got.append((r, c, s))
    if not got:
        z = np.zeros(0, dtype=np.int64)
        return CrossNeighbours(z, z, np.zeros(0, dtype=np.float32), best, distances, index_bytes)
    return CrossNeighbours(
        *(np.concatenate([g[i] for g in got]) for i in range(3)), best, distances, index_bytes
    )
