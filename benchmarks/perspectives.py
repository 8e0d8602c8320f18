"""Perspectives benchmark: does a side's summary say what the editors say that side stressed?

Run from the repository root::

    python -m benchmarks.perspectives [--part tune|report|all] [--list N] [--json OUT]
    python -m benchmarks.perspectives --part tune --set PERSPECTIVE_POSITION=0.5 ...

Data: AllSides ``stories-2021.jsonl`` (sibling ``shared`` folder, read on the fly, never
copied): 506 events, each told by a left, a center and a right outlet (the side is the
data's, not the registry's), with the editors' roundup. After the neutral summary the
editors often say how each side covered the event: "Some coverage from left-rated sources
framed anti-mandate protests in Italy as a product of conspiracy theories." Those sentences
are the gold: for each (story, side), the roundup sentences that name that side alone with a
rating word ("left-rated", "right-leaning", "on the left"), with at least three content
words once the words about coverage itself go ("outlets", "framed", "highlighted" ...).
They describe the side's emphasis in the editors' words, so every system scores low in
absolute terms; the comparison in the same run is what counts.

Systems, per (story, side), each cut to ``--budget`` words (40: one or two page sentences):

* ``ours``: the page's perspective of that side (``summarize.perspectives`` over the
  story's articles) as the page shows it: the side's headline, then its summary sentences;
* ``ours_summary_only``: the summary sentences alone (an empty summary scores 0);
* ``lead``: the side's article from its start (what its outlet put first);
* ``headline_lead``: the side's headline, then its article from the start;
* ``central``: the breakdown of the side's article alone (its most central sentences,
  with no regard to what the other sides say);
* ``random``: the side's article's sentences in a seeded shuffle.

Scores: ROUGE-1 recall and F1 and ROUGE-2 recall (``rouge-score``, Porter stemmer) against
the gold; ``subject``: ROUGE-1 precision against the editors' neutral headline and first
paragraph (is the text about the event at all: an off-subject "distinctive" sentence scores
low there). Also, for ours: the share of sides with no summary, sentences per side, and the
share of shown sentences that end unfinished (an excerpt's cut-off "...").

Parts, by the roundup's date: ``tune`` (before 2021-07-16, 253 stories) to choose
settings, ``report`` (from 2021-07-16, 253 stories) to report them.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SHARED = ROOT / ".." / "shared"
PATH = SHARED / "data" / "allsides-roundups" / "stories-2021.jsonl"
SPLIT_DATE = "2021-07-16"
BUDGET = 40
SEED = 5
SIDES = ("left", "center", "right")

_SIDE_WORD = re.compile(r"\b(left|right|center|centre)\b")
_RATING = re.compile(r"rated|leaning|\bwing\b|on the (?:left|right)")
#: Words about the coverage rather than the event ("Right-rated outlets tended to highlight
#: ..."): no system is asked to write them.
_META = frozenset(
    "left right center centre rated leaning wing outlets outlet sources source coverage reports report "
    "voices framed frame framing highlighted highlight highlighting focused focus focusing emphasized "
    "emphasize emphasizing tended tend likely often sometimes some more covered cover news story "
    "prominently also".split())


def sides_named(sentence: str) -> set[str]:
    """The sides a roundup sentence attributes coverage to ("left- and center-rated outlets"
    names two); none without a rating word ("the right to vote" is no side)."""
    low = sentence.lower()
    if not _RATING.search(low):
        return set()
    return {"center" if m.group(1) == "centre" else m.group(1) for m in _SIDE_WORD.finditer(low)}


def gold_text(sentence: str) -> str:
    """The sentence without the words about coverage itself."""
    return " ".join(w for w in re.findall(r"[\w'\u2019]+", sentence) if w.lower() not in _META)


def load(part: str = "tune", path: Path = PATH) -> list[dict[str, Any]]:
    """Cases ``{"story", "issue", "neutral", "side", "articles", "gold"}`` of a part."""
    from newsprism.clean import split_sentences
    from newsprism.summarize import content_tokens

    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        st = json.loads(line)
        date = str(st.get("date") or "")
        if part == "tune" and date >= SPLIT_DATE or part == "report" and date < SPLIT_DATE:
            continue
        paras = st.get("roundup") or []
        paras = paras if isinstance(paras, list) else [paras]
        arts = []
        for side in SIDES:
            news = (st.get("news") or {}).get(side)
            body = "\n\n".join((news or {}).get("newBody") or [])
            if news and body.strip():
                arts.append({"id": f"r21-{st['id']}-{side}", "title": news.get("newsTitle") or "",
                             "text": body, "source": news.get("newsSource") or side, "leaning": side})
        if len(arts) < 2:
            continue
        sents = [s for p in paras for s in split_sentences(p)]
        for side in SIDES:
            gold = [s for s in sents if sides_named(s) == {side}
                    and len(content_tokens(gold_text(s))) >= 3]
            if gold and any(a["leaning"] == side for a in arts):
                cases.append({"story": st["id"], "issue": st.get("issue") or "",
                              "neutral": f"{st.get('issue') or ''}. {paras[0] if paras else ''}",
                              "side": side, "articles": arts, "gold": gold})
    return cases


def cut(text: str, words: int) -> str:
    return " ".join(text.split()[:words])


def _scorer():
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)


def systems(case: dict[str, Any], rng: random.Random) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """Each system's text for one case (uncut), and the summary the page shows."""
    from newsprism import summarize
    from newsprism.clean import split_sentences

    side = case["side"]
    own = [a for a in case["articles"] if a["leaning"] == side][0]
    sents = split_sentences(own["text"])
    shuffled = rng.sample(sents, len(sents))
    persp = summarize.perspectives(case["articles"])[side]
    shown = persp["summary"]
    head = (persp.get("headline") or {}).get("text") or ""
    return {
        "ours": " ".join([head.rstrip(".") + "."] * bool(head) + [s["text"] for s in shown]),
        "ours_summary_only": " ".join(s["text"] for s in shown),
        "lead": " ".join(sents),
        "central": " ".join(b["text"] for b in summarize.breakdown([own])),
        "random": " ".join(shuffled),
        "headline_lead": f"{own['title'].rstrip('.')}. {' '.join(sents)}",
    }, shown


