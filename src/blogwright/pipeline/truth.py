"""True posts (issue 22): on a model whose facts cannot be trusted, the post is written around the
user's facts and every sentence is accounted for.

Untrusted: the bundled model (`backend.weak`) or any model the user marks so (`write --untrusted`).
Measured on the bundled model (bench/truth.py): most checkable sentences it writes beyond the notes
are false or nonsense, and the notes' own wording is what lands true. So, with facts (notes, sources,
interview answers, research passages: any `Passage` the index holds, whatever brought it):
- the plan keeps only the sections that have facts, each sized to its facts (FACT_WORDS a fact);
- each paragraph is written around one fact (`draft.draft_section`), nothing is added to reach the
  target (no top-up): when the facts run out the post ends;
- every sentence is then checked strictly (`grounding.ground(strict=True)`): a sentence that does not
  restate one passage is replaced by the closest unused fact (cited) or cut (`--unsupported rewrite`,
  the default here); `--unsupported flag` keeps it, marked.
Without facts nothing can be checked: every claim is flagged, listed in the front matter
(`fact_check: needed`, `claims_to_check`, `check_claims`) and the report says in one line that the
post needs facts. Whatever stays unverified is listed the same way, and the `facts` gate fails on it.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Any

from blogwright.checks.repetition import similarity
from blogwright.grounding import check_claims, extract_claims, strip_markers
from blogwright.grounding.claims import GENERIC
from blogwright.grounding.coverage import NoteCoverage
from blogwright.grounding.evidence import CONNECTIVE, quote_found
from blogwright.grounding.terms import numbers, stem
from blogwright.model.post import LAST_FACT_HEADING, Outline, Post
from blogwright.pipeline.clean import (
    dedupe_sentences,
    list_number,
    named_subject,
    split_sentences,
    verbless,
    verbless_ahead,
)
from blogwright.pipeline.context import RunContext, stage
from blogwright.pipeline.explain import no_claim, notes_order, question_budget, writer_questions
from blogwright.pipeline.headings import topic_frame
from blogwright.pipeline.substance import topic_expansions
from blogwright.render import post_words
from blogwright.text.citations import MARKER, renumber
from blogwright.text.tokens import content_words, normalize
from blogwright.voices.habits import ADDRESS_WORDS

SOURCE_WORDS, SOURCE_SENTENCES = 120, 4  # per section, for an untrusted model (the default: ~60 words, 2)
FACT_WORDS = 45  # a paragraph around one fact: the fact and two or three sentences explaining it
MORE_FACTS = ("give more facts: a notes file (--notes), answers to a few questions (--interview), "
              "sources (--source FILE or URL) or research (--research); or use a model you trust")


def is_untrusted(backend: Any, untrusted: bool | None = None) -> bool:
    """The user's word (`--untrusted`) when given, else: a small model (`backend.weak`)."""
    return bool(getattr(backend, "weak", False)) if untrusted is None else untrusted


def has_facts(ctx: RunContext) -> bool:
    return bool(ctx.brief.notes) or (ctx.index is not None and len(ctx.index) > 0)


def resolve_mode(unsupported: str | None, untrusted: bool, facts: bool) -> str:
    """The --unsupported mode: the user's, else rewrite-then-cut for an untrusted model with facts,
    else flag (a trusted model, or no facts to rewrite from)."""
    if unsupported:
        return unsupported
    return "rewrite" if untrusted and facts else "flag"


def evidence_budget(ctx: RunContext) -> dict[str, Any]:
    """Source sentences a section gets as facts: more on an untrusted model, whose post is only as
    long as its facts (SOURCE_WORDS words, SOURCE_SENTENCES sentences), the default otherwise. On an
    untrusted model, found pages' sentences must be on the topic (`grounding.evidence`)."""
    return {"max_words": SOURCE_WORDS, "max_sentences": SOURCE_SENTENCES, "topic": ctx.brief.topic} \
        if ctx.untrusted else {}


@stage("plan")
def bind_outline(ctx: RunContext, outline: Outline) -> Outline:
    """Keep only the sections that have facts, each sized to its facts; note what was dropped."""
    kept = [s for s in outline.sections if s.facts]
    if not kept:
        return outline
    dropped = len(outline.sections) - len(kept)
    for s in kept:
        s.words = min(s.words, FACT_WORDS * len(s.facts))
    if dropped:
        ctx.note("plan", f"{dropped} planned section(s) had no facts to write from and were left out")
    outline.sections = kept
    return outline


