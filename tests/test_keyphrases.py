"""YAKE's statistics, checked on text small enough to count by hand, and against the ``yake``
package itself where it is installed (the test extras pin the release compared)."""

from __future__ import annotations

import math

import pytest

from newsprism.keyphrases import _phrase_score, _read, _score_terms, _sentences, _tag, key_phrases

STOP = frozenset({"the", "of", "and", "a", "in"})


def _terms(text: str, stopwords=STOP):
    info, candidates, n = _read(_sentences(text), stopwords, 3, 1)
    _score_terms(info, n)
    by_key = {}
    for key, cand in candidates.items():
        if len(cand.words) == 1:
            by_key[key] = info[cand.words[0]]
    return info, candidates, n, by_key


def test_token_classes():
    assert _tag("2014", False) == "d" and _tag("1,500", False) == "d" and _tag("3.5", False) == "d"
    assert _tag("COVID-19", False) == "u"  # letters mixed with digits
    assert _tag("NATO", True) == "a"
    assert _tag("Minsk", False) == "n" and _tag("Minsk", True) == "p"  # a sentence start is no name
    assert _tag("McDonald", False) == "p"  # one capital only makes a name
    assert _tag("prisoners", False) == "p"


def test_word_features_by_hand():
    # Sentences: 0 "Minsk freed prisoners ." 1 "The prisoners left Minsk ." 2 "Prisoners cheered ."
    info, _, n, t = _terms("Minsk freed prisoners. The prisoners left Minsk. Prisoners cheered.")
    assert n == 3
    assert "prisoners" in t and t["prisoners"] is t["prisoner" + "s"]
    prisoner, minsk = t["prisoners"], t["minsk"]
    assert (prisoner.tf, minsk.tf, minsk.tf_name) == (3, 2, 1)  # "Minsk" starts sentence 0: no name there
    assert t["the"].stopword and not prisoner.stopword
    # Content words' counts: minsk 2, freed 1, prisoner 3, left 1, cheered 1.
    mean = 8 / 5
    std = math.sqrt(((2 - mean) ** 2 + 3 * (1 - mean) ** 2 + (3 - mean) ** 2) / 5)
    max_tf = 3
    # prisoner: left of it "freed", "The"; right "left", "cheered": 2 distinct of 2 each side.
    rel = 0.5 + (2 / 2) * (3 / max_tf) + 0.5 + (2 / 2) * (3 / max_tf)
    expected = math.log(math.log(3 + 1)) * rel / (0 + (3 / (mean + std)) / rel + (3 / 3) / rel)
    assert prisoner.h == pytest.approx(expected)
    # minsk: sentences 0 and 1 (median 0.5); a name once (mid-sentence in sentence 1).
    rel = 0.5 + 1 * (2 / max_tf) + 0.5 + 1 * (2 / max_tf)
    case = 1 / (1 + math.log(2))
    expected = math.log(math.log(3 + 0.5)) * rel / (case + (2 / (mean + std)) / rel + (2 / 3) / rel)
    assert minsk.h == pytest.approx(expected)


def test_phrase_score_charges_a_stop_word_by_how_rarely_it_joins_its_neighbours():
    text = "Bank of America cut jobs. Bank of America said more. Shares of banks fell."
    info, candidates, _, t = _terms(text)
    cand = candidates["bank of america"]
    bank, of, america = (info[i] for i in cand.words)
    assert of.stopword and cand.tf == 2
    p_before = bank.right[cand.words[1]] / bank.tf  # "bank" -> "of": 2 of bank's 3 ("banks" is bank)
    p_after = of.right[cand.words[2]] / america.tf  # "of" -> "america": 2 of america's 2
    assert (p_before, p_after) == (pytest.approx(2 / 3), 1.0)
    prob = p_before * p_after
    expected = bank.h * america.h * (2 - prob) / ((bank.h + america.h - (1 - prob) + 1) * 2)
    assert _phrase_score(cand, info) == pytest.approx(expected)


