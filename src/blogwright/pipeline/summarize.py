"""Summarize stage: TL;DR paragraph, slug, tags and meta description (<= 160 characters)."""

from __future__ import annotations

import re
from collections.abc import Callable

from blogwright import embeddings, prompts
from blogwright.backends.base import GenParams
from blogwright.checks import CheckContext
from blogwright.checks.meta_tldr import about_the_post, filler_sentence, generic_summary
from blogwright.grounding import strip_markers
from blogwright.model.post import CONCLUSION_HEADING, Post
from blogwright.pipeline import explain, truth
from blogwright.pipeline.clean import (
    clean_prose,
    is_fragment,
    is_shouting,
    named_subject,
    split_sentences,
    trim_to_words,
    verbless,
    verbless_ahead,
)
from blogwright.pipeline.context import RunContext, stage
from blogwright.pipeline.draft import on_topic
from blogwright.pipeline.headings import sentence_case, topic_shape
from blogwright.pipeline.openers import CONNECTIVES
from blogwright.pipeline.post_length import fit_summary, summary_size
from blogwright.pipeline.substance import passing, topic_expansions
from blogwright.pipeline.tags import make_tags
from blogwright.text import english
from blogwright.text.sentences import as_sentence
from blogwright.text.slug import slugify
from blogwright.text.tokens import expand_terms, normalize, overlap

DESCRIPTION_MAX = 160
MIN_TLDR_WORDS = 8  # after the cut to the post's size (one sentence for a short post)


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
    if ctx.brief.notes and ctx.fact_bound:  # the central note in short and what else the post covers
        said = split_sentences(strip_markers(post.intro))  # right below the TL;DR: not said twice in a row
        return explain.notes_tldr(post.topic, ctx.brief.notes, said) or notes_summary(post, ctx.brief.notes)
    if ctx.brief.notes:
        return notes_summary(post, ctx.brief.notes)
    canned = [*ctx.voice.openers, *ctx.voice.sign_offs]
    usable = (lambda s: bool(passing([s], cctx, "", ctx.gates))) if cctx is not None else (lambda s: True)
    n_sentences = summary_size(ctx.brief.words)[0]
    if getattr(ctx.backend, "weak", False):  # its TL;DR was the post's own sentences, nearly word for word
        # with facts, what the truth check flagged is left out; without any, every claim is listed alike
        avoid = post.unverified if truth.has_facts(ctx) else []
        # with facts, a sentence stays whole: a note cut at its comma is no longer what the check supported
        text = fit_summary(central_summary(post, usable, canned, n_sentences, avoid, shorten=not truth.has_facts(ctx)),
                           ctx.brief.words)
        if text and not summary_problem(text, post):
            ctx.note("summarize", "the TL;DR is the post's most central sentences, in short (no model call)")
            return text
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
        about, dropped = tldr_sentences(split_sentences(text), post, canned)
        if dropped:
            ctx.note("summarize", f"dropped {len(dropped)} TL;DR sentence(s): " + "; ".join(dict.fromkeys(dropped)))
        text = fit_summary(" ".join(about), ctx.brief.words)  # checked as it will be shown
        problem = summary_problem(text, post) if about else "no sentence left"
        if not problem:
            return text
        ctx.note("summarize", f"the model's TL;DR was unusable ({problem})"
                 + ("; asking again with a plainer prompt" if attempt == 0 else ""))
    ctx.note("summarize", "built the TL;DR from the post's own sentences and headings")
    return fit_summary(plain, ctx.brief.words)


def centrality(sentences: list[str], topic: str) -> list[float]:
    """How central each sentence is to the post: its cosine to the sentences' mean plus to the topic
    (MiniLM, loaded for the checks already); without the model, its share of words with the others and
    the topic."""
    try:
        vecs = embeddings.embed([topic, *sentences])
    except embeddings.EmbeddingsUnavailable:
        return [sum(overlap(s, o) for o in sentences if o is not s) + overlap(topic, s) for s in sentences]
    body = vecs[1:]
    return [float(x) for x in body @ body.mean(axis=0) + body @ vecs[0]]


