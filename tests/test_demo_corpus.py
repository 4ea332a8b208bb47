"""The bundled demo corpus (src/newsprism/demo/corpus) is well-formed and matches its answer key.

No model, no network: these tests only read files. The answer key is the ```json answer-key
block in the corpus README; every phrase it lists must occur literally in the named file
(after mapping typographic quotes to straight ones, unescaping HTML entities and collapsing
whitespace), so the key cannot drift away from the texts.
"""

from __future__ import annotations

import html
import json
import re
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "src" / "newsprism" / "demo" / "corpus"

STORY_TXT = ["varnholm_courier.txt", "meridian_wire.txt", "estmark_sentinel.txt"]
STORY_HTML = ["estmark_ledger.html", "estmark_rising.html"]
REQUIRED_META = {"outlet", "published", "url", "author"}
DATELINE = re.compile(
    r"^(?P<date>[A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2} [ap]m) \| (?P<sections>.+)$"
)
EVENT_DAYS = {date(2025, 3, 12), date(2025, 3, 13)}


def _norm(text: str) -> str:
    text = html.unescape(text)
    text = text.translate(
        str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})
    )
    return re.sub(r"\s+", " ", text)


def _read(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


def _aware(value: str) -> datetime:
    dt = datetime.fromisoformat(value)
    assert dt.tzinfo is not None and dt.utcoffset() is not None, f"naive datetime {value!r}"
    return dt


def _example_url(url: str) -> None:
    parts = urlparse(url)
    assert parts.scheme == "https", url
    assert parts.hostname and parts.hostname.endswith(".example"), url


class _Page(HTMLParser):
    """Collects meta tags, the <title> and the text of <p> elements outside comments/footer."""

    SKIP = ("comment", "footer", "related", "share", "respond", "ticker", "donate")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self.tags: set[str] = set()
        self.paragraphs: list[str] = []
        self._stack: list[tuple[str, bool]] = []
        self._in_title = False
        self._p: list[str] | None = None

    def _skipping(self) -> bool:
        return any(skip for _, skip in self._stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.add(tag)
        if tag == "meta":
            key = a.get("property") or a.get("name")
            if key:
                self.meta[key] = a.get("content", "")
            return
        if tag in {"img", "link", "input", "br", "hr"}:
            return
        marker = " ".join([tag, a.get("class", ""), a.get("id", "")]).lower()
        skip = tag in {"footer", "nav", "aside", "form", "script", "style"}
        skip = skip or any(s in marker for s in self.SKIP)
        self._stack.append((tag, skip))
        if tag == "title":
            self._in_title = True
        if tag == "p" and not self._skipping():
            self._p = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag == "p" and self._p is not None:
            self.paragraphs.append(" ".join("".join(self._p).split()))
            self._p = None
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self._p is not None:
            self._p.append(data)


def _page(name: str) -> _Page:
    p = _Page()
    p.feed(_read(name))
    p.close()
    return p


def _words(text: str) -> int:
    return len(text.split())


def _jsonl_records() -> list[dict]:
    lines = [ln for ln in _read("extra.jsonl").splitlines() if ln.strip()]
    return [json.loads(ln) for ln in lines]


@pytest.fixture(scope="module")
def key() -> dict:
    readme = _read("README.md")
    m = re.search(r"```json answer-key\n(.*?)\n```", readme, re.S)
    assert m, "README.md lacks the ```json answer-key block"
    return json.loads(m.group(1))


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return {p.name: _norm(p.read_text(encoding="utf-8")) for p in CORPUS.iterdir() if p.is_file()}


# ---------------------------------------------------------------- well-formedness


def test_expected_files_present() -> None:
    names = {p.name for p in CORPUS.iterdir()}
    expected = set(STORY_TXT + STORY_HTML) | {
        "extra.jsonl",
        "aliases.json",
        "README.md",
        "meridian_wire.meta.json",
        "estmark_sentinel.meta.json",
    }
    assert expected <= names, expected - names
    assert not [n for n in names if n.endswith((".pyc", "~", ".swp"))]


@pytest.mark.parametrize("name", STORY_TXT)
def test_txt_has_sidecar_or_dateline(name: str) -> None:
    text = _read(name)
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    assert lines, name
    sidecar = CORPUS / name.replace(".txt", ".meta.json")
    dateline = next((m for ln in lines[:10] if (m := DATELINE.match(ln))), None)
    assert sidecar.exists() or dateline, f"{name}: no sidecar and no dateline"
    if dateline and not sidecar.exists():
        published = datetime.strptime(dateline["date"], "%b %d, %Y %I:%M %p")
        assert published.date() in EVENT_DAYS
        assert any(ln.startswith("By ") for ln in lines[:10]), f"{name}: no byline"


def test_courier_is_the_sidecarless_furniture_file() -> None:
    assert not (CORPUS / "varnholm_courier.meta.json").exists()
    text = _read("varnholm_courier.txt")
    for furniture in (
        "Share this article",
        "0 Comments",
        "Read more: ",
        "By Sigrid Holmvik",
        "Loading...",
    ):
        assert furniture in text
    assert "Mar 12, 2025 5:40 pm | News, Varnholm Courier" in text


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.meta.json")), ids=lambda p: p.name)
def test_sidecar_meta(path: Path) -> None:
    meta = json.loads(path.read_text(encoding="utf-8"))
    assert REQUIRED_META <= set(meta), REQUIRED_META - set(meta)
    assert all(isinstance(v, str) and v.strip() for v in meta.values())
    assert _aware(meta["published"]).date() in EVENT_DAYS
    _example_url(meta["url"])
    assert (CORPUS / path.name.replace(".meta.json", ".txt")).exists()


@pytest.mark.parametrize("name", STORY_HTML)
def test_html_page(name: str) -> None:
    raw = _read(name)
    page = _page(name)
    assert page.title.strip()
    assert page.meta.get("og:site_name")
    assert _aware(page.meta["article:published_time"]).date() in EVENT_DAYS
    assert page.meta.get("author")
    _example_url(page.meta["og:url"])
    assert {"nav", "footer"} <= page.tags
    assert 'id="comments"' in raw, "the page should carry a comments section"
    assert "article" in page.tags or len(page.paragraphs) >= 8
    body = [p for p in page.paragraphs if _words(p) >= 15]
    assert len(body) >= 8


def test_jsonl_records() -> None:
    records = _jsonl_records()
    assert len(records) >= 1
    for rec in records:
        assert {"url", "title", "text", "outlet", "published"} <= set(rec)
        _example_url(rec["url"])
        assert _aware(rec["published"]).date() in EVENT_DAYS
        assert 200 <= _words(rec["text"]) <= 300
        for word in ("Tarnwick", "Kleppa", "Varnholm", "evacuat", "fire"):
            assert word.lower() not in rec["text"].lower(), f"unrelated story mentions {word!r}"


def _story_words(name: str) -> int:
    if name.endswith(".html"):
        return sum(_words(p) for p in _page(name).paragraphs if _words(p) >= 8)
    return _words(_read(name))


@pytest.mark.parametrize("name", STORY_TXT + STORY_HTML)
def test_story_length(name: str) -> None:
    assert 450 <= _story_words(name) <= 800


def test_aliases_file(key: dict, texts: dict[str, str]) -> None:
    aliases = json.loads(_read("aliases.json"))
    assert aliases == key["aliases"]
    for canonical, nicknames in aliases.items():
        assert isinstance(nicknames, list) and nicknames
        for nick in nicknames:
            assert any(nick in texts[f] for f in key["story"]), nick
        assert any(canonical in texts[f] for f in key["story"])


# ---------------------------------------------------------------- answer key in sync


def _outlet_of(name: str) -> str:
    if name.endswith(".html"):
        return _page(name).meta["og:site_name"]
    if name.endswith(".jsonl"):
        return _jsonl_records()[0]["outlet"]
    sidecar = CORPUS / name.replace(".txt", ".meta.json")
    if sidecar.exists():
        return json.loads(sidecar.read_text(encoding="utf-8"))["outlet"]
    for ln in _read(name).splitlines():
        if m := DATELINE.match(ln.strip()):
            return m["sections"].split(",")[-1].strip()
    raise AssertionError(name)


def test_key_outlets_match_files(key: dict) -> None:
    assert set(key["outlets"]) == set(key["story"]) | set(key["unrelated"])
    for name, outlet in key["outlets"].items():
        found = _outlet_of(name)
        # the Courier's dateline says "Varnholm Courier", its masthead "The Varnholm Courier"
        assert found == outlet or f"The {found}" == outlet, (name, found, outlet)
    assert len(set(key["outlets"].values())) == len(key["outlets"])


def test_agreements_occur(key: dict, texts: dict[str, str]) -> None:
    assert 4 <= len(key["agreements"]) <= 6
    for fact in key["agreements"]:
        assert len(fact["phrases"]) >= 3, fact["fact"]
        for name, phrase in fact["phrases"].items():
            assert phrase in texts[name], (fact["fact"], name, phrase)


def test_conflicts_occur(key: dict, texts: dict[str, str]) -> None:
    kinds = {c["kind"] for c in key["conflicts"]}
    assert {"number", "date", "title", "spelling"} <= kinds
    for conflict in key["conflicts"]:
        values = {n: v for n, v in conflict["values"].items() if v is not None}
        assert len(set(values.values())) >= 2, conflict["what"]
        for name, phrase in values.items():
            assert phrase in texts[name], (conflict["what"], name, phrase)


def test_absent_variants(key: dict, texts: dict[str, str]) -> None:
    for name, phrases in key["absent"].items():
        for phrase in phrases:
            assert phrase not in texts[name], (name, phrase)


def test_unique_details_are_unique(key: dict, texts: dict[str, str]) -> None:
    assert set(key["unique"]) == set(key["story"])
    for name, phrases in key["unique"].items():
        assert phrases
        for phrase in phrases:
            assert phrase in texts[name], (name, phrase)
            others = [o for o in key["story"] if o != name and phrase.lower() in texts[o].lower()]
            assert not others, (phrase, others)


def test_quotes_occur(key: dict, texts: dict[str, str]) -> None:
    quotes = key["quotes"]
    for q in quotes:
        assert q["phrase"] in texts[q["file"]], (q["file"], q["phrase"])
    cues = {q["cue"] for q in quotes}
    assert {
        "said",
        "stressed",
        "claimed",
        "admitted",
        "insisted",
        "told",
        "warned",
        "according to",
    } <= cues
    forms = {f for q in quotes for f in re.split(r"[+/]", q["form"])}
    assert {"split", "multi-sentence", "partial", "indirect"} <= forms
    assert any(not q["named"] for q in quotes)
    for name in key["story"]:
        assert any(q["file"] == name for q in quotes), f"no quote listed for {name}"


def test_documents_and_citations_occur(key: dict, texts: dict[str, str]) -> None:
    for name, phrases in key["documents"].items():
        for phrase in phrases:
            assert phrase in texts[name], (name, phrase)
    outlets = set(key["outlets"].values())
    for c in key["citations"]:
        assert c["phrase"] in texts[c["file"]], (c["file"], c["phrase"])
        assert c["cites"] in outlets and c["cites"] != key["outlets"][c["file"]]
    for name, phrases in key["not_citations"].items():
        for phrase in phrases:
            assert phrase in texts[name], (name, phrase)
    cited = {c["cites"] for c in key["citations"]}
    assert "Meridian Wire" in cited
    # a chain: someone cites an outlet that itself cites another
    citing = {key["outlets"][c["file"]] for c in key["citations"]}
    assert cited & citing


def test_framing_vocabulary_occurs(key: dict, texts: dict[str, str]) -> None:
    for name, phrases in key["framing"].items():
        for phrase in phrases:
            assert phrase in texts[name], (name, phrase)
    for name, words in key["loaded_absent"].items():
        for word in words:
            assert word.lower() not in texts[name].lower(), (name, word)


def test_story_published_within_two_days(key: dict) -> None:
    days = set()
    for name in key["story"]:
        sidecar = CORPUS / name.replace(".txt", ".meta.json")
        if name.endswith(".html"):
            days.add(_aware(_page(name).meta["article:published_time"]).date())
        elif sidecar.exists():
            days.add(_aware(json.loads(sidecar.read_text(encoding="utf-8"))["published"]).date())
        else:
            m = next(m for ln in _read(name).splitlines() if (m := DATELINE.match(ln.strip())))
            days.add(datetime.strptime(m["date"], "%b %d, %Y %I:%M %p").date())
    assert days <= EVENT_DAYS
