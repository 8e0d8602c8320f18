"""The web app in-process (FastAPI TestClient): pages, filters, API, feeds, security."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import feedparser
import pytest
from fastapi.testclient import TestClient

from newsprism.leaning import Outlet, Registry
from newsprism.web import create_app
from newsprism.web.feed import FeedQuery, build_cards
from newsprism.web.views import group_articles, leaning_bar, safe_href



@pytest.fixture(scope="module")
def client(web_data):
    app = create_app(web_data)
    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="module")
def stories(client):
    return client.get("/api/v1/stories", params={"limit": 200}).json()["stories"]


def _story_with(stories, word):
    return next(s for s in stories if word.lower() in s["title"].lower())


def _no_raw_payload(html: str) -> None:
    """Nothing from an article became markup: no script/iframe/img/object element, no event
    handler attribute, no javascript: link; the payload strings appear only as escaped text."""
    import lxml.html

    assert "<script" not in html and "<iframe" not in html and "<b>approves" not in html
    doc = lxml.html.fromstring(html)
    assert not doc.xpath("//script | //iframe | //img | //object | //embed | //b")
    for el in doc.iter():
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), (el.tag, name)
            if name in ("href", "src", "action"):
                assert not value.strip().lower().startswith(("javascript:", "data:")), value


# -- pages ----------------------------------------------------------------------------
def test_home_lists_ranked_stories_with_coverage_and_ends_caught_up(client, stories):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert "You're all caught up" in html
    for s in stories[:5]:
        assert f'href="/stories/{s["id"]}"' in html
    assert html.count('<article class="card') == len(stories) == client.get("/api/v1/stories").json()["total"]
    assert '<svg class="bar"' in html and "side-center" in html
    _no_raw_payload(html)
    # The escaped payload is shown as text.
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in html


def test_every_response_carries_the_security_headers(client):
    for path in ("/", "/api/v1/stories", "/healthz", "/static/style.css", "/no/such/page", "/feed.atom"):
        h = client.get(path).headers
        assert "default-src 'none'" in h["content-security-policy"] and "script-src" not in h["content-security-policy"]
        assert h["x-content-type-options"] == "nosniff" and h["x-frame-options"] == "DENY"
        assert h["referrer-policy"] == "no-referrer"


def test_story_page_has_every_section_filled_and_citations_resolve(client, stories):
    story = _story_with(stories, "Lesnovia frees")
    r = client.get(f"/stories/{story['id']}")
    assert r.status_code == 200
    html = r.text
    for heading in ("The Breakdown", "On The Left", "In The Center", "On The Right", "Story Stats",
                    "Top Keywords", "Further Learning", "Where sources disagree", "Timeline", "Articles",
                    "Why these articles are grouped"):
        assert heading in html, heading
    anchors = set(re.findall(r'id="article-([0-9a-f]+)"', html))
    cited = set(re.findall(r'class="cite" href="#article-([0-9a-f]+)"', html))
    assert cited and cited <= anchors
    assert "copies of this article" in html or "copy of this article" in html
    # Keywords link to entity pages that exist.
    entity_links = set(re.findall(r'href="/entities/([^"]+)"', html))
    assert entity_links
    assert all(client.get(f"/entities/{e}").status_code == 200 for e in list(entity_links)[:3])


def test_hostile_story_page_escapes_titles_text_and_links(client, stories):
    story = _story_with(stories, "harbor budget")
    html = client.get(f"/stories/{story['id']}").text
    _no_raw_payload(html)
    assert "&lt;script&gt;" in html


def test_related_stories_link_to_their_pages_with_hostile_titles_escaped(client, stories):
    """The harbor budget's page links the dredging contract awarded eleven days later, whose
    headline carries a payload: the link text is that headline as text, never markup."""
    story = _story_with(stories, "harbor budget")
    api = client.get(f"/api/v1/stories/{story['id']}").json()
    follow_up = next(r for r in api["related"] if "onerror" in r["title"])
    html = client.get(f"/stories/{story['id']}").text
    _no_raw_payload(html)
    assert 'id="related"' in html and f'href="/stories/{follow_up["id"]}"' in html
    assert "&lt;img src=x onerror=alert(7)&gt;" in html
    assert client.get(f"/stories/{follow_up['id']}").status_code == 200


def test_unknown_story_and_bad_parameters_get_pages_not_tracebacks(client):
    r = client.get("/stories/nope")
    assert r.status_code == 404 and "no story with id" in r.text.lower()
    assert client.get("/stories/" + "x" * 300).status_code == 404
    r = client.get("/", params={"page": "abc"})
    assert r.status_code == 400 and "invalid parameters" in r.text
    r = client.get("/", params={"since": "yesterday", "leaning": "sideways"})
    assert r.status_code == 200 and "Ignored the from date" in r.text and "unknown leaning filter" in r.text


def test_home_filters(client, stories):
    def ids(**params):
        html = client.get("/", params=params).text
        return re.findall(r'<article class="card[^"]*" id="story-([0-9a-f]+)"', html)

    right = ids(leaning="lean-right")
    assert right and all(next(s for s in stories if s["id"] == i)["stats"]["leaning"] == "lean-right" for i in right)
    found = ids(q="Lesnovia prisoners")
    assert found and found[0] == _story_with(stories, "Lesnovia frees")["id"]
    outlet = ids(outlet="meridianwire.example")
    assert _story_with(stories, "Lesnovia frees")["id"] in outlet and len(outlet) < len(stories)
    assert ids(since="2030-01-01") == []
    march5 = ids(since="2026-03-05", until="2026-03-05")
    assert march5 and len(march5) < len(stories)
    covered_right = ids(leaning="covered-right")
    assert all(next(s for s in stories if s["id"] == i)["stats"]["leaning_counts"]["right"] > 0 for i in covered_right)


def test_entity_and_outlet_pages(client):
    ents = client.get("/api/v1/entities", params={"limit": 5}).json()["entities"]
    r = client.get(f"/entities/{ents[0]['id']}")
    assert r.status_code == 200 and ents[0]["name"] in r.text and 'class="card' in r.text
    r = client.get("/outlets/meridianwire.example")
    assert r.status_code == 200 and "Basis of the rating" in r.text and "Lesnovia" in r.text
    r = client.get("/outlets/harborgazette.example")  # not rated anywhere: estimated from its articles
    assert r.status_code == 200 and "not in the registry" in r.text
    assert "Estimated from its text" in r.text and re.search(r"from \d+ articles?", r.text)
    assert client.get("/outlets/never-heard-of.example").status_code == 404
    assert "Outlets" in client.get("/outlets", params={"leaning": "left"}).text


def test_seen_cookie_marks_new_stories_once(client):
    first = client.get("/")
    assert "np_seen" in first.cookies or "np_seen" in client.cookies
    again = client.get("/")
    assert 'class="badge new"' not in again.text
    client.cookies.clear()
    client.cookies.set("np_seen", "2026-03-09T00:00:00+00:00")  # before these stories were written
    later = client.get("/")
    assert 'class="badge new"' in later.text and "new since your last visit" in later.text
    client.cookies.clear()


# -- API ------------------------------------------------------------------------------
def test_api_story_list_and_story_follow_the_contract(client, stories):
    body = client.get("/api/v1/stories", params={"limit": 3}).json()
    assert body["limit"] == 3 and len(body["stories"]) == 3 and body["next_offset"] == 3
    nxt = client.get("/api/v1/stories", params={"limit": 3, "offset": 3}).json()["stories"]
    assert not {s["id"] for s in nxt} & {s["id"] for s in body["stories"]}
    story = client.get(f"/api/v1/stories/{_story_with(stories, 'Lesnovia frees')['id']}").json()
    for key in ("id", "title", "label", "tags", "stats", "breakdown", "perspectives", "keywords", "questions",
                "disagreements", "timeline", "articles", "related"):
        assert key in story
    for key in ("first_published", "last_updated", "article_count", "source_count", "virality", "leaning",
                "leaning_counts"):
        assert key in story["stats"]
    assert all(b["sources"] for b in story["breakdown"])


def test_api_articles_entities_outlets(client, stories):
    sid = _story_with(stories, "Lesnovia frees")["id"]
    arts = client.get("/api/v1/articles", params={"story": sid}).json()["articles"]
    assert arts and all(a["story_id"] == sid for a in arts)
    assert {"id", "url", "source", "title", "published", "text", "duplicate_of", "leaning", "leaning_basis"} <= set(arts[0])
    page = client.get("/api/v1/articles", params={"limit": 2}).json()
    assert len(page["articles"]) == 2 and page["next_offset"] == 2
    found = client.get("/api/v1/articles", params={"q": "dredging"}).json()["articles"]
    assert found and all("dredg" in (a["title"] + a["text"]).lower() for a in found)
    ents = client.get("/api/v1/entities", params={"story": sid}).json()["entities"]
    assert any("Zhurauskaya" in e["name"] for e in ents)
    assert client.get(f"/api/v1/entities/{ents[0]['id']}").json()["name"] == ents[0]["name"]
    outlets = client.get("/api/v1/outlets", params={"leaning": "center"}).json()
    assert outlets and all(o["leaning"] == "center" for o in outlets)


def test_api_errors_are_json(client):
    r = client.get("/api/v1/stories/doesnotexist")
    assert r.status_code == 404 and "no story" in r.json()["detail"]
    r = client.get("/api/v1/stories", params={"limit": 0})
    assert r.status_code == 422 and r.json()["detail"]
    assert client.get("/api/v1/stories", params={"leaning": "nonsense"}).status_code == 422


def test_public_api_is_read_only(client, stories):
    sid = stories[0]["id"]
    for method, path in (("post", "/api/v1/stories"), ("delete", f"/api/v1/stories/{sid}"),
                         ("put", f"/api/v1/stories/{sid}"), ("post", "/")):
        assert getattr(client, method)(path).status_code == 405, (method, path)


def test_openapi_healthz_and_story_feeds(client, stories):
    spec = client.get("/openapi.json").json()
    for path in ("/api/v1/stories", "/api/v1/stories/{story_id}", "/api/v1/articles", "/api/v1/entities", "/healthz"):
        assert path in spec["paths"]
    assert "Story" in spec["components"]["schemas"]
    health = client.get("/healthz").json()
    assert health["status"] == "ok" and health["articles"] >= 45 and health["stories"] == len(stories)
    for path in ("/feed.atom", "/feed.rss"):
        r = client.get(path)
        assert r.status_code == 200 and "xml" in r.headers["content-type"]
        parsed = feedparser.parse(r.content)
        assert not parsed.bozo, parsed.get("bozo_exception")
        titles = [e.title for e in parsed.entries]
        assert titles and len(titles) == min(50, len(stories))
        assert all(e.link.startswith("http://testserver/stories/") for e in parsed.entries)
        # The hostile headline survives as text: parsed back exactly, never as markup.
        assert any("<script>alert('title')</script>" in t for t in titles)
        # Counts read in the singular where they are one ("1 articles from 1 sources" was written).
        summaries = [e.get("summary", "") for e in parsed.entries]
        assert not any(re.search(r"\b1 (?:articles|sources)\b", x) for x in summaries)
        assert any(re.search(r"\b\d+ articles? from \d+ sources?\b", x) for x in summaries)


# -- pure parts -----------------------------------------------------------------------
def _registry():
    return Registry([Outlet("left.example", "Left News", "left"), Outlet("right.example", "Right News", "right"),
                     Outlet("mid.example", "Mid News", "center", country="GB")])


def test_build_cards_counts_rated_independent_sources_and_ranks_fresh_momentum_first():
    now = datetime(2026, 3, 10, 12, tzinfo=timezone.utc)
    t = lambda h: now - timedelta(hours=h)  # noqa: E731
    stories = [
        {"id": "old", "title": "Old", "label": "Old", "tags": [], "first_published": t(50), "last_updated": t(48),
         "updated_at": t(48), "article_count": 2, "source_count": 2},
        {"id": "hot", "title": "Hot", "label": "Hot", "tags": ["A"], "first_published": t(3), "last_updated": t(1),
         "updated_at": t(1), "article_count": 4, "source_count": 3},
    ]
    heads = [
        {"id": "o1", "story_id": "old", "source": "left.example", "url": "", "duplicate_of": None, "published": t(50)},
        {"id": "o2", "story_id": "old", "source": "left.example", "url": "", "duplicate_of": None, "published": t(48)},
        {"id": "h1", "story_id": "hot", "source": "left.example", "url": "", "duplicate_of": None, "published": t(3)},
        {"id": "h2", "story_id": "hot", "source": "Right News", "url": "", "duplicate_of": None, "published": t(2)},
        {"id": "h3", "story_id": "hot", "source": "copycat.example", "url": "", "duplicate_of": "h2", "published": t(1)},
        {"id": "h4", "story_id": "hot", "source": "blog.example", "url": "https://mid.example/x", "duplicate_of": None,
         "published": t(1)},
    ]
    cards = build_cards(stories, heads, _registry(), now=now)
    assert [c.id for c in cards] == ["hot", "old"]
    hot = cards[0]
    # The copy (h3) is not counted; blog.example is rated through its URL's outlet.
    assert dict(hot.leaning_counts) == {"left": 1, "center": 1, "right": 1, "unknown": 0}
    assert hot.leaning == "mixed" and hot.virality > cards[1].virality
    assert {"left.example", "right.example", "mid.example"} <= hot.outlets


def test_feed_query_on_cards_filters_and_sorts(web_data):
    from newsprism.store import Store
    from newsprism.web.feed import FeedIndex
    from newsprism.leaning import registry_for

    with Store.open(web_data.effective_database_url) as st:
        index = FeedIndex(st, lambda: registry_for(web_data))
        everything = index.cards()
        latest = index.query(FeedQuery(sort="latest"))
        assert len(latest) == len(everything)
        dates = [c.last_updated for c in latest if c.last_updated]
        assert dates == sorted(dates, reverse=True)
        assert index.query(FeedQuery(since=date(2030, 1, 1))) == []
        assert index.card(everything[0].id) is everything[0]


def test_safe_href_only_links_http():
    assert safe_href("https://a.example/x") == "https://a.example/x"
    for bad in ("javascript:alert(1)", " JAVASCRIPT:alert(1)", "data:text/html,<b>", "//evil.example", "", None,
                "http://"):
        assert safe_href(bad) is None


def test_leaning_bar_and_article_groups():
    bar = leaning_bar({"left": 1, "center": 2, "right": 1, "unknown": 0})
    assert [s["side"] for s in bar] == ["left", "center", "right"]
    assert abs(sum(s["width"] for s in bar) - 100) < 0.01 and bar[1]["x"] == 25.0
    groups = group_articles([
        {"id": "a", "leaning": "lean-left", "duplicate_of": None},
        {"id": "b", "leaning": "center", "duplicate_of": "a"},
        {"id": "c", "leaning": "unknown", "duplicate_of": None},
    ])
    assert [g["side"] for g in groups] == ["left", "unknown"]
    assert [cp["id"] for cp in groups[0]["items"][0]["copies"]] == ["b"]


def test_new_stories_show_up_after_a_refresh_despite_the_render_cache(tmp_path):
    """`run` calls ctx.refresh() after each update: the feed index and the cached renderings
    must not keep serving the old feed."""
    import json

    from newsprism.config import load_settings
    from newsprism.pipeline import SerialExecutor, ingest
    from newsprism.store import Store
    from newsprism.stories import update_stories

    settings = load_settings(overrides={"data_dir": tmp_path, "workers": 1}, env={})
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    body = "The harbor authority approved dredging of the north channel on Monday after years of silting. " * 4
    first.write_text(json.dumps({"url": "https://a.example/1", "title": "Harbor dredging approved", "text": body,
                                 "published": "2026-03-01T10:00:00Z"}) + "\n")
    second.write_text(json.dumps({"url": "https://b.example/2", "title": "Volcano erupts on remote island",
                                  "text": "A volcano erupted on a remote island on Tuesday, sending ash ten "
                                          "kilometres into the sky and grounding flights across the region. " * 4,
                                  "published": "2026-03-02T10:00:00Z"}) + "\n")
    with Store.open(settings.effective_database_url) as store:
        ingest([str(first)], store, settings, executor=SerialExecutor())
        update_stories(store)
        app = create_app(settings, store=store)
        with TestClient(app) as c:
            assert "Harbor dredging" in c.get("/").text
            assert "Volcano" not in c.get("/").text  # now cached
            ingest([str(second)], store, settings, executor=SerialExecutor())
            update_stories(store)
            app.state.ctx.refresh()
            html = c.get("/").text
            assert "Volcano erupts" in html and "Harbor dredging" in html


def test_site_and_feeds_work_on_both_backends(any_store, tmp_path):
    """The web reads through the store seam only: the same pages, search, API and feed
    schedule on SQLite and on a real PostgreSQL server (skipped when none is reachable)."""
    import json

    from newsprism.config import load_settings
    from newsprism.pipeline import SerialExecutor, ingest
    from newsprism.stories import update_stories

    settings = load_settings(overrides={"data_dir": tmp_path, "workers": 1}, env={})
    src = tmp_path / "a.jsonl"
    body = "The harbor authority approved dredging of the north channel on Monday after years of silting. " * 4
    src.write_text("\n".join(json.dumps(r) for r in [
        {"url": "https://a.example/1", "source": "meridianwire.example", "title": "Harbor dredging approved",
         "text": body, "published": "2026-03-01T10:00:00Z"},
        {"url": "https://b.example/2", "title": "Volcano erupts on remote island", "published": "2026-03-02T10:00:00Z",
         "text": "A volcano erupted on a remote island on Tuesday, sending ash ten kilometres high. " * 4},
    ]) + "\n")
    ingest([str(src)], any_store, settings, executor=SerialExecutor())
    update_stories(any_store)
    with TestClient(create_app(settings, store=any_store)) as c:
        listed = c.get("/api/v1/stories").json()
        assert listed["total"] == 2
        sid = next(s["id"] for s in listed["stories"] if "Volcano" in s["title"])
        assert "Volcano erupts" in c.get(f"/stories/{sid}").text
        found = c.get("/", params={"q": "dredging"}).text
        assert "Harbor dredging" in found and "Volcano" not in found
        assert c.get("/healthz").json()["articles"] == 2
        assert c.get("/api/v1/articles", params={"story": sid}).json()["articles"][0]["story_id"] == sid
    from datetime import datetime, timezone

    now = datetime(2026, 3, 3, tzinfo=timezone.utc)
    assert any_store.add_feeds([("https://f.example/rss", "F")], origin="config", now=now, interval=60)
    assert [f["url"] for f in any_store.due_feeds(now, 5)] == ["https://f.example/rss"]


def test_every_story_entity_and_outlet_page_of_the_demo_renders(client, stories):
    for s in stories:
        r = client.get(f"/stories/{s['id']}")
        assert r.status_code == 200, (s["title"], r.text[-500:])
        assert client.get(f"/api/v1/stories/{s['id']}").status_code == 200
    for e in client.get("/api/v1/entities", params={"limit": 1000}).json()["entities"]:
        assert client.get(f"/entities/{e['id']}").status_code == 200, e["name"]
    for source in {a["source"] for a in client.get("/api/v1/articles", params={"limit": 500}).json()["articles"]}:
        assert client.get(f"/outlets/{source}").status_code == 200, source


def test_background_answers_cite_older_coverage_on_its_own_story_page(client, stories):
    """Further Learning answers come from the whole archive: an article of another story is
    cited by a link to that story's page, where its anchor exists."""
    checked = 0
    for story in stories:
        html = client.get(f"/stories/{story['id']}").text
        for other, aid in set(re.findall(r'href="/stories/([0-9a-f]+)#article-([0-9a-f]+)"', html)):
            assert other != story["id"]
            assert f'id="article-{aid}"' in client.get(f"/stories/{other}").text
            checked += 1
    assert checked >= 5  # the demo corpus has such answers (measured: 8 stories cite others)


