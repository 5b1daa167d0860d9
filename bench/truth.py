"""Truth benchmark (issue 22): are a post's sentences true, and how long is a post its facts support?

    python -m bench.truth run --label before --src /tmp/base/src   # main's code (a `git archive` of main)
    python -m bench.truth run --label after                        # this tree
    python -m bench.truth sentences                                # sentence rows to label (labels kept)
    python -m bench.truth report                                   # truth.json / truth.md

Briefs: bench/briefs-truth.yaml (ten with facts: five with notes, five with a source file; two with no
facts). `run` writes each post to bench/results/truth/<label>/<id>.md with <id>.json beside it (the
run's grounding report, seconds). Not a timed test: each post is ~1-3 minutes on the bundled model.

Per brief and label, `report` gives: body words and S_l (bench.metrics, the quality benchmark's
length score), supported sentences (cited [n]), unsupported claims left in the text (measured the
same way on both labels: this tree's strict check, `grounding.account`), claims the post marks
(front matter `claims_to_check`), sentences cut or replaced by the grounding pass (from the run's
report), and the shares of the human labels in bench/results/truth-labels.jsonl:
  true       a checkable claim that is true
  false      a checkable claim that is false (or misleading in a way a reader would act on)
  nonsense   a sentence with no sense, or a claim so garbled it is neither true nor false
  none       no checkable claim: transition, opinion, advice, voice
  meta       talk about the text or to the requester
  bad        unacceptable: profanity, insults
Targets (issue 22): false+nonsense <= 10% of all sentences and <= 5% of checkable claims (true+false+
nonsense), no `bad`, no `meta` that talks to the requester.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
BRIEFS = ROOT / "bench" / "briefs-truth.yaml"
OUT = ROOT / "bench" / "results" / "truth"
LABELS = ROOT / "bench" / "results" / "truth-labels.jsonl"
LABEL_NAMES = ("true", "false", "nonsense", "none", "meta", "bad")


def load(path: Path = BRIEFS) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [*data["briefs"], *({**b, "no_facts": True} for b in data.get("no_facts", []))]


def run(args: argparse.Namespace) -> None:
    if args.src:
        sys.path.insert(0, str(Path(args.src).resolve()))
    import blogwright
    try:  # the api package (issue 26) keeps it in pipeline.logged; main's older code in api
        from blogwright.pipeline.logged import load_index
    except ImportError:
        from blogwright.api import load_index
    from blogwright.backends import get_backend
    from blogwright.backends.base import close_backend
    from blogwright.model.brief import make_brief
    from blogwright.pipeline.run import write_post
    from blogwright.render import to_markdown
    from blogwright.store import Store
    from blogwright.voices import load_voice
    print(f"blogwright from {Path(blogwright.__file__).parent}", file=sys.stderr)
    out = Path(args.out) / args.label
    out.mkdir(parents=True, exist_ok=True)
    briefs = [b for b in load(Path(args.briefs)) if not args.only or b["id"] in args.only.split(",")]
    backend = get_backend(args.model)
    try:
        for b in briefs:
            brief = make_brief(topic=b["topic"], voice=b["voice"], audience=b["audience"], words=b["words"],
                               notes=b.get("notes", []), sources=[str(ROOT / s) for s in b.get("sources", [])])
            index = load_index(brief.sources)
            t0 = time.perf_counter()
            post = write_post(brief, load_voice(brief.voice), backend, Store(None), seed=args.seed, index=index)
            seconds = round(time.perf_counter() - t0, 1)
            (out / f"{b['id']}.md").write_text(to_markdown(post), encoding="utf-8")
            report = post.report or {}
            if not isinstance(report, dict):  # a typed RunReport (issue 26) on newer code
                report = report.model_dump(mode="json")
            checks = report.get("checks") or {}
            if not isinstance(checks, dict):
                checks = checks.to_dict()
            meta = {"id": b["id"], "seconds": seconds, "grounding": report.get("grounding"),
                    "truth": report.get("truth"), "fact_check": report.get("fact_check"),
                    "substance": report.get("substance"),
                    "failed_gates": [n for n, g in checks.get("gates", {}).items()
                                     if g.get("blocking") and not g.get("passed")]}
            (out / f"{b['id']}.json").write_text(json.dumps(meta, indent=1, default=str), encoding="utf-8")
            print(f"{args.label} {b['id']}: {post.body_words} words, {seconds} s", file=sys.stderr)
    finally:
        close_backend(backend)


def _body_sentences(markdown: str) -> list[tuple[str, str]]:
    """(where, sentence) for the title, TL;DR and every body sentence (no References list)."""
    from blogwright.checks import parse_markdown
    from blogwright.text.sentences import split_sentences

    from .metrics import without_references

    doc = parse_markdown(without_references(markdown))
    out = [("title", doc.title)] if doc.title else []
    out += [("tldr", s) for s in split_sentences(doc.tldr)] if doc.tldr else []
    for b in doc.prose_blocks():
        for p in b.paragraphs:
            out += [(b.heading or b.label or "intro", s) for s in split_sentences(p.text)]
    return out


def sentences(args: argparse.Namespace) -> None:
    """Write every sentence of every post as a label row; labels already given are kept."""
    old, kept = {}, []
    sets = {f"{args.prefix}{label}": label for label in ("before", "after")}
    if LABELS.exists():
        for line in LABELS.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            old[(row["label_set"], row["brief"], row["sentence"])] = row.get("label")
            if row["label_set"] not in sets:  # other rounds' label sets are kept as they are
                kept.append(row)
    rows = list(kept)
    for label_set, folder in sets.items():
        for md in sorted((Path(args.out) / folder).glob("*.md")):
            for where, s in _body_sentences(md.read_text(encoding="utf-8")):
                rows.append({"label_set": label_set, "brief": md.stem, "where": where, "sentence": s,
                             "label": old.get((label_set, md.stem, s))})
    LABELS.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} rows, {sum(r['label'] is None for r in rows)} unlabelled -> {LABELS}", file=sys.stderr)


def _measure(b: dict[str, Any], markdown: str, meta: dict[str, Any]) -> dict[str, Any]:
    from blogwright.grounding import account_markdown
    from blogwright.pipeline.logged import load_index
    from blogwright.text import frontmatter

    from . import metrics as M

    m = M.post_metrics(markdown, topic=b["topic"], audience=b["audience"], target_words=b["words"],
                       notes=b.get("notes", []))
    index = load_index([str(ROOT / s) for s in b.get("sources", [])])
    from blogwright.voices import load_voice

    voice = load_voice(b["voice"])
    acc = account_markdown(markdown, b.get("notes", []), index, known=[b["topic"]],
                           canned=[*voice.openers, *voice.sign_offs])
    fm = frontmatter.read(markdown)[0] or {}
    problems = ((meta.get("grounding") or {}).get("problems") or [])
    return {"words": m["body_words"], "S_l": round(m["length_score"], 1), "target": b["words"],
            "sentences": acc["sentences"], "supported": acc["supported"], "no_claim": acc["no_claim"],
            "unsupported_left": acc["unsupported"], "marked": int(fm.get("claims_to_check") or 0),
            "cut": sum(p.get("action") == "cut" for p in problems),
            "replaced": sum(p.get("action") == "rewritten" for p in problems),
            "failed_gates": meta.get("failed_gates", []), "seconds": meta.get("seconds")}


def _canon(text: str) -> str:
    import re

    return " ".join(re.findall(r"[a-z0-9]+", re.sub(r"\[\[?\d+\]?\](?:\(#[\w-]+\))?", "", text).lower()))


def _unmarked(markdown: str, claims: list[str]) -> int:
    """How many of `claims` (sentences a reader labelled as claims) the front matter's check_claims
    list does not hold: what a user of a no-facts post would not be told to check."""
    from blogwright.text import frontmatter

    listed = {_canon(c) for c in (frontmatter.read(markdown)[0] or {}).get("check_claims") or []}
    return sum(_canon(c) not in listed for c in claims)


def report(args: argparse.Namespace) -> None:
    briefs = {b["id"]: b for b in load(Path(args.briefs))}
    labels: dict[tuple[str, str], list[str]] = {}
    claim_rows: dict[tuple[str, str], list[str]] = {}  # body sentences labelled as claims (true, false, nonsense)
    if LABELS.exists():
        for line in LABELS.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row.get("label"):
                labels.setdefault((row["label_set"], row["brief"]), []).append(row["label"])
                if row["label"] in ("true", "false", "nonsense") and row["where"] != "title":
                    claim_rows.setdefault((row["label_set"], row["brief"]), []).append(row["sentence"])
    prefix = args.prefix
    rows = []
    for bid, b in briefs.items():
        row: dict[str, Any] = {"id": bid, "facts": "none" if b.get("no_facts") else
                               ("notes" if b.get("notes") else "source")}
        for label_set in ("before", "after"):
            md = Path(args.out) / label_set / f"{bid}.md"
            if not md.exists():
                continue
            meta_path = md.with_suffix(".json")
            meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
            r = _measure(b, md.read_text(encoding="utf-8"), meta)
            got = labels.get((prefix + label_set, bid), [])
            r["labels"] = {k: got.count(k) for k in LABEL_NAMES} if got else None
            if b.get("no_facts") and got:  # claims a reader finds (labels) that the front matter does not list
                r["unmarked"] = _unmarked(md.read_text(encoding="utf-8"), claim_rows.get((prefix + label_set, bid), []))
            row[label_set] = r
        rows.append(row)
    summary = {}
    for label_set in ("before", "after"):
        for scope, pick in (("with facts", lambda r: r["facts"] != "none"), ("no facts", lambda r: r["facts"] == "none")):
            rs = [r[label_set] for r in rows if label_set in r and pick(r)]
            if not rs:
                continue
            counts = {k: sum((r["labels"] or {}).get(k, 0) for r in rs) for k in LABEL_NAMES}
            total = sum(counts.values())
            claims = counts["true"] + counts["false"] + counts["nonsense"]
            summary[f"{label_set}, {scope}"] = {
                "posts": len(rs), "words": sum(r["words"] for r in rs), "target": sum(r["target"] for r in rs),
                "S_l_mean": round(sum(r["S_l"] for r in rs) / len(rs), 1),
                "supported": sum(r["supported"] for r in rs), "unsupported_left": sum(r["unsupported_left"] for r in rs),
                "marked": sum(r["marked"] for r in rs), "cut": sum(r["cut"] for r in rs),
                "replaced": sum(r["replaced"] for r in rs), "labels": counts, "labelled_sentences": total,
                "unmarked_claims": sum(r.get("unmarked", 0) for r in rs) if scope == "no facts" else None,
                "false_nonsense_share_of_sentences": round((counts["false"] + counts["nonsense"]) / total, 3) if total else None,
                "false_nonsense_share_of_claims": round((counts["false"] + counts["nonsense"]) / claims, 3) if claims else None,
            }
    command = "python -m bench.truth report" + (f" --briefs {args.briefs} --out {args.out} --prefix {prefix}"
                                                 if prefix else "")
    data = {"command": command, "rows": rows, "summary": summary}
    res, name = Path(args.out).parent, Path(args.out).name  # truth.json for the first round, <out>.json after
    (res / f"{name}.json").write_text(json.dumps(data, indent=1), encoding="utf-8")
    (res / f"{name}.md").write_text(markdown(data), encoding="utf-8")
    print(markdown(data))


def markdown(data: dict[str, Any]) -> str:
    lines = ["# Truth benchmark (issue 22): before (main) and after, bundled model, seed 0", "",
             "Made by `python -m bench.truth run --label before --src <main's src>`, `python -m bench.truth run "
             "--label after` (with the same --briefs/--out), labels by reading every sentence "
             f"(bench/results/truth-labels.jsonl), then `{data['command']}`.", "",
             "| brief | facts | words b/a (target) | S_l b/a | supported b/a | unsupported left b/a | marked b/a | "
             "cut+replaced a | false+nonsense / sentences b/a |", "|---|---|---|---|---|---|---|---|---|"]

    def fn(r: dict[str, Any] | None) -> str:
        if not r or not r.get("labels"):
            return "-"
        lab = r["labels"]
        return f"{lab['false'] + lab['nonsense']}/{sum(lab.values())}"

    for row in data["rows"]:
        b, a = row.get("before") or {}, row.get("after") or {}
        lines.append(f"| {row['id']} | {row['facts']} | {b.get('words', '-')}/{a.get('words', '-')} ({a.get('target', b.get('target'))}) "
                     f"| {b.get('S_l', '-')}/{a.get('S_l', '-')} | {b.get('supported', '-')}/{a.get('supported', '-')} "
                     f"| {b.get('unsupported_left', '-')}/{a.get('unsupported_left', '-')} | {b.get('marked', '-')}/{a.get('marked', '-')} "
                     f"| {a.get('cut', 0) + a.get('replaced', 0) if a else '-'} | {fn(b)} / {fn(a)} |")
    lines += ["", "## Totals", "", "| run | posts | words (target) | S_l mean | supported | unsupported left | marked "
              "| cut | replaced | labels | false+nonsense of sentences | of claims | claims not marked (no facts) |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for k, s in data["summary"].items():
        lab = ", ".join(f"{n} {c}" for n, c in s["labels"].items() if c)
        lines.append(f"| {k} | {s['posts']} | {s['words']} ({s['target']}) | {s['S_l_mean']} | {s['supported']} | "
                     f"{s['unsupported_left']} | {s['marked']} | {s['cut']} | {s['replaced']} | {lab or '-'} | "
                     f"{s['false_nonsense_share_of_sentences']} | {s['false_nonsense_share_of_claims']} | "
                     f"{'-' if s.get('unmarked_claims') is None else s['unmarked_claims']} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("command", choices=("run", "sentences", "report"))
    p.add_argument("--label", default="after", help="before or after (run)")
    p.add_argument("--src", help="a src/ folder to import blogwright from (main's code for 'before')")
    p.add_argument("--briefs", default=str(BRIEFS))
    p.add_argument("--only", default="", help="comma-separated brief ids")
    p.add_argument("--model", default=None)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", default=str(OUT))
    p.add_argument("--prefix", default="", help="label_set prefix in truth-labels.jsonl (e.g. 22b- for the second round)")
    args = p.parse_args(argv)
    {"run": run, "sentences": sentences, "report": report}[args.command](args)


if __name__ == "__main__":
    main()
