"""The function-word prior of learned voices (bench/word_prior.py, issue 24): the model's own rates, and
the choice of its strength.

    python -m bench.voice_prior measure   # the model's own rates -> bench/word-prior-rates/<model>.json
    python -m bench.voice_prior tune      # ALPHA by the function-word rate error -> bench/results/voice-prior-tune.*
    python -m bench.voice_prior speed     # decode speed with and without a logit bias (A B A B, same text)

Both write paragraphs the way the draft stage does (the section prompt, temperature 0.25, repeat
penalty 1.15, ~80 words) on CALIBRATION points, none of them a topic of bench.voice.

`measure`: no bias, no example passage, the persona learned voices get; counts `PRIOR_WORDS` per
1,000 words (blogwright's tokeniser) over the cleaned paragraphs.

`tune`: for each writer of bench/voice-writers, the voice learned from its `learn/` part only (the
held-out posts are never read), the writer's nearest passage as the earlier turn (as in the draft
stage), and for each ALPHA of the grid (CAP fixed) the biases `word_bias(writer rates, model rates,
alpha, cap)`. The error is the mean over `PRIOR_WORDS` of |ln((post + 2) / (writer + 2))|, rates per
1,000 words, the writer's from its learn part: the rates the prior aims at, not Delta and not the
held-out posts. Fluency is watched by doubled words ("the the") and paragraphs the cleaner emptied.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
from pathlib import Path
from typing import Any

from bench.common import command_line, git_state, log, machine_info, md_table, now_iso, write_json

ROOT = Path(__file__).resolve().parents[1]
WRITERS = ROOT / "bench" / "voice-writers"
CALIBRATION = ["why backups matter", "how caching makes a website faster", "what a code review is for",
               "how to write a useful commit message", "why tests catch bugs early",
               "what a database index does", "how to learn a new programming language",
               "why naming things well matters", "how to read an error message",
               "what happens when you type a web address", "why simple designs last longer",
               "how to ask a good question online"]
PERSONA = "a blogger writing for their own readers"  # profile.persona_and_rules' default


def generate(backend: Any, persona: str, point: str, seed: int, bias: tuple = (), example: str = "") -> str:
    from blogwright import prompts
    from blogwright.backends.base import GenParams, Message
    from blogwright.model.brief import Audience
    from blogwright.pipeline.clean import clean_prose
    from blogwright.pipeline.draft import drop_copied

    prompt = prompts.render("section", audience=Audience.newbie, sentences=4, point=point, fact="", fix=[],
                            instruction="", definitions=[], brief_instructions="")
    shots = [Message("user", "Say it your way."), Message("assistant", example)] if example else []
    messages = [Message("system", f"You are {persona}."), *shots, Message("user", prompt.text)]
    params = GenParams(max_tokens=152, temperature=0.25, repeat_penalty=1.15, seed=seed, word_bias=bias)
    return drop_copied(clean_prose(backend.complete(messages, params).text), example)


def rates(texts: list[str], words: tuple[str, ...]) -> tuple[dict[str, float], int]:
    from collections import Counter

    from blogwright.text.tokens import tokens

    toks = [t for x in texts for t in tokens(x)]
    c = Counter(toks)
    n = max(1, len(toks))
    return {w: round(1000 * c[w] / n, 3) for w in words}, len(toks)


def doubled(texts: list[str]) -> int:
    from blogwright.text.tokens import tokens

    return sum(a == b for x in texts for a, b in zip(tokens(x), tokens(x)[1:]))


def measure(args: argparse.Namespace, argv: list[str] | None) -> int:
    from bench.word_prior import PRIOR_WORDS, RATES
    from blogwright.backends.local import LocalBackend
    from blogwright.voices.stylometry import FUNCTION_WORDS

    backend = LocalBackend()
    texts = []
    for seed in range(args.seeds):
        for i, point in enumerate(CALIBRATION):
            texts.append(generate(backend, PERSONA, point, 1000 * seed + i))
            log(f"seed {seed} point {i}: {len(texts[-1].split())} words")
    words = tuple(dict.fromkeys([*PRIOR_WORDS, *FUNCTION_WORDS]))
    r, n = rates(texts, words)
    data = {"model": backend.model, "words": n, "paragraphs": len(texts),
            "how": "unbiased paragraphs of the draft stage's section prompt (temperature 0.25, repeat penalty "
                   f"1.15, 4 sentences, persona '{PERSONA}', no example passage) on {len(CALIBRATION)} points x "
                   f"{args.seeds} seeds, cleaned by pipeline.clean.clean_prose; rates per 1,000 words by "
                   "text.tokens.tokens",
            "command": command_line("bench.voice_prior", argv), "git": git_state(), "when": now_iso(),
            "points": CALIBRATION, "rates": {w: r[w] for w in words}}
    out = RATES / f"{backend.model}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    log(f"{n} words; the {r['the']}, a {r['a']}, of {r['of']} per 1,000 -> {out}")
    return 0


def tune(args: argparse.Namespace, argv: list[str] | None) -> int:
    from bench.word_prior import PRIOR_WORDS, SMOOTH, model_rates, word_bias
    from blogwright.backends.local import LocalBackend
    from blogwright.voices.extract import read_corpus
    from blogwright.voices.profile import build_profile, nearest_exemplar

    backend = LocalBackend()
    model = model_rates(backend.model)
    if not model:
        raise SystemExit(f"no rates for {backend.model}: run `python -m bench.voice_prior measure` first")
    alphas = [float(a) for a in args.alphas.split(",")]
    writers = sorted(p.name for p in WRITERS.iterdir() if (p / "learn").is_dir())
    points = CALIBRATION[:args.points]
    rows, result = [], {}
    for w in writers:
        docs, _ = read_corpus([WRITERS / w / "learn"])
        profile = build_profile(docs, f"w-{w}")
        target = profile.fingerprint.function_words
        for alpha in alphas:
            bias = word_bias(target, model, alpha, args.cap)
            texts = [generate(backend, profile.persona, p, 7000 + i, bias, nearest_exemplar(profile, p))
                     for i, p in enumerate(points)]
            got, n = rates(texts, PRIOR_WORDS)
            err = statistics.fmean(abs(math.log((got[x] + SMOOTH) / (target[x] + SMOOTH))) for x in PRIOR_WORDS)
            result.setdefault(w, {})[str(alpha)] = {"error": err, "words": n, "rates": got, "doubled": doubled(texts),
                                                   "empty": sum(not t for t in texts), "bias": dict(bias),
                                                   "texts": texts}
            log(f"{w} alpha {alpha}: error {err:.3f}, {n} words, the {got['the']} (writer {target['the']})")
    summary = {}
    for alpha in alphas:
        a = str(alpha)
        summary[a] = {"error": statistics.fmean(result[w][a]["error"] for w in writers),
                      "doubled": sum(result[w][a]["doubled"] for w in writers),
                      "empty": sum(result[w][a]["empty"] for w in writers),
                      "words": sum(result[w][a]["words"] for w in writers)}
        rows.append([alpha, args.cap, f"{summary[a]['error']:.3f}",
                     *[f"{result[w][a]['error']:.3f}" for w in writers],
                     summary[a]["doubled"], summary[a]["empty"], summary[a]["words"]])
    best = min(alphas, key=lambda x: summary[str(x)]["error"])
    data = {"command": command_line("bench.voice_prior", argv), "git": git_state(), "when": now_iso(),
            "machine": machine_info(), "model": backend.model, "cap": args.cap, "points": points,
            "summary": summary, "best_alpha": best, "writers": result}
    stem = Path(args.out) / "voice-prior-tune"
    write_json(stem.with_suffix(".json"), data)
    md = ["# bench.voice_prior tune", "", f"`{data['command']}` at {data['git']}, {data['when']}", "",
          "Mean |ln((post + 2) / (writer + 2))| over the prior's words, rates per 1,000 words, the writer's from "
          "its learn/ part (held-out posts never read). Lower is nearer.", "",
          md_table(["alpha", "cap", "mean error", *writers, "doubled words", "empty paragraphs", "words"], rows), "",
          f"Lowest error: alpha {best}."]
    stem.with_suffix(".md").write_text("\n".join(md) + "\n", encoding="utf-8")
    log("\n".join(md))
    return 0


def speed(args: argparse.Namespace, argv: list[str] | None) -> int:
    """The same call with no bias (A) and with a negligible bias on every prior word (B, so the text is the
    same), alternated: what llama-cpp-python's logit-bias processor costs per token (issue 28)."""
    import time

    from bench.word_prior import PRIOR_WORDS
    from blogwright.backends.base import GenParams, Message
    from blogwright.backends.local import LocalBackend

    backend = LocalBackend(n_threads=1)
    msgs = [Message("system", f"You are {PERSONA}."),
            Message("user", "Explain in 4 sentences for a beginner: why backups matter.")]
    tiny = tuple((w, 1e-4) for w in PRIOR_WORDS)
    got: dict[str, list[float]] = {"A": [], "B": []}
    for _ in range(args.reps):
        for k, bias in (("A", ()), ("B", tiny)):
            t0 = time.perf_counter()
            c = backend.complete(msgs, GenParams(max_tokens=120, temperature=0.25, seed=5, repeat_penalty=1.15,
                                                 word_bias=bias))
            got[k].append(c.completion_tokens / (time.perf_counter() - t0))
    med = {k: statistics.median(v) for k, v in got.items()}
    data = {"command": command_line("bench.voice_prior", argv), "git": git_state(), "when": now_iso(),
            "machine": machine_info(), "tokens_per_s": got, "median": med}
    write_json(Path(args.out) / "voice-prior-speed.json", data)
    log(f"median tokens/s: no bias {med['A']:.1f}, bias {med['B']:.1f}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.voice_prior", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("measure", help="the model's own rates")
    m.add_argument("--seeds", type=int, default=2)
    t = sub.add_parser("tune", help="ALPHA by the rate error on the writers' learn parts")
    t.add_argument("--alphas", default="0,0.5,1,1.5")
    t.add_argument("--cap", type=float, default=1.5)
    t.add_argument("--points", type=int, default=6)
    t.add_argument("--out", default=str(ROOT / "bench" / "results"))
    sp = sub.add_parser("speed", help="decode speed with and without a logit bias")
    sp.add_argument("--reps", type=int, default=4)
    sp.add_argument("--out", default=str(ROOT / "bench" / "results"))
    args = ap.parse_args(argv)
    return {"measure": measure, "tune": tune, "speed": speed}[args.cmd](args, argv)


if __name__ == "__main__":
    sys.exit(main())
