"""The fetcher against a real HTTP server on 127.0.0.1 (see httpserver.py).

The server is loopback, which the SSRF guard refuses by default, so most tests allow
private addresses; the guard tests instead exempt 127.0.0.1/32 (``allowed_networks``)
and map made-up host names to it with an injected resolver, so redirects to 10.0.0.1
or 169.254.169.254 can be seen refused before any connection is made.
"""

from __future__ import annotations

import gzip
import itertools
import shutil
import ssl
import subprocess
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator

import pytest
from httpserver import HTTPTestServer, RecordedRequest, Route, http_server  # noqa: F401

from newsprism.fetch import (
    Fetcher,
    FetchError,
    FetchRequest,
    FetchResponse,
    FetchSettings,
    classify_address,
    default_user_agent,
)
from newsprism.records import NewsprismError

PAGE = "<html><head><title>Budget passes</title></head><body><p>The vote was 51-49.</p></body></html>"
ONLY_LOOPBACK = ("127.0.0.1/32",)


def fast_settings(**overrides: object) -> FetchSettings:
    """Fast, loopback-friendly settings: no pacing, tiny backoff, short timeouts."""
    base: dict[str, object] = dict(
        allow_private_addresses=True, per_host_delay=0.0, backoff=0.01, timeout=3.0, connect_timeout=2.0
    )
    base.update(overrides)
    return FetchSettings(**base)  # type: ignore[arg-type]


@pytest.fixture
def make_fetcher() -> Iterator[Callable[..., Fetcher]]:
    fetchers: list[Fetcher] = []

    def make(**overrides: object) -> Fetcher:
        fetcher = Fetcher(fast_settings(**overrides))
        fetchers.append(fetcher)
        return fetcher

    yield make
    for fetcher in fetchers:
        fetcher.close()


def fetch_error(fetcher: Fetcher, url: str, **kwargs: object) -> FetchError:
    with pytest.raises(FetchError) as info:
        fetcher.fetch(url, **kwargs)  # type: ignore[arg-type]
    return info.value


def page_requests(server: HTTPTestServer) -> list[RecordedRequest]:
    return [r for r in server.requests if r.path != "/robots.txt"]


# ------------------------------------------------------------------------------ basics


def test_page_is_fetched_with_metadata(http_server: HTTPTestServer, make_fetcher) -> None:
    http_server.route("/news/1", PAGE, content_type="text/html; charset=ISO-8859-1", headers={"X-Seen": "yes"})
    response = make_fetcher().fetch(http_server.url("/news/1"), kind="page")
    assert isinstance(response, FetchResponse)
    assert response.status == 200
    assert response.content == PAGE.encode()
    assert response.content_type == "text/html"
    assert response.charset == "iso-8859-1"
    assert response.url == response.final_url == http_server.url("/news/1")
    assert response.headers["x-seen"] == "yes"
    assert all(key == key.lower() for key in response.headers)
    assert response.not_modified is False
    assert 0 < response.elapsed < 2


def test_gzip_and_deflate_bodies_are_decoded(http_server: HTTPTestServer, make_fetcher) -> None:
    http_server.route("/gz", gzip.compress(PAGE.encode()), headers={"Content-Encoding": "gzip"})
    raw = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)  # raw deflate, as some servers send
    http_server.route("/deflate", raw.compress(PAGE.encode()) + raw.flush(), headers={"Content-Encoding": "deflate"})
    http_server.route("/br", b"\x0b\x02\x80hello\x03", headers={"Content-Encoding": "br"})
    fetcher = make_fetcher()
    assert fetcher.fetch(http_server.url("/gz")).content == PAGE.encode()
    assert fetcher.fetch(http_server.url("/deflate")).content == PAGE.encode()
    assert http_server.requests_to("/gz")[0].headers["accept-encoding"] == "gzip, deflate"
    error = fetch_error(fetcher, http_server.url("/br"))
    assert error.reason == "unsupported content encoding br" and error.code == "encoding"


def test_user_agent_is_honest_and_sent_everywhere(http_server: HTTPTestServer, make_fetcher) -> None:
    http_server.route("/", PAGE)
    make_fetcher().fetch(http_server.url("/"))
    agent = default_user_agent()
    assert agent.startswith("newsprism/") and "(+https://github.com/newsprism/newsprism)" in agent
    assert [r.headers["user-agent"] for r in http_server.requests] == [agent, agent]  # robots.txt, page
    make_fetcher(user_agent="MyCrawler/2.0 (+https://example.org/bot)").fetch(http_server.url("/"))
    assert http_server.requests[-1].headers["user-agent"] == "MyCrawler/2.0 (+https://example.org/bot)"


