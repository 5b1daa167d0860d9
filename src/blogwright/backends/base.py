"""The one small protocol every model backend implements: `complete`, `stream` and `close`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class Message:
    role: str  # "system" | "user" | "assistant"
    content: str


@dataclass(frozen=True)
class GenParams:
    """Sampling parameters. `grammar` is GBNF; backends that cannot use it ignore it. `json_schema`
    (a JSON Schema, as JSON text) asks a backend whose `supports_json_schema` is true for an answer
    in that shape (OpenAI-style `response_format`); the others ignore it. `word_bias`: (word, bias)
    pairs, a logit bias added to the tokens that start the word (" the", " The", "The"), honoured by a
    backend whose `supports_word_bias` is true (it knows its own token ids); the others ignore it.
    `piece_bias`: (piece, bias) pairs for exact pieces of the model's vocabulary (no space or case
    variants: "L" is not " L"), see `text_pieces`; honoured and ignored as `word_bias` is."""

    max_tokens: int = 256
    temperature: float = 0.3
    top_p: float = 0.9
    repeat_penalty: float = 1.15
    seed: int | None = None
    stop: tuple[str, ...] = ()
    grammar: str | None = None
    json_schema: str | None = None
    word_bias: tuple[tuple[str, float], ...] = ()
    piece_bias: tuple[tuple[str, float], ...] = ()

    def as_dict(self) -> dict:
        d = {k: v for k, v in self.__dict__.items() if v not in (None, ())}
        if "stop" in d:
            d["stop"] = list(d["stop"])
        for k in ("word_bias", "piece_bias"):
            if k in d:
                d[k] = dict(d[k])
        return d


@dataclass
class Completion:
    text: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    finish_reason: str = "stop"  # "stop" | "length" | "checked" (the caller stopped it: `Stream.consume(stop=)`)
    model: str = ""
    duration_s: float = 0.0
    cached_prompt_tokens: int = 0  # prefill tokens reused from a KV cache, when known


@runtime_checkable
class Backend(Protocol):
    """A model. `name` is the spec prefix (local, openai, fake); `model` names the weights.

    `weak`: a model that cannot be trusted for facts or for formats (under ~600 MB, like the bundled
    one): the pipeline plans the outline from templates, keeps instructions short and marks the post's
    facts as needing a check. `supports_json_schema`: the backend honours `GenParams.json_schema`.
    A plugin's backend that does not set them gets both False from `conform`."""

    name: str
    model: str
    weak: bool
    supports_json_schema: bool
    supports_word_bias: bool

    def complete(self, messages: list[Message], params: GenParams) -> Completion: ...

    def stream(self, messages: list[Message], params: GenParams) -> Stream: ...

    def close(self) -> None:
        """Free what the backend holds (a loaded model, a connection pool). Safe to call twice.
        A no-op by default: backends that subclass `Backend` inherit it; for any other object
        use `close_backend`."""


def conform(backend: Backend) -> Backend:
    """A backend with every attribute of the protocol: a plugin's that lacks `weak`,
    `supports_json_schema` or `supports_word_bias` gets False (trusted; no JSON Schema; no biases)."""
    for flag in ("weak", "supports_json_schema", "supports_word_bias"):
        if not hasattr(backend, flag):
            setattr(backend, flag, False)
    return backend


def count_tokens(backend: object, text: str) -> int:
    """Tokens `text` is in the backend's model (its `count_tokens`, when it has one), else an estimate
    of 4 tokens per 3 words (English in a BPE vocabulary of ~50k pieces)."""
    count = getattr(backend, "count_tokens", None)
    if callable(count):
        return int(count(text))
    return round(len(text.split()) * 4 / 3)


def text_pieces(backend: object, text: str) -> list[str]:
    """The vocabulary pieces `text` is made of in the backend's model ("LLM Ops" -> ["LL", "M", " O",
    "ps"]), when the backend can tell (its `pieces`), else []."""
    pieces = getattr(backend, "pieces", None)
    return list(pieces(text)) if callable(pieces) and text else []


def close_backend(backend: object) -> None:
    """Close a backend, also one from a plugin that has no `close` (then there is nothing to free)."""
    close = getattr(backend, "close", None)
    if callable(close):
        close()


class Stream:
    """Iterate to get text pieces as they are generated; `.completion` is set at the end."""

    def __init__(self, pieces: Iterator[str], finish: Callable[[str], Completion]):
        self._pieces = pieces
        self._finish = finish
        self.completion: Completion | None = None

    def __iter__(self) -> Iterator[str]:
        parts: list[str] = []
        for piece in self._pieces:
            parts.append(piece)
            yield piece
        self.completion = self._finish("".join(parts))

    def consume(self, on_piece: Callable[[str], None] | None = None,
                stop: Callable[[str], bool] | None = None) -> Completion:
        """Read the stream to its end, or until `stop(text so far)` is true: then generation stops
        there (the backend's generator is closed, so no more tokens are decoded) and the completion
        holds the text so far, with finish_reason "checked"."""
        if stop is None:
            for piece in self:
                if on_piece:
                    on_piece(piece)
        else:
            parts: list[str] = []
            for piece in self._pieces:
                parts.append(piece)
                if on_piece:
                    on_piece(piece)
                if stop("".join(parts)):
                    close = getattr(self._pieces, "close", None)
                    if callable(close):
                        close()
                    self.completion = self._finish("".join(parts))
                    self.completion.finish_reason = "checked"
                    break
            else:
                self.completion = self._finish("".join(parts))
        if self.completion is None:  # pragma: no cover - the iterator always sets it
            raise RuntimeError("stream ended without a completion")
        return self.completion
