"""Further Learning: background questions answered from the story and the archive, cited."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsprism.entities import Entity
from newsprism.keywords import Keyword
from newsprism.pipeline import prepare
from newsprism.questions import further_learning
from newsprism.sources import read_path

T_STORY = datetime(2025, 6, 10, 9, tzinfo=UTC)
T_OLD = datetime(2023, 2, 1, 9, tzinfo=UTC)


def art(id_, title, text, published=T_STORY, source=None, duplicate_of=None):
    return {"id": id_, "title": title, "text": text, "published": published, "source": source or f"{id_}.example",
            "duplicate_of": duplicate_of, "leaning": "unknown"}


STORY = [
    art("s1", "Harbour strike ends as Port Calder dockers accept deal",
        "Dockers in Port Calder ended their strike on Tuesday after union leader Miriam Kessel accepted a pay deal. "
        "Kessel told members the deal protects night shifts. Shipping firms said cargo would move again by Friday. "
        "The harbour handles most of the country's copper exports, and the strike had cut copper exports and hit prices."),
    art("s2", "Port Calder strike over after pay deal",
        "The Port Calder strike is over after Miriam Kessel and the harbour authority agreed a pay deal. "
        "The mayor of Port Calder welcomed the agreement and urged both sides to rebuild trust. "
        "Copper exports, the region's main source of revenue, are expected to recover this month as the copper trade resumes."),
]
ARCHIVE = [
    art("old1", "Who leads the dockers",
        "Miriam Kessel is a former crane operator who has led the Calder Dockworkers Union since 2019. "
        "She is known for tough negotiations.", published=T_OLD, source="archive.example"),
    art("old2", "Copper and the coast",
        "Copper is the metal that built the coast: the region mines most of the country's copper and ships it through Port Calder.",
        published=T_OLD, source="archive.example"),
    art("old3", "Weather", "Rain is expected across the coast this weekend, forecasters said.", published=T_OLD),
]


def fake_retrieve(docs):
    """A tiny word-overlap search standing in for the store's BM25 search."""
    def words(t):
        return {w.lower() for w in re.findall(r"\w+", t) if len(w) > 2}

    def retrieve(query, limit):
        q = words(query)
        scored = [(len(q & words(d["title"] + " " + d["text"])), d["id"], d) for d in docs]
        return [d for s, _, d in sorted(scored, key=lambda t: (-t[0], t[1])) if s > 0][:limit]

    return retrieve


def test_answers_from_older_coverage_cite_the_right_article():
    qa = further_learning(STORY, fake_retrieve(STORY + ARCHIVE))
    who = next(q for q in qa if q["question"] == "Who is Miriam Kessel?")
    assert "old1" in who["sources"] and "former crane operator" in who["answer"]
    assert who["from_older_coverage"] is True
    # Each answer is made of sentences of the articles it cites.
    texts = {a["id"]: a["text"] for a in STORY + ARCHIVE}
    for q in qa:
        assert q["answer"] and q["sources"]
        assert all(s in texts for s in q["sources"])
        first = re.split(r"(?<=[.!?])\s", q["answer"])[0]
        assert any(first in texts[s] for s in q["sources"])
    assert "old3" not in {s for q in qa for s in q["sources"]}  # unrelated passages never answer


def test_economic_angle_and_reactions_are_asked_when_present():
    qa = further_learning(STORY, fake_retrieve(STORY + ARCHIVE))
    questions = [q["question"] for q in qa]
    assert "What is copper and why does it matter?" in questions
    copper = next(q for q in qa if q["question"].startswith("What is copper"))
    assert "copper" in copper["answer"].lower()
    assert any(q.startswith("How have others responded") for q in questions)
    assert len(questions) == len(set(questions))  # distinct


def test_story_only_answers_are_not_older_coverage_and_limit_is_kept():
    qa = further_learning(STORY, None)
    assert qa and all(q["from_older_coverage"] is False for q in qa)
    assert all(set(q["sources"]) <= {"s1", "s2"} for q in qa)
    assert len(further_learning(STORY, fake_retrieve(ARCHIVE), max_questions=2)) <= 2
    assert further_learning([], None) == []


def test_precomputed_entities_drive_the_questions():
    ents = [Entity("e1", "Miriam Kessel", "person", ("Kessel", "Miriam Kessel"), 4, ("s1", "s2")),
            Entity("e2", "Port Calder", "place", ("Port Calder",), 5, ("s1", "s2"))]
    qa = further_learning(STORY, fake_retrieve(STORY + ARCHIVE), entities=ents)
    assert qa[0]["question"] == "Who is Miriam Kessel?" and "old1" in qa[0]["sources"]


def test_a_failing_archive_search_falls_back_to_the_story():
    def broken(query, limit):
        raise RuntimeError("database is locked")

    qa = further_learning(STORY, broken)
    assert all(set(q["sources"]) <= {"s1", "s2"} for q in qa)


def test_no_question_without_a_good_answer():
    bare = [art("b1", "Short note", "Miriam Kessel spoke. The weather was calm."),
            art("b2", "Another note", "Miriam Kessel left early. Nothing else happened today at all.")]
    assert all(q["question"] != "Who is Miriam Kessel?" for q in further_learning(bare, None))


def test_deterministic():
    r = fake_retrieve(STORY + ARCHIVE)
    assert further_learning(STORY, r) == further_learning(STORY, r)


# --- the seed story -----------------------------------------------------------------------------
@pytest.fixture
def seed_articles(seeds: list[Path]) -> list[dict]:
    out = []
    for path in seeds:
        for item in read_path(path):
            a = prepare(item)
            out.append(art(path.name[:3], a.title, a.text, published=a.published, source=f"seed{path.name[:3]}"))
    return out


def test_seed_story_has_cited_background(seed_articles):
    qa = further_learning(seed_articles, fake_retrieve(seed_articles))
    assert len(qa) >= 5
    assert all(q["sources"] for q in qa)
    who = next(q for q in qa if q["question"] == "Who is Ales Bialiatski?")
    assert "Nobel Peace Prize" in who["answer"] or "Viasna" in who["answer"]
    assert len({q["question"] for q in qa}) == len(qa)


# --- definitional answers -----------------------------------------------------------------------
# A prisoner release told by three outlets. Every article names the journalist and the site
# in passing; only some sentences say who or what they are.
RELEASE = [
    art("r1", "Varnia frees 14 prisoners in U.S.-brokered deal",
        "The government of Varnia freed 14 political prisoners on Thursday in exchange for the easing of U.S. "
        "sanctions on its state airline, VarAir. Among them was Olena Marchuk, who walked out of the prison gate "
        "at dawn.\n\n\u201cI did not believe it until the door closed,\u201d Olena Marchuk said.\n\n"
        "\u201cI will keep writing,\u201d Marchuk said, thanking the U.S. envoy. "
        "Marchuk, 41, edited the independent news site Vecherny Lysk until the authorities blocked it in 2021. "
        "Exports of potash, the regime's largest source of hard currency, have fallen by a third since 2023."),
    art("r2", "Freed journalist lands in Vilnius",
        "Olena Marchuk landed in Vilnius on Thursday with 13 other freed prisoners from Varnia. "
        "Olena Marchuk hugged her mother at the airport. Olena Marchuk thanked the crowd. "
        "The sanctions on VarAir, the state airline, were eased as part of the deal. "
        "Readers of Vecherny Lysk had followed the case for years, and Vecherny Lysk staff waited at the airport."),
    art("r3", "What Washington gave up for Varnia's prisoners",
        "The best-known of the 14 is Olena Marchuk, a journalist jailed in 2022 for her reporting. "
        "Washington eased sanctions on VarAir in exchange for the release of the 14 prisoners from Varnia. "
        "Exports of potash from Varnia fell after the sanctions, and the regime lost hard currency."),
]


def test_background_on_a_topic_comes_from_this_story_s_world_not_another_country_s():
    """An archive article about another country's potash, which names one of this story's
    subjects in passing (the airline VarAir), must not answer "What is potash?" for Varnia;
    one that names Varnia may."""
    elsewhere = art("x1", "Dubrava's exports slump",
                    "Exports of potash, the Dubravan regime's largest source of hard currency, have fallen by half "
                    "since U.S. sanctions were imposed, and potash mines near Korin have closed. Its airline "
                    "now leases two jets from VarAir.",
                    published=T_OLD, source="archive.example")
    home = art("x2", "Varnia's potash",
               "Potash, a salt used to make fertiliser, is the largest export of Varnia and the main source of "
               "its hard currency.", published=T_OLD, source="archive.example")
    qa = further_learning(RELEASE, fake_retrieve([elsewhere, home]))
    cited = {s for q in qa for s in q["sources"]}
    assert "x1" not in cited
    potash = next(q for q in qa if "potash" in q["question"].lower())
    assert "x2" in potash["sources"], potash


def test_who_is_prefers_an_appositive_or_role_over_narration():
    ents = [Entity("e1", "Olena Marchuk", "person", ("Olena Marchuk", "Marchuk"), 9, ("r1", "r2", "r3")),
            Entity("e2", "Varnia", "place", ("Varnia",), 5, ("r1", "r2", "r3"))]
    qa = further_learning(RELEASE, None, entities=ents)
    who = next(q for q in qa if q["question"] == "Who is Olena Marchuk?")
    first = re.split(r"(?<=[.!?\u201d])\s", who["answer"])[0]
    assert first.startswith(("Marchuk, 41, edited", "The best-known of the 14 is Olena Marchuk, a journalist")), who
    # Narration, bare quotes and "Among them was ..." never answer "who is".
    for bad in ("hugged", "thanked the crowd", "walked out", "I did not believe", "I will keep writing"):
        assert bad not in who["answer"], who["answer"]
    assert set(who["sources"]) <= {"r1", "r3"}


def test_a_mistyped_subject_is_asked_about_as_what_it_is():
    # NER called the news site a person; the articles call it "the independent news site".
    ents = [Entity("e1", "Vecherny Lysk", "person", ("Vecherny Lysk",), 4, ("r1", "r2")),
            Entity("e2", "Olena Marchuk", "person", ("Olena Marchuk", "Marchuk"), 9, ("r1", "r2", "r3"))]
    questions = [q["question"] for q in further_learning(RELEASE, None, entities=ents)]
    assert "Who is Vecherny Lysk?" not in questions
    assert "What is Vecherny Lysk?" in questions or "What is the Vecherny Lysk?" in questions


def test_the_economic_angle_asks_about_the_thing_not_a_generic_word():
    qa = further_learning(RELEASE, None)
    questions = [q["question"] for q in qa]
    assert not any(q.startswith("What is airline") for q in questions), questions
    econ = [q for q in qa if q["question"].endswith("why does it matter?")]
    assert econ and econ[0]["question"] in {"What is potash and why does it matter?",
                                           "What is VarAir and why does it matter?"}
    assert "potash" in econ[0]["answer"] or "VarAir" in econ[0]["answer"]


def test_answers_do_not_repeat_the_same_description():
    story = [
        art("h1", "Prisoners freed", "Also freed was Ivan Petrau, a 63-year-old former opposition lawmaker, on Thursday. "
            "The government freed 14 people in all on Thursday after long talks with Washington."),
        art("h2", "Prisoners land", "The group included Ivan Petrau, a former opposition lawmaker, and a dozen activists. "
            "The 14 freed prisoners landed in Vilnius after long talks with Washington."),
        art("h3", "Deal explained", "Ivan Petrau, 63, led the opposition faction in parliament until his arrest in 2021. "
            "Washington eased sanctions after long talks that freed the 14 prisoners."),
    ]
    ents = [Entity("e1", "Ivan Petrau", "person", ("Ivan Petrau", "Petrau"), 3, ("h1", "h2", "h3"))]
    who = next(q for q in further_learning(story, None, entities=ents) if q["question"] == "Who is Ivan Petrau?")
    assert who["answer"].count("former opposition lawmaker") <= 1, who["answer"]
    assert "led the opposition faction" in who["answer"]



