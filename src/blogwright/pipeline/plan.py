"""Plan stage: title and outline (sections with a point and a word budget), with fallbacks."""

from __future__ import annotations

import re

from blogwright import prompts
from blogwright.backends.base import GenParams
from blogwright.grounding import evidence_for_sections
from blogwright.model.brief import Brief
from blogwright.model.post import Outline, SectionPlan
from blogwright.pipeline import post_length
from blogwright.pipeline.clean import clean_line
from blogwright.pipeline.context import RunContext
from blogwright.pipeline.definitions import plan_definitions
from blogwright.pipeline.headings import template_plan, topic_shape
from blogwright.pipeline.outline_json import headings_from_json, outline_schema
from blogwright.pipeline.register import register
from blogwright.pipeline.truth import evidence_budget
from blogwright.text import english
from blogwright.text.tokens import STOPWORDS, content_words, normalize, overlap, title_case, tokens

TITLE_GRAMMAR = r'''root ::= [A-Z0-9] [^\n]{8,70}'''


def outline_grammar(n: int) -> str:
    return "root ::= " + " ".join(["item"] * n) + '\nitem ::= "- " [A-Z] [^\\n]{6,60} "\\n"'


def budget(words: int) -> tuple[int, int, int, int]:
    """(intro words, conclusion words, number of sections, words per section): see pipeline/post_length.py
    (the target counts the title, TL;DR and headings too)."""
    return post_length.budget(words)


def parse_title(text: str, topic: str) -> str | None:
    """A usable title from model output, or None: 3-14 words sharing a word with the topic."""
    line = clean_line(text)
    words = line.split()
    if not 3 <= len(words) <= 14 or len(line) > 100:
        return None
    if not set(content_words(line)) & set(content_words(topic)):
        return None
    return line


TITLES = {
    "newbie": ("{T}, Explained for Beginners", "A Beginner's Guide to {T}", "{T}: A First Look"),
    "practitioner": ("{T}: A Practical Guide", "{T} in Practice", "Getting {T} Right"),
    "expert": ("{T}: What Matters", "{T}, Revisited", "Notes on {T}"),
}


# The readers in the third person, as a request names them, and as a title speaks to them.
TO_READER = {"they": "you", "their": "your", "theirs": "yours", "them": "you", "themselves": "yourselves",
             "they're": "you're", "they've": "you've", "they'll": "you'll", "they'd": "you'd"}
_THEY = re.compile(r"(?<![\w'])(" + "|".join(sorted(map(re.escape, TO_READER), key=len, reverse=True))
                   + r")(?![\w'])", re.I)


def to_reader(topic: str) -> str:
    """"Why their houseplants keep dying" -> "Why your houseplants keep dying". A request written
    for someone ("a post for first-time plant owners about why their houseplants keep dying") names
    the readers in the third person; the post speaks to them, and so does its title. Only when
    nothing before the first pronoun can be what it stands for: function words ("why their"), or
    "how to" and a verb ("how to keep their plants alive"); "Why cats ignore their owners" stays."""
    m = _THEY.search(topic.replace("’", "'"))
    if not m:
        return topic
    before = tokens(topic[:m.start()])
    if not (all(w in STOPWORDS for w in before) or (before[:2] == ["how", "to"] and len(before) == 3)):
        return topic

    def swap(found: re.Match[str]) -> str:
        word = TO_READER[found.group(1).lower()]
        return word[:1].upper() + word[1:] if found.group(1)[:1].isupper() else word

    return _THEY.sub(swap, topic.replace("’", "'"))


