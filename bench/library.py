"""The library at scale: index 10,000 files, add them again, search them (and 100,000 passages).

1. `--files N` Markdown notes (default 10,000) are indexed with `blogwright library add` (the CLI, a
   real process, its progress bar on stderr, under /usr/bin/time for its peak memory) into a fresh
   log, with the real embedding model: wall time, passages, files and passages per second. The
   library's file and passage counts are sampled every 15 s into <work>/data/progress.jsonl.
   The notes: with `--corpus DIR`, real documents (*.rst, *.md) cut into notes of 80-320 words, one
   section's consecutive prose each, under the document's title and the section's heading (see
   `corpus_notes`); without it, paragraphs of tests/data/research/git recombined (many repeats).
2. The same command again (nothing changed: no file is read), then again after changing 10 files.
3. Search latency over the library's real vectors: 25 real questions (10 for the Git corpus), each
   embedded afresh (MiniLM, included in the time), in 3 new processes: median, p95, the first search
   of each process, peak memory, the top hit of each query.
4. `--passages N`: the table filled to N passages with the indexed vectors plus noise (embedding
   100,000 real passages would take hours of both cores here; the latency of the product does not
   depend on the values), searched the same way.

The corpus used for bench/results/library-minilm-10000-corpus.*: the PEPs (python/peps at ba4deeb,
`peps/*.rst`, public domain / CC0-1.0) and the Rust RFCs (rust-lang/rfcs at 354518a, `text/*.md`,
MIT / Apache-2.0), exported with `git archive HEAD peps` and `git archive HEAD text` into one folder.

    python -m bench.library --files 10000 --passages 0 --corpus /tmp/corpus23 --work /tmp/bl23/work
    python -m bench.library --search-again /tmp/bl23/work --corpus /tmp/corpus23            # searches only
    python -m bench.library --search-again /tmp/bl23/work --corpus /tmp/corpus23 --fill 100000
    python -m bench.library --files 500 --passages 20000 --out /tmp/x   # a quick look (Git corpus)
    python -m bench.library --files 10000 --passages 0 --embedder overlap   # the library's own work at 10,000 files

`--work DIR` keeps the notes and the log in DIR; run again with the same DIR after a stop and `add`
goes on where it was (files already indexed are not read again).

Results: bench/results/library-<embedder>-<files>[-corpus].json and .md.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
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


RST_RULE = re.compile(r"^([=\-~^\"'`#*+])\1{2,}\s*$")
NOTE_WORDS = (80, 320)  # a note's words: notes-sized (an Obsidian note, a Hugo page's section)


def _sections(path: Path) -> tuple[str, list[tuple[str, list[str]]]]:
    """A PEP (reStructuredText) or an RFC (Markdown) as its title and (heading, prose paragraphs):
    code blocks, tables, directives and header fields are left out, as a person's notes would."""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    title = path.stem
    sections: list[tuple[str, list[str]]] = [("", [])]
    para: list[str] = []
    fence = False

    def end_para() -> None:
        text = " ".join(x.strip() for x in para)
        para.clear()
        words = text.split()
        if len(words) >= 12 and not text.startswith(("..", "|", "+", ":", "PEP:", "-", "Feature Name")):
            sections[-1][1].append(re.sub(r":\w+:`([^`<]*?)(?: <[^>]*>)?`", r"\1", text).replace("``", "`"))

    for i, line in enumerate(lines):
        if line.startswith("Title: ") and title == path.stem:
            title = f"PEP {path.stem.split('-')[-1].lstrip('0')}: {line[7:].strip()}"
        if line.strip().startswith("```"):
            fence = not fence
            end_para()
            continue
        if fence:
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if RST_RULE.match(line):
            continue
        if RST_RULE.match(nxt) and line.strip() and len(nxt.strip()) >= len(line.strip()) - 1:
            end_para()
            sections.append((line.strip(), []))
            continue
        if line.startswith("#"):
            end_para()
            heading = line.lstrip("#").strip()
            if line.startswith("# ") and title == path.stem:
                title = heading
            sections.append((heading, []))
            continue
        if not line.strip() or line.startswith(("    ", "\t")):
            end_para()
            continue
        para.append(line)
    end_para()
    if title == path.stem and path.suffix == ".md":
        title = "RFC " + path.stem.replace("-", " ", 1)
    return title, [(h, ps) for h, ps in sections if ps]


