"""The ``newsprism`` command: a thin shell over the library.

Exit codes (contract): 0 all went well; 1 some inputs were rejected (each reported with
its reason, the rest stored); 2 bad usage or configuration.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Optional

import typer
from rich.console import Console
from rich.table import Table

from . import __version__
from .config import ConfigError, Settings, load_settings
from .store import Store, StoreError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="newsprism: a self-hosted news story engine.",
    pretty_exceptions_enable=False,
)
config_app = typer.Typer(no_args_is_help=True, help="Show the effective configuration.")
app.add_typer(config_app, name="config")

err_console = Console(stderr=True)
out_console = Console()


# Ids never wrap, so one can be pasted into `newsprism story ID`; counts stay whole too.
_WHOLE_COLUMNS = frozenset({"id", "copy of", "articles", "sources", "mentions", "virality", "run"})
# Piped into a file, grep or awk, a table is not squeezed into rich's default 80 columns (a
# story row then folded over twenty lines): each row keeps one line, up to this width.
_PIPE_WIDTH = 400


def _table(columns: Iterable[str]) -> Table:
    table = Table(highlight=False)
    for col in columns:
        if col in _WHOLE_COLUMNS:
            table.add_column(col, no_wrap=True)
        else:
            table.add_column(col, overflow="fold")
    return table


def _print_table(table: Table) -> None:
    if out_console.is_terminal or os.environ.get("COLUMNS"):
        out_console.print(table)
    else:
        Console(width=_PIPE_WIDTH, highlight=False).print(table)


@dataclass
class _State:
    config_file: Optional[Path] = None
    overrides: dict[str, Any] | None = None
    _settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            try:
                self._settings = load_settings(self.config_file, self.overrides)
            except ConfigError as exc:
                _fail_usage(str(exc))
        return self._settings


state = _State()


def _fail_usage(message: str) -> None:
    err_console.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(2)


class _JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created).astimezone().isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def _setup_logging(settings: Settings) -> None:
    handler = logging.StreamHandler(sys.stderr)
    if settings.log_format == "json":
        handler.setFormatter(_JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("newsprism")
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level.upper())
    root.propagate = False


def _open_store() -> Store:
    settings = state.settings
    try:
        return Store.open(settings.effective_database_url)
    except StoreError as exc:
        _fail_usage(str(exc))
        raise  # unreachable


def _version_callback(value: bool) -> None:
    if value:
        print(f"newsprism {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    data_dir: Optional[Path] = typer.Option(None, "--data-dir", help="Folder for the database and indexes [env NEWSPRISM_DATA_DIR]."),
    config: Optional[Path] = typer.Option(None, "--config", help="TOML settings file [env NEWSPRISM_CONFIG]."),
    database_url: Optional[str] = typer.Option(None, "--database-url", help="SQLAlchemy URL [env NEWSPRISM_DATABASE_URL]."),
    allow_private_addresses: Optional[bool] = typer.Option(
        None, "--allow-private-addresses", help="Let the fetcher reach loopback/private addresses (tests, intranets).",
        show_default=False,
    ),
    log_format: Optional[str] = typer.Option(None, "--log-format", help="Log lines as 'text' or 'json' (structured)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log progress details."),
    version: bool = typer.Option(False, "--version", callback=_version_callback, is_eager=True, help="Print the version."),
) -> None:
    state.config_file = config
    state.overrides = {
        "data_dir": data_dir,
        "database_url": database_url,
        "allow_private_addresses": allow_private_addresses,
        "log_format": log_format,
        "log_level": "info" if verbose else None,
    }
    state._settings = None
    _setup_logging(state.settings)


# -- ingest -------------------------------------------------------------------------
class _RichProgress:
    """A progress bar on a terminal; nothing at all when output is piped or logged."""

    def __init__(self, console: Console):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._progress = Progress(
            TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=console, transient=True,
        )
        self._task = self._progress.add_task("ingest", total=0)

    def __enter__(self) -> "_RichProgress":
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def total(self, n: int) -> None:
        task = self._progress.tasks[0]
        self._progress.update(self._task, total=(task.total or 0) + n)

    def advance(self, n: int = 1) -> None:
        self._progress.advance(self._task, n)


@app.command()
def ingest(
    sources: list[str] = typer.Argument(..., help="Files, folders, feed/page URLs, OPML files, or - for JSON Lines on stdin."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    no_process: bool = typer.Option(False, "--no-process", help="Store only; do not update stories."),
) -> None:
    """Ingest articles, then bring stories up to date; re-ingesting the same article is a no-op."""
    from .pipeline import ingest as run_ingest

    settings = state.settings
    with _open_store() as store:
        use_bar = err_console.is_terminal and not as_json and settings.log_format == "text"
        if use_bar:
            with _RichProgress(err_console) as bar:
                report = run_ingest(sources, store, settings, progress=bar)
        else:
            report = run_ingest(sources, store, settings)
        story_report = None if no_process else _update_stories(store)
    if as_json:
        out = report.as_dict()
        if story_report is not None:
            out["stories"] = story_report.as_dict()
        print(json.dumps(out, ensure_ascii=False, default=str, indent=2))
    else:
        for e in report.errors:
            err_console.print(f"[red]rejected[/] {e.item}: [dim]{e.stage}:[/] {e.reason}", highlight=False, soft_wrap=True)
        out_console.print(
            f"{report.inserted} new, {report.updated} updated, {report.unchanged} unchanged, "
            f"{report.not_modified} not modified, {report.copies} copies, {len(report.errors)} rejected",
            highlight=False,
        )
        if story_report is not None and story_report.articles:
            out_console.print(
                f"stories: {story_report.articles} articles placed, {story_report.new_stories} new stories, "
                f"{story_report.updated_stories} updated, {story_report.merged} merged, "
                f"{story_report.moved} moved",
                highlight=False,
            )
    raise typer.Exit(0 if report.ok else 1)


def _update_stories(store: Store, *, rebuild: bool = False):
    from .entities import EntityError
    from .embed import EmbeddingError
    from .stories import update_stories

    try:
        return update_stories(store, rebuild=rebuild, registry=_registry())
    except (EntityError, EmbeddingError) as exc:
        # A missing or tampered model is a set-up problem, not bad input.
        _fail_usage(f"cannot build stories: {exc}")


# -- reading the store ----------------------------------------------------------------
def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _registry():
    from .leaning import RegistryError, registry_for

    try:
        return registry_for(state.settings)
    except RegistryError as exc:
        _fail_usage(str(exc))


@app.command()
def articles(
    as_json: bool = typer.Option(False, "--json", help="JSON Lines, one article per line."),
    story: Optional[str] = typer.Option(None, "--story", help="Only articles of this story."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="At most N articles."),
    search: Optional[str] = typer.Option(None, "--search", help="Full-text search over title and text."),
) -> None:
    """Stored articles, newest first (or best match first with --search)."""
    from . import estimates

    with _open_store() as store:
        rows = store.search(search, limit=limit or 20) if search else store.articles(limit=limit, story_id=story)
        grouping = store.story_evidence(r["id"] for r in rows) if as_json else {}
        registry = _registry() if as_json else None
        outlets = estimates.outlet_leanings(store, rows, registry) if as_json else {}
    if as_json:
        from .storypage import stored_article_record

        for row in rows:
            # why the article is in its story: the clusterer's reasons when it placed it
            rec = {**stored_article_record(row, registry, outlets), "grouping": grouping.get(row["id"])}
            print(json.dumps(rec, ensure_ascii=False))
        return
    table = _table(("id", "published", "source", "title", "copy of"))
    for row in rows:
        pub = row["published"].strftime("%Y-%m-%d %H:%M") if row["published"] else ""
        table.add_row(row["id"], pub, row["source"], row["title"], row["duplicate_of"] or "")
    _print_table(table)
    out_console.print(f"{len(rows)} articles", highlight=False)


@app.command()
def errors(
    as_json: bool = typer.Option(False, "--json", help="JSON Lines, one error per line."),
    limit: int = typer.Option(100, "--limit", min=1),
    last_run: bool = typer.Option(False, "--last-run", help="Only errors of the most recent run."),
) -> None:
    """Inputs rejected by earlier runs, each with the reason."""
    with _open_store() as store:
        rows = store.errors(limit=limit, last_run=last_run)
    if as_json:
        for row in rows:
            print(json.dumps({k: _iso(v) for k, v in row.items()}, ensure_ascii=False))
        return
    table = _table(("time", "run", "stage", "item", "reason"))
    for row in rows:
        table.add_row(row["at"].strftime("%Y-%m-%d %H:%M:%S"), str(row["run_id"] or ""), row["stage"], row["item"], row["reason"])
    _print_table(table)
    out_console.print(f"{len(rows)} errors", highlight=False)


def _story_record(story: dict[str, Any]) -> dict[str, Any]:
    """A stored story's card fields as the contract shapes them (`newsprism stories --json`);
    the page's fields come from `story_page` (`newsprism story ID --json`)."""
    return {
        "id": story["id"],
        "title": story["title"],
        "label": story["label"],
        "tags": story["tags"],
        "stats": {
            "first_published": _iso(story["first_published"]),
            "last_updated": _iso(story["last_updated"]),
            "article_count": story["article_count"],
            "source_count": story["source_count"],
        },
        "keywords": story["keywords"],
        "why_grouped": story["why"],
    }


