"""How close a text is to a voice: Burrows' Delta plus a fingerprint-feature distance, calibrated
against the other voices' passages so the number can be read.

- Reference: every available voice's corpus (built-in and learned), cut into passages of about
  PASSAGE_WORDS words. Word frequencies and features are z-scored against these passages.
- Delta (Burrows 2002): mean |z(text) - z(profile)| over the most frequent words of the profile
  and of every other voice in the reference (each voice's top TOP_WORDS, united), so distances to
  different voices are taken over the same words and can be compared. (Leave-one-post-out on the
  built-in corpora, 28 passages: Delta over each profile's own top-100 words picked the right voice
  for 2; over the shared list, 25; Delta + features, 27.)
- Feature distance: mean |text - profile| / sd over `text.FEATURES` (sentence length, punctuation,
  contractions, person, emoji...), each term capped at CAP so one odd habit cannot dominate.
- distance = (Delta + feature distance) / 2; 0 is identical, ~1 is typical of a different voice.
- percentile: share of OTHER voices' passages of the same length as the text (short texts are
  noisier, so they are compared with short passages) that are farther from the profile than the
  text (100 = closer than any other voice's passage). Deterministic for the same corpora.

One verdict everywhere: `judge_post` is what every surface calls on a post (the `voice` gate of
write/check, `voice score`, the web page, `write --json`). It scores `post_prose` (the post's prose:
no front matter, title, headings, TL;DR, References/back matter or code) and says it in one sentence
(`verdict`).
"""

from __future__ import annotations

import functools
import statistics
from dataclasses import dataclass, field

from blogwright.core.errors import BadInput
from blogwright.text.document import ParsedMarkdown
from blogwright.text.document import parse_markdown as parse_post
from blogwright.text.frontmatter import parse as parse_front_matter
from blogwright.voices.extract import Document, parse_markdown
from blogwright.voices.learn import all_profiles, load_corpus
from blogwright.voices.profile import Profile, corpus_hash, style_words
from blogwright.voices.stylometry import FEATURES, TextStats, sentences, stats

PASSAGE_WORDS = 150
MIN_CALIBRATION, MAX_CALIBRATION = 40, 400  # words: a text is compared with passages of its own length
TOP_WORDS = 20
CAP = 4.0
# Smallest standard deviation used per feature, so a habit no passage shows cannot divide by ~0.
SD_FLOOR = {"sentence_mean": 1.5, "sentence_sd": 1.5, "word_length": 0.08}
RATE_FLOOR = 2.0  # per 1,000 words: one occurrence in 500 words
WORD_FLOOR = 1.0


@dataclass
class Passage:
    voice: str
    source: str
    stats: TextStats


@dataclass
class VoiceScore:
    distance: float
    percentile: float
    closest_voice: str
    distances: dict[str, float] = field(default_factory=dict)  # to every available voice
    compared: int = 0  # other voices' passages behind the percentile
    own: bool = True  # the closest voice is the voice itself (or its copy / original)
    rank: int = 1  # 1 = the voice is the closest of `voices`; 3 = two other voices are closer
    voices: int = 1  # voices compared (the voice and its copies count once)

    def to_dict(self) -> dict:
        return {"distance": round(self.distance, 4), "percentile": round(self.percentile, 1),
                "closest_voice": self.closest_voice, "compared": self.compared, "own": self.own,
                "rank": self.rank, "voices": self.voices,
                "distances": {k: round(v, 4) for k, v in self.distances.items()}}


class Reference:
    """Means and standard deviations of word rates and features over every voice's passages."""

    def __init__(self, corpora: dict[str, list[Document]], hashes: dict[str, str] | None = None):
        self.corpora = corpora
        self.passages = self.sized(PASSAGE_WORDS)
        self.hashes = dict(hashes or {})
        self.totals = {name: stats([(p.kind, p.text) for d in docs for p in d.paragraphs])
                       for name, docs in sorted(corpora.items())}
        self.words = sorted({w for name, st in self.totals.items()
                             for w in list(style_words(corpora[name], st.counts, st.words))[:TOP_WORDS]})
        self._words: dict[str, tuple[float, float]] = {}
        self.features: dict[str, tuple[float, float]] = {}
        feats = [p.stats.features() for p in self.passages]  # once per passage, not once per feature
        for f in FEATURES:
            vals = [x[f] for x in feats]
            floor = SD_FLOOR.get(f, RATE_FLOOR)
            sd = statistics.pstdev(vals) if len(vals) > 1 else floor
            self.features[f] = (statistics.fmean(vals) if vals else 0.0, max(sd, floor))

    @functools.lru_cache(maxsize=32)  # noqa: B019 - references are few and cached themselves
    def sized(self, size: int) -> list[Passage]:
        """Every voice's passages of about `size` words (to calibrate a text of that length)."""
        return [p for name in sorted(self.corpora) for p in passages(self.corpora[name], name, size)]

    def word(self, w: str) -> tuple[float, float]:
        if w not in self._words:
            vals = [p.stats.per_1000(w) for p in self.passages]
            sd = statistics.pstdev(vals) if len(vals) > 1 else WORD_FLOOR
            self._words[w] = (statistics.fmean(vals) if vals else 0.0, max(sd, WORD_FLOOR))
        return self._words[w]


