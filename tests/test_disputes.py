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


# --- places, names and who did what -------------------------------------------------------------
RELEASE_LEAD = "Belarus freed 123 political prisoners on Saturday after talks with the U.S. envoy."


def test_place_of_the_same_event_disagrees():
    a = art("a", "The 123 prisoners were released in Vilnius on Saturday after talks with the U.S. envoy.")
    b = art("b", "The 123 prisoners were released in Minsk on Saturday after talks with the U.S. envoy.")
    c = art("c", "Belarus freed the 123 prisoners in Vilnius on Saturday, ending months of talks.")
    found = find_disagreements([a, b, c])
    assert topics(found) == ["place of the release"]
    claims = {cl["text"]: cl["sources"] for cl in found[0]["claims"]}
    assert claims == {"in Vilnius": ["a", "c"], "in Minsk": ["b"]}
    assert {e["source"] for cl in found[0]["claims"] for e in cl["evidence"]} == {"a", "b", "c"}


def test_places_of_different_things_are_not_disputes():
    # b names both cities: it knows the prisoners left Minsk and arrived in Vilnius.
    a = art("a", "The 123 prisoners were released in Vilnius on Saturday after talks with the U.S. envoy.")
    b = art("b", "The 123 prisoners held in Minsk were released in Minsk on Saturday and flown to Vilnius.")
    assert find_disagreements([a, b]) == []
    # Another event in another city: a meeting is not the release.
    c = art("c", "The envoy met Lukashenko in Minsk on Saturday before the 123 prisoners were freed.")
    assert find_disagreements([a, c]) == []
    # Held in one place, released in another: the place belongs to "held".
    d = art("d", "Belarus released 123 prisoners held in Minsk jails after talks with the U.S. envoy.")
    assert find_disagreements([a, d]) == []
    # A city and the region around it can both be right.
    e = art("e", "Thomas Barrack was arrested in California on Tuesday on federal lobbying charges.")
    f = art("f", "Thomas Barrack was arrested in Los Angeles on Tuesday on federal lobbying charges.")
    assert find_disagreements([e, f]) == []
    # A third article puts the two places together: they coexist.
    g = art("g", "Vilnius welcomed them; in Minsk, families waited for news of the 123 prisoners.")
    b2 = art("b2", "The 123 prisoners were released in Minsk on Saturday after talks with the U.S. envoy.")
    assert find_disagreements([a, b2, g]) == []


def test_spellings_of_one_place_or_name_are_not_disputes():
    a = art("a", "The talks were held in Kyiv on Monday, where the envoy met the ministers of both countries.",
            title="")
    b = art("b", "The talks were held in Kiev on Monday, where the envoy met the ministers of both countries.")
    assert find_disagreements([a, b]) == []
    c = art("c", "Belarus freed opposition leader Maria Kolesnikova on Saturday, the mediator John Coale said.")
    d = art("d", "Belarus freed opposition leader Maria Kalesnikava on Saturday, the mediator John Coale said.")
    assert find_disagreements([c, d]) == []


def test_two_names_for_one_role_disagree():
    a = art("a", "The mediator John Coale said 123 prisoners were freed in Belarus on Saturday.")
    b = art("b", "The mediator John Smith said 123 prisoners were freed in Belarus on Saturday.")
    c = art("c", "John Coale, the mediator, said the 123 prisoners freed in Belarus were in good health.")
    found = find_disagreements([a, b, c])
    assert topics(found) == ["name of the mediator"]
    claims = {cl["text"]: cl["sources"] for cl in found[0]["claims"]}
    assert claims == {"John Coale": ["a", "c"], "John Smith": ["b"]}
    # A qualified role: the U.S. president is not Belarus's president.
    d = art("d", "U.S. President Donald Trump welcomed the release of the 123 prisoners in Belarus.")
    e = art("e", "Belarusian President Alexander Lukashenko ordered the release of the 123 prisoners.")
    assert find_disagreements([d, e]) == []


def test_roles_many_people_hold_are_not_disputes():
    # Opposition leaders, spokespeople and "a" envoy are many: no single holder to dispute.
    a = art("a", "Opposition leader Maria Kolesnikova was freed with 123 prisoners in Belarus on Saturday.")
    b = art("b", "Opposition leader Sviatlana Tsikhanouskaya welcomed the 123 prisoners freed in Belarus on Saturday.")
    c = art("c", "A spokesman, Tom Reyes, said the 123 prisoners freed in Belarus were safe.")
    d = art("d", "A spokesman, Ann Lee, said the 123 prisoners freed in Belarus were tired but safe.")
    assert find_disagreements([a, b, c, d]) == []
    # One article names both envoys: they are two people, not a contradiction.
    e = art("e", "The envoy John Coale said 123 prisoners were freed in Belarus on Saturday.")
    f = art("f", "The envoy Marco Rubio said 123 prisoners were freed in Belarus on Saturday.")
    g = art("g", "John Coale and Marco Rubio both spoke about the 123 prisoners freed in Belarus.")
    assert find_disagreements([e, f, g]) == []


