"""The web app over a store filled by the real pipeline from the bundled demo corpus."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from newsprism.pipeline import DEMO_CORPUS, analyze  # noqa: E402
from newsprism.settings import Settings  # noqa: E402
from newsprism.store import Store  # noqa: E402
from newsprism.web import create_app  # noqa: E402

pytestmark = pytest.mark.model

LOCAL = "http://127.0.0.1"
HTML = {"accept": "text/html"}


def demo_sources() -> list[str]:
    return [
        str(p) for p in sorted(DEMO_CORPUS.iterdir()) if p.suffix in (".txt", ".html", ".jsonl")
    ]


def build_demo_db(path: Path) -> Settings:
    settings = Settings(db=f"sqlite:///{path}", aliases=str(DEMO_CORPUS / "aliases.json"))
    with Store(settings.db) as store:
        report = analyze(demo_sources(), settings, store)
    assert all(d.status == "ingested" for d in report.dispositions), report.dispositions
    return settings


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Store, TestClient]:
    settings = build_demo_db(tmp_path_factory.mktemp("web-demo") / "demo.db")
    store = Store(settings.db)
    client = TestClient(create_app(settings, store=store, api_token=""), base_url=LOCAL)
    yield settings, store, client
    store.close()


def _kleppa(client: TestClient) -> dict:
    stories = client.get("/stories.json?sort=coverage").json()["stories"]
    top = stories[0]
    assert top["articles"] == 5
    return top


def test_demo_stories_list(demo) -> None:
    _, _, client = demo
    j = client.get("/stories.json").json()
    assert j["total"] == 2
    top = _kleppa(client)
    assert len(top["outlets"]) == 5
    assert top["conflicts"] >= 1
    html = client.get("/", headers=HTML).text
    assert top["title"] in html


def test_demo_story_page(demo) -> None:
    _, _, client = demo
    sid = _kleppa(client)["id"]
    j = client.get(f"/stories/{sid}.json").json()
    assert j["summary"]["outlets"] == 5
    assert j["consensus"] and j["conflicts"] and j["unique"]
    values = {v["value"] for f in j["conflicts"] for v in f["values"]}
    assert any("8,000" in v for v in values)
    assert len(j["outlets"]) == 5 and all(o["articles"] for o in j["outlets"])
    assert j["graph"]["edges"], "the demo corpus has citations"
    assert j["graph"]["origins"] == ["Varnholm Courier"]  # the dossier's graph, shared drawer
    html = client.get(f"/stories/{sid}", headers=HTML).text
    assert "Original source (cited" in html and 'class="node outlet original"' in html
    assert "8,000" in html and 'class="fact consensus"' in html and 'class="fact conflict"' in html


def test_demo_evidence_links_land_on_an_anchor(demo) -> None:
    _, _, client = demo
    sid = _kleppa(client)["id"]
    j = client.get(f"/stories/{sid}.json").json()
    links = [e["href"] for f in j["consensus"] + j["conflicts"] for e in f["evidence"]]
    links += [q["href"] for q in j["quotes"][:20]]
    assert links
    for href in links:
        path, _, anchor = href.partition("#")
        page = client.get(path, headers=HTML)
        assert page.status_code == 200, href
        assert f'id="{anchor}"' in page.text, href


def test_demo_article_pages_keep_the_text(demo) -> None:
    import html as _html

    _, store, client = demo
    for a in store.articles():
        t = client.get(f"/articles/{a.id}", headers=HTML).text
        body = t[t.index('class="article-text"') :].split(">", 1)[1]
        body = body[: body.index("</div>")]
        assert _html.unescape(re.sub(r"<[^>]+>", "", body)) == a.text


def test_demo_outlets(demo) -> None:
    _, _, client = demo
    outlets = client.get("/outlets.json").json()["outlets"]
    assert len(outlets) == 6
    for o in outlets:
        r = client.get(f"/outlets/{o['slug']}.json")
        assert r.status_code == 200, o
        assert r.json()["articles"]
        assert client.get(f"/outlets/{o['slug']}", headers=HTML).status_code == 200


def test_demo_api_ingest_text_and_jsonl(demo) -> None:
    _, _, client = demo
    text = (
        "Harbour ferry strike called off\n\n"
        "Ferry workers in Varnholm called off a planned strike on Friday after the port "
        "operator agreed to a new pay offer, union leader Tove Rask said. Services to the "
        "island of Skarvoy will run as normal, the operator said."
    )
    r = client.post(
        "/api/ingest",
        json={
            "text": text,
            "title": "Harbour ferry strike called off",
            "outlet": "Skarvoy Post",
            "published": "2025-04-02T09:00:00+01:00",
        },
    )
    assert r.status_code == 200, r.text
    res = r.json()
    assert [d["status"] for d in res["dispositions"]] == ["ingested"]
    assert res["dispositions"][0]["source"] == "pasted text"
    assert res["stories"]
    titles = [s["title"] for s in client.get("/stories.json").json()["stories"]]
    assert "Harbour ferry strike called off" in titles
    assert client.get("/api/search?q=Skarvoy").json()["hits"]

    rec = {
        "title": "Lindmoor opens library",
        "text": "The new Lindmoor library opened on Monday "
        "with a reading by the mayor, who said the town had waited ten years for it.",
        "outlet": "Lindmoor Gazette",
        "url": "https://lindmoor.example/library-opens",
    }
    r = client.post(
        "/api/ingest",
        content=json.dumps(rec).encode() + b"\n",
        headers={"content-type": "application/x-ndjson"},
    )
    assert r.status_code == 200, r.text
    assert r.json()["counts"] == {"ingested": 1}
    again = client.post("/api/ingest", json={"records": [rec]})
    assert again.json()["counts"] == {"unchanged": 1}


def test_demo_form_ingest(demo) -> None:
    _, _, client = demo
    page = client.get("/ingest", headers=HTML).text
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
    body = (
        "Varnholm lifts boil-water notice\n\nThe city of Varnholm lifted its boil-water notice "
        "on Saturday after tests came back clean, the water board said."
    )
    r = client.post(
        "/ingest",
        data={"csrf": csrf, "text": body, "outlet": "Varnholm Courier"},
        files=[("files", ("note.txt", b"", "text/plain"))],
        headers={**HTML, "origin": LOCAL},
    )
    assert r.status_code == 200, r.text
    assert "ingested" in r.text and "pasted text" in r.text
    assert "Varnholm lifts boil-water notice" in client.get("/", headers=HTML).text
