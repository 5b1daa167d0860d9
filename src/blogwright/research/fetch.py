"""Fetching the pages a search named: the outbound policy, robots.txt, a user agent, a per-host limit.

`http_get` goes through `core.http`, the one outbound HTTP policy (public addresses only unless
allowed, checked at connect time and on every redirect, a size and a time cap, content types). `Fetcher` adds what
research needs on top: robots.txt obeyed and a pause between two requests to one host (both from
`core.http`: `robots_allow`, `HostLimiter`), a clear user agent, at most `per_host` pages from one
host per research, and the SQLite log as a cache (`research/cache.py`): a page fetched once is read from the log after, so a rerun is offline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from blogwright.core.errors import SourceProblem
from blogwright.core.http import HostLimiter, Policy, fetch, robots_allow
from blogwright.core.limits import limit
from blogwright.research.cache import Page, PageCache
from blogwright.research.providers import USER_AGENT

ROBOTS_AGENT = "blogwright-research"
CONTENT_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "text/markdown", "application/pdf")
TIMEOUT_S = 15.0


@dataclass
class Answer:
    url: str  # the final URL, after redirects
    status: int
    content_type: str
    body: bytes


def http_get(url: str, *, allow_private: bool = False, max_bytes: int | None = None, timeout: float = TIMEOUT_S,
             user_agent: str = USER_AGENT, content_types: tuple[str, ...] = CONTENT_TYPES) -> Answer:
    """GET under the one outbound policy (`core.http`: public addresses only unless allowed, checked at
    connect time and on every redirect, an overall deadline, a byte cap, content types); SourceProblem
    (one line) for everything refused or failed."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise SourceProblem(f"{url}: only http and https pages are fetched")
    policy = Policy("research page", max_bytes=max_bytes or limit("source"), timeout=timeout,
                    allow_private=allow_private, content_types=content_types, error=SourceProblem,
                    headers={"User-Agent": user_agent})
    got = fetch(url, policy)
    return Answer(url=got.url, status=got.status, content_type=got.content_type, body=got.data)


@dataclass
class Fetcher:
    """Fetches pages politely and caches them in the log; see the module doc."""

    cache: PageCache | None = None
    allow_private: bool = False
    per_host: int = 4
    pause_s: float = 1.0
    user_agent: str = USER_AGENT
    offline: bool = False  # only pages already in the log
    _count: dict[str, int] = field(default_factory=dict)
    _limiter: HostLimiter | None = None

    def _host(self, url: str) -> str:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}".lower()

    def _policy(self) -> Policy:
        return Policy(ROBOTS_AGENT, timeout=TIMEOUT_S, allow_private=self.allow_private, error=SourceProblem,
                      headers={"User-Agent": self.user_agent})

    def allowed(self, url: str) -> bool:
        """robots.txt of the URL's host lets our agent read it (`core.http.robots_allow`: fetched once
        per site and process; none, or an unreadable one, allows everything; 401/403 allows nothing)."""
        return robots_allow(url, self._policy())

    def fetch(self, url: str) -> Page:
        """The page (from the log when it is there); problems are in `.problem`, never raised. Only pages
        actually read are logged: a refusal (the address policy, robots.txt, a network or HTTP error)
        depends on this run's flags and the network, so the next run asks again (a refusal an older
        version logged is asked again too, unless offline)."""
        if self.cache is not None:
            hit = self.cache.get(url)
            if hit is not None and (not hit.problem or self.offline):
                hit.cached = True
                return hit
        if self.offline:
            return Page(url=url, problem=f"{url}: not in the log (offline)")
        host = self._host(url)
        if self._count.get(host, 0) >= self.per_host:
            return Page(url=url, problem=f"{url}: already {self.per_host} pages from {host}; skipped")
        if self._limiter is None:
            self._limiter = HostLimiter(self.pause_s)
        try:
            if not self.allowed(url):
                page = Page(url=url, problem=f"{url}: robots.txt asks robots not to read it; skipped")
            else:
                self._limiter.wait(url)
                self._count[host] = self._count.get(host, 0) + 1
                ans = http_get(url, allow_private=self.allow_private, user_agent=self.user_agent)
                page = Page(url=url, final_url=ans.url, status=ans.status, content_type=ans.content_type, body=ans.body)
        except SourceProblem as exc:
            page = Page(url=url, problem=str(exc))
        if self.cache is not None and not page.problem:
            self.cache.put(page)
        return page
