"""Story-clustering benchmark: ``newsprism.cluster`` against TF-IDF agglomerative clustering.

Run from the repository root::

    python -m benchmarks.clusters --data allsides-val [--json OUT]
    python -m benchmarks.clusters --data stories-2021
    python -m benchmarks.clusters --data ecbplus-dev
    python -m benchmarks.clusters --tune --stories 300              # the evidence behind the constants
    python -m benchmarks.clusters --speed                           # add() latency on a 100k store
    python -m benchmarks.clusters --e2e 10000                       # 10k real articles end to end
    python -m benchmarks.clusters --update-speed 5000               # update_stories: full vs incremental
    python -m benchmarks.clusters --ceiling --stories 300 --seeds 13 14 15   # offline upper bound (train)
    python -m benchmarks.clusters --orders 5 --stories 300 --compare w_tfidf=1.3,join_threshold=1.0

Data (read from the sibling ``shared`` folder, converted on the fly, never written to the repo)
--------------------------------------------------------------------------------------------
``allsides-train`` / ``allsides-val``   AllSides roundups ``train.source`` / ``val.source``: one
    event per line, three articles by outlets of different leanings (title + lead paragraphs).
    No dates: shuffled (seed 13) and clustered without the time signal.
``stories-2021``   506 roundups of 2021 (1,479 articles); every article gets its roundup's date
    (the data has no per-article date; AllSides rounds up same-day coverage), the order is
    shuffled, then sorted by date (stable).
``allsides-dated-train``   the train articles that allsides-articles also holds (matched by
    title, 2,416 of 7,356, 1,406 stories), each with its own publication day from there: the
    one training stream whose articles of one event carry different dates. Sorted by date.
``ecbplus-train`` / ``ecbplus-dev``   ECB+ documents of the train / dev topics; gold = the
    seminal event (two similar events per topic). No dates, no titles: text only, shuffled.

PROVENANCE.md of both sets: tune on train (AllSides ``train.source``, ECB+ ``train`` topics);
report on AllSides ``val`` and ``stories-2021`` and ECB+ ``dev`` (their test parts are held back).

Entities come from ``newsprism.entities`` when it is installed and works, else from the proxy
``newsprism.evaluate.proxy_entities`` (capitalised names); the report says which.

Measured (2026-12-02, 2 cores; entities from newsprism.entities; B3-F1 of ours /
TF-IDF agglomerative at the fixed threshold 0.80 / the same at the oracle threshold), with
placing again (``reassign_window`` 1000)::

    allsides-val   921 articles   0.8440 / 0.8539 / 0.8571   (ours P 0.867 R 0.822)
    stories-2021  1477 articles   0.8767 / 0.7568 / 0.7735   (ours P 0.941 R 0.820)
                  2026-12-04, merge passes by the clock (merge_every_hours 24): ours 0.8921 (P 0.935 R 0.853)
    ecbplus-dev    197 articles   0.9407 / 0.8988 / 0.8988   (ours P 0.980 R 0.905)

    --speed  add() after a 100k synthetic store, embedding excluded: median 1.5 ms, p95 2.2 ms
             (96 h expiry, 796 active stories); no expiry, 24,845 active: median 6.4 ms, p95 9.9 ms;
             a 20k stream with merge passes, placing again on / off: 3.40 / 1.77 ms an article
             (2026-12-04, a slower day: with the clock's passes 6.05, without 5.99, placing again off 2.64)
    --e2e 10000  real AllSides articles by date: embed 169 s, NER 141 s, features + clustering
             144 s (under tracemalloc), 455 s in all; Python heap peak 154 MB, peak RSS 1.27 GB
             (2026-12-02 with placing again, on a slower machine: 224 / 194 / 189 s, 607 s)

Ceiling and order noise (2026-11-23, ``--ceiling --orders 5 --stories 300 --seeds 13 14 15``):
offline complete link with the oracle threshold reaches 0.884-0.905 on AllSides train samples and
0.899 on ECB+ train; ours over 15 stream orders 0.846 (0.828-0.857) and 0.897 (0.856-0.933).

Tuning (``--tune`` grid, train parts only: AllSides train 300 stories + ECB+ train), mean
B3-F1: join 0.95 / entity 0.3 / conflict 0.15 / merge 1.5 gives 0.868 (AllSides 0.830, ECB+
0.907); join 0.85 0.848, 1.0 0.858; merge 1.1 instead of 1.5 costs ECB+ 0.04; the
nearest-member embedding share, a TF-IDF weight of 1.5 or 2, and a pre-warmed IDF gave nothing.

Embeddings are cached under ``$TMPDIR/newsprism-bench-cache`` (outside the repository) so that
re-runs and tuning sweeps do not re-embed.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import math
import random
import re
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from newsprism.cluster import (
    ArticleFeatures,
    ClusterConfig,
    OnlineClusterer,
    article_features,
)
from newsprism.evaluate import (
    cluster_scores,
    default_entity_function,
    embed_cached,
    evaluate_baseline,
    evaluate_clusters,
    format_report,
    prepare_features,
)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
CACHE = Path(tempfile.gettempdir()) / "newsprism-bench-cache"
SEED = 13


def file_digest(path: Path) -> str:
    """SHA-256 of a file, read in chunks (hashlib.file_digest)."""
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


# --- loaders: shared data -> evaluation records -----------------------------------------------


def _allsides_part(shared: Path, part: str) -> list[dict]:
    lines = (shared / "data" / "allsides-roundups" / f"{part}.source").read_text().splitlines()
    records = []
    for n, line in enumerate(lines):
        for k, chunk in enumerate(line.split(" [SEP] ")):
            head, _, body = chunk.partition(" ARTICLE=> ")
            title = head.replace("TITLE=>", "", 1).strip()
            records.append({"url": f"https://allsides-{part}.invalid/{n}/{k}", "title": title,
                            "text": body.strip(), "story": f"{part}-{n}"})
    return records


def _article_day(value: str | None) -> str | None:
    """allsides-articles writes dates as ISO ("2016-09-20") or US short dates ("8/29/18")."""
    if not value:
        return None
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2})", value.strip())
    if m:
        return f"20{m.group(3)}-{int(m.group(1)):02d}-{int(m.group(2)):02d}T00:00:00+00:00"
    m = re.match(r"(\d{4}-\d{2}-\d{2})", value.strip())
    return f"{m.group(1)}T00:00:00+00:00" if m else None


def _title_key(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", title.lower()).strip()


def _allsides_train_dated(shared: Path) -> list[dict]:
    """AllSides train roundup articles that allsides-articles also holds (same title), with
    that article's own publication day. The roundups carry no dates and stories-2021 gives
    every article its roundup's date, so neither shows what a time penalty costs an event
    reported over several days; here the three outlets' dates differ as they did (within a
    story: same day 63 %, one day apart 31 %, more 7 %). Titles written with two different
    dates are left out. About 40 % of the train articles are found."""
    import gzip

    days: dict[str, set[str]] = {}
    with gzip.open(shared / "data" / "allsides-articles" / "articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            day = _article_day(doc.get("date"))
            if day:
                days.setdefault(_title_key(doc.get("title") or ""), set()).add(day)
    records = []
    for r in _allsides_part(shared, "train"):
        found = days.get(_title_key(r["title"]))
        if found and len(found) == 1:
            records.append({**r, "published": next(iter(found))})
    return records


def _stories_2021(shared: Path) -> list[dict]:
    records, seen = [], set()
    path = shared / "data" / "allsides-roundups" / "stories-2021.jsonl"
    for line in path.read_text().splitlines():
        story = json.loads(line)
        for side in ("left", "center", "right"):
            news = (story.get("news") or {}).get(side)
            if not news:
                continue
            url = news.get("newsLink") or f"https://allsides-2021.invalid/{story['id']}/{side}"
            if url in seen:  # one article cited by two roundups: keep the first
                continue
            seen.add(url)
            records.append({"url": url, "title": news.get("newsTitle") or "",
                            "text": " ".join(news.get("newBody") or []),
                            "source": news.get("newsSource"), "published": story["date"],
                            "story": str(story["id"])})
    return records


_DETOK = [(re.compile(r" ([.,;:!?%)\]}])"), r"\1"), (re.compile(r"([(\[{$]) "), r"\1"),
          (re.compile(r" (n't|'s|'re|'ve|'ll|'d|'m)\b"), r"\1"),
          (re.compile(r"`` ?"), '"'), (re.compile(r" ?''"), '"')]


def detokenize(text: str) -> str:
    for pattern, repl in _DETOK:
        text = pattern.sub(repl, text)
    return text


def _ecbplus(shared: Path, split: str) -> list[dict]:
    records = []
    for line in (shared / "data" / "ecbplus-events" / "documents.jsonl").read_text().splitlines():
        doc = json.loads(line)
        if doc["split"] != split:
            continue
        sentences = [detokenize(s) for s in doc["text_tokenized"].split("\n") if s.strip()]
        records.append({"url": f"https://ecbplus.invalid/{doc['doc_id']}", "title": "",
                        "text": "\n".join(sentences), "story": doc["cluster_id"]})
    return records


DATASETS = {
    "allsides-train": (lambda s: _allsides_part(s, "train"), ["data/allsides-roundups/train.source"]),
    "allsides-val": (lambda s: _allsides_part(s, "val"), ["data/allsides-roundups/val.source"]),
    "allsides-dated-train": (_allsides_train_dated, ["data/allsides-roundups/train.source",
                                                     "data/allsides-articles/articles.jsonl.gz"]),
    "stories-2021": (_stories_2021, ["data/allsides-roundups/stories-2021.jsonl"]),
    "ecbplus-train": (lambda s: _ecbplus(s, "train"), ["data/ecbplus-events/documents.jsonl"]),
    "ecbplus-dev": (lambda s: _ecbplus(s, "dev"), ["data/ecbplus-events/documents.jsonl"]),
}


def load(name: str, shared: Path = SHARED, *, stories: int | None = None, seed: int = SEED) -> list[dict]:
    """Records of a dataset, shuffled with ``seed``; ``stories`` keeps a fixed sample of gold stories."""
    loader, _ = DATASETS[name]
    records = loader(shared)
    rng = random.Random(seed)
    if stories is not None:
        ids = sorted({r["story"] for r in records})
        keep = set(rng.sample(ids, min(stories, len(ids))))
        records = [r for r in records if r["story"] in keep]
    rng.shuffle(records)
    return records


def data_hashes(name: str, shared: Path = SHARED) -> dict[str, dict]:
    out = {}
    for rel in DATASETS[name][1]:
        path = shared / rel
        out[rel] = {"sha256": file_digest(path), "bytes": path.stat().st_size}
    return out


def measure(name: str, shared: Path = SHARED, *, stories: int | None = None,
            config: ClusterConfig | None = None, baseline: bool = True,
            cache_dir: Path | None = CACHE) -> dict:
    """Ours and the baseline on one dataset (the report of :func:`evaluate_clusters`)."""
    records = load(name, shared, stories=stories)
    report = evaluate_clusters(records, config=config, baseline=baseline, cache_dir=cache_dir)
    report["data"] = name
    report["sample_stories"] = stories
    return report


# --- tuning (train parts only) ------------------------------------------------------------------


def tune(names: list[str], shared: Path, stories: int | None) -> list[tuple[float, dict]]:
    """Grid search of the scoring weights on training parts: mean B3-F1 over ``names``."""
    entity_fn, _ = default_entity_function()
    prepared = {}
    for name in names:
        records = load(name, shared, stories=stories)
        if all(r.get("published") for r in records):
            records.sort(key=lambda r: r["published"])
        from newsprism.embed import article_text_for_embedding

        emb = embed_cached([article_text_for_embedding(r.get("title"), r.get("text")) for r in records],
                           CACHE)
        feats = prepare_features(records, embeddings=emb, entity_fn=entity_fn)
        prepared[name] = (feats, [r["story"] for r in records])
    grid = [ClusterConfig(w_entity=w_entity, w_conflict=w_conflict, join_threshold=join,
                          merge_threshold=round(join + 0.55, 2))
            for w_entity in (0.0, 0.3, 0.5) for w_conflict in (0.0, 0.15)
            for join in (0.85, 0.9, 0.95, 1.0, 1.05, 1.1)]
    results = []
    for cfg in grid:
        f1s = {}
        for name, (feats, gold) in prepared.items():
            c = OnlineClusterer(cfg)
            for f in feats:
                c.add(f)
            c.merge_pass()
            a = c.assignments()
            f1s[name] = cluster_scores(gold, [a[f.id] for f in feats])["b3_f1"]
        results.append((sum(f1s.values()) / len(f1s), {"config": cfg, "f1": f1s}))
    results.sort(key=lambda x: -x[0])
    return results


def tune_baseline(names: list[str], shared: Path, stories: int | None) -> dict[str, float]:
    """The baseline's fixed threshold: the oracle threshold of each training part."""
    out = {}
    for name in names:
        records = load(name, shared, stories=stories)
        texts = [f"{r.get('title') or ''}\n{r.get('text') or ''}" for r in records]
        out[name] = evaluate_baseline(texts, [r["story"] for r in records])["oracle"]["threshold"]
    return out


