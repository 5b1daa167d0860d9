"""Draft stage: each section paragraph by paragraph, then the intro and the conclusion.

Context management: a paragraph's prompt carries one point (the section's point, seen from one
angle) and at most one fact, never the post so far, so prompts stay small however long the post
is; what came before reaches the model only as sentences it must not repeat (`seen`, applied
after generation). Small models stay on a single, short instruction far better than on a long
prompt (see DEVELOPERS.md), and sections grow paragraph by paragraph until their budget is met.
"""

from __future__ import annotations

import math
import re

from blogwright import prompts
from blogwright.backends.base import GenParams, Message, text_pieces
from blogwright.briefs import prompt_instructions
from blogwright.checks import CheckContext
from blogwright.model.post import Outline, Section, SectionPlan
from blogwright.pipeline.clean import (
    clean_prose,
    drop_rephrased,
    is_shouting,
    split_sentences,
    subject_words,
    trim_paragraphs,
    trim_to_words,
)
from blogwright.pipeline.context import RunContext, stage
from blogwright.pipeline.definitions import definition_lines, key_terms, named_in
from blogwright.pipeline.headings import topic_frame
from blogwright.pipeline.register import fitting_lines, register
from blogwright.pipeline.substance import fix_calls, respell, respell_text, sentence_problems
from blogwright.text import english
from blogwright.text.sentences import SENTENCE_END, as_sentence
from blogwright.text.tokens import STOPWORDS, content_words, expand_terms, overlap, tokens
from blogwright.voices.feedback import find_avoided
from blogwright.voices.profile import Profile, nearest_exemplar
from blogwright.voices.restyle import drop_style_talk
from blogwright.voices.score import Reference, text_stats, voice_distance

PARAGRAPH_WORDS = 80
SENTENCE_TOKENS = 24  # fewer tokens left than this at a sentence's end: the next one would not fit (`Derailed`)
WORDS_PER_SENTENCE = 20
TOKENS_PER_WORD = 1.5
ANGLES = ("{p}", "a concrete example of {p}", "a practical tip about {p}",
          "a common misunderstanding about {p}", "why {p} matters day to day")
# A weak model (backend.weak, the bundled 135M) asked for "a concrete example of what ML Ops is" opens with
# that phrase ("A concrete example of ML Ops is a company that ...", cut by `strip_angle_echo`), and what is
# left after the cut lost the topic, so `on_topic` refused the paragraph: 8.7% + 16.7% of the tokens of six
# posts (issue 28, bench/results/waste-before.md). Given the angle after the point it opens on the point.
WEAK_ANGLES = ("{p}", "{p}, with one concrete example", "{p}, with one practical tip",
               "{p}, and one common misunderstanding about it", "why {p} matters day to day")


def check_context(ctx: RunContext, outline: Outline | None = None) -> CheckContext:
    """What the gates compare a draft with: the brief, the outline and the sources' text."""
    sources = ctx.index.passages_text() if ctx.index is not None else ""
    return CheckContext.from_brief(ctx.brief, outline, sources_text=sources)


# The sentence checks a paragraph is watched with as it streams: what the substance pass would
# regenerate or cut (an invented term or expansion, meta-talk), decidable on the sentence alone.
WATCHED = frozenset({"terms", "expansions", "meta", "civility"})


# a list item's head ("1. **Performance**: LVM (Language Model Platform)"): not stopped early, its lead-in ("The key
# differences are: 1.") would be left as a sentence of its own (1,200 words seed 2, tried)
LIST_ITEM = re.compile(r"\s*(?:\d{1,2}[.)]|[-*\u2022]\s|\*\*)")


