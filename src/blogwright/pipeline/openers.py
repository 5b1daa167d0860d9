"""No two paragraphs of a post open with the same three words.

A small model answers every "Explain ..." with the same frame ("LLM Ops is a type of ..."), so a post
reads as one sentence pattern per paragraph. A later paragraph that repeats an earlier opener is
repaired deterministically: its second sentence moves first when that sentence stands on its own
(and the paragraph has three or more, so the last stays last), otherwise a short connective leads
("In practice, LLM Ops is a type of ..."). The pass runs again after the top-up: a connective never
leads two paragraphs, and a paragraph an earlier pass led with one gets another in its place, not a
second in front ("Seen another way, day to day, ...").
"""

from __future__ import annotations

import re

from blogwright.pipeline.clean import LEANS, split_sentences  # LEANS: sentences that cannot move first
from blogwright.text.glossary import lookup
from blogwright.text.lexicon import frequency
from blogwright.text.tokens import STOPWORDS

CONNECTIVES = ("In practice,", "On top of that,", "Put simply,", "Beyond that,", "Day to day,",
               "Seen another way,", "Just as important,", "In short,", "For many teams,", "Under the hood,")
# the ones that do not point back at what came before: the only ones a paragraph right under a heading may get
STANDALONE = frozenset({"In practice,", "Day to day,", "For many teams,", "Under the hood,"})


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


def vary_openers(paragraphs: list[str], post_text: str = "", protected: frozenset[int] = frozenset(),
                 kept: frozenset[int] = frozenset(), unled: frozenset[int] = frozenset()) -> tuple[list[str], list[str]]:
    """(paragraphs, what changed). A paragraph in `protected` (one that ends with a canned sign-off)
    keeps its sentence order: only a connective may lead it. One in `kept` is left as it is. One in `unled` (the
    first under a heading) gets a connective that points back only when no other one is left (`STANDALONE`): "On
    top of that, ..." right after a heading pointed back across it to nothing (stop 34's runbook post)."""
    seen: set[str] = set()
    out: list[str] = []
    changes: list[str] = []
    used = 0
    # a connective already leading a paragraph (an earlier pass put it there) is not used again
    taken = {c for c in CONNECTIVES if any(p.startswith(f"{c} ") for p in paragraphs)}
    for i, para in enumerate(paragraphs):
        key = opener(para)
        if not key or key not in seen or i in kept:
            seen.add(key)
            out.append(para)
            continue
        original = para
        led = next((c for c in CONNECTIVES if para.startswith(f"{c} ")), "")
        if led:  # one connective, not two ("Seen another way, day to day, ..."): swap it
            para = para[len(led) + 1:]
            para = para[:1].upper() + para[1:]
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
            if lead in taken and used <= len(CONNECTIVES):
                continue  # the first round skips the connectives the post already uses
            if i in unled and lead not in STANDALONE and used <= 2 * len(CONNECTIVES):
                continue  # (the last round takes any: two paragraphs opening alike read worse)
            candidate = f"{lead} {_lower_first(para, post_text)}"
            if opener(candidate) not in seen:
                fixed = candidate
                taken.add(lead)
        fixed = fixed or original
        changes.append(f"paragraph {i + 1} opened like an earlier one ({key!r}); now {opener(fixed)!r}")
        seen.add(opener(fixed))
        out.append(fixed)
    return out, changes
