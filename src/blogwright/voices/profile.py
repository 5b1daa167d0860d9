"""Voice profiles: a stylometric fingerprint of someone's posts, exemplar passages, and a plain
description generated from the numbers (no model), from which a pipeline `Voice` is derived.

`build_profile` is the one code path for built-in corpora, learned corpora and feedback updates;
the same documents always give the same profile (nothing depends on time, paths or order of I/O).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter

from pydantic import BaseModel, Field

from blogwright.voices.extract import Document
from blogwright.voices.habits import Habits, habits, notation, wordy
from blogwright.voices.habits import describe as describe_habits
from blogwright.voices.persona import Voice
from blogwright.voices.stylometry import FEATURES, FUNCTION_SET, FUNCTION_WORDS, key, sentences, spread, stats, tokens

PROFILE_VERSION = 4  # 2: sentences split at lower-case starts; habits (voices/habits.py); 3-4: titles are no
# headings, notation is no aside or favourite, a sign-off's dash is no aside dash, topic-free lines, sign_off_alone
EXEMPLAR_WORDS = (30, 120)
FEEDBACK_EXEMPLAR_WORDS = (12, 200)
MAX_EXEMPLARS = 60
MFW = 100
SIGN_OFF_LIKE = re.compile(
    r"\b(happy (coding|hacking|writing|building|learning|tinkering)|thanks for reading|until next time|see you|"
    r"cheers|you('ve| have) got this|class dismissed|now go|go (try|build|break|write|ship|play)|take care|"
    r"good luck|stay tuned|keep (going|learning|practi[cs]ing)|one step at a time|start small|talk soon|"
    r"wish me luck|catch you|peace out|until then|happy \w+ing)\b", re.I)
BASE_AVOID = ["As an AI language model"]


class Exemplar(BaseModel):
    text: str
    source: str = ""


class Fingerprint(BaseModel):
    """Style numbers; rates are per 1,000 words."""

    words: int
    sentences: int
    paragraphs: int
    documents: int
    sentence_length: dict[str, float]
    paragraph_length: dict[str, float]
    word_length: float
    function_words: dict[str, float]
    punctuation: dict[str, float]
    contractions: float
    person: dict[str, float]
    headings: float
    list_items: float
    list_share: float
    emoji: float
    openers: list[tuple[str, int]] = Field(description="first 2-3 words of paragraphs that recur")
    sign_offs: list[str] = Field(description="last sentence of each post")
    phrases: list[tuple[str, int]] = Field(description="recurring 3-grams with a content word")
    mfw: dict[str, float] = Field(description="most frequent style words; the top ones of every voice "
                                              "form Burrows' Delta's word list")
    features: dict[str, float] = Field(description="the vector `voice_distance` compares")
    habits: Habits = Field(default_factory=Habits, description="casing, address, asides, openers, analogies")


class Profile(BaseModel):
    version: int = PROFILE_VERSION
    name: str
    builtin: bool = False
    based_on: str = Field("", description="the built-in voice this one was copied from")
    corpus_hash: str
    sources: list[str]
    fingerprint: Fingerprint
    description: str
    persona: str
    rules: list[str]
    openers: list[str] = Field(default_factory=list, description="whole opening sentences that recur")
    sign_offs: list[str] = Field(default_factory=list)
    avoid: list[str] = Field(default_factory=list, description="phrases the user cut in feedback")
    exemplars: list[Exemplar] = Field(default_factory=list)

    @property
    def exemplar_hash(self) -> str:
        return hashlib.sha256("\n\0".join(e.text for e in self.exemplars).encode()).hexdigest()[:16]


def corpus_hash(docs: list[Document]) -> str:
    data = json.dumps([d.to_dict() for d in docs], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()[:16]


def _display(words: list[str]) -> str:
    return " ".join(words).rstrip(".,;:!?-—\"')")


def _openers(paras: list[str]) -> list[tuple[str, int]]:
    """Recurring first two or three words of paragraphs (three when just as frequent)."""
    two: Counter = Counter()
    three: Counter = Counter()
    shown: dict[str, str] = {}
    for p in paras:
        raw = p.split()
        for n, counter in ((2, two), (3, three)):
            if len(raw) > n:
                k = key(" ".join(raw[:n]))
                if len(k.split()) == n:
                    counter[k] += 1
                    shown.setdefault(k, _display(raw[:n]))
    out = []
    for k2, c in two.items():
        if c < 2:
            continue
        longer = sorted(k3 for k3, c3 in three.items() if c3 == c and k3.startswith(k2 + " "))
        out.append((shown[longer[0] if longer else k2], c))
    return sorted(out, key=lambda x: (-x[1], x[0]))[:10]


def _phrases(docs: list[Document]) -> list[tuple[str, int]]:
    """Recurring phrases: 3-grams (with a content word) seen 3+ times in 2+ posts, grown to the
    longest n-gram (up to 12 words) that recurs just as often, so one repeated line is one phrase."""
    count: Counter = Counter()
    doc_sets: dict[tuple, set[int]] = {}
    min_docs = 2 if len(docs) > 1 else 1
    sents = [(i, tokens(s)) for i, d in enumerate(docs) for p in d.paragraphs if p.kind in ("para", "list")
             for s in sentences(p.text)]
    grow: set[tuple] | None = None  # the (n-1)-grams seen 3+ times in min_docs posts
    for n in range(3, 13):
        # an n-gram is seen no more often, nor in more posts, than its first n-1 words: only those that
        # recur are grown (the same phrases as counting every n-gram, in a fraction of the time)
        seen: set[tuple] = set()
        for i, t in sents:
            for j in range(len(t) - n + 1):
                g = tuple(t[j:j + n])
                if grow is None or g[:-1] in grow:
                    count[g] += 1
                    doc_sets.setdefault(g, set()).add(i)
                    seen.add(g)
        grow = {g for g in seen if count[g] >= 3 and len(doc_sets[g]) >= min_docs}
        if not grow:
            break
    ok = {g: c for g, c in count.items() if c >= 3 and len(doc_sets[g]) >= min_docs
          and not all(w in FUNCTION_SET for w in g) and not any(notation(w) for w in g)}
    longer: set[tuple] = set()
    for g, c in ok.items():  # a phrase inside a longer one that recurs as often is not shown
        for sub in (g[1:], g[:-1]):
            if len(sub) >= 3 and ok.get(sub) == c:
                longer.add(sub)
    keep = [(" ".join(g), c) for g, c in ok.items() if g not in longer]
    return sorted(keep, key=lambda x: (-x[1], -len(x[0]), x[0]))[:15]


def style_words(docs: list[Document], counts: Counter, words: int) -> dict[str, float]:
    """Top words that are function words or recur across at least half the posts (style, not topic)."""
    df: Counter = Counter()
    for d in docs:
        df.update({t for p in d.paragraphs if p.kind in ("para", "list") for t in tokens(p.text)})
    min_df = max(2, math.ceil(len(docs) / 2))
    ok = [w for w in counts if w in FUNCTION_SET or (df[w] >= min_df and not w.isdigit())]
    top = sorted(ok, key=lambda w: (-counts[w], w))[:MFW]
    return {w: round(1000 * counts[w] / words, 4) for w in top}


def _exemplars(docs: list[Document]) -> list[Exemplar]:
    fresh, corpus = [], []
    lengths = sorted(len(p.text.split()) for d in docs for p in d.paragraphs if p.kind == "para")
    median = lengths[len(lengths) // 2] if lengths else EXEMPLAR_WORDS[0]
    for d in docs:
        lo, hi = FEEDBACK_EXEMPLAR_WORDS if d.partial else EXEMPLAR_WORDS
        lo = min(lo, max(12, median))  # a writer of short paragraphs is shown by short paragraphs
        picks = [Exemplar(text=p.text, source=d.source) for p in d.paragraphs
                 if p.kind == "para" and lo <= len(p.text.split()) <= hi]
        (fresh if d.partial else corpus).extend(picks)
    fresh = fresh[::-1][:MAX_EXEMPLARS]  # newest feedback first
    room = MAX_EXEMPLARS - len(fresh)
    if len(corpus) > room:
        corpus = [corpus[round(i * (len(corpus) - 1) / max(1, room - 1))] for i in range(room)] if room else []
    return fresh + corpus


def _voice_lines(docs: list[Document]) -> tuple[list[str], list[str]]:
    """Opening sentences of posts and sign-offs that recur (or read like sign-offs), whole."""
    first: Counter = Counter()
    last: Counter = Counter()
    shown_first: dict[str, str] = {}
    shown_last: dict[str, str] = {}
    for d in docs:
        paras = [p.text for p in d.paragraphs if p.kind == "para"]
        if not paras or d.partial:
            continue
        opening = sentences(paras[0])[0]
        if len(opening.split()) <= 8 and opening.rstrip()[-1:] in ".,:;":
            first[key(opening)] += 1
            shown_first.setdefault(key(opening), opening.rstrip(".,:; "))
        closing = sentences(paras[-1])[-1]
        last[key(closing)] += 1
        shown_last.setdefault(key(closing), closing)
    by_count = lambda c: sorted(c.items(), key=lambda x: (-x[1], x[0]))  # noqa: E731
    openers = [shown_first[k] for k, c in by_count(first) if c >= 2][:3]
    sign_offs = [shown_last[k] for k, c in by_count(last)
                 if len(k.split()) <= 20 and (c >= 2 or SIGN_OFF_LIKE.search(shown_last[k]))][:3]
    return openers, sign_offs


def fingerprint(docs: list[Document]) -> Fingerprint:
    pairs = [(p.kind, p.text) for d in docs for p in d.paragraphs]
    st = stats(pairs)
    per = st.rate
    list_words = sum(len(tokens(t)) for k, t in pairs if k == "list")
    last = [sentences(ps[-1])[-1] for d in docs if not d.partial
            and (ps := [p.text for p in d.paragraphs if p.kind == "para"]) and sentences(ps[-1])]
    return Fingerprint(
        words=st.words, sentences=len(st.sentence_lengths), paragraphs=len(st.paragraph_lengths),
        documents=len(docs), sentence_length=spread(st.sentence_lengths),
        paragraph_length=spread(st.paragraph_lengths),
        word_length=round(st.letters / st.words, 3) if st.words else 0.0,
        function_words={w: round(st.per_1000(w), 3) for w in FUNCTION_WORDS},
        punctuation={k: round(per(v), 3) for k, v in st.punctuation.items()},
        contractions=round(per(st.contractions), 3),
        person={k: round(per(v), 3) for k, v in st.person.items()},
        headings=round(per(body_headings(docs)), 3),
        list_items=round(per(sum(1 for k, _ in pairs if k == "list")), 3),
        list_share=round(list_words / st.words, 3) if st.words else 0.0,
        emoji=round(per(st.emoji), 3),
        openers=_openers([t for k, t in pairs if k == "para"]),
        sign_offs=last, phrases=_phrases(docs), mfw=style_words(docs, st.counts, st.words),
        features={k: v for k, v in st.features().items() if k in FEATURES},
        habits=_habits(docs, st.words, style_words(docs, st.counts, st.words)))


def body_headings(docs: list[Document]) -> int:
    """Headings inside the posts: a heading that opens a post is its title, not a way of breaking it up."""
    return sum(1 for d in docs for i, p in enumerate(d.paragraphs) if p.kind == "heading" and i > 0)


def _habits(docs: list[Document], words: int, mfw: dict[str, float]) -> Habits:
    h = habits([[p.text for p in d.paragraphs if p.kind == "para"] for d in docs], words)
    h.favourites = [w for w in mfw if w not in FUNCTION_SET and len(w) > 2 and not w.isdigit() and wordy(w)][:12]
    return h


def traits(fp: Fingerprint) -> list[tuple[str, str, str]]:
    """(description phrase, persona clause or '', rule) for each salient habit, most telling first."""
    out: list[tuple[str, str, str]] = []
    m, sd = fp.sentence_length["mean"], fp.sentence_length["sd"]
    mix = ", mixing very short and long ones" if m and sd / m >= 0.6 else ""
    punchy = "Short punchy" if mix or fp.punctuation["exclamation"] >= 2 else "Short"
    size = punchy if m < 13 else "Medium-length" if m < 18 else "Long" if m < 25 else "Very long, complex"
    out.append((f"{size} sentences (avg {m:.0f} words){mix}",
                {"Short punchy": "writes short, punchy sentences", "Short": "writes short, simple sentences",
                 "Medium-length": "writes clear, medium-length sentences",
                 "Long": "writes long, carefully built sentences"}.get(size, "writes long, complex sentences"),
                f"keep sentences around {m:.0f} words" + (" and vary their length" if mix else "")))
    out.extend((d, "", r) for d, r in describe_habits(fp.habits))
    p, pu = fp.person, fp.punctuation
    if p["you"] >= 15:
        out.append(("talks to the reader as 'you'", 'talks straight to the reader as "you"',
                    'address the reader as "you"'))
    if p["i"] >= 15:
        out.append(("writes in the first person ('I')", "writes in the first person",
                    'write in the first person ("I")'))
    if p["we"] >= 10:
        out.append(("says 'we' for writer and reader together", "says \"we\" to bring the reader along",
                    'say "we" for you and the reader together'))
    if p["you"] < 3 and p["i"] < 3 and p["we"] < 3:
        out.append(("impersonal: rarely says 'I', 'we' or 'you'", "writes impersonally",
                    'write impersonally, without "I" or "you"'))
    if pu["question"] >= 6:
        out.append(("asks questions often", "asks the reader questions", "ask the reader a question now and then"))
    if pu["exclamation"] >= 4:
        out.append(("uses exclamation marks", "", "an exclamation mark is fine for emphasis"))
    elif pu["exclamation"] == 0 and fp.words >= 300:
        out.append(("never uses exclamation marks", "", "no exclamation marks"))
    if fp.contractions >= 15:
        out.append(("uses contractions (it's, you're)", "uses contractions", "use contractions (it's, you're, don't)"))
    elif fp.contractions < 3:
        out.append(("avoids contractions", "avoids contractions", "no contractions: write 'it is', 'do not'"))
    for name, limit, desc, rule in (("dash", 5, "likes dashes for asides", "use a dash for an aside"),
                                    ("parenthesis", 4, "adds parenthetical asides", "add an aside in parentheses"),
                                    ("semicolon", 2, "uses semicolons", "join related clauses with a semicolon"),
                                    ("ellipsis", 2, "trails off with ellipses", "let a thought trail off with ..."),
                                    ("colon", 6, "introduces points with colons", "introduce a point with a colon")):
        if pu[name] >= limit and (name != "dash" or fp.habits.dash):  # "— k." signs off: no aside dash
            out.append((desc, "", rule))
    if fp.emoji >= 2:
        out.append(("uses emoji", "", "an emoji now and then is fine"))
    if fp.word_length >= 5.0:
        out.append(("prefers long, formal words", "prefers precise, formal words", "prefer precise, formal words"))
    elif fp.word_length <= 4.3:
        out.append(("uses short, everyday words", "uses everyday words", "use short, everyday words"))
    pm = fp.paragraph_length["mean"]
    out.append((f"{'short' if pm < 45 else 'long' if pm > 100 else 'medium'} paragraphs (avg {pm:.0f} words)", "",
                f"paragraphs of about {pm:.0f} words"))
    if fp.headings >= 4 or fp.list_share >= 0.15:
        habits = (("headings", fp.headings >= 4), ("bulleted lists", fp.list_share >= 0.15))
        habit = " and ".join(x for x, ok in habits if ok)
        out.append((f"breaks posts up with {habit}", "", f"use {habit} where they help"))
    if fp.openers:
        shown = ", ".join(f"'{o}'" for o, _ in fp.openers[:3])
        out.append((f"often opens paragraphs with {shown}", "", f"open some paragraphs with {shown}"))
    if fp.phrases:
        out.append(("favourite phrases: " + ", ".join(f"'{ph}'" for ph, _ in fp.phrases[:3]), "", ""))
    return out


def describe(fp: Fingerprint) -> str:
    """A short plain-language description of the fingerprint, deterministic."""
    parts = [d for d, _, _ in traits(fp)]
    return "; ".join(parts) + "." if parts else ""


def persona_and_rules(fp: Fingerprint) -> tuple[str, list[str]]:
    """The system prompt's persona names no style: a small model asked to write "long, carefully built
    sentences" writes about its sentences ("I'd say it's a mix of short, ..."). The style reaches the
    post through the writer's own passages in each prompt and the restyler (voices/restyle.py); the
    rules are what `voice show` and the web page list."""
    ts = traits(fp)
    persona = "a blogger writing for their own readers"
    if fp.person["you"] >= 15:
        persona = "a blogger talking straight to the reader"
    return persona, [r for _, _, r in ts if r][:6]


def build_profile(docs: list[Document], name: str, *, builtin: bool = False, based_on: str = "",
                  avoid: list[str] | None = None) -> Profile:
    """The profile of `docs` (which must contain prose). Same documents, same profile."""
    fp = fingerprint(docs)
    persona, rules = persona_and_rules(fp)
    openers, sign_offs = _voice_lines(docs)
    return Profile(name=name, builtin=builtin, based_on=based_on, corpus_hash=corpus_hash(docs),
                   sources=[d.source for d in docs], fingerprint=fp, description=describe(fp),
                   persona=persona, rules=rules, openers=openers, sign_offs=sign_offs,
                   avoid=list(avoid or []), exemplars=_exemplars(docs))


def to_voice(profile: Profile, base: Voice | None = None) -> Voice:
    """The pipeline's `Voice` for a profile; a copied built-in keeps its hand-written persona (`base`)."""
    avoid = list(dict.fromkeys([*(base.avoid if base else BASE_AVOID), *profile.avoid]))
    if base is not None:
        return base.model_copy(update={"name": profile.name, "avoid": avoid})
    return Voice(name=profile.name, description=profile.description, persona=profile.persona,
                 rules=profile.rules, avoid=avoid,
                 exemplar=profile.exemplars[0].text if profile.exemplars else "",
                 openers=profile.openers, sign_offs=profile.sign_offs)


def nearest_exemplar(profile: Profile, text: str, max_words: int = 45) -> str:
    """The writer's own passage nearest `text` (most shared content words; ties: the earlier one),
    cut to whole sentences of at most `max_words` words, for a paragraph prompt. '' if none."""
    want = {t for t in tokens(text) if t not in FUNCTION_SET}
    best, best_score = "", -1.0
    for i, ex in enumerate(profile.exemplars):
        have = {t for t in tokens(ex.text) if t not in FUNCTION_SET}
        score = len(want & have) / (1 + len(have)) ** 0.5 - i * 1e-6
        if score > best_score:
            best, best_score = ex.text, score
    out: list[str] = []
    for s in sentences(best):
        if out and len(" ".join([*out, s]).split()) > max_words:
            break
        out.append(s)
    return " ".join(out) if out and len(" ".join(out).split()) <= max_words * 1.5 else ""
