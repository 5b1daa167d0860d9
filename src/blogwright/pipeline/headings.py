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

from blogwright.text import english
from blogwright.text.glossary import find_terms
from blogwright.text.lexicon import common_words
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


NEGATIVE = frozenset("""slow slower overrated dead dying bad worse worst broken hard harder expensive wrong
    dangerous risky useless pointless outdated obsolete insecure unsafe fragile overkill hype hyped""".split())
CONJUNCTIONS = frozenset("and or but because when if so while unless".split())
# "Every small team needs a runbook": a quantified subject is who the post is for, not what it is about
QUANTIFIERS = frozenset("every each all most many some any few".split())
NEEDS = frozenset("need needs should must want wants".split())  # "why small teams need X": X is the subject
TAILS = re.compile(r"(?:\s*:\s.*|\s+-\s.*|\s*[–—]\s*.*|\s+(?:explained|demystified|made simple|for beginners|101|in practice|"
                   r"a primer|an introduction|basics))$", re.I)


@dataclass(frozen=True)
class Shape:
    """kind: versus | howto | copula (S is C ...) | claim (S verb ...) | why (why S verb O?) |
    decision (is S worth it?) | thing (a noun phrase) | issue (no usable subject) | activity (a gerund
    phrase: "Caring for a cast iron pan") |
    audience (Q S verb O: "(why) every small team needs a runbook": the subject is O, S the readers)."""

    kind: str
    subject: str = ""  # as typed, with a leading article kept: "SQLite", "the KV Cache", "a CDN"
    other: str = ""  # B of "A vs B"; the object O of a claim ("cold starts")
    verb: str = ""  # the claim's verb: "is", "have"
    rest: str = ""  # what follows the verb: "enough for most web apps"
    action: str = ""  # X of "how to X"; the issue of an "issue" topic
    context: str = ""  # what follows a noun-phrase subject: "with a token bucket"
    readers: str = ""  # the quantified subject of an `audience` claim, plural: "small teams"


def is_plural(phrase: str) -> bool:
    words = phrase.split()
    if not words:
        return False
    last = words[-1].lower()
    if last in SINGULAR_S or last.endswith(("ss", "us", "is", "ics")) or words[-1].isupper():
        return False
    return last.endswith("s") and len(last) > 3 and words[0].lower() not in ("a", "an")


def plural(phrase: str) -> str:
    """"small team" -> "small teams", "busy company" -> "busy companies"; a plural stays as it is."""
    if is_plural(phrase) or not phrase:
        return phrase
    head, _, last = phrase.rpartition(" ")
    low = last.lower()
    if low.endswith(("s", "x", "ch", "sh")):
        last += "es"
    elif low.endswith("y") and low[-2:-1] not in tuple("aeiou"):
        last = last[:-1] + "ies"
    else:
        last += "s"
    return f"{head} {last}".strip()


def _words(text: str) -> list[str]:
    return text.split()


def _cut(words: list[str], stops: frozenset[str]) -> list[str]:
    for i, w in enumerate(words):
        if i and w.lower() in stops:
            return words[:i]
    return words


def _head(words: list[str]) -> tuple[list[str], list[str]]:
    """(noun phrase, what follows) split at the first relative pronoun or preposition; an 'of' after
    an abstract head ("The ethics of X") gives X's noun phrase instead."""
    for i, w in enumerate(words):
        low = w.lower()
        if i and (low in RELATIVE or low in CONJUNCTIONS):
            return words[:i], words[i:]
        if i and low in PREPOSITIONS:
            before = [x for x in words[:i] if x.lower() not in ARTICLES]
            if low == "of" and len(before) == 1 and before[0].lower() in ABSTRACT_HEADS:
                return ([], words[i + 1:]) if words[i + 1:] else ([], [])
            return words[:i], words[i:]
    return words, []


