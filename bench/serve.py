"""The web page's cost: `blogwright serve` as a process writes one post over HTTP; prints the time
from the POST to the first streamed token, to the finished post and to its page (with per-part
checks), and the server's peak RSS (VmHWM). Linux only (reads /proc).

    python -m bench.serve --words 300 --voice snarky-mentor
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from .common import arg_parser


def main(argv: list[str] | None = None) -> int:
    p = arg_parser("bench.serve", __doc__, "a 150-word post")
    p.add_argument("--words", type=int, default=300)
    p.add_argument("--voice", default="snarky-mentor")
    p.add_argument("--port", type=int, default=8765)
    args = p.parse_args(argv)
    words = 150 if args.quick else args.words
    exe = str(Path(sys.executable).parent / "blogwright")
    server = subprocess.Popen([exe, "serve", "--port", str(args.port), "--out", f"{args.out}/tmp/serve"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(300):
            try:
                httpx.get(base + "/healthz")
                break
            except httpx.TransportError:
                time.sleep(0.1)
        t0 = time.perf_counter()
        r = httpx.post(base + "/write", data={"topic": "LLM Ops vs ML Ops", "voice": args.voice,
                                              "words": str(words), "model": args.model, "seed": str(args.seed)},
                       headers={"Origin": base})  # the server takes posts from its own pages only
        job = r.headers["location"].rsplit("/", 1)[1]
        first = None
        while True:
            state = httpx.get(f"{base}/api/jobs/{job}").json()
            if first is None and (state["tokens"] or state["parts"]):
                first = time.perf_counter() - t0
            if state["status"] != "running":
                break
            time.sleep(0.05)
        done = time.perf_counter() - t0
        httpx.get(f"{base}/posts/{job}", timeout=120)
        page = time.perf_counter() - t0
        rss = int(re.search(r"VmHWM:\s+(\d+)", Path(f"/proc/{server.pid}/status").read_text()).group(1))
    finally:
        server.send_signal(signal.SIGINT)
        server.communicate(timeout=60)
    print(f"{state['status']}: first token {first:.2f} s after the POST, post done {done:.1f} s, "
          f"post page {page:.1f} s, {state['tokens']} tokens streamed, server peak RSS {rss / 1024:.0f} MB")
    return 0 if state["status"] == "done" else 1


if __name__ == "__main__":
    raise SystemExit(main())
