"""Issue 27 #1, #3, #8, #14: one bounded stdin reader, FIFOs without a writer, one atomic no-clobber save."""

from __future__ import annotations

import errno
import io
import os
import threading
import time

import pytest

from blogwright.core import io as core_io
from blogwright.core.errors import BadInput
from blogwright.core.io import read_bytes, read_line, read_stdin, save_new


class Closed:
    closed = True


def test_stdin_is_bounded_like_a_file():
    with open("/dev/zero", "rb") as zero:
        t0 = time.monotonic()
        with pytest.raises(BadInput, match="over the 5 MB limit"):
            read_stdin(stream=zero)
    assert time.monotonic() - t0 < 10


@pytest.mark.parametrize("stream", [None, Closed()])
def test_closed_stdin_is_one_line(monkeypatch, stream):
    monkeypatch.setattr("sys.stdin", None)
    with pytest.raises(BadInput, match="stdin is closed"):
        read_stdin(stream=stream)
    assert read_line(stream=stream) == ""  # the interview: the end of input skips the questions


@pytest.mark.parametrize("data, why", [(bytes(range(256)) * 8, "binary"), (b"caf\xe9 au lait\n", "not UTF-8"),
                                       (b"\0" * 5000, "binary")])
def test_random_bytes_on_stdin_are_refused(data, why):
    with pytest.raises(BadInput, match=why):
        read_stdin(stream=io.BytesIO(data))
    with pytest.raises(BadInput):
        read_line(stream=io.BytesIO(data))


def test_an_answer_line_is_bounded():
    with open("/dev/zero", "rb") as zero:
        with pytest.raises(BadInput):
            read_line(stream=zero)
    with pytest.raises(BadInput, match="over 2,000 characters"):
        read_line(stream=io.BytesIO(b"a" * 10_000 + b"\n"))
    both = io.BytesIO("first answer\nsecond é\n".encode())
    assert [read_line(stream=both), read_line(stream=both), read_line(stream=both)] == ["first answer", "second é", ""]


def test_a_fifo_without_a_writer_is_one_line_not_a_hang(tmp_path, monkeypatch):
    monkeypatch.setattr(core_io, "FIFO_WAIT", 0.5)
    fifo = tmp_path / "notes.fifo"
    os.mkfifo(fifo)
    t0 = time.monotonic()
    with pytest.raises(BadInput, match="named pipe that nothing wrote to"):
        read_bytes(fifo, "notes file")
    assert time.monotonic() - t0 < 5


def test_a_fifo_with_a_writer_is_read(tmp_path):
    fifo = tmp_path / "notes.fifo"
    os.mkfifo(fifo)

    def writer():
        time.sleep(0.2)
        with open(fifo, "wb") as fh:
            fh.write(b"Fact one.\nFact two.\n")

    threading.Thread(target=writer, daemon=True).start()
    assert read_bytes(fifo, "notes file") == b"Fact one.\nFact two.\n"


def test_save_new_never_replaces_a_file_or_a_symlink(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.md").write_text("mine")
    (out / "a-2.md").symlink_to(victim)
    path = save_new(out, "a.md", "new post")
    assert path == out / "a-3.md" and path.read_text() == "new post"
    assert (out / "a.md").read_text() == "mine" and victim.read_text() == "precious"
    assert not list(out.glob(".*.tmp"))


def test_a_full_disk_leaves_no_truncated_file_under_the_final_name(tmp_path, monkeypatch):
    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(BadInput, match="No space left on device; nothing was saved under its name"):
        save_new(tmp_path, "post.md", "x" * 100_000)
    assert list(tmp_path.iterdir()) == []


def test_save_new_replaces_only_the_file_it_is_told_is_its_own(tmp_path):
    own = save_new(tmp_path, "b.md", "first")
    assert save_new(tmp_path, "b.md", "second", replace=own) == own and own.read_text() == "second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.md"]


def test_without_hard_links_the_name_is_reserved_then_renamed(tmp_path, monkeypatch):
    def no_links(*a, **kw):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    (tmp_path / "c.md").write_text("mine")
    path = save_new(tmp_path, "c.md", "post")
    assert path.name == "c-2.md" and path.read_text() == "post" and (tmp_path / "c.md").read_text() == "mine"
