"""A forgiving Markdown reader: front matter, title, TL;DR, intro, sections, conclusion.

Not a full CommonMark parser: it finds the parts the gates need and keeps code blocks out of
the prose (gates never look inside code). It accepts any Markdown, not only blogwright's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")
TLDR = re.compile(r"^\s*(?:\*\*|__)?\s*TL;?\s?DR\b\s*[:\-–—]?\s*(?:\*\*|__)?\s*[:\-–—]?\s*",
                  re.IGNORECASE)
CONCLUSION = re.compile(
    r"^(?:wrapping up|wrap[- ]up|conclusions?|in conclusion|final thoughts|closing thoughts|"
    r"summary|in summary|key takeaways|takeaways|the bottom line|bottom line|in closing|"
    r"next steps|what'?s next|final words|to sum up|recap)\b", re.IGNORECASE)


@dataclass
class Heading:
    level: int
    text: str
    line: int  # 1-based, in the whole text


@dataclass
class Paragraph:
    text: str
    line: int
    kind: str = "para"  # para | list | table | quote | html


@dataclass
class Block:
    """A run of prose under one heading: label is 'intro', 'TL;DR' or '## Heading'."""

    label: str
    heading: str | None
    paragraphs: list[Paragraph] = field(default_factory=list)
    code: int = 0  # code blocks under this heading
    line: int = 0  # line of the heading

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)

    def where(self, i: int) -> str:
        return f"{self.label}, paragraph {i + 1}" if len(self.paragraphs) > 1 else self.label


@dataclass
class ParsedMarkdown:
    front_matter: dict[str, Any] | None = None
    front_matter_error: str | None = None
    has_front_matter: bool = False
    title: str = ""
    title_line: int | None = None
    tldr: str = ""
    intro: str = ""
    sections: list[tuple[str, str]] = field(default_factory=list)  # without the conclusion
    conclusion: str = ""
    conclusion_heading: str = ""
    headings: list[Heading] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)  # prose in reading order, with TL;DR
    section_level: int = 2
    unclosed_fence_line: int | None = None
    code_blocks: int = 0

    def prose_blocks(self, with_tldr: bool = False) -> list[Block]:
        return [b for b in self.blocks if with_tldr or b.label != "TL;DR"]


def _front_matter(lines: list[str], doc: ParsedMarkdown) -> int:
    """Read a leading `---` YAML (or `+++` TOML) block; return the first body line index."""
    if not lines or lines[0].strip() not in ("---", "+++"):
        return 0
    marker = lines[0].strip()
    for i in range(1, len(lines)):
        if lines[i].strip() == marker or (marker == "---" and lines[i].strip() == "..."):
            doc.has_front_matter = True
            raw = "\n".join(lines[1:i])
            if marker == "+++":
                doc.front_matter_error = "TOML front matter is not checked"
                return i + 1
            try:
                data = yaml.safe_load(raw) if raw.strip() else {}
            except yaml.YAMLError as exc:
                doc.front_matter_error = f"front matter is not valid YAML: {str(exc).splitlines()[0]}"
                return i + 1
            if isinstance(data, dict):
                doc.front_matter = data
            else:
                doc.front_matter_error = "front matter is not a YAML mapping"
            return i + 1
    return 0  # no closing marker: a thematic break, not front matter


def _kind(first_line: str) -> str:
    s = first_line.lstrip()
    if LIST_ITEM.match(first_line):
        return "list"
    if s.startswith("|"):
        return "table"
    if s.startswith(">"):
        return "quote"
    if re.match(r"<(?!https?:)[a-zA-Z!/]", s):
        return "html"
    return "para"


def _scan(lines: list[str], start: int, doc: ParsedMarkdown) -> list[tuple[str, Any]]:
    """Turn lines into ('heading', Heading) and ('para', Paragraph) events, skipping code."""
    events: list[tuple[str, Any]] = []
    buf: list[str] = []
    buf_line = 0
    fence: tuple[str, int, int] | None = None  # char, length, line
    in_code = False

    def flush() -> None:
        nonlocal buf
        if buf:
            text = "\n".join(s.rstrip() for s in buf).strip()
            if text:
                events.append(("para", Paragraph(text, buf_line, _kind(buf[0]))))
        buf = []

    for i in range(start, len(lines)):
        line, n = lines[i], i + 1
        if fence:
            m = FENCE.match(line)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= fence[1] \
                    and not m.group(2).strip():
                fence = None
            continue
        m = FENCE.match(line)
        if m and not (m.group(1)[0] == "`" and "`" in m.group(2)):
            flush()
            fence = (m.group(1)[0], len(m.group(1)), n)
            events.append(("code", n))
            continue
        if not line.strip():
            flush()
            continue  # a blank line keeps an indented code block open
        indented = bool(re.match(r"^(?: {4}|\t)", line))
        if not buf and indented and (in_code or i == start or not lines[i - 1].strip()):
            prev = events[-1][1] if events else None
            if not (isinstance(prev, Paragraph) and prev.kind == "list"):
                if not in_code:
                    events.append(("code", n))
                in_code = True
                continue  # indented code block
        in_code = False
        m = ATX.match(line)
        if m:
            flush()
            text = re.sub(r"(?:^|\s+)#+$", "", (m.group(2) or "").strip())
            events.append(("heading", Heading(len(m.group(1)), text.strip(), n)))
            continue
        m = SETEXT.match(line)
        if m and buf and _kind(buf[0]) == "para":
            text = " ".join(s.strip() for s in buf)
            events.append(("heading", Heading(1 if m.group(1)[0] == "=" else 2, text, buf_line)))
            buf = []
            continue
        if m and not buf and m.group(1)[0] == "-":
            continue  # thematic break
        if re.match(r"^ {0,3}(?:\*[ \t]*){3,}$|^ {0,3}(?:_[ \t]*){3,}$", line):
            flush()
            continue
        if not buf:
            buf_line = n
        buf.append(line)
    flush()
    if fence:
        doc.unclosed_fence_line = fence[2]
    return events


def parse_markdown(text: str) -> ParsedMarkdown:
    """Split any Markdown text into front matter, title, TL;DR, intro, sections and conclusion."""
    doc = ParsedMarkdown()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    events = _scan(lines, _front_matter(lines, doc), doc)
    doc.headings = [h for kind, h in events if kind == "heading"]
    first = doc.headings[0] if doc.headings else None
    has_title = first is not None and first.level == 1
    if has_title:
        doc.title, doc.title_line = first.text, first.line
    elif doc.front_matter and isinstance(doc.front_matter.get("title"), str):
        doc.title = doc.front_matter["title"].strip()
    later = [h.level for h in doc.headings[1 if has_title else 0:]]
    doc.section_level = min(later) if later else 2

    intro = Block("intro", None)
    tldr = Block("TL;DR", None)
    blocks: list[Block] = [intro]
    current = intro
    tldr_next = False  # a "TL;DR" heading or bare bold label: the next paragraph is the TL;DR
    for kind, item in events:
        if kind == "code":
            current.code += 1
            doc.code_blocks += 1
            continue
        if kind == "heading":
            if has_title and item is first:
                continue
            tldr_next = bool(TLDR.match(item.text)) and not TLDR.sub("", item.text).strip()
            if not tldr_next and item.level <= doc.section_level:
                current = Block(f"{'#' * item.level} {item.text}".rstrip(), item.text, line=item.line)
                blocks.append(current)
            continue
        para: Paragraph = item
        if not tldr.paragraphs and (tldr_next or (para.kind == "para" and TLDR.match(para.text))):
            body = TLDR.sub("", para.text, count=1).strip() if not tldr_next else para.text
            tldr_next = not body
            if body:
                tldr.paragraphs.append(Paragraph(body, para.line, para.kind))
            continue
        tldr_next = False
        current.paragraphs.append(para)
    doc.tldr = tldr.text
    doc.intro = intro.text
    sections = [(b.heading or "", b.text) for b in blocks[1:]]
    if sections and CONCLUSION.match(sections[-1][0].strip("*_ ")):
        doc.conclusion_heading, doc.conclusion = sections.pop()
    doc.sections = sections
    doc.blocks = ([tldr] if tldr.paragraphs else []) + blocks
    return doc


def section_doc(text: str, heading: str = "") -> ParsedMarkdown:
    """A ParsedMarkdown holding one section's prose (for `check_section`)."""
    parsed = parse_markdown(text)
    paragraphs = [p for b in parsed.blocks for p in b.paragraphs]
    label = f"## {heading}" if heading else "section"
    doc = ParsedMarkdown(sections=[(heading, "\n\n".join(p.text for p in paragraphs))],
                         blocks=[Block(label, heading or None, paragraphs)],
                         unclosed_fence_line=parsed.unclosed_fence_line,
                         code_blocks=parsed.code_blocks)
    return doc
