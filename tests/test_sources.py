"""Tests for newsprism.sources: every kind of input into RawItems, and bad input named.

Fixtures live in tests/fixtures/sources/ (written for this project); binary and
oversized inputs are built in tmp_path so no junk sits in the repository.
"""

from __future__ import annotations

import gzip
import io
import json
import shutil
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from newsprism.records import ItemError, RawItem
from newsprism.sources import (
    TEASER_MAX_WORDS,
    FeedRef,
    OpmlRefs,
    SitemapRefs,
    SourceError,
    decode_bytes,
    discover_feeds,
    is_teaser,
    parse_date,
    parse_feed,
    parse_opml,
    parse_sitemap,
    parse_text_article,
    read_jsonl,
    read_opml_file,
    read_path,
    record_to_item,
    sniff,
    url_source,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "sources"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "seeds"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
UTC = timezone.utc


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def feed(name: str, url: str | None = None, content_type: str | None = None):
    return parse_feed(fixture(name), url or f"https://feeds.example.com/{name}", content_type)


def split(results):
    results = list(results)
    items = [r for r in results if isinstance(r, RawItem)]
    errors = [r for r in results if isinstance(r, ItemError)]
    return items, errors


# --- feeds ---------------------------------------------------------------------------


def test_rss091_with_netscape_doctype_and_latin1():
    result = feed("rss091.xml")
    assert result.version == "rss091n"
    assert result.title == "Eastmoor Gazette"
    assert [i.url for i in result.items] == [
        "https://gazette.example.org/news/ferry-terminal",
        "https://gazette.example.org/news/parking",
    ]
    assert result.items[1].title == "Café owners protest new parking rules"
    assert result.items[0].language == "en-gb"
    assert result.items[0].source == "gazette.example.org"
    assert not result.items[0].needs_fetch  # a full paragraph in <description>
    assert result.items[1].needs_fetch  # one sentence


def test_rss10_rdf():
    result = feed("rss10.rdf")
    assert result.version == "rss10"
    first, second = result.items
    assert first.title == "New library opens after four years"
    assert first.author == "Ines Alvarez"
    assert first.published == datetime(2025, 11, 29, 8, 30, tzinfo=UTC)
    assert second.published == datetime(2025, 11, 28, tzinfo=UTC)
    assert first.origin == "https://feeds.example.com/rss10.rdf"


def test_rss20_prefers_content_encoded_and_reports_linkless_entry():
    result = feed("rss20_content.xml")
    assert result.version == "rss20"
    assert result.link == "https://www.harbourtimes.example.com/"
    first = result.items[0]
    assert first.title == "Ferry terminal closes & commuters move south"
    assert "Work starts in January" in first.html  # from content:encoded, not description
    assert first.text is None
    assert first.published == datetime(2025, 12, 13, 9, 15, tzinfo=UTC)
    assert first.author == "Tom Berg"
    assert first.source == "harbourtimes.example.com"
    assert first.metadata["tags"] == ["Transport", "Eastmoor"]
    assert first.raw_type == "json"
    assert json.loads(first.raw)["title"] == first.title
    assert not first.needs_fetch
    # EST is five hours behind UTC.
    assert result.items[1].published == datetime(2025, 12, 12, 23, 0, tzinfo=UTC)
    # The third entry has only a non-permalink guid: skipped, with its title named.
    assert len(result.errors) == 1
    assert "entry 3" in result.errors[0].item
    assert "An entry without any link" in result.errors[0].item
    assert "no usable http(s) link" in result.errors[0].reason
    assert result.errors[0].stage == "source"


def test_relative_link_resolves_against_feed_url():
    result = feed("rss20_content.xml", url="https://www.harbourtimes.example.com/feeds/all.rss")
    assert result.items[1].url == "https://www.harbourtimes.example.com/2025/12/council-meeting"


def test_relative_links_in_a_feed_file_resolve_against_the_site_link():
    items, errors = split(read_path(FIXTURES / "relative.xml"))
    assert [i.url for i in items] == [
        "https://relative.example.com/2025/root-relative",
        "https://relative.example.com/news/story-two",
        "https://cdn.example.com/three",
    ]
    assert all(i.origin == str(FIXTURES / "relative.xml") for i in items)
    (error,) = errors
    assert error.item.startswith(str(FIXTURES / "relative.xml"))
    assert "Not a web link" in error.item


def test_atom_html_title_multiple_authors_and_xml_base():
    result = feed("atom.xml")
    assert result.version == "atom10"
    library, pier = result.items
    assert library.title == "Library finally opens"
    assert library.author == "Ada Moreno, Lee Chang"
    assert library.published == datetime(2025, 12, 13, 6, 0, tzinfo=UTC)
    assert library.html and "river district" in library.html  # content over summary
    assert library.language == "en"
    assert not library.needs_fetch
    assert pier.url == "https://observer.example.com/sections/pier/update"
    assert pier.needs_fetch


def test_json_feed_11():
    result = feed("jsonfeed11.json", url="https://quay.example.org/feed.json")
    assert result.version == "json11"
    assert result.title == "Quay Daily"
    ferry, library, note = result.items
    assert ferry.html.startswith("<p>The harbour authority")
    assert ferry.author == "Mia Roth"
    assert ferry.published == datetime(2025, 12, 13, 9, 0, tzinfo=UTC)
    assert ferry.metadata["summary"] == "Terminal shuts for repairs."
    assert ferry.language == "en-GB"
    assert not ferry.needs_fetch
    assert library.url == "https://quay.example.org/library"  # relative url resolved
    assert library.text and library.html is None
    assert library.author == "Quay Daily staff"  # feed-level authors
    assert library.language == "en-US"
    assert note.url == "https://quay.example.org/note"  # id used as the link
    assert note.title is None and note.needs_fetch
    (error,) = result.errors
    assert "No url at all" in error.item and "no usable http(s) url" in error.reason


def test_json_feed_10_author():
    result = feed("jsonfeed10.json")
    assert result.version == "json1"
    assert result.items[0].author == "Old Author"


def test_teaser_feed_needs_fetch():
    result = feed("teaser.xml")
    assert [i.needs_fetch for i in result.items] == [True, True, True]
    headline_only = result.items[2]
    assert headline_only.html is None and headline_only.text is None


def test_is_teaser_rules():
    long_text = " ".join(["word"] * (TEASER_MAX_WORDS + 10))
    assert not is_teaser(long_text + " end.")
    assert is_teaser(long_text + " [\u2026]")
    assert is_teaser(long_text + " Continue reading \u2192")
    assert is_teaser(long_text + " Read the full story")
    assert is_teaser(" ".join(["word"] * (TEASER_MAX_WORDS - 1)))
    assert is_teaser("")
    assert is_teaser(None)


def test_cp1251_feed_with_declaration():
    result = feed("cp1251_feed.xml")
    (item,) = result.items
    assert result.title == "Новости Минска"
    assert item.title == "Беларусь освободила 123 заключённых"
    assert "Алесь Беляцкий" in item.html
    assert item.published == datetime(2025, 12, 13, 11, 0, tzinfo=UTC)


def test_truncated_feed_keeps_recovered_entries():
    result = feed("truncated.xml")
    urls = [i.url for i in result.items]
    assert urls[:2] == ["https://cut.example.com/one", "https://cut.example.com/two"]
    assert result.warnings and "malformed XML" in result.warnings[0]


def test_malformed_xml_without_entries_is_an_error():
    with pytest.raises(SourceError) as info:
        feed("not_xml.xml")
    assert info.value.stage == "source"
    assert "malformed XML" in info.value.reason
    assert info.value.item == "https://feeds.example.com/not_xml.xml"


def test_html_page_given_as_feed():
    with pytest.raises(SourceError) as info:
        feed("html_page.xml", url="https://www.harbourtimes.example.com/")
    assert "HTML page, not a feed" in str(info.value)
    assert "https://www.harbourtimes.example.com/rss" in info.value.reason  # the advertised feed


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (PNG, "binary content (looks like PNG image), not text"),
        (b"\x1f\x8b\x08\x00junk", "gzip"),
        (b'{"items": []}', "not a JSON Feed"),
        (b"<note>not a feed</note>", "not a feed"),
        (fixture("nested.opml"), "OPML"),
        (fixture("news_sitemap.xml"), "sitemap"),
    ],
)
def test_parse_feed_refuses_non_feeds(data, reason):
    with pytest.raises(SourceError) as info:
        parse_feed(data, "https://feeds.example.com/x")
    assert reason in info.value.reason


