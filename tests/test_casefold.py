"""FoldedPattern: IGNORECASE patterns run over lower-cased text give IGNORECASE's matches."""

from __future__ import annotations

import random

import pytest

from newsprism import disputes, summarize
from newsprism.casefold import FoldedPattern

PIECES = ["Two", "TWENTY-ONE", "1,200", "3.5", "million", "Bn", "per cent", "%", "$", "€", "Previously",
          "IN 2019", "Since 2020", "another", "AGAIN", "ſince 2019", "İn 2019", "ıN 2019", "Kelvin\u212a",
          "prisoners", "PEOPLE", "were freed", "“quoted”", "Nauséda", "—", "about", "at least", "  ",
          "He", "SHE", "Their", "it", "IT", "İt", "ıts", "Its", "thEm", "said", "Ten Children",
          "President", "ſpecial Envoy", "Prime MINISTER", "secretary-General", "envoy's"]


@pytest.mark.parametrize("name", ["disputes._COUNT_RE", "disputes._BACKGROUND", "disputes._ROLE_WORD",
                                  "summarize._PRONOUN",
                                  "summarize._IT", "summarize._COUNTED"])
def test_folded_patterns_match_exactly_what_their_ignorecase_form_matches(name):
    """On mixed-case, accented, curly-quoted and trap-letter texts (İ, ı, ſ), the shipped
    folded patterns give the IGNORECASE pattern's spans and groups."""
    module, attr = name.split(".")
    folded = getattr({"disputes": disputes, "summarize": summarize}[module], attr)
    plain = folded.folded
    groups = list(range(plain.groups + 1))
    rng = random.Random(11)
    texts = [" ".join(rng.choice(PIECES) for _ in range(rng.randrange(1, 14))) for _ in range(3000)]
    for text in texts:
        got = [(m.start(), m.end(), [m.group(g) for g in groups]) for m in folded.finditer(text)]
        want = [(m.start(), m.end(), [m.group(g) for g in groups]) for m in plain.finditer(text)]
        assert got == want, text
        assert bool(folded.search(text)) == bool(plain.search(text)), text


def test_a_pattern_with_capitals_or_inline_flags_is_refused():
    """Lower-casing the text is only exact for a pattern without capital letters."""
    with pytest.raises(ValueError):
        FoldedPattern(r"\bMonday\b")
    with pytest.raises(ValueError):
        FoldedPattern(r"(?i)monday")
    FoldedPattern(r"(?P<day>monday)\s+\d+\S*")  # group names and escapes are fine


@pytest.mark.parametrize("name", ["keywords._WORD", "keywords._TOKEN", "summarize._TOKEN"])
def test_lowered_matches_are_the_lower_cased_matches(name):
    """The ASCII shortcut (lower-case the text, then search once) finds what lower-casing
    each match finds, for every token pattern that uses it."""
    from newsprism import keywords
    from newsprism.casefold import lowered_matches

    module, attr = name.split(".")
    pattern = getattr({"keywords": keywords, "summarize": summarize}[module], attr)
    rng = random.Random(5)
    texts = [" ".join(rng.choice(PIECES + ["O'Brien's", "U.S.", "e-mail", "Cohn’s", "ÉLAN", "x_y"])
                      for _ in range(rng.randrange(1, 12))) for _ in range(2000)]
    for text in texts:
        assert lowered_matches(pattern, text) == [m.lower() for m in pattern.findall(text)], text


def test_sentence_case_lowers_only_what_the_evidence_says_and_keeps_offsets():
    from newsprism.casefold import sentence_case

    lower = {"calls", "over", "shutdown", "i\u0307ran"}.__contains__
    title = "Trump  Calls Schumer \u201cOver\u201d Shutdown"
    out = sentence_case(title, lower)
    assert out == "Trump  calls Schumer \u201cover\u201d shutdown"  # whitespace and quotes as they were
    assert len(out) == len(title)
    # Not Title Case (fewer than three long words, or too few of them capitalised): as it is.
    assert sentence_case("Trump Calls Her", lower) == "Trump Calls Her"
    assert sentence_case("Trump calls Schumer over the shutdown", lower) == "Trump calls Schumer over the shutdown"
    # All capitals stay (acronyms); so does a word whose lower case is longer ("İran").
    assert sentence_case("Trump Calls NATO Over \u0130ran Shutdown", lower) == "Trump calls NATO over \u0130ran shutdown"
    # The first word is never lowered.
    assert sentence_case("Calls Over Shutdown Grow", lower) == "Calls over shutdown Grow"