@app.command()
def stories(
    as_json: bool = typer.Option(False, "--json", help="JSON Lines, one story per line."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="At most N stories."),
    latest: bool = typer.Option(False, "--latest", help="Most recently updated first instead."),
) -> None:
    """Stories, most relevant first (virality and recency, as on the home page)."""
    from datetime import timezone

    from .stories import virality_baseline
    from .web.feed import build_cards, latest_first

    with _open_store() as store:
        if latest and limit:
            # The newest N need only their own members; ranking by virality needs every story.
            rows = {r["id"]: r for r in store.stories(limit=limit)}
            heads = [{**h, "story_id": sid} for sid in rows for h in store.story_member_heads(sid)]
        else:
            rows = {r["id"]: r for r in store.stories()}
            heads = store.iter_article_heads()
        cards = build_cards(rows.values(), heads, _registry(),
                            now=datetime.now(timezone.utc), baseline=virality_baseline(store))
    if latest:
        cards = latest_first(cards)
    cards = cards[:limit] if limit else cards
    if as_json:
        for card in cards:
            rec = _story_record(rows[card.id])
            rec["stats"].update({k: v for k, v in card.as_dict()["stats"].items() if k not in rec["stats"]})
            print(json.dumps(rec, ensure_ascii=False))
        return
    table = _table(("id", "updated", "articles", "sources", "leaning", "virality", "label", "title"))
    for card in cards:
        updated = card.last_updated.strftime("%Y-%m-%d %H:%M") if card.last_updated else ""
        vir = f"{card.virality:.2f}" if card.virality is not None else ""
        table.add_row(card.id, updated, str(card.article_count), str(card.source_count), card.leaning, vir,
                      card.label, card.title)
    _print_table(table)
    out_console.print(f"{len(cards)} stories", highlight=False)