@stage("truth")
def settle(ctx: RunContext, post: Post, report: dict[str, Any]) -> None:
    """After grounding: drop sections the check emptied, give an emptied intro or a close that is not
    about the topic (the model's was cut) a plain line, and list the claims left unverified.
    A post of facts asks the reader's question only when one of its facts answers it (`answers`), and
    closes on the answer line only then: stop 32's bloom-filter post asked "What is a Bloom filter good
    for?", gave no use and closed "That is the answer." (talk about the text). Otherwise its intro opens on
    its first fact (after the voice's opener, if it has one) and its close is its last fact, each moved there
    (said once, still cited)."""
    topic = ctx.brief.topic
    sentences_only(post, [t for t, _ in topic_expansions(topic)], [*ctx.voice.openers, *ctx.voice.sign_offs])
    post.sections = [s for s in post.sections if s.text.strip()]
    question, answer = (x if no_claim(x, [topic]) else "" for x in topic_frame(topic))
    if ctx.fact_bound and ctx.brief.notes and notes_order(post, ctx.brief.notes):
        ctx.note("review", "the notes are said in the order they were given")
    if ctx.fact_bound:
        facts = [strip_markers(s) for sec in post.sections for s in split_sentences(sec.text) if MARKER.search(s)]
        if question and not answers(question, facts):
            post.intro = _without_line(post.intro, question)
            post.conclusion = _without_line(post.conclusion, answer)
            question = answer = ""
    openers = {o.strip().rstrip(".!").lower() for o in ctx.voice.openers}
    if not [s for s in split_sentences(post.intro) if s.strip().rstrip(".!").lower() not in openers]:
        # emptied, or only the voice's opener is left ("Say no more, newbie."): the reader's question
        opener = post.intro.strip() or (f"{ctx.voice.openers[0].rstrip('.!')}." if ctx.voice.openers else "")
        rarely = question_budget(writer_questions(ctx), ctx.brief.words) == 0  # a writer who rarely asks
        line = re.sub(r"^That\b", "This", answer) if rarely else question
        if not line and ctx.fact_bound and _cited(post) > 1:
            # the opener alone ("Let's take this one step at a time.") says nothing: stop 33's editor read it as a
            # content-free intro; the first fact follows it, and its section is never left with one fact
            line = _opening_facts(post)
        post.intro = " ".join(x for x in (opener, line or ("" if ctx.fact_bound and opener else
                                                           f"This post is about {_inline(topic)}.")) if x)
    asked = bool(question) and question in post.intro
    echo = asked and bool(answer) and similarity(question, answer) >= ECHO
    if not set(content_words(post.conclusion)) & set(content_words(topic)):
        # the model's close was cut, or only the voice's sign-off is left: the answer to the intro's question,
        # unless in full it would echo the question ("What is a Bloom filter good for?" / "That is what a Bloom
        # filter is good for.": 75% alike, the repetition gate's loop); a post of facts then closes on its last
        line = answer
        if ctx.fact_bound and (echo or not answer) and _cited(post) > 1:  # the last fact, before any sign-off
            line = _move_fact(post, first=False) or answer  # (a sign-off alone is off the topic: the on_topic gate)
        post.conclusion = f"{line or f'That is {_inline(topic)} in short.'} {post.conclusion}".strip()
    elif echo and ctx.fact_bound and post.conclusion.startswith(answer) and _cited(post) > 1:
        post.conclusion = f"{_move_fact(post, first=False)} {post.conclusion[len(answer):].strip()}".strip()
    if echo and answer in post.conclusion and similarity(post.intro, post.conclusion) >= ECHO:
        # under the question, whoever put it there (this, the drafted wrap-up's fallback): the answer line stays
        # and the question goes unless it is all the intro has (never "That is the answer.": talk about the text)
        post.intro = _without_line(post.intro, question) or post.intro
    if ctx.fact_bound and _only_facts(post.conclusion, [*ctx.voice.openers, *ctx.voice.sign_offs]):
        post.conclusion_heading = LAST_FACT_HEADING  # "Wrapping Up" over one more fact wrapped nothing up (stop 33)
    post.unverified = [p["sentence"] for p in report.get("problems", []) if p.get("action") not in ("cut", "rewritten")]
    parts, post.references_md = renumber([post.intro, *(x.text for x in post.sections), post.conclusion],
                                         post.references_md)  # facts moved: [1], [2], ... as a reader meets them
    post.intro, post.conclusion = parts[0], parts[-1]
    for section, text in zip(post.sections, parts[1:-1]):
        section.text = text


