"""Local sources: files, directories with sidecars, stdin, JSONL, local feeds, failures."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from newsprism.extract import extract
from newsprism.ingest import iter_raw, sniff_kind
from newsprism.models import Disposition, RawDocument
from newsprism.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
ARTICLE = (
    "Harbour bridge in Lenskaya closes after cracks found\n\n"
    "Engineers closed the Old Harbour Bridge in Lenskaya on Monday after inspectors found cracks in two piers.\n\n"
    "Traffic was diverted to the ring road, the city council said in a statement.\n"
)
SETTINGS = Settings(max_bytes=50_000, domain_delay=0, retries=0)


def _all(sources: list[str], **kw: object) -> list[RawDocument | Disposition]:
    return list(iter_raw(sources, SETTINGS, **kw))  # type: ignore[arg-type]


def _docs(items: list[RawDocument | Disposition]) -> list[RawDocument]:
    return [i for i in items if isinstance(i, RawDocument)]


def _fails(items: list[RawDocument | Disposition]) -> list[Disposition]:
    return [i for i in items if isinstance(i, Disposition)]


def test_files_by_extension(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b.md").write_text(ARTICLE)
    (tmp_path / "NOEXT").write_text(ARTICLE)
    (tmp_path / "c.html").write_bytes((FIXTURES / "article.html").read_bytes())
    (tmp_path / "d.htm").write_text("<html><body><p>x</p></body></html>")
    items = _all([str(tmp_path / n) for n in ("a.txt", "b.md", "NOEXT", "c.html", "d.htm")])
    assert [d.kind for d in _docs(items)] == ["text", "text", "text", "html", "html"]
    assert [d.source for d in _docs(items)][0] == str(tmp_path / "a.txt")


@pytest.mark.parametrize(
    ("name", "content", "status", "reason"),
    [
        ("empty.txt", b"", "skipped", "skipped:empty"),
        ("blank.txt", b"  \n\n \t\n", "skipped", "skipped:empty"),
        ("huge.txt", b"word " * 20_000, "skipped", "skipped:too-large"),
    ],
)
def test_bad_files_become_dispositions(
    tmp_path: Path, name: str, content: bytes, status: str, reason: str
) -> None:
    (tmp_path / name).write_bytes(content)
    (tmp_path / "good.txt").write_text(ARTICLE)
    items = _all([str(tmp_path / name), str(tmp_path / "good.txt")])
    assert items[0] == Disposition(source=str(tmp_path / name), status=status, reason=reason)  # type: ignore[arg-type]
    assert isinstance(items[1], RawDocument)


def test_missing_path_and_bad_scheme(tmp_path: Path) -> None:
    items = _all([str(tmp_path / "nope.txt"), "ftp://example.org/x", str(tmp_path)])
    assert items[0].status == "failed" and items[0].reason == "not-found"  # type: ignore[union-attr]
    assert items[1].reason == "bad-url"  # type: ignore[union-attr]
    assert items[2] == Disposition(
        source=str(tmp_path), status="skipped", reason="skipped:no-inputs"
    )


def test_directory_walk_sorted_recursive_with_sidecars(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(ARTICLE)
    (tmp_path / "b.meta.json").write_text(
        json.dumps(
            {"outlet": "Sidecar Post", "author": "Side Car", "published": "2025-01-01", "junk": 1}
        )
    )
    (tmp_path / "a.html").write_bytes((FIXTURES / "article.html").read_bytes())
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "c.txt").write_text(ARTICLE.replace("Monday", "Friday"))
    (tmp_path / ".hidden.txt").write_text(ARTICLE)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(ARTICLE)
    (tmp_path / "notes.md").write_text(ARTICLE)  # only named files are read as .md
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    items = _all([str(tmp_path)], overrides={"outlet": "Flag Outlet"})
    docs = _docs(items)
    assert [Path(d.source).relative_to(tmp_path).as_posix() for d in docs] == [
        "a.html",
        "b.txt",
        "sub/c.txt",
    ]
    b = docs[1]
    assert b.meta == {"outlet": "Flag Outlet", "author": "Side Car", "published": "2025-01-01"}
    assert docs[2].meta == {"outlet": "Flag Outlet"}
    art = extract(b)
    assert art.outlet == "Flag Outlet" and art.author == "Side Car"


def test_bad_sidecar_fails_only_its_item(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "a.meta.json").write_text("{broken")
    (tmp_path / "b.txt").write_text(ARTICLE)
    items = _all([str(tmp_path)])
    assert _fails(items)[0].reason == "bad-sidecar"
    assert len(_docs(items)) == 1


def test_jsonl_with_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "text": "First story text about the bridge.",
                "title": "One",
                "outlet": "Post",
                "extra": [1],
            }
        ),
        "{not json",
        "",
        json.dumps(["not", "an", "object"]),
        json.dumps({"title": "no text, no url"}),
        json.dumps({"text": "Second story text about the ferry.", "published": "2025-02-03"}),
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n")
    items = _all([str(path)], overrides={"author": "Flag"})
    assert [type(i).__name__ for i in items] == [
        "RawDocument",
        "Disposition",
        "Disposition",
        "Disposition",
        "RawDocument",
    ]
    assert [i.source for i in items] == [f"{path}:{n}" for n in (1, 2, 4, 5, 6)]
    assert all(d.reason == "bad-record" for d in _fails(items))
    first = _docs(items)[0]
    assert first.kind == "record" and first.meta == {
        "title": "One",
        "outlet": "Post",
        "author": "Flag",
    }
    art = extract(first)
    assert (
        art.title == "One"
        and art.author == "Flag"
        and art.text == "First story text about the bridge."
    )


def test_jsonl_url_only_record_without_network_fails_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"url": "http://127.0.0.1:9/nothing"}) + "\n")
    items = _all([str(path)])  # loopback is blocked by default: no request is made
    assert items == [
        Disposition(source=f"{path}:1", status="skipped", reason="skipped:blocked-address")
    ]


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (ARTICLE.encode(), "text"),
        (b"<!DOCTYPE html><html><body><p>Hello there reader</p></body></html>", "html"),
        (b"  <div><p>fragment of a page</p></div>", "html"),
        (b'{"text": "a"}\n\n{"text": "b", "url": "https://x.example/"}\n', "jsonl"),
        (b'{"text": "a"}\nnot json\n', "text"),
        (b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>', "feed"),
    ],
)
def test_sniff(content: bytes, kind: str) -> None:
    assert sniff_kind(content) == kind


def test_stdin_text_html_jsonl() -> None:
    items = _all(["-"], stdin=io.BytesIO(ARTICLE.encode()))
    assert [(d.source, d.kind) for d in _docs(items)] == [("-", "text")]
    html = (FIXTURES / "article.html").read_bytes()
    assert _docs(_all(["-"], stdin=io.BytesIO(html)))[0].kind == "html"
    jsonl = b'{"text": "one story"}\n{"text": "two story"}\n'
    docs = _docs(_all(["-"], stdin=io.BytesIO(jsonl)))
    assert [(d.source, d.kind) for d in docs] == [("-:1", "record"), ("-:2", "record")]
    assert _all(["-"], stdin=io.BytesIO(b"")) == [
        Disposition(source="-", status="skipped", reason="skipped:empty")
    ]
    assert _all(["-"], stdin=None)[0].reason == "no-stdin"  # type: ignore[union-attr]
    big = _all(["-"], stdin=io.BytesIO(b"x" * 60_000))
    assert big[0].reason == "skipped:too-large"  # type: ignore[union-attr]


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Lenskaya Post</title><link>https://lenskaya.example/</link>
<item><title>Bridge closes</title><pubDate>Wed, 09 Oct 2024 08:18:00 +0200</pubDate><author>ed@lenskaya.example (Mara Velt)</author>
<description>&lt;p&gt;Engineers closed the Old Harbour Bridge on Monday after finding cracks.&lt;/p&gt;</description></item>
<item><title>No body at all</title></item>
</channel></rss>"""