def test_each_article_says_why_it_is_in_its_story(client, stories):
    """The clusterer's reasons for each article, kept beside it, shown under it: the first
    report started the story, later ones joined with their similarities and shared words."""
    story = _story_with(stories, "Lesnovia frees")
    html = client.get(f"/stories/{story['id']}").text
    notes = re.findall(r'<p class="joined">([^<]*)</p>', html)
    assert len(notes) >= 3
    assert sum("started this story" in n for n in notes) == 1
    joined = [n for n in notes if n.startswith("Joined this story: ")]
    assert joined and all("similar" in n and "shared words: " in n for n in joined), joined
    # The same reasons in the API, per article.
    api = client.get(f"/api/v1/stories/{story['id']}").json()
    kinds = [a["grouping"] for a in api["articles"]]
    assert all(kinds) and sum(1 for g in kinds if g.get("started_story")) == 1
    # Shared names are the canonical names readers see, not the clusterer's folded keys.
    shared = {n for g in kinds for n in g.get("shared_entities") or []}
    assert "Lesnovia" in shared and not any(":" in n for n in shared)


def test_grouping_notes_for_every_kind_of_reason():
    from newsprism.storypage import grouping_note

    assert grouping_note(None) is None and grouping_note({}) is None
    assert "merged" in grouping_note({"merged_story": "abc", "score": 1.2})
    assert grouping_note({"score": 1.1, "embedding": 0.91, "moved_from": "abc"}).startswith(
        "Moved to this story from another when later reports arrived: title and lead 0.91 similar")
    assert "copy" in grouping_note({"copy_of": "x1", "score": None}).lower()
    note = grouping_note({"score": 1.1, "embedding": 0.8123, "tfidf": 0.4, "shared_terms": ["<b>", "quake"],
                          "shared_entities": ["Malatya"], "shared_facts": ["23"], "time_gap_hours": 72.0})
    assert note == ("Joined this story: title and lead 0.81 similar; wording 0.40 similar; "
                    "shared names: Malatya; shared words: <b>, quake; same numbers: 23; 3 days after it.")


