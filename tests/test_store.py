import sqlite3

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
