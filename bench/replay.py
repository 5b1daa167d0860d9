"""A whole `blogwright write` process without the model's decode (issue 28's fixed costs): record the
bundled model's answers once, then replay them in whole processes, so what is timed is Python's start,
the imports, the loads (spaCy, the word lists, MiniLM, the voice) and the model-free stages.

    python -m bench.replay record --words 300 --seed 1 --script /tmp/r300.json   # the real model, one write
    python -m bench.replay run /tmp/r300.json --words 300 --seed 1                # one replayed write (JSON out)
    python -m bench.replay run /tmp/r300.json --words 300 --seed 1 --keep /tmp/post  # ... keeping the post
    python -m bench.replay time /tmp/r300.json --words 300 --seed 1 --repeats 3 \\
        --src before=/tmp/main/src --src after=src [--label NAME] [--out bench/results]

`time` runs the replayed write under `/usr/bin/time -v`, one tree after the other (A B A B ...; a tree is
put first on PYTHONPATH, and has its own BLOGWRIGHT_HOME, warmed by one untimed run), and reports per tree the medians of wall and CPU seconds, peak RSS, the CPU
seconds before the first model call (imports, the plan, the loads it needs) and after the last one (the
checks, truth, TL;DR, saving). The replayed answers come back at once and count one token per piece, so
the figures are the write's cost beside the decode: both sides get the same answers.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from statistics import median
from typing import Any

from .common import DEFAULT_OUT, command_line, fmt, log, machine_info, md_table, now_iso, write_json

TOPIC = "LLM Ops vs ML Ops"


class Recording:
    """Wraps a backend and keeps every answer's pieces, in call order."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.calls: list[dict[str, Any]] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def complete(self, messages: Any, params: Any) -> Any:
        done = self.inner.complete(messages, params)
        self.calls.append({"pieces": [done.text], "tokens": done.completion_tokens})
        return done

    def stream(self, messages: Any, params: Any) -> Any:
        from blogwright.backends.base import Stream

        inner = self.inner.stream(messages, params)
        kept: list[str] = []
        self.calls.append({"pieces": kept})

        def pieces() -> Iterator[str]:
            try:
                for piece in inner._pieces:
                    kept.append(piece)
                    yield piece
            finally:
                close = getattr(inner._pieces, "close", None)
                if callable(close):
                    close()

        return Stream(pieces(), inner._finish)


class Replay:
    """A weak backend that gives back recorded answers in order ("" once they run out), at once."""

    weak = True
    supports_json_schema = False
    supports_word_bias = False
    name = "local"

    def __init__(self, calls: list[dict[str, Any]], model: str) -> None:
        self.answers = [c["pieces"] for c in calls]
        self.model = model
        self.used = 0
        self.first_cpu: float | None = None
        self.last_cpu = 0.0

    def _next(self) -> list[str]:
        now = time.process_time()
        self.first_cpu = now if self.first_cpu is None else self.first_cpu
        self.last_cpu = now
        self.used += 1
        return list(self.answers[self.used - 1]) if self.used <= len(self.answers) else [""]

    def _completion(self, text: str, n: int) -> Any:
        from blogwright.backends.base import Completion

        self.last_cpu = time.process_time()
        return Completion(text=text, completion_tokens=n, model=self.model)

    def complete(self, messages: Any, params: Any) -> Any:
        pieces = self._next()
        return self._completion("".join(pieces), len(pieces))

    def stream(self, messages: Any, params: Any) -> Any:
        from blogwright.backends.base import Stream

        pieces = self._next()
        return Stream(iter(pieces), lambda text: self._completion(text, len(pieces)))

    def close(self) -> None:
        pass


def write_argv(words: int, seed: int, out: str) -> list[str]:
    return ["write", TOPIC, "--voice", "snarky-mentor", "--audience", "newbie", "--words", str(words),
            "--seed", str(seed), "--out", out, "--json", "--no-log", "-q"]


