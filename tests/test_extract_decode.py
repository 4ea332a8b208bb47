"""Decoding bytes: encodings, binary, empty; newline normalisation."""

from __future__ import annotations

import codecs

import pytest

from newsprism.errors import BinaryInput, DecodeError, EmptyInput
from newsprism.extract import decode_bytes, extract
from newsprism.models import RawDocument

LATIN = "Ærøskøbing's ferry café reopened on Monday, the owner said."
TEXT = "Café owner José said “we are open” on Monday.\nSecond line – with a dash."


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (TEXT.encode("utf-8"), TEXT),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), TEXT),
        (TEXT.encode("cp1252"), TEXT),
        (TEXT.replace("\n", "\r\n").encode("utf-8"), TEXT),
        (TEXT.replace("\n", "\r").encode("utf-8"), TEXT),
        (TEXT.encode("utf-16"), TEXT),
        (LATIN.encode("latin-1"), LATIN),
    ],
)
def test_decodes(data: bytes, expected: str) -> None:
    assert decode_bytes(data) == expected


def test_declared_charset_wins_over_guess() -> None:
    page = '<html><head><meta charset="koi8-r"></head><body>Привет, мир</body></html>'
    assert "Привет" in decode_bytes(page.encode("koi8-r"))
    assert "Привет" in decode_bytes("Привет, мир, как дела".encode("koi8-r"), charset="koi8-r")


@pytest.mark.parametrize("data", [b"", b"   \n\t\n  ", b"\r\n\r\n"])
def test_empty(data: bytes) -> None:
    with pytest.raises(EmptyInput):
        decode_bytes(data)


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 40,
        b"%PDF-1.4\n\x00\x01\x02binary",
        b"\x89PNG\r\n\x1a\n" + bytes(200),
        bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 100 + b"text",
    ],
)
def test_binary(data: bytes) -> None:
    with pytest.raises(BinaryInput):
        decode_bytes(data)


def test_undecodable() -> None:
    # Mostly high bytes: cp1252 would "decode" it into gibberish, the plausibility check refuses
    with pytest.raises(DecodeError):
        decode_bytes(bytes(range(0xA0, 0x100)) * 20)


def test_extract_errors_carry_source_and_reason() -> None:
    with pytest.raises(BinaryInput) as info:
        extract(RawDocument(source="img.txt", kind="text", content=b"\x00\x01" * 100))
    assert "img.txt" in str(info.value) and info.value.reason == "skipped:binary"
    with pytest.raises(EmptyInput):
        extract(RawDocument(source="e.txt", kind="text", content=b""))
