"""`blogwright feedback`: diff a draft against the user's edit, update the learned voice, and
make the voice measurably closer to how the user writes."""

import json
import shutil
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from blogwright.cli.voice import feedback
from blogwright.store import Store
from blogwright.voices import load_voice
from blogwright.voices.feedback import body, diff_posts, find_avoided
from blogwright.voices.learn import builtin_profile, learn_voice, load_profile
from blogwright.voices.score import voice_distance

DATA = Path(__file__).parent / "data"
FB = DATA / "feedback"
app = typer.Typer()
app.command()(feedback)
runner = CliRunner()


def run(*args):
    r = runner.invoke(app, [str(a) for a in args])
    return r, " ".join(r.output.split())


def log_run(path: Path, draft: Path, run_id: str = "20260101-000000-abcdef") -> None:
    """A finished run in the log whose output is `path` and whose post is the draft's text."""
    sections: dict[str, list[str]] = {}
    for label, para in body(draft.read_text()):
        sections.setdefault(label, []).append(para)
    conclusion = sections.pop("Wrapping Up", [])
    post = {"title": "t", "topic": "t", "voice": "chatty", "intro": "\n\n".join(sections.pop("intro", [])),
            "sections": [{"heading": h, "text": "\n\n".join(ps)} for h, ps in sections.items()],
            "conclusion": "\n\n".join(conclusion)}
    store = Store()
    store.start_run(run_id, "t", {}, "fake", "fake")
    store.finish_run(run_id, "done", output_path=str(path), words=100, post=post)
    store.close()


def test_diff_finds_cuts_replacements_and_rewritten_sections():
    d = diff_posts((FB / "cold-brew.draft.md").read_text(), (FB / "cold-brew.md").read_text())
    assert "It is important to note that" in d.cut_phrases
    assert any(s.startswith("In today's fast-paced world") for s in d.cut_sentences)
    assert ("The process involves steeping", "You just dump") in d.replaced
    assert set(d.rewritten_sections) == {"intro", "Choosing the Beans", "Wrapping Up"} and d.kept_share == 0
    assert len(d.edited_passages) == 3 and "it is important to note that" in d.deleted
    assert "cold brew" not in d.deleted  # still in the edited post: a topic, not a habit


def test_feedback_loop_makes_the_voice_closer(tmp_path, _isolated_home):
    learn_voice([DATA / "chatty"], "chatty")
    original = load_profile("chatty")
    edited = tmp_path / "2026-01-01-cold-brew.md"
    shutil.copy(FB / "cold-brew.md", edited)
    log_run(edited, FB / "cold-brew.draft.md")

    r, out = run(edited, "--json")  # the draft comes from the log
    assert r.exit_code == 0, r.output
    res = json.loads(r.stdout)
    assert res["voice"] == "chatty" and res["draft"].startswith("run ") and res["avoid"] == []
    assert res["after"] < res["before"] and res["exemplars_added"] == 3
    updated = load_profile("chatty")
    assert updated.exemplars[0].source == "feedback:2026-01-01-cold-brew.md"
    assert updated.corpus_hash != original.corpus_hash

    r, out = run(FB / "watering.md", "--draft", FB / "watering.draft.md")
    assert r.exit_code == 0, r.output
    assert "avoid rules: it is important to note that; in today's fast paced world" in out
    folder = _isolated_home / "voices" / "chatty"
    assert len((folder / "feedback.jsonl").read_text().splitlines()) == 2
    voice = load_voice("chatty")
    assert {"it is important to note that", "in today's fast paced world"} <= set(voice.avoid)

    final = load_profile("chatty")
    for name in ("cold-brew.md", "watering.md"):
        text = "\n\n".join(p for _, p in body((FB / name).read_text()))
        assert voice_distance(text, final) < voice_distance(text, original) - 0.03, name
    next_draft = ("In today's fast-paced world, everyone wants a tidy desk. "
                  "It is important to note that clutter builds up slowly.")
    assert find_avoided(next_draft, voice.avoid) == ["it is important to note that", "in today's fast paced world"]

    again, _ = run(FB / "watering.md", "--draft", FB / "watering.draft.md")  # same post: replaces, not adds
    assert again.exit_code == 0 and len((folder / "feedback.jsonl").read_text().splitlines()) == 2


def test_builtin_voice_feedback_goes_to_a_mine_copy(tmp_path):
    draft = tmp_path / "d.md"
    post = tmp_path / "p.md"
    draft.write_text((FB / "cold-brew.draft.md").read_text().replace("voice: chatty", "voice: snarky-mentor"))
    post.write_text((FB / "cold-brew.md").read_text().replace("voice: chatty", "voice: snarky-mentor"))
    before = builtin_profile("snarky-mentor").model_dump_json()
    r, out = run(post, "--draft", draft)
    assert r.exit_code == 0, r.output
    assert "'snarky-mentor' is built in" in out and "--voice snarky-mentor-mine" in out
    mine = load_voice("snarky-mentor-mine")
    assert mine.persona == load_voice("snarky-mentor").persona and mine.openers  # keeps the hand-written persona
    assert load_profile("snarky-mentor-mine").based_on == "snarky-mentor"
    assert builtin_profile("snarky-mentor").model_dump_json() == before


@pytest.mark.parametrize("args, message", [
    (["cold-brew.md"], "cannot find the draft"),
    (["cold-brew.md", "--draft", "cold-brew.md"], "no edits found"),
    (["missing.md", "--draft", "cold-brew.draft.md"], "post not found"),
    (["cold-brew.md", "--draft", "cold-brew.draft.md", "--voice", "nobody"], "not a learned voice"),
])
def test_feedback_errors(monkeypatch, args, message):
    monkeypatch.chdir(FB)
    r, out = run(*args)
    assert r.exit_code == 2 and message in out and "Traceback" not in out, out
