"""``newsprism watch`` against a real HTTP server on 127.0.0.1: conditional GETs, only new
entries fetched, stories updated incrementally, state kept across restarts, and a clean
stop on SIGINT/SIGTERM in a real subprocess. No model needed (``--no-nlp``, no embeddings).
"""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from newsprism.settings import Settings
from newsprism.store import Store
from newsprism.watch import StopFlag, Watcher

ROOT = Path(__file__).resolve().parents[1]

# Written for these tests: a ferry strike told by three outlets, and an unrelated story.
PAGES = {
    "/a/ferry-1": (
        "Ferry crews strike over pay in Lenskaya",
        "Ferry crews in Lenskaya walked out on Monday in a dispute over pay, halting all sailings "
        "to Skarvo island. The Seafarers Union said talks with Lenskaya Ferries had collapsed "
        "after the company offered a two per cent rise.",
        "Mon, 06 May 2024 09:00:00 GMT",
    ),
    "/a/ferry-2": (
        "Skarvo cut off as Lenskaya ferry strike begins",
        "No ferries left Lenskaya for Skarvo island on Monday as crews began a strike over pay. "
        "The Seafarers Union rejected the two per cent offer from Lenskaya Ferries and said the "
        "walkout would continue until talks resumed.",
        "Mon, 06 May 2024 13:00:00 GMT",
    ),
    "/a/bakery": (
        "Old town bakery wins national bread award",
        "A family bakery in the old town of Brenmark won the national sourdough prize on Tuesday. "
        "Owner Ilse Varga said the recipe came from her grandmother and the queue now reaches "
        "the market square every morning.",
        "Mon, 06 May 2024 15:00:00 GMT",
    ),
    "/a/ferry-3": (
        "Lenskaya ferry strike enters second day",
        "The strike by Lenskaya ferry crews entered a second day on Tuesday, leaving Skarvo island "
        "without sailings. Lenskaya Ferries said it was ready to return to talks with the "
        "Seafarers Union over pay.",
        "Tue, 07 May 2024 08:00:00 GMT",
    ),
}


def _html(title: str, text: str) -> bytes:
    paras = "".join(f"<p>{s.strip()}.</p>" for s in text.split(". ") if s.strip())
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{paras}"
        "</article></body></html>"
    ).encode()


