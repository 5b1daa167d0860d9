"""What makes a voice recognisable, kept as data: casing, rhythm, the writer's punctuation habits,
forms of address, asides, discourse openers ("look," "so,"), analogies and favourite words.

Pure counting over prose paragraphs (no model). Sentences come from the project's one splitter
with `lowercase=True`, so a writer whose sentences start in lower case is split like anyone else
("it works. mostly." is two sentences). Everything here is measured per sentence or per 1,000
words so corpora of any size compare, and the restyler (`voices.restyle`) reads these numbers
back to carry the habits into a post.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from pydantic import BaseModel, Field

from blogwright.text.lexicon import frequencies
from blogwright.text.sentences import split_sentences
from blogwright.text.tokens import FUNCTION_SET, straight_quotes, tokens
from blogwright.text.verdict import verdict

MIN_REPEATS = 2
# Words that follow a comma at the end of a sentence without being a form of address.
NOT_ADDRESS = frozenset("""though too either anyway anyways instead really again etc please right ok okay yet
    still now then today tomorrow yesterday here there everywhere first second third finally also actually
    basically obviously honestly apparently perhaps maybe probably sometimes often usually always never
    later earlier ago once twice respectively alike included inclusive aside overall all both
    furthermore moreover however therefore thus hence besides meanwhile otherwise nevertheless""".split())
# Forms of address counted even when seen once (a vocative slot is still required).
ADDRESS_WORDS = frozenset("""newbie newbies rookie rookies friend friends folks everyone everybody reader readers
    kiddo grasshopper padawan buddy pal pals y'all gang""".split())
DISCOURSE = frozenset("""look so okay ok alright well now honestly frankly sure listen see right anyway anyways
    basically seriously still yes no oh hey and but also plus first then finally again remember
    spoiler truth""".split())
ANALOGY = re.compile(r"\b(?:(?:is|are|was|it's|that's|'s)\s+(?:\w+\s+){0,2}like\s+(?:a|an|the|\w+ing)\b|"
                     r"think of (?:it|them|this|\w+) as\b|imagine\b|picture (?:a|this)\b|it's as if\b|"
                     r"the same way (?:a|an|you)\b)", re.I)
# Besides function words, what a line of the writer's may hold to be reused in any post: it says nothing
# about a subject ("so here is the deal.", "that is all.", "i get it."), so it carries no claim anywhere.
LINE_WORDS = frozenset("""deal get got ok okay trust sure honest kidding anyway right fair enough story short
    long yes no well alright wait see look listen go on done point thing""".split())
MAX_LINE_WORDS = 6
PAREN = re.compile(r"\(([^()\n]{1,80})\)")
DASH_ASIDE = re.compile(r"(?:\s[—–-]\s|—|\s--\s)([^—–\n]{2,80}?)(?:\s[—–-]\s|—|\s--\s)")
DASH_STYLES = {"spaced": re.compile(r"\s[—–]\s"), "closed": re.compile(r"\w—\w"),
               "hyphen": re.compile(r"\w\s-\s\w"), "double": re.compile(r"\w\s?--\s?\w")}
VOCATIVE_END = re.compile(r",\s+(?:my\s+)?([a-z][a-z'-]{2,20})\s*[.!?…]+[\"')\]]*$", re.I)
VOCATIVE_START = re.compile(r"^[\W_]*(?:\w+,\s+)?([a-z][a-z'-]{2,20}),\s+\w", re.I)
OPENER = re.compile(r"^[\W_]*([a-z][a-z']*(?:\s[a-z][a-z']*)?),\s+\S", re.I)


