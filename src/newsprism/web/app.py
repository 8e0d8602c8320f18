"""The web app: HTML pages, the JSON API, story feeds, health, and the security headers
every response carries.

Article text is hostile, so the defences are layered: Jinja2 autoescape on every template
(nothing from a source is ever marked safe), links only for http(s) URLs, and a
Content-Security-Policy that allows no script at all and styles only from this server, so
even an escaping mistake could not run code. The UI and API are read-only; the only write
(adding a feed) is a token-protected POST (see :mod:`newsprism.web.admin`).
"""

from __future__ import annotations

import logging
import sys
from contextlib import asynccontextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, AsyncIterator, Callable

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..config import Settings
from ..store import Store
from . import admin, api, pages, syndication, views
from .context import AppContext

log = logging.getLogger(__name__)

HERE = Path(__file__).parent

#: No script from anywhere, styles and images only from this server, no framing, forms post
#: only here. The UI needs no JavaScript, so the strictest policy costs nothing.
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}

FEED_SIZE = 50
MAX_BODY_BYTES = 16 * 1024


def _small_body(request: Request) -> bool:
    """A declared body within MAX_BODY_BYTES; a body without a length (chunked) is refused."""
    length = request.headers.get("content-length")
    if length is None:
        return request.headers.get("transfer-encoding") is None
    return length.isdigit() and int(length) <= MAX_BODY_BYTES


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HERE / "templates")),
        autoescape=True,  # every template, whatever its name: nothing is rendered raw
        # A page built by an older newsprism (or by a library user) may lack a field: it
        # renders as empty, never as an error page.
        undefined=jinja2.Undefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(human_time=views.human_time, iso_time=views.iso_time, ago=views.ago,
                       safe_href=views.safe_href)
    return env


def create_app(
    settings: Settings,
    *,
    store: Store | None = None,
    clock: Callable[[], datetime] | None = None,
    extra_routers: tuple[Any, ...] = (),
    lifespan_hooks: tuple[Callable[[AppContext], Any], ...] = (),
) -> FastAPI:
    """The ASGI app for a data folder. ``store``: an open store to serve (the caller closes
    it); by default one is opened from the settings and closed on shutdown."""
    owns_store = store is None
    store = store or Store.open(settings.effective_database_url)
    ctx = AppContext(settings=settings, store=store, clock=clock or (lambda: datetime.now(timezone.utc)))
    env = _environment()

    def render(template: str, **values: Any) -> str:
        return env.get_template(template).render(**values)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        stops = [hook(ctx) for hook in lifespan_hooks]
        try:
            yield
        finally:
            for stop in stops:
                if callable(stop):
                    stop()
            # The page helper's process and queues, before a signal ends this one; a server
            # that built no page never imported storypage (numpy, scipy) and has none.
            storypage = sys.modules.get(f"{__package__.rsplit('.', 1)[0]}.storypage")
            if storypage is not None:
                storypage.close_page_helper()
            if owns_store:
                store.close()

    app = FastAPI(
        title="newsprism", version=__version__, lifespan=lifespan,
        description="Stories grouped from many outlets, each claim cited. Read-only API.",
        docs_url=None, redoc_url=None,  # their pages load scripts from a CDN: not under our CSP
        openapi_url="/openapi.json",
    )
    app.state.ctx = ctx

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        if request.method not in ("GET", "HEAD", "OPTIONS") and not _small_body(request):
            # The only body the app accepts is a feed subscription (a URL and a title): refuse
            # anything larger before it is read, since bodies are parsed before the token check.
            response: Response = JSONResponse({"detail": f"request body over {MAX_BODY_BYTES} bytes"},
                                              status_code=413)
        else:
            response = await call_next(request)
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
            response.headers.setdefault("Cache-Control", "no-cache")
        return response

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        problems = [f"{'.'.join(str(p) for p in e.get('loc', ()) if p != 'query')}: {e.get('msg')}"
                    for e in exc.errors()]
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": problems}, status_code=422)
        html = render("notfound.html", request=request, now=ctx.clock(), version=__version__,
                      title="Bad request", what="The address has invalid parameters: " + "; ".join(problems))
        return HTMLResponse(html, status_code=400)

    @app.exception_handler(404)
    async def not_found(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith("/api/"):
            detail = getattr(exc, "detail", "not found")
            return JSONResponse({"detail": detail}, status_code=404)
        html = render("notfound.html", request=request, now=ctx.clock(), version=__version__,
                      title="Not found", what="There is no page at this address.")
        return HTMLResponse(html, status_code=404)

    @app.get("/healthz", response_model=api.Health, tags=["ops"], summary="Liveness and archive size")
    def healthz() -> dict[str, Any]:
        # A liveness probe must stay cheap under load: one trivial query proves the database
        # answers; the counts come from the feed index's last look at the store (counting
        # 100,000 rows on every probe cost ~7 ms of CPU, measured in benchmarks/web.py).
        store.ping()
        token = ctx.index.peek_token() or store.generation()
        return {"status": "ok", "version": __version__, "articles": token[0], "stories": token[2]}

    @app.get("/feed.atom", tags=["feeds"], summary="Top stories as Atom")
    def feed_atom(request: Request) -> Response:
        body = syndication.atom(ctx.index.cards()[:FEED_SIZE], str(request.base_url), ctx.clock())
        return Response(body, media_type="application/atom+xml; charset=utf-8")

    @app.get("/feed.rss", tags=["feeds"], summary="Top stories as RSS 2.0")
    def feed_rss(request: Request) -> Response:
        body = syndication.rss(ctx.index.cards()[:FEED_SIZE], str(request.base_url), ctx.clock())
        return Response(body, media_type="application/rss+xml; charset=utf-8")

    app.include_router(api.router(ctx))
    app.include_router(admin.router(ctx))
    for make in extra_routers:
        app.include_router(make(ctx))
    app.include_router(pages.router(ctx, render))
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    return app
