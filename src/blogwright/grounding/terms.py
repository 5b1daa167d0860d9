"""Word-level helpers for grounding: stems, numbers, units, technical terms, common English words.

"Common English" is symspellpy's frequency dictionary (82k words), read once by `text.lexicon`;
stems and the word-overlap measure (`lexical`) come from `text.tokens`. A *term* is a token that
names something: an acronym (HTTP), CamelCase (ETag), a hyphenated or dotted identifier (max-age,
Next.js), a token mixing letters and digits (HTTP/2), a capitalised word inside a sentence
(Varnish), or a word that is not in the dictionary.
"""

from __future__ import annotations

import re

from blogwright.text.lexicon import common_words
from blogwright.text.tokens import overlap as lexical  # noqa: F401 - share of a's content stems found in b
from blogwright.text.tokens import singular, stem, stems  # noqa: F401 - re-exported for grounding

# Acronyms and product words common enough in tech writing that they never count as invented.
ALLOW = frozenset("""http https url urls uri api apis cpu cpus gpu ram ssd hdd json html css xml
    yaml csv pdf dns tcp udp ip ssl tls ssh ftp smtp sql nosql ai ml llm llms os ui ux id ids
    faq diy ok tv pc usa uk eu us un who ceo cto it io javascript typescript python github
    gitlab google microsoft apple amazon linux windows macos ios android iphone youtube
    wikipedia internet web email wifi usb ghz mhz kb mb gb tb ms rss seo cdn cdns""".split())
NUMBER_WORDS = {
    "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "fifteen": "15", "twenty": "20",
    "thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "hundred": "100",
    "thousand": "1000", "million": "1000000", "billion": "1000000000", "dozen": "12",
    "twice": "2", "double": "2", "half": "2", "triple": "3", "thrice": "3",
}
UNITS = {
    "second": "s", "seconds": "s", "sec": "s", "secs": "s", "s": "s", "minute": "min",
    "minutes": "min", "min": "min", "mins": "min", "hour": "h", "hours": "h", "h": "h",
    "hrs": "h", "day": "d", "days": "d", "week": "wk", "weeks": "wk", "month": "mo",
    "months": "mo", "year": "y", "years": "y", "percent": "%", "%": "%", "per cent": "%",
    "byte": "B", "bytes": "B", "kb": "kB", "kilobytes": "kB", "mb": "MB", "megabytes": "MB",
    "gb": "GB", "gigabytes": "GB", "ms": "ms", "milliseconds": "ms", "degrees": "deg", "°c": "degC",
    "°f": "degF", "celsius": "degC", "fahrenheit": "degF", "kg": "kg", "kilograms": "kg",
    "pounds": "lb", "lbs": "lb", "cm": "cm", "centimeters": "cm", "centimetres": "cm",
    "inches": "in", "feet": "ft", "meters": "m", "metres": "m", "liters": "l", "litres": "l",
}
UNIT_NAMES = {"s": "seconds", "min": "minutes", "h": "hours", "d": "days", "wk": "weeks", "mo": "months",
              "y": "years", "%": "percent", "deg": "degrees", "degC": "°C", "degF": "°F"}
TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’]*(?:[-./_:+][A-Za-z0-9]+)*\+*")
NUMBER = re.compile(r"(?<![\w.])\d+(?:[,.]\d+)*")
QUANTITY = re.compile(r"(\d+(?:[,.]\d+)*)\s*(%|°[cf]|[a-z]+(?: cent)?)", re.I)


def is_common(word: str) -> bool:
    """A plain English word (any inflection the dictionary lists, or its singular)."""
    w = word.lower().strip("'’")
    words = common_words()
    return w in words or singular(w) in words or w in ALLOW or singular(w) in ALLOW


def numbers(text: str) -> set[str]:
    """Numbers in a text, normalised: '1,000' -> '1000', '3.0' -> '3', 'twelve' -> '12'."""
    out = set()
    for m in NUMBER.finditer(text):
        raw = m.group(0)
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+", raw):
            raw = raw.replace(",", "")
        raw = raw.replace(",", ".")
        if "." in raw:
            raw = raw.rstrip("0").rstrip(".")
        out.add(raw)
    for w in re.findall(r"[a-z]+", text.lower()):
        if w in NUMBER_WORDS:
            out.add(NUMBER_WORDS[w])
    return out


