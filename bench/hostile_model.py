"""A hostile OpenAI-compatible model server on 127.0.0.1 (issue 27): it answers every chat request the
way its current `mode` says, so tests, the fuzz suite and `bench.hostile` can check that blogwright
stays bounded (time, memory) and fails with one line.

    with HostileModel("forever") as server:        # streams without end, ignoring max_tokens
        ... --model openai:x --base-url server.url ...
    server.mode = "trickle"                         # headers, then one byte every `server.gap` seconds
    server.mode = {"choices": [...], "usage": "lots"}   # any JSON body (a dict or a list), streamed or not
    server.mode = ("stream", [chunk, chunk, ...])   # these SSE data events, then [DONE]
    server.mode = ("raw", 200, {"Retry-After": "nan"}, b"...")   # status, headers, body as given

Modes by name: "forever", "trickle", "deep" (JSON nested 100,000 deep), "huge" (a 50 MB answer),
"garbage" (random bytes).
"""

from __future__ import annotations

import json
import random
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

OK = {"choices": [{"index": 0, "message": {"role": "assistant", "content": "Compost needs air and water."},
                   "finish_reason": "stop"}], "usage": {"prompt_tokens": 5, "completion_tokens": 6}}

# the malformed answers of issue 27 #6 (non-streamed), by name
MALFORMED: dict[str, Any] = {
    "usage is a string": {**OK, "usage": "lots"},
    "prompt_tokens is 'abc'": {**OK, "usage": {"prompt_tokens": "abc"}},
    "prompt_tokens is 1e999": "RAW:" + json.dumps(OK)[:-1] + ', "usage": {"prompt_tokens": 1e999}}',
    "content is a number": {"choices": [{"message": {"content": 42}, "finish_reason": "stop"}]},
    "content is a list": {"choices": [{"message": {"content": ["a", "b"]}, "finish_reason": "stop"}]},
    "finish_reason is a list": {"choices": [{"message": {"content": "Hi."}, "finish_reason": ["stop"]}]},
    "choices is empty": {"choices": []},
    "choices is a string": {"choices": "many"},
    "the answer is a list": [1, 2, 3],
    "JSON nested 100k deep": "RAW:" + "[" * 100_000 + "]" * 100_000,
}
# ... and streamed
MALFORMED_STREAM: dict[str, list[Any]] = {
    "delta is a string": [{"choices": [{"delta": "abc"}]}],
    "delta.content is a number": [{"choices": [{"delta": {"content": 5}}]}],
    "stream usage is a string": [{"choices": [{"delta": {"content": "Hi."}}]}, {"choices": [], "usage": "lots"}],
    "stream event nested 100k deep": ["RAW:" + "[" * 100_000 + "]" * 100_000],
}


class HostileModel:
    def __init__(self, mode: Any = "ok", gap: float = 2.0, port: int = 0):
        self.mode, self.gap = mode, gap
        self.requests = 0
        self.auth: list[str] = []  # the Authorization header of each request
        self.stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="hostile-model", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> HostileModel:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, status: int, body: bytes, ctype: str = "application/json",
                      headers: dict[str, str] | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:  # noqa: N802 - /v1/models
                self._send(200, json.dumps({"data": [{"id": "x"}]}).encode())

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("content-length") or 0)
                req = json.loads(self.rfile.read(length) or b"{}")
                server.requests += 1
                server.auth.append(self.headers.get("Authorization", ""))
                try:
                    self._answer(req, server.mode)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def _sse_head(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()

            def _answer(self, req: dict, mode: Any) -> None:
                stream = bool(req.get("stream"))
                if mode == "ok":
                    mode = ("stream", [{"choices": [{"delta": {"content": "Compost needs air."}}]}]) if stream else OK
                if mode == "forever":
                    self._sse_head()
                    chunk = b'data: {"choices": [{"delta": {"content": "more words and more words "}}]}\n\n'
                    while not server.stopping.is_set():
                        self.wfile.write(chunk * 64)
                    return
                if mode == "trickle":
                    self._sse_head()
                    while not server.stopping.is_set():
                        self.wfile.write(b"d")
                        self.wfile.flush()
                        time.sleep(server.gap)
                    return
                if mode == "deep":
                    mode = "RAW:" + "[" * 100_000 + "]" * 100_000
                if mode == "huge":
                    self._send(200, b'{"choices": [{"message": {"content": "' + b"a" * 50_000_000 + b'"}}]}')
                    return
                if mode == "garbage":
                    self._send(200, random.Random(0).randbytes(5000))
                    return
                if isinstance(mode, tuple) and mode[0] == "raw":
                    self._send(mode[1], mode[3], headers=mode[2])
                    return
                if isinstance(mode, tuple) and mode[0] == "stream":
                    self._sse_head()
                    for event in mode[1]:
                        data = event[4:] if isinstance(event, str) and event.startswith("RAW:") else json.dumps(event)
                        self.wfile.write(f"data: {data}\n\n".encode())
                    self.wfile.write(b"data: [DONE]\n\n")
                    return
                body = mode[4:] if isinstance(mode, str) and mode.startswith("RAW:") else json.dumps(mode)
                if stream:  # a JSON body asked for as a stream: sent as one event
                    self._sse_head()
                    self.wfile.write(f"data: {body}\n\ndata: [DONE]\n\n".encode())
                    return
                self._send(200, body.encode())

        return Handler
