"""A story page from its articles: the contract's story shape, every claim cited.

:func:`build_story` is pure (no database, no network): the library call
``newsprism.build_story(records)``, and the same code the CLI and web run on stored
stories, where the store passes in what it already knows (canonical entities, a
full-text ``retrieve`` over the whole archive for background questions).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import os
import threading
from concurrent.futures import Executor
from datetime import datetime, timezone
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from . import disputes, questions, summarize, timeline
from .clean import normalize_for_hash, sentence_memo
from .estimates import records_outlet_leanings
from .keywords import StoryText, headlines, story_keywords, story_label
from .leaning import Registry, article_leaning, default_registry, outlet_key, story_leaning
from .records import article_id
from .sources import parse_date, url_source
from .sources.dates import too_far_ahead

Retrieve = Callable[[str, int], list[dict[str, Any]]]
log = logging.getLogger(__name__)



_PAUSE = {"builds": 0, "ours": False}  # builds in progress here; whether they turned the collector off
_PAUSE_LOCK = threading.Lock()


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a page is built (threads share it: the last build
    to finish turns it back on; a process that turned it off itself keeps it off).

    A page allocates millions of short-lived tuples, sets and lists and keeps thousands of
    them (the sentences' tokens) to the end, which the collector walks again and again,
    yet a page leaves no cycle for it to find: built with the collector off, the midterms
    story of ``benchmarks.storypage`` and the 200-article elections story left 0 objects for
    ``gc.collect()`` (30 when the page runs NER itself), and the 200-article page peaked at
    162 MiB against 191 MiB with it on (tracemalloc). On the midterms story the build took
    0.786 s median against 0.905 s (6 alternating builds each, in one process with spaCy
    loaded, 2026-12-03)."""
    with _PAUSE_LOCK:
        if _PAUSE["builds"] == 0:
            _PAUSE["ours"] = gc.isenabled()
            gc.disable()
        _PAUSE["builds"] += 1
    try:
        yield
    finally:
        with _PAUSE_LOCK:
            _PAUSE["builds"] -= 1
            if _PAUSE["builds"] == 0 and _PAUSE["ours"]:
                gc.enable()


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(timezone.utc).isoformat() if value else None


def normalize_records(records: Iterable[Mapping[str, Any]], registry: Registry | None = None) -> list[dict[str, Any]]:
    """Article records as the stages read them: ids, aware datetimes, a source, and a leaning
    (the record's own; else its outlet's rating in the registry; else, for an unrated outlet,
    a confident estimate from the texts of all its records given here; else "unknown").

    A publication date more than a day after the record was first seen (``first_seen``; when
    the record does not say, the present) is impossible and read as unknown, the rule ingest
    applies (:func:`newsprism.sources.dates.too_far_ahead`): a store written before ingest did
    so, or a caller's hostile record, would otherwise show "last updated 2099" in the stats and
    the timeline."""
    registry = registry or default_registry()
    now = datetime.now(timezone.utc)
    rows = []
    for rec in records:
        url = rec.get("url") or ""
        text = rec.get("text") or ""
        if not text and rec.get("html"):
            from .extract import fragment_text

            text = fragment_text(rec["html"])
        rows.append((rec, url, text, rec.get("source") or url_source(url) or "unknown"))
    # An unrated outlet's estimate rests on all of its articles given here, not on one text.
    outlets = records_outlet_leanings(
        [{"source": source, "url": url, "title": rec.get("title"), "text": text}
         for rec, url, text, source in rows if _unresolved(rec)],
        registry)
    out = []
    for rec, url, text, source in rows:
        published = rec.get("published")
        if not isinstance(published, datetime):
            published = parse_date(published)
        elif published.tzinfo is None:
            published = published.replace(tzinfo=timezone.utc)
        if too_far_ahead(published, parse_date(rec.get("first_seen")) or now):
            published = None
        lean = {"leaning": rec.get("leaning"), "leaning_basis": rec.get("leaning_basis") or "unknown",
                "leaning_confidence": rec.get("leaning_confidence"), "leaning_articles": rec.get("leaning_articles")}
        if _unresolved(rec):
            lean = resolve_article_leaning(source, url, text, registry, outlet=outlets.get(source))
        out.append({
            "id": rec.get("id") or article_id(url or hashlib.sha256(text.encode()).hexdigest()),
            "url": url,
            "title": " ".join((rec.get("title") or "").split()),
            "text": text,
            "source": source,
            "published": published,
            "duplicate_of": rec.get("duplicate_of"),
            **lean,
        })
    out.sort(key=lambda r: (r["published"] is None, r["published"] or datetime.min.replace(tzinfo=timezone.utc), r["id"]))
    return out


