"""Facts from somewhere real: `blogwright research` (web notes to edit) and `blogwright library`
(the user's own files, indexed in the log). `write --research` / `--library` go through `api.write`
(`pipeline.found` makes the write's finder)."""

from __future__ import annotations

from collections.abc import Callable

from blogwright.api.runs import open_store
from blogwright.core.errors import BadInput
from blogwright.library import AddReport, Library, LibraryHit
from blogwright.model.brief import Brief
from blogwright.model.events import Note
from blogwright.pipeline import plan
from blogwright.pipeline.context import EventSink
from blogwright.pipeline.found import fetcher, max_pages
from blogwright.research import Findings, SearchCache, get_provider, research

__all__ = ["AddReport", "Findings", "LibraryHit", "find_notes", "library_add", "library_files", "library_remove",
           "library_search"]


def find_notes(topic: str, sections: list[tuple[str, str]] | None = None, *, search: str | None = None,
               words: int = 600, allow_private_urls: bool | None = None, no_log: bool = False,
               on_event: EventSink | None = None) -> Findings:
    """`blogwright research TOPIC`: search, read and rank, without writing. The sections are the ones
    a post of `words` words on the topic plans from the topic alone (a model may plan others).
    Searches and pages are kept in the log: asking again is offline and finds the same notes."""
    brief = Brief(topic=topic, words=words)
    sections = sections or plan.fallback_plan(brief, plan.budget(words)[2])
    provider = get_provider(search)
    say = (lambda m: on_event(Note(stage="plan", text=m))) if on_event else None
    with open_store(no_log) as store:
        return research(topic, sections, provider=provider, fetcher=fetcher(store, allow_private_urls),
                        searches=SearchCache(store) if store.enabled else None, progress=say, max_pages=max_pages())


def library_add(paths: list[str], progress: Callable[[int, int, str], None] | None = None) -> AddReport:
    """`blogwright library add PATH...`: index files and folders (incremental by content hash)."""
    if not paths:
        raise BadInput("name a file or folder to add: blogwright library add ~/notes")
    with open_store() as store:
        return Library(store).add(paths, progress)


def library_files() -> list[dict]:
    with open_store() as store:
        return [vars(f) for f in Library(store).files()]


def library_search(query: str, k: int = 5) -> list[LibraryHit]:
    if not query.strip():
        raise BadInput('search for something: blogwright library search "what to look for"')
    with open_store() as store:
        return Library(store).search(query, k=k)


def library_remove(paths: list[str]) -> int:
    with open_store() as store:
        return Library(store).remove(paths)
