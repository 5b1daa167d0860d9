"""Search providers by spec, chosen like models: `searxng:URL`, `duckduckgo`, `brave`, `tavily`, `fake`.

One small interface: a provider has a `name` and `search(query, n) -> list[SearchResult]`. Plugins
register a factory under the `blogwright.search_providers` entry-point group; the factory gets the
text after the colon (or '') and returns a provider. API keys come from the environment
(`BRAVE_API_KEY`, `TAVILY_API_KEY`) or the config's `search:` section; the config's `search.default`
(else `$BLOGWRIGHT_SEARCH`) is the provider `--search` means when it is not given.

The provider's own endpoint is the user's choice (like a model's base URL), so it is reached with a
plain client; the pages the results name go through the outbound policy (research/fetch.py).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from blogwright.core.config import section
from blogwright.core.errors import BadInput, SourceProblem
from blogwright.core.http import Policy, client, user_agent
from blogwright.core.registry import Registry

SEARCH_SPECS = "searxng:URL, duckduckgo, brave, tavily or fake"
TIMEOUT_S = 15.0
USER_AGENT = user_agent("research: reads pages a user asked to research; obeys robots.txt")
# the search API is the user's choice (like a model's base URL): a SearXNG on the LAN is allowed
SEARCH_POLICY = Policy("search API", max_bytes=5_000_000, timeout=TIMEOUT_S, allow_private=True, error=SourceProblem)


@dataclass(frozen=True)
class SearchResult:
    url: str
    title: str = ""
    snippet: str = ""

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


class SearchProvider(Protocol):
    name: str

    def search(self, query: str, n: int = 5) -> list[SearchResult]: ...


Factory = Callable[[str], SearchProvider]


def _results(items: Any, url_key: str = "url", title_key: str = "title", snippet_key: str = "content") -> list[SearchResult]:
    """SearchResults from a list of dicts, whatever junk a server puts in it."""
    out: list[SearchResult] = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        url = str(item.get(url_key) or "").strip()
        if url.lower().startswith(("http://", "https://")):
            out.append(SearchResult(url=url, title=str(item.get(title_key) or "").strip(),
                                    snippet=str(item.get(snippet_key) or "").strip()))
    return out


def _json(method: str, url: str, what: str, **kwargs: Any) -> Any:
    """The JSON answer of a search API; SourceProblem (one line) when it fails."""
    import httpx

    try:
        with client(SEARCH_POLICY) as http:
            resp = http.request(method, url, **kwargs)
    except httpx.HTTPError as exc:
        raise SourceProblem(f"{what}: cannot reach {url.split('?')[0]} ({str(exc) or type(exc).__name__})") from None
    if resp.status_code >= 400:
        raise SourceProblem(f"{what}: the search API answered HTTP {resp.status_code}")
    try:
        return resp.json()
    except ValueError:
        raise SourceProblem(f"{what}: the search API did not answer JSON") from None


class SearXNG:
    """A SearXNG instance's JSON API (`/search?q=...&format=json`; the instance must allow the json format)."""

    def __init__(self, base_url: str):
        base = (base_url or section("search").get("searxng_url") or os.environ.get("SEARXNG_URL") or "").strip()
        if not base.lower().startswith(("http://", "https://")):
            raise BadInput("name the SearXNG instance: --search searxng:http://HOST:PORT (or search.searxng_url in the config)")
        self.base = base.rstrip("/")
        self.name = f"searxng:{self.base}"

    def search(self, query: str, n: int = 5) -> list[SearchResult]:
        data = _json("GET", f"{self.base}/search", "searxng", params={"q": query, "format": "json"})
        return _results(data.get("results") if isinstance(data, dict) else None)[:n]


