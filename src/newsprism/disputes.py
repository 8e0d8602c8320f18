"""Where sources contradict each other on checkable details: days, dates, counts, places,
names and who did what.

A story page that says "sources disagree" must be right: a false disagreement misleads a
reader more than a missed one, so every rule here leans towards silence.

Each detail is attached to *the thing it describes* before any comparison is made:

* **Days and dates of an event.** "on Friday", "Saturday's vote", "on December 13, 2025",
  "today's release" (with the article's publication date) are read in the sentence that
  carries them and tied to the word they modify: the first verb or event word next to
  them in their clause ("authorities on Friday released" -> the release; "authorities said
  Wednesday that they have arrested" -> the saying, so no claim). Plans ("will vote on
  Monday", "effective Friday") are not dates of events. Two articles disagree when they
  give different days for the same kind of event, they share content words around it (or
  one word and the same lead), and neither is a plain update: when both articles are dated
  and the earlier one was published before the day the later one names, they describe
  different occurrences; dates weeks apart are different events. An explicit date gives its
  weekday, so "December 13, 2025" sides with "Saturday". Announcements disagree only for
  the same announcer.
* **Counts.** "123 prisoners", "31 dead", "magnitude 6.2", "$5 billion in aid": a number, how
  exact it is ("about", "more than", "up to", round numbers; a milestone "passed 400,000" is
  a lower bound), the thing it counts (its head noun, folded through a small synonym table:
  prisoners = detainees, dead = killed = deaths) and the role words around it (released,
  killed, remaining ...). Counts of the same thing disagree only when the values are
  incompatible ("about 120" fits "123", "more than 50" fits "52"), no article states both,
  and they are not a later, larger update of a running toll. Only tolls, prisoners,
  hostages, arrests and magnitudes are compared without a role word; rates ("a day"),
  parts of lists ("20 children and six adults") and other scopes ("including the gunman")
  are not compared.
* **Places, role holders and actors** (see the section below): "released in Vilnius" vs
  "released in Minsk", "the mediator John Coale" vs "the mediator John Smith", "Coale
  announced the lifting" vs "Rubio announced the lifting". Spelling variants are one value
  (names.py), and an article that names both values anywhere is not a side.

Background sentences ("a previous release in September", "in 2020", "since 1994", "stronger
than Thursday's") are skipped: their numbers and days are about other events. Headlines in
Title Case give no names or counts (their capitals say nothing). Each side of a dispute
must be stated in some source's lead (title and first sentences); deeper sentences recall
other events and scopes, and may only add support to a side a lead states.

Precision, read one by one on AllSides roundups (three outlets per event, leads only; and
the 506 full-text stories of 2021): 4 disputes in 2,452 train stories, 1 in 307 val and 1
in 2021. Four are real differences between the outlets' texts ($13 vs $11.6 billion in aid,
Thursday vs Friday for one attack on Gaza, twice; Saturday night vs Sunday); two compare
two occurrences (two data releases a day apart; a toll of 49 before and 50 after an update
the undated data cannot order). Before the clause, future and scope rules 39 train and 12
of 2021 were reported, mostly false. On full-length scraped articles (the train and val
roundups whose articles allsides-articles holds): 1 dispute in 1,081 train stories and 1 in
152 val, both real differences between the texts (6 vs at least 8 injured; 49 vs 50
dead); before the lead rule, 27 and 6, of which 25 and 5 false. The demo corpus yields
exactly its two planted, checkable disagreements (``tests/test_disputes.py``).

Everything is regular expressions over :func:`newsprism.clean.prose_sentences` output: a
40-article story takes a few milliseconds, and the result is deterministic.
"""

from __future__ import annotations

import re
from functools import lru_cache
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from newsprism.sources import parse_date as _published  # one date reader for every stage
from .casefold import FoldedPattern
from .clean import (CALENDAR_WORDS, MONTH_PATTERN, MONTHS, STORY_SENTENCES, WEEKDAY_PATTERN, WEEKDAYS,
                    prose_sentences, sentence_budget)
from .names import (DESCRIPTION_WORDS, PERSON_TITLES, ascii_key, ascii_tokens, default_gazetteer, person_key,
                    phonetic_fold, same_person)

__all__ = ["find_disagreements"]

