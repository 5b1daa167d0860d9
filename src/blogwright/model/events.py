"""Typed progress events: one class per kind, a discriminated union on `kind`.

The pipeline emits them; the CLI's progress view and the web page's jobs consume them. Each is a
pydantic model, so `event.model_dump()` is the JSON a web client gets and `EVENT.validate_python`
reads one back.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, Field, TypeAdapter

from blogwright.model.post import Outline

Stage = Literal["plan", "draft", "review", "summarize", "check", "render"]


class StageStarted(BaseModel):
    """A stage begins. The draft stage carries the planned outline."""

    kind: Literal["stage"] = "stage"
    stage: Stage
    total: int = 0
    outline: Outline | None = None


class SectionProgress(BaseModel):
    """A section starts (`phase="start"`, index = its 0-based position) or is done (index = how many are done)."""

    kind: Literal["section"] = "section"
    stage: Stage = "draft"
    phase: Literal["start", "done"]
    index: int
    total: int
    heading: str


class PartWritten(BaseModel):
    """A part of the post is written: "intro", "s0", "s1", ... or "conclusion"."""

    kind: Literal["part"] = "part"
    stage: Stage = "draft"
    part: str
    text: str
    heading: str = ""
    notes: list[str] = Field(default_factory=list)


class TokenStreamed(BaseModel):
    """A piece of text the model just produced."""

    kind: Literal["token"] = "token"
    stage: Stage
    text: str


class CallFinished(BaseModel):
    """One model call is done (logged by RunContext.call)."""

    kind: Literal["call"] = "call"
    stage: Stage
    completion_tokens: int = 0
    seconds: float = 0.0

    @property
    def tokens_per_s(self) -> float:
        return self.completion_tokens / self.seconds if self.seconds > 0 else 0.0


class Note(BaseModel):
    """Something the user should know: a fallback taken, a source skipped, a repair made."""

    kind: Literal["note"] = "note"
    stage: Stage
    text: str


Event = Annotated[Union[StageStarted, SectionProgress, PartWritten, TokenStreamed, CallFinished, Note],
                  Field(discriminator="kind")]
EVENT: TypeAdapter[Event] = TypeAdapter(Event)
