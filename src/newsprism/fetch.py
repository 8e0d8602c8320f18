"""The one network seam: polite, bounded, SSRF-guarded HTTP GET.

Everything newsprism downloads (feeds, article pages, robots.txt) goes through a
:class:`Fetcher`, so the rules that keep a news crawler a good citizen and keep a
self-hosted server safe live in one place:

* **Safety.** Each connection resolves the host once, refuses loopback, private,
  link-local, multicast, reserved and unspecified addresses (also when hidden in an
  IPv4-mapped, 6to4 or NAT64 IPv6 address), and then connects to exactly the address it
  checked, so a DNS answer that changes between the check and the connection (DNS
  rebinding) cannot slip through. Redirects are followed by hand so every hop is
  checked, and only http and https are spoken. Environment proxies are ignored
  (``trust_env=False``): through a proxy the target address would never be checked.
* **Bounds.** A total time budget per attempt, a cap on the *decoded* body size
  (gzip and deflate are decoded here, in bounded steps, so a compression bomb cannot
  blow up memory), a redirect limit, and a content-type check before the body is read.
* **Politeness.** An honest User-Agent, robots.txt (RFC 9309), at most
  ``per_host_concurrency`` requests in flight per host with ``per_host_delay`` seconds
  between their starts (or the site's Crawl-delay, if longer), conditional GET, and
  retries with exponential backoff that honour ``Retry-After``.

The engine is asyncio + httpx; :class:`Fetcher` runs it on a private event loop in a
background thread, so ordinary synchronous code (the CLI, the pipeline, a worker
thread of the web server) calls ``fetch`` / ``fetch_many`` without caring about
event loops.
"""

from __future__ import annotations

import asyncio
import email.utils
import importlib
import importlib.metadata
import ipaddress
import logging
import os
import random
import socket
import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Coroutine, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, TypeVar
from urllib.robotparser import RobotFileParser

import httpcore
import httpx

from newsprism.records import NewsprismError

__all__ = [
    "FetchError",
    "FetchRequest",
    "FetchResponse",
    "FetchSettings",
    "Fetcher",
    "Kind",
    "classify_address",
    "default_user_agent",
    "system_resolver",
]

logger = logging.getLogger(__name__)

Kind = Literal["page", "feed", "any"]
#: ``resolver(host, port) -> addresses``: how host names become IP addresses.
Resolver = Callable[[str, int], Sequence[str]]

KiB = 1024
MiB = 1024 * KiB

_KINDS = ("page", "feed", "any")
_PROJECT_URL = "https://github.com/newsprism/newsprism"

# Content types accepted per kind. Feeds are also accepted as text/html, text/plain and
# application/octet-stream because many servers mislabel them (miniflux and feedparser
# see this daily); the feed parser sniffs the bytes later. What this check exists to
# stop is downloading images, video and PDFs where text was expected.
_PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/feed+json",
        "application/json",
        "text/json",
        "text/html",
        "text/plain",
        "application/octet-stream",
    }
)
_ACCEPT = {
    "page": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
    "feed": (
        "application/rss+xml,application/atom+xml,application/feed+json,"
        "application/xml;q=0.9,text/xml;q=0.9,application/json;q=0.8,*/*;q=0.5"
    ),
    "any": "*/*",
}

_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# 408 Request Timeout, 429 Too Many Requests and 5xx are worth another try; every other
# error status describes the request, which would fail the same way again.
_RETRY_STATUSES = frozenset({408, 429})

# RFC 9309 section 2.5: crawlers SHOULD parse at least 500 KiB of a robots.txt; anything
# past the limit is ignored rather than treated as an error.
_ROBOTS_MAX_BYTES = 512 * KiB
# RFC 9309 section 2.4: a cached robots.txt SHOULD NOT be used for more than 24 hours.
_ROBOTS_TTL = 24 * 3600.0
# An unreachable robots.txt (5xx, 429) means "disallow everything" (RFC 9309 2.3.1.4),
# which we only remember briefly: feeds are polled every few minutes to an hour, so the
# next poll asks again instead of locking a site out for a day over one bad minute.
_ROBOTS_FAILURE_TTL = 600.0
# Hosts whose robots.txt we keep in memory; a long-running poller follows a few hundred
# sites, so this is never the bottleneck, only a bound.
_ROBOTS_CACHE_SIZE = 2048
# A Crawl-delay above this is clamped: a site asking for minutes between requests would
# stall a whole batch, and at this pace we already fetch < 2 pages a minute from it.
_MAX_CRAWL_DELAY = 30.0
# Upper bound of one exponential backoff step, whatever ``backoff`` and the attempt are.
_MAX_BACKOFF = 60.0
# Decompression output step: bounds the memory a single read can produce, so the size
# cap is checked every 64 KiB of decoded data (a 1000:1 gzip bomb can't overshoot).
_DECODE_STEP = 64 * KiB
# Idle keep-alive connections are closed after this many seconds (httpx's default).
_KEEPALIVE_EXPIRY = 5.0


