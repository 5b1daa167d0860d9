"""Issue 28's measurement: whole `blogwright write` processes paired with whole raw-decode processes.

For each repeat and each target length (300, 600, 1,200 words), one pair (A B on the first repeat, B A
on the second, A B on the third ...; every repeat writes the same post, seed S, unless --vary-seed):
  A  `blogwright write TOPIC --voice snarky-mentor --audience newbie --words W --seed S --json` under
     `/usr/bin/time -v`: wall, CPU (user + sys), peak RSS; from its JSON the tokens generated and kept
     and the time per stage;
  B  a raw decode in its own process under `/usr/bin/time -v`: load the bundled model and decode, in
     one call, as many tokens as A's post kept (its own token count), with the same thread policy as
     the pipeline (`LocalBackend`, whose governor picks the faster thread count as it decodes).
Then the ratios A/B (wall, CPU), tokens generated / kept, peak RSS, and `check` and `--help` timed
whole. The load average is recorded next to every figure: on a shared machine read the ratios,
which are measured side by side, not the absolute times.

    python -m bench.speed [--targets 300,600,1200] [--repeats 1] [--seed 1] [--out bench/results]

Issue 28 asks for 3 runs each with medians: `--repeats 3` gives A B, B A, A B of the same post per target
(B of a B A pair decodes the kept tokens of that post's earlier write), and the tables give the medians
and each side's spread.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median
from typing import Any

from .common import command_line, fmt, log, machine_info, md_table, now_iso, write_json

TOPIC = "LLM Ops vs ML Ops"
RAW_PROMPT = "Write a long, detailed story about a lighthouse keeper and the storm that changed her life."
BARS = {"wall_ratio": 1.5, "cpu_ratio": 1.3, "generated_per_kept": 1.3, "peak_mib": 400.0,
        "check_s": 2.0, "help_s": 0.3}


def load() -> float:
    return round(os.getloadavg()[0], 2)


def timed(cmd: list[str], timeout: float = 1800, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run `cmd` under /usr/bin/time -v: wall, user+sys CPU seconds, peak RSS (MiB), stdout, exit code."""
    before = load()
    proc = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})
    err = proc.stderr

    def num(pattern: str) -> float:
        m = re.search(pattern, err)
        return float(m.group(1)) if m else float("nan")

    m = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", err)
    wall = int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3)) if m else float("nan")
    return {"wall_s": round(wall, 2),
            "cpu_s": round(num(r"User time \(seconds\): ([\d.]+)") + num(r"System time \(seconds\): ([\d.]+)"), 2),
            "peak_mib": round(num(r"Maximum resident set size \(kbytes\): (\d+)") / 1024, 1),
            "returncode": proc.returncode, "load_before": before, "load_after": load(),
            "stdout": proc.stdout, "stderr_tail": err[-1500:] if proc.returncode not in (0, 1) else ""}


