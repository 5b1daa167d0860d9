"""Orchestrates the stages: plan -> draft -> review -> summarize. Returns a typed `Post`."""

from __future__ import annotations

import time
from typing import Any

from blogwright.backends.base import Backend
from blogwright.checks import GateConfig
from blogwright.grounding import coverage_report, ground, report_lines
from blogwright.model.brief import Brief
from blogwright.model.events import PartWritten, SectionProgress, StageStarted
from blogwright.model.post import CONCLUSION, INTRO, Outline, Post, parts_of, section_part
from blogwright.pipeline import draft, plan, review, summarize
from blogwright.pipeline.context import EventSink, RunContext
from blogwright.pipeline.gates import check_post
from blogwright.render import to_markdown
from blogwright.store import Store, new_run_id
from blogwright.voices import Voice


def ground_post(ctx: RunContext, post: Post, outline: Outline) -> dict | None:
    """With notes or sources: check claims, cite [n], apply --unsupported, measure note coverage."""
    if not ctx.brief.notes and ctx.index is None:
        return None

    parts = [(INTRO if name == INTRO else label, text) for name, label, text in parts_of(post)]
    g = ground(parts, ctx.brief.notes, ctx.index, mode=ctx.unsupported,
               known=[ctx.brief.topic, outline.title, *ctx.brief.keywords, *(s.heading for s in outline.sections)])
    post.intro, post.conclusion = g.sections[0][1], g.sections[-1][1]
    for section, (_, text) in zip(post.sections, g.sections[1:-1]):
        section.text = text
    post.references_md = g.references_md
    for line in report_lines(g.cited.report) + coverage_report(g.coverage).splitlines():
        ctx.note("review", line)
    return g.report()


class Interrupted(Exception):
    """Ctrl-C mid-post: carries what was written so far (`post.complete` is False)."""

    def __init__(self, post: Post):
        super().__init__("interrupted")
        self.post = post


def write_post(brief: Brief, voice: Voice, backend: Backend, store: Store | None = None, *,
               seed: int = 0, stream: bool = False, candidates: int = 1, repairs: int = 1,
               gates: GateConfig | None = None, on_event: EventSink | None = None,
               run_id: str | None = None, index: Any = None, unsupported: str = "flag") -> Post:
    """Write a whole post. Model output never crashes it; Ctrl-C raises `Interrupted`."""
    store = store or Store(None)
    ctx = RunContext(brief=brief, voice=voice, backend=backend, store=store,
                     run_id=run_id or new_run_id(), seed=seed, stream=stream,
                     on_event=on_event or (lambda e: None), gates=gates or GateConfig(),
                     index=index, unsupported=unsupported)
    store.start_run(ctx.run_id, brief.topic, brief.model_dump(mode="json"), backend.name, backend.model)
    post = Post(title=brief.topic, topic=brief.topic, voice=voice.name, audience=brief.audience.value,
                model=f"{backend.name}:{backend.model}", target_words=brief.words, run_id=ctx.run_id,
                complete=False)
    t0 = time.perf_counter()
    try:
        ctx.emit(StageStarted(stage="plan"))
        outline = plan.make_outline(ctx)
        post.title = outline.title
        ctx.emit(StageStarted(stage="draft", total=len(outline.sections), outline=outline))
        seen: set[str] = set()
        post.intro = draft.draft_intro(ctx, outline, seen)
        store.save_draft(ctx.run_id, INTRO, None, post.intro)
        ctx.emit(PartWritten(part=INTRO, text=post.intro))
        for i, section_plan in enumerate(outline.sections):
            ctx.emit(SectionProgress(phase="start", index=i, total=len(outline.sections),
                                     heading=section_plan.heading))
            section = review.best_section(ctx, outline, i, seen, candidates, repairs)
            post.sections.append(section)
            store.save_draft(ctx.run_id, "section", section.heading, section.text)
            ctx.emit(PartWritten(part=section_part(i), text=section.text, heading=section.heading,
                                 notes=list(section.notes)))
            ctx.emit(SectionProgress(phase="done", index=i + 1, total=len(outline.sections),
                                     heading=section.heading))
        post.conclusion = draft.draft_conclusion(ctx, outline, seen)
        store.save_draft(ctx.run_id, CONCLUSION, None, post.conclusion)
        ctx.emit(PartWritten(part=CONCLUSION, text=post.conclusion))
        ctx.emit(StageStarted(stage="review"))
        review.review_post(ctx, post)
        grounding = ground_post(ctx, post, outline)
        ctx.emit(StageStarted(stage="summarize"))
        summarize.finish(ctx, post)
        post.complete = True
        ctx.emit(StageStarted(stage="check"))
        report = check_post(to_markdown(post), review.check_context(ctx, outline), ctx.gates)
    except KeyboardInterrupt:
        post.slug = post.slug or summarize.slugify(post.title)
        store.finish_run(ctx.run_id, "interrupted", words=post.body_words,
                         duration_s=time.perf_counter() - t0, post=post.model_dump(mode="json"))
        raise Interrupted(post) from None
    except Exception:
        store.finish_run(ctx.run_id, "failed", duration_s=time.perf_counter() - t0)
        raise
    post.report = {"usage": vars(ctx.usage), "seconds": round(time.perf_counter() - t0, 2),
                   "outline_origin": outline.origin, "checks": report.to_dict(),
                   "voice": (report.gates["voice"].value if "voice" in report.gates else None),
                   "grounding": grounding,
                   "section_notes": {s.heading: s.notes for s in post.sections if s.notes}}
    return post
