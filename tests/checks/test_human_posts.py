"""Issue 25, item 3: a post blogwright did not write is judged as a post. A good hand-written
560-word post with two sections, no TL;DR and no "Wrapping Up" passes `check` and `publish` unless the
template is asked for (`--strict`, `gates.template`); technical words ("symlinks", "dotfiles") are no
spelling findings; a glued "everymachine" is; a colon before a code block is no unfinished sentence;
the JSON score is a share between 0 and 1."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from blogwright import api
from blogwright.checks import CheckContext, GateConfig, check_markdown
from blogwright.cli import app
from blogwright.publish import failed_gates, load_post

POST = Path(__file__).parents[1] / "data" / "handwritten_git_post.md"


def _copy(tmp_path: Path, text: str | None = None) -> Path:
    p = tmp_path / "post.md"
    p.write_text(text if text is not None else POST.read_text())
    return p


def test_a_good_hand_written_post_passes_check(tmp_path):
    report = api.check_file(_copy(tmp_path), embeddings=False)
    assert report.passed, [(f.gate, f.message) for f in report.findings if f.severity == "error"]
    assert 500 <= len(POST.read_text().split()) <= 640


def test_and_publish_does_not_refuse_it(tmp_path):
    assert failed_gates(load_post(_copy(tmp_path))) == []


def test_strict_asks_for_the_template(tmp_path):
    report = api.check_file(_copy(tmp_path), embeddings=False, strict=True)
    errors = [f.message for f in report.gates["structure"].findings if f.severity == "error"]
    assert not report.gates["structure"].passed
    assert any("no conclusion" in m for m in errors) and any("sections" in m for m in errors)


def test_strict_on_the_command_line(tmp_path):
    runner = CliRunner()
    p = _copy(tmp_path)
    assert runner.invoke(app, ["check", str(p), "--no-embeddings"]).exit_code == 0
    assert runner.invoke(app, ["check", str(p), "--no-embeddings", "--strict"]).exit_code == 1


def test_technical_words_are_not_spelling_findings(tmp_path):
    report = api.check_file(_copy(tmp_path), embeddings=False)
    unknown = [f.message for f in report.gates["spelling"].findings]
    assert not any("symlink" in m or "dotfiles" in m for m in unknown), unknown


def test_a_misspelling_is_still_a_finding():
    report = check_markdown("# T\n\nI recieve the files every morning and copy them.\n", CheckContext(), GateConfig())
    assert any("recieve" in f.message for f in report.gates["spelling"].findings)


def test_glued_words_in_the_users_text_are_findings(tmp_path):
    text = POST.read_text().replace("the same alias over", "the same alias over to everymachine")
    report = api.check_file(_copy(tmp_path, text), embeddings=False)
    glued = report.gates["glued"]
    assert not glued.passed
    assert any(f.severity == "error" and "everymachine" in f.message for f in glued.findings)


def test_a_colon_before_a_code_block_is_not_an_unfinished_sentence(tmp_path):
    report = api.check_file(_copy(tmp_path), embeddings=False)
    assert not any("unfinished" in f.message for f in report.gates["leaks"].findings)


def test_an_unfinished_sentence_is_still_found():
    md = "# T\n\nIntro here.\n\n## A\n\nThis sentence stops and then\n"
    report = check_markdown(md, CheckContext(), GateConfig())
    assert any("unfinished" in f.message for f in report.gates["leaks"].findings)


def test_the_json_score_is_sensible(tmp_path):
    r = CliRunner().invoke(app, ["check", str(_copy(tmp_path)), "--no-embeddings", "--json"])
    score = json.loads(r.output)["score"]
    assert 0.5 <= score <= 1.0