def test_conditional_get_returns_not_modified(http_server: HTTPTestServer, make_fetcher) -> None:
    etag, modified = '"v1-abc"', "Wed, 21 Oct 2015 07:28:00 GMT"

    def feed(request: RecordedRequest) -> Route:
        if request.headers.get("if-none-match") == etag:
            return Route(304, headers={"Cache-Control": "max-age=60"})  # no validators echoed
        return Route(200, "<rss/>", {"Content-Type": "application/rss+xml", "ETag": etag, "Last-Modified": modified})

    http_server.route("/feed.xml", handler=feed)
    fetcher = make_fetcher()
    first = fetcher.fetch(http_server.url("/feed.xml"), kind="feed")
    assert (first.status, first.etag, first.last_modified) == (200, etag, modified)
    second = fetcher.fetch(
        http_server.url("/feed.xml"), etag=first.etag, last_modified=first.last_modified, kind="feed"
    )
    assert second.not_modified and second.status == 304 and second.content == b""
    assert (second.etag, second.last_modified) == (etag, modified)  # kept although the 304 omitted them
    sent_first, sent_second = http_server.requests_to("/feed.xml")
    assert "if-none-match" not in sent_first.headers and "if-modified-since" not in sent_first.headers
    assert sent_second.headers["if-none-match"] == etag
    assert sent_second.headers["if-modified-since"] == modified


# --------------------------------------------------------------------------- redirects


def test_redirect_chain_is_followed(http_server: HTTPTestServer, make_fetcher) -> None:
    http_server.redirect("/a", "/b", status=301)
    http_server.redirect("/b", "c?x=1", status=307)  # relative to /b
    http_server.redirect("/c", http_server.url("/final"), status=308)
    http_server.route("/final", PAGE)
    response = make_fetcher().fetch(http_server.url("/a"), kind="page")
    assert response.url == http_server.url("/a")
    assert response.final_url == http_server.url("/final")
    assert response.content == PAGE.encode()
    assert [r.path for r in page_requests(http_server)] == ["/a", "/b", "/c?x=1", "/final"]


def test_too_many_redirects(http_server: HTTPTestServer, make_fetcher) -> None:
    http_server.redirect("/loop", "/loop")
    error = fetch_error(make_fetcher(max_redirects=3), http_server.url("/loop"))
    assert error.reason == "too many redirects (>3)" and error.code == "redirects"
    assert error.item == http_server.url("/loop")
    assert len(http_server.requests_to("/loop")) == 4  # the request and three redirects


def test_redirect_error_names_the_hop(http_server: HTTPTestServer, make_fetcher) -> None:
    http_server.redirect("/moved", "/gone")
    error = fetch_error(make_fetcher(), http_server.url("/moved"))
    assert error.reason == f"HTTP 404 (at {http_server.url('/gone')})" and error.status == 404


# ------------------------------------------------------------------------------- SSRF


def test_loopback_is_refused_by_default(http_server: HTTPTestServer) -> None:
    http_server.route("/", PAGE)
    with Fetcher(FetchSettings(per_host_delay=0)) as fetcher:
        error = fetch_error(fetcher, http_server.url("/"))
    assert error.reason == (
        "refused: resolves to loopback address 127.0.0.1 (use --allow-private-addresses to allow)"
    )
    assert error.code == "refused" and error.stage == "fetch"
    assert http_server.requests == []  # not even robots.txt was asked for


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("http://10.0.0.1/admin", "refused: resolves to private address 10.0.0.1"),
        ("http://169.254.169.254/latest/meta-data/", "refused: resolves to link-local address 169.254.169.254"),
        ("http://[::ffff:10.0.0.1]/", "refused: resolves to private address ::ffff:a00:1"),
        ("http://internal.example/", "refused: resolves to private address 192.168.1.5"),
    ],
)
def test_redirect_to_private_address_is_refused_before_connecting(
    http_server: HTTPTestServer, make_fetcher, location: str, expected: str
) -> None:
    """127.0.0.1 is exempted like a public host; the redirect target is still checked."""
    names = {"news.example": ["127.0.0.1"], "internal.example": ["192.168.1.5"]}
    http_server.redirect("/story", location)
    fetcher = make_fetcher(
        allow_private_addresses=False,
        allowed_networks=ONLY_LOOPBACK,
        resolver=lambda host, port: names[host],
        respect_robots=False,
        connect_timeout=5.0,
    )
    started = time.monotonic()
    error = fetch_error(fetcher, f"http://news.example:{http_server.port}/story")
    assert error.reason.startswith(expected), error.reason
    assert error.code == "refused" and not error.retryable
    assert time.monotonic() - started < 1.0  # no connection attempt to wait for
    assert [r.path for r in http_server.requests] == ["/story"]


