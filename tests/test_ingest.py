"""End to end: real HTTP server on 127.0.0.1 serving fixture feeds and pages -> store."""

from __future__ import annotations

import dataclasses
import gzip
import json
from pathlib import Path

import pytest
from httpserver import Route, http_server  # noqa: F401  (pytest fixture)

from newsprism.pipeline import SerialExecutor, ingest
from newsprism.store import Store

SITE = Path(__file__).parent / "fixtures" / "site"
PAGES = ["harbor.html", "quake.html", "wire.html"]
TITLES = {
    "harbor.html": "Harbor authority approves night ferry service",
    "quake.html": "Moderate earthquake shakes coastal towns, no injuries reported",
    "wire.html": "Central bank holds rates steady as inflation eases",
}


def serve_site(server) -> None:
    for name in PAGES:
        server.route(f"/news/{name}", body=(SITE / name).read_bytes(), headers={"Content-Type": "text/html; charset=utf-8"})
    server.route("/robots.txt", body=b"User-agent: *\nDisallow: /private/\n", headers={"Content-Type": "text/plain"})


def rss(server, names=PAGES, teaser=True) -> bytes:
    items = "".join(
        f"<item><title>{TITLES[n]}</title><link>{server.url('/news/' + n)}</link>"
        f"<pubDate>Mon, 02 Mar 2026 09:00:00 GMT</pubDate>"
        f"<description>{'Read the full story…' if teaser else ''}</description></item>"
        for n in names
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Fixture Gazette</title>'
            f"<link>{server.url('/')}</link>{items}</channel></rss>").encode()


def run(store: Store, settings, inputs, **kw):
    return ingest([str(i) for i in inputs], store, settings, executor=SerialExecutor(), **kw)


def test_rss_teasers_get_their_pages_fetched_and_extracted(http_server, store, settings):
    serve_site(http_server)
    http_server.route("/rss.xml", body=rss(http_server), headers={"Content-Type": "application/rss+xml"})
    report = run(store, settings, [http_server.url("/rss.xml")])
    assert report.errors == [] and report.inserted == 3
    rows = {r["title"]: r for r in store.articles()}
    assert set(rows) == set(TITLES.values())
    harbor = rows[TITLES["harbor.html"]]
    assert "night ferry service between the old town" in harbor["text"]
    assert "tracker" not in harbor["text"] and "Subscribe to our newsletter" not in harbor["text"]
    assert harbor["source"] == "127.0.0.1"
    # The raw page is kept beside the cleaned text.
    assert "<nav>" in store.versions(harbor["id"])[0]["raw"]
    ua = {r.headers.get("user-agent", "") for r in http_server.requests}
    assert all(u.startswith("newsprism/") for u in ua)


def test_second_poll_of_an_unchanged_feed_is_a_conditional_get_answered_304(http_server, store, settings):
    serve_site(http_server)
    body = rss(http_server)

    def feed(request):
        if request.headers.get("if-none-match") == '"v1"':
            return Route(status=304, headers={"ETag": '"v1"'})
        return Route(body=body, headers={"Content-Type": "application/rss+xml", "ETag": '"v1"',
                                         "Last-Modified": "Mon, 02 Mar 2026 09:00:00 GMT"})

    http_server.route("/rss.xml", handler=feed)
    first = run(store, settings, [http_server.url("/rss.xml")])
    second = run(store, settings, [http_server.url("/rss.xml")])
    assert first.inserted == 3
    assert second.not_modified == 1 and second.inserted == 0 and second.errors == []
    polls = [r for r in http_server.requests if r.path == "/rss.xml"]
    assert polls[-1].headers.get("if-none-match") == '"v1"'
    assert polls[-1].headers.get("if-modified-since") == "Mon, 02 Mar 2026 09:00:00 GMT"


