"""JSONL records (already split into fields) -> headline, body and metadata."""

from __future__ import annotations

import json
from typing import Any

from ..errors import DecodeError, ExtractError, InputError
from .meta import title_from_text
from .text import normalize_line, paragraphs

__all__ = ["extract_record", "RECORD_KEYS"]

RECORD_KEYS = ("url", "title", "outlet", "published", "author")


def extract_record(content: bytes, source: str = "") -> tuple[str, str, dict[str, str]]:
    """Return ``(title, body, found)`` from one JSON object. A record without ``text``
    raises ExtractError (the ingest layer fetches records that only have a ``url``)."""
    try:
        record: Any = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise DecodeError(f"{source}: a record must be UTF-8 JSON") from None
    except ValueError as exc:
        raise InputError(f"{source}: not valid JSON ({exc})", code="bad-record") from None
    if not isinstance(record, dict):
        raise InputError(f"{source}: a record must be a JSON object", code="bad-record")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ExtractError(f"{source}: the record has no text")
    body = "\n\n".join(paragraphs([normalize_line(line) for line in text.splitlines()]))
    found = {
        k: " ".join(str(record[k]).split())
        for k in RECORD_KEYS
        if isinstance(record.get(k), str | int | float) and str(record[k]).strip()
    }
    title = found.pop("title", None) or title_from_text(body)
    return title, body, found
