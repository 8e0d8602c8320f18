"""Where sources contradict each other on checkable details: days, dates and counts.

A story page that says "sources disagree" must be right: a false disagreement misleads a
reader more than a missed one, so every rule here leans towards silence.

Two kinds of detail are compared, each attached to *the thing it describes* before any
comparison is made:

* **Days and dates of an event.** "on Friday", "Saturday's vote", "on December 13, 2025",
  "today's release" (with the article's publication date) are read in the sentence that
  carries them, and tied to the event words near them (released/freed -> "release",
  killed -> "deaths" ...). Two articles disagree when they give different days for the same
  kind of event, they share content words around it (it is the same event, not another
  release in another week), and neither is a plain update: when both articles are dated
  and the earlier one was published before the day the later one names, they describe
  different occurrences. An explicit date gives its weekday, so "December 13, 2025" sides
  with "Saturday".
* **Counts.** "123 prisoners", "31 dead", "magnitude 6.2", "$5 billion in aid": a number, how
  exact it is ("about", "more than", "up to", round numbers), the thing it counts (its head
  noun, folded through a small synonym table: prisoners = detainees, dead = killed =
  deaths) and the role words around it (released, killed, remaining ...). Counts of the
  same thing disagree only when the values are incompatible ("about 120" fits "123", "more
  than 50" fits "52"), no article states both, and they are not a later, larger update of a
  running toll. Generic heads ("people", "percent", money) are compared only with a role.

Background sentences ("a previous release in September", "in 2020", "since 1994") are
skipped: their numbers and days are about other events.

Everything is regular expressions over :func:`newsprism.clean.split_sentences` output: a
40-article story takes a few milliseconds, and the result is deterministic.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from newsprism.sources import parse_date as _published  # one date reader for every stage
from .clean import split_sentences

__all__ = ["find_disagreements"]

# --- shared vocabulary ----------------------------------------------------------------------
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")]
    )
    for m in names
}
_STOP = frozenset(
    "a an the and or but of to in on at for from by with as is are was were be been being has have had it "
    "its this that these those their there they them he she his her we our you your i not no also which "
    "who whom whose what when where while after before than then so such into over under about said says "
    "say told would could should will may might can more most some any all other another one two three "
    "day days week year years time times out up down off just only very".split()
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")

#: Event words -> the event they name. Kept small and concrete: a day is compared only
#: between mentions of the same kind of event.
_EVENTS: dict[str, str] = {}
for _event, _forms in {
    "release": "release released releases releasing freed frees freeing free",
    "announcement": "announced announce announces announcement declared declares",
    "arrest": "arrested arrest arrests detained",
    "attack": "attack attacked attacks struck strike strikes bombing bombed",
    "deaths": "killed died death deaths",
    "election": "election elections vote voted votes voting polls",
    "resignation": "resigned resign resigns resignation",
    "signing": "signed sign signs signing",
    "ruling": "ruled ruling verdict sentenced sentencing convicted",
    "meeting": "met meeting summit",
    "crash": "crash crashed collided collision derailed",
    "earthquake": "earthquake quake tremor",
    "shooting": "shooting shot gunman",
    "explosion": "explosion exploded blast",
    "launch": "launched launch launches",
    "visit": "visited visit visits",
    "protest": "protest protests protested protesters demonstration demonstrations rally",
    "approval": "approved approve approves passed passes",
    "rescue": "rescued rescue",
    "lifting of sanctions": "lifted lifting eased easing",
}.items():
    for _f in _forms.split():
        _EVENTS[_f] = _event

#: A sentence with one of these talks about another occurrence (background), not this story's.
_BACKGROUND = re.compile(
    r"\b(?:previous(?:ly)?|earlier\s+(?:this|that|in)|last\s+(?:year|month|week)|a\s+year\s+ago|"
    r"years?\s+ago|months?\s+ago|since\s+(?:19|20)\d\d|in\s+(?:19|20)\d\d|(?:19|20)\d\d\s+(?:election|protests?)|"
    r"another|second|third|prior|formerly|once again|again|in\s+the\s+past|historically|"
    r"(?:throughout|during)\s+(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
#: Day words that do not date the event ("every Friday", "until Monday", "next Tuesday").
_DAY_BLOCKERS = frozenset(
    "every each until till by since before after next following last this from".split()
)
#: Words either side of a day expression searched for its event (seed 000: "on Saturday,
#: the government of Belarus declared that it freed" puts "freed" 9 words after the day).
_EVENT_WINDOW = 10


# --- records ----------------------------------------------------------------------------------


def _originals(articles: Sequence[Mapping[str, Any]]) -> list[tuple[str, Mapping[str, Any]]]:
    """(cited id, article) for every article; a copy is cited as its original when present."""
    ids = {str(a.get("id")) for a in articles}
    out = []
    for a in articles:
        orig = a.get("duplicate_of")
        out.append((str(orig) if orig and str(orig) in ids else str(a.get("id")), a))
    return out


def _sentences(article: Mapping[str, Any]) -> list[str]:
    title = " ".join(str(article.get("title") or "").split())
    sents = split_sentences(str(article.get("text") or ""))
    if title and title.rstrip("….").strip() and not any(s.startswith(title.rstrip("….")) for s in sents[:1]):
        sents = [title, *sents]
    return sents


def _content(words: Iterable[str]) -> set[str]:
    out = set()
    for w in words:
        lw = w.lower().strip("'’-")
        if len(lw) < 3 or lw in _STOP or lw[0].isdigit():
            continue
        out.add(_stem(lw))
    return out


def _stem(word: str) -> str:
    """A light stem so "Belarus"/"Belarusian", "prisoner"/"prisoners" meet."""
    for suffix in ("ians", "ian", "ies", "es", "s", "ed", "ing"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


# --- days and dates ---------------------------------------------------------------------------
_DAY_RE = re.compile(
    r"\b(?P<day>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?P<poss>['’]s)?"
    r"(?:,?\s+(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+(?P<md>\d{1,2})(?:st|nd|rd|th)?"
    r"(?:,?\s+(?P<my>(?:19|20)\d\d))?)?"
)
_DATE_RE = re.compile(
    r"\b(?:(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+(?P<md>\d{1,2})(?:st|nd|rd|th)?"
    r"|(?P<dm>\d{1,2})(?:st|nd|rd|th)?\s+(?P<mon2>January|February|March|April|May|June|July|August|"
    r"September|October|November|December))(?:,?\s+(?P<y>(?:19|20)\d\d))?\b"
)
_TODAY_RE = re.compile(r"\b(?:today['’]s|today|this morning|tonight|earlier today|yesterday['’]s|yesterday)\b", re.IGNORECASE)


@dataclass(frozen=True)
class _DayClaim:
    cited: str
    weekday: int | None  # 0 = Monday
    when: date | None  # resolved calendar date, when known
    events: frozenset[str]
    distance: tuple[tuple[str, int], ...]  # (event, words between it and the day)
    context: frozenset[str]
    sentence: str
    published: datetime | None
    position: int


def _resolve_weekday(weekday: int, published: datetime | None) -> date | None:
    """The most recent date with this weekday on or before publication (news reports the past)."""
    if published is None:
        return None
    d = published.date()
    return d - timedelta(days=(d.weekday() - weekday) % 7)


def _events_near(words: list[str], start: int, end: int) -> list[tuple[str, int]]:
    """Event kinds named within the window around a day with their distance, nearest first."""
    lo, hi = max(0, start - _EVENT_WINDOW), min(len(words), end + _EVENT_WINDOW)
    found = sorted(
        (max(start - i, i - end, 0), _EVENTS[words[i].lower()]) for i in range(lo, hi) if words[i].lower() in _EVENTS
    )
    nearest: dict[str, int] = {}
    for dist, e in found:
        nearest.setdefault(e, dist)
    return list(nearest.items())


def _word_index(sentence: str, pos: int) -> int:
    return len(_WORD.findall(sentence[:pos]))


def _day_claims(
    cited: str, article: Mapping[str, Any], sentences: list[str], story_year: int | None = None
) -> list[_DayClaim]:
    published = _published(article.get("published"))
    # A date without a year ("December 13") takes the article's year, else the story's.
    year_of_text = published.year if published else story_year
    out: list[_DayClaim] = []
    for pos, sent in enumerate(sentences):
        if not sent:
            continue  # a background sentence, blanked by the caller
        spans: list[tuple[int, int, int | None, date | None]] = []  # (start, end, weekday, date)
        for m in _DAY_RE.finditer(sent):
            pre = (sent[max(0, m.start() - 20):m.start()].split()[-1:] or [""])[0].lower()
            if pre in _DAY_BLOCKERS:
                continue
            weekday = _WEEKDAYS.index(m.group("day").lower())
            when = None
            if m.group("mon"):
                year = int(m.group("my")) if m.group("my") else year_of_text
                when = _safe_date(year, _MONTHS[m.group("mon").lower().rstrip(".")], int(m.group("md")))
                if when is not None and when.weekday() != weekday:
                    continue  # the text contradicts itself ("Friday, December 13, 2025"): no claim
            if when is None:
                when = _resolve_weekday(weekday, published)
            spans.append((m.start("day"), m.end(), weekday, when))
        for m in _DATE_RE.finditer(sent):
            if any(s <= m.start() < e for s, e, _, _ in spans):
                continue
            prev = sent[: m.start()].split()[-1:]
            if prev and prev[0].lower() in _DAY_BLOCKERS:
                continue
            mon = (m.group("mon") or m.group("mon2")).lower()
            day = int(m.group("md") or m.group("dm"))
            year = int(m.group("y")) if m.group("y") else year_of_text
            when = _safe_date(year, _MONTHS[mon], day)
            if year is None:
                # "December 13" with no year and no publication date: compare as a date only.
                when = _safe_date(2000, _MONTHS[mon], day)
                spans.append((m.start(), m.end(), None, when))
            elif when is not None:
                spans.append((m.start(), m.end(), when.weekday(), when))
        if published is not None:
            for m in _TODAY_RE.finditer(sent):
                when = published.date() - timedelta(days=1 if m.group(0).lower().startswith("yesterday") else 0)
                spans.append((m.start(), m.end(), when.weekday(), when))
        if not spans:
            continue
        words = _WORD.findall(sent)
        context = frozenset(_content(words))
        for start, end, weekday, when in spans:
            events = _events_near(words, _word_index(sent, start), _word_index(sent, end))
            if events:
                kinds = frozenset(e for e, _ in events)
                out.append(_DayClaim(cited, weekday, when, kinds, tuple(events), context, sent, published, pos))
    return out


def _safe_date(year: int | None, month: int, day: int) -> date | None:
    if year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _day_disagreements(claims: list[_DayClaim]) -> list[dict[str, Any]]:
    by_event: dict[str, list[_DayClaim]] = defaultdict(list)
    for c in claims:
        for e in c.events:
            by_event[e].append(c)
    results: list[tuple[int, int, dict[str, Any], frozenset]] = []
    for event, group in sorted(by_event.items()):
        # One day per article and event: an article naming two days for it is ambiguous.
        per_article: dict[str, list[_DayClaim]] = defaultdict(list)
        for c in group:
            per_article[c.cited].append(c)
        chosen: dict[str, _DayClaim] = {}
        for cited, cs in per_article.items():
            if len({_day_key(c) for c in cs}) == 1:
                chosen[cited] = min(cs, key=lambda c: c.position)
        if len(chosen) < 2:
            continue
        # Sides by weekday when any claim lacks a calendar date, else by the date itself.
        use_dates = all(c.weekday is None for c in chosen.values())
        sides: dict[Any, list[_DayClaim]] = defaultdict(list)
        for c in chosen.values():
            sides[c.when if use_dates else c.weekday].append(c)
        if len(sides) < 2 or None in sides:
            continue
        if not _same_event(sides):
            continue
        claims_out = []
        for key in sorted(sides, key=lambda k: (-len(sides[k]), str(k))):
            cs = sorted(sides[key], key=lambda c: c.cited)
            claims_out.append({
                "text": _side_text(event, cs),
                "sources": sorted({c.cited for c in cs}),
                "evidence": [{"source": c.cited, "text": c.sentence} for c in cs],
            })
        partition = frozenset(frozenset(c["sources"]) for c in claims_out)
        nearest = -sum(dict(c.distance)[event] for c in chosen.values())
        results.append((len(chosen), nearest, {"topic": f"day of the {event}", "claims": claims_out}, partition))
    # The same split found through two event words ("declared that it freed") is one
    # dispute, named after the event words nearest the days.
    results.sort(key=lambda r: (-r[0], -r[1], r[2]["topic"]))
    seen: set[frozenset] = set()
    out = []
    for _, _, d, partition in results:
        if partition in seen:
            continue
        seen.add(partition)
        out.append(d)
    return out


def _day_key(c: _DayClaim) -> Any:
    return c.weekday if c.weekday is not None else c.when


def _side_text(event: str, claims: list[_DayClaim]) -> str:
    c0 = claims[0]
    if c0.weekday is None:
        return f"The {event} was on {c0.when:%B} {c0.when.day}"
    dates = sorted({c.when for c in claims if c.when is not None and c.weekday is not None})
    day = _WEEKDAYS[c0.weekday].capitalize()
    if len(dates) == 1:
        return f"The {event} was on {day} ({dates[0].day} {dates[0]:%B %Y})"
    return f"The {event} was on {day}"


def _same_event(sides: dict[Any, list[_DayClaim]]) -> bool:
    """Two sides disagree about one event only if some cross pair shares context and is not
    explained by time: an article published before the day another names cannot contradict it."""
    keys = sorted(sides, key=str)
    for i, ka in enumerate(keys):
        for kb in keys[i + 1:]:
            if not any(_conflicting(a, b) for a in sides[ka] for b in sides[kb]):
                return False
    return True


def _conflicting(a: _DayClaim, b: _DayClaim) -> bool:
    # Shared words beyond the event word itself: the same people, places, numbers.
    shared = (a.context & b.context) - {_stem(w) for w in _EVENTS}
    if len(shared) < 2 and not (_numbers(a.sentence) & _numbers(b.sentence)):
        return False
    if a.when and b.when:
        early, late = (a, b) if a.when < b.when else (b, a)
        if early.published is not None and early.published.date() < late.when:
            return False  # written before the other day: a different occurrence
    return True


def _numbers(sentence: str) -> set[str]:
    return {n for n in re.findall(r"\b\d[\d,]*\b", sentence) if not re.fullmatch(r"(?:19|20)\d\d", n)}


# --- counts -----------------------------------------------------------------------------------
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12, "hundred": 100, "thousand": 1000,
}
_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9,
           "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "k": 1e3}
_APPROX = r"(?:about|around|roughly|nearly|almost|approximately|some|an\s+estimated|estimated|close\s+to|circa)"
_LOWER = r"(?:more\s+than|over|at\s+least|upwards\s+of|in\s+excess\s+of|greater\s+than|beyond)"
_UPPER = r"(?:fewer\s+than|less\s+than|up\s+to|under|at\s+most|no\s+more\s+than)"
_NUM_WORD = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_COUNT_RE = re.compile(
    rf"(?P<cur>[$€£]\s?)?"
    rf"(?P<num>\b\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\b\d+(?:\.\d+)?|\b(?:an?\s+)?(?:{_NUM_WORD})(?:-(?:{_NUM_WORD}))?\b)"
    rf"(?:\s*(?P<scale>hundred|thousand|million|billion|trillion|bn|mn|m|k|tn)\b)?"
    rf"(?P<pct>\s*%|\s+per\s*cent\b|\s+percent\b)?",
    re.IGNORECASE,
)
#: The hedge before a number, read backwards from it: "about", "more than", "up to".
_HEDGE_RE = re.compile(rf"(?:(?P<approx>{_APPROX})|(?P<lower>{_LOWER})|(?P<upper>{_UPPER}))\s*$", re.IGNORECASE)
_MAGNITUDE_RE = re.compile(r"\bmagnitude(?:[- ]of)?[- ](?P<a>\d(?:\.\d)?)\b|\b(?P<b>\d\.\d)[- ]magnitude\b", re.IGNORECASE)

#: Head nouns folded into one class. Deliberately small: "people" is not "prisoners".
_HEADS = {
    "dead": "dead", "deaths": "dead", "death": "dead", "fatalities": "dead", "killed": "dead", "died": "dead",
    "bodies": "dead", "injured": "injured", "wounded": "injured", "injuries": "injured", "hurt": "injured",
    "prisoners": "prisoners", "prisoner": "prisoners", "detainees": "prisoners", "detainee": "prisoners",
    "captives": "prisoners", "hostages": "hostages", "hostage": "hostages",
    "people": "people", "persons": "people", "individuals": "people",
    "missing": "missing", "arrested": "arrests", "arrests": "arrests",
    "dollars": "money", "euros": "money", "pounds": "money",
}
#: Heads that say nothing on their own: compared only with a role word near them.
_GENERIC = frozenset({"people", "money", "percent", "others", "more", "times"})
#: Counts of time and other things that are too often about different things to compare
#: ("11 years in prison", "two days of talks", "the 20th century").
_SKIP_HEADS = frozenset(
    "years year months month weeks week days day hours hour minutes minute seconds decades decade "
    "centuries century times percentages of per and or to points point th st nd rd am pm a.m p.m".split()
)
#: Role words around a count: what happened to the things counted.
_ROLES: dict[str, str] = {}
for _role, _forms in {
    "released": "released freed release freeing free",
    "killed": "killed dead died deaths death toll",
    "injured": "injured wounded hurt",
    "arrested": "arrested detained",
    "missing": "missing",
    "evacuated": "evacuated displaced",
    "remaining": "remain remaining remains still",
    "transferred": "transferred moved sent flown received",
    "aid": "aid assistance package",
    "fine": "fine fined penalty",
    "tariff": "tariff tariffs",
    "votes": "votes voted",
}.items():
    for _f in _forms.split():
        _ROLES[_f] = _role
_ROLE_WINDOW_BEFORE, _ROLE_WINDOW_AFTER = 3, 4
_CLAUSE_END = re.compile(r"[,;:()\u2014\u2013]|\s-\s|\b(?:while|whereas|but|and|including|of whom|among them)\b")


@dataclass(frozen=True)
class _Count:
    cited: str
    value: float
    kind: str  # exact / approx / lower / upper
    key: tuple[str, str | None]  # (head class, role)
    text: str  # the phrase as written
    sentence: str
    published: datetime | None


def _parse_number(raw: str, scale: str | None) -> float | None:
    s = raw.lower().strip()
    s = re.sub(r"^an?\s+", "", s)
    if s[0].isdigit():
        value = float(s.replace(",", ""))
    else:
        parts = s.split("-")
        if any(p not in _NUMBER_WORDS for p in parts):
            return None
        value = float(sum(_NUMBER_WORDS[p] for p in parts))
    if scale:
        value *= _SCALES[scale.lower()]
    return value


def _is_round(value: float, raw: str, scale: str | None) -> bool:
    """"1,000", "2,500", "a thousand", "1.2 million" are written to be approximate."""
    if scale or not raw[0].isdigit():
        return value >= 100
    digits = raw.replace(",", "").split(".")[0]
    return len(digits) >= 3 and len(digits) - len(digits.rstrip("0")) >= 2


def _count_claims(cited: str, article: Mapping[str, Any], sentences: list[str]) -> list[_Count]:
    published = _published(article.get("published"))
    out: list[_Count] = []
    for sent in sentences:
        if not sent:
            continue
        for m in _MAGNITUDE_RE.finditer(sent):
            value = float(m.group("a") or m.group("b"))
            out.append(_Count(cited, value, "exact", ("magnitude", None), m.group(0), sent, published))
        for m in _COUNT_RE.finditer(sent):
            raw = m.group("num")
            if not raw or not raw.strip():
                continue
            before = sent[: m.start()]
            if re.search(r"[\w.]$", before) or re.match(r"[\w/:]", sent[m.end():m.end() + 1] or " ") and not m.group("pct"):
                continue  # part of a token: "G7", "COVID-19", "3:30", "24/7"
            scale = m.group("scale")
            if scale and scale.lower() in {"m", "b", "k"} and not m.group("cur"):
                continue  # "5 m" without a currency is a distance, not a million
            value = _parse_number(raw, scale)
            if value is None:
                continue
            if not scale and raw.isdigit() and 1800 <= value <= 2100 and "," not in raw:
                continue  # a year
            hedge = _HEDGE_RE.search(before[-24:])
            kind = "exact" if hedge is None else next(k for k in ("approx", "lower", "upper") if hedge.group(k))
            if kind == "exact" and _is_round(value, raw, scale):
                kind = "approx"
            # Role words are read inside the clause only: "Of the 123 detainees, 114 were
            # transferred" says nothing about what happened to the 123.
            after_words = _WORD.findall(_CLAUSE_END.split(sent[m.end():], 1)[0])[:_ROLE_WINDOW_AFTER + 2]
            before_words = _WORD.findall(_CLAUSE_END.split(before)[-1])[-_ROLE_WINDOW_BEFORE:]
            if m.group("cur") or (after_words and after_words[0].lower() in {"dollars", "euros", "pounds"}):
                head = "money"
            elif m.group("pct"):
                head = "percent"
            else:
                head = _head(after_words)
                if head is None:
                    continue
            role = None
            for w in [*before_words, *after_words[:_ROLE_WINDOW_AFTER]]:
                if w.lower() in _ROLES and not (head == "dead" and _ROLES[w.lower()] == "killed"):
                    role = _ROLES[w.lower()]
                    break
            if head in _GENERIC and role is None:
                continue
            if head in {"dead", "injured"}:
                role = None  # the head says it all: "31 dead", "31 killed", "31 deaths"
            if head == "people" and role in {"killed", "injured"}:
                head, role = ("dead" if role == "killed" else "injured"), None
            # The claim as written: hedge, number and (for counted things) the head word.
            phrase = sent[m.start() - (len(hedge.group(0)) if hedge else 0) : m.end()].strip()
            if head not in {"money", "percent"}:
                phrase = f"{phrase} {after_words[0]}"
            out.append(_Count(cited, value, kind, (head, role), phrase, sent, published))
    return out


def _head(after: list[str]) -> str | None:
    """The counted noun: a known head within the next three words, else the next word."""
    if not after:
        return None
    for w in after[:3]:
        lw = w.lower()
        if lw in _HEADS:
            return _HEADS[lw]
        if lw in _SKIP_HEADS or lw in _STOP:
            break
    first = after[0]
    lw = first.lower()
    if not first.isalpha() or first[0].isupper() or lw in _STOP or lw in _SKIP_HEADS or len(lw) < 3:
        return None
    return _stem(lw)


def _compatible(a: _Count, b: _Count) -> bool:
    """Whether two statements of a count can both be true (rounding and hedges allowed)."""
    u, v = a.value, b.value
    if a.kind == "lower" and b.kind == "lower" or a.kind == "upper" and b.kind == "upper":
        return True
    for x, y in ((a, b), (b, a)):
        if x.kind == "lower":
            return y.value >= x.value * 0.95 or y.kind == "upper" and y.value >= x.value
        if x.kind == "upper":
            return y.value <= x.value * 1.05
    if a.kind == "approx" or b.kind == "approx":
        # "about 120" vs "123", "1,000" vs "a thousand": within 10 % of the larger.
        return abs(u - v) <= 0.10 * max(abs(u), abs(v))
    return abs(u - v) < 1e-9 * max(1.0, abs(u))


#: A running toll reported later and higher is an update, not a contradiction, when the
#: articles are this far apart.
_UPDATE_GAP = timedelta(hours=3)


def _count_disagreements(counts: list[_Count]) -> list[dict[str, Any]]:
    groups: dict[tuple[str, str | None], list[_Count]] = defaultdict(list)
    for c in counts:
        groups[c.key].append(c)
    out = []
    for key, group in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        by_article: dict[str, list[_Count]] = defaultdict(list)
        for c in group:
            by_article[c.cited].append(c)
        if len(by_article) < 2:
            continue
        # Sides: clusters of mutually compatible values, one representative each.
        sides: list[list[_Count]] = []
        for c in sorted(group, key=lambda c: (c.kind != "exact", c.value, c.cited)):
            for side in sides:
                if all(_compatible(c, o) for o in side):
                    side.append(c)
                    break
            else:
                sides.append([c])
        # An article stating values from two sides (a total and a part, or a correction
        # it reports itself) takes part in neither side's dispute.
        contested = []
        for side in sides:
            solo = {c.cited for c in side if sum(_states(by_article[c.cited], s) for s in sides) == 1}
            if solo:
                contested.append((side, solo))
        if len(contested) < 2:
            continue
        pairs_ok = any(
            _count_conflict(a, b)
            for i, (sa, ia) in enumerate(contested)
            for sb, ib in contested[i + 1:]
            for a in sa if a.cited in ia
            for b in sb if b.cited in ib
        )
        if not pairs_ok:
            continue
        claims = []
        for side, solo in sorted(contested, key=lambda s: (-len(s[1]), s[0][0].value)):
            rep = next(c for c in side if c.kind == "exact") if any(c.kind == "exact" for c in side) else side[0]
            members = [c for c in side if c.cited in solo]
            claims.append({
                "text": rep.text,
                "sources": sorted(solo),
                "evidence": [{"source": c.cited, "text": c.sentence} for c in sorted(members, key=lambda c: c.cited)],
            })
        out.append({"topic": _count_topic(key), "claims": claims})
    return out


def _states(claims: list[_Count], side: list[_Count]) -> bool:
    """Whether an article's claims include a value compatible with this side."""
    return any(_compatible(c, s) for c in claims for s in side)