def test_billion_laughs_refused_quickly():
    start = time.perf_counter()
    with pytest.raises(SourceError) as info:
        feed("billion_laughs.xml")
    assert "entity" in info.value.reason
    assert time.perf_counter() - start < 1.0


def test_quadratic_blowup_and_xxe_refused():
    big = "A" * 5000
    quadratic = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "{big}">]>'
        "<rss><channel><title>" + "&a;" * 1000 + "</title></channel></rss>"
    ).encode()
    with pytest.raises(SourceError, match="long text"):
        parse_feed(quadratic, "https://x.example.com/feed")
    with pytest.raises(SourceError, match="external entity"):
        parse_opml(fixture("xxe.opml"), "xxe.opml")
    with pytest.raises(SourceError, match="external entity"):
        parse_sitemap(
            b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<urlset><url><loc>&x;</loc></url></urlset>",
            "s.xml",
        )


def test_entity_declarations_hidden_behind_markup_in_a_value_are_still_seen():
    data = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "]>">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><rss><channel><title>&b;</title>'
        b"</channel></rss>"
    )
    with pytest.raises(SourceError, match="entity b that expands"):
        parse_feed(data, "https://x.example.com/feed")


def test_entity_text_after_the_doctype_is_not_mistaken_for_a_declaration():
    data = (
        b'<?xml version="1.0"?><!DOCTYPE rss>'
        b"<rss version='2.0'><channel><title>XML security</title><item><title>XXE</title>"
        b"<link>https://x.example.com/xxe</link><description><![CDATA[Attackers write "
        b'<!ENTITY x SYSTEM "file:///etc/passwd"> in a DTD.]]></description></item>'
        b"</channel></rss>"
    )
    result = parse_feed(data, "https://x.example.com/feed")
    assert "ENTITY" in result.items[0].html


