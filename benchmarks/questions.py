"""Further Learning on real stories: how many background questions a page asks, whether every
answer is cited as written, and how much of it comes from the archive.

Run from the repository root::

    python -m benchmarks.questions [--stories N] [--list K [--kind KIND]] [--json OUT]
    python -m benchmarks.questions --data allsides-full --stories 200    # full-length articles
    python -m benchmarks.questions --earlier [--list K]                  # "What happened earlier?"

Data (the sibling ``shared`` folder, read on the fly, never copied): ``stories-2021``, 506
AllSides roundups of 2021, each three outlets' full articles, dated by the roundup (the data
has no per-article date). The archive is all of its articles, ingested into a temporary store
of the shipped kind (SQLite, full-text search), so ``store.search`` is the retrieval a page
gets. Each gold story's articles, as the store holds them, are the story;
``questions.further_learning`` runs on them with their canonical entities (NER mentions cached
under ``$TMPDIR/newsprism-bench-cache``), their keywords and the store's search, as
``build_story`` runs it.

``--data allsides-full``: stories-2021's texts are excerpts (a median 273 words for a story's
three articles), so a second part with full-length articles: the AllSides *train* roundups
whose articles allsides-articles holds by title (at least two of a roundup's three; its
articles run a median 804 words), with all 36k allsides-articles as the archive (ingested in
about 5 minutes). Train data: read to measure, not to tune on.

Measured, per story and per answer:

* ``questions``: the mean number a story gets, the share of stories with at least 5 (the
  issue asks for 5-10) and with none; the kinds asked (who, what, the situation, what led to
  it, responses, the economic angle);
* ``cited``: the share of answers made of passages each found, as written, in an article
  they cite (:func:`covered`; a dateline stripped); must be 1;
* ``older``: the share of answers that cite the archive, and whether ``from_older_coverage``
  is set exactly when a cited archive article is dated before the story's first; must be 1;
* ``later``: the share of answers that cite an archive article dated after the story's last
  article: a backfilled archive holds later coverage, which a page of an old story uses as
  background or to say what happened next; ``later_flag_right``: whether
  ``from_later_coverage`` says so exactly (must be 1);
* ``--list K`` prints K random questions with their answers, to read (``--kind KIND``: of
  one kind only).

``--earlier``: "What happened earlier?", which a stored page adds on each view from the
older related story it links best (:func:`newsprism.stories.earlier_question`), over the
stories the store's own clusterer made of the gold articles: the share of stories that get
it; ``cited`` and ``older`` as above; ``same_roundup``: the share whose answer cites an
article of the story's own roundup (the clusterer split the event; the answer is then that
event's first report, not an earlier one). ``--list K`` prints K of them with both stories'
headlines, to read. With ``--data allsides-full`` the store must first compute the features
of all 36k archive articles (NER and embeddings, about 4 articles a second on 2 cores): hours.

No data set holds gold background questions, so whether the answers answer is read
(BENCHMARKS.md records the reading); the CI gate (``tests/test_quality_questions.py``) holds
the counts and the two checks above on a fixed sample.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
DATA = "data/allsides-roundups/stories-2021.jsonl"
SEED = 13

#: How a question's kind is told from its wording.
KINDS = (("Who is ", "who"), ("What led to ", "what led"), ("How have others responded", "responses"),
         ("What is the situation in ", "situation"), (" and why does it matter?", "economic"), (" and why do they matter?", "economic"),
         ("How have relations between", "relations"), ("What happens next", "next"), (" find?", "findings"),
         ("What has ", "stance"),
         ("Why do", "significance"),
         ("What are ", "what"),
         ("What is ", "what"))


def kind_of(question: str) -> str:
    for marker, kind in KINDS:
        if marker in question:
            return kind
    return "other"


def _mentions(rows: list[dict[str, Any]], digest: str) -> dict[str, list]:
    """NER mentions of every stored article, as a page reads them, cached by the data's hash
    and the entity modules' source."""
    from benchmarks.clusters import CACHE
    from newsprism import casefold, entities, entity_cues

    key = hashlib.sha256(digest.encode())
    key.update("\n".join(sorted(r["url"] for r in rows)).encode())  # a sample reads its own articles only
    for module in (casefold, entities, entity_cues):
        key.update(Path(module.__file__).read_bytes())
    path = CACHE / f"question-mentions-{key.hexdigest()[:16]}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    found = entities.extract_mentions_many([entities.ner_text(r["title"], r["text"]) for r in rows])
    out = {r["url"]: m for r, m in zip(rows, found)}
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(out))
    return out