@app.command()
def story(
    story_id: str = typer.Argument(..., help="A story id (see `newsprism stories`)."),
    as_json: bool = typer.Option(False, "--json", help="The story as JSON (see CONTRACT.md)."),
) -> None:
    """One story page: stats, cited breakdown, perspectives, keywords, Q&A, disagreements, timeline."""
    from .stories import story_page
    from .termpage import print_story

    with _open_store() as store:
        page = story_page(store, story_id, registry=_registry(), settings=state.settings)
    if page is None:
        _fail_usage(f"no story with id {story_id!r}")
    if as_json:
        print(json.dumps(page, ensure_ascii=False, indent=2, default=str))
    else:
        print_story(page, out_console)


@app.command()
def entities(
    as_json: bool = typer.Option(False, "--json", help="JSON Lines, one entity per line."),
    story_id: Optional[str] = typer.Option(None, "--story", help="Only entities named in this story."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1),
) -> None:
    """Canonical entities (one per real-world person, place or organisation, across spellings)."""
    with _open_store() as store:
        rows = store.entities(story_id=story_id, limit=limit)
    if as_json:
        for r in rows:
            print(json.dumps({"id": r["id"], "name": r["name"], "type": r["type"], "aliases": r["aliases"],
                              "mentions": r["mentions"], "articles": r["articles"]}, ensure_ascii=False))
        return
    table = _table(("name", "type", "mentions", "articles", "aliases"))
    for r in rows:
        table.add_row(r["name"], r["type"], str(r["mentions"]), str(len(r["articles"])),
                      ", ".join(a for a in r["aliases"] if a != r["name"]))
    _print_table(table)


