"""The optional CheckContext: what the post was meant to be. Result types live in model.report."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from blogwright.model.brief import Brief
from blogwright.model.post import Outline
from blogwright.model.report import Finding, GateResult, Report, Severity

__all__ = ["CheckContext", "Finding", "GateResult", "Report", "Severity"]

@dataclass
class CheckContext:
    """What the post was meant to be. Every field is optional; gates that need one skip without it."""

    topic: str = ""
    keywords: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sources_text: str = ""
    target_words: int = 0
    audience: str = ""
    planned_sections: int = 0
    headings_points: dict[str, str] = field(default_factory=dict)
    allow_words: list[str] = field(default_factory=list)
    voice: str = ""
    site: str = ""  # a Hugo or Jekyll site folder: the SEO gate checks internal links against it

    @classmethod
    def from_brief(cls, brief: Brief, outline: Outline | None = None, sources_text: str = "") -> CheckContext:
        """Build from a `Brief` (and optionally the `Outline` the pipeline planned)."""
        audience = brief.audience.value
        points = {s.heading: s.point for s in outline.sections if s.heading} if outline is not None else {}
        return cls(topic=brief.topic, keywords=list(brief.keywords), notes=list(brief.notes),
                   sources_text=sources_text, target_words=brief.words, audience=str(audience),
                   planned_sections=len(points), headings_points=points,
                   allow_words=sorted(set(re.findall(r"[\w'’-]+", brief.request))),  # the user's own words
                   voice=brief.voice or "")

    def text(self) -> str:
        """Everything the user supplied, as one string (for 'is this term in the brief?')."""
        parts = [self.topic, *self.keywords, *self.notes, self.sources_text, *self.allow_words]
        for heading, point in self.headings_points.items():
            parts += [heading, point]
        return "\n".join(p for p in parts if p)

    def vocabulary(self) -> set[str]:
        """Lower-case words of `text()`, with and without a plural 's'."""
        words = set(re.findall(r"[a-z0-9][a-z0-9'’-]*", self.text().lower()))
        for w in list(words):
            words.update(w.split("-"))
            words.add(w.rstrip("s"))
        return {w for w in words if w}
