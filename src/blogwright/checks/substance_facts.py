"""Contradictions of the user's facts: a post sentence that is about the same thing as a sentence
of the notes or sources but flips it.

Same thing: after light stemming ("writers" = "writer"), the two sentences share at least
`GateConfig.fact_min_shared` key words (content words other than generic verbs, numbers and
quantity words), at least `fact_min_share` of the shorter one's, and the post sentence does not
swap a name of the fact for another (acronyms, CamelCase, hyphenated terms such as no-cache,
capitalised words inside the sentence): "HTTP uses port 80" is not about "HTTPS uses port 443".
Flipped, one of:
- negation: the fact negates a word ("does not forbid storing") that the post sentence states
  without negation ("forbids storing"), or the other way round;
- number: the same noun or unit next to a different number ("13 root servers" / "12 root
  servers", "port 53" / "port 443"), unless the post also gives the fact's number;
- quantity: one vs many on the same noun ("one writer", "a single writer", "only one" vs
  "multiple writers", "many", "several", "any number of", "concurrent writers");
- opposites: allow/forbid, always/never, faster/slower, more/fewer, before/after, same/different,
  required/optional ... with nothing negated;
- one vs many, paraphrased: the fact allows one writer (thread, connection ...) and the post lets
  many users (processes, clients ...) write, with no "one" or "single" anywhere in it;
- default: the fact says a thing is turned on or enabled with something, or is not the default, and
  the post calls that thing the default ("WAL is the default journal mode").
A number is compared with the fact's only when it counts the same thing: the nouns after one are
all among the nouns after the other ("2 extra files" / "3 extra files", not "the 1 database file").
Citation markers ("[1]") are not numbers. A sentence that copies one fact nearly word for word is
judged against that fact only (a copy of note 1 is not compared with the numbers of note 4).
Measured on tests/data/substance_labelled.jsonl by `python -m bench.substance`.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from blogwright.checks.settings import GateConfig
from blogwright.checks.substance_text import Problem, clip, fact_sentences, prose, sentence_gate
from blogwright.checks.types import CheckContext, GateResult
from blogwright.text.document import ParsedMarkdown
from blogwright.text.tokens import (
    STOPWORDS,
    stem,  # one stemmer: "writer" and "write" stay apart
)

TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[A-Za-z][A-Za-z0-9]*(?:['’][a-z]+)?(?:[-/.][A-Za-z0-9]+)*|[,;:!?()]")
NEGATORS = frozenset("not no never cannot without nor neither none nothing nobody".split())
AUX = frozenset("""be is are was were been being do does did have has had will would can could should
    shall must may might need even always really just ever necessarily actually quite yet still
    also only ever get gets""".split())
CLAUSE = frozenset("but while whereas although though because which who so , ; : ( ) ! ?".split())
GENERIC = frozenset(stem(w) for w in """use uses used using make makes made let lets allow allows
    allowed work works worked working help helps get gets need needs like way ways thing things
    time times same different lot kind sort good better best important simple easy example
    also well able new one ones data""".split())
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
                "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
                "hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "dozen": 12,
                "single": 1}
MANY = frozenset("multiple many several numerous countless unlimited concurrent simultaneous".split())
UNITS = {"s": "second", "sec": "second", "secs": "second", "seconds": "second", "ms": "millisecond",
         "milliseconds": "millisecond", "min": "minute", "mins": "minute", "minutes": "minute",
         "h": "hour", "hr": "hour", "hrs": "hour", "hours": "hour", "days": "day", "kb": "kilobyte",
         "mb": "megabyte", "gb": "gigabyte", "tb": "terabyte", "%": "percent", "pct": "percent",
         "percent": "percent", "per cent": "percent"}
MULTIPLIERS = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
OPPOSITES = [({"allow", "let", "permit", "enabl"}, {"forbid", "prevent", "block", "disallow", "disabl",
                                                    "prohibit"}),
             ({"always"}, {"never"}), ({"faster", "quicker"}, {"slower"}), ({"more"}, {"fewer", "less"}),
             ({"increas", "rais"}, {"decreas", "reduc", "lower"}), ({"befor"}, {"after"}),
             ({"same", "identical"}, {"different", "distinct"}), ({"requir", "mandatory"}, {"optional"}),
             ({"synchronou", "sync"}, {"asynchronou", "async"}), ({"stateles"}, {"stateful"}),
             ({"encrypt"}, {"unencrypt", "plaintext"}), ({"larger", "bigger"}, {"smaller"}),
             # stop 32: adjectives and their comparatives ("quieter" / "louder" was missed); stems keep
             # comparatives whole, so both forms are listed. Ambiguous words ("light", "close") are left out.
             ({"quiet", "quieter", "softer"}, {"loud", "louder", "noisy", "noisier"}),
             ({"cheap", "cheaper"}, {"expensiv", "costlier", "pricier"}),
             ({"easy", "easier"}, {"hard", "harder", "difficult", "trickier"}), ({"high", "higher"}, {"low", "lower"}),
             ({"long", "longer"}, {"short", "shorter"}), ({"heavier"}, {"lighter"}), ({"better"}, {"wors"}),
             ({"earlier"}, {"later"}), ({"newer"}, {"older"}), ({"stronger"}, {"weaker"}), ({"wider"}, {"narrower"}),
             ({"warmer", "hotter"}, {"cooler", "colder"}), ({"safer"}, {"riskier"}), ({"accept"}, {"reject"}),
             ({"public"}, {"privat"}), ({"includ"}, {"exclud"}), ({"minimum"}, {"maximum"}),
             ({"internal"}, {"external"}), ({"local"}, {"remot"}), ({"succeed", "success"}, {"fail"}),
             ({"manual", "manually"}, {"automatic", "automatically"})]
NOT_NUMERIC_AFTER = frozenset("of another more or and".split())
DAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
PRONOUN = re.compile(r"(?:it|they|this|these|he|she)\b", re.I)
CITATION = re.compile(r"\s?\[\d{1,3}(?:[,–-]\s?\d{1,3})*\]")  # "[1]", "[2, 3]": a reference, not a number
NEAR_COPY = 0.8  # word-sequence similarity at or above which a sentence is a copy of one fact
# one vs many, paraphrased: the fact's "one writer" (an agent noun), the post's "multiple users ... writes"
AGENTS = {stem(n): stem(v) for n, v in (("writer", "write"), ("reader", "read"), ("worker", "work"),
                                        ("sender", "send"), ("consumer", "consume"), ("producer", "produce"))}
ACTORS = frozenset(stem(w) for w in """user users process processes client clients connection connections
    thread threads transaction transactions application applications app apps program programs
    session sessions people""".split())
VERB_FORMS = {"write": ("write", "writes", "writing", "written", "wrote"), "read": ("read", "reads", "reading"),
              "work": ("work", "works", "working"), "send": ("send", "sends", "sending", "sent"),
              "consume": ("consume", "consumes", "consuming"), "produce": ("produce", "produces", "producing")}
OPT_IN = re.compile(r"\b(?:(?:is|are|must be|has to be|have to be|needs? to be|gets?)\s+(?:turned|switched)\s+on"
                    r"|(?:is|are|must be|has to be|have to be|needs? to be)\s+(?:enabled|activated)"
                    r"|opt[- ]in|(?:is|are)(?:\s+not|n't)\s+(?:the\s+|a\s+)?default"
                    r"|(?:off|disabled)\s+by\s+default|not\s+(?:on|enabled)\s+by\s+default)\b", re.I)
PARTICIPLE = re.compile(r"[a-z]{3,}ed")
ED_NOUNS = frozenset("speed seed feed need breed bleed deed embed".split())
BREAK = frozenset("when if while whereas but although though because , ; : once after before unless".split())


def _tokens(text: str) -> list[str]:
    return TOKEN.findall(CITATION.sub("", text).replace("=", " "))


def _is_neg(tok: str) -> bool:
    low = tok.lower().replace("’", "'")
    return low in NEGATORS or low.endswith("n't")


def _content(tok: str) -> bool:
    low = tok.lower()
    return tok not in CLAUSE and low not in STOPWORDS and low not in AUX and not _is_neg(tok)


class Reading:
    """One sentence read for comparison: stems, negated stems, numbers with their nouns, names."""

    def __init__(self, text: str) -> None:
        self.text = text
        toks = _tokens(text)
        self.stems = [stem(t) for t in toks]
        self.negated: set[int] = set()  # token indexes inside a negation's scope
        self.heads: list[int] = []  # first content word after each negator
        for i, t in enumerate(toks):
            if _is_neg(t):
                n = 0
                for j in range(i + 1, min(len(toks), i + 8)):
                    if toks[j] in CLAUSE or toks[j].lower() in CLAUSE:
                        break
                    if _content(toks[j]):
                        self.negated.add(j)
                        if n == 0:
                            self.heads.append(j)
                        n += 1
                        if n == 3:
                            break
        self.keys = {self.stems[i] for i, t in enumerate(toks)
                     if _content(t) and not t[0].isdigit() and t.lower() not in NUMBER_WORDS
                     and t.lower() not in MANY and self.stems[i] not in GENERIC}
        self.names = {_name(t) for i, t in enumerate(toks) if i and _is_name(t)} | \
                     {_name(t) for t in toks[:1] if _is_name(t) and not t.istitle()} | \
                     {f"{t.lower()} {toks[i + 1]}" for i, t in enumerate(toks[:-1]) if _numbered(toks, i)}
        self.lower = {_name(t) for t in toks}
        self.quantities = _quantities(toks, self.stems)
        self.words = {s for s in self.stems}


def _numbered(toks: list[str], i: int) -> bool:
    """A capitalised name followed by a number: "Python 3.0", "Ariane 5", "PEP 703"."""
    return toks[i][:1].isupper() and toks[i].lower() not in MONTHS and toks[i].lower() not in DAYS \
        and re.fullmatch(r"\d+(?:\.\d+)*(?:\.x)?", toks[i + 1]) is not None


def _name(tok: str) -> str:
    """A name compared as written, lower-cased, without a plural "s" ("CDNs" = "cdn"; "HTTPS"
    stays "https")."""
    return tok[:-1].lower() if re.fullmatch(r"[A-Z][A-Za-z0-9]*[A-Z0-9]s", tok) else tok.lower()


def _is_name(tok: str) -> bool:
    if len(tok) < 2 or tok in CLAUSE or tok[0].isdigit() or tok.lower() in MONTHS or tok.lower() in DAYS:
        return False
    return sum(c.isupper() for c in tok) >= 2 or (tok[0].isupper() and tok.lower() not in STOPWORDS) \
        or ("-" in tok and tok.lower() not in ("e-mail",))


MONTHS = {m: i + 1 for i, m in enumerate("january february march april may june july august "
                                          "september october november december".split())}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
STOP_ANCHOR = frozenset("""from to in on at of by for with and or than into per via over under after
    before since until as""".split())
DATE = re.compile(r"\b(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+)?(?P<m>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|"
                  r"apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:tember)?|oct(?:ober)?|nov(?:ember)?|"
                  r"dec(?:ember)?)\.?(?:\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?)?,?\s+(?P<y>(?:1[89]|20)\d\d)\b"
                  r"|\b(?:in|since|by|until|of|from|year)\s+(?P<y2>(?:1[89]|20)\d\d)\b", re.I)


def _value(tok: str) -> str | None:
    """A number as a string ("3", "2.1", "1000"); number words as digits; None otherwise."""
    low = tok.lower()
    if low in NUMBER_WORDS:
        return str(NUMBER_WORDS[low])
    if re.fullmatch(r"\d+(?:,\d{3})*(?:\.\d+)*", tok):
        return tok.replace(",", "")
    return None


def _number(x: float) -> str:
    return str(int(x)) if x == int(x) else str(x)


def dates(text: str) -> list[tuple[str, set[str]]]:
    """Dates as "YYYY", "YYYY-MM" or "YYYY-MM-DD" ("December 25, 2021" -> "2021-12-25"), each
    with what happened then: the two content words before it ("launched", "end of life")."""
    out = []
    for m in DATE.finditer(text):
        if m.group("y2"):
            value = m.group("y2")
        else:
            month = MONTHS.get(m.group("m").lower()[:3], 0)
            day = m.group("d1") or m.group("d2")
            value = f"{m.group('y')}-{month:02d}" + (f"-{int(day):02d}" if day else "")
        before = [t for t in _tokens(text[: m.start()])[-6:] if _content(t) and _value(t) is None
                  and not t[0].isdigit()]
        anchors = {stem(t) for t in before[-2:]} - GENERIC
        if anchors:
            out.append((value, anchors))
    return out


def compatible(a: str, b: str) -> bool:
    """Equal, or one refines the other: "2" and "2.7" (a version), "2021" and "2021-12-25"."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and long[len(short)] in ".-"


