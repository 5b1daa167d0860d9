"""The log's research tables (created by store.m230): search answers and fetched pages.

A rerun of the same research reads both from here and never goes online: the same queries give
the same results, the same URLs the same bytes, so the same notes are found.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

from blogwright.research.providers import SearchResult
from blogwright.store import Store


@dataclass
class Page:
    """A fetched page (or why it could not be read: `problem`)."""

    url: str
    final_url: str = ""
    status: int = 0
    content_type: str = ""
    body: bytes = b""
    problem: str = ""
    cached: bool = False


class SearchCache:
    def __init__(self, store: Store):
        self.store = store

    def get(self, provider: str, query: str) -> list[SearchResult] | None:
        if self.store.db is None:
            return None
        row = self.store.db.execute("SELECT results FROM web_searches WHERE provider=? AND query=?",
                                    (provider, query)).fetchone()
        if row is None:
            return None
        return [SearchResult(**r) for r in json.loads(row[0])]

    def put(self, provider: str, query: str, results: list[SearchResult]) -> None:
        if self.store.db is not None:
            self.store.db.execute("INSERT OR REPLACE INTO web_searches VALUES (?,?,?,?)",
                                  (provider, query, time.time(), json.dumps([r.to_dict() for r in results])))
            self.store.db.commit()


class PageCache:
    def __init__(self, store: Store):
        self.store = store

    def get(self, url: str) -> Page | None:
        if self.store.db is None:
            return None
        row = self.store.db.execute("SELECT final_url, status, content_type, text, problem FROM web_pages WHERE url=?",
                                    (url,)).fetchone()
        if row is None:
            return None
        body = row[3] if isinstance(row[3], bytes) else (row[3] or "").encode("utf-8")
        return Page(url=url, final_url=row[0] or url, status=row[1] or 0, content_type=row[2] or "",
                    body=body, problem=row[4] or "")

    def put(self, page: Page) -> None:
        if self.store.db is not None:
            self.store.db.execute("INSERT OR REPLACE INTO web_pages (url, created, final_url, status, content_type, "
                                  "title, text, problem) VALUES (?,?,?,?,?,?,?,?)",
                                  (page.url, time.time(), page.final_url, page.status, page.content_type, "",
                                   page.body, page.problem))
            self.store.db.commit()
