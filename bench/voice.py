"""Does a post written with a learned voice read like its writer? (issue 24)

For each writer folder under --writers (`NAME/learn/` posts to learn from, `NAME/heldout/` posts
kept out of learning): `blogwright voice learn NAME/learn`, then `blogwright write TOPIC --voice
w-NAME` on the bundled model, every writer on the same topics (so topic words favour nobody). Each
post is then attributed by Burrows' Delta from the faststylometry library (z-scores over the
held-out posts of all writers, its own tokeniser, the 50 most frequent words of the held-out
posts): a measure blogwright's voice code does not use and was not tuned on. A writer counts when
its posts are, on average, nearest its own held-out posts.

Also: the snarky-mentor and plain-expert built-ins write on the seed's topic; both are compared by
the same Delta with the seed's snarky passage (`--seed-file`, the post the project started from)
joined to the reference; and a lowercase, short-sentence corpus (tests/voices/data/lowercase-k,
written for the tests in the style the issue describes) is learned and written with, to see its
sentences and casing survive (counted by a plain regex, not blogwright's splitter).

The writers' posts are in `bench/voice-writers/` (the default --writers), each with its licence in
`bench/voice-writers/SOURCES.md`. The seed's snarky passage is the verbatim copy in the snarky-mentor
corpus (`--seed-file` takes the original text file instead). Run on any tree with --src (before/after):

Extra views beside the bar (never instead of it): `--seed-seeds N` writes the seed bar at seeds 0..N-1 too
(the bar is seed 0); the seed-bar ceiling compares post-sized pieces of the snarky-mentor and plain-expert
corpora (people's text in those voices, the seed post's copy 00- left out) with the seed passage; and each
writer's posts are joined into one text (stylometry usually wants 1,000+ words) and attributed again.

    git archive a791590 src | tar -x -C /tmp/w24-main
    python -m bench.voice --src /tmp/w24-main/src --label before
    python -m bench.voice --label after
"""

from __future__ import annotations

import argparse
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
from typing import Any

from bench.common import command_line, git_state, log, machine_info, md_table, now_iso, write_json

ROOT = Path(__file__).resolve().parents[1]
TOPICS = ["How to keep a side project going", "What I learned from fixing a slow build"]
SEED_TOPIC = "LLM Ops vs ML Ops"
LOWERCASE = ROOT / "tests" / "voices" / "data" / "lowercase-k"
WRITERS = ROOT / "bench" / "voice-writers"
SEED = ROOT / "src" / "blogwright" / "voices" / "corpora" / "snarky-mentor" / "00-llm-ops-vs-ml-ops.md"
SOURCES = {
    "briones": ("Tobias Briones", "tobiasbriones/blog", "CC BY 4.0"),
    "eevee": ("Eevee", "eevee/eev.ee", "CC BY 3.0 US"),
    "jakevdp": ("Jake VanderPlas", "jakevdp/jakevdp.github.io-source", "MIT"),
    "skeeto": ("Chris Wellons", "skeeto/skeeto.github.com", "Unlicense"),
    "xxyzz": ("xxyzz", "xxyzz/myblog", "CC BY-SA 4.0"),
}
VOCAB = 50
CEILING_DRAWS = 40


