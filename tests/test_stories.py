"""Stories end to end: ingest -> features -> online assignment -> story rows, entities, keywords."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.pipeline import SerialExecutor, ingest
from newsprism.stories import story_page, update_stories

DEMO = Path(str(resources.files("newsprism") / "data" / "demo"))
runner = CliRunner()


def answer_key() -> dict:
    return json.loads((DEMO / "answer_key.json").read_text())


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    """The demo corpus ingested and grouped once for the tests of this module."""
    from newsprism.config import load_settings
    from newsprism.store import Store

    tmp = tmp_path_factory.mktemp("demo")
    settings = load_settings(overrides={"data_dir": tmp, "workers": 1}, env={})
    store = Store.open(settings.effective_database_url)
    ingest([str(DEMO / "articles.jsonl")], store, settings, executor=SerialExecutor())
    update_stories(store)
    yield store
    store.close()


def test_every_demo_article_gets_a_story_and_copies_follow_their_original(demo_store):
    rows = {r["url"]: r for r in demo_store.articles()}
    assert all(r["story_id"] for r in rows.values())
    for story in answer_key().values():
        for copy_url, original_url in story["copies"].items():
            assert rows[copy_url]["story_id"] == rows[original_url]["story_id"]


def test_demo_stories_match_the_answer_key(demo_store):
    """B-cubed F1 of the demo grouping against its answer key: each planted story is one story."""
    from newsprism.evaluate import bcubed

    rows = {r["url"]: r for r in demo_store.articles()}
    gold, pred = [], []
    for key, story in answer_key().items():
        for url in story["articles"]:
            gold.append(key)
            pred.append(rows[url]["story_id"])
    # 0.859 (precision 1.0, recall 0.75; 2026-12-04, with merge passes as the stream's clock
    # moves, which join the transit defacement's first report to its follow-ups; 0.837
    # before, 0.82 before single-article merges): the differently framed stories (the port
    # strike's follow-ups, the grant audit) split into several stories at the thresholds
    # tuned on the training data. The floors leave room for one article placed differently
    # (an int8 model can round another CPU's way; one article moves F1 by about 0.02) and no
    # more; the gap is tracked in the stories issue.
    scores = bcubed(gold, pred)
    assert scores["precision"] >= 0.95 and scores["f1"] >= 0.83


def test_demo_names_the_model_mistypes_get_their_type_from_the_text(demo_store):
    """The small model tagged the invented port city "Alder Bay" a person in 14 of 28
    mentions, and the port operator, a news site and a security firm people: the words
    around them say what they are (entity_cues), and the questions ask accordingly."""
    from newsprism import entity_table

    types = {e.name: e.type for e in entity_table.stored_entities(demo_store)}
    assert types["Alder Bay"] == "place"
    assert types["Dubrava"] == "place"  # the capital, no longer the surname of a news site
    assert types["Drenovo"] == "place"  # "DRENOVO, Montevara (Meridian Wire) —", "the town of Drenovo"
    assert types["Cedar Crossing"] == "place"
    for org in ("Pacifica Terminals", "Vecherny Dubrava", "Lanternfish Security", "LesAvia"):
        assert types[org] == "organization", org
    assert types["Glen Maddox"] == types["Marcus Teller"] == "person"
    # "Pacifica", tagged a person, is the short name of the article's "Pacifica Terminals"
    aliases = {e.name: e.aliases for e in entity_table.stored_entities(demo_store)}
    assert "Pacifica" in aliases["Pacifica Terminals"] and "Pacifica" not in types
    asked = [q["question"] for s in demo_store.stories() for q in story_page(demo_store, s["id"])["questions"]]
    assert not [q for q in asked if q.startswith(("Who is Alder Bay", "Who is Cedar", "Who is Pacifica"))]
    assert not [q for q in asked if q.startswith("What is the Pacifica")]  # a company takes no "the"



def test_a_demo_page_says_each_sentence_once(demo_store):
    """The prisoner page said Zhelnin's rule under "Who is Arkady Zhelnin?", "What is the
    situation in Lesnovia?" and "What led to the release?"; the congestion-charge page gave
    one sentence to "What led to the vote?" and "How have others responded?". A sentence that
    leads one answer leads another only where it says what that subject is (a person, an
    organisation, a place); one that follows a lead goes to a later question that leads with
    it ("Who is Daniel Hartsock?", a spare asked last, had lost its only sentence so)."""
    from newsprism.clean import split_sentences

    pages = [story_page(demo_store, s["id"]) for s in demo_store.stories()]
    for page in pages:
        where: dict[str, list[str]] = {}
        for q in page["questions"]:
            for sentence in split_sentences(q["answer"]):
                where.setdefault(sentence, []).append(q["question"])
        twice = {s: qs for s, qs in where.items() if len(qs) > 1}
        assert all(q.startswith(("Who is", "What is")) and not q.endswith("matter?")
                   for qs in twice.values() for q in qs), (page["title"], twice)
    prisoners = next(p for p in pages if "Lesnovia" in p["title"] and "prisoners" in p["title"])
    asked = {q["question"]: q["answer"] for q in prisoners["questions"]}
    assert "Who is Daniel Hartsock?" in asked, list(asked)
    assert "Hartsock" not in asked.get("What led to the release in Lesnovia?", ""), asked
    # what the demo's definitions no longer read into a sentence (see test_questions)
    questions = {q["question"] for p in pages for q in p["questions"]}
    assert not questions & {"What is Bayfront Stadium?", "What is Carver Foundry?", "What is the situation in Ironwood?"}


def test_ingesting_in_two_halves_gives_what_one_run_gives(demo_store, tmp_path):
    """The second run updates entities and the virality baseline from its own articles and
    stories only (no pass over the archive); the result is the one-run result: the same
    stories, the same entity table (exactly: it is the full recompute), the same baseline
    up to its binning (documented as within 0.25 %)."""
    from newsprism import entity_table
    from newsprism.config import load_settings
    from newsprism.store import Store
    from newsprism.stories import BASELINE_STATE_KEY, virality_baseline

    lines = (DEMO / "articles.jsonl").read_text().splitlines()
    halves = [tmp_path / "first.jsonl", tmp_path / "second.jsonl"]
    halves[0].write_text("\n".join(lines[: len(lines) // 2]) + "\n")
    halves[1].write_text("\n".join(lines[len(lines) // 2 :]) + "\n")
    settings = load_settings(overrides={"data_dir": tmp_path / "data", "workers": 1}, env={})
    with Store.open(settings.effective_database_url) as store:
        for half in halves:
            ingest([str(half)], store, settings, executor=SerialExecutor())
            report = update_stories(store)
        assert report.entities["mode"] == "incremental"
        assert store.load_state(BASELINE_STATE_KEY) is not None

        def partition(s):
            groups: dict = {}
            for a in s.articles():
                groups.setdefault(a["story_id"], set()).add(a["id"])
            return sorted(sorted(g) for g in groups.values())

        assert partition(store) == partition(demo_store)
        table = sorted(entity_table.stored_entities(store), key=lambda e: e.id)
        assert table == sorted(entity_table.full_entities(store), key=lambda e: e.id)
        assert table == sorted(entity_table.stored_entities(demo_store), key=lambda e: e.id)
        assert virality_baseline(store) == pytest.approx(virality_baseline(demo_store), rel=0.0025)
        labels = {s["id"]: (s["label"], s["keywords"], s["why"], s["article_count"], s["active"])
                  for s in store.stories()}
        assert labels == {s["id"]: (s["label"], s["keywords"], s["why"], s["article_count"], s["active"])
                          for s in demo_store.stories()}
        # Why each article joined its story is kept beside it, as one run records it (the
        # similarities themselves differ in the third decimal: a merge pass ends each run).
        ids = [a["id"] for a in store.articles()]
        kind = lambda ev: {k: (r.get("copy_of"), bool(r.get("started_story")), r["score"] is None)
                           for k, r in ev.items()}
        assert len(store.story_evidence(ids)) == len(ids)
        assert kind(store.story_evidence(ids)) == kind(demo_store.story_evidence(ids))


def test_story_labels_read_as_topics(demo_store):
    """1-3 words, no function word, no number ("Ironwood Million In" was one); the planted
    quake stories are labelled with their place and what happened."""
    from newsprism.keywords import _FUNCTION_WORDS

    labels = {s["id"]: s["label"] for s in demo_store.stories()}
    for label in labels.values():
        words = label.split()
        assert 1 <= len(words) <= 3, label
        assert all(w.lower() not in _FUNCTION_WORDS and not any(c.isdigit() for c in w) for w in words), label
    rows = {r["url"]: r for r in demo_store.articles()}
    for key in ("montevara-quake-belica", "montevara-quake-drenovo"):
        for url in answer_key()[key]["articles"]:
            label = labels[rows[url]["story_id"]]
            assert label.split()[0] == "Montevara" and label.split()[-1] in {"Quake", "Earthquake", "Toll"}, label


def test_the_two_similar_earthquakes_stay_apart(demo_store):
    key = answer_key()
    rows = {r["url"]: r for r in demo_store.articles()}
    belica = {rows[u]["story_id"] for u in key["montevara-quake-belica"]["articles"]}
    drenovo = {rows[u]["story_id"] for u in key["montevara-quake-drenovo"]["articles"]}
    assert not belica & drenovo


def test_demo_story_pages_show_outlet_leanings_and_virality(demo_store):
    """Demo outlets are not in the shipped registry, so their leanings are estimated or
    unknown, never silently "center"; virality is a number for every dated story."""
    from newsprism.leaning_model import model_id
    from newsprism.stories import story_page

    scored = demo_store.outlet_scores(None, model_id())  # every demo outlet is unrated
    for s in demo_store.stories()[:3]:
        page = story_page(demo_store, s["id"])
        assert isinstance(page["stats"]["virality"], float)
        for a in page["articles"]:
            assert a["leaning_basis"] in {"estimated", "unknown"}
            assert (a["leaning_confidence"] is None) == (a["leaning_basis"] == "unknown")
            # an estimate rests on all of the outlet's stored articles, not on this one alone
            assert a["leaning_articles"] in (None, scored[a["source"]][0])
        # Cached: a second read gives the same page.
        assert story_page(demo_store, s["id"])["breakdown"] == page["breakdown"]


def test_story_rows_have_counts_keywords_label_and_why(demo_store):
    stories = demo_store.stories()
    assert len(stories) >= 7
    for s in stories:
        members = demo_store.articles(story_id=s["id"])
        assert s["article_count"] == len(members)
        assert 1 <= len(s["label"].split()) <= 3
        assert s["keywords"] and all(k["sources"] for k in s["keywords"])
        assert set(s["why"]) >= {"shared_entities", "article_count", "copies"}
        assert s["first_published"] <= s["last_updated"]


def test_a_story_rows_title_is_the_pages_title(demo_store):
    """Lists, feeds and the API read the row: it had held the first report's headline (an
    opinion piece's "OPINION: Impending Mueller report may just be ..." headed a real
    39-article story) while the page showed another."""
    from newsprism.stories import story_page

    multi = [s for s in demo_store.stories() if s["article_count"] >= 3]
    assert multi
    for s in multi:
        assert s["title"] == story_page(demo_store, s["id"])["title"], s["id"]
    # the row holds the central headline, not merely the first one, in some demo story
    firsts = {s["id"]: min(demo_store.articles(story_id=s["id"]),
                           key=lambda a: (a["published"] or a["first_seen"], a["id"]))["title"] for s in multi}
    assert any(s["title"] != firsts[s["id"]] for s in multi)


def test_rerunning_places_nothing_new_and_keeps_ids(demo_store):
    before = {r["id"]: r["story_id"] for r in demo_store.articles()}
    report = update_stories(demo_store)
    assert report.articles == 0
    assert {r["id"]: r["story_id"] for r in demo_store.articles()} == before


def test_recluster_is_deterministic(demo_store):
    first = update_stories(demo_store, rebuild=True)
    a = {r["id"]: r["story_id"] for r in demo_store.articles()}
    update_stories(demo_store, rebuild=True)
    b = {r["id"]: r["story_id"] for r in demo_store.articles()}
    assert a == b and first.articles == len(a)


def test_seed_story_holds_exactly_the_four_seeds(tmp_path, seeds):
    """Done-when of the stories issue: the 4 seeds among other events form one story."""
    data = tmp_path / "d"
    env = {"NEWSPRISM_WORKERS": "1"}
    assert runner.invoke(app, ["--data-dir", str(data), "ingest", str(DEMO / "articles.jsonl")], env=env).exit_code == 0
    res = runner.invoke(app, ["--data-dir", str(data), "ingest", *map(str, seeds)], env=env)
    assert res.exit_code == 0, res.output
    arts = [json.loads(x) for x in runner.invoke(app, ["--data-dir", str(data), "articles", "--json"], env=env).stdout.splitlines()]
    seed_ids = {a["story_id"] for a in arts if a["url"].startswith("file://") and "/seeds/" in a["url"]}
    assert len(seed_ids) == 1
    story_id = seed_ids.pop()
    assert sorted(a["url"].rsplit("/", 1)[1][:3] for a in arts if a["story_id"] == story_id) == ["000", "001", "002", "003"]

    ents = [json.loads(x) for x in runner.invoke(
        app, ["--data-dir", str(data), "entities", "--story", story_id, "--json"], env=env).stdout.splitlines()]
    kolesnikova = [e for e in ents if any("Kolesnikova" in a or "Kalesnikava" in a or "Kolesnikava" in a for a in e["aliases"])]
    assert len(kolesnikova) == 1
    assert {"Kolesnikova", "Kolesnikava", "Kalesnikava"} <= {w for a in kolesnikova[0]["aliases"] for w in a.split()}

    story = json.loads(runner.invoke(app, ["--data-dir", str(data), "story", story_id, "--json"], env=env).stdout)
    assert story["label"] in {"Belarus Prisoners", "Belarus Release", "Belarus Prisoner Release"}, story["label"]
    names = {k["name"] for k in story["keywords"]}
    for expected in ("Ales Bialiatski", "Maria Kolesnikova", "Alexander Lukashenko", "Viktar Babaryka",
                     "John Coale", "Minsk", "Lithuania"):
        assert expected in names, expected
    assert len(story["articles"]) == 4
    # Files without a URL name no outlet: each is its own source, in the stats and the story
    # row as in the breakdown's support counts (they once said 1 beside bullets of 4).
    assert story["stats"]["source_count"] == 4
    assert max(b["support"] for b in story["breakdown"]) <= story["stats"]["source_count"]
    rows = [json.loads(x) for x in runner.invoke(
        app, ["--data-dir", str(data), "stories", "--json"], env=env).stdout.splitlines()]
    assert next(r for r in rows if r["id"] == story_id)["stats"]["source_count"] == 4

    # The story page (done-when of the story-pages issue).
    assert 3 <= len(story["breakdown"]) <= 8
    assert all(b["sources"] and set(b["sources"]) <= {a["id"] for a in story["articles"]} for b in story["breakdown"])
    assert max(len(b["sources"]) for b in story["breakdown"]) >= 3
    assert set(story["perspectives"]) >= {"left", "center", "right"}
    cited = [q for q in story["questions"] if q["sources"] and q["answer"]]
    assert len(cited) >= 5
    days = [d for d in story["disagreements"] if any("Friday" in c["text"] for c in d["claims"])]
    assert days, story["disagreements"]
    friday = next(c for c in days[0]["claims"] if "Friday" in c["text"])
    saturday = next(c for c in days[0]["claims"] if "Saturday" in c["text"])
    by_id = {a["id"]: a["url"].rsplit("/", 1)[1][:3] for a in story["articles"]}
    assert [by_id[i] for i in friday["sources"]] == ["003"]
    assert sorted(by_id[i] for i in saturday["sources"]) == ["000", "001", "002"]
    assert story["timeline"] and all(t["sources"] for t in story["timeline"])
    assert set(story["stats"]) >= {"first_published", "last_updated", "article_count", "source_count",
                                   "virality", "leaning", "leaning_counts"}
    assert isinstance(story["stats"]["virality"], float) and story["stats"]["virality"] >= 0
    assert all(a["leaning_basis"] in {"rated", "estimated", "unknown"} for a in story["articles"])
    assert all(a["grouping"] for a in story["articles"])  # why each article is in the story

    text = runner.invoke(app, ["--data-dir", str(data), "story", story_id], env=env)
    assert text.exit_code == 0
    for section in ("Story Stats", "The Breakdown", "Top Keywords", "Further Learning", "Where sources disagree",
                    "Timeline", "Why these articles are grouped"):
        assert section in text.stdout, section
    assert "it started this story" in text.stdout and "Joined this story:" in text.stdout

    # The newest stories with --limit read only their own articles, and list what the full
    # listing lists first.
    listing = lambda *a: [json.loads(x) for x in runner.invoke(
        app, ["--data-dir", str(data), "stories", "--json", "--latest", *a], env=env).stdout.splitlines()]
    everything = listing()
    assert len(everything) > 3
    assert listing("--limit", "3") == everything[:3]

    # A rebuild from the archive keeps the four seeds together.
    assert runner.invoke(app, ["--data-dir", str(data), "recluster"], env=env).exit_code == 0
    arts = [json.loads(x) for x in runner.invoke(app, ["--data-dir", str(data), "articles", "--json"], env=env).stdout.splitlines()]
    seed_stories = {a["story_id"] for a in arts if "/seeds/" in a["url"]}
    assert len(seed_stories) == 1
    assert sum(1 for a in arts if a["story_id"] in seed_stories) == 4


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_copy_follows_its_original_into_a_story_retired_in_an_earlier_run(tmp_path, backend, request):
    """The clusterer's snapshot keeps only active stories; a copy of an article whose story
    retired before the last run still joins that story (the store knows where the original
    is), the story's row counts it, and a rebuild agrees. On both backends: the reasons
    table (schema 6) is written and read through each."""
    from newsprism.cluster import OnlineClusterer
    from newsprism.config import load_settings
    from newsprism.store import Store
    from newsprism.stories import STATE_KEY

    flood = {"url": "https://river.example/flood", "source": "river.example", "published": "2026-03-01T08:00:00Z",
             "title": "Floodwaters close the Danube bridge at Vukovar after a week of rain",
             "text": "The Danube rose four metres at Vukovar on Sunday, closing the bridge to Serbia. "
                     "Engineers from the Croatian water agency said the crest would pass by Tuesday. " * 3}
    later = {"url": "https://harbour.example/ferry", "source": "harbour.example", "published": "2026-03-09T08:00:00Z",
             "title": "Ferry strike halts crossings between Split and the islands",
             "text": "Crews of the state ferry line walked out on Monday over pay, halting crossings to Brac and Hvar. "
                     "The union said the strike would last three days. " * 3}
    copy = {**flood, "url": "https://aggregator.example/flood-copy", "source": "aggregator.example",
            "published": "2026-03-09T09:00:00Z"}
    overrides = {"data_dir": tmp_path / "data", "workers": 1}
    if backend == "postgres":
        overrides["database_url"] = request.getfixturevalue("pg_url")
    settings = load_settings(overrides=overrides, env={})
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text(json.dumps(flood) + "\n" + json.dumps(later) + "\n")
    second.write_text(json.dumps(copy) + "\n")
    with Store.open(settings.effective_database_url) as store:
        ingest([str(first)], store, settings, executor=SerialExecutor())
        update_stories(store)
        snapshot = OnlineClusterer.restore(json.loads(store.load_state(STATE_KEY)))
        by_url = {a["url"]: a for a in store.articles()}
        flood_story = by_url[flood["url"]]["story_id"]
        assert [s.id for s in snapshot.stories()] == [by_url[later["url"]]["story_id"]]  # flood retired

        ingest([str(second)], store, settings, executor=SerialExecutor())
        report = update_stories(store)
        by_url = {a["url"]: a for a in store.articles()}
        assert by_url[copy["url"]]["duplicate_of"] == by_url[flood["url"]]["id"]
        assert by_url[copy["url"]]["story_id"] == flood_story
        assert report.new_stories == 0 and report.updated_stories == 1
        row = store.story(flood_story)
        assert (row["article_count"], row["source_count"], row["active"]) == (2, 1, False)  # a copy is no source
        assert row["why"]["copies"] == 1 and row["why"]["article_count"] == 2
        reason = store.story_evidence([by_url[copy["url"]]["id"]])[by_url[copy["url"]]["id"]]
        assert reason["copy_of"] == by_url[flood["url"]]["id"] and reason["retired_story"] is True

        update_stories(store, rebuild=True)
        rebuilt = {a["url"]: a["story_id"] for a in store.articles()}
        assert rebuilt[copy["url"]] == rebuilt[flood["url"]] == flood_story
        assert store.story(flood_story)["why"]["copies"] == 1


def test_a_story_of_old_articles_backfilled_after_newer_ones_is_closed_when_the_run_ends(tmp_path):
    """Articles arrive out of order (an archive backfill): the old ones still group with each
    other during the run, and their story leaves the active set when the run ends instead of
    staying open until a later article moves the clock."""
    from newsprism.config import load_settings
    from newsprism.store import Store

    def rec(url, day, title, text):
        return json.dumps({"url": url, "source": url.split("/")[2], "published": f"2026-03-{day:02d}T08:00:00Z",
                           "title": title, "text": text})

    flood = ("The Danube rose four metres at Vukovar on Sunday, closing the bridge to Serbia. Engineers of the "
             "Croatian water agency said the crest would pass by Tuesday. ")
    lines = [
        rec("https://harbour.example/ferry", 20, "Ferry strike halts crossings to the islands",
            "Crews of the state ferry line walked out on Monday over pay, halting crossings to Brac and Hvar. " * 3),
        rec("https://river.example/flood", 1, "Floodwaters close the Danube bridge at Vukovar", flood * 3),
        rec("https://delta.example/flood", 1, "Danube flood shuts Vukovar bridge to Serbia", flood * 2),
    ]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n")
    settings = load_settings(overrides={"data_dir": tmp_path / "data", "workers": 1}, env={})
    with Store.open(settings.effective_database_url) as store:
        ingest([str(tmp_path / "in.jsonl")], store, settings, executor=SerialExecutor())
        update_stories(store)
        by_url = {a["url"]: a for a in store.articles()}
        flood_story = by_url["https://river.example/flood"]["story_id"]
        assert by_url["https://delta.example/flood"]["story_id"] == flood_story
        assert store.story(flood_story)["active"] is False
        assert store.story(by_url["https://harbour.example/ferry"]["story_id"])["active"] is True


def test_an_article_dated_in_the_far_future_does_not_close_every_story(tmp_path, monkeypatch):
    """A stored article dated 2099 (ingest now drops such dates; a store written before kept
    them) must not move the clusterer's clock: the next run's report of an open story still
    joins it, and the odd story's stats do not say 2099."""
    from datetime import datetime, timedelta, timezone

    from newsprism import pipeline

    monkeypatch.setattr(pipeline, "too_far_ahead", lambda published, seen: False)  # as before

    from newsprism.config import load_settings
    from newsprism.store import Store

    now = datetime.now(timezone.utc)

    def rec(url, when, title, text):
        return json.dumps({"url": url, "source": url.split("/")[2], "published": when.isoformat(),
                           "title": title, "text": text})

    flood = ("The Danube rose four metres at Vukovar on Sunday, closing the bridge to Serbia. Engineers of the "
             "Croatian water agency said the crest would pass by Tuesday. ")
    first = [rec("https://river.example/flood", now - timedelta(hours=3), "Floodwaters close the Danube bridge at Vukovar", flood * 3),
             rec("https://odd.example/ferry", datetime(2099, 1, 1, tzinfo=timezone.utc),
                 "Ferry strike halts crossings to the islands",
                 "Crews of the state ferry line walked out on Monday over pay, halting crossings to Brac and Hvar. " * 3)]
    second = [rec("https://delta.example/flood", now - timedelta(hours=1), "Danube flood shuts Vukovar bridge to Serbia", flood * 2)]
    (tmp_path / "a.jsonl").write_text("\n".join(first) + "\n")
    (tmp_path / "b.jsonl").write_text("\n".join(second) + "\n")
    settings = load_settings(overrides={"data_dir": tmp_path / "data", "workers": 1}, env={})
    with Store.open(settings.effective_database_url) as store:
        for f in ("a.jsonl", "b.jsonl"):
            ingest([str(tmp_path / f)], store, settings, executor=SerialExecutor())
            update_stories(store)
        by_url = {a["url"]: a for a in store.articles()}
        assert by_url["https://odd.example/ferry"]["published"].year == 2099
        story = by_url["https://river.example/flood"]["story_id"]
        assert by_url["https://delta.example/flood"]["story_id"] == story
        assert store.story(story)["active"] is True
        odd = store.story(by_url["https://odd.example/ferry"]["story_id"])
        assert odd["last_updated"] < now + timedelta(days=1)  # not 2099 on the story's stats
        # nor on its page: stats, timeline and the article list read the date as unknown
        page = story_page(store, odd["id"])
        assert page["stats"]["last_updated"] is None and page["stats"]["first_published"] is None
        assert "2099" not in json.dumps(page)


