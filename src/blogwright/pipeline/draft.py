"""Draft stage: each section paragraph by paragraph, then the intro and the conclusion.

Context management: a section's prompt carries the topic, its own point and facts, the headings
already covered and the last sentence written, never the whole post, so prompts stay small
however long the post is. A paragraph is asked for at a size a small model can hold (<= 90
words) and sections grow paragraph by paragraph until their word budget is met.
"""

from __future__ import annotations

import math

from .. import prompts
from ..backends.base import GenParams
from .clean import clean_prose, split_sentences, trim_paragraphs, trim_to_words
from .context import RunContext
from .text import content_words
from .types import Outline, Section, SectionPlan

PARAGRAPH_WORDS = 90
TOKENS_PER_WORD = 1.6


def on_topic(text: str, *anchors: str) -> bool:
    """Cheap lexical guard: the paragraph shares at least one content word with its anchors."""
    anchor_words = set()
    for a in anchors:
        anchor_words |= set(content_words(a))
    return bool(set(content_words(text)) & anchor_words)


def _params(ctx: RunContext, words: int, *key: object, temperature: float = 0.3) -> GenParams:
    return GenParams(max_tokens=int(words * TOKENS_PER_WORD) + 24, temperature=temperature,
                     seed=ctx.call_seed(*key), repeat_penalty=1.15)


def paragraph(ctx: RunContext, stage: str, template: str, key: tuple, size: int,
              anchors: tuple[str, ...], seen: set[str], tries: int = 2, **context) -> str:
    """One cleaned, on-topic paragraph, or '' after `tries` attempts."""
    for attempt in range(tries):
        prompt = prompts.render(template, **context)
        completion = ctx.call(stage, prompt, _params(ctx, size, *key, attempt), stream=True)
        text = clean_prose(completion.text, set(seen))
        if text and on_topic(text, *anchors):
            clean_prose(text, seen)  # remember its sentences so later paragraphs do not repeat them
            return text
    return ""


def draft_section(ctx: RunContext, outline: Outline, index: int, covered: list[str], seen: set[str],
                  fix: list[str] | None = None, variant: int = 0) -> Section:
    plan: SectionPlan = outline.sections[index]
    paragraphs: list[str] = []
    notes: list[str] = []
    words = 0
    max_calls = math.ceil(plan.words / PARAGRAPH_WORDS) + 2
    calls = 0
    while words < plan.words * 0.85 and calls < max_calls:
        want = min(PARAGRAPH_WORDS, max(40, plan.words - words))
        last = split_sentences(paragraphs[-1])[-1] if paragraphs else ""
        text = paragraph(
            ctx, "draft", "section", ("section", index, variant, calls), want,
            (ctx.brief.topic, plan.heading, *plan.facts), seen, tries=1,
            topic=ctx.brief.topic, point=plan.point, paragraph_words=want,
            facts=plan.facts if not paragraphs else [], covered=covered[-3:],
            continuing=last, fix=fix or [],
        )
        calls += 1
        if text:
            paragraphs.append(text)
            words += len(text.split())
    if words < plan.words * 0.5:
        notes.append(f"short: {words} of {plan.words} words after {calls} model calls")
    if words > plan.words * 1.3:
        paragraphs = trim_paragraphs(paragraphs, int(plan.words * 1.15))
        notes.append("trimmed to its word budget")
    body = "\n\n".join(paragraphs)
    if not body:
        body = fallback_paragraph(ctx, plan)
        notes.append("the model gave nothing usable; wrote a plain placeholder paragraph from the outline")
    return Section(heading=plan.heading, point=plan.point, text=body, notes=notes)


def fallback_paragraph(ctx: RunContext, plan: SectionPlan) -> str:
    facts = " ".join(f if f.rstrip().endswith((".", "!", "?")) else f + "." for f in plan.facts)
    base = f"This part of the post covers {plan.heading.lower()} in the context of {ctx.brief.topic}."
    return f"{base} {facts}".strip()


def draft_intro(ctx: RunContext, outline: Outline, seen: set[str]) -> str:
    voice = ctx.voice
    opener = voice.openers[ctx.call_seed("opener") % len(voice.openers)] if voice.openers else ""
    text = paragraph(ctx, "draft", "intro", ("intro",), outline.intro_words,
                     (ctx.brief.topic, outline.title), seen,
                     topic=ctx.brief.topic, title=outline.title, words=outline.intro_words, opener=opener)
    text = trim_to_words(text, int(outline.intro_words * 1.3)) if text else ""
    if not text:
        text = f"This post is about {ctx.brief.topic}: what it is, why it matters and how to start."
    if opener and not text.lower().startswith(opener.lower()[:12]):
        text = f"{opener}. {text}"
    return text


def draft_conclusion(ctx: RunContext, outline: Outline, seen: set[str]) -> str:
    headings = [s.heading for s in outline.sections]
    text = paragraph(ctx, "draft", "conclusion", ("conclusion",), outline.conclusion_words,
                     (ctx.brief.topic, outline.title, *headings), seen,
                     topic=ctx.brief.topic, title=outline.title, words=outline.conclusion_words,
                     headings=headings)
    text = trim_to_words(text, int(outline.conclusion_words * 1.3)) if text else ""
    if not text:
        text = f"That is {ctx.brief.topic} in short: " + ", ".join(h.lower() for h in headings) + "."
    voice = ctx.voice
    if voice.sign_offs:
        text = f"{text} {voice.sign_offs[ctx.call_seed('sign-off') % len(voice.sign_offs)]}"
    return text