def _ingested(folder: Path, feeds: list[Path], gold: dict[str, str]) -> tuple[Any, list[dict[str, Any]], dict]:
    """A temporary store of the shipped kind holding ``feeds``; the rows of the gold stories'
    articles; every stored article's date (an answer may cite any of the archive)."""
    from newsprism.config import load_settings
    from newsprism.pipeline import SerialExecutor, ingest
    from newsprism.store import Store

    settings = load_settings(overrides={"data_dir": folder / "store", "workers": 1}, env={})
    store = Store.open(settings.effective_database_url)
    ingest([str(f) for f in feeds], store, settings, executor=SerialExecutor())
    stored = store.articles()
    return store, [r for r in stored if r["url"] in gold], {r["id"]: r["published"] for r in stored}


def _archive(shared: Path, folder: Path) -> tuple[Any, list[dict[str, Any]], dict[str, str], str, dict]:
    """A store holding every stories-2021 article; its rows; url -> gold story; the data's
    hash; every stored article's date."""
    from benchmarks.clusters import _stories_2021, file_digest

    records = _stories_2021(shared)
    gold = {r["url"]: r["story"] for r in records}
    feed = folder / "stories-2021.jsonl"
    with feed.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps({"url": r["url"], "title": r["title"], "text": r["text"], "source": r["source"],
                                 "published": r["published"]}) + "\n")
    store, rows, dates = _ingested(folder, [feed], gold)
    return store, rows, gold, file_digest(shared / DATA), dates


ARTICLES = "data/allsides-articles/articles.jsonl.gz"


def _archive_full(shared: Path, folder: Path) -> tuple[Any, list[dict[str, Any]], dict[str, str], str, dict]:
    """A store holding all of allsides-articles (full texts, 36k articles: the archive), and
    as stories the AllSides *train* roundups whose articles it holds by title (at least two
    of a roundup's three), with their full texts and own dates."""
    import gzip

    from benchmarks.clusters import _allsides_part, _article_day, _title_key, file_digest

    by_title: dict[str, list[dict[str, Any]]] = {}
    feeds: list[Path] = []
    fh = None
    with gzip.open(shared / ARTICLES, "rt", encoding="utf-8") as src:
        for n, line in enumerate(src):
            if n % 1000 == 0:  # files under the ingest's 20 MiB limit for one source
                if fh is not None:
                    fh.close()
                feeds.append(folder / f"allsides-articles-{len(feeds):03d}.jsonl")
                fh = feeds[-1].open("w", encoding="utf-8")
            doc = json.loads(line)
            if not doc.get("url") or not doc.get("content_original"):
                continue
            rec = {"url": doc["url"], "title": doc.get("title") or "", "text": doc["content_original"],
                   "source": doc.get("source") or None, "published": _article_day(doc.get("date"))}
            fh.write(json.dumps(rec) + "\n")
            by_title.setdefault(_title_key(rec["title"]), []).append(rec)
    if fh is not None:
        fh.close()
    members: dict[str, list[str]] = {}
    for r in _allsides_part(shared, "train"):
        found = by_title.get(_title_key(r["title"]), [])
        if len(found) == 1:  # a title written twice is no match
            members.setdefault(r["story"], []).append(found[0]["url"])
    gold = {url: sid for sid, urls in members.items() if len(urls) >= 2 for url in urls}
    store, rows, dates = _ingested(folder, feeds, gold)
    return store, rows, gold, file_digest(shared / ARTICLES), dates


