"""Review stage: keep the best of several section candidates by the quality gates, regenerate a
section that still fails (with the findings in its prompt, a bounded number of times), and apply
the repairs that are certain (glued words split, unfinished endings dropped)."""

from __future__ import annotations

from blogwright.checks import Report, check_section, complete_ending, split_glued
from blogwright.checks.repetition import near_copies
from blogwright.checks.substance import SUBSTANCE_CHECKS
from blogwright.model.post import Outline, Post, Section
from blogwright.pipeline.clean import REP4_BUDGET, dedupe_sentences, split_sentences, thin_repeats
from blogwright.pipeline.context import RunContext, stage
from blogwright.pipeline.draft import check_context, draft_section, prose_distance
from blogwright.pipeline.openers import vary_openers

# What a failed gate becomes in a regeneration prompt: words a small model can act on.
FIX_HINTS = {
    "repetition": "repeating the same sentence",
    "leaks": "talking about the instructions",
    "on_topic": "drifting away from the topic",
    "terms": "made-up names and terms",
    "glued": "words run together",
    "spelling": "misspelled words",
}


# the gates the substance pass checks sentence by sentence, regenerating or cutting what fails
SENTENCE_REPAIRED = frozenset(SUBSTANCE_CHECKS)


def repair(text: str, ctx: RunContext, notes: list[str] | None = None) -> str:
    """Certain fixes only: split glued words, drop a trailing unfinished sentence."""
    allow = check_context(ctx).vocabulary()
    fixed, fixes = split_glued(text, allow)
    if fixes and notes is not None:
        notes.append("split glued words: " + ", ".join(f"{a} -> {b}" for a, b in fixes))
    return complete_ending(fixed) or fixed


def section_score(section: Section, report: Report, target_words: int, voice_distance: float = 0.0) -> float:
    """Higher is better: the gates' score, then nearness to the word budget and to the voice."""
    ratio = section.words / max(1, target_words)
    return report.score + 0.25 * (1 - min(1.0, abs(1 - ratio))) - 0.25 * voice_distance


def _failed_hints(report: Report, topic: str) -> list[str]:
    hints = []
    for name in report.failed:
        hint = FIX_HINTS.get(name)
        if hint == FIX_HINTS["on_topic"]:
            hint = f"drifting away from {topic}"
        if hint and report.gates[name].blocking:
            hints.append(hint)
    return hints


@stage("draft")
def best_section(ctx: RunContext, outline: Outline, index: int, seen: set[str],
                 candidates: int = 1, repairs: int = 1, instruction: str = "", first_variant: int = 0,
                 sentence_repair: bool = False) -> Section:
    """Draft `candidates` versions of a section, keep the best by the gates; if the best still fails
    a blocking gate, regenerate up to `repairs` times with the problems named in the prompt.
    `instruction` (the user's, when regenerating) goes into every prompt; `first_variant` gives
    a regeneration other seeds than the first draft. `sentence_repair`: the caller repairs each failing
    sentence next (`substance.repair_text`), so a section failing only the sentence gates
    (`SENTENCE_REPAIRED`) is not drafted again: one short call per bad sentence, not a whole section
    (issue 28: a second draft of 3 of 4 sections was a third of the tokens of a post)."""
    cctx = check_context(ctx, outline)
    budget = outline.sections[index].words
    tried: list[tuple[float, Section, set[str], Report]] = []

    def attempt(variant: int, fix: list[str] | None = None) -> None:
        trial_seen = set(seen)
        section = draft_section(ctx, outline, index, trial_seen, fix=fix, variant=first_variant + variant,
                                instruction=instruction)
        with ctx.timed("checks"):
            section.text = "\n\n".join(repair(p, ctx, section.notes) for p in section.text.split("\n\n"))
            report = check_section(section.text, section.heading, cctx, ctx.gates)
        tried.append((section_score(section, report, budget, distance(section.text)), section, trial_seen, report))

    def thinned(entry: tuple[float, Section, set[str], Report]) -> bool:
        """A section failing repetition loses the sentences that restate earlier ones (`clean.thin_repeats`,
        what the post-level review does anyway) instead of being drafted again: a redraft of the bundled
        model repeated the same definition and often left a one-sentence section (issue 28). True when
        that leaves only failures the sentence repair handles."""
        _, section, trial_seen, _ = entry
        limit = ctx.gates.max_rep4
        texts = [p for p in section.text.split("\n\n") if p.strip()]
        copies = near_copies(texts, ctx.gates)  # a paragraph that repeats an earlier one with small changes
        paras = [split_sentences(p) for i, p in enumerate(texts) if i not in copies]
        kept, dropped = thin_repeats(paras, REP4_BUDGET * limit, reach=limit)
        dropped += [s for i in sorted(copies) for s in split_sentences(texts[i])]
        if not dropped:
            return False
        text = "\n\n".join(" ".join(p) for p in kept if p)
        with ctx.timed("checks"):
            report = check_section(text, section.heading, cctx, ctx.gates)
        if {n for n in report.failed if report.gates[n].blocking} - SENTENCE_REPAIRED:
            return False
        section.text = text
        section.notes.append(f"dropped {len(dropped)} sentence(s) that restated earlier ones, not drafted again")
        tried[tried.index(entry)] = (section_score(section, report, budget, distance(text)), section, trial_seen, report)
        return True

    def distance(text: str) -> float:
        """Voice distance joins the score only when there is a choice to make."""
        profile, ref = ctx.voice_model() if candidates > 1 else (None, None)
        if profile is None:
            return 0.0
        return prose_distance(text, profile, ref)  # a candidate with no prose is the worst, not an error

    for variant in range(max(1, candidates)):
        attempt(variant)
    for k in range(repairs):
        best_report = max(tried, key=lambda t: t[0])[3]
        failing = {n for n in best_report.failed if best_report.gates[n].blocking}
        if best_report.passed or sentence_repair and failing <= SENTENCE_REPAIRED:
            break
        if sentence_repair and failing <= SENTENCE_REPAIRED | {"repetition"} and thinned(max(tried, key=lambda t: t[0])):
            break
        hints = _failed_hints(best_report, ctx.brief.topic)
        ctx.note("review", f"section {index + 1} failed {', '.join(best_report.failed)}; regenerating")
        attempt(100 + k, fix=hints or None)
    score, best, best_seen, report = max(tried, key=lambda t: t[0])
    if len(tried) > 1:
        rank = [t[1] for t in tried].index(best) + 1
        best.notes.append(f"kept draft {rank} of {len(tried)} (gate score {score:.2f})")
    if not report.passed:
        best.notes.append("still fails: " + ", ".join(n for n in report.failed if report.gates[n].blocking))
    seen.clear()
    seen.update(best_seen)
    return best


