"""Further Learning: background questions a reader would ask, answered from the archive.

The questions come from the story itself -- its key people ("Who is Ales Bialiatski?"; for
people the archive names in one article in twenty, whom every reader knows, what they said of
this story instead: "What has Joe Biden said about the withdrawal?"),
organisations ("What is Viasna?", not news outlets, which are its sources), its main place
("What is the situation in Belarus?"), what led to it (or, for a study, a report, an audit
or an investigation, what it found, from the story's own articles), why it matters (a
sentence saying it is a first, a record, a turning point; never later coverage's), its key phrases when a
sentence defines them ("What is executive privilege?"), how its two main countries'
relations have evolved when the articles deal with both, the economic angle when money,
trade or sanctions words appear ("What is potash and why does it matter?"), how others
responded when the articles report reactions, and what happens next (plans, schedules and
expectations, from the story's own articles or later coverage, never older coverage's).
Each is answered extractively: candidate sentences come from the story's own articles
*and* from ``retrieve(query, limit)`` over the whole archive (the store's BM25 full-text
search), and the best 1-3 are chosen by

* whether they name the subject (an alias of the entity, or the topic word),
* definition shape -- ``X, a/the ...``, ``X is a ...``, ``X, who ...``, ``X, 41, edited ...``,
  ``X has ruled ...``, a title or role before a person ("Nobel laureate X", "Pentagon press
  secretary X", "Sen. X (D., Hawaii)"), a kind before an
  organisation ("the news site X") -- over narration,
* readability: a sentence that does not stand alone by the breakdown's rules ("Among them
  was X", "Its director ...", a bare quote) loses; so does a list sentence describing
  several of the story's people at once, and a sentence that already answers another
  question (unless it defines this subject too),
* query-term overlap, with quotes (except reactions and a speaker's own appositive),
  questions and very long sentences penalised; causes count more when they explain
  ("the product of four rounds of talks") than when they date ("since 2009"), and must
  name the event or its place,

a second or third sentence must add words and not repeat the first one's description
("a 63-year-old former opposition MP" once), and every answer cites the articles its
sentences come from. ``from_older_coverage`` is true when a cited sentence comes from an
article outside the story published before the story's first article: background the
reader would not find in today's coverage; ``from_later_coverage`` when one comes from an
archive article published after the story's last (an archive filled in afterwards, or a
page read later). A question with no sentence above
:data:`MIN_ANSWER_SCORE` is dropped, never answered with filler.

Subjects keep NER's type unless the articles' own wording contradicts it twice ("the
independent news site X" is no person; "the government of X", "X's president" name a
country), or once for a "person" the articles never treat as one ("in Alder Bay"). The
economic angle asks about the thing a money word stands for ("LesAvia, the state
airline" -> LesAvia), preferring topics the articles stop to define ("potash, a key
component in fertilisers"). Multi-sentence quotations are joined back before scoring.

Entities: pass the story's canonical :class:`newsprism.entities.Entity` list when it is at
hand (stored with the story); without it a cheap capitalised-name heuristic stands in,
so a story page never runs NER (2-5 s for 40 articles).
"""

from __future__ import annotations

import logging
import os
import re
from functools import cached_property, lru_cache
from collections import Counter, defaultdict
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from newsprism.sources import parse_date as _published  # one date reader for every stage
from .casefold import lowered_matches
from .clean import CALENDAR_WORDS, STORY_SENTENCES, WEEKDAYS, per_page, prose_sentences, sentence_budget, sentence_memo, split_sentences
from .keywords import spacy_stop_words
from .leaning import is_news_outlet
from .names import ACRONYM, DESCRIPTION_WORDS, PERSON_TITLES, ascii_key, default_gazetteer
from .summarize import LINK, content_tokens, join_quotes, not_reported, speaks_in_first_person, stands_alone, strip_dateline

__all__ = ["MIN_ANSWER_SCORE", "Retrieve", "earlier_question", "further_learning"]

log = logging.getLogger(__name__)

Retrieve = Callable[[str, int], Sequence[Mapping[str, Any]]]

#: Passages asked of the archive per question.
RETRIEVE_LIMIT = 8
#: A sentence must score this much to answer (naming the subject gives 2, a definition
#: shape 2-3 more). On the seed story every accepted "Who is" answer is an appositive or
#: "X is a ..." sentence (score >= 4); narrating sentences that only name the person
#: ("Bialiatski expressed relief") score 2-3 and are kept only beside a better one.
MIN_ANSWER_SCORE = 4.0
#: An archive article answering a question about a topic, a place or an event must name the
#: story's main place, or two of the story's top this-many subjects (one about a person or an
#: organisation must name them). One top subject was not enough: the seed story's top subjects are Belarus, the
#: United States and Ales Bialiatski, and a demo-corpus article about another country's
#: potash exports (which names the U.S., its broker) answered "What is potash?" for Belarus.
ANCHOR_SUBJECTS = 5
#: ... and a second or third sentence must reach this share of the best one's score.
SECOND_SENTENCE_SHARE = 0.7
MAX_ANSWER_SENTENCES = 3
MAX_SENTENCE_WORDS = 55

_STOP = frozenset(
    "a an the and or but of to in on at for from by with as is are was were be been being has have had it "
    "its this that these those their there they them he she his her we our you your i not no also which "
    "who whom whose what when where while after before than then so such into over under about said says "
    "say told would could should will may might can more most some any all other another how why does did "
    "do".split()
)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
#: "state" and "U.S." too: "State Department spokesman Ned Price", "U.S. envoy ...".
_TITLES = PERSON_TITLES | DESCRIPTION_WORDS | frozenset({"state", "us", "u.s."})
_ORG_WORDS = frozenset(
    "centre center committee union council department ministry party bank agency organisation "
    "organization court commission fund institute university corporation group foundation association "
    "office parliament assembly army police company inc ltd corp network alliance federation movement "
    "campaign board service services authority administration coalition front house senate congress "
    "nations".split()
)
_NON_NAMES = frozenset(
    "the a an in on at but and or if as when while after before during since this that these those it he "
    "she they we i his her their its our however meanwhile also "
    "according speaking among other others who what why how where western eastern northern southern".split()
) | CALENDAR_WORDS
_ECON = frozenset(
    "sanctions sanction exports export imports import economy economic trade tariff tariffs market "
    "markets prices price industry revenue revenues fertilizer fertiliser fertilisers fertilizers oil gas "
    "budget investment investors inflation currency tax taxes jobs production producer".split()
)
_REACTION = re.compile(
    r"\b(?:welcomed|welcomes|condemned|condemns|praised|praises|criticised|criticized|reacted|responded|"
    r"called on|urged|expressed|hailed|denounced|applauded|spoke highly|welcome|called the|called it|"
    r"credited|supported|backed|opposed|questioned|warned)\b",
    re.IGNORECASE,
)
_CAUSE = re.compile(
    r"\b(?:after|following|because|as part of|in exchange for|in return for|led to|result of|amid|"
    r"negotiations?|talks|deal|agreement|since)\b",
    re.IGNORECASE,
)
#: Cause markers that explain rather than date ("after", "since", "amid" also date).
_STRONG_CAUSE = re.compile(
    r"\b(?:because|as part of|in exchange for|in return for|led to|result of|product of|came after|followed|"
    r"negotiations?|talks|deal|agreement|brokered|negotiated|pressure)\b",
    re.IGNORECASE,
)
#: What is to come: a plan, a schedule, an expectation (a bare "will" is too common to mean
#: the story's next step; so is "deadline": "his self-imposed deadline to withdraw" came
#: after it had passed).
_NEXT = re.compile(
    # one leading \b for every branch: the look-behinds run at word starts only (at every
    # character they cost a 40-article page 0.15 s)
    r"\b(?:(?:is|are|was|were)\s+(?:expected|scheduled|set|due|poised|slated|likely|preparing)\s+to\b|"
    r"(?<!['’]s )(?<!['’] )(?<!\ba )(?<!the )(?<!its )(?<!his )(?<!her )(?<!their )(?<!our )"
    r"(?:plans|planned|intends|intended)\s+to\b|next\s+(?:week|month|step|steps|phase|round)\b|"
    r"(?:later|by the end of)\s+this\s+(?:week|month|year)\b|in\s+the\s+coming\s+(?:days|weeks|months)\b|"
    r"will\s+(?:vote|decide|appeal|take effect|resume|return|face|meet|hold|consider|review|rule|"
    r"announce|begin|start|end|expire|testify|go to trial|be sentenced)\b)",
    re.IGNORECASE,
)
#: A word every :data:`_NEXT` match holds (the story's sentences are found by these first).
_NEXT_WORDS = ("expected", "scheduled", "set", "due", "poised", "slated", "likely", "preparing", "plans", "planned",
               "intends", "intended", "next", "later", "end", "coming", "will")
#: Words by which a sentence says why an event matters: a first, a record, a turn, what it
#: signals or costs someone ("the first prisoner release since 2020", "a blow to the
#: governor"). The seed story's page of the commercial aggregator asks "What is the
#: significance of Bialiatski's release?"; this is its extractive form.
_MATTERS = re.compile(
    # (the verb "mark" in lower case only: "Gen. Mark Milley" is a name)
    r"\b(?:(?:for )?the first time|the first (?:\w+ ){0,4}(?:since|in|to|ever)|(?-i:marks?|marking|marked)|historic|"
    r"landmark|milestone|unprecedented|(?:a|an all-time) record|record[- ](?:high|low|breaking)|biggest|largest|"
    r"deadliest|worst|longest|busiest|"
    r"most significant|significant(?:ly)?|significance|"
    # ("signals" and "could signal", not "signaled to Democrats that she would", a report)
    r"signals?|a (?:major )?(?:blow|victory|win|setback|boost) (?:to|for)|"
    r"turning point|watershed|major step|sets? (?:a )?precedent|would be the first|the latest (?:sign|step|in)|"
    r"implications?|at stake|could (?:affect|reshape|change|open|pave)|paves? the way)\b",
    re.IGNORECASE,
)
#: A sentence reporting what someone said ("..., Biden said", "Biden told reporters").
_SAYS = re.compile(r"\b(?:said|says|told|tweeted|wrote|argued|warned|announced|insisted|added|urged|called for|"
                   r"vowed|promised|pledged|declared|defended|criticized|criticised|praised|blamed)\b")
_SAYS_WORDS = _SAYS.pattern[2:-2]
#: A name after these is not the sentence's speaker ("Allies of former President Donald Trump said").
_OBJECT_OF = re.compile(r"\b(?:of|to|from|with|against|for)\s+(?:(?:former|then-|the)\s*)?(?:[A-Z][\w.]*\s+){0,3}$")


def _says_it(sentence: str, aliases: Iterable[str]) -> bool:
    """Whether the sentence has one of ``aliases`` say something: the name, then at most
    five words ("on Thursday", "vigorously"), then a verb of saying; or the verb, then the
    name, ending the clause ("..., said President Joe Biden." but not "Psaki said Biden
    examined ...")."""
    for alias in aliases:
        name = re.escape(alias)
        # (not "Allies of Donald Trump said", nor across a comma or a dash: "his loss to Joe
        # Biden, the committee said", "arbitrate issues such as Trump's exile -- said")
        for m in re.finditer(rf"\b{name}(?:['’]s)?(?:[^\w,\u2013\u2014]+(?!said|says|told)\w+){{0,5}}?"
                             rf"[^\w,\u2013\u2014]+{_SAYS_WORDS}\b", sentence):
            if _OBJECT_OF.search(sentence[max(0, m.start() - 40):m.start()]):
                continue
            if _ATTRIBUTIVE.match(sentence, m.start() + len(alias)):
                # "A fact sheet released by the Trump administration in January said ...":
                # the name is a noun's modifier, the noun's sayer is not the person
                # (stories-2021: "What has Donald Trump said about the report?")
                continue
            return True
        if re.search(rf"\b(?:said|says)\s+(?:(?:former\s+)?(?:President|Sen\.|Rep\.|Gov\.)\s+)?{name}"
                     rf"(?=\s*[,.;]|\s+(?:on|in|at|during)\b)", sentence):
            return True
    return False


#: Words that may follow a name without being a noun it modifies ("the Taliban has", "Texas
#: and", "Biden said"): :data:`_NOUN_GOES_ON` and :data:`_ATTRIBUTIVE` look past them.
_NOT_A_HEAD = ("of|in|and|or|but|to|on|at|for|from|is|are|was|were|has|have|had|will|would|could|can|may|with|by|"
               "as|that|which|who|where|when|after|before|since|under|over|into|about|against|amid|said|says")
#: After a name, a noun it modifies ("the Trump administration", "the Biden campaign") for
#: :func:`_says_it`: a lower-case word that is no function word, verb form or adverb.
_ATTRIBUTIVE = re.compile(rf"\s+(?!(?:{_NOT_A_HEAD}|might|must|should|did|does|do|also|not|never|then|still|just|"
                          r"again|once|later|last|this|today|told|tweeted|wrote)\b)(?![a-z]+(?:ed|s|ly)\b)[a-z]")


#: Events a reader asks the findings of ("What did the audit find?"), not the causes.
_FINDING_NOUNS = frozenset({"study", "report", "audit", "investigation"})
#: A sentence stating a finding.
_FINDS = re.compile(
    r"\b(?:found|finds|concluded|concludes|concluding|showed|shows|estimated|estimates|revealed|reveals|"
    r"identified|determined|faulted|flagged|uncovered|(?:was|were|is|are) (?:linked|associated) (?:to|with))\b",
    re.IGNORECASE,
)
#: How two countries deal with each other.
_RELATION = re.compile(
    r"\b(?:relations?|ties|tensions?|talks|sanctions|ally|allies|alliance|agreement|deal|treaty|negotiat\w*|"
    r"dispute|conflict|war|rapprochement|normali[sz]\w*|embassy|diplomat\w*|rivalry|cooperation|summit)\b",
    re.IGNORECASE,
)
_HISTORY = re.compile(r"\b(?:since|for (?:years|decades|months)|history|historically|long(?:-standing|time)?|"
                      r"decades?|first time|(?:19|20)\d\d)\b", re.IGNORECASE)
#: "the first talks on automation at the port since 1971": why it matters, not what led to it.
_FIRST_SINCE = re.compile(r"\bthe first (?:[\w-]+ ){0,6}since\b", re.IGNORECASE)
#: Words by which a sentence says why: an answer to "What led to ..." holds one.
_EXPLAINS = re.compile(
    r"\b(?:because|due to|as part of|in exchange for|in return for|led to|leading to|a result of|result(?:ed|s)? "
    r"(?:from|in)|product of|came after|"
    r"came as|followed|following|prompted|prompting|triggered|sparked|in response to|in the wake of|amid|"
    r"after(?!\s+(?:\d|midnight|noon|dawn|dark|(?:mon|tues|wednes|thurs|fri|satur|sun)day|hours|minutes|days|weeks|"
    r"months|years|appearing|being|that|which|one|two|three|four|five|six|seven|eight|nine|ten|several|a few)\b)\s+\w+|stem(?:s|med)? from|since)\b",
    re.IGNORECASE,
)
_QUOTE = re.compile(r"[\"“”]")
_ENDS_A_SENTENCE = re.compile(r"[.!…][\"”'’)]*$|[\"”’]$")
_CITATION = re.compile(r"\[\d+\]")  # a pasted encyclopedia entry's "[28]"
_NOT_PROSE = re.compile(rf"{LINK.pattern}|{_CITATION.pattern}")
#: Nouns that say what kind of organisation (or place) a name is: "the news site X",
#: "X, the state carrier". Also how a mistyped subject is recognised (see :func:`_refine_type`).
_ORG_NOUNS = (
    "site|website|newspaper|paper|outlet|broadcaster|channel|station|magazine|agency|group|party|centre|center|"
    "company|firm|carrier|airline|bank|network|organisation|organization|movement|union|ministry|committee|"
    "council|foundation|institute|university|court|club|team|charity|campaign|coalition|alliance|producer|"
    "maker|manufacturer|operator|service|fund|register|watchdog|think tank"
)
_ORG_NOUN_WORDS = frozenset(_ORG_NOUNS.split("|"))
_SITUATION = re.compile(
    r"\b(?:since|has been|ruled|rules|under|economy|economic|government|regime|election|elections|sanctions|"
    r"protests|opposition|crackdown|war|conflict|crisis|inflation|parliament|rigged|authoritarian|democracy|"
    r"independence|population|dictator|repression)\b",
    re.IGNORECASE,
)
_PLACE_NOUNS = "country|republic|nation|state|city|town|village|region|province|capital|island|kingdom"
_TYPE_NOUNS = f"{_ORG_NOUNS}|{_PLACE_NOUNS}"
_PRONOUN_START = re.compile(r"^(?:he|she|they|it|this|that|these|those|his|her|their)\b", re.IGNORECASE)