class Derailed:
    """A `stop` for `RunContext.call`: true once a finished sentence of the streamed paragraph fails a
    watched check. The paragraph is cut after that sentence (`cut`), which the substance pass then
    repairs; what the model would write after it is not generated. Measured on six posts of the bundled
    model: of the words after such a sentence 6% reached the post (41% in paragraphs without one)."""

    def __init__(self, ctx: RunContext, cctx: CheckContext, max_tokens: int = 0):
        self.ctx, self.cctx, self.max_tokens = ctx, cctx, max_tokens
        self.pieces = 0  # pieces streamed so far (a piece is a token, or a few for a multi-byte character)
        self.checked: list[str] = []  # the finished sentences so far, all passed
        self.start = 0  # where the sentence still growing starts in the streamed text: only that is split again
        self.kept: str | None = None  # the paragraph up to and with the failing sentence, once stopped
        # where a failing sentence is cut, not fixed (a weak model: `substance.fix_calls`), it is stopped as
        # soon as a made-up expansion closes in it, not at its end (`_made_up`)
        self.early = not fix_calls(ctx)

    def _made_up(self, head: str) -> bool:
        """The sentence so far ends on an expansion the checks call fabricated ("LVM (Language Model)": the
        letters do not fit) that no respelling saves: decidable once its bracket closes. Issue 28, stop 35:
        the 600-word post's intro generated 49 tokens of a sentence the substance pass then cut."""
        problems = sentence_problems(head, self.cctx, "", self.ctx.gates)
        return any(f.gate == "expansions" for f in problems) and not respell(head, problems, self.cctx, "", self.ctx.gates)

    def __call__(self, text: str) -> bool:
        self.pieces += 1
        *done, growing = split_sentences(text[self.start:]) or [""]  # the last one may still be growing
        for s in done:
            self.checked.append(s)
            problems = sentence_problems(s, self.cctx, "", self.ctx.gates)
            # a sentence whose only fault is a mangled key term is respelled for free (`substance.respell`):
            # what follows it is worth generating
            if any(f.gate in WATCHED for f in problems) and not respell(s, problems, self.cctx, "", self.ctx.gates):
                self.kept = " ".join(self.checked)
                return True
        if self.early and text.endswith(")") and not LIST_ITEM.match(growing) and self._made_up(growing.strip()):
            # a bracket just closed on a made-up expansion ("LVM (Language Model)"): the sentence will be cut
            # whole, so the rest of it is not generated; its head stays (closed) for the cut to find
            self.kept = " ".join([*self.checked, f"{growing.strip()}."])
            return True
        if done and self.max_tokens and self.pieces > self.max_tokens - SENTENCE_TOKENS:
            # a sentence begun here would mostly be cut unfinished at max_tokens, and `clean_prose` drops it
            # (issue 28: 18 such ends, ~7% of the tokens of six posts)
            self.kept = " ".join(self.checked)
            return True
        if done:  # the splitter keeps every word: the growing sentence is the text's last words
            self.start += list(re.finditer(r"\S+", text[self.start:]))[-len(growing.split())].start()
        return False


def on_topic(text: str, *anchors: str) -> bool:
    """Cheap lexical guard: the paragraph shares at least one content word with its anchors."""
    anchor_words: set[str] = set()
    for a in anchors:
        anchor_words |= set(content_words(a))
    return bool(set(content_words(text)) & anchor_words)


# the spelled-out form `expand_terms` gives a key term in the prompts: "LLM Ops (running large language models in production)"
EXPANSION = re.compile(r"\(([^()]{12,160})\)")


def spelled_out(text: str, *anchors: str) -> bool:
    """The text names a key term of the anchors by the words the prompt spelled it out with ("It's the
    practice of running large language models in production, which ..." for "LLM Ops"): the bundled model
    often writes the expansion it was given instead of the term, and `on_topic`, which looks for the
    anchors' own words, refused those paragraphs (issue 28, stop 34: the largest share of the draft's
    thrown-away tokens, 6% of six posts). The whole expansion must be there, not one of its words."""
    said = " ".join(text.lower().split())
    for anchor in anchors:
        for m in EXPANSION.finditer(expand_terms(anchor)):
            phrase = " ".join(m.group(1).lower().split())
            if phrase in said and phrase not in anchor.lower():
                return True
    return False


def sentences_for(words: int) -> int:
    return min(5, max(2, round(words / WORDS_PER_SENTENCE)))


