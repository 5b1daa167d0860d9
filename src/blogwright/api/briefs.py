"""Reading what the user asked: a request written as text (or a Markdown outline) into a brief, and
a notes file into facts."""

from __future__ import annotations

from blogwright.briefs import Understood, brief_from_request, describe, parse_outline
from blogwright.grounding import load_notes

__all__ = ["Understood", "brief_from_request", "describe", "load_notes", "parse_outline"]
