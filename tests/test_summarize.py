"""Story title, breakdown bullets and perspectives on hand-written stories (and the seeds)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsprism import summarize
from newsprism.summarize import (
    SummarizeError,
    breakdown,
    content_tokens,
    faithfulness,
    perspectives,
    story_title,
)

SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds"


def art(id_, text, *, title="", source=None, leaning="unknown", duplicate_of=None):
    return {"id": id_, "title": title, "text": text, "source": source or f"{id_}.example",
            "published": None, "duplicate_of": duplicate_of, "leaning": leaning}


# A bridge closure told by four outlets; one reprint. The closure and the cracked beams are
# in every original; the bakery, the ferry and the mayor's quote are each in one only.
A_TEXT = (
    "The city closed the Harbor Bridge on Monday after inspectors found cracks in two steel support beams.\n\n"
    "Mayor Lena Ortiz announced that the bridge would stay closed while engineers assess the damage. "
    "She said repairs could take six weeks and would cost about $4 million.\n\n"
    "It was built in 1931 and carries about 40,000 vehicles a day.\n\n"
    "A bakery near the bridge reported that morning sales fell by half as commuters took other routes.\n\n"
    "\u201cThe bridge is unsafe. We cannot take chances with people\u2019s lives,\u201d Ortiz told reporters."
)
B_TEXT = (
    "Inspectors found cracks in two steel support beams of the Harbor Bridge, and the city closed it on Monday.\n\n"
    "Engineers will assess the damage before any decision on reopening, officials said.\n\n"
    "The transit agency added extra ferry trips across the harbor to carry stranded commuters during the closure.\n\n"
    "However, drivers faced long delays on the detour through the industrial district."
)
C_TEXT = (
    "The Harbor Bridge was closed by the city on Monday after cracks were found in two steel support beams during an inspection.\n\n"
    "Repairs could take six weeks and cost about $4 million, according to the mayor's office.\n\n"
    "He said the closure was the right call. But critics asked why the cracks were not spotted earlier.\n\n"
    "Union leaders said the bridge maintenance crews had been cut by a third since 2019."
)
D_TEXT = (
    "Cracks in two steel support beams led the city to close the Harbor Bridge on Monday, inspectors reported.\n\n"
    "Taxpayers will foot a repair bill of about $4 million, which council members called a waste of money on a failing structure.\n\n"
    "Council members demanded an audit of the city budget for road maintenance contracts."
)


@pytest.fixture()
def bridge():
    return [
        art("a", A_TEXT, title="City closes Harbor Bridge after inspectors find cracks | Bay Courier",
            source="baycourier.example", leaning="left"),
        art("b", B_TEXT, title="HARBOR BRIDGE CLOSED AFTER CRACKS FOUND IN BEAMS", source="harbornews.example",
            leaning="center"),
        art("c", C_TEXT, title="Is the Harbor Bridge safe? Cracks force closure - Metro Daily",
            source="metrodaily.example", leaning="lean-left"),
        art("d", D_TEXT, title="Harbor Bridge closed, repair bill lands on taxpayers", source="taxwatch.example",
            leaning="right"),
        art("a-copy", A_TEXT, title="City closes Harbor Bridge after inspectors find cracks",
            source="syndicate.example", leaning="center", duplicate_of="a"),
    ]


def _jaccard(x: str, y: str) -> float:
    a, b = set(content_tokens(x)), set(content_tokens(y))
    return len(a & b) / len(a | b)


# --------------------------------------------------------------------------- breakdown
def test_top_bullet_is_the_shared_claim_citing_every_supporting_article(bridge):
    bullets = breakdown(bridge)
    top = bullets[0]
    assert "Harbor Bridge" in top["text"] and "crack" in top["text"].lower()
    assert top["sources"] == ["a", "b", "c", "d"]  # every original that says it, in input order
    assert top["support"] == 4


def test_copies_are_never_cited_nor_counted(bridge):
    bullets = breakdown(bridge)
    assert all("a-copy" not in b["sources"] for b in bullets)
    assert all(b["support"] == len({s for s in b["sources"]}) for b in bullets)  # one outlet per original here
    # Without the copy the bullets are the same: a reprint is not an independent source.
    assert [b["sources"] for b in breakdown(bridge[:4])] == [b["sources"] for b in bullets]


def test_multi_source_claims_rank_above_single_source_ones(bridge):
    bullets = breakdown(bridge)
    supports = [b["support"] for b in bullets if not summarize.mostly_quoted(b["text"])]
    assert supports[0] >= 2
    first_single = next((i for i, s in enumerate(supports) if s == 1), len(supports))
    assert all(s == 1 for s in supports[first_single:]), supports
    # The repair cost (mayor + C + D) is a multi-source claim and is covered.
    cost = [b for b in bullets if "$4 million" in b["text"]]
    assert cost and cost[0]["support"] >= 2


def test_bullet_count_and_length_limits(bridge):
    bullets = breakdown(bridge)
    assert 3 <= len(bullets) <= 8
    assert all(len(b["text"].split()) <= 40 for b in bullets)
    assert len(breakdown(bridge, max_bullets=2)) == 2


def test_no_dangling_pronoun_or_connective_openers(bridge):
    for b in breakdown(bridge, max_bullets=8, min_bullets=8):
        first = b["text"].split()[0].strip("\u201c\"").lower().rstrip(",")
        assert first not in {"he", "she", "it", "they", "this", "but", "however", "that", "these"}, b["text"]


def test_leading_pronoun_is_replaced_by_the_one_person_named_before():
    bullet, antecedent = summarize._bullet_form(
        "She said repairs could take six weeks and would cost about $4 million.",
        "Mayor Lena Ortiz announced that the bridge would stay closed while engineers assess the damage.",
        40, 8)
    assert bullet == "Lena Ortiz said repairs could take six weeks and would cost about $4 million."
    assert antecedent.startswith("Mayor Lena Ortiz")
    # Two people named before: ambiguous, so the sentence is not used.
    assert summarize._bullet_form(
        "He said the closure was the right call.",
        "Mayor Lena Ortiz met Governor Tom Reyes on Monday.", 40, 8) == (None, None)
    # No previous sentence at all.
    assert summarize._bullet_form("He said the closure was the right call.", None, 40, 8) == (None, None)


def test_a_capitalised_function_word_is_no_first_name():
    """A real Super Tuesday page: "Like Biden, Bush led in early polls" made "Like Biden" a
    person, and "Like Biden beat Sanders by 29 points ..." a bullet; "Like the others, he
    endorsed Joe Biden" read "Like" as the name "he" points to."""
    assert summarize._people_named("Like Lena Ortiz, Tom Reyes led in early polls.") == [(5, "Lena Ortiz"), (17, "Tom Reyes")]
    assert summarize._people_named("Like Ortiz, Reyes led in early polls.") == []
    assert summarize._unresolved_reference("Like the others, he endorsed Lena Ortiz for mayor.")
    assert not summarize._unresolved_reference("Unlike Ortiz, he never wavered on the bridge.")
    # A connective before the name still opens the sentence with that person.
    assert summarize._one_person("But Lena Ortiz said the bridge would reopen.") == "Lena Ortiz"


