"""Sources a write finds for itself: web research (`request.research`) and the user's library
(`request.library`), and notes that name their page. What `api.write` and a batch row share
(`pipeline.logged.write_logged` makes the finder; `pipeline.run.find_sources` calls it after planning).

Everything found becomes a `grounding.Source` (a page with its URL, a library file with its path or
a ZIM article with its title), indexed with the user's own sources into one `PassageIndex`: the
plan, the claim checks and the citations treat it exactly as a `--source`.
"""

from __future__ import annotations

from collections.abc import Callable

from blogwright.core.config import section
from blogwright.core.errors import BadInput
from blogwright.core.http import private_allowed
from blogwright.grounding import PassageIndex, Source
from blogwright.library import Library
from blogwright.model.events import Note
from blogwright.model.request import WriteRequest
from blogwright.pipeline.context import EventSink
from blogwright.pipeline.run import Finder
from blogwright.research import Fetcher, PageCache, SearchCache, SearchProvider, get_provider, queries_for, research, split_cited
from blogwright.research.find import MAX_PAGES
from blogwright.store import Store

IndexBuilder = Callable[[list[Source], EventSink | None], PassageIndex]


def cited_notes(request: WriteRequest) -> tuple[WriteRequest, list[Source]]:
    """Notes that name their page (`- fact [n]` + `[n]: URL "Title"`, what `blogwright research`
    prints) become that page's Source; the request keeps the other notes."""
    notes, cited = split_cited(request.brief.notes)
    if not cited:
        return request, []
    return request.with_options(brief=request.brief.model_copy(update={"notes": notes})), cited


def provider_of(request: WriteRequest) -> SearchProvider | None:
    """The search provider a researched write uses (None without research); a bad spec or a missing
    key is BadInput, so a front end can call this before any model loads."""
    return get_provider(request.search) if request.research else None


def allow_private(flag: bool | None) -> bool:
    """The write's flag, else the global --allow-private-urls, $BLOGWRIGHT_ALLOW_PRIVATE_URLS or the config."""
    return bool(flag) if flag is not None else private_allowed()


def max_pages() -> int:
    try:
        return int(section("search").get("max_pages") or MAX_PAGES)
    except (TypeError, ValueError):
        raise BadInput("search.max_pages must be a whole number") from None


def fetcher(store: Store, allow_private_urls: bool | None) -> Fetcher:
    """Pages through the outbound policy, cached in the log; `search.per_host` pages per host at most
    (default 3) and `search.pause` seconds between two requests to one host (default 1)."""
    cfg = section("search")
    try:
        per_host = int(cfg.get("per_host") or 3)
        pause = float(cfg.get("pause") if cfg.get("pause") is not None else 1.0)
    except (TypeError, ValueError):
        raise BadInput("search.per_host must be a whole number and search.pause a number of seconds") from None
    return Fetcher(cache=PageCache(store) if store.enabled else None, allow_private=allow_private(allow_private_urls),
                   per_host=per_host, pause_s=pause)


def make_finder(store: Store, index: PassageIndex | None, request: WriteRequest, build: IndexBuilder,
                on_event: EventSink | None = None) -> Finder | None:
    """The pipeline's finder for a write (see `pipeline.run.find_sources`), or None when it neither
    researches nor has a library to read. `store`: the run's log (searches and pages are kept in it;
    the library is read from it). `request.library` None: on when the log's library has files.
    `build`: indexes the user's sources and the found ones together."""
    provider = provider_of(request)
    library = request.library
    if library is None:
        library = store.enabled and Library(store).count()[0] > 0
    if provider is None and not library:
        return None

    def note(text: str) -> None:
        if on_event:
            on_event(Note(stage="plan", text=text))

    def find(topic: str, sections: list[tuple[str, str]]) -> PassageIndex | None:
        found: list[Source] = []
        if provider is not None:
            try:
                findings = research(topic, sections, provider=provider, fetcher=fetcher(store, request.allow_private_urls),
                                    searches=SearchCache(store) if store.enabled else None, progress=note,
                                    max_pages=max_pages())
            except BadInput as exc:
                note(f"research: {exc}; writing without it")
            else:
                found += findings.sources
                for problem in findings.problems[:3]:
                    note(f"research: {problem}")
                note(f"research: {len(findings.sources)} page(s) read ({findings.offline} from the log) "
                     f"for {len(findings.queries)} searches")
        if library:
            if store.enabled:
                lib_sources = Library(store).sources_for(queries_for(topic, sections))
            else:  # --library with --no-log: the library still lives in the log
                with Store() as lib_store:
                    lib_sources = Library(lib_store).sources_for(queries_for(topic, sections))
            found += lib_sources
            note(f"library: {len(lib_sources)} file(s) or article(s) with passages for this post")
        if not found:
            return None
        mine = list(index.sources.values()) if index is not None else []
        return build(mine + found, on_event)

    return find
