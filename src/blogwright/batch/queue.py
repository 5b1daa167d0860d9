"""The durable queue of a batch, in the SQLite log (tables `batches` and `batch_items`, created by
the `m190_batches` migration in store.py). Queries only: it takes the Store's connection.

An item's life: pending -> running (claimed: attempts + 1, a run id, the owner process) -> done |
failed, or back to pending (stopped by Ctrl-C, or retried). A process that dies leaves its items
`running`; the next runner of the batch (the batch has one owner at a time) puts them back to
pending. `publish` on an item: "" (not asked), "started" (a publish was attempted and may have gone
through), or where the post went.
"""

from __future__ import annotations

import json
import sqlite3
import time
from typing import Any

from blogwright.core.redact import redact
from blogwright.store import owner_alive, process_owner

STATUSES = ("pending", "running", "done", "failed")


class Queue:
    def __init__(self, db: sqlite3.Connection | None):
        if db is None:
            raise ValueError("the batch queue needs the log (a Store opened on a file)")
        self.db = db

    def _write(self, sql: str, args: tuple = ()) -> int:
        cur = self.db.execute(sql, args)
        self.db.commit()
        return cur.rowcount

    # ---- batches ------------------------------------------------------------------------------

    def find(self, batch_id: str) -> dict | None:
        """A batch by id, or by the id's unique start."""
        row = self.db.execute("SELECT * FROM batches WHERE id = ?", (batch_id,)).fetchone()
        if row is None and batch_id.strip():
            like = batch_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            rows = self.db.execute("SELECT * FROM batches WHERE id LIKE ? ESCAPE '\\' LIMIT 2", (like,)).fetchall()
            row = rows[0] if len(rows) == 1 else None
        return _batch(row)

    def find_by_hash(self, digest: str) -> dict | None:
        row = self.db.execute("SELECT * FROM batches WHERE hash = ? ORDER BY created DESC LIMIT 1", (digest,)).fetchone()
        return _batch(row)

    def create(self, batch_id: str, digest: str, calendar: str, out_dir: str, fmt: str,
               options: dict[str, Any], items: list[dict[str, Any]]) -> None:
        """A new batch and its items (each: line, slug, topic, spec, file), all pending, in one transaction."""
        now = time.time()
        with self.db:
            self.db.execute("INSERT INTO batches (id, created, calendar, hash, out_dir, fmt, options, status, updated) "
                            "VALUES (?,?,?,?,?,?,?,?,?)",
                            (batch_id, now, calendar, digest, out_dir, fmt, redact(json.dumps(options)), "pending", now))
            self.db.executemany(
                "INSERT INTO batch_items (batch_id, idx, line, slug, topic, spec, file, status, attempts, publish) "
                "VALUES (?,?,?,?,?,?,?,?,0,'')",
                [(batch_id, i, it["line"], it["slug"], it["topic"], json.dumps(it["spec"]), it["file"], "pending")
                 for i, it in enumerate(items)])

    def set_options(self, batch_id: str, options: dict[str, Any]) -> None:
        self._write("UPDATE batches SET options = ? WHERE id = ?", (redact(json.dumps(options)), batch_id))

    def acquire(self, batch_id: str) -> str | None:
        """Make this process the batch's runner. Returns None, or why not (another live process runs it).
        Items a dead runner left `running` go back to pending."""
        owner = process_owner()
        self.db.commit()
        self.db.execute("BEGIN IMMEDIATE")  # two runners started at once: one wins
        try:
            row = self.db.execute("SELECT owner FROM batches WHERE id = ?", (batch_id,)).fetchone()
            other = row["owner"] if row else None
            if other and other != owner and owner_alive(other) is not False:
                self.db.rollback()
                return f"batch {batch_id} is being run by another process ({other})"
            self.db.execute("UPDATE batches SET owner = ?, status = 'running', updated = ? WHERE id = ?",
                            (owner, time.time(), batch_id))
            self.db.execute("UPDATE batch_items SET status = 'pending', owner = NULL WHERE batch_id = ? AND status = 'running'",
                            (batch_id,))
            self.db.commit()
        except BaseException:
            self.db.rollback()
            raise
        return None

    def release(self, batch_id: str, status: str) -> None:
        """The runner is done with the batch: 'done', 'failed' (some posts failed) or 'stopped'."""
        self._write("UPDATE batches SET owner = NULL, status = ?, updated = ? WHERE id = ?", (status, time.time(), batch_id))

    def batches(self, limit: int = 20) -> list[dict]:
        """Recent batches, newest first, with counts per status."""
        rows = self.db.execute("SELECT * FROM batches ORDER BY created DESC LIMIT ?", (limit,)).fetchall()
        return [{**_batch(r), **self.counts(r["id"])} for r in rows]

    def counts(self, batch_id: str) -> dict[str, int]:
        counts = {s: 0 for s in STATUSES}
        for row in self.db.execute("SELECT status, COUNT(*) AS n FROM batch_items WHERE batch_id = ? GROUP BY status",
                                   (batch_id,)):
            counts[row["status"]] = row["n"]
        counts["total"] = sum(counts[s] for s in STATUSES)
        return counts

    # ---- items --------------------------------------------------------------------------------

    def items(self, batch_id: str, status: str | None = None, spec: bool = True) -> list[dict]:
        """The batch's items in order; `spec=False` leaves each spec as its JSON text (a report of a
        100,000-post batch does not need them parsed: 10 s)."""
        sql, args = "SELECT * FROM batch_items WHERE batch_id = ?", [batch_id]
        if status:
            sql, args = sql + " AND status = ?", [*args, status]
        rows = self.db.execute(sql + " ORDER BY idx", args)
        return [_item(r) for r in rows] if spec else [dict(r) for r in rows]

    def item(self, batch_id: str, idx: int) -> dict | None:
        row = self.db.execute("SELECT * FROM batch_items WHERE batch_id = ? AND idx = ?", (batch_id, idx)).fetchone()
        return _item(row) if row else None

    def claim(self, batch_id: str, idx: int, run_id: str) -> bool:
        """pending -> running for this process, written by run `run_id` (the finished run of an
        earlier attempt, or a new one); False when the item was not pending."""
        return self._write(
            "UPDATE batch_items SET status = 'running', attempts = attempts + 1, owner = ?, started = ?, "
            "run_id = ?, error = NULL WHERE batch_id = ? AND idx = ? AND status = 'pending'",
            (process_owner(), time.time(), run_id, batch_id, idx)) == 1

    def done(self, batch_id: str, idx: int, *, post_path: str, seconds: float, words: int, passed: bool | None,
             tokens_in: int, tokens_out: int, calls: int, publish: str = "", note: str = "") -> None:
        self._write(
            "UPDATE batch_items SET status = 'done', owner = NULL, post_path = ?, finished = ?, seconds = ?, words = ?, "
            "passed = ?, tokens_in = ?, tokens_out = ?, calls = ?, publish = COALESCE(NULLIF(?, ''), publish), "
            "error = NULLIF(?, '') WHERE batch_id = ? AND idx = ?",
            (post_path, time.time(), seconds, words, None if passed is None else int(passed), tokens_in, tokens_out,
             calls, publish, note, batch_id, idx))

    def set_publish(self, batch_id: str, idx: int, state: str, note: str = "") -> None:
        self._write("UPDATE batch_items SET publish = ?, error = COALESCE(NULLIF(?, ''), error) WHERE batch_id = ? AND idx = ?",
                    (state, note, batch_id, idx))

    def failed(self, batch_id: str, idx: int, error: str, retry: bool) -> None:
        """A failed attempt: back to pending when it will be retried, else failed."""
        self._write("UPDATE batch_items SET status = ?, owner = NULL, error = ?, finished = ? WHERE batch_id = ? AND idx = ?",
                    ("pending" if retry else "failed", redact(error)[:2000], time.time(), batch_id, idx))

    def requeue(self, batch_id: str, idx: int) -> None:
        """Stopped before it finished (Ctrl-C): pending again; the attempt does not count."""
        self._write("UPDATE batch_items SET status = 'pending', owner = NULL, attempts = MAX(attempts - 1, 0) "
                    "WHERE batch_id = ? AND idx = ? AND status = 'running'", (batch_id, idx))

    def retry_failed(self, batch_id: str) -> int:
        """Failed items get another chance (a resumed batch)."""
        return self._write("UPDATE batch_items SET status = 'pending' WHERE batch_id = ? AND status = 'failed'", (batch_id,))


def _with_json(row: sqlite3.Row, key: str) -> dict:
    """The row as a dict, its JSON column `key` read ({} when it is damaged)."""
    data = dict(row)
    try:
        data[key] = json.loads(data.get(key) or "{}")
    except ValueError:
        data[key] = {}
    return data


def _batch(row: sqlite3.Row | None) -> dict | None:
    return None if row is None else _with_json(row, "options")


def _item(row: sqlite3.Row) -> dict:
    return _with_json(row, "spec")
