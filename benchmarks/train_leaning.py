"""Train the text leaning model shipped as ``src/newsprism/data/leaning_model.npz``.

    python -m benchmarks.train_leaning [--shared PATH] [--out PATH] [--C 1 3]

Data: ``<shared>/data/allsides-articles`` (Baly et al., EMNLP 2020; Apache-2.0), the *media*
split: training outlets and validation outlets are disjoint, so validation measures what the
model is for, outlets it has never seen. Train on train, choose C on valid, report both.

Recipe, and the validation evidence for each step (macro-F1 on valid, logistic regression,
measured while building with a first version of the scrubber):
* plain TF-IDF 1-2 grams: 0.26-0.28 -- it learns outlets (newsletter footers, "Fox News'",
  "Mr." house style) and calls most New York Times news articles right-leaning;
* scrubbed text (``leaning_model.tokens``), unigrams used by >= 5 training outlets: 0.29;
  no outlet owning > MAX_OUTLET_SHARE of an n-gram's documents: 0.32; each article weighted
  1/sqrt(outlet size): 0.33; MIN_OUTLETS = 10: 0.35; weight 1/outlet size (every outlet
  counts the same, then classes balanced): 0.39; adding bigrams: 0.41 (C = 1 and 3 tie).
Final numbers (this script, shipped float16 model): BENCHMARKS.md.
Deterministic: no random state is involved (lbfgs on fixed data, fixed feature order), so the
file is reproduced byte for byte on the same library versions.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import defaultdict
from multiprocessing import Pool
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score

from newsprism import leaning_model as lm

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO / ".." / "shared"

#: Vocabulary filters (evidence in the module docstring): an n-gram must be used by at least
#: this many training outlets ...
MIN_OUTLETS = 10
#: ... and no single outlet may account for more than this share of its documents.
MAX_OUTLET_SHARE = 0.5
#: Minimum document frequency before the outlet filters (drops typos, saves memory).
MIN_DF = 5


def _identity(x):
    return x


def _features(article: dict) -> list[str]:
    return lm.features(f"{article.get('title') or ''}\n{article.get('content_original') or ''}")


def load_split(shared: Path) -> tuple[list[dict], list[dict]]:
    base = shared / "data" / "allsides-articles"
    articles = {}
    with gzip.open(base / "articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            articles[rec["ID"]] = rec

    def ids(name: str) -> list[str]:
        rows = (base / "splits" / "media" / name).read_text().splitlines()[1:]
        return [r.split("\t")[0] for r in rows if r.strip()]

    return ([articles[i] for i in ids("train.tsv")], [articles[i] for i in ids("valid.tsv")])


def outlet_vocabulary(feats: list[list[str]], outlets: list[str]) -> list[str]:
    """N-grams used across outlets (see MIN_OUTLETS / MAX_OUTLET_SHARE), sorted."""
    cv = CountVectorizer(analyzer=_identity, min_df=MIN_DF, binary=True)
    docs = cv.fit_transform(feats)
    names = cv.get_feature_names_out()
    uniq, inv = np.unique(np.array(outlets), return_inverse=True)
    member = sp.csr_matrix((np.ones(len(inv)), (inv, np.arange(len(inv)))),
                           shape=(len(uniq), len(inv)))
    per_outlet = (member @ docs).tocsc()
    df = np.asarray(docs.sum(axis=0)).ravel()
    n_outlets = np.diff(per_outlet.indptr)
    top_share = per_outlet.max(axis=0).toarray().ravel() / df
    keep = (n_outlets >= MIN_OUTLETS) & (top_share <= MAX_OUTLET_SHARE)
    return sorted(names[keep].tolist())


def sample_weights(y: np.ndarray, outlets: list[str]) -> np.ndarray:
    """Every outlet weighs the same (1/n articles), then classes are rescaled to equal mass."""
    _, inv, counts = np.unique(np.array(outlets), return_inverse=True, return_counts=True)
    w = 1.0 / counts[inv]
    for k in np.unique(y):
        w[y == k] *= (len(y) / 3) / w[y == k].sum()
    return w


def metrics(y: np.ndarray, pred: np.ndarray) -> dict:
    per = f1_score(y, pred, average=None, labels=[0, 1, 2])
    return {"accuracy": round(float(accuracy_score(y, pred)), 4),
            "macro_f1": round(float(f1_score(y, pred, average="macro")), 4),
            "f1_per_class": {lab: round(float(v), 4) for lab, v in zip(lm.LABELS, per)},
            "n": len(y)}


def log_proba(X, coef: np.ndarray, intercept: np.ndarray) -> np.ndarray:
    logits = np.asarray(X @ coef.T) + intercept
    return logits - np.logaddexp.reduce(logits, axis=1, keepdims=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--out", type=Path, default=lm.MODEL_PATH)
    ap.add_argument("--C", type=float, nargs="+", default=[1.0, 3.0],
                    help="inverse regularisation strengths to try on valid")
    args = ap.parse_args(argv)
    if not (args.shared / "data" / "allsides-articles").is_dir():
        print(f"no data at {args.shared}/data/allsides-articles", file=sys.stderr)
        return 2

    t0 = time.time()
    train, valid = load_split(args.shared)
    with Pool(2) as pool:  # map keeps order: the result does not depend on scheduling
        f_tr = pool.map(_features, train, chunksize=256)
        f_va = pool.map(_features, valid, chunksize=256)
    y_tr = np.array([lm.LABELS.index(a["bias_text"]) for a in train])
    y_va = np.array([lm.LABELS.index(a["bias_text"]) for a in valid])
    outlets = [a["source"] for a in train]
    print(f"tokenised {len(train)} + {len(valid)} articles in {time.time() - t0:.0f} s", flush=True)

    vocab = outlet_vocabulary(f_tr, outlets)
    vec = TfidfVectorizer(analyzer=_identity, vocabulary=vocab, sublinear_tf=True)
    X_tr = vec.fit_transform(f_tr)
    X_va = vec.transform(f_va)
    w = sample_weights(y_tr, outlets)
    print(f"vocabulary {len(vocab)} n-grams", flush=True)

    best = None
    for C in args.C:
        clf = LogisticRegression(C=C, max_iter=3000).fit(X_tr, y_tr, sample_weight=w)
        m = metrics(y_va, clf.predict(X_va))
        print(f"C={C:g}: valid {m}", flush=True)
        if best is None or m["macro_f1"] > best[0]:
            best = (m["macro_f1"], C, clf)
    _, C, clf = best

    meta = {"trained_on": "allsides-articles media split (train)", "C": C,
            "min_outlets": MIN_OUTLETS, "max_outlet_share": MAX_OUTLET_SHARE, "min_df": MIN_DF,
            "features": "word 1-2 grams of leaning_model.tokens, sublinear tf-idf, l2"}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    lm.save_model(args.out, vocab, vec.idf_, clf.coef_, clf.intercept_, lm.LABELS, meta)

    # Measure what ships: float16 coefficients, numpy prediction.
    t = time.time()
    model = lm.load_model(args.out)
    load_s = time.time() - t
    coef, icpt = model.coef, model.intercept
    lp_tr, lp_va = log_proba(X_tr, coef, icpt), log_proba(X_va, coef, icpt)
    report = {"C": C, "vocabulary": len(vocab), "train": metrics(y_tr, lp_tr.argmax(1)),
              "valid": metrics(y_va, lp_va.argmax(1)),
              "model_bytes": args.out.stat().st_size, "load_seconds": round(load_s, 3)}

    # Outlet level: each valid outlet's articles aggregated (mean log-probability; the
    # sharpening of predict_outlet does not change the arg-max).
    groups: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i, a in enumerate(valid):
        groups[(a["source"], int(y_va[i]))].append(i)
    hits = [int(lp_va[idx].mean(0).argmax() == lab) for (_, lab), idx in groups.items()]
    hits5 = [h for h, idx in zip(hits, groups.values()) if len(idx) >= 5]
    report["valid_outlets"] = {"outlets": len(hits), "accuracy": round(float(np.mean(hits)), 4),
                               "outlets_5plus": len(hits5),
                               "accuracy_5plus": round(float(np.mean(hits5)), 4)}

    # The runtime path (tokenise + numpy) must agree with the matrix path; time it.
    sample = valid[:500]
    t = time.time()
    runtime = [lm.predict_text(f"{a.get('title') or ''}\n{a.get('content_original') or ''}", model)
               for a in sample]
    report["predictions_per_second"] = round(len(sample) / (time.time() - t), 1)
    agree = np.mean([lm.LABELS.index(r["leaning"]) == lp_va[i].argmax()
                     for i, r in enumerate(runtime)])
    report["runtime_agreement"] = round(float(agree), 4)
    report["seconds_total"] = round(time.time() - t0, 1)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
