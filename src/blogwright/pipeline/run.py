"""Orchestrates the stages: plan -> draft -> review -> summarize. Returns a typed `Post`."""

from __future__ import annotations

import time
from typing import Any

from ..backends.base import Backend
from ..brief import Brief
from ..checks import GateConfig, check_markdown
from ..render import to_markdown
from ..store import Store, new_run_id
from ..voices import Voice
from . import draft, plan, review, summarize
from .context import EventSink, RunContext
from .types import Outline, Post


def ground_post(ctx: RunContext, post: Post, outline: Outline) -> dict | None:
    """With notes or sources: check claims, cite [n], apply --unsupported, measure note coverage."""
    if not ctx.brief.notes and ctx.index is None:
        return None
    from ..grounding import coverage_report, ground, report_lines

    parts = [("intro", post.intro), *((s.heading, s.text) for s in post.sections), ("Wrapping Up", post.conclusion)]
    g = ground(parts, ctx.brief.notes, ctx.index, mode=ctx.unsupported,
               known=[ctx.brief.topic, outline.title, *ctx.brief.keywords, *(s.heading for s in outline.sections)])
    post.intro, post.conclusion = g.sections[0][1], g.sections[-1][1]
    for section, (_, text) in zip(post.sections, g.sections[1:-1]):
        section.text = text
    post.references_md = g.references_md
    for line in report_lines(g.cited.report) + coverage_report(g.coverage).splitlines():
        ctx.emit("note", stage="review", text=line)
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
        ctx.emit("stage", stage="plan")
        outline = plan.make_outline(ctx)
        post.title = outline.title
        ctx.emit("stage", stage="draft", total=len(outline.sections), data={"outline": outline.model_dump()})
        seen: set[str] = set()
        post.intro = draft.draft_intro(ctx, outline, seen)
        store.save_draft(ctx.run_id, "intro", None, post.intro)
        ctx.emit("part", stage="draft", text=post.intro, data={"part": "intro"})
        for i, section_plan in enumerate(outline.sections):
            ctx.emit("section", stage="draft", index=i, total=len(outline.sections), text=section_plan.heading,
                     data={"phase": "start"})
            section = review.best_section(ctx, outline, i, seen, candidates, repairs)
            post.sections.append(section)
            store.save_draft(ctx.run_id, "section", section.heading, section.text)
            ctx.emit("part", stage="draft", index=i, text=section.text,
                     data={"part": f"s{i}", "heading": section.heading, "notes": list(section.notes)})
            ctx.emit("section", stage="draft", index=i + 1, total=len(outline.sections), text=section.heading,
                     data={"phase": "done"})
        post.conclusion = draft.draft_conclusion(ctx, outline, seen)
        store.save_draft(ctx.run_id, "conclusion", None, post.conclusion)
        ctx.emit("part", stage="draft", text=post.conclusion, data={"part": "conclusion"})
        ctx.emit("stage", stage="review")
        review.review_post(ctx, post)
        grounding = ground_post(ctx, post, outline)
        ctx.emit("stage", stage="summarize")
        summarize.finish(ctx, post)
        post.complete = True
        ctx.emit("stage", stage="check")
        report = check_markdown(to_markdown(post), review.check_context(ctx, outline), ctx.gates)
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
