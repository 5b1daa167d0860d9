"""Pure text clean-up applied to every model output before it enters a post.

Small models wrap answers in meta-talk ("Here's a revised version"), leak chat-template tokens,
echo the prompt's labels, add headings or lists when asked for prose, repeat sentences and stop
mid-sentence. Each function here removes one of those, deterministically.
"""

from __future__ import annotations

import re

from blogwright.text.sentences import SENTENCE_END, split_sentences
from blogwright.text.tokens import key

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
    r"|\b(?:Topic|Point to explain|Write \d+ words explaining|Use these facts|Do not repeat|Plain sentences|Summary|Title|Paragraph|Answer|Response|Output)\s*:",
    re.IGNORECASE,
)


def strip_chat_tokens(text: str) -> str:
    return CHAT_TOKENS.sub("", text)


def strip_meta(text: str) -> str:
    return META.sub("", text)


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


def dedupe_sentences(sentences: list[str], seen: set[str] | None = None) -> list[str]:
    """Drop sentences already said (here or in `seen`), compared without case and punctuation."""
    seen = seen if seen is not None else set()
    out = []
    for s in sentences:
        k = key(s)
        if k and k not in seen:
            seen.add(k)
            out.append(s)
    return out


def drop_unfinished(sentences: list[str]) -> list[str]:
    """Remove a trailing sentence that does not end with terminal punctuation."""
    while sentences and not SENTENCE_END.search(sentences[-1]):
        sentences = sentences[:-1]
    return sentences


def clean_prose(text: str, seen: set[str] | None = None) -> str:
    """All of the above, for a paragraph of prose. Returns '' when nothing usable is left."""
    text = strip_markup(strip_meta(strip_chat_tokens(text)))
    sentences = [s for s in split_sentences(text) if not is_fragment(s)]
    sentences = drop_unfinished(dedupe_sentences(sentences, seen))
    return " ".join(sentences)


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
