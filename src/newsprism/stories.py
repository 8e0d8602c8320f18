"""Keeps stories up to date: enrich new articles, assign them to stories, write story rows.

Runs after an ingest (unless ``--no-process``) and for ``newsprism recluster``. The stages
it wires are pure (:mod:`embed`, :mod:`entities`, :mod:`cluster`, :mod:`keywords`); this
module is the glue to the store:

1. **Features**, computed once per article version and cached in ``article_features``:
   the title+lead embedding and the named-entity mentions (NER is the slowest stage, so a
   re-run never repeats it).
2. **Assignment**: the online clusterer's state is restored from the store, each waiting
   article (ingestion order) joins a story or starts one, a merge pass runs, and the new
   state is saved in the same transaction as the assignments.
3. **Canonical entities** across the whole archive (spellings and transliterations folded
   together): the new articles' names are folded into the stored table by
   :func:`newsprism.entity_table.update`, which re-resolves only the entities they can meet
   and writes what a full recompute would (a rebuild recomputes everything).
4. **Story rows** for every story that changed: counts, time span, keywords, label, tags
   and why its articles are grouped.
5. **The virality baseline** (the typical story's peak velocity): the stories still open
   are measured exactly, the retired ones are kept as a histogram (:func:`_virality_baseline`),
   so the run reads the active set, not the archive.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np

from . import cluster, embed, entities, entity_table, estimates, names, summarize
from .evaluate import ENTITY_WORDS
from .keywords import StoryText, headlines, story_keywords, story_label
from .leaning import outlet_key
from .sources.dates import too_far_ahead
from .store import Store

log = logging.getLogger(__name__)

STATE_KEY = "clusterer"
#: What produced the cached features; a change recomputes them (new articles at once, the
#: archive at ``newsprism recluster``).
FEATURE_MODEL = f"{embed.MODEL_ID}|{entities.MODEL_DISTRIBUTION}|{entities.NER_INPUT}"
#: Feature computation and assignment go in chunks of this many articles, so a large
#: backfill shows progress and holds a bounded number of texts in memory.
CHUNK = 256
#: Names shown in a story's tag line.
TAGS = 5
_WORD_RUN = re.compile(r"\S+")


@dataclass
class StoryReport:
    articles: int = 0
    new_stories: int = 0
    updated_stories: int = 0
    merged: int = 0
    #: articles that moved to another story when placed again (``ClusterConfig.reassign_window``)
    moved: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    #: How the entity table was brought up to date (incremental, or full with the reason).
    entities: dict[str, Any] = field(default_factory=dict)
    #: Articles of unrated outlets scored for their outlet's estimate (and the seconds it took).
    leaning: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles, "new_stories": self.new_stories, "updated_stories": self.updated_stories,
            "merged": self.merged, "moved": self.moved, "seconds": round(self.seconds, 2),
            "timings": {k: round(v, 2) for k, v in self.timings.items()},
            "entities": self.entities, "leaning": self.leaning,
        }


def _tick(report: StoryReport, key: str, start: float) -> float:
    now = time.perf_counter()
    report.timings[key] = report.timings.get(key, 0.0) + now - start
    return now


def ensure_features(store: Store, rows: Sequence[dict[str, Any]], report: StoryReport | None = None) -> dict[str, dict]:
    """Embedding and mentions of each row, from the cache or computed (and cached) now."""
    report = report or StoryReport()
    cached = store.features(r["id"] for r in rows)
    fresh = {r["id"]: cached[r["id"]] for r in rows
             if r["id"] in cached and cached[r["id"]]["content_hash"] == r["content_hash"]
             and cached[r["id"]]["model"] == FEATURE_MODEL}
    todo = [r for r in rows if r["id"] not in fresh]
    for start in range(0, len(todo), CHUNK):
        part = todo[start : start + CHUNK]
        t = time.perf_counter()
        vectors = embed.embed_texts([embed.article_text_for_embedding(r["title"], r["text"]) for r in part])
        t = _tick(report, "embed", t)
        mentions = entities.extract_mentions_many([entities.ner_text(r['title'], r['text']) for r in part])
        _tick(report, "ner", t)
        saved = []
        for r, vec, ms in zip(part, vectors, mentions):
            row = {
                "article_id": r["id"], "content_hash": r["content_hash"], "model": FEATURE_MODEL,
                "embedding": embed.to_bytes(vec),
                "mentions": [[m.text, m.label, m.start, m.end, m.sentence] for m in ms],
            }
            saved.append(row)
            fresh[r["id"]] = row
        store.save_features(saved)
    return fresh


def _mentions(raw: Iterable[Sequence[Any]]) -> list[entities.Mention]:
    return [entities.Mention(text=m[0], label=m[1], start=m[2], end=m[3], sentence=m[4]) for m in raw]


def _lead_end(title: str, text: str, words: int) -> int:
    """Character offset, in ``title + "\n\n" + text``, of the end of the text's first words."""
    prefix = len(title) + 2 if title else 0
    count = 0
    for match in _WORD_RUN.finditer(text):
        count += 1
        if count == words:
            return prefix + match.end()
    return prefix + len(text)


