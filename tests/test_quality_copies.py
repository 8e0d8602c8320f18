"""Quality gate: copy detection must not fall below the floors pinned in quality/copies_floor.json.

Runs ``benchmarks.copies`` on a fixed sample of the valid split (600 copy pairs, all the
roundup hard negatives; about 10 s on 2 cores). Skipped when the shared data folder is
absent, or when its files differ from those the floors were measured on (re-measure then:
the command is in the JSON file).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
FLOORS = json.loads((Path(__file__).parent / "quality" / "copies_floor.json").read_text())

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def report() -> dict:
    if not SHARED.is_dir():
        pytest.skip(f"shared data folder {SHARED} is absent")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from benchmarks import copies

    for rel, expected in FLOORS["data"].items():
        path = SHARED / rel
        if not path.exists():
            pytest.skip(f"{rel} is absent from the shared data")
        if path.stat().st_size != expected["bytes"] or copies.file_digest(path) != expected["sha256"]:
            pytest.skip(f"{rel} differs from the file the floors were measured on")
    return copies.measure(SHARED, FLOORS["split"], FLOORS["n"], FLOORS["seed"], with_throughput=False)


def test_full_method_meets_its_floors(report):
    floors = FLOORS["floors"]["full"]
    for metric, floor in floors.items():
        assert report["full"][metric] >= floor, f"full {metric} {report['full'][metric]} < {floor}"


def test_exact_hash_meets_its_floors(report):
    for metric, floor in FLOORS["floors"]["exact_only"].items():
        assert report["exact_only"][metric] >= floor, f"exact {metric} {report['exact_only'][metric]}"


def test_every_perturbation_meets_its_recall_floor(report):
    below = {
        kind: (report["per_perturbation"][kind]["recall"], floor)
        for kind, floor in FLOORS["floors"]["recall_by_perturbation"].items()
        if report["per_perturbation"][kind]["recall"] < floor
    }
    assert not below, f"recall below floor (measured, floor): {below}"


def test_independent_reports_are_not_merged(report):
    for kind, ceiling in FLOORS["floors"]["max_false_positives"].items():
        assert report["negatives"][kind]["false_positives"] <= ceiling, kind
    assert report["pool"]["pool_precision"] >= FLOORS["floors"]["pool_precision"]


def test_groups_are_stars_led_by_the_earliest_article(report):
    pool = report["pool"]
    assert pool["chains"] <= FLOORS["floors"]["max_chains"]
    assert (pool["groups_whose_original_is_not_earliest"]
            <= FLOORS["floors"]["max_groups_whose_original_is_not_earliest"])