def _params(ctx: RunContext, words: int, key: tuple, temperature: float = 0.25) -> GenParams:
    return GenParams(max_tokens=int(words * TOKENS_PER_WORD) + 32, temperature=temperature,
                     seed=ctx.call_seed(*key), repeat_penalty=1.15, piece_bias=mangle_guard(ctx))


# Issue 28: the bundled model opens a paragraph on a key acronym spelt by a bare first letter and what it
# makes up after it ("L" + "IMITED OPS:", "L" + "REM (Language Re-implementation)", "L" + "lama Ops") where
# the term itself starts with a longer piece ("LL" + "M Ops"): the paragraph is refused off topic or its
# sentence repaired. Banning that bare letter (when no key term or topic word needs it) leaves the model the
# right spelling or another opening; it changes nothing a check accepts, only what is sampled.
MANGLE_BIAS = -100.0


def mangle_guard(ctx: RunContext) -> tuple[tuple[str, float], ...]:
    """(piece, bias) for `GenParams.piece_bias` on a weak model whose backend takes biases: the bare first
    letter of each key acronym ("LLM Ops"; an all-capitals first word, not a name like "GraphQL") that the
    model's own spelling of the term does not start with ("LL"), unless a piece of a key term or of the
    topic is that letter ("Lists", "Llama"). Worked out once per run (~1 ms of tokenizing, on every
    paragraph call before)."""
    if "mangle_guard" not in ctx.memo:
        ctx.memo["mangle_guard"] = _mangle_guard(ctx)
    return ctx.memo["mangle_guard"]


def _mangle_guard(ctx: RunContext) -> tuple[tuple[str, float], ...]:
    if not (getattr(ctx.backend, "weak", False) and getattr(ctx.backend, "supports_word_bias", False)):
        return ()
    terms = key_terms(ctx.brief)
    words = [w.strip("()[]:,.?!") for w in ctx.brief.topic.split()]
    used = {p for f in [*words, *terms] if f for form in (f, f" {f}", f"({f}", f"{f}s")
            for p in text_pieces(ctx.backend, form)}
    out: dict[str, float] = {}
    for term in terms:
        head = term.split()[0]
        first = (text_pieces(ctx.backend, term) or [""])[0]
        if head.isupper() and len(head) >= 2 and len(first) > 1 and first[0] == head[0] and head[0] not in used:
            out[head[0]] = MANGLE_BIAS
    return tuple(out.items())


# A paragraph in a voice learned from the user's posts is drafted this many times (each passing the same
# checks) and the one nearer the voice by the voice score is kept (issue 24; see `paragraph`).
VOICE_CANDIDATES = 2


def paragraph(ctx: RunContext, template: str, key: tuple, size: int, anchors: tuple[str, ...],
              seen: set[str], tries: int = 2, min_words: int = 12, cctx: CheckContext | None = None,
              **context) -> str:
    """`one_paragraph`; in a voice learned from the user's posts and with the writer's passages shown
    (no paragraph on a fact), the nearest to the voice by the voice score (`voices.score.voice_distance`,
    the score `voice score` and the gate use) of VOICE_CANDIDATES drafts that each pass its checks. The
    first candidate is the draft a single try gives; only the kept one's sentences join `seen`."""
    if VOICE_CANDIDATES < 2 or context.get("fact") or not learned_voice(ctx):
        return one_paragraph(ctx, template, key, size, anchors, seen, tries, min_words, cctx, **context)
    drafts = [one_paragraph(ctx, template, key if c == 0 else (*key, "voice", c), size, anchors, set(seen), tries,
                            min_words, cctx, **context) for c in range(VOICE_CANDIDATES)]
    drafts = [d for d in drafts if d]
    if not drafts:
        return ""
    profile, ref = ctx.voice_model()
    # a draft with a one-word "sentence" ("... as needed. 2. 3. 4.") is kept only if every draft has one: the
    # score read such fragments as a short-sentence writer's rhythm and kept a numbered list's debris
    best = min(drafts, key=lambda d: (fragments(d), prose_distance(d, profile, ref))) if len(drafts) > 1 else drafts[0]
    clean_prose(best, seen)
    return best


