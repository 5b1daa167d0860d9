"""The log of runs (`blogwright runs`, `show`, the web page's library): open it, without loading the
model code. Writing a logged post again (`recover`) is in `writing`."""

from __future__ import annotations

from pathlib import Path

from blogwright.store import Store, new_run_id

__all__ = ["Store", "new_run_id", "open_store"]


def open_store(no_log: bool = False, path: str | Path = "default") -> Store:
    """The SQLite log (a context manager): the default one, the one at `path`, or none (`no_log`)."""
    return Store(None if no_log else path)
