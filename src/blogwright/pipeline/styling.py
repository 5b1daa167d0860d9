"""The voice pass: every prose paragraph of a finished post moved toward the writer's form
(`voices.restyle`), kept only where the voice score says it came nearer the voice.

Runs after the post is grounded and fitted to length, so citations ([1]) are masked and kept, and
nothing it does adds a claim (see voices/restyle.py). The voice's canned opener and sign-off are the
writer's own lines: only their casing and punctuation change. A regenerated section goes through the
same pass (`pipeline/revise.py`).

Every part gets the writer's casing and punctuation, even one whose other changes the score turned
down, and so do the title, headings and TL;DR: a lower-case writer's post was lower case in its first
sections and normal case in the last ones. The frame of the post is the writer's too (`frame_post`):
lines about the post itself ("X is worth reading about.", "That is X in short.", "In short, this post
covered ...") give way to the writer's own topic-free lines ("so here is the deal.", "that is all.")
and a line that names a why/what/how topic ("this is why i keep a paper notebook at work."; the
on-topic gate judges an intro or close of five words or more), and the sign-off is where the writer puts it: alone in the last paragraph for a writer whose posts end
on a line of their own ("— k."; it was glued to a sentence about the post, or cut with the close).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from blogwright.core.errors import BadInput
from blogwright.model.post import LAST_FACT_HEADING, Post, Section
from blogwright.pipeline.clean import split_sentences
from blogwright.pipeline.context import RunContext, stage
from blogwright.pipeline.draft import voice_lines
from blogwright.pipeline.explain import no_claim
from blogwright.pipeline.headings import topic_frame
from blogwright.text.tokens import normalize
from blogwright.voices.habits import Habits
from blogwright.voices.restyle import case_heading, names_in, restyle_paragraph, style_of
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

    done: list[str] = []  # the parts restyled so far, in order: a register trade counts its word over the post

    def each(paras: list[str], part: str, lines: bool) -> str:
        out: list[str] = []
        for i, p in enumerate(paras):
            out.append(restyle_paragraph(p, style, seed=ctx.seed, where=(part, i), names=names,
                                         lines=lines and p.strip().lower() not in canned, said=" ".join([*done, *out])))
        return "\n\n".join(out)

    def choose(text: str, part: str) -> str:
        paras = text.split("\n\n")
        new = each(paras, part, True)
        if new == text or not text.strip():
            return text
        # casing and punctuation only: a part whose other changes the score turns down gets them
        try:
            return each(paras, part, False) if voice_distance(new, profile, ref) > voice_distance(text, profile, ref) \
                else new
        except BadInput:  # no prose to score: only the form
            return each(paras, part, False)

    def redo(text: str, part: str) -> str:
        out = choose(text, part)
        done.append(out)
        return out

    return redo


# Lines about the post itself, not its topic: the intro prompt echoed (only when it ends there: "Monorepos
# are worth reading about because they ..." goes on about the topic), the fallback intro and wrap-ups.
ABOUT_POST = re.compile(r"\bworth\s(?:reading|learning|knowing)\sabout\W*$|^\W*(?:this post is about\b|"
                        r"(?:in short, )?this post (?:also )?covered\b|that is the short version of\b|"
                        r"that is .{1,200}? in short\W*$)", re.I)


def about_post(sentence: str) -> bool:
    return bool(ABOUT_POST.search(sentence.strip()))


def _pick(ctx: RunContext, lines: list[str], what: str) -> str:
    known = [ctx.brief.topic]
    ok = [line for line in lines if no_claim(line, known)]
    return ok[ctx.call_seed(what) % len(ok)] if ok else ""


def _without(text: str, lines: list[str]) -> str:
    """`text` without `lines` (a sign-off), wherever they were put: a sentence of their own or glued to
    the end of another ("... effectively. — k."), in any casing."""
    for line in sorted({x.strip() for x in lines if x.strip()}, key=len, reverse=True):
        text = re.sub(r"(?<!\w)" + re.escape(line) + r"(?!\w)", " ", text, flags=re.I)
    return " ".join(s for s in split_sentences(text.replace("\n\n", " ")) if s.strip())


WH_TOPIC = re.compile(r"^(?:why|what|how|when|where|who|which)\b", re.I)


def topic_lines(topic: str) -> tuple[str, str]:
    """(intro line, close line) that name a "why/what/how" topic without talking about the post: "this is
    why I keep a paper notebook at work." / "that is why I keep ...". ("", "") for other topics."""
    topic = topic.strip().rstrip("?.!")
    if not WH_TOPIC.match(topic):
        return "", ""
    inline = topic[:1].lower() + topic[1:] if topic[1:2].islower() or topic[1:2] == " " else topic
    return f"This is {inline}.", f"That is {inline}."