def test_an_article_placed_in_an_earlier_run_moves_when_its_story_forms_later(tmp_path, monkeypatch):
    """Run 1 places y1 in x1's story (the only one there is) and y1's copy with it; run 2
    brings y2 and y3, which form a story that fits y1 better. The store follows the
    clusterer: y1 and its copy now belong to y2's story, both stories' rows are rewritten,
    y1's grouping says it moved, and the report counts the move. Embeddings are set by hand
    (cosines as in tests/test_cluster.py) so the case does not hang on a model's opinion."""
    from vectors import plane

    from newsprism import cluster, stories
    from newsprism.config import load_settings
    from newsprism.store import Store

    angle = {"x1": 0, "y1": 16.26, "y2": 28, "y3": 28.5}

    def by_hand(row, feats):
        key = row["title"].split()[0]
        return cluster.ArticleFeatures(row["id"], embedding=plane(angle[key]), source=row["source"],
                                       duplicate_of=row["duplicate_of"], title=row["title"])

    monkeypatch.setattr(stories, "_features", by_hand)

    def rec(key, host, body):
        return json.dumps({"url": f"https://{host}/{key}", "source": host, "title": f"{key} report",
                           "text": body})

    body = {k: " ".join(f"Paragraph {n} of report {k} tells part {n} of the matter of {k} at length."
                        for n in range(12)) for k in angle}
    batches = [[rec("x1", "a.example", body["x1"]), rec("y1", "b.example", body["y1"])],
               [rec("y1", "c.example", body["y1"])],  # the same text again: a copy of y1
               [rec("y2", "d.example", body["y2"]), rec("y3", "e.example", body["y3"])]]
    for n, batch in enumerate(batches):
        (tmp_path / f"{n}.jsonl").write_text("\n".join(batch) + "\n")
    settings = load_settings(overrides={"data_dir": tmp_path / "data", "workers": 1}, env={})
    with Store.open(settings.effective_database_url) as store:
        for n in (0, 1):
            ingest([str(tmp_path / f"{n}.jsonl")], store, settings, executor=SerialExecutor())
        update_stories(store)
        rows = {a["url"]: a for a in store.articles()}
        x, y1 = rows["https://a.example/x1"]["story_id"], rows["https://b.example/y1"]
        assert rows["https://c.example/y1"]["duplicate_of"] == y1["id"]
        assert y1["story_id"] == rows["https://c.example/y1"]["story_id"] == x
        ingest([str(tmp_path / "2.jsonl")], store, settings, executor=SerialExecutor())
        report = update_stories(store)
        rows = {a["url"]: a for a in store.articles()}
        y = rows["https://d.example/y2"]["story_id"]
        assert y != x and report.moved == 1
        assert {u for u, r in rows.items() if r["story_id"] == y} == {
            "https://b.example/y1", "https://c.example/y1", "https://d.example/y2", "https://e.example/y3"}
        assert store.story(x)["article_count"] == 1 and store.story(y)["article_count"] == 4
        moved = store.story_evidence([y1["id"]])[y1["id"]]
        assert moved["moved_from"] == x and "started_story" not in moved


