"""Command line: thin Typer app. Each command parses flags and calls `api`; no logic here."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from blogwright import __version__, api
from blogwright.api import open_store
from blogwright.cli.errors import fail
from blogwright.cli.progress import ProgressView
from blogwright.cli.publish import publish
from blogwright.cli.report import print_report
from blogwright.cli.voice import feedback, voice_app
from blogwright.core.errors import BadInput, BlogwrightError
from blogwright.grounding import load_notes
from blogwright.model.brief import make_brief
from blogwright.pipeline.run import Interrupted
from blogwright.voices import all_voices
from blogwright.web import serve as run_server

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode="rich",
                  help="Make an AI write your blog posts, and write them well: plan, draft, check, repair.")
console = Console(stderr=True)
out = Console()


class Fmt(str, Enum):
    md = "md"
    html = "html"
    json = "json"


def version_cb(value: bool) -> None:
    if value:
        out.print(f"blogwright {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=version_cb, is_eager=True,
                                      help="Print the version and exit.")) -> None:
    """blogwright writes blog posts with a local or OpenAI-compatible model."""


@app.command()
def write(
    topic: str = typer.Argument(..., help="What the post is about."),
    voice: str = typer.Option("plain-expert", "--voice", "-v", help="Voice name (see `blogwright voices`) or a voice .yaml path."),
    audience: str = typer.Option("newbie", "--audience", "-a", help="newbie, practitioner or expert."),
    words: int = typer.Option(600, "--words", "-w", help="Target length of the post body, in words (100-5000)."),
    keyword: list[str] = typer.Option([], "--keyword", "-k", help="A keyword to mention and tag; repeatable."),
    notes: Optional[Path] = typer.Option(None, "--notes", help="A file of facts to use, one per line."),
    source: list[str] = typer.Option([], "--source", "-s", help="A source to ground the post in (Markdown, text, HTML, PDF or URL); repeatable."),
    unsupported: str = typer.Option("flag", "--unsupported", help="Claims no note or source supports: flag, cut or rewrite."),
    model: str = typer.Option("local", "--model", "-m", help="local[:PATH.gguf], openai[:MODEL] or fake[:SCRIPT.json]."),
    base_url: Optional[str] = typer.Option(None, "--base-url", help="OpenAI-compatible server URL (ends in /v1); default $OPENAI_BASE_URL."),
    api_key: Optional[str] = typer.Option(None, "--api-key", help="API key; default $OPENAI_API_KEY.", show_default=False),
    seed: int = typer.Option(0, "--seed", help="Sampling seed: the same seed on the same model gives the same post."),
    out_dir: Path = typer.Option(Path("."), "--out", "-o", help="Folder to write the post into."),
    fmt: Fmt = typer.Option(Fmt.md, "--format", "-f", help="md (front matter + Markdown), html or json."),
    stream: bool = typer.Option(False, "--stream/--no-stream", help="Show the text as it is written."),
    candidates: int = typer.Option(1, "--candidates", "-n", min=1, max=8, help="Drafts per section; the best is kept."),
    no_log: bool = typer.Option(False, "--no-log", help="Do not log model calls to the SQLite log."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Do not print the quality report."),
) -> None:
    """Write a blog post: plan, draft section by section, review, summarize, save."""

    try:
        note_lines = _read_notes(notes) if notes else []
        brief = make_brief(topic=topic, voice=voice, audience=audience, words=words,
                           keywords=keyword, notes=note_lines, sources=source)
        with ProgressView(console, stream=stream) as view:
            result = api.write(brief, model=model, seed=seed, out_dir=out_dir, fmt=fmt.value,
                               stream=stream, candidates=candidates, no_log=no_log, on_event=view,
                               unsupported=unsupported,
                               backend_opts={"base_url": base_url, "api_key": api_key})
    except BlogwrightError as exc:
        fail(exc)
    except Interrupted as exc:
        path = getattr(exc, "path", None)
        console.print(f"\n[yellow]interrupted:[/] {len(exc.post.sections)} section(s) written so far "
                      f"were saved as a draft: {path}")
        raise typer.Exit(130) from None
    except KeyboardInterrupt:
        console.print("\n[yellow]interrupted[/] before any section was written; nothing saved")
        raise typer.Exit(130) from None

    checks = (result.post.report or {}).get("checks")
    if checks and not quiet:
        print_report(console, checks, title="quality gates (this post)")
    usage = result.post.report.get("usage", {}) if result.post.report else {}
    tps = usage.get("completion_tokens", 0) / usage["model_seconds"] if usage.get("model_seconds") else 0
    console.print(f"[green]wrote[/] {result.path}  ({result.post.body_words} words, "
                  f"{len(result.post.sections)} sections, {result.seconds:.1f} s, {tps:.0f} tok/s, run {result.post.run_id})")
    out.print(str(result.path), highlight=False)


@app.command()
def check(
    file: Path = typer.Argument(..., help="A Markdown post (any post, not only blogwright's)."),
    topic: Optional[str] = typer.Option(None, "--topic", help="What the post should be about (default: its title)."),
    words: int = typer.Option(0, "--words", "-w", help="Target length; 0 skips the length gate."),
    audience: Optional[str] = typer.Option(None, "--audience", "-a", help="newbie, practitioner or expert (reading level)."),
    sections: int = typer.Option(0, "--sections", help="## sections the post must have (default: 3)."),
    notes: Optional[Path] = typer.Option(None, "--notes", help="Facts file: its terms are never 'invented'."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    no_embeddings: bool = typer.Option(False, "--no-embeddings", help="Lexical on-topic check (fast, no model)."),
    voice: Optional[str] = typer.Option(None, "--voice", "-v", help="Score the post against this voice (default: its front matter's)."),
) -> None:
    """Run the quality gates on a Markdown post. Exit 0 when every blocking gate passes, 1 otherwise."""

    try:
        report = api.check_file(file, topic=topic, words=words, audience=audience, sections=sections,
                                notes=_read_notes(notes) if notes else [], embeddings=not no_embeddings,
                                voice=voice)
    except BlogwrightError as exc:
        fail(exc)
    if as_json:
        out.print_json(json.dumps(report.to_dict()))
    else:
        print_report(out, report, title=f"quality gates: {file}")
    raise typer.Exit(0 if report.passed else 1)


@app.command()
def doctor() -> None:
    """Say what is installed and working (model, llama.cpp build, embedding files), with the fix for what is not."""
    from blogwright.doctor import run_checks

    marks = {"ok": "[green]ok  [/]", "warn": "[yellow]warn[/]", "fail": "[red]FAIL[/]"}
    findings = run_checks()
    for f in findings:
        out.print(f"{marks[f.level]} {f.name}: {f.detail}", highlight=False, soft_wrap=True)
        if f.fix:
            out.print(f"     fix: {f.fix}", highlight=False, soft_wrap=True)
    raise typer.Exit(1 if any(f.level == "fail" for f in findings) else 0)


def _read_notes(path: Path) -> list[str]:

    result = load_notes(path)
    if result.problems:
        raise BadInput("cannot read notes " + "; ".join(result.problems))
    return result.notes


@app.command()
def voices() -> None:
    """List the voices: built-in and learned."""

    table = Table("voice", "description", title="voices (pass --voice NAME or a .yaml path; learn your own: blogwright voice learn)")
    for v in all_voices(include_learned=True):
        table.add_row(v.name, v.description)
    out.print(table)


@app.command()
def runs(limit: int = typer.Option(20, "--limit", "-l", help="How many runs to list, newest first."),
         as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List recent runs from the log."""

    rows = open_store().runs(limit)
    if as_json:
        out.print_json(json.dumps(rows, default=str))
        return
    table = Table("run", "status", "topic", "model", "words", "calls", "seconds", "output")
    for r in rows:
        table.add_row(r["id"], r["status"], r["topic"][:40], r["model"] or "", str(r["words"] or ""),
                      str(r["n_calls"]), f"{r['duration_s']:.1f}" if r["duration_s"] else "", r["output_path"] or "")
    out.print(table)


