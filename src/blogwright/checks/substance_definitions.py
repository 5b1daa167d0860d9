"""Redefinition: a key term of the topic defined in two incompatible ways ("LLM Ops is a type of
database" ... "LLM Ops is a practice of ...").

Key terms come from `CheckContext.topic` (the post's title without one): its acronyms and
CamelCase words with a capitalised word after them ("LLM Ops"), runs of capitalised words inside
it, and its noun phrase once framing words are dropped ("How DNS works" -> "DNS", "The KV cache in
transformer inference" -> "KV cache"); a topic "A vs B" gives both sides.
A definition is "TERM is/are a|an|the GENUS", "TERM refers to", "TERM means", "TERM is defined as",
"TERM, which is a ...", "TERM describes" (an optional bracket after TERM is skipped). The genus is
the head noun before the first preposition or relative word, looking through "type of", "kind
of", "set of" ("a set of practices" -> "practice"). Genus nouns fall in broad classes: an activity
(practice, discipline, process, approach ...), a thing (tool, platform, database, protocol,
model ...), a person or group; "concept", "term", "idea" fit anything. Two definitions clash when
their classes differ. The reference is the first definition in the notes or sources, else the
first one in the post; the later sentence is the one flagged.
"""

from __future__ import annotations

import re
from functools import lru_cache

from blogwright.checks.settings import GateConfig
from blogwright.checks.substance_text import Problem, fact_sentences, prose, sentence_gate
from blogwright.checks.types import CheckContext, GateResult
from blogwright.text.document import ParsedMarkdown
from blogwright.text.glossary import lookup
from blogwright.text.markdown import plain_text
from blogwright.text.sentences import split_sentences
from blogwright.text.tokens import stem  # one stemmer: "writer" and "write" stay apart

FRAMING = frozenset("""how what why when where who which is are was does do did the a an to use
    using works work working explained explain basics basic introduction intro guide beginner
    beginners beginner's understanding understand getting started start with in for of on your
    my our why you need should really actually everything about vs versus and or matters matter
    means mean simple simply quick complete ultimate practical tips""".split())
THROUGH = frozenset("type kind form sort class category subset set collection variety version "
                    "variant piece combination mix family".split())
STOP_HEAD = frozenset("""of that which who whom where when for to in on with by from as used
    designed built meant made allowing letting enabling helping using and or but because so
    while like than""".split())
_CLASSES = {
    "activity": """practice discipline approach methodology method process field area domain
        culture philosophy movement paradigm strategy technique art science study branch subfield
        engineering management operation workflow job task craft habit procedure act activity
        way principle routine pattern step""",
    "thing": """tool platform software library framework application app program service system
        product engine server package module plugin extension suite solution stack toolkit
        utility command api interface protocol standard format specification spec language
        runtime environment infrastructure network device machine component feature mechanism
        setting mode option technology database datastore store file table record cache index
        log dataset model algorithm architecture transformer website site browser container
        cluster database lock mutex queue header directive function variable value object
        structure chip processor hardware computer""",
    "person": """person people engineer developer team role company organization organisation
        vendor group community user expert specialist""",
    "concept": """concept idea term notion buzzword word acronym abbreviation name label topic
        subject thing part aspect""",
}
CLASS_OF = {stem(w): c for c, ws in _CLASSES.items() for w in ws.split()}
OPENING = re.compile(r"\W*(?:(?:so|in short|simply put|put simply|basically|essentially|in essence|"
                     r"in other words|at its core|in a nutshell|first|first off|now|well|today|"
                     r"in (?:this|that|our) context|in the context of [\w -]{1,30}?|here)\W+)?"
                     r"(?:the (?:practice|field|discipline|idea) of\s+)?"
                     r"(?:the\s+|a\s+|an\s+)?", re.I)