def _unresolved(rec: Mapping[str, Any]) -> bool:
    """A record whose leaning is for newsprism to find (a stored story's members arrive
    resolved, "unknown" included, from the store's outlet estimates)."""
    return (not rec.get("leaning") or rec.get("leaning") == "unknown") and not rec.get("leaning_basis")


#: An estimate below this confidence is shown as unknown. An unrated outlet's estimate rests on
#: its articles combined; labelling each AllSides validation article (outlets the classifier
#: never saw) with its outlet's estimate from the outlet's articles so far, 86 % reach 0.6 and
#: 96 % of those are right; an estimate from one article reaches it 11 % of the time, right
#: 74 % of the time (BENCHMARKS.md, "Leaning from text").
MIN_ESTIMATE_CONFIDENCE = 0.6


def resolve_article_leaning(source: str, url: str, text: str, registry: Registry,
                            outlet: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """``leaning``, ``leaning_basis``, ``leaning_confidence`` and ``leaning_articles`` of one
    article: its outlet's rating ("rated"); else its outlet's estimate from the text of the
    outlet's articles (``outlet``: :mod:`newsprism.estimates`; without one, from this
    article's text alone) when confident ("estimated", three-point, with the number of
    articles it rests on); else "unknown"."""
    leaning, basis = article_leaning(source, registry=registry)
    if leaning == "unknown" and url:
        leaning, basis = article_leaning(url, registry=registry)
    if leaning != "unknown":
        return {"leaning": leaning, "leaning_basis": basis, "leaning_confidence": None, "leaning_articles": None}
    if outlet is None and text and text.strip():
        try:
            from .leaning_model import predict_text

            outlet = predict_text(text)
        except Exception:  # noqa: BLE001 - no model, no estimate: unknown is the honest answer
            outlet = None
    if outlet and outlet.get("confidence", 0.0) >= MIN_ESTIMATE_CONFIDENCE:
        return {"leaning": outlet["leaning"], "leaning_basis": "estimated",
                "leaning_confidence": round(float(outlet["confidence"]), 3),
                "leaning_articles": int(outlet.get("articles") or 1)}
    return {"leaning": "unknown", "leaning_basis": "unknown", "leaning_confidence": None, "leaning_articles": None}


def stored_article_record(row: Mapping[str, Any], registry: Registry,
                          outlets: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, Any]:
    """A stored article as the contract's article record (``articles --json`` and
    ``/api/v1/articles``), with its leaning and the basis of it (``outlets``: the estimates of
    unrated outlets, :func:`newsprism.estimates.outlet_leanings`)."""
    lean = resolve_article_leaning(row["source"], row["url"], row["text"], registry,
                                   outlet=(outlets or {}).get(row["source"]))
    return {
        "id": row["id"], "url": row["url"], "source": row["source"], "title": row["title"],
        "published": _iso(row["published"]) if isinstance(row["published"], datetime) else row["published"],
        "text": row["text"], "story_id": row["story_id"], "duplicate_of": row["duplicate_of"],
        **lean,
        "author": row.get("author"), "language": row.get("language"), "version": row.get("version"),
    }


@collector_paused()
@sentence_memo()  # each text is split into sentences once per page, whichever stages read it
def build_story(
    records: Iterable[Mapping[str, Any]],
    *,
    story_id: str | None = None,
    entities: Sequence[Any] | None = None,
    retrieve: Retrieve | None = None,
    why: Mapping[str, Any] | None = None,
    registry: Registry | None = None,
    now: datetime | None = None,
    virality_baseline: float | None = None,
    llm: Any = None,
    helper: Executor | None = None,
    archive_share: Callable[[str], float] | None = None,
    home: Iterable[str] = (),
) -> dict[str, Any]:
    """The story page for a group of articles (see CONTRACT.md, "A story").

    ``entities``: canonical entities (:class:`newsprism.entities.Entity`) of these articles;
    computed with NER when not given (the slow part: ~0.1 s an article). ``retrieve``: a
    full-text search over the archive for the background questions; without one, the story's
    own articles answer them. ``why``: the clusterer's evidence of why the articles are grouped.
    ``llm``: a :class:`newsprism.llm.ChatClient`; when given, the title, bullets, perspective
    summaries and answers may be rewritten abstractively, every generated sentence checked
    against its cited source sentences (``page["generation"]`` says what was kept and dropped).
    ``helper``: an executor of one other process (:func:`page_helper`) that builds the
    breakdown, perspectives, title and timeline while this process builds the rest; the page
    is the same, in about two thirds of the time on two cores. Should it fail, this process
    builds that part too. ``archive_share(name)``: the share of the archive's articles naming
    it (0 for a small archive); background questions skip the people and organisations every
    reader of the archive knows (:data:`newsprism.questions.PROMINENT_SHARE`). ``home``: the
    names of the archive's home place (:func:`newsprism.stories.home_place_of`), whose
    situation they do not ask about.
    """
    articles = normalize_records(records, registry)
    if not articles:
        raise ValueError("a story needs at least one article")
    if entities is None:
        from .entities import STORY_MIN_SPELLED_OUT, extract_mentions_many, ner_text, resolve_entities

        mentions = extract_mentions_many([ner_text(a['title'], a['text']) for a in articles])
        entities = resolve_entities([(a["id"], m) for a, m in zip(articles, mentions)],
                                    min_spelled_out=STORY_MIN_SPELLED_OUT)
    ids = {a["id"] for a in articles}
    originals = [a for a in articles if not a["duplicate_of"] or a["duplicate_of"] not in ids]
    texts = [StoryText(a["id"], a["title"], a["text"], a["source"], a["duplicate_of"]) for a in articles]
    half = None
    if helper is not None:
        try:
            half = helper.submit(_helper_half, articles)
        except Exception:  # noqa: BLE001 -- a helper that cannot start never costs the page
            log.warning("page helper unavailable; building the whole page here", exc_info=True)
            _discard_helper(helper)
    kws = story_keywords(texts, entities)
    label = story_label(kws, headlines(articles), [a["text"] for a in originals], entities)
    dated = [a["published"] for a in articles if a["published"]]
    # Story leaning counts rated outlets only: estimates are per-article hints, shown as such.
    lean = story_leaning([{**a, "leaning": a["leaning"] if a["leaning_basis"] == "rated" else "unknown"}
                          for a in articles])
    disagreements = disputes.find_disagreements(articles)
    background = questions.further_learning(articles, retrieve, entities=entities, keywords=kws,
                                            archive_share=archive_share, home=home)
    summary = title = entries = None
    if half is not None:
        try:
            summary, title, entries = half.result(timeout=HELPER_TIMEOUT)
        except Exception:  # noqa: BLE001
            log.warning("page helper failed; building its part here", exc_info=True)
            _discard_helper(helper)
    if summary is None:
        summary, title, entries = _helper_half(articles)
    # A side's articles may include outlets whose leaning is estimated, not rated: say how many.
    basis = {a["id"]: a["leaning_basis"] for a in articles}
    for side in summary["perspectives"].values():
        side["estimated"] = sum(basis.get(i) == "estimated" for i in side.get("articles") or [])
    page: dict[str, Any] = {
        "id": story_id or hashlib.sha256(("story:" + articles[0]["id"]).encode()).hexdigest()[:16],
        "title": title,
        "label": label,
        "tags": [k.name for k in kws if k.type != "phrase"][:5],
        "stats": {
            "first_published": _iso(min(dated)) if dated else None,
            "last_updated": _iso(max(dated)) if dated else None,
            "virality": _virality(articles, now, virality_baseline),
            "article_count": len(articles),
            "source_count": len({outlet_key(a) for a in originals}),
            "leaning": lean["leaning"],
            "leaning_counts": lean["leaning_counts"],
            "source_counts": lean["source_counts"],
            "blindspot": lean["blindspot"],
        },
        "breakdown": summary["breakdown"],
        "perspectives": summary["perspectives"],
        "keywords": [
            {"name": k.name, "type": k.type, "aliases": list(k.aliases), "mentions": k.mentions,
             "sources": list(k.sources)} for k in kws
        ],
        "questions": background,
        "disagreements": disagreements,
        "timeline": entries,
        "articles": [
            {"id": a["id"], "url": a["url"], "source": a["source"], "title": a["title"],
             "published": _iso(a["published"]), "leaning": a["leaning"], "leaning_basis": a["leaning_basis"],
             "leaning_confidence": a["leaning_confidence"], "leaning_articles": a["leaning_articles"],
             "duplicate_of": a["duplicate_of"]}
            for a in articles
        ],
    }
    if why is not None:
        page["why_grouped"] = dict(why)
    if llm is None:
        page["generation"] = {"backend": "extractive"}
        return page
    from .llm import rewrite_story

    try:
        return rewrite_story(page, articles, llm)
    except Exception as exc:  # noqa: BLE001 -- an optional backend never costs the page
        log.exception("LLM rewrite failed; the page stays extractive")
        page["generation"] = {"backend": "extractive", "error": f"LLM rewrite failed: {exc}"}
        return page


#: Seconds to wait for the helper's part of a page before building it here (a 200-article
#: page takes ~4 s in all).
HELPER_TIMEOUT = 60.0


@collector_paused()
@sentence_memo()
def _helper_half(articles: list[dict[str, Any]]) -> tuple[dict[str, Any], str, list[dict[str, Any]]]:
    """The part of a page a helper process builds: breakdown and perspectives, title,
    timeline (about half of the work; it needs no archive and no entities)."""
    return summarize.summarize_story(articles), summarize.story_title(articles), timeline.build_timeline(articles)


_HELPER: list[Executor] = []
_HELPER_LOCK = threading.Lock()


def page_helper() -> Executor | None:
    """This process's page helper (one other process, started on first use and kept), or
    None on a machine of one core, where it could only slow a page down. A long-running
    server passes it to :func:`build_story`; a command that builds one page does not (a new
    interpreter costs more than it saves)."""
    if (os.cpu_count() or 1) < 2:
        return None
    with _HELPER_LOCK:
        if not _HELPER:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # spawn: a fresh interpreter, safe beside the server's threads (fork is not).
            pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=_exit_with_parent)
            pool.submit(_warm)  # its imports (numpy, scipy: ~1 s) before the first page needs it
            _HELPER.append(pool)
        return _HELPER[0]


