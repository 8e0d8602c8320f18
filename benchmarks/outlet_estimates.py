"""How good an unrated outlet's estimate is, when it rests on the outlet's articles combined.

    python -m benchmarks.outlet_estimates [--shared PATH] [--parts valid train] [--caps 5 25]

The shipped text classifier (``newsprism.leaning_model``) scores every article of the AllSides
media split (``<shared>/data/allsides-articles``; the *valid* outlets were never seen in
training). Each article is then labelled three ways and scored against its outlet's AllSides
rating (macro-F1 over articles, as the issue's aim is stated):

* **alone**: the classifier's answer for that article's text;
* **outlet, so far**: its outlet's estimate (``leaning_model.outlet_estimate``) from the outlet's
  articles up to and including this one in date order: what a store that ingests the part as a
  stream shows when the article arrives;
* **outlet, all**: its outlet's estimate from all of the outlet's articles in the part: what
  the store shows once the part is in.

For "so far" it also reports, per confidence threshold, the share of articles whose estimate
reaches it and how many of those are right, and accuracy by the number of articles behind the
estimate: the evidence for ``OUTLET_SHARPEN_CAP`` and ``storypage.MIN_ESTIMATE_CONFIDENCE``.
``--caps`` repeats the "so far" rows with other sharpening caps (calibration error included).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.metrics import accuracy_score, f1_score

from benchmarks.train_leaning import DEFAULT_SHARED, load_split
from newsprism import leaning_model as lm
from newsprism.storypage import MIN_ESTIMATE_CONFIDENCE

THRESHOLDS = (0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
COUNT_BINS = ((1, 1), (2, 4), (5, 9), (10, 24), (25, None))


def _scores(y: np.ndarray, pred: np.ndarray) -> dict:
    return {"accuracy": round(float(accuracy_score(y, pred)), 4),
            "macro_f1": round(float(f1_score(y, pred, average="macro", labels=[0, 1, 2], zero_division=0)), 4),
            "n": int(len(y))}


def _estimate(total: np.ndarray, n: int, model: lm.LeaningModel) -> tuple[int, float]:
    est = lm.outlet_estimate(total, n, model)
    return lm.LABELS.index(est["leaning"]), est["confidence"]


def _calibration_error(conf: np.ndarray, hit: np.ndarray, bins: int = 7) -> float:
    """Expected calibration error over equal-width confidence bins from 1/3 to 1."""
    edges = np.linspace(1 / 3, 1, bins + 1)
    err = 0.0
    for i, (lo, hi) in enumerate(zip(edges[:-1], edges[1:])):
        sel = (conf >= lo) & ((conf < hi) if i < bins - 1 else (conf <= hi))
        if sel.any():
            err += sel.mean() * abs(hit[sel].mean() - conf[sel].mean())
    return round(float(err), 4)


def score(articles: list[dict], model: lm.LeaningModel) -> tuple[np.ndarray, float]:
    """Each article's log-probabilities, and articles scored per second."""
    texts = [f"{a.get('title') or ''}\n{a.get('content_original') or ''}" for a in articles]
    t = time.time()
    lp = model.log_proba_many(texts)
    return lp, round(len(texts) / (time.time() - t), 1)


def _outlet_rows(hits: list[tuple[int, bool, bool]]) -> dict:
    """Outlet level (each outlet counts once), all its articles in: how many are right, and
    how many show their estimate (confidence at the threshold) and are right then."""
    def rate(rows: list) -> float | None:
        return round(sum(r[1] for r in rows) / len(rows), 4) if rows else None

    shown = [h for h in hits if h[2]]
    big = [h for h in hits if h[0] >= 5]
    return {"outlets": len(hits), "right": rate(hits), "shown": len(shown), "right_when_shown": rate(shown),
            "outlets_5plus": len(big), "right_5plus": rate(big)}


