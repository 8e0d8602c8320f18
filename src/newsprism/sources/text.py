"""Text articles: a plain-text or Markdown file as one raw item.

Saved articles and hand-written notes come as ``.txt`` and ``.md`` files with no
markup to say which line is the title or the date. This reads front matter, a leading
date line and a title line by their shape, and keeps the rest as the body.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from newsprism.records import RawItem

from .base import SourceError, _one_line
from .dates import parse_date
from .urls import _is_web_url, url_source


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
