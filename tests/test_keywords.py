"""Story keywords: entities merged with key phrases, no fragments, spread across sources."""

from __future__ import annotations

from pathlib import Path

from newsprism.entities import Entity
from newsprism.keywords import StoryText, story_keywords, story_label


def ent(name, type_, aliases, mentions, articles):
    return Entity(id=name.lower().replace(" ", "-"), name=name, type=type_, aliases=tuple(aliases),
                  mentions=mentions, articles=tuple(articles))


ARTICLES = [
    StoryText("a1", "Harbor authority approves night ferry service",
              "The Port Calder harbor authority approved a night ferry service to Vessa island. "
              "Board chair Miriam Kessel said shift workers had waited long enough for the night ferry.", "one.example"),
    StoryText("a2", "Night ferry to Vessa gets the green light",
              "Councillor Peter Brandt criticised the night ferry subsidy. Kessel defended the night ferry "
              "service and its electric-hybrid engines.", "two.example"),
    StoryText("a3", "Night ferry to Vessa gets the green light",
              "Councillor Peter Brandt criticised the night ferry subsidy. Kessel defended the night ferry "
              "service and its electric-hybrid engines.", "copy.example", duplicate_of="a2"),
]
ENTITIES = [
    ent("Miriam Kessel", "person", ["Miriam Kessel", "Kessel"], 3, ["a1", "a2", "a3"]),
    ent("Vessa", "place", ["Vessa"], 3, ["a1", "a2", "a3"]),
    ent("Peter Brandt", "person", ["Peter Brandt"], 2, ["a2", "a3"]),
    ent("Port Calder", "place", ["Port Calder"], 1, ["a1"]),
    ent("Thursday", "other", ["Thursday"], 1, ["a1"]),
]


def test_entities_and_phrases_merge_without_fragments():
    kws = story_keywords(ARTICLES, ENTITIES)
    names = [k.name for k in kws]
    assert "Miriam Kessel" in names and "Vessa" in names
    assert "Kessel" not in names  # an alias, not a keyword of its own
    assert "Thursday" not in names  # not a person, place or organisation
    folded = [n.lower() for n in names]
    assert any("night ferry" in n for n in folded)
    # No keyword is a fragment of another kept keyword.
    for a in folded:
        for b in folded:
            assert a == b or f" {a} " not in f" {b} "
    kessel = next(k for k in kws if k.name == "Miriam Kessel")
    assert kessel.aliases == ("Miriam Kessel", "Kessel") and set(kessel.sources) == {"a1", "a2", "a3"}


def test_spread_across_independent_sources_outranks_one_outlet():
    kws = story_keywords(ARTICLES, ENTITIES)
    rank = {k.name: i for i, k in enumerate(kws)}
    # Peter Brandt appears in one original and its copy: one independent source.
    assert rank["Vessa"] < rank["Peter Brandt"]


def test_label_is_short_and_names_the_place_and_the_event():
    kws = story_keywords(ARTICLES, ENTITIES)
    label = story_label(kws, [a.title for a in ARTICLES], [a.text for a in ARTICLES])
    assert 1 <= len(label.split()) <= 3
    assert label.startswith("Vessa")


def test_seed_story_keywords(seeds):
    from newsprism.entities import extract_mentions_many, resolve_entities
    from newsprism.pipeline import prepare
    from newsprism.sources import read_path

    arts = [prepare(item) for path in seeds for item in read_path(Path(path))]
    mentions = extract_mentions_many([a.title + "\n\n" + a.text for a in arts])
    entities = resolve_entities([(a.id, m) for a, m in zip(arts, mentions)])
    texts = [StoryText(a.id, a.title, a.text, f"outlet{i}.example") for i, a in enumerate(arts)]
    names = {k.name for k in story_keywords(texts, entities)}
    for expected in ("Ales Bialiatski", "Maria Kolesnikova", "Alexander Lukashenko", "Viktar Babaryka",
                     "John Coale", "Minsk", "Lithuania"):
        assert expected in names, expected


def _label(titles, texts, keywords):
    return story_label(keywords, titles, texts)


def _kw(name, type_="phrase", aliases=(), mentions=3):
    from newsprism.keywords import Keyword

    return Keyword(name, type_, tuple(aliases) or (name,), mentions, ("a1",), 1.0)


