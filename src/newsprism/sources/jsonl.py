"""JSON article records and JSON Lines: the input contract for tools that already have
articles.

One record is an object with ``url``, ``text`` or ``html`` and optional fields
(:func:`record_to_item`); a JSON Lines stream holds one record a line, so an export of
any size streams through stdin. A bad record becomes an error naming its line, and
the lines after it go on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any
from urllib.parse import urlsplit

from newsprism.records import ItemError, RawItem

from .base import SourceError, _dumps, _one_line
from .dates import parse_date
from .urls import _is_web_url, url_source


#: One JSON Lines record larger than this is refused (it cannot be a news article).
MAX_JSONL_LINE_CHARS = 10 * 1024 * 1024


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
