"""Issue 28, fourth round: a built-in voice's profile is built once and kept in the data dir, named by
its corpus, PROFILE_VERSION and the code that computes it; another of any of them is built again."""

from __future__ import annotations

import pytest

from blogwright.voices import learn


@pytest.fixture
def counted(monkeypatch):
    """A list that grows by one each time a profile is built (not read from the cache)."""
    built: list[str] = []
    real = learn.build_profile

    def build(docs, name, **kwargs):
        built.append(name)
        return real(docs, name, **kwargs)

    monkeypatch.setattr(learn, "build_profile", build)
    learn._builtin_profile.cache_clear()
    yield built
    learn._builtin_profile.cache_clear()


def _new_process() -> None:
    learn._builtin_profile.cache_clear()


def test_a_profile_is_built_once_and_read_back_equal(counted):
    first = learn.builtin_profile("snarky-mentor")
    assert counted == ["snarky-mentor"]
    files = list((learn.data_dir() / "cache" / "voices").glob("snarky-mentor-*.json"))
    assert len(files) == 1
    _new_process()
    again = learn.builtin_profile("snarky-mentor")
    assert counted == ["snarky-mentor"]  # read from the file, not built
    assert again == first


def test_another_corpus_version_or_code_is_built_again(counted, monkeypatch):
    first = learn.builtin_profile("plain-expert")
    corpus = learn._corpus_files("plain-expert")
    longer = [*corpus[:-1], (corpus[-1][0], corpus[-1][1] + "\n\nOne more line of prose, written here for the test.\n")]
    monkeypatch.setattr(learn, "_corpus_files", lambda name: longer)
    _new_process()
    changed = learn.builtin_profile("plain-expert")
    assert counted == ["plain-expert", "plain-expert"]
    assert changed.corpus_hash != first.corpus_hash
    assert len(list((learn.data_dir() / "cache" / "voices").glob("plain-expert-*.json"))) == 1  # the old one is gone

    key = learn.profile_cache("plain-expert", changed.corpus_hash)
    monkeypatch.setattr(learn, "PROFILE_VERSION", learn.PROFILE_VERSION + 1)
    assert learn.profile_cache("plain-expert", changed.corpus_hash) != key
    monkeypatch.setattr(learn, "PROFILE_VERSION", learn.PROFILE_VERSION - 1)
    monkeypatch.setattr(learn, "code_stamp", lambda: "an edited module")
    assert learn.profile_cache("plain-expert", changed.corpus_hash) != key


def test_a_damaged_cache_file_is_built_again(counted):
    learn.builtin_profile("friendly-teacher")
    (path,) = (learn.data_dir() / "cache" / "voices").glob("friendly-teacher-*.json")
    path.write_text('{"version": 4, "name": "friendly-', encoding="utf-8")
    _new_process()
    learn.builtin_profile("friendly-teacher")
    assert counted == ["friendly-teacher", "friendly-teacher"]
    _new_process()
    learn.builtin_profile("friendly-teacher")
    assert counted == ["friendly-teacher", "friendly-teacher"]  # the rewritten file is read
