"""Guards in front of the web app (pure ASGI middleware).

- Loopback only by default; bound elsewhere, every request needs the token (query `?token=`, which
  sets a cookie, a `bw_token` cookie, or `Authorization: Bearer`).
- On loopback, the Host header must be a loopback name or address (no DNS rebinding from a web page;
  `serve --host 127.0.0.2` answers to 127.0.0.2).
- A request that changes something (any method but GET, HEAD, OPTIONS) must come from this server's
  own pages: its Origin (or, without one, its Referer) must be this host. `Origin: null` (sandboxed
  frames, `data:` pages, some redirects), another site, `Sec-Fetch-Site: cross-site` and a request
  with neither header are refused with 403, unless it carries the token as `Authorization: Bearer`
  (a script, not a browser: a web page cannot add that header to a cross-site request).
- Request bodies are capped (413 beyond `max_body`; the app caps bodies sent without a length).
"""

from __future__ import annotations

import hmac
import ipaddress
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, urlsplit

LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "[::1]"}
COOKIE = "bw_token"


def is_loopback(host: str) -> bool:
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _host_name(host_header: str) -> str:
    if host_header.startswith("["):
        return host_header.split("]")[0] + "]"
    return host_header.rsplit(":", 1)[0] if host_header.count(":") == 1 else host_header


def _same_origin(url: str, host: str) -> bool:
    """True when `url` (an Origin or a Referer) is an http(s) address of `host` (the Host header)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(host) and parts.netloc.lower() == host.lower()


async def _plain(send, status: int, text: str, headers: list | None = None) -> None:
    body = text.encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), *(headers or [])]})
    await send({"type": "http.response.body", "body": body})


class Guard:
    def __init__(self, app, *, token: str | None, loopback: bool, max_body: int = 1_000_000):
        self.app, self.token, self.loopback, self.max_body = app, token, loopback, max_body

    def _token_ok(self, scope, headers: dict[bytes, bytes]) -> tuple[bool, bool]:
        """(authorised, came in the query string: set the cookie)."""
        if not self.token:
            return True, False
        given = parse_qs(scope.get("query_string", b"").decode()).get("token", [""])[0]
        if given and hmac.compare_digest(given, self.token):
            return True, True
        auth = headers.get(b"authorization", b"").decode()
        if auth.startswith("Bearer ") and hmac.compare_digest(auth[7:].strip(), self.token):
            return True, False
        cookie = SimpleCookie(headers.get(b"cookie", b"").decode())
        if COOKIE in cookie and hmac.compare_digest(cookie[COOKIE].value, self.token):
            return True, False
        return False, False

    def _cross_site(self, headers: dict[bytes, bytes], host: str) -> str:
        """Why a state-changing request does not come from this server's pages ("" when it does)."""
        auth = headers.get(b"authorization", b"").decode("latin-1")
        if self.token and auth.startswith("Bearer ") and hmac.compare_digest(auth[7:].strip(), self.token):
            return ""  # a script with the token: no browser sends this header cross-site
        if headers.get(b"sec-fetch-site", b"").decode("latin-1").strip().lower() == "cross-site":
            return "it comes from another site"
        origin = headers.get(b"origin", b"").decode("latin-1").strip()
        if origin:
            if origin.lower() == "null":
                return "Origin: null (a sandboxed or local page)"
            return "" if _same_origin(origin, host) else f"Origin {origin[:80]} is not this server"
        referer = headers.get(b"referer", b"").decode("latin-1").strip()
        if referer:
            return "" if _same_origin(referer, host) else "the Referer is another site"
        return "no Origin or Referer header (open the page in a browser, or send the token as Authorization: Bearer)"

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        host = headers.get(b"host", b"").decode()
        if self.loopback and host and not is_loopback(_host_name(host)):
            return await _plain(send, 421, f"blogwright serves this page on localhost only, not {host}")
        ok, from_query = self._token_ok(scope, headers)
        if not ok:
            return await _plain(send, 401, "a token is needed: open the address `blogwright serve` printed "
                                           "(it ends in ?token=...)")
        if self.loopback and not host:
            return await _plain(send, 400, "a Host header is needed")
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            refused = self._cross_site(headers, host)
            if refused:
                return await _plain(send, 403, f"cross-site request refused: {refused}")
            length = headers.get(b"content-length")
            if length is not None and not length.strip().isdigit():
                return await _plain(send, 400, "the Content-Length header is not a number")
            if length is not None and int(length) > self.max_body:
                return await _plain(send, 413, f"request too large (limit {self.max_body:,} bytes)")

        async def send_with_cookie(message):
            if from_query and message["type"] == "http.response.start":
                cookie = f"{COOKIE}={self.token}; Path=/; HttpOnly; SameSite=Strict".encode()
                message = {**message, "headers": [*message.get("headers", []), (b"set-cookie", cookie)]}
            await send(message)

        await self.app(scope, receive, send_with_cookie)
