"""Near-duplicate detection (wire copies, re-posts, updated versions) with MinHash LSH.

Each text becomes the set of its word 4-gram shingles (case-folded, punctuation dropped);
its MinHash signature (Broder 1997) estimates Jaccard similarity, and datasketch's
``MinHashLSH`` (banding, Indyk & Motwani 1998) finds candidates in sub-linear time. A
candidate counts as a duplicate when the signature estimate is at least ``threshold``
(0.6 by default: an agency copy with a new headline and a trimmed last paragraph keeps
well over 0.6 of its 4-grams; two outlets writing up the same event independently share
well under 0.2). A duplicate links to the *original*: the root of its chain, so a copy
of a copy points at the first version.

Words are hashed with CRC32 (memoised), shingle hashes and signatures computed with numpy
using datasketch 2's own affine32 permutations: ~10x faster than feeding each shingle's
bytes through ``MinHash.update``.
Entries older than ``window`` (by published time) are removed from the index, so memory
is bounded by the window, not the stream.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
from datasketch import MinHash, MinHashLSH

from .features import word_hashes, words

__all__ = ["NearDuplicateIndex", "shingles", "hash_shingles", "signature"]

_MAX32 = np.uint64(0xFFFFFFFF)
_FNV = np.uint32(0x01000193)


def shingles(text: str | list[str], k: int = 4) -> np.ndarray:
    """32-bit hashes (as uint64) of the word ``k``-grams of ``text`` (a string or
    the list of its :func:`~.features.words`).

    Each word is CRC32-hashed once (memoised); a k-gram's hash is a polynomial over its
    word hashes modulo 2^32, computed for all positions at once with numpy.
    """
    ws = words(text) if isinstance(text, str) else text
    return hash_shingles(word_hashes(ws), k)


def hash_shingles(hashes: list[int], k: int = 4) -> np.ndarray:
    """:func:`shingles` from the words' CRC32s (:func:`~.features.word_hashes`)."""
    return _shingles32(hashes, k).astype(np.uint64)


def _shingles32(hashes: list[int], k: int = 4) -> np.ndarray:
    """:func:`hash_shingles` as uint32 (what :func:`signature` computes in)."""
    if not hashes:
        return np.zeros(0, dtype=np.uint32)
    # uint32 arithmetic wraps modulo 2^32: the same values as uint64 masked with 2^32 - 1,
    # on half the bytes
    wh = np.array(hashes, dtype=np.uint32)
    k = min(k, len(hashes))
    n = len(hashes) - k + 1
    acc = wh[:n].copy()  # 0 * FNV + h
    for j in range(1, k):
        acc *= _FNV
        acc += wh[j : j + n]
    return acc  # repeats do not change a minimum: no need to deduplicate


def _permutations(num_perm: int, seed: int) -> np.ndarray:
    """datasketch's own affine32 permutations ``h -> a * h + b mod 2^32`` (odd ``a``)."""
    return np.asarray(MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations)


def signature(hashes: np.ndarray, perms: np.ndarray) -> np.ndarray:
    """The MinHash signature of a set of 32-bit hashes, as datasketch's affine32 scheme computes it.

    ``a * h + b mod 2^32`` in uint32 arithmetic (it wraps modulo 2^32): the same values as
    datasketch's uint64 products masked to 32 bits, in half the memory, ~2x faster.
    """
    a = perms[0].astype(np.uint32)
    b = perms[1].astype(np.uint32)
    return _signature32(hashes, a, b)


