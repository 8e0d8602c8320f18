"""The JSON API under /api/v1: typed (pydantic) so /openapi.json documents every field.

Read-only: every route here is a GET. The story shape is the contract's (CONTRACT.md, "A
story"); models allow extra fields so that an extension of the page (a new section) reaches
API users without a schema change breaking them.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Optional

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel, ConfigDict, Field

from .. import estimates
from ..storypage import stored_article_record
from .context import AppContext
from .feed import FeedQuery, paginate

ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
VALID_ID = re.compile(ID_PATTERN)


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class LeaningCounts(_Open):
    left: int = 0
    center: int = 0
    right: int = 0
    unknown: int = 0


class Stats(_Open):
    first_published: Optional[str] = Field(None, description="ISO 8601, earliest article")
    last_updated: Optional[str] = Field(None, description="ISO 8601, latest article")
    article_count: int
    source_count: int = Field(description="distinct outlets among the independent (non-copy) articles")
    virality: Optional[float] = Field(None, description="1.0 = the typical story at its peak; docs/virality.md")
    leaning: str = Field(description="left | lean-left | center | lean-right | right | mixed | unknown")
    leaning_counts: LeaningCounts
    blindspot: Optional[str] = Field(None, description="the side missing from the coverage, if any")


class StoryCard(_Open):
    id: str
    title: str
    label: str
    tags: list[str]
    stats: Stats
    url: str = Field(description="the story's page on this server")


class StoryList(BaseModel):
    stories: list[StoryCard]
    total: int
    offset: int
    limit: int
    next_offset: Optional[int] = None


class Cited(_Open):
    text: str
    sources: list[str] = Field(description="ids of the articles that support this text")


class Perspective(_Open):
    count: int
    sources: int
    estimated: int = Field(0, description="of the count, articles whose side is estimated from their outlet's text")
    headline: Cited | None = Field(None, description="the side's most representative headline, as its outlet wrote it")
    summary: list[Cited] = []


class Keyword(_Open):
    name: str
    type: str
    aliases: list[str] = []
    mentions: int = 0
    sources: list[str] = []


class Question(_Open):
    question: str
    answer: str
    sources: list[str] = []
    #: a cited passage comes from an archive article dated before the story's first
    from_older_coverage: bool = False
    #: a cited passage comes from an archive article dated after the story's last
    from_later_coverage: bool = False


class Claim(_Open):
    text: str
    sources: list[str]


class Disagreement(_Open):
    topic: str
    claims: list[Claim]


class TimelineEntry(_Open):
    time: Optional[str] = None
    text: str
    sources: list[str] = []


class StoryArticle(_Open):
    id: str
    url: str
    source: str
    title: str
    published: Optional[str] = None
    leaning: str
    leaning_confidence: Optional[float] = Field(None, description="of an estimate; None when rated or unknown")
    leaning_articles: Optional[int] = Field(
        None, description="how many of the outlet's articles an estimate rests on; None when rated or unknown")
    duplicate_of: Optional[str] = None


class RelatedStory(_Open):
    """Another story of the same developing subject, near in time (not part of this story)."""

    id: str
    title: str
    label: str
    first_published: Optional[str] = None
    last_updated: Optional[str] = None
    article_count: int
    score: float = Field(description="embedding cosine of the two stories + IDF-weighted cosine of their entities")
    shared: list[str] = Field([], description="names both stories give, rarest first")


class Story(_Open):
    id: str
    title: str
    label: str
    tags: list[str]
    stats: Stats
    breakdown: list[Cited]
    perspectives: dict[str, Perspective]
    keywords: list[Keyword]
    questions: list[Question]
    disagreements: list[Disagreement]
    timeline: list[TimelineEntry]
    articles: list[StoryArticle]
    related: list[RelatedStory] = []


class Article(StoryArticle):
    text: str
    story_id: Optional[str] = None
    leaning_basis: str = Field(description="rated | estimated | unknown")


class ArticleList(BaseModel):
    articles: list[Article]
    offset: int
    limit: int
    next_offset: Optional[int] = None


class Entity(_Open):
    id: str
    name: str
    type: str
    aliases: list[str]
    mentions: int
    articles: list[str] = []


class EntityList(BaseModel):
    entities: list[Entity]


class Outlet(_Open):
    domain: str
    name: str
    leaning: str
    side: str
    country: str = ""
    owner: str = ""
    basis: str = ""


class Health(BaseModel):
    status: str
    version: str
    articles: int
    stories: int


def feed_query(q: str | None, leaning: str | None, blindspot: str | None, outlet: str | None,
               entity: str | None, since: date | None, until: date | None, sort: str) -> FeedQuery:
    return FeedQuery(q=(q or "").strip()[:200] or None, leaning=leaning or None, blindspot=blindspot or None,
                     outlet=(outlet or "").strip()[:200] or None, entity=entity or None,
                     since=since, until=until, sort=sort)


def router(ctx: AppContext) -> APIRouter:
    r = APIRouter(prefix="/api/v1", tags=["api"])

    @r.get("/stories", response_model=StoryList, summary="Stories, most relevant first")
    def list_stories(
        q: Optional[str] = Query(None, max_length=200, description="full-text search over the articles"),
        leaning: Optional[str] = Query(None, pattern=r"^(left|lean-left|center|lean-right|right|mixed|unknown|covered-left|covered-center|covered-right)$"),
        blindspot: Optional[str] = Query(None, pattern=r"^(any|left|right)$"),
        outlet: Optional[str] = Query(None, max_length=200),
        entity: Optional[str] = Query(None, pattern=ID_PATTERN),
        since: Optional[date] = None,
        until: Optional[date] = None,
        sort: str = Query("rank", pattern=r"^(rank|latest)$"),
        limit: int = Query(20, ge=1, le=200),
        offset: int = Query(0, ge=0),
    ) -> dict[str, Any]:
        cards = ctx.index.query(feed_query(q, leaning, blindspot, outlet, entity, since, until, sort))
        page, nxt = paginate(cards, offset, limit)
        return {"stories": [{**c.as_dict(), "url": f"/stories/{c.id}"} for c in page], "total": len(cards),
                "offset": offset, "limit": limit, "next_offset": nxt}

    @r.get("/stories/{story_id}", response_model=Story, summary="One story page (CONTRACT.md shape)")
    def get_story(story_id: str) -> dict[str, Any]:
        page = ctx.story_page(story_id) if VALID_ID.match(story_id) else None
        if page is None:
            raise HTTPException(404, f"no story with id {story_id!r}")
        return page

    @r.get("/articles", response_model=ArticleList, summary="Stored articles, newest first")
    def list_articles(
        story: Optional[str] = Query(None, pattern=ID_PATTERN),
        source: Optional[str] = Query(None, max_length=200),
        q: Optional[str] = Query(None, max_length=200, description="full-text search (best match first)"),
        limit: int = Query(50, ge=1, le=500),
        offset: int = Query(0, ge=0, le=100_000),
    ) -> dict[str, Any]:
        if q:
            rows = ctx.store.search(q, limit=offset + limit + 1)[offset:]
        else:
            rows = ctx.store.articles(limit=limit + 1, offset=offset, story_id=story, source=source)
        registry = ctx.registry()
        outlets = estimates.outlet_leanings(ctx.store, rows[:limit], registry)
        return {"articles": [stored_article_record(a, registry, outlets) for a in rows[:limit]],
                "offset": offset, "limit": limit,
                "next_offset": offset + limit if len(rows) > limit else None}

    @r.get("/entities", response_model=EntityList, summary="Canonical entities, most mentioned first")
    def list_entities(
        story: Optional[str] = Query(None, pattern=ID_PATTERN),
        limit: int = Query(100, ge=1, le=1000),
    ) -> dict[str, Any]:
        return {"entities": ctx.store.entities(story_id=story, limit=limit)}

    @r.get("/entities/{entity_id}", response_model=Entity, summary="One canonical entity")
    def get_entity(entity_id: str) -> dict[str, Any]:
        row = ctx.store.entity(entity_id) if VALID_ID.match(entity_id) else None
        if row is None:
            raise HTTPException(404, f"no entity with id {entity_id!r}")
        return row

    @r.get("/outlets", response_model=list[Outlet], summary="The outlet registry")
    def list_outlets(leaning: Optional[str] = Query(None, pattern=r"^(left|lean-left|center|lean-right|right)$")) -> list[dict[str, Any]]:
        return [o.as_dict() for o in ctx.registry() if not leaning or o.leaning == leaning]

    return r