def frame_post(ctx: RunContext, post: Post, habits: Habits | None) -> int:
    """The intro's and the wrap-up's lines about the post ("X is worth reading about.", "That is X in
    short.") replaced by the writer's own topic-free lines (their habits' opening and closing lines, else
    the voice's openers) followed, for a "why/what/how" topic, by a line that names it ("this is why ..."),
    so the part stays on the topic; where the voice has no line of its own to put there, the reader's
    question and its answer line (`headings.topic_frame`) take their place, and only a topic that gives
    neither keeps them (a post needs an intro about its topic, and "This is X." / "That is X." alone
    repeat each other).
    The sign-off goes at the end, alone when the writer puts it alone. Returns how many lines changed."""
    changed = 0
    known = [ctx.brief.topic]
    opening, closing = (x if no_claim(x, known) else "" for x in topic_lines(ctx.brief.topic))
    question, answer = (x if no_claim(x, known) else "" for x in topic_frame(ctx.brief.topic))
    intro = split_sentences(post.intro)
    kept = [s for s in intro if not about_post(s)]
    if len(kept) < len(intro):
        line = _pick(ctx, list(habits.open_lines) if habits else [], "open-line") or \
            _pick(ctx, [f"{o.rstrip('.!')}." for o in voice_lines(ctx, "opener")], "opener")
        # the writer's own line, else the reader's question ("How does DNS find ...?"), else nothing
        new = kept or ([line, opening] if line and opening else [question] if question else [])
        if new:
            post.intro = " ".join(new)
            changed += len(intro) - len(kept)
    offs = list(ctx.voice.sign_offs)
    sign_offs = voice_lines(ctx, "sign_off")
    sign_off = sign_offs[ctx.call_seed("sign-off") % len(sign_offs)] if sign_offs else ""
    body = _without(post.conclusion, offs) if offs else post.conclusion
    sentences = split_sentences(body)
    kept = [s for s in sentences if not about_post(s)]
    if len(kept) < len(sentences):
        line = _pick(ctx, list(habits.close_lines) if habits else [], "close-line")
        if line and closing and normalize(line).split()[:2] == normalize(closing).split()[:2]:
            line = ""  # "that is why ... that is all.": one "that is" is enough
        # the writer's own line or sign-off with it: "That is X." alone repeated "This is X." (82% alike)
        new = kept or ([x for x in (closing, line) if x] if closing and (line or sign_off) else [answer] if answer else [])
        if new:
            body = " ".join(new)
            changed += len(sentences) - len(kept)
        else:
            body = " ".join(sentences)  # nothing on the topic to put instead: the line stays
    # where the writer puts it; after a close that is one more fact ("One Last Thing"), on its own: the sign-off is the
    # post's goodbye, not part of that last thing (stop 34's editor read it as a wrap-up under the wrong heading)
    glue = "\n\n" if (habits is not None and habits.sign_off_alone) or post.conclusion_heading == LAST_FACT_HEADING \
        else " "
    post.conclusion = glue.join(x for x in (body.strip(), sign_off) if x) or post.conclusion
    return changed


@stage("styling")
def restyle_post(ctx: RunContext, post: Post) -> int:
    """Restyle the intro, sections and conclusion in place; returns how many parts changed."""
    profile, _ = ctx.voice_model()
    framed = frame_post(ctx, post, profile.fingerprint.habits if profile is not None else None)
    if framed:
        ctx.note("review", f"replaced {framed} line(s) about the post with the voice's own lines")
    redo = restyler(ctx, post.prose())
    if redo is None:
        return 0
    before = post.prose()
    post.intro = redo(post.intro, "intro")
    for i, section in enumerate(post.sections):
        section.text = redo(section.text, f"s{i}")
    post.conclusion = redo(post.conclusion, "conclusion")
    case_titles(ctx, post)
    changed = sum(a != b for a, b in zip(before, post.prose()))
    if changed:
        ctx.note("review", f"moved {changed} part(s) nearer the voice {ctx.voice.name} (casing, rhythm, punctuation)")
    return changed


def case_titles(ctx: RunContext, post: Post) -> None:
    """The title, headings, TL;DR and description in the writer's casing (words unchanged)."""
    profile, _ = ctx.voice_model()
    if profile is None:
        return
    style = style_of(profile)
    names = names_in("\n\n".join([ctx.brief.topic, *ctx.brief.keywords, *ctx.brief.notes, *post.prose()]))
    post.title = case_heading(post.title, style, names)
    for section in post.sections:
        section.heading = case_heading(section.heading, style, names)
    for field in ("summary", "description"):
        text = getattr(post, field)
        setattr(post, field, restyle_paragraph(text, style, names=names, lines=False, register=False) if text.strip() else text)


def restyle_section(ctx: RunContext, section: Section, index: int, others: list[str]) -> Section:
    redo = restyler(ctx, [section.text, *others])
    if redo is not None:
        section.text = redo(section.text, f"s{index}")
    return section