@dataclass
class _Subject:
    name: str
    type: str  # person / organization / place / other
    aliases: set[str]
    weight: float
    articles: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class _Passage:
    article: str  # cited id
    sentence: str
    in_story: bool
    older: bool
    #: from an archive article dated after the story's last: what happened since
    later: bool = False
    #: from an article about this story's world (its own, or an archive article naming its
    #: main place or two of its top subjects; see :func:`_about_this_story`)
    related: bool = True

    @cached_property
    def key(self) -> str:
        """The sentence lower-cased with its spacing normalised: one passage however often
        it is printed (computed once; every question reads every story passage)."""
        return " ".join(self.sentence.lower().split())


# --- records -------------------------------------------------------------------------------------


@per_page  # each question scores every story sentence again (ten x 2,000 on 40 articles)
def _terms(text: str) -> frozenset[str]:
    """Content words of a text."""
    if text.isascii():  # lower-casing ASCII keeps every word and its length: one C call
        return frozenset(w for w in _WORD.findall(text.lower()) if len(w) > 2).difference(_STOP)
    return frozenset(w.lower() for w in _WORD.findall(text) if w.lower() not in _STOP and len(w) > 2)


# --- subjects ------------------------------------------------------------------------------------
def _subjects_from_entities(entities: Iterable[Any], story_ids: set[str]) -> list[_Subject]:
    out = []
    for ent in entities:
        arts = {a for a in getattr(ent, "articles", ()) if a in story_ids}
        if not arts or ent.type not in {"person", "organization", "place"}:
            continue
        if any(c.isdigit() for c in ent.name):
            # "COVID-19", "Section 230", "G7": a disease, a law, a format, never a person,
            # and what the articles say of it is rarely what it is: on stories-2021 "Who is
            # COVID-19?" and "What is the COVID-19?" got three sentences that merely name it.
            continue
        aliases = {a for a in (ent.name, *ent.aliases) if len(a) > 2}
        out.append(_Subject(ent.name, ent.type, aliases, len(arts) * 2 + ent.mentions ** 0.5, arts))
    return out


_CAP_RUN = re.compile(r"\b[A-Z][\w’'.-]*(?:\s+(?:of|the|for|de|al|bin|von|van)?\s*[A-Z][\w’'.-]*)*")


def _subjects_heuristic(articles: Sequence[Mapping[str, Any]]) -> list[_Subject]:
    """Capitalised name runs, titles stripped, surnames folded into full names."""
    gaz = default_gazetteer()
    counts: Counter[str] = Counter()
    arts: dict[str, set[str]] = defaultdict(set)
    titled: Counter[str] = Counter()  # runs seen after a title ("President X"): people
    place_cue: Counter[str] = Counter()  # runs seen after "in"/"to"/"from": places
    lower_words = {w for a in articles for w in _WORD.findall(f"{a.get('title') or ''} {a.get('text') or ''}") if w.islower()}
    for a in articles:
        aid = str(a.get("id"))
        for sent in split_sentences(f"{a.get('title') or ''}\n\n{a.get('text') or ''}"):
            for m in _CAP_RUN.finditer(sent):
                words = m.group(0).replace("’s", "").replace("'s", "").split()
                had_title = False
                if m.start() == 0 and words and words[0].lower() in lower_words:
                    words = words[1:]  # "Exiled Belarusian ...": a sentence opener, not a name
                while words and (words[0].lower().strip(".") in _TITLES or words[0].lower() in _NON_NAMES
                                 or (len(words) > 1 and words[0].lower().endswith(("ian", "ese", "ish"))
                                     and words[1].lower() in _TITLES)):
                    had_title |= words[0].lower().strip(".") in _TITLES
                    words = words[1:]
                while words and words[-1].lower() in {"of", "the", "for"}:
                    words = words[:-1]
                if not words:
                    continue
                name = " ".join(words).strip(".,")
                if len(name) < 3 or name.lower() in _NON_NAMES or name.isupper() and len(name) <= 3:
                    continue
                at_start = m.start() == 0 and len(words) == len(m.group(0).split())
                if at_start and len(words) == 1:
                    continue  # a capitalised sentence opener, not a name
                counts[name] += 1
                arts[name].add(aid)
                if had_title:
                    titled[name] += 1
                prev = sent[: m.start()].split()[-1:]
                if prev and prev[0].lower() in {"in", "to", "from", "across", "inside"}:
                    place_cue[name] += 1
    singles = {n for n in counts if " " not in n}

    def demonym(tok: str) -> bool:  # "Belarusian", "Ukrainian": adjectives of a counted place
        return tok.endswith(("ian", "ians", "ese", "ish")) and any(
            p.startswith(tok[: max(4, len(tok) - 4)]) and p != tok for p in singles)

    names = sorted((n for n in counts if not all(demonym(t) for t in n.split())), key=lambda n: (-len(n.split()), n))
    subjects: dict[str, _Subject] = {}
    owner: dict[str, str] = {}
    for name in names:
        toks = name.split()
        # A surname alone ("Bialiatski") belongs to the one full name ending with it.
        if len(toks) == 1:
            full = sorted((s for s in subjects.values() if s.type == "person" and s.name.split()[-1] == name),
                          key=lambda s: (-s.weight, s.name))
            # The one full name ending with it, or one that clearly dominates (a stray
            # "Viktor Lukashenko" mention beside "Alexander Lukashenko").
            if full and (len(full) == 1 or full[0].weight >= 2 * full[1].weight):
                full[0].aliases.add(name)
                full[0].weight += counts[name]
                full[0].articles |= arts[name]
                owner[name] = full[0].name
                continue
        entry = gaz.lookup(name, "GPE") or gaz.lookup(name, "ORG")
        if entry is not None:
            etype = entry.type
        elif any(t.lower() in {"prize", "award", "medal", "cup", "war", "act", "day"} for t in toks):
            etype = "other"
        elif any(t.lower() in _ORG_WORDS for t in toks):
            etype = "organization"
        elif place_cue[name] >= 2 and len(toks) <= 2:
            etype = "place"
        elif 2 <= len(toks) <= 3 and all(t[:1].isupper() for t in toks):
            etype = "person"
        else:
            etype = "other"
        key = entry.name if entry is not None else name
        if key in subjects:
            subjects[key].aliases.add(name)
            subjects[key].weight += counts[name]
            subjects[key].articles |= arts[name]
            continue
        subjects[key] = _Subject(key, etype, {name, key}, counts[name] + 2 * len(arts[name]) + titled[name], set(arts[name]))
    return [s for s in subjects.values() if len(s.articles) >= 2 or s.weight >= 4]


# --- answering -----------------------------------------------------------------------------------
def _passages(
    query: str | Sequence[str],
    story: Sequence[Mapping[str, Any]],
    story_passages: Sequence[_Passage],
    retrieve: Retrieve | None,
    first_story_time: datetime | None,
    cache: dict[str, list[Mapping[str, Any]]],
    anchors: tuple[set[str], list[set[str]]] | None = None,
    world: tuple[set[str], list[set[str]]] | None = None,
    last_story_time: datetime | None = None,
    need: int = 2,
) -> list[_Passage]:
    """The story's own passages (the same objects for every question) and the archive's
    passages for ``query`` (or each of several queries, in turn): only those of articles
    ``anchors`` accepts, each marked ``related`` when its article is about the story's
    ``world`` too."""
    out: list[_Passage] = list(story_passages)
    story_ids = {str(a.get("id")) for a in story}
    if retrieve is None:
        return out
    docs: list[Mapping[str, Any]] = []
    for q in [query] if isinstance(query, str) else query:
        if q not in cache:
            try:
                cache[q] = list(retrieve(q, RETRIEVE_LIMIT) or [])
            except Exception as exc:  # noqa: BLE001 -- background is optional: a failing search never fails the page
                log.warning("archive search failed for %r: %s", q, exc)
                cache[q] = []
        docs.extend(cache[q])
    seen: set[str] = set()
    for doc in docs:
        if not isinstance(doc, Mapping):
            continue
        did = str(doc.get("duplicate_of") or doc.get("id") or "")
        if not did or did in story_ids or str(doc.get("id")) in story_ids or did in seen:
            continue
        seen.add(did)
        if anchors and not _about_this_story(f"{doc.get('title') or ''} {doc.get('text') or ''}", anchors):
            # Archive coverage of some other place or actor: "the regime's exports of potash"
            # from another country's story would answer the question about the wrong country.
            continue
        when = _published(doc.get("published"))
        older = bool(first_story_time and when and when < first_story_time)
        later = bool(last_story_time and when and when > last_story_time)
        related = world is None or world is anchors or _about_this_story(
            f"{doc.get('title') or ''} {doc.get('text') or ''}", world, need)
        text = f"{doc.get('text') or ''}"
        out.extend(_Passage(did, s, False, older, later, related) for s in join_quotes(prose_sentences(text)))
    return out


def _mentions(sentence: str, aliases: Iterable[str]) -> str | None:
    found = _all_mentions(sentence, aliases)
    return found[0] if found else None


class _Ordered(tuple):
    """Aliases already in :func:`_all_mentions` order (longest first, then alphabetical):
    sorted once per question, not once per sentence."""

    def __new__(cls, aliases: Iterable[str]) -> "_Ordered":
        return super().__new__(cls, sorted(set(aliases), key=lambda a: (-len(a), a)))


def _all_mentions(sentence: str, aliases: Iterable[str]) -> list[str]:
    """The aliases named in a sentence, longest first (ties in alphabetical order)."""
    ordered = aliases if isinstance(aliases, _Ordered) else sorted(aliases, key=lambda a: (-len(a), a))
    return [a for a in ordered if a in sentence and _alias_pattern(a).search(sentence)]


@lru_cache(maxsize=8192)
def _alias_pattern(alias: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(alias)}(?!\w)")


_PARTY = re.compile(r"\s+\((?:D|R|I)(?:[.,]+\s*|-)[A-Z][\w. ]{0,20}\)")
#: Nouns of what a person does, read before the name (see ``_BEFORE["role"]``).
_ROLES = (
    "secretary", "spokesman", "spokeswoman", "spokesperson", "speaker", "senator", "congressman",
    "congresswoman", "representative", "lawmaker", "governor", "mayor", "commander", "chairman", "chairwoman",
    "chair", "chief", "director", "ceo", "executive", "founder", "co-founder", "president", "vice president",
    "minister", "ambassador", "envoy", "diplomat", "adviser", "advisor", "official", "officer", "commissioner",
    "administrator", "attorney general", "attorney", "prosecutor", "judge", "justice", "lawyer", "professor",
    "economist", "analyst", "strategist", "pollster", "scientist", "researcher", "epidemiologist", "expert",
    "critic", "host", "anchor", "reporter", "correspondent", "columnist", "editor", "author", "historian",
    "activist", "campaigner", "leader", "candidate", "challenger", "nominee", "incumbent", "rival", "widow",
    "medalist", "champion", "gymnast", "athlete", "player", "coach", "quarterback", "rapper", "singer", "actor",
    "actress", "star", "billionaire", "entrepreneur", "investor", "owner", "general", "admiral", "colonel",
    "sergeant", "corporal", "lieutenant", "captain", "laureate", "journalist", "whistleblower", "pastor",
    "bishop", "cardinal", "rabbi", "imam", "chancellor", "premier", "king", "queen", "prince", "princess",
)
_ROLE_WORDS = frozenset(w for role in _ROLES for w in role.split()) | {"rep", "sen", "gov", "gen", "dr"}

# Definition shapes, read around each place a sentence names the subject: the patterns are
# compiled once and matched against the text right before or after the name (building one
# pattern per name cost a 40-article page a third of a second in compilation alone).
_AFTER = {
    # appositive: "Bialiatski, co-winner of ..." / "Viasna, a rights group"
    # (a party tag may come between: "Sen. Susan Collins (R-ME), a moderate who's ...", a
    # real page's best answer, lost to "home of undecided Republican Sen. Susan Collins")
    # (or a role held at a named body: "said Priya Raman-Holt, Lanternfish's head of research")
    "appositive": re.compile(r"(?:['’]s)?(?:\s+\([^()]{1,16}\))?,\s+(?:a|an|the|who|which|co-winner|founder|winner|head|"
                             r"leader|one|[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3}['’]s\s+(?:[\w-]+\s+){0,2}?"
                             r"(?:head|" + "|".join(_ROLES) + r"))\b"),
    # "X, founder of ..." (not "... in Alder Bay, killing two people", nor a conjunction's
    # next clause: "... have escaped the Taliban, but they still face ..." answered "What is
    # Taliban?" on stories-2021)
    # (nor the main clause's verb resuming after another name's apposition: "Keisha Norwood,
    # the Ironwood-born forward who grew up three blocks from the old Carver Foundry, had
    # given the visitors the lead" answered "What is Carver Foundry?" on the demo)
    "comma_lower": re.compile(r",\s+(?![a-z]+(?:ing|ed)\b)(?!(?:but|and|or|so|yet|nor|while|as|if|because|although|"
                              r"though|when|after|before|since|until|then|had|has|have|was|were|is|are|will|would|"
                              r"could|can|may|might|must|should|did|does|do|said|says|told|added|wrote|noted|"
                              r"later|also)\b)[a-z]"),
    "copula": re.compile(r"\s+(?:is|was|has been|had been|remains)\s+(?:a|an|the|one|still|widely|known)\b"),
    "named_after": re.compile(r",\s+(?:a|an|the)\b"),
    # "Zhurauskaya, 41, edited the independent news site ..."
    "age": re.compile(r",\s+\d{2},\s+[a-z]"),
    # what the person does: "Zhelnin, who has ruled ...", "Kessel has led ..."
    "does": re.compile(r"(?:,[^,]{3,60},)?\s+(?:has\s+)?(?:ruled|led|headed|founded|edited|chaired|ran|runs|leads|"
                       r"heads|served as|worked as)\b"),
    # "Lukashenko whom the critics often characterize as ..."
    "relative": re.compile(r"\s+(?:who|whom)\b"),
    # a member of Congress: "Sen. Brian Schatz (D., Hawaii)", "Rand Paul (R-Ky.)"
    "party": _PARTY,
    # what a rule, a law, a weapon does: "the executive order requires ...", "the mandate,
    # which would apply to ..."
    # (after "that"/"which" any of these; right after the phrase only forms no noun takes:
    # "the ban on assault weapons ... assault weapons bans", "gun violence, would allow")
    "rule_does": re.compile(r"(?:,?\s+(?:that|which)\s+(?:would\s+|will\s+|could\s+)?(?:require|requires|ban|bans|"
                            r"allow|allows|aim|aims|give|gives|set|sets|prohibit|prohibits|provide|provides|"
                            r"target|targets|apply|applies|cover|covers|limit|limits|let|lets|bar|bars)"
                            r"|\s+(?:requires|allows|prohibits|provides|applies|aims\s+to|gives|lets))\b"),
}
_BEFORE = {
    # "The best-known of the 14 is Alesia Zhurauskaya, a journalist ..."
    "is": re.compile(r"\b(?:is|was)\s+$"),
    # "the independent news site Vecherny Dubrava", "the rights group Svetoch"
    "kind": re.compile(r"\b(?:the|a|an)\s+(?:[\w-]+\s+){0,3}(?:" + _TYPE_NOUNS + r")\s+$"),
    # the sentence is about it: the subject opens it
    "opens": re.compile(r"\s*(?:[A-Z][\w.'’-]*\s+){0,3}"),
    "role_of": re.compile(r"\b(?:founder|leader|head|member|winner|laureate|co-founder|chair|director|president|"
                          r"minister)\s+(?:of\s+)?(?:the\s+)?[\w\s]{0,40}?$"),
    # "the so-called no-knock warrants", "what is known as the filibuster"
    "called": re.compile(r"\b(?:so-called|known\s+as|called|dubbed)\s+(?:the\s+|a\s+|an\s+)?$", re.IGNORECASE),
    # "Nobel Peace Prize laureate Ales Bialiatski"
    "title": re.compile(r"\b(?:[A-Z][\w-]*\s+){1,4}(?i:laureate|winner|leader|activist|figure|envoy|president|"
                        r"minister|candidate|diplomat|journalist|founder|ruler)\s+$"),
    # What the person does, said right before the name: "Pentagon press secretary John
    # Kirby", "Secretary of State Antony Blinken", "President Joe Biden's envoy for North
    # Korea, Sung Kim", "Olympic medalist Simone Biles". On stories-2021 (100 stories) a
    # third of the unanswered "Who is" questions had only this to say, and it says it.
    "role": re.compile(r"\b(?i:" + "|".join(_ROLES) + r")(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})?"
                       r"(?:,\s+|\s+)$"),
    # A bare honorific says little more than that a name is a person's ("Sen.", "Gen.").
    "honorific": re.compile(r"\b(?:Sen|Rep|Gov|Gen|Lt|Col|Maj|Adm|Sgt|Cpl|Dr|Prof|Rev|Judge|Justice)\.?\s+$"),
}


