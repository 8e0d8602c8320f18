"""Name keys and person-name matching across spellings and transliterations.

News about Eastern Europe spells the same person several ways: Belarusian-style
("Maria Kalesnikava", "Sviatlana Tsikhanouskaya"), Russian-style ("Maria Kolesnikova",
"Svetlana Tikhanovskaya"), Latin-script with diacritics ("Alesia Žuraŭskaja") and
the wire's diacritic-free form ("Nauseda" for "Nausėda"). Two keys bring them
together:

* :func:`ascii_key` — anyascii transliteration, case-folded, punctuation dropped.
  Equal keys mean "the same string up to typography" (``U.S.`` / ``US`` differ only
  through the gazetteer's case rule, see ``entities.py``).
* :func:`phonetic_fold` — one token folded by the transliteration rules below, so
  that the variants of one name become the *same* string. Every rule is applied to
  both sides of a comparison, so a rule only has to be consistent, not correct.

:func:`same_person` then accepts two full names when the surnames fold alike (or
differ by one transliteration-typical substitution, :func:`surnames_match`) *and*
the given names are compatible (:func:`given_names_compatible`): equal folds, a known
variant group ("Aliaksandr" / "Alexander"), or an initial. Requiring both keeps
"Maria Kolesnikova" apart from "Olga Kolesnikova" and "Maria Kolesnikova" apart from
"Maria Ivanova". A generational suffix belongs to the surname ("Donald Trump Jr." is not
"Donald Trump"), and different middle initials are different people ("George H.W. Bush"
is not "George W. Bush", :func:`middles_compatible`).

This module is pure string logic and the gazetteer (``data/gazetteer.json``): known
entities with their aliases and types, and the given-name variant groups.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from anyascii import anyascii
from rapidfuzz.distance import Levenshtein

from .records import NewsprismError

__all__ = [
    "DESCRIPTION_WORDS",
    "ENTITY_TYPES",
    "EntityType",
    "PERSON_TITLES",
    "Gazetteer",
    "GazetteerError",
    "ascii_key",
    "ascii_tokens",
    "default_gazetteer",
    "given_names_compatible",
    "middle_initials",
    "middles_compatible",
    "load_gazetteer",
    "person_key",
    "phonetic_fold",
    "same_person",
    "substitution_keys",
    "surnames_match",
    "variant_index",
]

#: Words a news text writes before a person's name as their title or office, lower-case
#: without a final period ("President Joe Biden", "Sen. Cruz", "Mr. Maddox"). The page's
#: stages strip them from a name's front ("Who is Ales Bialiatski?", not "Who is Nobel
#: laureate ..."), each adding the words of its own task (see the modules' sets).
PERSON_TITLES = frozenset(
    "president prime minister secretary leader senator sen rep gov governor mayor mr mrs ms dr judge king "
    "queen pope general chief spokesman spokeswoman spokesperson ceo director".split()
)
#: Words of a description before a name that are no title ("opposition activist Maria
#: Kolesnikova", "former envoy John Coale"): stripped with the titles where a stage reads a
#: person's name off its description (disputes' names, Further Learning's subjects).
DESCRIPTION_WORDS = frozenset(
    "activist ambassador chancellor deputy envoy foreign former founder laureate opposition prof special "
    "vice".split()
)

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_APOSTROPHES = re.compile(r"[\u2019\u2018\u02bc`´]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _transliterate(m: re.Match[str]) -> str:
    return anyascii(m.group())


def ascii_tokens(text: str) -> list[str]:
    """Lower-case ASCII word tokens: "Nausėda's" -> ["nauseda", "s"], "U.S." -> ["u", "s"].

    Hyphens split tokens too ("Jean-Pierre" -> ["jean", "pierre"]); callers that must keep
    a hyphenated surname whole join the tokens back (see :func:`person_key`).
    """
    text = _APOSTROPHES.sub("'", text)
    # anyascii maps one character at a time, in Python: only the non-ASCII runs go through
    # it (the same output; a mostly-English sentence with one curly quote cost the
    # disagreement finder a fifth of its time on 40 AllSides articles).
    if not text.isascii():
        text = _NON_ASCII.sub(_transliterate, text)
    return [t for t in _NON_ALNUM.split(text.casefold().replace("'", "")) if t]


#: An acronym as news text writes it: two to six capitals, maybe a plural "s" ("FDA",
#: "CDC", "NAACP", "MREs"). Read by ``entities`` (an acronym spelling a name out) and
#: ``questions`` (an organisation known or searched for by its acronym).
ACRONYM = re.compile(r"[A-Z]{2,6}s?")


@lru_cache(maxsize=65536)
def ascii_key(text: str) -> str:
    """Typography-insensitive key: "Nausėda" == "Nauseda", "U.S." == "U S" == "US" == "us",
    "F.B.I." == "FBI". A run of single letters is one acronym: a November 2016 page listed
    both "FBI" and "F.B.I." (the New York Times' spelling, typed a place) as Top Keywords."""
    tokens = ascii_tokens(text)
    if len(tokens) < 2 or all(len(t) > 1 for t in tokens):
        return " ".join(tokens)
    out: list[str] = []
    run = False  # the last token was a single letter
    for t in tokens:
        single = len(t) == 1 and t.isalpha()
        if single and run:
            out[-1] += t
        else:
            out.append(t)
        run = single
    return " ".join(out)


# --- transliteration folding ----------------------------------------------------------------
# Each rule is an alternation seen between the Belarusian, Russian, Ukrainian and
# Polish/Czech-style romanisations of the same name, or between a diacritic spelling
# and the wire's ASCII one. The cases they were written for are the tests in
# tests/test_entities.py (Kolesnikova/Kalesnikava, Tsikhanouskaya/Tikhanovskaya,
# Zhurauskaya/Zhuravskaya/Žuraŭskaja, Hrynkevich/Grinkevich/Hrynkievič, Zelenskyy/Zelensky,
# Sviatlana/Svetlana, Uladzimir/Vladimir, Alesia/Olesya, Dvořáková/Dvorakova).

#: Feminine and masculine adjectival endings: -skaya/-skaja/-skaia/-ska and
#: -skiy/-skyy/-skyi/-skij/-skii/-sky/-ski. Applied before the letter rules so the
#: ending is recognised in its written form.
_ENDINGS = (
    (re.compile(r"(?<=[sc]k)(?:aya|aja|aia|ai|a)$"), "a"),
    (re.compile(r"(?:iy|yy|yi|ij|ii|y)$"), "i"),
)
#: Letter groups that romanisations write differently for one sound; longest first.
#: anyascii already turned "ž" into "z", "š" into "s", "č"/"ć" into "c": folding the
#: digraphs "zh"/"sh"/"ch" the same way makes "Žuraŭskaja" meet "Zhurauskaya".
_DIGRAPHS = (
    ("shch", "s"),
    ("tsch", "c"),
    ("sch", "s"),
    ("tz", "c"),
    ("ts", "c"),
    ("cz", "c"),
    ("zh", "z"),
    ("kh", "h"),
    ("ch", "c"),
    ("sh", "s"),
    ("sz", "s"),
    ("ph", "f"),
    ("dz", "d"),  # Belarusian дз / Russian д: Uladzimir / Vladimir
    ("x", "ks"),
    ("q", "k"),
    ("w", "v"),
    ("h", "g"),  # Belarusian/Ukrainian г (h) / Russian г (g): Hrynkevich / Grinkevich
    ("j", "i"),
    ("y", "i"),  # -skaja / -skaya, Maryja / Marya / Maria
)
#: Belarusian ў after a vowel: written "u" (Tsikhanouskaya) or "v" (Tikhanovskaya).
_SHORT_U = re.compile(r"(?<=[aeo])u(?=[^aeiou]|$)")
#: Iotated vowels: я/е/ё after a consonant, "ia"/"ie"/"ya" vs Russian "e"
#: (Sviatlana / Svetlana, Alesia / Olesya, Hrynkievic / Hrynkevich).
_IOTATED = re.compile(r"i[ae]")
#: Akanye: an unstressed "o" is written "a" in Belarusian (Kalesnikava / Kolesnikova,
#: Viktar / Viktor). A final "o" is left alone so that "Mario" never becomes "Maria".
_AKANYE = re.compile(r"o(?!$)")
#: A leading "u" before a consonant is Belarusian у- for Russian в- (Uladzimir / Vladimir).
_LEADING_U = re.compile(r"^u(?=[^aeiou])")
_DOUBLES = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def phonetic_fold(token: str) -> str:
    """Fold one name token (any script) so its transliteration variants become equal.

    >>> phonetic_fold("Kolesnikova") == phonetic_fold("Kalesnikava")
    True
    >>> phonetic_fold("Maria") == phonetic_fold("Mario")
    False
    """
    s = "".join(ascii_tokens(token))
    if not s:
        return ""
    for pattern, repl in _ENDINGS:
        s = pattern.sub(repl, s)
    s = _SHORT_U.sub("v", s)
    for old, new in _DIGRAPHS:
        s = s.replace(old, new)
    s = _LEADING_U.sub("v", s)
    s = _IOTATED.sub("e", s)
    s = _AKANYE.sub("a", s)
    return _DOUBLES.sub(r"\1", s)


#: Generational suffixes after a surname: part of who a person is, not the surname
#: ("Robert F. Kennedy Jr." is no "Robert Downey Jr.", and no "Robert Kennedy" either).
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


@lru_cache(maxsize=65536)
def person_key(name: str) -> tuple[str, str]:
    """(folded given name, folded surname) of a full name; ("", surname) for one token.

    Middle names and initials are ignored ("George W. Bush" == "George Bush"); a
    hyphenated surname stays one token ("Rimsky-Korsakov"). A generational suffix is
    kept with the surname ("Donald Trump Jr." -> ("donald", "trump jr")), so a son is
    not his father, and two "Jr."s are not one person.
    """
    words = [w for w in re.split(r"\s+", name.strip()) if w]
    if not words:
        return ("", "")
    suffix = ""
    if len(words) > 2 and words[-1].lower().strip(".,") in _SUFFIXES:
        suffix = " " + words[-1].lower().strip(".,")
        words = [w.rstrip(",") for w in words[:-1]]
    surname = phonetic_fold(words[-1]) + suffix
    given = phonetic_fold(words[0]) if len(words) > 1 else ""
    return (given, surname)


# --- fuzzy surname match ----------------------------------------------------------------
#: Shortest folded surname allowed to match with one substitution. Five-letter surnames
#: differ in one letter too often to mean the same person (Smith / Smits, Baker / Barker
#: is an insertion and never matches); the transliteration cases that need the
#: substitution (Tsikhanouskaya / Tikhanovskaya, Lukashenko / Lukashenka) are long.
FUZZY_MIN_LEN = 6
#: Substitutions a transliteration makes between two spellings of one surname, after
#: folding: Belarusian ц for Russian т (c/t), a final -a for -o (Lukashenka /
#: Lukashenko), e/i and a/e vowel shifts. A consonant swap (Clinton / Clifton) is not in
#: the list, so it never matches.
_ALLOWED_SUBSTITUTIONS = frozenset(
    frozenset(p)
    for p in (
        ("c", "t"),
        ("a", "o"),
        ("a", "e"),
        ("e", "i"),
        ("i", "a"),
        ("o", "u"),
        ("k", "g"),
    )
)


def substitution_keys(folded: str) -> list[str]:
    """Wildcard keys of a folded surname, one per position ("kolesnik*va" ...).

    Two strings of equal length that differ in exactly one position share one key, so
    an index over these keys finds every one-substitution candidate in O(n x length)
    instead of comparing all pairs.
    """
    if len(folded) < FUZZY_MIN_LEN:
        return []
    return [f"{folded[:i]}*{folded[i + 1 :]}" for i in range(len(folded))]


def surnames_match(a: str, b: str) -> bool:
    """Folded surnames equal, or one transliteration-typical substitution apart (strict).

    Uses rapidfuzz's Levenshtein edit operations: exactly one operation, a replace, of
    an allowed pair, on surnames of at least :data:`FUZZY_MIN_LEN` letters. An insertion
    (Johnson / Johnston, Kolesnikov / Kolesnikova) never matches.
    """
    if a == b:
        return bool(a)
    if min(len(a), len(b)) < FUZZY_MIN_LEN or len(a) != len(b):
        return False
    ops = Levenshtein.editops(a, b)
    if len(ops) != 1 or ops[0].tag != "replace":
        return False
    op = ops[0]
    return frozenset((a[op.src_pos], b[op.dest_pos])) in _ALLOWED_SUBSTITUTIONS


def variant_index(groups: Iterable[Iterable[str]]) -> dict[str, int]:
    """Map each folded given-name variant to the number of its group."""
    index: dict[str, int] = {}
    for n, group in enumerate(groups):
        for name in group:
            index.setdefault(phonetic_fold(name), n)
    return index


def given_names_compatible(a: str, b: str, variants: Mapping[str, int] | None = None) -> bool:
    """Two folded given names can belong to one person.

    Equal folds, the same variant group, or one of them an initial of the other
    ("M." and "Maria"). Different first names with the same initial ("Maria" /
    "Marina") are *not* compatible: that is how two sisters are kept apart.
    """
    if not a or not b:
        return False
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    if variants:
        ga, gb = variants.get(a), variants.get(b)
        if ga is not None and ga == gb:
            return True
    return False


def same_person(a: str, b: str, variants: Mapping[str, int] | None = None) -> bool:
    """Two full names (given name + surname) name the same person."""
    ga, sa = person_key(a)
    gb, sb = person_key(b)
    return (surnames_match(sa, sb) and given_names_compatible(ga, gb, variants)
            and middles_compatible(middle_initials(a), middle_initials(b)))


_INITIALS = re.compile(r"(?:[A-Z]\.)+|[A-Z]{1,3}")


@lru_cache(maxsize=65536)
def middle_initials(name: str) -> str:
    """The initials between a full name's given name and surname, lower-cased ("George H.W.
    Bush" -> "hw", "George W. Bush" -> "w"); "" when there are none, or when a middle word is
    written out ("Hillary Rodham Clinton": a written-out middle name may be a patronymic,
    spelt differently in each transliteration)."""
    words = name.split()
    if len(words) > 2 and words[-1].lower().strip(".,") in _SUFFIXES:
        words = words[:-1]
    middles = words[1:-1]
    if not middles or not all(_INITIALS.fullmatch(w.rstrip(",")) for w in middles):
        return ""
    return "".join(c.lower() for w in middles for c in w if c.isalpha())


def middles_compatible(a: str, b: str) -> bool:
    """Two names' middle initials allow one person: equal, or one name has none. Different
    initials are two people: father and son George H.W. and George W. Bush."""
    return not a or not b or a == b


EntityType = Literal["person", "place", "organization", "other"]
ENTITY_TYPES: tuple[EntityType, ...] = ("person", "place", "organization", "other")
DEFAULT_GAZETTEER = Path(__file__).with_name("data") / "gazetteer.json"


class GazetteerError(NewsprismError):
    """A gazetteer file that cannot be read or has an unknown entity type."""

    stage = "entities"


@dataclass(frozen=True)
class GazEntry:
    """One known entity an alias points to; ``labels`` limits the alias to those NER labels."""

    name: str
    type: EntityType
    caps_only: bool
    labels: frozenset[str] | None


@dataclass(frozen=True)
class Gazetteer:
    """Known names: alias key -> entry, and given-name variant groups."""

    entries: dict[str, GazEntry]
    given_variants: dict[str, int]

    def lookup(self, form: str, label: str) -> GazEntry | None:
        entry = self.entries.get(ascii_key(form))
        if entry is None:
            return None
        if entry.caps_only and any(c.islower() for c in form):
            return None
        if entry.labels is not None and label not in entry.labels:
            return None
        return entry


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """Read a gazetteer JSON file (default: the shipped one); errors name the file."""
    path = path or DEFAULT_GAZETTEER
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries: dict[str, GazEntry] = {}
        for item in data["entities"]:
            etype = item["type"]
            if etype not in ENTITY_TYPES:
                raise ValueError(f"entity {item['name']!r} has unknown type {etype!r}")
            only = item.get("only_labels", {})
            for alias in [item["name"], *item.get("aliases", [])]:
                letters = re.sub(r"[^A-Za-z]", "", alias)
                # An all-capitals alias of up to 4 letters (US, UK, EU, UN) is an acronym
                # that collides with ordinary words ("us") when lower-cased.
                caps = letters.isupper() and len(letters) <= 4
                labels = frozenset(only[alias]) if alias in only else None
                # Keyed like a cleaned mention: surface forms lose a leading "the".
                key = ascii_key(re.sub(r"^the\s+", "", alias, flags=re.IGNORECASE))
                entries[key] = GazEntry(item["name"], etype, caps, labels)
        variants = variant_index(data.get("given_name_variants", []))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise GazetteerError(str(path), f"unreadable gazetteer: {exc}") from exc
    return Gazetteer(entries, variants)


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The shipped gazetteer, read once per process."""
    return load_gazetteer()