def test_a_person_described_and_not_named_does_not_stand_alone():
    """A real page's perspective claim: "The former South Carolina governor is widely considered a
    future Republican candidate for higher office." (Nikki Haley, named sentences before)."""
    assert summarize._unresolved_reference("The former Alder Bay mayor is widely considered a candidate for governor.")
    assert summarize._unresolved_reference("The late senator was buried on Friday in Port Calder.")
    for named in ("The former mayor Lena Ortiz is widely considered a candidate for governor.",
                  "The former mayor, Lena Ortiz, said the bridge would reopen.",
                  "The former Soviet republic held elections on Sunday.",
                  "The president said he would sign the harbor bill on Friday.",
                  "The former president was banned from both sites in January."):
        assert not summarize._unresolved_reference(named), named


def test_quotes_are_never_cut(bridge):
    for b in breakdown(bridge, max_bullets=8, min_bullets=8):
        t = b["text"]
        assert t.count("\u201c") == t.count("\u201d") and t.count('"') % 2 == 0, t
    # The split quotation in A ("The bridge is unsafe. We cannot ...") yields two halves,
    # neither usable on its own.
    assert summarize._bullet_form("\u201cThe bridge is unsafe and everyone in this city knows it.", None, 40, 8) == (None, None)


def test_long_sentences_are_compressed_safely():
    long = ("MINSK (Reuters) - Belarus freed 123 prisoners on Saturday after talks with a United States envoy in the "
            "capital, a step that opposition groups abroad welcomed with caution while warning that more than one "
            "thousand people remain in prison across the country for political reasons.")
    bullet, _ = summarize._bullet_form(long, None, 25, 8)
    assert bullet == "Belarus freed 123 prisoners on Saturday after talks with a United States envoy in the capital."
    tail = "The agency restored the website on Monday (after 31 hours offline), officials said."
    assert summarize._bullet_form(tail, None, 40, 5)[0] == "The agency restored the website on Monday."
    quoted = "\u201cWe restored it (finally),\u201d officials said."
    assert summarize._bullet_form(quoted, None, 40, 3)[0] == quoted  # never edited inside/around a quote


def test_an_over_long_sentence_loses_its_last_clause_not_its_main_verb():
    """Cutting to the word limit drops the *last* trailing clause; an aside inside the main
    clause (", including two children, had been found") is not a tail."""
    s = ("Governor Stefan Radonjic said in a televised briefing that the rescuers, including two from Prague, "
         "had reached the stairwell of the five-story block on Lipa Street, where the search had continued "
         "through the day with help from a Czech rescue team and sniffer dogs.")
    assert summarize._fit(s, 30) == s.split(", where")[0] + "."
    aside = ("Officials said that the eight, including two children, had been found in the stairwell of the "
             "block on Lipa Street late on Wednesday evening after a long search by the teams.")
    assert summarize._fit(aside, 12) == aside  # nothing safe to cut: the caller drops the sentence