def _assert_reads_as_a_topic(label):
    from newsprism.keywords import _FUNCTION_WORDS

    words = label.split()
    assert 1 <= len(words) <= 3, label
    for w in words:
        assert not any(c.isdigit() for c in w), label
        assert w.lower() not in _FUNCTION_WORDS, label


def test_label_trims_function_words_and_numbers_from_a_phrase():
    """The demo's "Ironwood Million In": a key phrase cut after two words."""
    titles = ["Audit: Ironwood battery startup collected $11.2 million in federal grants before going bankrupt"]
    texts = ["The Ironwood startup received $11.2 million in federal grants from the Energy Department. "
             "Auditors found that the federal grants paid for a factory that was never built."]
    kws = [_kw("Ironwood", "organization"), _kw("million in federal grants"), _kw("Energy Department", "organization")]
    label = _label(titles, texts, kws)
    _assert_reads_as_a_topic(label)
    assert label == "Ironwood Federal Grants"


def test_a_capitalised_common_word_is_no_anchor():
    titles = ["Commuters brace for $9 charge to drive into downtown Alder Bay"]
    texts = ["Suburban commuters say the congestion charge will cost them. The charge starts in May, "
             "and commuters from Cedar Crossing plan to protest."]
    kws = [_kw("Commuters", "organization"), _kw("Alder Bay", "place"), _kw("congestion charge")]
    label = _label(titles, texts, kws)
    _assert_reads_as_a_topic(label)
    assert label == "Alder Bay Charge"


def test_a_name_only_the_bodies_use_is_no_anchor():
    titles = ["Street trees cut heat deaths in European cities, study finds",
              "More trees, fewer heat deaths, study says"]
    texts = ["A study by an institute in Brno found that the trees cut heat deaths.",
             "Researchers in Brno say the trees in cities save lives during a heatwave."]
    kws = [_kw("Brno", "place"), _kw("trees"), _kw("heat deaths")]
    label = _label(titles, texts, kws)
    _assert_reads_as_a_topic(label)
    assert "Brno" not in label and "Trees" in label


def test_the_anchor_is_the_form_the_headlines_use():
    titles = ["Pfizer says its vaccine is 90% effective", "Pfizer vaccine shows strong early results"]
    texts = ["Drugmaker Pfizer said on Monday that the vaccine prevented infections.",
             "The vaccine from drugmaker Pfizer worked in a large trial."]
    kws = [_kw("Drugmaker Pfizer", "organization", ["Drugmaker Pfizer", "Pfizer"]), _kw("vaccine")]
    assert _label(titles, texts, kws) == "Pfizer Vaccine"


def test_an_adjective_before_its_noun_is_no_event():
    """"the Democratic establishment": a determiner before a word is noun evidence only when
    the phrase ends there."""
    titles = ["Sanders sends Democratic establishment into panic", "Democratic panic over Sanders grows"]
    texts = ["The Democratic establishment is in a panic over Bernie Sanders.", "The panic is real."]
    kws = [_kw("Bernie Sanders", "person", ["Bernie Sanders", "Sanders"])]
    assert _label(titles, texts, kws) == "Sanders Panic"


def test_run_index_finds_exactly_what_scanning_every_text_finds():
    """The indexed phrase search behind labels is a speed-up only: on the demo corpus's
    texts it gives the scan's count and first positions for every run of 1-3 words (and for
    compound ends)."""
    import json
    import random
    from importlib import resources

    from newsprism.keywords import _RunIndex, _same, _words

    def _count(haystack, needle):  # the scan the index replaces
        n = len(needle)
        return sum(1 for i in range(len(haystack) - n + 1)
                   if all(_same(x, y) for x, y in zip(needle, haystack[i : i + n])))

    def _find(haystack, needle):
        n = len(needle)
        for i in range(len(haystack) - n + 1) if n else ():
            if all(_same(x, y) for x, y in zip(needle, haystack[i : i + n])):
                return i
        return -1

    demo = resources.files("newsprism") / "data" / "demo" / "articles.jsonl"
    texts = [_words(json.loads(line)["title"] + " " + json.loads(line)["text"][:600])
             for line in demo.read_text(encoding="utf-8").splitlines() if line.strip()]
    counter = _RunIndex(texts)
    rng = random.Random(3)
    needles = [("quake",), ("prisoner",), ("charge",), ("the",), ("zzzz",)]
    for _ in range(300):
        t = texts[rng.randrange(len(texts))]
        n = rng.randint(1, 3)
        if len(t) > n:
            i = rng.randrange(len(t) - n)
            needles.append(tuple(t[i : i + n]))
    needles += [("earthquake",), ("quake", "struck")]
    for needle in needles:
        assert counter.count(needle) == sum(_count(t, list(needle)) for t in texts), needle
        scanned = {k: i for k, t in enumerate(texts) if (i := _find(t, list(needle))) >= 0}
        assert counter.first(needle) == scanned, needle


