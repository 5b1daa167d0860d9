"""Repetition: repeated sentences, rep-n, distinct-n and degenerate loops.

rep-n follows Welleck et al. (2019, unlikelihood training): 1 - unique n-grams / n-grams;
distinct-n (Li et al., 2016) is unique n-grams / n-grams. Both on lower-case word tokens.
"""

from __future__ import annotations

import zlib
from difflib import SequenceMatcher

from blogwright.checks.prose import ngrams, plain, sentences, tokens
from blogwright.checks.settings import GateConfig
from blogwright.checks.types import CheckContext, Finding, GateResult
from blogwright.text.document import ParsedMarkdown
from blogwright.text.tokens import key as text_key

MIN_TOKENS = 20  # below this the metrics say nothing


def rep_n(text: str, n: int) -> float:
    """Share of repeated n-grams: 1 - unique/total (0 for a text shorter than n words)."""
    grams = ngrams(tokens(text), n)
    return 1 - len(set(grams)) / len(grams) if grams else 0.0


def distinct_n(text: str, n: int) -> float:
    """Share of distinct n-grams: unique/total (1 for a text shorter than n words)."""
    grams = ngrams(tokens(text), n)
    return len(set(grams)) / len(grams) if grams else 1.0


def _key(sentence: str) -> str:
    return text_key(sentence)


def similarity(a: str, b: str) -> float:
    """0..1 likeness of two paragraphs, on word tokens (difflib ratio)."""
    return _ratio(tokens(a), tokens(b))


MAX_COMPARED_TOKENS = 600  # a paragraph's first 600 words decide whether it repeats another
EXACT_PAIRS = 2_000  # up to this many paragraph pairs (~63 paragraphs) every pair is compared
SKETCH = 8  # shingles kept per paragraph to find its likely twins in a long post
RECENT = 4  # paragraphs remembered per sketch shingle
MAX_CANDIDATES = 12  # earlier paragraphs compared with each paragraph of a long post


def _ratio(ta: list[str], tb: list[str], at_least: float = 0.0) -> float:
    """difflib's ratio on (at most MAX_COMPARED_TOKENS) tokens; 0 early when the cheap upper
    bounds show it cannot reach `at_least`."""
    if not ta or not tb:
        return 0.0
    sm = SequenceMatcher(None, ta[:MAX_COMPARED_TOKENS], tb[:MAX_COMPARED_TOKENS], autojunk=False)
    if at_least and (sm.real_quick_ratio() < at_least or sm.quick_ratio() < at_least):
        return 0.0
    return sm.ratio()


def _earlier_candidates(toks: list[list[str]]) -> list[list[int]]:
    """For each paragraph, the earlier ones it could repeat, in order. Short posts: all of them
    (EXACT_PAIRS). Long posts: linear time, the paragraphs sharing a word 3-gram of its sketch
    (its SKETCH smallest 3-gram hashes, as in MinHash) plus the 2 just before it; a near-copy shares
    most of its 3-grams, so it shares sketch entries too."""
    n = len(toks)
    if n * (n - 1) // 2 <= EXACT_PAIRS:
        return [list(range(j)) for j in range(n)]
    holders: dict[int, list[int]] = {}
    out: list[list[int]] = []
    for j, t in enumerate(toks):
        t = t[:MAX_COMPARED_TOKENS]
        grams = ({zlib.crc32(f"{t[k]} {t[k + 1]} {t[k + 2]}".encode()) for k in range(len(t) - 2)}
                 or {zlib.crc32(" ".join(t).encode())})  # crc32, not hash(): the same every run
        sketch = sorted(grams)[:SKETCH]
        votes: dict[int, int] = {i: 1 for i in range(max(0, j - 2), j)}
        for g in sketch:
            for i in holders.get(g, ()):
                votes[i] = votes.get(i, 0) + 1
            held = holders.setdefault(g, [])
            held.append(j)
            if len(held) > RECENT:
                del held[0]
        best = sorted(votes, key=lambda i: (-votes[i], -i))[:MAX_CANDIDATES]
        out.append(sorted(best))
    return out


