"""Issue 28: the local backend loads a model with a 1,024-token window (23 MiB less than 2,048) and
reloads it with a bigger one when a request would not fit, rather than letting llama-cpp-python cut
the answer short or refuse the prompt; past the model's trained length it is a BackendError."""

from __future__ import annotations

import sys
import types

import pytest

from blogwright.backends import local
from blogwright.backends.base import GenParams, Message
from blogwright.core.errors import BackendError

TRAINED = 8192


class Llama:
    """llama_cpp.Llama as far as LocalBackend uses it: one token per word, and a completion that, like
    llama-cpp-python's, is cut at the end of the window."""

    loads: list[int] = []

    def __init__(self, n_ctx: int, **kw):
        self._n_ctx = n_ctx
        self._input_ids: list[int] = []
        self.n_tokens = 0
        self.model = object()
        self.closed = False
        Llama.loads.append(n_ctx)

    def n_ctx(self) -> int:
        return self._n_ctx

    def tokenize(self, data: bytes, add_bos: bool = True) -> list[int]:
        return list(range(len(data.split())))

    def create_chat_completion(self, messages, max_tokens, stream=False, **kw):
        out = self._complete(messages, max_tokens)
        if not stream:
            return out
        choice = out["choices"][0]
        return (chunk for chunk in [  # a generator, as llama-cpp-python's (the backend closes it)
            {"choices": [{"delta": {"content": choice["message"]["content"]}, "finish_reason": None}]},
            {"choices": [{"delta": {}, "finish_reason": choice["finish_reason"]}]}])

    def _complete(self, messages, max_tokens):
        assert not self.closed
        prompt = sum(len(m["content"].split()) for m in messages) + 20  # the template's own tokens
        if prompt >= self._n_ctx:
            raise ValueError(f"Requested tokens ({prompt}) exceed context window of {self._n_ctx}")
        n = min(max_tokens, self._n_ctx - prompt)  # llama-cpp-python truncates max_tokens silently
        return {"choices": [{"message": {"content": " ".join(["word"] * n)},
                             "finish_reason": "length" if n < max_tokens else "stop"}],
                "usage": {"prompt_tokens": prompt, "completion_tokens": n}}

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def fake_llama(tmp_path, monkeypatch):
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF" + bytes(100))
    Llama.loads = []
    monkeypatch.setattr(local, "_MODELS", {})
    monkeypatch.setenv("BLOGWRIGHT_THREADS", "1")
    monkeypatch.setitem(sys.modules, "llama_cpp", types.SimpleNamespace(
        Llama=Llama, llama_set_n_threads=lambda ctx, n, nb: None, llama_n_ctx_train=lambda model: TRAINED))
    return model


def ask(words: int) -> list[Message]:
    return [Message("system", "You are terse."), Message("user", " ".join(["w"] * words))]


def test_a_model_loads_with_a_small_window_and_keeps_it_while_requests_fit(fake_llama):
    b = local.LocalBackend(fake_llama, probe=False)
    assert Llama.loads == [local.CONTEXT] == [1024]
    c = b.complete(ask(300), GenParams(max_tokens=300))
    assert c.completion_tokens == 300 and c.finish_reason == "stop"
    assert Llama.loads == [1024]


@pytest.mark.parametrize("private", [False, True])
def test_a_request_that_would_not_fit_reloads_the_model_with_a_bigger_window(fake_llama, private):
    b = local.LocalBackend(fake_llama, probe=False, private=private)
    first = b._llm
    c = b.complete(ask(900), GenParams(max_tokens=400))  # 1,024 would cut the answer to ~100 tokens
    assert c.completion_tokens == 400 and c.finish_reason == "stop"
    assert Llama.loads == [1024, 2048] and b.n_ctx == 2048
    assert first.closed is private  # a shared model may be in use by another backend: closed at exit
    s = b.stream(ask(2500), GenParams(max_tokens=200))  # streaming fits too
    assert len("".join(s).split()) == 200 and Llama.loads == [1024, 2048, 4096]


def test_backends_share_the_model_with_the_largest_window(fake_llama):
    a = local.LocalBackend(fake_llama, probe=False)
    a.complete(ask(1500), GenParams(max_tokens=100))
    b = local.LocalBackend(fake_llama, probe=False)
    assert b._llm is a._llm and b._llm.n_ctx() == 2048 and Llama.loads == [1024, 2048]


def test_past_the_trained_length_it_is_a_backend_error_not_a_crash(fake_llama):
    b = local.LocalBackend(fake_llama, probe=False)
    with pytest.raises(BackendError, match="does not fit"):
        b.complete(ask(TRAINED), GenParams(max_tokens=100))
    assert local.context_size(TRAINED - 200, TRAINED) == TRAINED
    assert local.context_size(100, None) == 1024 and local.context_size(1024, None) == 2048


def test_the_quality_benchs_baseline_keeps_the_cap_it_was_measured_with():
    from bench.quality import baseline_params

    small = types.SimpleNamespace(n_ctx=local.CONTEXT)  # the window grows on demand: the baseline's cap does not shrink
    assert baseline_params(small, 1200, 1).max_tokens == 2048 - 256 == baseline_params(
        types.SimpleNamespace(n_ctx=2048), 1200, 1).max_tokens
    assert baseline_params(small, 600, 1).max_tokens == 960