def test_a_bare_surname_opening_a_bullet_gets_the_full_name_the_article_gave():
    text = ("ALDER BAY \u2014 Tomas Reyes has operated a crane at the port for 23 years and says he has never "
            "seen the terminals this quiet.\n\nThe port handles about $210 million worth of cargo a day.\n\n"
            "Reyes is one of about 2,300 members of the dockworkers union who have been on strike since Saturday.")
    arts = [{"id": "a1", "title": "On the picket line", "text": text, "source": "one.example"}]
    story = summarize._analyse(arts, max_words=40, weights=summarize.DEFAULT_WEIGHTS)
    bullets = [s.bullet for s in story.sents if s.bullet]
    assert not any(b.startswith("Reyes ") for b in bullets), bullets
    assert ("Tomas Reyes is one of about 2,300 members of the dockworkers union who have been on strike "
            "since Saturday.") in bullets
    assert summarize.faithfulness(bullets[-1], arts, ["a1"]) == 1.0
    people = {"Zhurauskaya": ("Alesia Zhurauskaya", "Among them was the journalist Alesia Zhurauskaya.")}
    assert summarize._full_name_first("Zhurauskaya, 41, edited the independent news site.", people)[0] == (
        "Alesia Zhurauskaya, 41, edited the independent news site.")
    # No earlier full name in the article: nothing to fill in, the bullet is left as it is.
    assert summarize._full_name_first("Reyes said the strike would go on.", {}) == (
        "Reyes said the strike would go on.", None)


def test_the_same_count_told_two_ways_is_one_claim_with_both_sources():
    """"freed 14 political prisoners" and "released 14 political prisoners", framed by
    different outlets: one bullet citing both, not two single-source bullets (TF-IDF alone
    puts them at a cosine of 0.14-0.19: the rest of each sentence differs)."""
    arts = [
        {"id": "a1", "source": "one.example", "title": "Lesnovia frees prisoners",
         "text": "The government of Lesnovia freed 14 political prisoners on Thursday in exchange for the easing "
                 "of U.S. sanctions on the country's state airline. The airline had been barred from buying parts "
                 "for its aging fleet since 2021, and its planes were grounded for months."},
        {"id": "a2", "source": "two.example", "title": "Strongman hands over detainees",
         "text": "Lesnovia's strongman president, Arkady Zhelnin, released 14 political prisoners on Thursday, "
                 "handing them to American diplomats at the border in what supporters of the hard line called "
                 "proof that economic pressure works. Rights groups said hundreds more remain behind bars."},
    ]
    bullets = summarize.breakdown(arts, min_bullets=1)
    fourteen = [b for b in bullets if "14 political prisoners" in b["text"]]
    assert len(fourteen) == 1, bullets
    assert fourteen[0]["sources"] == ["a1", "a2"] and fourteen[0]["support"] == 2
    assert bullets[0] is fourteen[0]
    assert summarize._count_keys("He worked there for 23 years, since 2003, and earned $400.") == frozenset()
    assert summarize._count_keys("Sixteen Lesnovian political prisoners were freed.") == {("16", "prisoner")}


def test_redundant_sentences_are_not_repeated(bridge):
    bullets = breakdown(bridge, max_bullets=8, min_bullets=8)
    texts = [b["text"] for b in bullets]
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            assert _jaccard(texts[i], texts[j]) < 0.5, (texts[i], texts[j])
    closures = [t for t in texts if "closed" in t.lower() and "crack" in t.lower()]
    assert len(closures) == 1


def test_bullets_are_faithful_to_cited_sentences(bridge):
    for b in breakdown(bridge, max_bullets=8, min_bullets=8):
        assert faithfulness(b["text"], bridge, b["sources"]) == 1.0, b
    assert faithfulness("Aliens closed the bridge.", bridge, ["a"]) < 1.0


def test_deterministic_and_accepts_records(bridge):
    from newsprism.records import Article

    first = breakdown(bridge)
    assert breakdown(bridge) == first
    recs = [Article(id=a["id"], url=f"https://{a['source']}/x", source=a["source"], title=a["title"],
                    text=a["text"], raw="", raw_type="text", content_hash="", duplicate_of=a["duplicate_of"])
            for a in bridge]
    assert [b["text"] for b in breakdown(recs)] == [b["text"] for b in first]


def test_empty_and_bad_input():
    assert breakdown([]) == []
    assert breakdown([art("x", "")]) == []
    with pytest.raises(SummarizeError, match="article #0"):
        breakdown([{"title": "t", "text": "No id here at all, so nothing can cite it."}])
    with pytest.raises(SummarizeError, match="appears twice"):
        breakdown([art("x", "One."), art("x", "Two.")])