#: A phrase's definition right after it: "jobless claims, a proxy for layoffs" (3);
#: "executive privilege, which is a right ..." (3); "the law, which allows ..." (2, with
#: ``rule_does``). Not ", the White House said" nor ", but ...": on stories-2021 those
#: answered "What is the global supply?" and "What are vaccine mandates?" with sentences
#: that only name them.
_CONCEPT_AFTER = (
    (re.compile(r",\s+(?:a|an)\s+(?![\w\s-]{0,40}\b(?:said|says|told|reported)\b)"), 3.0),
    (re.compile(r",?\s+(?:which|that)\s+(?:is|was|are|were)\s+(?:a|an|the)\b"), 3.0),
    (re.compile(r"\s+(?:is|are|was|were)\s+(?:a|an)\s+(?:\w+\s+){0,3}?(?:term|way|practice|rule|law|program|"
                r"programme|measure|tool|process|system|policy|procedure|tactic|method|form|type|kind)\b"), 3.0),
    (re.compile(r",\s+the\s+(?![\w\s-]{0,40}\b(?:said|says|told|reported)\b)"), 2.0),
)


def _concept_score(sentence: str, alias: str) -> float:
    best = 0.0
    for m in _alias_pattern(alias).finditer(sentence):
        post, pre = sentence[m.end():], sentence[max(0, m.start() - 80):m.start()]
        score = max((w for rx, w in _CONCEPT_AFTER if rx.match(post)), default=0.0)
        score += 2.0 if _AFTER["rule_does"].match(post) else 0.0
        score += 1.5 if _BEFORE["called"].search(pre) else 0.0
        best = max(best, score)
    return best


#: The shapes :func:`_definition_score` reads, for a person (True) and for anything else: the
#: others never count for that kind, and each is a search at every mention.
_AFTER_FOR = {
    True: [(k, _AFTER[k]) for k in ("appositive", "comma_lower", "copula", "named_after", "age", "does", "relative",
                                    "party")],
    False: [(k, _AFTER[k]) for k in ("appositive", "comma_lower", "copula", "named_after")],
}
_BEFORE_FOR = {
    True: [(k, _BEFORE[k]) for k in ("is", "title", "role", "honorific")],
    False: [(k, _BEFORE[k]) for k in ("is", "kind", "role_of")],
}
#: After a bare surname, what the person was doing at the time, not who he is: "Ryan, who
#: was calling in from a bus tour of the Badger State, said to the host" opened "Who is Paul
#: Ryan?" (November 2016). A role goes on ("who was serving as", "who was running for"), and
#: after the full name the clause often follows a title that does say it ("then-acting FBI
#: Director Andrew McCabe, who was keeping his own set of written records", a full-length
#: story's answer, which a first version of this rule lost).
_DOING = re.compile(r",?\s+who\s+(?:was|were)\s+(?!(?:serving|running|working|leading|heading|seeking)\b)[a-z]+ing\b")
#: A preposition right before a mention: the name is its object, so a copula after it
#: belongs to the phrase ("the head of the FBI is a political appointee").
_OBJECT_BEFORE = re.compile(r"\b(?:with|of|to|for|by|from|at|about|against|on|than|like|in)\s+(?:the\s+)?$", re.IGNORECASE)
#: Before a mention: "X of (the)" -- the mention ends a longer name ("Port of Alder Bay").
#: (A word must come before it: a sentence's first word is capitalised anyway: "Exports of
#: potash".)
_INSIDE_A_NAME = re.compile(r"\w\s+[A-Z][\w.'’-]*\s+of\s+(?:the\s+)?$")
#: Heads of a phrase that sums up what a clause did or reached (a result, a record, a blow),
#: which a comma after a clause's last name can bring in as if it described that name.
_SUMMING_UP = (r"(?:record|records|trophy|title|victory|win|defeat|loss|milestone|feat|achievement|increase|rise|"
               r"jump|surge|drop|decline|fall|total|figure|high|low|peak|blow|setback|boost|reversal|sign|move|"
               r"step|turnaround)")
#: A sentence opening with a phrase that ends at the name: "According to Raman-Holt, the
#: comments were posted ...", "For manufacturers in Ironwood, the details matter less than
#: the calendar" (the main clause follows the comma; both answered the demo's questions).
_FRONTED = re.compile(r"\s*(?:According\s+to|For|In|At|After|Before|With|Without|Unlike|Like|Despite|Under|Among|"
                      r"From|To|Inside|Outside|Across|Beyond|Near|During|Within|Against|Beside|Besides)\s[^,]*")
#: ... so the comma brings in a description only when a comma closes it again, with no verb
#: of its own in between ("In Drenovo, a farming town of 5,500, residents ...").
#: A relative clause closed the same way describes it too ("For Eastbank, which has the
#: city's highest asthma rates ..., transit advocates see ...").
#: (Words are split at spaces only: a pattern letting one word run over several repetitions
#: took seconds to refuse ", the" before a word of 25 letters, minutes before 30.)
_APPOSED_WORD = (r"(?!(?:is|are|was|were|has|have|had|will|would|could|can|may|might|must|should|did|does|do)\b)"
                 r"[^,;:.!?\s]+")
_CLOSED_APPOSITION = re.compile(r",\s+(?:(?:a|an|the)\s+" + _APPOSED_WORD + r"(?:\s+" + _APPOSED_WORD + r"){0,11}"
                                r"|(?:which|who)\s[^,;:.!?]{3,120}),")
#: A noun phrase opening a sentence and closed by a comma, before a name a comma closes too.
_OPENING_NOUN_PHRASE = re.compile(r"\s*(?:The|A|An|His|Her|Their|[A-Z][\w.&-]*['’]s)\s+(?:[\w'’-]+\s+){0,5}?"
                                  r"[a-z][\w-]*,\s+")
#: What follows a mention but does not describe the subject: for which kinds of subject, the
#: pattern, and the shapes it then does not count as:
#:
#: * a relative clause that cannot be about it: "who" after a thing ("the founder of the
#:   Viasna Human Rights Centre, who was awarded the Nobel Peace Prize" answered "What is
#:   the Viasna Human Rights Centre?" on the seed story), "which" after a person;
#: * a place's relative clause: "Bayfront, which had gone quiet, did not sit down again" is
#:   what a crowd did (a place is defined by a noun: "Drenovo, a farming town");
#: * ", the" and a name after a place, the next clause's subject: "in downtown Alder Bay,
#:   the City Council's vote ..." (an organisation's apposition may start with a name: "the
#:   Colonial Pipeline, the East Coast's primary gasoline supply line").
_NOT_ABOUT_IT: tuple[tuple[Callable[[str], bool], re.Pattern[str], frozenset[str]], ...] = (
    (lambda kind: kind != "person", re.compile(r",?\s+(?:who|whom)\b"),
     frozenset({"appositive", "comma_lower", "relative"})),
    (lambda kind: kind == "person", re.compile(r",?\s+which\b"), frozenset({"appositive", "comma_lower", "relative"})),
    (lambda kind: kind == "place", re.compile(r",\s+(?:which|who|where)\b"), frozenset({"appositive", "comma_lower"})),
    (lambda kind: kind == "place", re.compile(r",\s+the\s+[A-Z]"),
     frozenset({"appositive", "comma_lower", "named_after"})),
    # "which is" + no noun: what is said of a thing, not what it is ("authorization from the
    # U.S. Food and Drug Administration, which is expected in the coming weeks" answered
    # "What is the Food and Drug Administration?" on seven stories-2021 pages)
    (lambda kind: kind != "person", re.compile(r",\s+which\s+(?:is|was|are|were|has\s+been|had\s+been)\s+"
                                               r"(?!(?:a|an|the|one|still|now\s+(?:a|an|the))\b)"),
     frozenset({"appositive", "comma_lower"})),
    # a noun that sums up the clause, not the name it follows: "a crowd of 18,402 at Bayfront
    # Stadium, a record for the competition's final", "... at Bayfront Stadium, the club's
    # first major trophy" (both answered "What is Bayfront Stadium?" on the demo; "Foundry,
    # the first club from Ironwood to reach the final" does define a club)
    (lambda kind: True, re.compile(r",\s+(?:a|an|the)\s+(?:[\w'’-]+\s+){0,3}?" + _SUMMING_UP + r"\b"),
     frozenset({"appositive", "comma_lower", "named_after"})),
    # another's possession after a thing's name: "... testify before the Senate Judiciary
    # Committee, her attorneys said" (full-length AllSides: "What is the Senate Judiciary
    # Committee?")
    (lambda kind: kind != "person", re.compile(r",\s+(?:his|her|their|its|our|my)\b"),
     frozenset({"appositive", "comma_lower"})),
    # a list of names: "Biles blamed USA Gymnastics, the U.S. Olympics committee and the FBI"
    # (stories-2021: "What is USA Gymnastics?")
    # (a comma before "and" closes an apposition: "between Mikhail Gorbachev, the Soviet
    # leader, and Ronald Reagan")
    (lambda kind: True, re.compile(r",\s+the\s+(?:[A-Z][\w.'’-]*\s+){1,4}[\w-]+\s+and\s+(?:the\s+)?[A-Z]"),
     frozenset({"appositive", "comma_lower", "named_after"})),
)


#: Before a mention: another name's apposition, of which the mention is the object ("Gen.
#: Mark Milley, the chairman of the Joint Chiefs of Staff, each acknowledged ..."): the comma
#: after the mention closes that apposition and brings in no description of its own (that
#: sentence answered "What is Joint Chiefs of Staff?" on two stories-2021 pages). So does a
#: relative clause's: "Facebook, which owns Instagram and WhatsApp, needs to work harder"
#: answered "What is WhatsApp?" twice (not one naming it: "the legislation, which is called
#: the Infrastructure Investment and Jobs Act, clocks in at 2,702 pages").
_ENDS_AN_APPOSITION = re.compile(r",\s+(?:(?:a|an|the)\s+[^,;:()\u201c\u201d\"]{0,60}?\b(?:of|at|for|with|from)\s+(?:the\s+)?"
                                 r"|(?:which|who)\s+(?!(?:is|was|are|were)\s+(?:called|known|named|dubbed)\b)"
                                 r"[^,;:()\u201c\u201d\"]{0,60})$")


def _definition_score(sentence: str, alias: str, kind: str) -> float:
    if not alias or alias not in sentence:
        return 0.0
    if kind == "concept":
        return _concept_score(sentence, alias)
    found: set[str] = set()
    for m in _alias_pattern(alias).finditer(sentence):
        pre, post = sentence[max(0, m.start() - 80):m.start()], sentence[m.end():]
        person = kind == "person"
        if not person and _INSIDE_A_NAME.search(pre):
            # "according to the Port of Alder Bay, with exports ..." describes the port, not
            # the city (it answered "What is the situation in Alder Bay?" on the demo).
            continue
        after = {k for k, rx in _AFTER_FOR[person] if rx.match(post)}
        for applies, rx, dropped in _NOT_ABOUT_IT:
            if applies(kind) and rx.match(post):
                after -= dropped
        if _FRONTED.fullmatch(sentence[:m.start()]) and not _CLOSED_APPOSITION.match(post):
            after -= {"appositive", "comma_lower", "named_after"}
        if post.startswith(",") and _ENDS_AN_APPOSITION.search(pre):
            after -= {"appositive", "comma_lower", "named_after"}
        if person and " " not in alias.strip() and _DOING.match(post):
            after -= {"appositive", "comma_lower", "relative"}
        if "copula" in after and _OBJECT_BEFORE.search(pre):
            # "the only companion they saw with Dear was a mangy dog" opened "Who is Robert
            # Lewis Dear?" (November 2015): the verb's subject is the phrase the name ends.
            after.discard("copula")
        found |= after
        found |= {f"b_{k}" for k, rx in _BEFORE_FOR[person] if rx.search(pre)}
        if person and post.startswith(",") and (("b_role" in found and pre.rstrip().endswith(","))
                                                 or _OPENING_NOUN_PHRASE.fullmatch(sentence[:m.start()])):
            # the name in apposition to what opens the sentence: "A spokesperson, Alicia
            # Moreno, said", "The country's first lady, Martine Moise, was hospitalized"
            found.add("b_role_apposed")
        if m.start() < 80 and _BEFORE["opens"].fullmatch(sentence[:m.start()]):
            found.add("b_opens")
    score = 0.0
    if "appositive" in found:
        score += 3.0
    elif "comma_lower" in found:
        score += 2.0
    if "copula" in found:
        score += 3.0
    elif "b_is" in found and "named_after" in found:
        score += 2.0
    if kind == "person" and "age" in found:
        score += 2.5
    if kind == "person" and "does" in found:
        score += 2.0
    elif kind == "person" and "relative" in found:
        score += 2.0
    if kind != "person" and "b_kind" in found:
        score += 2.5
    if "b_opens" in found:
        score += 0.5
    if kind != "person" and "b_role_of" in found:
        score += 1.5
    if kind == "person" and "b_role_apposed" in found:
        # as much as the appositive after a name: "Voltaris's former chief executive, Neil
        # Ashcombe, said ..." (a comma before "said" counted as a description and carried
        # such answers on the demo until it was no longer read as one)
        score += 3.0
    elif kind == "person" and ("b_title" in found or "b_role" in found):
        score += 2.0
    elif kind == "person" and "b_honorific" in found:
        score += 1.0
    if kind == "person" and "party" in found:
        score += 1.5
    if kind == "place":
        # What the place is like: who rules it, since when, its economy, its conflicts
        # ("Zhelnin, who has ruled Lesnovia since 2009, has faced Western sanctions since
        # security forces broke up the mass protests ..." -> 3).
        score += min(3.0, float(len({m.group(0).lower() for m in _SITUATION.finditer(sentence)})))
    return score


def _about_this_story(text: str, anchors: tuple[set[str], list[set[str]]], need: int = 2) -> bool:
    """Whether an archive article is about this story's world: it names the story's main
    place, or ``need`` of its top subjects (see :data:`ANCHOR_SUBJECTS`)."""
    place, subjects = anchors
    if place and _all_mentions(text, place):
        return True
    return sum(1 for aliases in subjects if _all_mentions(text, aliases)) >= min(need, len(subjects))


