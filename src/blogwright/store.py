"""SQLite log: runs, every model call, drafts, edits and publications. Schema changes by migrations.

Like simonw/llm: each migration is a function registered in order, all of them in this file (a
feature's table is created here, not when its module is imported); the `_migrations` table records
which ran, so an old database is brought up to date on open. The database is in WAL mode, so the web
page's jobs and requests can read while one of them writes.

    with Store() as store:   # closed on leaving the block, whatever happens in it
        store.runs()
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil

from blogwright.core.errors import BadInput
from blogwright.core.paths import db_path
from blogwright.core.redact import redact
from blogwright.model.post import CONCLUSION, INTRO, Post, Section
from blogwright.text.slug import slugify

MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = []


def migration(fn: Callable[[sqlite3.Connection], None]) -> Callable[[sqlite3.Connection], None]:
    MIGRATIONS.append(fn)
    return fn


@migration
def m001_initial(db: sqlite3.Connection) -> None:
    db.executescript(
        """
        CREATE TABLE runs (
            id TEXT PRIMARY KEY, created REAL NOT NULL, topic TEXT NOT NULL, brief TEXT NOT NULL,
            backend TEXT, model TEXT, status TEXT NOT NULL, output_path TEXT, words INTEGER,
            duration_s REAL, post TEXT
        );
        CREATE TABLE calls (
            id INTEGER PRIMARY KEY, run_id TEXT REFERENCES runs(id), created REAL NOT NULL,
            stage TEXT NOT NULL, template TEXT, template_version INTEGER, template_hash TEXT,
            system TEXT, prompt TEXT, response TEXT, model TEXT, params TEXT,
            prompt_tokens INTEGER, completion_tokens INTEGER, cached_tokens INTEGER,
            finish_reason TEXT, duration_s REAL, error TEXT
        );
        CREATE INDEX calls_run ON calls(run_id);
        CREATE TABLE drafts (
            id INTEGER PRIMARY KEY, run_id TEXT REFERENCES runs(id), created REAL NOT NULL,
            part TEXT NOT NULL, heading TEXT, text TEXT NOT NULL
        );
        CREATE INDEX drafts_run ON drafts(run_id);
        """
    )


@migration
def m002_reports(db: sqlite3.Connection) -> None:
    db.execute("ALTER TABLE runs ADD COLUMN report TEXT")


@migration
def m003_edits(db: sqlite3.Connection) -> None:
    """Every version of a post part after the first draft: user edits, regenerations, reverts."""
    db.executescript(
        """
        CREATE TABLE edits (
            id INTEGER PRIMARY KEY, run_id TEXT REFERENCES runs(id), created REAL NOT NULL,
            part TEXT NOT NULL, text TEXT NOT NULL, origin TEXT NOT NULL, instruction TEXT
        );
        CREATE INDEX edits_run ON edits(run_id, part);
        """
    )


@migration
def m101_publications(db: sqlite3.Connection) -> None:
    """Where each post was published (`blogwright publish` to WordPress): updates go to the same post."""
    db.execute("CREATE TABLE IF NOT EXISTS publications (site TEXT NOT NULL, slug TEXT NOT NULL, "
               "remote_id TEXT NOT NULL, url TEXT, updated REAL, PRIMARY KEY (site, slug))")


@migration
def m102_media(db: sqlite3.Connection) -> None:
    """Images uploaded to a WordPress media library, by content hash: a re-publish does not upload them again."""
    db.execute("CREATE TABLE IF NOT EXISTS media (site TEXT NOT NULL, sha256 TEXT NOT NULL, "
               "remote_id TEXT NOT NULL, url TEXT NOT NULL, updated REAL, PRIMARY KEY (site, sha256))")


@migration
def m180_run_owner(db: sqlite3.Connection) -> None:
    """Which process is writing a run (host:pid:start time), so a run left `running` by a process
    that died (SIGKILL, power cut) is marked `crashed` the next time the log is opened."""
    db.execute("ALTER TABLE runs ADD COLUMN owner TEXT")


@migration
def m250_verdict(db: sqlite3.Connection) -> None:
    """One verdict per post (issue 25): the gates' result as `write` printed it, with the hash of the file it
    wrote and of the gate settings in force, so `check` and `publish` of the unchanged post give the same."""
    db.execute("ALTER TABLE runs ADD COLUMN verdict TEXT")
    db.execute("ALTER TABLE runs ADD COLUMN saved TEXT")  # sha256 of what blogwright last wrote to output_path


@migration
def m190_batches(db: sqlite3.Connection) -> None:
    """`blogwright batch`: a calendar's posts as a durable queue (queries in batch/queue.py)."""
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS batches (
            id TEXT PRIMARY KEY, created REAL NOT NULL, calendar TEXT NOT NULL, hash TEXT NOT NULL,
            out_dir TEXT NOT NULL, fmt TEXT NOT NULL, options TEXT, status TEXT NOT NULL, owner TEXT, updated REAL
        );
        CREATE INDEX IF NOT EXISTS batches_hash ON batches(hash);
        CREATE TABLE IF NOT EXISTS batch_items (
            batch_id TEXT NOT NULL REFERENCES batches(id), idx INTEGER NOT NULL, line INTEGER, slug TEXT NOT NULL,
            topic TEXT NOT NULL, spec TEXT NOT NULL, file TEXT NOT NULL, status TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0, owner TEXT, run_id TEXT, post_path TEXT, publish TEXT, error TEXT,
            started REAL, finished REAL, seconds REAL, words INTEGER, passed INTEGER, tokens_in INTEGER,
            tokens_out INTEGER, calls INTEGER, PRIMARY KEY (batch_id, idx)
        );
        """
    )


@migration
def m230_research_and_library(db: sqlite3.Connection) -> None:
    """Web research (issue 23): search answers and fetched pages, so a rerun is offline and finds the
    same notes (queries in research/cache.py). The user's library: files by content hash and their
    passages with vectors (float32 blobs; queries in library/db.py)."""
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS web_searches (
            provider TEXT NOT NULL, query TEXT NOT NULL, created REAL NOT NULL, results TEXT NOT NULL,
            PRIMARY KEY (provider, query)
        );
        CREATE TABLE IF NOT EXISTS web_pages (
            url TEXT PRIMARY KEY, created REAL NOT NULL, final_url TEXT, status INTEGER, content_type TEXT,
            title TEXT, text TEXT, problem TEXT
        );
        CREATE TABLE IF NOT EXISTS library_files (
            id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, sha256 TEXT NOT NULL, size INTEGER, mtime REAL,
            kind TEXT NOT NULL, title TEXT, passages INTEGER NOT NULL DEFAULT 0, added REAL NOT NULL, problem TEXT
        );
        CREATE TABLE IF NOT EXISTS library_passages (
            id INTEGER PRIMARY KEY, file_id INTEGER NOT NULL REFERENCES library_files(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL, title TEXT, location TEXT, heading TEXT, text TEXT NOT NULL, vector BLOB NOT NULL
        );
        CREATE INDEX IF NOT EXISTS library_passages_file ON library_passages(file_id);
        """
    )


