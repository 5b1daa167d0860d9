"""Helpers shared by the benchmarks: briefs, machine facts, file names, output writing."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import re
import sys
import time
from pathlib import Path
from typing import Any

import yaml

BENCH_DIR = Path(__file__).resolve().parent
BRIEFS_FILE = BENCH_DIR / "briefs.yaml"
DEFAULT_OUT = "bench/results"


def arg_parser(module: str, doc: str, quick_help: str, seed: int = 0,
               model_help: str = "backend spec: local, local:/x.gguf, openai:MODEL, fake") -> argparse.ArgumentParser:
    """The options every benchmark takes: --quick, --model, --seed, --out."""
    p = argparse.ArgumentParser(prog=f"python -m {module}", description=doc.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help=quick_help)
    p.add_argument("--model", default="local", help=model_help)
    p.add_argument("--seed", type=int, default=seed)
    p.add_argument("--out", default=DEFAULT_OUT, help="results folder")
    return p


def posts_parser(module: str, doc: str) -> argparse.ArgumentParser:
    """The options of the benchmarks that write the issue-28 post at several targets and seeds
    (`bench.waste`, `bench.fixed_costs`): --targets, --seeds, --label, --model, --out."""
    p = argparse.ArgumentParser(prog=f"python -m {module}", description=doc.split("\n\n")[0])
    p.add_argument("--targets", default="300,600,1200")
    p.add_argument("--seeds", default="1,2")
    p.add_argument("--label", default="")
    p.add_argument("--model", default="local")
    p.add_argument("--out", default=DEFAULT_OUT)
    return p


def load_briefs(quick: bool = False, path: Path = BRIEFS_FILE) -> list[dict[str, Any]]:
    """The benchmark briefs; `quick` gives the 5 fixed ones with their short targets."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    briefs = data["briefs"]
    if not quick:
        return briefs
    by_id = {b["id"]: b for b in briefs}
    return [{**by_id[q["id"]], "words": q["words"]} for q in data["quick"]]


def backend_slug(spec: str, model_name: str = "") -> str:
    """A filesystem-safe name: `fake`, `local-smollm2-135m`, `openai-gpt-4o-mini`."""
    prefix = (spec or "local").partition(":")[0]
    if prefix == "fake":
        return "fake"
    name = Path(model_name).name if model_name else (spec.partition(":")[2] or "")
    name = re.sub(r"\.gguf$", "", name, flags=re.I)
    name = re.sub(r"\.(?:q\d\w*|f16|f32|bf16)$", "", name, flags=re.I)  # quantization suffix
    name = re.sub(r"[-_.]instruct$", "", name, flags=re.I)
    slug = re.sub(r"[^a-z0-9]+", "-", f"{prefix}-{name}".lower()).strip("-")
    return slug or prefix


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_info() -> dict[str, Any]:
    info: dict[str, Any] = {"cores": os.cpu_count(), "cpu_model": cpu_model(),
                            "python": platform.python_version(), "platform": platform.platform()}
    try:
        info["load_average_at_start"] = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        pass
    info["code"] = git_state()
    try:
        import llama_cpp

        info["llama_cpp_python"] = llama_cpp.__version__
    except ImportError:
        pass
    return info


def git_state() -> str:
    """`<commit>` of the repo, with `+dirty` when tracked files differ from it (or '')."""
    import subprocess

    root = BENCH_DIR.parent
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True,
                              text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""
    return head + ("+dirty" if dirty and head else "")


def command_line(module: str, argv: list[str] | None) -> str:
    args = sys.argv[1:] if argv is None else argv
    return " ".join(["python", "-m", module, *args])


def now_iso() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def log(msg: str) -> None:
    """Progress for CLI entries: stderr, flushed, with a wall-clock stamp."""
    sys.stderr.write(f"[{time.strftime('%H:%M:%S')}] {msg}\n")
    sys.stderr.flush()


def _jsonable(x: Any) -> Any:
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if isinstance(x, dict):
        return {k: _jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    if hasattr(x, "item") and callable(x.item):  # numpy scalars
        return _jsonable(x.item())
    return x


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(_jsonable(data), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def fmt(x: Any, digits: int = 3) -> str:
    """A table cell: numbers rounded, None/NaN as 'n/a'."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "n/a"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, float):
        if x == 0:
            return "0"
        if abs(x) >= 1000 or abs(x) < 0.01:
            return f"{x:.{digits}g}"
        return f"{x:.{digits}f}".rstrip("0").rstrip(".")
    return str(x)


def md_table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(fmt(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)
