"""Optional LLM backend: abstractive rewrites of a story page, each sentence checked against its sources.

The story page is extractive by default (:mod:`summarize`, :mod:`questions`): every bullet is
a sentence an article wrote, so a reader can find it. With ``llm_url`` set, an
OpenAI-compatible chat endpoint (Ollama, llama.cpp ``llama-server``, vLLM, OpenAI, ...) may
rewrite the title, the breakdown bullets, the perspective summaries and the Q&A answers into
smoother prose. A model can invent, so nothing it writes is trusted:

1. it sees **only** the cited source sentences of the item it rewrites (the extractive text
   first, then the best-matching sentences of each cited article), never the whole story;
2. every sentence it returns is checked against exactly those sentences by
   :func:`check_sentence` (numbers, names, negation, content-word share; see there);
3. an item with any unsupported sentence keeps its extractive text, and the page counts what
   happened in ``page["generation"]``: sentences generated, kept and dropped, and each
   fallback with its reason.

A failing endpoint (refused connection, HTTP error, timeout, a body that is not a chat
completion) never fails the page: the rest of the page stays extractive and the error is
recorded in ``page["generation"]["error"]``; after the first such error no further requests
are made for that page, so a dead server costs one timeout, not one per item.

The check is a lexical one, measured in ``benchmarks/llm.py`` (BENCHMARKS.md, "LLM rewrites:
the grounding check"): it catches invented numbers, names, dates and negations reliably and
topic drift mostly; it cannot catch a wrong relation between words that are all in the sources
("A freed B" from "B freed A"). That is the price of a check with no model of its own.
"""

from __future__ import annotations

import copy
import ipaddress
import json
import logging
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from .clean import split_sentences
from .names import ascii_tokens, phonetic_fold
from .records import NewsprismError
from .summarize import _STOPWORDS, content_tokens  # one stopword list for summaries and the check

__all__ = [
    "ChatClient",
    "Check",
    "LLMError",
    "MIN_SHARE",
    "check_sentence",
    "chat_url",
    "rewrite_story",
]

log = logging.getLogger(__name__)


class LLMError(NewsprismError):
    """The chat endpoint failed: names the endpoint and what went wrong."""

    stage = "llm"


# --------------------------------------------------------------------------- client
#: A chat completion for one page item is a few hundred bytes; a body past this is not one.
MAX_RESPONSE_BYTES = 1024 * 1024
#: Retry once after this pause on a refused connection, 429 or 5xx (Ollama answers 503 while
#: it loads a model); timeouts are not retried: a model that was too slow will be again.
RETRY_PAUSE = 0.5


