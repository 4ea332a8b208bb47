"""Real-browser tests: uvicorn on 127.0.0.1 (a free port) in a thread, Debian's Chromium
driven by Playwright, the store filled from the demo corpus by the real pipeline.

Skipped cleanly when /usr/bin/chromium or playwright is missing. Screenshots go to
``test-artifacts/`` (gitignored).
"""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.model]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")

from newsprism.pipeline import DEMO_CORPUS, analyze  # noqa: E402
from newsprism.settings import Settings  # noqa: E402
from newsprism.store import Store  # noqa: E402
from newsprism.web import create_app  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("browser") / "demo.db"
    settings = Settings(db=f"sqlite:///{db}", aliases=str(DEMO_CORPUS / "aliases.json"))
    sources = [
        str(p) for p in sorted(DEMO_CORPUS.iterdir()) if p.suffix in (".txt", ".html", ".jsonl")
    ]
    with Store(settings.db) as store:
        analyze(sources, settings, store)
    port = _free_port()
    app = create_app(settings, host="127.0.0.1", api_token="")
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser, request: pytest.FixtureRequest) -> Iterator[object]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on(
        "console",
        lambda m: (
            errors.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None
        ),
    )
    pg.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    pg.errors = errors  # type: ignore[attr-defined]
    yield pg
    ctx.close()
    assert not errors, errors  # no console errors (a CSP violation is one)


def shot(pg, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_read_a_story_end_to_end(page, base_url: str) -> None:
    pg = page
    pg.goto(base_url + "/")
    rows = pg.locator("table.stories tbody tr")
    assert rows.count() == 2
    shot(pg, "01-stories")

    pg.fill("#q", "Ostrova")
    pg.click(".filters button[type=submit]")
    pg.wait_for_url(re.compile(r"q=Ostrova"))
    assert pg.locator(".hit-list li").count() >= 4
    assert pg.locator("table.stories tbody tr").count() == 1
    shot(pg, "02-search")

    pg.locator("a.story-link").first.click()
    pg.wait_for_url(re.compile(r"/stories/s"))
    assert pg.locator(".outlet-col").count() == 5
    conflict = pg.locator(".fact.conflict").first
    assert conflict.is_visible()
    assert pg.locator(".fact.consensus").count() >= 1
    # the conflict panel is highlighted (red border), consensus green
    colour = conflict.evaluate("e => getComputedStyle(e).borderLeftColor")
    assert colour == "rgb(179, 38, 30)"
    assert pg.locator("svg.graph").is_visible()
    shot(pg, "03-story")

    first = pg.locator(".fact.consensus details.evidence").first
    first.locator("summary").click()
    link = first.locator("a.ev-link").first
    assert link.is_visible()
    link.click()
    pg.wait_for_url(re.compile(r"/articles/a[0-9a-f]+\?start=\d+.*#s-\d+"))
    anchor = pg.url.split("#", 1)[1]
    target = pg.locator(f"#{anchor}")
    assert target.is_visible()
    assert pg.evaluate("document.querySelector(':target') !== null")
    assert pg.locator(".article-text .evidence").count() >= 1
    shot(pg, "04-evidence")

    pg.locator("article.article p.muted a").first.click()
    pg.wait_for_url(re.compile(r"/outlets/"))
    assert pg.locator("h1").inner_text()
    assert pg.locator("svg.stack").count() == 1
    shot(pg, "05-outlet")


def test_evidence_toggle_and_quote_filter(page, base_url: str) -> None:
    pg = page
    pg.goto(base_url + "/?sort=coverage")
    pg.locator("a.story-link").first.click()
    pg.wait_for_url(re.compile(r"/stories/s"))
    pg.click("button.toggle-evidence")
    assert pg.locator("details.evidence:not([open])").count() == 0
    pg.click("button.toggle-evidence")
    assert pg.locator("details.evidence[open]").count() == 0
    outlet = pg.locator("#quote-filter option").nth(1).get_attribute("value")
    pg.select_option("#quote-filter", outlet)
    visible = pg.locator("table.quotes tbody tr:visible")
    assert visible.count() >= 1
    assert set(visible.evaluate_all("rs => rs.map(r => r.dataset.outlet)")) == {outlet}


def test_ingest_pasted_article(page, base_url: str) -> None:
    pg = page
    pg.goto(base_url + "/ingest")
    pg.fill(
        "#text",
        "Skarvoy ferry strike called off\n\nFerry workers on Skarvoy called off a strike "
        "on Friday after the operator agreed to a pay offer, union leader Tove Rask said.",
    )
    pg.fill("#title", "Skarvoy ferry strike called off")
    pg.fill("#outlet-in", "Skarvoy Post")
    pg.click("form.ingest button[type=submit]")
    pg.wait_for_selector(".result")
    assert "ingested" in pg.locator(".result").inner_text()
    shot(pg, "06-ingest")
    pg.goto(base_url + "/")
    assert pg.get_by_role("link", name="Skarvoy ferry strike called off").is_visible()


def test_phone_width_and_keyboard(browser, base_url: str) -> None:
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        for path, name in (("/", "07-phone-stories"), ("/?sort=coverage", None)):
            pg.goto(base_url + path)
            overflow = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{path} scrolls sideways by {overflow}px"
            if name:
                shot(pg, name)
        pg.locator("a.story-link").first.click()
        pg.wait_for_url(re.compile(r"/stories/s"))
        overflow = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"story page scrolls sideways by {overflow}px"
        shot(pg, "08-phone-story")
        pg.keyboard.press("Tab")
        focused = pg.evaluate("document.activeElement.className")
        assert focused == "skip"
        assert pg.locator("a.skip").is_visible()
    finally:
        ctx.close()
    assert not errors, errors
