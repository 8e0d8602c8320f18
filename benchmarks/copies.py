"""Copy-detection benchmark: how well ``newsprism.dedupe`` tells copies from reports.

Run from the repository root::

    python -m benchmarks.copies [--shared PATH] [--n 2000] [--seed 13] [--json OUT]
    python -m benchmarks.copies --split train --tune      # the evidence behind the constants

The labelled set
----------------
*Positives* are real news articles (AllSides-labelled corpus, ``articles.jsonl.gz``;
the *media* split's ``valid`` ids for reported numbers, ``train`` ids for tuning) each
paired with a copy made the way syndication makes copies. Every original gets one
perturbation kind, in equal shares:

``headline``     a new headline, text untouched (the most common syndicated copy);
``layout``       whitespace, non-breaking spaces, straight/curly quotes, paragraphs
                 re-flowed (merged, split, hard-wrapped): what another CMS does;
``agency_line``  an added line at the top ("WASHINGTON (AP) -", a byline) or the bottom
                 ("This story was first published by ...", "Reporting by ...");
``trim``         the last paragraphs cut, keeping 60-95 % of the words;
``edits``        a few word substitutions and typos (about one per 150 words);
``syndicated``   all of the above at once (new headline, agency line, trim, edits, layout).
``new_lead``     stress case: the first paragraph replaced by another outlet's own (a local
                 angle written on top of the wire copy), and the ending trimmed;
``heavy_edits``  stress case: one edit every ~25 words (a copy-edited republication).

*Negatives* are different articles that a copy detector must keep apart:

``same_event``   the left/center/right articles of one AllSides story roundup
                 (``stories-2021.jsonl`` and ``val.source`` when reporting,
                 ``train.source`` when tuning): independent reports of the same event by
                 different outlets, sharing names, numbers and often the same quotes.
                 These are the hard negatives.
``same_topic``   pairs of different articles of the same AllSides topic.

Why it is realistic: the texts are real news prose with real shared quotes, the
perturbations are the ones seen between wire copies in the wild, and the hard
negatives are exactly the confusable case the contract forbids merging.

What is measured
----------------
Everything (originals, copies, roundup articles) is shuffled and ingested in batches
through :func:`newsprism.dedupe.assign_copies` against an in-memory store that keeps
signatures, band keys and hashes exactly as the real store does (copies are often
ingested before their originals, which exercises ``stored_updates``). A labelled pair
is predicted a copy when both articles end up in the same copy group. Reported:
precision, recall, F1 for the exact hash alone and for the full method; recall per
perturbation; *pool precision* (the share of all same-group pairs in the pool that
are labelled copies, so merges between unlabelled articles count against us too); the
group invariants (no chains, the original is the earliest published); and throughput
of ``fingerprint`` (signature + band keys) in articles per second.

Measured (``python -m benchmarks.copies``: valid split, n=2000, seed 13; 2,002 copy
pairs, 4,256 negative pairs, a pool of 6,296 documents)::

    method       precision  recall      F1     TP    FP    FN
    exact_only      1.0000  0.2502  0.4003    501     0  1501
    full            1.0000  0.9855  0.9927   1973     0    29

    recall: headline, layout, agency_line, trim, edits, syndicated 1.000; heavy_edits
            0.996; new_lead 0.888 (the stress case: a new first paragraph plus a trimmed
            ending leaves less than 75 % of the shorter text shared); wire_copy 2/2
    negatives: 0 of 2,256 same-event pairs, 0 of 2,000 same-topic pairs merged
    pool precision 0.9975 (5 unlabelled same-group pairs: the same NYT article featured in
    two roundups, and two NYT articles of the corpus that share their long opening
    section verbatim), no chains, every group led by its earliest article;
    fingerprint throughput ~300-800 articles/s on one shared core (683 words on average;
    SHA-1 per shingle dominates)

The exact hash alone only finds copies that differ in layout and headline; everything a
syndicating editor does to the text needs the near-duplicate path.

``--tune`` prints, for the train split, the distribution of estimated Jaccard and
containment per pair kind for several shingle sizes, the LSH candidate recall for
several bandings, and the best thresholds: the evidence cited in ``dedupe.py``.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
from dateutil import parser as dateparser

from newsprism import dedupe
from newsprism.records import Article

DEFAULT_SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
ARTICLES = "data/allsides-articles/articles.jsonl.gz"
SPLITS = "data/allsides-articles/splits/media/{split}.tsv"
ROUNDUPS_2021 = "data/allsides-roundups/stories-2021.jsonl"
ROUNDUPS_SOURCE = "data/allsides-roundups/{part}.source"

KINDS = ("headline", "layout", "agency_line", "trim", "edits", "syndicated", "new_lead",
         "heavy_edits")
POSITIVE_KINDS = (*KINDS, "wire_copy")
STRESS_KINDS = ("new_lead", "heavy_edits")  # beyond the contract's copies: reported, not tuned on
NEGATIVE_KINDS = ("same_event", "same_topic")

# Roundup pairs that are not independent reports but one wire story (AP, Reuters) carried
# by two outlets: AllSides sometimes features the same syndicated text on two sides.
# They are real copies, so they are labelled as such ("wire_copy"). Adjudicated by
# reading every roundup pair with estimated containment >= 0.35 (the next-highest
# pairs, at 0.64 and below, are independent reports sharing a quote).
WIRE_COPIES: frozenset[tuple[str, str]] = frozenset({
    # valid (reported): AP stories, once with and once without the dateline
    ("rval-116-0", "rval-116-1"), ("rval-204-0", "rval-204-1"),
    # train (tuning): AP/Reuters/CNN texts carried twice, some lightly edited
    ("rtrain-435-0", "rtrain-435-2"), ("rtrain-601-1", "rtrain-601-2"),
    ("rtrain-762-0", "rtrain-762-1"), ("rtrain-1100-0", "rtrain-1100-1"),
    ("rtrain-1158-0", "rtrain-1158-2"), ("rtrain-1774-0", "rtrain-1774-2"),
    ("rtrain-1867-0", "rtrain-1867-2"), ("rtrain-1947-0", "rtrain-1947-1"),
    ("rtrain-1340-1", "rtrain-1340-2"), ("rtrain-884-0", "rtrain-884-2"),
    ("rtrain-1705-0", "rtrain-1705-1"),
    # train: the same one-sentence text under two outlets' names (an exact copy)
    ("rtrain-2027-0", "rtrain-2027-2"),
})


@dataclass
class Doc:
    id: str
    title: str
    text: str
    published: datetime | None


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    label: bool
    kind: str


# --- loading -------------------------------------------------------------------------------


def data_files(shared: Path, split: str) -> list[Path]:
    roundups = [ROUNDUPS_SOURCE.format(part="train")] if split == "train" else [
        ROUNDUPS_2021,
        ROUNDUPS_SOURCE.format(part="val"),
    ]
    return [shared / p for p in (ARTICLES, SPLITS.format(split=split), *roundups)]


def file_digest(path: Path) -> str:
    """SHA-256 of a file, read in chunks (hashlib.file_digest)."""
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def load_articles(shared: Path, split: str) -> list[dict]:
    """Articles of one media split, in file order."""
    ids_path = shared / SPLITS.format(split=split)
    ids = {line.split("\t")[0] for line in ids_path.read_text().splitlines()[1:] if line}
    out = []
    with gzip.open(shared / ARTICLES, "rt", encoding="utf-8") as f:
        for line in f:
            if '"ID": "' not in line:
                continue
            record = json.loads(line)
            if record["ID"] in ids and record.get("content_original", "").strip():
                out.append(record)
    return out


def load_roundups(shared: Path, split: str) -> list[list[tuple[str, str, str, str | None]]]:
    """Stories as lists of (doc id, title, text, date) of their outlets' articles.

    Ids are stable across runs: ``r21-{story id}-{side}`` for stories-2021 and
    ``r{part}-{line}-{position}`` for the ``.source`` files.
    """
    stories: list[list[tuple[str, str, str, str | None]]] = []
    parts = ["train"] if split == "train" else ["val"]
    if split != "train":
        for line in (shared / ROUNDUPS_2021).read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            stories.append([
                (f"r21-{record['id']}-{side}", n.get("newsTitle", ""),
                 "\n\n".join(n.get("newBody", [])), record.get("date"))
                for side, n in sorted(record.get("news", {}).items())
                if "".join(n.get("newBody", [])).strip()
            ])
    # Some val.source stories are stories-2021 ones again (same articles, cut differently):
    # they would be copies of each other across the two files, so they are read once.
    seen_titles = {_title_key(title) for story in stories for _, title, _, _ in story}
    for part in parts:
        lines = (shared / ROUNDUPS_SOURCE.format(part=part)).read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            story = []
            for position, chunk in enumerate(line.split(" [SEP] ")):
                m = re.match(r"\s*TITLE=>\s*(.*?)\.?\s*ARTICLE=>\s*(.*)", chunk, re.S)
                if m and m.group(2).strip():
                    story.append((f"r{part}-{number}-{position}", m.group(1), m.group(2), None))
            if not any(_title_key(title) in seen_titles for _, title, _, _ in story):
                stories.append(story)
    return [s for s in stories if len(s) >= 2]


def _title_key(title: str) -> str:
    return re.sub(r"\W+", " ", title.casefold()).strip().rstrip(".")


# --- perturbations ---------------------------------------------------------------------------

_TOP_LINES = [
    "WASHINGTON (AP) — ",
    "NEW YORK (Reuters) - ",
    "LONDON (AFP) — ",
    "By Jane Doe, Associated Press\n\n",
    "By Staff and wire reports\n\n",
    "Originally published by our partners.\n\n",
]
_BOTTOM_LINES = [
    "This story was first published by The Associated Press.",
    "Reporting by Jane Doe; Editing by John Smith",
    "Associated Press writer Maria Lopez in Chicago contributed to this report.",
    "Copyright 2020 The Associated Press. All rights reserved. This material may not be "
    "published, broadcast, rewritten or redistributed.",
    "This article originally appeared on our partner site and is republished here with permission.",
    "© 2020 Bloomberg L.P.",
]
_SUBSTITUTIONS = {
    "said": "says", "says": "said", "told": "said", "percent": "%", "President": "Pres.",
    "Mr.": "", "Mrs.": "", "Ms.": "", "that": "which", "would": "will", "about": "around",
    "many": "several", "people": "individuals", "also": "additionally", "but": "however",
    "United States": "U.S.", "U.S.": "United States", "Sunday": "Sun.", "Monday": "Mon.",
}
_HEADLINE_PREFIXES = ["", "WATCH: ", "Breaking: ", "Analysis: ", "Report: ", "UPDATE: "]


def new_headline(rng: random.Random, title: str) -> str:
    words = title.split()
    if len(words) > 4:
        cut = rng.randint(len(words) // 2, len(words))
        words = words[:cut]
    return rng.choice(_HEADLINE_PREFIXES) + " ".join(words).title()


def paragraphs_of(text: str) -> list[str]:
    paras = [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
    if len(paras) >= 3:
        return paras
    sentences = _sentences(text)
    # a one-block body: make paragraphs of ~3 sentences so trimming has boundaries
    return [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)] or [text]


def layout(rng: random.Random, text: str) -> str:
    paras = paragraphs_of(text)
    out: list[str] = []
    i = 0
    while i < len(paras):  # merge some neighbours
        if i + 1 < len(paras) and rng.random() < 0.25:
            out.append(paras[i] + " " + paras[i + 1])
            i += 2
        else:
            out.append(paras[i])
            i += 1
    if rng.random() < 0.5:  # hard-wrap like a plain-text feed
        out = [re.sub(r"(.{60,75})\s", "\\1\n", p) for p in out]
    text = "\n\n".join(out)
    if rng.random() < 0.5:
        text = text.replace("“", '"').replace("”", '"').replace("’", "'").replace("‘", "'")
    else:
        text = re.sub(r'"(\w)', "“\\1", text)
        text = text.replace('"', "”").replace("'", "’")
    def space(_: re.Match) -> str:  # a few non-breaking and doubled spaces
        roll = rng.random()
        return "\u00a0" if roll < 0.02 else "  " if roll < 0.05 else " "

    text = re.sub(r" ", space, text)
    return text.replace("—", " -- ") if rng.random() < 0.5 else text


def agency_line(rng: random.Random, text: str) -> str:
    if rng.random() < 0.5:
        return rng.choice(_TOP_LINES) + text
    return text.rstrip() + "\n\n" + rng.choice(_BOTTOM_LINES)


def trim(rng: random.Random, text: str) -> str:
    """Cut the ending at a paragraph (else sentence) boundary, keeping 60-95 % of the words."""
    total = len(text.split())
    target = rng.uniform(0.60, 0.95) * total
    for units, sep in ((paragraphs_of(text), "\n\n"), (_sentences(text), " ")):
        kept, count = [], 0
        for unit in units[:-1]:  # always drop at least the last unit
            if count >= target:
                break
            kept.append(unit)
            count += len(unit.split())
        if count >= 0.60 * total and kept:
            return sep.join(kept)
    return " ".join(text.split()[: int(target) + 1])  # one giant sentence: cut at a word


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])", text.strip())


def edits(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    n_edits = max(2, len(words) // 150)
    for _ in range(n_edits):
        i = rng.randrange(len(words))
        w = words[i]
        stripped = w.strip(".,;:!?\"“”'’")
        choice = rng.random()
        if stripped in _SUBSTITUTIONS and choice < 0.6:
            words[i] = w.replace(stripped, _SUBSTITUTIONS[stripped])
        elif len(w) > 3 and choice < 0.8:  # typo: swap two letters
            j = rng.randrange(len(w) - 1)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
        elif len(w) > 3:  # typo: drop a letter
            j = rng.randrange(len(w))
            words[i] = w[:j] + w[j + 1 :]
        else:  # a small word dropped
            words[i] = ""
    return re.sub(r" {2,}", " ", " ".join(words))


def new_lead(rng: random.Random, text: str, other: str) -> str:
    paras = paragraphs_of(trim(rng, text))
    return "\n\n".join([paragraphs_of(other)[0], *paras[1:]])


def make_copy(rng: random.Random, title: str, text: str, kind: str, other: str = "") -> tuple[str, str]:
    if kind == "headline":
        return new_headline(rng, title), text
    if kind == "layout":
        return title, layout(rng, text)
    if kind == "agency_line":
        return title, agency_line(rng, text)
    if kind == "trim":
        return title, trim(rng, text)
    if kind == "edits":
        return title, edits(rng, text)
    if kind == "new_lead":
        return new_headline(rng, title), new_lead(rng, text, other)
    if kind == "heavy_edits":
        words = len(text.split())
        edited = text
        for _ in range(max(1, words // 25 // max(2, words // 150))):
            edited = edits(rng, edited)
        return title, edited
    if kind == "syndicated":
        return new_headline(rng, title), layout(rng, agency_line(rng, edits(rng, trim(rng, text))))
    raise ValueError(kind)


# --- the labelled set -----------------------------------------------------------------------


def _date(value: str | None, rng: random.Random) -> datetime | None:
    minutes = rng.randrange(24 * 60)  # drawn even when unused, so sampling stays aligned
    if not value:
        return None
    try:
        day = dateparser.parse(value[:10] if value[:4].isdigit() else value)
    except (ValueError, OverflowError):
        return None
    return day.replace(hour=0, minute=0, second=0, tzinfo=timezone.utc) + timedelta(minutes=minutes)


def build_set(shared: Path, split: str, n: int, seed: int) -> tuple[dict[str, Doc], list[Pair]]:
    """Documents and labelled pairs; deterministic for (data, split, n, seed)."""
    rng = random.Random(seed)
    articles = load_articles(shared, split)
    rng.shuffle(articles)
    originals = articles[: min(n, len(articles))]
    docs: dict[str, Doc] = {}
    pairs: list[Pair] = []
    for i, record in enumerate(originals):
        oid = f"o-{record['ID']}"
        published = _date(record.get("date"), rng) or datetime(2020, 1, 1, tzinfo=timezone.utc)
        docs[oid] = Doc(oid, record.get("title", ""), record["content_original"], published)
        kind = KINDS[i % len(KINDS)]
        other = originals[(i + 1) % len(originals)]["content_original"]
        title, text = make_copy(rng, record.get("title", ""), record["content_original"], kind, other)
        cid = f"c-{record['ID']}"
        docs[cid] = Doc(cid, title, text, published + timedelta(minutes=rng.randrange(10, 2 * 24 * 60)))
        pairs.append(Pair(oid, cid, True, kind))

    by_topic: dict[str, list[str]] = defaultdict(list)
    for record in originals:
        by_topic[record["topic"]].append(f"o-{record['ID']}")
    topics = sorted(t for t, ids in by_topic.items() if len(ids) >= 2)
    weights = [len(by_topic[t]) for t in topics]
    seen: set[tuple[str, str]] = set()
    attempts = 0
    while len(seen) < n and attempts < 20 * n and topics:
        attempts += 1
        topic = rng.choices(topics, weights)[0]
        a, b = sorted(rng.sample(by_topic[topic], 2))
        if (a, b) not in seen:
            seen.add((a, b))
            pairs.append(Pair(a, b, False, "same_topic"))

    for s, story in enumerate(load_roundups(shared, split)):
        ids = []
        for rid, title, text, date in story:
            published = _date(date, rng) or datetime(2019, 1, 1, tzinfo=timezone.utc) + timedelta(hours=s)
            docs[rid] = Doc(rid, title, text, published + timedelta(minutes=rng.randrange(600)))
            ids.append(rid)
        for x in range(len(ids)):
            for y in range(x + 1, len(ids)):
                a, b = sorted((ids[x], ids[y]))
                if (a, b) in WIRE_COPIES:
                    pairs.append(Pair(a, b, True, "wire_copy"))
                else:
                    pairs.append(Pair(a, b, False, "same_event"))
    return docs, pairs


# --- an in-memory store speaking assign_copies' lookup protocol -----------------------------


class MemoryStore:
    """Keeps what the real store keeps: fingerprint rows, band-key and hash indexes."""

    def __init__(self) -> None:
        self.rows: dict[str, dedupe.CopyCandidate] = {}
        self.bands: dict[str, set[str]] = defaultdict(set)
        self.hashes: dict[str, set[str]] = defaultdict(set)

    def _with_originals(self, ids: set[str]) -> list[dedupe.CopyCandidate]:
        out = {i: self.rows[i] for i in ids}
        for row in list(out.values()):
            if row.duplicate_of is not None and row.duplicate_of in self.rows:
                out[row.duplicate_of] = self.rows[row.duplicate_of]
        return [out[i] for i in sorted(out)]

    def lookup(self, keys: list[str]) -> list[dedupe.CopyCandidate]:
        ids: set[str] = set()
        for key in keys:
            ids |= self.bands.get(key, set())
        return self._with_originals(ids)

    def by_hash(self, content_hash: str) -> list[dedupe.CopyCandidate]:
        return self._with_originals(set(self.hashes.get(content_hash, set())))

    def apply(self, result: dedupe.CopyResult) -> None:
        for old, new in result.regrouped.items():
            for row_id, row in list(self.rows.items()):
                if row.duplicate_of == old:
                    self.rows[row_id] = _with_dup(row, new)
        for row_id, dup in result.stored_updates.items():
            self.rows[row_id] = _with_dup(self.rows[row_id], dup)
        for article in result.articles:
            fp = result.fingerprints[article.id]
            self.rows[article.id] = dedupe.CopyCandidate(
                article.id, article.published, fp.content_hash, fp.signature,
                fp.shingle_count, article.duplicate_of,
            )
            for key in fp.band_keys:
                self.bands[key].add(article.id)
            if fp.content_hash is not None:
                self.hashes[fp.content_hash].add(article.id)


def _with_dup(row: dedupe.CopyCandidate, dup: str | None) -> dedupe.CopyCandidate:
    return dedupe.CopyCandidate(
        row.article_id, row.published, row.content_hash, row.signature, row.shingle_count, dup
    )


def to_article(doc: Doc) -> Article:
    return Article(
        id=doc.id, url=f"https://example.org/{doc.id}", source="example.org", title=doc.title,
        text=doc.text, raw=doc.text, raw_type="text", content_hash="", published=doc.published,
    )


def run_pool(docs: dict[str, Doc], seed: int, batch_size: int = 100) -> MemoryStore:
    order = sorted(docs)
    random.Random(seed + 1).shuffle(order)
    store = MemoryStore()
    for start in range(0, len(order), batch_size):
        batch = [to_article(docs[i]) for i in order[start : start + batch_size]]
        store.apply(dedupe.assign_copies(batch, store.lookup, store.by_hash))
    return store


# --- scoring -----------------------------------------------------------------------------------


def prf(pairs: list[Pair], predicted: dict[tuple[str, str], bool]) -> dict:
    tp = sum(1 for p in pairs if p.label and predicted[(p.a, p.b)])
    fp = sum(1 for p in pairs if not p.label and predicted[(p.a, p.b)])
    fn = sum(1 for p in pairs if p.label and not predicted[(p.a, p.b)])
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "tp": tp, "fp": fp, "fn": fn}


def evaluate(docs: dict[str, Doc], pairs: list[Pair], seed: int) -> dict:
    hashes = {i: dedupe.text_hash(d.text) for i, d in docs.items()}
    exact = {(p.a, p.b): hashes[p.a] == hashes[p.b] for p in pairs}

    t0 = time.perf_counter()
    store = run_pool(docs, seed)
    pool_seconds = time.perf_counter() - t0
    root = {i: (r.duplicate_of or i) for i, r in store.rows.items()}
    full = {(p.a, p.b): root[p.a] == root[p.b] for p in pairs}

    groups: dict[str, list[str]] = defaultdict(list)
    for i, r in root.items():
        groups[r].append(i)
    positives = {(p.a, p.b) for p in pairs if p.label} | {(p.b, p.a) for p in pairs if p.label}
    same_group_pairs = labelled_copies = 0
    for members in groups.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                same_group_pairs += 1
                labelled_copies += (members[x], members[y]) in positives
    chains = sum(1 for r in store.rows.values()
                 if r.duplicate_of and store.rows[r.duplicate_of].duplicate_of is not None)
    not_earliest = 0
    for original, members in groups.items():
        if len(members) > 1:
            earliest = min(members, key=lambda i: (docs[i].published, i))
            not_earliest += docs[earliest].published < docs[original].published
    # synthetic copies are published after their original: they must point at its group's
    # original (the original itself, unless the corpus holds an older copy of it)
    points_to_original = [
        store.rows[p.b].duplicate_of == root[p.a]
        for p in pairs if p.kind in KINDS and full[(p.a, p.b)]
    ]

    per_kind = {}
    for kind in POSITIVE_KINDS:
        sub = [p for p in pairs if p.kind == kind]
        per_kind[kind] = {
            "n": len(sub),
            "exact_recall": round(sum(exact[(p.a, p.b)] for p in sub) / max(1, len(sub)), 4),
            "recall": round(sum(full[(p.a, p.b)] for p in sub) / max(1, len(sub)), 4),
        }
    negatives = {}
    for kind in NEGATIVE_KINDS:
        sub = [p for p in pairs if p.kind == kind]
        negatives[kind] = {"n": len(sub), "false_positives": sum(full[(p.a, p.b)] for p in sub)}
    return {
        "exact_only": prf(pairs, exact),
        "full": prf(pairs, full),
        "per_perturbation": per_kind,
        "negatives": negatives,
        "pool": {
            "documents": len(docs),
            "same_group_pairs": same_group_pairs,
            "labelled_copy_pairs": labelled_copies,
            "pool_precision": round(labelled_copies / same_group_pairs, 4) if same_group_pairs else 1.0,
            "chains": chains,
            "groups_whose_original_is_not_earliest": not_earliest,
            "copy_points_at_original": round(sum(points_to_original) / max(1, len(points_to_original)), 4),
            "seconds": round(pool_seconds, 2),
        },
    }


def throughput(docs: dict[str, Doc], limit: int = 500) -> dict:
    texts = [d.text for d in list(docs.values())[:limit]]
    words = sum(len(t.split()) for t in texts)
    t0 = time.perf_counter()
    for t in texts:
        dedupe.fingerprint(t)
    seconds = time.perf_counter() - t0
    return {"articles": len(texts), "mean_words": round(words / len(texts)),
            "articles_per_second": round(len(texts) / seconds, 1)}


# --- tuning ------------------------------------------------------------------------------------


def tune(docs: dict[str, Doc], pairs: list[Pair], seed: int) -> None:
    """Print the evidence for SHINGLE_WORDS, the thresholds, the banding and MIN_SHINGLES."""
    rng = random.Random(seed)
    for k in (3, 4, 5, 6):
        sets = {i: dedupe.shingles(d.text, k) for i, d in docs.items()}
        sigs = {i: dedupe._signature_of(s) for i, s in sets.items()}
        rows = []
        for p in pairs:
            na, nb = len(sets[p.a]), len(sets[p.b])
            if min(na, nb) < dedupe.MIN_SHINGLES:
                continue
            sim = dedupe.similarity(sigs[p.a], na, sigs[p.b], nb)
            rows.append((p, sim.jaccard, sim.containment))
        print(f"\n== shingle size k={k}: estimated Jaccard / containment; percentiles 0/1/50 "
              "for copies, 50/99/100 for negatives")
        for kind in (*POSITIVE_KINDS, *NEGATIVE_KINDS):
            sub = [r for r in rows if r[0].kind == kind]
            if not sub:
                continue
            j = np.array([r[1] for r in sub])
            c = np.array([r[2] for r in sub])
            q = (0, 1, 50) if kind in POSITIVE_KINDS else (50, 99, 100)
            print(f"  {kind:12s} n={len(sub):5d}  J {np.round(np.percentile(j, q), 3)}  "
                  f"C {np.round(np.percentile(c, q), 3)}")
        core = [r for r in rows if r[0].label and r[0].kind not in STRESS_KINDS]
        copy_c = min(r[2] for r in core)
        copy_j = min(r[1] for r in core)
        neg_c = max(r[2] for r in rows if not r[0].label)
        print(f"  gap: lowest copy containment {copy_c:.3f} (Jaccard {copy_j:.3f}), "
              f"highest negative containment {neg_c:.3f}")
        rows = [r for r in rows if r[0].kind not in STRESS_KINDS]
        grid = []
        for tj in np.arange(0.10, 0.61, 0.05):
            for tc in np.arange(0.50, 0.96, 0.05):
                pred = {(r[0].a, r[0].b): r[1] >= tj and r[2] >= tc for r in rows}
                grid.append((prf([r[0] for r in rows], pred)["f1"], round(tj, 2), round(tc, 2)))
        top = max(f for f, *_ in grid)
        ties = [(tj, tc) for f, tj, tc in grid if f == top]
        print(f"  F1={top} for {len(ties)} threshold pairs: MIN_JACCARD "
              f"{min(t[0] for t in ties)}..{max(t[0] for t in ties)}, MIN_CONTAINMENT "
              f"{min(t[1] for t in ties)}..{max(t[1] for t in ties)}")
        if k != dedupe.SHINGLE_WORDS:
            continue
        ids = sorted(docs)
        random_pairs = [tuple(rng.sample(ids, 2)) for _ in range(20000)]
        print("  LSH: share of pairs sharing >= 1 band key (copies; negatives; random pairs)")
        for b, r in ((15, 8), (24, 5), (30, 4), (40, 3), (60, 2)):
            keys = {i: set(dedupe.band_keys(sig[: b * r], b)) for i, sig in sigs.items()}
            hit = lambda x, y: bool(keys[x] & keys[y])  # noqa: E731
            copies = [row[0] for row in rows if row[0].label]
            negatives = [row[0] for row in rows if not row[0].label]
            curve = " ".join(f"P({s})={1 - (1 - s**r) ** b:.2f}" for s in (0.2, 0.4, 0.5, 0.6))
            print(f"    b={b:2d} r={r}: {sum(hit(p.a, p.b) for p in copies) / len(copies):.4f}; "
                  f"{sum(hit(p.a, p.b) for p in negatives) / len(negatives):.4f}; "
                  f"{sum(hit(x, y) for x, y in random_pairs) / len(random_pairs):.5f}   {curve}")
    print(f"\n== short texts: pairs cut to their first W words, judged at MIN_JACCARD="
          f"{dedupe.MIN_JACCARD}, MIN_CONTAINMENT={dedupe.MIN_CONTAINMENT} (no length floor)")
    hard = [p for p in pairs if p.kind == "same_event"]
    copies = [p for p in pairs if p.kind in ("trim", "edits", "syndicated", "agency_line")]
    for w in (10, 15, 20, 25, 30, 40, 60):
        def judged(p: Pair) -> bool:
            fa = dedupe.fingerprint(" ".join(docs[p.a].text.split()[:w]))
            fb = dedupe.fingerprint(" ".join(docs[p.b].text.split()[:w]))
            return dedupe.similarity(fa.signature, fa.shingle_count, fb.signature, fb.shingle_count).is_copy
        fp_ = sum(judged(p) for p in hard)
        tp_ = sum(judged(p) for p in copies)
        print(f"  W={w:3d} ({max(1, w - dedupe.SHINGLE_WORDS + 1):3d} shingles): same-event pairs "
              f"judged copies {fp_}/{len(hard)}; copy pairs kept {tp_}/{len(copies)}")


# --- report ------------------------------------------------------------------------------------


def print_table(report: dict) -> None:
    print(f"\ncopy detection, split={report['split']} n={report['n']} seed={report['seed']} "
          f"({report['pairs']['positive']} copy pairs, {report['pairs']['negative']} negative pairs)")
    print(f"{'method':12s} {'precision':>9s} {'recall':>7s} {'F1':>7s} {'TP':>6s} {'FP':>5s} {'FN':>5s}")
    for name in ("exact_only", "full"):
        m = report[name]
        print(f"{name:12s} {m['precision']:9.4f} {m['recall']:7.4f} {m['f1']:7.4f} "
              f"{m['tp']:6d} {m['fp']:5d} {m['fn']:5d}")
    print(f"\n{'perturbation':12s} {'n':>5s} {'exact':>7s} {'full':>7s}")
    for kind, m in report["per_perturbation"].items():
        print(f"{kind:12s} {m['n']:5d} {m['exact_recall']:7.4f} {m['recall']:7.4f}")
    print(f"\n{'negatives':12s} {'n':>5s} {'FP':>5s}")
    for kind, m in report["negatives"].items():
        print(f"{kind:12s} {m['n']:5d} {m['false_positives']:5d}")
    pool = report["pool"]
    print(f"\npool: {pool['documents']} documents, {pool['same_group_pairs']} same-group pairs, "
          f"pool precision {pool['pool_precision']}, chains {pool['chains']}, "
          f"groups with a later original {pool['groups_whose_original_is_not_earliest']}, "
          f"copies pointing at their original {pool['copy_points_at_original']}, "
          f"{pool['seconds']} s")
    t = report["throughput"]
    print(f"throughput: {t['articles_per_second']} articles/s (signature + band keys, "
          f"{t['articles']} articles of {t['mean_words']} words on average)")


def measure(shared: Path, split: str = "valid", n: int = 2000, seed: int = 13,
            with_throughput: bool = True) -> dict:
    """Build the labelled set and score it; the report ``main`` prints (and the gate reads)."""
    docs, pairs = build_set(shared, split, n, seed)
    report = {"split": split, "n": n, "seed": seed,
              "pairs": {"positive": sum(p.label for p in pairs),
                        "negative": sum(not p.label for p in pairs)},
              "constants": {"SHINGLE_WORDS": dedupe.SHINGLE_WORDS, "NUM_PERM": dedupe.NUM_PERM,
                            "BANDS": dedupe.BANDS, "MIN_SHINGLES": dedupe.MIN_SHINGLES,
                            "MIN_JACCARD": dedupe.MIN_JACCARD,
                            "MIN_CONTAINMENT": dedupe.MIN_CONTAINMENT}}
    report.update(evaluate(docs, pairs, seed))
    if with_throughput:
        report["throughput"] = throughput(docs)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--n", type=int, default=2000, help="copy pairs (and same-topic pairs)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--split", choices=("valid", "train"), default="valid")
    parser.add_argument("--tune", action="store_true", help="print the threshold evidence")
    parser.add_argument("--json", type=Path, help="write the report here")
    args = parser.parse_args(argv)
    missing = [p for p in data_files(args.shared, args.split) if not p.exists()]
    if missing:
        print(f"missing data: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    if args.tune:
        docs, pairs = build_set(args.shared, args.split, args.n, args.seed)
        tune(docs, pairs, args.seed)
        return 0
    report = measure(args.shared, args.split, args.n, args.seed)
    print_table(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