def corpus_notes(folder: Path, n: int, seed: int = 0) -> list[tuple[str, str]]:
    """Up to n (title, Markdown) notes from the documents under `folder` (*.rst, *.md): each note
    is consecutive prose of one section, 80-320 words, under a title and its heading."""
    rng = random.Random(seed)
    notes: list[tuple[str, str]] = []
    for path in sorted([*folder.rglob("*.rst"), *folder.rglob("*.md")]):
        title, sections = _sections(path)
        for heading, paras in sections:
            want, body = rng.randint(*NOTE_WORDS), []
            for para in paras:
                body.append(para)
                if sum(len(b.split()) for b in body) >= want:
                    notes.append((f"{title} - {heading}" if heading else title, "\n\n".join(body)))
                    want, body = rng.randint(*NOTE_WORDS), []
            if sum(len(b.split()) for b in body) >= NOTE_WORDS[0] // 2:
                notes.append((f"{title} - {heading}" if heading else title, "\n\n".join(body)))
    rng.shuffle(notes)
    return notes[:n]


def write_notes(root: Path, notes: list[tuple[str, str]]) -> None:
    for i, (title, body) in enumerate(notes):
        folder = root / f"d{i // 500:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        safe = title.replace('"', "'")
        (folder / f"note-{i:05d}.md").write_text(f'---\ntitle: "{safe}"\n---\n\n{body}\n', encoding="utf-8")