def default_user_agent() -> str:
    """An honest User-Agent naming the software and where to read about it."""
    return f"newsprism/{_version()} (+{_PROJECT_URL})"


def _version() -> str:
    try:
        version = getattr(importlib.import_module("newsprism"), "__version__", None)
    except ImportError:  # pragma: no cover - we are inside the package
        version = None
    if version:
        return str(version)
    try:
        return importlib.metadata.version("newsprism")
    except importlib.metadata.PackageNotFoundError:
        return "0.1.0"


def system_resolver(host: str, port: int) -> list[str]:
    """Resolve ``host`` with the operating system's resolver; addresses in its order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


@dataclass(frozen=True)
class FetchSettings:
    """How the fetcher behaves. Defaults are polite and safe for the open web.

    ``timeout`` is the total budget of one attempt: connecting, every redirect hop and
    reading the body, but not time spent queueing for a per-host slot. ``backoff`` is
    the base of the exponential backoff between retries (seconds; each wait is drawn
    between half and all of ``backoff * 2**attempt``). ``max_retry_after`` caps how
    long a ``Retry-After`` is honoured: a server asking for longer is not retried.
    ``allowed_networks`` lists CIDR networks exempt from the private-address guard
    (an intranet news site, say) without opening all of them; ``resolver`` replaces
    the system resolver (tests, split-horizon DNS). ``extra_ca_file`` is a PEM file of
    certificate authorities trusted in addition to the usual ones (an intranet CA).
    """

    user_agent: str = field(default_factory=default_user_agent)
    timeout: float = 20.0
    connect_timeout: float = 10.0
    max_bytes: int = 10 * MiB
    max_redirects: int = 5
    retries: int = 2
    backoff: float = 1.0
    max_retry_after: float = 60.0
    per_host_concurrency: int = 2
    per_host_delay: float = 1.0
    total_concurrency: int = 8
    respect_robots: bool = True
    allow_private_addresses: bool = False
    allowed_networks: tuple[str, ...] = ()
    resolver: Resolver | None = None
    extra_ca_file: str | None = None

    def __post_init__(self) -> None:
        for name in ("timeout", "connect_timeout"):
            if not getattr(self, name) > 0:
                raise ValueError(f"fetch setting {name} must be > 0, got {getattr(self, name)!r}")
        for name in ("per_host_concurrency", "total_concurrency", "max_bytes"):
            if getattr(self, name) < 1:
                raise ValueError(f"fetch setting {name} must be >= 1, got {getattr(self, name)!r}")
        for name in ("max_redirects", "retries", "backoff", "max_retry_after", "per_host_delay"):
            if getattr(self, name) < 0:
                raise ValueError(f"fetch setting {name} must be >= 0, got {getattr(self, name)!r}")
        if not self.user_agent.strip():
            raise ValueError("fetch setting user_agent must not be empty")
        object.__setattr__(self, "allowed_networks", tuple(self.allowed_networks))
        for network in self.allowed_networks:
            try:
                ipaddress.ip_network(network, strict=False)
            except ValueError as exc:
                raise ValueError(f"fetch setting allowed_networks: {exc}") from None
        if self.extra_ca_file is not None and not os.path.isfile(self.extra_ca_file):
            raise ValueError(f"fetch setting extra_ca_file: no such file {self.extra_ca_file!r}")


@dataclass(frozen=True)
class FetchRequest:
    """One URL to fetch, with the validators of the copy we already have (if any)."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    kind: Kind = "any"

    def __post_init__(self) -> None:
        if self.kind not in _KINDS:
            raise ValueError(f"kind must be one of {', '.join(_KINDS)}, got {self.kind!r}")


@dataclass(frozen=True)
class FetchResponse:
    """A completed fetch.

    ``url`` is what was asked for, ``final_url`` where the redirects ended. ``headers``
    has lower-case keys (repeated headers joined with ", "). ``content`` is the decoded
    body (empty when ``not_modified``). ``etag`` / ``last_modified`` are the validators
    to send next time; on a 304 without them, the ones we sent are kept. ``elapsed``
    is seconds spent on the network, queueing for a host slot excluded.
    """

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    content: bytes
    content_type: str | None
    charset: str | None
    etag: str | None
    last_modified: str | None
    not_modified: bool
    elapsed: float


