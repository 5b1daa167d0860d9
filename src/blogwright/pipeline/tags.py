"""Tags: the post's key terms, not its most frequent words.

A tag is a noun phrase of the topic, the title or a heading ("llm ops", "wal mode", "houseplants",
"small offices"), a product name or acronym ("sqlite", "ai"), or a keyword the user gave; never a
verb ("keep", "turn"), an adjective alone ("small", "little"), a function word, or a word the
planner's templates put on every post ("key differences", "common mistakes", "how X works"). Tags
are lower case, at most `MAX_TAGS`, with no two alike by stem ("difference" / "differences"), and each
is said somewhere in the post.

No tagger model: phrases are the runs of content words between punctuation, function words, known
verbs and template words; a run's leading adjectives are dropped when they judge ("wrong pot",
"key differences") or when the run is long ("small web apps" -> "web apps"); a product name at the
start of a long run is a tag of its own ("SQLite WAL mode" -> "sqlite", "wal mode"), while an
acronym keeps the noun after it ("LLM Ops").
"""

from __future__ import annotations

import re
from collections import Counter

from blogwright.checks.meta_tldr import TEMPLATE_WORDS
from blogwright.model.post import CONCLUSION_HEADING, Post
from blogwright.text import english
from blogwright.text.lexicon import ACRONYMS, KNOWN_MIXED, TECH_TERMS
from blogwright.text.tokens import STOPWORDS, TERM, stem, straight_quotes

MAX_TAGS = 5
MAX_PHRASE_WORDS = 3
MAX_TAG_CHARS = 40

# Verbs that topics and headings use ("why houseplants keep dying", "how DNS works", "when to turn
# it on"): never a tag. A closed list; -ed and -ly words and an -ing word after a verb are caught by form.
VERBS = frozenset("""
am is are was were be been being do does did done doing have has had having get gets got getting
keep keeps kept keeping turn turns turned turning work works worked make makes made making use uses
used using need needs needed want wants wanted choose chooses chose choosing matter matters mattered
start starts started stop stops stopped die dies died dying fail fails failed failing break breaks
broke breaking go goes went going help helps helped helping know knows knew learn learns learned
build builds built building write writes wrote writing read reads fix fixes fixed save saves saved
lose loses lost losing pick picks picked avoid avoids avoided try tries tried explain explains
explained happen happens happened change changes changed grow grows grew growing win wins won beat
beats set sets find finds found think thinks look looks feel feels seem seems become becomes became
come comes came take takes took give gives gave show shows showed tell tells told say says said let
lets put puts move moves moved cut cuts deal deals survive survives kill kills killed thrive thrives
love loves hate hates beat beats decide decides run runs ran enable enables enabled disable
disables should shall must can could would will might may mean means meant reach reaches reached
launch launches launched protect protects protected prepare prepares publish publishes chase
chasing speeds slows""".split())

# Words of the planner's headings that TEMPLATE_WORDS lacks ("The First Steps", "Tips for Better
# Results", "What X Means", "Lessons"): on many posts, about none.
HEADING_WORDS = frozenset("step steps tip tips result results lesson lessons version further heading "
                          "ethics idea ideas reason reasons example examples".split())
NUMBERS = frozenset("one two three four five six seven eight nine ten eleven twelve dozen hundred".split())

# Adjectives that judge or count rather than name ("wrong pot", "key differences", "too little
# light"): dropped from the start of a phrase, never a tag alone.
JUDGING = frozenset("""
little wrong right good bad best worst better worse common key simple easy hard real true quick fast
slow main great whole many much few several various different important basic new old first last
next other same own sure possible useful practical huge tiny cheap expensive safe every entire
certain typical proper poor nice cool smart essential ultimate complete actual faster slower easier
harder cheaper safer smaller bigger larger simpler quicker stronger""".split()) | NUMBERS
# Adjectives that describe ("small offices", "large language models"): kept before one noun,
# dropped from a longer run ("small web apps" -> "web apps"), never a tag alone.
DESCRIBING = frozenset("small large big local global open free modern high low short long single "
                       "remote personal private public deep".split())