def prose_distance(text: str, profile: Profile, ref: Reference | None) -> float:
    """`voice_distance`, and a draft with no prose (the bundled model drafted an unclosed code fence) infinitely
    far instead of an error: scoring it raised "nothing to score" and `write` exited with code 2. The one scorer of
    drafts and section candidates (`review.best_section`)."""
    return voice_distance(text, profile, ref) if text_stats(text).words else float("inf")


def fragments(text: str) -> bool:
    """The text has a "sentence" of fewer than two words ("2. 3.", "Well.")."""
    return any(len(re.findall(r"[^\W\d_]{2,}", s)) < 2 for s in split_sentences(text))


def one_paragraph(ctx: RunContext, template: str, key: tuple, size: int, anchors: tuple[str, ...],
                  seen: set[str], tries: int = 2, min_words: int = 12, cctx: CheckContext | None = None,
                  **context) -> str:
    """One cleaned, on-topic paragraph with no sentence already in `seen` and none that mostly
    rephrases one there (`clean.drop_rephrased`), or ''. With `cctx`, on an untrusted model (the
    bundled one, where it was measured), generation stops after the first sentence that fails a
    watched check (`Derailed`)."""
    for k in ("point", "topic"):
        if k in context:
            context[k] = expand_terms(context[k])
    context.setdefault("brief_instructions", brief_line(ctx))  # the request's own instructions, every prompt
    # a paragraph built on the user's fact gets no style example: the fact comes first (issue 22's
    # grounding), and a 135M model shown another passage drifts from it more often
    example = "" if context.get("fact") else writer_example(ctx, context.get("point") or context.get("topic") or "")
    prompt = prompts.render(template, audience=ctx.brief.audience, sentences=sentences_for(size), **context)
    # the writer's own passage as an earlier answer (asked "write like this" instead, a small model wrote
    # about "this writer"). On a weak model (backend.weak, the bundled 135M) only for a voice learned from
    # the user's posts: for a built-in voice it carried no style there and, on a brief with notes,
    # shortened the post 228 -> 128 words and lost 2 of 3 notes (paragraphs on a note get no example).
    weak = bool(getattr(ctx.backend, "weak", False))
    shots = (Message("user", "Say it your way."), Message("assistant", example)) \
        if example and (not weak or learned_voice(ctx)) else ()
    for attempt in range(tries):
        params = _params(ctx, size, (*key, attempt))
        watch = Derailed(ctx, cctx, params.max_tokens) if cctx is not None and ctx.untrusted else None
        completion = ctx.call("draft", prompt, params, stream=True, shots=shots, stop=watch)
        stopped = watch is not None and watch.kept is not None and completion.finish_reason == "checked"
        if stopped:
            completion.text = watch.kept  # the sentence that failed stays, for its repair
        raw = respell_text(completion.text, cctx, ctx.gates) if watch is not None else completion.text
        if completion.finish_reason == "length":
            raw = close_cut_end(raw)
        text = strip_angle_echo(drop_avoided(clean_prose(raw, set(seen), ctx.brief.keywords), ctx.voice.avoid))
        text = drop_copied(drop_style_talk(text), example if shots else "")  # an example never shown is not copied
        text, _ = drop_rephrased(text, seen, subject_words(ctx.brief.topic))  # the same frame again
        # a stopped paragraph may be one sentence: the section asks for another paragraph if it is short
        if len(text.split()) >= (min(min_words, 5) if stopped else min_words) \
                and (on_topic(text, *anchors) or spelled_out(text, *anchors)) and not is_shouting(text):
            clean_prose(text, seen)  # remember its sentences so later paragraphs do not repeat them
            return text
    return ""


CLAUSE_BREAK = re.compile(r"[,;](?=\s)")
# a head that opens on one of these is a subordinate clause, not a sentence ("If you enable AOF.")
SUBORDINATE = re.compile(r"^\W*(?:\d+\.\s*)?(?:\*\*[^*]+\*\*:?\s*)?(?:if|when|whenever|while|although|though|because|since|"
                         r"as|unless|until|after|before|once|whether|even if|so that|in order to)\b", re.I)


