"""Runs the stages: sources -> fetch -> extract -> clean -> dedupe -> store.

The stage functions are pure; this module is the only place that wires them to the two
seams (``fetch.Fetcher`` for the network, ``store.Store`` for the database). Work is done
in batches: each batch is prepared (extract + clean, in worker processes when it pays),
checked for copies against itself and the store, and written in one transaction. A bad
item becomes an :class:`~newsprism.records.ItemError` and the batch goes on.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Callable, Iterator, Protocol, Sequence, TypeVar
from urllib.parse import urlsplit

import numpy as np

from . import clean, dedupe, extract, sources
from .config import Settings
from .fetch import FetchError, Fetcher, FetchRequest, FetchResponse, FetchSettings
from .records import Article, ItemError, NewsprismError, RawItem, article_id
from .sources.dates import too_far_ahead
from .store import CopyData, Store, StoredCopy

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

# Below this many HTML pages a process pool costs more to start than it saves
# (fork + import of trafilatura in each worker is ~0.3 s on these machines).
_POOL_MIN_ITEMS = 24
# Feeds listed by an OPML file, and sitemaps listed by a sitemap index, are followed
# this deep; deeper nesting is almost always a crawler trap.
_MAX_DEPTH = 2


# -- executors ------------------------------------------------------------------------
class Executor(Protocol):
    """Runs a pure stage function over items. Local by default; a cluster backend fits here."""

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]: ...


class SerialExecutor:
    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        return [fn(x) for x in items]


class ProcessExecutor:
    """A process pool, started lazily and reused across batches."""

    def __init__(self, workers: int):
        self.workers = max(1, workers)
        self._pool: ProcessPoolExecutor | None = None

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        if self.workers == 1 or len(items) < _POOL_MIN_ITEMS:
            return [fn(x) for x in items]
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers)
        chunk = max(1, len(items) // (self.workers * 4))
        return list(self._pool.map(fn, items, chunksize=chunk))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


# -- the pure per-item stage ----------------------------------------------------------
def prepare(item: RawItem) -> Article | ItemError:
    """Extract (if HTML) and clean one item into an Article, or say why it cannot be one."""
    try:
        return _prepare(item)
    except NewsprismError as exc:
        return exc.as_record()
    except Exception as exc:  # a bug or a pathological input must not stop the batch
        log.exception("unexpected error preparing %s", item.url)
        return ItemError(item=item.url, stage="prepare", reason=f"unexpected {exc.__class__.__name__}: {exc}")


def _prepare(item: RawItem) -> Article | ItemError:
    title, text = item.title, item.text
    published, author, language = item.published, item.author, item.language
    site_name = canonical = None
    is_page = item.raw_type == "html" or (item.html is not None and _PAGE_MARKERS.search(item.html[:5000]))
    if item.html and not text and not is_page:
        # A feed entry's or JSON record's body is a fragment, not a page: no boilerplate
        # to find, just markup to turn into paragraphs.
        text = extract.fragment_text(item.html)
    elif item.html and (not text or item.raw_type == "html"):
        ex = extract.extract_html(item.html, item.url)
        text = ex.text
        title = title or ex.title
        published = published or ex.published
        author = author or ex.author
        language = language or ex.language
        site_name, canonical = ex.site_name, ex.canonical_url
    if not text or not text.strip():
        return ItemError(item=item.url, stage="extract", reason="no article text (empty body)")
    cleaned = clean.clean_text(text, title=title, source=item.source)
    if not cleaned.strip():
        return ItemError(item=item.url, stage="clean", reason="no text left after removing boilerplate")
    if not title:
        title = _title_from_text(cleaned)
    title = " ".join(title.split())
    source = item.source or site_name or _host(item.url) or "local"
    metadata = dict(item.metadata)
    # An impossible date (see sources.dates.FUTURE_DATE_TOLERANCE) is dropped, kept aside.
    if too_far_ahead(published, datetime.now(timezone.utc)):
        log.warning("%s: publication date %s is in the future; stored as unknown", item.url, published.isoformat())
        metadata["published_as_given"] = published.isoformat()
        published = None
    return Article(
        id=article_id(item.url),
        url=item.url,
        source=source,
        title=title,
        text=cleaned,
        raw=item.raw,
        raw_type=item.raw_type,
        content_hash=hashlib.sha256(f"{title}\n{cleaned}".encode("utf-8")).hexdigest(),
        text_hash=dedupe.text_hash(cleaned),
        published=published,
        author=author,
        language=language,
        site_name=site_name,
        canonical_url=canonical,
        origin=item.origin,
        metadata=metadata,
    )


_PAGE_MARKERS = re.compile(r"<(?:!doctype|html|body|head)\b", re.I)


def _title_from_text(text: str, limit: int = 90) -> str:
    """A title for an article that came without one: its first sentence, shortened at a word."""
    first = clean.split_sentences(text.split("\n\n", 1)[0])
    line = first[0] if first else text
    if len(line) <= limit:
        return line.rstrip(".")
    return line[:limit].rsplit(" ", 1)[0] + "…"


def _host(url: str) -> str | None:
    if urlsplit(url).scheme not in ("http", "https"):
        return None
    return sources.url_source(url)


# -- reporting ------------------------------------------------------------------------
@dataclass
class IngestReport:
    """What an ingest did. ``errors`` name every rejected item and why."""

    seen: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    not_modified: int = 0
    copies: int = 0
    errors: list[ItemError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, object]:
        d = dataclasses.asdict(self)
        d["errors"] = [dataclasses.asdict(e) for e in self.errors]
        return d


class Progress(Protocol):
    def advance(self, n: int = 1) -> None: ...
    def total(self, n: int) -> None: ...


class _NoProgress:
    def advance(self, n: int = 1) -> None:
        pass

    def total(self, n: int) -> None:
        pass


def fetch_settings(settings: Settings) -> FetchSettings:
    """The fetcher's settings from the user's settings (one place, so they cannot drift)."""
    kw = dict(
        timeout=settings.fetch_timeout,
        connect_timeout=settings.fetch_connect_timeout,
        max_bytes=settings.fetch_max_bytes,
        max_redirects=settings.fetch_max_redirects,
        retries=settings.fetch_retries,
        per_host_concurrency=settings.fetch_per_host_concurrency,
        per_host_delay=settings.fetch_per_host_delay,
        total_concurrency=settings.fetch_concurrency,
        respect_robots=settings.respect_robots,
        allow_private_addresses=settings.allow_private_addresses,
    )
    if settings.user_agent:
        kw["user_agent"] = settings.user_agent
    return FetchSettings(**kw)


class FetcherSlot:
    """The fetcher of a long-lived job: the one the caller lends (the caller closes it), or
    one made from the settings on first use and closed with the job. Ingest runs and the
    poller share this, so their fetchers are configured and closed the same way."""

    def __init__(self, settings: Settings, fetcher: Fetcher | None = None):
        self._settings = settings
        self._fetcher = fetcher
        self._owned = fetcher is None

    def get(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher(fetch_settings(self._settings))
        return self._fetcher

    def close(self) -> None:
        if self._owned and self._fetcher is not None:
            self._fetcher.close()
            self._fetcher = None


# -- ingest ---------------------------------------------------------------------------
class Ingest:
    """One ingest run over a list of sources. Use :func:`ingest` unless you need the parts."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        fetcher: Fetcher | None = None,
        executor: Executor | None = None,
        progress: Progress | None = None,
        stdin: IO[bytes] | None = None,
    ):
        self.store = store
        self.settings = settings
        self._fetchers = FetcherSlot(settings, fetcher)
        workers = settings.workers or (os.cpu_count() or 1)
        self.executor = executor or ProcessExecutor(workers)
        self.progress = progress or _NoProgress()
        self.stdin = stdin
        self.report = IngestReport()

    @property
    def fetcher(self) -> Fetcher:
        return self._fetchers.get()

    def close(self) -> None:
        self._fetchers.close()
        if isinstance(self.executor, ProcessExecutor):
            self.executor.close()

    # The whole run: collect raw items lazily, process them in batches.
    def run(self, inputs: Sequence[str]) -> IngestReport:
        batch: list[RawItem] = []
        for entry in self._collect(inputs):
            if isinstance(entry, ItemError):
                self._error(entry)
                continue
            batch.append(entry)
            if len(batch) >= self.settings.batch_size:
                self._process(batch)
                batch = []
        if batch:
            self._process(batch)
        return self.report

    def _error(self, err: ItemError) -> None:
        log.warning("rejected %s", err)
        self.report.errors.append(err)
        self.progress.advance()

    # -- collecting raw items from every kind of source --------------------------------
    def _collect(self, inputs: Sequence[str]) -> Iterator[RawItem | ItemError]:
        for entry in inputs:
            if entry == "-":
                stream = self.stdin if self.stdin is not None else sys.stdin.buffer
                yield from sources.read_jsonl(stream, origin="stdin")
            elif entry.startswith(("http://", "https://")):
                yield from self._from_urls([entry], depth=0)
            elif "://" in entry and not entry.startswith("file://"):
                yield ItemError(entry, "source", f"unsupported URL scheme {entry.split('://')[0]!r} (use http or https)")
            else:
                path = Path(entry[len("file://"):] if entry.startswith("file://") else entry).expanduser()
                if not path.exists():
                    yield ItemError(entry, "source", "no such file or folder")
                    continue
                yield from self._from_path(path)

    def _from_path(self, path: Path) -> Iterator[RawItem | ItemError]:
        for entry in sources.read_path(path, max_bytes=self.settings.max_file_bytes):
            if isinstance(entry, sources.OpmlRefs):
                yield from self._from_urls([ref.url for ref in entry.refs], depth=1, kind="feed")
            elif isinstance(entry, sources.SitemapRefs):
                yield from self._from_sitemap(str(entry.path), entry.sitemap, depth=1)
            else:
                yield entry

    def _from_urls(self, urls: Sequence[str], *, depth: int, kind: str = "any") -> Iterator[RawItem | ItemError]:
        responses = self._fetch(urls, kind=kind, is_feed=kind == "feed")
        for url, resp in zip(urls, responses):
            if isinstance(resp, ItemError):
                yield resp
            elif resp is not None:
                yield from self._from_response(url, resp, depth)

    def _fetch(self, urls: Sequence[str], *, kind: str, is_feed: bool) -> list[FetchResponse | ItemError | None]:
        """Fetch with conditional GET; returns None for a URL that has not changed (304)."""
        requests = []
        for url in urls:
            etag, modified = self.store.fetch_validators(url)
            requests.append(FetchRequest(url=url, etag=etag, last_modified=modified, kind=kind))
        out: list[FetchResponse | ItemError | None] = []
        for req, resp in zip(requests, self.fetcher.fetch_many(requests)):
            if isinstance(resp, FetchError):
                self.store.save_fetch_state(req.url, status=None, failed=True, is_feed=is_feed)
                out.append(resp.as_record())
                continue
            self.store.save_fetch_state(
                req.url, status=resp.status, etag=resp.etag, last_modified=resp.last_modified, is_feed=is_feed
            )
            if resp.not_modified:
                self.report.not_modified += 1
                out.append(None)
            else:
                out.append(resp)
        return out

    def _from_response(self, url: str, resp: FetchResponse, depth: int) -> Iterator[RawItem | ItemError]:
        final = resp.final_url or url
        try:
            content = sources.gunzip_if_compressed(resp.content, url)
            if content is not resp.content:
                resp = dataclasses.replace(resp, content=content, content_type=None)
            kind = sources.sniff(resp.content, resp.content_type, final)
            if kind == "feed":
                parsed = sources.parse_feed(resp.content, final, resp.content_type)
                yield from parsed.errors
                yield from self._complete_teasers(parsed.items)
            elif kind == "opml":
                if depth >= _MAX_DEPTH:
                    yield ItemError(url, "source", "OPML nested too deep; not followed")
                    return
                refs = sources.parse_opml(resp.content, final)
                yield from self._from_urls([r.url for r in refs], depth=depth + 1, kind="feed")
            elif kind == "sitemap":
                yield from self._from_sitemap(url, sources.parse_sitemap(resp.content, final), depth)
            elif kind == "html":
                html = sources.decode_bytes(resp.content, resp.charset)
                yield RawItem(url=final, origin=url, raw=html, raw_type="html", html=html, source=_host(final))
            elif kind in ("jsonl", "json"):
                yield from sources.read_jsonl(resp.content.decode("utf-8", "replace").splitlines(), origin=url)
            else:
                yield ItemError(url, "source", f"not a feed, sitemap or page (content type {resp.content_type or 'unknown'})")
        except NewsprismError as exc:
            yield exc.as_record()

    def _from_sitemap(self, url: str, sitemap: sources.Sitemap, depth: int) -> Iterator[RawItem | ItemError]:
        yield from sitemap.errors
        if sitemap.sitemaps:
            if depth >= _MAX_DEPTH:
                yield ItemError(url, "source", "sitemap index nested too deep; not followed")
            else:
                yield from self._from_urls(list(sitemap.sitemaps), depth=depth + 1, kind="any")
        entries = list(sitemap.entries)
        cap = self.settings.sitemap_max_pages
        if len(entries) > cap:
            # Newest first: a news sitemap is read for what is new.
            entries.sort(key=lambda e: (e.published is not None, e.published), reverse=True)
            log.warning("%s lists %d pages; fetching the newest %d (sitemap_max_pages)", url, len(entries), cap)
            entries = entries[:cap]
        pages = self._fetch([e.url for e in entries], kind="page", is_feed=False)
        for entry, page in zip(entries, pages):
            if isinstance(page, ItemError):
                yield page
            elif page is not None:
                html = sources.decode_bytes(page.content, page.charset)
                yield RawItem(
                    url=page.final_url or entry.url, origin=url, raw=html, raw_type="html", html=html,
                    title=entry.title, published=entry.published, language=entry.language,
                    source=_host(page.final_url or entry.url),
                )

    def _complete_teasers(self, items: Sequence[RawItem]) -> Iterator[RawItem | ItemError]:
        """Feed items with only a teaser get their page fetched; the feed's metadata is kept."""
        teasers = [i for i in items if i.needs_fetch]
        for item in items:
            if not item.needs_fetch:
                yield item
        if not teasers:
            return
        pages = self._fetch([i.url for i in teasers], kind="page", is_feed=False)
        for item, page in zip(teasers, pages):
            if isinstance(page, ItemError):
                if item.text or item.html:
                    # The page failed but the feed had some body: keep the teaser, say why it is short.
                    log.warning("kept teaser of %s: %s", item.url, page.reason)
                    yield dataclasses.replace(item, needs_fetch=False)
                else:
                    yield page
            elif page is not None:
                html = sources.decode_bytes(page.content, page.charset)
                yield dataclasses.replace(
                    item, html=html, text=None, raw=html, raw_type="html", needs_fetch=False,
                    metadata={**item.metadata, "feed_entry": item.raw},
                )

    # -- processing a batch ------------------------------------------------------------
    def _process(self, items: list[RawItem]) -> None:
        self.report.seen += len(items)
        self.progress.total(len(items))
        prepared: list[Article] = []
        for result in self.executor.map(prepare, items):
            if isinstance(result, ItemError):
                self._error(result)
            else:
                prepared.append(result)
        # One URL twice in a batch (a feed listing it twice): keep the last version seen.
        unique: dict[str, Article] = {}
        for art in prepared:
            unique[art.id] = art
        batch = list(unique.values())
        if not batch:
            return
        result = dedupe.assign_copies(batch, lookup=self._by_bands, by_hash=self._by_hash)
        for err in result.errors:
            self._error(err)
        copy_data = {
            aid: CopyData(
                signature=np.asarray(fp.signature, dtype="<u4").tobytes(),
                shingles=fp.shingle_count,
                band_keys=fp.band_keys,
            )
            for aid, fp in result.fingerprints.items()
        }
        written = self.store.write_articles(
            result.articles, copy_data, duplicate_updates=result.stored_updates, regrouped=result.regrouped
        )
        self.report.inserted += len(written.inserted)
        self.report.updated += len(written.updated)
        self.report.unchanged += len(written.unchanged)
        changed = set(written.inserted) | set(written.updated)
        # New copies, plus stored articles that became copies of an older article found now.
        self.report.copies += sum(1 for a in result.articles if a.duplicate_of and a.id in changed)
        self.report.copies += sum(1 for aid, orig in result.stored_updates.items() if orig and aid not in changed)
        self.progress.advance(len(batch))

    def _by_bands(self, band_keys: list[str]) -> list[dedupe.CopyCandidate]:
        return [_candidate(c) for c in self.store.copy_candidates(band_keys)]

    def _by_hash(self, text_hash: str) -> list[dedupe.CopyCandidate]:
        return [_candidate(c) for c in self.store.copy_candidates([], [text_hash])]


