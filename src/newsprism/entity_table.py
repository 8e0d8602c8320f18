"""The canonical entity table, kept up to date after each ingest without re-reading the archive.

Resolving every stored article's mentions after each run (:func:`refresh_all`, what a
``recluster`` does) costs time in proportion to the archive. After an ordinary ingest only
the new articles' names can change the table, and only for the entities those names can
meet. :func:`update` finds exactly those and re-resolves them alone, so its result is the
table a full recompute would write, by construction, not an approximation:

* :func:`newsprism.entities.interaction_keys` lists, for each local entity (one article's
  view of one entity), every key through which the resolver can relate it to another local:
  exact keys, gazetteer entries, surnames and wildcard keys of full names, and the lookups of
  spans, initials and lone surnames, each with a descriptor (the folded names it came from).
  Two locals can only influence each other's grouping through a shared key whose
  descriptors interact (:func:`newsprism.entities.descriptors_interact`): two full names that
  would be joined, a lookup and a full name it would count as a candidate.
* Starting from the new locals' keys, the *closure* collects every stored entity holding an
  interacting key, then the keys of those entities' locals, and so on until nothing new is
  found. The closure is a union of whole interaction components, and resolving a closed set
  of locals gives exactly what resolving all articles gives them
  (:func:`newsprism.entities.resolve_groups`).
* Gazetteer entities ("United States") only ever meet locals of their own entry, and their
  name and type are fixed by the gazetteer, so new mentions are *added* to the stored row
  (aliases, mention count, article links): a name in every other article never pulls its
  thousands of articles into the closure.

To find the closure without reading articles, two indexes live in the store's state table
(see :meth:`newsprism.store.stories.StoryMethods.entity_index`): key -> entities holding it
(with their descriptors), and entity -> its locals. Both are rewritten by :func:`refresh_all` and
patched by :func:`update` in the same transaction as the table.

When the incremental path cannot guarantee the full result it says so and falls back to
:func:`refresh_all`: no index yet (first run after an upgrade), an article that already has
entity links (a run interrupted between writes), an index entry without its cached locals,
or two entities outside the closure that would share an id (``-2`` suffixes, see
``entities._unique_ids``).
"""

from __future__ import annotations

import json
import logging
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import entities
from .entities import Entity, Mention, descriptors_interact, interaction_keys, local_to_json, resolve_groups
from .store import Store

log = logging.getLogger(__name__)

#: State key that marks the indexes as present and of this layout.
MARKER_KEY = "entities:index"
#: Raised when the layout, or the rules that make the cached locals and entities, change:
#: a store of another version is recomputed in full once. 4: person spans cut at an inner
#: possessive, suffixes kept with surnames, middle initials compared (2026-12-03). 5: mention
#: labels corrected by their context (``entities.NER_INPUT``), 2026-12-03. 6: an organisation's
#: one-word short names joined to it in each article (``entities._attach_short_names``). 7:
#: no named day, no party tag's state (``NER_INPUT`` "+named-days-1+party-tags-1") and no
#: photo credit ("Mike Blake/Reuters") among the names, 2026-12-04. 8: within an article, a
#: full name joins a person only when every full name of that person allows its middle
#: initials (no "George Bush" bridge between George H.W. and George W. Bush), 2026-12-04. 9: a
#: named storm ("Hurricane Harvey") is an event, never a person, 2026-12-04. 10: a lone compass
#: word is the short name of the place it opens ("the North" of "North Korea") or no entity,
#: and the credit words are the cleaner's agency names, 2026-12-04. 11: a name in capitals
#: ("MIKE PENCE", a transcript's tag) is an article's or an entity's form only when it has no
#: other, 2026-12-04. 12: a brand's "'s" is part of its name ("Wendy's", gazetteer), 2026-12-04.
#: 13: a person's thing ("Trump's Budget", a person of the article before the "'s") is no
#: name, 2026-12-04. 14: a social handle ("@realDonaldTrump") is no name, 2026-12-04. 15: the
#: marker also holds :func:`newsprism.entities.rules_digest`, so any change to the rules
#: recomputes the table once (stop 28 changed them under 14), 2026-12-05.
INDEX_VERSION = 15
#: Suffixed ids checked for a collision outside the closure: ``id``, ``id-2`` .. ``id-9``.
#: Ten unmerged groups under one name key have never been seen (the AllSides sample has at
#: most three: bare "Clinton", "Bush", "Sanders").
MAX_SUFFIX = 9


