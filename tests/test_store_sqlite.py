"""SQLite specifics of the store: migrations, pragmas, atomic writes, errors, LIKE fallback."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect

import newsprism.store.search as store_search
import newsprism.store.store as store_module
from newsprism.errors import StoreError
from newsprism.models import Article, ArticleAnalysis, Story
from newsprism.store import Store
from newsprism.store.schema import FTS_TABLE, metadata

TABLES = {"outlets", "articles", "analyses", "stories", "story_articles", "dossiers"}


def _path(db_url: str) -> Path:
    return Path(db_url.removeprefix("sqlite:///"))


def _head() -> str:
    head = ScriptDirectory.from_config(store_module._alembic_config()).get_current_head()
    assert head is not None
    return head


def _fts_ids(db_url: str) -> list[str]:
    with sqlite3.connect(_path(db_url)) as con:
        return [
            r[0] for r in con.execute(f"SELECT article_id FROM {FTS_TABLE} ORDER BY article_id")
        ]


def test_migration_creates_schema_and_is_idempotent(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    Store(db_url).close()
    with sqlite3.connect(_path(db_url)) as con:
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        version = con.execute("SELECT version_num FROM alembic_version").fetchall()
    assert TABLES | {"alembic_version", FTS_TABLE} <= names
    assert version == [(_head(),)]

    calls: list[object] = []
    monkeypatch.setattr(store_module.command, "upgrade", lambda *a, **k: calls.append(a))
    with Store(db_url) as s:  # second open: nothing to do
        assert s.count_articles() == 0
    assert calls == []
    with sqlite3.connect(_path(db_url)) as con:
        assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [(_head(),)]


def test_reopen_keeps_data(db_url: str) -> None:
    with Store(db_url) as s:
        s.upsert_article(Article(id="a", title="Kept", text="still here"))
    with Store(db_url) as s:
        assert s.get_article("a") == Article(id="a", title="Kept", text="still here")
        assert [a.id for a, _ in s.search("still")] == ["a"]


def test_schema_module_matches_migration(db_url: str) -> None:
    Store(db_url).close()
    engine = create_engine(db_url)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"include_name": _skip_fts_and_version, "compare_type": True}
        )
        assert compare_metadata(ctx, metadata) == []
    engine.dispose()


def _skip_fts_and_version(name: str | None, type_: str, parent_names: object) -> bool:
    return not (
        type_ == "table"
        and name is not None
        and (name.startswith(FTS_TABLE) or name == "alembic_version")
    )


def test_migration_downgrades_to_empty(db_url: str) -> None:
    Store(db_url).close()
    engine = create_engine(db_url)
    cfg = store_module._alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    engine.dispose()
    with Store(db_url) as s:  # and up again
        assert s.count_articles() == 0


def test_pragmas(db_url: str) -> None:
    with Store(db_url) as s:
        with s._engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert (
                conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == store_module.BUSY_TIMEOUT_MS
            )


def test_creates_parent_directory(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "er" / "news.db"
    with Store(f"sqlite:///{target}") as s:
        s.upsert_article(Article(id="a", title="t", text="x"))
    assert target.is_file()


def test_in_memory_database() -> None:
    with Store("sqlite://") as s:
        assert s.upsert_article(Article(id="a", title="Memory", text="lives here")) == "ingested"
        assert [a.id for a, _ in s.search("memory")] == ["a"]


# -- atomicity ------------------------------------------------------------------------------


def _boom(*args: object, **kwargs: object) -> None:
    raise RuntimeError("index failure")


def test_failed_fts_insert_leaves_no_article(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store(db_url) as s:
        monkeypatch.setattr(store_search, "index_article", _boom)
        with pytest.raises(RuntimeError):
            s.upsert_article(Article(id="a", title="Half", text="written", outlet="Outlet"))
        assert s.get_article("a") is None
        assert s.count_articles() == 0
        assert s.outlets() == []
        monkeypatch.undo()
        assert s.upsert_article(Article(id="a", title="Half", text="written")) == "ingested"
    assert _fts_ids(db_url) == ["a"]


def test_failed_update_keeps_old_version(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    old = Article(id="a", title="Old title", text="original words")
    with Store(db_url) as s:
        s.upsert_article(old)
        s.save_analysis(ArticleAnalysis(article_id="a", nlp_version="v1"))
        monkeypatch.setattr(store_search, "index_article", _boom)
        with pytest.raises(RuntimeError):
            s.upsert_article(Article(id="a", title="New title", text="replacement words"))
        assert s.get_article("a") == old
        assert [a.id for a, _ in s.search("original")] == ["a"]
        assert s.get_analyses(["a"])["a"].nlp_version == "v1"
    assert _fts_ids(db_url) == ["a"]


def test_fts_stays_in_sync_with_updates(db_url: str) -> None:
    with Store(db_url) as s:
        for i in range(3):
            s.upsert_article(Article(id="a", title=f"Version {i}", text=f"word{i}"))
        assert [a.id for a, _ in s.search("word2")] == ["a"]
        assert s.search("word0") == []
    assert _fts_ids(db_url) == ["a"]


# -- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "not a url",
        "nosuchdialect://x/y",
        "sqlite+nosuchdriver:///x.db",
        "",
        "postgresql://user:secret@127.0.0.1:1/db",
    ],
)
def test_bad_urls_raise_store_error(url: str) -> None:
    with pytest.raises(StoreError) as info:
        Store(url)
    message = str(info.value)
    assert "\n" not in message and "secret" not in message
    assert info.value.code == "store"


def test_unopenable_sqlite_paths(tmp_path: Path) -> None:
    (tmp_path / "adir.db").mkdir()
    with pytest.raises(StoreError, match="cannot open database"):
        Store(f"sqlite:///{tmp_path / 'adir.db'}")
    (tmp_path / "junk.db").write_bytes(b"this is not a database at all" * 200)
    with pytest.raises(StoreError, match="not a database"):
        Store(f"sqlite:///{tmp_path / 'junk.db'}")
    (tmp_path / "afile").write_text("x")
    with pytest.raises(StoreError, match="cannot create the directory"):
        Store(f"sqlite:///{tmp_path / 'afile' / 'sub' / 'x.db'}")


def test_database_errors_become_store_errors(db_url: str) -> None:
    with Store(db_url) as s:
        with sqlite3.connect(_path(db_url)) as con:
            con.execute("DROP TABLE story_articles")
        s.upsert_article(Article(id="a", title="t", text="x"))
        with pytest.raises(StoreError, match="saving story s failed.*no such table") as info:
            s.save_story(Story(id="s", title="t", article_ids=["a"]))
        assert "\n" not in str(info.value)
        assert s.get_story("zzz") is None  # stories table itself still fine


def test_newer_schema_revision_is_reported(db_url: str) -> None:
    Store(db_url).close()
    with sqlite3.connect(_path(db_url)) as con:
        con.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StoreError, match="newer newsprism"):
        Store(db_url)


def test_closed_store_refuses_work(db_url: str) -> None:
    s = Store(db_url)
    s.close()
    s.close()
    with pytest.raises(StoreError, match="closed"):
        s.count_articles()


# -- LIKE fallback (used on dialects without a full-text engine) -------------------------------


def test_like_fallback_search(db_url: str) -> None:
    with Store(db_url) as s:
        s.upsert_article(
            Article(id="t1", title="Flooding closes bridge", text="Water rose in the valley.")
        )
        s.upsert_article(
            Article(id="t2", title="Council", text="They discussed 100% of the bridge repairs.")
        )
        s.upsert_article(Article(id="t3", title="Sports", text="The team won."))
        s._backend = "like"
        hits = s.search("bridge")
        assert [a.id for a, _ in hits] == ["t1", "t2"]  # title match ranks first
        assert "**bridge**" in hits[1][1]
        assert [a.id for a, _ in s.search("100%")] == ["t2"]
        assert [a.id for a, _ in s.search("team valley")] == ["t1", "t3"]  # any-term fallback
        for q in ["%", "_", '"', "AND OR NOT", "", "col:", "\\"]:
            assert isinstance(s.search(q), list)
        assert s.search("%") == []


def test_unparseable_url_does_not_echo_password() -> None:
    with pytest.raises(StoreError) as info:
        Store("postgres ql://user:hunter2@host/db")
    assert "hunter2" not in str(info.value)


# -- concurrency ----------------------------------------------------------------------------


def test_concurrent_first_open_and_writes(db_url: str) -> None:
    """Several stores opening a fresh file at once migrate once and write without locking errors."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def worker(n: int) -> None:
        try:
            barrier.wait()
            with Store(db_url) as s:
                for i in range(20):
                    s.upsert_article(
                        Article(id=f"w{n}-{i}", title=f"Worker {n}", text=f"item {i} of {n}")
                    )
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Store(db_url) as s:
        assert s.count_articles() == 80
        assert len(s.search("worker", limit=100)) == 80