def _short(words: list[str], limit: int = 3) -> str:
    """A subject of at most `limit` words (a leading 'the/a/an' kept), or '' when it is none."""
    article = words[0] if words and words[0].lower() in ARTICLES and len(words) > 1 else ""
    core = words[1:] if article else list(words)
    if not core or core[-1].lower() in PREPOSITIONS | ARTICLES:
        return ""
    if core[0].lower().endswith("ing") and (len(core) >= 3 or any(w.lower() in ARTICLES for w in core)):
        return ""  # "replacing support staff", "grieving a colleague": an action, not a subject
    if len(core) == 1 and core[0].lower() in ABSTRACT_HEADS:
        return ""  # "Lessons", "The ethics"
    if len(core) > limit:
        core, article = core[-limit:], ""  # noun phrases end in their head: "small open source projects"
    art = article.lower() if article.lower() in ("the", "a", "an") else ""
    return " ".join([art, *core]) if art else " ".join(core)


def sentence_case(text: str, topic: str) -> str:
    """Title-case words of a Title Case topic in lower case for a sentence ("Enough for Most Web Apps"
    -> "enough for most web apps"); acronyms, names like SQLite and glossary terms stay."""
    words = topic.split()
    titled = sum(w[:1].isupper() for w in words if len(w) > 3) >= max(2, 0.7 * sum(len(w) > 3 for w in words))
    if not titled:
        return text
    names = {t.name.lower() for t in find_terms(topic, any_case=True)}
    return " ".join(w.lower() if w.istitle() and w.lower() not in names else w for w in text.split())


MODALS = frozenset("should can could will would must".split())
DEGREE = frozenset("too so many much more fewer less few".split())


def _plural_verb(verb: str) -> str:
    """The verb for a plural subject: needs -> need, has -> have, does -> do; "should" stays."""
    low = verb.lower()
    special = {"has": "have", "does": "do", "is": "are", "was": "were"}
    if low in special:
        return special[low]
    if low in MODALS or not low.endswith("s") or low.endswith("ss"):
        return verb
    return verb[:-2] if low.endswith(("ches", "shes", "xes", "sses")) else verb[:-1]


def _audience(words: list[str], i: int, subject: str, quantified: bool = True) -> Shape | None:
    """"Every small team needs a runbook" (words, the verb's index, its quantified subject): a post
    about a runbook for small teams, or None when no noun follows the verb ("Every team should ship").
    `quantified=False`: the subject names the readers as it is ("why small teams need a runbook")."""
    j = i + 2 if words[i].lower() in MODALS and len(words) > i + 2 else i + 1
    obj = _cut(_head(words[j:])[0], CONJUNCTIONS)
    while obj and obj[0].lower() in DEGREE:
        obj = obj[1:]  # "too many dependencies" -> "dependencies"
    typed = _short(obj)  # its article kept: "a runbook"
    if not typed or all(w.lower().endswith("ly") or w.lower() in ("daily", "weekly", "often", "more", "less")
                        for w in typed.split()):
        return None  # "Every team should ship daily": no thing to write about
    if not typed or typed.split()[0].lower() in ("you", "it", "them", "us", "me") or typed.lower().endswith("ing"):
        return None
    verbs = " ".join([_plural_verb(words[i]), *words[i + 1:j]])
    readers = " ".join(subject.split()[1:]) if quantified else subject
    return Shape("audience", subject=typed, readers=plural(readers), verb=verbs,
                 rest=" ".join(words[j:]), other=subject)


# words a heading's subject never holds: an auxiliary, a question word or a pronoun left by a parse that
# missed the clause (bench/results/research-unseen-main: "Why Does When It Matters")
NOT_A_SUBJECT = frozenset("does do did when where what how why which it its they".split())