def _count_conflict(a: _Count, b: _Count) -> bool:
    if a.published and b.published and abs(a.published - b.published) > _UPDATE_GAP:
        early, late = (a, b) if a.published < b.published else (b, a)
        if late.value > early.value:
            return False  # the toll went up between the two reports
    return True


def _count_topic(key: tuple[str, str | None]) -> str:
    head, role = key
    if head == "magnitude":
        return "magnitude"
    if head == "money":
        return f"amount of {role}" if role else "amount"
    if head == "percent":
        return f"percentage ({role})" if role else "percentage"
    if head == "dead":
        return "number of dead"
    if head == "injured":
        return "number of injured"
    return f"number of {head} {role}" if role else f"number of {head}"


# --- entry point ----------------------------------------------------------------------------
def find_disagreements(articles: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Contradictions between a story's sources, most supported first.

    Each item: ``{"topic", "claims": [{"text", "sources", "evidence"}]}``. ``sources`` are
    article ids (a copy is cited as its original); ``evidence`` quotes the sentence each
    source states the claim in, so a reader can check it. Deterministic.
    """
    day_claims: list[_DayClaim] = []
    counts: list[_Count] = []
    years = Counter(p.year for a in articles if isinstance(a, Mapping) and (p := _published(a.get("published"))))
    story_year = min(years, key=lambda y: (-years[y], y)) if years else None
    seen_text: dict[str, set[str]] = defaultdict(set)
    for cited, article in _originals(articles):
        if not isinstance(article, Mapping):
            continue
        key = str(article.get("text") or "")
        if key in seen_text[cited]:
            continue  # a copy of a text already read for this original
        seen_text[cited].add(key)
        # Background sentences are blanked (not dropped: positions still say how early a
        # claim comes).
        sents = ["" if _BACKGROUND.search(x) else x for x in _sentences(article)]
        day_claims.extend(_day_claims(cited, article, sents, story_year))
        counts.extend(_count_claims(cited, article, sents))
    return _day_disagreements(day_claims) + _count_disagreements(counts)
