"""Story labels and keywords against the AllSides editors' neutral headlines and summaries.

Run from the repository root::

    python -m benchmarks.labels [--data val] [--data stories-2021] [--stories N] [--list K]

A label is a 1-3 word topic tag ("Montevara Quake", "Pfizer Vaccine"). No data set holds gold
tags, but every AllSides story has an editor's neutral headline ("Supreme Court Sides with
Police in Qualified Immunity Cases"), and a good tag names what that headline names. Per story,
the label is made as a page makes it (NER mentions -> canonical entities -> ``story_keywords``
-> ``story_label`` over the originals' headlines and bodies), its words Porter-stemmed
(``rouge-score``'s tokenizer, as ROUGE is; "U.S." read as "US") and compared with the stemmed
words of the editors' headline:

* ``precision``: the share of the label's words the headline uses (mean over stories);
* ``hit``: the share of stories whose label shares a word with the headline;
* ``all``: the share of stories whose every label word is in the headline;
* ``one_word``: the share of labels of a single word (a lone common noun -- "Offer",
  "Automation" -- says little; a name alone can be enough).

Label baselines in the same run, built from the same inputs: ``top_keyword``, the story's
best keyword cut to 3 words; ``headline_words``, the two content words the articles'
headlines use most (ties: first used), the label a word count would give.

Keywords: the first ``TOP_KEYWORDS`` (10) of ``story_keywords``; ``precision`` is the share
of them whose every content word the editors' headline and summary use (the first roundup
paragraph for stories-2021; the later ones are about the coverage), ``shown`` how many a story
has. A short summary names few of a story's people and places, so this rewards the keywords
that say what happened and punishes junk ("Republicans To Gut", "Korea on Friday"); it is a
proxy, not a gold list. Baselines: ``yake``, YAKE's top ten (``newsprism.keyphrases``) over
the same headlines and leads; ``entities_by_mentions``, the ten canonical entities with the most mentions.

Data (sibling ``shared`` folder, read on the fly, never copied): ``train`` / ``val`` (AllSides
roundups: three outlets' headlines and leads; target "TITLE=> headline. ARTICLE=> ...") and
``stories-2021`` (506 stories, full bodies, the editors' headline in ``issue``). Tune on
``train``; report ``val`` and ``stories-2021`` (PROVENANCE.md: the test part is held back).
NER mentions are cached under ``$TMPDIR/newsprism-bench-cache`` (outside the repository).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import random
import re
import statistics
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
DATA = SHARED / "data" / "allsides-roundups"
SETS = ("train", "val", "stories-2021")


def load(name: str, data: Path = DATA) -> list[dict[str, Any]]:
    """Stories of a set: ``{"id", "headline": the editors' headline, "articles": [records]}``."""
    stories = []
    if name == "stories-2021":
        for line in (data / "stories-2021.jsonl").read_text(encoding="utf-8").splitlines():
            st = json.loads(line)
            arts = []
            for side in ("left", "center", "right"):
                news = (st.get("news") or {}).get(side)
                body = " ".join((news or {}).get("newBody") or [])
                if news and body.strip():
                    arts.append({"id": f"r21-{st['id']}-{side}", "title": news.get("newsTitle") or "",
                                 "text": body, "source": news.get("newsSource") or side})
            if arts:
                summary = (st.get("roundup") or [""])[0]  # later paragraphs are about the coverage itself
                stories.append({"id": f"r21-{st['id']}", "headline": st.get("issue") or "", "articles": arts,
                                "reference": f"{st.get('issue') or ''}. {summary}"})
        return stories
    from benchmarks.summaries import load as load_roundups

    for st in load_roundups(name, data):
        headline = st["target_line"].removeprefix("TITLE=>").partition("ARTICLE=>")[0].strip().rstrip(".")
        arts = [{"id": a["id"], "title": a["title"], "text": a["text"], "source": a["source"]}
                for a in st["articles"]]
        if arts:
            stories.append({"id": f"{name}-{st['n']}", "headline": headline, "articles": arts,
                            "reference": f"{headline}. {st['target']}"})
    return stories


def _mentions(name: str, stories: list[dict[str, Any]], data: Path) -> dict[str, list]:
    """NER mentions of every article (title + text, as a page reads them), cached by the
    data file's hash and the entity modules' source."""
    from benchmarks.clusters import CACHE  # the benchmarks' one cache folder
    from newsprism import casefold, entities, entity_cues

    files = ["stories-2021.jsonl"] if name == "stories-2021" else [f"{name}.source"]
    key = hashlib.sha256()
    for f in files:
        key.update((data / f).read_bytes())
    for module in (casefold, entities, entity_cues):  # what NER's output depends on besides the model
        key.update(Path(module.__file__).read_bytes())
    path = CACHE / f"label-mentions-{name}-{key.hexdigest()[:16]}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    arts = [a for st in stories for a in st["articles"]]
    found = entities.extract_mentions_many([entities.ner_text(a['title'], a['text']) for a in arts])
    out = {a["id"]: m for a, m in zip(arts, found)}
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(out))
    return out


