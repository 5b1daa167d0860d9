"""Leaks: chat-template tokens, echoed prompt labels, meta-talk, stock clichés, unfinished endings.

Tokens, labels and meta-talk are errors (the reader should never see them); clichés are
warnings; an unfinished last sentence of a section (or of the post) is an error.
"""

from __future__ import annotations

import re

from blogwright.checks.settings import GateConfig
from blogwright.checks.text import SENTENCE_END, ends_sentence, mask, sentences
from blogwright.checks.types import CheckContext, Finding, GateResult
from blogwright.text.document import ParsedMarkdown

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
    counts = {"tokens": 0, "labels": 0, "meta": 0, "cliches": 0, "unfinished": 0}
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
    for block in doc.blocks:
        prose = [p for p in block.paragraphs if p.kind in ("para", "quote")]
        if not prose or prose[-1] is not block.paragraphs[-1]:
            continue  # ends with a list or a table: no sentence to finish
        frag = unfinished(mask(prose[-1].text))
        if frag is not None:
            counts["unfinished"] += 1
            findings.append(Finding("leaks", "error", f"unfinished sentence: {frag[-60:]!r}",
                                    block.where(len(block.paragraphs) - 1),
                                    "finish the sentence or cut it (see complete_ending)"))
    errors = sum(f.severity == "error" for f in findings)
    score = max(0.0, 1 - 0.25 * errors - 0.05 * counts["cliches"])
    return GateResult("leaks", errors == 0, config.is_blocking("leaks"), score, counts, findings)