# --------------------------------------------------------------------------- title
def test_story_title_is_central_clean_and_calm(bridge):
    title = story_title(bridge)
    assert title == "City closes Harbor Bridge after inspectors find cracks"  # suffix " | Bay Courier" gone
    # Shouting and question-bait titles lose even when central.
    assert not story_title(bridge[1:3]).isupper()
    assert "?" not in story_title(bridge[1:3])


def test_story_title_ignores_copies_and_strips_outlet_suffix():
    arts = [art("a", "Text one about the vote in the council.", title="Council passes budget - Metro Daily"),
            art("b", "Text one about the vote in the council.", title="SHOUTY COPY", duplicate_of="a")]
    assert story_title(arts) == "Council passes budget"
    assert summarize._clean_title("Biden signs bill - what it means for you and your family", "x.example") == \
        "Biden signs bill - what it means for you and your family"


# --------------------------------------------------------------------------- perspectives
def test_each_side_shows_its_own_headline_cited(bridge):
    p = perspectives(bridge)
    # Left: the plain headline beats the lean-left outlet's question-bait; the suffix goes.
    assert p["left"]["headline"] == {"text": "City closes Harbor Bridge after inspectors find cracks", "sources": ["a"]}
    # Right: its one article's framing (the bill), which no other side leads with.
    assert p["right"]["headline"] == {"text": "Harbor Bridge closed, repair bill lands on taxpayers", "sources": ["d"]}
    # Center: a reprint of a left article is the center outlet's own headline here, cited
    # as the reprint; the shouting one loses.
    assert p["center"]["headline"]["sources"] == ["a-copy"]
    # A side's copies of its chosen article are cited with it.
    twice = perspectives([*bridge, art("d-copy", D_TEXT, title="Harbor Bridge closed, repair bill lands on taxpayers",
                                       source="reprints.example", leaning="right", duplicate_of="d")])
    assert twice["right"]["headline"]["sources"] == ["d", "d-copy"]


def test_perspectives_counts_sources_and_distinctive_summaries(bridge):
    p = perspectives(bridge)
    assert set(p) == {"left", "center", "right", "unknown"}
    assert p["left"]["count"] == 2 and p["left"]["sources"] == 2  # left + lean-left
    assert p["center"]["count"] == 2 and p["center"]["sources"] == 2  # the copy's outlet is a new outlet here
    assert p["right"]["count"] == 1 and p["right"]["articles"] == ["d"]
    assert p["unknown"] == {"count": 0, "sources": 0, "outlets": [], "articles": [], "headline": None, "summary": []}
    right = " ".join(s["text"] for s in p["right"]["summary"])
    assert "Taxpayers" in right or "audit" in right
    assert all(s["sources"] == ["d"] for s in p["right"]["summary"])
    left = " ".join(s["text"] for s in p["left"]["summary"])
    assert "Union" in left or "bakery" in left or "critics" in left.lower()
    # Distinctive: no side's summary repeats the claim every side shares.
    for side in ("left", "center", "right"):
        assert 1 <= len(p[side]["summary"]) <= 3
        for s in p[side]["summary"]:
            assert not ("closed" in s["text"] and "crack" in s["text"].lower()), s


def test_perspectives_copies_counted_once_on_the_same_side():
    arts = [art("a", A_TEXT, source="one.example", leaning="left"),
            art("b", A_TEXT, source="two.example", leaning="lean-left", duplicate_of="a"),
            art("c", D_TEXT, source="three.example", leaning="right")]
    p = perspectives(arts)
    assert p["left"]["count"] == 2 and p["left"]["sources"] == 1
    assert p["left"]["outlets"] == ["one.example"]


def test_perspectives_single_side_falls_back_to_central_sentences(bridge):
    only = [dict(a, leaning="center") for a in bridge[:3]]
    p = perspectives(only)
    assert p["center"]["count"] == 3 and p["center"]["summary"]
    assert p["left"]["summary"] == [] and p["left"]["count"] == 0


# --------------------------------------------------------------------------- speed and seeds
def _seed_articles():
    if not SEEDS.is_dir():
        pytest.skip(f"seed folder {SEEDS} is absent")
    from newsprism.pipeline import prepare
    from newsprism.records import Article
    from newsprism.sources import read_path

    arts = []
    for path in sorted(SEEDS.glob("00[0-3]_*")):
        for item in read_path(path):
            a = prepare(item)
            assert isinstance(a, Article), a
            arts.append(a)
    assert len(arts) == 4
    return arts


def test_seed_story_breakdown():
    arts = _seed_articles()
    bullets = breakdown(arts)
    assert 3 <= len(bullets) <= 8
    assert all(len(b["sources"]) >= 1 for b in bullets)
    assert max(len(b["sources"]) for b in bullets) >= 3
    assert any(re.search(r"\b123\b", b["text"]) for b in bullets)
    assert all(faithfulness(b["text"], arts, b["sources"]) >= 0.9 for b in bullets)
    assert "Bialiatski" in story_title(arts) and not story_title(arts).endswith("\u2026")


