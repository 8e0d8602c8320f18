"""Story keywords: entities merged with key phrases, no fragments, spread across sources."""

from __future__ import annotations

from pathlib import Path

from newsprism.entities import Entity
from newsprism.keywords import StoryText, story_keywords, story_label


def ent(name, type_, aliases, mentions, articles):
    return Entity(id=name.lower().replace(" ", "-"), name=name, type=type_, aliases=tuple(aliases),
                  mentions=mentions, articles=tuple(articles))


ARTICLES = [
    StoryText("a1", "Harbor authority approves night ferry service",
              "The Port Calder harbor authority approved a night ferry service to Vessa island. "
              "Board chair Miriam Kessel said shift workers had waited long enough for the night ferry.", "one.example"),
    StoryText("a2", "Night ferry to Vessa gets the green light",
              "Councillor Peter Brandt criticised the night ferry subsidy. Kessel defended the night ferry "
              "service and its electric-hybrid engines.", "two.example"),
    StoryText("a3", "Night ferry to Vessa gets the green light",
              "Councillor Peter Brandt criticised the night ferry subsidy. Kessel defended the night ferry "
              "service and its electric-hybrid engines.", "copy.example", duplicate_of="a2"),
]
ENTITIES = [
    ent("Miriam Kessel", "person", ["Miriam Kessel", "Kessel"], 3, ["a1", "a2", "a3"]),
    ent("Vessa", "place", ["Vessa"], 3, ["a1", "a2", "a3"]),
    ent("Peter Brandt", "person", ["Peter Brandt"], 2, ["a2", "a3"]),
    ent("Port Calder", "place", ["Port Calder"], 1, ["a1"]),
    ent("Thursday", "other", ["Thursday"], 1, ["a1"]),
]


def test_entities_and_phrases_merge_without_fragments():
    kws = story_keywords(ARTICLES, ENTITIES)
    names = [k.name for k in kws]
    assert "Miriam Kessel" in names and "Vessa" in names
    assert "Kessel" not in names  # an alias, not a keyword of its own
    assert "Thursday" not in names  # not a person, place or organisation
    folded = [n.lower() for n in names]
    assert any("night ferry" in n for n in folded)
    # No keyword is a fragment of another kept keyword.
    for a in folded:
        for b in folded:
            assert a == b or f" {a} " not in f" {b} "
    kessel = next(k for k in kws if k.name == "Miriam Kessel")
    assert kessel.aliases == ("Miriam Kessel", "Kessel") and set(kessel.sources) == {"a1", "a2", "a3"}


def test_spread_across_independent_sources_outranks_one_outlet():
    kws = story_keywords(ARTICLES, ENTITIES)
    rank = {k.name: i for i, k in enumerate(kws)}
    # Peter Brandt appears in one original and its copy: one independent source.
    assert rank["Vessa"] < rank["Peter Brandt"]


def test_label_is_short_and_names_the_place_and_the_event():
    kws = story_keywords(ARTICLES, ENTITIES)
    label = story_label(kws, [a.title for a in ARTICLES], [a.text for a in ARTICLES])
    assert 1 <= len(label.split()) <= 3
    assert label.startswith("Vessa")


def test_seed_story_keywords(seeds):
    from newsprism.entities import extract_mentions_many, resolve_entities
    from newsprism.pipeline import prepare
    from newsprism.sources import read_path

    arts = [prepare(item) for path in seeds for item in read_path(Path(path))]
    mentions = extract_mentions_many([a.title + "\n\n" + a.text for a in arts])
    entities = resolve_entities([(a.id, m) for a, m in zip(arts, mentions)])
    texts = [StoryText(a.id, a.title, a.text, f"outlet{i}.example") for i, a in enumerate(arts)]
    names = {k.name for k in story_keywords(texts, entities)}
    for expected in ("Ales Bialiatski", "Maria Kolesnikova", "Alexander Lukashenko", "Viktar Babaryka",
                     "John Coale", "Minsk", "Lithuania"):
        assert expected in names, expected