def raw_threads() -> int:
    """$BLOGWRIGHT_THREADS, else every CPU on an idle machine (1-min load < 0.5), else one: the thread
    count `LocalBackend` starts on (its governor then keeps the faster one; this decode is one call)."""
    env = os.environ.get("BLOGWRIGHT_THREADS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    return (os.cpu_count() or 1) if os.getloadavg()[0] < 0.5 else 1


def raw_decode_main(n_tokens: int, seed: int = 0, threads: int = 0) -> int:
    """Process B: load the bundled model and decode `n_tokens` tokens in one call (EOS ignored) on
    `threads` threads (0: `raw_threads()` now). Only llama_cpp and the model's path are used, so B is
    the same whichever code A runs."""
    import llama_cpp

    from blogwright.backends.local import bundled_model_path

    t0 = time.perf_counter()
    threads = threads or raw_threads()
    llm = llama_cpp.Llama(model_path=str(bundled_model_path()), n_ctx=2048, n_threads=threads,
                          n_threads_batch=threads, verbose=False)
    loaded = time.perf_counter()
    tokens = llm.tokenize(RAW_PROMPT.encode(), add_bos=True)
    llm.set_seed(seed)
    n = 0
    for _ in llm.generate(tokens, temp=0.3, top_p=0.9, repeat_penalty=1.15, reset=True):
        n += 1
        if n >= n_tokens:
            break
    end = time.perf_counter()
    print(json.dumps({"tokens": n, "load_s": round(loaded - t0, 3), "decode_s": round(end - loaded, 3),
                      "tokens_per_s": round(n / (end - loaded), 2) if end > loaded else None, "threads": threads}))
    llm.close()
    return 0


def kept_from_file(path: str) -> int:
    """Tokens of a post's prose read from its file (for code whose `write --json` has no `cost`):
    the body without front matter, headings and references, in the bundled model's vocabulary."""
    import llama_cpp

    from blogwright.backends.local import bundled_model_path

    text = Path(path).read_text(encoding="utf-8")
    if text.startswith("---"):
        text = text.split("\n---", 1)[-1]
    text = text.split("\n## References", 1)[0]
    prose = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    llm = llama_cpp.Llama(model_path=str(bundled_model_path()), vocab_only=True, verbose=False)
    try:
        return len(llm.tokenize(prose.strip().encode(), add_bos=False))
    finally:
        llm.close()


def write_cmd(words: int, seed: int, out: str) -> list[str]:
    return [sys.executable, "-m", "blogwright", "write", TOPIC, "--voice", "snarky-mentor", "--audience", "newbie",
            "--words", str(words), "--seed", str(seed), "--out", out, "--json", "--no-log", "-q"]


def pair(words: int, seed: int, tmp: str, raw_first: int = 0) -> dict[str, Any]:
    """One A B pair: the post, then the raw decode of the post's own kept tokens, on the thread count
    the policy gives right before A (the 1-min load average lags: read after A, it counted A's own
    threads and gave B one thread where A started on two). `raw_first` (the kept tokens of an earlier
    write of this same post, same seed): B runs first with that many tokens, then A (order "BA"), so a
    load that rises or falls over a run weighs on both sides alike over A B, B A pairs."""
    threads = raw_threads()
    b = raw_run(raw_first, seed, threads) if raw_first else None
    a = timed(write_cmd(words, seed, tmp))
    try:
        post = json.loads(a["stdout"])
    except json.JSONDecodeError:
        return {"target_words": words, "error": "write printed no JSON", "write": {k: v for k, v in a.items() if k != "stdout"}}
    cost = post.get("cost") or {}
    kept = int(cost.get("kept_tokens") or 0)
    if not cost and post.get("path"):  # older code: tokens from its usage, kept tokens from the file
        kept = kept_from_file(post["path"])
        generated = (post.get("usage") or {}).get("completion_tokens", 0)
        cost = {"calls": (post.get("usage") or {}).get("calls"), "generated_tokens": generated, "kept_tokens": kept,
                "generated_per_kept": round(generated / kept, 3) if kept else None, "kept_from": "file"}
    if b is None:
        b = raw_run(kept, seed, threads)
    raw = b.pop("result")
    row: dict[str, Any] = {
        "target_words": words, "seed": seed, "order": "BA" if raw_first else "AB", "words": post.get("words"),
        "path": post.get("path"),
        "write": {k: v for k, v in a.items() if k != "stdout"}, "raw": {**{k: v for k, v in b.items() if k != "stdout"}, **raw},
        "calls": cost.get("calls"), "generated_tokens": cost.get("generated_tokens"), "kept_tokens": kept,
        "generated_per_kept": cost.get("generated_per_kept"), "stages": cost.get("stages"),
        "run_seconds": cost.get("seconds"),
    }
    if raw_first and raw_first != kept:  # the same seed gave another post (it should not): B decoded the old count
        row["raw_tokens_differ"] = raw_first
    row["wall_ratio"] = round(a["wall_s"] / b["wall_s"], 3) if b["wall_s"] else None
    row["cpu_ratio"] = round(a["cpu_s"] / b["cpu_s"], 3) if b["cpu_s"] else None
    return row


def raw_run(tokens: int, seed: int, threads: int) -> dict[str, Any]:
    """Process B timed whole; its own report (tokens, load and decode seconds, threads) under "result"."""
    b = timed([sys.executable, "-m", "bench.speed", "--raw-decode", str(max(1, tokens)), "--seed", str(seed),
               "--raw-threads", str(threads)])
    b["result"] = json.loads(b["stdout"]) if b["stdout"].strip().startswith("{") else {}
    return b


def schedule(targets: list[int], repeats: int, seed: int, vary_seed: bool = False) -> list[tuple[int, int, bool]]:
    """(target, seed, raw first) for every pair, in the order run: each repeat goes through the targets;
    the same post (seed) each repeat, A B on even repeats and B A on odd ones (B then needs the kept
    tokens of an earlier write of that post). `vary_seed`: seed + repeat, always A B (other posts)."""
    return [(w, seed + rep if vary_seed else seed, not vary_seed and rep % 2 == 1)
            for rep in range(repeats) for w in targets]


def compile_bytecode() -> dict[str, Any]:
    """Compile the bytecode of the blogwright the timed processes import (the same interpreter and
    PYTHONPATH), as installing a wheel does. An editable checkout run with PYTHONDONTWRITEBYTECODE=1
    (this machine's shells) writes none, so every process compiled each of its modules from source
    again: ~0.25 s CPU per `write` (issue 28, fourth round). Returns the folder and whether it went well."""
    code = ("import compileall, os, blogwright; d = os.path.dirname(blogwright.__file__); "
            "print(d); print(bool(compileall.compile_dir(d, quiet=1)))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    lines = proc.stdout.split()
    return {"folder": lines[0] if lines else None, "compiled": lines[-1:] == ["True"] and proc.returncode == 0}


def check_and_help(post_path: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {"help": timed([sys.executable, "-m", "blogwright", "--help"])}
    if post_path:
        out["check"] = timed([sys.executable, "-m", "blogwright", "check", post_path])
    for v in out.values():
        v.pop("stdout", None)
    return out


def summarize(rows: list[dict[str, Any]], extra: dict[str, Any]) -> dict[str, Any]:
    """Per target: medians of the ratios and the worst peak; and whether each bar is met."""
    by: dict[int, list[dict[str, Any]]] = {}
    for r in rows:
        if "error" not in r:
            by.setdefault(r["target_words"], []).append(r)
    out: dict[str, Any] = {}
    for w, rs in sorted(by.items()):
        out[str(w)] = {
            "runs": len(rs), "words": median(r["words"] or 0 for r in rs),
            "wall_ratio": median(r["wall_ratio"] for r in rs), "cpu_ratio": median(r["cpu_ratio"] for r in rs),
            "generated_per_kept": median(r["generated_per_kept"] or 0 for r in rs),
            "peak_mib": max(r["write"]["peak_mib"] for r in rs),
            "write_wall_s": median(r["write"]["wall_s"] for r in rs), "raw_wall_s": median(r["raw"]["wall_s"] for r in rs),
            "write_cpu_s": median(r["write"]["cpu_s"] for r in rs), "raw_cpu_s": median(r["raw"]["cpu_s"] for r in rs),
            "load": [r["write"]["load_before"] for r in rs],
            # the spread over the runs (min, max): how far the load moved each side
            "write_wall_range": [min(r["write"]["wall_s"] for r in rs), max(r["write"]["wall_s"] for r in rs)],
            "raw_wall_range": [min(r["raw"]["wall_s"] for r in rs), max(r["raw"]["wall_s"] for r in rs)],
        }
        out[str(w)]["met"] = {k: out[str(w)][k] <= BARS[k] for k in ("wall_ratio", "cpu_ratio", "generated_per_kept", "peak_mib")}
    if extra.get("check"):
        out["check_s"] = extra["check"]["wall_s"]
    out["help_s"] = extra["help"]["wall_s"]
    return out


def markdown(d: dict[str, Any]) -> str:
    s = d["summary"]
    lines = ["# Speed, paired with a raw decode of the post's own tokens (issue 28)", "",
             f"- command: `{d['command']}`", f"- date: {d['date']}; code: {d['machine'].get('code') or 'n/a'}",
             f"- machine: {d['machine']['cores']} cores, {d['machine']['cpu_model']}; 1-min load at start "
             f"{d['load_start']}, at end {d['load_end']} (shared machine: read the ratios, measured side by side)",
             f"- bars: wall <= {BARS['wall_ratio']}x, CPU <= {BARS['cpu_ratio']}x, generated/kept <= "
             f"{BARS['generated_per_kept']}, peak <= {BARS['peak_mib']:.0f} MiB, check <= {BARS['check_s']} s, "
             f"--help <= {BARS['help_s']} s",
             "- bytecode: " + ("not compiled first (--no-compile)" if not d.get("bytecode") else
                               f"compiled first in {d['bytecode']['folder']}" if d["bytecode"]["compiled"]
                               else f"compiling {d['bytecode']['folder']} FAILED"), ""]
    targets = [k for k in s if k.isdigit()]
    lines += ["## Medians per target", "", md_table(
        ["target", "runs", "words", "write wall s", "raw wall s", "wall x", "write CPU s", "raw CPU s", "CPU x",
         "generated/kept", "peak MiB", "load (1 min) before each"],
        [[w, s[w]["runs"], s[w]["words"], s[w]["write_wall_s"], s[w]["raw_wall_s"], s[w]["wall_ratio"],
          s[w]["write_cpu_s"], s[w]["raw_cpu_s"], s[w]["cpu_ratio"], s[w]["generated_per_kept"], s[w]["peak_mib"],
          ", ".join(fmt(x) for x in s[w]["load"])] for w in targets]), ""]
    if any(s[w]["runs"] > 1 for w in targets):
        lines += ["Spread over the runs (min - max): " + "; ".join(
            f"{w}: write {fmt(s[w]['write_wall_range'][0])}-{fmt(s[w]['write_wall_range'][1])} s, raw "
            f"{fmt(s[w]['raw_wall_range'][0])}-{fmt(s[w]['raw_wall_range'][1])} s" for w in targets), ""]
    lines += [f"- `check` on the last post: {fmt(s.get('check_s'))} s; `blogwright --help`: {fmt(s.get('help_s'))} s", ""]
    lines += ["## Every pair, in the order run", "", md_table(
        ["target", "seed", "order", "words", "calls", "generated", "kept", "gen/kept", "write wall", "write CPU",
         "write MiB", "raw wall", "raw CPU", "raw tok/s", "raw threads", "wall x", "CPU x", "load"],
        [[r["target_words"], r.get("seed", d.get("seed")), r.get("order", "AB"), r.get("words"), r.get("calls"), r.get("generated_tokens"), r.get("kept_tokens"),
          r.get("generated_per_kept"), r["write"]["wall_s"], r["write"]["cpu_s"], r["write"]["peak_mib"],
          r["raw"].get("wall_s"), r["raw"].get("cpu_s"), r["raw"].get("tokens_per_s"),
          r["raw"].get("threads"), r.get("wall_ratio"), r.get("cpu_ratio"),
          r["write"]["load_before"]] for r in d["pairs"] if "error" not in r]), ""]
    stage_names = sorted({n for r in d["pairs"] for n in (r.get("stages") or {})},
                         key=lambda n: [*STAGE_ORDER, n].index(n))
    if stage_names:
        lines += ["## Seconds and tokens generated per stage (each pair)", "", md_table(
            ["target", *stage_names],
            [[r["target_words"], *(f"{fmt((r['stages'].get(n) or {}).get('seconds'))} s / "
                                   f"{(r['stages'].get(n) or {}).get('generated_tokens', 0)} tok" for n in stage_names)]
             for r in d["pairs"] if r.get("stages")]), ""]
    return "\n".join(lines) + "\n"


STAGE_ORDER = ["plan", "draft", "checks", "repair", "truth", "summary", "styling", "other"]


def main(args: Any, argv: list[str] | None) -> int:
    targets = [int(t) for t in str(args.targets).split(",") if t.strip()]
    d: dict[str, Any] = {"command": command_line("bench.speed", argv), "date": now_iso(), "machine": machine_info(),
                         "targets": targets, "repeats": args.repeats, "seed": args.seed, "bars": BARS,
                         "vary_seed": bool(getattr(args, "vary_seed", False)),
                         "load_start": load(), "pairs": []}
    if not getattr(args, "no_compile", False):
        d["bytecode"] = compile_bytecode()
        log(f"bytecode of {d['bytecode']['folder']}: {'compiled' if d['bytecode']['compiled'] else 'NOT compiled'}")
    t0 = time.perf_counter()
    last_path = None
    with tempfile.TemporaryDirectory() as tmp:
        kept: dict[tuple[int, int], int] = {}  # (target, seed) -> the kept tokens of its last write
        for n, (w, seed, raw_first) in enumerate(schedule(targets, args.repeats, args.seed,
                                                          getattr(args, "vary_seed", False))):
            row = pair(w, seed, tmp, kept.get((w, seed), 0) if raw_first else 0)
            d["pairs"].append(row)
            if row.get("kept_tokens"):
                kept[(w, seed)] = row["kept_tokens"]
            last_path = row.get("path") or last_path
            log(f"{w} words (pair {n + 1}, seed {seed}, {row.get('order', 'AB')}): " + (row.get("error") or
                f"write {row['write']['wall_s']} s / {row['write']['cpu_s']} s CPU / {row['write']['peak_mib']} MiB, "
                f"raw {row['raw']['wall_s']} s / {row['raw']['cpu_s']} s CPU; wall x{fmt(row['wall_ratio'])}, "
                f"CPU x{fmt(row['cpu_ratio'])}, generated/kept {fmt(row['generated_per_kept'])} "
                f"(load {row['write']['load_before']})"))
        extra = check_and_help(last_path)
    d["check_help"] = extra
    d["summary"] = summarize(d["pairs"], extra)
    d["load_end"] = load()
    d["seconds"] = round(time.perf_counter() - t0, 1)
    base = Path(args.out) / f"speed-paired{'-' + args.label if args.label else ''}"
    write_json(base.with_suffix(".json"), d)
    base.with_suffix(".md").write_text(markdown(d), encoding="utf-8")
    log(f"wrote {base}.json/.md in {d['seconds']:.0f} s")
    print(markdown(d))
    return 0