def _quantities(toks: list[str], stems: list[str]) -> list[tuple[str, set[str]]]:
    """(value or "many", anchor stems) for each number or quantity word: the noun or unit after
    it, up to a preposition, or else the word before a bare number ("port 443")."""
    out: list[tuple[str, set[str]]] = []
    lows = [t.lower() for t in toks]
    for i, low in enumerate(lows):
        value = _value(toks[i])
        if i and _numbered(toks, i - 1):
            continue  # "Python 3.0", "Ariane 5": part of a name, not a quantity
        if low in MANY or (low == "any" and lows[i + 1:i + 3] == ["number", "of"]) or \
                (low == "more" and lows[i + 1:i + 3] == ["than", "one"]):
            value = "many"
        if value is None or (low in MULTIPLIERS and i and _value(toks[i - 1]) is not None):
            continue  # "million" in "20 million" is read with its number
        prev = lows[i - 1] if i else ""
        if re.fullmatch(r"(?:1[89]|20)\d\d", low) and (prev in MONTHS or prev in STOP_ANCHOR
                                                       or _value(toks[i - 1] if i else "")):
            continue  # years are read as dates
        if low != "one" and (i + 1 < len(lows) and lows[i + 1] in MONTHS or prev in MONTHS):
            continue  # the day of a date
        end = i  # the last token of the number
        if value != "many" and low not in MULTIPLIERS and i + 1 < len(lows) and lows[i + 1] in MULTIPLIERS:
            value, end = _number(float(value) * MULTIPLIERS[lows[i + 1]]), i + 1
        nxt = lows[end + 1] if end + 1 < len(lows) else ""
        if low in ("one", "single") and (nxt in NOT_NUMERIC_AFTER or prev in (
                "no", "any", "each", "every", "some", "the", "than")):
            continue  # "one of", "no one", "each one"
        anchors: set[str] = set()
        start = i + 3 if low in ("any", "more") else end + 1
        if value != "many" and nxt in UNITS:
            anchors.add(UNITS[nxt])  # "2.1 s", "10 seconds", "4 percent"
            start = len(toks)
        for j in range(start, min(len(toks), start + 3)):
            if toks[j] in CLAUSE or lows[j] in STOP_ANCHOR or _value(toks[j]) is not None:
                break
            if PARTICIPLE.fullmatch(lows[j]) and lows[j] not in ED_NOUNS:
                continue  # "13 named root servers": the servers are counted
            if _content(toks[j]):
                anchors.add(UNITS.get(lows[j], stems[j]))
                if value == "many" or low in ("one", "single") or len(anchors) == 2:
                    break  # "multiple writers": the noun right after
        if value != "many" and not anchors and low not in NUMBER_WORDS and i and _content(toks[i - 1]) \
                and _value(toks[i - 1]) is None and not toks[i - 1][0].isupper():
            anchors.add(stems[i - 1])  # "port 443", "max-age 3600"; not "Python 2.7" (a name)
        anchors -= GENERIC
        if anchors:
            out.append((value, anchors))
    return out


