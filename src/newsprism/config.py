"""Settings: shipped defaults < TOML file < ``NEWSPRISM_*`` environment < command-line flags.

One flat, typed record. The TOML file may group keys in tables (``[fetch] timeout = 10``
is the setting ``fetch_timeout``), which keeps files readable while env variables stay
flat (``NEWSPRISM_FETCH_TIMEOUT=10``). Unknown keys and values of the wrong type are
configuration errors (exit code 2), never silently ignored: a typo in a config file
should not quietly leave a default in force.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Mapping

import platformdirs

ENV_PREFIX = "NEWSPRISM_"
SECRET_FIELDS = frozenset({"llm_api_key", "api_token"})


class ConfigError(Exception):
    """Bad configuration: the CLI reports it and exits with code 2."""


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path(platformdirs.user_data_dir("newsprism", appauthor=False))
    database_url: str | None = None  # default: SQLite file inside data_dir
    # Fetching (the only network seam); see fetch.FetchSettings for the meaning.
    allow_private_addresses: bool = False
    user_agent: str | None = None
    fetch_timeout: float = 20.0
    fetch_connect_timeout: float = 10.0
    fetch_max_bytes: int = 10 * 1024 * 1024
    fetch_max_redirects: int = 5
    fetch_retries: int = 2
    fetch_per_host_concurrency: int = 2
    fetch_per_host_delay: float = 1.0
    fetch_concurrency: int = 8
    respect_robots: bool = True
    # Files larger than this are rejected unread (a 20 MiB .txt is not an article).
    max_file_bytes: int = 20 * 1024 * 1024
    # Sitemaps can list tens of thousands of pages; cap what one ingest fetches.
    sitemap_max_pages: int = 500
    # Processing: worker processes for extraction/cleaning (0 = one per core).
    workers: int = 0
    batch_size: int = 200
    # Outlet ratings: a CSV/TOML file extending or overriding the shipped table, or one
    # replacing it entirely (see docs/leaning.md).
    outlets_file: str | None = None
    outlets_replace: str | None = None
    log_format: str = "text"  # "text" or "json"
    log_level: str = "warning"
    # Web server (`serve`, `run`, `demo`): loopback by default; exposing it is a choice.
    host: str = "127.0.0.1"
    port: int = 8000
    # Seconds a rendered home/story page is reused (0 = render every request); see web/cache.py.
    web_cache_seconds: float = 30.0
    # Build part of each story page in one helper process (on 2+ cores; the web app only).
    page_helper: bool = True
    # `run`: the feeds to poll (an OPML file or a text file of feed URLs; default: the
    # shipped OPML of public outlet feeds) and the bounds of the adaptive poll interval.
    feeds_file: str | None = None
    poll_min_seconds: float = 300.0
    poll_max_seconds: float = 6 * 3600.0
    # Secrets (masked by `config show`), used by later stages.
    llm_api_key: str | None = None
    # Optional LLM backend (newsprism.llm): an OpenAI-compatible chat endpoint that may rewrite
    # story pages abstractively, every sentence checked against its sources. Off unless set.
    llm_url: str | None = None  # e.g. http://127.0.0.1:11434 (Ollama) or https://api.openai.com/v1
    llm_model: str | None = None
    llm_timeout: float = 60.0  # seconds per request
    llm_max_tokens: int = 400  # per reply: a bullet or an answer needs ~100
    api_token: str | None = None

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(Path(self.data_dir) / 'newsprism.db').as_posix()}"

    def public_dict(self) -> dict[str, Any]:
        """Effective settings for display, secrets masked."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in SECRET_FIELDS and value:
                value = "********"
            elif isinstance(value, Path):
                value = str(value)
            out[f.name] = value
        out["effective_database_url"] = _mask_url(self.effective_database_url)
        return out


