"""Issue 27 on the command line: stdin closed, endless or binary; a full disk while saving; `show --out`
through a symlink; a FIFO without a writer; secrets in `config show`; config values; messages."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from blogwright.cli.app import app
from blogwright.core import config
from blogwright.core import io as core_io
from blogwright.store import Store


def bw(*args: str, stdin=None, timeout: float = 120, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "blogwright", *args], stdin=stdin, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **env})


def one_line(r, code: int = 2) -> str:
    out = r.stderr if hasattr(r, "stderr") and isinstance(r, subprocess.CompletedProcess) else r.output
    rc = r.returncode if isinstance(r, subprocess.CompletedProcess) else r.exit_code
    assert rc == code, (rc, out)
    assert "Traceback" not in out and out.strip().splitlines()[-1].startswith("error: "), out
    return out


@pytest.mark.parametrize("args", [["write", "-"], ["write", "Composting at home", "--interview"]])
def test_closed_stdin_is_one_line_or_skips_the_questions(tmp_path, args):
    """`write - <&-` and `--interview <&-` gave AttributeError tracebacks."""
    with subprocess.Popen([sys.executable, "-m", "blogwright", *args, "--model", "fake", "--out", str(tmp_path), "-q"],
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          close_fds=True, preexec_fn=lambda: os.close(0)) as proc:
        out, err = proc.communicate(timeout=180)
    assert "Traceback" not in err, err
    if args[1] == "-":
        assert proc.returncode == 2 and "stdin is closed" in err
    else:
        assert proc.returncode in (0, 1) and list(tmp_path.glob("*.md")), err  # no answers: questions skipped


def test_interview_from_dev_zero_is_bounded(tmp_path):
    """`write --interview < /dev/zero` read 16 GB in 20 s."""
    t0 = time.monotonic()
    with open("/dev/zero", "rb") as zero:
        r = bw("write", "Composting at home", "--interview", "--model", "fake", "--out", str(tmp_path), "-q",
               stdin=zero, timeout=120)
    assert time.monotonic() - t0 < 100
    assert "binary" in one_line(r)


def test_random_bytes_on_stdin_are_one_line(tmp_path):
    data = tmp_path / "random.bin"
    data.write_bytes(bytes(range(256)) * 50)
    for args in (["write", "-"], ["write", "Composting at home", "--interview"]):
        with open(data, "rb") as fh:
            r = bw(*args, "--model", "fake", "--out", str(tmp_path), "-q", stdin=fh)
        one_line(r)


def test_a_full_disk_while_saving_leaves_no_truncated_post(tmp_path, monkeypatch):
    """Issue 27 #8: a truncated post under its final name, where `publish` would take it."""
    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(core_io.os, "fsync", full)
    r = CliRunner().invoke(app, ["write", "Composting at home", "--model", "fake", "--out", str(tmp_path / "posts")])
    assert "No space left on device" in one_line(r)
    posts = tmp_path / "posts"
    assert not list(posts.glob("*.md")) and not list(posts.glob(".*.tmp"))  # nothing under a final name


def test_show_out_through_a_symlink_is_refused(tmp_path):
    r = CliRunner().invoke(app, ["write", "Composting at home", "--model", "fake", "--out", str(tmp_path / "p"), "-q"])
    assert r.exit_code in (0, 1), r.output  # 1: a blocking gate failed (the fake model), the post is written
    with Store() as store:
        run_id = store.runs(1)[0]["id"]
    outside = tmp_path / "outside"
    outside.mkdir()
    link = tmp_path / "link"
    link.symlink_to(outside)
    out = one_line(CliRunner().invoke(app, ["show", run_id, "--out", str(link)]))
    assert "is a symlink" in out and not list(outside.iterdir())
    again = CliRunner().invoke(app, ["show", run_id, "--out", str(tmp_path / "p")])
    assert again.exit_code == 0 and len(list((tmp_path / "p").glob("*.md"))) == 2, again.output  # -2.md, never over the first


def test_notes_from_a_fifo_without_a_writer_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(core_io, "FIFO_WAIT", 0.5)
    fifo = tmp_path / "notes"
    os.mkfifo(fifo)
    t0 = time.monotonic()
    out = one_line(CliRunner().invoke(app, ["write", "Composting", "--model", "fake", "--notes", str(fifo)]))
    assert "named pipe that nothing wrote to" in out and time.monotonic() - t0 < 20


def test_config_show_hides_a_password_in_a_url(_isolated_home):
    """Issue 27 #9: `config show` printed the password in openai.base_url's user info."""
    config.set_value("openai.base_url", "http://admin:hunter22pw@10.0.0.5:8080/v1")
    for args in (["config", "show"], ["config", "show", "--json"]):
        r = CliRunner().invoke(app, args)
        assert r.exit_code == 0 and "hunter22pw" not in r.output and "10.0.0.5" in r.output, r.output


@pytest.mark.parametrize("value", ["1e309", "nan", "-5", "inf", "0"])
def test_config_set_refuses_a_timeout_that_is_not_a_number_of_seconds(_isolated_home, value):
    out = one_line(CliRunner().invoke(app, ["config", "set", "--", "openai.timeout", value]))
    assert "openai.timeout" in out
    assert config.get_value("openai.timeout") is None


def test_a_bad_timeout_already_in_the_config_file_is_one_line(_isolated_home):
    (_isolated_home / "config.yaml").write_text("openai:\n  base_url: http://127.0.0.1:9/v1\n  model: m\n  timeout: .nan\n")
    config._load.cache_clear()
    out = one_line(CliRunner().invoke(app, ["write", "Composting", "--model", "openai:m"]))
    assert "openai.timeout" in out


def test_batch_resume_never_sends_the_redacted_password(tmp_path):
    cal = tmp_path / "cal.csv"
    cal.write_text("topic,words\nHome composting,150\n")
    plan = CliRunner().invoke(app, ["batch", str(cal), "--model", "openai:m", "--base-url",
                                    "http://admin:hunter22pw@127.0.0.1:9/v1", "--out", str(tmp_path / "posts"),
                                    "--retries", "0"])
    assert "hunter22pw" not in plan.output
    with Store() as store:
        batch_id = store.db.execute("SELECT id FROM batches").fetchone()[0]
    out = one_line(CliRunner().invoke(app, ["batch", "--resume", batch_id]))
    assert "give --base-url again" in out and "***" not in out.split("error:")[-1].split("give")[0]


def test_a_missing_ollama_model_names_ollama(monkeypatch):
    from bench.hostile_model import HostileModel

    from blogwright.backends import get_backend
    from blogwright.backends.base import GenParams, Message
    from blogwright.core.errors import BackendError

    with HostileModel(("raw", 404, {}, b'{"error": {"message": "model \\"nope\\" not found"}}')) as srv:
        backend = get_backend("ollama:nope", base_url=srv.url[:-3])
        with pytest.raises(BackendError) as err:
            backend.complete([Message("user", "hi")], GenParams(max_tokens=5))
    assert "--model ollama:NAME" in str(err.value) and "openai:NAME" not in str(err.value)


def test_the_redactor_keeps_the_words_after_a_path():
    from blogwright.core.redact import redact

    assert redact("could not load /etc/passwd: failed to load model") == "could not load /etc/passwd: failed to load model"
    assert "hunter2" not in redact("password: hunter2")
