"""The substance gates: what a post says, not how it looks. Blocking by default; every finding is
a `SentenceFinding` (a `Finding` with a `sentence` field holding the post's own sentence, also
quoted in the message), and each gate's `value` lists {"where", "sentence", "problem"}.

| gate | module | catches |
|---|---|---|
| `terms` | checks/terms.py | invented terms, acronyms, odd casing ("iKR"), unknown SCREAMING_SNAKE identifiers (`CREATE_FULL`), version numbers the brief never gives ("versions like 4.5") |
| `expansions` | checks/substance_expansions.py | "LIMPAC (Limited Machine Learning Platform)": letters that do not fit, a word that is no acronym, an expansion the notes, sources, glossary or the post itself give differently |
| `contradictions` | checks/substance_facts.py | a sentence that flips a note or source sentence: negation, a different number, one vs many |
| `redefinition` | checks/substance_definitions.py | a key term of the topic defined as two different kinds of thing |
| `meta` | checks/meta.py | talk about the text itself ("The above text is a bit too casual ...") |
| `civility` | checks/civility.py | unprompted profanity (better-profanity's list), insults, talk to the requester ("You're right, the 3 sentences are too long") |
| `nonsense` | checks/nonsense.py | what cannot be true whatever the facts: a thing defined by or compared with itself ("Llm ops is a subset of llm ops", "training (training)"), a thing and its opposite ("X is not X"), a shouted made-up label ("LIMITED: ...") |

For sentence-level repair (pipeline/review.py):

    sentence_problems(sentence, ctx, post_text="", config=None) -> list[SentenceFinding]

runs every substance check on one sentence (Markdown or plain) and returns its findings (gate
name, severity "error" when that gate is blocking in `config`, message, suggestion, `sentence`;
`location` is empty: the caller knows where the sentence is). `ctx` supplies the topic, notes,
sources and allowed words; `post_text` is the rest of the post (plain or Markdown): acronyms
spelled out there count as known, and an expansion or a definition there is what the sentence
must agree with. Pass the post *before* the sentence to keep the first of two disagreeing
sentences, the whole post to check a sentence against all the others. An empty list means the
sentence passes. `substance_problems_text(problems)` turns the findings into one line for a
regeneration prompt.
"""

from __future__ import annotations

from blogwright.checks.civility import civility_problems, gate_civility
from blogwright.checks.meta import gate_meta, meta_problems
from blogwright.checks.nonsense import gate_nonsense, nonsense_problems
from blogwright.checks.settings import GateConfig
from blogwright.checks.substance_definitions import gate_redefinition, redefinition_problems
from blogwright.checks.substance_expansions import expansion_problems, gate_expansions
from blogwright.checks.substance_facts import contradiction_problems, gate_contradictions
from blogwright.checks.substance_text import SentenceCheck, SentenceFinding, clip, prose
from blogwright.checks.terms import gate_terms, term_problems
from blogwright.checks.types import CheckContext
from blogwright.text.markdown import plain_text

__all__ = ["SUBSTANCE_GATES", "SUBSTANCE_CHECKS", "SentenceFinding", "sentence_problems",
           "substance_problems_text", "gate_terms", "gate_expansions", "gate_contradictions",
           "gate_redefinition", "gate_meta", "gate_nonsense"]

SUBSTANCE_GATES = {"terms": gate_terms, "expansions": gate_expansions,
                   "contradictions": gate_contradictions, "redefinition": gate_redefinition,
                   "meta": gate_meta, "civility": gate_civility, "nonsense": gate_nonsense}
SUBSTANCE_CHECKS: dict[str, SentenceCheck] = {
    "terms": term_problems, "expansions": expansion_problems, "contradictions": contradiction_problems,
    "redefinition": redefinition_problems, "meta": meta_problems, "civility": civility_problems,
    "nonsense": nonsense_problems}


def sentence_problems(sentence: str, ctx: CheckContext | None = None, post_text: str = "",
                      config: GateConfig | None = None) -> list[SentenceFinding]:
    """Every substance problem of one sentence (see the module doc); [] when it passes. Gates in
    `config.skip` are not run."""
    config = config or GateConfig()
    post = plain_text(post_text) if post_text else ""
    out: list[SentenceFinding] = []
    for name, check in SUBSTANCE_CHECKS.items():
        if name in config.skip:
            continue
        severity = "error" if config.is_blocking(name) else "warning"
        for p in check(sentence, ctx, post, config):
            out.append(SentenceFinding(name, severity, f"{p.message} in “{clip(prose(sentence, code=True))}”",
                                       "", p.suggestion, sentence))
    return out


def substance_problems_text(problems: list[SentenceFinding]) -> str:
    """The problems as one short line for a prompt ("invented or unknown term: 'LIMPAC'; ...")."""
    return "; ".join(dict.fromkeys(f.message.split(" in “", 1)[0] for f in problems))