class FetchError(NewsprismError):
    """A URL could not be fetched. ``item`` is the requested URL.

    ``code`` is a stable word for programs: ``http``, ``timeout``, ``connection``,
    ``refused``, ``robots``, ``too-large``, ``redirects``, ``content-type``,
    ``encoding``, ``invalid-url`` or ``internal``. ``status`` is the HTTP status when
    there was one; ``retryable`` says whether trying later may help, ``retry_after``
    how long the server asked us to wait (seconds), if it did.
    """

    stage = "fetch"

    def __init__(
        self,
        item: str,
        reason: str,
        *,
        code: str = "http",
        status: int | None = None,
        retryable: bool = False,
        retry_after: float | None = None,
    ):
        super().__init__(item, reason)
        self.code = code
        self.status = status
        self.retryable = retryable
        self.retry_after = retry_after


# --------------------------------------------------------------------------- addresses


def classify_address(address: str | ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why an address must not be fetched from ("loopback", "private", ...), or None.

    IPv6 addresses that carry an IPv4 address (IPv4-mapped ``::ffff:a.b.c.d``, NAT64
    ``64:ff9b::/96``, 6to4, Teredo) are judged by the IPv4 address as well, because
    that is where the packets end up.
    """
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return classify_address(ip.ipv4_mapped)
        if ip in _NAT64:
            return classify_address(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        embedded = [ip.sixtofour] if ip.sixtofour is not None else []
        if ip.teredo is not None:
            embedded.append(ip.teredo[1])
        for inner in embedded:
            kind = classify_address(inner)
            if kind is not None:
                return kind
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if ip.is_private:
        return "private"
    if ip.is_reserved:
        return "reserved"
    if not ip.is_global:  # e.g. 100.64.0.0/10, carrier-grade NAT space
        return "non-public"
    return None


_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


class _Refused(Exception):
    """Raised inside the transport when a connection must not be made."""

    def __init__(self, reason: str, code: str = "refused", retryable: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.code = code
        self.retryable = retryable


class _AddressGuard:
    """Resolves a host and returns only addresses that may be connected to."""

    def __init__(self, settings: FetchSettings):
        self._allow_all = settings.allow_private_addresses
        self._networks = [ipaddress.ip_network(n, strict=False) for n in settings.allowed_networks]
        self._resolver = settings.resolver or system_resolver

    def refusal(self, address: str) -> str | None:
        """The reason to refuse ``address``, or None when it may be used."""
        if self._allow_all:
            return None
        ip = ipaddress.ip_address(address)
        kind = classify_address(ip)
        if kind is None:
            return None
        candidates = [ip]
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            candidates.append(ip.ipv4_mapped)
        if any(c in net for c in candidates for net in self._networks if c.version == net.version):
            return None
        return f"refused: resolves to {kind} address {ip} (use --allow-private-addresses to allow)"

    async def resolve(self, host: str, port: int) -> list[str]:
        """Addresses for ``host``, all checked; raises :class:`_Refused` otherwise.

        A host with any forbidden address is refused outright, even if it also has
        public ones: mixing them is how rebinding attacks pick their moment.
        """
        literal = host[1:-1] if host.startswith("[") and host.endswith("]") else host
        try:
            addresses = [str(ipaddress.ip_address(literal))]
        except ValueError:
            loop = asyncio.get_running_loop()
            try:
                addresses = list(await loop.run_in_executor(None, self._resolver, host, port))
            except socket.gaierror as exc:
                raise _Refused(
                    f"connection failed: cannot resolve {host} ({exc.strerror or exc})",
                    code="connection",
                    retryable=exc.errno in (socket.EAI_AGAIN, getattr(socket, "EAI_SYSTEM", None)),
                ) from None
        if not addresses:
            raise _Refused(f"connection failed: {host} has no addresses", code="connection")
        for address in addresses:
            try:
                reason = self.refusal(address)
            except ValueError:
                reason = f"refused: {host} resolved to an invalid address {address!r}"
            if reason is not None:
                raise _Refused(reason)
        return addresses


class _GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore network backend that connects only to addresses the guard approved.

    httpcore hands us the host name of the origin; we resolve and check it here, at
    the moment of connecting, and connect to the checked IP. TLS still uses the host
    name for SNI and certificate checks (httpcore passes it to ``start_tls``).
    """

    def __init__(self, guard: _AddressGuard):
        self._guard = guard
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await self._guard.resolve(host, port)
        error: Exception | None = None
        for address in addresses:  # the resolver's order, like a browser without happy eyeballs
            try:
                return await self._inner.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        assert error is not None
        raise error

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise _Refused("refused: unix sockets are not fetched")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class _ResponseStream(httpx.AsyncByteStream):
    def __init__(self, stream: Any):
        self._stream = stream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for part in self._stream:
            yield part

    async def aclose(self) -> None:
        await self._stream.aclose()


class _GuardedTransport(httpx.AsyncBaseTransport):
    """An httpx transport over an httpcore pool that uses :class:`_GuardedBackend`.

    httpx's own transport has no public way to choose the network backend, so this is
    the same thirty lines over public httpcore API. httpcore exceptions are not mapped
    to httpx ones: :meth:`_Engine._transport_error` understands both.
    """

    def __init__(self, guard: _AddressGuard, max_connections: int, extra_ca_file: str | None):
        ssl_context = httpx.create_ssl_context()
        if extra_ca_file:
            try:
                ssl_context.load_verify_locations(cafile=extra_ca_file)
            except (OSError, ValueError) as exc:  # ssl.SSLError is an OSError
                raise ValueError(f"fetch setting extra_ca_file: cannot load {extra_ca_file}: {exc}") from None
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=max_connections,
            max_keepalive_connections=max_connections,
            keepalive_expiry=_KEEPALIVE_EXPIRY,
            network_backend=_GuardedBackend(guard),
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        response = await self._pool.handle_async_request(core_request)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_ResponseStream(response.stream),
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        await self._pool.aclose()


# ------------------------------------------------------------------------------ bodies


class _BodyDecoder:
    """Decodes a Content-Encoding in steps of at most ``_DECODE_STEP`` bytes of output.

    httpx decodes each network chunk in one go, so 64 KiB of a gzip bomb becomes
    ~64 MiB in memory before anyone can count it; here the caller sees every 64 KiB.
    """

    def __init__(self, encoding: str):
        self._gzip = encoding in ("gzip", "x-gzip")
        self._raw_fallback = encoding == "deflate"  # some servers send raw deflate
        if encoding in ("", "identity"):
            self._d = None
        elif self._gzip:
            self._d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._d = zlib.decompressobj(zlib.MAX_WBITS)
        else:
            raise ValueError(encoding)
        self._done = False

    def decode(self, data: bytes) -> Iterator[bytes]:
        if self._d is None:
            if data:
                yield data
            return
        pending = bool(data)
        while (data or pending) and not self._done:
            try:
                out = self._d.decompress(data, _DECODE_STEP)
            except zlib.error:
                if not self._raw_fallback:
                    raise
                self._raw_fallback = False
                self._d = zlib.decompressobj(-zlib.MAX_WBITS)
                continue
            self._raw_fallback = False
            if out:
                yield out
            if self._d.eof:
                rest = self._d.unused_data
                if self._gzip and rest.startswith(b"\x1f\x8b"):  # another gzip member
                    self._d = zlib.decompressobj(16 + zlib.MAX_WBITS)
                    data, pending = rest, True
                    continue
                self._done = True
                return
            data = self._d.unconsumed_tail
            # A full step may leave output buffered inside zlib even with no input left.
            pending = len(out) == _DECODE_STEP

    def flush(self) -> Iterator[bytes]:
        if self._d is not None and not self._done:
            yield from self.decode(b"")
            tail = self._d.flush()
            if tail:
                yield tail


def _format_size(n: int) -> str:
    for unit, size in (("GiB", 1 << 30), ("MiB", MiB), ("KiB", KiB)):
        if n >= size:
            return f"{n // size} {unit}" if n % size == 0 else f"{n / size:.1f} {unit}"
    return f"{n} bytes"


def _parse_content_type(value: str | None) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    mime, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'").lower() or None
    return mime.strip().lower() or None, charset


def _acceptable(kind: str, mime: str | None) -> bool:
    """Missing content types pass: the extractor and feed parser sniff the bytes."""
    if kind == "any" or mime is None:
        return True
    if kind == "page":
        return mime in _PAGE_TYPES
    return mime in _FEED_TYPES or (mime.startswith("application/") and mime.endswith(("+xml", "+json")))


def _header_safe(value: str) -> bool:
    return value.isascii() and value.isprintable()


def _parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


# ------------------------------------------------------------------------------ robots


@dataclass
class _RobotsRules:
    parser: RobotFileParser | None  # None: no rules apply
    refusal: str | None  # set: everything is disallowed, for this reason
    expires: float
    crawl_delay: float | None = None

    def allows(self, user_agent: str, url: str) -> bool:
        if self.refusal is not None:
            return False
        return self.parser is None or self.parser.can_fetch(user_agent, url)


class _HostGate:
    """At most N requests in flight to one host, their starts spaced by a delay."""

    def __init__(self, concurrency: int, delay: float):
        self.semaphore = asyncio.Semaphore(concurrency)
        self.delay = delay
        self._next_start = 0.0

    async def wait_turn(self) -> None:
        loop = asyncio.get_running_loop()
        now = loop.time()
        start = max(now, self._next_start)
        self._next_start = start + self.delay  # reserved without an await: atomic
        if start > now:
            await asyncio.sleep(start - now)

    def started(self) -> None:
        """Called when the request really starts (after the global queue)."""
        loop = asyncio.get_running_loop()
        self._next_start = max(self._next_start, loop.time() + self.delay)


@dataclass
class _Redirect:
    location: str


T = TypeVar("T")


# ------------------------------------------------------------------------------ engine


class _Engine:
    """The asyncio fetcher. Lives on one event loop; see :class:`Fetcher` for the API."""

    def __init__(self, settings: FetchSettings):
        self.settings = settings
        self._guard = _AddressGuard(settings)
        self._client = httpx.AsyncClient(
            transport=_GuardedTransport(
                self._guard, settings.total_concurrency * 2, settings.extra_ca_file
            ),
            follow_redirects=False,
            trust_env=False,
            timeout=httpx.Timeout(settings.timeout, connect=settings.connect_timeout, pool=None),
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
        )
        self._global = asyncio.Semaphore(settings.total_concurrency)
        self._gates: dict[str, _HostGate] = {}
        self._robots: OrderedDict[tuple[str, str, int | None], _RobotsRules] = OrderedDict()
        self._robots_locks: dict[tuple[str, str, int | None], asyncio.Lock] = {}

    async def aclose(self) -> None:
        await self._client.aclose()

    async def fetch(self, request: FetchRequest) -> FetchResponse:
        attempt = 0
        while True:
            try:
                return await self._attempt(request)
            except FetchError as exc:
                if not exc.retryable or attempt >= self.settings.retries:
                    raise
                wait = exc.retry_after if exc.retry_after is not None else self._backoff(attempt)
                attempt += 1
                logger.debug("retrying %s in %.2f s after: %s", request.url, wait, exc.reason)
                await asyncio.sleep(wait)

    def _backoff(self, attempt: int) -> float:
        ceiling = min(_MAX_BACKOFF, self.settings.backoff * 2**attempt)
        return ceiling / 2 + random.uniform(0, ceiling / 2)  # "equal jitter"

    async def _attempt(
        self, request: FetchRequest, *, for_robots: bool = False
    ) -> FetchResponse:
        """One try: follow redirects by hand, checking scheme, robots and address per hop."""
        s = self.settings
        item = request.url
        headers = {"Accept": _ACCEPT[request.kind]}
        # Validators go back verbatim; one that cannot be a header value (non-ASCII, a line
        # break: a corrupt store) is dropped, costing a full download, not the fetch.
        if request.etag and _header_safe(request.etag):
            headers["If-None-Match"] = request.etag
        if request.last_modified and _header_safe(request.last_modified):
            headers["If-Modified-Since"] = request.last_modified
        url = request.url
        spent = 0.0
        for _hop in range(s.max_redirects + 1):
            target = self._parse_url(item, url)
            where = "" if url == item else f" (at {url})"
            if s.respect_robots and not for_robots:
                await self._check_robots(item, target, where)
            gate = self._gate(target.host)
            async with gate.semaphore:
                await gate.wait_turn()
                async with self._global:
                    gate.started()
                    started = time.monotonic()
                    try:
                        async with asyncio.timeout(max(s.timeout - spent, 0.001)):
                            response = await self._client.send(
                                self._client.build_request("GET", target, headers=headers),
                                stream=True,
                            )
                            try:
                                outcome = await self._handle(
                                    request, url, response, where, started - spent, for_robots
                                )
                            finally:
                                await response.aclose()
                    except FetchError:
                        raise
                    except _Refused as exc:
                        raise FetchError(
                            item, exc.reason + where, code=exc.code, retryable=exc.retryable
                        ) from None
                    except Exception as exc:
                        raise self._transport_error(item, exc, where) from exc
                    spent += time.monotonic() - started
            if isinstance(outcome, FetchResponse):
                return outcome
            url = outcome.location
        raise FetchError(item, f"too many redirects (>{s.max_redirects})", code="redirects")

    def _parse_url(self, item: str, url: str) -> httpx.URL:
        try:
            target = httpx.URL(url)
        except (httpx.InvalidURL, TypeError, ValueError) as exc:
            raise FetchError(item, f"invalid URL {url!r}: {exc}", code="invalid-url") from None
        if target.scheme not in ("http", "https"):
            scheme = target.scheme or "(none)"
            raise FetchError(
                item,
                f"refused: unsupported URL scheme {scheme!r} in {url} (only http and https)",
                code="refused",
            )
        if not target.host:
            raise FetchError(item, f"invalid URL {url!r}: no host", code="invalid-url")
        return target

    def _gate(self, host: str) -> _HostGate:
        key = host.lower()
        gate = self._gates.get(key)
        if gate is None:
            gate = self._gates[key] = _HostGate(
                self.settings.per_host_concurrency, self.settings.per_host_delay
            )
        return gate

    async def _handle(
        self,
        request: FetchRequest,
        url: str,
        response: httpx.Response,
        where: str,
        started: float,
        for_robots: bool,
    ) -> FetchResponse | _Redirect:
        item = request.url
        status = response.status_code
        if status in _REDIRECT_STATUSES:
            location = response.headers.get("location")
            if not location:
                raise FetchError(
                    item, f"HTTP {status} redirect without a Location header{where}", status=status
                )
            try:
                return _Redirect(str(response.url.join(location.strip())))
            except (httpx.InvalidURL, ValueError) as exc:
                raise FetchError(
                    item, f"invalid redirect Location {location!r}: {exc}", code="invalid-url"
                ) from None
        mime, charset = _parse_content_type(response.headers.get("content-type"))
        if status == 304:
            return FetchResponse(
                url=item,
                final_url=str(response.url),
                status=status,
                headers=dict(response.headers.items()),
                content=b"",
                content_type=mime,
                charset=charset,
                etag=response.headers.get("etag") or request.etag,
                last_modified=response.headers.get("last-modified") or request.last_modified,
                not_modified=True,
                elapsed=time.monotonic() - started,
            )
        if status in _RETRY_STATUSES or status >= 500:
            retry_after = _parse_retry_after(response.headers.get("retry-after"))
            cap = self.settings.max_retry_after
            if retry_after is not None and retry_after > cap:
                raise FetchError(
                    item,
                    f"HTTP {status}{where} (server asked to wait {retry_after:.0f} s,"
                    f" more than the {cap:g} s we wait)",
                    status=status,
                    retry_after=retry_after,
                )
            raise FetchError(
                item, f"HTTP {status}{where}", status=status, retryable=True, retry_after=retry_after
            )
        if not 200 <= status < 300:
            raise FetchError(item, f"HTTP {status}{where}", status=status)
        if not _acceptable(request.kind, mime):
            raise FetchError(
                item,
                f"unsupported content type {mime}{where} (expected a {request.kind})",
                code="content-type",
                status=status,
            )
        limit = _ROBOTS_MAX_BYTES if for_robots else self.settings.max_bytes
        content = await self._read_body(item, response, limit, where, truncate=for_robots)
        return FetchResponse(
            url=item,
            final_url=str(response.url),
            status=status,
            headers=dict(response.headers.items()),
            content=content,
            content_type=mime,
            charset=charset,
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
            not_modified=False,
            elapsed=time.monotonic() - started,
        )

    async def _read_body(
        self, item: str, response: httpx.Response, limit: int, where: str, *, truncate: bool
    ) -> bytes:
        encoding = response.headers.get("content-encoding", "").strip().lower()
        try:
            decoder = _BodyDecoder(encoding)
        except ValueError:
            raise FetchError(
                item, f"unsupported content encoding {encoding}{where}", code="encoding"
            ) from None
        too_large = FetchError(item, f"body larger than {_format_size(limit)}{where}", code="too-large")
        declared = response.headers.get("content-length", "")
        if not encoding and declared.isdigit() and int(declared) > limit and not truncate:
            raise too_large
        chunks: list[bytes] = []
        total = 0

        def take(pieces: Iterator[bytes]) -> bool:
            """Append pieces; True when the limit is reached and reading must stop."""
            nonlocal total
            for piece in pieces:
                if total + len(piece) > limit:
                    if not truncate:
                        raise too_large
                    chunks.append(piece[: limit - total])
                    total = limit
                    return True
                chunks.append(piece)
                total += len(piece)
            return False

        try:
            async for raw in response.aiter_raw():
                if take(decoder.decode(raw)):
                    return b"".join(chunks)
            take(decoder.flush())
        except zlib.error as exc:
            raise FetchError(
                item, f"corrupt {encoding} body{where}: {exc}", code="encoding"
            ) from None
        return b"".join(chunks)

    def _transport_error(self, item: str, exc: Exception, where: str) -> FetchError:
        s = self.settings
        if isinstance(exc, (httpx.ConnectTimeout, httpcore.ConnectTimeout)):
            return FetchError(
                item,
                f"timed out after {s.connect_timeout:g} s while connecting{where}",
                code="timeout",
                retryable=True,
            )
        if isinstance(exc, (httpx.TimeoutException, httpcore.TimeoutException, TimeoutError)):
            return FetchError(item, f"timed out after {s.timeout:g} s{where}", code="timeout", retryable=True)
        detail = str(exc) or type(exc).__name__
        if isinstance(
            exc,
            (httpx.TransportError, httpcore.NetworkError, httpcore.ProtocolError, OSError),
        ):
            return FetchError(item, f"connection failed: {detail}{where}", code="connection", retryable=True)
        logger.exception("unexpected error fetching %s", item)
        return FetchError(item, f"unexpected error: {type(exc).__name__}: {detail}{where}", code="internal")

    # -------------------------------------------------------------------------- robots

    async def _check_robots(self, item: str, target: httpx.URL, where: str) -> None:
        rules = await self._robots_rules(item, target)
        if rules.crawl_delay:
            gate = self._gate(target.host)
            gate.delay = max(self.settings.per_host_delay, min(rules.crawl_delay, _MAX_CRAWL_DELAY))
        if not rules.allows(self.settings.user_agent, str(target)):
            reason = rules.refusal or "disallowed by robots.txt"
            raise FetchError(item, reason + where, code="robots")

    async def _robots_rules(self, item: str, target: httpx.URL) -> _RobotsRules:
        key = (target.scheme, target.host.lower(), target.port)
        rules = self._cached_robots(key)
        if rules is not None:
            return rules
        lock = self._robots_locks.setdefault(key, asyncio.Lock())
        async with lock:  # one robots.txt download per site, however many URLs wait
            rules = self._cached_robots(key)
            if rules is None:
                rules = await self._load_robots(item, target)
                self._robots[key] = rules
                while len(self._robots) > _ROBOTS_CACHE_SIZE:
                    self._robots.popitem(last=False)
            self._robots_locks.pop(key, None)
        return rules

    def _cached_robots(self, key: tuple[str, str, int | None]) -> _RobotsRules | None:
        rules = self._robots.get(key)
        if rules is None or rules.expires <= time.monotonic():
            return None
        self._robots.move_to_end(key)
        return rules

    async def _load_robots(self, item: str, target: httpx.URL) -> _RobotsRules:
        """RFC 9309 section 2.3.1: fetch /robots.txt and turn the outcome into rules.

        * 2xx: the rules it states.
        * 4xx (other than 429), too many redirects: "unavailable", everything allowed.
        * 5xx, 429: "unreachable", everything disallowed. The RFC's rule, which we
          keep, but only for ``_ROBOTS_FAILURE_TTL`` so one outage costs one poll.
        * Network failures, timeouts and refused addresses are not robots verdicts:
          they are raised as the page's own error (the page would fail the same way)
          and nothing is cached, so the next attempt asks again.

        ``urllib.robotparser`` matches plain path prefixes; ``*`` and ``$`` wildcards
        inside paths (a Google extension) are read literally, so such rules rarely
        match and we err toward fetching.
        """
        robots_url = str(target.copy_with(path="/robots.txt", query=None, fragment=None))
        now = time.monotonic()
        try:
            response = await self._attempt(FetchRequest(robots_url), for_robots=True)
        except FetchError as exc:
            if exc.status is not None and (exc.status >= 500 or exc.status == 429):
                return _RobotsRules(
                    None,
                    f"disallowed: robots.txt is unreachable (HTTP {exc.status});"
                    " RFC 9309 says to assume everything is disallowed",
                    now + _ROBOTS_FAILURE_TTL,
                )
            if exc.status is not None or exc.code in ("redirects", "invalid-url", "encoding"):
                return _RobotsRules(None, None, now + _ROBOTS_TTL)
            # A refused address is about the host, not robots.txt: say it plainly.
            suffix = "" if exc.code == "refused" else f" (while fetching {robots_url})"
            raise FetchError(
                item,
                exc.reason + suffix,
                code=exc.code,
                retryable=exc.retryable,
            ) from None
        text = response.content.decode("utf-8", errors="replace").lstrip("\ufeff")
        parser = RobotFileParser(robots_url)
        parser.parse(text.splitlines())
        parser.modified()  # can_fetch() refuses everything until this is set
        delay = parser.crawl_delay(self.settings.user_agent)
        return _RobotsRules(parser, None, now + _ROBOTS_TTL, float(delay) if delay else None)


async def _new_engine(settings: FetchSettings) -> _Engine:
    return _Engine(settings)


# ------------------------------------------------------------------------------ facade


class Fetcher:
    """Fetch URLs politely and safely from synchronous code.

    One ``Fetcher`` holds the connection pool, the robots.txt cache and the per-host
    pacing, so share it across a batch (or a whole ``newsprism run``) instead of making
    one per URL. Thread-safe. Use it as a context manager or call :meth:`close`.

        with Fetcher(FetchSettings()) as fetcher:
            page = fetcher.fetch("https://example.com/news/1", kind="page")
            results = fetcher.fetch_many([FetchRequest(u, kind="feed") for u in feeds])
    """

    def __init__(self, settings: FetchSettings | None = None):
        self.settings = settings or FetchSettings()
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._engine: _Engine | None = None
        self._closed = False

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        kind: Kind = "any",
    ) -> FetchResponse:
        """Fetch one URL. Raises :class:`FetchError` naming the URL and the reason.

        With ``etag`` / ``last_modified`` (from a previous response) the request is
        conditional, and an unchanged resource comes back with ``not_modified=True``.
        """
        request = FetchRequest(url, etag=etag, last_modified=last_modified, kind=kind)
        engine = self._start()
        return self._run(engine.fetch(request))

    def fetch_many(self, requests: Iterable[FetchRequest | str]) -> list[FetchResponse | FetchError]:
        """Fetch many URLs concurrently; one result per request, in input order.

        Failures come back as :class:`FetchError` values instead of being raised, so one
        bad URL never costs the batch.
        """
        batch = [r if isinstance(r, FetchRequest) else FetchRequest(r) for r in requests]
        if not batch:
            return []
        engine = self._start()

        async def one(request: FetchRequest) -> FetchResponse | FetchError:
            try:
                return await engine.fetch(request)
            except FetchError as exc:
                return exc
            except Exception as exc:  # a bug must not lose the other results
                logger.exception("unexpected error fetching %s", request.url)
                return FetchError(
                    request.url, f"unexpected error: {type(exc).__name__}: {exc}", code="internal"
                )

        async def run_all() -> list[FetchResponse | FetchError]:
            return list(await asyncio.gather(*(one(r) for r in batch)))

        return self._run(run_all())

    def close(self) -> None:
        """Close connections and stop the background event loop. Idempotent."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            loop, thread, engine = self._loop, self._thread, self._engine
        if loop is None or thread is None:
            return
        try:
            if engine is not None:
                asyncio.run_coroutine_threadsafe(engine.aclose(), loop).result(timeout=10)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=10)
            if not thread.is_alive():
                loop.close()

    def _start(self) -> _Engine:
        with self._lock:
            if self._closed:
                raise RuntimeError("this Fetcher is closed")
            if self._engine is None:
                loop = asyncio.new_event_loop()

                def serve() -> None:
                    asyncio.set_event_loop(loop)
                    loop.run_forever()

                thread = threading.Thread(target=serve, name="newsprism-fetcher", daemon=True)
                thread.start()
                self._loop, self._thread = loop, thread
                self._engine = asyncio.run_coroutine_threadsafe(_new_engine(self.settings), loop).result()
            return self._engine

    def _run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        loop = self._loop
        assert loop is not None
        if threading.current_thread() is self._thread:
            coroutine.close()
            raise RuntimeError("Fetcher methods cannot be called from the fetcher's own event loop")
        future = asyncio.run_coroutine_threadsafe(coroutine, loop)
        try:
            return future.result()
        except BaseException:
            future.cancel()  # Ctrl-C in the caller stops the fetches too
            raise
