"""What every route of the web app shares: the store, the outlet registry, the feed index,
and the cached story pages (one builder at a time per story)."""

from __future__ import annotations

import threading
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable

from ..config import Settings
from ..leaning import Registry, registry_for
from ..store import Store
from .cache import MicroCache
from .feed import FeedIndex


#: Builds of different stories rarely share a stripe; when they do, one waits for the other.
PAGE_LOCKS = 64


@dataclass
class AppContext:
    settings: Settings
    store: Store
    clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)
    poller: Any = None  # the Poller of `newsprism run`, when one runs beside the server
    _index: FeedIndex | None = None
    # Striped locks: a fixed number, so ids from the address bar cannot grow memory.
    _page_locks: tuple[threading.Lock, ...] = field(
        default_factory=lambda: tuple(threading.Lock() for _ in range(PAGE_LOCKS)))
    rendered: MicroCache = field(default_factory=MicroCache)

    def __post_init__(self) -> None:
        self.rendered = MicroCache(ttl=self.settings.web_cache_seconds)

    def registry(self) -> Registry:
        # default_registry caches by file stamps, so an edited outlets.csv is picked up.
        return registry_for(self.settings)

    @property
    def index(self) -> FeedIndex:
        if self._index is None:
            from ..stories import virality_baseline

            self._index = FeedIndex(self.store, self.registry, baseline=lambda: virality_baseline(self.store),
                                    clock=self.clock)
        return self._index

    def refresh(self, warm: int = 30) -> None:
        """After stories changed: re-read the feed, then pre-build the pages of the top
        ``warm`` stories so the first reader of a fresh story does not wait for its build."""
        self.index.invalidate()
        self.rendered.clear()
        for card in self.index.cards()[:warm]:
            try:
                self.story_page(card.id)
            except Exception:  # noqa: BLE001 - a page that fails to build is built on request
                import logging

                logging.getLogger(__name__).exception("pre-building story %s failed", card.id)

    def story_page(self, story_id: str) -> dict[str, Any] | None:
        """The story page (cached in the store; built once when its articles changed).

        Two readers asking for the same stale page wait for one build instead of both
        building it: a 40-article page takes most of a second.
        """
        from ..stories import story_page

        lock = self._page_locks[zlib.crc32(story_id.encode()) % PAGE_LOCKS]
        with lock:
            return story_page(self.store, story_id, registry=self.registry(), settings=self.settings,
                              helper=self.page_helper())

    def page_helper(self) -> Any:
        """The process that builds part of each page beside this one (``page_helper``
        setting; None on one core): a reader waits about two thirds as long for a new page."""
        if not self.settings.page_helper:
            return None
        from ..storypage import page_helper

        return page_helper()
