"""Time to build one story page (title, breakdown, perspectives, keywords, Q&A, disagreements,
timeline) of 40 articles, with precomputed entities as the store supplies them.

Baseline in the same run: bare sentence splitting of the same 40 texts (the least any page
builder must do), so the ratio is comparable across machines.

Run from the repository root:  python -m benchmarks.storypage [--shared PATH]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    seeds = sorted((args.shared / "seeds").glob("00[0-3]_*.txt"))
    if not seeds:
        print(f"seed articles not found under {args.shared}/seeds", file=sys.stderr)
        return 2
    from newsprism.clean import split_sentences
    from newsprism.entities import extract_mentions_many, resolve_entities
    from newsprism.pipeline import prepare
    from newsprism.sources import read_path
    from newsprism.storypage import build_story

    base = [prepare(item) for p in seeds for item in read_path(p)]
    records = []
    for k in range(40):
        a = base[k % len(base)]
        records.append({"id": f"a{k:02d}", "url": f"https://outlet{k}.example/{k}", "title": a.title,
                        "text": a.text + f"\n\nLocal detail number {k} was noted by reporters.",
                        "published": a.published, "source": f"outlet{k}.example"})
    mentions = extract_mentions_many([f"{r['title']}\n\n{r['text']}" for r in records])
    ents = resolve_entities([(r["id"], m) for r, m in zip(records, mentions)])
    base_t, page_t = [], []
    for _ in range(args.repeat):
        t = time.perf_counter()
        for r in records:
            split_sentences(r["text"])
        base_t.append(time.perf_counter() - t)
        t = time.perf_counter()
        page = build_story(records, entities=ents)
        page_t.append(time.perf_counter() - t)
    print(f"40-article story page: median {statistics.median(page_t):.3f} s "
          f"(baseline sentence splitting {statistics.median(base_t):.3f} s, "
          f"ratio x{statistics.median(page_t) / statistics.median(base_t):.0f}); "
          f"{len(page['breakdown'])} bullets, {len(page['questions'])} questions, "
          f"{len(page['disagreements'])} disagreements, {len(page['timeline'])} timeline entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
