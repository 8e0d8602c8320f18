"""The incremental entity table: folding articles in one run at a time gives exactly the table
a full recompute over every article gives (newsprism.entity_table).

Mentions are made by hand (no NER), so each case is exactly the situation named: spellings,
two people sharing a surname, a bare surname that stops being unambiguous when a second
bearer appears, initials, spans tagged ORG, gazetteer entries seen in every article, a bare
acronym and the names articles spell it out as.
"""

from __future__ import annotations

import random

import pytest

from newsprism import entity_table
from newsprism.entities import Mention
from newsprism.records import Article
from newsprism.store import Store


def M(text: str, label: str = "PERSON") -> Mention:
    return Mention(text, label, 0, len(text), 0)


#: Articles as (id, mentions). The comments say what each one is there to exercise.
DOCS = [
    ("a01", [M("Maria Kolesnikova"), M("Kolesnikova"), M("Belarus", "GPE"), M("Minsk", "GPE")]),
    ("a02", [M("Maria Kalesnikava"), M("U.S.", "GPE"), M("Belarus", "GPE")]),  # another spelling
    ("a03", [M("Olga Kolesnikova"), M("Kolesnikova")]),  # her namesake stays apart
    ("a04", [M("M. Kolesnikova"), M("United States", "GPE")]),  # an initial: ambiguous once Olga exists
    ("a05", [M("Hillary Clinton"), M("Clinton"), M("US", "GPE")]),
    ("a06", [M("Hillary Clinton"), M("Democratic Party", "ORG")]),
    ("a07", [M("Clinton")]),  # a bare surname: Hillary while she is the dominant Clinton
    ("a08", [M("Hillary Clinton"), M("Clinton")]),
    ("a09", [M("Hillary Clinton"), M("White House", "ORG")]),
    ("a10", [M("Bill Clinton"), M("Clinton")]),  # a second Clinton: the bare one becomes ambiguous
    ("a11", [M("Bill Clinton"), M("Arkansas", "GPE")]),
    ("a12", [M("Sviatlana Tsikhanouskaya"), M("Vilnius", "ORG")]),  # a gazetteer type fix
    ("a13", [M("Svetlana Tikhanovskaya", "ORG"), M("Lithuania", "ORG")]),  # a span tagged ORG
    ("a14", [M("Svetlana Tikhanovskaya"), M("Tikhanovskaya")]),
    ("a15", [M("Gitanas Nausėda"), M("Nausėda"), M("EU", "ORG")]),
    ("a16", [M("Gitanas Nauseda"), M("European Union", "ORG"), M("Belarusian", "NORP")]),
    ("a17", [M("Alexander Lukashenko"), M("Lukashenko"), M("Minsk", "PERSON")]),
    ("a18", [M("Aliaksandr Lukashenka"), M("Lukashenka"), M("Belarus", "GPE")]),
    ("a19", [M("Trump"), M("Donald Trump"), M("U.S.", "GPE")]),
    ("a20", [M("Trump", "ORG"), M("Washington", "GPE")]),
    ("a21", [M("Melania Trump"), M("Donald Trump"), M("Trump")]),  # "Trump" ambiguous here
    ("a22", [M("Donald Trump"), M("Democratic Party", "ORG")]),
    # a bare acronym joins the name most articles spelling it out give it, from two articles on
    ("a23", [M("Food and Drug Administration", "ORG"), M("FDA", "ORG")]),
    ("a24", [M("FDA", "ORG")]),
    ("a25", [M("Food and Drug Administration", "ORG"), M("FDA", "ORG"), M("Donald Trump")]),
    ("a26", [M("F.D.A.", "GPE"), M("Hillary Clinton")]),
    ("a27", [M("Fund for Democratic Action", "ORG"), M("FDA", "ORG")]),  # another FDA: ambiguous until
    ("a28", [M("Food and Drug Administration", "ORG"), M("FDA", "ORG")]),
    ("a29", [M("Food and Drug Administration", "ORG"), M("FDA", "ORG")]),  # four of five articles
    # "Fund for Democratic Action Network (FDA)": its first words are the other FDA's name, so
    # the two are one; four articles of six then no longer make the bare "FDA" theirs
    ("a30", [Mention("Fund for Democratic Action Network", "ORG", 0, 34, 0), Mention("FDA", "ORG", 36, 39, 0)]),
]


def _store(tmp_path) -> Store:
    return Store.open(f"sqlite:///{tmp_path / 'np.db'}")


def _add(store: Store, docs) -> list[tuple[str, list[Mention]]]:
    """Store articles with cached mentions, as the features stage leaves them."""
    arts = [Article(id=aid, url=f"https://example.test/{aid}", source="example.test", title=aid, text=aid,
                    raw=aid, raw_type="text", content_hash=f"h{aid}") for aid, _ in docs]
    store.write_articles(arts)
    store.save_features([
        {"article_id": aid, "content_hash": f"h{aid}", "model": "test", "embedding": None,
         "mentions": [[m.text, m.label, m.start, m.end, m.sentence] for m in ms]}
        for aid, ms in docs
    ])
    return list(docs)


def _table(store: Store):
    return sorted(entity_table.stored_entities(store), key=lambda e: e.id)