def test_connects_to_the_address_it_checked(http_server: HTTPTestServer, make_fetcher) -> None:
    """The name is resolved once per connection, by the guard, and that IP is dialled.

    ``news.example`` does not exist in real DNS, so the request can only arrive if
    the connection used the guard's answer; the Host header keeps the name.
    """
    calls: list[str] = []

    def resolver(host: str, port: int) -> list[str]:
        calls.append(host)
        return ["127.0.0.1"] if len(calls) == 1 else ["10.0.0.1"]  # rebinding after the check

    http_server.route("/a", PAGE)
    fetcher = make_fetcher(
        allow_private_addresses=False, allowed_networks=ONLY_LOOPBACK, resolver=resolver, respect_robots=False
    )
    response = fetcher.fetch(f"http://news.example:{http_server.port}/a")
    assert response.content == PAGE.encode()
    assert calls == ["news.example"]
    assert http_server.requests_to("/a")[0].headers["host"] == f"news.example:{http_server.port}"


def test_host_with_any_private_address_is_refused(http_server: HTTPTestServer, make_fetcher) -> None:
    fetcher = make_fetcher(
        allow_private_addresses=False,
        allowed_networks=ONLY_LOOPBACK,
        resolver=lambda host, port: ["127.0.0.1", "10.1.2.3"],
    )
    error = fetch_error(fetcher, f"http://mixed.example:{http_server.port}/")
    assert error.reason.startswith("refused: resolves to private address 10.1.2.3")
    assert http_server.requests == []


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://example.com/feed.xml", "gopher://127.0.0.1:6379/_INFO", "javascript:alert(1)"],
)
def test_non_http_schemes_are_refused(make_fetcher, url: str) -> None:
    error = fetch_error(make_fetcher(), url)
    assert error.reason.startswith("refused: unsupported URL scheme") and error.code == "refused"


def test_redirect_to_file_scheme_is_refused(http_server: HTTPTestServer, make_fetcher) -> None:
    http_server.redirect("/r", "file:///etc/passwd")
    error = fetch_error(make_fetcher(), http_server.url("/r"))
    assert error.reason.startswith("refused: unsupported URL scheme 'file'")


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("8.8.8.8", None),
        ("2606:4700:4700::1111", None),
        ("::ffff:8.8.8.8", None),
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("10.0.0.1", "private"),
        ("172.16.5.4", "private"),
        ("192.168.0.10", "private"),
        ("fd00::1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("240.0.0.1", "private"),  # reserved space; Python files it under is_private
        ("100.64.0.1", "non-public"),  # carrier-grade NAT
        ("64:ff9b::a00:1", "private"),  # NAT64 of 10.0.0.1
        ("2002:7f00:1::", "loopback"),  # 6to4 of 127.0.0.1
    ],
)
def test_classify_address(address: str, kind: str | None) -> None:
    assert classify_address(address) == kind


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A throw-away self-signed certificate for news.example (needs the openssl tool)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl command not available to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=news.example",
         "-addext", "subjectAltName=DNS:news.example"],
        check=True, capture_output=True,
    )
    return str(cert), str(key)


