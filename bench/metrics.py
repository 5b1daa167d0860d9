"""Per-post quality metrics for the benchmark, built on `blogwright.checks`, plus statistics.

Every metric is computed the same way for a pipeline post and a single-shot answer:
the Markdown is parsed with `parse_markdown`; the "body" is the prose of the intro, sections and
conclusion (no front matter, title or TL;DR), with Markdown markup stripped. The length score S_l is
on every word below the front matter as a reader counts them (`checks.reader_words`). When a checks
function this needs is missing, a small private fallback here is used and its name is recorded
in `FALLBACKS_USED` (the benchmark writes that list into its JSON).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from blogwright.checks.structure import SHORT_POST_WORDS

FALLBACKS_USED: set[str] = set()
AUDIENCE_GRADE = {"newbie": 8.0, "practitioner": 10.0, "expert": 12.0}
NOTE_COVERED_AT = 0.6
MIN_PARAGRAPH_WORDS = 5

# metric key -> (label, higher is better?, kind); kind "share" values are 0..1 means of booleans
METRICS: dict[str, tuple[str, bool, str]] = {
    "length_score": ("length score S_l (0-100)", True, "score"),
    "blocking_passed": ("blocking gates passed (share)", True, "share"),
    "structured": ("structured: ## sections + front matter", True, "share"),
    "rep_2": ("rep-2 (repeated bigrams)", False, "ratio"),
    "rep_4": ("rep-4 (repeated 4-grams)", False, "ratio"),
    "distinct_2": ("distinct-2", True, "ratio"),
    "misspelled_glued_per_1k": ("misspelled + glued per 1k words", False, "rate"),
    "invented_per_1k": ("invented terms per 1k words", False, "rate"),
    "on_topic_mean": ("mean paragraph-topic similarity", True, "ratio"),
    "off_topic_share": ("off-topic paragraph share", False, "share"),
    "leaked_tokens": ("leaked tokens (count)", False, "count"),
    "ends_sentence": ("ends on a full sentence", True, "share"),
    "grade_distance": ("FK grade distance from audience target", False, "grade"),
    "notes_covered": ("notes covered (share)", True, "share"),
    "fabricated_expansions": ("fabricated expansions (count, gate `expansions`)", False, "count"),
    "contradictions": ("contradictions of notes (count, gate `contradictions`)", False, "count"),
    "redefinitions": ("redefined key terms (count, gate `redefinition`)", False, "count"),
    "meta_talk": ("meta-talk sentences (count, gate `meta`)", False, "count"),
    "topic_pasted_headings": ("headings pasting a 4+ word topic (count)", False, "count"),
    "same_opener_pairs": ("paragraphs opening like an earlier one (count)", False, "count"),
}

STOPWORDS = frozenset("""a an the and or but if of to in on at by for with from as is are was were be
    been being it its this that these those you your we our they their he she his her them what why
    how when where which who into about over under than then so not no do does did can could should
    would will just also more most very much many some any all each every other such own there here
    out up down only both nor too now one has have had may might must""".split())
TOKEN = re.compile(r"[a-z0-9]+(?:[.'’][a-z0-9]+)*")
LEAK = re.compile(r"<\|[A-Za-z_]+\|>|</?s>|\[/?INST\]|<</?SYS>>|\{\{[^}]*\}\}|\{%[^%]*%\}", re.I)


# ---------------------------------------------------------------- headings and openers (issue 13)

def topic_pasted_headings(headings: Sequence[str], topic: str) -> int:
    """Headings that contain the whole topic (case and punctuation ignored) when it has 4+ words."""
    words = TOKEN.findall(topic.lower())
    if len(words) < 4:
        return 0
    needle = " ".join(words)
    return sum(needle in " ".join(TOKEN.findall(h.lower())) for h in headings)


def _findings(report: Any, gate: str) -> float:
    """How many findings a gate of the report has (NaN when the gate did not run)."""
    g = report.gates.get(gate)
    return float(len(g.findings)) if g is not None else math.nan


def same_opener_pairs(paragraphs: Sequence[str]) -> int:
    """Paragraphs whose first three words (lower case) open an earlier paragraph too."""
    seen: set[tuple[str, ...]] = set()
    repeats = 0
    for p in paragraphs:
        key = tuple(TOKEN.findall(p.lower())[:3])
        if len(key) < 3:
            continue
        repeats += key in seen
        seen.add(key)
    return repeats


# ---------------------------------------------------------------- notes coverage (bench's own)

def content_words(text: str) -> list[str]:
    """Lower-case words and numbers ("2.7.18", "443") minus stopwords and one-letter words."""
    return [w for w in TOKEN.findall(text.lower().replace("’", "'"))
            if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def note_covered(note: str, text: str, threshold: float = NOTE_COVERED_AT) -> bool:
    """A note is covered when >= `threshold` of its distinct content words appear anywhere in the
    text (case-insensitive, a plural 's' ignored). A note with no content words counts as covered."""
    need = {_stem(w) for w in content_words(note)}
    if not need:
        return True
    have = {_stem(w) for w in content_words(text)}
    return len(need & have) / len(need) >= threshold


def notes_coverage(notes: Sequence[str], text: str) -> float:
    """Share of `notes` covered by `text` (NaN when there are no notes)."""
    notes = [n for n in notes if n.strip()]
    if not notes:
        return math.nan
    return sum(note_covered(n, text) for n in notes) / len(notes)


# ---------------------------------------------------------------- paired bootstrap

def paired_bootstrap(a: Sequence[float], b: Sequence[float], n_resamples: int = 10_000,
                     seed: int = 20261126, level: float = 0.95) -> dict[str, Any]:
    """Mean of a, mean of b, mean paired difference a - b and its percentile bootstrap CI.

    Pairs where either value is NaN/None are dropped; resampling is over pairs, with a fixed RNG."""
    x = np.asarray([math.nan if v is None else v for v in a], dtype=float)
    y = np.asarray([math.nan if v is None else v for v in b], dtype=float)
    keep = np.isfinite(x) & np.isfinite(y)
    x, y = x[keep], y[keep]
    out: dict[str, Any] = {"n": int(len(x)), "pipeline": math.nan, "baseline": math.nan,
                           "diff": math.nan, "ci_low": math.nan, "ci_high": math.nan}
    if len(x) == 0:
        return out
    d = x - y
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(d), size=(n_resamples, len(d)))
    means = d[idx].mean(axis=1)
    alpha = (1 - level) / 2
    out.update(pipeline=float(x.mean()), baseline=float(y.mean()), diff=float(d.mean()),
               ci_low=float(np.quantile(means, alpha)), ci_high=float(np.quantile(means, 1 - alpha)))
    return out


# ---------------------------------------------------------------- checks API, with fallbacks

def _checks(name: str) -> Any:
    fn = None
    for module in ("blogwright.checks", "blogwright.checks.prose"):
        try:
            fn = fn or getattr(__import__(module, fromlist=["_"]), name, None)
        except ImportError:
            pass
    if fn is None:
        FALLBACKS_USED.add(name)
        fn = globals()[f"_fallback_{name}"]
    return fn


def _fallback_length_score(words: int, target: int) -> float:
    """LongWriter S_l: 100 at the target, falling to 0 at 4x the target or at a third of it."""
    if words <= 0 or target <= 0:
        return 0.0
    r = words / target
    return max(0.0, 100 * (1 - (r - 1) / 3)) if r > 1 else max(0.0, 100 * (1 - (1 / r - 1) / 2))


def _fallback_rep_n(text: str, n: int) -> float:
    grams = _ngrams(text, n)
    return 1 - len(set(grams)) / len(grams) if grams else 0.0


def _fallback_distinct_n(text: str, n: int) -> float:
    grams = _ngrams(text, n)
    return len(set(grams)) / len(grams) if grams else 0.0


def _ngrams(text: str, n: int) -> list[tuple[str, ...]]:
    toks = TOKEN.findall(text.lower())
    return [tuple(toks[i:i + n]) for i in range(len(toks) - n + 1)]


def _fallback_ends_sentence(text: str) -> bool:
    return bool(re.search(r"[.!?…][\"'”’)\]*_]*\s*$", text))


# ---------------------------------------------------------------- one post

def without_references(markdown: str) -> str:
    """The post without a trailing `## References` list: citations are not prose (its last item
    never 'ends on a full sentence', and its words are not the post's words)."""
    return re.split(r"\n##\s+References\s*\n", markdown, maxsplit=1)[0]


def _body(doc: Any) -> tuple[str, list[str]]:
    """(plain body text, its paragraphs) from a ParsedMarkdown: prose without the TL;DR."""
    try:
        from blogwright.checks.prose import plain
    except ImportError:  # pragma: no cover - parse.py ships with prose.py
        def plain(t: str) -> str:
            return t
    paras = [plain(p.text) for b in doc.prose_blocks() for p in b.paragraphs]
    paras = [p for p in paras if p.strip()]
    return "\n\n".join(paras), paras


def _reader_words(doc: Any) -> int:
    """Every word below the front matter as a reader counts them (title, TL;DR, headings, prose):
    what S_l is scored on, as the length gate does."""
    return int(_checks("reader_words")(doc))


def _fallback_reader_words(doc: Any) -> int:
    return sum(len(p.text.split()) for b in doc.prose_blocks(with_tldr=True) for p in b.paragraphs)


def leaked_tokens(markdown: str, report: Any = None) -> int:
    """Chat-template / template-syntax tokens in the text: the leaks gate's count when it gives
    one, else a regex count of <|...|>, </s>, [INST], <<SYS>>, {{ }} and {% %}."""
    gate = getattr(report, "gates", {}).get("leaks") if report is not None else None
    value = getattr(gate, "value", None)
    if isinstance(value, dict):
        for key in ("leaks", "leaked", "tokens", "count"):
            if isinstance(value.get(key), (int, float)):
                return int(value[key])
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value)
    return len(LEAK.findall(markdown))