class Habits(BaseModel):
    """Per-sentence shares and per-1,000-word rates of the habits that make a voice recognisable."""

    sentences: int = 0
    lowercase_starts: float = Field(0.0, description="share of sentences that start with a small letter")
    lowercase_i: float = Field(0.0, description="share of first-person I written 'i'")
    short_share: float = Field(0.0, description="share of sentences of 6 words or fewer")
    long_share: float = Field(0.0, description="share of sentences of 25 words or more")
    dash: str = Field("", description="the writer's dash: spaced ' — ', closed '—', hyphen ' - ', double ' -- '")
    ellipsis: str = Field("", description="'...' or '…' (the one the writer uses), '' if rare")
    address: list[tuple[str, int]] = Field(default_factory=list, description="forms of address ('newbie')")
    address_rate: float = Field(0.0, description="forms of address per sentence")
    address_place: str = Field("end", description="where they go: 'end' (', newbie.') or 'start'")
    asides: list[str] = Field(default_factory=list, description="the writer's own short asides")
    aside_rate: float = Field(0.0, description="asides per sentence")
    aside_kind: str = Field("paren", description="'paren' (in parentheses) or 'dash'")
    openers: list[tuple[str, int]] = Field(default_factory=list, description="discourse openers ('look', 'so')")
    opener_rate: float = Field(0.0, description="sentences opening with one of them, per sentence")
    analogies: list[str] = Field(default_factory=list, description="example sentences with an analogy")
    analogy_rate: float = Field(0.0, description="analogies per 1,000 words")
    favourites: list[str] = Field(default_factory=list, description="favourite non-function words")
    open_lines: list[str] = Field(default_factory=list, description="the writer's topic-free lines from the first "
                                  "half of a post ('so here is the deal.'), for an intro that has nothing else")
    close_lines: list[str] = Field(default_factory=list, description="topic-free lines that end a post's last "
                                   "paragraph ('that is all.'), for a wrap-up that has nothing else")
    sign_off_alone: bool = Field(False, description="most posts end on a line of their own of a few words "
                                 "('— k.'): the sign-off goes alone in the last paragraph")


def _first_letter(sentence: str) -> str:
    for ch in sentence:
        if ch.isalpha():
            return ch
        if ch.isdigit() or ch in "`\ue000":
            return ""
    return ""


NOTATION_LETTERS = frozenset("abcdexyz")
WORD_COUNT = 1_000_000  # in symspellpy's dictionary: "cab" (9 million) is a word, "baa" (0.8 million) notation here


def notation(token: str) -> bool:
    """A token of logic or maths notation, a variable or a signature, not a word: a single letter other
    than "a" and "I" ("k" of "— k.", "b" of "a b c"), or a run of the letters notation uses ("aa", "bab",
    "abcde") that the English dictionary does not know as a common word."""
    low = token.lower().strip("'")
    if len(low) == 1:
        return low not in ("a", "i")
    counts = frequencies()
    return bool(counts) and low.isalpha() and set(low) <= NOTATION_LETTERS and counts.get(low, 0) < WORD_COUNT


def wordy(text: str) -> bool:
    """Made of words: no token of notation (`notation`), so it may describe a writer's habit."""
    toks = tokens(text)
    return bool(toks) and not any(notation(t) for t in toks)


def _safe_aside(text: str) -> bool:
    """An aside the restyler may reuse anywhere: short, words only (no notation), no names, numbers, links or code."""
    words = text.split()
    return (1 <= len(words) <= 6 and wordy(text) and bool(re.search(r"[a-z]{2}", text)) and not re.search(r"[\d`/\\\[\]<>=_{},;:.]|https?:", text)
            and not any(w[:1].isupper() and w not in ("I", "I'm", "I've", "I'd", "I'll") for w in words))


def says_nothing(text: str, words: frozenset[str]) -> bool:
    """`text` says nothing about a subject: every word a function word (or its contraction) or one of
    `words`, and it passes no verdict on what it sits by ("just kidding", "that's true"). The one test
    behind a writer's topic-free lines (`free_line`) and asides (`restyle.topic_free`)."""
    toks = tokens(text)
    return bool(toks) and not verdict(text) and all(
        t in FUNCTION_SET or t.split("'")[0] in FUNCTION_SET or t in words for t in toks)


