"""Store methods for the feeds `newsprism run` polls (mixed into Store)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Iterable

from sqlalchemy import Engine, delete, select

from . import schema
from ._common import utc as _utc


class FeedMethods:
    engine: Engine

    def feeds(self) -> list[dict[str, Any]]:
        f = schema.feeds
        with self.engine.connect() as conn:
            return [_feed(r) for r in conn.execute(select(f).order_by(f.c.next_poll, f.c.url))]

    def feed(self, url: str) -> dict[str, Any] | None:
        f = schema.feeds
        with self.engine.connect() as conn:
            row = conn.execute(select(f).where(f.c.url == url)).first()
        return _feed(row) if row else None

    def due_feeds(self, now: datetime, limit: int) -> list[dict[str, Any]]:
        """Feeds whose next poll is due, most overdue first."""
        f = schema.feeds
        q = select(f).where(f.c.next_poll <= now).order_by(f.c.next_poll, f.c.url).limit(limit)
        with self.engine.connect() as conn:
            return [_feed(r) for r in conn.execute(q)]

    def add_feeds(self, entries: Iterable[tuple[str, str]], *, origin: str, now: datetime, interval: float) -> list[str]:
        """Add (url, title) feeds not yet known, due now; known feeds keep their schedule
        (a restart resumes where it stopped). Returns the urls added."""
        f = schema.feeds
        added = []
        with self.engine.begin() as conn:
            known = {r.url for r in conn.execute(select(f.c.url))}
            for url, title in entries:
                if url in known:
                    continue
                known.add(url)
                conn.execute(f.insert().values(url=url, title=title or "", origin=origin, added_at=now,
                                               interval_seconds=interval, next_poll=now, last_new=0, total_new=0,
                                               failures=0))
                added.append(url)
        return added

    def remove_feeds(self, urls: Iterable[str], *, origin: str | None = None) -> int:
        f = schema.feeds
        urls = list(urls)
        if not urls:
            return 0
        q = delete(f).where(f.c.url.in_(urls))
        if origin:
            q = q.where(f.c.origin == origin)
        with self.engine.begin() as conn:
            return conn.execute(q).rowcount or 0

    def save_poll(self, url: str, *, polled: datetime, next_poll: datetime, interval: float, new: int,
                  error: str | None) -> None:
        f = schema.feeds
        with self.engine.begin() as conn:
            row = conn.execute(select(f.c.total_new, f.c.failures).where(f.c.url == url)).first()
            if row is None:
                return  # removed while it was being polled
            conn.execute(f.update().where(f.c.url == url).values(
                last_polled=polled, next_poll=next_poll, interval_seconds=interval, last_new=new,
                total_new=row.total_new + new, failures=(row.failures + 1) if error else 0, last_error=error,
            ))


def _feed(row: Any) -> dict[str, Any]:
    m = dict(row._mapping)
    for key in ("added_at", "next_poll", "last_polled"):
        m[key] = _utc(m.get(key))
    return m