PARTICLE_AFTER = frozenset("up down out off".split())  # "speed up", "back up": the word before is a verb

# An -ing word after one of these is a verb form ("keep dying", "stop using"), not a noun ("composting")
_AFTER = frozenset("keep keeps kept is are was were be been am quit".split())

_BREAK = re.compile(r"[:;,!?()\[\]{}\"“”/|]|\.(?=\s|$)|\s[-–—]\s")


def _word_key(word: str) -> str:
    return straight_quotes(word).lower().removesuffix("'s").strip("'")


def _is_term(word: str) -> bool:
    """An acronym or a product name: kept whatever its neighbours ("AI", "SQLite", "Kubernetes")."""
    low = _word_key(word)
    return (word.isupper() and len(word) > 1) or low.upper() in ACRONYMS or low in TECH_TERMS \
        or word in KNOWN_MIXED or any(c.isupper() for c in word[1:])


def _product(word: str) -> bool:
    """A product name written as one (SQLite, Kubernetes, PostgreSQL): a tag of its own, while an
    acronym keeps its noun ("LLM Ops", "WAL mode")."""
    low = _word_key(word)
    return not word.isupper() and low.upper() not in ACRONYMS and (word in KNOWN_MIXED or low in TECH_TERMS)


DETERMINERS = frozenset("a an the your my our their this these".split())


def _breaks(word: str, prev: str, nxt: str, templates: bool = True) -> bool:
    """Whether `word` ends a phrase: a function word, a template word (in a title or heading), a
    verb (by list or form: an -ed word, an -ing word after a verb or before its object, a word
    before "up"/"out", a first word before "a"/"the": "Profile a slow program")."""
    low = _word_key(word)
    if _is_term(word) and low not in STOPWORDS:
        return False
    if low in VERBS and _word_key(prev) in DETERMINERS | JUDGING | DESCRIBING and low not in STOPWORDS:
        return False  # a noun after all: "deep work", "a turn"
    if _word_key(prev) == "to" and low not in STOPWORDS:
        return True  # "how to profile a program"
    if low in STOPWORDS or len(low) < 2 or low.isdigit() or low in VERBS or _word_key(nxt) in PARTICLE_AFTER \
            or (templates and (stem(low) in TEMPLATE_WORDS or low in HEADING_WORDS)):
        return True
    if not prev and _word_key(nxt) in DETERMINERS:
        return True
    if low.endswith("ing") and len(low) > 5 and nxt and not _breaks(nxt, word, "", templates):
        return True  # "replacing support staff": a verb and its object
    if low.endswith("ly") and len(low) > 4:
        return True
    if low.endswith("ed") and not low.endswith("eed") and len(low) > 4:
        return True
    return low.endswith("ing") and _word_key(prev) in _AFTER


def _trim(run: list[str]) -> list[str]:
    """Judging adjectives off both ends ("wrong pot", "teams faster"); a descriptive one off the
    start when two words or more follow ("small web apps")."""
    while run and _word_key(run[0]) in JUDGING and not _is_term(run[0]):
        run = run[1:]
    while run and _word_key(run[-1]) in JUDGING | DESCRIBING and not _is_term(run[-1]):
        run = run[:-1]
    while len(run) > 2 and not _is_term(run[0]) and (_word_key(run[0]) in DESCRIBING or _word_key(run[0]).endswith(
            ("al", "ful", "ous", "ive", "ible", "able"))):
        run = run[1:]
    return run


def phrases(text: str, templates: bool = True) -> list[str]:
    """The noun phrases of a topic, title or heading, in order, lower case ("SQLite WAL mode: when
    to turn it on" -> ["sqlite", "wal mode"]). `templates=False` (the user's topic): the planner's
    template words stay inside a phrase ("cold starts"); a phrase of template words alone is dropped."""
    out: list[str] = []
    for piece in _BREAK.split(straight_quotes(text)):
        words = TERM.findall(piece)
        run: list[str] = []
        prev = ""
        for i, w in enumerate([*words, ""]):
            if w and not _breaks(w, prev, words[i + 1] if i + 1 < len(words) else "", templates):
                run.append(w)
            else:
                out += _split(_trim(run))
                run = []
            prev = w
    return list(dict.fromkeys(p for p in out if p and not all(stem(w) in TEMPLATE_WORDS for w in p.split())))


