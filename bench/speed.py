"""Speed. By default (issue 28) whole `blogwright write` processes for 300-, 600- and 1,200-word posts,
each paired with a whole raw-decode process of the post's own token count, A B A B: wall and CPU
ratios, tokens generated / kept, peak memory, `check` and `--help` (see bench/speed_paired.py):

    python -m bench.speed [--targets 300,600,1200] [--repeats N] [--seed 1] [--label NAME]

With --in-process, the older in-process measurement: raw llama.cpp decode vs the pipeline's
effective tokens/s, KV-cache reuse, time to first token, peak memory, and how wall time grows with
the target length:

    python -m bench.speed --in-process [--quick] [--model local] [--seed N] [--out bench/results]

Raw decode: one free generation of --raw-tokens tokens straight from the Llama object
(`LocalBackend()._llm.generate`), timed from the first to the last token (decode + sampling, no
prefill), and llama.cpp's own perf counters (decode only). Effective tokens/s of a post: every
completion token the pipeline generated (kept or thrown away) / the post's wall time. A short raw
decode runs right before each post; the headline ratio is paired: sum over posts of (tokens / raw
tok/s just before) / sum of wall times, i.e. the share of wall time that decoding at raw speed
would need. Posts are written with stream=True (for the time to first token) plus one non-streamed
post. `--wait-quiet S` first waits for a quiet machine (timings more than double when another
process shares the cores). On
`--model fake` there is no decoder: only wall times, the length fit and memory are reported.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from . import speed_paired
from .common import arg_parser, backend_slug, command_line, fmt, log, machine_info, md_table, now_iso, write_json

TOPIC = "LLM Ops vs ML Ops"
RAW_PROMPT = "Write a long, detailed story about a lighthouse keeper and the storm that changed her life."
TARGETS = (300, 600, 1200, 2400)
QUICK_TARGETS = (150, 300, 600)
RATIO_BAR = 0.90


def raw_decode(llm: Any, n_tokens: int = 400, seed: int = 0) -> dict[str, Any]:
    """Decode speed of the bare Llama object: n tokens of free generation (EOS not honoured)."""
    import llama_cpp

    tokens = llm.tokenize(RAW_PROMPT.encode(), add_bos=True)
    llm.set_seed(seed)
    for _ in zip(range(8), llm.generate(tokens, temp=0.3, top_p=0.9, repeat_penalty=1.15)):
        pass  # warm-up
    llm.reset()  # no KV-cache prefix reuse: the perf counters then see the prefill too
    llama_cpp.llama_perf_context_reset(llm.ctx)
    stamps: list[float] = []
    t0 = time.perf_counter()
    for _tok in llm.generate(tokens, temp=0.3, top_p=0.9, repeat_penalty=1.15, reset=True):
        stamps.append(time.perf_counter())
        if len(stamps) >= n_tokens:
            break
    perf = llama_cpp.llama_perf_context(llm.ctx)
    loop_tps = (len(stamps) - 1) / (stamps[-1] - stamps[0])
    return {"tokens": len(stamps), "prompt_tokens": len(tokens),
            "first_token_s": round(stamps[0] - t0, 3), "decode_s": round(stamps[-1] - stamps[0], 3),
            "tokens_per_s": loop_tps,
            "perf_counter_tokens_per_s": perf.n_eval / (perf.t_eval_ms / 1000) if perf.t_eval_ms else None,
            "perf_counter_prefill_tokens_per_s": (perf.n_p_eval / (perf.t_p_eval_ms / 1000)
                                                  if perf.t_p_eval_ms else None)}


def pipeline_post(backend: Any, words: int, seed: int, stream: bool = True) -> dict[str, Any]:
    """Write one post; wall time, tokens, prefill split and the time to the first streamed token."""
    from blogwright.model.brief import make_brief
    from blogwright.model.events import CallFinished, Event, TokenStreamed
    from blogwright.pipeline.run import write_post
    from blogwright.store import Store
    from blogwright.voices import load_voice

    brief = make_brief(topic=TOPIC, voice="snarky-mentor", audience="newbie", words=words)
    calls: list[dict[str, Any]] = []
    first: list[float] = []
    t0 = time.perf_counter()

    def on_event(e: Event) -> None:
        if isinstance(e, TokenStreamed) and not first:
            first.append(time.perf_counter() - t0)
        elif isinstance(e, CallFinished):
            calls.append({"completion_tokens": e.completion_tokens, "seconds": e.seconds,
                          "tokens_per_s": e.tokens_per_s})

    post = write_post(brief, load_voice(brief.voice), backend, Store(None), seed=seed, stream=stream,
                      on_event=on_event)
    wall = time.perf_counter() - t0
    u = post.report.usage.model_dump() if post.report else {}
    ct, pt, cached = u.get("completion_tokens", 0), u.get("prompt_tokens", 0), u.get("cached_prompt_tokens", 0)
    return {"target_words": words, "stream": stream, "body_words": post.body_words, "wall_s": round(wall, 4),
            "model_s": round(u.get("model_seconds", 0.0), 4), "calls": u.get("calls", len(calls)),
            "completion_tokens": ct, "effective_tokens_per_s": ct / wall if wall else None,
            "in_call_tokens_per_s": ct / u["model_seconds"] if u.get("model_seconds") else None,
            "prompt_tokens": pt, "prefill_recomputed": pt - cached, "prefill_reused": cached,
            "ttft_s": round(first[0], 3) if first else None, "s_per_100_words": 100 * wall / words}


def wait_quiet(max_wait_s: float, below: float = 0.7) -> float:
    """Wait (up to max_wait_s) until the 1-minute load average drops below `below`; return it."""
    deadline = time.monotonic() + max_wait_s
    while os.getloadavg()[0] >= below and time.monotonic() < deadline:
        time.sleep(10)
    return os.getloadavg()[0]


def cli_run(model: str, words: int, out_dir: str) -> dict[str, Any]:
    """The whole `blogwright write` command under /usr/bin/time -v: wall time and peak RSS."""
    cmd = [sys.executable, "-m", "blogwright", "write", TOPIC, "--voice", "snarky-mentor",
           "--words", str(words), "--model", model, "--out", out_dir, "--no-log"]
    if not Path("/usr/bin/time").exists():
        return {"command": " ".join(cmd), "error": "/usr/bin/time not found"}
    proc = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True, timeout=1800)
    out: dict[str, Any] = {"command": shlex.join(["blogwright", *cmd[3:]]), "returncode": proc.returncode}
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    out["peak_rss_mb"] = round(int(m.group(1)) / 1024, 1) if m else None
    m = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", proc.stderr)
    if m:
        out["wall_s"] = round(int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3)), 2)
    return out


def fit_growth(words: list[int], seconds: list[float]) -> dict[str, Any]:
    """Linear and quadratic least-squares fits of wall time on target words, with R^2."""
    x, y = np.asarray(words, float), np.asarray(seconds, float)

    def r2(coef: np.ndarray) -> float:
        ss = float(((y - y.mean()) ** 2).sum())
        return 1 - float(((y - np.polyval(coef, x)) ** 2).sum()) / ss if ss else 1.0

    lin = np.polyfit(x, y, 1)
    out: dict[str, Any] = {"linear": {"s_per_word": lin[0], "intercept_s": lin[1], "r2": r2(lin)},
                           "s_per_word_by_target": {int(w): s / w for w, s in zip(words, seconds)}}
    if len(x) >= 3:
        quad = np.polyfit(x, y, 2)
        top = x.max()
        out["quadratic"] = {"a": quad[0], "b": quad[1], "c": quad[2], "r2": r2(quad),
                            "quadratic_share_at_max": quad[0] * top ** 2 / np.polyval(quad, top)}
    return out


def markdown_report(d: dict[str, Any]) -> str:
    lines = [f"# Speed on `{d['model']}`", "", f"- command: `{d['command']}`", f"- date: {d['date']}",
             f"- machine: {d['machine']['cores']} cores, {d['machine']['cpu_model']}, load at start "
             f"{d['machine'].get('load_average_at_start')}, at end {d['machine'].get('load_average_at_end')}",
             f"- code: {d['machine'].get('code') or 'n/a'}; llama.cpp threads: {d.get('threads') or 'n/a'}",
             f"- run time: {d['seconds']:.0f} s", ""]
    lines += [f"- note: {n}" for n in d["notes"]] + [""]
    raws = [(k, d[k]) for k in ("raw_decode", "raw_decode_end") if k in d]
    if raws:
        lines += ["## Raw decode (Llama object, free generation; at the start and at the end)", "",
                  md_table(["when", "tokens", "tok/s (generate loop)", "tok/s (perf counters)", "prefill tok/s"],
                           [[k.replace("raw_decode", "start").replace("start_end", "end"), r["tokens"],
                             r["tokens_per_s"], r["perf_counter_tokens_per_s"],
                             r["perf_counter_prefill_tokens_per_s"]] for k, r in raws]), ""]
    e = d["effective"]
    lines += ["## Headline", "", md_table(["figure", "value"], [
        ["effective tok/s (all streamed posts)", e.get("tokens_per_s")],
        ["raw decode tok/s (mean of start and end)", e.get("raw_tokens_per_s_mean")],
        ["effective / raw decode, paired (bar >= 0.90)", e.get("ratio_paired")],
        ["effective / raw decode (start+end mean)", e.get("ratio_to_raw")],
        ["effective / raw decode, perf-counter raw", e.get("ratio_to_raw_perf_counters")],
        ["bar met", e.get("bar_met")],
        ["effective tok/s, non-streamed post", e.get("nostream_tokens_per_s")],
        ["prefill recomputed (tokens, all posts)", d["prefill"].get("recomputed")],
        ["prefill reused from KV cache (tokens)", d["prefill"].get("reused")],
        ["reused share", d["prefill"].get("reused_share")],
        ["time to first token (s, per post)", ", ".join(fmt(p["ttft_s"]) for p in d["posts"] if p["stream"])],
        ["peak RSS this process (MB)", d["memory"].get("benchmark_process_peak_rss_mb")],
        ["peak RSS `blogwright write` (MB)", d["memory"].get("cli", {}).get("peak_rss_mb")],
        ["`blogwright write` wall (s)", d["memory"].get("cli", {}).get("wall_s")]]), ""]
    lines += ["## Posts", "", md_table(
        ["target", "stream", "words", "wall s", "model s", "calls", "completion tok", "eff tok/s",
         "in-call tok/s", "raw tok/s just before", "eff / raw", "prefill new", "prefill reused", "TTFT s", "s / 100 words"],
        [[p["target_words"], p["stream"], p["body_words"], p["wall_s"], p["model_s"], p["calls"],
          p["completion_tokens"], p["effective_tokens_per_s"], p["in_call_tokens_per_s"],
          p.get("raw_tokens_per_s_before"), p.get("ratio_to_raw_before"),
          p["prefill_recomputed"], p["prefill_reused"], p["ttft_s"], p["s_per_100_words"]]
         for p in d["posts"]]), ""]
    g = d["growth"]
    if not g:
        return "\n".join(lines) + "\n"
    lines += ["## Growth of wall time with target length", "",
              f"- linear: {fmt(g['linear']['s_per_word'], 4)} s/word + {fmt(g['linear']['intercept_s'])} s, "
              f"R^2 {fmt(g['linear']['r2'], 4)}"]
    if "quadratic" in g:
        q = g["quadratic"]
        lines.append(f"- quadratic: R^2 {fmt(q['r2'], 4)}; the x^2 term is {fmt(100 * q['quadratic_share_at_max'], 2)}% "
                     "of the fitted time at the longest target")
    lines.append("- seconds per word by target: " + ", ".join(
        f"{w}: {fmt(s, 4)}" for w, s in g["s_per_word_by_target"].items()))
    return "\n".join(lines) + "\n"


def plot(d: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    posts = [p for p in d["posts"] if p["stream"]]
    w = np.array([p["target_words"] for p in posts], float)
    s = np.array([p["wall_s"] for p in posts], float)
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4))
    a1.plot(w, s, "o", label="posts (stream)")
    xs = np.linspace(0, w.max() * 1.05, 100)
    g = d["growth"]
    if g:
        a1.plot(xs, g["linear"]["s_per_word"] * xs + g["linear"]["intercept_s"], "-", label="linear fit")
    if "quadratic" in g:
        q = g["quadratic"]
        a1.plot(xs, q["a"] * xs ** 2 + q["b"] * xs + q["c"], "--", label="quadratic fit")
    a1.set_xlabel("target words")
    a1.set_ylabel("wall seconds")
    a1.set_title("wall time vs target length")
    a1.legend()
    labels, values = [], []
    raw = d.get("raw_decode")
    if raw:
        labels.append("raw decode")
        values.append(raw["tokens_per_s"])
    for p in d["posts"]:
        if p["effective_tokens_per_s"] is not None and d["effective"].get("meaningful"):
            labels.append(f"{p['target_words']}w{'' if p['stream'] else ' nostream'}")
            values.append(p["effective_tokens_per_s"])
    a2.bar(labels, values, color=["tab:gray"] + ["tab:blue"] * (len(values) - 1) if raw else "tab:blue")
    if raw:
        a2.axhline(RATIO_BAR * d["effective"]["raw_tokens_per_s_mean"], color="tab:red", ls="--", label="0.90 x raw")
        a2.legend()
    a2.set_ylabel("tokens / s")
    a2.set_title("effective tokens/s per post" if values else "no decoder (fake backend)")
    a2.tick_params(axis="x", labelsize=8, rotation=30)
    fig.suptitle(f"speed on {d['model']}", fontsize=10)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = arg_parser("bench.speed", __doc__, "targets 150, 300, 600 words")
    p.add_argument("--raw-tokens", type=int, default=400, help="tokens of free generation for raw decode")
    p.add_argument("--paired-tokens", type=int, default=200,
                   help="tokens of raw decode measured right before each post (0: none)")
    p.add_argument("--wait-quiet", type=float, default=0, metavar="SECONDS",
                   help="first wait up to this long for the 1-min load average to drop below 0.7")
    p.add_argument("--no-cli", action="store_true", help="skip the /usr/bin/time run of `blogwright write`")
    p.add_argument("--in-process", action="store_true", help="the older in-process measurement (tokens/s, growth)")
    p.add_argument("--targets", default="300,600,1200", help="paired mode: target lengths, comma-separated")
    p.add_argument("--repeats", type=int, default=1,
                   help="paired mode: pairs per target, the same post each time (seed --seed), in the order A B, then "
                        "B A, A B ...: the medians are over the same post's runs")
    p.add_argument("--vary-seed", action="store_true",
                   help="paired mode: repeat N writes with seed --seed + N - 1 (other posts) instead of the same post")
    p.add_argument("--label", default="", help="paired mode: suffix of the result files")
    p.add_argument("--no-compile", action="store_true",
                   help="paired mode: do not compile blogwright's bytecode first (see speed_paired.compile_bytecode)")
    p.add_argument("--raw-threads", type=int, default=0, metavar="N",
                   help="(with --raw-decode) decode on N threads (0: the policy of `raw_threads`)")
    p.add_argument("--raw-decode", type=int, default=0, metavar="N",
                   help="(internal) be process B: load the model, decode N tokens, print JSON")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.raw_decode:
        return speed_paired.raw_decode_main(args.raw_decode, args.seed, args.raw_threads)
    if not args.in_process:
        return speed_paired.main(args, argv)
    from blogwright.backends import get_backend

    if args.wait_quiet:
        log(f"waiting up to {args.wait_quiet:.0f} s for a quiet machine (load {os.getloadavg()[0]:.2f})")
        log(f"load now {wait_quiet(args.wait_quiet):.2f}")
    t_start = time.perf_counter()
    backend = get_backend(args.model)
    real = hasattr(backend, "_llm")
    targets = QUICK_TARGETS if args.quick else TARGETS
    d: dict[str, Any] = {"command": command_line("bench.speed", argv), "date": now_iso(),
                         "machine": machine_info(), "model": f"{backend.name}:{backend.model}",
                         "backend": backend_slug(args.model, backend.model), "quick": args.quick,
                         "threads": getattr(backend, "n_threads", None),
                         "targets": list(targets), "posts": [], "notes": [], "interrupted": False}
    log(f"speed on {d['model']} (load {d['machine'].get('load_average_at_start')})")
    if not real:
        d["notes"].append("no llama.cpp decoder behind this backend: raw decode, tokens/s, prefill and "
                          "TTFT are not meaningful and are left out; wall times, the length fit and memory are real")
    try:
        if real:
            d["raw_decode"] = raw_decode(backend._llm, args.raw_tokens, args.seed)
            log(f"raw decode: {d['raw_decode']['tokens_per_s']:.1f} tok/s over {d['raw_decode']['tokens']} tokens")
        runs = [(w, True) for w in targets] + [(targets[1], False)]
        for i, (w, stream) in enumerate(runs, 1):
            paired = raw_decode(backend._llm, args.paired_tokens, args.seed) if real and args.paired_tokens else None
            p = pipeline_post(backend, w, args.seed, stream)
            if paired:
                p["raw_tokens_per_s_before"] = paired["tokens_per_s"]
                p["ratio_to_raw_before"] = p["effective_tokens_per_s"] / paired["tokens_per_s"]
            if not real:
                p.update(effective_tokens_per_s=None, in_call_tokens_per_s=None, ttft_s=None,
                         prefill_recomputed=None, prefill_reused=None)
            d["posts"].append(p)
            log(f"post {i}/{len(runs)}: {w} words{'' if stream else ' (no stream)'}: {p['wall_s']:.1f} s, "
                f"{p['completion_tokens']} tokens, eff {fmt(p['effective_tokens_per_s'])} tok/s, TTFT {fmt(p['ttft_s'])} s")
        if real:
            d["raw_decode_end"] = raw_decode(backend._llm, args.raw_tokens, args.seed)
            log(f"raw decode again: {d['raw_decode_end']['tokens_per_s']:.1f} tok/s")
        if not args.no_cli:
            with tempfile.TemporaryDirectory() as tmp:
                d.setdefault("memory", {})["cli"] = cli_run(args.model, targets[1], tmp)
            log(f"blogwright write under /usr/bin/time: {d['memory']['cli']}")
    except KeyboardInterrupt:
        d["interrupted"] = True
        log("interrupted: writing what is done so far")
    if not d["posts"]:
        return 130 if d["interrupted"] else 1
    streamed = [p for p in d["posts"] if p["stream"]]
    d.setdefault("memory", {})["benchmark_process_peak_rss_mb"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    eff: dict[str, Any] = {"meaningful": real}
    if real:
        tokens = sum(p["completion_tokens"] for p in streamed)
        eff["tokens_per_s"] = tokens / sum(p["wall_s"] for p in streamed)
        raws = [d[k]["tokens_per_s"] for k in ("raw_decode", "raw_decode_end") if k in d]
        eff["raw_tokens_per_s_mean"] = sum(raws) / len(raws)
        eff["ratio_to_raw"] = eff["tokens_per_s"] / eff["raw_tokens_per_s_mean"]
        eff["ratio_to_raw_perf_counters"] = eff["tokens_per_s"] / d["raw_decode"]["perf_counter_tokens_per_s"]
        if all("raw_tokens_per_s_before" in p for p in streamed):
            ideal = sum(p["completion_tokens"] / p["raw_tokens_per_s_before"] for p in streamed)
            eff["ratio_paired"] = ideal / sum(p["wall_s"] for p in streamed)
        eff["bar_met"] = eff.get("ratio_paired", eff["ratio_to_raw"]) >= RATIO_BAR
        nostream = [p for p in d["posts"] if not p["stream"]]
        eff["nostream_tokens_per_s"] = nostream[0]["effective_tokens_per_s"] if nostream else None
        new = sum(p["prefill_recomputed"] for p in d["posts"])
        reused = sum(p["prefill_reused"] for p in d["posts"])
        d["prefill"] = {"recomputed": new, "reused": reused, "reused_share": reused / (new + reused) if new + reused else None}
    else:
        d["prefill"] = {}
    d["effective"] = eff
    d["growth"] = (fit_growth([p["target_words"] for p in streamed], [p["wall_s"] for p in streamed])
                   if len(streamed) >= 2 else {})
    d["seconds"] = round(time.perf_counter() - t_start, 1)
    d["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    base = Path(args.out) / f"speed-{d['backend']}{'-quick' if args.quick else ''}"
    write_json(base.with_suffix(".json"), d)
    base.with_suffix(".md").write_text(markdown_report(d), encoding="utf-8")
    plot(d, base.with_suffix(".png"))
    log(f"wrote {base}.json/.md/.png in {d['seconds']:.0f} s")
    print(markdown_report(d))
    return 130 if d["interrupted"] else 0


if __name__ == "__main__":
    sys.exit(main())
