"""Pure text clean-up applied to every model output before it enters a post.

Small models wrap answers in meta-talk ("Here's a revised version"), leak chat-template tokens,
echo the prompt's labels, add headings or lists when asked for prose, repeat sentences and stop
mid-sentence. Each function here removes one of those, deterministically.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from blogwright.checks import GateConfig, rep_n
from blogwright.checks.leaks import SOURCE_TALK, instruction_echo
from blogwright.checks.prose import ngrams as word_ngrams
from blogwright.text import english
from blogwright.text.sentences import SENTENCE_END, split_sentences
from blogwright.text.tokens import STOPWORDS, key, tokens
from blogwright.text.verdict import verdict

CHAT_TOKENS = re.compile(
    r"<\|im_(?:start|end)\|>(?:[ \t]*(?:system|user|assistant)\b)?|<\|[a-z_]+\|>|<\/?s>|\[/?INST\]|<<\/?SYS>>"
    r"|^\s*(?:system|user|assistant)\s*:?\s*$",
    re.IGNORECASE | re.MULTILINE,
)
META = re.compile(
    r"(?:^|(?<=[.!?] ))(?:sure|certainly|of course|absolutely|okay)\b[^.!?\n]{0,40}[.!?:]\s*"
    r"|\b(?:here(?:'s| is| are)\b[^.!?\n]*?(?:version|paragraph|post|title|section|summary|introduction|conclusion|draft|revised|rewrite|headings?)[^.!?:\n]*[.!?:]?)"
    r"|\bI(?:'m| am) (?:glad|happy) to help[^.!?\n]*[.!?]?"
    r"|\bI (?:made|have made|hope) [^.!?\n]*(?:changes|helps|edits)[^.!?\n]*[.!?]?"
    r"|\bAs an AI(?: language model)?[^.!?\n]*[.!?,]?"
    r"|\bLet me know if[^.!?\n]*[.!?]?"
    r"|(?:^|(?<=[.!?] ))(?:that'?s|this is|what) an? (?:great|good|nice|excellent|interesting) (?:answer|summary|question|"
    r"point|explanation|request)\b[^.!?\n]*[.!?]?"
    r"|\bI'?ll (?:give|try|write) you (?:another|a better|a new) (?:one|answer|version)\b[^.!?\n]*[.!?]?"
    r"|\b(?:Topic|Point to explain|Write \d+ words explaining|Use these facts|Do not repeat|Plain sentences|Summary|Title|Paragraph|Answer|Response|Output)\s*:"
    r"|\bin (?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a few) (?:short |plain )*(?:sentences|words)\s*:\s*",
    re.IGNORECASE,
)


def strip_chat_tokens(text: str) -> str:
    return CHAT_TOKENS.sub("", text)


def strip_meta(text: str) -> str:
    """Meta-talk removed; a sentence that talks about the prompt's material ("as outlined in the context
    provided") is cut whole: what is left of it would not be a sentence."""
    text = META.sub("", text)
    if not SOURCE_TALK.search(text):
        return text
    return "\n\n".join(" ".join(s for s in split_sentences(para) if not SOURCE_TALK.search(s))
                       for para in re.split(r"\n\s*\n", text))


def strip_markup(text: str) -> str:
    """Headings, list markers, emphasis markers and quotes around the whole answer."""
    lines = []
    for line in text.splitlines():
        s = line.strip()
        if re.match(r"^#{1,6}\s", s):
            continue  # headings come from the outline, never from a section body
        s = re.sub(r"^(?:[-*+•]|\d+[.)])\s+", "", s)
        s = re.sub(r"\*\*(.+?)\*\*|__(.+?)__", lambda m: m.group(1) or m.group(2), s)
        lines.append(s)
    out = "\n".join(lines).strip()
    if len(out) > 1 and out[0] in "\"'“" and out[-1] in "\"'”":
        out = out[1:-1].strip()
    return out




