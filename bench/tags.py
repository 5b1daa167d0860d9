"""Tag junk rate: the tags in the front matter of the bundled model's posts (what `make_tags` gave
when the post was written: "before") against the tags `pipeline.tags.make_tags` gives the same post
now ("after"). No model is run; takes a few seconds.

    python -m bench.tags [--posts FILE.md ...] [--out bench/results]

Posts: the pipeline posts of every bench/results/quality-*.json (each post once), plus any
`--posts` Markdown files. A tag is junk when it is
- `stop`: a function word (text.tokens.STOPWORDS),
- `template`: a word the planner's title and heading templates put on every post ("key",
  "differences", "work", "common": checks.meta_tldr.TEMPLATE_WORDS), so it says nothing of the topic,
- `verb/adj`: its head (last) word is a verb, adjective or adverb: lemminflect (a lemma and
  inflection table, independent of blogwright's word lists) knows it and gives it no noun reading
  ("dying"; an -ing word ends a multi-word tag as a noun: "rate limiting"); or a one-word tag that lemminflect reads as a noun and as a verb or adjective ("keep",
  "small", "turn"), or is a one-word -ing form ("composting"), is used in the post more often as a verb or adjective than as a noun, judged by
  its neighbours (after "to", a pronoun or a modal, before "it"/"them" or an -ing word: a verb;
  after "too"/"very"/"is" or, for a word with an adjective reading, before another noun: a
  modifier; after a determiner or preposition and not before another noun: a noun). Words
  lemminflect does not know (sqlite, llm, dns) are names, not junk,
- `duplicate`: its words' stems are a subset or superset of an earlier tag's ("difference" after
  "differences", "ops" after "llm ops"),
- `unsaid`: not in the post's title, headings or prose (by stems).
The first reason found counts. Needs `pip install lemminflect` (not a blogwright dependency).
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from bench.common import command_line, git_state, md_table, now_iso, write_json
from blogwright.checks.meta_tldr import TEMPLATE_WORDS
from blogwright.model.post import CONCLUSION_HEADING
from blogwright.pipeline.tags import choose_tags, stem_key
from blogwright.text.document import parse_markdown
from blogwright.text.tokens import STOPWORDS, TERM, stem, straight_quotes

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DETERMINERS = frozenset("a an the your my our their his her its this that these those of for with about in on "
                        "from by into without".split())
VERB_BEFORE = frozenset("to i you we they he she it can will would should must may might could don't doesn't "
                        "didn't never always often".split())
OBJECTS = frozenset("it them you me us him her".split())
MODIFIER_BEFORE = frozenset("too very so is are was were be quite more most less".split())


def lemmas(word: str) -> dict[str, Any]:
    from lemminflect import getAllLemmas  # optional: only this benchmark needs it

    return dict(getAllLemmas(word))


def uses(word: str, text: str) -> Counter[str]:
    """How the post uses `word`: counts of 'noun', 'verb' and 'modifier' contexts."""
    toks = TERM.findall(straight_quotes(text).lower())
    out: Counter[str] = Counter()
    for i, t in enumerate(toks):
        if t != word:
            continue
        prev = toks[i - 1] if i else ""
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        next_content = bool(nxt) and nxt not in STOPWORDS
        if prev in VERB_BEFORE or nxt in OBJECTS or (nxt.endswith("ing") and len(nxt) > 4):
            out["verb"] += 1
        elif prev in MODIFIER_BEFORE or next_content:
            out["modifier"] += 1
        elif prev in DETERMINERS or not next_content:
            out["noun"] += 1
    return out


def junk_reason(tag: str, earlier: list[str], text: str) -> str:
    words = TERM.findall(tag.lower())
    if not words:
        return "stop"
    if len(words) == 1 and words[0] in STOPWORDS:
        return "stop"
    if len(words) == 1 and stem(words[0]) in TEMPLATE_WORDS:
        return "template"
    head = words[-1]
    found = lemmas(head)
    gerund = head.endswith("ing") and len(head) > 5  # "rate limiting", "composting": judged by use
    if found and "NOUN" not in found and "PROPN" not in found and not gerund:
        return "verb/adj"
    if len(words) == 1 and (len(found) > 1 or gerund):  # a noun and a verb or adjective: how does the post use it?
        use = uses(head, text)
        other = use["verb"] + (use["modifier"] if "ADJ" in found else 0)
        if other > use["noun"]:
            return "verb/adj"
    key = set(stem_key(tag))
    if any(key <= set(stem_key(e)) or key >= set(stem_key(e)) for e in earlier):
        return "duplicate"
    said = [stem(w) for w in TERM.findall(straight_quotes(text).lower())]
    k = list(stem_key(tag))
    if not any(said[i:i + len(k)] == k for i in range(len(said) - len(k) + 1)):
        return "unsaid"
    return ""


def post_parts(md: str) -> dict[str, Any]:
    doc = parse_markdown(md)
    fm = doc.front_matter or {}
    headings = [h for h, _ in doc.sections if h]
    body = " ".join([doc.intro, *(t for _, t in doc.sections), doc.conclusion])
    tags = fm.get("tags") if isinstance(fm.get("tags"), list) else []
    return {"title": doc.title, "headings": [h for h in headings if h != CONCLUSION_HEADING], "body": body,
            "tags": [str(t) for t in tags]}


def judge(tags: list[str], text: str) -> list[tuple[str, str]]:
    return [(t, junk_reason(t, tags[:i], text)) for i, t in enumerate(tags)]


def collect(extra: list[str]) -> list[dict[str, Any]]:
    posts: list[dict[str, Any]] = []
    seen: set[str] = set()
    for path in sorted(RESULTS.glob("quality-*.json")):
        for row in json.loads(path.read_text()).get("rows", []):
            md = (row.get("pipeline") or {}).get("markdown")
            h = hashlib.sha1(md.encode()).hexdigest() if md else ""
            if md and h not in seen:
                seen.add(h)
                posts.append({"source": path.name, "id": row["id"], "topic": row["topic"], "md": md})
    for pattern in extra:
        for name in sorted(glob.glob(pattern)):
            md = Path(name).read_text()
            fm = parse_markdown(md).front_matter or {}
            posts.append({"source": name, "id": Path(name).stem, "topic": str(fm.get("title") or ""), "md": md})
    return posts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.tags", description=__doc__.split("\n\n")[0])
    ap.add_argument("--posts", nargs="*", default=[], help="more Markdown posts (globs)")
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    try:
        lemmas("test")
    except ImportError:
        print("bench.tags needs lemminflect: pip install lemminflect", file=sys.stderr)
        return 2
    rows = []
    totals = {"before": Counter(), "after": Counter()}
    for p in collect(args.posts):
        parts = post_parts(p["md"])
        text = " ".join([parts["title"], *parts["headings"], parts["body"]])
        after = choose_tags(p["topic"], parts["title"], parts["headings"], parts["body"])
        row: dict[str, Any] = {"source": p["source"], "id": p["id"], "topic": p["topic"]}
        for name, tags in (("before", parts["tags"]), ("after", after)):
            judged = judge(tags, text)
            row[name] = [{"tag": t, "junk": why} for t, why in judged]
            totals[name]["tags"] += len(tags)
            totals[name]["junk"] += sum(1 for _, why in judged if why)
            totals[name]["posts_with_junk"] += any(why for _, why in judged)
            totals[name]["posts"] += 1
            totals[name]["no_tags"] += not tags
            for _, why in judged:
                if why:
                    totals[name][f"junk:{why}"] += 1
        rows.append(row)
    summary = {name: dict(c) | {"junk_rate": round(c["junk"] / c["tags"], 4) if c["tags"] else 0.0}
               for name, c in totals.items()}
    result = {"command": command_line("bench.tags", argv), "date": now_iso(), "git": git_state(),
              "definition": __doc__.split("\n\n", 2)[2].strip(), "summary": summary, "rows": rows}
    args.out.mkdir(parents=True, exist_ok=True)
    write_json(args.out / "tags.json", result)
    reasons = sorted({k for c in totals.values() for k in c if k.startswith("junk:")})
    table = md_table(["", "posts", "tags", "junk", "junk rate", "posts with junk", "no tags", *reasons],
                     [[name, c["posts"], c["tags"], c["junk"], f"{summary[name]['junk_rate']:.1%}",
                       c["posts_with_junk"], c["no_tags"], *(c[r] for r in reasons)] for name, c in totals.items()])
    examples = md_table(["post", "before", "after"],
                        [[r["id"], ", ".join(t["tag"] + (f" ({t['junk']})" if t["junk"] else "") for t in r["before"]),
                          ", ".join(t["tag"] + (f" ({t['junk']})" if t["junk"] else "") for t in r["after"])]
                         for r in rows])
    (args.out / "tags.md").write_text(f"# Tag junk rate\n\n`{result['command']}` ({result['date']})\n\n"
                                      f"{result['definition']}\n\n{table}\n\n## Per post\n\n{examples}\n")
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
