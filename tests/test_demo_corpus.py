"""The bundled demo corpus is well formed, and its answer key is true of its text.

`newsprism demo` shows this corpus to every new user, and the engine's tests use its answer
key (``answer_key.json``) as ground truth for copies, stories, disagreements and blindspots.
A key that drifts from the text would make those tests lie, so every planted property is
checked here against the articles themselves: copies really are near-duplicates, rewrites
really are independently worded, each disputed claim is quoted verbatim, and so on.
"""

from __future__ import annotations

import csv
import itertools
import json
import re
from collections import Counter
from datetime import datetime, timedelta
from functools import cache
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from newsprism.records import article_id, normalize_url

LEANINGS = ("left", "lean-left", "center", "lean-right", "right")
LEFT_SIDE = {"left", "lean-left"}
RIGHT_SIDE = {"right", "lean-right"}
FIELDS = {"url", "title", "text", "published", "source", "author", "language"}
OUTLET_COLUMNS = ["domain", "name", "country", "leaning", "owner", "basis"]
BASIS = "invented outlet for the demo corpus; leaning declared by its editorial line described in README"
ATTRIBUTION = re.compile(
    r"^This article was originally published by (Meridian Wire|Continental Press Service)\.$"
)

# Copy detection thresholds, on 5-word shingles. Measured on this corpus: every planted copy
# shares >= 0.94 of the shorter text with its original (the most edited one, a trimmed and
# reworded Lakeshore copy, is the minimum), and no two independently written articles share
# more than 0.06 (stock phrases such as "said it was too early to say whether"). The floors
# below leave room for edits on both sides without letting the two populations meet.
COPY_MIN_CONTAINMENT = 0.80
DISTINCT_MAX_CONTAINMENT = 0.20


def _demo_dir() -> Path:
    """The corpus as the installed package ships it (falls back to the source tree)."""
    shipped = resources.files("newsprism") / "data" / "demo"
    if shipped.is_dir():
        return Path(str(shipped))
    return Path(__file__).resolve().parents[1] / "src" / "newsprism" / "data" / "demo"


DEMO = _demo_dir()