class Tree:
    """A source tree and a scratch home; runs the CLI of that tree."""

    def __init__(self, src: Path, home: Path, model: str, cache: Path):
        self.home, self.model, self.cache = home, model, cache
        cache.mkdir(parents=True, exist_ok=True)
        self.env = {**os.environ, "PYTHONPATH": f"{src}{os.pathsep}{ROOT}", "BLOGWRIGHT_HOME": str(home),
                    "BLOGWRIGHT_CONFIG": str(home / "config.yaml"), "NO_COLOR": "1", "COLUMNS": "200",
                    "HF_HUB_OFFLINE": "1"}
        self.env.pop("BLOGWRIGHT_DB", None)

    def cli(self, *args: str, timeout: float = 900) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "blogwright", *args], env=self.env, capture_output=True,
                              text=True, timeout=timeout, cwd=self.home)

    def learn(self, folder: Path, name: str) -> dict[str, Any]:
        r = self.cli("voice", "learn", str(folder), "--name", name, "--force")
        if r.returncode:
            raise SystemExit(f"voice learn {name} failed: {r.stderr[-800:]}")
        show = self.cli("voice", "show", name, "--json")
        return json.loads(show.stdout)

    def write(self, topic: str, voice: str, words: int, seed: int) -> tuple[str, float]:
        """The post (Markdown) and the seconds it took; kept in the cache folder, so a rerun resumes."""
        cached = self.cache / f"{voice}-{re.sub(r'[^a-z0-9]+', '-', topic.lower())}-{words}-{seed}.md"
        if cached.is_file():
            return cached.read_text(encoding="utf-8"), 0.0
        t0 = time.perf_counter()
        r = self.cli("write", topic, "--voice", voice, "--words", str(words), "--seed", str(seed), "--model",
                     self.model, "--out", "-", "--quiet", "--no-log")
        if r.returncode not in (0, 1) or not r.stdout.strip():  # 1: written, a blocking gate failed
            raise SystemExit(f"write {voice} failed ({r.returncode}): {r.stderr[-800:]}")
        cached.write_text(r.stdout, encoding="utf-8")
        return r.stdout, time.perf_counter() - t0


def prose(path_or_text: Path | str, name: str = "post.md") -> str:
    """Plain prose of a post (front matter, headings, code and markup dropped) by blogwright's reader."""
    from blogwright.voices.extract import parse_markdown, read_document

    if isinstance(path_or_text, Path):
        doc, _ = read_document(path_or_text, path_or_text.name)
        paras = doc.paragraphs if doc else []
    else:
        paras = parse_markdown(path_or_text)
    return "\n\n".join(p.text for p in paras if p.kind in ("para", "list"))


def deltas(reference: dict[str, list[str]], tests: dict[str, str]) -> dict[str, dict[str, float]]:
    """faststylometry's Burrows' Delta of each test text to each reference author."""
    from faststylometry import Corpus, calculate_burrows_delta, tokenise_remove_pronouns_en

    train, test = Corpus(), Corpus()
    for author, texts in sorted(reference.items()):
        for i, t in enumerate(texts):
            train.add_book(author, f"{author}-{i}", t)
    for name, t in sorted(tests.items()):
        test.add_book(name, name, t)
    train.tokenise(tokenise_remove_pronouns_en)
    test.tokenise(tokenise_remove_pronouns_en)
    df = calculate_burrows_delta(train, test, vocab_size=VOCAB)
    # columns are "author - book" of the test corpus (both the test's name here)
    return {str(col).split(" - ")[0]: {str(a): float(df.loc[a, col]) for a in df.index} for col in df.columns}


def attribution(d: dict[str, dict[str, float]], writers: list[str]) -> tuple[dict[str, dict[str, Any]], dict[str, float], int]:
    """Per writer (test names "WRITER|..."): mean Delta to each writer, nearest, margin, own rank; the
    summary (mean own Delta, mean margin, mean own rank) and the number of writers nearest their own."""
    per_writer: dict[str, dict[str, Any]] = {}
    for w in writers:
        mine = [d[k] for k in d if k.startswith(w + "|")]
        mean = {a: statistics.fmean(x[a] for x in mine) for a in writers}
        nearest = min(mean, key=lambda a: mean[a])
        others = statistics.fmean(mean[a] for a in writers if a != w)
        rank = 1 + sum(mean[a] < mean[w] for a in writers)  # 1: the own writer is the nearest
        per_writer[w] = {"mean_delta": mean, "nearest": nearest, "own": mean[w], "ok": nearest == w,
                         "margin": others - mean[w], "own_rank": rank,
                         "posts_nearest_own": sum(min(x, key=lambda a: x[a]) == w for x in mine), "posts": len(mine)}
    # finer than the hit count (2 posts a writer make it coarse): how far nearer the own writer is
    # than the others on average, and the own writer's rank among all writers (1 = nearest)
    summary = {"mean_own_delta": statistics.fmean(v["own"] for v in per_writer.values()),
               "mean_margin": statistics.fmean(v["margin"] for v in per_writer.values()),
               "mean_own_rank": statistics.fmean(v["own_rank"] for v in per_writer.values())}
    return per_writer, summary, sum(v["ok"] for v in per_writer.values())


