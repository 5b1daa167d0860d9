"""The length a request asks for: "approximately 400 words", "no less than 1,000 words",
"a 2,000-word post", "around 300-400 words" (the midpoint), "under 200 words", "1500 words".

Pure and deterministic. `find_length` returns every statement it recognises with its span, so the
reader can tell the post's length from a part's ("Part 1 (about 100 words): ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_WORDNUM = r"\b(?:(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|" \
           r"thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|and)[\s-]+)*" \
           r"(?:hundred|thousand|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_DIGITS = r"(?<![\d.,])(?:\d{1,3}(?:[,.\u202f]\d{3})+(?!\d)|\d+(?:\.\d+)?\s?[kK]\b|\d+)"
NUM = rf"(?:{_DIGITS}|{_WORDNUM})"
WORDS = r"[\s-]*(?:words?|word[\s-]count)\b"

ABOUT = r"approximately|approx\.?|about|around|roughly|circa|ca\.|~|close to|nearly|almost|some|" \
        r"in the region of|somewhere around|target(?:ing)?(?: of)?|aim for|of"
MIN = r"at least|no less than|not less than|no fewer than|not fewer than|a minimum of|minimum(?: of)?|" \
      r"min\.?|more than|over|upwards of|in excess of|exceeding"
MAX = r"at most|no more than|not more than|not exceeding|no longer than|not to exceed|under|below|" \
      r"less than|fewer than|a maximum of|maximum(?: of)?|max\.?|up to|within|shorter than|limit(?:ed)? to"

_RANGE = re.compile(rf"(?:(?<![\w-])(?:between|{ABOUT})\s+)?(?P<a>{NUM})\s*(?:-|–|—|to|and)\s*(?P<b>{NUM}){WORDS}", re.I)
_QUAL = re.compile(rf"(?<![\w-])(?P<q>{MIN}|{MAX}|{ABOUT})\s*(?P<n>{NUM}){WORDS}", re.I)
_POST = re.compile(rf"(?P<n>{NUM}){WORDS}\s*(?:\)|,)?\s*(?P<q>or (?:more|longer|above)|minimum|min\b|at (?:the )?least|"
                   rf"or (?:less|fewer|shorter|under)|maximum|max\b|at (?:the )?most|tops|or so|ish)", re.I)
_LABEL = re.compile(rf"\b(?P<label>word (?:count|limit|target|length)|length|target length|size)\s*(?:[:=]|is|of|should be)?\s*"
                    rf"(?P<q>{MIN}|{MAX}|{ABOUT})?\s*(?P<n>{NUM})(?:{WORDS})?", re.I)
_PLAIN = re.compile(rf"(?P<n>{NUM}){WORDS}", re.I)
_PER_BEFORE = re.compile(r"\b(?:each|per|every)\b[^.\n]{0,25}$", re.I)
_PER_AFTER = re.compile(r"^\s*(?:each|apiece|per (?:section|part|point|item|paragraph))\b", re.I)
_WHOLE = re.compile(r"\b(?:total|overall|whole|entire|in all|altogether|post|article|blog|essay|piece|guide|"
                    r"newsletter|length|word count|long)\b", re.I)


@dataclass(frozen=True)
class LengthAsk:
    words: int  # what was asked: the number, or the midpoint of a range
    kind: str  # about | min | max | range | exact
    phrase: str  # the words of the request that said it
    start: int
    end: int
    per_part: bool = False

    @property
    def target(self) -> int:
        """The length to write to: a little over a minimum, a little under a maximum."""
        if self.kind == "min":
            return round(self.words * 1.05)
        if self.kind == "max":
            return round(self.words * 0.95)
        return self.words


def parse_number(text: str) -> int | None:
    """ "1,500" -> 1500, "2k" -> 2000, "1.5k" -> 1500, "two thousand" -> 2000, "five hundred" -> 500."""
    t = text.strip().lower()
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s?k", t)
    if m:
        return round(float(m.group(1)) * 1000)
    digits = re.sub(r"[,.\u202f]", "", t)
    if digits.isdigit():
        return int(digits)
    total, current = 0, 0
    for w in re.split(r"[\s-]+", t):
        if w in ("a", "an", "and"):
            continue
        if w in _UNITS:
            current += _UNITS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w == "hundred":
            current = max(1, current) * 100
        elif w == "thousand":
            total += max(1, current) * 1000
            current = 0
        else:
            return None
    return total + current or None


def _kind(q: str) -> str:
    q = q.lower().strip()
    if re.fullmatch(MIN, q, re.I) or re.match(r"or (?:more|longer|above)|minimum|min\b|at (?:the )?least", q):
        return "min"
    if re.fullmatch(MAX, q, re.I) or re.match(r"or (?:less|fewer|shorter|under)|maximum|max\b|at (?:the )?most|tops", q):
        return "max"
    return "about"


def find_lengths(text: str) -> list[LengthAsk]:
    """Every length statement in `text`, in order, none overlapping (the most specific pattern wins)."""
    found: list[LengthAsk] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(words: int | None, kind: str, m: re.Match) -> None:
        if not words or words < 10 or not free(m.start(), m.end()):
            return
        before = text[max(0, m.start() - 40):m.start()]
        after = text[m.end():m.end() + 25]
        per = bool(_PER_BEFORE.search(before) or _PER_AFTER.search(after))
        taken.append((m.start(), m.end()))
        found.append(LengthAsk(words, kind, m.group(0).strip(), m.start(), m.end(), per))

    for m in _RANGE.finditer(text):
        a, b = parse_number(m.group("a")), parse_number(m.group("b"))
        if a and b and a < b:
            add(round((a + b) / 2), "range", m)
    for m in _QUAL.finditer(text):
        add(parse_number(m.group("n")), _kind(m.group("q")), m)
    for m in _POST.finditer(text):
        q = m.group("q").lower()
        add(parse_number(m.group("n")), "about" if q in ("or so", "ish") else _kind(q), m)
    for m in _LABEL.finditer(text):
        if m.group(0).rstrip().lower().endswith(("word", "words")) or m.group("label").lower().startswith("word"):
            add(parse_number(m.group("n")), _kind(m.group("q")) if m.group("q") else
                ("max" if "limit" in m.group("label").lower() else "exact"), m)
    for m in _PLAIN.finditer(text):
        add(parse_number(m.group("n")), "exact", m)
    return sorted(found, key=lambda f: f.start)


def find_length(text: str, exclude: list[tuple[int, int]] | None = None) -> LengthAsk | None:
    """The post's length: a minimum and a maximum together make a range; a statement about the
    whole post beats one about each part; otherwise the largest. Statements inside `exclude`
    spans (the named parts) count only when there is no other."""
    asks = [a for a in find_lengths(text) if not a.per_part]
    outside = [a for a in asks if not any(s <= a.start < e for s, e in exclude or [])]
    asks = outside or asks
    if not asks:
        return None
    mins = [a for a in asks if a.kind == "min"]
    maxs = [a for a in asks if a.kind == "max"]
    if mins and maxs and mins[0].words < maxs[0].words:
        lo, hi = mins[0], maxs[0]
        return LengthAsk(round((lo.words + hi.words) / 2), "range", f"{lo.phrase} ... {hi.phrase}",
                         min(lo.start, hi.start), max(lo.end, hi.end))
    whole = [a for a in asks if _WHOLE.search(_sentence_around(text, a.start, a.end))]
    return max(whole or asks, key=lambda a: a.words)


def _sentence_around(text: str, start: int, end: int) -> str:
    a = max(text.rfind(".", 0, start), text.rfind("\n", 0, start)) + 1
    b_candidates = [i for i in (text.find(".", end), text.find("\n", end)) if i >= 0]
    b = min(b_candidates) if b_candidates else len(text)
    return text[a:start] + " " + text[end:b]