def test_https_checks_the_certificate_against_the_name(tls_files, make_fetcher) -> None:
    """Dialling the checked IP must not weaken TLS: SNI and verification use the name."""
    cert, key = tls_files
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    with HTTPTestServer(ssl_context=context) as server:
        server.route("/a", PAGE)
        fetcher = make_fetcher(
            allow_private_addresses=False,
            allowed_networks=ONLY_LOOPBACK,
            resolver=lambda host, port: ["127.0.0.1"],
            respect_robots=False,
            retries=0,
            extra_ca_file=cert,
        )
        response = fetcher.fetch(f"https://news.example:{server.port}/a")
        assert response.content == PAGE.encode()
        error = fetch_error(fetcher, f"https://other.example:{server.port}/a")  # same IP, wrong name
        assert error.code == "connection" and "CERTIFICATE_VERIFY_FAILED" in error.reason
        # Without the extra CA the self-signed certificate is not trusted at all.
        plain = make_fetcher(
            allowed_networks=ONLY_LOOPBACK, resolver=lambda host, port: ["127.0.0.1"], retries=0,
            respect_robots=False, allow_private_addresses=False,
        )
        assert "CERTIFICATE_VERIFY_FAILED" in fetch_error(plain, f"https://news.example:{server.port}/a").reason
        assert [r.path for r in server.requests] == ["/a"]


# ------------------------------------------------------------------------------- caps


def test_body_size_cap(http_server: HTTPTestServer, make_fetcher) -> None:
    mib = 1024 * 1024
    http_server.route("/big", b"x" * (mib + 1))
    http_server.route("/streamed", [b"y" * 65536] * 17)  # chunked: no Content-Length to trust
    http_server.route("/exact", b"z" * mib)
    fetcher = make_fetcher(max_bytes=mib)
    for path in ("/big", "/streamed"):
        error = fetch_error(fetcher, http_server.url(path))
        assert error.reason == "body larger than 1 MiB" and error.code == "too-large"
    assert len(fetcher.fetch(http_server.url("/exact")).content) == mib


