"""Top keywords and a short label for a story: canonical entities merged with key phrases.

A story's keywords are what a reader scans to know what it is about ("Ales Bialiatski",
"Minsk", "potash sanctions"). Two sources, merged:

* canonical entities (people, places, organisations; spellings already folded together
  by :mod:`newsprism.entities`), ranked by salience: how often they are mentioned, how
  early (titles and leads say what matters), and how many *independent sources* mention
  them — a name every outlet uses outranks one a single outlet dwells on;
* key phrases from YAKE (unsupervised, offline) over the titles and leads, for what is
  not a name ("prisoner release", "potash sanctions").

A phrase that is a fragment of a kept keyword ("Bialiatski" beside "Ales Bialiatski",
"sanctions" beside "potash sanctions"), or repeats an entity's alias, is dropped. Copies
(``duplicate_of``) are not independent sources and are left out of the spread.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable, Sequence

from .entities import Entity

__all__ = ["Keyword", "StoryText", "story_keywords", "story_label"]

#: Words of each article that YAKE reads: titles and leads carry what a story is about;
#: bodies add background vocabulary that drowns it (seed story: with whole bodies the
#: top phrases include "Western countries" and "game changer").
LEAD_WORDS = 120
#: YAKE phrase length and how many phrases to ask for before merging.
MAX_PHRASE_WORDS = 3
YAKE_CANDIDATES = 30
#: Entity types kept as keywords: what a reader recognises as a subject of the story.
KEYWORD_TYPES = frozenset({"person", "place", "organization"})
#: A mention in a title weighs as much as this many mentions in the body.
TITLE_WEIGHT = 3.0
#: Label: a title word counts this many times a lead word; leads are their first words.
LABEL_TITLE_WEIGHT = 3
LABEL_LEAD_WORDS = 60

_WORD = re.compile(r"[\w'’-]+", re.UNICODE)
# Phrases YAKE finds in news text that say nothing about the event itself.
_STOP_PHRASES = frozenset(
    "said told according percent people year years time week day today monday tuesday wednesday thursday "
    "friday saturday sunday reporters statement news report reports".split()
)


@dataclass(frozen=True)
class StoryText:
    """The parts of an article that keyword ranking reads."""

    id: str
    title: str
    text: str
    source: str
    duplicate_of: str | None = None


@dataclass(frozen=True)
class Keyword:
    name: str
    type: str  # person / place / organization / phrase
    aliases: tuple[str, ...]
    mentions: int
    sources: tuple[str, ...]  # ids of the articles mentioning it
    score: float


def _fold(text: str) -> str:
    return " ".join(w.lower() for w in _WORD.findall(text))


def _contains_phrase(haystack: str, needle: str) -> bool:
    return f" {needle} " in f" {haystack} "


def story_keywords(
    articles: Sequence[StoryText], entities: Iterable[Entity], *, limit: int = 15
) -> list[Keyword]:
    """Keywords of one story, best first: entities and phrases, no fragments of a kept one."""
    originals = [a for a in articles if not a.duplicate_of] or list(articles)
    if not originals:
        return []
    source_of = {a.id: a.source for a in articles}
    n_sources = len({a.source for a in originals})
    titles = {a.id: _fold(a.title) for a in articles}
    entities = list(entities)
    # Every alias of every entity, whatever its type: a phrase that only repeats a name
    # ("Belarus", "Belarusian") is that entity, not a key phrase of its own.
    entity_forms = {_fold(a) for ent in entities for a in (ent.name, *ent.aliases)}
    candidates: list[Keyword] = []
    for ent in entities:
        if ent.type not in KEYWORD_TYPES:
            continue
        arts = [a for a in ent.articles if a in source_of]
        if not arts:
            continue
        indep = [a for a in arts if any(o.id == a for o in originals)]
        spread = len({source_of[a] for a in indep or arts}) / max(1, n_sources)
        in_titles = sum(
            1 for a in arts if any(_contains_phrase(titles[a], _fold(alias)) for alias in ent.aliases)
        )
        weight = math.log1p(ent.mentions + TITLE_WEIGHT * in_titles)
        candidates.append(Keyword(ent.name, ent.type, ent.aliases, ent.mentions, tuple(sorted(arts)),
                                  round(weight * (0.5 + spread), 4)))
    candidates.extend(p for p in _phrases(originals, articles) if _fold(p.name) not in entity_forms)
    candidates.sort(key=lambda k: (-k.score, k.name))
    kept = _drop_fragments(candidates)
    return _join_overlaps(kept, {a.id: _fold(a.title + " " + a.text) for a in articles})[:limit]


def _join_overlaps(kept: list[Keyword], folded: dict[str, str]) -> list[Keyword]:
    """Two kept phrases that overlap ("Nobel Peace" + "Peace Prize") become their union
    ("Nobel Peace Prize") when the union is what the articles actually say."""
    out = list(kept)
    changed = True
    while changed:
        changed = False
        phrases = [k for k in out if k.type == "phrase"]
        for a in phrases:
            for b in phrases:
                if a is b:
                    continue
                wa, wb = _fold(a.name).split(), _fold(b.name).split()
                for n in range(min(len(wa), len(wb)) - 1, 0, -1):
                    if wa[-n:] == wb[:n] and len(wa) + len(wb) - n <= MAX_PHRASE_WORDS + 1:
                        union = " ".join(wa + wb[n:])
                        arts = sorted(i for i, t in folded.items() if _contains_phrase(t, union))
                        if len(arts) * 2 >= max(len(a.sources), len(b.sources)) and len(arts) >= min(2, len(folded)):
                            name = " ".join(a.name.split() + b.name.split()[n:])
                            mentions = sum(folded[i].count(union) for i in arts)
                            joined = Keyword(name, "phrase", (), mentions, tuple(arts), max(a.score, b.score))
                            out = [joined if k is a else k for k in out if k is not b]
                            changed = True
                        break
                if changed:
                    break
            if changed:
                break
    return out


def _phrases(originals: Sequence[StoryText], articles: Sequence[StoryText]) -> list[Keyword]:
    import yake

    corpus = "\n\n".join(
        f"{a.title}.\n" + " ".join(a.text.split()[:LEAD_WORDS]) for a in originals
    )
    extractor = yake.KeywordExtractor(lan="en", n=MAX_PHRASE_WORDS, dedupLim=0.8, top=YAKE_CANDIDATES)
    found = extractor.extract_keywords(corpus)
    n_sources = len({a.source for a in originals})
    out = []
    folded = {a.id: _fold(a.title + " " + a.text) for a in articles}
    for phrase, yake_score in found:
        key = _fold(phrase)
        if not key or key in _STOP_PHRASES or all(w in _STOP_PHRASES or w.isdigit() for w in key.split()):
            continue
        if " " not in key and sum(_contains_phrase(_fold(a.title), key) for a in originals) * 2 < len(originals):
            # A lone word ("City", "downtown") is a keyword only when most headlines use it.
            continue
        arts = sorted(aid for aid, text in folded.items() if _contains_phrase(text, key))
        if not arts:
            continue
        mentions = sum(folded[a].count(key) for a in arts)
        spread = len({a.source for a in originals if a.id in arts}) / max(1, n_sources)
        # YAKE scores are "lower is better" and unbounded; 1/(1+s) maps them onto (0, 1].
        score = math.log1p(mentions) * (0.5 + spread) * (1.0 / (1.0 + yake_score))
        out.append(Keyword(" ".join(phrase.split()), "phrase", (), mentions, tuple(arts), round(score, 4)))
    return out


def _drop_fragments(ranked: list[Keyword]) -> list[Keyword]:
    """Keep a keyword unless it is a fragment of a better-ranked one ("Bialiatski" beside
    "Ales Bialiatski"). A longer phrase that contains a kept phrase and is used about as
    often replaces it ("Nobel" -> "Nobel Peace Prize"); a phrase that wraps a kept entity
    in extra words is dropped."""
    kept: list[Keyword] = []
    for kw in ranked:
        forms = {_fold(kw.name)} | {_fold(a) for a in kw.aliases}
        action = "keep"
        for i, other in enumerate(kept):
            other_forms = {_fold(other.name)} | {_fold(a) for a in other.aliases}
            if any(_contains_phrase(o, f) for o in other_forms for f in forms):
                action = "drop"  # a fragment of a kept keyword
            elif kw.type == "phrase" and any(_contains_phrase(f, o) for o in other_forms for f in forms):
                if other.type == "phrase" and kw.mentions * 2 >= other.mentions:
                    kept[i] = Keyword(kw.name, kw.type, kw.aliases, kw.mentions, kw.sources, other.score)
                action = "drop"
            if action == "drop":
                break
        if action == "keep":
            kept.append(kw)
    # A replacement can make two kept phrases overlap; keep the first of each such pair.
    out: list[Keyword] = []
    for kw in kept:
        f = _fold(kw.name)
        if not any(_contains_phrase(_fold(o.name), f) or _contains_phrase(f, _fold(o.name)) for o in out):
            out.append(kw)
    return out


def story_label(keywords: Sequence[Keyword], titles: Sequence[str], leads: Sequence[str] = ()) -> str:
    """A 1-3 word topic tag ("Belarus Release"): the main place or organisation, and the
    word the titles (and, with less weight, the leads) use most for what happened."""
    folded_titles = [_fold(t) for t in titles]

    def title_share(k: Keyword) -> int:
        return sum(1 for t in folded_titles if any(_contains_phrase(t, _fold(a)) for a in (k.name, *k.aliases)))

    # The name most titles use: "Belarus", not the "United States" that the bodies mention
    # more often. Places and organisations first on ties; NER's type is a guess ("Alder
    # Bay" tagged as a person), so any name short enough for a label may anchor it.
    rank = {"place": 0, "organization": 1, "person": 2}
    anchors = [k for k in keywords if k.type in rank and len(k.name.split()) <= 2]
    anchor = None
    if anchors:
        best = min(anchors, key=lambda k: (-title_share(k), rank[k.type], keywords.index(k)))
        anchor = best.name if title_share(best) > 0 or best.type != "person" else best.name.split()[-1]
    counts: Counter[str] = Counter()
    anchor_words = set(_fold(anchor).split()) if anchor else set()
    # Names are the anchor's job; words of names and of name-like phrases ("Nobel Peace
    # Prize") are not what happened.
    entity_words = {w for k in keywords for a in (k.name, *k.aliases) for w in _fold(a).split()}
    for weight, texts in ((LABEL_TITLE_WEIGHT, titles), (1, [" ".join(t.split()[:LABEL_LEAD_WORDS]) for t in leads])):
        for text in texts:
            seen = set()
            for w in _fold(text).split():
                if len(w) < 4 or w in _STOP_PHRASES or w in anchor_words or w in seen or w in _TITLE_STOPWORDS:
                    continue
                if w in entity_words or w.isdigit():
                    continue
                seen.add(w)
                counts[w] += weight
    # What happened: the best common-noun key phrase ("charge", "quake", "transit"), else
    # the word the titles and leads use most. Capitalised phrases are names, not events.
    event = None
    for k in keywords:
        words = k.name.split()
        if k.type != "phrase" or any(w[:1].isupper() for w in words) or anchor_words & set(_fold(k.name).split()):
            continue
        room = 3 - len(anchor.split()) if anchor else 3
        event = " ".join(words[:max(1, room)]).title()
        break
    if event is None:
        event = _event_word(counts)
    parts = [p for p in (anchor, event) if p]
    label = " ".join(parts) if parts else (keywords[0].name if keywords else "News")
    words = label.split()
    return " ".join(w if w[:1].isupper() else w.capitalize() for w in words[:3])


def _event_word(counts: Counter[str]) -> str | None:
    if not counts:
        return None
    # Prefer a noun form of the commonest verb in titles ("frees" -> "Release" is beyond a
    # rule; "release", "releases", "freed" are grouped by their first five letters).
    groups: dict[str, int] = defaultdict(int)
    best_form: dict[str, tuple[int, str]] = {}
    for word, n in counts.items():
        stem = word[:5]
        groups[stem] += n
        # The shortest form of a group is usually the noun ("release" of releases/released).
        if stem not in best_form or len(word) < len(best_form[stem][1]):
            best_form[stem] = (n, word)
    stem = max(sorted(groups), key=lambda s: groups[s])
    return best_form[stem][1].capitalize()


_TITLE_STOPWORDS = frozenset(
    "with from after over into amid about than that this their they have will would could should "
    "what when where which while more most some such just says said also been were being among "
    "including include includes against under first last latest live update updates before least "
    "there them then than into onto across again still only even".split()
)
