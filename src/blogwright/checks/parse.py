"""The gates' view of a post: `blogwright.text.document` (markdown-it-py), re-exported here so
`blogwright.checks.parse` and `blogwright.checks.parse_markdown` keep working."""

from __future__ import annotations

from blogwright.text.document import (
    CONCLUSION,
    TLDR,
    Block,
    Heading,
    Paragraph,
    ParsedMarkdown,
    parse_markdown,
    section_doc,
)

__all__ = ["Block", "Heading", "Paragraph", "ParsedMarkdown", "parse_markdown", "section_doc", "TLDR", "CONCLUSION"]
