"""One Markdown for blogwright: markdown-it-py parses and renders, links are made safe, and one
function turns Markdown into plain prose.

- `to_html` / `inline_html`: CommonMark plus tables and strikethrough. Raw HTML in the text is
  escaped (never passed through); a link or image whose URL is not http(s), mailto, tel, ftp, a
  relative path or an anchor (javascript:, vbscript:, data:, file:, ...) loses its URL and keeps its
  text (a `data:image/...` picture is kept); a `"` in a URL is percent-encoded, so it cannot end `href`.
- `plain_text`: prose without markup (used by the gates, the voices and grounding).
- `parser()`: the shared markdown-it parser (raw HTML recognised as HTML) for the document readers.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from functools import cache, lru_cache
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

__all__ = ["to_html", "inline_html", "safe_url", "plain_text", "inline_text", "parser", "strip_tags"]

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel", "ftp", "ftps", "sftp", "irc", "ircs", "xmpp", "sms"})
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_DATA_IMAGE = re.compile(r"^data:image/(?:gif|png|jpeg|webp|avif);")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]+")


def safe_url(url: str, image: bool = False) -> bool:
    """True for URLs a published page may link to: relative ones, anchors and SAFE_SCHEMES;
    `data:image/...` only for images. Entities, %-escapes, case and hidden characters do not help
    `javascript:` through."""
    s = _INVISIBLE.sub("", unquote(html.unescape(url))).lower()
    m = _SCHEME.match(s)
    if not m:
        return True
    if m.group(1) == "data":
        return image and bool(_DATA_IMAGE.match(s))
    return m.group(1) in SAFE_SCHEMES


def _safe_links(state: StateCore) -> None:
    """Core rule: drop unsafe link targets (the link text stays) and unsafe images (the alt stays)."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        kept: list[Token] = []
        dropped: list[bool] = []
        for tok in block.children:
            if tok.type == "link_open":
                bad = not safe_url(str(tok.attrGet("href") or ""))
                dropped.append(bad)
                if bad:
                    continue
            elif tok.type == "link_close" and dropped and dropped.pop():
                continue
            elif tok.type == "image" and not safe_url(str(tok.attrGet("src") or ""), image=True):
                alt = Token("text", "", 0)
                alt.content = inline_text(tok.children or [], code=True)
                tok = alt
            kept.append(tok)
        block.children = kept


_UNCLOSED_COMMENTS = 50  # more `<!--` than this after the last `-->`: they are text, not comments


def _defuse(src: str) -> str:
    """`src` with every `<!--` that no `-->` follows written as text (`&lt;!--`) when there are
    many: markdown-it scans to the end of the text for each one (100 KB of `<!--`: minutes). They
    could not close anyway, so only an unclosed HTML block at the very end reads differently."""
    end = src.rfind("-->")
    tail = src[end + 3:] if end >= 0 else src
    if tail.count("<!--") <= _UNCLOSED_COMMENTS:
        return src
    return src[:len(src) - len(tail)] + tail.replace("<!--", "&lt;!--")


class _Bounded(MarkdownIt):
    """markdown-it whose input is `_defuse`d first (parse, parseInline, and so render too)."""

    def parse(self, src: str, env=None):  # type: ignore[override]
        return super().parse(_defuse(src), env)

    def parseInline(self, src: str, env=None):  # type: ignore[override]  # noqa: N802 - markdown-it's name
        return super().parseInline(_defuse(src), env)


def _anchor_references(state: StateCore) -> None:
    """Core rule: the `References` heading gets `id="references"`, where `[[n]](#references)` points
    (text/citations.py), as Hugo's and Jekyll's automatic heading ids give it."""
    toks = state.tokens
    for i, tok in enumerate(toks[:-1]):
        if tok.type == "heading_open" and toks[i + 1].content.strip().lower() == "references":
            tok.attrSet("id", "references")