def free_line(sentence: str) -> bool:
    """A whole sentence that says nothing about a subject (`says_nothing` with LINE_WORDS): no question,
    at most MAX_LINE_WORDS words, made of words (not notation) and at least two of them."""
    return (2 <= len(tokens(sentence)) <= MAX_LINE_WORDS and not sentence.rstrip().endswith("?") and wordy(sentence)
            and not re.search(r"[\d`()\[\]]", sentence) and says_nothing(sentence, LINE_WORDS))


def frame_lines(docs_paragraphs: list[list[str]]) -> tuple[list[str], list[str]]:
    """(opening lines, closing lines): the writer's topic-free sentences (`free_line`) from the first half
    of a post, those that open with a discourse word first ("so here is the deal."), and those of a post's
    last paragraph before a one-line sign-off (the first of them: "that is all."); most used first."""
    opening: Counter = Counter()
    closing: Counter = Counter()
    for paras in docs_paragraphs:
        prose = [p for p in paras if len(tokens(p)) > 2 or not re.match(r"^\s*[—–-]", p)]  # not "— k."
        for i, para in enumerate(prose):
            free = [s.strip() for s in split_sentences(straight_quotes(para), lowercase=True) if free_line(s)]
            for s in free if 2 * i < len(prose) else ():
                opening[s] += 2 if tokens(s)[0] in DISCOURSE else 1
            if free and i == len(prose) - 1:
                closing[free[0]] += 1  # the first: "that is all." of "that is all. go write one now. just one."
    rank = lambda c: [s for s, _ in sorted(c.items(), key=lambda x: (-x[1], x[0]))][:4]  # noqa: E731
    return rank(opening), rank(closing)


def sentences_of(paragraphs: list[str]) -> list[list[str]]:
    return [split_sentences(p, lowercase=True) for p in paragraphs]


