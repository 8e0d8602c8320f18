"""The outlet registry, user overrides, article/story leaning and the blindspot rule."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

from newsprism import leaning
from newsprism.leaning import (
    LEANINGS,
    Registry,
    RegistryError,
    article_leaning,
    estimate_leaning,
    load_registry,
    name_key,
    shipped_path,
    story_leaning,
)


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry()


# --------------------------------------------------------------------------- shipped table


def test_shipped_table_is_complete_and_consistent(registry: Registry) -> None:
    with shipped_path().open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == list(leaning.COLUMNS)
    assert len(rows) >= 300 and len(registry) == len(rows)
    domains = [r["domain"] for r in rows]
    assert len(set(domains)) == len(domains)
    for r in rows:
        assert r["leaning"] in LEANINGS, r
        assert r["name"] and r["country"] and len(r["country"]) == 2, r
        assert len(r["basis"]) >= 20, f"{r['domain']}: every rating says why"
    # every name and alias resolves to its own outlet (no alias is shadowed by another row)
    for o in registry:
        for key in (o.name, *o.aliases):
            assert registry.lookup(key).domain == o.domain, (key, o.domain)
    # wire services are center; the partisan poles are where everyone places them
    for wire in ("apnews.com", "reuters.com", "afp.com", "pa.media", "ptinews.com"):
        assert registry.get(wire).leaning == "center"
    assert registry.get("breitbart.com").leaning == "right"
    assert registry.get("dailykos.com").leaning == "left"
    countries = {o.country for o in registry}
    assert {"US", "GB", "CA", "AU", "IE", "IN"} <= countries


@pytest.mark.parametrize("source, domain", [
    ("https://www.nytimes.com/2024/05/01/us/politics/x.html?utm_source=rss", "nytimes.com"),
    ("NYTimes.com", "nytimes.com"),
    ("nyti.ms", "nytimes.com"),
    ("edition.cnn.com", "cnn.com"),
    ("http://politicalticker.blogs.cnn.com:80/2012/x", "cnn.com"),
    ("m.dailymail.co.uk", "dailymail.co.uk"),
    ("frontline.thehindu.com", "frontline.thehindu.com"),  # rated on its own, before its parent
    ("www.thehindu.com", "thehindu.com"),
    ("The New York Times", "nytimes.com"),
    ("  the hill ", "thehill.com"),
    ("RTE", "rte.ie"),  # accents folded: "RTÉ"
    ("Fox News (Online)", "foxnews.com"),
    ("Reuters (UK)", "reuters.com"),  # parenthetical tail falls back to the name
    ("Wall Street Journal - Editorial", "wsj.com"),
])
def test_lookup_by_url_subdomain_and_name(registry: Registry, source: str, domain: str) -> None:
    outlet = registry.lookup(source)
    assert outlet is not None and outlet.domain == domain


@pytest.mark.parametrize("source", ["", "local", "unknown", "example.org", "news.example.org",
                                    "Some Blog Nobody Rated", "go.com", "co.uk", "Guest Writer - Right"])
def test_unknown_outlets_stay_unknown(registry: Registry, source: str) -> None:
    assert registry.lookup(source) is None
    assert article_leaning(source, registry=registry) == ("unknown", "unknown")


def test_article_leaning_rated(registry: Registry) -> None:
    assert article_leaning("https://www.theguardian.com/world/x", registry=registry) == ("lean-left", "rated")


# --------------------------------------------------------------------------- overrides


def test_csv_override_replaces_a_leaning_and_adds_an_outlet(tmp_path: Path) -> None:
    f = tmp_path / "mine.csv"
    f.write_text(
        "domain,leaning,name,basis\n"
        "www.nytimes.com,Center,,\n"  # only the leaning: the rest is kept; spelling tolerated
        "alderbay-courier.example,lean-right,Alder Bay Courier,our newsroom's own reading\n",
        encoding="utf-8",
    )
    reg = load_registry(extra=f)
    nyt = reg.lookup("The New York Times")
    assert nyt.leaning == "center" and nyt.name == "The New York Times" and nyt.origin == str(f)
    assert "overridden in mine.csv" in nyt.basis
    assert reg.lookup("https://alderbay-courier.example/a").leaning == "lean-right"
    assert reg.lookup("Alder Bay Courier").domain == "alderbay-courier.example"
    assert len(reg) == len(load_registry()) + 1
    assert load_registry().get("nytimes.com").leaning == "lean-left"  # the shipped table is untouched


def test_toml_override_and_removal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "mine.toml"
    f.write_text(
        '[[outlet]]\ndomain = "foxnews.com"\nleaning = "lean-right"\nbasis = "news desk only"\n\n'
        '[[outlet]]\ndomain = "harbor-ledger.example"\nname = "The Harbor Ledger"\n'
        'aliases = ["Harbor Ledger Online"]\nleaning = "lean-left"\ncountry = "us"\n\n'
        '[[outlet]]\ndomain = "breitbart.com"\nleaning = "unknown"\n',
        encoding="utf-8",
    )
    reg = load_registry(extra=[f])
    assert reg.get("foxnews.com").leaning == "lean-right" and reg.get("foxnews.com").basis == "news desk only"
    added = reg.lookup("harbor ledger online")
    assert added.domain == "harbor-ledger.example" and added.country == "US"
    assert reg.lookup("breitbart.com") is None  # removed: shown as unknown from now on
    monkeypatch.setitem(sys.modules, "newsprism.leaning_model", None)
    assert estimate_leaning("text", "breitbart.com", registry=reg)["leaning"] == "unknown"


def test_replace_swaps_the_whole_table(tmp_path: Path) -> None:
    f = tmp_path / "other-scheme.csv"
    f.write_text("domain,name,leaning\nexample.com,Example,center\nexample.net,Example Net,left\n", encoding="utf-8")
    reg = load_registry(replace=f)
    assert len(reg) == 2 and reg.lookup("nytimes.com") is None
    assert reg.lookup("Example Net").leaning == "left"


@pytest.mark.parametrize("name, body, where, reason", [
    ("bad.csv", "domain,leaning\nexample.com,center\nexample.org,far-left\n", ":3", "not one of"),
    ("bad.csv", "domain,leaning\nnot a domain,center\n", ":2", "not a host name"),
    ("bad.csv", "domain,leaning\nexample.com,center\nwww.example.com,left\n", ":3", "already listed at"),
    ("bad.csv", "domain,leaning\nexample.com,center,extra\n", ":2", "expected 2 fields"),
    ("bad.csv", "domain,bias\nexample.com,center\n", ":1", "unknown column"),
    ("bad.csv", "domain,name,leaning\na.example,Same,left\nb.example,The Same,right\n", ":3", "already used by a.example"),
    ("bad.toml", '[[outlet]]\ndomain = "a.example"\nleaning = "left"\n\n[[outlet]]\ndomain = "b.example"\nleaning = 3\n',
     ":5", "leaning must be a string"),
    ("bad.toml", '[[outlet]]\ndomain = "a.example"\nleaning = "left\n', "", "not valid TOML"),
    ("bad.toml", '[outlet]\ndomain = "a.example"\n', "", "expected [[outlet]] tables"),
    ("bad.txt", "domain,leaning\n", "", "unsupported outlet table format"),
])
def test_bad_override_names_the_file_and_line(tmp_path: Path, name: str, body: str, where: str, reason: str) -> None:
    f = tmp_path / name
    f.write_text(body, encoding="utf-8")
    with pytest.raises(RegistryError) as err:
        load_registry(extra=f)
    assert err.value.item == f"{f}{where}"
    assert reason in err.value.reason
    assert str(f) in str(err.value)


def test_missing_override_file(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="not found"):
        load_registry(extra=tmp_path / "nope.csv")


# --------------------------------------------------------------------------- estimate_leaning


def test_estimate_from_outlet_collapses_to_three_sides(registry: Registry) -> None:
    got = estimate_leaning("any text", "https://www.theguardian.com/x", registry=registry)
    assert got["leaning"] == "left" and got["basis"] == "outlet" and got["rating"] == "lean-left"
    assert 0 < got["confidence"] < 1


def test_estimate_unknown_without_classifier(registry: Registry, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "newsprism.leaning_model", None)  # import fails like an absent module
    got = estimate_leaning("The senator said the bill would pass.", "unrated.example", registry=registry)
    assert got == {"leaning": "unknown", "confidence": 0.0, "basis": "none"}
    assert estimate_leaning("", None, registry=registry)["basis"] == "none"


def test_estimate_uses_the_classifier_hook(registry: Registry, monkeypatch: pytest.MonkeyPatch) -> None:
    import types

    fake = types.ModuleType("newsprism.leaning_model")
    fake.predict_text = lambda text: {"leaning": "lean-right", "confidence": 0.71}
    monkeypatch.setitem(sys.modules, "newsprism.leaning_model", fake)
    got = estimate_leaning("Some article text.", "unrated.example", registry=registry)
    assert got["leaning"] == "right" and got["basis"] == "text" and got["confidence"] == pytest.approx(0.71)
    # a known outlet never reaches the classifier
    assert estimate_leaning("Some article text.", "reuters.com", registry=registry)["basis"] == "outlet"


# --------------------------------------------------------------------------- story leaning


def _story(*specs: tuple) -> list[dict]:
    """(source, leaning[, duplicate_of]) -> article dicts with ids a0, a1, ..."""
    return [{"id": f"a{i}", "source": s[0], "leaning": s[1], "duplicate_of": s[2] if len(s) > 2 else None}
            for i, s in enumerate(specs)]


def test_worked_example_from_the_docs() -> None:
    story = _story(("nytimes.com", "lean-left"), ("theguardian.com", "lean-left"), ("reuters.com", "center"),
                   ("foxnews.com", "right"), ("smallblog.example", "unknown"),
                   ("stltoday.com", "center", "a2"))  # a reprint of the Reuters article
    got = story_leaning(story)
    assert got["leaning_counts"] == {"left": 2, "center": 1, "right": 1, "unknown": 1}
    assert got["source_counts"] == {"left": 2, "center": 1, "right": 1, "unknown": 1}
    assert got["independent"] == 5 and got["rated"] == 4 and got["score"] == 0.0
    assert got["distribution"] == {"left": 0.4, "center": 0.2, "right": 0.2, "unknown": 0.2}
    assert got["leaning"] == "mixed" and got["blindspot"] is None
    story[3] = {**story[3], "source": "washingtonpost.com", "leaning": "lean-left"}  # the docs' variant
    got = story_leaning(story)
    assert got["score"] == -0.75 and got["leaning"] == "lean-left" and got["blindspot"] == "right"


@pytest.mark.parametrize("leanings, label", [
    (["left"], "unknown"),                                              # < 2 rated
    (["left", "left", "unknown", "unknown", "unknown"], "unknown"),     # 40 % rated < 50 %
    (["center", "center", "lean-left", "unknown"], "center"),           # m = -0.33
    (["left", "right", "center", "center"], "mixed"),                   # m = 0, both sides 25 %
    (["lean-left", "lean-right", "center", "center", "center"], "center"),  # each side 20 % < 25 %
    (["lean-left", "lean-left", "center"], "lean-left"),                # m = -0.67
    (["left", "lean-left", "center", "lean-left"], "lean-left"),        # m = -1.0
    (["left", "left", "lean-left", "unknown"], "left"),                 # m = -1.67
    (["lean-right", "center"], "lean-right"),                           # m = +0.5: the band edge
    (["right", "lean-right"], "right"),                                 # m = +1.5: the band edge
    (["right", "right", "left", "lean-right"], "lean-right"),           # m = +0.75 despite a left article
])
def test_story_label_rule(leanings: list[str], label: str) -> None:
    story = _story(*[(f"outlet{i}.example", lean) for i, lean in enumerate(leanings)])
    assert story_leaning(story)["leaning"] == label


def test_copies_are_counted_once() -> None:
    # One right article syndicated four times must not make the story right-leaning.
    story = _story(("a.example", "left"), ("b.example", "left"), ("c.example", "right"),
                   ("d.example", "right", "a2"), ("e.example", "right", "a2"), ("f.example", "right", "a3"))
    got = story_leaning(story)
    assert got["leaning_counts"] == {"left": 2, "center": 0, "right": 1, "unknown": 0}
    assert got["source_counts"]["right"] == 1 and got["independent"] == 3
    assert got["leaning"] == "lean-left"  # m = -2/3; counting the copies would give m = +0.67
    # a copy whose original is not in the story is the story's own independent article
    alone = story_leaning(_story(("a.example", "center", "elsewhere"), ("b.example", "center")))
    assert alone["independent"] == 2 and alone["leaning"] == "center"


def test_sources_are_distinct_outlets() -> None:
    story = _story(("https://www.foxnews.com/a", "right"), ("foxnews.com", "right"), ("Fox.com", "right"),
                   ("local", "unknown"), ("local", "unknown"))
    got = story_leaning(story)
    assert got["leaning_counts"]["right"] == 3 and got["source_counts"]["right"] == 2
    assert got["source_counts"]["unknown"] == 2  # articles without an outlet name are each their own source


@pytest.mark.parametrize("sides, blindspot", [
    ({"right": 3}, "left"),                              # 3:0
    ({"left": 3}, "right"),
    ({"left": 4, "right": 1}, "right"),                   # 4:1
    ({"left": 2}, None),                                  # 2:0 is too little coverage to call
    ({"left": 3, "right": 1}, None),                      # 3:1 < 4:1
    ({"left": 8, "right": 2}, None),                      # 2 sources is real coverage
    ({"left": 5, "center": 5}, "right"),                  # center does not fill the right's gap
    ({"right": 3, "unknown": 4}, None),                   # most outlets unrated: could be either side
    ({"right": 3, "unknown": 3}, "left"),                 # half rated is enough
    ({}, None),
])
def test_blindspot_rule(sides: dict[str, int], blindspot: str | None) -> None:
    lean = {"left": "lean-left", "right": "lean-right", "center": "center", "unknown": "unknown"}
    specs = [(f"{side}{i}.example", lean[side]) for side, n in sides.items() for i in range(n)]
    got = story_leaning(_story(*specs))
    assert got["blindspot"] == blindspot
    for side, n in sides.items():
        assert got["source_counts"][side] == n


def test_name_key_folds_case_accents_articles_and_punctuation() -> None:
    assert name_key("The Hill") == name_key("hill") == "hill"
    assert name_key("RTÉ News") == name_key("rte news")
    assert name_key("Mail & Guardian") == name_key("Mail and Guardian")