def _has_name(r: Reading, name: str) -> bool:
    """Is `name` in the sentence? "python 2" is there when it says "Python 2.7" (or the reverse)."""
    if name in r.lower:
        return True
    word, _, number = name.partition(" ")
    return bool(number) and any(m.partition(" ")[0] == word and compatible(m.partition(" ")[2], number)
                                for m in r.names if " " in m)


@lru_cache(maxsize=4096)
def reading(text: str) -> Reading:
    """`Reading(text)`, cached (the same notes are read for every sentence of a post)."""
    return Reading(text)


def _about_same(f: Reading, p: Reading, config: GateConfig, extra: frozenset[str] = frozenset()) -> bool:
    fkeys = f.keys | extra
    shared = fkeys & p.keys
    if len(shared) < config.fact_min_shared or not fkeys or not p.keys:
        return False
    if len(shared) / min(len(fkeys), len(p.keys)) < config.fact_min_share:
        return False
    missing = {n for n in f.names if not _has_name(p, n)}
    extra = {n for n in p.names if not _has_name(f, n)}
    return not (missing and extra)  # "HTTP" for "HTTPS", "no-cache" for "no-store": another thing


def _negation_flip(a: Reading, b: Reading) -> str:
    """A word negated in `a` that `b` states plainly."""
    for h in a.heads:
        word = a.stems[h]
        plain = [j for j, s in enumerate(b.stems) if s == word and j not in b.negated]
        if plain and not any(b.stems[j] == word for j in b.negated):
            return word
    return ""