def passages(docs: list[Document], voice: str, size: int = PASSAGE_WORDS) -> list[Passage]:
    """Consecutive sentences of each document in passages of >= `size` words (a short tail joins
    the document's previous passage). List items count as sentences of their own."""
    out: list[Passage] = []
    for d in docs:
        groups: list[list[tuple[str, str]]] = [[]]
        n = 0
        for p in d.paragraphs:
            if p.kind not in ("para", "list"):
                continue
            for s in sentences(p.text) if p.kind == "para" else [p.text]:
                if n >= size:
                    groups.append([])
                    n = 0
                groups[-1].append((p.kind, s))
                n += len(s.split())
        if len(groups) > 1 and n < size // 2:
            groups[-2].extend(groups.pop())
        out.extend(Passage(voice, d.source, stats(g)) for g in groups if g)
    return out


_REFERENCES: dict[tuple, Reference] = {}


def reference(profiles: list[Profile] | None = None) -> Reference:
    """The reference over `profiles` (default: every built-in and learned voice), cached by corpus hashes."""

    profiles = profiles if profiles is not None else all_profiles()
    cache_key = tuple(sorted((p.name, p.corpus_hash) for p in profiles))
    if cache_key not in _REFERENCES:
        if len(_REFERENCES) > 8:
            _REFERENCES.clear()
        _REFERENCES[cache_key] = Reference({p.name: load_corpus(p.name) for p in profiles},
                                           {p.name: p.corpus_hash for p in profiles})
    return _REFERENCES[cache_key]


def delta(st: TextStats, profile: Profile, ref: Reference) -> float:
    """Burrows' Delta over the reference's shared word list (plus the profile's own top words)."""
    fp = profile.fingerprint
    exact = ref.totals.get(profile.name) if ref.hashes.get(profile.name) == profile.corpus_hash else None
    words = ref.words if exact else sorted({*ref.words, *list(fp.mfw)[:TOP_WORDS]})
    total = 0.0
    for w in words:
        mine = exact.per_1000(w) if exact else fp.mfw.get(w, fp.function_words.get(w, 0.0))
        total += min(abs(st.per_1000(w) - mine) / ref.word(w)[1], CAP)
    return total / len(words) if words else 0.0


def feature_distance(st: TextStats, profile: Profile, ref: Reference) -> float:
    mine, theirs = st.features(), profile.fingerprint.features
    return statistics.fmean(min(abs(mine[f] - theirs.get(f, 0.0)) / ref.features[f][1], CAP) for f in FEATURES)


def _distance(st: TextStats, profile: Profile, ref: Reference) -> float:
    return (delta(st, profile, ref) + feature_distance(st, profile, ref)) / 2


def _stats(text: str | TextStats) -> TextStats:
    st = text if isinstance(text, TextStats) else text_stats(text)
    if not st.words:
        raise BadInput("nothing to score: the text has no prose in it")
    return st


def voice_distance(text: str | TextStats, profile: Profile, ref: Reference | None = None) -> float:
    """Distance of a text (plain text or Markdown) from a voice: 0 identical, larger is farther.
    Pass `ref=reference()` when scoring many texts (e.g. candidates) to skip the voice lookup."""
    return _distance(_stats(text), profile, ref or reference(_with(profile)))


def _with(profile: Profile) -> list[Profile]:

    others = [p for p in all_profiles() if p.name != profile.name]
    return [*others, profile] if _stored(profile) else others


def _stored(profile: Profile) -> bool:
    """True when the profile's corpus is on disk or in the package (so it can join the reference)."""

    try:
        return corpus_hash(load_corpus(profile.name)) == profile.corpus_hash
    except BadInput:
        return False


def _related(a: Profile, voice: str, profiles: dict[str, Profile]) -> bool:
    """Same voice, or a copy of it (a learned voice seeded from a built-in)."""
    b = profiles.get(voice)
    return voice == a.name or voice == a.based_on or (b is not None and b.based_on in (a.name, a.based_on or "\0"))


