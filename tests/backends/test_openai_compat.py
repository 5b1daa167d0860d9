"""OpenAIBackend: unit tests on httpx.MockTransport, plus integration against a real llama_cpp.server."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import httpx
import pytest

from blogwright.backends.base import GenParams, Message
from blogwright.backends.openai_compat import OpenAIBackend
from blogwright.core import config
from blogwright.core.errors import BackendError

URL = "http://llm.test/v1"
MSGS = [Message("system", "You write blogs."), Message("user", "Say hello.")]


def ok_body(text: str = "Hello there.", usage: bool = True, model: str = "m1") -> dict:
    body = {"id": "x", "object": "chat.completion", "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                         "finish_reason": "stop"}]}
    if usage:
        body["usage"] = {"prompt_tokens": 11, "completion_tokens": 3, "total_tokens": 14}
    return body


def make(handler, **kw) -> tuple[OpenAIBackend, list[float]]:
    """A backend on a mock transport; returns it and the list of sleeps it asked for."""
    sleeps: list[float] = []
    kw.setdefault("model", "m1")
    backend = OpenAIBackend(base_url=URL, transport=httpx.MockTransport(handler), sleep=sleeps.append, **kw)
    return backend, sleeps


def scripted(*replies):
    """A handler answering with `replies` in order (the last repeats; exceptions are raised)."""
    def handler(req: httpx.Request) -> httpx.Response:
        handler.calls.append(req)
        reply = replies[min(len(handler.calls), len(replies)) - 1]
        if isinstance(reply, Exception):
            raise reply
        return reply
    handler.calls = []
    return handler


# -- request mapping --------------------------------------------------------------------------

def test_request_body_mapping_and_usage():
    seen: list[httpx.Request] = []

    def handler(req: httpx.Request) -> httpx.Response:
        seen.append(req)
        return httpx.Response(200, json=ok_body())

    backend, _ = make(handler, api_key="sk-secret")
    params = GenParams(max_tokens=50, temperature=0.7, top_p=0.8, seed=42, stop=("\n\n",), grammar="root ::= x")
    c = backend.complete(MSGS, params)
    assert (c.text, c.prompt_tokens, c.completion_tokens, c.finish_reason) == ("Hello there.", 11, 3, "stop")
    assert c.duration_s >= 0
    req = seen[0]
    assert str(req.url) == f"{URL}/chat/completions"
    assert req.headers["authorization"] == "Bearer sk-secret"
    body = json.loads(req.content)
    assert body == {"model": "m1", "max_tokens": 50, "temperature": 0.7, "top_p": 0.8, "seed": 42,
                    "stop": ["\n\n"], "messages": [{"role": "system", "content": "You write blogs."},
                                                   {"role": "user", "content": "Say hello."}]}


def test_llama_params_sent_only_when_enabled():
    bodies: list[dict] = []

    def handler(req: httpx.Request) -> httpx.Response:
        bodies.append(json.loads(req.content))
        return httpx.Response(200, json=ok_body())

    backend, _ = make(handler, send_llama_params=True)
    backend.complete(MSGS, GenParams(grammar="root ::= \"x\"", repeat_penalty=1.2))
    assert bodies[0]["repeat_penalty"] == 1.2 and bodies[0]["grammar"] == 'root ::= "x"'
    assert "seed" not in bodies[0] and "stop" not in bodies[0]


def test_missing_usage_is_estimated_and_trailing_slash_stripped():
    backend, _ = make(lambda r: httpx.Response(200, json=ok_body("x" * 40, usage=False)), model="m1")
    c = backend.complete(MSGS, GenParams())
    assert c.completion_tokens == 10
    assert c.prompt_tokens == sum(len(m.content) // 4 for m in MSGS)
    assert OpenAIBackend("m", base_url=URL + "/").base_url == URL


# -- retries ----------------------------------------------------------------------------------

def test_retry_on_503_then_success():
    busy = httpx.Response(503, json={"error": {"message": "loading"}})
    handler = scripted(busy, busy, httpx.Response(200, json=ok_body()))
    backend, sleeps = make(handler)
    assert backend.complete(MSGS, GenParams()).text == "Hello there."
    assert len(handler.calls) == 3 and len(sleeps) == 2
    assert 0.5 <= sleeps[0] <= 0.75 and 1.0 <= sleeps[1] <= 1.5  # exponential backoff + jitter


def test_retry_after_honoured_and_capped():
    backend, sleeps = make(scripted(httpx.Response(429, headers={"Retry-After": "7"}, json={"error": "slow down"}),
                                    httpx.Response(429, headers={"Retry-After": "3600"}),
                                    httpx.Response(200, json=ok_body())))
    backend.complete(MSGS, GenParams())
    assert sleeps == [7.0, 30.0]


def test_retries_exhausted_message():
    handler = scripted(httpx.Response(502, text="Bad Gateway"))
    backend, sleeps = make(handler, max_attempts=3)
    with pytest.raises(BackendError) as err:
        backend.complete(MSGS, GenParams())
    msg = str(err.value)
    assert len(handler.calls) == 3 and len(sleeps) == 2
    assert "3 tries" in msg and "HTTP 502" in msg and "\n" not in msg
    assert "try again later" in msg  # says what to do


def test_backoff_waits_grow_and_are_capped():
    handler = scripted(httpx.Response(503, text="busy"))
    backend, sleeps = make(handler, max_attempts=9, base_delay=1.0)
    with pytest.raises(BackendError, match="9 tries"):
        backend.complete(MSGS, GenParams())
    assert [int(s) for s in sleeps[:5]] == [1, 2, 4, 8, 16]
    assert all(s <= 30.5 for s in sleeps) and sleeps[-1] >= 30.0


def test_read_timeout_is_retried_but_dropped_connection_is_not():
    handler = scripted(httpx.ReadTimeout("timed out"), httpx.Response(200, json=ok_body()),
                       httpx.RemoteProtocolError("Server disconnected without sending a response."))
    backend, sleeps = make(handler)
    assert backend.complete(MSGS, GenParams()).text == "Hello there."
    assert len(handler.calls) == 2 and len(sleeps) == 1
    with pytest.raises(BackendError, match="closed the connection without answering"):
        backend.complete(MSGS, GenParams())
    assert len(handler.calls) == 3 and len(sleeps) == 1


# -- error messages ---------------------------------------------------------------------------

def test_401_message_hides_key():
    backend, sleeps = make(lambda r: httpx.Response(401, json={"error": {"message": "Incorrect API key sk-secret"}}),
                           api_key="sk-secret")
    with pytest.raises(BackendError) as err:
        backend.complete(MSGS, GenParams())
    msg = str(err.value)
    assert "401" in msg and "API key" in msg and "OPENAI_API_KEY" in msg
    assert "sk-secret" not in msg and not sleeps


def test_wrong_model_404_lists_available_models():
    def handler(req):
        if req.url.path.endswith("/models"):
            return httpx.Response(200, json={"object": "list", "data": [{"id": f"model-{i}"} for i in range(12)]})
        return httpx.Response(404, json={"error": {"message": "The model `nope` does not exist", "code": "model_not_found"}})

    backend, _ = make(handler, model="nope")
    with pytest.raises(BackendError) as err:
        backend.complete(MSGS, GenParams())
    msg = str(err.value)
    assert "'nope'" in msg and "model-0" in msg and "model-9" in msg and "model-10" not in msg


def test_model_missing_in_400_body_without_models_endpoint():
    def handler(req):
        if req.url.path.endswith("/models"):
            return httpx.Response(404, text="no")
        return httpx.Response(400, json={"error": 'model "llama9" not found, try pulling it first'})

    backend, _ = make(handler, model="llama9")
    with pytest.raises(BackendError, match="llama9"):
        backend.complete(MSGS, GenParams())


def test_other_4xx_includes_truncated_server_message():
    backend, sleeps = make(lambda r: httpx.Response(400, json={"error": {"message": "bad temperature " + "x" * 500}}))
    with pytest.raises(BackendError) as err:
        backend.complete(MSGS, GenParams())
    msg = str(err.value)
    assert "HTTP 400" in msg and "bad temperature" in msg and len(msg) < 320 and not sleeps


@pytest.mark.parametrize("resp", [httpx.Response(200, text="<html>proxy</html>"),
                                  httpx.Response(200, json={"choices": []}),
                                  httpx.Response(200, json=[1, 2])])
def test_non_json_or_malformed_response(resp):
    backend, _ = make(lambda r: resp)
    with pytest.raises(BackendError, match="not JSON|malformed"):
        backend.complete(MSGS, GenParams())


# -- streaming --------------------------------------------------------------------------------

def sse(*events: dict | str) -> bytes:
    lines = [": ping", ""]
    for e in events:
        lines += [f"data: {e if isinstance(e, str) else json.dumps(e)}", ""]
    return ("\r\n".join(lines) + "\r\n").encode()


def delta(text: str | None = None, finish: str | None = None) -> dict:
    d = {"content": text} if text is not None else {}
    return {"model": "served-m", "choices": [{"index": 0, "delta": d, "finish_reason": finish}]}


def test_stream_parses_pieces_done_and_usage():
    bodies = []
    usage = {"model": "served-m", "choices": [], "usage": {"prompt_tokens": 9, "completion_tokens": 4}}

    def handler(req):
        bodies.append(json.loads(req.content))
        return httpx.Response(200, headers={"content-type": "text/event-stream"},
                              content=sse(delta(""), delta("Hel"), delta("lo"), delta(" world", "length"),
                                          usage, "[DONE]", delta("IGNORED")))

    backend, _ = make(handler, send_llama_params=True)
    s = backend.stream(MSGS, GenParams())
    pieces = list(s)
    assert pieces == ["Hel", "lo", " world"]
    c = s.completion
    assert (c.text, c.prompt_tokens, c.completion_tokens, c.finish_reason, c.model) == \
        ("Hello world", 9, 4, "length", "served-m")
    assert bodies[0]["stream"] is True and bodies[0]["stream_options"] == {"include_usage": True}


def test_stream_without_usage_estimates_and_skips_stream_options():
    bodies = []

    def handler(req):
        bodies.append(json.loads(req.content))
        return httpx.Response(200, content=sse(delta("abcd" * 5), "[DONE]"))

    backend, _ = make(handler)
    c = backend.stream(MSGS, GenParams()).consume()
    assert c.completion_tokens == 5 and "stream_options" not in bodies[0]


def test_stream_retries_503_and_reports_midstream_error():
    handler = scripted(httpx.Response(503, text="busy"),
                       httpx.Response(200, content=sse(delta("a"), {"error": {"message": "kv cache full"}})))
    backend, sleeps = make(handler)
    got = []
    with pytest.raises(BackendError, match="mid-stream: kv cache full"):
        backend.stream(MSGS, GenParams()).consume(got.append)
    assert got == ["a"] and len(handler.calls) == 2 and len(sleeps) == 1


# -- settings ---------------------------------------------------------------------------------

@pytest.fixture()
def clean_env(monkeypatch, tmp_path):
    for var in ("OPENAI_BASE_URL", "OPENAI_API_KEY", "OPENAI_MODEL", "BLOGWRIGHT_OPENAI_MODEL"):
        monkeypatch.delenv(var, raising=False)
    cfg = tmp_path / "config.yaml"
    monkeypatch.setenv("BLOGWRIGHT_CONFIG", str(cfg))
    config._load.cache_clear()
    yield cfg
    config._load.cache_clear()


def write_cfg(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    config._load.cache_clear()


def test_settings_precedence(clean_env, monkeypatch):
    write_cfg(clean_env, "openai:\n  base_url: http://cfg:1/v1/\n  api_key: cfg-key\n  model: cfg-model\n"
                         "  timeout: 33\n  send_llama_params: true\n")
    b = OpenAIBackend.from_settings()
    assert (b.model, b.base_url, b.timeout, b.send_llama_params) == ("cfg-model", "http://cfg:1/v1", 33.0, True)
    assert b._client.headers["authorization"] == "Bearer cfg-key"

    monkeypatch.setenv("OPENAI_MODEL", "env-model")
    assert OpenAIBackend.from_settings().model == "env-model"
    monkeypatch.setenv("BLOGWRIGHT_OPENAI_MODEL", "bw-model")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://env:2/v1")
    monkeypatch.setenv("OPENAI_API_KEY", "env-key")
    b = OpenAIBackend.from_settings()
    assert (b.model, b.base_url, b._client.headers["authorization"]) == ("bw-model", "http://env:2/v1", "Bearer env-key")

    b = OpenAIBackend.from_settings(model="flag-model", base_url="http://flag:3/v1", api_key="flag-key", timeout=5)
    assert (b.model, b.base_url, b.timeout) == ("flag-model", "http://flag:3/v1", 5.0)
    assert b._client.headers["authorization"] == "Bearer flag-key"


def test_settings_defaults_missing_model_and_spec(clean_env):
    from blogwright.backends import get_backend

    with pytest.raises(BackendError, match="BLOGWRIGHT_OPENAI_MODEL"):
        OpenAIBackend.from_settings(base_url="http://x:1/v1")
    # no server and no key: an error that lists the options, never a silent call to api.openai.com
    with pytest.raises(BackendError, match="no server and no API key") as err:
        OpenAIBackend.from_settings(model="gpt-x")
    for option in ("--base-url", "OPENAI_BASE_URL", "ollama:MODEL", "llm:MODEL_ID", "OPENAI_API_KEY", "blogwright models"):
        assert option in str(err.value)
    b = OpenAIBackend.from_settings(model="gpt-x", api_key="sk-test")  # a key alone: the hosted API, on purpose
    assert (b.base_url, b.timeout, b.send_llama_params) == ("https://api.openai.com/v1", 120.0, False)
    b = OpenAIBackend.from_settings(model="gpt-x", base_url="http://x:1/v1")
    assert "authorization" not in b._client.headers
    b = get_backend("openai:spec-model", base_url="http://x:1/v1")
    assert (b.name, b.model, b.base_url) == ("openai", "spec-model", "http://x:1/v1")


# -- a real closed port -----------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_closed_port_fails_fast_with_cannot_reach():
    sleeps: list[float] = []
    url = f"http://127.0.0.1:{free_port()}/v1"
    backend = OpenAIBackend("m", base_url=url, max_attempts=3, sleep=sleeps.append)
    t0 = time.perf_counter()
    with pytest.raises(BackendError) as err:
        backend.complete(MSGS, GenParams())
    msg = str(err.value)
    assert "cannot reach" in msg and url in msg and "connection refused" in msg and "OPENAI_BASE_URL" in msg
    assert len(sleeps) <= 2 and time.perf_counter() - t0 < 5
    with pytest.raises(BackendError, match="cannot reach"):
        backend.stream(MSGS, GenParams()).consume()


# -- integration: a real llama_cpp.server -----------------------------------------------------

@pytest.fixture(scope="module")
def server(llama_server):
    """A real `python -m llama_cpp.server` on 127.0.0.1 (tests/conftest.py)."""
    return llama_server


PROMPT = [Message("user", "Write two sentences about tea.")]


@pytest.mark.integration
def test_real_server_complete(server):
    backend = OpenAIBackend("any-name", base_url=server)
    c = backend.complete(PROMPT, GenParams(max_tokens=40, seed=1))
    assert c.text.strip() and c.prompt_tokens > 0 and c.completion_tokens > 0
    # llama_cpp.server serves its one model whatever the name, and echoes the requested name back
    assert c.model == "any-name" and backend.list_models()
    assert backend.complete(PROMPT, GenParams(max_tokens=40, seed=1)).text == c.text  # seed is honoured
    with pytest.raises(BackendError, match="HTTP 400.*context length"):
        backend.complete([Message("user", "tea " * 3000)], GenParams())


@pytest.mark.integration
def test_real_server_stream(server):
    backend = OpenAIBackend("smollm2", base_url=server, send_llama_params=True)
    s = backend.stream(PROMPT, GenParams(max_tokens=40, seed=1))
    pieces = list(s)
    assert len(pieces) >= 2 and "".join(pieces) == s.completion.text
    assert s.completion.completion_tokens > 0 and s.completion.model


@pytest.mark.integration
def test_real_server_grammar(server):
    backend = OpenAIBackend("smollm2", base_url=server, send_llama_params=True)
    assert backend.complete(PROMPT, GenParams(max_tokens=8, grammar='root ::= "yes" | "no"')).text in ("yes", "no")


@pytest.mark.integration
@pytest.mark.timeout(900)
def test_real_server_pipeline(server):
    from blogwright.model.brief import make_brief
    from blogwright.pipeline.run import write_post
    from blogwright.voices import load_voice

    backend = OpenAIBackend("smollm2", base_url=server, send_llama_params=True)
    post = write_post(make_brief(topic="brewing green tea at home", words=300), load_voice("plain-expert"), backend)
    assert post.title.strip() and len(post.sections) >= 2  # a 300-word post has 2-3 sections
