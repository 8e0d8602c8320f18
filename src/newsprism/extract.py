"""HTML page -> article text and metadata (title, date, author, site, language, canonical URL).

The stage takes a page that the caller has already decoded to ``str`` and returns an
:class:`Extracted` record, or raises :class:`ExtractError` naming the page and the reason.

How the text is found
---------------------
trafilatura does the heavy lifting. Three steps on top of it, measured on the
article-extraction benchmark (``python -m benchmarks.extraction``: mean per-page token F1
over its 127 development pages; parameters chosen on even-indexed ids, checked on odd).
Bare ``trafilatura.extract(html)`` scores 0.946; steps 1-2 bring 0.968, step 3 0.975
(0.9755 on even ids, 0.9740 on odd):

1. **Precision mode, with a collapse guard.** ``favor_precision=True`` drops more
   boilerplate (related links, share prompts, newsletter boxes) and is better on almost
   every page, but on paywalled or oddly built pages it occasionally keeps only a teaser.
   We also run the default mode and take it instead when precision mode keeps less than
   :data:`COLLAPSE_RATIO` of what the default mode found.
2. **Our own rendering of trafilatura's XML body.** Plain text, one block per line: list
   items without "- " bullets, table cells separated by tabs instead of Markdown pipes,
   no comments section, and a leading headline dropped when it is the page's ``<h1>`` or
   repeats the title (the title is a field of its own). Downstream stages read prose,
   not Markdown.
3. **Sibling paragraphs.** Sites that split the body into several containers with ads in
   between (``article__chunks`` and friends) make trafilatura keep only the first chunk.
   A ``<p>`` that trafilatura left out is added back when it sits at exactly the same
   place in the page template (the same tag and class, and the same chain of ancestor
   tags and classes) as at least
   :data:`SIBLING_MIN_MATCHES` paragraphs that were extracted, is long enough to be prose,
   and is not mostly links.

If trafilatura finds nothing (or only falls back on it, flattening its paragraphs), the
publisher's own ``articleBody`` in JSON-LD is used when it holds real text.

Hostile input
-------------
Pages larger than :data:`MAX_HTML_CHARS` are refused with a clear error rather than
parsed. Script, style, template and noscript content never reaches the text: trafilatura
drops them, and the tree used for metadata and sibling paragraphs has them removed before
any text is read (JSON-LD is read as data, never run). libxml2 stops parsing at 255
levels of nesting, so absurdly deep junk cannot exhaust the stack: the text before that
point is extracted, what follows is lost (no publisher serves such pages). Every walk
over a tree here is iterative, and JSON-LD too deeply nested to decode is ignored.
"""

from __future__ import annotations

import copy
import email.utils
import itertools
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import trafilatura
from dateutil import parser as dateparser
from lxml import etree
from trafilatura.utils import load_html

from newsprism.records import NewsprismError

__all__ = ["Extracted", "ExtractError", "extract_html", "fragment_text", "MAX_HTML_CHARS"]

#: Pages above this size are refused. The largest page of the extraction benchmark has
#: 1.49 million characters (extracted in about 0.1 s, +9 MB peak memory); 5 million
#: leaves room for bloated CMS output while bounding parse time and memory.
MAX_HTML_CHARS = 5_000_000

#: Use the default mode's text when precision mode keeps less than this share of it.
#: Evidence (127 dev pages, share of non-space characters kept by precision mode): on
#: 121 pages it keeps >= 85 %; below that it was right to cut link lists and teasers on
#: 5 pages keeping 29-84 %, and wrong once, keeping 9 % (a paywall teaser). Any value
#: in 0.1-0.28 gives the same result on both halves of the dev set.
COLLAPSE_RATIO = 0.2

#: Precision text at least this long (non-space characters, ~500 words) is kept without
#: running the default pass: for the guard above to fire, the default pass would need
#: five times as much (~2,500 words) where precision mode kept a full article's worth.
#: Evidence (``python -m benchmarks.extraction``, 127 dev pages, same run as bare
#: trafilatura): F1 0.9748 with and without the shortcut, and our time per page went
#: from 2.14x bare trafilatura's to 1.75x.
SKIP_DEFAULT_CHARS = 2500

