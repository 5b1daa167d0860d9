"""The voice pass: every prose paragraph of a finished post moved toward the writer's form
(`voices.restyle`), kept only where the voice score says it came nearer the voice.

Runs after the post is grounded and fitted to length, so citations ([1]) are masked and kept, and
nothing it does adds a claim (see voices/restyle.py). The voice's canned opener and sign-off are the
writer's own lines: only their casing and punctuation change.
"""

from __future__ import annotations

from blogwright.core.errors import BadInput
from blogwright.model.post import Post
from blogwright.pipeline.context import RunContext
from blogwright.voices.restyle import names_in, restyle_paragraph, style_of
from blogwright.voices.score import voice_distance


def restyle_post(ctx: RunContext, post: Post) -> int:
    """Restyle the intro, sections and conclusion in place; returns how many parts changed."""
    profile, ref = ctx.voice_model()
    if profile is None:
        return 0
    style = style_of(profile)
    # names: capitalised inside a sentence of the request or the post (the title is title-cased: not read)
    names = names_in("\n\n".join([ctx.brief.topic, *ctx.brief.keywords, *ctx.brief.notes, post.intro,
                                   *(s.text for s in post.sections), post.conclusion]))
    canned = {line.lower() for line in [*ctx.voice.openers, *ctx.voice.sign_offs]}
    changed = 0

    def redo(text: str, part: str) -> str:
        nonlocal changed
        paras = text.split("\n\n")
        out = [restyle_paragraph(p, style, seed=ctx.seed, where=(part, i), names=names,
                                 lines=p.strip().lower() not in canned) for i, p in enumerate(paras)]
        new = "\n\n".join(out)
        if new == text or not text.strip():
            return text
        try:
            if voice_distance(new, profile, ref) > voice_distance(text, profile, ref):
                return text
        except BadInput:  # no prose to score: left as it was
            return text
        changed += 1
        return new

    post.intro = redo(post.intro, "intro")
    for i, section in enumerate(post.sections):
        section.text = redo(section.text, f"s{i}")
    post.conclusion = redo(post.conclusion, "conclusion")
    if changed:
        ctx.note("review", f"moved {changed} part(s) nearer the voice {profile.name} (casing, rhythm, punctuation)")
    return changed
