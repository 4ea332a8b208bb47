"""Sentence vectors that persist in the store: computed once per (embedder, text), ever.

MiniLM costs ~10-15 CPU ms per news sentence on this 2-core box, so the ~2,400 sentences of
a 50-article story cost 30-45 CPU s: ten times the rest of the comparison. A sentence's
vector depends only on its text, so it is an NLP product of the article, like its parse:
:func:`newsprism.pipeline.embed_sentences` computes it when the article is analysed and
:class:`StoredEmbedder` serves it to every later comparison of every story the article is
in (a growing story re-compared after each new article embeds only the new sentences).

Rows are keyed by the embedder's name (and token limit) and the SHA-1 of the text (the text the comparison
embeds: :func:`newsprism.compare.facts.sentence_texts`), and hold the L2-normalised vector
as little-endian float16 (768 bytes for MiniLM's 384 dims, ~35 KB per article). The
comparison rounds every vector through float16 whether it was stored or just computed
(:func:`round_vectors`), so a dossier does not depend on which of the two happened.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import numpy as np

from .base import Embedder

__all__ = ["StoredEmbedder", "VectorStore", "text_hash", "round_vectors", "encode", "decode"]

_DTYPE = np.dtype("<f2")


class VectorStore(Protocol):
    """What :class:`StoredEmbedder` needs of a store (:class:`newsprism.store.Store` has it)."""

    def get_sentence_vectors(self, embedder: str, hashes: Sequence[str]) -> dict[str, bytes]: ...

    def save_sentence_vectors(self, embedder: str, vectors: Mapping[str, bytes]) -> int: ...


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def round_vectors(vecs: np.ndarray) -> np.ndarray:
    """The float32 values a float16-stored vector reads back as."""
    return np.asarray(vecs, dtype=np.float32).astype(_DTYPE).astype(np.float32)


def encode(vec: np.ndarray) -> bytes:
    return np.asarray(vec, dtype=np.float32).astype(_DTYPE).tobytes()


def decode(raw: bytes, dim: int) -> np.ndarray | None:
    """The stored vector, or None when the bytes do not hold ``dim`` float16 values."""
    if len(raw) != dim * _DTYPE.itemsize:
        return None
    return np.frombuffer(raw, dtype=_DTYPE).astype(np.float32)


class StoredEmbedder:
    """Wrap an embedder with the store: vectors found there are read, the others computed
    (one batch), saved and returned. ``computed`` and ``loaded`` count texts (distinct per
    call) since creation, for reports and benchmarks."""

    def __init__(self, inner: Embedder, store: VectorStore) -> None:
        self.inner = inner
        self.store = store
        self.name = inner.name
        self.dim = inner.dim
        # the store key also names the token limit: a vector cut at 64 tokens is not one
        # cut at 128
        limit = getattr(inner, "max_tokens", None)
        self.key = f"{inner.name}@{limit}" if limit else inner.name
        self.computed = 0
        self.loaded = 0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        keys = [text_hash(t) for t in texts]
        want = dict.fromkeys(keys)
        found: dict[str, Any] = {}
        for h, raw in self.store.get_sentence_vectors(self.key, list(want)).items():
            v = decode(raw, self.dim)
            if v is not None:
                found[h] = v
        self.loaded += len(found)
        todo = {h: t for h, t in zip(keys, texts, strict=True) if h not in found}
        if todo:
            vecs = np.asarray(self.inner.embed(list(todo.values())), dtype=np.float32)
            fresh = {h: encode(v) for h, v in zip(todo, vecs, strict=True)}
            self.store.save_sentence_vectors(self.key, fresh)
            for h, raw in fresh.items():
                found[h] = decode(raw, self.dim)
            self.computed += len(todo)
        for r, h in enumerate(keys):
            out[r] = found[h]
        return out
