"""Glued words ("We'rejoviallooking") and misspellings, against symspellpy's English dictionary.

Skipped on purpose: code spans, code blocks, URLs, HTML, numbers and tokens with digits or
underscores, acronyms (LLM, APIs), CamelCase and odd-case tokens (left to the terms gate),
capitalised words mid-sentence (names), words from the brief, and known tech terms.
A split is *certain* (a glued word, an error) when it has a contraction glued on, three or more
parts, or a function word as a part ("modelsare"); a two-part split of content words
("forwardlooking") may be an unlisted compound and is only a warning.
"""

from __future__ import annotations

import re
from collections.abc import Set
from dataclasses import dataclass

from blogwright.checks.prose import mask
from blogwright.checks.settings import GateConfig
from blogwright.checks.types import CheckContext, Finding, GateResult
from blogwright.text.document import Paragraph, ParsedMarkdown
from blogwright.text.lexicon import (
    ALLOWED,
    CONTRACTION_TAILS,
    FUNCTION_WORDS,
    PARTICLES,
    PREFIXES,
    SHORT_WORDS,
    SUFFIXES,
    TECH_TERMS,
    frequency,
    segmenter,
    suggestion,
    technical,
    variants,
)

WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’](?=[^\W\d_]))*")
CODEISH = re.compile(r"[\w@#$%&=+<>{}\\^~|*/]")
SPECIAL = frozenset({"y'all", "ma'am", "rock'n'roll", "o'clock", "ne'er", "e'er"})
MAX_SPLIT = 40  # longer tokens are garbage, not glued words (and slow to segment)
TITLE_ABBREV = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Prof|St|Sr|Jr|Mt|Gen|Capt|Rev)\.$")
DETERMINERS = frozenset({"every", "each", "any", "some", "all", "both", "another", "either", "neither", "few", "many",
                         "much", "most", "several"})  # "everymachine": never the start of one word
DOUBLES_OK = frozenset({"that", "had", "is", "do", "ha", "bye", "very", "so", "no", "yes",
                        "knock", "tut", "chop", "bora", "pom", "can"})


@dataclass
class WordIssue:
    kind: str  # glued | compound | misspelled
    word: str
    start: int
    end: int
    suggestion: str = ""


def _in_lists(low: str, allow: Set[str]) -> bool:
    if low in allow or low in ALLOWED or frequency(low) > 0 or technical(low):
        return True
    return any(frequency(v) > 0 for v in variants(low))


def known(low: str, allow: Set[str] = frozenset()) -> bool:
    """A lower-case word from the dictionary, the allow list, or an inflection or prefixed
    form of one ("productionizing", "preprocessing")."""
    if _in_lists(low, allow):
        return True
    for suffix, repl in SUFFIXES:
        if low.endswith(suffix) and len(low) - len(suffix) >= 3:
            base = low[: -len(suffix)]
            if _in_lists(base + repl, allow) or base + "ing" in ALLOWED or base + "ing" in allow:
                return True  # "timeboxed": a form of the listed "timeboxing"
            if not repl and len(base) > 3 and base[-1] == base[-2] and _in_lists(base[:-1], allow):
                return True  # "screenshotting", "bugged"
    for prefix in PREFIXES:
        rest = low[len(prefix):]
        if low.startswith(prefix) and len(rest) >= 4 and rest not in FUNCTION_WORDS:
            if _in_lists(rest, allow) or any(
                    rest.endswith(s) and _in_lists(rest[: -len(s)] + r, allow)
                    for s, r in SUFFIXES if len(rest) - len(s) >= 3):
                return True
    return False


def _good_part(part: str) -> bool:
    if len(part) <= 3:
        return part in SHORT_WORDS
    return part in TECH_TERMS or frequency(part) >= (1_000_000 if len(part) <= 5 else 100_000)


def segment(low: str) -> list[str] | None:
    """Split an unknown lower-case token into common words, or None when no split is sure."""
    if not 4 <= len(low) <= MAX_SPLIT or not low.isalpha():
        return None
    parts = segmenter().word_segmentation(low, max_edit_distance=0).corrected_string.split()
    if len(parts) < 2 or "".join(parts) != low or not all(_good_part(p) for p in parts):
        return None
    if len(parts) >= 3 and len(parts[-1]) <= 2 and len(parts[-2]) <= 2:
        return None  # a suffix chopped up: "valid|at|or", "document|at|on"
    if parts[-1] == "a":
        return None  # "pander|a", "Itali|a": names and foreign words end in -a
    return None if parts[0] in PREFIXES else parts


def _slice(original: str, parts: list[str]) -> str:
    out, i = [], 0
    for p in parts:
        out.append(original[i:i + len(p)])
        i += len(p)
    return " ".join(out)