def make_files(root: Path, n: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    paras = paragraphs()
    for i in range(n):
        folder = root / f"d{i // 500:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        body = "\n\n".join(rng.sample(paras, rng.choice((2, 3))))
        (folder / f"note-{i:05d}.md").write_text(f"# Note {i}\n\n{body}\n", encoding="utf-8")


def cli(env: dict, *args: str, watch: Path | None = None) -> tuple[float, dict, str, int]:
    """Run `blogwright ARGS` under /usr/bin/time: (seconds, its JSON, stderr, peak RSS in MB). With
    `watch` (the log), the library's file and passage counts are sampled every 15 s into
    `watch.parent / progress.jsonl`, so a run stopped early still shows its rate."""
    rss_file = Path(tempfile.mkstemp(prefix="bench-rss-")[1])
    cmd = ["/usr/bin/time", "-f", "%M", "-o", str(rss_file), str(Path(sys.executable).parent / "blogwright"), *args]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stop = threading.Event()
    sampler = threading.Thread(target=_sample, args=(watch, t0, stop), daemon=True) if watch else None
    if sampler:
        sampler.start()
    out, err = proc.communicate()
    secs = time.perf_counter() - t0
    stop.set()
    if sampler:
        sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{args} failed: {err[-2000:]}")
    rss_text = rss_file.read_text().strip().splitlines()
    rss_file.unlink()
    rss_mb = int(rss_text[-1]) // 1024 if rss_text and rss_text[-1].isdigit() else 0
    return secs, json.loads(out) if out.strip().startswith("{") else {}, err, rss_mb


def _sample(db_path: Path, t0: float, stop: threading.Event) -> None:
    import sqlite3

    db_path.parent.mkdir(parents=True, exist_ok=True)
    with (db_path.parent / "progress.jsonl").open("a", encoding="utf-8") as log:
        while not stop.wait(15):
            try:
                db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
                files, = db.execute("SELECT COUNT(*) FROM library_files").fetchone()
                passages, = db.execute("SELECT COUNT(*) FROM library_passages").fetchone()
                db.close()
            except sqlite3.Error:
                continue
            log.write(json.dumps({"s": round(time.perf_counter() - t0, 1), "files": files, "passages": passages,
                                  "load": os.getloadavg()[0]}) + "\n")
            log.flush()


CORPUS_QUERIES = [  # questions a reader of the PEPs and RFCs would ask their notes
    "why mixing tabs and spaces for indentation is discouraged", "assignment expressions inside a while loop",
    "structural pattern matching with match and case", "removing the global interpreter lock",
    "type hints for function annotations", "f-strings and literal string interpolation",
    "async and await syntax for coroutines", "non-lexical lifetimes and the borrow checker",
    "const generics over integer parameters", "the question mark operator for error propagation",
    "what a Rust edition may change", "async functions in traits", "project metadata in pyproject.toml",
    "dictionaries keep insertion order", "non-ASCII identifiers in source code", "the steering council governance model",
    "deprecating and removing distutils", "lazy imports to speed up start-up", "a specializing adaptive interpreter",
    "inheriting dependencies in a cargo workspace", "the annual release schedule of Python versions",
    "the never type for functions that do not return", "impl Trait in argument position",
    "data classes that generate __init__ and __repr__", "path-like objects and os.fspath",
]

SEARCH_SNIPPET = """
import json, resource, sys, time
t0 = time.perf_counter()
from blogwright.library import Library
from blogwright.store import Store
from blogwright import embeddings
embeddings.load_model()
t1 = time.perf_counter()
times, tops = [], []
with Store() as store:
    lib = Library(store)
    for q in json.loads(sys.argv[1]):
        embeddings.clear_cache()  # every query embedded afresh, as a new one would be
        s = time.perf_counter(); hits = lib.search(q, k=5); times.append(time.perf_counter() - s)
        tops.append([q, hits[0].title if hits else None, round(hits[0].score, 3) if hits else None])
print(json.dumps({"load_s": t1 - t0, "times": times, "tops": tops,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))
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


def search_run(env: dict, queries: list[str] = QUERIES) -> dict:
    r = subprocess.run([sys.executable, "-c", SEARCH_SNIPPET, json.dumps(queries)], env=env, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(r.stderr[-2000:])
    return json.loads(r.stdout.strip().splitlines()[-1])


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def search_figures(runs: list[dict]) -> dict:
    """Latency over every query of every process (ms): the first search of each process apart."""
    after = [t for r in runs for t in r["times"][1:]]
    return {"queries_per_process": len(runs[0]["times"]), "processes": len(runs),
            "median_ms": round(statistics.median(after) * 1000, 1), "p95_ms": round(percentile(after, 95) * 1000, 1),
            "max_ms": round(max(after) * 1000, 1),
            "first_search_of_a_process_ms": [round(r["times"][0] * 1000, 1) for r in runs],
            "model_load_s": [round(r["load_s"], 2) for r in runs], "peak_rss_mb": max(r["peak_rss_mb"] for r in runs)}


def main() -> None:
    p = arg_parser("bench.library", __doc__, "500 files, 20,000 passages")
    p.add_argument("--files", type=int, default=10_000)
    p.add_argument("--passages", type=int, default=100_000,
                   help="fill the table to this many passages (copies plus noise) for a second search figure; 0: no")
    p.add_argument("--embedder", choices=("minilm", "overlap"), default="minilm",
                   help="overlap: the no-model fallback (hashed words), to time the library's own work at scale")
    p.add_argument("--corpus", type=Path, default=None,
                   help="a folder of real documents (*.rst, *.md) cut into notes (see the module doc); "
                        "default: paragraphs of tests/data/research/git recombined")
    p.add_argument("--work", type=Path, default=None,
                   help="a work folder of an earlier run stopped early: its notes are kept and `add` goes on")
    p.add_argument("--search-again", type=Path, default=None,
                   help="the work folder of an earlier run (printed): time the searches again, nothing else")
    p.add_argument("--fill", type=int, default=0,
                   help="with --search-again: search a copy of its log filled to this many passages (copies plus noise)")
    args = p.parse_args()
    queries = CORPUS_QUERIES if args.corpus else QUERIES
    if args.search_again:
        data_dir = args.search_again / "data"
        filled = 0
        if args.fill:  # a copy of the log, filled to --fill passages: the run's own library stays as it was
            copy = Path(tempfile.mkdtemp(prefix="bench-library-fill-"))
            shutil.copy(data_dir / "logs.db", copy / "logs.db")
            data_dir, filled = copy, fill_to(copy / "logs.db", args.fill, args.seed)
        env = {**os.environ, "BLOGWRIGHT_HOME": str(data_dir), "BLOGWRIGHT_CONFIG": str(args.search_again / "config.yaml")}
        runs = [search_run(env, queries) for _ in range(3)]
        suffix = f"-filled-{args.fill}" if args.fill else ""
        out = Path(args.out) / f"library-search-again-{args.embedder}{suffix}.json"
        data = {"command": f"python -m bench.library --search-again {args.search_again}"
                           + (f" --corpus {args.corpus}" if args.corpus else "") + (f" --fill {args.fill}" if args.fill else ""),
                "loadavg": os.getloadavg(), "passages": filled or None,
                "runs_ms": [[round(t * 1000, 1) for t in r["times"]] for r in runs], **search_figures(runs),
                "top_hits": runs[0]["tops"]}
        if args.fill:
            shutil.rmtree(data_dir)
        out.write_text(json.dumps(data, indent=2) + "\n")
        print(json.dumps(data, indent=2))
        return
    if args.quick:
        args.files, args.passages = 500, 20_000
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-library-"))
    print(f"work folder: {work}", flush=True)
    env = {**os.environ, "BLOGWRIGHT_HOME": str(work / "data"), "BLOGWRIGHT_CONFIG": str(work / "config.yaml")}
    if args.embedder == "overlap":
        env["BLOGWRIGHT_EMBEDDINGS_DIR"] = str(work / "no-embeddings")  # no model files: word overlap
    lib = work / "notes"
    if not lib.exists():
        if args.corpus:
            write_notes(lib, corpus_notes(args.corpus, args.files, args.seed))
        else:
            make_files(lib, args.files, args.seed)
    notes = sorted(lib.rglob("*.md"))
    words = [len(f.read_text(encoding="utf-8").split()) for f in notes]
    db_path = work / "data" / "logs.db"
    resumed = db_path.exists()
    first, report, stderr, rss1 = cli(env, "library", "add", str(lib), "--json", watch=db_path)
    again, report2, _, rss2 = cli(env, "library", "add", str(lib), "--json")
    changed = notes[:10]
    for f in changed:
        f.write_text(f.read_text() + "\nOne more line about this note.\n")
    third, report3, _, rss3 = cli(env, "library", "add", str(lib), "--json")
    search = search_figures([search_run(env, queries) for _ in range(3)])
    tops = search_run(env, queries)["tops"]
    filled = {}
    if args.passages:
        total = fill_to(db_path, args.passages, args.seed)
        filled = {"passages": total, "note": "the table filled with the indexed vectors plus noise",
                  **search_figures([search_run(env, queries) for _ in range(3)])}
    name = f"library-{args.embedder}-{args.files}" + ("-corpus" if args.corpus else "")
    result = {
        "command": f"python -m bench.library --files {args.files} --passages {args.passages} --embedder {args.embedder}"
                   + (f" --corpus {args.corpus}" if args.corpus else "") + (f" --work {args.work}" if args.work else ""),
        "machine": {"cores": os.cpu_count(), "loadavg": os.getloadavg()},
        "notes": {"files": len(notes), "words_median": statistics.median(words), "words_total": sum(words)},
        "index": {"files": report["files"], "read": report["read"], "passages": report["passages"],
                  "seconds": round(first, 1), "files_per_s": round(report["read"] / first, 2) if first else 0,
                  "passages_per_s": round(report["passages"] / first, 2) if first else 0,
                  "peak_rss_mb": rss1, "problems": len(report["problems"]), "resumed_after_a_stop": resumed,
                  "progress_bar_seen": bool(re.search(r"indexing|━", stderr)) or "captured (not a terminal)"},
        "re_add_unchanged": {"seconds": round(again, 2), "read": report2["read"], "added": report2["added"], "peak_rss_mb": rss2},
        "re_add_10_changed": {"seconds": round(third, 2), "read": report3["read"], "added": report3["added"], "peak_rss_mb": rss3},
        "search": {"passages": report["passages"] + report2["passages"] + report3["passages"], "vectors": "real (MiniLM)"
                   if args.embedder == "minilm" else "word overlap", **search, "top_hits": tops},
        "search_filled": filled,
    }
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n")
    s = result["search"]
    md = [f"# Library at scale ({args.embedder} embeddings)", "", f"`{result['command']}` (2 shared cores; load average "
          f"{tuple(round(x, 1) for x in result['machine']['loadavg'])})", "",
          f"- {len(notes):,} notes, median {statistics.median(words):.0f} words, {sum(words):,} words in all",
          f"- indexed: {report['read']:,} files read ({report['passages']:,} passages) in {first:.0f} s "
          f"({result['index']['files_per_s']} files/s, {result['index']['passages_per_s']} passages/s), peak RSS {rss1} MB, "
          f"with the progress bar of `blogwright library add`" + (" (this run went on from a stopped one: see progress.jsonl)" if resumed else ""),
          f"- added again, nothing changed: {again:.1f} s, {report2['read']} files read, {report2['added']} embedded, peak RSS {rss2} MB",
          f"- added again after changing 10 files: {third:.1f} s, {report3['read']} files read, {report3['added']} embedded",
          f"- search over the library's real vectors, {len(queries)} queries x 3 processes (each query embedded afresh, "
          f"included): median {s['median_ms']} ms, p95 {s['p95_ms']} ms, max {s['max_ms']} ms; first search of a process "
          f"{s['first_search_of_a_process_ms']} ms; peak RSS {s['peak_rss_mb']} MB"]
    if filled:
        md.append(f"- filled to {filled['passages']:,} passages ({filled['note']}): median {filled['median_ms']} ms, "
                  f"p95 {filled['p95_ms']} ms, first of a process {filled['first_search_of_a_process_ms']} ms")
    (out / f"{name}.md").write_text("\n".join(md) + "\n")
    print("\n".join(md))


if __name__ == "__main__":
    main()
