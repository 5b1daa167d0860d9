"""The user's own library (`blogwright library add|list|search|remove`, `write --library`): see index.py."""

from blogwright.library.index import AddReport, Library, LibraryHit, walk

__all__ = ["AddReport", "Library", "LibraryHit", "walk"]