@app.command()
def outlets(
    as_json: bool = typer.Option(False, "--json", help="JSON Lines, one outlet per line."),
    leaning: Optional[str] = typer.Option(None, "--leaning", help="Only outlets with this leaning."),
    estimated: bool = typer.Option(
        False, "--estimated",
        help="Instead: the stored outlets the registry does not know, each with the estimate from its articles' text."),
) -> None:
    """The outlet registry: each outlet's leaning and the basis of its rating."""
    if estimated:
        _estimated_outlets(as_json, leaning)
        return
    rows = [o.as_dict() for o in _registry()]
    if leaning:
        rows = [r for r in rows if r["leaning"] == leaning]
    _print_rows(rows, as_json, [("domain", "domain"), ("name", "name"), ("country", "country"),
                                ("leaning", "leaning"), ("basis", "basis")], f"{len(rows)} outlets")


def _estimated_outlets(as_json: bool, leaning: Optional[str]) -> None:
    from .estimates import stored_outlet_estimates
    from .storypage import MIN_ESTIMATE_CONFIDENCE

    registry = _registry()
    with _open_store() as store:
        rows = stored_outlet_estimates(store, registry, MIN_ESTIMATE_CONFIDENCE)
    if leaning:
        rows = [r for r in rows if r["leaning"] == leaning]
    shown = {True: "yes", False: f"no (below {MIN_ESTIMATE_CONFIDENCE})"}
    _print_rows([{**r, "confidence": f"{r['confidence']:.2f}", "shown": shown[r["shown"]]} for r in rows]
                if not as_json else rows, as_json,
                [("source", "source"), ("articles", "articles"), ("estimate", "leaning"),
                 ("confidence", "confidence"), ("shown on its articles", "shown")],
                f"{len(rows)} unrated outlets, estimated from their articles' text")


def _print_rows(rows: list[dict[str, Any]], as_json: bool, columns: list[tuple[str, str]], footer: str) -> None:
    """JSON Lines, or a table of ``columns`` (header, key) and a footer line."""
    if as_json:
        for r in rows:
            print(json.dumps(r, ensure_ascii=False))
        return
    table = _table(header for header, _ in columns)
    for r in rows:
        table.add_row(*(str(r.get(key) if r.get(key) is not None else "") for _, key in columns))
    _print_table(table)
    out_console.print(footer, highlight=False)


@app.command()
def recluster(as_json: bool = typer.Option(False, "--json")) -> None:
    """Rebuild every story from the stored articles, oldest first (after a backfill or a tuning change)."""
    with _open_store() as store:
        report = _update_stories(store, rebuild=True)
    if as_json:
        print(json.dumps(report.as_dict(), indent=2))
    else:
        out_console.print(
            f"{report.articles} articles grouped into {report.new_stories} stories in {report.seconds:.1f} s",
            highlight=False,
        )


