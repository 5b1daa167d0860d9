"""Does a post built on the writer's notes sound like the writer? (issue 24, newcomer round 2, items 1-2)

On the bundled model a post with notes is the notes, word for word and cited, plus lines that carry no
claim; the voice can only live in those lines and in the form. For a learned lowercase writer (`k`:
`bench/voice-notes/k-posts`, three short posts by the newcomer of round 2, all lower case, "look,",
asides, semicolons, signed "— k.") and a real writer (`mogi83`, bench/voice-writers/mogi83/learn),
this writes the newcomer's posts on the bundled model (two notes posts and one without notes in k's
voice, one notes post in mogi83's) and counts per post:
- the share of sentences (TL;DR, intro, sections, close) and of headings that start in lower case;
- whether the writer's sign-off is there, and alone in the last paragraph;
- questions per 1,000 words against the writer's own rate;
- lines about the post ("X is worth reading about.", "That is X in short.", "This post also covers X.");
- whether each of the writer's notes is still in the post word for word (case aside);
- `voice score` (distance, percentile, nearest voice) and the voice gate's line.
Run on any tree with --src (before/after), same seed:

    git archive main src | tar -x -C /tmp/vn-main
    python -m bench.voice_notes --src /tmp/vn-main/src --label before
    python -m bench.voice_notes --label after
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from pathlib import Path
from typing import Any

from bench.common import command_line, git_state, log, md_table, now_iso, write_json
from bench.voice import Tree

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "voice-notes"
POSTS = [("k-notebook", "k", "Why I keep a paper notebook at work", "notes-notebook.txt", 400),
         ("k-desktop", "k", "Why I moved from a laptop to a desktop", "notes-desktop.txt", 500),
         ("k-no-notes", "k", "Why I keep a paper notebook at work", "", 300),
         ("mogi83-homelab", "mogi83", "What I learned running a home lab", "notes-homelab.txt", 400)]
ABOUT_POST = re.compile(r"\bworth\s(?:reading|learning|knowing)\sabout\b|^\W*(?:this post is about\b|(?:in short, )?"
                        r"this post (?:also )?cover(?:s|ed)\b|that(?: is|'s) the short version of\b|that(?: is|'s) .{1,200}? in short\b)",
                        re.I)
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=\S)")


def _body(md: str) -> str:
    if md.startswith("---"):
        md = md.split("\n---\n", 1)[1]
    return md.split("\n## References")[0]


def measure(md: str, profile: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    paras = [p.strip() for p in _body(md).split("\n\n") if p.strip()]
    heads = [p.lstrip("# ").strip() for p in paras if p.startswith("#") and p.lstrip("# ").strip() not in
             ("Wrapping Up", "References")]
    prose = [re.sub(r"^\*\*TL;DR:\*\*\s*", "", p) for p in paras if not p.startswith("#")]
    sentences = [s for p in prose for s in SENTENCE.split(p) if s.strip()]
    firsts = [m.group(0) for s in sentences if (m := re.search(r"[A-Za-z]", s))]
    words = sum(len(p.split()) for p in prose)
    questions = sum(s.rstrip(" *_\"')]").endswith("?") for s in sentences)
    offs = profile.get("sign_offs", [])
    text = " ".join(prose).lower()
    return {"words": words,
            "lowercase_sentences": round(sum(c.islower() for c in firsts) / max(1, len(firsts)), 2),
            "lowercase_headings": round(sum(h[:1].islower() for h in heads) / max(1, len(heads)), 2),
            "sign_off_present": any(o in " ".join(prose) for o in offs) if offs else None,
            "sign_off_alone": (prose[-1] in offs) if offs and prose else None,
            "questions_per_1000": round(1000 * questions / max(1, words), 1),
            "writer_questions_per_1000": profile["fingerprint"]["punctuation"]["question"],
            "about_post_lines": [s for s in sentences if ABOUT_POST.search(s)],
            "notes_kept_word_for_word": f"{sum(n.lower().rstrip('.') in text for n in notes)}/{len(notes)}"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.voice_notes", description=__doc__.split("\n\n")[0])
    ap.add_argument("--src", type=Path, default=ROOT / "src", help="the source tree to run")
    ap.add_argument("--label", default="after")
    ap.add_argument("--model", default="local")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = ap.parse_args(argv)
    home = Path(tempfile.mkdtemp(prefix=f"voice-notes-{args.label}-"))
    tree = Tree(args.src, home, args.model, home / "cache")
    profiles = {"k": tree.learn(DATA / "k-posts", "k"),
                "mogi83": tree.learn(ROOT / "bench" / "voice-writers" / "mogi83" / "learn", "mogi83")}
    rows = []
    for name, voice, topic, notes_file, words in POSTS:
        out = home / "out" / name
        cmd = ["write", topic, "--voice", voice, "--words", str(words), "--seed", str(args.seed),
               "--model", args.model, "--out", str(out)]
        notes = []
        if notes_file:
            cmd += ["--notes", str(DATA / notes_file)]
            notes = [n.strip() for n in (DATA / notes_file).read_text(encoding="utf-8").splitlines() if n.strip()]
        log(f"{name}: writing")
        r = tree.cli(*cmd, timeout=1800)
        posts = sorted(out.glob("*.md"))
        if not posts:
            log(f"{name}: no post ({r.stderr[-300:]})")
            continue
        md = posts[0].read_text(encoding="utf-8")
        row = {"post": name, "voice": voice, **measure(md, profiles[voice], notes)}
        score = json.loads(tree.cli("voice", "score", str(posts[0]), "--voice", voice, "--json").stdout or "{}")
        row["score"] = {k: score.get(k) for k in ("distance", "percentile", "closest_voice")}
        gate = [line for line in r.stderr.splitlines() if line.startswith(("│ voice", "| voice"))]
        row["gate"] = [" ".join(x.strip() for x in g.split("│") if x.strip())[:220] for g in gate]
        row["text"] = md
        rows.append(row)
    data = {"label": args.label, "command": command_line("bench.voice_notes", argv), "git": git_state(),
            "when": now_iso(), "src": str(args.src), "posts": rows}
    args.out.mkdir(parents=True, exist_ok=True)
    write_json(args.out / f"voice-notes-{args.label}.json", data)
    table = md_table(["post", "lowercase sentences", "lowercase headings", "sign-off present / alone",
                      "questions per 1,000 (writer)", "lines about the post", "notes word for word",
                      "voice score (distance, pct, nearest)"],
                     [[r["post"], r["lowercase_sentences"], r["lowercase_headings"],
                       f"{r['sign_off_present']} / {r['sign_off_alone']}",
                       f"{r['questions_per_1000']} ({r['writer_questions_per_1000']})", len(r["about_post_lines"]),
                       r["notes_kept_word_for_word"],
                       f"{r['score'].get('distance')}, {r['score'].get('percentile')}, {r['score'].get('closest_voice')}"]
                      for r in rows])
    gates = "\n".join(f"- {r['post']}: " + " / ".join(r["gate"]) for r in rows)
    (args.out / f"voice-notes-{args.label}.md").write_text(
        f"# bench.voice_notes ({args.label})\n\n`{data['command']}` at {data['git']}, {data['when']}\n\n{table}\n\n"
        f"Voice gate:\n{gates}\n", encoding="utf-8")
    log(f"wrote {args.out / f'voice-notes-{args.label}.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
