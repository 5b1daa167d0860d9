"""Lines about the post in finished posts: the stop-31 editor's "meta" rule as a pattern, counted.

    python -m bench.meta_lines bench/results/meta32/notes-before bench/results/meta32/notes-after ...

Stop 31's strict editor labelled "This post is about ...", the TL;DR's "This post also covers ..." and
"That is X in short." meta (talk about the text). This counts, per folder of posts (`*.md`), the
TL;DR and body sentences (title and References left out, as `bench.truth` splits them) that match
those lines or their kin ("In short, this post covered ...", "That is the short version of ...",
"... is worth reading about.", "this example/summary/article"), and the plain-expert sign-off
"Start small, measure, and keep what works." (stop 31: in 8 posts), and lists each one. A pattern, not
a reading: a sentence it misses is not counted (the labels in `LABELS.md` files are the reading).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from bench.truth import _body_sentences

META = re.compile(r"\bthis (?:post|article|summary|example|guide)\b|\bin short\W*$|^\W*in short\b|"
                  r"\bthe short version of\b|\bworth (?:reading|learning|knowing) about\W*$", re.I)
CANNED = "start small, measure, and keep what works"


def count(folder: Path) -> dict[str, object]:
    posts = sorted(folder.glob("*.md"))
    rows = [(md.stem, where, s) for md in posts for where, s in _body_sentences(md.read_text(encoding="utf-8"))
            if where != "title"]
    meta = [(b, w, s) for b, w, s in rows if META.search(s)]
    canned = [(b, w, s) for b, w, s in rows if CANNED in s.lower()]
    return {"folder": str(folder), "posts": len(posts), "sentences": len(rows), "meta": meta, "canned": canned}


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("folders", nargs="+")
    args = p.parse_args(argv)
    print("| posts | folder | sentences | meta (pattern) | canned sign-off |\n|---|---|---|---|---|")
    found = [count(Path(f)) for f in args.folders]
    for r in found:
        print(f"| {r['posts']} | {r['folder']} | {r['sentences']} | {len(r['meta'])} | {len(r['canned'])} |")
    for r in found:
        for brief, where, s in r["meta"]:
            print(f"- meta, {r['folder']}, {brief} ({where}): {s}", file=sys.stderr)


if __name__ == "__main__":
    main()
