"""A story page in the terminal (``newsprism story ID``), with rich.

Article text is hostile input: every string from an article goes through
``rich.markup.escape`` so markup-like text ("[bold]", "[link=...]") prints as itself.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape

from .storypage import grouping_note, is_page_title


def _cite(ids: list[str], numbers: dict[str, int]) -> str:
    """Citation marks: [n] for the story's articles, [archive <id>] for older coverage."""
    marks = "".join(f"[{numbers[i]}]" if i in numbers else f"[archive {i}]" for i in ids)
    return f" [dim]{escape(marks)}[/]" if marks else ""


def print_story(page: dict[str, Any], console: Console) -> None:
    numbers = {a["id"]: n for n, a in enumerate(page["articles"], 1)}
    out = console.print
    out(f"[bold]{escape(page['title'])}[/]", highlight=False)
    out(f"[cyan]{escape(page['label'])}[/]  " + " · ".join(escape(t) for t in page["tags"]), highlight=False)

    st = page["stats"]
    lc = st.get("leaning_counts", {})
    out("\n[bold]Story Stats[/]", highlight=False)
    out(f"  last updated {st['last_updated'] or '?'} · first published {st['first_published'] or '?'}", highlight=False)
    out(f"  {st['article_count']} article{'s' if st['article_count'] != 1 else ''} from {st['source_count']} "
        f"independent source{'s' if st['source_count'] != 1 else ''}"
        + (f" · virality {st['virality']:.2f}" if isinstance(st.get("virality"), (int, float)) else ""), highlight=False)
    out(f"  leaning: {st.get('leaning', 'unknown')} (left {lc.get('left', 0)}, center {lc.get('center', 0)}, "
        f"right {lc.get('right', 0)}, unknown {lc.get('unknown', 0)})"
        + (f" · blindspot: few {st['blindspot']}-leaning sources" if st.get("blindspot") else ""), highlight=False)

    gen = page.get("generation") or {}
    if gen.get("backend") == "llm":
        line = (f"  rewritten by {escape(str(gen.get('model', '?')))}: {gen.get('rewritten', 0)} of "
                f"{gen.get('requested', 0)} items; {gen.get('kept', 0)} generated sentences kept, "
                f"{gen.get('dropped', 0)} dropped as unsupported by their sources")
        if gen.get("error"):
            line += f" · [red]endpoint error:[/] {escape(str(gen['error']))} (extractive text shown)"
        out(line, highlight=False)

    out("\n[bold]The Breakdown[/]", highlight=False)
    for b in page["breakdown"]:
        n = len(b["sources"])
        out(f"  • {escape(b['text'])}{_cite(b['sources'], numbers)} [dim]({n} source{'s' if n != 1 else ''})[/]",
            highlight=False)

    for side, heading in (("left", "On The Left"), ("center", "In The Center"), ("right", "On The Right")):
        p = page["perspectives"].get(side) or {}
        if not p.get("count"):
            continue
        est = f", {p['estimated']} estimated from the outlet's text" if p.get("estimated") else ""
        n, m = p["count"], p.get("sources", 0)
        out(f"\n[bold]{heading}[/] [dim]{n} article{'s' if n != 1 else ''}, {m} source{'s' if m != 1 else ''}{est}[/]",
            highlight=False)
        if (head := p.get("headline")) and is_page_title(head.get("text"), page):
            out(f"  Led with this page's headline{_cite(head['sources'], numbers)}", highlight=False)
        elif head:
            out(f"  Led with: \u201c{escape(head['text'])}\u201d{_cite(head['sources'], numbers)}", highlight=False)
        for s in p.get("summary", []):
            out(f"  • {escape(s['text'])}{_cite(s['sources'], numbers)}", highlight=False)

    out("\n[bold]Top Keywords[/]", highlight=False)
    out("  " + " · ".join(escape(k["name"]) for k in page["keywords"]), highlight=False)

    if page["questions"]:
        out("\n[bold]Further Learning[/]", highlight=False)
        for q in page["questions"]:
            older = " [dim](from older coverage)[/]" if q.get("from_older_coverage") else ""
            older += " [dim](from later coverage)[/]" if q.get("from_later_coverage") else ""
            out(f"  [bold]{escape(q['question'])}[/]{older}", highlight=False)
            out(f"    {escape(q['answer'])}{_cite(q['sources'], numbers)}", highlight=False)

    if page["disagreements"]:
        out("\n[bold]Where sources disagree[/]", highlight=False)
        for d in page["disagreements"]:
            out(f"  {escape(d['topic'])}:", highlight=False)
            for c in d["claims"]:
                out(f"    – {escape(c['text'])}{_cite(c['sources'], numbers)}", highlight=False)

    if page["timeline"]:
        out("\n[bold]Timeline[/]", highlight=False)
        for t in page["timeline"]:
            out(f"  {escape(t['time'] or '')}  {escape(t['text'])}{_cite(t['sources'], numbers)}", highlight=False)

    if page.get("related"):
        out("\n[bold]Related stories[/] [dim](same subject, near in time)[/]", highlight=False)
        # in time order, as the subject developed (the page data lists them best first)
        for r in sorted(page["related"], key=lambda r: (r.get("first_published") or "", r["id"])):
            when = (r.get("first_published") or "")[:10]
            n = r.get("article_count", 0)
            out(f"  {escape(r['id'])}  {escape(when)}  {escape(r.get('title') or '')} "
                f"[dim]({n} article{'' if n == 1 else 's'})[/]", highlight=False)

    out("\n[bold]Articles[/]", highlight=False)
    copies: dict[str, list[dict[str, Any]]] = {}
    for a in page["articles"]:
        if a.get("duplicate_of") and a["duplicate_of"] in numbers:
            copies.setdefault(a["duplicate_of"], []).append(a)
    for a in page["articles"]:
        if a.get("duplicate_of") and a["duplicate_of"] in numbers:
            continue
        out(f"  [{numbers[a['id']]}] {escape(a['source'])} [dim]({escape(_leaning_note(a))})[/]: "
            f"{escape(a['title'])}", highlight=False)
        note = grouping_note(a.get("grouping"))
        if note:
            out(f"      [dim]{escape(note)}[/]", highlight=False)
        for c in copies.get(a["id"], []):
            out(f"      [dim]copy: [{numbers[c['id']]}] {escape(c['source'])}: {escape(c['title'])}[/]", highlight=False)

    why = page.get("why_grouped")
    if why:
        out("\n[bold]Why these articles are grouped[/]", highlight=False)
        parts = [f"shared names: {escape(', '.join(why.get('shared_entities') or []) or '-')}"]
        # A story of one article and its copies was never scored: no similarity to show
        # (the web page leaves the line out the same way).
        for key, label in (("mean_embedding_similarity", "mean title+lead similarity"),
                           ("mean_tfidf_similarity", "mean word similarity")):
            if isinstance(why.get(key), (int, float)):
                parts.append(f"{label} {why[key]:.2f}")
        parts.append(f"copies folded: {why.get('copies', 0)}")
        out("  " + "; ".join(parts), highlight=False)


def _leaning_note(a: dict[str, Any]) -> str:
    """"left", or "left, estimated from 12 articles" for an unrated outlet's estimate."""
    leaning = a.get("leaning") or "unknown"
    if a.get("leaning_basis") != "estimated":
        return leaning
    n = a.get("leaning_articles") or 1
    return f"{leaning}, estimated from {n} article{'' if n == 1 else 's'}"