#: A left-out paragraph is added back only when this many extracted paragraphs share its
#: place in the template. Dev F1 (even / odd ids): 1 -> 0.9733 / 0.9742 (a single stray
#: match pulls in look-alike teasers), 2 and 3 -> 0.9755 / 0.9740, 4 -> 0.9762 / 0.9740;
#: without the step 0.9685 / 0.9685. 2 is the smallest value that needs corroboration.
SIBLING_MIN_MATCHES = 2
#: ... and when it has at least this many characters (a sentence of prose). 40, 80 and
#: 150 are within 0.0005 F1 of each other on both halves.
SIBLING_MIN_CHARS = 80
#: ... and when at most this share of its characters are link text. 0.3 and 0.5 score the
#: same; 0.1 and 1.0 lose 0.0005.
SIBLING_MAX_LINK_SHARE = 0.3
#: Share of a paragraph's character 12-grams found in the extraction above which it counts
#: as already extracted (0.3 and 0.7 lose up to 0.0009 on odd ids). Character n-grams, not
#: words, so that Chinese and Japanese text (no spaces) is matched too.
_SHINGLE = 12
_PRESENT = 0.5
#: Sibling completion is skipped on pages beyond these sizes (bounded work and memory).
_SIBLING_MAX_PARAGRAPHS = 5_000
_SIBLING_MAX_CHARS = 1_000_000

#: Less article text than this (non-space characters, about one sentence) is taken as no
#: article: what trafilatura keeps from a section front is a menu ("Home News Sport").
#: The shortest ground-truth body of the extraction benchmark has 301 such characters.
MIN_TEXT_CHARS = 80

#: Paragraph size used to count "paragraphs of prose" in the no-text error message.
_PROSE_MIN_CHARS = 80

METHOD_PRECISION = "trafilatura:precision"
METHOD_DEFAULT = "trafilatura:default"
METHOD_JSONLD = "json-ld:articleBody"
SIBLINGS_SUFFIX = "+siblings"

_STRIP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math")
_ARTICLE_TYPES = (
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "blogposting",
    "liveblogposting",
    "socialmediaposting",
    "report",
    "scholarlyarticle",
    "techarticle",
)
_TAG_RE = re.compile(r"<\s*[A-Za-z!/?]")
_MARKUP_IN_TEXT_RE = re.compile(r"&(?:amp;)*(?:lt|gt);|<\s*/?\s*[a-z]+[\s>/]", re.I)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufeff]")
_LANG_RE = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*$")


@dataclass(frozen=True)
class Extracted:
    """What a page holds: the article text (plain, one paragraph per line) and metadata.

    ``published`` is timezone-aware (UTC is assumed when the page gives no offset);
    ``language`` is a lower-case ISO 639 code such as ``"en"``; ``method`` names the path
    that produced the text (``"trafilatura:precision"``, ``"trafilatura:default"``, either
    with ``"+siblings"`` when left-out paragraphs were added back, or
    ``"json-ld:articleBody"``), so surprising output can be traced.
    """

    text: str
    title: str | None
    published: datetime | None
    author: str | None
    site_name: str | None
    language: str | None
    canonical_url: str | None
    method: str


class ExtractError(NewsprismError):
    """The page holds no article text, is not HTML, or is too large to parse."""

    stage = "extract"


