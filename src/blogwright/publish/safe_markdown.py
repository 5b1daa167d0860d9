"""Markdown that is safe to hand to a static site generator: what leaves blogwright for Hugo or
Jekyll cannot become live script in the built site.

`safe_markdown(md, target)` keeps the Markdown as written (headings, emphasis, lists, tables, code)
and changes only what a site would turn into active content:
- raw HTML (`<script>`, `<img onerror=...>`, `<iframe>`, comments) outside code is escaped
  (`<` -> `&lt;`), so the page shows it as text;
- link and image targets that are not http(s), mailto, relative or an anchor (`javascript:`,
  `vbscript:`, `data:` except images, ...; entities and %-escapes do not help) become `#`, and
  autolinks `<javascript:...>` are escaped;
- Hugo only: shortcodes (`{{< x >}}`, `{{% x %}}`, run even inside code) are written as
  `{{</* x */>}}`, which Hugo shows as written;
- Jekyll only: kramdown attribute lists and extensions (`{: onclick=...}`, `{::nomarkdown}`) are
  escaped, and Liquid (`{{ ... }}`, `{% ... %}`, which Jekyll runs even inside code) is quoted so it
  is shown, not run.
Code blocks and code spans are left alone (except Liquid, see above). `allow_html=True` (the
`publish --allow-html` flag) keeps raw HTML, shortcodes, kramdown attributes and Liquid; unsafe links are
neutralised whatever the flag says.

`strip_tags(text)`: a title, tag or description with HTML tags removed (front matter values).
"""

from __future__ import annotations

import re

from blogwright.text import markdown
from blogwright.text.markdown import parser, safe_url

__all__ = ["escape_liquid", "escape_shortcodes", "safe_markdown", "strip_tags"]

_CODE_TOKENS = ("fence", "code_block")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^<>\s]*|[^\s<>@]+@[^\s<>]+)>")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_INLINE_LINK = re.compile(r"(\]\(\s*)(<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)")
_REF_DEF = re.compile(r"^( {0,3}\[[^\]\n]+\]:[ \t]*)(<[^>\n]*>|\S+)", re.M)
_KRAMDOWN = re.compile(r"\{:")
_LIQUID = re.compile(r"\{\{|\{%")
_SHORTCODE = re.compile(r"\{\{([<%])(?!/\*)(.*?)([>%])\}\}", re.S)
def strip_tags(text: str) -> str:
    """HTML tags and comments removed from a one-line value (title, tag, description)."""
    return re.sub(r"\s{2,}", " ", markdown.strip_tags(text, "")).strip()


def escape_liquid(text: str) -> str:
    """`{{` and `{%` written so Liquid prints them instead of running them."""
    return _LIQUID.sub(lambda m: '{{ "' + m.group(0) + '" }}', text)


def escape_shortcodes(text: str) -> str:
    """Hugo shortcodes `{{< x >}}` / `{{% x %}}` written so Hugo shows them instead of running them."""
    return _SHORTCODE.sub(lambda m: "{{" + m.group(1) + "/*" + m.group(2) + "*/" + m.group(3) + "}}", text)


def _code_lines(md: str) -> set[int]:
    lines: set[int] = set()
    for tok in parser().parse(md):
        if tok.type in _CODE_TOKENS and tok.map:
            lines.update(range(tok.map[0], tok.map[1]))
    return lines


def _link_target(m: re.Match[str]) -> str:
    target = m.group(2)
    bare = target[1:-1] if target.startswith("<") and target.endswith(">") else target
    opening = m.string.rfind("[", 0, m.start())
    image = opening > 0 and m.string[opening - 1] == "!"
    return m.group(0) if safe_url(bare, image=image) else m.group(1) + "#"


def _prose(chunk: str, allow_html: bool, jekyll: bool) -> str:
    """One run of non-code lines: escape outside code spans."""
    out: list[str] = []
    pos = 0
    for m in _CODE_SPAN.finditer(chunk):
        out.append(_escape(chunk[pos:m.start()], allow_html, jekyll))
        out.append(m.group(0))
        pos = m.end()
    out.append(_escape(chunk[pos:], allow_html, jekyll))
    return "".join(out)


def _escape(text: str, allow_html: bool, jekyll: bool) -> str:
    text = _INLINE_LINK.sub(_link_target, text)
    text = _REF_DEF.sub(lambda m: m.group(0) if safe_url(m.group(2).strip("<>")) else m.group(1) + "#", text)

    def autolink(m: re.Match[str]) -> str:
        return m.group(0) if safe_url(m.group(1)) else "&lt;" + m.group(0)[1:]

    parts: list[str] = []
    pos = 0
    for m in _AUTOLINK.finditer(text):  # autolinks stay links (unless unsafe); other `<` are escaped
        parts.append(text[pos:m.start()] if allow_html else _TAG_START.sub("&lt;", text[pos:m.start()]))
        parts.append(autolink(m))
        pos = m.end()
    parts.append(text[pos:] if allow_html else _TAG_START.sub("&lt;", text[pos:]))
    text = "".join(parts)
    if jekyll and not allow_html:
        text = _KRAMDOWN.sub(r"\\{:", text)
    return text


def safe_markdown(md: str, target: str = "hugo", allow_html: bool = False) -> str:
    """`md` with raw HTML escaped and unsafe links neutralised (see the module doc)."""
    jekyll = target == "jekyll"
    lines = md.split("\n")
    code = _code_lines(md)
    out: list[str] = []
    run: list[str] = []
    for i, line in enumerate(lines):
        if i in code:
            if run:
                out.append(_prose("\n".join(run), allow_html, jekyll))
                run = []
            out.append(line)
        else:
            run.append(line)
    if run:
        out.append(_prose("\n".join(run), allow_html, jekyll))
    text = "\n".join(out)
    if not allow_html:
        text = escape_liquid(text) if jekyll else escape_shortcodes(text)
    return text