def close_cut_end(text: str, min_words: int = 6) -> str:
    """A paragraph cut at max_tokens ends inside a sentence, which `clean_prose` drops whole (a list's last
    item: "3. **Performance**: LLM Ops focuses on running these models, while ML Ops also involves the
    deployment of such models to a server for mon"). That sentence ends at its last comma or semicolon
    instead ("... on running these models."), when what comes before is `min_words` words or more with
    its brackets closed; else the text is as it was (issue 28, stop 33: 2 such ends in most 600- and
    1,200-word posts, ~25 tokens each)."""
    sentences = split_sentences(text)
    last = sentences[-1].rstrip() if sentences else ""
    at = text.rfind(last) if last else -1
    if at < 0 or SENTENCE_END.search(last):
        return text
    for m in reversed(list(CLAUSE_BREAK.finditer(last))):
        head = last[:m.start()].rstrip()
        if SUBORDINATE.match(head):
            return text  # no main clause before the break: cutting there leaves a fragment
        if len(head.split()) >= min_words and head.count("(") == head.count(")"):
            return text[:at] + head + "."
    return text


def writer_example(ctx: RunContext, point: str) -> str:
    """The voice's own passage nearest the paragraph's point (its corpus, built-in or learned), so
    each prompt shows how the writer talks; '' for a voice without a corpus. A voice learned from the
    user's posts gets its two nearest passages (a blank line between): the nearest is often a short one
    (~30 words), and with two, bench.voice's mean margin went -0.001 -> +0.040 over 8 posts a writer
    (bench/results/voice-exp-shots2-s4.md against voice-before32-s4.md)."""
    profile, _ = ctx.voice_model()
    if profile is None:
        return ""
    first = nearest_exemplar(profile, point)
    if profile.builtin or not first:
        return first
    rest = profile.model_copy(update={"exemplars": [e for e in profile.exemplars if first not in e.text]})
    second = nearest_exemplar(rest, point)
    return f"{first}\n\n{second}" if second else first


def learned_voice(ctx: RunContext) -> bool:
    """The run's voice was learned from the user's own posts (not a built-in one)."""
    profile, _ = ctx.voice_model()
    return profile is not None and not profile.builtin


def drop_copied(text: str, example: str) -> str:
    """Sentences lifted from the style example: its content is the writer's, not this post's."""
    if not example:
        return text
    grams = set(_grams(example))
    return " ".join(s for s in split_sentences(text) if not grams & set(_grams(s)) and overlap(s, example) < 0.75)


def _grams(text: str, n: int = 5) -> list[tuple[str, ...]]:
    """Word 5-grams with two or more content words ("in the same way as" is anyone's)."""
    t = tokens(text)
    grams = (tuple(t[i:i + n]) for i in range(len(t) - n + 1))
    return [g for g in grams if sum(w not in STOPWORDS for w in g) >= 2]


def brief_line(ctx: RunContext) -> str:
    """The instructions of the user's request that every paragraph prompt carries (shorter for a
    small model, which follows one short instruction best)."""
    if not ctx.brief.request and not ctx.brief.instructions:
        return ""
    return prompt_instructions(ctx.brief, max_words=25 if ctx.backend.weak else 60)


# the angles of the drafting prompts and of the top-up (fill.ANGLES): "A step-by-step look at why X matters is ..."
ECHO = re.compile(r"^(?:here(?:'s| is) )?(?:a|one|the|my)\s+(?:(?:practical|useful|quick) tip|(?:concrete|simple|good|real) "
                  r"example|common misunderstanding|example|step[- ]?by[- ]?step look|mistake to avoid|question readers "
                  r"(?:often )?ask|surprising fact)\s+(?:about|of|for|at|with)\b", re.IGNORECASE)
ECHO_REST = re.compile(r"\s(?:is that|is this|would be that|is to)\s+(.+)$|:\s+(.+)$")


