"""Files and folders: read local inputs by extension and hand each to its reader.

:func:`read_path` walks a folder, reads each file under a size cap, removes a gzip
layer, and yields what the file holds. One unreadable file becomes an
:class:`~newsprism.records.ItemError` naming it, and the rest of the folder goes on.
OPML lists and sitemaps cannot become articles without the network, so for those it
yields the references the pipeline must fetch.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from newsprism.records import ItemError, RawItem

from .base import MAX_FILE_BYTES, FeedRef, OpmlRefs, PathResult, SitemapRefs, SourceError
from .decode import _gunzip, decode_bytes
from .feeds import _parse_json_feed, parse_feed
from .jsonl import _type_name, read_jsonl, record_to_item
from .opml import parse_opml
from .sitemaps import parse_sitemap
from .sniff import _JSONFEED_VERSION, sniff
from .text import parse_text_article
from .urls import _is_web_url, url_source


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