def test_short_literal_entities_still_allowed():
    data = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY nbsp "&#160;">]>'
        b"<rss version='2.0'><channel><title>A&nbsp;B</title>"
        b"<item><title>T</title><link>https://x.example.com/a</link></item></channel></rss>"
    )
    result = parse_feed(data, "https://x.example.com/feed")
    assert result.title == "A B"  # &nbsp; expanded (then whitespace collapsed)
    assert result.items[0].url == "https://x.example.com/a"


# --- OPML ----------------------------------------------------------------------------


def test_opml_nested_categories_and_duplicates():
    refs = parse_opml(fixture("nested.opml"), "subs.opml")
    assert refs == [
        FeedRef(
            "https://www.harbourtimes.example.com/rss",
            "Harbour Times",
            "News / Europe",
            "https://www.harbourtimes.example.com/",
        ),
        FeedRef("https://river.example.net/rss", "River District", "News / Europe"),
        FeedRef("https://quay.example.org/feed.json", "Quay Daily", "News"),
        FeedRef("https://top.example.com/feed", "Top level", "Tech / Open Source"),
    ]
    assert read_opml_file(FIXTURES / "nested.opml") == refs


def test_opml_relative_xmlurl_and_errors():
    data = b'<opml version="1.0"><body><outline text="a" xmlUrl="/feed.xml"/></body></opml>'
    assert parse_opml(data, "https://site.example.com/subs.opml")[0].url == (
        "https://site.example.com/feed.xml"
    )
    with pytest.raises(SourceError, match="malformed OPML"):
        parse_opml(b"<opml><body><outline></body>", "broken.opml")
    with pytest.raises(SourceError, match="not an OPML document"):
        parse_opml(b"<rss/>", "rss.opml")
    with pytest.raises(SourceError, match="empty"):
        parse_opml(b"", "empty.opml")


