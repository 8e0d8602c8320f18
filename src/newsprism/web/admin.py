"""The feeds that `newsprism run` polls, over the API: listing is public, changing the list
needs the configured token.

The UI and API are otherwise read-only. Adding a feed makes the server fetch a URL chosen by
the caller, so it is the one write there is, and it is refused outright unless an
``api_token`` is configured (env ``NEWSPRISM_API_TOKEN``), then only with ``Authorization:
Bearer <token>``. The token travels in a header, never a cookie, so a page on another site
cannot make a reader's browser use it (no CSRF). The fetcher's SSRF guard still applies to
every added feed when it is polled.
"""

from __future__ import annotations

import hmac
from datetime import datetime
from typing import Any, Optional

from fastapi import APIRouter, Header, HTTPException, Query, Response
from pydantic import BaseModel, Field

from .context import AppContext


class FeedIn(BaseModel):
    url: str = Field(min_length=8, max_length=2000, pattern=r"^https?://\S+$", description="an http(s) feed URL")
    title: str = Field("", max_length=300)


class FeedOut(BaseModel):
    url: str
    title: str
    origin: str = Field(description="config (the feed list file) or api (added here)")
    interval_seconds: float
    next_poll: Optional[datetime] = None
    last_polled: Optional[datetime] = None
    last_new: int
    total_new: int
    failures: int
    last_error: Optional[str] = None


def _authorize(ctx: AppContext, authorization: str | None) -> None:
    token = ctx.settings.api_token
    if not token:
        raise HTTPException(403, "changes are disabled on this server: set api_token (NEWSPRISM_API_TOKEN) to allow them")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise HTTPException(401, "a valid 'Authorization: Bearer <api_token>' header is required",
                            headers={"WWW-Authenticate": "Bearer"})


def router(ctx: AppContext) -> APIRouter:
    r = APIRouter(prefix="/api/v1", tags=["feeds"])

    @r.get("/feeds", response_model=list[FeedOut], summary="Feeds polled by `newsprism run`, with their status")
    def list_feeds() -> list[dict[str, Any]]:
        return ctx.store.feeds()

    @r.post("/feeds", response_model=FeedOut, status_code=201, summary="Subscribe a feed (needs the API token)")
    def add_feed(feed: FeedIn, response: Response, authorization: Optional[str] = Header(None)) -> dict[str, Any]:
        _authorize(ctx, authorization)
        added = ctx.store.add_feeds([(feed.url, feed.title)], origin="api", now=ctx.clock(),
                                    interval=ctx.settings.poll_min_seconds)
        if not added:
            response.status_code = 200  # already subscribed: nothing changed
        if ctx.poller is not None:
            ctx.poller.wake.set()
        return ctx.store.feed(feed.url)

    @r.delete("/feeds", status_code=204, summary="Unsubscribe a feed added through the API (needs the token)")
    def remove_feed(url: str = Query(..., max_length=2000), authorization: Optional[str] = Header(None)) -> Response:
        _authorize(ctx, authorization)
        if not ctx.store.remove_feeds([url], origin="api"):
            raise HTTPException(404, "no feed with this url was added through the API")
        return Response(status_code=204)

    return r
