"""Invented terms: technical-looking tokens a small model made up ("LLLM Ops",
"LOne-Layer Reinforcement Learning").

A term is invented when it holds an *odd token* (an unknown acronym, a token with odd casing
such as "LOne" or "BLogs", an unknown CamelCase word, or a letter tripled as in "LLLM") that
is in neither the brief/notes/sources, the English dictionary, nor the lists of common tech
terms and acronyms, and is not spelled out in the text ("Retrieval Augmented Generation (RAG)").
The whole capitalised phrase around the odd token is reported.
"""

from __future__ import annotations

import re

from blogwright.checks.settings import GateConfig
from blogwright.checks.text import mask
from blogwright.checks.types import CheckContext, Finding, GateResult
from blogwright.text.document import ParsedMarkdown
from blogwright.text.lexicon import (
    ACRONYMS,
    FUNCTION_WORDS,
    KNOWN_MIXED,
    OPS_WORDS,
    TECH_TERMS,
    acronym_expansions,
    frequency,
)

TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'’][A-Za-z0-9]+)*")
JOINERS = frozenset({"of", "and", "for", "the", "to", "in", "on", "&"})


def _ctx_terms(ctx: CheckContext | None) -> tuple[set[str], str]:
    text = ctx.text() if ctx else ""
    toks = {t.lower() for t in TOKEN.findall(text)}
    return toks | {p for t in toks for p in re.split(r"[-'’]", t) if p}, text


def odd_token(tok: str, known: set[str], expansions: set[str]) -> bool:
    """True when `tok` (one word, maybe hyphenated) looks technical and is known nowhere."""
    for piece in re.split(r"[-'’]", tok):
        if piece and _odd_piece(piece, known, expansions):
            return True
    return False


def _odd_piece(p: str, known: set[str], expansions: set[str]) -> bool:
    low = p.lower()
    if low in known or p in KNOWN_MIXED or p in OPS_WORDS or any(c.isdigit() for c in p):
        return False
    if re.search(r"([A-Za-z])\1\1", p):
        return True  # "LLLM", "Appple"
    if re.fullmatch(r"[A-Z]{2,7}s?", p):
        a = p[:-1] if p.endswith("s") else p
        if a in ACRONYMS or a in expansions or a.lower() in known or re.fullmatch(r"[IVXLCDM]+", a):
            return False
        return not (frequency(low) > 0 or frequency(a.lower()) > 0)  # "LLLM"; not "VERY"
    m = re.fullmatch(r"([A-Z]{2,})([a-z]+)", p)
    if m:  # "LOne", "BLogs" (a stray capital) but not "SQLAlchemy", "MLflow"
        head, tail = m.groups()
        for a, rest in ((head, tail), (head[:-1], head[-1] + tail)):
            if (a in ACRONYMS or a in expansions) and (frequency(rest.lower()) or rest in OPS_WORDS):
                return False
        return True
    if re.fullmatch(r"[A-Z]?[a-z]+(?:[A-Z][a-z]+)+", p):  # CamelCase: odd if a part is unknown
        parts = re.findall(r"[A-Z]?[a-z]+", p)
        return not all(frequency(x.lower()) > 0 or x.lower() in TECH_TERMS for x in parts)
    return False


def _phrases(text: str) -> list[list[str]]:
    """Runs of capitalised or technical-looking tokens (with 'of', 'and' inside); a run's
    sentence-initial ordinary word ("Again", "The") is left out."""
    runs: list[list[str]] = []
    run: list[str] = []
    pending: list[str] = []
    starts = True  # at a sentence start
    for m in re.finditer(r"\S+", text):
        raw = m.group(0)
        core = raw.strip("\"'“”‘’()[]{}*_,.;:!?")
        word = core if TOKEN.fullmatch(core or "-") else ""
        if run and raw[:1] in "([{\"“":
            runs.append(run)  # "LIMPAC (Limited ...)": a new phrase starts at the bracket
            run, pending = [], []
        if word and (word[0].isupper() or any(c.isupper() for c in word[1:])):
            if not (starts and not run and word.istitle() and frequency(word.lower()) > 0):
                run += pending + [word]
            pending = []
        elif word and word.lower() in JOINERS and run:
            pending.append(word)
        else:
            if run:
                runs.append(run)
            run, pending = [], []
        starts = bool(re.search(r"[.!?:]$", raw.rstrip("\"'”’*_)")))
        if run and re.search(r"[,.;:!?)\]]$", raw.rstrip("\"'”’*_")):
            runs.append(run)
            run, pending = [], []
    if run:
        runs.append(run)
    return runs


def invented_terms(text: str, ctx: CheckContext | None = None) -> list[str]:
    """Terms in `text` that look technical but are known nowhere (each once, in order)."""
    known, ctx_text = _ctx_terms(ctx)
    masked = mask(text)
    expansions = acronym_expansions(masked) | acronym_expansions(ctx_text)
    out: list[str] = []
    for run in _phrases(masked):
        if any(odd_token(w, known, expansions) for w in run):
            while run and (run[0].lower() in JOINERS or run[0].lower() in FUNCTION_WORDS):
                run = run[1:]
            term = " ".join(run)
            if term and term.lower() not in {t.lower() for t in out}:
                out.append(term)
    return out


def gate_terms(doc: ParsedMarkdown, ctx: CheckContext | None, config: GateConfig) -> GateResult:
    findings: list[Finding] = []
    allow = {w.lower() for w in config.allow_words}
    all_text = "\n\n".join(b.text for b in doc.blocks) + "\n" + doc.title
    seen: set[str] = set()
    blocks = [("title", doc.title)] if doc.title else []
    blocks += [(b.where(i), p.text) for b in doc.blocks for i, p in enumerate(b.paragraphs)]
    for where, text in blocks:
        for term in invented_terms(text, ctx):
            if term.lower() in seen or term.lower() in allow:
                continue
            # spelled out elsewhere in the post ("Large Language Model (LLM)")?
            if re.fullmatch(r"[A-Z]{2,7}s?", term) and term.rstrip("s") in acronym_expansions(all_text):
                continue
            seen.add(term.lower())
            findings.append(Finding("terms", "warning", f"invented or unknown term: {term!r}",
                                    where, "use the real term, define it, or add it to the notes"))
    n = len(findings)
    return GateResult("terms", n <= config.max_invented_terms, config.is_blocking("terms"),
                      max(0.0, 1 - 0.25 * n), {"invented": [f.message.split(": ", 1)[1] for f in
                                                            findings]}, findings)
