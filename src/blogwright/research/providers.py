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

import math
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from blogwright.core.config import section
from blogwright.core.errors import BadInput, SourceProblem
from blogwright.core.http import Policy, client, user_agent
from blogwright.core.registry import Registry

SEARCH_SPECS = "searxng:URL, duckduckgo, brave[:URL], tavily[:URL] or fake"
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


RATE_WAIT_MAX_S = 5.0  # a rate limit that clears within this (Retry-After) is waited out once; longer: reported


def _wait_s(resp: Any) -> float | None:
    """Seconds the API asks to wait: `Retry-After`, else `X-RateLimit-Reset` (Brave sends
    "per-second, per-month" windows: the first is the one that clears soonest)."""
    for header in ("retry-after", "x-ratelimit-reset"):
        value = (resp.headers.get(header) or "").split(",")[0].strip()
        try:
            seconds = float(value)
        except ValueError:
            continue
        if math.isfinite(seconds) and seconds >= 0:
            return seconds
    return None


def _detail(resp: Any) -> str:
    """The API's own words: Brave `{"error": {"code", "detail"}}`, Tavily `{"detail": {"error"}}`,
    SearXNG and others plain text."""
    try:
        body = resp.json()
    except ValueError:
        return " ".join(resp.text.split())[:200]
    err = body.get("error") if isinstance(body, dict) else None
    if isinstance(err, dict):  # Brave
        return " ".join(str(err.get(k)) for k in ("code", "detail") if err.get(k))[:200]
    detail = body.get("detail") if isinstance(body, dict) else None
    if isinstance(detail, dict):  # Tavily
        detail = detail.get("error")
    return str(detail or err or "")[:200]


def _json(method: str, url: str, what: str, key_hint: str = "", **kwargs: Any) -> Any:
    """The JSON answer of a search API; SourceProblem (one line saying what to do) when it fails.
    `key_hint`: where the key comes from, named when the API refuses it. A rate limit that clears
    within RATE_WAIT_MAX_S is waited out and asked once more."""
    import httpx

    for attempt in (1, 2):
        try:
            with client(SEARCH_POLICY) as http:
                resp = http.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            raise SourceProblem(f"{what}: cannot reach {url.split('?')[0]} ({str(exc) or type(exc).__name__}); "
                                "is the address right and the service up?") from None
        if resp.status_code != 429:
            break
        wait = _wait_s(resp)
        if attempt == 1 and wait is not None and wait <= RATE_WAIT_MAX_S:
            time.sleep(wait)
            continue
        after = f"; it asks to wait {wait:g} s (Retry-After)" if wait is not None else ""
        raise SourceProblem(f"{what}: rate limited (HTTP 429: {_detail(resp) or 'too many requests'}){after}: "
                            "try again later, lower search.max_pages, or use another --search provider")
    detail = _detail(resp)
    refused = resp.status_code in (401, 403) or "TOKEN_INVALID" in detail or "TOKEN_MISSING" in detail
    if refused and key_hint:
        raise SourceProblem(f"{what}: the API key was refused (HTTP {resp.status_code}: {detail}): check {key_hint}")
    if resp.status_code in (432, 433):  # Tavily: the plan's or the pay-as-you-go limit
        raise SourceProblem(f"{what}: the account's search credits are used up (HTTP {resp.status_code}: {detail}): "
                            "see the provider's dashboard, or use another --search provider")
    if resp.status_code >= 400:
        raise SourceProblem(f"{what}: the search API answered HTTP {resp.status_code}" + (f": {detail}" if detail else ""))
    try:
        return resp.json()
    except ValueError:
        raise SourceProblem(f"{what}: the search API did not answer JSON; is {url.split('?')[0]} the API's address?") from None


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
    """A hosted search API: its key from the environment variable `ENV` or the config's
    `search.<name>_api_key`; its address `BASE` unless the spec (`brave:URL`) or the config's
    `search.<name>_url` names another (a proxy, a compatible service, a test server)."""

    name = ""
    ENV = ""
    BASE = ""

    def __init__(self, base_url: str = ""):
        self.key = _key(self.name, self.ENV)
        base = (base_url or str(section("search").get(f"{self.name}_url") or "") or self.BASE).strip()
        if not base.lower().startswith(("http://", "https://")):
            raise BadInput(f"--search {self.name}:URL needs an http(s) address, not {base!r}")
        self.base = base.rstrip("/")
        self.key_hint = f"${self.ENV} or search.{self.name}_api_key"


class Brave(_Keyed):
    """Brave's Web Search API: GET /res/v1/web/search, the key in X-Subscription-Token."""

    name, ENV, BASE = "brave", "BRAVE_API_KEY", "https://api.search.brave.com"

    def search(self, query: str, n: int = 5) -> list[SearchResult]:
        data = _json("GET", f"{self.base}/res/v1/web/search", "brave", self.key_hint, params={"q": query, "count": n},
                     headers={"X-Subscription-Token": self.key, "Accept": "application/json"})
        web = data.get("web") if isinstance(data, dict) else None
        return _results(web.get("results") if isinstance(web, dict) else None, snippet_key="description")[:n]


class Tavily(_Keyed):
    """Tavily's search API: POST /search with a JSON body, the key as a Bearer token."""

    name, ENV, BASE = "tavily", "TAVILY_API_KEY", "https://api.tavily.com"

    def search(self, query: str, n: int = 5) -> list[SearchResult]:
        data = _json("POST", f"{self.base}/search", "tavily", self.key_hint, json={"query": query, "max_results": n},
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