def test_who_did_what_disagrees():
    a = art("a", "John Coale announced the lifting of sanctions on Belarusian potash after the talks in Minsk.")
    b = art("b", "Marco Rubio announced the lifting of sanctions on Belarusian potash after the talks in Minsk.")
    found = find_disagreements([a, b])
    assert topics(found) == ["who announced the lifting of sanctions on Belarusian potash"]
    assert {cl["text"]: cl["sources"] for cl in found[0]["claims"]} == {"John Coale": ["a"], "Marco Rubio": ["b"]}
    # Different acts by different people are no dispute; nor a leader acting for his state.
    c = art("c", "Marco Rubio announced a visit to Vilnius next month to meet the freed prisoners.")
    assert find_disagreements([a, c]) == []
    d = art("d", "Lesnovia freed 14 political prisoners on Thursday in a U.S.-brokered deal.")
    e = art("e", "President Arkady Zhelnin freed 14 political prisoners on Thursday in a U.S.-brokered deal.")
    assert find_disagreements([d, e]) == []
    # An article that names both actors knows both had a part.
    f = art("f", "Marco Rubio announced the lifting of sanctions on Belarusian potash, with John Coale beside him.")
    assert find_disagreements([a, f]) == []


def test_headline_capitals_are_not_names():
    a = art("a", "Texas Governor Issues Executive Order Banning Vaccine Mandates By Any Entity")
    b = art("b", "Texas Governor Greg Abbott Bans Vaccine Mandates By Any Company Or Person")
    assert find_disagreements([a, b]) == []


def test_days_belong_to_the_verb_next_to_them():
    # "said Wednesday that they have arrested": Wednesday dates the statement.
    a = art("a", "Canadian authorities said Wednesday that they have arrested Huawei's finance chief Meng Wanzhou.")
    b = art("b", "Huawei's finance chief Meng Wanzhou was arrested on Saturday in Canada at the request of the U.S.")
    assert find_disagreements([a, b]) == []
    # A plan is not a date: "will move to a vote on Monday", "resign effective Friday".
    c = art("c", "Missouri Governor Eric Greitens announced his resignation on Tuesday afternoon.")
    d = art("d", "Missouri Governor Eric Greitens will resign effective Friday, he announced.")
    assert find_disagreements([c, d]) == []


def test_demo_corpus_planted_disagreements_and_nothing_else():
    """The demo corpus plants three disagreements (its README); on its gold stories we find
    the planted day and count ones, and nothing that is not planted."""
    from newsprism.evaluate import demo_gold_stories

    found_topics = {name: topics(find_disagreements(arts)) for name, arts, _ in demo_gold_stories()}
    assert found_topics.pop("lesnovia-prisoner-release") == ["number of prisoners"]
    assert found_topics.pop("alder-bay-port-strike") == ["day of the strike"]
    # The Belica toll ("at least 23" then 31) is a rising count, consistent as stated.
    assert all(t == [] for t in found_topics.values()), found_topics


def test_end_anchored_tests_read_only_the_end_and_find_what_a_whole_search_finds():
    """The number-claim filters search the end of the text before a number; on random texts
    (single and double spaces, tabs, newlines, month and unit words, long and short) each
    finds a match exactly when the same pattern over the whole text does."""
    import random
    import re

    from newsprism.disputes import _LABEL_BEFORE, _tail_search

    rng = random.Random(7)
    words = ["the", "March", "sept.", "Route", "no.", "magnitude", "in", "jan", "xmay", "May", "gate",
             "decades", "number", "7-", "and", "every", "per"]
    spaces = [" ", " ", " ", "  ", "\t", "\n", "\u00a0"]
    for _ in range(3000):
        text = "".join(rng.choice(words) + rng.choice(spaces) for _ in range(rng.randrange(1, 12)))
        text = text if rng.random() < 0.5 else text.rstrip()
        assert bool(_tail_search(_LABEL_BEFORE, text)) == bool(_LABEL_BEFORE.search(text)), repr(text)
    assert _tail_search(_LABEL_BEFORE, "x" * 40 + " the September ") and not \
        _tail_search(_LABEL_BEFORE, "x" * 40 + " theSeptember ")
    assert _tail_search(re.compile(r"\bmay\s*$", re.IGNORECASE), "word " * 10 + "xmay ") is None


# --- full-length articles: a side must be stated in a lead -------------------------------------
_FILLER = " ".join(f"Residents of Port Calder described the scene to reporters in account number {w}." for w in
                   ("one", "two", "three", "four", "five", "six"))


def test_a_count_only_a_deep_sentence_states_is_no_side():
    """Full-length articles recall other events deep in the text ("the Brussels attacks, in
    which 32 people were killed"); that count is no side until some lead states it."""
    deep = "A gunman opened fire at a Port Calder market on Monday, police said. " + _FILLER + \
        " A bombing at the same market killed 31 people in the spring, officials said."
    other = "A gunman killed 12 people at a Port Calder market on Monday, police said. Witnesses fled."
    assert find_disagreements([art("a", deep), art("b", other)]) == []
    # The same two counts, each in its article's lead, do disagree.
    led = "A gunman killed 31 people at a Port Calder market, police said. Witnesses fled."
    assert topics(find_disagreements([art("a", led), art("b", other)])) == ["number of dead"]


def test_an_aftershock_magnitude_is_not_the_quakes():
    a = art("a", "A magnitude 6.2 earthquake struck central Vessa on Wednesday. One aftershock had a magnitude of 5.1.")
    b = art("b", "The 6.2-magnitude earthquake and a series of aftershocks shook central Vessa on Wednesday.")
    assert find_disagreements([a, b]) == []
    c = art("c", "A magnitude 5.1 earthquake struck central Vessa on Wednesday, the survey said.")
    assert topics(find_disagreements([a, c])) == ["magnitude"]


def test_one_injured_person_described_is_no_toll_of_one():
    a = art("a", "Police fired tear gas at protesters in Vessa, and one injured demonstrator was carried to a first aid truck.")
    b = art("b", "The protests in Vessa left more than 100 injured, officials said.")
    assert find_disagreements([a, b]) == []