def test_questions_read_names_as_the_story_writes_them():
    """From the 2014 midterms story: "in GOP primaries" made the party a place ("What is the
    situation in GOP?"), and "What is Senate?" and "the situation in United States" lacked
    the article the story's own sentences use."""
    from newsprism.questions import _definite_article, _refine_type, _SentenceIndex, _Subject, _usual_article

    index = _SentenceIndex([
        "The GOP gained seats in GOP primaries and in GOP-leaning districts.",
        "Most money came in GOP primaries this year.", "Spending rose in GOP contests.",
        "The Senate will vote in January.", "Senate leaders met.", "Senate races were close.",
        "Voters in the United States turned out.", "United States officials said so.",
        "Congress returns next week.", "Congress passed the bill.",
    ])
    gop = _Subject("GOP", "organization", {"GOP"}, 9.0)
    assert _refine_type(gop, index) == "organization"  # three bare "in GOP" cues are no place
    lesnovia = _Subject("Lesnovia", "organization", {"Lesnovia"}, 9.0)
    strong = _SentenceIndex(["The government of Lesnovia said no.", "Lesnovia's capital was calm.",
                             "Talks in Lesnovia ended."])
    assert _refine_type(lesnovia, strong) == "place"  # "the government of X" still may
    assert _definite_article("Senate", index) == "the "  # 1 of 3 mentions carry it
    assert _definite_article("Congress", index) == ""
    assert _definite_article("Viasna Human Rights Centre", index) == "the "  # several words: as before
    assert _usual_article("United States", index) == "the "


def test_an_institution_takes_the_and_a_company_goes_by_the_storys_usage():
    """The demo asked "What is the Pacifica Terminals?" of a company, then, by usage alone,
    "What is Interior Ministry?" where its texts wrote "Montevara's Interior Ministry"."""
    from newsprism.questions import _SentenceIndex, _definite_article

    sentences = _SentenceIndex([
        "Pacifica Terminals, the port's largest operator, automated Terminal 5.",
        "Montevara's Interior Ministry said 31 people died.",
        "Rescuers from the Vrana Valley Relief Fund arrived.",
    ])
    assert _definite_article("Pacifica Terminals", sentences) == ""
    assert _definite_article("Interior Ministry", sentences) == "the "
    assert _definite_article("Viasna Human Rights Centre", sentences) == "the "  # never written whole here
    assert _definite_article("Congress", sentences) == ""


def test_no_question_about_a_name_with_a_digit_and_a_vote_is_no_election():
    """Read on stories-2021 (benchmarks.questions): "Who is COVID-19?" 28 times, "What led to
    the election in Florida?" of a voting-law story, "What led to the final in Afghanistan?"
    of "the final days" of a war."""
    from newsprism.questions import _event_phrase

    story = [art("v1", "Senate votes to extend the debt limit", "The Senate voted 50-48 on Thursday to extend "
                 "the debt limit. COVID-19 relief money was left out. Senators said COVID-19 cost the Treasury."),
             art("v2", "Debt limit vote passes the Senate", "A vote in the Senate extended the debt limit into "
                 "December, Senate leaders said. COVID-19 aid was not part of it.")]
    ents = [Entity("c", "COVID-19", "person", ("COVID-19",), 3, ("v1", "v2")),
            Entity("s", "Senate", "organization", ("Senate",), 3, ("v1", "v2"))]
    asked = [q["question"] for q in further_learning(story, None, entities=ents)]
    assert not [q for q in asked if "COVID-19" in q], asked
    assert _event_phrase(story, None) == "the vote"
    assert _event_phrase([art("f1", "Inside the final days of the war", "x")], "Afghanistan") == "the war in Afghanistan"
    assert _event_phrase([art("f2", "Tide win the cup final", "x")], None) == "the final"


def test_no_question_about_what_every_reader_knows():
    """On stories-2021 "What is the Senate?" was answered, in three stories, by one sentence
    about Arizona's state Senate; "What is Senate?" was asked 21 times."""
    from newsprism.questions import _SentenceIndex, _definite_article

    story = [art("v1", "Senate passes the debt limit bill", "The Senate voted 50-48 on Thursday. The Senate "
                 "Judiciary Committee, which vets judges, met as well. Senate leaders praised the vote."),
             art("v2", "Senate votes on the debt limit", "Senate Majority Leader Chuck Schumer said the Senate "
                 "would act. The Senate Judiciary Committee, the panel that vets judges, delayed its hearing.")]
    ents = [Entity("s", "Senate", "organization", ("Senate",), 6, ("v1", "v2")),
            Entity("j", "Senate Judiciary Committee", "organization", ("Senate Judiciary Committee",), 2,
                   ("v1", "v2"))]
    asked = [q["question"] for q in further_learning(story, None, entities=ents)]
    assert "What is the Senate?" not in asked and "What is Senate?" not in asked, asked
    assert _definite_article("Senate", _SentenceIndex(["Senate leaders met.", "A Senate vote."])) == "the "


T_LATER = datetime(2025, 9, 1, 9, tzinfo=UTC)


def test_a_role_before_the_name_answers_who_and_later_coverage_is_labelled():
    # The story names the official in passing; a later article says what she does, the
    # way news usually does: the role right before the name ("Harbour commissioner X").
    story = [
        art("p1", "Port Calder strike talks stall",
            "Talks to end the Port Calder strike stalled on Monday. Ines Varga left the room after an hour. "
            "Dockers said they would stay out until the weekend."),
        art("p2", "Calder dockers stay out",
            "Dockers in Port Calder stayed on strike as talks with Ines Varga broke down. "
            "Cargo piled up on the quays of Port Calder."),
    ]
    later = art("l1", "Port Calder reopens",
                "Harbour commissioner Ines Varga reopened the quays of Port Calder on Friday after the strike ended.",
                published=T_LATER, source="later.example")
    ents = [Entity("e1", "Ines Varga", "person", ("Ines Varga", "Varga"), 3, ("p1", "p2")),
            Entity("e2", "Port Calder", "place", ("Port Calder",), 4, ("p1", "p2"))]
    qa = further_learning(story, fake_retrieve(story + [later]), entities=ents)
    who = next(q for q in qa if q["question"] == "Who is Ines Varga?")
    assert who["answer"].startswith("Harbour commissioner Ines Varga") and who["sources"] == ["l1"]
    assert who["from_later_coverage"] is True and who["from_older_coverage"] is False
    # Without that sentence nothing says who she is, and the question is not asked.
    qa = further_learning(story, fake_retrieve(story), entities=ents)
    assert all(q["question"] != "Who is Ines Varga?" for q in qa)
    assert all(q["from_later_coverage"] is False for q in qa)


def test_a_one_word_person_is_not_asked_about():
    # "Who is Mark?": a first name alone matches every Mark in the archive.
    story = [art("m1", "Port Calder strike", "Mark, a docker, said the Port Calder strike would go on for weeks."),
             art("m2", "Calder strike", "Mark, a docker of twenty years, joined the strike in Port Calder on Monday.")]
    ents = [Entity("e1", "Mark", "person", ("Mark",), 2, ("m1", "m2"))]
    qa = further_learning(story, fake_retrieve(story), entities=ents)
    assert all("Mark" not in q["question"] for q in qa)


def test_what_happens_next_comes_from_the_story_or_later_coverage_never_older():
    story = [
        art("n1", "Port Calder dockers vote on pay deal",
            "Dockers in Port Calder began voting on a pay deal on Monday. "
            "The union is expected to announce the result of the pay deal vote on Friday, union officials said."),
        art("n2", "Calder dockers weigh pay deal",
            "Port Calder dockers weighed a pay deal that would end a month of strikes. "
            "Shipping firms said cargo was piling up on the quays."),
    ]
    older = art("o1", "Port Calder pay talks", "The dockers are expected to vote on any pay deal within a week, "
                "the union said of the Port Calder talks.", published=T_OLD, source="archive.example")
    qa = further_learning(story, fake_retrieve(story + [older]))
    nxt = next(q for q in qa if q["question"] == "What happens next?")
    assert nxt["sources"] == ["n1"] and "expected to announce the result" in nxt["answer"]
    assert nxt["from_older_coverage"] is False


def test_a_key_phrase_is_asked_about_when_a_sentence_defines_it():
    story = [
        art("k1", "Calder council passes congestion charge",
            "The Calder council passed a congestion charge on Tuesday. "
            "The congestion charge, a daily fee for driving into the centre, starts in May."),
        art("k2", "Congestion charge approved in Calder",
            "Drivers will pay the congestion charge from May after the council vote in Calder. "
            "Shops said the congestion charge would keep customers away."),
    ]
    kws = [Keyword("congestion charge", "phrase", ("congestion charge",), 4, ("k1", "k2"), 1.0),
           Keyword("top council", "phrase", ("top council",), 2, ("k1", "k2"), 0.5)]
    qa = further_learning(story, None, keywords=kws)
    charge = next(q for q in qa if q["question"] == "What is the congestion charge?")
    assert charge["answer"].startswith("The congestion charge, a daily fee") and charge["sources"] == ["k1"]
    assert all("top council" not in q["question"] for q in qa)  # a ranking word opens it
    # No sentence defines it: not asked.
    plain = [dict(a, text=a["text"].replace(", a daily fee for driving into the centre,", "")) for a in story]
    assert all("congestion charge?" not in q["question"] for q in further_learning(plain, None, keywords=kws))


def test_relations_between_two_countries_and_no_question_about_a_news_outlet():
    story = [
        art("r1", "Lesnovia and Vardia resume border talks",
            "Lesnovia and Vardia resumed talks on their border on Monday, Reuters reported. "
            "Reuters said the talks between Lesnovia and Vardia would last a week."),
        art("r2", "Border talks between Lesnovia and Vardia",
            "Talks between Lesnovia and Vardia opened in Belica, according to Reuters. "
            "Sanctions imposed by Vardia on Lesnovia remain in place."),
    ]
    history = art("h1", "Neighbours at odds",
                  "Lesnovia and Vardia have been at odds over the border since 1992, when a treaty between them collapsed.",
                  published=T_OLD, source="archive.example")
    ents = [Entity("e1", "Lesnovia", "place", ("Lesnovia",), 5, ("r1", "r2")),
            Entity("e2", "Vardia", "place", ("Vardia",), 5, ("r1", "r2")),
            Entity("e3", "Reuters", "organization", ("Reuters",), 3, ("r1", "r2"))]
    qa = further_learning(story, fake_retrieve(story + [history]), entities=ents)
    rel = next(q for q in qa if q["question"] == "How have relations between Lesnovia and Vardia evolved?")
    assert rel["sources"][0] == "h1" and rel["from_older_coverage"] is True
    assert all("Reuters" not in q["question"] for q in qa)


def test_a_place_used_as_an_attribute_does_not_take_the():
    from newsprism.questions import _SentenceIndex, _usual_article

    index = _SentenceIndex(["The Texas law took effect.", "Critics of the Texas abortion law sued.",
                            "Texas passed it.", "In Texas, clinics closed."])
    assert _usual_article("Texas", index) == ""


def test_a_relative_clause_defines_only_what_it_can_be_about():
    from newsprism.questions import _definition_score

    s = "Ales Bialiatski, the founder of the Viasna Human Rights Centre, who was awarded the Nobel Peace Prize in 2022."
    assert _definition_score(s, "Viasna Human Rights Centre", "organization") < 3  # "who" is the founder
    assert _definition_score("Keystone XL, which was proposed in 2008, was halted.", "Keystone XL", "person") < 3
    assert _definition_score("Viasna, which keeps a register of prisoners, said so.", "Viasna", "organization") >= 3


def test_what_led_here_is_never_answered_from_later_coverage():
    story = [
        art("w1", "Dockers strike in Port Calder",
            "Dockers in Port Calder went on strike on Saturday after talks over automation broke down. "
            "The strike halted cargo at the port."),
        art("w2", "Port Calder strike begins",
            "The Port Calder strike began on Saturday. Cargo stopped moving through Port Calder."),
    ]
    later = art("l2", "Port Calder strike talks resume",
                "Negotiators returned to talks in Port Calder on Wednesday for the first time since the strike "
                "began, as pressure mounted from farm groups after talks failed.", published=T_LATER)
    qa = further_learning(story, fake_retrieve(story + [later]))
    led = next(q for q in qa if q["question"].startswith("What led to the strike"))
    assert "l2" not in led["sources"] and led["from_later_coverage"] is False


