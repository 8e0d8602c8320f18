"""Key phrases of a text by YAKE's statistics (Campos et al., "YAKE! Keyword extraction from
single documents using multiple local features", Information Sciences 509, 2020).

YAKE scores each word by five local features -- casing (used as a name or an acronym),
position (how early its sentences are), frequency, relatedness to context (a word seen
beside many different words is a function word), spread over sentences -- and a phrase by
its words' scores, so no corpus, dictionary or model is needed. Lower is better.

Why not the ``yake`` package: its 0.7 release scores a 2,400-word corpus in ~0.28 s (a
networkx graph and a numpy median per word; a seventh of a 40-article story page), and it
silently ignores the ``dedupLim`` argument its earlier releases took, so the phrases a page
showed depended on which release pip picked. This module computes the same statistics with
plain dicts over the same tokenizer (``segtok``): with YAKE's stop words and no
near-duplicate step it returns the package's phrases, scores and order
(``tests/test_keyphrases.py``, which also checks each feature on hand-counted text).

Two choices are the caller's and are measured by ``benchmarks.labels``: the stop words (the
page passes spaCy's English list adjusted for news, :func:`newsprism.keywords._phrase_stopwords`)
and how alike two phrases may be (normalised Levenshtein similarity, one of the measures the
package offers; it compared phrases only when their first and last letters matched).
"""

from __future__ import annotations

import math
import statistics
import string
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

__all__ = ["key_phrases"]

_PUNCT = frozenset(string.punctuation)


@dataclass
class _Term:
    """One word (lower-cased, a final "s" dropped) and its occurrences."""

    stopword: bool
    tf: float = 0.0
    tf_acronym: float = 0.0
    tf_name: float = 0.0
    sentences: dict[int, None] = field(default_factory=dict)  # ordered set of sentence ids
    left: dict[int, float] = field(default_factory=dict)  # term id -> times seen right before
    right: dict[int, float] = field(default_factory=dict)  # term id -> times seen right after
    h: float = 0.0


@dataclass
class _Candidate:
    words: tuple[int, ...]  # term ids
    surface: str  # as first written
    tf: float = 0.0
    valid_tag: bool = False  # one occurrence has no number or odd token in it


@lru_cache(maxsize=8192)
def _tag(word: str, first: bool) -> str:
    """YAKE's token classes: d(igit), u(nusual: letters mixed with digits, or several
    punctuation marks), a(cronym), n(ame: capitalised, not at a sentence start), p(lain)."""
    plain = word.replace(",", "")
    if plain.isdigit() or plain.replace(".", "", 1).isdigit():
        return "d"
    digits = sum(c.isdigit() for c in word)
    alpha = sum(c.isalpha() for c in word)
    if (digits and alpha) or (not digits and not alpha) or sum(c in _PUNCT for c in word) > 1:
        return "u"
    if word.isupper():
        return "a"
    if len(word) > 1 and word[0].isupper() and not first and sum(c.isupper() for c in word) == 1:
        return "n"
    return "p"


def _sentences(text: str) -> list[list[str]]:
    """Sentences as token lists, split and tokenized as YAKE does (segtok)."""
    from segtok.segmenter import split_multi
    from segtok.tokenizer import split_contractions, web_tokenizer

    out = []
    for s in split_multi(" " + " ".join(text.split("\n")).replace("\t", " ")):
        if s.strip():
            out.append([w for w in split_contractions(web_tokenizer(s))
                        if w and not (w.startswith("'") and len(w) > 1)])
    return out


def key_phrases(text: str, stopwords: frozenset[str] | set[str], *, max_words: int = 3, top: int = 20,
                similar: float = 0.9, window: int = 1) -> list[tuple[str, float]]:
    """The ``top`` key phrases of ``text`` (at most ``max_words`` words), best (lowest score)
    first, as first written; a phrase more than ``similar`` alike (normalised Levenshtein
    similarity of the lower-cased strings) to a better one is left out. ``window``: how many
    words before a word count as its left context (YAKE's default, 1)."""
    info, candidates, n_sentences = _read(_sentences(text), stopwords, max_words, window)
    _score_terms(info, n_sentences)
    scored = []
    for key, cand in candidates.items():
        first, last = info[cand.words[0]], info[cand.words[-1]]
        if cand.valid_tag and not first.stopword and not last.stopword:
            scored.append((_phrase_score(cand, info), key, cand))
    scored.sort(key=lambda t: t[0])  # stable: ties keep first-seen order
    return _distinct(scored, top, similar)


