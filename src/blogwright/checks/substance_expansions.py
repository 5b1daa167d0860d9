"""Fabricated expansions: "LIMPAC (Limited Machine Learning Platform)", "iterated k-interactions
(iKR)", "Lambda, which stands for 'Lightweight Abstractions Language Engine'".

Three shapes are read in each sentence: `SHORT (Long Form)`, `Long Form (SHORT)` and `SHORT stands
for / is short for / is an acronym for / , short for Long Form`. An expansion is fabricated when
- its letters do not fit: each word of the long form (of/and/the/... may be skipped or used) gives
  the next letters of the short form, starting with its initial; lower-case letters of the short
  form may come from inside the word ("MLOps (machine learning operations)"), capitals only from
  a capital inside it ("JSON (JavaScript Object Notation)") or as a prefix of the first word
  ("COBOL"), so "LREM (Lawyer's Remedial)" does not fit; a last word may give none; x may stand
  for ex-/cross-/trans-; numerals are not judged except numeronyms ("K8s" = K + 8 letters + s);
- the short form is a plain word, not an acronym ("Lambda, which stands for ...");
- the notes or sources, the glossary (`text.tokens.GLOSSARY`) or the list of well-known expansions
  below expand the same short form differently (the user's material first), or the post itself
  expanded it differently before.
`Long (SHORT)` and `SHORT (Long)` count as an attempt at an expansion only when the long form's
words start with at least two of the short form's letters in order, the first included ("a cloud
provider (AWS)" is an example, not an expansion); "stands for" is always a claim.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache

from blogwright.checks.settings import GateConfig
from blogwright.checks.substance_text import Problem, is_acronym_like, prose, sentence_gate
from blogwright.checks.types import CheckContext, GateResult
from blogwright.text.document import ParsedMarkdown
from blogwright.text.tokens import (
    GLOSSARY,
    STOPWORDS,
    stem,  # one stemmer: "writer" and "write" stay apart
)

SKIPPABLE = frozenset("of and the for to a an in on with by at as or & from".split())
_COMMON = """API=application programming interface; LLM=large language model; ML=machine learning;
AI=artificial intelligence; NLP=natural language processing; RAG=retrieval augmented generation;
DNS=domain name system|domain name service|domain name server; HTTP=hypertext transfer protocol;
HTTPS=hypertext transfer protocol secure|http secure|hypertext transfer protocol over tls|
hypertext transfer protocol over ssl; TLS=transport layer security; SSL=secure sockets layer|secure
socket layer; TCP=transmission control protocol; UDP=user datagram protocol; IP=internet
protocol|intellectual property; URL=uniform resource locator|universal resource locator;
HTML=hypertext markup language; CSS=cascading style sheets|cascading style sheet;
JSON=javascript object notation; XML=extensible markup language; YAML=yaml ain't markup
language|yet another markup language; SQL=structured query language; CPU=central processing unit;
GPU=graphics processing unit|graphical processing unit; TPU=tensor processing unit; RAM=random
access memory; SSD=solid state drive|solid state disk; CDN=content delivery network|content
distribution network; TTL=time to live; WAL=write ahead log|write ahead logging; GIL=global
interpreter lock; ORM=object relational mapping|object relational mapper; CLI=command line
interface; GUI=graphical user interface; UI=user interface; UX=user experience; SDK=software
development kit; IDE=integrated development environment; CI=continuous integration;
CD=continuous delivery|continuous deployment; SEO=search engine optimization; SaaS=software as a
service; PaaS=platform as a service; IaaS=infrastructure as a service; VM=virtual machine;
OS=operating system; VPN=virtual private network; LAN=local area network; WAN=wide area network;
ISP=internet service provider; KV=key value; SLA=service level agreement; SLO=service level
objective; SRE=site reliability engineering|site reliability engineer; ETL=extract transform load;
MVP=minimum viable product|most valuable player; KPI=key performance indicator; ROI=return on
investment; FAQ=frequently asked questions|frequently asked question; PR=pull request|public
relations; QA=quality assurance|question answering; CRUD=create read update delete;
REST=representational state transfer; JWT=json web token; SSO=single sign on;
RLHF=reinforcement learning from human feedback; GPT=generative pretrained transformer;
BERT=bidirectional encoder representations from transformers; CNN=convolutional neural
network|cable news network; RNN=recurrent neural network; LSTM=long short term memory;
GAN=generative adversarial network; OCR=optical character recognition; LoRA=low rank adaptation;
MLOps=machine learning operations; LLMOps=large language model operations; IoT=internet of
things; AWS=amazon web services; GCP=google cloud platform; PDF=portable document format;
PNG=portable network graphics; SSH=secure shell; DOM=document object model; CORS=cross origin
resource sharing; CSRF=cross site request forgery; XSS=cross site scripting; ACID=atomicity
consistency isolation durability; LRU=least recently used; FIFO=first in first out;
MoE=mixture of experts; SFT=supervised fine tuning; PPO=proximal policy optimization;
DPO=direct preference optimization; TTS=text to speech; STT=speech to text; ASR=automatic speech
recognition; GDPR=general data protection regulation; NPU=neural processing unit; VPC=virtual
private cloud; IAM=identity and access management; RBAC=role based access control; K8s=kubernetes;
DNSSEC=domain name system security extensions; NoSQL=not only sql; HTTP/2=hypertext transfer
protocol version 2; CAPTCHA=completely automated public turing test to tell computers and humans
apart; RADAR=radio detection and ranging; LASER=light amplification by stimulated emission of
radiation; NASA=national aeronautics and space administration; JWST=james webb space telescope;
DBMS=database management system; RDBMS=relational database management system"""
COMMON: dict[str, list[str]] = {
    k.strip().upper(): [" ".join(x.split()) for x in v.split("|")]
    for k, v in (item.split("=", 1) for item in _COMMON.split(";"))}

PAREN = re.compile(r"\(([^()]{2,90})\)")
MARKER = re.compile(r"^(?:short for|which stands for|stands for|standing for|or|i\.e\.,?|aka|a\.k\.a\.?"
                    r"|also known as|an acronym for|an abbreviation (?:for|of))\s+", re.I)
NOT_EXPANSION = re.compile(r"^(?:e\.g\.|for example|for instance|like|such as|see|via|as in|and|"
                           r"or|with|in|on|at|from|about|including|aka|around|roughly|about)\b", re.I)
STANDS = re.compile(
    r"(?P<short>[\w/&.'’-]+)['’\"”*_]*,?\s+(?:\((?:[^()]*)\)\s+)?(?:which\s+|that\s+)?"
    r"(?:stands for|is short for|is an acronym for|is an abbreviation (?:for|of)|is shorthand for"
    r"|, short for|short for)\s+(?P<long>.+)", re.I)
TOKENS = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’]*")
_STANDS_PHRASE = re.compile(r"stands for|short for|is an acronym for|is an abbreviation (?:for|of)|is shorthand for",
                            re.I)
_STANDS_REACH = 300  # characters before "stands for" where its short form may start


def _stands(text: str) -> Iterator[re.Match[str]]:
    """STANDS.finditer(text), searched only near each "stands for" (or "short for", ...): on text
    without one the pattern backtracks over every run of `*` and `_` (100 KB: minutes)."""
    done = 0
    for p in _STANDS_PHRASE.finditer(text):
        if p.start() < done:
            continue  # inside the previous match
        m = STANDS.search(text, max(done, p.start() - _STANDS_REACH))
        if m is None or m.start() > p.start():
            continue  # no match for this phrase (a later phrase's match is found in its own turn)
        yield m
        done = m.end()


def _pieces(long: str, case: bool = False) -> list[str]:
    words = re.findall(r"[A-Za-z0-9]+(?:['’][a-z]+)?", long.replace("’", "'"))
    return words if case else [w.lower() for w in words]


def _letters(short: str) -> str:
    return "".join(c for c in short if c.isalnum()).lower()


def _word_takes(word: str, group: str, first_word: bool) -> bool:
    """Does `word` give the letters `group` (both as written)? Its initial first (x also for
    ex-/cross-/trans-); then a lower-case letter of the short form from anywhere later in the word
    ("Ops" from operations), a capital only from a capital inside the word ("JS" from JavaScript)
    or, in the first word, as a prefix ("CO" from Common in COBOL)."""
    low, g = word.lower(), group.lower()
    if not group:
        return True
    if low[0] != g[0] and not (g[0] == "x" and low.startswith(("ex", "cross", "trans"))):
        return False
    if len(group) > 1 and first_word and group.isupper() and low.startswith(g):
        return True
    i = 1 if low[0] == g[0] else low.index("x") + 1 if "x" in low else len(low)
    for c in group[1:]:
        j = low.find(c.lower(), i) if c.islower() else \
            next((k for k in range(i, len(word)) if word[k] == c), -1)
        if j < 0:
            return False
        i = j + 1
    return True


def fits(short: str, long: str) -> bool:
    """True when the letters of `short` can be read off the words of `long` (see the module doc)."""
    letters = _letters(short)
    cased = "".join(c for c in short if c.isalnum())
    words = _pieces(long, case=True)
    if not letters or not words:
        return False
    m = re.fullmatch(r"([a-z])(\d+)([a-z])s?", letters)
    if m and len(words) == 1:  # numeronym: K8s = Kubernetes, i18n = internationalization
        word = words[0].lower()
        return any(w[0] == m.group(1) and w[-1] == m.group(3) and len(w) - 2 == int(m.group(2))
                   for w in {word, word[:-1] if word.endswith("s") else word})
    if any(c.isdigit() for c in letters) or "/" in short:
        return True  # B2B, 2FA, S3, CI/CD: not judged by letters
    plural = short.endswith("s") and len(letters) > 2  # "LLMs", "APIs" (not the S of "DNS")

    @cache
    def match(i: int, j: int) -> bool:
        done = i == len(letters) or (plural and i == len(letters) - 1 and i > 1)
        if j == len(words) or (done and j == len(words) - 1 and j > 0):
            return done  # one last word may give no letter: "TLS (Transport Layer Security protocol)"
        w = words[j]
        if w.lower() in SKIPPABLE and match(i, j + 1):
            return True
        return any(_word_takes(w, cased[i:k], j == 0) and match(k, j + 1)
                   for k in range(i + 1, min(len(letters), i + len(w)) + 1))

    return match(0, 0)


def _attempted(short: str, long: str) -> bool:
    """Do the long form's word initials give at least two of the short form's letters in order,
    the first one included (or all of a two-letter short form)?"""
    letters = _letters(short)
    initials = [w[0] for w in _pieces(long) if w not in SKIPPABLE]
    if not letters or not initials or initials[0] != letters[0]:
        return False
    hits, i = 1, 1
    for c in initials[1:]:
        k = letters.find(c, i)
        if k >= 0:
            hits, i = hits + 1, k + 1
    return hits >= 2 or (len(letters) == 1)


def _same(a: str, b: str) -> bool:
    """Two expansions say the same (stems compared, small words ignored, 'generation' ~
    'generator')."""
    wa = [stem(w) for w in _pieces(a) if w not in SKIPPABLE]
    wb = [stem(w) for w in _pieces(b) if w not in SKIPPABLE]
    if len(wa) != len(wb):
        return " ".join(wa).replace(" ", "") == " ".join(wb).replace(" ", "")
    return all(_same_word(x, y) for x, y in zip(wa, wb, strict=True))


def _same_word(x: str, y: str) -> bool:
    return x == y or (min(len(x), len(y)) >= 5 and x[:5] == y[:5])


def _part_of(a: str, b: str) -> bool:
    """`a` is `b` with words left out ("Google Cloud" of "Google Cloud Platform")."""
    wa = [stem(w) for w in _pieces(a) if w not in SKIPPABLE]
    wb = [stem(w) for w in _pieces(b) if w not in SKIPPABLE]
    return len(wa) >= 2 and all(any(_same_word(x, y) for y in wb) for x in wa)


def _key(short: str) -> str:
    k = re.sub(r"[^A-Za-z0-9/]", "", short).upper()
    return k[:-1] if k.endswith("S") and short.endswith("s") and len(k) > 2 else k


def judged(short: str) -> bool:
    """Short forms whose letters are checked (not "CI/CD", "B2B", "2FA"; numeronyms are)."""
    letters = _letters(short)
    return "/" not in short and (not any(c.isdigit() for c in letters)
                                 or re.fullmatch(r"[a-z]\d+[a-z]s?", letters) is not None)


@lru_cache(maxsize=4096)
def _expansions_cached(text: str) -> tuple[tuple[str, str, str], ...]:
    return tuple(expansions_in(text))


def expansions_in(text: str) -> list[tuple[str, str, str]]:
    """(short, long, kind) for every expansion written in `text` (plain prose); kind is "long"
    for `SHORT (Long)`, "short" for `Long (SHORT)` (the shortest fitting run of words before the
    bracket, else the attempt) and "stands" for "SHORT stands for Long" (and "SHORT (short for
    Long)")."""
    out: list[tuple[str, str, str]] = []
    for m in PAREN.finditer(text):
        inner = m.group(1).strip().strip("'\"“”‘’")
        before = text[: m.start()].rstrip()
        toks = TOKENS.findall(before)
        if not toks:
            continue
        last = toks[-1]
        if is_acronym_like(inner) and " " not in inner and not before.endswith((",", ";", ":")):
            if not judged(inner):
                continue
            clause = re.split(r"[.,;:!?()]", before.rstrip(" \"'”’*_"))[-1]
            words = re.findall(r"[A-Za-z0-9][\w'’-]*", clause)
            window = words[-(len(_letters(inner)) + 3):]
            found = None
            for k in range(1, len(window) + 1):
                if fits(inner, " ".join(window[-k:])):
                    found = " ".join(window[-k:])
                    break
            if found:
                out.append((inner, found, "short"))
                continue
            for k in range(len(window), 0, -1):
                cand = " ".join(window[-k:])
                if _attempted(inner, cand) and _pieces(cand)[0] not in SKIPPABLE:
                    out.append((inner, cand, "short"))
                    break
            continue
        short = last
        if len(toks) > 1 and is_acronym_like(toks[-2]) and re.fullmatch(r"[A-Z][a-z]+", last) \
                and before.endswith(last) and f"{toks[-2]} {last}" in before:
            short = f"{toks[-2]} {last}"  # "LLM Ops (...)"
        if not is_acronym_like(short) or not before.endswith(last):
            continue
        marked = MARKER.match(inner)
        long = inner[marked.end():] if marked else inner
        long = long.strip().strip("'\"“”‘’")
        if re.search(r"\d", long) or not 1 <= len(long.split()) <= 8 or NOT_EXPANSION.match(long):
            continue
        if not marked and (re.match(r"(?:a|an|the|this|that|its|their|your|our)\b", long, re.I)
                           or re.match(r"[a-z]+ing\b", long)):
            continue  # a description: "LLM Ops (running large language models in production)"
        if marked or _attempted(short, long):
            out.append((short, long, "stands" if marked else "long"))
        elif 2 <= len(long.split()) <= 6 and "," not in long and all(w[:1].isupper() for w in long.split()
                                                 if w.lower() not in SKIPPABLE):
            out.append((short, long, "title"))  # "LLM (Law Enforcement)": judged against known ones
    for m in _stands(text):
        short = m.group("short").strip("'\"“”‘’*_.,")
        if not is_acronym_like(short) and (not re.fullmatch(r"[A-Z][a-z]+", short)
                                           or short.lower() in STOPWORDS):
            continue  # "the red line stands for latency", "This stands for ..."
        head = text[: m.start("short")].rstrip()
        if re.search(r"\b(?:the|an?)\s+['\"“‘]?$", head) and re.search(r"\bin\b", text[m.end("short"):m.start("long")]):
            continue
        if re.search(r"(?:the|an?)\s+['\"“‘*_]*\w['\"”’*_]*\s+in\s+\S+$", head + " " + short, re.I):
            continue  # "the S in HTTPS stands for Secure"
        long = re.split(r"[.;:!?()]|,\s|\s[-–—]\s|\s(?:and (?:it|is|was|has|can)|which|that|who|is|was|"
                        r"because|so|but)\s", m.group("long").strip("'\"“‘"), maxsplit=1)[0]
        long = long.strip().strip("'\"“”‘’")
        words = long.split()[:8]
        cand = next((" ".join(words[:k]) for k in range(len(words), 0, -1)
                     if fits(short, " ".join(words[:k]))), " ".join(words))
        if not is_acronym_like(short) and (len(words) < 2 or not _attempted(short, cand)
                                           and sum(w[:1].isupper() for w in words) < 2):
            continue  # "Docker stands for simplicity": no expansion claimed
        if cand and len(short) >= 2:
            out.append((short, cand, "stands"))
    return out


