"""Time to build one story page (title, breakdown, perspectives, keywords, Q&A, disagreements,
timeline) of 40 articles, with precomputed entities as the store supplies them.

Two stories: the four seed articles repeated under 40 unrated outlets (each text scored by the
leaning classifier; ten near-copies of each text), and 40 distinct AllSides articles from one
event (topic "elections", 2014-11-03..05, the US midterms: 18 real outlets, no two texts alike),
when ../shared/data/allsides-articles is there.

Baseline in the same run: bare sentence splitting of the same 40 texts (the least any page
builder must do), so the ratio is comparable across machines. Each story is also timed with
the page helper (``storypage.page_helper``: one more process builds half of the page), as the
web app builds pages.

Run from the repository root:  python -m benchmarks.storypage [--shared PATH]

``--ab OTHER_SRC`` compares this checkout's ``src`` with another release's (say a git worktree
of it) on the 40 distinct articles: two worker processes, one per release, build the page in
turn, ``--repeat`` times each, so both see the same moments of a noisy machine; minimum and
median of each, and their ratios.
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
    ap.add_argument("--big", type=int, default=0, metavar="N",
                    help="also time a story of the last N AllSides 'elections' articles by date (say 200): "
                         "what the page's sentence budgets bound")
    ap.add_argument("--ab", type=Path, default=None, metavar="OTHER_SRC",
                    help="compare with another release's src folder on the distinct-articles story (alternating workers)")
    ap.add_argument("--worker", type=Path, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--stages", action="store_true",
                    help="also print the median seconds of each stage of the page (timers around the stage functions)")
    args = ap.parse_args(argv)
    if args.big < 0 or args.repeat < 1:
        ap.error("--big must be 0 (off) or a number of articles, --repeat at least 1")
    if args.worker:
        return _worker(args.worker)
    if args.ab:
        return _ab(args.ab, args.shared, args.repeat)
    seeds = sorted((args.shared / "seeds").glob("00[0-3]_*.txt"))
    if not seeds:
        print(f"seed articles not found under {args.shared}/seeds", file=sys.stderr)
        return 2
    from newsprism.pipeline import prepare
    from newsprism.sources import read_path

    base = [prepare(item) for p in seeds for item in read_path(p)]
    records = []
    for k in range(40):
        a = base[k % len(base)]
        records.append({"id": f"a{k:02d}", "url": f"https://outlet{k}.example/{k}", "title": a.title,
                        "text": a.text + f"\n\nLocal detail number {k} was noted by reporters.",
                        "published": a.published, "source": f"outlet{k}.example"})
    _time_page("seed story (4 texts x 10 unrated outlets)", records, args.repeat, args.stages)
    allsides = args.shared / "data" / "allsides-articles" / "articles.jsonl.gz"
    if allsides.exists():
        midterms = _allsides_story(allsides)
        _time_page(f"AllSides midterms ({len(midterms)} distinct articles, {len({r['source'] for r in midterms})} "
                   f"outlets, {sum(len(r['text']) for r in midterms) // 1000}k characters)", midterms, args.repeat,
                   args.stages)
        if args.big:
            big = _allsides_story(allsides, args.big, first_date="0000", last_date="9999")
            _time_page(f"AllSides elections ({len(big)} distinct articles, "
                       f"{len({r['source'] for r in big})} outlets)", big, max(1, args.repeat // 2), args.stages,
                       memory=True)
    else:
        print(f"{allsides} not found: the distinct-articles story is skipped", file=sys.stderr)
    return 0


def _allsides_story(path: Path, n: int = 40, first_date: str = "2014-11-03", last_date: str = "2014-11-07") -> list[dict]:
    """The ``n`` last (date, ID) articles of topic "elections" dated ``first_date``..``last_date``
    (by default the 2014 midterms: 51 articles, the last 40 of them)."""
    import gzip
    import json
    from datetime import datetime, timezone

    from newsprism.pipeline import prepare
    from newsprism.records import RawItem

    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r.get("topic") == "elections" and r.get("date") and first_date <= r["date"] <= last_date:
                rows.append(r)
    rows.sort(key=lambda r: (r["date"], r["ID"]))
    records = []
    for r in rows[-n:]:
        a = prepare(RawItem(url=r["url"], origin=str(path), raw=r["content_original"], raw_type="text",
                            title=r["title"], text=r["content_original"], source=r["source"],
                            published=datetime.fromisoformat(r["date"]).replace(tzinfo=timezone.utc)))
        if not hasattr(a, "text"):
            continue  # rejected by cleaning (an empty body): not an article
        records.append({"id": r["ID"], "url": r["url"], "title": a.title, "text": a.text,
                        "published": a.published, "source": r["source"]})
    return records


#: The stages of a page, as (module, function) called by storypage.build_story.
STAGES = [("storypage", "normalize_records"), ("storypage", "story_keywords"), ("keywords", "_phrases"),
          ("storypage", "story_label"), ("summarize", "summarize_story"), ("summarize", "story_title"),
          ("questions", "further_learning"), ("disputes", "find_disagreements"), ("timeline", "build_timeline")]


def _stage_timers() -> tuple[dict[str, list[float]], list[tuple[object, str, object]]]:
    """Wrap each stage function in a timer; returns the timings and what to restore."""
    import importlib

    times: dict[str, list[float]] = {}
    restore = []
    for mod_name, fn_name in STAGES:
        mod = importlib.import_module(f"newsprism.{mod_name}")
        fn = getattr(mod, fn_name)

        def timed(*a, _fn=fn, _name=fn_name, **k):
            t = time.perf_counter()
            try:
                return _fn(*a, **k)
            finally:
                times.setdefault(_name, []).append(time.perf_counter() - t)

        setattr(mod, fn_name, timed)
        restore.append((mod, fn_name, fn))
    return times, restore


def _time_page(name: str, records: list[dict], repeat: int, stages: bool = False, memory: bool = False) -> None:
    from newsprism.clean import split_sentences
    from newsprism.storypage import build_story

    ents = _entities(records)
    base_t, page_t = [], []
    for _ in range(repeat):
        t = time.perf_counter()
        for r in records:
            split_sentences(r["text"])
        base_t.append(time.perf_counter() - t)
        t = time.perf_counter()
        page = build_story(records, entities=ents)
        page_t.append(time.perf_counter() - t)
    helped = _helped_times(records, ents, repeat) if not memory else []
    print(f"{name}: median {statistics.median(page_t):.3f} s "
          f"(baseline sentence splitting {statistics.median(base_t):.3f} s, "
          f"ratio x{statistics.median(page_t) / statistics.median(base_t):.0f}); "
          f"{len(page['breakdown'])} bullets, {len(page['questions'])} questions, "
          f"{len(page['disagreements'])} disagreements, {len(page['timeline'])} timeline entries")
    if helped:
        print(f"  with the page helper (one more process, as the web app builds pages): median "
              f"{statistics.median(helped):.3f} s, fastest {min(helped):.3f} s")
    if memory:
        import tracemalloc

        tracemalloc.start()
        build_story(records, entities=ents)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"  peak memory of one build (tracemalloc, numpy arrays included): {peak / 2**20:.0f} MiB")
    if stages:
        times, restore = _stage_timers()
        try:
            for _ in range(repeat):
                build_story(records, entities=ents)
        finally:
            for mod, fn_name, fn in restore:
                setattr(mod, fn_name, fn)
        print("  stages (median s; _phrases is YAKE's part of story_keywords): " + ", ".join(
            f"{fn_name} {statistics.median(times[fn_name]):.3f}" for _, fn_name in STAGES if fn_name in times))


def _entities(records: list[dict]) -> list:
    """The story's canonical entities, as the store would supply them (NER over title + text)."""
    from newsprism.entities import STORY_MIN_SPELLED_OUT, extract_mentions_many, ner_text, resolve_entities

    mentions = extract_mentions_many([ner_text(r['title'], r['text']) for r in records])
    return resolve_entities([(r["id"], m) for r, m in zip(records, mentions)],
                            min_spelled_out=STORY_MIN_SPELLED_OUT)  # as a page does