def fallback_title(brief: Brief, seed: int = 0) -> str:
    """A title built from the topic; the template varies with the seed and the audience. A topic
    read from a request speaks to the reader (`to_reader`: "their houseplants" -> "Your Houseplants")."""
    topic = brief.topic.strip().rstrip("?.!")
    if brief.request:
        topic = to_reader(topic)
    vs = re.split(r"\s+(?:vs\.?|versus)\s+", topic, flags=re.I)
    if len(vs) == 2:
        return f"{title_case(vs[0])} vs {title_case(vs[1])}: What's the Difference?"
    if re.match(r"^how\s+to\s", topic, flags=re.I):
        return title_case(topic) + (": A Beginner's Guide" if brief.audience.value == "newbie" else "")
    if topic_shape(topic).kind in ("copula", "claim", "why", "decision") or brief.topic.strip().endswith("?"):
        # a claim or a question is already a headline: "Getting SQLite Is Enough for Most Web Apps Right" is not
        return title_case(topic + ("?" if brief.topic.strip().endswith("?") else ""))
    options = TITLES[brief.audience.value]
    for k in range(len(options)):  # the seed's template first; one that does not read as English is skipped
        title = options[(seed + k) % len(options)].format(T=title_case(topic))
        if not english.problem(title):
            return title
    return title_case(english.subject(topic) or topic)  # the safe form: the subject alone


def uses_model_plan(ctx: RunContext) -> bool:
    """Tiny models give junk titles and outlines (measured: DEVELOPERS.md); plan from the topic."""
    return not ctx.backend.weak


def parse_headings(text: str, topic: str, title: str = "") -> list[str]:
    """Lenient: any list-like or short line becomes a heading; junk, repeats and echoes dropped."""
    out: list[str] = []
    seen = {normalize(topic), normalize(title)}
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        line = re.sub(r"^(?:#{1,6}|[-*+•]|\d+[.):]|(?:section|heading|part)\s*\d*\s*[:.-])\s*", "", line, flags=re.I)
        line = clean_line(line)
        line = re.sub(r"\s*[:\-–—]\s*$", "", line)
        if ":" in line and len(line.split(":")[0].split()) <= 6 and len(line) > 60:
            line = line.split(":")[0]  # "Heading: a long explanation" -> "Heading"
        words = line.split()
        if not 2 <= len(words) <= 12 or len(line) > 80:
            continue
        if not re.search(r"[A-Za-z]{3}", line) or "(" in line or line.lower().startswith("topic"):
            continue
        key = normalize(line)
        if key in seen or any(overlap(line, s) >= 0.8 and overlap(s, line) >= 0.8 for s in out):
            continue
        seen.add(key)
        out.append(title_case(line))
    return out


FILLERS = [("A Worked Example", "a concrete, worked example of {t}"),
           ("Questions People Ask", "questions people often ask about {t}"),
           ("Myths Worth Dropping", "common myths about {t}, and what is true instead")]


def fallback_plan(brief: Brief, n: int) -> list[tuple[str, str]]:
    """(heading, point) pairs built from the topic alone (its subject and shape, see headings.py),
    for when the model gives too few headings or is too small to plan."""
    topic = brief.topic.strip().rstrip("?.!")
    serious = register(brief.topic, brief.notes) == "serious"
    pairs = [(h, p) for h, p in template_plan(topic, topic_shape(topic), serious=serious)
             if not english.problem(h)]  # "What I Still Is", "What Paper Diary Is": not headings
    for h, p in FILLERS:
        pairs.append((h, p.format(t=topic)))
    while len(pairs) < n:
        pairs.append((f"One More Thing to Know ({len(pairs) + 1})", f"one more useful fact about {topic}"))
    return pairs[:n]


def pastes_topic(heading: str, topic: str) -> bool:
    """A heading that repeats a topic of four words or more whole ("Common Mistakes with SQLite Is
    Enough for Most Web Apps") is a template, not a heading."""
    t = normalize(topic.rstrip("?.!"))
    return len(t.split()) >= 4 and t in normalize(heading)


def point_for(heading: str, topic: str) -> str:
    """The instruction a model-proposed heading becomes: the heading, anchored to the topic."""
    h = heading.rstrip("?.!:")
    if overlap(topic, h) >= 0.5:
        return h[0].lower() + h[1:] if h[:2].istitle() else h
    return f"{h[0].lower() + h[1:] if h[:2].istitle() else h}, in {topic}"


