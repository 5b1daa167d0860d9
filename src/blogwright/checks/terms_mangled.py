"""Mangled key terms: the brief's own term written wrong ("LLM Ops" -> "Lambda Ops", "LIMITER OPS",
"LIMIT-OPS"; "SQLite" -> "SQLLite", "SQL Lite"; "Kubernetes" -> "Kubernates"; "PostgreSQL" ->
"Postgre SQL"). Each word may be a real one, so the odd-token test of checks/terms.py misses them.

Key terms come from the topic, keywords, notes and planned headings/points (not the sources: they
are long and only vouch for spellings): acronym-like tokens ("LLM", "SQLite", "VACUUM"), tokens no
dictionary knows ("Kubernetes"), capitalised names inside a sentence of a topic that is not title
case ("Python"), and pairs of an acronym-like head and a capitalised tail ("LLM Ops", "ML Ops";
"LLMOps" is split into one).

A phrase of a sentence (one token, hyphenated parts, or two tokens with only a space between) is a
mangled key term when it is not the key term up to case, hyphens, spaces, a plural or a possessive
("llm ops", "LLMOps", "LLM-Ops", "SQLite's" are fine) and
- *head swap*: it has the same tail word as a two-word key term and a capitalised head that starts
  with the same letter and holds the key head's letters in order ("Lambda Ops", "LIMITER OPS" for
  "LLM Ops"; not "Large Ops", not "ML Ops");
- *near spelling*: key term of 5+ letters, same first letter, edit distance 1 (2 from 9 letters;
  a swap of two letters counts 1), and the phrase holds a word no dictionary or list knows
  ("SQLLite", "Kubernates") or is the key term's single word split in two with a plain word in it
  ("SQL Lite");
- *split*: a one-word key term written as two parts, one of them no word at all ("Postgre SQL").
Never flagged: anything the brief, notes or sources contain (a word or a two-word phrase), the word
lists' known terms ("MLOps", "DevOps", "Postgres", "MSSQL"), a key term with digits after it
("SQLite3"), a known acronym pair ("MS SQL").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA

from blogwright.checks.prose import mask
from blogwright.checks.substance_text import Problem, is_acronym_like
from blogwright.checks.types import CheckContext
from blogwright.text.lexicon import (
    ACRONYMS,
    FUNCTION_WORDS,
    KNOWN_MIXED,
    OPS_WORDS,
    TECH_TERMS,
    frequency,
)

TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'’][A-Za-z0-9]+)*")
CAMEL_TAIL = re.compile(r"([A-Za-z][A-Za-z0-9]*?[a-z0-9]|[A-Z]{2,})([A-Z][a-z]+)")  # "LLMOps", "LambdaOps"
# Real names a few edits from common key terms (the word lists lack them).
KNOWN_NAMES = frozenset("""mssql mysql sqlite3 sqlcipher postgis pgvector cpython cython jython pypy
    ironpython micropython ipython modelops secops netops cloudops bizops devsecops aiops dataops gitops
    finops mlops llmops devops noops chatops platformops kubectl kubelet kubeadm minikube k3s k8s
    dockerd containerd podman""".split())


@dataclass(frozen=True)
class Key:
    """A key term of the brief: as written, its words, and its normal form (lower case, no spaces
    or hyphens)."""

    text: str
    words: tuple[str, ...]
    norm: str


def norm(text: str) -> str:
    return re.sub(r"[\s\-'’]+", "", text).lower()


def _strip_possessive(tok: str) -> str:
    return re.sub(r"['’]s?$", "", tok)


@lru_cache(maxsize=1)
def _lexicon_norms() -> frozenset[str]:
    names = {norm(w) for w in (*TECH_TERMS, *ACRONYMS, *KNOWN_MIXED, *OPS_WORDS)}
    return frozenset(names | KNOWN_NAMES)


def _title_case(text: str) -> bool:
    """Most content words capitalised ("SQLite Is Enough for Most Web Apps")."""
    content = [w for w in TOKEN.findall(text) if w.lower() not in FUNCTION_WORDS]
    return len(content) >= 2 and sum(w[0].isupper() for w in content) >= 0.7 * len(content)


def _key_word(tok: str, initial: bool, title: bool) -> bool:
    """A token of the brief that names a thing: an acronym-like token, a word no dictionary knows,
    or a capitalised word inside a sentence of a text that is not title case."""
    low = tok.lower()
    if low in FUNCTION_WORDS or len(tok) < 2:
        return False
    if is_acronym_like(tok):
        return True
    if len(tok) >= 4 and tok.isalpha() and frequency(low) == 0:
        return True
    return tok[0].isupper() and not initial and not title and len(tok) >= 4 and not tok.isupper()


def _pair_tail(tok: str) -> bool:
    """The second word of a two-word key term: capitalised or acronym-like, not a small word."""
    return tok.lower() not in FUNCTION_WORDS and (tok[0].isupper() or tok in OPS_WORDS)


@lru_cache(maxsize=32)
def key_terms(texts: tuple[str, ...]) -> tuple[Key, ...]:
    """The key terms of the brief's texts (topic, keywords, notes, planned headings and points)."""
    out: dict[tuple[str, int], Key] = {}

    def add(words: tuple[str, ...]) -> None:
        k = Key(" ".join(words), words, norm("".join(words)))
        if len(k.norm) >= 2:
            out.setdefault((k.norm, len(words)), k)  # "LLMOps" and "LLM Ops" both: one has a head

    for text in texts:
        title = _title_case(text)
        toks = [(m.group(0), m.start(), m.end()) for m in TOKEN.finditer(text)]
        for i, (tok, start, _) in enumerate(toks):
            tok = _strip_possessive(tok)
            initial = i == 0 or bool(re.search(r"[.!?:]\s*$", text[toks[i - 1][2]:start]))
            if not _key_word(tok, initial, title):
                continue
            parts = tuple(p for p in tok.split("-") if p)
            add(parts if len(parts) == 2 and is_acronym_like(parts[0]) else (tok,))
            camel = CAMEL_TAIL.fullmatch(tok)
            if camel and (camel.group(1).upper() in ACRONYMS or camel.group(2).lower() == "ops") \
                    and is_acronym_like(camel.group(1)):
                add((camel.group(1), camel.group(2)))  # "LLMOps" -> "LLM Ops"
            if i + 1 < len(toks) and is_acronym_like(tok) and not text[toks[i][2]:toks[i + 1][1]].strip():
                nxt = _strip_possessive(toks[i + 1][0])
                if _pair_tail(nxt):
                    add((tok, nxt))  # "LLM Ops", "PostgreSQL VACUUM"
    return tuple(out.values())


