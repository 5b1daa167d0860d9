"""Import-graph figures for the layering (issue 12): package-level loops and imports inside functions.

    python -m bench.imports [--src src/blogwright] [-v]

A "package loop" is a pair of top-level packages/modules of blogwright that import each other
(directly). "Imports inside functions" counts `import` statements in function bodies, split into
blogwright's own modules (a sign of a dodged cycle) and third-party ones (lazy loading of heavy
optional libraries). "Front door bypasses" are the distinct pairs (cli or web -> a package other than
api, model, core); "with batch" counts batch/ as a front end too, as issue 26 first did. `lint-imports`
(make lint) enforces the layers and the front door; this script only reports.
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
        if node.module == "blogwright":  # `from blogwright import api, edits`: the modules named
            return [f"blogwright.{a.name}" for a in node.names]
        return [node.module or ""]
    base = mod.split(".")[: None if is_pkg else -1]
    base = base[: len(base) - (node.level - 1)]
    return [".".join(base + ([node.module] if node.module else []))]


FRONT_ENDS = ("cli", "web")  # batch/ was one before issue 26; it is now an engine under api
FRONT_DOOR = ("api", "model", "core")  # what a front end may import (issue 26)


def front_door(root: Path, fronts: tuple[str, ...] = FRONT_ENDS) -> list[str]:
    """Distinct (front end -> package) pairs that go around the front door: a module of cli/ or web/
    importing a blogwright package other than api, model, core or its own (imports under
    TYPE_CHECKING and `lazy("blogwright.x")` stand-ins count: they are imports made later).
    `from blogwright import __version__` names no package and is not counted."""
    packages = {p.stem for p in root.iterdir() if p.suffix == ".py" or (p / "__init__.py").is_file()}
    pairs = set()
    for front in fronts:
        for f in sorted((root / front).rglob("*.py")):
            mod, is_pkg = module_name(root, f)
            tree = ast.parse(f.read_text(encoding="utf-8"))
            found = [t for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))
                     for t in targets(node, mod, is_pkg)]
            found += [node.args[0].value for node in ast.walk(tree)
                      if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "lazy" and node.args
                      and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)]
            for t in found:
                if t.startswith("blogwright.") and top(t) in packages and top(t) not in (front, *FRONT_DOOR):
                    pairs.add(f"{front} -> {top(t)}")
    return sorted(pairs)


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
            "inner_locations": inner, "edges": {k: sorted(v) for k, v in sorted(edges.items())},
            "front_door_bypasses": front_door(root), "front_door_bypasses_with_batch": front_door(root, (*FRONT_ENDS, "batch"))}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.imports", description=__doc__.split("\n\n")[0])
    p.add_argument("--src", type=Path, default=Path("src/blogwright"))
    p.add_argument("-v", action="store_true", help="list where the inner imports are")
    args = p.parse_args(argv)
    data = figures(args.src)
    if not args.v:
        data.pop("inner_locations")
    data["front_door_bypass_count"] = len(data["front_door_bypasses"])
    data["front_door_bypass_count_with_batch"] = len(data["front_door_bypasses_with_batch"])
    print(json.dumps(data, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