def measure(part: str = "tune", budget: int = BUDGET, listing: int = 0, seed: int = SEED) -> dict[str, Any]:
    try:
        from newsprism.clean import cut_off
    except ImportError:  # a release before the rule, measured for comparison
        def cut_off(sentence: str) -> bool:
            return sentence.rstrip().endswith(("...", "\u2026"))

    cases = load(part)
    scorer = _scorer()
    rng = random.Random(seed)
    table: dict[str, dict[str, list[float]]] = {}
    shows: dict[str, dict[str, list[float]]] = {}  # the cases where ours shows a summary
    empty = 0
    n_shown: list[int] = []
    stumps = 0
    listed = []
    for case in cases:
        texts, shown = systems(case, rng)
        n_shown.append(len(shown))
        empty += not shown
        stumps += sum(cut_off(s["text"]) for s in shown)
        ref = gold_text(" ".join(case["gold"]))
        for name, text in texts.items():
            out = cut(text, budget)
            g = scorer.score(ref, out)
            subj = scorer.score(case["neutral"], out)["rouge1"].precision if out else 0.0
            row = table.setdefault(name, {"r1_recall": [], "r1_f1": [], "r2_recall": [], "subject": []})
            row["r1_recall"].append(g["rouge1"].recall)
            row["r1_f1"].append(g["rouge1"].fmeasure)
            row["r2_recall"].append(g["rouge2"].recall)
            row["subject"].append(subj)
            if shown:
                row2 = shows.setdefault(name, {"r1_recall": [], "r1_f1": [], "r2_recall": [], "subject": []})
                for key in row2:
                    row2[key].append(row[key][-1])
        if len(listed) < listing:
            listed.append({"issue": case["issue"], "side": case["side"], "gold": case["gold"],
                           "ours": [s["text"] for s in shown], "lead": cut(texts["lead"], budget)})
    by_side = {s: sum(c["side"] == s for c in cases) for s in SIDES}
    return {
        "part": part,
        "cases": len(cases),
        "by_side": by_side,
        "budget_words": budget,
        "scores": {name: {k: round(statistics.fmean(v), 4) for k, v in row.items()} for name, row in table.items()},
        "scores_where_ours_shows": {name: {k: round(statistics.fmean(v), 4) for k, v in row.items()}
                                    for name, row in shows.items()},
        "ours_empty_share": round(empty / len(cases), 4) if cases else None,
        "ours_sentences_per_side": round(statistics.fmean(n_shown), 2) if n_shown else None,
        "ours_unfinished_share": round(stumps / sum(n_shown), 4) if sum(n_shown) else None,
        "listed": listed,
    }


def _apply(settings: list[str]) -> None:
    """``NAME=VALUE`` overrides of :mod:`newsprism.summarize` constants, for comparisons."""
    from newsprism import summarize

    for item in settings:
        name, _, value = item.partition("=")
        if not hasattr(summarize, name):
            raise SystemExit(f"summarize has no setting {name!r}")
        old = getattr(summarize, name)
        setattr(summarize, name, type(old)(float(value)) if isinstance(old, (int, float)) and not isinstance(old, bool)
                else value.lower() in ("1", "true", "yes"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", choices=("tune", "report", "all"), default="tune")
    ap.add_argument("--budget", type=int, default=BUDGET)
    ap.add_argument("--list", type=int, default=0, dest="listing", help="print the first N cases")
    ap.add_argument("--set", action="append", default=[], help="NAME=VALUE of a summarize constant")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    if not PATH.exists():
        print(f"no data at {PATH}", file=sys.stderr)
        return 2
    _apply(args.set)
    report = measure(args.part, args.budget, args.listing)
    report["settings"] = args.set
    listed = report.pop("listed")
    print(json.dumps(report, indent=1))
    for c in listed:
        print(f"\n== {c['issue']} | {c['side']}\n  GOLD: {' '.join(c['gold'])}")
        for s in c["ours"]:
            print(f"  OURS: {s}")
        print(f"  LEAD: {c['lead']}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
