"""The site in a real browser: Playwright driving Debian's chromium against `newsprism serve`
on loopback, on desktop and phone widths, including a story whose articles carry script
payloads. Screenshots land in test-artifacts/screenshots/ (kept by CI, looked at by people).

Skipped when no chromium is installed (a laptop without it), except where
NEWSPRISM_REQUIRE_BROWSER=1 (CI sets it): there a missing browser is a failure.
"""

from __future__ import annotations

import os
import re
import threading
import time
from pathlib import Path

import pytest

from httpserver import free_port

CHROMIUM = os.environ.get("NEWSPRISM_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"
# The flags a sandboxed root CI needs, and no calls home (the machine has no internet).
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]

pytestmark = pytest.mark.browser


def _require_browser() -> None:
    missing = []
    if not Path(CHROMIUM).exists():
        missing.append(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("playwright is not installed (pip install -e '.[test]')")
    if missing:
        if os.environ.get("NEWSPRISM_REQUIRE_BROWSER") == "1":
            pytest.fail("browser tests required but " + "; ".join(missing))
        pytest.skip("; ".join(missing))


@pytest.fixture(scope="module")
def site(web_data):
    """`newsprism serve`'s app under uvicorn in a thread, on a free loopback port."""
    _require_browser()
    import uvicorn

    from newsprism.web import create_app

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(web_data), host="127.0.0.1", port=port, log_config=None))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser(site):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh page that records dialogs (an alert() would mean a payload ran), console
    errors (a CSP violation shows there) and failed requests."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.dialogs, pg.errors = [], []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


def _shot(pg, name: str) -> Path:
    path = ARTIFACTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000  # a real rendering, not a blank page
    return path


def _story_id(pg, site: str, title_part: str) -> str:
    pg.goto(site + "/")
    link = pg.locator("h2.card-title a", has_text=title_part).first
    return link.get_attribute("href").rsplit("/", 1)[1]


def test_home_shows_ranked_cards_and_ends_caught_up(page, site):
    page.goto(site + "/")
    assert page.title().startswith("Top stories")
    cards = page.locator("article.card")
    assert cards.count() >= 15
    first = cards.first
    assert first.locator("h2.card-title a").inner_text().strip()
    assert first.locator("svg.bar rect").count() >= 1
    assert page.get_by_text("You're all caught up").is_visible()
    _shot(page, "home-desktop")
    assert page.dialogs == [] and page.errors == []


def test_story_page_shows_every_section_filled(page, site):
    sid = _story_id(page, site, "Lesnovia frees")
    page.goto(f"{site}/stories/{sid}")
    assert page.locator("h1").inner_text().strip()
    assert page.locator("ol.breakdown > li").count() >= 3
    for section in ("#breakdown", "#perspectives", "#questions", "#disagreements", "#timeline", "#articles"):
        assert page.locator(section).is_visible(), section
    assert page.locator(".perspective").count() == 3
    assert page.locator(".stats dd").count() >= 6
    assert page.locator(".keywords .chip").count() >= 5
    assert page.locator("details.qa").count() >= 5
    assert page.locator(".timeline li").count() >= 3
    assert page.locator(".why li").count() >= 2
    _shot(page, "story-desktop")  # before any click scrolls the page
    # A citation marker jumps to its article in the list.
    marker = page.locator("ol.breakdown a.cite").first
    target = marker.get_attribute("href")
    marker.click()
    assert page.url.endswith(target)
    assert page.locator(target).is_visible()
    # Copies are folded under their original.
    copies = page.locator("details.copies summary").first
    copies.click()
    assert page.locator("details.copies li").first.is_visible()
    assert page.dialogs == [] and page.errors == []


def test_search_form_finds_a_story(page, site):
    page.goto(site + "/")
    page.fill("#site-q", "dredging harbor")
    page.press("#site-q", "Enter")
    page.wait_for_url(re.compile(r".*q=dredging.*"))
    titles = page.locator("h2.card-title a").all_inner_texts()
    assert titles and "harbor budget" in titles[0].lower()
    assert "Stories matching" in page.locator("h1").inner_text()
    _shot(page, "search")


def test_filters_narrow_the_feed(page, site):
    page.goto(site + "/")
    everything = page.locator("article.card").count()
    page.select_option("#f-leaning", "lean-right")
    page.click(".filters button[type=submit]")
    page.wait_for_url(re.compile(r".*leaning=lean-right.*"))
    narrowed = page.locator("article.card")
    assert 0 < narrowed.count() < everything
    assert all(t == "Lean right" for t in narrowed.locator(".meta .lean").all_inner_texts())
    page.fill("#f-since", "2026-03-10")
    page.click(".filters button[type=submit]")
    page.wait_for_url(re.compile(r".*since=2026-03-10.*"))
    _shot(page, "filters")
    assert page.locator("a", has_text="clear filters").is_visible()


FITS = ("Array.from(document.querySelectorAll('main *')).every("
        "e => e.getBoundingClientRect().right <= document.documentElement.clientWidth + 1 || "
        "e.closest('.table-wrap'))")


def test_phone_width_has_no_horizontal_scroll(browser, site):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    pg = context.new_page()
    try:
        pg.goto(site + "/")
        assert pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        assert pg.evaluate(FITS)  # nothing sticks out of the screen (clipped or not)
        _shot(pg, "home-phone")
        href = pg.locator("h2.card-title a", has_text="Lesnovia frees").first.get_attribute("href")
        pg.goto(site + href)
        assert pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        assert pg.evaluate(FITS)
        # One column: the stats box sits below the story, not squeezed beside it.
        main_box = pg.locator(".story-main").bounding_box()
        side_box = pg.locator(".story-side").bounding_box()
        assert side_box["y"] >= main_box["y"] + main_box["height"] - 1
        _shot(pg, "story-phone")
    finally:
        context.close()


def test_script_payloads_in_articles_never_run_and_show_as_text(page, site):
    sid = _story_id(page, site, "harbor budget")
    page.goto(f"{site}/stories/{sid}")
    page.wait_for_load_state("load")
    assert page.dialogs == [], page.dialogs  # no alert() fired
    # Both hostile headlines are shown, character for character, as text in the article list.
    titles = page.locator("#articles .article-title").all_inner_texts()
    assert "<script>alert('title')</script> Council <b>approves</b> harbor budget \" onerror=\"alert(2)" in titles
    assert "Harbor budget passes with $4 million for dredging <svg onload=alert(5)>" in titles
    assert page.locator("main script, main iframe, main img").count() == 0
    _shot(page, "hostile-story")
    page.goto(site + "/")
    assert page.dialogs == [] and page.errors == []
    assert page.get_by_text("<script>alert('title')</script>", exact=False).first.is_visible()
