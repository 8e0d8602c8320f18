"""Feeds: RSS 0.9x/1.0/2.0, Atom and JSON Feed documents into raw items.

XML feeds go through feedparser, which smooths over their many dialects, after the
hostile-XML screen in :mod:`.safexml`; JSON Feed is read directly. A body that is
only a teaser (:func:`is_teaser`) marks its item ``needs_fetch`` so the pipeline
fetches the page itself. :func:`discover_feeds` finds the feeds an HTML page
advertises, for when the user gives a site instead of a feed.
"""

from __future__ import annotations

import html as html_lib
import io
import json
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from newsprism.records import ItemError, RawItem

from .base import FeedResult, SourceError, _dumps, _one_line
from .dates import parse_date
from .decode import _charset_from_content_type, decode_bytes
from .safexml import _refuse_hostile_xml, _xml_utf8_bytes
from .sniff import _JSONFEED_VERSION, sniff
from .urls import _is_web_url, _join, _resolve_link, url_source


#: A feed body with fewer words than this is a teaser, and the page must be fetched.
#: Evidence: WordPress excerpts default to 55 words (``excerpt_length``) and Drupal
#: teasers to 600 characters (~100 English words); news outlets' RSS descriptions are
#: one to three sentences (20-70 words). Full-text news items, even wire briefs, are
#: rarely under 150 words. A false "teaser" costs one page fetch; a missed one stores a
#: truncated article, so the threshold sits above the longest common teaser.
TEASER_MAX_WORDS = 120


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