@app.command()
def show(run_id: str = typer.Argument(..., help="A run id (or its unique end) from `blogwright runs`."),
         calls: bool = typer.Option(False, "--calls", help="Show each model call's prompt and response."),
         as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Show one run from the log: brief, stats and (with --calls) every model call."""

    store = open_store()
    run = store.run(run_id)
    if run is None:
        console.print(f"[bold red]error:[/] no run {run_id!r} in {store.path}")
        raise typer.Exit(1)
    call_rows = store.calls(run["id"])
    if as_json:
        out.print_json(json.dumps({"run": run, "calls": call_rows}, default=str))
        return
    out.print(f"[bold]{run['id']}[/]  {run['status']}  {run['model']}  {run['output_path'] or ''}")
    out.print(f"brief: {run['brief']}")
    table = Table("#", "stage", "template", "in", "cached", "out", "finish", "seconds")
    for i, c in enumerate(call_rows, 1):
        table.add_row(str(i), c["stage"], f"{c['template']}@v{c['template_version']}", str(c["prompt_tokens"]),
                      str(c["cached_tokens"]), str(c["completion_tokens"]), c["finish_reason"] or c["error"] or "",
                      f"{c['duration_s']:.2f}")
    out.print(table)
    if calls:
        for i, c in enumerate(call_rows, 1):
            out.rule(f"call {i}: {c['stage']} / {c['template']}")
            out.print("[dim]prompt:[/]", c["prompt"], markup=True, highlight=False)
            out.print("[dim]response:[/]", c["response"], highlight=False)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on. Anything but localhost needs a token."),
    port: int = typer.Option(8000, "--port", "-p", help="Port to listen on."),
    model: str = typer.Option("local", "--model", "-m", help="Default model for new posts (the page can change it)."),
    out_dir: Path = typer.Option(Path("posts"), "--out", "-o", help="Folder the finished posts are saved in."),
    token: Optional[str] = typer.Option(None, "--token", envvar="BLOGWRIGHT_TOKEN",
                                        help="Access token (made for you when --host is not localhost).", show_default=False),
) -> None:
    """Serve the web page: write a post, watch it being written, fix sections, save or publish."""

    try:
        run_server(host=host, port=port, model=model, out_dir=out_dir, token=token,
                   say=lambda m: console.print(m, highlight=False, soft_wrap=True))
    except BlogwrightError as exc:
        fail(exc)




app.add_typer(voice_app, name="voice")
app.command()(feedback)
app.command()(publish)


def run() -> None:  # pragma: no cover - console entry point helper
    sys.exit(app())
