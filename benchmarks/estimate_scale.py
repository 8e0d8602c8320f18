"""What outlet estimates cost a run and a page view as the store grows (SQLite, the default).

    python -m benchmarks.estimate_scale [--sizes 5000 20000 100000] [--repeat 5]

A synthetic store per size: articles spread over 400 rated outlets (names from the shipped
rating table) and 60 unrated ones holding 4 % of the articles (AllSides articles from outlets
the table does not know: 3.8 %), every unrated article already scored, as after a run. Timed,
median of ``--repeat``:

* **run check**: ``estimates.score_unrated`` with nothing left to score -- what every
  ``update`` run pays to find out (a DISTINCT over the articles' sources, the registry test
  of each, and the query for unscored articles of the unrated outlets);
* **page view**: ``estimates.outlet_leanings`` for a 40-article story whose articles come from
  20 unrated outlets -- what building or checking a stored story's page pays (one GROUP BY
  over those outlets' scores, one lookup of the story's own scores).

Baseline in the same run: ``store.count_articles``-style ``SELECT count(*)`` over the articles
table, the least any per-run query costs.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

RATED_OUTLETS = 400
UNRATED_OUTLETS = 60
UNRATED_SHARE = 0.04


def _median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _build(path: Path, n: int, model: str) -> tuple[object, list[dict]]:
    from newsprism.leaning import shipped_path
    from newsprism.store import Store, schema

    with shipped_path().open(encoding="utf-8") as fh:
        rated = [row["domain"] for row in csv.DictReader(fh)][:RATED_OUTLETS]
    unrated = [f"unrated-outlet-{k}.example" for k in range(UNRATED_OUTLETS)]
    store = Store.open(f"sqlite:///{path}")
    now = datetime(2026, 12, 1, tzinfo=timezone.utc)
    every = round(1 / UNRATED_SHARE)
    articles, scores = [], []
    for i in range(n):
        source = unrated[i // every % len(unrated)] if i % every == 0 else rated[i % len(rated)]
        aid = hashlib.sha256(f"a{i}".encode()).hexdigest()[:32]
        h = hashlib.sha256(f"c{i}".encode()).hexdigest()
        articles.append({"id": aid, "url": f"https://{source}/{i}", "source": source, "title": f"Title {i}",
                         "text": f"Text of article {i}.", "published": now, "content_hash": h, "text_hash": h,
                         "version": 1, "first_seen": now, "updated_at": now})
        if i % every == 0:
            scores.append({"article_id": aid, "content_hash": h, "model": model,
                           "lp_left": -1.2, "lp_center": -0.9, "lp_right": -1.3})
    with store.engine.begin() as conn:
        for start in range(0, n, 5000):
            conn.execute(schema.articles.insert(), articles[start:start + 5000])
        for start in range(0, len(scores), 5000):
            conn.execute(schema.article_leaning.insert(), scores[start:start + 5000])
    story = [a for a in articles if a["source"].startswith("unrated-outlet-")][:40]
    return store, story


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000, 100000])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    if any(n < 1 for n in args.sizes) or args.repeat < 1:
        ap.error("--sizes must be numbers of articles (1 or more), --repeat at least 1")
    from sqlalchemy import func, select

    from newsprism import estimates
    from newsprism.leaning import default_registry
    from newsprism.leaning_model import model_id
    from newsprism.store import schema

    registry = default_registry()
    model = model_id()
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            store, story = _build(Path(tmp) / "store.db", n, model)
            built = time.perf_counter() - t
            try:
                def count() -> None:
                    with store.engine.connect() as conn:
                        conn.execute(select(func.count()).select_from(schema.articles)).scalar()

                def run_check() -> None:
                    done = estimates.score_unrated(store, registry)
                    assert done["scored"] == 0, done

                def page_view() -> None:
                    found = estimates.outlet_leanings(store, story, registry)
                    assert len(found) == len({a["source"] for a in story}), found

                base = _median_time(count, args.repeat)
                run = _median_time(run_check, args.repeat)
                view = _median_time(page_view, args.repeat)
            finally:
                store.close()
        print(f"{n} articles (built in {built:.1f} s): run check {run * 1000:.1f} ms, "
              f"page view {view * 1000:.1f} ms; baseline count(*) {base * 1000:.1f} ms "
              f"(ratios x{run / base:.1f} / x{view / base:.1f})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