def central_summary(post: Post, usable: Callable[[str], bool], canned: list[str], n: int,
                    avoid: list[str] | None = None, shorten: bool = True) -> str:
    """A TL;DR without a model call: the `n` most central sentences of the sections and wrap-up
    (`centrality`) that pass the checks (`usable`), may be a TL;DR (`tldr_sentences`) and name the topic,
    title or a heading, most central first, each cut to its main clause when that stands alone and passes
    ("LLM Ops is the practice of ..., which involves ..." -> "LLM Ops is the practice of ...": not the
    body's sentence word for word). Sentences in `avoid` (the truth check's flags) only when nothing else is left.
    '' when no sentence qualifies. The bundled model's TL;DR was a near copy of the post's sentences
    (issue 28: a call of 28-120 tokens per post, half of them thrown away)."""
    anchors = summary_anchors(post)
    terms = [t for t, _ in topic_expansions(post.topic)]

    def worded(sentence: str) -> bool:  # the tests that need no parse
        return not is_fragment(sentence) and not _canned(sentence, canned) and on_topic(sentence, *anchors) \
            and not generic_summary(sentence, *anchors) and not NO_TLDR.search(sentence)

    def fit(sentence: str) -> bool:
        return worded(sentence) and not verbless(sentence) and not english.imperative(sentence) \
            and sentence.count("(") == sentence.count(")") and usable(sentence)

    parts = [s.text for s in post.sections if s.text.strip()] + [post.conclusion]
    found = [_tidy(s, terms) for part in parts for s in split_sentences(strip_markers(part))]
    parsed = [s for s in found if worded(s)]  # `fit` parses these: in one batch (issue 28)
    verbless_ahead(parsed)
    english.parse_ahead(parsed, sentences=True)
    found = list(dict.fromkeys(tldr_sentences([s for s in found if fit(s)], post, canned)[0]))
    flagged = {normalize(_tidy(s, terms)) for s in avoid or []}  # tidied as the candidates were
    found = [s for s in found if normalize(s) not in flagged] or found
    if not found:
        return ""
    scores = centrality(found, expand_terms(post.topic))
    shorts = []
    for sentence in found:
        short = as_sentence(explain.main_clause(sentence).strip().rstrip(".;:"))
        shorts.append(short if shorten and (short == sentence or fit(short)) else sentence)
    body = [_tidy(s, terms) for part in post.prose() for s in split_sentences(strip_markers(part))]
    # one the body says word for word ranks lower ("TL;DR repeated in the body", a reader's complaint)
    rank = [scores[i] - (VERBATIM_PENALTY if _repeats(shorts[i], body) else 0.0) for i in range(len(found))]
    # one longer than the TL;DR's words for the target only when nothing shorter is left: the post is cut to its
    # target with the TL;DR counted (`post_length.fit_post`), so a long TL;DR costs body sentences
    most = summary_size(post.target_words or 600)[1]
    # one the body says word for word only when every one is (a reader would read it twice)
    fresh = [i for i in range(len(found)) if not _repeats(shorts[i], body)] or list(range(len(found)))
    fits = [i for i in fresh if len(shorts[i].split()) <= most] or fresh
    picked: list[str] = []
    for i in sorted(fits, key=lambda i: -rank[i]):
        # one point once: much the same words, or the same opening ("A runbook is a set of instructions that ..."
        # twice, two definitions of one thing: stop 32's runbook TL;DR)
        if not any(overlap(shorts[i], p) >= 0.6 or overlap(p, shorts[i]) >= 0.6 or _opening(shorts[i]) == _opening(p)
                   for p in picked):
            picked.append(shorts[i])
        if len(picked) == n:
            break
    return " ".join(picked)


def _opening(sentence: str) -> tuple[str, ...]:
    """A sentence's first five words, lower-cased (fewer than five: the sentence is its own opening)."""
    return tuple(re.findall(r"[a-z0-9']+", sentence.lower())[:5])


VERBATIM_PENALTY = 0.15  # of a centrality of ~0.8-1.4 (two cosines): a sentence near the top still wins