# --- sitemaps ------------------------------------------------------------------------


def test_news_sitemap():
    sitemap = parse_sitemap(fixture("news_sitemap.xml"), "https://www.harbourtimes.example.com/s.xml")
    first, second = sitemap.entries
    assert first.url == "https://www.harbourtimes.example.com/2025/12/ferry-terminal"
    assert first.published == datetime(2025, 12, 13, 9, 15, tzinfo=UTC)  # news date over lastmod
    assert first.title == "Ferry terminal closes"
    assert first.language == "en"
    assert first.publication == "Harbour Times"
    assert first.keywords == ("ferry", "Eastmoor", "transport")
    assert second.published == datetime(2025, 12, 12, tzinfo=UTC)  # from lastmod
    assert sitemap.sitemaps == []
    (error,) = sitemap.errors  # the <url> without <loc>
    assert "url 3" in error.item


def test_sitemap_index_gzipped():
    sitemap = parse_sitemap(gzip.compress(fixture("sitemap_index.xml")), "index.xml.gz")
    assert sitemap.entries == []
    assert sitemap.sitemaps == [
        "https://www.harbourtimes.example.com/sitemap-news.xml",
        "https://www.harbourtimes.example.com/sitemap-2025-12.xml.gz",
    ]


def test_gzip_bomb_and_truncated_gzip_refused():
    bomb = gzip.compress(b"<urlset>" + b" " * 2_000_000 + b"</urlset>")
    with pytest.raises(SourceError, match="expands beyond"):
        parse_sitemap(bomb, "bomb.xml.gz", max_bytes=1_000_000)
    with pytest.raises(SourceError, match="truncated gzip"):
        parse_sitemap(gzip.compress(fixture("news_sitemap.xml"))[:100], "cut.xml.gz")


def test_text_sitemap_and_non_sitemap():
    sitemap = parse_sitemap(b"https://a.example.com/1\nhttps://a.example.com/2\n", "s.txt")
    assert [e.url for e in sitemap.entries] == ["https://a.example.com/1", "https://a.example.com/2"]
    with pytest.raises(SourceError, match="not a sitemap"):
        parse_sitemap(b"<rss/>", "rss.xml")


# --- decoding and sniffing ------------------------------------------------------------


def test_decode_order():
    text = "Café crème"
    assert decode_bytes(b"\xef\xbb\xbf" + text.encode()) == text
    assert decode_bytes(text.encode("utf-16")) == text
    assert decode_bytes(text.encode("latin-1"), "iso-8859-1") == text
    # Mislabelled UTF-8 (a server default of latin-1): UTF-8 wins, no mojibake.
    assert decode_bytes(text.encode(), "iso-8859-1") == text
    # An unknown declared charset is ignored.
    assert decode_bytes(text.encode(), "no-such-charset") == text
    # Declared in the document.
    html = '<html><head><meta charset="windows-1251"></head><body>Минск</body></html>'
    assert "Минск" in decode_bytes(html.encode("cp1251"))
    xml = '<?xml version="1.0" encoding="koi8-r"?><t>Минск</t>'
    assert "Минск" in decode_bytes(xml.encode("koi8_r"))