# --------------------------------------------------------------------------- standalone sentences
@pytest.mark.parametrize("sentence", [
    "The terms that bought it are less so, the critics of the agreement argued.",
    "On Thursday she walked out of a chartered plane in Vilnius, one of 14 prisoners.",
    "Among them was Alesia Zhurauskaya, the former editor of an independent news site.",
    "In return, the Treasury Department lifted sanctions on LesAvia, the state carrier.",
    "Most walked unaided down the aircraft steps to the buses waiting on the tarmac.",
    "The Lesnovian administration says it has a plan for that too.",
    "Authorities in Belarus agreed to release these individuals after secret negotiations.",
    "Lithuania said two dual nationals were freed separately the same morning at the border.",
    "Governor Stefan Radonjic said in a televised briefing that the eight had been found in the stairwell.",
    "The 14 were flown to Vilnius on a chartered plane before dawn.",
])
def test_sentences_leaning_on_the_previous_one_are_not_bullets(sentence):
    assert summarize._bullet_form(sentence, "Mayor Lena Ortiz spoke on Monday.", 40, 8) == (None, None)


@pytest.mark.parametrize("sentence", [
    "The city council said it would reopen the bridge after repairs next month.",
    "Mayor Lena Ortiz said she expected the repairs to take about six weeks in total.",
    "In his address to the nation, Donald Trump said the strike had been justified.",
    "Engineers will assess the damage this week before any decision on reopening the bridge.",
    "Herman Cain, the former Republican presidential candidate, was named to the board.",
])
def test_self_contained_sentences_stay_usable(sentence):
    assert summarize._bullet_form(sentence, None, 40, 8)[0] == sentence


def test_a_quote_needs_its_speaker_in_the_bullet():
    bare = "\u201cNobody in Dubrava should mistake this for the beginning of a thaw.\u201d"
    # No one quoted before it: the quote cannot stand alone.
    assert summarize._bullet_form(bare, "The talks lasted four days in all.", 40, 8) == (None, None)
    assert summarize._bullet_form(bare, None, 40, 8) == (None, None)
    # The previous sentence quotes one named person: the quote continues them.
    before = "\u201cWe gave up the least we could,\u201d said Daniel Hartsock, the U.S. envoy."
    bullet, antecedent = summarize._bullet_form(bare, before, 40, 8)
    assert bullet == ("\u201cNobody in Dubrava should mistake this for the beginning of a thaw,\u201d "
                      "Daniel Hartsock said.")
    assert antecedent == before
    # '"...," she said' gets the name; a quote with its named speaker stays as written.
    she = "\u201cThe door opens for fourteen and closes behind thirty-eight,\u201d she said."
    before = "Its director, Hanna Lapitskaya of the rights group Svetoch, said 38 people were arrested."
    assert summarize._bullet_form(she, before, 40, 8)[0] == (
        "\u201cThe door opens for fourteen and closes behind thirty-eight,\u201d Hanna Lapitskaya said.")
    named = "\u201cReleasing a journalist is not the same as allowing journalism,\u201d said Tobias Wren."
    assert summarize._bullet_form(named, None, 40, 8)[0] == named
    # Two speakers before: whose words these are is unknown.
    two = "\u201cIt is a start,\u201d said Daniel Hartsock, and Hanna Lapitskaya said it was not enough."
    assert summarize._bullet_form(bare, two, 40, 8) == (None, None)


# A prisoner release covered by three sides. Each side's article has commentary that leans
# on the sentence before it, a bare quote, and a distinctive, self-contained claim.
_SHARED = ("Lesnovia freed 14 political prisoners on Thursday in exchange for the easing of U.S. sanctions "
           "on its state airline LesAvia. ")
PRISONERS = [
    art("L", _SHARED + "Her freedom is unambiguous good news. The terms that bought it are less so. "
        "\u201cReleasing a journalist is not the same as allowing journalism.\u201d\n\n"
        "Press freedom advocates said the deal should be judged by whether arrests stop. "
        "The Svetoch rights center says the regime arrested 38 people on new political charges since January. "
        "Some critics questioned whether any concession was wise.", leaning="left", source="left.example"),
    art("C", _SHARED + "The prisoners were flown to Vilnius on a chartered plane with two U.S. diplomats. "
        "Most walked unaided down the aircraft steps. "
        "Lithuania's Foreign Ministry said two dual nationals were released separately at the border crossing.",
        leaning="center", source="center.example"),
    art("R", _SHARED + "\u201cWe gave up the least we could and got out the most we could,\u201d a senior official said. "
        "\u201cNobody in Dubrava should mistake this for the beginning of a thaw.\u201d\n\n"
        "Exports of potash, the regime's largest source of hard currency, have fallen by a third since 2023. "
        "The administration says it has a plan for that too.", leaning="right", source="right.example"),
]


