"""The grounding check of the LLM backend (``newsprism.llm.check_sentence``): what it lets through.

Run from the repository root::

    python -m benchmarks.llm [--split val] [--stories N] [--json OUT]

No model runs here: the check is measured on sentences whose truth is known. Data: the
AllSides roundups (sibling ``shared`` folder, read on the fly, never copied): each story is
three outlets' leads plus the editors' neutral summary; ``stories-2021.jsonl`` adds the topic
of each story. For every claim the evidence is chosen as the backend chooses it -- at most
``llm.MAX_EVIDENCE`` sentences -- but picked here by their overlap with the claim itself, the
most favourable evidence a wrong claim could get (so false passes are an upper bound).

Claims that should pass (their pass rate is the check's recall):

* ``editors``: each sentence of the editors' neutral summary, against its own story's
  articles. Human abstractive summary sentences: the hardest faithful rewrites there are,
  and a lower bound, since editors sometimes add background the three leads do not state.
* ``editors-2021``: the same on ``stories-2021.jsonl`` (first roundup paragraph; the second
  describes coverage, not the event).

Claims that should fail (their pass rate is the false-pass rate):

* ``other-story``: an editors' sentence of another story (random), against this story;
* ``same-topic``: an editors' sentence of another story *of the same AllSides topic*
  (``stories-2021``), against this story: same vocabulary, different facts;
* ``new-number``: an editors' sentence with one number changed to one its evidence lacks;
* ``new-name``: an editors' sentence with one name replaced by a name of another story;
* ``negated``: an editors' sentence with "not" inserted after its first auxiliary verb.

Many editors' sentences add facts the leads do not state, so their pass rate understates the
check's recall. Hence ``labelled``: 60 editors' sentences of val (a seeded random sample),
each labelled by hand (2026-11-23) as supported -- every fact in it can be read in its evidence
sentences -- or not: 22 supported, 38 not. ``LABELS`` holds only (story line, sentence index)
and the label, no text. Precision and recall of "passes the check" are computed on them.
The check's speed is per sentence, evidence included.

Measured (2026-11-23, 2 shared cores, ``python -m benchmarks.llm --split val``), at the
shipped ``MIN_SHARE`` 0.8: labelled precision 1.0 (11 passed, 0 wrongly), recall 0.5 (11 of
22 supported sentences pass); pass rates: editors 0.193, editors-2021 0.201, other-story
0.000, same-topic 0.004, new-number 0.000, new-name 0.001, negated 0.025; ~1 ms a sentence.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from benchmarks.summaries import DATA, load
from newsprism import llm
from newsprism.clean import split_sentences
from newsprism.summarize import content_tokens

THRESHOLDS = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9)
POSITIVE = ("editors", "editors-2021")
#: Hand labels of the ``labelled`` sample (val): (line of val.source, index of the sentence
#: among the target's sentences of 5+ words) -> every fact of it is in its evidence.
LABELS = {
    (239, 1): False, (43, 3): False, (10, 2): False, (281, 4): False, (97, 0): True, (88, 0): True,
    (82, 2): True, (54, 1): False, (280, 1): False, (41, 1): True, (254, 1): True, (281, 3): False,
    (202, 0): True, (36, 0): False, (221, 0): True, (153, 1): True, (12, 5): False, (12, 3): True,
    (39, 1): False, (81, 2): False, (83, 6): False, (183, 1): True, (225, 2): True, (12, 0): True,
    (208, 3): False, (76, 0): True, (274, 4): False, (243, 3): False, (267, 1): False, (152, 0): True,
    (81, 4): False, (163, 1): True, (220, 1): False, (98, 0): False, (2, 2): False, (288, 2): False,
    (60, 6): False, (266, 0): True, (123, 2): False, (60, 2): False, (80, 0): False, (288, 6): False,
    (121, 6): False, (39, 0): True, (139, 2): False, (40, 0): False, (132, 2): False, (124, 3): True,
    (225, 4): False, (93, 0): True, (17, 2): False, (278, 1): False, (165, 2): True, (199, 0): False,
    (47, 0): True, (139, 0): False, (31, 2): False, (204, 2): False, (103, 1): True, (236, 1): False,
}
NEGATIVE = ("other-story", "same-topic", "new-number", "new-name", "negated")
_AUX = re.compile(r"\b(is|was|are|were|has|have|had|will|would|could|can|did|does)\b")
_NUM = re.compile(r"\d+(?:[.,]\d+)*")


def evidence_for(claim: str, sentences: list[str], k: int = llm.MAX_EVIDENCE) -> list[str]:
    """The ``k`` sentences sharing most of the claim's content words."""
    want = set(content_tokens(claim))
    scored = sorted(((-len(want & set(content_tokens(s))), i, s) for i, s in enumerate(sentences)))
    return [s for score, _, s in scored[:k] if score < 0]


