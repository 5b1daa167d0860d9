"""Issue 28, fixed35: symspellpy's frequency dictionary is parsed once and then read from a JSON cache in
the data dir, named by the file's bytes: the cached dict is the parsed one (same words, counts and order),
another dictionary is another file, and a damaged cache is rebuilt."""

from __future__ import annotations

import pytest

from blogwright.text import lexicon

pytest.importorskip("symspellpy")


@pytest.fixture
def fresh(monkeypatch):
    """As a new process: nothing in memory; returns a list that grows each time the file is parsed."""
    monkeypatch.setattr(lexicon, "_COUNTS", None)
    parsed: list[int] = []
    real = lexicon._read_frequencies

    def counted(raw):
        parsed.append(1)
        return real(raw)

    monkeypatch.setattr(lexicon, "_read_frequencies", counted)
    yield parsed
    monkeypatch.setattr(lexicon, "_COUNTS", None)


def test_the_second_process_reads_the_cache_and_gets_the_same_dict(fresh, monkeypatch):
    first = lexicon.frequencies()
    assert fresh == [1] and len(first) > 80_000 and first["the"] > 0
    cache = lexicon.frequencies_cache(lexicon._dictionary_bytes())
    assert cache.is_file()
    monkeypatch.setattr(lexicon, "_COUNTS", None)
    second = lexicon.frequencies()
    assert fresh == [1]  # not parsed again
    assert second == first and list(second) == list(first)  # the same words, counts and order


def test_a_damaged_cache_is_rebuilt(fresh, monkeypatch):
    cache = lexicon.frequencies_cache(lexicon._dictionary_bytes())
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text('{"the": 1', encoding="utf-8")  # cut short
    counts = lexicon.frequencies()
    assert fresh == [1] and counts["the"] > 1
    assert cache.read_bytes().startswith(b"{") and len(cache.read_bytes()) > 1_000_000


def test_another_dictionary_is_another_file_and_the_old_one_goes(fresh, monkeypatch):
    lexicon.frequencies()
    old = lexicon.frequencies_cache(lexicon._dictionary_bytes())
    raw = lexicon._dictionary_bytes() + b"zzyzxq 5\n"
    monkeypatch.setattr(lexicon, "_dictionary_bytes", lambda: raw)
    monkeypatch.setattr(lexicon, "_COUNTS", None)
    lexicon.frequencies()
    new = lexicon.frequencies_cache(raw)
    assert new != old and new.is_file() and not old.exists() and fresh == [1, 1]


def test_without_the_dictionary_there_is_no_dict_and_no_cache(fresh, monkeypatch):
    monkeypatch.setattr(lexicon, "_dictionary_bytes", lambda: None)
    assert lexicon.frequencies() == {}
    assert fresh == []


def test_the_dictionary_file_is_read_once_when_the_cache_is_built(fresh, monkeypatch):
    """Its bytes name the cache and are the text parsed: no second read of the 1.3 MB file."""
    reads: list[int] = []
    monkeypatch.setattr(lexicon.importlib.resources, "files", None)  # any other read of the package's file fails
    monkeypatch.setattr(lexicon, "_dictionary_bytes", lambda: (reads.append(1), real_bytes)[1])
    assert len(lexicon.frequencies()) > 80_000 and reads == [1] and fresh == [1]


real_bytes = lexicon._dictionary_bytes() or b""