@dataclass
class EntityUpdate:
    """What one update did: ``mode`` is "incremental" or "full" (with the ``reason``)."""

    mode: str
    reason: str = ""
    new_locals: int = 0
    closure_entities: int = 0
    closure_locals: int = 0
    written_entities: int = 0
    removed_entities: int = 0
    #: Stored articles (not of this run) whose entities changed name, type or identity: the
    #: stories holding them need their keywords again. None after a full recompute (unknown).
    affected_articles: list[str] | None = field(default_factory=list)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        out = {k: (round(v, 3) if isinstance(v, float) else v) for k, v in self.__dict__.items()}
        out["timings"] = {k: round(v, 3) for k, v in self.timings.items()}
        out["affected_articles"] = None if self.affected_articles is None else len(self.affected_articles)
        return out


def _row(e: Entity) -> dict[str, Any]:
    return {"id": e.id, "name": e.name, "type": e.type, "aliases": list(e.aliases), "mentions": e.mentions}


def _descriptors(group: Iterable[entities._Local]) -> dict[str, list[str]]:
    """key -> descriptors (sorted) over a group of locals."""
    out: dict[str, set[str]] = defaultdict(set)
    for loc in group:
        for key, desc in interaction_keys(loc):
            out[key].add(desc)
    return {k: sorted(v) for k, v in out.items()}


def _locals_json(group: Iterable[entities._Local]) -> list:
    """A group's locals as JSON data in a canonical order (one article can hold two locals of
    one entity, so the order is that of their JSON text)."""
    return sorted((local_to_json(loc) for loc in group), key=lambda x: json.dumps(x, sort_keys=True))


def refresh_all(store: Store, *, reason: str = "requested") -> EntityUpdate:
    """Resolve every article's cached mentions and rewrite the table and both indexes."""
    t0 = time.perf_counter()
    report = EntityUpdate(mode="full", reason=reason, affected_articles=None)
    gaz = entities.default_gazetteer()
    locs = entities.compress(entities.localize(((aid, _mentions(ms)) for aid, ms in store.iter_mentions()), gaz))
    groups = resolve_groups(locs, gaz)
    index: dict[str, dict[str, list[str]]] = defaultdict(dict)
    cached: dict[str, list] = {}
    for ent, group in groups:
        if group[0].gaz is None:  # gazetteer groups are never mixed and never indexed
            for key, descs in _descriptors(group).items():
                index[key][ent.id] = descs
            cached[ent.id] = _locals_json(group)  # already compressed
    store.replace_entities(
        [_row(e) for e, _ in groups],
        [(a, e.id) for e, _ in groups for a in e.articles],
        index=dict(index), locals_cache=cached,
        marker=(MARKER_KEY, json.dumps({"version": INDEX_VERSION, "rules": entities.rules_digest()}).encode()),
    )
    report.closure_entities = report.written_entities = len(groups)
    report.closure_locals = len(locs)
    report.seconds = time.perf_counter() - t0
    return report


def _mentions(raw: Iterable[Sequence[Any]]) -> list[Mention]:
    return [Mention(text=m[0], label=m[1], start=m[2], end=m[3], sentence=m[4]) for m in raw]


def index_ready(store: Store) -> bool:
    """Whether the store has the incremental indexes, in this release's layout and made by
    this release's rules (:func:`newsprism.entities.rules_digest`)."""
    data = store.load_state(MARKER_KEY)
    if not data:
        return False
    marker = json.loads(data)
    return marker.get("version") == INDEX_VERSION and marker.get("rules") == entities.rules_digest()


class _Fallback(Exception):
    """The incremental path cannot promise the full result: recompute everything."""