def extract_html(html: str, url: str | None = None) -> Extracted:
    """Extract the article text and metadata of one HTML page.

    ``url`` (where the page came from) names the page in errors, resolves a relative
    canonical link and helps trafilatura's metadata. Raises :class:`ExtractError` when the
    input is not HTML, exceeds :data:`MAX_HTML_CHARS`, or has no article text.
    """
    item = url or "<html page>"
    _check_input(html, item)
    tree = load_html(html)
    if tree is None:
        raise ExtractError(item, "not HTML: the parser found no document in it")
    page = _PageMeta.read(tree, url)
    _strip_code(tree)

    # trafilatura edits the tree it is given: each pass gets its own copy.
    precise = _run_trafilatura(copy.deepcopy(tree), url, favor_precision=True, metadata=True)
    titles = [t for t in (precise and precise.title, page.title) if t]
    lines_p = _render(precise.body, titles) if precise is not None else []
    if _size(lines_p) >= SKIP_DEFAULT_CHARS:
        # Precision mode kept a full article: the collapse guard cannot fire, so the
        # second pass (half the cost of this function) is skipped.
        default, lines_d = None, []
    else:
        default = _run_trafilatura(copy.deepcopy(tree), url, favor_precision=False, metadata=False)
        if default is not None and default.title:
            titles.insert(1, default.title)
        lines_d = _render(default.body, titles) if default is not None else []
    lines_p = lines_p if _size(lines_p) >= MIN_TEXT_CHARS else []
    lines_d = lines_d if _size(lines_d) >= MIN_TEXT_CHARS else []
    _mark_line_breaks(tree)

    if lines_p and (not lines_d or _size(lines_p) >= COLLAPSE_RATIO * _size(lines_d)):
        lines, method = lines_p, METHOD_PRECISION
    else:
        lines, method = lines_d, METHOD_DEFAULT

    if lines and page.article_body and _fold(" ".join(lines)) == _fold(" ".join(page.article_body)):
        # trafilatura's baseline fell back on the JSON-LD body and flattened its paragraphs.
        lines, method = page.article_body, METHOD_JSONLD
    elif lines:
        completed = _add_sibling_paragraphs(tree, lines)
        if len(completed) > len(lines):
            lines, method = completed, method + SIBLINGS_SUFFIX
    elif page.article_body:
        lines, method = page.article_body, METHOD_JSONLD
    if not lines:
        raise ExtractError(
            item, f"no article text found (page has {_count_prose(tree)} paragraphs of prose)"
        )

    meta = precise if precise is not None else _metadata_only(tree, url)
    return Extracted(
        text="\n".join(lines),
        title=_first(meta and meta.title, page.title),
        published=_published(page, meta and meta.date),
        author=_first(page.jsonld_author, _clean_author(meta and meta.author), page.meta_author),
        site_name=_first(page.site_name, meta and meta.sitename),
        language=_first(page.language, _language_code(meta and meta.language)),
        # Only what the page declares; trafilatura would fall back to the URL we passed in.
        canonical_url=page.canonical_url,
        method=method,
    )


def _published(page: _PageMeta, found_date: str | None) -> datetime | None:
    """The explicit timestamp the page states, else trafilatura's (htmldate's) date.

    htmldate gives a day without a time; a <time datetime> on that same day adds the time.
    """
    if page.published is not None:
        return page.published
    day = _parse_datetime(found_date)
    if day is None:
        return page.time_element
    if page.time_element is not None and page.time_element.date() == day.date():
        return page.time_element
    return day


_BLOCK_TAGS = frozenset(
    "p div br li h1 h2 h3 h4 h5 h6 blockquote pre tr section article header footer figcaption dd dt".split()
)


def fragment_text(html: str) -> str:
    """Plain paragraphs from an HTML *fragment* (a feed entry's content, a record's body).

    A fragment has no page around it, so there is no boilerplate to find: this only
    turns markup into text, one paragraph per block element, with script/style/template
    content dropped. Plain text without tags comes back unchanged (whitespace aside).
    """
    if not _TAG_RE.search(html):
        return "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", html) if p.strip())
    try:
        root = etree.fromstring(f"<div>{html}</div>", etree.HTMLParser(recover=True, no_network=True))
    except (etree.ParserError, ValueError):
        return ""
    if root is None:
        return ""
    _strip_code(root)
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = " ".join(" ".join(current).split())
        if text:
            paragraphs.append(text)
        current.clear()

    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in _BLOCK_TAGS:
                flush()
            if el.text and tag:
                current.append(el.text)
        else:
            if tag in _BLOCK_TAGS:
                flush()
            if el.tail:
                current.append(el.tail)
    flush()
    return "\n\n".join(paragraphs)