def measure(shared: Path = SHARED, stories: int | None = None, seed: int = SEED, listing: int = 0,
            kind: str | None = None, data: str = "stories-2021") -> dict[str, Any]:
    from newsprism import questions
    from newsprism.entities import STORY_MIN_SPELLED_OUT, resolve_entities
    from newsprism.keywords import StoryText, story_keywords
    from newsprism.stories import archive_share_of, home_place_of, update_stories
    from newsprism.storypage import normalize_records
    from newsprism.summarize import strip_dateline

    with tempfile.TemporaryDirectory(prefix="newsprism-questions-") as tmp:
        store, rows, gold, digest, dates = (_archive_full if data == "allsides-full" else _archive)(shared, Path(tmp))
        try:
            by_story: dict[str, list[dict[str, Any]]] = {}
            for r in rows:
                by_story.setdefault(gold[r["url"]], []).append(r)
            ids = sorted(by_story)
            if stories is not None and stories < len(ids):
                ids = sorted(random.Random(seed).sample(ids, stories))
            mentions = _mentions([r for sid in ids for r in by_story[sid]], digest)
            published = {aid: _time(t) for aid, t in dates.items()}  # an answer may cite any of the archive
            if data != "allsides-full":
                # The store's stories and entity table, which the home place is read from.
                # Not for the 36k-article part: its features alone take over half an hour.
                update_stories(store)
            share, home = archive_share_of(store), home_place_of(store)  # as a page gets them
            counts: list[int] = []
            kinds: Counter = Counter()
            answers: list[dict[str, Any]] = []
            cited_text: dict[str, str] = {}
            for sid in ids:
                members = by_story[sid]
                articles = normalize_records(members)
                ents = resolve_entities([(r["id"], mentions[r["url"]]) for r in members],
                                        min_spelled_out=STORY_MIN_SPELLED_OUT)  # as a page does
                kws = story_keywords([StoryText(a["id"], a["title"], a["text"], a["source"], a["duplicate_of"])
                                      for a in articles], ents)
                asked = questions.further_learning(articles, lambda q, n: store.search(q, limit=n), entities=ents,
                                                   keywords=kws, archive_share=share, home=home)
                counts.append(len(asked))
                first = min((published[r["id"]] for r in members if published[r["id"]]), default=None)
                last = max((published[r["id"]] for r in members if published[r["id"]]), default=None)
                member_ids = {r["id"] for r in members}
                for qa in asked:
                    kinds[kind_of(qa["question"])] += 1
                    for aid in qa["sources"]:
                        if aid not in cited_text:  # an archive article answers many stories
                            a = store.article(aid)
                            cited_text[aid] = strip_dateline(f"{a['title']}\n{a['text']}") if a else ""
                    texts = [cited_text[aid] for aid in qa["sources"]]
                    archive = [aid for aid in qa["sources"] if aid not in member_ids]
                    older = any(published.get(a) and first and published[a] < first for a in archive)
                    later = any(published.get(a) and last and published[a] > last for a in archive)
                    answers.append({"story": sid, "question": qa["question"], "answer": qa["answer"],
                                    "cited": covered(qa["answer"], texts),
                                    "archive": bool(archive), "older_flag_right": qa["from_older_coverage"] == older,
                                    "later": later, "later_flag_right": qa.get("from_later_coverage") == later})
        finally:
            store.close()
    n = max(1, len(answers))
    report = {
        "data": {(ARTICLES if data == "allsides-full" else DATA): digest}, "stories": len(counts), "sample_seed": seed if stories is not None else None,
        "questions": {"mean": round(statistics.fmean(counts), 3) if counts else 0.0,
                      "at_least_5": round(sum(c >= 5 for c in counts) / max(1, len(counts)), 4),
                      "none": round(sum(c == 0 for c in counts) / max(1, len(counts)), 4),
                      "distribution": dict(sorted(Counter(counts).items())), "kinds": dict(kinds.most_common())},
        "answers": len(answers),
        "cited": round(sum(a["cited"] for a in answers) / n, 4),
        "from_archive": round(sum(a["archive"] for a in answers) / n, 4),
        "older_flag_right": round(sum(a["older_flag_right"] for a in answers) / n, 4),
        "later_coverage": round(sum(a["later"] for a in answers) / n, 4),
        "later_flag_right": round(sum(a["later_flag_right"] for a in answers) / n, 4),
        "answer_words": round(statistics.fmean(len(a["answer"].split()) for a in answers), 1) if answers else 0.0,
    }
    if listing:
        pool = [a for a in answers if kind is None or kind_of(a["question"]) == kind]
        report["listing"] = random.Random(seed).sample(pool, min(listing, len(pool)))
    report["failures"] = ([a for a in answers if not a["cited"]][:20]
                          + [a for a in answers if a["cited"] and not (a["older_flag_right"]
                                                                       and a["later_flag_right"])][:20])
    return report