def ceiling(learn: dict[str, list[str]], reference: dict[str, list[str]], words: int, posts: int,
            draws: int = CEILING_DRAWS) -> dict[str, Any]:
    """What the bar means: the writers' OWN learn posts, cut into `posts` pieces of `words` words (the
    size of the bench's posts) at random places, attributed by the same Delta against the held-out
    posts, `draws` times; and each writer's whole learn part as one text (a perfect copy of the rates
    blogwright can learn). No model and no blogwright code: a property of the corpus and the measure."""
    rng = random.Random(0)
    hits, margins, own_hits = [], [], {w: 0 for w in learn}
    for _ in range(draws):
        tests = {}
        for w, texts in learn.items():
            toks = " ".join(texts).split()
            for i in range(posts):
                start = rng.randrange(0, max(1, len(toks) - words))
                tests[f"{w}|{i}"] = " ".join(toks[start:start + words])
        per, summary, n = attribution(deltas(reference, tests), sorted(learn))
        hits.append(n)
        margins.append(summary["mean_margin"])
        for w, v in per.items():
            own_hits[w] += v["ok"]
    whole_per, whole_summary, whole_hits = attribution(
        deltas(reference, {f"{w}|whole": " ".join(t) for w, t in learn.items()}), sorted(learn))
    return {"words": words, "posts": posts, "draws": draws, "mean_hits": statistics.fmean(hits),
            "share_at_least_4": sum(h >= 4 for h in hits) / draws, "mean_margin": statistics.fmean(margins),
            "hits_per_writer": {w: n / draws for w, n in own_hits.items()},
            "whole_learn": {"hits": whole_hits, "mean_margin": whole_summary["mean_margin"],
                            "nearest": {w: v["nearest"] for w, v in whole_per.items()}}}


def ceiling_lines(c: dict[str, Any]) -> list[str]:
    per = ", ".join(f"{w} {share:.0%}" for w, share in c["hits_per_writer"].items())
    near = ", ".join(f"{w} -> {n}" for w, n in c["whole_learn"]["nearest"].items())
    return [f"Ceiling (the writers' own learn posts by the same measure, no model): {c['posts']} pieces of "
            f"{c['words']} words a writer, {c['draws']} random draws: **{c['mean_hits']:.1f} of 5** writers nearest "
            f"their own on average, 4 or more in {c['share_at_least_4']:.0%} of draws, mean margin "
            f"{c['mean_margin']:+.3f}; per writer, share of draws nearest own: {per}. Each writer's whole learn "
            f"part as one text: {c['whole_learn']['hits']} of 5, mean margin {c['whole_learn']['mean_margin']:+.3f} "
            f"(nearest: {near})."]


def pooled(posts: dict[str, str], writers: list[str]) -> dict[str, str]:
    """An extra view (not the bar): each writer's posts joined into one text ("WRITER|all"), as stylometry
    usually wants ~1,000 words or more; attributed by the same Delta and `attribution`."""
    return {f"{w}|all": "\n\n".join(t for k, t in sorted(posts.items()) if k.startswith(w + "|")) for w in writers}


def seed_ceiling(reference: dict[str, list[str]], seed_text: str, words: int, draws: int = CEILING_DRAWS,
                 corpora: Path = ROOT / "src" / "blogwright" / "voices" / "corpora") -> dict[str, Any]:
    """What the seed bar means: pieces of `words` words of the snarky-mentor and plain-expert corpora,
    written by people in those voices (the seed post itself left out), compared with the seed passage by
    the bar's Delta, `draws` times: how often a snarky piece is the nearer one. No model."""
    texts = {v: " ".join(prose(f) for f in sorted((corpora / v).iterdir()) if f.suffix == ".md" and
                         not f.name.startswith("00-")).split() for v in ("snarky-mentor", "plain-expert")}
    ref = {**reference, "seed-snarky": [seed_text]}
    rng = random.Random(0)
    wins, gaps = 0, []
    for _ in range(draws):
        tests = {}
        for v, toks in texts.items():
            start = rng.randrange(0, max(1, len(toks) - words))
            tests[v] = " ".join(toks[start:start + words])
        d = deltas(ref, tests)
        wins += d["snarky-mentor"]["seed-snarky"] < d["plain-expert"]["seed-snarky"]
        gaps.append(d["plain-expert"]["seed-snarky"] - d["snarky-mentor"]["seed-snarky"])
    return {"words": words, "draws": draws, "snarky_nearer": wins, "mean_gap": statistics.fmean(gaps)}


