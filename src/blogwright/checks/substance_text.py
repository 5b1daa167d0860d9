"""Shared helpers of the substance gates (terms, expansions, contradictions, redefinition, meta):
a post's sentences with where they are, light stemming, the user's facts, findings that carry their
sentence, and one loop that turns a per-sentence check into a gate."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from blogwright.checks.settings import GateConfig
from blogwright.checks.types import CheckContext, Finding, GateResult
from blogwright.text.document import ParsedMarkdown
from blogwright.text.markdown import plain_text
from blogwright.text.sentences import split_sentences

LIST_MARK = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")
CODE_SPAN = re.compile(r"(`+)([^`]|[^`].*?[^`])\1")
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’]*(?:[-/][A-Za-z0-9]+)*")


@dataclass
class SentenceFinding(Finding):
    """A Finding that names the sentence it is about (`sentence` is the post's own text, Markdown
    included, so the pipeline can cut or regenerate it and the web page can highlight it)."""

    sentence: str = ""


@dataclass
class Problem:
    """What one substance check found in one sentence (turned into a SentenceFinding)."""

    message: str
    suggestion: str
    key: str = ""  # the offending span (a term, an expansion), for de-duplication


def clip(text: str, n: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def prose(sentence: str, code: bool = False) -> str:
    """A Markdown sentence as plain prose: no list marker, emphasis, links, or code spans (their
    text kept with `code=True`)."""
    s = LIST_MARK.sub("", sentence)
    if not re.search(r"[`*_\[<\\&]", s):
        return " ".join(s.split())
    return " ".join(plain_text(s, code=code, blocks=False).split())


def code_spans(sentence: str) -> list[str]:
    return [m.group(2).strip() for m in CODE_SPAN.finditer(sentence)]


def words(text: str) -> list[str]:
    return WORD.findall(text)


def is_acronym_like(tok: str) -> bool:
    """"DNS", "LLMs", "MLOps", "iKR", "K8s", "CI/CD": two capitals, or a capital after a lower-case
    start; not a plain word in capitals at a sentence start ("The") nor a Roman numeral."""
    letters = [c for c in tok if c.isalpha()]
    if len(letters) < 2 or len(tok) > 12:
        return False
    uppers = sum(c.isupper() for c in letters)
    if uppers >= 2:
        return not re.fullmatch(r"[IVX]+", tok)  # "Part II", "Henry VIII"
    return bool(re.fullmatch(r"[a-z]{1,3}[A-Z][A-Za-z0-9]*", tok)) or bool(re.fullmatch(r"[A-Z]\d+[a-z]*", tok))


@lru_cache(maxsize=32)
def _facts(notes: tuple[str, ...], sources_text: str) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    for note in notes:
        for line in note.splitlines():
            line = LIST_MARK.sub("", line).strip()
            if line:
                out.extend(("note", s) for s in split_sentences(line))
    if sources_text.strip():
        for para in re.split(r"\n\s*\n", sources_text):
            if para.strip() and not para.lstrip().startswith(("#", "```", "---", "|")):
                out.extend(("source", prose(s)) for s in split_sentences(para))
    return tuple((k, s) for k, s in out if len(s.split()) >= 3)


def fact_sentences(ctx: CheckContext | None) -> tuple[tuple[str, str], ...]:
    """The user's facts, one sentence each, as ("note" | "source", sentence): the notes, then the
    sources' prose sentences."""
    if ctx is None:
        return ()
    return _facts(tuple(ctx.notes), ctx.sources_text or "")


def post_sentences(doc: ParsedMarkdown, headings: bool = True) -> Iterator[tuple[str, str]]:
    """(where, Markdown sentence) for the title, the front matter's description and summary (when
    they are not copies of the body), the headings and every sentence of every prose paragraph."""
    body = "\n".join(b.text for b in doc.blocks)
    if doc.title:
        yield "title", doc.title
    fm = doc.front_matter or {}
    squashed = " ".join(body.split())
    for key in ("description", "summary"):
        text = str(fm.get(key) or "").strip()
        if text and " ".join(text.rstrip("…").split())[:-1] not in squashed:
            for s in split_sentences(text, lowercase=True):
                yield f"front matter {key}", s
    if headings:
        for h in doc.headings:
            if h.level > 1 and h.text != doc.title:
                yield f"heading {h.text!r}", h.text
    for b in doc.blocks:
        for i, p in enumerate(b.paragraphs):
            if p.kind in ("table", "html"):
                continue
            # a writer's lower-case sentences are sentences too: "... for work in 2023. the biggest downside is
            # that i cannot work ..." read as one sentence negated the first note (a lower-case voice's TL;DR)
            for s in split_sentences(p.text, lowercase=True):
                yield b.where(i), s


def post_prose(doc: ParsedMarkdown) -> str:
    """The post's prose as plain text (for 'defined elsewhere in the post?')."""
    return "\n".join([doc.title, *(prose(b.text) for b in doc.blocks)])


MAX_RUNNING_SENTENCES = 1_500  # ~25,000 words; gates that compare each sentence with all before it stop there

SentenceCheck = Callable[[str, "CheckContext | None", str, GateConfig], list[Problem]]


def sentence_gate(name: str, doc: ParsedMarkdown, ctx: CheckContext | None, config: GateConfig,
                  check: SentenceCheck, max_allowed: int, headings: bool = True,
                  running: bool = False, once: bool = False) -> GateResult:
    """Run `check(sentence, ctx, post_text, config)` on every sentence and build the gate's result.

    `post_text` is the whole post's prose, or with `running=True` only the sentences before this
    one (so a later sentence that disagrees with an earlier one is the one flagged). With `once`,
    a problem with the same key (an invented term) is reported at its first sentence only."""
    blocking = config.is_blocking(name)
    findings: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    whole = post_prose(doc)
    before: list[str] = []
    truncated = False
    for n_seen, (where, sentence) in enumerate(post_sentences(doc, headings)):
        if running and n_seen >= MAX_RUNNING_SENTENCES:  # each sentence reads all before it: bounded
            truncated = True
            break
        context = "\n".join(before) if running else whole
        for p in check(sentence, ctx, context, config):
            key = (p.key or p.message, "" if once else sentence)
            if key in seen:
                continue
            seen.add(key)
            findings.append(SentenceFinding(name, "error" if blocking else "warning",
                                            f"{p.message} in “{clip(prose(sentence, code=True))}”", where,
                                            p.suggestion, sentence))
        if running:
            plain = prose(sentence)
            before.append(plain if re.search(r"[.!?…][\"'”’)]*$", plain) else plain + ".")
    n = len(findings)
    value = {"count": n, "sentences": [{"where": f.location, "sentence": f.sentence,  # type: ignore[attr-defined]
                                        "problem": f.message.split(" in “", 1)[0]} for f in findings]}
    if truncated:
        findings.append(Finding(name, "info", f"only the first {MAX_RUNNING_SENTENCES:,} sentences were "
                                "checked (each is compared with all before it; a longer post would take minutes)"))
    return GateResult(name, n <= max_allowed, blocking, max(0.0, 1 - 0.25 * n), value, findings)
