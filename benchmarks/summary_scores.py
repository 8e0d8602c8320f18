"""How far a better sentence score could take the breakdown (AllSides train only).

Run from the repository root::

    python -m benchmarks.summary_scores --score ridge    # ten signals, linear (summaries --learn)
    python -m benchmarks.summary_scores --score gbm      # 23 signals, gradient-boosted trees
    python -m benchmarks.summary_scores --score oracle   # the editors' summary itself scores each sentence

The breakdown ranks sentences by a hand-weighted score (``summarize._scores``) and then picks
them greedily (MMR, concept coverage, the keep share). This benchmark swaps the score only:

* ``ridge`` / ``gbm`` learn, on the first 1,800 of the shuffled train stories (seed 7), every
  usable sentence's ROUGE-1 + ROUGE-2 precision against the editors' summary, from the
  score's own parts (``ridge``: plus length, quote, number, first-sentence flags) or from 23
  signals (``gbm``: also position, the sentence's best cosine to the other articles' first
  sentences, its article's lead agreement, size and centrality, its rank in its article,
  speaker and first-person flags, capitalised share, story size);
* ``oracle`` scores each sentence by that same ROUGE precision against the reference: no
  system can know it, so it is the ceiling of any score fed to this selection.

Each is then scored on the other 652 train stories by both protocols of
``benchmarks.summaries`` (the summary alone; the anchors' "TITLE=> ... ARTICLE=> ..." line),
against the hand-set score in the same run. Scores are multiplied by ``--scale`` (the
hand-set one spans about 0..3 and the MMR penalty is 0.7 x cosine, so a score of another
range shifts the balance between importance and redundancy).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
from collections.abc import Callable
from typing import Any

import numpy as np

from benchmarks.summaries import DATA, _scorer, anchor_form, cut, load

FIT_STORIES = 1800
SEED = 7


def _simple_features(story) -> np.ndarray:
    from newsprism import summarize as S

    parts = S._score_parts(story, S.DEFAULT_WEIGHTS)
    sents = story.sents
    extra = [
        [1.0 if s.pos == 0 else 0.0 for s in sents],
        [len((s.bullet or s.text).split()) / 40.0 for s in sents],
        [1.0 if S._has_quote(s.text) else 0.0 for s in sents],
        [1.0 if any(c.isdigit() for c in s.text) else 0.0 for s in sents],
        [1.0] * len(sents),
    ]
    return np.column_stack([*parts.values(), *map(np.array, extra)])


def _rich_features(story) -> np.ndarray:
    from newsprism import summarize as S

    parts = S._score_parts(story, S.DEFAULT_WEIGHTS)
    sents = story.sents
    n = len(sents)
    doc_of = np.array([s.doc for s in sents])
    blocks = S._article_rows(doc_of)
    firsts = [a for a, _ in blocks.values()]
    lead_sim = np.array([max([story.S[i, f] for f in firsts if doc_of[f] != doc_of[i]] or [0.0])
                         for i in range(n)])
    art_lead = {k: lead_sim[a] for k, (a, b) in blocks.items()}
    art_len = {k: b - a for k, (a, b) in blocks.items()}
    art_cen = {k: float(parts["centroid"][a:b].mean()) for k, (a, b) in blocks.items()}
    rank = np.zeros(n)
    for a, b in blocks.values():
        for r, j in enumerate(np.argsort(-parts["centroid"][a:b])):
            rank[a + j] = r
    extra = [
        [min(s.pos, 15) for s in sents],
        [1.0 if s.pos == 0 else 0.0 for s in sents],
        [len((s.bullet or s.text).split()) for s in sents],
        [1.0 if S._has_quote(s.text) else 0.0 for s in sents],
        [1.0 if S.mostly_quoted(s.text) else 0.0 for s in sents],
        [1.0 if any(c.isdigit() for c in s.text) else 0.0 for s in sents],
        lead_sim,
        [art_lead[s.doc] for s in sents],
        [art_len[s.doc] for s in sents],
        [art_cen[s.doc] for s in sents],
        rank,
        [len(s.tokens) for s in sents],
        [sum(w[:1].isupper() for w in s.text.split()[1:]) / max(1, len(s.text.split())) for s in sents],
        [1.0 if S._speaker(s.text) else 0.0 for s in sents],
        [1.0 if s.bullet and s.bullet != s.text else 0.0 for s in sents],
        [n] * n,
        [len(blocks)] * n,
        [1.0 if S.speaks_in_first_person(s.text) else 0.0 for s in sents],
    ]
    return np.column_stack([*parts.values(), *map(np.array, extra)])


def _precision(scorer, target: str, text: str) -> float:
    r = scorer.score(target, text)
    return r["rouge1"].precision + r["rouge2"].precision


def _fit(kind: str, fit: list[dict[str, Any]], ridge: float = 1.0) -> tuple[Callable, dict[str, Any]]:
    """A sentence score learned on ``fit``: (story -> scores, what was learned)."""
    from rouge_score import rouge_scorer

    from newsprism import summarize as S

    features = _simple_features if kind == "ridge" else _rich_features
    sent_scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    rows, ys = [], []
    for st in fit:
        story = S._analyse(st["articles"], max_words=40, weights=S.DEFAULT_WEIGHTS)
        if not story.sents:
            continue
        F = features(story)
        for i, s in enumerate(story.sents):
            if s.bullet:
                rows.append(F[i])
                ys.append(_precision(sent_scorer, st["target"], s.bullet))
    X, y = np.array(rows), np.array(ys)
    if kind == "ridge":
        w = np.linalg.solve(X.T @ X + ridge * np.eye(X.shape[1]), X.T @ y)
        names = ["centroid", "lexrank", "title", "agreement", "position", "first", "words", "quote", "number", "bias"]
        return (lambda story: features(story) @ w), {"sentences": len(y), "weights": dict(zip(names, np.round(w, 4).tolist()))}
    from sklearn.ensemble import HistGradientBoostingRegressor

    model = HistGradientBoostingRegressor(max_iter=300, learning_rate=0.05, max_leaf_nodes=15,
                                          min_samples_leaf=40, random_state=0).fit(X, y)
    return (lambda story: model.predict(features(story))), {"sentences": len(y), "features": X.shape[1]}


def evaluate(held: list[dict[str, Any]], score: Callable | None = None, scale: float = 1.0) -> dict[str, float]:
    """ROUGE F1 of the breakdown on ``held`` (both protocols), with ``score`` replacing the
    hand-set sentence score (``score(story, target)``; None: the hand-set one)."""
    from newsprism import summarize as S

    scorer = _scorer()
    original = S._scores
    current: dict[str, str] = {}
    if score is not None:
        S._scores = lambda story, weights: scale * np.asarray(score(story, current["target"]))
    out: dict[str, list[float]] = {"rouge1": [], "rouge2": [], "anchor_rouge1": [], "anchor_rouge2": []}
    try:
        for st in held:
            current["target"] = st["target"]
            arts = st["articles"]
            text = cut(" ".join(b["text"] for b in S.breakdown(arts)))
            sc = scorer.score(st["target"], text)
            out["rouge1"].append(sc["rouge1"].fmeasure)
            out["rouge2"].append(sc["rouge2"].fmeasure)
            sc = scorer.score(st["target_line"], anchor_form(S.story_title(arts), text))
            out["anchor_rouge1"].append(sc["rouge1"].fmeasure)
            out["anchor_rouge2"].append(sc["rouge2"].fmeasure)
    finally:
        S._scores = original
    return {k: round(statistics.fmean(v), 4) for k, v in out.items()}


def run(kind: str, scales: list[float]) -> dict[str, Any]:
    from rouge_score import rouge_scorer

    data = load("train")
    random.Random(SEED).shuffle(data)
    fit, held = data[:FIT_STORIES], data[FIT_STORIES:]
    report: dict[str, Any] = {"held_out_train_stories": len(held), "hand_set": evaluate(held)}
    if kind == "oracle":
        sent_scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)

        def score(story, target):
            return [_precision(sent_scorer, target, s.bullet or s.text) for s in story.sents]
    else:
        learned, info = _fit(kind, fit)
        report.update(fit_stories=len(fit), **info)

        def score(story, target):
            return learned(story)
    report[kind] = {str(x): evaluate(held, score, x) for x in scales}
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--score", choices=["ridge", "gbm", "oracle"], default="gbm")
    ap.add_argument("--scale", type=float, nargs="+", default=[1.0, 3.0])
    args = ap.parse_args(argv)
    if not DATA.is_dir():
        print(f"no data at {DATA}", file=sys.stderr)
        return 2
    print(json.dumps(run(args.score, args.scale), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
