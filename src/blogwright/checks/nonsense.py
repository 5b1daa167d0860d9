"""Nonsense that a pattern can tell (stop 34): sentences that cannot be true whatever the facts, because they
relate a thing to itself or say a thing and its opposite, and shouted made-up labels. Part of the `nonsense`
gate; `pipeline/substance.py` cuts (or on a trusted model regenerates) what it finds, like any substance problem.

- **A thing defined by itself**: "Llm ops is a subset of llm ops" (`make post`, stop 33), "X is X", "X is a kind
  of X", "training (training)" (a word glossed by itself), "the difference between X and X", "X is faster than
  X", "X, also known as X". The two sides must be the same words (case, an article and a plural aside): "ML Ops
  is a subset of LLM Ops" is false, not nonsense, and is left alone.
- **A thing and its opposite**: "X is not X", "X is fast and not fast", "X is both free and not free".
- **A shouted label** the model made up, opening a sentence: "LIMITED: The practice of running ...", "MACHINE
  LEADER: ...", "ALSO AS ANOTHER EXAMPLE: ..." (the bundled model's list debris). Admonitions a writer uses
  ("NOTE:", "TIP:", "WARNING:", "UPDATE:") and an acronym alone ("DNS:") are not.

Cheap and deterministic: regular expressions over the sentence, nothing loaded. They catch the clear cases
only (measured on the editors' labelled sentences: `python -m bench.nonsense`); a garbled sentence that
relates two different things ("AI is the new smartphone") is for the claim check and a reader.
"""

from __future__ import annotations

import re

from blogwright.checks.settings import GateConfig
from blogwright.checks.substance_text import Problem, prose, sentence_gate
from blogwright.checks.types import CheckContext, GateResult
from blogwright.text.citations import MARKER
from blogwright.text.document import ParsedMarkdown

# what may open a sentence before its subject: a discourse word ("Oh, ...", "In short, ...")
_LEAD = r"(?:(?:oh|well|so|now|yes|no|okay|ok|in short|in practice|in other words|put simply|simply put|basically|" \
        r"honestly|remember|of course|in fact|on top of that|beyond that|also|and|but)\s*,?\s+)*"
_DET = r"(?:(?:an?|the|your|our|their|its|this|that)\s+)?"
_WORD = r"[a-z0-9][\w.+#/'-]*"
# the subject: one to five words, at the start of a clause
_NP = rf"(?P<x>{_WORD}(?:\s+{_WORD}){{0,4}}?)"
_SAME = r"(?P=x)(?:e?s)?(?![\w-])"  # the same words again (a plural aside)
_START = rf"(?:^{_LEAD}|[,;:]\s+(?:while|whereas|and|but|so|because)\s+|\b(?:while|whereas)\s+){_DET}"
_BE = r"(?:is|are|was|were|remains|means|equals)"
_HEDGE = r"(?:(?:just|simply|basically|really|actually|essentially|merely|only|also|itself|technically|kind of)\s+)?"
_KIND = (r"(?:subset|superset|type|kind|form|part|version|variant|variation|branch|sub-?field|example|extension|"
         r"special case|flavou?r|sort|category|offshoot|component|aspect|subtype|instance|successor|predecessor|"
         r"alternative|evolution|relative|cousin|subcategory|descendant|derivative)")