def test_local_feed_without_links_uses_entry_content(tmp_path: Path) -> None:
    path = tmp_path / "feed.rss"
    path.write_text(RSS)
    items = _all([str(path)])
    doc = _docs(items)[0]
    assert (
        doc.kind == "html"
        and doc.meta["outlet"] == "Lenskaya Post"
        and doc.meta["title"] == "Bridge closes"
    )
    assert doc.meta["published"] == "2024-10-09T06:18:00+00:00"
    art = extract(doc)
    assert (
        "Old Harbour Bridge" in art.text
        and art.title == "Bridge closes"
        and art.outlet == "Lenskaya Post"
    )
    fail = _fails(items)[0]
    assert fail.source == f"{path}#2" and fail.reason == "skipped:no-text"


def test_malformed_local_feed(tmp_path: Path) -> None:
    path = tmp_path / "bad.xml"
    path.write_text("<rss><channel><item><title>unclosed & broken <<")
    assert _all([str(path)]) == [Disposition(source=str(path), status="failed", reason="bad-feed")]


def test_unexpected_exception_is_contained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsprism.ingest import sources

    def boom(*a: object, **k: object) -> None:
        raise RuntimeError("disk on fire")

    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b.html").write_text("<p>hi</p>")
    monkeypatch.setattr(sources, "_sidecar_meta", boom)
    items = _all([str(tmp_path)])
    assert [i.reason for i in items] == ["failed:RuntimeError: disk on fire"] * 2  # type: ignore[union-attr]
