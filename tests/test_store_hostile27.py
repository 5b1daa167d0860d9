"""Issue 27 #4, #7, #14: the log opened through one function: a damaged, truncated, read-only, full or
locked database, or /dev/null, is one line with the path and what to do; a lock held for a while is
waited out; `runs -q` is bounded."""

from __future__ import annotations

import os
import sqlite3
import threading
import time

import pytest
from typer.testing import CliRunner

from blogwright import store as store_mod
from blogwright.cli.app import app
from blogwright.core.errors import BadInput
from blogwright.store import Store, log_error


def filled(path):
    with Store(path) as s:
        for i in range(30):
            s.start_run(f"2026-run-{i}", f"topic {i} " + "x" * 2000, {"topic": "t"}, "fake", "fake")
            s.save_draft(f"2026-run-{i}", "intro", None, "y" * 3000)
    return path


def damage(path, how):
    data = bytearray(path.read_bytes())
    if how == "garbage page":
        data[4096 * 2: 4096 * 4] = os.urandom(8192)
    elif how == "truncated":
        data = data[: len(data) // 3]
    elif how == "not a database":
        data = bytearray(b"hello, this is not SQLite at all\n" * 200)
    path.write_bytes(bytes(data))
    for extra in ("-wal", "-shm"):
        (path.parent / (path.name + extra)).unlink(missing_ok=True)


def one_line(r):
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output and r.output.strip().splitlines()[-1].startswith("error: "), r.output
    return r.output


@pytest.mark.parametrize("how", ["garbage page", "truncated", "not a database"])
@pytest.mark.parametrize("command", [["runs"], ["show", "run-3"], ["write", "Composting at home", "--model", "fake"]])
def test_a_damaged_log_is_one_line_with_what_to_do(tmp_path, monkeypatch, how, command):
    db = filled(tmp_path / "log.db")
    damage(db, how)
    monkeypatch.setenv("BLOGWRIGHT_DB", str(db))
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(app, [*command, *(["--out", str(tmp_path / "posts")] if command[0] == "write" else [])])
    if how == "garbage page" and r.exit_code == 0:  # the damage missed every page this command reads
        return
    out = one_line(r)
    assert str(db) in out and ("damaged" in out or "mv " in out), out


def test_dev_null_as_the_log_is_one_line(monkeypatch):
    monkeypatch.setenv("BLOGWRIGHT_DB", "/dev/null")
    out = one_line(CliRunner().invoke(app, ["runs"]))
    assert "/dev/null is not a regular file" in out and "--no-log" in out


def test_a_folder_as_the_log_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("BLOGWRIGHT_DB", str(tmp_path))
    assert "not a regular file" in one_line(CliRunner().invoke(app, ["runs"]))


def test_a_full_disk_while_logging_is_one_line(tmp_path):
    with Store(tmp_path / "log.db") as s:
        pages = s.db.execute("PRAGMA page_count").fetchone()[0]
        s.db.execute(f"PRAGMA max_page_count = {pages + 1}")  # what a full disk looks like to SQLite
        with pytest.raises(BadInput, match="the disk is full"):
            s.start_run("r1", "t", {"x": "y" * 200_000}, "fake", "fake")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files")
def test_a_read_only_log_is_one_line(tmp_path):
    db = filled(tmp_path / "log.db")
    db.chmod(0o444)
    with pytest.raises(BadInput, match="cannot be written"):
        with Store(db) as s:
            s.start_run("r9", "t", {}, "fake", "fake")


@pytest.mark.parametrize("message, needle", [
    ("attempt to write a readonly database", "cannot be written"),
    ("database or disk is full", "disk is full"),
    ("file is not a database", "damaged"),
    ("database disk image is malformed", "damaged"),
    ("database is locked", "locked by another process"),
    ("unable to open database file", "cannot be opened"),
])
def test_every_sqlite_failure_names_the_path_and_what_to_do(message, needle):
    err = log_error(sqlite3.OperationalError(message), "/x/log.db")
    assert needle in str(err) and "/x/log.db" in str(err) and "\n" not in str(err)


def hold_lock(path, seconds, ready):
    db = sqlite3.connect(path, timeout=1)
    db.execute("BEGIN IMMEDIATE")
    db.execute("INSERT INTO drafts (run_id, created, part, text) VALUES ('x', 0, 'intro', 'held')")
    ready.set()
    time.sleep(seconds)
    db.rollback()
    db.close()


def test_a_lock_held_for_a_while_is_waited_out(tmp_path, monkeypatch):
    """Issue 27 #4: another process holding the write lock killed `write` midway."""
    monkeypatch.setattr(store_mod, "BUSY_TIMEOUT_S", 0.5)
    db = filled(tmp_path / "log.db")
    ready = threading.Event()
    holder = threading.Thread(target=hold_lock, args=(db, 2.0, ready))
    holder.start()
    ready.wait(5)
    with Store(db) as s:
        s.start_run("after-the-lock", "t", {}, "fake", "fake")
        assert s.run("after-the-lock") is not None
    holder.join()


def test_a_lock_held_too_long_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(store_mod, "BUSY_TIMEOUT_S", 0.2)
    monkeypatch.setattr(store_mod, "LOCK_WAIT_S", 1.0)
    db = filled(tmp_path / "log.db")
    s = Store(db)
    ready = threading.Event()
    holder = threading.Thread(target=hold_lock, args=(db, 3.0, ready))
    holder.start()
    ready.wait(5)
    try:
        with pytest.raises(BadInput, match="locked by another process"):
            s.start_run("while-locked", "t", {}, "fake", "fake")
    finally:
        s.close()
        holder.join()


def test_runs_search_is_bounded_and_literal(tmp_path, monkeypatch):
    monkeypatch.setenv("BLOGWRIGHT_DB", str(filled(tmp_path / "log.db")))
    out = one_line(CliRunner().invoke(app, ["runs", "-q", "x" * 100_000]))
    assert "100,000 characters" in out
    for pattern in ("%", "_", "topic_1%"):
        r = CliRunner().invoke(app, ["runs", "-q", pattern, "--json"])
        assert r.exit_code == 0 and r.output.strip() in ("[]", "[\n]") or '"id"' not in r.output, (pattern, r.output)
