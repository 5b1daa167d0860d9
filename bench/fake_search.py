"""A research corpus on 127.0.0.1: a page server and a SearXNG-compatible search server (and, in
`HostedSearchAPIs`, Brave's and Tavily's APIs over the same pages).

    with CorpusServers(Path("tests/data/research/git")) as servers:
        ... --research --search searxng:{servers.search_url} --allow-private-urls ...

The page server serves each corpus file at /docs/<name>.html (as the real site does, with its
navigation, scripts and boilerplate), a robots.txt that disallows /private/, a redirect
/go/<name> -> /docs/<name>.html and a /private/secret.html that robots.txt forbids. The search
server answers `/search?q=...&format=json` like SearXNG: `{"results": [{"url", "title", "content"}]}`,
ranking the pages by how many of the query's words their text holds (title words count double).
Every request is recorded in `.log` so a test can say what was (not) fetched.

    python -m bench.fake_search tests/data/research/git   # serve by hand; prints both URLs
"""

from __future__ import annotations

import argparse
import html
import json
import math
import re
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROBOTS = "User-agent: *\nDisallow: /private/\n"
STOP = set("a an and are as at be by for from how in is it of on or the to what when why with you your vs".split())


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9][a-z0-9-]+", text.lower()) if w not in STOP]