def voice_score(text: str | TextStats, profile: Profile, profiles: list[Profile] | None = None) -> VoiceScore:
    """Distance, calibrated percentile and closest voice for `text` against `profile`."""

    st = _stats(text)
    pool = {p.name: p for p in (profiles if profiles is not None else all_profiles())}
    pool[profile.name] = profile
    ref = reference([p for p in pool.values() if p.name != profile.name or _stored(p)])
    d = _distance(st, profile, ref)
    size = min(MAX_CALIBRATION, max(MIN_CALIBRATION, round(st.words / 20) * 20))
    others = [_distance(p.stats, profile, ref) for p in ref.sized(size) if not _related(profile, p.voice, pool)]
    farther = sum(1.0 if o > d else 0.5 if o == d else 0.0 for o in others)
    percentile = 100.0 * farther / len(others) if others else 100.0
    distances = {name: (d if name == profile.name else _distance(st, p, ref)) for name, p in sorted(pool.items())}
    closest = min(distances, key=lambda n: (distances[n], n))
    unrelated = [n for n in distances if not _related(profile, n, pool)]
    return VoiceScore(distance=d, percentile=percentile, closest_voice=closest, distances=distances,
                      compared=len(others), own=_related(profile, closest, pool),
                      rank=1 + sum(1 for n in unrelated if distances[n] < d), voices=1 + len(unrelated))


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def verdict(score: VoiceScore, voice: str) -> str:
    """How close a text came to `voice`, in a writer's words. Every surface says it this way, from
    the same score (`judge_post`). When another voice is closer the percentile is not quoted: "closer
    to k than 100% of passages" beside "reads more like mogi" read as a contradiction."""
    if not score.own:
        return (f"reads more like {score.closest_voice} than like {voice}: of {score.voices} voices, "
                f"{voice} is only the {_ordinal(score.rank)} closest")
    share = f"closer to {voice} than {score.percentile:.0f}% of passages by other voices"
    if score.percentile >= 90:
        return f"reads like {voice}: {share}"
    if score.percentile >= 50:
        return f"reads somewhat like {voice}: {share}"
    return f"reads only a little like {voice}: {share}"


FEATURE_NAMES = {"sentence_mean": "average sentence", "sentence_sd": "sentence-length spread",
                 "word_length": "average word length", "contractions": "contractions", "i": "'I'",
                 "you": "'you'", "we": "'we'", "emoji": "emoji", "question": "questions",
                 "exclamation": "exclamation marks", "dash": "dashes", "parenthesis": "parentheses",
                 "ellipsis": "ellipses", "semicolon": "semicolons", "colon": "colons", "comma": "commas"}


def gaps(text: str | TextStats, profile: Profile, ref: Reference | None = None, n: int = 3) -> list[str]:
    """The n features where the text differs most from the voice, in words (for reports)."""
    st = _stats(text)
    ref = ref or reference(_with(profile))
    mine, theirs = st.features(), profile.fingerprint.features
    ranked = sorted(FEATURES, key=lambda f: (-abs(mine[f] - theirs.get(f, 0.0)) / ref.features[f][1], f))
    out = []
    for f in ranked[:n]:
        unit = " words" if f == "sentence_mean" else "" if f in ("sentence_sd", "word_length") else " per 1,000 words"
        out.append(f"{FEATURE_NAMES[f]}: {mine[f]:.1f}{unit} here, {theirs.get(f, 0.0):.1f} in the voice")
    return out


def text_stats(text: str) -> TextStats:
    """Stats of a passage given as plain text or simple Markdown (blank-line paragraphs)."""
    return stats([(p.kind, p.text) for p in parse_markdown(text)])


def post_prose(markdown: str | ParsedMarkdown) -> str:
    """The text a post's voice is judged on: its intro, sections and wrap-up (paragraphs, lists and
    quotes). Not the front matter, title, headings, TL;DR, a closing References list (it quotes the
    notes in their own case and punctuation) or code. Plain text is one long intro."""
    doc = markdown if isinstance(markdown, ParsedMarkdown) else parse_post(markdown)
    return "\n\n".join(p.text for b in doc.prose_blocks() for p in b.paragraphs if p.kind in ("para", "list", "quote"))


@dataclass
class VoiceVerdict:
    """The one voice verdict on a post: what the gate, `voice score`, the web page and `write --json` say."""

    voice: str
    score: VoiceScore
    passed: bool  # closest to its own voice and percentile >= minimum
    value: float  # 0..1: percentile / 100, or (another voice closer) the share of other voices farther than this one
    sentence: str  # `verdict`
    differences: list[str]  # `gaps`
    minimum: float
    words: int  # of prose scored

    def to_dict(self) -> dict:
        return {**self.score.to_dict(), "voice": self.voice, "passed": self.passed, "score": round(self.value, 4),
                "verdict": self.sentence, "differences": self.differences, "min_percentile": self.minimum,
                "words": self.words}


def judge(prose: str, profile: Profile, minimum: float = 50.0, n_gaps: int = 3) -> VoiceVerdict:
    """Score prose (already cut to what counts: see `judge_post`) against `profile` and word it."""
    st = _stats(prose)
    score = voice_score(st, profile)
    passed = score.own and score.percentile >= minimum
    others = score.voices - 1
    value = score.percentile / 100 if score.own else (score.voices - score.rank) / others if others else 0.0
    return VoiceVerdict(profile.name, score, passed, value, verdict(score, profile.name),
                        gaps(st, profile, n=n_gaps), minimum, st.words)


def post_voice(markdown: str) -> str:
    """The voice a post says it was written in (`voice:` in its front matter), or ""."""
    value = parse_front_matter(markdown).data.get("voice")
    return value.strip() if isinstance(value, str) else ""


def judge_post(markdown: str | ParsedMarkdown, profile: Profile, minimum: float = 50.0, n_gaps: int = 3) -> VoiceVerdict:
    """The voice verdict on a post (Markdown, with or without front matter): `judge` of `post_prose`."""
    return judge(post_prose(markdown), profile, minimum, n_gaps)