@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem import porter

    return porter.PorterStemmer()


_DOTTED = re.compile(r"\b(?:[A-Za-z]\.){2,}")


def stems(text: str) -> list[str]:
    """Porter-stemmed lower-case words, as ROUGE compares them (``rouge-score``'s tokenizer);
    a dotted abbreviation is one word ("U.S." is "US", as the editors' headlines write it)."""
    from rouge_score import tokenize

    return tokenize.tokenize(_DOTTED.sub(lambda m: m.group().replace(".", ""), text), _stemmer())


_STOP = frozenset(
    "a an the and or but of in on at to by with from for as is are was were be been has have had will "
    "would can could may might must not no after before over under about into than that this these those "
    "it its he she they them his her their we our you your i what when where who why how says said say "
    "new more most just also amid against says".split()
)


def headline_words(articles: list[dict[str, Any]]) -> str:
    """Baseline: the two content words the headlines use most (ties: the first used)."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for a in articles:
        for w in re.findall(r"[A-Za-z][A-Za-z'’-]+", a["title"]):
            lw = w.lower()
            if lw in _STOP or len(lw) < 3:
                continue
            counts[lw] += 1
            first.setdefault(lw, len(first))
    best = sorted(counts, key=lambda w: (-counts[w], first[w]))[:2]
    return " ".join(w.capitalize() for w in best)


def score(label: str, headline: str) -> dict[str, float]:
    got, ref = stems(label), set(stems(headline))
    if not got:
        return {"precision": 0.0, "hit": 0.0, "all": 0.0, "one_word": 0.0}
    inside = [w in ref for w in got]
    return {"precision": sum(inside) / len(got), "hit": float(any(inside)), "all": float(all(inside)),
            "one_word": float(len(got) == 1)}


#: Keywords scored per story: the first ten, about what a page shows as "Top Keywords".
TOP_KEYWORDS = 10


def keyword_scores(names: list[str], reference: str) -> dict[str, float]:
    """``precision``: the share of the keywords whose every content word the editors' headline
    and summary use; ``shown``: how many keywords there are (up to ``TOP_KEYWORDS``)."""
    ref = set(stems(reference))
    found = 0
    for name in names:
        words = [w for w in stems(name) if w not in _STOP]
        found += bool(words) and all(w in ref for w in words)
    return {"precision": found / len(names) if names else 0.0, "shown": float(len(names))}


def _yake_top(articles: list[dict[str, Any]]) -> list[str]:
    """Baseline: YAKE's statistics alone (``newsprism.keyphrases``, the page's stop words and
    near-duplicate rule) over the headlines and leads, as the page feeds them."""
    from newsprism.keyphrases import key_phrases
    from newsprism.keywords import LEAD_WORDS, MAX_PHRASE_WORDS, PHRASE_SIMILARITY, _phrase_stopwords

    corpus = "\n\n".join(f"{a['title']}.\n" + " ".join(a["text"].split()[:LEAD_WORDS]) for a in articles)
    found = key_phrases(corpus, _phrase_stopwords(), max_words=MAX_PHRASE_WORDS, top=TOP_KEYWORDS,
                        similar=PHRASE_SIMILARITY)
    return [phrase for phrase, _ in found]


def systems_of(story: dict[str, Any], mentions: dict[str, list]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The page's label and keywords for one story, and the baselines of each."""
    from newsprism.entities import resolve_entities
    from newsprism.keywords import KEYWORD_TYPES, StoryText, headlines, story_keywords, story_label

    arts = story["articles"]
    ents = resolve_entities([(a["id"], mentions[a["id"]]) for a in arts])
    texts = [StoryText(a["id"], a["title"], a["text"], a["source"], None) for a in arts]
    kws = story_keywords(texts, ents)
    label = story_label(kws, headlines(arts), [a["text"] for a in arts], ents)  # as the page calls it
    top = " ".join(kws[0].name.split()[:3]) if kws else ""
    by_mentions = sorted((e for e in ents if e.type in KEYWORD_TYPES), key=lambda e: (-e.mentions, e.name))
    labels = {"ours": label, "top_keyword": top, "headline_words": headline_words(arts)}
    keywords = {"ours": [k.name for k in kws[:TOP_KEYWORDS]], "yake": _yake_top(arts),
                "entities_by_mentions": [e.name for e in by_mentions[:TOP_KEYWORDS]]}
    return labels, keywords


