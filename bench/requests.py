"""Requests as people write them (bench/briefs-requests.yaml): (a) the brief reader's accuracy per
field against the labels, (b) the share of named parts that became sections in order, (c) the
length score S_l per length band, pipeline vs single-shot with the whole request as the prompt.

    python -m bench.requests --reader-only                   # (a): pure, a second; requests-reader.json/.md
    python -m bench.requests --model fake                    # (a) + (b) on the fake backend (seconds)
    python -m bench.requests --threads 1 --per-band 2        # (a) + (b) + (c) on the bundled model

Words are counted as a reader counts them: every word below the front matter (`reader_words`).
S_l is scored against the length the request asks for (600 when it names none). The single-shot
baseline is one call to the same backend: the voice persona as system prompt (the pipeline's
system.j2, with the request's role), the request verbatim as the user prompt, max_tokens = 1.6 x
the words asked (capped to fit the context), temperature 0.3, the same seed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import yaml

from bench.common import BENCH_DIR, arg_parser, backend_slug, command_line, fmt, log, machine_info, md_table, now_iso, write_json
from bench.quality import BASELINE_CONTEXT, BASELINE_TEMPERATURE, BASELINE_TOKENS_PER_WORD, CONTEXT_MARGIN, make_backend
from bench.request_fields import FIELDS, accuracy, field_results, parts_in_order
from blogwright.backends.base import GenParams, Message
from blogwright.briefs import brief_from_request
from blogwright.checks import GateConfig, length_score, parse_markdown, reader_words
from blogwright.pipeline.run import write_post
from blogwright.prompts import render
from blogwright.render import to_markdown
from blogwright.store import Store
from blogwright.voices import load_voice

REQUESTS_FILE = BENCH_DIR / "briefs-requests.yaml"
BANDS = ("100-300", "300-800", "800-2000", "2000-5000")
DEFAULT_WORDS = 600


def load(path: Path = REQUESTS_FILE) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["briefs"]


def asked_words(b: dict[str, Any]) -> int:
    return b["expect"].get("words") or DEFAULT_WORDS


def single_shot(backend: Any, brief: Any, voice: Any, request: str, words: int, seed: int) -> tuple[str, dict[str, Any]]:
    system = render("system", voice=voice, audience=brief.audience, persona_line=brief.persona_line).text
    n_ctx = getattr(backend, "n_ctx", None)
    max_tokens = round(BASELINE_TOKENS_PER_WORD * words)
    if n_ctx:
        max_tokens = max(64, min(max_tokens, max(n_ctx, BASELINE_CONTEXT) - CONTEXT_MARGIN - len(request) // 3))
    params = GenParams(max_tokens=max_tokens, temperature=BASELINE_TEMPERATURE, seed=seed)
    t0 = time.perf_counter()
    c = backend.complete([Message("system", system), Message("user", request.strip())], params)
    return c.text.strip() + "\n", {"seconds": round(time.perf_counter() - t0, 2), "max_tokens": max_tokens,
                                   "completion_tokens": c.completion_tokens, "finish_reason": c.finish_reason}


def run_post(backend: Any, b: dict[str, Any], seed: int, baseline: bool, gates: GateConfig) -> dict[str, Any]:
    """One request through the pipeline (and the single-shot baseline): words, S_l, parts -> sections."""
    u = brief_from_request(b["request"])
    voice = load_voice(u.brief.voice)
    words = asked_words(b)
    t0 = time.perf_counter()
    post = write_post(u.brief, voice, backend, Store(None), seed=seed, gates=gates)
    md = to_markdown(post)
    n = reader_words(parse_markdown(md))
    labels = b["expect"].get("parts") or []
    matched, heads = parts_in_order(labels, md)
    row: dict[str, Any] = {
        "id": b["id"], "band": b["band"], "asked": words, "target": u.brief.words,
        "pipeline": {"words": n, "s_l": round(length_score(n, words), 2), "seconds": round(time.perf_counter() - t0, 1),
                     "sections": len(post.sections), "headings": heads, "parts": len(labels),
                     "notes": post.report.section_notes if post.report else {},
                     "calls": post.report.usage.calls if post.report else None,
                     "parts_in_order": matched, "markdown": md},
    }
    if baseline:
        text, info = single_shot(backend, u.brief, voice, b["request"], words, seed)
        m = reader_words(parse_markdown(text))
        row["baseline"] = {"words": m, "s_l": round(length_score(m, words), 2), **info, "markdown": text}
    return row


def band_table(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for band in BANDS:
        rs = [r for r in rows if r["band"] == band]
        if not rs:
            continue
        p = [r["pipeline"]["s_l"] for r in rs]
        q = [r["baseline"]["s_l"] for r in rs if "baseline" in r]
        out.append({"band": band, "n": len(rs), "pipeline_s_l": sum(p) / len(p), "pipeline_min": min(p),
                    "baseline_s_l": sum(q) / len(q) if q else None, "met": sum(p) / len(p) >= 90})
    return out


def parts_share(rows: list[dict[str, Any]]) -> dict[str, Any]:
    total = sum(r["pipeline"]["parts"] for r in rows)
    got = sum(r["pipeline"]["parts_in_order"] for r in rows)
    return {"parts": total, "in_order": got, "share": got / total if total else None}


def report_md(data: dict[str, Any]) -> str:
    acc = data["accuracy"]
    lines = [f"# Requests: brief reader{', parts and length on `' + data['model'] + '`' if data.get('model') else ''}", "",
             f"- command: `{data['command']}`", f"- date: {data['date']}", f"- code: {data['machine'].get('code') or 'n/a'}",
             f"- briefs: {data['n_briefs']} ({data['briefs_file']})", "", "## (a) The brief reader, per field", "",
             md_table(["field", "correct", "labelled", "share"],
                      [[f, acc[f]["correct"], acc[f]["n"], acc[f]["share"]] for f in (*FIELDS, "words_stated", "parts_named")]),
             "", "Misses:", ""]
    misses = [r for r in data["reader"] if not all(v is not False for k, v in r["fields"].items() if k in FIELDS)]
    lines += [f"- `{r['id']}`: " + ", ".join(f"{k} (got {r['fields']['got'].get(k)!r})" for k in FIELDS
                                              if r["fields"][k] is False) for r in misses] or ["- none"]
    if data.get("posts"):
        ps = data["parts_share"]
        lines += ["", f"## (b) Named parts that became sections in order: {ps['in_order']} of {ps['parts']} "
                      f"({fmt(ps['share'])})", ""]
        if data.get("bands"):
            lines += ["## (c) Length score S_l per band (words as a reader counts them)", "",
                      md_table(["band", "briefs", "S_l pipeline", "min S_l pipeline", "S_l single-shot", "S_l >= 90"],
                               [[b["band"], b["n"], b["pipeline_s_l"], b["pipeline_min"], b["baseline_s_l"], b["met"]]
                                for b in data["bands"]]), ""]
        lines += ["## Per brief", "", md_table(
            ["brief", "band", "asked", "target", "words P", "S_l P", "words B", "S_l B", "parts", "s P"],
            [[r["id"], r["band"], r["asked"], r["target"], r["pipeline"]["words"], r["pipeline"]["s_l"],
              r.get("baseline", {}).get("words"), r.get("baseline", {}).get("s_l"),
              f"{r['pipeline']['parts_in_order']}/{r['pipeline']['parts']}", r["pipeline"]["seconds"]]
             for r in data["posts"]]), ""]
    return "\n".join(lines)


def pick(briefs: list[dict[str, Any]], per_band: int | None, ids: list[str]) -> list[dict[str, Any]]:
    articles = [b for b in briefs if b["expect"].get("article", True)]
    if ids:
        return [b for b in articles if b["id"] in ids]
    if per_band is None:
        return articles
    return [b for band in BANDS for b in [x for x in articles if x["band"] == band][:per_band]]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = arg_parser("bench.requests", __doc__, "1 brief per band")
    p.add_argument("--briefs", type=Path, default=REQUESTS_FILE, help="the labelled requests (YAML)")
    p.add_argument("--reader-only", action="store_true", help="only (a), the reader's accuracy: no posts")
    p.add_argument("--per-band", type=int, default=None, help="posts for the first N briefs of each band")
    p.add_argument("--ids", default="", help="comma-separated brief ids to write (instead of --per-band)")
    p.add_argument("--no-baseline", action="store_true", help="skip the single-shot baseline")
    p.add_argument("--threads", type=int, default=None, help="llama.cpp threads for local models (1 on a busy machine)")
    p.add_argument("--band", choices=BANDS, default=None, help="only the briefs of this length band")
    p.add_argument("--suffix", default="", help="added to the results' file names (requests-<model>-<suffix>.md)")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    briefs = load(args.briefs)
    t0 = time.perf_counter()
    rows = [{"id": b["id"], "band": b["band"], "expect": b["expect"], "fields": field_results(b)} for b in briefs]
    data: dict[str, Any] = {"command": command_line("bench.requests", argv), "date": now_iso(), "machine": machine_info(),
                            "briefs_file": str(args.briefs.relative_to(BENCH_DIR.parent) if args.briefs.is_absolute()
                                               and BENCH_DIR.parent in args.briefs.parents else args.briefs),
                            "n_briefs": len(briefs), "reader": rows, "accuracy": accuracy(rows), "posts": []}
    slug = "reader" + (f"-{args.suffix}" if args.suffix and args.reader_only else "")
    if not args.reader_only:
        backend = make_backend(args.model, args.threads)
        slug = backend_slug(args.model, backend.model) + ("-quick" if args.quick else "") + \
            (f"-{args.suffix}" if args.suffix else "")
        data["model"] = f"{backend.name}:{backend.model}"
        fake = args.model.startswith("fake")
        chosen = pick([b for b in briefs if not args.band or b["band"] == args.band],
                      1 if args.quick else args.per_band, [i for i in args.ids.split(",") if i])
        gates = GateConfig.load(embeddings=not fake)
        log(f"requests: {len(chosen)} posts on {data['model']}")
        try:
            for i, b in enumerate(chosen, 1):
                row = run_post(backend, b, args.seed, baseline=not (args.no_baseline or fake), gates=gates)
                data["posts"].append(row)
                p, q = row["pipeline"], row.get("baseline", {})
                log(f"{i}/{len(chosen)} {b['id']} ({row['asked']} words): pipeline {p['words']} words S_l {p['s_l']:.0f} "
                    f"in {p['seconds']:.0f} s, parts {p['parts_in_order']}/{p['parts']}"
                    + (f"; single-shot {q['words']} words S_l {q['s_l']:.0f} in {q['seconds']:.0f} s" if q else ""))
        except KeyboardInterrupt:
            log(f"interrupted: writing the {len(data['posts'])} post(s) done so far")
        data["parts_share"] = parts_share(data["posts"])
        data["bands"] = band_table(data["posts"])
    data["seconds"] = round(time.perf_counter() - t0, 1)
    out = Path(args.out)
    write_json(out / f"requests-{slug}.json", data)
    (out / f"requests-{slug}.md").write_text(report_md(data), encoding="utf-8")
    log(f"wrote {out / f'requests-{slug}.md'} in {data['seconds']:.0f} s")
    print(report_md(data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