def test_alias_mentions_are_what_the_whole_word_regex_finds():
    """Story rows count an entity's aliases without a regular expression (it was a third of
    the time of writing story rows); the counts must be exactly the regex's: whole words,
    left to right, longest alias first at each place. Random texts over a small alphabet
    make the overlaps, prefixes and word boundaries that real names rarely show."""
    import random
    import re

    from newsprism.stories import _alias_mentions

    rng = random.Random(5)
    alphabet = ["a", "b", "U.S.", "US", " ", " ", "-", "_", "é", "1", "'"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        aliases = tuple({"".join(rng.choice(alphabet[:6]) for _ in range(rng.randint(1, 3))).strip() or "a"
                         for _ in range(rng.randint(1, 4))})
        ordered = sorted(aliases, key=lambda a: (-len(a), a))
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(a) for a in ordered) + r")(?!\w)")
        assert _alias_mentions(text, aliases, {}) == [m.group(0) for m in pattern.finditer(text)], (text, aliases)


def test_demo_keywords_name_the_charge_not_its_words(demo_store):
    """The congestion-charge stories listed "charge" and "Congestion" as two keywords."""
    seen = 0
    for story in demo_store.stories():
        names = [k["name"].lower() for k in story["keywords"]]
        if any("congestion" in n for n in names):
            seen += 1
            assert "congestion charge" in names, names
            assert "charge" not in names and "congestion" not in names, names
    assert seen >= 2  # the council vote and the bus riders' story