eval_app = typer.Typer(no_args_is_help=True, help="Measure quality against labelled data.")
app.add_typer(eval_app, name="eval")


@eval_app.command("clusters")
def eval_clusters(
    path: Path = typer.Argument(..., exists=True, dir_okay=False, help="JSON Lines: url, title, text, published, source, story (gold id)."),
    as_json: bool = typer.Option(False, "--json"),
    baseline: bool = typer.Option(True, "--baseline/--no-baseline", help="Also run TF-IDF + average-link agglomerative."),
) -> None:
    """B-cubed precision/recall/F1, ARI and AMI of our online clustering, beside a baseline."""
    from .evaluate import eval_clusters_file, format_report

    try:
        report = eval_clusters_file(path, baseline=baseline)
    except ValueError as exc:
        _fail_usage(f"{path}: {exc}")
    if as_json:
        print(json.dumps(report, indent=2, default=str))
    else:
        print(format_report(report))


@config_app.command("show")
def config_show(as_json: bool = typer.Option(False, "--json")) -> None:
    """Print the effective settings (defaults < file < environment < flags), secrets masked."""
    values = state.settings.public_dict()
    if as_json:
        print(json.dumps(values, indent=2, default=str))
        return
    for key, value in values.items():
        print(f"{key} = {json.dumps(value, default=str)}")


@app.command()
def demo(
    as_json: bool = typer.Option(False, "--json", help="Print the ingest report as JSON."),
    serve_site: bool = typer.Option(True, "--serve/--no-serve", help="Serve the site after loading (default) or just load."),
    host: Optional[str] = typer.Option(None, "--host", help="Address to bind [default 127.0.0.1]."),
    port: Optional[int] = typer.Option(None, "--port", min=1, max=65535, help="Port [default 8000]."),
) -> None:
    """Load the bundled demo corpus (invented outlets and articles) into a fresh data folder and serve it."""
    from .pipeline import ingest as run_ingest

    settings = state.settings
    explicit = state.overrides and (state.overrides.get("data_dir") or state.overrides.get("database_url"))
    if not explicit and not settings.database_url:
        # Never mix the demo into a user's real archive: it gets its own folder.
        settings = _replace(settings, data_dir=Path(settings.data_dir) / "demo")
    if not settings.database_url:
        db = Path(settings.data_dir) / "newsprism.db"
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
    corpus = resources.files("newsprism") / "data" / "demo" / "articles.jsonl"
    Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
    (Path(settings.data_dir) / "outlets.csv").write_bytes(
        (resources.files("newsprism") / "data" / "demo" / "outlets.csv").read_bytes()
    )
    with resources.as_file(corpus) as path:
        try:
            store = Store.open(settings.effective_database_url)
        except StoreError as exc:
            _fail_usage(str(exc))
        with store:
            report = run_ingest([str(path)], store, settings)
            story_report = _update_stories(store)
            rows = store.articles()
    if as_json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, default=str, indent=2))
    else:
        copies = sum(1 for r in rows if r["duplicate_of"])
        sources_n = len({r["source"] for r in rows})
        out_console.print(
            f"demo corpus loaded into {settings.data_dir}: {len(rows)} articles from {sources_n} outlets, "
            f"{copies} marked as copies of an earlier article, grouped into "
            f"{story_report.new_stories} stories.", highlight=False,
        )
        if not serve_site:
            out_console.print(
                f"Browse it with: newsprism --data-dir {settings.data_dir} serve", highlight=False,
            )
    if serve_site:
        _serve(settings, host, port)
    raise typer.Exit(0 if report.ok else 1)


