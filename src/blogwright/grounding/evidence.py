"""Stricter rules for evidence a write found for itself (web research, the user's library), used on a
model that cannot be trusted with facts.

Pages found by a search were not written for this post: a sentence from one can be true on its page and
false in the post (its condition or its subject left behind), off the post's topic, or restated by a
small model with one word changed ("stash apply" for "stash push"), which the strict lexical check
accepts. So, on such a model:

- **on topic** (`topic_words`, `on_topic`): a found sentence becomes a section's fact only when it, or
  the title of its page, names one of the topic's own words (stemmed); the words every found page shares ("git", "redis") and
  everyday words do not count. "Roughly speaking, there are two important workflows: merge and patch."
  is not a fact for a post on git stash.
- **copied, not restated** (`verbatim`, `copied_only`; claims whose closest found sentence is off the
  topic are cut, never replaced by it): a claim backed by a found page counts as
  supported only when it IS one of that page's sentences word for word (case, punctuation, contractions
  and a leading connective such as "First," or "In practice," aside). A restatement is then replaced
  by the page's own sentence (rewrite mode) or cut: model-written sentences stay only where they carry
  no checkable claim.
- **notes quoted too** (`quotes_note`): a claim backed by one of the user's own notes must hold the note's
  words in order (case, punctuation, contractions and a leading connective aside) and add no word that
  names something. Restatements lost conditions and changed facts: "A thin coat of oil gives the most
  durable seasoning [3]" after the note "A thin coat of oil heated past its smoke point gives ..." (read in
  the final labelled posts); "Your home lab is ..." for "My home lab is ...", "makes me feel slower" for
  "makes me slower", "took 11 minutes" without "on my old laptop" (a newcomer's trial). Such a claim is
  unsupported, so rewrite mode puts the note itself there, or cuts it when the note is already said.
  (Not for the TL;DR: its line is made from a note by code, `explain.main_clause`, not by the model.)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import replace

from blogwright.grounding.claims import ClaimVerdict
from blogwright.grounding.sources import NOTES_ID
from blogwright.grounding.terms import stem
from blogwright.text.citations import strip_markers
from blogwright.text.sentences import SENTENCE_END
from blogwright.text.tokens import content_words

FOUND_KINDS = frozenset({"web", "library"})  # sources a write found for itself, not the user's own
SHARED_SHARE = 0.9  # a topic word on at least this share of the found pages names them all, not the topic
EVERYDAY = frozenset("""work works working use uses using used way ways find finding get getting make
    making run runs running thing things first look guide intro introduction difference differences
    what when why how does do new good best""".split())
CONNECTIVE = re.compile(r"^(?:first|second|third|next|then|finally|also|in practice|in short|for instance|"
                        r"for example|in fact|in addition|on the other hand|as a result)\s*,?\s+", re.I)
CONTRACTIONS = ((r"\bcan['’]t\b", "can not"), (r"\bwon['’]t\b", "will not"), (r"n['’]t\b", " not"),
                (r"\bcannot\b", "can not"), (r"['’]re\b", " are"), (r"['’]ll\b", " will"), (r"['’]ve\b", " have"))


# a full stop inside: more than one sentence, even where the splitter saw one ("Look at the diffs. git
# diff will show a three-way diff ..." starts its second sentence in lower case)
INNER_STOP = re.compile(r"[.!?][\"'”’)]*\s+\S")


SHELL = re.compile(r"(?:^|\s)\$\s+\S")  # a shell prompt: "$ git bisect start $ git bisect bad # ..."


def one_sentence(text: str) -> bool:
    """One whole sentence: no sentence-ending punctuation inside the text, one at its end, and no shell
    session run into it: what may stand in a post's sentence's place. A page's list item or label without a
    full stop ("Enable AOF: redis-cli config set appendonly yes") is not one: in a post it reads as a
    fragment, and run into its neighbours it was stop 32's nonsense fact."""
    text = strip_markers(text).strip()
    return bool(SENTENCE_END.search(text)) and not INNER_STOP.search(text) and not SHELL.search(text)


def _stems(text: str) -> set[str]:
    return {stem(w) for w in content_words(text)}


def topic_words(topic: str, pages: Iterable[str] = ()) -> frozenset[str]:
    """The topic's own words (stems): its content words less everyday ones, less those on at least
    SHARED_SHARE of `pages` (when there are 3 or more: "git", "redis") and less those on none of them
    (they select nothing). Empty: no topic filter can be applied. Cached: a write asks for the same
    topic over the same pages at every step that filters found sentences (stemming every page each time)."""
    return _topic_words(topic, tuple(pages))


