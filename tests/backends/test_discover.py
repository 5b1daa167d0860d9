"""`blogwright models` and the `ollama:` backend against a small fake Ollama on 127.0.0.1, plus the
default-model settings ($BLOGWRIGHT_MODEL, `default_model`)."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from blogwright import api
from blogwright.backends import get_backend
from blogwright.backends.base import GenParams, Message
from blogwright.backends.discover import ollama_url, usable_models
from blogwright.core import config
from blogwright.core.errors import BackendError, BadInput
from blogwright.model.brief import make_brief


class FakeOllama(BaseHTTPRequestHandler):
    """Ollama's /api/tags and its OpenAI-compatible /v1 (models, chat completions, streaming)."""

    models = ["llama3.2:1b", "qwen2.5:0.5b"]
    chats: list = []

    def log_message(self, *args):  # keep the test output clean
        pass

    def _json(self, data, status=200):
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/api/tags":
            self._json({"models": [{"name": n, "model": n, "size": 1} for n in self.models]})
        elif self.path == "/v1/models":
            self._json({"object": "list", "data": [{"id": n, "object": "model"} for n in self.models]})
        else:
            self._json({"error": "not found"}, 404)

    def do_POST(self):
        req = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeOllama.chats.append(req)
        if req["model"] not in self.models:
            self._json({"error": {"message": f"model \"{req['model']}\" not found, try pulling it first"}}, 404)
            return
        text = "Compost turns kitchen scraps into rich soil. Keep the pile damp and turn it every week."
        if not req.get("stream"):
            self._json({"model": req["model"], "choices": [{"message": {"role": "assistant", "content": text},
                                                            "finish_reason": "stop"}],
                        "usage": {"prompt_tokens": 12, "completion_tokens": 17}})
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        for word in text.split(" "):
            chunk = {"model": req["model"], "choices": [{"delta": {"content": word + " "}}]}
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
        self.wfile.write(b'data: {"choices": [{"delta": {}, "finish_reason": "stop"}]}\n\ndata: [DONE]\n\n')


@pytest.fixture
def ollama(monkeypatch):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeOllama)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeOllama.chats = []
    monkeypatch.setenv("OLLAMA_HOST", f"127.0.0.1:{server.server_address[1]}")
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def no_servers(monkeypatch):
    for var in ("OPENAI_BASE_URL", "OPENAI_API_KEY", "OPENAI_MODEL", "BLOGWRIGHT_OPENAI_MODEL", "BLOGWRIGHT_MODEL",
                "OLLAMA_HOST"):
        monkeypatch.delenv(var, raising=False)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_ollama_url_forms(monkeypatch):
    assert ollama_url() == "http://127.0.0.1:11434"
    assert ollama_url("0.0.0.0") == "http://127.0.0.1:11434"  # a bind address means this machine
    assert ollama_url("http://box:8080/v1/") == "http://box:8080"
    monkeypatch.setenv("OLLAMA_HOST", "127.0.0.1:9999")
    assert ollama_url() == "http://127.0.0.1:9999"


def test_models_lists_ollama_when_it_answers(ollama):
    entries = usable_models(include_llm=False)
    specs = [e.spec for e in entries]
    assert specs[0] == "local" and entries[0].default  # the bundled model comes first, and is the default
    assert "ollama:llama3.2:1b" in specs and "ollama:qwen2.5:0.5b" in specs
    assert {e.status for e in entries if e.source == "ollama"} == {"ready"}


def test_no_ollama_when_the_port_is_closed(monkeypatch):
    monkeypatch.setenv("OLLAMA_HOST", f"127.0.0.1:{closed_port()}")
    assert [e for e in usable_models(include_llm=False) if e.source == "ollama"] == []


def test_ollama_backend_completes_and_streams(ollama):
    b = get_backend("ollama:llama3.2:1b")
    assert b.base_url == ollama + "/v1" and "authorization" not in b._client.headers
    c = b.complete([Message("user", "hi")], GenParams(max_tokens=40))
    assert c.text.startswith("Compost") and (c.prompt_tokens, c.completion_tokens) == (12, 17)
    s = b.stream([Message("user", "hi")], GenParams())
    assert "".join(s).strip().endswith("every week.") and s.completion.finish_reason == "stop"
    with pytest.raises(BackendError, match=r"not available .*available: llama3.2:1b, qwen2.5:0.5b"):
        get_backend("ollama:mistral").complete([Message("user", "hi")], GenParams())
    with pytest.raises(BackendError, match="ollama:NAME"):
        get_backend("ollama")


def test_a_post_through_ollama(ollama, tmp_path):
    result = api.write(make_brief(topic="How to compost at home", words=150), model="ollama:qwen2.5:0.5b",
                       out_dir=tmp_path)
    assert result.post.complete and result.post.model == "openai:qwen2.5:0.5b" and result.path.is_file()
    assert FakeOllama.chats and all(c["model"] == "qwen2.5:0.5b" for c in FakeOllama.chats)


def test_configured_openai_server_is_listed(ollama, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", ollama + "/v1")
    got = {e.spec: e for e in usable_models(include_llm=False) if e.source == "openai"}
    assert set(got) == {"openai:llama3.2:1b", "openai:qwen2.5:0.5b"} and got["openai:qwen2.5:0.5b"].status == "ready"
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{closed_port()}/v1")
    (entry,) = [e for e in usable_models(include_llm=False) if e.source == "openai"]
    assert entry.status == "not answering"


def test_default_model_flag_env_config(monkeypatch, _isolated_home):
    assert config.default_model() == "local"
    (_isolated_home / "config.yaml").write_text("default_model: fake\n")
    config._load.cache_clear()
    assert config.default_model() == "fake" and get_backend().name == "fake"
    monkeypatch.setenv("BLOGWRIGHT_MODEL", "fake:")
    assert config.default_model() == "fake:" and config.default_model("local") == "local"
    assert [e.spec for e in usable_models(include_llm=False) if e.default] == []  # "fake:" is not listed
    monkeypatch.setenv("BLOGWRIGHT_MODEL", "nope:x")
    with pytest.raises(BadInput, match="unknown model spec 'nope:x'.*llm:MODEL_ID"):
        get_backend()
