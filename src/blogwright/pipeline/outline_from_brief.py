"""The outline when the brief decides it. The user's named parts (from the request or `--outline`)
become the sections, in order, with their descriptions as the points; a short post (<= 250 words,
no parts named) becomes two or three paragraphs with no headings. The planner (plan.py) only fills
the gaps: the title when none was given, and extra sections when a long post names too few parts.
"""

from __future__ import annotations

import math

from blogwright.checks.structure import SHORT_POST_WORDS
from blogwright.grounding import evidence_for_sections
from blogwright.model.brief import Part
from blogwright.model.post import Outline, SectionPlan
from blogwright.pipeline import plan, post_length
from blogwright.pipeline.context import RunContext, stage
from blogwright.pipeline.definitions import plan_definitions
from blogwright.pipeline.truth import evidence_budget
from blogwright.text.tokens import content_words, normalize, title_case

MAX_PART_WORDS = 500  # above this a named part is split in more sections by the planner


def body_parts(parts: list[Part]) -> list[Part]:
    """The parts that become sections: not the ones the user named as the intro or the conclusion."""
    return [p for p in parts if p.role not in ("intro", "conclusion")]


def given_title(ctx: RunContext) -> str:
    """The user's title; or, for a request read from text that a small model plans from, the topic
    itself when it is already a title-length phrase ("My Dining Experience with a Delicious Dish in
    Mexico" rather than a template around it)."""
    brief = ctx.brief
    if brief.title:
        return brief.title
    if brief.request and not plan.uses_model_plan(ctx) and 5 <= len(brief.topic.split()) <= 12:
        return title_case(plan.to_reader(brief.topic.rstrip(".!")))  # "Why Your Houseplants Keep Dying"
    return ""


@stage("plan")
def make_outline(ctx: RunContext) -> Outline:
    """The outline for the run: the brief's parts, the short shape, or the planner's."""
    brief = ctx.brief
    parts = body_parts(brief.parts)
    if not parts and brief.words > SHORT_POST_WORDS:
        outline = plan.make_outline(ctx)
        outline.title = given_title(ctx) or outline.title
        return outline
    title = given_title(ctx) or plan.make_title(ctx)
    shape = post_length.shape(brief.words, parts=len(parts), title_words=len(title.split()))
    if parts:
        pairs, words = _from_parts(ctx, parts, shape)
    else:  # short: one paragraph between the opening and the close, or none; no headings
        point = plan.fallback_plan(brief, 1)[0][1]
        pairs, words = [("", point)] * shape.sections, [shape.per_section] * shape.sections
    facts = plan.assign_facts([h or p for h, p in pairs], brief.notes) if pairs else []
    if pairs and ctx.index is not None:
        extra = evidence_for_sections(ctx.index, pairs, facts, **evidence_budget(ctx))
        facts = [f + e for f, e in zip(facts, extra)]
    if not parts:  # say why there are no sections ("63 words, 0 sections" read as a failure: llm:SmolLM2, stop 33)
        ctx.note("plan", f"a {brief.words}-word post is a title, a TL;DR and {'two' if not pairs else 'three'} "
                         f"paragraphs, no sections (up to {SHORT_POST_WORDS} words; name parts in a brief for headings)")
    if brief.notes and not pairs:
        ctx.note("plan", "a short post has no sections: the notes go to the checks, not the prompts")
    sections = [SectionPlan(heading=h, point=p, words=w, facts=f) for (h, p), w, f in zip(pairs, words, facts)]
    sources = [p.text for p in getattr(ctx.index, "passages", [])] if ctx.index is not None else []
    return Outline(title=title, sections=sections, intro_words=shape.intro, conclusion_words=shape.conclusion,
                   origin="brief", definitions=plan_definitions(brief, sources))


def anchored(point: str, topic: str) -> str:
    """A part's point that shares no word with the topic gets the topic after it ("the economic
    crisis, in the fall of the Western Roman Empire"): a small model left with "the economic crisis"
    alone writes about 2008."""
    if set(content_words(point)) & set(content_words(topic)):
        return point
    return f"{point}, in {topic[:1].lower() + topic[1:] if topic[1:2].islower() else topic}"


def _from_parts(ctx: RunContext, parts: list[Part], shape: post_length.Shape) -> tuple[list[tuple[str, str]], list[int]]:
    """(heading, point) per section and its words: the parts in order, then planner sections when
    the parts alone would each run over MAX_PART_WORDS."""
    brief = ctx.brief
    pairs = [(p.heading, anchored(p.point, brief.topic) if p.point else plan.point_for(p.heading, brief.topic))
             for p in parts]
    body = shape.per_section * len(parts)
    stated = sum(p.words for p in parts)
    words = [p.words or shape.per_section for p in parts]
    if stated and stated != body and all(p.words for p in parts):
        words = [max(post_length.MIN_PARAGRAPH, round(p.words * body / stated)) for p in parts]
    need = min(post_length.MAX_SECTIONS, math.ceil(body / MAX_PART_WORDS))
    if need > len(parts):
        taken = {normalize(h) for h, _ in pairs}
        extra = [(h, p) for h, p in plan.fallback_plan(brief, 2 * post_length.MAX_SECTIONS)
                 if normalize(h) not in taken][: need - len(parts)]
        ctx.note("plan", f"{len(parts)} named part(s) for {brief.words} words: added {len(extra)} section(s) after them")
        pairs += extra
        per = body // len(pairs)
        words = [per] * len(pairs)
    return pairs, words
