"""Kiwix .zim files (offline Wikipedia and others) with libzim: articles as text, and the file's own
full-text index where it has one.

A small ZIM (up to `EMBED_MAX` articles) is read whole into the library like a folder of HTML files.
A bigger one with a full-text index is only registered: a search asks its index for the best
articles first and embeds just those (a Wikipedia has millions of articles; embedding them all would
take days on a laptop). A bigger one without an index is read whole, with a progress bar.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from blogwright.core.errors import SourceProblem
from blogwright.grounding.sources import parse_bytes

EMBED_MAX = 5_000


@dataclass
class Article:
    path: str  # inside the ZIM
    title: str
    text: str


def _archive(path: Path):  # -> libzim.reader.Archive
    try:
        from libzim.reader import Archive
    except ImportError:
        raise SourceProblem(f"{path}: reading .zim files needs libzim (pip install libzim)") from None
    try:
        return Archive(str(path))
    except (RuntimeError, OSError) as exc:
        raise SourceProblem(f"{path}: not a readable ZIM file ({exc}); skipped") from None


def info(path: Path) -> tuple[str, int, bool]:
    """(title, articles, has a full-text index)."""
    zim = _archive(path)
    title = ""
    try:
        title = bytes(zim.get_metadata("Title")).decode("utf-8", "replace")
    except (RuntimeError, KeyError):
        pass
    return title or path.stem, int(zim.article_count), bool(zim.has_fulltext_index)


def _article(zim, entry) -> Article | None:
    if entry.is_redirect:
        return None
    item = entry.get_item()
    if not str(item.mimetype).startswith("text/html"):
        return None
    try:
        title, _, text = parse_bytes(bytes(item.content), entry.path, "html", entry.title or entry.path)
    except SourceProblem:
        return None
    title = entry.title or title
    return Article(path=entry.path, title=title, text=text) if len(text.split()) >= 5 else None


def articles(path: Path) -> Iterator[Article]:
    """Every HTML article of the ZIM (redirects and media skipped)."""
    zim = _archive(path)
    for i in range(zim.all_entry_count):
        try:
            entry = zim._get_entry_by_id(i)
        except (RuntimeError, IndexError, KeyError):
            continue
        art = _article(zim, entry)
        if art is not None:
            yield art


def search(path: Path, query: str, n: int = 5) -> list[Article]:
    """The ZIM's own full-text index asked for `query`: its best `n` articles."""
    from libzim.search import Query, Searcher

    zim = _archive(path)
    if not zim.has_fulltext_index:
        return []
    found = Searcher(zim).search(Query().set_query(query))
    out: list[Article] = []
    for entry_path in found.getResults(0, n):
        try:
            art = _article(zim, zim.get_entry_by_path(entry_path))
        except (RuntimeError, KeyError):
            continue
        if art is not None:
            out.append(art)
    return out