def test_a_phrase_cut_inside_a_persons_name_is_no_keyword():
    """YAKE stops a phrase where its n-gram window ends, however the name goes on:
    "Board chair Miriam" is the start of "Miriam Kessel", not a key phrase."""
    texts = [StoryText(f"b{i}", "Board chair Miriam Kessel backs night ferry",
                       f"Board chair Miriam Kessel said the night ferry would run. Report {i}.", f"s{i}.example")
             for i in range(3)]
    kws = story_keywords(texts, [ent("Miriam Kessel", "person", ["Miriam Kessel", "Kessel"], 6,
                                     [t.id for t in texts])])
    names = [k.name for k in kws]
    assert "Miriam Kessel" in names
    assert not any(n.split()[-1] == "Miriam" for n in names), names


def test_a_one_word_event_yields_to_the_phrase_that_ends_in_it(monkeypatch):
    """"Amazon Wage" says less than "Amazon Minimum Wage" when the headlines share the phrase."""
    from newsprism import keywords

    titles = ["Amazon raises minimum wage to $15 an hour for all workers",
              "Amazon lifts its minimum wage after criticism",
              "Amazon minimum wage rise: what it means for warehouse workers"]
    texts = ["Amazon said on Tuesday that the minimum wage for its workers will rise to $15 an hour.",
             "The new minimum wage applies to full-time and seasonal staff, the company said.",
             "The wage increase follows months of criticism over pay."]
    kws = [_kw("Amazon", "organization"), _kw("minimum wage")]
    assert _label(titles, texts, kws) == "Amazon Minimum Wage"
    monkeypatch.setattr(keywords, "LABEL_PHRASE_SHARE", 10.0)  # the rule off: the word alone
    assert _label(titles, texts, kws) == "Amazon Wage"


def test_a_name_few_headlines_carry_gives_way_to_a_shared_phrase():
    """One headline of three names the U.S.; all three are about political ads."""
    titles = ["Facebook will ban new political ads in the week before the election",
              "Political ads: social network to block new spots before Election Day",
              "U.S. election: platform curbs political ads"]
    texts = ["The company said new political ads would be blocked in the final week of the campaign.",
             "Political ads already running can stay up, the company said.",
             "Critics said the ads were a small part of the problem."]
    kws = [_kw("U.S.", "place", ["U.S.", "United States"]), _kw("political ads")]
    assert _label(titles, texts, kws) == "Political Ads"
    # Named by two headlines of three, the name stays.
    titles[1] = "U.S. political ads: social network to block new spots before Election Day"
    assert _label(titles, texts, kws).startswith("U.S.")


_ETHICS = [
    ("a1", "House Republicans To Gut Independent Ethics Watchdog In Secret Vote",
     "House Republicans voted on Monday night to weaken the Office of Congressional Ethics, an independent "
     "office that reviews complaints against lawmakers. The change would place the office under the control "
     "of the House Ethics Committee. Democrats said the move was a step backwards."),
    ("a2", "GOP Moves To Weaken Congressional Ethics Office",
     "Republicans in the House moved to limit the independent ethics office on Monday. The office was created "
     "in 2008 after a string of scandals. Critics said the secret vote was an attack on transparency."),
]


def test_title_case_headlines_are_read_in_sentence_case():
    from newsprism.keywords import _sentence_case, _word_case

    case = _word_case([text for _, _, text in _ETHICS])
    names = {"house", "ethics", "office", "congressional", "gop"}
    assert _sentence_case(_ETHICS[0][1], case, names) == "House Republicans to gut independent Ethics watchdog in secret vote"
    # A headline in sentence case already, and capitals of acronyms, stay as written.
    assert _sentence_case("Republicans move to gut the ethics office", case, names) == \
        "Republicans move to gut the ethics office"
    assert _sentence_case("NATO Leaders Meet In Brussels Over Ukraine", {}, {"nato", "brussels", "ukraine"}) == \
        "NATO leaders meet in Brussels over Ukraine"


