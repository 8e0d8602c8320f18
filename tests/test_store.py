"""The store on SQLite and on a real PostgreSQL: idempotent, versioned, searchable writes."""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from newsprism.records import Article, ItemError, article_id
from newsprism.store import CopyData, Store, StoreError, schema
from newsprism.store.migrations import LATEST, current_version


def make(url: str, text: str, title: str = "A title", **kw) -> Article:
    digest = hashlib.sha256(f"{title}\n{text}".encode()).hexdigest()
    return Article(
        id=article_id(url), url=url, source="example.org", title=title, text=text,
        raw=f"<p>{text}</p>", raw_type="html", content_hash=digest, text_hash=digest,
        published=kw.pop("published", datetime(2025, 12, 13, 9, 30, tzinfo=timezone.utc)), **kw,
    )


def test_insert_then_same_content_is_a_noop(any_store: Store):
    art = make("https://example.org/a", "Belarus freed 123 prisoners on Saturday.")
    first = any_store.write_articles([art])
    again = any_store.write_articles([art])
    assert first.inserted == [art.id] and not first.updated
    assert again.unchanged == [art.id] and not again.inserted and not again.updated
    assert any_store.count_articles() == 1
    assert len(any_store.versions(art.id)) == 1


def test_changed_content_keeps_every_version_and_the_raw_input(any_store: Store):
    v1 = make("https://example.org/a", "First version of the text.")
    v2 = dataclasses.replace(make("https://example.org/a", "Corrected version of the text."))
    any_store.write_articles([v1])
    res = any_store.write_articles([v2])
    assert res.updated == [v1.id]
    stored = any_store.article(v1.id)
    assert stored["text"] == "Corrected version of the text." and stored["version"] == 2
    versions = any_store.versions(v1.id)
    assert [v["text"] for v in versions] == ["First version of the text.", "Corrected version of the text."]
    assert versions[0]["raw"] == "<p>First version of the text.</p>"
    # Reverting to a known content points back at that version instead of adding a third.
    any_store.write_articles([v1])
    assert any_store.article(v1.id)["version"] == 1
    assert len(any_store.versions(v1.id)) == 2


def test_published_time_round_trips_as_aware_utc(any_store: Store):
    art = make("https://example.org/t", "Text.", published=datetime(2025, 12, 13, 12, 0, tzinfo=timezone.utc))
    any_store.write_articles([art])
    assert any_store.article(art.id)["published"] == datetime(2025, 12, 13, 12, 0, tzinfo=timezone.utc)


def test_full_text_search_ranks_title_matches_and_ignores_query_syntax(any_store: Store):
    any_store.write_articles([
        make("https://example.org/1", "Potash sanctions were lifted by Washington.", title="Belarus frees prisoners"),
        make("https://example.org/2", "An earthquake struck the coast.", title="Quake hits coast"),
    ])
    hits = any_store.search("potash")
    assert [h["url"] for h in hits] == ["https://example.org/1"]
    assert [h["url"] for h in any_store.search("earthquake")] == ["https://example.org/2"]
    # FTS operators and quotes in user input are treated as plain words, never as syntax errors.
    assert any_store.search('potash" OR NEAR(') == [] or any_store.search('potash" OR NEAR(')[0]["url"].endswith("/1")
    assert any_store.search("   ") == []


def test_count_matching_counts_what_search_finds(any_store: Store):
    """What a page's background questions read to tell whom every reader knows: how many
    articles hold every word of a name (the same index as the search, on both backends)."""
    from newsprism.stories import PROMINENT_MIN_ARTICLES, archive_share_of

    any_store.write_articles([
        make(f"https://example.org/{n}", f"Joe Biden spoke on day {n}." + (" Mara Quist listened." if n < 2 else ""),
             title=f"Speech {n}") for n in range(6)
    ])
    assert any_store.count_matching("Joe Biden") == 6 == len(any_store.search("Joe Biden", limit=50))
    assert any_store.count_matching("Mara Quist") == 2
    assert any_store.count_matching('Quist" OR NEAR(') in (0, 2)  # syntax is never parsed
    assert any_store.count_matching("  ") == 0
    assert archive_share_of(any_store) is None  # six articles say nothing of what readers know
    assert PROMINENT_MIN_ARTICLES > 6


def test_a_name_is_known_to_the_archives_readers_by_how_many_articles_name_it(any_store: Store):
    """A month of real news (424 articles) asked "Who is Donald Trump?", named in 269 of them:
    an archive under 500 articles had no prominent names at all. Now a name needs a share and
    at least PROMINENT_MIN_ARTICLES articles, whatever the archive's size."""
    from newsprism.stories import PROMINENT_MIN_ARTICLES, archive_share_of

    n = PROMINENT_MIN_ARTICLES + 10
    any_store.write_articles([
        make(f"https://example.org/k{i}", f"Joe Biden spoke on day {i}." + (" Mara Quist listened." if i < 10 else ""),
             title=f"Speech {i}") for i in range(n)
    ])
    share = archive_share_of(any_store)
    assert share is not None
    assert share("Joe Biden") == 1.0  # in every article, and in more than PROMINENT_MIN_ARTICLES
    assert share("Mara Quist") == 0.0  # a sixth of the archive, but only ten articles


