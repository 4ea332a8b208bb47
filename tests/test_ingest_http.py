"""URL and feed ingestion against a real HTTP server on 127.0.0.1, plus Fetcher unit tests."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from newsprism.errors import BlockedURL, FetchError, RobotsDisallowed, TooLarge
from newsprism.extract import extract
from newsprism.ingest import Fetcher, check_address, iter_raw
from newsprism.models import Disposition, RawDocument
from newsprism.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
ARTICLE = (FIXTURES / "article.html").read_bytes()
MAX = 200_000


def _page(title: str, body: str) -> bytes:
    paras = "".join(
        f"<p>{body} Sentence {i} adds detail about the harbour, the ferry and the council.</p>"
        for i in range(5)
    )
    return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{paras}</article></body></html>".encode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"
    log: list[str] = []
    flaky: dict[str, int] = {}

    def log_message(self, *args: object) -> None:  # keep test output quiet
        return None

    def _send(
        self,
        status: int,
        body: bytes = b"",
        ctype: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
        length: bool = True,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if length:
            self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802
        path = self.path
        self.log.append(path)
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if path == "/robots.txt":
            self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        elif path == "/article":
            self._send(200, ARTICLE)
        elif path == "/story2":
            self._send(200, _page("Island school reopens", "The island school reopened on Monday."))
        elif path == "/plain":
            self._send(
                200,
                b"Plain headline here\n\nA plain text body paragraph about the harbour and the ferry.",
                "text/plain; charset=utf-8",
            )
        elif path == "/latin":
            self._send(
                200,
                _page("Caf\xe9 news", "Jos\xe9 N\xfa\xf1ez reopened the caf\xe9.")
                .decode()
                .encode("cp1252"),
                "text/html; charset=windows-1252",
            )
        elif path.startswith("/private/"):
            self._send(200, _page("Secret", "Should never be fetched."))
        elif path == "/moved":
            self._send(301, headers={"Location": "/article"})
        elif path == "/to-private":
            self._send(302, headers={"Location": "/private/x"})
        elif path == "/loop1":
            self._send(302, headers={"Location": "/loop2"})
        elif path == "/loop2":
            self._send(302, headers={"Location": "/loop1"})
        elif path == "/huge":
            self._send(200, b"<p>" + b"x" * (MAX * 2) + b"</p>")
        elif path == "/huge-stream":
            self._send(200, b"<p>" + b"y" * (MAX * 2) + b"</p>", length=False)
        elif path == "/missing":
            self._send(404, b"not here")
        elif path.startswith("/flaky"):
            n = self.flaky[path] = self.flaky.get(path, 0) + 1
            if n == 1:
                self._send(500, b"oops")
            else:
                self._send(200, _page("Flaky works", "The second attempt worked fine."))
        elif path == "/always500":
            self._send(503, b"down")
        elif path == "/feed.xml":
            items = "".join(
                f"<item><title>{t}</title><link>{base}{p}</link><pubDate>Wed, 02 Apr 2025 09:00:00 GMT</pubDate>"
                f"<description>Summary of {t} with enough words to stand in for the story.</description></item>"
                for t, p in (
                    ("Ferry strike", "/article"),
                    ("School reopens", "/story2"),
                    ("Gone story", "/missing"),
                )
            )
            body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Local Feed</title>{items}</channel></rss>'
            self._send(200, body.encode(), "application/rss+xml")
        elif path == "/feed-as-xml":
            body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>X</title><item><title>S</title><link>{base}/story2</link></item></channel></rss>'
            self._send(200, body.encode(), "text/xml")
        elif path == "/bad-feed":
            self._send(
                200,
                b"<?xml version='1.0'?><rss version='2.0'><channel><title>broken",
                "application/rss+xml",
            )
        else:
            self._send(404, b"no")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture()
def settings() -> Settings:
    return Settings(
        allow_private=True, domain_delay=0, backoff=0.01, retries=2, timeout=5, max_bytes=MAX
    )


@pytest.fixture()
def fetcher(settings: Settings) -> Iterator[Fetcher]:
    with Fetcher(settings) as f:
        yield f


def _items(
    urls: list[str], settings: Settings, fetcher: Fetcher
) -> list[RawDocument | Disposition]:
    return list(iter_raw(urls, settings, fetcher=fetcher))


def test_article_url(server: str, settings: Settings, fetcher: Fetcher) -> None:
    [doc] = _items([server + "/moved"], settings, fetcher)
    assert isinstance(doc, RawDocument)
    assert doc.kind == "html" and doc.url == server + "/article" and doc.source == server + "/moved"
    assert doc.fetched_at is not None and doc.meta == {"charset": "utf-8"}
    art = extract(doc)
    assert art.title == "Ferry strike halts crossings to Osterholm" and "Tomas Ekdal" in art.text
    assert art.url == server + "/article"


def test_plain_text_and_charset_header(server: str, settings: Settings, fetcher: Fetcher) -> None:
    plain, latin = _items([server + "/plain", server + "/latin"], settings, fetcher)
    assert isinstance(plain, RawDocument) and plain.kind == "text"
    assert extract(plain).title == "Plain headline here"
    assert isinstance(latin, RawDocument) and "José Núñez" in extract(latin).text


def test_robots_is_respected_and_cached(server: str, settings: Settings, fetcher: Fetcher) -> None:
    _Handler.log.clear()
    items = _items(
        [server + "/private/secret", server + "/story2", server + "/to-private"], settings, fetcher
    )
    assert items[0] == Disposition(
        source=server + "/private/secret", status="skipped", reason="skipped:robots"
    )
    assert isinstance(items[1], RawDocument)
    assert items[2].reason == "skipped:robots"  # type: ignore[union-attr]  # redirect target re-checked
    assert not any(p.startswith("/private/") for p in _Handler.log)
    assert _Handler.log.count("/robots.txt") == 1
    with Fetcher(settings.model_copy(update={"respect_robots": False})) as rude:
        assert rude.fetch(server + "/private/secret").status == 200


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/loop1", "too-many-redirects"),
        ("/huge", "skipped:too-large"),
        ("/huge-stream", "skipped:too-large"),
        ("/missing", "http-404"),
        ("/always500", "http-503"),
    ],
)
def test_fetch_failures(
    server: str, settings: Settings, fetcher: Fetcher, path: str, reason: str
) -> None:
    [item] = _items([server + path], settings, fetcher)
    assert isinstance(item, Disposition) and item.reason == reason and item.source == server + path


def test_retry_after_500(server: str, settings: Settings, fetcher: Fetcher) -> None:
    _Handler.log.clear()
    [doc] = _items([server + "/flaky-a"], settings, fetcher)
    assert isinstance(doc, RawDocument) and "second attempt" in extract(doc).text
    assert _Handler.log.count("/flaky-a") == 2
    with Fetcher(settings.model_copy(update={"retries": 0})) as once:
        with pytest.raises(FetchError) as info:
            once.fetch(server + "/flaky-b")
    assert info.value.code == "http-500"


def test_feed_entries_are_fetched_with_fallback(
    server: str, settings: Settings, fetcher: Fetcher
) -> None:
    items = _items(
        [server + "/feed.xml"],
        settings,
        fetcher,
    ) + _items([server + "/feed-as-xml"], settings, fetcher)
    docs = [i for i in items if isinstance(i, RawDocument)]
    assert len(docs) == 4 and len(items) == 4
    ferry, school, gone, xml_entry = docs
    assert ferry.source == server + "/article" and ferry.meta["outlet"] == "Local Feed"
    assert (
        ferry.meta["title"] == "Ferry strike"
        and ferry.meta["published"] == "2025-04-02T09:00:00+00:00"
    )
    art = extract(ferry)
    assert (
        art.title == "Ferry strike" and "Tomas Ekdal" in art.text
    )  # feed title wins, page text used
    assert "island school reopened" in extract(school).text
    assert (
        gone.source == server + "/missing" and b"Summary of Gone story" in gone.content
    )  # 404 -> summary
    assert "Summary of Gone story" in extract(gone).text
    assert xml_entry.source == server + "/story2"


def test_malformed_feed(server: str, settings: Settings, fetcher: Fetcher) -> None:
    assert _items([server + "/bad-feed"], settings, fetcher) == [
        Disposition(source=server + "/bad-feed", status="failed", reason="bad-feed")
    ]


def test_loopback_is_blocked_without_allow_private(server: str) -> None:
    _Handler.log.clear()
    strict = Settings(domain_delay=0, retries=0)
    with Fetcher(strict) as f:
        with pytest.raises(BlockedURL):
            f.fetch(server + "/article")
        items = list(iter_raw([server + "/article"], strict, fetcher=f))
        assert f.requests == 0
    assert items == [
        Disposition(source=server + "/article", status="skipped", reason="skipped:blocked-address")
    ]
    assert _Handler.log == []


def test_unreachable_port(settings: Settings) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/x"
    with Fetcher(settings) as f:
        [item] = list(iter_raw([url], settings, fetcher=f))
    assert (
        isinstance(item, Disposition) and item.status == "failed" and item.reason == "unreachable"
    )
    with Fetcher(settings) as f, pytest.raises(FetchError) as info:
        f.fetch(url)
    assert url in str(info.value) and "\n" not in str(info.value)


# ------------------------------------------------------------------ Fetcher with a fake transport


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://10.1.2.3/",
        "http://192.168.0.1/",
        "http://169.254.169.254/latest",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://224.0.0.1/",
        "http://0.0.0.0/",
        "http://localhost/",
    ],
)
def test_address_guard_blocks(url: str) -> None:
    with pytest.raises(BlockedURL):
        check_address(url)
    check_address(url, allow_private=True)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://x.example/",
        "http:///nohost",
        "gopher://a/",
        "http://[unclosed/",  # urlsplit raises "Invalid IPv6 URL"
        "http://example.org:99999/",  # port out of range
    ],
)
def test_only_http_urls(url: str) -> None:
    with pytest.raises(FetchError) as info:
        check_address(url, allow_private=True)
    assert info.value.code == "bad-url"


def test_public_ip_literal_is_allowed() -> None:
    check_address("http://93.184.216.34/")  # an IP literal needs no DNS


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_politeness_delay_and_backoff_and_headers() -> None:
    seen: list[httpx.Request] = []
    statuses = iter([200, 429, 503, 200, 200])

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(
            next(statuses), text="<p>ok</p>", headers={"content-type": "text/html"}
        )

    clock = _Clock()
    settings = Settings(
        allow_private=True, domain_delay=2.0, backoff=0.5, retries=2, user_agent="np-test/1"
    )
    with Fetcher(
        settings, transport=httpx.MockTransport(handler), clock=clock, sleep=clock.sleep
    ) as f:
        assert f.fetch("http://news.example/a").status == 200
        assert f.fetch("http://news.example/b").status == 200  # 429, 503, then 200
        assert f.fetch("http://other.example/c").status == 200
    assert all(r.headers["user-agent"] == "np-test/1" for r in seen)
    assert [r.url.path for r in seen] == [
        "/robots.txt",
        "/a",
        "/b",
        "/b",
        "/b",
        "/robots.txt",
        "/c",
    ]
    # politeness: 2 s between same-host requests; the retry backoff (0.5 s, then 1.0 s)
    # counts towards it, so each gap is max(backoff, delay) = 2 s; a new host's first
    # request (its robots.txt) does not wait
    assert clock.sleeps == [2.0, 2.0, 0.5, 1.5, 1.0, 1.0, 2.0]


def test_redirect_cap_and_size_cap_with_transport() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/big":
            return httpx.Response(200, content=b"z" * 5000)
        n = int(request.url.path.strip("/") or 0)
        return httpx.Response(302, headers={"location": f"/{n + 1}"})

    settings = Settings(
        allow_private=True, domain_delay=0, respect_robots=False, max_redirects=3, max_bytes=1000
    )
    with Fetcher(settings, transport=httpx.MockTransport(handler)) as f:
        with pytest.raises(FetchError) as info:
            f.fetch("http://r.example/0")
        assert info.value.code == "too-many-redirects" and f.requests == 4
        with pytest.raises(TooLarge):
            f.fetch("http://r.example/big")


def test_redirect_to_an_unparsable_url_is_a_bad_url() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"location": "http://[broken/"})

    settings = Settings(allow_private=True, domain_delay=0, respect_robots=False)
    with Fetcher(settings, transport=httpx.MockTransport(handler)) as f:
        with pytest.raises(FetchError) as info:
            f.fetch("http://r.example/0")
    assert info.value.code == "bad-url" and "invalid URL" in str(info.value)


def test_robots_disallow_via_transport() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(200, text="User-agent: np-test\nDisallow: /\n")
        return httpx.Response(200, text="ok")

    settings = Settings(allow_private=True, domain_delay=0, user_agent="np-test/1")
    with (
        Fetcher(settings, transport=httpx.MockTransport(handler)) as f,
        pytest.raises(RobotsDisallowed),
    ):
        f.fetch("http://r.example/page")
