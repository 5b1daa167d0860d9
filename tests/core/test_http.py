"""The one HTTP policy (core/http.py): public addresses only, checked on the resolved address at connect
time and on every redirect; an overall deadline; a size cap; content types; one-line errors."""

from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from blogwright.core import http
from blogwright.core.errors import BadInput, PublishError
from blogwright.grounding.sources import load_sources


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802
        try:
            if self.path == "/trickle":  # headers, then a byte every 0.3 s, forever
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                for _ in range(200):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.3)
                return
            if self.path == "/endless":  # no Content-Length, 64 kB chunks without end
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                for _ in range(10_000):
                    self.wfile.write(b"y" * 65536)
                return
            if self.path == "/redirect":
                self.send_response(302)
                self.send_header("Location", self.headers.get("X-To", "/page"))
                self.end_headers()
                return
            body = b"<html><title>T</title><p>Private words from a loopback-only page.</p></html>"
            self.send_response(200)
            self.send_header("Content-Type", "application/x-evil" if self.path == "/evil" else "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass


@pytest.fixture
def local():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


POLICY = http.Policy("test page", max_bytes=200_000, timeout=2.0)


@pytest.mark.parametrize("address, why", [
    ("127.0.0.1", "loopback"), ("10.1.2.3", "private"), ("192.168.0.1", "private"), ("169.254.169.254", "link-local"),
    ("::1", "loopback"), ("fe80::1", "link-local"), ("fc00::1", "private"), ("0.0.0.0", "private"),
    ("100.64.0.1", "not a public"), ("224.0.0.1", "multicast"), ("::ffff:127.0.0.1", "127.0.0.1"),
    ("64:ff9b::7f00:1", "127.0.0.1"), ("2002:a9fe:a9fe::", "169.254.169.254"), ("2002:7f00:1::", "127.0.0.1"),
    ("::7f00:1", "127.0.0.1"), ("2001:0:4136:e378:8000:63bf:80ff:fffe", "127.0.0.1"),  # Teredo, client 127.0.0.1
    ("fe80::1%eth0", "link-local"), ("not-an-ip", "not an IP"),
])
def test_non_public_addresses_and_ipv4_hidden_in_ipv6_are_refused(address, why):
    problem = http.address_problem(address)
    assert problem and why in problem


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "2a00:1450:4001::200e"])
def test_public_addresses_pass(address):
    assert http.address_problem(address) is None


def test_a_loopback_page_is_refused_at_connect_time_and_allowed_when_asked(local, monkeypatch):
    with pytest.raises(BadInput, match=r"127\.0\.0\.1 is a loopback address.*--allow-private-urls"):
        http.fetch(f"{local}/page", POLICY)
    got = http.fetch(f"{local}/page", http.Policy("test page", allow_private=True))
    assert b"Private words" in got.data and got.content_type == "text/html"
    monkeypatch.setenv("BLOGWRIGHT_ALLOW_PRIVATE_URLS", "1")
    assert http.fetch(f"{local}/page", POLICY).status == 200


def test_the_connect_time_check_sees_the_resolved_address_not_the_name(local, monkeypatch):
    """DNS rebinding: the request hook's look-up says public, the connect-time one says loopback."""
    port = int(local.rsplit(":", 1)[1])
    answers = iter([["93.184.216.34"]] + [["127.0.0.1"]] * 5)
    monkeypatch.setattr(http, "resolve", lambda host, port=None: next(answers))
    with pytest.raises(BadInput, match="loopback"):
        http.fetch(f"http://rebind.example:{port}/page", POLICY)


@pytest.mark.parametrize("hidden", ["64:ff9b::7f00:1", "2002:7f00:1::", "::ffff:127.0.0.1"])
def test_a_name_resolving_to_nat64_6to4_or_mapped_loopback_is_not_connected(local, monkeypatch, hidden):
    monkeypatch.setattr(http, "resolve", lambda host, port=None: [hidden])
    with pytest.raises(BadInput, match="127.0.0.1 is a loopback"):
        http.fetch("http://hidden.example/page", POLICY)


def test_every_redirect_hop_is_checked(monkeypatch):
    table = {"public.example": ["93.184.216.34"], "inner.example": ["10.0.0.7"]}
    monkeypatch.setattr(http, "resolve", lambda host, port=None: table[host])
    seen = []

    def app(req):
        seen.append(req.url.host)
        if req.url.host == "public.example":
            return httpx.Response(302, headers={"location": "http://inner.example/secret"})
        return httpx.Response(200, text="secret")

    with pytest.raises(BadInput, match=r"inner\.example.*10\.0\.0\.7 is a private address"):
        http.fetch("http://public.example/", POLICY, transport=httpx.MockTransport(app))
    assert seen == ["public.example"]


