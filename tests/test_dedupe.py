"""Copy detection on hand-written articles: what is a copy, what is not, who is the original."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest

from newsprism import dedupe
from newsprism.dedupe import CopyCandidate, assign_copies
from newsprism.records import Article, article_id

T0 = datetime(2024, 3, 5, 9, 0, tzinfo=timezone.utc)

# A wire story written for these tests (about 330 words, five paragraphs).
WIRE = """The city council of Millbrook voted 7-2 on Tuesday night to close the Harbor Street bridge to cars for at least eighteen months, after engineers found that corrosion had eaten through two of the steel cables that hold up the 1962 span.

"We are not going to wait for a tragedy to make this decision," said council president Dana Okafor, who called the vote "painful but unavoidable." The bridge carries about 21,000 vehicles a day between the downtown business district and the east side neighborhoods, according to the county transportation office.

Engineers from the firm Halvorsen & Pike told the council that the damaged cables had lost nearly a third of their strength since the last full inspection in 2019. They recommended replacing all twelve cables rather than repairing the two, at an estimated cost of $48 million. The state has promised to cover about half of that amount from its infrastructure fund.

Pedestrians and cyclists will still be allowed to cross on the south walkway while the work is under way. Buses will be rerouted over the Mill Road crossing, which city officials admit will add fifteen to twenty minutes to the commute of many east side residents during rush hour.

Shop owners on Harbor Street said they feared losing customers. "Half of my business comes over that bridge in the morning," said Luis Carmona, who has run a bakery near the western end of the span for eleven years. The council agreed to study a temporary parking program and a shuttle service to keep foot traffic flowing, and will hear proposals at its meeting next month. Construction is expected to begin in the spring, once the contracts have been awarded and the state funding has been released."""

# The same event, written independently: it shares names, numbers and the same quotes.
INDEPENDENT = """Drivers who cross the Harbor Street bridge every morning will have to find another way into downtown Millbrook for a year and a half. In a 7-2 vote on Tuesday, the city council ordered the 62-year-old bridge closed to traffic after an inspection turned up badly corroded support cables.

Council president Dana Okafor told residents packed into the chamber that the decision was "painful but unavoidable." She added: "We are not going to wait for a tragedy to make this decision." Two council members voted against the closure, arguing that the city should first try a lower weight limit and a single lane of traffic.

The county transportation office says some 21,000 vehicles use the bridge on a typical weekday. Replacing its twelve cables is expected to cost around $48 million, with the state paying roughly half. Work could start in the spring.

For the businesses that line Harbor Street, the news landed hard. "Half of my business comes over that bridge in the morning," said baker Luis Carmona. Several other owners said they would ask the council for help with parking and signs pointing customers to the walkway, which stays open to people on foot and on bikes during construction."""


def art(name: str, text: str, published: datetime | None = T0, title: str = "Bridge to close") -> Article:
    url = f"https://news.example/{name}"
    return Article(
        id=article_id(url), url=url, source="news.example", title=title, text=text, raw=text,
        raw_type="text", content_hash="", published=published,
    )


def layout_changed(text: str) -> str:
    """The same words re-laid: curly quotes, double spaces, hard-wrapped lines, other case."""
    text = re.sub(r'"(\w)', "“\\1", text).replace('"', "”")
    text = text.replace(". ", ".  ").replace("\n\n", "\n \n")
    return re.sub(r"(.{50,70})\s", "\\1\n", text).replace("Millbrook", "MILLBROOK")


class MemoryStore:
    """The store's side of the protocol: rows, a band-key index and a hash index."""

    def __init__(self) -> None:
        self.rows: dict[str, CopyCandidate] = {}
        self.bands: dict[str, set[str]] = defaultdict(set)
        self.hashes: dict[str, set[str]] = defaultdict(set)
        self.lookups: list[list[str]] = []

    def _with_originals(self, ids: set[str]) -> list[CopyCandidate]:
        out = {i: self.rows[i] for i in ids}
        for row in list(out.values()):
            if row.duplicate_of in self.rows:
                out[row.duplicate_of] = self.rows[row.duplicate_of]
        return [out[i] for i in sorted(out)]

    def lookup(self, keys: list[str]) -> list[CopyCandidate]:
        self.lookups.append(keys)
        return self._with_originals(set().union(*(self.bands.get(k, set()) for k in keys)))

    def by_hash(self, content_hash: str) -> list[CopyCandidate]:
        return self._with_originals(set(self.hashes.get(content_hash, set())))

    def ingest(self, batch: list[Article]) -> dedupe.CopyResult:
        result = assign_copies(batch, self.lookup, self.by_hash)
        for old, new in result.regrouped.items():
            for rid, row in list(self.rows.items()):
                if row.duplicate_of == old:
                    self.rows[rid] = _set_dup(row, new)
        for rid, dup in result.stored_updates.items():
            self.rows[rid] = _set_dup(self.rows[rid], dup)
        for a in result.articles:
            fp = result.fingerprints[a.id]
            self.rows[a.id] = CopyCandidate(
                a.id, a.published, fp.content_hash, fp.signature, fp.shingle_count, a.duplicate_of
            )
            for key in fp.band_keys:
                self.bands[key].add(a.id)
            if fp.content_hash:
                self.hashes[fp.content_hash].add(a.id)
        return result

    def originals(self) -> dict[str, str | None]:
        return {rid: row.duplicate_of for rid, row in self.rows.items()}