SELF: list[tuple[str, re.Pattern[str]]] = [(what, re.compile(rx, re.I)) for what, rx in [
    ("a thing defined as a kind of itself",
     rf"{_START}{_NP}\s+{_BE}\s+{_HEDGE}{_DET}(?:\w+\s+)?{_KIND}\s+of\s+{_DET}{_SAME}"),
    ("a thing defined as itself", rf"{_START}{_NP}\s+{_BE}\s+{_HEDGE}{_DET}{_SAME}\s*(?:[.!]|$|,\s*(?:which|and|but))"),
    ("a word glossed by itself", rf"(?<![\w-]){_NP}\s+\(\s*{_DET}{_SAME}\s*\)"),
    ("a thing compared with itself", rf"\b(?:between|both)\s+{_DET}{_NP}\s+and\s+{_DET}{_SAME}"),
    ("a thing compared with itself", rf"(?<![\w-]){_NP}\s+(?:vs\.?|versus)\s+{_DET}{_SAME}"),
    ("a thing compared with itself", rf"{_START}{_NP}\s+(?:is|are|runs?|works?|costs?|gets?|feels?|looks?)\s+"
                                     rf"(?:\w+\s+){{0,2}}?(?:\w+er|more\s+\w+|less\s+\w+)\s+than\s+{_DET}{_SAME}"),
    ("a thing named as itself",
     rf"{_START}{_NP},?\s+(?:\(?\s*)?(?:also|previously|formerly|sometimes|often|otherwise)?\s*(?:known as|called|"
     rf"referred to as|short for|a\.k\.a\.?|aka)\s+{_DET}{_SAME}"),
    ("a thing said to be not itself", rf"{_START}{_NP}\s+(?:is|are)\s+not\s+{_DET}{_SAME}\s*(?:[.!,;]|$)"),
    ("a thing said to be something and not", r"\b(?:is|are|was|were)\s+(?:both\s+)?(?P<a>[a-z][\w-]+)\s+(?:and|but)\s+"
                                             r"(?:(?:is|are|was|were)\s+)?not\s+(?P=a)\b"),
]]
# the same words on both sides of an idiom ("from time to time", "step by step") relate nothing
_IDIOMS = re.compile(r"\b(?:time to time|day to day|side to side|one to one|end to end|step by step|one by one|"
                     r"face to face|back to back|peer to peer|case by case|word for word|year over year|"
                     r"more and more|less and less|again and again|over and over|through and through)\b", re.I)
_COMPARE_OK = re.compile(r"\b(?:same|similar|compared|relative|equal)\b", re.I)

ADMONITIONS = frozenset("""note notes tip tips warning caution important todo update updated edit bonus disclaimer
    spoiler hint example examples summary tldr answer question fixme danger error info pro faq ps nb q a
    recap key takeaway takeaways step""".split())
LABEL = re.compile(r"^\W*(?P<label>[A-Z][A-Z'&-]*(?:\s+[A-Z][A-Z'&-]*)*)\s*:\s+\S")


# a "thing" that is only a pronoun or a function word relates nothing ("it is what it is", "that is that")
_STOP = frozenset("""it they this that these those he she we you i one ones what which who there here
    something anything nothing everything someone anyone thing things""".split())


def _clean(sentence: str) -> str:
    return " ".join(MARKER.sub("", prose(sentence)).split())


def shouted_label(sentence: str) -> str:
    """The made-up label in capitals a sentence opens with ("LIMITED", "MACHINE LEADER"), else ''."""
    m = LABEL.match(_clean(sentence))
    if not m:
        return ""
    label = m.group("label")
    words = label.split()
    if len(words) == 1 and (len(label) < 5 or label.lower() in ADMONITIONS):
        return ""  # "DNS:", "NOTE:", "TIP:"
    if all(w.lower() in ADMONITIONS for w in words):
        return ""  # "PRO TIP:", "KEY TAKEAWAY:"
    return label


def self_relation(sentence: str) -> str:
    """What relates a thing to itself (or to its opposite) in the sentence ('' when nothing does)."""
    text = _clean(sentence)
    for what, pattern in SELF:
        for m in pattern.finditer(text):
            x = m.groupdict().get("x") or m.groupdict().get("a") or ""
            if not x or not re.search(r"[a-z]", x, re.I) or x.lower() in _STOP:
                continue
            if what == "a thing compared with itself" and (_IDIOMS.search(m.group(0)) or _COMPARE_OK.search(m.group(0))):
                continue
            return f"{what}: {m.group(0).strip()!r}"
    return ""


def nonsense_problems(sentence: str, ctx: CheckContext | None = None, post_text: str = "",
                      config: GateConfig | None = None) -> list[Problem]:
    """The nonsense a pattern tells in one sentence: at most one problem."""
    why = self_relation(sentence)
    if why:
        return [Problem(f"nonsense ({why})", "delete the sentence: it cannot be true whatever the facts", why)]
    label = shouted_label(sentence)
    if label:
        return [Problem(f"nonsense (a shouted made-up label: {label!r})",
                        "delete the label, or the sentence when nothing stands without it", label)]
    return []


def gate_nonsense(doc: ParsedMarkdown, ctx: CheckContext | None, config: GateConfig) -> GateResult:
    """Sentences that cannot be true whatever the facts (blocking by default)."""
    return sentence_gate("nonsense", doc, ctx, config, nonsense_problems, config.max_nonsense, headings=False)
