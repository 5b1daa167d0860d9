"""Claim finder benchmark (issue 22): does `grounding.claims.extract_claims(strict=True)` find every
sentence that says what something is, does or has, and leave alone the ones that carry no claim?

    python -m bench.claims                       # this tree
    python -m bench.claims --src /tmp/base/src   # another tree's code (main's, for "before")

Labels: bench/results/claim-finder-labels.jsonl, one sentence a row, labelled by reading before any
tuning of the finder:
  claim   asserts what something is, does or has (true or not)
  none    carries no checkable claim: greeting, transition, advice or an imperative without a fact,
          an opinion about the reader, the voice's own lines
  meta    talk about the text or the prompt (the leak gates' job, not the finder's): left out of the
          figures, listed
`split` is dev (looked at while tuning) or held-out (only measured). Precision and recall are of the
"claim" class, as the pipeline calls it (the topic as known words, the voice's openers and sign-offs
as canned lines).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "bench" / "results" / "claim-finder-labels.jsonl"


def measure(rows: list[dict[str, Any]]) -> dict[str, Any]:
    from blogwright.grounding.claims import extract_claims
    from blogwright.voices import load_voice

    canned: dict[str, list[str]] = {}
    out: dict[str, Any] = {}
    misses: list[dict[str, Any]] = []
    for split in ("dev", "held-out", "all"):
        tp = fp = fn = tn = 0
        for r in rows:
            if r["label"] == "meta" or split != "all" and r["split"] != split:
                continue
            if r["voice"] not in canned:
                v = load_voice(r["voice"])
                canned[r["voice"]] = [*v.openers, *v.sign_offs]
            found = bool(extract_claims(r["sentence"], strict=True, known=[r["topic"]], canned=canned[r["voice"]]))
            claim = r["label"] == "claim"
            tp, fp, fn, tn = tp + (found and claim), fp + (found and not claim), fn + (claim and not found), \
                tn + (not found and not claim)
            if split == "all" and found != claim:
                misses.append({"sentence": r["sentence"], "label": r["label"], "found": found, "split": r["split"]})
        out[split] = {"claims": tp + fn, "no_claims": fp + tn, "tp": tp, "fp": fp, "fn": fn, "tn": tn,
                      "precision": round(tp / (tp + fp), 3) if tp + fp else None,
                      "recall": round(tp / (tp + fn), 3) if tp + fn else None}
    out["errors"] = misses
    return out


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--src", help="a src/ folder to import blogwright from")
    p.add_argument("--labels", default=str(LABELS))
    p.add_argument("--json", help="write the figures here")
    args = p.parse_args(argv)
    if args.src:
        sys.path.insert(0, str(Path(args.src).resolve()))
    rows = [json.loads(line) for line in Path(args.labels).read_text(encoding="utf-8").splitlines() if line.strip()]
    data = measure(rows)
    data["command"] = "python -m bench.claims" + (f" --src {args.src}" if args.src else "")
    for split in ("dev", "held-out", "all"):
        d = data[split]
        print(f"{split:9} claims {d['claims']:4} no-claims {d['no_claims']:3}  precision {d['precision']}  "
              f"recall {d['recall']}  (fn {d['fn']}, fp {d['fp']})")
    for e in data["errors"]:
        print(f"  {'missed' if e['label'] == 'claim' else 'false alarm'} [{e['split']}]: {e['sentence']}")
    if args.json:
        Path(args.json).write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