def test_every_feed_format_through_an_opml_file(http_server, store, settings, tmp_path):
    serve_site(http_server)
    atom = (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>'
            f'<id>urn:a</id><updated>2026-03-03T15:00:00Z</updated><entry><title>{TITLES["quake.html"]}</title>'
            f'<link href="{http_server.url("/news/quake.html")}"/><id>urn:q</id><updated>2026-03-03T15:00:00Z</updated>'
            f"</entry></feed>").encode()
    jsonfeed = json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [
            {"id": "w", "url": http_server.url("/news/wire.html"), "title": TITLES["wire.html"],
             "date_published": "2026-03-04T10:00:00Z"}]}).encode()
    http_server.route("/rss.xml", body=rss(http_server, ["harbor.html"]), headers={"Content-Type": "application/rss+xml"})
    http_server.route("/atom.xml", body=atom, headers={"Content-Type": "application/atom+xml"})
    http_server.route("/feed.json", body=jsonfeed, headers={"Content-Type": "application/feed+json"})
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>f</title></head><body>'
        '<outline text="News">'
        f'<outline type="rss" text="R" xmlUrl="{http_server.url("/rss.xml")}"/>'
        f'<outline type="rss" text="A" xmlUrl="{http_server.url("/atom.xml")}"/>'
        f'<outline type="rss" text="J" xmlUrl="{http_server.url("/feed.json")}"/>'
        "</outline></body></opml>"
    )
    report = run(store, settings, [opml])
    assert report.errors == []
    assert {r["title"] for r in store.articles()} == set(TITLES.values())


def test_news_sitemap_and_single_page_url(http_server, store, settings):
    serve_site(http_server)
    sitemap = ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
               'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
               + "".join(f"<url><loc>{http_server.url('/news/' + n)}</loc><news:news><news:publication_date>"
                         f"2026-03-0{i + 2}T08:00:00Z</news:publication_date><news:title>{TITLES[n]}</news:title>"
                         f"</news:news></url>" for i, n in enumerate(PAGES[:2]))
               + "</urlset>").encode()
    http_server.route("/sitemap.xml", body=gzip.compress(sitemap), headers={"Content-Type": "application/x-gzip"})
    report = run(store, settings, [http_server.url("/sitemap.xml"), http_server.url("/news/wire.html")])
    assert report.errors == [] and report.inserted == 3
    wire = [r for r in store.articles() if r["title"] == TITLES["wire.html"]][0]
    assert wire["published"].isoformat().startswith("2026-03-04")


def test_cp1251_feed_without_http_charset_comes_back_right(http_server, store, settings):
    text = ("Городской совет утвердил новый бюджет на следующий год. " * 12).strip()
    body = ('<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel><title>Новости</title>'
            f"<link>{http_server.url('/')}</link><item><title>Совет утвердил бюджет</title>"
            f"<link>{http_server.url('/ru/1')}</link><description>{text}</description>"
            "<pubDate>Tue, 03 Mar 2026 10:00:00 GMT</pubDate></item></channel></rss>").encode("cp1251")
    http_server.route("/ru.xml", body=body, headers={"Content-Type": "application/xml"})
    report = run(store, settings, [http_server.url("/ru.xml")])
    assert report.errors == [] and report.inserted == 1
    art = store.articles()[0]
    assert art["title"] == "Совет утвердил бюджет" and "Городской совет" in art["text"]


def test_broken_sources_are_named_and_the_rest_is_stored(http_server, store, settings, tmp_path):
    serve_site(http_server)
    http_server.route("/rss.xml", body=rss(http_server, ["harbor.html"]), headers={"Content-Type": "application/rss+xml"})
    http_server.route("/gone.xml", status=404, body=b"not here")
    http_server.route("/html-as-feed.xml", body=b"<html><body><p>Hello</p></body></html>",
                      headers={"Content-Type": "application/rss+xml"})
    http_server.route("/broken.xml", body=b'<?xml version="1.0"?><rss><channel><item><title>x',
                      headers={"Content-Type": "application/rss+xml"})
    junk = tmp_path / "junk.html"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    before = store.count_articles()
    report = run(store, settings, [
        http_server.url("/gone.xml"), http_server.url("/html-as-feed.xml"), http_server.url("/broken.xml"),
        junk, tmp_path / "missing.txt", http_server.url("/rss.xml"),
    ])
    assert report.inserted == 1 and before == 0
    reasons = {e.item: e.reason for e in report.errors}
    assert "404" in reasons[http_server.url("/gone.xml")]
    assert any("binary" in r for i, r in reasons.items() if i.endswith("junk.html"))
    assert any("no such file" in r for i, r in reasons.items() if i.endswith("missing.txt"))
    assert len(report.errors) >= 4
    recorded = store.errors(last_run=True)
    assert len(recorded) == len(report.errors)


