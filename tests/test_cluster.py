"""Online story assignment on hand-made articles (no model: embeddings are built by hand)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from vectors import plane

from newsprism.cluster import (
    ClusterConfig,
    OnlineClusterer,
    article_features,
    extract_facts,
    recluster,
    story_id_for,
    tokenize,
)

T0 = datetime(2024, 3, 1, 8, 0, tzinfo=UTC)
RNG = np.random.default_rng(7)
TOPICS = {name: RNG.standard_normal(384).astype(np.float32) for name in
          ("quake", "budget", "election", "release")}


def vec(topic: str, noise: float = 0.35, seed: int = 0, event: str = "") -> np.ndarray:
    """A unit vector near a topic direction: stands in for MiniLM in these tests.

    Each event adds its own direction, so two events of one topic have cosine ~0.6 and two
    reports of one event ~0.9, about what MiniLM gives for real headlines and leads.
    """
    rng = np.random.default_rng(seed)
    v = TOPICS[topic] / np.linalg.norm(TOPICS[topic])
    if event:
        ev = np.random.default_rng(sum(map(ord, event)))
        d = ev.standard_normal(384).astype(np.float32)
        v = v + 0.8 * d / np.linalg.norm(d)
    v = v + noise * rng.standard_normal(384).astype(np.float32) / np.sqrt(384)
    return v / np.linalg.norm(v)


def art(aid, title, text, hours=0.0, topic=None, seed=0, entities=(), event="", **kw):
    return article_features(aid, title, text, published=T0 + timedelta(hours=hours),
                            embedding=None if topic is None else vec(topic, seed=seed, event=event),
                            entities=entities, **kw)


QUAKE_A = [
    ("q1", "Magnitude 6.4 earthquake strikes central Turkey, killing 38",
     ("A magnitude 6.4 earthquake struck Malatya province in central Turkey on Monday, killing 38 "
     "people and injuring hundreds, the disaster agency AFAD said."), 0, {"turkey", "malatya", "afad"}),
    ("q2", "Turkey quake death toll rises to 38 in Malatya",
     ("Rescuers in Malatya searched collapsed buildings after the 6.4 magnitude quake killed 38 "
     "people, AFAD said on Monday evening."), 5, {"turkey", "malatya", "afad"}),
    ("q3", "Rescuers dig through rubble after Malatya earthquake",
     "The magnitude 6.4 tremor in Malatya killed 38 and left thousands homeless, Turkish officials said.",
     20, {"turkey", "malatya"}),
]
QUAKE_B = [
    ("q4", "Magnitude 5.1 earthquake shakes eastern Turkey, 4 injured",
     ("A magnitude 5.1 earthquake shook Van province in eastern Turkey on Monday, injuring 4 people, "
     "the disaster agency AFAD said."), 24 * 8, {"turkey", "van", "afad"}),
    ("q5", "Van earthquake of 5.1 damages homes",
     "The 5.1 magnitude quake in Van injured 4 people and damaged dozens of homes, AFAD said.",
     24 * 8 + 3, {"turkey", "van", "afad"}),
]
BUDGET = [
    ("b1", "Senate passes budget bill after all-night session",
     "The Senate passed the budget bill early Tuesday after an all-night session of amendments.", 2,
     {"senate"}),
    ("b2", "Budget bill clears Senate in overnight vote",
     "Senators approved the budget bill in an overnight vote that followed hours of amendments.", 6,
     {"senate"}),
]


def build(rows, topic, event="", **kw):
    return [art(aid, title, text, hours=h, topic=topic, seed=i, entities=ents, event=event, **kw)
            for i, (aid, title, text, h, ents) in enumerate(rows)]


def run(articles, config=None):
    c = OnlineClusterer(config or ClusterConfig())
    assignments = [c.add(a) for a in articles]
    return c, assignments


def test_same_event_articles_are_grouped_and_other_events_apart():
    arts = build(QUAKE_A, "quake") + build(BUDGET, "budget")
    arts.sort(key=lambda a: a.published)
    c, _ = run(arts)
    groups = {c.story_of(a.id) for a in arts if a.id.startswith("q")}
    assert len(groups) == 1
    assert c.story_of("b1") == c.story_of("b2")
    assert c.story_of("b1") not in groups


@pytest.mark.parametrize("quiet_hours", [None, 96.0])
def test_two_similar_earthquakes_a_week_apart_stay_separate(quiet_hours):
    # without expiry the time gap and the conflicting numbers must do it alone
    cfg = ClusterConfig(quiet_hours=quiet_hours)
    c, assignments = run(build(QUAKE_A, "quake", "malatya") + build(QUAKE_B, "quake", "van"), cfg)
    first = c.story_of("q1")
    assert {c.story_of(x) for x in ("q2", "q3")} == {first}
    assert c.story_of("q4") != first
    assert c.story_of("q5") == c.story_of("q4")
    started = next(a for a in assignments if a.article_id == "q4")
    assert started.new_story
    if quiet_hours is None:
        assert started.reasons["nearest_story"] == first
    else:
        assert first not in {s.id for s in c.stories(active_only=True)}


def test_conflicting_numbers_alone_keep_same_day_quakes_apart():
    # same day, same country, same agency: only the magnitudes, tolls and places differ
    rows = QUAKE_A[:2] + [(aid, t, x, h - 24 * 8 + 1, e) for aid, t, x, h, e in QUAKE_B]
    c, assignments = run(build(rows[:2], "quake", "malatya") + build(rows[2:], "quake", "van"))
    assert c.story_of("q4") != c.story_of("q1")
    q5 = next(a for a in assignments if a.article_id == "q5")
    assert q5.story_id == c.story_of("q4")
    assert "shared_facts" in q5.reasons


def test_facts_conflict_lowers_the_score():
    base = OnlineClusterer()
    a = art("x1", "Quake of magnitude 6.4 kills 38", "It struck at dawn.", topic="quake")
    base.add(a)
    story = base.stories()[0]
    same = art("x2", "Quake of magnitude 6.4 kills 38 in Malatya", "It struck at dawn.", topic="quake")
    other = art("x3", "Quake of magnitude 5.1 kills 12 in Malatya", "It struck at dawn.", topic="quake")
    s_same, r_same = base._score(base._query(same), story)
    s_other, r_other = base._score(base._query(other), story)
    assert s_same > s_other
    assert r_same["shared_facts"] == ["38", "6.4"]
    assert r_other["conflicting_facts"] == ["12", "5.1"]


def test_copies_follow_their_original_without_scoring():
    arts = build(QUAKE_A, "quake") + build(BUDGET, "budget")
    # a syndicated copy of b1 whose (rewritten) headline looks like the quake story
    copy = art("copy1", "Magnitude 6.4 earthquake Malatya", "Unrelated text.", hours=30,
               topic="quake", seed=9, duplicate_of="b1")
    c, assignments = run(arts + [copy])
    assert c.story_of("copy1") == c.story_of("b1")
    a = assignments[-1]
    assert a.score is None and a.reasons["copy_of"] == "b1"
    story = next(s for s in c.stories() if s.id == c.story_of("b1"))
    assert story.why()["copies"] == 1


def test_copy_of_unknown_original_is_clustered_normally():
    c, assignments = run(build(QUAKE_A, "quake")[:2]
                         + [art("c9", QUAKE_A[2][1], QUAKE_A[2][2], hours=20, topic="quake",
                                entities=QUAKE_A[2][4], duplicate_of="never-seen")])
    assert c.story_of("c9") == c.story_of("q1")
    assert assignments[-1].score is not None


def test_quiet_stories_expire_and_a_late_report_starts_a_new_story():
    cfg = ClusterConfig(quiet_hours=48)
    c, _ = run(build(QUAKE_A[:2], "quake"), cfg)
    first = c.story_of("q1")
    later = art("late", QUAKE_A[0][1], QUAKE_A[0][2], hours=24 * 10, topic="quake",
                entities=QUAKE_A[0][4])
    c.add(later)
    assert c.story_of("late") != first
    active = {s.id for s in c.stories(active_only=True)}
    assert first not in active and c.story_of("late") in active
    assert first in {s.id for s in c.stories()}  # retired, not forgotten


def test_expire_returns_the_retired_stories():
    c, _ = run(build(BUDGET, "budget"), ClusterConfig(quiet_hours=24))
    assert c.expire(T0 + timedelta(hours=20)) == []
    assert c.expire(T0 + timedelta(hours=40)) == [c.story_of("b1")]
    assert c.stories(active_only=True) == []


def test_merge_pass_joins_stories_that_are_one_event():
    cfg = ClusterConfig(join_threshold=5.0, merge_threshold=0.9, merge_every=0)  # nothing joins online
    arts = build(BUDGET, "budget")
    c, assignments = run(arts, cfg)
    assert all(a.new_story for a in assignments)
    merges = c.merge_pass()
    assert merges and merges[0][0] == story_id_for("b1") and merges[0][1] == story_id_for("b2")
    assert c.story_of("b2") == c.story_of("b1") == story_id_for("b1")
    story = c.stories()[0]
    assert story.merged_from == [story_id_for("b2")]
    assert story.evidence["b2"]["merged_story"] == story_id_for("b2")


@pytest.mark.parametrize("every_hours", [24.0, None])
def test_a_merge_pass_runs_as_the_clock_moves_before_stories_retire(every_hours):
    """A sparse dated stream: the two budget reports start apart and retire (quiet for a
    day) long before ``merge_every`` articles arrive. The clock's pass merges them first;
    without it they are never merged. ``merges`` lists merges made inside ``add`` too."""
    cfg = ClusterConfig(join_threshold=5.0, merge_threshold=0.9, merge_every=500, quiet_hours=24,
                        merge_every_hours=every_hours)
    later = art("q1", *QUAKE_A[0][1:3], hours=60, topic="quake", entities={"turkey"})
    c, _ = run(build(BUDGET, "budget") + [later], cfg)
    c.merge_pass()
    if every_hours is None:
        assert c.story_of("b1") != c.story_of("b2") and c.merges == []
    else:
        assert c.story_of("b1") == c.story_of("b2") == story_id_for("b1")
        assert [m[:2] for m in c.merges] == [(story_id_for("b1"), story_id_for("b2"))]
    assert c.stories(active_only=True) == [c.stories()[-1]]  # only the quake's story is open


def test_an_article_placed_before_its_story_formed_moves_there_with_its_copy():
    """y1 arrives when only x1's story exists and joins it (cosine 0.96 over the 0.95 join);
    y2 and y3 then start and join a story of their own, which fits y1 better (0.979) than x1
    alone does. At the merge pass y1 moves there, and its copy follows it; x1's story keeps
    its id. With reassignment off, y1 stays where it was first put."""
    from newsprism.cluster import ArticleFeatures

    arts = [ArticleFeatures("x1", embedding=plane(0), source="a.example"),
            ArticleFeatures("y1", embedding=plane(16.26), source="b.example"),
            ArticleFeatures("y1copy", duplicate_of="y1", source="c.example"),
            ArticleFeatures("y2", embedding=plane(28), source="d.example"),
            ArticleFeatures("y3", embedding=plane(28.5), source="e.example")]
    c = OnlineClusterer(ClusterConfig(merge_every=0))
    placed = [c.add(a) for a in arts]
    assert placed[1].story_id == placed[0].story_id and placed[3].new_story  # the order's mistake
    c.merge_pass()
    x, y = story_id_for("x1"), story_id_for("y2")
    assert c.story_of("x1") == x
    assert c.story_of("y1") == c.story_of("y1copy") == c.story_of("y3") == y
    assert c.moves == [("y1", x, y, pytest.approx(0.98, abs=0.01))]
    stories = {s.id: s for s in c.stories()}
    assert stories[x].members == ["x1"] and stories[x].why()["source_count"] == 1
    assert sorted(stories[y].members) == ["y1", "y1copy", "y2", "y3"]
    assert stories[y].evidence["y1"]["moved_from"] == x
    assert stories[y].why()["copies"] == 1 and stories[x].why()["copies"] == 0
    assert np.allclose(stories[x].centroid, plane(0), atol=1e-6)  # y1 is out of x's centroid
    # across a snapshot: the articles that may still move are listed by id, and a clusterer
    # given their features back moves y1 exactly as the one that never stopped
    import json

    by_id = {a.id: a for a in arts}
    first = OnlineClusterer(ClusterConfig(merge_every=0))
    for a in arts[:3]:
        first.add(a)
    snap = json.loads(json.dumps(first.snapshot()))
    assert snap["recent"] == [["x1", 1, False], ["y1", 2, False], ["y1copy", 3, True]]
    restored = OnlineClusterer.restore(snap, features=lambda ids: {i: by_id[i] for i in ids})
    for a in arts[3:]:
        restored.add(a)
    restored.merge_pass()
    assert restored.moves == c.moves and restored.assignments() == c.assignments()
    assert [(s.id, s.why()["copies"]) for s in restored.stories()] == [(s.id, s.why()["copies"]) for s in c.stories()]
    blind = OnlineClusterer.restore(snap)  # no features: what was placed before stays put
    for a in arts[3:]:
        blind.add(a)
    blind.merge_pass()
    assert blind.story_of("y1") == x and blind.moves == []
    # off: the first placement stands
    c = OnlineClusterer(ClusterConfig(merge_every=0, reassign_window=0))
    for a in arts:
        c.add(a)
    c.merge_pass()
    assert c.story_of("y1") == story_id_for("x1") and c.moves == []


def test_a_merges_only_pass_leaves_placing_again_to_the_next_full_pass():
    """The stream's clock runs passes that merge only; the stories they saw change are
    handed to the next full pass (across a snapshot too), which moves y1 as above."""
    import json

    from newsprism.cluster import ArticleFeatures

    arts = [ArticleFeatures("x1", embedding=plane(0)), ArticleFeatures("y1", embedding=plane(16.26)),
            ArticleFeatures("y2", embedding=plane(28)), ArticleFeatures("y3", embedding=plane(28.5))]
    by_id = {a.id: a for a in arts}
    c = OnlineClusterer(ClusterConfig(merge_every=0))
    for a in arts:
        c.add(a)
    c.merge_pass(place_again=False)
    assert c.moves == [] and c.story_of("y1") == story_id_for("x1")
    restored = OnlineClusterer.restore(json.loads(json.dumps(c.snapshot())),
                                       features=lambda ids: {i: by_id[i] for i in ids})
    for k in (c, restored):
        k.merge_pass()
        assert k.story_of("y1") == story_id_for("y2") and [m[0] for m in k.moves] == ["y1"]


def test_only_the_latest_articles_are_placed_again():
    """The window bounds the work of a merge pass: articles older than the last
    ``reassign_window`` stay put (and their features are let go)."""
    from newsprism.cluster import ArticleFeatures

    arts = [ArticleFeatures("x1", embedding=plane(0)), ArticleFeatures("y1", embedding=plane(16.26))]
    arts += [ArticleFeatures(f"z{i}", embedding=plane(90 + 0.1 * i, dim=8)) for i in range(5)]
    arts += [ArticleFeatures("y2", embedding=plane(28)), ArticleFeatures("y3", embedding=plane(28.5))]
    c = OnlineClusterer(ClusterConfig(merge_every=0, reassign_window=4))
    for a in arts:
        c.add(a)
    c.merge_pass()
    assert c.story_of("y1") == story_id_for("x1") and c.moves == []
    assert set(c._recent) <= {a.id for a in arts[-4:]}


def test_determinism_and_stable_ids():
    arts = build(QUAKE_A, "quake") + build(BUDGET, "budget") + build(QUAKE_B, "quake")
    arts.sort(key=lambda a: a.published)
    s1, m1 = recluster(arts)
    s2, m2 = recluster(arts)
    assert m1 == m2
    assert [s.id for s in s1] == [s.id for s in s2]
    assert m1["q1"] == story_id_for("q1")


def test_why_grouped_evidence_is_recorded():
    arts = build(QUAKE_A, "quake")
    c, assignments = run(arts)
    joined = assignments[1]
    assert not joined.new_story and joined.score is not None
    for key in ("embedding", "tfidf", "shared_terms", "shared_entities", "time_gap_hours", "score"):
        assert key in joined.reasons, key
    assert "malatya" in joined.reasons["shared_entities"]
    why = c.stories()[0].why()
    assert why["article_count"] == 3
    assert set(why["shared_entities"]) >= {"turkey", "malatya"}
    assert "38" in why["shared_facts"]
    assert why["mean_embedding_similarity"] > 0.5


def test_works_without_embeddings():
    arts = [art(aid, t, x, hours=h, entities=e) for aid, t, x, h, e in QUAKE_A + BUDGET]
    c, _ = run(arts, ClusterConfig(join_threshold=0.35))
    assert c.story_of("q2") == c.story_of("q1")
    assert c.story_of("b1") != c.story_of("q1")


def test_readding_an_article_is_a_no_op():
    arts = build(BUDGET, "budget")
    c, _ = run(arts)
    again = c.add(arts[0])
    assert again.reasons == {"already_assigned": True}
    assert sum(len(s.members) for s in c.stories()) == 2


def test_embedding_dimension_mismatch_is_a_clear_error():
    c = OnlineClusterer()
    c.add(art("d1", "A", "text", topic="quake"))
    bad = article_features("d2", "B", "other words entirely", published=T0,
                           embedding=np.ones(10, dtype=np.float32))
    with pytest.raises(ValueError, match="dimensions"):
        c.add(bad)


def test_text_features():
    assert tokenize("The President's plan, and Biden’s veto") == ["president", "plan", "biden", "veto"]
    assert extract_facts("6.40 quake kills 1,200", "on 3 sides, 2024 report") == {"6.4", "1200", "2024"}


def test_snapshot_restore_continues_exactly_like_the_original():
    """The store keeps the clusterer as a JSON snapshot between runs: a restored clusterer
    must place the next articles exactly as the original would have."""
    import json

    from newsprism.cluster import OnlineClusterer, article_features

    rng = np.random.default_rng(7)
    base = datetime(2026, 3, 1, tzinfo=UTC)
    topics = [rng.normal(size=16) for _ in range(5)]
    arts = []
    for i in range(60):
        t = i % 5
        vec = topics[t] + rng.normal(scale=0.3, size=16)
        vec = vec / np.linalg.norm(vec)
        arts.append(article_features(
            f"a{i:03d}", f"Topic {t} headline {i}", f"Story about topic{t} with words w{t}x w{t}y and item {i}.",
            published=base + timedelta(hours=i), embedding=vec, entities={f"e{t}"},
            duplicate_of=f"a{i - 5:03d}" if i % 11 == 0 and i >= 5 else None, source=f"s{i % 4}.example"))
    original = OnlineClusterer()
    for a in arts[:30]:
        original.add(a)
    original.merge_pass()
    by_id = {a.id: a for a in arts}
    restored = OnlineClusterer.restore(json.loads(json.dumps(original.snapshot())),
                                       features=lambda ids: {i: by_id[i] for i in ids})
    assert restored.assignments() == original.assignments()
    assert list(restored._recent) == list(original._recent)
    for a in arts[30:]:
        x, y = original.add(a), restored.add(a)
        assert (x.story_id, x.new_story, x.score) == (y.story_id, y.new_story, y.score)
    assert original.merge_pass() == restored.merge_pass()
    assert restored.assignments() == original.assignments()
    assert [s.why() for s in restored.stories()] == [s.why() for s in original.stories()]


def _stream(n: int, *, topics: int = 5, hours_apart: float = 1.0, seed: int = 7):
    from newsprism.cluster import article_features

    rng = np.random.default_rng(seed)
    base = datetime(2026, 3, 1, tzinfo=UTC)
    centres = [rng.normal(size=16) for _ in range(topics)]
    out = []
    for i in range(n):
        t = (i // 4) % topics + topics * (i // (4 * topics))  # runs of 4, new events over time
        vec = centres[t % topics] + rng.normal(scale=0.3, size=16) + (t // topics) * rng.normal(size=16)
        vec = vec / np.linalg.norm(vec)
        out.append(article_features(
            f"a{i:03d}", f"Event {t} headline {i}", f"Report on event{t} with words w{t}x w{t}y, item {i}.",
            published=base + timedelta(hours=i * hours_apart), embedding=vec, entities={f"e{t}"},
            source=f"s{i % 4}.example"))
    return out


def test_snapshot_keeps_only_the_active_stories_and_still_continues_exactly():
    """Retired stories can never be scored again, so the snapshot leaves them out and its size
    follows the active set, not the archive; the restored clusterer still places every later
    article exactly as the original does."""
    import json

    arts = _stream(120, hours_apart=6.0)  # 30 days: the 96-hour quiet period retires most stories
    original = OnlineClusterer()
    for a in arts[:90]:
        original.add(a)
    snap = original.snapshot()
    active = [s for s in original.stories() if s.active]
    retired = [s for s in original.stories() if not s.active]
    assert retired and active
    assert {d["id"] for d in snap["stories"]} == {s.id for s in active}
    assert "evidence" not in snap["stories"][0] and snap["stories"][0]["member_vecs"] == []
    by_id = {a.id: a for a in arts}
    restored = OnlineClusterer.restore(json.loads(json.dumps(snap)), features=lambda ids: {i: by_id[i] for i in ids})
    assert [s.why() for s in restored.stories()] == [s.why() for s in active]
    for a in arts[90:]:
        x, y = original.add(a), restored.add(a)
        assert (x.story_id, x.new_story, x.score) == (y.story_id, y.new_story, y.score)
    assert original.merge_pass() == restored.merge_pass()
    assert [s.why() for s in restored.stories(active_only=True)] == [
        s.why() for s in original.stories(active_only=True)]
    # Twice the stream, about the same snapshot: it does not grow with the archive.
    longer = OnlineClusterer()
    for a in _stream(240, hours_apart=6.0):
        longer.add(a)
    assert len(json.dumps(longer.snapshot())) < 1.5 * len(json.dumps(snap))


def test_a_version_1_snapshot_is_still_read():
    """Databases written before version 2 saved every story with every member's reasons;
    they restore to the same active stories (the why sums rebuilt from the reasons)."""
    import json

    arts = _stream(90, hours_apart=6.0)
    original = OnlineClusterer()
    for a in arts[:60]:
        original.add(a)
    v2 = original.snapshot()
    by_id = {s.id: s for s in original.stories()}
    v1 = {**v2, "version": 1, "stories": [
        {**{k: v for k, v in d.items() if k != "why_sums"},
         "active": True, "evidence": by_id[d["id"]].evidence} for d in v2["stories"]]}
    v1["stories"].append({**v1["stories"][0], "id": "retired-story", "active": False})
    for d in v1["stories"]:  # version 1 kept member vectors whether or not they were used
        d["member_vecs"] = [d["emb_sum"]]
    restored = OnlineClusterer.restore(json.loads(json.dumps(v1)))
    assert all(s.member_vecs == [] for s in restored.stories())
    assert [s.id for s in restored.stories()] == [s["id"] for s in v2["stories"]]
    assert [s.why() for s in restored.stories()] == [s.why() for s in original.stories(active_only=True)]
    for a in arts[60:]:
        assert original.add(a).story_id == restored.add(a).story_id