def _run_cli(argv: list[str], backend_for: Any) -> int:
    """`blogwright <argv>` in this process, with `api.writing.get_backend` replaced."""
    from blogwright.api import writing
    from blogwright.cli import app

    real = writing.get_backend
    writing.get_backend = lambda *a, **k: backend_for(real, *a, **k)  # type: ignore[assignment]
    try:
        app(prog_name="blogwright", args=argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def record(args: argparse.Namespace) -> int:
    holder: dict[str, Any] = {}

    def wrap(real: Any, *a: Any, **k: Any) -> Any:
        holder["b"] = Recording(real(*a, **k))
        return holder["b"]

    with tempfile.TemporaryDirectory() as tmp:
        code = _run_cli(write_argv(args.words, args.seed, tmp), wrap)
    rec = holder.get("b")
    if rec is None:
        log("no backend was made")
        return 1
    write_json(Path(args.script), {"words": args.words, "seed": args.seed, "model": rec.inner.model, "calls": rec.calls})
    log(f"recorded {len(rec.calls)} calls into {args.script}")
    return code


def run(args: argparse.Namespace) -> int:
    start = time.process_time()  # the interpreter's own start is before this: /usr/bin/time counts it
    data = json.loads(Path(args.script).read_text(encoding="utf-8"))
    replay = Replay(data["calls"], data.get("model", "replay"))
    made: list[Any] = []

    def backend_for(real: Any, *a: Any, **k: Any) -> Replay:
        if args.load_model:  # load the bundled model where the write does (it is not used)
            made.append(real(*a, **k))
        return replay

    with tempfile.TemporaryDirectory() as tmp:
        code = _run_cli(write_argv(args.words, args.seed, args.keep or tmp), backend_for)
    end = time.process_time()
    stats = {"calls": len(replay.answers), "used": replay.used, "cpu_in_process": round(end - start, 3),
             "cpu_before_first_call": round((replay.first_cpu or end) - start, 3),
             "cpu_after_last_call": round(end - replay.last_cpu, 3)}
    if args.stats:
        Path(args.stats).write_text(json.dumps(stats), encoding="utf-8")
    else:
        sys.stderr.write(json.dumps(stats) + "\n")
    end_as_cli(code)
    return code


def end_as_cli(code: int) -> None:
    """End this process the way the tree's `blogwright` command ends (fixed35: `core.process.quick_exit`,
    without Python's teardown); a tree without it returns, and the process ends as that tree's CLI did."""
    try:
        from blogwright.core.process import quick_exit
    except ImportError:
        return
    quick_exit(code)


def _env(src: str, home: Path | None = None) -> dict[str, str]:
    env = {"PYTHONPATH": os.pathsep.join(p for p in (str(Path(src).resolve()), os.environ.get("PYTHONPATH", "")) if p)}
    if home is not None:  # the tree's own data folder: its caches are not another tree's (see `time_trees`)
        env["BLOGWRIGHT_HOME"] = str(home)
    return env


def _timed_run(args: argparse.Namespace, name: str, src: str, rep: int, stats: Path,
               home: Path | None = None) -> dict[str, Any]:
    """One replayed write of tree `name` under /usr/bin/time, with its in-process figures."""
    from .speed_paired import timed

    stats.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "bench.replay", "run", args.script, "--words", str(args.words),
           "--seed", str(args.seed), "--stats", str(stats), *(["--load-model"] if args.load_model else [])]
    a = timed(cmd, env=_env(src, home))
    inner = json.loads(stats.read_text(encoding="utf-8")) if stats.exists() else {}
    row = {"tree": name, "repeat": rep, **{k: v for k, v in a.items() if k != "stdout"}, **inner}
    try:
        post = json.loads(a["stdout"])
        row["words_out"] = post.get("words")
        row["stages"] = {k: v.get("seconds") for k, v in ((post.get("cost") or {}).get("stages") or {}).items()}
    except (json.JSONDecodeError, TypeError):
        row["error"] = "no JSON"
    log(f"{name} #{rep + 1}: wall {row['wall_s']} s, CPU {row['cpu_s']} s, {row['peak_mib']} MiB, "
        f"before 1st call {row.get('cpu_before_first_call')} s, after last {row.get('cpu_after_last_call')} s "
        f"(load {row['load_before']})")
    return row


SUMMED = ("wall_s", "cpu_s", "peak_mib", "cpu_before_first_call", "cpu_after_last_call")


def _compile(src: str) -> bool:
    """Compile the bytecode of the blogwright under `src` (what installing a wheel does)."""
    import subprocess

    code = "import compileall, os, blogwright; compileall.compile_dir(os.path.dirname(blogwright.__file__), quiet=1)"
    return subprocess.run([sys.executable, "-c", code], env={**os.environ, **_env(src)}, timeout=600).returncode == 0


