"""Posts written with `--research` on a corpus of real documentation pages served on 127.0.0.1.

The corpus (tests/data/research/git: 18 pages of Git's documentation as published) is served by
bench/fake_search.py: a page server with a robots.txt and a SearXNG-compatible search. Each brief is
written with `api.write(..., research=True, search="searxng:<fake>", unsupported=...)` on the model,
in one process, into a fresh data dir. Per post it records:

- checkable sentences (the grounding report's claims) and how many were supported by a cited passage;
- every reference: does its URL answer, and does the page it names contain the cited excerpt;
- every sentence of the post (for labelling by hand: `--labels FILE` joins the labels in).

    python -m bench.research                       # 5 briefs on the bundled model, --unsupported cut
    python -m bench.research --model fake --quick  # 2 briefs, seconds
    python -m bench.research --labels bench/results/research-labels.jsonl   # summary with labels

Results: bench/results/research-<model>.json and .md, the posts in bench/results/research-posts/.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from pathlib import Path

import httpx

from bench.common import arg_parser, backend_slug
from bench.fake_search import CorpusServers
from blogwright import api
from blogwright.backends import get_backend
from blogwright.model.brief import Brief
from blogwright.render import render
from blogwright.text.html import extract_main_text
from blogwright.text.sentences import split_sentences

CORPORA = Path(__file__).resolve().parent.parent / "tests" / "data" / "research"
CORPUS = CORPORA / "git"
BRIEFS = [
    "How git stash saves your unfinished work",
    "Git rebase vs git merge",
    "Finding the commit that broke the build with git bisect",
    "Working on two branches at once with git worktree",
    "Undoing mistakes with git reset and git revert",
    "Marking releases with git tags",
]
# Five briefs written down (and committed) before any run or tuning on them, over a second corpus:
# 14 pages of Redis's documentation (redis/redis-doc, CC BY-SA 4.0; bench/redis_corpus.py builds them).
UNSEEN = [
    "How Redis keeps data on disk with RDB snapshots and the append-only file",
    "Grouping Redis commands with MULTI and EXEC transactions",
    "Publish and subscribe messaging with Redis Pub/Sub",
    "What Redis does when it runs out of memory: key eviction policies",
    "Cutting round trips with Redis pipelining",
]
SETS = {"git": (CORPUS, BRIEFS), "redis": (CORPORA / "redis", UNSEEN)}
LABELS = ("true", "false", "nonsense", "no-claim", "meta", "unacceptable")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text.lower())).strip()


def resolves(url: str, excerpt: str) -> bool:
    """The reference's URL answers 200 and its page holds the excerpt's words in order (a prefix of 8 words)."""
    try:
        r = httpx.get(url, timeout=10)
    except httpx.HTTPError:
        return False
    if r.status_code != 200:
        return False
    return on_page(r.text, excerpt)


def on_page(html: str, excerpt: str) -> bool:
    """Each quoted part of the excerpt (parts are joined by "..."): its first 8 words are in the page's main text (its headings left out: a passage may
    run from a heading-less line under one heading into the next section)."""
    text = "\n".join(ln for ln in extract_main_text(html)[1].splitlines() if not ln.startswith("# "))
    page = _norm(text)
    parts = [_norm(p).split() for p in re.split(r"\.\.\.|…", excerpt)]  # a reference may quote several sentences
    parts = [w for w in parts if w]
    return bool(parts) and all(" ".join(w[:8]) in page for w in parts)


REFERENCE = re.compile(r"^(\d+)\. (?:\[(?P<t1>[^\]]*)\]\((?P<u1>https?://[^)]*)\)|(?P<t2>.*?) \((?P<u2>https?://[^)]*)\))"
                       r"[^“\n]*: “(?P<ex>.*)”$", re.M)


def references(markdown: str) -> list[tuple[str, str, str, str]]:
    """(n, title, URL, excerpt) of each web reference: '1. Title (URL): “...”' or '1. [Title](URL), Section: “...”'."""
    return [(m.group(1), m.group("t1") or m.group("t2"), m.group("u1") or m.group("u2"), m.group("ex"))
            for m in REFERENCE.finditer(markdown)]


def sentences_of(markdown: str) -> list[dict]:
    body = markdown.split("\n---\n", 2)[-1] if markdown.startswith("---") else markdown
    body = body.split("## References")[0]
    out = []
    for block in re.split(r"\n\s*\n", body):
        block = block.strip()
        if not block or block.startswith("#"):
            continue
        where = "tldr" if block.startswith("**TL;DR") else "body"
        for s in split_sentences(block):
            out.append({"sentence": s, "cited": bool(re.search(r"\[\d+\]", s)), "where": where})
    return out


def main() -> None:
    p = arg_parser("bench.research", __doc__, "2 briefs, 300 words")
    p.add_argument("--words", type=int, default=500)
    p.add_argument("--unsupported", default="cut")
    p.add_argument("--code", default="", help="which code the posts were written with (a commit), for the record")
    p.add_argument("--labels", default=None, help="JSONL of {brief, sentence, label}: summarise them too")
    p.add_argument("--briefs", type=int, default=5)
    p.add_argument("--set", default="git", choices=sorted(SETS), help="which corpus and briefs: git (tuned on) or redis (unseen)")
    p.add_argument("--summarise", default=None, help="a results JSON of an earlier run: summarise it again (with --labels)")
    args = p.parse_args()
    if args.summarise:
        old = json.loads(Path(args.summarise).read_text())
        for row in old["posts"]:  # the references checked again against the corpus files the pages were
            post = Path(row["path"]).read_text(encoding="utf-8")
            refs = references(post)
            row["references"] = len(refs)
            row["sentences"] = sentences_of(post)  # again, with where each one is
            corpus = SETS[old.get("set", "git")][0]
            row["references_resolving"] = sum(on_page((corpus / url.rsplit("/", 1)[1]).read_text(encoding="utf-8"), ex)
                                              for _, _, url, ex in refs if (corpus / url.rsplit("/", 1)[1]).exists())
        args.model, args.words, args.unsupported = old["model_spec"], old["words"], old["unsupported"]
        args.set = old.get("set", "git")
        summarise(old["posts"], args, old["model"], Path(args.out))
        return
    corpus, topics = SETS[args.set]
    briefs = topics[:2] if args.quick else topics[:args.briefs]
    home = Path(tempfile.mkdtemp(prefix="bench-research-"))
    (home / "config.yaml").write_text("search:\n  per_host: 6\n  pause: 0\n")
    os.environ.update(BLOGWRIGHT_HOME=str(home / "data"), BLOGWRIGHT_CONFIG=str(home / "config.yaml"))
    out_dir = Path(args.out)
    posts_dir = out_dir / "research-posts"
    posts_dir.mkdir(parents=True, exist_ok=True)
    backend = get_backend(args.model)
    slug = backend_slug(args.model, getattr(backend, "model", ""))
    rows = []
    with CorpusServers(corpus) as servers:
        for i, topic in enumerate(briefs):
            t0 = time.perf_counter()
            brief = Brief(topic=topic, words=300 if args.quick else args.words)
            res = api.write(brief, backend=backend, seed=args.seed, out_dir=str(posts_dir), research=True,
                            search=f"searxng:{servers.search_url}", allow_private_urls=True, library=False,
                            unsupported=args.unsupported)
            md = render(res.post, "md")
            report = res.post.report
            g = (report["grounding"] if report else None) or {}
            refs = references(res.post.references_md or "")
            resolved = [resolves(url, ex) for _, _, url, ex in refs]
            rows.append({"brief": i + 1, "topic": topic, "path": str(res.path), "seconds": round(time.perf_counter() - t0, 1),
                         "words": res.post.body_words, "claims": g.get("claims", 0), "supported": g.get("supported", 0),
                         "unsupported_left": sum(1 for pr in g.get("problems", []) if pr["action"] in ("flagged", "kept (cutting it would empty the section)")),
                         "cut": sum(1 for pr in g.get("problems", []) if pr["action"] == "cut"),
                         "rewritten": sum(1 for pr in g.get("problems", []) if pr["action"] == "rewritten"),
                         "references": len(refs), "references_resolving": sum(resolved),
                         "sentences": sentences_of(md),
                         "passed": report["checks"]["passed"] if report and report["checks"] else None})
            print(f"{i + 1}. {topic}: {rows[-1]['supported']} of {rows[-1]['claims']} claims supported, "
                  f"{sum(resolved)}/{len(refs)} references resolve, {rows[-1]['seconds']} s", flush=True)
    summarise(rows, args, slug, out_dir)


def summarise(rows: list[dict], args, slug: str, out_dir: Path) -> None:
    labels: dict[tuple[int, str], str] = {}
    if args.labels and Path(args.labels).exists():
        for line in Path(args.labels).read_text().splitlines():
            if line.strip():
                d = json.loads(line)
                labels[(d["brief"], d["sentence"])] = d["label"]
    checkable = sum(r["claims"] - r["cut"] for r in rows)  # the claims still in the posts
    # supported by a cited passage: claims the check cited, and claims replaced by a passage's own sentence (cited)
    supported = sum(r["supported"] + r.get("rewritten", 0) for r in rows)
    refs = sum(r["references"] for r in rows)
    resolving = sum(r["references_resolving"] for r in rows)
    counts = {k: 0 for k in LABELS}
    for r in rows:
        for s in r["sentences"]:
            lab = labels.get((r["brief"], s["sentence"]))
            s["label"] = lab
            if lab:
                counts[lab] += 1
    claims_labelled = counts["true"] + counts["false"]
    claims = claims_labelled + counts["nonsense"]
    sentences = sum(counts.values())
    wrong = counts["false"] + counts["nonsense"]
    cited = {k: sum(1 for r in rows for s in r["sentences"] if s["cited"] and s.get("label") == k) for k in LABELS}
    # by reading: body sentences labelled as claims (true, false, nonsense) that carry a citation and are true
    # (the TL;DR repeats body sentences without their markers, so it is left out of this share)
    body_claims = [s for r in rows for s in r["sentences"] if s.get("where", "body") == "body"
                   and s.get("label") in ("true", "false", "nonsense")]
    cited_true = sum(1 for s in body_claims if s["cited"] and s["label"] == "true")
    result = {"command": f"python -m bench.research --set {args.set} --model {args.model} --words {args.words} --unsupported {args.unsupported}"
                         + (f" --labels {args.labels}" if args.labels else ""),
              "model": slug, "model_spec": args.model, "words": args.words, "unsupported": args.unsupported,
              "code": args.code, "set": args.set, "briefs": len(rows), "checkable_in_post": checkable, "supported": supported,
              "supported_share": round(supported / checkable, 3) if checkable else None,
              "references": refs, "references_resolving": resolving, "labels": counts, "labels_of_cited_sentences": cited,
              "false_share_of_claims": round(counts["false"] / claims_labelled, 3) if claims_labelled else None,
              "body_claims_cited_and_true": f"{cited_true}/{len(body_claims)}",
              "false_or_nonsense_of_sentences": round(wrong / sentences, 3) if sentences else None,
              "false_or_nonsense_of_claims": round(wrong / claims, 3) if claims else None,
              "post_words": sum(r["words"] for r in rows),
              "posts": rows}
    (out_dir / f"research-{slug}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    lines = [f"# Research on real pages: {slug}", "", f"`{result['command']}`", "",
             "| brief | claims in post | supported [n] | replaced by a cited passage | cut | references resolving | words | s |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['topic']} | {r['claims'] - r['cut']} | {r['supported']} | {r.get('rewritten', '-')} | {r['cut']} | "
                     f"{r['references_resolving']}/{r['references']} | {r['words']} | {r['seconds']} |")
    lines += ["", f"Supported share of checkable sentences left in the posts: {supported}/{checkable} = "
              f"{result['supported_share']}; references resolving to their page: {resolving}/{refs}.",
              "", f"Labels (by hand, every sentence; {args.labels}): {counts}; false claims / claims = "
              f"{result['false_share_of_claims']}; of the sentences carrying a citation: {cited}",
              "", f"False or nonsense: {wrong}/{sentences} sentences = {result['false_or_nonsense_of_sentences']}, "
              f"{wrong}/{claims} claims (true + false + nonsense) = {result['false_or_nonsense_of_claims']}; "
              f"words {result['post_words']} (target {args.words} x {len(rows)})",
              "", f"By reading: body claims that carry a citation and are true: {cited_true}/{len(body_claims)}",
              "", f"Code: {args.code}"]
    (out_dir / f"research-{slug}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
