"""Publish a Markdown post to a Hugo site, a Jekyll site or WordPress (REST API).

    result = publish_post("post.md", "hugo:~/site", live=False, dry_run=True)
    result.location, result.dry_run_text
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from blogwright.checks import CheckContext, GateConfig, implied_target, parse_markdown
from blogwright.checks.facts import unverified_claims
from blogwright.core.errors import BadInput
from blogwright.core.io import read_text
from blogwright.pipeline.gates import check_post
from blogwright.pipeline.verdict import stored_verdict
from blogwright.publish.source import SourcePost, load_post
from blogwright.publish.static import FilePlan
from blogwright.publish.targets import TARGETS, PublishOptions, PublishResult, Target, parse_target
from blogwright.publish.wordpress import Credentials, PublishError, WordPressClient, markdown_to_html
from blogwright.store import run_for_output

__all__ = ["TARGETS", "Credentials", "FilePlan", "GateContext", "PublishError", "PublishOptions", "PublishResult",
           "SourcePost", "Target", "WordPressClient", "failed_gates", "gate_context", "load_post", "logged_context",
           "markdown_to_html", "parse_target", "publish_post"]


@dataclass
class GateContext:
    """What a post is checked against before publishing: the user's notes (`--notes`), else the
    brief of the logged run that wrote the file, else only its own title."""

    notes: list[str] = field(default_factory=list)
    topic: str = ""
    keywords: list[str] = field(default_factory=list)
    allow_words: list[str] = field(default_factory=list)
    run_id: str = ""  # the logged run whose brief this is ("" when none)

    def describe(self) -> str:
        if self.run_id:
            return f"checked against the notes of run {self.run_id} ({len(self.notes)} notes, its topic and keywords)"
        return f"checked against your notes ({len(self.notes)})" if self.notes else ""


def logged_context(post_path: str | Path) -> GateContext | None:
    """The brief of the run that wrote `post_path` (the log's output_path, resolved), or None. The
    sources are not read again (they may be URLs): the notes, topic, keywords and request are used."""
    run = run_for_output(post_path)
    if run is None:
        return None
    brief = run["brief"] if isinstance(run["brief"], dict) else {}

    def strings(key: str) -> list[str]:
        value = brief.get(key)
        return [str(v) for v in value if str(v).strip()] if isinstance(value, list) else []

    request = str(brief.get("request") or "")
    return GateContext(notes=strings("notes"), topic=str(brief.get("topic") or run.get("topic") or ""),
                       keywords=strings("keywords"), run_id=str(run["id"]),
                       allow_words=sorted(set(re.findall(r"[\w'’-]+", request))))


def gate_context(post: SourcePost, notes: list[str] | None = None) -> GateContext:
    """`--notes` when given, else the logged run's brief, else nothing but the post itself."""
    if notes:
        return GateContext(notes=list(notes))
    return logged_context(post.path) or GateContext()


def failed_gates(post: SourcePost, notes: list[str] | None = None, context: GateContext | None = None) -> list[str]:
    """Blocking quality gates the post fails (lexical on-topic check, no embedding model), checked
    against `notes` (or `context`; by default the brief of the logged run that wrote the file).

    The post's target length is not known here: a short post is held to the short shape
    (`checks.implied_target`, as `check` without `--words` does)."""

    config = GateConfig.load(embeddings=False)  # the user's `gates:` (e.g. seo blocking)
    if not notes and (context is None or context.run_id):
        verdict = stored_verdict(run_for_output(post.path), read_text(post.path, "post"), config)
        if verdict is not None:  # the unchanged post `write` judged: its verdict, not a second opinion
            return [str(n) for n in verdict.get("blocking_failed") or []]
    gc = context if context is not None else gate_context(post, notes)
    ctx = CheckContext(topic=gc.topic or str(post.meta.get("topic") or post.title), notes=list(gc.notes),
                       keywords=list(gc.keywords), allow_words=list(gc.allow_words),
                       target_words=implied_target(parse_markdown(post.text)))
    report = check_post(post.text, ctx, config)
    return [name for name, g in report.gates.items() if g.blocking and not g.passed]


def publish_post(post_path: str | Path, target: str, *, live: bool = False, dry_run: bool = False,
                 force: bool = False, overwrite: bool = False, db=None, wp_config: dict | None = None,
                 transport: httpx.BaseTransport | None = None, allow_html: bool = False,
                 notes: list[str] | None = None) -> PublishResult:
    """Publish POST to TARGET. `db`: an sqlite3 connection (Store().db) to remember WordPress ids.
    `notes`: the facts the gates check the post against (default: the notes of the logged run that
    wrote the file, found by its path). `force`: publish despite failing blocking gates; `overwrite`:
    replace a post already there (the site's file, a WordPress post blogwright did not make). Two flags:
    re-publishing a post must not also switch off its fact check.
    `allow_html`: keep the post's raw HTML (and Hugo shortcodes, Jekyll Liquid) instead of escaping
    it; unsafe links are made harmless either way. Nothing is written outside a Hugo or Jekyll site."""
    kind, where = parse_target(target)
    post = load_post(post_path)
    checked = ""
    if not force:
        gc = gate_context(post, notes)
        checked = gc.describe()
        bad = failed_gates(post, context=gc)
        unverified = unverified_claims(post.text) if "facts" in bad else []
        if unverified:
            shown = "; ".join(f"“{s}”" for s in unverified[:5]) + (f" and {len(unverified) - 5} more" if len(unverified) > 5 else "")
            raise BadInput(f"{post.path} has {len(unverified)} unverified claim(s) that no note or source backs: {shown}. "
                           "Check each, then delete its entry under `check_claims` in the front matter (or rewrite the "
                           "sentence); --force publishes anyway"
                           + (f"; it also fails: {', '.join(b for b in bad if b != 'facts')}" if len(bad) > 1 else ""))
        if bad:
            raise BadInput(f"{post.path} fails blocking quality gates: {', '.join(bad)}"
                           f"{f' ({checked})' if checked else ''} "
                           "(see `blogwright check`; --force publishes anyway)")
    result = TARGETS.get(kind).publish(post, where, PublishOptions(live=live, dry_run=dry_run, force=force, overwrite=overwrite, db=db,
                                                                   wp_config=wp_config, transport=transport,
                                                                   allow_html=allow_html))
    if checked:
        result.notes = [checked, *result.notes]
    return result
