"""Issue 18 #3 and #12: the log never loses a finished post, and runs whose process died are marked
`crashed` with their drafts kept; `blogwright show RUN --out DIR` writes a run's post again."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from blogwright import api
from blogwright.backends.fake import FakeBackend
from blogwright.cli.app import app
from blogwright.core.errors import BadInput
from blogwright.model.brief import make_brief
from blogwright.model.events import StageStarted
from blogwright.pipeline.run import Interrupted
from blogwright.store import Store, process_owner


@pytest.fixture(autouse=True)
def _no_preload(monkeypatch):
    monkeypatch.setattr(api.writing, "preload_embeddings", lambda: None)


def _brief():
    return make_brief(topic="home composting", words=300)


def test_a_finished_post_survives_its_folder_vanishing(tmp_path):
    out = tmp_path / "posts"

    def sabotage(event):  # while the post is checked, the output folder becomes a file
        if isinstance(event, StageStarted) and event.stage == "check":
            shutil.rmtree(out, ignore_errors=True)
            out.write_text("a file took the folder's name")

    with pytest.raises(BadInput) as info:
        api.write(_brief(), backend=FakeBackend(), out_dir=out, on_event=sabotage)
    message = str(info.value)
    run_id = message.split("safe in the log as run ")[1].split(":")[0]
    assert f"`blogwright show {run_id} --out DIR` writes it again" in message
    with Store() as store:
        run = store.run(run_id)
        post = store.logged_post(run_id)
    assert run["status"] == "done" and run["output_path"] is None
    assert post.complete and post.title and post.summary and post.tags and len(post.sections) >= 2
    r = CliRunner().invoke(app, ["show", run_id, "--out", str(tmp_path / "again")])
    assert r.exit_code == 0, r.output
    written = Path(r.stdout.strip().splitlines()[-1])
    text = written.read_text()
    assert written.parent == tmp_path / "again" and post.title in text and "**TL;DR:**" in text and "draft: true" not in text
    with Store() as store:
        assert store.run(run_id)["output_path"] == str(written)


def test_with_the_log_off_an_unwritable_post_is_rescued_in_the_data_dir(tmp_path, _isolated_home):
    out = tmp_path / "posts"

    def sabotage(event):
        if isinstance(event, StageStarted) and event.stage == "check":
            out.write_text("not a folder")

    with pytest.raises(BadInput, match="was saved in .*rescued"):
        api.write(_brief(), backend=FakeBackend(), out_dir=out, on_event=sabotage, no_log=True)
    assert len(list((_isolated_home / "rescued").glob("*.md"))) == 1


def test_an_interrupted_runs_draft_path_is_recorded(tmp_path):
    calls = []

    def interrupting(messages, params):
        calls.append(1)
        if len(calls) == 9:  # after some prose (a Ctrl-C before any saves no draft)
            raise KeyboardInterrupt
        return "Composting turns scraps into soil. It takes weeks. Worms help a lot."

    with pytest.raises(Interrupted) as info:
        api.write(_brief(), backend=FakeBackend(function=interrupting), out_dir=tmp_path)
    with Store() as store:
        run = store.run(info.value.post.run_id)
    assert run["status"] == "interrupted" and run["output_path"] == str(info.value.path)  # type: ignore[attr-defined]


def test_a_sigkilled_run_is_marked_crashed_and_its_drafts_can_be_written(tmp_path, _isolated_home):
    env = {**os.environ, "BLOGWRIGHT_HOME": str(_isolated_home), "BLOGWRIGHT_FAKE_DELAY": "0.02"}
    proc = subprocess.Popen([sys.executable, "-m", "blogwright", "write", "home composting", "--model", "fake",
                             "--words", "600", "--out", str(tmp_path / "posts"), "-q", "--stream"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    run_id = None
    while time.time() < deadline and run_id is None:
        time.sleep(0.2)
        try:
            with Store() as store:
                rows = store.db.execute("SELECT run_id FROM drafts").fetchall() if store.db else []
        except BadInput:
            rows = []
        run_id = rows[0][0] if rows else None
    assert run_id, "the run never saved a draft"
    with Store() as store:
        assert store.run(run_id)["status"] == "running"  # its process is alive: left alone
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with Store() as store:  # the next start-up
        assert store.run(run_id)["status"] == "crashed"
        assert store.logged_post(run_id).intro
    r = CliRunner().invoke(app, ["show", run_id, "--out", str(tmp_path / "rescued")])
    assert r.exit_code == 0, r.output
    draft = Path(r.stdout.strip().splitlines()[-1])
    assert draft.name.endswith(".draft.md") and "draft: true" in draft.read_text()


def test_a_live_or_foreign_owner_is_never_marked_crashed():
    with Store() as store:
        store.start_run("r-live", "t", {}, "fake", "m")
        store.db.execute("INSERT INTO runs (id, created, topic, brief, status, owner) VALUES "
                         "('r-other-host', 0, 't', '{}', 'running', 'elsewhere:1:1'), "
                         "('r-old', 0, 't', '{}', 'running', NULL)")
        store.db.commit()
        assert store.mark_crashed() == []
        assert process_owner().endswith(process_owner().rsplit(":", 1)[1])


def test_show_matches_literally_and_recovering_nothing_is_one_line(tmp_path):
    with Store() as store:
        store.start_run("20261130-010101-abc123", "t", {}, "fake", "m")
        assert store.run("%") is None and store.run("_") is None and store.run("abc123")["id"].endswith("abc123")
    r = CliRunner().invoke(app, ["show", "%"])
    assert r.exit_code == 2 and "no run" in r.output
    r = CliRunner().invoke(app, ["show", "abc123", "--out", str(tmp_path)])
    assert r.exit_code == 2 and "has no post and no drafts" in r.output