def _serve(settings: Settings, host: Optional[str], port: Optional[int], hooks: tuple = ()) -> None:
    """Run the web app until interrupted (uvicorn, one process; SQLite allows one writer)."""
    import uvicorn

    from .web import create_app

    settings = _replace(settings, host=host or settings.host, port=port or settings.port)
    try:
        web_app = create_app(settings, lifespan_hooks=hooks)
    except StoreError as exc:
        _fail_usage(str(exc))
    err_console.print(f"serving {settings.data_dir} on http://{settings.host}:{settings.port}/ (Ctrl+C stops)",
                      highlight=False)
    # uvicorn's own logging setup (dictConfig) would replace the process's logging, JSON lines
    # included; its loggers write through newsprism's handlers instead.
    ours = logging.getLogger("newsprism")
    served = logging.getLogger("uvicorn")
    served.handlers[:] = ours.handlers
    served.setLevel(ours.level)
    served.propagate = False
    config = uvicorn.Config(web_app, host=settings.host, port=settings.port, log_config=None,
                            access_log=False, server_header=False, proxy_headers=False)
    server = uvicorn.Server(config)
    try:
        server.run()
    except OSError as exc:  # the address is not ours, ...
        _fail_usage(f"cannot serve on {settings.host}:{settings.port}: {exc}")
    except SystemExit as exc:  # uvicorn exits with 3 when it cannot bind (port in use)
        if exc.code not in (0, None):
            _fail_usage(f"cannot serve on {settings.host}:{settings.port} (is the port already in use?)")
        raise


@app.command()
def run(
    host: Optional[str] = typer.Option(None, "--host", help="Address to bind [default 127.0.0.1]."),
    port: Optional[int] = typer.Option(None, "--port", min=1, max=65535, help="Port [default 8000]."),
    once: bool = typer.Option(False, "--once", help="Poll the due feeds once, update stories, and exit (no server)."),
) -> None:
    """The main job: poll the configured feeds on an adaptive schedule, ingest, update stories,
    and serve the web UI and API, until stopped. A restart resumes the schedule."""
    import threading

    from .poll import Poller
    from .sources import SourceError

    settings = state.settings
    if once:
        with _open_store() as store:
            poller = Poller(store, settings)
            try:
                added = poller.sync_config()
            except SourceError as exc:
                _fail_usage(f"feed list: {exc}")
            report = poller.poll_once()
            poller.close()
        out_console.print(f"polled {report.polled} feeds ({len(added)} new subscriptions): "
                          f"{report.new_articles} new articles, {len(report.failed)} feeds failed", highlight=False)
        for url, reason in report.failed:
            err_console.print(f"  {url}: {reason}", highlight=False)
        raise typer.Exit(1 if report.failed else 0)

    def start_polling(ctx: Any) -> Any:
        poller = Poller(ctx.store, settings, on_change=ctx.refresh)
        try:
            poller.sync_config()
        except SourceError as exc:
            err_console.print(f"[bold red]error:[/] feed list: {exc}", highlight=False)
            raise SystemExit(2) from None
        ctx.poller = poller
        stop = threading.Event()
        thread = threading.Thread(target=poller.run_forever, args=(stop,), name="newsprism-poller", daemon=True)
        thread.start()

        def stop_polling() -> None:
            stop.set()
            poller.wake.set()
            thread.join(timeout=30)

        return stop_polling

    _serve(settings, host, port, hooks=(start_polling,))


@app.command()
def serve(
    host: Optional[str] = typer.Option(None, "--host", help="Address to bind [default 127.0.0.1; env NEWSPRISM_HOST]."),
    port: Optional[int] = typer.Option(None, "--port", min=1, max=65535, help="Port [default 8000; env NEWSPRISM_PORT]."),
) -> None:
    """Serve the web UI, the JSON API (/api/v1, /openapi.json) and story feeds of the data folder."""
    _serve(state.settings, host, port)


def _replace(settings: Settings, **changes: Any) -> Settings:
    import dataclasses

    return dataclasses.replace(settings, **changes)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err_console.print("interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()
