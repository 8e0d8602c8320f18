"""Quality gate: extraction F1 on the article-extraction benchmark must not drop below the floor.

The floor (``tests/quality/extraction_floor.json``) is the F1 measured when the method last
changed, minus a small margin. It is pinned to the SHA-256 of the benchmark's
``ground-truth.json``: on other data the number means nothing, so the test skips and says so.
Scoring is the benchmark's own (:func:`benchmarks.extraction.token_prf`), so the gate and
``python -m benchmarks.extraction`` cannot disagree. About 8 s on 2 cores for all 127 pages.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSPRISM_SHARED", REPO.parent / "shared"))
FLOOR = json.loads((Path(__file__).parent / "quality" / "extraction_floor.json").read_text(encoding="utf-8"))


def _benchmark_module():
    """benchmarks/extraction.py, loaded by path (benchmarks/ is not an installed package)."""
    name = "benchmarks.extraction"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO / "benchmarks" / "extraction.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


bench = _benchmark_module()


@pytest.fixture(scope="module")
def pages():
    if not bench.data_present(SHARED):
        pytest.skip(f"extraction benchmark data not found under {bench.data_dir(SHARED)}")
    digest = bench.data_sha256(SHARED)
    if digest != FLOOR["ground_truth_sha256"]:
        pytest.skip(
            f"extraction benchmark data changed (ground-truth.json sha256 {digest[:12]}, floor pinned "
            f"on {FLOOR['ground_truth_sha256'][:12]}): re-measure with python -m benchmarks.extraction "
            "and update tests/quality/extraction_floor.json"
        )
    loaded = bench.load_pages(SHARED)
    assert len(loaded) == FLOOR["pages"]
    return loaded


@pytest.mark.shared
def test_extraction_f1_not_below_floor(pages) -> None:
    (score,) = bench.evaluate(pages, {"newsprism": bench.newsprism_extract})
    summary = score.summary()
    assert summary["no_text"] == 0, f"{summary['no_text']} benchmark pages gave no text"
    assert summary["f1"] >= FLOOR["f1_floor"], (
        f"extraction F1 {summary['f1']:.4f} fell below the floor {FLOOR['f1_floor']:.4f} "
        f"(measured {FLOOR['measured_f1']:.4f} when pinned); P {summary['precision']:.4f}, "
        f"R {summary['recall']:.4f}. Run python -m benchmarks.extraction to see the table."
    )


def test_token_prf_counts_repeated_tokens() -> None:
    """The metric itself: multiset overlap of whitespace tokens."""
    p, r, f = bench.token_prf("a a b c", "a b b")
    assert (p, r) == (2 / 3, 2 / 4)
    assert f == pytest.approx(2 * p * r / (p + r))
    assert bench.token_prf("a b", "") == (0.0, 0.0, 0.0)
    assert bench.token_prf("a  b\nc", "c b a") == (1.0, 1.0, 1.0)