_NO_SIGNATURE = np.zeros(0, dtype=np.uint32)


def _candidate(c: StoredCopy) -> dedupe.CopyCandidate:
    """A stored article as copy detection sees it (signatures are stored as little-endian uint32)."""
    sig = np.frombuffer(c.signature, dtype="<u4").astype(np.uint32) if c.signature else _NO_SIGNATURE
    return dedupe.CopyCandidate(
        article_id=c.article_id,
        published=c.published,
        content_hash=c.text_hash,
        signature=sig,
        shingle_count=c.shingles if c.signature else 0,
        duplicate_of=c.duplicate_of,
    )


def ingest(
    inputs: Sequence[str],
    store: Store,
    settings: Settings,
    *,
    fetcher: Fetcher | None = None,
    progress: Progress | None = None,
    stdin: IO[bytes] | None = None,
    executor: Executor | None = None,
) -> IngestReport:
    """Ingest files, folders, URLs and ``-`` (JSON Lines on stdin) into the store."""
    run = Ingest(store, settings, fetcher=fetcher, progress=progress, stdin=stdin, executor=executor)
    run_id = store.start_run("ingest " + " ".join(inputs)[:500])
    try:
        report = run.run(inputs)
    finally:
        run.close()
    store.record_errors(run_id, report.errors)
    store.finish_run(run_id, {k: v for k, v in report.as_dict().items() if k != "errors"} | {"errors": len(report.errors)})
    return report
