"""The typed request: what post the user wants."""

from __future__ import annotations

import re
from enum import Enum

from pydantic import BaseModel, Field, field_validator

from blogwright.core.sanitize import clean_text
from blogwright.model.options import DEFAULT_WORDS, MAX_WORDS, MIN_WORDS
from blogwright.model.validate import validated

MAX_REQUEST_CHARS = 20_000


class Audience(str, Enum):
    newbie = "newbie"
    practitioner = "practitioner"
    expert = "expert"

    @property
    def guidance(self) -> str:
        return {
            "newbie": "a beginner: use plain words, explain every term, one idea per sentence",
            "practitioner": "a working practitioner: be concrete and practical, skip the basics",
            "expert": "an expert: be precise and dense, use the field's terms without defining them",
        }[self.value]

    @property
    def reader(self) -> str:
        return {"newbie": "a beginner", "practitioner": "a practitioner", "expert": "an expert"}[self.value]

    @property
    def target_grade(self) -> float:
        """Flesch-Kincaid grade a post for this audience should land near."""
        return {"newbie": 8.0, "practitioner": 10.0, "expert": 12.0}[self.value]


class Part(BaseModel):
    """A part of the post the user named ("Food Characteristics: ..."): it becomes a section, in order.
    `role` is "intro" or "conclusion" when the user named the opening or the closing part."""

    heading: str
    point: str = ""
    words: int = 0
    role: str = ""


class Brief(BaseModel):
    """What the user asked for. Validated on construction; errors are `BadInput`.

    A request written as text (`request`) is read by `blogwright.briefs`, which derives the short
    `topic` and fills `parts`, `instructions`, `persona_line`, `tone`, `reader` and `title`."""

    topic: str
    voice: str = "plain-expert"
    audience: Audience = Audience.newbie
    words: int = Field(default=DEFAULT_WORDS)
    keywords: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    request: str = ""  # the user's whole request, as written
    title: str = ""  # a title the user gave ("Title: ...", an outline's `# Title`)
    parts: list[Part] = Field(default_factory=list)  # the user's outline: sections, in order
    instructions: list[str] = Field(default_factory=list)  # carried to every section
    persona_line: str = ""  # the role the request gives ("a food blogger who ..."), no "You are"
    tone: str = ""  # as stated ("warm, conversational")
    reader: str = ""  # the audience as stated ("busy parents")

    @field_validator("topic")
    @classmethod
    def _topic(cls, v: str) -> str:
        v = re.sub(r"\s+", " ", clean_text(v or "", newlines=False)).strip()  # no ESC, BEL, lone surrogates
        if not v:
            raise ValueError("the topic is empty: say what the post is about")
        if len(v) > 300:
            raise ValueError(f"the topic is {len(v)} characters long; keep it under 300")
        if not re.search(r"[^\W\d_]{2,}", v):
            raise ValueError(f"the topic {v!r} has no words in it")
        return v

    @field_validator("words")
    @classmethod
    def _words(cls, v: int) -> int:
        if v < MIN_WORDS or v > MAX_WORDS:
            raise ValueError(f"--words must be between {MIN_WORDS} and {MAX_WORDS}, not {v}")
        return v

    @field_validator("keywords", "notes", "instructions")
    @classmethod
    def _clean_list(cls, v: list[str]) -> list[str]:
        return [c for c in (clean_text(s or "", newlines=False).strip() for s in v) if c]

    @field_validator("request")
    @classmethod
    def _request(cls, v: str) -> str:
        v = clean_text(v or "").strip()
        if len(v) > MAX_REQUEST_CHARS:
            raise ValueError(f"the request is {len(v):,} characters long; keep it under {MAX_REQUEST_CHARS:,}")
        return v


def make_brief(**kwargs) -> Brief:
    """Build a Brief, turning validation errors into one readable `BadInput`."""
    return validated(Brief, {"audience": f"unknown audience {kwargs.get('audience')!r}: use newbie, practitioner or expert"},
                     **kwargs)
