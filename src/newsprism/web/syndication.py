"""Story feeds: Atom 1.0 and RSS 2.0 of the top stories.

Built with ElementTree, never by pasting strings: titles and tags come from articles
(hostile text), and the serializer escapes every character XML gives a meaning to.
Characters XML 1.0 forbids (control characters) are dropped first, or a feed reader would
reject the whole document because of one bad headline.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from email.utils import format_datetime
from typing import Sequence

from .feed import StoryCard

_XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
ATOM_NS = "http://www.w3.org/2005/Atom"
ET.register_namespace("", ATOM_NS)  # Atom as the default namespace, not "ns0:"


def _clean(text: str) -> str:
    return _XML_FORBIDDEN.sub("", text or "")


def _summary(card: StoryCard) -> str:
    a, n = card.article_count, card.source_count
    parts = [f"{a} article{'s' if a != 1 else ''} from {n} source{'s' if n != 1 else ''}"]
    if card.leaning != "unknown":
        parts.append(f"coverage leaning: {card.leaning}")
    if card.blindspot:
        parts.append(f"blindspot: little coverage from the {card.blindspot}")
    if card.tags:
        parts.append("about " + ", ".join(card.tags))
    return _clean("; ".join(parts) + ".")


def atom(cards: Sequence[StoryCard], base_url: str, now: datetime) -> bytes:
    base = base_url.rstrip("/")
    q = lambda tag: f"{{{ATOM_NS}}}{tag}"  # noqa: E731
    feed = ET.Element(q("feed"))
    ET.SubElement(feed, q("title")).text = "newsprism: top stories"
    ET.SubElement(feed, q("id")).text = f"{base}/"
    ET.SubElement(feed, q("link"), href=f"{base}/")
    ET.SubElement(feed, q("link"), rel="self", href=f"{base}/feed.atom")
    updated = max((c.last_updated for c in cards if c.last_updated), default=now)
    ET.SubElement(feed, q("updated")).text = updated.astimezone(timezone.utc).isoformat()
    ET.SubElement(ET.SubElement(feed, q("author")), q("name")).text = "newsprism"
    for c in cards:
        entry = ET.SubElement(feed, q("entry"))
        ET.SubElement(entry, q("title")).text = _clean(c.title)
        ET.SubElement(entry, q("id")).text = f"{base}/stories/{c.id}"
        ET.SubElement(entry, q("link"), href=f"{base}/stories/{c.id}")
        ET.SubElement(entry, q("updated")).text = (c.last_updated or now).astimezone(timezone.utc).isoformat()
        if c.first_published:
            ET.SubElement(entry, q("published")).text = c.first_published.astimezone(timezone.utc).isoformat()
        ET.SubElement(entry, q("summary")).text = _summary(c)
        if c.label:
            ET.SubElement(entry, q("category"), term=_clean(c.label))
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def rss(cards: Sequence[StoryCard], base_url: str, now: datetime) -> bytes:
    base = base_url.rstrip("/")
    root = ET.Element("rss", version="2.0")
    ch = ET.SubElement(root, "channel")
    ET.SubElement(ch, "title").text = "newsprism: top stories"
    ET.SubElement(ch, "link").text = f"{base}/"
    ET.SubElement(ch, "description").text = "Stories grouped from many outlets, ranked by virality and recency."
    ET.SubElement(ch, "lastBuildDate").text = format_datetime(now.astimezone(timezone.utc))
    for c in cards:
        item = ET.SubElement(ch, "item")
        ET.SubElement(item, "title").text = _clean(c.title)
        ET.SubElement(item, "link").text = f"{base}/stories/{c.id}"
        ET.SubElement(item, "guid", isPermaLink="true").text = f"{base}/stories/{c.id}"
        ET.SubElement(item, "description").text = _summary(c)
        if c.last_updated:
            ET.SubElement(item, "pubDate").text = format_datetime(c.last_updated.astimezone(timezone.utc))
        if c.label:
            ET.SubElement(item, "category").text = _clean(c.label)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
