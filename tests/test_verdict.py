"""Issue 25, item 2: one verdict per post. `write` runs the gates once with the settings in force
(the config's `gates:` included) and stores the result with the run; `check` and `publish` of the
unchanged post give that verdict back; a changed post is judged again."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from blogwright import api
from blogwright.core import config as core_config
from blogwright.model.brief import make_brief
from blogwright.publish import failed_gates, load_post
from blogwright.store import Store, run_for_output


@pytest.fixture
def written(monkeypatch, tmp_path):
    monkeypatch.setattr(api.writing, "preload_embeddings", lambda: None)
    result = api.write(make_brief(topic="Home composting in a small flat", words=600), model="fake", out_dir=tmp_path)
    return result


def test_write_stores_its_verdict_with_the_run(written):
    run = run_for_output(written.path)
    verdict = run["verdict"]
    checks = written.post.report.checks.to_dict()
    assert verdict["passed"] == checks["passed"]
    assert verdict["blocking_failed"] == [n for n, g in checks["gates"].items() if g["blocking"] and not g["passed"]]
    assert verdict["report"]["gates"].keys() == checks["gates"].keys()


def test_check_of_the_unchanged_post_gives_the_verdict_write_printed(written):
    checks = written.post.report.checks.to_dict()
    report = api.check_file(written.path, embeddings=False)
    assert report.passed == checks["passed"]
    assert {n: g.passed for n, g in report.gates.items()} == {n: g["passed"] for n, g in checks["gates"].items()}
    assert any("the verdict `write` gave" in f.message for f in report.findings)


def test_publish_of_the_unchanged_post_gives_the_same_verdict(written):
    want = [n for n, g in written.post.report.checks.to_dict()["gates"].items() if g["blocking"] and not g["passed"]]
    assert failed_gates(load_post(written.path)) == want


def test_a_changed_post_is_judged_again(written):
    path: Path = written.path
    path.write_text(path.read_text() + "\nOne more line the writer added by hand.\n")
    report = api.check_file(path, embeddings=False)
    assert not any("the verdict `write` gave" in f.message for f in report.findings)


def _config(data: dict) -> None:
    Path(os.environ["BLOGWRIGHT_CONFIG"]).write_text(yaml.safe_dump(data))
    core_config._load.cache_clear()


def test_a_changed_gate_setting_is_judged_again(written, monkeypatch):
    _config({"gates": {"min_length_score": 10}})
    report = api.check_file(written.path, embeddings=False)
    assert not any("the verdict `write` gave" in f.message for f in report.findings)


def test_a_voice_learned_since_the_write_gets_the_post_judged_again(written, tmp_path):
    # the voice verdict ranks the post's voice among all voices: a new one can change it
    posts = tmp_path / "mine"
    posts.mkdir()
    for i in range(3):
        body = " ".join(f"look, this is short. it works; trust me. i write like this, post {i} line {j}. (mostly.)"
                        for j in range(12))
        (posts / f"p{i}.md").write_text(f"# post {i}\n\n{body}\n\n— k.\n")
    api.voices.learn_voice([posts], "kk")
    report = api.check_file(written.path, embeddings=False)
    assert not any("the verdict `write` gave" in f.message for f in report.findings)


def test_write_uses_the_configs_gates(monkeypatch, tmp_path):
    _config({"gates": {"blocking": ["glued", "repetition", "leaks", "structure", "length", "on_topic", "seo"]}})
    monkeypatch.setattr(api.writing, "preload_embeddings", lambda: None)
    result = api.write(make_brief(topic="Home composting in a small flat", words=300), model="fake", out_dir=tmp_path)
    assert result.post.report.checks.to_dict()["gates"]["seo"]["blocking"] is True  # was advisory: write ignored `gates:`


def test_the_json_score_is_a_share_not_a_penalty(written):
    score = api.check_file(written.path, embeddings=False).to_dict()["score"]
    assert 0.0 <= score <= 1.0


def test_the_verdict_is_in_the_log_as_json(written):
    with Store() as store:
        raw = store.db.execute("SELECT verdict FROM runs WHERE id = ?", (written.post.run_id,)).fetchone()[0]
    assert json.loads(raw)["hash"]


def test_cli_check_says_on_stderr_and_in_json_that_it_gives_writes_verdict(written):
    # newcomer P2: the reused verdict (its 600-word length target included) was given without a word,
    # while `check --help` said --words defaults to 0, "skips the length gate"
    from typer.testing import CliRunner

    from blogwright.cli import app

    runner = CliRunner()
    r = runner.invoke(app, ["check", str(written.path), "--no-embeddings"])
    assert "the verdict `write` gave this unchanged post" in r.stderr
    r = runner.invoke(app, ["check", str(written.path), "--no-embeddings", "--json"])
    assert json.loads(r.stdout)["verdict_of_run"] == written.post.run_id
    r = runner.invoke(app, ["check", "--help"])
    assert "0 skips the length gate" not in r.stdout and "verdict" in r.stdout
