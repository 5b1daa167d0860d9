"""Facts from the user when the model has none: up to six short questions derived from the planned
outline ("What does WAL mode change for your app?"), whose answers become notes.

`write --interview` plans first, then asks (the CLI reads the answers from stdin), then drafts with
the answers as notes; the web page can offer the same questions once the outline is planned. Both
functions here are pure: the asking is the caller's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from blogwright.model.brief import Brief
from blogwright.model.post import Outline
from blogwright.pipeline.definitions import key_terms
from blogwright.pipeline.headings import sentence_case, topic_shape
from blogwright.text.tokens import normalize

MAX_QUESTIONS = 6
MIN_ANSWER_WORDS = 2


@dataclass(frozen=True)
class Question:
    text: str
    section: int = -1  # the section whose facts the answer joins; -1 for a key term's definition
    term: str = ""  # the key term a definition question is about

    def __str__(self) -> str:
        return self.text


_X = r"(?P<x>.+?)"
# A heading's shape -> the question that asks the user for that section's facts.
PATTERNS: list[tuple[str, str]] = [
    (rf"^what {_X} (?:does|do) well$", "What does {x} do well for you?"),
    (rf"^why {_X} (?:is|are) (?P<c>.+)$", "Why is {x} {c}, in your experience?"),
    (rf"^when {_X} (?:is|are) not (?P<c>.+)$", "When is {x} not {c}?"),
    (rf"^what {_X} changes?$", "What does {x} change for your app?"),
    (rf"^what {_X} (?:is|are)$", "What is {x}, in one sentence?"),
    (rf"^how {_X} works? in practice$", "How do you use {x} in practice?"),
    (rf"^common mistakes with {_X}$", "What mistake with {x} have you seen?"),
    (rf"^getting started with {_X}$", "What is the first step with {x}?"),
    (rf"^tools (?:that help with|for) {_X}$", "Which tools do you use for {x}?"),
    (rf"^key differences between {_X} and (?P<c>.+)$", "What is the main difference between {x} and {c}?"),
    (rf"^when to choose {_X} or (?P<c>.+)$", "When would you pick {x} over {c}?"),
    (rf"^when {_X} pays off$", "When has {x} paid off for you?"),
    (rf"^when to skip {_X}$", "When would you skip {x}?"),
    (rf"^what {_X} costs you$", "What does {x} cost you?"),
    (rf"^alternatives to {_X}$", "What would you use instead of {x}?"),
    (r"^what you need before you start$", "What do you need before you start?"),
    (r"^common mistakes to avoid$", "Which mistake should a reader avoid?"),
    (r"^the first steps$", "What are the first steps?"),
    (r"^why it happens$", "Why does it happen, in your experience?"),
    (r"^what you can do about it$", "What do you do about it?"),
    (r"^who is affected$", "Who is affected, and how?"),
    (r"^what helps$", "What has helped, in your experience?"),
    (rf"^why {_X} matters?$", "Why does {x} matter to you?"),
    (r"^why it matters$", "Why does it matter to you?"),
    (r"^tips for better results$", "What tip would you give a reader?"),
    (r"^the short version$", "What is the short version, in your words?"),
    (r"^what people get wrong$", "What do people get wrong?"),
    (r"^how to (?:know it worked|tell it is working)$", "How do you tell that it worked?"),
    (r"^what to do first$", "What should a reader do first?"),
    (r"^the main argument$", "What is your main argument?"),
    (r"^where it falls short$", "Where does it fall short?"),
    (r"^how to decide$", "How do you decide?"),
]
SKIP = re.compile(r"^(?:what comes next|where this is heading|going further|what to do next|questions worth asking|"
                  r"a worked example|questions people ask|myths worth dropping|one more thing)", re.I)


def _keep_case(phrase: str, outline: Outline, brief: Brief) -> str:
    """A phrase cut from a Title Case heading, in the case the topic or points use ("WAL mode")."""
    haystack = " ".join([brief.topic, *(s.point for s in outline.sections)])
    m = re.search(re.escape(phrase), haystack, re.IGNORECASE)
    found = m.group(0) if m else phrase
    return sentence_case(found, brief.topic if m else found)


def question_for(heading: str, outline: Outline, brief: Brief) -> str:
    """The question a heading asks of the user, or '' (for headings that only invite speculation)."""
    h = heading.strip().rstrip("?.!:")
    if SKIP.match(h):
        return ""
    for pattern, template in PATTERNS:
        m = re.match(pattern, h, re.IGNORECASE)
        if m:
            groups = {k: _keep_case(v, outline, brief) for k, v in m.groupdict().items() if v}
            return template.format(**groups)
    return f"What should a reader know about {_keep_case(h, outline, brief)}?"


def interview_questions(outline: Outline, brief: Brief, limit: int = MAX_QUESTIONS) -> list[Question]:
    """Up to `limit` short questions: first a definition for each key term the plan could not define,
    then one per section, sections without the user's facts first."""
    out: list[Question] = []
    for term in key_terms(brief):
        if term not in outline.definitions:
            out.append(Question(f"What is {term}, in one sentence?", term=term))
    order = sorted(range(len(outline.sections)), key=lambda i: (bool(outline.sections[i].facts), i))
    asked = {normalize(q.text) for q in out}
    for i in order:
        text = question_for(outline.sections[i].heading, outline, brief)
        if text and normalize(text) not in asked:
            asked.add(normalize(text))
            out.append(Question(text, section=i))
    return out[:limit]


def answer_note(question: Question, answer: str, subject: str) -> str:
    """An answer as a note: one line, a leading "It"/"They" replaced by what the question is about."""
    text = re.sub(r"\s+", " ", answer or "").strip()
    if len(text.split()) < MIN_ANSWER_WORDS:
        return ""
    if question.term and not text.lower().startswith(question.term.lower()):
        text = re.sub(r"^(?:it|this|that)(?:'s| is)\s+", "", text, flags=re.I)
        text = f"{question.term} is {text[0].lower() + text[1:]}" if not text[:2].isupper() else f"{question.term} is {text}"
    elif subject:
        text = re.sub(r"^(?:it|this)\b", subject, text, count=1, flags=re.I)
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def apply_answers(outline: Outline, brief: Brief, questions: list[Question], answers: list[str]
                  ) -> tuple[Outline, Brief, list[str]]:
    """(outline, brief, new notes): each answer joins the notes and the facts of its section; an
    answer to a definition question becomes that term's one definition. Empty answers are skipped."""
    outline = outline.model_copy(deep=True)
    notes: list[str] = []
    shape = topic_shape(brief.topic)
    subject = re.sub(r"^(?:the|a|an)\s+", "", shape.subject) if shape.kind != "versus" else ""
    subject = subject or (key_terms(brief) or [""])[0]
    for q, a in zip(questions, answers):
        note = answer_note(q, a, subject)
        if not note:
            continue
        notes.append(note)
        if q.term:
            outline.definitions[q.term] = note.split(" is ", 1)[1].rstrip(".") if " is " in note else note
        if 0 <= q.section < len(outline.sections):
            outline.sections[q.section].facts.append(note)
    brief = brief.model_copy(update={"notes": [*brief.notes, *notes]}) if notes else brief
    return outline, brief, notes
