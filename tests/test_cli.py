"""The command line: exit codes, JSON output, configuration errors, errors listing."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from newsprism.cli import app

SITE = Path(__file__).parent / "fixtures" / "site"
runner = CliRunner()


def cli(*args: str, input: str | None = None, env: dict | None = None):
    return runner.invoke(app, list(args), input=input, env={"NEWSPRISM_WORKERS": "1", **(env or {})})


def test_ingest_files_then_list_articles_as_json(tmp_path):
    res = cli("--data-dir", str(tmp_path), "ingest", str(SITE))
    assert res.exit_code == 0, res.output
    assert "3 new" in res.output
    out = cli("--data-dir", str(tmp_path), "articles", "--json")
    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(records) == 3
    for rec in records:
        assert set(rec) >= {"id", "url", "source", "title", "published", "text", "story_id",
                            "duplicate_of", "leaning", "leaning_basis", "grouping"}
        assert rec["leaning"] == "unknown"
        # why the article is in its story: it started one, joined with scores, or follows a copy
        g = rec["grouping"]
        assert g.get("started_story") or g.get("copy_of") or g["score"] is not None, g
    # the fixture site is rated nowhere: its articles were scored for the outlet's estimate
    out = cli("--data-dir", str(tmp_path), "outlets", "--estimated", "--json")
    estimated = [json.loads(line) for line in out.stdout.splitlines()]
    per_source = {}
    for rec in records:
        per_source[rec["source"]] = per_source.get(rec["source"], 0) + 1
    assert {e["source"]: e["articles"] for e in estimated} == per_source
    for e in estimated:
        assert e["leaning"] in {"left", "center", "right"} and e["shown"] == (e["confidence"] >= 0.6)
        assert abs(sum(e["probabilities"].values()) - 1) < 1e-3
    table = cli("--data-dir", str(tmp_path), "outlets", "--estimated")
    assert table.exit_code == 0 and "unrated outlets, estimated from their articles' text" in table.stdout


def test_partial_failure_exits_1_and_is_listed_by_errors(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"url": "https://x.example/1", "title": "T", "text": "Some text that is long enough."}\n{oops\n')
    res = cli("--data-dir", str(tmp_path / "d"), "ingest", str(bad))
    assert res.exit_code == 1
    assert "bad.jsonl" in res.output and "line 2" in res.output
    errs = cli("--data-dir", str(tmp_path / "d"), "errors", "--json")
    rows = [json.loads(line) for line in errs.stdout.splitlines()]
    assert len(rows) == 1 and "line 2" in rows[0]["item"] + rows[0]["reason"]


def test_stdin_jsonl(tmp_path):
    line = json.dumps({"url": "https://x.example/a", "title": "Hello", "text": "Body text of the article, long enough to keep."})
    res = cli("--data-dir", str(tmp_path), "ingest", "-", "--json", input=line + "\n")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["inserted"] == 1


def test_bad_config_exits_2_with_the_reason(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text("fetch_timeout = 'never'\n")
    res = cli("--config", str(cfg), "config", "show")
    assert res.exit_code == 2 and "fetch_timeout" in res.output
    res = cli("config", "show", env={"NEWSPRISM_FETCH_RETRIES": "lots"})
    assert res.exit_code == 2 and "NEWSPRISM_FETCH_RETRIES" in res.output


def test_config_show_masks_secrets(tmp_path):
    res = cli("--data-dir", str(tmp_path), "config", "show", "--json", env={"NEWSPRISM_API_TOKEN": "s3cret"})
    assert res.exit_code == 0
    shown = json.loads(res.stdout)
    assert shown["api_token"] == "********" and shown["data_dir"] == str(tmp_path)


def test_unknown_command_is_a_usage_error():
    assert cli("no-such-command").exit_code == 2


def test_demo_loads_the_bundled_corpus(tmp_path):
    res = cli("--data-dir", str(tmp_path), "demo", "--no-serve")
    assert res.exit_code == 0, res.output
    out = cli("--data-dir", str(tmp_path), "articles", "--json")
    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(records) >= 40
    assert sum(1 for r in records if r["duplicate_of"]) >= 2
    # Running it again starts from a fresh folder: same count, nothing doubled.
    assert cli("--data-dir", str(tmp_path), "demo", "--no-serve").exit_code == 0
    again = cli("--data-dir", str(tmp_path), "articles", "--json").stdout.splitlines()
    assert len(again) == len(records)


def test_structured_json_logs_on_stderr(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n")
    res = runner.invoke(app, ["--data-dir", str(tmp_path / "d"), "--log-format", "json", "ingest", str(bad)],
                        env={"NEWSPRISM_WORKERS": "1"})
    assert res.exit_code == 1
    logs = [json.loads(line) for line in res.stderr.splitlines() if line.startswith("{")]
    assert logs and logs[0]["level"] == "warning" and "bad.jsonl" in logs[0]["message"]
    assert {"time", "logger", "message"} <= set(logs[0])


def test_piped_tables_keep_each_row_on_one_line(tmp_path):
    """Piped output (not a terminal) used to fold a story's id and title over twenty lines of
    rich's default 80 columns; grep and awk need the row whole."""
    assert cli("--data-dir", str(tmp_path), "ingest", str(SITE)).exit_code == 0
    stories = [json.loads(line) for line in cli("--data-dir", str(tmp_path), "stories", "--json").stdout.splitlines()]
    table = cli("--data-dir", str(tmp_path), "stories").stdout
    for story in stories:
        rows = [line for line in table.splitlines() if story["id"] in line]
        assert len(rows) == 1 and story["title"] in rows[0], table
    articles = [json.loads(line) for line in cli("--data-dir", str(tmp_path), "articles", "--json").stdout.splitlines()]
    table = cli("--data-dir", str(tmp_path), "articles").stdout
    for art in articles:
        assert any(art["id"] in line and art["title"] in line for line in table.splitlines()), table
    # a width the user sets is honoured: ids still never fold
    narrow = cli("--data-dir", str(tmp_path), "stories", env={"COLUMNS": "60"}).stdout
    assert all(story["id"] in narrow for story in stories)
    assert max(len(line) for line in narrow.splitlines()) <= 60
