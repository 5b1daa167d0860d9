"""Text helpers for the gates: Markdown inline markup to plain prose, words, n-grams, sentences."""

from __future__ import annotations

import re

from blogwright.text.markdown import plain_text as plain  # one inline stripper for every package
from blogwright.text.sentences import SENTENCE_END, split_sentences
from blogwright.text.tokens import tokens  # one word tokenizer (accented letters kept)

__all__ = ["plain", "words", "tokens", "ngrams", "sentences", "ends_sentence", "SENTENCE_END"]


def words(text: str) -> list[str]:
    """Whitespace-separated words (how blogwright counts words)."""
    return text.split()


def ngrams(toks: list[str], n: int) -> list[tuple[str, ...]]:
    return [tuple(toks[i:i + n]) for i in range(len(toks) - n + 1)]


def sentences(text: str) -> list[str]:
    """Sentences of a paragraph (blogwright's splitter), newlines treated as spaces."""
    return split_sentences(text)


_DECOR = frozenset("*_`~\"'”’)]}»")  # closing quotes, brackets and emphasis after the last word
_NOT_DECOR = frozenset(".!?…:;,\"'”’)]}»-")


def _decor(c: str) -> bool:
    """A trailing character that may follow a sentence's end: space, the closers above, or any
    symbol (emoji) that is not a letter, digit or sentence punctuation."""
    return c in _DECOR or c.isspace() or not (c.isalnum() or c == "_" or c in _NOT_DECOR)


def ends_sentence(text: str) -> bool:
    """True when the text ends like a finished sentence (., !, ?, … maybe followed by quotes,
    brackets, emphasis markers or emoji). Scans back from the end: linear in the decoration (a
    regex stripping one run per pass took 49 s on 100 KB of `*` and `_`)."""
    i = len(text)
    while i and _decor(text[i - 1]):
        i -= 1
    return bool(i) and text[i - 1] in ".!?…"


# Every repetition is bounded or anchored so that no pattern rescans the rest of the text from each
# start (100 KB of "[](" or "<!--" took minutes): code spans end within 4,000 characters, link
# targets within 1,000, an e-mail's local part is at most 64 characters and starts a word.
_MASK_PARTS = (
    r"^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\1[ \t]*$|\Z)"  # fenced code blocks
    r"|(?<!`)(`++)(?:(?!\2).){1,4000}?\2"                    # code spans
    r"|\]\((?:[^()\s]|\([^()\s]{0,200}\)){0,1000}\)"        # link targets
    r"|<(?:https?|ftp|mailto):[^>\s]+>|\b(?:https?://|ftp://|www\.)[^\s)>\]]+"  # URLs
    r"|(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,255}\.[\w.-]{1,255}\b"  # e-mail addresses
    r"|(?P<html></?[a-zA-Z][^<>\n]*>")                       # HTML tags
_MASK = re.compile(_MASK_PARTS + r"|<!--.*?-->)", re.S | re.M)  # ... and comments
_MASK_NO_COMMENT = re.compile(_MASK_PARTS + ")", re.S | re.M)


def mask(text: str, html: bool = True) -> str:
    """`text` with code, URLs, link targets and (unless `html=False`) HTML blanked out, keeping
    its length and offsets. A `<!--` after the last `-->` cannot close: that tail is masked
    without looking for comments (each unclosed `<!--` used to scan to the end of the text)."""
    def blank(m: re.Match[str]) -> str:
        if not html and m.group("html"):
            return m.group(0)
        return re.sub(r"[^\n]", " ", m.group(0))

    cut = text.rfind("-->") + 3 if "-->" in text else 0
    return _MASK.sub(blank, text[:cut]) + _MASK_NO_COMMENT.sub(blank, text[cut:])