def _prepared(name: str, shared: Path, stories: int | None, seed: int) -> tuple[list, list[str], list[dict]]:
    entity_fn, _ = default_entity_function()
    from newsprism.embed import article_text_for_embedding

    records = load(name, shared, stories=stories, seed=seed)
    if all(r.get("published") for r in records):
        records.sort(key=lambda r: r["published"])
    emb = embed_cached([article_text_for_embedding(r.get("title"), r.get("text")) for r in records], CACHE)
    feats = prepare_features(records, embeddings=emb, entity_fn=entity_fn)
    return feats, [str(r["story"]) for r in records], records


def ceiling(names: list[str], shared: Path, stories: int | None, seeds: list[int]) -> list[dict]:
    """What the same signals give when every article is seen at once: agglomerative
    clustering (average and complete link) over embedding cosine + TF-IDF cosine (batch IDF),
    with the oracle threshold (the best for the data itself). An upper bound for an online
    clusterer built on these signals, on training parts only."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform
    from sklearn.feature_extraction.text import TfidfVectorizer

    from newsprism.evaluate import bcubed

    out = []
    for name in names:
        for seed in seeds:
            feats, gold, records = _prepared(name, shared, stories, seed)
            emb = np.stack([f.embedding for f in feats])
            emb /= np.linalg.norm(emb, axis=1, keepdims=True)
            texts = [f"{r.get('title') or ''}\n{r.get('text') or ''}" for r in records]
            tfidf = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
            sim = emb @ emb.T + (tfidf @ tfidf.T).toarray()
            dist = sim.max() - sim
            np.fill_diagonal(dist, 0.0)
            row = {"data": name, "seed": seed, "articles": len(feats)}
            for method in ("average", "complete"):
                tree = linkage(squareform(dist, checks=False), method=method)
                row[method] = round(max(bcubed(gold, fcluster(tree, t, "distance"))["f1"]
                                        for t in np.linspace(0.2, 1.9, 86)), 4)
            row["ours"] = _ours_f1(feats, gold, ClusterConfig())
            out.append(row)
    return out


def _ours_f1(feats: list, gold: list[str], config: ClusterConfig) -> float:
    clusterer = OnlineClusterer(config)
    for f in feats:
        clusterer.add(f)
    clusterer.merge_pass()
    assigned = clusterer.assignments()
    return cluster_scores(gold, [assigned[f.id] for f in feats])["b3_f1"]


def orders(names: list[str], shared: Path, stories: int | None, seeds: list[int], n_orders: int,
           configs: dict[str, ClusterConfig]) -> dict[str, dict[str, dict[str, float]]]:
    """B3-F1 of configurations over ``n_orders`` shuffles of each training sample: an online
    clusterer depends on the order it sees articles in, and on one order a weight change of a
    few thousandths is noise (the variance this shows)."""
    out: dict[str, dict[str, dict[str, float]]] = {}
    for name in names:
        runs: dict[str, list[float]] = {k: [] for k in configs}
        for seed in seeds:
            feats, gold, _ = _prepared(name, shared, stories, seed)
            for k in range(n_orders):
                idx = list(range(len(feats)))
                random.Random(1000 + k).shuffle(idx)
                if all(f.published for f in feats):
                    idx.sort(key=lambda i: feats[i].published)  # dated parts keep their time order
                f_o, g_o = [feats[i] for i in idx], [gold[i] for i in idx]
                for label, cfg in configs.items():
                    runs[label].append(_ours_f1(f_o, g_o, cfg))
        out[name] = {label: {"mean": round(statistics.mean(v), 4), "min": round(min(v), 4),
                             "max": round(max(v), 4), "runs": len(v)} for label, v in runs.items()}
    return out


# --- speed ----------------------------------------------------------------------------------


def synthetic_features(n: int, *, seed: int = SEED, per_event: float = 4.0, dim: int = 384,
                       span_days: float = 120.0) -> list[ArticleFeatures]:
    """Synthetic articles for the latency test (embedding excluded, so the vectors are made up).

    Events are random unit directions; an article is its event's direction plus noise, with
    ~150 words drawn from a Zipf vocabulary of 50,000 plus 12 event words, 3-6 entities from
    a pool of 20,000 (2 of them the event's) and 2 numbers; events start uniformly over
    ``span_days`` and their articles follow within two days, as news does.
    """
    rng = np.random.default_rng(seed)
    n_events = max(1, int(n / per_event))
    centers = rng.standard_normal((n_events, dim)).astype(np.float32)
    centers /= np.linalg.norm(centers, axis=1, keepdims=True)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    event_time = np.sort(rng.uniform(0, span_days * 24, n_events))
    vocab_p = 1.0 / np.arange(1, 50_001) ** 1.1
    vocab_p /= vocab_p.sum()
    out = []
    events = np.sort(rng.integers(0, n_events, n))
    words = rng.choice(50_000, size=(n, 150), p=vocab_p)
    for i, ev in enumerate(events):
        v = centers[ev] + 0.9 * rng.standard_normal(dim).astype(np.float32) / math.sqrt(dim)
        v /= np.linalg.norm(v)
        terms: dict[str, float] = {}
        for w in words[i]:
            terms[f"w{w}"] = terms.get(f"w{w}", 0.0) + 1.0
        for k in range(12):
            terms[f"e{ev}_{k}"] = 2.0
        terms = {t: 1.0 + math.log(c) for t, c in terms.items()}
        ents = {f"ent{ev * 7 % 20_000}", f"ent{ev * 13 % 20_000}"}
        ents.update(f"ent{x}" for x in rng.integers(0, 20_000, int(rng.integers(1, 5))))
        hours = event_time[ev] + float(rng.uniform(0, 48))
        out.append(ArticleFeatures(
            id=f"a{i}", published=start + timedelta(hours=hours), embedding=v, terms=terms,
            entities=frozenset(ents), facts=frozenset({str(ev % 997 + 10), str(int(rng.integers(10, 99)))}),
            source=f"s{int(rng.integers(0, 300))}"))
    out.sort(key=lambda f: (f.published, f.id))
    return out


def assignment_latency(store_size: int = 100_000, probes: int = 1000,
                       quiet_hours: float | None = 96.0) -> dict:
    """Median/p95 time of ``add`` for ``probes`` articles after ``store_size`` (embedding excluded)."""
    feats = synthetic_features(store_size + probes)
    clusterer = OnlineClusterer(ClusterConfig(quiet_hours=quiet_hours, merge_every=0, merge_every_hours=None))
    t0 = time.perf_counter()
    for f in feats[:store_size]:
        clusterer.add(f)
    build = time.perf_counter() - t0
    times = []
    for f in feats[store_size:]:
        t = time.perf_counter()
        clusterer.add(f)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return {"store_articles": store_size, "quiet_hours": quiet_hours,
            "active_stories": len(clusterer.stories(active_only=True)),
            "stories": len(clusterer.stories()),
            "median_ms": round(statistics.median(times), 3),
            "p95_ms": round(times[int(0.95 * len(times))], 3),
            "build_s": round(build, 1), "build_per_article_ms": round(1000 * build / store_size, 3)}


def pass_cost(n: int = 20_000, repeats: int = 3) -> dict:
    """What the merge passes cost a stream: ``n`` synthetic articles (120 days, ~170 a day),
    total seconds per article, best of ``repeats`` runs of each configuration, alternated
    in one process so all see the same machine. ``default``: passes every 500 articles and
    every 24 h of the stream's clock, placing again on; ``clock_off``: by article count
    only; ``reassign_off``: by article count only, placing again off (the cheapest)."""
    feats = synthetic_features(n)
    configs = {"default": ClusterConfig(), "clock_off": ClusterConfig(merge_every_hours=None),
               "reassign_off": ClusterConfig(merge_every_hours=None, reassign_window=0)}
    best: dict[str, float] = {}
    moved = 0
    for _ in range(repeats):
        for label, config in configs.items():
            gc.collect()
            clusterer = OnlineClusterer(config)
            t0 = time.perf_counter()
            for f in feats:
                clusterer.add(f)
            clusterer.merge_pass()
            best[label] = min(best.get(label, math.inf), time.perf_counter() - t0)
            moved = max(moved, len(clusterer.moves))
    return {"articles": n, "moved": moved, **{f"{k}_ms_per_article": round(1000 * v / n, 3) for k, v in best.items()},
            **{f"ratio_{k}": round(v / best["reassign_off"], 3) for k, v in best.items() if k != "reassign_off"}}


def end_to_end(shared: Path, n: int = 10_000) -> dict:
    """Real articles (AllSides-labelled corpus, by date): features, embeddings, clustering.

    Embeddings are computed fresh (no cache); peak memory is the Python heap (tracemalloc)
    plus the process's peak RSS (which includes the ONNX model).
    """
    import gzip
    import resource

    from newsprism.embed import Embedder, article_text_for_embedding

    rows = []
    with gzip.open(shared / "data" / "allsides-articles" / "articles.jsonl.gz", "rt") as fh:
        for line in fh:
            rows.append(json.loads(line))
            if len(rows) >= n:
                break
    from dateutil import parser as dateparser

    def when(value: str | None) -> datetime | None:
        try:  # the corpus mixes "2016-09-20" and "10/10/18"
            return dateparser.parse(value).replace(tzinfo=UTC) if value else None
        except (ValueError, OverflowError):
            return None

    for r in rows:
        r["_published"] = when(r.get("date"))
    rows.sort(key=lambda r: (r["_published"] or datetime.min.replace(tzinfo=UTC), r["url"]))
    entity_fn, entity_name = default_entity_function()
    tracemalloc.start()
    t0 = time.perf_counter()
    embedder = Embedder()
    texts = [article_text_for_embedding(r["title"], r["content_original"]) for r in rows]
    vectors = embedder.embed_texts(texts)
    t_embed = time.perf_counter() - t0
    t1 = time.perf_counter()
    entity_sets = entity_fn([(r["url"], r["title"], r["content_original"]) for r in rows])
    t_entities = time.perf_counter() - t1
    clusterer = OnlineClusterer()
    for r, v, ents in zip(rows, vectors, entity_sets):
        published = r["_published"]
        f = article_features(r["url"], r["title"], r["content_original"], published=published,
                             embedding=v, entities=ents, source=r.get("source"))
        clusterer.add(f)
    clusterer.merge_pass()
    t_cluster = time.perf_counter() - t1
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"articles": len(rows), "entities": entity_name, "embed_s": round(t_embed, 1),
            "entities_s": round(t_entities, 1),
            "features_and_cluster_s": round(t_cluster - t_entities, 1),
            "total_s": round(time.perf_counter() - t0, 1),
            "stories": len(clusterer.stories()),
            "python_heap_peak_mb": round(peak / 2**20, 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def _allsides_jsonl(shared: Path, out: Path, start: int, count: int) -> int:
    """AllSides articles ``start .. start + count`` (file order, usable ones only) as ingest JSON Lines."""
    import gzip

    n = written = 0
    with gzip.open(shared / "data" / "allsides-articles" / "articles.jsonl.gz", "rt", encoding="utf-8") as src, \
            out.open("w", encoding="utf-8") as dst:
        for line in src:
            rec = json.loads(line)
            if not rec.get("content_original") or not rec.get("url"):
                continue
            n += 1
            if n <= start:
                continue
            dst.write(json.dumps({"url": rec["url"], "title": rec.get("title"), "text": rec["content_original"],
                                  "published": rec.get("date") or None, "source": rec.get("source")}) + "\n")
            written += 1
            if written >= count:
                break
    return written


def update_base_store(shared: Path, store_size: int, cache_dir: Path = CACHE) -> Path:
    """A data folder holding ``store_size`` AllSides articles with stories, built once and cached
    (outside the repository): features (embeddings + NER over the whole text) are the slow part,
    about 12 minutes for 5,000 articles on one core."""
    from newsprism.config import load_settings
    from newsprism.pipeline import SerialExecutor, ingest
    from newsprism.store import Store
    from newsprism.stories import update_stories

    base = cache_dir / f"update-store-{store_size}"
    if (base / "READY").exists():
        return base
    base.mkdir(parents=True, exist_ok=True)
    # Files of 500 articles: the ingest refuses files over 20 MiB.
    files = []
    for start in range(0, store_size, 500):
        files.append(base / f"articles-{start:06d}.jsonl")
        _allsides_jsonl(shared, files[-1], start, min(500, store_size - start))
    settings = load_settings(overrides={"data_dir": base, "workers": 1}, env={})
    with Store.open(settings.effective_database_url) as store:
        report = ingest([str(f) for f in files], store, settings, executor=SerialExecutor())
        if report.errors:
            raise RuntimeError(f"base store: {len(report.errors)} items rejected, first: {report.errors[0]}")
        t0 = time.perf_counter()
        update_stories(store)
        print(f"base store of {store_size} built; update_stories {time.perf_counter() - t0:.0f} s", flush=True)
    for f in files:
        f.unlink()
    (base / "READY").write_text("ok\n")
    return base


def _prime(base: Path) -> dict:
    """Give a base store the incremental state (entity indexes, baseline histogram, a
    clusterer snapshot of the current version) that a store kept by this release has: built
    once, untimed. Returns the snapshot's size before and after (JSON bytes)."""
    import json as _json

    from newsprism import entity_table
    from newsprism.cluster import SNAPSHOT_VERSION, OnlineClusterer
    from newsprism.store import Store
    from newsprism.stories import BASELINE_STATE_KEY, STATE_KEY, _virality_baseline_full

    with Store.open(f"sqlite:///{base / 'newsprism.db'}") as store:
        if not entity_table.index_ready(store):
            entity_table.refresh_all(store, reason="benchmark base")
        raw = store.load_state(STATE_KEY)
        snap = _json.loads(raw)
        if store.load_state(BASELINE_STATE_KEY) is None:
            _virality_baseline_full(store, {d["id"] for d in snap["stories"] if d.get("active", True)})
        sizes = {"snapshot_version_found": snap["version"], "snapshot_bytes_found": len(raw)}
        if snap["version"] != SNAPSHOT_VERSION:
            raw = _json.dumps(OnlineClusterer.restore(snap).snapshot(), separators=(",", ":")).encode()
            store.save_state(STATE_KEY, raw)
        sizes["snapshot_bytes"] = len(raw)
        return sizes


def update_speed(shared: Path, store_size: int = 5000, batch: int = 10, repeats: int = 3) -> dict:
    """``update_stories`` after ingesting ``batch`` new AllSides articles into a store of
    ``store_size``, on fresh copies of one base store: the incremental update against
    ``full_refresh`` (entities and virality baseline recomputed over the archive, as every
    run did before). Run with an older release's ``src`` on ``PYTHONPATH`` (no
    ``full_refresh`` there) it times that release's plain ``update_stories`` as "before".

    Embedding and NER of the new articles are the same work in every mode and are reported
    apart. The modes must leave the same entity table; the baselines are printed side by side.
    """
    import inspect
    import shutil

    from newsprism.config import load_settings
    from newsprism.pipeline import SerialExecutor, ingest
    from newsprism.store import Store
    from newsprism.stories import STATE_KEY, update_stories, virality_baseline

    base = update_base_store(shared, store_size)
    batch_file = CACHE / f"update-batch-{store_size}-{batch}.jsonl"
    _allsides_jsonl(shared, batch_file, store_size, batch)
    current = "full_refresh" in inspect.signature(update_stories).parameters
    out: dict = {"store_articles": store_size, "batch": batch, "repeats": repeats}
    if current:
        out["base"] = _prime(base)
    tables = {}
    modes = ("full", "incremental", "no_reassign") if current else ("before",)
    for mode in modes:
        runs = []
        for _ in range(repeats):
            with tempfile.TemporaryDirectory() as tmp:
                data = Path(tmp)
                for f in base.glob("newsprism.db*"):
                    shutil.copy(f, data / f.name)
                settings = load_settings(overrides={"data_dir": data, "workers": 1}, env={})
                with Store.open(settings.effective_database_url) as store:
                    if mode == "no_reassign":  # what placing again costs a run: the same without it
                        snap = json.loads(store.load_state(STATE_KEY))
                        snap["config"]["reassign_window"] = 0
                        store.save_state(STATE_KEY, json.dumps(snap).encode())
                    ingest([str(batch_file)], store, settings, executor=SerialExecutor())
                    gc.collect()
                    t0 = time.perf_counter()
                    if current:
                        rep = update_stories(store, full_refresh=(mode == "full"))
                    else:
                        rep = update_stories(store)
                    total = time.perf_counter() - t0
                    features = rep.timings.get("embed", 0.0) + rep.timings.get("ner", 0.0)
                    runs.append({"total_s": total, "without_features_s": total - features,
                                 "entities_s": rep.timings.get("entities", 0.0),
                                 "baseline_s": rep.timings.get("virality_baseline", 0.0),
                                 "story_rows_s": rep.timings.get("story_rows", 0.0),
                                 "assign_s": rep.timings.get("assign", 0.0),
                                 "restore_s": rep.timings.get("restore", 0.0),
                                 "leaning_s": rep.timings.get("leaning", 0.0),
                                 "moved": getattr(rep, "moved", None),
                                 "features_s": features,
                                 "snapshot_bytes": len(store.load_state(STATE_KEY) or b""),
                                 "entity_mode": getattr(rep, "entities", {}).get("mode", "full (always)"),
                                 "closure_entities": getattr(rep, "entities", {}).get("closure_entities")})
                    rows = store.entities()
                    tables[mode] = (sorted((r["id"], r["name"], r["type"], tuple(r["aliases"]), r["mentions"],
                                            tuple(sorted(r["articles"]))) for r in rows),
                                    virality_baseline(store))
        keys = [k for k in runs[0] if k.endswith("_s")]
        out[mode] = {k: round(statistics.median(r[k] for r in runs), 3) for k in keys}
        out[mode]["snapshot_bytes"] = runs[0]["snapshot_bytes"]
        out[mode]["entity_mode"] = runs[0]["entity_mode"]
        out[mode]["closure_entities"] = runs[0]["closure_entities"]
        out[mode]["moved"] = runs[0]["moved"]
        out[mode]["baseline"] = tables[mode][1]
    out["entities"] = len(next(iter(tables.values()))[0])
    if current:
        out["same_entity_table"] = tables["full"][0] == tables["incremental"][0] == tables["no_reassign"][0]
    out["entity_table_sha256"] = {m: hashlib.sha256(repr(t[0]).encode()).hexdigest()[:16] for m, t in tables.items()}
    return out


def snapshot_cost(db: Path, repeats: int = 3) -> dict:
    """Size and (de)serialisation cost of the clusterer snapshot a store holds, whatever
    release wrote it: JSON bytes, bytes stored (zlib level 1, as the store writes it), and
    the best of ``repeats`` for parsing it and for writing it back (``json.dumps`` + zlib).
    The database is read with sqlite3 directly, so an older release's store is not migrated."""
    import sqlite3
    import zlib

    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        row = conn.execute("SELECT value FROM np_state WHERE key = 'clusterer'").fetchone()
    raw = zlib.decompress(row[0])
    parse, write = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        data = json.loads(raw)
        t1 = time.perf_counter()
        stored = zlib.compress(json.dumps(data, separators=(",", ":")).encode(), 1)
        write.append(time.perf_counter() - t1)
        parse.append(t1 - t0)
    return {"store": str(db), "version": data.get("version"), "stories": len(data["stories"]),
            "json_bytes": len(raw), "stored_bytes": len(stored),
            "parse_s": round(min(parse), 3), "write_s": round(min(write), 3)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", choices=sorted(DATASETS), action="append")
    p.add_argument("--shared", type=Path, default=SHARED)
    p.add_argument("--stories", type=int, default=None, help="fixed sample of gold stories")
    p.add_argument("--no-baseline", action="store_true")
    p.add_argument("--tune", action="store_true", help="grid-search weights on the given (train) parts")
    p.add_argument("--speed", action="store_true", help="assignment latency on a 100k store")
    p.add_argument("--e2e", type=int, default=0, help="end-to-end run on N real articles")
    p.add_argument("--ceiling", action="store_true",
                   help="offline average/complete link on the same signals, oracle threshold (train parts)")
    p.add_argument("--orders", type=int, default=0, metavar="N",
                   help="ours over N shuffles of each train sample (order noise), default vs --compare weights")
    p.add_argument("--compare", action="append", default=[], metavar="FIELD=VALUE,...",
                   help="a ClusterConfig variant for --orders, e.g. w_tfidf=1.3,join_threshold=1.0")
    p.add_argument("--seeds", type=int, nargs="+", default=[13], help="sample seeds for --ceiling/--orders")
    p.add_argument("--update-speed", type=int, default=0, metavar="N",
                   help="update_stories after 10 new articles into a store of N (full vs incremental)")
    p.add_argument("--snapshot-cost", type=Path, nargs="+", default=[], metavar="DB",
                   help="size and parse/write time of the clusterer snapshot in these databases")
    p.add_argument("--json", type=Path)
    args = p.parse_args(argv)
    if not args.shared.is_dir():
        print(f"shared data folder {args.shared} is absent", file=sys.stderr)
        return 2
    out: dict = {}
    if args.tune:
        names = args.data or ["allsides-train", "ecbplus-train"]
        if any(not (n.endswith("-train")) for n in names):
            print("tune on training parts only", file=sys.stderr)
            return 2
        results = tune(names, args.shared, args.stories)
        for score, r in results[:15]:
            c = r["config"]
            print(f"{score:.4f} {r['f1']} ent={c.w_entity} conflict={c.w_conflict} "
                  f"join={c.join_threshold} merge={c.merge_threshold}")
        print("baseline oracle thresholds on train:", tune_baseline(names, args.shared, args.stories))
        return 0
    if args.ceiling or args.orders:
        names = args.data or ["allsides-train", "ecbplus-train"]
        if any(not n.endswith("-train") for n in names):
            print("--ceiling and --orders run on training parts only", file=sys.stderr)
            return 2
        if args.ceiling:
            for row in ceiling(names, args.shared, args.stories, args.seeds):
                print("ceiling:", row)
                out.setdefault("ceiling", []).append(row)
        if args.orders:
            configs = {"default": ClusterConfig()}
            for spec in args.compare:
                fields = {k: float(v) for k, v in (kv.split("=") for kv in spec.split(","))}
                configs[spec] = ClusterConfig(**fields)
            r = orders(names, args.shared, args.stories, args.seeds, args.orders, configs)
            print("orders:", json.dumps(r, indent=2))
            out["orders"] = r
        if args.json:
            args.json.write_text(json.dumps(out, indent=2, default=str))
        return 0
    for name in args.data or []:
        report = measure(name, args.shared, stories=args.stories, baseline=not args.no_baseline)
        print(f"== {name}")
        print(format_report(report))
        print("timings:", report["timings"])
        out[name] = report
    if args.speed:
        for quiet in (96.0, None):
            gc.collect()
            r = assignment_latency(quiet_hours=quiet)
            print("latency:", r)
            out.setdefault("latency", []).append(r)
        r = pass_cost()
        print("merge passes:", r)
        out["pass_cost"] = r
    if args.e2e:
        r = end_to_end(args.shared, args.e2e)
        print("end to end:", r)
        out["end_to_end"] = r
    for db in args.snapshot_cost:
        print("snapshot:", json.dumps(snapshot_cost(db)))
    if args.update_speed:
        r = update_speed(args.shared, args.update_speed)
        print("update after an ingest:", json.dumps(r, indent=2))
        out["update_speed"] = r
    if args.json:
        args.json.write_text(json.dumps(out, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