# no TL;DR sentence: one about the post ("In short, this post covered ..."), one that opens on a
# subordinate clause ("When you need to evaluate ... like accuracy.": the bundled model's list items), or one
# that opens a list or is an item of one ("The key differences ... are: Language: ...", "... are: 1.",
# "Performance: LLM Ops focuses ...", "2. Cost: ..."); a close that points back at the post ("That is why small
# teams need a runbook.", "That is the answer.": `headings.topic_frame`'s answer line, stop 32's editor read
# it opening a TL;DR); one cut inside a parenthesis ("... (e." of "e.g.") fails its count
NO_TLDR = re.compile(r"\b(?:this|the) (?:post|article|guide)\b|^(?:when|if|because|while|although|though|since|"
                     r"unless|as|whether|where)\b|\b(?:are|is|include|includes|as follows):|\s\d{1,2}[.)]$|^\w+:\s"
                     r"|^\d{1,2}[.)]\s|^(?:that|this)(?:'s|’s| is) (?:why|how|what|the answer|the difference)\b", re.I)


def _tidy(sentence: str, terms: list[str]) -> str:
    """A body sentence as a TL;DR opens it: without the connective the post put before it ("In practice, ...")
    and with the topic's terms spelled as the topic spells them ("Llm ops" -> "LLM Ops"), without an article
    before one as the subject ("A LLM Ops is ...")."""
    for lead in CONNECTIVES:
        if sentence.startswith(f"{lead} "):
            rest = sentence[len(lead):].strip()
            sentence = rest[:1].upper() + rest[1:]
            break
    for term in terms:
        sentence = re.sub(rf"(?<![\w-]){re.escape(term)}(?![\w-])", term, sentence, flags=re.I)
    return named_subject(sentence[:1].upper() + sentence[1:], terms)  # "A LLM Ops is ..." -> "LLM Ops is ..."


def _repeats(sentence: str, others: list[str]) -> bool:
    key = normalize(sentence)
    return any(key == normalize(o) or (overlap(sentence, o) >= 0.8 and overlap(o, sentence) >= 0.8) for o in others)


def tldr_sentences(sentences: list[str], post: Post, canned: list[str] | None = None) -> tuple[list[str], list[str]]:
    """(the sentences that may be the TL;DR, why the others may not). Dropped anywhere: a sentence
    the intro already says (the intro is right below the TL;DR), the intro prompt echoed ("X is
    worth reading about"), a voice opener. Dropped from the start: generic sentences, so the TL;DR
    (and the description cut from its first sentence) opens on the topic; a generic sentence after
    that may go on about it ("It covers ..."). A sentence about the post ("This post is about ...") never:
    the `meta` gate fails it in a TL;DR."""
    intro = split_sentences(strip_markers(post.intro))
    anchors = summary_anchors(post)
    kept: list[str] = []
    why: list[str] = []
    for s in sentences:
        if is_question(s):
            why.append("a question, not a statement")
        elif _repeats(s, intro):
            why.append("repeats the intro")
        elif filler_sentence(s):
            why.append("says the topic is worth reading about")
        elif about_the_post(strip_markers(s)):  # llm:SmolLM2's "This post is about the process of ..." (stop 33)
            why.append("talks about the post, not its topic")
        elif _canned(s, canned or []):
            why.append("a voice opener")
        elif not kept and generic_summary(s, *anchors):
            why.append("generic TL;DR sentence: it shares no word with the title, topic or headings")
        else:
            kept.append(s)
    return kept, why


def summary_problem(text: str, post: Post) -> str:
    """Why `text` cannot be the TL;DR ('' when it can): too short or long (as cut to the post's size),
    off the topic, shouted, or generic (no content word of the topic, title or headings: `checks.meta_tldr.generic_summary`)."""
    n = len(text.split())
    if not MIN_TLDR_WORDS <= n <= 110:
        return f"{n} words"
    if not on_topic(text, *summary_anchors(post)) or is_shouting(text):  # the headings are the post's topic too
        return "off the topic" if not is_shouting(text) else "shouted"
    return generic_summary(text, *summary_anchors(post))


def is_question(sentence: str) -> bool:
    """A question ("What is calling git stash without any arguments?", a lead `explain` put before a
    fact): it summarises nothing, so it is never a TL;DR or description sentence."""
    return strip_markers(sentence).rstrip(" *_\"'”’)").endswith("?")


def statements(text: str) -> str:
    """`text` without its question sentences."""
    return " ".join(s for s in split_sentences(text) if not is_question(s))


def summary_anchors(post: Post) -> list[str]:
    return [post.topic, post.title, *(s.heading for s in post.sections if s.heading)]