def assign_facts(headings: list[str], notes: list[str]) -> list[list[str]]:
    """Each note goes to the section whose heading it overlaps most; ties to the emptiest."""
    buckets: list[list[str]] = [[] for _ in headings]
    for note in notes:
        scores = [(overlap(note, h), -len(buckets[i]), -i) for i, h in enumerate(headings)]
        best = max(range(len(headings)), key=lambda i: scores[i])
        if scores[best][0] == 0:
            best = min(range(len(headings)), key=lambda i: (len(buckets[i]), i))
        buckets[best].append(note)
    return buckets


def make_title(ctx: RunContext) -> str:
    brief = ctx.brief
    if not uses_model_plan(ctx):
        return fallback_title(brief, ctx.call_seed("title"))
    prompt = prompts.render("title", topic=brief.topic)
    for attempt in range(2):
        params = GenParams(max_tokens=24, temperature=0.5, seed=ctx.call_seed("title", attempt),
                           stop=("\n",), grammar=TITLE_GRAMMAR)
        title = parse_title(ctx.call("plan", prompt, params).text, brief.topic)
        if title:
            return title
    ctx.note("plan", "the model gave no usable title; using one built from the topic")
    return fallback_title(brief, ctx.call_seed("title"))


def make_outline(ctx: RunContext) -> Outline:
    brief = ctx.brief
    intro, concl, n, per = budget(brief.words)
    title = make_title(ctx)
    structured = ctx.backend.supports_json_schema  # a server with response_format
    prompt = prompts.render("outline", topic=brief.topic, n=n, keywords=brief.keywords, notes=brief.notes,
                            json=structured)
    headings: list[str] = []
    for attempt in range(2 if uses_model_plan(ctx) else 0):
        params = GenParams(max_tokens=24 * n + (12 if structured else 0), temperature=0.4,
                           seed=ctx.call_seed("outline", attempt), grammar=None if structured else outline_grammar(n),
                           json_schema=outline_schema(n) if structured else None)
        text = ctx.call("plan", prompt, params).text
        headings = parse_headings(headings_from_json(text) or text, brief.topic, title)
        headings = [h for h in headings if (overlap(h, brief.topic + " " + title) > 0 or len(brief.notes) > 0)
                    and not pastes_topic(h, brief.topic)]
        if len(headings) >= n:
            break
    origin = "model" if len(headings) >= n else ("mixed" if headings else "template")
    pairs = [(h, point_for(h, brief.topic)) for h in headings[:n]]
    if len(pairs) < n and uses_model_plan(ctx):
        ctx.note("plan", f"the model gave {len(pairs)} of {n} usable headings; the rest come from the topic")
    if len(pairs) < n:
        topic_words = set(content_words(brief.topic))
        for h, p in fallback_plan(brief, 2 * n):
            if len(pairs) >= n:
                break
            # compare on the words that are not the topic's: long topics make every template alike
            own = " ".join(w for w in content_words(h) if w not in topic_words)
            if all(normalize(h) != normalize(x) and (not own or overlap(own, x) < 0.8) for x, _ in pairs):
                pairs.append((h, p))
    facts = assign_facts([h for h, _ in pairs], brief.notes)
    if ctx.index is not None:  # notes first, then up to ~60 words of source sentences per section

        extra = evidence_for_sections(ctx.index, pairs, facts, **evidence_budget(ctx))
        facts = [f + e for f, e in zip(facts, extra)]
    sections = [SectionPlan(heading=h, point=p, words=per, facts=f) for (h, p), f in zip(pairs, facts)]
    sources = [p.text for p in getattr(ctx.index, "passages", [])] if ctx.index is not None else []
    return Outline(title=title, sections=sections, intro_words=intro, conclusion_words=concl, origin=origin,
                   definitions=plan_definitions(brief, sources))