def entity_keys(article_id: str, mentions: Sequence[entities.Mention], lead_end: int | None = None) -> frozenset[str]:
    """Spelling-independent keys of an article's people, places and organisations, for the
    clusterer: "Kolesnikova" and "Kalesnikava" give the same key, "Maria" alone none.

    Only names in the title and lead count (``lead_end``): the clusterer's weights were tuned
    with entities of title + lead (``evaluate.ENTITY_WORDS``), where an event's actors are
    named; the background names of a long body blur the overlap."""
    if lead_end is not None:
        mentions = [m for m in mentions if m.start < lead_end]
    keys = {entity_key(ent) for ent in entities.resolve_entities([(article_id, mentions)])}
    keys.discard(None)
    return frozenset(keys)


_KEY_PREFIX = {"person": "per:", "place": "loc:", "organization": "org:"}


def entity_key(ent: entities.Entity) -> str | None:
    """The clusterer's key of one entity: a person by the phonetic fold of the surname,
    places and organisations by the fold of every word; other types have none."""
    prefix = _KEY_PREFIX.get(ent.type)
    tokens = names.ascii_tokens(ent.name)
    if prefix is None or not tokens:
        return None
    if ent.type == "person":
        return prefix + names.phonetic_fold(tokens[-1])
    return prefix + " ".join(names.phonetic_fold(t) for t in tokens)


def _cluster_time(row: dict[str, Any]) -> datetime | None:
    """An article's time for clustering and story times: its publication date, or when it was
    first seen if that date is impossibly far ahead of it. Ingest drops such dates; a store
    written before it did keeps them, and one item dated 2099 would move the clusterer's clock
    past every real article (each run would close every story as "quiet for 73 years")."""
    published, seen = row.get("published"), row.get("first_seen")
    return seen if too_far_ahead(published, seen) else published


def _features(row: dict[str, Any], feats: dict[str, Any]) -> cluster.ArticleFeatures:
    vec = embed.from_bytes(feats["embedding"]) if feats.get("embedding") else None
    return cluster.article_features(
        # No stand-in time for undated articles: when a file was ingested says nothing about
        # when its event happened, and a false time gap would split a story.
        row["id"], row["title"], row["text"], published=_cluster_time(row),
        embedding=vec,
        entities=entity_keys(row["id"], _mentions(feats["mentions"]),
                             _lead_end(row["title"], row["text"], ENTITY_WORDS)),
        duplicate_of=row["duplicate_of"], source=row["source"],
    )


def _load_clusterer(store: Store) -> cluster.OnlineClusterer:
    data = store.load_state(STATE_KEY)
    if data is None:
        return cluster.OnlineClusterer()

    def features(ids: list[str]) -> dict[str, cluster.ArticleFeatures]:
        """The recent articles' features, from the store (the snapshot lists only their ids)."""
        cached = store.features(ids)
        return {r["id"]: _features(r, cached[r["id"]]) for r in store.articles_by_ids(ids) if r["id"] in cached}

    return cluster.OnlineClusterer.restore(json.loads(data), features=features)


