"""Sources: turn every kind of input into :class:`~newsprism.records.RawItem` records.

Feeds (RSS 0.9x/1.0/2.0, Atom, JSON Feed), OPML subscription lists, sitemaps, local
files and folders, and JSON Lines all end up here. Nothing in this package touches the
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

The modules, in the order an input meets them:

* :mod:`.base` - size limits, :class:`SourceError`, the result records;
* :mod:`.decode` - bytes to text (binary refusal, charsets, gzip);
* :mod:`.sniff` - what a document is (feed, OPML, sitemap, HTML, JSON...);
* :mod:`.safexml` - hostile-XML refusal and locked-down lxml parsing;
* :mod:`.feeds`, :mod:`.opml`, :mod:`.sitemaps`, :mod:`.jsonl`, :mod:`.text` - one
  reader per input kind, with :mod:`.dates` and :mod:`.urls` shared by all;
* :mod:`.files` - local files and folders, dispatched to the readers by extension.

Callers import from this package (``from newsprism import sources``); the names below
are its public interface.
"""

from __future__ import annotations

from .base import (
    MAX_FILE_BYTES,
    MAX_SITEMAP_BYTES,
    FeedRef,
    FeedResult,
    OpmlRefs,
    PathResult,
    Sitemap,
    SitemapEntry,
    SitemapRefs,
    SourceError,
    SourceKind,
)
from .dates import parse_date
from .decode import decode_bytes, gunzip_if_compressed
from .feeds import TEASER_MAX_WORDS, discover_feeds, is_teaser, parse_feed
from .files import read_opml_file, read_path
from .jsonl import MAX_JSONL_LINE_CHARS, read_jsonl, record_to_item
from .opml import parse_opml
from .sitemaps import parse_sitemap
from .sniff import sniff
from .text import parse_text_article
from .urls import url_source

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_JSONL_LINE_CHARS",
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
    "gunzip_if_compressed",
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
