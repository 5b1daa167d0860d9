"""The CLI's small surface problems a new user found (newcomer round 2, item 9): one line per usage
error, a wrong model path is bad input, piped tables carry no padding to the widest cell."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from blogwright.cli import app

runner = CliRunner()


def test_a_bad_flag_value_is_one_line_like_every_other_error():
    r = runner.invoke(app, ["write", "Paper notebooks", "--words", "abc"])
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert r.stderr.strip().splitlines() == [r.stderr.strip()]  # was a 5-line box
    assert r.stderr.startswith("error: Invalid value for '--words'") and "write --help`" in r.stderr  # CliRunner names the program "root"
    r = runner.invoke(app, ["voice", "score"])
    assert r.exit_code == 2 and r.stderr.startswith("error: Missing argument") and len(r.stderr.strip().splitlines()) == 1
    r = runner.invoke(app, [])  # no command at all still shows the help
    assert "Usage" in r.output and "error:" not in r.output


def test_a_missing_model_file_is_bad_input(tmp_path):
    r = runner.invoke(app, ["write", "Paper notebooks", "--model", f"local:{tmp_path}/none.gguf", "--out", str(tmp_path)])
    assert r.exit_code == 2 and r.stderr.startswith("error: no GGUF model file at") and "━" not in r.output


def test_a_piped_table_is_as_wide_as_its_longest_row_and_no_line_is_padded():
    r = runner.invoke(app, ["voices"])
    lines = r.stdout.splitlines()
    assert r.exit_code == 0 and lines and all(ln == ln.rstrip() for ln in lines)
    assert lines[0].startswith("voices")  # the title is not centred over the widest description
    widths = sorted(len(ln) for ln in lines)
    assert widths[0] < widths[-1]  # rows end where their text ends (all were padded to one width)


def _interrupt_at(call: int, monkeypatch):
    import itertools

    from blogwright import api
    from blogwright.backends.fake import FakeBackend

    counter = itertools.count()

    def interrupting(messages, params):
        if next(counter) == call:
            raise KeyboardInterrupt
        return "Composting turns scraps into soil. It takes weeks. Worms help a lot."

    monkeypatch.setattr(api.writing, "get_backend", lambda spec, **kw: FakeBackend(function=interrupting))


def test_ctrl_c_gives_stdout_the_drafts_path_or_json_with_it(tmp_path, monkeypatch):
    _interrupt_at(8, monkeypatch)
    r = runner.invoke(app, ["write", "home composting", "--out", str(tmp_path / "a")])
    (draft,) = (tmp_path / "a").glob("*.draft.md")
    assert r.exit_code == 130 and r.stdout == f"{draft}\n"  # stdout was empty: the path went to stderr only
    _interrupt_at(8, monkeypatch)
    r = runner.invoke(app, ["write", "home composting", "--out", str(tmp_path / "b"), "--json"])
    (draft,) = (tmp_path / "b").glob("*.draft.md")
    data = json.loads(r.stdout)
    assert r.exit_code == 130 and data["interrupted"] and data["path"] == str(draft) and data["sections"] >= 0


def test_ctrl_c_while_planning_saves_no_empty_draft(tmp_path, monkeypatch):
    _interrupt_at(0, monkeypatch)  # the first model call
    r = runner.invoke(app, ["write", "home composting", "--out", str(tmp_path), "--json"])
    assert r.exit_code == 130 and list(tmp_path.glob("*.md")) == []  # was a draft of a title alone ("words: 8")
    assert "nothing saved" in r.stderr and json.loads(r.stdout)["path"] is None


def test_an_unreachable_server_is_the_only_line(tmp_path):
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    r = runner.invoke(app, ["write", "Paper notebooks", "--model", "openai:foo", "--base-url", f"http://127.0.0.1:{port}/v1",
                            "--out", str(tmp_path)])
    assert r.exit_code == 3 and r.stderr.startswith("error: cannot reach the OpenAI-compatible server")
    assert r.stderr.strip().splitlines() == [r.stderr.strip()]  # no "plan ━━━ 0/?" bar above it
