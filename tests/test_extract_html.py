"""HTML and record extraction (trafilatura, fallbacks, charsets)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsprism.errors import DecodeError, ExtractError, InputError
from newsprism.extract import extract
from newsprism.extract.html import extract_html, html_title
from newsprism.models import RawDocument

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def _html(content: bytes, **kw: object) -> RawDocument:
    return RawDocument(source="page.html", kind="html", content=content, **kw)  # type: ignore[arg-type]


def test_article_page_keeps_story_drops_furniture() -> None:
    art = extract(_html((FIXTURES / "article.html").read_bytes()))
    assert art.title == "Ferry strike halts crossings to Osterholm"
    assert art.outlet == "The Lindmoor Gazette"
    assert art.author == "Ada Brenner"
    assert art.published == datetime(2025, 4, 2, 7, 45, tzinfo=UTC)
    assert art.url == "https://lindmoorgazette.example/local/2025/04/02/ferry-strike-osterholm"
    for must in (
        "All ferry crossings between Lindmoor",
        "union spokesman Tomas Ekdal",
        "national mediator",
    ):
        assert must in art.text
    for junk in (
        "Zed99",
        "IslandMum",
        "Privacy policy",
        "Cookie settings",
        "Subscribe for",
        "Island school gets",
        "Tweet",
    ):
        assert junk not in art.text, junk
    paras = art.text.split("\n\n")
    assert len(paras) >= 4 and all(p.strip() == p and p for p in paras)


def test_fetched_url_wins_over_canonical_and_meta_wins_over_page() -> None:
    raw = _html((FIXTURES / "article.html").read_bytes(), url="https://lindmoorgazette.example/x")
    assert extract(raw).url == "https://lindmoorgazette.example/x"
    raw = _html(
        (FIXTURES / "article.html").read_bytes(), meta={"outlet": "Flag Outlet", "title": "Flag"}
    )
    art = extract(raw)
    assert art.outlet == "Flag Outlet" and art.title == "Flag"


@pytest.mark.parametrize(
    "content",
    [
        b"<html><body><div><p>",
        b"<html><head><title>Only a title</title></head><body></body></html>",
        b"<<<>>> </ </div></p></html>",
        b"<html><body><script>var x = 1;</script></body></html>",
    ],
)
def test_broken_or_empty_html_is_a_clean_skip(content: bytes) -> None:
    with pytest.raises(ExtractError) as info:
        extract(_html(content))
    assert info.value.reason == "skipped:no-text"


def test_unclosed_tags_still_extract() -> None:
    body = "".join(
        f"<p>Paragraph number {i} tells how the harbour bridge was closed after engineers found cracks in its piers"
        for i in range(6)
    )
    html = (
        f"<html><head><title>Bridge shut</title><body><article><h1>Bridge shut</h1>{body}".encode()
    )
    art = extract(_html(html))
    assert art.title == "Bridge shut"
    assert "Paragraph number 0" in art.text and "Paragraph number 5" in art.text


def _latin_page(charset: str, encoding: str) -> bytes:
    text = (
        f'<html><head><meta charset="{charset}"><title>Café reopens</title></head><body><article>'
        "<h1>Café reopens in Århus</h1>"
        "<p>The café on Søndergade reopened on Monday after a three-month renovation, its owner José Núñez said.</p>"
        "<p>“It was worth the wait,” said one regular, who has visited the café every morning for twenty years.</p>"
        "<p>The renovation cost about 40,000 euros and was paid for with a loan from the municipality.</p>"
        "</article></body></html>"
    )
    if encoding == "latin-1":  # latin-1 has no curly quotes
        text = text.replace("“", '"').replace("”", '"')
    return text.encode(encoding)


@pytest.mark.parametrize(
    ("charset", "encoding"),
    [("windows-1252", "cp1252"), ("iso-8859-1", "latin-1"), ("utf-8", "utf-8")],
)
def test_html_charsets(charset: str, encoding: str) -> None:
    content = _latin_page(charset, encoding)
    art = extract(_html(content))
    assert "José Núñez" in art.text and "Søndergade" in art.text


def test_http_charset_header_is_used() -> None:
    page = _latin_page("", "cp1252").replace(b'<meta charset="">', b"")
    art = extract(_html(page, meta={"charset": "windows-1252"}))
    assert "José Núñez" in art.text and "charset" not in art.model_dump_json()


def test_html_title_fallbacks() -> None:
    assert html_title("<html><head><title> A  title </title></head></html>") == "A title"
    assert html_title("<html><body><h1>Head</h1></body></html>") == "Head"
    assert html_title("") is None
    title, body, found = extract_html("<html><body></body></html>")
    assert body == ""


# ------------------------------------------------------------------ records


def _record(obj: object) -> RawDocument:
    return RawDocument(source="r.jsonl:1", kind="record", content=json.dumps(obj).encode())


def test_record_fields() -> None:
    art = extract(
        _record(
            {
                "url": "https://www.example-post.example/story",
                "text": "First sentence of the story. Second one.\n\nAnother paragraph here.",
                "outlet": "Example Post",
                "published": "2025-01-02T10:00:00+01:00",
                "author": "Jo Lind",
            }
        )
    )
    assert art.title == "First sentence of the story."
    assert art.text == "First sentence of the story. Second one.\n\nAnother paragraph here."
    assert art.outlet == "Example Post" and art.author == "Jo Lind"
    assert art.published == datetime(2025, 1, 2, 9, 0, tzinfo=UTC)
    assert art.url == "https://www.example-post.example/story"


@pytest.mark.parametrize(
    ("obj", "error"),
    [
        ({"url": "https://example.org/only-url"}, ExtractError),
        ({"title": "no text"}, ExtractError),
        ([1, 2], InputError),
    ],
)
def test_bad_records(obj: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        extract(_record(obj))


def test_record_must_be_json() -> None:
    with pytest.raises(InputError):
        extract(RawDocument(source="r", kind="record", content=b"{not json"))
    with pytest.raises(DecodeError):
        extract(RawDocument(source="r", kind="record", content=b'{"text": "\xff\xfe"}'))
