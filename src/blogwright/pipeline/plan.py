"""Plan stage: title and outline (sections with a point and a word budget), with fallbacks."""

from __future__ import annotations

import re

from .. import prompts
from ..backends.base import GenParams
from ..brief import Brief
from .clean import clean_line
from .context import RunContext
from .text import content_words, normalize, overlap, title_case
from .types import Outline, SectionPlan

TITLE_GRAMMAR = r'''root ::= [A-Z0-9] [^\n]{8,70}'''


def outline_grammar(n: int) -> str:
    return "root ::= " + " ".join(["item"] * n) + '\nitem ::= "- " [A-Z] [^\\n]{6,60} "\\n"'


def budget(words: int) -> tuple[int, int, int, int]:
    """(intro words, conclusion words, number of sections, words per section)."""
    edge = max(30, round(words * 0.1))
    body = words - 2 * edge
    n = min(8, max(3, round(body / 120)))
    return edge, edge, n, max(60, body // n)


def parse_title(text: str, topic: str) -> str | None:
    """A usable title from model output, or None: 3-14 words sharing a word with the topic."""
    line = clean_line(text)
    words = line.split()
    if not 3 <= len(words) <= 14 or len(line) > 100:
        return None
    if not set(content_words(line)) & set(content_words(topic)):
        return None
    return line


def fallback_title(brief: Brief) -> str:
    topic = title_case(brief.topic)
    return f"{topic}, Explained for Beginners" if brief.audience.value == "newbie" else f"{topic}: What You Need to Know"


def parse_headings(text: str, topic: str, title: str = "") -> list[str]:
    """Lenient: any list-like or short line becomes a heading; junk, repeats and echoes dropped."""
    out: list[str] = []
    seen = {normalize(topic), normalize(title)}
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        line = re.sub(r"^(?:#{1,6}|[-*+•]|\d+[.):]|(?:section|heading|part)\s*\d*\s*[:.-])\s*", "", line, flags=re.I)
        line = clean_line(line)
        line = re.sub(r"\s*[:\-–—]\s*$", "", line)
        if ":" in line and len(line.split(":")[0].split()) <= 6 and len(line) > 60:
            line = line.split(":")[0]  # "Heading: a long explanation" -> "Heading"
        words = line.split()
        if not 2 <= len(words) <= 12 or len(line) > 80:
            continue
        if not re.search(r"[A-Za-z]{3}", line) or line.endswith("?") and len(words) > 10:
            continue
        key = normalize(line)
        if key in seen or any(overlap(line, s) >= 0.8 and overlap(s, line) >= 0.8 for s in out):
            continue
        seen.add(key)
        out.append(title_case(line))
    return out


def fallback_headings(brief: Brief, n: int) -> list[str]:
    """An outline built from the topic alone, for when the model gives too few headings."""
    topic = title_case(brief.topic)
    m = re.split(r"\s+(?:vs\.?|versus)\s+", brief.topic, flags=re.I)
    if len(m) == 2:
        a, b = (title_case(x.strip()) for x in m)
        base = [f"What {a} Is", f"What {b} Is", f"Key Differences Between {a} and {b}",
                f"When to Choose {a} or {b}", f"Common Mistakes with {a} and {b}", "Getting Started"]
    else:
        base = [f"What {topic} Means", f"Why {topic} Matters", f"How {topic} Works in Practice",
                f"Common Mistakes with {topic}", f"Getting Started with {topic}",
                f"Tools That Help with {topic}", f"Measuring Success with {topic}",
                f"What Comes Next for {topic}"]
    return base[:n] if n <= len(base) else base + [f"More on {topic} ({i})" for i in range(len(base), n)]


def assign_facts(headings: list[str], notes: list[str]) -> list[list[str]]:
    """Each note goes to the section whose heading it overlaps most; ties to the emptiest."""
    buckets: list[list[str]] = [[] for _ in headings]
    for note in notes:
        scores = [(overlap(note, h), -len(buckets[i]), -i) for i, h in enumerate(headings)]
        best = max(range(len(headings)), key=lambda i: scores[i])
        if scores[best][0] == 0:
            best = min(range(len(headings)), key=lambda i: (len(buckets[i]), i))
        buckets[best].append(note)
    return buckets


def make_title(ctx: RunContext) -> str:
    brief = ctx.brief
    prompt = prompts.render("title", topic=brief.topic)
    for attempt in range(2):
        params = GenParams(max_tokens=24, temperature=0.5, seed=ctx.call_seed("title", attempt),
                           stop=("\n",), grammar=TITLE_GRAMMAR)
        title = parse_title(ctx.call("plan", prompt, params).text, brief.topic)
        if title:
            return title
    ctx.emit("note", stage="plan", text="the model gave no usable title; using one built from the topic")
    return fallback_title(brief)


def make_outline(ctx: RunContext) -> Outline:
    brief = ctx.brief
    intro, concl, n, per = budget(brief.words)
    title = make_title(ctx)
    prompt = prompts.render("outline", topic=brief.topic, n=n, keywords=brief.keywords, notes=brief.notes)
    headings: list[str] = []
    for attempt in range(2):
        params = GenParams(max_tokens=24 * n, temperature=0.4, seed=ctx.call_seed("outline", attempt),
                           grammar=outline_grammar(n))
        headings = parse_headings(ctx.call("plan", prompt, params).text, brief.topic, title)
        headings = [h for h in headings if overlap(h, brief.topic + " " + title) > 0 or len(brief.notes) > 0]
        if len(headings) >= n:
            break
    origin = "model" if len(headings) >= n else ("mixed" if headings else "fallback")
    if len(headings) < n:
        ctx.emit("note", stage="plan", text=f"the model gave {len(headings)} of {n} headings; filled in from the topic")
        for h in fallback_headings(brief, n + len(headings)):
            if len(headings) >= n:
                break
            if all(overlap(h, x) < 0.8 for x in headings):
                headings.append(h)
    headings = headings[:n]
    facts = assign_facts(headings, brief.notes)
    sections = [SectionPlan(heading=h, point=h, words=per, facts=f) for h, f in zip(headings, facts)]
    return Outline(title=title, sections=sections, intro_words=intro, conclusion_words=concl, origin=origin)
