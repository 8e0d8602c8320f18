"""Disagreements benchmark: how often ``find_disagreements`` speaks, and on what, where the truth
is known or can be read.

Run from the repository root::

    python -m benchmarks.disputes [--list]

Sets (read on the fly from the sibling ``shared`` folder and the package; nothing copied):

* **AllSides roundups** ``train`` and ``val``: each event told by three outlets (leads only,
  about 60-120 words each), and ``stories-2021.jsonl``: 506 events with the three full
  article bodies. Outlets of one event rarely contradict each other on checkable details, so
  every dispute found is a candidate false alarm: ``--list`` prints each with the sentences
  it rests on, to be read one by one (the reading is in BENCHMARKS.md).
* **The demo corpus** (``newsprism/data/demo``), grouped by its answer key: its README plants
  three disagreements; two are checkable from the texts as written (14 vs 16 prisoners; the
  strike began Friday vs Saturday), the third ("at least 23" dead, later 31) is a rising
  count that is consistent as stated. Reported: planted found, and anything else found.

Disputes are counted by kind: the first word of their topic ("day", "number", "place",
"name", "who" ...).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.summaries import DATA, SHARED, load  # noqa: E402  (the AllSides reader)


def _stories_2021(path: Path) -> list[dict[str, Any]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        st = json.loads(line)
        arts = []
        for side, a in (st.get("news") or {}).items():
            body = a.get("newBody") or []
            arts.append({"id": f"{st['id']}-{side}", "title": a.get("newsTitle") or "",
                         "text": "\n\n".join(body) if isinstance(body, list) else str(body),
                         "source": a.get("newsSource") or side, "published": None})
        out.append({"n": st["id"], "articles": arts})
    return out


def _full_length(shared: Path, part: str) -> list[dict[str, Any]]:
    """The AllSides roundups of ``part`` whose articles allsides-articles holds by title (at least
    two of a roundup's three), with the full scraped texts, cleaned as ingest cleans them, and
    each article's own date. stories-2021's bodies are excerpts; these run a median 804 words
    and keep what scraped pages hold: photo captions with full dates, credits, bylines."""
    import gzip

    from benchmarks.clusters import _allsides_part, _article_day, _title_key
    from newsprism.clean import clean_text

    wanted: dict[str, list[str]] = {}
    for r in _allsides_part(shared, part):
        wanted.setdefault(_title_key(r["title"]), []).append(r["story"])
    found: dict[str, list[dict[str, Any]]] = {}
    with gzip.open(shared / "data" / "allsides-articles" / "articles.jsonl.gz", "rt", encoding="utf-8") as src:
        for line in src:
            doc = json.loads(line)
            key = _title_key(doc.get("title") or "")
            if key in wanted and doc.get("content_original"):
                found.setdefault(key, []).append(doc)
    members: dict[str, list[dict[str, Any]]] = {}
    for key, docs in found.items():
        if len(docs) != 1 or len(wanted[key]) != 1:  # a title written twice is no match
            continue
        doc = docs[0]
        members.setdefault(wanted[key][0], []).append(
            {"id": doc["url"], "title": doc.get("title") or "", "text": clean_text(doc["content_original"]),
             "source": doc.get("source") or None, "published": _article_day(doc.get("date"))})
    return [{"n": sid, "articles": arts} for sid, arts in sorted(members.items()) if len(arts) >= 2]


def _demo() -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
    from newsprism.evaluate import demo_gold_stories

    gold = demo_gold_stories()
    stories = [{"n": name, "articles": arts} for name, arts, _ in gold]
    planted = {name: [d["topic"] for d in story.get("disagreements", [])] for name, _, story in gold}
    return stories, planted


def run(stories: list[dict[str, Any]], show: bool) -> dict[str, Any]:
    from newsprism.disputes import find_disagreements

    kinds: Counter[str] = Counter()
    found_in: dict[Any, list[str]] = {}
    t0 = time.perf_counter()
    for st in stories:
        found = find_disagreements(st["articles"])
        if found:
            found_in[st["n"]] = [d["topic"] for d in found]
        for d in found:
            kinds[d["topic"].split(" ")[0]] += 1
            if show:
                print(f"== {st['n']}: {d['topic']}")
                for claim in d["claims"]:
                    for ev in claim["evidence"]:
                        print(f"   [{claim['text']}] {ev['source']}: {ev['text'][:220]}")
    ms = 1000 * (time.perf_counter() - t0) / max(1, len(stories))
    return {"stories": len(stories), "disputes": sum(kinds.values()), "by_kind": dict(sorted(kinds.items())),
            "stories_with_disputes": found_in, "ms_per_story": round(ms, 2)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--list", action="store_true", help="print every dispute with its evidence")
    args = ap.parse_args(argv)
    report: dict[str, Any] = {}
    demo, planted = _demo()
    if args.list:
        print("# demo corpus")
    demo_run = run(demo, args.list)
    found = demo_run.pop("stories_with_disputes")
    demo_run["planted"] = {k: v for k, v in planted.items() if v}
    demo_run["found"] = found
    report["demo"] = demo_run
    if DATA.is_dir():
        for split in ("train", "val"):
            if args.list:
                print(f"# AllSides {split}")
            report[f"allsides_{split}"] = run(load(split), args.list)
        full = DATA / "stories-2021.jsonl"
        if full.is_file():
            if args.list:
                print("# AllSides stories-2021 (full texts)")
            report["allsides_2021_full_text"] = run(_stories_2021(full), args.list)
        if (SHARED / "data" / "allsides-articles" / "articles.jsonl.gz").is_file():
            for split in ("train", "val"):
                if args.list:
                    print(f"# AllSides {split}, full-length articles")
                report[f"allsides_{split}_full_length"] = run(_full_length(SHARED, split), args.list)
    else:
        print(f"no AllSides data at {DATA}: demo corpus only", file=sys.stderr)
    if not args.list:
        for rep in report.values():
            rep.pop("stories_with_disputes", None)
    print(json.dumps(report, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