def post_metrics(markdown: str, *, topic: str, audience: str, target_words: int,
                 notes: Sequence[str] = (), keywords: Sequence[str] = ()) -> dict[str, Any]:
    """Every benchmark metric for one Markdown post (see METRICS), plus body words and the
    names of the gates that failed."""
    from blogwright.checks import CheckContext, GateConfig, parse_markdown
    from blogwright.pipeline.gates import check_post

    config = GateConfig()
    ctx = CheckContext(topic=topic, keywords=list(keywords), notes=list(notes),
                       target_words=target_words, audience=audience)
    doc = parse_markdown(without_references(markdown))
    body, paras = _body(doc)
    n_words = len(body.split())
    report = check_post(markdown, ctx, config)
    blocking = [g for g in report.gates.values() if g.blocking]
    spelling = getattr(report.gates.get("spelling"), "value", None) or {}
    glued = getattr(report.gates.get("glued"), "value", None) or {}
    checked_words = spelling.get("words") or n_words
    bad = (spelling.get("misspelled", 0) or 0) + (glued.get("glued", 0) or 0)
    long_paras = [p for p in paras if len(p.split()) >= MIN_PARAGRAPH_WORDS]
    sims = list(_checks("paragraph_similarities")(long_paras, topic)) if long_paras else []
    fk = _checks("fk_grade")(body) if body.strip() else math.nan
    has_sections = any(h.level == 2 for h in doc.headings)  # a short post (<= 250 words) needs none
    front_ok = isinstance(doc.front_matter, dict) and not doc.front_matter_error
    per_1k = 1000 / n_words if n_words else math.nan
    return {
        "body_words": n_words,
        "reader_words": _reader_words(doc),
        "length_score": float(_checks("length_score")(_reader_words(doc), target_words)),
        "blocking_passed": sum(g.passed for g in blocking) / len(blocking) if blocking else math.nan,
        "structured": float((has_sections or 0 < target_words <= SHORT_POST_WORDS) and front_ok),
        "rep_2": float(_checks("rep_n")(body, 2)),
        "rep_4": float(_checks("rep_n")(body, 4)),
        "distinct_2": float(_checks("distinct_n")(body, 2)),
        "misspelled_glued_per_1k": bad * 1000 / checked_words if checked_words else math.nan,
        "glued_words": int(glued.get("glued", 0) or 0),
        "invented_per_1k": len(_checks("invented_terms")(body, ctx)) * per_1k if n_words else math.nan,
        "on_topic_mean": float(np.mean(sims)) if sims else math.nan,
        "off_topic_share": (sum(s < config.min_topic_similarity for s in sims) / len(sims)
                            if sims else math.nan),
        "leaked_tokens": leaked_tokens(markdown, report),
        "leaks_other": {k: v for k, v in (getattr(report.gates.get("leaks"), "value", None) or {}).items()
                        if k != "tokens"},
        "ends_sentence": float(bool(paras) and bool(_checks("ends_sentence")(paras[-1]))),
        "grade_distance": abs(fk - AUDIENCE_GRADE[audience]) if math.isfinite(fk) else math.nan,
        "notes_covered": notes_coverage(notes, body),
        "fabricated_expansions": _findings(report, "expansions"),
        "contradictions": _findings(report, "contradictions"),
        "redefinitions": _findings(report, "redefinition"),
        "meta_talk": _findings(report, "meta"),
        "topic_pasted_headings": topic_pasted_headings([h.text for h in doc.headings if h.level >= 2], topic),
        "same_opener_pairs": same_opener_pairs(long_paras),
        "failed_gates": [n for n, g in report.gates.items() if not g.passed],
        "blocking_failed": [g.name for g in blocking if not g.passed],
        "errors": [f"{f.gate}: {f.message} ({f.location})" for f in report.findings
                   if f.severity == "error"][:12],
    }
