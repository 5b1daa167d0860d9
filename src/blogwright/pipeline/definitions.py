"""One definition per key term: the plan fixes a short definition for each key term of the topic,
and every paragraph prompt carries it, so the model explains the term one way all through the post
instead of inventing a new meaning per paragraph ("LLM Ops is a type of ...").

Where a definition comes from, in order: the user's notes ("RAG is ..."), the sources (a sentence
"RAG is ..."), the glossary (text/glossary.py). A term none of them defines gets no definition: the
pipeline never asks the model what a term means.
"""

from __future__ import annotations

import re

from blogwright.model.brief import Brief
from blogwright.pipeline.headings import topic_shape
from blogwright.text.glossary import Term, find_terms, lookup
from blogwright.text.lexicon import initials
from blogwright.text.sentences import split_sentences

MAX_TERMS = 3
MAX_WORDS = 30
DEFINES = r"\s+(?:is|are|means|refers to|stands for|is short for)\s+(.+)"


def key_terms(brief: Brief) -> list[str]:
    """The topic's key terms: glossary terms it names, its subject(s) and the keywords (<= 3)."""
    shape = topic_shape(brief.topic)
    out: list[str] = []

    def add(term: str) -> None:
        term = re.sub(r"^(?:the|a|an)\s+", "", term.strip(), flags=re.I)
        if term and term.lower() not in {t.lower() for t in out} and len(term.split()) <= 3:
            out.append(term)

    for t in find_terms(brief.topic, any_case=True):
        add(t.name)
    if shape.kind in ("versus", "thing", "copula", "claim", "why", "decision"):
        for s in (shape.subject, shape.other if shape.kind == "versus" else ""):
            if s and not any(s.lower() in o.lower() or o.lower() in s.lower() for o in out):
                add(s)
    for k in brief.keywords:
        add(k)
    return out[:MAX_TERMS]


def _from_text(term: str, sentences: list[str]) -> str:
    """The definition of `term` in a sentence "Term is/means ..." or "Term (long form) is ...", or ''."""
    pattern = re.compile(rf"^(?:the\s+|an?\s+)?{re.escape(term)}(?:\s*\([^)]{{2,60}}\))?{DEFINES}$", re.I)
    for s in sentences:
        m = pattern.match(s.strip().rstrip(".!"))
        if m and 3 <= len(m.group(1).split()) <= MAX_WORDS:
            return m.group(1).strip()
    return ""


def true_expansion(term: Term) -> str:
    """The expansion when its initials spell the acronym ("large language model" for LLM), else ''."""
    letters = re.sub(r"[^A-Z]", "", term.name)
    words = [p for w in term.expansion.replace(",", " ").split() for p in w.split("-")
             if p.lower() not in ("of", "and", "the", "for", "to", "as", "a", "an", "in", "on")]
    return term.expansion if term.expansion and letters and initials(words) == letters else ""


def glossary_definition(term: str) -> str:
    entry = lookup(term)
    if entry is None:
        terms = find_terms(term, any_case=True)
        entry = terms[0] if len(terms) == 1 and len(term.split()) <= 2 else None
        if entry is not None and entry.name.lower() != term.lower():
            return ""  # "WAL mode" is not what "WAL" means
    if entry is None:
        return ""
    expansion = true_expansion(entry)
    return f"{expansion}, {entry.definition}" if expansion and expansion.lower() not in entry.definition.lower() \
        else entry.definition


def plan_definitions(brief: Brief, source_texts: list[str] | None = None) -> dict[str, str]:
    """term -> a short definition (a phrase: "large language model, a model trained on ..."), for
    every key term something defines; notes first, then sources, then the glossary."""
    note_sentences = [s for n in brief.notes for s in split_sentences(n) or [n]]
    source_sentences = [s for t in source_texts or [] for s in split_sentences(t)]
    out: dict[str, str] = {}
    for term in key_terms(brief):
        definition = (_from_text(term, note_sentences) or _from_text(term, source_sentences)
                      or glossary_definition(term))
        if definition:
            out[term] = definition.rstrip(".")
    return out


def named_in(definitions: dict[str, str], text: str) -> dict[str, str]:
    """The definitions of the terms `text` names (all of them when it names none). A paragraph about
    one of two terms shown both definitions often gave it the other's ("ML Ops is the practice of
    running large language models in production"): a sentence the substance pass then cuts (issue 28)."""
    named = {t: d for t, d in definitions.items() if re.search(rf"(?<!\w){re.escape(t)}(?!\w)", text, re.I)}
    return named or dict(definitions)


def definition_lines(definitions: dict[str, str]) -> list[str]:
    """What a paragraph prompt carries: "Here, LLM means large language model, a model ...". """
    return [f"Here, {term} means {definition}." for term, definition in definitions.items()]