def test_loopback_is_refused_unless_allowed(http_server, store, settings):
    serve_site(http_server)
    strict = dataclasses.replace(settings, allow_private_addresses=False)
    report = run(store, strict, [http_server.url("/news/harbor.html")])
    assert report.inserted == 0 and len(report.errors) == 1
    assert "private" in report.errors[0].reason or "loopback" in report.errors[0].reason
    assert http_server.requests == []


def test_robots_txt_is_obeyed(http_server, store, settings):
    serve_site(http_server)
    http_server.route("/private/secret.html", body=(SITE / "harbor.html").read_bytes(),
                      headers={"Content-Type": "text/html"})
    report = run(store, settings, [http_server.url("/private/secret.html")])
    assert report.inserted == 0 and "robots" in report.errors[0].reason


def wire_records() -> list[dict]:
    body = (SITE / "wire.html").read_text()
    import re

    paras = re.findall(r"<p>(.*?)</p>", body)
    text = "\n\n".join(paras)
    return [
        {"url": "https://meridian.example/rates", "title": TITLES["wire.html"], "text": text,
         "published": "2026-03-04T10:00:00Z", "source": "meridian.example"},
        {"url": "https://daily.example/economy/rates-hold", "title": "Rates unchanged, bank says",
         "text": text + "\n\nThis article was originally published by Meridian Wire.",
         "published": "2026-03-04T11:30:00Z", "source": "daily.example"},
        {"url": "https://other.example/rates", "title": "Bank keeps rates on hold",
         "text": ("The central bank left borrowing costs unchanged on Wednesday. Its governor, Ilse Narow, "
                  "said services inflation was still too high to start cutting, although headline inflation "
                  "fell to 2.8 percent in February. Analysts at two domestic banks said they now expect a first "
                  "cut in June, and exporters complained that the strong currency was hurting orders."),
         "published": "2026-03-04T12:00:00Z", "source": "other.example"},
    ]


def test_wire_copy_points_at_the_earliest_original_and_independent_report_does_not(store, settings, tmp_path):
    f = tmp_path / "wire.jsonl"
    recs = wire_records()
    # The copy arrives first: the original, published earlier, must still become the original.
    f.write_text("\n".join(json.dumps(r) for r in [recs[1], recs[2]]) + "\n")
    run(store, settings, [f])
    g = tmp_path / "orig.jsonl"
    g.write_text(json.dumps(recs[0]) + "\n")
    run(store, settings, [g])
    by_url = {r["url"]: r for r in store.articles()}
    orig = by_url["https://meridian.example/rates"]
    assert orig["duplicate_of"] is None
    assert by_url["https://daily.example/economy/rates-hold"]["duplicate_of"] == orig["id"]
    assert by_url["https://other.example/rates"]["duplicate_of"] is None


def test_reingesting_is_a_noop_and_changed_content_is_a_new_version(store, settings, tmp_path):
    f = tmp_path / "a.jsonl"
    recs = wire_records()
    f.write_text("\n".join(json.dumps(r) for r in recs) + "\n")
    first = run(store, settings, [f])
    again = run(store, settings, [f])
    assert first.inserted == 3 and again.inserted == 0 and again.updated == 0 and again.unchanged == 3
    recs[2]["text"] += " Correction: an earlier version misstated the month."
    f.write_text("\n".join(json.dumps(r) for r in recs) + "\n")
    third = run(store, settings, [f])
    assert third.updated == 1 and third.unchanged == 2
    art = [r for r in store.articles() if r["url"] == "https://other.example/rates"][0]
    assert art["version"] == 2 and len(store.versions(art["id"])) == 2


def test_jsonl_on_stdin_with_bad_lines(store, settings):
    import io

    recs = wire_records()
    data = (json.dumps(recs[0]) + "\n{not json\n" + json.dumps({"title": "no url", "text": "x"}) + "\n"
            + json.dumps(recs[2]) + "\n").encode()
    report = ingest(["-"], store, settings, executor=SerialExecutor(), stdin=io.BytesIO(data))
    assert report.inserted == 2 and len(report.errors) == 2
    assert all("stdin" in e.item for e in report.errors)