def _sentence_score(sentence: str, query_terms: set[str], subject_aliases: set[str] | None,
                    kind: str, pattern: re.Pattern[str] | None, actors: set[str] = frozenset(),
                    rivals: set[str] = frozenset(), own: frozenset[str] = frozenset()) -> float:
    """How well a sentence answers a question. ``own``: the asked event's own noun, which is
    no marker of its cause ("talks" explains a release, not the talks)."""
    # The subject test first: most sentences do not name the subject, and it is cheaper
    # than splitting the sentence (either failing scores 0).
    named = _all_mentions(sentence, subject_aliases) if subject_aliases is not None else []
    if subject_aliases is not None and not named:
        return 0.0
    words = sentence.split()
    if len(words) < 6 or len(words) > MAX_SENTENCE_WORDS or sentence.endswith("?"):
        return 0.0
    if speaks_in_first_person(sentence):
        # "Melania and I join with a grieving Nation ..." answered "Who is George H.W. Bush?"
        # (a statement pasted as prose, on a real page): whose words, the page cannot say.
        return 0.0
    if not _ENDS_A_SENTENCE.search(sentence) or _CITATION.search(sentence) or not_reported(sentence):
        # "... responded immediately in a tweet, writing:" announces a quote that is not
        # there; a line without a full stop is a headline or a caption; a link or "[28]" is
        # an embedded post or a pasted encyclopedia entry (all read on the full-text
        # AllSides stories, benchmarks.questions --data allsides-full); a closing "!" is a
        # post pasted unquoted, and "did not respond to a request for comment" says nothing
        # of anyone (summarize.not_reported, the bullets' test)
        return 0.0
    score = 0.0
    definition = 0.0
    if subject_aliases is not None:
        definition = max(_definition_score(sentence, alias, kind) for alias in named)
        score += 2.0 + definition
    if pattern is not None:
        hits = sum(1 for h in pattern.findall(sentence) if h.lower() not in own)
        if pattern is _CAUSE:
            hits -= len(_FIRST_SINCE.findall(sentence))  # a measure of what it means, not a cause
        if hits <= 0:
            return 0.0
        if pattern is _CAUSE:
            # "was the product of four rounds of talks" explains; "since 2009" dates.
            strong = sum(1 for h in _STRONG_CAUSE.findall(sentence) if h.lower() not in own)
            weight = min(3.0, 1.5 * strong + 0.5 * (hits - strong))
        else:
            weight = min(hits, 2)
        # A cause or a reaction is worth reading when it names who acted.
        score += 2.0 + weight + (1.0 if _mentions(sentence, actors) else 0.0)
    terms = _terms(sentence)
    if query_terms:
        score += 2.0 * len(terms & query_terms) / len(query_terms)
    if _QUOTE.search(sentence) and kind not in ("reaction", "stance"):
        # A quotation narrates an opinion; it rarely explains (a reaction is one, and the
        # speaker's appositive in its attribution does define the speaker).
        score -= 0.5 if kind == "person" and definition >= 3 else 1.5
    if _PRONOUN_START.match(sentence):
        score -= 1.0  # "He had been in jail" needs a sentence before it
    if not stands_alone(sentence):
        score -= 2.0  # "Among them was ...", "Its director ...", "the same envoy": needs context
    if rivals:
        # A list of several people ("Among those freed were A, a journalist, and B, ...")
        # describes each in passing; a sentence about this one person explains more.
        others = len(_all_mentions(sentence, rivals))
        score -= min(1.5, 0.75 * others)
    return score


#: Words before a bare surname that are no first name: titles, ranks, roles, descriptions,
#: parties and function words ("Sheriff Dean", "Republican Dean", "But Dean").
_NOT_FIRST_NAMES = (PERSON_TITLES | DESCRIPTION_WORDS | _STOP | {w for r in _ROLES for w in r.split()}
                    | frozenset("sheriff deputy sgt lt capt col gen adm rev sen rep gov det mr mrs ms dr sir "
                                "democrat democratic republican gop independent".split()))


def _event_forms(own: Iterable[str]) -> re.Pattern[str]:
    """The words that name an event noun ("collapse", "collapsed"), as one pattern."""
    forms = sorted({w for w, n in _EVENT_NOUNS.items() if n in own} | set(own), key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, forms))})\b", re.IGNORECASE)


def _follows_the_event(sentence: str, own: Iterable[str] | re.Pattern[str]) -> bool:
    """Whether the sentence tells what came after the event rather than what led to it: its
    only words of why are of time ("after", "following", "in the wake of", "amid",
    "since"), and the event is named after the first of them and not before it. On
    stories-2021, "What led to the collapse in Miami?" was answered "DeSantis declared a
    state of emergency ... after the Champlain Towers South apartment building collapsed",
    "What led to the deal?" by "The Senate agreed to take up ... hours after senators ...
    reached a deal"; "The 220-to-212 party-line vote came after days of delays" still
    answers what led to the vote."""
    markers = list(_EXPLAINS.finditer(sentence))
    if not markers or any(m.group(0).split()[0].lower() not in _TIME_MARKERS for m in markers):
        return False
    first = (own if isinstance(own, re.Pattern) else _event_forms(own)).search(sentence)
    return first is not None and first.start() > markers[0].start()


_TIME_MARKERS = frozenset({"after", "following", "in", "amid", "since"})


def _a_thing_there(sentence: str, aliases: Iterable[str]) -> bool:
    """Whether the sentence describes a mention of a place's name as a thing (see
    :data:`_A_THING_AFTER`)."""
    return any(_A_THING_AFTER.match(sentence, m.end()) for a in _all_mentions(sentence, aliases)
               for m in _alias_pattern(a).finditer(sentence))


def _namesake_only(sentence: str, named: Sequence[str], first_names: set[str]) -> bool:
    """Whether the asked person is named only by a bare surname that another first name
    (not one of ``first_names``, as :func:`newsprism.names.ascii_key` folds them) precedes
    each time: "Democrat Karl Dean served as mayor of Nashville" answered "Who is
    Geoff Dean?" (the Ventura County sheriff) in a real month of news."""
    if not named or any(" " in a.strip() for a in named):
        return False
    for alias in named:
        for m in _alias_pattern(alias).finditer(sentence):
            before = sentence[:m.start()].split()
            prev = before[-1] if before else ""
            if not (prev[:1].isupper() and prev.isalpha() and prev.lower() not in _NOT_FIRST_NAMES
                    and ascii_key(prev) not in first_names):
                return False
    return True


def _answer(passages: list[_Passage], query: str, aliases: set[str] | None, kind: str,
            pattern: re.Pattern[str] | None = None, actors: set[str] = frozenset(),
            rivals: set[str] = frozenset(), used: Container[str] = frozenset(),
            require: set[str] | None = None, shown: Container[str] = frozenset(),
            own: frozenset[str] = frozenset()) -> tuple[list[_Passage], float] | None:
    """The best passages answering one question: its best sentence, and up to two more that
    each add something. ``used``: sentences that lead an answer already on the page, which
    lead this one only where they say what its subject is; ``shown``: the further sentences
    of those answers, which may lead this one (the caller takes it out of the earlier
    answer). Neither follows another lead. ``own``: see :func:`_sentence_score`."""
    query_terms = _terms(query)
    if aliases:
        # Naming the subject is scored once, by the alias match; the definition shape and
        # other words of the question must carry the rest.
        query_terms -= {t for a in aliases for t in _terms(a)}
    scored = []
    seen: set[str] = set()
    named = _Ordered(aliases) if aliases is not None else None
    actors, rivals = _Ordered(actors), _Ordered(rivals)
    first_names = {ascii_key(a.split()[0]) for a in aliases or () if " " in a.strip()}  # "Agnes" for "Agnès"
    event_forms = _event_forms(own) if kind == "event" and own else None
    for p in passages:
        key = p.key
        if key in seen:
            continue
        seen.add(key)
        if key in used and not (kind == "relations" and _HISTORY.search(p.sentence)) and not (
                aliases and kind in ("person", "organization", "place") and max(
                (_definition_score(p.sentence, a, kind) for a in _all_mentions(p.sentence, aliases)), default=0.0) >= 2):
            # Leads an earlier answer, and does not say what this subject is: shown once. (A
            # penalty let it through where nothing else scored: the demo's prisoner page said
            # Zhelnin's rule under "Who is Arkady Zhelnin?" and again under "What led to the
            # release?"; "Marchuk, 41, edited the independent news site Vecherny Lysk" does
            # answer who she is and what the site is; so does a history of two countries'
            # relations answer how they evolved and what the situation is.)
            continue
        if named is not None and not any(a in p.sentence for a in named):
            continue  # names no alias: _sentence_score's first test, without the call
        if kind == "person" and _namesake_only(p.sentence, _all_mentions(p.sentence, named), first_names):
            continue  # another person of the same surname
        if kind == "place" and _a_thing_there(p.sentence, named):
            # the archive describes the "place" as a thing: "Bitcoin, the world's largest
            # cryptocurrency, dropped ..." answered "What is the situation in Bitcoin?" of a
            # ransom demanded "in Bitcoin" (stories-2021); NER's type is wrong, not the answer
            continue
        if kind == "event" and not _EXPLAINS.search(p.sentence):
            continue  # narrates the event without a word of why
        if event_forms is not None and _follows_the_event(p.sentence, event_forms):
            continue  # what came after the event ("declared an emergency after the building collapsed")
        if require and not (_terms(p.sentence) & require):
            continue  # a cause or reaction of something else ("... because shipping costs ...")
        s = _sentence_score(p.sentence, query_terms, named, kind, pattern, actors, rivals, own)
        if s > 0:
            # Background from the archive is what this section is for: prefer it slightly.
            s += 0.5 if not p.in_story else 0.0
            # ... from coverage of this story's world: "Who is Joe Biden?" on a vaccine story
            # answered from an archive article about vaccines, not the first article naming him.
            s -= 0.0 if p.related else UNRELATED_PENALTY
            if kind == "next":
                # Every passage left names the event (two of its headline words): the
                # question's own words ("happens", "next") say nothing of it.
                s += 1.0 + (1.0 if p.later else 0.0)  # later coverage's plans are the closest to what came
            elif kind == "relations" and _HISTORY.search(p.sentence):
                s += 1.0  # "have been at odds since 2020" tells how they evolved; today's news rarely does
            scored.append((s, p))
    if not scored:
        return None
    scored.sort(key=lambda t: (-t[0], not t[1].older, t[1].article, t[1].sentence))
    best = scored[0][0]
    if best < MIN_ANSWER_SCORE:
        return None
    chosen: list[_Passage] = []
    for s, p in scored:
        if len(chosen) >= MAX_ANSWER_SENTENCES or s < max(MIN_ANSWER_SCORE, SECOND_SENTENCE_SHARE * best):
            break
        t = _terms(p.sentence)
        if any(len(t & _terms(c.sentence)) / max(1, len(t | _terms(c.sentence))) > 0.4 for c in chosen):
            continue  # says what an already chosen sentence says
        if chosen and (p.key in shown or p.key in used):
            continue  # in an earlier answer already
        if chosen and not stands_alone(p.sentence):
            continue  # a further sentence must read on its own ("Among them was ...")
        if aliases and any(_same_description(p.sentence, c.sentence, aliases) for c in chosen):
            continue  # "a 63-year-old former opposition MP" once is enough
        if len(_terms(p.sentence) - set().union(*(_terms(c.sentence) for c in chosen))) < MIN_NEW_TERMS and chosen:
            continue  # adds too little that is new
        chosen.append(p)
    return chosen, best


#: Score lost by an archive sentence whose article is not about the story's world: it names
#: the person asked about, and neither the story's place nor two of its top subjects; or the
#: place asked about, and none of the story's other top subjects.
UNRELATED_PENALTY = 0.5
#: A second or third answer sentence must bring this many words the chosen ones lack.
MIN_NEW_TERMS = 4
_DESCRIPTION_WORDS = 8


def _description(sentence: str, aliases: set[str]) -> set[str]:
    """The words describing the subject right after its name ("X, a 63-year-old former
    opposition MP, ..." -> {63-year-old, former, opposition}) or before it ("the former
    opposition lawmaker X")."""
    out: set[str] = set()
    for alias in aliases:
        for m in _alias_pattern(alias).finditer(sentence):
            rest = sentence[m.end():]
            # An appositive ("X, a ...", "X, who ..."), not any clause after a comma
            # ("Trump, while avoiding ...").
            after = _WORD.findall(re.split(r"[,.;:]", rest.lstrip(", "), maxsplit=1)[0])[:_DESCRIPTION_WORDS] \
                if _AFTER["appositive"].match(rest) else []
            after = [w for w in after if _describes(w)]
            # The appositive when it says something, else the words before the name ("the
            # former opposition lawmaker X"): "Also among those freed was X, a ..." describes
            # by its appositive, not by "among those freed".
            before = [] if after else _WORD.findall(re.split(r"[,.;:]", sentence[:m.start()])[-1])[-3:]
            # A party and state in brackets ("(D-Calif.)", "(D., Calif.)") describe too.
            party = _PARTY.match(rest)
            before += _WORD.findall(party.group(0)) if party else []
            out |= {w.lower() for w in after + before if _describes(w)}
    return out


def _describes(word: str) -> bool:
    """A word of a description: no function word, and no name -- capitalised words are names,
    except a role ("President X", "Rep. X"): three archive sentences opening "President Joe
    Biden ..." answered "Who is Joe Biden?" with the one description three times."""
    lower = word.lower()
    return lower not in _STOP and (not word[:1].isupper() or lower in _ROLE_WORDS)


def _same_description(a: str, b: str, aliases: set[str]) -> bool:
    da, db = _description(a, aliases), _description(b, aliases)
    shared = len(da & db)
    return bool(da and db) and shared >= 0.5 * min(len(da), len(db)) and (shared >= 2 or min(len(da), len(db)) == 1)


#: A verb of saying right after a name: a person's cue, but countries and agencies say too.
_SAYING_AFTER = r"\s+(?:said|told|says)\b"
_CUES_BEFORE = {
    "organization": re.compile(r"\b(?:" + _ORG_NOUNS + r")\s+$"),
    "place": re.compile(r"\b(?:(?:government|president|capital|people|economy|parliament|border|opposition|authorities|"
                        r"regime|" + _PLACE_NOUNS + r")\s+of|in|across|inside)\s+$"),
    "person": re.compile(r"\b(?:(?:Mr|Ms|Mrs|Dr)\.?|President|Prime Minister|Sen\.|Senator|Gov\.|Governor|Rep\.|"
                         r"Gen\.|General|Adm\.|Col\.|Lt\.|Sgt\.|Judge|Justice|Secretary|Chairman|"
                         r"journalist|activist|envoy|director|leader|laureate|minister)\s+$"),
}
_CUES_AFTER = {
    "organization": re.compile(r",\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,3}(?:" + _ORG_NOUNS + r")\b"),
    # (not a policy of a person's: "is she profiting from Biden's border crisis?" made Biden a
    # place on stories-2021: "What is the situation in Biden?")
    "place": re.compile(r"['’]s\s+(?:[\w-]+\s+)?(?:president|prime minister|capital|economy|parliament|"
                        r"border(?!\s+(?:crisis|policy|policies|wall|plan|agenda|strategy|czar|chief|record|"
                        r"surge|problem|mess|approach)\b)|foreign ministry|army|population)\b"),
    # ", who": "Newsom, who was elected governor in 2018" (typed an organisation by NER)
    "person": re.compile(rf",\s+\d{{2}},|{_SAYING_AFTER}|,\s+who\b"),
}


_SAYS_AFTER = re.compile(_SAYING_AFTER)


class _SentenceIndex:
    """The story's sentences by the words they hold, so that finding the few sentences that
    name a subject does not test every sentence for every alias (a 40-article story of
    distinct texts has ~2,000 sentences and ~700 subjects: 0.25 s of its page that way).

    A sentence where :func:`_alias_pattern` matches holds every ``\\w+`` run of the alias as
    a whole run of its own (the pattern's ends are word boundaries), so the sentences
    holding the alias's rarest run are all the candidates."""

    _RUN = re.compile(r"\w+")

    def __init__(self, sentences: Sequence[str]):
        self.sentences = list(sentences)
        self.by_word: dict[str, list[int]] = defaultdict(list)
        for i, sent in enumerate(self.sentences):
            for w in set(self._RUN.findall(sent)):
                self.by_word[w].append(i)

    def naming(self, alias: str) -> list[str]:
        """The sentences that hold ``alias`` as a substring, in story order (a superset of
        those where the alias pattern matches)."""
        runs = self._RUN.findall(alias)
        if not runs:
            return [s for s in self.sentences if alias in s]
        rarest = min((self.by_word.get(w, []) for w in runs), key=len)
        return [self.sentences[i] for i in rarest if alias in self.sentences[i]]

    def holding(self, words: Iterable[str]) -> set[str]:
        """The sentences holding any of ``words`` (lower-case) as a word, or capitalised."""
        return {self.sentences[i] for w in words for v in (w, w.capitalize()) for i in self.by_word.get(v, ())}