def _means(totals: dict[str, dict[str, list[float]]]) -> dict[str, dict[str, float]]:
    return {s: {k: round(statistics.fmean(v), 4) for k, v in d.items()} for s, d in totals.items()}


def measure(name: str, stories: int | None = None, seed: int = 13, data: Path = DATA,
            listing: int = 0) -> dict[str, Any]:
    """Labels against the editors' headline and keywords against their headline and summary,
    ours beside the baselines, on a set (or a sample of it)."""
    rows = load(name, data)
    mentions = _mentions(name, rows, data)  # of the whole set, so one cache serves every sample
    if stories is not None and stories < len(rows):
        rows = random.Random(seed).sample(rows, stories)
    label_totals: dict[str, dict[str, list[float]]] = {}
    keyword_totals: dict[str, dict[str, list[float]]] = {}
    shown = []
    for st in rows:
        labels, keywords = systems_of(st, mentions)
        for system, label in labels.items():
            for k, v in score(label, st["headline"]).items():
                label_totals.setdefault(system, {}).setdefault(k, []).append(v)
        for system, names in keywords.items():
            for k, v in keyword_scores(names, st["reference"]).items():
                keyword_totals.setdefault(system, {}).setdefault(k, []).append(v)
        if len(shown) < listing:
            shown.append({"headline": st["headline"], "labels": labels, "keywords": keywords["ours"]})
    report: dict[str, Any] = {"set": name, "stories": len(rows), "labels": _means(label_totals),
                              "keywords": _means(keyword_totals)}
    if shown:
        report["examples"] = shown
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", action="append", choices=SETS,
                    help="a set to score (repeatable; default: val and stories-2021)")
    ap.add_argument("--stories", type=int, default=None, help="a fixed sample (seed 13) instead of all")
    ap.add_argument("--list", type=int, default=0, metavar="K", help="also print the first K stories' labels")
    ap.add_argument("--json", type=Path, default=None, help="also write the report here")
    args = ap.parse_args(argv)
    if args.stories is not None and args.stories < 1:
        ap.error("--stories must be at least 1")
    if not DATA.is_dir():
        print(f"no data at {DATA}", file=sys.stderr)
        return 2
    from benchmarks.summaries import sha256

    reports = []
    for name in args.data or ["val", "stories-2021"]:
        report = measure(name, args.stories, listing=args.list)
        files = ["stories-2021.jsonl"] if name == "stories-2021" else [f"{name}.source", f"{name}.target"]
        report["data"] = {f"data/allsides-roundups/{f}": sha256(DATA / f) for f in files}
        reports.append(report)
    text = json.dumps(reports, indent=2, ensure_ascii=False)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
