"""The story feed behind the home page, the API's story list and the RSS/Atom feeds.

A home page has to rank every story by virality and recency and filter by leaning, blindspot,
date, outlet and entity; doing that with SQL on each request would read every story's
articles each time. Instead :class:`FeedIndex` keeps one immutable list of
:class:`StoryCard` in memory, rebuilt from two light queries (stories, and article heads
without text) only when the store's :meth:`generation` token changes, and re-scored as time
passes (virality decays). Requests filter and slice that list: a few milliseconds for tens of
thousands of stories. Readers never wait for a rebuild once a first index exists: the thread
that notices a change rebuilds while the others keep serving the previous snapshot.

:func:`build_cards` is the pure part (rows in, ranked cards out), tested on hand-made rows.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Callable, Iterable, Mapping, Sequence

from .. import score
from ..leaning import Registry, rate_heads, story_leaning

log = logging.getLogger(__name__)

#: How often a request may look at the store's generation token (one tiny query). Two
#: seconds keeps a busy server from querying on every request while new stories still
#: show up about as fast as a reader can reload.
CHECK_EVERY_SECONDS = 2.0

#: Virality halves every score.HALF_LIFE_HOURS (6 h): re-scoring every five minutes moves
#: any score by at most 1 % between refreshes, which cannot visibly reorder a feed.
RESCORE_EVERY_SECONDS = 300.0


@dataclass(frozen=True)
class StoryCard:
    """What the feed knows about a story: enough to show, rank and filter it."""

    id: str
    title: str
    label: str
    tags: tuple[str, ...]
    first_published: datetime | None
    last_updated: datetime | None
    updated_at: datetime | None
    article_count: int
    source_count: int
    leaning: str
    leaning_counts: Mapping[str, int]
    source_counts: Mapping[str, int]
    blindspot: str | None
    virality: float | None
    rank: float
    outlets: frozenset[str] = field(default_factory=frozenset)

    def as_dict(self) -> dict[str, Any]:
        iso = lambda d: d.isoformat() if d else None  # noqa: E731
        return {
            "id": self.id, "title": self.title, "label": self.label, "tags": list(self.tags),
            "stats": {
                "first_published": iso(self.first_published), "last_updated": iso(self.last_updated),
                "article_count": self.article_count, "source_count": self.source_count,
                "virality": self.virality, "leaning": self.leaning,
                "leaning_counts": dict(self.leaning_counts), "source_counts": dict(self.source_counts),
                "blindspot": self.blindspot,
            },
            "rank": self.rank,
            "outlets": sorted(self.outlets),
        }


def build_cards(
    stories: Iterable[Mapping[str, Any]],
    article_heads: Iterable[Mapping[str, Any]],
    registry: Registry,
    *,
    now: datetime,
    baseline: float | None = None,
) -> list[StoryCard]:
    """Ranked story cards (best first) from story rows and their articles' heads.

    Leaning counts use rated outlets only, as the story page does (storypage.build_story):
    a text estimate is a per-article hint, not evidence about a story's coverage. The
    outlet's country feeds the spread bonus of virality.
    """
    baseline = baseline or score.default_baseline()
    members: dict[str, list[dict[str, Any]]] = {}
    for a in rate_heads(article_heads, registry, cache={}):
        members.setdefault(a["story_id"], []).append(a)
    cards = []
    for s in stories:
        arts = members.get(s["id"], [])
        lean = story_leaning(arts)
        dated = [a for a in arts if a["published"]]
        vir = score.virality(dated, now=now, baseline=baseline) if dated else None
        cards.append(StoryCard(
            id=s["id"], title=s["title"], label=s["label"], tags=tuple(s.get("tags") or ()),
            first_published=s.get("first_published"), last_updated=s.get("last_updated"),
            updated_at=s.get("updated_at"), article_count=s["article_count"], source_count=s["source_count"],
            leaning=lean["leaning"], leaning_counts=lean["leaning_counts"], source_counts=lean["source_counts"],
            blindspot=lean["blindspot"], virality=vir,
            rank=score.rank_score(vir or 0.0, s.get("last_updated"), now),
            outlets=frozenset(a["source"] for a in arts),
        ))
    cards.sort(key=lambda c: (-c.rank, -(c.last_updated.timestamp() if c.last_updated else 0), c.id))
    return cards


@dataclass(frozen=True)
class FeedQuery:
    """Filters of the home page and the API's story list; every field optional."""

    q: str | None = None
    leaning: str | None = None          # a story leaning label, or a side: "left" / "center" / "right"
    blindspot: str | None = None        # "any", "left" or "right"
    outlet: str | None = None           # a domain or outlet name
    entity: str | None = None           # an entity id
    since: date | None = None
    until: date | None = None
    sort: str = "rank"                  # "rank" or "latest"


LEANING_FILTERS = ("left", "lean-left", "center", "lean-right", "right", "mixed", "unknown")
SIDE_FILTERS = ("covered-left", "covered-center", "covered-right")
BLINDSPOT_FILTERS = ("any", "left", "right")
SORTS = ("rank", "latest")


