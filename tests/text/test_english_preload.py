"""Issue 28, fourth round: `english.preload` loads spaCy on a background thread while `write` loads the
model. One load whichever thread asks first; a parse asked meanwhile waits for it and gets the same
pipeline; a failure in the thread neither hangs nor is lost (the caller's own load raises it)."""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace

import pytest

from blogwright.text import english

spacy = pytest.importorskip("spacy")


@pytest.fixture
def fresh():
    english._load.cache_clear()
    yield
    english._load.cache_clear()  # the next test loads the real pipeline again


def test_a_parse_during_the_preload_waits_for_that_one_load(fresh, monkeypatch):
    loads: list[str] = []
    started = threading.Event()

    def slow_load(name, **kwargs):
        loads.append(threading.current_thread().name)
        started.set()
        time.sleep(0.3)
        return SimpleNamespace(tokenizer=SimpleNamespace(rules={"a": []}, prefix_search=str))

    monkeypatch.setattr(spacy, "load", slow_load)
    thread = english.preload()
    assert thread is not None and started.wait(5)
    assert english.preload() is None  # loading already: no second thread
    pipe = english.nlp()  # waits for the thread's load
    thread.join(5)
    assert loads == ["blogwright-spacy"]
    assert english.nlp() is pipe
    assert english.preload() is None  # loaded: nothing to start


def test_the_preloaded_pipeline_parses_as_one_loaded_in_the_caller(fresh):
    texts = ["What Paper Diary Is", "How DNS finds the address of a website", "Getting Three Habits That Make Code Review Less Painful Right",
             "What I Still Is", "The cache is invalidated when the list changes."]
    direct = [english.problem(t) for t in texts] + [english.finite_verb("How DNS finds the address of a website")]
    english._load.cache_clear()
    thread = english.preload()
    assert thread is not None
    thread.join(60)
    assert not thread.is_alive()
    preloaded = [english.problem(t) for t in texts] + [english.finite_verb("How DNS finds the address of a website")]
    assert preloaded == direct
    assert any(direct)  # the texts do have findings: the parse really ran


def test_a_failed_preload_does_not_hang_and_the_caller_gets_the_error(fresh, monkeypatch):
    def broken(name, **kwargs):
        raise RuntimeError("config.cfg is damaged")

    monkeypatch.setattr(spacy, "load", broken)
    thread = english.preload()
    thread.join(5)
    assert not thread.is_alive()
    with pytest.raises(RuntimeError, match="config.cfg is damaged"):  # raised where it is asked, once per ask
        english.nlp()


def test_a_missing_model_is_no_pipeline_after_a_preload_too(fresh, monkeypatch):
    def missing(name, **kwargs):
        raise OSError(f"[E050] Can't find model '{name}'")

    monkeypatch.setattr(spacy, "load", missing)
    english.preload().join(5)
    assert english.nlp() is None
    assert english.problem("What I Still Is") == ""  # the check is skipped, not failed


def test_the_bare_tokenizer_load_tokenizes_tags_and_parses_as_the_standard_one():
    from pathlib import Path

    standard = spacy.load(english.MODEL, exclude=list(english.UNUSED_PIPES))
    ours = english.nlp()
    assert ours.pipe_names == standard.pipe_names
    for part in ("rules", "prefix_search", "suffix_search", "infix_finditer", "token_match", "url_match"):
        assert getattr(ours.tokenizer, part) == getattr(standard.tokenizer, part), part
    readme = Path(__file__).resolve().parents[2] / "README.md"
    lines = [line for line in readme.read_text(encoding="utf-8").splitlines() if line.strip()][:250]
    lines += ["Don't you think it's the U.S.A.'s call? e.g. 3.5kg at 10:30am, https://example.com/x?y=1 :)"]
    for line in lines:
        a, b = standard(line), ours(line)
        assert [(t.text, t.tag_, t.pos_, t.dep_, t.head.i, t.is_punct, t.whitespace_) for t in a] == \
               [(t.text, t.tag_, t.pos_, t.dep_, t.head.i, t.is_punct, t.whitespace_) for t in b], line
