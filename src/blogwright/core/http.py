"""Every outbound HTTP request blogwright makes goes through here: one policy, one-line errors.

    page = fetch(url, SOURCE)                       # Fetched(url, status, content_type, data)
    with client(Policy("WordPress", allow_private=True), auth=(user, pw)) as http:   # REST clients
        http.get(...)
    with deadline(30):                              # an overall deadline for whatever runs inside
        ...

The rules, for every request and every redirect hop:
- `http` and `https` only, at most `max_redirects` redirects (each hop checked again);
- public addresses only, unless private ones are allowed (`Policy.allow_private`, the global
  `--allow-private-urls`, $BLOGWRIGHT_ALLOW_PRIVATE_URLS=1 or `network.allow_private_urls: true` in the
  config). The check runs on the address the socket connects to, resolved at connect time (a name that
  resolves to a public address when checked and to 127.0.0.1 when connecting cannot slip through), with
  the standard `ipaddress` properties; an IPv4 address carried inside an IPv6 one (mapped
  `::ffff:0:0/96`, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`, Teredo, IPv4-compatible `::/96`) is checked
  as that IPv4 address. Every address a name resolves to must be public;
- an overall deadline (not only per read: a server that sends one byte a second is cut off), at most
  `max_bytes` bytes of body, an allowed content type;
- a User-Agent naming blogwright, its version and the purpose;
- no proxy from the environment (the address check must see the real destination);
- every failure is one line, raised as `policy.error` (a `core.errors.BlogwrightError`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import ipaddress
import os
import socket
import threading
import time
import urllib.robotparser
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

from blogwright import __version__
from blogwright.core.config import section
from blogwright.core.errors import BadInput, BlogwrightError
from blogwright.core.limits import human_size, limit
from blogwright.core.redact import redact

__all__ = ["AddressRefused", "Budget", "BudgetExceeded", "Fetched", "HostLimiter", "robots_allow", "Policy", "address_problem", "allow_private_urls", "check_host", "client", "deadline",
           "fetch", "private_allowed", "resolve", "user_agent", "within"]

_ALLOW: list[bool | None] = [None]  # set by the global --allow-private-urls


def allow_private_urls(value: bool | None) -> None:
    """`--allow-private-urls`: this process may fetch loopback, LAN and link-local addresses."""
    _ALLOW[0] = value


def private_allowed() -> bool:
    """The flag, else $BLOGWRIGHT_ALLOW_PRIVATE_URLS, else `network.allow_private_urls` in the config."""
    if _ALLOW[0] is not None:
        return _ALLOW[0]
    env = os.environ.get("BLOGWRIGHT_ALLOW_PRIVATE_URLS", "").strip().lower()
    if env:
        return env in ("1", "true", "yes", "on")
    return section("network").get("allow_private_urls") is True


@dataclass(frozen=True)
class Policy:
    """What one kind of request may do. `timeout` is the overall deadline of one `fetch`, in seconds."""

    purpose: str
    max_bytes: int = 2_000_000
    timeout: float = 20.0
    allow_private: bool | None = None  # None: `private_allowed()`
    content_types: tuple[str, ...] = ()  # allowed prefixes ("text/", "image/"); empty: any
    max_redirects: int = 5
    error: type[BlogwrightError] = BadInput
    headers: dict[str, str] = field(default_factory=dict)

    def private_ok(self) -> bool:
        return private_allowed() if self.allow_private is None else self.allow_private


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    status: int
    content_type: str  # lower case, without parameters
    data: bytes


def user_agent(purpose: str) -> str:
    return f"blogwright/{__version__} (+{purpose}; https://github.com/blogwright/blogwright)"


# ---------------------------------------------------------------------------------------- addresses

_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _embedded(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    found = [ip.ipv4_mapped, ip.sixtofour, ip.teredo[1] if ip.teredo else None]
    if ip in _NAT64:
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    if int(ip) >> 32 == 0 and int(ip) > 1:  # IPv4-compatible ::a.b.c.d (deprecated)
        found.append(ipaddress.IPv4Address(int(ip)))
    return [a for a in found if a is not None]


def address_problem(address: str | ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why `address` is not a public one (None when it is): loopback, private, link-local, multicast,
    reserved, unspecified or otherwise not global, also when an IPv4 address is embedded in IPv6."""
    try:
        ip = ipaddress.ip_address(str(address).split("%", 1)[0])
    except ValueError:
        return f"{str(address)[:60]!r} is not an IP address"
    if isinstance(ip, ipaddress.IPv6Address):
        for inner in _embedded(ip):
            why = address_problem(inner)
            if why:
                return f"{ip} carries {why}"
    for kind in ("loopback", "link_local", "private", "multicast", "unspecified", "reserved"):
        if getattr(ip, f"is_{kind}"):
            return f"{ip} is a {kind.replace('_', '-')} address"
    if not ip.is_global:
        return f"{ip} is not a public address"
    return None


