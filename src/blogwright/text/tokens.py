"""Words: one tokenizer, one function-word (stop-word) list, content words, stems and one overlap
measure, shared by the checks, the voices, grounding and the pipeline.

- `tokens(text)`: lower-case words in any script (é, ü, ß, я are letters), digits, contractions kept
  whole ("you're"); curly apostrophes count as straight ones; other punctuation is dropped.
- `FUNCTION_WORDS`: ~170 topic-free English words (their rates fingerprint a voice); `STOPWORDS`
  is that list plus the debris of split contractions and "vs": what `content_words` leaves out.
- `content_words(text)`: the words that carry meaning, technical tokens kept whole (c++, c#,
  node.js, 2.7.18, gpt-4, well-known).
- `stem`, `stems`: a light stemmer (cache/caches/cached/caching compare equal).
- `overlap(a, b)`: the share of a's content stems found in b (0..1), the one word-overlap measure.
"""

from __future__ import annotations

import re

from blogwright.text.glossary import prompt_expansions

# ~170 function words: topic-free, so their frequencies say how someone writes, not what about.
# The order is part of voice profiles (voices/profile.py): append, never reorder.
FUNCTION_WORDS = tuple("""
a about above after again against all almost also although always am among an and another any
anything are around as at be because been before being below between both but by can could did do
does doing down during each either enough even ever every few for from further had has have having
he her here hers herself him himself his how however i if in into is it its itself just least less
like many may me might mine more most much must my myself neither never no nor not now of off often
on once one only or other our ours ourselves out over own perhaps quite rather same she should since
so some something still such than that the their theirs them themselves then there therefore these
they this those though through thus to too under until up upon us very was we well were what
whatever when where whether which while who whom whose why will with within without would yet you
your yours yourself""".split())
FUNCTION_SET = frozenset(FUNCTION_WORDS)
STOPWORDS = FUNCTION_SET | frozenset("vs versus s t don".split())

SMALL_WORDS = frozenset("a an the and or but of to in on at by for with from as vs".split())

_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"'})
TOKEN = re.compile(r"[^\W_]+(?:'[^\W\d_]+)*")
_VOWEL = re.compile(r"[aeiouy]")
# content words: letters/digits joined by . - + # (c++, c#, node.js, 2.7.18, gpt-4), no end dot
TERM = re.compile(r"[^\W_](?:(?:[^\W_]|[+#.\-])*(?:[^\W_]|[+#]))?")


def straight_quotes(text: str) -> str:
    """Curly quotes and apostrophes to straight ones, so "you’re" and "you're" are one word."""
    return text.translate(_QUOTES)


def tokens(text: str) -> list[str]:
    """Lower-case words (letters of any script and digits; contractions kept whole: "you're")."""
    return TOKEN.findall(straight_quotes(text).lower())


def key(text: str) -> str:
    """Comparison key: the tokens joined by single spaces ("Why it’s great!" -> "why it's great")."""
    return " ".join(tokens(text))


normalize = key  # the pipeline's name for the same key


def content_words(text: str) -> list[str]:
    """Words that carry meaning: no stop words, no single characters; technical tokens kept whole."""
    return [w for w in TERM.findall(text.lower()) if w not in STOPWORDS and len(w) > 1]


def singular(word: str) -> str:
    w = word.lower()
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "sses", "xes", "zzes")) and len(w) > 4:
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        return w[:-1]
    return w


_SHORT = re.compile(r"[^aeiouy]*[aeiouy][^aeiouywx]")  # consonants, one vowel, one consonant: "nam", "car"


def stem(word: str) -> str:
    """A light stem (Porter's steps 1a, 1b and 5a, roughly): cache/caches/cached/caching -> "cach",
    name/named/naming -> "name", use/used/using -> "use", stop/stopped -> "stop"; while care/car,
    here/her, note/not, site/sit, made/mad stay apart."""
    w = singular(straight_quotes(word).lower().removesuffix("'s"))
    for suf in ("ing", "ed"):
        base = w[:-len(suf)]
        if w.endswith(suf) and len(base) >= 2 and _VOWEL.search(base) and not w.endswith("eed"):
            if len(base) > 3 and base[-1] == base[-2] and base[-1] not in "aeioulsz":
                return base[:-1]  # getting -> get, stopped -> stop (spelled -> spell, added -> add)
            return base + "e" if _SHORT.fullmatch(base) else base  # named -> name, using -> use
    if w.endswith("e") and len(w) > 3 and not _SHORT.fullmatch(w[:-1]):
        w = w[:-1]  # cache -> cach (as caching), but name, care, here, note keep their e
    return w


def stems(text: str) -> set[str]:
    """Stems of the content words; a hyphenated word also gives its parts (cache-control: cache)."""
    out = set()
    for w in content_words(text):
        out.add(stem(w))
        if "-" in w:
            out |= {stem(p) for p in w.split("-") if len(p) > 2 and p not in STOPWORDS}
    return out


def overlap(a: str, b: str, empty: float = 0.0) -> float:
    """Share of a's content stems found in b (0..1); `empty` when a has no content words."""
    sa = stems(a)
    return len(sa & stems(b)) / len(sa) if sa else empty


# A small word after one of these is a particle of the verb before it ("Turn It On Today"), capitalised.
_OBJECTS = frozenset("it them me us you him her this that".split())
_PARTICLES = frozenset("on off up in out down over".split())


def title_case(text: str) -> str:
    """Headline capitals: every word but the small ones (a, of, to, on, ...), which are capitalised
    too when they start the title or a part after a colon or dash, end it ("When to Turn It On"),
    or are a verb's particle after its object ("Turn It On Today"). Acronyms and camelCase kept."""
    words = text.split()
    out = []
    for i, w in enumerate(words):
        prev = words[i - 1] if i else ""
        low = w.lower()
        bare = low.rstrip(":;,.!?")
        edge = i == 0 or i == len(words) - 1 or prev.endswith((":", "—", "–")) or prev in ("-", "—", "–") \
            or w != w.rstrip(":;!?") or (bare in _PARTICLES and prev.lower() in _OBJECTS)
        if any(c.isupper() for c in w[1:]) or w.isupper():
            out.append(w)  # keep acronyms and camelCase (LLM, MLOps, GitHub)
        elif bare in SMALL_WORDS and not edge:
            out.append(low)
        else:
            out.append(w[:1].upper() + w[1:])
    return " ".join(out)


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