def _set_dup(row: CopyCandidate, dup: str | None) -> CopyCandidate:
    return CopyCandidate(row.article_id, row.published, row.content_hash, row.signature,
                         row.shingle_count, dup)


def no_store(_: object) -> list[CopyCandidate]:
    return []


def dup_of(result: dedupe.CopyResult) -> dict[str, str | None]:
    return {a.id: a.duplicate_of for a in result.articles}


# --- fingerprints ---------------------------------------------------------------------------


def test_text_hash_ignores_layout_quotes_and_case_but_not_words():
    assert dedupe.text_hash(WIRE) == dedupe.text_hash(layout_changed(WIRE))
    assert dedupe.text_hash("Don’t panic.") == dedupe.text_hash("don't   PANIC")
    assert dedupe.text_hash(WIRE) != dedupe.text_hash(WIRE.replace("7-2", "6-3"))
    assert re.fullmatch(r"[0-9a-f]{64}", dedupe.text_hash(WIRE))


def test_signature_and_band_keys_are_deterministic_and_shaped_for_an_index():
    sig = dedupe.signature(WIRE)
    assert sig.dtype == np.uint32 and sig.shape == (dedupe.NUM_PERM,)
    assert np.array_equal(sig, dedupe.signature(layout_changed(WIRE)))
    keys = dedupe.band_keys(sig)
    assert len(keys) == dedupe.BANDS == len(set(keys))
    # the band index is part of the key, so one (band_key, article_id) table holds all bands
    assert [int(k[:2], 16) for k in keys] == list(range(dedupe.BANDS))
    assert keys == dedupe.band_keys(dedupe.signature(WIRE))


def test_band_keys_reject_a_signature_that_does_not_fit_the_bands():
    with pytest.raises(ValueError, match="cannot be cut into"):
        dedupe.band_keys(np.zeros(dedupe.NUM_PERM + 1, dtype=np.uint32))


def test_empty_and_short_texts_have_no_band_keys():
    assert dedupe.band_keys(dedupe.signature("")) == []
    short = dedupe.fingerprint("Officials said the bridge would close on Tuesday.")
    assert short.band_keys == () and not short.near_eligible
    assert short.content_hash == dedupe.text_hash("Officials said the bridge would close on Tuesday.")
    assert dedupe.fingerprint("  ...  ").content_hash is None


def test_similarity_estimates_containment_of_a_trimmed_copy():
    trimmed = WIRE[: WIRE.index("Pedestrians")]
    a, b = dedupe.fingerprint(WIRE), dedupe.fingerprint(trimmed)
    sim = dedupe.similarity(a.signature, a.shingle_count, b.signature, b.shingle_count)
    assert sim.containment > 0.9 and sim.jaccard < 0.8
    assert sim.is_copy


# --- what is a copy -------------------------------------------------------------------------


def test_exact_copy_with_other_whitespace_quotes_and_title_is_an_exact_duplicate():
    original = art("original", WIRE, T0)
    copy = art("copy", layout_changed(WIRE), T0 + timedelta(hours=2), title="Millbrook shuts bridge")
    result = assign_copies([copy, original], no_store, no_store)
    assert dup_of(result) == {copy.id: original.id, original.id: None}
    assert result.matches[copy.id].method == "exact"
    assert [a.id for a in result.articles] == [copy.id, original.id]  # batch order kept


def test_wire_copy_with_added_agency_lines_and_a_new_headline_is_a_copy():
    wire_copy = ("MILLBROOK (AP) — " + WIRE + "\n\nThis story was first published by The Associated"
                 " Press. Reporter Jan Ives contributed from the state capital.")
    original = art("ap", WIRE, T0)
    copy = art("paper", wire_copy, T0 + timedelta(minutes=40), title="Council votes to shut span")
    result = assign_copies([original, copy], no_store, no_store)
    assert result.articles[1].duplicate_of == original.id
    match = result.matches[copy.id]
    assert match.method == "near" and match.matched == original.id and match.containment > 0.9


