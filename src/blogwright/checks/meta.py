"""Meta-talk: sentences about the text itself rather than the topic ("The above text is a bit too
casual for the average web app developer.", "Here is the revised paragraph", "I have rewritten
it to be more casual", "As requested, ...", "Word count: 150").

Also talk about the writing rather than the topic, seen in the bundled model's TL;DRs and intros when
the request names a role: the post addressing the user's writing ("Your writing is well-crafted",
"a summary of your message"), announcing its own format or length ("In 2 sentences, I'll explain",
"Here's a 2-sentence summary:", a "TL;DR:" label inside the TL;DR), role-play and chat preambles ("As
a snarky mentor, I will write a blog post about", "Sure! Here is", "Certainly! I'll explain").
A TL;DR that shares no content word with the topic, title or headings is a warning, and a TL;DR
sentence about the post ("This post is about the process of using a compost bin.") is meta-talk there
(`checks/meta_tldr.py`), though "This post explains why ..." in the body is blogger framing.

Flagged anywhere in the post (title, headings, front matter, prose), one finding per sentence.
Blogger framing is not meta-talk: "In this post, I'll show you", "Let's dive in", "In the
following section we'll look at", "Here's a quick example", "This post was updated in 2024", "As a
developer, I've learned", "Sure, caching is fast, but", "Here's a quick recap:".
Overlaps the `leaks` gate's meta-talk patterns on chat phrases ("I hope this helps"); this gate
names the sentence, so the pipeline can cut or regenerate it (see `meta_problems`).
"""

from __future__ import annotations

import re

from blogwright.checks.meta_tldr import about_the_post, generic_summary
from blogwright.checks.settings import GateConfig
from blogwright.checks.substance_text import Problem, SentenceFinding, clip, prose, sentence_gate
from blogwright.checks.types import CheckContext, GateResult
from blogwright.model.post import CONCLUSION_HEADING
from blogwright.text.document import ParsedMarkdown
from blogwright.text.sentences import split_sentences

TEXT = r"(?:text|passage|draft|rewrite|revision|paragraph|wording)"
WEAK = r"(?:post|blog post|article|section|version|summary|intro|introduction|conclusion|content|response|answer|sentences?)"
EDITED = (r"(?:revised|rewritten|re-written|edited|improved|reworded|rephrased|shortened|expanded|"
          r"simplified|polished|condensed|paraphrased|adjusted|tailored|toned[- ]down|more casual|more formal)")
SELF_VERBS = (r"conveys|emphasi[sz]es|underscores|highlights|stresses|illustrates|summari[sz]es|describes|"
              r"outlines|provides|presents|delves into|sheds light on|touches on")
THEIRS = (r"(?:writing|draft|text|post|blog post|article|essay|piece|message|request|prompt|question|summary|"
          r"tl;?\s?dr|intro|introduction|work|instructions?|outline)")
PRAISE = (r"well[- ]\w+|great|good|excellent|impressive|engaging|clear|strong|compelling|informative|interesting|"
          r"solid|fantastic|wonderful|amazing|already|perfect|spot[- ]on|concise")
NUM = r"(?:\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|a few)"
NUM2 = r"(?:[2-9]|\d{2,4}|two|three|four|five|six|seven|eight|nine|ten)"
OWN = (r"summary|tl;?\s?dr|post|blog post|article|intro|introduction|conclusion|version|overview|explanation|"
       r"answer|response|recap|paragraph|draft")
ROLE = (r"(?:mentor|teacher|tutor|coach|guide|expert|assistant|writer|blogger|copywriter|editor|journalist|author|"
        r"instructor|professor|engineer|developer|consultant|specialist|sysadmin|manager|friend|narrator|persona|"
        r"storyteller|advisor|adviser|critic|reviewer)")
