"""Meta-talk: sentences about the text itself rather than the topic ("The above text is a bit too
casual for the average web app developer.", "Here is the revised paragraph", "I have rewritten
it to be more casual", "As requested, ...", "Word count: 150").

Flagged anywhere in the post (title, headings, front matter, prose), one finding per sentence.
Blogger framing is not meta-talk: "In this post, I'll show you", "Let's dive in", "In the
following section we'll look at", "Here's a quick example", "This post was updated in 2024".
Overlaps the `leaks` gate's meta-talk patterns on chat phrases ("I hope this helps"); this gate
names the sentence, so the pipeline can cut or regenerate it (see `meta_problems`).
"""

from __future__ import annotations

import re

from blogwright.checks.settings import GateConfig
from blogwright.checks.substance_text import Problem, prose, sentence_gate
from blogwright.checks.types import CheckContext, GateResult
from blogwright.text.document import ParsedMarkdown

TEXT = r"(?:text|passage|draft|rewrite|revision|paragraph|wording)"
WEAK = r"(?:post|blog post|article|section|version|summary|intro|introduction|conclusion|content|response|answer|sentences?)"
EDITED = (r"(?:revised|rewritten|re-written|edited|improved|reworded|rephrased|shortened|expanded|"
          r"simplified|polished|condensed|paraphrased|adjusted|tailored|toned[- ]down|more casual|more formal)")
