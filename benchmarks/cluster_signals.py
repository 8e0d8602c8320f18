"""How much story-clustering signal the available text representations carry (training parts only).

Run from the repository root::

    python -m benchmarks.cluster_signals [--data allsides-train] [--stories 300] [--seeds 13 14]

The clustering targets of the stories issue (B3-F1 0.93 on AllSides val) sit above what an
*offline* clustering reaches with our signals, so this asks the question one level down: per
pair of articles, how well does each signal say "same event"? For two disjoint samples of a
training part (seeds), it reports

* for each pairwise signal, how often an article's nearest neighbour by that signal belongs to
  its own story (NN accuracy);
* a logistic regression over all signals (and their pairwise products), fitted on the pairs of
  the first sample (all same-story pairs and the 3 % hardest other pairs) and applied to the
  second: NN accuracy and the offline average/complete-link B3-F1 at the oracle threshold,
  beside embedding + TF-IDF alone;
* embedding variants: the title alone, the lead alone, title + 120 words, the mean and the
  best match of sentence embeddings (title + first four sentences).

Signals: MiniLM embedding of title + lead (as the clusterer uses), TF-IDF over title + text,
title-only and lead-only TF-IDF, bigram TF-IDF, IDF-weighted entity Jaccard (entities from
``newsprism.entities``), shared numbers and conflicting numbers. Embeddings are cached under
``$TMPDIR/newsprism-bench-cache`` like ``benchmarks.clusters``.

Measured 2026-12-02 (AllSides train, samples of 300 stories, seeds 13 / 14)::

    NN accuracy, sample 13: embedding 0.864, TF-IDF 0.842, lead TF-IDF 0.842, bigrams 0.752,
      title TF-IDF 0.707, entities 0.531; embedding + TF-IDF 0.883
    logistic regression (linear / with products), sample 14: NN 0.903 / 0.898;
      complete link 0.892 / 0.895 against 0.894 for embedding + TF-IDF alone
    embedding variants, sample 13 (NN, complete link): title + lead 0.864, 0.867; title
      + 120 words 0.864, 0.868; title 0.780, 0.819; lead 0.793, 0.819; sentence mean
      0.848, 0.853; best sentence match 0.830, 0.852; their sum 0.879, 0.870

No combination of these signals moves the offline ceiling (about 0.89) toward 0.93: the
missing information is not in title + lead as these models see it.

``--mpnet DIR`` swaps in all-mpnet-base-v2 (``benchmarks/mpnet.py``; ``--encoder-only`` gives the
same rows with MiniLM), 2026-12-03: NN accuracy up 1.5-2.3 points, offline ceilings of
embedding + TF-IDF within -0.012..+0.018 of MiniLM's and still below 0.90 (BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from benchmarks.clusters import CACHE, SHARED, _prepared


def _norm(m: np.ndarray) -> np.ndarray:
    return m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-9)


def signals(name: str, shared: Path, stories: int, seed: int) -> tuple[dict[str, np.ndarray], np.ndarray, list[str], list[dict]]:
    """Pairwise similarity matrices of one sample, the same-story matrix, gold ids, records."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    feats, gold, records = _prepared(name, shared, stories, seed)
    n = len(feats)
    emb = _norm(np.stack([f.embedding for f in feats]))
    texts = [f"{r.get('title') or ''}\n{r.get('text') or ''}" for r in records]
    words = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit(texts)
    full = words.transform(texts)
    titles = words.transform([r.get("title") or "" for r in records])
    leads = words.transform([f"{r.get('title') or ''} {' '.join((r.get('text') or '').split()[:50])}" for r in records])
    bigrams = TfidfVectorizer(stop_words="english", sublinear_tf=True, ngram_range=(2, 2), min_df=2).fit_transform(texts)
    out = {"embedding": emb @ emb.T, "tfidf": (full @ full.T).toarray(), "title": (titles @ titles.T).toarray(),
           "lead": (leads @ leads.T).toarray(), "bigram": (bigrams @ bigrams.T).toarray()}
    df = Counter(e for f in feats for e in f.entities)
    idf = {e: math.log((n + 1) / (c + 1)) + 1 for e, c in df.items()}
    ent, fact, conflict = np.zeros((n, n)), np.zeros((n, n)), np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            a, b = feats[i].entities, feats[j].entities
            if a & b:
                ent[i, j] = ent[j, i] = sum(idf[e] for e in a & b) / sum(idf[e] for e in a | b)
            fa, fb = feats[i].facts, feats[j].facts
            if fa and fb:
                if fa & fb:
                    fact[i, j] = fact[j, i] = len(fa & fb) / min(len(fa), len(fb))
                else:
                    conflict[i, j] = conflict[j, i] = 1.0
    out.update(entities=ent, facts=fact, conflict=conflict)
    g = np.array(gold)
    return out, g[:, None] == g[None, :], gold, records


