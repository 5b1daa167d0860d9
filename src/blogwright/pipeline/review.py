"""Review stage: choose the best of several section candidates and repair what is certain."""

from __future__ import annotations

from .clean import clean_prose, dedupe_sentences, split_sentences
from .context import RunContext
from .draft import draft_section
from .types import Outline, Post, Section


def section_score(section: Section, target_words: int) -> float:
    """Higher is better: near its word budget, and no notes of trouble."""
    ratio = section.words / max(1, target_words)
    length = 1 - min(1.0, abs(1 - ratio))
    return length - 0.5 * len(section.notes)


def best_section(ctx: RunContext, outline: Outline, index: int, seen: set[str],
                 candidates: int = 1) -> Section:
    """Draft `candidates` versions of a section and keep the best scoring one."""
    best: Section | None = None
    best_seen = seen
    for variant in range(max(1, candidates)):
        trial_seen = set(seen)
        section = draft_section(ctx, outline, index, trial_seen, variant=variant)
        score = section_score(section, outline.sections[index].words)
        if best is None or score > section_score(best, outline.sections[index].words):
            best, best_seen = section, trial_seen
    seen.clear()
    seen.update(best_seen)
    return best  # type: ignore[return-value]


def review_post(ctx: RunContext, post: Post) -> Post:
    """Post-level repairs that need no model: cross-section repeats, unfinished endings."""
    seen: set[str] = set()
    post.intro = clean_prose(post.intro, seen) or post.intro
    for section in post.sections:
        paragraphs = [p for p in (" ".join(dedupe_sentences(split_sentences(par), seen))
                                  for par in section.text.split("\n\n")) if p]
        if paragraphs:
            section.text = "\n\n".join(paragraphs)
    post.conclusion = clean_prose(post.conclusion, seen) or post.conclusion
    return post