def test_perspectives_choose_self_contained_distinctive_claims():
    p = perspectives(PRISONERS)
    texts = {side: [s["text"] for s in p[side]["summary"]] for side in ("left", "center", "right")}
    banned = ["less so", "Her freedom", "Most walked", "for that too", "Some critics",
              "\u201cNobody in Dubrava should mistake this for the beginning of a thaw.\u201d",
              "\u201cReleasing a journalist is not the same as allowing journalism.\u201d"]
    for side, chosen in texts.items():
        assert chosen, side
        for t in chosen:
            assert not any(b in t for b in banned), (side, t)
            if t.startswith("\u201c"):  # a quotation always carries its speaker
                assert re.search(r"\u201d,? (?:said|[a-z ]*official said|[A-Z]\w+ [A-Z]\w+ said)", t), t
    assert any("38 people" in t for t in texts["left"])
    assert any("potash" in t for t in texts["right"])
    assert any("dual nationals" in t for t in texts["center"])


def test_summarize_story_reads_once_and_matches_the_separate_calls(bridge):
    both = summarize.summarize_story(bridge)
    assert both["breakdown"] == breakdown(bridge)
    assert both["perspectives"] == perspectives(bridge)
    assert summarize.summarize_story([]) == {"breakdown": [], "perspectives": perspectives([])}


def test_a_sentence_that_is_only_a_dateline_is_skipped():
    assert summarize._bullet_form("MINSK (Reuters) - ", None, 40, 8) == (None, None)
    assert summarize.stands_alone("") is False


def test_bullets_are_compressed_and_stay_faithful():
    """Openers, institutional attributions and a repeated person's description go; what is
    left is the article's own words, in order (so faithfulness is 1 by construction)."""
    from newsprism.compress import is_subsequence

    a = art("a", "On Thursday, harbor master Dana Whitcomb closed the old harbor bridge after inspectors found "
                 "cracked steel beams under the deck, city officials said. Dana Whitcomb, the port's longtime "
                 "chief, said the repairs would take at least six months and cost the city about 40 million dollars.")
    b = art("b", "Harbor master Dana Whitcomb closed the old harbor bridge on Thursday after inspectors found "
                 "cracked steel beams under its deck. Ferry operators added extra crossings across the harbor to "
                 "carry thousands of stranded commuters into the city center.")
    bullets = breakdown([a, b])
    texts = [x["text"] for x in bullets]
    assert texts[0] == ("Harbor master Dana Whitcomb closed the old harbor bridge after inspectors found cracked "
                        "steel beams under the deck.")
    assert bullets[0]["sources"] == ["a", "b"]
    assert ("Dana Whitcomb said the repairs would take at least six months and cost the city about 40 million "
            "dollars.") in texts  # introduced by the first bullet: no second description
    sentences = {x["id"]: summarize.split_sentences(x["text"]) for x in (a, b)}
    for x in bullets:
        assert faithfulness(x["text"], [a, b], x["sources"]) == 1.0
        assert any(is_subsequence(x["text"], s) for sid in x["sources"] for s in sentences[sid])


def test_a_named_speaker_keeps_the_claim():
    # An institution's attribution goes; a person's stays (their view, not the page's).
    inst = "The bridge will stay closed for at least six months of repairs, the city transport department said."
    assert summarize._bullet_form(inst, None, 40, 8)[0] == "The bridge will stay closed for at least six months of repairs."
    person = "The bridge will stay closed for at least six months of repairs, Mayor Lena Ortiz said."
    assert summarize._bullet_form(person, None, 40, 8)[0] == person


def test_a_story_over_the_sentence_budget_is_read_from_each_articles_first_sentences(monkeypatch):
    """The breakdown compares every pair of sentences: a story of hundreds of articles is
    read from its articles' leads, shared evenly, so its cost stays bounded."""
    from newsprism import summarize

    arts = [{"id": f"b{k}", "source": f"s{k}.example", "title": f"Report {k}",
             "text": " ".join(f"Sentence {j} of report {k} names the harbour authority in Vessa." for j in range(12))}
            for k in range(6)]
    whole = summarize._analyse(arts, max_words=40, weights=summarize.DEFAULT_WEIGHTS)
    assert len(whole.sents) == 72
    monkeypatch.setattr(summarize, "MAX_SENTENCES", 30)
    cut = summarize._analyse(arts, max_words=40, weights=summarize.DEFAULT_WEIGHTS)
    assert len(cut.sents) == 30
    assert {(s.doc, s.pos) for s in cut.sents} == {(d, p) for d in range(6) for p in range(5)}
    assert summarize.summarize_story(arts)["breakdown"]


