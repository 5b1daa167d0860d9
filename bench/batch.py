"""Posts per hour of `blogwright batch` at concurrency 1 vs 4 (and any others) against a local
OpenAI-compatible server with a simulated latency per request (bench/fake_openai.py: real HTTP on
127.0.0.1). The server runs in this process; each batch is a real `blogwright batch` process with its
own log, so the figures include start-up, the pipeline's own CPU work (checks, repairs) and the
queue's bookkeeping.

    python -m bench.batch                       # 8 posts of 600 words, 1.0 s a request, concurrency 1 and 4
    python -m bench.batch --quick               # 4 posts of 300 words, 0.3 s a request
    python -m bench.batch --concurrency 1 4 8 --posts 16 --latency 0.5 --p429 0.05

Writes bench/results/batch-fake-server[-quick].json and .md (with the command that made them).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .common import arg_parser, command_line, log, machine_info, md_table, now_iso, write_json
from .fake_openai import FakeOpenAI

TOPICS = ["Home composting basics", "Choosing a compost bin", "Worm farms for small flats", "Leaf mould in autumn",
          "Hot composting explained", "Composting coffee grounds", "Bokashi for beginners", "Compost tea myths",
          "Mulching with compost", "Compost and clay soil", "Community compost schemes", "Fixing smelly compost",
          "Compost in winter", "Green and brown materials", "Compost thermometers", "Raised beds and compost"]


def run_batch(server: FakeOpenAI, work: Path, posts: int, words: int, concurrency: int) -> dict:
    """One `blogwright batch` process on a fresh log and calendar; its wall time and report."""
    work.mkdir(parents=True)
    topics = [TOPICS[i % len(TOPICS)] + ("" if i < len(TOPICS) else f" part {i // len(TOPICS) + 1}") for i in range(posts)]
    (work / "cal.csv").write_text("topic,words\n" + "".join(f"{t},{words}\n" for t in topics))
    exe = str(Path(sys.executable).parent / "blogwright")
    cmd = [exe, "batch", "cal.csv", "--model", "openai:fake", "--base-url", server.url, "--concurrency",
           str(concurrency), "--out", "posts", "--json"]
    env = {**os.environ, "BLOGWRIGHT_HOME": str(work / "home"), "OPENAI_API_KEY": ""}
    before = len(server.log)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=work, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"blogwright batch failed ({proc.returncode}): {proc.stderr[-2000:]}")
    report = json.loads(proc.stdout)
    totals = report["totals"]
    return {"concurrency": concurrency, "posts": totals["posts"], "wall_s": round(wall, 2),
            "posts_per_hour": round(3600 * totals["posts"] / wall, 1),
            "calls_per_post": round(totals["calls"] / max(totals["posts"], 1), 1),
            "tokens_in_per_post": round(totals["tokens_in"] / max(totals["posts"], 1)),
            "tokens_out_per_post": round(totals["tokens_out"] / max(totals["posts"], 1)),
            "words_per_post": round(totals["words"] / max(totals["posts"], 1)),
            "requests": len(server.log) - before, "retries": report["retries"], "throttled": report["throttled"],
            "max_in_flight": server.max_inflight}


def main(argv: list[str] | None = None) -> int:
    p = arg_parser("bench.batch", __doc__, "4 posts of 300 words, 0.3 s a request")
    p.add_argument("--posts", type=int, default=8)
    p.add_argument("--words", type=int, default=600)
    p.add_argument("--latency", type=float, default=1.0, help="seconds the server takes per request")
    p.add_argument("--concurrency", type=int, nargs="+", default=[1, 4])
    p.add_argument("--p429", type=float, default=0.0, help="share of requests answered 429 (Retry-After 1 s)")
    p.add_argument("--p500", type=float, default=0.0, help="share of requests answered 500")
    args = p.parse_args(argv)
    posts, words, latency = (4, 300, 0.3) if args.quick else (args.posts, args.words, args.latency)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        for c in args.concurrency:
            with FakeOpenAI(latency=latency, p429=args.p429, p500=args.p500, seed=args.seed) as server:
                log(f"concurrency {c}: {posts} posts of {words} words, {latency} s a request")
                rows.append(run_batch(server, Path(tmp) / f"c{c}", posts, words, c))
                log(f"  {rows[-1]['wall_s']} s, {rows[-1]['posts_per_hour']} posts/hour")
    base = rows[0]["posts_per_hour"]
    for r in rows:
        r["speedup"] = round(r["posts_per_hour"] / base, 2) if base else None
    name = "batch-fake-server" + ("-quick" if args.quick else "")
    data = {"command": command_line("bench.batch", argv), "date": now_iso(), "machine": machine_info(),
            "server": {"latency_s": latency, "p429": args.p429, "p500": args.p500}, "posts": posts, "words": words,
            "rows": rows}
    out = Path(args.out)
    write_json(out / f"{name}.json", data)
    table = md_table(["concurrency", "posts", "wall (s)", "posts/hour", "speedup", "calls/post", "tokens in/post",
                      "tokens out/post", "most in flight", "retries"],
                     [[r["concurrency"], r["posts"], r["wall_s"], f"{r['posts_per_hour']:.0f}", r["speedup"], r["calls_per_post"],
                       r["tokens_in_per_post"], r["tokens_out_per_post"], r["max_in_flight"], r["retries"]] for r in rows])
    m = data["machine"]
    (out / f"{name}.md").write_text(
        f"# `blogwright batch`: posts per hour against a server with {latency} s per request\n\n"
        f"- command: `{data['command']}`\n- date: {data['date']}\n"
        f"- machine: {m['cores']} cores, {m['cpu_model']}, load at start {m.get('load_average_at_start')}\n"
        f"- code: {m['code']}\n"
        f"- server: bench/fake_openai.py on 127.0.0.1 in the benchmark's process, {latency} s per request, "
        f"429 share {args.p429}, 500 share {args.p500}; each batch a `blogwright batch` process on a fresh log\n"
        f"- posts: {posts} of {words} words each (the fake backend's text)\n\n{table}\n", encoding="utf-8")
    print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