def test_no_key_phrase_is_a_title_case_fragment_of_a_headline():
    """"Republicans To Gut" was a key phrase: YAKE reads capitals as names."""
    from newsprism.entities import extract_mentions_many, resolve_entities

    arts = [StoryText(i, title, text, f"{i}.example") for i, title, text in _ETHICS]
    mentions = extract_mentions_many([f"{a.title}\n\n{a.text}" for a in arts])
    kws = story_keywords(arts, resolve_entities([(a.id, m) for a, m in zip(arts, mentions)]))
    for k in kws:
        if k.type == "phrase":
            assert not any(w in k.name.split() for w in ("To", "Gut", "In", "Secret", "Vote", "Watchdog")), k.name


def test_a_headline_word_read_as_a_name_is_no_entity_keyword():
    """"Vaccine" (NER's organisation, from a capitalised headline) is the common word the
    texts write in lower case: not an entity keyword, and the phrase may take its place.
    An acronym ("WHO") and a name written in lower case first ("al-Qaida") stay names."""
    arts = [StoryText("v1", "Vaccine Maker Says Booster Works Against Variant",
                      "The vaccine maker said a booster dose of its vaccine restored protection. The WHO said "
                      "the vaccine data were encouraging. Officials in Kabul warned that al-Qaida fighters had "
                      "returned. The vaccine will be shipped next month.", "v1.example"),
            StoryText("v2", "Booster dose of vaccine restores protection, company says",
                      "A third vaccine dose restored protection, the company said. The WHO welcomed the vaccine "
                      "results. Separately, al-Qaida was blamed for an attack.", "v2.example")]
    ents = [ent("Vaccine", "organization", ["Vaccine"], 1, ["v1"]),
            ent("WHO", "organization", ["WHO"], 2, ["v1", "v2"]),
            ent("al-Qaida", "organization", ["al-Qaida"], 2, ["v1", "v2"])]
    kws = story_keywords(arts, ents)
    types = {k.name.lower(): k.type for k in kws}
    assert types.get("vaccine") == "phrase"
    assert types.get("who") == "organization" and types.get("al-qaida") == "organization"


def test_key_phrases_that_cut_a_name_or_a_clause_are_dropped():
    """Read on the demo's pages: "downtown Alder", "Bay picket line", "security firm
    Lanternfish" cut the names "Alder Bay" and "Lanternfish Security"; "goalkeeper Lauren
    Pike" wraps one; "dockworkers walked", "hackers replaced" are clauses cut after the verb."""
    from newsprism.keywords import _NameEdges, _ends_in_a_verb

    names = _NameEdges(["alder bay", "lanternfish security", "lauren pike", "brno"])
    for phrase in ("downtown alder", "bay picket line", "security firm lanternfish", "goalkeeper lauren pike"):
        assert names.cut(phrase.split()), phrase
    for phrase in ("picket line", "port strike", "brno study", "night ferry"):
        assert not names.cut(phrase.split()), phrase
    walked = ["about 2,300 dockworkers walked out at dawn", "the dockworkers walked off the job"]
    assert _ends_in_a_verb("dockworkers walked", walked)
    assert _ends_in_a_verb("startup collected", ["the startup collected $11.2 million in grants"])
    assert _ends_in_a_verb("inspector general reported", ["the inspector general reported monday that"])
    line = ["on the picket line, workers sang", "the picket line held.", "a picket line outside terminal 5"]
    assert not _ends_in_a_verb("picket line", line)
    assert not _ends_in_a_verb("picket line", [])  # no use seen: nothing to judge by


def test_no_key_phrase_dates_a_report_or_runs_a_clause():
    texts = [StoryText(f"c{i}", "Harbor audit released Monday finds ferry firms that missed targets",
                       "The harbor audit released Monday found that ferry firms that missed every target "
                       f"were still paid. The night ferry subsidy was criticised. Report {i}.", f"s{i}.example")
             for i in range(3)]
    words = {w for k in story_keywords(texts, []) if k.type == "phrase" for w in k.name.lower().split()}
    assert words and not words & {"monday", "that", "was", "were"}, words


