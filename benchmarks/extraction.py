"""Article-extraction benchmark: ``newsprism.extract`` against bare ``trafilatura.extract``.

Run from the repository root::

    python -m benchmarks.extraction [--shared PATH] [--split all|even|odd] [--json OUT]

The data
--------
``shared/data/extraction-benchmark`` (sibling ``shared/`` of the repository root, or
``--shared`` / ``NEWSPRISM_SHARED``): 127 development pages of the public
article-extraction benchmark (scrapinghub/article-extraction-benchmark, MIT) as
``html/<id>.html.gz`` and ``ground-truth.json`` (``{id: {"articleBody", "url"}}``); the
other 54 pages are held out by the data's owners. See its ``PROVENANCE.md``. Nothing of it
is copied into this repository.

The metric
----------
Token-level precision, recall and F1 of whitespace tokens with multiset overlap between
the extracted text and ``articleBody``, computed per page and averaged over pages (each
page weighs the same, however long). :func:`token_prf` is the one scoring function; the
quality gate (``tests/test_quality_extraction.py``) imports it.

Both methods run in the same process on the same pages, interleaved page by page so that
machine load affects them alike; the per-page time is wall-clock time of the call.
``--split even`` / ``odd`` scores the even- or odd-indexed ids (sorted) only: parameters
of ``newsprism.extract`` were chosen on the even ids and checked on the odd ones.

Exit status: 0 after printing the table, 2 when the benchmark data is absent.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import platform
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = Path(os.environ.get("NEWSPRISM_SHARED", REPO.parent / "shared"))
DATA_SUBDIR = Path("data") / "extraction-benchmark"


@dataclass(frozen=True)
class Page:
    id: str
    url: str
    html: str
    truth: str


@dataclass
class Score:
    """Mean per-page precision/recall/F1 of one method, and its time."""

    name: str
    precision: list[float] = field(default_factory=list)
    recall: list[float] = field(default_factory=list)
    f1: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    failures: int = 0

    def add(self, truth: str, predicted: str, seconds: float) -> None:
        p, r, f = token_prf(truth, predicted)
        self.precision.append(p)
        self.recall.append(r)
        self.f1.append(f)
        self.seconds.append(seconds)

    def summary(self) -> dict[str, float | int | str]:
        n = len(self.f1) or 1
        total = sum(self.seconds)
        return {
            "method": self.name,
            "pages": len(self.f1),
            "precision": round(sum(self.precision) / n, 4),
            "recall": round(sum(self.recall) / n, 4),
            "f1": round(sum(self.f1) / n, 4),
            "ms_per_page": round(1000 * total / n, 1),
            "pages_per_second": round(len(self.f1) / total, 1) if total else 0.0,
            "no_text": self.failures,
        }


def token_prf(truth: str, predicted: str) -> tuple[float, float, float]:
    """Precision, recall, F1 of whitespace tokens, counting repeated tokens (multisets).

    An empty prediction scores 0 (nothing found is a miss, not a perfect precision).
    """
    t = Counter(truth.split())
    p = Counter(predicted.split())
    overlap = sum((t & p).values())
    n_p, n_t = sum(p.values()), sum(t.values())
    precision = overlap / n_p if n_p else 0.0
    recall = overlap / n_t if n_t else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def data_dir(shared: Path) -> Path:
    return shared / DATA_SUBDIR


def data_sha256(shared: Path) -> str:
    """SHA-256 of ground-truth.json: identifies the version of the data a floor was measured on."""
    return hashlib.sha256((data_dir(shared) / "ground-truth.json").read_bytes()).hexdigest()


def data_present(shared: Path) -> bool:
    d = data_dir(shared)
    return (d / "ground-truth.json").is_file() and (d / "html").is_dir()


def load_pages(shared: Path, split: str = "all", ids: Sequence[str] | None = None) -> list[Page]:
    """The benchmark pages, sorted by id; ``split`` keeps even- or odd-indexed ones."""
    d = data_dir(shared)
    truth = json.loads((d / "ground-truth.json").read_text(encoding="utf-8"))
    wanted = sorted(truth)
    if split == "even":
        wanted = wanted[0::2]
    elif split == "odd":
        wanted = wanted[1::2]
    elif split != "all":
        raise ValueError(f"unknown split {split!r}: use all, even or odd")
    if ids is not None:
        keep = set(ids)
        wanted = [i for i in wanted if i in keep]
    pages = []
    for page_id in wanted:
        raw = gzip.decompress((d / "html" / f"{page_id}.html.gz").read_bytes())
        pages.append(
            Page(
                id=page_id,
                url=truth[page_id].get("url") or "",
                # The pages are stored as UTF-8; decoding is the caller's job in newsprism too.
                html=raw.decode("utf-8", errors="replace"),
                truth=truth[page_id]["articleBody"],
            )
        )
    return pages


def bare_trafilatura(page: Page) -> str:
    """The baseline: trafilatura with its defaults, exactly ``trafilatura.extract(html)``."""
    import trafilatura

    return trafilatura.extract(page.html) or ""


def newsprism_extract(page: Page) -> str:
    """Ours; a page without article text counts as an empty extraction."""
    from newsprism.extract import ExtractError, extract_html

    try:
        return extract_html(page.html, url=page.url or None).text
    except ExtractError:
        return ""


METHODS: dict[str, Callable[[Page], str]] = {
    "trafilatura.extract (bare)": bare_trafilatura,
    "newsprism.extract_html": newsprism_extract,
}


def evaluate(pages: Sequence[Page], methods: dict[str, Callable[[Page], str]]) -> list[Score]:
    """Run every method on every page (interleaved) and score it."""
    scores = {name: Score(name) for name in methods}
    for page in pages:
        for name, fn in methods.items():
            start = time.perf_counter()
            text = fn(page)
            elapsed = time.perf_counter() - start
            scores[name].add(page.truth, text, elapsed)
            if not text:
                scores[name].failures += 1
    return list(scores.values())


def machine() -> dict[str, str | int]:
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "nproc": os.cpu_count() or 0,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "trafilatura": _version("trafilatura"),
    }


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "absent"


def format_table(rows: list[dict[str, float | int | str]]) -> str:
    head = f"{'method':<28} {'pages':>5} {'P':>7} {'R':>7} {'F1':>7} {'ms/page':>8} {'pages/s':>8} {'no text':>7}"
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(
            f"{r['method']:<28} {r['pages']:>5} {r['precision']:>7.4f} {r['recall']:>7.4f} "
            f"{r['f1']:>7.4f} {r['ms_per_page']:>8.1f} {r['pages_per_second']:>8.1f} {r['no_text']:>7}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.extraction", description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared/ folder (default: %(default)s)")
    ap.add_argument("--split", choices=("all", "even", "odd"), default="all", help="which pages to score")
    ap.add_argument("--json", type=Path, metavar="OUT", help="also write the results as JSON to OUT")
    args = ap.parse_args(argv)

    if not data_present(args.shared):
        print(
            f"extraction benchmark data not found: expected {data_dir(args.shared)}/ground-truth.json "
            "and html/ (pass --shared PATH or set NEWSPRISM_SHARED)",
            file=sys.stderr,
        )
        return 2
    pages = load_pages(args.shared, args.split)
    rows = [s.summary() for s in evaluate(pages, METHODS)]
    info = machine()
    print(
        f"extraction benchmark: {len(pages)} pages ({args.split}), data sha256 {data_sha256(args.shared)[:12]}, "
        f"nproc {info['nproc']}, {info['date']}, trafilatura {info['trafilatura']}"
    )
    print(format_table(rows))
    if args.json:
        args.json.write_text(
            json.dumps(
                {"split": args.split, "data_sha256": data_sha256(args.shared), "machine": info, "results": rows},
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
