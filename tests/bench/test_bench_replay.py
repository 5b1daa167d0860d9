"""bench.replay (issue 28): a write's answers recorded, then replayed, give the same post without a model."""

import sys

import pytest

from bench import replay
from blogwright import api
from blogwright.backends.fake import FakeBackend
from blogwright.model.brief import make_brief


def _write(backend, out):
    brief = make_brief(topic="LLM Ops vs ML Ops", voice="snarky-mentor", audience="newbie", words=150)
    return api.write(brief, backend=backend, out_dir=out, no_log=True, seed=1)


def test_a_recorded_write_replays_to_the_same_post(tmp_path):
    recording = replay.Recording(FakeBackend(weak=True))
    first = _write(recording, tmp_path / "a")
    assert recording.calls and all(c["pieces"] for c in recording.calls)
    again = replay.Replay(recording.calls, "fake")
    second = _write(again, tmp_path / "b")
    assert again.used == len(recording.calls)
    assert second.post.prose() == first.post.prose() and second.post.title == first.post.title
    assert again.first_cpu is not None and again.last_cpu >= again.first_cpu


def test_a_replay_past_its_answers_gives_empty_ones():
    rep = replay.Replay([{"pieces": ["Hello", " world."]}], "fake")
    assert rep.complete([], None).text == "Hello world."
    assert rep.complete([], None).text == ""


def test_a_replayed_write_ends_as_the_trees_cli_does(monkeypatch, ended_by):
    """fixed35: `run` ends with the tree's `core.process.quick_exit` (what `blogwright` does), and a tree
    without one ends as before."""
    from blogwright.core import process

    monkeypatch.setattr(process, "quick_exit", ended_by)
    with pytest.raises(ended_by.Ended):
        replay.end_as_cli(1)
    assert ended_by.codes == [1]
    monkeypatch.setitem(sys.modules, "blogwright.core.process", None)  # an older tree: no such module
    assert replay.end_as_cli(0) is None
