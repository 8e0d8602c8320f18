"""`newsprism run`: the feed list, the adaptive schedule, polling against a real local HTTP
server (one feed broken, the others ingested), resuming after a restart, and the
token-protected feeds API."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from httpserver import free_port, http_server  # noqa: F401
from newsprism.cli import app
from newsprism.config import load_settings
from newsprism.leaning import default_registry
from newsprism.poll import Poller, next_interval, read_feed_list
from newsprism.sources import SourceError
from newsprism.store import Store
from newsprism.web import create_app

T0 = datetime(2026, 3, 20, 8, 0, tzinfo=timezone.utc)


class Clock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def _rss(items: list[tuple[str, str, str]]) -> str:
    entries = "".join(
        f"<item><title>{t}</title><link>{u}</link><pubDate>{format_datetime(T0)}</pubDate>"
        f"<description><![CDATA[<p>{d}</p>]]></description></item>" for t, u, d in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{entries}</channel></rss>'


LONG = ("The harbor authority said the north channel would be dredged in June after years of silting, "
        "and the council set aside four million dollars for the work, which shipping firms had sought. ") * 3


def test_next_interval_halves_on_news_stretches_when_quiet_doubles_on_failure():
    kw = dict(min_seconds=300, max_seconds=3600)
    assert next_interval(1200, new_articles=3, failed=False, **kw) == 600
    assert next_interval(400, new_articles=1, failed=False, **kw) == 300      # floor
    assert next_interval(1200, new_articles=0, failed=False, **kw) == 1800
    assert next_interval(3000, new_articles=0, failed=False, **kw) == 3600    # ceiling
    assert next_interval(1200, new_articles=0, failed=True, **kw) == 2400
    assert next_interval(1200, new_articles=5, failed=True, **kw) == 2400     # failure wins


def test_shipped_feed_list_covers_every_side_with_rated_outlets():
    feeds = read_feed_list(None)
    assert len(feeds) >= 40 and len({u for u, _ in feeds}) == len(feeds)
    registry = default_registry()
    sides = {"left": 0, "center": 0, "right": 0}
    for url, title in feeds:
        assert url.startswith(("https://", "http://"))
        outlet = registry.lookup(url) or registry.lookup(title)
        assert outlet is not None, (url, title)
        sides[outlet.side] += 1
    assert min(sides.values()) >= 10, sides


def test_feed_list_text_file(tmp_path):
    f = tmp_path / "feeds.txt"
    f.write_text("# my feeds\nhttps://a.example/rss\n\nhttp://b.example/atom.xml  # comment\n")
    assert read_feed_list(f) == [("https://a.example/rss", ""), ("http://b.example/atom.xml", "")]
    f.write_text("https://a.example/rss\nftp://nope.example/x\n")
    with pytest.raises(SourceError, match="feeds.txt:2"):
        read_feed_list(f)


@pytest.fixture
def feeds_env(http_server, tmp_path):
    http_server.route("/good.xml", body=_rss([
        ("Harbor dredging approved", http_server.url("/a1"), LONG),
        ("Council funds channel work", http_server.url("/a2"), "Shipping firms welcomed the vote. " + LONG),
    ]), content_type="application/rss+xml")
    http_server.route("/broken.xml", status=500, body="oops")
    http_server.route("/junk.xml", body=b"\x00\x01\x02 not a feed at all \xff", content_type="application/octet-stream")
    listing = tmp_path / "feeds.txt"
    listing.write_text("\n".join(http_server.url(p) for p in ("/good.xml", "/broken.xml", "/junk.xml")) + "\n")
    settings = load_settings(overrides={
        "data_dir": tmp_path / "data", "allow_private_addresses": True, "fetch_per_host_delay": 0,
        "fetch_retries": 0, "fetch_timeout": 5, "workers": 1, "feeds_file": str(listing),
        "poll_min_seconds": 60, "poll_max_seconds": 3600,
    }, env={})
    return http_server, settings


def test_poll_ingests_good_feeds_isolates_broken_ones_and_resumes_after_restart(feeds_env):
    server, settings = feeds_env
    clock = Clock(T0)
    changed = []
    with Store.open(settings.effective_database_url) as store:
        poller = Poller(store, settings, clock=clock, on_change=lambda: changed.append(True))
        assert len(poller.sync_config()) == 3
        report = poller.poll_once()
        poller.close()
        assert report.polled == 3 and report.new_articles == 2 and report.stories_updated and changed
        assert {u.rsplit("/", 1)[1] for u, _ in report.failed} == {"broken.xml", "junk.xml"}
        feeds = {f["url"].rsplit("/", 1)[1]: f for f in store.feeds()}
        assert feeds["good.xml"]["interval_seconds"] == 60 and feeds["good.xml"]["total_new"] == 2
        assert feeds["good.xml"]["last_error"] is None
        assert feeds["broken.xml"]["interval_seconds"] == 120 and feeds["broken.xml"]["failures"] == 1
        assert "500" in feeds["broken.xml"]["last_error"]
        assert feeds["junk.xml"]["last_error"]
        assert all(a["story_id"] for a in store.articles())
        assert any("broken.xml" in e["item"] for e in store.errors(last_run=True))

    # A restart (new process, same store) resumes the schedule: nothing is due yet.
    with Store.open(settings.effective_database_url) as store:
        poller = Poller(store, settings, clock=clock)
        assert poller.sync_config() == []
        assert poller.poll_once().polled == 0
        # A minute later the good feed is due again; it has nothing new: it backs off.
        clock.now = T0 + timedelta(seconds=61)
        report = poller.poll_once()
        poller.close()
        assert report.polled == 1 and report.new_articles == 0 and not report.stories_updated
        good = next(f for f in store.feeds() if f["url"].endswith("/good.xml"))
        assert good["interval_seconds"] == 90


def test_feed_removed_from_the_list_is_unsubscribed_api_feeds_stay(feeds_env, tmp_path):
    server, settings = feeds_env
    with Store.open(settings.effective_database_url) as store:
        poller = Poller(store, settings, clock=Clock(T0))
        poller.sync_config()
        store.add_feeds([("https://api-added.example/rss", "")], origin="api", now=T0, interval=60)
        (tmp_path / "feeds.txt").write_text(server.url("/good.xml") + "\n")
        poller.sync_config()
        assert {f["url"] for f in store.feeds()} == {server.url("/good.xml"), "https://api-added.example/rss"}


def test_run_once_command_reports_failing_feeds_with_exit_code_1(feeds_env):
    server, settings = feeds_env
    res = CliRunner().invoke(app, ["--data-dir", str(settings.data_dir), "--allow-private-addresses", "run", "--once"],
                             env={"NEWSPRISM_FEEDS_FILE": settings.feeds_file, "NEWSPRISM_FETCH_RETRIES": "0",
                                  "NEWSPRISM_FETCH_PER_HOST_DELAY": "0", "NEWSPRISM_WORKERS": "1"})
    assert res.exit_code == 1, res.output
    assert "polled 3 feeds" in res.stdout and "2 new articles" in res.stdout
    assert "broken.xml" in res.stderr


def test_feeds_api_needs_the_token_to_change_anything(tmp_path):
    base = {"data_dir": tmp_path / "d"}
    with TestClient(create_app(load_settings(overrides=base, env={}))) as c:
        assert c.get("/api/v1/feeds").json() == []
        r = c.post("/api/v1/feeds", json={"url": "https://x.example/rss"})
        assert r.status_code == 403 and "api_token" in r.json()["detail"]
    with TestClient(create_app(load_settings(overrides={**base, "api_token": "s3cret"}, env={}))) as c:
        assert c.post("/api/v1/feeds", json={"url": "https://x.example/rss"}).status_code == 401
        bad = {"Authorization": "Bearer nope"}
        assert c.post("/api/v1/feeds", json={"url": "https://x.example/rss"}, headers=bad).status_code == 401
        ok = {"Authorization": "Bearer s3cret"}
        r = c.post("/api/v1/feeds", json={"url": "https://x.example/rss", "title": "X"}, headers=ok)
        assert r.status_code == 201 and r.json()["origin"] == "api"
        assert c.post("/api/v1/feeds", json={"url": "https://x.example/rss"}, headers=ok).status_code == 200
        assert c.post("/api/v1/feeds", json={"url": "javascript:alert(1)"}, headers=ok).status_code == 422
        assert [f["url"] for f in c.get("/api/v1/feeds").json()] == ["https://x.example/rss"]
        assert c.delete("/api/v1/feeds", params={"url": "https://x.example/rss"}).status_code == 401
        assert c.delete("/api/v1/feeds", params={"url": "https://x.example/rss"}, headers=ok).status_code == 204
        assert c.get("/api/v1/feeds").json() == []


def test_run_process_polls_serves_and_stops_cleanly(feeds_env):
    """The main job as a user runs it: one process polls the feeds (one broken) and serves
    the site; the feed's articles become a story on the home page; Ctrl+C stops it."""
    import os
    import signal
    import subprocess
    import sys
    import time

    import httpx

    server, settings = feeds_env
    port = free_port()
    env = {**os.environ, "NEWSPRISM_FEEDS_FILE": settings.feeds_file, "NEWSPRISM_FETCH_RETRIES": "0",
           "NEWSPRISM_FETCH_PER_HOST_DELAY": "0", "NEWSPRISM_WORKERS": "1", "NEWSPRISM_POLL_MIN_SECONDS": "60"}
    proc = subprocess.Popen([sys.executable, "-m", "newsprism.cli", "--data-dir", str(settings.data_dir),
                             "--allow-private-addresses", "run", "--port", str(port)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        html = ""
        while time.monotonic() < deadline:
            try:
                html = httpx.get(f"http://127.0.0.1:{port}/", timeout=5).text
                if "Harbor dredging" in html or "Council funds" in html:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None, proc.stderr.read().decode()
            time.sleep(0.5)
        assert "Harbor dredging" in html or "Council funds" in html
        feeds = httpx.get(f"http://127.0.0.1:{port}/api/v1/feeds", timeout=5).json()
        broken = next(f for f in feeds if f["url"].endswith("/broken.xml"))
        assert broken["failures"] >= 1 and "500" in broken["last_error"]
        assert next(f for f in feeds if f["url"].endswith("/good.xml"))["total_new"] == 2
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert proc.returncode in (0, 130), proc.stderr.read().decode()[-2000:]


def test_serve_on_a_taken_port_is_a_usage_error(tmp_path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        res = CliRunner().invoke(app, ["--data-dir", str(tmp_path), "serve", "--port", str(port)])
    assert res.exit_code == 2
    assert "cannot serve on 127.0.0.1" in res.stderr


def test_unreadable_feed_list_is_a_usage_error(tmp_path):
    bad = tmp_path / "feeds.txt"
    bad.write_text("https://ok.example/rss\nnot a url\n")
    for listing, reason in ((bad, "feeds.txt:2"), (tmp_path / "missing.opml", "missing.opml")):
        res = CliRunner().invoke(app, ["--data-dir", str(tmp_path / "d"), "run", "--once"],
                                 env={"NEWSPRISM_FEEDS_FILE": str(listing)})
        assert res.exit_code == 2 and reason in res.stderr


def test_oversized_request_bodies_are_refused_before_they_are_read(tmp_path):
    settings = load_settings(overrides={"data_dir": tmp_path, "api_token": "s3cret"}, env={})
    with TestClient(create_app(settings)) as c:
        r = c.post("/api/v1/feeds", content=b"{" + b" " * 100_000 + b"}",
                   headers={"Content-Type": "application/json"})
        assert r.status_code == 413 and "content-security-policy" in r.headers
        ok = c.post("/api/v1/feeds", json={"url": "https://x.example/rss"}, headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 201