def sentences_only(post: Post, terms: list[str], canned: list[str]) -> int:
    """The model's sentences of the intro, sections and close held to the TL;DR's sentence-role check
    (`clean.verbless`): one without a finite verb that is no instruction goes ("The key differences between
    LLM Ops (...) and ML Ops (...).", stop 32's make-post body), and a named term loses the article before it
    as a subject ("A LLM Ops is a way ..." -> "LLM Ops is a way ...", `clean.named_subject`). Cited facts,
    questions and the voice's lines are left as they are. Returns how many sentences went."""
    voice = {normalize(x) for c in canned for x in split_sentences(c) if x.strip()}
    cut = 0

    def as_is(s: str) -> bool:
        return bool(MARKER.search(s)) or s.rstrip().endswith("?") or normalize(s) in voice

    verbless_ahead(s for part in [post.intro, *(x.text for x in post.sections), post.conclusion]
                   for para in re.split(r"\n\s*\n", part) for s in split_sentences(para) if not as_is(s))

    def keep(text: str) -> str:
        nonlocal cut
        paragraphs = []
        for para in re.split(r"\n\s*\n", text):
            out = []
            for s in split_sentences(para):
                if as_is(s):
                    out.append(s)
                elif verbless(s):
                    cut += 1
                else:
                    out.append(named_subject(list_number(s), terms))
            if out:
                paragraphs.append(" ".join(out))
        return "\n\n".join(paragraphs)

    post.intro = keep(post.intro) or post.intro
    for section in post.sections:
        section.text = keep(section.text)
    post.conclusion = keep(post.conclusion) or post.conclusion
    return cut


def answers(question: str, facts: list[str]) -> bool:
    """Does one of the post's facts answer the reader's question? One fact names every word the question
    names (stemmed): "What is a Bloom filter good for?" is answered by no fact of stop 32's bloom-filter
    notes (none says what one is good for), "How do you go about grouping Redis commands ...?" by no
    description of a transaction. Words, not meaning: it errs on the side of not asking."""
    wanted = {stem(w) for w in content_words(question)}
    return bool(wanted) and any(wanted <= {stem(w) for w in content_words(f)} for f in facts)


def _cited(post: Post) -> int:
    """How many cited sentences the post's sections hold."""
    return sum(1 for sec in post.sections for s in split_sentences(sec.text) if MARKER.search(s))


def _only_facts(text: str, canned: list[str]) -> bool:
    """Is every sentence of `text` but the voice's own lines a cited fact (a close that is one more fact)?"""
    voice = {normalize(x) for c in canned for x in split_sentences(c) if x.strip()}
    lines = [s for s in split_sentences(text) if normalize(s) not in voice]
    return bool(lines) and all(MARKER.search(s) for s in lines)


def _opening_facts(post: Post) -> str:
    """The first fact moved up to open the post (`_move_fact`); the other one too when its section had two, so no
    section is left with a single fact (one short fact alone was off the topic for the on_topic gate: bench.quality's
    linux-commands post). At least two cited facts stay in the sections for the close."""
    first = next((s for s in post.sections if MARKER.search(s.text)), None)
    pair = first is not None and sum(1 for x in split_sentences(first.text) if MARKER.search(x)) == 2
    out = [_move_fact(post, first=True)]
    if pair and _cited(post) > 2:
        out.append(_move_fact(post, first=True))
    return " ".join(x for x in out if x)


def _without_line(text: str, line: str) -> str:
    """`text` without the sentence `line` (the reader's question, the answer line), wherever it sits."""
    if not line:
        return text
    return " ".join(s for s in split_sentences(text) if s.strip() != line.strip())


def _move_fact(post: Post, first: bool) -> str:
    """The post's first (or last) cited fact, taken out of its section to open (or close) the post, without
    the connective the section gave it ("In practice, ..."); a section left empty goes. "" when there is none."""
    order = post.sections if first else post.sections[::-1]
    for section in order:
        paragraphs = [p for p in re.split(r"\n\s*\n", section.text) if p.strip()]
        for pi in (range(len(paragraphs)) if first else range(len(paragraphs) - 1, -1, -1)):
            sentences = split_sentences(paragraphs[pi])
            cited = [i for i, x in enumerate(sentences) if MARKER.search(x)]
            if not cited:
                continue
            i = cited[0] if first else cited[-1]
            fact = CONNECTIVE.sub("", sentences.pop(i).strip())
            paragraphs[pi] = " ".join(sentences)
            section.text = "\n\n".join(p for p in paragraphs if p.strip())
            post.sections = [s for s in post.sections if s.text.strip()]
            return fact[:1].upper() + fact[1:]
    return ""


