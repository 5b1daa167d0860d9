import json
import sqlite3
import subprocess
import sys

from blogwright.store import MIGRATIONS, Store, migrate


def test_migrations_run_once_and_upgrade_an_old_database(tmp_path):
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied REAL)")
    MIGRATIONS[0](db)
    db.execute("INSERT INTO _migrations VALUES (?, 0)", (MIGRATIONS[0].__name__,))
    db.commit()
    cols = {r[1] for r in db.execute("PRAGMA table_info(runs)")}
    assert "report" not in cols
    migrate(db)
    migrate(db)  # idempotent
    cols = {r[1] for r in db.execute("PRAGMA table_info(runs)")}
    assert "report" in cols
    assert [r[0] for r in db.execute("SELECT name FROM _migrations ORDER BY rowid")] == [m.__name__ for m in MIGRATIONS]


def test_runs_calls_and_lookup_by_suffix(tmp_path):
    s = Store(tmp_path / "log.db")
    s.start_run("20260101-000000-abc123", "topic", {"topic": "topic"}, "fake", "m")
    s.log_call("20260101-000000-abc123", stage="draft", template="section", prompt="p", response="r",
               params={"seed": 1}, prompt_tokens=3, completion_tokens=4)
    s.finish_run("20260101-000000-abc123", "done", words=10, report={"ok": True})
    assert s.run("abc123")["status"] == "done"
    assert s.runs()[0]["n_calls"] == 1 and s.runs()[0]["tokens_out"] == 4
    assert s.calls("20260101-000000-abc123")[0]["params"] == '{"seed": 1}'


def test_disabled_store_is_a_no_op():
    s = Store(None)
    s.start_run("x", "t", {}, "fake", "m")
    s.log_call("x", stage="draft")
    assert not s.enabled and s.runs() == [] and s.run("x") is None


def test_store_in_with_closes_on_leaving_even_after_an_error(tmp_path):
    with Store(tmp_path / "log.db") as s:
        s.start_run("r1", "topic", {}, "fake", "m")
    assert s.db is None
    try:
        with Store(tmp_path / "log.db") as s:
            raise KeyError("boom")
    except KeyError:
        pass
    assert s.db is None
    s.close()  # twice is fine
    with Store(None) as off:
        assert not off.enabled


def test_the_log_is_in_wal_mode(tmp_path):
    with Store(tmp_path / "log.db") as s:
        assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    other = sqlite3.connect(tmp_path / "log.db")  # the mode is kept in the file
    assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    other.close()


def test_a_reader_is_not_blocked_by_a_writer(tmp_path):
    with Store(tmp_path / "log.db") as writer, Store(tmp_path / "log.db") as reader:
        writer.start_run("r1", "topic", {}, "fake", "m")
        writer.db.execute("BEGIN IMMEDIATE")
        writer.db.execute("UPDATE runs SET status='writing' WHERE id='r1'")
        assert reader.run("r1")["status"] == "running"  # reads the last commit while the write is open
        writer.db.commit()
        assert reader.run("r1")["status"] == "writing"


def test_every_migration_is_registered_in_store_without_importing_features(tmp_path):
    """The WordPress `publications` table exists in a new log even when nothing imported `publish`."""
    code = ("import json, sys; from blogwright.store import MIGRATIONS, Store; "
            f"s = Store({str(tmp_path / 'fresh.db')!r}); "
            "print(sorted(r[0] for r in s.db.execute(\"SELECT name FROM sqlite_master WHERE type='table'\"))); "
            "print(json.dumps([m.__module__ for m in MIGRATIONS])); print(any(m.startswith('blogwright.publish') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.splitlines()
    assert "publications" in out[0] and "runs" in out[0] and "edits" in out[0]
    assert set(json.loads(out[1])) == {"blogwright.store"}
    assert out[2] == "False"
    assert "m101_publications" in [m.__name__ for m in MIGRATIONS]
