"""Issue 18 #5: one bounded reader for every user file, limits with defaults and overrides."""

from __future__ import annotations

import os
import time

import pytest

from blogwright.core import limits
from blogwright.core.errors import BadInput
from blogwright.core.io import decode_text, read_bytes, read_text, resolve_inside, safe_file_name, write_inside


@pytest.fixture(autouse=True)
def _no_overrides():
    limits.clear_overrides()
    yield
    limits.clear_overrides()


def test_dev_zero_stops_at_the_limit_with_one_line():
    t0 = time.perf_counter()
    with pytest.raises(BadInput, match=r"notes file /dev/zero is over the 5 MB limit \(BLOGWRIGHT_MAX_FILE_BYTES"):
        read_bytes("/dev/zero", "notes file")
    assert time.perf_counter() - t0 < 5


def test_a_big_regular_file_is_refused_without_reading_it(tmp_path, monkeypatch):
    big = tmp_path / "big.md"
    with open(big, "wb") as fh:
        fh.truncate(50_000_000)  # sparse
    monkeypatch.setattr("builtins.open", lambda *a, **k: pytest.fail("opened it"))
    with pytest.raises(BadInput, match="over the 5 MB limit"):
        read_bytes(big, "post")


def test_limits_come_from_the_flag_then_the_environment_then_the_default(tmp_path, monkeypatch):
    f = tmp_path / "a.txt"
    f.write_text("x" * 2000)
    assert limits.limit("file") == 5_000_000
    monkeypatch.setenv("BLOGWRIGHT_MAX_FILE_BYTES", "1k")
    with pytest.raises(BadInput, match="over the 1 kB limit"):
        read_text(f, "post")
    limits.set_override("file=3k")
    assert read_text(f, "post") == "x" * 2000
    monkeypatch.setenv("BLOGWRIGHT_MAX_FILE_BYTES", "lots")
    limits.clear_overrides()
    with pytest.raises(BadInput, match="BLOGWRIGHT_MAX_FILE_BYTES: 'lots' is not a number"):
        limits.limit("file")
    for bad in ("nope=1", "file", "file=0", "file=-3"):
        with pytest.raises(BadInput):
            limits.set_override(bad)
    assert limits.parse_size("1.5M") == 1_500_000 and limits.parse_size("200") == 200


def test_folders_missing_binary_and_non_utf8_files_are_one_line_errors(tmp_path):
    with pytest.raises(BadInput, match="is a folder, not a file"):
        read_text(tmp_path, "voice file")
    with pytest.raises(BadInput, match="no such post"):
        read_text(tmp_path / "nope.md", "post")
    (tmp_path / "pic.md").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    with pytest.raises(BadInput, match="looks like a PNG image, not text"):
        read_text(tmp_path / "pic.md", "post")
    (tmp_path / "latin.md").write_bytes("café".encode("latin-1"))
    with pytest.raises(BadInput, match="not UTF-8 text"):
        read_text(tmp_path / "latin.md", "post")
    assert decode_text("café".encode("latin-1"), "x", fallback="cp1252") == "café"
    with pytest.raises(BadInput, match="binary data"):
        decode_text(bytes(range(1, 32)) * 100, "x")


def test_a_fifo_is_read_like_a_file(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    pid = os.fork()
    if pid == 0:  # the writer
        with open(fifo, "wb") as fh:
            fh.write(b"one fact\n")
        os._exit(0)
    assert read_text(fifo, "notes file") == "one fact\n"
    os.waitpid(pid, 0)


@pytest.mark.parametrize("rel", ["../x.md", "/tmp/x.md", "a/../../x.md", "/etc/passwd"])
def test_paths_outside_the_root_are_refused(tmp_path, rel):
    with pytest.raises(BadInput, match="absolute path|climbs out"):
        resolve_inside(tmp_path, rel)


def test_a_symlinked_folder_that_leads_outside_is_refused(tmp_path):
    site, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    (site / "content").mkdir(parents=True)
    elsewhere.mkdir()
    (site / "content" / "posts").symlink_to(elsewhere)
    with pytest.raises(BadInput, match="leads outside"):
        resolve_inside(site, "content/posts/x.md")
    (site / "content" / "inside").symlink_to(site / "content")  # a link within the site is fine
    assert resolve_inside(site, "content/inside/x.md") == site / "content" / "inside" / "x.md"


def test_write_inside_never_follows_a_symlink_at_the_end(tmp_path):
    site, victim = tmp_path / "site", tmp_path / "victim.txt"
    site.mkdir()
    victim.write_text("keep me")
    (site / "post.md").symlink_to(victim)
    with pytest.raises(BadInput):
        write_inside(site, "post.md", "overwritten", overwrite=True)
    assert victim.read_text() == "keep me"
    assert write_inside(site, "a/b/new.md", "hello").read_text() == "hello"
    with pytest.raises(BadInput, match="already exists"):
        write_inside(site, "a/b/new.md", "again")


def test_safe_file_names():
    assert safe_file_name("2026-11-20-post.md") == "2026-11-20-post.md"
    for bad in ("../x", "a/b", ".hidden", "", "a\x00b", "..", "x" * 300):
        with pytest.raises(BadInput):
            safe_file_name(bad)
