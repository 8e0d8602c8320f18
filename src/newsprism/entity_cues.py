"""What the words around a name say about its type, where the NER model guessed.

The small English model types a name it has not seen by its shape, and an invented or
little-known town reads like a person to it: in the demo corpus "Alder Bay" was tagged
PERSON 14 times and LOC 13 times, "Pacifica Terminals" PERSON every time. Newswriting
says what a name is around it: "in Alder Bay", "Drenovo, a farming town", "Drenovo's
mayor", "the security firm Lanternfish Security", "Glen Maddox, the union's president",
"Pacifica Terminals". :func:`context_label` reads those cues for one mention and
returns the label the cue implies, or the model's own.

A cue only changes that one mention's label, which is one vote among all the mentions of
an entity (:func:`newsprism.entities.resolve_entities` types an entity by the majority of
its mentions). So a well-known name, tagged right most of the time, keeps its type when
a cue misleads once ("in Donald Trump we trust"), and a name the model splits between two
types goes the way the text says. Only the three name types are read and written (PERSON,
ORG, and the place labels GPE, LOC, FAC); nationalities, events, works and the rest are
left as tagged. Measured by ``python -m benchmarks.entities --types``.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["context_label", "dateline_credit"]

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_NAME_LABELS = _PLACE_LABELS | {"PERSON", "ORG"}

#: The last word of a name that is an organisation, whatever the model says ("Pacifica
#: Terminals", "Lanternfish Security", "Alder Bay Terminal Operators Association"). Only words that are not
#: also common surnames.
ORG_HEADS = frozenset(
    "association associates authority bank bancorp board bureau coalition college commission committee "
    "company conference consortium corporation council department foundation group holdings "
    "industries institute institution league logistics ministry network partners party railways "
    "security society systems technologies terminals trust university airlines airways motors "
    "pharmaceuticals therapeutics labs laboratories media newspapers agency corps".split()
)
#: The last word of a name that is a place (never a common surname: not "Park", "Hill",
#: "Lake" or "Bay").
PLACE_HEADS = frozenset(
    "avenue boulevard canyon county crossing heights highlands islands mountains peninsula province "
    "square valley springs township borough prefecture oblast governorate district".split()
)

#: Nouns that say what a name is when they stand right before it ("the airline LesAvia",
#: "news site Vecherny Dubrava") or head an apposition right after it ("Drenovo, a farming
#: town"; "Pacifica Terminals, the port's largest operator"; "Glen Maddox, the union's
#: president").
_ORG_NOUNS = (
    "company firm startup start-up agency airline carrier operator network newspaper paper site website "
    "outlet magazine bank lender insurer union party organisation organization nonprofit "
    "charity institute university college association coalition manufacturer maker developer retailer "
    "chain club team conglomerate subsidiary utility publisher insurer regulator "
    "ministry tabloid daily weekly channel studio automaker carmaker shipper employer "
    "employers".split()
)
_PLACE_NOUNS = (
    "city town village suburb neighbourhood neighborhood district county province region island "
    "capital country republic municipality borough hamlet port".split()
)
_PERSON_NOUNS = (
    "president spokesman spokeswoman spokesperson leader minister secretary senator governor mayor "
    "director chief founder chairman chairwoman lawyer attorney official professor researcher "
    "scientist analyst economist journalist reporter editor author writer activist actor actress "
    "singer player coach captain striker midfielder goalkeeper defender candidate nominee lawmaker "
    "congressman congresswoman judge commander soldier doctor nurse teacher student resident "
    "dockworker owner mother father son daughter wife husband brother sister widow veteran survivor "
    "witness organiser organizer engineer manager adviser advisor aide ambassador envoy diplomat "
    "prosecutor detective sheriff pastor priest bishop rabbi imam dissident seismologist "
    "epidemiologist ceo executive".split()
)
_NOUN_TYPE = {**{w: "ORG" for w in _ORG_NOUNS}, **{w: "GPE" for w in _PLACE_NOUNS},
              **{w: "PERSON" for w in _PERSON_NOUNS}}

#: Nouns of the lists above that also modify a noun or name a company's role ("the official
#: White House account", "veteran California GOP consultant", "wealth manager Close Brothers",
#: "president Better Markets Inc."): read in appositions only, never right before a name
#: (titles before a name are :data:`_TITLES`).
_ALSO_ADJECTIVES = frozenset({"official", "executive", "chief", "daily", "weekly", "resident", "owner", "veteran",
                             "manager", "operator", "developer", "maker", "president", "team"})
#: Nouns read right before a name only: "the news site Vecherny Dubrava", but "Colorado,
#: the site of two mass shootings".
_BEFORE_ONLY = frozenset({"site"})

#: Before a name: a preposition of place, with no "the" ("in Alder Bay", "near Belica").
_PLACE_PREPOSITIONS = frozenset({"in", "near", "outside", "throughout", "across"})
#: Before a name: a person's title ("Mr. Maddox", "Sen. Cruz").
_TITLES = frozenset({"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "mayor", "senator", "governor",
                     "spokesman", "spokeswoman", "spokesperson", "prof", "professor", "judge", "minister"})
#: After a name's possessive: what only a place has ("Drenovo's mayor", "Alder Bay's
#: suburbs").
_PLACE_POSSESSIONS = frozenset(
    "mayor residents suburbs downtown streets neighbourhoods neighborhoods harbor harbour waterfront "
    "outskirts townspeople inhabitants city transit port airport police".split()
)

#: The word right before a name, in its sentence: a title may end in a period ("Mr."),
#: nothing else may ("... their party.\n\nTad Devine" has no word before it).
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z-]*)(\.?)[ \t]+$")
#: ", a farming town of 4,000", ", the port's largest operator", ", 58," (or "said Reyes,
#: 52." at a sentence's end): an apposition,
#: up to the next punctuation; its head is the last word before a preposition, a
#: conjunction or a relative pronoun (", the head of the union": "head", not "union").
_APPOSITION = re.compile(r",\s+(\d{1,3})[,.](?!\d)|,\s+([^,.;:!?()\[\]\"\u201c\u201d\n]{1,80})")
_APPOSITION_ENDS = frozenset(
    "of in at for with from on by to who whom whose which that and or but as since after before".split()
)
_SPEECH_VERBS = frozenset({"said", "says", "told", "added", "noted", "wrote", "argued", "explained", "reported"})
#: Person nouns a place is called in a figure ("The United States, the so-called leader of
#: the free world"; "war with Iran is the mother of all wars"): no cue for a name the model
#: tagged a place.
_FIGURES = frozenset({"leader", "mother", "father", "home", "son", "daughter", "member", "head", "champion"})
_APPOSITION_WORDS = 6
#: Before a name: "the" or "a", a place noun and a comma, the name closed by punctuation
#: ("the capital, Dubrava, to the border"; not "from the region, O'Hanlon said" nor "In
#: Michigan's eighth district, Elissa Slotkin").
_PLACE_THEN_COMMA = re.compile(r"\b(?:the|a)\s+(?:" + "|".join(_PLACE_NOUNS) + r"),\s+$")
_CLOSED = re.compile(r"[,.;:]|\s*$")
#: Before a name: a place noun and "of" ("near the town of Drenovo", "the city of Belica";
#: "University of" is no place noun).
_PLACE_NOUN_OF = re.compile(r"\b(?:" + "|".join(_PLACE_NOUNS) + r")\s+of\s+$", re.IGNORECASE)
#: A dateline, at a paragraph's start: a place, perhaps a region, perhaps the agency in
#: brackets, and a dash ("DRENOVO, Montevara (Meridian Wire) — A magnitude 5.4 ...",
#: "MINSK (Reuters) -", "WASHINGTON (AP) —").
_DATELINE = re.compile(r"[ \t]*(?P<place>[A-Z][\w.'’ -]{0,40}?)(?:,[ \t]+(?P<region>[A-Z][\w.'’ -]{1,40}?))?"
                       r"[ \t]*(?:\((?P<agency>[^()\n]{1,40})\)[ \t]*)?[—–-]{1,2}[ \t]")
#: After a name: "is a", "was the" and a description ("Alder Bay is the main export port").
_COPULA = re.compile(r"\s+(?:is|was)\s+((?:a|an|the)\s[^,.;:!?()\[\]\"\u201c\u201d\n]{1,80})")
#: After a name's possessive: what only a person has.
_KIN = frozenset(
    "daughter son wife husband mother father brother sister widow widower grandson granddaughter "
    "girlfriend boyfriend fiancee fiancée stepson stepdaughter nephew niece".split()
)
_POSSESSIVE_NOUN = re.compile(r"['’]s\s+([a-z]+)")
_NEXT_WORD = re.compile(r"\s+([a-z]+)")
_HYPHEN_BASED = re.compile(r"-based\b")


def context_label(text: str, start: int, end: int, label: str) -> str:
    """The label the words around ``text[start:end]`` give a name the model tagged
    ``label``; the model's label when they say nothing or agree. See the module docstring."""
    if label not in _NAME_LABELS:
        return label
    cue = _cue(text, start, end, label)
    if cue is None or cue == label or (cue == "GPE" and label in _PLACE_LABELS):
        return label
    return cue