def _canned(sentence: str, canned: list[str]) -> bool:
    """A voice's opener or sign-off ("Say no more, newbie."): no summary of anything."""
    key = normalize(sentence)
    return any(c and (key.startswith(c) or c.startswith(key)) for c in map(normalize, canned))


def fallback_summary(post: Post, usable: Callable[[str], bool] = lambda s: True, canned: list[str] | None = None,
                     max_words: int = 70) -> str:
    """A TL;DR from the post itself: from each section (the conclusion when there is none), the
    first sentence that is `usable` (passes the checks), not a voice opener or sign-off, not the
    intro's (the intro is right below the TL;DR) nor its "worth reading about" filler, and names the
    topic, title or a heading (else the first usable one); the text opens on a sentence about the
    topic. When those are still generic or too short, one sentence built from the topic and the
    section headings (`headings_summary`)."""
    anchors = summary_anchors(post)
    picks: list[str] = []
    parts = [s.text for s in post.sections if s.text.strip()] or [post.conclusion]
    for part in parts:
        ok = [s for s in split_sentences(strip_markers(part))
              if not is_fragment(s) and not _canned(s, canned or []) and usable(s)]
        ok = tldr_sentences(ok, post, canned)[0] if ok else []
        about = [s for s in ok if not generic_summary(s, *anchors)]
        if about or ok:
            picks.append((about or ok)[0])
    picks = tldr_sentences(list(dict.fromkeys(picks)), post, canned)[0]
    text = trim_to_words(" ".join(picks), max_words)
    if len(text.split()) >= 8 and not generic_summary(text, *anchors):
        return text
    return headings_summary(post)


def headings_summary(post: Post) -> str:
    """"LLM Ops for newbies: what LLM Ops is and why LLM Ops matters." Built from the topic and the section
    points (else headings), so it always names the topic and says nothing invented; never a line about the
    post ("This post is about ...": the `meta` gate fails it in a TL;DR). Without sections, the topic alone."""
    phrases = []
    for s in post.sections:
        phrase = (s.point or sentence_case(s.heading, s.heading)).split(", in plain words")[0].strip().rstrip(".")
        if phrase and s.heading != CONCLUSION_HEADING:
            phrases.append(phrase[:1].lower() + phrase[1:] if not phrase[:2].isupper() else phrase)
    topic = post.topic.strip().rstrip("?.!") or post.title
    if not phrases:
        return as_sentence(topic)
    return as_sentence(f"{topic}: {join_points(phrases[:3])}")


def make_description(summary: str, limit: int = DESCRIPTION_MAX, anchors: list[str] | None = None) -> str:
    """The first sentence(s) of the summary that fit, from the first one about the `anchors` (topic,
    title, headings: a generic opening sentence is no description); cut at a word with an ellipsis
    otherwise."""
    sentences = [s for s in split_sentences(summary) if not is_question(s)] or split_sentences(summary)
    while anchors and len(sentences) > 1 and generic_summary(sentences[0], *anchors):
        sentences = sentences[1:]
    summary = " ".join(sentences) or summary
    out = ""
    for s in sentences:
        candidate = f"{out} {s}".strip()
        if len(candidate) > limit:
            break
        out = candidate
    if not out:
        out = summary[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return out


@stage("summary")
def finish(ctx: RunContext, post: Post, cctx: CheckContext | None = None) -> Post:
    # a post of facts on a model not trusted with them: its TL;DR is its facts (the notes, its most central cited
    # sentences), which the body says too: a paraphrase by that model would be a new claim. It stays whole: dropping
    # the sentence the intro says (stop 33, tried) left the bloom-filter post a TL;DR of one limitation, and dropping
    # every sentence the body says left posts of facts with none. Without facts the TL;DR prefers sentences the body
    # does not say (`central_summary`)
    # statements only, whatever path made it (notes, the model, the post's own sentences): else the headings'
    post.summary = fit_summary(statements(make_summary(ctx, post, cctx)), ctx.brief.words) or headings_summary(post)
    post.slug = slugify(post.title)
    post.tags = make_tags(post, ctx.brief.keywords)
    post.description = make_description(post.summary, anchors=summary_anchors(post))  # a search snippet
    return post
