"""Import-graph figures for the layering (issue 12): package-level loops and imports inside functions.

    python -m bench.imports [--src src/blogwright] [-v]

A "package loop" is a pair of top-level packages/modules of blogwright that import each other
(directly). "Imports inside functions" counts `import` statements in function bodies, split into
blogwright's own modules (a sign of a dodged cycle) and third-party ones (lazy loading of heavy
optional libraries). `lint-imports` (make lint) enforces the layers; this script only reports.
"""

from __future__ import annotations

import argparse
import ast
import collections
import json
from pathlib import Path


def module_name(root: Path, f: Path) -> tuple[str, bool]:
    mod = ".".join(("blogwright", *f.relative_to(root).with_suffix("").parts))
    is_pkg = f.name == "__init__.py"
    return (mod.removesuffix(".__init__") if is_pkg else mod), is_pkg


def targets(node: ast.Import | ast.ImportFrom, mod: str, is_pkg: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    if not node.level:
        return [node.module or ""]
    base = mod.split(".")[: None if is_pkg else -1]
    base = base[: len(base) - (node.level - 1)]
    return [".".join(base + ([node.module] if node.module else []))]


def top(mod: str) -> str:
    parts = mod.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def figures(root: Path) -> dict:
    edges: dict[str, set[str]] = collections.defaultdict(set)
    inner = {"blogwright": [], "third_party": []}
    for f in sorted(root.rglob("*.py")):
        mod, is_pkg = module_name(root, f)
        tree = ast.parse(f.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for t in targets(node, mod, is_pkg):
                    if t.startswith("blogwright.") and top(t) != top(mod):
                        edges[top(mod)].add(top(t))
        for fn in ast.walk(tree):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for node in ast.walk(fn):
                    if isinstance(node, (ast.Import, ast.ImportFrom)):
                        own = any(t.startswith("blogwright") for t in targets(node, mod, is_pkg))
                        inner["blogwright" if own else "third_party"].append(f"{f}:{node.lineno}")
    loops = sorted({tuple(sorted((a, b))) for a in edges for b in edges[a] if a in edges.get(b, ())})
    return {"package_loops": [list(p) for p in loops], "imports_inside_functions": {k: len(v) for k, v in inner.items()},
            "inner_locations": inner, "edges": {k: sorted(v) for k, v in sorted(edges.items())}}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.imports", description=__doc__.split("\n\n")[0])
    p.add_argument("--src", type=Path, default=Path("src/blogwright"))
    p.add_argument("-v", action="store_true", help="list where the inner imports are")
    args = p.parse_args(argv)
    data = figures(args.src)
    if not args.v:
        data.pop("inner_locations")
    print(json.dumps(data, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
