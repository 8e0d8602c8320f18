"""Virality and home-feed ranking: how fast a story is gaining independent coverage.

The formula (explained with a worked example in ``docs/virality.md``)::

    tau            = HALF_LIFE_HOURS / ln 2            mean lifetime of the decay, hours
    w(t)           = 2 ** (-(now - t) / HALF_LIFE)     weight of an event at time t <= now
    article_rate   = sum of w(t) over independent articles      / tau   (articles per hour)
    source_rate    = sum of w(t) over each source's first article / tau (new sources per hour)
    velocity       = ARTICLE_WEIGHT * article_rate + SOURCE_WEIGHT * source_rate
    spread         = 1 + LEANING_BONUS * leaning_spread + COUNTRY_BONUS * country_spread
    virality       = velocity / baseline * spread

* **Independent** means not a copy: an article whose ``duplicate_of`` is set is syndicated or
  republished text and is skipped, so a wire story reprinted by fifty sites counts once.
* Dividing the decayed sum by ``tau`` makes it a rate: a story receiving ``r`` articles an hour
  for a long time has a decayed sum of ``r * tau``, so ``article_rate`` reads as "articles per
  hour, recent hours counting most".
* ``baseline`` is the typical velocity in the store: :func:`baseline_from` takes the median of
  reference stories' :func:`peak_velocity` values, so **1.0 means "as fast as the typical story
  at its fastest"**. The caller chooses the reference window (e.g. stories of the last 7 days)
  and passes the numbers in; this module never reads the database.
* Events after ``now`` are ignored, so a score can be recomputed for any past moment and it
  falls by half every ``HALF_LIFE_HOURS`` once coverage stops: it is a function of ``now``.
* ``spread`` is a bounded bonus (at most ``1 + LEANING_BONUS + COUNTRY_BONUS`` = 1.5) for
  coverage across the left/center/right sides and across countries, among independent sources
  whose leaning or country is known. Unknown values neither help nor hurt.

:func:`rank_score` orders the home feed: ``(1 + virality) * 2 ** (-age / RANK_HALF_LIFE)``.

Everything is a pure function of its arguments: the same articles, ``now`` and baseline always
give the same number.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from newsprism.records import NewsprismError

#: Half-life of an article's contribution to velocity. News attention turns over within a
#: news cycle: six hours keeps a story that broke this morning visible this afternoon while a
#: story from yesterday has fallen to 1/16 of its weight (2**-4). It is a product choice more
#: than a fitted number; docs/virality.md shows its effect on the worked example.
HALF_LIFE_HOURS = 6.0

#: Velocity mixes new articles and new sources equally: articles alone reward one outlet
#: posting ten updates; sources alone ignore follow-up reporting. Both are per hour.
ARTICLE_WEIGHT = 0.5
SOURCE_WEIGHT = 0.5

#: Spread bonuses. A story covered by left, center and right outlets gets +25 %; one covered
#: from many countries approaches +25 %. Bounded so breadth can lift a story, never make a
#: slow story look viral on its own (a quiet story stays below a typical one: 0.4 * 1.5 < 1).
LEANING_BONUS = 0.25
COUNTRY_BONUS = 0.25

#: Half-life of recency in the home-feed ranking: a day-old story needs twice the momentum
#: (1 + virality) of a fresh one to rank level with it.
RANK_HALF_LIFE_HOURS = 24.0

_SIDES = {
    "left": "left", "lean-left": "left", "lean left": "left",
    "center": "center", "centre": "center",
    "right": "right", "lean-right": "right", "lean right": "right",
}

__all__ = [
    "ARTICLE_WEIGHT", "COUNTRY_BONUS", "HALF_LIFE_HOURS", "LEANING_BONUS", "RANK_HALF_LIFE_HOURS",
    "SOURCE_WEIGHT", "ScoreError", "baseline_from", "default_baseline", "peak_velocity",
    "rank_score", "spread_multiplier", "story_velocity", "virality",
]


class ScoreError(NewsprismError):
    """A story article or time that cannot be scored (names the item and the reason)."""

    stage = "score"


def default_baseline() -> float:
    """The velocity of a single fresh independent article from a new source: ``1 / tau``.

    It is also the smallest peak velocity any dated story can have, so it is the floor of
    :func:`baseline_from` and the baseline of an empty store: with no reference stories,
    1.0 means "one report, just published".
    """
    return (ARTICLE_WEIGHT + SOURCE_WEIGHT) / _tau()


def story_velocity(story_articles: Iterable[Any], *, now: datetime | str) -> float:
    """Independent articles and new sources per hour at ``now``, time-decayed (see module doc).

    ``story_articles`` are mappings or objects with ``published`` (datetime or ISO 8601 string;
    ``first_seen`` is used when it is missing), ``source`` and ``duplicate_of``. Copies, undated
    articles and articles after ``now`` are skipped.
    """
    now_dt = _as_utc(now, "now")
    events = _events(story_articles)
    tau = _tau()
    art = src = 0.0
    seen: set[str] = set()
    for when, source, _ in events:
        if when > now_dt:
            break  # events are sorted by time: nothing later is visible at `now`
        w = _decay(now_dt, when)
        art += w
        if source not in seen:
            seen.add(source)
            src += w
    return (ARTICLE_WEIGHT * art + SOURCE_WEIGHT * src) / tau


def peak_velocity(story_articles: Iterable[Any]) -> float:
    """The highest :func:`story_velocity` the story ever had (0.0 with no dated independent article).

    Between events velocity only decays, so the peak is reached at an article's arrival; the
    decayed sums are carried forward event by event (linear time). This is the number to pass
    to :func:`baseline_from` for each reference story: it does not depend on when the baseline is
    computed, so old and new reference stories compare fairly.
    """
    events = _events(story_articles)
    tau = _tau()
    art = src = 0.0
    peak = 0.0
    last: datetime | None = None
    seen: set[str] = set()
    for when, source, _ in events:
        if last is not None:
            w = _decay(when, last)
            art *= w
            src *= w
        last = when
        art += 1.0
        if source not in seen:
            seen.add(source)
            src += 1.0
        peak = max(peak, (ARTICLE_WEIGHT * art + SOURCE_WEIGHT * src) / tau)
    return peak


def baseline_from(stories_velocities: Iterable[float]) -> float:
    """The typical velocity of a reference window: the median of positive velocities.

    Pass :func:`peak_velocity` of each story in the window (e.g. the last 7 days). The median
    resists a single runaway story; stories with no dated coverage (velocity 0) are left out;
    the result never goes below :func:`default_baseline`, so a near-empty store cannot make
    everything look viral.
    """
    values = []
    for i, v in enumerate(stories_velocities):
        if not isinstance(v, (int, float)) or isinstance(v, bool) or math.isnan(v) or v < 0:
            raise ScoreError(f"reference velocity #{i}", f"expected a number >= 0, got {v!r}")
        if v > 0:
            values.append(float(v))
    floor = default_baseline()
    if not values:
        return floor
    return max(floor, statistics.median(values))


def spread_multiplier(story_articles: Iterable[Any]) -> float:
    """``1 + LEANING_BONUS * leaning_spread + COUNTRY_BONUS * country_spread``, in [1, 1.5).

    ``leaning_spread = (sides covered - 1) / 2`` over left/center/right (lean-left counts as
    left, lean-right as right), so one side gives 0 and all three give 1.
    ``country_spread = 1 - 1 / countries`` (0 for one country, 0.5 for two, 0.75 for four), so
    every extra country helps less. Only independent articles with a known value count.
    """
    sides: set[str] = set()
    countries: set[str] = set()
    for i, item in enumerate(story_articles):
        if _field(item, "duplicate_of"):
            continue
        lean = _field(item, "leaning")
        if isinstance(lean, str) and lean.strip().lower() in _SIDES:
            sides.add(_SIDES[lean.strip().lower()])
        country = _field(item, "country")
        if isinstance(country, str) and country.strip() and country.strip().lower() != "unknown":
            countries.add(country.strip().upper())
    leaning_spread = (len(sides) - 1) / 2 if sides else 0.0
    country_spread = 1 - 1 / len(countries) if countries else 0.0
    return 1.0 + LEANING_BONUS * leaning_spread + COUNTRY_BONUS * country_spread


def virality(story_articles: Iterable[Any], *, now: datetime | str, baseline: float) -> float:
    """The story's velocity at ``now`` relative to ``baseline``, times its spread bonus.

    1.0 is a story moving as fast as the typical story at its peak, covered from one side and
    one country; 2.0 twice that. Rounded to 4 decimals so it is stable in JSON.
    """
    if not isinstance(baseline, (int, float)) or isinstance(baseline, bool) or not baseline > 0:
        raise ScoreError("baseline", f"expected a positive number, got {baseline!r}")
    items = list(story_articles)
    v = story_velocity(items, now=now)
    if v == 0.0:
        return 0.0
    return round(v / float(baseline) * spread_multiplier(items), 4)


def rank_score(virality: float, last_updated: datetime | str | None, now: datetime | str) -> float:
    """Home-feed order: ``(1 + virality) * 2 ** (-age_hours / RANK_HALF_LIFE_HOURS)``.

    ``age`` is the time since the story's last article. The ``1 +`` keeps a brand-new story
    with a single report above a silent day-old one; the recency factor lets a fresh viral
    story beat an older story that was viral yesterday. A story without a date ranks last (0).
    """
    if not isinstance(virality, (int, float)) or isinstance(virality, bool) or math.isnan(virality) \
            or virality < 0:
        raise ScoreError("virality", f"expected a number >= 0, got {virality!r}")
    if last_updated is None:
        return 0.0
    age_h = max(0.0, (_as_utc(now, "now") - _as_utc(last_updated, "last_updated")).total_seconds()
                / 3600)
    return round((1.0 + virality) * 2.0 ** (-age_h / RANK_HALF_LIFE_HOURS), 6)


# --------------------------------------------------------------------------- helpers


def _tau() -> float:
    return HALF_LIFE_HOURS / math.log(2)


def _decay(now: datetime, when: datetime) -> float:
    return 2.0 ** (-((now - when).total_seconds() / 3600) / HALF_LIFE_HOURS)


def _field(item: Any, name: str) -> Any:
    if isinstance(item, Mapping):
        return item.get(name)
    return getattr(item, name, None)


def _as_utc(value: datetime | str, what: str) -> datetime:
    """Aware UTC datetime from a datetime or ISO 8601 string; naive values are taken as UTC
    (the store keeps UTC), so mixing both never raises a comparison error."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())  # 3.11 reads a trailing "Z"
        except ValueError:
            raise ScoreError(what, f"not an ISO 8601 date/time: {value!r}") from None
    if not isinstance(value, datetime):
        raise ScoreError(what, f"expected a datetime or ISO 8601 string, got {type(value).__name__}")
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _events(story_articles: Iterable[Any]) -> list[tuple[datetime, str, int]]:
    """(time, source, position) of each dated independent article, sorted by time then position.

    Sorting makes the result independent of input order, and ``position`` breaks ties so
    equal timestamps never compare sources.
    """
    events = []
    for i, item in enumerate(story_articles):
        if _field(item, "duplicate_of"):
            continue
        when = _field(item, "published") or _field(item, "first_seen")
        if when is None:
            continue
        ident = _field(item, "id") or _field(item, "url") or f"article #{i}"
        when_dt = _as_utc(when, f"{ident}: published")
        source = _field(item, "source")
        if not isinstance(source, str) or not source.strip():
            source = f"(unknown source: {ident})"  # an anonymous article is its own source
        events.append((when_dt, source.strip().lower(), i))
    events.sort(key=lambda e: (e[0], e[2]))
    return events

