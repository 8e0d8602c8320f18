"""Sources: turn every kind of input into :class:`~newsprism.records.RawItem` records.

Feeds (RSS 0.9x/1.0/2.0, Atom, JSON Feed), OPML subscription lists, sitemaps, local
files and folders, and JSON Lines all end up here. Nothing in this module touches the
network: ``fetch.py`` gets the bytes, and these pure functions read them. That keeps
every parser testable on fixtures and lets the pipeline run them anywhere.

Two rules hold throughout:

* Hostile or broken input never crashes a batch. A whole input that cannot be read
  raises :class:`SourceError` (naming the input and the reason); one bad item inside
  an otherwise good input becomes an :class:`~newsprism.records.ItemError` and the
  rest go on.
* All XML is parsed safely: entity declarations that can expand (billion laughs,
  quadratic blow-up) or reach outside the document (XXE) are refused before any
  parser sees them, and lxml runs with ``resolve_entities=False, no_network=True``.
"""

from __future__ import annotations

import calendar
import codecs
import email.utils
import html as html_lib
import io
import json
import os
import re
import time
import warnings
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import IO, Any, Literal
from urllib.parse import urljoin, urlsplit

from newsprism.records import ItemError, NewsprismError, RawItem

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_SITEMAP_BYTES",
    "TEASER_MAX_WORDS",
    "FeedRef",
    "FeedResult",
    "OpmlRefs",
    "PathResult",
    "Sitemap",
    "SitemapEntry",
    "SitemapRefs",
    "SourceError",
    "SourceKind",
    "decode_bytes",
    "discover_feeds",
    "is_teaser",
    "parse_date",
    "parse_feed",
    "parse_opml",
    "parse_sitemap",
    "parse_text_article",
    "read_jsonl",
    "read_opml_file",
    "read_path",
    "record_to_item",
    "sniff",
    "url_source",
]

# ---------------------------------------------------------------------------------------
# Limits and tuned constants
# ---------------------------------------------------------------------------------------

#: Largest local file read_path accepts. The longest news articles (long reads with
#: inline HTML and scripts) are a few hundred KiB as saved pages; a 20 MiB cap leaves
#: room for big JSON Lines dumps while refusing videos or disk images named .html.
MAX_FILE_BYTES = 20 * 1024 * 1024

#: Sitemaps are capped at 50 MB uncompressed by the protocol (sitemaps.org); a gzipped
#: sitemap that expands beyond that is refused instead of being inflated in memory.
MAX_SITEMAP_BYTES = 50 * 1024 * 1024

#: A feed body with fewer words than this is a teaser, and the page must be fetched.
#: Evidence: WordPress excerpts default to 55 words (``excerpt_length``) and Drupal
#: teasers to 600 characters (~100 English words); news outlets' RSS descriptions are
#: one to three sentences (20-70 words). Full-text news items, even wire briefs, are
#: rarely under 150 words. A false "teaser" costs one page fetch; a missed one stores a
#: truncated article, so the threshold sits above the longest common teaser.
TEASER_MAX_WORDS = 120

#: One JSON Lines record larger than this is refused (it cannot be a news article).
MAX_JSONL_LINE_CHARS = 10 * 1024 * 1024

SourceKind = Literal["feed", "opml", "sitemap", "html", "jsonl", "json", "text", "unknown"]


class SourceError(NewsprismError):
    """A whole input (feed, file, stream) could not be read; names the input and why."""

    stage = "source"


# ---------------------------------------------------------------------------------------
# Records produced here
# ---------------------------------------------------------------------------------------


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
    (which this module never does) it hands the subscription list back.
    """

    path: Path
    refs: tuple[FeedRef, ...]


@dataclass(frozen=True)
class SitemapRefs:
    """Yielded by :func:`read_path` for a local sitemap file: pages to fetch."""

    path: Path
    sitemap: Sitemap


PathResult = RawItem | ItemError | OpmlRefs | SitemapRefs

# ---------------------------------------------------------------------------------------
# Decoding
# ---------------------------------------------------------------------------------------

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x7fELF", "ELF executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"OggS", "Ogg media"),
    (b"ID3\x03", "MP3 audio"),
    (b"ID3\x04", "MP3 audio"),
    (b"wOFF", "WOFF font"),
    (b"wOF2", "WOFF2 font"),
    (b"SQLite format 3\x00", "SQLite database"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)

# Bytes below 0x20 that real text uses: tab, LF, VT, FF, CR, and ESC (ISO-2022).
_TEXT_CONTROLS = frozenset(b"\t\n\x0b\x0c\r\x1b")
# Real text (any language, any legacy encoding) has next to no other C0 controls;
# binary formats are full of them. 10% over the first 8 KiB separates the two with a
# wide margin: text files we have seen with stray controls stay under 1%.
_CONTROL_RATIO_LIMIT = 0.10
_SNIFF_WINDOW = 8192

# Labels that mean "Windows-1252" in practice (WHATWG Encoding Standard): servers say
# iso-8859-1 while sending curly quotes in 0x80-0x9F.
_WHATWG_1252 = {"iso8859-1", "latin-1", "iso-8859-1", "ascii", "us-ascii", "latin1", "l1"}

_XML_DECL_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:\-]+)["']""")
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", re.I)


def _binary_kind(data: bytes) -> str | None:
    """Why ``data`` is not text, or None when it plausibly is."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return f"looks like {name}"
    if data[:4] == b"RIFF" and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return f"looks like {data[8:12].decode().strip()} media"
    if data[4:8] == b"ftyp":
        return "looks like MP4 media"
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return None  # UTF-16/32 text legitimately contains NUL bytes
    window = data[:_SNIFF_WINDOW]
    if b"\x00" in window:
        return "contains NUL bytes"
    if window:
        controls = sum(1 for b in window if b < 0x20 and b not in _TEXT_CONTROLS)
        if controls / len(window) > _CONTROL_RATIO_LIMIT:
            return "mostly control characters"
    return None


def _codec(label: str | None) -> str | None:
    """The Python codec for a charset label, or None when the label is unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _WHATWG_1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _try_decode(data: bytes, codec: str) -> str | None:
    if codec.startswith(("utf-16", "utf-32")):
        return None  # a label without a BOM is almost always a copy-paste mistake
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        if codec == "cp1252":  # the label said latin-1: 0x81, 0x8D... are legal there
            return data.decode("latin-1")
        return None
    except LookupError:
        return None


def _try_declared(data: bytes, label: str | None) -> str | None:
    """Decode with a declared charset, unless the bytes are really UTF-8.

    Mislabelled UTF-8 is the usual mojibake on the web (a server default of
    iso-8859-1, a template's stale meta tag); text in a legacy encoding that happens to
    be valid multi-byte UTF-8 is vanishingly rare. So valid non-ASCII UTF-8 wins over
    any other declared charset.
    """
    codec = _codec(label)
    if codec is None:
        return None
    if codec not in ("utf-8", "utf-8-sig") and not data.isascii():
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    return _try_decode(data, "utf-8" if codec == "utf-8-sig" else codec)