def update(store: Store, docs: Sequence[tuple[str, Sequence[Mention]]]) -> EntityUpdate:
    """Fold the mentions of newly placed articles into the table (see the module docstring)."""
    t0 = time.perf_counter()
    if not docs:
        return EntityUpdate(mode="incremental")
    if not index_ready(store):
        return refresh_all(store, reason="no entity index yet, or one of another release's rules")
    try:
        report = _update(store, docs)
    except _Fallback as why:
        log.info("entity table: full recompute (%s)", why)
        return refresh_all(store, reason=str(why))
    report.seconds = time.perf_counter() - t0
    return report


def _suffixed(base: str) -> list[str]:
    return [base] + [f"{base}-{n}" for n in range(2, MAX_SUFFIX + 1)]


def _base_id(eid: str) -> str:
    return eid.split("-", 1)[0]


def _update(store: Store, docs: Sequence[tuple[str, Sequence[Mention]]]) -> EntityUpdate:
    report = EntityUpdate(mode="incremental")
    gaz = entities.default_gazetteer()
    article_ids = [aid for aid, _ in docs]
    if store.articles_with_entities(article_ids):
        raise _Fallback("articles of this run already have entity links")
    t = time.perf_counter()
    new_locs = entities.compress(entities.localize(docs, gaz))
    report.new_locals = len(new_locs)
    gaz_new = [loc for loc in new_locs if loc.gaz is not None]
    other_new = [loc for loc in new_locs if loc.gaz is None]

    # 1. The closure: stored entities that can meet the new locals, transitively.
    closure: dict[str, list[entities._Local]] = {}
    index_rows: dict[str, dict[str, list[str]]] = {}
    variants = gaz.given_variants
    done: set[tuple[str, str]] = set()
    frontier = {pair for loc in other_new for pair in interaction_keys(loc)}
    while frontier:
        missing = sorted({k for k, _ in frontier} - index_rows.keys())
        index_rows.update(store.entity_index(missing))
        found: set[str] = set()
        for key, desc in frontier:
            for eid, descs in index_rows.get(key, {}).items():
                if eid not in closure and any(descriptors_interact(desc, d, variants) for d in descs):
                    found.add(eid)
        done |= frontier
        frontier = set()
        if not found:
            break
        cached = store.entity_locals(found)
        for eid in sorted(found):
            if eid not in cached:
                raise _Fallback(f"entity {eid} is indexed but its locals are not cached")
            try:
                locs = [entities.local_from_json(x, gaz) for x in cached[eid]]
            except (ValueError, TypeError, KeyError, IndexError, entities.EntityError) as exc:
                raise _Fallback(f"cached locals of entity {eid} are unreadable ({exc})") from exc
            closure[eid] = locs
            for loc in locs:
                frontier.update(p for p in interaction_keys(loc) if p not in done)
    report.closure_entities = len(closure)
    report.closure_locals = sum(len(v) for v in closure.values())
    t = _tick(report, "closure", t)

    # 2. Re-resolve the closure with the new locals; gazetteer entities by addition.
    old_locals = [loc for group in closure.values() for loc in group]
    groups = resolve_groups(other_new + old_locals, gaz)
    by_entry: dict[str, list[entities._Local]] = defaultdict(list)
    for loc in gaz_new:
        by_entry[loc.gaz.name].append(loc)
    gaz_groups = [entities.entity_of_group(g) for _, g in sorted(by_entry.items())]
    result_bases = Counter(_base_id(e.id) for e, _ in groups)
    for e in gaz_groups:
        if result_bases[e.id]:
            raise _Fallback(f"gazetteer entity {e.name!r} shares its id with another entity")
    # Ids: nothing outside the closure may hold an id of the same name key.
    candidates = sorted({c for e, _ in groups for c in _suffixed(_base_id(e.id))}
                        | {c for e in gaz_groups for c in _suffixed(e.id)})
    stored = store.entity_rows(candidates)
    gaz_by_id = {g.id: g for g in gaz_groups}
    for eid, row in stored.items():
        g = gaz_by_id.get(eid)
        if eid in closure or (g is not None and (row["name"], row["type"]) == (g.name, g.type)):
            continue
        raise _Fallback(f"entity id {eid} outside the closure shares a name key with a re-resolved entity")
    t = _tick(report, "resolve", t)

    # 3. The changes, as a diff against what is stored.
    closure_rows = store.entity_rows(sorted(closure))
    if len(closure_rows) != len(closure):
        raise _Fallback("an indexed entity has no row in the entity table")
    run = set(article_ids)
    old_view: dict[str, set] = defaultdict(set)
    new_view: dict[str, set] = defaultdict(set)
    for eid, group in closure.items():
        for a in {a for loc in group for a in loc.articles}:
            old_view[a].add((eid, closure_rows[eid]["name"], closure_rows[eid]["type"]))
    for ent, group in groups:
        for a in ent.articles:
            new_view[a].add((ent.id, ent.name, ent.type))
    report.affected_articles = sorted(a for a in old_view.keys() | new_view.keys()
                                      if a not in run and old_view.get(a) != new_view.get(a))
    upserts: list[dict[str, Any]] = []
    for ent, _ in groups:
        row = _row(ent)
        old = closure_rows.get(ent.id)
        if old is None or any(old[k] != row[k] for k in ("name", "type", "aliases", "mentions")):
            upserts.append(row)
    result_ids = {e.id for e, _ in groups}
    removed = sorted(set(closure) - result_ids)
    old_links = {(a, eid) for eid, group in closure.items() for loc in group for a in loc.articles}
    new_links = {(a, e.id) for e, _ in groups for a in e.articles}
    for g in gaz_groups:
        old = stored.get(g.id)
        if old is None:
            upserts.append(_row(g))
        else:
            upserts.append({**_row(g), "aliases": sorted(set(old["aliases"]) | set(g.aliases)),
                            "mentions": old["mentions"] + g.mentions})
        new_links |= {(a, g.id) for a in g.articles}
    # The indexes: rows of every key the closure or the result holds.
    new_descs = {e.id: _descriptors(group) for e, group in groups}
    keys = {k for eid, group in closure.items() for loc in group for k, _ in interaction_keys(loc)}
    keys |= {k for descs in new_descs.values() for k in descs}
    index_rows.update(store.entity_index(sorted(keys - index_rows.keys())))
    index_patch: dict[str, dict[str, list[str]]] = {}
    for key in keys:
        row = {eid: d for eid, d in index_rows.get(key, {}).items() if eid not in closure}
        for eid, descs in new_descs.items():
            if key in descs:
                row[eid] = descs[key]
        if row != index_rows.get(key, {}):
            index_patch[key] = row
    locals_patch: dict[str, list | None] = {eid: None for eid in removed}
    for ent, group in groups:
        data = _locals_json(entities.compress(group))
        if ent.id not in closure or data != _locals_json(closure[ent.id]):
            locals_patch[ent.id] = data
    store.apply_entity_changes(
        upserts=upserts, removed=removed,
        add_links=sorted(new_links - old_links), remove_links=sorted(old_links - new_links),
        index=index_patch, locals_cache=locals_patch,
    )
    report.written_entities = len(upserts)
    report.removed_entities = len(removed)
    _tick(report, "write", t)
    return report


def _tick(report: EntityUpdate, key: str, start: float) -> float:
    now = time.perf_counter()
    report.timings[key] = report.timings.get(key, 0.0) + now - start
    return now


def full_entities(store: Store) -> list[Entity]:
    """What :func:`refresh_all` would write, without writing it (for checks and tests)."""
    return entities.resolve_entities([(aid, _mentions(ms)) for aid, ms in store.iter_mentions()])


def stored_entities(store: Store) -> list[Entity]:
    """The stored table as :class:`Entity` records (every article link), for comparisons."""
    return [Entity(r["id"], r["name"], r["type"], tuple(r["aliases"]), r["mentions"], tuple(sorted(r["articles"])))
            for r in store.entities()]
