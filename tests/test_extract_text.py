"""Plain-text extraction: furniture removal, metadata pickup, paragraphs, the seed files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsprism.extract import clean_text, extract
from newsprism.extract.text import classify_line, looks_like_site_name, paragraphs
from newsprism.models import RawDocument

P1 = (
    "The city council voted on Tuesday to close the old harbour bridge for repairs, officials said."
)
P2 = "Engineers found cracks in two of the bridge's support piers during a routine inspection in March."
P3 = "Traffic will be diverted to the ring road until at least the end of the summer, the council added."


def _doc(text: str, **meta: str) -> RawDocument:
    return RawDocument(source="t.txt", kind="text", content=text.encode("utf-8"), meta=meta)


def _clean(text: str) -> tuple[str, str, dict[str, str]]:
    return clean_text(text.split("\n"))


@pytest.mark.parametrize(
    ("junk", "where"),
    [
        ("print-icon", "top"),
        ("Share", "top"),
        ("Share Tweet Email", "top"),
        ("Facebook | Twitter | WhatsApp", "middle"),
        ("File image: Harbour bridge at dusk", "middle"),
        ("Photo: Lenskaya city council", "middle"),
        ("Mara Velt's Photo", "top"),
        ("Mara Velt’s Photo", "top"),
        ("(Getty Images)", "middle"),
        ("(Photo by Ivan Petrov/AFP via Getty Images)", "middle"),
        ("Authored...", "top"),
        ("0 Comments", "end"),
        ("12 Comments", "end"),
        ("Loading...", "end"),
        ("Loading…", "end"),
        ("Read more: Ferry timetable to change from April", "end"),
        ("READ MORE: Ferry timetable to change from April", "middle"),
        ("Dive deeper", "middle"),
        ("Related", "middle"),
        ("Related stories", "middle"),
        ("Advertisement", "middle"),
        ("Story continues below advertisement", "middle"),
        ("Subscribe to our newsletter for the latest local news", "end"),
        ("Already a subscriber? Sign in", "end"),
        ("Support independent journalism: become a member today", "end"),
        ("(Reporting by Ola Berg; Editing by Kari Lund)", "end"),
    ],
)
def test_furniture_is_removed(junk: str, where: str) -> None:
    lines = ["Harbour bridge in Lenskaya closes for repairs", P1, P2, P3]
    pos = {"top": 1, "middle": 2, "end": 4}[where]
    lines.insert(pos, junk)
    title, body, _ = _clean("\n\n".join(lines))
    assert title == "Harbour bridge in Lenskaya closes for repairs"
    assert junk not in body
    for para in (P1, P2, P3):
        assert para in body


def test_trackbacks_and_everything_after_are_cut() -> None:
    text = "\n\n".join(
        [
            "Bridge closes",
            P1,
            P2,
            P3,
            "Trackbacks/Pingbacks",
            "1. Some blog - [...] a pingback text",
        ]
    )
    _, body, _ = _clean(text)
    assert body.endswith(P3)
    assert "pingback" not in body.lower()


@pytest.mark.parametrize(
    "line",
    [
        "Why it matters",
        "US losing trust in the mayor",
        "The stakes are high",
        "Tensions over the budget",
        "By Tuesday evening the bridge was closed again.",
        "Photographers lined the quay as the ship arrived.",
        "Subscribers to the local paper were the first to know.",
        "1,200",  # a number with a comma is not a counter
    ],
)
def test_real_content_lines_are_kept(line: str) -> None:
    title, body, _ = _clean("\n".join(["Bridge closes", P1, line, P2]))
    assert title == "Bridge closes"
    assert line in body.split("\n\n")


@pytest.mark.parametrize(
    ("text", "key", "expected"),
    [
        ("Bridge closes\nby Mara Velt\n" + P1, "author", "Mara Velt"),
        ("Bridge closes\nBy Sigrid Holmvik\n" + P1, "author", "Sigrid Holmvik"),
        ("Bridge closes\nBy Anna de Vries | Lenskaya Post\n" + P1, "author", "Anna de Vries"),
        (
            "Bridge closes\nAuthored by Jack Hill via The Harbour Times,\n" + P1,
            "author",
            "Jack Hill",
        ),
        (
            "Bridge closes\nMar 12, 2025 5:40 pm | News, Lenskaya Post\n" + P1,
            "outlet",
            "Lenskaya Post",
        ),
        (
            "Bridge closes\nMar 12, 2025 5:40 pm | News, Lenskaya Post\n" + P1,
            "published",
            "2025-03-12T17:40:00+00:00",
        ),
        ("Bridge closes\nPublished: 3 April 2025\n" + P1, "published", "2025-04-03T00:00:00+00:00"),
        (
            "Bridge closes\nUpdated 2025-04-03 14:05\n" + P1,
            "published",
            "2025-04-03T14:05:00+00:00",
        ),
        ("Bridge closes\nLENSKAYA, March 4 (Harbour Wire) - " + P1, "outlet", "Harbour Wire"),
    ],
)
def test_metadata_pickup(text: str, key: str, expected: str) -> None:
    _, body, found = _clean(text)
    assert found.get(key) == expected
    assert P1 in body


@pytest.mark.parametrize(
    "text",
    [
        "Bridge closes\n2 hours ago\n" + P1,  # relative time is not a date
        "Bridge closes\nWednesday\n" + P1,
        "Bridge closes\nBy Tuesday, the fire was out and crews had left.\n" + P1,
        "Bridge closes\nMar 12, 2025 | News, Middle East\n" + P1,  # a section, not a site
    ],
)
def test_no_false_metadata(text: str) -> None:
    _, body, found = _clean(text)
    assert "author" not in found
    assert "outlet" not in found
    if "Mar 12" not in text:
        assert "published" not in found
        assert text.split("\n")[1] in body


def test_site_name_heuristic() -> None:
    assert looks_like_site_name("Virtual Jerusalem")
    assert looks_like_site_name("lenskayapost.com")
    assert not looks_like_site_name("News")
    assert not looks_like_site_name("Middle East")
    assert not looks_like_site_name("world affairs")


def test_glued_share_widget_is_cut() -> None:
    _, body, _ = _clean(f"Bridge closes\n\n{P1}\n\n{P2[:-1]} she saidShare this article\n\n{P3}")
    assert "Share" not in body and "she said" in body


def test_paragraphs_one_per_line_and_hard_wrapped() -> None:
    assert paragraphs(["a line.", "another line.", "", "third."]) == [
        "a line.",
        "another line.",
        "third.",
    ]
    wrapped = [
        "The council voted on Tuesday to close the old harbour bridge for",
        "repairs after engineers found cracks in two of its support piers,",
        "officials said.",
        "",
        "Traffic will be diverted to the ring road until the end of the",
        "summer, the council added in a statement on its website.",
    ]
    out = paragraphs(wrapped)
    assert len(out) == 2
    assert out[0].startswith("The council voted") and out[0].endswith("officials said.")


def test_single_paragraph_without_headline() -> None:
    long = " ".join([P1, P2, P3])
    title, body, _ = _clean(long)
    assert body == long
    assert title == P1


def test_extract_text_article_fields_and_meta_wins() -> None:
    text = (
        "Bridge closes\nBy Mara Velt\nMar 12, 2025 5:40 pm | News, Lenskaya Post\n\n"
        + "\n\n".join([P1, P2])
    )
    art = extract(_doc(text))
    assert art.title == "Bridge closes"
    assert art.author == "Mara Velt" and art.outlet == "Lenskaya Post"
    assert art.published == datetime(2025, 3, 12, 17, 40, tzinfo=UTC)
    assert art.text == P1 + "\n\n" + P2
    assert art.id.startswith("a") and len(art.content_hash) == 64 and art.source == "t.txt"
    over = extract(
        _doc(text, outlet="Other Paper", title="Given title", published="2024-01-02T03:04:05Z")
    )
    assert over.outlet == "Other Paper" and over.title == "Given title"
    assert over.published == datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    with_url = extract(_doc(text, url="https://www.lenskaya-post.example/a?utm_source=x"))
    assert with_url.url == "https://www.lenskaya-post.example/a?utm_source=x"
    assert with_url.outlet == "Lenskaya Post"  # the dateline beats the host


def test_outlet_falls_back_to_host() -> None:
    art = extract(_doc("Bridge closes\n\n" + P1, url="https://www.lenskaya-post.example/a"))
    assert art.outlet == "lenskaya-post.example"


def test_classify_is_pure_and_header_only_rules() -> None:
    assert classify_line("By Mara Velt", header=True) is not None
    assert classify_line("By Mara Velt", header=False) is None
    assert classify_line(P1, header=True) is None


# ------------------------------------------------------------------ the seed files

SEED_TITLES = {
    "000": "Netanyahu halts Gallant's US trip to discuss strike on Iran: Axios",
    "003": "Gallant\u2019s US Trip Canceled as Biden and Bibi Discuss Iran Strike",
    "004": "Biden Holds Phone Call With Netanyahu On Iran Strike Plans After Gallant Trip Blocked",
}
SEED_JUNK = (
    "print-icon",
    "0 Comments",
    "Trackbacks",
    "Loading...",
    "Read more:",
    "Authored",
    "Tyler Durden's Photo",
    "File image",
    "Dive deeper",
)


@pytest.mark.shared
@pytest.mark.parametrize("prefix", sorted(SEED_TITLES))
def test_seed_files(seeds_dir: Path, prefix: str) -> None:
    path = next(seeds_dir.glob(f"{prefix}_*.txt"))
    raw_text = path.read_text(encoding="utf-8").split("Trackbacks/Pingbacks")[0]
    art = extract(RawDocument(source=str(path), kind="text", content=path.read_bytes()))
    assert art.title == SEED_TITLES[prefix]
    for junk in SEED_JUNK:
        assert junk not in art.text, junk
    assert "\n\n" in art.text and "\n\n\n" not in art.text
    # no real paragraph is lost: every long line of the source is in the body
    long_lines = [line.strip() for line in raw_text.splitlines() if len(line.split()) > 25]
    missing = [line[:60] for line in long_lines if line.replace("\u00a0", " ") not in art.text]
    assert not missing
    if prefix == "003":
        assert art.published == datetime(2024, 10, 9, 8, 18, tzinfo=UTC)
        assert art.outlet == "Virtual Jerusalem"
        assert "Why it matters" not in art.text  # (that is 000's) sanity: no cross-talk
    if prefix == "004":
        assert art.author == "Tyler Durden"
    if prefix == "000":
        assert "Why it matters" in art.text  # a real subheading stays
