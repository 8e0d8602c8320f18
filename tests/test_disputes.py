"""Disagreements between sources: days, dates and counts, with no false alarms."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsprism.disputes import find_disagreements
from newsprism.pipeline import prepare
from newsprism.sources import read_path


def art(id_, text, *, title="", published=None, source=None, duplicate_of=None):
    return {"id": id_, "title": title, "text": text, "source": source or f"{id_}.example",
            "published": published, "duplicate_of": duplicate_of, "leaning": "unknown"}


def topics(found):
    return [d["topic"] for d in found]


def sides(found, topic):
    d = next(d for d in found if d["topic"] == topic)
    return [set(c["sources"]) for c in d["claims"]]


# --- the seed story -----------------------------------------------------------------------------
@pytest.fixture
def seed_articles(seeds: list[Path]) -> list[dict]:
    out = []
    for path in seeds:
        for item in read_path(path):
            a = prepare(item)
            out.append(art(path.name[:3], a.text, title=a.title, published=a.published, source=f"seed{path.name[:3]}"))
    assert len(out) == 4
    return out


def test_seed_story_friday_against_saturday(seed_articles):
    found = find_disagreements(seed_articles)
    release = next(d for d in found if d["topic"] == "day of the release")
    by_text = {c["text"]: set(c["sources"]) for c in release["claims"]}
    friday = next(s for t, s in by_text.items() if "Friday" in t)
    saturday = next(s for t, s in by_text.items() if "Saturday" in t)
    assert friday == {"003"}
    assert saturday == {"000", "001", "002"}
    # Every claim quotes the sentence each of its sources states it in.
    for claim in release["claims"]:
        assert {e["source"] for e in claim["evidence"]} == set(claim["sources"])
    assert any("on Friday released 123" in e["text"] for c in release["claims"] for e in c["evidence"])


def test_seed_story_agreed_and_background_counts_are_not_disputes(seed_articles):
    found = find_disagreements(seed_articles)
    # All four say 123; "more than 50" is an earlier release; "114" is the part sent to Ukraine.
    for d in found:
        for claim in d["claims"]:
            assert "123" not in claim["text"] and "50" not in claim["text"] and "114" not in claim["text"]
    assert topics(found) == ["day of the release"]


# --- hand-written fixtures ----------------------------------------------------------------------
QUAKE_A = art("a", "A strong earthquake killed 23 people in the hill town of Varno, officials said. "
                   "Rescue teams from Varno and Lesk searched the rubble overnight.", source="one.example")
QUAKE_B = art("b", "The earthquake left 31 dead in Varno, according to the regional governor. "
                   "Rescue teams searched the rubble of the town.", source="two.example")


def test_casualty_counts_disagree():
    found = find_disagreements([QUAKE_A, QUAKE_B])
    assert topics(found) == ["number of dead"]
    claims = found[0]["claims"]
    assert {c["text"] for c in claims} == {"23 people", "31 dead"}
    assert sorted(map(sorted, sides(found, "number of dead"))) == [["a"], ["b"]]


def test_copies_are_cited_as_their_original():
    copy = dict(QUAKE_B, id="b2", source="mirror.example", duplicate_of="b")
    other = art("c", "Officials in Varno said 31 people were killed when the earthquake struck.", source="three.example")
    found = find_disagreements([QUAKE_A, QUAKE_B, copy, other])
    assert sorted(map(sorted, sides(found, "number of dead"))) == [["a"], ["b", "c"]]


def test_rounding_and_hedges_are_not_disputes():
    articles = [
        art("a", "Police arrested 123 protesters after the march through Tarsk."),
        art("b", "About 120 protesters were arrested after the march through Tarsk, police said."),
        art("c", "More than 100 protesters were arrested after the Tarsk march."),
        art("d", "The storm caused 1,000 evacuations along the coast of Tarsk."),
        art("e", "The storm caused a thousand evacuations along the Tarsk coast."),
    ]
    assert find_disagreements(articles) == []


def test_more_than_fits_a_close_exact_count():
    a = art("a", "Rebels freed more than 50 hostages from the camp near Oruk.")
    b = art("b", "Rebels freed 52 hostages from the camp near Oruk on the border.")
    assert find_disagreements([a, b]) == []


def test_different_units_and_roles_are_not_compared():
    a = art("a", "The flood destroyed 40 homes in Sellin and cut power to the valley.")
    b = art("b", "Floodwater reached 25 villages around Sellin and cut power to the valley.")
    c = art("c", "Of the 120 passengers, 80 were taken to hospital in Sellin.")
    d = art("d", "Rescuers evacuated 300 people from Sellin while 12 people remain missing.")
    e = art("e", "Rescuers evacuated 310 residents from Sellin.")
    assert find_disagreements([a, b, c, d, e]) == []


def test_a_later_higher_toll_is_an_update_not_a_dispute():
    t1 = datetime(2025, 3, 4, 8, tzinfo=UTC)
    t2 = datetime(2025, 3, 4, 20, tzinfo=UTC)
    a = art("a", "The earthquake left 23 dead in Varno.", published=t1)
    b = art("b", "The earthquake left 31 dead in Varno.", published=t2)
    assert find_disagreements([a, b]) == []
    # Reported at the same time, the two tolls contradict each other.
    c = art("c", "The earthquake left 31 dead in Varno.", published=t1)
    assert topics(find_disagreements([a, c])) == ["number of dead"]


def test_background_sentences_are_ignored():
    a = art("a", "Belarus freed 123 prisoners on Saturday in Minsk. A previous release in September saw 52 prisoners freed.")
    b = art("b", "Belarus freed 123 prisoners in Minsk on Saturday.")
    assert find_disagreements([a, b]) == []


def test_explicit_dates_disagree_and_weekdays_come_from_dates():
    a = art("a", "The summit in Gdansk ended with the treaty signed on March 3, 2025 by both ministers.")
    b = art("b", "Both ministers signed the treaty in Gdansk on March 4, 2025 as the summit ended.")
    c = art("c", "The treaty was signed by both ministers in Gdansk on Monday at the end of the summit.")
    found = find_disagreements([a, b, c])
    assert topics(found) == ["day of the signing"]
    # March 3, 2025 was a Monday: a and c agree.
    assert sorted(map(sorted, sides(found, "day of the signing"))) == [["a", "c"], ["b"]]


def test_days_of_different_occurrences_are_not_disputes():
    # Dated reports of a protest on two days: the Tuesday article could not know of Thursday.
    a = art("a", "Thousands protested in Lorn on Tuesday against the pension law.",
            published=datetime(2025, 3, 4, 18, tzinfo=UTC))
    b = art("b", "Thousands protested in Lorn on Thursday against the pension law.",
            published=datetime(2025, 3, 6, 18, tzinfo=UTC))
    assert find_disagreements([a, b]) == []
    # Unrelated events on different days share no context: no dispute.
    c = art("c", "The minister resigned on Monday.")
    d = art("d", "A rail union official resigned on Friday over pay.")
    assert find_disagreements([c, d]) == []


def test_today_uses_the_publication_date():
    sat = datetime(2025, 12, 13, 12, tzinfo=UTC)
    a = art("a", "Today's release of 40 prisoners in Minsk was welcomed by Vilnius.", published=sat)
    b = art("b", "The 40 prisoners were freed in Minsk on Friday and welcomed in Vilnius.")
    found = find_disagreements([a, b])
    assert topics(found) == ["day of the release"]
    texts = {c["text"]: c["sources"] for c in found[0]["claims"]}
    assert texts == {"The release was on Saturday (13 December 2025)": ["a"], "The release was on Friday": ["b"]}


def test_deterministic_and_order_independent():
    articles = [QUAKE_A, QUAKE_B, art("c", "The earthquake killed 23 people in Varno.")]
    first = find_disagreements(articles)
    assert first == find_disagreements(list(reversed(articles)))
    assert first == find_disagreements(articles)


def test_bad_records_do_not_break_the_batch():
    assert find_disagreements([]) == []
    assert find_disagreements([art("a", ""), {"id": "x", "text": None}, QUAKE_A]) == []
