"""Store methods for the text classifier's per-article scores and their outlet aggregates
(mixed into Store).

An outlet the rating table does not know is estimated from *all* of its stored articles, so
the store keeps each article's three log-probabilities once and sums them per outlet in SQL:
an estimate costs one GROUP BY over an index, not a re-read of the outlet's texts.
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

from sqlalchemy import Engine, and_, delete, func, or_, select

from . import schema
from ._common import chunks as _chunks


class OutletMethods:
    engine: Engine

    def sources(self) -> list[str]:
        """Every distinct ``source`` of a stored article (one index scan)."""
        a = schema.articles
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(select(a.c.source).distinct().order_by(a.c.source))]

    def articles_to_score(self, sources: Sequence[str], model: str, *, limit: int | None = None
                          ) -> list[dict[str, Any]]:
        """Articles of these sources with no score by ``model`` for their current content,
        oldest first: id, content_hash, title, text."""
        a, s = schema.articles, schema.article_leaning
        out: list[dict[str, Any]] = []
        with self.engine.connect() as conn:
            for chunk in _chunks(sorted(set(sources))):
                q = (select(a.c.id, a.c.content_hash, a.c.title, a.c.text, a.c.seq)
                     .select_from(a.outerjoin(s, s.c.article_id == a.c.id))
                     .where(a.c.source.in_(chunk),
                            or_(s.c.article_id.is_(None), s.c.model != model, s.c.content_hash != a.c.content_hash))
                     .order_by(a.c.seq))
                if limit is not None:
                    q = q.limit(limit - len(out))
                out.extend(dict(r._mapping) for r in conn.execute(q))
                if limit is not None and len(out) >= limit:
                    break
        out.sort(key=lambda r: r.pop("seq"))
        return out

    def save_leaning_scores(self, rows: Sequence[dict[str, Any]]) -> None:
        """Replace the scores of these articles (``article_id``, ``content_hash``, ``model``,
        ``lp_left``, ``lp_center``, ``lp_right``) in one transaction."""
        if not rows:
            return
        s = schema.article_leaning
        with self.engine.begin() as conn:
            for chunk in _chunks([r["article_id"] for r in rows]):
                conn.execute(delete(s).where(s.c.article_id.in_(chunk)))
            conn.execute(s.insert(), list(rows))

    def leaning_scores(self, article_ids: Iterable[str], model: str) -> dict[str, dict[str, Any]]:
        """article id -> its stored score by ``model`` (any content version: the caller checks)."""
        s = schema.article_leaning
        out: dict[str, dict[str, Any]] = {}
        with self.engine.connect() as conn:
            for chunk in _chunks(sorted(set(article_ids))):
                q = select(s).where(s.c.article_id.in_(chunk), s.c.model == model)
                out.update({r.article_id: dict(r._mapping) for r in conn.execute(q)})
        return out

    def outlet_scores(self, sources: Iterable[str] | None, model: str) -> dict[str, tuple[int, list[float]]]:
        """source -> (articles scored, summed [left, center, right] log-probabilities), over
        the scores of each article's current content by ``model``; every scored source when
        ``sources`` is None."""
        a, s = schema.articles, schema.article_leaning
        cols = (a.c.source, func.count(), func.sum(s.c.lp_left), func.sum(s.c.lp_center), func.sum(s.c.lp_right))
        join = a.join(s, and_(s.c.article_id == a.c.id, s.c.content_hash == a.c.content_hash))
        base = select(*cols).select_from(join).where(s.c.model == model).group_by(a.c.source)
        queries = [base] if sources is None else [base.where(a.c.source.in_(chunk))
                                                  for chunk in _chunks(sorted(set(sources)))]
        out: dict[str, tuple[int, list[float]]] = {}
        with self.engine.connect() as conn:
            for q in queries:
                for source, n, left, center, right in conn.execute(q):
                    out[source] = (int(n), [float(left), float(center), float(right)])
        return out
