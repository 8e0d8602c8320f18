"""Quality gate: related-story links must not fall below the floors in quality/related_floor.json.

Runs ``benchmarks.related.measure`` on ECB+ dev (the reporting part; every topic holds two
similar events, so "same topic" is a gold for "related"), embedding afresh. Skipped when the
shared data folder is absent, when its file differs from the one the floors were measured on
(re-measure then: the command is in the JSON file), or when the embedding model is missing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
SPEC = json.loads((Path(__file__).parent / "quality" / "related_floor.json").read_text())

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def report() -> dict:
    if not SHARED.is_dir():
        pytest.skip(f"shared data folder {SHARED} is absent")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from benchmarks import clusters, related
    from newsprism.embed import EmbeddingError, model_files
    from newsprism.related import RelatedConfig

    try:
        model_files()
    except EmbeddingError as exc:
        pytest.skip(str(exc))
    for rel, expected in SPEC["data"].items():
        path = SHARED / rel
        if not path.exists():
            pytest.skip(f"{rel} is absent from the shared data")
        if path.stat().st_size != expected["bytes"] or clusters.file_digest(path) != expected["sha256"]:
            pytest.skip(f"{rel} differs from the file the floors were measured on")
    row = related.measure("ecbplus-dev", RelatedConfig())
    return {"topics_precision": row["topics"]["precision"], "topics_recall": row["topics"]["recall"],
            "split_pairs_linked": row["split_pairs_linked"], "links_per_story": row["links_per_story"]}


@pytest.mark.parametrize("metric", sorted(SPEC["floors"]))
def test_related_links_meet_their_floors(report, metric):
    assert report[metric] >= SPEC["floors"][metric], (metric, report)


@pytest.mark.parametrize("metric", sorted(SPEC["ceilings"]))
def test_related_links_stay_below_their_ceilings(report, metric):
    assert report[metric] <= SPEC["ceilings"][metric], (metric, report)
