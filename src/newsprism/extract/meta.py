"""Metadata helpers shared by the extractors: dates, outlets, fallback titles, the Article."""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Mapping
from datetime import UTC, datetime

from .. import ids
from ..errors import ExtractError
from ..models import Article, RawDocument

__all__ = ["parse_date", "outlet_from_url", "title_from_text", "build_article", "MONTHS"]

log = logging.getLogger(__name__)

MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)

# Datelines must be absolute: "2 hours ago" or a bare weekday must never become a date.
_STRICT = {
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PREFER_DATES_FROM": "past",
}
# Values the user gave (flags, sidecars, records) may be relative ("yesterday").
_LENIENT = {"PREFER_DATES_FROM": "past"}


def _aware(dt: datetime) -> datetime:
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def parse_date(value: str | None, *, strict: bool = True) -> datetime | None:
    """Parse a date to aware UTC (naive times are taken as UTC); ``None`` if unreadable.

    ISO 8601 first, then :mod:`dateparser` (English only when ``strict``, absolute dates
    only, day, month and year all required)."""
    if not value or not value.strip() or len(value) > 200:
        return None
    value = value.strip()
    try:
        return _aware(datetime.fromisoformat(value.replace("Z", "+00:00")))
    except ValueError:
        pass
    try:
        import dateparser

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if strict:
                dt = dateparser.parse(value, languages=["en"], settings=_STRICT)  # type: ignore[arg-type]
            else:
                dt = dateparser.parse(value, settings=_LENIENT)  # type: ignore[arg-type]
    except Exception:  # dateparser raises assorted errors on odd input
        log.debug("dateparser failed on %r", value, exc_info=True)
        return None
    if dt is None or not 1900 <= dt.year <= 2200:
        return None
    return _aware(dt)


def outlet_from_url(url: str | None) -> str | None:
    """A simple outlet name from a URL's host: ``https://www.bbc.co.uk/x`` -> ``bbc.co.uk``."""
    host = re.sub(r"^(www\d*|m|amp|mobile)\.", "", ids.url_host(url) or "")
    return host or None


def title_from_text(text: str, limit: int = 120) -> str:
    """A title made from the first sentence (or line) of ``text``, cut at a word boundary."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    sentence = re.split(r"(?<=[.!?])\s+(?=[A-Z\"“‘'])", first, maxsplit=1)[0].strip()
    if len(sentence) <= limit:
        return sentence
    cut = sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:-–— ")
    return (cut or sentence[:limit]) + "…"


def build_article(
    raw: RawDocument,
    *,
    title: str,
    text: str,
    found: Mapping[str, str | None],
) -> Article:
    """Assemble the Article: ``raw.meta`` (flags, sidecar, record, feed) wins over what the
    extractor ``found`` in the document; the outlet falls back to the URL's host."""
    text = text.strip()
    if not text:
        raise ExtractError(f"{raw.source}: no article text found")
    meta = {k: v for k, v in raw.meta.items() if v}

    def pick(key: str) -> str | None:
        value = meta.get(key) or found.get(key)
        return " ".join(value.split()) if value else None

    url = meta.get("url") or raw.url or found.get("url")
    title = pick("title") or " ".join(title.split()) or title_from_text(text)
    published = None
    if meta.get("published"):
        published = parse_date(meta["published"], strict=False)
    if published is None and found.get("published"):
        published = parse_date(found["published"])
    outlet = pick("outlet") or outlet_from_url(url)
    return Article(
        id=ids.article_id(url, text),
        title=title,
        text=text,
        outlet=outlet,
        url=url,
        published=published,
        author=pick("author"),
        source=raw.source,
        content_hash=ids.content_hash(text),
    )
