"""Split documents into passages of about 60-120 words, on sentence boundaries.

A passage never crosses a heading when it already has enough words, and remembers the heading it
sits under (for the References list). Its position is its index within the source. It keeps its
document's paragraphs (a blank line between them): a list item or a line that introduces a list
("Switch to AOF on live database:") has no full stop, so joined to the next one with a space it
read as one run-on sentence ("... database: Enable AOF: redis-cli config set appendonly yes
Optionally disable RDB: ...", a nonsense fact in a research post at stop 32).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from blogwright.grounding.sources import Source
from blogwright.text.sentences import split_sentences

MIN_WORDS = 60
MAX_WORDS = 120


@dataclass(frozen=True)
class Passage:
    source_id: str
    index: int  # position within the source (0-based)
    text: str
    heading: str = ""
    word_start: int = 0  # words of the source before this passage

    @property
    def id(self) -> str:
        return f"{self.source_id}#{self.index}"

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def sentences(self) -> list[str]:
        """Its sentences: a paragraph break (a list item's end) always ends one."""
        return [s for para in PARAGRAPH_BREAK.split(self.text) for s in split_sentences(para)]


PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def split_text(text: str) -> list[tuple[str, str, bool]]:
    """(heading, sentence, ends its paragraph) of a document: '# ' lines set the heading, blank lines
    split paragraphs (each list item is one: `text.html.extract_main_text` reads pages so).

    A very long 'sentence' (a list or a table flattened without punctuation) is cut into pieces
    of MAX_WORDS words so that no passage runs away.
    """
    out: list[tuple[str, str, bool]] = []
    heading = ""
    for block in PARAGRAPH_BREAK.split(text):
        block = block.strip()
        if not block:
            continue
        if block.startswith("# ") and "\n" not in block:
            heading = block[2:].strip()
            continue
        if block.startswith("# "):
            first, block = block.split("\n", 1)
            heading = first[2:].strip()
        pieces = [" ".join(words[i:i + MAX_WORDS]) for s in split_sentences(block)
                  for words in [s.split()] for i in range(0, len(words), MAX_WORDS)]
        out += [(heading, piece, i == len(pieces) - 1) for i, piece in enumerate(pieces)]
    return out


Sentence = tuple[str, bool]  # (sentence, ends its paragraph)


def _blocks(pairs: list[tuple[str, str, bool]], min_words: int) -> list[tuple[str, list[Sentence]]]:
    """Consecutive sentences under one heading; a tiny block (< min_words / 3) joins the next."""
    blocks: list[tuple[str, list[Sentence]]] = []
    for heading, sentence, last in pairs:
        if blocks and blocks[-1][0] == heading:
            blocks[-1][1].append((sentence, last))
        else:
            blocks.append((heading, [(sentence, last)]))
    merged: list[tuple[str, list[Sentence]]] = []
    carry: list[Sentence] = []
    for heading, sents in blocks:
        sents = carry + sents
        if sum(len(x.split()) for x, _ in sents) < min_words // 3:
            carry = sents
            continue
        merged.append((heading, sents))
        carry = []
    if carry:
        if merged:
            merged[-1][1].extend(carry)
        else:
            merged.append((blocks[-1][0], carry))
    return merged


def _chunks(sents: list[Sentence], min_words: int, max_words: int) -> list[list[Sentence]]:
    """Split one block's sentences into n chunks of about equal size, each <= max_words if possible."""
    sizes = [len(x.split()) for x, _ in sents]
    total = sum(sizes)
    n = max(1, math.ceil(total / max_words), round(total / ((min_words + max_words) / 2)))
    per = total / n
    chunks: list[list[Sentence]] = [[]]
    cur = done = 0
    for sentence, w in zip(sents, sizes):
        target = per * len(chunks) - done
        if chunks[-1] and len(chunks) < n and (cur + w > max_words or abs(cur + w - target) > abs(cur - target)):
            chunks.append([])
            done += cur
            cur = 0
        chunks[-1].append(sentence)
        cur += w
    return chunks


def split_passages(source: Source, min_words: int = MIN_WORDS, max_words: int = MAX_WORDS) -> list[Passage]:
    """Sentence-aligned passages of about min_words..max_words words, never across a heading
    (a section shorter than min_words gives a shorter passage)."""
    out: list[Passage] = []
    start = 0
    for heading, sents in _blocks(split_text(source.text), min_words):
        for chunk in _chunks(sents, min_words, max_words):
            text = "".join(f"{s}\n\n" if last else f"{s} " for s, last in chunk).strip()
            out.append(Passage(source_id=source.id, index=len(out), text=text, heading=heading, word_start=start))
            start += len(text.split())
    return out
