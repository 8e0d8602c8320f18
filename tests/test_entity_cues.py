"""entity_cues.context_label: the words around a name correct the model's guess of its type,
and say nothing where they say nothing."""

from __future__ import annotations

import pytest

from newsprism.entity_cues import context_label


def _label(text: str, name: str, label: str) -> str:
    start = text.index(name)
    return context_label(text, start, start + len(name), label)


@pytest.mark.parametrize("text, name, label, expected", [
    # a place the model took for a person or an organisation
    ("Dockworkers in Alder Bay walked out.", "Alder Bay", "PERSON", "GPE"),
    ("In Alder Bay, commuters braced for the charge.", "Alder Bay", "PERSON", "GPE"),
    ("The mayor of Drenovo, a farming town of 4,000, said.", "Drenovo", "ORG", "GPE"),
    ("Drenovo's mayor said the church would be rebuilt.", "Drenovo", "ORG", "GPE"),
    ("The report by Alder Bay's city auditor found gaps.", "Alder Bay's", "PERSON", "GPE"),
    ("from the capital, Dubrava, to the border", "Dubrava", "PERSON", "GPE"),
    ("Alder Bay is the main export port for the region.", "Alder Bay", "PERSON", "GPE"),
    ("a Seattle-based startup", "Seattle", "PERSON", "GPE"),
    ("Voters in Sullivan County and in Sullivan alike", "Sullivan", "PERSON", "GPE"),
    ("The Port of Alder Bay is closed. Alder Bay transit runs.", "Alder Bay transit", "PERSON", "PERSON"),
    ("struck near the town of Drenovo at 6:12 a.m.", "Drenovo", "ORG", "GPE"),
    ("Quake kills two\n\nDRENOVO, Montevara (Meridian Wire) \u2014 A magnitude 5.4", "DRENOVO", "ORG", "GPE"),
    ("MINSK (Reuters) - Belarus freed", "MINSK", "ORG", "GPE"),
    ("ROME, Italy \u2014 The Senate voted", "ROME", "PERSON", "GPE"),
    # an organisation
    ("Pacifica Terminals, the port's largest operator, said", "Pacifica Terminals", "PERSON", "ORG"),
    ("the news site Vecherny Dubrava until the arrest", "Vecherny Dubrava", "PERSON", "ORG"),
    ("found by the security firm Lanternfish Security.", "Lanternfish Security", "PERSON", "ORG"),
    # a person
    ("Glen Maddox, the union's president, said", "Glen Maddox", "ORG", "PERSON"),
    ("Glen Maddox, 58, said", "Glen Maddox", "ORG", "PERSON"),
    ("Mr. Maddox said", "Maddox", "ORG", "PERSON"),
    ("\"That's my crane,\" said Reyes, 52. \"They want", "Reyes", "ORG", "PERSON"),
    ("Reyes's daughter, a nursing student, brought coffee.", "Reyes", "ORG", "PERSON"),
    ("America's sons and daughters", "America", "GPE", "GPE"),
    ("Senator Burr and Senator Warner read", "Warner", "ORG", "PERSON"),
    # cues that must not fire
    ("It passed in Congress today.", "Congress", "ORG", "ORG"),  # organisations after "in"
    ("the official White House account", "White House", "ORG", "ORG"),  # an adjective, not a noun
    ("Belica, Drenovo and Vrana", "Drenovo", "ORG", "ORG"),  # a list, not an apposition
    ("Maddox, the head of the union, said", "Maddox", "ORG", "ORG"),  # the head is "head"
    ("Ambassador to the European Union Gordon Sondland", "Gordon Sondland", "PERSON", "PERSON"),
    ("segments of their party.\n\nTad Devine, a longtime consultant", "Tad Devine", "PERSON", "PERSON"),
    ("Purdue University Fort Wayne survey", "Fort Wayne", "PERSON", "PERSON"),
    ("Michael Bay, the director, said", "Michael Bay", "PERSON", "PERSON"),  # "Bay" is no place head
    ("the Soviet Union collapsed", "Soviet Union", "GPE", "GPE"),  # "Union" is no organisation head
    ("John Fund wrote", "John Fund", "PERSON", "PERSON"),
    ("the University of Oxford said", "Oxford", "ORG", "ORG"),  # "University of" is no place noun
    ("NATO \u2014 and the EU \u2014 agreed", "NATO", "ORG", "ORG"),  # a paragraph's first name and a dash
    ("Airlines: Lufthansa in Frankfurt", "Frankfurt", "GPE", "GPE"),  # a cue that agrees
    ("The 1848 revolution in Hungary", "1848", "DATE", "DATE"),  # other labels are left alone
])
def test_context_corrects_the_models_type_and_only_where_the_text_says(text, name, label, expected):
    assert _label(text, name, label) == expected