def _definite_article(name: str, sentences: _SentenceIndex) -> str:
    """"the " before an organisation's name in its question when at least a quarter of the
    story's mentions carry it: "the Senate" (107 of 224 on the 2014 midterms story, where
    "What is Senate?" was asked), "the GOP" (74 of 150), "the House" (44 of 140), but
    "Congress" (0 of 46) and "Belaruskali" (0 of 10) go bare, and so do company names of
    several words ("What is the Pacifica Terminals?" was asked of the demo's port operator),
    but not an institution's (:data:`_INSTITUTION_HEADS`).
    Attributive uses ("Senate race") are not counted (:func:`_usual_article`). A name
    of several words the sentences never show whole takes it ("the Viasna Human Rights
    Centre")."""
    words = name.split()
    if _takes_no_article(name):
        return ""
    if words[-1].lower() in _INSTITUTION_HEADS and (len(words) > 1 or words[0][:1].isupper()) \
            and not (len(words) > 1 and words[-1].lower() in _NAMED_FOR_A_PLACE):
        return "the "  # "the Interior Ministry", whatever "Montevara's Interior Ministry" says; "the Senate"
    if len(words) > 2 and words[0].lower() in _INSTITUTION_HEADS and words[1] == "of":
        return "the "  # "What is Department of Homeland Security?" was asked of a real page
    if len(words) > 1 and not sentences.naming(name):
        return "the "
    return _usual_article(name, sentences, us_prefix=True)


#: Last words of organisation names that English writes with "the" ("the Interior Ministry",
#: "the Alder Bay Small Business Alliance"); a company's name goes by the story's usage
#: ("Pacifica Terminals", "Carver Foundry").
_INSTITUTION_HEADS = frozenset(
    "corps ministry department association institute council committee commission agency union office bureau "
    "service court senate house party centre center foundation authority alliance organization legislature "
    "organisation federation coalition board administration assembly parliament army navy police "
    "university league".split()
)


#: Heads that a name before them usually makes bare: "Harvard University", "Georgetown
#: University" ("What is the Harvard University?" was asked of a full-length AllSides story),
#: though "the University of Michigan" (the head first) keeps it.
_NAMED_FOR_A_PLACE = frozenset({"university", "college"})


#: Institutions no reader of the news asks about, and that the articles never define: on
#: stories-2021 "What is the Senate?" was answered, in three stories, by one sentence about
#: Arizona's state Senate (benchmarks.questions). Their place goes to the next subject.
_COMMON_KNOWLEDGE = frozenset({"Senate", "House", "Congress", "Parliament", "White House", "Capitol",
                               "Supreme Court", "Pentagon", "Kremlin", "the White House", "the Senate",
                               "the House", "U.S. Senate", "U.S. House", "US Senate", "US House",
                               "House of Representatives", "Capitol Hill", "Court", "Assembly", "Cabinet",
                               "Government", "Administration",
                               # the two US parties ("What is GOP?" was answered three times
                               # by a sentence naming it, on full-length AllSides stories)
                               "GOP", "the GOP", "Republican Party", "Democratic Party", "Democrats",
                               "Republicans",
                               # "What is the Oval Office?" was answered by an op-ed's musing
                               # (November 2016)
                               "Oval Office", "the Oval Office",
                               # "What is the situation in the Earth?" was asked of Jeff Bezos's
                               # flight ("returned to Earth"; stories-2021)
                               "Earth", "the Earth"})
#: Platforms every reader uses, asked no "What is": "What is Facebook?" was asked of six
#: stories-2021 pages, answered by an op-ed's "Facebook is a national security risk" or what
#: Psaki said it must do. Unlike :data:`_COMMON_KNOWLEDGE` they still anchor a story's world:
#: a Facebook story's archive is the archive naming Facebook.
_EVERYDAY_PLATFORMS = frozenset({"Facebook", "Twitter", "Google", "YouTube", "Instagram", "WhatsApp", "TikTok"})


#: Last words of a place's name that keep it a place when it extends another place's name
#: ("Alder Bay Harbor", "Gaza Strip", "Kansas City"); any other word makes an organisation
#: named after the place ("Alder Bay Tide", "Texas Rangers", "Georgia Tech").
_PLACE_WORDS = frozenset(
    "city town village county bay harbor harbour port strip bank state island islands lake river valley heights "
    "springs beach park square district province region peninsula coast mountains hills falls north south east "
    "west downtown metro area oblast prefecture borough township states kingdom republic emirates".split()
)


def _extends_a_place(subject: _Subject, subjects: Sequence[_Subject], sentences: _SentenceIndex) -> bool:
    """Whether a place's name is a place's name and a word no place name ends with: the
    story names the first part as a place of its own, or the last word alone ("the Tide
    finished last": the demo's football team, typed a place by NER)."""
    words = subject.name.split()
    if len(words) < 2 or words[-1].lower() in _PLACE_WORDS:
        return False
    head = " ".join(words[:-1])
    if head.lower() in _PLACE_WORDS:
        return False  # "North Korea", though "the North" names it too
    if any(s is not subject and s.type == "place" and head in s.aliases for s in subjects):
        return True
    alone = re.compile(rf"\bthe {re.escape(words[-1])}\b(?!\s+[A-Z])")
    return any(alone.search(sent) for sent in sentences.naming(words[-1]))


def _named_in_passing(name: str, sentences: _SentenceIndex) -> bool:
    """Whether a place is named only in lawmakers' party tags: a state's abbreviation in
    "(D-Calif.)" or "Sen. Chris Coons (Del.)", or a state after a party letter ("Sen. Lisa
    Murkowski, R-Alaska, wrote ..." asked "What is the situation in Alaska?"); or only in a
    compound modifier ("The New Jersey-based drugmaker said" asked "What is the situation in
    New Jersey?" of a story on Merck's Covid pill, answered by a flood)."""
    tags = []
    for sent in sentences.naming(name):
        for m in _alias_pattern(name).finditer(sent):
            # (an abbreviation's period closes the bracket or goes on with a comma: a
            # sentence's last word, "... in Texas.", is none)
            abbreviated = " " not in name and len(name) <= 5 and sent[m.end():m.end() + 2] in {".)", ".,"}
            tags.append(abbreviated or bool(_PARTY_LETTER.search(sent, 0, m.start()))
                        or bool(_COMPOUND_MODIFIER.match(sent, m.end())))
    return bool(tags) and all(tags)


_PARTY_LETTER = re.compile(r"\b[DRI](?:-|\.,?\s)$")
_COMPOUND_MODIFIER = re.compile(r"-[a-z]")


def _inside_longer_names(name: str, sentences: _SentenceIndex) -> bool:
    """Whether a one-word organisation is written mostly as part of a longer name or title:
    a capitalised word or "Name of" right before it (not a sentence's first word, nor "The":
    "published in The Lancet"), or a
    capitalised word right after. Full-length AllSides stories asked "What is Treasury?"
    ("Treasury Secretary Steven Mnuchin"), "What is Commerce?" ("the U.S. Chamber of
    Commerce") and "What is SEAL?" ("Navy SEAL Eddie Gallagher"), answered by sentences that
    only name them. A longer name is inside another only after "<Name> and": "What is Customs
    Enforcement?" (of "Immigration and Customs Enforcement") was asked in January 2020; other
    words before a longer name are often a name of their own ("White House National Security
    Council")."""
    several = " " in name.strip()
    inside = total = 0
    for sent in sentences.naming(name):
        for m in _alias_pattern(name).finditer(sent):
            total += 1
            before = sent[:m.start()].split()
            prev = before[-1] if before else ""
            if several:
                inside += prev == "and" and len(before) > 1 and before[-2][:1].isupper() \
                    and not before[-2].endswith((".", ",", ":"))
                continue
            # ("of" after a capitalised word only: "Chamber of Commerce", not "annexation of Crimea")
            inside += bool(_NAME_GOES_ON.match(sent, m.end())
                           or (prev == "of" and len(before) > 1 and before[-2][:1].isupper())
                           or (len(before) > 1 and prev[:1].isupper() and prev != "The"
                               and not before[-2].endswith((".", ":"))))
    return total > 0 and inside * 2 > total


def _a_fragment(name: str, subjects: Sequence[Any]) -> bool:
    """An organisation's name that is a piece of a phrase, not a name: a list cut at its
    comma ("Diversity, Equity" of "Diversity, Equity, and Inclusion"), or a place and another
    name joined by a hyphen, the attribute of a noun ("U.S.-Mexico" of "the U.S.-Mexico
    border"). Both were asked "What is ...?" on stories-2021 once a story's spare
    organisations were asked."""
    if "," in name:
        return True
    parts = name.split("-")
    if len(parts) != 2 or not all(p[:1].isupper() for p in parts):
        return False
    gaz = default_gazetteer()
    places = {a for s in subjects if s.type == "place" for a in s.aliases}
    # (the first a place: "U.S.-Taliban talks" as well; the second may be named nowhere else)
    first = parts[0]
    return first in places or ((e := gaz.lookup(first, "GPE")) is not None and e.type == "place")


_TWO_PEOPLE = re.compile(r"\s(?:&|and)\s")
_NAME_GOES_ON = re.compile(r"\s+[A-Z]")
#: After a name, a lower-case word that is neither a function word nor a verb by its ending
#: ("turned", "remains"): a noun, of which the name is an attribute ("the Texas law").
_NOUN_GOES_ON = re.compile(rf"\s+(?!(?:{_NOT_A_HEAD})\b)(?![a-z]+(?:ed|s)\b)[a-z]")


def _takes_no_article(name: str) -> bool:
    """A name that carries its own article ("The Lancet") or is a brand's possessive
    ("Wendy's": "the Wendy's parking lot" of a story is one restaurant, the brand is bare)."""
    return name.split()[0].lower() == "the" or name.endswith(("'s", "\u2019s"))


def _usual_article(name: str, sentences: _SentenceIndex, share: float = 0.25, us_prefix: bool = False) -> str:
    """"the " when at least ``share`` of the story's mentions of ``name`` carry it ("the
    Senate", "the GOP"), else "". A place's name is asked with a half (see ``where_of``).

    Mentions as a modifier ("a Taliban takeover", "the New Jersey-based drugmaker") say
    nothing of the name's own article and are not counted: on stories-2021 they made
    "What is Taliban?" (one "the Taliban," of four mentions) and "What is the situation in
    the New Jersey?" (its only mention "The New Jersey-based"). With ``us_prefix`` (a
    name's own article, not a key phrase's), "U.S." may come between ("the U.S. Capitol":
    "the attack in Capitol" was asked otherwise). An adjective may not: "the insurgent
    Taliban" is English, but so are "the embattled ExxonMobil" and "the glitzy Las Vegas"
    (full-length AllSides stories asked "What is the ExxonMobil?" with it)."""
    words = name.split()
    if _takes_no_article(name):
        return ""
    if len(words) > 1 and words[-1].lower() in _PLURAL_PLACE_HEADS:
        # "the United States" of a story that writes "U.S.", or "United States Senate" and
        # "the United States government" more often than "the United States" alone ("What is
        # the situation in United States?" was asked of two full-length AllSides stories).
        return "the "
    with_the = total = 0
    for sent in sentences.naming(name):
        for m in _alias_pattern(name).finditer(sent):
            if _NAME_GOES_ON.match(sent, m.end()):
                continue  # part of a longer name: "the New York Times" is no "the New York"
            if _NOUN_GOES_ON.match(sent, m.end()) or sent.startswith("-", m.end()):
                continue  # "the Texas law", "the Texas Republican governor": the article is the noun's
            total += 1
            if _PLURAL_OR_VERB.match(sent, m.end()):
                continue  # "the Las Vegas attacks" or "the Taliban says": counted, not as "the X"
            before = sent[max(0, m.start() - 40):m.start()]
            with_the += bool((_THE_US_BEFORE if us_prefix else _THE_BEFORE).search(before))
    return "the " if total and with_the >= share * total else ""


#: A lower-case word ending in "s" after a name: a verb ("the Taliban says") or a plural noun
#: the name modifies ("the Las Vegas attacks" asked "What is the Las Vegas?").
_PLURAL_OR_VERB = re.compile(r"\s+(?!(?:is|was|has|does)\b)[a-z]+s\b")


#: The share of a place's mentions that must carry "the" for its question to say "in the X"
#: (see ``where_of``).
PLACE_ARTICLE_SHARE = 0.5
_PLURAL_PLACE_HEADS = frozenset({"states", "kingdom", "nations", "emirates", "netherlands", "republic", "islands"})
_BARE_IN = re.compile(r"\b(?:in|across|inside)\s+$")


def _story_type(subject: _Subject, sentences: _SentenceIndex) -> str:
    """:func:`_refine_type`, except for a name the gazetteer types: its type is a decision
    made for NER's errors, and the story's wording does not undo it ("Planned Parenthood's
    president" read as a place's cue, November 2015: "What is the situation in Planned
    Parenthood?")."""
    if default_gazetteer().entries.get(ascii_key(subject.name)) is not None:
        return subject.type
    return _refine_type(subject, sentences)


def _refine_type(subject: _Subject, sentences: _SentenceIndex) -> str:
    """The subject's type as the story's own wording shows it, when NER's type is
    contradicted: "the independent news site Vecherny Dubrava" is no person, "the
    government of Lesnovia" and "Lesnovia's strongman president" name a country, "sanctions
    on LesAvia, the state carrier" an organisation. Needs two cues and a clear majority."""
    cues: Counter[str] = Counter()
    things = 0  # "Juneteenth, the anniversary of ...": a place's name described as a thing
    only_in = True  # every place cue so far is a bare "in X"
    the_name = 0  # "the X." of a person subject
    for alias in subject.aliases:
        for sent in sentences.naming(alias):
            for m in _alias_pattern(alias).finditer(sent):
                pre, post = sent[max(0, m.start() - 60):m.start()], sent[m.end():]
                owner = post[:2] in ("'s", "’s")
                things += subject.type == "place" and bool(_A_THING_AFTER.match(post) or _A_THING_NEXT.match(post))
                for kind in ("organization", "place", "person"):
                    before, after = bool(_CUES_BEFORE[kind].search(pre)), bool(_CUES_AFTER[kind].match(post))
                    if kind == "person" and after and subject.type != "person" and _SAYS_AFTER.match(post):
                        # Countries and agencies "say" too ("North Korea said ..." made a place
                        # a person: "Who is North Korea?" on a real page, August 2017).
                        after = False
                    if kind == "place" and before and owner and _BARE_IN.search(pre):
                        # "convicted in George Floyd's murder": the "in" governs the murder
                        before = False
                    cues[kind] += before + after
                    if kind == "place" and (after or (before and not _BARE_IN.search(pre))):
                        only_in = False
                if subject.type == "person" and " " in alias.strip() and _THE_BEFORE.search(pre) \
                        and _NAME_ENDS.match(post):
                    # "the Border Patrol.": English puts no "the" before a person's name
                    # ("Who is Border Patrol?" was asked twice in a real month). Only where
                    # punctuation follows: "the Trump administration", "the George Floyd
                    # Justice in Policing Act", "the Pfizer-BioNTech vaccine" use a name as a
                    # modifier (each was made an organisation on stories-2021 otherwise), and
                    # "the Gates," is a family. Twice at least: one "the Hunter Biden:" had
                    # made a full-length story ask "What is the Hunter Biden?".
                    the_name += 1
    if the_name >= 2:
        cues["organization"] += the_name
    if subject.type == "person" and not cues["person"] and subject.name.split()[-1].lower() in _FACILITY_HEADS:
        # "Who is Trump Tower?" was asked on a November 2016 page: NER reads a building
        # named after a person as the person. No person's cue ("Mr.", "Sen.") in the story.
        return "organization"
    if things and not cues["place"]:
        # NER's place that the story describes as a thing and never as a place ("What is
        # the situation in Juneteenth?", "in Bitcoin?" on stories-2021): asked what it is.
        return "organization"
    if not cues:
        return subject.type
    best, n = max(sorted(cues.items()), key=lambda kv: kv[1])
    if subject.type == "organization" and best == "place" and only_in:
        # Organisations follow "in" all the time ("in Congress", "in GOP primaries": the
        # party read as a place on the 2014 midterms story): a bare "in X" never turns
        # NER's organisation into a place; "the government of X" or "X's capital" may.
        return subject.type
    if best != subject.type and n >= 2 and n > 2 * cues.get(subject.type, 0):
        return best
    if subject.type == "person" and not cues["person"] and n >= 1:
        return best  # "in Alder Bay" and never a person's cue: not "Who is Alder Bay?"
    return subject.type


