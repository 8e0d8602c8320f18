"""Virality and ranking on hand-made stories (formula: src/newsprism/score.py, docs/virality.md)."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta

import pytest

from newsprism import score
from newsprism.score import (
    ScoreError,
    baseline_from,
    default_baseline,
    peak_velocity,
    rank_score,
    spread_multiplier,
    story_velocity,
    virality,
)

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def art(hours_ago: float, source: str, *, copy_of: str | None = None, leaning: str | None = None,
        country: str | None = None, n: int = 0) -> dict:
    return {"id": f"{source}-{hours_ago}-{n}", "source": source,
            "published": NOW - timedelta(hours=hours_ago), "duplicate_of": copy_of,
            "leaning": leaning, "country": country}


def burst(k: int, spacing_h: float = 0.5) -> list[dict]:
    """k independent articles from k sources, one every `spacing_h` hours up to now."""
    return [art(i * spacing_h, f"outlet{i}.com", n=i) for i in range(k)]


def test_one_fresh_article_is_the_default_baseline():
    story = [art(0, "a.com")]
    assert story_velocity(story, now=NOW) == pytest.approx(default_baseline())
    assert default_baseline() == pytest.approx(math.log(2) / score.HALF_LIFE_HOURS)
    assert virality(story, now=NOW, baseline=default_baseline()) == pytest.approx(1.0)


def test_more_independent_sources_faster_scores_higher():
    base = default_baseline()
    slow = burst(3, spacing_h=4)
    fast = burst(3, spacing_h=0.5)
    bigger = burst(8, spacing_h=0.5)
    assert virality(fast, now=NOW, baseline=base) > virality(slow, now=NOW, baseline=base)
    assert virality(bigger, now=NOW, baseline=base) > virality(fast, now=NOW, baseline=base)


def test_new_sources_count_more_than_repeat_articles_from_one_source():
    same = [art(i * 0.5, "a.com", n=i) for i in range(4)]
    spread = burst(4)
    assert story_velocity(spread, now=NOW) > story_velocity(same, now=NOW)
    # One source posting 4 updates: the article term counts 4, the source term once.
    tau = score.HALF_LIFE_HOURS / math.log(2)
    w = [2 ** (-(i * 0.5) / score.HALF_LIFE_HOURS) for i in range(4)]
    expected = (score.ARTICLE_WEIGHT * sum(w) + score.SOURCE_WEIGHT * w[-1]) / tau
    assert story_velocity(same, now=NOW) == pytest.approx(expected)


def test_copies_do_not_count():
    original = [art(1, "wire.com")]
    with_copies = original + [art(0.5, f"reprint{i}.com", copy_of="wire.com-1-0", n=i)
                              for i in range(20)]
    assert story_velocity(with_copies, now=NOW) == story_velocity(original, now=NOW)
    assert peak_velocity(with_copies) == peak_velocity(original)


def test_score_decays_with_the_documented_half_life():
    story = burst(5)
    base = default_baseline()
    v0 = story_velocity(story, now=NOW)
    later = NOW + timedelta(hours=score.HALF_LIFE_HOURS)
    assert story_velocity(story, now=later) == pytest.approx(v0 / 2)
    assert virality(story, now=NOW + timedelta(days=3), baseline=base) < 0.01 * virality(
        story, now=NOW, baseline=base)


def test_articles_after_now_are_not_yet_visible():
    story = burst(3) + [art(-2, "future.com")]
    assert story_velocity(story, now=NOW) == story_velocity(burst(3), now=NOW)
    assert story_velocity(story, now=NOW - timedelta(days=1)) == 0.0
    assert virality(story, now=NOW - timedelta(days=1), baseline=1.0) == 0.0


def test_typical_story_scores_about_one():
    # A store of stories of 2..12 sources; the median one at its peak scores ~1.0.
    stories = [burst(k, spacing_h=1.0) for k in range(2, 13)]
    base = baseline_from(peak_velocity(s) for s in stories)
    median_story = stories[len(stories) // 2]
    newest = max(a["published"] for a in median_story)
    assert virality(median_story, now=newest, baseline=base) == pytest.approx(1.0, abs=1e-3)
    assert virality(stories[-1], now=NOW, baseline=base) > 1.0
    assert virality(stories[0], now=NOW, baseline=base) < 1.0


def test_peak_velocity_is_the_maximum_over_time():
    story = [art(10, "a.com"), art(9, "b.com"), art(2, "c.com"), art(1.5, "d.com")]
    grid = [NOW - timedelta(hours=h / 4) for h in range(60)]
    best = max(story_velocity(story, now=t) for t in grid)
    assert peak_velocity(story) == pytest.approx(best)
    assert peak_velocity([]) == 0.0


def test_baseline_median_floor_and_validation():
    floor = default_baseline()
    assert baseline_from([]) == floor
    assert baseline_from([0.0, 0.0]) == floor
    assert baseline_from([floor * 2, floor * 3, floor * 100]) == pytest.approx(floor * 3)
    assert baseline_from([0.0001]) == floor
    with pytest.raises(ScoreError, match="reference velocity #1"):
        baseline_from([1.0, float("nan")])
    with pytest.raises(ScoreError, match="baseline"):
        virality(burst(2), now=NOW, baseline=0)


def test_spread_bonus_is_bounded_and_ignores_unknowns_and_copies():
    one_side = [art(0, "a.com", leaning="left", country="US"), art(0, "b.com", leaning="lean-left")]
    assert spread_multiplier(one_side) == 1.0
    three_sides = [art(0, "a.com", leaning="left"), art(0, "b.com", leaning="center"),
                   art(0, "c.com", leaning="lean-right")]
    assert spread_multiplier(three_sides) == pytest.approx(1 + score.LEANING_BONUS)
    copies = [art(0, "c.com", leaning="right", copy_of="x", country="GB")]
    assert spread_multiplier(one_side + copies) == 1.0
    unknown = [art(0, "z.com", leaning="unknown", country="unknown")]
    assert spread_multiplier(one_side + unknown) == 1.0
    world = [art(0, f"s{i}.com", leaning=["left", "center", "right"][i % 3], country=f"C{i}")
             for i in range(200)]
    bonus = spread_multiplier(world)
    assert 1.0 + score.LEANING_BONUS < bonus < 1.0 + score.LEANING_BONUS + score.COUNTRY_BONUS
    base = default_baseline()
    plain = [dict(a, leaning=None, country=None) for a in world]
    assert virality(world, now=NOW, baseline=base) == pytest.approx(
        virality(plain, now=NOW, baseline=base) * bonus, rel=1e-3)


def test_deterministic_and_order_independent():
    story = burst(6) + [art(0.2, "copy.com", copy_of="outlet0.com-0-0")]
    shuffled = story[:]
    random.Random(7).shuffle(shuffled)
    a = virality(story, now=NOW, baseline=0.3)
    assert a == virality(shuffled, now=NOW, baseline=0.3) == virality(story, now=NOW, baseline=0.3)
    assert peak_velocity(story) == pytest.approx(peak_velocity(shuffled))


def test_accepts_iso_strings_objects_and_naive_utc():
    class Obj:
        def __init__(self, published, source):
            self.published, self.source, self.duplicate_of = published, source, None

    aware = [art(1, "a.com"), art(0, "b.com")]
    iso = [dict(a, published=a["published"].isoformat().replace("+00:00", "Z")) for a in aware]
    objs = [Obj(a["published"].replace(tzinfo=None), a["source"]) for a in aware]
    v = story_velocity(aware, now=NOW)
    assert story_velocity(iso, now=NOW.isoformat()) == pytest.approx(v)
    assert story_velocity(objs, now=NOW.replace(tzinfo=None)) == pytest.approx(v)


def test_undated_articles_are_skipped_and_bad_dates_name_the_item():
    assert story_velocity([{"source": "a.com", "published": None}], now=NOW) == 0.0
    with pytest.raises(ScoreError, match="bad-1: published"):
        story_velocity([{"id": "bad-1", "source": "a.com", "published": "yesterday"}], now=NOW)


def test_ranking_prefers_recent_viral_over_old():
    now = NOW
    fresh_viral = rank_score(3.0, now - timedelta(hours=1), now)
    old_viral = rank_score(3.0, now - timedelta(hours=30), now)
    fresh_quiet = rank_score(0.2, now - timedelta(hours=1), now)
    old_very_viral = rank_score(5.0, now - timedelta(days=3), now)
    assert fresh_viral > old_viral
    assert fresh_viral > fresh_quiet
    assert fresh_viral > old_very_viral
    # Documented trade: a day-old story needs twice (1 + virality) to tie with a fresh one.
    assert rank_score(1.0, now - timedelta(hours=score.RANK_HALF_LIFE_HOURS), now) == \
        pytest.approx(rank_score(0.0, now, now))
    assert rank_score(2.0, None, now) == 0.0
    assert rank_score(1.0, now + timedelta(hours=1), now) == rank_score(1.0, now, now)
    with pytest.raises(ScoreError, match="virality"):
        rank_score(-1.0, now, now)
