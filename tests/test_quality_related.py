"""Quality gate: related-story links must not fall below the floors in quality/related_floor.json.

Runs ``benchmarks.related.measure`` on ECB+ dev (the reporting part; every topic holds two
similar events, so "same topic" is a gold for "related"), embedding afresh (seconds). Skipped
when the shared data folder is absent, when its file differs from the one the floors were
measured on (re-measure then: the command is in the JSON file), or when the embedding model
is missing.
"""

from __future__ import annotations

import pytest
from quality_gate import benchmark, floors

SPEC = floors("related_floor.json")

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def report() -> dict:
    related = benchmark(SPEC, "related")
    from newsprism.embed import EmbeddingError, model_files
    from newsprism.related import RelatedConfig

    try:
        model_files()
    except EmbeddingError as exc:
        pytest.skip(str(exc))
    row = related.measure("ecbplus-dev", RelatedConfig())
    return {"topics_precision": row["topics"]["precision"], "topics_recall": row["topics"]["recall"],
            "split_pairs_linked": row["split_pairs_linked"], "links_per_story": row["links_per_story"]}


@pytest.mark.parametrize("metric", sorted(SPEC["floors"]))
def test_related_links_meet_their_floors(report, metric):
    assert report[metric] >= SPEC["floors"][metric], (metric, report)


@pytest.mark.parametrize("metric", sorted(SPEC["ceilings"]))
def test_related_links_stay_below_their_ceilings(report, metric):
    assert report[metric] <= SPEC["ceilings"][metric], (metric, report)