def test_a_place_name_extended_by_a_team_word_is_an_organisation_and_port_of_x_does_not_define_x():
    from newsprism.questions import _SentenceIndex, _Subject, _definition_score, _extends_a_place

    index = _SentenceIndex(["The Alder Bay Tide won the cup.", "Solberg took over after the Tide finished last.",
                            "The Gaza Strip was shelled.", "Fighting in Saudi Arabia stopped."])
    tide = _Subject("Alder Bay Tide", "place", {"Alder Bay Tide"}, 5.0)
    assert _extends_a_place(tide, [tide], index)
    for name in ("Gaza Strip", "Saudi Arabia", "North Korea"):
        place = _Subject(name, "place", {name}, 5.0)
        assert not _extends_a_place(place, [place, _Subject("North", "place", {"North"}, 1.0)], index), name
    s = "The port handles $210 million of cargo a day, according to the Port of Alder Bay, with exports led by farm goods."
    assert _definition_score(s, "Alder Bay", "place") == 0


def test_the_economic_angle_asks_about_the_key_phrase_its_word_belongs_to():
    story = [
        art("c1", "Calder council approves congestion charge",
            "The Calder council approved the congestion charge in a 7-4 vote. "
            "The charge, which starts in January, will cost a commuter more than $2,000 a year and raise prices."),
        art("c2", "Congestion charge passes in Calder",
            "Calder's congestion charge passed on Thursday. Shops fear the charge will cut their revenue and prices."),
    ]
    kws = [Keyword("congestion charge", "phrase", ("congestion charge",), 3, ("c1", "c2"), 1.0)]
    qa = further_learning(story, None, keywords=kws)
    econ = [q for q in qa if q["question"].endswith("why does it matter?")]
    assert [q["question"] for q in econ] == ["What is the congestion charge and why does it matter?"]
    assert "will cost a commuter" in econ[0]["answer"]


def test_a_state_abbreviation_is_no_place_and_what_led_needs_a_word_of_why():
    from newsprism.questions import _EXPLAINS, _SentenceIndex, _named_in_passing

    index = _SentenceIndex(["Sen. Chris Coons (Del.) wrote a letter.", "Rep. Kevin McCarthy (R-Calif.) objected.",
                            "The storm hit Texas.", "Police in Texas said so.",
                            "Sen. Lisa Murkowski, R-Alaska, wrote a letter.", "Sen. Dan Sullivan (R., Alaska) agreed."])
    assert _named_in_passing("Del", index) and _named_in_passing("Calif", index) and _named_in_passing("Alaska", index)
    assert not _named_in_passing("Texas", index)
    assert _EXPLAINS.search("Dockers walked out after talks over automation broke down.")
    assert _EXPLAINS.search("The release was the product of four rounds of talks.")
    for narration in ("Blinken testified one day after appearing before the House.",
                      "The union will announce the result of the vote on Friday.",
                      "Vaccine protection falls after five months, a study found."):
        assert not _EXPLAINS.search(narration), narration


def test_a_study_is_asked_what_it_found_from_the_storys_own_articles():
    story = [
        art("f1", "Study: street trees cut heat deaths in Calder",
            "A study of Calder's streets found that each ten points of tree cover cut heat deaths by seven per cent. "
            "The study was led by Ines Varga."),
        art("f2", "Trees save lives in heatwaves, Calder study says",
            "Researchers in Calder said trees save lives. The study found fewer deaths in shaded streets."),
    ]
    other = art("o2", "Another study", "A study of Vardia's rivers found that fish returned after the dams were "
                "removed, researchers said of the Calder trees study.", published=T_LATER)
    qa = further_learning(story, fake_retrieve(story + [other]))
    found = next(q for q in qa if q["question"] == "What did the study find?")
    assert "o2" not in found["sources"] and "tree cover cut heat deaths" in found["answer"]
    assert not any(q["question"].startswith("What led to the study") for q in qa)


def test_why_the_event_matters_comes_from_a_sentence_saying_so_never_from_later_coverage():
    """A first, a record, a turning point: the seed story's aggregator page asks "What is the
    significance of ...?". Narration of the event does not answer it, nor does coverage dated
    after the story ("for the first time since the strike began" tells what followed)."""
    story = [
        art("s1", "Port Calder dockers strike over automation",
            "Dockers in Port Calder went on strike on Monday over automated cranes. "
            "The union called the strike in Port Calder after talks on automation collapsed last week. "
            "The walkout is the first strike at Port Calder since 1971, shutting the busiest port on the coast."),
        art("s2", "Strike shuts Port Calder",
            "Port Calder was shut by a strike of 2,000 dockers on Monday. "
            "Gen. Mark Calder of the port police said pickets were peaceful."),
    ]
    later = art("l1", "Port Calder talks resume", "Negotiators returned to the table in Port Calder for the first "
                "time since the strike began, marking a thaw.", published=T_LATER, source="later.example")
    qa = further_learning(story, fake_retrieve(story + [later]))
    led = next(q for q in qa if q["question"].startswith("What led to the strike"))
    assert "after talks on automation collapsed" in led["answer"]
    why = next(q for q in qa if q["question"].startswith("Why does the strike"))
    assert why["question"].endswith(" matter?")
    assert why["sources"] == ["s1"] and "first strike at Port Calder since 1971" in why["answer"]
    assert "Gen. Mark" not in why["answer"] and why["from_later_coverage"] is False


def test_a_person_named_after_in_and_before_a_possessive_stays_a_person():
    """'convicted in George Floyd's murder': the "in" governs the murder, so a person with no
    title in the story is not asked about as a place ("What is the situation in George
    Floyd?" was asked on stories-2021); a general's rank is a person's cue."""
    sentences = [
        "Derek Chauvin was convicted in Rosa Ortiz's murder last year.",
        "Protests followed in Rosa Ortiz's home town.",
        "Lawmakers in Alder Bay voted on Tuesday.",
        "Gen. Mark Ridley testified on Tuesday.",
        "Confidence in Mark Ridley fell.",
    ]
    assert _person_reads_as(sentences, "Rosa Ortiz") == "person"
    assert _person_reads_as(sentences, "Mark Ridley") == "person"
    # a bare "in X" with no person's cue still makes NER's "person" a place
    assert _person_reads_as(sentences, "Alder Bay") == "place"


def _person_reads_as(sentences: list[str], name: str) -> str:
    """The type the story's wording gives a subject NER called a person."""
    from newsprism.questions import _refine_type, _SentenceIndex, _Subject

    return _refine_type(_Subject(name, "person", {name}, 5.0), _SentenceIndex(sentences))


def test_fragments_headlines_and_pasted_posts_do_not_answer():
    """Full-length articles hold lines that are not sentences: "..., writing:" before a quote
    the page does not have, a headline without a full stop, an embedded post with its link,
    an encyclopedia's "[28]". None answers "Who is ...?"; the plain sentence does."""
    from newsprism.questions import _sentence_score

    aliases = {"Lena Ortiz"}
    for line in ("Lena Ortiz, the senator from Vermont, responded immediately in a tweet, writing:",
                 "BORING: Senator Lena Ortiz and other Democrats slam the debate",
                 "Lena Ortiz is a senator from Vermont https://t.co/JXv45TQIWN — Lena Ortiz (@lortiz) March 26.",
                 "Lena Ortiz attended the Washington Semester program at American University.[28]"):
        assert _sentence_score(line, set(), aliases, "person", None) == 0.0, line
    assert _sentence_score("Lena Ortiz, the senator from Vermont, criticized the bill on Sunday.", set(), aliases,
                           "person", None) > 0


def test_people_every_reader_knows_are_asked_what_they_said_not_who_they_are():
    """In an archive that names Joe Biden in a quarter of its articles, "Who is Joe Biden?" is
    no reader's question (stories-2021 asked it of 135 stories, answered by whatever sentence
    named him); what he said of this story is, from its own articles, the saying his."""
    story = [
        art("b1", "Biden defends Calder port deal",
            "President Joe Biden on Tuesday defended the Calder port deal, saying it would protect jobs. "
            "Allies of Joe Biden said the deal was overdue. "
            "Dock union leader Mara Quist, who led the strike, called the deal a start."),
        art("b2", "Port deal reached in Calder",
            "The Calder port deal ends a month-long strike, officials said. "
            "Mara Quist, the dock union leader, said members would vote on Friday."),
    ]
    share = {"Joe Biden": 0.25, "Biden": 0.3}
    qa = further_learning(story, fake_retrieve(story), archive_share=lambda name: share.get(name, 0.001))
    asked = [q["question"] for q in qa]
    assert "Who is Joe Biden?" not in asked and "Who is Mara Quist?" in asked
    said = next(q for q in qa if q["question"].startswith("What has Joe Biden said"))
    assert said["answer"].startswith("President Joe Biden on Tuesday defended") and said["sources"] == ["b1"]
    # without a large archive's word on it, he is asked about as anyone is
    assert "Who is Joe Biden?" in [q["question"] for q in further_learning(story, fake_retrieve(story))]


def test_says_it_needs_the_saying_to_be_the_persons():
    from newsprism.questions import _says_it

    names = {"Donald Trump", "Trump", "Joe Biden", "Biden"}
    assert _says_it("A Texas law will cause chaos, President Joe Biden warned on Thursday.", names)
    assert _says_it("President Biden on Tuesday announced a truce with the European Union.", names)
    assert _says_it("The tone was good, said President Joe Biden.", names)
    assert not _says_it("Allies of former President Donald Trump said a commission was not necessary.", names)
    assert not _says_it("Trump pressed officials over his loss to Joe Biden, the committee said Tuesday.", names)
    assert not _says_it("White House press secretary Jen Psaki said Biden examined tax changes.", names)


def test_an_outlet_or_two_people_taken_for_a_person_are_not_asked_about():
    """NER takes "ABC News" and "Laura & George Bush" for people on full-length AllSides
    stories; neither is someone a reader asks "Who is ...?" about."""
    from newsprism.entities import Entity

    story = [
        art("p1", "Calder port deal reached",
            "Dock union leader Mara Quist, who led the strike, called the Calder deal a start. "
            "ABC News, a broadcaster owned by Disney, reported the Calder deal first on Tuesday. "
            "Laura & George Bush, the former first couple, praised the Calder deal on Tuesday."),
        art("p2", "Calder dockers vote Friday",
            "Mara Quist, the dock union leader, said members would vote on Friday in Calder. "
            "ABC News said the Calder vote was close."),
    ]
    ents = [Entity(id=f"e{n}", name=name, type="person", aliases=[name], mentions=3,
                   articles={"p1", "p2"}) for n, name in enumerate(["Mara Quist", "ABC News", "Laura & George Bush"])]
    asked = [q["question"] for q in further_learning(story, fake_retrieve(story), entities=ents)]
    assert "Who is Mara Quist?" in asked
    assert not any("ABC" in q or "Bush" in q for q in asked), asked