TONE = (r"(?:snarky|sarcastic|witty|friendly|cheerful|grumpy|playful|helpful|enthusiastic|humorous|funny|sassy|"
        r"blunt|patient|no-nonsense|jaded|cynical|encouraging|kind|caring|wise|trusty|trusted|loyal)")
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
    ("talks about the text", rf"^\W*(?:this|the)\s+(?:text|passage|explanation|narrative|summary)\s+(?:{SELF_VERBS})\b"
                             rf"|^\W*this\s+message\s+(?:conveys|emphasi[sz]es|underscores)\b"),
    # talk to the person who asked ("Your writing is well-crafted", "a summary of your message")
    ("addresses the user", rf"\byour\s+(?:[\w-]+\s+){{0,2}}?{THEIRS}\s+(?:is|was|are|looks|sounds|reads|seems|feels)\s+"
                           rf"(?:\w+\s+){{0,2}}?(?:{PRAISE})\b"),
    ("addresses the user", rf"\b(?:summary|version|rewrite|overview|sample|recap|feedback\s+on)\s+of\s+your\s+(?:\w+\s+)?"
                           rf"(?:message|request|text|writing|post|blog post|draft|work|question|prompt|article|essay|input)\b"
                           r"|\bthe (?:details|text|information|facts|points) you(?:'ve|’ve| have)? (?:shared|provided|gave me|sent)\b"
                           r"|^\W*you (?:highlighted|emphasi[sz]ed|asked (?:me|for)|requested|wanted me|want me)\b"
                           rf"|\byour\s+{THEIRS}\s+(?:makes|raises|has|gives)\s+(?:a|some)\s+(?:\w+\s+)?(?:strong|good|great|"
                           r"compelling|clear|valid|excellent|solid|fair)\s+(?:case|point|argument|examples?)\b"
                           r"|\b(?:points|gist|essence|parts) of your (?:request|prompt|instructions?)\b"
                           r"|\bthanks? (?:you )?for (?:sharing|your (?:request|message|question|draft|text))\b"),
    # its own format or length ("In 2 sentences, I'll explain", "Here's a 2-sentence summary:")
    ("announces its format", rf"^\W*in\s+{NUM2}\s+(?:\w+\s+)?(?:sentences|words|paragraphs|bullet points)\s*[,:]?\s*"
                             r"(?:I\b|here\b|let me\b|this (?:post|summary|answer)\b|we(?:'ll|’ll| will)\b)"
                             rf"|\b(?:I(?:'ll|’ll| will| am going to|'m going to|’m going to)?|let me)\s+(?:\w+\s+){{0,3}}?"
                             rf"in\s+{NUM}\s+(?:\w+\s+)?(?:sentences?|words|paragraphs?)\b"),
    ("announces its format", rf"\b(?:here(?:'s|’s| is| are)|this|my|below is|the following)\s+(?:(?:a|an|the|my|your)\s+)?"
                             rf"(?:\w+\s+)?{NUM}[- ](?:sentence|word|paragraph)s?\s+(?:\w+\s+)?(?:{OWN})\b"),
    ("announces its format", r"\bhere(?:'s|’s| is| are)\s+(?:a|an|the|my|your)\s+(?:\w+\s+){0,2}?(?:tl;?\s?dr\b|summary of "
                             r"(?:the|this|your) (?:text|post|blog post|article|message|request))"
                             rf"|\bhere(?:'s|’s| is| are)\s+(?:a|an|the|my)\s+(?:possible|suggested|sample|proposed)\s+"
                             rf"(?:[\w-]+\s+){{0,2}}?(?:{OWN}|title)\b"
                             r"|^\W*TL;?\s?DR\b\s*[:\-–—]"),
    # role-play and chat preambles ("As a snarky mentor, I will write...", "Sure! Here is", "Certainly!")
    ("plays a role", rf"^\W*as\s+(?:an?|your|the)\s+(?:[\w-]+\s+){{0,3}}?{ROLE}\b[^.!?]{{0,40}}?\b(?:I|let me)"
                     rf"(?:'ll|’ll| will| am going to|'m going to|’m going to|'d like to|’d like to| would like to| want to)?"
                     rf"\s+(?:\w+\s+)?(?:write|create|craft|compose|draft|generate|produce|put together|present|give you|"
                     rf"provide)\s+(?:you\s+)?(?:a|an|the|this|my|some)\s+(?:[\w-]+\s+){{0,3}}?(?:{OWN}|guide|piece)\b"),
    ("plays a role", rf"^\W*as\s+(?:an?|your)\s+{TONE}[\s,-]+(?:[\w-]+\s+){{0,2}}?{ROLE}\b"
                     rf"|^\W*as\s+your\s+(?:[\w-]+\s+){{0,2}}?{ROLE}\s*,\s*(?:I|let me|here)\b"
                     rf"|\b(?:I(?:'m|’m| am)|playing|speaking as|acting as)\s+(?:an?|your|the)\s+{TONE}[\s,-]+"
                     rf"(?:[\w-]+\s+){{0,2}}?{ROLE}\b"
                     r"|\bI(?:'m|’m| am| will be|'ll be|’ll be)\s+(?:playing|taking on|stepping into|in)\s+the role of\b"
                     r"|\bin (?:the|my) persona (?:of|as)\b"),
    ("chat preamble", r"^\W*(?:sure|certainly|of course|absolutely|okay|ok|alright|great|no problem|gladly)\s*[!,.:]+\s*"
                      r"(?:here(?:'s|’s| is| are)\b|below\b|let me\b|I(?:'d|’d| would)\s+(?:be\s+)?(?:happy|glad|love)\b|"
                      r"I(?:'ll|’ll| will| can)\s+(?:\w+\s+)?(?:write|create|help|explain|give|provide|craft|summari[sz]e|"
                      r"rewrite|share|draft)\b|[\"“])"
                      r"|^\W*(?:sure|certainly)(?:\s+thing)?\s*!+\W*$"
                      r"|^\W*I(?:'d|’d| would) be (?:happy|glad|delighted) to (?:write|create|draft|put together|assist)\b"),
    ("talks about the text", r"^\W*this is an?\s+(?:concise|brief|short|clear|simple|quick|detailed)\s+"
                             r"(?:explanation|summary|overview|answer|description|version|response)\b"),
    ("praises the request", r"^\W*(?:that's|that’s|that is|this is|what)\s+(?:a|an)\s+(?:really\s+|very\s+)?"
                            r"(?:great|excellent|good|fantastic|wonderful|perfect|awesome|interesting)\s+"
                            r"(?:way to (?:start|begin)|starting point|start|question|idea|topic|request)\s*[.!,]"),
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