#: Last words of the names of buildings and grounds, which NER often types as the person
#: they are named after ("Trump Tower", "Reagan National Airport", "Walter Reed Medical
#: Center").
_FACILITY_HEADS = frozenset(
    "tower towers building center centre plaza airport station stadium arena hotel hospital palace mansion "
    "avenue boulevard prison jail mall cathedral mosque museum library memorial monument resort".split())
#: Heads of a description that make a name a thing, not a place: NER types days, coins and
#: storms as places ("Juneteenth, the anniversary of the emancipation", "Bitcoin, the
#: world's largest cryptocurrency"). The words before the head may not open a phrase of
#: their own ("Texas, the state with the strictest law" describes a state).
_A_THING_AFTER = re.compile(
    r",\s+(?:the|a|an)\s+(?:(?!(?:of|with|that|which|where|who|in|to|for|and)\b)[^,;:.!?\s]+\s+){0,3}?"
    r"(?:holiday|anniversary|celebration|commemoration|festival|observance|date|cryptocurrency|currency|coin|token|"
    r"vaccine|drug|pill|medication|virus|variant|disease|storm|hurricane|app|platform|software|product|brand|"
    r"game|film|movie|show|series|book|novel|song|album|law|bill|treaty|accord|summit|conference|award|prize|ship|"
    r"vessel|aircraft|rocket|spacecraft|telescope|satellite|missile|index)\b")
#: ... or a head right after it: "the Delta variant" ("How have others responded to the news
#: from Delta?" on stories-2021).
_A_THING_NEXT = re.compile(r"\s+(?:variant|variants|strain|strains|cryptocurrency|coin|token)\b")
_THE_BEFORE = re.compile(r"\b[Tt]he\s+$")
_THE_US_BEFORE = re.compile(r"\b[Tt]he\s+(?:U\.S\.\s+)?$")
_NAME_ENDS = re.compile(r"\s*(?:[,.;:!?)]|$)")


# --- questions -----------------------------------------------------------------------------------
def _event_phrase(articles: Sequence[Mapping[str, Any]], place: str | None) -> str | None:
    """The story's event in a few words ("the prisoner release in Belarus"), from title words."""
    nouns = Counter()
    for a in articles:
        words = _WORD.findall(str(a.get("title") or ""))
        for i, w in enumerate(words):
            lw = w.lower()
            if lw in _EVENT_NOUNS:
                after = words[i + 1].lower() if i + 1 < len(words) else ""
                if lw in _ALSO_ADJECTIVES and after.isalpha() and after not in _STOP:
                    continue  # "the final days of the war", not a cup final
                if after in _PARTICLES and (words[i + 2].lower() if i + 2 < len(words) else "") != "of":
                    # "Supreme Court Strikes Down Louisiana Abortion Restrictions" asked
                    # "What led to the strike in Louisiana?" on a real page (June 2020); not
                    # "evacuations out of Afghanistan"
                    continue
                nouns[_EVENT_NOUNS[lw]] += 1
    if not nouns:
        return None
    noun = min(nouns, key=lambda n: (-nouns[n], n))
    if nouns[noun] < EVENT_HEADLINE_SHARE * sum(1 for a in articles if a.get("title")):
        # One headline of 31 on a real Super Tuesday story, "The Establishment Strikes
        # Back", made it "What led to the strike ...?": a big story's event is in more than
        # one of its headlines.
        return None
    return f"the {noun} in {place}" if place else f"the {noun}"


def _event_place(articles: Sequence[Mapping[str, Any]], places: Sequence[_Subject]) -> _Subject | None:
    """The place a headline sets the event in: "<event> in/at/from/on/across <place>"
    ("withdrawal from Afghanistan", "earthquake in Drenovo"), else "<place> <event>" ("Texas
    abortion ban"), each tried over ``places`` (best first); ``None`` when no headline says.
    The preposition first: "U.S. withdrawal from Afghanistan" happens in Afghanistan."""
    titles = [str(a.get("title") or "") for a in articles]
    event_words = "|".join(sorted(map(re.escape, _EVENT_NOUNS), key=len, reverse=True))
    shapes = (r"\b(?i:{e})\s+(?i:in|at|from|on|across)\s+(?:(?i:the)\s+)?{n}(?!\w)",
              r"(?<!\w){n}(?:['\u2019]s)?\s+(?:\w+\s+)?(?i:{e})\b")
    for shape in shapes:
        for sub in places:
            for alias in sorted(sub.aliases, key=len, reverse=True):
                beside = re.compile(shape.format(e=event_words, n=re.escape(alias)))
                if any(beside.search(t) for t in titles):
                    return sub
    return None


def _in_a_headline(place: _Subject, articles: Sequence[Mapping[str, Any]]) -> bool:
    """Whether a headline of the story names the place (any alias)."""
    return any(_all_mentions(str(a.get("title") or ""), place.aliases) for a in articles)


def _story_place(place: _Subject, articles: Sequence[Mapping[str, Any]]) -> bool:
    """Whether the place is where the story is, not where a passage of it is: a headline
    names it or its people ("Afghan", "Cubans"), or every article of two or more does.

    On stories-2021 (2026-12-05) 47 of 126 "What is the situation in X?" answers were of a
    place no headline named, and about 40 of those were no question for the story: Schumer's
    state on an infrastructure vote, "Washington, D.C." where Colin Powell died, China in a
    hate-crimes bill, each answered by the archive's one sentence about the place."""
    if _in_a_headline(place, articles):
        return True
    words = {w for a in articles for w in _HEADLINE_WORD.findall(str(a.get("title") or ""))}
    for alias in place.aliases:
        if " " in alias or len(alias) < 4 or not alias[:1].isupper():
            continue
        for w in words:
            shared = len(os.path.commonprefix([w, alias]))
            if w != alias and shared >= 4 and w[shared:] in _DEMONYM_ENDINGS:
                return True  # "Afghan" of Afghanistan, "Cubans" of Cuba, "Texan" of Texas (not "George")
    return len(articles) >= 2 and all(
        _all_mentions(f"{a.get('title') or ''}\n{a.get('text') or ''}", place.aliases) for a in articles)


_HEADLINE_WORD = re.compile(r"\b[A-Z][a-z]{3,}\b")
_DEMONYM_ENDINGS = frozenset({"", "s", "n", "ns", "an", "ans", "ian", "ians", "i", "is", "ese", "ish"})


#: Share of a story's headlines that must name its event noun (at least one): one
#: headline of up to 14, two of 15-24, three of 25-34 ...
EVENT_HEADLINE_SHARE = 0.07
_EVENT_NOUNS = {
    **dict.fromkeys(["release", "releases", "released", "releasing", "frees", "freed"], "release"),
    **dict.fromkeys(["election", "elections"], "election"),
    # A legislature's vote is no election: "What led to the election in Florida?" was asked
    # of a voting-law story (benchmarks.questions).
    **dict.fromkeys(["vote", "votes"], "vote"),
    **dict.fromkeys(["attack", "attacks", "attacked"], "attack"),
    **dict.fromkeys(["strike", "strikes", "walkout"], "strike"),
    **dict.fromkeys(["protest", "protests", "protesters"], "protests"),
    **dict.fromkeys(["earthquake", "quake"], "earthquake"),
    **dict.fromkeys(["sanctions"], "sanctions"),
    **dict.fromkeys(["deal", "agreement", "accord"], "deal"),
    **dict.fromkeys(["talks", "summit"], "talks"),
    **dict.fromkeys(["war", "invasion"], "war"),
    **dict.fromkeys(["shooting"], "shooting"),
    **dict.fromkeys(["crash"], "crash"),
    **dict.fromkeys(["arrest", "arrests", "arrested"], "arrests"),
    **dict.fromkeys(["resignation", "resigns", "resigned"], "resignation"),
    **dict.fromkeys(["ruling", "verdict"], "ruling"),
    **dict.fromkeys(["study", "studies"], "study"),
    **dict.fromkeys(["report"], "report"),
    **dict.fromkeys(["audit"], "audit"),
    **dict.fromkeys(["investigation", "probe"], "investigation"),
    **dict.fromkeys(["hack", "hackers", "hacked", "cyberattack", "defacement"], "hack"),
    **dict.fromkeys(["final"], "final"),
    # Added 2026-12-03 (stop 18): on stories-2021 only 113 of 505 stories had an event noun
    # in their headlines, so most pages never asked what led to the news.
    **dict.fromkeys(["lawsuit", "lawsuits", "sues", "sued"], "lawsuit"),
    **dict.fromkeys(["indictment", "indicted", "charged"], "charges"),
    **dict.fromkeys(["ban", "bans", "banned", "banning"], "ban"),
    **dict.fromkeys(["mandate", "mandates"], "mandate"),
    **dict.fromkeys(["withdrawal", "pullout", "exit"], "withdrawal"),
    **dict.fromkeys(["evacuation", "evacuations", "airlift"], "evacuation"),
    **dict.fromkeys(["shutdown"], "shutdown"),
    **dict.fromkeys(["impeachment", "impeach", "impeached"], "impeachment"),
    **dict.fromkeys(["recall"], "recall"),
    **dict.fromkeys(["hearing", "hearings", "testimony", "testifies"], "hearing"),
    **dict.fromkeys(["subpoena", "subpoenas", "subpoenaed"], "subpoena"),
    **dict.fromkeys(["veto", "vetoes", "vetoed"], "veto"),
    **dict.fromkeys(["nomination", "nominee", "confirmation"], "nomination"),
    **dict.fromkeys(["merger", "acquisition"], "merger"),  # not "takeover": "the Taliban takeover"
    **dict.fromkeys(["bankruptcy"], "bankruptcy"),
    **dict.fromkeys(["layoffs"], "layoffs"),
    **dict.fromkeys(["outbreak"], "outbreak"),
    **dict.fromkeys(["wildfire", "wildfires"], "wildfire"),  # not "fire(s)": "under fire", "North Korea fires"
    **dict.fromkeys(["flood", "floods", "flooding"], "flooding"),
    **dict.fromkeys(["hurricane"], "hurricane"),  # not "storm": "storm the Capitol"
    **dict.fromkeys(["explosion", "bombing"], "bombing"),  # not "blast": "GOP blasts Biden"
    **dict.fromkeys(["collapse", "collapsed"], "collapse"),
    **dict.fromkeys(["riot", "riots", "unrest", "looting"], "unrest"),
    **dict.fromkeys(["boycott"], "boycott"),
    **dict.fromkeys(["strikes", "airstrike", "airstrikes"], "strike"),
    **dict.fromkeys(["shortage", "shortages"], "shortage"),
    **dict.fromkeys(["killing", "killed", "murder"], "killing"),
}


#: Event nouns that take a plural verb.
_PLURAL_EVENTS = frozenset(n for n in _EVENT_NOUNS.values() if n.endswith("s"))
#: Event nouns that also stand before a noun as adjectives ("final days", "final plane").
_ALSO_ADJECTIVES = frozenset({"final"})
#: After an event noun, a verb's particle: the word was the verb ("strikes down", "votes down").
_PARTICLES = frozenset({"down", "back", "out", "off", "up"})


def _economic_topics(story_sents: dict[str, list[str]], exclude: set[str]) -> list[str]:
    """Lower-case nouns tied to money/trade words across articles ("potash"), best first."""
    counts: Counter[str] = Counter()
    arts: dict[str, set[str]] = defaultdict(set)
    for aid, sents in story_sents.items():
        for s in sents:
            if _ECON.isdisjoint(lowered_matches(_WORD, s)):
                continue
            # Lower-case in the text: a common noun ("potash"), not a name or a weekday.
            for w in {w for w in _WORD.findall(s) if w.islower()}:
                if (w.isalpha() and len(w) > 3 and w not in _STOP and w not in _ECON and w not in exclude
                        and w not in _GENERIC_TOPIC):
                    counts[w] += 1
                    arts[w].add(aid)
    # In two articles at least: one outlet's aside is not the story's economic angle.
    cands = [w for w in counts if len(arts[w]) >= 2 and not w.endswith(("ed", "ing", "ly"))]
    # A noun: written right after a determiner, a possessive or a preposition somewhere
    # ("the potash", "of potash"); "since the pandemic began" gave "What is began and why
    # does it matter?" on stories-2021.
    joined = " ".join(s for sents in story_sents.values() for s in sents)
    after_a_determiner = set(_AFTER_A_DETERMINER.findall(joined))  # one pass, not one search a word (0.6 s)
    cands = [w for w in cands if w in after_a_determiner]
    # A topic the articles stop to define ("potash, the regime's largest source of hard
    # currency"; "potash, a key component in fertilisers") is one a reader asks about.
    text = " ".join(s for sents in story_sents.values() for s in sents)
    defined = set(re.findall(r"\b([a-z]+),\s+(?:a|an|the)\s", text)) & set(cands)
    return sorted(cands, key=lambda w: (w not in defined, -len(arts[w]), -counts[w], w))


#: (the word in a lookahead, so that "on the rich" finds "the" and "rich")
_AFTER_A_DETERMINER = re.compile(r"\b(?:the|a|an|its|their|his|her|of|on|for|in|and)\s+(?=([a-z]+)\b)")


def _named_topic(topic: str, sentences: Iterable[str]) -> str | None:
    """The named thing a common-noun topic stands for in this story, when the articles say
    so ("LesAvia, the state airline" / "the state airline, LesAvia"): asking "What is
    airline?" explains nothing."""
    counts: Counter[str] = Counter()
    name = r"([A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3})"
    # The topic must head the description ("LesAvia, the state airline that ..."), not
    # modify another noun ("Belaruskali, a potash producer" is no answer to "potash").
    after = re.compile(rf"{name},\s+(?:the|a|an)\s+(?:[\w-]+\s+){{0,2}}{re.escape(topic)}"
                       rf"(?=\s*[,.;]|\s+(?:that|which|who|of|for|in|with)\b)")
    before = re.compile(rf"\bthe\s+(?:[\w-]+\s+){{0,2}}{re.escape(topic)},\s+{name}")
    for sent in sentences:
        if topic not in sent:
            continue
        for m in after.finditer(sent):
            counts[m.group(1)] += 1
        for m in before.finditer(sent):
            counts[m.group(1)] += 1
    if not counts:
        return None
    return min(counts, key=lambda n: (-counts[n], n))


_GENERIC_TOPIC = frozenset(
    "sanctions relief lifting united states president government country countries countries' people "
    "political prisoners release released part also major state would their years year after including "
    "relations international western officials official world economic economy number further between "
    "against other well many much being been leader exports export announced some still well "
    # figures' words, not topics ("a year-over-year basis" gave "What is basis and why does it
    # matter?" on stories-2021)
    "basis percent rate rates month months week weeks average total level levels increase decrease "
    "rise drop amount figure figures record records half third quarter period points point "
    # an ordinal or a time after "the", and what is said rather than traded ("What is first
    # and why does it matter?", "What is allegations ...?" on full-length AllSides stories)
    "first second last next latest former recent time times allegations allegation claims accusations "
    "statement statements comments remarks "
    # who trades, not what is traded ("What is firm and why does it matter?", full-length
    # AllSides stories: Kellyanne Conway's polling firm)
    "firm firms company companies business businesses group groups agency industry campaign "
    # nor a public ("What is voters and why does it matter?" on a real Super Tuesday page)
    "voters voter americans citizens residents consumers customers taxpayers households families "
    "workers employees students parents "
    # money itself and a place ("into today's dollars", "in Mnuchin's place" gave "What is
    # dollars and why does it matter?" and "What is place ...?" in a real month)
    "dollars dollar money cash cents euros pounds place places".split()
)


