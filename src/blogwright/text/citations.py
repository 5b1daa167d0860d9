"""Citations that go somewhere: a bare `[2]` in a post that ends with a `## References` list becomes
the link `[[2]](#references)`. Every renderer gives that heading the id `references` (Hugo's and
Jekyll's automatic heading ids do; `text.markdown.to_html` does for the HTML export, WordPress and the
web page), so the marker is a link wherever the post is read. Code spans, code blocks, links already
made and numbers past the list's length are left alone; linking twice changes nothing.
"""

from __future__ import annotations

import re

ANCHOR = "references"
_REFS = re.compile(r"^#{2,3}[ \t]+References[ \t]*#*[ \t]*$", re.M | re.I)
_ITEM = re.compile(r"^\s*(\d{1,3})[.)]\s+\S", re.M)
_FENCE = re.compile(r"^(?:```|~~~)[^\n]*\n.*?^(?:```|~~~)[ \t]*$", re.M | re.S)
_CODE = re.compile(r"`[^`\n]{0,2000}`")
# a citation marker as the pipeline writes it or as it is rendered: " [2]", " [1, 2]", " [[2]](#references)"
MARKER = re.compile(r"\s*\[\[?\d+(?:,\s*\d+)*\]?\](?:\(#[\w-]+\))?")
_MARK = re.compile(r"(?<![\[\w])\[(\d{1,3})\](?![(\[:])")


def strip_markers(text: str) -> str:
    """`text` without its citation markers (`MARKER`), e.g. before a summary is made from it."""
    return MARKER.sub("", text)


def reference_count(md: str) -> int:
    """How many numbered items the `## References` list has (0 when there is none)."""
    m = _REFS.search(md)
    if not m:
        return 0
    rest = md[m.end():]
    nxt = re.search(r"^#{1,3}[ \t]", rest, re.M)
    return len(_ITEM.findall(rest[:nxt.start()] if nxt else rest))


def link_citations(md: str, count: int | None = None) -> str:
    """`md` with each bare `[n]` (1 <= n <= the References list's length, or `count`) linked to the list."""
    n_refs = reference_count(md) if count is None else count
    if n_refs <= 0:
        return md
    cut = _REFS.search(md)
    body, refs = (md[:cut.start()], md[cut.start():]) if cut else (md, "")
    keep: list[str] = []

    def hold(m: re.Match) -> str:
        keep.append(m.group(0))
        return f"\x00{len(keep) - 1}\x00"

    body = _CODE.sub(hold, _FENCE.sub(hold, body))
    body = _MARK.sub(lambda m: f"[[{m.group(1)}]](#{ANCHOR})" if 1 <= int(m.group(1)) <= n_refs else m.group(0), body)
    body = re.sub(r"\x00(\d+)\x00", lambda m: keep[int(m.group(1))], body)
    return body + refs
