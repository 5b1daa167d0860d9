"""What stop 32's editor still found wrong in true posts, counted by pattern over folders of posts.

    python -m bench.truth_defects /tmp/before/truth/before /tmp/after/truth/after ...

Per folder of posts (`*.md`, title and References left out, split as `bench.truth` splits them):
- TL;DR sentences, and those the body (intro, sections, close) says word for word (markers, case,
  punctuation, a word of address and a leading connective aside: `pipeline.truth.claim_key`);
- "That is the answer." / "That is why." closes (talk about the text, stop 32's meta);
- questions in the intro (to read: is each answered by the post?);
- run-on list sentences: a body sentence with two or more colons ("Switch to AOF on live database: Enable
  AOF: ... Optionally disable RDB: ...");
- verbless body sentences that are no question (`pipeline.clean.verbless`, the TL;DR's check);
- an article before a named term of the title as a subject ("A LLM Ops is ...", `clean.named_subject`).
Each found sentence is listed on stderr, and every post's headings with `--headings`. A pattern, not a
reading: the editor's labels (`LABELS.md`) are the reading.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from bench.truth import _body_sentences
from blogwright.grounding.evidence import CONNECTIVE
from blogwright.pipeline.clean import named_subject, verbless
from blogwright.pipeline.substance import topic_expansions
from blogwright.pipeline.truth import claim_key

SHORT_CLOSE = re.compile(r"^that is (?:the answer|why)\.$", re.I)
LINK = re.compile(r"\[\[(\d+)\]\]\(#references\)")


def _key(sentence: str) -> str:
    return CONNECTIVE.sub("", claim_key(LINK.sub(r"[\1]", sentence)))


def count(folder: Path) -> dict[str, object]:
    out: dict[str, list] = {k: [] for k in ("tldr", "tldr_in_body", "short_close", "intro_questions", "run_on",
                                            "verbless", "article")}
    posts = sorted(folder.glob("*.md"))
    headings = {}
    for md in posts:
        text = md.read_text(encoding="utf-8")
        rows = _body_sentences(text)
        title = next((s for w, s in rows if w == "title"), "")
        terms = [t for t, _ in topic_expansions(title)]
        body = [(w, LINK.sub(r"[\1]", s)) for w, s in rows if w not in ("title", "tldr")]
        said = {_key(s) for _, s in body}
        for w, s in rows:
            if w == "tldr":
                out["tldr"].append((md.stem, s))
                if _key(s) in said:
                    out["tldr_in_body"].append((md.stem, s))
        for w, s in body:
            if SHORT_CLOSE.match(s.strip()):
                out["short_close"].append((md.stem, s))
            if w == "intro" and s.rstrip().endswith("?"):
                out["intro_questions"].append((md.stem, s))
            if s.count(":") >= 2:
                out["run_on"].append((md.stem, s))
            if not s.rstrip().endswith("?") and verbless(s):
                out["verbless"].append((md.stem, s))
            if terms and named_subject(s, terms) != s[:1].upper() + s[1:]:
                out["article"].append((md.stem, s))
        headings[md.stem] = re.findall(r"^## (.+)$", text, re.M)
    return {"folder": str(folder), "posts": len(posts), "found": out, "headings": headings}


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("folders", nargs="+")
    p.add_argument("--headings", action="store_true", help="list every post's headings on stderr")
    args = p.parse_args(argv)
    found = [count(Path(f)) for f in args.folders]
    print("| folder | posts | TL;DR sentences | of them in the body word for word | 'That is the answer.' | "
          "intro questions | run-on lists | verbless body sentences | 'A <Name> is' |\n|---|---|---|---|---|---|---|---|---|")
    for r in found:
        f = r["found"]
        print(f"| {r['folder']} | {r['posts']} | {len(f['tldr'])} | {len(f['tldr_in_body'])} | {len(f['short_close'])} | "
              f"{len(f['intro_questions'])} | {len(f['run_on'])} | {len(f['verbless'])} | {len(f['article'])} |")
    for r in found:
        for kind, rows in r["found"].items():
            if kind != "tldr":
                for brief, s in rows:
                    print(f"- {kind}, {r['folder']}, {brief}: {s}", file=sys.stderr)
        if args.headings:
            for brief, hs in r["headings"].items():
                print(f"- headings, {r['folder']}, {brief}: {' | '.join(hs)}", file=sys.stderr)


if __name__ == "__main__":
    main()
