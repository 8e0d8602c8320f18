"""Shaping story pages and cards for the templates: citation numbers, articles grouped by
side with copies folded under their original, safe links, readable dates.

Everything here is pure and returns plain data; the templates escape every string they print
(Jinja2 autoescape), so nothing in this module builds HTML.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Iterable, Mapping, Sequence
from urllib.parse import urlsplit

from ..leaning import SIDE_OF
from ..storypage import grouping_note, is_page_title

SIDES = ("left", "center", "right")
SIDE_TITLES = {"left": "On The Left", "center": "In The Center", "right": "On The Right", "unknown": "Unrated outlets"}
LEANING_TITLES = {
    "left": "Left", "lean-left": "Lean left", "center": "Center", "lean-right": "Lean right",
    "right": "Right", "mixed": "Mixed", "unknown": "Unknown",
}


def safe_href(url: str | None) -> str | None:
    """The URL if it is an http(s) link, else None: an article's URL is input from the web,
    and a ``javascript:`` or ``data:`` URL must never become a link."""
    if not url or not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()


def parse_time(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, str) and value:
        try:
            dt = datetime.fromisoformat(value)
        except ValueError:
            return None
        return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)
    return None


def human_time(value: Any) -> str:
    """"5 Mar 2026, 13:05 UTC": unambiguous for readers in any locale."""
    dt = parse_time(value)
    if dt is None:
        return "undated"
    dt = dt.astimezone(timezone.utc)
    return f"{dt.day} {dt.strftime('%b %Y, %H:%M')} UTC"


def iso_time(value: Any) -> str:
    dt = parse_time(value)
    return dt.astimezone(timezone.utc).isoformat() if dt else ""


def ago(value: Any, now: datetime) -> str:
    """"3 hours ago", "2 days ago"; the full date past a week."""
    dt = parse_time(value)
    if dt is None:
        return "undated"
    secs = (now - dt).total_seconds()
    if secs < 0:
        return human_time(dt)
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        n = int(secs // size)
        if n >= 1:
            if unit == "day" and n > 7:
                return human_time(dt)
            return f"{n} {unit}{'s' if n != 1 else ''} ago"
    return "just now"


def leaning_bar(counts: Mapping[str, int]) -> list[dict[str, Any]]:
    """Segments of the left/center/right coverage bar: side, count, and x/width in percent
    (drawn as SVG rectangles, so no inline style is needed under the CSP)."""
    total = sum(int(counts.get(s, 0)) for s in (*SIDES, "unknown"))
    out, x = [], 0.0
    for side in (*SIDES, "unknown"):
        n = int(counts.get(side, 0))
        if not n or not total:
            continue
        width = 100.0 * n / total
        out.append({"side": side, "count": n, "x": round(x, 3), "width": round(width, 3),
                    "pct": round(width)})
        x += width
    return out


def citation_numbers(articles: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """Article id -> the number its citation marker shows: the page's article order."""
    return {a["id"]: i for i, a in enumerate(articles, 1)}