def spelled_out(text: str) -> set[str]:
    """Short forms written with a fitting or well-known expansion in `text` ("Zero Knowledge
    Proof (ZKP)", "database management system (DBMS)")."""
    ref = _reference("")
    return {short for short, long, _k in expansions_in(text) if judged(short) and (
        fits(short, long) or any(_same(long, k) for k in ref.get(_key(short), ([], ""))[0]))}


@lru_cache(maxsize=32)
def _reference(ctx_text: str) -> dict[str, tuple[list[str], str]]:
    """Short form -> (expansions, where from): the user's material first, then the glossary,
    then the well-known list."""
    ref: dict[str, tuple[list[str], str]] = {_key(k): (v, "the usual expansion") for k, v in COMMON.items()}
    for value in GLOSSARY.values():
        m = re.fullmatch(r"(.+?) \((.+)\)", value)
        if m and fits(m.group(1), m.group(2)):
            k, old = _key(m.group(1)), ref.get(_key(m.group(1)), ([], ""))[0]
            plural = m.group(1).endswith("s") and not m.group(1).isupper()
            ref[k] = ([*old, m.group(2)] if plural else [m.group(2), *old], "the glossary")
    found: dict[str, list[str]] = {}
    for short, long, _kind in expansions_in(ctx_text):
        if judged(short) and fits(short, long):
            found.setdefault(_key(short), []).append(long)
    for k, v in found.items():
        ref[k] = (v, "your notes and sources")
    return ref