def _suggest(word: str) -> str:
    if len(word) > MAX_SPLIT:
        return ""
    term = suggestion(word.lower())
    return term.capitalize() if word[:1].isupper() and term else term


def check_word(word: str, allow: Set[str], name_ok: bool = False) -> WordIssue | None:
    """Classify one word; `name_ok`: a capitalised word here is probably a name."""
    core = word.replace("’", "'")
    if not core.replace("'", "").isascii():
        return None  # foreign words and names: not in an English dictionary
    if len(core) < 2 or core.isupper() or re.fullmatch(r"[A-Z]{2,}'?s", core):
        return None
    if any(c.isupper() for c in core[1:]):
        return None  # CamelCase and odd case: the terms gate looks at those
    low = core.lower()
    if "'" not in low:
        if known(low, allow) or (name_ok and core[0].isupper()):
            return None
        parts = segment(low)
        if parts:
            certain = len(parts) >= 3 or any(p in FUNCTION_WORDS or p in DETERMINERS for p in parts)
            if len(parts) < 3 and (core[0].isupper() or parts[0] == "my"):
                certain = False  # a name ("Gregor", not "Greg or") or a placeholder ("myapp")
            if not certain and parts[-1] in PARTICLES:
                return None  # "rollout", "teardown": a phrasal-verb noun
            return WordIssue("glued" if certain else "compound", word, 0, len(word),
                             _slice(word, parts))
        return WordIssue("misspelled", word, 0, len(word), _suggest(word))
    if low in SPECIAL or _in_lists(low, allow):
        return None
    head, tail = low.split("'", 1)
    if not head:
        return None
    if tail in CONTRACTION_TAILS or (tail == "t" and head.endswith("n")) or tail == "":
        if known(head, allow) or (tail == "t" and known(head[:-1], allow)):
            return None
        issue = check_word(word[: len(head)], allow, name_ok)
        if issue and issue.kind != "misspelled":
            issue.suggestion += word[len(head):]
            issue.word, issue.end = word, len(word)
        return issue
    for suffix in sorted(CONTRACTION_TAILS, key=len, reverse=True):
        rest = tail[len(suffix):]
        if tail.startswith(suffix) and len(rest) >= 2 and known(head, allow):
            parts = [rest] if len(rest) >= 3 and known(rest, allow) else segment(rest)
            if parts:
                cut = len(head) + 1 + len(suffix)
                return WordIssue("glued", word, 0, len(word),
                                 word[:cut] + " " + _slice(word[cut:], parts))
    if name_ok and core[0].isupper():
        return None
    return WordIssue("misspelled", word, 0, len(word), "")


def _sentence_start(text: str, i: int) -> bool:
    j = i - 1
    while j >= 0 and text[j] in " \t\"'“‘(*_[":
        j -= 1
    if j >= 0 and text[j] == "." and TITLE_ABBREV.search(text[max(0, j - 5): j + 1]):
        return False  # "Mr. Smith"
    return j < 0 or text[j] in ".!?:\n#>"


def names_in(text: str) -> set[str]:
    """Lower-case forms of words written with a capital in mid-sentence (probably names)."""
    masked = mask(text)
    return {m.group(0).lower() for m in WORD.finditer(masked)
            if m.group(0)[:1].isupper() and not _sentence_start(masked, m.start())}


HYPHENATED = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")


def _compound_part(word: str, compound: str, allow: Set[str]) -> bool:
    """Is `word` a short part (two letters at most) of a hyphenated compound that is a word: written without its
    hyphens ("wi-fi": "wifi"), or whose other parts are all known words of three letters or more ("sci-fi": the
    spelling gate flagged "fi" in stop 34's make-post post)? Not a part that is wrong on its own ("xq-zz")."""
    low, parts = word.lower(), compound.lower().split("-")
    if len(low) > 2 or low not in parts:
        return False
    if known(compound.lower().replace("-", ""), allow):
        return True
    others = [p for p in parts if p != low]
    return bool(others) and all(len(p) >= 3 and known(p, allow) for p in others)