def test_a_name_inside_a_longer_name_and_a_day_inside_a_name_stay():
    from newsprism.keywords import _NameEdges, _dates_a_report

    names = _NameEdges(["black lives matter global network foundation"])
    assert not names.cut("black lives matter".split())
    assert names.cut("protest black lives".split())
    assert not _dates_a_report("Good Friday Agreement")
    assert _dates_a_report("audit released Monday") and _dates_a_report("Thursday evening")


def test_a_lone_noun_yields_to_the_compound_that_names_it():
    """Read on the demo's congestion-charge pages: "charge" (7 uses, most of them "the
    charge") outranked "congestion charge" (2), so the page listed "charge" and, as a
    keyword of its own, "Congestion"; then "charge passes" would have been joined onto it."""
    from newsprism.keywords import Keyword, _drop_fragments

    def k(name, mentions):
        return Keyword(name, "phrase", (), mentions, ("a1",), 10.0 - len(name) / 100)

    ranked = [k("charge", 7), k("buses", 5), k("congestion charge", 2), k("congestion", 2),
              k("congestion charge passes", 1), k("charge passes", 1),
              k("talks over charge", 3), k("riders", 3), k("riders union", 1)]
    texts = ["the council approved a 9 congestion charge congestion charge passes on thursday",
             "talks over charge the charge riders union buses"]
    names = [kw.name for kw in _drop_fragments(ranked, texts)]
    assert names == ["congestion charge", "buses", "riders"], names
    kept = _drop_fragments(ranked, texts)[0]
    assert kept.mentions == 2  # what the articles say in full, not the lone word's count
    # a capitalised lone word is a name, not a common noun a compound could name
    assert [kw.name for kw in _drop_fragments([k("Congress", 7), k("Congress budget", 2)],
                                              ["the congress budget"])] == ["Congress"]
    # said once: no evidence that the phrase is what the noun stands for
    assert [kw.name for kw in _drop_fragments([k("charge", 7), k("congestion charge", 1)], texts)] == ["charge"]
    # a verb and its object, never after a determiner: no compound ("governor vetoes bill")
    vetoes = ["governor vetoes bill", "newsom vetoes bill on housing", "the bill"]
    assert [kw.name for kw in _drop_fragments([k("bill", 7), k("vetoes bill", 2)], vetoes)] == ["bill"]
    assert [kw.name for kw in _drop_fragments([k("bill", 7), k("housing bill", 2)],
                                              ["a housing bill passed", "housing bill"])] == ["housing bill"]



def test_a_name_the_keywords_hold_only_inside_a_longer_one_can_anchor_the_label():
    """The demo's strike story was labelled "Automation": its keywords hold "Alder Bay" only
    inside "Port of Alder Bay", which no headline's short form matched."""
    titles = ["Dockworkers strike at Port of Alder Bay over automation and pay",
              "Alder Bay dockworkers strike, halting a major West Coast port"]
    leads = ["About 2,300 dockworkers walked off the job at the Port of Alder Bay after talks over automation "
             "broke down. The strike halted the port.",
             "Dockworkers went on strike in Alder Bay on Saturday. The strike closed all five terminals."]
    kws = [_kw("Port of Alder Bay", "organization"), _kw("automation"), _kw("West Coast", "place", mentions=1)]
    alder_bay = ent("Alder Bay", "place", ["Alder Bay"], 4, ["a1", "a2"])
    without = story_label(kws, titles, leads)
    with_names = story_label(kws, titles, leads, [alder_bay, *ENTITIES])
    assert "Alder Bay" not in without
    assert with_names.startswith("Alder Bay"), with_names
    _assert_reads_as_a_topic(with_names)


def test_a_story_label_reads_every_distinct_headline_copies_included():
    from newsprism.keywords import headlines

    arts = [{"title": "Dockworkers strike at Port of Alder Bay over automation and pay"},
            {"title": "Port strike begins as 2,300 dockworkers walk out", "duplicate_of": "a1"},
            {"title": "Dockworkers strike at Port of Alder Bay over automation and pay", "duplicate_of": "a1"},
            {"title": ""}]
    assert headlines(arts) == ["Dockworkers strike at Port of Alder Bay over automation and pay",
                               "Port strike begins as 2,300 dockworkers walk out"]


