"""The JSON API under ``/api`` and the ingest runner shared with the HTML form.

Reads: stories (filtered like the stories page), a story's dossier, an article with its
analysis, outlets, search. Write: ``POST /api/ingest`` of URLs, pasted text or JSONL
records, guarded by :class:`~newsprism.web.security.WriteGuard`.
"""

from __future__ import annotations

import io
import json
import logging
import threading
from collections.abc import Sequence
from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import NotFound
from ..models import Article, ArticleAnalysis, StoryDossier
from ..pipeline import RunReport, assign_stories, ingest, parse_overrides, story_dossiers
from . import views
from .views import Web

__all__ = ["router", "IngestRequest", "run_ingest", "web_of", "date_param"]

log = logging.getLogger(__name__)

router = APIRouter(prefix="/api", tags=["api"])

_INGEST_LOCK = threading.Lock()  # one ingest at a time per process: spaCy and SQLite writes


def date_param(value: str, name: str) -> date | None:
    """An optional ``YYYY-MM-DD`` query parameter ('' = not given, as an empty form field)."""
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise RequestValidationError(
            [
                {
                    "loc": ["query", name],
                    "type": "date_from_datetime_parsing",
                    "msg": f"{value!r} is not a date (YYYY-MM-DD)",
                }
            ]
        ) from None


def web_of(request: Request) -> Web:
    return request.app.state.web  # type: ignore[no-any-return]


class IngestRequest(BaseModel):
    """What to ingest: URLs to fetch, one pasted article (with optional metadata), and/or
    JSONL records (each ``{"title", "text", "outlet", "published", "url", "author"}``)."""

    model_config = ConfigDict(extra="forbid")

    urls: list[str] = Field(
        default_factory=list, max_length=100, description="http(s) URLs to fetch"
    )
    text: str | None = Field(None, description="one article pasted as plain text or HTML")
    title: str | None = Field(None, description="title of the pasted article")
    outlet: str | None = Field(None, description="outlet of the pasted article")
    published: str | None = Field(None, description="publication time of the pasted article")
    author: str | None = Field(None, description="author of the pasted article")
    url: str | None = Field(None, description="original URL of the pasted article")
    records: list[dict[str, Any]] = Field(
        default_factory=list, description="JSONL records as objects"
    )


class IngestResult(BaseModel):
    dispositions: list[dict[str, Any]]
    counts: dict[str, int]
    stories: list[dict[str, Any]]
    timings: dict[str, float]


def run_ingest(
    web: Web,
    *,
    urls: Sequence[str] = (),
    text: str | None = None,
    meta: dict[str, str | None] | None = None,
    files: Sequence[tuple[str, bytes]] = (),
) -> dict[str, Any]:
    """Ingest everything given, place the new articles in stories (online clusterer, with
    the stored stories), analyse them and rebuild their stories' dossiers. Every item gets
    one disposition."""
    settings, store = web.settings, web.store
    overrides = parse_overrides(**(meta or {}))
    report = RunReport()
    with _INGEST_LOCK:
        if text and text.strip():
            ingest(
                ["-"],
                settings,
                store,
                overrides=overrides,
                stdin=io.BytesIO(text.encode("utf-8")),
                report=report,
                cluster=False,
            )
            _rename(report, 0, "pasted text")
        for name, content in files:
            before = len(report.dispositions)
            ingest(["-"], settings, store, stdin=io.BytesIO(content), report=report, cluster=False)
            _rename(report, before, f"upload:{name}")
        clean = [u.strip() for u in urls if u.strip()]
        if clean:
            ingest(clean, settings, store, fetcher=web.fetcher, report=report, cluster=False)
        if report.article_ids:
            assign_stories(report.article_ids, settings, store, report=report)
            story_dossiers(report.article_ids, settings, store, report=report)
    return {
        "dispositions": [d.model_dump(mode="json") for d in report.dispositions],
        "counts": dict(report.counts()),
        "stories": [
            {"id": s.id, "title": s.title, "articles": len(s.articles)} for s in report.stories
        ],
        "timings": {k: round(v, 4) for k, v in report.timings.items()},
    }


def _rename(report: RunReport, start: int, label: str) -> None:
    """Dispositions of stdin-fed items say ``-``; name them after what the user gave."""
    for i in range(start, len(report.dispositions)):
        d = report.dispositions[i]
        if d.source == "-" or d.source.startswith("-:"):
            report.dispositions[i] = d.model_copy(update={"source": label + d.source[1:]})


# -- reads --------------------------------------------------------------------------------