def tldr_anchors(doc: ParsedMarkdown, ctx: CheckContext | None) -> list[str]:
    """What a TL;DR must be about: the topic, the title and the section headings (not "Wrapping Up")."""
    return [ctx.topic if ctx else "", doc.title or "",
            *(h.text for h in doc.headings if h.level > 1 and h.text not in (doc.title, CONCLUSION_HEADING, doc.conclusion_heading))]


def gate_meta(doc: ParsedMarkdown, ctx: CheckContext | None, config: GateConfig) -> GateResult:
    """Meta-talk sentences (blocking by default), plus a warning for a generic TL;DR: advisory, as
    a personal post's title may share no word with an honest summary ("Why I Left" / "I quit")."""
    result = sentence_gate("meta", doc, ctx, config, meta_problems, config.max_meta_talk)
    flagged = {getattr(f, "sentence", "") for f in result.findings}
    for s in split_sentences(doc.tldr) if doc.tldr else []:
        if about_the_post(prose(s)) and s not in flagged:  # "This post is about ...": the TL;DR summarises nothing
            problem = "meta-talk (a TL;DR about the post, not its topic)"
            result.findings.append(SentenceFinding("meta", "error" if result.blocking else "warning",
                                                   f"{problem} in “{clip(prose(s))}”", "TL;DR",
                                                   "say what the post says about its topic", s))
            result.value["count"] += 1
            result.value["sentences"].append({"where": "TL;DR", "sentence": s, "problem": problem})
            result.passed = result.value["count"] <= config.max_meta_talk
            result.score = max(0.0, 1 - 0.25 * result.value["count"])
    why = generic_summary(doc.tldr, *tldr_anchors(doc, ctx)) if doc.tldr else ""
    if why:
        first = (split_sentences(doc.tldr) or [doc.tldr])[0]
        result.findings.append(SentenceFinding("meta", "warning", f"{why} in “{clip(prose(doc.tldr, code=True))}”",
                                               "TL;DR", "say what the post says about its topic", first))
        result.value["generic_tldr"] = why
    return result