def _split(run: list[str]) -> list[str]:
    if not run:
        return []
    if len(run) == 1:
        low = _word_key(run[0])
        return [] if low in JUDGING | DESCRIBING and not _is_term(run[0]) else [low]
    if _product(run[0]) and len(run) >= 3 or (_product(run[0]) and _product(run[1])):
        return [_word_key(run[0]), *_split(_trim(run[1:]))]
    if len(run) > MAX_PHRASE_WORDS:
        return _split(_trim(run[-MAX_PHRASE_WORDS:]))
    return [" ".join(_word_key(w) for w in run)]


def stem_key(tag: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in TERM.findall(tag.lower()))


def _grams(text: str) -> Counter[tuple[str, ...]]:
    """Stem n-grams (n <= 3) of a text, counted: "is this phrase said, and how often"."""
    words = [stem(w) for w in TERM.findall(straight_quotes(text).lower())]
    out: Counter[tuple[str, ...]] = Counter()
    for n in range(1, MAX_PHRASE_WORDS + 1):
        out.update(tuple(words[i:i + n]) for i in range(len(words) - n + 1))
    return out


def _clean_keyword(keyword: str) -> str:
    words = TERM.findall(straight_quotes(keyword).lower())
    return " ".join(words)[:MAX_TAG_CHARS].strip()


def _body_terms(body: str) -> list[str]:
    """Acronyms (written in capitals), product names (written as the name is: "SQLite", "PyTorch")
    and tech terms the body uses twice or more, most used first; never a verb or a shouted word
    ("LIMITED:")."""
    counts: Counter[str] = Counter()
    for w in TERM.findall(straight_quotes(body)):
        low = _word_key(w)
        if len(low) < 2 or low in STOPWORDS or low in VERBS or low in JUDGING | DESCRIBING:
            continue
        if (w.isupper() and low.upper() in ACRONYMS) or w in KNOWN_MIXED or (w == low and low in TECH_TERMS):
            counts[low] += 1
    return [w for w, c in counts.most_common() if c >= 2]


def choose_tags(topic: str, title: str, headings: list[str], body: str, keywords: list[str] | None = None,
                n: int = MAX_TAGS) -> list[str]:
    """Keywords first; then the topic's phrases; then the title's and headings' phrases, the ones
    the post says most first; then acronyms and product names the body uses twice or more. Each
    said in the post (title, headings or body), none a stem-duplicate of one before it."""
    said = _grams(" ".join([title, *headings, body]))
    tags: list[str] = []
    keys: list[set[str]] = []

    def add(tag: str, must_be_said: bool = True) -> None:
        key = stem_key(tag)
        if not tag or len(tags) >= n or not key or (must_be_said and said[key] == 0):
            return
        if any(set(key) <= k or set(key) >= k for k in keys) or tag.replace(" ", "") in {t.replace(" ", "") for t in tags}:
            return  # "difference" after "differences", "ops" after "llm ops", "mlops" after "ml ops"
        tags.append(tag)
        keys.append(set(key))

    for k in keywords or []:
        add(_clean_keyword(k), must_be_said=False)
    for p in phrases(topic, templates=False):
        add(p)
    heads = [h for h in headings if h and h != CONCLUSION_HEADING]
    found = [p for text in [title, *heads] for p in phrases(text)]
    ranked = sorted(dict.fromkeys(found), key=lambda p: (-said[stem_key(p)], found.index(p)))
    for p in ranked:
        add(p)
    for t in _body_terms(body):
        add(t)
    return tags


def make_tags(post: Post, keywords: list[str], n: int = MAX_TAGS) -> list[str]:
    """The tags of a drafted post (see `choose_tags`)."""
    body = " ".join(post.prose())
    tags = choose_tags(post.topic, post.title, [s.heading for s in post.sections], body, keywords, n + 3)
    return [t for t in tags if t in keywords or not english.problem(t)][:n]  # not "wal mode behind"
