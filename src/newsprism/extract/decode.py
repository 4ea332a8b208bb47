"""Bytes -> text: refuse binary, pick an encoding, normalise newlines."""

from __future__ import annotations

import codecs
import re

from ..errors import BinaryInput, DecodeError, EmptyInput

__all__ = ["decode_bytes", "is_binary", "declared_charset", "normalize_newlines"]

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
# Control bytes that never occur in text (tab, newlines, form feed and ESC excluded).
_CONTROL = frozenset(range(0, 32)) - {9, 10, 12, 13, 27}
# Labels that browsers (WHATWG) decode as windows-1252.
_AS_CP1252 = {
    "iso-8859-1",
    "iso8859-1",
    "latin-1",
    "latin1",
    "l1",
    "ascii",
    "us-ascii",
    "windows-1252",
    "cp1252",
    "iso_8859-1",
}
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\x80-\x9f]")


def is_binary(data: bytes) -> bool:
    """NUL bytes, or more than 5% control bytes in the first 8 KB, mean binary."""
    head = data[:8192]
    if not head:
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b in _CONTROL)
    return controls / len(head) > 0.05


def declared_charset(data: bytes) -> str | None:
    """The charset named by an HTML ``<meta>`` or an XML declaration in the first 4 KB."""
    head = data[:4096]
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return m.group(1).decode("ascii").lower() if m else None


def normalize_newlines(text: str) -> str:
    text = (
        text.replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\u2028", "\n")
        .replace("\u2029", "\n\n")
    )
    return _CONTROL_CHARS.sub("", text)


def _try(data: bytes, charset: str) -> str | None:
    name = charset.strip().lower()
    if name in _AS_CP1252:
        name = "cp1252"
    try:
        codecs.lookup(name)
    except LookupError:
        return None
    try:
        return data.decode(name)
    except (UnicodeDecodeError, LookupError):
        if name == "cp1252":  # five bytes are undefined in cp1252 but valid latin-1
            return data.decode("latin-1")
        return None


def _plausible(text: str) -> bool:
    """A cp1252 guess is kept only if it reads like text: few C1/odd characters and
    mostly ASCII letters (legitimate Western European text is > 85% ASCII)."""
    if not text:
        return False
    odd = len(_CONTROL_CHARS.findall(text))
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    return odd / len(text) < 0.01 and non_ascii / len(text) < 0.25


def decode_bytes(data: bytes, *, charset: str | None = None) -> str:
    """Decode document bytes: UTF-8 (BOM stripped), then the declared charset (``charset``
    from HTTP or an HTML/XML declaration), then cp1252 if the result looks like text.

    Raises EmptyInput, BinaryInput or DecodeError.
    """
    if not data.strip():
        raise EmptyInput("the input is empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return normalize_newlines(data.decode("utf-16"))
        except UnicodeDecodeError:
            raise DecodeError("the input has a UTF-16 byte-order mark but is not UTF-16") from None
    if is_binary(data):
        raise BinaryInput("the input looks like a binary file, not text or HTML")
    try:
        return normalize_newlines(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    for declared in (charset, declared_charset(data)):
        if declared and declared not in ("utf-8", "utf8"):
            text = _try(data, declared)
            if text is not None:
                return normalize_newlines(text)
    text = _try(data, "cp1252")
    if text is not None and _plausible(text):
        return normalize_newlines(text)
    raise DecodeError(
        "cannot decode the input: it is not UTF-8 and no declared or guessed encoding fits"
    )