def update_stories(store: Store, *, rebuild: bool = False, full_refresh: bool = False,
                   registry: Any = None) -> StoryReport:
    """Assign every article without a story; with ``rebuild``, forget all stories first and
    replay the whole archive in publication order (a backfill).

    The entity table and the virality baseline are updated from this run's articles and
    stories alone; ``full_refresh`` recomputes both over the whole archive instead (what a
    rebuild does; the incremental path gives the same entity table, see
    :mod:`newsprism.entity_table`). Articles of outlets the rating table (``registry``, the
    shipped one by default) does not know are scored by the text classifier for their
    outlet's estimate (:func:`newsprism.estimates.score_unrated`)."""
    from .leaning import default_registry

    report = StoryReport()
    t0 = time.perf_counter()
    report.leaning = estimates.score_unrated(store, registry or default_registry())
    report.timings["leaning"] = report.leaning["seconds"]
    full_refresh = full_refresh or rebuild
    if rebuild:
        store.reset_stories()
        rows = store.all_articles_for_clustering()
    else:
        rows = store.pending_articles()
    if not rows:
        report.seconds = time.perf_counter() - t0
        return report
    t = time.perf_counter()
    clusterer = cluster.OnlineClusterer() if rebuild else _load_clusterer(store)
    _tick(report, "restore", t)
    known = {s.id for s in clusterer.stories()}
    touched: set[str] = set()
    run_mentions: list[tuple[str, list[entities.Mention]]] = []
    # Copies placed in a story the clusterer no longer holds (retired before its snapshot):
    # their reasons, since no story state in memory records them.
    adopted: dict[str, dict[str, Any]] = {}
    for start in range(0, len(rows), CHUNK):
        part = rows[start : start + CHUNK]
        feats = ensure_features(store, part, report)
        t = time.perf_counter()
        originals = {r["duplicate_of"] for r in part if r["duplicate_of"]}
        stored_story = store.story_of_articles(originals) if originals and not rebuild else {}
        for row in part:
            assignment = clusterer.add(_features(row, feats[row["id"]]),
                                       original_story=stored_story.get(row["duplicate_of"]))
            touched.add(assignment.story_id)
            if assignment.reasons.get("retired_story"):
                adopted[row["id"]] = assignment.reasons
            run_mentions.append((row["id"], _mentions(feats[row["id"]]["mentions"])))
        _tick(report, "assign", t)
    t = time.perf_counter()
    clusterer.merge_pass()
    # every merge of this run: passes also run inside ``add`` (every ``merge_every``
    # articles, and as the stream's clock moves, ``merge_every_hours``)
    merges = clusterer.merges
    # Stories already quiet for the whole quiet period when the run ends (old articles
    # backfilled after newer ones) leave the active set now, not whenever a later article
    # happens to move the clock: the active set, and the snapshot, stay what the news holds.
    clusterer.expire()
    report.merged = len(merges)
    report.moved = len(clusterer.moves)
    # an article that moved changed both stories (both stay: each keeps an article of its own)
    touched |= {sid for _, src, dst, _ in clusterer.moves for sid in (src, dst)}
    redirect = {absorbed: kept for kept, absorbed, _ in merges}
    removed = set(redirect)

    def final(sid: str) -> str:
        while sid in redirect:
            sid = redirect[sid]
        return sid

    touched = {final(s) for s in touched} | {final(kept) for kept, _, _ in merges}
    # Stories that existed before this run: the restored active ones, and retired ones
    # that a copy followed its original into.
    known |= {clusterer.story_of(aid) for aid in adopted}
    report.articles = len(rows)
    report.new_stories = len(touched - known)
    report.updated_stories = len(touched & known)

    states = {s.id: s for s in clusterer.stories()}
    assignments = {aid: sid for aid, sid in clusterer.assignments().items() if sid in touched}
    evidence = _placement_reasons(store, states, adopted, {r["id"] for r in rows})
    _tick(report, "assign", t)

    t = time.perf_counter()
    if full_refresh:
        ent_report = entity_table.refresh_all(store, reason="rebuild" if rebuild else "full refresh")
    else:
        ent_report = entity_table.update(store, run_mentions)
    report.entities = ent_report.as_dict()
    t = _tick(report, "entities", t)

    # Stories this run did not touch whose entities were renamed, merged or split: their
    # keywords and labels are written again (a story's keywords depend on nothing else
    # outside it, see _as_story_sees_it).
    refresh = set()
    for sid in store.story_of_articles(ent_report.affected_articles or []).values():
        sid = final(sid) if sid else sid
        if sid and sid not in touched:
            refresh.add(sid)
    report.updated_stories += len(refresh)
    members = _members(store, assignments)
    # Stories with members placed before this run (not in ``assignments``): their stored rows.
    for sid, stored in store.story_members(refresh | (touched - set(states))).items():
        have = {r["id"] for r in members.get(sid, [])}
        members.setdefault(sid, []).extend(r for r in stored if r["id"] not in have)
    by_article: dict[str, list[entities.Entity]] = defaultdict(list)
    for r in store.entities_of_articles([m["id"] for rows_ in members.values() for m in rows_]):
        e = entities.Entity(r["id"], r["name"], r["type"], tuple(r["aliases"]), r["mentions"], tuple(r["articles"]))
        for a in e.articles:
            by_article[a].append(e)
    # Stories the clusterer no longer holds (retired in an earlier run) keep their stored
    # reasons for grouping, updated for the copies that joined them.
    held_by_store = store.stories_by_ids((touched | refresh) - set(states))
    story_rows = []
    names_of: dict[str, dict[str, str]] = {}
    for sid in sorted(touched | refresh):
        if sid in states:
            why, active, shown = states[sid].why(), states[sid].active, False
        elif sid in held_by_store:
            why, active, shown = _stored_why(held_by_store[sid], members.get(sid, []), adopted), False, True
        else:
            continue
        story_rows.append(_story_row(sid, why, active, members.get(sid, []), by_article, names_shown=shown,
                                     names=names_of.setdefault(sid, {})))
    # The reasons name entities by the clusterer's folded keys; readers get canonical names.
    for aid, reason in evidence.items():
        names = names_of.get(clusterer.story_of(aid) or "", {})
        for r in (reason, reason.get("merge_reasons") or {}):
            if r.get("shared_entities"):
                r["shared_entities"] = [names[k] for k in r["shared_entities"] if k in names]
    open_now = {s.id for s in states.values() if s.active}
    last = store.load_state(BASELINE_STATE_KEY)
    # Stories that left the active set in this run without a new article: only their flag changes.
    retired = (set(json.loads(last)["open"]) & set(states)) - open_now - touched - refresh if last else set()
    store.write_stories(
        story_rows, assignments, removed=removed, deactivated=retired,
        state={STATE_KEY: json.dumps(clusterer.snapshot(), separators=(",", ":")).encode()},
        evidence=evidence,
    )
    t = _tick(report, "story_rows", t)
    if full_refresh:
        _virality_baseline_full(store, open_now)
    else:
        _virality_baseline(store, open_now=open_now, new_stories=touched - known, existing=set(states))
    _tick(report, "virality_baseline", t)
    report.seconds = time.perf_counter() - t0
    return report


