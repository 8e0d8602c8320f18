"""OPML: the feeds a subscription list names, with its folders as categories.

OPML is how people move their subscriptions between feed readers, so reading it is how
a user brings an existing feed list. Only references come out (:class:`FeedRef`):
fetching the feeds is the pipeline's job.
"""

from __future__ import annotations

from typing import Any

from .base import FeedRef, SourceError, _one_line
from .decode import decode_bytes
from .safexml import _local, _parse_xml
from .urls import _is_web_url, _join


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