def test_an_office_is_no_keyword(monkeypatch):
    """"Vice President" was a Top Keyword of a real Super Tuesday page; the holder is the keyword."""
    from newsprism import keywords

    texts = [StoryText(f"v{i}", "Kessel surges in harbor vote",
                       f"Vice President Miriam Kessel won the harbor vote. The Vice President thanked the Secretary of State "
                       f"and the ferry workers and a police officer. Report {i}.", f"s{i}.example") for i in range(3)]
    found = [("Vice President", 0.01), ("Secretary of State", 0.02), ("harbor vote", 0.03), ("police officer", 0.04)]
    monkeypatch.setattr(keywords, "key_phrases", lambda *a, **k: found)  # what YAKE found, as on that page
    names = [k.name for k in story_keywords(texts, [])]
    assert "harbor vote" in names and not {"Vice President", "Secretary of State", "police officer"} & set(names), names


def test_the_label_writes_a_name_as_the_headlines_do():
    """A transcript's "TRUMP:" made an alias, and a real page's label read "TRUMP President"."""
    from newsprism.keywords import Keyword

    kws = [Keyword("Miriam Kessel", "person", ("Miriam Kessel", "KESSEL", "Kessel"), 50, ("a", "b"), 1.0)]
    titles = ["Kessel: ferry talks resume", "Mayor Kessel says the ferry will run", "Kessel asks the port for a deal"]
    label = story_label(kws, titles, [])
    assert label.split()[0] == "Kessel", label


def test_a_longer_form_of_a_headline_word_is_no_anchor():
    """"Bidens" (of "the Bidens", typed a place) matched the headlines' "Biden" by its first
    letters, and places anchor first: a real page was labelled "Bidens Impeachment"."""
    from newsprism.keywords import Keyword

    kws = [Keyword("Joe Biden", "person", ("Joe Biden", "Biden"), 40, ("a", "b", "c"), 1.0),
           Keyword("Bidens", "place", ("Bidens",), 9, ("a", "b"), 0.5),
           Keyword("impeachment", "phrase", (), 9, ("a", "b", "c"), 0.4)]
    titles = ["Biden calls for Trump's impeachment for first time", "Joe Biden calls for impeachment",
              "Biden says Trump should be impeached"]
    assert story_label(kws, titles, []).split()[0] == "Biden"
    # An adjective in the headlines still names its place.
    kws = [Keyword("Belarus", "place", ("Belarus",), 9, ("a", "b"), 1.0)]
    assert story_label(kws, ["Belarusian prisoners freed", "Belarusian opposition leader freed"], []).startswith("Belarus")


def test_a_preposition_spacy_does_not_list_is_no_keyword_word():
    """"Despite" opening two sentences of each article was a Top Keyword of a real page."""
    arts = [StoryText("a", "Despite feud, mayor praises Lena Ortiz after her death",
                      "Despite a long feud, Mayor Tom Reyes praised former mayor Lena Ortiz after her death on Friday. "
                      "Despite the rain, hundreds gathered at Alder Bay city hall to mourn Lena Ortiz. "
                      "Despite her age, Ortiz had kept working.", "a.example", None),
            StoryText("b", "Alder Bay mourns former mayor Lena Ortiz",
                      "Despite their differences, Tom Reyes called Lena Ortiz a great mayor of Alder Bay. Residents of "
                      "Alder Bay left flowers for Lena Ortiz. Despite the cold, the vigil went on.", "b.example", None)]
    names = [k.name for k in story_keywords(arts, [])]
    assert "Lena Ortiz" in names and not any("despite" in n.lower().split() for n in names), names
    # "Russian warplane near" from "... Shot Down A Russian Warplane Near Border With Syria"
    arts = [StoryText(x, "Calder Says It Shot Down A Vessan Warplane Near Border With Alder",
                      "Calder said it shot down a Vessan warplane near the border with Alder on Tuesday. The Vessan "
                      "warplane near the border had been warned ten times, Calder said.", f"{x}.example", None)
            for x in "abc"]
    names = [k.name for k in story_keywords(arts, [])]
    assert "Vessan warplane" in names and not any("near" in (n.lower().split()[0], n.lower().split()[-1])
                                                  for n in names), names


def test_a_compass_word_alone_is_no_label_anchor():
    """A real North Korea story was labelled "North Sanctions": "the North's statement" made a
    place "North", named in every headline that names North Korea."""
    titles = ["Vessa vows revenge after North Calder sanctions", "North Calder sanctions anger Vessa",
              "North Calder rules out talks after sanctions", "The North rejects new sanctions"]
    leads = ["North Calder vowed revenge on Monday after new sanctions. The North's statement came two days later.",
             "The sanctions against North Calder ban coal exports, officials said."]
    kws = [_kw("North Calder", "place"), _kw("sanctions"), _kw("Vessa", "place", mentions=2)]
    north = ent("North", "place", ["North"], 2, ["a1"])
    label = story_label(kws, titles, leads, [north, *ENTITIES])
    assert label.startswith("North Calder"), label