class FeedServer:
    """One RSS feed whose entries the test changes; ETag/Last-Modified and 304 support."""

    def __init__(self) -> None:
        self.entries = ["/a/ferry-1", "/a/ferry-2", "/a/bakery"]
        self.requests: list[tuple[str, str | None, str | None]] = []
        self.version = 1
        self.slow = threading.Event()  # set: the next /a/slow request hangs for a while
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args: object) -> None:
                return None

            def do_GET(self) -> None:  # noqa: N802
                inm, ims = self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
                server.requests.append((self.path, inm, ims))
                if self.path == "/feed.xml":
                    body, etag, modified = server.feed()
                    if inm == etag or (inm is None and ims == modified):
                        self.send_response(304)
                        self.send_header("ETag", etag)
                        self.end_headers()
                        return
                    self._send(200, body, "application/rss+xml", {"ETag": etag, "Last-Modified": modified})
                elif self.path == "/a/slow":
                    if server.slow.is_set():
                        server.slow.clear()
                        time.sleep(8)
                    title, text, _ = PAGES["/a/ferry-2"]
                    self._send(200, _html(title, text), "text/html; charset=utf-8")
                elif self.path in PAGES:
                    title, text, _ = PAGES[self.path]
                    self._send(200, _html(title, text), "text/html; charset=utf-8")
                else:
                    self._send(404, b"not found", "text/plain")

            def _send(self, status: int, body: bytes, ctype: str, headers: dict[str, str] | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the slow page's client was stopped on purpose

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def feed(self) -> tuple[bytes, str, str]:
        gone = ("Gone", "", "Mon, 06 May 2024 16:00:00 GMT")
        items = "".join(
            f"<item><title>{PAGES.get(p, PAGES['/a/ferry-2'] if p == '/a/slow' else gone)[0]}</title><link>{self.base}{p}</link>"
            f"<guid>{self.base}{p}</guid><pubDate>{PAGES.get(p, gone)[2]}</pubDate></item>"
            for p in self.entries
        )
        body = (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Coast Wire</title>'
            f"<link>{self.base}/</link><description>test</description>{items}</channel></rss>"
        ).encode()
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        return body, etag, formatdate(1714980000 + 3600 * self.version, usegmt=True)

    def add(self, path: str) -> None:
        self.entries.insert(0, path)
        self.version += 1

    def paths(self) -> list[str]:
        return [p for p, _, _ in self.requests]

    def clear(self) -> None:
        self.requests.clear()


@pytest.fixture()
def server() -> Iterator[FeedServer]:
    s = FeedServer()
    s.thread.start()
    yield s
    s.httpd.shutdown()
    s.httpd.server_close()


def _settings(db: Path) -> Settings:
    return Settings(
        db=f"sqlite:///{db}", allow_private=True, domain_delay=0.0, retries=0, embeddings=False
    )


def test_conditional_polls_fetch_only_what_is_new(server: FeedServer, tmp_path: Path) -> None:
    settings = _settings(tmp_path / "w.db")
    feed = server.base + "/feed.xml"
    with Store(settings.db) as store:
        w = Watcher([feed], settings, store, nlp=False)
        try:
            first = w.poll()
            assert server.requests[:2] == [("/robots.txt", None, None), ("/feed.xml", None, None)]
            assert sorted(server.paths()[2:]) == ["/a/bakery", "/a/ferry-1", "/a/ferry-2"]
            assert len(first.articles) == 3 and first.feeds[0].http == 200
            assert sum(p.is_new for p in first.placements) == 2  # ferry + bakery
            ferry_sid = store.story_ids_for_articles(first.articles)[first.articles[0]]
            body, etag, modified = server.feed()

            server.clear()
            second = w.poll()  # unchanged feed: validators sent, 304, nothing fetched
            assert server.requests == [("/feed.xml", etag, modified)]
            assert second.feeds[0].http == 304 and second.articles == []
            assert "1 not modified" in second.line()

            server.add("/a/ferry-3")
            server.clear()
            third = w.poll()  # changed feed: only the new entry's page is fetched
            assert server.requests[0] == ("/feed.xml", etag, modified)
            assert server.paths()[1:] == ["/a/ferry-3"]
            (placed,) = third.placements
            assert placed.story_id == ferry_sid and not placed.is_new
            assert "1 grown" in third.line()
        finally:
            w.close()
        assert store.count_articles() == 4
        story = store.get_story(ferry_sid)
        assert story is not None and len(story.article_ids) == 3
        state = store.feed_state(feed)
        assert state is not None and state.etag == server.feed()[1]

    # a restart (new store handle, new watcher): the stored validators are sent again
    server.clear()
    with Store(settings.db) as store:
        w = Watcher([feed], settings, store, nlp=False)
        try:
            again = w.poll()
        finally:
            w.close()
    assert server.requests[-1] == ("/feed.xml", server.feed()[1], server.feed()[2])
    assert again.feeds[0].http == 304 and "/a/ferry-1" not in server.paths()


def test_a_failed_entry_is_retried_and_a_bad_feed_is_one_line(server: FeedServer, tmp_path: Path) -> None:
    settings = _settings(tmp_path / "w.db")
    server.entries.append("/a/missing")
    lines: list[str] = []
    with Store(settings.db) as store:
        w = Watcher([server.base + "/feed.xml", server.base + "/nope.xml"], settings, store, nlp=False)
        try:
            (rep,) = w.run(0.1, once=True, emit=lines.append)
            assert rep.feeds[1].error and "HTTP 404" in rep.feeds[1].error
            assert [d.source for d in rep.feeds[0].failed] == [server.base + "/a/missing"]
            assert len(rep.articles) == 3
            server.clear()
            assert w.poll().feeds[0].http == 304  # unchanged feed: nothing is tried
            assert "/a/missing" not in server.paths()
            server.add("/a/ferry-3")
            server.clear()
            rep = w.poll()  # changed feed: the new entry, and the failed one again
        finally:
            w.close()
    assert sorted(p for p in server.paths() if p.startswith("/a/")) == ["/a/ferry-3", "/a/missing"]
    assert len(rep.articles) == 1 and len(rep.feeds[0].failed) == 1
    assert lines[0].startswith("poll 1 ")
    assert any("feed failed" in ln and "nope.xml" in ln for ln in lines)
    assert any("failed: " + server.base + "/a/missing" in ln for ln in lines)


def test_stop_flag_interrupts_between_entries(server: FeedServer, tmp_path: Path) -> None:
    settings = _settings(tmp_path / "w.db")
    stop = StopFlag()
    with Store(settings.db) as store:
        w = Watcher([server.base + "/feed.xml"], settings, store, nlp=False, stop=stop)
        try:
            orig = store.upsert_article

            def upsert_then_stop(a):  # the stop arrives while the first entry is stored
                status = orig(a)
                stop.set("SIGTERM")
                return status

            store.upsert_article = upsert_then_stop  # type: ignore[method-assign]
            rep = w.poll()
            store.upsert_article = orig  # type: ignore[method-assign]
            assert rep.interrupted and len(rep.articles) == 1
            state = store.feed_state(server.base + "/feed.xml")
            assert state is not None and state.etag is None  # validators not saved
            assert store.assigned(rep.articles) == set(rep.articles)  # the stored one is placed
            stop._event.clear()  # noqa: SLF001 - resume as a restarted watcher would
            server.clear()
            rest = w.poll()
        finally:
            w.close()
        assert server.requests[0] == ("/feed.xml", None, None)  # full feed again
        assert len(rest.articles) == 2 and store.count_articles() == 3


@pytest.mark.model
def test_watch_with_nlp_builds_the_dossiers(server: FeedServer, tmp_path: Path) -> None:
    settings = _settings(tmp_path / "w.db")
    with Store(settings.db) as store:
        w = Watcher([server.base + "/feed.xml"], settings, store)
        try:
            rep = w.poll()
            assert rep.dossiers == 2
            server.add("/a/ferry-3")
            rep = w.poll()
            assert rep.dossiers == 1  # only the story that grew
        finally:
            w.close()
        sid = store.story_ids_for_articles(rep.articles)[rep.articles[0]]
        dossier = store.get_dossier(sid)
        assert dossier is not None and len(dossier.articles) == 3
        assert len(store.get_analyses([a.id for a in store.articles()])) == 4


def _count(db: Path, sql: str) -> int:
    with sqlite3.connect(db) as con:
        return con.execute(sql).fetchone()[0]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_watch_subprocess_stops_cleanly(server: FeedServer, tmp_path: Path, sig: signal.Signals) -> None:
    db = tmp_path / "w.db"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "NEWSPRISM_EMBEDDINGS": "0",
        "NEWSPRISM_DOMAIN_DELAY": "0",
        "COLUMNS": "200",
    }
    cmd = [sys.executable, "-m", "newsprism", "--db", str(db), "watch", server.base + "/feed.xml",
           "--interval", "0.2", "--no-nlp", "--allow-private"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    lines: list[str] = []
    assert proc.stdout is not None
    deadline = time.monotonic() + 120
    while len([ln for ln in lines if ln.startswith("poll ")]) < 3:
        line = proc.stdout.readline()
        assert line or proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        lines.append(line)
        assert time.monotonic() < deadline, lines
    server.add("/a/ferry-3")  # arrives while it runs
    while not any(ln.startswith("poll ") and "articles 1 stored" in ln for ln in lines):
        lines.append(proc.stdout.readline())
        assert time.monotonic() < deadline, lines
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "Traceback" not in out
    assert f"watch stopped ({sig.name})" in err and "4 articles stored" in err
    assert _count(db, "select count(*) from articles") == 4
    assert _count(db, "select count(*) from assignments") == 4
    assert _count(db, "select count(*) from feed_entries") == 4
    assert _count(db, "select count(*) from stories") == 2
    assert _count(db, "select count(*) from feeds where etag is not null") == 1
    with sqlite3.connect(db) as con:
        assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
    # each page was fetched once in the whole run
    pages = [p for p in server.paths() if p.startswith("/a/")]
    assert sorted(pages) == sorted(set(pages)) and len(pages) == 4


def test_a_second_sigint_stops_at_once_and_the_next_run_catches_up(
    server: FeedServer, tmp_path: Path
) -> None:
    db = tmp_path / "w.db"
    server.entries = ["/a/ferry-1", "/a/slow"]
    server.slow.set()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NEWSPRISM_EMBEDDINGS": "0",
           "NEWSPRISM_DOMAIN_DELAY": "0"}
    cmd = [sys.executable, "-m", "newsprism", "--db", str(db), "watch", server.base + "/feed.xml",
           "--interval", "0.2", "--no-nlp", "--allow-private"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 120
    while "/a/slow" not in server.paths():  # hanging in the middle of the second entry
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    (last,) = err.strip().splitlines()
    assert last.startswith("watch stopped (SIGINT)") and last.endswith("interrupted at once")
    with sqlite3.connect(db) as con:
        assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert _count(db, "select count(*) from articles") == 1  # the first entry, whole
    assert _count(db, "select count(*) from assignments") == 0  # not placed yet
    assert _count(db, "select count(*) from feeds where etag is not null") == 0

    from newsprism.cli.main import run

    assert run(["--db", str(db), "--config", str(_cfg(tmp_path)), "watch", server.base + "/feed.xml",
                "--once", "--no-nlp", "--allow-private"]) == 0
    assert _count(db, "select count(*) from articles") == 2
    assert _count(db, "select count(*) from assignments") == 2  # the leftover was placed too
    assert [p for p in server.paths() if p == "/a/ferry-1"] == ["/a/ferry-1"]  # never refetched


def _cfg(tmp_path: Path) -> Path:
    cfg = tmp_path / "cfg.toml"
    cfg.write_text("embeddings = false\ndomain_delay = 0\n", encoding="utf-8")
    return cfg


def test_watch_rejects_non_http_feeds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from newsprism.cli.main import run

    code = run(["--db", str(tmp_path / "w.db"), "watch", "feeds.xml", "--once"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "http(s) feed URLs" in err
