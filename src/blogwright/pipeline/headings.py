"""Headings a person would write, planned from the topic's subject rather than the whole topic.

"SQLite Is Enough for Most Web Apps" is a claim about SQLite: its headings are "What SQLite Does
Well" and "When SQLite Is Not Enough", never "Common Mistakes with SQLite Is Enough for Most Web
Apps". `topic_shape` reads the topic's shape (A vs B, how to X, a claim, a yes/no question, a noun
phrase) and its subject; `template_plan` turns that into (heading, point) pairs. Points (what the
model is asked to explain) may carry the whole claim; headings carry only the subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from blogwright.text.glossary import find_terms
from blogwright.text.tokens import title_case

COPULAS = {"is": ("is", "are"), "are": ("is", "are"), "was": ("is", "are"), "were": ("is", "are")}
VERBS = frozenset("""is are was were isn't aren't can can't cannot could should shouldn't will won't would
    does doesn't do don't has have had makes make beats beat needs need matters matter works work helps help
    wins win kills kill changes change deserves deserve belongs belong replaces replace saves save costs cost
    scales scale breaks break fails fail keeps keep gets get hurts hurt improves improve lets let means mean
    slows slow speeds speed runs run solves solve causes cause shapes shape drives drive""".split())
RELATIVE = frozenset({"that", "which", "who", "whose"})
PREPOSITIONS = frozenset("""with in for of on at from using via without to into across under over between
    through by within beyond after before during""".split())
ARTICLES = frozenset({"the", "a", "an", "your", "my", "our"})
QUESTION = re.compile(r"^(?:why|what|when|where|which|who|how(?:\s+(?:does|do|did|is|are|can|should|much|many))?)"
                      r"(?:\s+(?:does|do|did|is|are|makes|make))?\s+", re.I)
DECISION = re.compile(r"^(?:is|are|should|do|does|can|will)\s+(?:(?:i|you|we|your team)\s+"
                      r"(?:really\s+)?(?:use|need|learn|choose|pick|adopt|switch\s+to|move\s+to|try)\s+)?", re.I)
DECISION_WORDS = frozenset("worth still really dead overrated underrated necessary needed ready enough".split())
ABSTRACT_HEADS = frozenset("""ethics ethic morality politics history future past state art science psychology
    economics cost costs price role rise fall power value case problem problems myth myths anatomy importance
    benefits limits dangers risks pros cons lessons basics truth promise""".split())
SINGULAR_S = frozenset("ops devops mlops llmops kubernetes analytics ethics news series physics mathematics "
                       "postgres redis express chaos status bus gas".split())
VERB_ENDINGS = frozenset("work works help helps change changes scale scales fail fails matter matters "
                         "start starts compare run runs".split())


@dataclass(frozen=True)
class Shape:
    """kind: versus | howto | copula (S is C ...) | claim (S verb ...) | decision (is S worth it?) | thing."""

    kind: str
    subject: str = ""  # as it reads inside a heading: "SQLite", "the KV Cache", "a CDN"; "" for none
    other: str = ""  # B of "A vs B"
    verb: str = ""  # the claim's verb: "is", "have"
    rest: str = ""  # what follows the verb: "enough for most web apps"
    action: str = ""  # X of "how to X"

    @property
    def plural(self) -> bool:
        return is_plural(self.subject)


def is_plural(phrase: str) -> bool:
    words = phrase.split()
    if not words:
        return False
    last = words[-1].lower()
    if last in SINGULAR_S or last.endswith(("ss", "us", "is", "ics")) or words[-1].isupper():
        return False
    return last.endswith("s") and len(last) > 3 and not (words[0].lower() in ("a", "an"))


def _words(text: str) -> list[str]:
    return text.split()


def _head(words: list[str]) -> list[str]:
    """The noun phrase before the first relative pronoun or preposition (an 'of' after an abstract
    head like "The ethics of X" gives X instead)."""
    for i, w in enumerate(words):
        low = w.lower()
        if i and low in RELATIVE:
            return words[:i]
        if i and low in PREPOSITIONS:
            before = [x for x in words[:i] if x.lower() not in ARTICLES]
            if low == "of" and len(before) == 1 and before[0].lower() in ABSTRACT_HEADS:
                return _head(words[i + 1:]) if words[i + 1:] else []
            return words[:i]
    return words


def _short(words: list[str], limit: int = 3) -> str:
    """A subject of at most `limit` content words (keeping a leading article), else ''."""
    if not words:
        return ""
    article = words[0] if words[0].lower() in ARTICLES and len(words) > 1 else ""
    core = words[1:] if article else words
    if core and core[0].lower().endswith("ing") and len(core) > limit:
        return ""  # "replacing support staff with ..." is an action, not a subject
    if len(core) > limit:
        core = core[-2:]  # English noun phrases end in their head: "small open source projects" -> "source projects"
        article = ""
    if not core or core[-1].lower() in PREPOSITIONS or core[-1].lower() in ARTICLES:
        return ""
    art = article.lower() if article.lower() in ("the", "a", "an") else ""
    return " ".join([art, *core]).strip() if art else " ".join(core)


def topic_shape(topic: str) -> Shape:
    t = re.sub(r"\s+", " ", topic).strip().rstrip("?.!").strip()
    vs = re.split(r"\s+(?:vs\.?|versus)\s+", t, flags=re.I)
    if len(vs) == 2 and all(x.strip() for x in vs):
        return Shape("versus", subject=vs[0].strip(), other=vs[1].strip())
    howto = re.match(r"^(?:(?:a\s+)?(?:beginner'?s\s+)?guide\s+to\s+|how\s+(?:do\s+(?:i|you)\s+|can\s+(?:i|you)\s+)?to\s+|"
                     r"how\s+(?:do|can)\s+(?:i|you|we)\s+)(.+)$", t, flags=re.I)
    if howto:
        return Shape("howto", action=howto.group(1))
    decision = DECISION.match(t)
    if decision and decision.group(0).strip() and len(t.split()) > 1:
        rest = _words(t[decision.end():])
        stop = next((i for i, w in enumerate(rest) if i and w.lower() in DECISION_WORDS), len(rest))
        return Shape("decision", subject=_short(_head(rest[:stop])))
    question = QUESTION.match(t)
    words = _words(t[question.end():] if question else t)
    if question and len(words) > 1 and words[-1].lower() in VERB_ENDINGS:
        words = words[:-1]  # "how does WAL mode work" -> "WAL mode"
    for i, w in enumerate(words):
        low = w.lower()
        if i and low in RELATIVE:
            break
        if i and low in VERBS:
            subject = _short(words[:i])
            rest = " ".join(words[i + 1:])
            kind = "copula" if low in COPULAS and rest else "claim"
            return Shape(kind, subject=subject, verb=low, rest=rest)
    subject = _short(_head(words))
    if not subject:
        terms = find_terms(t, any_case=True)
        subject = terms[0].name if terms else ""
    return Shape("thing", subject=subject)


# (heading, point): {S} the subject as it reads in a heading, {s} in a sentence, {Is}/{is} agree
# with it, {C} the short complement of a copula claim, {claim} the whole claim, {t} the topic.
COPULA = [
    ("What {S} {Does} Well", "what {s} {does} well"),
    ("Why {S} {Is} {C}", "why {claim}"),
    ("When {S} {Is} Not {C}", "when {s} {is} not {rest}"),
    ("How {S} Works in Practice", "how {s} works in practice"),
    ("Common Mistakes with {S}", "common mistakes people make with {s}"),
    ("Getting Started with {S}", "how to get started with {s}"),
    ("Tools That Help with {S}", "useful tools for working with {s}"),
    ("What Comes Next for {S}", "where {s} {is} heading next"),
]
SUBJECT = [
    ("What {S} {Is}", "what {s} {is}, in plain words ({t})"),
    ("Why {S} {Matters}", "why {s} {matters}: {t}"),
    ("How {S} Works in Practice", "how {s} works in practice"),
    ("Common Mistakes with {S}", "common mistakes people make with {s}"),
    ("Getting Started with {S}", "how to get started with {s}"),
    ("Tools That Help with {S}", "useful tools for {s}"),
    ("How to Tell It Is Working", "how to tell whether {s} is working"),
    ("What Comes Next for {S}", "where {s} {is} heading next"),
]
DECIDE = [
    ("What {S} {Is}", "what {s} {is}, in plain words"),
    ("When {S} Pays Off", "when {s} is worth it: {t}"),
    ("When to Skip {S}", "when {s} is not worth it"),
    ("What {S} Costs You", "what {s} costs in time, money and effort"),
    ("Alternatives to {S}", "the alternatives to {s}"),
    ("How to Decide", "how to decide: {t}"),
    ("Getting Started with {S}", "how to get started with {s}"),
    ("Common Mistakes with {S}", "common mistakes people make with {s}"),
]
NO_SUBJECT = [
    ("The Question in Plain Words", "what {t} is about, in plain words"),
    ("Why It Matters", "why {t} matters"),
    ("The Case For", "the strongest argument for {t}"),
    ("The Case Against", "the strongest argument against {t}"),
    ("Who Is Affected", "who is affected by {t}, and how"),
    ("What Goes Wrong", "what usually goes wrong with {t}"),
    ("What to Do Instead", "a better approach to {t}"),
    ("Where This Is Heading", "where {t} is heading next"),
]
VERSUS = [
    ("What {A} Is", "what {a} is"),
    ("What {B} Is", "what {b} is"),
    ("Key Differences Between {A} and {B}", "the key differences between {a} and {b}"),
    ("When to Choose {A} or {B}", "when to choose {a} and when to choose {b}"),
    ("Common Mistakes with {A} and {B}", "common mistakes people make with {a} and {b}"),
    ("Getting Started with {A} and {B}", "how to get started with {a} and {b}"),
    ("Tools for {A} and {B}", "useful tools for {a} and {b}"),
    ("What Comes Next", "where {a} and {b} are heading next"),
]
HOWTO = [
    ("What You Need Before You Start", "what you need before you {x}"),
    ("The First Steps", "the first steps to {x}"),
    ("Common Mistakes to Avoid", "common mistakes people make when they {x}"),
    ("Tips for Better Results", "practical tips to {x} well"),
    ("How to Know It Worked", "how to tell whether you managed to {x}"),
    ("What to Do Next", "what to do after you {x}"),
    ("Tools That Help", "useful tools to {x}"),
    ("Going Further", "how to get better at it once you can {x}"),
]


def _complement(rest: str) -> str:
    """The short complement of a copula claim: "enough for most web apps" -> "enough"."""
    words = _head(rest.split())[:3]
    return " ".join(words)


def template_plan(topic: str, shape: Shape | None = None) -> list[tuple[str, str]]:
    """(heading, point) pairs for `topic`, eight of them, from its shape."""
    shape = shape or topic_shape(topic)
    t = re.sub(r"\s+", " ", topic).strip().rstrip("?.!")
    if shape.kind == "versus":
        a, b = shape.subject, shape.other
        return [(title_case(h.format(A=title_case(a), B=title_case(b))), p.format(a=a, b=b)) for h, p in VERSUS]
    if shape.kind == "howto":
        return [(h, p.format(x=shape.action)) for h, p in HOWTO]
    s = shape.subject
    if not s:
        return [(h, p.format(t=t)) for h, p in NO_SUBJECT]
    plural = shape.plural
    agree = {"Is": "Are" if plural else "Is", "is": "are" if plural else "is",
             "Does": "Do" if plural else "Does", "does": "do" if plural else "does",
             "Matters": "Matter" if plural else "Matters", "matters": "matter" if plural else "matters"}
    table = SUBJECT
    extra: dict[str, str] = {}
    if shape.kind == "copula" and _complement(shape.rest):
        table = COPULA
        extra = {"C": title_case(_complement(shape.rest)), "rest": shape.rest,
                 "claim": f"{s} {agree['is']} {shape.rest}"}
    elif shape.kind == "decision":
        table = DECIDE
    big = _display(s)
    out = []
    for h, p in table:
        heading = title_case(h.format(S=big, **agree, **extra))
        out.append((heading, p.format(s=s, t=t, **agree, **extra)))
    return out


def _display(subject: str) -> str:
    """The subject inside a heading: title case, a leading article kept in lower case."""
    words = subject.split()
    if words and words[0].lower() in ("the", "a", "an"):
        return words[0].lower() + " " + title_case(" ".join(words[1:]))
    return title_case(subject)
