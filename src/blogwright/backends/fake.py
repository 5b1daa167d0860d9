"""A scripted backend for tests (shipped so plugins and users can test too).

`FakeBackend(responses=[...])` returns the scripted texts in order (the last one repeats once the
script runs out); `FakeBackend(function=f)` calls `f(messages, params) -> str`. Every call is
recorded in `.calls` with what was sent. Tokens are counted as whitespace-separated words.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from blogwright.backends.base import Completion, GenParams, Message, Stream
from blogwright.core.errors import BadInput
from blogwright.core.io import read_text
from blogwright.core.sanitize import fix_surrogates

Responder = Callable[[list[Message], GenParams], str]


@dataclass
class FakeCall:
    messages: list[Message]
    params: GenParams

    @property
    def prompt(self) -> str:
        return "\n".join(m.content for m in self.messages)


@dataclass
class FakeBackend:
    responses: Sequence[str] = ()
    function: Responder | None = None
    model: str = "fake-model"
    name: str = "fake"
    calls: list[FakeCall] = field(default_factory=list)
    delay: float = 0.0  # seconds per streamed word (and per call): lets tests watch a post being written
    closed: int = 0  # how many times close() was called
    weak: bool = False  # True: the pipeline treats it like the bundled model (templates, short instructions)
    supports_json_schema: bool = False
    supports_word_bias: bool = False  # True: params.word_bias is kept in `.calls` like a real backend's

    def _respond(self, messages: list[Message], params: GenParams) -> str:
        self.calls.append(FakeCall(list(messages), params))
        if self.function is not None:
            return self.function(messages, params)
        if not self.responses:
            return default_responder(messages, params)
        i = min(len(self.calls) - 1, len(self.responses) - 1)
        return self.responses[i]

    def complete(self, messages: list[Message], params: GenParams) -> Completion:
        if self.delay:
            time.sleep(self.delay)
        text = self._respond(messages, params)
        words = text.split()
        finish = "stop"
        if len(words) > params.max_tokens:
            text, finish = " ".join(words[: params.max_tokens]), "length"
        return Completion(
            text=text,
            prompt_tokens=sum(len(m.content.split()) for m in messages),
            completion_tokens=min(len(words), params.max_tokens),
            finish_reason=finish,
            model=self.model,
        )

    def stream(self, messages: list[Message], params: GenParams) -> Stream:
        done = self.complete(messages, params)

        def pieces() -> Iterator[str]:
            for i, word in enumerate(done.text.split(" ")):
                if self.delay:
                    time.sleep(self.delay)
                yield word if i == 0 else " " + word

        def finish(text: str) -> Completion:  # the text read (all of it, or up to a stop)
            return Completion(text=text, prompt_tokens=done.prompt_tokens, completion_tokens=len(text.split()),
                              finish_reason=done.finish_reason, model=done.model)

        return Stream(pieces(), finish)

    def count_tokens(self, text: str) -> int:
        """Tokens as this backend counts them: whitespace-separated words."""
        return len(text.split())

    def close(self) -> None:
        """Nothing to free; counted so tests can see that whoever opened the backend closed it."""
        self.closed += 1


def default_responder(messages: list[Message], params: GenParams) -> str:
    """A plausible, on-topic answer built from the prompt: lets the pipeline run with no script."""
    prompt = messages[-1].content
    subject = _subject(prompt)
    if params.grammar or "heading" in prompt.lower():
        return "\n".join(f"- {h} {subject}" for h in ("What is", "Why use", "How to start with"))
    if "title" in prompt.lower():
        return f"A Practical Guide to {subject}"
    sentence = (
        f"{subject} is worth learning because it makes everyday work simpler. "
        f"Start small with {subject}, measure what changes, and keep what helps. "
        f"Most people who try {subject} find the first steps easier than they expected. "
    )
    n = max(1, params.max_tokens // 40)
    return (sentence * n).strip()


def _subject(prompt: str) -> str:
    m = re.search(r"sentences for \w+ \w+ why (.+?) is worth", prompt) or re.search(
        r"(?:sentences for [^:]+:|what to remember about|about)\s+(.+?)(?:[.:]\s|[.:]?$)", prompt)
    if m:
        return m.group(1).strip()
    for line in prompt.splitlines():
        low = line.lower()
        for key in ("topic:", "about:", "point:"):
            if key in low:
                value = line[low.index(key) + len(key):].strip().rstrip(".")
                if value:
                    return value
    return "the topic"


def from_script(path: str | Path) -> FakeBackend:
    """`--model fake:script.json`: a JSON list of response strings. A missing, unreadable or malformed
    script is a `BadInput` naming the file."""
    p = Path(path).expanduser()
    if not str(path).strip() or not p.exists():
        raise BadInput(f"no such fake script: {p} (--model fake:SCRIPT.json needs a JSON list of strings)")
    text = read_text(p, "fake script")  # bounded; a folder or a binary file is a BadInput
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInput(f"the fake script {p} is not JSON ({exc.msg}, line {exc.lineno})") from None
    except (ValueError, RecursionError):
        raise BadInput(f"the fake script {p} is not JSON (nested too deeply or malformed)") from None
    if not isinstance(data, list) or not all(isinstance(x, str) for x in data):
        raise BadInput(f"{p}: a fake script must be a JSON list of strings")
    return FakeBackend(responses=[fix_surrogates(x) for x in data])
