"""The voice pass: every prose paragraph of a finished post moved toward the writer's form
(`voices.restyle`), kept only where the voice score says it came nearer the voice.

Runs after the post is grounded and fitted to length, so citations ([1]) are masked and kept, and
nothing it does adds a claim (see voices/restyle.py). The voice's canned opener and sign-off are the
writer's own lines: only their casing and punctuation change. A regenerated section goes through the
same pass (`pipeline/revise.py`).
"""

from __future__ import annotations

from collections.abc import Callable

from blogwright.core.errors import BadInput
from blogwright.model.post import Post, Section
from blogwright.pipeline.context import RunContext, stage
from blogwright.voices.restyle import names_in, restyle_paragraph, style_of
from blogwright.voices.score import voice_distance


def restyler(ctx: RunContext, texts: list[str]) -> Callable[[str, str], str] | None:
    """A function (text, part name) -> restyled text for this run's voice, or None when the voice has
    no profile. `texts`: the post's parts, to tell names (capitalised inside a sentence) from words."""
    profile, ref = ctx.voice_model()
    if profile is None:
        return None
    style = style_of(profile)
    names = names_in("\n\n".join([ctx.brief.topic, *ctx.brief.keywords, *ctx.brief.notes, *texts]))
    canned = {line.lower() for line in [*ctx.voice.openers, *ctx.voice.sign_offs]}

    def redo(text: str, part: str) -> str:
        paras = text.split("\n\n")
        new = "\n\n".join(restyle_paragraph(p, style, seed=ctx.seed, where=(part, i), names=names,
                                            lines=p.strip().lower() not in canned) for i, p in enumerate(paras))
        if new == text or not text.strip():
            return text
        try:
            return text if voice_distance(new, profile, ref) > voice_distance(text, profile, ref) else new
        except BadInput:  # no prose to score: left as it was
            return text

    return redo


@stage("styling")
def restyle_post(ctx: RunContext, post: Post) -> int:
    """Restyle the intro, sections and conclusion in place; returns how many parts changed."""
    redo = restyler(ctx, post.prose())
    if redo is None:
        return 0
    before = post.prose()
    post.intro = redo(post.intro, "intro")
    for i, section in enumerate(post.sections):
        section.text = redo(section.text, f"s{i}")
    post.conclusion = redo(post.conclusion, "conclusion")
    changed = sum(a != b for a, b in zip(before, post.prose()))
    if changed:
        ctx.note("review", f"moved {changed} part(s) nearer the voice {ctx.voice.name} (casing, rhythm, punctuation)")
    return changed


def restyle_section(ctx: RunContext, section: Section, index: int, others: list[str]) -> Section:
    redo = restyler(ctx, [section.text, *others])
    if redo is not None:
        section.text = redo(section.text, f"s{index}")
    return section
