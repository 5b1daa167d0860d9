"""Leaks: chat-template tokens, echoed prompt labels and instructions, meta-talk, stock clichés,
unclosed emphasis, unfinished endings.

Tokens, labels, instructions and meta-talk are errors (the reader should never see them); clichés
are warnings; an unfinished last sentence of a section (or of the post) is an error, and so is a
`**` (or `__`) left open in prose ("**Air is what keeps it…"); a lone `*` is a warning.

`instruction_echo(sentence)` is the pure test for one sentence that is an instruction of our own
prompts echoed into the post ("Mention sqlite.", "Keep it under 100 words."), as opposed to an
instruction to the reader ("Use a bin with a lid."): it must name one of the prompt's own objects
(the keyword, the post, a section or paragraph, a word or sentence count, the reader, the audience)
or repeat one of the templates' lines (read from `src/blogwright/prompts/*.j2` at import).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from blogwright import prompts
from blogwright.checks.prose import SENTENCE_END, ends_sentence, mask, sentences
from blogwright.checks.settings import GateConfig
from blogwright.checks.types import CheckContext, Finding, GateResult
from blogwright.model.brief import Audience
from blogwright.text.document import LIST_ITEM, ParsedMarkdown
from blogwright.text.markdown import parser
from blogwright.text.tokens import stem

TOKENS = re.compile(
    r"<\|[a-z_]+\|>|<\|im_(?:start|end)\|>|</?s>|\[/?INST\]|<<\/?SYS>>|<\|?(?:endoftext|eot_id)\|?>"
    r"|^\s*(?:system|user|assistant|human|ai|bot)\s*:?\s*$|^\s*###\s*(?:Instruction|Response)\b",
    re.IGNORECASE | re.MULTILINE)
N = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a few)"
LABELS = re.compile(
    r"(?:^|(?<=[.!?]\s))\s*(?:\*\*)?(?:Topic|Point to explain|Use (?:these facts|this fact)|"
    r"Do not repeat|Plain sentences|Target audience|Word count|Instructions?|Section heading|"
    r"Mention|Avoid|Keywords|Title|Answer|Response|Output|Paragraph \d+)(?:\*\*)?\s*:"
    r"|\bWrite (?:about |a blog post of about )?\d+ words\b|\(\s*\d+ words\s*\)"
    rf"|\b(?:Explain|Sum up|Summarize) in {N} (?:plain )?sentences\b|\bReply with the title only\b"
    rf"|\bin {N} (?:short |plain )*(?:sentences|words)\s*:"  # "In 3 sentences: SQLite is…" (a Ctrl-C draft)
    rf"|\bOne heading per line\b|\bList {N} short section headings\b",
    re.IGNORECASE | re.MULTILINE)
META = re.compile(
    r"\bhere(?:'s| is| are)\b[^.!?\n]{0,40}\b(?:revised|rewritten|improved|updated|blog post|"
    r"paragraph|version|draft|section|introduction|conclusion|summary)\b"
    r"|\bI(?:'m| am) (?:glad|happy|here) to help|\bAs an AI(?: language model)?\b"
    r"|\bI hope (?:this|that) helps\b|\bLet me know if\b|\bFeel free to (?:ask|let me know)\b"
    r"|^(?:Sure|Certainly|Of course|Absolutely)[!,.]|\bI (?:cannot|can't) (?:help|assist|browse)\b"
    r"|\bas (?:you )?requested\b|\b(?:this|the) (?:revised|rewritten) (?:version|paragraph|post)\b"
    r"|\bI(?:'ve| have) (?:made|kept|rewritten|revised) (?:the|this|some)\b",
    re.IGNORECASE | re.MULTILINE)
# Talk about the prompt's material rather than the subject: "as outlined in the context provided", "the
# text above", "based on the information given" (a TL;DR on the bundled model, issue 22). A post has no
# "context provided": only the model's prompt does.
SOURCE_TALK = re.compile(
    r"\b(?:in|from|by|on|to|with)\s+the\s+(?:context|text|information|passage|notes|facts|input|excerpt|document)s?\s+"
    r"(?:provided|given|supplied|above|below|you (?:provided|gave|shared))\b"
    r"|\bthe\s+(?:provided|given|supplied)\s+(?:context|text|information|passage|input|excerpt|notes|facts)\b"
    r"|\b(?:outlined|mentioned|described|stated|given|listed)\s+(?:in|by)\s+the\s+(?:context|prompt|passage|input)\b"
    r"|\bbased\s+on\s+the\s+(?:context|passage|input|text)\b",
    re.IGNORECASE)
CLICHES = re.compile(
    r"\bin today'?s (?:fast[- ]paced|digital|modern|ever[- ]changing) (?:world|age|era|landscape)\b"
    r"|\bdelv(?:e|es|ing) (?:deep |deeper )?into\b|\bgame[- ]changers?\b|\bever[- ]evolving\b"
    r"|\b(?:unlock|harness) the (?:full )?(?:power|potential)\b|\bit'?s (?:important|worth) "
    r"(?:to note|noting)\b|\bin the realm of\b|\b(?:rich )?tapestry\b|\bbuckle up\b"
    r"|\bwithout further ado\b|\bnavigat(?:e|ing) the (?:complex(?:ities)?|landscape)\b"
    r"|\bat the end of the day\b|\bthink outside the box\b|\bparadigm shift\b"
    r"|\brevolutioni[sz]e(?:s|d)? the way\b|\bin conclusion\b|\ba testament to\b"
    r"|\bembark on a journey\b|\bthe world of\b(?= [a-z]+ is)",
    re.IGNORECASE)

# Label debris a small model leaves as a "sentence": "LIMITED OF THE WORLD: 3.", "Step: 2."
DEBRIS = re.compile(r"^(?:[A-Z][A-Z\s'()&-]{2,40}:\s*(?:\d+|[A-Z])?|[\w\s'()-]{1,40}:\s*\d+)\.?\s*$")
ABBREV_END = re.compile(r"\b(?:e\.g|i\.e|etc|vs|Mr|Mrs|Ms|Dr|St|No)\.$")


# --- instructions echoed from our prompts -------------------------------------------------------

def _template_sentences(line: str) -> list[str]:
    """A template line's sentences, split outside its `{{ ... }}` (which may hold ". " or ", ")."""
    exprs = re.findall(r"\{\{.*?\}\}", line)
    held = re.sub(r"\{\{.*?\}\}", "\x00", line.strip())
    if not re.search(r"[A-Za-z]", held):
        return []  # only a variable: definitions, notes, the user's instructions are not ours
    out = []
    # not text.sentences.split_sentences: on our templates it gives 46 pieces for these 23 sentences,
    # cutting at the held-out {{ ... }} (measured for issue 26); a template line is simple prose
    for part in re.split(r"(?<=[.!?])\s+(?=[A-Z])", held):
        pieces = part.split("\x00")
        out.append("".join(piece + (exprs.pop(0) if k < len(pieces) - 1 else "") for k, piece in enumerate(pieces)))
    return out