LABEL = re.compile(r"^[\w\s'()-]{0,40}:\s*(?:\d+\.?|[A-Z]?)\s*$|^\W*\d+\W*$")


# A shouted label the small model puts before a sentence ("LIMITED: The practice of ...", "ALSO AS ANOTHER
# EXAMPLE: A common ...", "ML OPS: When you ..."), seen in `make post` posts: the label goes, the sentence stays
# (one word only when it is no acronym: "SQL: It is a language." keeps what "It" points to)
CAPS_LABEL = re.compile(r"^(?:[A-Z]{6,}|[A-Z][A-Z0-9'&-]*(?: [A-Z0-9'&-]+){1,5}):\s+(?=[A-Z\"'“(])")


def is_fragment(sentence: str) -> bool:
    """Label-like debris ("LIMITED: 2.", "Step 3:") or too short to be a sentence."""
    words = sentence.split()
    if re.match(r"^[^:.!?]{1,48}:\s*\d+\.?$", sentence.strip()):
        return True  # "LIMITED OF THE WORLD: 3." - a list label with its number
    if len(words) < 3 and not SENTENCE_END.search(sentence):
        return True
    if len(words) <= 4 and (LABEL.match(sentence.rstrip(".")) or sentence.rstrip(".").endswith(":")):
        return True
    return bool(re.match(r"^[A-Z][A-Z-]{3,}\s*:", sentence)) and len(words) <= 3


def verbless(sentence: str) -> bool:
    """No finite verb and no instruction to the reader: "The key differences between LLM Ops (running large
    language models in production) and ML Ops (running machine learning models in production)." (stop 32's
    make-post, in its TL;DR and body). The one sentence-role check of the TL;DR (`summarize.central_summary`,
    which takes no instruction either) and of a body an untrusted model wrote (`truth.settle`). False
    without spaCy."""
    core = LIST_MARK.sub("", sentence)  # "2. Use a compost bin." is an instruction, not a fragment
    return not english.has_finite_verb(core) and not english.imperative(core)


LIST_MARK = re.compile(r"^\s*(?:\d{1,2}[.)]|[-*\u2022])\s+")
ITEM_NUMBER = re.compile(r"^\s*\d{1,2}[.)]\s+(?=[A-Z\"'“(])")


def list_number(sentence: str) -> str:
    """A sentence of prose without the list number it opens with: the model's "1. Performance: ..." lost its
    "1." with the line's list marker (`strip_markup`), and "... like Amazon. 2. Cost: ..." kept a "2." in the
    middle of the paragraph (stop 34's make-post post). Prose has no list items; "2.5 GB" is no list number."""
    return ITEM_NUMBER.sub("", sentence)


def verbless_ahead(sentences: Iterable[str]) -> None:
    """Parse in one batch what `verbless` reads first of each of `sentences` (`english.parse_ahead`:
    about a third less CPU than a parse per sentence; issue 28)."""
    english.parse_ahead(LIST_MARK.sub("", s) for s in sentences)


def named_subject(sentence: str, terms: Iterable[str]) -> str:
    """`sentence` without an article before a named term as its subject ("A LLM Ops is a way ..." -> "LLM
    Ops is a way ...", "The ML Ops is ..."): a name takes none. `terms`: the topic's names as it spells them."""
    for term in terms:
        sentence = re.sub(rf"\b(?:an?|the)\s+({re.escape(term)})(?=\s+(?:is|are|was|were|has|have|can|does|means)\b)",
                          r"\1", sentence, flags=re.I)
        sentence = sentence[:1].upper() + sentence[1:]
    return sentence


def dedupe_sentences(sentences: list[str], seen: set[str] | None = None,
                     key_of: Callable[[str], str] = key) -> list[str]:
    """Drop sentences already said (here or in `seen`), compared by `key_of` (default: without case and
    punctuation)."""
    seen = seen if seen is not None else set()
    out = []
    for s in sentences:
        k = key_of(s)
        if k and k not in seen:
            seen.add(k)
            out.append(s)
    return out


