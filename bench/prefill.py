"""Prompt prefill against decoding on the bundled model (issue 28, stop 35): what a prompt token costs.

Two measurements, both in this process with llama-cpp-python on the bundled GGUF:

    python -m bench.prefill kernels [--threads 1,2] [--sizes 1,4,10,20,40,80,120] [--types q4_0,q8_0]
                                    [--ubatch 512] [--repeats 3] [--label NAME] [--out bench/results]
    python -m bench.prefill calls [--words 600] [--seed 1] [--model local[:PATH]] [--label NAME] [--out bench/results]
    python -m bench.prefill copies --dir DIR [--types q4_0,q8_0]   (keep the requantized copies, e.g. for
        `blogwright write --model local:DIR/SmolLM2-135M-Instruct.Q4_1.q4_0.gguf`)
    python -m bench.prefill writes [--types q4_0,q8_0] [--words 600] [--seed 1] [--repeats 2]
    python -m bench.prefill nll [--files bench/voice-writers/*/heldout/*] [--max-tokens 4096] [--types q4_0,q8_0]

`kernels`: for each thread count and model, decoding (one token at a time after a 20-token context, the
median over 24 tokens) and a prompt of N tokens evaluated at once on an empty cache (`Llama.eval`, which
sends it to llama.cpp in batches of `n_batch`), in ms a token, and the prefill/decode ratio. `--types`
also times copies of the bundled model requantized to those types (`llama_model_quantize` into a
temporary folder; the bundled weights are Q4_1 with a Q8_0 output layer): llama.cpp's batched matrix
code (llamafile sgemm, the AVX2 repacking) covers Q4_0 and Q8_0, not Q4_1, so this says what the weight
type costs. The models are timed in turn in every repeat (A B A B), with the 1-minute load beside each.

`calls`: one post written in this process (`blogwright write "LLM Ops vs ML Ops" --voice snarky-mentor
--audience newbie --words W --seed S` as `bench.speed` writes it), every model call split into its
prompt (tokens, tokens computed and in how many `eval` batches, seconds) and its decoding (tokens,
seconds), and the rest of the call (sampling, the stream, the checks while streaming).

`writes`: whole `blogwright write` processes (the post `calls` writes, `--model local:COPY`) on the bundled
model and on each requantized copy, in turn (A B C A B C), under `/usr/bin/time -v`: wall, CPU, peak RSS,
tokens generated and kept, words, the gates that failed; the posts are kept beside the results.

`nll`: what a requantized copy costs in quality, as a proxy: the mean negative log-likelihood (and
perplexity) of human-written text (the voice bench's held-out posts) under the bundled model and each copy,
in 512-token windows.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .common import DEFAULT_OUT, command_line, fmt, log, machine_info, md_table, now_iso, write_json

TEXT = ("Here, LLM Ops means the practice of running large language models in production: prompts, "
        "evaluation, cost and monitoring. ") * 12
DECODE_CONTEXT = 20
DECODE_TOKENS = 24


def ints(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()]


def load1() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


@contextlib.contextmanager
def quiet_stderr() -> Iterator[None]:
    """llama.cpp's quantizer prints every tensor on fd 2: silenced while it runs."""
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def requantize(src: Path, kind: str, folder: Path) -> Path:
    """A copy of `src` with its quantized tensors converted to `kind` ("q4_0", "q8_0", ...)."""
    import llama_cpp

    ftype = getattr(llama_cpp, f"LLAMA_FTYPE_MOSTLY_{kind.upper()}")
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype, params.allow_requantize, params.nthread = ftype, True, 1
    dest = folder / f"{src.stem}.{kind}.gguf"
    with quiet_stderr():
        rc = llama_cpp.llama_model_quantize(str(src).encode(), str(dest).encode(), params)
    if rc != 0:
        raise RuntimeError(f"llama_model_quantize to {kind} failed ({rc})")
    return dest