def scan(text: str, allow: Set[str] = frozenset(),
         names: Set[str] | None = None) -> list[WordIssue]:
    """Every glued, compound-looking or misspelled word in `text` (any Markdown); `names`:
    words known to be names (default: those capitalised mid-sentence in `text`)."""
    masked = mask(text)
    found = [(m.start(), m.group(0)) for m in WORD.finditer(masked)]
    names = names_in(text) | (names or set())
    compounds = {i: m.group(0) for m in HYPHENATED.finditer(masked) for i in range(m.start(), m.end())}
    issues = []
    for start, word in found:
        end = start + len(word)
        if start in compounds and _compound_part(word, compounds[start], allow):
            continue  # "fi" of "sci-fi", "wi" of "wi-fi": a short part of a known compound
        before, after = masked[start - 1: start], masked[end: end + 2]
        if (before and CODEISH.match(before) and before not in "*") \
                or re.match(r"[\w@#$%&=+<>{}\\^~|]|\.[A-Za-z]", after) \
                or re.search(r"[A-Za-z]\.$", masked[max(0, start - 2): start]):
            continue  # part of an identifier, a file name, a number or "e.g."
        if after[:1] == "-" and word.lower() in PREFIXES:
            continue  # "pre-trained", "co-founder"
        name_ok = not _sentence_start(masked, start) or word.lower() in names
        issue = check_word(word, allow, name_ok)
        if issue:
            issue.start, issue.end = start, end
            issues.append(issue)
    return issues


def split_glued(text: str, allow: Set[str] | None = None) -> tuple[str, list[tuple[str, str]]]:
    """Split the glued words that are certain; returns (fixed text, [(glued, replacement)])."""
    fixes = [i for i in scan(text, set(allow or ())) if i.kind == "glued"]
    for issue in reversed(fixes):
        text = text[: issue.start] + issue.suggestion + text[issue.end:]
    return text, [(i.word, i.suggestion) for i in fixes]


def doubled_words(text: str) -> list[str]:
    """'the the', 'my My': a word said twice in a row (some, like 'had had', are fine)."""
    out = []
    for m in re.finditer(r"\b([A-Za-z]+)\s+(\1)\b", mask(text), re.IGNORECASE):
        if m.group(1).lower() not in DOUBLES_OK:
            out.append(m.group(0))
    return out


def _where(label: str, para: Paragraph, issue: WordIssue) -> str:
    if not para.line:
        return label
    return f"{label}, line {para.line + para.text.count(chr(10), 0, issue.start)}"


def _doc_names(doc: ParsedMarkdown) -> set[str]:
    return names_in("\n\n".join(p.text for b in doc.blocks for p in b.paragraphs))


def allowed_words(ctx: CheckContext | None, config: GateConfig) -> set[str]:
    words = {w.lower() for w in config.allow_words}
    return words | (ctx.vocabulary() if ctx else set())


def gate_glued(doc: ParsedMarkdown, ctx: CheckContext | None, config: GateConfig) -> GateResult:
    allow, names = allowed_words(ctx, config), _doc_names(doc)
    findings, certain, maybe = [], 0, 0
    for block in doc.blocks:
        for i, para in enumerate(block.paragraphs):
            for issue in scan(para.text, allow, names):
                where = _where(block.where(i), para, issue)
                if issue.kind == "glued":
                    certain += 1
                    findings.append(Finding("glued", "error", f"glued words: {issue.word!r}",
                                            where, issue.suggestion))
                elif issue.kind == "compound":
                    maybe += 1
                    findings.append(Finding(
                        "glued", "warning", f"{issue.word!r} may be two words glued together",
                        where, f"{issue.suggestion} (or add it to gates.allow_words)"))
    passed = certain <= config.max_glued
    return GateResult("glued", passed, config.is_blocking("glued"),
                      max(0.0, 1 - 0.5 * certain - 0.1 * maybe),
                      {"glued": certain, "possible": maybe}, findings)


def gate_spelling(doc: ParsedMarkdown, ctx: CheckContext | None, config: GateConfig) -> GateResult:
    allow, names = allowed_words(ctx, config), _doc_names(doc)
    findings, bad, total = [], 0, 0
    for block in doc.blocks:
        for i, para in enumerate(block.paragraphs):
            total += len(WORD.findall(mask(para.text)))
            for issue in scan(para.text, allow, names):
                if issue.kind == "misspelled":
                    bad += 1
                    hint = f"did you mean {issue.suggestion!r}?" if issue.suggestion else ""
                    findings.append(Finding("spelling", "warning", f"unknown word {issue.word!r}",
                                            _where(block.where(i), para, issue), hint))
            for pair in doubled_words(para.text):
                findings.append(Finding("spelling", "warning", f"word repeated: {pair!r}",
                                        block.where(i), pair.split()[0]))
    ratio = bad / total if total else 0.0
    limit = max(config.max_misspelled_ratio, 1e-9)
    return GateResult("spelling", ratio <= config.max_misspelled_ratio,
                      config.is_blocking("spelling"), max(0.0, 1 - ratio / (2 * limit)),
                      {"misspelled": bad, "words": total, "ratio": round(ratio, 4)}, findings)
