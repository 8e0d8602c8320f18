"""A real HTTP server on 127.0.0.1 for tests: feeds, pages, redirects, slow and broken servers.

Tests that speak HTTP use this instead of mocks, so the bytes on the wire (headers,
gzip, keep-alive, redirects, timeouts) are the real thing. Usage::

    from httpserver import http_server, Route   # tests/ is on sys.path under pytest

    def test_feed(http_server):
        http_server.route("/feed.xml", body=RSS, content_type="application/rss+xml")
        http_server.redirect("/old", "/feed.xml", status=301)
        http_server.route("/slow", body="late", delay=2.0)
        http_server.route("/dynamic", handler=lambda req: Route(body=req.headers.get("user-agent", "")))
        url = http_server.url("/feed.xml")
        ...
        assert http_server.requests_to("/feed.xml")[0].headers["user-agent"].startswith("newsprism/")

A route is a :class:`Route`: status, headers, body (bytes, str, or an iterable of byte
chunks streamed with chunked encoding), an optional ``delay`` before the response and
``chunk_delay`` between chunks, or a ``handler(request) -> Route`` for dynamic answers
(ETag / 304 logic, counting attempts, echoing what was sent). Unknown paths get 404.
Every request is recorded in :attr:`HTTPTestServer.requests`, and the server tracks
the peak number of requests it was handling at once (:attr:`max_concurrent`).

The server speaks HTTP/1.1 with keep-alive, handles each connection in its own daemon
thread, and answers any method (the handler can look at ``request.method`` and
``request.body``, e.g. to play an OpenAI-compatible endpoint).
"""

from __future__ import annotations

import contextlib
import mimetypes
import socket
import ssl
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

__all__ = ["HTTPTestServer", "RecordedRequest", "Route", "free_port", "http_server"]


@dataclass(frozen=True)
class RecordedRequest:
    """What the server received: method, path (with query), headers (lower-case keys)."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    time: float  # time.monotonic() when the request line was read


@dataclass
class Route:
    """How to answer a path.

    ``body`` is bytes, str (sent as UTF-8) or an iterable of byte chunks (streamed with
    chunked transfer encoding unless a Content-Length header is given, then written
    raw). ``delay`` waits before the status line; ``chunk_delay`` between chunks.
    ``handler(request)`` returns the Route to answer with, for dynamic responses.
    """

    status: int = 200
    body: bytes | str | Iterable[bytes] = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    delay: float = 0.0
    chunk_delay: float = 0.0
    handler: Callable[[RecordedRequest], Route] | None = None


class HTTPTestServer:
    """A ThreadingHTTPServer on a random free port of 127.0.0.1, in a background thread.

    Pass a server-side ``ssl_context`` to speak HTTPS (then :meth:`url` says https).
    """

    def __init__(self, host: str = "127.0.0.1", ssl_context: ssl.SSLContext | None = None):
        self._routes: dict[str, Route] = {}
        self._requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._in_flight = 0
        self.max_concurrent = 0
        #: Tracebacks of handlers that raised (each answered with a 500).
        self.errors: list[str] = []
        self._httpd = ThreadingHTTPServer((host, 0), _make_handler(self))
        self._httpd.daemon_threads = True
        self.scheme = "http"
        if ssl_context is not None:
            self._httpd.socket = ssl_context.wrap_socket(self._httpd.socket, server_side=True)
            self.scheme = "https"
        self._thread: threading.Thread | None = None

    # lifecycle
    def start(self) -> HTTPTestServer:
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> HTTPTestServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # addresses
    @property
    def host(self) -> str:
        return str(self._httpd.server_address[0])

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"

    def url(self, path: str = "/") -> str:
        """Absolute URL of ``path`` on this server."""
        return self.base_url + (path if path.startswith("/") else "/" + path)

    # configuration
    def route(
        self,
        path: str,
        body: bytes | str | Iterable[bytes] = b"",
        *,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        content_type: str | None = None,
        delay: float = 0.0,
        chunk_delay: float = 0.0,
        handler: Callable[[RecordedRequest], Route] | None = None,
    ) -> Route:
        """Serve ``path`` (exact, or without its query string). Returns the Route.

        Without a Content-Type (argument or header) one is guessed from the path's
        extension, falling back to ``text/html; charset=utf-8``.
        """
        merged = dict(headers or {})
        if content_type is not None:
            merged["Content-Type"] = content_type
        if handler is None and not any(k.lower() == "content-type" for k in merged):
            merged["Content-Type"] = _guess_type(path)
        route = Route(status, body, merged, delay, chunk_delay, handler)
        with self._lock:
            self._routes[path] = route
        return route

    def redirect(self, path: str, location: str, *, status: int = 302) -> Route:
        """Answer ``path`` with a redirect to ``location`` (relative or absolute)."""
        return self.route(path, status=status, headers={"Location": location}, content_type="text/plain")

    # observations
    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received so far, in arrival order (a copy)."""
        with self._lock:
            return list(self._requests)

    def requests_to(self, path: str) -> list[RecordedRequest]:
        """Requests for ``path`` (compared with and without the query string)."""
        return [r for r in self.requests if r.path == path or r.path.split("?", 1)[0] == path]

    def reset(self) -> None:
        """Forget recorded requests and the concurrency peak (routes stay)."""
        with self._lock:
            self._requests.clear()
            self.max_concurrent = 0

    # internals used by the handler
    def _record(self, request: RecordedRequest) -> Route | None:
        with self._lock:
            self._requests.append(request)
            self._in_flight += 1
            self.max_concurrent = max(self.max_concurrent, self._in_flight)
            route = self._routes.get(request.path)
            if route is None:
                route = self._routes.get(urlsplit(request.path).path)
            return route

    def _done(self) -> None:
        with self._lock:
            self._in_flight -= 1


