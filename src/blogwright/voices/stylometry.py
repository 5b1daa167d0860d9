"""Word, sentence and style counts for voice fingerprints and scores (pure functions, no models).

Every rate is per 1,000 words so corpora and passages of any length compare. Sentence and
paragraph lengths come from prose paragraphs only (list items are often fragments).
"""

from __future__ import annotations

import functools
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from blogwright.text.sentences import split_sentences
from blogwright.text.tokens import FUNCTION_SET, FUNCTION_WORDS, key, tokens
from blogwright.text.tokens import straight_quotes as normalize

__all__ = ["FEATURES", "FUNCTION_SET", "FUNCTION_WORDS", "PERSON", "TextStats", "is_contraction", "key",
           "normalize", "quantile", "sentences", "spread", "stats", "tokens"]

PERSON = {
    "i": frozenset("i me my mine myself i'm i've i'll i'd".split()),
    "you": frozenset("you your yours yourself yourselves you're you've you'll you'd".split()),
    "we": frozenset("we us our ours ourselves we're we've we'll we'd let's".split()),
}
_S_BASES = frozenset("it that there here what who he she let where how everything nothing something "
                     "someone everyone".split())
EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B50\u2B55\u203C\u2049]")
PUNCTUATION = {
    "question": re.compile(r"\?"),
    "exclamation": re.compile(r"!"),
    "dash": re.compile(r"—|–|\s-\s|\s--\s|\w--\w"),
    "parenthesis": re.compile(r"\("),
    "ellipsis": re.compile(r"\.\.\.|…"),
    "semicolon": re.compile(r";"),
    "colon": re.compile(r":(?!//)"),
    "comma": re.compile(r","),
}
# What a passage is compared on (besides word frequencies); all available from one paragraph.
FEATURES = ("sentence_mean", "sentence_sd", "word_length", *PUNCTUATION, "contractions",
            "i", "you", "we", "emoji")


# The project's one splitter, allowing lower-case sentence starts: a writer who never capitalises
# ("it works. mostly.") is measured in sentences, not in one 40-word run-on.
sentences = functools.partial(split_sentences, lowercase=True)


def is_contraction(token: str) -> bool:
    if "'" not in token:
        return False
    base, _, suffix = token.partition("'")
    if suffix in ("t", "re", "ve", "ll", "d", "m") or token.endswith("n't"):
        return True
    return suffix == "s" and base in _S_BASES


def quantile(sorted_values: list[float], q: float) -> float:
    """Linear-interpolation quantile of an already sorted list (0 for an empty one)."""
    if not sorted_values:
        return 0.0
    pos = (len(sorted_values) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def spread(values: list[float]) -> dict[str, float]:
    """mean, sd and quantiles of a list of lengths, rounded for stable JSON."""
    vals = sorted(values)
    out = {"mean": statistics.fmean(vals) if vals else 0.0,
           "sd": statistics.pstdev(vals) if len(vals) > 1 else 0.0}
    for q in (10, 25, 50, 75, 90):
        out[f"q{q}"] = quantile(vals, q / 100)
    return {k: round(v, 3) for k, v in out.items()}


@dataclass
class TextStats:
    """Counts over some prose: word counts for Delta, per-1,000-word rates for the features."""

    counts: Counter = field(default_factory=Counter)
    words: int = 0
    sentence_lengths: list[int] = field(default_factory=list)
    paragraph_lengths: list[int] = field(default_factory=list)
    punctuation: dict[str, int] = field(default_factory=dict)
    contractions: int = 0
    person: dict[str, int] = field(default_factory=dict)
    emoji: int = 0
    letters: int = 0

    def rate(self, n: float) -> float:
        return 1000.0 * n / self.words if self.words else 0.0

    def per_1000(self, word: str) -> float:
        return self.rate(self.counts.get(word, 0))

    def features(self) -> dict[str, float]:
        """The feature vector compared by `score.voice_distance` (names in FEATURES)."""
        lengths = self.sentence_lengths
        out = {"sentence_mean": statistics.fmean(lengths) if lengths else 0.0,
               "sentence_sd": statistics.pstdev(lengths) if len(lengths) > 1 else 0.0,
               "word_length": self.letters / self.words if self.words else 0.0}
        out.update({k: self.rate(v) for k, v in self.punctuation.items()})
        out["contractions"] = self.rate(self.contractions)
        out.update({k: self.rate(v) for k, v in self.person.items()})
        out["emoji"] = self.rate(self.emoji)
        return {k: round(out[k], 4) for k in FEATURES}


def stats(paragraphs: list[tuple[str, str]]) -> TextStats:
    """Count (kind, text) paragraphs: kinds 'para' and 'list' are prose; others are skipped."""
    st = TextStats(punctuation={k: 0 for k in PUNCTUATION}, person={k: 0 for k in PERSON})
    for kind, text in paragraphs:
        if kind not in ("para", "list"):
            continue
        text = normalize(text)
        toks = tokens(text)
        if not toks:
            continue
        st.counts.update(toks)
        st.words += len(toks)
        st.letters += sum(len(t.replace("'", "")) for t in toks)
        st.contractions += sum(1 for t in toks if is_contraction(t))
        for name, words in PERSON.items():
            st.person[name] += sum(1 for t in toks if t in words)
        for name, pattern in PUNCTUATION.items():
            st.punctuation[name] += len(pattern.findall(text))
        st.emoji += len(EMOJI.findall(text))
        if kind == "para":
            st.paragraph_lengths.append(len(toks))
            st.sentence_lengths.extend(n for n in (len(tokens(s)) for s in sentences(text)) if n)
    return st