def test_what_happened_earlier_is_a_news_lead_of_the_older_story_sharing_the_headlines():
    from newsprism.questions import EARLIER_QUESTION, earlier_question

    headlines = ["Port Calder dockers return as harbour strike ends"]
    older = [
        art("o1", "Why the Port Calder strike is a warning", "Is this the end of the harbour as we know it? "
            "Dockers have every reason to be angry."),  # a question, not news
        art("o2", "Port Calder dockers walk out", "PORT CALDER (Wire) — About 900 dockers walked off the job at "
            "Port Calder on Monday after pay talks with the harbour's operators broke down. Cargo stopped."),
        art("o3", "Dockers strike at Port Calder", "Dockers at Port Calder began a strike over pay and night shifts "
            "that the operators say will cost them millions."),  # no day named: after o2
    ]
    qa = earlier_question(older, headlines)
    assert qa == {"question": EARLIER_QUESTION, "sources": ["o2"], "from_older_coverage": True,
                  "from_later_coverage": False,
                  "answer": "About 900 dockers walked off the job at Port Calder on Monday after pay talks with "
                            "the harbour's operators broke down."}
    # without a lead naming its day, the earliest that reads on its own
    assert earlier_question([older[0], older[2]], headlines)["sources"] == ["o3"]
    # an older story of another subject shares too few of this story's headline words
    assert earlier_question([art("x", "Copper prices hit a record", "Copper prices hit a record on Monday as "
                                 "Chilean mines cut their output for a third month.")], headlines) is None
    # leads that need what came before, or quote someone first, do not answer
    assert earlier_question([art("p", "Port Calder dockers", "He said the dockers of Port Calder would strike "
                                 "on Monday if no deal came."),
                             art("q", "Port Calder dockers", '"We will strike," the Port Calder dockers\' union '
                                 "said on Monday in a statement.")], headlines) is None
    assert earlier_question([], headlines) is None
    # "U.S." is one word in common, not two ("u" and "s"); "Jan. 6" shares two
    resident = ["Stranded in Kabul: A U.S. Resident Runs Out of Options"]
    afghan = art("a", "Some Americans still in Afghanistan", "About 1,500 American citizens remain in Afghanistan, "
                 "and about a third of them hope to leave in the coming days, the U.S. said on Wednesday.")
    assert earlier_question([afghan], resident) is None
    assert earlier_question([afghan], ["U.S. citizens still in Afghanistan"])["sources"] == ["a"]
    assert earlier_question([art("j", "Jan. 6 panel named", "The House named the members of a panel to study the "
                                 "Jan. 6 riot on Thursday, after weeks of talks.")],
                            ["Jan. 6 hearing opens"])["sources"] == ["j"]


def test_why_plural_events_matter_takes_a_plural_verb():
    """"Why does the talks in Geneva matter?" was asked on stories-2021."""
    story = [
        art("s1", "Port Calder talks open on automation",
            "Talks between dockers and port operators opened in Port Calder on Monday. "
            "The talks in Port Calder are a turning point, the first talks on automation at the port since 1971."),
        art("s2", "Port Calder talks begin", "Union and operators began talks in Port Calder on Monday. "
            "The talks were called after a strike over automated cranes shut Port Calder last week."),
    ]
    questions = [q["question"] for q in further_learning(story, fake_retrieve(story))]
    assert "Why do the talks in Port Calder matter?" in questions, questions


def test_the_event_happens_where_a_headline_puts_it_not_at_the_most_named_place():
    """"What led to the attack in the United States?" was asked of the Kabul airport attack
    (stories-2021): the story named the United States most, its headline put the attack in Kabul."""
    from newsprism.questions import _event_place, _Subject

    us = _Subject("United States", "place", {"United States", "U.S."}, 9.0)
    kabul = _Subject("Kabul", "place", {"Kabul"}, 4.0)
    afghanistan = _Subject("Afghanistan", "place", {"Afghanistan"}, 3.0)
    texas = _Subject("Texas", "place", {"Texas"}, 2.0)
    assert _event_place([art("a", "Biden vows retaliation for attack at Kabul airport", "")], [us, kabul]) is kabul
    # a preposition places the event before an adjective does: the withdrawal is the U.S.'s,
    # and it happens in Afghanistan
    assert _event_place([art("a", "U.S. withdrawal from Afghanistan enters final stage", "")], [us, afghanistan]) \
        is afghanistan
    assert _event_place([art("a", "Texas abortion ban takes effect", "")], [us, texas]) is texas
    assert _event_place([art("a", "Biden signs order after pipeline hack", "")], [us, texas]) is None


def test_the_archives_home_country_has_no_situation_and_no_event_set_there_unless_a_headline_says():
    """"What is the situation in the United States?" (20 stories-2021 stories) and "What led to
    the withdrawal in the United States?" are not asked of an American archive. Nor is an
    event set at a place no headline names ("the deal in Russia" of Paul Manafort's plea)."""
    story = [
        art("s1", "Vape ban takes effect", "A ban on flavored vapes took effect in the United States on Monday. "
            "The ban came after a surge in vaping among teenagers in the United States, regulators said. "
            "The United States Food and Drug Administration will enforce it."),
        art("s2", "Flavored vape ban begins across the United States", "The United States banned flavored vapes "
            "on Monday. Shops across the United States pulled the products from their shelves. "
            "Regulators moved because flavored vapes drew teenagers to nicotine in the United States."),
    ]
    abroad = [q["question"] for q in further_learning(story, fake_retrieve(story))]
    assert "What is the situation in the United States?" in abroad and "What led to the ban in the United States?" \
        in abroad, abroad
    home = [q["question"] for q in further_learning(story, fake_retrieve(story), home={"United States", "U.S."})]
    assert not any("situation" in q for q in home) and "What led to the ban?" in home, home
    unplaced = [story[0], {**story[1], "title": "Flavored vape ban begins"}]
    abroad = [q["question"] for q in further_learning(unplaced, fake_retrieve(unplaced))]
    assert "What led to the ban?" in abroad and "What is the situation in the United States?" in abroad, abroad


def test_others_responses_from_the_archive_must_be_to_this_news():
    """An archive sentence naming the story's place and a reaction word is no response to the
    story unless it shares two of its headline words: the backlash to the Charlie Hebdo
    shootings answered "How have others responded ...?" of ten full-length AllSides stories."""
    story = [
        art("s1", "Port Calder dockers strike over automation",
            "Dockers in Port Calder went on strike on Monday over automated cranes. "
            "The union called the strike in Port Calder after talks on automation collapsed last week. "
            "The walkout is the first strike at Port Calder since 1971, shutting the busiest port on the coast."),
        art("s2", "Strike shuts Port Calder",
            "Port Calder was shut by a strike of 2,000 dockers on Monday. "
            "The port's operators in Port Calder criticized the union for striking during contract talks."),
    ]
    unrelated = art("o1", "Port Calder fans riot after cup final", "Fans in Port Calder reacted angrily on Sunday "
                    "after their team lost the cup final, and the mayor condemned the violence in the city.",
                    published=T_OLD, source="old.example")
    reply = art("o2", "Shipping lines react to Port Calder dock strike", "Shipping lines condemned the dockers' "
                "strike over automation at Port Calder and urged the union to return to talks.",
                published=T_STORY, source="lines.example")
    for archive in ([unrelated, reply], [unrelated]):
        asked = further_learning(story, fake_retrieve(story + archive))
        responded = next(q for q in asked if q["question"].startswith("How have others responded"))
        assert "o1" not in responded["sources"], responded


def test_who_trades_and_a_public_are_no_economic_topic():
    """"What is firm and why does it matter?" was asked of a full-length AllSides story, "What
    is voters and why does it matter?" of a real Super Tuesday page."""
    from newsprism.questions import _economic_topics

    sents = {"a": ["Exports of the potash rose as prices climbed, the firm told the voters.",
                   "Millions from the potash trade went to the firm and the voters."],
             "b": ["The potash exports would grow, according to the firm, before the voters decided."]}
    topics = _economic_topics(sents, set())
    assert "firm" not in topics and "voters" not in topics and "potash" in topics, topics


def test_a_big_storys_event_is_in_more_than_one_headline():
    """One headline of 31, "The Establishment Strikes Back", made a real Super Tuesday page ask
    "What led to the strike in Super?"."""
    from newsprism.questions import _event_phrase

    # (the particle rule now reads "strikes back" as a verb too: the share rule is tested
    # with a noun)
    titles = ["The old guard calls a strike"] + [f"Port Calder results, part {k}" for k in range(14)]
    story = [art(f"t{i}", t, "x") for i, t in enumerate(titles)]
    assert _event_phrase(story, None) is None  # one of 15 headlines names a strike
    assert _event_phrase(story[:5], None) == "the strike"  # one of five: a small story's event
    story += [art("t99", "Dockers' strike goes on", "x"), art("t98", "Strike talks fail", "x")]
    assert _event_phrase(story, None) == "the strike"


def test_a_name_read_backwards_is_not_asked_about_beside_the_name():
    """The Hill's link text "President Trump Donald John Trump ... MORE" gave "What has Trump
    Donald said?" on a full-length AllSides story."""
    ents = [Entity("e1", "Rosa Kessel", "person", ("Rosa Kessel", "Kessel"), 9, ("s1", "s2")),
            Entity("e2", "Kessel Rosa", "person", ("Kessel Rosa",), 4, ("s1", "s2"))]
    story = [
        art("s1", "Harbour strike ends as Port Calder dockers accept deal",
            "Union leader Rosa Kessel, a former crane driver, accepted the pay deal on Tuesday. "
            "Kessel Rosa, the union's longtime leader, told members the deal protects night shifts."),
        art("s2", "Port Calder dockers back deal", "Rosa Kessel, the union's leader since 2019, won the vote. "
            "Members cheered Kessel Rosa, a veteran of the 1998 strike, at the port gates."),
    ]
    asked = [q["question"] for q in further_learning(story, fake_retrieve(story), entities=ents)]
    assert not any("Kessel Rosa" in q for q in asked) and "Who is Rosa Kessel?" in asked, asked


# --- a real month of news: anchors, namesakes and prominent names under another spelling -------
LAWSUIT = [
    art("c1", "Calder Courier sues Mayor Lena Ortiz over revoked press pass of reporter Jon Vale",
        "The Calder Courier filed a lawsuit on Tuesday against Mayor Lena Ortiz, demanding that City Hall "
        "return reporter Jon Vale's press pass. The lawsuit says revoking the pass violates the Calder Courier's "
        "right to report. Jon Vale lost the pass after a heated exchange with Lena Ortiz at a news conference."),
    art("c2", "Newspaper sues City Hall over Jon Vale's press pass",
        "The Calder Courier sued Mayor Lena Ortiz over Jon Vale's press pass on Tuesday. "
        "Press groups backed the lawsuit, and Lena Ortiz said City Hall would fight it in court."),
]
#: Another lawsuit that names only what every article of the archive names: the home
#: place and the mayor.
OTHER_SUIT = art("o9", "Voting group wins ballot lawsuit",
                 "Common Cause Vessa filed the lawsuit and celebrated the ruling, calling it a victory for voting "
                 "rights. The lawsuit is significant because it is the first to challenge the ballot law in Calder, "
                 "and Mayor Lena Ortiz said she would not appeal the ruling in Calder.", published=T_OLD,
                 source="old.example")


def test_names_every_archive_article_holds_do_not_make_another_story_this_ones():
    """"Why does the lawsuit matter?" on CNN's suit over Jim Acosta's pass was answered by
    "Common Cause Georgia filed the lawsuit ...": the other article named the United States
    (the archive's home) and Donald Trump and the White House (in most of its articles)."""
    ents = [Entity("e1", "Calder Courier", "organization", ("Calder Courier",), 5, ("c1", "c2")),
            Entity("e2", "Jon Vale", "person", ("Jon Vale", "Vale"), 4, ("c1", "c2")),
            Entity("e3", "Lena Ortiz", "person", ("Lena Ortiz", "Ortiz"), 4, ("c1", "c2")),
            Entity("e4", "Calder", "place", ("Calder",), 3, ("c1", "c2"))]
    share = {"Lena Ortiz": 0.3, "Ortiz": 0.3, "Calder": 0.6}
    asked = further_learning(LAWSUIT, fake_retrieve(LAWSUIT + [OTHER_SUIT]), entities=ents, home={"Calder"},
                             archive_share=lambda name: share.get(name, 0.001))
    assert asked and all("o9" not in q["sources"] for q in asked), asked


