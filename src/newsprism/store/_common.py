"""Small helpers shared by the store's modules."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Iterator, Sequence


def utc(value: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes; everything in newsprism is aware UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def chunks(items: Sequence[Any], size: int = 500) -> Iterator[Sequence[Any]]:
    """Slices of at most ``size`` items: bound the parameters of one IN (...) query."""
    for i in range(0, len(items), size):
        yield items[i : i + size]
