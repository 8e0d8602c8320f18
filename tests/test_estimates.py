"""An unrated outlet's leaning is estimated from all of its articles: scored once per article
in the store (on both backends), summed per outlet, shown on each article with the number of
articles behind it; without a store, from the records given."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from newsprism import estimates
from newsprism import leaning_model as lm
from newsprism.leaning import default_registry, load_registry
from newsprism.pipeline import SerialExecutor, ingest
from newsprism.storypage import MIN_ESTIMATE_CONFIDENCE, normalize_records, stored_article_record

CLIMATE = "Climate action now: the climate bill and the climate deal. "
TAXES = "Tax cuts and the border: tax cuts, tax cuts, the border again. "


@pytest.fixture
def tiny(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> lm.LeaningModel:
    """A five-word model ("climate" leans left, "tax cuts" and "border" right) in place of the
    shipped one, so which side an outlet gets is known by construction."""
    path = tmp_path / "tiny.npz"
    vocab = ["tax", "cuts", "climate", "tax cuts", "border"]
    coef = np.array([[-1.0, -0.5, 2.0, -1.0, -1.5], [0.0] * 5, [1.0, 0.5, -2.0, 1.0, 2.0]])
    lm.save_model(path, vocab, np.array([1.0, 1.5, 2.0, 2.5, 1.2]), coef, np.array([0.1, 0.0, -0.1]),
                  lm.LABELS, {"note": "test"})
    model = lm.load_model(path)
    monkeypatch.setattr(lm, "default_model", lambda: model)
    return model


def _article(n: int, source: str, text: str, title: str = "Report") -> dict:
    return {"url": f"https://{source}/a{n}", "source": source, "title": f"{title} {n}",
            "published": f"2026-03-0{1 + n % 9}T08:00:00Z", "text": (text * 4).strip()}


def _ingest(store, settings, tmp_path: Path, rows: list[dict], name: str = "in.jsonl") -> None:
    path = tmp_path / name
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    ingest([str(path)], store, settings, executor=SerialExecutor())


def test_an_outlet_estimate_from_summed_scores_is_predict_outlet(tiny):
    texts = [CLIMATE, CLIMATE + TAXES, "A calm report on the weather."]
    lp = tiny.log_proba_many(texts)
    assert lm.outlet_estimate(lp.sum(axis=0), 3, tiny) == lm.predict_outlet(texts, tiny)
    assert lm.outlet_estimate(lp.sum(axis=0), 3, tiny)["articles"] == 3
    with pytest.raises(lm.LeaningModelError, match="no articles"):
        lm.outlet_estimate(lp.sum(axis=0), 0, tiny)


def test_the_store_scores_unrated_outlets_once_and_sums_them_per_outlet(any_store, settings, tmp_path, tiny):
    store, registry = any_store, default_registry()
    left = [_article(i, "greenvoice.example", CLIMATE) for i in range(3)]
    right = [_article(i, "taxpayer.example", TAXES) for i in range(2)]
    rated = [_article(0, "reuters.com", CLIMATE)]
    _ingest(store, settings, tmp_path, left + right + rated)

    assert estimates.score_unrated(store, registry)["scored"] == 5  # not the rated outlet's article
    assert estimates.score_unrated(store, registry)["scored"] == 0  # once
    rows = store.articles()
    outlets = estimates.outlet_leanings(store, rows, registry)
    assert set(outlets) == {"greenvoice.example", "taxpayer.example"}
    expected = lm.predict_outlet([f"{r['title']}\n{r['text']}" for r in rows if r["source"] == "greenvoice.example"])
    got = outlets["greenvoice.example"]
    assert got["leaning"] == expected["leaning"] == "left" and got["articles"] == 3
    assert got["probabilities"] == pytest.approx(expected["probabilities"], abs=1e-3)
    assert outlets["taxpayer.example"]["leaning"] == "right" and outlets["taxpayer.example"]["articles"] == 2
    assert got["confidence"] >= MIN_ESTIMATE_CONFIDENCE  # the precondition of what follows

    by_source = {r["source"]: stored_article_record(r, registry, outlets) for r in rows}
    assert by_source["greenvoice.example"]["leaning_basis"] == "estimated"
    assert by_source["greenvoice.example"]["leaning_articles"] == 3
    assert by_source["greenvoice.example"]["leaning_confidence"] == round(got["confidence"], 3)
    assert by_source["reuters.com"]["leaning_basis"] == "rated" and by_source["reuters.com"]["leaning_articles"] is None

    # A new version of an article is scored again (its old score no longer counts), at most
    # `limit` articles a run.
    changed = {**left[0], "text": (TAXES * 4).strip()}
    _ingest(store, settings, tmp_path, [changed, _article(5, "greenvoice.example", CLIMATE)], "more.jsonl")
    assert store.outlet_scores(["greenvoice.example"], lm.model_id())["greenvoice.example"][0] == 2
    assert estimates.score_unrated(store, registry, limit=1)["scored"] == 1
    assert estimates.score_unrated(store, registry)["scored"] == 1
    n, sums = store.outlet_scores(["greenvoice.example"], lm.model_id())["greenvoice.example"]
    texts = [f"{r['title']}\n{r['text']}" for r in store.articles() if r["source"] == "greenvoice.example"]
    assert n == 4 and sums == pytest.approx(list(tiny.log_proba_many(texts).sum(axis=0)), abs=1e-6)


def test_a_read_counts_an_article_not_yet_scored_without_writing(any_store, settings, tmp_path, tiny):
    store, registry = any_store, default_registry()
    _ingest(store, settings, tmp_path, [_article(i, "greenvoice.example", CLIMATE) for i in range(2)])
    estimates.score_unrated(store, registry)
    _ingest(store, settings, tmp_path, [_article(7, "greenvoice.example", CLIMATE)], "late.jsonl")
    rows = store.articles()
    assert estimates.outlet_leanings(store, rows, registry)["greenvoice.example"]["articles"] == 3
    # heads (no text) see the stored scores only
    heads = [{"id": r["id"], "source": r["source"], "url": r["url"]} for r in rows]
    assert estimates.outlet_leanings(store, heads, registry)["greenvoice.example"]["articles"] == 2
    assert store.outlet_scores(None, lm.model_id())["greenvoice.example"][0] == 2  # nothing written


def test_an_outlet_the_rating_table_learns_is_no_longer_estimated(store, settings, tmp_path, tiny):
    _ingest(store, settings, tmp_path, [_article(i, "greenvoice.example", CLIMATE) for i in range(2)])
    table = tmp_path / "outlets.csv"
    table.write_text("domain,name,leaning,basis\ngreenvoice.example,Green Voice,lean-left,test\n")
    rated = load_registry(extra=[table])
    assert estimates.score_unrated(store, rated)["scored"] == 0
    rows = store.articles()
    assert estimates.outlet_leanings(store, rows, rated) == {}
    rec = stored_article_record(rows[0], rated, estimates.outlet_leanings(store, rows, rated))
    assert (rec["leaning"], rec["leaning_basis"]) == ("lean-left", "rated")


def test_without_a_store_the_records_of_an_outlet_are_combined(tiny):
    records = [
        {"url": "https://greenvoice.example/1", "title": "Climate", "text": CLIMATE * 3},
        {"url": "https://greenvoice.example/2", "title": "Climate again", "text": CLIMATE * 2},
        {"url": "https://greenvoice.example/3", "title": "Weather", "text": "A calm report on the weather."},
        {"url": "https://other.example/1", "title": "Given", "text": TAXES, "leaning": "right", "leaning_basis": "rated"},
    ]
    out = {r["url"]: r for r in normalize_records(records)}
    mine = [out[f"https://greenvoice.example/{i}"] for i in (1, 2, 3)]
    expected = lm.predict_outlet([f"{r['title']}\n{r['text']}" for r in records[:3]])
    assert expected["confidence"] >= MIN_ESTIMATE_CONFIDENCE
    # the calm article alone says nothing; it carries its outlet's estimate from all three
    assert lm.predict_text("Weather\nA calm report on the weather.")["confidence"] < MIN_ESTIMATE_CONFIDENCE
    assert {(r["leaning"], r["leaning_basis"], r["leaning_articles"]) for r in mine} == {("left", "estimated", 3)}
    assert all(math.isclose(r["leaning_confidence"], round(expected["confidence"], 3)) for r in mine)
    given = out["https://other.example/1"]
    assert (given["leaning"], given["leaning_basis"], given["leaning_articles"]) == ("right", "rated", None)


def test_a_cached_story_page_follows_its_outlets_estimate(store, settings, tmp_path, tiny):
    """The page of a story whose articles did not change is rebuilt when the estimate of one
    of its outlets changes side, because later articles of that outlet read differently."""
    from newsprism.stories import story_page, update_stories

    first = {**_article(1, "greenvoice.example", CLIMATE, "Glacier melt speeds up in the Alps"),
             "text": ("Glaciers in the Alps lost a record share of their ice this summer. " + CLIMATE) * 2}
    _ingest(store, settings, tmp_path, [first])
    update_stories(store)
    story_id = store.articles()[0]["story_id"]
    page = story_page(store, story_id)
    assert [(a["leaning"], a["leaning_articles"]) for a in page["articles"]] == [("left", 1)]

    later = [{**_article(i, "greenvoice.example", TAXES, f"Budget row over fuel duty {i}"),
              "text": (f"Parliament argued about fuel duty for the {i}th time. " + TAXES * 3) * 2} for i in range(2, 8)]
    _ingest(store, settings, tmp_path, later, "later.jsonl")
    update_stories(store)
    assert [a["id"] for a in story_page(store, story_id)["articles"]] == [page["articles"][0]["id"]]
    estimate = estimates.outlet_leanings(store, store.articles(), default_registry())["greenvoice.example"]
    assert estimate["articles"] == 7 and estimate["leaning"] == "right"
    assert estimate["confidence"] >= MIN_ESTIMATE_CONFIDENCE
    rebuilt = story_page(store, story_id)["articles"][0]
    assert (rebuilt["leaning"], rebuilt["leaning_articles"]) == ("right", 7)


def test_without_a_model_file_there_are_no_estimates_and_nothing_fails(store, settings, tmp_path, monkeypatch):
    """A broken install (the model file gone or unreadable): runs, pages and listings go on,
    and unrated outlets stay unknown."""
    def gone(*_a, **_k):
        raise FileNotFoundError("leaning_model.npz")

    def unreadable():
        raise lm.LeaningModelError("leaning_model.npz", "not a valid leaning model file")

    _ingest(store, settings, tmp_path, [_article(i, "greenvoice.example", CLIMATE) for i in range(2)])
    registry = default_registry()
    monkeypatch.setattr(lm, "model_id", gone)
    assert estimates.score_unrated(store, registry)["scored"] == 0
    assert estimates.outlet_leanings(store, store.articles(), registry) == {}
    monkeypatch.undo()
    monkeypatch.setattr(lm, "default_model", unreadable)
    assert estimates.score_unrated(store, registry)["scored"] == 0
    assert estimates.outlet_leanings(store, store.articles(), registry) == {}
    assert estimates.stored_outlet_estimates(store, registry, MIN_ESTIMATE_CONFIDENCE) == []
    rec = stored_article_record(store.articles()[0], registry, {})
    assert (rec["leaning"], rec["leaning_basis"]) == ("unknown", "unknown")


def test_a_side_says_how_many_of_its_articles_are_estimated(tiny):
    from newsprism.storypage import build_story

    records = [
        {"url": f"https://greenvoice.example/{i}", "title": f"Glacier melt speeds up in the Alps {i}",
         "text": ("Glaciers in the Alps lost a record share of their ice this summer, scientists said. " + CLIMATE) * 2,
         "published": f"2026-03-0{i}T08:00:00Z"} for i in (1, 2)
    ] + [{"url": "https://www.theguardian.com/glacier", "title": "Alpine glaciers shrink at record pace",
          "text": "Glaciers in the Alps lost a record share of their ice this summer, scientists said. " * 2,
          "published": "2026-03-02T09:00:00Z"}]
    page = build_story(records)
    left = page["perspectives"]["left"]
    assert left["count"] == 3 and left["estimated"] == 2  # the Guardian is rated, greenvoice estimated
    assert all(side["estimated"] == 0 for name, side in page["perspectives"].items() if name != "left")
