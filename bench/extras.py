"""Measurements behind three issues' closing notes, on one backend, in one run:

- gates: 10 topics, `--candidates 1` vs `--candidates 3`: which gates fail, and the time each took;
- voices: posts written in two LEARNED voices vs the same briefs with no voice (plain-expert),
  scored against each learned voice (distance, percentile), paired bootstrap CIs; one paragraph each;
- grounding: briefs with notes, pipeline vs single-shot: notes covered, unsupported claims and
  invented terms per 1,000 words, paired bootstrap CIs.

    python -m bench.extras [--model local] [--parts gates,voices,grounding] [--quick]
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from bench.common import backend_slug, command_line, fmt, log, machine_info, md_table, now_iso, write_json
from bench.metrics import paired_bootstrap
from bench.quality import make_backend, single_shot

TOPICS = ["why unit tests matter", "home composting", "how to brew pour-over coffee",
          "remote work for new engineers", "password managers", "LLM Ops vs ML Ops",
          "learning to run your first 5k", "Python virtual environments", "saving for retirement early",
          "keeping houseplants alive"]
VOICE_BRIEFS = ["why unit tests matter", "home composting", "password managers", "keeping houseplants alive",
                "learning to run your first 5k", "Python virtual environments"]
CORPORA = Path(__file__).resolve().parents[1] / "tests" / "voices" / "data"


def _post(backend, topic: str, words: int, seed: int, voice: str = "plain-expert", **kw):
    from blogwright.model.brief import make_brief
    from blogwright.pipeline.run import write_post
    from blogwright.voices import load_voice

    brief = make_brief(topic=topic, words=words, voice=voice, notes=kw.pop("notes", []))
    t0 = time.perf_counter()
    post = write_post(brief, load_voice(voice), backend, seed=seed, **kw)
    return post, time.perf_counter() - t0


def gates_part(backend, seed: int, topics: list[str], words: int) -> dict[str, Any]:
    rows = []
    for i, topic in enumerate(topics, 1):
        row: dict[str, Any] = {"topic": topic}
        for n in (1, 3):
            post, secs = _post(backend, topic, words, seed, candidates=n)
            gates = post.report.checks.to_dict()["gates"]
            row[f"c{n}"] = {"seconds": round(secs, 1), "passed": post.report.checks.to_dict()["passed"],
                            "failed": sorted(g for g, r in gates.items() if not r["passed"]),
                            "score": post.report.checks.to_dict()["score"]}
        log(f"gates {i}/{len(topics)} {topic}: c1 {row['c1']['failed']} ({row['c1']['seconds']} s), "
            f"c3 {row['c3']['failed']} ({row['c3']['seconds']} s)")
        rows.append(row)
    names = sorted({g for r in rows for n in ("c1", "c3") for g in r[n]["failed"]} |
                   {"glued", "leaks", "length", "on_topic", "repetition", "structure"})
    table = {g: {n: sum(g in r[n]["failed"] for r in rows) for n in ("c1", "c3")} for g in names}
    return {"rows": rows, "failed_per_gate": table,
            "posts_passing": {n: sum(r[n]["passed"] for r in rows) for n in ("c1", "c3")},
            "mean_seconds": {n: round(sum(r[n]["seconds"] for r in rows) / len(rows), 1) for n in ("c1", "c3")}}


def voices_part(backend, seed: int, topics: list[str], words: int) -> dict[str, Any]:
    from blogwright.render import to_markdown
    from blogwright.voices.learn import learn_voice, load_profile
    from blogwright.voices.score import voice_score

    out: dict[str, Any] = {}
    for name in ("academic", "chatty"):
        learn_voice([CORPORA / name], f"bench-{name}", force=True)
        profile = load_profile(f"bench-{name}")
        with_v, without, dist_w, dist_wo, sample = [], [], [], [], ""
        for topic in topics:
            voiced, _ = _post(backend, topic, words, seed, voice=f"bench-{name}", candidates=2)
            plain, _ = _post(backend, topic, words, seed, voice="plain-expert", candidates=2)
            sv, sp = voice_score(to_markdown(voiced), profile), voice_score(to_markdown(plain), profile)
            with_v.append(sv.percentile)
            without.append(sp.percentile)
            dist_w.append(-sv.distance)
            dist_wo.append(-sp.distance)
            sample = sample or (voiced.sections[0].text if voiced.sections else "")
            log(f"voice {name} / {topic}: percentile {sv.percentile:.0f} vs {sp.percentile:.0f} without")
        out[name] = {"percentile": paired_bootstrap(with_v, without),
                     "minus_distance": paired_bootstrap(dist_w, dist_wo), "paragraph": sample}
    return out


def grounding_part(backend, seed: int, briefs: list[dict[str, Any]]) -> dict[str, Any]:
    from blogwright.checks import invented_terms
    from blogwright.checks.types import CheckContext
    from blogwright.grounding import check_claims, coverage, extract_claims
    from blogwright.model.brief import make_brief
    from blogwright.render import to_markdown
    from blogwright.voices import load_voice

    def rates(text: str, notes: list[str], topic: str) -> tuple[float, float, float]:
        words = max(1, len(text.split()))
        verdicts = check_claims(extract_claims(text), notes, None, known=[topic])
        unsupported = sum(v.status != "supported" for v in verdicts)
        invented = len(invented_terms(text, CheckContext(topic=topic, notes=notes)))
        covered = sum(c.covered for c in coverage(notes, text)) / len(notes)
        return covered, 1000 * unsupported / words, 1000 * invented / words

    cols: dict[str, list[list[float]]] = {k: [[], []] for k in ("notes_covered", "unsupported_per_1k", "invented_per_1k")}
    for b in briefs:
        notes = list(b["notes"])
        post, _ = _post(backend, b["topic"], b["words"], seed, voice=b.get("voice", "plain-expert"), notes=notes)
        brief = make_brief(topic=b["topic"], words=b["words"], notes=notes, voice=b.get("voice", "plain-expert"),
                           audience=b.get("audience", "newbie"))
        baseline, _ = single_shot(backend, brief, load_voice(brief.voice), seed)
        for j, text in enumerate((to_markdown(post), baseline)):
            for key, value in zip(cols, rates(text, notes, b["topic"])):
                cols[key][j].append(value)
        log(f"grounding {b['id']}: notes {cols['notes_covered'][0][-1]:.2f} vs {cols['notes_covered'][1][-1]:.2f}")
    return {k: paired_bootstrap(v[0], v[1]) for k, v in cols.items()}


def report_md(data: dict[str, Any]) -> str:
    lines = [f"# Extras on {data['model']} ({data['date']})", "", f"`{data['command']}`", ""]
    if "gates" in data:
        g = data["gates"]
        lines += ["## Gates: --candidates 1 vs 3", "", md_table(
            ["gate", "posts failing (c1)", "posts failing (c3)"],
            [[k, v["c1"], v["c3"]] for k, v in g["failed_per_gate"].items()]), "",
            f"posts passing every blocking gate: c1 {g['posts_passing']['c1']}/{len(g['rows'])}, "
            f"c3 {g['posts_passing']['c3']}/{len(g['rows'])}; mean seconds per post: c1 {g['mean_seconds']['c1']}, "
            f"c3 {g['mean_seconds']['c3']}", ""]
    for name, v in data.get("voices", {}).items():
        p, d = v["percentile"], v["minus_distance"]
        lines += [f"## Voice `{name}` (learned): with the voice vs without", "",
                  f"- percentile: {fmt(p['pipeline'])} vs {fmt(p['baseline'])}, diff {fmt(p['diff'])} "
                  f"[{fmt(p['ci_low'])}, {fmt(p['ci_high'])}] (n={p['n']})",
                  f"- distance: {fmt(-d['pipeline'])} vs {fmt(-d['baseline'])}, closer by {fmt(d['diff'])} "
                  f"[{fmt(d['ci_low'])}, {fmt(d['ci_high'])}]", "", f"> {v['paragraph']}", ""]
    if "grounding" in data:
        lines += ["## Grounding: pipeline vs single-shot (briefs with notes)", "", md_table(
            ["metric", "pipeline", "single-shot", "diff", "95% CI"],
            [[k, fmt(v["pipeline"]), fmt(v["baseline"]), fmt(v["diff"]), f"[{fmt(v['ci_low'])}, {fmt(v['ci_high'])}]"]
             for k, v in data["grounding"].items()]), ""]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    from bench.common import arg_parser

    p = arg_parser("bench.extras", __doc__, "2 topics each, 150 words (for tests)", seed=1)
    p.add_argument("--parts", default="gates,voices,grounding")
    args = p.parse_args(argv)
    from bench.common import load_briefs

    backend = make_backend(args.model)
    n, words = (2, 150) if args.quick else (None, 200)
    data: dict[str, Any] = {"command": command_line("bench.extras", argv), "date": now_iso(),
                            "machine": machine_info(), "model": f"{backend.name}:{backend.model}"}
    parts = set(args.parts.split(","))
    if "gates" in parts:
        data["gates"] = gates_part(backend, args.seed, TOPICS[:n], words)
    if "voices" in parts:
        data["voices"] = voices_part(backend, args.seed, VOICE_BRIEFS[:n], words)
    if "grounding" in parts:
        briefs = [b for b in load_briefs() if b.get("notes")][:n]
        if args.quick:
            briefs = [{**b, "words": 150} for b in briefs]
        data["grounding"] = grounding_part(backend, args.seed, briefs)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    slug = backend_slug(args.model, backend.model)
    write_json(out / f"extras-{slug}.json", data)
    (out / f"extras-{slug}.md").write_text(report_md(data), encoding="utf-8")
    log(f"wrote {out / f'extras-{slug}.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