class _Server:
    def __init__(self, handler: type[BaseHTTPRequestHandler]):
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class CorpusServers:
    def __init__(self, corpus: Path):
        self.pages = {p.stem: p.read_bytes() for p in sorted(Path(corpus).glob("*.html"))}
        self.log: list[str] = []
        self.searches: list[str] = []
        self._text = {name: html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"(?s)<(style|script).*?</\1>", " ",
                                                                         body.decode("utf-8", "replace"))))
                      for name, body in self.pages.items()}
        self._titles = {name: (re.search(r"<title>(.*?)</title>", body.decode("utf-8", "replace"), re.S) or [None, name])[1]
                        for name, body in self.pages.items()}
        self._df = Counter(w for t in self._text.values() for w in set(_words(t)))
        self.page_server = _Server(self._page_handler())
        self.search_server = _Server(self._search_handler())

    @property
    def page_url(self) -> str:
        return self.page_server.url

    @property
    def search_url(self) -> str:
        return self.search_server.url

    def rank(self, query: str, n: int = 5) -> list[str]:
        """Page names by a tf-idf score of the query's words (title words count double)."""
        q = set(_words(query))
        scores = {}
        for name, text in self._text.items():
            counts = Counter(_words(text))
            title = set(_words(self._titles[name] + " " + name))
            s = sum((1 + math.log(counts[w])) * math.log(1 + len(self.pages) / self._df[w]) * (2 if w in title else 1)
                    for w in q if counts[w])
            if s > 0:
                scores[name] = s
        return sorted(scores, key=lambda k: -scores[k])[:n]

    def _page_handler(self) -> type[BaseHTTPRequestHandler]:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _send(self, code: int, body: bytes, ctype: str = "text/html; charset=utf-8", **headers: str) -> None:
                self.send_response(code)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:  # noqa: N802
                path = urlsplit(self.path).path
                outer.log.append(path)
                if path == "/robots.txt":
                    return self._send(200, ROBOTS.encode(), "text/plain")
                if path.startswith("/go/"):
                    return self._send(302, b"", Location=f"/docs/{path[4:]}.html")
                if path == "/private/secret.html":
                    return self._send(200, b"<html><body><p>Secret words nobody may read.</p></body></html>")
                if path == "/image.png":
                    return self._send(200, b"\x89PNG....", "image/png")
                m = re.fullmatch(r"/docs/([\w.-]+)\.html", path)
                if m and m.group(1) in outer.pages:
                    return self._send(200, outer.pages[m.group(1)])
                self._send(404, b"not found")

        return Handler

    def _search_handler(self) -> type[BaseHTTPRequestHandler]:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                parts = urlsplit(self.path)
                qs = parse_qs(parts.query)
                if parts.path != "/search" or qs.get("format") != ["json"]:
                    self.send_response(403)  # SearXNG refuses formats it is not configured for
                    self.end_headers()
                    return
                query = (qs.get("q") or [""])[0]
                outer.searches.append(query)
                results = [{"url": f"{outer.page_url}/docs/{name}.html", "title": outer._titles[name],
                            "content": outer._text[name][:200].strip(), "engine": "fake"}
                           for name in outer.rank(query)]
                body = json.dumps({"query": query, "number_of_results": len(results), "results": results}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler

    def __enter__(self) -> CorpusServers:
        self.page_server.start()
        self.search_server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.page_server.stop()
        self.search_server.stop()


class HostedSearchAPIs:
    """Brave's and Tavily's search APIs on 127.0.0.1, over a CorpusServers' pages, speaking their
    HTTP/JSON protocols (status codes and bodies as the real services answer):

    - Brave: `GET /res/v1/web/search?q=&count=` with `X-Subscription-Token`; a wrong or missing token
      is HTTP 422 `{"type": "ErrorResponse", "error": {"code": "SUBSCRIPTION_TOKEN_INVALID", ...}}`;
      results in `{"web": {"results": [{"url", "title", "description"}]}}`.
    - Tavily: `POST /search` with `{"query", "max_results"}` and `Authorization: Bearer KEY`; a wrong
      key is HTTP 401 `{"detail": {"error": "Unauthorized: missing or invalid API key."}}`; results
      in `{"results": [{"url", "title", "content", "score"}]}`.
    - `rate_limit = (n, seconds)`: the next n searches answer HTTP 429 with `Retry-After: seconds`
      (and Brave's `X-RateLimit-*` headers) before answering again.

    A query none of the pages matches gets an empty result list. Requests are kept in `.requests`.
    """

    def __init__(self, corpus: CorpusServers, brave_key: str = "brave-test-key", tavily_key: str = "tvly-test-key"):
        self.corpus = corpus
        self.keys = {"brave": brave_key, "tavily": tavily_key}
        self.rate_limit: tuple[int, float] | None = None
        self.requests: list[dict] = []
        self.server = _Server(self._handler())

    @property
    def url(self) -> str:
        return self.server.url

    def _results(self, query: str, n: int) -> list[dict]:
        c = self.corpus
        return [{"url": f"{c.page_url}/docs/{name}.html", "title": c._titles[name], "text": c._text[name][:200].strip()}
                for name in c.rank(query, n)]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _json(self, code: int, body: object, **headers: str) -> None:
                data = json.dumps(body).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def _limited(self, api: str) -> bool:
                if not outer.rate_limit or outer.rate_limit[0] <= 0:
                    return False
                n, seconds = outer.rate_limit
                outer.rate_limit = (n - 1, seconds)
                if api == "brave":
                    self._json(429, {"type": "ErrorResponse", "error": {
                        "id": "fake", "status": 429, "code": "RATE_LIMITED",
                        "detail": "Request rate limit exceeded for plan.", "meta": {"plan": "Free", "rate_limit": 1}},
                        "time": int(time.time())}, **{"Retry-After": f"{seconds:g}", "X-RateLimit-Limit": "1, 2000",
                                                      "X-RateLimit-Remaining": "0, 1990",
                                                      "X-RateLimit-Reset": f"{seconds:g}, 1419704"})
                else:
                    self._json(429, {"detail": {"error": "Your request has been blocked due to excessive requests."}},
                               **{"Retry-After": f"{seconds:g}"})
                return True

            def do_GET(self) -> None:  # noqa: N802 - Brave
                parts = urlsplit(self.path)
                qs = parse_qs(parts.query)
                query, count = (qs.get("q") or [""])[0], int((qs.get("count") or ["20"])[0])
                outer.requests.append({"api": "brave", "path": parts.path, "query": query, "count": count,
                                       "key": self.headers.get("X-Subscription-Token")})
                if parts.path != "/res/v1/web/search":
                    return self._json(404, {"type": "ErrorResponse", "error": {"code": "NOT_FOUND", "status": 404}})
                if self.headers.get("X-Subscription-Token") != outer.keys["brave"]:
                    return self._json(422, {"type": "ErrorResponse", "error": {
                        "id": "fake", "status": 422, "code": "SUBSCRIPTION_TOKEN_INVALID",
                        "detail": "The provided subscription token is invalid.", "meta": {"component": "authentication"}},
                        "time": int(time.time())})
                if self._limited("brave"):
                    return None
                results = [{"title": r["title"], "url": r["url"], "description": r["text"], "type": "search_result"}
                           for r in outer._results(query, count)]
                self._json(200, {"type": "search", "query": {"original": query},
                                 "web": {"type": "search", "results": results}})

            def do_POST(self) -> None:  # noqa: N802 - Tavily
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
                auth = self.headers.get("Authorization") or ""
                outer.requests.append({"api": "tavily", "path": self.path, "query": body.get("query"),
                                       "count": body.get("max_results"), "key": auth.removeprefix("Bearer ")})
                if self.path != "/search":
                    return self._json(404, {"detail": "Not Found"})
                if auth != f"Bearer {outer.keys['tavily']}":
                    return self._json(401, {"detail": {"error": "Unauthorized: missing or invalid API key."}})
                if self._limited("tavily"):
                    return None
                results = [{"title": r["title"], "url": r["url"], "content": r["text"], "score": 0.9, "raw_content": None}
                           for r in outer._results(str(body.get("query") or ""), int(body.get("max_results") or 5))]
                self._json(200, {"query": body.get("query"), "answer": None, "images": [], "results": results,
                                 "response_time": 0.01})

        return Handler

    def __enter__(self) -> HostedSearchAPIs:
        self.server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path)
    args = ap.parse_args()
    with CorpusServers(args.corpus) as servers:
        print(f"pages:  {servers.page_url}/docs/\nsearch: searxng:{servers.search_url}", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
