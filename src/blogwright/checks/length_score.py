"""Length against the target: LongWriter's S_l (Bai et al., 2024)."""

from __future__ import annotations

from blogwright.checks.prose import plain
from blogwright.checks.settings import GateConfig
from blogwright.checks.structure import SHORT_POST_WORDS
from blogwright.checks.types import CheckContext, Finding, GateResult
from blogwright.model.brief import MIN_WORDS
from blogwright.text.document import ParsedMarkdown, reader_words


def length_score(words: float, target: float) -> float:
    """S_l in 0..100: 100 at the target; above it 100*(1 - (l'/l - 1)/3) (0 at 4x);
    below it 100*(1 - (l/l' - 1)/2) (0 at a third). No target: 100."""
    if target <= 0:
        return 100.0
    if words <= 0:
        return 0.0
    if words > target:
        score = 100 * (1 - (words / target - 1) / 3)
    else:
        score = 100 * (1 - (target / words - 1) / 2)
    return max(0.0, min(100.0, score))


def body_words(doc: ParsedMarkdown) -> int:
    """Words of intro, sections and conclusion: no front matter, title, headings, TL;DR or code
    (the same parts as `Post.body_words`)."""
    return sum(len(plain(p.text).split()) for b in doc.prose_blocks() for p in b.paragraphs)


def gate_length(doc: ParsedMarkdown, ctx: CheckContext | None, config: GateConfig) -> GateResult:
    words = reader_words(doc)
    target = ctx.target_words if ctx else 0
    blocking = config.is_blocking("length")
    if not target:
        return GateResult("length", True, blocking, 1.0, {"words": words, "target": None},
                          [Finding("length", "info", f"{words} words; no target to compare with")])
    score = length_score(words, target)
    value = {"words": words, "target": target, "s_l": round(score, 2), "body_words": body_words(doc)}
    findings = []
    passed = score >= config.min_length_score
    if not passed:
        how = "short" if words < target else "long"
        findings.append(Finding("length", "error",
                                f"{words} words for a {target}-word target is too {how} "
                                f"(S_l {score:.0f} < {config.min_length_score:.0f})", "body",
                                "expand the thin sections" if how == "short" else "cut repetition"))
    elif score < 90:
        findings.append(Finding("length", "info", f"{words} words for a {target}-word target "
                                f"(S_l {score:.0f})", "body"))
    return GateResult("length", passed, blocking, score / 100, value, findings)


def implied_target(doc: ParsedMarkdown) -> int:
    """The target length of a post checked without one (`check` without `--words`, `publish`): a post
    of at most `SHORT_POST_WORDS` words (as a reader counts them) is the short post it looks like, held
    to the short shape (`##` headings optional) and scored against its own length, at least `MIN_WORDS`
    (so a post of a line or two still fails `length`); 0 (unknown) for a longer post."""
    words = reader_words(doc)
    return max(words, MIN_WORDS) if 0 < words <= SHORT_POST_WORDS else 0
