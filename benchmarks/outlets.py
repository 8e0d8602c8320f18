"""Outlet-registry benchmark: size, coverage and agreement against independent ratings.

Run from the repository root::

    python -m benchmarks.outlets [--shared PATH] [--json OUT]

What is measured
----------------
*Registry size*: outlets in the shipped table ``src/newsprism/data/outlets.csv``, per
five-point leaning.

*Coverage of Media Bias/Fact Check* (``../shared/data/mbfc-outlets``, as collected by
Baly et al.; ``emnlp18/corpus.tsv`` 1,066 outlets with a 7-way bias, ``acl2020/corpus.tsv``
859 outlets with a 3-way bias): the share of their domains that
:meth:`newsprism.leaning.Registry.lookup` finds (same normalisation as at run time:
``www.`` stripped, subdomains matched to their parent). Their lists are long-tailed (many
small partisan and hoax sites); ours is the major outlets people read, so coverage is
low by design and the interesting number is agreement.

*Agreement* on left/center/right where both rate an outlet, under two mappings:

``lean=side``    ours lean-left/lean-right -> left/right; MBFC left-center/right-center
                 -> left/right, extreme-left/-right -> left/right (acl2020 is already 3-way).
``lean=center``  ours lean-* -> center; MBFC left-center/right-center -> center.

plus the 3x3 confusion matrix (rows: ours, columns: MBFC) on the pooled set (one rating
per domain: emnlp18's where it has one, else acl2020's), and the per-rating agreement
that becomes ``newsprism.leaning.OUTLET_CONFIDENCE`` (Laplace-smoothed, (agree+1)/(n+2)).

*Coverage of AllSides article sources by name* (``../shared/data/allsides-articles``,
36,254 articles, 491 source names): the share of articles, and of distinct names, whose
``source`` name the registry resolves with ``lookup(name)``. Names that are columnists
("Victor Hanson") or AllSides pseudo-sources ("Guest Writer - Right") are not outlets and
stay unknown on purpose. The registry holds no AllSides label; only names were added.

Measured (``python -m benchmarks.outlets``) -- see BENCHMARKS.md for the current table.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from newsprism.leaning import LEANINGS, Registry, load_registry

DEFAULT_SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
MBFC = {"emnlp18": "data/mbfc-outlets/emnlp18/corpus.tsv", "acl2020": "data/mbfc-outlets/acl2020/corpus.tsv"}
ALLSIDES = "data/allsides-articles/articles.jsonl.gz"
SIDES3 = ("left", "center", "right")

#: MBFC's labels -> three sides, per mapping.
_THEIRS = {
    "lean=side": {"extreme-left": "left", "left": "left", "left-center": "left", "center": "center",
                  "right-center": "right", "right": "right", "extreme-right": "right"},
    "lean=center": {"extreme-left": "left", "left": "left", "left-center": "center", "center": "center",
                    "right-center": "center", "right": "right", "extreme-right": "right"},
}
_OURS = {
    "lean=side": {"left": "left", "lean-left": "left", "center": "center", "lean-right": "right", "right": "right"},
    "lean=center": {"left": "left", "lean-left": "center", "center": "center", "lean-right": "center", "right": "right"},
}


def read_mbfc(path: Path) -> list[tuple[str, str]]:
    """(domain, bias) rows of one MBFC corpus file."""
    with path.open(encoding="utf-8") as fh:
        return [(r["source_url_normalized"].strip(), r["bias"].strip()) for r in csv.DictReader(fh, delimiter="\t")]


def agreement(pairs: list[tuple[str, str]], mapping: str) -> dict[str, Any]:
    """pairs: (our five-point, their label). Agreement share and confusion matrix."""
    matrix = {o: {t: 0 for t in SIDES3} for o in SIDES3}
    agree = 0
    for ours, theirs in pairs:
        o, t = _OURS[mapping][ours], _THEIRS[mapping][theirs]
        matrix[o][t] += 1
        agree += o == t
    return {"n": len(pairs), "agree": agree, "agreement": round(agree / len(pairs), 4) if pairs else None,
            "confusion": matrix}


def measure(shared: Path, registry: Registry | None = None) -> dict[str, Any]:
    registry = registry or load_registry()
    out: dict[str, Any] = {
        "registry": {"outlets": len(registry), "by_leaning": dict(Counter(o.leaning for o in registry)),
                     "countries": len({o.country for o in registry})},
        "mbfc": {},
    }
    pooled: dict[str, tuple[str, str]] = {}  # their domain -> (our rating, their label)
    for corpus, rel in MBFC.items():
        rows = read_mbfc(shared / rel)
        domains = {d for d, _ in rows}
        pairs, known = [], set()
        for domain, bias in rows:
            outlet = registry.lookup(domain)
            if outlet is None:
                continue
            known.add(domain)
            pairs.append((outlet.leaning, bias))
            pooled.setdefault(domain, (outlet.leaning, bias))  # emnlp18 first: its finer label wins
        out["mbfc"][corpus] = {
            "outlets": len(domains), "known": len(known),
            "coverage": round(len(known) / len(domains), 4),
            "agreement": {m: agreement(pairs, m) for m in _THEIRS},
        }
    pooled_pairs = list(pooled.values())
    per_rating = {}
    for rating in LEANINGS:
        sub = [(o, t) for o, t in pooled_pairs if o == rating]
        agree = sum(_OURS["lean=side"][o] == _THEIRS["lean=side"][t] for o, t in sub)
        per_rating[rating] = {"n": len(sub), "agree": agree, "smoothed": round((agree + 1) / (len(sub) + 2), 2)}
    out["mbfc"]["pooled"] = {"known": len(pooled_pairs),
                             "agreement": {m: agreement(pooled_pairs, m) for m in _THEIRS},
                             "per_rating": per_rating}

    names: Counter[str] = Counter()
    with gzip.open(shared / ALLSIDES, "rt", encoding="utf-8") as fh:
        for line in fh:
            names[json.loads(line)["source"]] += 1
    matched = {n for n in names if registry.lookup(n) is not None}
    total = sum(names.values())
    out["allsides"] = {
        "articles": total, "sources": len(names),
        "articles_matched": sum(names[n] for n in matched),
        "article_coverage": round(sum(names[n] for n in matched) / total, 4),
        "sources_matched": len(matched),
        "source_coverage": round(len(matched) / len(names), 4),
        "top_unmatched": [(n, c) for n, c in names.most_common() if n not in matched][:15],
    }
    return out


def _print(res: dict[str, Any]) -> None:
    reg = res["registry"]
    print(f"registry: {reg['outlets']} outlets, {reg['countries']} countries; "
          + ", ".join(f"{k} {reg['by_leaning'].get(k, 0)}" for k in LEANINGS))
    print()
    print(f"{'MBFC corpus':<12}{'outlets':>9}{'known':>7}{'coverage':>10}{'agree lean=side':>17}{'agree lean=center':>19}")
    for corpus in (*MBFC, "pooled"):
        r = res["mbfc"][corpus]
        a, b = r["agreement"]["lean=side"], r["agreement"]["lean=center"]
        outlets = r.get("outlets", "")
        cov = f"{r['coverage']:.3f}" if "coverage" in r else ""
        print(f"{corpus:<12}{outlets:>9}{r['known']:>7}{cov:>10}"
              f"{a['agreement']:>11.3f} ({a['n']:>3}){b['agreement']:>13.3f} ({b['n']:>3})")
    print()
    for mapping in _THEIRS:
        m = res["mbfc"]["pooled"]["agreement"][mapping]["confusion"]
        print(f"confusion, pooled, {mapping} (rows ours, columns MBFC)")
        print(f"{'':>10}" + "".join(f"{t:>8}" for t in SIDES3))
        for o in SIDES3:
            print(f"{o:>10}" + "".join(f"{m[o][t]:>8}" for t in SIDES3))
        print()
    print("per-rating agreement (pooled, lean=side): "
          + ", ".join(f"{k} {v['agree']}/{v['n']} -> {v['smoothed']}" for k, v in res["mbfc"]["pooled"]["per_rating"].items()))
    al = res["allsides"]
    print(f"\nAllSides sources by name: {al['articles_matched']}/{al['articles']} articles "
          f"({al['article_coverage']:.3f}), {al['sources_matched']}/{al['sources']} names ({al['source_coverage']:.3f})")
    print("largest unmatched: " + "; ".join(f"{n} ({c})" for n, c in al["top_unmatched"]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared data folder (default: ../shared)")
    ap.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = ap.parse_args(argv)
    missing = [p for p in (*MBFC.values(), ALLSIDES) if not (args.shared / p).is_file()]
    if missing:
        print(f"benchmark data not found under {args.shared}: {', '.join(missing)}", file=sys.stderr)
        return 2
    res = measure(args.shared)
    _print(res)
    if args.json:
        args.json.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
