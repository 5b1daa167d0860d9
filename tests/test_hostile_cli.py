"""Issue 18 #5, #6, #9, #11, #12 (CLI): hostile arguments and files get one line and an exit code,
never a traceback, in bounded time and memory."""

from __future__ import annotations

import json
import time

import pytest
from typer.testing import CliRunner

from blogwright.cli.app import app
from blogwright.core import limits
from blogwright.store import Store


@pytest.fixture(autouse=True)
def _no_overrides():
    limits.clear_overrides()
    yield
    limits.clear_overrides()


def run(*args: str):
    t0 = time.perf_counter()
    r = CliRunner().invoke(app, list(args))
    r.seconds = time.perf_counter() - t0  # type: ignore[attr-defined]
    return r


def one_line_error(r, *needles: str) -> None:
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    assert r.exit_code == 2, (r.exit_code, r.output)
    assert "Traceback" not in r.output and r.output.strip().splitlines()[-1].startswith("error: "), r.output
    for needle in needles:
        assert needle in r.output, (needle, r.output)


@pytest.mark.parametrize("args,needles", [
    (["check", "/dev/zero"], ["over the 5 MB limit"]),
    (["write", "composting", "--model", "fake", "--notes", "/dev/zero"], ["over the 5 MB limit"]),
    (["voice", "score", "/dev/zero", "--voice", "plain-expert"], ["over the 5 MB limit"]),
    (["publish", "/dev/zero", "--to", "hugo:/tmp"], ["over the 5 MB limit"]),
])
def test_dev_zero_stops_at_the_limit(args, needles):
    r = run(*args)
    one_line_error(r, *needles)
    assert r.seconds < 30


def test_voice_learn_on_dev_zero_is_one_line():
    r = run("voice", "learn", "/dev/zero", "--name", "z")
    assert r.exit_code == 2 and "Traceback" not in r.output and "error:" in r.output, r.output


def test_a_thousand_notes_fail_fast_and_the_limit_can_be_raised(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("\n".join(f"Fact number {i} about compost bins." for i in range(1000)))
    r = run("write", "composting", "--model", "fake", "--notes", str(notes))
    one_line_error(r, "1,000 notes; the limit is 200", "--limit notes=")
    assert r.seconds < 10
    r = run("--limit", "notes=1000", "--limit", "file=1M", "write", "composting", "--show-brief",
            "--notes", str(notes), "--model", "fake")
    assert r.exit_code == 0, r.output


def test_a_huge_source_fails_fast_with_the_limit_in_the_message(tmp_path):
    big = tmp_path / "big.md"
    with open(big, "wb") as fh:
        fh.truncate(19_000_000)
    r = run("write", "composting", "--model", "fake", "--source", str(big), "--out", str(tmp_path))
    one_line_error(r, "19.0 MB is over the 2.0 MB limit for a source")
    assert r.seconds < 10


@pytest.mark.parametrize("content", [b"\x00\x01binary" * 200, b"\x89PNG\r\n\x1a\n" + bytes(200), b"\xff\xfe\x00junk"])
def test_binary_files_are_one_line_everywhere(tmp_path, content):
    f = tmp_path / "thing.yaml"
    f.write_bytes(content)
    one_line_error(run("check", str(f)), "thing.yaml")
    one_line_error(run("write", "composting", "--model", "fake", "--voice", str(f), "--out", str(tmp_path)))
    one_line_error(run("write", "composting", "--model", f"fake:{f}", "--out", str(tmp_path)))


@pytest.mark.parametrize("script,needle", [
    (None, "no such fake script"), ("{not json", "not JSON"), ('{"a": 1}', "JSON list of strings"),
    ("[1, 2]", "JSON list of strings"), ("[" * 100_000, "not JSON"), ("", "not JSON"),
])
def test_bad_fake_scripts_are_one_line(tmp_path, script, needle):
    f = tmp_path / "script.json"
    if script is not None:
        f.write_text(script)
    one_line_error(run("write", "composting", "--model", f"fake:{f}", "--out", str(tmp_path)), needle)


def test_a_folder_as_fake_script_or_notes(tmp_path):
    one_line_error(run("write", "composting", "--model", f"fake:{tmp_path}", "--out", str(tmp_path)), "is a folder")
    one_line_error(run("write", "composting", "--model", "fake", "--notes", str(tmp_path)), "is a folder")


def test_an_alias_bomb_in_front_matter_is_one_line(tmp_path):
    from tests.core.test_yamlsafe_redact import billion_laughs

    f = tmp_path / "bomb.md"
    f.write_text("---\ntitle: x\n" + billion_laughs() + "---\n# x\n\ntext\n")
    r = run("check", str(f), "--no-embeddings")
    assert r.exit_code in (0, 1) and "Traceback" not in r.output and r.seconds < 30, r.output


def test_lone_surrogates_and_control_characters_in_a_topic(tmp_path):
    r = run("write", "compost\udcff bins \x1b[31mred\x07", "--model", "fake", "--out", str(tmp_path), "-q")
    assert r.exit_code == 0 or (r.exit_code == 1 and "blocking gates failed" in r.output), r.output
    post = next(tmp_path.glob("*.md")).read_text()
    assert "\x1b" not in post and "\x07" not in post and "\udcff" not in post


def test_markup_in_a_post_or_a_name_never_breaks_the_screen(tmp_path):
    f = tmp_path / "[red]post[x].md"
    f.write_text("---\ntitle: '[/bold] Caching [blink]'\n---\n# [/x] Caching\n\n**TL;DR:** [/z] it.\n\n"
                 "Intro [/q] about caching.\n\n## [/h] Why\n\nText [/oops] about caching.\n")
    r = run("check", str(f), "--no-embeddings", "--strict")
    assert r.exit_code == 1 and "Traceback" not in r.output and "[/h] Why" in r.output, r.output
    r = run("show", "[/x]")
    assert r.exit_code == 2 and "Traceback" not in r.output and "no run" in r.output


def test_a_password_in_the_base_url_never_reaches_the_screen_or_the_log(tmp_path, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    r = run("write", "composting", "--model", "openai:m", "--base-url", "http://user:hunter2@127.0.0.1:9/v1",
            "--api-key", "sk-secret-abcdef123456", "--out", str(tmp_path))
    assert r.exit_code != 0 and "Traceback" not in r.output
    assert "hunter2" not in r.output and "sk-secret-abcdef123456" not in r.output and "127.0.0.1:9" in r.output
    with Store() as store:
        dump = json.dumps([*store.runs(50), *(c for run_ in store.runs(50) for c in store.calls(run_["id"]))], default=str)
    assert "hunter2" not in dump and "sk-secret" not in dump


def test_a_server_echoing_the_key_is_redacted_in_the_log():
    with Store() as store:
        store.start_run("r1", "t", {}, "openai", "m")
        store.log_call("r1", stage="plan", error='400: {"headers": {"Authorization": "Bearer sk-echoed-abcdef123456"}}')
        assert "sk-echoed" not in store.calls("r1")[0]["error"]


def test_unknown_limit_names_and_values_are_one_line():
    one_line_error(run("--limit", "bogus=1", "voices"), "--limit 'bogus=1'")
    one_line_error(run("--limit", "file=lots", "voices"), "is not a number")
