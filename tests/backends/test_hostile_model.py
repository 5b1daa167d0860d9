"""Issue 27 #2 and #6: a hostile OpenAI-compatible server on 127.0.0.1 (bench/hostile_model.py). Every
answer ends in bounded time and memory; every malformed one is a one-line BackendError."""

from __future__ import annotations

import time

import pytest
from bench.hostile_model import MALFORMED, MALFORMED_STREAM, HostileModel

from blogwright.backends.base import GenParams, Message
from blogwright.backends.openai_compat import OpenAIBackend
from blogwright.core.errors import BackendError

MSGS = [Message("user", "Write about compost.")]


@pytest.fixture(scope="module")
def server():
    with HostileModel() as srv:
        yield srv


def backend(server, **kw) -> OpenAIBackend:
    kw.setdefault("timeout", 5.0)
    return OpenAIBackend("x", base_url=server.url, max_attempts=2, sleep=lambda s: None, **kw)


def one_line(exc: BaseException) -> str:
    text = str(exc)
    assert text and "\n" not in text and "Traceback" not in text
    return text


def test_a_stream_without_end_is_cut_at_the_text_cap(server):
    server.mode = "forever"
    t0 = time.monotonic()
    done = backend(server).stream(MSGS, GenParams(max_tokens=200)).consume()
    assert time.monotonic() - t0 < 10 and 0 < len(done.text) <= 200 * 16 + 2000
    assert done.finish_reason == "length"


def test_a_server_that_sends_a_byte_every_two_seconds_stops_at_the_timeout(server):
    server.mode, server.gap = "trickle", 0.3
    t0 = time.monotonic()
    with pytest.raises(BackendError) as err:
        "".join(backend(server, timeout=1.5).stream(MSGS, GenParams(max_tokens=50)))
    assert time.monotonic() - t0 < 6
    assert "within 1.5 s" in one_line(err.value) and "openai.timeout" in str(err.value)


def test_a_non_streamed_trickle_stops_at_the_timeout_too(server):
    server.mode, server.gap = "trickle", 0.3
    t0 = time.monotonic()
    with pytest.raises(BackendError, match="openai.timeout"):
        backend(server, timeout=1.5).complete(MSGS, GenParams(max_tokens=50))
    assert time.monotonic() - t0 < 6


def test_an_answer_over_the_byte_limit_is_cut_off(server, monkeypatch):
    monkeypatch.setenv("BLOGWRIGHT_MAX_MODEL_BYTES", "1M")
    server.mode = "huge"
    with pytest.raises(BackendError) as err:
        backend(server).complete(MSGS, GenParams(max_tokens=50))
    assert "more than 1 MB" in one_line(err.value)


@pytest.mark.parametrize("name", list(MALFORMED))
def test_a_malformed_answer_is_one_line(server, name):
    server.mode = MALFORMED[name]
    with pytest.raises(BackendError) as err:
        backend(server).complete(MSGS, GenParams(max_tokens=50))
    assert server.url in one_line(err.value)


@pytest.mark.parametrize("name", list(MALFORMED_STREAM))
def test_a_malformed_stream_is_one_line(server, name):
    server.mode = ("stream", MALFORMED_STREAM[name])
    with pytest.raises(BackendError) as err:
        backend(server).stream(MSGS, GenParams(max_tokens=50)).consume()
    assert server.url in one_line(err.value)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e999", "Wed, 99 Foo 99999 99:99:99 GMT"])
def test_a_retry_after_that_is_not_a_number_of_seconds_is_ignored(server, value):
    server.mode = ("raw", 429, {"Retry-After": value}, b'{"error": {"message": "slow down"}}')
    slept: list[float] = []
    b = OpenAIBackend("x", base_url=server.url, max_attempts=2, sleep=slept.append, timeout=5)
    with pytest.raises(BackendError, match="failed 2 tries"):
        b.complete(MSGS, GenParams(max_tokens=50))
    assert len(slept) == 1 and 0 <= slept[0] < 5


def test_random_bytes_are_one_line(server):
    server.mode = "garbage"
    with pytest.raises(BackendError, match="not JSON"):
        backend(server).complete(MSGS, GenParams(max_tokens=50))


def test_a_good_answer_still_works(server):
    server.mode = "ok"
    done = backend(server).complete(MSGS, GenParams(max_tokens=50))
    assert done.text.startswith("Compost") and done.prompt_tokens == 5
    stream = backend(server).stream(MSGS, GenParams(max_tokens=50))
    assert "".join(stream).startswith("Compost")
