"""Safe XML: refuse hostile entity declarations, then parse with lxml locked down.

Feeds, OPML lists and sitemaps come from anywhere, and XML lets a document declare
entities that expand without bound (billion laughs, quadratic blow-up) or read files
and URLs (XXE). Those declarations are refused by reading the DOCTYPE before any
parser sees the document, and lxml then runs with ``resolve_entities=False,
no_network=True``. Feeds are screened here before feedparser reads them; OPML and
sitemaps are parsed here.
"""

from __future__ import annotations

import re
from typing import Any

from .base import SourceError


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
