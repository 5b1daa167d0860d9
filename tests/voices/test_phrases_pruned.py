"""Issue 28, fourth round: `_phrases` grows only the n-grams whose first n-1 words recur, and finds
the same phrases as counting every n-gram of 3 to 12 words (the earlier code, kept here)."""

from __future__ import annotations

import random
from collections import Counter

from blogwright.text.document import Para
from blogwright.voices import profile
from blogwright.voices.extract import Document
from blogwright.voices.habits import notation
from blogwright.voices.learn import builtin_corpus, builtin_corpus_names


def every_ngram(docs: list[Document]) -> list[tuple[str, int]]:
    count: Counter = Counter()
    doc_sets: dict[tuple, set[int]] = {}
    for i, d in enumerate(docs):
        for p in d.paragraphs:
            if p.kind not in ("para", "list"):
                continue
            for s in profile.sentences(p.text):
                t = profile.tokens(s)
                for n in range(3, 13):
                    for j in range(len(t) - n + 1):
                        g = tuple(t[j:j + n])
                        count[g] += 1
                        doc_sets.setdefault(g, set()).add(i)
    min_docs = 2 if len(docs) > 1 else 1
    ok = {g: c for g, c in count.items() if c >= 3 and len(doc_sets[g]) >= min_docs
          and not all(w in profile.FUNCTION_SET for w in g) and not any(notation(w) for w in g)}
    longer = {sub for g, c in ok.items() for sub in (g[1:], g[:-1]) if len(sub) >= 3 and ok.get(sub) == c}
    keep = [(" ".join(g), c) for g, c in ok.items() if g not in longer]
    return sorted(keep, key=lambda x: (-x[1], -len(x[0]), x[0]))[:15]


def test_the_same_phrases_as_counting_every_ngram():
    rng = random.Random(28)
    words = "the a cat sat on mat and then it ran to see what you know about ops I really think so".split()
    lines = ["here is the thing about llm ops", "you know what I mean", "ship it and see what breaks in production today"]
    found = 0
    for _ in range(25):
        docs = []
        for i in range(rng.randrange(1, 5)):
            sents = []
            for _ in range(40):
                s = [rng.choice(words) for _ in range(rng.randrange(3, 12))]
                if rng.random() < 0.3:
                    at = rng.randrange(len(s) + 1)
                    s[at:at] = rng.choice(lines).split()[: rng.randrange(3, 12)]
                sents.append(" ".join(s))
            docs.append(Document(source=f"d{i}", paragraphs=[Para(kind="para", text=". ".join(sents) + ".")]))
        got = profile._phrases(docs)
        assert got == every_ngram(docs)
        found += len(got)
    assert found > 100  # the corpora do have recurring phrases
    for name in builtin_corpus_names():
        assert profile._phrases(builtin_corpus(name)) == every_ngram(builtin_corpus(name))
