"""The newsprism web app: server-rendered pages, each with a JSON twin, and the JSON API.

``create_app(settings)`` opens the same store the CLI writes (``Store(settings.db)``);
``serve(settings, host, port)`` runs it with uvicorn. Pages: ``/`` (stories), ``/stories/ID``,
``/articles/ID``, ``/outlets`` and ``/outlets/NAME``, ``/ingest``; add ``.json`` to any of
them (``/stories.json`` for the list) for the same data as JSON. The API is under ``/api``
and described at ``/openapi.json``. Errors are ``{"error": {"code", "message"}}`` in JSON
and a small page in HTML.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import InputError, NewsprismError, NotFound, UsageError
from ..render.common import QUOTE_GROUPS
from ..settings import Settings
from . import views
from .api import date_param, run_ingest, web_of
from .api import router as api_router
from .security import (
    SECURITY_HEADERS,
    BodyLimit,
    SecurityHeaders,
    WriteDenied,
    WriteGuard,
    is_loopback_host,
)
from .svg import bars_svg, graph_svg, stack_svg
from .views import Web

__all__ = ["create_app", "serve", "TOKEN_ENV"]

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
TOKEN_ENV = "NEWSPRISM_API_TOKEN"

_STATUS_CODES = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    413: "too-large",
    415: "unsupported-media-type",
    422: "invalid",
    500: "internal",
}


def _templates() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every template, whatever its extension
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        graph_svg=graph_svg,
        bars_svg=bars_svg,
        stack_svg=stack_svg,
        annotate=views.annotate,
        snippet_html=views.snippet_html,
        pages_around=views.pages_around,
        slugify=views.slug,
        quote_groups=QUOTE_GROUPS,
    )
    env.filters["day"] = lambda v: (v or "")[:10] or "undated"
    env.filters["when"] = lambda v: (v or "").replace("T", " ")[:16] + (" UTC" if v else "undated")
    env.filters["pairs"] = lambda terms: [(t["term"], t["score"]) for t in terms]
    env.filters["pct"] = lambda v: f"{v:.0%}"
    return env


def _wants_json(request: Request) -> bool:
    path = request.url.path
    if path.startswith("/api/") or path.endswith(".json"):
        return True
    accept = request.headers.get("accept", "")
    return "text/html" not in accept


def create_app(
    settings: Settings,
    *,
    host: str = "127.0.0.1",
    api_token: str | None = None,
    store: Any = None,
    fetcher: Any = None,
) -> FastAPI:
    """Build the app over ``Store(settings.db)`` (or the ``store`` given).

    ``host`` is where the server will listen: without an API token (``api_token`` or the
    ``NEWSPRISM_API_TOKEN`` environment variable) writes are allowed only on loopback.
    ``fetcher`` is the ingest layer's fetcher for URL ingest (tests pass a fake one).
    """
    if store is None:
        from ..store import Store

        store = Store(settings.db)
    token = api_token if api_token is not None else (os.environ.get(TOKEN_ENV) or None)
    guard = WriteGuard(token=token, loopback=is_loopback_host(host))
    web = Web(settings=settings, store=store, guard=guard, fetcher=fetcher)
    env = _templates()

    app = FastAPI(
        title="newsprism",
        summary="How outlets cover one story: consensus, conflicts, sourcing and framing.",
        version="0.1.0",
        docs_url=None,  # Swagger UI loads scripts from a CDN: offline and against the CSP
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.web = web
    app.state.templates = env

    def render(
        request: Request, template: str, data: dict[str, Any], status: int = 200
    ) -> HTMLResponse:
        ctx = {"writes_open": guard.writes_open, **data}
        html = env.get_template(template).render(data=data, request_path=request.url.path, **ctx)
        return HTMLResponse(html, status_code=status)

    # -- errors ----------------------------------------------------------------------

    def error(request: Request, status: int, code: str, message: str) -> Response:
        # headers set here too: a 500 is sent from outside the SecurityHeaders middleware
        if _wants_json(request):
            resp: Response = JSONResponse(
                {"error": {"code": code, "message": message}}, status_code=status
            )
        else:
            resp = render(
                request, "error.j2", {"status": status, "code": code, "message": message}, status
            )
        resp.headers.update(SECURITY_HEADERS)
        return resp

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = _STATUS_CODES.get(exc.status_code, "error")
        message = str(exc.detail) if exc.detail else code
        if exc.status_code == 404:
            message = f"no page at {request.url.path}"
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
        return error(request, exc.status_code, code, message)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for e in exc.errors()[:5]:
            loc = ".".join(str(x) for x in e.get("loc", ()) if x not in ("body",)) or "body"
            parts.append(f"{loc}: {e.get('msg', 'invalid')}")
        return error(request, 422, "invalid", "; ".join(parts) or "invalid request")

    @app.exception_handler(WriteDenied)
    async def _denied(request: Request, exc: WriteDenied) -> Response:
        return error(request, exc.status, exc.code, exc.message)

    @app.exception_handler(NewsprismError)
    async def _newsprism(request: Request, exc: NewsprismError) -> Response:
        if isinstance(exc, NotFound):
            return error(request, 404, "not-found", str(exc))
        if isinstance(exc, UsageError | InputError):
            return error(request, 422 if isinstance(exc, InputError) else 400, exc.code, str(exc))
        log.error("request %s failed: %s", request.url.path, exc)
        return error(request, 500, exc.code, str(exc))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        log.exception("request %s crashed", request.url.path)
        return error(request, 500, "internal", "internal error; the server log has the details")

    # -- pages and their JSON twins ------------------------------------------------------

    def stories_query(
        q: str = Query("", max_length=500),
        outlet: str = Query("", max_length=200),
        since: str = Query("", max_length=10, description="last seen on or after (YYYY-MM-DD)"),
        until: str = Query("", max_length=10, description="first seen on or before (YYYY-MM-DD)"),
        sort: Literal["recent", "coverage"] = "recent",
        page: int = Query(1, ge=1, le=100_000),
    ) -> dict[str, Any]:
        """The stories list's query parameters, shared by the page and its JSON twin."""
        return views.stories_view(
            web,
            q=q,
            outlet=outlet,
            since=date_param(since, "since"),
            until=date_param(until, "until"),
            sort=sort,
            page=page,
        )

    @app.get("/stories.json", summary="The stories list (JSON twin of /)", tags=["pages"])
    # Depends() as a default: string annotations (__future__) cannot name this local function.
    def stories_json(data: dict[str, Any] = Depends(stories_query)) -> Any:  # noqa: B008
        return data

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(
        request: Request,
        data: dict[str, Any] = Depends(stories_query),  # noqa: B008
    ) -> Response:
        return render(request, "stories.j2", data)

    @app.get("/stories/{story_id}.json", summary="A story page's data", tags=["pages"])
    def story_json(story_id: str) -> Any:
        return views.story_view(web, story_id)

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: str) -> Response:
        return render(request, "story.j2", views.story_view(web, story_id))

    @app.get("/articles/{article_id}.json", summary="An article page's data", tags=["pages"])
    def article_json(
        article_id: str, start: int | None = Query(None, ge=0), end: int | None = Query(None, ge=0)
    ) -> Any:
        return views.article_view(web, article_id, start, end)

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(
        request: Request,
        article_id: str,
        start: int | None = Query(None, ge=0),
        end: int | None = Query(None, ge=0),
    ) -> Response:
        data = views.article_view(web, article_id, start, end)
        a = web.store.get_article(article_id)
        an = web.store.get_analyses([article_id]).get(article_id)
        body = views.annotate(a, an, start, end)
        return render(request, "article.j2", {**data, "body": body})

    @app.get("/outlets.json", summary="The outlets list", tags=["pages"])
    def outlets_json() -> Any:
        return views.outlets_view(web)

    @app.get("/outlets", response_class=HTMLResponse, include_in_schema=False)
    def outlets_page(request: Request) -> Response:
        return render(request, "outlets.j2", views.outlets_view(web))

    @app.get("/outlets/{outlet}.json", summary="An outlet page's data", tags=["pages"])
    def outlet_json(outlet: str) -> Any:
        return views.outlet_view(web, outlet)

    @app.get("/outlets/{outlet}", response_class=HTMLResponse, include_in_schema=False)
    def outlet_page(request: Request, outlet: str) -> Response:
        return render(request, "outlet.j2", views.outlet_view(web, outlet))

    # -- ingest form -----------------------------------------------------------------------

    def ingest_form(
        result: dict[str, Any] | None = None, problem: str | None = None
    ) -> dict[str, Any]:
        return {
            "csrf": guard.csrf_token(),
            "token_required": bool(guard.token),
            "writes_open": guard.writes_open,
            "max_bytes": settings.max_bytes,
            "result": result,
            "problem": problem,
        }

    @app.get("/ingest", response_class=HTMLResponse, include_in_schema=False)
    def ingest_page(request: Request) -> Response:
        return render(request, "ingest.j2", ingest_form())

    @app.post("/ingest", response_class=HTMLResponse, include_in_schema=False)
    async def ingest_post(request: Request) -> Response:
        form = await request.form(max_files=50, max_fields=50)
        try:
            guard.check_form(request.headers, _field(form, "csrf"))
            guard.check(request.headers, form_token=_field(form, "token") or None)
        except WriteDenied as exc:
            return render(request, "ingest.j2", ingest_form(problem=exc.message), exc.status)
        urls = [u for u in (_field(form, "urls") or "").splitlines() if u.strip()]
        text = _field(form, "text")
        meta = {
            k: (_field(form, k) or None) for k in ("title", "outlet", "published", "author", "url")
        }
        files = []
        for up in form.getlist("files"):
            if isinstance(up, UploadFile) and up.filename:
                content = await up.read()
                if content:
                    files.append((Path(up.filename).name, content))
        if not (urls or (text and text.strip()) or files):
            return render(
                request,
                "ingest.j2",
                ingest_form(problem="Nothing to ingest: paste URLs or text, or choose files."),
                422,
            )
        from fastapi.concurrency import run_in_threadpool

        try:
            result = await run_in_threadpool(
                run_ingest, web, urls=urls, text=text, meta=meta, files=files
            )
        except UsageError as exc:
            return render(request, "ingest.j2", ingest_form(problem=str(exc)), 422)
        return render(request, "ingest.j2", ingest_form(result=result))

    app.include_router(api_router)

    @app.get("/api/health", tags=["api"], summary="Liveness and store size")
    def health(request: Request) -> dict[str, Any]:
        w = web_of(request)
        return {"ok": True, "articles": w.store.count_articles(), "writes": guard.writes_open}

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response((HERE / "static" / "favicon.svg").read_bytes(), media_type="image/svg+xml")

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    app.add_middleware(BodyLimit, max_bytes=settings.max_bytes)  # type: ignore[arg-type]
    app.add_middleware(SecurityHeaders)  # type: ignore[arg-type]
    return app


def _field(form: Any, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def serve(
    settings: Settings, host: str = "127.0.0.1", port: int = 8000, **uvicorn_options: Any
) -> None:
    """Run the app with uvicorn until interrupted (``newsprism serve``)."""
    import uvicorn

    app = create_app(settings, host=host)
    if not is_loopback_host(host):
        log.warning("serving on %s: the app is reachable from other machines", host)
    uvicorn.run(
        app, host=host, port=port, proxy_headers=False, server_header=False, **uvicorn_options
    )