def chat_url(url: str) -> str:
    """The chat-completions address of an endpoint given by its base URL.

    ``http://127.0.0.1:11434`` (Ollama) and ``http://127.0.0.1:8080`` (llama.cpp) get
    ``/v1/chat/completions``; a base ending in a version (``https://api.openai.com/v1``,
    ``.../openai/v1``) gets ``/chat/completions``; a full ``.../chat/completions`` is kept.
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise LLMError(url, "the LLM URL must be an http:// or https:// address")
    path = parts.path.rstrip("/")
    if not path.endswith("/chat/completions"):
        if not re.search(r"/v\d+[a-z]*$", path):
            path += "/v1"
        path += "/chat/completions"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def _is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class ChatClient:
    """A minimal OpenAI chat-completions client (``POST {url}/chat/completions``).

    The URL is the user's own configuration, so unlike the article fetcher there is no
    SSRF guard: a local Ollama on 127.0.0.1 is the common case. Proxies from the environment
    are honoured except for loopback endpoints. Requests ask for ``temperature`` 0: the
    rewrite should be the model's most likely wording, and reruns should agree.
    """

    url: str
    model: str
    api_key: str | None = None
    timeout: float = 60.0
    max_tokens: int = 400
    retries: int = 1
    max_response_bytes: int = MAX_RESPONSE_BYTES
    _http: httpx.Client | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        if not self.model:
            raise LLMError(self.url, "no model named (setting llm_model)")
        self.endpoint = chat_url(self.url)

    @classmethod
    def from_settings(cls, settings: Any) -> ChatClient | None:
        """The client the settings describe, or None when ``llm_url`` is not set."""
        url = getattr(settings, "llm_url", None)
        if not url:
            return None
        return cls(url=url, model=settings.llm_model or "", api_key=settings.llm_api_key,
                   timeout=settings.llm_timeout, max_tokens=settings.llm_max_tokens)

    @property
    def identity(self) -> str:
        """What produced a rewrite (endpoint and model, never the key): part of the page cache key."""
        return f"{self.model}@{self.endpoint}|{self.max_tokens}"

    def __enter__(self) -> ChatClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None

    def _client(self) -> httpx.Client:
        if self._http is None:
            headers = {"User-Agent": "newsprism", "Content-Type": "application/json"}
            if self.api_key:
                headers["Authorization"] = f"Bearer {self.api_key}"
            self._http = httpx.Client(
                headers=headers,
                timeout=httpx.Timeout(self.timeout, connect=min(self.timeout, 10.0)),
                follow_redirects=False,
                trust_env=not _is_loopback(self.endpoint),
            )
        return self._http

    def complete(self, messages: Sequence[Mapping[str, str]]) -> str:
        """The assistant's reply to ``messages``; :class:`LLMError` when there is none."""
        body = {
            "model": self.model,
            "messages": [dict(m) for m in messages],
            "temperature": 0,
            "max_tokens": self.max_tokens,
            "stream": False,
        }
        attempt = 0
        while True:
            try:
                return self._once(body)
            except _Retryable as exc:
                if attempt >= self.retries:
                    raise LLMError(self.endpoint, str(exc)) from None
                attempt += 1
                time.sleep(RETRY_PAUSE)

    def _once(self, body: dict[str, Any]) -> str:
        try:
            with self._client().stream("POST", self.endpoint, json=body) as resp:
                data = bytearray()
                for chunk in resp.iter_bytes():
                    data += chunk
                    if len(data) > self.max_response_bytes:
                        raise LLMError(self.endpoint, f"response larger than {self.max_response_bytes} bytes")
        except httpx.TimeoutException:
            raise LLMError(self.endpoint, f"no answer within {self.timeout:g} s (setting llm_timeout)") from None
        except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError) as exc:
            raise _Retryable(f"cannot reach the endpoint: {exc}") from None
        except httpx.HTTPError as exc:
            raise LLMError(self.endpoint, f"request failed: {exc}") from None
        if resp.status_code != 200:
            detail = _error_detail(bytes(data))
            message = f"HTTP {resp.status_code}" + (f": {detail}" if detail else "")
            if resp.status_code == 429 or resp.status_code >= 500:
                raise _Retryable(message)
            raise LLMError(self.endpoint, message)
        try:
            payload = json.loads(bytes(data).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise LLMError(self.endpoint, "the response is not JSON (is this an OpenAI-compatible endpoint?)") from None
        try:
            content = payload["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError):
            raise LLMError(self.endpoint, "the response has no choices[0].message.content") from None
        if not isinstance(content, str):
            raise LLMError(self.endpoint, "choices[0].message.content is not text")
        return content


class _Retryable(Exception):
    pass


def _error_detail(body: bytes) -> str:
    """The server's own error message, short (OpenAI-style ``{"error": {"message": ...}}``)."""
    text = body[:2000].decode("utf-8", "replace")
    try:
        data = json.loads(text)
        err = data.get("error") if isinstance(data, dict) else None
        if isinstance(err, dict) and err.get("message"):
            text = str(err["message"])
        elif isinstance(err, str):
            text = err
    except json.JSONDecodeError:
        pass
    return " ".join(text.split())[:200]


# --------------------------------------------------------------------------- grounding check
#: A generated sentence is supported when at least this share of its content words (stemmed,
#: stopwords out) occurs in its source sentences, and every number, name and negation does.
#: Evidence (``python -m benchmarks.llm --split val``, BENCHMARKS.md): on 60 hand-labelled
#: editors' summary sentences of the AllSides val roundups, 0.8 passes 11 of the 22 supported
#: ones and none of the 38 unsupported (precision 1.0, recall 0.5); 0.75 passes 12 and 2
#: (0.86 / 0.55), 0.5 passes 19 and 3 (0.86 / 0.86). A dropped rewrite costs only wording (the
#: extractive sentence stays), a passed invention costs the page's promise: precision wins.
#: At 0.8, 0.4 % of same-topic sentences of other stories pass, 0.1 % of sentences with a
#: swapped name, none with a changed number, 2.5 % with an inserted "not".
MIN_SHARE = 0.8

_NUMBER_WORDS = {
    "zero": "0", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
    "thirteen": "13", "fourteen": "14", "fifteen": "15", "sixteen": "16", "seventeen": "17",
    "eighteen": "18", "nineteen": "19", "twenty": "20", "thirty": "30", "forty": "40",
    "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80", "ninety": "90",
    "third": "3", "fourth": "4", "fifth": "5", "dozen": "12", "dozens": "12", "hundred": "100", "hundreds": "100", "thousand": "1000",
    "thousands": "1000", "million": "million", "millions": "million", "billion": "billion",
    "billions": "billion", "trillion": "trillion",
}
_NEGATIONS = frozenset({"not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without",
                        "cannot", "denied", "denies", "deny", "refused", "refuses", "rejected", "rejects"})
_DOTTED_ACRONYM = re.compile(r"\b(?:[A-Za-z]\.){2,}")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*", re.UNICODE)
#: Capitalised words that open news sentences without naming anyone: function words and the
#: plural role nouns of reporting ("Critics said ..."). From the editors' sentences of the
#: AllSides val roundups whose only "missing name" was such a first word.
_OPENERS = frozenset(
    ["the", "a", "an", "in", "on", "at", "after", "before", "as", "while", "when", "by", "for", "from", "with",
     "his", "her", "their", "its", "this", "that", "these", "those", "according", "many", "several", "some",
     "others", "most", "meanwhile", "conversely", "instead", "however", "although", "though", "despite",
     "since", "until", "amid", "among", "last", "earlier", "later", "now", "today", "yesterday", "tomorrow",
     "critics", "supporters", "detractors", "opponents", "officials", "experts", "analysts", "lawmakers",
     "authorities", "police", "protesters", "residents", "workers", "voters", "investigators", "prosecutors",
     "researchers", "scientists", "leaders", "managers", "media", "reports", "coverage", "outlets", "sources"]
)


def _prepare(text: str) -> str:
    """Typography that would split one fact into different tokens: "U.S." -> "US",
    "1,200" -> "1200", "40%" -> "40 percent", typographic apostrophes -> "'"."""
    text = _DOTTED_ACRONYM.sub(lambda m: m.group(0).replace(".", ""), text)
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)
    text = text.replace("%", " percent").replace("\u2019", "'")
    return text


def _numbers(text: str) -> set[str]:
    out = set()
    for m in _NUMBER.finditer(text):
        value = m.group(0).replace(",", "")
        if "." in value:
            value = value.rstrip("0").rstrip(".") if re.fullmatch(r"\d+\.\d+", value) else value
        out.add(value)
    for w in _WORD.findall(text.lower()):
        if w in _NUMBER_WORDS:
            out.add(_NUMBER_WORDS[w])
    return out


def _fold(word: str) -> str:
    return "".join(ascii_tokens(word))


_SUFFIXES = ("ians", "ian", "ans", "ese", "ish", "an", "ns", "n", "s", "i")


def _name_keys(word: str) -> set[str]:
    """Spelling-tolerant keys of a name token: itself, its transliteration fold, and its stem
    without a demonym ending ("Belarusian" ~ "Belarus", "Chinese" ~ "China")."""
    w = _fold(word)
    if not w:
        return set()
    keys = {w, phonetic_fold(w)}
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            stem = w[: -len(suf)]
            keys.add(stem)
            if len(stem.rstrip("aeiy")) >= 4:
                keys.add(stem.rstrip("aeiy"))
            break
    if len(w.rstrip("aeiy")) >= 4:
        keys.add(w.rstrip("aeiy"))  # "China" ~ "Chinese" (whose key above is "chin")
    return keys


def _names(text: str) -> list[tuple[str, int]]:
    """Capitalised tokens that name something: (token, position), stopwords and common
    sentence openers ("The", "After") left out. The sentence's first word is kept too: it may
    be an ordinary word capitalised by position, but "Lukashenko freed ..." must not slip
    through, and an ordinary first word the sources do not have is rare in a faithful rewrite
    (it repeats the subject); the benchmark measures what this costs."""
    words = [m.group(0) for m in _WORD.finditer(text)]
    out = []
    for i, w in enumerate(words):
        for part in w.split("-"):
            if len(part) < 2 or not part[0].isupper():
                continue
            if not part.isupper() and (part.lower() in _OPENERS or part.lower().removesuffix("'s") in _STOPWORDS):
                continue
            if i == 0 and not part.isupper() and part.lower().endswith(("ly", "ing")):
                continue  # "Widely-cited ...", "Speaking on ...": an adverb or a verb, not a name
            out.append((part.removesuffix("'s"), i))
    return out


def _acronyms(text: str) -> dict[str, set[str]]:
    """Initials of every run of capitalised words, with the words ("United States" ->
    {"us": {"United", "States"}}), so an acronym in one text can match a spelled-out name
    in the other."""
    out: dict[str, set[str]] = {}
    run: list[str] = []
    for w in _WORD.findall(text) + [""]:
        if w[:1].isupper() and not w.isupper() and w.lower() not in _STOPWORDS:
            run.append(w)
            continue
        if w.lower() in {"of", "for", "and", "the"} and run:
            continue  # "Organization of the Petroleum ..." stays one run
        if len(run) >= 2:
            for i in range(len(run)):
                for j in range(i + 2, len(run) + 1):
                    out.setdefault("".join(x[0] for x in run[i:j]).lower(), set()).update(run[i:j])
        run = []
    return out


@dataclass(frozen=True)
class Check:
    """The verdict on one generated sentence."""

    supported: bool
    share: float  # content words found in the sources
    missing_numbers: tuple[str, ...] = ()
    missing_names: tuple[str, ...] = ()
    negation: bool = False  # a negation the sources do not have
    reason: str = ""


@dataclass
class _Evidence:
    tokens: set[str]
    numbers: set[str]
    name_keys: set[str]
    acronyms: dict[str, set[str]]
    negated: list[set[str]]  # content tokens of each evidence sentence that negates

    @classmethod
    def of(cls, sentences: Iterable[str]) -> _Evidence:
        sentences = list(sentences)
        text = _prepare(" ".join(sentences))
        words = _WORD.findall(text)
        keys = set()
        for w in words:
            for part in w.split("-"):
                keys |= _name_keys(part.removesuffix("'s"))
        return cls(
            tokens=set(_tokens(text)),
            numbers=_numbers(text),
            name_keys=keys,
            acronyms=_acronyms(text),
            negated=[set(_tokens(s)) for s in sentences if _negates(s)],
        )


def _negates(text: str) -> bool:
    return any(w in _NEGATIONS or w.endswith("n't") for w in (w.lower() for w in _WORD.findall(text)))


#: A negation is checked where it is: the content words of the next ``NEGATION_WINDOW``
#: words after it ("did *not* free the prisoners") must be, at least half of them, in one
#: evidence sentence that negates too. Any "not" anywhere in eight sentences would excuse every
#: inserted negation (benchmark: 16 % of sentences with an inserted "not" passed that way).
NEGATION_WINDOW = 6


def _negation_windows(text: str) -> list[set[str]]:
    words = [w.lower() for w in _WORD.findall(text)]
    out = []
    for i, w in enumerate(words):
        if w in _NEGATIONS or w.endswith("n't"):
            out.append(set(_tokens(" ".join(words[i + 1 : i + 1 + NEGATION_WINDOW]))))
    return out


def _tokens(text: str) -> list[str]:
    """Content tokens with number words as digits ("three" == "3")."""
    return [_NUMBER_WORDS.get(t, t) for t in content_tokens(text)]


def check_sentence(sentence: str, evidence: Sequence[str] | _Evidence, *, min_share: float = MIN_SHARE) -> Check:
    """Is ``sentence`` supported by the ``evidence`` sentences?

    After normalisation (lower case, light stemming, "U.S." = "US", "1,200" = "1200",
    "three" = "3"), all of these must hold:

    * **numbers**: every number in the sentence occurs in the evidence -- an invented count,
      date or amount is the costliest error a news summary can make;
    * **names**: every capitalised name (people, places, organisations, days, months) occurs
      in the evidence, up to transliteration ("Kalesnikava" = "Kolesnikova"), a demonym
      ending ("Belarusian" = "Belarus") or an acronym of a spelled-out name ("US" = "United
      States", both ways);
    * **negation**: a sentence that negates ("not", "never", "denied") needs evidence that
      negates too: dropping or adding a "not" flips a claim without changing its words;
    * **share**: at least ``min_share`` of its content words occur in the evidence
      (:data:`MIN_SHARE`; the paraphrase a rewrite needs lives in the rest).
    """
    ev = evidence if isinstance(evidence, _Evidence) else _Evidence.of(evidence)
    text = _prepare(sentence)
    missing_numbers = tuple(sorted(n for n in _numbers(text) if n not in ev.numbers))
    missing_names = []
    known = set(ev.tokens)  # plus the stems of names found under another spelling
    spelled = {w for a, words in _acronyms(text).items() if a in ev.name_keys for w in words}
    for name, _ in _names(text):
        stems = set(content_tokens(name))
        if _name_keys(name) & ev.name_keys or (name.isupper() and name.lower() in ev.acronyms) or name in spelled:
            # "Kalesnikava" for "Kolesnikova", "Belarusian" for "Belarus", "US" for "United States"
            known |= stems
            continue
        if stems and stems <= ev.tokens:
            continue  # a capitalised ordinary word ("Political" in a title-case headline)
        missing_names.append(name)
    toks = _tokens(text)
    share = sum(t in known for t in toks) / len(toks) if toks else 0.0
    negation = any(not any(len(window & neg) >= max(1, len(window) / 2) for neg in ev.negated)
                   for window in _negation_windows(text))
    reasons = []
    if not toks:
        reasons.append("no content words")
    if missing_numbers:
        reasons.append("numbers not in the sources: " + ", ".join(missing_numbers))
    if missing_names:
        reasons.append("names not in the sources: " + ", ".join(dict.fromkeys(missing_names)))
    if negation:
        reasons.append("a negation the sources do not make")
    if toks and share < min_share:
        reasons.append(f"only {share:.0%} of its words are in the sources (needs {min_share:.0%})")
    return Check(supported=not reasons, share=round(share, 3), missing_numbers=missing_numbers,
                 missing_names=tuple(dict.fromkeys(missing_names)), negation=negation, reason="; ".join(reasons))


# --------------------------------------------------------------------------- evidence
#: Source sentences given to the model (and to the check) per item: the extractive text plus
#: the best-matching sentences of the cited articles. Enough for a bullet's 2-4 paraphrases
#: across outlets; more would invite the model to merge in neighbouring facts.
MAX_EVIDENCE = 8
#: Per cited article, at most this many of its sentences, each sharing at least
#: ``MIN_OVERLAP`` of the extractive text's content words (below that a sentence is about
#: something else: a model given it would be invited to mix it in).
PER_ARTICLE = 2
MIN_OVERLAP = 0.3


def _matching(text: str, sentences: Sequence[str], limit: int) -> list[str]:
    want = set(content_tokens(text))
    if not want:
        return []
    scored = []
    for i, s in enumerate(sentences):
        have = set(content_tokens(s))
        share = len(want & have) / len(want)
        if share >= MIN_OVERLAP:
            scored.append((-share, i, s))
    return [s for _, _, s in sorted(scored)[:limit]]


def item_evidence(text: str, sources: Sequence[str], sentences_of: Mapping[str, Sequence[str]]) -> list[str]:
    """The source sentences of one cited item: its own extractive text first (a sentence, or
    sentences, an article wrote), then the sentences of each cited article that say the same."""
    out = [s for s in split_sentences(text)] or [text]
    seen = {" ".join(s.split()).lower() for s in out}
    for aid in sources:
        for s in _matching(text, sentences_of.get(aid, ()), PER_ARTICLE):
            key = " ".join(s.split()).lower()
            if key not in seen and len(out) < MAX_EVIDENCE:
                seen.add(key)
                out.append(s)
    return out


# --------------------------------------------------------------------------- rewriting
SYSTEM_PROMPT = (
    "You rewrite short passages of a neutral news summary. Use only the facts stated in the numbered "
    "source sentences. Do not add any name, number, date, place, cause, quote or opinion that is not in "
    "them, and do not guess. Write plain, neutral English. Reply with the rewritten text only: no "
    "preamble, no quotation marks around it, no list markers."
)

_TASKS = {
    "title": ("Write one neutral news headline of at most 14 words, in sentence case, for the story these "
              "sentences report."),
    "breakdown": ("Rewrite the fact that source sentence [1] states as one clear sentence of at most 40 "
                  "words. Keep who said or did what."),
    "perspective": ("These sentences come from {side}-leaning outlets. Rewrite the point that source "
                    "sentence [1] makes as one clear sentence of at most 40 words, keeping who said or claimed it."),
    "answer": "Question: {question}\nAnswer it in one to three sentences (at most 70 words).",
}
#: Longest acceptable reply per item kind, in words (the task's limit with some slack): a
#: longer one ignored the instructions and is not used.
MAX_WORDS = {"title": 20, "breakdown": 55, "perspective": 55, "answer": 100}


def _messages(kind: str, evidence: Sequence[str], **fmt: str) -> list[dict[str, str]]:
    numbered = "\n".join(f"[{i}] {s}" for i, s in enumerate(evidence, 1))
    task = _TASKS[kind].format(**fmt)
    return [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": f"Source sentences:\n{numbered}\n\n{task}"},
    ]


_THINK = re.compile(r"<think>.*?</think>", re.DOTALL | re.IGNORECASE)
_LEAD_LABEL = re.compile(r"^(?:headline|title|answer|rewritten(?: text| sentence)?|sentence|rewrite)\s*:\s*", re.IGNORECASE)
_LIST_MARK = re.compile(r"^(?:[-*\u2022]|\d+[.)])\s+")


def clean_reply(reply: str) -> str:
    """The text of a model's reply without reasoning blocks, preambles, list marks or
    wrapping quotes; "" when nothing is left (an unclosed ``<think>`` included)."""
    text = _THINK.sub("", reply)
    if "<think>" in text.lower():
        return ""
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    if len(lines) > 1 and lines[0].endswith(":"):
        lines = lines[1:]  # "Here is the rewritten sentence:"
    lines = [_LIST_MARK.sub("", ln) for ln in lines]
    text = " ".join(" ".join(lines).split()).replace("**", "")
    text = _LEAD_LABEL.sub("", text)
    if len(text) >= 2 and text[0] in "\"'\u201c" and text[-1] in "\"'\u201d" and text.count(text[0]) <= 2:
        text = text[1:-1].strip()
    return text


@dataclass
class _Report:
    model: str
    endpoint: str
    requested: int = 0
    generated: int = 0
    kept: int = 0
    dropped: int = 0
    rewritten: int = 0
    fallbacks: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "backend": "llm", "model": self.model, "endpoint": self.endpoint,
            "items": self.requested, "rewritten": self.rewritten,
            "generated": self.generated, "kept": self.kept, "dropped": self.dropped,
            "fallbacks": self.fallbacks, "error": self.error, "seconds": round(self.seconds, 2),
        }


