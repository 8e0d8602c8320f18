"""Sitemaps: the pages a site lists, in sitemaps.org XML (gzipped or not) or plain text.

Many news sites that publish no useful feed publish a Google News sitemap, whose
entries carry a title, a publication date and a language; those are kept so the
pipeline can decide what to fetch. A sitemap index gives child sitemaps, which the
pipeline follows to a bounded depth.
"""

from __future__ import annotations

from newsprism.records import ItemError

from .base import MAX_SITEMAP_BYTES, Sitemap, SitemapEntry, SourceError, _one_line
from .dates import parse_date
from .decode import _gunzip, decode_bytes
from .safexml import _child_text, _local, _parse_xml
from .urls import _is_web_url, _resolve_link


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