# --------------------------------------------------------------------------- input checks


def _check_input(html: object, item: str) -> None:
    if not isinstance(html, str):
        raise ExtractError(item, f"expected decoded HTML text (str), got {type(html).__name__}")
    if len(html) > MAX_HTML_CHARS:
        raise ExtractError(
            item,
            f"page too large to extract: {len(html):,} characters of HTML, "
            f"the limit is {MAX_HTML_CHARS:,}",
        )
    head = html.lstrip()[:2000]
    if not head:
        raise ExtractError(item, "not HTML: the page is empty")
    if "\x00" in html:
        raise ExtractError(item, "not HTML: it contains NUL characters (binary data?)")
    if not _TAG_RE.search(html[:200_000]):
        kind = "looks like JSON" if head[0] in "{[" else "no markup tags found"
        raise ExtractError(item, f"not HTML: {kind}")


def _run_trafilatura(
    tree: etree._Element, url: str | None, *, favor_precision: bool, metadata: bool
) -> Any:
    """One trafilatura pass without comments; None when it finds no main content.

    Metadata extraction costs about as much as the text itself on big pages, so only
    one pass asks for it.
    """
    try:
        return trafilatura.bare_extraction(
            tree,
            url=url,
            favor_precision=favor_precision,
            include_comments=False,
            include_tables=True,
            with_metadata=metadata,
        )
    except (ValueError, TypeError, RecursionError, etree.LxmlError):
        # trafilatura raises on some malformed trees; the other mode or JSON-LD may still work.
        return None


def _metadata_only(tree: etree._Element, url: str | None) -> Any:
    """trafilatura's metadata when its precision pass found no content (tree is cleaned)."""
    try:
        return trafilatura.extract_metadata(copy.deepcopy(tree), default_url=url)
    except (ValueError, TypeError, RecursionError, etree.LxmlError):
        return None


def _strip_code(tree: etree._Element) -> None:
    """Remove code, templates and embedded objects before anything reads text.

    JSON-LD blocks stay (trafilatura reads metadata from them and never emits them as
    text); every other script goes, whatever its type.
    """
    for el in list(tree.iter(*_STRIP_TAGS)):
        if el.tag == "script" and (el.get("type") or "").strip().lower() == "application/ld+json":
            continue
        _drop(el)
    for el in list(tree.iter(etree.Comment, etree.ProcessingInstruction)):
        _drop(el)


def _mark_line_breaks(tree: etree._Element) -> None:
    """Keep a word break where <br> was in text_content(); drop JSON-LD (read already)."""
    for el in list(tree.iter("script")):
        _drop(el)
    for br in tree.iter("br"):
        br.tail = "\n" + (br.tail or "")


