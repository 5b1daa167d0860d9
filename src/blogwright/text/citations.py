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


_BARE = re.compile(r"(?<![\[\w])\[(\d{1,3}(?:,\s*\d{1,3})*)\](?![(\[:])")  # " [2]", " [1, 2]" as the pipeline writes them
_LIST_ITEM = re.compile(r"^(\d{1,3})\.(\s)", re.M)


def renumber(parts: list[str], references_md: str) -> tuple[list[str], str]:
    """`parts` (the post's prose, in reading order) and its `## References` list with the bare markers numbered in
    the order a reader meets them ([1] first, then [2], ...), the list reordered to match; a reference no marker
    names keeps its place after those. The pipeline numbers references as it checks the draft; moving a fact
    afterwards (the notes put back in their order, `pipeline.explain.notes_order`) left "[1] ... [3] ... [2]"."""
    items = {int(m.group(1)): m for m in _LIST_ITEM.finditer(references_md)}
    if not items:
        return parts, references_md
    seen: list[int] = []
    for part in parts:
        for m in _BARE.finditer(part):
            seen += [n for n in (int(x) for x in m.group(1).split(",")) if n in items and n not in seen]
    order = seen + [n for n in sorted(items) if n not in seen]
    new = {old: i + 1 for i, old in enumerate(order)}
    if all(a == b for a, b in new.items()):
        return parts, references_md

    def mark(m: re.Match) -> str:
        nums = [int(x) for x in m.group(1).split(",")]
        return "[" + ", ".join(str(new.get(n, n)) for n in nums) + "]"

    starts = sorted(m.start() for m in items.values())
    head = references_md[:starts[0]]
    spans = {int(items_at.group(1)): references_md[a:b].rstrip("\n")
             for a, b in zip(starts, [*starts[1:], len(references_md)])
             if (items_at := _LIST_ITEM.match(references_md, a))}
    tail = "\n" if references_md.endswith("\n") else ""
    out = "\n".join(_LIST_ITEM.sub(lambda m, k=k: f"{new[k]}.{m.group(2)}", spans[k], count=1) for k in order)
    return [_BARE.sub(mark, p) for p in parts], head + out + tail