def process_owner(pid: int | None = None) -> str:
    """'host:pid:start' for a process (this one by default); start is its start time (psutil, any
    OS), so a pid reused by a new process does not count as the same owner."""
    pid = os.getpid() if pid is None else pid
    return f"{socket.gethostname()}:{pid}:{_started(pid)}"


def _started(pid: int) -> str:
    try:
        return f"{psutil.Process(pid).create_time():.2f}"
    except (psutil.Error, OSError):
        return ""


def owner_alive(owner: str) -> bool | None:
    """True/False when the owner is on this host and its process is/is not running; None when it
    cannot be told (another host, an old run without an owner)."""
    host, _, rest = (owner or "").partition(":")
    pid_s, _, start = rest.partition(":")
    if not pid_s.isdigit() or host != socket.gethostname():
        return None
    pid = int(pid_s)
    if not psutil.pid_exists(pid):
        return False
    if start.isdigit():  # recorded in clock ticks by an older version: the pid exists, take it as alive
        return True
    return not start or _started(pid) in ("", start)


_MIGRATE_LOCK = threading.Lock()
BUSY_TIMEOUT_S = 10.0  # how long one statement waits for another connection's write to finish
LOCK_WAIT_S = 90.0  # how long in all a statement is retried while another process holds the log locked