@lru_cache(maxsize=16)
def _lower(text: str) -> str:
    return text.lower()


def is_word(short: str) -> bool:
    """A plain word used as if it were an acronym ("Lambda", "Python")."""
    return not is_acronym_like(short) and re.fullmatch(r"[A-Za-z][a-z]{2,}", short) is not None


def expansion_problems(sentence: str, ctx: CheckContext | None, post_text: str = "",
                       config: GateConfig | None = None) -> list[Problem]:
    """Fabricated expansions in one sentence; `post_text` holds what the post said before."""
    text = prose(sentence)
    ctx_text = ctx.text() if ctx else ""
    ref = _reference(ctx_text)
    earlier: dict[str, str] = {}
    for line in post_text.split("\n") if post_text else []:
        for short, long, _k in _expansions_cached(line):
            if judged(short) and fits(short, long):
                earlier.setdefault(_key(short), long)
    out: list[Problem] = []
    for short, long, kind in expansions_in(text):
        shown = f"{long} ({short})" if kind == "short" else \
            f"{short} stands for {long}" if kind == "stands" else f"{short} ({long})"
        key = _key(short)
        known, source = ref.get(key, ([], ""))
        pairs = (f"{long} ({short})".lower(), f"{short} ({long})".lower())
        if known and any(_same(long, k) or _part_of(long, k) for k in known) \
                or any(p in _lower(ctx_text) for p in pairs):
            continue
        if kind == "title":
            if known:
                out.append(Problem(f"wrong expansion: {shown!r}; {short} is {known[0]!r} ({source})",
                                   f"use {short} ({known[0]})", shown))
            continue
        if kind == "stands" and is_word(short) and len(long.split()) > 1:
            out.append(Problem(f"fabricated expansion: {short!r} is a word, not an acronym, so "
                               f"{long!r} is made up", f"drop the expansion of {short}", shown))
        elif not fits(short, long):
            out.append(Problem(f"fabricated expansion: {shown!r}: the letters of {short} do not fit "
                               f"{long!r}", "write the real expansion or drop it", shown))
        elif known:
            out.append(Problem(f"wrong expansion: {shown!r}; {short} is {known[0]!r} ({source})",
                               f"use {short} ({known[0]})", shown))
        elif key in earlier and not _same(long, earlier[key]):
            out.append(Problem(f"inconsistent expansion: {shown!r}, but the post expanded {short} "
                               f"as {earlier[key]!r} before", f"keep one expansion of {short}", shown))
    return out


def gate_expansions(doc: ParsedMarkdown, ctx: CheckContext | None, config: GateConfig) -> GateResult:
    return sentence_gate("expansions", doc, ctx, config, expansion_problems,
                         config.max_fabricated_expansions, running=True)