def _signature32(hashes: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """:func:`signature` with the permutations already in uint32 (``a``, ``b``)."""
    if hashes.size == 0:
        return np.full(a.shape[0], _MAX32, dtype=np.uint64)
    # one row per permutation: each minimum runs over a contiguous row
    phv = np.multiply.outer(a, hashes.astype(np.uint32, copy=False))
    phv += b[:, None]
    return phv.min(axis=1).astype(np.uint64)


@dataclass
class _Entry:
    sig: np.ndarray
    original: Hashable
    at: datetime | None


@dataclass
class NearDuplicateIndex:
    """A windowed MinHash LSH index of texts: ``check_and_add`` returns the original or None."""

    threshold: float = 0.6
    num_perm: int = 64
    window: timedelta = timedelta(days=7)
    seed: int = 1
    _perms: np.ndarray = field(init=False)
    _lsh: MinHashLSH = field(init=False)
    _entries: dict[Hashable, _Entry] = field(init=False, default_factory=dict)
    _order: deque[tuple[datetime, Hashable]] = field(init=False, default_factory=deque)
    _latest: datetime | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self._perms = _permutations(self.num_perm, self.seed)
        self._a32 = self._perms[0].astype(np.uint32)
        self._b32 = self._perms[1].astype(np.uint32)
        self._lsh = MinHashLSH(threshold=self.threshold, num_perm=self.num_perm)
        # the LSH's band keys are cut from one byte string per text and serve both the
        # query and the insert (``MinHashLSH.query`` and ``insert`` each build them anew,
        # from a ``MinHash`` they validate first): the same keys, in its own storage
        size = self._perms.dtype.itemsize  # a MinHash holds its values in this dtype
        self._cuts = [(size * lo, size * hi) for lo, hi in self._lsh.hashranges]

    def __len__(self) -> int:
        return len(self._entries)

    def _bands(self, sig: np.ndarray) -> list[bytes]:
        """The LSH's key of each band of ``sig``: what its ``_H`` makes of the band of a
        ``MinHash`` (values in the permutations' dtype), ``bytes(band.byteswap().data)``,
        cut from one byte string."""
        raw = sig.astype(self._perms.dtype).byteswap().tobytes()
        return [raw[lo:hi] for lo, hi in self._cuts]

    def _expire(self, now: datetime) -> None:
        cutoff = now - self.window
        while self._order and self._order[0][0] < cutoff:
            _, key = self._order.popleft()
            if key in self._entries:
                del self._entries[key]
                self._lsh.remove(key)

    def query(self, text: str | list[str]) -> tuple[Hashable, float] | None:
        """The best near-duplicate already indexed (its original, estimated Jaccard)."""
        sig = signature(shingles(text), self._perms)
        return self._query(sig, self._bands(sig))

    def _query(self, sig: np.ndarray, bands: list[bytes]) -> tuple[Hashable, float] | None:
        best: tuple[float, int, Hashable] | None = None
        found: set[Hashable] = set()  # what ``MinHashLSH.query`` returns, as a set
        for band, table in zip(bands, self._lsh.hashtables, strict=True):
            found.update(table.get(band))
        for rank, key in enumerate(sorted(found, key=str)):
            e = self._entries.get(key)
            if e is None:
                continue
            jac = float(np.count_nonzero(e.sig == sig)) / self.num_perm
            if jac >= self.threshold and (best is None or jac > best[0]):
                best = (jac, rank, e.original)
        return None if best is None else (best[2], best[0])

    def check_and_add(
        self,
        key: Hashable,
        text: str | list[str],
        at: datetime | None = None,
        *,
        hashes: list[int] | None = None,
    ) -> tuple[Hashable, float] | None:
        """Index ``text`` under ``key``; return ``(original, jaccard)`` if it duplicates one.
        ``hashes``: the words' CRC32s when the caller has them (``text`` is then unused)."""
        if at is not None:
            if self._latest is None or at > self._latest:
                self._latest = at
                self._expire(at)
        if key in self._entries:
            e = self._entries[key]
            return None if e.original == key else (e.original, 1.0)
        if hashes is None:
            hashes = word_hashes(text if isinstance(text, list) else words(text))
        sig = _signature32(_shingles32(hashes), self._a32, self._b32)
        bands = self._bands(sig)
        hit = self._query(sig, bands)
        original = key if hit is None else hit[0]
        self._entries[key] = _Entry(sig, original, at)
        # ``MinHashLSH.insert`` without its checks (``key`` is not indexed: checked above,
        # and expired keys leave the LSH with the entries); ``remove`` reads these keys
        self._lsh.keys.insert(key, *bands)
        for band, table in zip(bands, self._lsh.hashtables, strict=True):
            table.insert(band, key)
        if at is not None:
            self._order.append((at, key))
        return hit
