"""llama.cpp decode speed on 1 thread against every CPU, alternated A B A B in one process (issue 28's
spin-wait trap): the numbers `backends/threads.ThreadGovernor` chooses between.

    python -m bench.threads [--repeats 4] [--tokens 96] [--out bench/results]

Each trial decodes --tokens tokens of free generation from the bundled model (the same prompt, a fresh
KV cache), timed from the first to the last token; the 1-minute load average is recorded before and
after. On a shared machine run it beside the load you care about, and say what that load was.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from statistics import median
from typing import Any

from .common import command_line, log, machine_info, md_table, now_iso, write_json

PROMPT = b"Write a long, detailed story about a lighthouse keeper and the storm that changed her life."


def trial(llm: Any, n_threads: int, n_tokens: int) -> float:
    import llama_cpp

    llama_cpp.llama_set_n_threads(llm.ctx, n_threads, n_threads)
    tokens = llm.tokenize(PROMPT, add_bos=True)
    llm.reset()
    stamps: list[float] = []
    for _ in llm.generate(tokens, temp=0.3, top_p=0.9, repeat_penalty=1.15, reset=True):
        stamps.append(time.perf_counter())
        if len(stamps) >= n_tokens:
            break
    return (len(stamps) - 1) / (stamps[-1] - stamps[0])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser("bench.threads", description=__doc__)
    p.add_argument("--repeats", type=int, default=4)
    p.add_argument("--tokens", type=int, default=96)
    p.add_argument("--out", default="bench/results")
    args = p.parse_args(argv)
    import llama_cpp

    from blogwright.backends.local import bundled_model_path

    llm = llama_cpp.Llama(model_path=str(bundled_model_path()), n_ctx=1024, n_threads=1, n_threads_batch=1, verbose=False)
    counts = sorted({1, os.cpu_count() or 1})
    d: dict[str, Any] = {"command": command_line("bench.threads", argv), "date": now_iso(), "machine": machine_info(),
                         "load_before": round(os.getloadavg()[0], 2), "tokens": args.tokens,
                         "tokens_per_s": {str(n): [] for n in counts}}
    for _ in range(args.repeats):
        for n in counts:
            d["tokens_per_s"][str(n)].append(round(trial(llm, n, args.tokens), 2))
    d["load_after"] = round(os.getloadavg()[0], 2)
    d["median"] = {n: median(v) for n, v in d["tokens_per_s"].items()}
    llm.close()
    md = "\n".join([f"# llama.cpp decode threads, A B A B ({args.tokens} tokens a trial)", "",
                    f"- command: `{d['command']}`", f"- date: {d['date']}; 1-min load before {d['load_before']}, "
                    f"after {d['load_after']}; {d['machine']['cores']} cores", "",
                    md_table(["threads", "tokens/s per trial", "median"],
                             [[n, ", ".join(map(str, v)), d["median"][n]] for n, v in d["tokens_per_s"].items()]), ""])
    out = Path(args.out) / "threads"
    write_json(out.with_suffix(".json"), d)
    out.with_suffix(".md").write_text(md, encoding="utf-8")
    log(f"wrote {out}.json/.md")
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