def topic_shape(topic: str) -> Shape:
    t = re.sub(r"\s+", " ", topic).strip().rstrip("?.!").strip()
    t = TAILS.sub("", t).strip() or t
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
        subject = _short(_head(rest[:stop])[0])
        return Shape("decision", subject=subject) if subject else Shape("issue", action=t)
    question = QUESTION.match(t)
    words = _words(t[question.end():] if question else t)
    if question and re.search(r"\b(?:does|do|did|can)\s*$", question.group(0), re.I) and len(words) > 1 \
            and words[-1].lower() in VERB_ENDINGS:
        words = words[:-1]  # "how does WAL mode work" -> "WAL mode"
    why = bool(question) and question.group(0).split()[0].lower() == "why"
    if not question and english.gerund(t):  # "Caring for a cast iron pan": an activity, not a thing
        return Shape("activity", action=t)
    # the clause's verb from spaCy's parse ("How DNS finds the address": "finds"); the word list only
    # where the parse finds none (an intransitive verb at the end: "What SQLite's WAL mode changes")
    # or spaCy is missing
    verb_at = english.finite_verb(t, question.end() if question else 0)
    for i, w in enumerate(words):
        low = w.lower()
        if i and (low in RELATIVE or low in PREPOSITIONS):
            break
        if i and (i == verb_at or verb_at is None and low in VERBS):
            # the subject ends before an auxiliary or question word the parse took in ("What Redis does
            # when it runs ...": "Redis", not "does when it")
            end = next((k for k, x in enumerate(words[:i]) if k and x.lower() in NOT_A_SUBJECT), i)
            subject = _short(words[:end])
            rest = " ".join(words[i + 1:])
            if not subject:
                break
            if question and not why:
                # "What VACUUM does in PostgreSQL", "How DNS works": an explainer about the subject,
                # not a claim to argue ("The Main Argument", "Where It Falls Short")
                return Shape("thing", subject=subject, context=rest)
            if low in COPULAS and rest:
                return Shape("copula", subject=subject, verb=low, rest=rest)
            obj = _short(_cut(_head(words[i + 1:])[0], CONJUNCTIONS))  # its article kept: "What a Runbook Is"
            # no object: a pronoun, or a phrase that opens with a preposition ("Why I moved from a laptop to a
            # desktop" gave "What from a Laptop Is")
            obj = "" if obj.split()[:1] and obj.split()[0].lower() in ("you", "it", "them", "us", "me", *PREPOSITIONS) else obj
            if subject.split()[0].lower() in QUANTIFIERS and len(subject.split()) > 1:
                return _audience(words, i, subject) or Shape("issue", action=t)  # never "What Every Team Is"
            if why and low in NEEDS and is_plural(subject):
                # "Why small teams need a runbook": a post about a runbook, for small teams (never "What
                # Small Teams Are")
                return _audience(words, i, subject, quantified=False) or Shape("issue", action=t)
            return Shape("why" if why else "claim", subject=subject, other=obj, verb=low, rest=rest)
    head, after = _head(words)
    subject = _short(head)
    if subject and NOT_A_SUBJECT & {w.lower() for w in subject.split()}:
        subject = ""  # "What Redis does when it runs out of memory": never "Why Does When It Matters"
    if not subject:
        terms = find_terms(t, any_case=True)
        if terms and not any(w.lower().endswith("ing") for w in head[:1]):
            return Shape("thing", subject=terms[0].name)
        issue = " ".join(after) if head == [] and after else t
        return Shape("issue", action=issue)
    if english.available() and not english.subject(subject) and not subject.lower().endswith("ing"):
        return Shape("activity", action=t)  # "Publish and subscribe messaging ...": never "What Publish Is"
    return Shape("thing", subject=subject, context=" ".join(after))


