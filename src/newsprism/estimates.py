"""Estimated leanings of outlets the rating table does not know, from all of their articles.

The text classifier (:mod:`newsprism.leaning_model`) reading one article is a weak witness on
an outlet it never saw (macro-F1 0.41 on the AllSides media split's validation outlets), but
an outlet's articles together are a strong one: labelled with its outlet's estimate from the
outlet's articles so far, in date order, the same articles score macro-F1 0.85, and 0.92 once
each outlet's articles are all in (BENCHMARKS.md, "Leaning from text"). So an article of an
unrated outlet carries its *outlet's* estimate, and the number of articles behind it.

In a store, :func:`score_unrated` (a stage of every run) scores each article of an unrated
outlet once and keeps the three log-probabilities; :func:`outlet_leanings` sums them per
outlet in SQL. Without a store, :func:`records_outlet_leanings` aggregates over the records
given (``newsprism.build_story(records)``: the outlet's articles newsprism was shown).
"""

from __future__ import annotations

import logging
import time
from typing import Any, Iterable, Mapping, Sequence

from .leaning import Registry
from .leaning_model import LABELS

log = logging.getLogger(__name__)

#: Articles scored per run when catching up (a store from before this stage, or a rating table
#: that dropped an outlet): ~6 ms an article, so a run spends at most ~12 s on the backlog.
BACKFILL_PER_RUN = 2000
#: Scored in chunks so a large backlog holds a bounded number of texts in memory.
CHUNK = 256


def _model() -> Any | None:
    try:
        from . import leaning_model

        return leaning_model.default_model()
    except Exception as exc:  # noqa: BLE001 - no model file: no estimates, never a guess
        log.warning("no text leaning estimates: %s", exc)
        return None


def _model_key() -> str | None:
    """The shipped model's id, or None when its file is missing (a broken install): then there
    are no estimates, and nothing fails."""
    try:
        from .leaning_model import model_id

        return model_id()
    except OSError as exc:
        log.warning("no text leaning estimates: %s", exc)
        return None


def is_rated(source: str | None, url: str | None, registry: Registry) -> bool:
    """Whether the rating table knows the outlet, by its name or domain or the article's URL."""
    return registry.lookup(source) is not None or (bool(url) and registry.lookup(url) is not None)


def unrated_sources(sources: Iterable[str], registry: Registry) -> list[str]:
    return sorted({s for s in sources if not is_rated(s, None, registry)})


def _text(row: Mapping[str, Any]) -> str:
    return f"{row.get('title') or ''}\n{row.get('text') or ''}"


def score_rows(rows: Sequence[Mapping[str, Any]], model: Any) -> list[list[float]]:
    """[left, center, right] log-probabilities of each row's title and text (in
    :data:`~newsprism.leaning_model.LABELS` order, whatever order the model keeps its labels in)."""
    order = [model.labels.index(label) for label in LABELS]
    return [[float(lp[i]) for i in order] for lp in model.log_proba_many([_text(r) for r in rows])]


def score_unrated(store: Any, registry: Registry, *, limit: int = BACKFILL_PER_RUN) -> dict[str, Any]:
    """Score the articles of unrated outlets that have no current score (at most ``limit``,
    oldest first): what a run adds, and any backlog. Returns counts and seconds."""
    t = time.perf_counter()
    key = _model_key()
    if key is None:
        return {"scored": 0, "seconds": 0.0}
    todo = store.articles_to_score(unrated_sources(store.sources(), registry), key, limit=limit)
    model = _model() if todo else None  # loading it costs 0.2 s: only when there is work
    if model is None:
        return {"scored": 0, "seconds": round(time.perf_counter() - t, 3)}
    for start in range(0, len(todo), CHUNK):
        part = todo[start : start + CHUNK]
        store.save_leaning_scores([
            {"article_id": r["id"], "content_hash": r["content_hash"], "model": key,
             "lp_left": lp[0], "lp_center": lp[1], "lp_right": lp[2]}
            for r, lp in zip(part, score_rows(part, model))
        ])
    return {"scored": len(todo), "seconds": round(time.perf_counter() - t, 3)}


def outlet_leanings(store: Any, rows: Sequence[Mapping[str, Any]], registry: Registry) -> dict[str, dict[str, Any]]:
    """source -> its outlet's estimate (``leaning_model.outlet_estimate``), for the unrated
    outlets of these stored rows. The stored scores of the outlet's articles, plus, for a row
    of this list whose current text has no score yet (the run that scores it has not come),
    a score computed now and not saved: a read never writes."""
    from .leaning_model import outlet_estimate

    unrated = {r["source"] for r in rows if r.get("source") and not is_rated(r["source"], r.get("url"), registry)}
    key = _model_key() if unrated else None
    if key is None:
        return {}
    totals = {src: (n, list(sums)) for src, (n, sums) in store.outlet_scores(unrated, key).items()}
    mine = [r for r in rows if r["source"] in unrated and r.get("text") is not None]
    stored = store.leaning_scores((r["id"] for r in mine), key)
    missing = [r for r in mine if (stored.get(r["id"]) or {}).get("content_hash") != r.get("content_hash")]
    model = _model() if missing else None  # stored sums need no model; new texts do
    if model is not None:
        _add_scores(totals, missing, model)
    return {src: outlet_estimate(sums, n) for src, (n, sums) in totals.items() if n}


def _add_scores(totals: dict[str, tuple[int, list[float]]], rows: Sequence[Mapping[str, Any]], model: Any) -> None:
    """Count each row's scores into its source's (articles, summed log-probabilities)."""
    for r, lp in zip(rows, score_rows(rows, model)):
        n, sums = totals.get(r["source"], (0, [0.0, 0.0, 0.0]))
        totals[r["source"]] = (n + 1, [a + b for a, b in zip(sums, lp)])


def records_outlet_leanings(records: Sequence[Mapping[str, Any]], registry: Registry) -> dict[str, dict[str, Any]]:
    """source -> estimate over the given records of each unrated outlet (no store)."""
    from .leaning_model import outlet_estimate

    mine = [r for r in records if r.get("source") and not is_rated(r["source"], r.get("url"), registry)
            and (r.get("title") or r.get("text"))]
    model = _model() if mine else None
    if model is None:
        return {}
    totals: dict[str, tuple[int, list[float]]] = {}
    _add_scores(totals, mine, model)
    return {src: outlet_estimate(sums, n) for src, (n, sums) in totals.items()}


def stored_outlet_estimates(store: Any, registry: Registry, min_confidence: float) -> list[dict[str, Any]]:
    """Every unrated outlet with scored articles in the store and its estimate (``shown``:
    whether its articles display it), the outlets with most articles first."""
    from .leaning_model import outlet_estimate

    key = _model_key()
    rows = []
    for source, (n, sums) in (store.outlet_scores(None, key) if key else {}).items():
        if n and not is_rated(source, None, registry):
            est = outlet_estimate(sums, n)
            rows.append({"source": source, "leaning": est["leaning"], "confidence": est["confidence"],
                         "articles": n, "shown": est["confidence"] >= min_confidence,
                         "probabilities": est["probabilities"]})
    return sorted(rows, key=lambda r: (-r["articles"], r["source"]))