def _helped_times(records: list[dict], ents: list, repeat: int) -> list[float]:
    """Seconds of builds with :func:`newsprism.storypage.page_helper` (none on one core),
    after one build that waits for the helper's start."""
    from newsprism.storypage import build_story, page_helper

    helper = page_helper()
    if helper is None:
        return []
    build_story(records, entities=ents, helper=helper)
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        build_story(records, entities=ents, helper=helper)
        out.append(time.perf_counter() - t)
    return out


def _worker(path: Path) -> int:
    """Build the pickled story's page once per line read, printing the seconds of each build."""
    import pickle

    from newsprism.storypage import build_story

    records, entities = pickle.loads(path.read_bytes())
    build_story(records, entities=entities)  # imports, compiled patterns: not part of a build
    print("ready", flush=True)
    for _ in sys.stdin:
        t = time.perf_counter()
        build_story(records, entities=entities)
        print(time.perf_counter() - t, flush=True)
    return 0


def _ab(other_src: Path, shared: Path, repeat: int) -> int:
    import os
    import pickle
    import subprocess
    import tempfile

    allsides = shared / "data" / "allsides-articles" / "articles.jsonl.gz"
    if not (other_src / "newsprism").is_dir() or not allsides.exists():
        print(f"--ab needs a src folder holding newsprism ({other_src}) and {allsides}", file=sys.stderr)
        return 2
    records = _allsides_story(allsides)
    entities = _entities(records)
    with tempfile.TemporaryDirectory() as tmp:
        story = Path(tmp) / "story.pkl"
        story.write_bytes(pickle.dumps((records, entities)))
        workers = {}
        for name, src in (("this", REPO / "src"), ("other", other_src.resolve())):
            env = {**os.environ, "PYTHONPATH": str(src)}
            workers[name] = subprocess.Popen([sys.executable, "-m", "benchmarks.storypage", "--worker", str(story)],
                                             cwd=REPO, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            if workers[name].stdout.readline().strip() != "ready":
                print(f"the {name} worker did not start", file=sys.stderr)
                return 1
        times: dict[str, list[float]] = {"this": [], "other": []}
        for k in range(repeat):
            for name in ("this", "other") if k % 2 == 0 else ("other", "this"):
                workers[name].stdin.write("build\n")
                workers[name].stdin.flush()
                times[name].append(float(workers[name].stdout.readline()))
        for w in workers.values():
            w.stdin.close()
            w.wait()
    for name, src in (("this", REPO / "src"), ("other", other_src)):
        print(f"{name} ({src}): min {min(times[name]):.3f} s, median {statistics.median(times[name]):.3f} s "
              f"over {repeat} builds of the {len(records)}-article story")
    print(f"this / other: min x{min(times['this']) / min(times['other']):.3f}, "
          f"median x{statistics.median(times['this']) / statistics.median(times['other']):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