@lru_cache(maxsize=16)
def _vocabulary(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """Normal forms of the words and the two-word phrases of the brief/notes/sources; and the
    lower-case words alone."""
    toks = [_strip_possessive(t) for t in TOKEN.findall(text)]
    lows = {t.lower() for t in toks} | {p.lower() for t in toks for p in t.split("-") if p}
    pairs = {norm(a + b) for a, b in zip(toks, toks[1:], strict=False)}
    return frozenset({norm(t) for t in toks} | pairs), frozenset(lows)


def distance(a: str, b: str, limit: int = 2) -> int:
    """Edit distance with swaps of two neighbouring letters counting 1 (optimal string alignment);
    any value above `limit` is returned as limit + 1 (rapidfuzz's OSA, which stops at the cutoff)."""
    return OSA.distance(a, b, score_cutoff=limit)


def _letters_in_order(needle: str, hay: str) -> bool:
    it = iter(hay)
    return all(c in it for c in needle)


def _collapse(word: str) -> str:
    return re.sub(r"(.)\1+", r"\1", word)


def _is_word(tok: str, vocab_words: frozenset[str]) -> bool:
    low = tok.lower()
    return frequency(low) > 0 or low in vocab_words or norm(low) in _lexicon_norms() or tok in ACRONYMS


def _head_swap(words: tuple[str, ...], key: Key, vocab_words: frozenset[str]) -> bool:
    """"Lambda Ops" or "LIMITER OPS" in place of "LLM Ops": same tail, a capitalised head that
    starts like the key's head and holds its letters in order, and the brief never uses."""
    if len(key.words) != 2 or len(words) != 2 or words[1].lower() != key.words[1].lower():
        return False
    head, khead = words[0], key.words[0].lower()
    low = head.lower()
    return (head[0].isupper() and low != khead and low[0] == khead[0] and low not in FUNCTION_WORDS
            and low not in vocab_words and _letters_in_order(_collapse(khead), low))


def _near(words: tuple[str, ...], cnorm: str, key: Key, vocab_words: frozenset[str]) -> str:
    """'near' or 'split' when `words` is a near spelling or a split of `key`, else ''."""
    if len(key.norm) < 5 or cnorm[0] != key.norm[0]:
        return ""
    if cnorm == key.norm:  # same letters: only a split of a one-word key term into a non-word counts
        if len(key.words) == 1 and len(words) == 2 and not all(_is_word(w, vocab_words) for w in words):
            return "split"
        return ""
    limit = 2 if len(key.norm) >= 9 else 1
    if distance(cnorm, key.norm, limit) > limit:
        return ""
    if len(words) == 1 and not _is_word(words[0], vocab_words) \
            or len(words) == 2 and words[0][0].isupper() and not all(_is_word(w, vocab_words) for w in words):
        return "near"  # "SQLLite", "Kubernates", "Postgres SQL"
    if len(key.words) == 1 and len(words) == 2 and words[0][0].isupper() \
            and not all(is_acronym_like(w) for w in words):
        return "near"  # "SQL Lite"; not "server uses" for "serverless"
    return ""


def _candidates(sentence: str) -> list[tuple[str, tuple[str, ...], bool]]:
    """(phrase as written, its words, split at a capital only) for every token, hyphenated token,
    CamelCase token ("LambdaOps") and pair of neighbouring tokens with only a space between them."""
    masked = mask(sentence)
    toks = [(m.group(0), m.start(), m.end()) for m in TOKEN.finditer(masked)]
    out: list[tuple[str, tuple[str, ...], bool]] = []
    for i, (tok, _, end) in enumerate(toks):
        tok = _strip_possessive(tok)
        if len(tok) > 40:
            continue  # no term; keeps a hostile 1 MB "word" cheap
        parts = tuple(p for p in tok.split("-") if p)
        if len(parts) == 2:
            out.append((tok, parts, False))
        camel = CAMEL_TAIL.fullmatch(tok)
        if camel and len(parts) == 1:
            out.append((tok, (camel.group(1), camel.group(2)), True))
        out.append((tok, (tok,), False))
        if i + 1 < len(toks) and "-" not in tok and re.fullmatch(r" ", masked[end:toks[i + 1][1]]):
            nxt = _strip_possessive(toks[i + 1][0])
            if "-" not in nxt:
                out.append((f"{tok} {nxt}", (tok, nxt), False))
    return out


def mangled_terms(sentence: str, ctx: CheckContext | None) -> list[tuple[str, str]]:
    """(phrase, key term) for each mangled key term in `sentence`, in order, each phrase once."""
    if ctx is None:
        return []
    texts = (ctx.topic, *ctx.keywords, *ctx.notes, *ctx.headings_points.keys(), *ctx.headings_points.values())
    keys = key_terms(tuple(t for t in texts if t))
    if not keys:
        return []
    match = _Matcher.get(keys, ctx.text())
    out: list[tuple[str, str]] = []
    for phrase, words, camel in _candidates(sentence):
        if phrase[0].lower() not in match.initials or any(w.lower() in FUNCTION_WORDS or len(w) < 2 for w in words):
            continue  # every kind of mangling keeps the first letter
        key = match(words, camel)
        if key and not any(phrase in p or p in phrase for p, _ in out):
            out.append((phrase, key))
    return out


class _Matcher:
    """Key terms and the brief's vocabulary, with a memo of phrases already judged (a long post
    repeats its phrases). One per brief, kept for the last few briefs."""

    _last: dict[tuple[tuple[Key, ...], str], _Matcher] = {}

    def __init__(self, keys: tuple[Key, ...], ctx_text: str):
        self.keys = keys
        self.key_norms = frozenset(k.norm for k in keys)
        self.initials = frozenset(k.norm[0] for k in keys)
        self.vocab, self.vocab_words = _vocabulary(ctx_text)
        self.memo: dict[tuple[tuple[str, ...], bool], str] = {}

    @classmethod
    def get(cls, keys: tuple[Key, ...], ctx_text: str) -> _Matcher:
        m = cls._last.get((keys, ctx_text))
        if m is None:
            if len(cls._last) >= 8:
                cls._last.clear()
            m = cls._last[(keys, ctx_text)] = cls(keys, ctx_text)
        return m

    def __call__(self, words: tuple[str, ...], camel: bool) -> str:
        k = (words, camel)
        if k not in self.memo:
            if len(self.memo) >= 50_000:
                self.memo.clear()
            self.memo[k] = self._match(words, camel)
        return self.memo[k]

    def _match(self, words: tuple[str, ...], camel: bool) -> str:
        """The key term `words` mangle, or ''. A token split at a capital (`camel`) is only checked
        for a head swap ("LambdaOps")."""
        cnorm = norm("".join(words))
        for key in self.keys:  # "Postgre SQL": the key term's letters, split where no word is
            if not camel and cnorm == key.norm and _near(words, cnorm, key, self.vocab_words) == "split":
                return key.text
        bare = cnorm.rstrip("0123456789")
        if not bare or {cnorm, bare, cnorm.removesuffix("s"), cnorm.removesuffix("es")} & self.key_norms:
            return ""  # the key term itself (any case, joined, plural, versioned)
        if cnorm in self.vocab or cnorm in _lexicon_norms() or any(norm(w) in self.key_norms for w in words):
            return ""
        for key in self.keys:
            if _head_swap(words, key, self.vocab_words) or (not camel and _near(words, cnorm, key, self.vocab_words)):
                return key.text
        return ""


def mangled_problems(sentence: str, ctx: CheckContext | None, allow: set[str]) -> list[Problem]:
    """Mangled key terms of one sentence as problems (a phrase in `allow`, lower case, skipped)."""
    return [Problem(f"mangled key term: {phrase!r} (the brief writes {key!r})",
                    f"write {key!r} as the brief spells it", phrase.lower())
            for phrase, key in mangled_terms(sentence, ctx) if phrase.lower() not in allow]