def _subject_of_stories(store) -> dict[str, str]:
    """Each demo story's planted subject (the two Montevara earthquakes are one subject)."""
    rows = {r["url"]: r for r in store.articles()}
    out = {}
    for key, story in answer_key().items():
        for url in story["articles"]:
            out[rows[url]["story_id"]] = "montevara" if key.startswith("montevara-quake") else key
    return out


def test_related_stories_link_the_pieces_of_one_subject_and_nothing_else(demo_store):
    """The port strike's follow-ups are told days later from other angles and stay stories of
    their own (see the clustering floors above); the strike's page links every one of them,
    and no page links a story of another subject (Alder Bay is the place of four)."""
    from newsprism.stories import related_stories

    subject = _subject_of_stories(demo_store)
    links = {sid: related_stories(demo_store, sid) for sid in subject}
    for sid, found in links.items():
        for r in found:
            assert subject[r["id"]] == subject[sid], (sid, r)
            assert sid in {x["id"] for x in links[r["id"]]}  # symmetric
            assert r["shared"] and r["score"] >= 0.7 and r["title"] and r["article_count"] >= 1
    strike = sorted((sid for sid, s in subject.items() if s == "alder-bay-port-strike"),
                    key=lambda sid: demo_store.story(sid)["first_published"])
    assert len(strike) >= 2
    assert {r["id"] for r in links[strike[0]]} == set(strike[1:])


