"""The log's library tables (created by store.m230): files by content hash, passages with vectors.

Vectors are float32 blobs, one row per passage; a search reads them into one numpy matrix. The
matrix is kept per process and in a sidecar `.npy` next to the log (memory-mapped: a cold
`library search` does not read 100,000 blobs through SQLite), rebuilt whenever the library's
generation (passage count and largest id) changes. sqlite-vec would keep it in the database, but
this Python's sqlite3 cannot load extensions (`enable_load_extension` is missing), and a matrix
product over 100,000 x 384 floats takes ~30-50 ms here.
"""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from blogwright.store import Store

DIM = 384


@dataclass
class FileRow:
    id: int
    path: str
    sha256: str
    size: int
    mtime: float
    kind: str
    title: str
    passages: int
    problem: str


@dataclass
class PassageRow:
    id: int
    file_id: int
    title: str
    location: str
    heading: str
    text: str


class LibraryDB:
    def __init__(self, store: Store):
        if store.db is None:
            raise ValueError("the library lives in the log; it cannot be used with the log off")
        self.store = store
        self.db: sqlite3.Connection = store.db

    def files(self) -> list[FileRow]:
        rows = self.db.execute("SELECT id, path, sha256, size, mtime, kind, title, passages, problem "
                               "FROM library_files ORDER BY path").fetchall()
        return [FileRow(*tuple(r)) for r in rows]

    def file(self, path: str) -> FileRow | None:
        r = self.db.execute("SELECT id, path, sha256, size, mtime, kind, title, passages, problem "
                            "FROM library_files WHERE path=?", (path,)).fetchone()
        return FileRow(*tuple(r)) if r else None

    zim_search_files: int | None = None  # known after generation(): no query for big ZIMs when there are none

    def paths_of_kind(self, kind: str) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT path FROM library_files WHERE kind=?", (kind,))]

    def count(self) -> tuple[int, int]:
        """(files, passages)."""
        files = self.db.execute("SELECT COUNT(*) FROM library_files").fetchone()[0]
        passages = self.db.execute("SELECT COUNT(*) FROM library_passages").fetchone()[0]
        return int(files), int(passages)

    def touch(self, file_id: int, size: int, mtime: float) -> None:
        self.db.execute("UPDATE library_files SET size=?, mtime=? WHERE id=?", (size, mtime, file_id))

    def put_file(self, path: str, sha256: str, size: int, mtime: float, kind: str, title: str,
                 passages: list[tuple[str, str, str, str, np.ndarray]], problem: str = "") -> int:
        """Replace a file's row and passages (title, location, heading, text, vector) in one transaction."""
        with self.db:
            old = self.db.execute("SELECT id FROM library_files WHERE path=?", (path,)).fetchone()
            if old:
                self.db.execute("DELETE FROM library_passages WHERE file_id=?", (old[0],))
                self.db.execute("DELETE FROM library_files WHERE id=?", (old[0],))
            cur = self.db.execute("INSERT INTO library_files (path, sha256, size, mtime, kind, title, passages, added, problem) "
                                  "VALUES (?,?,?,?,?,?,?,?,?)",
                                  (path, sha256, size, mtime, kind, title, len(passages), time.time(), problem or None))
            file_id = int(cur.lastrowid or 0)
            self.db.executemany("INSERT INTO library_passages (file_id, idx, title, location, heading, text, vector) "
                                "VALUES (?,?,?,?,?,?,?)",
                                [(file_id, i, t, loc, h, text, np.asarray(v, dtype=np.float32).tobytes())
                                 for i, (t, loc, h, text, v) in enumerate(passages)])
        return file_id

    def remove(self, path_prefix: str) -> int:
        """Forget the files at `path_prefix` (a file, or every file under a folder); how many."""
        like = path_prefix.rstrip("/") + "/%"
        with self.db:
            ids = [r[0] for r in self.db.execute("SELECT id FROM library_files WHERE path=? OR path LIKE ?",
                                                 (path_prefix, like))]
            for fid in ids:
                self.db.execute("DELETE FROM library_passages WHERE file_id=?", (fid,))
                self.db.execute("DELETE FROM library_files WHERE id=?", (fid,))
        return len(ids)

    def generation(self) -> str:
        """Changes whenever the library's passages do, in one pass over the files table (not the
        passages'): a file added or replaced is a new row with a new `added` time, a removed one lowers
        the count. (The passages' count and top id did not: a replaced newest file gets its ids back.)
        Also notes how many big ZIM files are searched through their own index (`zim_search_files`)."""
        n, top, added, passages, zims = self.db.execute(
            "SELECT COUNT(*), COALESCE(MAX(id), 0), COALESCE(MAX(added), 0), COALESCE(SUM(passages), 0), "
            "COALESCE(SUM(kind = 'zim-search'), 0) FROM library_files").fetchone()
        self.zim_search_files = int(zims)
        return f"{n}-{top}-{int(float(added) * 1e6)}-{passages}"

    def passages(self, ids: list[int]) -> list[PassageRow]:
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(f"SELECT id, file_id, title, location, heading, text FROM library_passages "
                               f"WHERE id IN ({marks})", ids).fetchall()
        by_id = {r[0]: PassageRow(*tuple(r)) for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    def matrix(self) -> tuple[np.ndarray, np.ndarray]:
        """(passage ids, vectors) of the whole library: the sidecar when it is current, else read and saved."""
        gen = self.generation()
        key = (str(self.store.path), gen)
        if _MATRIX.get("key") == key:
            return _MATRIX["ids"], _MATRIX["vectors"]
        side = sidecar(self.store.path, gen)
        ids = vectors = None
        if side is not None and side.exists():
            try:
                ids = np.load(side.with_suffix(".ids.npy"))
                vectors = np.load(side, mmap_mode="r")
            except (OSError, ValueError):
                ids = vectors = None
        if ids is None or vectors is None or len(ids) != len(vectors):
            rows = self.db.execute("SELECT id, vector FROM library_passages ORDER BY id").fetchall()
            dim = len(rows[0][1]) // 4 if rows else DIM  # MiniLM: 384; the no-model fallback: 2048
            vectors = (np.frombuffer(b"".join(r[1] for r in rows if len(r[1]) == dim * 4), dtype=np.float32).reshape(-1, dim)
                       if rows else np.zeros((0, DIM), dtype=np.float32))
            ids = np.array([r[0] for r in rows if len(r[1]) == dim * 4], dtype=np.int64)
            if side is not None:
                _save_sidecar(side, ids, vectors)
        _MATRIX.update(key=key, ids=ids, vectors=vectors)
        return ids, vectors


_MATRIX: dict = {}


def sidecar(db_path: Path | None, gen: str) -> Path | None:
    if db_path is None:
        return None
    return db_path.parent / f"{db_path.name}.library" / f"vectors-{gen}.npy"


def _save_sidecar(path: Path, ids: np.ndarray, vectors: np.ndarray) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob("vectors-*"):
            old.unlink(missing_ok=True)
        tmp = path.with_name(f".{os.getpid()}.tmp.npy")
        np.save(path.with_suffix(".ids.npy"), ids)
        np.save(tmp, np.ascontiguousarray(vectors, dtype=np.float32))
        os.replace(tmp, path)
    except OSError:
        pass  # the sidecar only saves time
