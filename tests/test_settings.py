"""Settings layers: defaults < config file < NEWSPRISM_* environment < CLI flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.errors import UsageError
from newsprism.settings import Settings, load_settings


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in Settings.model_fields:
        monkeypatch.delenv(f"NEWSPRISM_{name.upper()}", raising=False)
    s = load_settings()
    assert s.db == "sqlite:///newsprism.db" and s.embeddings is True and s.allow_private is False


def test_layers_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "np.toml"
    cfg.write_text('[newsprism]\ntimeout = 3.5\nretries = 7\nembeddings = true\n')
    monkeypatch.setenv("NEWSPRISM_RETRIES", "4")
    monkeypatch.setenv("NEWSPRISM_EMBEDDINGS", "false")
    s = load_settings(cfg)
    assert (s.timeout, s.retries, s.embeddings) == (3.5, 4, False)  # env beats file
    s = load_settings(cfg, retries=1, embeddings=None)  # flags beat env; None = flag not given
    assert (s.retries, s.embeddings) == (1, False)


@pytest.mark.parametrize(
    ("content", "suffix", "match"),
    [("not toml [", ".toml", "cannot read config"), ('{"nope": 1}', ".json", "unknown setting")],
)
def test_bad_config_is_a_usage_error(tmp_path: Path, content: str, suffix: str, match: str) -> None:
    cfg = tmp_path / f"c{suffix}"
    cfg.write_text(content)
    with pytest.raises(UsageError, match=match):
        load_settings(cfg)


def test_bad_value_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSPRISM_TIMEOUT", "soon")
    with pytest.raises(UsageError, match="invalid settings"):
        load_settings()
