"""Claims: which sentences state a fact, and whether the user's notes and sources back them.

A sentence is a claim when it has at least one of (the reasons, in `Claim.reasons`):
  number       a digit or a spelled-out quantity ("30", "3.5", "twelve", "twice")
  date         a year (1500-2099), a month or a weekday name
  name         a capitalised word inside the sentence, or an acronym ("Varnish", "CDN")
  technical    a technical-looking term: CamelCase, hyphenated or dotted identifiers, letters
               mixed with digits, or a word not in the English dictionary ("ETag", "max-age")
  comparison   more/less/fewer, a word ending in -er followed by "than", "than", "compared",
               "versus", "twice", "half", "double"
  superlative  most/least/best/worst, or an adjective ending in -est ("fastest")
  absolute     always, never, every, all, none, only, guaranteed
Questions and sentences under 4 words are never claims.

A claim is *supported* when some note or source sentence (with its neighbours) has every number
and unit of the claim and a combined score >= SUPPORT_THRESHOLD, where
score = SIM_WEIGHT x cosine(claim, sentence) + (1 - SIM_WEIGHT) x share of the claim's content
words (stemmed) found in the sentence window, minus NEGATION_PENALTY when exactly one of the two
is negated ("not", "never", "without", ...), and the cosine is at least MIN_SIMILARITY. The
negation rule is a heuristic: there is no entailment model, so a claim that reuses a source's
words while reversing its meaning in another way can still pass.
It is *invented* when it names a term found nowhere in the notes, sources or topic that is not
everyday English; otherwise it is *unsupported*.

Strict mode (`strict=True`, for a model that cannot be trusted with facts: the bundled one, or one
the user marks untrusted) is what a strict editor does:
- more sentences are claims: also a plain *statement* of how something is or works ("It runs on the
  server and keeps data in memory": no name, no number), i.e. a declarative sentence with
  STATEMENT_WORDS or more content words that are neither the topic's nor everyday blog talk
  (GENERIC: "great", "way", "tip", "remember"...). What is left is voice, transition, opinion
  or advice with nothing to check ("Let's dig in.", "It's a great way to start.").
- a claim is supported only by ONE passage window that holds every number, unit and term of the
  claim (terms of the topic and title count as given), every content word of the claim that is not
  everyday blog talk, at least STRICT_LEXICAL of all its content words and STRICT_ORDER of its neighbouring content-word pairs in the same order (the same words
  saying something else fail: "a cache keeps a copy" is not "a server keeps a copy of its cache"),
  is negated exactly when the claim is, with a cosine of at least STRICT_SIMILARITY: the sentence restates its evidence, it does
  not add to it. A sentence that connects two facts or adds a detail is unsupported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from blogwright.grounding.embed import Embedder, as_embedder
from blogwright.grounding.index import PassageIndex
from blogwright.grounding.passages import Passage
from blogwright.grounding.sources import NOTES_ID
from blogwright.grounding.terms import UNIT_NAMES, Corpus, lexical, numbers, stem, terms, units
from blogwright.text import english
from blogwright.text.sentences import split_sentences
from blogwright.text.tokens import content_words

SIM_WEIGHT = 0.5
SUPPORT_THRESHOLD = 0.6
MIN_SIMILARITY = 0.35
NEGATION_PENALTY = 0.25  # the claim and its evidence disagree on "not/never/without"
CANDIDATE_PASSAGES = 4
STRICT_LEXICAL = 0.85  # share of the claim's content words its one evidence window must hold
STRICT_ORDER = 0.6  # share of the claim's pairs of neighbouring content words found as neighbours in the evidence
STRICT_SIMILARITY = 0.5
STATEMENT_WORDS = 2  # content words beyond the topic's and GENERIC that make a sentence checkable
GENERIC = frozenset("""
    great good best better nice cool awesome amazing important useful helpful handy simple easy hard tricky
    way ways thing things stuff lot lots bit little kind sort part idea ideas tip tips trick tricks step steps
    start started starting begin get gets getting got make makes making made keep keeps keeping take takes
    help helps helping need needs want wants like love enjoy know knows knowing learn learning understand
    remember think try trying look looking see seeing find finding feel sure really actually just still
    also even already always often sometimes today now time times day days world life journey people
    everyone anyone someone person reader readers friend friends newbie beginner beginners post blog
    article guide topic question questions answer answers reason reasons matter matters worth deal
    dive dig explore let lets ready happy fun exciting journey wrap wrapping conclusion summary short
    whole right wrong new old first next last end ends point points sense mind work works working use
    uses using used basic basics main key practice practical example examples common mistake mistakes
    clear simply quick quickly fast day-to-day everyday difference different same thing-to-know
    oh hey alright okay ok well listen yes yeah wow