def _in_document_charset(data: bytes) -> str | None:
    m = _XML_DECL_ENCODING.match(data[:1024])
    if m:
        return m.group(1).decode("ascii")
    m = _META_CHARSET.search(data[:_SNIFF_WINDOW])
    if m:
        return m.group(1).decode("ascii")
    return None


# When charset_normalizer finds several encodings equally clean (the bytes fall in the
# range they share), pick the one most used on the web; without this tie-break it
# chose cp1250 for unlabelled French latin-1 ("Très" came back as "Trčs").
_GUESS_PREFERENCE = ("cp1252", "cp1251", "iso8859_15", "latin_1", "cp1250", "koi8_r", "cp1253")


def _guess(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - charset-normalizer is a hard dependency
        return None
    results = list(from_bytes(data))
    if not results:
        return None
    best = results[0]
    tied = [
        r
        for r in results
        if r.chaos <= best.chaos + 0.01 and r.coherence >= best.coherence - 0.05
    ]
    for preferred in _GUESS_PREFERENCE:
        for r in tied:
            if r.encoding == preferred:
                return str(r)
    return str(best)


def decode_bytes(data: bytes, declared: str | None = None, *, item: str = "input") -> str:
    """Decode bytes of unknown provenance into text, refusing binary content.

    Order: a byte-order mark; the ``declared`` charset (an HTTP header) if it decodes
    cleanly; an in-document declaration (XML prolog, HTML ``<meta charset>`` or
    ``http-equiv``) if it decodes cleanly; strict UTF-8; charset_normalizer's best
    guess (reads cp1251 or latin-1 without any declaration); UTF-8 with replacement
    characters as the last resort. A declared legacy charset loses to valid UTF-8
    (see :func:`_try_declared`).

    Raises :class:`SourceError` for binary content (a known file signature, NUL bytes,
    or mostly control characters), naming ``item``.
    """
    if isinstance(data, str):
        return data
    why = _binary_kind(data)
    if why:
        raise SourceError(item, f"binary content ({why}), not text")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    for label in (declared, _in_document_charset(data)):
        text = _try_declared(data, label)
        if text is not None:
            return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    guessed = _guess(data)
    if guessed is not None:
        return guessed
    return data.decode("utf-8", errors="replace")


def _charset_from_content_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    m = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", content_type, re.I)
    return m.group(1) if m else None


# ---------------------------------------------------------------------------------------
# Sniffing
# ---------------------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------------------
# Safe XML
# ---------------------------------------------------------------------------------------

_ENTITY_DECL = re.compile(
    r"""<!ENTITY\s+(%\s*)?([^\s]+)\s+(?:(SYSTEM|PUBLIC)\b|"([^"]*)"|'([^']*)')""", re.S
)
_SAFE_ENTITY_VALUE = re.compile(r"^(?:&#x?[0-9A-Fa-f]+;|[^&%<]{0,256})$")
_MAX_ENTITY_DECLS = 64


def _refuse_hostile_xml(text: str, item: str) -> None:
    """Refuse entity declarations that can expand or reach outside the document.

    Entities can only be declared in a DOCTYPE's internal subset, so documents without
    a DOCTYPE pass untouched. Allowed: a few short literal entities (``&nbsp;``-style
    conveniences some old feeds declare). Refused: external entities (XXE), parameter
    entities, entities whose value refers to other entities (billion laughs), long
    values (quadratic blow-up) and long lists of declarations.
    """
    doctype = text.find("<!DOCTYPE")
    if doctype < 0:
        return
    count = 0
    for m in _ENTITY_DECL.finditer(text, doctype, _doctype_end(text, doctype)):
        count += 1
        name = m.group(2)
        value = m.group(4) if m.group(4) is not None else m.group(5)
        if m.group(1):
            why = f"a parameter entity %{name}"
        elif m.group(3):
            why = f"an external entity {name} ({m.group(3)})"
        elif value is not None and not _SAFE_ENTITY_VALUE.match(value):
            why = f"an entity {name} that expands to other entities or long text"
        elif count > _MAX_ENTITY_DECLS:
            why = f"more than {_MAX_ENTITY_DECLS} entity declarations"
        else:
            continue
        raise SourceError(
            item,
            f"refused XML: it declares {why}, the shape of an entity-expansion or "
            "external-entity attack",
        )


def _doctype_end(text: str, start: int) -> int:
    """Where the DOCTYPE starting at ``start`` ends: the first ``>`` outside quotes and
    outside the ``[...]`` internal subset. Unbalanced input runs to the end of the text,
    which only widens the scan for entity declarations."""
    quote = ""
    depth = 0
    for index in range(start + 2, len(text)):
        char = text[index]
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "[":
            depth += 1
        elif char == "]":
            depth = max(0, depth - 1)
        elif char == ">" and depth == 0:
            return index + 1
    return len(text)


def _xml_utf8_bytes(text: str) -> bytes:
    """The document as UTF-8 bytes, its prolog's ``encoding=`` rewritten to match.

    We decode with our own, sturdier rules first; the XML parser must then not
    re-decode the bytes with a stale declaration.
    """
    text = text.lstrip("\ufeff")
    text = re.sub(
        r"""\A(\s*<\?xml[^>]*?encoding\s*=\s*)(["'])[^"']*\2""",
        r"\1\2utf-8\2",
        text,
        count=1,
    )
    return text.encode("utf-8", errors="replace")


def _parse_xml(text: str, item: str, what: str) -> Any:
    """Parse XML with lxml, safely; returns the root element or raises SourceError."""
    from lxml import etree

    _refuse_hostile_xml(text, item)
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(_xml_utf8_bytes(text), parser)
    except etree.XMLSyntaxError as exc:
        raise SourceError(item, f"malformed {what}: {exc}") from None
    if root is None:
        raise SourceError(item, f"malformed {what}: no root element")
    return root


def _local(tag: Any) -> str:
    """An element's name without its namespace; "" for comments and entities."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _child_text(element: Any, name: str) -> str | None:
    for child in element:
        if _local(child.tag) == name:
            value = "".join(child.itertext()).strip()
            return value or None
    return None


# ---------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]*>")
_INVISIBLE = re.compile(r"<(script|style|template)\b.*?</\1\s*>", re.S | re.I)
_BLOCK_END = re.compile(r"</(p|div|li|h[1-6]|blockquote|tr|section|article)\s*>|<br\s*/?>", re.I)
_SPACES = re.compile(r"[ \t\u00a0]+")


def _html_text(markup: str) -> str:
    """Plain text of an HTML fragment: tags dropped, entities decoded, spaces collapsed.

    Good enough to count words and to read titles; real extraction is extract.py's job.
    """
    markup = _INVISIBLE.sub(" ", markup)
    markup = _BLOCK_END.sub("\n", markup)
    text = html_lib.unescape(_TAG.sub(" ", markup))
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _one_line(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


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


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=_json_default)


_TEASER_END = re.compile(
    r"(\.\.\.|…|\[\s*(?:\.\.\.|…)\s*\]|read more|continue reading|keep reading"
    r"|read the (?:full|whole|rest of the|rest of this|complete) (?:story|article|post|piece)"
    r"|read (?:the )?full (?:story|article))[\s\W]*$",
    re.I,
)


def is_teaser(text: str | None) -> bool:
    """True when a feed body is only a teaser and the page itself must be fetched.

    A teaser is: no body; a body under :data:`TEASER_MAX_WORDS` words; or a body that
    ends the way truncated excerpts end ("...", "…", "[…]", "Read more", "Continue
    reading", "Read the full story"), whatever its length, because a WordPress
    ``<!--more-->`` cut can leave a long first part.
    """
    if not text or not text.strip():
        return True
    if len(text.split()) < TEASER_MAX_WORDS:
        return True
    return bool(_TEASER_END.search(text[-80:]))


# ---------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------

_H = 3600
_TZINFOS = {
    "UTC": 0, "UT": 0, "GMT": 0, "Z": 0, "WET": 0,
    "EST": -5 * _H, "EDT": -4 * _H, "CST": -6 * _H, "CDT": -5 * _H,
    "MST": -7 * _H, "MDT": -6 * _H, "PST": -8 * _H, "PDT": -7 * _H,
    "AKST": -9 * _H, "AKDT": -8 * _H, "HST": -10 * _H,
    "BST": 1 * _H, "CET": 1 * _H, "CEST": 2 * _H, "EET": 2 * _H, "EEST": 3 * _H,
    "MSK": 3 * _H, "JST": 9 * _H, "KST": 9 * _H, "AEST": 10 * _H, "AEDT": 11 * _H,
}  # fmt: skip
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2[01]\d\d)(?!\d)")
_MIN_YEAR, _MAX_YEAR = 1800, 2200


def _aware_utc(value: datetime) -> datetime:
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def _from_epoch(value: float) -> datetime | None:
    if 1e11 < value < 1e14:  # milliseconds (JavaScript timestamps)
        value /= 1000
    if not 0 < value < 1e10:
        return None
    return datetime.fromtimestamp(value, tz=timezone.utc)


def _parse_date_string(s: str) -> datetime | None:
    s = s.strip()
    if not s or len(s) > 100:
        return None
    if s.isdigit():
        return _from_epoch(int(s)) if len(s) in (10, 13) else None
    try:
        return datetime.fromisoformat(s)
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(s)
        if parsed is not None:
            return parsed
    except (TypeError, ValueError, IndexError):
        pass
    if not _YEAR.search(s):
        # dateutil happily turns "12" or "May" into a date in the current year.
        return None
    from dateutil import parser as date_parser

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return date_parser.parse(s, tzinfos=_TZINFOS, default=datetime(1900, 1, 1))
        except (ValueError, OverflowError, TypeError):
            return None


def parse_date(value: Any) -> datetime | None:
    """An aware UTC datetime from whatever a source gives, or None; never raises.

    Reads ISO 8601, RFC 822/2822 (RSS), the common formats dateutil knows (with US
    and European zone abbreviations), epoch seconds or milliseconds, ``datetime``,
    ``date`` and ``time.struct_time``. A value without a zone is taken as UTC. Strings
    without a plausible year are refused, as are years outside 1800-2200.
    """
    try:
        result: datetime | None
        if value is None or isinstance(value, bool):
            return None
        if isinstance(value, datetime):
            result = value
        elif isinstance(value, date):
            result = datetime(value.year, value.month, value.day)
        elif isinstance(value, time.struct_time):
            result = datetime.fromtimestamp(calendar.timegm(value), tz=timezone.utc)
        elif isinstance(value, int | float):
            result = _from_epoch(float(value))
        elif isinstance(value, str):
            result = _parse_date_string(value)
        else:
            return None
        if result is None:
            return None
        result = _aware_utc(result)
        if not _MIN_YEAR <= result.year <= _MAX_YEAR:
            return None
        return result
    except Exception:  # noqa: BLE001 - the contract is "junk gives None"
        return None


# ---------------------------------------------------------------------------------------
# Feeds
# ---------------------------------------------------------------------------------------

_FEED_LINK_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/rdf+xml",
)


def discover_feeds(html: str, base_url: str) -> list[str]:
    """Feed URLs a page advertises with ``<link rel="alternate" type="...rss+xml">``.

    Order is the page's; duplicates dropped. Used to tell a user who gave a page URL
    where the feed is, and by the pipeline when it is given a site instead of a feed.
    """
    found: list[str] = []
    head = html[: html.lower().find("</head>") + 7] if "</head>" in html.lower() else html[:65536]
    for tag in re.finditer(r"<link\b[^>]*>", head, re.I):
        attrs = dict(
            (k.lower(), html_lib.unescape(v1 or v2 or v3))
            for k, v1, v2, v3 in re.findall(
                r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", tag.group(0)
            )
        )
        rels = attrs.get("rel", "").lower().split()
        if "alternate" in rels and attrs.get("type", "").lower() in _FEED_LINK_TYPES:
            href = attrs.get("href", "").strip()
            if href:
                url = _join(base_url, href)
                if url and url not in found:
                    found.append(url)
    return found


def parse_feed(data: bytes, url: str, content_type: str | None = None) -> FeedResult:
    """Read an RSS 0.9x/1.0/2.0, Atom or JSON Feed document into raw items.

    ``url`` is where the feed came from: relative links resolve against it (or
    against the feed's own site link when the feed is a local file), and it becomes
    each item's ``origin``. ``content_type`` (the HTTP header) supplies a charset and
    a hint. Entries without a usable http(s) link become ``errors``; a malformed
    document whose entries could still be recovered keeps them and says so in
    ``warnings``.

    Raises :class:`SourceError` for empty or binary input, an HTML page, an OPML
    list or sitemap given as a feed, hostile XML, and malformed XML with nothing
    recovered.
    """
    if not data or not data.strip():
        raise SourceError(url, "empty document, not a feed")
    text = decode_bytes(data, _charset_from_content_type(content_type), item=url)
    if not text.strip():
        raise SourceError(url, "empty document, not a feed")
    kind = sniff(text, content_type, url)
    if kind == "html":
        reason = "is an HTML page, not a feed"
        feeds = discover_feeds(text, url)
        if feeds:
            reason += f" (the page advertises: {', '.join(feeds[:3])})"
        raise SourceError(url, reason)
    if kind == "opml":
        raise SourceError(url, "is an OPML subscription list, not a feed")
    if kind == "sitemap":
        raise SourceError(url, "is a sitemap, not a feed")
    if text.lstrip().startswith(("{", "[")):
        try:
            doc = json.loads(text)
        except ValueError as exc:
            raise SourceError(url, f"invalid JSON: {exc}") from None
        if not (isinstance(doc, dict) and _JSONFEED_VERSION.match(str(doc.get("version", "")))):
            raise SourceError(
                url, "JSON but not a JSON Feed (no version https://jsonfeed.org/version/...)"
            )
        return _parse_json_feed(doc, url)
    _refuse_hostile_xml(text, url)
    return _parse_xml_feed(text, url)


def _benign_bozo(exc: BaseException | None) -> bool:
    import feedparser

    benign = (
        feedparser.CharacterEncodingOverride,
        feedparser.NonXMLContentType,
    )
    return isinstance(exc, benign)


def _parse_xml_feed(text: str, url: str) -> FeedResult:
    import feedparser

    headers = {"content-type": "application/xml; charset=utf-8"}
    if _is_web_url(url):
        headers["content-location"] = url
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = feedparser.parse(io.BytesIO(_xml_utf8_bytes(text)), response_headers=headers)
    exc = parsed.get("bozo_exception")
    malformed = bool(parsed.get("bozo")) and not _benign_bozo(exc)
    entries = parsed.get("entries") or []
    feed = parsed.get("feed") or {}
    version = parsed.get("version") or ""
    if not entries:
        if malformed:
            raise SourceError(url, f"malformed XML, no entries recovered: {exc}")
        if not version:
            raise SourceError(url, "not a feed: no RSS, RDF or Atom root element")
    site = feed.get("link") if _is_web_url(feed.get("link")) else None
    base = url if _is_web_url(url) else (site or url)
    result = FeedResult(
        items=[],
        errors=[],
        title=_one_line(feed.get("title")),
        link=site,
        version=version,
    )
    if malformed:
        result.warnings.append(f"malformed XML ({exc}); kept {len(entries)} recovered entries")
    ctx = _FeedContext(
        url=url,
        base=base,
        site_source=url_source(site),
        feed_title=result.title,
        language=_one_line(feed.get("language")),
    )
    for index, entry in enumerate(entries, 1):
        try:
            result.items.append(_xml_entry_item(entry, index, ctx))
        except SourceError as err:
            result.errors.append(err.as_record())
    return result


@dataclass(frozen=True)
class _FeedContext:
    url: str
    base: str
    site_source: str | None
    feed_title: str | None
    language: str | None


def _entry_label(ctx: _FeedContext, index: int, title: str | None) -> str:
    label = f"{ctx.url} entry {index}"
    return f"{label} ({title[:60]!r})" if title else label


def _resolve_link(base: str, *candidates: Any) -> str | None:
    for candidate in candidates:
        if isinstance(candidate, str) and candidate.strip():
            resolved = _join(base, candidate.strip())
            if _is_web_url(resolved):
                return resolved
    return None


def _xml_entry_item(entry: Mapping[str, Any], index: int, ctx: _FeedContext) -> RawItem:
    title = _one_line(entry.get("title"))
    if title and "html" in str((entry.get("title_detail") or {}).get("type", "")):
        title = _one_line(_html_text(title))
    alternates = [
        link.get("href")
        for link in entry.get("links") or []
        if isinstance(link, Mapping) and link.get("rel", "alternate") == "alternate"
    ]
    entry_id = entry.get("id")
    url = _resolve_link(
        ctx.base,
        entry.get("link"),
        *alternates,
        entry_id if isinstance(entry_id, str) and "://" in entry_id else None,
    )
    if url is None:
        raise SourceError(_entry_label(ctx, index, title), "entry has no usable http(s) link")

    # Full content (content:encoded, atom:content) over the summary, when it says more.
    body, body_type = None, ""
    contents = [c for c in entry.get("content") or [] if isinstance(c, Mapping) and c.get("value")]
    if contents:
        best = max(contents, key=lambda c: len(c.get("value") or ""))
        body, body_type = best["value"], str(best.get("type", ""))
    summary = entry.get("summary")
    if summary and (not body or len(_html_text(summary)) > len(_html_text(body))):
        body = summary
        body_type = str((entry.get("summary_detail") or {}).get("type", "text/html"))
    is_html = body is not None and ("html" in body_type or body_type == "")
    plain = _html_text(body) if (body and is_html) else (body or "")

    published = None
    for key in ("published", "updated", "created"):
        published = parse_date(entry.get(key)) or parse_date(entry.get(f"{key}_parsed"))
        if published:
            break

    names = [
        _one_line(a.get("name"))
        for a in entry.get("authors") or []
        if isinstance(a, Mapping) and _one_line(a.get("name"))
    ]
    author = ", ".join(dict.fromkeys(n for n in names if n)) or _one_line(entry.get("author"))

    language = _one_line((entry.get("title_detail") or {}).get("language")) or ctx.language
    tags = [
        t.get("term") for t in entry.get("tags") or [] if isinstance(t, Mapping) and t.get("term")
    ]
    metadata: dict[str, Any] = {}
    if ctx.feed_title:
        metadata["feed_title"] = ctx.feed_title
    if isinstance(entry_id, str) and entry_id:
        metadata["entry_id"] = entry_id
    if tags:
        metadata["tags"] = tags
    raw = _dumps({k: v for k, v in entry.items() if not k.endswith("_parsed")})
    return RawItem(
        url=url,
        origin=ctx.url,
        raw=raw,
        raw_type="json",
        title=title,
        html=body if is_html else None,
        text=None if is_html else body,
        published=published,
        source=ctx.site_source or url_source(url),
        author=author or None,
        language=language,
        metadata=metadata,
        needs_fetch=is_teaser(plain),
    )


def _json_feed_authors(obj: Mapping[str, Any]) -> list[str]:
    authors = obj.get("authors")  # JSON Feed 1.1
    if not isinstance(authors, list):
        single = obj.get("author")  # JSON Feed 1.0
        authors = [single] if single else []
    names = []
    for author in authors:
        name = _one_line(author.get("name")) if isinstance(author, Mapping) else _one_line(author)
        if name and name not in names:
            names.append(name)
    return names


def _parse_json_feed(doc: Mapping[str, Any], url: str) -> FeedResult:
    """Read a JSON Feed 1.0/1.1 document (https://jsonfeed.org/version/1.1)."""
    items = doc.get("items")
    if not isinstance(items, list):
        raise SourceError(url, "JSON Feed without an items list")
    home = doc.get("home_page_url") if _is_web_url(doc.get("home_page_url")) else None
    feed_url = doc.get("feed_url") if _is_web_url(doc.get("feed_url")) else None
    base = url if _is_web_url(url) else (feed_url or home or url)
    version = "json" + str(doc.get("version", "")).rstrip("/").rsplit("/", 1)[-1].replace(".", "")
    result = FeedResult(
        items=[], errors=[], title=_one_line(doc.get("title")), link=home, version=version
    )
    ctx = _FeedContext(
        url=url,
        base=base,
        site_source=url_source(home),
        feed_title=result.title,
        language=_one_line(doc.get("language")),
    )
    feed_authors = _json_feed_authors(doc)
    for index, it in enumerate(items, 1):
        if not isinstance(it, Mapping):
            result.errors.append(
                ItemError(_entry_label(ctx, index, None), "source", "item is not a JSON object")
            )
            continue
        title = _one_line(it.get("title"))
        item_id = it.get("id")
        link = _resolve_link(
            base,
            it.get("url"),
            it.get("external_url"),
            item_id if isinstance(item_id, str) and "://" in item_id else None,
        )
        if link is None:
            result.errors.append(
                ItemError(
                    _entry_label(ctx, index, title), "source", "item has no usable http(s) url"
                )
            )
            continue
        content_html = it.get("content_html") if isinstance(it.get("content_html"), str) else None
        content_text = it.get("content_text") if isinstance(it.get("content_text"), str) else None
        summary = it.get("summary") if isinstance(it.get("summary"), str) else None
        if content_html:
            html_body, text_body, plain = content_html, None, _html_text(content_html)
        elif content_text:
            html_body, text_body, plain = None, content_text, content_text
        else:
            html_body, text_body, plain = None, summary, summary or ""
        metadata: dict[str, Any] = {}
        if ctx.feed_title:
            metadata["feed_title"] = ctx.feed_title
        if item_id is not None:
            metadata["entry_id"] = str(item_id)
        tags = it.get("tags")
        if isinstance(tags, list) and tags:
            metadata["tags"] = [str(t) for t in tags]
        if summary and (content_html or content_text):
            metadata["summary"] = summary
        names = _json_feed_authors(it) or feed_authors
        result.items.append(
            RawItem(
                url=link,
                origin=url,
                raw=_dumps(it),
                raw_type="json",
                title=title,
                html=html_body,
                text=text_body,
                published=(
                    parse_date(it.get("date_published")) or parse_date(it.get("date_modified"))
                ),
                source=ctx.site_source or url_source(link),
                author=", ".join(names) or None,
                language=_one_line(it.get("language")) or ctx.language,
                metadata=metadata,
                needs_fetch=is_teaser(plain),
            )
        )
    return result


# ---------------------------------------------------------------------------------------
# OPML
# ---------------------------------------------------------------------------------------


def parse_opml(data: bytes, origin: str) -> list[FeedRef]:
    """The feeds an OPML subscription list names, in document order, without repeats.

    Every ``<outline>`` with an ``xmlUrl`` is a feed; outlines without one are folders
    whose titles become the feeds' ``category`` ("News / Europe"). Relative ``xmlUrl``
    values resolve against ``origin`` when it is a URL. Raises :class:`SourceError` for
    malformed or hostile XML and for documents that are not OPML.
    """
    if not data or not data.strip():
        raise SourceError(origin, "empty document, not OPML")
    text = decode_bytes(data, item=origin)
    root = _parse_xml(text, origin, "OPML")
    if _local(root.tag).lower() != "opml":
        raise SourceError(origin, f"not an OPML document (root element <{_local(root.tag)}>)")
    body = next((c for c in root if _local(c.tag).lower() == "body"), None)
    if body is None:
        raise SourceError(origin, "OPML document without a <body>")
    refs: list[FeedRef] = []
    seen: set[str] = set()

    def walk(element: Any, path: tuple[str, ...]) -> None:
        for outline in element:
            if _local(outline.tag).lower() != "outline":
                continue
            attrs = {str(k).lower(): v for k, v in outline.attrib.items()}
            label = _one_line(attrs.get("text")) or _one_line(attrs.get("title"))
            xml_url = (attrs.get("xmlurl") or "").strip()
            if not xml_url:
                walk(outline, path + ((label,) if label else ()))
                continue
            url = (_join(origin, xml_url) or xml_url) if _is_web_url(origin) else xml_url
            if url in seen:
                continue
            seen.add(url)
            category = " / ".join(path) or None
            if category is None and attrs.get("category"):
                first = attrs["category"].split(",")[0].strip().strip("/")
                category = first.replace("/", " / ") or None
            refs.append(
                FeedRef(
                    url=url,
                    title=_one_line(attrs.get("title")) or label,
                    category=category,
                    html_url=(attrs.get("htmlurl") or "").strip() or None,
                )
            )

    # Recursion depth is bounded: lxml without huge_tree refuses nesting beyond 256.
    walk(body, ())
    return refs


# ---------------------------------------------------------------------------------------
# Sitemaps
# ---------------------------------------------------------------------------------------


def gunzip_if_compressed(data: bytes, item: str, max_bytes: int = MAX_SITEMAP_BYTES) -> bytes:
    """Bytes as served, with a gzip layer removed if there is one (``.xml.gz`` sitemaps
    and feeds served as ``application/x-gzip`` rather than with Content-Encoding)."""
    return _gunzip(data, item, max_bytes) if data[:2] == b"\x1f\x8b" else data


def _gunzip(data: bytes, item: str, max_bytes: int) -> bytes:
    """Decompress gzip data, refusing output beyond ``max_bytes`` (gzip bombs)."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise SourceError(item, f"corrupt gzip data: {exc}") from None
    if len(out) > max_bytes:
        raise SourceError(item, f"gzip data expands beyond the {max_bytes // 2**20} MiB limit")
    if not inflater.eof:
        raise SourceError(item, "truncated gzip data")
    return out


def parse_sitemap(data: bytes, origin: str, *, max_bytes: int = MAX_SITEMAP_BYTES) -> Sitemap:
    """Pages and child sitemaps listed in a sitemap (XML, gzipped XML, or plain text).

    ``<urlset>`` gives entries: ``loc``, ``published`` from ``news:publication_date``
    or else ``lastmod``, ``title``/``language``/``publication``/``keywords`` from the
    Google News extension. ``<sitemapindex>`` gives child sitemap URLs. Gzipped input
    (``.xml.gz``) is decompressed up to ``max_bytes``. Raises :class:`SourceError` for
    anything that is not a sitemap.
    """
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, origin, max_bytes)
    if not data or not data.strip():
        raise SourceError(origin, "empty document, not a sitemap")
    text = decode_bytes(data, item=origin)
    if not text.lstrip().startswith("<"):
        return _text_sitemap(text, origin)
    root = _parse_xml(text, origin, "sitemap XML")
    kind = _local(root.tag)
    sitemap = Sitemap(entries=[], sitemaps=[])
    base = origin if _is_web_url(origin) else ""
    if kind == "sitemapindex":
        for index, child in enumerate((c for c in root if _local(c.tag) == "sitemap"), 1):
            loc = _resolve_link(base, _child_text(child, "loc"))
            if loc is None:
                sitemap.errors.append(
                    ItemError(f"{origin} sitemap {index}", "source", "no usable http(s) <loc>")
                )
            elif loc not in sitemap.sitemaps:
                sitemap.sitemaps.append(loc)
        return sitemap
    if kind != "urlset":
        raise SourceError(origin, f"not a sitemap (root element <{kind}>)")
    seen: set[str] = set()
    for index, child in enumerate((c for c in root if _local(c.tag) == "url"), 1):
        loc = _resolve_link(base, _child_text(child, "loc"))
        if loc is None:
            sitemap.errors.append(
                ItemError(f"{origin} url {index}", "source", "no usable http(s) <loc>")
            )
            continue
        if loc in seen:
            continue
        seen.add(loc)
        news = next((c for c in child if _local(c.tag) == "news"), None)
        title = language = publication = None
        published = None
        keywords: tuple[str, ...] = ()
        if news is not None:
            title = _one_line(_child_text(news, "title"))
            published = parse_date(_child_text(news, "publication_date"))
            pub = next((c for c in news if _local(c.tag) == "publication"), None)
            if pub is not None:
                publication = _one_line(_child_text(pub, "name"))
                language = _one_line(_child_text(pub, "language"))
            raw_keywords = _child_text(news, "keywords") or ""
            keywords = tuple(k.strip() for k in raw_keywords.split(",") if k.strip())
        if published is None:
            published = parse_date(_child_text(child, "lastmod"))
        sitemap.entries.append(
            SitemapEntry(
                url=loc,
                published=published,
                title=title,
                language=language,
                publication=publication,
                keywords=keywords,
            )
        )
    return sitemap


def _text_sitemap(text: str, origin: str) -> Sitemap:
    """The sitemaps.org plain-text form: one absolute URL per line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines or not all(_is_web_url(line) for line in lines[:20]):
        raise SourceError(origin, "not a sitemap (neither XML nor a list of URLs)")
    sitemap = Sitemap(entries=[], sitemaps=[])
    for number, line in enumerate(lines, 1):
        if _is_web_url(line):
            sitemap.entries.append(SitemapEntry(url=line))
        else:
            sitemap.errors.append(ItemError(f"{origin} line {number}", "source", "not a URL"))
    return sitemap


# ---------------------------------------------------------------------------------------
# JSON records and JSON Lines
# ---------------------------------------------------------------------------------------

_RECORD_FIELDS = ("url", "title", "text", "html", "published", "source", "author", "language")


def _type_name(value: Any) -> str:
    names = {dict: "an object", list: "a list", bool: "a boolean", str: "a string"}
    if value is None:
        return "null"
    return names.get(type(value), "a number" if isinstance(value, int | float) else "a value")


def record_to_item(
    record: Mapping[str, Any], origin: str, raw: str | None = None, item: str | None = None
) -> RawItem:
    """One JSON article record (the JSON Lines input contract) as a raw item.

    Fields: ``url`` (required, absolute http(s) or file URL), ``text`` or ``html``
    (one required), ``title``, ``published`` (ISO 8601 or another readable date),
    ``source`` (default: the URL's host), ``author`` (a string or a list of names),
    ``language``. Other keys are kept in ``metadata`` (a ``metadata`` object is
    merged in). Raises :class:`SourceError` naming ``item`` (default: the URL or
    ``origin``) and the first problem found.
    """
    label = item or origin
    url = record.get("url")
    if url is None or (isinstance(url, str) and not url.strip()):
        raise SourceError(label, "missing required field url")
    if not isinstance(url, str):
        raise SourceError(label, f"url must be a string, got {_type_name(url)}")
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced IPv6 bracket
        parts = urlsplit("")
    if not (_is_web_url(url) or (parts.scheme == "file" and parts.path)):
        raise SourceError(label, f"url is not an absolute http(s) URL: {url[:200]!r}")
    for name in ("title", "text", "html", "source", "language"):
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise SourceError(label, f"{name} must be a string, got {_type_name(value)}")
    text = record.get("text") if (record.get("text") or "").strip() else None
    html = record.get("html") if (record.get("html") or "").strip() else None
    if text is None and html is None:
        raise SourceError(label, "missing required field text or html")
    published = None
    if record.get("published") not in (None, ""):
        published = parse_date(record["published"])
        if published is None:
            shown = str(record["published"])[:80]
            raise SourceError(label, f"published is not a date: {shown!r}")
    author = record.get("author")
    if isinstance(author, list) and all(isinstance(a, str) for a in author):
        author = ", ".join(a.strip() for a in author if a.strip())
    elif author is not None and not isinstance(author, str):
        raise SourceError(
            label, f"author must be a string or a list of names, got {_type_name(author)}"
        )
    metadata: dict[str, Any] = {}
    extra = record.get("metadata")
    if isinstance(extra, Mapping):
        metadata.update(extra)
    for key, value in record.items():
        if key not in _RECORD_FIELDS and not (key == "metadata" and isinstance(value, Mapping)):
            metadata[key] = value
    return RawItem(
        url=url,
        origin=origin,
        raw=raw if raw is not None else _dumps(dict(record)),
        raw_type="json",
        title=_one_line(record.get("title")),
        text=text,
        html=html,
        published=published,
        source=_one_line(record.get("source")) or url_source(url),
        author=_one_line(author) if author else None,
        language=_one_line(record.get("language")),
        metadata=metadata,
    )


def _iter_lines(
    stream: IO[bytes] | IO[str] | Iterable[str] | Iterable[bytes],
) -> Iterator[Any]:
    if isinstance(stream, str | bytes):
        yield from stream.splitlines()
    else:
        yield from stream


def read_jsonl(
    stream: IO[bytes] | IO[str] | Iterable[str], origin: str = "stdin"
) -> Iterator[RawItem | ItemError]:
    """Raw items from JSON Lines: one article record (see :func:`record_to_item`) a line.

    A bad line becomes an :class:`ItemError` naming it ("stdin line 7: invalid JSON:
    ..."), and the lines after it go on. Blank lines are skipped; ``raw`` is the line
    itself. Lines must be UTF-8 (the JSON Lines rule); a BOM on the first is ignored.
    """
    for number, line in enumerate(_iter_lines(stream), 1):
        label = f"{origin} line {number}"
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                reason = f"not UTF-8 text: {exc.reason} at byte {exc.start}"
                yield ItemError(label, "source", reason)
                continue
        if number == 1:
            line = line.lstrip("\ufeff")
        line = line.strip()
        if not line:
            continue
        if len(line) > MAX_JSONL_LINE_CHARS:
            yield ItemError(
                label,
                "source",
                f"record of {len(line)} characters is over the {MAX_JSONL_LINE_CHARS} limit",
            )
            continue
        try:
            record = json.loads(line)
        except ValueError as exc:
            yield ItemError(label, "source", f"invalid JSON: {exc}")
            continue
        if not isinstance(record, dict):
            yield ItemError(label, "source", f"not a JSON object (got {_type_name(record)})")
            continue
        try:
            yield record_to_item(record, origin=origin, raw=line, item=label)
        except SourceError as err:
            yield err.as_record()


# ---------------------------------------------------------------------------------------
# Text articles
# ---------------------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_DATE_LINE = re.compile(
    r"\A\s*(?:date|dated|published)\s*[:\-]?\s*"
    r"(\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)"
    r"(?![\d:])[ \t]*(?:\n)?",
    re.I,
)
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$")
_SETEXT = re.compile(r"^(=+|-+)[ \t]*$")
# Titles are headlines: news headlines run 5-15 words; 20 words / 200 characters leaves
# room for long ones while ruling out a first paragraph (seed 000's runs 56 words).
_TITLE_MAX_WORDS = 20
_TITLE_MAX_CHARS = 200


def _take_date_line(body: str) -> tuple[datetime | None, str]:
    m = _DATE_LINE.match(body)
    if not m:
        return None, body
    published = parse_date(m.group(1))
    if published is None:
        return None, body
    return published, body[m.end():].lstrip(" \t")


def _looks_like_title(line: str, next_line: str | None) -> bool:
    if len(line) > _TITLE_MAX_CHARS or len(line.split()) > _TITLE_MAX_WORDS:
        return False
    if line.endswith((".", ",", ";", ":", "…")) or not any(ch.isalpha() for ch in line):
        return False
    if line[0] in "-*+>|[(`" or re.match(r"\d+[.)]\s", line) or "://" in line:
        return False
    if next_line is None or not next_line.strip():
        return True
    # No blank line after it: a title only if the next line does not carry on the
    # same sentence, as a hard-wrapped paragraph would (lower-case continuation).
    return not next_line.lstrip()[:1].islower()


def _take_title(body: str) -> tuple[str | None, str]:
    lines = body.split("\n")
    first_index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first_index is None:
        return None, body
    first = lines[first_index].strip()
    rest_lines = lines[first_index + 1:]
    heading = _MD_HEADING.match(first)
    title = None
    if heading:
        title = heading.group(1).strip()
    elif rest_lines and _SETEXT.match(rest_lines[0].strip()) and len(rest_lines[0].strip()) >= 3:
        title = first
        rest_lines = rest_lines[1:]
    elif _looks_like_title(first, rest_lines[0] if rest_lines else None):
        title = first
    rest = "\n".join(rest_lines).strip("\n")
    if title is None or not rest.strip():
        return None, body
    return title, rest


def _front_matter(body: str) -> tuple[dict[str, str], str]:
    m = _FRONT_MATTER.match(body)
    if not m:
        return {}, body
    fields: dict[str, str] = {}
    for line in m.group(1).split("\n"):
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith((" ", "\t", "-")):
            fields[key.strip().lower()] = value.strip().strip("\"'")
    if not fields:
        return {}, body
    return fields, body[m.end():]


def parse_text_article(text: str, path_or_url: str) -> RawItem:
    """A plain-text or Markdown article as a raw item.

    Reads, in order: optional YAML-style front matter (``title``, ``date``,
    ``author``, ``source``, ``url``, ``language``); a leading ``date YYYY-MM-DD``
    (after any whitespace, possibly followed by the first sentence on the same line),
    which sets ``published`` and is removed; a title line - a Markdown heading, a
    setext heading, or a short first line (at most 20 words) without a closing period
    that is not followed by a lower-case continuation; and a date line right after
    the title. Without a title line, ``title`` is None and the pipeline derives one.

    ``path_or_url`` is a URL (kept) or a file path (turned into a ``file://`` URI);
    it is also the item's ``origin``. Raises :class:`SourceError` for empty text.
    """
    raw = text
    body = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    fields, body = _front_matter(body)
    title = _one_line(fields.get("title"))
    published = parse_date(fields.get("date") or fields.get("published"))
    date_found, body = _take_date_line(body)
    published = published or date_found
    if title is None:
        title, body = _take_title(body)
    if published is None:
        date_found, body = _take_date_line(body)
        published = date_found
    body = body.strip()
    if not body:
        raise SourceError(path_or_url, "empty article: no text")
    if re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*://", path_or_url):
        url = path_or_url
    else:
        url = Path(path_or_url).resolve().as_uri()
    declared_url = fields.get("url") or fields.get("canonical_url")
    if _is_web_url(declared_url):
        url = declared_url  # type: ignore[assignment]
    known = ("title", "date", "published", "author", "source", "url", "canonical_url", "language")
    metadata = {k: v for k, v in fields.items() if k not in known}
    return RawItem(
        url=url,
        origin=path_or_url,
        raw=raw,
        raw_type="text",
        title=title,
        text=body,
        published=published,
        source=_one_line(fields.get("source")) or url_source(url),
        author=_one_line(fields.get("author")),
        language=_one_line(fields.get("language")),
        metadata=metadata,
    )


# ---------------------------------------------------------------------------------------
# Files and folders
# ---------------------------------------------------------------------------------------


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    item = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SourceError(
                item, f"file is {size / 2**20:.1f} MiB, over the {max_bytes / 2**20:g} MiB limit"
            )
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise SourceError(item, f"cannot read file: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise SourceError(item, f"file grew past the {max_bytes / 2**20:g} MiB limit while reading")
    if not data.strip():
        raise SourceError(item, "empty file")
    return data


def _file_uri(path: Path) -> str:
    return path.resolve().as_uri()


def _page_url(html: str) -> str | None:
    """The page's own URL from ``<link rel=canonical>`` or ``og:url``, if absolute."""
    from lxml import etree
    from lxml import html as lxml_html

    end = html.lower().find("</head>")
    head = html[: end + 7] if end >= 0 else html[:262144]
    try:
        doc = lxml_html.document_fromstring(head, parser=lxml_html.HTMLParser(no_network=True))
    except (etree.ParserError, ValueError):
        return None
    for link in doc.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            href = (link.get("href") or "").strip()
            if _is_web_url(href):
                return href
    for meta in doc.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").lower() == "og:url":
            content = (meta.get("content") or "").strip()
            if _is_web_url(content):
                return content
    return None


def _read_html(path: Path, data: bytes) -> Iterator[PathResult]:
    text = decode_bytes(data, item=str(path))
    url = _page_url(text) or _file_uri(path)
    yield RawItem(
        url=url,
        origin=str(path),
        raw=text,
        raw_type="html",
        html=text,
        source=url_source(url),
    )


def _read_text(path: Path, data: bytes) -> Iterator[PathResult]:
    yield parse_text_article(decode_bytes(data, item=str(path)), str(path))


def _read_json(path: Path, data: bytes) -> Iterator[PathResult]:
    item = str(path)
    text = decode_bytes(data, item=item)
    try:
        doc = json.loads(text)
    except ValueError as exc:
        if sniff(text) == "jsonl":  # JSON Lines saved as .json: read it line by line
            yield from read_jsonl(text.splitlines(), origin=item)
            return
        raise SourceError(item, f"invalid JSON: {exc}") from None
    if isinstance(doc, dict) and _JSONFEED_VERSION.match(str(doc.get("version", ""))):
        uri = _file_uri(path)
        result = _parse_json_feed(doc, uri)
        for raw_item in result.items:
            yield replace(raw_item, origin=item)
        for error in result.errors:
            yield replace(error, item=error.item.replace(uri, item, 1))
    elif isinstance(doc, dict):
        yield record_to_item(doc, origin=item, raw=text.strip())
    elif isinstance(doc, list):
        for index, record in enumerate(doc, 1):
            label = f"{item} record {index}"
            if not isinstance(record, dict):
                yield ItemError(label, "source", f"not a JSON object (got {_type_name(record)})")
                continue
            try:
                yield record_to_item(record, origin=item, item=label)
            except SourceError as err:
                yield err.as_record()
    else:
        raise SourceError(
            item, f"JSON holds {_type_name(doc)}, not an article record or a list of them"
        )


def _read_jsonl_file(path: Path, data: bytes) -> Iterator[PathResult]:
    text = decode_bytes(data, item=str(path))
    yield from read_jsonl(text.splitlines(), origin=str(path))


def _read_opml(path: Path, data: bytes) -> Iterator[PathResult]:
    refs = parse_opml(data, str(path))
    if not refs:
        raise SourceError(str(path), "OPML lists no feeds (no outline has an xmlUrl)")
    yield OpmlRefs(path=path, refs=tuple(refs))


def _read_xml(path: Path, data: bytes) -> Iterator[PathResult]:
    kind = sniff(data, url=path.name)
    if kind == "opml":
        yield from _read_opml(path, data)
    elif kind == "sitemap":
        yield SitemapRefs(path=path, sitemap=parse_sitemap(data, str(path)))
    else:
        uri = _file_uri(path)
        result = parse_feed(data, uri)
        for raw_item in result.items:
            yield replace(raw_item, origin=str(path))
        for error in result.errors:
            yield replace(error, item=error.item.replace(uri, str(path), 1))


_HANDLERS = {
    ".html": _read_html,
    ".htm": _read_html,
    ".xhtml": _read_html,
    ".txt": _read_text,
    ".md": _read_text,
    ".markdown": _read_text,
    ".json": _read_json,
    ".jsonl": _read_jsonl_file,
    ".ndjson": _read_jsonl_file,
    ".opml": _read_opml,
    ".xml": _read_xml,
    ".rss": _read_xml,
    ".atom": _read_xml,
    ".rdf": _read_xml,
}


def _read_file(path: Path, max_bytes: int) -> Iterator[PathResult]:
    item = str(path)
    suffixes = [s.lower() for s in path.suffixes]
    ext = suffixes[-1] if suffixes else ""
    gzipped = ext == ".gz"
    if gzipped:
        ext = suffixes[-2] if len(suffixes) > 1 else ""
    handler = _HANDLERS.get(ext)
    if handler is None:
        shown = ext + (".gz" if gzipped else "") if ext else "(no extension)"
        yield ItemError(item, "source", f"unsupported file type {shown}")
        return
    if not path.is_file():  # a FIFO would block the read forever; a dangling link fails
        yield ItemError(item, "source", "not a regular file (a pipe, device or broken link)")
        return
    try:
        data = _read_bytes(path, max_bytes)
        if gzipped:
            data = _gunzip(data, item, max_bytes)
            if not data.strip():
                raise SourceError(item, "empty file")
        yield from handler(path, data)
    except SourceError as err:
        yield err.as_record()


def _walk(folder: Path) -> Iterator[Path]:
    """Files under ``folder``, sorted, hidden files and folders skipped, links not followed."""
    for current, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(current) / name


def read_path(path: Path | str, *, max_bytes: int = MAX_FILE_BYTES) -> Iterator[PathResult]:
    """Everything a file or folder holds, one result at a time.

    A folder is read recursively in sorted order, skipping hidden files and folders.
    By extension: ``.html``/``.htm`` pages (url from ``<link rel=canonical>`` or
    ``og:url``, else the ``file://`` URI); ``.txt``/``.md`` articles
    (:func:`parse_text_article`); ``.json`` (a record, a list of records, or a JSON
    Feed); ``.jsonl`` (:func:`read_jsonl`); ``.xml``/``.rss``/``.atom`` feeds (an
    ``.xml`` OPML list or sitemap is recognised by content); ``.opml`` lists; any of
    these gzipped (``.gz``).

    Yields :class:`RawItem` records, :class:`ItemError` for each file or record that
    could not be read (unsupported type, empty, binary, malformed, over ``max_bytes``)
    - the rest of the folder goes on - and, for subscription lists and sitemaps, an
    :class:`OpmlRefs` / :class:`SitemapRefs` marker carrying the URLs the pipeline
    must fetch.
    """
    root = Path(path)
    try:
        if root.is_dir():
            for file in _walk(root):
                yield from _read_file(file, max_bytes)
        elif root.is_file():
            yield from _read_file(root, max_bytes)
        elif root.exists():
            yield ItemError(str(root), "source", "not a regular file or folder")
        else:
            yield ItemError(str(root), "source", "no such file or folder")
    except OSError as exc:
        yield ItemError(str(root), "source", f"cannot read: {exc.strerror or exc}")


def read_opml_file(path: Path | str, *, max_bytes: int = MAX_FILE_BYTES) -> list[FeedRef]:
    """The feeds an OPML file lists (see :func:`parse_opml`); raises SourceError."""
    path = Path(path)
    return parse_opml(_read_bytes(path, max_bytes), str(path))

