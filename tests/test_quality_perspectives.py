"""Quality gate: each side's perspective, scored against the AllSides editors' account of
how that side covered the event, must not fall below the floors in
quality/perspectives_floor.json, nor below a random draw of the side's own sentences.

Runs ``benchmarks.perspectives.measure`` on the part the floors were measured on (the
``tune`` part of stories-2021, see the JSON file). Skipped when the shared data folder is
absent or its file differs from the one the floors were measured on, or when
``rouge-score`` is not installed.
"""

from __future__ import annotations

import pytest
from quality_gate import benchmark, floors

FLOORS = floors("perspectives_floor.json")

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def report() -> dict:
    return benchmark(FLOORS, "perspectives", needs=("rouge_score",)).measure(FLOORS["sample"]["part"])


def test_the_page_at_or_above_floors(report):
    ours = report["scores"]["ours"]
    for key, floor in FLOORS["floors"]["ours"].items():
        assert ours[key] >= floor, f"{key} {ours[key]:.4f} < floor {floor}"


def test_the_page_says_more_of_the_sides_coverage_than_a_random_draw(report):
    gap = FLOORS["floors"]["max_gap_below_random"]
    for key in ("r1_f1", "subject"):
        assert report["scores"]["ours"][key] >= report["scores"]["random"][key] - gap, key


def test_no_side_shows_a_cut_off_sentence_and_few_show_no_claim(report):
    assert report["ours_unfinished_share"] == 0.0
    assert report["ours_empty_share"] <= FLOORS["floors"]["max_empty_share"]