def _discard_helper(helper: Executor) -> None:
    """Forget a helper that failed (its process died, or it hung), so the next page starts
    a new one instead of failing over to one process for good."""
    with _HELPER_LOCK:
        if helper in _HELPER:
            _HELPER.remove(helper)
        else:
            return
    try:
        helper.shutdown(wait=False, cancel_futures=True)
    except Exception:  # noqa: BLE001 -- a broken pool may fail to shut down; it is forgotten either way
        log.debug("page helper shutdown failed", exc_info=True)


def close_page_helper() -> None:
    """Stop this process's page helper, if one was started (the web app's shutdown). A
    server stopped by SIGTERM, as a service manager stops it, never runs the pool's exit
    handler, so the helper's process and queue were left for the interpreter's last
    moments: "There appear to be 5 leaked semaphore objects" at every stop."""
    with _HELPER_LOCK:
        helpers = list(_HELPER)
        _HELPER.clear()
    for helper in helpers:
        try:
            helper.shutdown(wait=True, cancel_futures=True)
        except Exception:  # noqa: BLE001 -- shutting down: a broken pool is gone either way
            log.debug("page helper shutdown failed", exc_info=True)


def _warm() -> None:
    from . import summarize, timeline  # noqa: F401


def _exit_with_parent() -> None:
    """In the helper: leave as soon as the server's process is gone, however it went. A
    server stopped by a signal never runs the pool's exit handler (uvicorn re-raises SIGTERM
    after its shutdown), and the helper, which holds both ends of its task queue, would wait
    for work forever."""
    import multiprocessing
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(0)

    threading.Thread(target=watch, name="newsprism-exit-with-parent", daemon=True).start()