def measure_earlier(shared: Path = SHARED, data: str = "stories-2021", listing: int = 0,
                    seed: int = SEED) -> dict[str, Any]:
    """``--earlier``: see the module's docstring."""
    from newsprism.stories import earlier_question, related_stories, update_stories
    from newsprism.summarize import strip_dateline

    with tempfile.TemporaryDirectory(prefix="newsprism-earlier-") as tmp:
        store, rows, gold, digest, dates = (_archive_full if data == "allsides-full" else _archive)(shared, Path(tmp))
        try:
            update_stories(store)  # the stories `newsprism ingest` makes
            rows = [r for r in store.articles() if r["id"] in {x["id"] for x in rows}]
            gold_of = {r["id"]: gold[r["url"]] for r in rows}
            stories = [st for st in store.stories() if st["id"] in {r["story_id"] for r in rows}]
            asked: list[dict[str, Any]] = []
            spent: dict[str, list[float]] = {"related_ms": [], "earlier_ms": []}
            for st in stories:
                t0 = time.perf_counter()
                related = related_stories(store, st["id"], row=st)
                t1 = time.perf_counter()
                qa = earlier_question(store, st, related)
                spent["related_ms"].append((t1 - t0) * 1000)
                spent["earlier_ms"].append((time.perf_counter() - t1) * 1000)
                if qa is None:
                    continue
                cited = store.article(qa["sources"][0])
                members = store.story_member_heads(st["id"])
                own = {gold_of[m["id"]] for m in members if m["id"] in gold_of}
                first = min((m["published"] for m in members if m["published"]), default=None)
                when = _time(dates.get(cited["id"])) if cited else None
                asked.append({
                    "story": st["id"], "title": st["title"], "answer": qa["answer"],
                    "score": next((r["score"] for r in related if r["id"] == (cited or {}).get("story_id")), None),
                    "earlier_title": cited["title"] if cited else None,
                    "cited": bool(cited) and covered(qa["answer"], [strip_dateline(f"{cited['title']}\n{cited['text']}")]),
                    "older_flag_right": qa["from_older_coverage"] == bool(when and first and when < first),
                    "same_roundup": bool(cited) and gold_of.get(cited["id"]) in own,
                })
        finally:
            store.close()
    n = max(1, len(asked))
    report = {"data": {(ARTICLES if data == "allsides-full" else DATA): digest}, "stories": len(stories),
              "with_question": round(len(asked) / max(1, len(stories)), 4), "answers": len(asked),
              "cited": round(sum(a["cited"] for a in asked) / n, 4),
              "older_flag_right": round(sum(a["older_flag_right"] for a in asked) / n, 4),
              "same_roundup": round(sum(a["same_roundup"] for a in asked) / n, 4),
              # per page view, on this store (related stories are read on every view already)
              **{f"{k}_median": round(statistics.median(v), 2) for k, v in spent.items() if v},
              **{f"{k}_p90": round(statistics.quantiles(v, n=10)[-1], 2) for k, v in spent.items() if len(v) > 1}}
    if listing:
        report["listing"] = random.Random(seed).sample(asked, min(listing, len(asked)))
    report["failures"] = [a for a in asked if not (a["cited"] and a["older_flag_right"])][:20]
    return report


def covered(answer: str, texts: list[str]) -> bool:
    """Whether ``answer`` is a run of passages each found, as written, in one of ``texts``
    (the cited articles): read word by word, each passage as long as a text holds it, and
    a new passage may start only where the last one ended a sentence."""
    flat = [" ".join(t.split()) for t in texts]
    words = answer.split()
    i = 0
    while i < len(words):
        j = i + 1
        while j <= len(words) and any(" ".join(words[i:j]) in t for t in flat):
            j += 1
        j -= 1  # the longest run from i that a text holds; then back to its last sentence end
        while j > i and not words[j - 1].endswith((".", "!", "?", '"', "\u201d", "'", "\u2019", ".)", "!)", "?)")):
            j -= 1
        if j == i:
            return False
        i = j
    return True


def _time(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--stories", type=int, default=None, help="a fixed sample (seed 13) instead of all")
    ap.add_argument("--list", type=int, default=0, metavar="K", help="also print K random questions and answers")
    ap.add_argument("--kind", default=None, help="list only questions of this kind (as the report names kinds)")
    ap.add_argument("--data", choices=["stories-2021", "allsides-full"], default="stories-2021",
                    help="allsides-full: AllSides train roundups with their articles' full texts, "
                         "and all 36k allsides-articles as the archive")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--earlier", action="store_true",
                    help='"What happened earlier?" over the store\'s own stories, instead')
    args = ap.parse_args(argv)
    needed = ARTICLES if args.data == "allsides-full" else DATA
    if not (args.shared / needed).exists():
        print(f"{args.shared / needed} not found", file=sys.stderr)
        return 2
    if args.earlier:
        report = measure_earlier(args.shared, args.data, listing=args.list)
        if not report["answers"]:
            print("no story asked what happened earlier", file=sys.stderr)
            return 1
        _print_report(report, args.json, lambda a: f"[{a['story']}] {a['title']}\n    earlier ({a['score']}): "
                                                   f"{a['earlier_title']}\n    -> {a['answer']}")
        return 0
    report = measure(args.shared, args.stories, listing=args.list, kind=args.kind, data=args.data)
    if not report["stories"]:
        print("no stories were measured", file=sys.stderr)
        return 1
    _print_report(report, args.json, lambda a: f"[{a['story']}] {a['question']}\n    {a['answer']}")
    return 0


def _print_report(report: dict[str, Any], out: Path | None, show: Callable[[dict[str, Any]], str]) -> None:
    """The report without its listing and failures, each failed check, the listing (each item
    as ``show`` writes it), and the whole report to ``out`` when given."""
    listing = report.pop("listing", [])
    print(json.dumps({k: v for k, v in report.items() if k != "failures"}, indent=2))
    for a in report["failures"]:
        print("FAILED CHECK:", json.dumps(a)[:400])
    for a in listing:
        print("\n" + show(a))
    if out:
        out.write_text(json.dumps(report, indent=2, default=str))

if __name__ == "__main__":
    sys.exit(main())