@lru_cache(maxsize=1)
def template_lines() -> tuple[tuple[str, str], ...]:
    """(template, instruction sentence) for every sentence of text in our prompt templates, with
    Jinja comments and statements removed and `{{ ... }}` kept ("Mention {{ keywords | join(" and ") }}.")."""
    out: list[tuple[str, str]] = []
    for name in prompts.names():
        src = resources.files(prompts.__name__).joinpath(f"{name}.j2").read_text(encoding="utf-8")
        src = re.sub(r"\{%.*?%\}", "\n", re.sub(r"\{#.*?#\}", "", src, flags=re.S), flags=re.S)
        out += [(name, sentence) for line in src.splitlines() for sentence in _template_sentences(line)]
    return tuple(out)


_NUM = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a few|several)"
_READER = "|".join(sorted({re.escape(a.reader) for a in Audience}, key=len, reverse=True))
_GUIDANCE = "|".join(re.escape(a.guidance) for a in Audience)


_FREE = r"[^\n]{1,200}?"  # a topic, a point, a fact: anything


def _variable(expr: str) -> str:
    """The pattern a template's `{{ ... }}` stands for in an echo."""
    name = re.sub(r"[{}\s]", "", expr).split("|")[0]
    if name in ("sentences", "n", "words"):
        return _NUM
    if name == "audience.reader":
        return rf"(?:{_READER}|beginners|practitioners|experts|newbies?)"
    if name == "audience.guidance":
        return rf"(?:{_GUIDANCE})"
    if name == "keywords":
        return _FREE
    return _FREE