def strip_angle_echo(text: str) -> str:
    """Sentences that echo the paragraph's angle ("A practical tip about what SQLite does well is
    that it is fast") keep only what follows the echo ("It is fast"); an echo with nothing after
    it is dropped. The angle is an instruction, not a frame for every paragraph."""
    out = []
    for s in split_sentences(text):
        if ECHO.match(s):
            m = ECHO_REST.search(s)
            rest = (m.group(1) or m.group(2) or "").strip() if m else ""
            if len(rest.split()) >= 4:
                out.append(rest[0].upper() + rest[1:])
            continue
        out.append(s)
    return " ".join(out)


def drop_avoided(text: str, avoid: list[str]) -> str:
    """Sentences using a phrase the voice avoids (e.g. one the user kept cutting) are dropped:
    small models ignore "avoid" instructions, so this is enforced after generation."""
    if not avoid:
        return text

    return " ".join(s for s in split_sentences(text) if not find_avoided(s, avoid))


def with_fact(text: str, fact: str, strict: bool = False) -> str:
    """Make sure a user's fact is in the paragraph: if the model lost it, lead with it. `strict` (an
    untrusted model): one sentence must restate the fact (and say little else), not the paragraph as a whole."""
    if not fact:
        return text
    if strict and any(overlap(fact, s) >= 0.8 and overlap(s, fact) >= 0.85 for s in split_sentences(text)) or \
            not strict and overlap(fact, text) >= 0.6:
        return text
    sentence = as_sentence(fact)
    text = text[:1].upper() + text[1:]
    return f"{sentence} {text}".strip()


