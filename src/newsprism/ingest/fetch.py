"""A careful HTTP fetcher: address guard, robots.txt, politeness delay, retries, size cap.

Every request (robots.txt included) goes through one :class:`httpx.Client`; tests pass an
``httpx`` transport or point it at a local server. Redirects are followed by hand so each
target is checked against the address guard and robots.txt again.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import time
import urllib.robotparser
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import httpx

from ..errors import BlockedURL, FetchError, RobotsDisallowed, TooLarge
from ..ids import url_host
from ..settings import Settings

__all__ = ["Fetcher", "FetchResult", "check_address"]

log = logging.getLogger(__name__)

_REDIRECTS = {301, 302, 303, 307, 308}
_RETRY_STATUS = {429, 500, 502, 503, 504}
_ROBOTS_MAX = 512_000
_MAX_RETRY_AFTER = 30.0


@dataclass(frozen=True)
class FetchResult:
    """One fetched resource: the final URL after redirects and the body bytes."""

    url: str
    status: int
    content_type: str
    content: bytes
    headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def charset(self) -> str | None:
        for part in self.content_type.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip("\"' ").lower()
        return None


def _is_blocked_ip(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
    )


def check_address(url: str, *, allow_private: bool = False) -> None:
    """Refuse non-http(s) URLs and (unless ``allow_private``) hosts that resolve to private,
    loopback, link-local, reserved or multicast addresses. Raises before any request."""
    try:
        parts = urlsplit(url)
        host, _ = parts.hostname, parts.port
    except ValueError as e:
        raise FetchError(f"{url}: not a valid URL ({e})", code="bad-url") from None
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"{url}: only http and https URLs can be fetched", code="bad-url")
    if not host:
        raise FetchError(f"{url}: the URL has no host", code="bad-url")
    if allow_private:
        return
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise FetchError(f"{url}: invalid port", code="bad-url") from None
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise FetchError(f"cannot resolve {host} for {url}: {exc}", code="unreachable") from None
    for info in infos:
        addr = str(info[4][0]).split("%", 1)[0]
        try:
            ip = ipaddress.ip_address(addr)
        except ValueError:
            continue
        if _is_blocked_ip(ip):
            raise BlockedURL(
                f"{url}: {host} resolves to the non-public address {ip}; "
                "pass --allow-private to fetch it anyway"
            )


class Fetcher:
    """Fetch URLs politely and safely. Use as a context manager or call :meth:`close`."""

    def __init__(
        self,
        settings: Settings,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self._clock = clock
        self._sleep = sleep
        self._client = httpx.Client(
            transport=transport,
            timeout=settings.timeout,
            headers={"User-Agent": settings.user_agent},
            follow_redirects=False,
        )
        self._last: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self.requests = 0

    # ------------------------------------------------------------ lifecycle
    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # ------------------------------------------------------------ public
    def fetch(self, url: str) -> FetchResult:
        """GET ``url`` following redirects; raise FetchError/BlockedURL/RobotsDisallowed/TooLarge."""
        return self._follow(
            url, robots=self.settings.respect_robots, max_bytes=self.settings.max_bytes
        )

    def fetch_conditional(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> FetchResult:
        """A conditional GET (``If-None-Match`` / ``If-Modified-Since`` from the validators a
        previous response gave): an unchanged resource comes back with status 304 and no
        content; anything else as :meth:`fetch`."""
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._follow(
            url,
            robots=self.settings.respect_robots,
            max_bytes=self.settings.max_bytes,
            headers=headers,
            accept=(304,),
        )

    # ------------------------------------------------------------ internals
    def _follow(
        self,
        url: str,
        *,
        robots: bool,
        max_bytes: int,
        headers: Mapping[str, str] | None = None,
        accept: tuple[int, ...] = (),
    ) -> FetchResult:
        current = url
        for _ in range(self.settings.max_redirects + 1):
            check_address(current, allow_private=self.settings.allow_private)
            if robots and not self._allowed(current):
                raise RobotsDisallowed(f"{current}: robots.txt disallows fetching it")
            result = self._get(current, max_bytes=max_bytes, headers=headers)
            location = result.headers.get("location")
            if result.status in _REDIRECTS and location:
                try:
                    current = urljoin(current, location)
                except ValueError:
                    raise FetchError(
                        f"{current}: redirected to an invalid URL {location!r}", code="bad-url"
                    ) from None
                continue
            if not 200 <= result.status < 300 and result.status not in accept:
                raise FetchError(f"{current}: HTTP {result.status}", code=f"http-{result.status}")
            return result
        raise FetchError(
            f"{url}: more than {self.settings.max_redirects} redirects", code="too-many-redirects"
        )

    def _wait_for_host(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None and self.settings.domain_delay > 0:
            wait = self.settings.domain_delay - (self._clock() - last)
            if wait > 0:
                self._sleep(wait)

    def _get(
        self, url: str, *, max_bytes: int, headers: Mapping[str, str] | None = None
    ) -> FetchResult:
        """One URL, no redirects, with retries on connection errors and 429/5xx."""
        host = url_host(url) or ""
        retries = max(0, self.settings.retries)
        for attempt in range(retries + 1):
            delay = self.settings.backoff * (2**attempt)
            self._wait_for_host(host)
            try:
                result = self._get_once(url, max_bytes=max_bytes, headers=headers)
            except (httpx.TransportError, httpx.TimeoutException) as exc:
                if attempt < retries:
                    log.info("retrying %s after %s", url, type(exc).__name__)
                    self._sleep(delay)
                    continue
                reason = str(exc).strip() or type(exc).__name__
                raise FetchError(f"cannot reach {url}: {reason}", code="unreachable") from None
            finally:
                self._last[host] = self._clock()
            if result.status in _RETRY_STATUS and attempt < retries:
                self._sleep(max(delay, self._retry_after(result)))
                continue
            return result
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    def _retry_after(result: FetchResult) -> float:
        value = result.headers.get("retry-after", "")
        try:
            return min(max(float(value), 0.0), _MAX_RETRY_AFTER)
        except ValueError:
            return 0.0

    def _get_once(
        self, url: str, *, max_bytes: int, headers: Mapping[str, str] | None = None
    ) -> FetchResult:
        self.requests += 1
        with self._client.stream("GET", url, headers=dict(headers or {})) as resp:
            headers = {k.lower(): v for k, v in resp.headers.items()}
            declared = headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes and resp.status_code < 300:
                raise TooLarge(
                    f"{url}: {int(declared)} bytes is more than the {max_bytes} byte limit"
                )
            chunks: list[bytes] = []
            size = 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise TooLarge(f"{url}: body is more than the {max_bytes} byte limit")
                chunks.append(chunk)
            return FetchResult(
                url=str(resp.url),
                status=resp.status_code,
                content_type=headers.get("content-type", ""),
                content=b"".join(chunks),
                headers=headers,
            )

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}".lower()
        parser = self._robots.get(key)
        if parser is None:
            parser = self._load_robots(key)
            self._robots[key] = parser
        return parser.can_fetch(self.settings.user_agent, url)

    def _load_robots(self, origin: str) -> urllib.robotparser.RobotFileParser:
        parser = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        try:
            result = self._follow(origin + "/robots.txt", robots=False, max_bytes=_ROBOTS_MAX)
        except FetchError as exc:
            code = exc.code
            if code in ("http-401", "http-403"):
                # RFC 9309 treats 4xx as "no restrictions"; many crawlers disallow on 401/403.
                parser.parse(["User-agent: *", "Disallow: /"])
            else:
                # 404 and other 4xx: allow all. Unreachable or 5xx: allow, and let the real
                # request report the problem.
                parser.parse([])  # no rules: everything allowed
            log.debug("robots.txt for %s: %s", origin, exc)
            return parser
        except TooLarge:
            parser.parse([])  # no rules: everything allowed
            return parser
        parser.parse(result.content.decode("utf-8", "replace").splitlines())
        return parser