def time_trees(args: argparse.Namespace) -> int:
    trees = [s.split("=", 1) if "=" in s else [s, s] for s in (args.src or ["after=src"])]
    d: dict[str, Any] = {"command": command_line("bench.replay", sys.argv[1:]), "date": now_iso(),
                         "machine": machine_info(), "script": args.script, "words": args.words, "seed": args.seed,
                         "load_model": args.load_model, "home_per_tree": args.own_home,
                         "trees": {name: path for name, path in trees}, "runs": []}
    if args.compile:
        d["bytecode"] = {name: _compile(src) for name, src in trees}
    with tempfile.TemporaryDirectory() as tmp:
        # each tree gets its own BLOGWRIGHT_HOME, filled by one untimed run: the caches a write keeps
        # there (voice profiles keyed by the code's mtimes, word lists) are then warm for every timed
        # run, as on an installation that wrote once; in one shared folder the trees removed each
        # other's voice profiles, and every run rebuilt them
        homes = {name: Path(tmp) / f"home-{i}" for i, (name, _) in enumerate(trees)} if args.own_home else {}
        for name, src in trees if homes else []:
            _timed_run(args, name, src, -1, Path(tmp) / "stats.json", homes[name])
        for rep in range(args.repeats):
            for name, src in trees:
                d["runs"].append(_timed_run(args, name, src, rep, Path(tmp) / "stats.json", homes.get(name)))
    d["summary"] = {name: {key: median([r[key] for r in d["runs"] if r["tree"] == name and r.get(key) is not None]
                                       or [float("nan")]) for key in SUMMED} for name, _ in trees}
    base = Path(args.out) / f"replay{'-' + args.label if args.label else ''}"
    write_json(base.with_suffix(".json"), d)
    md = markdown(d)
    base.with_suffix(".md").write_text(md, encoding="utf-8")
    print(md)
    return 0


def markdown(d: dict[str, Any]) -> str:
    keys = SUMMED
    head = ["tree", "wall s", "CPU s", "peak MiB", "CPU s before 1st call", "CPU s after last call"]
    runs = [[r["tree"], r.get("repeat"), *[fmt(r.get(k)) for k in keys], r.get("load_before"), r.get("used")]
            for r in d["runs"]]
    return "\n\n".join([
        f"# Replayed write, {d['words']} words, seed {d['seed']} ({d['date']})",
        f"`{d['command']}`; trees: " + ", ".join(f"{k} = `{v}`" for k, v in d["trees"].items())
        + ("; bytecode compiled first" if d.get("bytecode") else "")
        + ("; each tree in its own BLOGWRIGHT_HOME, warmed by one untimed run" if d.get("home_per_tree") else ""),
        "Medians:\n\n" + md_table(head, [[name, *[fmt(s[k]) for k in keys]] for name, s in d["summary"].items()]),
        "Runs in order:\n\n" + md_table(["tree", "repeat", *head[1:], "load", "calls replayed"], runs),
    ]) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.replay", description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    for name in ("record", "run", "time"):
        s = sub.add_parser(name)
        if name == "record":
            s.add_argument("--script", required=True, help="where to save the recorded answers (JSON)")
        else:
            s.add_argument("script")
        if name in ("run", "time"):
            s.add_argument("--load-model", action="store_true",
                           help="load the bundled model where the write does (the answers are still replayed)")
        if name == "run":
            s.add_argument("--stats", default="", help="write the in-process CPU figures here (JSON)")
            s.add_argument("--keep", default="", help="write the post into this folder (to diff two trees' posts)")
        s.add_argument("--words", type=int, default=300)
        s.add_argument("--seed", type=int, default=1)
        if name == "time":
            s.add_argument("--src", action="append", help="NAME=PATH of a tree's src (first on PYTHONPATH); repeatable")
            s.add_argument("--repeats", type=int, default=3)
            s.add_argument("--label", default="")
            s.add_argument("--compile", action="store_true", help="compile each tree's bytecode first")
            s.add_argument("--shared-home", dest="own_home", action="store_false",
                           help="run every tree in the user's data folder (default: one warmed-up folder per tree)")
            s.add_argument("--out", default=DEFAULT_OUT)
    args = p.parse_args(argv)
    return {"record": record, "run": run, "time": time_trees}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