def _template_pattern(sentence: str) -> re.Pattern[str] | None:
    """A template sentence as a pattern for the start of an echo, when its own words (not its
    variables) say enough: three words or more. Shorter ones ("Mention {{ keywords }}.", "Topic: ...")
    are left to the rules below (and to LABELS)."""
    literal = re.sub(r"\{\{.*?\}\}", " ", sentence)
    if len(re.findall(r"[A-Za-z#;]+", literal)) < 3:
        return None
    parts = [x for x in re.split(r"(\{\{.*?\}\})", sentence) if x]
    while parts and ((parts[-1].startswith("{{") and _variable(parts[-1]) == _FREE)
                     or not re.search(r"\w", parts[-1])):
        parts.pop()  # the start of the line is enough: an echo may stop anywhere in free text
    body = "".join(_variable(x) if x.startswith("{{") else r"\s*".join(re.escape(w) for w in x.split(" "))
                   for x in parts)
    body = re.sub(r"(?:\\ |\\s\*)+$", "", body)
    return re.compile(rf"^{body}", re.IGNORECASE)


TEMPLATE_PATTERNS: list[tuple[str, str, re.Pattern[str]]] = [
    (name, line, pattern) for name, line in template_lines()
    if (pattern := _template_pattern(line)) is not None]
# The labels our templates open a line with ("Topic: {{ topic }}", "Mention: {{ keywords }}."), but
# "Avoid:", which a how-to uses for its reader ("Avoid: meat and dairy"; LABELS still flags it).
TEMPLATE_LABELS = sorted({m.group(1) for _, line in template_lines()
                          if (m := re.match(r"^([A-Z][a-z]+):", line)) and m.group(1) != "Avoid"})
_LABEL = re.compile(r"^(?:" + "|".join(TEMPLATE_LABELS) + r")\s*:\s*\S")
# The imperative verbs our templates open a line with, and those the pipeline adds (the request's
# instructions: "Write for ...", "Keep it ...", "Do not ...").
TEMPLATE_VERBS = sorted({line.split()[0].rstrip(":,") for _, line in template_lines()
                         if line[:1].isupper() and line.split()[0].rstrip(":,").lower()
                         not in {"it", "one", "topic", "you", "here"}})
VERBS = sorted({*TEMPLATE_VERBS, "Write", "Use", "Keep", "Do not", "Don't", "Never", "Include", "Add",
                "Make sure", "Make", "Focus on", "Start with", "Begin with", "End with", "Respond",
                "Describe", "Talk about", "Cover", "Discuss", "Limit", "Stay", "Aim for", "Be sure to",
                "Remember to", "Try to", "Please"}, key=len, reverse=True)
_VERB = re.compile(r"^(?:please\s+)?(?:" + "|".join(v.replace(" ", r"\s+") for v in VERBS) + r")\b[:,]?",
                   re.IGNORECASE)

# The prompt's own objects: what only a prompt talks about (the brief's list), never a reader's task.
PROMPT_OBJECTS = re.compile(
    r"\b(?:this|the|your|each|every|a|one)\s+(?:section|paragraph)s?\b(?![-'’])"
    r"|\b(?:this|your|the whole)\s+(?:post|article)\b(?![-'’])|\bthe\s+article\b|\bblog\s+posts?\b|\b(?:the|your|our)\s+(?:readers?|audience)\b|\bkey\s?words?\b|\bword\s+count\b"
    rf"|\b(?:in|under|of|about|around|within|below|to|at most|no more than|fewer than|less than|up to|exactly)\s+"
    rf"{_NUM}(?:\s*(?:-|to)\s*{_NUM})?\s+(?:plain\s+|short\s+|full\s+)?(?:words|sentences|paragraphs)\b"
    rf"|\b\d+[- ]word\b|\bfor\s+(?:{_READER}|beginners|newbies|practitioners|experts)\b"
    r"|\b(?:in|as)\s+(?:JSON|Markdown|YAML)\b",
    re.IGNORECASE)
# "Mention sqlite." / "Mention: sqlite, wal." / "Write about SQLite." / "Use the word sqlite.": the
# whole sentence is the instruction and its object a bare keyword list (no article, no pronoun).
_NOT_BARE = (r"(?:the|a|an|your|my|our|their|his|her|its|it|this|that|these|those|them|him|me|us|you|all|any|"
             r"some|each|every|how|why|what|when|where|who|whether|if|to|of|in|on|at|for|with|by|from|before|after)")
