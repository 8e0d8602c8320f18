"""Typed records passed between pipeline stages.

Every stage between fetch and store is a pure function over these records, so the
same stages run in a loop on a laptop or fanned out on a cluster. Records are frozen:
a stage that changes one returns a new record (``dataclasses.replace``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

RawType = Literal["html", "text", "json"]


@dataclass(frozen=True)
class RawItem:
    """One article as a source yields it, before extraction and cleaning.

    ``raw`` is what we were given (the page HTML, the file text, the JSON line) and is
    stored beside the cleaned text, so a cleaning mistake never loses anything.
    """

    url: str
    origin: str  # where it came from: a file path, a feed URL, "stdin"
    raw: str
    raw_type: RawType
    title: str | None = None
    text: str | None = None
    html: str | None = None
    published: datetime | None = None
    source: str | None = None
    author: str | None = None
    language: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    # A feed item whose body is only a teaser: the page must be fetched and extracted.
    needs_fetch: bool = False


@dataclass(frozen=True)
class Article:
    """A cleaned article, ready to be stored and grouped into stories."""

    id: str
    url: str
    source: str
    title: str
    text: str
    raw: str
    raw_type: RawType
    content_hash: str  # identifies this version: hash of the exact cleaned title + text
    text_hash: str = ""  # normalised-text hash compared by exact-copy detection
    published: datetime | None = None
    author: str | None = None
    language: str | None = None
    site_name: str | None = None
    canonical_url: str | None = None
    origin: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    duplicate_of: str | None = None
    story_id: str | None = None


@dataclass(frozen=True)
class ItemError:
    """A rejected input: which item, at which stage, and why, in words a user can act on."""

    item: str
    stage: str
    reason: str

    def __str__(self) -> str:
        return f"{self.item}: {self.stage}: {self.reason}"


class NewsprismError(Exception):
    """Base class of errors that name the failing item and the reason."""

    stage = "ingest"

    def __init__(self, item: str, reason: str):
        super().__init__(f"{item}: {reason}")
        self.item = item
        self.reason = reason

    def as_record(self) -> ItemError:
        return ItemError(item=self.item, stage=self.stage, reason=self.reason)


def normalize_url(url: str) -> str:
    """A stable key for a URL: lower-case scheme and host, no fragment, no default port.

    Query strings are kept (many news sites put the article id there); tracking
    parameters are dropped because they make one article look like many.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    query = "&".join(
        p for p in parts.query.split("&") if p and not p.lower().startswith(_TRACKING_PREFIXES)
    )
    path = parts.path or ("/" if host else "")
    return urlunsplit((scheme, host, path, query, ""))


_TRACKING_PREFIXES = ("utm_", "fbclid=", "gclid=", "mc_cid=", "mc_eid=", "ocid=", "cmpid=")


def article_id(url: str) -> str:
    """Article ids are derived from the normalised URL, so they survive content updates."""
    return hashlib.sha256(normalize_url(url).encode("utf-8")).hexdigest()[:16]
