"""Quality gate: story clustering must not fall below the floors in quality/clusters_floor.json.

Runs ``benchmarks.clusters.measure`` on fixed samples of the parts PROVENANCE.md names for
reporting (AllSides roundups ``val``: 100 stories; ECB+ ``dev``: all 197 documents;
``stories-2021``: 150 stories, the one dated stream, where merge passes run by the stream's
clock), ours and the TF-IDF baseline, embedding title + lead afresh (no cache; about 1-2 min
on 2 cores).
Skipped when the shared data folder is absent, when its files differ from those the floors
were measured on (re-measure then: the command is in the JSON file), or when the embedding
model packages are not installed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
FLOORS = json.loads((Path(__file__).parent / "quality" / "clusters_floor.json").read_text())

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def reports() -> dict:
    if not SHARED.is_dir():
        pytest.skip(f"shared data folder {SHARED} is absent")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from benchmarks import clusters
    from newsprism.embed import EmbeddingError, model_files

    try:
        model_files()
    except EmbeddingError as exc:
        pytest.skip(str(exc))
    for rel, expected in FLOORS["data"].items():
        path = SHARED / rel
        if not path.exists():
            pytest.skip(f"{rel} is absent from the shared data")
        if path.stat().st_size != expected["bytes"] or clusters.file_digest(path) != expected["sha256"]:
            pytest.skip(f"{rel} differs from the file the floors were measured on")
    return {name: clusters.measure(name, SHARED, stories=spec["stories"], cache_dir=None)
            for name, spec in FLOORS["samples"].items()}


@pytest.mark.parametrize("name", sorted(FLOORS["samples"]))
def test_ours_meets_its_floors(reports, name):
    for metric, floor in FLOORS["floors"][name]["ours"].items():
        got = reports[name]["ours"][metric]
        assert got >= floor, f"{name}: ours {metric} {got} < floor {floor}"


@pytest.mark.parametrize("name", sorted(FLOORS["samples"]))
def test_ours_is_not_worse_than_the_fixed_threshold_baseline(reports, name):
    margin = FLOORS["floors"][name]["max_gap_below_fixed_baseline_f1"]
    ours = reports[name]["ours"]["b3_f1"]
    base = reports[name]["baseline_fixed"]["b3_f1"]
    assert ours >= base - margin, f"{name}: ours {ours} vs baseline {base}"
