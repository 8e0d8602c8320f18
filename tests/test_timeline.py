"""Timeline: first report, each outlet's first article, later developments, with times."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from newsprism.timeline import build_timeline

T0 = datetime(2025, 3, 4, 8, 0, tzinfo=UTC)


def art(id_, source, hours, title, text, duplicate_of=None):
    return {"id": id_, "source": source, "title": title, "text": text, "leaning": "unknown",
            "published": None if hours is None else T0 + timedelta(hours=hours), "duplicate_of": duplicate_of}


FIRST = art("a1", "harbour.example", 0, "Ferry runs aground near Vessa",
            "A passenger ferry ran aground near Vessa island on Tuesday morning. "
            "The coast guard said all 140 passengers were safe. The ferry had left Port Calder an hour earlier.")
RETOLD = art("b1", "coast.example", 2, "Vessa ferry aground, passengers safe",
             "All 140 passengers of a ferry that ran aground near Vessa island are safe, the coast guard said. "
             "The ferry left Port Calder on Tuesday morning.")
COPY = art("c1", "mirror.example", 3, "Ferry runs aground near Vessa",
           "A passenger ferry ran aground near Vessa island on Tuesday morning. "
           "The coast guard said all 140 passengers were safe.", duplicate_of="a1")
NEWS = art("a2", "harbour.example", 9, "Captain suspended after Vessa grounding",
           "Operator Nordlink suspended captain Erik Dahl pending a maritime safety inquiry. "
           "Investigators found the radar switched off during the crossing. "
           "Transport minister Lena Holm ordered inspections of all ferries.")
SAME_AGAIN = art("a3", "harbour.example", 10, "Ferry passengers safe after grounding",
                 "The coast guard said all 140 passengers of the ferry were safe after it ran aground near Vessa.")
UNDATED = art("u1", "nodate.example", None, "Ferry aground", "A ferry ran aground near Vessa island.")


def test_entries_in_time_order_with_kinds():
    tl = build_timeline([NEWS, COPY, RETOLD, FIRST, SAME_AGAIN, UNDATED])
    assert [e["sources"] for e in tl] == [["a1"], ["b1"], ["c1"], ["a2"]]
    assert [e["kind"] for e in tl] == ["first_report", "outlet_first", "outlet_first", "development"]
    assert tl[0]["text"] == "First reported by harbour.example: Ferry runs aground near Vessa"
    assert tl[0]["time"] == "2025-03-04T08:00:00+00:00"
    assert [e["time"] for e in tl] == sorted(e["time"] for e in tl)


def test_development_quotes_its_most_novel_lead_sentence():
    tl = build_timeline([FIRST, RETOLD, NEWS])
    dev = tl[-1]
    assert dev["kind"] == "development" and dev["sources"] == ["a2"]
    text = dev["text"].split(": ", 1)[1]
    assert text in NEWS["text"]
    assert "Erik Dahl" in text or "Lena Holm" in text


def test_copies_are_never_developments():
    novel_copy = dict(NEWS, id="m2", source="harbour.example", duplicate_of="a2")
    tl = build_timeline([FIRST, NEWS, novel_copy])
    assert all(e["sources"] != ["m2"] for e in tl)
    copy_other_outlet = dict(NEWS, id="m3", source="mirror.example", duplicate_of="a2")
    tl = build_timeline([FIRST, NEWS, copy_other_outlet])
    entry = next(e for e in tl if e["sources"] == ["m3"])
    assert entry["kind"] == "outlet_first" and "republished harbour.example's report" in entry["text"]


def test_a_retelling_is_not_a_development_and_undated_articles_are_left_out():
    tl = build_timeline([FIRST, SAME_AGAIN, UNDATED])
    assert [e["sources"] for e in tl] == [["a1"]]


def test_the_first_report_is_the_earliest_original_and_strings_parse():
    early_copy = dict(COPY, published=(T0 - timedelta(hours=1)).isoformat())
    tl = build_timeline([RETOLD, early_copy, dict(FIRST, published=T0.isoformat())])
    first = next(e for e in tl if e["kind"] == "first_report")
    assert first["sources"] == ["a1"]


def test_empty_and_deterministic():
    assert build_timeline([]) == []
    items = [NEWS, COPY, RETOLD, FIRST]
    assert build_timeline(items) == build_timeline(list(reversed(items)))


def test_a_page_reads_an_impossible_future_date_as_unknown():
    """build_story applies ingest's rule to the records it is given: a date more than a day
    after the record was first seen (or after the present, when the record does not say) is
    no date, so neither the stats nor the timeline say 2099."""
    from newsprism import build_story

    seen = T0 + timedelta(hours=12)
    future = {**NEWS, "published": "2099-01-01T00:00:00Z", "first_seen": seen}
    late_but_possible = {**SAME_AGAIN, "published": seen + timedelta(hours=20), "first_seen": seen}
    page = build_story([FIRST, RETOLD, future, late_but_possible], entities=[], now=seen)
    assert "2099" not in json.dumps(page)
    assert page["stats"]["last_updated"] == (seen + timedelta(hours=20)).isoformat()
    # no first_seen: judged against the present
    page = build_story([FIRST, {**NEWS, "published": "2099-01-01T00:00:00Z"}], entities=[])
    assert "2099" not in json.dumps(page)
    assert page["stats"]["last_updated"] == T0.isoformat()


def test_articles_whose_source_names_no_outlet_are_each_an_outlet():
    """Files ingested without a URL all carry the source "local": each is its own source (as
    the breakdown and the leaning counts have it), so each gets its entry, not only the first."""
    files = [art(f"f{k}", "local", k, f"Ferry report {k}", f"Report number {k} on the ferry near Vessa island.")
             for k in range(3)]
    entries = build_timeline(files)
    assert [e["sources"] for e in entries] == [["f0"], ["f1"], ["f2"]]
    assert entries[0]["kind"] == "first_report"
    # Named outlets still count once: a second article of the same outlet is no new outlet.
    same = [art("s1", "harbour.example", 0, "Ferry runs aground", "A ferry ran aground near Vessa island."),
            art("s2", "harbour.example", 1, "Ferry runs aground", "A ferry ran aground near Vessa island today.")]
    assert [e["sources"] for e in build_timeline(same)] == [["s1"]]


def test_an_articles_distinct_terms_are_the_terms_it_lists():
    from newsprism.timeline import _term_set, _terms

    text = ("Officials’ statements: the 52 prisoners, freed on Saturday, crossed into Lithuania. "
            "Prisoners' families said the prisoners were tired; Lithuania's minister met them. A b c 7 xs")
    assert _term_set(text) == set(_terms(text))
    assert "prisoner" in _term_set(text) and "lithuania" in _term_set(text) and "the" not in _term_set(text)


def test_an_entry_never_quotes_a_photo_caption():
    """Scraped pages often open with the lead photo's caption; an untitled article's entry
    quotes its first sentence of prose instead."""
    captioned = art("d1", "lens.example", 4, "",
                    "Passengers leave the grounded ferry near Vessa island on Tuesday, March 4, 2025. "
                    "(AP Photo/Ana Lind)\n\n"
                    "Rescuers brought the last of the 140 passengers ashore at Port Calder by noon.")
    entry = next(e for e in build_timeline([FIRST, captioned]) if e["sources"] == ["d1"])
    assert "Rescuers brought the last" in entry["text"] and "March 4, 2025" not in entry["text"]