def test_an_outlet_cuts_its_own_name_from_its_own_headline():
    """"The Guardian view on Theresa May's defeat" labelled a real page "Guardian Defeat":
    a column's name, not the subject. Another outlet's headline naming it still counts."""
    from newsprism.keywords import headlines

    arts = [{"title": "The Guardian view on the harbor vote: a defeat for Kessel", "source": "The Guardian"},
            {"title": "CNN: Kessel loses harbor vote", "source": "CNN (Online News)"},
            {"title": "Kessel sues CNN over harbor vote coverage", "source": "Reuters"}]
    assert headlines(arts) == ["view on the harbor vote: a defeat for Kessel", "Kessel loses harbor vote",
                               "Kessel sues CNN over harbor vote coverage"]


def test_an_outlet_the_texts_cite_is_no_keyword_unless_a_headline_names_it():
    """Top Keywords of real pages held "CNN", "Slate" and "Bloomberg": who reported, not what about."""
    texts = [StoryText(f"c{i}", "Kessel wins harbor vote" if i else "CNN sued over harbor vote coverage",
                       f"Miriam Kessel won the harbor vote, CNN reported. Kessel told Slate the ferry comes first. "
                       f"Report {i}.", f"s{i}.example") for i in range(3)]
    ents = [ent("Miriam Kessel", "person", ["Miriam Kessel", "Kessel"], 6, ["c0", "c1", "c2"]),
            ent("CNN", "organization", ["CNN"], 4, ["c0", "c1", "c2"]),
            ent("Slate", "organization", ["Slate"], 3, ["c0", "c1", "c2"])]
    names = [k.name for k in story_keywords(texts, ents)]
    assert "Miriam Kessel" in names and "CNN" in names  # a headline names CNN: a subject
    assert "Slate" not in names


def test_a_name_is_no_label_anchor_by_a_common_word_that_shares_its_first_letters():
    """"political network" named the outlet Politico (same first five letters) on a real
    page: "Politico Network". "Vessan" still names Vessa (the texts never write it in lower case)."""
    titles = ["Kessel builds political network ahead of harbor vote", "Kessel's political network grows"]
    leads = ["Miriam Kessel is building a political network, Politico reported on Monday.",
             "Miriam Kessel's political network now reaches Vessa, where Vessan voters back her."]
    kws = [_kw("Politico", "organization", mentions=3), _kw("political network"), _kw("Miriam Kessel", "person")]
    label = story_label(kws, titles, leads, [])
    assert "Politico" not in label, label
    assert story_label([_kw("Vessa", "place"), _kw("voters")], ["Vessan voters back Kessel"],
                       ["Vessan voters back Miriam Kessel in the harbor vote."], []).startswith("Vessa")


def test_a_place_named_new_something_anchors_a_label():
    """"new" is trimmed from phrases, and was so from names: the Christchurch mosque
    shootings were labelled "Mosques", not "New Zealand Mosques"."""
    titles = ["Shootings at New Calder mosques kill 49", "New Calder mourns after mosque shootings"]
    leads = ["Gunmen attacked two mosques in New Calder on Friday.", "New Calder mourned the victims of the mosques."]
    label = story_label([_kw("New Calder", "place", mentions=4), _kw("mosques")], titles, leads, [])
    assert label.startswith("New Calder"), label


def test_a_place_inside_an_outlets_name_in_a_headline_is_not_named_by_it():
    """"New York Times Feels Need to 'Explain' Why They Ran Tom Cotton's Op-ed" labelled a
    real page "New York Need"."""
    titles = ["New York Times feels need to explain op-ed by Kessel", "Kessel op-ed row at the New York Times"]
    leads = ["The New York Times said the op-ed by Miriam Kessel should not have run.",
             "Miriam Kessel wrote the op-ed, which New York readers criticised."]
    kws = [_kw("New York", "place", mentions=4), _kw("Miriam Kessel", "person", ("Kessel", "Miriam Kessel")), _kw("op-ed")]
    label = story_label(kws, titles, leads, [])
    assert not label.startswith("New York"), label