""".split())

MONTHS = ("january february march april may june july august september october november december "
          "monday tuesday wednesday thursday friday saturday sunday").split()
COMPARISON = re.compile(r"\b(?:more|less|fewer|than|compared|versus|vs\.?|twice|half|double|"
                        r"faster|slower|higher|lower|bigger|smaller|larger|cheaper|better|worse)\b", re.I)
SUPERLATIVE = re.compile(r"\b(?:most|least|best|worst|[a-z]{3,}iest|[a-z]{3,}[^aeious]est)\b", re.I)
NOT_SUPERLATIVE = frozenset("interest request suggest digest manifest harvest forest honest modest "
                            "protest contest conquest tempest arrest invest attest detest earnest "
                            "inquest priest latest".split())
ABSOLUTE = re.compile(r"\b(?:always|never|every|all|none|only|guaranteed?)\b", re.I)
NEGATION = re.compile(r"(?<![\w-])(?:not|no|never|nothing|none|neither|nor|without|cannot|"
                      r"\w+n['’]t)(?![\w-])", re.I)
YEAR = re.compile(r"\b(?:1[5-9]\d\d|20\d\d)s?\b")

Status = Literal["supported", "unsupported", "invented"]


@dataclass
class Claim:
    sentence: str
    reasons: list[str]
    terms: list[str] = field(default_factory=list)
    numbers: set[str] = field(default_factory=set)
    units: set[str] = field(default_factory=set)
    section: str | None = None


@dataclass
class Evidence:
    """The note or source sentence closest to a claim."""

    text: str  # the best matching sentence (a note is its own sentence)
    source_id: str  # NOTES_ID for a note
    title: str
    location: str
    passage: Passage | None = None
    context: str = ""  # the sentence with its neighbours (what the lexical score saw)

    @property
    def passage_text(self) -> str:
        return self.passage.text if self.passage else self.text

    @property
    def key(self) -> str:
        return self.passage.id if self.passage else f"{NOTES_ID}:{self.text}"


@dataclass
class ClaimVerdict:
    sentence: str
    status: Status
    evidence: Evidence | None
    score: float
    similarity: float = 0.0
    lexical: float = 0.0
    invented_terms: list[str] = field(default_factory=list)
    reason: str = ""
    claim: Claim | None = None


def claim_reasons(sentence: str) -> list[str]:
    """Why a sentence states a fact (empty list: it does not)."""
    s = sentence.strip()
    if len(s.split()) < 4 or s.rstrip("\"')”’ ").endswith("?"):
        return []
    reasons = []
    if numbers(s):
        reasons.append("number")
    if YEAR.search(s) or any(re.search(rf"\b{m}\b", s, re.I) for m in MONTHS if m != "may") \
            or re.search(r"\bMay\s+\d", s):
        reasons.append("date")
    found = terms(s)
    if any(t[:1].isupper() for t in found):
        reasons.append("name")
    if any(t.islower() or re.search(r"[-./_\d]|[a-z][A-Z]|[A-Z]{2}[a-z]", t) for t in found):
        reasons.append("technical")
    if COMPARISON.search(s):
        reasons.append("comparison")
    if any(m.group(0).lower() not in NOT_SUPERLATIVE for m in SUPERLATIVE.finditer(s)):
        reasons.append("superlative")
    if ABSOLUTE.search(s):
        reasons.append("absolute")
    return reasons


def is_statement(sentence: str, known: Iterable[str] = ()) -> bool:
    """A declarative sentence that says how something is or works: STATEMENT_WORDS or more content
    words that are not the topic's (`known`) nor everyday blog talk (GENERIC)."""
    s = sentence.strip()
    if len(s.split()) < 4 or s.rstrip("\"')”’ ").endswith("?"):
        return False
    given = {stem(w) for k in known for w in content_words(k)}
    own = {stem(w) for w in content_words(s) if w not in GENERIC} - given
    return len(own) >= STATEMENT_WORDS


