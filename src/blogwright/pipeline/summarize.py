"""Summarize stage: TL;DR paragraph, slug, tags and meta description (<= 160 characters)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from blogwright import prompts
from blogwright.backends.base import GenParams
from blogwright.checks import CheckContext
from blogwright.checks.meta_tldr import generic_summary
from blogwright.grounding import strip_markers
from blogwright.model.post import CONCLUSION_HEADING, Post
from blogwright.pipeline.clean import clean_prose, is_fragment, is_shouting, split_sentences, trim_to_words
from blogwright.pipeline.context import RunContext
from blogwright.pipeline.draft import as_sentence, on_topic
from blogwright.pipeline.headings import sentence_case, topic_shape
from blogwright.pipeline.length import fit_summary, summary_size
from blogwright.pipeline.substance import passing
from blogwright.text.slug import slugify
from blogwright.text.tokens import content_words, expand_terms, normalize

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
    model-written TL;DR whose sentences all pass the substance checks and that is about the topic
    (not generic, no meta-talk); when the first one is not, asked once more with a plainer prompt
    (the post's own on-topic sentences, the topic spelled out, fewer sentences, no sampling), else
    built from the post's sentences and headings (`fallback_summary`)."""
    if ctx.brief.notes:
        return notes_summary(post, ctx.brief.notes)
    canned = [*ctx.voice.openers, *ctx.voice.sign_offs]
    usable = (lambda s: bool(passing([s], cctx, "", ctx.gates))) if cctx is not None else (lambda s: True)
    n_sentences = summary_size(ctx.brief.words)[0]
    source = strip_markers(extractive_summary(post, 160))
    plain = fallback_summary(post, usable, canned, 80)
    attempts = [(prompts.render("summary", sentences=n_sentences, topic=ctx.brief.topic, text=source), 0.2),
                (prompts.render("summary", sentences=min(n_sentences, 2), topic=expand_terms(post.topic),
                                text=plain), 0.0)]
    for attempt, (prompt, temperature) in enumerate(attempts):
        params = GenParams(max_tokens=120, temperature=temperature, seed=ctx.call_seed("summary", attempt))
        text = clean_prose(ctx.call("summarize", prompt, params, system=False).text)
        if cctx is not None:
            sentences = split_sentences(text)
            kept = passing(sentences, cctx, source, ctx.gates)
            if kept != sentences:
                changed = sum(s not in kept for s in sentences)
                ctx.note("summarize", f"dropped {changed} TL;DR sentence(s) that failed a substance check "
                                      "(kept what followed a meta-talk preamble)")
            text = " ".join(kept)
        problem = summary_problem(text, post)
        if not problem:
            return text
        ctx.note("summarize", f"the model's TL;DR was unusable ({problem})"
                 + ("; asking again with a plainer prompt" if attempt == 0 else ""))
    ctx.note("summarize", "built the TL;DR from the post's own sentences and headings")
    return plain


def summary_problem(text: str, post: Post) -> str:
    """Why `text` cannot be the TL;DR ('' when it can): too short or long, off the topic, shouted, or
    generic (no content word of the topic, title or headings: `checks.meta_tldr.generic_summary`)."""
    n = len(text.split())
    if not 20 <= n <= 110:
        return f"{n} words"
    if not on_topic(text, post.topic, post.title) or is_shouting(text):
        return "off the topic" if not is_shouting(text) else "shouted"
    return generic_summary(text, *summary_anchors(post))


def summary_anchors(post: Post) -> list[str]:
    return [post.topic, post.title, *(s.heading for s in post.sections if s.heading)]


def _canned(sentence: str, canned: list[str]) -> bool:
    """A voice's opener or sign-off ("Say no more, newbie."): no summary of anything."""
    key = normalize(sentence)
    return any(c and (key.startswith(c) or c.startswith(key)) for c in map(normalize, canned))


def fallback_summary(post: Post, usable: Callable[[str], bool] = lambda s: True, canned: list[str] | None = None,
                     max_words: int = 70) -> str:
    """A TL;DR from the post itself: from the intro and each section, the first sentence that is
    `usable` (passes the checks), no voice opener or sign-off, and names the topic, title or a
    heading (else the first usable one); when those together are still generic or too short, one
    sentence built from the topic and the section headings (`headings_summary`)."""
    anchors = summary_anchors(post)
    picks: list[str] = []
    for part in [post.intro, *(s.text for s in post.sections)]:
        ok = [s for s in split_sentences(strip_markers(part))
              if not is_fragment(s) and not _canned(s, canned or []) and usable(s)]
        about = [s for s in ok if not generic_summary(s, *anchors)]
        if about or ok:
            picks.append((about or ok)[0])
    text = trim_to_words(" ".join(dict.fromkeys(picks)), max_words)
    if len(text.split()) >= 8 and not generic_summary(text, *anchors):
        return text
    return headings_summary(post)


def headings_summary(post: Post) -> str:
    """"This post is about LLM Ops for newbies: what LLM Ops is and why LLM Ops matters." Built from
    the section points (else headings), so it always names the topic and says nothing invented."""
    phrases = []
    for s in post.sections:
        phrase = (s.point or sentence_case(s.heading, s.heading)).split(", in plain words")[0].strip().rstrip(".")
        if phrase and s.heading != CONCLUSION_HEADING:
            phrases.append(phrase[:1].lower() + phrase[1:] if not phrase[:2].isupper() else phrase)
    topic = post.topic.strip().rstrip("?.!") or post.title
    if not phrases:
        return as_sentence(f"this post is about {topic}")
    return as_sentence(f"this post is about {topic}: {join_points(phrases[:3])}")


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