def test_related_stories_are_read_on_every_view_not_cached_with_the_page(demo_store):
    from newsprism.stories import related_stories

    sid = next(sid for sid, s in _subject_of_stories(demo_store).items() if s == "montevara")
    first = story_page(demo_store, sid)
    again = story_page(demo_store, sid)  # from the cache
    assert first["related"] == again["related"] == related_stories(demo_store, sid) != []
    assert "related" not in demo_store.story(sid)["page"]


def test_the_archives_home_place_is_its_most_named_place_when_one_article_in_five_names_it(demo_store, monkeypatch):
    """The demo is too small to have a home (its city is not its readers' country); were it
    large enough, Alder Bay, named in a third of its articles, would be."""
    import newsprism.stories as stories

    top = demo_store.most_mentioned_place()
    assert top["name"] == "Alder Bay" and top["articles"] >= 0.2 * demo_store.count_articles()
    assert stories.home_place_of(demo_store) == frozenset()  # named in fewer than PROMINENT_MIN_ARTICLES
    monkeypatch.setattr(stories, "PROMINENT_MIN_ARTICLES", 10)
    assert "Alder Bay" in stories.home_place_of(demo_store)
    monkeypatch.setattr(stories, "HOME_SHARE", 0.9)
    assert stories.home_place_of(demo_store) == frozenset()


def test_a_cached_page_is_rebuilt_when_the_code_that_writes_pages_changes(demo_store, monkeypatch):
    """The release number stays the same between commits; pages written by older stages
    were served after an upgrade until the code's digest joined the cache key."""
    import newsprism.stories as stories

    assert re.fullmatch(r"[0-9a-f]{16}", stories.code_digest())
    sid = next(sid for sid, s in _subject_of_stories(demo_store).items() if s == "montevara")
    story_page(demo_store, sid)
    key = demo_store.story(sid)["page_key"]
    story_page(demo_store, sid)
    assert demo_store.story(sid)["page_key"] == key  # unchanged code: the cached page
    monkeypatch.setattr(stories, "code_digest", lambda: "another-build")
    story_page(demo_store, sid)
    assert demo_store.story(sid)["page_key"] != key  # rebuilt and cached under the new code


def test_the_feature_model_name_fits_its_column():
    """The features' model name is stored in a column of 128 characters; a longer name (it
    grows with entities.NER_INPUT) fails on PostgreSQL, which, unlike SQLite, enforces it."""
    from newsprism.store import schema
    from newsprism.stories import FEATURE_MODEL

    assert len(FEATURE_MODEL) <= schema.article_features.c.model.type.length