BASELINE_KEY = "virality_baseline"
BASELINE_STATE_KEY = "virality_baseline:state"
#: Retired stories' peak velocities are counted in log-spaced bins this wide (ratio of a
#: bin's upper to lower edge), and a bin stands for its geometric middle: a median read off
#: the bins is within +-0.25 % of the exact median of the same values. Stories still open
#: (active in the clusterer) are kept exactly. 0.5 % is far below what virality shows (two
#: decimals of a ratio around 1) and keeps the state at a few hundred numbers whatever the
#: archive's size.
BIN_RATIO = 1.005


def _bin(value: float) -> int:
    return math.floor(math.log(value) / math.log(BIN_RATIO))


def _bin_value(index: int) -> float:
    return BIN_RATIO ** (index + 0.5)


def _median_of(open_values: Iterable[float], hist: dict[int, int]) -> float | None:
    """The median of the open stories' values and the binned retired ones (None if none)."""
    items = sorted([(v, 1) for v in open_values if v > 0] + [(_bin_value(b), c) for b, c in hist.items() if c > 0])
    total = sum(c for _, c in items)
    if not total:
        return None

    def at(rank: int) -> float:
        seen = 0
        for value, count in items:
            seen += count
            if rank < seen:
                return value
        return items[-1][0]

    return (at((total - 1) // 2) + at(total // 2)) / 2


def _virality_baseline_full(store: Store, open_now: set[str]) -> None:
    """The typical story's peak coverage velocity, which virality 1.0 stands for
    (docs/virality.md), over every stored story; also resets the running state."""
    from . import score

    peaks = {sid: score.peak_velocity(dated) for sid, dated in store.dated_story_articles().items()}
    hist: Counter[int] = Counter(_bin(v) for sid, v in peaks.items() if sid not in open_now and v > 0)
    _save_baseline(store, score.baseline_from(peaks.values()), sum(1 for v in peaks.values() if v > 0), open_now, hist)


def _virality_baseline(store: Store, *, open_now: set[str], new_stories: set[str], existing: set[str]) -> None:
    """The baseline from the stories this run can have changed: every open story is
    measured again (the active set is bounded by the quiet period, not the archive), and a
    story that retired since the last run adds its final peak to the histogram. A retired
    story never changes again: only copies can still join it, and copies do not count.

    Against :func:`_virality_baseline_full` the result differs only by the binning (within
    0.25 %), and when a stored article of a retired story later turns out to be a copy of a
    newly ingested original (its story keeps the old peak)."""
    from . import score

    data = store.load_state(BASELINE_STATE_KEY)
    if data is None:
        _virality_baseline_full(store, open_now)
        return
    state = json.loads(data)
    hist: Counter[int] = Counter({int(k): v for k, v in state["hist"].items()})
    retired = ((set(state["open"]) | new_stories) & existing) - open_now
    dated = store.dated_story_articles(open_now | retired)
    for sid in retired:
        peak = score.peak_velocity(dated.get(sid, []))
        if peak > 0:
            hist[_bin(peak)] += 1
    open_peaks = [score.peak_velocity(dated.get(sid, [])) for sid in open_now]
    median = _median_of(open_peaks, hist)
    baseline = score.default_baseline() if median is None else max(score.default_baseline(), median)
    _save_baseline(store, baseline, sum(1 for v in open_peaks if v > 0) + sum(hist.values()), open_now, hist)


def _save_baseline(store: Store, baseline: float, stories: int, open_now: set[str], hist: Counter) -> None:
    """``stories``: how many stories (with dated coverage) the median was taken over."""
    store.save_state(BASELINE_KEY, json.dumps({"baseline": baseline, "stories": stories}).encode())
    store.save_state(BASELINE_STATE_KEY, json.dumps(
        {"open": sorted(open_now), "hist": {str(k): v for k, v in sorted(hist.items()) if v}}).encode())


def virality_baseline(store: Store) -> float | None:
    data = store.load_state(BASELINE_KEY)
    return json.loads(data)["baseline"] if data else None


def _members(store: Store, assignments: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    """Stored rows of the articles of the given stories (the assignments are not written yet)."""
    rows = store.articles_by_ids(assignments)
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        out[assignments[row["id"]]].append(row)
    return out


def _placement_reasons(store: Store, states: dict[str, cluster.StoryState], adopted: dict[str, dict[str, Any]],
                       placed: set[str]) -> dict[str, dict[str, Any]]:
    """Why each article placed in this run joined its story, and the merges of this run
    (noted on the absorbed story's first article, beside the reasons it joined with when
    it was placed in an earlier run), for ``story_evidence``."""
    out = {aid: r for st in states.values() for aid, r in st.evidence.items()}
    out.update(adopted)
    # an article placed before that moved now has new reasons, not additions to its old ones
    earlier = [aid for aid in out if aid not in placed and "moved_from" not in out[aid]]
    for aid, stored in store.story_evidence(earlier).items():
        out[aid] = {**stored, **out[aid]}
    return json.loads(json.dumps(out, default=_json_default))


def _stored_why(row: dict[str, Any], members: list[dict[str, Any]], adopted: dict[str, Any]) -> dict[str, Any]:
    """A retired story's stored grouping reasons, counted again over its members now."""
    why = dict(row.get("why") or {})
    why["article_count"] = len(members)
    why["source_count"] = len({outlet_key(m) for m in members})
    why["copies"] = why.get("copies", 0) + sum(1 for m in members if m["id"] in adopted)
    return why


def _story_row(sid: str, why: dict[str, Any], active: bool, rows: list[dict[str, Any]],
               by_article: dict[str, list], *, names_shown: bool = False,
               names: dict[str, str] | None = None) -> dict[str, Any]:
    """A story's stored row; ``why`` the clusterer's reasons (with its entity keys, or with
    the names already shown to readers when ``names_shown``). ``names``, when given, receives
    the story's entity keys -> canonical names."""
    rows = sorted(rows, key=lambda r: (r["published"] or r["first_seen"], r["id"]))
    originals = [r for r in rows if not r["duplicate_of"]] or rows
    ents: dict[str, entities.Entity] = {}
    for r in rows:
        for e in by_article.get(r["id"], []):
            ents[e.id] = e
    text_of = {r["id"]: f"{r['title']}\n\n{r['text']}" for r in rows}
    seen: dict[str, dict[str, list[int]]] = {}
    story_entities = [_as_story_sees_it(e, text_of, seen) for e in ents.values()]
    texts = [StoryText(r["id"], r["title"], r["text"], r["source"], r["duplicate_of"]) for r in rows]
    kws = story_keywords(texts, story_entities)
    label = story_label(kws, headlines(rows), [r["text"] for r in originals], story_entities)
    dated = [t for r in rows if (t := _cluster_time(r))]  # a far-future date counts as first seen
    times = dated or [r["first_seen"] for r in rows]
    why = dict(why)
    # The clusterer's keys are folded spellings; show readers the canonical names.
    shown = {}
    for e in sorted(story_entities, key=lambda e: -len(e.articles)):
        shown.setdefault(entity_key(e), e.name)
    if names is not None:
        names.update(shown)
    if not names_shown:
        why["shared_entities"] = [shown[k] for k in why.get("shared_entities", []) if k in shown]
    return {
        "id": sid,
        # The page's own title rule, so that the story lists, feeds and API show what the
        # page shows: the first report's headline had stood there, an opinion piece's
        # "OPINION: Impending Mueller report may just be ..." over a 39-article story.
        "title": summarize.story_title(rows) or originals[0]["title"],
        "label": label,
        "tags": [k.name for k in kws if k.type != "phrase"][:TAGS],
        "keywords": [
            {"name": k.name, "type": k.type, "aliases": list(k.aliases), "mentions": k.mentions,
             "sources": list(k.sources)} for k in kws
        ],
        "why": json.loads(json.dumps(why, default=_json_default)),
        "first_published": min(times) if times else None,
        "last_updated": max(times) if times else None,
        "article_count": len(rows),
        "source_count": len({outlet_key(r) for r in originals}),
        "active": bool(active),
    }


def _as_story_sees_it(e: entities.Entity, text_of: dict[str, str],
                      seen: dict[str, dict[str, list[int]]] | None = None) -> entities.Entity:
    """An entity as one story sees it: its articles in the story, the aliases their texts
    use and how often they use them. The canonical name and type stay the archive's.

    Nothing here depends on articles outside the story (a hub's archive-wide mention count or
    a spelling seen elsewhere), so a story's keywords and label change only when the story or
    its entities' names do: what lets each run rewrite only those stories."""
    seen = {} if seen is None else seen  # article -> alias -> where it occurs, shared by a story's entities
    arts = tuple(a for a in e.articles if a in text_of)
    used: Counter[str] = Counter()
    for a in arts:
        used.update(_alias_mentions(text_of[a], e.aliases, seen.setdefault(a, {})))
    aliases = tuple(a for a in e.aliases if used[a]) or (e.name,)
    return entities.Entity(e.id, e.name, e.type, aliases, max(sum(used.values()), len(arts)), arts)


def _alias_mentions(text: str, aliases: Sequence[str], found: dict[str, list[int]]) -> list[str]:
    r"""The aliases as they occur in ``text`` as whole words, scanned left to right with the
    longest alias first at each place (so "Maria Kolesnikova" is one mention, not a
    "Kolesnikova" too): what ``re.finditer`` over ``(?<!\w)(?:longest|...|shortest)(?!\w)``
    returns, without a regular expression. One pattern per entity and article cost a story
    row 0.2 ms a scan plus its compilation (2.2 s of 6.9 s writing 26 story rows on a
    5,000-article store, profiled); ``str.find`` per alias, with each alias's places kept in
    ``found`` for the story's other entities, does the same in a fraction of that."""
    hits = []
    for alias in aliases:
        starts = found.get(alias)
        if starts is None:
            starts = found[alias] = _whole_word_starts(text, alias)
        hits.extend((start, -len(alias), alias) for start in starts)
    hits.sort()
    out, end = [], 0
    for start, neg_len, alias in hits:
        if start >= end:
            out.append(alias)
            end = start - neg_len
    return out


def _whole_word_starts(text: str, alias: str) -> list[int]:
    r"""Where ``alias`` starts in ``text`` with no word character (``\w``: alphanumeric or
    underscore) right before or right after it."""
    out = []
    if not alias:
        return out
    start = text.find(alias)
    while start >= 0:
        end = start + len(alias)
        if not (start and _is_word_char(text[start - 1])) and not (end < len(text) and _is_word_char(text[end])):
            out.append(start)
        start = text.find(alias, start + 1)
    return out


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    return str(value)


#: Bump when the page's shape changes: cached pages are then rebuilt. A change to the code
#: that writes pages rebuilds them too (:func:`code_digest` is part of the key).
PAGE_VERSION = "15"  # 15: the key holds the code's digest (stops 22-23 changed pages under 14)


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of the package's own source files: cached pages are rebuilt after any change
    to the code that writes them. The release number alone did not do it: it stays 0.1.0
    between commits, and pages built by older stages were served after an upgrade. Falls
    back to the release number where the sources cannot be read (a frozen install)."""
    from . import __version__

    root = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode())
    try:
        for path in sorted(root.rglob("*.py")):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    except OSError:
        return __version__
    return digest.hexdigest()[:16]


def _page_key(members: Sequence[dict[str, Any]], generator: str = "extractive") -> str:
    """Cache key of a page: its articles' versions, the page version, the code that writes
    it, and what wrote the text (``generator``: "extractive", or the LLM's model and endpoint)."""
    parts = sorted(f"{m['id']}:{m['content_hash']}:{m['duplicate_of'] or ''}:{m.get('leaning', '')}" for m in members)
    return hashlib.sha256(("\n".join(parts) + f"\nv{PAGE_VERSION}/{code_digest()}\n{generator}").encode()).hexdigest()


def _estimate_key(estimate: Mapping[str, Any] | None) -> str:
    """What of an outlet estimate a cached page shows: the side, whether it is shown at all,
    and the confidence to a tenth (a page is not rebuilt for every article of the outlet)."""
    from .storypage import MIN_ESTIMATE_CONFIDENCE

    if not estimate:
        return ""
    conf = float(estimate["confidence"])
    return f"{estimate['leaning']}:{conf >= MIN_ESTIMATE_CONFIDENCE}:{round(conf, 1)}"


def story_virality(heads: Sequence[dict[str, Any]], registry: Any, baseline: float | None,
                   now: datetime | None = None) -> float | None:
    """Virality of a story from its articles' dates, sources and copy links (no text): the
    outlet's rating and country feed the spread bonus, as on the home feed's cards, so a
    story shows the same number on the feed and on its page."""
    from . import score
    from .leaning import default_registry, rate_heads

    dated = [h for h in rate_heads(heads, registry or default_registry()) if h["published"]]
    if not dated:
        return None
    return score.virality(dated, now=now or datetime.now(timezone.utc), baseline=baseline or score.default_baseline())


#: Entities named by more articles than this find no related story: a posting as long as a
#: country's would read half the archive and every story shares it (the clusterer's
#: ``max_posting``, for the same reason).
RELATED_MAX_POSTING = 2000
#: Candidates are the stories naming one of the story's 12 rarest names that other stories
#: give too, and of those the 30 sharing the rarest are scored (their members' embeddings
#: are read): a page view reads a bounded number of rows. Capping postings at 5 % of the archive instead would halve a
#: view's cost (12.1 -> 4.8 ms on a 2,400-article store) but loses 28 % of the links, most
#: of them right (shutdown, tariff and impeachment follow-ups sharing only "Senate"-like
#: names); BENCHMARKS.md "Related stories".
RELATED_KEYS = 12
RELATED_CANDIDATES = 30


def _originals(members: Sequence[tuple[str, str | None]]) -> list[str]:
    """The ids of the members that copy no other (all of them when every one is a copy)."""
    return [aid for aid, dup in members if not dup] or [aid for aid, _ in members]


def related_stories(store: Store, story_id: str, *, config: Any = None, row: Mapping[str, Any] | None = None,
                    heads: Sequence[Mapping[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Stories of the same subject near this one in time (:mod:`newsprism.related`), best
    first: ``id``, ``title``, ``label``, ``first_published``, ``last_updated``,
    ``article_count``, ``score`` and ``shared`` (the names both stories give, rarest
    first). Read when a page is served, so a follow-up that arrives later appears on the
    earlier story's page without rebuilding it. ``row`` (the story's row) and ``heads``
    (its members' ``id`` and ``duplicate_of``, in arrival order): what the page view has
    read already, so they are not read again."""
    from datetime import timedelta

    from . import related

    cfg = config or related.RelatedConfig()
    row = row if row is not None else store.story_heads([story_id]).get(story_id)
    if row is None:
        return []
    members = ([(h["id"], h.get("duplicate_of")) for h in heads] if heads is not None
               else store.story_member_ids([story_id]).get(story_id, []))
    own_ids = _originals(members)
    member_links = store.entity_links(aid for aid, _ in members)
    own_links = {aid: member_links[aid] for aid in own_ids if aid in member_links}
    own_entities = frozenset().union(*own_links.values()) if own_links else frozenset()
    # how many of this story's own articles (copies included) name each entity: a name no
    # other article gives finds no candidate, so it is no key
    inside = Counter(e for ents in member_links.values() for e in ents)
    if not own_entities:
        return []
    df = store.entity_article_counts(own_entities)
    n_articles = max(store.count_articles(), 1)
    idf = related.idf_weights(df, n_articles)
    keys = sorted((e for e in own_entities if inside[e] < df.get(e, 0) <= RELATED_MAX_POSTING),
                  key=lambda e: (-idf(e), e))
    keys = keys[:RELATED_KEYS]
    window = timedelta(days=cfg.window_days)
    first, last = row["first_published"], row["last_updated"] or row["first_published"]
    naming = store.stories_naming(keys, since=first - window if first else None,
                                  until=last + window if last else None)
    naming.pop(story_id, None)
    ranked = sorted(naming, key=lambda sid: (-sum(idf(e) for e in naming[sid]), sid))[:RELATED_CANDIDATES]
    if not ranked:
        return []
    rows = store.story_heads(ranked)
    cand_members = store.story_member_ids(ranked)
    cand_own = {sid: _originals(ms) for sid, ms in cand_members.items()}
    all_ids = own_ids + [aid for ids in cand_own.values() for aid in ids]
    vectors = {aid: embed.from_bytes(blob) for aid, blob in store.embeddings(all_ids).items()}
    links = {**own_links, **store.entity_links(aid for ids in cand_own.values() for aid in ids)}
    # The candidates' document frequencies too, so each side's total weighs by one rule.
    df.update(store.entity_article_counts(set().union(*links.values()) - set(df)))

    def profile(sid: str, ids: list[str], story: dict[str, Any]) -> related.StoryProfile:
        return related.StoryProfile(
            id=sid, centroid=related.centroid(vectors.get(aid) for aid in ids),
            entities=frozenset().union(*(links.get(aid, set()) for aid in ids)),
            first=story["first_published"], last=story["last_updated"])

    found = related.related_stories(profile(story_id, own_ids, row),
                                    [profile(sid, cand_own.get(sid, []), rows[sid]) for sid in ranked if sid in rows],
                                    idf, cfg)
    names_of = {r["id"]: r["name"] for r in store.entity_rows({e for f in found for e in f["shared"]}).values()}
    out = []
    for f in found:
        r = rows[f["id"]]
        out.append({"id": f["id"], "title": r["title"], "label": r["label"],
                    "first_published": _iso(r["first_published"]), "last_updated": _iso(r["last_updated"]),
                    "article_count": r["article_count"], "score": f["score"],
                    "shared": [names_of[e] for e in f["shared"] if e in names_of][:5]})
    return out


#: A name is one the archive's readers know (and its most named place their home) only when
#: at least this many of its articles name it, whatever the share: the demo's 45 articles
#: name "Alder Bay" in a third of them, and its mayor is still worth a question. The bound
#: was an archive of 500 articles, but a month of real news read as a user (424 AllSides
#: articles of 2019-09-15..10-15) names Donald Trump in 269 and the United States in 273, and
#: its pages asked "Who is Donald Trump?" and "What is the situation in the United States?".
PROMINENT_MIN_ARTICLES = 50


#: The archive's most named place is its home (its readers' country) when at least this
#: share of its articles names it: on stories-2021 the United States is named by 37 %, the
#: next place (Afghanistan) by 6.5 %.
HOME_SHARE = 0.2


def home_place_of(store: Store) -> frozenset[str]:
    """The names (canonical and aliases) of the archive's home place: its most mentioned
    place entity, when :data:`HOME_SHARE` of the articles and at least
    :data:`PROMINENT_MIN_ARTICLES` name it (the demo's city is not its country)."""
    total = store.count_articles()
    if total < PROMINENT_MIN_ARTICLES:
        return frozenset()
    top = store.most_mentioned_place()
    if top is None or top["articles"] < max(HOME_SHARE * total, PROMINENT_MIN_ARTICLES):
        return frozenset()
    return frozenset([top["name"], *top["aliases"]])


def archive_share_of(store: Store) -> Callable[[str], float] | None:
    """``name -> share of the stored articles holding every word of it`` (full-text index),
    memoised; 0 for a name fewer than :data:`PROMINENT_MIN_ARTICLES` articles hold, and None
    for an archive smaller than that."""
    total = store.count_articles()
    if total < PROMINENT_MIN_ARTICLES:
        return None
    seen: dict[str, float] = {}

    def share(name: str) -> float:
        if name not in seen:
            count = store.count_matching(name)
            seen[name] = count / total if count >= PROMINENT_MIN_ARTICLES else 0.0
        return seen[name]

    return share


def _iso(t: datetime | None) -> str | None:
    return t.isoformat() if t is not None else None


def story_page(store: Store, story_id: str, *, registry: Any = None, settings: Any = None,
               helper: Any = None) -> dict[str, Any] | None:
    """The story page of a stored story: from the cache when its articles have not changed
    since it was built, else built now (with the archive for background questions) and cached.
    ``helper``: see :func:`newsprism.storypage.build_story`.

    With ``settings.llm_url`` set, the page is rewritten by that endpoint (:mod:`newsprism.llm`);
    a page whose rewrite hit an endpoint error is cached under a key that never matches, so
    the next read tries again."""
    from .leaning import default_registry
    from .llm import ChatClient
    from .storypage import build_story, resolve_article_leaning

    row = store.story(story_id)
    if row is None:
        return None
    registry = registry or default_registry()
    # The cache check reads no article text: 95 articles' text cost more than the page. An
    # unrated outlet's estimate moves as its articles arrive, so it is part of the key.
    heads = store.story_member_heads(story_id)
    outlets = estimates.outlet_leanings(store, heads, registry)
    llm = ChatClient.from_settings(settings) if settings is not None else None
    key = _page_key([{**h, "leaning": _estimate_key(outlets.get(h["source"]))} for h in heads],
                    llm.identity if llm else "extractive")
    baseline = virality_baseline(store)
    if row.get("page") and row.get("page_key") == key:
        if llm is not None:
            llm.close()
        page = row["page"]
        # Virality decays as time passes and related stories arrive later: both are read
        # on every view, the rest is cached.
        page["stats"]["virality"] = story_virality(heads, registry, baseline)
        return _with_links(store, page, story_id, row, heads)
    members = store.story_members([story_id]).get(story_id, [])
    outlets = estimates.outlet_leanings(store, members, registry)  # with a not-yet-scored text
    members = [{**m, **resolve_article_leaning(m["source"], m["url"], m["text"], registry,
                                               outlet=outlets.get(m["source"]))} for m in members]
    # Entities as this story sees them (its own mention counts), from the cached mentions:
    # resolving 40 articles' mentions takes milliseconds, NER would take seconds.
    cached = store.features(m["id"] for m in members)
    ents = entities.resolve_entities(
        [(m["id"], _mentions(cached[m["id"]]["mentions"])) for m in members if m["id"] in cached],
        min_spelled_out=entities.STORY_MIN_SPELLED_OUT,
    )

    def retrieve(query: str, limit: int) -> list[dict[str, Any]]:
        return store.search(query, limit=limit)

    archive_share = archive_share_of(store)
    home = home_place_of(store)

    try:
        page = build_story(members, story_id=story_id, entities=ents, retrieve=retrieve, why=row["why"],
                           registry=registry, virality_baseline=baseline, llm=llm, helper=helper,
                           archive_share=archive_share, home=home)
    finally:
        if llm is not None:
            llm.close()
    page["label"] = row["label"] or page["label"]
    page["stats"]["virality"] = story_virality(heads, registry, baseline)
    # Why each article is here: the clusterer's reasons, which change only with the members.
    reasons = store.story_evidence(a["id"] for a in page.get("articles") or [])
    for a in page.get("articles") or []:
        a["grouping"] = reasons.get(a["id"])
    if page.get("generation", {}).get("error"):
        key = hashlib.sha256(f"retry:{key}".encode()).hexdigest()
    store.save_story_page(story_id, json.loads(json.dumps(page, default=_json_default)), key)
    return _with_links(store, page, story_id, row, heads)


def _with_links(store: Store, page: dict[str, Any], story_id: str, row: Mapping[str, Any],
                heads: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The parts of a page other stories decide, read on every view: its related stories,
    and "What happened earlier?" answered from the older one it links best."""
    page["related"] = related_stories(store, story_id, row=row, heads=heads)
    asked = list(page.get("questions") or [])
    earlier = earlier_question(store, row, page["related"])
    if earlier is not None and len(asked) < MAX_QUESTIONS and all(q.get("answer") != earlier["answer"] for q in asked):
        page["questions"] = asked + [earlier]
    return page


#: A page's Further Learning holds at most this many questions (the issue asks 5-10).
MAX_QUESTIONS = 10


def earlier_question(store: Store, row: Mapping[str, Any], related: Sequence[Mapping[str, Any]]) -> dict[str, Any] | None:
    """"What happened earlier?" for a stored story (:func:`newsprism.questions.earlier_question`):
    from the first articles of the related stories (``related``, as :func:`related_stories`
    gives them) that began before this one, the best linked first, if any."""
    from .questions import EARLIER_LEADS
    from .questions import earlier_question as ask

    first = row.get("first_published")
    older = [r for r in related if first is not None and r.get("first_published")
             and datetime.fromisoformat(r["first_published"]) < first]
    if not older:
        return None
    own = store.story_member_heads(row["id"])
    headlines = [a["title"] for aid in _originals([(h["id"], h["duplicate_of"]) for h in own])[:EARLIER_HEADLINES]
                 if (a := store.article(aid)) is not None]
    for best in sorted(older, key=lambda r: (-r["score"], r["id"]))[:EARLIER_STORIES]:
        heads = [h for h in store.story_member_heads(best["id"]) if h["published"] is None or h["published"] < first]
        ids = _originals([(h["id"], h["duplicate_of"]) for h in sorted(heads, key=_arrival)])[:EARLIER_LEADS]
        found = ask([a for aid in ids if (a := store.article(aid)) is not None], headlines)
        if found is not None:
            return found
    return None


#: "What happened earlier?" reads this story's first this-many headlines, and the leads of
#: at most this many older related stories, best linked first.
EARLIER_HEADLINES = 5
EARLIER_STORIES = 3


def _arrival(head: Mapping[str, Any]) -> tuple[Any, ...]:
    """Earliest first; an article without a date after the dated ones."""
    return (head["published"] is None, head["published"] or datetime.min.replace(tzinfo=timezone.utc), head["id"])