def test_decode_guesses_cp1251_and_latin1_without_declaration():
    text = decode_bytes(fixture("cp1251_article.txt"))
    assert text.startswith("Беларусь освободила 123 заключённых")
    page = decode_bytes(fixture("latin1_page.html"))
    assert "Le café du port rouvre" in page
    assert "Très attendu" in page


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (PNG, "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"GIF89a\x01\x00", "GIF image"),
        (b"%PDF-1.7\n", "PDF document"),
        (b"PK\x03\x04\x14\x00", "ZIP archive"),
        (b"hello\x00world", "NUL bytes"),
        (bytes(range(1, 32)) * 20, "control characters"),
    ],
)
def test_decode_refuses_binary(data, why):
    with pytest.raises(SourceError) as info:
        decode_bytes(data, item="thing.html")
    assert info.value.item == "thing.html"
    assert why in info.value.reason and info.value.reason.startswith("binary content")


@pytest.mark.parametrize(
    ("data", "content_type", "url", "kind"),
    [
        (fixture("rss20_content.xml"), None, None, "feed"),
        (fixture("rss10.rdf"), None, None, "feed"),
        (fixture("atom.xml"), "text/html", None, "feed"),  # content beats a lying header
        (fixture("jsonfeed11.json"), None, None, "feed"),
        (fixture("nested.opml"), None, None, "opml"),
        (fixture("news_sitemap.xml"), None, None, "sitemap"),
        (fixture("sitemap_index.xml"), None, None, "sitemap"),
        (fixture("html_page.xml"), None, None, "html"),
        (b"<div><p>fragment</p></div>", None, None, "html"),
        (fixture("mixed.jsonl"), None, None, "jsonl"),
        (fixture("records.json"), None, None, "json"),
        (b"plain words", None, None, "text"),
        (b"plain words", "text/html", None, "html"),
        (b"plain words", None, "https://x.example.com/a.jsonl", "jsonl"),
        (b"<something/>", None, None, "unknown"),
        (PNG, None, None, "unknown"),
        (b"", None, None, "unknown"),
    ],
)
def test_sniff(data, content_type, url, kind):
    assert sniff(data, content_type, url) == kind


def test_discover_feeds():
    html = fixture("html_page.xml").decode()
    assert discover_feeds(html, "https://www.harbourtimes.example.com/news/") == [
        "https://www.harbourtimes.example.com/rss",
        "https://www.harbourtimes.example.com/atom.xml",
    ]


