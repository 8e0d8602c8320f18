"""Quality gate: story labels and keywords must keep naming what the AllSides editors name
(floors in quality/labels_floor.json).

Runs ``benchmarks.labels.measure`` on the set the floors were measured on (AllSides
roundups ``val``: NER of 921 short articles, then the page's keyword and label code; about
30 s on 2 cores, less when the NER mentions are cached). Skipped when the shared data folder
is absent or its files differ from those the floors were measured on (re-measure then: the
command is in the JSON file), or when ``rouge-score`` (its stemmer and tokenizer) is not
installed.
"""

from __future__ import annotations

import pytest
from quality_gate import benchmark, floors

FLOORS = floors("labels_floor.json")

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def report() -> dict:
    sample = FLOORS["sample"]
    return benchmark(FLOORS, "labels", needs=("rouge_score",)).measure(sample["set"], sample["stories"], sample["seed"])


def test_every_story_is_scored(report):
    assert report["stories"] == 307


def test_label_words_are_the_editors_words(report):
    ours, floors = report["labels"]["ours"], FLOORS["floors"]
    for key in ("precision", "hit", "all"):
        assert ours[key] >= floors[key], f"{key} {ours[key]:.4f} < floor {floors[key]}"


def test_few_labels_are_one_word(report):
    ours = report["labels"]["ours"]
    assert ours["one_word"] <= FLOORS["floors"]["max_one_word"], ours


def test_better_than_the_top_keyword(report):
    scores = report["labels"]
    for key in FLOORS["floors"]["above_top_keyword"]:
        assert scores["ours"][key] > scores["top_keyword"][key], (key, scores)


def test_keywords_are_what_the_editors_write_about(report):
    kw, floor = report["keywords"], FLOORS["floors"]["keywords"]
    assert kw["ours"]["precision"] >= floor["precision"], kw
    assert kw["ours"]["shown"] >= floor["min_shown"], kw
    assert kw["ours"]["precision"] > kw[floor["above"]]["precision"], kw
