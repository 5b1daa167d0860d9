"""Notes that name their page: the file `blogwright research` prints, read back by `--notes`.

    - SQLite is a self-contained SQL database engine. [1]
    [1]: https://sqlite.org/about.html "About SQLite"

A note ending in `[n]` whose `[n]: URL "Title"` line is in the file becomes part of a `Source`
(kind "web", location URL, one paragraph per note): cited like a `--source` page, checked like
one. Notes without a page stay notes; headings and comments are dropped.
"""

from __future__ import annotations

import re

from blogwright.grounding import Source

REF_DEF = re.compile(r'^\[(\d{1,4})\]:\s*(\S+)(?:\s+"([^"]*)")?\s*$')
CITED = re.compile(r"^(.*?\S)\s*\[(\d{1,4})\]\s*[.]?$")
COMMENT = re.compile(r"^<!--.*?-->$|^<!--|-->$")


def split_cited(notes: list[str]) -> tuple[list[str], list[Source]]:
    """(plain notes, one Source per cited page) from note lines; see the module doc."""
    defs: dict[str, tuple[str, str]] = {}
    for line in notes:
        m = REF_DEF.match(line.strip())
        if m and m.group(2).lower().startswith(("http://", "https://", "/", "~", ".")):
            defs[m.group(1)] = (m.group(2), (m.group(3) or m.group(2)).strip())
    if not defs:
        return notes, []
    plain: list[str] = []
    cited: dict[str, list[str]] = {}
    for line in notes:
        s = line.strip()
        if REF_DEF.match(s) or s.startswith("#") or COMMENT.search(s):
            continue
        m = CITED.match(s)
        if m and m.group(2) in defs:
            cited.setdefault(m.group(2), []).append(m.group(1))
        else:
            plain.append(line)
    sources = [Source(id=f"n{n}", title=defs[n][1], location=defs[n][0], kind="web", text="\n\n".join(texts))
               for n, texts in sorted(cited.items(), key=lambda kv: int(kv[0]))]
    return plain, sources
