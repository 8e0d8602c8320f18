"""Quality gate: the breakdown's ROUGE and faithfulness must not fall below the floors in
quality/summaries_floor.json.

Runs ``benchmarks.summaries.measure`` on the fixed sample the floors were measured on
(AllSides roundups ``val``, see the JSON file), ours beside the LexRank and lead baselines in
the same run (about 10 s on 2 cores). Skipped when the shared data folder is absent or its
files differ from those the floors were measured on (re-measure then: the command is in the
JSON file), or when ``rouge-score`` is not installed.
"""

from __future__ import annotations

import pytest
from quality_gate import benchmark, floors

FLOORS = floors("summaries_floor.json")

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def report() -> dict:
    sample = FLOORS["sample"]
    return benchmark(FLOORS, "summaries", needs=("rouge_score",)).measure(sample["split"], sample["stories"], sample["seed"])


def test_rouge_at_or_above_floors(report):
    ours = report["rouge_f1"]["ours"]
    for key, floor in FLOORS["floors"]["ours"].items():
        assert ours[key] >= floor, f"{key} {ours[key]:.4f} < floor {floor}"


def test_anchor_protocol_at_or_above_floors(report):
    """Title and breakdown together, scored as the published anchors are (the whole
    "TITLE=> ... ARTICLE=> ..." line): the title's choice is gated here."""
    ours = report["rouge_f1_anchor_protocol"]["ours"]
    for key, floor in FLOORS["floors"]["ours_anchor_protocol"].items():
        assert ours[key] >= floor, f"{key} {ours[key]:.4f} < floor {floor}"


@pytest.mark.parametrize("protocol", ["rouge_f1", "rouge_f1_anchor_protocol"])
def test_not_worse_than_lexrank_and_lead(report, protocol):
    r = report[protocol]
    gap = FLOORS["floors"]["max_gap_below_baselines"]
    for base in ("lexrank", "lead"):
        for key in ("rouge1", "rouge2", "rougeL"):
            assert r["ours"][key] >= r[base][key] - gap, f"{key}: ours {r['ours'][key]} vs {base} {r[base][key]}"


def test_bullets_are_faithful(report):
    assert report["faithfulness"] >= FLOORS["floors"]["faithfulness"]
    assert report["faithful_bullets_share"] >= FLOORS["floors"]["faithful_bullets_share"]