def test_a_namesake_of_the_person_asked_about_is_no_answer():
    """"Who is Geoff Dean?" (the sheriff of a shooting story) was answered "Democrat Karl Dean
    served as mayor of Nashville ..." from the archive: the bare surname matched."""
    story = [
        art("d1", "Sheriff Geoff Dean praises deputies after Alder Bay shooting",
            "Ventura County Sheriff Geoff Dean said deputies saved lives at the Alder Bay bar on Wednesday. "
            "Geoff Dean said the gunman was found dead inside the Alder Bay bar."),
        art("d2", "Alder Bay shooting: sheriff says deputies went in",
            "Sheriff Geoff Dean said two deputies went inside the Alder Bay bar after the shooting. "
            "Dean praised their bravery."),
    ]
    ents = [Entity("e1", "Geoff Dean", "person", ("Geoff Dean", "Dean"), 5, ("d1", "d2")),
            Entity("e2", "Alder Bay", "place", ("Alder Bay",), 3, ("d1", "d2"))]
    other = art("o8", "Nashville mayors", "Democrat Karl Dean served as mayor of Nashville from 2007 to 2015, "
                "and Karl Dean is a former public defender who is running for governor.", published=T_OLD)
    own = art("o7", "A sheriff retires", "Sheriff Dean is a former narcotics detective who has led the county "
              "department since 2011, and he will retire this year.", published=T_OLD)
    asked = further_learning(story, fake_retrieve(story + [other, own]), entities=ents)
    who = next(q for q in asked if q["question"] == "Who is Geoff Dean?")
    assert who["sources"] == ["o7"] and "Karl Dean" not in who["answer"], who
    # The same first name spelled without its accent is no namesake ("Agnes Callamard" for
    # "Agnès Callamard" on a full-length AllSides story).
    from newsprism.names import ascii_key
    from newsprism.questions import _namesake_only

    assert not _namesake_only("Agnes Callamard, the U.N. rapporteur, called it a mockery.", ["Callamard"],
                              {ascii_key("Agnès")})


def test_a_prominent_person_under_a_longer_name_is_still_known():
    """"Who is Donald J. Trump?" was asked where the archive names "Donald Trump" in most
    articles: the story wrote the middle initial more often."""
    story = [
        art("b1", "Donald J. Trump defends Calder port deal",
            "President Donald J. Trump on Tuesday defended the Calder port deal, saying it would protect jobs. "
            "Allies of Donald J. Trump said the deal was overdue. "
            "Dock union leader Mara Quist, who led the strike, called the deal a start."),
        art("b2", "Port deal reached in Calder",
            "The Calder port deal ends a month-long strike, officials said. Donald Trump praised it. "
            "Mara Quist, the dock union leader, said members would vote on Friday."),
    ]
    ents = [Entity("e1", "Donald J. Trump", "person", ("Donald J. Trump", "Donald Trump", "Trump"), 4, ("b1", "b2")),
            Entity("e2", "Mara Quist", "person", ("Mara Quist", "Quist"), 3, ("b1", "b2"))]
    share = {"Donald Trump": 0.4, "Trump": 0.5}
    asked = [q["question"] for q in further_learning(story, fake_retrieve(story), entities=ents,
                                                      archive_share=lambda name: share.get(name, 0.001))]
    assert "Who is Donald J. Trump?" not in asked and "Who is Mara Quist?" in asked, asked


def test_reactions_to_news_from_the_home_country_are_to_the_news():
    """"How have others responded to the news from the United States?" was asked of GM's plant
    closures in an American archive."""
    story = [
        art("g1", "Carmaker Vessa Motors to close three plants in Calder",
            "Vessa Motors said on Monday it would close three plants in Calder and cut 4,000 jobs. "
            "The union condemned the closures, and the mayor of Calder criticized the company's decision."),
        art("g2", "Vessa Motors cuts 4,000 jobs, closes Calder plants",
            "Vessa Motors will shut three Calder factories, the company said. "
            "Senator Ana Ruiz criticized Vessa Motors and urged it to keep the plants open in Calder."),
    ]
    abroad = [q["question"] for q in further_learning(story, fake_retrieve(story))]
    home = [q["question"] for q in further_learning(story, fake_retrieve(story), home={"Calder"})]
    assert "How have others responded to the news from Calder?" in abroad, abroad
    assert "How have others responded to the news?" in home, home


def test_a_statement_pasted_as_prose_answers_nothing():
    """"Who is George H.W. Bush?" was answered "Melania and I join with a grieving Nation to
    mourn the loss of former President George H.W. Bush, who passed away last night.": the
    president's statement pasted as prose; the page cannot say whose "I" it is."""
    story = [
        art("m1", "Tributes pour in for former mayor Lena Ortiz",
            "Lena Ortiz died in Alder Bay on Friday at 94, her family said. "
            "My wife and I join the city in mourning former mayor Lena Ortiz, who served Alder Bay for 20 years. "
            "Flags in Alder Bay flew at half-staff on Saturday."),
        art("m2", "Alder Bay mourns Lena Ortiz", "Residents of Alder Bay left flowers at city hall for Lena Ortiz "
            "on Saturday."),
    ]
    ents = [Entity("e1", "Lena Ortiz", "person", ("Lena Ortiz", "Ortiz"), 5, ("m1", "m2"))]
    asked = further_learning(story, fake_retrieve(story), entities=ents)
    assert all("My wife and I" not in q["answer"] for q in asked), asked


def test_what_led_to_the_event_from_the_archive_is_about_this_event():
    """"What led to the deal?" of a trade deal was answered from the archive's Iran nuclear deal
    (full-length AllSides part): the archive's sentence must share a headline word besides
    the event noun."""
    story = [
        art("t1", "Calder and Vessa reach trade deal on steel tariffs",
            "Calder and Vessa reached a trade deal on Monday that cuts steel tariffs by half. "
            "The deal ends a two-year dispute, Calder's trade minister Ana Ruiz said."),
        art("t2", "Steel tariff deal struck between Calder and Vessa",
            "Vessa agreed to cut steel tariffs under the deal with Calder, Ana Ruiz said on Monday. "
            "Steelmakers in Calder welcomed the deal."),
    ]
    other = art("o6", "The nuclear accord", "The nuclear deal came about because sanctions had crippled the "
                "economy after years of negotiations. Ana Ruiz, then an envoy of Vessa, praised it at the time.",
                published=T_OLD, source="old.example")
    asked = further_learning(story, fake_retrieve(story + [other]), home={"Calder"})
    assert asked and all("o6" not in q["sources"] for q in asked if q["question"].startswith(("What led", "Why")))


def test_a_country_that_says_things_is_no_person():
    """"Who is North Korea?" was asked of a real page: "North Korea said ..." counted as a
    person's cue against the place the entity table knew."""
    story = [
        art("k1", "Vessa vows revenge over Calder sanctions",
            "Vessa said on Monday it would retaliate against the new sanctions. Vessa said the sanctions were "
            "an act of war, and Vessa told envoys in Calder it would test more missiles."),
        art("k2", "Vessa threatens Calder after sanctions vote",
            "Vessa says the sanctions violate its sovereignty. Officials in Calder said Vessa told diplomats "
            "it would respond with force."),
    ]
    ents = [Entity("e1", "Vessa", "place", ("Vessa",), 9, ("k1", "k2")),
            Entity("e2", "Calder", "place", ("Calder",), 4, ("k1", "k2"))]
    old = art("o5", "Inside Vessa", "Vessa is a reclusive state that has tested missiles near Calder for a decade, "
              "and Vessa said it would never give them up.", published=T_OLD, source="old.example")
    asked = [q["question"] for q in further_learning(story, fake_retrieve(story + [old]), entities=ents)]
    assert "Who is Vessa?" not in asked and "What is the situation in Vessa?" in asked, asked


def test_a_post_pasted_unquoted_answers_nothing():
    """"Congressman Adam Schiff, who spent two years knowingly and unlawfully lying and
    leaking, should be forced to resign from Congress!" answered "Who is Adam Schiff?"."""
    from newsprism.questions import _sentence_score

    post = "Councillor Peter Brandt, who lied about the ferry for two years, should be forced to resign!"
    report = "Councillor Peter Brandt, who chairs the ferry committee, should resign, his rivals said."
    aliases = {"Peter Brandt", "Brandt"}
    assert _sentence_score(post, {"brandt"}, aliases, "who", None) == 0.0
    assert _sentence_score(report, {"brandt"}, aliases, "who", None) > 0.0


def test_an_event_noun_before_a_particle_is_a_verb():
    """"Supreme Court Strikes Down Louisiana Abortion Restrictions" asked "What led to the
    strike in Louisiana?" of a real page (June 2020)."""
    from newsprism.questions import _event_phrase

    assert _event_phrase([art("s1", "Court Strikes Down Calder Ferry Law", "x")], None) is None
    assert _event_phrase([art("s2", "Dockworkers Strike Over Pay in Calder", "x")], None) == "the strike"
    assert _event_phrase([art("s3", "Diplomats urged evacuations out of Calder", "x")], None) == "the evacuation"


def test_a_brand_takes_no_article():
    """"What is the Wendy's?" was asked of a real page ("the Wendy's parking lot", "at the
    Wendy's where ...": one restaurant of the brand)."""
    from newsprism.questions import _definite_article, _SentenceIndex, _usual_article

    # (a headline's "United States Beats Iran" and modifiers outnumber "the United States")
    states = _SentenceIndex(["United States beats Iran.", "United States officials met.", "United States troops left.",
                             "United States diplomats said no.", "United States envoys flew home.",
                             "He flew to the United States."])
    assert _usual_article("United States", states) == "the "
    index = _SentenceIndex(["Police were called to the Wendy's where he had fallen asleep.",
                            "The Wendy's was set on fire the next night."])
    assert _usual_article("Wendy's", index) == "" and _definite_article("Wendy's", index) == ""


def test_an_organisation_written_with_the_is_no_person_and_money_is_no_topic():
    """A real month asked "Who is Border Patrol?" (twice), "What is Department of Homeland
    Security?", "What is dollars and why does it matter?" and "What is place ...?"."""
    from newsprism.questions import _definite_article, _economic_topics, _SentenceIndex

    sentences = [
        "Troops will support the Harbor Patrol, officials said.",
        "The Harbor Patrol arrested 40 people on Monday.",
        "The request came from the Department of Harbor Safety, which runs the Harbor Patrol.",
        "Aides of the Rosa Ortiz campaign met the Ortiz family.",
        "It funds the Rosa Ortiz Foundation and the Rosa Ortiz-Vance scholarship.",
        "Rosa Ortiz, the mayor, spoke on Monday.",
    ]
    assert _person_reads_as(sentences, "Harbor Patrol") == "organization"
    # "the Rosa Ortiz campaign": the name as a modifier is no organisation's cue
    assert _person_reads_as(sentences, "Rosa Ortiz") == "person"
    assert _definite_article("Department of Harbor Safety", _SentenceIndex(["Department of Harbor Safety staff met."])) == "the "
    sents = {"a": ["The tariffs cost the potash trade millions of dollars, in the place of the old levy."],
             "b": ["In today's dollars the potash exports would be worth more; the money went to the place."]}
    topics = _economic_topics(sents, set())
    assert "dollars" not in topics and "place" not in topics and "potash" in topics, topics


def test_a_building_named_after_a_person_is_no_person():
    """"Who is Trump Tower?" was asked on a November 2016 page; NER had typed the building
    as its owner. A name with such a head word stays a person where the story gives a
    person's cue ("Mr. Hall")."""
    tower = ["Protesters gathered outside Quist Tower on Fifth Avenue.",
             "Units at Quist Tower are for sale, an analysis found."]
    assert _person_reads_as(tower, "Quist Tower") == "organization"
    assert _person_reads_as(["Mr. Lena Hall spoke on Monday.", "Sen. Lena Hall voted no."], "Lena Hall") == "person"
    assert _person_reads_as(["Sen. Mara Tower voted no.", "Mara Tower said so."], "Mara Tower") == "person"


def test_what_a_person_was_doing_is_no_definition():
    """"Who is Paul Ryan?" opened with "Ryan, who was calling in from a bus tour of the
    Badger State, said to the host: ..." (November 2016): a past progressive says what he
    was doing then. A role goes on ("who was serving as")."""
    from newsprism.questions import _sentence_score

    doing = "Quist, who was calling in from a bus tour of the harbor towns, said the union would not yield."
    titled = "Speaker Mara Quist gave the mayor a tour of the docks on Monday, showing him the new cranes."
    serving = "Quist, who was serving as the union's treasurer, said the union would not yield."
    score = {s: _sentence_score(s, set(), {"Mara Quist", "Quist"}, "person", None) for s in (doing, titled, serving)}
    assert score[titled] > score[doing] and score[serving] > score[doing], score