def _clean(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def load_2021(data: Path = DATA) -> list[dict[str, Any]]:
    stories = []
    for line in (data / "stories-2021.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        sents = []
        for side in ("left", "center", "right"):
            art = (row.get("news") or {}).get(side) or {}
            sents.extend(_clean(s) for s in art.get("newBody") or [] if _clean(s))
        summary = _clean((row.get("roundup") or [""])[0])
        if sents and summary:
            stories.append({"topic": row.get("topic") or "", "sentences": sents,
                            "summary": [s for s in split_sentences(summary) if len(s.split()) >= 5]})
    return stories


def _new_number(claim: str, evidence: list[str], rng: random.Random) -> str | None:
    m = _NUM.search(claim)
    if not m:
        return None
    have = llm._Evidence.of(evidence).numbers
    value = int(re.sub(r"\D", "", m.group(0))[:6] or 0)
    for _ in range(50):
        new = str(value + rng.randint(2, 9) * (1 + value // 10))
        if new not in have:
            return claim[: m.start()] + new + claim[m.end():]
    return None


def _names_of(text: str) -> list[str]:
    return [w for w, i in llm._names(text) if i > 0 and not w.isupper() and len(w) > 3]


def _new_name(claim: str, evidence: list[str], pool: list[str], rng: random.Random) -> str | None:
    mine = _names_of(claim)
    if not mine:
        return None
    ev = llm._Evidence.of(evidence)
    for _ in range(50):
        other = rng.choice(pool)
        if not (llm._name_keys(other) & ev.name_keys) and other not in claim:
            return re.sub(rf"\b{re.escape(mine[0])}\b", other, claim, count=1)
    return None


def _negated(claim: str) -> str | None:
    m = _AUX.search(claim)
    if not m or re.search(r"\b(not|never|no)\b|n't", claim):
        return None
    return claim[: m.end()] + " not" + claim[m.end():]


def build_cases(split: str, n_stories: int | None, seed: int = 0) -> tuple[dict[str, list[tuple[str, list[str]]]], list[tuple[str, list[str], bool]]]:
    """The claim sets (name -> [(claim, evidence)]) and the hand-labelled claims (val only)."""
    rng = random.Random(seed)
    stories = load(split)[:n_stories] if n_stories else load(split)
    cases: dict[str, list[tuple[str, list[str]]]] = defaultdict(list)
    sents = [[s for a in st["articles"] for s in split_sentences(a["text"])] for st in stories]
    claims = [[c for c in split_sentences(st["target"]) if len(c.split()) >= 5] for st in stories]
    labelled = []
    if split == "val":
        for (i, j), label in sorted(LABELS.items()):
            if i < len(stories):
                labelled.append((claims[i][j], evidence_for(claims[i][j], sents[i]), label))
    # Real names only: capitalised words never written in lower case anywhere in the split.
    lower = {w for st in stories for w in re.findall(r"\b[a-z][a-z'-]+\b", st["target"] + " ".join(a["text"] for a in st["articles"]))}
    name_pool = sorted({n for cl in claims for c in cl for n in _names_of(c) if n.lower() not in lower})
    for i, st in enumerate(stories):
        for c in claims[i]:
            ev = evidence_for(c, sents[i])
            cases["editors"].append((c, ev))
            if (v := _new_number(c, ev, rng)) is not None:
                cases["new-number"].append((v, ev))
            if (v := _new_name(c, ev, name_pool, rng)) is not None:
                cases["new-name"].append((v, ev))
            if (v := _negated(c)) is not None:
                cases["negated"].append((v, ev))
            j = rng.randrange(len(stories) - 1)
            j = j + 1 if j >= i else j
            if claims[j]:
                other = rng.choice(claims[j])
                cases["other-story"].append((other, evidence_for(other, sents[i])))
    s21 = load_2021()
    if n_stories:
        s21 = s21[:n_stories]
    by_topic: dict[str, list[int]] = defaultdict(list)
    for i, st in enumerate(s21):
        by_topic[st["topic"]].append(i)
    for i, st in enumerate(s21):
        for c in st["summary"]:
            cases["editors-2021"].append((c, evidence_for(c, st["sentences"])))
        mates = [j for j in by_topic[st["topic"]] if j != i and s21[j]["summary"]]
        if mates:
            other = rng.choice(s21[rng.choice(mates)]["summary"])
            cases["same-topic"].append((other, evidence_for(other, st["sentences"])))
    return cases, labelled


def measure(cases: dict[str, list[tuple[str, list[str]]]], labelled: list[tuple[str, list[str], bool]]) -> dict[str, Any]:
    checks: dict[str, list[llm.Check]] = {}
    started = time.perf_counter()
    n = 0
    for name, items in cases.items():
        checks[name] = [llm.check_sentence(c, ev, min_share=0.0) for c, ev in items]
        n += len(items)
    per_sentence_ms = 1000 * (time.perf_counter() - started) / max(1, n)
    judged = [(llm.check_sentence(c, ev, min_share=0.0), label) for c, ev, label in labelled]
    rows = []
    for t in THRESHOLDS:
        rate = {}
        for name, cs in checks.items():
            rate[name] = sum(c.supported and c.share >= t for c in cs) / len(cs) if cs else 0.0
        row: dict[str, Any] = {"min_share": t, "pass_rate": {k: round(v, 4) for k, v in rate.items()}}
        if judged:
            tp = sum(c.supported and c.share >= t and lab for c, lab in judged)
            fp = sum(c.supported and c.share >= t and not lab for c, lab in judged)
            fn = sum(lab for _, lab in judged) - tp
            row["labelled"] = {"tp": tp, "fp": fp, "fn": fn, "tn": len(judged) - tp - fp - fn,
                               "precision": round(tp / (tp + fp), 3) if tp + fp else None,
                               "recall": round(tp / (tp + fn), 3) if tp + fn else None}
        rows.append(row)
    reasons: dict[str, dict[str, int]] = {}
    for name, cs in checks.items():
        counts = {"number": 0, "name": 0, "negation": 0}
        for c in cs:
            counts["number"] += bool(c.missing_numbers)
            counts["name"] += bool(c.missing_names)
            counts["negation"] += c.negation
        reasons[name] = counts
    return {"sizes": {k: len(v) for k, v in cases.items()} | {"labelled": len(judged)}, "rows": rows,
            "rule_hits": reasons, "ms_per_sentence": round(per_sentence_ms, 3), "min_share_in_use": llm.MIN_SHARE}


def live(url: str, model: str, split: str, n_stories: int, *, timeout: float = 300.0) -> dict[str, Any]:
    """Story pages of the first ``n_stories`` roundups rewritten by a real model at ``url``
    (any OpenAI-compatible endpoint): what the grounding check kept and dropped, and the
    breakdown's ROUGE against the editors' summary, rewritten and extractive, on the same
    stories. Offline apart from that endpoint; every rewrite request is one model call."""
    from rouge_score import rouge_scorer

    from benchmarks.summaries import SUMMARY_WORDS
    from newsprism import build_story

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    totals = {"stories": 0, "items": 0, "rewritten": 0, "generated": 0, "kept": 0, "dropped": 0, "seconds": 0.0}
    by_kind: dict[str, dict[str, int]] = defaultdict(lambda: {"items": 0, "fallback": 0})
    rouge = {"extractive": defaultdict(list), "rewritten": defaultdict(list)}
    examples = []
    reasons: Counter[str] = Counter()
    client = llm.ChatClient(url=url, model=model, timeout=timeout)
    try:
        for story in load(split)[:n_stories]:
            plain = build_story(story["articles"], entities=[])
            page = llm.rewrite_story(plain, story["articles"], client)
            gen = page["generation"]
            if gen.get("error"):
                raise SystemExit(f"endpoint error on story {story['n']}: {gen['error']}")
            totals["stories"] += 1
            for k in ("items", "rewritten", "generated", "kept", "dropped", "seconds"):
                totals[k] += gen[k]
            for f in gen["fallbacks"]:
                by_kind[f.get("field", "?")]["fallback"] += 1
                reasons[str(f.get("reason", "?")).split(" (")[0]] += 1
            by_kind["title"]["items"] += 1
            for field_name in ("breakdown", "questions"):
                by_kind[field_name]["items"] += len(page.get(field_name) or [])
            by_kind["perspectives"]["items"] += sum(len(p.get("summary") or [])
                                                    for p in (page.get("perspectives") or {}).values())
            for name, pg in (("extractive", plain), ("rewritten", page)):
                words = " ".join(b["text"] for b in pg["breakdown"]).split()[:SUMMARY_WORDS]
                for metric, sc in scorer.score(story["target"], " ".join(words)).items():
                    rouge[name][metric].append(sc.fmeasure)
            for b in page["breakdown"]:
                if "extractive" in b and len(examples) < 6:
                    examples.append({"story": story["n"], "extractive": b["extractive"], "rewritten": b["text"]})
    finally:
        client.close()
    totals["seconds"] = round(totals["seconds"], 1)
    return {"model": model, "split": split, **totals,
            "drop_rate": round(totals["dropped"] / totals["generated"], 3) if totals["generated"] else None,
            "fallbacks_by_field": dict(by_kind), "fallback_reasons": dict(reasons.most_common()),
            "rouge": {name: {m: round(sum(v) / len(v), 4) for m, v in r.items()} for name, r in rouge.items()},
            "examples": examples}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="val", choices=("train", "val"))
    ap.add_argument("--stories", type=int, default=None, help="only the first N stories of each file")
    ap.add_argument("--json", type=Path, default=None, help="also write the results here")
    ap.add_argument("--live", metavar="URL", default=None,
                    help="rewrite pages with a real model at this OpenAI-compatible endpoint (with --model)")
    ap.add_argument("--model", default=None, help="the model name the endpoint serves (--live)")
    args = ap.parse_args(argv)
    if not (DATA / f"{args.split}.source").exists():
        print(f"data not found: {DATA} (the shared folder must sit beside the repository)", file=sys.stderr)
        return 2
    if args.live:
        result = live(args.live, args.model or "", args.split, 20 if args.stories is None else args.stories)
        print(json.dumps(result, indent=2))
        if args.json:
            args.json.write_text(json.dumps(result, indent=2))
        return 0
    result = measure(*build_cases(args.split, args.stories))
    sets = list(POSITIVE) + list(NEGATIVE)
    print("claims: " + ", ".join(f"{k} {result['sizes'].get(k, 0)}" for k in [*sets, "labelled"]))
    print("pass rates; then precision / recall (tp fp fn tn) on the hand-labelled sample")
    print(f"{'min_share':>9}  " + "  ".join(f"{k:>12}" for k in sets) + "   labelled P / R")
    for row in result["rows"]:
        marker = "  <- in use" if row["min_share"] == llm.MIN_SHARE else ""
        lab = row.get("labelled")
        tail = (f"   {lab['precision']} / {lab['recall']} ({lab['tp']} {lab['fp']} {lab['fn']} {lab['tn']})"
                if lab else "")
        print(f"{row['min_share']:>9.2f}  " + "  ".join(f"{row['pass_rate'].get(k, 0):>12.3f}" for k in sets)
              + tail + marker)
    print("rule hits (claims failing the number / name / negation rule):")
    for k in sets:
        print(f"  {k:>12}: {result['rule_hits'].get(k)}")
    print(f"check speed: {result['ms_per_sentence']} ms a sentence (evidence included)")
    if args.json:
        args.json.write_text(json.dumps({"split": args.split, **result}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
