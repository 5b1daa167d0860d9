"""Length at every size: the post's shape for a target, and the fit of the finished post to it.

The target counts every word below the front matter, as a reader would (`checks.reader_words`):
the title, the TL;DR, the headings and the prose. So the budget takes the title, the TL;DR and the
headings off the target before the paragraphs get theirs, and the structure scales with it:

- up to 250 words (and no parts named): a title, a one-sentence TL;DR and two or three short
  paragraphs, no headings;
- up to 400 words: two sections; from 400 words: the full set (3-8 sections of ~120 words).

After drafting, `fit_post` trims whole sentences (never a paragraph's first, never a cited one)
from the longest parts while that brings the post nearer its target.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from blogwright.checks import length_score, parse_markdown, reader_words
from blogwright.checks.structure import FULL_POST_WORDS, SHORT_POST_WORDS
from blogwright.model.post import Post
from blogwright.pipeline.clean import split_sentences

TITLE_WORDS = 8  # a planned title, before it is known
HEADING_WORDS = 4  # an average section heading
WRAP_UP_WORDS = 2  # "Wrapping Up"
MIN_PARAGRAPH = 20  # words: below this a small model's paragraph is a sentence or two anyway
SECTION_WORDS = 120  # a full section
MAX_SECTIONS = 8


@dataclass(frozen=True)
class Shape:
    """Word budgets for a target: intro, conclusion, sections (each `per_section` words) and
    whether the sections have headings."""

    intro: int
    conclusion: int
    sections: int
    per_section: int
    headings: bool
    summary_sentences: int
    summary_words: int


def summary_size(words: int) -> tuple[int, int]:
    """(sentences, at most words) of the TL;DR for a target: one sentence for a short post."""
    if words <= SHORT_POST_WORDS:
        return 1, 25
    if words <= 800:
        return 2, 40
    return 3, 60


def shape(words: int, parts: int = 0, title_words: int = TITLE_WORDS) -> Shape:
    """The post's shape for a target of `words` reader words. `parts`: sections the user named
    (they always get headings, at any length)."""
    n_sum, max_sum = summary_size(words)
    expected_summary = round(max_sum * 0.8) + 1  # "TL;DR:" and the sentence(s)
    furniture = title_words + expected_summary
    if not parts and words <= SHORT_POST_WORDS:
        body = max(2 * MIN_PARAGRAPH, words - furniture)
        if words <= 150:  # two paragraphs: the opening and the close
            intro = body // 2
            return Shape(intro, body - intro, 0, 0, False, n_sum, max_sum)
        intro = conclusion = round(body * 0.3)
        return Shape(intro, conclusion, 1, body - 2 * intro, False, n_sum, max_sum)
    if parts:
        n = parts
    else:
        rough = words - furniture
        n = 2 if words < FULL_POST_WORDS else min(MAX_SECTIONS, max(3, round(rough * 0.8 / SECTION_WORDS)))
    body = max(n * MIN_PARAGRAPH + 2 * 15, words - furniture - n * HEADING_WORDS - WRAP_UP_WORDS)
    edge = max(15, round(body * 0.1))
    per = max(MIN_PARAGRAPH, (body - 2 * edge) // n)
    return Shape(edge, edge, n, per, True, n_sum, max_sum)


def budget(words: int) -> tuple[int, int, int, int]:
    """(intro words, conclusion words, number of sections, words per section) for a post with
    headings (the planner's view; `shape` is the whole story)."""
    s = shape(words, parts=0 if words > SHORT_POST_WORDS else 2)
    return s.intro, s.conclusion, s.sections, s.per_section


def fit_summary(text: str, words: int) -> str:
    """The TL;DR cut to its sentences and words for the target (whole sentences; at least one)."""
    n, most = summary_size(words)
    out: list[str] = []
    for s in split_sentences(text)[:n]:
        if out and len(" ".join(out + [s]).split()) > most:
            break
        out.append(s)
    return " ".join(out) or text


def _cited(sentence: str) -> bool:
    return "[" in sentence and any(c.isdigit() for c in sentence)


def fit_post(post: Post, target: int, render: Callable[[Post], str], keep_last: bool = True) -> int:
    """Trim whole sentences until the post is as near `target` reader words as trimming can make it.
    Candidates: the last sentence of a paragraph with two or more (sections first, the longest part
    first); the conclusion keeps its last sentence (the sign-off) when `keep_last`. Returns the
    number of sentences removed; sections that lost some get a note."""
    words = reader_words(parse_markdown(render(post)))
    removed = 0
    while words > target:
        best = _cut_candidate(post, keep_last)
        if best is None:
            break
        part, para_i, sentences, cut_i = best
        n = len(sentences[cut_i].split())
        if length_score(words - n, target) <= length_score(words, target):
            break
        sentences.pop(cut_i)
        _set(post, part, para_i, " ".join(sentences))
        words -= n
        removed += 1
    return removed


def _parts(post: Post) -> list[tuple[object, str]]:
    """(key, text): sections first (by index), then the intro and the conclusion."""
    return [(i, s.text) for i, s in enumerate(post.sections)] + [("intro", post.intro), ("conclusion", post.conclusion)]


def _cut_candidate(post: Post, keep_last: bool) -> tuple[object, int, list[str], int] | None:
    """The sentence to cut: from the longest part that has one to spare (sections before the
    intro and conclusion when sizes tie), the last removable sentence of its longest paragraph."""
    options = []
    for rank, (key, text) in enumerate(_parts(post)):
        paragraphs = text.split("\n\n")
        for pi, para in enumerate(paragraphs):
            sents = split_sentences(para)
            protect_last = keep_last and key == "conclusion" and pi == len(paragraphs) - 1
            cuttable = [j for j in range(1, len(sents) - (1 if protect_last else 0)) if not _cited(sents[j])]
            if cuttable:
                options.append((len(text.split()), len(para.split()), -rank, key, pi, sents, cuttable[-1]))
    if not options:
        return None
    _, _, _, key, pi, sents, j = max(options, key=lambda o: o[:3])
    return key, pi, sents, j


def _set(post: Post, key: object, para_i: int, text: str) -> None:
    current = post.intro if key == "intro" else post.conclusion if key == "conclusion" else post.sections[key].text  # type: ignore[index]
    paragraphs = current.split("\n\n")
    paragraphs[para_i] = text
    joined = "\n\n".join(p for p in paragraphs if p.strip())
    if key == "intro":
        post.intro = joined
    elif key == "conclusion":
        post.conclusion = joined
    else:
        section = post.sections[key]  # type: ignore[index]
        section.text = joined
        if "trimmed to fit the post's length" not in section.notes:
            section.notes.append("trimmed to fit the post's length")