def measure(articles: list[dict], lp: np.ndarray, model: lm.LeaningModel) -> dict:
    y = np.array([lm.LABELS.index(a["bias_text"]) for a in articles])
    by_outlet: dict[str, list[int]] = defaultdict(list)
    for i, a in enumerate(articles):
        by_outlet[a["source"]].append(i)

    pred_all = np.zeros(len(y), dtype=int)
    pred_so_far, conf_so_far, count = np.zeros(len(y), dtype=int), np.zeros(len(y)), np.zeros(len(y), dtype=int)
    outlet_hits: list[tuple[int, bool, bool]] = []  # (articles, right, shown) per outlet, all its articles in
    for idx in by_outlet.values():
        label, conf = _estimate(lp[idx].sum(axis=0), len(idx), model)
        pred_all[idx] = label
        gold = int(np.bincount(y[idx], minlength=3).argmax())  # an outlet's rating (its articles share it)
        outlet_hits.append((len(idx), label == gold, conf >= MIN_ESTIMATE_CONFIDENCE))
        idx = sorted(idx, key=lambda i: (articles[i].get("date") or "", articles[i]["ID"]))
        running = np.cumsum(lp[idx], axis=0)
        for k, i in enumerate(idx):
            pred_so_far[i], conf_so_far[i] = _estimate(running[k], k + 1, model)
            count[i] = k + 1

    hit = pred_so_far == y
    shown = conf_so_far >= MIN_ESTIMATE_CONFIDENCE
    return {
        "articles": int(len(y)), "outlets": len(by_outlet),
        "alone": _scores(y, lp.argmax(1)),
        "outlet_so_far": _scores(y, pred_so_far),
        "outlet_all": _scores(y, pred_all),
        "outlets_all": _outlet_rows(outlet_hits),
        "so_far_calibration_error": _calibration_error(conf_so_far, hit),
        "so_far_shown": {"threshold": MIN_ESTIMATE_CONFIDENCE, "coverage": round(float(shown.mean()), 4),
                         **({"right": round(float(hit[shown].mean()), 4), **{
                             f"shown_{k}": v for k, v in _scores(y[shown], pred_so_far[shown]).items()}}
                            if shown.any() else {})},
        "so_far_by_confidence": [
            {"threshold": t, "coverage": round(float((conf_so_far >= t).mean()), 4),
             "right": round(float(hit[conf_so_far >= t].mean()), 4) if (conf_so_far >= t).any() else None}
            for t in THRESHOLDS],
        "so_far_by_articles": [
            {"articles": f"{lo}-{hi}" if hi else f"{lo}+",
             "n": int(sel.sum()), "right": round(float(hit[sel].mean()), 4) if sel.any() else None,
             "mean_confidence": round(float(conf_so_far[sel].mean()), 4) if sel.any() else None}
            for lo, hi in COUNT_BINS
            for sel in [(count >= lo) & (count <= (hi or math.inf))]],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--parts", nargs="+", choices=("valid", "train"), default=["valid", "train"])
    ap.add_argument("--caps", type=float, nargs="*", default=[],
                    help="also measure with these sharpening caps (the shipped one is always measured)")
    args = ap.parse_args(argv)
    if not (args.shared / "data" / "allsides-articles").is_dir():
        print(f"no data at {args.shared}/data/allsides-articles", file=sys.stderr)
        return 2
    train, valid = load_split(args.shared)
    model = lm.default_model()
    report: dict = {"model": lm.model_id(), "sharpen_cap": lm.OUTLET_SHARPEN_CAP}
    for name in args.parts:
        part = valid if name == "valid" else train
        lp, rate = score(part, model)
        report[name] = {**measure(part, lp, model), "scoring_articles_per_second": rate}
        print(f"{name}: {json.dumps(report[name])}", file=sys.stderr, flush=True)
        shipped = lm.OUTLET_SHARPEN_CAP
        for cap in args.caps:
            lm.OUTLET_SHARPEN_CAP = cap
            try:
                r = measure(part, lp, model)
            finally:
                lm.OUTLET_SHARPEN_CAP = shipped
            report.setdefault(f"{name}_caps", {})[str(cap)] = {
                k: r[k] for k in ("outlet_so_far", "outlets_all", "so_far_calibration_error", "so_far_shown",
                                  "so_far_by_articles")}
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