def test_a_place_of_several_names_and_a_person_named_after_one():
    """"Reagan National Airport" names an airport after a person: airports and foundations
    are not read as institutions of a place."""
    text = "Ronald Reagan flew out of Reagan National Airport. The Reagan Foundation paid."
    assert _label(text, "Ronald Reagan", "PERSON") == "PERSON"


@pytest.mark.parametrize("text, name, label", [
    # read on 600 AllSides articles (benchmarks.entities --types): cues that misfired once
    ("\"I think Texas is a way forward to show you can win\"", "Texas", "GPE"),
    ("The United States, the so-called leader of the free world, may face", "The United States", "GPE"),
    ("war with Iran is the mother of all wars", "Iran", "GPE"),
    ("officials from Mexico and Canada, a White House official said.", "Canada", "GPE"),
    ("During a rally in Wisconsin, the president said Warren was finished.", "Wisconsin", "GPE"),
    ("in Brussels, Washington's top diplomat to the European Union", "Brussels", "GPE"),
    ("And in Oregon, 304,000 kids and 159,000 elderly people", "Oregon", "GPE"),
    ("born in Scarborough, Ontario, he's the oldest son of immigrants", "Ontario", "GPE"),
    ("what kind of candidate Iowa's Democratic voters like", "Iowa's", "GPE"),
    ("says veteran California GOP consultant Mike Madrid", "California", "GPE"),
    ("at wealth manager Close Brothers Asset Management.", "Close Brothers Asset Management", "ORG"),
    ("Dennis Kelleher, president Better Markets Inc., a bank watchdog group", "Better Markets Inc.", "ORG"),
    ("in a profile published in WSJ Magazine, Miranda's father, a consultant", "WSJ Magazine", "ORG"),
    ("seen of Congress, the former vice president said he'd support", "Congress", "ORG"),
    ("the assault on Comey by Clinton, her team and her allies", "Clinton", "PERSON"),
    ("desire to shift its resources toward that region, O'Hanlon said.", "O'Hanlon", "PERSON"),
    ("In Michigan's eighth district, Elissa Slotkin, a former defense official", "Elissa Slotkin", "PERSON"),
    ("leading into the city, Sgt. White's Diner is", "Sgt. White's", "PERSON"),
    ("you can find in Sides' article", "Sides", "PERSON"),
    ("preparing to brand Warren as a liberal extremist", "Warren", "PERSON"),
    ("Edward Snowden, the former NSA contractor who disclosed", "Edward Snowden", "PERSON"),
    ("Just this past September, broadcaster John Humphrys retired", "John Humphrys", "PERSON"),
    ("and Colorado, the site of two other mass shootings", "Colorado", "GPE"),
    ("Tony Harris, 47, will leave the jail, Harris County officials said.", "Harris County officials", "PERSON"),
])
def test_cues_that_misfired_on_real_articles_stay_quiet(text, name, label):
    assert _label(text, name, label) == label


def test_a_surname_is_no_place_because_a_county_bears_it():
    text = "Tony Harris will be freed. Harris County jail staff agreed. Harris must call in weekly."
    start = text.rindex("Harris")
    assert context_label(text, start, start + len("Harris"), "PERSON") == "PERSON"
    text = "Trump traveled to the border. McAllen residents were quick to reply. McAllen is safe."
    start = text.rindex("McAllen")
    assert context_label(text, start, start + len("McAllen"), "PERSON") == "GPE"


def test_hostile_white_space_costs_linear_time():
    """A page can hold any text: a run of 100,000 spaces took the place-institution pattern
    minutes before it entered white space at a run's start only."""
    import time

    text = " " * 100_000 + "Workers in Alder Bay County\n" + "\n" * 50_000
    start = time.perf_counter()
    assert _label(text, "Alder Bay", "PERSON") == "GPE"
    assert time.perf_counter() - start < 5  # linear: milliseconds; quadratic: minutes


def test_a_datelines_agency_is_no_entity_of_the_story():
    from newsprism.entity_cues import dateline_credit

    def credit(text, name):
        start = text.index(name)
        return dateline_credit(text, start, start + len(name))

    assert credit("WASHINGTON (AP) \u2014 The Senate voted", "AP")
    assert credit("Quake kills two\n\nBELICA, Montevara (CPS) \u2014 A magnitude 6.1", "CPS")
    assert credit("Washington (CNN) - The House passed", "CNN")
    assert not credit("The Senate voted, the agency (AP) - reported later.", "AP")  # mid-paragraph
    assert not credit("WASHINGTON (AP) The Senate voted", "AP")  # no dash: not a dateline
    assert not credit("He spoke to CNN (the network) - live", "CNN")
