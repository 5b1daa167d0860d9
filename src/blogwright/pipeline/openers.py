"""No two paragraphs of a post open with the same three words.

A small model answers every "Explain ..." with the same frame ("LLM Ops is a type of ..."), so a post
reads as one sentence pattern per paragraph. A later paragraph that repeats an earlier opener is
repaired deterministically: its second sentence moves first when that sentence stands on its own
(and the paragraph has three or more, so the last stays last), otherwise a short connective leads
("In practice, LLM Ops is a type of ...").
"""

from __future__ import annotations

import re

from blogwright.pipeline.clean import split_sentences
from blogwright.text.glossary import lookup
from blogwright.text.lexicon import frequency
from blogwright.text.tokens import STOPWORDS

CONNECTIVES = ("In practice,", "On top of that,", "Put simply,", "Beyond that,", "Day to day,",
               "Seen another way,", "Just as important,", "In short,", "For many teams,", "Under the hood,")
# Sentences that lean on the one before them cannot move first.
LEANS = frozenset("""this that these those it its they them their he she his her but and so also however then
    still yet instead even plus or both such another other here there which""".split())


def opener(text: str, n: int = 3) -> str:
    """The first `n` words of `text`, lower case, without punctuation ('' when it is shorter)."""
    words = re.findall(r"[a-z0-9][a-z0-9'’+#-]*", text.lower())[:n]
    return " ".join(words) if len(words) == n else ""


def _lower_first(sentence: str, post_text: str) -> str:
    """The sentence with its first word in lower case, unless it is a name, an acronym or "I"."""
    m = re.match(r"([A-Za-z][\w'’-]*)", sentence)
    if not m:
        return sentence
    word = m.group(1)
    if word == "I" or not word[0].isupper() or any(c.isupper() for c in word[1:]):
        return sentence
    lower = word.lower()
    named = re.search(rf"[a-z0-9,;:] {re.escape(word)}\b", post_text)  # capitalised mid-sentence: a name
    if lower in STOPWORDS or re.search(rf"\b{re.escape(lower)}\b", post_text) or \
            (not named and frequency(lower) > 0 and lookup(word) is None):
        return lower + sentence[len(word):]
    return sentence


def vary_openers(paragraphs: list[str], post_text: str = "", protected: frozenset[int] = frozenset()
                 ) -> tuple[list[str], list[str]]:
    """(paragraphs, what changed). A paragraph in `protected` (one that ends with a canned sign-off)
    keeps its sentence order: only a connective may lead it."""
    seen: set[str] = set()
    out: list[str] = []
    changes: list[str] = []
    used = 0
    for i, para in enumerate(paragraphs):
        key = opener(para)
        if not key or key not in seen:
            seen.add(key)
            out.append(para)
            continue
        sentences = split_sentences(para)
        fixed = ""
        if len(sentences) >= 3 and i not in protected:  # the last sentence stays last
            second = sentences[1]
            first_word = (re.findall(r"[A-Za-z']+", second)[:1] or [""])[0].lower()
            if first_word not in LEANS and opener(second) and opener(second) not in seen:
                fixed = " ".join([second, sentences[0], *sentences[2:]])
        while not fixed and used < 3 * len(CONNECTIVES):
            lead = CONNECTIVES[used % len(CONNECTIVES)]
            used += 1
            candidate = f"{lead} {_lower_first(para, post_text)}"
            if opener(candidate) not in seen:
                fixed = candidate
        fixed = fixed or para
        changes.append(f"paragraph {i + 1} opened like an earlier one ({key!r}); now {opener(fixed)!r}")
        seen.add(opener(fixed))
        out.append(fixed)
    return out, changes
