"""newsprism.extract: article text and metadata from HTML, on hand-written pages."""

from __future__ import annotations

import dataclasses
import json
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsprism.extract import MAX_HTML_CHARS, Extracted, ExtractError, extract_html
from newsprism.records import NewsprismError

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
NEWS_URL = "https://courier.example/news/2024/05/harbour-bridge-reopens?utm_source=feed"

PROSE = [
    "The county council voted on Monday evening to keep the public library in the old market hall open for at least another five years.",
    "Campaigners had collected more than four thousand signatures since the closure was first proposed in the draft budget last autumn.",
    "The building needs a new roof, which officers estimate will cost about two hundred thousand pounds, to be paid from reserves.",
    "Opening hours will be extended on Saturdays from next month, and a volunteer-run homework club will use the upstairs reading room.",
]


def page(body: str = "", head: str = "", lang: str | None = "en") -> str:
    """A small news page: the PROSE paragraphs in an <article>, plus whatever is passed."""
    paragraphs = "".join(f"<p>{p}</p>" for p in PROSE)
    lang_attr = f' lang="{lang}"' if lang else ""
    return (
        f"<!DOCTYPE html><html{lang_attr}><head><title>Library saved | Town Paper</title>{head}</head>"
        f"<body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>Library saved</h1>{paragraphs}{body}</article>"
        f"<footer><p>Copyright Town Paper. All rights reserved.</p></footer></body></html>"
    )


@pytest.fixture(scope="module")
def news() -> Extracted:
    return extract_html((FIXTURES / "news_page.html").read_text(encoding="utf-8"), NEWS_URL)


# --------------------------------------------------------------------------- text


def test_news_page_keeps_the_article_in_order(news: Extracted) -> None:
    lines = news.text.split("\n")
    assert lines[0].startswith("The harbour bridge reopened to traffic on Tuesday morning")
    assert lines[-1].startswith("The council said weight limits would stay in place")
    assert len(lines) == 6
    for fragment in ("41 million euros", "shortest route to work", "normal summer timetable"):
        assert fragment in news.text


@pytest.mark.parametrize(
    "chrome",
    [
        "Sport",  # navigation
        "Search the Courier",  # search form
        "Accept all cookies",  # cookie banner
        "Share on Facebook",  # share widget
        "Email this story",
        "Sign up for our newsletter",
        "Related stories",
        "Steel costs push bridge repair over budget",  # related links
        "All rights reserved",  # footer
        "Privacy policy",
    ],
)
def test_news_page_drops_page_chrome(news: Extracted, chrome: str) -> None:
    assert chrome not in news.text


def test_headline_is_not_repeated_in_the_text(news: Extracted) -> None:
    assert news.title == "Harbour bridge reopens after two-year repair"
    assert news.title not in news.text


def test_news_page_metadata_from_jsonld_and_og(news: Extracted) -> None:
    assert news.published == datetime(2024, 5, 14, 5, 30, tzinfo=UTC)
    assert news.published.utcoffset() is not None  # aware, with the page's own offset
    assert news.author == "Marta Lindqvist; Owen Pryce"  # JSON-LD beats <meta name=author>
    assert news.site_name == "The Lakeside Courier"
    assert news.language == "en"
    assert news.canonical_url == "https://courier.example/news/2024/05/harbour-bridge-reopens"
    assert news.method == "trafilatura:precision"


def test_extracted_is_frozen(news: Extracted) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        news.text = "changed"  # type: ignore[misc]


def test_split_article_body_is_completed_from_sibling_containers() -> None:
    """Body split in chunks with an ad between: trafilatura alone keeps the first chunk."""
    result = extract_html((FIXTURES / "split_body.html").read_text(encoding="utf-8"))
    lines = result.text.split("\n")
    assert result.method == "trafilatura:precision+siblings"
    assert lines[0].startswith("Sleeper trains will return to the northern line")
    assert lines[3].startswith("Passenger groups welcomed the news")
    assert lines[-1].startswith("The last night train on the line ran in 2012")
    assert len(lines) == 6
    assert "Advertisement" not in result.text
    assert "Most read" not in result.text and "Fare rise confirmed" not in result.text
    assert result.published == datetime(2023, 11, 2, 18, 0, tzinfo=UTC)


def test_lists_and_tables_are_plain_text() -> None:
    extra = (
        "<p>The council published the vote by party:</p>"
        "<table><tr><th>Party</th><th>For</th><th>Against</th></tr>"
        "<tr><td>Greens</td><td>12</td><td>1</td></tr></table>"
        "<p>The plan has three parts:</p><ul><li>a new roof</li><li>longer Saturday hours</li></ul>"
    )
    text = extract_html(page(extra)).text
    assert "Party\tFor\tAgainst" in text and "Greens\t12\t1" in text
    assert "|" not in text
    assert "\na new roof\nlonger Saturday hours" in text
    assert "- a new roof" not in text