def drop_unfinished(sentences: list[str]) -> list[str]:
    """Remove a trailing sentence that does not end with terminal punctuation."""
    while sentences and not SENTENCE_END.search(sentences[-1]):
        sentences = sentences[:-1]
    return sentences


def clean_prose(text: str, seen: set[str] | None = None, keywords: Sequence[str] = ()) -> str:
    """All of the above, for a paragraph of prose, and no instruction of our prompts echoed back
    ("Mention sqlite.", "Keep it under 100 words."; `checks.leaks.instruction_echo`, given the brief's
    `keywords`). Returns '' when nothing usable is left."""
    text = strip_markup(strip_meta(strip_chat_tokens(text)))
    sentences = [CAPS_LABEL.sub("", list_number(s)) for s in split_sentences(text)]
    sentences = [s for s in sentences if not is_fragment(s) and not instruction_echo(s, keywords) and not verdict(s)]
    sentences = drop_unfinished(dedupe_sentences(sentences, seen))
    return " ".join(sentences)


def drop_verdicts(text: str) -> str:
    """`text` without its verdict lines ("This is a joke, newbie.", "That's true."; `text.verdict`): a
    line that only judges the sentence before it says a fact is false, or vouches for it unchecked.
    Lines without one (lists, code, tables) are left exactly as they were."""
    out = []
    for line in text.split("\n"):
        sentences = split_sentences(line) if not line.startswith(("    ", "```", "|")) else []
        kept = [x for x in sentences if not verdict(x)]
        out.append(line if len(kept) == len(sentences) else " ".join(kept))
    return "\n".join(out)


def trim_to_words(text: str, max_words: int) -> str:
    """Keep whole sentences while they fit in `max_words` (always at least one sentence)."""
    out: list[str] = []
    n = 0
    for s in split_sentences(text):
        w = len(s.split())
        if out and n + w > max_words:
            break
        out.append(s)
        n += w
    return " ".join(out)


def clean_line(text: str) -> str:
    """A one-line answer (title, heading): first non-empty line, no quotes, labels or trailing dot."""
    text = strip_meta(strip_chat_tokens(text))
    for line in text.splitlines():
        s = re.sub(r"^(?:[-*+•#]+|\d+[.)])\s*", "", line.strip())
        s = re.sub(r"^(?:title|heading)\s*[:\-]\s*", "", s, flags=re.IGNORECASE)
        s = s.strip().strip("\"'“”*_").strip()
        s = re.sub(r"[.:;,]+$", "", s).strip()
        if s:
            return s
    return ""


def trim_paragraphs(paragraphs: list[str], max_words: int) -> list[str]:
    """Keep paragraphs, then whole sentences of the last one, while they fit in `max_words`."""
    out: list[str] = []
    n = 0
    for para in paragraphs:
        w = len(para.split())
        if n + w <= max_words:
            out.append(para)
            n += w
            continue
        rest = trim_to_words(para, max_words - n) if max_words - n >= 3 else ""
        if rest and len(rest.split()) <= max_words - n:
            out.append(rest)
        break
    return out or paragraphs[:1]


def is_shouting(text: str, share: float = 0.25) -> bool:
    """More than `share` of the words (3+ letters) in capitals: a small model's glitch, not prose."""
    words = re.findall(r"[^\W\d_]{3,}", text)
    return len(words) >= 4 and sum(w.isupper() for w in words) / len(words) > share


