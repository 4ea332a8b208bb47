"""Expand source strings (files, directories, stdin, URLs, feeds, JSONL) into raw documents.

Every item ends as either a :class:`RawDocument` or a failure/skip :class:`Disposition`;
an error in one item never stops the others.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO, Literal

from ..errors import EmptyInput, FetchError, InputError, NewsprismError, NotFound, TooLarge
from ..models import Disposition, RawDocument
from ..settings import Settings
from .feeds import is_feed_type, iter_feed, looks_like_feed
from .fetch import Fetcher, FetchResult

__all__ = ["iter_raw", "sniff_kind", "META_KEYS"]

log = logging.getLogger(__name__)

META_KEYS = ("title", "outlet", "published", "url", "author")
TEXT_EXT = {".txt", ".md", ""}
HTML_EXT = {".html", ".htm"}
FEED_EXT = {".xml", ".rss", ".atom"}
JSONL_EXT = {".jsonl"}
WALK_EXT = {".txt", ".html", ".htm", ".jsonl"} | FEED_EXT
SIDECAR = ".meta.json"

Item = RawDocument | Disposition
Sniffed = Literal["jsonl", "html", "feed", "text"]

_HTML_START = re.compile(
    r"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|article|main|div|section|p|meta|title|h[1-6])\b",
    re.I | re.S,
)


def _failure(source: str, exc: BaseException) -> Disposition:
    if isinstance(exc, NewsprismError):
        return Disposition(source=source, status=exc.status, reason=exc.reason)  # type: ignore[arg-type]
    return Disposition(source=source, status="failed", reason=f"failed:{type(exc).__name__}: {exc}")


def _json_object_lines(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return False
    for line in lines:
        if not line.lstrip().startswith("{"):
            return False
        try:
            if not isinstance(json.loads(line), dict):
                return False
        except ValueError:
            return False
    return True


def sniff_kind(content: bytes) -> Sniffed:
    """Guess what unnamed bytes are: JSONL (every non-empty line a JSON object), a feed,
    HTML (starts like markup) or plain text."""
    head = content[:8192].decode("utf-8", "replace").lstrip("\ufeff")
    if head.lstrip().startswith("{"):
        try:
            if _json_object_lines(content.decode("utf-8-sig")):
                return "jsonl"
        except UnicodeDecodeError:
            pass
    if looks_like_feed(content):
        return "feed"
    if _HTML_START.match(head) or re.search(r"<html\b|<body\b|</p>", head[:4096], re.I):
        return "html"
    return "text"


def _check_size(content: bytes, source: str, settings: Settings) -> bytes:
    if len(content) > settings.max_bytes:
        raise TooLarge(f"{source}: more than the {settings.max_bytes} byte limit")
    if not content.strip():
        raise EmptyInput(f"{source}: the input is empty")
    return content


def _read_file(path: Path, settings: Settings) -> bytes:
    try:
        size = path.stat().st_size
        if size > settings.max_bytes:
            raise TooLarge(f"{path}: {size} bytes is more than the {settings.max_bytes} byte limit")
        with path.open("rb") as fh:
            content = fh.read(settings.max_bytes + 1)
    except FileNotFoundError:
        raise NotFound(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory", code="unreadable") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied", code="unreadable") from None
    return _check_size(content, str(path), settings)


def _sidecar_meta(path: Path) -> dict[str, str]:
    """Read ``NAME.meta.json`` next to ``NAME.ext`` (only the known keys, as strings)."""
    sidecar = path.with_name(path.stem + SIDECAR)
    if not sidecar.is_file():
        return {}
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise InputError(
            f"{sidecar}: not a readable JSON object ({exc})", code="bad-sidecar"
        ) from None
    if not isinstance(data, dict):
        raise InputError(f"{sidecar}: must hold a JSON object", code="bad-sidecar")
    return {k: str(data[k]) for k in META_KEYS if data.get(k) not in (None, "")}


def _walk(root: Path) -> list[Path]:
    """Files under ``root`` worth reading, in sorted order, without hidden files or sidecars."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or name.endswith(SIDECAR):
                continue
            p = Path(dirpath) / name
            if p.suffix.lower() in WALK_EXT:
                found.append(p)
    return found