def _full(store: Store):
    return sorted(entity_table.full_entities(store), key=lambda e: e.id)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_one_run_at_a_time_gives_the_full_recompute(tmp_path, seed):
    docs = list(DOCS)
    random.Random(seed).shuffle(docs)
    store = _store(tmp_path)
    modes = []
    start = 0
    sizes = [1, 3, 1, 2, 4, 1, 1, 5, 2, 1, 1, 3, 1, 3, 1]
    for size in sizes:
        batch = docs[start : start + size]
        start += size
        if not batch:
            break
        report = entity_table.update(store, _add(store, batch))
        modes.append(report.mode)
        assert _table(store) == _full(store), f"after {start} articles ({report.as_dict()})"
    assert start >= len(docs)
    # The first run builds the indexes; every later one is incremental.
    assert modes[0] == "full" and set(modes[1:]) == {"incremental"}
    store.close()


def test_the_second_clinton_makes_the_bare_surname_ambiguous_incrementally(tmp_path):
    store = _store(tmp_path)
    entity_table.update(store, _add(store, DOCS[4:9]))
    hillary = next(e for e in _table(store) if e.name == "Hillary Clinton")
    assert "a07" in hillary.articles  # the lone "Clinton" is Hillary while she is the only one
    report = entity_table.update(store, _add(store, DOCS[9:11]))
    assert report.mode == "incremental"
    hillary = next(e for e in _table(store) if e.name == "Hillary Clinton")
    assert "a07" not in hillary.articles
    assert _table(store) == _full(store)
    store.close()


def test_a_name_in_every_article_does_not_pull_its_articles_into_the_closure(tmp_path):
    """Gazetteer entities are added to, never re-resolved: the closure of a new article that
    only names the United States is empty, however many stored articles name it too."""
    store = _store(tmp_path)
    entity_table.update(store, _add(store, [(f"u{i:02d}", [M("U.S.", "GPE"), M(f"Person{i} Example")])
                                            for i in range(20)]))
    report = entity_table.update(store, _add(store, [("u99", [M("United States", "GPE")])]))
    assert report.mode == "incremental" and report.closure_entities == 0
    us = next(e for e in _table(store) if e.name == "United States")
    assert len(us.articles) == 21 and set(us.aliases) == {"U.S.", "United States"}
    assert _table(store) == _full(store)
    store.close()


def test_missing_cached_locals_fall_back_to_a_full_recompute(tmp_path):
    store = _store(tmp_path)
    entity_table.update(store, _add(store, DOCS[:4]))
    maria = next(e for e in _table(store) if "Maria Kolesnikova" in e.aliases)
    store.apply_entity_changes(upserts=[], removed=[], add_links=[], remove_links=[], index={},
                               locals_cache={maria.id: None})
    report = entity_table.update(store, _add(store, [("b01", [M("Maria Kolesnikova")])]))
    assert report.mode == "full" and "not cached" in report.reason
    assert _table(store) == _full(store)
    store.close()


def test_an_index_made_by_other_rules_is_recomputed_once(tmp_path, monkeypatch):
    """A release that changes how names are resolved must not fold new articles into the
    locals and keys an older rule made: the marker holds the rules' digest."""
    from newsprism import entities

    store = _store(tmp_path)
    entity_table.update(store, _add(store, DOCS[:4]))
    assert entity_table.index_ready(store)
    monkeypatch.setattr(entities, "rules_digest", lambda: "another-release")
    assert not entity_table.index_ready(store)
    report = entity_table.update(store, _add(store, DOCS[4:6]))
    assert report.mode == "full" and "another release" in report.reason
    assert entity_table.index_ready(store)  # rewritten under the new digest
    assert entity_table.update(store, _add(store, DOCS[6:7])).mode == "incremental"
    assert _table(store) == _full(store)
    store.close()


def test_the_rules_digest_follows_the_word_lists_read_from_other_modules(monkeypatch):
    from newsprism import entities

    base = entities.rules_digest()
    assert base == entities.rules_digest() and len(base) == 16
    entities.rules_digest.cache_clear()
    monkeypatch.setattr(entities, "_NOT_SHORT_NAMES", entities._NOT_SHORT_NAMES | {"zzz"})
    try:
        assert entities.rules_digest() != base
    finally:
        entities.rules_digest.cache_clear()


def test_articles_seen_before_fall_back_to_a_full_recompute(tmp_path):
    store = _store(tmp_path)
    docs = _add(store, DOCS[:3])
    entity_table.update(store, docs)
    report = entity_table.update(store, docs[:1])  # a run interrupted after the entity write
    assert report.mode == "full" and "already have entity links" in report.reason
    assert _table(store) == _full(store)
    store.close()


def test_merged_locals_resolve_like_the_originals():
    """compress() merges what many articles say identically; the entities are the same."""
    from newsprism.entities import compress, localize, resolve_entities, resolve_groups

    docs = DOCS + [(f"r{i:02d}", ms) for i in range(6) for _, ms in DOCS[4:10]]  # repeated coverage
    locs = localize(docs)
    merged = compress(locs)
    assert len(merged) < len(locs)
    assert [e for e, _ in resolve_groups(merged)] == resolve_entities(docs)
