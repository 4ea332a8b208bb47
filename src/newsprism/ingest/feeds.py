"""RSS/Atom feeds: one raw document per entry, fetched from the entry's link when possible."""

from __future__ import annotations

import calendar
import logging
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any, NamedTuple

import feedparser

from ..errors import ExtractError, FeedError, NewsprismError
from ..models import Disposition, RawDocument
from .fetch import Fetcher, FetchResult

__all__ = [
    "looks_like_feed",
    "is_feed_type",
    "parse_feed",
    "iter_feed",
    "FeedEntry",
    "feed_entries",
    "entry_document",
]

log = logging.getLogger(__name__)

_FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",
)
_XML_TYPES = ("application/xml", "text/xml")
_FEED_START = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(rss|feed|rdf:RDF)\b", re.S)


def looks_like_feed(content: bytes) -> bool:
    """True if the bytes start like an RSS, Atom or RDF document."""
    return bool(_FEED_START.match(content.lstrip(b"\xef\xbb\xbf")[:4096]))


def is_feed_type(content_type: str, content: bytes) -> bool:
    """Whether an HTTP response is a feed, from its content type or (for XML) its first bytes."""
    ctype = content_type.split(";", 1)[0].strip().lower()
    if ctype in _FEED_TYPES:
        return True
    if ctype in _XML_TYPES or not ctype or ctype == "text/plain":
        return looks_like_feed(content)
    return False


def parse_feed(content: bytes, *, source: str, base_url: str | None = None) -> Any:
    """Parse feed bytes (never a URL: feedparser would fetch it). Malformed -> FeedError."""
    headers = {"content-location": base_url} if base_url else None
    parsed = feedparser.parse(content, response_headers=headers)
    usable = [e for e in parsed.get("entries", []) if e.get("link") or _entry_content(e)]
    if parsed.get("bozo") and not usable:
        why = parsed.get("bozo_exception")
        raise FeedError(
            f"{source}: not a readable feed ({why})" if why else f"{source}: not a readable feed"
        )
    if not parsed.get("entries"):
        raise FeedError(f"{source}: the feed has no entries", code="empty-feed")
    return parsed


def _published(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), UTC).isoformat()
            except (OverflowError, ValueError, TypeError):
                pass
    for key in ("published", "updated"):
        if entry.get(key):
            return str(entry[key])
    return None


def _entry_meta(entry: Any, feed_title: str | None) -> dict[str, str]:
    meta: dict[str, str] = {}
    if entry.get("title"):
        meta["title"] = " ".join(str(entry["title"]).split())
    published = _published(entry)
    if published:
        meta["published"] = published
    if entry.get("author"):
        meta["author"] = str(entry["author"])
    if feed_title:
        meta["outlet"] = feed_title
    return meta


def _entry_content(entry: Any) -> str | None:
    for item in entry.get("content") or []:
        value = item.get("value")
        if value and value.strip():
            return str(value)
    summary = entry.get("summary")
    return str(summary) if summary and summary.strip() else None


class FeedEntry(NamedTuple):
    """One feed entry: ``key`` identifies it across polls (guid, else link, else position);
    ``name`` is what its disposition is called (the link, else ``feed#n``)."""

    key: str
    name: str
    link: str | None
    meta: dict[str, str]
    content: str | None


def feed_entries(parsed: Any, *, source: str, overrides: Mapping[str, str]) -> list[FeedEntry]:
    """The entries of a parsed feed, with their metadata (``overrides`` win)."""
    feed_title = parsed.feed.get("title")
    feed_title = " ".join(str(feed_title).split()) if feed_title else None
    out = []
    for i, entry in enumerate(parsed.entries):
        link = entry.get("link")
        link = str(link) if link else None
        name = link or f"{source}#{i + 1}"
        guid = entry.get("id")
        key = str(guid).strip() if guid and str(guid).strip() else name
        meta = {**_entry_meta(entry, feed_title), **overrides}
        out.append(FeedEntry(key, name, link, meta, _entry_content(entry)))
    return out


def entry_document(
    entry: FeedEntry,
    *,
    fetcher: Callable[[], Fetcher],
    to_raw: Callable[[FetchResult, str, dict[str, str]], RawDocument],
) -> RawDocument:
    """The entry's page (fetched from its link), else its own content or summary as HTML.
    Raises :class:`NewsprismError` when there is neither."""
    error: NewsprismError | None = None
    link = entry.link
    if link and link.startswith(("http://", "https://")):
        try:
            return to_raw(fetcher().fetch(link), link, dict(entry.meta))
        except NewsprismError as exc:
            log.info("feed entry %s: %s; using the entry's own content", link, exc)
            error = exc
    if entry.content is None:
        raise error or ExtractError(f"{entry.name}: the feed entry has no link and no content")
    return RawDocument(
        source=entry.name,
        kind="html",
        content=entry.content.encode("utf-8"),
        url=entry.meta.get("url") or link,
        meta=entry.meta,
    )


def iter_feed(
    content: bytes,
    *,
    source: str,
    base_url: str | None,
    fetcher: Callable[[], Fetcher],
    to_raw: Callable[[FetchResult, str, dict[str, str]], RawDocument],
    overrides: Mapping[str, str],
) -> Iterator[RawDocument | Disposition]:
    """Yield one raw document (or failure disposition) per feed entry.

    ``to_raw`` turns a fetched page into a raw document; entries whose link cannot be
    fetched fall back to the entry's own content or summary (as HTML).
    """
    parsed = parse_feed(content, source=source, base_url=base_url)
    for entry in feed_entries(parsed, source=source, overrides=overrides):
        try:
            yield entry_document(entry, fetcher=fetcher, to_raw=to_raw)
        except NewsprismError as exc:
            yield Disposition(source=entry.name, status=exc.status, reason=exc.reason)  # type: ignore[arg-type]