# (heading, point). In headings {S} is the subject, {O} a claim's object, {C} a copula claim's short
# complement; verbs in braces agree with the subject ({Is} -> Is/Are). In points {s}, {o} are as
# typed, {claim} is the whole claim, {ctx} what follows a noun-phrase subject, {x} the how-to action.
COPULA = [
    ("{first}", "{first_point}"),
    ("Why {S} {Is} {C}", "why {claim}"),
    ("When {S} {Is} Not {C}", "when {s} {is} not {rest}"),
    ("How {S} {Works} in Practice", "how {s} {works} in practice"),
    ("Common Mistakes with {S}", "common mistakes people make with {s}"),
    ("Getting Started with {S}", "how to get started with {s}"),
    ("Tools That Help with {S}", "useful tools for working with {s}"),
    ("What Comes Next for {S}", "where {s} {is} heading next"),
]
WHY = [
    ("What {S} {Is}", "what {s} {is}, in plain words"),
    ("What {O} {OIs}", "what {o} {ois}, in plain words"),
    ("The Main Reasons", "why {claim}"),
    ("How {S} {Works} in Practice", "how {s} {works} in practice"),
    ("What You Can Do About It", "what you can do, given that {claim}"),
    ("Common Mistakes with {S}", "common mistakes people make with {s}"),
    ("Tools That Help with {S}", "useful tools for {s}"),
    ("What Comes Next for {S}", "where {s} {is} heading next"),
]
CLAIM = [
    ("What {S} {Is}", "what {s} {is}, in plain words"),
    ("The Main Argument", "why {claim}"),
    ("Where It Falls Short", "when it is not true that {claim}"),
    ("How {S} {Works} in Practice", "how {s} {works} in practice"),
    ("Common Mistakes with {S}", "common mistakes people make with {s}"),
    ("Getting Started with {S}", "how to get started with {s}"),
    ("Tools That Help with {S}", "useful tools for {s}"),
    ("What Comes Next for {S}", "where {s} {is} heading next"),
]
SUBJECT = [
    ("What {S} {Is}", "what {s}{ctx} {is}, in plain words"),
    ("Why {S} {Matters}", "why {s}{ctx} {matters}"),
    ("How {S} {Works} in Practice", "how {s}{ctx} {works} in practice"),
    ("Common Mistakes with {S}", "common mistakes people make with {s}{ctx}"),
    ("Getting Started with {S}", "how to get started with {s}{ctx}"),
    ("Tools That Help with {S}", "useful tools for {s}{ctx}"),
    ("How to Tell It Is Working", "how to tell whether {s} is working"),
    ("What Comes Next for {S}", "where {s} {is} heading next"),
]
AUDIENCE = [
    ("What {S} {Is}", "what {s} {is}, in plain words"),
    ("Why {R} {V} {Sn}", "why {claim}"),
    ("How {S} {Works} in Practice", "how {s} {works} in practice, for {r}"),
    ("Getting Started with {S}", "how {r} can get started with {s}"),
    ("Common Mistakes with {S}", "common mistakes {r} make with {s}"),
    ("Tools That Help with {S}", "useful tools for {s}"),
    ("How to Tell It Is Working", "how {r} can tell whether {s} is working"),
    ("What Comes Next for {S}", "where {s} {is} heading next"),
]
DECIDE = [
    ("What {S} {Is}", "what {s} {is}, in plain words"),
    ("When {S} Pays Off", "when {s} is worth it ({t})"),
    ("When to Skip {S}", "when {s} is not worth it"),
    ("What {S} Costs You", "what {s} costs in time, money and effort"),
    ("Alternatives to {S}", "the alternatives to {s}"),
    ("How to Decide", "how to decide: {t}"),
    ("Getting Started with {S}", "how to get started with {s}"),
    ("Common Mistakes with {S}", "common mistakes people make with {s}"),
]
ISSUE = [
    ("The Short Version", "{x}, in plain words"),
    ("Why It Matters", "why {x} matters"),
    ("Who Is Affected", "who is affected by {x}, and how"),
    ("What People Get Wrong", "what people often get wrong about {x}"),
    ("What Helps", "what helps with {x}"),
    ("What to Do First", "the first practical steps with {x}"),
    ("Questions Worth Asking", "the questions worth asking about {x}"),
    ("Where This Is Heading", "where {x} is heading next"),
]
VERSUS = [
    ("What {A} {AIs}", "what {a} {ais}"),
    ("What {B} {BIs}", "what {b} {bis}"),
    ("Key Differences Between {A} and {B}", "the key differences between {a} and {b}"),
    ("When to Choose {A} or {B}", "when to choose {a} and when to choose {b}"),
    ("Common Mistakes with {A} and {B}", "common mistakes people make with {a} and {b}"),
    ("Getting Started with {A} and {B}", "how to get started with {a} and {b}"),
    ("Tools for {A} and {B}", "useful tools for {a} and {b}"),
    ("What Comes Next", "where {a} and {b} are heading next"),
]
# "Caring for a cast iron pan", "Keeping a sourdough starter alive": an activity; {x} is the topic as
# typed, a gerund phrase, so points read "common mistakes people make when caring for a cast iron pan"
ACTIVITY = [
    ("The Basics", "the basics of {x}"),
    ("Why It Matters", "why {x} matters"),
    ("Step by Step", "how {x} goes, step by step"),
    ("Common Mistakes to Avoid", "common mistakes people make when {x}"),
    ("Tips for Better Results", "practical tips for {x}"),
    ("How to Tell It Is Working", "how to tell whether {x} is going well"),
    ("Tools That Help", "useful tools for {x}"),
    ("Going Further", "how to get better at {x}"),
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
TABLES = {"copula": COPULA, "why": WHY, "claim": CLAIM, "thing": SUBJECT, "decision": DECIDE, "issue": ISSUE,
          "versus": VERSUS, "howto": HOWTO, "audience": AUDIENCE, "activity": ACTIVITY}


def agreement(subject: str, prefix: str = "") -> dict[str, str]:
    """Verb forms that agree with `subject`: {Is, is, Does, does, Matters, matters, Works, works}."""
    plural = is_plural(subject)
    forms = {"is": ("is", "are"), "does": ("does", "do"), "matters": ("matters", "matter"), "works": ("works", "work")}
    out = {}
    for key, (one, many) in forms.items():
        word = many if plural else one
        out[prefix + key] = word
        out[prefix.upper() + key.capitalize()] = word.capitalize()
    return out


def display(subject: str) -> str:
    """The subject inside a heading: title case, a leading article kept in lower case."""
    words = subject.split()
    if words and words[0].lower() in ("the", "a", "an"):
        return words[0].lower() + " " + title_case(" ".join(words[1:]))
    return title_case(subject)


def template_plan(topic: str, shape: Shape | None = None, serious: bool = False) -> list[tuple[str, str]]:
    """Eight (heading, point) pairs for `topic`, from its shape. A serious topic with no claim to
    argue gets the subject-free ISSUE headings ("Who Is Affected", not "Getting Started with Grief")."""
    shape = shape or topic_shape(topic)
    t = re.sub(r"\s+", " ", topic).strip().rstrip("?.!")
    kind = shape.kind
    if serious and kind in ("thing", "claim", "activity"):
        kind, shape = "issue", Shape("issue", action=t)
    if kind == "copula" and not _cut(_head(shape.rest.split())[0], CONJUNCTIONS):
        kind = "claim"
    if kind == "why" and not shape.other:
        kind = "claim"
    s = sentence_case(shape.subject, t) if shape.subject else ""
    values: dict[str, str] = {"t": t, "s": s, "S": display(shape.subject), **agreement(shape.subject)}
    if kind == "versus":
        values = {"a": shape.subject, "b": sentence_case(shape.other, t), "A": title_case(shape.subject),
                  "B": title_case(shape.other), **agreement(shape.subject, "a"), **agreement(shape.other, "b")}
    elif kind == "audience":
        first = shape.subject.split()[0].lower()
        pronoun = "Them" if is_plural(shape.subject) else "One" if first in ("a", "an") else "It"
        readers = sentence_case(shape.readers, t)
        values.update(R=title_case(shape.readers), r=readers, Sn=pronoun, V=title_case(shape.verb),
                      claim=f"{readers} {shape.verb.lower()} {sentence_case(shape.rest, t)}".strip())
    elif kind in ("howto", "issue", "activity"):
        values["x"] = sentence_case(shape.action, t)
        if kind in ("issue", "activity") and values["x"][:1].isupper() and values["x"].split()[0].istitle():
            values["x"] = values["x"][0].lower() + values["x"][1:]
    else:
        rest = sentence_case(shape.rest, t)
        values.update(rest=rest, claim=f"{s} {shape.verb} {rest}".strip(),
                      C=title_case(" ".join(_cut(_head(shape.rest.split())[0], CONJUNCTIONS)[:3])),
                      O=display(shape.other), o=sentence_case(shape.other, t),
                      ctx=f" {sentence_case(shape.context, t)}" if shape.context else "",
                      **agreement(shape.other, "o"))
        if kind == "copula":
            values["claim"] = f"{s} {values['is']} {rest}"
            negative = bool(set(rest.lower().split()) & NEGATIVE)
            values["first"] = "What {S} {Is}" if negative else "What {S} {Does} Well"
            values["first_point"] = "what {s} {is}, in plain words" if negative else "what {s} {does} well"
    out = []
    for h, p in TABLES[kind]:
        h, p = h.format(**values) if h == "{first}" else h, p.format(**values) if p == "{first_point}" else p
        heading = title_case(h.format(**values))
        if (heading, p) not in out:
            out.append((heading, p.format(**values)))
    return out


_WH_WORDS = frozenset("why what how when where who which".split())
# a topic that already asks ("How does WAL mode work", "Is Rust worth learning"): its own question
ASKS = re.compile(r"^(?:(?:why|what|when|where|which|who|how)\s+)?(?:is|are|was|were|does|do|did|can|could|"
                  r"should|will|would|has|have)\s", re.I)


def _inline(text: str) -> str:
    """A phrase inside a sentence: a leading article or gerund lower-cased; a first word that may be a
    name ("Python decorators", "DNS") as typed."""
    first, _, rest = text.partition(" ")
    if first.lower() in ARTICLES or first.lower().endswith("ing") or first.lower() in _WH_WORDS:
        return " ".join(x for x in (first.lower(), rest) if x)
    return text


def _phrase(text: str) -> str:
    """A topic inside a sentence: a capitalised everyday first word lower-cased ("Publish and subscribe
    ..." -> "publish and subscribe ..."), anything else as typed."""
    first = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if first.istitle() and first.lower() in common_words() else _inline(text)


def topic_frame(topic: str) -> tuple[str, str]:
    """(the reader's question a topic names, asked plainly; the line that closes a post on it), neither
    talking about the post (stop 31's editor labelled "This post is about X." and "That is X in short."
    meta): "How DNS finds the address of a website" -> ("How does DNS find the address of a website?",
    "That is how DNS finds the address of a website."), "Caring for a cast iron pan" -> ("How do you go
    about caring for a cast iron pan?", "That is what caring for a cast iron pan takes."), "A vs B"
    -> ("What is the difference between A and B?", "That is the difference between A and B."). "" for
    what the topic's shape gives none of: a topic that asks already has no answer line, and a claim's
    ("That is why" would argue it)."""
    t = re.sub(r"\s+", " ", topic).strip().rstrip("?.!").strip()
    t = TAILS.sub("", t).strip() or t
    if not t:
        return "", ""
    if ASKS.match(t) or topic.strip().endswith("?"):
        return _sentence(t, topic) + "?", ""
    shape = topic_shape(t)
    kind = shape.kind
    if kind == "activity" and not english.gerund(shape.action) or kind == "thing" and not english.subject(shape.subject):
        kind = "phrase"  # "Publish and subscribe messaging with ...": never "What is publish?"
    x, s, be = _inline(shape.action), _inline(shape.subject), agreement(shape.subject)["is"]
    forms = {"versus": (f"What is the difference between {shape.subject} and {shape.other}",
                        f"That is the difference between {shape.subject} and {shape.other}"),
             "howto": (f"How do you {shape.action}", f"That is how to {shape.action}"),
             "activity": (f"How do you go about {x}", f"That is what {x} takes"),  # "how you go about": a claim to the finder
             "thing": (f"What {be} {s}", f"That is what {s} {be}"),
             "phrase": (f"What is worth knowing about {_phrase(t)}", f"That is what is worth knowing about {_phrase(t)}")}
    question, answer = forms.get("phrase" if kind == "issue" else kind, ("", ""))
    question = english.as_question(t).rstrip("?") or question
    if re.match(r"^(?:why|what|how|when|where|who|which)\b", t, re.I):
        answer = f"That is {_inline(t)}"
    return (_sentence(question, topic) + "?" if question else "", _sentence(answer, topic) + "." if answer else "")


def _sentence(text: str, topic: str) -> str:
    text = sentence_case(text, topic)
    return text[:1].upper() + text[1:]