QUOTED = re.compile(r'"[^"]{3,}"|“[^”]{3,}”')
PATTERNS: list[tuple[str, re.Pattern[str]]] = [(label, re.compile(rx, re.I)) for label, rx in [
    ("talks about the text", rf"\b(?:the|this|that|my|your|the)\s+(?:above|following|previous|preceding|"
                             rf"original|given|provided)\s+{TEXT}\b(?!\s+(?:file|editor|field|box|input|string))"),
    ("talks about the text", rf"\b(?:this|my|your|the)\s+{TEXT}\s+(?:above|below)\b"),
    ("talks about a rewrite", rf"\b(?:the|this|your|my|an?)\s+{EDITED}\s+(?:{TEXT}|{WEAK})\b"),
    ("talks about a rewrite", r"\bhere(?:'s|’s| is| are)\s+(?:the|a|an|your|my)\s+(?:\w+\s+){0,2}"
                              r"(?:paragraph|text|draft|rewrite|revision|blog post|response|answer)\b"),
    ("talks about a rewrite", r"\bI(?:'ve|’ve| have)?\s+(?:\w+\s+)?(?:reworded|rephrased|paraphrased)\b"),
    ("talks about a rewrite", rf"\bI(?:'ve|’ve| have)?\s+(?:\w+\s+)?(?:rewritten|rewrote|revised|edited|"
                              rf"condensed|polished)\s+(?:(?:the|this|your|my)\s+(?:\w+\s+)?(?:{TEXT}|{WEAK}|"
                              rf"tone)\b|(?:it|this|that)\s+(?:to (?:be|sound|make|keep|fit)|so (?:that|it)|"
                              rf"for (?:the|a|an|your) (?:\w+\s+)?(?:reader|audience|beginner|newbie)s?|in a (?:more|less)))"),
    ("talks about a rewrite", rf"\bI(?:'ve|’ve| have)?\s+(?:\w+\s+)?(?:simplified|shortened|expanded|adjusted|"
                              rf"updated|made|kept|changed|tweaked|toned down|removed|added)\s+(?:the|this|your)\s+"
                              rf"(?:\w+\s+)?(?:{TEXT}|tone|language|sentences?|intro|introduction|conclusion|"
                              rf"summary|content|post|article)\b"),
    ("talks about a rewrite", r"\b(?:I(?:'ll|’ll| will)|let me)\s+(?:rewrite|revise|rephrase|reword|edit|"
                              r"shorten|simplify)\s+(?:the|this|your|it|that)\b"),
    ("talks about a rewrite", rf"\b(?:this|the)\s+{TEXT}\s+(?:has been|was|is now|is)\s+(?:\w+\s+)?"
                              rf"(?:{EDITED}|written|updated|made|kept|optimi[sz]ed)\b"),
    ("talks about a rewrite", rf"\b(?:this|the)\s+(?:post|article|section|response|answer)\s+(?:has been|"
                              rf"was|is now)\s+{EDITED}\b"),
    ("talks about a rewrite", r"\bI\s+(?:tried|aimed|wanted)\s+to\s+(?:keep|make)\s+(?:it|the\s+\w+|this)\s+"
                              r"(?:more\s+|less\s+|a bit\s+)?(?:casual|formal|concise|engaging|simple|short|"
                              r"friendly|accessible|readable|clear)\b"),
    ("judges the tone", r"\b(?:is|seems|sounds|reads|feels)\s+(?:a bit\s+|a little\s+|slightly\s+|somewhat\s+|"
                        r"rather\s+|quite\s+|way\s+)?(?:too|overly)\s+(?:casual|informal|formal|wordy|"
                        r"verbose|academic|dry)\b"),
    ("judges the tone", r"\b(?:casual|informal|formal|technical)\s+for\s+(?:the|an?|your)\s+(?:average|target|"
                        r"intended|typical)\s+(?:\w+\s+){0,3}(?:reader|audience|developer|user)s?\b"),
    ("counts words", r"\bword[- ]count\b|\((?:about |approx\.?\s*|approximately |~)?\d+ words\)"
                     r"|\b(?:exactly|approximately|roughly)\s+\d+\s+words\b|\bwithin\s+(?:the\s+)?\d+[- ]word\b"),
    ("answers a request", r"\bas (?:you )?(?:requested|asked|instructed)\b|\bper your (?:request|instructions?)\b"
                          r"|\bas (?:per )?(?:the|your) (?:prompt|instructions?|brief)\b"
                          r"|\bthe user(?:'s|’s)? (?:asked|wants|requested|request|prompt)\b"),
    ("answers a request", r"\bI hope (?:this|that|it) (?:helps|meets|works|is what)\b"
                          r"|\bif you(?:'d|’d| would) like (?:me to|any (?:changes|edits|more))\b"
                          r"|\bis there anything else\b|^\W*As an AI\b|\bas an AI language model\b"
                          r"|\blet me know if you (?:want|need|would like) (?:me to|any|changes)\b"),
    ("labels a draft", r"^\W*(?:revised|rewritten|edited|improved|original|updated|final)\s+"
                       r"(?:version|paragraph|text|draft|post|intro|introduction|conclusion)\s*:"),
    ("talks about the text", r"^\W*(?:this|the above|the following)\s+(?:summary|text|passage|paragraph|response|"
                             r"answer|rewrite)\s+(?:highlights|discusses|describes|mentions|summari[sz]es|explains|"
                             r"covers|outlines|emphasi[sz]es|focuses|provides|aims|is about)\b"),
    ("talks about the response", r"\b(?:in|of)\s+(?:this|my|the above|the previous)\s+(?:response|answer)\b"
                                 r"|\bmy (?:previous |last |earlier )?(?:response|answer)\b"
                                 r"|\b(?:this|the above) (?:response|answer) (?:is written|was written|"
                                 r"provides|explains|covers|aims|attempts|tries)\b"),
]]


def meta_problems(sentence: str, ctx: CheckContext | None = None, post_text: str = "",
                  config: GateConfig | None = None) -> list[Problem]:
    """Meta-talk in one sentence: at most one problem, naming the phrase."""
    text = prose(sentence)
    quoted = [q.span() for q in QUOTED.finditer(text)]
    for label, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if any(a <= m.start() and m.end() <= b for a, b in quoted):
                continue  # quoted as an example: 'meta-talk ("Here's a revised version")'
            return [Problem(f"meta-talk ({label}): {m.group(0).strip()!r}",
                            "delete the sentence: talk about the topic, not the text", m.group(0).lower())]
    return []


def gate_meta(doc: ParsedMarkdown, ctx: CheckContext | None, config: GateConfig) -> GateResult:
    return sentence_gate("meta", doc, ctx, config, meta_problems, config.max_meta_talk)
