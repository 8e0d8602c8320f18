"""The HTML pages: home feed, story, entity, outlet, outlets, about.

Server-rendered with Jinja2 (autoescape on for every template, see app.py), no JavaScript:
filters are a plain GET form, so every view has a URL that can be shared and tested.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Optional

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from .. import __version__, estimates
from ..leaning import normalize_domain
from ..storypage import MIN_ESTIMATE_CONFIDENCE
from .api import VALID_ID
from .context import AppContext
from .feed import BLINDSPOT_FILTERS, LEANING_FILTERS, SIDE_FILTERS, FeedQuery, paginate
from .views import LEANING_TITLES, cited_ids, leaning_bar, parse_time, story_view

PAGE_SIZE = 20
SEEN_COOKIE = "np_seen"


def _date(value: str | None, notices: list[str], what: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        notices.append(f"Ignored the {what} date {value[:40]!r}: use YYYY-MM-DD.")
        return None


def router(ctx: AppContext, render: Any) -> APIRouter:
    r = APIRouter(include_in_schema=False)

    def page(request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
        return HTMLResponse(render(template, request=request, now=ctx.clock(), version=__version__, **values),
                            status_code=status)

    def not_found(request: Request, what: str) -> HTMLResponse:
        return page(request, "notfound.html", status=404, what=what, title="Not found")

    @r.get("/", response_class=HTMLResponse)
    async def home(request: Request, q: Optional[str] = None, leaning: Optional[str] = None,
                   blindspot: Optional[str] = None, outlet: Optional[str] = None, entity: Optional[str] = None,
                   since: Optional[str] = None, until: Optional[str] = None, sort: str = "rank",
                   page_no: int = Query(1, alias="page", ge=1, le=100_000)) -> Response:
        # The rendering depends on the query and on the reader's "seen" mark: both are the key.
        key = ("home", str(request.url.query), request.cookies.get(SEEN_COOKIE, "")[:40])
        hit = ctx.rendered.get(key, ctx.index.peek_token())
        if hit is None:
            hit = await run_in_threadpool(_home, request, q, leaning, blindspot, outlet, entity, since, until,
                                          sort, page_no)
            ctx.rendered.put(key, ctx.index.peek_token(), hit)
        html, seen_mark = hit
        resp = HTMLResponse(html)
        if seen_mark:
            # The reader reached the end of the whole feed: everything up to the newest
            # story is now seen, and the next visit marks only what arrives after it.
            resp.set_cookie(SEEN_COOKIE, seen_mark, max_age=365 * 86400, httponly=True, samesite="lax")
        return resp

    def _home(request: Request, q: str | None, leaning: str | None, blindspot: str | None, outlet: str | None,
              entity: str | None, since: str | None, until: str | None, sort: str,
              page_no: int) -> tuple[str, str | None]:
        notices: list[str] = []
        if leaning and leaning not in LEANING_FILTERS + SIDE_FILTERS:
            notices.append(f"Ignored the unknown leaning filter {leaning[:40]!r}.")
            leaning = None
        if blindspot and blindspot not in BLINDSPOT_FILTERS:
            notices.append(f"Ignored the unknown blindspot filter {blindspot[:40]!r}.")
            blindspot = None
        if entity and not VALID_ID.match(entity):
            entity = None
        query = FeedQuery(
            q=(q or "").strip()[:200] or None, leaning=leaning or None, blindspot=blindspot or None,
            outlet=(outlet or "").strip()[:200] or None, entity=entity,
            since=_date(since, notices, "from"), until=_date(until, notices, "to"),
            sort=sort if sort in ("rank", "latest") else "rank",
        )
        cards = ctx.index.query(query)
        page_no = max(1, page_no)
        shown, nxt = paginate(cards, (page_no - 1) * PAGE_SIZE, PAGE_SIZE)
        seen = parse_time(request.cookies.get(SEEN_COOKIE, "")[:40])
        new_count = sum(1 for c in cards if c.updated_at and (seen is None or c.updated_at > seen)) if seen else 0
        entity_row = ctx.store.entity(entity) if entity else None
        filtered = any((query.q, query.leaning, query.blindspot, query.outlet, query.entity, query.since, query.until))
        params = {k: v for k, v in (("q", query.q), ("leaning", query.leaning), ("blindspot", query.blindspot),
                                    ("outlet", query.outlet), ("entity", query.entity),
                                    ("since", query.since and query.since.isoformat()),
                                    ("until", query.until and query.until.isoformat()),
                                    ("sort", query.sort if query.sort != "rank" else None)) if v}
        html = render(
            "home.html", request=request, now=ctx.clock(), version=__version__, title="Top stories",
            cards=shown, total=len(cards), query=query, params=params, page_no=page_no, next_page=(page_no + 1) if nxt is not None else None,
            seen=seen, new_count=new_count, filtered=filtered, notices=notices, entity_row=entity_row,
            bar=leaning_bar, leaning_titles=LEANING_TITLES, all_count=len(ctx.index.cards()),
        )
        seen_mark = None
        if nxt is None and not filtered:
            newest = ctx.index.newest_update
            seen_mark = newest.isoformat() if newest is not None else None
        return html, seen_mark

    @r.get("/stories/{story_id}", response_class=HTMLResponse)
    async def story(request: Request, story_id: str) -> Response:
        if not VALID_ID.match(story_id):
            return not_found(request, f"There is no story with id {story_id[:64]!r}.")
        key = ("story", story_id)
        html = ctx.rendered.get(key, ctx.index.peek_token())
        if html is None:
            token = ctx.index.peek_token()
            response = await run_in_threadpool(_story, request, story_id)
            if response.status_code == 200:
                ctx.rendered.put(key, token, response.body)
            return response
        return HTMLResponse(html)

    def _story(request: Request, story_id: str) -> Response:
        page_data = ctx.story_page(story_id)
        if page_data is None:
            return not_found(request, f"There is no story with id {story_id[:64]!r}.")
        names = [k.get("name", "") for k in page_data.get("keywords") or []]
        own = {a["id"] for a in page_data.get("articles") or []}
        outside = sorted(cited_ids(page_data) - own)
        external = {a["id"]: a for a in ctx.store.articles_by_ids(outside, with_text=False)} if outside else {}
        view = story_view(page_data, ctx.store.entities_named(names), external)
        return page(request, "story.html", title=page_data.get("title") or "Story", v=view,
                    leaning_titles=LEANING_TITLES)

    @r.get("/entities/{entity_id}", response_class=HTMLResponse)
    def entity_page(request: Request, entity_id: str) -> Response:
        row = ctx.store.entity(entity_id) if VALID_ID.match(entity_id) else None
        if row is None:
            return not_found(request, f"There is no entity with id {entity_id[:64]!r}.")
        cards = ctx.index.query(FeedQuery(entity=entity_id, sort="latest"))
        return page(request, "entity.html", title=row["name"], entity=row, cards=cards[:100], total=len(cards),
                    bar=leaning_bar, leaning_titles=LEANING_TITLES)

    @r.get("/outlets", response_class=HTMLResponse)
    def outlets(request: Request, leaning: Optional[str] = None) -> Response:
        rows = [o for o in ctx.registry() if not leaning or o.leaning == leaning]
        return page(request, "outlets.html", title="Outlets", outlets=rows, leaning=leaning,
                    leaning_titles=LEANING_TITLES)

    @r.get("/outlets/{source}", response_class=HTMLResponse)
    def outlet(request: Request, source: str) -> Response:
        source = source.strip()[:200]
        outlet_row = ctx.registry().lookup(source)
        arts = ctx.store.articles(source=source, limit=100)
        if not arts and outlet_row:
            arts = ctx.store.articles(source=outlet_row.domain, limit=100)
        if outlet_row is None and not arts:
            return not_found(request, f"No outlet or source named {source!r} is known here.")
        cards = ctx.index.query(FeedQuery(outlet=outlet_row.domain if outlet_row else source, sort="latest"))
        # an unrated outlet: what the text classifier makes of all its stored articles
        estimate = None if outlet_row else estimates.outlet_leanings(
            ctx.store, [{"source": source}], ctx.registry()).get(source)
        return page(request, "outlet.html", title=outlet_row.name if outlet_row else source, outlet=outlet_row,
                    source=source, domain=normalize_domain(source), articles=arts, cards=cards[:50],
                    leaning_titles=LEANING_TITLES, bar=leaning_bar, estimate=estimate,
                    min_confidence=MIN_ESTIMATE_CONFIDENCE)

    @r.get("/about", response_class=HTMLResponse)
    def about(request: Request) -> Response:
        return page(request, "about.html", title="How newsprism works")

    return r
