"""Regenerate one section of a finished post, optionally with the user's instruction.

The post's outline is rebuilt from its sections (heading, point, length); the other parts' sentences
are `seen`, so the new text does not repeat them; the section goes through the same candidates,
gates and repairs as in the first draft."""

from __future__ import annotations

import re

from blogwright.backends.base import Backend
from blogwright.core.errors import BadInput
from blogwright.model.brief import Brief
from blogwright.model.post import Outline, Post, Section, SectionPlan, section_part
from blogwright.model.request import WriteRequest
from blogwright.pipeline.clean import clean_prose
from blogwright.pipeline.context import RunContext
from blogwright.pipeline.definitions import plan_definitions
from blogwright.pipeline.review import best_section, check_context
from blogwright.pipeline.styling import restyle_section
from blogwright.pipeline.substance import Repairs, repair_text
from blogwright.store import Store
from blogwright.voices import load_voice

MAX_INSTRUCTION = 300


def clean_instruction(text: str) -> str:
    """One line, at most MAX_INSTRUCTION characters, ending in a full stop ('' when empty)."""
    text = re.sub(r"\s+", " ", text or "").strip()
    if len(text) > MAX_INSTRUCTION:
        raise BadInput(f"the instruction is {len(text)} characters; keep it under {MAX_INSTRUCTION}")
    if text and text[-1] not in ".!?":
        text += "."
    return text


def outline_of(post: Post, brief: Brief) -> Outline:
    """The outline a finished post implies: its headings and points, each at its current length."""
    sections = [SectionPlan(heading=s.heading, point=s.point or s.heading,
                            words=max(40, min(brief.words, s.words or brief.words // 4)))
                for s in post.sections]
    return Outline(title=post.title, sections=sections, intro_words=len(post.intro.split()),
                   conclusion_words=len(post.conclusion.split()), origin="mixed",
                   definitions=plan_definitions(brief))


def regenerate_section(post: Post, brief: Brief, index: int, backend: Backend, store: Store | None = None, *,
                       instruction: str = "", seed: int = 0, attempt: int = 1, candidates: int = 1) -> Section:
    """A new version of `post.sections[index]`; the post itself is not changed."""
    if not 0 <= index < len(post.sections):
        raise BadInput(f"the post has {len(post.sections)} sections; there is no section {index + 1}")
    ctx = RunContext(brief=brief, voice=load_voice(brief.voice), backend=backend, store=store or Store(None),
                     run_id=post.run_id, request=WriteRequest(brief=brief, seed=seed))
    seen: set[str] = set()
    others = []
    for i, text in enumerate(post.prose()):
        if i != index + 1:
            clean_prose(text, seen)
            others.append(text)
    outline = outline_of(post, brief)
    instruction = clean_instruction(instruction)
    section = best_section(ctx, outline, index, seen, candidates=candidates, repairs=1,
                           instruction=instruction, first_variant=1000 * max(1, attempt))
    repairs = Repairs()  # the same substance repair as in the first draft, against the rest of the post
    before = "\n".join([*(f"{t} is {d}." for t, d in outline.definitions.items()), *others])
    section.text = repair_text(ctx, check_context(ctx, outline), section.text, section_part(index),
                               outline.definitions, repairs, before, instruction=instruction) or section.text
    if repairs.repaired or repairs.cut:
        section.notes.append(f"substance: {len(repairs.repaired)} sentence(s) rewritten, {len(repairs.cut)} cut")
    return restyle_section(ctx, section, index, others)  # the writer's form, as in the first draft