def _rewrite_item(client: ChatClient, report: _Report, where: dict[str, Any], kind: str, text: str,
                  evidence: list[str], **fmt: str) -> str | None:
    """One item: the checked rewrite, or None (the caller keeps the extractive text)."""
    if report.error is not None or not text.strip():
        return None
    report.requested += 1
    try:
        reply = client.complete(_messages(kind, evidence, **fmt))
    except LLMError as exc:
        report.error = str(exc)
        log.warning("LLM rewrite stopped: %s", exc)
        return None
    out = clean_reply(reply)
    sentences = split_sentences(out) if out else []
    report.generated += len(sentences)
    if not sentences:
        report.fallbacks.append({**where, "reason": "empty reply", "text": reply[:300]})
        return None
    if len(out.split()) > MAX_WORDS[kind]:
        report.dropped += len(sentences)
        report.fallbacks.append({**where, "reason": f"too long ({len(out.split())} words)", "text": out[:600]})
        return None
    if kind == "title" and len(sentences) > 1:
        report.dropped += len(sentences)
        report.fallbacks.append({**where, "reason": "not a single headline", "text": out})
        return None
    ev = _Evidence.of(evidence)
    bad = [(s, c) for s in sentences if not (c := check_sentence(s, ev)).supported]
    report.dropped += len(bad)
    report.kept += len(sentences) - len(bad)
    if bad:
        # One invented sentence shows the model drifted on this item, and the sentences left
        # may no longer carry the cited claim: the whole item keeps its extractive text.
        for s, c in bad:
            report.fallbacks.append({**where, "reason": c.reason, "text": s})
        return None
    rewritten = " ".join(sentences)
    if rewritten == " ".join(text.split()):
        return None  # the model kept the extractive text: nothing to record as rewritten
    report.rewritten += 1
    return rewritten