def test_a_copula_after_a_prepositions_object_is_not_the_names():
    """"Who is Robert Lewis Dear?" opened with "Russell and others said the only companion
    they saw with Dear was a mangy dog ..." (November 2015): the dog "was a", not Dear."""
    from newsprism.questions import _definition_score

    assert _definition_score("The only companion they saw with Quist was a mangy dog.", "Quist", "person") == 0
    assert _definition_score("The head of the Harbor Agency is a political appointee.", "Harbor Agency",
                             "organization") < 3  # its head's role, not a copula of its own
    assert _definition_score("Quist is a 57-year-old crane operator from Alder Bay.", "Quist", "person") >= 3


def test_a_gazetteer_type_is_not_undone_by_the_storys_wording():
    """"What is the situation in Planned Parenthood?" (November 2015): "Planned Parenthood's
    president" read as a place's cue, over the gazetteer's organisation."""
    from newsprism.questions import _refine_type, _SentenceIndex, _story_type, _Subject

    index = _SentenceIndex(["Planned Parenthood's president Mara Quist said the clinic would reopen.",
                            "Planned Parenthood's president spoke on Saturday.",
                            "The gunman surrendered to police in Alder Bay."])
    def subject(name: str) -> _Subject:
        return _Subject(name, "organization", {name}, 5.0)
    assert _refine_type(subject("Planned Parenthood"), index) == "place"  # the wording alone
    assert _story_type(subject("Planned Parenthood"), index) == "organization"
    assert _story_type(subject("Harbor Parenthood"), _SentenceIndex(
        ["Harbor Parenthood's president spoke.", "Harbor Parenthood's president left."])) == "place"


def test_a_party_tag_is_no_first_person_and_may_precede_the_appositive():
    """"Sen. Susan Collins (R-ME), a moderate who's been known to part ways with her party
    ..." was no answer to "Who is Susan Collins?" on a real page: "ME" (Maine) read as "me",
    and the tag stood between the name and its appositive."""
    from newsprism.questions import _definition_score
    from newsprism.summarize import speaks_in_first_person

    tagged = ("Sen. Lena Ortiz (R-ME), a moderate who has broken with her party before, backed the ferry "
              "subsidy on Friday.")
    assert not speaks_in_first_person(tagged)
    assert speaks_in_first_person("Me and my family backed the ferry subsidy on Friday.")
    assert _definition_score(tagged, "Lena Ortiz", "person") >= _definition_score(
        "Sen. Lena Ortiz, a moderate who has broken with her party before, backed the ferry subsidy.",
        "Lena Ortiz", "person")


def test_a_networks_bare_name_is_an_outlet():
    """"What is CBS?" was asked of 7 stories-2021 stories and answered "news cameras from ABC,
    CBS, and NBC were nowhere to be found"."""
    from newsprism.entities import Entity

    story = [
        art("n1", "Calder school board meeting draws parents",
            "Parents gathered before the Calder school board on Tuesday. Cameras from CBS and NBC were not "
            "there, the board's chair Mara Quist said. CBS, a broadcaster owned by Paramount, did not cover it."),
        art("n2", "Calder parents demand resignation",
            "Mara Quist, the school board chair, said parents demanded the superintendent resign. CBS was absent."),
    ]
    ents = [Entity(id="e1", name="Mara Quist", type="person", aliases=("Mara Quist",), mentions=2, articles=("n1", "n2")),
            Entity(id="e2", name="CBS", type="organization", aliases=("CBS",), mentions=3, articles=("n1", "n2"))]
    asked = [q["question"] for q in further_learning(story, fake_retrieve(story), entities=ents)]
    assert not any("CBS" in q for q in asked), asked


def test_an_organisation_written_inside_longer_names_is_not_asked_about():
    """"What is Treasury?" ("Treasury Secretary Steven Mnuchin"), "What is Commerce?" ("the
    U.S. Chamber of Commerce") and "What is the Legislature?" were asked of full-length
    AllSides stories."""
    from newsprism.questions import _inside_longer_names, _SentenceIndex

    index = _SentenceIndex([
        "Harbor Secretary Mara Quist met the Calder Chamber of Harbor on Monday.",
        "The FDA approved the vaccine, FDA Commissioner Lena Ortiz said.",
        "The FDA said the shots were safe.",
        "Harbor Secretary Quist disagreed.",
    ])
    assert _inside_longer_names("Harbor", index)
    assert not _inside_longer_names("FDA", index)
    # "What is Customs Enforcement?" (of "Immigration and Customs Enforcement"), January 2020;
    # another name before a longer one is no sign ("White House Harbor Council")
    longer = _SentenceIndex(["Agents of Immigration and Customs Enforcement detained him.",
                             "Immigration and Customs Enforcement said he had been deported twice.",
                             "The White House Harbor Council met.", "The Harbor Council said no."])
    assert _inside_longer_names("Customs Enforcement", longer)
    assert not _inside_longer_names("Harbor Council", longer)
    story = [art("l1", "Calder lawmakers pass voting bill",
                 "The Legislature passed the voting bill on Tuesday, Mara Quist, the speaker, said."),
             art("l2", "Voting bill clears Calder Legislature",
                 "Mara Quist, the speaker, said the Legislature would vote again on Friday.")]
    from newsprism.entities import Entity
    ents = [Entity(id="e1", name="Mara Quist", type="person", aliases=("Mara Quist",), mentions=2, articles=("l1", "l2")),
            Entity(id="e2", name="Legislature", type="organization", aliases=("Legislature",), mentions=3,
                   articles=("l1", "l2"))]
    asked = [q["question"] for q in further_learning(story, fake_retrieve(story), entities=ents)]
    assert not any("Legislature" in q for q in asked), asked


def test_an_organisation_the_archive_names_by_its_acronym_is_one_readers_know():
    """Once "FDA" named the Food and Drug Administration (the articles spelling it out make
    the bare acronym theirs), the archive's share of the long name alone, low where outlets
    write "FDA", put "What is the Food and Drug Administration?" on four stories-2021 pages
    that had not asked "What is the FDA?". An acronym that is also a word ("WHO") is not
    counted: the full-text index finds it in every "who"."""
    from newsprism.entities import Entity

    story = [
        art("f1", "Regulators clear Calder vaccine",
            "The Food and Drug Administration (FDA) on Tuesday cleared the Calder vaccine for adults. "
            "The FDA is the federal agency that regulates drugs and vaccines in the United States. "
            "Mara Quist, who leads the Calder trial, welcomed it."),
        art("f2", "Calder vaccine approved",
            "The FDA approved the Calder vaccine, the agency said. Mara Quist said doses ship Friday."),
    ]
    ents = [Entity("e1", "Food and Drug Administration", "organization", ("FDA", "Food and Drug Administration"),
                   4, ("f1", "f2")),
            Entity("e2", "Mara Quist", "person", ("Mara Quist",), 2, ("f1", "f2"))]
    share = {"FDA": 0.2, "Food and Drug Administration": 0.01}

    def asked(share_of):
        return [q["question"] for q in further_learning(story, fake_retrieve(story), entities=ents,
                                                        archive_share=share_of)]
    assert "What is the Food and Drug Administration?" in asked(lambda name: 0.001)
    assert "What is the Food and Drug Administration?" not in asked(lambda name: share.get(name, 0.001))
    who = [Entity("e1", "World Health Organization", "organization", ("WHO", "World Health Organization"), 4,
                  ("f1", "f2")), ents[1]]
    story[0]["text"] = story[0]["text"].replace("Food and Drug Administration (FDA)", "World Health Organization")
    story[0]["text"] = story[0]["text"].replace("The FDA is the federal agency", "The World Health Organization is "
                                                "the United Nations agency")
    got = [q["question"] for q in further_learning(story, fake_retrieve(story), entities=who,
                                                   archive_share=lambda name: 0.9 if name == "WHO" else 0.001)]
    assert "What is the World Health Organization?" in got


def test_an_outlets_name_cut_short_is_not_asked_about():
    """"the Post" of "The Washington Post": stories-2021 asked "What is the Post?". A paper's
    name cut to its last word is that paper, one of the story's sources."""
    from newsprism.entities import Entity

    story = [
        art("p1", "Calder port deal questioned",
            "The Post reported on Tuesday that the Calder port deal was unsigned. The Post, which first "
            "reported the talks in May, said two officials confirmed it. Mara Quist, who leads the dock union, "
            "disputed the Post."),
        art("p2", "Port deal report disputed",
            "Mara Quist said the Post had it wrong. The Washington Post and the Calder Herald stood by their "
            "reports."),
    ]
    ents = [Entity("e1", "Post", "organization", ("Post",), 5, ("p1", "p2")),
            Entity("e2", "Mara Quist", "person", ("Mara Quist",), 2, ("p1", "p2"))]
    asked = [q["question"] for q in further_learning(story, fake_retrieve(story), entities=ents)]
    assert "Who is Mara Quist?" in asked and not any("Post" in q for q in asked), asked
    from newsprism.leaning import is_news_outlet

    assert is_news_outlet("Post") and is_news_outlet("Journal") and not is_news_outlet("Postal Service")


def test_which_is_without_a_noun_says_something_of_a_thing_not_what_it_is():
    """"authorization from the U.S. Food and Drug Administration, which is expected in the
    coming weeks" answered "What is the Food and Drug Administration?" on seven stories-2021
    pages; "which is" before a noun, or "which" and a verb, still defines."""
    from newsprism.questions import _definition_score

    fda = "Food and Drug Administration"
    assert _definition_score("A third shot awaits authorization from the U.S. Food and Drug Administration, "
                             "which is expected in the coming weeks.", fda, "organization") == 0.0
    for defining in ("The Food and Drug Administration, which is the agency that regulates drugs, approved it.",
                     "The Food and Drug Administration, which regulates drugs, approved it.",
                     "The Food and Drug Administration, a federal agency, approved it."):
        assert _definition_score(defining, fda, "organization") > 0, defining


def test_a_subject_the_articles_never_define_leaves_its_place_to_the_next():
    """Two organisations ranked first and never defined left no "What is" on the page, while
    the third was defined in a sentence (stories-2021: "What is the FBI?" gone once the
    National School Boards Association, never defined, outranked it). The spares are asked
    only while fewer of their kind found an answer."""
    from newsprism.entities import Entity

    story = [
        art("u1", "Calder port strike ends",
            "Harlow Freight agreed on Tuesday to end the Calder port strike. Brisk Lines agreed too. "
            "Harlow Freight will raise wages. Brisk Lines will hire. The Dock Workers Guild, a union of 4,000 "
            "crane operators founded in 1931, called the deal a start. Mara Quist, who has led the guild since "
            "2019, signed for it."),
        art("u2", "Port strike over",
            "Harlow Freight signed the deal. Brisk Lines signed it too. Harlow Freight said ships would sail on "
            "Friday."),
    ]
    ents = [Entity("e1", "Harlow Freight", "organization", ("Harlow Freight",), 9, ("u1", "u2")),
            Entity("e2", "Brisk Lines", "organization", ("Brisk Lines",), 8, ("u1", "u2")),
            Entity("e3", "Dock Workers Guild", "organization", ("Dock Workers Guild",), 2, ("u1",)),
            Entity("e4", "Mara Quist", "person", ("Mara Quist",), 1, ("u1",))]
    asked = [q["question"] for q in further_learning(story, fake_retrieve(story), entities=ents)]
    assert "What is the Dock Workers Guild?" in asked, asked
    assert not any(q in asked for q in ("What is Harlow Freight?", "What is Brisk Lines?")), asked
    # asked after every other kind (never taking their place under the cap), shown with its own
    assert asked.index("What is the Dock Workers Guild?") == sum(q.startswith("Who is") for q in asked), asked
    assert asked[0] == "Who is Mara Quist?", asked
    capped = [q["question"] for q in further_learning(story, fake_retrieve(story), entities=ents, max_questions=1)]
    assert capped == ["Who is Mara Quist?"], capped
    # a spare is asked only where a sentence says what it is, not one that merely names it
    story[0]["text"] = story[0]["text"].replace(", a union of 4,000 crane operators founded in 1931,", "")
    plain = [q["question"] for q in further_learning(story, fake_retrieve(story), entities=ents)]
    assert "What is the Dock Workers Guild?" not in plain, plain


