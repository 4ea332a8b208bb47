"""The embedder protocol and two small helpers (a cache and a test double)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

__all__ = ["Embedder", "CachedEmbedder", "HashingEmbedder"]


@runtime_checkable
class Embedder(Protocol):
    """Texts -> an ``(n, dim)`` float32 array of L2-normalised rows."""

    name: str
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


class CachedEmbedder:
    """Wrap an embedder with an in-memory cache keyed by the SHA-1 of the text."""

    def __init__(self, inner: Embedder, batch_size: int = 32) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.batch_size = batch_size
        self._cache: dict[bytes, np.ndarray] = {}

    def _key(self, text: str) -> bytes:
        return hashlib.sha1(text.encode("utf-8")).digest()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        keys = [self._key(t) for t in texts]
        todo: dict[bytes, str] = {}
        for k, t in zip(keys, texts, strict=True):
            if k not in self._cache and k not in todo:
                todo[k] = t
        items = list(todo.items())
        for s in range(0, len(items), self.batch_size):
            chunk = items[s : s + self.batch_size]
            vecs = self.inner.embed([t for _, t in chunk])
            for (k, _), v in zip(chunk, vecs, strict=True):
                self._cache[k] = v
        if not keys:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._cache[k] for k in keys])


class HashingEmbedder:
    """A deterministic bag-of-words hashing "embedder" for tests (not a semantic model)."""

    name = "hashing"

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for r, t in enumerate(texts):
            for w in re.findall(r"\w+", t.lower()):
                h = int.from_bytes(hashlib.md5(w.encode()).digest()[:4], "little")
                out[r, h % self.dim] += 1.0 if h & 1 << 31 else -1.0
            n = float(np.linalg.norm(out[r]))
            if n > 0:
                out[r] /= n
        return out