def _build(raw_html: bool) -> MarkdownIt:
    md = _Bounded("commonmark", {"html": raw_html, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.validateLink = lambda url: True  # every link becomes a token; `_safe_links` judges them
    md.core.ruler.push("safe_links", _safe_links)
    md.core.ruler.push("anchor_references", _anchor_references)
    return md


@cache
def _renderer() -> MarkdownIt:
    return _build(raw_html=False)


@cache
def parser() -> MarkdownIt:
    """The reading parser: like the renderer, but raw HTML becomes html_block/html_inline tokens."""
    return _build(raw_html=True)


def to_html(markdown_text: str) -> str:
    """Markdown to an HTML fragment (the body of a page or of a WordPress post)."""
    return _renderer().render(markdown_text or "")


def inline_html(markdown_text: str) -> str:
    """One line of Markdown (a heading, a TL;DR) to HTML without a surrounding <p>."""
    return _renderer().renderInline(markdown_text or "").strip()


# ---- plain text -------------------------------------------------------------------------------

SHORTCODE = re.compile(r"\{\{[<%].{0,2000}?[%>]\}\}|\{%.{0,2000}?%\}", re.S)  # Hugo / Jekyll (closed within 2,000)
_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z!?][^<>]*>", re.S)
_AFTER = [
    # bounded and anchored: none rescans the rest of the text from each "[" (100 KB of "[": minutes)
    (re.compile(r"\[([^\[\]]{1,500})\]\[[^\[\]]{0,200}\]"), r"\1"),       # undefined reference links
    (re.compile(r"\[\^[^\[\]]{1,200}\]"), ""),                           # footnote refs
    (re.compile(r"\b(?:https?://|ftp://|www\.)[^\s)>\]]+"), " "),        # bare URLs
    (re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,255}\.[\w.-]{1,255}\b"), " "),  # e-mail addresses
    (re.compile(r"^[ \t]*•[ \t]+", re.M), ""),                           # "•" bullets (not Markdown)
]


def strip_tags(text: str, sep: str = " ") -> str:
    """HTML tags, comments, `<!DOCTYPE>` and `<?...?>` replaced by `sep` (a space: words stay apart).

    A regex, not nh3 (measured for issue 26 on 100 kB of tagged text and our cases): nh3.clean with
    no tags allowed takes 28 ms against 4 ms, and drops the rest of a value after a lone "<"
    ("Why <not a tag" becomes ""); it also escapes `&`, which a plain-text value must not carry."""
    return _TAG.sub(sep, text)


def inline_text(children: Sequence[Token], code: bool = False) -> str:
    """Plain text of parsed inline tokens: emphasis and links unwrapped, images to their alt text,
    inline HTML and autolinks blanked, code spans kept (`code=True`) or blanked, line breaks kept."""
    parts: list[str] = []
    autolink = False
    for tok in children:
        if autolink:
            autolink = tok.type != "link_close"
        elif tok.type == "text":
            parts.append(tok.content)
        elif tok.type == "code_inline":
            parts.append(tok.content if code else " ")
        elif tok.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif tok.type == "html_inline":
            parts.append(" ")
        elif tok.type == "image":
            parts.append(inline_text(tok.children or [], code))
        elif tok.type == "link_open" and tok.markup == "autolink":
            autolink = True
            parts.append(" ")
    text = "".join(parts)
    for pattern, repl in _AFTER:
        text = pattern.sub(repl, text)
    return text


@lru_cache(maxsize=4096)  # every gate asks for the same paragraphs' prose: parse each text once
def plain_text(markdown_text: str, code: bool = False, blocks: bool = True) -> str:
    """Prose of some Markdown without markup: no emphasis, link targets, URLs, e-mail addresses,
    HTML, shortcodes, list or quote markers or code blocks; code spans kept only with `code=True`;
    table cells joined with " ; ". Blocks end up on lines of their own. `blocks=False` reads the
    text as one run of inline Markdown (a "1. " or "# " at its start is then text, not markup)."""
    if not blocks:
        return inline_text(parser().parseInline(SHORTCODE.sub(" ", markdown_text))[0].children or [], code).strip()
    lines: list[str] = []
    row: list[str] | None = None
    for tok in parser().parse(SHORTCODE.sub(" ", markdown_text)):
        if tok.type == "tr_open":
            row = []
        elif tok.type == "tr_close" and row is not None:
            lines.append(" ; ".join(row))
            row = None
        elif tok.type == "inline":
            text = inline_text(tok.children or [], code)
            (row if row is not None else lines).append(text)
        elif tok.type == "html_block":
            lines.append(html.unescape(strip_tags(tok.content)).strip())
    return "\n".join(lines).strip()