def names_only_the_topic(sentence: str, known: Iterable[str] = ()) -> bool:
    """No number of its own, and every content word is the topic's (or title's) or everyday blog talk:
    "This post is about what SQLite's WAL mode changes." (or "... two branches ..." when the topic says
    "two") says nothing to check."""
    known = list(known)
    given = {stem(w) for k in known for w in content_words(k)}
    return not numbers(sentence) - {n for k in known for n in numbers(k)} and \
        all(w in GENERIC or stem(w) in given for w in content_words(sentence))


CONTENTS = re.compile(r"^(?:in short, )?(?:this|the) post (?:also )?(?:covers|covered|walks through|goes over|"
                      r"looks at|is about)\s+(.+?)[.!]?$", re.I)


def lists_contents(sentence: str, known: Iterable[str] = ()) -> bool:
    """"This post also covers your computer, the resolver and the TTL.", "In short, this post covered
    what a runbook is and how a runbook works in practice.": what the post is about, things or embedded
    questions about the topic's own things with no number of their own, asserts nothing about them.
    ("This post covers how DNS replaced the hosts file" names new things; "... covers DNS, which
    replaced ..." has a verb of its own: claims.)"""
    m = CONTENTS.match(sentence.strip())
    if not m or numbers(m.group(1)) - {n for k in known for n in numbers(k)}:
        return False
    rest = m.group(1)
    if not english.available() or english.asserts(rest):
        return False
    # an embedded question may name only the topic's things: "how DNS replaced the hosts file" says DNS did
    return not re.search(r"\b(?:what|how|why|when|where|whether|who)\b", rest, re.I) or names_only_the_topic(rest, known)


def bare_advice(sentence: str, known: Iterable[str] = ()) -> bool:
    """An imperative with nothing to check: no subject (spaCy's parse), no number, name, term,
    comparison or absolute, and at most STATEMENT_WORDS content words beyond the topic's and everyday
    blog talk ("Try it yourself before the hype moves on.", "Start small, measure, and keep what
    works."). "Leverage LLM Ops to optimize your business" names a thing: a claim. Without spaCy: False."""
    if claim_reasons(sentence) or not english.imperative(sentence):
        return False
    given = {stem(w) for k in known for w in content_words(k)}
    return len({stem(w) for w in content_words(sentence) if w not in GENERIC} - given) <= STATEMENT_WORDS


def strict_reasons(sentence: str, known: Iterable[str] = ()) -> list[str]:
    """`claim_reasons`, plus "statement" for a plain statement of how something is or works; none
    for a sentence that only names the topic. Only the topic (`known[0]`) excuses words here: a
    definition or a heading among `known` is no evidence ("ML Ops is the practice of ..." is a claim)."""
    known = list(known)[:1]
    if names_only_the_topic(sentence, known) or bare_advice(sentence, known) or lists_contents(sentence, known):
        return []
    return claim_reasons(sentence) or (["statement"] if is_statement(sentence, known) else [])


