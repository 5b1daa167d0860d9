"""The run context every stage gets: backend, log, seeds, progress events and token accounting."""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from blogwright import prompts
from blogwright.backends.base import Backend, Completion, GenParams, Message
from blogwright.checks import GateConfig
from blogwright.core.errors import BadInput
from blogwright.model.brief import Brief
from blogwright.model.events import CallFinished, Event, Note, TokenStreamed
from blogwright.model.report import STAGES, StageCost, Usage
from blogwright.model.request import WriteRequest
from blogwright.store import Store
from blogwright.voices import Voice
from blogwright.voices.learn import load_profile
from blogwright.voices.score import reference

EventSink = Callable[[Event], None]
_STAGE_ORDER = {name: i for i, name in enumerate(STAGES)}
F = TypeVar("F", bound=Callable[..., Any])


def stage(name: str) -> Callable[[F], F]:
    """Decorator of a stage function whose first argument is the RunContext: its time and model calls
    are charged to `name` (`RunContext.timed`)."""
    def wrap(fn: F) -> F:
        @functools.wraps(fn)
        def timed_fn(ctx: RunContext, *args: Any, **kwargs: Any) -> Any:
            with ctx.timed(name):
                return fn(ctx, *args, **kwargs)
        return timed_fn  # type: ignore[return-value]
    return wrap


@dataclass
class RunContext:
    """`brief` is the post being written's (the interview adds notes to it); `request` holds the
    write's options (seed, stream, unsupported, ...): a stage reads `ctx.request.<option>`. Without a
    request (a stage run on its own, a revision), the options' defaults."""

    brief: Brief
    voice: Voice
    backend: Backend
    store: Store
    run_id: str
    request: WriteRequest | None = None
    on_event: EventSink = lambda e: None
    usage: Usage = field(default_factory=Usage)
    gates: GateConfig = field(default_factory=GateConfig)
    index: Any = None  # grounding.PassageIndex over the user's sources, or None
    untrusted: bool = False  # the model's facts are not trusted (the bundled one, or the user says so)
    fact_bound: bool = False  # untrusted and given facts: paragraphs are written around the facts only
    started: float = field(default_factory=time.perf_counter)
    # the options every stage reads, from the request (short names for `ctx.options.seed` ...)
    seed: int = field(init=False, default=0)
    stream: bool = field(init=False, default=False)
    unsupported: str = field(init=False, default="flag")

    _voice_model: tuple | None = None
    # what a stage computes once per run and reuses on every model call (e.g. `draft.mangle_guard`'s biases)
    memo: dict[str, Any] = field(default_factory=dict, repr=False)
    # per stage: calls, tokens and wall seconds (`timed`); `_open` is the stack of stages running now
    stages: dict[str, StageCost] = field(default_factory=dict)
    _open: list[str] = field(default_factory=list)
    _mark: float = field(default_factory=lambda: time.perf_counter())

    def __post_init__(self) -> None:
        if self.request is None:
            self.request = WriteRequest(brief=self.brief)
        # unsupported None is settled per run by `truth.resolve_mode` (write_post sets it)
        self.seed, self.stream, self.unsupported = self.request.seed, self.request.stream, self.request.unsupported or "flag"

    @property
    def options(self) -> WriteRequest:
        """The write's options (`request`, set by `__post_init__`)."""
        return self.request or WriteRequest(brief=self.brief)

    def voice_model(self) -> tuple:
        """(profile, reference) of the voice for scoring drafts, or (None, None) when the voice has
        no profile (a persona .yaml file). Built once per run."""
        if self._voice_model is None:

            try:
                profile = load_profile(self.voice.name)
                self._voice_model = (profile, reference())
            except BadInput:
                self._voice_model = (None, None)
        return self._voice_model

    def _charge(self) -> None:
        """The time since the last mark goes to the innermost open stage ("other" when none is)."""
        now = time.perf_counter()
        name = self._open[-1] if self._open else "other"
        self.stages.setdefault(name, StageCost()).seconds += now - self._mark
        self._mark = now

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        """Charge the time and model calls of the block to `stage` (a name of `model.report.STAGES`);
        a stage opened inside another one pauses the outer one, so stage seconds add up."""
        self._charge()
        self._open.append(stage)
        try:
            yield
        finally:
            self._charge()
            self._open.pop()

    def stage_costs(self) -> dict[str, StageCost]:
        """Every stage's cost so far, in pipeline order (the time up to now is charged first)."""
        self._charge()
        return dict(sorted(self.stages.items(), key=lambda kv: _STAGE_ORDER.get(kv[0], len(_STAGE_ORDER))))

    def emit(self, event: Event) -> None:
        self.on_event(event)

    def note(self, stage: str, text: str) -> None:
        self.emit(Note(stage=stage, text=text))  # type: ignore[arg-type]

    def call_seed(self, *parts: object) -> int:
        """A seed per call derived from the run seed and the call's identity: reruns match."""
        digest = hashlib.sha256(repr((self.options.seed, *parts)).encode()).digest()
        return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF

    def system(self) -> prompts.Rendered:
        return prompts.render("system", voice=self.voice, audience=self.brief.audience,
                              persona_line=self.brief.persona_line)

    def call(self, stage: str, prompt: prompts.Rendered, params: GenParams,
             stream: bool = False, system: bool = True, shots: tuple[Message, ...] = (),
             stop: Callable[[str], bool] | None = None) -> Completion:
        """One model call: render, send, log. Never raises on odd model output. `shots`: earlier
        turns shown before the prompt (the voice's own passage as an answer the model gave). `stop`:
        called with the text so far as it streams; when true, generation stops there (issue 28: what
        a check would throw away is not generated)."""
        sys_prompt = self.system().text if system else ""
        messages = ([Message("system", sys_prompt)] if sys_prompt else []) + list(shots) + [Message("user", prompt.text)]
        t0 = time.perf_counter()
        error = None
        try:
            if stream and self.options.stream or stop is not None:
                show = stream and self.options.stream
                completion = self.backend.stream(messages, params).consume(
                    (lambda piece: self.emit(TokenStreamed(stage=stage, text=piece))) if show else None, stop)
            else:
                completion = self.backend.complete(messages, params)
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
            raise
        finally:
            seconds = time.perf_counter() - t0
            if error:
                self.store.log_call(
                    self.run_id, stage=stage, template=prompt.name, template_version=prompt.version,
                    template_hash=prompt.hash, system=sys_prompt, prompt=prompt.text,
                    model=self.backend.model, params=params.as_dict(), duration_s=seconds, error=error,
                )
        self.usage.add(completion, seconds)
        self.stages.setdefault(self._open[-1] if self._open else stage, StageCost()).add(completion, seconds)
        self.store.log_call(
            self.run_id, stage=stage, template=prompt.name, template_version=prompt.version,
            template_hash=prompt.hash, system=sys_prompt, prompt=prompt.text,
            response=completion.text, model=completion.model or self.backend.model,
            params=params.as_dict(), prompt_tokens=completion.prompt_tokens,
            completion_tokens=completion.completion_tokens,
            cached_tokens=completion.cached_prompt_tokens, finish_reason=completion.finish_reason,
            duration_s=seconds,
        )
        self.emit(CallFinished(stage=stage, completion_tokens=completion.completion_tokens,  # type: ignore[arg-type]
                               seconds=seconds))
        return completion
