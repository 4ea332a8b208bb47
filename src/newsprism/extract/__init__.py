"""newsprism.extract: raw documents -> clean articles (text, title and metadata).

``extract`` raises only :class:`~newsprism.errors.InputError` subclasses for bad input
(empty, binary, undecodable, no text found).
"""

from __future__ import annotations

import re

from ..errors import ExtractError, InputError
from ..models import Article, RawDocument
from .decode import decode_bytes, is_binary
from .html import extract_html
from .meta import build_article, outlet_from_url, parse_date, title_from_text
from .record import extract_record
from .text import clean_text, paragraphs

__all__ = [
    "extract",
    "clean_text",
    "decode_bytes",
    "is_binary",
    "extract_html",
    "extract_record",
    "paragraphs",
    "parse_date",
    "outlet_from_url",
    "title_from_text",
]


def extract(raw: RawDocument) -> Article:
    """Turn one raw document into an :class:`Article` (see ``RawDocument.kind``).

    Raises EmptyInput, BinaryInput, DecodeError or ExtractError (all InputError)."""
    if raw.kind == "record":
        title, body, found = extract_record(raw.content, raw.source)
    else:
        try:
            decoded = decode_bytes(raw.content, charset=raw.meta.get("charset"))
        except InputError as exc:
            raise type(exc)(f"{raw.source}: {exc}", code=exc.code) from None
        if raw.kind == "html":
            title, body, found = extract_html(decoded, raw.url)
        else:
            title, body, found = clean_text(decoded.split("\n"))
    if not re.search(r"[^\W\d_]{2}", body):
        raise ExtractError(f"{raw.source}: no article text found")
    if "charset" in raw.meta:
        raw = raw.model_copy(update={"meta": {k: v for k, v in raw.meta.items() if k != "charset"}})
    return build_article(raw, title=title, text=body, found=found)