# --------------------------------------------------------------------------- code never in text


@pytest.mark.parametrize(
    "snippet",
    [
        "<script>document.write('SENTINEL_SCRIPT')</script>",
        "<script type='text/template'><p>SENTINEL_TEMPLATE_SCRIPT paragraph of template text inside a script element here.</p></script>",
        "<style>p::before { content: 'SENTINEL_STYLE'; }</style>",
        "<noscript><p>SENTINEL_NOSCRIPT please enable JavaScript to read the full interactive version of this.</p></noscript>",
        "<template><p>SENTINEL_TEMPLATE a paragraph that a browser never renders, however long it may be.</p></template>",
        "<!-- SENTINEL_COMMENT an HTML comment left by the CMS -->",
        "<svg><text>SENTINEL_SVG</text><script>alert('SENTINEL_SVG_SCRIPT')</script></svg>",
        "<iframe srcdoc='<p>SENTINEL_IFRAME</p>'>SENTINEL_IFRAME_FALLBACK</iframe>",
        "<p onclick=\"alert('SENTINEL_HANDLER')\">The homework club starts on the first Tuesday of the month at four.</p>",
    ],
)
def test_code_and_templates_never_reach_the_text(snippet: str) -> None:
    result = extract_html(page(snippet, head="<script>var SENTINEL_HEAD = 1;</script>"))
    assert "SENTINEL" not in result.text
    assert PROSE[0] in result.text


def test_news_page_code_sentinels_absent(news: Extracted) -> None:
    for sentinel in ("SCRIPT_SENTINEL", "STYLE_SENTINEL", "NOSCRIPT_SENTINEL", "TEMPLATE_SENTINEL"):
        assert sentinel not in news.text


# --------------------------------------------------------------------------- metadata fallbacks


def test_og_meta_and_time_element_fallbacks() -> None:
    head = (
        '<meta property="og:title" content="Library saved from closure">'
        '<meta property="og:site_name" content="Town Paper">'
        '<meta property="og:url" content="https://townpaper.example/library-saved">'
        '<meta property="og:locale" content="fr_FR">'
        '<meta name="author" content="Jo Baker">'
    )
    body = '<p>Published <time datetime="2021-03-04T10:15:00">4 March</time>.</p>'
    result = extract_html(page(body, head=head, lang=None), url="https://townpaper.example/x?id=1")
    assert result.title == "Library saved from closure"
    assert result.site_name == "Town Paper"
    assert result.canonical_url == "https://townpaper.example/library-saved"
    assert result.language == "fr"
    assert result.author == "Jo Baker"
    # No offset on the page: taken as UTC, and always timezone-aware.
    assert result.published == datetime(2021, 3, 4, 10, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ('<meta property="article:published_time" content="2022-07-01T08:00:00-04:00">', datetime(2022, 7, 1, 12, 0, tzinfo=UTC)),
        ('<meta name="pubdate" content="Fri, 01 Jul 2022 08:00:00 GMT">', datetime(2022, 7, 1, 8, 0, tzinfo=UTC)),
        ('<meta itemprop="datePublished" content="2022-07-01">', datetime(2022, 7, 1, tzinfo=UTC)),
    ],
)
def test_published_date_sources(meta: str, expected: datetime) -> None:
    result = extract_html(page(head=meta))
    assert result.published == expected
    assert result.published.tzinfo is not None


def test_unparseable_dates_are_ignored() -> None:
    head = '<meta property="article:published_time" content="last Tuesday-ish">'
    assert extract_html(page(head=head)).published is None


def test_relative_canonical_link_is_resolved_against_the_page_url() -> None:
    head = '<link rel="canonical" href="/stories/library-saved">'
    result = extract_html(page(head=head), url="https://townpaper.example/amp/library?x=1")
    assert result.canonical_url == "https://townpaper.example/stories/library-saved"


def test_non_http_canonical_is_ignored() -> None:
    head = '<link rel="canonical" href="javascript:alert(1)">'
    assert extract_html(page(head=head), url="https://townpaper.example/a").canonical_url is None