def units(text: str) -> set[str]:
    """Units of measure named in a text ('seconds', '%', 'MB' after a number ...), normalised."""
    low = text.lower()
    out = {UNITS[w] for w in re.findall(r"[a-z°]+", low) if w in UNITS and len(w) > 3}
    out |= {UNITS[u.lower()] for _, u in QUANTITY.findall(low) if u.lower() in UNITS}
    return out


EVERYDAY_HEAD = frozenset("""well long short high low self so real built up day one two three first
    second third full part half non pre post re co multi semi anti over under all half in on off
    out open close cross ever never old new fast slow hard easy last next state top bottom""".split())
EVERYDAY_TAIL = frozenset("""based like free friendly related level side term time known made sized
    wide scale style specific aware oriented ready proof safe heavy intensive driven facing
    step hand hoc date""".split())


def everyday_compound(token: str) -> bool:
    """'well-known', 'long-term', 'user-friendly' are prose; 'no-cache', 'max-age' are terms."""
    parts = [p for p in re.split(r"[-./_:]", token) if p]
    if "-" not in token or re.search(r"[./_:]", token) or len(parts) < 2:
        return False
    if any(p[:1].isupper() for p in parts[1:]) or not all(is_common(p) for p in parts):
        return False
    return parts[0].lower() in EVERYDAY_HEAD or parts[-1].lower() in EVERYDAY_TAIL


def _kind(token: str, first: bool) -> str | None:
    """Why a token is a term ('acronym', 'camel', 'compound', 'mixed', 'name', 'rare'), or None."""
    core = token.strip("'’+").removesuffix("'s").removesuffix("’s")
    if len(core) < 2 or core.isdigit() or re.fullmatch(r"[\d.,:/-]+", core):
        return None
    if re.fullmatch(r"\d+(?:st|nd|rd|th|s|x|k|m|ms|kb|mb|gb|%)", core, re.I):
        return None  # 1st, 1990s, 10x, 5kb
    letters = re.sub(r"[^A-Za-z]", "", core)
    if re.search(r"[A-Za-z]", core) and re.search(r"\d", core):
        return "mixed"
    if len(letters) >= 2 and letters.isupper():
        return "acronym"
    if re.search(r"[a-z][A-Z]|[A-Z]{2}[a-z]", core):
        return "camel"
    if re.search(r"[-./_:]", core):
        return None if everyday_compound(core) else "compound"
    if core[:1].isupper() and not first:
        return "name"
    if not is_common(core) and len(core) >= 4:
        return "rare" if core.islower() or first else "name"
    return None


def terms(sentence: str) -> list[str]:
    """Technical-looking or capitalised terms of a sentence, in order, without repeats."""
    out: list[str] = []
    first = True
    for m in TOKEN.finditer(sentence):
        tok = m.group(0).rstrip(".:/-")
        before = sentence[:m.start()].rstrip()
        first = first or before.endswith((".", "!", "?", ":", '"', "“")) or not before
        kind = _kind(tok, first)
        first = False
        if kind and tok not in out:
            out.append(tok)
    return out


def is_everyday(term: str) -> bool:
    """A term that is still ordinary English or an allowed acronym (never 'invented')."""
    core = term.strip("'’+").removesuffix("'s").removesuffix("’s")
    low = core.lower()
    if low in ALLOW or singular(low) in ALLOW:
        return True
    if re.search(r"\d", core) or re.search(r"[a-z][A-Z]|[A-Z]{2}[a-z]", core):
        return False
    if len(core) >= 2 and core.isupper():
        return False
    if re.search(r"[-./_:]", core):
        return everyday_compound(core)
    return is_common(core)


class Corpus:
    """Everything the user gave (notes, sources, topic): answers 'does this term appear in it?'."""

    def __init__(self, texts: list[str]):
        self.text = "\n".join(texts).lower().replace("’", "'")

    def has(self, term: str) -> bool:
        low = term.lower().replace("’", "'").removesuffix("'s")
        for t in {low, singular(low)}:
            if re.search(r"(?<![\w-])" + re.escape(t) + r"(?:e?s)?(?![\w-])", self.text):
                return True
        return False

    def invented(self, sentence: str) -> list[str]:
        """Terms of the sentence found nowhere in the corpus and not everyday English."""
        return [t for t in terms(sentence) if not self.has(t) and not is_everyday(t)]
