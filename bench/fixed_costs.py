"""The fixed costs of a write outside the draft loop (issue 28): per post, seconds (wall and CPU) and
tokens of each stage, what the repair (fix) calls and the TL;DR became, and the quality gates' verdicts,
for posts written in-process on the bundled model:

    python -m bench.fixed_costs [--targets 300,600,1200] [--seeds 1,2] [--label NAME] [--out bench/results]

Run it once per tree (`PYTHONPATH=<other tree>/src` for the other side) and alternately, A B A B, on the
same machine moment: compare tokens, CPU seconds and the model-free stages (plan, checks, truth, styling);
the machine is shared, so model seconds move with the load. Per stage the CPU seconds are the process's
(`time.process_time`, llama.cpp's threads included) while that stage was the innermost open one.
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from .common import command_line, log, machine_info, md_table, now_iso, posts_parser, write_json

TOPIC = "LLM Ops vs ML Ops"


def _cpu_per_stage() -> tuple[dict[str, float], Any]:
    """Patch `RunContext._charge` to add CPU seconds per stage; returns (the totals, an undo)."""
    from blogwright.pipeline import context

    cpu: dict[str, float] = defaultdict(float)
    real = context.RunContext._charge
    mark = {"t": time.process_time()}

    def charge(self: Any) -> None:
        now = time.process_time()
        cpu[self._open[-1] if self._open else "other"] += now - mark["t"]
        mark["t"] = now
        real(self)

    context.RunContext._charge = charge  # type: ignore[method-assign]

    def undo() -> None:
        context.RunContext._charge = real  # type: ignore[method-assign]

    return cpu, undo


def _in_body(sentence: str, body: list[str]) -> bool:
    """The sentence, or a near copy of it (80% of the words of each in the other), is in the body."""
    from blogwright.text.tokens import overlap

    return any(overlap(sentence, s) >= 0.8 and overlap(s, sentence) >= 0.8 for s in body)


def one_post(backend: Any, words: int, seed: int) -> dict[str, Any]:
    from blogwright.model.brief import make_brief
    from blogwright.pipeline.clean import split_sentences
    from blogwright.pipeline.run import write_post
    from blogwright.store import Store
    from blogwright.voices import load_voice

    cpu, undo = _cpu_per_stage()
    brief = make_brief(topic=TOPIC, voice="snarky-mentor", audience="newbie", words=words)
    t0, c0 = time.perf_counter(), time.process_time()
    try:
        post = write_post(brief, load_voice(brief.voice), backend, Store(None), seed=seed)
    finally:
        undo()
    wall, cpu_total = time.perf_counter() - t0, time.process_time() - c0
    rep = post.report
    body = split_sentences(" ".join(post.prose()))
    tldr = split_sentences(post.summary or "")
    checks = rep.checks if rep else None
    blocking = [g for g in checks.gates.values() if g.blocking] if checks else []
    stages = {name: {"seconds": round(c.seconds, 3), "cpu": round(cpu.get(name, 0.0), 3), "calls": c.calls,
                     "tokens": c.completion_tokens} for name, c in (rep.stages.items() if rep else [])}
    return {"target": words, "seed": seed, "wall": round(wall, 2), "cpu": round(cpu_total, 2),
            "calls": rep.usage.calls if rep else 0, "generated": rep.usage.completion_tokens if rep else 0,
            "kept": rep.kept_tokens if rep else 0, "words": post.body_words, "stages": stages,
            "repaired": len(rep.substance.get("repaired", [])) if rep else 0,
            "cut": len(rep.substance.get("cut", [])) if rep else 0,
            "tldr": post.summary, "tldr_in_body": sum(_in_body(s, body) for s in tldr), "tldr_sentences": len(tldr),
            "blocking_passed": sum(g.passed for g in blocking), "blocking": len(blocking),
            "failed": [g.name for g in blocking if not g.passed] if blocking else [],
            "passed": bool(checks and checks.passed), "substance": rep.substance if rep else {}}


def main(argv: list[str] | None = None) -> int:
    p = posts_parser("bench.fixed_costs", __doc__)
    args = p.parse_args(argv)
    t0, c0 = time.perf_counter(), time.process_time()
    from blogwright.backends import get_backend

    backend = get_backend(args.model)
    posts = []
    for words in [int(w) for w in args.targets.split(",")]:
        for seed in [int(s) for s in args.seeds.split(",")]:
            posts.append(one_post(backend, words, seed))
            log(f"{words} words seed {seed}: {posts[-1]['wall']} s, {posts[-1]['generated']} generated")
    data = {"command": command_line("bench.fixed_costs", argv), "date": now_iso(), "machine": machine_info(),
            "src": sys.modules["blogwright"].__file__, "posts": posts,
            "process": {"wall": round(time.perf_counter() - t0, 2), "cpu": round(time.process_time() - c0, 2)}}
    slug = "fixed-costs" + (f"-{args.label}" if args.label else "")
    out = Path(args.out)
    write_json(out / f"{slug}.json", data)
    names = ["plan", "draft", "checks", "repair", "truth", "summary", "styling", "other"]

    def cell(post: dict[str, Any], name: str) -> str:
        s = post["stages"].get(name, {"seconds": 0, "cpu": 0, "tokens": 0, "calls": 0})
        return f"{s['seconds']:.2f} / {s['cpu']:.2f} s, {s['calls']} c / {s['tokens']} t"

    rows = [[q["target"], q["seed"], q["wall"], q["cpu"], q["generated"], q["kept"], q["words"],
             f"{q['repaired']} / {q['cut']}", f"{q['tldr_in_body']} of {q['tldr_sentences']}",
             f"{q['blocking_passed']} / {q['blocking']}", ", ".join(q["failed"])] for q in posts]
    md = (f"# Fixed costs of a write ({slug})\n\n`{data['command']}`, {data['date']}, "
          f"load at start {data['machine'].get('load_average_at_start')}\n\n"
          + md_table(["target", "seed", "wall s", "CPU s", "generated", "kept", "words", "repaired / cut",
                      "TL;DR sentences in body", "blocking gates passed", "failed"], rows)
          + "\n\nPer stage: wall / CPU seconds, calls / tokens generated.\n\n"
          + md_table(["target", "seed", *names], [[q["target"], q["seed"], *(cell(q, n) for n in names)] for q in posts])
          + "\n\nTL;DRs:\n\n" + "\n".join(f"- {q['target']}/{q['seed']}: {q['tldr']}" for q in posts) + "\n")
    (out / f"{slug}.md").write_text(md, encoding="utf-8")
    sys.stdout.write(md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
