"""The database schema, in SQLAlchemy Core, shared by SQLite and PostgreSQL.

Articles have an integer ``seq`` (insertion order, and the rowid SQLite's FTS5 index
points at) and a text ``id`` derived from the normalised URL (stable across content
updates, used everywhere outside the store). Every distinct content an article ever had
is kept in ``article_versions`` together with the raw input, so neither a cleaning
mistake nor a later edit by the publisher loses anything.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

# BigInteger on Postgres, INTEGER on SQLite (so it is the rowid alias and autoincrements).
SeqType = BigInteger().with_variant(Integer(), "sqlite")

meta = Table(
    "np_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("seq", SeqType, primary_key=True, autoincrement=True),
    Column("id", String(32), nullable=False, unique=True),
    Column("url", Text, nullable=False, unique=True),
    Column("source", String(255), nullable=False),
    Column("title", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("published", DateTime(timezone=True)),
    Column("author", Text),
    Column("language", String(16)),
    Column("site_name", Text),
    Column("canonical_url", Text),
    Column("origin", Text),
    Column("metadata", JSON),
    # content_hash identifies a version (exact title + text); text_hash is the
    # normalised-text hash that exact-copy detection compares across articles.
    Column("content_hash", String(64), nullable=False),
    Column("text_hash", String(64), nullable=False),
    Column("version", Integer, nullable=False, default=1),
    Column("duplicate_of", String(32)),
    Column("story_id", String(32)),
    Column("first_seen", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
Index("ix_articles_published", articles.c.published)
Index("ix_articles_source", articles.c.source)
Index("ix_articles_text_hash", articles.c.text_hash)
Index("ix_articles_duplicate_of", articles.c.duplicate_of)
Index("ix_articles_story_id", articles.c.story_id)

article_versions = Table(
    "article_versions",
    metadata,
    Column("seq", SeqType, primary_key=True, autoincrement=True),
    Column("article_id", String(32), ForeignKey("articles.id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("title", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("raw", Text, nullable=False),
    Column("raw_type", String(16), nullable=False),
    Column("fetched_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("article_id", "version", name="uq_article_versions_version"),
)
Index("ix_article_versions_article", article_versions.c.article_id, article_versions.c.content_hash)

# Near-duplicate detection: one MinHash signature per article and its LSH band keys,
# so candidates are found with an indexed lookup instead of loading every signature.
copy_signatures = Table(
    "copy_signatures",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id"), primary_key=True),
    Column("signature", LargeBinary, nullable=False),
    Column("shingles", Integer, nullable=False),
)
copy_bands = Table(
    "copy_bands",
    metadata,
    Column("band_key", String(64), primary_key=True),
    Column("article_id", String(32), ForeignKey("articles.id"), primary_key=True),
)

# Conditional GET state and polling schedule per fetched URL (feeds and pages).
fetch_state = Table(
    "fetch_state",
    metadata,
    Column("url", Text, primary_key=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("last_status", Integer),
    Column("last_fetched", DateTime(timezone=True)),
    Column("failures", Integer, nullable=False, default=0),
    Column("is_feed", Boolean, nullable=False, default=False),
    Column("next_poll", DateTime(timezone=True)),
)

runs = Table(
    "runs",
    metadata,
    Column("id", SeqType, primary_key=True, autoincrement=True),
    Column("command", Text, nullable=False),
    Column("started", DateTime(timezone=True), nullable=False),
    Column("finished", DateTime(timezone=True)),
    Column("stats", JSON),
)

errors = Table(
    "errors",
    metadata,
    Column("id", SeqType, primary_key=True, autoincrement=True),
    Column("run_id", SeqType, ForeignKey("runs.id")),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("item", Text, nullable=False),
    Column("stage", String(32), nullable=False),
    Column("reason", Text, nullable=False),
)
Index("ix_errors_at", errors.c.at)

__all__ = [
    "metadata",
    "meta",
    "articles",
    "article_versions",
    "copy_signatures",
    "copy_bands",
    "fetch_state",
    "runs",
    "errors",
]

# -- stories (schema version 3) ------------------------------------------------------
# Expensive per-article features, computed once: the title+lead embedding and the named
# entity mentions (NER is the slowest stage). ``model`` names what produced them, so a
# model change recomputes instead of mixing vectors from two models.
article_features = Table(
    "article_features",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id"), primary_key=True),
    Column("content_hash", String(64), nullable=False),
    Column("model", String(128), nullable=False),
    Column("embedding", LargeBinary),
    Column("mentions", JSON, nullable=False),
)

stories = Table(
    "stories",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("title", Text, nullable=False),
    Column("label", Text, nullable=False),
    Column("tags", JSON, nullable=False),
    Column("keywords", JSON, nullable=False),
    Column("why", JSON, nullable=False),
    Column("first_published", DateTime(timezone=True)),
    Column("last_updated", DateTime(timezone=True)),
    Column("article_count", Integer, nullable=False),
    Column("source_count", Integer, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    # The built story page (schema version 4) and the key of the article versions it was
    # built from: a page is rebuilt only when its articles change.
    Column("page", JSON),
    Column("page_key", String(64)),
)
Index("ix_stories_last_updated", stories.c.last_updated)

entities = Table(
    "entities",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String(32), nullable=False),
    Column("aliases", JSON, nullable=False),
    Column("mentions", Integer, nullable=False),
)
article_entities = Table(
    "article_entities",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id"), primary_key=True),
    Column("entity_id", String(64), primary_key=True),
)
Index("ix_article_entities_entity", article_entities.c.entity_id)

# Small named blobs: the online clusterer's snapshot, between runs (single writer).
state = Table(
    "np_state",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", LargeBinary, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# Why each article is in its story, as the clusterer reasoned when it placed the article
# (similarities, shared entities, words and numbers; the copy it follows; a merge). Written
# once per placement (schema version 6); the clusterer's snapshot keeps none of it, so the
# snapshot grows with the active stories, not with the archive.
story_evidence = Table(
    "story_evidence",
    metadata,
    Column("article_id", String(32), primary_key=True),
    Column("reason", JSON, nullable=False),
    Column("assigned_at", DateTime(timezone=True), nullable=False),
)

# The text classifier's log-probabilities (left, center, right) of each article of an outlet
# the rating table does not know (schema version 7): an unrated outlet's estimate is the
# aggregate over all its stored articles (``leaning_model.outlet_estimate``), a GROUP BY
# over these rows rather than a re-read of every text. ``model`` names the classifier.
article_leaning = Table(
    "article_leaning",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id"), primary_key=True),
    Column("content_hash", String(64), nullable=False),
    Column("model", String(128), nullable=False),
    Column("lp_left", Float, nullable=False),
    Column("lp_center", Float, nullable=False),
    Column("lp_right", Float, nullable=False),
)

# Feeds that `newsprism run` polls: from the configured OPML (origin "config") or added
# through the token-protected API (origin "api"), with each feed's adaptive schedule.
feeds = Table(
    "feeds",
    metadata,
    Column("url", Text, primary_key=True),
    Column("title", Text, nullable=False, default=""),
    Column("origin", String(16), nullable=False),
    Column("added_at", DateTime(timezone=True), nullable=False),
    Column("interval_seconds", Float, nullable=False),
    Column("next_poll", DateTime(timezone=True), nullable=False),
    Column("last_polled", DateTime(timezone=True)),
    Column("last_new", Integer, nullable=False, default=0),
    Column("total_new", Integer, nullable=False, default=0),
    Column("failures", Integer, nullable=False, default=0),
    Column("last_error", Text),
)
Index("ix_feeds_next_poll", feeds.c.next_poll)