@stage("checks")
def review_post(ctx: RunContext, post: Post) -> Post:
    """Post-level repairs that need no model: cross-section repeats, glued words, unfinished endings."""
    seen: set[str] = set()

    def fix(text: str) -> str:
        paragraphs = []
        for par in text.split("\n\n"):
            kept = " ".join(dedupe_sentences(split_sentences(par), seen))
            if kept:
                paragraphs.append(repair(kept, ctx))
        return "\n\n".join(paragraphs) or text

    post.intro = fix(post.intro)
    for section in post.sections:
        section.text = fix(section.text)
    post.conclusion = fix(post.conclusion)
    thin_post_repeats(ctx, post)
    vary_post_openers(ctx, post)
    return post


def thin_post_repeats(ctx: RunContext, post: Post) -> list[str]:
    """Sentences that restate earlier ones (the model's one frame per paragraph) are dropped, the
    most repetitive first, until the post's rep-4 is below REP4_BUDGET of the gate's limit (see
    `clean.thin_repeats`; nothing is dropped when even that cannot pass the gate); only sections lose
    sentences. Returns the dropped sentences."""
    limit = ctx.gates.max_rep4
    budget = REP4_BUDGET * limit
    parts = post.prose()
    split = [[split_sentences(p) for p in part.split("\n\n") if p.strip()] for part in parts]
    flat = [p for ps in split for p in ps]
    owner = [k for k, ps in enumerate(split) for _ in ps]
    if not flat:
        return []
    # the intro and the conclusion keep every sentence: they are short, and without their model
    # sentence only the voice's canned opener or sign-off is left (off-topic, as `check` says)
    edges = {k for k in (0, len(split) - 1)}
    protected = frozenset((i, j) for i, p in enumerate(flat) if owner[i] in edges for j in range(len(p)))
    thinned, dropped = thin_repeats(flat, budget, protected, owner, reach=limit)
    if not dropped:
        return []
    it = iter(thinned)
    texts = ["\n\n".join(t for t in (" ".join(next(it)) for _ in ps) if t) for ps in split]
    post.intro, post.conclusion = texts[0], texts[-1]
    for section, text in zip(post.sections, texts[1:-1]):
        if text != section.text:
            section.text = text
            section.notes.append("dropped sentences that restated earlier ones")
    ctx.note("review", f"dropped {len(dropped)} sentence(s) that restated earlier ones (rep-4 above {budget:.2f})")
    return dropped


def vary_post_openers(ctx: RunContext, post: Post) -> list[str]:
    """No two paragraphs of the post open with the same three words (see pipeline/openers.py)."""
    parts = post.prose()
    split = [[p for p in part.split("\n\n") if p.strip()] for part in parts]
    flat = [p for ps in split for p in ps]
    # the wrap-up's first paragraph sums up: "On top of that, ..." before it read as nonsense (a newcomer's trial)
    wrap_up = len(flat) - len(split[-1])
    # and the first paragraph under a heading: "On top of that, ..." there pointed back across it to nothing
    starts = frozenset(sum(len(ps) for ps in split[:k]) for k in range(1, len(split) - 1) if split[k])
    fixed, changes = vary_openers(flat, "\n\n".join(flat), protected=frozenset({len(flat) - 1}),
                                  kept=frozenset({wrap_up}) if split[-1] else frozenset(), unled=starts)
    it = iter(fixed)
    texts = ["\n\n".join(next(it) for _ in ps) for ps in split]
    post.intro, post.conclusion = texts[0], texts[-1]
    for section, text in zip(post.sections, texts[1:-1]):
        section.text = text
    if changes:
        ctx.note("review", f"varied the opening words of {len(changes)} paragraph(s) that repeated an earlier opener")
    return changes