def test_story_page_says_when_an_llm_reworded_it():
    from newsprism.web.app import _environment
    from newsprism.web.views import story_view

    page = {"id": "s1", "title": "T", "label": "L", "tags": [], "stats": {}, "breakdown": [], "perspectives": {},
            "keywords": [], "questions": [], "disagreements": [], "timeline": [], "articles": [],
            "generation": {"backend": "llm", "model": "<b>m</b>", "requested": 5, "rewritten": 4, "dropped": 2}}
    html = _environment().get_template("story.html").render(
        v=story_view(page, {}), request=None, now=datetime.now(timezone.utc), version="x", title="T",
        leaning_titles={})
    assert "Reworded by &lt;b&gt;m&lt;/b&gt;: 4 of 5 items" in html and "2 generated sentences dropped" in html
    page["generation"] = {"backend": "extractive"}
    html = _environment().get_template("story.html").render(
        v=story_view(page, {}), request=None, now=datetime.now(timezone.utc), version="x", title="T",
        leaning_titles={})
    assert "Reworded" not in html


def test_each_side_shows_the_headline_it_led_with_escaped_and_cited():
    from newsprism.web.app import _environment
    from newsprism.web.views import cited_ids, story_view

    hostile = "Bridge <img src=x onerror=alert(1)> closed"
    page = {"id": "s1", "title": "T", "label": "L", "tags": [], "stats": {}, "breakdown": [],
            "perspectives": {"right": {"count": 1, "sources": 1, "headline": {"text": hostile, "sources": ["d"]},
                                       "summary": []}},
            "keywords": [], "questions": [], "disagreements": [], "timeline": [],
            "articles": [{"id": "d", "source": "taxwatch.example", "title": hostile, "url": None}]}
    html = _environment().get_template("story.html").render(
        v=story_view(page, {}), request=None, now=datetime.now(timezone.utc), version="x", title="T",
        leaning_titles={})
    assert "Led with: <q>Bridge &lt;img src=x onerror=alert(1)&gt; closed</q>" in html
    assert "<img src=x" not in html
    assert 'class="cite" href="#article-d"' in html.split("Led with:")[1].split("</p>")[0]
    assert "No claim of these outlets stands out" in html  # a headline, but no distinctive claim
    assert cited_ids(page) == {"d"}
    page["title"] = hostile  # the side led with the page's own title: said, not repeated
    html = _environment().get_template("story.html").render(
        v=story_view(page, {}), request=None, now=datetime.now(timezone.utc), version="x", title="T",
        leaning_titles={})
    assert "Led with this page's headline" in html and "Led with:" not in html
    assert 'class="cite" href="#article-d"' in html.split("Led with this page")[1].split("</p>")[0]


def test_background_answers_say_when_they_come_from_older_or_later_coverage(client, stories):
    """The demo archive answers some questions from earlier stories and some from later ones
    (its port strike is told over five days); each badge shows exactly where the API says."""
    seen = {"older": 0, "later": 0}
    for story in stories:
        api = client.get(f"/api/v1/stories/{story['id']}").json()
        html = client.get(f"/stories/{story['id']}").text
        older = sum(bool(q.get("from_older_coverage")) for q in api["questions"])
        later = sum(bool(q.get("from_later_coverage")) for q in api["questions"])
        assert html.count(">From older coverage</span>") == older
        assert html.count(">From later coverage</span>") == later
        seen["older"] += older
        seen["later"] += later
    assert seen["older"] >= 1 and seen["later"] >= 1, seen
