"""Quality gate: Further Learning on real stories keeps asking what it asks, and every answer
stays cited as written (floors in quality/questions_floor.json).

Runs ``benchmarks.questions.measure`` on the sample the floors were measured on (60 stories of
AllSides stories-2021; the archive is all of its articles in a temporary store; NER of the
sample's 180 articles, then the stage; about a minute on 2 cores, less when the mentions are
cached). Skipped when the shared data folder is absent or its file differs from the one the
floors were measured on (re-measure then: the command is in the JSON file).
"""

from __future__ import annotations

import pytest
from quality_gate import benchmark, floors

FLOORS = floors("questions_floor.json")

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def report() -> dict:
    sample = FLOORS["sample"]
    return benchmark(FLOORS, "questions").measure(stories=sample["stories"], seed=sample["seed"])


def test_every_sampled_story_is_asked_about(report):
    assert report["stories"] == FLOORS["sample"]["stories"]


def test_every_answer_is_cited_as_written(report):
    assert report["cited"] >= FLOORS["floors"]["cited"], report["failures"]


def test_older_coverage_is_labelled_exactly(report):
    assert report["older_flag_right"] >= FLOORS["floors"]["older_flag_right"], report["failures"]


def test_later_coverage_is_labelled_exactly(report):
    assert report["later_flag_right"] >= FLOORS["floors"]["later_flag_right"], report["failures"]


def test_stories_keep_their_questions(report):
    got, floor = report["questions"], FLOORS["floors"]
    assert got["mean"] >= floor["mean"], got
    assert got["at_least_5"] >= floor["at_least_5"], got
    assert got["none"] <= floor["max_none"], got