EVALUATIVE = re.compile(r"(?:\w+\s+){0,2}?(?:powerful|great|useful|handy|valuable|essential|important|"
                        r"crucial|vital|key|critical|game[- ]changing|must-have|perfect|excellent|"
                        r"amazing|wonderful|fantastic|good|better|best|popular|hot|exciting)\b", re.I)
DEFINE = (r"(?:\s*\([^()]{1,80}\))?,?\s+(?:(?:is|are|was)\s+(?:(?:basically|essentially|simply|really|"
          r"just|actually|best described as|defined as|known as)\s+)?(?P<art>an?|the|one)\s+"
          r"|(?:refers? to|means|describes?)\s+(?P<art2>an?|the)?\s*|,\s*which\s+is\s+(?P<art3>an?|the)\s+)"
          r"(?P<rest>[^.;:!?]+)")


def key_terms(topic: str) -> list[str]:
    """The topic's key terms, longest first (see the module doc)."""
    terms: list[str] = []
    for part in re.split(r"\s+(?:vs\.?|versus|and|or|&)\s+|[,:;?!()]", topic, flags=re.I):
        toks = [t.strip("'\"“”‘’") for t in part.split()]
        for i, t in enumerate(toks):
            if re.search(r"[A-Z].*[A-Z]|[a-z][A-Z]", t):  # acronym or CamelCase: "LLM Ops", "KV cache"
                terms.append(t)
                nxt = toks[i + 1] if i + 1 < len(toks) else ""
                if nxt and nxt.lower() not in FRAMING and not re.search(r"[A-Z].*[A-Z]", nxt):
                    terms.append(f"{t} {nxt}")
        terms += [t for i, t in enumerate(toks) if i and re.fullmatch(r"[A-Z][a-z]{2,}", t)]
        chunks: list[list[str]] = [[]]
        for t in toks:
            if t.lower() in FRAMING or t.lower() in STOP_HEAD:
                chunks.append([])
            else:
                chunks[-1].append(t)
        chunks = [c for c in chunks if c]
        for c in chunks:
            if len(c) == 1 and c[0].islower() and len(chunks) > 1:
                continue  # "What HTTPS actually protects": not "protects"
            if len(c) <= 4:
                terms.append(" ".join(c))
            terms += [" ".join(c[-k:]) for k in (2, 3) if len(c) > k]
    out: list[str] = []
    for t in sorted(terms, key=len, reverse=True):
        t = t.strip(" '\"")
        if len(t) >= 2 and t.lower() not in {o.lower() for o in out} and t.lower() not in FRAMING:
            out.append(t)
    return out


def genus(rest: str) -> str:
    """The head noun of a definition's predicate ("a cloud-based platform that ..." -> platform)."""
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", rest)
    chunk: list[str] = []
    i = 0
    while i < len(words):
        w = words[i].lower()
        if w in STOP_HEAD:
            if w == "of" and chunk and stem(chunk[-1]) in {stem(x) for x in THROUGH}:
                chunk, i = [], i + 1  # "a type of database": look through "type of"
                if i < len(words) and words[i].lower() in ("a", "an", "the"):
                    i += 1
                continue
            break
        chunk.append(w)
        i += 1
        if len(chunk) >= 5:
            break
    return chunk[-1] if chunk else ""


