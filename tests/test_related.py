"""Related stories (newsprism.related): the pure scoring rule, and the links the demo's pages show."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from newsprism.related import RelatedConfig, StoryProfile, centroid, idf_weights, related_stories, relatedness

T0 = datetime(2026, 3, 7, 12, tzinfo=UTC)


def _vec(*xs: float) -> np.ndarray:
    v = np.array(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


def _story(sid: str, vec, ents, day: float | None = 0.0) -> StoryProfile:
    when = None if day is None else T0 + timedelta(days=day)
    return StoryProfile(id=sid, centroid=vec, entities=frozenset(ents), first=when, last=when)


# a stream of 1,000 articles: "trump" in 400 of them, the strike's names in a handful
IDF = idf_weights({"trump": 400, "congress": 200, "union": 6, "delgado-finn": 4, "port": 8}, 1000)


def test_rare_shared_names_link_a_follow_up_told_from_another_angle():
    strike = _story("strike", _vec(1, 0.2, 0), {"union", "delgado-finn", "port"})
    picket = _story("picket", _vec(0.6, 0.8, 0), {"union", "delgado-finn", "port"}, day=1)
    found = related_stories(strike, [picket], IDF)
    assert [r["id"] for r in found] == ["picket"]
    assert found[0]["shared"][0] == "delgado-finn"  # rarest first
    assert found[0]["entities"] == pytest.approx(1.0)


def test_a_lone_common_name_does_not_make_two_stories_related():
    """A one-article story naming only "Trump" shares all its names with every Trump story:
    the entity cosine, unlike the share of the smaller story's names, stays low."""
    tariffs = _story("tariffs", _vec(1, 0, 0), {"trump"})
    firing = _story("firing", _vec(0.45, 0.893, 0), {"trump", "congress", "union", "delgado-finn"})
    assert related_stories(tariffs, [firing], IDF) == []
    _, _, emb, overlap = relatedness(tariffs, firing, IDF)
    assert emb == pytest.approx(0.45, abs=0.01) and overlap < 0.25


def test_stories_far_apart_in_time_or_without_a_shared_name_are_not_related():
    a = _story("a", _vec(1, 0, 0), {"union", "port"})
    late = _story("late", _vec(1, 0, 0), {"union", "port"}, day=40)
    other = _story("other", _vec(1, 0, 0), {"congress"})
    undated = _story("undated", _vec(1, 0, 0), {"union", "port"}, day=None)
    ids = [r["id"] for r in related_stories(a, [late, other, undated, a], IDF)]
    assert ids == ["undated"]  # the window needs both dates; a story is never its own relation
    assert [r["id"] for r in related_stories(a, [late], IDF, RelatedConfig(window_days=60))] == ["late"]


def test_order_is_best_first_then_by_id_and_limited():
    a = _story("a", _vec(1, 0, 0), {"union", "port"})
    cands = [_story(f"s{i}", _vec(1, 0.1 * (i % 3), 0), {"union", "port"}) for i in range(12)]
    found = related_stories(a, cands, IDF)
    assert len(found) == RelatedConfig().limit
    keys = [(-r["score"], r["id"]) for r in found]
    assert keys == sorted(keys)
    assert found == related_stories(a, list(reversed(cands)), IDF)


def test_centroid_ignores_missing_vectors_and_is_unit_length():
    c = centroid([None, np.array([3.0, 0.0]), np.array([0.0, 4.0])])
    assert c is not None and np.linalg.norm(c) == pytest.approx(1.0)
    assert centroid([None]) is None
    assert centroid([np.zeros(3)]) is None


def _two_demo_subjects(store, settings, tmp_path) -> dict[str, str]:
    """The demo's port strike and congestion charge, ingested and grouped into ``store``:
    each article's url -> its subject in the answer key."""
    import json
    from importlib import resources
    from pathlib import Path

    from newsprism.pipeline import SerialExecutor, ingest
    from newsprism.stories import update_stories

    demo = Path(str(resources.files("newsprism") / "data" / "demo"))
    key = json.loads((demo / "answer_key.json").read_text())
    subject = {u: k for k in ("alder-bay-port-strike", "alder-bay-congestion-charge") for u in key[k]["articles"]}
    rows = [json.loads(line) for line in (demo / "articles.jsonl").read_text().splitlines() if line.strip()]
    path = tmp_path / "two-subjects.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows if r["url"] in subject))
    ingest([str(path)], store, settings, executor=SerialExecutor())
    update_stories(store)
    return subject


def test_the_store_reads_the_same_links_on_both_backends(any_store, settings, tmp_path):
    """The demo's port strike and congestion charge through a store: the strike's first
    report links every follow-up, each follow-up links back, and no link crosses to the
    congestion charge (SQLite and PostgreSQL)."""
    from newsprism.stories import related_stories

    subject = _two_demo_subjects(any_store, settings, tmp_path)
    story_subject = {r["story_id"]: subject[r["url"]] for r in any_store.articles()}
    strike = [sid for sid, s in story_subject.items() if s == "alder-bay-port-strike"]
    assert len(strike) >= 2
    first = min(strike, key=lambda sid: any_store.story(sid)["first_published"])
    for sid in story_subject:
        found = related_stories(any_store, sid)
        assert all(story_subject[r["id"]] == story_subject[sid] for r in found)
        assert all(isinstance(r["first_published"], str) and r["shared"] for r in found)
        if sid in strike:
            linked = {r["id"] for r in found}
            assert linked == set(strike) - {sid} if sid == first else first in linked


def test_a_follow_up_page_asks_what_happened_earlier_from_its_older_related_story(any_store, settings, tmp_path):
    """On every view a page asks "What happened earlier?" of the older story it links best,
    answered by that story's lead and flagged as older coverage; the first report asks
    nothing of the kind, and the cached page in the store is not changed by the view."""
    from newsprism.questions import EARLIER_QUESTION
    from newsprism.stories import story_page

    subject = _two_demo_subjects(any_store, settings, tmp_path)
    articles = {r["id"]: r for r in any_store.articles()}
    story_subject = {r["story_id"]: subject[r["url"]] for r in articles.values()}
    first_of = {s: min((sid for sid, x in story_subject.items() if x == s),
                       key=lambda sid: any_store.story(sid)["first_published"]) for s in set(story_subject.values())}
    asked = 0
    for sid, subj in story_subject.items():
        page = story_page(any_store, sid)
        earlier = [q for q in page["questions"] if q["question"] == EARLIER_QUESTION]
        if sid == first_of[subj]:
            assert not earlier, earlier
            continue
        for q in earlier:
            cited = articles[q["sources"][0]]
            assert subject[cited["url"]] == subj and cited["story_id"] != sid
            assert cited["published"] < any_store.story(sid)["first_published"]
            assert q["from_older_coverage"] and not q["from_later_coverage"]
            assert q["answer"] in cited["text"]
            asked += 1
        # read again from the cache: asked once, and the stored page holds only what was built
        again = story_page(any_store, sid)
        assert [q["question"] for q in again["questions"]].count(EARLIER_QUESTION) == len(earlier)
        assert EARLIER_QUESTION not in [q["question"] for q in any_store.story(sid)["page"]["questions"]]
    assert asked >= 3  # the strike's follow-ups and the congestion charge's (read on the demo: 10 pages ask it)
