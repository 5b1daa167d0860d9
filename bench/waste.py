"""Where the generated tokens go (issue 28): write posts in-process on the bundled model with the draft
stage's steps watched, and split every completion token into kept (reached the finished post) and
thrown away, by the step that threw it away:

    python -m bench.waste [--targets 300,600,1200] [--seeds 1,2] [--label NAME] [--out bench/results]

Attribution is by words, scaled to each call's completion tokens: a draft call's text goes through
`pipeline.draft.paragraph`'s steps (the stream stop, `clean_prose`, `drop_avoided`, `strip_angle_echo`,
`drop_style_talk`, `drop_copied`, `drop_rephrased`, then the paragraph's gates: too short, off topic,
shouting); a paragraph that passes is then followed through the section (over-budget trim, a discarded
redraft), the substance pass, the post-level review, grounding, the length fit, the restyle and the
verdict cut, by which snapshot of the post its sentences are last seen in. Repair, summary and other
calls are counted whole by stage, with the share of their words in the final post.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from .common import command_line, log, machine_info, md_table, now_iso, posts_parser, write_json

TOPIC = "LLM Ops vs ML Ops"
STEPS = ("clean_prose", "drop_avoided", "strip_angle_echo", "drop_style_talk", "drop_copied", "drop_rephrased")
SNAPSHOTS = ("section", "substance", "review", "truth", "fit", "restyle", "final")


def _words(text: str) -> int:
    return len(text.split())


def _norm_sentences(text: str) -> list[str]:
    from blogwright.pipeline.clean import split_sentences

    return [s for s in split_sentences(text.replace("\n\n", " ")) if s.strip()]


def present(sentence: str, sentences: list[str]) -> bool:
    """The sentence (or a light rewrite of it: restyled, opener varied) is among `sentences`."""
    from blogwright.text.tokens import overlap

    return any(overlap(sentence, s, 1.0) >= 0.7 and overlap(s, sentence, 1.0) >= 0.5 for s in sentences)


class Watch:
    """Records every model call and the draft steps applied to each draft call's text."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.current: dict[str, Any] | None = None  # the draft call whose text the steps now work on
        self.paragraph_args: dict[str, Any] = {}
        self.snap: dict[str, str] = {}
        self.section_texts: list[str] = []
        self.originals: list[tuple[Any, str, Any]] = []

    def _set(self, obj: Any, name: str, value: Any) -> None:
        self.originals.append((obj, name, getattr(obj, name)))
        setattr(obj, name, value)

    def unpatch(self) -> None:
        for obj, name, value in reversed(self.originals):
            setattr(obj, name, value)
        self.originals.clear()

    def patch(self) -> None:
        from blogwright.pipeline import context, draft, review, run

        watch = self
        real_call = context.RunContext.call

        def call(ctx, stage, prompt, params, *a, **kw):  # type: ignore[no-untyped-def]
            completion = real_call(ctx, stage, prompt, params, *a, **kw)
            entry = {"stage": ctx._open[-1] if ctx._open else stage, "template": prompt.name,
                     "tokens": completion.completion_tokens, "text": completion.text,
                     "finish": completion.finish_reason, "steps": [], "outcome": None, "kept_text": "",
                     "max_tokens": params.max_tokens}
            watch.calls.append(entry)
            if prompt.name in ("section", "intro", "conclusion", "fact"):
                watch.current = entry
                entry["raw_words"] = _words(completion.text)
                entry["section_index"] = watch.paragraph_args.get("key", ("?",))
            return completion

        self._set(context.RunContext, "call", call)

        def wrap_step(name: str) -> None:
            fn = getattr(draft, name)

            def wrapped(text, *a, **kw):  # type: ignore[no-untyped-def]
                out = fn(text, *a, **kw)
                out_text = out[0] if isinstance(out, tuple) else out
                cur = watch.current
                # clean_prose is also called on the kept text only to remember its sentences
                if cur is not None and cur["outcome"] is None and not (name == "clean_prose" and a and
                                                                          len(cur["steps"]) >= len(STEPS)):
                    cur["steps"].append((name, _words(text), _words(out_text), text, out_text))
                return out
            watch._set(draft, name, wrapped)

        for name in STEPS:
            wrap_step(name)

        real_paragraph = draft.paragraph

        def paragraph(ctx, template, key, size, anchors, seen, *a, **kw):  # type: ignore[no-untyped-def]
            watch.paragraph_args = {"key": key, "anchors": anchors, "size": size}
            start = len(watch.calls)
            text = real_paragraph(ctx, template, key, size, anchors, seen, *a, **kw)
            mine = [c for c in watch.calls[start:] if c["template"] == template]
            for c in mine:
                c["outcome"] = "refused"
                c["anchors"] = anchors
                c["min_words"] = kw.get("min_words", 12)
            if text and mine:
                mine[-1]["outcome"] = "kept"
                mine[-1]["kept_text"] = text
            watch.current = None
            return text

        self._set(draft, "paragraph", paragraph)

        real_best = review.best_section

        def best_section(ctx, outline, index, *a, **kw):  # type: ignore[no-untyped-def]
            section = real_best(ctx, outline, index, *a, **kw)
            watch.section_texts.append(section.text)
            return section

        self._set(review, "best_section", best_section)

        for name in ("draft_intro", "draft_conclusion"):
            def edge(ctx, outline, seen, _fn=getattr(draft, name)):  # type: ignore[no-untyped-def]
                text = _fn(ctx, outline, seen)
                watch.section_texts.append(text)
                return text
            self._set(draft, name, edge)

        def snap_after(module: Any, name: str, label: str) -> None:
            fn = getattr(module, name)

            def wrapped(ctx, post, *a, **kw):  # type: ignore[no-untyped-def]
                out = fn(ctx, post, *a, **kw)
                watch.snap[label] = _post_text(post)
                return out
            watch._set(module, name, wrapped)

        snap_after(review, "review_post", "review")
        snap_after(run, "ground_post", "truth")
        snap_after(run, "restyle_post", "restyle")
        real_fit = run.post_length.fit_post

        def fit(post, *a, **kw):  # type: ignore[no-untyped-def]
            watch.snap["substance"] = watch.snap.get("substance") or ""
            out = real_fit(post, *a, **kw)
            watch.snap["fit"] = _post_text(post)
            return out
        self._set(run.post_length, "fit_post", fit)

        real_substance = run.SubstancePass.__call__

        def substance(self, text, label, keep=None):  # type: ignore[no-untyped-def]
            out = real_substance(self, text, label, keep)
            watch.snap["substance"] = f"{watch.snap.get('substance', '')}\n\n{out}"
            return out
        self._set(run.SubstancePass, "__call__", substance)


