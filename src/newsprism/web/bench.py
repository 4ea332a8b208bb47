"""Server-side render times of the web pages with many stored articles.

``run_web_bench(settings, n_articles)`` fills ``settings.db`` (which should be a new,
empty database) with synthetic articles and stories, then times in-process requests
(routing, view, template; no network): one story page of 50 articles with a full dossier,
and the stories list (recent, by coverage, filtered by outlet, full-text search, JSON).
Targets: story page < 200 ms, list < 100 ms at 100k articles.

The articles, story memberships and dossiers are written in bulk, in one transaction per
chunk, through the store's own tables (the public ``upsert_article`` would take minutes
for 100k articles); the 50-article story goes through ``save_story`` like the pipeline.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from ..errors import UsageError
from ..ids import slug
from ..models import (
    Article,
    ArticleRef,
    Citation,
    ConflictValue,
    Entity,
    Evidence,
    Fact,
    Framing,
    FramingTerm,
    Quote,
    Span,
    Story,
    StoryDossier,
)
from ..settings import Settings

__all__ = ["run_web_bench"]

_WORDS = (
    "fire plant minister council harbour evacuation residents police budget vote library "
    "company shares market inspection report union workers ferry strike port storm flood "
    "election court ruling hospital school energy prices river bridge rail airport"
).split()
_KINDS = ("named", "anonymous", "organization", "outlet", "unknown")


def _text(rng: random.Random, n_words: int) -> str:
    sents: list[str] = []
    while sum(len(s.split()) for s in sents) < n_words:
        words = rng.choices(_WORDS, k=rng.randint(8, 18))
        sents.append(" ".join(words).capitalize() + ".")
    return " ".join(sents)


def _timed(fn: Any, repeat: int) -> dict[str, float]:
    fn()  # warm up (template compile, caches)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return {"median_ms": round(statistics.median(times), 2), "max_ms": round(max(times), 2)}


def _big_dossier(story_id: str, arts: list[Article], rng: random.Random) -> StoryDossier:
    refs = [ArticleRef.of(a) for a in arts]
    ids = [a.id for a in arts]
    outlet = {a.id: a.outlet for a in arts}

    def ev(aid: str) -> Evidence:
        return Evidence(
            article_id=aid, sentence=arts[0].text[:120], start=0, end=120, outlet=outlet[aid]
        )

    facts = []
    for i in range(30):
        members = rng.sample(ids, 10)
        facts.append(
            Fact(
                id=f"c{i}",
                kind="consensus",
                summary=_text(rng, 20),
                articles=members,
                evidence=[ev(a) for a in members],
                independent=6,
            )
        )
    for i in range(10):
        members = rng.sample(ids, 4)
        facts.append(
            Fact(
                id=f"x{i}",
                kind="conflict",
                summary=_text(rng, 15),
                topic="people",
                articles=members,
                evidence=[ev(a) for a in members],
                values=[
                    ConflictValue(
                        article_id=a,
                        value=f"{rng.randint(1, 9)},000 people",
                        sentence=_text(rng, 15),
                        outlet=outlet[a],
                    )
                    for a in members
                ],
            )
        )
    for i in range(100):
        a = rng.choice(ids)
        facts.append(
            Fact(id=f"u{i}", kind="unique", summary=_text(rng, 18), articles=[a], evidence=[ev(a)])
        )
    quotes = [
        Quote(
            id=f"q{i}",
            article_id=(a := rng.choice(ids)),
            text=_text(rng, 14),
            content=Span(start=0, end=50),
            direct=bool(i % 2),
            speaker=f"Speaker {i % 40}",
            speaker_kind=_KINDS[i % 5],  # type: ignore[arg-type]
            cue="said",
        )
        for i in range(300)
    ]
    names = sorted({o for o in outlet.values() if o})
    citations = [
        Citation(
            article_id=rng.choice(ids),
            cited=rng.choice(names),
            cue="reported",
            span=Span(start=0, end=10),
            sentence=_text(rng, 12),
            relays="sources" if i % 5 == 0 else None,
        )
        for i in range(40)
    ]
    framing = [
        Framing(
            article_id=a,
            outlet=outlet[a],
            terms=[
                FramingTerm(term=w, score=round(rng.random() * 2, 3))
                for w in rng.sample(_WORDS, 12)
            ],
            loaded=rng.sample(_WORDS, 2),
        )
        for a in ids
    ]
    entities = [
        Entity(
            id=f"e{i}",
            name=f"Entity {i}",
            type="PERSON",
            articles=rng.sample(ids, 5),
            outlets=rng.sample(names, min(3, len(names))),
        )
        for i in range(50)
    ]
    return StoryDossier(
        id=story_id,
        title="Fifty-article benchmark story",
        articles=refs,
        entities=entities,
        quotes=quotes,
        citations=citations,
        facts=facts,
        framing=framing,
    )


def _fill(store: Any, n_articles: int, rng: random.Random) -> tuple[str, str]:
    from sqlalchemy import insert

    from ..store import search as fts
    from ..store.schema import articles, dossiers, outlets, stories, story_articles

    engine = store._engine
    base = datetime(2024, 1, 1, tzinfo=UTC)
    outlet_names = [f"Bench Outlet {i}" for i in range(200)]
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(
            insert(outlets), [{"id": slug(o), "name": o, "domain": None} for o in outlet_names]
        )
    chunk = 5000
    made = 0
    story_no = 0
    while made < n_articles:
        n = min(chunk, n_articles - made)
        batch = [
            Article(
                id=f"b{made + i:08d}",
                title=_text(rng, 8)[:90],
                text=_text(rng, 90),
                outlet=outlet_names[(made + i) % len(outlet_names)],
                url=f"https://bench.example/{made + i}",
                published=base + timedelta(minutes=made + i),
                source="bench",
                content_hash=f"{made + i:064x}",
            )
            for i in range(n)
        ]
        with engine.begin() as conn:
            conn.execute(
                insert(articles),
                [{**a.model_dump(), "created_at": now, "updated_at": now} for a in batch],
            )
            if store.search_backend == "fts5":
                for a in batch:
                    fts.index_article(conn, a)
            # group this chunk into stories of 1-10 articles, each with a small dossier
            rows_s, rows_m, rows_d = [], [], []
            i = 0
            while i < n:
                size = min(rng.randint(1, 10), n - i)
                members = batch[i : i + size]
                sid = f"s{story_no:08d}"
                story_no += 1
                rows_s.append(
                    {
                        "id": sid,
                        "title": members[0].title,
                        "first_seen": members[0].published,
                        "last_seen": members[-1].published,
                        "updated_at": now,
                    }
                )
                rows_m += [
                    {"story_id": sid, "article_id": a.id, "position": k}
                    for k, a in enumerate(members)
                ]
                d = StoryDossier(
                    id=sid,
                    title=members[0].title,
                    articles=[
                        ArticleRef(
                            id=a.id,
                            outlet=a.outlet,
                            title=a.title,
                            published=a.published,
                            source=a.source,
                            text="",
                        )
                        for a in members
                    ],
                    facts=[
                        Fact(
                            id=f"{sid}-{k}",
                            kind="conflict" if k == 0 and size > 2 else "unique",
                            summary="x",
                            articles=[members[0].id],
                            evidence=[],
                        )
                        for k in range(3)
                    ],
                )
                rows_d.append({"story_id": sid, "data": d.model_dump_json(), "updated_at": now})
                i += size
            conn.execute(insert(stories), rows_s)
            conn.execute(insert(story_articles), rows_m)
            conn.execute(insert(dossiers), rows_d)
        made += n
    # the measured story: 50 of the stored articles, re-grouped with a full dossier
    step = max(1, n_articles // 50)
    big = store.articles([f"b{i:08d}" for i in range(0, n_articles, step)][:50])
    story = Story(
        id="s-bench-50",
        title="Fifty-article benchmark story",
        article_ids=[a.id for a in big],
        first_seen=big[0].published,
        last_seen=big[-1].published,
    )
    store.save_story(story, _big_dossier(story.id, big, rng))
    return story.id, slug(outlet_names[0])


def run_web_bench(
    settings: Settings, n_articles: int = 100_000, repeat: int = 15, seed: int = 7
) -> dict[str, Any]:
    """Fill ``settings.db`` with ``n_articles`` synthetic articles, time the pages, print
    one JSON line and return the figures (milliseconds)."""
    from fastapi.testclient import TestClient

    from ..store import Store
    from .app import create_app

    if n_articles < 50:
        raise UsageError("the web benchmark needs at least 50 articles (one 50-article story)")
    rng = random.Random(seed)
    store = Store(settings.db)
    try:
        if store.count_articles():
            raise UsageError(f"{settings.db} is not empty; the web benchmark needs a new database")
        t0 = time.perf_counter()
        story_id, outlet = _fill(store, n_articles, rng)
        fill_s = time.perf_counter() - t0
        app = create_app(settings, store=store, api_token="")
        client = TestClient(app, base_url="http://127.0.0.1")
        html = {"accept": "text/html"}

        def get(path: str, headers: dict[str, str] | None = None) -> Any:
            def run() -> None:
                r = client.get(path, headers=headers or {})
                if r.status_code != 200:
                    raise RuntimeError(f"GET {path}: {r.status_code} {r.text[:200]}")

            return run

        result: dict[str, Any] = {
            "bench": "web",
            "articles": store.count_articles(),
            "stories": None,
            "fill_s": round(fill_s, 1),
            "story_page_50": _timed(get(f"/stories/{story_id}", html), repeat),
            "story_json_50": _timed(get(f"/stories/{story_id}.json"), repeat),
            "list_recent": _timed(get("/", html), repeat),
            "list_coverage": _timed(get("/?sort=coverage", html), repeat),
            "list_outlet": _timed(get(f"/?outlet={outlet}", html), repeat),
            "list_search": _timed(get("/?q=harbour+ferry", html), repeat),
            "list_json": _timed(get("/stories.json"), repeat),
        }
        result["stories"] = client.get("/stories.json").json()["total"]
        result["targets_met"] = {
            "story_page_lt_200ms": result["story_page_50"]["median_ms"] < 200,
            "list_lt_100ms": result["list_recent"]["median_ms"] < 100,
        }
    finally:
        store.close()
    sys.stdout.write(json.dumps(result) + "\n")
    return result


if __name__ == "__main__":  # python -m newsprism.web.bench [DB_URL] [N]
    url = sys.argv[1] if len(sys.argv) > 1 else "sqlite:///web-bench.db"
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    run_web_bench(Settings(db=url), n_articles=n)
