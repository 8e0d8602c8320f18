"""URL helpers every reader uses: an outlet's name for a URL, and joining and checking
links without raising.

Readers resolve entry links against a base and keep only absolute http(s) URLs. A
malformed URL in one entry must become that entry's error, not an exception that stops
the whole feed, so these helpers return None or False instead of raising.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin, urlsplit


def url_source(url: str | None) -> str | None:
    """The source name for a URL: its lower-case host without a leading ``www.``.

    ``www.example.com`` and ``example.com`` are one outlet; keeping both would count
    one outlet twice in a story's source count.
    """
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") and host.count(".") > 1 else host


def _is_web_url(url: str | None) -> bool:
    if not url:
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _join(base: str, link: str) -> str | None:
    """``urljoin`` that returns None instead of raising on malformed URLs."""
    try:
        return urljoin(base, link)
    except ValueError:
        return None


def _resolve_link(base: str, *candidates: Any) -> str | None:
    for candidate in candidates:
        if isinstance(candidate, str) and candidate.strip():
            resolved = _join(base, candidate.strip())
            if _is_web_url(resolved):
                return resolved
    return None
