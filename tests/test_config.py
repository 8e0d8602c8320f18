"""Settings layering: shipped defaults < TOML file < NEWSPRISM_* environment < flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.config import ConfigError, Settings, load_settings


def test_defaults_use_sqlite_in_the_data_dir():
    s = load_settings(env={})
    assert s.effective_database_url.startswith("sqlite:///")
    assert s.effective_database_url.endswith("newsprism.db")
    assert s.allow_private_addresses is False


def test_layers_override_in_order(tmp_path: Path):
    cfg = tmp_path / "np.toml"
    cfg.write_text('data_dir = "/from/file"\n[fetch]\ntimeout = 7\nretries = 4\n')
    env = {"NEWSPRISM_FETCH_RETRIES": "1", "NEWSPRISM_CONFIG": str(cfg)}
    s = load_settings(env=env, overrides={"data_dir": tmp_path / "flag", "fetch_timeout": None})
    assert s.fetch_timeout == 7.0  # file
    assert s.fetch_retries == 1  # env beats file
    assert s.data_dir == tmp_path / "flag"  # flag beats everything


def test_env_booleans_and_database_url():
    s = load_settings(env={"NEWSPRISM_ALLOW_PRIVATE_ADDRESSES": "1",
                           "NEWSPRISM_DATABASE_URL": "postgresql+psycopg://u:pw@h/db"})
    assert s.allow_private_addresses is True
    assert s.effective_database_url == "postgresql+psycopg://u:pw@h/db"
    assert s.public_dict()["effective_database_url"] == "postgresql+psycopg://u:***@h/db"


@pytest.mark.parametrize(
    "content, message",
    [
        ("fetch_timeout = 'soon'", "fetch_timeout"),
        ("no_such_key = 1", "unknown setting 'no_such_key'"),
        ("this is = not toml [", "invalid TOML"),
        ("fetch_timeout = -1", "must be positive"),
        ("log_format = 'xml'", "log_format"),
        ("database_url = 'mysql://x'", "unsupported database"),
    ],
)
def test_bad_config_files_are_named_errors(tmp_path: Path, content: str, message: str):
    cfg = tmp_path / "bad.toml"
    cfg.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_settings(config_file=cfg, env={})


def test_bad_env_value_names_the_variable():
    with pytest.raises(ConfigError, match="NEWSPRISM_FETCH_RETRIES"):
        load_settings(env={"NEWSPRISM_FETCH_RETRIES": "many"})


def test_missing_config_file_is_an_error(tmp_path: Path):
    with pytest.raises(ConfigError, match="not found"):
        load_settings(config_file=tmp_path / "nope.toml", env={})


def test_secrets_are_masked():
    s = load_settings(env={"NEWSPRISM_LLM_API_KEY": "sk-secret", "NEWSPRISM_API_TOKEN": "t0k"})
    shown = s.public_dict()
    assert shown["llm_api_key"] == "********" and shown["api_token"] == "********"
    assert "sk-secret" not in repr(shown)
    assert isinstance(Settings().public_dict()["data_dir"], str)
