"""Orchestrates the stages: plan -> draft -> review -> summarize. Returns a typed `Post`."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from blogwright.backends.base import Backend, count_tokens
from blogwright.checks import GateConfig
from blogwright.grounding import coverage_report, evidence_for_sections, ground, report_lines
from blogwright.model.brief import Brief
from blogwright.model.events import PartWritten, SectionProgress, StageStarted
from blogwright.model.post import CONCLUSION, INTRO, Outline, Post, parts_of, section_part
from blogwright.model.report import RunReport
from blogwright.model.request import WriteRequest
from blogwright.pipeline import clean, draft, explain, fill, outline_from_brief, plan, post_length, review, summarize, truth
from blogwright.pipeline.context import EventSink, RunContext, stage
from blogwright.pipeline.definitions import plan_definitions
from blogwright.pipeline.gates import check_post
from blogwright.pipeline.headings import topic_frame
from blogwright.pipeline.interview import apply_answers, interview_questions
from blogwright.pipeline.styling import restyle_post
from blogwright.pipeline.substance import Repairs, repair_text
from blogwright.render import post_words, to_markdown
from blogwright.store import Store, new_run_id
from blogwright.text.sentences import as_sentence
from blogwright.text.tokens import expand_terms
from blogwright.voices import Voice


def known_words(ctx: RunContext, outline: Outline) -> list[str]:
    """Text whose terms are given, not invented: the topic, title, keywords, headings, definitions."""
    return [ctx.brief.topic, expand_terms(ctx.brief.topic), outline.title, *ctx.brief.keywords,
            *(s.heading for s in outline.sections), *outline.definitions.values()]


@stage("truth")
def ground_post(ctx: RunContext, post: Post, outline: Outline) -> dict | None:
    """With notes or sources, or on an untrusted model: check claims (strictly on an untrusted model),
    cite [n], apply --unsupported, measure note coverage, list what stays unverified."""
    if not ctx.brief.notes and ctx.index is None and not ctx.untrusted:
        return None

    parts = [(INTRO if name == INTRO else label, text) for name, label, text in parts_of(post)]
    g = ground(parts, ctx.brief.notes, ctx.index, mode=ctx.unsupported, known=known_words(ctx, outline),
               strict=ctx.untrusted, canned=[*ctx.voice.openers, *ctx.voice.sign_offs])
    post.intro, post.conclusion = g.sections[0][1], g.sections[-1][1]
    for section, (_, text) in zip(post.sections, g.sections[1:-1]):
        section.text = text
    post.references_md = g.references_md
    g.coverage += truth.page_notes_coverage(ctx.index, g.cited.references)  # research notes cited: used too
    report = g.report()
    if ctx.untrusted:
        truth.settle(ctx, post, report)
    else:
        post.unverified = [p["sentence"] for p in report.get("problems", []) if p.get("action") not in ("cut", "rewritten")]
    for line in report_lines(g.cited.report) + coverage_report(g.coverage).splitlines():
        ctx.note("review", line)
    return report


# Finds sources for the planned sections (web research, the user's library): gets the topic and each
# section's (heading, point), returns the index to use from then on (the user's sources and the found
# ones: grounding.PassageIndex), or None to keep the one the run has.
Finder = Callable[[str, list[tuple[str, str]]], Any]


@stage("plan")
def find_sources(ctx: RunContext, outline: Outline, finder: Finder) -> None:
    """After planning: what the finder found becomes the run's index, and each section's facts are its
    notes first, then the best found sentences for its point (as the plan does for --source)."""
    pairs = [(s.heading, s.point) for s in outline.sections]
    index = finder(ctx.brief.topic, pairs)
    if index is None or index is ctx.index:
        return
    ctx.index = index
    if pairs:
        facts = plan.assign_facts([h or p for h, p in pairs], ctx.brief.notes)
        for section, f, e in zip(outline.sections, facts, evidence_for_sections(index, pairs, facts,
                                                                                **truth.evidence_budget(ctx))):
            section.facts = f + e
    outline.definitions = plan_definitions(ctx.brief, [p.text for p in index.passages]) or outline.definitions


# Asks the user the interview's questions, returns one answer per question ("" skips one).
Interview = Callable[[list[str]], list[str]]


@stage("plan")
def interview_user(ctx: RunContext, outline: Outline, ask: Interview) -> tuple[Outline, list[str]]:
    """Plan first, then ask: the answers join the notes (and the sections' facts) before drafting."""
    questions = interview_questions(outline, ctx.brief)
    if not questions:
        return outline, []
    answers = list(ask([q.text for q in questions]))
    outline, ctx.brief, notes = apply_answers(outline, ctx.brief, questions, answers)
    ctx.note("plan", f"{len(notes)} of {len(questions)} answers will be used as notes")
    return outline, notes


def kept_tokens(ctx: RunContext, post: Post) -> int:
    """Tokens of the prose the reader gets (TL;DR, intro, sections, wrap-up), counted as the model counts
    them: what the run's generated tokens are weighed against."""
    return count_tokens(ctx.backend, "\n\n".join(post.prose(tldr=True)))


def needs_fact_check(ctx: RunContext) -> bool:
    """An untrusted model (the bundled one, or one the user marks so) with no notes and no sources:
    every fact in the post is its own."""
    return ctx.untrusted and not truth.has_facts(ctx)


def list_unverified(ctx: RunContext, post: Post, outline: Outline | None, *, every: bool) -> None:
    """The post's unverified claims as it now says them (restyled, trimmed); `every`: also each claim of
    its text, by the strict finder (no facts, or a draft nobody checked), whatever the steps after the
    check did. Any listed: `fact_check: needed`. Used by a finished post and by a Ctrl-C draft alike."""
    post.unverified = truth.still_there(post, post.unverified)
    if every:
        known = known_words(ctx, outline) if outline is not None else [ctx.brief.topic, expand_terms(ctx.brief.topic)]
        post.unverified = [*post.unverified, *truth.every_claim(post, known, [*ctx.voice.openers, *ctx.voice.sign_offs])]
    post.unverified = truth.distinct_claims(post.unverified)  # one entry per claim (TL;DR and its ", newbie" copy)
    if post.unverified:
        post.fact_check = "needed"
        # the count the front matter's `claims_to_check` has (the grounding line counted the body before the TL;DR)
        ctx.note("review", f"claims to check: {len(post.unverified)} (front matter `check_claims`)")


def cut_verdicts(ctx: RunContext, post: Post) -> int:
    """Cut verdict lines (`clean.drop_verdicts`) from the finished prose; returns how many parts changed."""
    before = post.prose()
    post.intro, post.conclusion = clean.drop_verdicts(post.intro), clean.drop_verdicts(post.conclusion)
    for section in post.sections:
        section.text = clean.drop_verdicts(section.text)
    changed = sum(a != b for a, b in zip(before, post.prose()))
    if changed:
        ctx.note("review", f"cut lines that only judge a fact (\"That's true.\", \"This is a joke.\") from {changed} part(s)")
    return changed


class SubstancePass:
    """Runs `repair_text` on each part as it is written, with the post so far as context."""

    def __init__(self, ctx: RunContext, outline: Outline):
        self.ctx, self.outline = ctx, outline
        self.cctx = review.check_context(ctx, outline)
        self.repairs = Repairs()
        # the plan's definitions come first, so a draft that redefines a key term is the one repaired
        self.said: list[str] = [f"{t} is {d}." for t, d in outline.definitions.items()]

    def __call__(self, text: str, label: str, keep: list[str] | None = None) -> str:
        out = repair_text(self.ctx, self.cctx, text, label, self.outline.definitions, self.repairs,
                          "\n".join(self.said), keep)
        self.said.append(out)
        return out


class Interrupted(Exception):
    """Ctrl-C mid-post: carries what was written so far (`post.complete` is False)."""

    def __init__(self, post: Post):
        super().__init__("interrupted")
        self.post = post


def write_post(request: WriteRequest | Brief, voice: Voice, backend: Backend, store: Store | None = None, *,
               repairs: int = 1, gates: GateConfig | None = None, on_event: EventSink | None = None,
               index: Any = None, ask: Interview | None = None, finder: Finder | None = None,
               **options: Any) -> Post:
    """Write a whole post. Model output never crashes it; Ctrl-C raises `Interrupted`.
    `request`: the brief and the write's options (a Brief alone: the default options); `options`:
    options of `WriteRequest` to change (seed=, candidates=, ...). `ask`: asks the user questions
    derived from the outline; the answers become notes. `finder`: finds sources for the planned
    sections (research, the library); see `find_sources`."""
    request = WriteRequest.of(request, **options)
    brief = request.brief
    store = store or Store(None)
    ctx = RunContext(brief=brief, voice=voice, backend=backend, store=store, run_id=request.run_id or new_run_id(),
                     request=request, on_event=on_event or (lambda e: None), gates=gates or GateConfig.load(), index=index,
                     untrusted=truth.is_untrusted(backend, request.untrusted))
    store.start_run(ctx.run_id, brief.topic, brief.model_dump(mode="json"), backend.name, backend.model)
    post = Post(title=brief.topic, topic=brief.topic, voice=voice.name, audience=brief.audience.value,
                model=f"{backend.name}:{backend.model}", target_words=brief.words, run_id=ctx.run_id,
                complete=False, **request.front.post_fields())
    t0 = time.perf_counter()
    outline: Outline | None = None
    try:
        ctx.emit(StageStarted(stage="plan"))
        outline = outline_from_brief.make_outline(ctx)  # the user's parts, the short shape or the planner's
        answers: list[str] = []
        if ask is not None and (request.interview or not request.offer_interview or needs_fact_check(ctx)):
            outline, answers = interview_user(ctx, outline, ask)  # offered: only when there is nothing to go on
        if finder is not None:
            find_sources(ctx, outline, finder)
        # the facts are all in now (notes, answers, sources, research, library): settle how to write
        ctx.unsupported = truth.resolve_mode(request.unsupported, ctx.untrusted, truth.has_facts(ctx))
        ctx.fact_bound = ctx.untrusted and truth.has_facts(ctx)
        if ctx.fact_bound:
            outline = truth.bind_outline(ctx, outline)
        n_facts = len({*ctx.brief.notes, *(f for s in outline.sections for f in s.facts)})
        if needs_fact_check(ctx):
            post.fact_check = "needed"  # one line at the end says so, with the count (`truth.truth_report`)
        post.title = outline.title
        ctx.emit(StageStarted(stage="draft", total=len(outline.sections), outline=outline))
        seen: set[str] = set()
        checked = SubstancePass(ctx, outline)
        post.intro = checked(draft.draft_intro(ctx, outline, seen), INTRO, list(voice.openers)) \
            or topic_frame(ctx.brief.topic)[0] or as_sentence(f"this post is about {ctx.brief.topic}")
        store.save_draft(ctx.run_id, INTRO, None, post.intro)
        ctx.emit(PartWritten(part=INTRO, text=post.intro))
        for i, section_plan in enumerate(outline.sections):
            ctx.emit(SectionProgress(phase="start", index=i, total=len(outline.sections),
                                     heading=section_plan.heading))
            section = review.best_section(ctx, outline, i, seen, request.candidates, repairs, sentence_repair=True)
            before = (len(checked.repairs.repaired), len(checked.repairs.cut))
            section.text = checked(section.text, section_part(i)) or \
                draft.fallback_paragraph(ctx, section_plan, outline.definitions)
            fixed, cut = len(checked.repairs.repaired) - before[0], len(checked.repairs.cut) - before[1]
            if fixed or cut:
                section.notes.append(f"substance: {fixed} sentence(s) rewritten, {cut} cut")
            post.sections.append(section)
            store.save_draft(ctx.run_id, "section", section.heading, section.text)
            ctx.emit(PartWritten(part=section_part(i), text=section.text, heading=section.heading,
                                 notes=list(section.notes)))
            ctx.emit(SectionProgress(phase="done", index=i + 1, total=len(outline.sections),
                                     heading=section.heading))
        post.conclusion = checked(draft.draft_conclusion(ctx, outline, seen), CONCLUSION, list(voice.sign_offs)) \
            or topic_frame(ctx.brief.topic)[1] or as_sentence(f"that is {ctx.brief.topic} in short")
        store.save_draft(ctx.run_id, CONCLUSION, None, post.conclusion)
        ctx.emit(PartWritten(part=CONCLUSION, text=post.conclusion))
        ctx.emit(StageStarted(stage="review"))
        review.review_post(ctx, post)
        grounding = ground_post(ctx, post, outline)
        if ctx.fact_bound:  # each paragraph is a fact restated: lead, connect and voice them, adding no claim
            explain.fit_headings(ctx, post)  # a template heading its facts do not fit: named after them
            explain.explain_sections(ctx, post)
        ctx.emit(StageStarted(stage="summarize"))
        summarize.finish(ctx, post, checked.cctx)
        if ctx.untrusted:
            post.unverified += truth.check_summary(ctx, post, known_words(ctx, outline))
            if post.summary:  # else the description made from the TL;DR the body said already stays
                post.description = summarize.make_description(post.summary, anchors=summarize.summary_anchors(post))
        # an untrusted model gets no top-up: with facts the post ends where they do, and without any,
        # paragraphs added after the claim check would carry claims nobody marked
        added = 0 if ctx.untrusted else fill.top_up(ctx, post, outline, seen, to_markdown, checked)
        if added:
            ctx.note("review", f"added {added} paragraph(s) to bring the post nearer its {brief.words} words")
            review.vary_post_openers(ctx, post)  # added paragraphs open like the rest too often
        trimmed = post_length.fit_post(post, brief.words, to_markdown)
        if trimmed:
            ctx.note("review", f"cut {trimmed} sentence(s) to bring the post to its {brief.words} words")
        restyle_post(ctx, post)  # the writer's form (casing, rhythm, punctuation, address); no new claims
        cut_verdicts(ctx, post)  # "This is a joke, newbie." after a fact: no line judges one, whoever wrote it
        if repeats := truth.drop_repeats(post):
            ctx.note("review", f"cut {repeats} sentence(s) that said again what the post had said")
        post.complete = True
        list_unverified(ctx, post, outline, every=needs_fact_check(ctx))
        truth_info = truth.truth_report(ctx, post, n_facts)
        ctx.emit(StageStarted(stage="check"))
        final_ctx = review.check_context(ctx, outline)
        if ctx.fact_bound:  # the post is as long as its facts allow: the report says how far that is from the target
            final_ctx.target_words = min(final_ctx.target_words, post_words(post))
            # and has the sections its facts filled (a heading that fit none of them joined its facts to another)
            final_ctx.planned_sections = min(final_ctx.planned_sections, len(post.sections)) or final_ctx.planned_sections
        with ctx.timed("checks"):
            report = check_post(to_markdown(post), final_ctx, ctx.gates)
    except KeyboardInterrupt:
        post.slug = post.slug or summarize.slugify(post.title)
        # a draft is checked like a finished post: on an untrusted model its text was never (fully) checked,
        # so every claim is listed and the `facts` gate holds it until the user checks them
        list_unverified(ctx, post, outline, every=ctx.untrusted)
        store.finish_run(ctx.run_id, "interrupted", words=post_words(post),
                         duration_s=time.perf_counter() - t0, post=post.model_dump(mode="json"))
        raise Interrupted(post) from None
    except Exception:
        store.finish_run(ctx.run_id, "failed", duration_s=time.perf_counter() - t0)
        raise
    post.report = RunReport(usage=ctx.usage, seconds=round(time.perf_counter() - t0, 2),
                            stages=ctx.stage_costs(), kept_tokens=kept_tokens(ctx, post),
                            outline_origin=outline.origin, checks=report,
                            voice=report.gates["voice"].value if "voice" in report.gates else None,
                            grounding=grounding, substance=checked.repairs.to_dict(), truth=truth_info,
                            fact_check=post.fact_check or None, interview_notes=answers,
                            definitions=dict(outline.definitions),
                            section_notes={s.heading: s.notes for s in post.sections if s.notes})
    return post