class FeedIndex:
    """The ranked story cards of a store, kept fresh (see the module docstring)."""

    def __init__(
        self,
        store: Any,
        registry: Callable[[], Registry],
        *,
        baseline: Callable[[], float | None] = lambda: None,
        clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
    ):
        self._store = store
        self._registry = registry
        self._baseline = baseline
        self._clock = clock
        self._lock = threading.Lock()
        self._cards: list[StoryCard] | None = None
        self._latest: list[StoryCard] = []
        self.newest_update: datetime | None = None
        self._by_id: dict[str, StoryCard] = {}
        self._token: Any = None
        self._checked = 0.0
        self._scored = 0.0
        self.built_at: datetime | None = None
        self.build_seconds: float | None = None

    def cards(self) -> list[StoryCard]:
        self._refresh()
        return self._cards or []

    def card(self, story_id: str) -> StoryCard | None:
        self._refresh()
        return self._by_id.get(story_id)

    def query(self, query: FeedQuery) -> list[StoryCard]:
        """The cards matching every filter, ranked (search results: best match first)."""
        cards = self.cards()
        if query.q:
            order = self._search(query.q)
            cards = sorted((c for c in cards if c.id in order), key=lambda c: order[c.id])
        elif query.sort == "latest":
            cards = self._latest
        if query.leaning in LEANING_FILTERS:
            cards = [c for c in cards if c.leaning == query.leaning]
        elif query.leaning in SIDE_FILTERS:
            side = query.leaning.split("-", 1)[1]
            cards = [c for c in cards if c.source_counts.get(side, 0) > 0]
        if query.blindspot == "any":
            cards = [c for c in cards if c.blindspot]
        elif query.blindspot in ("left", "right"):
            cards = [c for c in cards if c.blindspot == query.blindspot]
        if query.outlet:
            key = next(rate_heads([{"source": query.outlet.strip()}], self._registry()))["source"]
            cards = [c for c in cards if key in c.outlets]
        if query.entity:
            ids = self._store.story_ids_for_entity(query.entity)
            cards = [c for c in cards if c.id in ids]
        if query.since:
            cards = [c for c in cards if c.last_updated and c.last_updated.date() >= query.since]
        if query.until:
            cards = [c for c in cards if c.first_published and c.first_published.date() <= query.until]
        return cards

    def _search(self, q: str) -> dict[str, int]:
        """Story ids of the best-matching articles, in order of their best match."""
        order: dict[str, int] = {}
        for i, row in enumerate(self._store.search(q, limit=500)):
            if row.get("story_id") and row["story_id"] not in order:
                order[row["story_id"]] = i
        return order

    def _refresh(self) -> None:
        now = time.monotonic()
        if self._cards is not None and now - self._checked < CHECK_EVERY_SECONDS \
                and now - self._scored < RESCORE_EVERY_SECONDS:
            return
        # The first build blocks every reader (there is nothing to serve yet); later ones
        # are done by whichever thread gets the lock while the rest serve the old snapshot.
        if not self._lock.acquire(blocking=self._cards is None):
            return
        try:
            now = time.monotonic()
            if self._cards is not None and now - self._checked < CHECK_EVERY_SECONDS \
                    and now - self._scored < RESCORE_EVERY_SECONDS:
                return
            token = self._store.generation()
            self._checked = now
            if self._cards is not None and token == self._token and now - self._scored < RESCORE_EVERY_SECONDS:
                return
            started = time.perf_counter()
            cards = build_cards(self._store.story_card_rows(), self._store.iter_article_heads(),
                                self._registry(), now=self._clock(), baseline=self._baseline())
            self._by_id = {c.id: c for c in cards}
            # Sorted once per build, not per request (sorting 19k cards took ~10 ms).
            self._latest = latest_first(cards)
            self.newest_update = max((c.updated_at for c in cards if c.updated_at), default=None)
            self._cards = cards
            self._token = token
            self._scored = now
            self.built_at = self._clock()
            self.build_seconds = time.perf_counter() - started
            log.info("feed index: %d stories in %.2f s", len(cards), self.build_seconds)
        finally:
            self._lock.release()

    def peek_token(self) -> Any:
        """The store token of the cards being served, without touching the store (None
        before the first build): what cached renderings are stamped with."""
        return self._token

    def invalidate(self) -> None:
        """Make the next request re-read the store (after this process wrote to it)."""
        self._checked = 0.0


def latest_first(cards: Iterable[StoryCard]) -> list[StoryCard]:
    """Cards by their latest article, newest first (undated last)."""
    return sorted(cards, key=lambda c: (c.last_updated is None,
                                        -(c.last_updated.timestamp() if c.last_updated else 0), c.id))


def paginate(items: Sequence[Any], offset: int, limit: int) -> tuple[list[Any], int | None]:
    """A page of items and the offset of the next page (None on the last page)."""
    offset = max(0, offset)
    page = list(items[offset:offset + limit])
    nxt = offset + limit if offset + limit < len(items) else None
    return page, nxt
