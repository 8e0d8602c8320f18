"""Shared fixtures: the benchmark data folder, fresh stores on SQLite and a real PostgreSQL."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from newsprism.config import Settings, load_settings
from newsprism.store import Store

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSPRISM_SHARED", REPO.parent / "shared"))
PG_ADMIN_URL = os.environ.get("NEWSPRISM_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture
def shared() -> Path:
    """../shared (seeds and benchmark data); tests using it skip cleanly where it is absent."""
    if not (SHARED / "seeds").is_dir():
        pytest.skip(f"shared data folder not found at {SHARED}")
    return SHARED


@pytest.fixture
def seeds(shared: Path) -> list[Path]:
    return sorted(shared.glob("seeds/00[0-3]_*.txt"))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings for tests: a private data folder, no pacing, loopback allowed (opt-in)."""
    return load_settings(
        overrides={
            "data_dir": tmp_path / "data",
            "allow_private_addresses": True,
            "fetch_per_host_delay": 0,
            "fetch_retries": 0,
            "fetch_timeout": 5,
            "respect_robots": True,
            "workers": 1,
        },
        env={},
    )


@pytest.fixture
def store(settings: Settings):
    with Store.open(settings.effective_database_url) as s:
        yield s


def _pg_reachable() -> bool:
    try:
        import psycopg
    except ImportError:
        return False
    dsn = PG_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://")
    try:
        with psycopg.connect(dsn, connect_timeout=2):
            return True
    except Exception:
        return False


@pytest.fixture
def pg_url():
    """A throw-away database on the PostgreSQL server, dropped afterwards; skipped if none is reachable."""
    if not _pg_reachable():
        pytest.skip(f"no PostgreSQL reachable at {PG_ADMIN_URL}")
    import psycopg

    name = f"newsprism_test_{uuid.uuid4().hex[:10]}"
    dsn = PG_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgres"])
def any_store(request, tmp_path: Path):
    """The same test on both backends."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    else:
        url = request.getfixturevalue("pg_url")
    with Store.open(url) as s:
        yield s


@pytest.fixture(scope="session")
def web_data(tmp_path_factory) -> Settings:
    """A data folder holding the demo corpus plus two articles whose titles and text carry
    script payloads, with stories built: what the web and browser tests serve. Built once a
    session (NER and embeddings take ~20 s); tests must not write to it."""
    from importlib import resources

    from newsprism.pipeline import SerialExecutor, ingest
    from newsprism.stories import update_stories

    tmp = tmp_path_factory.mktemp("web")
    demo = Path(str(resources.files("newsprism") / "data" / "demo"))
    (tmp / "outlets.csv").write_bytes((demo / "outlets.csv").read_bytes())
    s = load_settings(overrides={"data_dir": tmp, "workers": 1}, env={})
    with Store.open(s.effective_database_url) as st:
        ingest([str(demo / "articles.jsonl"), str(Path(__file__).parent / "fixtures" / "web" / "hostile.jsonl")],
               st, s, executor=SerialExecutor())
        update_stories(st)
    return s