def test_the_four_seed_articles(store, settings, seeds):
    report = run(store, settings, seeds)
    assert report.errors == [] and report.inserted == 4
    rows = {Path(r["url"]).name[:3]: r for r in store.articles()}
    assert rows["002"]["published"].date().isoformat() == "2025-12-13"
    text0 = rows["000"]["text"]
    for caption in ("Department of State", "Financial Times", "th China Morning Post"):
        assert not any(line.strip() == caption for line in text0.splitlines()), caption
    assert not rows["002"]["text"].startswith("date")


def test_ingesting_in_a_process_pool_gives_the_same_articles(store, settings, tmp_path):
    from newsprism.pipeline import ProcessExecutor, _POOL_MIN_ITEMS

    folder = tmp_path / "pages"
    folder.mkdir()
    for i in range(_POOL_MIN_ITEMS + 2):
        name = PAGES[i % 3]
        html = (SITE / name).read_text().replace(
            "<head>", f'<head><link rel="canonical" href="https://pool.example/{i}">', 1)
        # Make each page's text distinct so none is a copy of another.
        html = html.replace("</article>", f"<p>Update {i}: this paragraph is unique to page number {i} of the test.</p></article>")
        (folder / f"{i:02d}-{name}").write_text(html)
    pool = ProcessExecutor(2)
    try:
        report = ingest([str(folder)], store, settings, executor=pool)
    finally:
        pool.close()
    assert report.errors == [] and report.inserted == _POOL_MIN_ITEMS + 2
    assert {r["url"] for r in store.articles()} == {f"https://pool.example/{i}" for i in range(_POOL_MIN_ITEMS + 2)}


@pytest.mark.parametrize("name", PAGES)
def test_local_html_files_are_extracted(store, settings, name):
    report = run(store, settings, [SITE / name])
    assert report.errors == [] and report.inserted == 1
    assert store.articles()[0]["title"] == TITLES[name]


def test_the_same_ingest_on_postgres(pg_url, settings, tmp_path):
    """The whole pipeline against a real PostgreSQL server: copies, versions, full-text search."""
    pg_settings = dataclasses.replace(settings, database_url=pg_url)
    f = tmp_path / "wire.jsonl"
    f.write_text("\n".join(json.dumps(r) for r in wire_records()) + "\n")
    with Store.open(pg_url) as pg:
        first = run(pg, pg_settings, [f, SITE / "harbor.html"])
        again = run(pg, pg_settings, [f])
        assert first.errors == [] and first.inserted == 4 and first.copies == 1
        assert again.unchanged == 3 and again.inserted == 0
        by_url = {r["url"]: r for r in pg.articles()}
        assert by_url["https://daily.example/economy/rates-hold"]["duplicate_of"] == by_url["https://meridian.example/rates"]["id"]
        assert {h["url"] for h in pg.search("ferry")} == {by_url[u]["url"] for u in by_url if "harbor" in by_url[u]["title"].lower()}


def test_a_publication_date_far_in_the_future_is_stored_as_unknown(store, settings, tmp_path):
    """A feed dating an item 2099 gets no 2099 in the store: the date is dropped (kept aside in
    the metadata), the item is stored, the rest of the batch goes on; a date an hour ahead
    (a time-zone slip) is kept."""
    from datetime import datetime, timedelta, timezone

    soon = (datetime.now(timezone.utc) + timedelta(hours=1)).replace(microsecond=0)
    f = tmp_path / "dates.jsonl"
    f.write_text("\n".join(json.dumps(r) for r in [
        {"url": "https://odd.example/a", "title": "Ferry strike halts crossings", "published": "2099-01-01T00:00:00Z",
         "text": "Crews of the state ferry line walked out on Monday over pay, halting crossings to the islands."},
        {"url": "https://fine.example/b", "title": "Bridge reopens after repairs", "published": soon.isoformat(),
         "text": "The bridge over the river reopened on Tuesday after six weeks of repairs to its deck and rails."},
    ]) + "\n")
    report = run(store, settings, [f])
    assert report.errors == [] and report.inserted == 2
    rows = {r["url"]: r for r in store.articles()}
    assert rows["https://odd.example/a"]["published"] is None
    assert rows["https://odd.example/a"]["metadata"]["published_as_given"].startswith("2099-01-01")
    assert rows["https://fine.example/b"]["published"] == soon
