"""Schema migrations: an ordered list of steps, each applied once, recorded in ``np_meta``.

Why not Alembic: the schema is small, the same code must run on SQLite and Postgres
from a pip-installed package with no migration folder to configure, and every step here
is a function that can branch on the dialect (FTS5 on SQLite, tsvector on Postgres).
A database written by a newer newsprism is refused rather than silently misread.
"""

from __future__ import annotations

from typing import Callable

from sqlalchemy import Connection, select, text
from sqlalchemy import inspect as sa_inspect

from . import schema

Migration = Callable[[Connection], None]


def _v1_base(conn: Connection) -> None:
    # An explicit list: tables added by later steps must not appear here, or a fresh
    # database and an upgraded one would be built differently.
    schema.metadata.create_all(conn, tables=[
        schema.meta, schema.articles, schema.article_versions, schema.copy_signatures,
        schema.copy_bands, schema.fetch_state, schema.runs, schema.errors,
    ])


def _v2_full_text(conn: Connection) -> None:
    """Full-text search over title and text: FTS5 on SQLite, a tsvector + GIN index on Postgres."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5("
            "title, text, content='articles', content_rowid='seq', tokenize='unicode61 remove_diacritics 2')"
        )
        # External-content FTS5 tables are kept in sync by triggers (the documented pattern).
        conn.exec_driver_sql(
            "CREATE TRIGGER IF NOT EXISTS articles_fts_ai AFTER INSERT ON articles BEGIN "
            "INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text); END"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER IF NOT EXISTS articles_fts_ad AFTER DELETE ON articles BEGIN "
            "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
            "VALUES ('delete', old.seq, old.title, old.text); END"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER IF NOT EXISTS articles_fts_au AFTER UPDATE OF title, text ON articles BEGIN "
            "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
            "VALUES ('delete', old.seq, old.title, old.text); "
            "INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text); END"
        )
        conn.exec_driver_sql("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            "ALTER TABLE articles ADD COLUMN IF NOT EXISTS search tsvector GENERATED ALWAYS AS "
            "(setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
            "setweight(to_tsvector('english', coalesce(text, '')), 'B')) STORED"
        )
        conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_articles_search ON articles USING GIN (search)")


def _v3_stories(conn: Connection) -> None:
    tables = [schema.article_features, schema.stories, schema.entities, schema.article_entities, schema.state]
    schema.metadata.create_all(conn, tables=tables)
    # The stories table as version 3 made it had no page columns; step 4 adds them. A fresh
    # database gets them from create_all already, so step 4 checks before adding.


def _v4_story_pages(conn: Connection) -> None:
    columns = {c["name"] for c in sa_inspect(conn).get_columns("stories")}
    if "page" not in columns:
        conn.exec_driver_sql("ALTER TABLE stories ADD COLUMN page " + "JSON")
    if "page_key" not in columns:
        conn.exec_driver_sql("ALTER TABLE stories ADD COLUMN page_key VARCHAR(64)")


def _v5_feeds(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=[schema.feeds])


def _v6_story_evidence(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=[schema.story_evidence])


def _v7_article_leaning(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=[schema.article_leaning])


MIGRATIONS: list[tuple[int, str, Migration]] = [
    (1, "base tables", _v1_base),
    (2, "full-text search", _v2_full_text),
    (3, "stories, entities, cached features", _v3_stories),
    (4, "cached story pages", _v4_story_pages),
    (5, "polled feeds", _v5_feeds),
    (6, "why each article is in its story", _v6_story_evidence),
    (7, "text-classifier scores of unrated outlets' articles", _v7_article_leaning),
]
LATEST = MIGRATIONS[-1][0]


class SchemaTooNew(Exception):
    pass


def current_version(conn: Connection) -> int:
    if not conn.dialect.has_table(conn, schema.meta.name):
        return 0
    row = conn.execute(select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")).first()
    return int(row[0]) if row else 0


def migrate(conn: Connection) -> list[str]:
    """Bring the schema up to date inside the caller's transaction; returns the steps applied."""
    if conn.dialect.name == "postgresql":
        # Two processes opening a fresh database at once must not both create tables.
        conn.execute(text("SELECT pg_advisory_xact_lock(7432001)"))
    version = current_version(conn)
    if version > LATEST:
        raise SchemaTooNew(
            f"the database has schema version {version}, newer than this newsprism knows ({LATEST}); "
            "upgrade newsprism"
        )
    applied = []
    for number, name, step in MIGRATIONS:
        if number <= version:
            continue
        step(conn)
        _set_version(conn, number)
        applied.append(f"{number}: {name}")
    return applied


def _set_version(conn: Connection, number: int) -> None:
    table = schema.meta
    exists = conn.execute(select(table.c.key).where(table.c.key == "schema_version")).first()
    if exists:
        conn.execute(table.update().where(table.c.key == "schema_version").values(value=str(number)))
    else:
        conn.execute(table.insert().values(key="schema_version", value=str(number)))
