"""Sniffing: say what a document is (feed, OPML, sitemap, HTML, JSON, JSON Lines, text).

The pipeline routes fetched bytes to a reader by this answer, and the file readers use
it for ``.xml`` and ``.json`` files that may hold more than one kind. Content decides
first because servers and file names lie; the media type and the URL's extension only
decide when the content does not.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from .base import MAX_FILE_BYTES, SourceError, SourceKind
from .decode import _BOMS, _SNIFF_WINDOW, _binary_kind, decode_bytes


_PROLOG_JUNK = re.compile(
    r"""(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]*\[.*?\]\s*>|[^>]*>))""", re.S | re.I
)
_ROOT_TAG = re.compile(r"\A<([A-Za-z_][\w.\-]*(?::[\w.\-]+)?)[\s/>]")
_HTML_ROOTS = frozenset(
    "html head body div p article section main header span a table ul h1 h2 h3 meta title"
    " link script style".split()
)
_JSONFEED_VERSION = re.compile(r"^https?://jsonfeed\.org/version/", re.I)

_TYPE_KINDS: dict[str, SourceKind] = {
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/feed+json": "feed",
    "application/x-rss+xml": "feed",
    "text/x-opml": "opml",
    "text/x-opml+xml": "opml",
    "application/x-opml": "opml",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/jsonlines": "jsonl",
    "application/json-lines": "jsonl",
    "application/json": "json",
    "text/plain": "text",
    "text/markdown": "text",
}
_EXT_KINDS: dict[str, SourceKind] = {
    ".rss": "feed",
    ".atom": "feed",
    ".rdf": "feed",
    ".opml": "opml",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".txt": "text",
    ".md": "text",
}


def _head_text(data: bytes | str, size: int = 65536) -> str:
    """The start of a document as text, good enough to look at markup."""
    if isinstance(data, str):
        return data[:size].lstrip("\ufeff")
    head = data[:size]
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return head.decode(codec, errors="ignore")
    return head.decode("latin-1")


def _root_element(text: str) -> str | None:
    """The name of the first element, skipping the prolog, comments and DOCTYPE."""
    pos = 0
    while True:
        m = _PROLOG_JUNK.match(text, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
    m = _ROOT_TAG.match(text[pos:])
    return m.group(1) if m else None


def _is_json_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def _sniff_json(text: str, whole: bool) -> SourceKind | None:
    try:
        doc = json.loads(text) if whole else None
    except ValueError:
        doc = None
    if isinstance(doc, dict):
        version = doc.get("version")
        if isinstance(version, str) and _JSONFEED_VERSION.match(version):
            return "feed"
        return "json"
    if isinstance(doc, list):
        return "json"
    lines = [line for line in text.splitlines()[:5] if line.strip()]
    if not whole:
        lines = lines[:-1] or lines  # the last line of a cut window may be partial
    # JSON Lines: the first line is an object and most sampled lines are (a stream with
    # a few broken lines is still JSON Lines; its bad lines are reported one by one).
    parsed = [_is_json_object(line) for line in lines]
    if parsed and parsed[0] and sum(parsed) * 2 > len(parsed):
        return "json" if len(lines) == 1 and whole else "jsonl"
    if text.lstrip().startswith("{"):
        m = re.search(r'"version"\s*:\s*"(https?://jsonfeed\.org/version/[^"]*)"', text[:4096])
        if m:
            return "feed"
    return None


def sniff(
    data: bytes | str, content_type: str | None = None, url: str | None = None
) -> SourceKind:
    """Say what a document is: by its content first, then its media type, then the URL's
    extension.

    Content wins because servers and file names lie (feeds served as text/html, HTML
    error pages at feed URLs). Recognised by content: RSS/RDF/Atom roots, OPML,
    sitemaps (``urlset``/``sitemapindex``), JSON Feed (``version`` starting with
    https://jsonfeed.org/version/), JSON, JSON Lines, and HTML. Anything else that is
    text is "text"; binary or empty input is "unknown".
    """
    head = _head_text(data)
    stripped = head.lstrip()
    if not stripped:
        return "unknown"
    if stripped[0] in "{[":
        whole = len(data) <= MAX_FILE_BYTES
        text = (data if isinstance(data, str) else _decode_quietly(data)) if whole else head
        kind = _sniff_json(text, whole)
        if kind:
            return kind
    elif stripped[0] == "<":
        if re.match(r"<!DOCTYPE\s+html\b", stripped, re.I):
            return "html"
        root = _root_element(stripped)
        if root:
            local = root.rsplit(":", 1)[-1]
            if local in ("rss", "RDF", "feed", "channel"):
                return "feed"
            if local.lower() == "opml":
                return "opml"
            if local in ("urlset", "sitemapindex"):
                return "sitemap"
            if local.lower() in _HTML_ROOTS:
                return "html"
    if content_type:
        media = content_type.split(";", 1)[0].strip().lower()
        if media in _TYPE_KINDS:
            return _TYPE_KINDS[media]
    if url:
        suffix = Path(urlsplit(url).path).suffix.lower()
        if suffix in _EXT_KINDS:
            return _EXT_KINDS[suffix]
    if stripped[0] == "<":
        return "unknown"  # some XML we do not read
    window = data[:_SNIFF_WINDOW]
    raw = window.encode("utf-8") if isinstance(window, str) else window
    return "unknown" if _binary_kind(raw) else "text"


def _decode_quietly(data: bytes) -> str:
    try:
        return decode_bytes(data)
    except SourceError:
        return ""
