"""stderr into a file or a pipe: notes and errors stay one line each (Rich used to hard-wrap them at
80 columns, splitting "'LLM \\nOps'"); `runs` shows every unfinished run's status, however long its
topic."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from blogwright.cli import app
from blogwright.cli.errors import StderrConsole
from blogwright.cli.progress import ProgressView
from blogwright.model.events import Note
from blogwright.store import Store

LONG = ("the brief's key term 'LLM Ops' was written as 'Lambda Ops' in section 2 of the post; "
        "regenerated it with the right spelling, and the TL;DR was built from the post's own sentences")


def test_a_long_note_into_a_file_is_one_line():
    buf = io.StringIO()
    console = StderrConsole(file=buf, width=80)
    with ProgressView(console) as view:
        view(Note(stage="draft", text=LONG))
    assert f"note: {LONG}\n" in buf.getvalue()


def test_a_terminal_still_gets_wrapped_lines():
    buf = io.StringIO()
    console = StderrConsole(file=buf, width=80, force_terminal=True, color_system=None)
    console.print(f"note: {LONG}")
    assert all(len(line) <= 80 for line in buf.getvalue().splitlines()) and buf.getvalue().count("\n") > 1


def test_an_error_into_a_pipe_is_one_line(tmp_path):
    blocker = tmp_path / ("a-file-with-a-really-long-name-" * 4)
    blocker.write_text("x")
    r = subprocess.run([sys.executable, "-m", "blogwright", "write", "composting", "--out", str(blocker),
                        "--model", "fake", "--no-log"],
                       capture_output=True, text=True, timeout=120, env={**os.environ, "COLUMNS": "80"})
    assert r.returncode == 2
    (line,) = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert line.startswith("error:") and str(blocker) in line and len(line) > 80


def test_write_notes_into_a_file_are_never_wrapped(tmp_path):
    missing = tmp_path / ("a-source-file-with-a-long-name-" * 3 + ".md")  # its note is ~200 characters
    source = Path(__file__).parent / "grounding" / "data" / "cache-control.md"
    with open(tmp_path / "err.txt", "w") as err:
        r = subprocess.run([sys.executable, "-m", "blogwright", "write", "HTTP caching", "--source", str(source),
                            "--source", str(missing), "--model", "fake", "--no-log", "--words", "300",
                            "--out", str(tmp_path / "posts")],
                           stdout=subprocess.PIPE, stderr=err, text=True, timeout=300,
                           env={**os.environ, "COLUMNS": "80"})
    assert r.returncode in (0, 1)
    lines = (tmp_path / "err.txt").read_text().splitlines()
    (skipped,) = [ln for ln in lines if ln.startswith("note: source skipped")]
    assert str(missing) in skipped and len(skipped) > 80
    wrote = [ln for ln in lines if ln.startswith("wrote ")]
    assert wrote and r.stdout.strip() in wrote[0] and "run " in wrote[0]  # path, words and run id on one line


def test_runs_shows_the_status_of_unfinished_runs_with_long_topics():
    topic = "A rather long topic about composting kitchen scraps in a small flat, number "
    with Store("default") as store:
        for i, status in enumerate(["done", "failed", "interrupted", "crashed"]):
            run_id = f"2026113{i}-000000-abc{i:03d}"
            store.start_run(run_id, topic + str(i), {}, "fake", "fake-model")
            store.finish_run(run_id, status, words=100, duration_s=1.0)
    r = CliRunner().invoke(app, ["runs"], env={"COLUMNS": "80"})
    assert r.exit_code == 0, r.output
    rows = {ln.split()[0]: ln for ln in r.stdout.splitlines() if ln.startswith("abc")}  # 80 columns: the id's end
    assert "(interrupted)" in rows["abc002"] and "(crashed)" in rows["abc003"] and "(failed)" in rows["abc001"]
    assert "(" not in rows["abc000"] and "…" in rows["abc000"]  # a done run has no label; long topics are cut
    assert all(len(ln) <= 80 for ln in r.stdout.splitlines())


def test_into_a_pipe_nothing_is_wrapped_or_cut(tmp_path, monkeypatch):
    # newcomer P2: `runs | cat` cut run ids to their end and topics to "wo…"; `check > f` split the
    # heading's path; `write --help > f` squeezed descriptions into ~19 columns (Rich's 80 for a pipe)
    monkeypatch.delenv("COLUMNS", raising=False)
    topic = "A rather long topic about composting kitchen scraps in a small flat, with worms and bokashi bins"
    with Store("default") as store:
        store.start_run("20261130-000000-def001", topic, {}, "fake", "fake-model")
        store.finish_run("20261130-000000-def001", "done", words=100, duration_s=1.0)
    r = CliRunner().invoke(app, ["runs"])
    row = next(ln for ln in r.stdout.splitlines() if ln.startswith("2026"))
    assert row.startswith("20261130-000000-def001 ") and topic in row and "…" not in row
    deep = tmp_path / ("a-folder-with-a-rather-long-name-" * 3) / "2026-12-04-llm-ops-vs-ml-ops-whats-the-difference.md"
    deep.parent.mkdir(parents=True)
    deep.write_text("# LLM Ops\n\nA short post about running large language models in production for a team.\n")
    r = CliRunner().invoke(app, ["check", str(deep), "--no-embeddings"])
    assert str(deep) in r.stdout
    r = CliRunner().invoke(app, ["write", "--help"])
    assert max(len(ln) for ln in r.stdout.splitlines()) > 100


def test_an_unknown_voice_is_the_only_line(tmp_path):
    # newcomer P3: a "plan ━━━ 0/? planning" bar was printed above the error (the bar started before the
    # voice was looked up); it now starts with the first event
    r = CliRunner().invoke(app, ["write", "Home composting", "--voice", "nosuch", "--model", "fake", "--out", str(tmp_path)])
    assert r.exit_code == 2 and r.stderr.strip().splitlines() == [r.stderr.strip()]
    assert r.stderr.startswith("error: unknown voice 'nosuch'")