class DuckDuckGo:
    """No key: the `ddgs` package (a metasearch client)."""

    name = "duckduckgo"

    def __init__(self, _: str = ""):
        pass

    def search(self, query: str, n: int = 5) -> list[SearchResult]:
        try:
            from ddgs import DDGS
        except ImportError:
            raise BadInput("--search duckduckgo needs the ddgs package (pip install ddgs)") from None
        try:
            items = DDGS().text(query, max_results=n) or []
        except Exception as exc:  # noqa: BLE001 - ddgs raises its own errors for every network failure
            raise SourceProblem(f"duckduckgo: {type(exc).__name__}: {exc}") from None
        return _results(items, url_key="href", snippet_key="body")[:n]


def _key(name: str, env: str) -> str:
    key = os.environ.get(env) or str(section("search").get(f"{name}_api_key") or "")
    if not key.strip():
        raise BadInput(f"--search {name} needs an API key: set {env} or `blogwright config set search.{name}_api_key KEY`")
    return key.strip()


class _Keyed:
    """A hosted search API: its key from the environment variable `ENV` or the config."""

    name = ""
    ENV = ""

    def __init__(self, _: str = ""):
        self.key = _key(self.name, self.ENV)


class Brave(_Keyed):
    name, ENV = "brave", "BRAVE_API_KEY"
    URL = "https://api.search.brave.com/res/v1/web/search"

    def search(self, query: str, n: int = 5) -> list[SearchResult]:
        data = _json("GET", self.URL, "brave", params={"q": query, "count": n},
                     headers={"X-Subscription-Token": self.key, "Accept": "application/json"})
        web = data.get("web") if isinstance(data, dict) else None
        return _results(web.get("results") if isinstance(web, dict) else None, snippet_key="description")[:n]


class Tavily(_Keyed):
    name, ENV = "tavily", "TAVILY_API_KEY"
    URL = "https://api.tavily.com/search"

    def search(self, query: str, n: int = 5) -> list[SearchResult]:
        data = _json("POST", self.URL, "tavily", json={"query": query, "max_results": n},
                     headers={"Authorization": f"Bearer {self.key}"})
        return _results(data.get("results") if isinstance(data, dict) else None)[:n]


class FakeSearch:
    """The test double: answers from a dict of query -> results (every query gets `default`)."""

    name = "fake"

    def __init__(self, _: str = "", results: dict[str, list[SearchResult]] | None = None,
                 default: list[SearchResult] | None = None):
        self.results = results or {}
        self.default = default or []
        self.queries: list[str] = []

    def search(self, query: str, n: int = 5) -> list[SearchResult]:
        self.queries.append(query)
        return list(self.results.get(query, self.default))[:n]


BUILTIN: dict[str, Factory] = {"searxng": SearXNG, "duckduckgo": DuckDuckGo, "ddg": DuckDuckGo, "brave": Brave,
                               "tavily": Tavily, "fake": FakeSearch}


PROVIDERS: Registry[Factory] = Registry("blogwright.search_providers", BUILTIN, "search provider")


def registry() -> dict[str, Factory]:
    """Every provider factory by name: the built-ins, then plug-ins' (`core.registry`)."""
    return PROVIDERS.all()


def default_search(flag: str | None = None) -> str:
    """The provider spec: --search, else $BLOGWRIGHT_SEARCH, else the config's `search.default`, else duckduckgo."""
    for value in (flag, os.environ.get("BLOGWRIGHT_SEARCH"), section("search").get("default")):
        if value and str(value).strip():
            return str(value).strip()
    return "duckduckgo"


def get_provider(spec: str | None = None) -> SearchProvider:
    """The provider a `--search` spec names (None: the default)."""
    spec = default_search(spec)
    prefix, _, rest = spec.partition(":")
    if prefix not in PROVIDERS:
        plugins = PROVIDERS.plugins()
        raise BadInput(f"unknown search provider {spec!r}: use {SEARCH_SPECS}"
                       + (f" (plugins: {', '.join(plugins)})" if plugins else ""))
    return PROVIDERS.get(prefix)(rest)
