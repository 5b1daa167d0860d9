"""The voice bench's learned-voice posts before vs after a change (issue 24), by two checks that are not
bench.voice's Delta: the prior words' rates against each writer's learn/ part, and the blocking gates.

    python -m bench.voice_prior_posts --before /tmp/v24-cache-before --after /tmp/v24-cache-after

(the folders are bench.voice's --cache folders). With --builtin, only the blocking gates of the snarky-mentor and
plain-expert posts on the seed topic (each in its own voice): LABEL-gates-builtin-posts.json. Writes bench/results/LABEL-prior-rates-in-posts.json and
LABEL-gates-learned-posts.json (--label, default voice24). The gates are run with the same checker (this tree), each post's topic,
300 words, no embeddings, scored against plain-expert (the learned voices are not in a fresh home).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import statistics
import sys
from collections import Counter
from pathlib import Path

from bench.voice import SEED_TOPIC, TOPICS, WRITERS, prose

ROOT = Path(__file__).resolve().parents[1]


def rates_check(folders: dict[str, Path]) -> dict:
    from bench.word_prior import PRIOR_WORDS, SMOOTH
    from blogwright.text.tokens import tokens
    from blogwright.voices.extract import read_corpus
    from blogwright.voices.profile import build_profile

    out: dict = {}
    for w in sorted(p.name for p in WRITERS.iterdir() if (p / "learn").is_dir()):
        docs, _ = read_corpus([WRITERS / w / "learn"])
        target = build_profile(docs, w).fingerprint.function_words
        for label, folder in folders.items():
            toks = [t for f in sorted(folder.glob(f"w-{w}-*.md")) for t in tokens(prose(f.read_text(encoding="utf-8")))]
            if not toks:
                continue
            c = Counter(toks)
            r = {x: 1000 * c[x] / len(toks) for x in PRIOR_WORDS}
            err = statistics.fmean(abs(math.log((r[x] + SMOOTH) / (target[x] + SMOOTH))) for x in PRIOR_WORDS)
            out.setdefault(w, {})[label] = {"error": round(err, 3), "words": len(toks),
                                            **{x: round(r[x], 1) for x in ("the", "a", "of", "by")}}
        if w in out:  # a writer with learn/ only (mogi83, for bench.voice_notes) has no posts here
            out[w]["writer"] = {k: round(target[k], 1) for k in ("the", "a", "of", "by")}
    return out


def slug(topic: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", topic.lower())


def gates_check(folders: dict[str, Path], builtin: bool = False) -> dict:
    """The blocking gates of the learned-voice posts, or (`builtin`) of the snarky-mentor and plain-expert
    posts on the seed topic, each checked in its own voice."""
    from blogwright import api

    out: dict = {}
    for label, folder in folders.items():
        rows = []
        for f in sorted(folder.glob(f"*-{slug(SEED_TOPIC)}-*.md" if builtin else "w-*.md")):
            topic = SEED_TOPIC if builtin else TOPICS[0] if "side-project" in f.name else TOPICS[1]
            voice = f.name.split("-llm-")[0] if builtin else "plain-expert"
            r = api.check_file(f, topic=topic, words=300, embeddings=False, voice=voice).to_dict()
            blocking = {k: g["passed"] for k, g in r["gates"].items() if g["blocking"]}
            rows.append({"post": f.name, "passed": r["passed"], "blocking_share": sum(blocking.values()) / len(blocking),
                         "failed": [k for k, v in blocking.items() if not v]})
        out[label] = {"posts": len(rows), "all_blocking_passed": sum(r["passed"] for r in rows),
                      "mean_blocking_share": round(statistics.fmean(r["blocking_share"] for r in rows), 3) if rows else 0,
                      "rows": rows}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.voice_prior_posts", description=__doc__.split("\n\n")[0])
    ap.add_argument("--before", type=Path, required=True)
    ap.add_argument("--after", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    ap.add_argument("--label", default="voice24", help="the output files' prefix")
    ap.add_argument("--builtin", action="store_true",
                    help="only the gates of the snarky-mentor and plain-expert posts on the seed topic (LABEL-gates-builtin-posts.json)")
    args = ap.parse_args(argv)
    folders = {"before": args.before, "after": args.after}
    if args.builtin:
        data = gates_check(folders, builtin=True)
        (args.out / f"{args.label}-gates-builtin-posts.json").write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        sys.stderr.write(json.dumps({k: {x: y for x, y in v.items() if x != "rows"} for k, v in data.items()}) + "\n")
        return 0
    for name, fn in ((f"{args.label}-prior-rates-in-posts.json", rates_check),
                     (f"{args.label}-gates-learned-posts.json", gates_check)):
        data = fn(folders)
        (args.out / name).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        sys.stderr.write(f"{name}: {json.dumps({k: v for k, v in data.items() if k != 'rows'})[:600]}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