@lru_cache(maxsize=256)
def definitions(text: str, terms: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
    """(term, genus, sentence) for each definition of a key term in `text` (plain prose): the
    term opens the sentence (after "So,", "In short," or an article) or is followed by ", which
    is"; "X is a powerful tool" (praise, not a definition) does not count."""
    out = []
    for sentence in split_sentences(text):
        for term in terms:
            pattern = rf"(?<![\w-]){re.escape(term)}s?{DEFINE}"
            m = re.search(pattern, sentence, re.I)
            if not m or not (m.group("art3") or OPENING.fullmatch(sentence[: m.start()])):
                continue
            if EVALUATIVE.match(m.group("rest")):
                break
            g = genus(m.group("rest"))
            if g:
                out.append((term.lower(), g, sentence))
            break
    return tuple(out)


def _clash(a: str, b: str) -> bool:
    ca, cb = CLASS_OF.get(stem(a)), CLASS_OF.get(stem(b))
    return bool(ca and cb and ca != cb and "concept" not in (ca, cb))


def _terms(ctx: CheckContext | None, post_text: str) -> tuple[str, ...]:
    topic = ctx.topic if ctx and ctx.topic else post_text.strip().split("\n", 1)[0][:120]
    return tuple(key_terms(topic))


def redefinition_problems(sentence: str, ctx: CheckContext | None, post_text: str = "",
                          config: GateConfig | None = None) -> list[Problem]:
    """A definition in `sentence` that clashes with the notes' or sources' definition of the same
    key term, else with the first one in `post_text` (the post before this sentence)."""
    terms = _terms(ctx, post_text)
    if not terms:
        return []
    mine = definitions(prose(sentence), terms)
    if not mine:
        return []
    facts = "\n".join(s for _k, s in fact_sentences(ctx))
    refs = list(definitions(facts, terms)) if facts else []
    first_line = post_text.split("\n", 1)
    body = first_line[1] if len(first_line) > 1 and not (ctx and ctx.topic) else post_text
    refs += list(definitions(plain_text(body, blocks=False) if "`" in body else body, terms))
    out = [Problem(f"gives {term!r} the definition of {other!r} (“{', '.join(words)}”)",
                   f"define {term} as {own}", term + "=" + other)
           for term, other, words, own in swapped_definitions(mine, terms)]
    for term, g, _s in mine:
        ref = next(((rg, rs) for rt, rg, rs in refs if rt == term), None)
        if ref and _clash(g, ref[0]):
            where = "your notes" if facts and ref[1] in facts else "the post"
            out.append(Problem(f"redefines {term!r} as a {g}, but {where} defined it as a {ref[0]} "
                               f"(“{ref[1][:80]}”)", f"keep one definition of {term}", term + g))
    return out


def _words(text: str) -> set[str]:
    return {stem(w) for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 2}


def swapped_definitions(mine: tuple[tuple[str, str, str], ...],
                        terms: tuple[str, ...]) -> list[tuple[str, str, list[str], str]]:
    """(term, other term, its words, the term's own meaning) for a definition in `mine` that gives a
    key term what sets another apart, by the glossary: "ML Ops is the practice of running large
    language models in production" in a post on LLM Ops vs ML Ops ("large", "language" are LLM Ops's,
    and nothing of ML Ops's own "machine learning" is there)."""
    out = []
    for term, _g, sentence in mine:
        entry = lookup(term)
        if entry is None:
            continue
        own = _words(entry.expansion or entry.definition)
        m = re.search(rf"(?<![\w-]){re.escape(term)}s?{DEFINE}", sentence, re.I)
        rest = re.split(r",?\s+(?:while|whereas|but|unlike|compared|than)\b", m.group("rest"))[0] if m else ""
        said = _words(rest)  # "..., while ML (Machine Learning) is ...": the rest is about the other term
        for other in terms:
            theirs = lookup(other)
            if theirs is None or theirs.name == entry.name:
                continue
            apart = _words(theirs.expansion or theirs.definition) - own
            mine_apart = own - _words(theirs.expansion or theirs.definition)
            if len(apart) >= 2 and apart <= said and not (mine_apart & said):
                words = [w for w in re.findall(r"[a-z]+", (theirs.expansion or "").lower()) if stem(w) in apart]
                out.append((entry.name, theirs.name, words, entry.expansion or entry.definition))
                break
    return out


def gate_redefinition(doc: ParsedMarkdown, ctx: CheckContext | None, config: GateConfig) -> GateResult:
    return sentence_gate("redefinition", doc, ctx, config, redefinition_problems,
                         config.max_redefinitions, headings=False, running=True)