def test_jsonld_article_body_when_the_page_is_an_app_shell() -> None:
    body_text = "\n".join(PROSE)
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Library saved",
                     "articleBody": body_text, "author": {"@type": "Person", "name": "Sam Reed"}})
    html = (
        "<html lang='en'><head><title>Library saved</title>"
        f"<script type='application/ld+json'>{ld}</script></head>"
        "<body><div id='root'></div><script src='/app.js'></script></body></html>"
    )
    result = extract_html(html, url="https://townpaper.example/library")
    assert result.method == "json-ld:articleBody"  # paragraphs kept, not flattened
    assert result.text == body_text
    assert result.author == "Sam Reed"
    assert result.title == "Library saved"


# --------------------------------------------------------------------------- errors


def test_page_without_article_raises_with_reason() -> None:
    html = (FIXTURES / "no_article.html").read_text(encoding="utf-8")
    with pytest.raises(ExtractError) as info:
        extract_html(html, url="https://courier.example/news/")
    err = info.value
    assert isinstance(err, NewsprismError)
    assert err.stage == "extract"
    assert err.item == "https://courier.example/news/"
    assert err.reason == "no article text found (page has 0 paragraphs of prose)"
    record = err.as_record()
    assert (record.item, record.stage) == ("https://courier.example/news/", "extract")


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "not HTML: the page is empty"),
        ("   \n\t ", "not HTML: the page is empty"),
        ("Just a plain sentence, no markup at all.", "not HTML: no markup tags found"),
        ('{"title": "a JSON document", "text": "not a page"}', "not HTML: looks like JSON"),
        ("<html>\x00\x01\x02binary</html>", "not HTML: it contains NUL characters (binary data?)"),
    ],
)
def test_not_html_is_rejected(value: str, reason: str) -> None:
    with pytest.raises(ExtractError) as info:
        extract_html(value, url="file:///in/page.html")
    assert info.value.reason == reason
    assert info.value.item == "file:///in/page.html"


def test_bytes_are_refused_with_a_clear_reason() -> None:
    with pytest.raises(ExtractError, match="expected decoded HTML text"):
        extract_html(b"<html><body><p>bytes</p></body></html>")  # type: ignore[arg-type]


def test_item_defaults_to_a_placeholder_without_url() -> None:
    with pytest.raises(ExtractError) as info:
        extract_html("")
    assert info.value.item == "<html page>"


# --------------------------------------------------------------------------- hostile input


def test_oversized_page_is_refused_before_parsing() -> None:
    html = "<html><body><p>" + "x" * MAX_HTML_CHARS + "</p></body></html>"
    start = time.perf_counter()
    with pytest.raises(ExtractError) as info:
        extract_html(html, url="https://big.example/")
    assert time.perf_counter() - start < 1.0
    assert "page too large to extract" in info.value.reason
    assert f"{MAX_HTML_CHARS:,}" in info.value.reason


def test_large_page_under_the_limit_is_extracted() -> None:
    junk = "<ul class='menu'>" + "".join(f"<li><a href='/t/{k}'>tag {k}</a></li>" for k in range(20_000)) + "</ul>"
    html = page(junk)
    assert 500_000 < len(html) < MAX_HTML_CHARS
    result = extract_html(html)
    assert PROSE[0] in result.text and PROSE[-1] in result.text
    assert "tag 19999" not in result.text


def test_deeply_nested_junk_does_not_crash_and_keeps_the_article() -> None:
    depth = 100_000
    junk = "<div>" * depth + "deep junk" + "</div>" * depth
    result = extract_html(page(junk))
    assert PROSE[0] in result.text
    assert "deep junk" not in result.text


def test_deeply_nested_inline_tags_and_lists() -> None:
    inline = "<p>" + "<b>" * 20_000 + "Bold words in a very deep stack of tags, written by a broken editor." + "</b>" * 20_000 + "</p>"
    lists = "<ul><li>" * 5_000 + "nested item" + "</li></ul>" * 5_000
    result = extract_html(page(inline + lists))
    assert PROSE[0] in result.text


def test_page_that_is_only_nesting_fails_cleanly() -> None:
    html = "<html><body>" + "<div><span>" * 50_000 + "</body></html>"
    with pytest.raises(ExtractError, match="no article text found"):
        extract_html(html)


def test_deeply_nested_and_broken_jsonld_is_ignored() -> None:
    head = (
        "<script type='application/ld+json'>" + "[" * 100_000 + "]" * 100_000 + "</script>"
        "<script type='application/ld+json'>{not json at all</script>"
    )
    result = extract_html(page(head=head))
    assert PROSE[0] in result.text


def test_unclosed_and_mismatched_tags() -> None:
    html = "<html><body><article><h1>Library saved<p>" + "<p>".join(PROSE) + "<div></span></table><p>"
    result = extract_html(html)
    for paragraph in PROSE:
        assert paragraph in result.text