def test_a_photo_caption_is_no_bullet():
    """A real page's first bullet was a caption: "House Intelligence Committee Chairman Adam
    Schiff conducts news conference ... on Wednesday, September 25, 2019." (a caption's full
    date). Here every article opens with a caption that names the story's people and place, so
    it is central; none becomes a bullet or the title's lead."""
    caption = ("Mayor Lena Ortiz speaks to reporters at the Harbor Bridge on Monday, March 2, 2026, "
               "in Alder Bay, after inspectors found cracks in two steel beams.")
    arts = [art(x, f"{caption}\n\n{text}", title=title) for x, text, title in (
        ("a", A_TEXT, "City closes Harbor Bridge"), ("b", B_TEXT, "Cracks close Harbor Bridge"),
        ("c", "The city closed the Harbor Bridge on Monday after cracks were found in two steel beams.\n\n"
              "Mayor Lena Ortiz said repairs could take six weeks.", "Harbor Bridge shut"))]
    bullets = breakdown(arts)
    assert bullets and all("March 2, 2026" not in b["text"] for b in bullets)
    assert "March 2" not in story_title(arts)


def test_a_statement_pasted_without_quotation_marks_is_no_bullet():
    """A real page's bullets read "Melania and I join with a grieving Nation to mourn the loss
    of former President George H.W. Bush." and "My thoughts and prayers are with President
    Bush's family ...": a statement's text pasted as prose, its "I" nobody's."""
    pasted = ("Mayor Lena Ortiz issued a statement on the closure of the Harbor Bridge.\n\n"
              "Our city and I join with every commuter in thanking the inspectors who found the cracks in two steel "
              "support beams of the Harbor Bridge.\n\n"
              "My thoughts are with the families who rely on the Harbor Bridge every day, and we will reopen it soon.")
    arts = [art("a", A_TEXT, title="City closes Harbor Bridge"), art("b", B_TEXT, title="Cracks close Harbor Bridge"),
            art("c", pasted, title="Mayor's statement on the Harbor Bridge")]
    texts = [b["text"] for b in breakdown(arts)]
    assert texts and not any(t.startswith(("Our city and I", "My thoughts")) for t in texts), texts
    for sentence in ("Our city and I join with every commuter in thanking the inspectors.",
                     "My thoughts are with the families who rely on the bridge every day.",
                     "We will reopen the Harbor Bridge as soon as it is safe, the mayor said."):
        assert not summarize.stands_alone(sentence), sentence
    for sentence in ("World War I veterans marched across the Harbor Bridge on Monday.",
                     "\u201cWe will reopen it soon,\u201d Mayor Lena Ortiz told reporters on Monday.",
                     "Officials told US engineers to inspect the Harbor Bridge on Monday."):
        assert summarize.stands_alone(sentence), sentence


def test_a_sentence_with_a_web_address_is_no_bullet():
    """A real page's right perspective: "Checks and money orders can be mailed to the Greater
    Houston Community Foundation, while online credit card donations can be made at www..."."""
    note = ("Donations for commuters can be made online at www.alderbayfund.example, while checks can be mailed "
            "to the Alder Bay Community Fund at City Hall.")
    assert summarize._bullet_form(note, None, 40, 5) == (None, None)
    arts = [art("a", A_TEXT + "\n\n" + note, title="City closes Harbor Bridge"),
            art("b", B_TEXT + "\n\n" + note, title="Cracks close Harbor Bridge")]
    assert all("www." not in b["text"] for b in breakdown(arts))


def test_a_pasted_post_with_a_handle_is_no_bullet():
    """A real page's right perspective was a pasted post: "Russian collusion delusion kook
    @ericswalwell just told @marthamaccallum that ...". An e-mail address is no handle."""
    post = "Bridge closure hysteria from @alderbaymayor just told @harborwatch that the cracks were a hoax."
    assert summarize._bullet_form(post, None, 40, 5) == (None, None)
    mail = "Commuters can write to the inspectors at bridge@alderbay.example with their questions about the closure."
    assert summarize._bullet_form(mail, None, 40, 5)[0] == mail


def test_a_spoken_opener_is_no_name_for_a_pronoun():
    """"Look, he's a California liberal, so he was already off his rocker ..." (a TV
    transcript) stood alone as a real page's perspective: "Look" was read as the name."""
    for sentence in ("Look, he's a Harbor Party man, so he was always against the bridge.",
                     "Well, she never wanted the bridge closed in the first place."):
        assert not summarize.stands_alone(sentence), sentence
    assert summarize.stands_alone("Lena Ortiz, the mayor, said she never wanted the bridge closed.")


def test_a_sentence_ending_in_its_own_exclamation_mark_is_no_bullet():
    """A president's post pasted unquoted ("Congressman Adam Schiff, who spent two years ...
    lying and leaking, should be forced to resign from Congress!") answered "Who is Adam
    Schiff?" on a real page. A quotation's own "!" is the speaker's."""
    post = "Councillor Peter Brandt, who lied about the ferry for two years, should be forced to resign today!"
    assert summarize.exclaims(post) and summarize._bullet_form(post, None, 40, 5) == (None, None)
    quoted = "\u201cOpen the bridge now!\u201d Mayor Lena Ortiz told the crowd of commuters on Monday."
    assert not summarize.exclaims(quoted) and summarize._bullet_form(quoted, None, 40, 5)[0] == quoted


