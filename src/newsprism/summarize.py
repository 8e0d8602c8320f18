"""Story title, The Breakdown (cited bullets) and per-side perspectives, extractively.

No generative model runs here: every bullet is a sentence (or a safely shortened sentence)
that an article of the story wrote, and it cites every article that says the same thing.
That is what makes the page checkable: a reader can open any cited article and find the
claim. The method is classic multi-document extractive summarisation, tuned on the AllSides
roundups (``benchmarks/summaries.py``):

* **centrality** -- TF-IDF cosine of a sentence to the story centroid (every original
  article weighs the same, however long) plus a LexRank-style degree over the sentence
  graph: what many sentences of many articles talk about is the story;
* **agreement** -- how many *independent* articles have a near-paraphrase of the sentence.
  Their ids become the bullet's ``sources``; a claim several outlets make ranks above one
  only a single outlet makes. Copies (``duplicate_of``) reprint their original: they add a
  little weight to its sentences but are never counted as sources;
* **position** -- news is written lead-first;
* **coverage** -- during the greedy selection a sentence also gains for the words and word
  pairs that several outlets use and no chosen bullet covers yet (concept coverage);
* **diversity** -- greedy MMR selection: a sentence too close to a chosen bullet is skipped.

Measured (``python -m benchmarks.summaries --split val``, AllSides roundups val, 307 stories,
output cut to 75 words): ROUGE-1/2/L F1 0.390/0.175/0.264 against LexRank 0.387/0.173/0.252
and the lead baseline 0.368/0.147/0.246 in the same run; faithfulness 1.0. Neither a learned
linear score over the same sentence signals (``--learn``: 0.3930/0.1728 against 0.3925/0.1730
on held-out train stories) nor sentence compression (``--ablate``: every rule within 0.0003 of
neutral on train) moves ROUGE. A 40-article story (27k words) builds breakdown and
perspectives with :func:`summarize_story` in ~0.14 s on quiet cores.

Readability rules (a bullet or a perspective sentence must make sense on its own):
sentences opening with a dangling pronoun or connective ("He said", "It", "But",
"However,", "In return,", "Among them") are skipped, except that a leading "He"/"She" is
replaced by the person the previous sentence of the same article names, when it names
exactly one; so is a sentence whose first third-person pronoun comes before anything it
could refer to ("On Thursday she walked out ...", "The terms that bought it are less so.")
or that points back ("the same envoy", "these individuals", "a plan for that too",
"Most walked unaided"). A quotation carries its speaker: a bare quote or '"...," she said'
takes the name of the one person quoted in the sentence before (a run of quote
paragraphs continues its speaker), else it is not used. A sentence with an unbalanced
quotation mark is never used (a quote is not cut mid-way). Every sentence is compressed
first (:mod:`newsprism.compress`: datelines, "On Thursday,"-style openers, attributions to
institutions and documents -- a named person's stays --, parentheticals, non-restrictive
relative clauses, "also"; only deletions, so a bullet is a subsequence of its sentence's
words), and a person a bullet before it introduced loses a second description. Long
sentences then lose trailing clauses (", marking ...", a closing dash aside) while over
``max_words``; a sentence still over it is not used. Compression is for readability: on
AllSides it leaves ROUGE where it was (``python -m benchmarks.summaries --ablate``).

Articles are dicts or objects with ``id``, ``title``, ``text``, ``source``, ``published``,
``duplicate_of`` and ``leaning`` (absent -> ``"unknown"``).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import pairwise
from typing import Any

import numpy as np
from scipy import sparse

from .casefold import FoldedPattern, lowered_matches
from .clean import (CALENDAR_WORDS, WEEKDAY_PATTERN, lead_paragraphs, page_table, per_page, prose_sentences, sentence_budget,
                    split_sentences, strip_kicker)
from .compress import RULES as _RULES
from .compress import compress, drop_known_appositives
from .disputes import NUMBER_WORDS
from .leaning import outlet_key
from .names import PERSON_TITLES
from .records import NewsprismError

__all__ = [
    "DEFAULT_WEIGHTS",
    "SummarizeError",
    "Weights",
    "breakdown",
    "content_tokens",
    "faithfulness",
    "join_quotes",
    "perspectives",
    "speaks_in_first_person",
    "stands_alone",
    "strip_dateline",
    "story_title",
    "summarize_story",
]


class SummarizeError(NewsprismError):
    """An article record the summariser cannot read (names the record and the reason)."""

    stage = "summarize"


@dataclass(frozen=True)
class Weights:
    """How a sentence's importance is scored.

    Evidence (``python -m benchmarks.summaries --tune``, AllSides ``train``, 600 stories,
    48 settings of centroid {0.5, 1} x lexrank {0, 0.5} x agreement {0.3, 0.6} x position
    {0.25, 0.5} x coverage {1, 2, 3}): ROUGE-1 0.3826-0.3860, ROUGE-2 0.1623-0.1652 -- the
    surface is flat; a LexRank term helps (+0.002 R1), position above 0.5 hurts. These
    defaults are within 0.0002 of the best; agreement stays at 0.6 because the 3-article
    roundups rarely have paraphrases across outlets, while real stories of many articles do,
    and there agreement is what the page is for. Structural choices gained more (train,
    400 stories, R1/R2): redundancy cutoff 0.50 -> 0.35 +0.004/+0.001, concept coverage
    +0.003/+0.003, trimming over-long sentences +0.001/+0.001.
    """

    centroid: float = 1.0
    lexrank: float = 0.5
    agreement: float = 0.6
    position: float = 0.25
    #: Position decay: a sentence at index ``i`` of its article gets ``exp(-i / position_scale)``
    #: (scales 2 and 4 scored within 0.001 of each other).
    position_scale: float = 3.0
    #: A chosen sentence costs candidates ``mmr * cosine`` (Maximal Marginal Relevance).
    mmr: float = 0.7
    #: Share of a sentence's best cosine to any headline added to its centrality (0 and 2
    #: scored the same on train; kept because headlines state what matters on real pages).
    title_weight: float = 1.0
    #: Weight of not-yet-covered shared concepts (words/bigrams several outlets use).
    coverage: float = 2.0
    #: Candidates shorter than this many words say too little to stand alone as a bullet.
    min_words: int = 8


DEFAULT_WEIGHTS = Weights()

#: Cosine (TF-IDF, stemmed content words) at or above which two sentences say the same
#: thing. Hand-checked on the seed story (Belarus release): 0.40 pairs "Belarus freed 123
#: prisoners including Bialiatski" across outlets while keeping "the U.S. lifted sanctions
#: on potash" apart from it; below ~0.3 topic-sharing sentences start to count as support.
PARAPHRASE = 0.40
#: Candidates at or above this cosine to a chosen bullet are redundant and never chosen.
REDUNDANT = 0.35
#: Two sentences stating the same count of the same thing ("freed 14 political prisoners" /
#: "released 14 political prisoners") make one claim even when the rest of their words
#: differ (who freed them, how the outlet frames it), as long as their cosine reaches this
#: floor (a shared count alone could be a coincidence across two parts of a story). The
#: demo's prisoner story had the release as three single-source bullets at cosines 0.14-0.19.
COUNT_FLOOR = 0.10
#: A copy adds this much of an independent source's agreement weight to its original's
#: sentences: reprinting shows reach, not independent confirmation.
COPY_WEIGHT = 0.25
#: Bullets after the minimum are kept while their score is at least this share of the top
#: bullet's: tails of weak, single-source sentences are what make summaries noisy.
KEEP_SHARE = 0.45
#: Compression rules (:mod:`newsprism.compress`) applied to every candidate sentence.
COMPRESSION: tuple[str, ...] = _RULES
#: The most sentences the breakdown and perspectives read. Every pair of sentences is
#: compared (a dense matrix), so time and memory grow with the square: 200 distinct
#: AllSides articles (~10,000 sentences) took 6.6 s and 2 GB for this stage alone, and a
#: story of thousands of articles would not fit in memory. Over the budget each article
#: reads its first sentences, as many as fit when shared evenly (a short article keeps all
#: of its own; news puts the facts first). 40 distinct articles (~2,000) are under it.
MAX_SENTENCES = 3000

# --------------------------------------------------------------------------- tokens
_TOKEN = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*", re.UNICODE)
_STOPWORDS = frozenset(
    ["a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "aren't", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "can't", "could", "couldn't", "did", "didn't", "do", "does", "doesn't", "doing", "don't", "down", "during", "each", "few", "for", "from", "further", "had", "hadn't", "has", "hasn't", "have", "haven't", "having", "he", "he'd", "he'll", "he's", "her", "here", "here's", "hers", "herself", "him", "himself", "his", "how", "how's", "i", "i'd", "i'll", "i'm", "i've", "if", "in", "into", "is", "isn't", "it", "it's", "its", "itself", "let's", "me", "more", "most", "mustn't", "my", "myself", "no", "nor", "not", "of", "off", "on", "once", "only", "or", "other", "ought", "our", "ours", "ourselves", "out", "over", "own", "same", "shan't", "she", "she'd", "she'll", "she's", "should", "shouldn't", "so", "some", "such", "than", "that", "that's", "the", "their", "theirs", "them", "themselves", "then", "there", "there's", "these", "they", "they'd", "they'll", "they're", "they've", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "wasn't", "we", "we'd", "we'll", "we're", "we've", "were", "weren't", "what", "what's", "when", "when's", "where", "where's", "which", "while", "who", "who's", "whom", "why", "why's", "will", "with", "won't", "would", "wouldn't", "you", "you'd", "you'll", "you're", "you've", "your", "yours", "yourself", "yourselves", "said", "says", "say", "told", "just", "mr", "mrs", "ms", "would", "could", "also", "one", "new"]
)


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """A light suffix stripper: enough to pair "sanctions"/"sanction", "freed"/"freeing".

    Not Porter: it must be cheap (every sentence of a 40-article story on every page build)
    and predictable; over-stemming merges words that mean different things.
    """
    if len(word) <= 4 or word.isdigit():
        return word
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("sses", "ss"), ("ing", ""), ("edly", ""),
                         ("ed", ""), ("es", "e"), ("s", ""), ("ly", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            return word[: len(word) - len(suffix)] + repl
    return word


def _words(text: str) -> list[str]:
    words = lowered_matches(_TOKEN, text)
    return words if text.isascii() else [w.replace("\u2019", "'") for w in words]


def content_tokens(text: str) -> list[str]:
    """Lower-cased, stemmed words of ``text`` without stopwords (possessives folded)."""
    # Per page, each distinct word is stemmed once: a story's ~40,000 words are a few
    # thousand distinct ones, and several stages read them.
    known = page_table("content_words")
    out = []
    for w in _words(text):
        c = known.get(w)
        if c is None:
            bare = w.removesuffix("'s")
            c = known[w] = _stem(bare) if bare and bare not in _STOPWORDS else ""
        if c:
            out.append(c)
    return out


# --------------------------------------------------------------------------- records
_SIDE_OF = {"left": "left", "lean-left": "left", "center": "center", "lean-right": "right", "right": "right"}
SIDES = ("left", "center", "right", "unknown")


@dataclass
class _Doc:
    index: int
    id: str
    title: str
    text: str
    source: str
    leaning: str
    duplicate_of: str | None
    original: str = ""  # id of the original this article reprints (itself for originals)
    copies: list[str] = field(default_factory=list)

    @cached_property
    def outlet_key(self) -> str:
        """The outlet, counted as story stats and leaning counts count it
        (:func:`newsprism.leaning.outlet_key`: a file without a URL is its own source)."""
        return outlet_key({"source": self.source, "id": self.id})

    @property
    def side(self) -> str:
        return _SIDE_OF.get(self.leaning, "unknown")


def _field(article: Any, name: str, default: Any = None) -> Any:
    if isinstance(article, dict):
        return article.get(name, default)
    return getattr(article, name, default)


def _docs(articles: Iterable[Any]) -> list[_Doc]:
    """Read the records, resolve copy chains to their original within this story."""
    docs: list[_Doc] = []
    seen: set[str] = set()
    for i, a in enumerate(articles):
        aid = _field(a, "id")
        if not isinstance(aid, str) or not aid:
            raise SummarizeError(f"article #{i}", "has no id (a non-empty string is required)")
        if aid in seen:
            raise SummarizeError(aid, "appears twice in the story")
        seen.add(aid)
        text = _field(a, "text") or ""
        title = _field(a, "title") or ""
        if not isinstance(text, str) or not isinstance(title, str):
            raise SummarizeError(aid, "title and text must be strings")
        dup = _field(a, "duplicate_of")
        docs.append(_Doc(
            index=i, id=aid, title=" ".join(title.split()), text=text,
            source=str(_field(a, "source") or ""), leaning=str(_field(a, "leaning") or "unknown"),
            duplicate_of=dup if isinstance(dup, str) and dup else None,
        ))
    by_id = {d.id: d for d in docs}
    for d in docs:
        root, hops = d, 0
        while root.duplicate_of in by_id and root.duplicate_of != root.id and hops < len(docs):
            root, hops = by_id[root.duplicate_of], hops + 1
        d.original = root.id
        if root is not d:
            root.copies.append(d.id)
    return docs


# --------------------------------------------------------------------------- sentences
@dataclass
class _Sent:
    doc: int  # index into the originals list
    pos: int  # index of the sentence in its article
    text: str  # the sentence as the article wrote it
    tokens: list[str]
    bullet: str | None  # the readable, possibly shortened form; None: not usable standalone
    resolved: str | None = None  # the antecedent sentence when a pronoun was replaced

    @cached_property
    def counts(self) -> Counter[str]:
        """How often each token occurs (both TF-IDF tables of the breakdown read it)."""
        return Counter(self.tokens)


_DANGLING = frozenset(
    ["he", "she", "it", "they", "them", "this", "that", "these", "those", "his", "her", "its", "their", "him", "there", "here", "but", "however", "and", "or", "so", "yet", "also", "meanwhile", "still", "instead", "moreover", "furthermore", "additionally", "then", "thus", "therefore", "hence", "besides", "nonetheless", "nevertheless", "otherwise", "such", "both", "another", "other", "others", "which", "while", "whereas", "later", "earlier", "afterward", "afterwards", "likewise", "similarly", "indeed", "anyway"]
)
_QUOTE_OPEN = "\u201c"
_QUOTE_CLOSE = "\u201d"
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'\u2019-]+(?:[ ,]+[A-Z][A-Za-z.'\u2019-]+){0,3}(?:,? [A-Z][a-z]{2,8}\.? \d{1,2})?"
    r"\s*(?:\([^()]{1,40}\))?\s*[-\u2013\u2014]+\s+)"
)
#: A wire's tag before the text ("(CNN) -", "WASHINGTON (Reuters) -"); a desk's label
#: ("BREAKING: ") is :func:`newsprism.clean.strip_kicker`'s, as on headlines.
_SOURCE_TAG = re.compile(r"^(?:[A-Z][\w.'\u2019-]*(?:,? [A-Z][\w.'\u2019-]*){0,3} )?\((?:CNN|AP|AFP|Reuters|UPI|BBC|CNBC|NBC|ABC|CBS)\)\s*[-\u2013\u2014]?\s*")
#: Trailing clauses a too-long sentence may lose: a non-restrictive relative clause, a
#: participial phrase or a closing appositive/aside. The main clause (who did what) stays.
_TAIL_CLAUSE = re.compile(
    r"(?:,\s+(?:which|who|whose|where|marking|making|saying|adding|citing|prompting|leaving|bringing|"
    r"sparking|raising|including|amid|despite|as part of|in a move|in what|an? [a-z-]+ )"
    r"|\s+[\u2014\u2013]\s+)(?=[^\"\u201c\u201d]*?[.!]$)"
)
#: Inside a would-be trailing clause, the main clause going on after a comma ("the eight,
#: including two children, had been found ..."): the clause is an aside, not a tail.
_MAIN_RESUMES = re.compile(
    r",\s+(?:had|has|have|was|were|is|are|will|would|could|can|did|do|does|may|might|must|should)\b"
    r"|,\s+(?!(?:and|or|but|as|which|who|where|when|while|including)\b)[a-z]+ed\b"
)
_DASHES = re.compile(r"\s[\u2014\u2013]\s")
_DASH_ASIDE = re.compile(r"\s+[\u2014\u2013]\s+[^\u2014\u2013\"\u201c\u201d]{3,100}?\s+[\u2014\u2013]\s+")
#: Not the descriptions (:data:`names.DESCRIPTION_WORDS`): "former" and "the" are read
#: beside it where a description may stand.
_TITLE_WORDS = PERSON_TITLES | frozenset(
    {"attorney", "chair", "chairman", "gen", "justice", "prince", "representative"})
_NOT_PERSON = CALENDAR_WORDS | frozenset(
    ["united", "states", "house", "white", "department", "ministry", "party", "court", "nations", "state", "union", "news", "times", "post", "university", "prize", "centre", "center", "council", "committee", "senate", "congress", "republic", "government", "office", "agency", "national", "international", "street", "city", "county", "kingdom", "european", "europe", "america", "american", "north", "south", "east", "west", "new", "the", "a", "an", "in", "on", "at", "of", "for", "peace", "nobel", "human", "rights", "democratic", "republican", "democrats", "republicans", "police", "army", "forces", "ministry", "embassy", "reuters", "associated", "press", "bank", "fund", "federal", "supreme"]
)
_NAME = re.compile(r"\b([A-Z][a-z\u00c0-\u024f'\u2019-]+(?: (?:[A-Z]\.|[A-Z][a-z\u00c0-\u024f'\u2019-]+)){1,3})")


def _balanced_quotes(text: str) -> bool:
    if text.count('"') % 2:
        return False
    return text.count(_QUOTE_OPEN) == text.count(_QUOTE_CLOSE)


def _has_quote(text: str) -> bool:
    return '"' in text or _QUOTE_OPEN in text or _QUOTE_CLOSE in text


def _people_named(sentence: str) -> list[tuple[int, str]]:
    """(offset, full name) of the people a sentence names: runs of 2-4 capitalised words,
    titles left out, none an organisation/place/calendar word (see :func:`_one_person`)."""
    names: list[tuple[int, str]] = []
    for m in _NAME.finditer(sentence):
        words = m.group(1).split()
        start = m.start()
        # A capitalised function word opening the sentence is no first name: "Like Biden,
        # Bush led in early polls" made "Like Biden" a person, and a later "Biden beat
        # Sanders ..." read "Like Biden beat Sanders ..." on a real page.
        while words and (words[0].lower() in _STOPWORDS or words[0].lower() in _OPENERS
                         or words[0].lower() in _DANGLING):
            start += len(words[0]) + 1
            words = words[1:]
        while words and words[0].lower().strip(".") in _TITLE_WORDS:
            words = words[1:]
        if len(words) < 2 or any(w.lower().rstrip(".").removesuffix("'s").removesuffix("\u2019s") in _NOT_PERSON for w in words):
            continue
        names.append((start, " ".join(words)))
    return names


#: A bullet opening with a bare surname and its verb: "Reyes is one of ...", "Maddox said",
#: "Zhurauskaya, 41, edited ...".
_SURNAME_OPENER = re.compile(r"^([A-Z][a-z\u00c0-\u024f'\u2019-]+)(?=\s+[a-z]|,\s+\d{1,3},\s+[a-z])")


def _full_name_first(bullet: str, people: dict[str, tuple[str, str]]) -> tuple[str, str | None]:
    """A bullet that opens with a surname only ("Reyes is one of ...") given the full name
    its article introduced the person with ("Tomás Reyes"), and the sentence that did (the
    bullet's antecedent, cited with it); unchanged when the article named no such person."""
    m = _SURNAME_OPENER.match(bullet)
    if not m or m.group(1) not in people:
        return bullet, None
    full, where = people[m.group(1)]
    return full + bullet[m.end(1):], where


def _one_person(sentence: str, names: list[tuple[int, str]] | None = None) -> str | None:
    """The person a sentence is about when it opens with them and names no one else.

    Heuristic on purpose (no NER on the page path). A name is a run of 2-4 capitalised
    words none of which is an organisation/place/calendar word; titles ("President") are
    left out. The name must open the sentence (after an optional title): a following
    "He"/"She" continues the previous subject far more often than any other mention
    (AllSides val: with "any single name" one "she" was resolved to the wrong candidate).
    """
    if names is None:
        names = _people_named(sentence)
    if len({n for _, n in names}) != 1:
        return None
    start, name = names[0]
    lead = sentence[:start].split()
    if any(w.lower().strip(".,") not in _TITLE_WORDS | {"the", "former", "u.s", "u.s."}
           and w.lower().strip(".,") not in _DANGLING for w in lead):
        return None  # "But Joe Biden won": a connective first still opens with him
    return name


def _compress(text: str) -> str:
    """Drop what a bullet does not need, only where it cannot change what is claimed.

    Datelines ("MINSK (Reuters) -"), paired-dash asides when the sentence holds no
    quotation, then the :data:`COMPRESSION` rules of :mod:`newsprism.compress` (openers,
    institutional attributions, parentheticals, non-restrictive relative clauses, "also";
    never inside a quotation, never a named person's attribution).
    """
    out = _SOURCE_TAG.sub("", _DATELINE.sub("", text, count=1), count=1)
    if not _has_quote(out):
        out = _DASH_ASIDE.sub(" ", out)
    out = compress(out, COMPRESSION)
    if out and out[0].islower():
        out = out[0].upper() + out[1:]
    return out


def _fit(text: str, max_words: int) -> str:
    """Shorten an over-long sentence by dropping a paired dash aside, then trailing clauses
    (never inside a quote).

    Each cut removes the *last* droppable clause, so what is left is a grammatical main
    clause with its period; returns ``text`` unchanged when nothing safe can go.
    """
    out = text
    dashes = list(_DASHES.finditer(out))
    if len(out.split()) > max_words and len(dashes) == 2 and not _has_quote(out[dashes[0].end():dashes[1].start()]):
        # A paired dash aside goes whole, however long (_compress drops the short ones).
        out = out[:dashes[0].start()] + " " + out[dashes[1].end():]
    while len(out.split()) > max_words:
        # Clause starts are found where they begin (overlapping), so the last one is cut, not
        # everything from the first: ", including ..., where ..." loses only ", where ...".
        # A dash is a tail only as the sentence's one dash: of two, the first opens an aside
        # and the second closes it before the main clause goes on ("his performance last
        # week before the Senate Judiciary Committee -- his dissembling ...; his broadsides
        # ... -- is proving to be a new avenue of attack" lost its verb on a real page).
        one_dash = len(_DASHES.findall(out)) == 1
        starts = [m.start() for m in _TAIL_CLAUSE.finditer(out)
                  if not _MAIN_RESUMES.search(out, m.end(), len(out)) and (one_dash or out[m.start()] == ",")]
        if not starts:
            return text
        cut = starts[-1]
        if len(out[:cut].split()) < 8:
            return text
        out = out[:cut] + out[-1]
    return out


#: Speech verbs that attribute a quotation to its speaker.
_SPEECH = r"(?:said|says|told|tells|added|adds|warned|wrote|writes|noted|stressed|argued|insisted|explained|recalled|declared|asked|replied|posted)"
_NAME_RUN = r"[A-Z][\w\u00c0-\u024f'\u2019-]+(?:\s(?:[A-Z]\.|[A-Z][\w\u00c0-\u024f'\u2019-]+)){0,4}"
#: "said Daniel Hartsock", "said Sen. Roger Tillotson"
_SPEECH_VERB = re.compile(_SPEECH)
_SAID_NAME = re.compile(rf"\b{_SPEECH}\s+(?P<name>{_NAME_RUN})")
#: "Hanna Lapitskaya said", "Tobias Wren of the Committee for Free Reporting said",
#: "Kiryl Barysevich, who leads the council, said"
_NAME_SAID = re.compile(
    rf"(?P<name>{_NAME_RUN})(?:,[^,\"\u201c\u201d]{{3,100}},|\s+of\s+[^,\"\u201c\u201d]{{3,60}}?)?,?\s+{_SPEECH}\b"
)


def _person_name(run: str) -> str | None:
    """A capitalised run as a person's name (titles dropped), or None when it is not one."""
    words = run.split()
    # A connective or an opener starting the sentence is no part of the name: "But Trump
    # wrote that ..." made a real page's bullet end '..., " But Trump wrote.'
    while words and (words[0].lower().strip(".") in _TITLE_WORDS or words[0].lower() in _DANGLING
                     or words[0].lower() in _OPENERS):
        words = words[1:]
    if len(words) < 2 or any(
        w.lower().rstrip(".").removesuffix("'s").removesuffix("\u2019s") in _NOT_PERSON for w in words
    ):
        return None
    return " ".join(words)


def _speaker(sentence: str, named: list[tuple[int, str]] | None = None) -> str | None:
    """The one person a sentence quotes or reports speaking ("..., said Daniel Hartsock"),
    else the one person it opens with; None when there is none or more than one.

    Used to attribute a following bare quotation or "... ," she said": news quotes a
    speaker over consecutive sentences, so a quote paragraph continues the last speaker.
    ``named``: :func:`_people_named` of the sentence, when the caller has it already.
    """
    names: list[str] = []
    # Both patterns need a verb of saying: most sentences have none, and the name runs are
    # tried at every capital otherwise.
    for rx in (_SAID_NAME, _NAME_SAID) if _SPEECH_VERB.search(sentence) else ():
        for m in rx.finditer(sentence):
            name = _person_name(m.group("name"))
            if name:
                names.append(name)
    # "Hartsock" and "Daniel Hartsock" are one person: keep the full form.
    full = {n for n in names if not any(o != n and o.endswith(" " + n) for o in names)}
    if len(full) == 1:
        return next(iter(full))
    if full:
        return None
    return _one_person(sentence, named)


_QUOTATION = re.compile(r"\u201c[^\u201c\u201d]*\u201d|\"[^\"]*\"")


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quotations (curly or straight), closing mark included."""
    if '"' not in text and "\u201c" not in text:
        return []  # most sentences: no quotation mark to open one
    return [m.span() for m in _QUOTATION.finditer(text)]


def _outside_quotes(text: str) -> str:
    """The text with quotations blanked out (same length, so offsets still line up)."""
    spans = _quoted_spans(text)
    if not spans:
        return text
    out = list(text)
    for a, b in spans:
        out[a:b] = " " * (b - a)
    return "".join(out)


#: Openers that point back at the previous sentence ("In return, ..."): a bullet cannot
#: start with them. Single-word connectives are in ``_DANGLING``.
_BACK_OPENER = re.compile(
    r"^(?:(?:in return|in exchange|in response|in addition|in contrast|by contrast)(?=\s*,)|in turn|as a result|as such|at the same time|"
    r"for (?:his|her|its|their) part|on the other hand|even so|after that|"
    r"since then|by then|until then|even then|because of (?:this|that)|despite (?:this|that)|"
    r"the (?:next|following|same) (?:day|morning|week|year)|one of them|some of them|many of them|"
    r"most of them|among them|of them|of those|the two|the move|the decision)\b",
    re.IGNORECASE,
)
#: Back-references anywhere in a sentence: ellipsis ("are less so", "did so"), "the latter".
_BACK_REFERENCE = re.compile(
    r"\b(?:(?:less|more|even|equally|not|also|too) so\b(?!\s+(?:far|much|many|that|as))"
    r"|the (?:latter|former)(?=\s*[,.;:]|\s+(?:is|was|has|had|said|says|would|will|could)\b)|the same\b(?![^,.;]{0,40}\b(?:as|time)\b)"
    r"|these (?!(?:are|were|include|included|days)\b)[a-z]+"
    r"|this (?!(?:year|week|month|morning|afternoon|evening|weekend|summer|winter|spring|fall|autumn|time|season|decade|century|point|past|story|article|report)\b)[a-z]+)\b"
    # a demonstrative standing for something said before: "has a plan for that too."
    r"|\b(?:this|that|those|these)(?:\s+(?:too|also|either|as well))?\s*[.,;!?]"
    r"|\s(?:too|as well|either)[.!]$"
    # a number standing for a group counted before: "that the eight, including two children,
    # had been found", "the 14 were flown to Vilnius"
    r"|(?<!of )\b[Tt]he (?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|\d+)"
    r"(?=\s*[,;:.]|\s+(?:were|was|are|is|had|have|has|will|would|could|said|say|remain|remained)\b)",
)
#: A quantifier standing for a group named before: "Most walked unaided", "Some were".
_BARE_QUANTIFIER = re.compile(
    r"^(?:most|some|many|several|few|all|none|each|one|two|three|four|five|half|the rest|the others)"
    r"(?:\s+of\s+(?:them|those|these))?\s+(?:[a-z]+ed|were|was|are|is|have|had|has|will|would|could|said|remain|remained)\b",
    re.IGNORECASE,
)
#: Nouns that stand for people or groups: an antecedent for he/she (person) and they (group).
_PERSON_NOUNS = frozenset(
    "man woman boy girl child mother father son daughter wife husband sister brother official officer "
    "president minister leader spokesman spokeswoman spokesperson envoy director editor journalist reporter "
    "lawyer attorney judge senator representative lawmaker mayor governor chief executive ceo founder "
    "activist prisoner detainee doctor witness resident candidate ambassador diplomat secretary chair "
    "chairman chairwoman commander general head member manager owner driver pilot player coach author "
    "analyst researcher professor teacher student worker employee victim suspect survivor dissident".split()
)
_GROUP_NOUNS = frozenset(
    "police people government authorities administration staff family public military crew team group "
    "company party committee council court congress parliament union media press majority opposition "
    "officials leadership management board jury panel agency department ministry regime army forces "
    "couple pair both".split()
)
#: Verbs that look like singular nouns to the "it" antecedent test.
_VERBISH = frozenset(
    "said says bought made took gave got went came told thought found held left kept sent won lost put "
    "set let saw ran paid met brought built caught taught sold spent stood understood wrote began became "
    "knew grew drew threw flew chose broke spoke rose fell led read cut hit hurt shut quit would could "
    "should might must will shall can did does done".split()
)
_PRONOUN = FoldedPattern(r"\b(he|she|him|her|his|hers|they|them|their|theirs|it|its)\b")
_IT = FoldedPattern(r"\bit\b")
#: "it" with nothing to point at: "it is unclear", "it was too early", "made it clear".
_EXPLETIVE_IT = re.compile(
    r"\bit\s+(?:is|was|has been|had been|will be|would be|remains|remained|seems|seemed|appears|appeared|"
    r"became|becomes)\s+(?:not\s+)?(?:unclear|clear|too|likely|unlikely|possible|impossible|important|"
    r"difficult|hard|easy|time|necessary|true|false|known|unknown|expected|reported|estimated|believed)\b"
    r"|\b(?:make|makes|made|making)\s+it\s+(?:clear|harder|easier|possible|impossible|difficult)\b",
    re.IGNORECASE,
)


def _is_name_token(word: str, initial: bool) -> bool:
    """A capitalised word that can name someone or something (not a calendar word, and at
    the start of a sentence not a common opener such as "On" or "The")."""
    bare = word.strip("\"'\u201c\u201d\u2018\u2019(),.;:")
    if not bare[:1].isupper():
        return False
    low = bare.lower().removesuffix("'s").removesuffix("\u2019s")
    if low in CALENDAR_WORDS:
        return False
    if initial and (low in _STOPWORDS or low in _DANGLING or low in _OPENERS):
        return False
    return True


_OPENERS = frozenset(
    "on in at after before during since as despite under last early late until from by with without "
    "among amid for when while if once though although because over through about against around "
    "across into following two three four five several many some most all "
    # Prepositions are no names either: "Like the others, he endorsed Joe Biden ..." was a
    # bullet of a real Super Tuesday page, "Like" taken for the name "he" points to.
    "like unlike besides beyond within toward towards upon along alongside behind below above beneath "
    "inside outside near between throughout via per except including regarding "
    # Spoken openers are no names: "Look, he's a California liberal, so ..." (a TV
    # transcript's sentence, a real page's perspective) read "Look" as the "he".
    "look listen well now yes okay ok oh sure first second finally again frankly honestly clearly "
    "obviously remember".split()
)


#: A person described, not named, opening the sentence: "The former South Carolina governor is
#: widely considered a future Republican candidate ..." (a real page's perspective claim,
#: about Nikki Haley, named sentences before). "The (former) president ..." is left alone:
#: news writes it of the president of the day, or the one before, whom every reader knows.
_DESCRIBED_OPENER = re.compile(r"^the\s+(?:former|late|then|ex-|outgoing|onetime|one-time)[\s-]+", re.IGNORECASE)


def _described_person(bare: str) -> bool:
    """Whether the sentence opens with a person described and not named ("The former ...
    governor is ...", no name right after the role noun)."""
    m = _DESCRIBED_OPENER.match(bare)
    if not m:
        return False
    words = bare[m.end():].split()
    for k, w in enumerate(words[:5]):
        if w.strip(",.;:").lower() == "president":
            return False  # "The former president was banned ...": of 2021, Trump (stories-2021)
        if w.strip(",.;:").lower() in _PERSON_NOUNS:
            nxt = words[k + 1].strip("\"'\u201c(,") if k + 1 < len(words) else ""
            return not nxt[:1].isupper()  # "The former senator, John Kerry, said": named after all
    return False


#: A first-person pronoun outside quotation marks: a statement or a column pasted as prose.
#: "Melania and I join with a grieving Nation to mourn the loss of former President George
#: H.W. Bush." and "My thoughts and prayers are with President Bush's family ..." were
#: bullets of a real page (Trump's statement, unattributed). "I" before a lowercase word
#: or a contraction only: "World War I veterans", "Elizabeth I" are no pronouns. Nor are
#: capitals ("Sen. Susan Collins (R-ME), a moderate ..." was no answer to "Who is Susan
#: Collins?" for its "ME", Maine).
_FIRST_PERSON = re.compile(
    r"(?<![\w.-])(?:[Mm]e|[Mm]y|[Mm]ine|[Mm]yself|[Ww]e|[Oo]urs?|[Oo]urselves|us)(?![\w'\u2019-])"
    r"|(?<![\w.])I(?:['\u2019](?:m|ve|d|ll)\b|\s+(?!(?:and|or|of|in|to|veterans?)\b)[a-z])"
)


def speaks_in_first_person(sentence: str) -> bool:
    """Whether a sentence speaks in the first person outside its quotations: a statement or
    a column pasted as prose, whose "I" the page cannot name (see :data:`_FIRST_PERSON`)."""
    return _first_person(_outside_quotes(sentence))


def _first_person(bare: str) -> bool:
    """Whether text outside quotations speaks in the first person (see :data:`_FIRST_PERSON`);
    an "I" after a capitalised word that opens no sentence is a numeral ("Elizabeth I ruled")."""
    for m in _FIRST_PERSON.finditer(bare):
        if m.group(0).startswith("I") and not m.group(0).startswith(("I'", "I\u2019")):
            before = bare[: m.start()].split()
            if len(before) >= 2 and before[-1][:1].isupper() and not before[-2].endswith((".", "!", "?")):
                continue
        return True
    return False


def _unresolved_reference(text: str) -> bool:
    """Whether the sentence leans on what came before it, so it cannot stand alone.

    Outside quotations (a quote's own references are the speaker's): a back-pointing
    opener ("In return, ...", "Among them ..."), an ellipsis or back-reference ("the
    terms are less so", "the same envoy", "these individuals"), or a third-person pronoun
    before anything it could refer to -- he/she need a name or a person noun before them,
    they/them/their a name, a plural or a group noun, it/its a name or a singular noun.
    "On Thursday she walked out ..." and "The terms that bought it are less so." fail;
    "The city said it would ..." and "Ortiz said she ..." pass.
    """
    bare = _outside_quotes(text)
    if _first_person(bare):
        return True  # a statement's own words, unquoted: whose "I"?
    if _BACK_OPENER.match(bare.lstrip(" \"'\u201c\u2018(")):
        return True
    if _described_person(bare.lstrip(" \"'\u201c\u2018(")):
        return True
    if _BACK_REFERENCE.search(bare) or _BARE_QUANTIFIER.match(bare.lstrip()):
        return True
    expletive = {m.start() for m in _IT.finditer(bare)
                 if _EXPLETIVE_IT.match(bare, m.start()) or _EXPLETIVE_IT.search(bare[max(0, m.start() - 12):m.end()])}
    for m in _PRONOUN.finditer(bare):
        pron = m.group(1).lower()
        if pron == "it" and m.start() in expletive:
            continue
        before = bare[: m.start()].split()
        if not before:
            return True  # a pronoun opens the sentence
        if pron != "it" and pron != "its" and _cataphora(bare, m.start()):
            return False  # "In his address, Donald Trump said ...": the name follows at once
        names = [w for i, w in enumerate(before) if _is_name_token(w, i == 0)]
        words = [w.strip("\"'\u201c\u201d\u2018\u2019(),.;:").lower().removesuffix("'s").removesuffix("\u2019s")
                 for w in before]
        if pron in ("he", "she", "him", "her", "his", "hers"):
            ok = bool(names) or any(w in _PERSON_NOUNS or w.removesuffix("s") in _PERSON_NOUNS for w in words)
        elif pron in ("they", "them", "their", "theirs"):
            ok = bool(names) or any(
                w in _GROUP_NOUNS or w.isdigit() or w in _NUMBER_WORDS
                or (len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")) and w not in _VERBISH)
                for w in words)
        else:
            ok = bool(names) or any(
                len(w) >= 3 and w.isalpha() and w not in _STOPWORDS and w not in _VERBISH
                and not w.endswith(("ed", "ing", "ly")) and (not w.endswith("s") or w.endswith(("ss", "us", "is")))
                for w in words[1:] if w not in _STOPWORDS) or (words and words[0] not in _STOPWORDS
                                                              and words[0] not in _OPENERS and len(words[0]) >= 3
                                                              and not words[0].endswith("s"))
        if not ok:
            return True
        return False  # the first pronoun has an antecedent: later ones usually share it
    return False


def _cataphora(bare: str, at: int) -> bool:
    """A pronoun in an opening phrase whose subject, named right after the comma, it points to."""
    comma = bare.find(",")
    if comma < 0 or at > comma:
        return False
    after = bare[comma + 1:].split()
    while after and after[0].lower().strip(".") in _TITLE_WORDS | {"former", "the"}:
        after = after[1:]
    return bool(after) and _is_name_token(after[0], False)


_NUMBER_WORDS = frozenset("two three four five six seven eight nine ten dozen dozens hundreds thousands".split())


def _attribute(text: str, speaker: str | None) -> str | None:
    """A sentence that opens with a quotation, with its speaker named; None when no one
    can be named.

    ``"We will keep working."`` (a bare quote) becomes ``"We will keep working," Daniel
    Hartsock said.`` when ``speaker`` (the previous sentence's) is known; ``"...," she
    said`` gets the speaker's name for the pronoun. A quote attributed to a named or
    described speaker ("said Tobias Wren", "a senior official told reporters") stays.
    """
    close = max(text.rfind("\u201d"), text.rfind('"'))
    if close <= 0:
        return None
    tail = text[close + 1:].strip()
    if not tail or tail in ".!?":
        if not speaker:
            return None
        body = text[: close + 1]
        mark = body[close - 1] if close >= 1 else ""
        if mark == ".":
            body = body[: close - 1] + "," + body[close:]
        elif mark not in "!?":
            return None  # the quote is a fragment, not a whole sentence
        return f"{body} {speaker} said."
    if text[close - 1:close] == ".":
        return None  # '"... ." Press freedom advocates said ...': two sentences run together
    first = tail.lstrip(" ,").split(" ", 1)[0].lower()
    if first in ("he", "she", "they"):
        if not speaker or first == "they":
            return None
        m = re.match(r"^(\s*,?\s*)(he|she)\b", text[close + 1:], re.IGNORECASE)
        if not m:
            return None
        return text[: close + 1] + m.group(1) + speaker + text[close + 1 + m.end():]
    if first in ("it", "this", "that"):
        return None
    return text


#: A web address, an embedded post's link, or a social account's handle in a sentence
#: (Further Learning's test of prose holds it too): a post pasted into the article is its
#: author's words, not the outlet's ("Russian collusion delusion kook @ericswalwell just
#: told @marthamaccallum ..." was a real page's perspective of the right). An e-mail
#: address has a word before its "@".
LINK = re.compile(r"https?://|www\.|pic\.twitter|(?<![\w.@])@\w{2,}")


#: A note that someone did not answer the reporter: no claim of the story ("Representatives
#: for the ODNI and CIA did not immediately return requests for comment Monday ..." was a
#: real page's center perspective).
NO_COMMENT = re.compile(
    r"\b(?:did not|didn't|have not|haven't|has not|hasn't|could not|couldn't|would not|wouldn't)\s+"
    r"(?:immediately\s+)?(?:respond|return|reply|answer|be reached)\b[^.]{0,60}\b(?:comment|requests?|messages?|emails?|calls?|inquir\w+)\b"
    r"|\bdeclined\s+(?:to|a request to|requests to)\s+comment\b|\bno immediate comment\b|\bnot immediately available for comment\b",
    re.IGNORECASE,
)


_NO_COMMENT_WORDS = ("comment", "request", "message", "email", "call", "inquir")


def no_comment(sentence: str) -> bool:
    """Whether the sentence is a :data:`NO_COMMENT` note (a substring test first: the
    pattern is tried on every candidate sentence of a page)."""
    low = sentence.lower()
    return any(w in low for w in _NO_COMMENT_WORDS) and bool(NO_COMMENT.search(sentence))


def exclaims(sentence: str) -> bool:
    """Whether a sentence ends in its own exclamation mark (not a quotation's): a post or a
    cry pasted into the article, not its report. "Congressman Adam Schiff, who spent two
    years knowingly and unlawfully lying and leaking, should be forced to resign from
    Congress!" (a president's post, unquoted) answered "Who is Adam Schiff?" on a real page."""
    return sentence.rstrip().endswith("!")


#: "&" between two lower-case words: a post's shorthand ("must stop the open & obvious
#: hostility & report the news accurately & fairly", a president's post pasted unquoted and
#: a three-source bullet of a real page). News prose writes "and"; its "&" joins names ("AT&T",
#: "Johnson & Johnson"). 105 of 276,815 sentences of 6,000 AllSides articles have it outside
#: quotation marks; 30 read: posts, quotes' fragments, a list, and one line of prose.
_POST_AMPERSAND = re.compile(r"\b[a-z]+ & [a-z]+\b")


def not_reported(sentence: str) -> bool:
    """Whether a sentence is no report of the outlet's that a page may show: a link or a
    handle (a service note, "donations can be made at www...", or a pasted post), a post's
    own "!" or "&", or a note that someone did not comment. Bullets, perspectives and Further
    Learning's answers all skip these."""
    return (bool(LINK.search(sentence)) or exclaims(sentence) or no_comment(sentence)
            or ("&" in sentence and bool(_POST_AMPERSAND.search(_outside_quotes(sentence)))))


def _bullet_form(sentence: str, previous: str | None, max_words: int, min_words: int,
                 speaker: str | None = None) -> tuple[str | None, str | None]:
    """(readable bullet, antecedent sentence if a pronoun or speaker was filled in) or (None, None).

    ``speaker``: the person quoted just before (see :func:`_speaker`); by default the one
    the previous sentence reports speaking.
    """
    if not _balanced_quotes(sentence) or not_reported(sentence):
        return None, None
    text = _compress(sentence)
    words = text.split()
    if len(words) > max_words:
        text = _fit(text, max_words)
        words = text.split()
    if not words or len(words) > max_words:
        return None, None  # nothing left once the dateline went, or too long
    if not text[-1:] in ".!\"\u201d'\u2019)":
        return None, None  # a headline, a caption or a cut-off fragment
    first = words[0].strip("\"'\u201c\u2018(,").lower().rstrip(",") if words else ""
    if text[0] in "\"\u201c":
        if speaker is None and previous:
            speaker = _speaker(previous)
        out = _attribute(text, speaker)
        if out is None or len(out.split()) < min_words or len(out.split()) > max_words:
            return None, None
        return out, (previous if out != text else None)
    if len(words) < min_words:
        return None, None
    if first in ("he", "she"):
        name = _one_person(previous) if previous else None
        if not name:
            return None, None
        text = name + text[len(words[0]):]
        if _unresolved_reference(text[len(name):].lstrip()) and _unresolved_reference(text):
            return None, None
        return text, previous
    if first in _DANGLING or first.endswith(("'s", "\u2019s")) and first[:-2] in _DANGLING:
        return None, None
    if text.endswith("?"):
        return None, None
    if _unresolved_reference(text):
        return None, None
    return text, None


def join_quotes(sentences: Sequence[str], max_join: int = 3) -> list[str]:
    """Sentences with a multi-sentence quotation put back together.

    The splitter ends a sentence inside a quote ('"Trees are not decoration.' / 'In a
    heatwave they are medical infrastructure," said the study's lead author, Katerina
    Dvorakova, an environmental epidemiologist.'); neither half is usable, the whole is a
    quote with its speaker. Runs of at most ``max_join`` sentences whose quotation marks
    balance only together are joined; anything else stays as it was.
    """
    out: list[str] = []
    i = 0
    while i < len(sentences):
        s = sentences[i]
        if not _balanced_quotes(s):
            for j in range(i + 1, min(len(sentences), i + max_join)):
                joined = " ".join(sentences[i:j + 1])
                if _balanced_quotes(joined):
                    out.append(joined)
                    i = j + 1
                    break
            else:
                out.append(s)
                i += 1
            continue
        out.append(s)
        i += 1
    return out


def strip_dateline(sentence: str) -> str:
    """The sentence without its dateline or wire tag ("VILNIUS, Lithuania (Meridian Wire) —
    ", "(CNN) -"): place and agency of the dispatch, not part of the claim. What follows a
    removed dateline starts the sentence, so it takes a capital; a sentence with none stays
    as written ("archived recording From NBC news, ..." of a podcast transcript, capitalised,
    was an answer no longer found as written in the article it cited)."""
    out = strip_kicker(_SOURCE_TAG.sub("", _DATELINE.sub("", sentence, count=1), count=1))
    return out[:1].upper() + out[1:] if out and out != sentence else out


@per_page  # Further Learning: every question reads the same sentences
def stands_alone(sentence: str) -> bool:
    """Whether a sentence reads on its own, by the bullets' rules: balanced quotes, a quote
    that names its speaker, no dangling opener ("But", "Its director"), no pronoun or
    back-reference before what it points to ("Among them was ...", "the same envoy").

    For other stages that quote article sentences (Further Learning answers).
    """
    text = " ".join(sentence.split())
    if not text or not _balanced_quotes(text):
        return False
    if text[0] in "\"\u201c":
        return _attribute(text, None) == text
    first = text.split()[0].strip("\"'\u201c\u2018(,").lower().rstrip(",")
    if first in _DANGLING or first.endswith(("'s", "\u2019s")) and first[:-2] in _DANGLING:
        return False
    return not _unresolved_reference(text)


# --------------------------------------------------------------------------- vectors
_SUBLINEAR = [0.0] + [1.0 + math.log(c) for c in range(1, 64)]


def _tfidf(token_lists: Sequence[Sequence[str]],
           counted: Sequence[Counter[str]] | None = None) -> tuple[sparse.csr_matrix, dict[str, int], np.ndarray]:
    """Sublinear TF x smoothed IDF over the given units, rows L2-normalised; ``counted``:
    the units' token counts when the caller has them (``Counter(tokens)`` of each)."""
    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for r, toks in enumerate(token_lists):
        counts = counted[r] if counted is not None else Counter(toks)
        # A row at a time (list comprehensions, a table of 1 + log c): the same vocabulary
        # order and the same values as appending term by term, in half the time.
        cols.extend([vocab.setdefault(t, len(vocab)) for t in counts])
        vals.extend([_SUBLINEAR[c] if c < len(_SUBLINEAR) else 1.0 + math.log(c) for c in counts.values()])
        rows.extend([r] * len(counts))
    n = len(token_lists)
    m = sparse.csr_matrix((vals, (rows, cols)), shape=(n, max(1, len(vocab))), dtype=np.float64)
    df = np.bincount(cols, minlength=m.shape[1]).astype(np.float64)
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    m = m @ sparse.diags(idf)
    return _normalize_rows(m), vocab, idf


def _normalize_rows(m: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ m)


@dataclass
class _Story:
    docs: list[_Doc]
    originals: list[_Doc]
    sents: list[_Sent]
    X: sparse.csr_matrix  # sentence vectors
    S: np.ndarray  # sentence x sentence cosine
    support: list[list[int]]  # per sentence: indices (into originals) of articles that say it
    counts: list[frozenset[tuple[str, str]]] = field(default_factory=list)  # per sentence: (number, thing)
    # Per sentence, its best cosine in each article that has sentences; that article's index.
    best: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    best_articles: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    @cached_property
    def doc_terms(self) -> list[set[str]]:
        """Per original article, the content words of its sentences."""
        out: list[set[str]] = [set() for _ in self.originals]
        for s in self.sents:
            out[s.doc].update(s.tokens)
        return out


#: Counts written as words: disputes' table, one to twenty (what the count keys were checked
#: with; its tens and scales are not used here).
_NUMBER_WORDS = {w: str(v) for w, v in NUMBER_WORDS.items() if v <= 20}
_COUNTED = FoldedPattern(
    r"(?<![\d$\u20ac\u00a3.,:])\b(\d{1,3}(?:,\d{3})+|\d+|" + "|".join(_NUMBER_WORDS) + r")\s+"
    r"((?:[a-z][a-z-]*\s+){0,2}?)(people|children|men|women|[a-z]{3,}s)\b"
)
#: Plural nouns that measure rather than count things: "for 23 years", "12 points".
_MEASURES = frozenset(
    "years months weeks days hours minutes seconds times percent points miles kilometres kilometers "
    "metres meters feet inches pounds kilograms tons tonnes dollars euros degrees votes".split()
)


def _count_keys(sentence: str) -> frozenset[tuple[str, str]]:
    """The counts a sentence states, as (number, counted thing): "freed 14 political
    prisoners" -> ("14", "prisoner"). Years, money, times and measures are left out: they
    date or size a claim rather than name it."""
    out = set()
    for m in _COUNTED.finditer(_outside_quotes(sentence)):
        raw, head = m.group(1).lower().replace(",", ""), m.group(3).lower()
        value = _NUMBER_WORDS.get(raw, raw)
        if head in _MEASURES or (len(value) == 4 and value[:2] in ("19", "20")) or value in ("0", "1"):
            continue
        out.add((value, head[:-1] if head.endswith("s") else head))
    return frozenset(out)


def _analyse(articles: Iterable[Any], *, max_words: int, weights: Weights) -> _Story:
    docs = _docs(articles)
    originals = [d for d in docs if d.original == d.id]
    split = [join_quotes(prose_sentences(d.text)) for d in originals]
    keep = sentence_budget([len(x) for x in split], MAX_SENTENCES)
    sents: list[_Sent] = []
    for k, d in enumerate(originals):
        previous = None
        speaker: str | None = None  # who is being quoted: carried over a run of quote sentences
        people: dict[str, tuple[str, str]] = {}  # surname -> (full name, where first named)
        for pos, s in enumerate(split[k][:keep]):
            bullet, resolved = _bullet_form(s, previous, max_words, weights.min_words, speaker)
            if bullet and resolved is None:
                bullet, resolved = _full_name_first(bullet, people)
                if bullet and len(bullet.split()) > max_words:
                    bullet, resolved = None, None
            named = _people_named(s)  # read twice: for surnames here, by _speaker below
            for _, name in named:
                people.setdefault(name.split()[-1], (name, s))
            sents.append(_Sent(doc=k, pos=pos, text=s, tokens=content_tokens(s), bullet=bullet, resolved=resolved))
            said = _speaker(s, named)
            bare_quote = s[:1] in "\"\u201c" and s.rstrip()[-1:] in "\"\u201d"
            speaker = said or (speaker if bare_quote else None)
            previous = s
    if not sents:
        return _Story(docs, originals, [], sparse.csr_matrix((0, 1)), np.zeros((0, 0)), [])
    X, _, _ = _tfidf([s.tokens for s in sents], [s.counts for s in sents])
    S = (X @ X.T).toarray()
    doc_of = np.array([s.doc for s in sents])
    # Best match of every sentence in every article: one reduceat over the columns, which
    # are grouped by article because sentences were appended article by article.
    starts = [a for a, _ in _article_rows(doc_of).values()]
    best = np.maximum.reduceat(S, starts, axis=1)  # sentences x articles-with-sentences
    art_of_col = doc_of[starts]
    counts = [_count_keys(s.text) for s in sents]
    stating: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, keys in enumerate(counts):
        for key in keys:
            stating[key].append(i)
    # Every (sentence, article) pair above the threshold in one pass, not a numpy call per sentence.
    hits: list[set[int]] = [{s.doc} for s in sents]
    rows, cols = np.nonzero(best >= PARAPHRASE)
    for i, a in zip(rows.tolist(), art_of_col[cols].tolist()):
        hits[i].add(a)
    for i, keys in enumerate(counts):
        for key in keys:
            hits[i].update(sents[j].doc for j in stating[key] if S[i, j] >= COUNT_FLOOR)
    support = [sorted(h) for h in hits]
    return _Story(docs, originals, sents, X, S, support, counts, best, art_of_col)


def _article_rows(doc_of: np.ndarray) -> dict[int, tuple[int, int]]:
    """Article -> (first row, end row) of its sentences, in story order: sentences are
    appended article by article, so each article's rows are one slice."""
    bounds = np.flatnonzero(np.r_[True, doc_of[1:] != doc_of[:-1], True])
    return {int(doc_of[a]): (int(a), int(b)) for a, b in zip(bounds[:-1], bounds[1:])}


def _independent(story: _Story, arts: Sequence[int]) -> float:
    """Independent support of a claim: distinct outlets, plus a little for copies."""
    outlets = {story.originals[a].outlet_key for a in arts}
    copies = sum(len(story.originals[a].copies) for a in arts)
    return len(outlets) + COPY_WEIGHT * copies


def _score_parts(story: _Story, weights: Weights) -> dict[str, np.ndarray]:
    """Per sentence, the signals the score combines (each scaled to about 0..1)."""
    sents, X, S = story.sents, story.X, story.S
    n_docs = len(story.originals)
    doc_of = np.array([s.doc for s in sents])
    # Centroid: every original article weighs the same, its title counting as a lead sentence.
    titles = [content_tokens(d.title) for d in story.originals]
    centroid = np.zeros(X.shape[1])
    blocks = _article_rows(doc_of)
    for k in range(n_docs):
        if k in blocks:
            a, b = blocks[k]
            v = np.asarray(X[a:b].sum(axis=0)).ravel()
            nv = np.linalg.norm(v)
            if nv:
                centroid += v / nv
    cen = X @ centroid
    cen = cen / (cen.max() or 1.0)
    # LexRank-style degree: similarity mass from *other* articles' sentences (each
    # article's own block zeroed: the same matrix as masking, without a mask as big as it).
    cross = S.copy()
    for a, b in blocks.values():
        cross[a:b, a:b] = 0.0
    deg = cross.sum(axis=1)
    deg = deg / (deg.max() or 1.0)
    # Similarity to the closest headline: sentences that restate headlines.
    tsim = np.zeros(len(sents))
    if any(titles):
        tv, _, _ = _tfidf(titles + [s.tokens for s in sents], [Counter(t) for t in titles] + [s.counts for s in sents])
        T = tv[: len(titles)]
        sv = tv[len(titles):]
        tsim = np.asarray((sv @ T.T).max(axis=1).todense()).ravel()
    max_ind = _independent(story, range(n_docs)) or 1.0
    agree = np.array([
        (_independent(story, sup) - 1.0) / max(1.0, max_ind - 1.0) for sup in story.support
    ])
    pos = np.exp(-np.array([s.pos for s in sents]) / weights.position_scale)
    return {"centroid": cen, "lexrank": deg, "title": tsim, "agreement": agree, "position": pos}


def _scores(story: _Story, weights: Weights) -> np.ndarray:
    p = _score_parts(story, weights)
    # The title bonus is folded into centrality (half of ``title_weight`` times the cosine).
    return (weights.centroid * (p["centroid"] + weights.title_weight * 0.5 * p["title"])
            + weights.lexrank * p["lexrank"] + weights.agreement * p["agreement"]
            + weights.position * p["position"])


def _concepts(story: _Story) -> tuple[list[set[str]], dict[str, float]]:
    """Per sentence, its concepts (content unigrams and bigrams); and each concept's weight:
    the number of independent articles using it, for concepts at least two articles share.

    Covering what several outlets say is the "agreement" signal at the level of facts
    rather than whole sentences (Gillick & Favre's concept coverage, done greedily).
    """
    per_sent: list[set[str]] = []
    used_by: dict[str, set[str]] = defaultdict(set)
    for s in story.sents:
        toks = s.tokens
        cs = set(toks) | {f"{a} {b}" for a, b in pairwise(toks)}
        per_sent.append(cs)
        key = story.originals[s.doc].outlet_key
        for c in cs:
            used_by[c].add(key)
    weight = {c: float(len(k)) for c, k in used_by.items() if len(k) >= 2}
    return per_sent, weight


def _select(story: _Story, score: np.ndarray, candidates: list[int], k_max: int, k_min: int,
            weights: Weights, coverage: bool = False) -> list[int]:
    """Greedy MMR; with ``coverage``, a candidate also gains for shared concepts not yet covered.

    Each round's redundancy and coverage gain are kept up to date as vectors over the
    candidates (a pair-by-pair loop over numpy scalars took a quarter of a second on 40
    articles); the pick is the same sequential first-best scan with the same tolerance, and
    the gains are sums of whole numbers, exact in any order."""
    chosen: list[int] = []
    idx = np.asarray(candidates, dtype=np.int64)
    alive = np.ones(len(idx), dtype=bool)
    red = np.zeros(len(idx))
    blocked = np.zeros(len(idx), dtype=bool)  # states a count an earlier pick states too
    top = None
    concepts, cweight = _concepts(story) if coverage and weights.coverage else ([], {})
    gain = np.zeros(len(idx))
    holders: dict[str, list[int]] = defaultdict(list)  # concept -> positions in idx
    if cweight:
        for pos, i in enumerate(candidates):
            for c in concepts[i]:
                w = cweight.get(c)
                if w:
                    gain[pos] += w
                    holders[c].append(pos)
    norm = (float(gain.max()) if len(idx) else 0.0) if cweight else 1.0
    norm = norm or 1.0
    covered: set[str] = set()
    base = score[idx] if len(idx) else np.zeros(0)
    while alive.any() and len(chosen) < k_max:
        v = base - weights.mmr * red
        if cweight:
            v = v + weights.coverage * gain / norm
        ok = alive & (red < REDUNDANT) & ~blocked
        best_pos, best_v = -1, -math.inf
        for pos, val in zip(np.flatnonzero(ok).tolist(), v[ok].tolist()):
            if val > best_v + 1e-12:
                best_pos, best_v = pos, val
        if best_pos < 0:
            break
        if top is None:
            top = best_v
        elif len(chosen) >= k_min and best_v < KEEP_SHARE * top:
            break
        best_i = candidates[best_pos]
        chosen.append(best_i)
        alive[best_pos] = False
        row = story.S[best_i, idx]
        red = np.maximum(red, row)
        if story.counts and story.counts[best_i]:
            mine = story.counts[best_i]
            for pos in np.flatnonzero(alive & (row >= COUNT_FLOOR)).tolist():
                if story.counts[candidates[pos]] & mine:
                    blocked[pos] = True
        if cweight:
            for c in concepts[best_i] - covered:
                w = cweight.get(c)
                if w:
                    for pos in holders[c]:
                        gain[pos] -= w
            covered |= concepts[best_i]
    return chosen


#: Whether bullets that are mostly a quotation come after those that state a fact. Two
#: outlets printing the same statement agree on what was said, not on what happened: a real
#: page on the October 2018 pipe bombs led with three quotes its outlets shared (CNN's
#: president, Trump, Scalise) and put the bombs themselves fifth. The three-article roundups
#: rarely have a bullet two outlets share, so ROUGE barely moves (anchors' protocol, on /
#: off, 2026-12-04): train 0.4443 / 0.4440 R1, 0.1958 both R2; val 0.4376 / 0.4382 R1,
#: 0.1934 / 0.1945 R2.
QUOTES_AFTER_FACTS = True
#: Share of a bullet's words inside quotation marks from which it is "mostly a quotation".
QUOTED_SHARE = 0.5


def mostly_quoted(text: str) -> bool:
    """Whether most of a sentence's words are inside quotation marks."""
    words = len(text.split())
    return bool(words) and len(_outside_quotes(text).split()) < (1.0 - QUOTED_SHARE) * words


def _cited(story: _Story, arts: Sequence[int]) -> list[str]:
    """Article ids of a claim's supporting originals, in story order (copies are not cited)."""
    return [story.originals[a].id for a in sorted(arts, key=lambda a: story.originals[a].index)]


def breakdown(
    articles: Iterable[Any],
    *,
    max_bullets: int = 8,
    min_bullets: int = 3,
    max_words: int = 40,
    weights: Weights = DEFAULT_WEIGHTS,
) -> list[dict[str, Any]]:
    """The main facts as bullets, most important first, each citing every article that says it.

    Returns ``[{"text", "sources": [article ids], "support": n}]`` where ``support`` is the
    number of independent sources (distinct outlets; copies never count). Bullets backed by
    two or more sources come before single-source ones, except a bullet that is mostly a
    quotation (:data:`QUOTES_AFTER_FACTS`), which follows every statement of fact; within a
    tier, by score. Fewer than
    ``min_bullets`` only when the story has too few usable sentences.
    """
    story = _analyse(articles, max_words=max_words, weights=weights)
    return _breakdown(story, _scores(story, weights) if story.sents else np.zeros(0), max_bullets, min_bullets, weights)


def _breakdown(story: _Story, score: np.ndarray, max_bullets: int, min_bullets: int,
               weights: Weights) -> list[dict[str, Any]]:
    if not story.sents:
        return []
    candidates = [i for i, s in enumerate(story.sents) if s.bullet]
    chosen = _select(story, score, candidates, max_bullets, min_bullets, weights, coverage=True)
    bullets = []
    for rank, i in enumerate(chosen):
        sup = story.support[i]
        support = len({story.originals[a].outlet_key for a in sup})
        said = mostly_quoted(story.sents[i].bullet) if QUOTES_AFTER_FACTS else False
        bullets.append((-(support >= 2 and not said), said, rank, i, {
            "text": story.sents[i].bullet,
            "sources": _cited(story, sup),
            "support": support,
        }))
    bullets.sort(key=lambda b: b[:4])
    out = [b[4] for b in bullets]
    # A person an earlier bullet introduced needs no second description.
    known: set[str] = set()
    for b in out:
        b["text"] = drop_known_appositives(b["text"], known)
        known |= {n for m in _NAME.finditer(b["text"]) if (n := _person_name(m.group(1)))}
    return out


# --------------------------------------------------------------------------- title
_SUFFIX = re.compile(r"^(?P<head>.{12,}?)\s+(?:\||[-\u2013\u2014]|::)\s+(?P<tail>[^|\u2013\u2014]{2,40})$")


def _clean_title(title: str, source: str) -> str:
    """Strip outlet suffixes (" | Outlet", " - Outlet") and labels ("BREAKING:")."""
    t = strip_kicker(" ".join(title.split()))
    for _ in range(2):
        m = _SUFFIX.match(t)
        if not m:
            break
        tail = m.group("tail").strip()
        words = tail.split()
        src = source.lower().removeprefix("www.").split(".")[0]
        looks_like_outlet = (
            (src and src in tail.lower().replace(" ", ""))
            or (len(words) <= 4 and all(w[:1].isupper() or not w[:1].isalpha() for w in words))
            or re.search(r"\.(com|org|net|co|uk|news)\b", tail.lower())
        )
        if not looks_like_outlet:
            break
        t = m.group("head").strip()
    return t


def _shouting(title: str) -> bool:
    letters = [c for c in title if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) > 0.7 * len(letters)


def story_title(articles: Iterable[Any]) -> str:
    """The headline that best stands for the whole story.

    Among the originals' cleaned titles, the one most central to the others (mean TF-IDF
    cosine to the other titles and to every article's lead: shared information, not one
    outlet's framing), penalising shouting capitals, questions and very short or long
    titles. Ties go to the earliest article in the input, then the smaller id.
    """
    docs = _docs(articles)
    originals = [d for d in docs if d.original == d.id] or docs
    best = _best_title(originals)
    if best is None:
        d = originals[0] if originals else None
        if d is None:
            return ""
        first = prose_sentences(d.text)[:1]
        return " ".join(first[0].split()[:14]) if first else ""
    return best[1]


def _best_title(originals: Sequence[_Doc]) -> tuple[_Doc, str] | None:
    """The article whose cleaned title is most central among ``originals`` (see
    :func:`story_title`) and that title; None when none has a title."""
    cands = [(d, _clean_title(d.title, d.source)) for d in originals if d.title.strip()]
    if not cands:
        return None
    leads = [" ".join(prose_sentences(lead_paragraphs(d.text))[:3]) for d in originals]
    units = [content_tokens(t) for _, t in cands] + [content_tokens(l) for l in leads]
    X, _, _ = _tfidf(units)
    S = (X @ X.T).toarray()
    n = len(cands)
    # Mean similarity to the other titles and to every lead, in one pass over the matrix
    # (a loop over the pairs took 1 s of a 1,000-article story's row).
    others = len(leads) + n - 1
    sums = S[:n].sum(axis=1) - S[np.arange(n), np.arange(n)]
    best_key, best = None, cands[0]
    for i, (d, t) in enumerate(cands):
        central = float(sums[i]) / others if others else 0.0
        n_words = len(t.split())
        penalty = 0.0
        if _shouting(t):
            penalty += 0.3
        if "?" in t:
            penalty += 0.3  # question-bait ("Is the bridge safe?") asks; the story title tells
        if n_words < 4 or n_words > 20:
            penalty += 0.15
        if t.endswith(("\u2026", "...")):
            penalty += 0.3  # a title cut from the first sentence, not a headline
        if t.count(":") or t.startswith(("'", '"', "\u201c", "\u2018")):
            penalty += 0.05  # "Trump: ..." quote-headlines are one voice, not the story
        key = (-(central - penalty), d.index, d.id)
        if best_key is None or key < best_key:
            best_key, best = key, (d, t)
    d, t = best
    return d, (t[:1].upper() + t[1:].lower() if _shouting(t) else t)


# --------------------------------------------------------------------------- perspectives
#: A side's summary sentence must be at least this distinctive (mean distinctive weight of
#: its content tokens, in units of the side's strongest term) to be shown at all.
MIN_DISTINCT = 0.05
#: Weight of the sentence's story-wide importance (the breakdown's score) beside its
#: distinctiveness, in a side's summary: it breaks near-ties. Its size barely matters on the
#: editors' account of each side's coverage (``python -m benchmarks.perspectives --part
#: tune --set PERSPECTIVE_CENTRALITY=X``, ROUGE-1 recall of the side's summary, 2026-12-05):
#: 0.1 0.2325, 0.3 0.2360, 0.6 0.2350, 1.0 0.2335, 5.0 0.2334. Neither did a bonus for an
#: early sentence (0.05-1.0: 0.2299-0.2342) or for the words of the side's own headline
#: (0.1-1.0: 0.2328-0.2348). A floor on the sentence's similarity to the story's centroid,
#: against off-subject sentences, was tried and not kept: on the tune part it moved nothing
#: up to 0.35 (0.5: F1 0.157 -> 0.156, more sides empty); on the 40 biggest stories of
#: January 2020 it took 13 of 250 perspective sentences at 0.2 and 77 at 0.35, and of the
#: 13, read by hand, about as many were a side's framing on the subject ("the defense
#: team's opening remarks alone contained at least four easily refuted lies") as were off
#: it (a writer's bio, Trudeau's minority government on a USMCA page).
PERSPECTIVE_CENTRALITY = 0.1
#: Content tokens that make a sentence without names or numbers concrete enough for a
#: side's summary ("The transit agency added extra ferry trips across the harbor to carry
#: stranded commuters": 11; "The administration defends the approach as the only one that
#: has worked": 5).
SUBSTANCE_TOKENS = 9
#: Content tokens below which a side's sentence is scored as if it had this many.
SHORT_FLOOR = 12
#: A side's sentence with a near-paraphrase (cosine >= this) on another side is shared, not
#: distinctive.
SHARED = PARAPHRASE


def perspectives(articles: Iterable[Any], *, max_sentences: int = 3, max_words: int = 40,
                 weights: Weights = DEFAULT_WEIGHTS) -> dict[str, dict[str, Any]]:
    """Per side (left = left + lean-left, center, right = right + lean-right, unknown):
    ``count`` (articles, copies included), ``sources`` (distinct outlets, a copy and its
    original counted once), ``outlets`` (their names), ``articles`` (ids), ``headline`` (the
    side's most representative headline, cited; None without articles) and ``summary``:
    1-3 sentences this side's articles emphasise and the other sides' do not, each citing
    the side's articles that say it.

    Distinctiveness: each term's weight is its document-frequency share on this side minus
    the share on the other sides, times IDF; a sentence scores the mean weight of its terms
    (short ones counted as ``SHORT_FLOOR`` terms long, so a terse aside of rare words does
    not beat a full claim), and a sentence the other sides paraphrase is dropped, as is one
    that names nothing, states no number and is short (:func:`_has_substance`). Candidates
    follow the breakdown's standalone rules: no dangling references, quotes with speakers. When no other side exists, every
    claim is "this side's" and the most central sentences are shown instead.
    """
    story = _analyse(articles, max_words=max_words, weights=weights)
    return _perspectives(story, _scores(story, weights) if story.sents else np.zeros(0), max_sentences, weights)


def summarize_story(articles: Iterable[Any], *, max_bullets: int = 8, min_bullets: int = 3, max_words: int = 40,
                    max_sentences: int = 3, weights: Weights = DEFAULT_WEIGHTS) -> dict[str, Any]:
    """``{"breakdown": ..., "perspectives": ...}`` as :func:`breakdown` and :func:`perspectives`
    return them, from one reading of the articles (the sentence analysis is most of the
    work: a 40-article page does it once instead of twice)."""
    story = _analyse(articles, max_words=max_words, weights=weights)
    base = _scores(story, weights) if story.sents else np.zeros(0)
    return {"breakdown": _breakdown(story, base, max_bullets, min_bullets, weights),
            "perspectives": _perspectives(story, base, max_sentences, weights)}


def _perspectives(story: _Story, base: np.ndarray, max_sentences: int, weights: Weights) -> dict[str, dict[str, Any]]:
    docs = story.docs
    by_id = {d.id: d for d in docs}
    out: dict[str, dict[str, Any]] = {}
    doc_of = np.array([s.doc for s in story.sents], dtype=int)
    for side in SIDES:
        members = [d for d in docs if d.side == side]
        keys: set[str] = set()
        outlets: set[str] = set()
        for d in members:
            root = by_id[d.original]
            key = root.outlet_key if root.side == side else d.outlet_key
            if key not in keys:
                keys.add(key)
                outlets.add((root if root.side == side else d).source or d.id)
        out[side] = {
            "count": len(members),
            "sources": len(keys),
            "outlets": sorted(outlets),
            "articles": [d.id for d in members],
            "headline": _side_headline(members, by_id),
            "summary": [],
        }
        side_arts = [k for k, d in enumerate(story.originals) if d.side == side]
        if not side_arts or not story.sents:
            continue
        out[side]["summary"] = _side_summary(story, base, doc_of, set(side_arts), max_sentences, weights)
    return out


def _side_headline(members: Sequence[_Doc], by_id: dict[str, _Doc]) -> dict[str, Any] | None:
    """The side's own headline: the most central of its articles' cleaned titles (as the
    story title is chosen among all), citing that article and its copies on the side.

    How an outlet frames an event shows first in its headline, and the editors' account of
    a side's coverage often says so ("left-rated outlets led with Murthy's comments in their
    headlines"). On AllSides stories-2021 (``python -m benchmarks.perspectives``, tune part,
    40 words) the side's headline before its summary lifts ROUGE-1 F1 against that account
    from 0.157 to 0.178; and a side whose sentences the others all share, or whose excerpt
    holds no sentence that stands alone (55 of 401 sides), still shows what it led with."""
    own = [d for d in members if by_id[d.original].side != d.side or d.original == d.id]
    best = _best_title(own)
    if best is None:
        return None
    d, text = best
    return {"text": text, "sources": [d.id] + [m.id for m in members if m.original == d.id and m.id != d.id]}


def _has_substance(text: str) -> bool:
    """Whether a sentence names someone or something, states a number or is long enough
    to say something concrete (``SUBSTANCE_TOKENS`` content words): a claim rather than
    commentary that leans on its article ("Some critics questioned whether any concession
    was wise.": five content words, no name)."""
    words = _outside_quotes(text).split()
    if len(content_tokens(text)) >= SUBSTANCE_TOKENS:
        return True
    # A capitalised first word alone proves nothing ("Observers indicate ..."); a name
    # elsewhere, a two-word name at the start or a number does.
    return any(
        any(c.isdigit() for c in w) or _is_name_token(w, False) and (i > 0 or len(words) > 1 and _is_name_token(words[1], False))
        for i, w in enumerate(words))


def _side_summary(story: _Story, base: np.ndarray, doc_of: np.ndarray, side_arts: set[int],
                  k: int, weights: Weights) -> list[dict[str, Any]]:
    n_docs = len(story.originals)
    other_arts = set(range(n_docs)) - side_arts
    in_side = np.isin(doc_of, list(side_arts))
    cands = [i for i in np.flatnonzero(in_side) if story.sents[i].bullet]
    if not cands:
        return []
    if not other_arts:
        score = base
        chosen = _select(story, score, cands, k, 1, weights)
    else:
        doc_terms = story.doc_terms
        df_side: Counter[str] = Counter(t for a in side_arts for t in doc_terms[a])
        df_other: Counter[str] = Counter(t for a in other_arts for t in doc_terms[a])
        df_all = df_side + df_other
        w = {}
        for t, c in df_side.items():
            d = c / len(side_arts) - df_other.get(t, 0) / len(other_arts)
            if d > 0:
                w[t] = d * (math.log((1 + n_docs) / (1 + df_all[t])) + 1.0)
        if not w:
            return []
        top_w = max(w.values())
        score = np.full(len(story.sents), -math.inf)
        # Whether the other sides say it too: the best match in their articles (the max of
        # each article's best, not a copy of their columns of the sentence matrix).
        other_cols = ~np.isin(story.best_articles, list(side_arts))
        said_elsewhere = (story.best[:, other_cols].max(axis=1) >= SHARED) if other_cols.any() \
            else np.zeros(len(story.sents), dtype=bool)
        for i in cands:
            toks = story.sents[i].tokens
            if not toks:
                continue
            if said_elsewhere[i]:
                continue  # the other sides say this too
            if not _has_substance(story.sents[i].bullet or ""):
                continue  # "Some critics questioned whether any concession was wise."
            # Mean distinctive weight, short sentences counted as SHORT_FLOOR tokens long:
            # a 6-word aside of rare words is not more distinctive than a full claim.
            distinct = sum(w.get(t, 0.0) for t in toks) / (max(len(toks), SHORT_FLOOR) * top_w)
            if distinct < MIN_DISTINCT:
                continue
            # Distinctive first; centrality/position break near-ties towards what matters.
            score[i] = distinct + PERSPECTIVE_CENTRALITY * base[i]
        ok = [i for i in cands if score[i] > -math.inf]
        chosen = _select(story, score, ok, k, 1, weights)
    result = []
    for i in chosen:
        sup = [a for a in story.support[i] if a in side_arts]
        result.append({"text": story.sents[i].bullet, "sources": _cited(story, sup)})
    return result


# --------------------------------------------------------------------------- checks
def faithfulness(bullet: str, articles: Iterable[Any], sources: Sequence[str]) -> float:
    """Share of the bullet's content tokens found in one sentence of a cited article.

    The best-matching cited sentence counts (a bullet is one claim, taken from one
    sentence); 1.0 means every content word of the bullet is in that sentence. A name the
    bullet filled in for a pronoun, an unattributed quote ("..., Daniel Hartsock said") or
    a bare surname ("Reyes is ..." -> "Tomás Reyes is ...") counts as found when a sentence
    before it in the same article names that person: that is where the extractor took it from.
    """
    toks = content_tokens(bullet)
    if not toks:
        return 1.0
    need = Counter(toks)
    names = {t for w in bullet.split() if w.strip("\"'\u201c\u2018(")[:1].isupper() for t in content_tokens(w)}
    cited = set(sources)
    best = 0.0
    for a in articles:
        if _field(a, "id") not in cited:
            continue
        sents = [set(content_tokens(s)) for s in join_quotes(split_sentences(_field(a, "text") or ""))]
        for j, have in enumerate(sents):
            before = set().union(*sents[:j]) & names
            share = sum(c for t, c in need.items() if t in have or t in before) / len(toks)
            best = max(best, share)
    return best
