"""Reading level: Flesch-Kincaid grade against the audience's target grade.

FK grade = 0.39 * words/sentences + 11.8 * syllables/words - 15.59 (Kincaid et al., 1975).
Syllables come from a vowel-group heuristic (no dictionary, no extra dependency); on ordinary
prose it lands within about half a grade of textstat 0.7.4 (which uses pyphen).
"""

from __future__ import annotations

import re
from functools import lru_cache

from blogwright.checks.prose import plain, sentences
from blogwright.checks.settings import GateConfig
from blogwright.checks.types import CheckContext, Finding, GateResult
from blogwright.model.brief import Audience
from blogwright.text.document import ParsedMarkdown

MIN_WORDS = 30  # below this FK says little
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,]\d+)*")  # letters of any script: "Zürich" is one word
_EXCEPTIONS = {"the": 1, "every": 2, "business": 2, "area": 3, "idea": 3, "real": 1,
               "create": 2, "people": 2, "science": 2, "being": 2, "quiet": 2, "poem": 2,
               "maybe": 2, "whole": 1, "simile": 3, "recipe": 3, "apple": 2, "table": 2,
               "doing": 2, "going": 2, "seeing": 2, "ai": 2, "ml": 2, "llm": 3, "api": 3}


@lru_cache(maxsize=65_536)  # words repeat: a long post's check stays linear and quick
def syllables(word: str) -> int:
    """Estimated syllables of one English word (at least 1)."""
    raw = word.lower().replace("’", "'")
    w = re.sub(r"[^a-z]", "", raw.removesuffix("'s"))
    if not w:
        return 1
    if w in _EXCEPTIONS:
        return _EXCEPTIONS[w]
    if len(w) <= 3:
        return 1
    count = len(re.findall(r"[aeiouy]+", w))
    if re.search(r"[^aeiouy]e$", w) and not re.search(r"[^aeiouy]le$", w):
        count -= 1  # silent final e: "make", but "table" keeps it
    if re.search(r"[^aeiouytdl]ed$", w):
        count -= 1  # "jumped", but "wanted", "rattled" keep it
    if re.search(r"[^aeiouyl]es$", w) and not re.search(r"(?:[cgsxz]|ch|sh)es$", w):
        count -= 1  # "makes", but "boxes", "pages", "apples" keep it
    if re.search(r"[^aeiouy]e(?:ly|ment|ments|ful|ness|less)$", w):
        count -= 1  # "lovely", "statement"
    if re.search(r"[sdl]n't$", raw):
        count += 1  # "wasn't", "couldn't"
    count += len(re.findall(r"[aeiou]ing|ia(?!n$)|io(?!n)|ua|eo(?!u)|[^gq]ue[^s]", w))
    return max(1, count)


def text_stats(text: str) -> tuple[int, int, int]:
    """(words, sentences, syllables) of plain prose; each paragraph ends a sentence."""
    n_words = n_sentences = n_syllables = 0
    for para in re.split(r"\n\s*\n", text):
        for s in sentences(para):
            toks = _WORD.findall(s)
            if not toks:
                continue
            n_sentences += 1
            n_words += len(toks)
            n_syllables += sum(1 if t[0].isdigit() else syllables(t) for t in toks)
    return n_words, n_sentences, n_syllables


def fk_grade(text: str) -> float:
    """Flesch-Kincaid grade level of `text` (0.0 for a text with no words)."""
    words, sents, syl = text_stats(text)
    if not words:
        return 0.0
    return round(0.39 * words / max(1, sents) + 11.8 * syl / words - 15.59, 2)


def _target(ctx: CheckContext | None) -> float | None:
    if not ctx or not ctx.audience:
        return None

    try:
        return Audience(getattr(ctx.audience, "value", ctx.audience)).target_grade
    except ValueError:
        return None


def _name(ctx: CheckContext | None) -> str:
    return str(getattr(ctx.audience, "value", ctx.audience)) if ctx else ""


def gate_reading(doc: ParsedMarkdown, ctx: CheckContext | None, config: GateConfig) -> GateResult:
    text = "\n\n".join(plain(p.text) for b in doc.prose_blocks() for p in b.paragraphs
                       if p.kind in ("para", "quote"))
    grade = fk_grade(text)
    words = text_stats(text)[0]
    target = _target(ctx)
    value = {"fk_grade": grade, "target": target, "words": words}
    blocking = config.is_blocking("reading")
    if target is None:
        return GateResult("reading", True, blocking, 1.0, value,
                          [Finding("reading", "info", f"FK grade {grade:.1f}; no audience given")])
    if words < MIN_WORDS:
        return GateResult("reading", True, blocking, 1.0, value,
                          [Finding("reading", "info", f"only {words} words: FK grade not judged")])
    limit = target + config.reading_tolerance
    findings = []
    if grade > limit:
        findings.append(Finding("reading", "warning",
                                f"FK grade {grade:.1f} is above {limit:.0f} for a "
                                f"{_name(ctx)} reader (target {target:.0f})", "body",
                                "use shorter sentences and plainer words"))
        hard = _hardest(doc)
        if hard:
            findings.append(Finding("reading", "info", f"hardest paragraph: FK {hard[1]:.1f}",
                                    hard[0], "split its long sentences"))
    elif grade < target - 6:
        findings.append(Finding("reading", "info", f"FK grade {grade:.1f} is far below the "
                                f"target {target:.0f}: it may read as choppy", "body"))
    score = max(0.0, 1 - max(0.0, grade - limit) / 6)
    return GateResult("reading", grade <= limit, blocking, score, value, findings)


def _hardest(doc: ParsedMarkdown) -> tuple[str, float] | None:
    scored = [(b.where(i), fk_grade(plain(p.text))) for b in doc.prose_blocks()
              for i, p in enumerate(b.paragraphs) if p.kind == "para"
              and text_stats(plain(p.text))[0] >= 20]
    return max(scored, key=lambda x: x[1]) if scored else None
