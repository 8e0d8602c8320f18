"""Store reads for the web UI and API (mixed into Store): light rows for the story feed,
entity and outlet pages, and a cheap "has anything changed" token.

The feed index of the web server reads every story and article once per change of the
store, so these queries select only the columns it needs (never article text or the
cached page JSON): on a 100,000-article archive that is the difference between reading
a few megabytes and reading a gigabyte.
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator

from sqlalchemy import Engine, func, select

from . import schema
from ._common import chunks as _chunks
from ._common import utc as _utc


class ReadingMethods:
    engine: Engine

    def ping(self) -> None:
        """Raise if the database does not answer."""
        with self.engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1").scalar()

    def generation(self) -> tuple[Any, ...]:
        """A token that changes whenever articles or stories are written: (article count,
        story count, latest story write, latest article write)."""
        a, st = schema.articles, schema.stories
        with self.engine.connect() as conn:
            arts = conn.execute(select(func.count(), func.max(a.c.seq))).one()
            sts = conn.execute(select(func.count(), func.max(st.c.updated_at))).one()
        return (arts[0], arts[1], sts[0], str(sts[1]))

    def story_card_rows(self) -> list[dict[str, Any]]:
        """Every story's feed fields (no keywords, no page): what a story card shows."""
        st = schema.stories
        cols = [st.c.id, st.c.title, st.c.label, st.c.tags, st.c.first_published, st.c.last_updated,
                st.c.article_count, st.c.source_count, st.c.updated_at]
        with self.engine.connect() as conn:
            out = []
            for r in conn.execute(select(*cols)):
                m = dict(r._mapping)
                for key in ("first_published", "last_updated", "updated_at"):
                    m[key] = _utc(m[key])
                out.append(m)
        return out

    def iter_article_heads(self, batch: int = 5000) -> Iterator[dict[str, Any]]:
        """Every article with a story: id, story, source, url, copy link and date (no text)."""
        a = schema.articles
        q = (select(a.c.id, a.c.story_id, a.c.source, a.c.url, a.c.duplicate_of, a.c.published)
             .where(a.c.story_id.is_not(None)).execution_options(yield_per=batch))
        with self.engine.connect() as conn:
            for r in conn.execute(q):
                yield {"id": r.id, "story_id": r.story_id, "source": r.source, "url": r.url,
                       "duplicate_of": r.duplicate_of, "published": _utc(r.published)}

    def story_member_heads(self, story_id: str) -> list[dict[str, Any]]:
        """A story's articles without their text: what deciding whether its cached page is
        still current, and its virality, need (reading 95 articles' text took longer than
        serving the page)."""
        a = schema.articles
        q = (select(a.c.id, a.c.url, a.c.source, a.c.published, a.c.first_seen, a.c.duplicate_of, a.c.content_hash)
             .where(a.c.story_id == story_id).order_by(a.c.seq))
        with self.engine.connect() as conn:
            return [{**dict(r._mapping), "published": _utc(r.published), "first_seen": _utc(r.first_seen)}
                    for r in conn.execute(q)]

    def entity(self, entity_id: str) -> dict[str, Any] | None:
        e = schema.entities
        with self.engine.connect() as conn:
            row = conn.execute(select(e).where(e.c.id == entity_id)).first()
        return dict(row._mapping) if row else None

    def entities_named(self, names: Iterable[str]) -> dict[str, str]:
        """Entity ids by canonical name (the keywords of a story page carry names)."""
        e = schema.entities
        out: dict[str, str] = {}
        with self.engine.connect() as conn:
            for chunk in _chunks(sorted(set(names))):
                for r in conn.execute(select(e.c.id, e.c.name).where(e.c.name.in_(chunk)).order_by(e.c.mentions)):
                    out[r.name] = r.id  # the most mentioned wins a name clash
        return out

    def story_ids_for_entity(self, entity_id: str) -> set[str]:
        a, ae = schema.articles, schema.article_entities
        q = (select(a.c.story_id).distinct().join(ae, ae.c.article_id == a.c.id)
             .where(ae.c.entity_id == entity_id, a.c.story_id.is_not(None)))
        with self.engine.connect() as conn:
            return {r.story_id for r in conn.execute(q)}
