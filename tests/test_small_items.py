"""Issue 25, item 6: the smaller items, each with a test that failed before."""

from __future__ import annotations

from blogwright.checks import parse_markdown, reader_words
from blogwright.model.post import Post, Section
from blogwright.render import front_matter, render


def _post() -> Post:
    return Post(title="SQLite WAL Mode: A Guide", topic="t", summary="Turn it **on** today.",
                intro="WAL helps [1]. It is fast.",
                sections=[Section(heading="Why It Matters", text="Readers do not wait [2].\n\n- one\n- two\n\n1. three"),
                          Section(heading="How", text="Run `PRAGMA journal_mode=WAL;` once.")],
                conclusion="That is WAL.")


def test_front_matter_words_are_the_words_a_reader_counts():
    post = _post()
    assert front_matter(post)["words"] == reader_words(parse_markdown(render(post, "md")))
    assert front_matter(post)["words"] > post.body_words - 4  # title, TL;DR and headings count; bullets do not


def test_runs_says_whether_a_post_passed_and_uses_last_not_limit(monkeypatch, tmp_path):
    import json

    from typer.testing import CliRunner

    from blogwright import api
    from blogwright.cli import app
    from blogwright.model.brief import make_brief

    monkeypatch.setattr(api.writing, "preload_embeddings", lambda: None)
    result = api.write(make_brief(topic="Home composting in a small flat", words=300), model="fake", out_dir=tmp_path)
    checks = result.post.report.checks.to_dict()
    runner = CliRunner()
    rows = json.loads(runner.invoke(app, ["runs", "--json", "--last", "5"]).output)
    assert rows[0]["passed"] == checks["passed"]
    assert rows[0]["failed_gates"] == [n for n, g in checks["gates"].items() if g["blocking"] and not g["passed"]]
    table = runner.invoke(app, ["runs", "-n", "5"], env={"COLUMNS": "200"}).output
    assert "gates" in table and ("pass" in table or "fail: " in table)
    assert runner.invoke(app, ["runs", "--limit", "5"]).exit_code != 0  # --limit is the global NAME=VALUE option


def test_batch_names_the_failing_gates(tmp_path):
    import json
    import os
    from pathlib import Path

    from typer.testing import CliRunner

    from blogwright.cli import app
    from blogwright.core import config as core_config

    Path(os.environ["BLOGWRIGHT_CONFIG"]).write_text("gates:\n  min_length_score: 99.9\n")  # every post fails length
    core_config._load.cache_clear()
    cal = tmp_path / "cal.csv"
    cal.write_text("topic,words\nHome composting,150\n")
    r = CliRunner().invoke(app, ["batch", str(cal), "--model", "fake", "--out", str(tmp_path / "posts"), "--json"])
    item = json.loads(r.stdout)["items"][0]
    assert item["passed"] is False and "length" in item["failed_gates"]
    assert "gates FAILED (" in r.stderr and "length" in r.stderr.split("gates FAILED (")[1]


def test_write_batch_and_serve_share_one_out_default():
    import typer

    from blogwright.cli import app

    group = typer.main.get_command(app)
    defaults = {}
    for name in ("write", "batch", "serve"):
        cmd = group.commands[name]
        opt = next(p for p in cmd.params if "--out" in p.opts)
        defaults[name] = str(opt.default)
    assert set(defaults.values()) == {"posts"}, defaults


def test_help_shows_no_bool_placeholder_and_sections_help_does_not_contradict_itself():
    from typer.testing import CliRunner

    from blogwright.cli import app

    text = CliRunner().invoke(app, ["check", "--help"], env={"COLUMNS": "200"}).output
    assert "--strict" in text and "<bool>" not in text
    assert "(default: 3)" not in text and "<int>" in text  # value options still show their type


def test_the_ollama_error_names_ollamas_settings_not_openais():
    import pytest

    from blogwright.backends import get_backend
    from blogwright.backends.base import GenParams, Message
    from blogwright.core.errors import BackendError

    backend = get_backend("ollama:llama3", base_url="http://127.0.0.1:9")  # nothing listens on port 9
    with pytest.raises(BackendError) as err:
        backend.complete([Message("user", "hi")], GenParams(max_tokens=5))
    msg = str(err.value)
    assert "OPENAI_BASE_URL" not in msg and "OLLAMA_HOST" in msg and "Ollama" in msg