# --- dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-12-13", datetime(2025, 12, 13, tzinfo=UTC)),
        ("2025-12-13T10:00:00+02:00", datetime(2025, 12, 13, 8, 0, tzinfo=UTC)),
        ("2025-12-13T10:00:00Z", datetime(2025, 12, 13, 10, 0, tzinfo=UTC)),
        ("Sat, 13 Dec 2025 10:00:00 GMT", datetime(2025, 12, 13, 10, 0, tzinfo=UTC)),
        ("Sat, 13 Dec 2025 10:00:00 PST", datetime(2025, 12, 13, 18, 0, tzinfo=UTC)),
        ("December 13, 2025 10:00 AM", datetime(2025, 12, 13, 10, 0, tzinfo=UTC)),
        ("13 December 2025", datetime(2025, 12, 13, tzinfo=UTC)),
        (1765620000, datetime(2025, 12, 13, 10, 0, tzinfo=UTC)),
        ("1765620000000", datetime(2025, 12, 13, 10, 0, tzinfo=UTC)),
        (datetime(2025, 12, 13, 10, 0), datetime(2025, 12, 13, 10, 0, tzinfo=UTC)),
        (time.gmtime(1765620000), datetime(2025, 12, 13, 10, 0, tzinfo=UTC)),
        ("7/23/17", datetime(2017, 7, 23, tzinfo=UTC)),  # US month/day/two-digit year
        ("23/7/17", datetime(2017, 7, 23, tzinfo=UTC)),  # day first when it cannot be a month
        ("13/13/17", None),
        ("junk", None),
        ("12", None),
        ("May", None),
        ("", None),
        (None, None),
        (True, None),
        ("9999-01-01", None),
        ({"not": "a date"}, None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


# --- JSON records and JSON Lines -----------------------------------------------------


def test_jsonl_bad_lines_reported_good_lines_kept():
    lines = fixture("mixed.jsonl").decode().splitlines()
    results = list(read_jsonl(io.StringIO("\n".join(lines) + "\n"), origin="stdin"))
    items, errors = split(results)
    assert [i.url for i in items] == [
        "https://a.example.com/one",
        "https://a.example.com/two",
        "https://www.a.example.com/three",
    ]
    reasons = {e.item: e.reason for e in errors}
    assert reasons["stdin line 3"].startswith("invalid JSON: ")
    assert reasons["stdin line 4"] == "missing required field url"
    assert reasons["stdin line 5"] == "missing required field text or html"
    assert reasons["stdin line 6"] == "not a JSON object (got a list)"
    assert reasons["stdin line 8"].startswith("published is not a date")
    assert reasons["stdin line 9"].startswith("url is not an absolute")
    assert str(errors[0]).startswith("stdin line 3: source: invalid JSON")
    one, two, three = items
    assert one.raw == lines[0] and one.raw_type == "json"
    assert one.metadata == {"section": "world"}
    assert one.source == "a.example.com"
    assert one.published == datetime(2025, 12, 13, 10, 0, tzinfo=UTC)
    assert two.html == "<p>Second article.</p>" and two.text is None
    assert two.source == "Example Wire" and two.author == "Kim Lee, Sam Roe"
    assert two.language == "en"
    assert three.source == "a.example.com"  # www. dropped: one outlet, one source


def test_jsonl_from_bytes_stream_with_bad_utf8():
    stream = io.BytesIO(
        b'\xef\xbb\xbf{"url": "https://a.example.com/1", "text": "ok"}\n'
        b'{"url": "https://a.example.com/2", "text": "\xff\xfe"}\n'
    )
    items, errors = split(read_jsonl(stream, origin="upload.jsonl"))
    assert [i.url for i in items] == ["https://a.example.com/1"]
    assert errors[0].item == "upload.jsonl line 2" and "not UTF-8" in errors[0].reason


def test_record_to_item_validation():
    item = record_to_item(
        {"url": "https://x.example.com/a", "text": "t", "metadata": {"k": 1}, "extra": [1]},
        origin="api",
    )
    assert item.metadata == {"k": 1, "extra": [1]}
    assert json.loads(item.raw)["url"] == "https://x.example.com/a"
    with pytest.raises(SourceError, match="title must be a string, got a number"):
        record_to_item({"url": "https://x.example.com/a", "text": "t", "title": 3}, origin="api")
    with pytest.raises(SourceError, match="url must be a string"):
        record_to_item({"url": 5, "text": "t"}, origin="api")


# --- text articles -------------------------------------------------------------------


def test_text_article_title_and_date_line():
    item = parse_text_article(fixture("titled_article.txt").decode(), "notes/ferry.txt")
    assert item.title == "Harbour authority approves ferry terminal repairs"
    assert item.published == datetime(2025, 12, 10, tzinfo=UTC)
    assert item.text.startswith("The harbour authority approved")
    assert item.url == (Path("notes/ferry.txt").resolve().as_uri())
    assert item.origin == "notes/ferry.txt"
    assert item.raw_type == "text"


def test_text_article_without_title():
    text = "This opening line is a whole sentence, so it is not a headline at all.\n\nMore text."
    item = parse_text_article(text, "https://x.example.com/a")
    assert item.title is None
    assert item.text == text
    assert item.url == "https://x.example.com/a"
    assert item.source == "x.example.com"


def test_text_article_hard_wrapped_first_line_is_not_a_title():
    text = "The council met on Tuesday to discuss the\nrepairs to the ferry terminal pier.\n"
    assert parse_text_article(text, "a.txt").title is None


def test_markdown_heading_and_front_matter():
    heading = parse_text_article(fixture("heading.md").decode(), "heading.md")
    assert heading.title == "Footbridge reopens after repairs"
    assert heading.text == "The footbridge over the river reopened on Friday."
    front = parse_text_article(fixture("front_matter.md").decode(), "front_matter.md")
    assert front.title == "Library opens its doors"
    assert front.published == datetime(2025, 12, 13, 8, 0, tzinfo=UTC)
    assert front.author == "Ines Alvarez"
    assert front.url == "https://river.example.net/2025/library-opens"
    assert front.metadata == {"tags": "library, river"}
    assert front.text.startswith("The new library opened")


def test_empty_text_article():
    with pytest.raises(SourceError, match="empty article"):
        parse_text_article("  \n\n", "empty.txt")


@pytest.mark.shared
@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not present")
def test_seed_articles():
    items = {}
    for path in sorted(SEEDS.glob("00[0-3]_*.txt")):
        (item,) = list(read_path(path))
        assert isinstance(item, RawItem), item
        items[path.name[:3]] = item
    assert set(items) == {"000", "001", "002", "003"}
    assert items["000"].title is None
    assert items["000"].text.startswith("It is a landmark move")
    assert items["001"].title == "Belarus Releases 123 Prisoners, Including Nobel Laureate Bialiatski"
    assert items["001"].text.startswith("The government of Belarus announced")
    seed2 = items["002"]
    assert seed2.published == datetime(2025, 12, 13, tzinfo=UTC)
    assert not seed2.text.lower().startswith("date")
    assert seed2.text.startswith("Belarus has freed 123 prisoners")
    assert seed2.title is None
    assert items["003"].title is None
    assert "\u2019" in items["003"].text  # UTF-8 curly apostrophes decoded
    for item in items.values():
        assert item.url.startswith("file://") and item.raw_type == "text"


# --- files and folders ---------------------------------------------------------------


def test_read_path_text_encodings():
    (cp1251,) = read_path(FIXTURES / "cp1251_article.txt")
    assert cp1251.title == "Беларусь освободила 123 заключённых"
    assert "Мария Колесникова" in cp1251.text
    (bom,) = read_path(FIXTURES / "bom_article.txt")
    assert bom.title == "Café owners meet the mayor"
    assert not bom.raw.startswith("\ufeff")


def test_read_path_latin1_html_uses_canonical_url():
    (page,) = read_path(FIXTURES / "latin1_page.html")
    assert page.raw_type == "html"
    assert page.url == "https://port.example.fr/cafe-du-port"
    assert "Très attendu" in page.html
    assert page.source == "port.example.fr"


def test_read_path_html_without_canonical_gets_file_uri(tmp_path):
    path = tmp_path / "page.htm"
    path.write_text('<html><head><meta property="og:url" content="/rel"></head><body>x</body></html>')
    (page,) = read_path(path)
    assert page.url == path.resolve().as_uri()
    path.write_text('<html><head><meta property="og:url" content="https://o.example.com/p"></head></html>')
    (page,) = read_path(path)
    assert page.url == "https://o.example.com/p"


def test_read_path_json_forms(tmp_path):
    items, errors = split(read_path(FIXTURES / "records.json"))
    assert [i.url for i in items] == ["https://b.example.com/1"]
    assert [e.item for e in errors] == [
        f"{FIXTURES / 'records.json'} record 2",
        f"{FIXTURES / 'records.json'} record 3",
    ]
    lines = tmp_path / "lines.json"  # JSON Lines saved as .json
    lines.write_text('{"url": "https://c.example.com/2", "text": "A."}\n{"url": "https://c.example.com/3", "text": "B."}\n')
    assert [i.url for i in read_path(lines)] == ["https://c.example.com/2", "https://c.example.com/3"]
    single = tmp_path / "one.json"
    single.write_text(json.dumps({"url": "https://c.example.com/1", "text": "Body."}))
    (item,) = read_path(single)
    assert item.url == "https://c.example.com/1" and item.origin == str(single)
    items, errors = split(read_path(FIXTURES / "jsonfeed11.json"))
    assert len(items) == 3 and len(errors) == 1
    assert errors[0].item.startswith(str(FIXTURES / "jsonfeed11.json"))


def test_read_path_opml_and_sitemap_markers():
    (marker,) = read_path(FIXTURES / "nested.opml")
    assert isinstance(marker, OpmlRefs)
    assert len(marker.refs) == 4 and marker.path == FIXTURES / "nested.opml"
    (sitemap,) = read_path(FIXTURES / "news_sitemap.xml")
    assert isinstance(sitemap, SitemapRefs)
    assert len(sitemap.sitemap.entries) == 2


def test_read_path_gzipped_file(tmp_path):
    path = tmp_path / "feed.xml.gz"
    path.write_bytes(gzip.compress(fixture("teaser.xml")))
    items, errors = split(read_path(path))
    assert len(items) == 3 and not errors


def test_read_path_size_cap(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("Headline\n\n" + "word " * 1000)
    (error,) = read_path(path, max_bytes=1024)
    assert isinstance(error, ItemError)
    assert error.item == str(path) and "over the" in error.reason and "MiB limit" in error.reason


def test_read_path_missing():
    (error,) = read_path(FIXTURES / "no-such-file.txt")
    assert error.reason == "no such file or folder"


def test_folder_with_good_and_bad_files(tmp_path):
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    (folder / ".hidden").mkdir()
    shutil.copy(FIXTURES / "titled_article.txt", folder / "a_article.txt")
    shutil.copy(FIXTURES / "rss20_content.xml", folder / "sub" / "feed.xml")
    shutil.copy(FIXTURES / "mixed.jsonl", folder / "b_records.jsonl")
    shutil.copy(FIXTURES / "nested.opml", folder / "c_subs.opml")
    (folder / "image.html").write_bytes(PNG)
    (folder / "empty.md").write_bytes(b"")
    (folder / "report.pdf").write_bytes(b"%PDF-1.7\n")
    (folder / "README").write_text("no extension")
    (folder / "truncated.json").write_text('{"url": "https://x.example.com/a", "te')
    (folder / "broken.xml").write_bytes(fixture("not_xml.xml"))
    (folder / ".secret.txt").write_text("Hidden\n\nnot read")
    (folder / ".hidden" / "x.txt").write_text("Hidden\n\nnot read either")
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")

    results = list(read_path(folder))
    items, errors = split(results)
    markers = [r for r in results if isinstance(r, OpmlRefs)]
    by_file = {Path(e.item.split(" ")[0]).name: e.reason for e in errors}

    assert len(markers) == 1
    assert {i.url for i in items} >= {
        (folder / "a_article.txt").resolve().as_uri(),
        "https://a.example.com/one",
        "https://www.harbourtimes.example.com/2025/12/ferry-terminal?utm_source=rss",
    }
    assert by_file["image.html"] == "binary content (looks like PNG image), not text"
    assert by_file["empty.md"] == "empty file"
    assert by_file["report.pdf"] == "unsupported file type .pdf"
    assert by_file["README"] == "unsupported file type (no extension)"
    assert by_file["truncated.json"].startswith("invalid JSON")
    assert "malformed XML" in by_file["broken.xml"]
    assert all("secret" not in (i.origin or "") and "hidden" not in i.origin for i in items)
    # Sorted, files before sub-folders: the article comes first, the feed last.
    origins = [r.origin for r in results if isinstance(r, RawItem)]
    assert origins[0] == str(folder / "a_article.txt")
    assert origins[-1] == str(folder / "sub" / "feed.xml")


def test_url_source():
    assert url_source("https://www.bbc.co.uk/news") == "bbc.co.uk"
    assert url_source("https://WWW.Example.COM:8080/x") == "example.com"
    assert url_source("https://www.com/") == "www.com"
    assert url_source("file:///tmp/a.txt") is None
    assert url_source(None) is None