def resolve(host: str, port: int | None = None) -> list[str]:
    """The addresses `host` resolves to (tests replace this: their names do not resolve)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class AddressRefused(httpcore.ConnectError):
    """The connection would go to an address the policy forbids."""


def _checked(host: str, port: int | None, allow_private: bool) -> list[str]:
    """The addresses to connect to for `host`: all of them must be public unless private ones are allowed."""
    host = host.strip("[]")
    try:
        found = resolve(host, port)
    except (OSError, UnicodeError) as exc:
        raise AddressRefused(f"{host} does not resolve ({exc.strerror if isinstance(exc, OSError) else exc})") \
            from None
    if not found:
        raise AddressRefused(f"{host} does not resolve")
    if not allow_private:
        for address in found:
            why = address_problem(address)
            if why:
                raise AddressRefused(f"{host} is not a public address ({why}); not fetched "
                                     "(--allow-private-urls allows it)")
    return found


def check_host(host: str, allow_private: bool | None = None, what: str = "URL") -> None:
    """BadInput when `host` resolves to a non-public address (unless private ones are allowed): for a URL
    named by someone else (a web form's WordPress target) before credentials go to it."""
    if allow_private if allow_private is not None else private_allowed():
        return
    try:
        _checked(host, None, False)
    except AddressRefused as exc:
        raise BadInput(f"{what}: {exc}") from None


# ------------------------------------------------------------------------ the connect-time guard

class BudgetExceeded(httpcore.ReadError):
    """More bytes arrived than the budget allows."""


@dataclass
class Budget:
    """An absolute deadline (time.monotonic) and a number of bytes that may still be read, shared by
    every socket read made inside `within(budget)` (a model call's stream, its retries)."""

    end: float | None = None
    bytes_left: int | None = None

    @classmethod
    def of(cls, seconds: float | None = None, max_bytes: int | None = None) -> Budget:
        return cls(None if seconds is None else time.monotonic() + seconds, max_bytes)

    def passed(self) -> bool:
        return self.end is not None and time.monotonic() >= self.end


_BUDGET: ContextVar[Budget | None] = ContextVar("blogwright_http_budget", default=None)


def _remaining(timeout: float | None) -> float | None:
    budget = _BUDGET.get()
    if budget is None or budget.end is None:
        return timeout
    left = budget.end - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("the overall deadline passed")
    return left if timeout is None else min(timeout, left)


def _spend(n: int) -> None:
    budget = _BUDGET.get()
    if budget is not None and budget.bytes_left is not None:
        budget.bytes_left -= n
        if budget.bytes_left < 0:
            raise BudgetExceeded("more bytes than allowed")


class _Stream(httpcore.NetworkStream):
    """A socket whose reads and writes stop at the overall deadline (`deadline()`)."""

    def __init__(self, inner: httpcore.NetworkStream):
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        data = self._inner.read(max_bytes, _remaining(timeout))
        _spend(len(data))
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _remaining(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        return _Stream(self._inner.start_tls(ssl_context, server_hostname, _remaining(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    """Resolves the host itself, checks every address, connects only to a checked one."""

    def __init__(self, allow_private: bool):
        self._inner = httpcore.SyncBackend()
        self.allow_private = allow_private

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Any = None) -> httpcore.NetworkStream:
        last: Exception | None = None
        for address in _checked(host, port, self.allow_private):
            try:
                return _Stream(self._inner.connect_tcp(address, port, _remaining(timeout), local_address,
                                                       socket_options))
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        raise last or AddressRefused(f"{host} does not resolve")

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Any = None) -> httpcore.NetworkStream:
        raise AddressRefused("unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport with the connect-time address check and the overall deadline."""

    def __init__(self, allow_private: bool):
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(),
                                             network_backend=_Backend(allow_private))


@contextlib.contextmanager
def within(budget: Budget | None) -> Iterator[Budget | None]:
    """Socket reads and writes made inside stop at the budget's deadline and after its bytes (a nested
    budget replaces the outer one while it is in force)."""
    if budget is None:
        yield None
        return
    token = _BUDGET.set(budget)
    try:
        yield budget
    finally:
        _BUDGET.reset(token)


def deadline(seconds: float | None, max_bytes: int | None = None) -> contextlib.AbstractContextManager[Budget | None]:
    """`within` a budget of `seconds` from now (and at most `max_bytes`)."""
    return within(None if seconds is None and max_bytes is None else Budget.of(seconds, max_bytes))


# ----------------------------------------------------------------------------------- the client

def shown(url: str | httpx.URL) -> str:
    """A URL as shown in a message: through `core.redact.redact` (no user info, no key in the query),
    at most 200 characters."""
    text = redact(str(url))
    return text if len(text) <= 200 else text[:199] + "…"


def _request_check(policy: Policy) -> Any:
    """An httpx request hook: scheme and address checked before every request and redirect hop (the
    connect-time check is the one that counts; this one also covers test transports and gives the
    message)."""

    def check(request: httpx.Request) -> None:
        if request.url.scheme not in ("http", "https") or not request.url.host:
            raise policy.error(f"{shown(request.url)}: only http(s) URLs are fetched")
        if not policy.private_ok():
            try:
                _checked(request.url.host, request.url.port, False)
            except AddressRefused as exc:
                raise policy.error(f"{shown(request.url)}: {exc}") from None

    return check


def _length_check(policy: Policy) -> Any:
    """An httpx response hook: an answer that declares more than `policy.max_bytes` is refused unread."""

    def check(response: httpx.Response) -> None:
        try:
            length = int(response.headers.get("content-length") or 0)
        except ValueError:
            length = 0
        if length > policy.max_bytes:
            raise policy.error(f"{shown(response.request.url)}: {human_size(length)} is over the "
                               f"{human_size(policy.max_bytes)} limit for a {policy.purpose}")

    return check


def client(policy: Policy, transport: httpx.BaseTransport | None = None, headers: dict[str, str] | None = None,
           auth: Any = None, follow_redirects: bool = True) -> httpx.Client:
    """An httpx client that follows `policy` (per-read timeout `policy.timeout`; wrap calls in
    `deadline()` for an overall one). `transport` is for tests (httpx.MockTransport)."""
    return httpx.Client(
        transport=transport or GuardedTransport(policy.private_ok()), trust_env=False, auth=auth,
        timeout=httpx.Timeout(policy.timeout, connect=min(policy.timeout, 10.0)),
        follow_redirects=follow_redirects, max_redirects=policy.max_redirects,
        headers={"User-Agent": user_agent(policy.purpose), **policy.headers, **(headers or {})},
        event_hooks={"request": [_request_check(policy)], "response": [_length_check(policy)]})


def describe_error(exc: httpx.HTTPError, timeout: float | None = None) -> str:
    """One line for an httpx failure (the refused address when that is the cause)."""
    cause = exc.__cause__
    if isinstance(cause, AddressRefused):
        return str(cause)
    if isinstance(cause, BudgetExceeded):
        return "the answer is over its size limit"
    if isinstance(exc, httpx.TimeoutException):
        return f"no answer within {timeout:g} s (timed out)" if timeout else "timed out"
    if isinstance(exc, httpx.TooManyRedirects):
        return "too many redirects"
    if isinstance(exc, httpx.UnsupportedProtocol):
        return "only http(s) URLs are fetched"
    why = " ".join(str(exc).split())[:200] or type(exc).__name__
    return f"cannot fetch it ({why})" + ("; no network?" if isinstance(exc, httpx.ConnectError) else "")


def _content_type(resp: httpx.Response) -> str:
    return resp.headers.get("content-type", "").split(";", 1)[0].strip().lower()


def fetch(url: str, policy: Policy, transport: httpx.BaseTransport | None = None) -> Fetched:
    """GET `url` under `policy`: the body (at most `policy.max_bytes`, within `policy.timeout` seconds
    overall), or `policy.error` with one line saying why not."""
    where = shown(url)
    cap = policy.max_bytes
    try:
        with deadline(policy.timeout) as budget, client(policy, transport) as http, http.stream("GET", url) as resp:
            if resp.status_code >= 400:
                raise policy.error(f"{where}: the server answered HTTP {resp.status_code}")
            ctype = _content_type(resp)
            if policy.content_types and ctype and not ctype.startswith(policy.content_types):
                raise policy.error(f"{where}: the server sent {ctype[:60]!r}, not {' or '.join(policy.content_types)}")
            buf = bytearray()
            for chunk in resp.iter_bytes():
                buf += chunk
                if len(buf) > cap:
                    raise policy.error(f"{where}: more than {human_size(cap)}, the limit for a {policy.purpose}")
                if budget is not None and budget.passed():
                    raise httpx.ReadTimeout("the overall deadline passed")
            return Fetched(str(resp.url), resp.status_code, ctype, bytes(buf))
    except httpx.HTTPError as exc:
        raise policy.error(f"{where}: {describe_error(exc, policy.timeout)}") from None
    except httpcore.TimeoutException:  # raised by the deadline outside httpx's mapping
        raise policy.error(f"{where}: {describe_error(httpx.ReadTimeout(''), policy.timeout)}") from None


def source_policy(timeout: float = 10.0, max_bytes: int | None = None) -> Policy:
    """A web page or document given as a source (or found by research)."""
    return Policy("source", max_bytes=max_bytes or limit("source"), timeout=timeout,
                  content_types=("text/", "application/pdf", "application/xhtml", "application/xml",
                                 "application/json", "application/octet-stream", "application/markdown"))


# ------------------------------------------------------------------ for crawlers (web research)

_ROBOTS: dict[str, urllib.robotparser.RobotFileParser] = {}
_ROBOTS_LOCK = threading.Lock()


def robots_allow(url: str, policy: Policy, transport: httpx.BaseTransport | None = None) -> bool:
    """Whether the site's robots.txt lets blogwright's User-Agent fetch `url` (fetched once per site
    and process under `policy`, at most 500 kB; a robots.txt that cannot be fetched allows everything,
    as crawlers do; one that answers 401/403 allows nothing)."""
    parts = urlsplit(url)
    site = f"{parts.scheme}://{parts.netloc}"
    with _ROBOTS_LOCK:
        parser = _ROBOTS.get(site)
    if parser is None:
        parser = urllib.robotparser.RobotFileParser()
        robots = dataclasses.replace(policy, max_bytes=500_000, content_types=(), timeout=min(policy.timeout, 10.0))
        try:
            got = fetch(f"{site}/robots.txt", robots, transport)
            parser.parse(got.data.decode("utf-8", "replace").splitlines())
        except BlogwrightError as exc:
            if "HTTP 401" in str(exc) or "HTTP 403" in str(exc):
                parser.disallow_all = True
            else:
                parser.allow_all = True
        with _ROBOTS_LOCK:
            _ROBOTS[site] = parser
    return parser.can_fetch(user_agent(policy.purpose), url)


class HostLimiter:
    """At most one request per `interval` seconds to each host (thread-safe): `limiter.wait(url)`
    before each request sleeps as long as that host needs."""

    def __init__(self, interval: float = 1.0, sleep: Any = time.sleep, clock: Any = time.monotonic):
        self.interval, self._sleep, self._clock = interval, sleep, clock
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, url: str) -> float:
        """Sleep until `url`'s host may be asked again; returns the seconds slept."""
        host = (urlsplit(url).hostname or "").lower()
        with self._lock:
            now = self._clock()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + self.interval
        delay = start - now
        if delay > 0:
            self._sleep(delay)
        return delay