def _drop(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    # Keep the tail text (it belongs to the parent), drop the element and its content.
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


# --------------------------------------------------------------------------- rendering

# trafilatura's XML vocabulary: these are inline, everything else starts a new line.
_INLINE = frozenset({"hi", "ref", "del", "span", "graphic", "a", "b", "i", "em", "strong", "sub", "sup"})


def _render(body: etree._Element | None, titles: list[str]) -> list[str]:
    """trafilatura's XML body as plain-text lines (iterative: deep bodies cannot recurse)."""
    if body is None:
        return []
    pieces: list[str] = []
    stack: list[tuple[etree._Element, bool]] = [(body, False)]
    while stack:
        el, closing = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else ""
        if closing:
            if tag == "cell":
                pieces.append("\t")
            elif tag not in _INLINE:
                pieces.append("\n")
            if el.tail and el is not body:
                pieces.append(el.tail)
            continue
        if tag == "lb":
            pieces.append("\n")
            if el.tail:
                pieces.append(el.tail)
            continue
        if tag not in _INLINE and tag != "cell":
            pieces.append("\n")
        if el.text:
            pieces.append(el.text)
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    lines = [_normalize_line(line) for line in "".join(pieces).split("\n")]
    lines = [line for line in lines if line]
    # The headline is a field of its own: drop it from the top of the text, whether it is
    # marked up as the page's <h1> or merely repeats the title.
    if lines and (_starts_with_h1(body) or _fold(lines[0]) in {_fold(t) for t in titles}):
        lines = lines[1:]
    return lines


def _starts_with_h1(body: etree._Element) -> bool:
    """Whether the first text in trafilatura's body is inside a level-1 heading."""
    if (body.text or "").strip():
        return False
    for el in body.iter():
        if el is body:
            continue
        if (el.text or "").strip():
            node = el
            while node is not None and node is not body:
                if node.tag == "head" and node.get("rend") == "h1":
                    return True
                node = node.getparent()
            return False
        if len(el) == 0 and (el.tail or "").strip():
            return False
    return False


def _normalize_line(line: str) -> str:
    """Collapse whitespace, drop control characters, keep tabs between table cells."""
    line = _CONTROL_RE.sub("", line)
    cells = (" ".join(cell.split()) for cell in line.split("\t"))
    return "\t".join(cell for cell in cells if cell)


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _size(lines: list[str]) -> int:
    """Non-space characters: a length measure that works for scripts without spaces."""
    return sum(len("".join(line.split())) for line in lines)


# --------------------------------------------------------------------------- sibling paragraphs


def _add_sibling_paragraphs(tree: etree._Element, lines: list[str]) -> list[str]:
    """Add back <p> elements that share the template slot of the extracted paragraphs."""
    paragraphs = [p for p in tree.iter("p")]
    if not paragraphs or len(paragraphs) > _SIBLING_MAX_PARAGRAPHS:
        return lines
    if _size(lines) > _SIBLING_MAX_CHARS:
        return lines
    texts = [_normalize_block(p) for p in paragraphs]
    if sum(len(t) for t in texts) > _SIBLING_MAX_CHARS:
        return lines
    extracted = _shingles("\n".join(lines))
    if not extracted:
        return lines

    slot_of: dict[int, tuple[tuple[str, str], ...]] = {}
    present: set[int] = set()
    matches: dict[tuple[tuple[str, str], ...], int] = {}
    for k, (p, text) in enumerate(zip(paragraphs, texts)):
        if not text:
            continue
        slot = _template_slot(p)
        slot_of[k] = slot
        shingles = _shingles(text)
        if len(shingles & extracted) >= _PRESENT * len(shingles):
            present.add(k)
            matches[slot] = matches.get(slot, 0) + 1

    additions: list[tuple[int, str]] = []
    for k, slot in slot_of.items():
        if k in present or matches.get(slot, 0) < SIBLING_MIN_MATCHES:
            continue
        text = texts[k]
        if len(text) < SIBLING_MIN_CHARS or _MARKUP_IN_TEXT_RE.search(text):
            continue
        link_chars = sum(len(_normalize_block(a)) for a in paragraphs[k].iter("a"))
        if link_chars > SIBLING_MAX_LINK_SHARE * len(text):
            continue
        additions.append((k, text))
    if not additions:
        return lines
    owner: dict[str, int] = {}
    for k in sorted(present, reverse=True):  # the earliest paragraph owns a shared shingle
        owner.update(dict.fromkeys(_shingles(texts[k]), k))
    return _merge_in_order(lines, additions, owner)


def _merge_in_order(lines: list[str], additions: list[tuple[int, str]], owner: dict[str, int]) -> list[str]:
    """Insert added paragraphs before the first extracted line that comes after them.

    ``owner`` maps a shingle to the page position of the extracted paragraph holding it,
    so each line is placed in one pass over its shingles.
    """
    out: list[str] = []
    pending = sorted(additions)
    nxt = 0
    last_anchored = -1
    for line in lines:
        position = _position_of(line, owner)
        if position is not None:
            while nxt < len(pending) and pending[nxt][0] < position:
                out.append(pending[nxt][1])
                nxt += 1
            last_anchored = len(out)
        out.append(line)
    rest = [text for _, text in pending[nxt:]]
    out[last_anchored + 1 : last_anchored + 1] = rest
    return out


def _position_of(line: str, owner: dict[str, int]) -> int | None:
    """Page position of the extracted paragraph this line comes from, if any."""
    shingles = _shingles(line)
    votes = Counter(owner[sh] for sh in shingles if sh in owner)
    if not votes:
        return None
    position, count = votes.most_common(1)[0]
    return position if count >= _PRESENT * len(shingles) else None


def _template_slot(el: etree._Element) -> tuple[tuple[str, str], ...]:
    """The element's place in the page template: its own and its ancestors' tags and
    classes, without positions (so chunk 1 and chunk 3 of a split body share a slot, and
    ``<p class="disclaimer">`` does not share one with the body's plain ``<p>``)."""
    return tuple(
        (str(a.tag), " ".join((a.get("class") or "").split()))
        for a in itertools.chain((el,), el.iterancestors())
    )


def _normalize_block(el: etree._Element) -> str:
    return _normalize_line(el.text_content().replace("\t", " "))


def _shingles(text: str) -> set[str]:
    compact = "".join(text.split())
    if len(compact) <= _SHINGLE:
        return {compact} if compact else set()
    return {compact[k : k + _SHINGLE] for k in range(len(compact) - _SHINGLE + 1)}


def _count_prose(tree: etree._Element) -> int:
    """Blocks with a sentence or more of their own text, for the no-text error message."""
    count = 0
    for el in tree.iter("p", "div", "td", "li", "blockquote", "article", "section"):
        if el.tag == "p":
            own = _normalize_block(el)
        else:
            own = " ".join(" ".join([el.text or "", *(c.tail or "" for c in el)]).split())
        count += len(own) >= _PROSE_MIN_CHARS
    return count


# --------------------------------------------------------------------------- page metadata


@dataclass
class _PageMeta:
    """Metadata the page states outright: meta tags, JSON-LD, <time>, <html lang>."""

    title: str | None = None
    published: datetime | None = None
    time_element: datetime | None = None
    jsonld_author: str | None = None
    meta_author: str | None = None
    site_name: str | None = None
    language: str | None = None
    canonical_url: str | None = None
    article_body: list[str] | None = None

    @classmethod
    def read(cls, tree: etree._Element, url: str | None) -> _PageMeta:
        metas = _meta_tags(tree)
        ld = _jsonld_article(tree)
        m = cls()
        m.title = _first(
            metas.get("og:title"), metas.get("twitter:title"), _text(ld.get("headline")), _title_tag(tree)
        )
        m.published = _first(
            *(_parse_datetime(v) for v in _jsonld_values(ld, "datePublished")),
            *(
                _parse_datetime(metas.get(k))
                for k in (
                    "article:published_time",
                    "og:published_time",
                    "datepublished",
                    "pubdate",
                    "publishdate",
                    "parsely-pub-date",
                    "sailthru.date",
                    "dc.date.issued",
                    "dcterms.created",
                    "dc.date",
                    "date",
                )
            ),
            *(_parse_datetime(v) for v in _itemprop_dates(tree)),
        )
        m.time_element = _first(*(_parse_datetime(t.get("datetime")) for t in tree.iter("time")))
        m.jsonld_author = _clean_author(_jsonld_names(ld.get("author")))
        m.meta_author = _first(
            _clean_author(metas.get("author")),
            _clean_author(metas.get("article:author")),
            _clean_author(metas.get("parsely-author")),
        )
        m.site_name = _first(metas.get("og:site_name"), _jsonld_names(ld.get("publisher")))
        m.language = _first(
            _language_code(tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")),
            _language_code(metas.get("content-language")),
            _language_code(metas.get("og:locale")),
            _language_code(_text(ld.get("inLanguage"))),
        )
        canonical = next(
            (
                link.get("href")
                for link in tree.iter("link")
                if "canonical" in (link.get("rel") or "").lower().split() and link.get("href")
            ),
            None,
        )
        m.canonical_url = _first(
            _absolute_url(canonical, url),
            _absolute_url(metas.get("og:url"), url),
        )
        body = _text(ld.get("articleBody"))
        if body and len(body) >= _PROSE_MIN_CHARS and not _MARKUP_IN_TEXT_RE.search(body):
            m.article_body = [_normalize_line(line) for line in body.splitlines() if line.strip()]
        return m


def _meta_tags(tree: etree._Element) -> dict[str, str]:
    """<meta> values by lower-cased property/name/itemprop/http-equiv; first one wins."""
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        content = meta.get("content")
        if not content or not content.strip():
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = (meta.get(attr) or "").strip().lower()
            if key and key not in found:
                found[key] = content.strip()
    return found


def _itemprop_dates(tree: etree._Element) -> Iterator[str]:
    for el in tree.xpath('//*[@itemprop="datePublished"]'):
        value = el.get("datetime") or el.get("content")
        if value:
            yield value


def _title_tag(tree: etree._Element) -> str | None:
    for el in tree.iter("title"):
        text = " ".join(el.text_content().split())
        if text:
            return text
    return None


def _jsonld_article(tree: etree._Element) -> dict[str, Any]:
    """The first JSON-LD object typed as an article (NewsArticle, BlogPosting, ...)."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue  # broken or absurdly nested JSON-LD is common; it is only a hint
        for obj in _walk_json(data):
            types = obj.get("@type")
            names = [types] if isinstance(types, str) else types if isinstance(types, list) else []
            if any(isinstance(t, str) and t.lower() in _ARTICLE_TYPES for t in names):
                return obj
    return {}


def _walk_json(data: Any) -> Iterator[dict[str, Any]]:
    """Every dict in a JSON value, breadth first (iterative)."""
    queue = [data]
    while queue:
        value = queue.pop(0)
        if isinstance(value, dict):
            yield value
            queue.extend(value.values())
        elif isinstance(value, list):
            queue.extend(value)


def _jsonld_values(obj: dict[str, Any], key: str) -> list[str]:
    value = obj.get(key)
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return [value] if isinstance(value, str) else []


def _jsonld_names(value: Any) -> str | None:
    """"name" of a JSON-LD Person/Organization, a list of them, or a plain string."""
    items = value if isinstance(value, list) else [value]
    names = []
    for v in items:
        if isinstance(v, dict):
            v = v.get("name")
        if isinstance(v, str) and v.strip():
            names.append(" ".join(v.split()))
    # "; " because names are often written "Surname, Given" (trafilatura joins with it too).
    return "; ".join(dict.fromkeys(names)) or None


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), None)
    return value.strip() or None if isinstance(value, str) else None


# --------------------------------------------------------------------------- value cleaning


def _parse_datetime(value: str | None) -> datetime | None:
    """An ISO 8601 or RFC 2822 timestamp as an aware datetime (UTC when no offset is given)."""
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    if not value or len(value) > 64:
        return None
    parsed: datetime | None = None
    try:
        parsed = dateparser.isoparse(value)
    except (ValueError, OverflowError):
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed is None or not 1900 <= parsed.year <= 2200:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _clean_author(value: str | None) -> str | None:
    """Author names, not profile URLs or handles-only values."""
    if not value:
        return None
    value = " ".join(value.split())
    if not value or urlsplit(value).scheme in ("http", "https"):
        return None
    return value


def _language_code(value: str | None) -> str | None:
    """"en-US", "en_GB", "EN" -> "en"; None for anything that is not a language tag."""
    if not value:
        return None
    match = _LANG_RE.match(value.strip().split(",")[0].strip())
    return match.group(1).lower() if match else None


def _absolute_url(value: str | None, base: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    absolute = urljoin(base, value) if base else value
    parts = urlsplit(absolute)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return absolute


def _first(*values: Any) -> Any:
    """The first value that is not None or empty."""
    return next((v for v in _non_empty(values)), None)


def _non_empty(values: Iterable[Any]) -> Iterator[Any]:
    for v in values:
        if v is not None and v != "":
            yield v
