"""A small OpenAI-compatible server on 127.0.0.1 for the batch benchmark and tests: real HTTP, a
fixed latency per request, and, when asked, 429s with `Retry-After` and 500s. Its answers are the
fake backend's (plausible, on-topic text built from the prompt); a request with `response_format`
gets `{"headings": [...]}`.

    with FakeOpenAI(latency=0.2, first_429=3, p500=0.05) as server:
        ... --model openai:fake --base-url server.url ...
        server.stats()  # requests, 429s and 500s sent, most requests in flight at once

    python -m bench.fake_openai --port 8099 --latency 0.3   # to point blogwright at it by hand
"""

from __future__ import annotations

import argparse
import json
import random
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from blogwright.backends.base import GenParams, Message
from blogwright.backends.fake import default_responder


class FakeOpenAI:
    def __init__(self, latency: float = 0.0, first_429: int = 0, retry_after: float = 1.0, p429: float = 0.0,
                 p500: float = 0.0, seed: int = 0, json_schema: bool = True, port: int = 0):
        self.latency, self.first_429, self.retry_after = latency, first_429, retry_after
        self.p429, self.p500, self.json_schema = p429, p500, json_schema
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self.log: list[dict] = []  # one entry per request: start, end, status, system prompt, response_format
        self._inflight = self.max_inflight = self._seen = 0
        self._server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-openai", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def stats(self) -> dict:
        with self._lock:
            statuses = [r["status"] for r in self.log]
        return {"requests": len(statuses), "ok": statuses.count(200), "429": statuses.count(429),
                "500": statuses.count(500), "400": statuses.count(400), "max_inflight": self.max_inflight}

    def _decide(self, body: dict) -> int:
        with self._lock:
            n, self._seen = self._seen, self._seen + 1
            if n < self.first_429 or self._rng.random() < self.p429:
                return 429
            if self._rng.random() < self.p500:
                return 500
            if body.get("response_format") and not self.json_schema:
                return 400
            return 200

    def _answer(self, body: dict) -> dict:
        msgs = [Message(m.get("role", "user"), str(m.get("content", ""))) for m in body.get("messages", [])]
        params = GenParams(max_tokens=int(body.get("max_tokens") or 256))
        text = default_responder(msgs, params)
        if body.get("response_format"):
            text = json.dumps({"headings": [ln.lstrip("- ").strip() for ln in text.splitlines() if ln.strip()][:8]})
        words = text.split()
        if len(words) > params.max_tokens:
            text = " ".join(words[:params.max_tokens])
        prompt_tokens = sum(len(m.content.split()) for m in msgs)
        return {"id": "fake", "object": "chat.completion", "model": body.get("model", "fake"),
                "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": len(text.split()),
                          "total_tokens": prompt_tokens + len(text.split()),
                          "prompt_tokens_details": {"cached_tokens": 0}}}

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _send(self, status: int, data: dict, headers: dict | None = None) -> None:
                raw = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(raw)

            def do_GET(self):
                if self.path.rstrip("/").endswith("/models"):
                    self._send(200, {"object": "list", "data": [{"id": "fake", "object": "model"}]})
                else:
                    self._send(404, {"error": {"message": "not found"}})

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
                start = time.monotonic()
                with server._lock:
                    server._inflight += 1
                    server.max_inflight = max(server.max_inflight, server._inflight)
                try:
                    status = server._decide(body)
                    time.sleep(server.latency if status == 200 else min(server.latency, 0.01))
                    # Out of flight before the answer is sent: the client may send its next request the moment
                    # it reads this one, before this thread would reach `finally` (seen as 4 in flight of 3 under load).
                    with server._lock:
                        server._inflight -= 1
                    if status == 429:
                        self._send(429, {"error": {"message": "rate limited"}}, {"Retry-After": f"{server.retry_after:g}"})
                    elif status == 500:
                        self._send(500, {"error": {"message": "internal error"}})
                    elif status == 400:
                        self._send(400, {"error": {"message": "response_format is not supported"}})
                    else:
                        self._send(200, server._answer(body))
                finally:
                    msgs = body.get("messages") or [{}]
                    with server._lock:
                        server.log.append({"start": start, "end": time.monotonic(), "status": status,
                                           "system": msgs[0].get("content") if msgs[0].get("role") == "system" else None,
                                           "response_format": bool(body.get("response_format"))})

        return Handler


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.fake_openai", description=__doc__.split("\n\n")[0])
    p.add_argument("--port", type=int, default=8099)
    p.add_argument("--latency", type=float, default=0.2)
    p.add_argument("--p429", type=float, default=0.0)
    p.add_argument("--p500", type=float, default=0.0)
    args = p.parse_args(argv)
    with FakeOpenAI(latency=args.latency, p429=args.p429, p500=args.p500, port=args.port) as server:
        print(f"serving on {server.url} (Ctrl-C stops)", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
