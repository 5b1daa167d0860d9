"""Fetching the pages a search named: the outbound policy, robots.txt, a user agent, a per-host limit.

`http_get` is the one seam to the outbound HTTP policy (public addresses only unless allowed,
every redirect re-checked, a size and a time cap, content types checked). `Fetcher` adds what
research needs on top: robots.txt obeyed (protego), a clear user agent, at most `per_host` pages
from one host per research and a pause between two requests to one host, and the SQLite log as a
cache (`research/cache.py`): a page fetched once is read from the log after, so a rerun is offline.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from blogwright.core.errors import SourceProblem
from blogwright.core.limits import limit
from blogwright.research.cache import Page, PageCache
from blogwright.research.providers import USER_AGENT

ROBOTS_AGENT = "blogwright-research"
CONTENT_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "text/markdown", "application/pdf")
MAX_REDIRECTS = 5
TIMEOUT_S = 15.0


@dataclass
class Answer:
    url: str  # the final URL, after redirects
    status: int
    content_type: str
    body: bytes


def _check_address(url: str, allow_private: bool) -> None:
    """SourceProblem unless `url` is http(s) and its host resolves to public addresses only."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SourceProblem(f"{url}: only http and https pages are fetched")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80),
                                   type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise SourceProblem(f"{url}: cannot resolve {parts.hostname} ({exc})") from None
    for info in infos:
        addr = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not addr.is_global:
            raise SourceProblem(f"{url}: {parts.hostname} is a private or local address ({addr}); "
                                "pass --allow-private-urls (or set search.allow_private_urls) for an intranet page")


def http_get(url: str, *, allow_private: bool = False, max_bytes: int | None = None, timeout: float = TIMEOUT_S,
             user_agent: str = USER_AGENT, content_types: tuple[str, ...] = CONTENT_TYPES) -> Answer:
    """GET under the outbound policy; SourceProblem (one line) for everything refused or failed.
    The seam to `core.http` (issue 27) once it is on main."""
    import httpx

    max_bytes = max_bytes or limit("source")
    deadline = time.monotonic() + timeout
    try:
        with httpx.Client(timeout=timeout, follow_redirects=False, headers={"User-Agent": user_agent}) as client:
            for _ in range(MAX_REDIRECTS + 1):
                _check_address(url, allow_private)
                with client.stream("GET", url) as resp:
                    if resp.is_redirect and resp.headers.get("location"):
                        url = urljoin(url, resp.headers["location"])
                        continue
                    ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
                    if resp.status_code < 400 and content_types and ctype not in content_types:
                        raise SourceProblem(f"{url}: {ctype or 'no content type'} is not a page to read; skipped")
                    if int(resp.headers.get("content-length") or 0) > max_bytes:
                        raise SourceProblem(f"{url}: over the {max_bytes:,}-byte limit for a page; skipped")
                    chunks, total = [], 0
                    for chunk in resp.iter_bytes():
                        total += len(chunk)
                        if total > max_bytes:
                            raise SourceProblem(f"{url}: over the {max_bytes:,}-byte limit for a page; skipped")
                        if time.monotonic() > deadline:
                            raise SourceProblem(f"{url}: not read within {timeout:g} s; skipped")
                        chunks.append(chunk)
                    return Answer(url=url, status=resp.status_code, content_type=ctype, body=b"".join(chunks))
    except httpx.TimeoutException:
        raise SourceProblem(f"{url}: no answer within {timeout:g} s (timed out); skipped") from None
    except httpx.HTTPError as exc:
        raise SourceProblem(f"{url}: cannot fetch it ({str(exc) or type(exc).__name__}); skipped") from None
    raise SourceProblem(f"{url}: more than {MAX_REDIRECTS} redirects; skipped")


@dataclass
class Fetcher:
    """Fetches pages politely and caches them in the log; see the module doc."""

    cache: PageCache | None = None
    allow_private: bool = False
    per_host: int = 4
    pause_s: float = 1.0
    user_agent: str = USER_AGENT
    offline: bool = False  # only pages already in the log
    _robots: dict[str, object] = field(default_factory=dict)
    _count: dict[str, int] = field(default_factory=dict)
    _last: dict[str, float] = field(default_factory=dict)

    def _host(self, url: str) -> str:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}".lower()

    def _wait(self, host: str) -> None:
        gap = time.monotonic() - self._last.get(host, -1e9)
        if gap < self.pause_s:
            time.sleep(self.pause_s - gap)
        self._last[host] = time.monotonic()

    def allowed(self, url: str) -> bool:
        """robots.txt of the URL's host lets our agent read it (no robots.txt, or an unreadable one: yes)."""
        from protego import Protego

        host = self._host(url)
        if host not in self._robots:
            text = ""
            cached = self.cache.get(host + "/robots.txt") if self.cache else None
            if cached is not None:
                text = cached.body.decode("utf-8", "replace") if cached.status < 400 else ""
            elif not self.offline:
                try:
                    self._wait(host)
                    ans = http_get(host + "/robots.txt", allow_private=self.allow_private, max_bytes=500_000,
                                   user_agent=self.user_agent, content_types=())
                    text = ans.body.decode("utf-8", "replace") if ans.status < 400 else ""
                    if self.cache:
                        self.cache.put(Page(url=host + "/robots.txt", final_url=ans.url, status=ans.status,
                                            content_type=ans.content_type, body=text.encode()))
                except SourceProblem:
                    text = ""
            try:
                self._robots[host] = Protego.parse(text)
            except Exception:  # noqa: BLE001 - a garbled robots.txt is no robots.txt
                self._robots[host] = Protego.parse("")
        return bool(self._robots[host].can_fetch(url, ROBOTS_AGENT))  # type: ignore[attr-defined]

    def fetch(self, url: str) -> Page:
        """The page (from the log when it is there); problems are in `.problem`, never raised."""
        if self.cache is not None:
            hit = self.cache.get(url)
            if hit is not None:
                hit.cached = True
                return hit
        if self.offline:
            return Page(url=url, problem=f"{url}: not in the log (offline)")
        host = self._host(url)
        if self._count.get(host, 0) >= self.per_host:
            return Page(url=url, problem=f"{url}: already {self.per_host} pages from {host}; skipped")
        try:
            if not self.allowed(url):
                page = Page(url=url, problem=f"{url}: robots.txt asks robots not to read it; skipped")
            else:
                self._wait(host)
                self._count[host] = self._count.get(host, 0) + 1
                ans = http_get(url, allow_private=self.allow_private, user_agent=self.user_agent)
                page = Page(url=url, final_url=ans.url, status=ans.status, content_type=ans.content_type, body=ans.body,
                            problem=f"{url}: the server answered HTTP {ans.status}; skipped" if ans.status >= 400 else "")
        except SourceProblem as exc:
            page = Page(url=url, problem=str(exc))
        if self.cache is not None and not page.problem.startswith(f"{url}: already"):
            self.cache.put(page)
        return page