class _Reader:
    """Holds what one ``iter_raw`` call shares: settings, overrides and a lazy fetcher."""

    def __init__(
        self, settings: Settings, overrides: Mapping[str, str], fetcher: Fetcher | None
    ) -> None:
        self.settings = settings
        self.overrides = {k: v for k, v in overrides.items() if v is not None}
        self._fetcher = fetcher
        self._own: Fetcher | None = None

    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._own = self._fetcher = Fetcher(self.settings)
        return self._fetcher

    def close(self) -> None:
        if self._own is not None:
            self._own.close()

    # ---------------------------------------------------------------- documents
    def doc(
        self,
        source: str,
        kind: Literal["text", "html", "record"],
        content: bytes,
        *,
        url: str | None = None,
        meta: Mapping[str, str] | None = None,
        fetched: bool = False,
    ) -> RawDocument:
        merged = {**(meta or {}), **self.overrides}
        return RawDocument(
            source=source,
            kind=kind,
            content=content,
            url=merged.get("url") or url,
            meta=merged,
            fetched_at=datetime.now(UTC) if fetched else None,
        )

    def from_fetch(self, result: FetchResult, source: str, meta: Mapping[str, str]) -> RawDocument:
        meta = dict(meta)
        if result.charset:
            meta["charset"] = result.charset
        ctype = result.content_type.split(";", 1)[0].strip().lower()
        kind: Literal["text", "html"] = "text" if ctype == "text/plain" else "html"
        return self.doc(source, kind, result.content, url=result.url, meta=meta, fetched=True)

    # ---------------------------------------------------------------- expanders
    def expand(self, source: str, stdin: BinaryIO | None) -> Iterator[Item]:
        if source == "-":
            yield from self.guarded("-", lambda: self.from_stdin(stdin))
        elif re.match(r"^https?://", source, re.I):
            yield from self.guarded(source, lambda: self.from_url(source))
        elif "://" in source and not Path(source).exists():
            yield _failure(
                source,
                FetchError(f"{source}: only http and https URLs can be fetched", code="bad-url"),
            )
        else:
            path = Path(source).expanduser()
            if path.is_dir():
                files = _walk(path)
                if not files:
                    yield Disposition(source=source, status="skipped", reason="skipped:no-inputs")
                for f in files:
                    yield from self.guarded(str(f), lambda f=f: self.from_file(f))  # type: ignore[misc]
            elif not path.exists():
                yield _failure(source, NotFound(f"{source}: no such file or directory"))
            else:
                yield from self.guarded(source, lambda: self.from_file(path))

    def guarded(self, source: str, make: Callable[[], Iterator[Item]]) -> Iterator[Item]:
        """Run one item's expansion; any exception becomes that item's disposition."""
        try:
            yield from make()
        except Exception as exc:  # the per-item boundary
            log.debug("ingest failed for %s", source, exc_info=True)
            yield _failure(source, exc)

    def from_file(self, path: Path) -> Iterator[Item]:
        ext = path.suffix.lower()
        content = _read_file(path, self.settings)
        source = str(path)
        if ext in JSONL_EXT:
            yield from self.from_jsonl(content, source)
        elif ext in FEED_EXT:
            yield from self.from_feed(content, source, base_url=None)
        else:
            meta = _sidecar_meta(path)
            if ext in HTML_EXT:
                yield self.doc(source, "html", content, meta=meta)
            elif ext in TEXT_EXT:
                yield self.doc(source, "text", content, meta=meta)
            else:
                yield from self.from_sniffed(content, source, meta)

    def from_stdin(self, stdin: BinaryIO | None) -> Iterator[Item]:
        if stdin is None:
            raise InputError("-: no standard input was given", code="no-stdin")
        content = _check_size(stdin.read(self.settings.max_bytes + 1), "-", self.settings)
        yield from self.from_sniffed(content, "-", {})

    def from_sniffed(self, content: bytes, source: str, meta: Mapping[str, str]) -> Iterator[Item]:
        kind = sniff_kind(content)
        if kind == "jsonl":
            yield from self.from_jsonl(content, source)
        elif kind == "feed":
            yield from self.from_feed(content, source, base_url=None)
        else:
            yield self.doc(source, kind, content, meta=meta)

    def from_url(self, url: str) -> Iterator[Item]:
        result = self.fetcher().fetch(url)
        if is_feed_type(result.content_type, result.content):
            yield from self.from_feed(result.content, url, base_url=result.url)
        else:
            yield self.from_fetch(result, url, {})

    def from_feed(self, content: bytes, source: str, base_url: str | None) -> Iterator[Item]:
        yield from iter_feed(
            content,
            source=source,
            base_url=base_url,
            fetcher=self.fetcher,
            to_raw=self.from_fetch,
            overrides=self.overrides,
        )

    def from_jsonl(self, content: bytes, source: str) -> Iterator[Item]:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(f"{source}: JSONL must be UTF-8", code="bad-encoding") from None
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            name = f"{source}:{n}"
            yield from self.guarded(name, lambda line=line, name=name: self.from_record(line, name))  # type: ignore[misc]

    def from_record(self, line: str, name: str) -> Iterator[Item]:
        try:
            record: Any = json.loads(line)
        except ValueError as exc:
            raise InputError(f"{name}: not valid JSON ({exc})", code="bad-record") from None
        if not isinstance(record, dict):
            raise InputError(f"{name}: a record must be a JSON object", code="bad-record")
        text, url = record.get("text"), record.get("url")
        has_text = isinstance(text, str) and bool(text.strip())
        if not has_text and not (isinstance(url, str) and url.strip()):
            raise InputError(f"{name}: a record needs a 'text' or a 'url'", code="bad-record")
        meta = {k: str(record[k]) for k in META_KEYS if record.get(k) not in (None, "")}
        if has_text:
            yield self.doc(
                name, "record", line.strip().encode("utf-8"), url=meta.get("url"), meta=meta
            )
        else:
            yield self.from_fetch(self.fetcher().fetch(str(url).strip()), name, meta)


def iter_raw(
    sources: Sequence[str],
    settings: Settings,
    *,
    overrides: Mapping[str, str] | None = None,
    fetcher: Fetcher | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[RawDocument | Disposition]:
    """Expand each source into raw documents, in order.

    ``-`` reads stdin (JSONL, feed, HTML or text, sniffed); a directory is walked
    recursively in sorted order; files go by extension; ``http(s)://`` URLs are fetched
    (feeds expand to their entries). Failures and skips come out as :class:`Disposition`
    items and never stop the other sources. ``overrides`` (CLI flags) win over sidecar
    ``NAME.meta.json`` files and over what feeds and records say.
    """
    reader = _Reader(settings, overrides or {}, fetcher)
    try:
        for source in sources:
            yield from reader.expand(source, stdin)
    finally:
        reader.close()
