"""Top-up: a finished post well short of its target gets more paragraphs before it is trimmed.

Small models stop early (cleaning and the substance checks cut more), so a post can land at 60%
of a short target. `top_up` adds paragraphs, one model call each, to the section furthest below its
budget (a short post without sections gets one headless paragraph between its opening and its
close), each from the next angle of its point, until the post reaches ~98% of the target or a
bounded number of calls is spent (4 + one per 15 missing words, at most 4 + target/30; six unusable
answers in a row end it). Measured on the bundled model: a paragraph call gives 20-40 words whatever
it is asked for, so a long post needs many. `post_length.fit_post` then trims any overshoot at sentence ends.

A paragraph that would take the post's rep-4 above `clean.REP4_BUDGET` of the gate's limit is refused
(the bundled model restates the key term's definition in every answer: `make post` failed the
repetition gate with rep-4 0.20, mostly from added paragraphs), and after any miss the same section
is asked from its next angle, not the same one again.
"""

from __future__ import annotations

from collections.abc import Callable

from blogwright.checks import parse_markdown, reader_words
from blogwright.model.post import Outline, Post, Section, section_part
from blogwright.pipeline import draft
from blogwright.pipeline.clean import REP4_BUDGET, rep4
from blogwright.pipeline.context import RunContext, stage
from blogwright.pipeline.definitions import definition_lines
from blogwright.pipeline.post_length import MIN_PARAGRAPH

# the drafting angles, then more: a long section's later paragraphs each get a new one
ANGLES = (*draft.ANGLES, "a step-by-step look at {p}", "a mistake to avoid with {p}", "a question readers often ask "
          "about {p}", "how {p} has changed over time", "a surprising fact about {p}", "how to explain {p} to a friend",
          "what to try first with {p}", "the trade-offs in {p}")
ENOUGH = 0.98  # of the target: stop adding here
MAX_FAILED = 6  # unusable answers in a row: the model has nothing more to say here
START_BELOW = 0.95  # of the target: only a post shorter than this gets topped up


@stage("draft")
def top_up(ctx: RunContext, post: Post, outline: Outline, seen: set[str], render: Callable[[Post], str],
           repair: Callable[[str, str], str] | None = None) -> int:
    """Add paragraphs until the post is near its target; returns the number of paragraphs added."""
    target = ctx.brief.words
    words = reader_words(parse_markdown(render(post)))
    if words >= target * START_BELOW:
        return 0
    added, calls, failed = 0, 0, 0
    misses: dict[int | None, int] = {}  # failed calls per section: after two, try another section
    cctx = draft.check_context(ctx, outline)
    limit = min(4 + target // 30, 4 + (target - words) // 15)  # a small model gives ~25-40 words a call
    while words < target * ENOUGH and calls < limit and failed < MAX_FAILED:
        size = max(MIN_PARAGRAPH, min(draft.PARAGRAPH_WORDS, round(target * ENOUGH - words)))
        i = _neediest(post, outline, {k for k, n in misses.items() if n >= 2})
        plan = outline.sections[i] if i is not None and i < len(outline.sections) else None
        point = plan.point if plan else (post.sections[0].point if post.sections else ctx.brief.topic)
        n_before = len(post.sections[i].text.split("\n\n")) if i is not None else 0
        angle = ANGLES[min(n_before + misses.get(i, 0), len(ANGLES) - 1)]  # a refused angle is not asked again
        anchors = (ctx.brief.topic, *(x for x in ((plan.heading, plan.point) if plan else (point,)) if x))
        text = draft.paragraph(ctx, "section", ("top-up", i, calls), size, anchors, seen, tries=1, cctx=cctx,
                               point=angle.format(p=point), fact="", fix=[], instruction="",
                               definitions=definition_lines(outline.definitions))
        calls += 1
        if text and repair is not None:
            text = repair(text, section_part(i if i is not None else len(post.sections)))
        if text and _repeats(post, text, ctx.gates.max_rep4):
            ctx.note("review", f"refused an added paragraph that repeats the post's phrases: {text[:60]!r}")
            text = ""
        if not text:
            failed += 1
            misses[i] = misses.get(i, 0) + 1
            continue
        failed = 0
        if i is None:
            post.sections.append(Section(heading="", point=point, text=text, notes=["added to reach the post's length"]))
        else:
            section = post.sections[i]
            section.text = f"{section.text}\n\n{text}".strip()
            if "added a paragraph to reach the post's length" not in section.notes:
                section.notes.append("added a paragraph to reach the post's length")
        added += 1
        words = reader_words(parse_markdown(render(post)))
    return added


def _repeats(post: Post, text: str, limit: float) -> bool:
    """Adding `text` would take the post's rep-4 above REP4_BUDGET of the gate's `limit` (and higher
    than it is) while the post still passes the gate: the paragraph restates the post."""
    parts = post.prose()
    before = [p for part in parts for p in part.split("\n\n") if p.strip()]
    now = rep4(before)
    after = rep4([*before, text])  # where it goes hardly matters to rep-4
    return now <= limit and after > REP4_BUDGET * limit and after > now


def _neediest(post: Post, outline: Outline, tired: set[int | None] | frozenset = frozenset()) -> int | None:
    """The section furthest below its planned words, skipping the `tired` ones the model keeps failing
    on while another is left (None: a post with no sections)."""
    if not post.sections:
        return None
    budgets = [s.words for s in outline.sections] + [0] * len(post.sections)
    order = sorted(range(len(post.sections)), key=lambda i: (post.sections[i].words / max(1, budgets[i]), i))
    return next((i for i in order if i not in tired), order[0])