def nn_accuracy(sim: np.ndarray, same: np.ndarray) -> float:
    s = sim.copy()
    np.fill_diagonal(s, -np.inf)
    return round(float(np.mean(same[np.arange(len(s)), s.argmax(1)])), 3)


def ceiling(sim: np.ndarray, gold: list[str]) -> dict[str, float]:
    """Offline average/complete link over ``sim``, B3-F1 at the best cut for the data itself."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    from newsprism.evaluate import bcubed

    dist = np.maximum(sim.max() - sim, 0.0)
    dist = (dist + dist.T) / 2
    np.fill_diagonal(dist, 0.0)
    cuts = np.quantile(dist[np.triu_indices(len(dist), 1)], np.linspace(0.0005, 0.05, 60))
    out = {}
    for method in ("average", "complete"):
        tree = linkage(squareform(dist, checks=False), method=method)
        out[method] = round(max(bcubed(gold, fcluster(tree, t, "distance"))["f1"] for t in cuts), 4)
    return out


def learned(train: tuple, test: tuple, degree: int) -> dict:
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import PolynomialFeatures

    keys = sorted(train[0])

    def design(sig: dict, n: int) -> tuple[np.ndarray, tuple]:
        iu = np.triu_indices(n, 1)
        return np.stack([sig[k][iu] for k in keys], 1), iu

    x, iu = design(train[0], train[1].shape[0])
    y = train[1][iu]
    base = train[0]["embedding"][iu] + train[0]["tfidf"][iu]
    keep = y | (base > np.quantile(base, 0.97))
    poly = PolynomialFeatures(degree, include_bias=False)
    model = LogisticRegression(C=1.0, max_iter=2000).fit(poly.fit_transform(x[keep]), y[keep])
    n = test[1].shape[0]
    xt, iu = design(test[0], n)
    m = np.zeros((n, n))
    m[iu] = model.decision_function(poly.transform(xt))
    m = m + m.T
    return {"nn_accuracy": nn_accuracy(m, test[1]), **ceiling(m, test[2])}


def embedding_variants(name: str, shared: Path, stories: int, seed: int) -> dict[str, dict]:
    from newsprism.evaluate import embed_cached

    feats, gold, records = _prepared(name, shared, stories, seed)
    g = np.array(gold)
    same = g[:, None] == g[None, :]
    out = {}

    def report(label: str, sim: np.ndarray) -> None:
        out[label] = {"nn_accuracy": nn_accuracy(sim, same), "complete": ceiling(sim, gold)["complete"]}

    base = _norm(np.stack([f.embedding for f in feats]))
    report("title + lead (as clustered)", base @ base.T)
    for label, texts in (
        ("title", [r["title"] for r in records]),
        ("lead", [" ".join(r["text"].split()[:60]) for r in records]),
        ("title + 120 words", [r["title"] + ". " + " ".join(r["text"].split()[:120]) for r in records]),
    ):
        e = _norm(embed_cached(texts, CACHE))
        report(label, e @ e.T)
    sentences, owner = [], []
    for i, r in enumerate(records):
        lead = [s for s in re.split(r"(?<=[.!?])\s+", r["text"]) if len(s.split()) > 4][:4]
        for s in [r["title"], *lead]:
            sentences.append(s)
            owner.append(i)
    se = _norm(embed_cached(sentences, CACHE))
    owner_a = np.array(owner)
    mean = np.zeros((len(records), se.shape[1]))
    np.add.at(mean, owner_a, se)
    mean = _norm(mean)
    report("sentence mean", mean @ mean.T)
    pair = se @ se.T
    best = np.full((len(records), len(records)), -1.0)
    for i in range(len(records)):
        np.maximum.at(best[i], owner_a, pair[owner_a == i].max(0))
    best = np.maximum(best, best.T)
    report("best sentence match", best)
    report("sum of the three", base @ base.T + mean @ mean.T + 0.5 * best)
    return out


def encoder_only(args: argparse.Namespace) -> int:
    """NN accuracy and offline ceilings of the embedding alone and with TF-IDF: the rows that
    say whether another encoder would lift the clustering."""
    samples = [signals(args.data, args.shared, args.stories, seed) for seed in args.seeds]
    print(f"{args.data}, samples of {args.stories} stories, seeds {args.seeds}, "
          f"embedder: {args.mpnet or 'MiniLM (shipped)'}")
    for seed, (sims, same, gold, _) in zip(args.seeds, samples):
        both = sims["embedding"] + sims["tfidf"]
        print(f"  seed {seed}: NN embedding {nn_accuracy(sims['embedding'], same)}, embedding + TF-IDF "
              f"{nn_accuracy(both, same)}; ceiling embedding {ceiling(sims['embedding'], gold)}, "
              f"embedding + TF-IDF {ceiling(both, gold)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", default="allsides-train", choices=["allsides-train", "ecbplus-train"])
    p.add_argument("--shared", type=Path, default=SHARED)
    p.add_argument("--stories", type=int, default=300)
    p.add_argument("--seeds", type=int, nargs=2, default=[13, 14])
    p.add_argument("--mpnet", type=Path, metavar="DIR",
                   help="embed with all-mpnet-base-v2 from DIR instead of MiniLM (see benchmarks/mpnet.py); "
                        "reports the embedding's nearest neighbours and the offline ceilings only")
    p.add_argument("--encoder-only", action="store_true",
                   help="only those rows, with the shipped MiniLM (the baseline of --mpnet)")
    args = p.parse_args(argv)
    if not (args.shared / "data").is_dir():
        print(f"shared data folder {args.shared} is absent", file=sys.stderr)
        return 2
    if args.mpnet:
        from benchmarks.mpnet import replacing_the_embedder

        missing = [f for f in ("model.safetensors", "tokenizer.json") if not (args.mpnet / f).is_file()]
        if missing:
            print(f"--mpnet {args.mpnet}: no {' or '.join(missing)} there (see benchmarks/mpnet.py for the setup)",
                  file=sys.stderr)
            return 2

        with replacing_the_embedder(args.mpnet):
            return encoder_only(args)
    if args.encoder_only:
        return encoder_only(args)
    first = signals(args.data, args.shared, args.stories, args.seeds[0])
    second = signals(args.data, args.shared, args.stories, args.seeds[1])
    print(f"{args.data}, samples of {args.stories} stories, seeds {args.seeds}")
    print("NN accuracy by signal (first sample):")
    for k, sim in sorted(first[0].items()):
        print(f"  {k:12s} {nn_accuracy(sim, first[1])}")
    both = first[0]["embedding"] + first[0]["tfidf"]
    print(f"  embedding + TF-IDF {nn_accuracy(both, first[1])}")
    alone = second[0]["embedding"] + second[0]["tfidf"]
    print(f"second sample, embedding + TF-IDF: NN {nn_accuracy(alone, second[1])}, {ceiling(alone, second[2])}")
    for degree in (1, 2):
        print(f"second sample, logistic regression (degree {degree}) fitted on the first: {learned(first, second, degree)}")
    print("embedding variants (first sample):")
    for label, row in embedding_variants(args.data, args.shared, args.stories, args.seeds[0]).items():
        print(f"  {label:28s} {row}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
