"""Backends by spec: `local[:PATH.gguf]`, `openai[:MODEL]`, `fake[:SCRIPT.json]`, or a plugin's prefix.

Plugins register a factory under the `blogwright.backends` entry-point group; the factory gets
the text after the colon (or '') and the keyword options, and returns a `Backend`.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Any

from blogwright.backends.base import Backend, Completion, GenParams, Message, Stream
from blogwright.core.errors import BadInput

Factory = Callable[..., Backend]


def _local(rest: str, **opts: Any) -> Backend:
    from blogwright.backends.local import LocalBackend

    return LocalBackend(model_path=rest or None, n_ctx=opts.get("n_ctx", 2048), private=bool(opts.get("private")))


def _openai(rest: str, **opts: Any) -> Backend:
    from blogwright.backends.openai_compat import OpenAIBackend

    return OpenAIBackend.from_settings(model=rest or opts.get("model_name"), base_url=opts.get("base_url"),
                                       api_key=opts.get("api_key"), timeout=opts.get("timeout"))


def _fake(rest: str, **opts: Any) -> Backend:
    import os

    from blogwright.backends.fake import FakeBackend, from_script

    backend = from_script(rest) if rest else FakeBackend()
    raw = opts.get("delay") or os.environ.get("BLOGWRIGHT_FAKE_DELAY") or 0
    try:
        backend.delay = max(0.0, float(raw))  # seconds per streamed word: lets tests watch a post being written
    except ValueError:
        raise BadInput(f"BLOGWRIGHT_FAKE_DELAY must be a number of seconds, not {raw!r}") from None
    return backend


BUILTIN: dict[str, Factory] = {"local": _local, "openai": _openai, "fake": _fake}


def registry() -> dict[str, Factory]:
    found = dict(BUILTIN)
    for ep in entry_points(group="blogwright.backends"):
        found.setdefault(ep.name, ep.load())
    return found


def get_backend(spec: str = "local", **opts: Any) -> Backend:
    """Build the backend a `--model` spec names."""
    prefix, _, rest = (spec or "local").partition(":")
    factories = registry()
    if prefix not in factories:
        raise BadInput(f"unknown model spec {spec!r}: use local[:PATH.gguf], openai[:MODEL] or fake[:SCRIPT.json]"
                       + (f" (plugins: {', '.join(sorted(set(factories) - set(BUILTIN)))})" if set(factories) - set(BUILTIN) else ""))
    return factories[prefix](rest, **opts)


__all__ = ["Backend", "Completion", "GenParams", "Message", "Stream", "get_backend", "registry"]