def test_gzip_bomb_is_capped_without_blowing_memory(http_server: HTTPTestServer, make_fetcher) -> None:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1024 * 1024)
    bomb = b"".join(compressor.compress(zeros) for _ in range(64)) + compressor.flush()  # 64 MiB in ~64 KiB
    assert len(bomb) < 100_000
    http_server.route("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    fetcher = make_fetcher(max_bytes=1024 * 1024)
    http_server.route("/warm", PAGE)
    fetcher.fetch(http_server.url("/warm"))  # client, TLS context and robots.txt set up first
    tracemalloc.start()
    try:
        error = fetch_error(fetcher, http_server.url("/bomb"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.reason == "body larger than 1 MiB"
    # The cap plus a few decode steps; decoding whole network chunks would peak at ~64 MiB.
    assert peak < 8 * 1024 * 1024, peak


def test_slow_response_times_out(http_server: HTTPTestServer, make_fetcher) -> None:
    http_server.route("/slow", PAGE, delay=1.5)
    started = time.monotonic()
    error = fetch_error(make_fetcher(timeout=0.3, retries=0), http_server.url("/slow"))
    assert error.reason == "timed out after 0.3 s" and error.code == "timeout" and error.retryable
    assert time.monotonic() - started < 1.2


def test_timeout_is_a_total_budget_not_per_read(http_server: HTTPTestServer, make_fetcher) -> None:
    """A server dripping a byte just inside the read timeout still hits the total."""
    http_server.route("/drip", [b"."] * 20, chunk_delay=0.1)
    started = time.monotonic()
    error = fetch_error(make_fetcher(timeout=0.5, retries=0), http_server.url("/drip"))
    assert error.reason == "timed out after 0.5 s"
    assert time.monotonic() - started < 1.2


def test_connection_refused_is_reported(make_fetcher) -> None:
    with HTTPTestServer() as closed:
        url = closed.url("/")
    error = fetch_error(make_fetcher(retries=0, respect_robots=False), url)
    assert error.reason.startswith("connection failed:") and error.retryable


# ---------------------------------------------------------------------------- retries


def test_server_errors_are_retried_client_errors_are_not(http_server: HTTPTestServer, make_fetcher) -> None:
    http_server.route("/500", "oops", status=500)
    http_server.route("/404", "nope", status=404)
    fetcher = make_fetcher(retries=2)
    error = fetch_error(fetcher, http_server.url("/500"))
    assert (error.reason, error.status, error.retryable) == ("HTTP 500", 500, True)
    assert len(http_server.requests_to("/500")) == 3
    error = fetch_error(fetcher, http_server.url("/404"))
    assert (error.reason, error.status, error.retryable) == ("HTTP 404", 404, False)
    assert len(http_server.requests_to("/404")) == 1


def test_transient_failure_recovers(http_server: HTTPTestServer, make_fetcher) -> None:
    attempts: list[RecordedRequest] = []

    def flaky(request: RecordedRequest) -> Route:
        attempts.append(request)
        return Route(503) if len(attempts) < 3 else Route(200, PAGE, {"Content-Type": "text/html"})

    http_server.route("/flaky", handler=flaky)
    response = make_fetcher(retries=2).fetch(http_server.url("/flaky"))
    assert response.status == 200 and len(attempts) == 3


def test_429_honours_retry_after(http_server: HTTPTestServer, make_fetcher) -> None:
    attempts: list[RecordedRequest] = []

    def limited(request: RecordedRequest) -> Route:
        attempts.append(request)
        if len(attempts) == 1:
            return Route(429, "slow down", {"Retry-After": "1"})
        return Route(200, PAGE, {"Content-Type": "text/html"})

    http_server.route("/limited", handler=limited)
    http_server.route("/never", "no", status=429, headers={"Retry-After": "3600"})
    fetcher = make_fetcher(retries=2, max_retry_after=30)
    assert fetcher.fetch(http_server.url("/limited")).status == 200
    assert attempts[1].time - attempts[0].time >= 0.95  # waited as asked, not the 10 ms backoff
    error = fetch_error(fetcher, http_server.url("/never"))
    assert error.reason.startswith("HTTP 429 (server asked to wait 3600 s")
    assert error.retry_after == 3600 and not error.retryable
    assert len(http_server.requests_to("/never")) == 1


# ------------------------------------------------------------------------ content type


def test_content_type_is_checked_before_reading(http_server: HTTPTestServer, make_fetcher) -> None:
    http_server.route("/photo.png", b"\x89PNG....", content_type="image/png")
    http_server.route("/feed", "<rss/>", content_type="text/html; charset=utf-8")  # a lying server
    http_server.route("/atom", "<feed/>", content_type="application/atom+xml")
    fetcher = make_fetcher()
    error = fetch_error(fetcher, http_server.url("/photo.png"), kind="page")
    assert error.reason.startswith("unsupported content type image/png") and error.code == "content-type"
    assert error.item == http_server.url("/photo.png")
    assert fetch_error(fetcher, http_server.url("/photo.png"), kind="feed").code == "content-type"
    assert fetcher.fetch(http_server.url("/photo.png"), kind="any").content.startswith(b"\x89PNG")
    assert fetcher.fetch(http_server.url("/feed"), kind="feed").content == b"<rss/>"
    assert fetcher.fetch(http_server.url("/atom"), kind="feed").content_type == "application/atom+xml"
    assert fetch_error(fetcher, http_server.url("/atom"), kind="page").code == "content-type"
    with pytest.raises(ValueError, match="kind must be one of"):
        fetcher.fetch(http_server.url("/feed"), kind="video")  # type: ignore[arg-type]


# ------------------------------------------------------------------------------ robots


def test_robots_txt_is_obeyed_and_cached(http_server: HTTPTestServer, make_fetcher) -> None:
    http_server.route(
        "/robots.txt",
        "User-agent: *\nDisallow: /private\n\nUser-agent: newsprism\nDisallow: /no-bots\n",
        content_type="text/plain",
    )
    http_server.route("/public", PAGE)
    http_server.route("/private/1", PAGE)
    http_server.route("/no-bots/1", PAGE)
    http_server.redirect("/sneaky", "/no-bots/1")
    fetcher = make_fetcher()
    assert fetcher.fetch(http_server.url("/public")).status == 200
    assert fetcher.fetch(http_server.url("/private/1")).status == 200  # the newsprism group applies
    for path in ("/no-bots/1", "/sneaky"):
        error = fetch_error(fetcher, http_server.url(path))
        assert error.reason.startswith("disallowed by robots.txt") and error.code == "robots"
    assert http_server.requests_to("/no-bots/1") == []
    assert len(http_server.requests_to("/robots.txt")) == 1
    assert make_fetcher(respect_robots=False).fetch(http_server.url("/no-bots/1")).status == 200


def test_robots_outcomes_follow_rfc_9309(http_server: HTTPTestServer, make_fetcher) -> None:
    http_server.route("/page", PAGE)
    assert make_fetcher().fetch(http_server.url("/page")).status == 200  # 404 robots: allow all
    http_server.route("/robots.txt", "down", status=503)
    error = fetch_error(make_fetcher(retries=0), http_server.url("/page"))
    assert error.reason.startswith("disallowed: robots.txt is unreachable (HTTP 503)")
    assert error.code == "robots"


def test_robots_crawl_delay_paces_requests(http_server: HTTPTestServer, make_fetcher) -> None:
    # urllib.robotparser reads whole seconds only; fractional Crawl-delays are ignored.
    http_server.route("/robots.txt", "User-agent: *\nCrawl-delay: 1\n", content_type="text/plain")
    http_server.route("/p", PAGE)
    fetcher = make_fetcher()  # per_host_delay=0: the site's wish is what spaces them
    fetcher.fetch_many([http_server.url("/p")] * 2)
    first, second = (r.time for r in http_server.requests_to("/p"))
    assert second - first >= 0.95


# -------------------------------------------------------------------------- fetch_many


def test_fetch_many_keeps_order_and_per_host_limit(http_server: HTTPTestServer, make_fetcher) -> None:
    for i in range(8):
        http_server.route(f"/item/{i}", f"item {i}", delay=0.15 if i % 2 else 0.3)
    requests = [FetchRequest(http_server.url(f"/item/{i}")) for i in range(8)]
    requests.insert(3, FetchRequest(http_server.url("/missing")))
    requests.append(FetchRequest("ftp://example.com/x"))
    results = make_fetcher(per_host_concurrency=2, total_concurrency=8).fetch_many(requests)
    assert len(results) == len(requests)
    texts = [r.content.decode() if isinstance(r, FetchResponse) else r.reason for r in results]
    expected = [f"item {i}" for i in range(8)]
    expected.insert(3, "HTTP 404")
    assert texts[:-1] == expected
    assert isinstance(results[-1], FetchError) and isinstance(results[-1], NewsprismError)
    assert http_server.max_concurrent == 2  # concurrent, but never more than two at once


def test_fetch_many_global_limit_across_hosts(http_server: HTTPTestServer, make_fetcher) -> None:
    http_server.route("/x", "x", delay=0.2)
    hosts = ["a.example", "b.example", "c.example"]
    fetcher = make_fetcher(
        per_host_concurrency=2,
        total_concurrency=3,
        respect_robots=False,
        resolver=lambda host, port: ["127.0.0.1"],
    )
    results = fetcher.fetch_many([f"http://{h}:{http_server.port}/x" for h in hosts for _ in range(3)])
    assert all(isinstance(r, FetchResponse) for r in results)
    assert http_server.max_concurrent == 3


def test_per_host_delay_spaces_requests(http_server: HTTPTestServer, make_fetcher) -> None:
    http_server.route("/p", PAGE)
    fetcher = make_fetcher(per_host_delay=0.2, respect_robots=False)
    fetcher.fetch_many([http_server.url("/p")] * 3)
    times = [r.time for r in http_server.requests_to("/p")]
    assert len(times) == 3
    assert all(b - a >= 0.18 for a, b in itertools.pairwise(times)), times


def test_fetcher_is_thread_safe_and_closes(http_server: HTTPTestServer) -> None:
    http_server.route("/p", PAGE)
    fetcher = Fetcher(fast_settings())
    results: list[int] = []
    threads = [
        threading.Thread(target=lambda: results.append(fetcher.fetch(http_server.url("/p")).status))
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [200] * 4
    fetcher.close()
    fetcher.close()  # idempotent
    with pytest.raises(RuntimeError, match="closed"):
        fetcher.fetch(http_server.url("/p"))


def test_settings_are_validated() -> None:
    with pytest.raises(ValueError, match="allowed_networks"):
        FetchSettings(allowed_networks=("10.0.0.0/33",))
    with pytest.raises(ValueError, match="timeout"):
        FetchSettings(timeout=0)
    with pytest.raises(ValueError, match="per_host_concurrency"):
        FetchSettings(per_host_concurrency=0)
    with pytest.raises(ValueError, match="extra_ca_file"):
        FetchSettings(extra_ca_file="/nonexistent/ca.pem")
    with pytest.raises(ValueError, match="kind must be one of"):
        FetchRequest("https://example.com/", kind="video")  # type: ignore[arg-type]


def test_unusable_validators_are_dropped_not_fatal(http_server: HTTPTestServer, make_fetcher) -> None:
    http_server.route("/p", PAGE)
    response = make_fetcher().fetch(http_server.url("/p"), etag='"caf\u00e9"', last_modified="x\r\nEvil: 1")
    assert response.status == 200
    sent = http_server.requests_to("/p")[0].headers
    assert "if-none-match" not in sent and "if-modified-since" not in sent and "evil" not in sent
