"""`voice learn/show/list/delete/score` through the Typer sub-app: output, files, one-line errors."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from blogwright.cli.voice import voice_app

DATA = Path(__file__).parent / "data"
runner = CliRunner()


def run(*args, **kw):
    return runner.invoke(voice_app, [str(a) for a in args], **kw)


def test_learn_show_list_score_delete(_isolated_home):
    r = run("learn", DATA / "academic", "--name", "prof")
    assert r.exit_code == 0, r.output
    assert "learned voice 'prof'" in r.output and "avoids contractions" in r.stdout
    folder = _isolated_home / "voices" / "prof"
    assert {p.name for p in folder.iterdir()} >= {"profile.json", "corpus.json"}

    shown = run("show", "prof")
    assert shown.exit_code == 0 and "sentence length" in shown.stdout and "persona" in shown.stdout
    data = json.loads(run("show", "prof", "--json").stdout)
    assert data["name"] == "prof" and data["fingerprint"]["words"] > 1500

    listed = json.loads(run("list", "--json").stdout)
    assert [v["name"] for v in listed] == ["friendly-teacher", "plain-expert", "snarky-mentor", "prof"]
    assert listed[-1]["kind"] == "learned" and "prof" in run("list").stdout

    post = DATA / "academic" / "01-retrieval-evaluation.md"
    scored = json.loads(run("score", post, "--voice", "prof", "--json").stdout)
    assert scored["closest_voice"] == "prof" and scored["percentile"] > 90 and len(scored["differences"]) == 3

    assert run("delete", "prof", input="n\n").exit_code == 1 and folder.is_dir()
    gone = run("delete", "prof", "--yes")
    assert gone.exit_code == 0 and not folder.exists()
    assert "prof" not in run("list").stdout


def test_force_replaces_and_small_corpus_warns(tmp_path):
    (tmp_path / "a.md").write_text(("I write a sentence or two about my day, and then I stop. " * 30).strip())
    first = run("learn", tmp_path, "--name", "me")
    assert first.exit_code == 0 and "steadier fingerprint" in first.output
    again = run("learn", tmp_path, "--name", "me")
    assert again.exit_code != 0 and "--force" in again.output
    assert run("learn", tmp_path, "--name", "me", "--force").exit_code == 0


@pytest.mark.parametrize("setup, args, message", [
    (lambda d: (d / "empty").mkdir(), ["empty", "--name", "x"], "is empty"),
    (lambda d: d.joinpath("pic.png").write_bytes(b"\x89PNG\x00\x00"), ["pic.png", "--name", "x"], "binary file"),
    (lambda d: d.joinpath("f.bin").write_bytes(b"\x00\x01\x02" * 50), [".", "--name", "x"], "no posts to learn from"),
    (lambda d: d.joinpath("short.md").write_text("Just a few words. " * 20), ["short.md", "--name", "x"],
     "add 220 more words"),
    (lambda d: None, ["nope", "--name", "x"], "no such file"),
    (lambda d: d.joinpath("p.md").write_text("words " * 400), ["p.md", "--name", "plain-expert"], "built-in voice"),
    (lambda d: d.joinpath("p.md").write_text("words " * 400), ["p.md", "--name", "Bad Name!"], "bad voice name"),
])
def test_bad_input_is_one_clear_line(tmp_path, monkeypatch, setup, args, message):
    monkeypatch.chdir(tmp_path)
    setup(tmp_path)
    r = run("learn", *args)
    assert r.exit_code == 2 and message in r.output and "Traceback" not in r.output, r.output


@pytest.mark.parametrize("args, message", [
    (["show", "nobody"], "unknown voice 'nobody'"), (["delete", "nobody", "-y"], "unknown voice"),
    (["delete", "snarky-mentor", "-y"], "built-in voice"),
    (["score", "/no/file.md", "--voice", "plain-expert"], "no such post"),
])
def test_other_commands_fail_cleanly(args, message):
    r = run(*args)
    assert r.exit_code == 2 and message in r.output and "Traceback" not in r.output, r.output


@pytest.mark.parametrize("cmd", ["learn", "show", "list", "delete", "score"])
def test_every_command_has_help(cmd):
    r = run(cmd, "--help")
    assert r.exit_code == 0 and len(r.stdout) > 100
