"""Small pure helpers on words shared by the stages."""

from __future__ import annotations

import re

from blogwright.text.glossary import prompt_expansions

STOPWORDS = frozenset(
    """a an the and or but if of to in on at by for with from as is are was were be been being it its
    this that these those you your we our they their i me my he she his her them what why how when
    where which who whom vs versus into about over under than then so not no do does did can could
    should would will just also more most very much many some any all each every other such own same
    there here out up down off again further once only both few nor too s t don now one""".split()
)

SMALL_WORDS = frozenset("a an the and or but of to in on at by for with from as vs".split())


def content_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9][a-z0-9+#.-]*[a-z0-9+#]|[a-z0-9]", text.lower())
            if w not in STOPWORDS and len(w) > 1]


def title_case(text: str) -> str:
    words = text.split()
    out = []
    for i, w in enumerate(words):
        if any(c.isupper() for c in w[1:]) or w.isupper():
            out.append(w)  # keep acronyms and camelCase (LLM, MLOps, GitHub)
        elif i and w.lower() in SMALL_WORDS:
            out.append(w.lower())
        else:
            out.append(w[:1].upper() + w[1:])
    return " ".join(out)


def normalize(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", text.lower()).strip()


def overlap(a: str, b: str) -> float:
    """Share of a's content words that appear in b."""
    wa = set(content_words(a))
    return len(wa & set(content_words(b))) / len(wa) if wa else 0.0


# lower-case spelling -> "Spelling (expansion)"; the data (with definitions) lives in text/glossary.py
GLOSSARY = prompt_expansions()


def expand_terms(text: str) -> str:
    """Spell out well-known acronyms once, so a small model does not guess what they mean."""
    out = text
    done: set[str] = set()
    for key in sorted(GLOSSARY, key=len, reverse=True):
        pattern = re.compile(rf"(?<![\w(]){re.escape(key)}(?![\w)])", re.IGNORECASE)
        if any(key in d for d in done):
            continue
        m = pattern.search(out)
        if m and "(" not in out[m.end():m.end() + 2]:
            expansion = GLOSSARY[key]
            out = out[:m.start()] + m.group(0) + expansion[len(key):] + out[m.end():]
            done.add(key)
    return out