def _virality(articles: Sequence[dict[str, Any]], now: datetime | None, baseline: float | None) -> float | None:
    """Virality as of ``now`` (see docs/virality.md); None for a story with no dated article."""
    from . import score

    if not any(a["published"] for a in articles):
        return None
    dated = [a for a in articles if a["published"]]
    now = now or datetime.now(timezone.utc)
    return round(score.virality(dated, now=now, baseline=baseline or score.default_baseline()), 4)


def is_page_title(headline: str | None, page: Mapping[str, Any]) -> bool:
    """Whether a side's headline is the page's own title (case, spacing and closing
    punctuation aside): the title is chosen among the headlines, so a side often led with it
    (38 of the 85 sides of a real month's 40 biggest pages). The page then says so instead
    of printing the title twice. Compared as copies are (:func:`normalize_for_hash`)."""
    return bool(headline) and normalize_for_hash(headline) == normalize_for_hash(str(page.get("title") or ""))


def grouping_note(reason: Mapping[str, Any] | None) -> str | None:
    """One line on why an article is in its story, from the clusterer's reasons when it
    placed the article (``story_evidence``); None when none were recorded."""
    if not reason:
        return None
    if reason.get("merged_story"):
        return "Its first reports formed a story of their own, merged into this one when they turned out to be one event."
    if reason.get("copy_of"):
        return "A copy of another article here, folded under it."
    if reason.get("started_story"):
        return "The first report: it started this story."
    parts = []
    if isinstance(reason.get("embedding"), (int, float)):
        parts.append(f"title and lead {reason['embedding']:.2f} similar")
    if isinstance(reason.get("tfidf"), (int, float)):
        parts.append(f"wording {reason['tfidf']:.2f} similar")
    names = [str(n) for n in (reason.get("shared_entities") or [])[:4]]
    if names:
        parts.append("shared names: " + ", ".join(names))
    words = [str(w) for w in (reason.get("shared_terms") or [])[:5]]
    if words:
        parts.append("shared words: " + ", ".join(words))
    facts = [str(f) for f in (reason.get("shared_facts") or [])[:3]]
    if facts:
        parts.append("same numbers: " + ", ".join(facts))
    gap = reason.get("time_gap_hours")
    if isinstance(gap, (int, float)) and gap > 0:
        parts.append(f"{gap:g} h after the story's last article" if gap < 48 else f"{gap / 24:.0f} days after it")
    if not parts:
        return None
    # placed first in another story, moved when later reports showed it fits this one better
    verb = "Moved to this story from another when later reports arrived" if reason.get("moved_from") \
        else "Joined this story"
    return f"{verb}: " + "; ".join(parts) + "."