_BARE_WORD = rf"(?!{_NOT_BARE}\b)[\w'’#+./-]+"
_BARE_OBJECT = rf"{_BARE_WORD}(?:(?:\s*,\s*|\s+and\s+|\s+){_BARE_WORD}){{0,4}}"
BARE = re.compile(
    rf"^(?:Mention:?|Mention\s+the\s+(?:key\s?words?|terms?)|Write\s+about|Use\s+the\s+(?:key)?words?|Include\s+the\s+(?:key)?words?)\s+"
    rf"[\"'“‘]?{_BARE_OBJECT}[\"'”’]?\s*[.!]?$",
    re.IGNORECASE)
PERSONA = re.compile(r"^You are (?:a|an) [^.!?]{0,120}?\b(?:who|that) (?:writes?|explains?|blogs?|teaches)\b",
                     re.IGNORECASE)
ANSWER = re.compile(rf"^(?:Answer|Reply|Respond)\s+(?:only\s+)?(?:in|with)\s+(?:JSON|Markdown|YAML|English|plain English|"
                    rf"{_NUM}\s+(?:words?|sentences?|lines?)|a single\b|the (?:title|heading|text)\b)", re.IGNORECASE)
LEAD_IN = re.compile(r"^(?:In|For|Throughout)\s+(?:this|each|every|the)\s+(?:section|paragraph|post|article|"
                     r"intro(?:duction)?|conclusion|summary)\s*,\s*", re.IGNORECASE)
# The first words an echo can start with (a quick no for every other sentence).
STARTERS = frozenset(w.lower() for w in (*(line.split()[0].rstrip(":,") for _, line in template_lines()),
                                         *(v.split()[0] for v in VERBS), *TEMPLATE_LABELS,
                                         "In", "For", "Throughout", "You", "Answer", "Reply", "Respond", "Don’t"))
_HEAD = re.compile(r"[\W\d_]{0,12}([A-Za-z]+(?:['’]t)?)")
_DECORATION = re.compile(r"^[\s>*_`\"'“‘(\[-]+|[\s*_`\"'”’)\]]+$")


def _bare(sentence: str) -> str:
    """The sentence without Markdown emphasis, quotes around it or a list marker."""
    text = LIST_ITEM.sub("", sentence.strip(), count=1)
    if "*" in text or "_" in text or "`" in text:
        text = re.sub(r"(\*{1,3}|_{1,3}|`)(?=\S)(.+?)(?<=\S)\1", r"\2", text)
    return re.sub(r"\s+", " ", _DECORATION.sub("", text)).strip()


@lru_cache(maxsize=64)
def _keyword_stems(keywords: tuple[str, ...]) -> frozenset[str]:
    return frozenset(stem(w) for k in keywords for w in re.findall(r"[\w'’-]+", k) if len(w) > 2)


def instruction_echo(sentence: str, keywords: Iterable[str] = ()) -> bool:
    """True when `sentence` is an instruction of our own prompts echoed into the post: a line of a
    template ("Explain in 3 sentences for a beginner: ...", "Reply with the title only."), a bare
    keyword instruction ("Mention sqlite.", "Use the word compost."), or an imperative ("Keep it
    under 100 words.", "Do not repeat the keyword.", "Answer in JSON.") that names the prompt's own
    objects: the keyword (`keywords`, when known), the post, a section or paragraph, a word or
    sentence count, the reader, the audience. An instruction to the reader ("Use a bin with a lid.",
    "Do not overwater the pile.") and a noun ("Mention of WAL mode is rare in docs") are not.
    Pure and cheap: the pipeline's cleaning may call it on every sentence of a draft."""
    head = _HEAD.match(sentence)
    if head is None or head.group(1).lower() not in STARTERS:
        return False  # most sentences: no word any echo starts with
    text = _bare(sentence)
    if not text or len(text) > 400:
        return False
    if any(p.match(text) for _, _, p in TEMPLATE_PATTERNS):
        return True
    if BARE.match(text) or PERSONA.match(text) or ANSWER.match(text) or _LABEL.match(text):
        return True
    lead = LEAD_IN.match(text)
    if lead and _VERB.match(text[lead.end():]):
        return True  # "In this section, mention compost.": the lead-in names our object
    verb = _VERB.match(text)
    if verb is None or len(text.split()) > 30:
        return False
    rest = text[verb.end():]
    if rest[:1] in ("'", "’") or re.match(r"\s+(?:of|is|are|was|were|'s)\b", rest, re.IGNORECASE):
        return False  # "Mention of WAL mode is rare", "Use is ..." : a noun, not an order
    if PROMPT_OBJECTS.search(rest):
        return True
    stems = _keyword_stems(tuple(k for k in keywords if k and k.strip()))
    # not "Use", "Include", "Cover": a how-to tells its reader "Use compost in your garden."
    if stems and re.match(r"^(?:Mention|Write about|Talk about|Focus on|Discuss)\b", text, re.IGNORECASE):
        said = {stem(w) for w in re.findall(r"[\w'’-]+", rest)}
        return bool(said & stems) and len(rest.split()) <= 8  # "Mention sqlite and WAL mode in it."
    return False


