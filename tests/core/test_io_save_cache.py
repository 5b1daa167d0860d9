"""core.io.save_cache: the one atomic writer of our cache files (word lists, voice profiles, passage indexes)."""

from __future__ import annotations

from pathlib import Path

from blogwright.core.io import save_cache


def test_save_cache_replaces_the_file_and_removes_stale_ones(tmp_path: Path):
    old = tmp_path / "cache" / "lexicon-old.npz"
    old.parent.mkdir()
    old.write_text("old")
    keep = tmp_path / "cache" / "other.json"
    keep.write_text("x")
    path = tmp_path / "cache" / "lexicon-new.npz"
    assert save_cache(path, lambda tmp: tmp.write_text("new"), stale="lexicon-*.npz")
    assert path.read_text() == "new" and not old.exists() and keep.exists()
    assert sorted(p.name for p in path.parent.iterdir()) == ["lexicon-new.npz", "other.json"]  # no temporary left


def test_save_cache_that_cannot_write_returns_false_and_leaves_nothing(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert not save_cache(blocker / "c.json", lambda tmp: tmp.write_text("x"))

    def fails(tmp: Path) -> None:
        tmp.write_text("half")
        raise OSError("disk full")

    path = tmp_path / "d" / "c.json"
    assert not save_cache(path, fails)
    assert list(path.parent.iterdir()) == []  # the half-written temporary is removed
