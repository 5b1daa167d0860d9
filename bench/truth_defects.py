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

A second table (stop 34) counts what stop 33's editor still found: intros that are only the voice's opener
(every intro sentence one of the voice's canned lines, from the post's `voice:`), template headings over a
post's facts ("What X Is", "Why X Matters", "Step by Step", "How X Works in Practice", "The Basics", "Why It
Matters", a one-word heading of the title's words: "Redis"; listed with the section's first sentence, to read: a
definition heading over a definition fits), "Wrapping Up" over nothing but cited facts, TL;DR sentences
about the post ("This post is about ..."), and sentences the `nonsense` gate finds.

A third table (stop 35) counts what stop 34's editor still found: a TL;DR sentence the intro right below says
again, notes said out of the brief's order (with `--briefs`: each cited note after a later one, by the notes'
own words), a section that opens on a sentence pointing back across its heading ("A lookup that finds any of
those bits unset ..."), a heading that names under half the cited sentences under it (three or more), the
voice's sign-off in the same paragraph as the fact under "One Last Thing", and a list number left in a paragraph
("... Amazon. 2. Cost: ...").
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from bench.truth import _body_sentences
from blogwright.checks.meta_tldr import about_the_post
from blogwright.grounding.evidence import CONNECTIVE
from blogwright.pipeline.clean import named_subject, verbless
from blogwright.pipeline.explain import _things
from blogwright.pipeline.substance import topic_expansions
from blogwright.pipeline.truth import claim_key

TEMPLATE_HEADING = re.compile(r"^(?:What .+ (?:Is|Are)|Why .+ Matters?|Step by Step|How .+ Works? in Practice|"
                              r"The Basics|Why It Matters|Common Mistakes.*|Questions People Ask)$")
SHORT_CLOSE = re.compile(r"^that is (?:the answer|why)\.$", re.I)
LINK = re.compile(r"\[\[(\d+)\]\]\(#references\)")


def _key(sentence: str) -> str:
    return CONNECTIVE.sub("", claim_key(LINK.sub(r"[\1]", sentence)))


def count(folder: Path, briefs: dict[str, list[str]] | None = None) -> dict[str, object]:
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
        for kind, rows34 in stop34(md.stem, text, rows).items():
            out.setdefault(kind, []).extend(rows34)
        for kind, rows35 in stop35(md.stem, text, rows, (briefs or {}).get(md.stem, [])).items():
            out.setdefault(kind, []).extend(rows35)
    return {"folder": str(folder), "posts": len(posts), "found": out, "headings": headings}


STOP34 = ("opener_only_intro", "template_heading", "wrap_up_fact", "tldr_about_post", "nonsense")


def stop34(stem: str, text: str, rows: list[tuple[str, str]]) -> dict[str, list]:
    """The stop-34 patterns of one post (see the module doc)."""
    from blogwright.checks.nonsense import nonsense_problems
    from blogwright.voices import load_voice

    out: dict[str, list] = {k: [] for k in STOP34}
    voice = re.search(r"^voice:\s*(\S+)", text, re.M)
    try:
        canned = [*load_voice(voice.group(1)).openers] if voice else []
    except Exception:  # a learned voice this machine does not have
        canned = []
    lines = {c.strip().rstrip(".!").lower() for c in canned}
    intro = [s for w, s in rows if w == "intro"]
    if intro and lines and all(s.strip().rstrip(".!").lower() in lines for s in intro):
        out["opener_only_intro"].append((stem, " ".join(intro)))
    title = next((s for w, s in rows if w == "title"), "")
    cited = bool(LINK.search(text))
    by_heading: dict[str, list[str]] = {}
    for w, s in rows:
        if w not in ("title", "tldr", "intro"):
            by_heading.setdefault(w, []).append(LINK.sub(r"[\1]", s))
    for heading, sentences in by_heading.items():
        if heading == "Wrapping Up" and cited and all(
                re.search(r"\[\d+\]", s) or _plain(s) in _sign_offs(voice) for s in sentences):
            out["wrap_up_fact"].append((stem, f"Wrapping Up: {sentences[0]}"))
        elif cited and heading not in ("Wrapping Up", "One Last Thing", "References") and (
                TEMPLATE_HEADING.match(heading) or (title and len(heading.split()) == 1
                                                    and not _things(heading, [title.split(":")[0]]))):
            out["template_heading"].append((stem, f"{heading}: {sentences[0]}"))
    for w, s in rows:
        if w == "tldr" and about_the_post(s):
            out["tldr_about_post"].append((stem, s))
        if w != "title" and nonsense_problems(s):
            out["nonsense"].append((stem, s))
    return out


STOP35 = ("tldr_in_intro", "out_of_order", "opens_pointing_back", "heading_under_half", "sign_off_in_last_thing",
          "list_number")
ITEM_NUMBER = re.compile(r"^\d{1,2}[.)]\s")


def stop35(stem: str, text: str, rows: list[tuple[str, str]], notes: list[str]) -> dict[str, list]:
    """The stop-35 patterns of one post (see the module doc)."""
    from blogwright.pipeline.explain import _names, note_index
    from blogwright.text import english

    out: dict[str, list] = {k: [] for k in STOP35}
    intro = {_key(s) for w, s in rows if w == "intro"}
    for w, s in rows:
        if w == "tldr" and _key(s) in intro:
            out["tldr_in_intro"].append((stem, s))
    body = [(w, LINK.sub(r"[\1]", s)) for w, s in rows if w not in ("title", "tldr")]
    if notes:
        seen = [(i, s) for _, s in body if re.search(r"\[\d+\]", s) and (i := note_index(s, notes)) is not None]
        for (a, _), (b, s) in zip(seen, seen[1:]):
            if b < a:
                out["out_of_order"].append((stem, f"note {b + 1} after note {a + 1}: {s}"))
    sections: dict[str, list[str]] = {}
    for w, s in body:
        if w != "intro":
            sections.setdefault(w, []).append(s)
    for heading, sentences in sections.items():
        cited = [s for s in sentences if re.search(r"\[\d+\]", s)]
        first = next((x for x in sentences if not x.rstrip().endswith("?")), "")  # past a lead question
        if heading not in ("One Last Thing", "Wrapping Up") and first and english.points_back(first):
            out["opens_pointing_back"].append((stem, f"{heading}: {first}"))
        if heading not in ("One Last Thing", "Wrapping Up") and len(cited) >= 3 and \
                2 * sum(_names(heading, re.sub(r"\s*\[\d+\]", "", s)) for s in cited) < len(cited):
            out["heading_under_half"].append((stem, f"{heading}: {len(cited)} cited sentences"))
    last = re.search(r"^## One Last Thing\n+(.+?)(?=\n\n|\n## |\Z)", text, re.M | re.S)
    if last and re.search(r"\[\[\d+\]\]\(#references\)\.?\s+\S", last.group(1)):
        out["sign_off_in_last_thing"].append((stem, last.group(1).strip()))
    for _, s in body:
        if ITEM_NUMBER.match(s):
            out["list_number"].append((stem, s))
    return out


def _plain(line: str) -> str:
    """A voice line as words only, contractions spelled out (the restyler writes "you'll" for "you will")."""
    line = re.sub(r"['’]ll\b", " will", line.lower())
    return " ".join(re.findall(r"[a-z0-9]+", line))


def _sign_offs(voice: re.Match[str] | None) -> set[str]:
    from blogwright.voices import load_voice

    try:
        return {_plain(x) for c in load_voice(voice.group(1)).sign_offs
                for x in re.split(r"(?<=[.!?])\s+", c)} if voice else set()
    except Exception:
        return set()


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("folders", nargs="+")
    p.add_argument("--headings", action="store_true", help="list every post's headings on stderr")
    p.add_argument("--briefs", help="the briefs file (notes posts: count notes said out of its order)")
    args = p.parse_args(argv)
    briefs = {}
    if args.briefs:
        from bench.truth import load
        briefs = {b["id"]: b.get("notes", []) for b in load(Path(args.briefs))}
    found = [count(Path(f), briefs) for f in args.folders]
    print("| folder | posts | TL;DR sentences | of them in the body word for word | 'That is the answer.' | "
          "intro questions | run-on lists | verbless body sentences | 'A <Name> is' |\n|---|---|---|---|---|---|---|---|---|")
    for r in found:
        f = r["found"]
        print(f"| {r['folder']} | {r['posts']} | {len(f['tldr'])} | {len(f['tldr_in_body'])} | {len(f['short_close'])} | "
              f"{len(f['intro_questions'])} | {len(f['run_on'])} | {len(f['verbless'])} | {len(f['article'])} |")
    print("\n| folder | intros only the voice's opener | template headings over facts | 'Wrapping Up' over only facts | "
          "TL;DR about the post | nonsense (gate) |\n|---|---|---|---|---|---|")
    for r in found:
        f = r["found"]
        print(f"| {r['folder']} | " + " | ".join(str(len(f.get(k, []))) for k in STOP34) + " |")
    print("\n| folder | TL;DR sentence the intro says again | notes out of the brief's order | section opening on a "
          "pointer back | heading naming under half its facts | sign-off inside 'One Last Thing' | list number in "
          "prose |\n|---|---|---|---|---|---|---|")
    for r in found:
        f = r["found"]
        print(f"| {r['folder']} | " + " | ".join(str(len(f.get(k, []))) for k in STOP35) + " |")
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