# Repeated phrasing. A small model answers every paragraph prompt with the same frame ("LLM Ops is
# the practice of running large language models in production, while ...") and the post fails the
# repetition gate (rep-4 > 0.15) although no sentence repeats exactly. Measured on the bundled model
# (`make post`, seed 0): the seven sentences that made its rep-4 0.20 each had 39-91% of their
# word 4-grams already in the post; no other sentence had more than 33%. A drafted paragraph loses
# the clear restatements (half or more, `drop_rephrased`); the post-level pass (`thin_repeats`)
# weighs the rest against the gate, and the top-up refuses a paragraph that would break the budget.
GRAM = 4
REPEAT_SHARE = 0.5  # a sentence with this share of its 4-grams already said is a repeat
MIN_REPEATED = 3  # ... and at least this many of them (a short sentence may share one phrase)
FRAME_WORDS = 4  # a sentence's frame: its first words, the topic's own words masked
FRAME_LIMIT = 2  # sentences one frame may open ("LLM Ops is the ...", "ML Ops is the ..."); more repeat
GATE_REP4 = GateConfig.model_fields["max_rep4"].default  # the gate's default rep-4 limit (callers pass the run's)
REP4_BUDGET = 0.8  # of the gate's rep-4 limit: the post's rep-4 is kept below it
MAX_THIN = 0.25  # of a post's words: the most the post-level pass drops (the top-up writes them again)


# Sentences that lean on the one before them ("This technology ...", "It keeps ..."): they cannot move
# first (openers.py), and the sentence before them is not dropped alone.
LEANS = frozenset("""this that these those it its they them their he she his her but and so also however then
    still yet instead even plus or both such another other here there which""".split())


def leans(sentence: str) -> bool:
    """The sentence opens with a word that points back at the one before it."""
    first = tokens(sentence)[:1]
    return bool(first) and first[0] in LEANS


def ngrams(words: list[str], n: int = GRAM) -> list[tuple[str, ...]]:
    return word_ngrams(words, n)  # the gates' n-grams (checks.prose), 4 by default here


def said_grams(sentences: Iterable[str]) -> set[tuple[str, ...]]:
    """The 4-grams of sentences already in the post (texts or `seen` keys alike)."""
    out: set[tuple[str, ...]] = set()
    for s in sentences:
        out.update(ngrams(tokens(s)))
    return out


def repeated_grams(sentence: str, said: set[tuple[str, ...]]) -> tuple[int, int]:
    """(4-grams of `sentence` already in `said`, all its 4-grams)."""
    grams = ngrams(tokens(sentence))
    return sum(g in said for g in grams), len(grams)


def is_rephrase(sentence: str, said: set[tuple[str, ...]], share: float = REPEAT_SHARE) -> bool:
    """Half (`share`) of the sentence's 4-grams, and at least MIN_REPEATED, were said before."""
    hit, total = repeated_grams(sentence, said)
    return hit >= MIN_REPEATED and hit >= share * total


def subject_words(*texts: str) -> frozenset[str]:
    """The words a frame masks: the topic's words that are not stop words ("llm", "ops", "ml")."""
    return frozenset(w for t in texts for w in tokens(t) if w not in STOPWORDS and len(w) > 1)


def frame(sentence: str, subject: frozenset[str] = frozenset()) -> str:
    """The sentence's first FRAME_WORDS words with the subject's words masked as one "x": "LLM Ops is
    a powerful tool" and "ML Ops is a powerful tool" share the frame "x is a powerful" ('' when the
    sentence is shorter)."""
    out: list[str] = []
    for w in tokens(sentence):
        w = "x" if w in subject else w
        if not (w == "x" and out and out[-1] == "x"):
            out.append(w)
        if len(out) == FRAME_WORDS:
            return " ".join(out)
    return ""


def frame_counts(sentences: Iterable[str], subject: frozenset[str] = frozenset()) -> Counter[str]:
    return Counter(f for f in (frame(s, subject) for s in sentences) if f and "x" in f.split())