def cite(ids: Iterable[str], numbers: Mapping[str, int], articles: Mapping[str, Mapping[str, Any]],
         external: Mapping[str, Mapping[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Citation markers for a list of article ids, in number order: this story's articles
    get their number; an article of another story (background answers come from the whole
    archive) links to that story instead. Unknown ids are dropped."""
    out = []
    for aid in dict.fromkeys(ids):
        if aid in numbers:
            art = articles.get(aid, {})
            out.append({"n": numbers[aid], "id": aid, "source": art.get("source", ""), "title": art.get("title", ""),
                        "href": f"#article-{aid}"})
        elif external and aid in external:
            art = external[aid]
            story = art.get("story_id")
            out.append({"n": None, "id": aid, "source": art.get("source", ""), "title": art.get("title", ""),
                        "href": f"/stories/{story}#article-{aid}" if story else None})
    return sorted(out, key=lambda c: (c["n"] is None, c["n"] or 0))


def group_articles(articles: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The story's articles by side (left, center, right, unrated), each original followed
    by its copies: syndicated or republished text is folded, not counted as reporting."""
    ids = {a["id"] for a in articles}
    copies: dict[str, list[Mapping[str, Any]]] = {}
    originals = []
    for a in articles:
        if a.get("duplicate_of") and a["duplicate_of"] in ids:
            copies.setdefault(a["duplicate_of"], []).append(a)
        else:
            originals.append(a)
    groups = []
    for side in (*SIDES, "unknown"):
        items = [{"article": a, "copies": copies.get(a["id"], [])}
                 for a in originals if SIDE_OF.get(a.get("leaning") or "unknown", "unknown") == side]
        if items:
            groups.append({"side": side, "title": SIDE_TITLES[side], "items": items})
    return groups


def story_view(page: Mapping[str, Any], entity_ids: Mapping[str, str],
               external: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, Any]:
    """Everything the story template needs, derived from a story page (CONTRACT.md shape).
    ``external``: stored rows of cited articles outside this story (see :func:`cite`)."""
    articles = list(page.get("articles") or [])
    numbers = citation_numbers(articles)
    by_id = {a["id"]: a for a in articles}

    def c(ids: Iterable[str] | None) -> list[dict[str, Any]]:
        return cite(ids or (), numbers, by_id, external)

    stats = page.get("stats") or {}
    perspectives = []
    for side in SIDES:
        p = (page.get("perspectives") or {}).get(side) or {}
        perspectives.append({
            "side": side, "title": SIDE_TITLES[side], "count": p.get("count", 0), "sources": p.get("sources", 0),
            "estimated": p.get("estimated") or 0,
            "outlets": p.get("outlets") or [],
            "headline": ({"text": h.get("text", ""), "cites": c(h.get("sources")),
                          "is_title": is_page_title(h.get("text"), page)}
                         if isinstance(h := p.get("headline"), Mapping) and h.get("text") else None),
            "summary": [{"text": s.get("text", ""), "cites": c(s.get("sources"))} for s in p.get("summary") or []],
        })
    return {
        "page": page,
        "numbers": numbers,
        "stats": stats,
        "bar": leaning_bar(stats.get("source_counts") or stats.get("leaning_counts") or {}),
        "breakdown": [{"text": b.get("text", ""), "support": b.get("support") or len(b.get("sources") or []),
                       "cites": c(b.get("sources"))} for b in page.get("breakdown") or []],
        "perspectives": perspectives,
        "keywords": [{**k, "entity_id": entity_ids.get(k.get("name", "")), "count": len(k.get("sources") or [])}
                     for k in page.get("keywords") or []],
        "questions": [{**q, "cites": c(q.get("sources"))} for q in page.get("questions") or []],
        "disagreements": [{"topic": d.get("topic", ""),
                           "claims": [{"text": cl.get("text", ""), "cites": c(cl.get("sources"))}
                                      for cl in d.get("claims") or []]}
                          for d in page.get("disagreements") or []],
        "timeline": [{**t, "cites": c(t.get("sources"))} for t in page.get("timeline") or []],
        # other stories of the same developing subject (read on every view, never cited)
        "related": sorted((r for r in page.get("related") or [] if isinstance(r, Mapping) and r.get("id")),
                          key=lambda r: (str(r.get("first_published") or ""), str(r["id"]))),
        "groups": group_articles(articles),
        "why": page.get("why_grouped") or {},
        # why each article is here (its ``grouping``, see :func:`grouping_note`)
        "joined": {a["id"]: note for a in articles if (note := grouping_note(a.get("grouping")))},
    }


def cited_ids(page: Mapping[str, Any]) -> set[str]:
    """Every article id the page cites anywhere."""
    ids: set[str] = set()
    for b in page.get("breakdown") or []:
        ids.update(b.get("sources") or [])
    for q in page.get("questions") or []:
        ids.update(q.get("sources") or [])
    for t in page.get("timeline") or []:
        ids.update(t.get("sources") or [])
    for d in page.get("disagreements") or []:
        for c in d.get("claims") or []:
            ids.update(c.get("sources") or [])
    for p in (page.get("perspectives") or {}).values():
        for s in (p or {}).get("summary") or []:
            ids.update(s.get("sources") or [])
        if isinstance(h := (p or {}).get("headline"), Mapping):
            ids.update(h.get("sources") or [])
    return ids
