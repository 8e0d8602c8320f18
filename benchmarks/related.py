"""Related-story links (``newsprism.related``): do they join the stories of one subject, and only those?

Run from the repository root::

    python -m benchmarks.related --data allsides-dated-train --read 10   # evidence for the weights
    python -m benchmarks.related --data stories-2021 --data ecbplus-dev  # reported
    python -m benchmarks.related --demo                                  # the demo corpus, through a store

Each part is clustered online with the default configuration (one stream order, as
``benchmarks.clusters`` orders it) and each story is linked to the others by
:func:`newsprism.related.related_stories`; entities are the clusterer's (title + lead). No data
marks which stories belong to one developing subject, so three partial measures:

* **pieces**: of the pairs of same-story articles the clusterer put in different stories,
  the share whose stories are linked (a link is surely right there); with the links per
  story and the share of stories with one, which say how busy the section is;
* ``--read N``: N random links per score band, both stories' first headlines, for reading
  ("would a reader of one want the other?"); the judgements are in BENCHMARKS.md;
* **ECB+ topics**: every ECB+ topic holds two similar events (two earthquakes in one region,
  two celebrities entering rehab), years apart. Precision and recall of the links over pairs
  of articles in different stories, against "same topic". This is a looser relation than a
  developing story (ECB+ has no dates, so the time window plays no part), reported to show
  how far the links reach, not tuned on.

``--demo`` ingests the bundled demo corpus into a temporary store and reads the links the page
shows (:func:`newsprism.stories.related_stories`, with the store's entities of whole
articles); its answer key's planted stories are the subjects, its two Montevara earthquakes
one subject. It is our own corpus: a check, not evidence.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from benchmarks.clusters import SHARED, _prepared
from newsprism.cluster import ClusterConfig, OnlineClusterer
from newsprism.related import RelatedConfig, StoryProfile, centroid, idf_weights, related_stories

DEMO = Path(__file__).resolve().parents[1] / "src" / "newsprism" / "data" / "demo"
BANDS = [(0.6, 0.7), (0.7, 0.8), (0.8, 0.95), (0.95, 99.0)]


def _stories(feats: list) -> tuple[dict[str, str], dict[str, list], list[StoryProfile], object]:
    """The default clusterer's stories of ``feats`` and their profiles (copies left out of centroids)."""
    clusterer = OnlineClusterer(ClusterConfig())
    for f in feats:
        clusterer.add(f)
    clusterer.merge_pass()
    story_of = clusterer.assignments()
    members: dict[str, list] = defaultdict(list)
    for f in feats:
        members[story_of[f.id]].append(f)
    profiles = []
    for sid, ms in sorted(members.items()):
        times = [m.published for m in ms if m.published]
        profiles.append(StoryProfile(id=sid, centroid=centroid(m.embedding for m in ms if not m.duplicate_of),
                                     entities=frozenset().union(*(m.entities for m in ms)),
                                     first=min(times) if times else None, last=max(times) if times else None))
    df = Counter(e for f in feats for e in f.entities)
    return story_of, members, profiles, idf_weights(df, len(feats))


def _links(profiles: list[StoryProfile], idf, cfg: RelatedConfig) -> dict[tuple[str, str], float]:
    out = {}
    for p in profiles:
        for r in related_stories(p, profiles, idf, cfg):
            out[(min(p.id, r["id"]), max(p.id, r["id"]))] = r["score"]
    return out