def test_updated_text_is_searchable_under_the_new_words_only(any_store: Store):
    any_store.write_articles([make("https://example.org/u", "Original wording about tariffs.")])
    any_store.write_articles([make("https://example.org/u", "Revised wording about subsidies.")])
    assert any_store.search("tariffs") == []
    assert len(any_store.search("subsidies")) == 1


def test_copy_candidates_by_band_key_and_hash(any_store: Store):
    a = make("https://example.org/orig", "Original wire report text.")
    b = make("https://example.org/other", "Unrelated text.")
    any_store.write_articles(
        [a, b],
        copy_data={
            a.id: CopyData(signature=b"\x01\x02", shingles=12, band_keys=["0:aa", "1:bb"]),
            b.id: CopyData(signature=b"\x03", shingles=3, band_keys=["0:cc"]),
        },
    )
    found = any_store.copy_candidates(["1:bb", "9:zz"])
    assert [c.article_id for c in found] == [a.id]
    assert found[0].signature == b"\x01\x02" and found[0].shingles == 12
    assert [c.article_id for c in any_store.copy_candidates([], [b.text_hash])] == [b.id]
    assert any_store.copy_candidates([], []) == []


def test_duplicate_updates_repoint_stored_articles(any_store: Store):
    a = make("https://example.org/late", "Same wire text.")
    any_store.write_articles([a])
    b = make("https://example.org/early", "Same wire text.")
    any_store.write_articles([b], duplicate_updates={a.id: b.id})
    assert any_store.article(a.id)["duplicate_of"] == b.id
    assert any_store.copies_of([b.id]) == {b.id: [a.id]}


def test_a_failing_batch_leaves_earlier_data_untouched(any_store: Store):
    good = make("https://example.org/good", "Stored before.")
    any_store.write_articles([good])
    broken = dataclasses.replace(make("https://example.org/bad", "x"), title=None)  # NOT NULL violated
    with pytest.raises(Exception):
        any_store.write_articles([make("https://example.org/new", "New text."), broken])
    assert any_store.count_articles() == 1
    assert any_store.article(good.id)["text"] == "Stored before."


def test_errors_and_runs_are_recorded(any_store: Store):
    run = any_store.start_run("ingest x")
    any_store.record_errors(run, [ItemError("feed.xml", "source", "malformed XML")])
    any_store.finish_run(run, {"inserted": 0})
    rows = any_store.errors(last_run=True)
    assert [(r["item"], r["stage"], r["reason"]) for r in rows] == [("feed.xml", "source", "malformed XML")]


def test_fetch_state_keeps_validators_across_304(any_store: Store):
    any_store.save_fetch_state("https://f.example/rss", status=200, etag='"v1"', last_modified="Sat, 13 Dec 2025 10:00:00 GMT")
    any_store.save_fetch_state("https://f.example/rss", status=304)
    assert any_store.fetch_validators("https://f.example/rss") == ('"v1"', "Sat, 13 Dec 2025 10:00:00 GMT")
    assert any_store.fetch_validators("https://f.example/none") == (None, None)


def test_migrations_are_recorded_and_reopening_is_safe(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    with Store.open(url) as s:
        s.write_articles([make("https://example.org/m", "Kept.")])
    with Store.open(url) as s:
        with s.engine.connect() as conn:
            assert current_version(conn) == LATEST
        assert s.count_articles() == 1


def test_a_database_from_a_newer_version_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'n.db'}"
    with Store.open(url) as s:
        with s.engine.begin() as conn:
            conn.execute(schema.meta.update().values(value=str(LATEST + 5)))
    with pytest.raises(StoreError, match="newer than this newsprism knows"):
        Store.open(url)


def test_sqlite_runs_in_wal_mode(store: Store):
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_unreachable_database_is_a_clear_error():
    with pytest.raises(StoreError, match="cannot open the database"):
        Store.open("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")


def test_schema_tables_exist(store: Store):
    with store.engine.connect() as conn:
        for table in (schema.articles, schema.article_versions, schema.copy_bands, schema.errors):
            conn.execute(select(table).limit(1)).all()


def test_a_version_3_database_gains_the_page_columns(tmp_path):
    """Upgrades run in place: a database written before story pages were cached keeps its
    data and gets the new columns."""
    from sqlalchemy import inspect

    url = f"sqlite:///{tmp_path / 'v3.db'}"
    with Store.open(url) as s:
        s.write_articles([make("https://example.org/keep", "Kept across the upgrade.")])
        with s.engine.begin() as conn:
            conn.exec_driver_sql("ALTER TABLE stories DROP COLUMN page")
            conn.exec_driver_sql("ALTER TABLE stories DROP COLUMN page_key")
            conn.execute(schema.meta.update().values(value="3"))
    with Store.open(url) as s:
        columns = {c["name"] for c in inspect(s.engine).get_columns("stories")}
        assert {"page", "page_key"} <= columns
        assert s.count_articles() == 1
        with s.engine.connect() as conn:
            assert current_version(conn) == LATEST