def rewrite_story(page: Mapping[str, Any], articles: Sequence[Mapping[str, Any]], client: ChatClient) -> dict[str, Any]:
    """A copy of ``page`` with checked abstractive rewrites and ``page["generation"]``.

    ``articles`` are the story's article records (``id``, ``title``, ``text``): the cited
    source sentences come from them. An answer citing archive articles outside the story is
    checked against its own sentences, which those articles wrote. Each rewritten item keeps
    its extractive text under ``extractive`` (the title under ``generation.extractive_title``).
    """
    out = copy.deepcopy(dict(page))
    started = time.perf_counter()
    report = _Report(model=client.model, endpoint=client.endpoint)
    sentences_of = {str(a["id"]): split_sentences(a.get("text") or "") for a in articles}

    title = out.get("title") or ""
    heads = list(dict.fromkeys(" ".join((a.get("title") or "").split()) for a in articles if a.get("title")))
    leads = [s[0] for a in articles if (s := sentences_of.get(str(a["id"])))]
    title_ev = list(dict.fromkeys([title] + heads[:7] + leads[:4]))[: MAX_EVIDENCE + 3]
    new_title = _rewrite_item(client, report, {"field": "title"}, "title", title, title_ev)

    for i, bullet in enumerate(out.get("breakdown") or []):
        ev = item_evidence(bullet["text"], bullet.get("sources") or [], sentences_of)
        new = _rewrite_item(client, report, {"field": "breakdown", "index": i}, "breakdown", bullet["text"], ev)
        if new is not None:
            bullet["extractive"], bullet["text"] = bullet["text"], new

    for side, persp in (out.get("perspectives") or {}).items():
        for j, item in enumerate(persp.get("summary") or []):
            ev = item_evidence(item["text"], item.get("sources") or [], sentences_of)
            new = _rewrite_item(client, report, {"field": "perspectives", "side": side, "index": j},
                                "perspective", item["text"], ev, side=side)
            if new is not None:
                item["extractive"], item["text"] = item["text"], new

    for i, qa in enumerate(out.get("questions") or []):
        ev = item_evidence(qa["answer"], qa.get("sources") or [], sentences_of)
        new = _rewrite_item(client, report, {"field": "questions", "index": i}, "answer", qa["answer"], ev,
                            question=qa.get("question", ""))
        if new is not None:
            qa["extractive"], qa["answer"] = qa["answer"], new

    report.seconds = time.perf_counter() - started
    log.info("LLM rewrite of story %s by %s: %d of %d items rewritten, %d sentences generated, %d dropped%s",
             out.get("id"), client.model, report.rewritten, report.requested, report.generated, report.dropped,
             f", stopped: {report.error}" if report.error else "")
    out["generation"] = report.as_dict()
    if new_title is not None:
        out["generation"]["extractive_title"] = title
        out["title"] = new_title
    return out
