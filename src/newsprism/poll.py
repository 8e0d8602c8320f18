"""The main job's scheduler: poll feeds on an adaptive schedule, ingest, update stories.

``newsprism run`` runs a :class:`Poller` in a thread beside the web server. Its state lives
in the store (the ``feeds`` table: each feed's interval and next poll; ``fetch_state``:
ETag/Last-Modified for conditional GET), so a restart resumes where it stopped: nothing
is polled early, nothing due is forgotten.

**The schedule** (:func:`next_interval`). Each feed starts at ``poll_min_seconds``. A poll
that brought new articles halves the interval (down to the minimum): the feed is busy,
look again soon. A poll with nothing new (often a 304 Not Modified) stretches it by half
(up to ``poll_max_seconds``): quiet feeds cost little. A failed poll doubles it: a broken
or overloaded host is not hammered, and a feed that recovers climbs back as it publishes.

**Failure isolation.** Each feed is ingested on its own; an error (HTTP 500, a timeout, a
broken feed, even an unexpected exception) is recorded on that feed (``last_error``,
``failures``) and in the errors table, and the next feed is polled. Story updates run once
a cycle, after every due feed, and their failure is logged without stopping the loop.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from importlib import resources
from pathlib import Path
from typing import Any, Callable

from .config import Settings
from .pipeline import FetcherSlot, Ingest, SerialExecutor
from .records import ItemError, NewsprismError
from .sources import SourceError, read_opml_file

log = logging.getLogger(__name__)

#: Feeds polled per cycle at most; the rest wait for the next cycle (seconds later), so
#: story updates and page warming are never starved by a long feed list.
FEEDS_PER_CYCLE = 25

#: The loop never sleeps longer than this, so a stop request or a feed added through the
#: API is noticed within a few seconds even when every feed is hours away.
MAX_NAP_SECONDS = 5.0

SHIPPED_FEEDS = "feeds.opml"


def next_interval(current: float, *, new_articles: int, failed: bool, min_seconds: float, max_seconds: float) -> float:
    """The next poll interval of a feed (see the module docstring for why)."""
    if failed:
        nxt = current * 2.0
    elif new_articles > 0:
        nxt = current / 2.0
    else:
        nxt = current * 1.5
    return float(min(max_seconds, max(min_seconds, nxt)))


def read_feed_list(path: Path | str | None) -> list[tuple[str, str]]:
    """(url, title) of the feeds to poll: an OPML file, or a text file with one URL per line
    (``#`` comments allowed); the shipped OPML when ``path`` is None. Raises SourceError."""
    if path is None:
        with resources.as_file(resources.files("newsprism") / "data" / SHIPPED_FEEDS) as shipped:
            return [(r.url, r.title or "") for r in read_opml_file(shipped)]
    path = Path(path)
    if path.suffix.lower() in (".opml", ".xml"):
        return [(r.url, r.title or "") for r in read_opml_file(path)]
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(str(path), f"cannot read the feed list: {exc}") from None
    out = []
    for n, line in enumerate(lines, 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if not line.startswith(("http://", "https://")):
            raise SourceError(f"{path}:{n}", f"not an http(s) feed URL: {line[:80]!r}")
        out.append((line, ""))
    return out


@dataclass
class PollReport:
    polled: int = 0
    new_articles: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    stories_updated: bool = False
    seconds: float = 0.0


class Poller:
    """Polls due feeds into the store. ``on_change`` is called after stories changed (the
    web app refreshes its feed index and pre-builds the top story pages there)."""

    def __init__(
        self,
        store: Any,
        settings: Settings,
        *,
        fetcher: Any = None,
        clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
        on_change: Callable[[], None] | None = None,
        update_stories: Callable[[Any], Any] | None = None,
    ):
        self.store = store
        self.settings = settings
        self.clock = clock
        self.on_change = on_change
        self._fetchers = FetcherSlot(settings, fetcher)
        self._update = update_stories
        self.wake = threading.Event()

    @property
    def fetcher(self) -> Any:
        return self._fetchers.get()

    def close(self) -> None:
        self._fetchers.close()

    def sync_config(self) -> list[str]:
        """Subscribe the configured feeds (new ones are due now; known ones keep their
        schedule) and drop configured feeds no longer listed. Feeds added through the API
        are left alone. Raises SourceError for an unreadable feed list."""
        listed = read_feed_list(self.settings.feeds_file)
        urls = {u for u, _ in listed}
        stale = [f["url"] for f in self.store.feeds() if f["origin"] == "config" and f["url"] not in urls]
        self.store.remove_feeds(stale, origin="config")
        return self.store.add_feeds(listed, origin="config", now=self.clock(),
                                    interval=self.settings.poll_min_seconds)

    def poll_once(self) -> PollReport:
        """Poll every due feed (at most FEEDS_PER_CYCLE), then update stories once."""
        started = time.perf_counter()
        report = PollReport()
        due = self.store.due_feeds(self.clock(), FEEDS_PER_CYCLE)
        if not due:
            return report
        run_id = self.store.start_run(f"run: poll {len(due)} feeds")
        errors: list[ItemError] = []
        for feed in due:
            new, error = self._poll_feed(feed["url"], errors)
            report.polled += 1
            report.new_articles += new
            if error:
                report.failed.append((feed["url"], error))
            interval = next_interval(feed["interval_seconds"], new_articles=new, failed=error is not None,
                                     min_seconds=self.settings.poll_min_seconds,
                                     max_seconds=self.settings.poll_max_seconds)
            now = self.clock()
            self.store.save_poll(feed["url"], polled=now, next_poll=now + timedelta(seconds=interval),
                                 interval=interval, new=new, error=error)
        self.store.record_errors(run_id, errors)
        if report.new_articles:
            report.stories_updated = self._update_stories()
        report.seconds = time.perf_counter() - started
        self.store.finish_run(run_id, {"feeds": report.polled, "new": report.new_articles,
                                       "failed": len(report.failed), "errors": len(errors)})
        if report.stories_updated and self.on_change:
            try:
                self.on_change()
            except Exception:  # noqa: BLE001 - a refresh hook must not stop polling
                log.exception("after-update hook failed")
        log.info("polled %d feeds: %d new articles, %d failed, %.1f s", report.polled, report.new_articles,
                 len(report.failed), report.seconds)
        return report

    def _poll_feed(self, url: str, errors: list[ItemError]) -> tuple[int, str | None]:
        """(new or changed articles, the feed's own error or None) of one feed."""
        run = Ingest(self.store, self.settings, fetcher=self.fetcher, executor=SerialExecutor())
        try:
            rep = run.run([url])
        except NewsprismError as exc:
            rec = exc.as_record()
            errors.append(rec)
            return 0, rec.reason
        except Exception as exc:  # noqa: BLE001 - one feed's surprise never stops the others
            log.exception("polling %s failed", url)
            errors.append(ItemError(item=url, stage="poll", reason=f"unexpected {exc.__class__.__name__}: {exc}"))
            return 0, f"unexpected {exc.__class__.__name__}: {exc}"
        finally:
            run.close()
        errors.extend(rep.errors)
        own = next((e for e in rep.errors if e.item == url), None)
        return rep.inserted + rep.updated, (f"{own.stage}: {own.reason}" if own else None)

    def _update_stories(self) -> bool:
        try:
            if self._update is not None:
                self._update(self.store)
            else:
                from .leaning import registry_for
                from .stories import update_stories

                update_stories(self.store, registry=registry_for(self.settings))
            return True
        except Exception:  # noqa: BLE001 - stories catch up on the next cycle
            log.exception("updating stories failed; will retry after the next poll")
            return False

    def run_forever(self, stop: threading.Event) -> None:
        """Poll until ``stop`` is set, sleeping until the next feed is due."""
        while not stop.is_set():
            try:
                self.poll_once()
            except Exception:  # noqa: BLE001 - the database may be busy or gone for a moment
                log.exception("poll cycle failed; retrying")
            nap = self._seconds_to_next_due()
            self.wake.wait(min(MAX_NAP_SECONDS, nap))
            self.wake.clear()
        self.close()

    def _seconds_to_next_due(self) -> float:
        feeds = self.store.due_feeds(self.clock() + timedelta(seconds=MAX_NAP_SECONDS), 1)
        if not feeds:
            return MAX_NAP_SECONDS
        return max(0.0, (feeds[0]["next_poll"] - self.clock()).total_seconds())
