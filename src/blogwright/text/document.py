"""A post's Markdown as a document: front matter, title, TL;DR, intro, sections, conclusion, and
its prose paragraphs, read with the shared markdown-it parser (`text.markdown.parser`).

Forgiving: any Markdown is accepted, not only blogwright's. Code blocks (fenced, indented, inside
lists or quotes) are counted and kept out of the prose; an unclosed fence is reported, not fatal.
Two views of the same reading:
- `parse_markdown(text) -> ParsedMarkdown`: what the quality gates check. A paragraph's text is
  its Markdown source (gates strip it with `plain_text` or mask it keeping offsets).
- `prose_paragraphs(text) -> list[Para]`: plain-text paragraphs, list items, quotes and headings
  (what the voices learn from); tables, code and HTML furniture dropped.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from markdown_it.token import Token

from blogwright.text import frontmatter
from blogwright.text.markdown import SHORTCODE, inline_text, parser, plain_text, strip_tags

__all__ = ["Heading", "Paragraph", "Block", "ParsedMarkdown", "parse_markdown", "section_doc",
           "Para", "prose_paragraphs", "front_matter_end", "reader_words", "TLDR", "CONCLUSION"]

LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")
CLOSING_FENCE = re.compile(r"^[\s>]*(`{3,}|~{3,})[ \t]*$")
TLDR = re.compile(r"^\s*(?:\*\*|__)?\s*TL;?\s?DR\b\s*[:\-–—]?\s*(?:\*\*|__)?\s*[:\-–—]?\s*",
                  re.IGNORECASE)
CONCLUSION = re.compile(
    r"^(?:wrapping up|wrap[- ]up|conclusions?|in conclusion|final thoughts|closing thoughts|"
    r"summary|in summary|key takeaways|takeaways|the bottom line|bottom line|in closing|"
    r"next steps|what'?s next|final words|to sum up|recap|one last thing)\b", re.IGNORECASE)
BACK_MATTER = re.compile(
    r"^(?:references|sources|further reading|footnotes|bibliography|citations|related (?:posts|reading))\s*$",
    re.IGNORECASE)
_CODE = ("fence", "code_block")


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
    back_matter: list[tuple[str, str]] = field(default_factory=list)  # References, Sources, ... at the end
    headings: list[Heading] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)  # prose in reading order, with TL;DR
    section_level: int = 2
    unclosed_fence_line: int | None = None
    code_blocks: int = 0

    def prose_blocks(self, with_tldr: bool = False) -> list[Block]:
        """The post's prose: intro and sections (and the TL;DR when asked), not its back matter (a
        "## References" list quotes the notes a paragraph cites: it is not a repeat of it)."""
        back = {h for h, _ in self.back_matter}
        return [b for b in self.blocks if (with_tldr or b.label != "TL;DR") and not (b.heading and b.heading in back)]


_NOT_POST = {"references", "sources", "bibliography", "notes and sources"}
_CITATION = re.compile(r"\s?\[\d+(?:,\s*\d+)*\]")


def _count(text: str) -> int:
    return sum(1 for w in _CITATION.sub("", plain_text(text)).split() if re.search(r"\w", w))


def reader_words(doc: ParsedMarkdown | str) -> int:
    """THE word count of a post (a parsed post or its Markdown): every word below the front matter, as a
    reader counts them: the title, the TL;DR (its label too), the headings and the prose. Not Markdown
    markup, citation markers, code, or a closing References list. The front matter's `words:`, `wrote`,
    `write --json`, the run log (`runs`), the web page and the length gate all say this number."""
    doc = parse_markdown(doc) if isinstance(doc, str) else doc
    heads = [h for h in doc.headings if plain_text(h.text).strip().lower() not in _NOT_POST]
    words = sum(_count(h.text) for h in heads) + (_count(doc.tldr) + 1 if doc.tldr else 0)
    for block in doc.prose_blocks():
        if (block.heading or "").strip().strip("#").strip().lower() not in _NOT_POST:
            words += sum(_count(p.text) for p in block.paragraphs)
    return words


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")


def front_matter_end(lines: list[str]) -> int:
    """Index of the first body line after a leading `---` (YAML) or `+++` (TOML) block; 0 when
    there is none (a `---` never closed is a thematic break, not front matter)."""
    return frontmatter.split("\n".join(lines)).body_line


def _front_matter(lines: list[str], doc: ParsedMarkdown) -> int:
    fm = frontmatter.parse("\n".join(lines))  # YAML or TOML, read safely (text.frontmatter)
    if not fm.present:
        return 0
    doc.has_front_matter = True
    if fm.error:
        doc.front_matter_error = fm.error
    else:
        doc.front_matter = fm.data
    return fm.body_line


def _kind(first_line: str) -> str:
    """Kind of a paragraph the parser calls a paragraph, by its first line (forgiving: `•` lists,
    tables without a delimiter row, HTML-looking lines)."""
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


_CONTAINER_KIND = {"bullet_list_open": "list", "ordered_list_open": "list", "blockquote_open": "quote",
                   "table_open": "table", "html_block": "html"}


def _top_level(tokens: list[Token]) -> list[tuple[Token, list[Token]]]:
    """Top-level blocks: (first token, every token of the block)."""
    out: list[tuple[Token, list[Token]]] = []
    depth = 0
    for tok in tokens:
        if depth == 0:
            out.append((tok, []))
        out[-1][1].append(tok)
        depth += tok.nesting
    return out


def _unclosed(tok: Token, lines: list[str]) -> bool:
    start, end = tok.map or (0, 0)
    if end - start < 2:
        return True
    m = CLOSING_FENCE.match(lines[end - 1])
    return not (m and m.group(1)[0] == tok.markup[0] and len(m.group(1)) >= len(tok.markup))


def _scan(lines: list[str], start: int, doc: ParsedMarkdown) -> list[tuple[str, Any]]:
    """('heading', Heading), ('para', Paragraph) and ('code', line) events in reading order."""
    body = lines[start:]
    events: list[tuple[str, Any]] = []
    for first, toks in _top_level(parser().parse("\n".join(body))):
        if first.map is None:
            continue
        lo, hi = first.map
        if first.type == "heading_open":
            text = re.sub(r"\s*\n\s*", " ", toks[1].content).strip()
            events.append(("heading", Heading(int(first.tag[1]), text, lo + 1 + start)))
            continue
        if first.type == "hr":
            continue
        code_lines: set[int] = set()
        for tok in toks:
            if tok.type in _CODE and tok.map:
                events.append(("code", tok.map[0] + 1 + start))
                code_lines.update(range(*tok.map))
                if tok.type == "fence" and doc.unclosed_fence_line is None and _unclosed(tok, body):
                    doc.unclosed_fence_line = tok.map[0] + 1 + start
        run: list[str] = []
        run_line = 0
        for i in range(lo, hi + 1):
            line = body[i] if i < hi and i not in code_lines else ""
            if line.strip() and not re.fullmatch(r"[\s>]*", line):
                if not run:
                    run_line = i
                run.append(line)
                continue
            if run:
                text = "\n".join(s.rstrip() for s in run).strip()
                kind = _kind(run[0])
                if first.type in _CONTAINER_KIND and (run_line == lo or first.type == "html_block"):
                    kind = _CONTAINER_KIND[first.type]
                events.append(("para", Paragraph(text, run_line + 1 + start, kind)))
            run = []
    return events


def parse_markdown(text: str) -> ParsedMarkdown:
    """Split any Markdown text into front matter, title, TL;DR, intro, sections and conclusion."""
    doc = ParsedMarkdown()
    lines = _lines(text)
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
    while sections and BACK_MATTER.match(sections[-1][0].strip("*_ ")):
        doc.back_matter.insert(0, sections.pop())  # "## References" after "## Wrapping Up"
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
    return ParsedMarkdown(sections=[(heading, "\n\n".join(p.text for p in paragraphs))],
                          blocks=[Block(label, heading or None, paragraphs)],
                          unclosed_fence_line=parsed.unclosed_fence_line,
                          code_blocks=parsed.code_blocks)


# ---- prose paragraphs (the voices' view) ------------------------------------------------------

@dataclass
class Para:
    kind: str  # para | list | heading | quote
    text: str


_DROP = re.compile(r"<!--.*?-->|<(script|style|pre)\b.*?</\1\s*>|\{%-?\s*highlight\b.*?endhighlight\s*-?%\}"
                   r"|\{\{<\s*highlight\b.*?/highlight\s*>\}\}", re.S | re.I)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _unwrapped(lines: list[str]) -> bool:
    """One paragraph per line (no blank lines between): long lines that end sentences."""
    ends = sum(1 for ln in lines if re.search(r"[.!?:\"')]\s*$", ln))
    return len(lines) > 1 and ends >= 0.6 * len(lines) and sum(map(len, lines)) / len(lines) > 60


def _split_lines(children: list[Token]) -> list[list[Token]]:
    out: list[list[Token]] = [[]]
    for tok in children:
        if tok.type == "softbreak":
            out.append([])
        else:
            out[-1].append(tok)
    return out


def prose_paragraphs(text: str, tables: bool = False, unwrap: bool = True) -> list[Para]:
    """Markdown or plain text (with or without front matter) into plain-text paragraphs: headings,
    paragraphs, list items and quotes; code, HTML furniture, shortcodes and front matter dropped.
    A paragraph that looks written one per line is split at its line breaks (unless `unwrap=False`).
    Tables are dropped unless `tables=True`: then each row is a Para("table", "cell ; cell")."""
    lines = _lines(text)
    body = "\n".join(lines[front_matter_end(lines):])
    body = SHORTCODE.sub(" ", _DROP.sub("\n", body))
    out: list[Para] = []
    stack: list[str] = []  # open containers: list | quote | table
    heading = False
    row: list[str] = []
    for tok in parser().parse(body):
        if tok.type == "tr_close" and tables and any(row):
            out.append(Para("table", " ; ".join(row)))
        if tok.type in ("tr_open", "tr_close"):
            row = []
        elif tok.type in ("bullet_list_open", "ordered_list_open", "blockquote_open", "table_open"):
            stack.append(_CONTAINER_KIND[tok.type])
        elif tok.type in ("bullet_list_close", "ordered_list_close", "blockquote_close", "table_close"):
            stack.pop()
        elif tok.type in ("heading_open", "heading_close"):
            heading = tok.nesting == 1
        elif tok.type == "html_block" and not stack:
            if t := _squash(html.unescape(strip_tags(tok.content))):
                out.append(Para("para", t))
        elif tok.type == "inline" and "table" in stack:
            row.append(_squash(inline_text(tok.children or [], code=True)))
        elif tok.type == "inline":
            children = tok.children or []
            rows = tok.content.split("\n")
            kind = "heading" if heading else stack[-1] if stack else _kind(rows[0])
            if kind == "table":
                continue
            kind = "para" if kind == "html" else kind
            split = (kind == "para" and unwrap and _unwrapped(rows)) or (kind == "list" and not stack)
            parts = _split_lines(children) if split else [children]
            out.extend(Para(kind, t) for t in (_squash(inline_text(p, code=True)) for p in parts) if t)
    return out
