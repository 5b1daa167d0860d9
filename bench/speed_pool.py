"""Pairs of `bench.speed` runs summed up: `python -m bench.speed_pool "bench/results/speed-paired-final35*-t2.json"`.

Each file is one side of an A B A B session (`after` or `before` in its name). The raw decode beside every write is
the same process whichever code the write runs (`speed_paired.raw_decode_main`), and on this machine it alone moves
by 30-45% between runs, so a single pair's ratio says little. Printed per target: the median of each side's pair
ratios, and each side's median write against the median of ALL the raw decodes of that target (both sides pooled).
"""

from __future__ import annotations

import argparse
import glob
import json
import statistics as st
from pathlib import Path
from typing import Any


def side_of(path: str) -> str:
    name = Path(path).name
    return "after" if "after" in name else "before" if "before" in name else name


def pool(paths: list[str]) -> dict[int, dict[str, Any]]:
    """{target words: {"raw": {...}, "before"/"after": {...}}} from the runs' JSON files."""
    runs: dict[int, list[tuple[str, dict]]] = {}
    for path in sorted(paths):
        for pair in json.loads(Path(path).read_text(encoding="utf-8"))["pairs"]:
            runs.setdefault(pair["target_words"], []).append((side_of(path), pair))
    out: dict[int, dict[str, Any]] = {}
    for target, pairs in sorted(runs.items()):
        raw_wall = st.median(p["raw"]["wall_s"] for _, p in pairs)
        raw_cpu = st.median(p["raw"]["cpu_s"] for _, p in pairs)
        row: dict[str, Any] = {"raw": {"wall_s": raw_wall, "cpu_s": raw_cpu,
                                       "wall_range": [min(p["raw"]["wall_s"] for _, p in pairs),
                                                      max(p["raw"]["wall_s"] for _, p in pairs)]}}
        for side in sorted({s for s, _ in pairs}):
            mine = [p for s, p in pairs if s == side]
            wall, cpu = st.median(p["write"]["wall_s"] for p in mine), st.median(p["write"]["cpu_s"] for p in mine)
            row[side] = {
                "pairs": len(mine),
                "wall_x": round(st.median(p["write"]["wall_s"] / p["raw"]["wall_s"] for p in mine), 3),
                "cpu_x": round(st.median(p["write"]["cpu_s"] / p["raw"]["cpu_s"] for p in mine), 3),
                "wall_x_pooled": round(wall / raw_wall, 3), "cpu_x_pooled": round(cpu / raw_cpu, 3),
                "write_wall_s": wall, "write_cpu_s": cpu,
                "generated_per_kept": sorted({p["generated_per_kept"] for p in mine}),
                "words": sorted({p["words"] for p in mine}),
                "peak_mib": max(p["write"]["peak_mib"] for p in mine),
            }
        out[target] = row
    return out


def markdown(pooled: dict[int, dict[str, Any]]) -> str:
    lines = ["| target | side | pairs | wall x (median of pairs) | wall x (pooled raw) | CPU x (median of pairs) | "
             "CPU x (pooled raw) | write CPU s | generated/kept | words | peak MiB |", "|" + "---|" * 11]
    for target, row in pooled.items():
        for side, d in row.items():
            if side != "raw":
                lines.append(f"| {target} | {side} | {d['pairs']} | {d['wall_x']} | {d['wall_x_pooled']} | {d['cpu_x']} | "
                             f"{d['cpu_x_pooled']} | {d['write_cpu_s']} | {d['generated_per_kept']} | {d['words']} | "
                             f"{d['peak_mib']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.speed_pool", description=__doc__.splitlines()[0])
    ap.add_argument("pattern", nargs="+", help="JSON files of bench.speed runs, or glob patterns")
    args = ap.parse_args(argv)
    paths = [p for pattern in args.pattern for p in (glob.glob(pattern) or [pattern])]
    print(markdown(pool(paths)))  # noqa: T201 - a bench's report
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
