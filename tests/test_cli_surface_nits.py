"""The CLI's small surface problems a new user found (newcomer round 2, item 9): one line per usage
error, a wrong model path is bad input, piped tables carry no padding to the widest cell."""

from __future__ import annotations

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
