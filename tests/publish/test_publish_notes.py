"""`publish` checks a post against the notes it was written with: `--notes FILE`, else the brief of
the logged run whose output_path is the post (a new user's grounded post failed `terms` on
"PRAGMA", a word from their own notes)."""

from __future__ import annotations

import pytest
from tests.publish.conftest import make_post
from typer.testing import CliRunner

from blogwright import api
from blogwright.backends.fake import FakeBackend
from blogwright.cli.app import app
from blogwright.core.errors import BadInput
from blogwright.model.brief import make_brief
from blogwright.publish import failed_gates, load_post, logged_context, publish_post
from blogwright.render import to_markdown
from blogwright.store import Store, run_for_output

NOTE = "The ZORBQ setting is turned on with an XLEMP flag and persists in the config file."


def _grounded_file(tmp_path):
    """A post that passes every gate except `terms` on "ZORBQ"/"XLEMP" (words of the notes)."""
    post = make_post()
    post.intro += " " + NOTE
    path = tmp_path / "posts" / "2026-11-20-how-to-compost-at-home.md"
    path.parent.mkdir(parents=True)
    path.write_text(to_markdown(post), encoding="utf-8")
    return path


def _log_run(path, output_path, notes=(NOTE,), run_id="20261120-101010-abcdef"):
    with Store(path) as store:
        brief = make_brief(topic="how to compost at home", notes=list(notes)).model_dump(mode="json")
        store.start_run(run_id, "how to compost at home", brief, "fake", "fake")
        store.finish_run(run_id, "done", output_path=str(output_path))
    return run_id


def test_notes_make_the_users_own_words_known(tmp_path):
    post = load_post(_grounded_file(tmp_path))
    assert "terms" in failed_gates(post)
    assert failed_gates(post, notes=[NOTE]) == []


def test_publish_uses_the_logged_runs_notes(tmp_path, monkeypatch):
    db = tmp_path / "logs.db"
    monkeypatch.setenv("BLOGWRIGHT_DB", str(db))
    path = _grounded_file(tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    (site / "hugo.toml").write_text('title = "t"\n', encoding="utf-8")
    with pytest.raises(BadInput, match="terms"):
        publish_post(path, f"hugo:{site}", dry_run=True)  # no run in the log yet
    run_id = _log_run(db, path)
    result = publish_post(path, f"hugo:{site}", dry_run=True)
    assert result.action == "dry-run"
    assert f"checked against the notes of run {run_id}" in result.notes[0]


def test_a_relative_output_path_is_found_by_its_file_name(tmp_path, monkeypatch):
    db = tmp_path / "logs.db"
    path = _grounded_file(tmp_path)
    run_id = _log_run(db, "posts/" + path.name)  # `write --out posts` records the path as given
    monkeypatch.chdir(tmp_path)
    hit = run_for_output(path, db)
    assert hit is not None and hit["id"] == run_id and hit["brief"]["notes"] == [NOTE]
    assert run_for_output(tmp_path / "other.md", db) is None
    assert run_for_output(path, tmp_path / "missing.db") is None
    assert not (tmp_path / "missing.db").exists()  # looking never creates a log


def test_publish_notes_option(tmp_path):
    path = _grounded_file(tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    (site / "hugo.toml").write_text('title = "t"\n', encoding="utf-8")
    notes = tmp_path / "notes.txt"
    notes.write_text(NOTE + "\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["publish", str(path), "--to", f"hugo:{site}", "--dry-run"])
    assert r.exit_code != 0 and "terms" in r.output
    r = CliRunner().invoke(app, ["publish", str(path), "--to", f"hugo:{site}", "--dry-run", "--notes", str(notes)])
    assert r.exit_code == 0, r.output
    assert "checked against your notes (1)" in r.output


def test_check_without_notes_uses_the_logged_run(tmp_path, monkeypatch):
    db = tmp_path / "logs.db"
    monkeypatch.setenv("BLOGWRIGHT_DB", str(db))
    path = _grounded_file(tmp_path)
    assert not api.check_file(path, embeddings=False).gates["terms"].passed
    run_id = _log_run(db, path)
    report = api.check_file(path, embeddings=False)
    assert report.gates["terms"].passed
    assert any(f"checked against the notes of run {run_id}" in f.message for f in report.findings)
    explicit = api.check_file(path, embeddings=False, notes=["Something else entirely was noted here."])
    assert not explicit.gates["terms"].passed  # --notes wins over the log


def test_a_post_written_with_notes_on_the_fake_backend_finds_its_run(tmp_path, monkeypatch):
    monkeypatch.setattr(api.writing, "get_backend", lambda spec, **opts: FakeBackend())
    monkeypatch.setattr(api.writing, "preload_embeddings", lambda: None)
    brief = make_brief(topic="home composting", words=300, notes=[NOTE])
    result = api.write(brief, model="fake", out_dir=tmp_path / "out")
    logged = logged_context(result.path)
    assert logged is not None and logged.run_id == result.post.run_id and logged.notes == [NOTE]
    assert logged.topic == "home composting"