def test_a_no_comment_note_is_no_bullet():
    """"Representatives for the ODNI and CIA did not immediately return requests for comment
    Monday ..." was a real page's center perspective."""
    for note in ("Representatives for the harbor authority did not immediately return requests for comment Monday.",
                 "A spokesman for Mayor Lena Ortiz declined to comment on the bridge closure on Monday."):
        assert summarize.NO_COMMENT.search(note) and summarize._bullet_form(note, None, 40, 5) == (None, None)
    claim = "Mayor Lena Ortiz did not respond to the criticism in her speech on the bridge closure."
    assert summarize._bullet_form(claim, None, 40, 5)[0] == claim


def test_a_quote_two_outlets_print_follows_the_facts():
    """Two outlets printing one statement agree on what was said, not on what happened: a
    real page on the October 2018 pipe bombs led with three shared quotes and put the
    bombs themselves fifth."""
    quote = ("\u201cThese attacks on our ferry crews are acts of pure terror and have no place in our "
             "city,\u201d Mayor Lena Ortiz said.")
    arts = [
        art("q1", f"{quote} Councillor Peter Brandt called for calm after the attacks on the crews.",
            title="Mayor condemns ferry attacks"),
        art("q2", f"Crews were shaken on Tuesday. {quote}", title="Ortiz: ferry attacks are terror"),
        art("q3", "Police intercepted three explosive devices mailed to the Vessa ferry terminal on Monday, "
                  "the harbor authority said.", title="Explosive devices mailed to ferry terminal"),
    ]
    bullets = breakdown(arts, min_bullets=2)
    texts = [b["text"] for b in bullets]
    shared = next(i for i, b in enumerate(bullets) if b["support"] == 2)
    assert summarize.mostly_quoted(texts[shared]), texts
    fact = next(i for i, t in enumerate(texts) if "explosive devices" in t)
    assert fact < shared, texts


def test_a_paired_dash_aside_is_no_tail_and_an_opener_is_no_name():
    """Two defects of a real month's pages (October 2018): "For Democrats determined to
    derail Judge Kavanaugh, his performance last week before the Senate Judiciary
    Committee." (cut at the first of two dashes, losing the verb after the second), and a
    quote attributed to "But Trump" ("But Trump wrote that ..." before '"...," he wrote.')."""
    long = ("For critics of the ferry plan, the mayor's speech last week before the harbor board \u2014 her "
            "figures on night crossings; her praise of the subsidy; her angry words for the council \u2014 is "
            "proving to be a new line of attack, if the cost alone is not enough to sway the votes of three "
            "key members.")
    assert summarize._fit(long, 40).startswith(
        "For critics of the ferry plan, the mayor's speech last week before the harbor board is proving")
    one = ("The council approved the ferry budget on Monday after a long debate over the costs of running "
           "boats at night \u2014 a decision that critics said would cost the city millions over the decade.")
    assert summarize._fit(one, 25).endswith("boats at night.")
    assert summarize._person_name("But Trump") is None and summarize._person_name("But Lena Ortiz") == "Lena Ortiz"


def test_a_post_written_with_ampersands_is_no_bullet():
    """"The Fake News Media, the true Enemy of the People, must stop the open & obvious
    hostility & report the news accurately & fairly." (a president's post, unquoted) was a
    three-source bullet of a real page. A quoted post and a name with "&" stay."""
    post = "The ferry board must stop the open & obvious waste & report the costs accurately & fairly."
    assert summarize.not_reported(post) and summarize._bullet_form(post, None, 40, 5) == (None, None)
    quoted = "\u201cStop the open & obvious waste,\u201d Mayor Lena Ortiz wrote on Monday about the ferry board."
    named = "Johnson & Johnson said on Monday that the ferry board had bought its vaccine for the crews."
    assert not summarize.not_reported(quoted) and not summarize.not_reported(named)


def test_a_wire_tag_and_a_desks_label_leave_the_sentence_as_on_headlines():
    from newsprism.summarize import strip_dateline

    claim = "The council approved the harbor budget on Tuesday."
    for opened in (f"(CNN) - {claim}", f"ALDER BAY (Reuters) - {claim}", f"BREAKING: {claim}",
                   f"Fact check: {claim}", f"Analysis | {claim}"):
        assert strip_dateline(opened) == claim, opened
    kept = "Live-streaming of the council's vote drew 2,000 viewers on Tuesday."
    assert strip_dateline(kept) == kept
    # a sentence with no dateline stays as written, lower case too: a podcast transcript's
    # "archived recording From NBC news, ...", capitalised, was found in no cited article
    assert strip_dateline("archived recording From NBC news, the debate.") == "archived recording From NBC news, the debate."
    assert strip_dateline("ALDER BAY (Reuters) - the council met.") == "The council met."