def seed_bar(tree: Tree, reference: dict[str, list[str]], seed_text: str, words: int, seed: int) -> dict[str, Any]:
    """The snarky-mentor and plain-expert posts on the seed's topic at one seed, by the bar's Delta."""
    snark, _ = tree.write(SEED_TOPIC, "snarky-mentor", words, seed)
    plain, _ = tree.write(SEED_TOPIC, "plain-expert", words, seed)
    ds = deltas({**reference, "seed-snarky": [seed_text]}, {"snarky-mentor": prose(snark), "plain-expert": prose(plain)})
    out = {"seed": seed, "snarky_to_seed": ds["snarky-mentor"]["seed-snarky"], "plain_to_seed": ds["plain-expert"]["seed-snarky"],
           "snarky_post": snark, "plain_post": plain}
    out["snarky_nearer"] = out["snarky_to_seed"] < out["plain_to_seed"]
    return out


def plain_counts(text: str) -> dict[str, float]:
    """Sentence length and lowercase starts by a plain regex (not blogwright's splitter)."""
    sents = [s for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if re.search(r"[A-Za-z]", s)]
    firsts = [m.group(0) for s in sents if (m := re.search(r"[A-Za-z]", s))]
    lengths = [len(s.split()) for s in sents]
    return {"sentences": len(sents), "mean_words": round(statistics.fmean(lengths), 2) if lengths else 0.0,
            "lowercase_share": round(sum(c.islower() for c in firsts) / len(firsts), 3) if firsts else 0.0}


def seed_passage(path: Path) -> str:
    """The snarky part of the seed post (its title lines and the closing plain summary left out)."""
    if path.suffix == ".md":  # the corpus copy has them dropped already
        return prose(path)
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return "\n\n".join(lines[2:-1])