def pair_scores(links, story_of: dict[str, str], subject: dict[str, str]) -> dict:
    """Precision / recall of the links over article pairs placed in different stories."""
    tp = fp = fn = 0
    for a, b in itertools.combinations(sorted(story_of), 2):
        sa, sb = story_of[a], story_of[b]
        if sa == sb:
            continue
        linked = (min(sa, sb), max(sa, sb)) in links
        gold = subject[a] == subject[b]
        tp += linked and gold
        fp += linked and not gold
        fn += gold and not linked
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def pieces(story_of: dict[str, str], gold: dict[str, str], links, n_stories: int) -> dict:
    """How the links treat the stories the clusterer split, and how many links a story gets."""
    split = Counter()
    for a, b in itertools.combinations(sorted(story_of), 2):
        if gold[a] == gold[b] and story_of[a] != story_of[b]:
            split[(min(story_of[a], story_of[b]), max(story_of[a], story_of[b]))] += 1
    joined = sum(v for k, v in split.items() if k in links)
    linked = Counter(s for k in links for s in k)
    return {"split_pairs": sum(split.values()),
            "split_pairs_linked": round(joined / sum(split.values()), 4) if split else None,
            "links": len(links), "links_per_story": round(2 * len(links) / n_stories, 2),
            "stories_with_a_link": round(len(linked) / n_stories, 4)}


def measure(name: str, cfg: RelatedConfig, read: int = 0, seed: int = 7) -> dict:
    feats, gold_list, records = _prepared(name, SHARED, None, 13)
    gold = {f.id: g for f, g in zip(feats, gold_list)}
    story_of, members, profiles, idf = _stories(feats)
    links = _links(profiles, idf, cfg)
    row = {"data": name, "articles": len(feats), "stories": len(profiles),
           **pieces(story_of, gold, links, len(profiles))}
    if name.startswith("ecbplus"):
        row["topics"] = pair_scores(links, story_of, {a: g.split("_")[0] for a, g in gold.items()})
    if read:
        title = {f.id: r.get("title") or (r.get("text") or "")[:90] for f, r in zip(feats, records)}
        rng = random.Random(seed)
        row["read"] = {}
        for lo, hi in BANDS:
            band = sorted(k for k, s in links.items() if lo <= s < hi)
            row["read"][f"{lo}-{hi}"] = {"links": len(band), "sample": [
                [links[k], title[members[k[0]][0].id], title[members[k[1]][0].id]]
                for k in rng.sample(band, min(read, len(band)))]}
    return row


def demo(cfg: RelatedConfig | None = None) -> dict:
    """The links of the demo store's pages against its answer key."""
    from newsprism.config import load_settings
    from newsprism.pipeline import SerialExecutor, ingest
    from newsprism.store import Store
    from newsprism.stories import related_stories as stored_related
    from newsprism.stories import update_stories

    key = json.loads((DEMO / "answer_key.json").read_text())
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(overrides={"data_dir": tmp, "workers": 1}, env={})
        store = Store.open(settings.effective_database_url)
        ingest([str(DEMO / "articles.jsonl")], store, settings, executor=SerialExecutor())
        update_stories(store)
        rows = {r["url"]: r for r in store.articles()}
        subject = {rows[url]["id"]: ("montevara" if k.startswith("montevara-quake") else k)
                   for k, story in key.items() for url in story["articles"]}
        story_of = {r["id"]: r["story_id"] for r in rows.values()}
        links = {}
        for sid in sorted(set(story_of.values())):
            for r in stored_related(store, sid, config=cfg):
                links[(min(sid, r["id"]), max(sid, r["id"]))] = r["score"]
        store.close()
    return {"data": "demo", "stories": len(set(story_of.values())), "links": len(links),
            **pair_scores(links, story_of, subject)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", choices=["allsides-dated-train", "stories-2021", "ecbplus-train", "ecbplus-dev"],
                   action="append", default=[])
    p.add_argument("--demo", action="store_true")
    p.add_argument("--read", type=int, default=0, metavar="N", help="N random links per score band")
    p.add_argument("--threshold", type=float, default=None)
    p.add_argument("--w-entity", type=float, default=None)
    args = p.parse_args(argv)
    kw = {k: v for k, v in (("threshold", args.threshold), ("w_entity", args.w_entity)) if v is not None}
    cfg = RelatedConfig(**kw)
    for name in args.data:
        print(json.dumps(measure(name, cfg, args.read), indent=1))
    if args.demo:
        print(json.dumps(demo(cfg)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