def test_a_misspelt_name_does_not_anchor_the_label_by_the_real_ones_headlines():
    """One article of 29 wrote "Kavanagh"; NER made it an organisation, which outranks a
    person as an anchor, and its first five letters matched the headlines' "Kavanaugh": a
    real page was labelled "Kavanagh Senators"."""
    titles = ["Senate advances Marek Kessling nomination", "Kessling nomination clears key vote"]
    leads = ["The Senate voted to advance the nomination of Marek Kessling on Friday.",
             "Senators said Kesslng would be confirmed; Kessling thanked them."]
    kws = [_kw("Marek Kessling", "person", ("Kessling", "Marek Kessling"), mentions=6), _kw("nomination")]
    typo = [Entity("e1", "Kesslng", "organization", ("Kesslng",), 1, ("a2",))]
    label = story_label(kws, titles, leads, typo)
    assert label.startswith("Kessling"), label


def test_a_desks_label_on_the_headlines_is_no_keyword_and_no_label():
    """1,415 AllSides headlines open with "OPINION:"; YAKE made "OPINION" a Top Keyword of 9
    pages of a real month, and a label "Senate Opinion"."""
    from newsprism.clean import strip_kicker
    from newsprism.keywords import headlines

    arts = [StoryText(f"o{i}", t, body, f"s{i}.example") for i, (t, body) in enumerate([
        ("OPINION: The night ferry is a waste", "The night ferry to Vessa costs too much, Miriam Kessel's critics say."),
        ("Opinion: Why the night ferry matters", "Shift workers need the night ferry to Vessa, and Kessel knows it."),
        ("Analysis | Kessel's night ferry gamble", "Miriam Kessel bet her career on the night ferry."),
    ])]
    kws = story_keywords(arts, ENTITIES[:2])
    assert all("opinion" not in k.name.lower() for k in kws), [k.name for k in kws]
    heads = headlines([{"title": a.title, "source": a.source} for a in arts])
    assert not any(h.lower().startswith(("opinion", "analysis")) for h in heads)
    assert "opinion" not in story_label(kws, heads, [a.text for a in arts], []).lower()
    assert strip_kicker("Fact check: Kessel's ferry claim") == "Kessel's ferry claim"
    assert strip_kicker("Poll: Most back the night ferry") == "Poll: Most back the night ferry"
    assert strip_kicker("Live-streaming of the ferry vote starts") == "Live-streaming of the ferry vote starts"
    assert strip_kicker("WATCH \u2014 Kessel opens the ferry") == "Kessel opens the ferry"


def test_a_kind_of_institution_alone_is_no_keyword():
    """"Secretary of State Mike Pompeo" gave NER an organisation "State", and "the Court" one
    beside "Supreme Court": each was a Top Keyword of 7 pages of a real month."""
    entities = [*ENTITIES, ent("State", "organization", ["State"], 9, ["a1", "a2"]),
                ent("Court", "organization", ["Court"], 5, ["a1", "a2"]),
                ent("Harbor Court", "organization", ["Harbor Court"], 2, ["a1"])]
    names = [k.name for k in story_keywords(ARTICLES, entities)]
    assert "State" not in names and "Court" not in names
    assert "Harbor Court" in names and "Miriam Kessel" in names


def test_a_phrasal_verbs_adverb_is_no_event():
    """"Back to pubs, gyms and movies: plotting the road back to normal" made "back" a noun (a
    determiner two words before, "to" after) and labelled a stories-2021 reopening story
    "California Back"."""
    from newsprism.keywords import _noun_evidence

    assert "back" not in _noun_evidence(["Plotting the road back to normal.", "Life comes back to the city."])
    assert "strike" in _noun_evidence(["Dockers ended the strike."])
    titles = ["Back to pubs, gyms and movies: plotting the road back to normal",
              "Calder to lift pandemic restrictions on June 15", "Vessa lifts restrictions as life comes back"]
    leads = ["Calder will lift its pandemic restrictions on June 15, officials said.",
             "Vessa lifted its pandemic restrictions on Wednesday. Shops are back to normal."]
    kws = [_kw("Calder", "place"), _kw("pandemic restrictions"), _kw("Vessa", "place", mentions=2)]
    assert "Back" not in story_label(kws, titles, leads).split()
