"""Sentence compression for bullets: drop the words an editor's summary would not keep.

Every rule *deletes* a span of the sentence (and at most re-capitalises the new first
letter or drops a comma left dangling), so a compressed sentence is always a subsequence
of the source sentence's words: whatever it claims, the source sentence claims, and the
faithfulness measure (share of bullet tokens found in the cited sentence) holds by
construction. Nothing inside a quotation is ever touched.

Regular expressions, not a dependency parse, on purpose: the breakdown compresses every
sentence of a story before it selects (a shorter sentence is a different candidate), and a
40-article page has ~1,300 sentences; spaCy's parser over 27k words costs seconds on these
cores against the page's 1 s budget, and the pipeline we ship loads only its NER.

The rules (names used by :data:`RULES` and ``benchmarks/summaries.py --compress``):

* ``lead`` -- leading time/setting adverbials and framing phrases: "On Thursday, ",
  "Late Monday night, ", "Earlier this week, ", "In a statement, ", "Speaking to reporters
  at the White House, ", "Now, ";
* ``according`` -- a leading "According to X, " when X is a document, report, data or an
  institution (see the attribution rule below);
* ``tail`` -- a closing attribution ", officials said." / ", the ministry announced on
  Friday." / ", according to the Pentagon." under the same rule;
* ``paren`` -- parentheticals and party tags outside quotations: "(R-Texas)", ", D-Calif.,";
* ``appositive`` -- a comma-bounded description right after a name, before its verb:
  "Jane Doe, a former Senate aide who ..., said" -> "Jane Doe said";
* ``relative`` -- non-restrictive relative clauses: ", which ...," / ", who ...," in the
  middle and ", which ..." / ", who ..." closing the sentence;
* ``also`` -- the word "also" (it points back at something the bullet does not show).

**Attribution rule.** An attribution goes only when its speaker is an institution or an
impersonal source -- officials, police, authorities, a department, ministry, agency,
company, court, outlet, a report, data, documents, a statement -- or the verb only reports
an event (announced, confirmed, reported): then the sentence states a checkable fact and
the source adds nothing a reader needs (the bullet cites its article anyway). It stays when
the speaker is a named person or a person described by role with an opinion verb ("...,
Trump said.", "..., critics argued."): dropping it would turn one person's view into the
page's own claim. A sentence holding a quotation always keeps its speaker.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from .clean import MONTH_PATTERN, WEEKDAY_PATTERN

__all__ = ["OPTIONAL", "RULES", "compress", "drop_known_appositives", "is_subsequence"]

_Q = "\"\u201c\u201d"
_DAY = WEEKDAY_PATTERN
_MONTH = rf"(?:{MONTH_PATTERN}\.?)"
_PART = r"(?:morning|afternoon|evening|night)"
_WHEN = (rf"(?:(?:(?:late|early|earlier|later)\s+)?(?:on\s+)?(?:{_DAY}(?:\s+{_PART})?|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,\s+\d{{4}})?)"
         rf"|(?:earlier|later|last|this|late|early)\s+(?:this\s+|last\s+)?(?:week|month|year|weekend|{_PART}|{_DAY})"
         rf"|in\s+{_MONTH}(?:\s+\d{{4}})?|in\s+\d{{4}}|yesterday|today|tonight"
         rf"|(?:earlier|now|meanwhile|previously|recently|on\s+the\s+same\s+day))")
#: "On Thursday, " / "Late Monday night, " / "In a statement Tuesday, " / "Speaking to reporters ..., "
_LEAD = re.compile(
    rf"^(?:{_WHEN}"
    r"|in\s+an?\s+(?:statement|interview|tweet|post|letter|op-ed|memo|email|video|speech|press\s+release|news\s+conference|press\s+conference)"
    r"(?:\s+(?:on|to|with|posted|released|published|issued|from)\s+[^,\"\u201c\u201d]{1,50}?)?(?:\s+(?:on\s+)?" + _DAY + r")?"
    r"|speaking\s+(?:to|at|on|with|from|in|during|before|after)\s+[^,\"\u201c\u201d]{1,60}?"
    r"|in\s+(?:a|an|the)\s+(?:surprise|rare|major|brief|dramatic|late-night)\s+(?:move|announcement|reversal|decision))"
    r"\s*,\s+",
    re.IGNORECASE,
)
#: Speakers whose attribution can go: impersonal or institutional sources.
_INSTITUTION = (
    r"(?:(?:(?!(?:and|but|or|nor|who|which|that|as|while|when|if|because|he|she|they|it|we|I)\b)[\w.&'\u2019-]+\s+){0,4}?"
    r"(?:officials?|police|authorities|department|ministry|agency|administration|office|company|firm|"
    r"court|government|spokesperson|spokesman|spokeswoman|statement|report|reports|data|documents|records|"
    r"filings?|surveys?|polls?|study|analysis|estimates?|figures|tally|count|audit|review|release|records|"
    r"committee|commission|council|service|bureau|"
    r"campaign|network|newspaper|outlet|sources?|people\s+familiar\s+with\s+[^,.;\"\u201c\u201d]{2,40}|"
    r"Reuters|AP|AFP|Bloomberg|CNN|NBC(?:\s+News)?|ABC(?:\s+News)?|CBS(?:\s+News)?|Fox\s+News|Politico|Axios|"
    r"(?:The\s+)?(?:New\s+York\s+|Washington\s+|Wall\s+Street\s+|Los\s+Angeles\s+)?(?:Times|Post|Journal)|"
    r"Associated\s+Press|Pentagon|White\s+House|Kremlin|Congress|Senate|House)"
    r"(?:\s+(?:of|for|at|in|on)\s+[A-Za-z][^,;\"\u201c\u201d]{1,40}?)?)"
)
_ANNOUNCE = r"(?:announced|confirmed|reported|disclosed|revealed)"
_SAY = r"(?:said|says|told\s+[^,;\"\u201c\u201d]{1,50}?|added|noted|stated|wrote|reports|reported|announced|confirmed)"
_WHEN_TAIL = rf"(?:\s+(?:on\s+|late\s+|early\s+|last\s+|this\s+)?(?:{_DAY}|{_PART}|week|month|today|yesterday)(?:\s+{_PART})?)?(?:\s+in\s+a\s+(?:statement|report|filing|news\s+release|press\s+release))?"
_TAIL = re.compile(
    rf",\s+(?:according\s+to\s+{_INSTITUTION}|{_INSTITUTION}\s+{_SAY}|[^,;\"\u201c\u201d]{{2,60}}?\s+{_ANNOUNCE}|"
    rf"(?:{_SAY})\s+{_INSTITUTION}){_WHEN_TAIL}\s*(?=[.!]$)"
)
_ACCORDING = re.compile(rf"^according\s+to\s+{_INSTITUTION}(?:\s+(?:released|published|obtained)\s+[^,\"\u201c\u201d]{{1,40}})?\s*,\s+", re.IGNORECASE)
_PAREN = re.compile(r"\s*\([^()\"\u201c\u201d]{1,120}\)")
#: After a dropped mid-sentence description the main clause must go on with its verb (a
#: lower-case word that is not a conjunction, a relative word or an "-ing" form: ", who
#: ..., blaming him ..., said" is a list of clauses, not one description).
_RESUME = (r"(?=(?!(?:and|or|but|nor|as|then|which|who|whom|whose|where|when|including|while|although|though|if|"
           r"because|so|to|a|an|the|of|for|with|from|by)\b)[a-z]+(?<!ing)\b(?![,;]))")
#: Party tags written with commas: "Sen. Bernie Sanders, I-Vt., said" (the parenthesised
#: form is a parenthetical), when the main clause goes on after it: in "After ... and Sen.
#: Amy Klobuchar, D-Minn., the decisive day ... is at hand" the second comma closes the
#: opening clause, and a real page's bullet lost it with the tag.
_PARTY = re.compile(r",\s+[RDI]-[A-Z][A-Za-z.]{1,12},\s+" + _RESUME)
#: A name (1-4 capitalised words, the last not a sentence opener) and a comma-bounded
#: description that starts like one ("a ...", "the ...", "who ...", "whose ...", "the
#: state's ..."), then a lower-case word that continues the main clause.
_APPOSITIVE = re.compile(
    r"(?P<name>\b[A-Z][\w.'\u2019-]+(?:\s+[A-Z][\w.'\u2019-]+){0,3}),\s+"
    r"(?:a|an|the|who|whose|his|her|their|its|one\s+of|chief|head|former|then|now|currently|[A-Z][\w.-]*['\u2019]s)\s+"
    r"[^,;:\"\u201c\u201d()]{2,90}?,\s+" + _RESUME
)
_RELATIVE_MID = re.compile(
    r",\s+(?:which|who|whose)\s+[^,;:\"\u201c\u201d()]{2,90}?,\s+" + _RESUME
)
#: A closing relative clause without a further comma (", who ..., blaming ..., said" is not one).
_RELATIVE_END = re.compile(r",\s+(?:which|who|whose)\s+[^,;\"\u201c\u201d]{2,200}?(?=[.!]$)")
_ALSO = re.compile(r"(?<!\bbut)(?<!\bnot)\s+also\b(?!\s+known\b)(?=\s)", re.IGNORECASE)


def _quoted(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"\u201c[^\u201c\u201d]*\u201d|\"[^\"]*\"", text)]


def _delete(rx: re.Pattern[str], text: str, repl: str | Callable[[re.Match[str]], str] = "",
            count: int = 0) -> str:
    """``rx.sub`` that leaves every match overlapping a quotation alone."""
    spans: list[tuple[int, int]] | None = None if any(q in text for q in _Q) else []

    def sub(m: re.Match[str]) -> str:
        nonlocal spans
        if spans is None:  # found only when a rule matches: most sentences never need it
            spans = _quoted(text)
        if any(a < m.end() and m.start() < b for a, b in spans):
            return m.group(0)
        return repl(m) if callable(repl) else repl

    return rx.sub(sub, text, count=count)


def _lead(text: str) -> str:
    for _ in range(2):  # "On Thursday, in a statement, ..." loses both
        out = _delete(_LEAD, text, count=1)
        if out == text:
            break
        text = out
    return text


def _tail(text: str) -> str:
    return _delete(_TAIL, text, count=1) if "," in text else text


def _according(text: str) -> str:
    return _delete(_ACCORDING, text, count=1)


def _paren(text: str) -> str:
    if "-" in text:
        text = _delete(_PARTY, text, " ")
    return _delete(_PAREN, text) if "(" in text else text


def _appositive(text: str) -> str:
    return _delete(_APPOSITIVE, text, lambda m: m.group("name") + " ") if ", " in text else text


def _relative(text: str) -> str:
    if ", wh" not in text:
        return text
    text = _delete(_RELATIVE_MID, text, " ")
    return _delete(_RELATIVE_END, text, count=1)


def _also(text: str) -> str:
    return _delete(_ALSO, text) if "lso " in text else text


#: A closing participial or framing clause: ", marking the first time ...", ", citing ...".
_CLAUSE = re.compile(
    r",\s+(?:marking|making|prompting|leaving|bringing|sparking|raising|citing|adding|saying|amid|despite|"
    r"in\s+a\s+move|in\s+what|as\s+part\s+of)\b[^;\"\u201c\u201d]{2,200}?(?=[.!]$)"
)
#: A day named inside the clause: "resigned Tuesday", "on Wednesday laid down".
_WHEN_INLINE = re.compile(rf"\s+(?:(?:on|late|early|last|this)\s+)?{_DAY}(?:\s+{_PART})?\b(?!\s*,)(?!['\u2019])")


def _clause(text: str) -> str:
    return _delete(_CLAUSE, text, count=1)


def _when(text: str) -> str:
    return _delete(_WHEN_INLINE, text)


def drop_known_appositives(sentence: str, known: Iterable[str]) -> str:
    """``sentence`` without the descriptions of people an earlier bullet already introduced.

    "Jane Doe, a former Senate aide, said ..." loses ", a former Senate aide," when a bullet
    before it names Jane Doe (its last name is enough: "Doe"). The first mention keeps its
    description: that is who the person is to a reader (AllSides train: dropping every
    appositive cost 0.0004 ROUGE-1, editors keep them).
    """
    surnames = {n.split()[-1] for n in known if n.split()}

    def sub(m: re.Match[str]) -> str:
        name = m.group("name")
        return name + " " if name.split()[-1] in surnames else m.group(0)

    out = " ".join(_delete(_APPOSITIVE, " ".join(sentence.split()), sub).split())
    return re.sub(r"\s+([,.;:!?])", r"\1", out)


_RULES: dict[str, Callable[[str], str]] = {
    "clause": _clause, "when": _when,
    "lead": _lead, "according": _according, "tail": _tail, "paren": _paren,
    "appositive": _appositive, "relative": _relative, "also": _also,
}
#: The rules the breakdown applies, in this order (see ``benchmarks/summaries.py
#: --compress`` for each rule's measured effect on AllSides train).
RULES: tuple[str, ...] = ("lead", "according", "tail", "paren", "relative", "also")
#: Rules measured and left out of :data:`RULES` (AllSides train, ``--ablate``): editors keep
#: a person's description (``appositive``), trailing context (``clause``) and the day
#: (``when``), so dropping them costs ROUGE.
OPTIONAL: tuple[str, ...] = ("appositive", "clause", "when")


def compress(sentence: str, rules: Iterable[str] | None = None) -> str:
    """``sentence`` with the spans the named rules drop removed (default :data:`RULES`).

    The result is a subsequence of the sentence's words (see :func:`is_subsequence`);
    when a rule would leave fewer than five words, the sentence before it is kept.
    """
    text = " ".join(sentence.split())
    for name in RULES if rules is None else rules:
        try:
            rule = _RULES[name]
        except KeyError:
            raise ValueError(f"unknown compression rule {name!r} (known: {', '.join(_RULES)})") from None
        out = rule(text)
        if out == text:
            continue
        out = " ".join(out.split())
        out = re.sub(r"\s+([,.;:!?])", r"\1", out)
        out = re.sub(r"(?<=[A-Za-z])\.\.$", ".", out)  # "Kenosha, Wis., which ..." -> "Wis."
        if out and out[0].islower():
            out = out[0].upper() + out[1:]
        if len(out.split()) >= 5:
            text = out
    return text


_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")


def is_subsequence(short: str, long: str) -> bool:
    """Whether the words of ``short`` (case-folded, punctuation ignored) appear in ``long``
    in the same order: what every compression rule guarantees."""
    it = iter(w.lower() for w in _WORD.findall(long))
    return all(any(w == v for v in it) for w in (w.lower() for w in _WORD.findall(short)))
