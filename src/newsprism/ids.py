"""Deterministic identifiers and canonical forms.

An article's id is derived from its canonical URL when it has one, otherwise from a hash
of its normalised text, so ingesting the same article twice yields the same id.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = ["canonical_url", "url_host", "article_id", "content_hash", "normalize_text", "slug", "stable_id"]

# Query parameters that only track where a reader came from; they never change the article.
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|mc_cid|mc_eid|ref|ref_src|cmpid|ncid|ocid|smid|igshid|_ga)$", re.I)


def canonical_url(url: str) -> str:
    """Canonicalise a URL: lower-case scheme and host, no default port, no fragment,
    no tracking parameters, sorted query, no trailing slash on the path. Idempotent.
    A URL the standard library cannot parse (``//[x``, port ``99999``) is kept as given,
    stripped: it still names one article, it just cannot be put in canonical form."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = (parts.scheme or "http").lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    netloc = host
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        netloc = f"{host}:{port}"
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/") or "/"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    query.sort()
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def url_host(url: str | None) -> str | None:
    """The lower-case host of ``url`` without a trailing dot, or ``None`` when there is none
    or the URL cannot be parsed (``//[x`` raises in ``urlsplit``)."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    return (host or "").lower().rstrip(".") or None


def normalize_text(text: str) -> str:
    """Unicode-normalise (NFKC), fold case and collapse whitespace: the form hashed for ids."""
    text = unicodedata.normalize("NFKC", text)
    return " ".join(text.casefold().split())


def content_hash(text: str) -> str:
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


def stable_id(*parts: str, length: int = 16) -> str:
    """A short deterministic id from parts (joined with a separator that cannot occur)."""
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return h[:length]


def article_id(url: str | None, text: str) -> str:
    """``a`` + 15 hex chars: from the canonical URL when known, else from the text."""
    if url:
        return "a" + stable_id("url", canonical_url(url), length=15)
    return "a" + stable_id("text", normalize_text(text), length=15)


def slug(name: str) -> str:
    """A lower-case ASCII slug: ``The Times of Israel`` -> ``the-times-of-israel``."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    s = re.sub(r"[^a-zA-Z0-9]+", "-", s).strip("-").lower()
    return s or "unknown"
