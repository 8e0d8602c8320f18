"""Quality gate: the disagreement finder must find the demo corpus's planted disagreements
and stay quiet on AllSides val stories (outlets of one event rarely contradict each other),
within the bounds in quality/disputes_floor.json.

Runs ``benchmarks.disputes`` on the demo corpus, the val roundups' leads and the val
roundups' full-length articles (read from allsides-articles, ~10 s). Skipped when the
shared data folder is absent or its files differ from those the bounds were measured on.
"""

from __future__ import annotations

import pytest
from quality_gate import SHARED, benchmark, floors

SPEC = floors("disputes_floor.json")

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def report() -> dict:
    disputes = benchmark(SPEC, "disputes")
    from benchmarks.summaries import load

    demo, planted = disputes._demo()
    found = disputes.run(demo, False)["stories_with_disputes"]
    # The README's planted topics are worded by hand ("day the strike began"); a dispute found
    # in a story with a planted one counts as found, up to the number planted there.
    hits = sum(min(len(topics), len(planted.get(story, []))) for story, topics in found.items())
    return {"demo_planted_found": hits, "demo_other": sum(map(len, found.values())) - hits,
            "val_leads_disputes": disputes.run(load("val"), False)["disputes"],
            "val_full_length_disputes": disputes.run(disputes._full_length(SHARED, "val"), False)["disputes"]}


@pytest.mark.parametrize("metric", sorted(SPEC["floors"]))
def test_disputes_meet_their_floors(report, metric):
    assert report[metric] >= SPEC["floors"][metric], (metric, report)


@pytest.mark.parametrize("metric", sorted(SPEC["ceilings"]))
def test_disputes_stay_below_their_ceilings(report, metric):
    assert report[metric] <= SPEC["ceilings"][metric], (metric, report)
