"""The one seam to the database (SQLite by default, PostgreSQL through a URL).

Writes are content-addressed and idempotent: storing an article whose URL and cleaned
content are already stored changes nothing; changed content becomes a new version
(the old one stays in ``article_versions``). A batch is written in one transaction, so
an error half-way leaves what was stored before untouched.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from sqlalchemy import Engine, and_, create_engine, event, func, select, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from ..records import Article, ItemError
from . import schema
from ._common import chunks as _chunks
from ._common import utc as _utc
from .migrations import SchemaTooNew, migrate
from .feeds import FeedMethods
from .outlets import OutletMethods
from .reading import ReadingMethods
from .stories import StoryMethods

log = logging.getLogger(__name__)

__all__ = ["Store", "StoreError", "WriteResult", "StoredCopy", "CopyData", "SchemaTooNew"]


class StoreError(Exception):
    """The database cannot be opened or written; the message says which and why."""


@dataclass(frozen=True)
class StoredCopy:
    """What copy detection needs to know about a stored article."""

    article_id: str
    published: datetime | None
    first_seen: datetime
    content_hash: str
    text_hash: str
    duplicate_of: str | None
    signature: bytes | None
    shingles: int


@dataclass(frozen=True)
class CopyData:
    """A new article's MinHash signature and LSH band keys, persisted for later batches."""

    signature: bytes
    shingles: int
    band_keys: Sequence[str]


@dataclass
class WriteResult:
    inserted: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)




def _now() -> datetime:
    return datetime.now(timezone.utc)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cur = dbapi_connection.cursor()
    # WAL lets the web server read while an ingest writes; NORMAL sync is safe with WAL.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