#: Subjects whose type is read, at most, in rank order: a story with one place reads them all
#: looking for a second (a 40-article story has ~700, a millisecond each), and a subject
#: ranked this low is not what a reader asks about.
MAX_SUBJECTS_TYPED = 100
#: A person or organisation named in at least this share of the archive's articles is one its
#: readers know: "Who is Joe Biden?" was asked of 135 of stories-2021's 505 stories (the
#: archive names him in 14 % of its articles; Jen Psaki, asked of 14, in 1.2 %) and answered by whatever sentence
#: named him; the slot goes to the next subject. (Only a large archive says what its readers
#: know: see ``stories.PROMINENT_MIN_ARTICLES``.)
PROMINENT_SHARE = 0.05
#: People and organisations asked about when fewer of the first four people (two
#: organisations) found an answer: the next ones by rank. A subject the articles never
#: define took its kind's place and left it empty (stories-2021: "What is the FBI?" gone from
#: a page once the National School Boards Association, never defined, outranked it).
SPARE_SUBJECTS = 2
#: The definition score (:func:`_definition_score`: an appositive, a copula, a role or a
#: kind before the name) the answer to "What is <organisation>?", and a spare's, must open
#: with. Without it, sentences that only name the organisation answered: "What is the
#: Taliban?" on 22 stories-2021 pages ("Akhund previously served as foreign minister ... in
#: the Taliban government"), "What is the Department of Justice?" (a sentence about one of
#: its officials); a role before a name scores 2 ("Councillor Radek Hošek, who sits on ...").
MIN_DEFINITION = 2.0
#: Key phrases asked about ("What is the executive order?"), at most.
MAX_CONCEPTS = 2


def _concepts(keywords: Sequence[Any], names: set[str]) -> list[str]:
    """The story's key phrases worth a "What is": common-noun phrases of two to four words
    (or one hyphenated: "cease-fire") in two articles at least, not a name's words, no
    figures ("million Americans"), not opened by a ranking word ("top Republican", "key
    issues"). Whether one is defined anywhere decides whether it is asked: most of the
    rest ("citizens remain") never meet a definition and drop out at answering."""
    out: list[str] = []
    for kw in keywords:
        if getattr(kw, "type", None) != "phrase" or len(getattr(kw, "sources", ())) < 2:
            continue
        phrase = str(kw.name).strip()
        words = phrase.split()
        if not (2 <= len(words) <= 4 or (len(words) == 1 and "-" in phrase.strip("-"))):
            continue
        if not phrase[:1].islower() or any(c.isdigit() for c in phrase) or phrase.lower() in names:
            continue
        if (words[0].lower() in _RANKING or any(w.lower() in _STOP for w in words)
                or words[0].lower() in _GENERIC_TOPIC or words[-1].lower().endswith("ing")):
            continue  # "top Republican", "starting in July", "economic recovery"
        out.append(phrase)
        if len(out) >= MAX_CONCEPTS:
            break
    return out


_RANKING = frozenset("top key main major big new latest first last million billion trillion several many more most "
                     "other fully late early".split())


def _concept_question(phrase: str, sentences: _SentenceIndex) -> str:
    """ "What is the executive order?" when the story says "the", "What are no-knock
    warrants?" for a plural, "What is a tip line?" when the story says "a", else bare
    ("What is gun violence?", "What is executive privilege?")."""
    if _usual_article(phrase, sentences):
        return f"What is the {phrase}?"
    last = phrase.split()[-1]
    if last.endswith("s") and not last.endswith(("ss", "us", "is")) or last in {"people", "children", "women", "men"}:
        return f"What are {phrase}?"
    a = "an" if phrase[0] in "aeiou" else "a"
    said_a = any(re.search(rf"\b(?i:{a})\s+{re.escape(phrase)}\b", sent) for sent in sentences.naming(phrase))
    return f"What is {a} {phrase}?" if said_a else f"What is {phrase}?"


def _related_places(a: _Subject, b: _Subject, sentences: Sequence[str]) -> bool:
    """Whether the story itself deals with two places' dealings: two of its sentences name
    both with a word of relations ("talks", "sanctions", "ally")."""
    if a.aliases & b.aliases or any(x in y or y in x for x in a.aliases for y in b.aliases):
        return False  # "Gaza" and "the Gaza Strip"
    a_o, b_o = _Ordered(a.aliases), _Ordered(b.aliases)
    hits = 0
    for sent in sentences:
        if _all_mentions(sent, a_o) and _all_mentions(sent, b_o) and _RELATION.search(sent):
            hits += 1
            if hits >= 2:
                return True
    return False