def test_trimmed_and_lightly_edited_copy_is_a_copy():
    trimmed = WIRE[: WIRE.index("Shop owners")]  # about 70 % of the words
    edited = trimmed.replace("said council president", "said Council President").replace(
        "eighteen months", "18 months").replace("according to", "says")
    original = art("full", WIRE, T0)
    copy = art("short", edited, T0 + timedelta(hours=1))
    assert assign_copies([original, copy], no_store, no_store).articles[1].duplicate_of == original.id


def test_independent_report_on_the_same_event_is_never_a_copy():
    a, b = dedupe.fingerprint(WIRE), dedupe.fingerprint(INDEPENDENT)
    sim = dedupe.similarity(a.signature, a.shingle_count, b.signature, b.shingle_count)
    assert sim.containment < 0.3 and not sim.is_copy
    result = assign_copies(
        [art("wire", WIRE, T0), art("own", INDEPENDENT, T0 + timedelta(hours=1))], no_store, no_store
    )
    assert [a.duplicate_of for a in result.articles] == [None, None]
    assert result.matches == {}


def test_short_texts_need_the_exact_text_to_be_copies():
    # 13 words each, differing in the last one: on shingles alone they would pass as copies
    one = "The Harbor Street bridge will close to cars for repairs, officials said Tuesday."
    two = "The Harbor Street bridge will close to cars for repairs, officials said Monday."
    fa, fb = dedupe.fingerprint(one), dedupe.fingerprint(two)
    assert dedupe.similarity(fa.signature, fa.shingle_count, fb.signature, fb.shingle_count).is_copy
    assert fa.shingle_count < dedupe.MIN_SHINGLES

    first, second = art("brief-1", one, T0), art("brief-2", two, T0 + timedelta(hours=1))
    same = art("brief-3", one.upper().replace(",", ""), T0 + timedelta(hours=2))
    result = assign_copies([first, second, same], no_store, no_store)
    assert dup_of(result) == {first.id: None, second.id: None, same.id: first.id}
    assert result.matches[same.id].method == "exact"


def test_empty_texts_are_not_copies_of_each_other():
    result = assign_copies([art("e1", "", T0), art("e2", " \n ", T0 + timedelta(1))], no_store, no_store)
    assert [a.duplicate_of for a in result.articles] == [None, None]


# --- who is the original ----------------------------------------------------------------------


def test_the_earliest_published_article_is_the_original_whatever_the_batch_order():
    a = art("a", WIRE, T0 + timedelta(hours=3))
    b = art("b", "BREAKING: " + WIRE, T0 + timedelta(hours=1))
    c = art("c", WIRE + "\n\nCopyright Example Wire.", T0 + timedelta(hours=2))
    for batch in ([a, b, c], [c, b, a], [b, c, a]):
        assert dup_of(assign_copies(batch, no_store, no_store)) == {a.id: b.id, b.id: None, c.id: b.id}


def test_ties_go_to_the_stored_article_then_to_the_smallest_id():
    x, y = art("x", WIRE, T0), art("y", WIRE + " (AP)", T0)
    first, second = sorted([x, y], key=lambda a: a.id)
    assert dup_of(assign_copies([second, first], no_store, no_store))[second.id] == first.id
    store = MemoryStore()
    store.ingest([second])  # stored first: it wins the tie although its id is larger
    assert store.ingest([first]).articles[0].duplicate_of == second.id


def test_an_undated_article_is_never_preferred_over_a_dated_one():
    undated, dated = art("undated", WIRE, None), art("dated", WIRE + " (AP)", T0 + timedelta(days=30))
    assert dup_of(assign_copies([undated, dated], no_store, no_store)) == {
        undated.id: dated.id, dated.id: None}
    naive = art("naive", WIRE + " Reuters", datetime(2024, 3, 1, 12))  # naive = UTC
    assert assign_copies([dated, naive], no_store, no_store).articles[0].duplicate_of == naive.id


def test_an_older_new_article_takes_over_a_stored_group_without_chains():
    store = MemoryStore()
    late = art("late", "UPDATED: " + WIRE, T0 + timedelta(hours=5))
    later = art("later", WIRE + "\n\nAP contributed.", T0 + timedelta(hours=6))
    store.ingest([late])
    store.ingest([later])
    assert store.originals() == {late.id: None, later.id: late.id}

    earliest = art("earliest", WIRE, T0)
    result = store.ingest([earliest])
    assert result.articles[0].duplicate_of is None
    assert result.stored_updates == {late.id: earliest.id, later.id: earliest.id}
    assert result.regrouped == {late.id: earliest.id}
    assert store.originals() == {late.id: earliest.id, later.id: earliest.id, earliest.id: None}


