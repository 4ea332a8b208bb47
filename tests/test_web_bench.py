"""The web benchmark runs end to end on a small synthetic store."""

from __future__ import annotations

import json

import pytest

from newsprism.errors import UsageError

pytest.importorskip("fastapi")

from newsprism.settings import Settings  # noqa: E402
from newsprism.web.bench import run_web_bench  # noqa: E402


def test_web_bench_small(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_web_bench(Settings(db=db_url), n_articles=400, repeat=2)
    line = capsys.readouterr().out.strip().splitlines()[-1]
    assert json.loads(line) == json.loads(json.dumps(result))
    assert result["articles"] == 400
    assert result["stories"] > 40
    for key in ("story_page_50", "list_recent", "list_coverage", "list_search"):
        assert result[key]["median_ms"] > 0


def test_web_bench_refuses_a_filled_store(db_url: str) -> None:
    run_web_bench(Settings(db=db_url), n_articles=60, repeat=1)
    with pytest.raises(UsageError, match="at least 50"):
        run_web_bench(Settings(db=db_url), n_articles=10, repeat=1)
    with pytest.raises(UsageError, match="not empty"):
        run_web_bench(Settings(db=db_url), n_articles=60, repeat=1)
