"""Personas as data: the Voice model, the built-in YAML voices, and reading a persona file."""

from __future__ import annotations

from importlib import resources

from pydantic import BaseModel, Field

PACKAGE = "blogwright.voices"


class Voice(BaseModel):
    name: str
    description: str
    persona: str = Field(description="who is writing, as the system prompt's 'You are ...'")
    rules: list[str] = Field(default_factory=list, description="do: short style rules")
    avoid: list[str] = Field(default_factory=list, description="don't: phrases and habits to avoid")
    exemplar: str = ""
    openers: list[str] = Field(default_factory=list)
    sign_offs: list[str] = Field(default_factory=list)
    reader: str = Field(default="", description="how the voice addresses the reader, e.g. 'newbie'")


def builtin_names() -> list[str]:
    return sorted(p.name[:-5] for p in resources.files(PACKAGE).iterdir() if p.name.endswith(".yaml"))