def test_a_list_cut_at_its_comma_or_two_places_hyphened_are_no_organisation():
    """stories-2021 asked "What is U.S.-Mexico?" (of "the U.S.-Mexico border") and "What is
    Diversity, Equity?" (of "Diversity, Equity, and Inclusion (DEI)"). A hyphened brand is
    a name ("Coca-Cola")."""
    from types import SimpleNamespace

    from newsprism.questions import _a_fragment

    subjects = [SimpleNamespace(type="place", aliases={"Mexico"}), SimpleNamespace(type="place", aliases={"Varnia"})]
    assert _a_fragment("U.S.-Mexico", subjects) and _a_fragment("Russia-Ukraine", [])
    assert _a_fragment("Varnia-Mexico", subjects) and _a_fragment("Diversity, Equity", subjects)
    assert not _a_fragment("Coca-Cola", subjects) and not _a_fragment("Mercedes-Benz", subjects)
    assert _a_fragment("U.S.-Taliban", []) and not _a_fragment("Calder-Varnia", [])
    assert not _a_fragment("Dock Workers Guild", subjects)


def test_an_organisation_is_also_searched_for_by_its_acronym():
    """The archive writes "the NCAA, the umbrella group that regulates college sports"; a
    search for "National Collegiate Athletic Association" (every word, as the store's
    full-text search wants) never finds it (stories-2021 lost "What is the NCAA?" so)."""
    from newsprism.entities import Entity

    story = [
        art("n1", "Court rules for Calder athletes",
            "The Supreme Court ruled against the National Collegiate Athletic Association (NCAA) on Monday. "
            "Mara Quist, who brought the suit, said athletes won."),
        art("n2", "Athletes win in court", "The NCAA lost its case, Mara Quist said."),
    ]
    older = [dict(art("o1", "Calder athletes sue", "The NCAA, the umbrella group that regulates college sports, "
                      "was sued in Calder."), published="2020-01-01T00:00:00+00:00")]

    def every_word(query, limit):
        words = {w.lower() for w in re.findall(r"\w+", query)}
        return [d for d in story + older
                if words <= {w.lower() for w in re.findall(r"\w+", d["title"] + " " + d["text"])}][:limit]

    ents = [Entity("e1", "National Collegiate Athletic Association", "organization",
                   ("NCAA", "National Collegiate Athletic Association"), 3, ("n1", "n2")),
            Entity("e2", "Mara Quist", "person", ("Mara Quist",), 2, ("n1", "n2"))]
    qa = further_learning(story, every_word, entities=ents)
    what = next(q for q in qa if q["question"] == "What is the National Collegiate Athletic Association?")
    assert "umbrella group" in what["answer"] and what["sources"] == ["o1"], what


def test_what_is_an_organisation_needs_a_sentence_saying_what_it_is():
    """"What is the Taliban?" was asked on 14 stories-2021 pages and answered "Akhund
    previously served as foreign minister ... in the Taliban government": a sentence that
    only names the organisation (questions.MIN_DEFINITION)."""
    from newsprism.entities import Entity

    story = [
        art("t1", "Calder Front names new cabinet",
            "The Calder Front named Omar Vesk as head of its new cabinet on Tuesday. "
            "Mara Quist, who leads the opposition, called the choice a step back."),
        art("t2", "New Calder Front cabinet named",
            "The Calder Front named its cabinet. Mara Quist said the Calder Front had broken its promises."),
    ]
    older = [dict(art("o1", "Calder Front cabinet", "Omar Vesk previously served as foreign minister and deputy prime "
                      "minister in the Calder Front government from 1996 to 2001, officials of the Calder Front cabinet "
                      "said."), published="2020-01-01T00:00:00+00:00")]
    ents = [Entity("e1", "Calder Front", "organization", ("Calder Front",), 5, ("t1", "t2")),
            Entity("e3", "Omar Vesk", "person", ("Omar Vesk", "Vesk"), 3, ("t1",)),
            Entity("e2", "Mara Quist", "person", ("Mara Quist",), 2, ("t1", "t2"))]
    asked = [q["question"] for q in further_learning(story, fake_retrieve(story + older), entities=ents)]
    assert "Who is Mara Quist?" in asked and "What is the Calder Front?" not in asked, asked
    # one that says what it is is asked
    older[0]["text"] = "The Calder Front, a nationalist movement founded in 1994, ruled Calder from 1996 to 2001."
    asked = [q["question"] for q in further_learning(story, fake_retrieve(story + older), entities=ents)]
    assert "What is the Calder Front?" in asked, asked
    # a conjunction's next clause after the name is no description of it
    from newsprism.questions import _definition_score

    assert _definition_score("The refugees escaped the Calder Front, but they still face hunger.", "Calder Front",
                             "organization") == 0.0


def test_what_follows_a_name_at_a_clause_end_or_a_fronted_phrase_is_not_its_description():
    """Three shapes that read as an appositive and are not: a phrase summing up the clause
    ("at Bayfront Stadium, a record for the competition's final" answered "What is Bayfront
    Stadium?" on the demo), the main clause after an opening phrase ("According to Raman-Holt,
    the comments were posted ..."), and the main verb after another name's apposition ("...
    from the old Carver Foundry, had given the visitors the lead")."""
    from newsprism.questions import _definition_score

    org, person, place = "organization", "person", "place"
    assert _definition_score("The captain scored before a crowd of 18,402 at Harrow Park, a record for the final.",
                             "Harrow Park", org) == 0
    assert _definition_score("The Tide beat Foundry 2-1 at Harrow Park, the club's first major trophy.",
                             "Harrow Park", org) == 0
    assert _definition_score("Foundry, the first club from Ironwood to reach the final, had won five matches.",
                             "Foundry", org) >= 3  # "the first club": a club, and no summing-up
    assert _definition_score("According to Vela Osk, the comments were posted through a plug-in, a tool for riders.",
                             "Vela Osk", person) == 0
    assert _definition_score("For farmers in Tarnow, the details matter less than the calendar.", "Tarnow", place) == 0
    assert _definition_score("In Tarnow, a farming town of 5,500, residents slept outside.", "Tarnow", org) >= 3
    assert _definition_score("For Eastmoor, which has the city's highest asthma rates, the charge is overdue.",
                             "Eastmoor", org) >= 3
    assert _definition_score("Keisha Marr, the forward who grew up near the old Carver Mill, had given them the lead.",
                             "Carver Mill", org) == 0
    # nor a speaker's verb, nor another's possession (full-length AllSides roundups)
    assert _definition_score("Sen. Ana Roe, a member of the Harbor Committee, told NBC.", "Harbor Committee", org) < 2
    assert _definition_score("She will testify before the Harbor Committee, her lawyers said.", "Harbor Committee",
                             org) == 0
    # a list of names is no apposition ("What is USA Gymnastics?" on stories-2021)
    assert _definition_score("Biles blamed Harrow Gymnastics, the U.S. Olympic Committee and the FBI for the abuse.",
                             "Harrow Gymnastics", org) == 0
    assert _definition_score("Svetoch, the Minsk rights group, and others said so.", "Svetoch", org) >= 3
    assert _definition_score("Geneva hosted Mikhail Gorbachev, the Soviet leader, and Ronald Reagan.",
                             "Mikhail Gorbachev", "person") >= 3


def test_a_role_in_apposition_says_who_a_person_is():
    """"said Priya Raman-Holt, Lanternfish's head of research" (a role at a named body) and "A
    spokesperson, Alicia Moreno, said" (the name in apposition to the role) define a person as
    an appositive after the name does; a comma before "said" alone does not."""
    from newsprism.questions import _definition_score

    assert _definition_score("\"It is an old bug,\" said Vela Osk, Lanternfish's head of research.", "Vela Osk",
                             "person") >= 3
    apposed = _definition_score("A spokesperson, Mira Tann, said the office welcomes oversight.", "Mira Tann", "person")
    bare = _definition_score("Spokesperson Mira Tann said the office welcomes oversight.", "Mira Tann", "person")
    assert apposed >= 3 and 2 <= bare < apposed
    assert _definition_score("Mira Tann, said to be close to the mayor, left.", "Mira Tann", "person") < 2
    # any noun phrase opening the sentence, in apposition ("Who is Martine Moise?" on stories-2021)
    assert _definition_score("The country's first lady, Mira Tann, was taken to hospital.", "Mira Tann", "person") >= 3
    assert _definition_score("In the days after the vote, Mira Tann, said nothing.", "Mira Tann", "person") < 2



def test_a_persons_border_policy_does_not_make_a_place():
    """"Is she profiting from Biden's border crisis?" made Biden a place on stories-2021 ("What
    is the situation in Biden?"); "Lesnovia's border with Vardia" still names a country."""
    assert _person_reads_as(["Is she profiting from Varga's border crisis?", "Varga's border policy failed."],
                            "Varga") == "person"
    assert _person_reads_as(["Lesnovia's border with Vardia was closed.", "Lesnovia's capital is calm."],
                            "Lesnovia") == "place"


def test_a_places_situation_from_the_archive_is_this_storys_world():
    """"What is the situation in Florida?" of the Surfside collapse was answered by the governor
    signing a voting bill (stories-2021): an archive article naming the place is no proof it is
    about this story's world. One naming none of the story's other top subjects counts as
    unrelated, and one that does answers first."""
    ents = [Entity("e1", "Calder", "place", ("Calder",), 9, ("c1", "c2")),
            Entity("e2", "Harbor Towers", "organization", ("Harbor Towers",), 6, ("c1", "c2")),
            Entity("e3", "Lena Ruiz", "person", ("Lena Ruiz", "Ruiz"), 5, ("c1", "c2"))]
    story = [
        art("c1", "Harbor Towers collapse in Calder kills 12",
            "Part of the Harbor Towers block in Calder collapsed on Monday, killing 12 people, Mayor Lena Ruiz said. "
            "Rescuers searched the rubble of Harbor Towers through the night."),
        art("c2", "Calder collapse: 12 dead at Harbor Towers",
            "Twelve people died when Harbor Towers partly collapsed in Calder, Lena Ruiz said on Tuesday."),
    ]
    # (the same shape and situation words; the unrelated one first by id, as a tie went)
    voting = art("a1", "Calder governor signs voting bill",
                 "Calder, a state with a new voting law, restricted mail-in ballots after the governor signed the bill "
                 "amid protests and a legal challenge.", published=T_OLD, source="archive.example")
    towers = art("t1", "Harbor Towers inspections", "Calder, a state with ageing coastal towers, ordered checks of "
                 "blocks like Harbor Towers after Lena Ruiz warned of cracks amid protests and a legal challenge.",
                 published=T_OLD, source="archive.example")
    qa = further_learning(story, fake_retrieve(story + [voting, towers]), entities=ents)
    situation = next(q for q in qa if q["question"] == "What is the situation in Calder?")
    assert situation["answer"].startswith("Calder, a state with ageing coastal towers"), situation


def test_a_hostile_sentence_does_not_stall_the_definition_shapes():
    """A first version of the closed-apposition pattern let one word run over several of its
    repetitions: ", the" before a word of 25 letters took it 1.3 s to refuse, 30 letters 13 s,
    and every ten more a thousand times longer (article text is hostile). Run in a child
    process so that such a pattern fails the test instead of stalling the suite."""
    import subprocess
    import sys

    code = ("from newsprism.questions import _definition_score\n"
            "s = 'In Vela Osk, the ' + 'a' * 60 + ' b.'\n"
            "for kind in ('person', 'organization', 'place'):\n"
            "    _definition_score(s, 'Vela Osk', kind)\n")
    done = subprocess.run([sys.executable, "-c", code], timeout=60, capture_output=True)
    assert done.returncode == 0, done.stderr


def _asked(story, archive, entities):
    """The questions a page of ``story`` asks, with ``archive`` searched besides it."""
    return [q["question"] for q in further_learning(story, fake_retrieve(story + archive), entities=entities)]