def seed_extra_lines(x: dict[str, Any]) -> list[str]:
    per = ", ".join(f"seed {b['seed']} {b['snarky_to_seed']:.3f}/{b['plain_to_seed']:.3f}" for b in x["per_seed"])
    c = x["ceiling"]
    lines = [f"Extra view, not the bar: the seed bar at seeds 0-{len(x['per_seed']) - 1}: snarky nearer in **{x['passes']} of "
             f"{len(x['per_seed'])}** (snarky/plain: {per})."] if len(x["per_seed"]) > 1 else []
    return [*lines, f"Seed-bar ceiling (no model): {c['words']}-word pieces of the snarky-mentor and plain-expert corpora "
                    f"(written in those voices; the seed post left out), {c['draws']} draws: the snarky piece is nearer the "
                    f"seed passage in {c['snarky_nearer']} of {c['draws']} (mean gap {c['mean_gap']:+.3f})."]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.voice", description=__doc__.split("\n\n")[0])
    ap.add_argument("--writers", type=Path, default=WRITERS, help="folder of NAME/learn and NAME/heldout")
    ap.add_argument("--src", type=Path, default=ROOT / "src", help="the source tree to run")
    ap.add_argument("--label", default="after")
    ap.add_argument("--model", default="local")
    ap.add_argument("--words", type=int, default=300)
    ap.add_argument("--seeds", type=int, default=1)
    ap.add_argument("--seed-file", type=Path, default=SEED, help="the seed post (.txt) or its corpus copy (.md)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    ap.add_argument("--cache", type=Path, default=None, help="posts already written (default: a temp folder per label)")
    ap.add_argument("--seed-seeds", type=int, default=1,
                    help="also the seed bar at seeds 0..N-1 (an extra view; the bar itself is seed 0)")
    ap.add_argument("--ceiling-only", action="store_true",
                    help="only the ceiling: the writers' own learn posts in post-sized pieces (no model, seconds)")
    args = ap.parse_args(argv)
    writers = sorted(p.name for p in args.writers.iterdir() if (p / "learn").is_dir() and (p / "heldout").is_dir())
    reference = {w: [prose(f) for f in sorted((args.writers / w / "heldout").iterdir())] for w in writers}
    learn_texts = {w: [prose(f) for f in sorted((args.writers / w / "learn").iterdir())] for w in writers}
    if args.ceiling_only:
        c = ceiling(learn_texts, reference, args.words, len(TOPICS) * args.seeds)
        stem = args.out / f"voice-{args.label}"
        write_json(stem.with_suffix(".json"), {"label": args.label, "when": now_iso(), "git": git_state(),
                                               "command": command_line("bench.voice", argv), "ceiling": c})
        md = [f"# bench.voice ceiling ({args.label})", "", f"`{command_line('bench.voice', argv)}` at {git_state()}, "
              f"{now_iso()}", "", *ceiling_lines(c)]
        stem.with_suffix(".md").write_text("\n".join(md) + "\n", encoding="utf-8")
        log("\n".join(md))
        return 0
    home = Path(tempfile.mkdtemp(prefix="bench-voice-"))
    tree = Tree(args.src.resolve(), home, args.model, args.cache or Path(tempfile.gettempdir()) / f"bench-voice-{args.label}")
    learned: dict[str, Any] = {}
    posts: dict[str, str] = {}
    seconds: list[float] = []
    for w in writers:
        log(f"learning {w}")
        learned[w] = tree.learn(args.writers / w / "learn", f"w-{w}")
        for t, topic in enumerate(TOPICS):
            for seed in range(args.seeds):
                text, s = tree.write(topic, f"w-{w}", args.words, seed)
                seconds.extend([s] if s else [])
                posts[f"{w}|{t}|{seed}"] = text
                log(f"  {w} topic {t} seed {seed}: {len(text.split())} words, {s:.0f} s")
    d = deltas(reference, {k: prose(v) for k, v in posts.items()})
    per_writer, summary, hits = attribution(d, writers)
    rows = [[w, f"{v['own']:.3f}", f"{v['margin']:+.3f}", v["own_rank"], v["nearest"], f"{v['mean_delta'][v['nearest']]:.3f}",
             v["posts_nearest_own"], v["posts"], "yes" if v["ok"] else "no", learned[w]["description"][:90]]
            for w, v in per_writer.items()]
    post_words = round(statistics.fmean(len(prose(v).split()) for v in posts.values()))
    ceil = ceiling(learn_texts, reference, post_words, len(TOPICS) * args.seeds)
    # the seed: snarky-mentor vs plain-expert on the seed's topic
    seed_text = seed_passage(args.seed_file)
    bars = [seed_bar(tree, reference, seed_text, args.words, s) for s in range(max(1, args.seed_seeds))]
    snark, plain = bars[0]["snarky_post"], bars[0]["plain_post"]
    seed_result = {k: bars[0][k] for k in ("snarky_to_seed", "plain_to_seed", "snarky_nearer")}
    # extra views (not the bar): the bar at more seeds, and the voices' own corpora against the seed passage
    seed_extra = {"per_seed": [{k: b[k] for k in ("seed", "snarky_to_seed", "plain_to_seed", "snarky_nearer")} for b in bars],
                  "passes": sum(b["snarky_nearer"] for b in bars),
                  "ceiling": seed_ceiling(reference, seed_text, round(statistics.fmean(len(prose(b["snarky_post"]).split())
                                                                                    for b in bars)))}
    pooled_per, pooled_summary, pooled_hits = attribution(deltas(reference, {k: prose(v) for k, v in pooled(posts, writers).items()}),
                                                          writers)
    # the lowercase, short-sentence corpus
    low = tree.learn(LOWERCASE, "lowercase-k")
    low_post, _ = tree.write(TOPICS[0], "lowercase-k", args.words, 0)
    corpus_counts = plain_counts("\n".join(prose(f) for f in sorted(LOWERCASE.iterdir())))
    fp = low["fingerprint"]
    lowercase = {"corpus_plain": corpus_counts, "post_plain": plain_counts(prose(low_post)),
                 "learned_description": low["description"], "learned_sentence_mean": fp["sentence_length"]["mean"],
                 "learned_lowercase_starts": fp.get("habits", {}).get("lowercase_starts"),
                 "post_excerpt": prose(low_post)[:600]}
    result = {"label": args.label, "when": now_iso(), "git": git_state(), "src": str(args.src),
              "command": command_line("bench.voice", argv), "machine": machine_info(), "model": args.model,
              "measure": f"faststylometry Burrows' Delta, {VOCAB} most frequent words of the held-out posts, "
                         "tokenise_remove_pronouns_en",
              "topics": TOPICS, "words": args.words, "seeds": args.seeds,
              "writers": {w: {"source": SOURCES.get(w), "learned": learned[w]["description"],
                              **per_writer[w]} for w in writers},
              "writers_nearest_own": hits, "writers_total": len(writers), "summary": summary, "ceiling": ceil,
              "seed": seed_result, "seed_extra": seed_extra,
              "pooled": {"hits": pooled_hits, "summary": pooled_summary,
                         "writers": {w: {k: v[k] for k in ("nearest", "own", "margin", "own_rank")} for w, v in pooled_per.items()}},
              "lowercase": lowercase, "posts": posts, "snarky_post": snark, "plain_post": plain,
              "seconds_per_post": statistics.fmean(seconds) if seconds else 0.0}
    stem = args.out / f"voice-{args.label}"
    write_json(stem.with_suffix(".json"), result)
    md = [f"# bench.voice ({args.label})", "", f"`{result['command']}` at {result['git']}, {result['when']}", "",
          f"Measure: {result['measure']}. Lower is nearer.", "",
          f"**{hits} of {len(writers)} writers'** posts are nearest their own held-out posts. "
          f"Mean Delta to own {summary['mean_own_delta']:.3f}; mean margin (Delta to the other writers minus "
          f"to own; > 0: own is nearer) {summary['mean_margin']:+.3f}; mean rank of the own writer "
          f"{summary['mean_own_rank']:.1f} of {len(writers)}.", "",
          md_table(["writer", "Delta to own", "margin", "own rank", "nearest", "Delta to nearest", "posts nearest own", "posts", "ok",
                    "learned as"], rows), "", *ceiling_lines(ceil), "",
          f"Seed: snarky-mentor post to the seed's snarky passage {seed_result['snarky_to_seed']:.3f}, "
          f"plain-expert post {seed_result['plain_to_seed']:.3f}: snarky nearer = {seed_result['snarky_nearer']}.", "",
          *seed_extra_lines(seed_extra), "",
          f"Extra view, not the bar: each writer's {len(TOPICS) * args.seeds} posts joined into one text "
          f"(~{round(post_words * len(TOPICS) * args.seeds, -2):.0f} words; stylometry usually wants 1,000+): **{pooled_hits} of "
          f"{len(writers)}** nearest their own, mean margin {pooled_summary['mean_margin']:+.3f}, mean own rank "
          f"{pooled_summary['mean_own_rank']:.1f} (" + ", ".join(f"{w} -> {v['nearest']} {v['margin']:+.3f}"
                                                             for w, v in pooled_per.items()) + ").", "",
          f"Lowercase corpus: learned as \"{low['description']}\"; corpus (plain regex) {corpus_counts}; "
          f"post {lowercase['post_plain']}.", "",
          "Writers (bench/voice-writers/SOURCES.md): " + "; ".join(
              f"{w}: {SOURCES[w][0]}, github {SOURCES[w][1]}, {SOURCES[w][2]}" for w in writers if w in SOURCES)]
    stem.with_suffix(".md").write_text("\n".join(md) + "\n", encoding="utf-8")
    log("\n".join(md))
    return 0


if __name__ == "__main__":
    sys.exit(main())