def test_phrases_are_runs_without_punctuation_numbers_or_edge_stop_words():
    text = ("The prisoner release in Minsk freed 52 people. Opposition leaders welcomed the prisoner "
            "release. Minsk, the capital, saw the prisoner release end a long standoff.")
    found = [p for p, _ in key_phrases(text, STOP, top=50, similar=1.0)]
    assert "prisoner release" in [p.lower() for p in found]
    for phrase in found:
        words = phrase.lower().split()
        assert words[0] not in STOP and words[-1] not in STOP, phrase
        assert not any(w.isdigit() for w in words), phrase
        assert "," not in phrase and "." not in phrase, phrase
    assert "Minsk the capital" not in found  # a comma ends a run


def test_near_duplicates_give_way_to_the_better_phrase():
    text = ("Prisoner release talks resumed. The prisoner releases were delayed. Prisoner release talks "
            "ended. Prisoner releases followed the talks.")
    all_phrases = [p.lower() for p, _ in key_phrases(text, STOP, top=50, similar=1.0)]
    kept = [p.lower() for p, _ in key_phrases(text, STOP, top=50, similar=0.9)]
    assert "prisoner release" in all_phrases and "prisoner releases" in all_phrases
    assert ("prisoner release" in kept) != ("prisoner releases" in kept)
    assert set(kept) < set(all_phrases)


def test_same_phrases_and_scores_as_the_yake_package():
    """With YAKE's own stop words and no near-duplicate step, the phrases and scores are the
    ``yake`` package's, in its order (it breaks ties by first occurrence, as this module does)."""
    yake = pytest.importorskip("yake")
    texts = [
        "Belarus frees Nobel laureate Ales Bialiatski.\nBelarus freed 123 prisoners on Saturday, including "
        "Nobel Peace Prize laureate Ales Bialiatski and opposition figure Maria Kolesnikova, after talks with "
        "U.S. envoy John Coale. The U.S. lifted sanctions on Belarusian potash. Lithuania received the freed "
        "prisoners in Vilnius.",
        "A magnitude 6.1 earthquake struck Montevara on Tuesday. Rescue teams searched the rubble of the old "
        "town; the quake's death toll rose to 14. Montevara's mayor asked for help. The earthquake cut power "
        "to 30,000 homes, the COVID-19 field hospital stayed open, and the mayor's office said aid was coming.",
    ]
    extractor = yake.KeywordExtractor(lan="en", n=3, dedup_lim=1.0, top=100)
    stop = frozenset(extractor.stopword_set)
    for text in texts:
        theirs = [(k, round(h, 12)) for k, h in extractor.extract_keywords(text)]
        ours = [(p.lower(), round(h, 12)) for p, h in key_phrases(text, stop, top=100, similar=2.0)]
        assert ours == theirs


def test_the_page_reads_spacys_stop_words_without_importing_spacy():
    import subprocess
    import sys

    code = ("import sys; from newsprism.keywords import spacy_stop_words; words = spacy_stop_words(); "
            "print(len(words), 'spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[1] == "False"  # spaCy itself stayed unimported
    from spacy.lang.en.stop_words import STOP_WORDS

    from newsprism.keywords import spacy_stop_words

    assert spacy_stop_words() == frozenset(STOP_WORDS) and int(out[0]) == len(STOP_WORDS)


def test_hostile_text_gives_phrases_or_nothing_never_an_error():
    import random

    rng = random.Random(3)
    alphabet = ("abcXYZ 0123456789.,;:!?'\"-\u2013\u2014()[]{}<>/\\@#$%^&*_+=\n\t\r\x00\x01\x7f"
                "\u0130\u0131\u017f\u200b\ufeff\u00e9\u6f22\U0001f642\U0010ffff")
    texts = ["", " ", "\n\n", ".", "...", "'s", "2014", "$1,000,000", "The the THE",
             bytes(range(256)).decode("latin-1") * 20, "word " * 5000]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 200))) for _ in range(300)]
    for text in texts:
        found = key_phrases(text, STOP, top=30)
        assert all(isinstance(p, str) and p.strip() and h >= 0 for p, h in found), repr(text[:60])
    assert key_phrases("", STOP) == [] and key_phrases("The. Of. And.", STOP) == []
