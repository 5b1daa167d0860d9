"""A generic TL;DR: one that shares no content word with what the post is about ("Leverage the power
of language models to unlock new possibilities." on "LLM Ops for Newbies"). Part of the `meta` gate.

The anchors are the topic, the title and the section headings, as stems (`text.tokens.stems`), minus
the words the planner's title and heading templates add to every post ("Start Here", "A Beginner's
Guide", "Why X Matters", "Wrapping Up") and the audience words, so a TL;DR that only says "newbies"
or "start" is still generic. An acronym counts in its spelled-out form too, but only when the TL;DR
has most of the expansion ("running large language models in production": three of its words), so
"language models" alone does not make a TL;DR about LLM Ops.

A TL;DR sentence about the post ("This post is about ...", "In this article, ...": `about_the_post`) is
meta-talk there, a blocking `meta` finding, though the same line is blogger framing in the body.
"""

from __future__ import annotations

import re

from blogwright.text.tokens import GLOSSARY, stem, stems

# Words of the planner's templates (pipeline/plan.py titles, pipeline/headings.py headings, the
# conclusion's "Wrapping Up") and audience words: on every post, so sharing one says nothing.
TEMPLATE_WORDS = frozenset(stem(w) for w in """
start here guide beginner beginners explained practical practice getting right matters matter revisited
notes note common mistakes mistake tools tool help helps comes next works work working main argument
falls short pays skip costs cost alternatives decide version affected people wrong first questions
question worth asking heading key differences difference choose wrapping wrap tell started basics
introduction overview newbie newbies practitioner practitioners expert experts things thing know
everyone part parts really actually new good great best way ways""".split())
MIN_EXPANSION_WORDS = 3
_EXPANSION = re.compile(r"\(([^()]{3,120})\)")
# The intro prompt's own words echoed back ("Why your houseplants keep dying is worth reading
# about."): a sentence that says a topic is worth reading, not what the topic is.
FILLER = re.compile(r"\bworth\s(?:reading|learning|knowing)\sabout\b", re.I)


# A TL;DR sentence about the post rather than its topic ("This post is about the process of using a compost
# bin to make compost.": llm:SmolLM2's TL;DR, stop 33; "In this post, you'll learn ..."). Blogger framing in
# the body stays allowed ("This post explains why ..."); a TL;DR that only says what the post is about
# summarises nothing, and stop 31's editor labelled "This post is about X." talk about the text.
POST_TALK = re.compile(r"^\W*(?:(?:in|with|through)\s+)?(?:this|our|my|today's|today’s|the\s+following)\s+"
                       r"(?:(?:blog|short|quick|little|brief)\s+)?(?:post|article|guide|piece|tutorial|write-?up|"
                       r"blog|essay|summary|overview)\b", re.I)


def about_the_post(sentence: str) -> bool:
    """A sentence that talks about the post ("This post is about ...", "In this article, ..."): in a TL;DR, meta."""
    return bool(POST_TALK.search(sentence))


def filler_sentence(sentence: str) -> bool:
    """"X is worth reading about.": the intro prompt echoed, nothing said about X."""
    return bool(FILLER.search(sentence))


def anchor_stems(*anchors: str) -> set[str]:
    """The content stems of the topic, title and headings, without the template words."""
    out: set[str] = set()
    for a in anchors:
        out |= stems(a)
    return out - TEMPLATE_WORDS


def expansion_stems(*anchors: str) -> list[set[str]]:
    """For each glossary acronym in the anchors, the stems of its spelled-out form."""
    text = " ".join(anchors).lower()
    out: list[set[str]] = []
    for key, spelled in GLOSSARY.items():
        if re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", text):
            m = _EXPANSION.search(spelled)
            words = stems(m.group(1)) - TEMPLATE_WORDS if m else set()
            if words:
                out.append(words)
    return out


def generic_summary(summary: str, *anchors: str) -> str:
    """'' when `summary` is about the anchors (topic, title, headings), else the reason it is generic.
    Also '' when the anchors have no content word left (nothing to compare with)."""
    anchor = anchor_stems(*anchors)
    if not anchor or not summary.strip():
        return ""
    said = stems(summary)
    if said & anchor:
        return ""
    for words in expansion_stems(*anchors):
        if len(said & words) >= min(MIN_EXPANSION_WORDS, len(words)):
            return ""
    return "generic TL;DR: it shares no word with the title, topic or headings"