def log_error(exc: BaseException, path: Path | str | None) -> BadInput:
    """Every SQLite failure of the log as one line: the path, what is wrong, what to do."""
    where = f"the log {path}" if path else "the log"
    text = str(exc) or type(exc).__name__
    low = text.lower()
    if "locked" in low or "busy" in low:
        what = (f"is locked by another process (waited {LOCK_WAIT_S:.0f} s); try again when it has finished, "
                "or use --no-log")
    elif "not a database" in low or "malformed" in low or "encrypted" in low or "corrupt" in low:
        what = (f"is damaged ({text}); move it away (mv {path} {path}.broken) and a new one is made, "
                "or point BLOGWRIGHT_DB at another file")
    elif "readonly" in low or "read-only" in low:
        what = "cannot be written (a read-only file or folder?); fix its permissions, set BLOGWRIGHT_DB or use --no-log"
    elif "full" in low:
        what = "cannot be written: the disk is full; free some space, set BLOGWRIGHT_DB or use --no-log"
    elif "unable to open" in low or "disk i/o" in low:
        what = f"cannot be opened ({text}); check the path and its folder, set BLOGWRIGHT_DB or use --no-log"
    else:
        what = f"failed ({text}); set BLOGWRIGHT_DB to another file or use --no-log"
    return BadInput(f"{where} {what}")


def _guarded(conn: _Connection, op: Callable[[], Any]) -> Any:
    """Run a SQLite operation; retried while the database is locked (up to LOCK_WAIT_S), any other
    SQLite failure becomes `log_error`'s one line."""
    end = time.monotonic() + LOCK_WAIT_S
    while True:
        try:
            return op()
        except sqlite3.OperationalError as exc:
            low = str(exc).lower()
            if ("locked" in low or "busy" in low) and time.monotonic() < end:
                time.sleep(0.2)
                continue
            raise log_error(exc, conn.log_path) from None
        except sqlite3.Error as exc:
            raise log_error(exc, conn.log_path) from None


class _Cursor(sqlite3.Cursor):
    """A cursor whose reads (a damaged page shows up there, not at `execute`) fail in one line."""

    connection: _Connection

    def __next__(self) -> Any:
        return _guarded(self.connection, super().__next__)

    def fetchone(self) -> Any:
        return _guarded(self.connection, super().fetchone)

    def fetchall(self) -> list[Any]:
        return _guarded(self.connection, super().fetchall)

    def fetchmany(self, size: int | None = None) -> list[Any]:
        return _guarded(self.connection, lambda: super(_Cursor, self).fetchmany(size or self.arraysize))


class _Connection(sqlite3.Connection):
    """The log's connection: every statement through `_guarded` (lock retries, one-line errors). Every
    module that uses `store.db` (the batch queue, WordPress media) gets this for free."""

    log_path: Path | None = None

    def execute(self, sql: str, parameters: Any = (), /) -> _Cursor:  # type: ignore[override]
        return _guarded(self, lambda: self.cursor(_Cursor).execute(sql, parameters))

    def executemany(self, sql: str, parameters: Any, /) -> _Cursor:  # type: ignore[override]
        return _guarded(self, lambda: self.cursor(_Cursor).executemany(sql, parameters))

    def executescript(self, script: str, /) -> _Cursor:  # type: ignore[override]
        return _guarded(self, lambda: self.cursor(_Cursor).executescript(script))

    def commit(self) -> None:
        _guarded(self, super().commit)


