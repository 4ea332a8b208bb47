"""HTML pages -> headline, body and metadata, via trafilatura (precision first)."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

import trafilatura

from .text import classify_line, normalize_line

__all__ = ["extract_html", "html_title", "html_published"]

log = logging.getLogger(__name__)

_META_DATE = re.compile(
    r"""<meta[^>]+(?:property|name|itemprop)\s*=\s*["'](?:article:published_time|og:published_time|"""
    r"""datePublished|pubdate|publishdate|date|dc\.date|dcterms\.created|sailthru\.date|parsely-pub-date)["']"""
    r"""[^>]*>""",
    re.I,
)
_CONTENT = re.compile(r"""content\s*=\s*["']([^"']{6,60})["']""", re.I)
_LD_DATE = re.compile(r""""datePublished"\s*:\s*"([^"]{6,60})\"""")
_TIME_TAG = re.compile(r"""<time[^>]+datetime\s*=\s*["']([^"']{6,60})["']""", re.I)


def html_published(html: str) -> str | None:
    """The full publication timestamp from meta tags, JSON-LD or a ``<time>`` element."""
    head = html[:200_000]
    for m in _META_DATE.finditer(head):
        c = _CONTENT.search(m.group(0))
        if c:
            return c.group(1)
    other = _LD_DATE.search(head) or _TIME_TAG.search(head)
    return other.group(1) if other else None


def html_title(html: str) -> str | None:
    """Fallback title: ``og:title``, ``<h1>`` or ``<title>`` (via lxml), ``None`` if none."""
    try:
        import lxml.html

        tree = lxml.html.fromstring(html)
    except Exception:  # lxml raises ParserError/ValueError on empty or odd documents
        return None
    for xpath in ('//meta[@property="og:title"]/@content', "//h1", "//title"):
        for node in tree.xpath(xpath):
            value = node if isinstance(node, str) else node.text_content()
            value = " ".join(str(value).split())
            if value:
                return value
    return None


def _strip_site_suffix(title: str, site: str | None) -> str:
    if site and title.endswith(site) and title != site:
        return re.sub(r"\s*[|–—:-]\s*$", "", title[: -len(site)]).strip() or title
    return title


def _bare(html: str, url: str | None, **options: Any) -> Any:
    try:
        return trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_images=False,
            **options,
        )
    except Exception:  # trafilatura can fail deep inside lxml on broken markup
        log.debug("trafilatura failed", exc_info=True)
        return None


def _baseline(html: str) -> str:
    """Last resort for fragments too small for trafilatura (feed summaries): its baseline
    extractor (JSON-LD articleBody, ``<article>`` or ``<p>`` text)."""
    if not re.search(r"<body\b", html[:20_000], re.I):
        html = f"<html><body>{html}</body></html>"
    try:
        return trafilatura.baseline(html)[1] or ""
    except Exception:
        log.debug("trafilatura baseline failed", exc_info=True)
        return ""


def extract_html(html: str, url: str | None = None) -> tuple[str, str, dict[str, str]]:
    """Return ``(title, body, found)``; ``body`` is ``""`` when no article text is found.

    Paragraphs are separated by blank lines; furniture lines trafilatura lets through
    (share widgets, "Advertisement", "Read more: ...") are dropped."""
    doc = _bare(html, url, favor_precision=True)
    if doc is None or not (doc.text or "").strip():
        doc = _bare(html, url, favor_recall=True)
    found: dict[str, str] = {}
    body = ""
    text = (doc.text or "") if doc is not None else ""
    if not text.strip():
        text = _baseline(html)
    if text.strip():
        lines = [normalize_line(line) for line in text.splitlines()]
        paras = [line for line in lines if line and classify_line(line) is None]
        body = "\n\n".join(paras)
    if doc is not None:
        for key, attr in (("author", "author"), ("outlet", "sitename"), ("published", "date")):
            value = getattr(doc, attr, None)
            if value and str(value).strip():
                found[key] = " ".join(str(value).split())
        if doc.url and str(doc.url).startswith(("http://", "https://")):
            found["url"] = str(doc.url)
        if doc.title:
            found["title"] = " ".join(str(doc.title).split())
    full_date = html_published(html)
    if full_date:
        found["published"] = full_date
    title = found.pop("title", None) or html_title(html) or ""
    title = _strip_site_suffix(title, found.get("outlet"))
    if "author" in found and found["author"].startswith(("{", "[")):
        try:  # JSON-LD author objects occasionally leak through
            data = json.loads(found["author"])
            found["author"] = data.get("name", "") if isinstance(data, dict) else ""
        except ValueError:
            found.pop("author")
    return title, body, {k: v for k, v in found.items() if v}