def _number_flip(f: Reading, p: Reading) -> str:
    fq = f.quantities + dates(f.text)
    pq = p.quantities + dates(p.text)
    for fv, fa in fq:
        for pv, pa in pq:
            shared = fa & pa
            if not shared or compatible(fv, pv) or (fv == "many" and pv == "many"):
                continue
            if not (fa <= pa or pa <= fa):
                continue  # "two extra files" / "the 1 database file": not the same thing counted
            if "many" in (fv, pv) and "1" not in (fv, pv):
                continue  # "many servers" vs "13 servers": no contradiction
            if any(compatible(v, fv) and a & shared for v, a in pq) or \
                    any(compatible(v, pv) and a & shared for v, a in fq):
                continue  # both give the same number too ("from 2.1 s to 0.8 s" / "0.8 s")
            return f"{pv} where the fact says {fv} ({', '.join(sorted(shared))})"
    return ""


def _opposite_flip(f: Reading, p: Reading) -> str:
    fw = {s for i, s in enumerate(f.stems) if i not in f.negated}
    pw = {s for i, s in enumerate(p.stems) if i not in p.negated}
    for a, b in OPPOSITES:
        for x, y in ((a, b), (b, a)):
            if fw & x and pw & y and not (pw & x) and not (fw & y) and not f.negated and not p.negated:
                return f"{sorted(pw & y)[0]} where the fact says {sorted(fw & x)[0]}"
    return ""