def drop_rephrased(text: str, seen: Iterable[str], subject: frozenset[str] = frozenset(),
                   keep: float = 0.5) -> tuple[str, list[str]]:
    """(text, dropped sentences): a sentence goes when it mostly repeats phrases the post already has
    (`seen`: its sentences or their keys; earlier sentences of `text` count too), or when its frame
    around the subject ("x is the practice") already opened FRAME_LIMIT sentences; a sentence leaning
    on a dropped one ("It ...", "This ...") goes with it. When that would leave less than `keep` of
    the words, nothing goes: a paragraph that is mostly a repeat is the post-level pass's to weigh
    (`thin_repeats`), and a shorter one would cost the post its length."""
    seen = list(seen)
    said = said_grams(seen)
    frames = frame_counts(seen, subject)
    kept: list[str] = []
    dropped: list[str] = []
    last_dropped = False
    for s in split_sentences(text):
        f = frame(s, subject)
        if is_rephrase(s, said) or (f and frames[f] >= FRAME_LIMIT) or (last_dropped and leans(s)):
            dropped.append(s)  # a sentence leaning on a dropped one goes with it
            last_dropped = True
            continue
        last_dropped = False
        kept.append(s)
        said.update(ngrams(tokens(s)))
        if f and "x" in f.split():
            frames[f] += 1
    if dropped and len(" ".join(kept).split()) < keep * len(text.split()):
        return text, []
    return " ".join(kept), dropped


def rep4(paragraphs: Iterable[str]) -> float:
    """The repetition gate's rep-4 of these paragraphs (`checks.rep_n`, the gate's own measure)."""
    return rep_n("\n\n".join(paragraphs), GRAM)


def thin_repeats(paragraphs: list[list[str]], budget: float = REP4_BUDGET * GATE_REP4,
                 protected: frozenset[tuple[int, int]] = frozenset(), parts: list[int] | None = None,
                 max_cut: float = MAX_THIN, reach: float = 1.0) -> tuple[list[list[str]], list[str]]:
    """(paragraphs, dropped): while the text's rep-4 is above `budget`, drop the sentence with the
    most 4-grams said earlier in the text (a later copy, never the first), at least MIN_REPEATED of
    them, and never a `protected` (paragraph, sentence) one nor one the next sentence leans on. A
    paragraph's last sentence may go only when another paragraph of its part (`parts[i]`: the part of
    paragraph i) keeps some text; an emptied paragraph stays in the result as []. At most `max_cut`
    of the words go: the top-up has to write them again. When that cannot bring rep-4 down to `reach` (the gate's limit: a loop, not
    a frame), nothing goes: the words would be lost and the gate fail anyway. Pure; paragraphs are
    lists of sentences."""
    paras = [list(p) for p in paragraphs]
    parts = parts if parts is not None else list(range(len(paras)))
    ids = [[(i, j) for j in range(len(p))] for i, p in enumerate(paras)]  # original positions, for `protected`
    allowance = max_cut * sum(len(s.split()) for p in paras for s in p)
    dropped: list[str] = []
    while rep4(" ".join(p) for p in paras if p) > budget:
        alive = Counter(parts[i] for i, p in enumerate(paras) if p)
        said: set[tuple[str, ...]] = set()
        best: tuple[int, float, int, int] | None = None
        for i, p in enumerate(paras):
            for j, s in enumerate(p):
                hit, total = repeated_grams(s, said)
                said.update(ngrams(tokens(s)))
                orphans = j + 1 < len(p) and leans(p[j + 1])  # "This technology ..." would lose its subject
                if (len(p) > 1 or alive[parts[i]] > 1) and ids[i][j] not in protected and hit >= MIN_REPEATED \
                        and not orphans and len(s.split()) <= allowance \
                        and (best is None or (hit, hit / total) > best[:2]):
                    best = (hit, hit / total, i, j)
        if best is None:
            break
        _, _, i, j = best
        dropped.append(paras[i].pop(j))
        ids[i].pop(j)
        allowance -= len(dropped[-1].split())
    if dropped and rep4(" ".join(p) for p in paras if p) > reach:
        return [list(p) for p in paragraphs], []
    return paras, dropped
