"""What ``clean.clean_text`` removes from real article text, and what it costs.

Run from the repository root::

    python -m benchmarks.cleaning [--articles N]

Data: the AllSides articles (``../shared/data/allsides-articles/articles.jsonl.gz``, read on
the fly, never copied): each article's ``content_original`` is cleaned as ingest cleans it
(``clean_text`` with the article's title and source). Reported:

* the share of characters and of paragraphs removed, over all articles;
* flattened photo galleries (CNN's "Photos: ... Hide Caption 3 of 24" markup as text):
  articles holding a "Hide Caption k of N" marker before and after cleaning, and the
  characters the gallery cut removes on average (``_strip_galleries`` alone);
* video teasers ("JUST WATCHED <clip> Replay More Videos ... MUST WATCH <clip> 01:51"):
  articles holding one before and after cleaning;
* politicians' name cards (The Hill's "Marco Antonio RubioGOP senators plan ... MORE"):
  articles holding a card's signature (a surname run into a capital, a number or a quote,
  then " MORE" within the paragraph, an independent test of the cleaner's own rule) before
  and after cleaning;
* USA TODAY's video boxes ("CLOSE <clip's blurb> <credit>" as a line of its own): articles
  holding one before and after cleaning;
* milliseconds per article, beside a baseline in the same run: splitting the raw text into
  paragraphs and words, the least any cleaner must do.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data" / "allsides-articles" / "articles.jsonl.gz"
_MARK = re.compile(r"Hide Caption\s*\d+\s*of\s*\d+")
_TEASER = re.compile(r"JUST WATCHED\b.*?\bReplay More Videos\b")
_VIDEO_BOX = re.compile(r"^CLOSE [A-Z0-9\"\u201c]", re.MULTILINE)
_CARD = re.compile(r"\b[A-Z][a-z]{2,}(?:[A-Z][a-z]|[0-9\"“‘])[^\n]{20,900}? MORE\b")


def measure(path: Path = DATA, articles: int | None = None) -> dict[str, Any]:
    from newsprism.clean import _normalize_chars, _strip_galleries, clean_text

    raw_chars = kept_chars = raw_paras = kept_paras = 0
    with_marks = marks_left = with_teasers = teasers_left = with_cards = cards_left = 0
    with_boxes = boxes_left = 0
    gallery_cut: list[int] = []
    clean_t = base_t = 0.0
    n = 0
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if articles is not None and n >= articles:
                break
            r = json.loads(line)
            text = r.get("content_original") or ""
            if not text.strip():
                continue
            n += 1
            t = time.perf_counter()
            paras = [p.split() for p in re.split(r"\n\s*\n", text)]
            base_t += time.perf_counter() - t
            t = time.perf_counter()
            out = clean_text(text, title=r.get("title"), source=r.get("source"))
            clean_t += time.perf_counter() - t
            raw_chars += len(text)
            kept_chars += len(out)
            raw_paras += sum(1 for p in paras if p)
            kept_paras += sum(1 for p in out.split("\n\n") if p.strip())
            if _MARK.search(text):
                with_marks += 1
                normal = _normalize_chars(text)
                gallery_cut.append(len(normal) - len(_strip_galleries(normal)))
                marks_left += bool(_MARK.search(out))
            if _CARD.search(text):
                with_cards += 1
                cards_left += bool(_CARD.search(out))
            if _TEASER.search(text):
                with_teasers += 1
                teasers_left += bool(_TEASER.search(out))
            if _VIDEO_BOX.search(text):
                with_boxes += 1
                boxes_left += bool(_VIDEO_BOX.search(out))
    return {
        "articles": n,
        "characters_removed_share": round(1 - kept_chars / max(1, raw_chars), 4),
        "paragraphs_removed_share": round(1 - kept_paras / max(1, raw_paras), 4),
        "galleries": {"articles_with_markers": with_marks, "with_markers_after_cleaning": marks_left,
                      "mean_characters_cut": round(statistics.fmean(gallery_cut)) if gallery_cut else 0},
        "video_teasers": {"articles_with_teasers": with_teasers, "with_teasers_after_cleaning": teasers_left},
        "video_boxes": {"articles_with_box": with_boxes, "with_box_after_cleaning": boxes_left},
        "name_cards": {"articles_with_card_signature": with_cards, "with_signature_after_cleaning": cards_left},
        "ms_per_article": round(1000 * clean_t / max(1, n), 3),
        "baseline_ms_per_article (paragraph and word split)": round(1000 * base_t / max(1, n), 3),
        "ratio": round(clean_t / base_t, 1) if base_t else None,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=None, help="only the first N articles")
    ap.add_argument("--data", type=Path, default=DATA)
    args = ap.parse_args(argv)
    if args.articles is not None and args.articles < 1:
        ap.error("--articles must be at least 1")
    if not args.data.is_file():
        print(f"no data at {args.data}", file=sys.stderr)
        return 2
    print(json.dumps(measure(args.data, args.articles), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