def _post_text(post: Any) -> str:
    return "\n\n".join([post.intro, *(s.text for s in post.sections), post.conclusion])


def classify(watch: Watch, post: Any) -> dict[str, float]:
    """Tokens by where they went (see the module's docstring)."""
    from blogwright.pipeline import draft
    from blogwright.pipeline.draft import is_shouting, on_topic

    spelled_out = getattr(draft, "spelled_out", lambda text, *anchors: False)  # older code: no such acceptance

    out: Counter[str] = Counter()
    final = _norm_sentences(_post_text(post))
    final_all = final + _norm_sentences(post.summary)
    snaps = {"section": _norm_sentences("\n\n".join(watch.section_texts)),
             **{k: _norm_sentences(v) for k, v in watch.snap.items() if k != "section"}}
    for c in watch.calls:
        tokens = c["tokens"]
        if c["template"] not in ("section", "intro", "conclusion", "fact"):
            words = _words(c["text"])
            kept = sum(_words(s) for s in _norm_sentences(c["text"]) if present(s, final_all))
            share = min(1.0, kept / words) if words else 0.0
            out[f"{c['stage']} ({c['template']}) kept"] += tokens * share
            out[f"{c['stage']} ({c['template']}) thrown away"] += tokens * (1 - share)
            continue
        per_word = tokens / max(1, c["raw_words"])
        words = c["raw_words"]
        if c["finish"] == "checked":
            steps = c["steps"]
            first_in = steps[0][1] if steps else words
            out["draft: text after a stop (partial sentence)"] += per_word * max(0, words - first_in)
        elif c["finish"] == "length":
            out.setdefault("draft: cut at max_tokens (in clean_prose)", 0)
        for name, w_in, w_out, _, _ in c["steps"]:
            lost = max(0, w_in - w_out)
            label = name
            if name == "clean_prose" and c["finish"] == "length":
                label = "clean_prose (incl. unfinished end at max_tokens)"
            out[f"draft: {label}"] += per_word * lost
        last = c["steps"][-1][4] if c["steps"] else ""
        if c["outcome"] != "kept":
            n = _words(last)
            if not n:
                continue
            if n < c.get("min_words", 12) and c["finish"] != "checked" or n < 5:
                reason = "too short"
            elif not (on_topic(last, *c.get("anchors", ())) or spelled_out(last, *c.get("anchors", ()))):
                reason = "off topic (on_topic)"
            elif is_shouting(last):
                reason = "shouting"
            else:
                reason = "other"
            out[f"draft: paragraph refused, {reason}"] += per_word * n
            continue
        for s in _norm_sentences(c["kept_text"]):
            w = _words(s) * per_word
            if present(s, final):
                out["KEPT (draft)"] += w
                continue
            where = "final"
            for label in SNAPSHOTS[:-1]:
                if label in snaps and not present(s, snaps[label]):
                    where = label
                    break
            out[f"draft: kept paragraph, sentence lost at {where}"] += w
    return dict(out)