def habits(docs_paragraphs: list[list[str]], words: int) -> Habits:
    """Habits of documents given as lists of prose paragraphs (`words`: their word count)."""
    starts = lower = short = long_ = 0
    i_total = i_lower = 0
    address: Counter = Counter()
    address_docs: dict[str, set[int]] = defaultdict(set)
    place: Counter = Counter()
    asides: Counter = Counter()
    aside_count = paren = dashed = 0
    openers: Counter = Counter()
    opener_docs: dict[str, set[int]] = defaultdict(set)
    analogies: list[str] = []
    analogy_count = 0
    dash: Counter = Counter()
    ellipsis: Counter = Counter()
    n = 0
    for d, paras in enumerate(docs_paragraphs):
        for para in paras:
            text = straight_quotes(para)
            for name, pattern in DASH_STYLES.items():
                dash[name] += len(pattern.findall(text))
            ellipsis["…"] += text.count("…")
            ellipsis["..."] += len(re.findall(r"(?<!\.)\.\.\.(?!\.)", text))
            for m in PAREN.finditer(text):
                aside_count += 1
                paren += 1
                if _safe_aside(m.group(1)):
                    asides[m.group(1).strip()] += 1
            for m in DASH_ASIDE.finditer(text):
                aside_count += 1
                dashed += 1
                if _safe_aside(m.group(1)):
                    asides[m.group(1).strip()] += 1
            i_total += len(re.findall(r"\b[Ii](?:'[a-z]+)?\b(?!\.)", text))
            i_lower += len(re.findall(r"\bi(?:'[a-z]+)?\b(?!\.)", text))
            for s in split_sentences(text, lowercase=True):
                toks = tokens(s)
                if not toks:
                    continue
                n += 1
                first = _first_letter(s)
                if first:
                    starts += 1
                    lower += first.islower()
                short += len(toks) <= 6
                long_ += len(toks) >= 25
                for pattern, where in ((VOCATIVE_END, "end"), (VOCATIVE_START, "start")):
                    m = pattern.search(s)
                    w = m.group(1).lower() if m else ""
                    if w and w not in FUNCTION_SET and w not in NOT_ADDRESS and not w.endswith("ly") \
                            and w not in DISCOURSE:
                        address[w] += 1
                        address_docs[w].add(d)
                        place[(w, where)] += 1
                m = OPENER.match(s)
                if m and all(t in DISCOURSE or t in FUNCTION_SET for t in tokens(m.group(1))):
                    k = m.group(1).lower()
                    openers[k] += 1
                    opener_docs[k].add(d)
                if ANALOGY.search(s):
                    analogy_count += 1
                    if len(analogies) < 6 and len(toks) <= 40:
                        analogies.append(s)
    many = len(docs_paragraphs) > 1
    keep_address = [(w, c) for w, c in address.most_common()
                    if (w in ADDRESS_WORDS and c >= MIN_REPEATS) or (c >= MIN_REPEATS and (len(address_docs[w]) > 1 or not many))]
    kept = {w for w, _ in keep_address[:4]}
    ends = sum(c for (w, where), c in place.items() if w in kept and where == "end")
    begins = sum(c for (w, where), c in place.items() if w in kept and where == "start")
    keep_openers = [(o, c) for o, c in openers.most_common()
                    if c >= MIN_REPEATS and (len(opener_docs[o]) > 1 or not many) and o not in ("and", "but")]
    kept_openers = {o for o, _ in keep_openers[:5]}
    per_1000 = 1000.0 / words if words else 0.0
    dash_total = sum(dash.values())
    open_lines, close_lines = frame_lines(docs_paragraphs)
    alone = sum(1 for paras in docs_paragraphs if paras and len(paras) > 1 and len(paras[-1].split()) <= 4
                and len(split_sentences(paras[-1], lowercase=True)) == 1)
    return Habits(open_lines=open_lines, close_lines=close_lines, sign_off_alone=2 * alone > len(docs_paragraphs),
        sentences=n,
        lowercase_starts=round(lower / starts, 3) if starts else 0.0,
        lowercase_i=round(i_lower / i_total, 3) if i_total else 0.0,
        short_share=round(short / n, 3) if n else 0.0, long_share=round(long_ / n, 3) if n else 0.0,
        dash=dash.most_common(1)[0][0] if dash_total * per_1000 >= 2 else "",
        ellipsis=ellipsis.most_common(1)[0][0] if sum(ellipsis.values()) * per_1000 >= 1 else "",
        address=keep_address[:4],
        address_rate=round(sum(c for w, c in address.items() if w in kept) / n, 4) if n else 0.0,
        address_place="start" if begins > ends else "end",
        asides=[a for a, c in sorted(asides.items(), key=lambda x: (-x[1], x[0])) if c >= 2 or len(a.split()) >= 2][:12],
        aside_rate=round(aside_count / n, 4) if n else 0.0,
        aside_kind="dash" if dashed > paren else "paren",
        openers=keep_openers[:5],
        opener_rate=round(sum(c for o, c in openers.items() if o in kept_openers) / n, 4) if n else 0.0,
        analogies=analogies, analogy_rate=round(analogy_count * per_1000, 3),
    )


def describe(h: Habits) -> list[tuple[str, str]]:
    """(description, rule) pairs for the habits that stand out, in words a writer uses."""
    out: list[tuple[str, str]] = []
    if h.lowercase_starts >= 0.5:
        out.append(("writes in lowercase" + (" (even 'i')" if h.lowercase_i >= 0.5 else ""),
                    "start sentences in lowercase"))
    if h.short_share >= 0.3:
        out.append((f"many very short sentences ({h.short_share:.0%} of them 6 words or fewer)",
                    "mix in very short sentences"))
    if h.address:
        terms = ", ".join(f"'{w}'" for w, _ in h.address[:2])
        out.append((f"calls the reader {terms}", f"call the reader {terms}"))
    if h.openers:
        shown = ", ".join(f"'{o},'" for o, _ in h.openers[:3])
        out.append((f"starts sentences with {shown}", f"start some sentences with {shown}"))
    if h.asides and h.aside_rate >= 0.05:
        out.append(("drops in asides like " + ", ".join(f"'{a}'" for a in h.asides[:2]), "add a short aside"))
    if h.analogy_rate >= 2:
        out.append(("reaches for analogies", "use one everyday analogy"))
    if h.dash == "closed":
        out.append(("writes dashes without spaces (word—word)", ""))
    return out
