"""Nonsense detectors (stop 34): how many of the sentences a strict editor labelled `nonsense` do the cheap
deterministic checks of `checks/nonsense.py` catch, and how many sentences labelled anything else do they
wrongly catch?

    python -m bench.nonsense                        # this tree, dev and held-out
    python -m bench.nonsense --src /tmp/base/src    # another tree's code
    python -m bench.nonsense --list                 # every sentence caught, and the nonsense ones missed (dev only)
    python -m bench.nonsense --prose                # also: false alarms on people's own posts (no label needed)

Rows: bench/results/truth-labels.jsonl (the editors' labels of every stop, true/false/nonsense/none/meta/bad),
one row per distinct sentence (titles left out: the title templates are their own matter), its label the
most common one it was given (ties: nonsense first, then false). The split was fixed before the detectors were
written: a sentence is held out when the first byte of its MD5 is below 77 (~30%); only dev sentences were read
while tuning. Precision and recall are of the `nonsense` class; what is caught among `false` sentences is
counted apart (a false sentence refused is no harm to truth, but it is not what the check claims to find).
`--prose` runs the checks on every prose sentence of people's own posts (bench/voice-writers, the built-in voices'
corpora, tests/checks/data and tests/data): each one caught there is a false alarm.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "bench" / "results" / "truth-labels.jsonl"
ORDER = ("nonsense", "false", "true", "none", "meta", "bad")
HELD_OUT_BELOW = 77  # of 256: the first MD5 byte


def split_of(sentence: str) -> str:
    return "held-out" if hashlib.md5(sentence.encode("utf-8")).digest()[0] < HELD_OUT_BELOW else "dev"


def rows(path: Path = LABELS) -> list[dict[str, Any]]:
    labels: dict[str, Counter[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        if r.get("where") != "title":
            labels.setdefault(r["sentence"], Counter())[r["label"]] += 1
    out = []
    for sentence, c in labels.items():
        top = max(c.values())
        label = next(x for x in ORDER if c.get(x) == top)
        out.append({"sentence": sentence, "label": label, "split": split_of(sentence)})
    return out


def measure(data: list[dict[str, Any]]) -> dict[str, Any]:
    from blogwright.checks.nonsense import nonsense_problems

    out: dict[str, Any] = {}
    for r in data:
        r["caught"] = [p.message for p in nonsense_problems(r["sentence"])]
    for split in ("dev", "held-out", "all"):
        part = [r for r in data if split == "all" or r["split"] == split]
        tp = sum(1 for r in part if r["caught"] and r["label"] == "nonsense")
        fp = sum(1 for r in part if r["caught"] and r["label"] != "nonsense")
        fn = sum(1 for r in part if not r["caught"] and r["label"] == "nonsense")
        false_caught = sum(1 for r in part if r["caught"] and r["label"] == "false")
        true_caught = sum(1 for r in part if r["caught"] and r["label"] == "true")
        out[split] = {"sentences": len(part), "nonsense": tp + fn, "caught": tp + fp, "tp": tp, "fp": fp, "fn": fn,
                      "of_fp_false": false_caught, "of_fp_true": true_caught,
                      "precision": round(tp / (tp + fp), 3) if tp + fp else None,
                      "recall": round(tp / (tp + fn), 3) if tp + fn else None}
    return out


PROSE = ("bench/voice-writers", "src/blogwright/voices", "tests/checks/data", "tests/data")


def prose_alarms() -> tuple[int, list[str]]:
    """(sentences read, sentences caught) over people's own posts: Markdown and text files, code blocks,
    indented code, tables, headings and HTML lines left out."""
    import re

    from blogwright.checks.nonsense import nonsense_problems
    from blogwright.text.sentences import split_sentences

    n, caught = 0, []
    for folder in PROSE:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix not in (".md", ".markdown", ".txt") or not path.is_file():
                continue
            text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8", errors="ignore"), flags=re.S)
            for para in text.split("\n\n"):
                if para.lstrip().startswith(("    ", "|", "#", "<")) or para.startswith("    "):
                    continue
                for sentence in split_sentences(para):
                    n += 1
                    if nonsense_problems(sentence):
                        caught.append(f"{path.relative_to(ROOT)}: {sentence}")
    return n, caught


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--src", help="a blogwright src tree to measure instead of this one")
    p.add_argument("--list", action="store_true", help="list caught sentences and missed nonsense (dev only)")
    p.add_argument("--prose", action="store_true", help="also count false alarms on people's own posts")
    p.add_argument("--json", help="write the figures here")
    args = p.parse_args(argv)
    if args.src:
        sys.path.insert(0, str(Path(args.src).resolve()))
    data = rows()
    figures = measure(data)
    print("| split | sentences | nonsense | caught | true pos. | false pos. (of them false / true) | precision | recall |")
    print("|---|---|---|---|---|---|---|---|")
    for split, f in figures.items():
        print(f"| {split} | {f['sentences']} | {f['nonsense']} | {f['caught']} | {f['tp']} | {f['fp']} "
              f"({f['of_fp_false']} / {f['of_fp_true']}) | {f['precision']} | {f['recall']} |")
    for r in data:
        if r["caught"]:
            print(f"- caught ({r['split']}, labelled {r['label']}): {r['sentence']} -- {r['caught'][0]}", file=sys.stderr)
    if args.list:
        for r in data:
            if r["split"] == "dev" and r["label"] == "nonsense" and not r["caught"]:
                print(f"- missed (dev): {r['sentence']}", file=sys.stderr)
    if args.prose:
        n, caught = prose_alarms()
        figures["prose"] = {"sentences": n, "caught": len(caught), "sentences_caught": caught}
        print(f"\nPeople's own posts ({', '.join(PROSE)}): {n} sentences, {len(caught)} caught (each a false alarm)")
    if args.json:
        Path(args.json).write_text(json.dumps({"figures": figures, "caught": [r for r in data if r["caught"]]},
                                              indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
