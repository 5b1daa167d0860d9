"""`write`'s exit codes: 1 when a blocking gate fails (the post is still written and its path
printed, as `check` does), 2 at once for an `--out` that cannot be created or written, before any
model is loaded; `--out -` is never probed."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from blogwright import api
from blogwright.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(args))


def test_a_failed_blocking_gate_exits_1_with_the_post_written(tmp_path):
    r = run("write", "home composting", "--model", "fake", "--words", "300", "--out", str(tmp_path), "--no-log")
    assert r.exit_code == 1, r.output
    assert "blocking gates failed: repetition" in r.output
    (post,) = tmp_path.glob("*.md")
    assert r.stdout.strip().splitlines()[-1] == str(post)  # the path is still printed for scripts


def test_json_says_passed_false_and_exits_1(tmp_path):
    r = run("write", "home composting", "--model", "fake", "--words", "300", "--out", str(tmp_path), "--no-log",
            "--json", "-q")
    data = json.loads(r.stdout)
    assert r.exit_code == 1 and data["passed"] is False and Path(data["path"]).is_file()


def test_quiet_still_says_which_gate_failed(tmp_path):
    r = run("write", "home composting", "--model", "fake", "--words", "300", "--out", "-", "--no-log", "-q")
    assert r.exit_code == 1 and "blocking gates failed: repetition" in r.stderr
    assert r.stdout.startswith("---\ntitle:")  # the post itself, on stdout


def test_every_blocking_gate_passing_exits_0(tmp_path, monkeypatch):
    real = api.write

    def passing(*a, **kw):  # the fake's prose rarely passes every gate: make this post's report pass
        result = real(*a, **kw)
        for gate in result.post.report.checks.gates.values():
            gate.passed = True
        return result

    monkeypatch.setattr(api, "write", passing)
    r = run("write", "home composting", "--model", "fake", "--words", "300", "--out", str(tmp_path), "--no-log")
    assert r.exit_code == 0, r.output
    assert "every blocking gate passes" in r.output and len(list(tmp_path.glob("*.md"))) == 1


@pytest.fixture
def no_model(monkeypatch):
    """Fails the test if a backend is made: the out folder must be checked first."""

    def refuse(*a, **kw):
        raise AssertionError("a model was loaded before --out was checked")

    monkeypatch.setattr(api.writing, "get_backend", refuse)


@pytest.mark.parametrize("out, message", [
    ("/proc/nope", "cannot create the folder /proc/nope"),   # root may "access" /proc, and still cannot
    ("/proc/self/nope/deeper", "cannot create the folder"),
])
def test_an_unwritable_out_fails_in_one_line_before_any_model(no_model, out, message):
    t0 = time.perf_counter()
    r = run("write", "Composting", "--model", "fake", "--out", out, "--no-log")
    assert r.exit_code == 2, r.output
    assert [ln for ln in r.output.splitlines() if ln.strip()] == [ln for ln in r.output.splitlines() if ln.startswith("error:")]
    assert message in r.output and "Traceback" not in r.output and time.perf_counter() - t0 < 10


def test_a_file_as_out_fails_before_any_model(no_model, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    r = run("write", "Composting", "--model", "fake", "--out", str(blocker / "sub"), "--no-log")
    assert r.exit_code == 2 and "error:" in r.output and "Traceback" not in r.output


def test_the_probe_leaves_nothing_behind(tmp_path):
    api.check_out_dir(tmp_path / "new" / "deeper")
    assert list(tmp_path.iterdir()) == []  # folders made for the probe are removed again
    (tmp_path / "kept").mkdir()
    api.check_out_dir(tmp_path / "kept")
    assert list((tmp_path / "kept").iterdir()) == []


def test_stdout_is_never_probed(monkeypatch):
    monkeypatch.setattr(api.writing, "check_writable", lambda out: (_ for _ in ()).throw(AssertionError(out)))
    api.check_out_dir("-")


def test_json_keeps_the_asked_length_and_one_cost(tmp_path):
    # newcomer P2: --words 500 vanished (the length gate's target is what the facts supported), `usage`
    # repeated `cost`, and `seconds` differed from `cost.seconds`
    notes = tmp_path / "notes.txt"
    notes.write_text("- Cache-Control max-age tells a browser how many seconds it may reuse a response.\n"
                     "- A 304 Not Modified answer has no body.\n")
    r = run("write", "HTTP caching", "--notes", str(notes), "--model", "fake", "--untrusted", "--words", "500",
            "--out", str(tmp_path), "--json", "--no-log")
    data = json.loads(r.stdout)
    assert data["words_asked"] == 500 and 0 < data["words_supported"] < 500
    assert data["report"]["gates"]["length"]["value"]["target"] == data["words_supported"]
    assert "usage" not in data and data["cost"]["generated_tokens"] > 0
    assert data["seconds"] == data["cost"]["seconds"]
