"""In-process tests of the web app over hand-built stories (no spaCy model needed).

A small store is filled through the real Store API with articles, analyses and a dossier
built by hand, so every page, its JSON twin, the API and the error shape can be checked
against known content.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from newsprism.models import (  # noqa: E402
    Article,
    ArticleAnalysis,
    ArticleRef,
    Citation,
    ConflictValue,
    Evidence,
    Fact,
    Framing,
    FramingTerm,
    Mention,
    Quote,
    Sentence,
    Span,
    Story,
    StoryDossier,
    UnplacedDate,
)
from newsprism.settings import Settings  # noqa: E402
from newsprism.store import Store  # noqa: E402
from newsprism.web import create_app  # noqa: E402

LOCAL = "http://127.0.0.1"

A_TEXT = (
    "Some 2,400 people left their homes after a fire at the plant. "
    'Minister Hana Ostrova said the move was "a precaution". '
    "<script>alert('x')</script> was in the copy."
)
B_TEXT = (
    "As many as 8,000 people were turfed out after a fire at the plant, "
    "as first reported by Meridian Wire. Nobody died. The plant had passed an inspection last week."
)
C_TEXT = "The Lindmoor council backed a new library in a tight budget vote."


def _sentences(text: str) -> list[Sentence]:
    out = []
    for m in re.finditer(r"[^.]+\.\s*", text):
        s, e = m.start(), m.start() + len(m.group().rstrip())
        out.append(Sentence(index=len(out), start=s, end=e, text=text[s:e]))
    return out


def _span(text: str, needle: str) -> Span:
    i = text.index(needle)
    return Span(start=i, end=i + len(needle))


def _articles() -> list[Article]:
    return [
        Article(
            id="a-wire",
            title="Fire forces 2,400 from homes",
            text=A_TEXT,
            outlet="Meridian Wire",
            url="https://meridian.example/fire",
            published=datetime(2025, 3, 12, 17, 30, tzinfo=UTC),
            author="Oskar Brandt",
            source="test",
        ),
        Article(
            id="a-sent",
            title="PANIC as 8,000 turfed out",
            text=B_TEXT,
            outlet="The Estmark Sentinel",
            url="javascript:alert(1)",
            published=datetime(2025, 3, 13, 10, 45, tzinfo=UTC),
            source="test",
        ),
        Article(
            id="a-lind",
            title="Lindmoor backs library",
            text=C_TEXT,
            outlet="Lindmoor Gazette",
            published=datetime(2025, 3, 20, 9, 0, tzinfo=UTC),
            source="test",
        ),
    ]


def _analyses() -> list[ArticleAnalysis]:
    q_content = _span(A_TEXT, "a precaution")
    return [
        ArticleAnalysis(
            article_id="a-wire",
            sentences=_sentences(A_TEXT),
            mentions=[
                Mention(
                    **_span(A_TEXT, "Hana Ostrova").model_dump(),
                    text="Hana Ostrova",
                    label="PERSON",
                )
            ],
            quotes=[
                Quote(
                    id="q1",
                    article_id="a-wire",
                    text="a precaution",
                    content=q_content,
                    direct=True,
                    speaker="Hana Ostrova",
                    speaker_kind="named",
                    source=_span(A_TEXT, "Hana Ostrova"),
                    source_text="Hana Ostrova",
                    cue="said",
                    cue_span=_span(A_TEXT, "said"),
                )
            ],
        ),
        ArticleAnalysis(
            article_id="a-sent",
            sentences=_sentences(B_TEXT),
            citations=[
                Citation(
                    article_id="a-sent",
                    cited="Meridian Wire",
                    cue="reported by",
                    span=_span(B_TEXT, "Meridian Wire"),
                    sentence=B_TEXT.split(". ")[0] + ".",
                    relays="two sources familiar with the matter",
                )
            ],
        ),
    ]


def _dossier() -> StoryDossier:
    arts = {a.id: a for a in _articles()}
    refs = [ArticleRef.of(a) for a in (arts["a-wire"], arts["a-sent"])]
    s_a = _sentences(A_TEXT)[0]
    s_b = _sentences(B_TEXT)[0]
    return StoryDossier(
        id="s-fire",
        title="Fire at the Tarnwick plant",
        articles=refs,
        quotes=[_analyses()[0].quotes[0]],
        citations=_analyses()[1].citations,
        facts=[
            Fact(
                id="f-cons",
                kind="consensus",
                summary="A fire broke out at the plant.",
                articles=["a-wire", "a-sent"],
                independent=2,
                evidence=[
                    Evidence(
                        article_id="a-wire",
                        sentence=s_a.text,
                        start=s_a.start,
                        end=s_a.end,
                        outlet="Meridian Wire",
                    ),
                    Evidence(
                        article_id="a-sent",
                        sentence=s_b.text,
                        start=s_b.start,
                        end=s_b.end,
                        outlet="The Estmark Sentinel",
                    ),
                ],
            ),
            Fact(
                id="f-conf",
                kind="conflict",
                summary="Outlets differ on how many left.",
                topic="people evacuated",
                articles=["a-wire", "a-sent"],
                evidence=[
                    Evidence(article_id="a-sent", sentence=s_b.text, start=s_b.start, end=s_b.end)
                ],
                values=[
                    ConflictValue(
                        article_id="a-wire", value="Some 2,400 people", sentence=s_a.text
                    ),
                    ConflictValue(
                        article_id="a-sent", value="As many as 8,000 people", sentence=s_b.text
                    ),
                ],
            ),
            Fact(
                id="f-uni",
                kind="unique",
                summary="Nobody died.",
                articles=["a-sent"],
                evidence=[
                    Evidence(
                        article_id="a-sent",
                        sentence="Nobody died.",
                        start=B_TEXT.index("Nobody"),
                        end=B_TEXT.index("Nobody") + len("Nobody died."),
                    )
                ],
            ),
        ],
        timeline_unplaced=[
            UnplacedDate(
                phrase="last week",
                article_id="a-sent",
                evidence=[
                    Evidence(
                        article_id="a-sent",
                        sentence="The plant had passed an inspection last week.",
                        start=B_TEXT.index("The plant"),
                        end=len(B_TEXT),
                    )
                ],
            )
        ],
        framing=[
            Framing(
                article_id="a-wire",
                outlet="Meridian Wire",
                terms=[FramingTerm(term="precaution", score=1.5)],
            ),
            Framing(
                article_id="a-sent",
                outlet="The Estmark Sentinel",
                terms=[FramingTerm(term="panic", score=2.0), FramingTerm(term="turfed", score=1.0)],
                loaded=["turfed out"],
                scare_quotes=["precautionary"],
            ),
        ],
    )


def fill(store: Store) -> None:
    for a in _articles():
        store.upsert_article(a)
    for an in _analyses():
        store.save_analysis(an)
    d = _dossier()
    store.save_story(
        Story(
            id=d.id,
            title=d.title,
            article_ids=["a-wire", "a-sent"],
            first_seen=datetime(2025, 3, 12, 17, 30, tzinfo=UTC),
            last_seen=datetime(2025, 3, 13, 10, 45, tzinfo=UTC),
        ),
        d,
    )
    store.save_story(
        Story(
            id="s-lind",
            title="Lindmoor library vote",
            article_ids=["a-lind"],
            first_seen=datetime(2025, 3, 20, 9, tzinfo=UTC),
            last_seen=datetime(2025, 3, 20, 9, tzinfo=UTC),
        )
    )


@pytest.fixture()
def settings(db_url: str) -> Settings:
    return Settings(db=db_url)


@pytest.fixture()
def store(settings: Settings) -> Store:
    s = Store(settings.db)
    fill(s)
    yield s
    s.close()


@pytest.fixture()
def client(settings: Settings, store: Store) -> TestClient:
    app = create_app(settings, store=store, api_token="")
    return TestClient(app, base_url=LOCAL, raise_server_exceptions=False)


HTML = {"accept": "text/html"}


def assert_error(r, status: int, code: str | None = None) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message"}
    assert body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    return body


# -- stories list -----------------------------------------------------------------------


def test_stories_list_html_and_json_twin(client: TestClient) -> None:
    j = client.get("/stories.json").json()
    assert j["total"] == 2
    first = j["stories"][0]
    assert first["id"] == "s-lind"  # most recent first
    fire = next(s for s in j["stories"] if s["id"] == "s-fire")
    assert fire["articles"] == 2
    assert sorted(fire["outlets"]) == ["Meridian Wire", "The Estmark Sentinel"]
    assert fire["conflicts"] == 1
    assert fire["first_seen"].startswith("2025-03-12")
    lind = next(s for s in j["stories"] if s["id"] == "s-lind")
    assert lind["conflicts"] is None  # no dossier
    r = client.get("/", headers=HTML)
    assert r.status_code == 200
    assert 'href="/stories/s-fire"' in r.text and "Fire at the Tarnwick plant" in r.text
    assert 'class="badge conflict">1<' in r.text


def test_stories_sort_search_outlet_and_date_filters(client: TestClient) -> None:
    cov = client.get("/stories.json?sort=coverage").json()["stories"]
    assert [s["id"] for s in cov] == ["s-fire", "s-lind"]
    hits = client.get("/stories.json?q=library").json()
    assert [s["id"] for s in hits["stories"]] == ["s-lind"]
    assert hits["hits"][0]["article_id"] == "a-lind"
    assert client.get("/stories.json?q=zebra").json()["total"] == 0
    by_outlet = client.get("/stories.json?outlet=meridian-wire").json()
    assert [s["id"] for s in by_outlet["stories"]] == ["s-fire"]
    assert client.get("/stories.json?outlet=no-such").json()["total"] == 0
    late = client.get("/stories.json?since=2025-03-15").json()
    assert [s["id"] for s in late["stories"]] == ["s-lind"]
    early = client.get("/stories.json?until=2025-03-12").json()
    assert [s["id"] for s in early["stories"]] == ["s-fire"]
    html = client.get("/?q=library", headers=HTML).text
    assert "<mark>" in html.lower() or "library" in html


def test_search_snippets_are_escaped(client: TestClient) -> None:
    r = client.get("/?q=script", headers=HTML)
    assert r.status_code == 200
    assert "<script>alert" not in r.text


# -- story ------------------------------------------------------------------------------


def test_story_page_shows_consensus_conflicts_unique_and_graph(client: TestClient) -> None:
    r = client.get("/stories/s-fire", headers=HTML)
    assert r.status_code == 200
    t = r.text
    assert (
        t.index("Agreement at a glance")
        < t.index("The outlets side by side")
        < t.index("Consensus")
    )
    assert "A fire broke out at the plant." in t
    assert "Some 2,400 people" in t and "As many as 8,000 people" in t
    assert 'class="fact unique"' in t and "Nobody died." in t
    assert '<details class="evidence">' in t
    assert 'href="/articles/a-wire?start=0&amp;end=' in t
    assert '<svg class="graph"' in t and "two sources familiar with the matter" in t
    assert '<svg class="bars"' in t and "panic" in t
    assert "javascript:alert" not in t  # the unsafe URL is not linked
    # quotes grouped as in the dossiers: the one direct quote under "In their own words"
    direct = t[t.index("In their own words") : t.index("</table>", t.index('id="quotes-direct"'))]
    assert "Hana Ostrova" in direct and "“a precaution”" in direct
    assert 'id="quotes-reported"' not in t and 'id="quotes-other"' not in t
    j = client.get("/stories/s-fire.json").json()
    assert (
        j["summary"]["consensus"] == 1
        and j["summary"]["conflicts"] == 1
        and j["summary"]["unique"] == 1
    )
    sent = next(o for o in j["outlets"] if o["name"] == "The Estmark Sentinel")
    assert sent["articles"][0]["url"] is None
    wire = next(o for o in j["outlets"] if o["name"] == "Meridian Wire")
    assert wire["sourcing"]["named"] == 1 and wire["sourcing_share"]["named"] == 1.0
    assert (
        j["conflicts"][0]["by_outlet"]["The Estmark Sentinel"][0]["value"]
        == "As many as 8,000 people"
    )
    edges = {(e["source"], e["target"], e["kind"]) for e in j["graph"]["edges"]}
    assert ("o:estmark-sentinel", "o:meridian-wire", "cites") in edges
    assert any(k == "relays" for _, _, k in edges)
    assert j["quotes"][0]["speaker"] == "Hana Ostrova" and j["quotes"][0]["group"] == "direct"
    # a relative date the timeline could not place is listed with its sentence and a link
    when = t[t.index("What happened when") :]
    assert "Not placed" in when and "“last week”" in when and "The plant had passed an inspection last week." in when
    assert j["unplaced"] == [{"phrase": "last week", "outlet": "The Estmark Sentinel",
                              "sentence": "The plant had passed an inspection last week.",
                              "href": f"/articles/a-sent?start={(i := B_TEXT.index('The plant'))}&end={len(B_TEXT)}#s-{i}"}]


def test_story_prefix_and_missing(client: TestClient) -> None:
    assert client.get("/stories/s-fi.json").json()["id"] == "s-fire"
    assert_error(client.get("/stories/nope.json"), 404, "not-found")
    assert_error(client.get("/stories/s-.json"), 400, "usage")  # ambiguous prefix
    r = client.get("/stories/nope", headers=HTML)
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]


def test_story_without_dossier_still_renders(client: TestClient) -> None:
    r = client.get("/stories/s-lind", headers=HTML)
    assert r.status_code == 200 and "no dossier yet" in r.text
    assert_error(client.get("/api/stories/s-lind"), 404, "not-found")


# -- article ----------------------------------------------------------------------------


def test_article_page_highlights_by_offsets_and_escapes(client: TestClient) -> None:
    r = client.get("/articles/a-wire?start=0&end=62", headers=HTML)
    assert r.status_code == 200
    t = r.text
    assert "<script>alert('x')</script>" not in t
    assert "&lt;script&gt;" in t
    assert 'id="s-0"' in t and 'class="sent"' in t
    assert re.search(r'<span class="[^"]*\bspeaker\b[^"]*"[^>]*>Hana Ostrova</span>', t)
    assert re.search(r'<span class="[^"]*\bquote\b[^"]*"[^>]*>a precaution</span>', t)
    assert re.search(r'<span class="[^"]*\bcue\b[^"]*"[^>]*>said</span>', t)
    assert 'class="evidence"' in t or "evidence" in t
    assert 'href="https://meridian.example/fire"' in t
    plain = re.sub(
        r"<[^>]+>", "", t[t.index('class="article-text"') :].split(">", 1)[1].split("</div>")[0]
    )
    import html as _html

    assert _html.unescape(plain) == A_TEXT  # highlighting never changes the text
    j = client.get("/articles/a-wire.json").json()
    assert j["article"]["id"] == "a-wire" and j["story_id"] == "s-fire"
    assert j["counts"]["quotes"] == 1 and j["analysis"]["quotes"][0]["speaker"] == "Hana Ostrova"


def test_article_citation_and_unsafe_link(client: TestClient) -> None:
    t = client.get("/articles/a-sent", headers=HTML).text
    assert re.search(r'<span class="[^"]*\bcite\b[^"]*"[^>]*>Meridian Wire</span>', t)
    assert "javascript:" not in t
    assert_error(client.get("/articles/none.json"), 404, "not-found")


def test_article_without_analysis(client: TestClient) -> None:
    r = client.get("/articles/a-lind", headers=HTML)
    assert r.status_code == 200 and "not been analysed" in r.text and C_TEXT in r.text


# -- outlets ----------------------------------------------------------------------------


def test_outlet_pages(client: TestClient) -> None:
    lst = client.get("/outlets.json").json()["outlets"]
    assert {o["slug"] for o in lst} == {"meridian-wire", "the-estmark-sentinel", "lindmoor-gazette"}
    j = client.get("/outlets/meridian-wire.json").json()
    assert j["name"] == "Meridian Wire"
    assert [s["id"] for s in j["stories"]] == ["s-fire"]
    assert j["sourcing"]["named"] == 1
    assert j["terms"][0]["term"] == "precaution"
    assert j["cited_by"] == [{"name": "The Estmark Sentinel", "count": 1}]
    assert client.get("/outlets/Meridian Wire.json").json()["slug"] == "meridian-wire"
    r = client.get("/outlets/meridian-wire", headers=HTML)
    assert (
        r.status_code == 200 and "Sourcing profile" in r.text and 'href="/stories/s-fire"' in r.text
    )
    assert client.get("/outlets", headers=HTML).status_code == 200
    assert_error(client.get("/outlets/nobody.json"), 404, "not-found")


# -- API --------------------------------------------------------------------------------


def test_api_reads(client: TestClient) -> None:
    d = StoryDossier.model_validate(client.get("/api/stories/s-fire").json())
    assert d == _dossier()
    assert client.get("/api/stories?sort=coverage").json()["stories"][0]["id"] == "s-fire"
    art = client.get("/api/articles/a-wire").json()
    assert art["article"]["text"] == A_TEXT and art["story_id"] == "s-fire"
    assert art["analysis"]["article_id"] == "a-wire"
    assert client.get("/api/outlets").json()["outlets"]
    assert client.get("/api/outlets/meridian-wire").json()["name"] == "Meridian Wire"
    s = client.get("/api/search?q=library&limit=5").json()
    assert s["hits"][0]["article_id"] == "a-lind" and s["hits"][0]["story_id"] == "s-lind"
    assert client.get("/api/health").json()["articles"] == 3


def test_openapi_lists_the_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/articles/{article_id}",
        "/api/outlets",
        "/api/outlets/{outlet}",
        "/api/search",
        "/api/ingest",
        "/stories.json",
        "/stories/{story_id}.json",
    ):
        assert path in spec["paths"], path
    assert "application/x-ndjson" in spec["paths"]["/api/ingest"]["post"]["requestBody"]["content"]
    assert client.get("/docs").status_code == 404  # no CDN-based Swagger UI


# -- error shape ------------------------------------------------------------------------


def test_error_shape_404_405_422(client: TestClient) -> None:
    assert_error(client.get("/api/nothing"), 404, "not-found")
    assert_error(client.get("/nothing.json"), 404, "not-found")
    assert_error(client.post("/api/stories"), 405, "method-not-allowed")
    assert_error(client.get("/api/search"), 422, "invalid")
    assert_error(client.get("/stories.json?page=0"), 422, "invalid")
    assert_error(client.get("/stories.json?since=yesterday"), 422, "invalid")
    assert_error(client.get("/stories.json?sort=best"), 422, "invalid")
    assert_error(client.post("/api/ingest", json={"urls": "not a list"}), 422, "invalid")
    assert_error(client.post("/api/ingest", json={"bogus": 1}), 422, "invalid")
    assert_error(client.post("/api/ingest", json={}), 422, "invalid")
    assert_error(
        client.post("/api/ingest", content=b"{", headers={"content-type": "application/json"}), 422
    )
    assert_error(
        client.post("/api/ingest", content=b"x", headers={"content-type": "image/png"}), 422
    )


def test_error_500(settings: Settings, store: Store) -> None:
    class Broken:
        def __getattr__(self, name: str):
            return getattr(store, name)

        def get_story(self, _id: str):
            raise RuntimeError("boom")

    app = create_app(settings, store=Broken(), api_token="")
    c = TestClient(app, base_url=LOCAL, raise_server_exceptions=False)
    r = c.get("/stories/s-fire.json")
    body = assert_error(r, 500, "internal")
    assert "boom" not in body["error"]["message"]  # no internals leak
    assert r.headers["content-security-policy"].startswith("default-src 'self'")
    html = c.get("/stories/s-fire", headers=HTML)
    assert html.status_code == 500 and "text/html" in html.headers["content-type"]


def test_error_413_body_limit(db_url: str, store: Store) -> None:
    small = Settings(db=db_url, max_bytes=100)
    c = TestClient(create_app(small, store=store, api_token=""), base_url=LOCAL)
    assert_error(
        c.post("/api/ingest", content=b"x" * 500, headers={"content-type": "text/plain"}),
        413,
        "too-large",
    )

    def chunks():
        for _ in range(10):
            yield b"y" * 50

    assert_error(
        c.post("/api/ingest", content=chunks(), headers={"content-type": "text/plain"}),
        413,
        "too-large",
    )


# -- write access -----------------------------------------------------------------------


def test_writes_need_the_token_when_set(settings: Settings, store: Store) -> None:
    c = TestClient(create_app(settings, store=store, api_token="s3cret"), base_url=LOCAL)
    body = {"urls": ["http://127.0.0.1:9/x"]}
    assert_error(c.post("/api/ingest", json=body), 401, "unauthorized")
    assert_error(
        c.post("/api/ingest", json=body, headers={"authorization": "Bearer nope"}),
        401,
        "unauthorized",
    )
    ok = c.post("/api/ingest", json=body, headers={"authorization": "Bearer s3cret"})
    assert ok.status_code == 200, ok.text
    ok2 = c.post("/api/ingest", json=body, headers={"x-api-token": "s3cret"})
    assert ok2.status_code == 200


def test_writes_refused_off_loopback_without_token(settings: Settings, store: Store) -> None:
    c = TestClient(create_app(settings, store=store, api_token="", host="0.0.0.0"), base_url=LOCAL)
    assert_error(
        c.post("/api/ingest", json={"urls": ["http://127.0.0.1:9/"]}), 403, "writes-disabled"
    )
    assert "Ingest is disabled" in c.get("/ingest", headers=HTML).text


def test_loopback_writes_need_a_loopback_host(client: TestClient) -> None:
    r = client.post(
        "/api/ingest", json={"urls": ["http://127.0.0.1:9/"]}, headers={"host": "evil.example"}
    )
    assert_error(r, 403, "bad-host")


def test_url_ingest_blocks_private_addresses(client: TestClient) -> None:
    r = client.post("/api/ingest", json={"urls": ["http://127.0.0.1:9/private"]})
    assert r.status_code == 200, r.text
    (d,) = r.json()["dispositions"]
    assert d["status"] == "skipped" and "blocked" in d["reason"]


def _csrf(client: TestClient) -> str:
    m = re.search(r'name="csrf" value="([0-9a-f]+)"', client.get("/ingest", headers=HTML).text)
    assert m
    return m.group(1)


def test_ingest_form_csrf_and_origin(client: TestClient) -> None:
    data = {"urls": "http://127.0.0.1:9/x"}
    r = client.post("/ingest", data=data, headers=HTML)
    assert r.status_code == 403 and "CSRF" in r.text
    token = _csrf(client)
    r = client.post(
        "/ingest", data={**data, "csrf": token}, headers={**HTML, "origin": "https://evil.example"}
    )
    assert r.status_code == 403 and "another origin" in r.text
    r = client.post(
        "/ingest", data={**data, "csrf": token}, headers={**HTML, "origin": "http://[broken"}
    )
    assert r.status_code == 403 and "another origin" in r.text
    r = client.post(
        "/ingest", data={**data, "csrf": token}, headers={**HTML, "sec-fetch-site": "cross-site"}
    )
    assert r.status_code == 403
    r = client.post("/ingest", data={**data, "csrf": token}, headers={**HTML, "origin": LOCAL})
    assert r.status_code == 200 and "skipped" in r.text
    r = client.post("/ingest", data={"csrf": token}, headers=HTML)
    assert r.status_code == 422 and "Nothing to ingest" in r.text


def test_ingest_form_asks_for_the_token_when_set(settings: Settings, store: Store) -> None:
    c = TestClient(create_app(settings, store=store, api_token="s3cret"), base_url=LOCAL)
    page = c.get("/ingest", headers=HTML).text
    assert 'name="token"' in page
    token = _csrf(c)
    r = c.post(
        "/ingest", data={"urls": "http://127.0.0.1:9/", "csrf": token, "token": "bad"}, headers=HTML
    )
    assert r.status_code == 401
    r = c.post(
        "/ingest",
        data={"urls": "http://127.0.0.1:9/", "csrf": token, "token": "s3cret"},
        headers=HTML,
    )
    assert r.status_code == 200


# -- safety -----------------------------------------------------------------------------

PAGES = [
    "/",
    "/?q=fire",
    "/stories/s-fire",
    "/stories/s-lind",
    "/articles/a-wire",
    "/articles/a-sent",
    "/outlets",
    "/outlets/meridian-wire",
    "/ingest",
    "/nothing",
]


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_strict_headers_and_no_inline_code(client: TestClient, path: str) -> None:
    r = client.get(path, headers=HTML)
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    for tag in re.findall(r"<script\b[^>]*>", r.text, re.I):
        assert "src=" in tag  # no inline scripts
    assert not re.search(r"<script\b[^>]*>\s*[^<\s]", r.text)
    assert not re.search(r"\son[a-z]+\s*=", r.text, re.I)  # no inline event handlers
    assert not re.search(r"\sstyle\s*=", r.text, re.I)  # CSP forbids inline styles
    assert "javascript:" not in r.text


def test_static_assets_are_served(client: TestClient) -> None:
    css = client.get("/static/style.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    js = client.get("/static/app.js")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"]
    assert js.headers["x-content-type-options"] == "nosniff"


def test_no_open_redirects(client: TestClient) -> None:
    for path in ("//evil.example", "/ingest?next=https://evil.example", "/?next=//evil.example"):
        r = client.get(path, follow_redirects=False, headers=HTML)
        assert r.status_code not in (301, 302, 303, 307, 308)


def test_templates_exist_for_package_data() -> None:
    here = Path(__file__).resolve().parents[1] / "src" / "newsprism" / "web"
    assert {
        "base.j2",
        "stories.j2",
        "story.j2",
        "article.j2",
        "outlet.j2",
        "ingest.j2",
        "error.j2",
    } <= {p.name for p in (here / "templates").iterdir()}