def test_a_name_closing_another_names_apposition_is_not_described_by_the_comma():
    """"Gen. Mark Milley, the chairman of the Joint Chiefs of Staff, each acknowledged ..."
    answered "What is Joint Chiefs of Staff?" on seven stories-2021 pages: the comma closes
    Milley's apposition, it opens none of the Joint Chiefs'."""
    from newsprism.questions import _definition_score

    org = "organization"
    assert _definition_score("Gen. Ben Ode, head of the fleet, and Gen. Ana Roe, the chairman of the Harbor Board, "
                             "each testified.", "Harbor Board", org) < 2
    assert _definition_score("Ana Roe, a spokeswoman for Tern Labs, spoke to reporters.", "Tern Labs", org) < 2
    assert _definition_score("Tern Labs, a maker of drones, said the test failed.", "Tern Labs", org) >= 3
    # nor a relative clause's ("What is WhatsApp?" twice on stories-2021)
    assert _definition_score("Corvo, which owns Lumo and Pikachat, needs to remove posts.", "Pikachat", org) < 2
    assert _definition_score("Corvo, which owns Lumo and Pikachat, needs to remove posts.", "Corvo", org) >= 3
    assert _definition_score("The bill, which is called the Harbor Jobs Act, runs to 900 pages.", "Harbor Jobs Act",
                             org) >= 2
    assert _definition_score("Ana Roe chairs the Harbor Board, a panel of nine port officials.", "Harbor Board",
                             org) >= 3


def test_an_organisations_article_ignores_its_names_uses_as_a_modifier():
    """"What is Taliban?" (stories-2021: "a Taliban takeover", "the Taliban surge" and "the
    insurgent Taliban" beside one "the Taliban,") and "What is the situation in the New
    Jersey?" (its one mention "The New Jersey-based drugmaker")."""
    from newsprism.questions import _definite_article, _SentenceIndex, _usual_article

    index = _SentenceIndex(["Biden said a Vardani takeover is not inevitable.",
                            "The Vardani surge across the country continued amid gains by the insurgent Vardani.",
                            "He does not trust the Vardani, he said.", "Vardani takeover of Lesnovia looms."])
    assert _definite_article("Vardani", index) == "the "
    # (an adjective between is no evidence: "the embattled ExxonMobil" is written of bare names)
    oil = _SentenceIndex(["The embattled Corvex said profits fell.", "Corvex shares fell.", "Investors sold Corvex.",
                          "Corvex, an oil firm, cut jobs."])
    assert _definite_article("Corvex", oil) == ""
    jersey = _SentenceIndex(["The New Jersey-based drugmaker said the pill worked.", "Shares rose 8 percent."])
    assert _usual_article("New Jersey", jersey, 0.5) == ""
    # a plural noun after it is no "the X" either ("What is the Las Vegas?" of "the Las Vegas attacks")
    vegas = _SentenceIndex(["The Vela Bay attacks shocked the nation.", "He lived near Vela Bay.", "Vela Bay mourned."])
    assert _definite_article("Vela Bay", vegas) == "" and _usual_article("Vela Bay", vegas, 0.5) == ""
    college = _SentenceIndex(["Harvard University said it would pay.", "Students at Harvard University marched."])
    assert _definite_article("Harvard University", college) == ""
    assert _definite_article("University of Calder", _SentenceIndex(["The University of Calder said so."])) == "the "
    congress = _SentenceIndex(["Congress passed the bill.", "Leaders in Congress agreed.", "Congress adjourned."])
    assert _definite_article("Congress", congress) == ""


def test_a_place_named_only_in_a_compound_modifier_is_not_asked_about():
    """The Merck pill story named New Jersey once, "The New Jersey-based drugmaker", and was
    asked "What is the situation in the New Jersey?", answered by a flood (stories-2021)."""
    from newsprism.questions import _named_in_passing, _SentenceIndex

    index = _SentenceIndex(["The New Jersey-based drugmaker said the pill worked.", "A Texas-born chemist led it."])
    assert _named_in_passing("New Jersey", index) and _named_in_passing("Texas", index)
    assert not _named_in_passing("New Jersey", _SentenceIndex(["Floods hit New Jersey-based firms and New Jersey."]))
    story = [art("m1", "Drugmaker's pill cuts hospital stays", "The New Jersey-based drugmaker said on Friday its pill "
                 "halved hospital stays in a trial of 775 adults. Regulators will review the data."),
             art("m2", "Pill halves hospital stays, drugmaker says", "A pill halved hospital stays in a trial of 775 "
                 "adults, the company said. Regulators will review the data this month.")]
    flood = art("f1", "Floods in New Jersey", "New Jersey, a state hit by record floods, declared an emergency amid "
                "a crisis of power cuts and economic losses.", published=T_OLD, source="archive.example")
    asked = _asked(story, [flood], [Entity("e1", "New Jersey", "place", ("New Jersey",), 5, ("m1",))])
    assert not [q for q in asked if "New Jersey" in q], asked


def test_a_place_the_story_or_archive_describes_as_a_thing_is_no_place():
    """NER types days and coins as places: "What is the situation in Juneteenth?" (the story:
    "Juneteenth, the anniversary of the emancipation ...") and "... in Bitcoin?" (a ransom
    demanded "in Bitcoin"; the archive: "Bitcoin, the world's largest cryptocurrency,
    dropped ...") on stories-2021. The first is asked what it is; the second is not answered
    by the coin's news."""
    from newsprism.questions import _refine_type, _SentenceIndex, _Subject

    day = _SentenceIndex(["The Senate made Harvestday, the anniversary of the emancipation, a holiday.",
                          "Lawmakers celebrated Harvestday on Tuesday."])
    assert _refine_type(_Subject("Harvestday", "place", {"Harvestday"}, 5.0), day) == "organization"
    variant = _SentenceIndex(["Cases of the Omeris variant rose.", "The Omeris variant spreads faster, a study found."])
    assert _refine_type(_Subject("Omeris", "place", {"Omeris"}, 5.0), variant) == "organization"
    state = _SentenceIndex(["Calder, the state with the strictest law, sued.", "Voters in Calder objected."])
    assert _refine_type(_Subject("Calder", "place", {"Calder"}, 5.0), state) == "place"
    story = [art("r1", "Hackers demand ransom in Corvacoin", "Hackers demanded $70 million in Corvacoin from the "
                 "firm, and officials said the attack hit hundreds of companies."),
             art("r2", "Ransom of $70 million demanded in Corvacoin", "The gang asked for $70 million in Corvacoin to "
                 "unlock the files of hundreds of companies, officials said.")]
    coin = art("c1", "Corvacoin slides", "Corvacoin, the world's largest cryptocurrency, dropped 7 percent amid a crisis "
               "of sanctions and a government crackdown since May.", published=T_OLD, source="archive.example")
    asked = _asked(story, [coin], [Entity("e1", "Corvacoin", "place", ("Corvacoin",), 5, ("r1", "r2"))])
    assert "What is the situation in Corvacoin?" not in asked, asked


def test_a_single_organisation_noun_is_a_kind_not_an_organisation():
    """An excerpt cut at "endorsed by the Club..." asked "What is Club?" (stories-2021)."""
    story = [art("k1", "Ellis wins runoff", "Ellis won the runoff on Tuesday. Ward was endorsed by the Club..."),
             art("k2", "Ellis beats Ward", "Ellis beat Ward in the runoff, officials said. The Club backed Ward.")]
    club = art("o1", "Club 45 event", "Club, a group of donors, held an event amid a crisis.", published=T_OLD,
               source="archive.example")
    asked = _asked(story, [club], [Entity("e1", "Club", "organization", ("Club",), 5, ("k1", "k2"))])
    assert not [q for q in asked if "Club" in q], asked


def test_what_came_after_the_event_is_not_what_led_to_it():
    """"What led to the collapse in Miami?" was answered "DeSantis declared a state of
    emergency ... after the Champlain Towers South apartment building collapsed" and "What
    led to the deal?" by "The Senate agreed ... hours after senators ... reached a deal"
    (stories-2021): the event after the word of time is what the sentence follows from."""
    from newsprism.questions import _follows_the_event

    assert _follows_the_event("The governor declared an emergency in Calder after the Harbor Towers block collapsed.",
                              {"collapse"})
    assert _follows_the_event("Senators took up the bill hours after the White House said they had reached a deal.",
                              {"deal"})
    assert not _follows_the_event("The 220-to-212 vote came after days of delays as leaders scrambled.", {"vote"})
    assert not _follows_the_event("Biden agreed to a deal on roads after his aides had a breakthrough.", {"deal"})
    assert not _follows_the_event("Dockers walked out because of the pay cut, and the strike began after talks failed.",
                                  {"strike"})
    story = [art("c1", "Harbor Towers collapse in Calder kills 12", "Part of the Harbor Towers block in Calder "
                 "collapsed on Monday, killing 12 people, officials said. Rescuers searched the rubble."),
             art("c2", "Calder collapse: 12 dead", "Twelve people died when Harbor Towers partly collapsed in Calder on "
                 "Monday. Engineers had warned of cracks.")]
    after = art("a1", "Emergency after Calder collapse", "The governor declared a state of emergency in Calder after "
                "the Harbor Towers block collapsed on Monday.", published=T_STORY, source="wire.example")
    qa = further_learning(story, fake_retrieve(story + [after]))
    assert not [q for q in qa if q["question"].startswith("What led to") and "emergency" in q["answer"]], qa


def test_an_everyday_platform_is_asked_no_what_is_but_anchors_the_story():
    """"What is Facebook?" was asked of six stories-2021 pages ("Facebook is a national
    security risk", an op-ed's line); Facebook still makes an archive article this story's
    world (Jen Psaki's answer about Facebook, not her remark on another matter)."""
    ents = [Entity("e1", "Facebook", "organization", ("Facebook",), 9, ("f1", "f2")),
            Entity("e2", "Mira Tann", "person", ("Mira Tann", "Tann"), 5, ("f1", "f2"))]
    story = [art("f1", "White House presses Facebook on vaccine posts", "Mira Tann said Facebook must remove false "
                 "vaccine posts. Facebook said it had removed 18 million posts."),
             art("f2", "Facebook rebuffs White House", "Facebook rejected the criticism on Friday, Mira Tann said.")]
    about = art("a1", "Tann on Facebook", "Facebook is not doing enough to stop false vaccine claims, press secretary "
                "Mira Tann said on Thursday. Facebook, a social network with three billion users, denied it.",
                published=T_OLD, source="archive.example")
    other = art("a2", "Tann on roads", "The president has no plans for a roads commission, press secretary Mira Tann "
                "said on Thursday.", published=T_OLD, source="archive.example")
    qa = further_learning(story, fake_retrieve(story + [other, about]), entities=ents)
    assert not [q for q in qa if q["question"].startswith("What is") and "Facebook" in q["question"]], qa
    who = next(q for q in qa if q["question"] == "Who is Mira Tann?")
    assert "vaccine" in who["answer"], who


def test_a_situation_is_asked_of_the_place_the_headlines_name():
    """The demo's quake names its epicentre, Belica, most, and Montevara in every headline:
    the situation asked is Montevara's. A place no headline names and not every article
    does is where a passage of the story is, not where the story is ("What is the situation
    in New York?" of Schumer's infrastructure vote on stories-2021)."""
    story = [art("q1", "Montevara quake toll rises to 31", "The quake struck near Velora late on Monday. Velora's "
                 "old town lost its church. In Velora, rescuers searched homes. Velora, a market town, had no power."),
             art("q2", "Montevara asks for help after quake", "Rescuers reached the town on Tuesday as the toll rose."),
             art("q3", "Quake: Montevara's toll climbs", "Aid flew into Montevara while Velora buried its dead.")]
    country = art("a1", "Montevara's economy", "Montevara, a mountainous country ruled by one party since 1991, faces "
                  "an economic crisis and protests.", published=T_OLD, source="archive.example")
    town = art("a2", "Velora market", "Velora, a market town of 8,000, has been under a crisis since its mine closed.",
               published=T_OLD, source="archive.example")
    ents = [Entity("e1", "Velora", "place", ("Velora",), 30, ("q1", "q3")),
            Entity("e2", "Montevara", "place", ("Montevara",), 4, ("q1", "q2", "q3"))]
    asked = _asked(story, [country, town], ents)
    assert "What is the situation in Montevara?" in asked and "What is the situation in Velora?" not in asked, asked