def _call_record(c: dict[str, Any]) -> dict[str, Any]:
    """A draft call as the JSON keeps it: its text, finish, what each step removed, the outcome."""
    from blogwright.pipeline.clean import split_sentences

    removed = []
    for name, _, _, before, after in c["steps"]:
        gone = [x for x in split_sentences(before) if x not in after]
        if gone:
            removed.append({"step": name, "sentences": gone})
    return {"template": c["template"], "key": list(map(str, c.get("section_index", ()))), "tokens": c["tokens"],
            "finish": c["finish"], "max_tokens": c.get("max_tokens"), "text": c["text"], "removed": removed, "outcome": c["outcome"],
            "last": c["steps"][-1][4] if c["steps"] else "", "anchors": list(c.get("anchors", ()))}


def main(argv: list[str] | None = None) -> int:
    p = posts_parser("bench.waste", __doc__)
    args = p.parse_args(argv)
    from blogwright.backends import get_backend
    from blogwright.model.brief import make_brief
    from blogwright.pipeline.run import write_post
    from blogwright.render import to_markdown
    from blogwright.store import Store
    from blogwright.voices import load_voice

    backend = get_backend(args.model)
    posts: list[dict[str, Any]] = []
    totals: dict[str, float] = defaultdict(float)
    for words in [int(w) for w in args.targets.split(",")]:
        for seed in [int(s) for s in args.seeds.split(",")]:
            watch = Watch()
            watch.patch()
            brief = make_brief(topic=TOPIC, voice="snarky-mentor", audience="newbie", words=words)
            post = write_post(brief, load_voice(brief.voice), backend, Store(None), seed=seed)
            split = classify(watch, post)
            watch.unpatch()
            rep = post.report
            generated = rep.usage.completion_tokens if rep else 0
            kept = rep.kept_tokens if rep else 0
            log(f"{words} words seed {seed}: {generated} generated, {kept} kept, {rep.usage.calls if rep else 0} calls")
            posts.append({"target": words, "seed": seed, "generated": generated, "kept": kept,
                          "calls": rep.usage.calls if rep else 0, "body_words": post.body_words,
                          # prompt tokens sent and those llama.cpp recomputed (not in its KV cache); posts run in
                          # one process, so a post's first call may reuse the previous post's last prompt
                          "prompt_tokens": rep.usage.prompt_tokens if rep else 0,
                          "recomputed_prompt_tokens": (rep.usage.prompt_tokens - rep.usage.cached_prompt_tokens) if rep else 0,
                          "split": {k: round(v, 1) for k, v in sorted(split.items(), key=lambda kv: -kv[1])},
                          "draft_calls": [_call_record(c) for c in watch.calls if "raw_words" in c],
                          # the finished post and its failed blocking gates, to read what the kept tokens say
                          "failed_gates": list(getattr(rep.checks, "failed", None) or []) if rep else None,
                          "markdown": to_markdown(post)})
            for k, v in split.items():
                totals[k] += v
    all_generated = sum(p["generated"] for p in posts)
    data = {"command": command_line("bench.waste", argv), "date": now_iso(), "machine": machine_info(),
            "posts": posts, "totals": {k: round(v, 1) for k, v in sorted(totals.items(), key=lambda kv: -kv[1])},
            "generated": all_generated, "kept": sum(p["kept"] for p in posts)}
    slug = "waste" + (f"-{args.label}" if args.label else "")
    out = Path(args.out)
    write_json(out / f"{slug}.json", data)
    rows = [[k, f"{v:.0f}", f"{100 * v / max(1, all_generated):.1f}%"] for k, v in data["totals"].items()]
    per_post = [[p["target"], p["seed"], p["calls"], p["generated"], p["kept"], f"{p['generated'] / max(1, p['kept']):.2f}",
                 p["body_words"], p["prompt_tokens"], p["recomputed_prompt_tokens"]] for p in posts]
    md = (f"# Where the generated tokens go ({slug})\n\n`{data['command']}`, {data['date']}\n\n"
          + md_table(["target", "seed", "calls", "generated", "kept", "gen/kept", "words", "prompt tokens",
                     "recomputed (not cached)"], per_post)
          + "\n\n" + md_table(["where (tokens, all posts)", "tokens", "share of generated"], rows) + "\n")
    (out / f"{slug}.md").write_text(md, encoding="utf-8")
    sys.stdout.write(md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