@cache
def articles() -> list[dict]:
    records = []
    for number, line in enumerate((DEMO / "articles.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        assert line.strip(), f"articles.jsonl line {number} is blank"
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as exc:
            pytest.fail(f"articles.jsonl line {number} is not valid JSON: {exc}")
    return records


@cache
def by_url() -> dict[str, dict]:
    return {a["url"]: a for a in articles()}


@cache
def outlets() -> dict[str, dict]:
    with (DEMO / "outlets.csv").open(encoding="utf-8", newline="") as fh:
        return {row["domain"]: row for row in csv.DictReader(fh)}


@cache
def key() -> dict[str, dict]:
    return json.loads((DEMO / "answer_key.json").read_text(encoding="utf-8"))


def leaning(url: str) -> str:
    return outlets()[by_url()[url]["source"]]["leaning"]


def published(url: str) -> datetime:
    return datetime.fromisoformat(by_url()[url]["published"])


@cache
def shingles(url: str, n: int = 5) -> frozenset[tuple[str, ...]]:
    words = re.findall(r"\w+", by_url()[url]["text"].lower())
    return frozenset(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def containment(a: str, b: str) -> float:
    """Share of the shorter article's shingles found in the other: robust to trimmed copies."""
    x, y = shingles(a), shingles(b)
    return len(x & y) / max(1, min(len(x), len(y)))


def story_of(url: str) -> str:
    return next(name for name, story in key().items() if url in story["articles"])


# --- the articles -------------------------------------------------------------------------


def test_every_record_has_exactly_the_contract_fields():
    assert len(articles()) >= 44
    for a in articles():
        assert set(a) == FIELDS, f"{a.get('url')}: fields {sorted(set(a) ^ FIELDS)} differ from the contract"
        for name in FIELDS:
            assert isinstance(a[name], str) and a[name].strip() == a[name] and a[name], (a["url"], name)
        assert a["language"] == "en"
        assert "\n" not in a["title"], a["url"]


def test_texts_read_like_articles():
    for a in articles():
        words = len(a["text"].split())
        assert 150 <= words <= 600, f"{a['url']}: {words} words"
        paragraphs = a["text"].split("\n\n")
        assert len(paragraphs) >= 4, f"{a['url']}: {len(paragraphs)} paragraphs"
        for p in paragraphs:
            assert p and p == p.strip() and "\n" not in p, f"{a['url']}: malformed paragraph {p[:40]!r}"
        assert '"' in a["text"] and re.search(r"\bsaid\b", a["text"]), f"{a['url']}: no attributed quote"
        assert re.search(r"\d", a["text"]), f"{a['url']}: no figures"


def test_published_times_carry_a_zone_and_fit_one_fortnight_of_2026():
    times = []
    for a in articles():
        stamp = datetime.fromisoformat(a["published"])
        assert stamp.utcoffset() is not None, f"{a['url']}: no time zone"
        assert "T" in a["published"] and stamp.year == 2026, a["url"]
        times.append(stamp)
    assert max(times) - min(times) <= timedelta(days=14)


def test_urls_are_unique_and_live_on_their_outlets_example_domain():
    urls = [a["url"] for a in articles()]
    assert len(set(urls)) == len(urls)
    assert len({normalize_url(u) for u in urls}) == len(urls)
    assert len({article_id(u) for u in urls}) == len(urls)
    for a in articles():
        parts = urlsplit(a["url"])
        assert parts.scheme == "https" and parts.hostname.endswith(".example"), a["url"]
        host = parts.hostname
        assert host == a["source"] or host.endswith("." + a["source"]), f"{a['url']} is not on {a['source']}"


def test_markup_appears_only_in_the_planted_escaping_fixtures():
    hostile = {url for story in key().values() for url in story.get("hostile_markup", [])}
    titles = [by_url()[u]["title"] for u in hostile]
    texts = [by_url()[u]["text"] for u in hostile]
    assert any("<img src=x onerror=alert(1)>" in t for t in titles)
    assert any('<script>alert("x")</script>' in t for t in texts)
    for a in articles():
        if a["url"] not in hostile:
            assert not re.search(r"[<>]", a["title"] + a["text"]), f"{a['url']}: unexpected markup"


# --- the outlets --------------------------------------------------------------------------


def test_outlet_table_is_complete_and_on_the_five_point_scale():
    with (DEMO / "outlets.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        assert next(reader) == OUTLET_COLUMNS
        rows = list(reader)
    assert len(rows) == len(outlets()) >= 13, "duplicate or missing outlet domains"
    for row in outlets().values():
        assert row["leaning"] in LEANINGS, row
        assert row["basis"] == BASIS, row
        assert row["domain"].endswith(".example") and row["name"] and row["owner"], row
        assert re.fullmatch(r"[A-Z]{2}", row["country"]), row
    counts = Counter(row["leaning"] for row in outlets().values())
    assert counts["left"] + counts["lean-left"] >= 3
    assert counts["center"] >= 3
    assert counts["right"] + counts["lean-right"] >= 3
    assert sum(row["country"] != "US" for row in outlets().values()) >= 2


def test_every_source_is_a_known_outlet_and_every_outlet_publishes():
    sources = {a["source"] for a in articles()}
    assert sources <= set(outlets()), sources - set(outlets())
    assert set(outlets()) <= sources, set(outlets()) - sources


# --- the answer key -----------------------------------------------------------------------


def test_answer_key_partitions_the_corpus_into_stories():
    assert len(key()) >= 7
    listed = [u for story in key().values() for u in story["articles"]]
    assert len(listed) == len(set(listed)), "an article is in two stories"
    assert set(listed) == set(by_url()), "answer key and articles.jsonl disagree"
    for name, story in key().items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name)
        assert story["title"] and len(story["articles"]) >= 3, name
        assert len({by_url()[u]["source"] for u in story["articles"]}) >= 3, name


def test_planted_copies_are_near_duplicates_of_their_originals():
    copies = {c: o for story in key().values() for c, o in story["copies"].items()}
    originals = Counter(copies.values())
    assert sum(n >= 2 for n in originals.values()) >= 2, "need two wire stories republished twice or more"
    for copy, original in copies.items():
        assert original not in copies, f"{copy} points at another copy"
        assert story_of(copy) == story_of(original)
        assert by_url()[copy]["source"] != by_url()[original]["source"]
        assert published(copy) > published(original), f"{copy} predates its original"
        assert containment(copy, original) >= COPY_MIN_CONTAINMENT, copy
        changed = (
            by_url()[copy]["title"] != by_url()[original]["title"]
            or by_url()[copy]["text"] != by_url()[original]["text"]
        )
        assert changed, f"{copy} is byte-identical; a republisher always changes something"
    for copy, original in copies.items():
        extra = set(by_url()[copy]["text"].split("\n\n")) - set(by_url()[original]["text"].split("\n\n"))
        for paragraph in extra:
            if ATTRIBUTION.match(paragraph):
                assert by_url()[original]["source"] in ("meridianwire.example", "continentalpress.example")
    attributed = [c for c in copies if ATTRIBUTION.match(by_url()[c]["text"].split("\n\n")[-1])]
    assert len(attributed) >= 3


def test_nothing_else_is_a_near_duplicate():
    """Rewrites and same-story reports must not look like copies, or duplicate_of tests lie."""
    copies = {c: o for story in key().values() for c, o in story["copies"].items()}
    family = {u: copies.get(u, u) for u in by_url()}
    for a, b in itertools.combinations(by_url(), 2):
        if family[a] != family[b]:
            assert containment(a, b) < DISTINCT_MAX_CONTAINMENT, (a, b, round(containment(a, b), 2))


def test_rewrites_credit_their_source_in_their_own_words():
    rewrites = {r: s for story in key().values() for r, s in story.get("rewrites", {}).items()}
    assert rewrites
    for rewrite, source in rewrites.items():
        assert story_of(rewrite) == story_of(source)
        assert by_url()[rewrite]["source"] != by_url()[source]["source"]
        assert published(rewrite) > published(source)
        credited = outlets()[by_url()[source]["source"]]["name"].removeprefix("The ")
        assert credited in by_url()[rewrite]["text"], f"{rewrite} does not credit {credited}"
        assert containment(rewrite, source) < DISTINCT_MAX_CONTAINMENT


def test_disagreement_claims_are_quoted_from_the_articles():
    disputes = [(name, d) for name, story in key().items() for d in story.get("disagreements", [])]
    assert len(disputes) >= 2
    for name, dispute in disputes:
        assert dispute["topic"] and len(dispute["claims"]) >= 2, name
        cited = [set(claim["evidence"]) for claim in dispute["claims"]]
        assert all(cited), name
        for claim in dispute["claims"]:
            for url, words in claim["evidence"].items():
                assert url in key()[name]["articles"], (name, url)
                assert words in by_url()[url]["text"], f"{url} does not say {words!r}"
        outlets_per_claim = [{by_url()[u]["source"] for u in urls} for urls in cited]
        assert len(set().union(*outlets_per_claim)) >= 2, f"{name}: a dispute needs two outlets"


def test_blindspot_story_is_covered_by_one_side_only():
    blind = {name: story for name, story in key().items() if "blindspot" in story}
    assert blind
    for name, story in blind.items():
        covered = set(story["blindspot"]["covered_only_by"])
        assert covered in (LEFT_SIDE, RIGHT_SIDE, {"left"}, {"right"}), name
        assert not covered & set(story["blindspot"]["missing"])
        assert {leaning(u) for u in story["articles"]} <= covered, name


def test_similar_events_are_distinguishable_by_date_and_numbers():
    pairs = {(name, story["similar_to"]) for name, story in key().items() if "similar_to" in story}
    assert pairs
    for name, other in pairs:
        assert key()[other]["similar_to"] == name, "similar_to must be mutual"
        mine, theirs = key()[name]["distinguishing"], key()[other]["distinguishing"]
        assert all(mine[k] != theirs[k] for k in mine), (name, other)
        event_day = datetime.fromisoformat(mine["date"]).date()
        for url in key()[name]["articles"]:
            text = by_url()[url]["text"]
            assert mine["magnitude"] in text and mine["town"] in text, f"{url} lacks its distinguishing facts"
            assert published(url).date() >= event_day


def test_name_variants_occur_in_their_story():
    variants = [(name, canon, spellings) for name, story in key().items()
                for canon, spellings in story.get("name_variants", {}).items()]
    assert sum(len(s) >= 3 for _, _, s in variants) >= 1, "need a name spelled three ways"
    assert any(any(ch in "".join(s) for ch in "řšžčěůŭ") for _, _, s in variants), "need a diacritics variant"
    for name, canon, spellings in variants:
        assert len(spellings) >= 2 and canon in spellings, (name, canon)
        for spelling in spellings:
            pattern = re.compile(r"(?<![\w.])" + re.escape(spelling) + r"(?![\w])")
            found = [u for u in key()[name]["articles"] if pattern.search(by_url()[u]["text"])]
            assert found, f"{name}: {spelling!r} does not occur"


def test_framing_pairs_come_from_opposite_sides():
    framed = {name: story["framing"] for name, story in key().items() if "framing" in story}
    assert framed
    for name, framing in framed.items():
        assert framing["left"] and framing["right"], name
        for url in framing["left"]:
            assert leaning(url) in LEFT_SIDE and url in key()[name]["articles"], url
        for url in framing["right"]:
            assert leaning(url) in RIGHT_SIDE and url in key()[name]["articles"], url


def test_readme_documents_every_story_and_outlet():
    readme = (DEMO / "README.md").read_text(encoding="utf-8")
    assert "fiction" in readme and "Apache-2.0" in readme
    for name in key():
        assert f"`{name}`" in readme, name
    for domain, row in outlets().items():
        assert re.search(rf"^\| {re.escape(domain)} \| {re.escape(row['name'])} \| {row['country']} \| "
                         rf"{row['leaning']} \|", readme, re.M), domain
    assert f"{len(articles())} articles" in readme


@pytest.mark.shared
def test_no_sentence_is_taken_from_the_shared_news_corpora(shared: Path):
    """Guard against real article text slipping in: no sentence of 8+ words matches verbatim.

    Checks the event and roundup corpora (about a second); the full 36,000-article AllSides
    dump takes ~18 s and was checked once by hand when the corpus was written.
    """
    def sentences(text: str):
        for s in re.split(r"(?<=[.!?])\s+|\\n|\n", text):
            norm = re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()
            if norm.count(" ") >= 7:
                yield norm

    ours = {s for a in articles() for s in sentences(a["text"])}
    files = [shared / "data" / "ecbplus-events" / "documents.jsonl",
             shared / "data" / "allsides-roundups" / "stories-2021.jsonl"]
    files = [f for f in files if f.is_file()]
    if not files:
        pytest.skip("no shared news corpora to compare against")
    for path in files:
        with path.open(encoding="utf-8", errors="replace") as fh:
            for line in fh:
                copied = ours.intersection(sentences(line))
                assert not copied, f"{path.name} contains {copied}"