def time_model(llm: Any, tokens: list[int], sizes: list[int]) -> dict[str, Any]:
    """One round on a loaded model: decode ms a token (median) and prefill ms for each size (fresh cache)."""
    llm.reset()
    llm.eval(tokens[:DECODE_CONTEXT])
    steps, cpu = [], []
    for i in range(DECODE_TOKENS):
        t0, c0 = time.perf_counter(), time.process_time()
        llm.eval([tokens[DECODE_CONTEXT + i]])
        steps.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    out: dict[str, Any] = {"decode_ms": statistics.median(steps) * 1000, "prefill_ms": {},
                           "decode_cpu_ms": sum(cpu) / len(cpu) * 1000, "prefill_cpu_ms": {}}
    for n in sizes:
        llm.reset()  # n_tokens 0: `eval` drops the whole cache first
        t0, c0 = time.perf_counter(), time.process_time()
        llm.eval(tokens[:n])
        out["prefill_ms"][n] = (time.perf_counter() - t0) * 1000
        out["prefill_cpu_ms"][n] = (time.process_time() - c0) * 1000
    return out


def summarize(rounds: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows per (model, threads, size): medians over the rounds of prefill ms a token and its ratio to
    the same round's decode ms a token; size 0 is the decode itself."""
    by: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for r in rounds:
        by.setdefault((r["model"], r["threads"]), []).append(r)
    rows = []
    for (model, threads), rs in by.items():
        decode = statistics.median(r["decode_ms"] for r in rs)
        cpus = [r["decode_cpu_ms"] for r in rs if r.get("decode_cpu_ms") is not None]
        rows.append({"model": model, "threads": threads, "size": 0, "ms_per_token": decode,
                     "tokens_per_s": 1000 / decode if decode else None, "ratio": 1.0,
                     "cpu_ms_per_token": statistics.median(cpus) if cpus else None, "cpu_ratio": 1.0 if cpus else None,
                     "load": [r["load"] for r in rs]})
        for n in sorted({int(k) for r in rs for k in r["prefill_ms"]}):
            per = [r["prefill_ms"][n] / n for r in rs if n in r["prefill_ms"]]
            ratios = [r["prefill_ms"][n] / n / r["decode_ms"] for r in rs if n in r["prefill_ms"] and r["decode_ms"]]
            timed = [r for r in rs if n in (r.get("prefill_cpu_ms") or {}) and r.get("decode_cpu_ms")]
            ms = statistics.median(per)
            rows.append({"model": model, "threads": threads, "size": n, "ms_per_token": ms,
                         "tokens_per_s": 1000 / ms if ms else None,
                         "ratio": statistics.median(ratios) if ratios else None,
                         "cpu_ms_per_token": statistics.median(r["prefill_cpu_ms"][n] / n for r in timed) if timed else None,
                         "cpu_ratio": statistics.median(r["prefill_cpu_ms"][n] / n / r["decode_cpu_ms"] for r in timed)
                         if timed else None,
                         "load": [r["load"] for r in rs]})
    return rows


def kernels(args: argparse.Namespace) -> dict[str, Any]:
    import llama_cpp

    sizes, threads = ints(args.sizes), ints(args.threads)
    with tempfile.TemporaryDirectory(prefix="bench-prefill-") as tmp:
        timed = models(args.types, Path(tmp))
        tokens_by: dict[str, list[int]] = {}
        rounds: list[dict[str, Any]] = []
        for rep in range(args.repeats):
            for th in threads:
                for name, path in timed.items():
                    llm = llama_cpp.Llama(model_path=str(path), n_ctx=1024, n_threads=th, n_threads_batch=th,
                                          n_batch=512, n_ubatch=args.ubatch, verbose=False)
                    toks = tokens_by.setdefault(name, llm.tokenize(TEXT.encode(), add_bos=True))
                    if rep == 0:
                        time_model(llm, toks, sizes[:2])  # warm-up: the weights' pages read in
                    r = time_model(llm, toks, sizes)
                    llm.close()
                    rounds.append({"repeat": rep, "model": name, "threads": th, "load": load1(), **r})
                    log(f"repeat {rep} {name} {th} threads: decode {r['decode_ms']:.1f} ms, "
                        f"prefill {sizes[-1]} tokens {r['prefill_ms'][sizes[-1]] / sizes[-1]:.1f} ms/token")
    return {"rounds": rounds, "rows": summarize(rounds), "ubatch": args.ubatch, "sizes": sizes}


def models(types: str, folder: Path) -> dict[str, Path]:
    """The bundled model and its copies requantized to each of `types` (in `folder`), by name."""
    from blogwright.backends.local import bundled_model_path

    bundled = bundled_model_path()
    out = {"bundled (Q4_1)": bundled}
    for kind in [k.strip() for k in types.split(",") if k.strip()]:
        out[f"requantized {kind.upper()}"] = requantize(bundled, kind, folder)
    return out


def mean_nll(scores: Any, targets: list[int]) -> float:
    """Summed negative log-likelihood of `targets` (one a row) under the rows of logits `scores`."""
    import numpy as np

    logits = np.asarray(scores, dtype=np.float64)
    top = logits.max(axis=1)
    lse = top + np.log(np.exp(logits - top[:, None]).sum(axis=1))
    return float((lse - logits[np.arange(len(targets)), targets]).sum())


def nll(args: argparse.Namespace) -> dict[str, Any]:
    import glob
    import math

    import llama_cpp

    files = sorted(f for pattern in args.files for f in glob.glob(pattern))
    text = "\n\n".join(Path(f).read_text(encoding="utf-8") for f in files)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-prefill-") as tmp:
        for name, path in models(args.types, Path(tmp)).items():
            llm = llama_cpp.Llama(model_path=str(path), n_ctx=1024, n_threads=1, n_batch=512, logits_all=True,
                                  verbose=False)
            toks = llm.tokenize(text.encode(), add_bos=True)[:args.max_tokens + 1]
            total, n = 0.0, 0
            for start in range(0, len(toks) - 1, 512):
                window = toks[start:start + 513]
                llm.reset()
                llm.eval(window[:-1])
                total += mean_nll(llm.scores[:len(window) - 1], window[1:])
                n += len(window) - 1
            llm.close()
            rows.append({"model": name, "tokens": n, "mean_nll": total / n, "perplexity": math.exp(total / n),
                         "file_mib": path.stat().st_size / 2**20})
            log(f"{name}: {n} tokens, mean NLL {total / n:.4f}")
    return {"rows": rows, "files": files}


def nll_markdown(data: dict[str, Any]) -> str:
    return md_table(["model", "file MiB", "tokens", "mean NLL (nats)", "perplexity"],
                    [[r["model"], fmt(r["file_mib"], 1), r["tokens"], fmt(r["mean_nll"], 4), fmt(r["perplexity"], 3)]
                     for r in data["rows"]])


def writes(args: argparse.Namespace) -> dict[str, Any]:
    import json

    from .speed_paired import TOPIC, timed

    out_dir = Path(args.out) / f"prefill-writes-{args.label or 'posts'}"
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-prefill-") as tmp:
        which = models(args.types, Path(tmp))
        for rep in range(args.repeats):
            for name, path in which.items():
                post_dir = Path(tmp) / f"{rep}-{len(rows)}"
                cmd = [sys.executable, "-m", "blogwright", "write", TOPIC, "--voice", "snarky-mentor", "--audience",
                       "newbie", "--words", str(args.words), "--seed", str(args.seed), "--model", f"local:{path}",
                       "--out", str(post_dir), "--json", "--no-log", "-q"]
                r = timed(cmd)
                try:
                    post = json.loads(r.pop("stdout"))
                except json.JSONDecodeError:
                    post = {}
                cost = post.get("cost") or {}
                row = {"repeat": rep, "model": name, **r, "words": post.get("words"), "calls": cost.get("calls"),
                       "generated": cost.get("generated_tokens"), "kept": cost.get("kept_tokens"),
                       "failed": sorted(n for n, g in ((post.get("report") or {}).get("gates") or {}).items()
                                        if not g.get("passed")),
                       "score": (post.get("report") or {}).get("score")}
                if post.get("path") and Path(post["path"]).is_file():
                    out_dir.mkdir(parents=True, exist_ok=True)
                    slug = name.split()[-1].strip("()").lower()
                    (out_dir / f"{args.words}-seed{args.seed}-{slug}.md").write_text(
                        Path(post["path"]).read_text(encoding="utf-8"), encoding="utf-8")
                rows.append(row)
                log(f"{name}: wall {r['wall_s']} s, CPU {r['cpu_s']} s, {r['peak_mib']} MiB, {row['generated']}/{row['kept']} tokens")
    return {"rows": rows, "posts": str(out_dir)}


def writes_markdown(data: dict[str, Any]) -> str:
    return md_table(["repeat", "model", "wall s", "CPU s", "peak MiB", "words", "calls", "generated", "kept",
                     "gate score", "failed gates", "load before"],
                    [[r["repeat"], r["model"], r["wall_s"], r["cpu_s"], r["peak_mib"], r["words"], r["calls"],
                      r["generated"], r["kept"], r["score"], ", ".join(r["failed"]) or "none", r["load_before"]] for r in data["rows"]])


def kernels_markdown(data: dict[str, Any]) -> str:
    rows = [[r["model"], r["threads"], "decode (1 token)" if r["size"] == 0 else r["size"], fmt(r["ms_per_token"], 2),
             fmt(r["tokens_per_s"], 1), fmt(r["ratio"], 2), fmt(r.get("cpu_ms_per_token"), 2), fmt(r.get("cpu_ratio"), 2),
             ", ".join(fmt(x, 2) for x in r["load"])]
            for r in data["rows"]]
    return md_table(["model", "threads", "prompt tokens at once", "wall ms a token (median)", "tokens/s (wall)",
                     "x decode (wall)", "CPU ms a token", "x decode (CPU)", "load (1 min) per repeat"], rows)


def calls(args: argparse.Namespace) -> dict[str, Any]:
    """The per-call split of one post written in this process (see the module's docstring)."""
    from blogwright.backends import get_backend
    from blogwright.model.brief import make_brief
    from blogwright.model.events import CallFinished
    from blogwright.pipeline.run import write_post
    from blogwright.store import Store
    from blogwright.voices import load_voice

    backend = get_backend(args.model)
    llm = backend._llm
    inner_eval, inner_gen = llm.eval, llm.generate
    cur: dict[str, Any] = {}
    done: list[dict[str, Any]] = []

    def timed_eval(tokens: Any) -> None:
        t0 = time.perf_counter()
        inner_eval(tokens)
        dt = time.perf_counter() - t0
        if len(tokens) == 1 and cur.get("decoding"):
            cur["decoded"] += 1
            cur["decode_s"] += dt
        else:
            cur["batches"].append(len(tokens))
            cur["prefill_s"] += dt
            cur["decoding"] = True

    def generate(tokens: Any, *a: Any, **k: Any) -> Any:
        cur.clear()
        cur.update(prompt=len(tokens), batches=[], prefill_s=0.0, decoded=0, decode_s=0.0, decoding=False)
        yield from inner_gen(tokens, *a, **k)

    def on_event(e: Any) -> None:
        if isinstance(e, CallFinished):
            c = {k: v for k, v in cur.items() if k != "decoding"}
            c.update(stage=e.stage, seconds=e.seconds, computed=sum(cur.get("batches", [])))
            done.append(c)

    llm.eval, llm.generate = timed_eval, generate
    brief = make_brief(topic="LLM Ops vs ML Ops", voice="snarky-mentor", audience="newbie", words=args.words)
    load_before = load1()
    t0, c0 = time.perf_counter(), time.process_time()
    write_post(brief, load_voice(brief.voice), backend, Store(None), seed=args.seed, on_event=on_event)
    totals = {k: round(sum(c[k] for c in done), 3) for k in ("prompt", "computed", "prefill_s", "decoded", "decode_s", "seconds")}
    totals.update(calls=len(done), wall=round(time.perf_counter() - t0, 2), cpu=round(time.process_time() - c0, 2),
                  load=[load_before, load1()], threads=backend.n_threads, batch_threads=backend.n_threads_batch)
    totals["other_s"] = round(totals["seconds"] - totals["prefill_s"] - totals["decode_s"], 3)
    return {"calls": done, "totals": totals, "words": args.words, "seed": args.seed, "model": args.model}


def calls_markdown(data: dict[str, Any]) -> str:
    rows = [[i, c["stage"], c["prompt"], c["computed"], len(c["batches"]), fmt(c["prefill_s"], 3), c["decoded"],
             fmt(c["decode_s"], 3), fmt(c["seconds"] - c["prefill_s"] - c["decode_s"], 3), fmt(c["seconds"], 3)]
            for i, c in enumerate(data["calls"])]
    t = data["totals"]
    rows.append(["all", "", t["prompt"], t["computed"], sum(len(c["batches"]) for c in data["calls"]),
                 fmt(t["prefill_s"], 3), t["decoded"], fmt(t["decode_s"], 3), fmt(t["other_s"], 3), fmt(t["seconds"], 3)])
    return md_table(["call", "stage", "prompt tokens", "computed", "eval batches", "prefill s", "decoded tokens",
                     "decode s", "other s", "call s"], rows)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.prefill", description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="what", required=True)
    k = sub.add_parser("kernels")
    k.add_argument("--threads", default="1,2")
    k.add_argument("--sizes", default="1,4,10,20,40,80,120")
    k.add_argument("--types", default="q4_0,q8_0", help="requantized copies to time too ('' for none)")
    k.add_argument("--ubatch", type=int, default=512)
    k.add_argument("--repeats", type=int, default=3)
    c = sub.add_parser("calls")
    c.add_argument("--words", type=int, default=600)
    c.add_argument("--seed", type=int, default=1)
    c.add_argument("--model", default="local", help="local or local:PATH (a GGUF, e.g. a copy made by `copies`)")
    cp = sub.add_parser("copies")
    cp.add_argument("--dir", required=True)
    cp.add_argument("--types", default="q4_0,q8_0")
    w = sub.add_parser("writes")
    w.add_argument("--types", default="q4_0,q8_0")
    w.add_argument("--words", type=int, default=600)
    w.add_argument("--seed", type=int, default=1)
    w.add_argument("--repeats", type=int, default=2)
    q = sub.add_parser("nll")
    q.add_argument("--files", nargs="+", default=["bench/voice-writers/*/heldout/*"])
    q.add_argument("--max-tokens", type=int, default=4096)
    q.add_argument("--types", default="q4_0,q8_0")
    for s in (k, c, w, q):
        s.add_argument("--label", default="")
        s.add_argument("--out", default=DEFAULT_OUT)
    args = p.parse_args(argv)
    if args.what == "copies":
        Path(args.dir).mkdir(parents=True, exist_ok=True)
        for name, path in models(args.types, Path(args.dir)).items():
            print(name, path)
        return 0
    run, show = {"kernels": (kernels, kernels_markdown), "calls": (calls, calls_markdown), "nll": (nll, nll_markdown),
                 "writes": (writes, writes_markdown)}[args.what]
    data = run(args)
    name = f"prefill-{args.what}" + (f"-{args.label}" if args.label else "")
    data.update(command=command_line("bench.prefill", argv), date=now_iso(), machine=machine_info(),
                env={k: os.environ[k] for k in ("BLOGWRIGHT_THREADS", "BLOGWRIGHT_BATCH_THREADS") if k in os.environ})
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    write_json(out / f"{name}.json", data)
    table = show(data)
    head = f"# Prompt prefill against decoding ({name})\n\n`{data['command']}`, {data['date']}" + \
        (f", env {data['env']}" if data["env"] else "") + "\n\n"
    (out / f"{name}.md").write_text(head + table + "\n", encoding="utf-8")
    print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
