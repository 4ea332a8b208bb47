"""Security plumbing of the web app: headers, body-size limits, write access and CSRF.

* Every response carries a strict Content-Security-Policy (no inline script or style, no
  framing), ``X-Content-Type-Options: nosniff`` and a same-origin referrer policy.
* Request bodies larger than ``max_bytes`` are refused with 413 before the app reads them
  (by ``Content-Length``, and by counting when the body is chunked).
* Writes (ingest) need the API token (``NEWSPRISM_API_TOKEN``) as ``Authorization: Bearer``
  or ``X-API-Token``. Without a token they are allowed only when the server listens on
  loopback *and* the request's ``Host`` is a loopback name (so a DNS-rebinding page cannot
  write); otherwise they are refused.
* The HTML ingest form carries a per-process CSRF token and must come from the same origin.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "CSP",
    "SECURITY_HEADERS",
    "SecurityHeaders",
    "BodyLimit",
    "WriteGuard",
    "WriteDenied",
    "is_loopback_host",
    "safe_href",
]

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)

SECURITY_HEADERS: dict[str, str] = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}

_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def is_loopback_host(host: str | None) -> bool:
    """True for ``localhost``, ``127.0.0.0/8`` and ``::1`` (a ``:port`` suffix is ignored)."""
    if not host:
        return False
    h = host.strip().lower()
    if h.startswith("["):  # [::1]:8000
        h = h[1:].split("]", 1)[0]
    elif h.count(":") == 1:
        h = h.split(":", 1)[0]
    if h in _LOOPBACK_NAMES or h.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        return False


def safe_href(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) URL (safe to put in ``href``), else ``None``."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url.strip()
    return None


class SecurityHeaders:
    """ASGI middleware adding :data:`SECURITY_HEADERS` to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._raw = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self._raw if k not in present]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _TooLarge(Exception):
    pass


def _json_error(status: int, code: str, message: str) -> tuple[dict[str, Any], bytes]:
    import json

    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    start = {
        "type": "http.response.start",
        "status": status,
        "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            *[(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()],
        ],
    }
    return start, body


class BodyLimit:
    """ASGI middleware refusing request bodies over ``max_bytes`` with a JSON 413."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def _refuse(self, send: Send) -> None:
        start, body = _json_error(
            413,
            "too-large",
            f"request body is larger than the limit of {self.max_bytes} bytes (setting max_bytes)",
        )
        await send(start)
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for k, v in scope.get("headers", []):
            if k == b"content-length":
                try:
                    if int(v) > self.max_bytes:
                        await self._refuse(send)
                        return
                except ValueError:
                    pass
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _TooLarge()
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, tracking_send)
        except _TooLarge:
            if not started:
                await self._refuse(send)


class WriteDenied(Exception):
    """A write was refused: ``status`` is 401 (no/wrong token) or 403 (writes disabled)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass
class WriteGuard:
    """Decides whether a request may write. ``token`` None = no API token configured."""

    token: str | None
    loopback: bool
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    def __post_init__(self) -> None:
        if self.token:
            log.info("web writes need the API token (NEWSPRISM_API_TOKEN)")
        elif self.loopback:
            log.warning(
                "NEWSPRISM_API_TOKEN is not set: anyone who can reach this loopback server "
                "can ingest; set it to require a token for writes"
            )
        else:
            log.warning(
                "NEWSPRISM_API_TOKEN is not set and the server is not on loopback: "
                "writes (ingest) are refused; set NEWSPRISM_API_TOKEN to enable them"
            )

    @property
    def writes_open(self) -> bool:
        """Whether writes can happen at all (shown on the ingest page)."""
        return bool(self.token) or self.loopback

    def _token_ok(self, given: str | None) -> bool:
        return (
            bool(self.token)
            and given is not None
            and hmac.compare_digest(given.encode(), str(self.token).encode())
        )

    def check(self, headers: Any, form_token: str | None = None) -> None:
        """Raise :class:`WriteDenied` unless this request may write."""
        if self.token:
            given = form_token
            auth = headers.get("authorization", "")
            if auth.lower().startswith("bearer "):
                given = auth[7:].strip()
            given = headers.get("x-api-token") or given
            if not given:
                raise WriteDenied(
                    401,
                    "unauthorized",
                    "this write needs the API token (Authorization: Bearer TOKEN or X-API-Token)",
                )
            if not self._token_ok(given):
                raise WriteDenied(401, "unauthorized", "the API token is wrong")
            return
        if not self.loopback:
            raise WriteDenied(
                403,
                "writes-disabled",
                "writes are disabled: the server is not "
                "on loopback and NEWSPRISM_API_TOKEN is not set",
            )
        if not is_loopback_host(headers.get("host")):
            raise WriteDenied(
                403,
                "bad-host",
                "without an API token, writes are accepted only "
                "for a loopback Host (localhost, 127.0.0.1, [::1])",
            )

    # -- CSRF for the HTML form --------------------------------------------------------

    def csrf_token(self) -> str:
        return hmac.new(self.secret, b"newsprism-ingest-form", hashlib.sha256).hexdigest()

    def check_form(self, headers: Any, csrf: str | None) -> None:
        """The HTML form: same origin (Origin / Sec-Fetch-Site) and a valid CSRF token."""
        site = headers.get("sec-fetch-site")
        if site is not None and site not in ("same-origin", "none"):
            raise WriteDenied(403, "cross-site", "cross-site form posts are refused")
        origin = headers.get("origin") or headers.get("referer")
        host = headers.get("host", "")
        if origin:
            try:
                netloc = urlsplit(origin).netloc
            except ValueError:  # "http://[" cannot be parsed, so it is not this origin
                netloc = None
            if origin == "null" or netloc is None or netloc.lower() != host.lower():
                raise WriteDenied(403, "cross-site", "the form was posted from another origin")
        if not csrf or not hmac.compare_digest(csrf, self.csrf_token()):
            raise WriteDenied(
                403,
                "csrf",
                "the form's CSRF token is missing or stale; reload the ingest page and try again",
            )
