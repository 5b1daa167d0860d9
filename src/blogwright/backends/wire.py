"""The wire formats blogwright reads from model servers, as pydantic models: OpenAI's chat completion
(whole and streamed), which Ollama, vLLM, LM Studio and llama.cpp servers speak too, and Ollama's own
`/api/tags`. Unknown fields are ignored; a known field of the wrong type (`usage: "lots"`,
`content: 42`, `finish_reason: [..]`, `prompt_tokens: 1e999`) is a one-line BackendError naming the
field, never a traceback. What the model *wrote* is parsed leniently elsewhere; this is the envelope.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from blogwright.core.errors import BackendError

__all__ = ["ChatCompletion", "OllamaTags", "StreamChunk", "Usage", "load_json", "parse"]

_COUNT: dict[str, Any] = {"ge": 0, "le": 10**9}  # token counts: whole numbers ("1e999" or "abc" refused)


class _Wire(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class TokenDetails(_Wire):
    cached_tokens: int | None = Field(None, **_COUNT)


class Usage(_Wire):
    prompt_tokens: int | None = Field(None, **_COUNT)
    completion_tokens: int | None = Field(None, **_COUNT)
    total_tokens: int | None = Field(None, **_COUNT)
    prompt_tokens_details: TokenDetails | None = None


class ChatMessage(_Wire):
    role: str | None = None
    content: str | None = None


class Choice(_Wire):
    message: ChatMessage
    finish_reason: str | None = Field(None, max_length=100)


class ChatCompletion(_Wire):
    choices: list[Choice] = Field(min_length=1, max_length=1000)
    usage: Usage | None = None
    model: str | None = Field(None, max_length=1000)


class Delta(_Wire):
    role: str | None = None
    content: str | None = None


class StreamChoice(_Wire):
    delta: Delta | None = None
    finish_reason: str | None = Field(None, max_length=100)


class StreamChunk(_Wire):
    choices: list[StreamChoice] = Field(default_factory=list, max_length=1000)
    usage: Usage | None = None
    model: str | None = Field(None, max_length=1000)
    error: Any = None


class OllamaModel(_Wire):
    name: str | None = Field(None, max_length=1000)
    model: str | None = Field(None, max_length=1000)


class OllamaTags(_Wire):
    models: list[OllamaModel] = Field(default_factory=list, max_length=100_000)


M = TypeVar("M", bound=BaseModel)


def load_json(text: str | bytes, where: str, what: str = "an answer") -> Any:
    """JSON from a server; not JSON (or nested past what the parser takes) is a BackendError."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        start = text[:80] if isinstance(text, str) else text[:80].decode("utf-8", "replace")
        raise BackendError(f"the server at {where} sent {what} that is not JSON (starts {' '.join(start.split())!r})") \
            from None


def parse(model: type[M], data: Any, where: str, what: str = "answer") -> M:
    """`data` as `model`, or a one-line BackendError naming the first wrong field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err.get("loc", ())) or "the answer"
        got = err.get("input")
        shown = json.dumps(got)[:60] if isinstance(got, (str, int, float, bool, type(None))) else type(got).__name__
        raise BackendError(f"the server at {where} sent a malformed {what}: {field}: {err.get('msg', 'invalid')} "
                           f"(got {shown})") from None
    except RecursionError:
        raise BackendError(f"the server at {where} sent a malformed {what}: nested too deep") from None