def _context_keywords(doc: ParsedMarkdown, ctx: CheckContext | None) -> tuple[str, ...]:
    """The keywords a prompt would have named: the context's, else the front matter's keyword/tags."""
    fm = doc.front_matter or {}
    found = list(ctx.keywords) if ctx else []
    for key in ("keyword", "keywords", "tags"):
        value = fm.get(key)
        found += [str(v) for v in value] if isinstance(value, list) else [str(value)] if value else []
    return tuple(dict.fromkeys(k.strip() for k in found if k and str(k).strip()))


# --- emphasis left open ------------------------------------------------------------------------

# A run of `*` or `_` that could open or close emphasis (CommonMark's flanking rule, roughly): at a
# word's start or end, not between spaces ("2 * 3") nor inside a word ("5*3", "snake_case").
_OPEN_RUN = re.compile(r"(?<![\w*_\\])(\*{1,3}|_{2,3})(?=[^\s*_])")
_CLOSE_RUN = re.compile(r"(?<=[^\s*_\\])(\*{1,3}|_{2,3})(?![\w*_])")


_RUN = re.compile(r"\\?(?:\*{1,3}|_{2,3})")


def _paired(text: str) -> bool:
    """True when every run that could open or close emphasis is closed by the same run (the usual
    case, "**Bold** and *this*"): no need to parse. Anything else goes to the parser."""
    stack: list[str] = []
    for m in _RUN.finditer(text):
        run = m.group(0)
        if run.startswith("\\"):
            continue
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        opens = not (before.isalnum() or before in "*_") and not after.isspace()
        closes = not before.isspace() and not (after.isalnum() or after in "*_")
        if closes and stack and stack[-1] == run:
            stack.pop()
        elif opens:
            stack.append(run)
        elif closes or run[0] == "_" or not (before.isspace() and after.isspace()):
            return False
    return not stack


def unclosed_emphasis(markdown: str) -> list[tuple[str, str]]:
    """The emphasis markers Markdown leaves as literal text in `markdown` (one paragraph or line),
    each as (marker, the words around it): [("**", "**Air is what keeps it…")]. Code is ignored."""
    if ("*" not in markdown and "__" not in markdown) or _paired(mask(markdown)):
        return []
    found: set[tuple[int, str, str]] = set()
    for token in parser().parse(re.sub(r"\\[*_]", "\x01", markdown)):  # "\*" is a literal asterisk
        for child in token.children or []:
            if child.type != "text" or ("*" not in child.content and "__" not in child.content):
                continue
            text = child.content
            for m in _OPEN_RUN.finditer(text):
                found.add((token.map[0] if token.map else 0, m.group(1), text[m.start():m.start() + 50].strip()))
            for m in _CLOSE_RUN.finditer(text):
                found.add((token.map[0] if token.map else 0, m.group(1), text[max(0, m.end() - 50):m.end()].strip()))
    return [(marker, snippet) for _, marker, snippet in sorted(found)]


def _hits(pattern: re.Pattern[str], text: str) -> list[str]:
    return [m.group(0).strip() for m in pattern.finditer(text) if m.group(0).strip()]


def complete_ending(text: str) -> str:
    """Drop a trailing unfinished sentence fragment when at least one full sentence precedes
    it; otherwise return `text` unchanged (paragraph breaks before the fragment are kept)."""
    stripped = text.rstrip()
    if not stripped or ends_sentence(stripped):
        return text
    for m in reversed(list(re.finditer(r"[.!?…][\"'”’)\]*_]*(?=\s)", stripped))):
        kept = stripped[: m.end()]
        if ABBREV_END.search(kept[: m.start() + 1]):
            continue  # "e.g." is not the end of a sentence
        if len(kept.split()) >= 3 and SENTENCE_END.search(kept.rstrip("*_")):
            return kept
    return text


