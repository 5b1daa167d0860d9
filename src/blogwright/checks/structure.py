"""Structure: title, intro, enough sections, conclusion, TL;DR, headings, fences, front matter."""

from __future__ import annotations

import datetime as dt
import re

from blogwright.checks.settings import GateConfig
from blogwright.checks.types import CheckContext, Finding, GateResult
from blogwright.text.document import ParsedMarkdown
from blogwright.text.tokens import key as text_key

SHORT_POST_WORDS = 250  # a target this short may be a title, a TL;DR and two or three paragraphs
FULL_POST_WORDS = 400  # from here a post has its full set of sections


def _norm(heading: str) -> str:
    return text_key(heading)


def _front_matter(doc: ParsedMarkdown, config: GateConfig, add) -> None:
    if not doc.has_front_matter:
        add("error" if config.require_front_matter else "info", "no front matter",
            "line 1", "add a YAML block with title, date and description")
        return
    if doc.front_matter_error:
        add("error", doc.front_matter_error, "front matter", "fix the YAML between the --- lines")
        return
    fm = doc.front_matter or {}
    for key in ("title", "date", "description"):
        if not str(fm.get(key) or "").strip():
            add("warning", f"front matter has no {key}", "front matter", f"add `{key}:`")
    date = fm.get("date")
    if date and not isinstance(date, (dt.date, dt.datetime)) and \
            not re.match(r"^\d{4}-\d{2}-\d{2}", str(date)):
        add("warning", f"front matter date {date!r} is not YYYY-MM-DD", "front matter")
    desc = str(fm.get("description") or "")
    if len(desc) > config.max_description_chars:
        add("warning", f"meta description is {len(desc)} characters (> "
            f"{config.max_description_chars}): search engines cut it", "front matter",
            "shorten the description")


def gate_structure(doc: ParsedMarkdown, ctx: CheckContext | None, config: GateConfig) -> GateResult:
    findings: list[Finding] = []

    def add(severity: str, message: str, location: str = "", suggestion: str = "") -> None:
        findings.append(Finding("structure", severity, message, location, suggestion))  # type: ignore[arg-type]

    _front_matter(doc, config, add)
    if not doc.title:
        add("error", "no title (a `# Title` line)", "line 1", "start the post with `# Title`")
    h1 = [h for h in doc.headings if h.level == 1]
    if len(h1) > 1 and doc.section_level != 1:
        add("warning", f"{len(h1)} `#` titles; a post has one", f"line {h1[1].line}",
            "make the others `##` sections")
    # blogwright's template (a TL;DR, the planned sections, a wrap-up) is asked of the posts it writes (their
    # plan is known) and of any post with `--strict` / `gates.template`; anyone else's post is judged as a post
    ours = config.template or bool(ctx and ctx.planned_sections)
    if not doc.tldr:
        add("error" if config.require_tldr else "warning" if ours else "info", "no TL;DR", "after the title",
            "add a `**TL;DR:** ...` line")
    if not doc.intro.strip():
        add("error", "no introduction before the first section", "after the title",
            "add a short paragraph that says what the post covers")

    target = ctx.target_words if ctx else 0
    short = 0 < target <= SHORT_POST_WORDS  # title, TL;DR and a few paragraphs: headings optional
    planned = (ctx.planned_sections if ctx and ctx.planned_sections else 0) or \
        (0 if short else 2 if 0 < target < FULL_POST_WORDS else config.min_sections)
    n = len(doc.sections)
    if n < planned and (ours or n == 0):
        add("error" if ours else "warning", f"{n} sections, {planned} expected", "body",
            "write the missing sections" if ours else "a long post reads easier with `##` sections")
    if not doc.conclusion.strip() and not (short and n == 0):
        last = doc.sections[-1][0] if doc.sections else ""
        add("error" if ours else "info", "no conclusion section (e.g. `## Wrapping Up`, `## Conclusion`)",
            f"after `## {last}`" if last else "end", "end with a short wrap-up section")

    seen: dict[str, int] = {}
    prev_level = 0
    for h in doc.headings:
        if not h.text.strip("#*_ "):
            add("error", "empty heading", f"line {h.line}", "give it a title or remove it")
        elif h.level > 1:
            key = f"{h.level}:{_norm(h.text)}"
            if key in seen:
                add("error", f"duplicate heading {h.text!r} (also line {seen[key]})",
                    f"line {h.line}", "merge the sections or rename one")
            seen.setdefault(key, h.line)
        if prev_level and h.level > prev_level + 1:
            add("warning", f"heading level jumps from {prev_level} to {h.level}", f"line {h.line}",
                f"use {'#' * (prev_level + 1)}")
        prev_level = h.level
    for block in doc.blocks[1:]:
        if block.heading is not None and not block.paragraphs and not block.code:
            add("error", f"section {block.heading!r} is empty", f"line {block.line}",
                "write it or remove the heading")
    if doc.unclosed_fence_line:
        add("error", "code fence opened and never closed", f"line {doc.unclosed_fence_line}",
            "add the closing ```")

    errors = sum(f.severity == "error" for f in findings)
    warnings = sum(f.severity == "warning" for f in findings)
    value = {"sections": n, "planned": planned, "title": bool(doc.title), "intro": bool(doc.intro),
             "tldr": bool(doc.tldr), "conclusion": bool(doc.conclusion),
             "front_matter": doc.has_front_matter, "errors": errors, "warnings": warnings}
    return GateResult("structure", errors == 0, config.is_blocking("structure"),
                      max(0.0, 1 - 0.2 * errors - 0.05 * warnings), value, findings)