def _words(r: Reading) -> list[str]:
    return [t.lower() for t in _tokens(r.text) if t not in CLAUSE]


def _agent_flip(f: Reading, p: Reading) -> str:
    """The fact allows one writer; the post lets many users (processes, clients ...) write:
    "It enables multiple users to access data concurrently without blocking each other during writes"."""
    ones = [a for v, a in f.quantities if v == "1"]
    agents = {AGENTS[s]: s for a in ones for s in a if s in AGENTS}
    if not agents:
        return ""
    toks = _tokens(p.text)
    lows = [t.lower() for t in toks]
    if any(v == "1" for v, _ in p.quantities) or {"one", "single", "sole", "only"} & set(lows):
        return ""  # "many users read while one user writes"
    for verb, agent in agents.items():
        forms = VERB_FORMS.get(verb, (verb,))
        for i, low in enumerate(lows):
            if low not in MANY:
                continue
            noun = next((stems for v, stems in p.quantities if v == "many" and stems), set())
            if not noun or not (noun & ACTORS or {n for n in noun if n in AGENTS and AGENTS[n] == verb}):
                continue  # "multiple readers": another role, which the fact does not limit
            for j in range(i + 1, min(len(toks), i + 16)):
                if lows[j] in BREAK:
                    break
                if (lows[j] in forms or AGENTS.get(stem(lows[j])) == verb) and \
                        not any(_is_neg(t) for t in toks[max(0, j - 2):j]):  # "cannot write"
                    return f"“{low} {toks[i + 1]}” … “{toks[j]}” where the fact allows only one {agent}"
    return ""