def draft_section(ctx: RunContext, outline: Outline, index: int, seen: set[str],
                  fix: list[str] | None = None, variant: int = 0, instruction: str = "") -> Section:
    plan: SectionPlan = outline.sections[index]
    paragraphs: list[str] = []
    notes: list[str] = []
    words = 0
    facts = list(plan.facts)
    n_paragraphs = len(facts) if ctx.fact_bound and facts else \
        max(1, math.ceil(plan.words / PARAGRAPH_WORDS - 0.25), len(facts))
    per = max(20, plan.words // n_paragraphs)
    anchors = (ctx.brief.topic, plan.heading, plan.point, *plan.facts)
    named = named_in(outline.definitions, f"{plan.heading} {plan.point}")  # only the terms this section is about
    cctx = check_context(ctx, outline)
    calls = 0
    # an untrusted model writes around its facts only: no paragraph from an angle alone
    angles = WEAK_ANGLES if getattr(ctx.backend, "weak", False) else ANGLES
    while (facts or (words < plan.words * 0.85 and not (ctx.fact_bound and plan.facts))) and calls < n_paragraphs + 2:
        # a refused angle is not asked again (as in fill.top_up): its second try was refused as often
        angle = angles[min(calls, len(angles) - 1)] if not facts else "{p}"
        fact = facts[0] if facts else ""
        template = "fact" if ctx.fact_bound and fact else "section"  # untrusted: restate the fact, add nothing
        text = paragraph(ctx, template, ("section", index, variant, calls), per, anchors, seen, cctx=cctx,
                         tries=1, min_words=5 if template == "fact" else 12,  # a restated fact may be one sentence
                         point=angle.format(p=plan.point), fact=fact, fix=fix or [],
                         instruction=instruction, definitions=definition_lines(named))
        calls += 1
        text = with_fact(text, fact, ctx.fact_bound) if text or fact else text
        if fact:
            facts.pop(0)
        if text:
            paragraphs.append(text)
            words += len(text.split())
    if words < plan.words * 0.5:
        notes.append(f"short: {words} of {plan.words} words after {calls} model calls")
    if words > plan.words * 1.3 and not plan.facts:
        paragraphs = trim_paragraphs(paragraphs, int(plan.words * 1.15))
        notes.append("trimmed to its word budget")
    if not paragraphs:
        paragraphs = [fallback_paragraph(ctx, plan, outline.definitions)]
        notes.append("the model gave nothing usable; wrote a plain paragraph from the outline")
    return Section(heading=plan.heading, point=plan.point, text="\n\n".join(paragraphs), notes=notes)


@stage("draft")
def fallback_paragraph(ctx: RunContext, plan: SectionPlan, definitions: dict[str, str] | None = None) -> str:
    """A plain paragraph from the plan alone: its facts, else the key terms' fixed definitions, else
    the point itself. Nothing here comes from the model, so nothing here can be invented."""
    facts = " ".join(as_sentence(f) for f in plan.facts)
    if facts:
        return facts
    defined = [f"{t[0].upper() + t[1:]} is {d}." for t, d in (definitions or {}).items()
               if t.lower() in f"{plan.heading} {plan.point}".lower()]
    return " ".join(defined) or as_sentence(f"it helps to know {plan.point.rstrip('.')}")


def voice_lines(ctx: RunContext, kind: str) -> list[str]:
    """The voice's openers (kind "opener") or sign-offs ("sign_off") that fit the post's register."""
    lines = ctx.voice.openers if kind == "opener" else ctx.voice.sign_offs
    return fitting_lines(list(lines), kind, register(ctx.brief.topic, ctx.brief.notes))


@stage("draft")
def draft_intro(ctx: RunContext, outline: Outline, seen: set[str]) -> str:
    openers = voice_lines(ctx, "opener")
    opener = openers[ctx.call_seed("opener") % len(openers)] if openers else ""
    size = max(15, outline.intro_words - len(opener.split()))
    text = paragraph(ctx, "intro", ("intro",), size, (ctx.brief.topic, outline.title),
                     seen, cctx=check_context(ctx, outline), topic=ctx.brief.topic, keywords=ctx.brief.keywords[:3],
                     definitions=definition_lines(outline.definitions))
    text = trim_to_words(text, int(size * 1.3)) if text else ""
    if not text:
        text = topic_frame(ctx.brief.topic)[0] or \
            f"This post is about {ctx.brief.topic}: what it is, why it matters and how to start."
    if opener and "question" in opener.lower() and not (split_sentences(text) or [""])[0].rstrip().endswith("?"):
        # "Here is a question worth asking." before a statement announced a question that never came
        opener = next((o for o in openers if "question" not in o.lower()), "")
    if opener and not text.lower().startswith(opener.lower()[:12]):
        text = f"{opener}. {text}"
    return text


def wrap_up_line(topic: str, points: list[str]) -> str:
    """The wrap-up when the model gives none: the topic's answer line ("That is why I keep a paper
    diary.", `headings.topic_frame`; "In short, this post covered ..." was talk about the post), else the
    points as a sentence when that reads as English, else the safe form ("That is the short version of
    <topic>.")."""
    answer = topic_frame(topic)[1]
    if answer:
        return answer
    listed = [p for p in points if not english.problem(p)]
    text = f"In short, this post covered {', '.join(listed[:-1])} and {listed[-1]}." if len(listed) >= 2 else ""
    if not text or english.problem(text):
        text = f"That is the short version of {topic[:1].lower() + topic[1:] if topic[1:2].islower() else topic}."
    return text


@stage("draft")
def draft_conclusion(ctx: RunContext, outline: Outline, seen: set[str]) -> str:
    points = [s.heading.lower() for s in outline.sections if s.heading] or \
        [s.point for s in outline.sections] or [ctx.brief.topic]  # a short post has no headings
    sign_offs = voice_lines(ctx, "sign_off")
    sign_off = sign_offs[ctx.call_seed("sign-off") % len(sign_offs)] if sign_offs else ""
    size = max(15, outline.conclusion_words - len(sign_off.split()))
    text = paragraph(ctx, "conclusion", ("conclusion",), size,
                     (ctx.brief.topic, outline.title, *points), seen, cctx=check_context(ctx, outline),
                     topic=ctx.brief.topic, points=points,
                     definitions=definition_lines(outline.definitions))
    text = trim_to_words(text, int(size * 1.3)) if text else ""
    if not text:
        text = wrap_up_line(ctx.brief.topic, points)
    return f"{text} {sign_off}".strip()