def _mask_url(url: str) -> str:
    """Hide a password in a database URL (``postgresql://u:secret@h`` -> ``u:***@h``)."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        if ":" in creds:
            creds = creds.split(":", 1)[0] + ":***"
        return f"{scheme}://{creds}@{host}"
    return url


_FIELD_TYPES = {f.name: f.type for f in fields(Settings)}


def _coerce(name: str, value: Any, origin: str) -> Any:
    """Convert a raw value (a TOML value or an env string) to the field's type."""
    kind = _FIELD_TYPES[name]
    kind = kind if isinstance(kind, str) else getattr(kind, "__name__", str(kind))
    try:
        if value is None:
            return None
        if "bool" in kind:
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in {"1", "true", "yes", "on"}:
                return True
            if text in {"0", "false", "no", "off", ""}:
                return False
            raise ValueError(f"expected true/false, got {value!r}")
        if kind.startswith("int"):
            if isinstance(value, bool):
                raise ValueError("expected an integer")
            return int(value)
        if kind.startswith("float"):
            if isinstance(value, bool):
                raise ValueError("expected a number")
            return float(value)
        if "Path" in kind:
            return Path(os.path.expanduser(str(value)))
        if not isinstance(value, (str, int, float)):
            raise ValueError(f"expected a string, got {type(value).__name__}")
        return str(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{origin}: setting {name!r}: {exc}") from None


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in table.items():
        name = f"{prefix}{key}".replace("-", "_").lower()
        if isinstance(value, dict):
            flat.update(_flatten(value, prefix=f"{name}_"))
        else:
            flat[name] = value
    return flat


def _from_file(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file {path}: not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"config file {path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path}: invalid TOML: {exc}") from None
    values = {}
    for name, value in _flatten(data).items():
        if name not in _FIELD_TYPES:
            raise ConfigError(f"config file {path}: unknown setting {name!r}")
        values[name] = _coerce(name, value, f"config file {path}")
    return values


def _from_env(env: Mapping[str, str]) -> dict[str, Any]:
    values = {}
    for key, raw in env.items():
        if not key.startswith(ENV_PREFIX) or key == ENV_PREFIX + "CONFIG":
            continue
        name = key[len(ENV_PREFIX):].lower()
        if name not in _FIELD_TYPES:
            # Other tools may share the prefix namespace; an unknown variable is not fatal.
            continue
        values[name] = _coerce(name, raw, f"environment variable {key}")
    return values


def load_settings(
    config_file: Path | str | None = None,
    overrides: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
) -> Settings:
    """Resolve settings from all layers. ``overrides`` are command-line flags (None = not given)."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    path = config_file or env.get(ENV_PREFIX + "CONFIG")
    if path:
        values.update(_from_file(Path(path).expanduser()))
    values.update(_from_env(env))
    for name, value in (overrides or {}).items():
        if value is None:
            continue
        if name not in _FIELD_TYPES:
            raise ConfigError(f"unknown setting {name!r}")
        values[name] = _coerce(name, value, "command line")
    settings = dataclasses.replace(Settings(), **values)
    _validate(settings)
    return settings


def _validate(s: Settings) -> None:
    if s.log_format not in {"text", "json"}:
        raise ConfigError(f"setting 'log_format': expected 'text' or 'json', got {s.log_format!r}")
    if s.log_level.lower() not in {"debug", "info", "warning", "error"}:
        raise ConfigError(f"setting 'log_level': unknown level {s.log_level!r}")
    for name in ("fetch_timeout", "fetch_connect_timeout", "fetch_max_bytes", "max_file_bytes", "batch_size"):
        if getattr(s, name) <= 0:
            raise ConfigError(f"setting {name!r}: must be positive, got {getattr(s, name)!r}")
    if s.web_cache_seconds < 0:
        raise ConfigError(f"setting 'web_cache_seconds': must not be negative, got {s.web_cache_seconds!r}")
    if not 0 < s.port < 65536:
        raise ConfigError(f"setting 'port': expected 1-65535, got {s.port!r}")
    if not 0 < s.poll_min_seconds <= s.poll_max_seconds:
        raise ConfigError(f"settings 'poll_min_seconds'/'poll_max_seconds': need 0 < min <= max, got "
                          f"{s.poll_min_seconds!r} / {s.poll_max_seconds!r}")
    for name in ("fetch_per_host_delay", "fetch_retries", "workers", "fetch_max_redirects", "sitemap_max_pages"):
        if getattr(s, name) < 0:
            raise ConfigError(f"setting {name!r}: must not be negative, got {getattr(s, name)!r}")
    for name in ("llm_timeout", "llm_max_tokens"):
        if getattr(s, name) <= 0:
            raise ConfigError(f"setting {name!r}: must be positive, got {getattr(s, name)!r}")
    if s.llm_url:
        if not s.llm_url.startswith(("http://", "https://")):
            raise ConfigError(f"setting 'llm_url': expected an http:// or https:// address, got {s.llm_url!r}")
        if not s.llm_model:
            raise ConfigError("setting 'llm_model': required when llm_url is set (e.g. llama3.1:8b)")
    if s.database_url and not s.database_url.split(":", 1)[0].startswith(("sqlite", "postgresql")):
        raise ConfigError(
            f"setting 'database_url': unsupported database {s.database_url.split(':', 1)[0]!r} "
            "(use sqlite:///PATH or postgresql+psycopg://...)"
        )