# --- shared vocabulary ----------------------------------------------------------------------
#: A month's name or abbreviation (as :data:`newsprism.clean.MONTH_PATTERN` matches it,
#: lower-cased) -> its number.
_MONTHS = {name: i + 1 for i, m in enumerate(MONTHS) for name in (m, m[:3])} | {"sept": 9}
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
    "attack": "attack attacked attacks bombing bombed",
    # A labour or military strike; "struck" is left out: earthquakes and storms strike too.
    "strike": "strike strikes walkout",
    # Verbs only: "23 confirmed deaths late Wednesday" dates the count, not the deaths.
    "deaths": "killed died",
    # Not "vote": a story holds many votes (committee, floor, cloture), days apart.
    "election": "election elections referendum",
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
_BACKGROUND = FoldedPattern(
    r"\b(?:previous(?:ly)?|earlier\s+(?:this|that|in)|last\s+(?:year|month|week)|a\s+year\s+ago|"
    r"years?\s+ago|months?\s+ago|since\s+(?:19|20)\d\d|in\s+(?:19|20)\d\d|(?:19|20)\d\d\s+(?:election|protests?)|"
    r"another|second|third|prior|formerly|once again|again|in\s+the\s+past|historically|"
    r"(?:stronger|bigger|larger|weaker|smaller|worse|deadlier|higher|lower)\s+than|(?:above|below|than)\s+that\s+of|"
    r"(?:throughout|during)\s+(?:19|20)\d\d)\b",
)
#: A side of a dispute must be stated in some source's title or first sentences: its own
#: report of the event. Deeper sentences recall other events and other scopes ("32 people
#: were killed" in Brussels a year before; "the 9/11 attacks, which left nearly 3,000 people
#: dead"; the Senate's approval a day before the House's). Once a side is led so, deeper
#: sentences may support it (seed 000 dates the release in its 40th sentence). On 1,081
#: AllSides train stories of full-length articles, whole texts raised 27 disputes, 2 real
#: by reading; with sides led in the first 5 sentences 3 were left, one of them real. The
#: planted and the seed disagreements are led in sentences 0-3. (BENCHMARKS.md,
#: "Disagreements on full-length articles".)
LEAD_CLAIM_SENTENCES = 5
#: Day words that do not date the event ("every Friday", "until Monday", "next Tuesday").
_DAY_BLOCKERS = frozenset(
    "every each until till by since before after next following last this from for".split()
)
#: Words either side of a day expression searched for its event, within its clause
#: ("the release of 123 prisoners on December 13": 4; "signed by both ministers in Gdansk
#: on Monday": 6; "went on strike at 12:01 a.m. Saturday": 2 once the time is dropped).
_EVENT_WINDOW = 8


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
    sents = prose_sentences(str(article.get("text") or ""))
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


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """A light stem so "Belarus"/"Belarusian", "prisoner"/"prisoners" meet."""
    for suffix in ("ians", "ian", "ies", "es", "s", "ed", "ing"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


# --- days and dates ---------------------------------------------------------------------------
_DAY_RE = re.compile(
    rf"\b(?P<day>{WEEKDAY_PATTERN})(?P<poss>['’]s)?"
    rf"(?:,?\s+(?P<mon>{MONTH_PATTERN})\.?\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?"
    r"(?:,?\s+(?P<my>(?:19|20)\d\d))?)?"
)
_DATE_RE = re.compile(
    rf"\b(?:(?P<mon>{MONTH_PATTERN})\.?\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"|(?P<dm>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon2>{'|'.join(m.capitalize() for m in MONTHS)}))"
    r"(?:,?\s+(?P<y>(?:19|20)\d\d))?\b"
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
    lead: frozenset[str] = frozenset()  # content words of the article's title and first sentences


def _resolve_weekday(weekday: int, published: datetime | None) -> date | None:
    """The most recent date with this weekday on or before publication (news reports the past)."""
    if published is None:
        return None
    d = published.date()
    return d - timedelta(days=(d.weekday() - weekday) % 7)


#: Where a day's clause ends: punctuation and words that start another clause ("rose
#: above 150 on Saturday as rescue workers toiled": the day is not the rescue's).
_DAY_CLAUSE = re.compile(
    r"[,;:()\u2014\u2013]|\s-\s|\b(?:as|while|when|whereas|because|but|after|before|since|until|although|though|"
    r"during|amid|despite)\b",
    re.IGNORECASE,
)
#: Words a day reaches its event through: "The strike, which began Friday", "the release
#: happened on Saturday", "early Tuesday". Any other verb holds the day itself ("lawmakers
#: on Friday trashed a report released ...": Friday is the day of the trashing).
_TRANSPARENT = frozenset(
    "began begin begins started start starts ended took place happened occurred came was were is are has "
    "had have been be which who that on early late in the at of a an its their his her this morning night "
    "evening afternoon midday noon overnight".split()
)
_IRREGULAR_VERBS = frozenset(
    "said says told went came took gave rose fell held left saw won lost hit made found brought sent spent put "
    "set got kept stood ran wrote spoke heads urged show shows".split()
)
_TIME_OF_DAY = re.compile(r"\b\d{1,2}(?::\d\d)?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)", re.IGNORECASE)


#: A day in a clause about the future is a plan, not the day something happened.
_FUTURE = re.compile(
    r"\b(?:will|would|shall|expected|scheduled|set\s+to|plans?\s+to|planned|effective|due\s+to|slated|next)\b",
    re.IGNORECASE,
)


def _is_verb(word: str) -> bool:
    return word in _IRREGULAR_VERBS or (len(word) > 4 and word.endswith(("ed", "ing")) and word not in _TRANSPARENT)


def _events_near(sentence: str, start: int, end: int) -> list[tuple[str, int]]:
    """The events a day (characters ``start:end``) dates, with their distance in words.

    In each direction, within the day's clause and :data:`_EVENT_WINDOW` words, the first
    event word counts unless another verb comes first (that verb is what the day dates);
    a count moving "to"/"from" a number ("raised the toll to 1,941 on Tuesday") dates the
    count, not the event. A relative clause reaches back to its noun ("The strike, which
    began Friday").
    """
    left_text = _TIME_OF_DAY.sub(" ", sentence[:start])
    parts = _DAY_CLAUSE.split(left_text)
    left = parts[-1]
    if len(parts) > 1 and re.match(r"\s*(?:which|who|that)\b", left, re.IGNORECASE):
        left = parts[-2] + " " + left  # ", which began Friday" -> back to "The strike"
    right = _DAY_CLAUSE.split(_TIME_OF_DAY.sub(" ", sentence[end:]), maxsplit=1)[0]
    if re.search(r"\b(?:to|from)\s+\d[\d,.]*\s*(?:on\s*)?$", left.strip(), re.IGNORECASE):
        return []
    if _FUTURE.search(left) or _FUTURE.search(right):
        return []  # "will move to a full vote on Monday", "resign effective Friday"
    # The first verb or event word on each side, within the clause ("authorities said
    # Wednesday that they have arrested": the saying is dated, not the arrest).
    anchors = []
    for side, words in ((0, _WORD.findall(left)[::-1]), (1, _WORD.findall(right))):
        for dist, w in enumerate(words[:_EVENT_WINDOW]):
            lw = w.lower()
            if lw in _EVENTS or _is_verb(lw):
                anchors.append((dist, side, lw))
                break
    # The word right after the day wins ("on Friday released", "Thursday's attack");
    # otherwise the day modifies what comes before it ("signed ... in Gdansk on Monday at
    # the end of the summit": the signing, not the summit).
    after = [a for a in anchors if a[1] == 1 and a[0] == 0]
    before = [a for a in anchors if a[1] == 0]
    chosen = after + [a for a in before if a[0] == 0] if after else before or anchors
    found: dict[str, int] = {}
    for dist, _, lw in chosen:
        if lw in _EVENTS:
            found[_EVENTS[lw]] = dist
    return sorted(found.items(), key=lambda kv: (kv[1], kv[0]))


def _word_index(sentence: str, pos: int) -> int:
    return len(_WORD.findall(sentence[:pos]))


def _day_claims(
    cited: str, article: Mapping[str, Any], sentences: list[str], story_year: int | None = None,
    lead_sentences: Sequence[str] | None = None,
) -> list[_DayClaim]:
    published = _published(article.get("published"))
    # A date without a year ("December 13") takes the article's year, else the story's.
    year_of_text = published.year if published else story_year
    out: list[_DayClaim] = []
    # The lead as written (background words such as "third day" blank a sentence for
    # claims, but it still says what the article is about).
    lead = frozenset(_content(_WORD.findall(" ".join((lead_sentences or sentences)[:3]))))
    for pos, sent in enumerate(sentences):
        if not sent:
            continue  # a background sentence, blanked by the caller
        spans: list[tuple[int, int, int | None, date | None]] = []  # (start, end, weekday, date)
        for m in _DAY_RE.finditer(sent):
            pre = (sent[max(0, m.start() - 20):m.start()].split()[-1:] or [""])[0].lower()
            if pre in _DAY_BLOCKERS:
                continue
            weekday = WEEKDAYS.index(m.group("day").lower())
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
            events = _events_near(sent, start, end)
            if events:
                kinds = frozenset(e for e, _ in events)
                out.append(_DayClaim(cited, weekday, when, kinds, tuple(events), context, sent, published, pos, lead))
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
    # A strike or a protest lasts: what articles date is its start.
    verb = "began" if event in {"strike", "protest"} else "were" if event.endswith("s") else "was"
    if c0.weekday is None:
        return f"The {event} {verb} on {c0.when:%B} {c0.when.day}"
    dates = sorted({c.when for c in claims if c.when is not None and c.weekday is not None})
    day = WEEKDAYS[c0.weekday].capitalize()
    if len(dates) == 1:
        return f"The {event} {verb} on {day} ({dates[0].day} {dates[0]:%B %Y})"
    return f"The {event} {verb} on {day}"


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
    # One shared word in the sentences ("The strike, which began Friday" / "since the
    # strike began on Saturday") is enough when the articles' leads are about the same
    # thing (seed-style demo: the port strike, 3+ shared lead words).
    same_story = len(shared) >= 1 and len((a.lead & b.lead) - {_stem(w) for w in _EVENTS}) >= _SHARED_LEAD
    if len(shared) < 2 and not same_story and not (_numbers(a.sentence) & _numbers(b.sentence)):
        return False
    if a.when and b.when:
        early, late = (a, b) if a.when < b.when else (b, a)
        if early.published is not None and early.published.date() < late.when:
            return False  # written before the other day: a different occurrence
        if (late.when - early.when).days > _MAX_DAY_GAP:
            return False  # "January 6" / "September 11": two events, not one misdated
    if "announcement" in a.events & b.events and not (a.events & b.events) - {"announcement"}:
        # Many people announce things in one story: only the same announcer's
        # announcement on two days is a dispute.
        aa = [d for d in _actor_claims(a.cited, [a.sentence]) if d.key == ("agent", "announced")]
        bb = [d for d in _actor_claims(b.cited, [b.sentence]) if d.key == ("agent", "announced")]
        if not aa or not bb or not any(_same_value(x, y) for x in aa for y in bb):
            return False
    return True


#: Days apart beyond which two dates are two occurrences: a misreported day is off by one
#: or two, not by months.
_MAX_DAY_GAP = 7
#: Content words two articles' titles and first sentences must share to be about one thing.
_SHARED_LEAD = 3


def _numbers(sentence: str) -> set[str]:
    return {n for n in re.findall(r"\b\d[\d,]*\b", sentence) if not re.fullmatch(r"(?:19|20)\d\d", n)}


# --- counts -----------------------------------------------------------------------------------
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12, "hundred": 100, "thousand": 1000,
}
_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9,
           "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "k": 1e3}
