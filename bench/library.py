"""The library at scale: index 10,000 files, add them again, search 100,000 passages.

1. `--files N` Markdown files (default 10,000) made from the paragraphs of the research corpus
   (tests/data/research/git: real Git documentation), two or three paragraphs each, are indexed with
   `blogwright library add` (the CLI, a real process, its progress bar on stderr) into a fresh log,
   with the real embedding model: wall time, passages, files per second.
2. The same command again (nothing changed: no file is read), then again after changing 10 files.
3. Search latency at `--passages` passages (default 100,000): the library's table is filled to that
   size with the indexed passages' vectors plus noise (embedding 100,000 real passages would take
   hours of both cores here), then `Library.search` is timed: the first search of a new process
   (vectors from the memory-mapped sidecar; the query embedded by MiniLM) and searches after it.

    python -m bench.library                     # 10,000 files, 100,000 passages
    python -m bench.library --files 500 --passages 20000 --out /tmp/x   # a quick look

    python -m bench.library --files 10000 --passages 0 --embedder overlap   # the library's own work at 10,000 files

Results: bench/results/library-<embedder>-<files>.json and .md.
"""

from __future__ import annotations

import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.common import arg_parser
from blogwright.text.html import extract_main_text

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "research" / "git"
QUERIES = ["how to save unfinished work without committing", "find the commit that introduced a bug",
           "rewrite history on top of another branch", "sign a tag with gpg", "undo the last commit",
           "list the branches that are merged", "check out two branches at the same time",
           "recover a lost commit from the reflog", "apply a single commit from another branch",
           "what is a detached HEAD"]


def paragraphs() -> list[str]:
    out = []
    for page in sorted(CORPUS.glob("*.html")):
        _, text = extract_main_text(page.read_text(encoding="utf-8"))
        out += [p for p in text.split("\n\n") if len(p.split()) >= 25 and not p.startswith("# ")]
    return out