def _canon(sentence: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", sentence.lower()))


def extract_claims(text: str, section: str | None = None, strict: bool = False,
                   known: Iterable[str] = (), canned: Iterable[str] = ()) -> list[Claim]:
    """The sentences of a text that state a fact, with why and with their numbers and terms
    (`strict`: plain statements too, see the module doc; `known`: the topic and title; `canned`:
    the voice's own openers and sign-offs, never claims)."""
    text = re.sub(r"\s*\[\d+\]", "", text)  # ignore citation markers from an earlier pass
    known = list(known)
    voice = {_canon(c) for c in canned}
    out = []
    for para in re.split(r"\n\s*\n", text):
        for s in split_sentences(para):
            if voice and _canon(s) in voice:
                continue
            reasons = strict_reasons(s, known) if strict else claim_reasons(s)
            if reasons:
                out.append(Claim(sentence=s, reasons=reasons, terms=terms(s), numbers=numbers(s),
                                 units=units(s), section=section))
    return out


@dataclass
class _Unit:
    text: str
    context: str
    source_id: str
    passage: Passage | None


def _units(notes: list[str], passages: list[Passage]) -> list[_Unit]:
    out = [_Unit(n, n, NOTES_ID, None) for n in notes]
    for p in passages:
        sents = p.sentences
        for i, s in enumerate(sents):
            out.append(_Unit(s, " ".join(sents[max(0, i - 1):i + 2]), p.source_id, p))
    return out


def negated(text: str) -> bool:
    """Has a negation word (not part of a term such as no-cache)."""
    return bool(NEGATION.search(text))


def _strict_ok(claim: Claim, context: str) -> bool:
    return claim.numbers <= numbers(context) and claim.units <= units(context)


def _pairs(text: str) -> set[tuple[str, str]]:
    seq = [stem(w) for w in content_words(text)]
    return set(zip(seq, seq[1:]))


def in_order(claim: str, evidence: str) -> float:
    """Share of the claim's neighbouring content-word pairs that are neighbours in the evidence too:
    low when the same words say something else ("lets a cache keep a copy" -> "lets a server keep a
    copy of its cache"). 1.0 for a claim of fewer than three content words."""
    pairs = _pairs(claim)
    if len(pairs) < 2:
        return 1.0
    return len(pairs & _pairs(evidence)) / len(pairs)


def new_words(claim: str, evidence: str, known: Corpus | None = None, topic: str = "") -> list[str]:
    """Content words of the claim that its evidence does not have, everyday blog talk (GENERIC), the
    topic's words and the claim's terms found in `known` (topic, title, headings) aside: "the same log
    file" where the evidence says "a separate" one. A definition in `known` does not excuse a word."""
    have = {stem(w) for w in content_words(evidence)} | {stem(w) for w in content_words(topic)}
    named = {t.lower() for t in terms(claim)}
    return [w for w in content_words(claim) if w not in GENERIC and stem(w) not in have
            and not (w in named and known is not None and known.has(w))]


def restates(claim: Claim, context: str, known: Corpus | None = None, topic: str = "") -> bool:
    """Strict support: the evidence window holds every number, unit and term of the claim (a term
    of the topic or title counts as given), STRICT_LEXICAL of its content words, and STRICT_ORDER
    of its neighbouring content-word pairs in the same order."""
    if not _strict_ok(claim, context) or lexical(claim.sentence, context) < STRICT_LEXICAL:
        return False
    if in_order(claim.sentence, context) < STRICT_ORDER or new_words(claim.sentence, context, known, topic):
        return False
    window = Corpus([context])
    return all(window.has(t) or (known is not None and known.has(t)) for t in claim.terms)


def check_claims(claims: list[Claim], notes: list[str], index: PassageIndex | None = None, *,
                 known: Iterable[str] = (), embedder: Embedder | None = None,
                 threshold: float = SUPPORT_THRESHOLD, min_similarity: float = MIN_SIMILARITY,
                 k: int = CANDIDATE_PASSAGES, strict: bool = False) -> list[ClaimVerdict]:
    """One verdict per claim: supported, unsupported or invented, with the closest evidence.

    `known` is extra text that is not evidence but whose terms are not invented (topic, title).
    `strict`: a claim is supported only when one evidence window restates it (see the module doc);
    `known[0]` is taken as the topic, whose words a restatement may add.
    """
    if not claims:
        return []
    if index is not None and embedder is None:
        embed = index.embed  # passage sentences were embedded when the index was built
    else:
        embed = as_embedder(embedder)
    known = list(known)
    corpus = Corpus([*notes, *(index.texts() if index is not None else []), *known])
    given = Corpus(known)
    topic = known[0] if known else ""  # callers pass the topic first
    titles = {NOTES_ID: ("your notes", "")}
    if index is not None:
        titles |= {sid: (s.title, s.location) for sid, s in index.sources.items()}
    searched = index is not None and len(index) > 0
    # no notes and no sources: nothing to compare a claim with, so no claim is embedded (a MiniLM pass
    # over every claim sentence, 0.45 s CPU in a 1,200-word write, issue 28)
    claim_vecs = embed([c.sentence for c in claims]) if notes or searched else [None] * len(claims)
    per_claim = [_units(notes, [p for p, _ in index.top(c.sentence, k)] if searched else []) for c in claims]
    all_texts = list(dict.fromkeys(u.text for cands in per_claim for u in cands))
    vec_of = dict(zip(all_texts, embed(all_texts))) if all_texts else {}  # one batch for every candidate
    verdicts = []
    for claim, cvec, cands in zip(claims, claim_vecs, per_claim):
        best: tuple[float, float, float, _Unit] | None = None
        best_strict: tuple[float, float, float, _Unit] | None = None
        if cands:
            sims = np.stack([vec_of[u.text] for u in cands]) @ cvec
            for u, sim in zip(cands, sims):
                lex = lexical(claim.sentence, u.context)
                score = SIM_WEIGHT * float(sim) + (1 - SIM_WEIGHT) * lex
                if negated(claim.sentence) != negated(u.text):
                    score -= NEGATION_PENALTY
                row = (score, float(sim), lex, u)
                if best is None or score > best[0]:
                    best = row
                ok = restates(claim, u.context, given, topic) and sim >= STRICT_SIMILARITY and \
                    negated(claim.sentence) == negated(u.text) if strict \
                    else _strict_ok(claim, u.context)
                if ok and (best_strict is None or score > best_strict[0]):
                    best_strict = row
        invented = corpus.invented(claim.sentence)
        chosen = best_strict or best
        evidence = None
        if chosen:
            u = chosen[3]
            title, location = titles.get(u.source_id, (u.source_id, ""))
            evidence = Evidence(u.text, u.source_id, title, location, u.passage, u.context)
        score, sim, lex = chosen[:3] if chosen else (0.0, 0.0, 0.0)
        if invented:
            status, reason = "invented", "not in your notes or sources: " + ", ".join(invented)
        elif strict and best_strict:
            status, reason = "supported", f"restates its evidence (score {score:.2f})"
        elif strict:
            status, reason = "unsupported", "no single note or source sentence says all of it"
        elif best_strict and best_strict[0] >= threshold and best_strict[1] >= min_similarity:
            status, reason = "supported", f"score {score:.2f}"
        else:
            status = "unsupported"
            wanted = sorted(claim.numbers) + sorted(UNIT_NAMES.get(u, u) for u in claim.units)
            reason = (f"no note or source matches its numbers and units ({', '.join(wanted)})"
                      if (claim.numbers or claim.units) and not best_strict
                      else f"closest evidence scores {score:.2f} (< {threshold:.2f})")
        verdicts.append(ClaimVerdict(claim.sentence, status, evidence, round(score, 4), round(sim, 4),
                                     round(lex, 4), invented, reason, claim))
    return verdicts