_APPROX = r"(?:about|around|roughly|nearly|almost|approximately|some|an\s+estimated|estimated|close\s+to|circa)"
#: "more than 50"; and milestones of a running count: "the toll passed 400,000" says at
#: least 400,000 at that time (AllSides: "reached 300,000" / "surpasses 400,000").
_LOWER = r"(?:more\s+than|over|at\s+least|upwards\s+of|in\s+excess\s+of|greater\s+than|beyond|reached|reaches|surpassed|surpasses|passed|passes|topped|tops|crossed|exceeded|exceeds)"
_UPPER = r"(?:fewer\s+than|less\s+than|up\s+to|under|at\s+most|no\s+more\s+than)"
_NUM_WORD = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_COUNT_RE = FoldedPattern(
    rf"(?P<cur>[$€£]\s?)?"
    rf"(?P<num>\b\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\b\d+(?:\.\d+)?|\b(?:an?\s+)?(?:{_NUM_WORD})(?:-(?:{_NUM_WORD}))?\b)"
    rf"(?:\s*(?P<scale>hundred|thousand|million|billion|trillion|bn|mn|m|k|tn)\b)?"
    rf"(?P<pct>\s*%|\s+per\s*cent\b|\s+percent\b)?",
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
#: Heads whose count means one thing in a story without a role word: the toll, the
#: prisoners, the magnitude. Any other noun is compared only with a role word near it: in
#: the demo corpus "two recipients" (that went bankrupt) and "a dozen recipients" (that
#: missed milestones), "15 degrees" (cooler shade) and "86 degrees" (Fahrenheit of a heat
#: day) are different quantities, not a dispute.
_SPECIFIC_HEADS = frozenset({"dead", "injured", "missing", "prisoners", "hostages", "arrests", "magnitude"})
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
    # Not "remains": "the remains of 24 people" is not about who remains.
    "remaining": "remain remaining still",
    "transferred": "transferred moved sent flown received",
    # Not "package": infrastructure, spending and stimulus packages of one story differ.
    "aid": "aid assistance",
    "fine": "fine fined penalty",
    "tariff": "tariff tariffs",
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
        if any(p not in NUMBER_WORDS for p in parts):
            return None
        value = float(sum(NUMBER_WORDS[p] for p in parts))
    if scale:
        value *= _SCALES[scale.lower()]
    return value


def _is_round(value: float, raw: str, scale: str | None) -> bool:
    """"1,000", "2,500", "a thousand", "1.2 million" are written to be approximate."""
    if scale or not raw[0].isdigit():
        return value >= 100
    digits = raw.replace(",", "").split(".")[0]
    return len(digits) >= 3 and len(digits) - len(digits.rstrip("0")) >= 2


_TOKEN_BEFORE = re.compile(r"[\w.-]$")
_TOKEN_AFTER = re.compile(r"[\w/:]")
_RANGE_BEFORE = re.compile(r"\d\s*[-\u2013]\s*$")
_LABEL_BEFORE = re.compile(
    r"\b(?:magnitude|no|number|route|highway|terminal|gate|room|page|section|article|"
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s*$", re.IGNORECASE)
_EVERY_BEFORE = re.compile(r"\b(?:every|per|each)\s*$", re.IGNORECASE)
_PART_BEFORE = re.compile(r"\d[\d,.]*\s+[a-z]+\s*(?:,|and|or)\s*$")


def _tail_search(pattern: re.Pattern[str], text: str, reach: int = 24) -> re.Match[str] | None:
    """``pattern.search(text)`` for a pattern anchored at the end whose matches are under
    ``reach`` characters long when spaces come singly (:data:`_LABEL_BEFORE`: "september." and
    a space): over the last ``reach`` characters (a match's ``\b`` still sees the one before),
    or over the whole text when it holds a run of spaces or other white space."""
    if len(text) > reach and text.isprintable() and "  " not in text:
        return pattern.search(text, len(text) - reach)
    return pattern.search(text)


def _count_claims(cited: str, article: Mapping[str, Any], sentences: list[str]) -> list[_Count]:
    published = _published(article.get("published"))
    out: list[_Count] = []
    for sent in sentences:
        if not sent:
            continue
        for m in _MAGNITUDE_RE.finditer(sent):
            if _aftershock(sent, m.start(), m.end()):
                continue  # "One aftershock had a magnitude of 5.1": not the quake's 6.2
            value = float(m.group("a") or m.group("b"))
            out.append(_Count(cited, value, "exact", ("magnitude", None), m.group(0), sent, published))
        for m in _COUNT_RE.finditer(sent):
            raw = m.group("num")
            if not raw or not raw.strip():
                continue
            before = sent[: m.start()]
            # The tests below read the end of ``before`` only: each runs where its pattern can
            # still match (a pattern ending in "$" over a whole long sentence, per number, was
            # most of this function's time).
            end = before.rstrip()
            if _TOKEN_BEFORE.search(before, max(0, len(before) - 2)) or \
                    _TOKEN_AFTER.match(sent[m.end():m.end() + 1] or " ") and not m.group("pct"):
                continue  # part of a token: "G7", "COVID-19", "3:30", "24/7"
            if end.endswith(("-", "\u2013")) and _RANGE_BEFORE.search(before) or _tail_search(_LABEL_BEFORE, before):
                continue  # "a 7-4 vote", "the March 3 earthquake", "magnitude 5.4", "Route 9"
            if end.lower().endswith(("every", "per", "each")) and _EVERY_BEFORE.search(before) or \
                    end.endswith((",", "and", "or")) and _PART_BEFORE.search(before):
                continue  # "one of every five deaths"; "20 children and six adults": a part
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
                head = _head(after_words, single=value == 1)
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
                # Up to the counted noun: "14 political prisoners", not "14 political".
                upto = next((i for i, w in enumerate(after_words[:3])
                             if _HEADS.get(w.lower()) == head or _stem(w.lower()) == head), 0)
                phrase = " ".join([phrase, *after_words[:upto + 1]])
            rest = sent[m.end():m.end() + 90]
            if re.match(r"\s+[\w-]+(?:\s+[\w-]+)?\s+(?:a|per|each)\s+(?:day|week|month|year|hour)\b|"
                        r"\s+[\w-]+\s+daily\b", rest):
                continue  # "1,500 deaths a day": a rate, not a toll
            if re.search(r"\b(?:including|excluding|not including|among them)\s+(?:the\s+)?"
                         r"(?:gunman|shooter|assailant|attacker|suspect|bomber|perpetrator|driver)", rest):
                continue  # "four dead, including the assailant": another scope than "three killed"
            if role is None and head not in _SPECIFIC_HEADS:
                continue  # "two companies" / "a dozen companies": which companies? (demo corpus)
            out.append(_Count(cited, value, kind, (head, role), phrase, sent, published))
    return out


_QUAKE_WORD = re.compile(r"\b(?:earthquake|quake|tremor|temblor|(?P<other>aftershock|foreshock))s?\b", re.IGNORECASE)


def _aftershock(sentence: str, start: int, end: int) -> bool:
    """Whether the quake word nearest a magnitude is an after- or foreshock's."""
    near = min(_QUAKE_WORD.finditer(sentence), default=None,
               key=lambda q: q.start() - end if q.start() >= end else start - q.end())
    return near is not None and near.group("other") is not None


#: Heads that are participles: "one injured demonstrator was carried away" is an
#: individual, not a toll of one against the story's "more than 100 injured". A toll of one
#: is written "one person was injured" or "one dead".
_ATTRIBUTIVE = frozenset({"injured", "wounded", "dead", "missing", "arrested"})


def _head(after: list[str], single: bool = False) -> str | None:
    """The counted noun: a known head within the next three words, else the next word.
    ``single``: the number is one, and a participle before a singular noun ("one injured
    demonstrator") describes that one, so the noun is the head."""
    if not after:
        return None
    for i, w in enumerate(after[:3]):
        lw = w.lower()
        if single and lw in _ATTRIBUTIVE and i + 1 < len(after):
            low = after[i + 1]
            if low.isalpha() and low.islower() and low not in _STOP and not low.endswith("s") \
                    and _HEADS.get(low) != "people":
                return _stem(low)
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


# --- places, names and who did what -----------------------------------------------------------
# Three more checkable details, each read as (what it is about, the value an article gives):
#
# * the place of an event: "released in Vilnius" / "freed ... in Minsk" (event word, then
#   "in"/"at" and a capitalised place within a few words of the same clause; arrivals and
#   transfers also take "to": "flown to Vilnius");
# * the holder of a role: "the mediator John Coale" / "John Smith, the mediator" (a role
#   that one person holds: an envoy, a mediator, a country's president, a city's mayor);
# * the actor of an act: "Coale announced the lifting of sanctions" / "Rubio announced
#   the lifting of sanctions" (who brokered, announced, freed, scored ...).
#
# Spelling variants of one name are one value (names.py folds transliterations:
# Kolesnikova / Kalesnikava). Before anything is called a disagreement, every guard below
# must pass, because different places, people and actors for *different* things are the
# normal state of a story:
#
# * each article gives one value for the detail (two places for one release is not a claim);
# * an article that mentions the other side's value anywhere in its text is left out of
#   the dispute (it knows of both: "flown from Minsk to Vilnius", "Vilnius, Lithuania");
# * no sentence of any article of the story names both values together (they coexist:
#   "Coale and Rubio", "in Vilnius, the Lithuanian capital");
# * the sentences are about the same occurrence (shared content words or numbers, as for days).

#: Words that start an event whose place is compared, with the prepositions that give it.
_PLACE_EVENTS: dict[str, tuple[str, frozenset[str]]] = {}
for _w, _e in _EVENTS.items():
    _PLACE_EVENTS[_w] = (_e, frozenset({"in", "at"}))
for _f in "landed arrived arrival flown flew taken transferred moved sent deported driven brought".split():
    _PLACE_EVENTS[_f] = ("arrival", frozenset({"in", "at", "to"}))
#: Words between an event word and its place that attach the place to something else
#: ("freed 14 prisoners held in Minsk": Minsk is where they were held).
_PLACE_BREAKERS = frozenset(
    "held kept jailed imprisoned detained located based born living lives live who which that where whose "
    "and or but while because after before since until than".split()
)
_PLACE_WINDOW = 5  # words from the event word to the preposition
#: Places that contain many others: countries, US states, Canadian provinces, continents
#: and world regions. "Arrested in California" and "arrested in Los Angeles" are both
#: true (AllSides stories-2021 had exactly this pair), so a place is only compared with
#: one of its own kind: a region with a region, anything else with anything else.
_REGIONS = frozenset(ascii_key(n) for n in (
    # continents and regions
    "Africa|Asia|Europe|North America|South America|Latin America|Central America|Oceania|Antarctica|Arctic|"
    "Middle East|Near East|Far East|Balkans|Baltics|Caribbean|Scandinavia|Caucasus|Sahel|Gulf|Persian Gulf|"
    "Western Europe|Eastern Europe|Central Europe|Southern Europe|Northern Europe|Central Asia|South Asia|"
    "Southeast Asia|East Asia|West Africa|East Africa|North Africa|Southern Africa|Horn of Africa|Pacific|"
    "Atlantic|Mediterranean|European Union|Gaza Strip|West Bank|"
    # countries
    "Afghanistan|Albania|Algeria|Andorra|Angola|Argentina|Armenia|Australia|Austria|Azerbaijan|Bahamas|"
    "Bahrain|Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bhutan|Bolivia|Bosnia|Bosnia and Herzegovina|"
    "Botswana|Brazil|Brunei|Bulgaria|Burkina Faso|Burundi|Cambodia|Cameroon|Canada|Cape Verde|"
    "Central African Republic|Chad|Chile|China|Colombia|Comoros|Congo|Costa Rica|Croatia|Cuba|Cyprus|"
    "Czechia|Czech Republic|Denmark|Djibouti|Dominica|Dominican Republic|Ecuador|Egypt|El Salvador|"
    "Equatorial Guinea|Eritrea|Estonia|Eswatini|Ethiopia|Fiji|Finland|France|Gabon|Gambia|Georgia|Germany|"
    "Ghana|Greece|Greenland|Grenada|Guatemala|Guinea|Guinea-Bissau|Guyana|Haiti|Honduras|Hong Kong|Hungary|"
    "Iceland|India|Indonesia|Iran|Iraq|Ireland|Israel|Italy|Ivory Coast|Jamaica|Japan|Jordan|Kazakhstan|"
    "Kenya|Kiribati|Kosovo|Kuwait|Kyrgyzstan|Laos|Latvia|Lebanon|Lesotho|Liberia|Libya|Liechtenstein|"
    "Lithuania|Luxembourg|Madagascar|Malawi|Malaysia|Maldives|Mali|Malta|Mauritania|Mauritius|Mexico|"
    "Micronesia|Moldova|Monaco|Mongolia|Montenegro|Morocco|Mozambique|Myanmar|Burma|Namibia|Nauru|Nepal|"
    "Netherlands|Holland|New Zealand|Nicaragua|Niger|Nigeria|North Korea|North Macedonia|Norway|Oman|"
    "Pakistan|Palau|Palestine|Panama|Papua New Guinea|Paraguay|Peru|Philippines|Poland|Portugal|"
    "Puerto Rico|Qatar|Romania|Russia|Rwanda|Samoa|San Marino|Saudi Arabia|Senegal|Serbia|Seychelles|"
    "Sierra Leone|Singapore|Slovakia|Slovenia|Solomon Islands|Somalia|South Africa|South Korea|Korea|"
    "South Sudan|Spain|Sri Lanka|Sudan|Suriname|Sweden|Switzerland|Syria|Taiwan|Tajikistan|Tanzania|"
    "Thailand|Timor-Leste|Togo|Tonga|Trinidad and Tobago|Tunisia|Turkey|Turkiye|Turkmenistan|Tuvalu|Uganda|"
    "Ukraine|United Arab Emirates|UAE|United Kingdom|UK|Britain|Great Britain|England|Scotland|Wales|"
    "Northern Ireland|United States|US|USA|America|Uruguay|Uzbekistan|Vanuatu|Vatican|Venezuela|Vietnam|"
    "Yemen|Zambia|Zimbabwe|"
    # US states, Canadian provinces
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Hawaii|Idaho|"
    "Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|"
    "Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York State|"
    "North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|"
    "South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington State|West Virginia|Wisconsin|Wyoming|"
    "Ontario|Quebec|British Columbia|Alberta|Manitoba|Saskatchewan|Nova Scotia|New Brunswick|"
    "Newfoundland|Yukon|Nunavut"
).split("|"))
_CAP = r"[A-Z][\w'’.-]*"
_PLACE_RE = re.compile(rf"\b(?P<prep>in|at|to)\s+(?:the\s+)?(?P<place>{_CAP}(?:\s+{_CAP}){{0,2}})")
_NOT_PLACE = CALENDAR_WORDS | frozenset(
    "i we he she they it this that these those christmas easter "
    "english russian french german spanish arabic chinese".split()
)
_TITLE_WORDS = PERSON_TITLES | DESCRIPTION_WORDS | frozenset({"gen", "sir", "lord"})


@dataclass(frozen=True)
class _Detail:
    cited: str
    key: tuple[str, ...]  # what the value is about: ("place", event, role) / ("name", head, mods) / ("agent", verb)
    value: str  # as written, cleaned ("Vilnius", "John Coale")
    kind: str  # "place" / "person" / "actor"
    context: frozenset[str]  # content words of the sentence
    obj: frozenset[str]  # for actors: content words and numbers of what was done
    sentence: str
    about: str  # how the page names the detail: "release", "U.S. special envoy", "announced the lifting of sanctions"


class _LazyContext:
    """A sentence's content words, computed on first use: most sentences hold no place,
    role or actor, and reading their words is most of the cost (40-article page)."""

    __slots__ = ("sentence", "_value")

    def __init__(self, sentence: str) -> None:
        self.sentence, self._value = sentence, None

    def get(self) -> frozenset[str]:
        if self._value is None:
            self._value = frozenset(_content(_WORD.findall(self.sentence)))
        return self._value


def _clean_name(run: str) -> str:
    words = run.replace("’", "'").split()
    while words and words[0].lower().strip(".,") in _TITLE_WORDS | {"the"}:
        words = words[1:]
    while words and words[-1].lower() in {"of", "the", "for", "and"}:
        words = words[:-1]
    if words:
        words[-1] = re.sub(r"'s$", "", words[-1]).rstrip(".,")
    return " ".join(words)


def _place_claims(cited: str, sentences: list[str]) -> list[_Detail]:
    out = []
    for sent in sentences:
        if not sent:
            continue
        context = _LazyContext(sent)
        for m in _PLACE_RE.finditer(sent):
            place = _clean_name(m.group("place"))
            toks = place.split()
            if not toks or any(t.lower().strip(".") in _NOT_PLACE for t in toks) or place.isdigit():
                continue
            if toks[0].lower() in _TITLE_WORDS or len(place) < 3:
                continue
            # The event word: within _PLACE_WINDOW words before the preposition, same clause.
            clause = re.split(r"[,;:()\u2014\u2013]|\s-\s", sent[: m.start()])[-1]
            before = _WORD.findall(clause)[-(_PLACE_WINDOW + 1):]
            found = None
            for i in range(len(before) - 1, -1, -1):
                w = before[i].lower()
                if w in _PLACE_EVENTS and m.group("prep") in _PLACE_EVENTS[w][1]:
                    found = _PLACE_EVENTS[w][0]
                    break
                if w in _PLACE_BREAKERS:
                    break
            if found is None:
                continue
            role = "to" if m.group("prep") == "to" else "in"
            out.append(_Detail(cited, ("place", found, role), place, "place", context.get(), frozenset(), sent, found))
    return out


#: Roles one person holds at a time. Unqualified ("the mediator"), only the first group
#: names one person within a story; the others need a qualifier ("U.S.", "of Belarus").
_UNIQUE_ROLES = ("special envoy", "envoy", "mediator", "chief negotiator", "negotiator")
_QUALIFIED_ROLES = ("prime minister", "foreign minister", "defence minister", "defense minister",
                    "finance minister", "interior minister", "president", "chancellor", "ambassador",
                    "mayor", "governor", "chief executive", "ceo", "head coach", "coach", "director",
                    "secretary-general", "secretary general", "secretary of state")
_ROLE_ALT = "|".join(re.escape(r) for r in sorted(_UNIQUE_ROLES + _QUALIFIED_ROLES, key=len, reverse=True))
_NAME_TOKEN = r"[A-Z][\w-]*(?:['’][A-Z][\w-]+)?(?!['’]s\b)"  # O'Brien, not Trudeau's
_PERSON = rf"{_NAME_TOKEN}(?:\s+(?:[A-Z]\.\s+)?{_NAME_TOKEN}){{1,2}}\b(?!['’])"
_QUAL = rf"(?:\s+(?:for|of|to)\s+(?:the\s+)?(?P<of>{_CAP}(?:\s+{_CAP}){{0,3}}))?"
#: "the mediator John Coale", "U.S. Special Envoy for Belarus, John Coale", "Belarusian
#: President Alexander Lukashenko"
_ROLE_BEFORE = re.compile(
    rf"(?P<the>\b(?i:the)\s+)?(?P<mods>(?:(?:{_CAP}|special|top|chief|new|deputy|vice)\s+){{0,3}})"
    rf"(?i:(?P<role>{_ROLE_ALT}))\b{_QUAL},?\s+(?P<name>{_PERSON})"
)
#: "John Coale, the US special envoy for Belarus"
_ROLE_AFTER = re.compile(
    rf"(?P<name>{_PERSON}),\s+the\s+(?P<mods>(?:[\w.'’-]+\s+){{0,3}}?)(?i:(?P<role>{_ROLE_ALT}))\b{_QUAL}"
)
_ROLE_SKIP = frozenset({"former", "ex", "late", "then", "acting", "interim", "outgoing", "incoming", "first",
                        "a", "an", "another", "whose", "his", "her", "their", "its"})
_MOD_DROP = frozenset({"the", "special", "top", "new", "s", "chief"})
_US = {"us", "u s", "usa", "american", "united states", "america", "washington"}


def _mod_key(word: str) -> str:
    """A role qualifier, typography and demonym folded: "U.S."/"American" -> "us",
    "Belarusian"/"Belarus" -> "belar"."""
    k = ascii_key(word)
    if k in _US:
        return "us"
    return k.replace(" ", "")[:5]


_ROLE_WORD = FoldedPattern(rf"\b(?:{_ROLE_ALT})\b")


def _role_claims(cited: str, sentences: list[str]) -> list[_Detail]:
    out = []
    for sent in sentences:
        if not sent or not _ROLE_WORD.search(sent):
            continue
        context = _LazyContext(sent)
        for rx in (_ROLE_BEFORE, _ROLE_AFTER):
            for m in rx.finditer(sent):
                mods_raw = (m.group("mods") or "").split()
                if any(w.lower().strip(".,") in _ROLE_SKIP for w in mods_raw):
                    continue
                if rx is _ROLE_BEFORE:
                    pre = sent[: m.start()].split()[-1:]
                    if pre and pre[0].lower().strip(".,") in _ROLE_SKIP:
                        continue  # "a former president", "his envoy"
                name = _clean_name(m.group("name"))
                if len(name.split()) < 2 or any(w.lower() in _NOT_PLACE for w in name.split()):
                    continue
                mods = {_mod_key(w) for w in mods_raw if w.lower().strip(".,") not in _MOD_DROP}
                mods.discard("")
                if m.group("of"):
                    mods.add(_mod_key(_clean_name(m.group("of")).split()[-1] if _clean_name(m.group("of")) else ""))
                    mods.discard("")
                role = " ".join(m.group("role").lower().split())
                role = {"special envoy": "envoy", "chief negotiator": "negotiator", "ceo": "chief executive",
                        "secretary general": "secretary-general", "head coach": "coach"}.get(role, role)
                if not mods and role not in {"envoy", "mediator", "negotiator"}:
                    continue
                if rx is _ROLE_BEFORE and not mods and not m.group("the"):
                    continue  # "envoy John Coale" with no article may be one of several
                about = " ".join(f"{' '.join(mods_raw)} {m.group('role')}".split())
                if m.group("of"):
                    about += sent[m.end("role"):m.end("of")]
                about = about if about[:1].isupper() and about.split()[0].isupper() else about[:1].lower() + about[1:]
                out.append(_Detail(cited, ("name", role, *sorted(mods)), name, "person", context.get(), frozenset(), sent,
                                   about))
    return out


#: Acts done by one actor: who brokered, announced, freed, scored ...
_ACTS = frozenset(
    "announced brokered mediated negotiated released freed signed vetoed ordered scored won arrested "
    "launched fired dismissed appointed nominated".split()
)
_ACTOR_RE = re.compile(
    rf"(?P<agent>{_CAP}(?:\s+{_CAP}){{0,3}})(?:['’]s\s+(?:government|authorities|administration))?"
    rf"(?P<app>,\s[^,\"“”]{{3,80}},)?\s+(?:has\s+|had\s+|have\s+|on\s+\w+\s+|also\s+)?(?P<verb>{'|'.join(sorted(_ACTS))})\b(?!['’])"
    rf"(?P<obj>[^,;:.\"“”]{{0,80}})"
)
_PASSIVE_RE = re.compile(
    rf"\b(?:was|were|had been|has been|have been)\s+(?P<verb>{'|'.join(sorted(_ACTS))})\s+by\s+(?:the\s+)?"
    rf"(?P<agent>{_CAP}(?:\s+{_CAP}){{0,3}})"
)


#: Both actor patterns need one of the acts as a whole word: most sentences name none, and
#: this test is far cheaper than trying _ACTOR_RE at every capitalised word.
_ACT_WORD = re.compile(rf"\b(?:{'|'.join(sorted(_ACTS))})\b")


def _actor_claims(cited: str, sentences: list[str]) -> list[_Detail]:
    out = []
    for sent in sentences:
        if not sent or not _ACT_WORD.search(sent):
            continue
        context = _LazyContext(sent)
        for m in _ACTOR_RE.finditer(sent):
            agent = _clean_name(m.group("agent"))
            if not agent or agent.split()[0].lower() in _STOP | _NOT_PLACE or m.start() > 0 and sent[m.start() - 1] not in " \"“(":
                continue
            if m.group("app") and re.search(_PERSON, m.group("app")):
                continue  # "VP of Global Affairs, Nick Clegg, announced": the actor is unclear
            words = _WORD.findall(m.group("obj"))[:8]
            obj = frozenset(_content(words)) | frozenset(w for w in words if w[0].isdigit())
            if len(obj) < 2:
                continue
            phrase = re.split(r"\b(?:after|before|as|while|when|because|following|amid|during|since|until|and|but|"
                              rf"with|on\s+{WEEKDAY_PATTERN})\b",
                              m.group("obj"))[0]
            about = " ".join([m.group("verb"), *_WORD.findall(phrase)[:8]])
            out.append(_Detail(cited, ("agent", m.group("verb")), agent, "actor", context.get(), obj, sent, about))
        for m in _PASSIVE_RE.finditer(sent):
            agent = _clean_name(m.group("agent"))
            if not agent or agent.split()[0].lower() in _STOP | _NOT_PLACE:
                continue
            words = _WORD.findall(sent[: m.start()])[-8:]
            obj = frozenset(_content(words)) | frozenset(w for w in words if w[0].isdigit())
            if len(obj) < 2:
                continue
            out.append(_Detail(cited, ("agent", m.group("verb")), agent, "actor", context.get(), obj, sent,
                               " ".join([m.group("verb"), *words[-6:]])))
    return out


def _folds(text: str) -> set[str]:
    return {phonetic_fold(t) for t in set(ascii_tokens(text)) if len(t) > 1}


def _value_folds(value: str, kind: str) -> list[str]:
    """The folded tokens that identify a value in a text: a person by surname, a place or
    an actor by all its words."""
    toks = [phonetic_fold(t) for t in ascii_tokens(value) if len(t) > 1 and t not in {"the", "of"}]
    if kind == "person" and toks:
        return toks[-1:]
    return toks


def _mentioned(folds: set[str], value: str, kind: str) -> bool:
    """Whether a text (its folded tokens) names the value, in any spelling ("Belarusian"
    names "Belarus": a shared 5-letter stem of a long word counts)."""
    need = _value_folds(value, kind)
    if not need:
        return False
    for t in need:
        if t in folds:
            continue
        if len(t) >= 5 and any(f.startswith(t[:5]) and len(f) >= 5 for f in folds):
            continue
        return False
    return True


def _same_value(a: _Detail, b: _Detail) -> bool:
    """Two values name the same thing: equal up to typography or transliteration, one
    part of the other ("Vilnius" / "Vilnius airport", "Coale" / "John Coale"), or one
    gazetteer entry ("Kiev" / "Kyiv")."""
    ka, kb = ascii_key(a.value), ascii_key(b.value)
    if ka == kb:
        return True
    gaz = default_gazetteer()
    ea = gaz.lookup(a.value, "GPE") or gaz.lookup(a.value, "ORG") or gaz.lookup(a.value, "PERSON")
    eb = gaz.lookup(b.value, "GPE") or gaz.lookup(b.value, "ORG") or gaz.lookup(b.value, "PERSON")
    if ea is not None and eb is not None:
        return ea.name == eb.name
    if a.kind == "person" and b.kind == "person":
        va = default_gazetteer().given_variants
        return same_person(a.value, b.value, va) or person_key(a.value)[1] == person_key(b.value)[1]
    fa, fb = set(_value_folds(a.value, a.kind)), set(_value_folds(b.value, b.kind))
    if fa & fb:
        return True
    return any(x[:5] == y[:5] and len(x) >= 5 and len(y) >= 5 for x in fa for y in fb)


def _title_case(sentence: str) -> bool:
    """A headline in Title Case ("Texas Governor Issues Executive Order"): its capitals
    say nothing about names."""
    words = [w for w in _WORD.findall(sentence) if w[0].isalpha() and len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) > 0.6 * len(words)


def _strip_the(value: str) -> str:
    return re.sub(r"^(?:the|western|eastern|northern|southern|central)\s+(?=[A-Z])", "", value, flags=re.IGNORECASE) \
        if ascii_key(value) not in _REGIONS else value


def _is_person(value: str) -> bool:
    toks = value.split()
    return 2 <= len(toks) <= 3 and all(t[:1].isupper() for t in toks)


def _detail_disagreements(details: list[_Detail], sentences_of: Mapping[str, list[int]],
                          story_sents: list[str]) -> list[dict[str, Any]]:
    """``sentences_of``: per cited article, the indices of its sentences in ``story_sents``."""
    groups: dict[tuple[str, ...], list[_Detail]] = defaultdict(list)
    for d in details:
        if d.key[0] == "name":
            groups[("name", d.key[1])].append(d)  # qualifiers are compared below
        else:
            groups[d.key].append(d)
    # Folded words of every article and sentence, computed only if some detail has two
    # sides to check (transliteration folding is the slow part).
    cache: dict[str, Any] = {}

    def folds() -> dict[str, set[str]]:
        if "a" not in cache:
            # An article's folded words are its sentences' (no token spans two sentences).
            each = sentence_folds()
            cache["a"] = {cited: set().union(*(each[i] for i in idx)) for cited, idx in sentences_of.items()}
        return cache["a"]

    def sentence_folds() -> list[set[str]]:
        if "s" not in cache:
            cache["s"] = [_folds(s) for s in story_sents]
        return cache["s"]

    out = []
    for key, group in sorted(groups.items()):
        for sub in _compatible_roles(group) if key[0] == "name" else [group]:
            found = _detail_dispute(key, sub, folds, sentence_folds)
            if found:
                out.append(found)
    return out


def _compatible_roles(group: list[_Detail]) -> list[list[_Detail]]:
    """Role mentions split by qualifier: "U.S. envoy" and "U.S. envoy for Belarus" are one
    role, "U.S. president" and "Belarusian president" two."""
    quals = sorted({d.key[2:] for d in group}, key=lambda q: (-len(q), q))
    out = []
    for q in quals:
        qs = set(q)
        members = [d for d in group if set(d.key[2:]) <= qs and (d.key[2:] or not qs or d.key[1] in {"envoy", "mediator", "negotiator"})]
        if members and not any(set(m) == set(members) for m in out):
            out.append(members)
    return out


def _detail_dispute(key: tuple[str, ...], group: list[_Detail], folds: Callable[[], Mapping[str, set[str]]],
                    sentence_folds: Callable[[], list[set[str]]]) -> dict[str, Any] | None:
    # One value per article.
    per_article: dict[str, list[_Detail]] = defaultdict(list)
    for d in group:
        per_article[d.cited].append(d)
    chosen: dict[str, _Detail] = {}
    for cited, ds in per_article.items():
        if all(_same_value(ds[0], d) for d in ds[1:]):
            chosen[cited] = ds[0]
    if len(chosen) < 2:
        return None
    # Sides: articles whose values are the same thing.
    sides: list[list[_Detail]] = []
    for cited in sorted(chosen):
        d = chosen[cited]
        for side in sides:
            if _same_value(side[0], d):
                side.append(d)
                break
        else:
            sides.append([d])
    if len(sides) < 2:
        return None
    if key[0] == "agent" and len({_is_person(s[0].value) for s in sides}) > 1:
        return None  # "Zhelnin released" / "Lesnovia freed": a leader acts for a state
    if key[0] == "place" and len({ascii_key(_strip_the(s[0].value)) in _REGIONS for s in sides}) > 1:
        return None  # "in California" / "in Los Angeles": one may contain the other
    # An article naming another side's value anywhere knows of both: not a side.
    kept = []
    for side in sides:
        others = [o[0] for o in sides if o is not side]
        members = [d for d in side if not any(_mentioned(folds()[d.cited], o.value, o.kind) for o in others)]
        if members:
            kept.append(members)
    if len(kept) < 2:
        return None
    # Two values named together anywhere in the story coexist.
    for i, a in enumerate(kept):
        for b in kept[i + 1:]:
            if any(_mentioned(f, a[0].value, a[0].kind) and _mentioned(f, b[0].value, b[0].kind)
                   for f in sentence_folds()):
                return None
    # The same occurrence: some cross pair shares context (actors: also what was done).
    for i, a in enumerate(kept):
        for b in kept[i + 1:]:
            if not any(_same_occurrence(x, y) for x in a for y in b):
                return None
    claims = []
    for side in sorted(kept, key=lambda s: (-len(s), s[0].value)):
        rep = side[0]
        text = {"place": f"{'to' if key[-1] == 'to' else 'in'} {rep.value}"}.get(rep.kind, rep.value)
        claims.append({
            "text": text,
            "sources": sorted({d.cited for d in side}),
            "evidence": [{"source": d.cited, "text": d.sentence} for d in sorted(side, key=lambda d: d.cited)],
        })
    return {"topic": _detail_topic(key, kept), "claims": claims}


def _same_occurrence(a: _Detail, b: _Detail) -> bool:
    values = set().union(*(_content(_WORD.findall(d.value)) for d in (a, b)))
    if a.kind == "actor":
        if len(a.obj & b.obj) < 2:
            return False  # "announced the lifting of sanctions" vs "announced a visit"
        return True
    shared = (a.context & b.context) - values - {_stem(w) for w in _EVENTS} - {_stem(w) for w in _PLACE_EVENTS}
    return len(shared) >= 2 or bool(_numbers(a.sentence) & _numbers(b.sentence))


def _detail_topic(key: tuple[str, ...], sides: list[list[_Detail]]) -> str:
    if key[0] == "place":
        return "destination" if key[1] == "arrival" else f"place of the {key[1]}"
    rep = max((d for s in sides for d in s), key=lambda d: (len(d.key), len(d.about), d.cited))
    if key[0] == "name":
        return f"name of the {rep.about}"
    return f"who {rep.about}"


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
    details: list[_Detail] = []
    sentences_of: dict[str, list[int]] = defaultdict(list)
    story_sents: list[str] = []
    seen_text: dict[str, set[str]] = defaultdict(set)
    read: list[tuple[str, Mapping[str, Any], list[str]]] = []
    lead_of: dict[str, set[str]] = defaultdict(set)
    for cited, article in _originals(articles):
        if not isinstance(article, Mapping):
            continue
        key = str(article.get("text") or "")
        if key in seen_text[cited]:
            continue  # a copy of a text already read for this original
        seen_text[cited].add(key)
        read.append((cited, article, _sentences(article)))
    # A story of hundreds of articles is read from each article's first sentences.
    keep = sentence_budget([len(x) for _, _, x in read], STORY_SENTENCES)
    for cited, article, all_sents in read:
        all_sents = all_sents[:keep]
        # Background sentences are blanked (not dropped: positions still say how early a
        # claim comes).
        sents = ["" if _BACKGROUND.search(x) else x for x in all_sents]
        lead_of[cited].update(all_sents[:LEAD_CLAIM_SENTENCES])
        day_claims.extend(_day_claims(cited, article, sents, story_year, all_sents))
        plain = ["" if _title_case(x) else x for x in sents]  # headline capitals are not names
        counts.extend(_count_claims(cited, article, plain))
        details.extend(_place_claims(cited, plain) + _role_claims(cited, plain) + _actor_claims(cited, plain))
        sentences_of[cited].extend(range(len(story_sents), len(story_sents) + len(all_sents)))
        story_sents.extend(all_sents)
    found = (_day_disagreements(day_claims) + _count_disagreements(counts)
             + _detail_disagreements(details, sentences_of, story_sents))
    return [d for d in (_led(d, lead_of) for d in found) if d is not None]


def _led(dispute: dict[str, Any], lead_of: Mapping[str, set[str]]) -> dict[str, Any] | None:
    """The dispute with only the claims some source states in its lead (see
    :data:`LEAD_CLAIM_SENTENCES`); None when fewer than two are left."""
    claims = [c for c in dispute["claims"] if any(e["text"] in lead_of.get(e["source"], ()) for e in c["evidence"])]
    return {**dispute, "claims": claims} if len(claims) >= 2 else None