def free_port() -> int:
    """A loopback port nothing listens on now (for servers the tests start themselves)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _guess_type(path: str) -> str:
    name = urlsplit(path).path
    if name.endswith((".rss", ".atom")):
        return "application/rss+xml" if name.endswith(".rss") else "application/atom+xml"
    guessed, _ = mimetypes.guess_type(name)
    if guessed is None:
        return "text/html; charset=utf-8"
    if guessed.startswith("text/") or guessed in ("application/json", "application/xml"):
        return f"{guessed}; charset=utf-8"
    return guessed


def _make_handler(server: HTTPTestServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "newsprism-test"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def handle(self) -> None:
            # The client may give up first (a timeout test): then there is nothing to answer.
            with contextlib.suppress(ConnectionError, TimeoutError, ssl.SSLError):
                super().handle()

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            request = RecordedRequest(
                method=self.command,
                path=self.path,
                headers={k.lower(): v for k, v in self.headers.items()},
                body=body,
                time=time.monotonic(),
            )
            route = server._record(request)
            self._released = False
            try:
                if route is None:
                    route = Route(404, b"not found", {"Content-Type": "text/plain"})
                elif route.handler is not None:
                    try:
                        route = route.handler(request)
                    except Exception:
                        server.errors.append(traceback.format_exc())
                        route = Route(500, b"handler error", {"Content-Type": "text/plain"})
                self._respond(route)
            finally:
                self._release()

        def _release(self) -> None:
            """Count this request as finished, once. Done before a whole-body response goes
            out: a client that has read it may send its next request at once, and the
            server's thread must not still count this one then (that race once showed three
            requests "in flight" under a limit of two)."""
            if not self._released:
                self._released = True
                server._done()

        def _respond(self, route: Route) -> None:
            if route.delay:
                time.sleep(route.delay)
            headers = dict(route.headers)
            names = {k.lower() for k in headers}
            body = route.body
            self.send_response(route.status)
            for name, value in headers.items():
                self.send_header(name, value)
            if isinstance(body, (bytes, str)):
                data = body.encode("utf-8") if isinstance(body, str) else body
                if "content-length" not in names:
                    self.send_header("Content-Length", str(len(data)))
                self._release()
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)
                return
            chunked = "content-length" not in names
            if chunked:
                self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            if self.command == "HEAD":
                return
            for chunk in _chunks(body):
                if route.chunk_delay:
                    time.sleep(route.chunk_delay)
                if chunked:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                else:
                    self.wfile.write(chunk)
                self.wfile.flush()
            if chunked:
                self.wfile.write(b"0\r\n\r\n")

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _serve

    return Handler


def _chunks(body: Iterable[bytes]) -> Iterator[bytes]:
    for chunk in body:
        if chunk:
            yield chunk


@pytest.fixture
def http_server() -> Iterator[HTTPTestServer]:
    """A fresh :class:`HTTPTestServer`, started for the test and stopped after it."""
    with HTTPTestServer() as server:
        yield server