@router.get("/stories", summary="Stories, filtered and sorted like the stories page")
def api_stories(
    request: Request,
    q: str = Query("", max_length=500, description="full-text query"),
    outlet: str = Query("", max_length=200, description="outlet slug"),
    since: str = Query("", max_length=10, description="last seen on or after (YYYY-MM-DD)"),
    until: str = Query("", max_length=10, description="first seen on or before (YYYY-MM-DD)"),
    sort: Literal["recent", "coverage"] = "recent",
    page: int = Query(1, ge=1, le=100_000),
) -> dict[str, Any]:
    return views.stories_view(
        web_of(request),
        q=q,
        outlet=outlet,
        since=date_param(since, "since"),
        until=date_param(until, "until"),
        sort=sort,
        page=page,
    )


@router.get("/stories/{story_id}", response_model=StoryDossier, summary="A story's dossier")
def api_story(request: Request, story_id: str) -> StoryDossier:
    web = web_of(request)
    story = web.store.get_story(story_id)
    if story is None:
        raise NotFound(f"no story {story_id!r}")
    d = web.store.get_dossier(story.id)
    if d is None:
        raise NotFound(f"story {story.id} has no dossier yet; run `newsprism analyze`")
    return d  # type: ignore[no-any-return]


class ArticleOut(BaseModel):
    article: Article
    analysis: ArticleAnalysis | None
    story_id: str | None


@router.get(
    "/articles/{article_id}", response_model=ArticleOut, summary="An article and its analysis"
)
def api_article(request: Request, article_id: str) -> ArticleOut:
    web = web_of(request)
    a = web.store.get_article(article_id)
    if a is None:
        raise NotFound(f"no article {article_id!r}")
    an = web.store.get_analyses([a.id]).get(a.id)
    sid = web.store.story_ids_for_articles([a.id]).get(a.id)
    return ArticleOut(article=a, analysis=an, story_id=sid)


@router.get("/outlets", summary="Outlets of the stored articles")
def api_outlets(request: Request) -> dict[str, Any]:
    return views.outlets_view(web_of(request))


@router.get("/outlets/{outlet}", summary="One outlet: stories, sourcing profile, vocabulary")
def api_outlet(request: Request, outlet: str) -> dict[str, Any]:
    return views.outlet_view(web_of(request), outlet)


@router.get("/search", summary="Full-text search over articles")
def api_search(
    request: Request,
    q: str = Query(..., min_length=1, max_length=500),
    limit: int = Query(20, ge=1, le=200),
) -> dict[str, Any]:
    return views.search_view(web_of(request), q, limit=limit)


# -- write --------------------------------------------------------------------------------

_INGEST_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/IngestRequest"}},
            "application/x-ndjson": {"schema": {"type": "string", "description": "JSONL records"}},
            "text/plain": {"schema": {"type": "string", "description": "one article"}},
        },
    }
}


@router.post(
    "/ingest",
    response_model=IngestResult,
    summary="Ingest URLs, pasted text or JSONL records (needs the API token)",
    openapi_extra=_INGEST_BODY,
)
async def api_ingest(request: Request) -> dict[str, Any]:
    web = web_of(request)
    web.guard.check(request.headers)
    ctype = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    body = await request.body()
    if ctype in (
        "application/x-ndjson",
        "application/jsonl",
        "application/jsonlines",
        "text/plain",
    ):
        if not body.strip():
            raise RequestValidationError(
                [{"loc": ["body"], "msg": "empty body", "type": "value_error"}]
            )
        return await run_in_threadpool(run_ingest, web, files=[("body", body)])
    if ctype not in ("application/json", ""):
        raise RequestValidationError(
            [
                {
                    "loc": ["header", "content-type"],
                    "type": "value_error",
                    "msg": f"unsupported content type {ctype!r}; use application/json, "
                    "application/x-ndjson or text/plain",
                }
            ]
        )
    try:
        req = IngestRequest.model_validate_json(body or b"{}")
    except ValidationError as exc:
        raise RequestValidationError(exc.errors(include_url=False)) from None
    if not (req.urls or (req.text and req.text.strip()) or req.records):
        raise RequestValidationError(
            [
                {
                    "loc": ["body"],
                    "type": "value_error",
                    "msg": "nothing to ingest: give urls, text or records",
                }
            ]
        )
    files = []
    if req.records:
        jsonl = "\n".join(json.dumps(r, ensure_ascii=False) for r in req.records)
        files.append(("records", jsonl.encode("utf-8")))
    meta = {
        "title": req.title,
        "outlet": req.outlet,
        "published": req.published,
        "author": req.author,
        "url": req.url,
    }
    return await run_in_threadpool(
        run_ingest, web, urls=req.urls, text=req.text, meta=meta, files=files
    )