@functools.lru_cache(maxsize=16)
def _topic_words(topic: str, pages: tuple[str, ...]) -> frozenset[str]:
    words = {stem(w) for w in content_words(topic) if w not in EVERYDAY and len(w) > 2}
    page_stems = [_stems(p) for p in pages]
    if page_stems:
        words = {w for w in words if any(w in p for p in page_stems)}
    if len(page_stems) >= 3:
        words = {w for w in words if sum(w in p for p in page_stems) < SHARED_SHARE * len(page_stems)}
    return frozenset(words)


def found_topic_words(index, topic: str) -> frozenset[str]:
    """`topic_words` of the topic over the pages in `index` (a `PassageIndex`) the write found for
    itself (web research, the library); empty when there is no topic or no such page."""
    found = [s.text for s in index.sources.values() if s.kind in FOUND_KINDS] if index is not None else []
    return topic_words(topic, found) if topic and found else frozenset()


def on_topic(sentence: str, words: AbstractSet[str], title: str = "") -> bool:
    """Does the sentence, or the title of the page it is on, name one of the topic's words? (True when
    there are none to ask for.) "The command saves your local modifications away" is on git-stash(1)."""
    title = " ".join(re.findall(r"[a-z]+", title.lower()))  # "git-stash(1)" names "stash"
    return not words or bool(words & _stems(f"{sentence} {title}"))


def _plain(text: str) -> list[str]:
    text = strip_markers(text).lower().replace("’", "'")
    for pattern, repl in CONTRACTIONS:
        text = re.sub(pattern, repl, text)
    text = CONNECTIVE.sub("", text.strip(" \"'(`*_"))
    return re.findall(r"[a-z0-9]+", text)


def verbatim(claim: str, evidence: str) -> bool:
    """Is the claim the evidence sentence word for word (case, punctuation, citation markers,
    contractions and one leading connective aside)?"""
    words = _plain(claim)
    return bool(words) and words == _plain(evidence)


LEAD_QUESTION = re.compile(r"^(?:(?![.!]\s)[^?]){1,120}\?\s+(?=\S)")  # no full stop before its "?"


def quotes_note(claim: str, note: str) -> bool:
    """Does the claim hold the note's words in order (`_plain`), adding only words that name nothing?
    A question leading it is not part of it ("What does functools.wraps do? functools.wraps copies ...":
    a note that opens in lower case is not split from its lead question)."""
    rest = LEAD_QUESTION.sub("", claim.strip(), count=1)
    c, n = _plain(rest or claim), _plain(note)
    for i in range(len(c) - len(n) + 1):
        if n and c[i:i + len(n)] == n:
            return not content_words(" ".join(c[:i] + c[i + len(n):]))
    return False


def copied_only(verdicts: list[ClaimVerdict], kinds: dict[str, str], topic: AbstractSet[str] = frozenset(),
                notes: bool = True) -> list[ClaimVerdict]:
    """Verdicts whose evidence is a found source (`kinds`: source id -> kind): off the `topic` (its own
    words, `topic_words`), unsupported with no evidence (so it is cut, never replaced by that sentence);
    supported but not a word-for-word copy, unsupported with the evidence kept (so rewrite mode can put
    the page's own sentence in its place). Whose evidence is one of the user's notes (`notes`): supported
    but not quoting it (`quotes_note`), unsupported with the note kept as evidence."""
    out = []
    for v in verdicts:
        ev = v.evidence
        if ev and ev.source_id == NOTES_ID:
            if notes and v.status == "supported" and not quotes_note(v.sentence, ev.text):
                v = replace(v, status="unsupported", reason="restates one of your notes instead of quoting it")
        elif ev and kinds.get(ev.source_id) in FOUND_KINDS:
            if not on_topic(ev.text, topic, ev.title):
                v = replace(v, status="unsupported", evidence=None, reason="its closest found sentence is off the topic")
            elif v.status == "supported" and not verbatim(v.sentence, ev.text):
                v = replace(v, status="unsupported", reason="restates a found page's sentence instead of quoting it")
        out.append(v)
    return out


def quote_found(verdicts: list[ClaimVerdict], index, topic: str = "", notes: bool = True) -> list[ClaimVerdict]:
    """`copied_only` over an index (a `PassageIndex`, or None: only the notes rule), the topic's own
    words taken against the found pages it holds."""
    if index is None:
        return copied_only(verdicts, {}, notes=notes)
    return copied_only(verdicts, {sid: s.kind for sid, s in index.sources.items()}, found_topic_words(index, topic), notes)