@sentence_memo()  # one page's memo when called alone (inside build_story, the page's)
def further_learning(
    story_articles: Sequence[Mapping[str, Any]],
    retrieve: Retrieve | None,
    *,
    max_questions: int = 10,
    entities: Sequence[Any] | None = None,
    keywords: Sequence[Any] | None = None,
    archive_share: Callable[[str], float] | None = None,
    home: Iterable[str] = (),
) -> list[dict[str, Any]]:
    """Background questions and cited answers for one story, best first.

    ``retrieve(query, limit)`` returns archive articles or passages (dicts with ``id``,
    ``title``, ``text``, ``published``, ``source``); ``None`` answers from the story alone.
    ``entities`` are the story's canonical entities (:class:`newsprism.entities.Entity`),
    optional; ``keywords`` its ranked keywords (:class:`newsprism.keywords.Keyword`), whose
    phrases ("executive order", "no-knock warrants") are asked about when the articles or
    the archive define them. ``archive_share(name)``: the share of the archive's articles
    that name it, when the archive is large enough to say (else 0); people and organisations
    at :data:`PROMINENT_SHARE` or more are not asked about. ``home``: the names of the archive's
    home place (:func:`newsprism.stories.home_place_of`), whose situation is not asked about.
    Each item: ``{"question", "answer", "sources",
    "from_older_coverage", "from_later_coverage"}``.
    """
    story = [a for a in story_articles if isinstance(a, Mapping) and a.get("id") not in (None, "")]
    if not story or max_questions <= 0:
        return []
    ids = {str(a["id"]) for a in story}
    originals = [a for a in story if not a.get("duplicate_of") or str(a["duplicate_of"]) not in ids]
    story_sents = {str(a["id"]): join_quotes(prose_sentences(str(a.get("text") or ""))) for a in originals}
    # A story of hundreds of articles is read from each article's first sentences: every
    # question scores every passage.
    keep = sentence_budget([len(v) for v in story_sents.values()], STORY_SENTENCES)
    story_sents = {aid: sents[:keep] for aid, sents in story_sents.items()}
    times = [t for a in story if (t := _published(a.get("published")))]
    first_time = min(times) if times else None
    last_time = max(times) if times else None
    subjects = (_subjects_from_entities(entities, ids) if entities is not None else _subjects_heuristic(originals))
    all_sents = [s for sents in story_sents.values() for s in sents]
    story_passages = [_Passage(aid, s, True, False) for aid, sents in story_sents.items() for s in sents]
    index = _SentenceIndex(all_sents)
    subjects.sort(key=lambda s: (-s.weight, s.name))
    # Types are read only to fill these three lists, so subjects are refined in rank order
    # until the lists are full (a 40-article story has ~700 subjects; the lists need ~20).
    people: list[_Subject] = []
    orgs: list[_Subject] = []
    places: list[_Subject] = []
    # (people and organisations beyond their number are spares: asked only while fewer of
    # their kind than the number found an answer; see SPARE_SUBJECTS)
    first = {"person": 4, "organization": 2}  # people and organisations asked about
    wanted = {"person": (people, first["person"] + SPARE_SUBJECTS),
              "organization": (orgs, first["organization"] + SPARE_SUBJECTS), "place": (places, 2)}
    known: list[_Subject] = []  # people every reader of the archive knows

    def prominent(sub: _Subject) -> bool:
        """Whether the archive names the subject in :data:`PROMINENT_SHARE` of its articles,
        under its name or a longer alias ("Who is Donald J. Trump?" was asked where "Donald
        Trump" is in most articles)."""
        if archive_share is None:
            return False
        names = {sub.name} | {a for a in sub.aliases if " " in a.strip()}
        if sub.type == "organization":
            # "FDA", which names the Food and Drug Administration in most articles (not an
            # acronym that is also a word: the index matches "WHO" in every "who")
            names |= {a for a in sub.aliases if ACRONYM.fullmatch(a) and a.lower() not in spacy_stop_words()}
        return any(archive_share(n) >= PROMINENT_SHARE for n in sorted(names))
    # "What is Biden?": a person's surname typed an organisation in some article.
    surnames = {s.name.split()[-1] for s in subjects if s.type == "person" and " " in s.name}
    # "Trump Donald" beside "Donald Trump": a name read backwards out of a link's text ("President
    # Trump Donald John Trump ... MORE" in The Hill's pages; "What has Trump Donald said?" was
    # asked of a full-length AllSides story).
    two_word_people = {s.name for s in subjects if s.type == "person" and len(s.name.split()) == 2}
    backwards = {n for n in two_word_people if " ".join(reversed(n.split())) in two_word_people}
    for rank, sub in enumerate(subjects):
        if all(len(got) >= n for got, n in wanted.values()) or rank >= MAX_SUBJECTS_TYPED:
            break
        sub.type = _story_type(sub, index)
        if sub.type == "place" and _extends_a_place(sub, subjects, index):
            sub.type = "organization"  # "Alder Bay Tide": a team named after its city
        if sub.type in ("organization", "place") and sub.name in surnames:
            continue
        if sub.type == "place" and _named_in_passing(sub.name, index):
            continue  # "Ky." of "(R-Ky.)": "What led to the vote in Ky?" was asked on stories-2021
        if sub.type == "organization" and (sub.name in _COMMON_KNOWLEDGE or sub.name in _EVERYDAY_PLATFORMS):
            continue
        if sub.type == "organization" and (is_news_outlet(sub.name) or sub.name.lower() in _INSTITUTION_HEADS
                                           or sub.name.lower() in _ORG_NOUN_WORDS):
            # "What is the Board?": a kind of organisation, not one ("What is Club?" of an
            # excerpt cut at "endorsed by the Club...")
            continue
        if sub.type == "organization" and _a_fragment(sub.name, subjects):
            continue  # "What is U.S.-Mexico?" (of "the U.S.-Mexico border"), "What is Diversity, Equity?"
        if sub.type == "organization" and _inside_longer_names(sub.name, index):
            continue  # "Treasury" of "Treasury Secretary Steven Mnuchin", "Commerce" of "Chamber of Commerce"
        if sub.name in backwards and sub.weight <= max(
                (t.weight for t in subjects if t.name == " ".join(reversed(sub.name.split()))), default=0):
            continue  # the less named of a name and its reverse
        if sub.type == "person" and (_TWO_PEOPLE.search(sub.name) or is_news_outlet(sub.name)):
            # "Who is Laura & George Bush?", "Who is ABC News?" (an outlet NER took for a
            # person; full-length AllSides stories)
            continue
        if sub.type in ("person", "organization") and prominent(sub):
            # Every reader of this archive knows who Joe Biden is; what he said of this
            # story is the question (two such people at most).
            if sub.type == "person" and " " in sub.name.strip() and sub.name not in _COMMON_KNOWLEDGE \
                    and len(known) < 2:
                known.append(sub)
            continue
        if sub.type == "person" and " " not in sub.name.strip():
            # "Who is Mark?": a first name alone (or a surname the articles never complete)
            # names nobody the archive can be asked about; its alias matches every Mark.
            continue
        got, n = wanted.get(sub.type, ([], 0))
        if len(got) < n:
            got.append(sub)
    cache: dict[str, list[Mapping[str, Any]]] = {}

    asked: list[tuple[str, str, set[str] | None, str, re.Pattern[str] | None]] = []
    # Spares are asked after every other kind, so that they never take the place of a
    # question of another kind ("What happens next?") under max_questions; on the page each
    # follows its own kind.
    spares: list[tuple[str, str, set[str] | None, str, re.Pattern[str] | None]] = []
    for i, s in enumerate(people):
        (asked if i < first["person"] else spares).append((f"Who is {s.name}?", s.name, s.aliases, "person", None))
    for i, s in enumerate(orgs):
        the = _definite_article(s.name, index)
        (asked if i < first["organization"] else spares).append(
            (f"What is {the}{s.name}?", s.name, s.aliases, "organization", None))
    subject_questions = len(asked)  # the people's and organisations' own, counted for the spares
    place = places[0] if places else None

    def where_of(sub: _Subject) -> str:
        # "in the United States" where the story says so ("What is the situation in United
        # States?" was asked on the 2014 midterms story), and only where half its mentions
        # carry it: a quarter asked "What is the situation in the Texas?" and "in the New
        # Jersey?" on stories-2021 (a noun after the name, such as "the Texas bans", is not
        # always told from a verb), while "the Bronx", "the West Bank" go with it nearly always.
        return _usual_article(sub.name, index, PLACE_ARTICLE_SHARE, us_prefix=True) + sub.name

    def at_home(sub: _Subject) -> bool:
        return bool(home_names & ({sub.name} | sub.aliases))

    home_names = set(home)
    where = where_of(place) if place is not None else None
    # The archive's home country has no "situation" to explain to its readers ("What is the
    # situation in the United States?" was asked of 20 stories-2021 stories, answered by
    # asides). Nor is the story's second place asked instead: on stories-2021 that was a
    # trip's destination ("Europe"), a dateline ("WASHINGTON") or "the F.B.I.". A main place
    # that is only where a passage of the story is (no headline names it, see _story_place)
    # gives way to the second when that one is where the story is: the demo's quake names
    # Belica, its epicentre, most, and Montevara in every headline.
    situated = None  # where the story is: its main place, else its second (see _story_place)
    if place is not None and not at_home(place):
        situated = next((p for p in places[:2] if _story_place(p, originals)), None)
    if situated is not None and situated.name not in _COMMON_KNOWLEDGE and not at_home(situated):
        # (the Capitol places "the attack in the Capitol"; its "situation" is no question)
        asked.append((f"What is the situation in {where_of(situated)}?", situated.name, situated.aliases, "place",
                      None))
    # The event's own place, when a headline puts one of the story's places beside it
    # ("Afghanistan withdrawal": not "the withdrawal in the United States", asked three times
    # on stories-2021 because the United States was the story's most named place); the home
    # country only so ("What led to the withdrawal?" otherwise). Else the story's main place
    # when a headline names it: "the deal in Russia" was asked of Paul Manafort's plea deal
    # (Russia the inquiry's subject, in no headline) and answered with the Paris climate deal.
    at = _event_place(originals, places) or (
        place if place is not None and not at_home(place) and _in_a_headline(place, originals) else None)
    event = _event_phrase(originals, where_of(at) if at is not None else None)
    at = at or place  # what the archive is searched for, and the answers may name instead of the event
    if event and event.split()[1] in _FINDING_NOUNS:
        # A study, a report, an audit: the reader asks what it found, not what led to it
        # ("What led to the study in Brno?" was asked of the demo's tree study).
        asked.append((f"What did the {event.split()[1]} find?", event.replace("the ", "", 1), None, "finding",
                       _FINDS))
    elif event:
        asked.append((f"What led to {event}?", event.replace("the ", "", 1), None, "event", _CAUSE))
        does = "do" if event.split()[1] in _PLURAL_EVENTS else "does"  # "Why do the talks in Geneva matter?"
        asked.append((f"Why {does} {event} matter?", event.replace("the ", "", 1), None, "significance", _MATTERS))
    for s in known:
        about = f" about {event.split(' in ')[0]}" if event else ""
        asked.append((f"What has {s.name} said{about}?", s.name, s.aliases, "stance", _SAYS))
    concepts = _concepts(keywords or (), {a.lower() for s in subjects for a in s.aliases})
    for phrase in concepts:
        asked.append((_concept_question(phrase, index), phrase, {phrase, phrase[0].upper() + phrase[1:]}, "concept",
                      None))
    other = places[1] if len(places) > 1 else None
    if place is not None and other is not None and _related_places(place, other, all_sents):
        there = _usual_article(other.name, index, PLACE_ARTICLE_SHARE, us_prefix=True) + other.name
        asked.append((f"How have relations between {where} and {there} evolved?", f"{place.name} {other.name}",
                      place.aliases, "relations", _RELATION))
    # The economic angle: the first money/trade topic not already asked about under its
    # name ("airline" is LesAvia here, asked above; then "potash").
    for topic in _economic_topics(story_sents, {w.lower() for s in subjects for a in s.aliases for w in a.split()})[:3]:
        named = _named_topic(topic, all_sents)
        # "charge" is the congestion charge here: a key phrase ending in the word names it.
        compound = next((str(k.name) for k in keywords or () if getattr(k, "type", None) == "phrase"
                         and str(k.name).lower().endswith(" " + topic) and str(k.name)[:1].islower()), None)
        if compound is not None and named is None:
            # asked here instead of as a key phrase: the economic angle does not need a
            # definition to answer ("The charge ... will cost a full-time commuter more than
            # $2,000 a year.")
            asked[:] = [q for q in asked if not (q[3] == "concept" and q[1] == compound)]
            what = _concept_question(compound, index)[: -1]
            why = "why do they matter?" if what.startswith("What are") else "why does it matter?"
            # (its head noun names it too: "The charge, which starts in January 2027, ...")
            asked.append((f"{what} and {why}", compound,
                          {compound, compound[0].upper() + compound[1:], topic, topic.capitalize()}, "topic", None))
            break
        if named is None:
            asked.append((f"What is {topic} and why does it matter?", topic, {topic, topic.capitalize()}, "topic", None))
            break
        if not any(named in s.aliases for s in orgs + people + places):
            asked.append((f"What is {named} and why does it matter?", named, {named}, "organization", None))
            break
    if any(_REACTION.search(s) for sents in story_sents.values() for s in sents) and (event or place):
        # Not "the news from the United States" in an American archive (GM's plant closures,
        # a real month of news): the home country is where all its news is from. Nor from a
        # place that is only a passage's ("the news from East Coast" of Memorial Day gas
        # prices, "from N.Y." of a Supreme Court commission, stories-2021): the story's place.
        about = event or (f"the news from {where_of(situated)}" if situated is not None and not at_home(situated)
                          else "the news")
        asked.append((f"How have others responded to {about}?", f"{about} reaction", None, "reaction", _REACTION))
    if event or place is not None:
        # The archive is searched for the event and its place: "vote Georgia".
        about = " ".join(w for w in (event or "").replace(" in ", " ").split()[1:] + [at.name if at else ""] if w)
        asked.append(("What happens next?", about, None, "next", _NEXT))

    actors = {a for s in subjects[:15] for a in s.aliases}
    # The event's words: its headlines' words, less its place's ("united", "states").
    event_terms = set().union(*(_terms(str(a.get("title") or "")) for a in originals))
    event_terms -= {t for a in (place.aliases if place is not None else ()) for t in _terms(a)}
    # Archive passages must be about this story's world: name one of its main places or
    # actors (its top subjects), not merely share the question's words. Names every other
    # article of the archive holds are no anchor: the home country and the archive's
    # prominent names ("United States", "White House" and "Donald Trump" let another
    # lawsuit's "Common Cause Georgia filed the lawsuit" answer "Why does the lawsuit
    # matter?" on CNN's suit over Jim Acosta's pass, in a real month of news). A place the
    # archive names often is still this story's world (Afghanistan in 2021's withdrawal).
    distinctive = [s for s in subjects[:15] if s.aliases and s.name not in _COMMON_KNOWLEDGE and not at_home(s)
                   and not (s.type in ("person", "organization") and prominent(s))]
    top = [set(s.aliases) for s in (distinctive or subjects)[:ANCHOR_SUBJECTS] if s.aliases]
    # (the place the story is, where its main place gave way to it: see ``situated``)
    anchor_place = situated or place
    if anchor_place is not None and (anchor_place.name in _COMMON_KNOWLEDGE or at_home(anchor_place)):
        anchor_place = None
    anchors = (set(anchor_place.aliases) if anchor_place is not None else set(), top) \
        if top or anchor_place is not None else None
    out: list[dict[str, Any]] = []
    used_answers: set[str] = set()
    leads: set[str] = set()  # the first sentence of each answer given
    # each further sentence of an answer given -> that answer and its passages, so that a later
    # question it answers best takes it as its lead (the earlier answer then goes without it:
    # "Who is Daniel Hartsock?", a spare asked last, lost its only sentence to the second
    # place of "What led to the release?" on the demo)
    follows: dict[str, tuple[dict[str, Any], list[_Passage]]] = {}
    answered: Counter = Counter()
    kinds: list[str] = []  # the kind of each question of ``out``
    first_spare = len(asked)
    asked += spares
    for n_asked, (question, query, aliases, kind, pattern) in enumerate(asked):
        if len(out) >= max_questions:
            break
        if n_asked >= first_spare and answered[kind] >= first[kind]:
            continue  # a spare, and enough of its kind were answered
        # Older coverage of a person or organisation is about them wherever it names them;
        # a topic, a place or an event needs the story's world around it.
        named = kind in ("person", "organization") and aliases
        # A name's archive search is asked first with the story's main place or top subject
        # beside it (the search wants every word), then alone: on stories-2021 the name alone
        # found the same eight articles for "Joe Biden" on every story.
        context = next((s.name for s in [place, *subjects[:3]] if s is not None and s.name != query), None)
        queries = [f"{query} {context}", query] if named and context else [query]
        if kind == "organization" and aliases:
            # and by its acronym, which most articles write instead: "the NCAA, the umbrella
            # group that regulates college sports" answered "What is the NCAA?" on stories-2021,
            # and was not found for "the National Collegiate Athletic Association".
            for short in sorted(a for a in aliases if ACRONYM.fullmatch(a) and a != query)[:1]:
                queries += [f"{short} {context}", short] if context else [short]
        accept, world, need = ((set(aliases), []) if named else anchors), anchors, 2
        if kind == "place" and anchors is not None:
            # A place's situation, from the archive, as this story's world has it: naming the
            # place is no test of that ("What is the situation in Florida?" of the Surfside
            # collapse was answered by the governor signing a voting bill, stories-2021), so an
            # archive article naming none of the story's other top subjects counts as
            # unrelated (UNRELATED_PENALTY).
            others = [t for t in anchors[1] if not t & set(aliases or ())]
            if others:
                world, need = (set(), others), 1
        passages = _passages(queries, story, story_passages, retrieve, first_time, cache, accept, world, last_time,
                             need=need)
        rivals = ({a for s in people for a in s.aliases} - (aliases or set())) if kind == "person" else set()
        require = None
        if kind == "finding":
            # What this study found, from the story's own articles: the archive's are other
            # studies' and reports' findings (later coverage's "Uniform Crime Report ...
            # estimated" answered "What did the report find?" for four stories-2021 stories).
            noun = event.split()[1]
            passages = [p for p in passages if p.in_story and _FINDS.search(p.sentence)]
            require = {w for w, n in _EVENT_NOUNS.items() if n == noun} | {noun, "researchers", "authors", "auditors"}
        elif kind in {"event", "reaction", "next", "significance"} and event:
            # The answer must be about this event: name it or its place.
            noun = event.split()[1]
            require = {w for w, n in _EVENT_NOUNS.items() if n == noun} | {noun}
            require |= {t for a in (at.aliases if at else ()) for t in _terms(a)}
        elif kind == "next":
            require = {t for s in [place, *subjects[:3]] if s is not None for a in s.aliases for t in _terms(a)}
        elif kind == "relations":
            both = _Ordered(other.aliases)  # names the other country too
            passages = [p for p in passages if _all_mentions(p.sentence, both)]
        if kind == "next":
            # What is to come for this event, not for its country: two words of the story's
            # headlines at least, its place's not counted ("voting law"); without this, "the
            # new travel policy ... will begin on Nov 8" answered it for every story set in
            # the United States (stories-2021). Older coverage's plans are what led here, so
            # the story's own articles and later coverage answer. (Its sentences holding a
            # marker word are found by the index first, then matched.)
            candidates = index.holding(_NEXT_WORDS)
            passages = [p for p in passages
                        if (p.sentence in candidates if p.in_story else p.later) and _NEXT.search(p.sentence)
                        and len(_terms(p.sentence) & event_terms) >= 2]
        elif kind == "reaction":
            # Others' responses in the archive must be to this news: two of its headline
            # words, as for what happens next (on the full-text AllSides part, the backlash to
            # the Charlie Hebdo shootings answered "How have others responded to the ban in
            # the United States?" of a travel-ban story: it named the country and "reacted").
            passages = [p for p in passages if p.in_story or len(_terms(p.sentence) & event_terms) >= 2]
        elif kind == "stance":
            # What they said of this story, in its own articles (the archive quotes them on
            # everything), with the saying theirs: "Biden warned", "said Biden", not "Psaki
            # said Biden examined ..." nor "the official said" in a sentence naming Biden.
            passages = [p for p in passages if p.in_story and _says_it(p.sentence, aliases)]
        elif kind in ("event", "significance"):
            # What led here, and why it matters, was reported here or before: coverage dated
            # after the story tells what followed ("returned to the bargaining table ... for
            # the first time since the strike began" answered "What led to the strike?" on the
            # demo, and then "Why does the strike matter?"). From the archive, of this event:
            # a headline word or the event's place besides the event noun ("What led to the
            # deal?" of a US-China trade deal was answered from the Iran nuclear deal on the
            # full-length part).
            about_event = event_terms | (require or set())
            passages = [p for p in passages
                        if not p.later and (p.in_story or len(_terms(p.sentence) & about_event) >= 2)]
        asked_as = question if kind in {"event", "reaction", "next", "relations", "finding", "significance"} else query
        # "What led to the talks?": "The talks in Port Calder are a turning point" names them
        # and explains nothing (a test's page answered it so, and then had no sentence left
        # for "Why do the talks matter?")
        own = frozenset({event.split()[1]}) if kind == "event" else frozenset()
        found = _answer(passages, asked_as, aliases, kind, pattern, actors, rivals, leads, require, follows, own)
        if found is not None and _answer_text(found[0]) in used_answers:
            # The very answer of an earlier question ("Belarus is a state ... under the control
            # of Alexander Lukashenko ..." answers who he is): answer from the other sentences.
            taken = {p.sentence for p in found[0]}
            found = _answer([p for p in passages if p.sentence not in taken], asked_as, aliases, kind, pattern, actors,
                            rivals, leads, require, follows, own)
        if found is None:
            continue
        chosen, _ = found
        subject = n_asked < subject_questions or n_asked >= first_spare
        if subject and (kind == "organization" or n_asked >= first_spare) and max(
                (_definition_score(chosen[0].sentence, a, kind) for a in _all_mentions(chosen[0].sentence, aliases or ())),
                default=0.0) < MIN_DEFINITION:
            continue  # an organisation, or a spare, is asked only where a sentence says what it is
        fields = _answer_fields(chosen)
        if fields["answer"] in used_answers:
            continue
        used_answers.add(fields["answer"])
        if chosen[0].key in follows:
            _drop_passage(*follows.pop(chosen[0].key), chosen[0].key)
        leads.add(chosen[0].key)
        if subject:
            answered[kind] += 1  # (not an organisation asked as the economic angle)
        pos = len(out)
        if n_asked >= first_spare:  # after the people (and organisations) asked before it
            ahead = ("person",) if kind == "person" else ("person", "organization")
            pos = max((i + 1 for i, k in enumerate(kinds) if k in ahead), default=0)
        kinds.insert(pos, kind)
        item = {"question": question, **fields}
        out.insert(pos, item)
        follows.update((p.key, (item, chosen)) for p in chosen[1:])
    return out


def _answer_text(chosen: Sequence[_Passage]) -> str:
    return " ".join(strip_dateline(p.sentence) for p in chosen)


def _answer_fields(chosen: Sequence[_Passage]) -> dict[str, Any]:
    return {
        "answer": _answer_text(chosen),
        "sources": sorted({p.article for p in chosen}),
        "from_older_coverage": any(p.older for p in chosen),
        "from_later_coverage": any(p.later for p in chosen),
    }


def _drop_passage(item: dict[str, Any], chosen: list[_Passage], key: str) -> None:
    """Take a further sentence out of an answer given (a later question leads with it)."""
    chosen[:] = [p for p in chosen if p.key != key]
    item.update(_answer_fields(chosen))


# --- what happened earlier -------------------------------------------------------------------------
EARLIER_QUESTION = "What happened earlier?"
#: A lead that says what happened names its day; an opinion column's first sentence rarely
#: does ("Joe Biden has been wrong about most major foreign-policy questions ...", the first
#: article of an older related story on stories-2021).
_NAMES_A_DAY = re.compile(r"\b(?:" + "|".join(WEEKDAYS) + r"|today|yesterday|tonight)\b", re.IGNORECASE)
#: The first this-many original articles of the older story are read for a lead.
EARLIER_LEADS = 3
#: ... whose lead and title share this many words (stems) with this story's headlines: the
#: links of a dense stream join stories of one broad subject (stories-2021: a Big Tech
#: executive order linked to a gun-violence plan, both Biden's).
EARLIER_SHARED_WORDS = 2
MIN_LEAD_WORDS = 10


def _news_lead(text: str) -> str | None:
    """An article's first sentence, dateline stripped, when it reads on its own as news."""
    sentences = join_quotes(prose_sentences(text))
    if not sentences:
        return None
    lead = strip_dateline(sentences[0])
    words = lead.split()
    if not MIN_LEAD_WORDS <= len(words) <= MAX_SENTENCE_WORDS or lead.endswith("?") or _QUOTE.match(lead):
        return None
    if not _ENDS_A_SENTENCE.search(lead) or _NOT_PROSE.search(lead) or _PRONOUN_START.match(lead):
        return None
    return lead if stands_alone(lead) else None


def earlier_question(earlier: Sequence[Mapping[str, Any]], headlines: Sequence[str] = ()) -> dict[str, Any] | None:
    """"What happened earlier?", answered by the news of an older story on the same subject.

    ``earlier``: that story's first original articles (``id``, ``text``), earliest first, as
    :func:`newsprism.stories.story_page` reads them for the older related story it links
    best (:mod:`newsprism.related`, whose links were read right 53 times in 60). The answer is
    one article's first sentence: a lead that names its day first, then the earliest lead
    that reads on its own. With ``headlines`` (this story's), the lead and its article's title
    must share :data:`EARLIER_SHARED_WORDS` of their words. ``None`` when no lead does."""
    # "U.S." is no two words in common ("Stranded in Kabul: A U.S. Resident ..." took a lead
    # about Afghanistan for sharing "u" and "s"); "Jan. 6" is.
    wanted = {w for w in content_tokens(" ".join(headlines)) if len(w) > 1 or w.isdigit()}
    leads = [(a, lead) for a in list(earlier)[:EARLIER_LEADS]
             if isinstance(a, Mapping) and a.get("id") and (lead := _news_lead(str(a.get("text") or "")))
             and (not headlines or len(wanted & set(content_tokens(f"{a.get('title') or ''} {lead}")))
                  >= EARLIER_SHARED_WORDS)]
    if not leads:
        return None
    art, lead = next(((a, t) for a, t in leads if _NAMES_A_DAY.search(t)), leads[0])
    return {"question": EARLIER_QUESTION, "answer": lead, "sources": [str(art["id"])],
            "from_older_coverage": True, "from_later_coverage": False}
