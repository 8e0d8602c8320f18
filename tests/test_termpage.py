"""The story page in a terminal: every section, article text never read as rich markup, and
what an LLM rewrite did."""

from __future__ import annotations

import io

from rich.console import Console

from newsprism.termpage import print_story


def _page(**extra):
    page = {
        "title": "Council [bold red]approves[/] harbor budget",
        "label": "Harbor Budget",
        "tags": ["Alder Bay", "[link=http://evil.example]click[/link]"],
        "stats": {"first_published": "2026-03-16T09:00:00+00:00", "last_updated": "2026-03-16T11:30:00+00:00",
                  "article_count": 2, "source_count": 2, "virality": 0.5, "leaning": "center",
                  "leaning_counts": {"left": 0, "center": 2, "right": 0, "unknown": 0}, "blindspot": None},
        "breakdown": [{"text": "The council voted 8-3 to approve the budget.", "sources": ["a1", "a2"]}],
        "perspectives": {"center": {"count": 2, "sources": 2, "summary": [{"text": "Dredging starts in June.",
                                                                          "sources": ["a1"]}]}},
        "keywords": [{"name": "Alder Bay", "type": "place", "aliases": [], "mentions": 3, "sources": ["a1"]}],
        "questions": [{"question": "What is Alder Bay?", "answer": "A port city.", "sources": ["a2"]}],
        "disagreements": [{"topic": "vote", "claims": [{"text": "8-3", "sources": ["a1"]},
                                                       {"text": "7-4", "sources": ["a2"]}]}],
        "timeline": [{"time": "2026-03-16T09:00:00+00:00", "text": "First reported", "sources": ["a1"]}],
        "articles": [{"id": "a1", "url": "https://a.example/1", "source": "a.example", "title": "A",
                      "published": "2026-03-16T09:00:00+00:00", "leaning": "center", "duplicate_of": None},
                     {"id": "a2", "url": "https://b.example/2", "source": "b.example", "title": "B",
                      "published": "2026-03-16T11:30:00+00:00", "leaning": "center", "duplicate_of": None}],
    }
    page.update(extra)
    return page


def _render(page) -> str:
    buf = io.StringIO()
    print_story(page, Console(file=buf, width=120, force_terminal=False, color_system=None))
    return buf.getvalue()


def test_every_section_and_markup_shown_as_text():
    text = _render(_page())
    assert "Council [bold red]approves[/] harbor budget" in text
    assert "[link=http://evil.example]click[/link]" in text
    for heading in ("Story Stats", "The Breakdown", "In The Center"):
        assert heading in text
    assert "8-3 to approve" in text and "rewritten by" not in text


def test_llm_rewrite_counts_and_errors_are_shown():
    gen = {"backend": "llm", "model": "llama3.1:8b", "requested": 9, "rewritten": 6, "kept": 11, "dropped": 3}
    text = _render(_page(generation=gen))
    assert "rewritten by llama3.1:8b: 6 of 9 items; 11 generated sentences kept, 3 dropped" in text
    text = _render(_page(generation={**gen, "rewritten": 0, "error": "HTTP 500 from http://127.0.0.1:1"}))
    assert "endpoint error: HTTP 500" in text and "extractive text shown" in text


def test_an_estimated_leaning_says_how_many_articles_it_rests_on():
    page = _page()
    page["articles"][0].update({"leaning": "left", "leaning_basis": "estimated", "leaning_confidence": 0.81,
                                "leaning_articles": 12})
    page["articles"][1].update({"leaning_basis": "rated"})
    page["perspectives"]["center"]["estimated"] = 1
    text = _render(page)
    assert "a.example (left, estimated from 12 articles)" in text
    assert "b.example (center)" in text
    assert "2 articles, 2 sources, 1 estimated from the outlet's text" in text


def test_one_article_from_one_source_reads_in_the_singular():
    stats = {**_page()["stats"], "article_count": 1, "source_count": 1}
    text = _render(_page(stats=stats))
    assert "1 article from 1 independent source " in text or "1 article from 1 independent source\n" in text
    assert "2 articles from 2 independent sources" in _render(_page())
    # A side of one article from one outlet, too ("On The Left 1 articles, 1 sources" was printed).
    page = _page()
    page["perspectives"]["center"].update({"count": 1, "sources": 1})
    assert "In The Center 1 article, 1 source" in _render(page)


def test_why_grouped_shows_similarities_only_when_scored():
    """A story of one article and its copies was never scored: the demo's page printed
    "mean title+lead similarity None"."""
    copies_only = {"shared_entities": [], "mean_embedding_similarity": None, "mean_tfidf_similarity": None,
                   "copies": 2}
    text = _render(_page(why_grouped=copies_only))
    assert "Why these articles are grouped" in text and "copies folded: 2" in text
    assert "None" not in text and "similarity" not in text
    scored = {"shared_entities": ["Alder Bay"], "mean_embedding_similarity": 0.8123,
              "mean_tfidf_similarity": 0.41, "copies": 0}
    text = _render(_page(why_grouped=scored))
    assert "shared names: Alder Bay; mean title+lead similarity 0.81; mean word similarity 0.41" in text


def test_a_side_shows_the_headline_it_led_with_as_text_and_cited():
    page = _page()
    page["perspectives"]["center"]["headline"] = {"text": "Budget [bold]passes[/] 8-3", "sources": ["a2"]}
    text = _render(page)
    assert "Led with: \u201cBudget [bold]passes[/] 8-3\u201d" in text
    line = next(line for line in text.splitlines() if "Led with" in line)
    assert line.rstrip().endswith("\u201d [2]")
    assert "Led with" not in _render(_page())  # no headline, no line
    # the page's own title is not printed twice: the side led with it
    page["perspectives"]["center"]["headline"] = {"text": page["title"].upper() + ".", "sources": ["a2"]}
    text = _render(page)
    assert "Led with this page's headline [2]" in text and "Led with: " not in text
