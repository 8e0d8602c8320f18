"""Sentence compression: each rule on the sentences it is for, and what it must leave alone."""

from __future__ import annotations

import pytest

from newsprism.compress import OPTIONAL, RULES, compress, drop_known_appositives, is_subsequence
from newsprism.summarize import content_tokens


@pytest.mark.parametrize(("sentence", "expected"), [
    # lead: time, setting and framing openers
    ("On Thursday, the city council voted to close the old harbor bridge.",
     "The city council voted to close the old harbor bridge."),
    ("Late Monday night, the ministry released the names of the freed prisoners.",
     "The ministry released the names of the freed prisoners."),
    ("Earlier this week, the agency restored the website after a long outage.",
     "The agency restored the website after a long outage."),
    ("In a statement on Friday, the company said it would recall 40,000 heaters.",
     "The company said it would recall 40,000 heaters."),
    ("Speaking to reporters at the White House, Biden said talks would resume in March.",
     "Biden said talks would resume in March."),
    ("On Thursday, in a statement, the ministry said prices rose by a tenth.",
     "The ministry said prices rose by a tenth."),
    # according / tail: impersonal and institutional sources go
    ("According to court documents, the suspect bought the rifle two days earlier.",
     "The suspect bought the rifle two days earlier."),
    ("The plan would cost two trillion dollars over ten years, the state health department said Monday.",
     "The plan would cost two trillion dollars over ten years."),
    ("More than nine million cases have been reported in the US, according to a Johns Hopkins University tally.",
     "More than nine million cases have been reported in the US."),
    ("The administration is lifting a ban on surplus military equipment for police, Attorney General Jeff "
     "Sessions announced Monday.",
     "The administration is lifting a ban on surplus military equipment for police."),
    ("The inmates were released Saturday from the county jail under a statewide order, officials said.",
     "The inmates were released Saturday from the county jail under a statewide order."),
    # paren: parentheticals and party tags
    ("Senate Majority Leader Mitch McConnell (R-Ky.) congratulated the president-elect on Tuesday.",
     "Senate Majority Leader Mitch McConnell congratulated the president-elect on Tuesday."),
    ("Sen. Bernie Sanders, I-Vt., on Monday released the results of his annual physical exam.",
     "Sen. Bernie Sanders on Monday released the results of his annual physical exam."),
    # relative: non-restrictive relative clauses
    ("Minneapolis Mayor Jacob Frey, who has called for the officers to be charged, had requested the assistance.",
     "Minneapolis Mayor Jacob Frey had requested the assistance."),
    ("The Supreme Court let Wisconsin keep its political map, which gave Republicans 60% of the seats.",
     "The Supreme Court let Wisconsin keep its political map."),
    ("Wisconsin Gov. Tony Evers urged the president to delay his visit to Kenosha, Wis., which has seen unrest.",
     "Wisconsin Gov. Tony Evers urged the president to delay his visit to Kenosha, Wis."),
    # also
    ("New York, Illinois, Michigan and Massachusetts also are easing their restrictions.",
     "New York, Illinois, Michigan and Massachusetts are easing their restrictions."),
])
def test_each_rule_drops_what_an_editor_would(sentence, expected):
    out = compress(sentence)
    assert out == expected
    assert is_subsequence(out, sentence)
    assert set(content_tokens(out)) <= set(content_tokens(sentence))


@pytest.mark.parametrize("sentence", [
    # a named person's claim keeps its speaker: without it the page would state the view itself
    "The plan would cost two trillion dollars over ten years, Trump said.",
    "The plan would cost two trillion dollars over ten years, her lawyer said.",
    "The plan would cost two trillion dollars over ten years, and officials said.",
    # nothing inside or around a quotation is touched
    "\u201cOn Thursday, we will vote (finally), which is overdue,\u201d the mayor said.",
    "\"The council also knew,\" officials said on Monday.",
    # "not only ... but also" and "also known as" keep their "also"
    "The ruling affects not only the plaintiffs but also every renter in the county.",
    "The group, also known as the Proud Boys, marched through the downtown district.",
    # a relative clause followed by more clauses is not one description
    "Mitch McConnell, who excoriated Trump on the Senate floor, blaming him for the riot, on Thursday said "
    "he would back Trump in 2024.",
    # a party tag whose second comma also closes an opening clause stays (a real page's bullet
    # read "... and Sen. Amy Klobuchar the decisive day of the race ... is at hand")
    "After the withdrawal of Tom Steyer and Sen. Amy Klobuchar, D-Minn., the decisive day of the race is at hand.",
])
def test_what_must_stay(sentence):
    assert compress(sentence) == sentence


def test_a_rule_never_leaves_a_stub():
    # Dropping "On Monday," would leave four words: the sentence stays whole.
    assert compress("On Monday, prices rose sharply.") == "On Monday, prices rose sharply."


def test_rules_can_be_chosen_and_unknown_ones_are_named():
    s = "On Thursday, the city council also voted to close the old harbor bridge (built in 1931)."
    assert compress(s, ()) == s
    assert compress(s, ("also",)) == "On Thursday, the city council voted to close the old harbor bridge (built in 1931)."
    assert set(RULES).isdisjoint(OPTIONAL)
    with pytest.raises(ValueError, match="'shorten'"):
        compress(s, ("shorten",))


def test_optional_rules_when_asked():
    s = "Greg Gianforte, a Republican hopeful for the seat, had an altercation with a reporter Wednesday."
    assert compress(s, ("appositive",)) == "Greg Gianforte had an altercation with a reporter Wednesday."
    assert compress(s, ("when",)) == "Greg Gianforte, a Republican hopeful for the seat, had an altercation with a reporter."
    c = "Leader Mitch McConnell congratulated the president-elect, marking the first time he acknowledged the result."
    assert compress(c, ("clause",)) == "Leader Mitch McConnell congratulated the president-elect."


def test_a_known_person_loses_a_second_description():
    s = "Greg Gianforte, Montana's Republican hopeful, had an altercation with a reporter on Wednesday."
    assert drop_known_appositives(s, set()) == s
    assert drop_known_appositives(s, {"Greg Gianforte"}) == (
        "Greg Gianforte had an altercation with a reporter on Wednesday.")
    assert drop_known_appositives(s, {"Ryan Zinke"}) == s


def test_is_subsequence():
    assert is_subsequence("the council voted", "On Thursday, the city council voted.")
    assert not is_subsequence("council the voted", "On Thursday, the city council voted.")
    assert not is_subsequence("the mayor voted", "the council voted")