def make_files(root: Path, n: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    paras = paragraphs()
    for i in range(n):
        folder = root / f"d{i // 500:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        body = "\n\n".join(rng.sample(paras, rng.choice((2, 3))))
        (folder / f"note-{i:05d}.md").write_text(f"# Note {i}\n\n{body}\n", encoding="utf-8")


def cli(env: dict, *args: str) -> tuple[float, dict, str]:
    t0 = time.perf_counter()
    r = subprocess.run([str(Path(sys.executable).parent / "blogwright"), *args], env=env, capture_output=True, text=True)
    secs = time.perf_counter() - t0
    if r.returncode != 0:
        raise SystemExit(f"{args} failed: {r.stderr[-2000:]}")
    return secs, json.loads(r.stdout) if r.stdout.strip().startswith("{") else {}, r.stderr


SEARCH_SNIPPET = """
import json, sys, time
t0 = time.perf_counter()
from blogwright.library import Library
from blogwright.store import Store
from blogwright import embeddings
embeddings.load_model()
t1 = time.perf_counter()
times = []
with Store() as store:
    lib = Library(store)
    for q in json.loads(sys.argv[1]):
        s = time.perf_counter(); hits = lib.search(q, k=5); times.append(time.perf_counter() - s)
print(json.dumps({"load_s": t1 - t0, "times": times, "top": hits[0].title if hits else None}))
"""


def fill_to(db_path: Path, passages: int, seed: int = 0) -> int:
    """Fill the library's table to `passages` rows: copies of the indexed vectors plus noise."""
    import sqlite3

    db = sqlite3.connect(db_path)
    rows = db.execute("SELECT file_id, title, location, heading, text, vector FROM library_passages").fetchall()
    have = len(rows)
    rng = np.random.default_rng(seed)
    fid = db.execute("SELECT MAX(id) FROM library_files").fetchone()[0] + 1
    db.execute("INSERT INTO library_files (id, path, sha256, kind, title, passages, added) VALUES (?,?,?,?,?,?,?)",
               (fid, "/synthetic", "0", "markdown", "synthetic", passages - have, time.time()))
    batch = []
    for i in range(passages - have):
        src = rows[i % have]
        v = np.frombuffer(src[5], dtype=np.float32) + rng.normal(0, 0.05, 384).astype(np.float32)
        v /= np.linalg.norm(v)
        batch.append((fid, i, src[1], src[2], src[3], src[4], v.astype(np.float32).tobytes()))
        if len(batch) >= 10_000:
            db.executemany("INSERT INTO library_passages (file_id, idx, title, location, heading, text, vector) "
                           "VALUES (?,?,?,?,?,?,?)", batch)
            batch = []
    if batch:
        db.executemany("INSERT INTO library_passages (file_id, idx, title, location, heading, text, vector) "
                       "VALUES (?,?,?,?,?,?,?)", batch)
    db.commit()
    total = db.execute("SELECT COUNT(*) FROM library_passages").fetchone()[0]
    db.close()
    return int(total)


def search_run(env: dict) -> dict:
    r = subprocess.run([sys.executable, "-c", SEARCH_SNIPPET, json.dumps(QUERIES)], env=env, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(r.stderr[-2000:])
    return json.loads(r.stdout.strip().splitlines()[-1])


def main() -> None:
    p = arg_parser("bench.library", __doc__, "500 files, 20,000 passages")
    p.add_argument("--files", type=int, default=10_000)
    p.add_argument("--passages", type=int, default=100_000, help="0: no search measurement")
    p.add_argument("--embedder", choices=("minilm", "overlap"), default="minilm",
                   help="overlap: the no-model fallback (hashed words), to time the library's own work at scale")
    p.add_argument("--search-again", type=Path, default=None,
                   help="the work folder of an earlier run (printed): time the searches again, nothing else")
    args = p.parse_args()
    if args.search_again:
        env = {**os.environ, "BLOGWRIGHT_HOME": str(args.search_again / "data"),
               "BLOGWRIGHT_CONFIG": str(args.search_again / "config.yaml")}
        runs = [search_run(env) for _ in range(3)]
        out = Path(args.out) / f"library-search-again-{args.embedder}.json"
        data = {"command": f"python -m bench.library --search-again {args.search_again}", "loadavg": os.getloadavg(),
                "runs_ms": [[round(t * 1000, 1) for t in r["times"]] for r in runs],
                "median_after_first_ms": round(statistics.median([t for r in runs for t in r["times"][1:]]) * 1000, 1),
                "first_of_a_new_process_ms": [round(r["times"][0] * 1000, 1) for r in runs]}
        out.write_text(json.dumps(data, indent=2) + "\n")
        print(json.dumps(data, indent=2))
        return
    if args.quick:
        args.files, args.passages = 500, 20_000
    work = Path(tempfile.mkdtemp(prefix="bench-library-"))
    print(f"work folder: {work}", flush=True)
    env = {**os.environ, "BLOGWRIGHT_HOME": str(work / "data"), "BLOGWRIGHT_CONFIG": str(work / "config.yaml")}
    if args.embedder == "overlap":
        env["BLOGWRIGHT_EMBEDDINGS_DIR"] = str(work / "no-embeddings")  # no model files: word overlap
    lib = work / "notes"
    make_files(lib, args.files, args.seed)
    first, report, stderr = cli(env, "library", "add", str(lib), "--json")
    again, report2, _ = cli(env, "library", "add", str(lib), "--json")
    changed = sorted(lib.rglob("*.md"))[:10]
    for f in changed:
        f.write_text(f.read_text() + "\nOne more line about git stash.\n")
    third, report3, _ = cli(env, "library", "add", str(lib), "--json")
    db_path = work / "data" / "logs.db"
    if args.passages:
        total = fill_to(db_path, args.passages, args.seed)
        cold = search_run(env)  # builds the sidecar from the table
        warm = search_run(env)  # a new process: vectors from the memory-mapped sidecar
    else:
        total, cold, warm = 0, {"times": [0, 0]}, {"times": [0, 0]}
    result = {
        "command": f"python -m bench.library --files {args.files} --passages {args.passages} --embedder {args.embedder}",
        "machine": {"cores": os.cpu_count(), "loadavg": os.getloadavg()},
        "index": {"files": report["files"], "passages": report["passages"], "seconds": round(first, 1),
                  "files_per_s": round(report["files"] / first, 1), "problems": len(report["problems"]),
                  "progress_bar_seen": bool(re.search(r"indexing|━", stderr)) or "captured (not a terminal)"},
        "re_add_unchanged": {"seconds": round(again, 2), "read": report2["read"], "added": report2["added"]},
        "re_add_10_changed": {"seconds": round(third, 2), "read": report3["read"], "added": report3["added"]},
        "search": {"passages": total,
                   "first_process_first_search_ms": round(cold["times"][0] * 1000, 1),
                   "first_process_median_ms": round(statistics.median(cold["times"][1:]) * 1000, 1),
                   "new_process_first_search_ms": round(warm["times"][0] * 1000, 1),
                   "new_process_median_ms": round(statistics.median(warm["times"][1:]) * 1000, 1),
                   "max_ms_after_first": round(max(warm["times"][1:]) * 1000, 1)},
    }
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    name = f"library-{args.embedder}-{args.files}"
    (out / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n")
    s = result["search"]
    md = [f"# Library at scale ({args.embedder} embeddings)", "", f"`{result['command']}` (2 shared cores; load average {result['machine']['loadavg']})", "",
          f"- indexed {report['files']:,} files ({report['passages']:,} passages) in {first:.0f} s "
          f"({result['index']['files_per_s']} files/s), with the progress bar of `blogwright library add`",
          f"- added again, nothing changed: {again:.1f} s, {report2['read']} files read, {report2['added']} embedded",
          f"- added again after changing 10 files: {third:.1f} s, {report3['read']} files read, {report3['added']} embedded",
          f"- search over {s['passages']:,} passages (query embedded by MiniLM included): first search of the process that "
          f"builds the sidecar {s['first_process_first_search_ms']} ms, then median {s['first_process_median_ms']} ms; "
          f"a new process: first {s['new_process_first_search_ms']} ms, median {s['new_process_median_ms']} ms, "
          f"max {s['max_ms_after_first']} ms"]
    if not args.passages:
        md = md[:-1]
    (out / f"{name}.md").write_text("\n".join(md) + "\n")
    print("\n".join(md))


if __name__ == "__main__":
    main()