def _default_flip(f: Reading, p: Reading) -> str:
    """The fact says a thing is turned on with something (or is not the default); the post calls it
    the default: "WAL is the default journal mode", "The default mode (sqlite wal) of sqlite"."""
    m = OPT_IN.search(f.text)
    if not m:
        return ""
    subject = {_name(t) for t in _tokens(f.text[: m.start()]) if _is_name(t) or t.isupper() and len(t) > 1}
    if not subject:
        return ""
    toks = _tokens(p.text)
    lows = [t.lower() for t in toks]
    if OPT_IN.search(p.text) or any(_is_neg(t) for t in toks):
        return ""  # "WAL mode is not the default", "has to be turned on"
    for i, low in enumerate(lows):
        if low != "default" or (i and lows[i - 1] in ("off", "disabled", "non")):
            continue
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(toks) and abs(j - i) <= 5 and lows[j] not in BREAK:
                if _name(toks[j]) in subject:
                    return f"calls {toks[j]} the default where the fact says “{clip(m.group(0), 40)}”"
                j += step
    return ""


def near_copy(fact: str, sentence: str) -> float:
    """How much `sentence` is a copy of `fact` (0..1, word sequence similarity; 0 when their key
    words differ too much to bother)."""
    f, p = reading(fact), reading(CITATION.sub("", sentence))
    if not f.keys or not p.keys or len(f.keys & p.keys) < 0.6 * max(len(f.keys), len(p.keys)):
        return 0.0
    return SequenceMatcher(None, _words(f), _words(p), autojunk=False).ratio()


def flip(fact: str, sentence: str, config: GateConfig | None = None, topic: str = "") -> str:
    """How `sentence` contradicts `fact` ("" when it does not, or is about something else). A
    fact that opens with a pronoun ("It was disclosed in December 2021") is about `topic`."""
    config = config or GateConfig()
    f, p = reading(fact), reading(sentence)
    extra = reading(topic).keys if topic and PRONOUN.match(fact) else frozenset()
    if not _about_same(f, p, config, extra):
        # "It enables multiple users ... during writes": a post sentence that opens with a pronoun is
        # about the topic too, for the one-vs-many paraphrase; the default rule names its subject itself
        about_topic = topic and PRONOUN.match(sentence) and _about_same(f, reading(f"{sentence} {topic}"), config)
        return (_agent_flip(f, p) if about_topic else "") or _default_flip(f, p)
    word = _negation_flip(f, p)
    if word == "default" and OPT_IN.search(p.text):
        word = ""  # "not the default" / "off by default": the same thing said two ways
    if word:
        return f"states {word!r} where the fact negates it"
    word = _negation_flip(p, f)
    if word:
        return f"negates {word!r} where the fact states it"
    return _number_flip(f, p) or _opposite_flip(f, p) or _agent_flip(f, p) or _default_flip(f, p)


def contradiction_problems(sentence: str, ctx: CheckContext | None, post_text: str = "",
                           config: GateConfig | None = None) -> list[Problem]:
    """Notes and source sentences that `sentence` flips (at most one problem per sentence)."""
    facts = fact_sentences(ctx)
    if not facts:
        return []
    text = CITATION.sub("", prose(sentence))
    topic = ctx.topic if ctx else ""
    copied = max(facts, key=lambda kf: near_copy(kf[1], text))
    if near_copy(copied[1], text) >= NEAR_COPY:
        facts = (copied,)  # a copy of one note is judged against that note only
    for kind, fact in facts:
        how = flip(fact, text, config, topic)
        if how:
            where = "your note" if kind == "note" else "your sources"
            return [Problem(f"contradicts {where} “{clip(fact, 100)}”: {how}",
                            f"say what the {'note' if kind == 'note' else 'source'} says, or cut the sentence",
                            fact)]
    return []


def gate_contradictions(doc: ParsedMarkdown, ctx: CheckContext | None, config: GateConfig) -> GateResult:
    return sentence_gate("contradictions", doc, ctx, config, contradiction_problems,
                         config.max_contradictions, headings=False)