def connect(path: Path, read_only: bool = False) -> _Connection:
    """The one way the log is opened: a regular file (not /dev/null, not a folder), the busy timeout,
    every failure one line (`log_error`)."""
    if path.exists() and not path.is_file():
        raise BadInput(f"the log {path} is not a regular file; set BLOGWRIGHT_DB to a file path, "
                       "or use --no-log for no log")
    try:
        if read_only:
            db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S,
                                 factory=_Connection)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, factory=_Connection)
    except (OSError, sqlite3.Error) as exc:
        raise log_error(exc, path) from None
    db.log_path = path
    return db


def migrate(db: sqlite3.Connection) -> None:
    """Run the migrations this database has not had. Safe when several threads (or processes) open a
    new database at once: one runs them, and a loser that trips on its work re-reads and goes on."""
    with _MIGRATE_LOCK:
        for attempt in range(3):
            try:
                db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied REAL)")
                done = {row[0] for row in db.execute("SELECT name FROM _migrations")}
                for fn in MIGRATIONS:
                    if fn.__name__ not in done:
                        fn(db)
                        db.execute("INSERT INTO _migrations VALUES (?, ?)", (fn.__name__, time.time()))
                        db.commit()
                db.commit()
                return
            except (sqlite3.OperationalError, BadInput):
                db.rollback()
                if attempt == 2:
                    raise
                time.sleep(0.2)


MAX_SEARCH = 1000  # characters of `runs -q` (SQLite refuses LIKE patterns over 50,000 bytes)


def new_run_id() -> str:
    return time.strftime("%Y%m%d-%H%M%S") + "-" + uuid.uuid4().hex[:6]


