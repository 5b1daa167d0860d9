"""Typed objects passed between stages."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, Field


class SectionPlan(BaseModel):
    heading: str
    point: str
    words: int
    facts: list[str] = Field(default_factory=list)


class Outline(BaseModel):
    title: str
    sections: list[SectionPlan]
    intro_words: int
    conclusion_words: int
    origin: Literal["model", "template", "mixed"] = "model"


class Section(BaseModel):
    heading: str
    text: str
    point: str = ""
    notes: list[str] = Field(default_factory=list, description="what the pipeline had to do")

    @property
    def words(self) -> int:
        return len(self.text.split())


class Post(BaseModel):
    title: str
    topic: str
    slug: str = ""
    date: dt.date = Field(default_factory=dt.date.today)
    tags: list[str] = Field(default_factory=list)
    description: str = ""
    summary: str = ""
    intro: str = ""
    sections: list[Section] = Field(default_factory=list)
    conclusion: str = ""
    voice: str = ""
    audience: str = ""
    model: str = ""
    target_words: int = 0
    run_id: str = ""
    complete: bool = True
    references_md: str = ""
    report: dict[str, Any] | None = None

    @property
    def body_words(self) -> int:
        """Words of the intro, sections and conclusion, not counting citation markers like [2]."""
        parts = [self.intro, *(s.text for s in self.sections), self.conclusion]
        return sum(len(re.sub(r"\s?\[\d+(?:,\s*\d+)*\]", "", p).split()) for p in parts)


Stage = Literal["plan", "draft", "review", "summarize", "render"]


@dataclass
class Event:
    """Progress events for the CLI (or any caller): stage changes, sections, tokens, call stats."""

    kind: Literal["stage", "section", "part", "token", "call", "note"]
    stage: str = ""
    index: int = 0
    total: int = 0
    text: str = ""
    data: dict[str, Any] = field(default_factory=dict)
