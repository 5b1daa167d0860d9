"""Facts from the web (`blogwright research`, `write --research`): search providers (providers.py),
polite fetching under the outbound policy (fetch.py), pages and searches kept in the log (cache.py),
ranking into each section's notes (find.py), and the notes file read back (notes.py)."""

from blogwright.research.cache import Page, PageCache, SearchCache
from blogwright.research.fetch import Fetcher, http_get
from blogwright.research.find import Findings, queries_for, research
from blogwright.research.notes import split_cited
from blogwright.research.providers import (
                                           SEARCH_SPECS,
                                           FakeSearch,
                                           SearchProvider,
                                           SearchResult,
                                           default_search,
                                           get_provider,
                                           registry,
)

__all__ = ["SEARCH_SPECS", "FakeSearch", "Fetcher", "Findings", "Page", "PageCache", "SearchCache", "SearchProvider",
           "SearchResult", "default_search", "get_provider", "http_get", "queries_for", "registry", "research",
           "split_cited"]