def near_copies(paragraphs: list[str], config: GateConfig) -> set[int]:
    """The paragraphs (by index) that repeat an earlier, kept one with small changes: what the gate calls
    a loop ("paragraph repeats ... with small changes"). The first of a pair is never among them."""
    toks = [tokens(plain(p)) for p in paragraphs]
    out: set[int] = set()
    for j, earlier in enumerate(_earlier_candidates(toks)):
        if len(toks[j]) >= 8 and any(i not in out and _ratio(toks[i], toks[j], config.loop_similarity)
                                     >= config.loop_similarity for i in earlier):
            out.add(j)
    return out


def gate_repetition(doc: ParsedMarkdown, ctx: CheckContext | None, config: GateConfig) -> GateResult:
    findings: list[Finding] = []
    paras = [(b.where(i), plain(p.text)) for b in doc.prose_blocks() for i, p in
             enumerate(b.paragraphs) if p.kind in ("para", "quote", "list")]
    body = "\n\n".join(t for _, t in paras)
    n_tokens = len(tokens(body))
    value = {"rep_2": round(rep_n(body, 2), 4), "rep_4": round(rep_n(body, 4), 4),
             "distinct_2": round(distinct_n(body, 2), 4), "tokens": n_tokens,
             "repeated_sentences": 0, "loops": 0}

    seen: dict[str, str] = {}
    for where, text in paras:
        for s in sentences(text):
            key = _key(s)
            if len(key.split()) < 4:
                continue
            if key in seen:
                value["repeated_sentences"] += 1
                findings.append(Finding("repetition", "error", f"sentence repeated: {s[:80]!r}",
                                        where, f"delete it (first said in {seen[key]})"))
            else:
                seen[key] = where

    toks = [tokens(text) for _, text in paras]
    for j, ((where_j, text_j), earlier) in enumerate(zip(paras, _earlier_candidates(toks), strict=True)):
        if len(toks[j]) < 8:
            continue
        for i in earlier:
            where_i = paras[i][0]
            sim = _ratio(toks[i], toks[j], config.loop_similarity)
            if sim >= config.loop_similarity:
                value["loops"] += 1
                findings.append(Finding(
                    "repetition", "error",
                    f"paragraph repeats {where_i} with small changes ({sim:.0%} alike)", where_j,
                    "delete the repeat or make it say something new"))
                break
        else:
            if len(toks[j]) >= 40 and rep_n(text_j, 4) > 2 * config.max_rep4:
                value["loops"] += 1
                findings.append(Finding("repetition", "error",
                                        f"paragraph loops (rep-4 {rep_n(text_j, 4):.2f})",
                                        where_j, "cut the repeated phrases"))

    if n_tokens >= MIN_TOKENS:
        if value["rep_4"] > config.max_rep4:
            findings.append(Finding("repetition", "error",
                                    f"rep-4 {value['rep_4']:.2f} > {config.max_rep4}: phrases repeat",
                                    "body", "rewrite the repeated passages"))
        if value["distinct_2"] < config.min_distinct2:
            findings.append(Finding("repetition", "error",
                                    f"distinct-2 {value['distinct_2']:.2f} < {config.min_distinct2}: "
                                    "the wording is very repetitive", "body", "vary the wording"))
    else:
        findings.append(Finding("repetition", "info", f"only {n_tokens} words: n-gram metrics skipped"))
    if value["repeated_sentences"] <= config.max_repeated_sentences:
        for f in findings:
            if f.message.startswith("sentence repeated"):
                f.severity = "warning"
    passed = not any(f.severity == "error" for f in findings)
    score = max(0.0, 1 - value["rep_4"] / (2 * max(config.max_rep4, 1e-9))
                - 0.2 * (value["repeated_sentences"] + value["loops"]))
    return GateResult("repetition", passed, config.is_blocking("repetition"), score, value, findings)
