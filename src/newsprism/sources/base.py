"""The parts every reader in :mod:`newsprism.sources` shares: limits, the error type,
the records the readers return, and two value helpers.

Kept apart from the readers so that each of them imports the types it returns without
importing the others (no import cycles), and so that the size limits sit in one place.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from newsprism.records import ItemError, NewsprismError, RawItem


#: Largest local file read_path accepts. The longest news articles (long reads with
#: inline HTML and scripts) are a few hundred KiB as saved pages; a 20 MiB cap leaves
#: room for big JSON Lines dumps while refusing videos or disk images named .html.
MAX_FILE_BYTES = 20 * 1024 * 1024

#: Sitemaps are capped at 50 MB uncompressed by the protocol (sitemaps.org); a gzipped
#: sitemap that expands beyond that is refused instead of being inflated in memory.
MAX_SITEMAP_BYTES = 50 * 1024 * 1024


SourceKind = Literal["feed", "opml", "sitemap", "html", "jsonl", "json", "text", "unknown"]


class SourceError(NewsprismError):
    """A whole input (feed, file, stream) could not be read; names the input and why."""

    stage = "source"


@dataclass(frozen=True)
class FeedRef:
    """A feed to subscribe to, as an OPML outline names it.

    ``category`` is the path of the enclosing outlines ("News / Europe"), or the
    outline's own OPML 2.0 ``category`` attribute when it sits at the top level.
    """

    url: str
    title: str | None = None
    category: str | None = None
    html_url: str | None = None


@dataclass
class FeedResult:
    """What one feed document yielded.

    ``errors`` are entries that were skipped (each names the entry and why);
    ``warnings`` describe problems with the feed as a whole that did not stop it
    (malformed XML from which entries were still recovered).
    """

    items: list[RawItem]
    errors: list[ItemError]
    title: str | None = None
    link: str | None = None
    version: str = ""
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SitemapEntry:
    """One page listed in a sitemap; news sitemaps add a title, date and language."""

    url: str
    published: datetime | None = None
    title: str | None = None
    language: str | None = None
    publication: str | None = None
    keywords: tuple[str, ...] = ()


@dataclass
class Sitemap:
    """A parsed sitemap: its pages, and child sitemaps when it is a sitemap index."""

    entries: list[SitemapEntry]
    sitemaps: list[str]
    errors: list[ItemError] = field(default_factory=list)


@dataclass(frozen=True)
class OpmlRefs:
    """Yielded by :func:`read_path` for an OPML file: feeds the pipeline must fetch.

    A file cannot turn into articles without the network, so instead of fetching
    (which this package never does) it hands the subscription list back.
    """

    path: Path
    refs: tuple[FeedRef, ...]


@dataclass(frozen=True)
class SitemapRefs:
    """Yielded by :func:`read_path` for a local sitemap file: pages to fetch."""

    path: Path
    sitemap: Sitemap


PathResult = RawItem | ItemError | OpmlRefs | SitemapRefs


def _one_line(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=_json_default)
