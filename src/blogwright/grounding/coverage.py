"""Coverage: which of the user's notes made it into the post, and where.

A note is covered when at least LEXICAL_SHARE of its content words (stemmed) appear in one
section, or when its cosine similarity to some sentence of the post is at least COVER_SIMILARITY.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from blogwright.grounding.embed import Embedder, as_embedder
from blogwright.grounding.terms import stems
from blogwright.model.post import INTRO
from blogwright.text.sentences import split_sentences

LEXICAL_SHARE = 0.6
COVER_SIMILARITY = 0.7


@dataclass
class NoteCoverage:
    note: str
    covered: bool
    where: str | None  # heading of the section that covers it ("intro" before any heading)
    score: float  # max(lexical share, cosine)
    lexical: float = 0.0
    similarity: float = 0.0


def split_post(post: str | list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(heading, text) pairs from Markdown ('## ' headings; text before them is 'intro')."""
    if not isinstance(post, str):
        return [(h, t) for h, t in post]
    post = re.sub(r"\A---\n.*?\n---\n", "", post, flags=re.S)
    out: list[tuple[str, str]] = []
    heading, buf = INTRO, []
    for line in post.splitlines():
        m = re.match(r"^#{1,6}\s+(.+?)\s*#*\s*$", line)
        if m:
            if "".join(buf).strip():
                out.append((heading, "\n".join(buf).strip()))
            heading, buf = m.group(1).strip(), []
        else:
            buf.append(line)
    if "".join(buf).strip():
        out.append((heading, "\n".join(buf).strip()))
    return out


def _clean(text: str) -> str:
    return re.sub(r"\s*\[\d+\]", "", text)


def coverage(notes: list[str], post: str | list[tuple[str, str]], *, embedder: Embedder | None = None,
             lexical_share: float = LEXICAL_SHARE, threshold: float = COVER_SIMILARITY) -> list[NoteCoverage]:
    """One NoteCoverage per note, in the notes' order."""
    sections = [(h, _clean(t)) for h, t in split_post(post)]
    sentences = [(h, s) for h, t in sections for p in re.split(r"\n\s*\n", t) for s in split_sentences(p)]
    if not notes:
        return []
    sims = None
    if sentences:
        embed = as_embedder(embedder)
        sims = embed(list(notes)) @ embed([s for _, s in sentences]).T
    out = []
    section_stems = [(h, stems(t)) for h, t in sections]
    for i, note in enumerate(notes):
        ns = stems(note)
        lex, lex_where = 0.0, None
        for h, ss in section_stems:
            share = len(ns & ss) / len(ns) if ns else 0.0
            if share > lex:
                lex, lex_where = share, h
        sim, sim_where = 0.0, None
        if sims is not None and sims.shape[1]:
            j = int(sims[i].argmax())
            sim, sim_where = float(sims[i, j]), sentences[j][0]
        by_lex, by_sim = lex >= lexical_share, sim >= threshold
        where = (lex_where if by_lex and (not by_sim or lex >= sim) else sim_where) if by_lex or by_sim else None
        out.append(NoteCoverage(note, by_lex or by_sim, where, round(max(lex, sim), 4), round(lex, 4), round(sim, 4)))
    return out


def coverage_report(items: list[NoteCoverage]) -> str:
    """Plain-text report: the notes that made it (and where) and the ones that were dropped."""
    made = [c for c in items if c.covered]
    dropped = [c for c in items if not c.covered]
    lines = [f"notes used: {len(made)} of {len(items)}"]
    lines += [f"  + {c.note}  (in: {c.where})" for c in made]
    if dropped:
        lines.append(f"notes dropped: {len(dropped)}")
        lines += [f"  - {c.note}" for c in dropped]
    return "\n".join(lines)