def test_regrouped_reaches_stored_copies_the_lookup_did_not_return():
    # A store only returns the rows sharing a band key or the hash (and their originals);
    # a copy that does not look like the newcomer stays unseen, and only the ``regrouped``
    # instruction re-points it.
    stored_original = art("whole", WIRE, T0 + timedelta(hours=2))
    stored_tail = art("tail", WIRE[WIRE.index("Engineers"):], T0 + timedelta(hours=3))
    store = MemoryStore()
    store.ingest([stored_original, stored_tail])
    assert store.originals()[stored_tail.id] == stored_original.id

    def lookup_without_tail(keys: list[str]) -> list[CopyCandidate]:
        return [c for c in store.lookup(keys) if c.article_id != stored_tail.id]

    newcomer = art("head", WIRE[: WIRE.index("Shop owners")], T0)
    result = assign_copies([newcomer], lookup_without_tail, store.by_hash)
    assert result.articles[0].duplicate_of is None
    assert result.stored_updates == {stored_original.id: newcomer.id}
    assert result.regrouped == {stored_original.id: newcomer.id}


def test_an_article_joining_two_groups_merges_them_under_the_earliest_original():
    head, tail = WIRE[: WIRE.index("Shop owners")], WIRE[WIRE.index("Engineers"):]
    store = MemoryStore()
    g1 = art("g1", head, T0 + timedelta(hours=1))
    g2 = art("g2", tail, T0 + timedelta(hours=2))
    store.ingest([g1, g2])
    assert store.originals() == {g1.id: None, g2.id: None}  # not copies of each other
    bridge = art("bridge", WIRE, T0 + timedelta(hours=3))
    result = store.ingest([bridge])
    assert result.articles[0].duplicate_of == g1.id
    assert store.originals() == {g1.id: None, g2.id: g1.id, bridge.id: g1.id}
    assert all(store.rows[d].duplicate_of is None for d in store.originals().values() if d)


def test_lookups_include_the_stored_article_itself_when_it_is_reingested():
    store = MemoryStore()
    a = art("a", WIRE, T0)
    store.ingest([a])
    result = store.ingest([a])
    assert result.articles[0].duplicate_of is None and result.matches == {}
    assert store.lookups and all(store.lookups)


def test_an_original_the_lookup_omits_is_assumed_older():
    newcomer = art("new", WIRE, T0)
    sig_fp = dedupe.fingerprint(WIRE + " (AP)")
    orphan = CopyCandidate("stored-copy", T0 + timedelta(hours=1), sig_fp.content_hash,
                           sig_fp.signature, sig_fp.shingle_count, duplicate_of="not-returned")
    result = assign_copies([newcomer], lambda keys: [orphan], no_store)
    assert result.articles[0].duplicate_of == "not-returned"
    assert result.stored_updates == {}


def test_outcome_does_not_depend_on_batching_or_order():
    texts = [WIRE, "BREAKING: " + WIRE, WIRE[: WIRE.index("Shop owners")], INDEPENDENT,
             layout_changed(WIRE), INDEPENDENT + "\n\n(Reporting by Jo Kim)"]
    articles = [art(f"n{i}", t, T0 + timedelta(hours=(7 * i) % 5)) for i, t in enumerate(texts)]
    one_batch = MemoryStore()
    one_batch.ingest(articles)
    for order in (articles[::-1], articles[2:] + articles[:2]):
        singles = MemoryStore()
        for a in order:
            singles.ingest([a])
        assert singles.originals() == one_batch.originals()
    groups = defaultdict(set)
    for aid, dup in one_batch.originals().items():
        groups[dup or aid].add(aid)
    assert sorted(map(len, groups.values())) == [2, 4]
    first = assign_copies(articles, no_store, no_store)
    again = assign_copies(articles, no_store, no_store)
    assert dup_of(first) == dup_of(again) and first.matches == again.matches


def test_an_article_that_cannot_be_compared_is_reported_and_the_batch_goes_on():
    good = art("good", WIRE, T0)
    no_text = art("no-text", None)  # type: ignore[arg-type]
    bad_date = art("bad-date", WIRE, "2024-03-05")  # type: ignore[arg-type]
    result = assign_copies([no_text, good, bad_date], no_store, no_store)
    assert [a.id for a in result.articles] == [good.id]
    assert [(e.item, e.stage) for e in result.errors] == [
        ("https://news.example/no-text", "dedupe"), ("https://news.example/bad-date", "dedupe")]
    assert "not a string" in result.errors[0].reason
    assert "not a datetime" in result.errors[1].reason
