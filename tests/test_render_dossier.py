"""Renderers: JSON + schema, Markdown sections and escaping, self-contained safe HTML."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest
from fixtures.compare.story import ALL_ARTICLES, STORY_ARTICLES, analyses_for, entities_for

from newsprism.cluster import group_stories
from newsprism.compare import build_story_dossier
from newsprism.errors import UsageError
from newsprism.models import Article, Dossier, Evidence, Quote, Span, Story, UnplacedDate
from newsprism.render import dossier_schema, md_escape, render

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = '<script>alert(1)</script> and " onmouseover="alert(2)" | pipe'


def _dossier(generated: datetime | None = None) -> Dossier:
    analyses = analyses_for(ALL_ARTICLES)
    stories = [
        build_story_dossier(
            s,
            ALL_ARTICLES,
            analyses,
            entities_for([a for a in ALL_ARTICLES if a.id in s.article_ids]),
        )
        for s in group_stories(ALL_ARTICLES, analyses)
    ]
    return Dossier(stories=stories, generated_at=generated or datetime(2024, 3, 6, tzinfo=UTC))


def _hostile_dossier() -> Dossier:
    evil = Article(
        id="a-evil",
        outlet='Evil <b>Outlet</b> "x"',
        title=f"Title {HOSTILE}",
        text=f"Radio Meridian closed {HOSTILE}.\nInformation Minister Dario Vess ordered Radio Meridian off the air on Monday over 2.4 million crowns of unpaid licence fees.",
        url="javascript:alert(3)",
        author=HOSTILE,
        source="evil.txt",
    )
    arts = [*STORY_ARTICLES, evil]
    analyses = analyses_for(arts)
    q = Quote(
        id="qevil",
        article_id="a-evil",
        text=HOSTILE,
        content=Span(start=0, end=5),
        direct=True,
        speaker=HOSTILE,
        speaker_kind="named",
        cue=HOSTILE,
        via=HOSTILE,
    )
    analyses["a-evil"] = analyses["a-evil"].model_copy(update={"quotes": [q]})
    story = Story(id="sevil", title=HOSTILE, article_ids=[a.id for a in arts])
    return Dossier(
        stories=[build_story_dossier(story, arts, analyses, entities_for(arts))],
        generated_at=datetime(2024, 1, 1, tzinfo=UTC),
    )


# --- JSON and schema -----------------------------------------------------------------


def test_committed_schema_is_current():
    committed = json.loads((ROOT / "docs" / "dossier.schema.json").read_text(encoding="utf-8"))
    assert committed == dossier_schema()


def test_json_validates_and_has_the_contract_fields():
    doc = json.loads(render(_dossier(), "json"))
    jsonschema.Draft202012Validator.check_schema(dossier_schema())
    jsonschema.validate(doc, dossier_schema())
    s = doc["stories"][0]
    assert {
        "id",
        "title",
        "articles",
        "entities",
        "quotes",
        "citations",
        "facts",
        "framing",
    } <= set(s)
    assert {"id", "outlet", "title", "published", "source", "text"} <= set(s["articles"][0])
    assert {"name", "type", "aliases", "articles"} <= set(s["entities"][0])
    assert {"article_id", "text", "speaker", "speaker_kind", "cue", "direct"} <= set(s["quotes"][0])
    assert {"article_id", "cited", "cue", "sentence"} <= set(s["citations"][0])
    assert {"kind", "summary", "articles", "evidence"} <= set(s["facts"][0])
    assert {"article_id", "sentence"} <= set(s["facts"][0]["evidence"][0])
    assert {"term", "score"} <= set(s["framing"][0]["terms"][0])


def test_schema_rejects_a_broken_document():
    doc = json.loads(render(_dossier(), "json"))
    doc["stories"][0]["facts"][0]["kind"] = "rumour"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, dossier_schema())


def test_json_round_trips():
    d = _dossier()
    assert Dossier.model_validate_json(render(d, "json")) == d


@pytest.mark.parametrize("fmt", ["json", "md", "html"])
def test_output_is_deterministic_except_generated_at(fmt):
    a = render(_dossier(datetime(2024, 3, 6, tzinfo=UTC)), fmt)
    b = render(_dossier(datetime(2025, 1, 1, tzinfo=UTC)), fmt)
    assert a != b
    strip = re.compile(r"20(24-03-06|25-01-01)[T ]00:00(:00Z| UTC)")
    assert strip.sub("X", a) == strip.sub("X", b)
    assert render(_dossier(), fmt) == render(_dossier(), fmt)


def test_unknown_format():
    with pytest.raises(UsageError):
        render(_dossier(), "pdf")  # type: ignore[arg-type]


# --- Markdown --------------------------------------------------------------------------


def test_markdown_has_the_sections():
    md = render(_dossier(), "md")
    for heading in [
        "## Veloria orders Radio Meridian",
        "### Articles",
        "### What the outlets agree on",
        "### Where the outlets differ",
        "### Only one outlet reports",
        "### Who is quoted",
        "### Sources cited",
        "### Cast",
        "### Framing",
    ]:
        assert heading in md
    assert (
        "| Northern Ledger | Veloria orders Radio Meridian off the air over unpaid fees | 2024-03-04 09:00 UTC |"
        in md
    )
    # evidence lines name the outlet, whose voice carries the sentence, and the sentence
    assert re.search(r"> - \*\*Capital Wire\*\*(?: \([^)]*\))?: The regime's information minister", md)
    assert "**Northern Ledger** → Reuters" in md
    assert "regime (" in md


def test_markdown_escapes_hostile_text():
    md = render(_hostile_dossier(), "md")
    assert "<script>" not in md and "<b>" not in md
    assert "\\<script\\>" in md
    assert "| Outlet | Title | Date | Byline | Source |" in md  # one article has an author
    tables: list[list[str]] = []
    prev = ""
    for line in md.splitlines():
        if line.lstrip().startswith("| "):
            if not prev.lstrip().startswith("|"):
                tables.append([])
            tables[-1].append(line)
        prev = line
    evil = [t for t in tables if any("Evil" in line for line in t)]
    assert evil
    for table in evil:  # hostile pipes are escaped: every row has the header's cell count
        widths = {len(re.findall(r"(?<!\\)\|", line)) for line in table}
        assert len(widths) == 1, table
    assert md_escape("a|b *c* [d](e) <f>") == "a\\|b \\*c\\* \\[d\\](e) \\<f\\>"


# --- HTML ------------------------------------------------------------------------------


def test_html_is_self_contained_and_semantic():
    html = render(_dossier(), "html")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en">' in html
    assert (
        "<link" not in html
        and "<script" not in html
        and "<img" not in html
        and "<iframe" not in html
    )
    assert not re.search(r"\bsrc\s*=", html)
    # url(#id) is the SVG graph's own arrowhead marker, inside the page
    assert "@import" not in html and not re.search(r"url\((?!#)", html)
    hrefs = re.findall(r'href="([^"]*)"', html)
    external = {h for h in hrefs if not h.startswith("#")}
    assert external == {a.url for a in STORY_ARTICLES}  # only the article source links
    for anchor in {h[1:] for h in hrefs if h.startswith("#")}:  # evidence -> its article
        assert f'id="{anchor}"' in html
    assert '<th scope="col">' in html and '<meta name="viewport"' in html
    order = [
        html.index(f">{s}</h2>")
        for s in [
            "What the outlets agree on",
            "Where the outlets differ",
            "Only one outlet reports",
            "Framing, side by side",
            "Who is quoted",
            "Sources cited",
            "Timeline",
            "Cast",
            "The articles",
        ]
    ]
    assert order == sorted(order)
    assert "<details" in html and 'class="chip"' in html
    assert re.search(r'style="width: \d+%"', html)


def test_html_escapes_hostile_text():
    html = render(_hostile_dossier(), "html")
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>" not in html
    assert '" onmouseover=' not in html and 'onmouseover="' not in html
    assert "&#34; onmouseover=&#34;alert(2)&#34;" in html
    assert 'href="javascript:' not in html  # non-http URLs are shown as text, never linked


def test_html_empty_dossier():
    html = render(Dossier(stories=[]), "html")
    assert "holds no stories" in html


def test_unplaced_relative_dates_are_shown_with_their_sentence():
    d = _dossier()
    s = d.stories[0]
    a = ALL_ARTICLES[[x.id for x in ALL_ARTICLES].index(s.articles[0].id)]
    sentence = "On Tuesday evening the council voted to close the harbour road."
    u = UnplacedDate(phrase="On Tuesday evening", article_id=a.id,
                     evidence=[Evidence(article_id=a.id, sentence=sentence, start=0, end=len(sentence))])
    d = d.model_copy(update={"stories": [s.model_copy(update={"timeline_unplaced": [u]}), *d.stories[1:]]})
    md = render(d, "md")
    section = md[md.index("### Timeline") : md.index("### Cast")]
    assert "_Not placed: relative dates in articles that give no publication date._" in section
    assert "**“On Tuesday evening”**" in section and sentence in section
    html = render(d, "html")
    part = html[html.index(">Timeline</h2>") : html.index(">Cast</h2>")]
    assert "Not placed" in part and "On Tuesday evening" in part and sentence in part
    jsonschema.validate(json.loads(render(d, "json")), dossier_schema())


def test_a_quote_told_to_the_articles_own_outlet_is_not_shown_as_relayed():
    d = _dossier()
    s = d.stories[0]
    ref = s.articles[0]
    # "Mayor Anna Berg told <outlet> the road would reopen." in that outlet's own story
    base = Quote(id="qown", article_id=ref.id, text="the road would reopen", content=Span(start=0, end=5),
                 direct=False, speaker="Anna Berg", speaker_kind="named", cue="told", via=ref.outlet)
    other = base.model_copy(update={"id": "qother", "speaker": "Tom Bale", "via": "Nordland Radio"})
    d = d.model_copy(update={"stories": [s.model_copy(update={"quotes": [base, other]}), *d.stories[1:]]})
    md = render(d, "md")
    row = next(line for line in md.splitlines() if line.startswith("| Anna Berg |"))
    assert row.endswith(f"| {md_escape(ref.outlet)} |")
    row = next(line for line in md.splitlines() if line.startswith("| Tom Bale |"))
    assert row.endswith("(via Nordland Radio) |")