def _read(sentences: list[list[str]], stopwords: frozenset[str] | set[str], max_words: int,
          window: int) -> tuple[list[_Term], dict[str, _Candidate], int]:
    """Every word's counts and every candidate phrase (1..``max_words`` words within a run
    without punctuation), by lower-cased phrase in first-seen order."""
    terms: dict[str, int] = {}
    info: list[_Term] = []
    candidates: dict[str, _Candidate] = {}

    def term_id(lw: str) -> int:
        key = lw[:-1] if lw.endswith("s") and len(lw) > 3 else lw
        tid = terms.get(key)
        if tid is None:
            bare = "".join(c for c in key if c not in _PUNCT)
            tid = terms[key] = len(info)
            info.append(_Term(stopword=lw in stopwords or key in stopwords or len(bare) < 3))
        return tid

    for sid, sentence in enumerate(sentences):
        # The words since the last punctuation: (tag, surface, lower-cased, term id).
        block: list[tuple[str, str, str, int]] = []
        for pos, word in enumerate(sentence):
            if _PUNCT.issuperset(word):
                block = []
                continue
            tag = _tag(word, pos == 0)
            lw = word.lower()
            tid = term_id(lw)
            t = info[tid]
            t.tf += 1.0
            if tag == "a":
                t.tf_acronym += 1.0
            elif tag == "n":
                t.tf_name += 1.0
            t.sentences[sid] = None
            odd = tag in "ud"
            if not odd:
                for ptag, _, _, pid in block[max(0, len(block) - window):]:
                    if ptag not in "ud":
                        right = info[pid].right
                        right[tid] = right.get(tid, 0.0) + 1.0
                        t.left[pid] = t.left.get(pid, 0.0) + 1.0
            block.append((tag, word, lw, tid))
            # Every phrase of 1..max_words words ending here.
            key, surface, ids = lw, word, (tid,)
            for k in range(1, min(max_words, len(block)) + 1):
                if k > 1:
                    ptag, pword, plw, pid = block[-k]
                    key, surface, ids = f"{plw} {key}", f"{pword} {surface}", (pid, *ids)
                    odd = odd or ptag in "ud"
                cand = candidates.get(key)
                if cand is None:
                    cand = candidates[key] = _Candidate(ids, surface)
                cand.tf += 1.0
                if not odd:
                    cand.valid_tag = True

    return info, candidates, len(sentences)


def _score_terms(info: list[_Term], n_sentences: int) -> None:
    """Each word's score ``h`` (lower: more of a key word), from YAKE's five features."""
    content = [t.tf for t in info if not t.stopword]
    if not content:
        return
    mean, std = statistics.fmean(content), statistics.pstdev(content)
    max_tf = max(t.tf for t in info)
    for t in info:
        # Relatedness: a word seen beside many different words, relative to how often it
        # is seen beside any, is a function word ("said", "after"); a key word keeps company.
        left_sum, right_sum = sum(t.left.values()), sum(t.right.values())
        pl = len(t.left) / left_sum if left_sum else 0.0
        pr = len(t.right) / right_sum if right_sum else 0.0
        rel = 0.5 + pl * (t.tf / max_tf) + (0.5 + pr * (t.tf / max_tf))
        freq = t.tf / (mean + std)  # frequent among content words
        spread = len(t.sentences) / n_sentences  # in many sentences
        case = max(t.tf_acronym, t.tf_name) / (1.0 + math.log(t.tf))  # written as a name or an acronym
        position = math.log(math.log(3.0 + statistics.median(t.sentences)))  # early (headlines, leads)
        # The arithmetic is the package's, term for term, so scores agree to the last bit
        # and ties keep its order.
        t.h = position * rel / (case + freq / rel + spread / rel)


def _phrase_score(cand: _Candidate, info: list[_Term]) -> float:
    """Product of the words' scores over (1 + their sum), divided by the phrase's frequency;
    a stop word inside ("bank of america") costs by how rarely it joins its neighbours."""
    total, product = 0.0, 1.0
    ids = cand.words
    for k, tid in enumerate(ids):
        t = info[tid]
        if not t.stopword:
            total += t.h
            product *= t.h
            continue
        p_before = p_after = 0.0
        if k > 0:
            prev = ids[k - 1]
            p_before = info[prev].right.get(tid, 0.0) / info[prev].tf
        if k < len(ids) - 1:
            nxt = ids[k + 1]
            p_after = t.right.get(nxt, 0.0) / info[nxt].tf
        prob = p_before * p_after
        product *= 2.0 - prob
        total -= 1.0 - prob
    return product / ((total + 1.0) * cand.tf)


def _distinct(scored: Iterable[tuple[float, str, _Candidate]], top: int, similar: float) -> list[tuple[str, float]]:
    from rapidfuzz.distance import Levenshtein

    kept: list[tuple[float, str, _Candidate]] = []
    for item in scored:
        if len(kept) == top:
            break
        if all(Levenshtein.normalized_similarity(item[1], k[1]) <= similar for k in kept):
            kept.append(item)
    return [(c.surface, h) for h, _, c in kept]