def test_non_http_schemes_and_redirect_loops_are_one_line(monkeypatch):
    monkeypatch.setattr(http, "resolve", lambda host, port=None: ["93.184.216.34"])
    loop = httpx.MockTransport(lambda req: httpx.Response(302, headers={"location": str(req.url)}))
    with pytest.raises(BadInput, match="too many redirects"):
        http.fetch("http://loop.example/", POLICY, transport=loop)
    for url in ("file:///etc/passwd", "ftp://x.example/", "gopher://x.example/"):
        with pytest.raises(BadInput, match="only http"):
            http.fetch(url, POLICY)


def test_a_server_that_trickles_bytes_is_cut_at_the_overall_deadline(local):
    t0 = time.monotonic()
    with pytest.raises(BadInput, match=r"no answer within 1 s"):
        http.fetch(f"{local}/trickle", http.Policy("test page", timeout=1.0, allow_private=True))
    assert time.monotonic() - t0 < 3


def test_an_endless_body_stops_at_the_size_cap(local):
    with pytest.raises(PublishError, match=r"more than 200 kB, the limit for a test page"):
        http.fetch(f"{local}/endless", http.Policy("test page", max_bytes=200_000, allow_private=True,
                                                   error=PublishError))


def test_a_content_type_outside_the_policy_is_refused(local):
    pol = http.Policy("test page", allow_private=True, content_types=("text/",))
    with pytest.raises(BadInput, match="application/x-evil"):
        http.fetch(f"{local}/evil", pol)


def test_the_user_agent_names_blogwright_and_the_purpose(monkeypatch):
    monkeypatch.setattr(http, "resolve", lambda host, port=None: ["93.184.216.34"])
    got = []
    transport = httpx.MockTransport(lambda req: got.append(req) or httpx.Response(200, text="ok"))
    http.fetch("http://pub.example/", POLICY, transport=transport)
    assert got[0].headers["user-agent"].startswith("blogwright/") and "test page" in got[0].headers["user-agent"]


def test_credentials_in_a_url_are_not_shown(monkeypatch):
    monkeypatch.setattr(http, "resolve", lambda host, port=None: ["127.0.0.1"])
    with pytest.raises(BadInput) as err:
        http.fetch("http://user:hunter22@x.example/", POLICY)
    assert "hunter22" not in str(err.value) and "\n" not in str(err.value)


def test_a_web_form_source_on_the_loopback_is_a_problem_and_its_text_is_not_read(local):
    """Issue 27 item 5: the text of a loopback-only page went into the prompts and the References."""
    result = load_sources([f"{local}/page"], timeout=2)
    assert not result.sources
    assert len(result.problems) == 1 and "loopback" in result.problems[0] and "skipped" in result.problems[0]


def test_unix_sockets_are_never_connected():
    with pytest.raises(http.AddressRefused):
        http._Backend(allow_private=True).connect_unix_socket("/run/docker.sock")


def test_a_closed_port_is_one_line(monkeypatch):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(BadInput, match="cannot fetch it") as err:
        http.fetch(f"http://127.0.0.1:{port}/", http.Policy("test page", allow_private=True))
    assert "\n" not in str(err.value)


def test_robots_txt_is_read_once_per_site_and_followed(monkeypatch):
    monkeypatch.setattr(http, "resolve", lambda host, port=None: ["93.184.216.34"])
    http._ROBOTS.clear()
    asked = []

    def site(req):
        asked.append(req.url.path)
        if req.url.path == "/robots.txt":
            return httpx.Response(200, text="User-agent: *\nDisallow: /private/\n")
        return httpx.Response(200, text="ok")

    transport = httpx.MockTransport(site)
    assert http.robots_allow("http://pub.example/blog/post", POLICY, transport)
    assert not http.robots_allow("http://pub.example/private/x", POLICY, transport)
    assert asked == ["/robots.txt"]


@pytest.mark.parametrize("status, allowed", [(404, True), (500, True), (403, False)])
def test_robots_txt_missing_allows_and_forbidden_refuses(monkeypatch, status, allowed):
    monkeypatch.setattr(http, "resolve", lambda host, port=None: ["93.184.216.34"])
    http._ROBOTS.clear()
    transport = httpx.MockTransport(lambda req: httpx.Response(status, text="no"))
    assert http.robots_allow(f"http://s{status}.example/page", POLICY, transport) is allowed


def test_the_host_limiter_spaces_requests_per_host():
    now = [0.0]
    slept = []
    limiter = http.HostLimiter(2.0, sleep=lambda s: (slept.append(s), now.__setitem__(0, now[0] + s)),
                               clock=lambda: now[0])
    limiter.wait("http://a.example/1")
    limiter.wait("http://a.example/2")
    limiter.wait("http://b.example/1")
    assert slept == [2.0]