class Store:
    """The log. `Store(None)` is a no-op log (for `--no-log`). A context manager: `with Store() as s:`
    closes the connection on leaving the block."""

    def __init__(self, path: str | Path | None = "default"):
        self.path = db_path() if path == "default" else (Path(path) if path else None)
        self.db: sqlite3.Connection | None = None
        if self.path is not None:
            self.db = connect(self.path)
            try:
                # WAL: readers never wait for the writer; NORMAL sync is safe in WAL and much faster
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=NORMAL")
                self.db.row_factory = sqlite3.Row
                migrate(self.db)
                self.mark_crashed()
            except BaseException:
                self.close()
                raise

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def enabled(self) -> bool:
        return self.db is not None

    def _exec(self, sql: str, args: tuple = ()) -> None:
        if self.db is not None:
            self.db.execute(sql, args)
            self.db.commit()

    def start_run(self, run_id: str, topic: str, brief: dict, backend: str, model: str) -> None:
        self._exec(
            "INSERT INTO runs (id, created, topic, brief, backend, model, status, owner) VALUES (?,?,?,?,?,?,?,?)",
            (run_id, time.time(), topic, redact(json.dumps(brief)), backend, redact(model), "running",
             process_owner()),
        )

    def mark_crashed(self) -> list[str]:
        """Runs left `running` by a process that is gone become `crashed` (their drafts stay in the
        log: `blogwright show RUN --out DIR` writes what was drafted). Returns their ids."""
        if self.db is None:
            return []
        rows = self.db.execute("SELECT id, owner FROM runs WHERE status = 'running'").fetchall()
        dead = [r["id"] for r in rows if owner_alive(r["owner"]) is False]
        for run_id in dead:
            self.db.execute("UPDATE runs SET status = 'crashed' WHERE id = ? AND status = 'running'", (run_id,))
        if dead:
            self.db.commit()
        return dead

    def finish_run(self, run_id: str, status: str, *, output_path: str | None = None,
                   words: int | None = None, duration_s: float | None = None,
                   post: dict | None = None, report: dict | None = None) -> None:
        self._exec(
            "UPDATE runs SET status=?, output_path=?, words=?, duration_s=?, post=?, report=? WHERE id=?",
            (status, output_path, words, duration_s, json.dumps(post) if post else None,
             json.dumps(report) if report else None, run_id),
        )

    def log_call(self, run_id: str, **fields: Any) -> None:
        if self.db is None:
            return
        if isinstance(fields.get("params"), dict):
            fields["params"] = json.dumps(fields["params"])
        for name in ("error", "params", "model"):  # no key, token or password is ever stored
            if isinstance(fields.get(name), str):
                fields[name] = redact(fields[name])
        cols = ["run_id", "created", *fields]
        self._exec(
            f"INSERT INTO calls ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            (run_id, time.time(), *fields.values()),
        )

    def save_draft(self, run_id: str, part: str, heading: str | None, text: str) -> None:
        self._exec(
            "INSERT INTO drafts (run_id, created, part, heading, text) VALUES (?,?,?,?,?)",
            (run_id, time.time(), part, heading, text),
        )

    def runs(self, limit: int = 20, search: str | None = None) -> list[dict]:
        """Recent runs, newest first, with their call count and tokens in and out. `search`: only runs
        whose id, topic, brief or post contains the text (case-insensitive)."""
        if self.db is None:
            return []
        where, args = "", []
        if search and len(search) > MAX_SEARCH:
            raise BadInput(f"a search of {len(search):,} characters; at most {MAX_SEARCH:,} (a word of the topic "
                           "or the run id's end is enough)")
        if search:
            like = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            where = " WHERE " + " OR ".join(f"r.{c} LIKE ? ESCAPE '\\'" for c in ("id", "topic", "brief", "post"))
            args = [like] * 4
        rows = self.db.execute(
            "SELECT r.*, (SELECT COUNT(*) FROM calls c WHERE c.run_id = r.id) AS n_calls, "
            "(SELECT SUM(prompt_tokens) FROM calls c WHERE c.run_id = r.id) AS tokens_in, "
            "(SELECT SUM(completion_tokens) FROM calls c WHERE c.run_id = r.id) AS tokens_out "
            f"FROM runs r{where} ORDER BY created DESC LIMIT ?", (*args, limit),
        )
        return [{**dict(r), **judged(dict(r))} for r in rows]

    def run(self, run_id: str) -> dict | None:
        if self.db is None:
            return None
        row = self.db.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
        if row is None and run_id.strip() and len(run_id) <= MAX_SEARCH:  # the id's end; `%`, `_` literal
            like = run_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            row = self.db.execute("SELECT * FROM runs WHERE id LIKE ? ESCAPE '\\' ORDER BY created DESC LIMIT 1",
                                  (f"%{like}",)).fetchone()
        return dict(row) if row else None

    def logged_post(self, run_id: str) -> Post | None:
        """The run's post: the finished (or edited) one, else a draft put together from the parts the
        run saved as it went (an interrupted or crashed run); None when it has neither."""
        run = self.run(run_id)
        if run is None or run["id"] != run_id:
            return None
        if run.get("post"):
            try:
                return Post.model_validate(json.loads(run["post"]))
            except ValueError:
                pass
        if self.db is None:
            return None
        drafts = self.db.execute("SELECT part, heading, text FROM drafts WHERE run_id = ? ORDER BY id",
                                 (run_id,)).fetchall()
        if not drafts:
            return None
        try:
            brief = json.loads(run["brief"] or "{}")
        except ValueError:
            brief = {}
        post = Post(title=str(run["topic"]), topic=str(run["topic"]), run_id=run_id, complete=False,
                    model=f"{run['backend'] or ''}:{run['model'] or ''}", voice=str(brief.get("voice") or ""),
                    slug=slugify(str(run["topic"])))
        for row in drafts:
            if row["part"] == INTRO:
                post.intro = row["text"]
            elif row["part"] == CONCLUSION:
                post.conclusion = row["text"]
            else:
                post.sections.append(Section(heading=row["heading"] or "", text=row["text"]))
        return post

    def calls(self, run_id: str) -> list[dict]:
        if self.db is None:
            return []
        return [dict(r) for r in self.db.execute("SELECT * FROM calls WHERE run_id = ? ORDER BY id", (run_id,))]

    def set_verdict(self, run_id: str, verdict: dict) -> None:
        """The run's one verdict (pipeline/verdict.py): replaced when the post is checked again after a change."""
        self._exec("UPDATE runs SET verdict=? WHERE id=?", (json.dumps(verdict), run_id))

    def update_post(self, run_id: str, post: dict, words: int | None = None) -> None:
        """Replace the stored post (after an edit); keeps the run's status and report."""
        self._exec("UPDATE runs SET post=?, words=COALESCE(?, words) WHERE id=?", (json.dumps(post), words, run_id))

    def set_output(self, run_id: str, output_path: str, text: str | None = None) -> None:
        """Where the post was saved; `text`: what was written there (its hash is kept, so saving an edited
        post again replaces the file blogwright wrote instead of adding `-2`, unless someone changed it)."""
        saved = hashlib.sha256(text.encode("utf-8")).hexdigest() if text is not None else None
        self._exec("UPDATE runs SET output_path=?, saved=? WHERE id=?", (output_path, saved, run_id))

    def add_edit(self, run_id: str, part: str, text: str, origin: str, instruction: str | None = None) -> None:
        self._exec("INSERT INTO edits (run_id, created, part, text, origin, instruction) VALUES (?,?,?,?,?,?)",
                   (run_id, time.time(), part, text, origin, instruction))

    def edits(self, run_id: str, part: str | None = None) -> list[dict]:
        """Versions of a run's parts, oldest first (all parts when `part` is None)."""
        if self.db is None:
            return []
        sql, args = "SELECT * FROM edits WHERE run_id = ?", [run_id]
        if part is not None:
            sql, args = sql + " AND part = ?", [*args, part]
        return [dict(r) for r in self.db.execute(sql + " ORDER BY id", args)]

    def delete_edit(self, edit_id: int) -> None:
        self._exec("DELETE FROM edits WHERE id = ?", (edit_id,))

    def close(self) -> None:
        """Close the connection; safe to call twice."""
        if self.db is not None:
            self.db.close()
            self.db = None


