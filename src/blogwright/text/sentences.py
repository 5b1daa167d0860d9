"""One sentence splitter for every part of blogwright (checks, voices, grounding, the pipeline).

A sentence ends at `.`, `!`, `?` or `…` (runs such as `?!` or `...` count once), followed by any
closing quotes or brackets (straight or curly) and citation markers (`air.[1]`), then white space,
then an upper-case letter or a digit (after any opening quote, bracket or emphasis marker). These
do not end a sentence:
- a period after an abbreviation that never ends one (`Dr.`, `e.g.`, `Fig.`, `vs.`), or after an
  ambiguous one (`U.S.`, `Inc.`, `etc.`, an initial `J.`) unless the next word is a common sentence
  opener (`The`, `It`, `Then` ...): "The U.S. Army" stays whole, "to the U.S. Then he left" splits;
- a period after a bare list number ("1. Install it." stays whole);
- anything inside inline code (`` `a. B` ``); a decimal (4.5) or a URL has no space after its dots.
A line that starts with a list marker (`- `, `* `, `1. `) starts a new sentence; other line breaks
are spaces. Measured against sentencex on tests/text/data/sentences.yaml (`python -m
bench.sentences`): see that module's docstring.
"""

from __future__ import annotations

import re

from blogwright.text.tokens import STOPWORDS

SENTENCE_END = re.compile(r'[.!?…](?:["\'”’»)\]]|\[\d+(?:[,–-]\s*\d+)*\])*$')

# possessive and anchored at the start of a run of marks: "......" with no space after used to be
# rescanned from every dot (4,000 dots: 2.4 s; the same matches as the plain pattern)
_BOUNDARY = re.compile(r'(?<![.!?…])[.!?…]++(?:["\'”’»)\]]|\[\d+(?:[,–-]\s*\d+)*\])*+(?=\s)')
_LIST_LINE = re.compile(r"\n[ \t]*(?=(?:[-*+•]|\d{1,3}[.)])[ \t]+\S)")
_CODE = re.compile(r"(`+)[^`].{0,4000}?\1", re.S)  # a code span closes within 4,000 characters
_OPENERS = "\"'“‘«([*_"

# Never end a sentence (lower case, inner dots kept: "e.g").
_ALWAYS = frozenset("""mr mrs ms mx dr prof rev hon gen col capt lt sgt st mt ft fig figs eq eqs
    vol vols ch chap sec pp approx cf vs viz ca e.g i.e esp dept univ""".split())
# End a sentence only when the next word is a common sentence opener ("Inc. The ..." splits).
_AMBIGUOUS = frozenset("""inc ltd co corp llc jr sr etc al no nos jan feb mar apr jun jul aug sep
    sept oct nov dec mon tue wed thu fri sat sun est op ed eds""".split())
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+")  # (full match) U.S., a.m., an initial J.
_ENUMERATOR = re.compile(r"^(?:\(?\d{1,3}|[a-zA-Z]|[ivxIVX]{1,4})[.)]$")


def _protected(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _CODE.finditer(text)] if "`" in text else []


def _starts_sentence(text: str, i: int, lowercase: bool = False) -> bool:
    """True when text[i:] (after a break) begins like a sentence: opener marks, then A-Z or 0-9
    (or any letter with `lowercase`)."""
    n = len(text)
    if text[i] in "-•+*" and i + 1 < n and text[i + 1] == " ":
        i += 2  # an inline list item: "... a trap! - Bring water."
    while i < n and text[i] in _OPENERS:
        i += 1
    return i < n and (text[i].isupper() or text[i].isdigit() or (lowercase and text[i].isalpha()))


def _next_word(text: str, i: int) -> str:
    m = re.match(r"[\W_]*(\w+)", text[i:i + 40])
    return m.group(1).lower() if m else ""


def _ends_here(text: str, start: int, m: re.Match[str], after: int) -> bool:
    """Does the punctuation run `m` close the sentence that began at `start`?"""
    run = m.group(0)
    if "!" in run or "?" in run or "…" in run or run.startswith(".."):
        return True
    if not run.startswith(".") or run[1:2] == "[":
        return True  # "air.[1] It": a citation after the period marks a real ending
    long_seg = m.start() + 1 - start > 200  # only the end of a long one is read (linear time)
    seg = text[max(start, m.start() - 199):m.start() + 1].rsplit("\x00", 1)[-1].strip()
    if not long_seg and _ENUMERATOR.match(seg):
        return False  # "1. Install it": a list number, not a sentence
    words = seg.rsplit(None, 2)
    word = words[-1].lstrip(_OPENERS)
    bare = word[:-1].lower()
    if bare in _ALWAYS:
        return False
    if len(word) == 2 and word[0].isupper():  # "J." is an initial after a name or an initial
        before = words[-2].lstrip(_OPENERS) if len(words) > 1 else ""
        if before and not before[0].isupper():
            return True  # "from A to B. Then", "vitamin C. Next"
    if bare in _AMBIGUOUS or _DOTTED.fullmatch(word):
        nxt = _next_word(text, after)
        return nxt in STOPWORDS and (len(nxt) > 1 or nxt == "i")  # "A. A. Milne" stays whole
    return True


def split_sentences(text: str, lowercase: bool = False) -> list[str]:
    """The sentences of `text` (white space inside a sentence collapsed to single spaces).
    `lowercase=True`: a sentence may start with a small letter (text people type: "write about x.
    make it short."); abbreviations still hold ("e.g. python")."""
    if "\n" in text:
        text = _LIST_LINE.sub("\n\x00", text)
    text = text.strip()
    if not text:
        return []
    code = _protected(text)
    out: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        stop = m.end()
        after = stop
        while after < len(text) and text[after].isspace():
            after += 1
        if after >= len(text) or not _starts_sentence(text, after, lowercase):
            continue
        if code and any(a < stop < b for a, b in code):
            continue
        if not _ends_here(text, start, m, after):
            continue
        out.append(text[start:stop])
        start = after
    out.append(text[start:])
    result = []
    for chunk in out:
        for piece in chunk.split("\x00") if "\x00" in chunk else (chunk,):
            s = " ".join(piece.split())
            if s:
                result.append(s)
    return result


# A code name keeps its lower case where it opens a sentence: "functools.wraps", "os.path", "str()"
# (not "e.g." or "i.e.", which are words). Used with `match` at a sentence's first letter.
CODE_NAME = re.compile(r"(?!e\.g\b|i\.e\b)[a-z][\w-]*(?:[._@/][a-z_]|\(\))")


def as_sentence(text: str) -> str:
    """`text` as a sentence: a capital first letter (not on a code name that opens it: "functools.wraps
    copies ..."), a full stop when it has no end (`.`, `!`, `?`, `…`); "" for blank text."""
    text = text.strip()
    if not text:
        return ""
    if not CODE_NAME.match(text):
        text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?", "…")) else text + "."