class Store(StoryMethods, ReadingMethods, FeedMethods, OutletMethods):
    """Open with :meth:`open`; use as a context manager or call :meth:`close`."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.dialect = engine.dialect.name

    # -- lifecycle ---------------------------------------------------------------------
    @classmethod
    def open(cls, url: str) -> "Store":
        if url.startswith("sqlite"):
            path = url.split(":///", 1)[1] if ":///" in url else ""
            if path and path != ":memory:":
                try:
                    Path(path).parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise StoreError(f"cannot create the data folder {Path(path).parent}: {exc}") from None
            engine = create_engine(url)
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(url, pool_pre_ping=True)
        try:
            with engine.begin() as conn:
                applied = migrate(conn)
        except SchemaTooNew as exc:
            raise StoreError(str(exc)) from None
        except (OperationalError, SQLAlchemyError) as exc:
            raise StoreError(f"cannot open the database {_safe(url)}: {exc.__class__.__name__}: "
                             f"{str(exc.orig if hasattr(exc, 'orig') else exc).strip()}") from None
        for step in applied:
            log.info("schema migration applied: %s", step)
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- articles ----------------------------------------------------------------------
    def write_articles(
        self,
        batch: Sequence[Article],
        copy_data: dict[str, CopyData] | None = None,
        duplicate_updates: dict[str, str | None] | None = None,
        regrouped: dict[str, str] | None = None,
    ) -> WriteResult:
        """Store a batch in one transaction.

        ``copy_data`` holds signatures of new content; ``duplicate_updates`` re-points
        stored articles (a newly ingested article turned out to be the earlier original);
        ``regrouped`` maps an old original to the new one, and every stored copy of the
        old one follows, so a copy group stays a star and never becomes a chain.
        """
        result = WriteResult()
        copy_data = copy_data or {}
        a, v = schema.articles, schema.article_versions
        now = _now()
        with self.engine.begin() as conn:
            for art in batch:
                row = conn.execute(
                    select(a.c.id, a.c.content_hash, a.c.version, a.c.duplicate_of).where(a.c.id == art.id)
                ).first()
                if row is not None and row.content_hash == art.content_hash:
                    result.unchanged.append(art.id)
                    continue
                values = {
                    "url": art.url,
                    "source": art.source,
                    "title": art.title,
                    "text": art.text,
                    "published": art.published,
                    "author": art.author,
                    "language": art.language,
                    "site_name": art.site_name,
                    "canonical_url": art.canonical_url,
                    "origin": art.origin,
                    "metadata": art.metadata or {},
                    "content_hash": art.content_hash,
                    "text_hash": art.text_hash or art.content_hash,
                    "duplicate_of": art.duplicate_of,
                    "updated_at": now,
                }
                if row is None:
                    version = 1
                    conn.execute(a.insert().values(id=art.id, version=1, first_seen=now, **values))
                    result.inserted.append(art.id)
                else:
                    # A known content (the publisher reverted an edit) gets no new version row.
                    known = conn.execute(
                        select(v.c.version).where(and_(v.c.article_id == art.id, v.c.content_hash == art.content_hash))
                    ).first()
                    version = known.version if known else row.version + 1
                    conn.execute(a.update().where(a.c.id == art.id).values(version=version, **values))
                    result.updated.append(art.id)
                    conn.execute(schema.copy_bands.delete().where(schema.copy_bands.c.article_id == art.id))
                    conn.execute(schema.copy_signatures.delete().where(schema.copy_signatures.c.article_id == art.id))
                    if known:
                        self._write_copy_data(conn, art.id, copy_data.get(art.id))
                        continue
                conn.execute(
                    v.insert().values(
                        article_id=art.id,
                        version=version,
                        content_hash=art.content_hash,
                        title=art.title,
                        text=art.text,
                        raw=art.raw,
                        raw_type=art.raw_type,
                        fetched_at=now,
                    )
                )
                self._write_copy_data(conn, art.id, copy_data.get(art.id))
            for old, new in (regrouped or {}).items():
                conn.execute(a.update().where(a.c.duplicate_of == old).values(duplicate_of=new))
            for article_id, original in (duplicate_updates or {}).items():
                conn.execute(a.update().where(a.c.id == article_id).values(duplicate_of=original))
        return result

    @staticmethod
    def _write_copy_data(conn: Any, article_id: str, data: CopyData | None) -> None:
        if data is None:
            return
        conn.execute(
            schema.copy_signatures.insert().values(
                article_id=article_id, signature=data.signature, shingles=data.shingles
            )
        )
        keys = sorted(set(data.band_keys))
        if keys:
            conn.execute(schema.copy_bands.insert(), [{"band_key": k, "article_id": article_id} for k in keys])

    def copy_candidates(self, band_keys: Iterable[str], text_hashes: Iterable[str] = ()) -> list[StoredCopy]:
        """Stored articles sharing an LSH band key or a normalised-text hash with new articles.

        The originals of candidates that are copies come along too: copy detection needs
        the group's publication date to choose the earliest original.
        """
        keys = sorted(set(band_keys))
        hashes = sorted(set(text_hashes))
        if not keys and not hashes:
            return []
        a, s, b = schema.articles, schema.copy_signatures, schema.copy_bands
        found: dict[str, StoredCopy] = {}
        with self.engine.connect() as conn:
            ids: set[str] = set()
            for chunk in _chunks(keys, 500):
                ids.update(r[0] for r in conn.execute(select(b.c.article_id).where(b.c.band_key.in_(chunk))))
            for chunk in _chunks(hashes, 500):
                ids.update(r[0] for r in conn.execute(select(a.c.id).where(a.c.text_hash.in_(chunk))))
            for chunk in _chunks(sorted(ids), 500):
                ids.update(
                    r[0] for r in conn.execute(
                        select(a.c.duplicate_of).where(a.c.id.in_(chunk), a.c.duplicate_of.is_not(None))
                    )
                )
            for chunk in _chunks(sorted(ids), 500):
                rows = conn.execute(
                    select(a.c.id, a.c.published, a.c.first_seen, a.c.content_hash, a.c.text_hash, a.c.duplicate_of,
                           s.c.signature, s.c.shingles)
                    .select_from(a.outerjoin(s, s.c.article_id == a.c.id))
                    .where(a.c.id.in_(chunk))
                )
                for r in rows:
                    found[r.id] = StoredCopy(
                        article_id=r.id,
                        published=_utc(r.published),
                        first_seen=_utc(r.first_seen),
                        content_hash=r.content_hash,
                        text_hash=r.text_hash,
                        duplicate_of=r.duplicate_of,
                        signature=r.signature,
                        shingles=r.shingles or 0,
                    )
        return [found[k] for k in sorted(found)]

    def copies_of(self, article_ids: Iterable[str]) -> dict[str, list[str]]:
        """Stored articles whose ``duplicate_of`` is one of the given ids."""
        a = schema.articles
        out: dict[str, list[str]] = {}
        with self.engine.connect() as conn:
            for chunk in _chunks(sorted(set(article_ids)), 500):
                for r in conn.execute(select(a.c.id, a.c.duplicate_of).where(a.c.duplicate_of.in_(chunk))):
                    out.setdefault(r.duplicate_of, []).append(r.id)
        return out

    def count_articles(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(schema.articles)).scalar_one()

    def articles(
        self, *, limit: int | None = None, story_id: str | None = None, source: str | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        a = schema.articles
        q = select(a).order_by(a.c.published.desc().nulls_last(), a.c.seq.desc())
        if story_id is not None:
            q = q.where(a.c.story_id == story_id)
        if source is not None:
            q = q.where(a.c.source == source)
        if limit is not None:
            q = q.limit(limit)
        if offset:
            q = q.offset(offset)
        with self.engine.connect() as conn:
            return [_article_dict(r) for r in conn.execute(q)]

    def article(self, article_id: str) -> dict[str, Any] | None:
        a = schema.articles
        with self.engine.connect() as conn:
            row = conn.execute(select(a).where(a.c.id == article_id)).first()
        return _article_dict(row) if row else None

    def versions(self, article_id: str) -> list[dict[str, Any]]:
        v = schema.article_versions
        with self.engine.connect() as conn:
            rows = conn.execute(select(v).where(v.c.article_id == article_id).order_by(v.c.version))
            return [
                {**dict(r._mapping), "fetched_at": _utc(r.fetched_at)} for r in rows
            ]

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search over title and text, best match first."""
        a = schema.articles
        terms = [t for t in "".join(c if c.isalnum() else " " for c in query).split() if t]
        if not terms:
            return []
        with self.engine.connect() as conn:
            if self.dialect == "sqlite":
                # Quote every term: user input must never be parsed as FTS5 syntax.
                match = " ".join('"' + t.replace('"', '""') + '"' for t in terms)
                rows = conn.execute(
                    select(a)
                    .select_from(a.join(text("articles_fts"), text("articles_fts.rowid = articles.seq")))
                    .where(text("articles_fts MATCH :m"))
                    .order_by(text("bm25(articles_fts, 5.0, 1.0)"))
                    .limit(limit),
                    {"m": match},
                )
            else:
                tsq = func.plainto_tsquery("english", " ".join(terms))
                rows = conn.execute(
                    select(a)
                    .where(text("articles.search @@ plainto_tsquery('english', :q)"))
                    .order_by(func.ts_rank(text("articles.search"), tsq).desc())
                    .limit(limit),
                    {"q": " ".join(terms)},
                )
            return [_article_dict(r) for r in rows]

    def count_matching(self, query: str) -> int:
        """How many stored articles hold every word of ``query`` (the full-text index of
        :meth:`search`, counted)."""
        terms = [t for t in "".join(c if c.isalnum() else " " for c in query).split() if t]
        if not terms:
            return 0
        with self.engine.connect() as conn:
            if self.dialect == "sqlite":
                match = " ".join('"' + t.replace('"', '""') + '"' for t in terms)
                return int(conn.execute(text("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH :m"),
                                        {"m": match}).scalar_one())
            return int(conn.execute(text("SELECT count(*) FROM articles "
                                         "WHERE articles.search @@ plainto_tsquery('english', :q)"),
                                    {"q": " ".join(terms)}).scalar_one())

    # -- fetch state -------------------------------------------------------------------
    def fetch_validators(self, url: str) -> tuple[str | None, str | None]:
        f = schema.fetch_state
        with self.engine.connect() as conn:
            row = conn.execute(select(f.c.etag, f.c.last_modified).where(f.c.url == url)).first()
        return (row.etag, row.last_modified) if row else (None, None)

    def save_fetch_state(
        self, url: str, *, status: int | None, etag: str | None = None,
        last_modified: str | None = None, failed: bool = False, is_feed: bool = False,
    ) -> None:
        f = schema.fetch_state
        now = _now()
        with self.engine.begin() as conn:
            row = conn.execute(select(f).where(f.c.url == url)).first()
            values: dict[str, Any] = {"last_status": status, "last_fetched": now, "is_feed": is_feed}
            if failed:
                values["failures"] = (row.failures if row else 0) + 1
            else:
                values["failures"] = 0
                if status != 304:
                    values["etag"] = etag
                    values["last_modified"] = last_modified
            if row is None:
                conn.execute(f.insert().values(url=url, **values))
            else:
                conn.execute(f.update().where(f.c.url == url).values(**values))

    # -- runs and errors ---------------------------------------------------------------
    def start_run(self, command: str) -> int:
        with self.engine.begin() as conn:
            return conn.execute(
                schema.runs.insert().values(command=command, started=_now())
            ).inserted_primary_key[0]

    def finish_run(self, run_id: int, stats: dict[str, Any]) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                schema.runs.update().where(schema.runs.c.id == run_id).values(
                    finished=_now(), stats=json.loads(json.dumps(stats, default=str))
                )
            )

    def record_errors(self, run_id: int | None, errors: Iterable[ItemError]) -> int:
        rows = [
            {"run_id": run_id, "at": _now(), "item": e.item[:2000], "stage": e.stage, "reason": e.reason[:4000]}
            for e in errors
        ]
        if rows:
            with self.engine.begin() as conn:
                conn.execute(schema.errors.insert(), rows)
        return len(rows)

    def errors(self, *, limit: int | None = 100, run_id: int | None = None, last_run: bool = False) -> list[dict[str, Any]]:
        e = schema.errors
        q = select(e).order_by(e.c.id.desc())
        with self.engine.connect() as conn:
            if last_run:
                run_id = conn.execute(select(func.max(e.c.run_id))).scalar()
            if run_id is not None:
                q = q.where(e.c.run_id == run_id)
            if limit is not None:
                q = q.limit(limit)
            return [{**dict(r._mapping), "at": _utc(r.at)} for r in conn.execute(q)]

    def iter_texts(self, batch: int = 1000) -> Iterator[tuple[str, str]]:
        """(id, text) of every article, in insertion order, streamed."""
        a = schema.articles
        last = 0
        with self.engine.connect() as conn:
            while True:
                rows = conn.execute(
                    select(a.c.seq, a.c.id, a.c.text).where(a.c.seq > last).order_by(a.c.seq).limit(batch)
                ).all()
                if not rows:
                    return
                for r in rows:
                    yield r.id, r.text
                last = rows[-1].seq


def _article_dict(row: Any) -> dict[str, Any]:
    m = dict(row._mapping)
    m.pop("search", None)
    for key in ("published", "first_seen", "updated_at"):
        m[key] = _utc(m.get(key))
    return m




def _safe(url: str) -> str:
    from ..config import _mask_url

    return _mask_url(url)