def judged(run: dict) -> dict:
    """{"passed": True/False/None, "failed_gates": [...]}: the run's verdict, else its report's checks."""
    for key in ("verdict", "report"):
        try:
            data = json.loads(run.get(key) or "null") if isinstance(run.get(key), str) else run.get(key)
        except ValueError:
            continue
        data = (data or {}).get("checks", data) if key == "report" else data
        if isinstance(data, dict) and "passed" in data:
            failed = data.get("blocking_failed")
            if failed is None:
                failed = [n for n, g in (data.get("gates") or {}).items() if g.get("blocking") and not g.get("passed")]
            return {"passed": bool(data["passed"]), "failed_gates": list(failed)}
    return {"passed": None, "failed_gates": []}


def run_for_output(post_path: str | Path, path: str | Path | None = None) -> dict | None:
    """The newest finished run whose `output_path` is `post_path` (compared resolved; a relative
    output_path, which `write` records as given, is resolved against the current folder and else
    matched by file name), or None. Reads the log (`path`, default the user's) read-only and never
    creates it: checking or publishing a post must not start a log."""
    db_file = db_path() if path is None else Path(path)
    target = Path(post_path).expanduser().resolve()
    if not db_file.is_file():
        return None
    try:
        db = sqlite3.connect(f"{db_file.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
    except sqlite3.Error:
        return None
    try:
        db.row_factory = sqlite3.Row
        like = "%" + target.name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = [dict(r) for r in db.execute(
            "SELECT * FROM runs WHERE output_path LIKE ? ESCAPE '\\' "
            "AND status = 'done' ORDER BY created DESC LIMIT 50", (like,))]
    except sqlite3.Error:
        return None
    finally:
        db.close()
    exact = [r for r in rows if Path(r["output_path"]).expanduser().resolve() == target]
    named = [r for r in rows if Path(r["output_path"]).name == target.name]
    hit = (exact or named or [None])[0]
    if hit is not None:
        try:
            hit["brief"] = json.loads(hit["brief"] or "{}")
        except ValueError:
            hit["brief"] = {}
        try:
            hit["verdict"] = json.loads(hit.get("verdict") or "null")
        except ValueError:
            hit["verdict"] = None
    return hit
