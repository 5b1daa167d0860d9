"""Issue 28, fourth round: the technical word list and codespell's misspellings are built once from
their files and then read from a cache file named by the files' contents: another list is another
file, a damaged cache is rebuilt, and the cached lists answer exactly as the built ones."""

from __future__ import annotations

import gzip
import subprocess
import sys

import pytest

from blogwright.text import lexicon

msgpack = pytest.importorskip("msgpack")


@pytest.fixture
def lists(tmp_path, monkeypatch):
    """Small stand-ins for wordfreq's cBpack file and codespell's dictionary."""
    folder = tmp_path / "data"
    folder.mkdir()

    def write(words: list[str], wrong: list[str]) -> None:
        header = {"format": "cB", "version": 1}
        with gzip.open(folder / "large_en.msgpack.gz", "wb") as fh:
            fh.write(msgpack.packb([header, words[:2], words[2:]]))
        (folder / "dictionary.txt").write_text("".join(f"{w}->right\n" for w in wrong), encoding="utf-8")

    monkeypatch.setattr(lexicon, "_data_file", lambda package, name: folder / name)
    monkeypatch.setattr(lexicon, "_TECHNICAL", None)
    lexicon.technical.cache_clear()
    yield write
    monkeypatch.setattr(lexicon, "_TECHNICAL", None)
    lexicon.technical.cache_clear()


def _fresh(monkeypatch) -> list[int]:
    """As a new process: nothing in memory. Returns a list that grows by one each time the lists are
    built from their files."""
    monkeypatch.setattr(lexicon, "_TECHNICAL", None)
    lexicon.technical.cache_clear()
    built: list[int] = []
    real = lexicon._read_technical

    def counted(miss):
        built.append(1)
        return real(miss)

    monkeypatch.setattr(lexicon, "_read_technical", counted)
    return built


def test_lists_are_cached_by_content_and_rebuilt_when_a_file_changes(lists, monkeypatch):
    lists(["symlinks", "dotfiles", "localhost", "recieve"], ["recieve"])
    assert lexicon.technical("symlinks") and lexicon.technical("localhost")
    assert not lexicon.technical("recieve") and not lexicon.technical("frobnicate")
    cache = lexicon.lists_cache()
    assert cache is not None and cache.is_file()

    built = _fresh(monkeypatch)  # a new process reads the cache, not the files
    assert lexicon.technical("dotfiles") and not lexicon.technical("recieve")
    assert built == []

    lists(["symlinks", "frobnicate", "localhost"], ["symlinks"])  # another list: another cache file
    built = _fresh(monkeypatch)
    assert lexicon.lists_cache() != cache
    assert lexicon.technical("frobnicate") and not lexicon.technical("dotfiles")
    assert not lexicon.technical("symlinks")  # now a listed misspelling
    assert not cache.exists()  # the old list's file is removed
    assert built == [1]
    assert [p.name for p in lexicon.lists_cache().parent.iterdir()] == [lexicon.lists_cache().name]


def test_a_damaged_cache_is_rebuilt(lists, monkeypatch):
    lists(["symlinks", "dotfiles", "localhost"], [])
    cache = lexicon.lists_cache()
    cache.parent.mkdir(parents=True)
    cache.write_bytes(b"not a numpy file")
    assert lexicon.technical("symlinks")
    built = _fresh(monkeypatch)
    assert lexicon.technical("localhost")
    assert built == []  # the rewritten cache is read


def test_keys_are_the_same_in_every_process():
    code = "from blogwright.text.lexicon import word_key; print(word_key('symlinks'), word_key('dotfiles'))"
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60).stdout for _ in range(2)}
    assert runs == {f"{lexicon.word_key('symlinks')} {lexicon.word_key('dotfiles')}\n"}