def _dateline(text: str, start: int) -> re.Match[str] | None:
    """The dateline of the paragraph holding ``start``, if it opens with one."""
    return _DATELINE.match(text, text.rfind("\n", 0, start) + 1)


def dateline_credit(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is the agency a dateline credits ("WASHINGTON (AP) —",
    "LONDON (CPS) —"): who delivered the report, not what it is about. In AllSides roundups
    train 110 leads open so (AP 79, Reuters 23, CNN 7), and each made its agency an entity of
    the story."""
    if not text.startswith(")", end):  # most mentions: no closing bracket right after
        return False
    m = _dateline(text, start)
    return m is not None and m.group("agency") is not None and m.span("agency") == (start, end)


def _dateline_place(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a dateline's place, written in capitals, with a region or
    an agency after it: not a bare "WASHINGTON —", since "NATO — the alliance — met" opens
    paragraphs too."""
    if not text[start:end].isupper():
        return False
    m = _dateline(text, start)
    return (m is not None and m.span("place") == (start, end)
            and (m.group("region") is not None or m.group("agency") is not None))


def _cue(text: str, start: int, end: int, label: str) -> str | None:
    name = text[start:end]
    words = name.split()
    if not words:
        return None
    last = words[-1].lower()
    # The name's own head word ("Pacifica Terminals") outranks its surroundings.
    if len(words) >= 2 and last in ORG_HEADS:
        return "ORG"
    if len(words) >= 2 and last in PLACE_HEADS:
        return "GPE"
    before = text[max(0, start - 40):start]
    after = text[end:end + 80]
    m = _WORD_BEFORE.search(before)
    prev = m.group(1).lower() if m else ""
    if m and prev not in _TITLES and (m.group(2) or not m.group(1).islower() and prev not in _PLACE_PREPOSITIONS):
        # A capitalised word is part of another name ("Ambassador to the European Union
        # Gordon Sondland", "Purdue University Fort Wayne"); a period ends a sentence.
        prev = ""
    # The model's span often holds the possessive ("Alder Bay's" city auditor).
    in_span = name.endswith(("'s", "\u2019s"))
    possessive = in_span or after.startswith(("'", "\u2019")) or name.endswith(("'", "\u2019"))
    owned = (_NEXT_WORD if in_span else _POSSESSIVE_NOUN).match(after)  # "Drenovo's mayor"
    if prev in _TITLES:
        return "PERSON"
    if prev in _PLACE_PREPOSITIONS and label == "PERSON" and not possessive:
        # People only: "in Congress", "in the White House" are organisations the model
        # has right (400 AllSides articles: 182 of the 1,445 names after "in" were ORG,
        # nearly all rightly; 17 were PERSON, half of them places).
        return "GPE"
    if prev in _NOUN_TYPE and _NOUN_TYPE[prev] != "GPE" and prev not in _ALSO_ADJECTIVES and not possessive:
        # "the airline LesAvia", "spokeswoman Grace Mbatha" ("the city Alder Bay" is rare
        # and "port Alder Bay" no English: place nouns are read after the name only; a
        # possessive name is another noun's modifier: "candidate Iowa's Democratic voters").
        return _NOUN_TYPE[prev]
    if _PLACE_THEN_COMMA.search(before) and _CLOSED.match(after):
        return "GPE"
    if _PLACE_NOUN_OF.search(before):
        return "GPE"
    if _dateline_place(text, start, end):
        return "GPE"
    if owned and owned.group(1) in _PLACE_POSSESSIONS:
        return "GPE"
    if owned and owned.group(1) in _KIN and label not in _PLACE_LABELS:
        return "PERSON"  # "Reyes's daughter" (but "America's sons and daughters")
    if _HYPHEN_BASED.match(after):
        return "GPE"
    if label == "PERSON" and _names_a_place(text, name):
        return "GPE"
    m = _COPULA.match(after)
    head = _apposition_head(m.group(1)) if m else None
    if m is None:
        m = _APPOSITION.match(after)
        if m is None:
            return None
        if m.group(1):
            return "PERSON"  # "Glen Maddox, 58,"
        head = _apposition_head(m.group(2))
    if head is None or head in _BEFORE_ONLY or label in _PLACE_LABELS and head in _FIGURES:
        return None
    return _NOUN_TYPE.get(head)


def _apposition_head(phrase: str) -> str | None:
    """The head noun of a noun phrase that starts with a determiner ("a farming town of
    4,000" -> "town"): the last word before a preposition, a conjunction or a relative
    pronoun, within :data:`_APPOSITION_WORDS` words. None for anything else: a list of
    names, a phrase that runs on, a new clause (", a White House official said": the
    official is not the name before the comma; nor in ", Miranda's father, ...")."""
    words = phrase.split()
    if not words or words[0].lower() not in {"a", "an", "the"}:
        return None
    head = None
    for n, w in enumerate(words[1:]):
        lw = w.lower()
        if lw in _SPEECH_VERBS:
            return None
        if lw in _APPOSITION_ENDS:
            break
        if n == _APPOSITION_WORDS:
            return None  # no end in sight: not a phrase this reads
        head = w
    if head is None or not head.isalpha() or not head.islower():
        return None
    return head


#: Elsewhere in the article, names only a place gives its own name to: "the Port of Alder
#: Bay", "Alder Bay City Council" ("Drenovo's mayor" is read above; "mayor of Drenovo").
#: Not "X Airport" or "X Foundation": airports and foundations bear people's names. (A
#: white-space run is entered at its start only: a run of 20,000 spaces took 3 s otherwise.)
_PLACE_OF = re.compile(r"\b(?:Port|City|Mayor|mayor|Governor|governor|Town|University|Province|Bay|Gulf)\s+of\s+")
_PLACE_THEN = re.compile(r"(?<!\s)\s+(?:City\s+Council|City\s+Hall|County|Police\s+Department|Regional|State\s+University|"
                         r"Port\s+Authority|Harbor|Harbour|metro\s+area|residents)\b")
_CAPITALISED = re.compile(r"[A-Z][\w'\u2019.-]*")
#: A capitalised word right after another (a surname after a given name), the first not a
#: word that opens sentences ("In Harris County" names no person).
_AFTER_A_NAME = re.compile(r"(?=\b(?!(?:In|At|The|From|To|Near|Of|And|But|For|On|As|When|After|Before|Outside|"
                           r"Across)\b)[A-Z][a-z]+\s+([A-Z][\w'\u2019-]*))")


def _names_a_place(text: str, name: str) -> bool:
    """Whether the article names an institution of the place ``name`` ("Port of Alder Bay",
    "Alder Bay City Council"): a name the model tagged PERSON once in such an article is
    the place; not a single word the article also writes after a given name ("Tony Harris"
    beside Harris County)."""
    bare = name.removesuffix("'s").removesuffix("\u2019s")
    places, surnames = _article_places(text)
    return bare in places and (" " in bare or bare not in surnames)


@lru_cache(maxsize=8)
def _article_places(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """What :func:`_names_a_place` reads of one article, read once for all its mentions:
    the names its place institutions carry (each run of capitalised words before "City
    Council" and the like, and each after "Port of" and the like, with the shorter runs
    inside them: "The Alder Bay" gives "Alder Bay" and "Bay"); and the capitalised words
    it writes after a capitalised word (surnames)."""
    places: set[str] = set()
    for m in _PLACE_THEN.finditer(text):
        run = []
        for w in reversed(text[max(0, m.start() - 80):m.start()].split()):
            if not _CAPITALISED.fullmatch(w):
                break
            run.insert(0, w)
            places.add(" ".join(run))
    for m in _PLACE_OF.finditer(text):
        run = []
        for w in text[m.end():m.end() + 80].split():
            w = w.rstrip(",.;:!?)\"\u201d")
            if not _CAPITALISED.fullmatch(w):
                break
            run.append(w)
            places.add(" ".join(run))
    return frozenset(places), frozenset(m.group(1) for m in _AFTER_A_NAME.finditer(text))
