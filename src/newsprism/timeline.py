"""A story's timeline: who reported first, when each outlet joined, what changed later.

Entries, oldest first (each ``{"time", "text", "sources", "kind"}``):

* ``first_report`` -- the earliest original article: "First reported by <source>: <title>";
* ``outlet_first`` -- each other outlet's first article on the story ("<source>: <title>",
  or "<source> republished <original source>'s report" for a copy);
* ``development`` -- a later article that adds facts: the share of its lead's content words
  (and numbers) that no earlier article used is at least :data:`NOVELTY_THRESHOLD`. Its
  text is the lead sentence with the most new words, quoted from the article, so every
  line of the timeline is traceable. Copies are never developments.

An article gives at most one entry (an outlet's first article that also brings news is
shown with its news). Undated articles are left out: a timeline entry without a time
would have to be guessed, and a wrong place in time misleads more than a missing line;
the page lists every article anyway.

Pure and lexical: ~1 ms per article.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from newsprism.leaning import outlet_key
from newsprism.sources import parse_date as _published  # one date reader for every stage
from .clean import prose_sentences

__all__ = ["LEAD_SENTENCES", "NOVELTY_THRESHOLD", "build_timeline"]

#: Sentences of an article (after its title) that count as its lead.
LEAD_SENTENCES = 3
#: Share of new content words a lead needs to be a development. The four seed articles
#: retell one event in four outlets' words: over all 24 publication orders, a later lead
#: scores 0.06-0.57 against the articles before it (0.57 is the second article, measured
#: against one other). A lead bringing a new step of the story (new names, numbers,
#: places) scores 0.7 and more in the tests' fixtures. 0.6 sits above every retelling.
NOVELTY_THRESHOLD = 0.6
#: ... and at least this many new words, so a two-word teaser is not "news".
MIN_NEW_WORDS = 4
#: A development's sentence: long enough to say something, short enough to read on a line.
MIN_SENTENCE_WORDS, MAX_SENTENCE_WORDS = 6, 60

_WORD = re.compile(r"[^\W_]+(?:[.,'’][^\W_]+)*", re.UNICODE)
_STOP = frozenset(
    "a an the and or but of to in on at for from by with as is are was were be been being has have had it "
    "its this that these those their there they them he she his her we our you your i not no also which "
    "who whom whose what when where while after before than then so such into over under about said says "
    "say told would could should will may might can more most some any all other another new news report "
    "reports reported according just very only up out".split()
)




def _terms(text: str) -> list[str]:
    """Content words and numbers, lower-cased, lightly stemmed (plural s)."""
    return [t for t in map(_term, _WORD.findall(text)) if t]


def _term_set(text: str) -> set[str]:
    """The distinct :func:`_terms` of a text, each distinct word read once (a whole article
    is read for what it has made known)."""
    return {t for t in map(_term, set(_WORD.findall(text))) if t}


def _term(word: str) -> str:
    """A word's term, or "" for a stop word or a short word."""
    lw = word.lower().replace("’", "'")
    lw = lw.removesuffix("'s")
    if lw in _STOP or (len(lw) < 3 and not lw[0].isdigit()):
        return ""
    if len(lw) > 4 and lw.endswith("s") and not lw.endswith("ss"):
        lw = lw[:-1]
    return lw


def _lead(article: Mapping[str, Any]) -> list[str]:
    return prose_sentences(str(article.get("text") or ""))[:LEAD_SENTENCES]


def _one_line(text: str, limit: int = 160) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def build_timeline(articles: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The story's timeline, oldest first; see the module docstring for the entries."""
    dated = []
    for a in articles:
        if not isinstance(a, Mapping) or a.get("id") in (None, ""):
            continue
        when = _published(a.get("published"))
        if when is not None:
            dated.append((when, str(a["id"]), a))
    dated.sort(key=lambda t: (t[0], t[1]))
    by_id = {i: a for _, i, a in dated}
    seen: set[str] = set()
    outlets: set[str] = set()
    first_done = False
    entries: list[dict[str, Any]] = []
    for when, aid, a in dated:
        source = str(a.get("source") or "unknown source")
        outlet = outlet_key(a)  # a source naming no outlet ("local") is each article's own
        title = _one_line(a.get("title") or "") or _one_line(" ".join(_lead(a)[:1]))
        orig = a.get("duplicate_of")
        lead = _lead(a)
        terms_all = _term_set(f"{a.get('title') or ''} {a.get('text') or ''}")
        entry: dict[str, Any] | None = None
        if orig:
            if outlet not in outlets:
                original = by_id.get(str(orig))
                whose = f"{original.get('source')}'s report" if original and original.get("source") else "another outlet's report"
                entry = {"text": f"{source} republished {whose}: {title}", "kind": "outlet_first"}
        elif not first_done:
            entry = {"text": f"First reported by {source}: {title}", "kind": "first_report"}
            first_done = True
        else:
            news = _novel_sentence(a.get("title") or "", lead, seen)
            if news is not None:
                entry = {"text": f"{source}: {news}", "kind": "development"}
            elif outlet not in outlets:
                entry = {"text": f"{source}: {title}", "kind": "outlet_first"}
        if entry is not None:
            entry = {"time": when.isoformat(), "text": entry["text"], "sources": [aid], "kind": entry["kind"]}
            entries.append(entry)
        outlets.add(outlet)
        seen.update(terms_all)
    return entries


def _novel_sentence(title: str, lead: list[str], seen: set[str]) -> str | None:
    """The lead sentence with the most new facts, if the lead as a whole is news."""
    lead_terms = _terms(" ".join([title, *lead]))
    if not lead_terms:
        return None
    new = [t for t in lead_terms if t not in seen]
    if len(new) < MIN_NEW_WORDS or len(new) / len(lead_terms) < NOVELTY_THRESHOLD:
        return None
    best, best_score = None, 0.0
    for i, sent in enumerate(lead):
        n_words = len(sent.split())
        if not MIN_SENTENCE_WORDS <= n_words <= MAX_SENTENCE_WORDS:
            continue
        terms = _terms(sent)
        fresh = sum(1 for t in terms if t not in seen)
        score = fresh + 0.5 * fresh / max(1, len(terms)) - 0.01 * i
        if fresh >= 2 and score > best_score:
            best, best_score = sent, score
    return best
