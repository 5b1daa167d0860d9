"""Summarize stage: TL;DR paragraph, slug, tags and meta description (<= 160 characters)."""

from __future__ import annotations

from collections import Counter

from blogwright import prompts
from blogwright.backends.base import GenParams
from blogwright.checks import CheckContext
from blogwright.grounding import strip_markers
from blogwright.model.post import Post
from blogwright.pipeline.clean import clean_prose, is_shouting, split_sentences, trim_to_words
from blogwright.pipeline.context import RunContext
from blogwright.pipeline.draft import as_sentence, on_topic
from blogwright.pipeline.headings import sentence_case, topic_shape
from blogwright.pipeline.length import fit_summary, summary_size
from blogwright.pipeline.substance import passing
from blogwright.text.slug import slugify
from blogwright.text.tokens import content_words

DESCRIPTION_MAX = 160


def extractive_summary(post: Post, max_words: int = 70) -> str:
    """First sentence of the intro and of each section, cut to `max_words`: always available."""
    firsts = []
    for part in [post.intro, *(s.text for s in post.sections)]:
        sents = split_sentences(part)
        if sents:
            firsts.append(sents[0] if len(firsts) else sents[min(1, len(sents) - 1)])
    return trim_to_words(" ".join(firsts), max_words)


def notes_summary(post: Post, notes: list[str], max_words: int = 70) -> str:
    """The TL;DR of a post written with notes: the topic when it is a claim, the notes in the user's
    own words, then the section points. Nothing from the drafted prose, so nothing can contradict a note."""
    shape = topic_shape(post.topic)
    out: list[str] = []
    if shape.kind in ("copula", "claim"):
        out.append(as_sentence(sentence_case(post.topic.rstrip("?.!"), post.topic)))
    for note in notes:
        out += [as_sentence(s) for s in split_sentences(note) or [note]]
    points = [s.point for s in post.sections if s.point][:3]
    if points and len(" ".join(out).split()) < max_words * 0.6:
        out.append(as_sentence("it covers " + join_points(points)))
    return trim_to_words(" ".join(out), max_words)


def join_points(points: list[str]) -> str:
    return points[0] if len(points) == 1 else ", ".join(points[:-1]) + " and " + points[-1]


def make_summary(ctx: RunContext, post: Post, cctx: CheckContext | None = None) -> str:
    """With notes: built from the notes and the section points (`notes_summary`). Without: a
    model-written TL;DR whose sentences all pass the substance checks, else an extractive one from
    the post's (already checked) sentences."""
    if ctx.brief.notes:
        return notes_summary(post, ctx.brief.notes)
    source = strip_markers(extractive_summary(post, 160))
    prompt = prompts.render("summary", sentences=summary_size(ctx.brief.words)[0], topic=ctx.brief.topic, text=source)
    for attempt in range(2):
        params = GenParams(max_tokens=120, temperature=0.2, seed=ctx.call_seed("summary", attempt))
        text = clean_prose(ctx.call("summarize", prompt, params, system=False).text)
        if cctx is not None:
            sentences = split_sentences(text)
            kept = passing(sentences, cctx, source, ctx.gates)
            if len(kept) < len(sentences):
                ctx.note("summarize", f"dropped {len(sentences) - len(kept)} TL;DR sentence(s) that failed a substance check")
            text = " ".join(kept)
        n = len(text.split())
        if 20 <= n <= 110 and on_topic(text, ctx.brief.topic, post.title) and not is_shouting(text):
            return text
    ctx.note("summarize", "the model's summary was unusable; built one from the post's sentences")
    return strip_markers(extractive_summary(post))


def make_tags(post: Post, keywords: list[str], n: int = 5) -> list[str]:
    """Keywords first, then the most frequent content words of the title and headings."""
    tags: list[str] = []
    for k in keywords:
        t = slugify(k, 30)
        if t not in tags:
            tags.append(t)
    counts: Counter[str] = Counter()
    for w in content_words(post.topic):
        counts[w] += 5
    for w in content_words(" ".join([post.title, *(s.heading for s in post.sections)])):
        counts[w] += 2
    for w in content_words(" ".join(s.text for s in post.sections)):
        counts[w] += 0.05
    for w, _ in counts.most_common():
        if len(tags) >= n:
            break
        t = slugify(w, 30)
        if len(t) > 2 and t not in tags and not t.isdigit():
            tags.append(t)
    return tags


def make_description(summary: str, limit: int = DESCRIPTION_MAX) -> str:
    """The first sentence(s) of the summary that fit; cut at a word with an ellipsis otherwise."""
    out = ""
    for s in split_sentences(summary):
        candidate = f"{out} {s}".strip()
        if len(candidate) > limit:
            break
        out = candidate
    if not out:
        out = summary[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return out


def finish(ctx: RunContext, post: Post, cctx: CheckContext | None = None) -> Post:
    post.summary = fit_summary(make_summary(ctx, post, cctx), ctx.brief.words)  # one sentence for a short post
    post.slug = slugify(post.title)
    post.tags = make_tags(post, ctx.brief.keywords)
    post.description = make_description(post.summary)
    return post