def unfinished(text: str) -> str | None:
    """The last sentence of `text` when it lacks terminal punctuation, else None."""
    paras = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    if not paras or ends_sentence(paras[-1]):
        return None
    tail = sentences(paras[-1])
    return tail[-1] if tail else paras[-1]


def gate_leaks(doc: ParsedMarkdown, ctx: CheckContext | None, config: GateConfig) -> GateResult:
    findings: list[Finding] = []
    counts = {"tokens": 0, "labels": 0, "instructions": 0, "meta": 0, "cliches": 0, "markup": 0, "unfinished": 0}
    where_text = [("title", doc.title)] if doc.title else []
    fm = doc.front_matter or {}
    where_text += [(f"front matter {k}", str(fm[k])) for k in ("title", "description", "summary")
                   if fm.get(k) and str(fm[k]) != doc.title]
    where_text += [(b.where(i), mask(p.text, html=False)) for b in doc.blocks
                   for i, p in enumerate(b.paragraphs)]
    where_text += [(f"line {h.line}", h.text) for h in doc.headings if h.text != doc.title]
    for where, text in where_text:
        for kind, pattern, severity, hint in (
                ("tokens", TOKENS, "error", "delete the chat-template token"),
                ("labels", LABELS, "error", "delete the echoed prompt text"),
                ("meta", META, "error", "delete the talk about the writing itself"),
                ("meta", SOURCE_TALK, "error", "delete the talk about the prompt's material"),
                ("cliches", CLICHES, "warning", "say it plainly")):
            for hit in _hits(pattern, text):
                counts[kind] += 1
                label = {"tokens": "chat-template token", "labels": "echoed prompt label",
                         "meta": "meta-talk", "cliches": "cliché"}[kind]
                findings.append(Finding("leaks", severity, f"{label}: {hit[:60]!r}", where, hint))
    for where, text in where_text:
        for s in sentences(text):
            if len(s.split()) <= 8 and DEBRIS.match(s):
                counts["labels"] += 1
                findings.append(Finding("leaks", "error", f"label debris: {s!r}", where,
                                        "delete it"))
    keywords = _context_keywords(doc, ctx)
    for block in doc.blocks:
        for i, para in enumerate(block.paragraphs):
            if para.kind in ("table", "html"):
                continue
            text = mask(para.text, html=False)
            items = LIST_ITEM.split(text) if para.kind == "list" else [text]
            for s in (s for item in items for s in sentences(item)):
                if LABELS.search(s) or not instruction_echo(s, keywords):
                    continue  # a label is already a finding
                counts["instructions"] += 1
                findings.append(Finding("leaks", "error", f"echoed prompt instruction: {_bare(s)[:80]!r}",
                                        block.where(i), "delete it: it is our prompt talking, not the post"))
            for marker, snippet in unclosed_emphasis(para.text):
                counts["markup"] += 1
                findings.append(Finding("leaks", "error" if len(marker) > 1 else "warning",
                                        f"emphasis never closed: {snippet!r}", block.where(i),
                                        f"close the `{marker}` or delete it: readers see it as is"))
    for h in doc.headings:
        for marker, snippet in unclosed_emphasis(h.text):
            counts["markup"] += 1
            findings.append(Finding("leaks", "error" if len(marker) > 1 else "warning",
                                    f"emphasis never closed: {snippet!r}", f"line {h.line}",
                                    f"close the `{marker}` or delete it: readers see it as is"))
    for block in doc.blocks:
        prose = [p for p in block.paragraphs if p.kind in ("para", "quote")]
        if not prose or prose[-1] is not block.paragraphs[-1]:
            continue  # ends with a list or a table: no sentence to finish
        frag = unfinished(mask(prose[-1].text))
        if frag is not None and block.code and prose[-1].text.rstrip().endswith(":"):
            frag = None  # "...commit your files one at a time:" introduces the code block under it
        if frag is not None:
            counts["unfinished"] += 1
            findings.append(Finding("leaks", "error", f"unfinished sentence: {frag[-60:]!r}",
                                    block.where(len(block.paragraphs) - 1),
                                    "finish the sentence or cut it (see complete_ending)"))
    errors = sum(f.severity == "error" for f in findings)
    warnings = sum(f.severity == "warning" for f in findings) - counts["cliches"]
    score = max(0.0, 1 - 0.25 * errors - 0.05 * (counts["cliches"] + warnings))
    return GateResult("leaks", errors == 0, config.is_blocking("leaks"), score, counts, findings)