def canon(text: str) -> str:
    """Lower-case words and numbers only, for "is this sentence still in the post"."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


ECHO = 0.6  # a close this alike the intro's question is said in short (the repetition gate's loop is 0.75)
RESTYLED = 0.8  # a sentence the restyler changed (", newbie" added, "It is" -> "It's") is still the same claim


def still_there(post: Post, sentences: list[str]) -> list[str]:
    """The `sentences` the post still has, in the words it now has them: restyling may have changed
    casing or punctuation, or added a word of address ("..., newbie."), so a sentence not found word
    for word is matched to the post's closest one (similarity RESTYLED or more); ones trimmed or cut
    are gone. (A flagged claim lost this way went unmarked in `make post`.)"""
    now = {canon(strip_markers(s)): strip_markers(s).strip() for part in post.prose(tldr=True) for s in split_sentences(part)}
    now[canon(post.title)] = post.title
    out = []
    for s in sentences:
        key = canon(s)
        if not key:
            continue
        if key in now:
            out.append(now[key])
            continue
        # only a sentence whose cheap upper bounds reach RESTYLED can be the match: the full ratio of every
        # pair was most of the time `write` spent here
        near = [(m.ratio(), k) for k in now if 2 * min(len(key), len(k)) >= RESTYLED * (len(key) + len(k))
                and (m := SequenceMatcher(None, key, k)).quick_ratio() >= RESTYLED]  # the first: real_quick_ratio
        best = max(near, key=lambda rk: rk[0], default=(0.0, ""))
        if best[1] and best[0] >= RESTYLED:
            out.append(now[best[1]])
    return list(dict.fromkeys(s for s in out if s))


_ADDRESS = "|".join(sorted(ADDRESS_WORDS, key=len, reverse=True))
VOCATIVE = re.compile(rf"^(?:{_ADDRESS}),\s*|,\s*(?:{_ADDRESS})(?=\W*$)", re.IGNORECASE)


def claim_key(sentence: str) -> str:
    """One key per claim: the sentence without markers, case, punctuation or a word of address ("...,
    newbie."), so the TL;DR's sentence and the body's restyled copy of it are listed once."""
    return canon(VOCATIVE.sub("", strip_markers(sentence).strip()))


def distinct_claims(sentences: list[str]) -> list[str]:
    """`sentences` with one entry per distinct claim (`claim_key`), first wording kept."""
    out: dict[str, str] = {}
    for s in sentences:
        out.setdefault(claim_key(s) or s, s)
    return list(out.values())


def drop_repeats(post: Post) -> int:
    """Cut every sentence of the intro, sections and close that says again what an earlier one said
    (same words, markers, case, a word of address and a leading connective aside), and the sections
    that leaves empty; returns how many were cut. `make post` shipped a section that copied another
    word for word (two headings naming the same glossary terms got the same fallback definitions), and
    the repetition gate only reported it. The TL;DR is not counted: it sums up the body on purpose."""
    said: set[str] = set()
    cut = 0

    def keep(text: str) -> str:
        nonlocal cut
        paragraphs = []
        for para in re.split(r"\n\s*\n", text):
            sentences = split_sentences(para)
            kept = dedupe_sentences(sentences, said, key_of=lambda s: CONNECTIVE.sub("", claim_key(s)))
            cut += len(sentences) - len(kept)
            if kept:
                paragraphs.append(" ".join(kept))
        return "\n\n".join(paragraphs)

    post.intro = keep(post.intro) or post.intro  # never emptied: a post opens and closes
    for section in post.sections:
        section.text = keep(section.text)
    post.sections = [s for s in post.sections if s.text.strip()]
    post.conclusion = keep(post.conclusion) or post.conclusion
    return cut


NOTE_PAGE = re.compile(r"n\d+")  # a Source made of notes-file notes that name their page (research.notes)


def page_notes_coverage(index: Any, references: list[Any]) -> list[NoteCoverage]:
    """The notes of a `--notes` file that name their page (`- fact [n]` + `[n]: URL`) are sources, not
    plain notes (one paragraph each): a note is used when a reference quotes it. Counted with the plain
    notes, so "notes used: 0 of 0" no longer follows a post that cites four of them."""
    quoted = [(r, canon(r.excerpt.replace("...", " "))) for r in references]
    out = []
    for sid, source in sorted((getattr(index, "sources", None) or {}).items()):
        if not NOTE_PAGE.fullmatch(sid):
            continue
        for note in (n.strip() for n in source.text.split("\n\n") if n.strip()):
            key = canon(note)
            ref = next((r for r, ex in quoted if r.source_id == sid and ex and (ex in key or key in ex)), None)
            out.append(NoteCoverage(note, ref is not None, f"cited [{ref.n}]" if ref else None, float(ref is not None)))
    return out


def every_claim(post: Post, known: list[str], canned: list[str]) -> list[str]:
    """Without facts every claim is unverified: each sentence of the finished post (TL;DR, intro,
    sections, close) that states one, by the strict finder, as the post now says it. Whatever the
    steps after the claim check did (restyling, trimming, the TL;DR), nothing checkable goes unlisted."""
    canned = [s for line in canned for s in split_sentences(line)]
    return [c.sentence for part in post.prose(tldr=True)
            for c in extract_claims(strip_markers(part), strict=True, known=known, canned=canned)]


def _inline(topic: str) -> str:
    """A topic inside a sentence: "What SQLite's WAL mode changes" -> "what SQLite's WAL mode changes"."""
    return topic[:1].lower() + topic[1:] if topic[1:2].islower() else topic


@stage("truth")
def check_summary(ctx: RunContext, post: Post, known: list[str]) -> list[str]:
    """The TL;DR and title strictly checked: with facts, TL;DR sentences that restate no passage are
    dropped (an emptied TL;DR is made of the post's cited sentences); what cannot be dropped (the
    title, or anything without facts) is returned to be listed as unverified."""
    notes, index = ctx.brief.notes, ctx.index
    facts = has_facts(ctx)
    sentences = split_sentences(post.summary)
    claims = extract_claims(post.summary, "TL;DR", strict=True, known=known)
    # notes=False: a TL;DR line is a note cut to its main clause by code (`explain.main_clause`), not restated
    verdicts = quote_found(check_claims(claims, notes, index, known=known, strict=True), index, ctx.brief.topic,
                           notes=False)
    bad = {v.sentence for v in verdicts if v.status != "supported"}
    left: list[str] = []
    if bad and facts:
        kept = [s for s in sentences if s not in bad]
        post.summary = " ".join(kept) or cited_summary(post)
        ctx.note("summarize", f"dropped {len(bad)} TL;DR sentence(s) that no note or source backs")
    else:
        left += [s for s in sentences if s in bad]
    if title_adds(post.title, [*known, *notes, *(p.text for p in getattr(index, "passages", []))]):
        left.append(post.title)
    return left


def title_adds(title: str, given: list[str]) -> bool:
    """A title says something of its own: a number or a content word found in none of `given`
    (the topic, headings, notes, sources) that is not everyday blog talk ("Getting X Right")."""
    text = " ".join(given).lower()
    words = {stem(w) for w in content_words(text)}
    own = [w for w in content_words(title) if w not in GENERIC and stem(w) not in words]
    return bool(own) or bool(numbers(title) - numbers(text))


def cited_summary(post: Post, n: int = 2) -> str:
    """The first `n` cited sentences of the body, markers removed (each restates a passage)."""
    out = []
    for part in [post.intro, *(s.text for s in post.sections)]:
        for s in split_sentences(part):
            if MARKER.search(s) and not strip_markers(s).rstrip().endswith("?"):
                out.append(strip_markers(s))
            if len(out) >= n:
                return " ".join(out)
    return " ".join(out)


@stage("truth")
def truth_report(ctx: RunContext, post: Post, n_facts: int) -> dict[str, Any]:
    """How far the facts carried the post, and how to get more; noted for the run's report."""
    words, target = post_words(post), ctx.brief.words
    out = {"untrusted": ctx.untrusted, "fact_bound": ctx.fact_bound, "facts": n_facts,
           "target_words": target, "supported_words": words if ctx.fact_bound else None,
           "unverified": len(post.unverified), "advice": ""}
    if ctx.fact_bound and words < target * 0.9:
        out["advice"] = f"the facts given supported {words} of the {target} words asked for; for a longer post {MORE_FACTS}"
    elif ctx.untrusted and not has_facts(ctx):
        out["advice"] = (f"this post needs facts: a model not trusted with facts ({ctx.backend.model}) wrote it "
                         f"without notes or sources; its {len(post.unverified)} sentence(s) with claims are listed in "
                         f"the front matter and should be checked before you publish; {MORE_FACTS}")
    if out["advice"]:
        ctx.note("review", out["advice"])
    return out
