"""Backends by spec: `local[:PATH.gguf]`, `openai[:MODEL]`, `ollama:MODEL`, `llm:MODEL_ID`,
`fake[:SCRIPT.json]`, or a plugin's prefix. No spec: $BLOGWRIGHT_MODEL, the config's `default_model`,
else `local` (`core.config.default_model`).

Plugins register a factory under the `blogwright.backends` entry-point group; the factory gets
the text after the colon (or '') and the keyword options, and returns a `Backend`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from blogwright.backends.base import Backend, Completion, GenParams, Message, Stream, conform
from blogwright.backends.discover import ollama_url
from blogwright.backends.fake import FakeBackend, from_script
from blogwright.backends.local import LocalBackend, check_model_file
from blogwright.backends.openai_compat import OpenAIBackend
from blogwright.core.config import default_model, section
from blogwright.core.errors import BackendError, BadInput
from blogwright.core.registry import Registry
from blogwright.core.specs import SPECS

Factory = Callable[..., Backend]


def _local(rest: str, **opts: Any) -> Backend:
    return LocalBackend(model_path=rest or None, n_ctx=opts.get("n_ctx"), private=bool(opts.get("private")))


def _openai(rest: str, **opts: Any) -> Backend:
    return OpenAIBackend.from_settings(model=rest or opts.get("model_name"), base_url=opts.get("base_url"),
                                       api_key=opts.get("api_key"), timeout=opts.get("timeout"))


def _ollama(rest: str, **opts: Any) -> Backend:
    """Ollama's OpenAI-compatible endpoint: --base-url, $OLLAMA_HOST, `ollama.base_url`, 127.0.0.1:11434."""
    if not rest:
        raise BackendError("name the Ollama model: --model ollama:NAME (`ollama list` or `blogwright models` shows them)")
    base = ollama_url(opts.get("base_url"))
    timeout = opts.get("timeout") or section("ollama").get("timeout") or 300.0
    return OpenAIBackend(rest, base_url=base + "/v1", api_key=None, timeout=timeout, setting="ollama")


def _llm(rest: str, **opts: Any) -> Backend:
    from blogwright.backends.llm_backend import LLMBackend  # imports `llm` and its plugins: only when asked

    return LLMBackend(rest, key=opts.get("api_key") or section("llm").get("key"))


def _fake(rest: str, **opts: Any) -> Backend:
    backend = from_script(rest) if rest else FakeBackend()
    raw = opts.get("delay") or os.environ.get("BLOGWRIGHT_FAKE_DELAY") or 0
    try:
        backend.delay = max(0.0, float(raw))  # seconds per streamed word: lets tests watch a post being written
    except ValueError:
        raise BadInput(f"BLOGWRIGHT_FAKE_DELAY must be a number of seconds, not {raw!r}") from None
    return backend


BUILTIN: dict[str, Factory] = {"local": _local, "openai": _openai, "ollama": _ollama, "llm": _llm, "fake": _fake}


BACKENDS: Registry[Factory] = Registry("blogwright.backends", BUILTIN, "backend")


def registry() -> dict[str, Factory]:
    """Backend factories by spec prefix: the built-ins and the plug-ins' (`core.registry`)."""
    return BACKENDS.all()


def check_spec(spec: str | None) -> str:
    """The spec to use (`default_model` when None) after checking its prefix is known."""
    spec = default_model(spec)
    if spec.partition(":")[0] not in BACKENDS:
        plugins = BACKENDS.plugins()
        raise BadInput(f"unknown model spec {spec!r}: use {SPECS}; `blogwright models` lists what is usable"
                       + (f" (plugins: {', '.join(sorted(plugins))})" if plugins else ""))
    return spec


def validate_spec(spec: str | None) -> str:
    """`check_spec`, then what can be checked without loading a model or calling a server: a
    `local:PATH` is a GGUF file, a `fake:SCRIPT` a readable JSON list (`batch --check`, calendars)."""
    spec = check_spec(spec)
    prefix, _, rest = spec.partition(":")
    try:
        if prefix == "local" and rest:
            check_model_file(Path(rest))
        elif prefix == "fake" and rest:
            from_script(rest)
    except BackendError as exc:
        raise BadInput(str(exc)) from None
    return spec


def get_backend(spec: str | None = None, **opts: Any) -> Backend:
    """Build the backend a `--model` spec names (None: the default model)."""
    prefix, _, rest = check_spec(spec).partition(":")
    return conform(registry()[prefix](rest, **opts))


__all__ = ["BACKENDS", "SPECS", "Backend", "Completion", "GenParams", "Message", "Stream", "check_spec", "get_backend", "validate_spec",
           "registry"]
