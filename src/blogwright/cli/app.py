"""Command line: thin Typer app. Each command parses flags and calls `api`; no logic here."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from enum import Enum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer
from rich.markup import escape
from rich.table import Table

from blogwright import __version__
from blogwright.cli.batch import batch, batches
from blogwright.cli.completion import use_bash_script
from blogwright.cli.config_cmd import config_app
from blogwright.cli.errors import Commands, PlainConsole, StderrConsole, fail
from blogwright.cli.front import front_fields
from blogwright.cli.lazy import lazy
from blogwright.cli.models import complete_model, models
from blogwright.cli.output import emit_json, emit_line, emit_text
from blogwright.cli.publish import publish
from blogwright.cli.research import PRIVATE_HELP, SEARCH_HELP, library_app, research
from blogwright.cli.runs import runs, show
from blogwright.cli.voice import feedback, voice_app
from blogwright.core.errors import BadInput, BlogwrightError
from blogwright.core.io import read_line
from blogwright.core.limits import LIMITS, set_override
from blogwright.core.paths import DEFAULT_OUT
from blogwright.core.process import quick_exit
from blogwright.core.specs import SPECS
from blogwright.model.options import (
    DEFAULT_CANDIDATES,
    DEFAULT_FORMAT,
    DEFAULT_SEED,
    DEFAULT_WORDS,
    FORMATS,
    MAX_CANDIDATES,
    MAX_WORDS,
    MIN_WORDS,
    UNSUPPORTED_MODES,
)

if TYPE_CHECKING:  # the same modules, for type checkers and lint-imports; at run time `lazy` stand-ins
    from blogwright import api
    from blogwright.cli import brief_input, progress, report
    from blogwright.cli.progress import ProgressView
    from blogwright.core import config, registry
else:  # imported when a command runs: `blogwright --help` loads none of them (cli/lazy.py)
    api = lazy("blogwright.api")
    brief_input = lazy("blogwright.cli.brief_input")
    config = lazy("blogwright.core.config")
    registry = lazy("blogwright.core.registry")  # importlib.metadata: ~15-40 ms, only for `serve`
    progress = lazy("blogwright.cli.progress")
    report = lazy("blogwright.cli.report")

_TYPE_SHOWN = typer.core.TyperOption.display_type_rich


def _flag_type(self: typer.core.TyperOption, ctx):  # typer 0.29 prints "<bool>" after every flag; a flag takes no value
    return None if self.is_flag else _TYPE_SHOWN(self, ctx)


typer.core.TyperOption.display_type_rich = _flag_type  # type: ignore[method-assign]
use_bash_script()  # bash completion keeps `local:PATH`, `ollama:MODEL`, `hugo:SITE` whole (cli/completion.py)
app = typer.Typer(add_completion=True, no_args_is_help=True, rich_markup_mode="rich", cls=Commands,
                  help="Make an AI write your blog posts, and write them well: plan, draft, check, repair.")
console = StderrConsole()  # never hard-wrapped at 80 columns into a file or a pipe
out = PlainConsole()


Fmt = Enum("Fmt", {f: f for f in FORMATS}, type=str)  # --format's choices: model.request.FORMATS


def version_cb(value: bool) -> None:
    if value:
        out.print(f"blogwright {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=version_cb, is_eager=True,
                                      help="Print the version and exit."),
         limits: list[str] = typer.Option([], "--limit", metavar="NAME=VALUE",
                                          help="Raise or lower a limit for this command, e.g. --limit file=50M "
                                               "(names: " + ", ".join(LIMITS) + "; see the README's Limits)."),
         allow_private_urls: bool = typer.Option(False, "--allow-private-urls",
                                                 help="Let sources and covers be fetched from loopback, LAN and "
                                                      "link-local addresses (refused by default).")) -> None:
    """blogwright writes blog posts with a local or OpenAI-compatible model."""
    if allow_private_urls:  # read by core.http.private_allowed (this process and the jobs it starts)
        os.environ["BLOGWRIGHT_ALLOW_PRIVATE_URLS"] = "1"
    try:
        for spec in limits:
            set_override(spec)
    except BlogwrightError as exc:
        fail(exc)


@app.command()
def write(
    topic: Optional[str] = typer.Argument(None, show_default=False,
                                          help="What the post is about: a topic or a whole request (a brief); - reads it from stdin."),
    brief_file: Optional[Path] = typer.Option(None, "--brief", help="A file with the request (a brief): topic, length, parts, tone..."),
    outline: Optional[Path] = typer.Option(None, "--outline", help="A Markdown outline: one `## Heading` per section, optionally a line of points under each."),
    show_brief: bool = typer.Option(False, "--show-brief", help="Print what was understood from the request and stop (JSON with --json)."),
    force: bool = typer.Option(False, "--force", help="Write the closest blog post even when the request asks for something else (an email, a speech)."),
    voice: Optional[str] = typer.Option(None, "--voice", "-v", show_default=False,
                                        help="Voice name (see `blogwright voices`) or a voice .yaml path; default plain-expert, or one fitting the tone the request states."),
    audience: Optional[str] = typer.Option(None, "--audience", "-a", show_default=False,
                                           help="newbie, practitioner or expert; default: the request's, else newbie."),
    words: Optional[int] = typer.Option(None, "--words", "-w", show_default=False,
                                        help=f"Target length in words, every word below the front matter ({MIN_WORDS}-{MAX_WORDS}); default: the request's, else {DEFAULT_WORDS}."),
    keyword: list[str] = typer.Option([], "--keyword", "-k", help="A keyword to mention and tag; repeatable."),
    notes: Optional[Path] = typer.Option(None, "--notes", help="A file of facts to use, one per line."),
    source: list[str] = typer.Option([], "--source", "-s", help="A source to ground the post in (Markdown, text, HTML, PDF or URL); repeatable."),
    unsupported: Optional[str] = typer.Option(None, "--unsupported", show_default=False,
                                              help=f"Claims no note or source supports: {', '.join(UNSUPPORTED_MODES)}; default rewrite (then cut) on an untrusted model with facts, else flag."),
    untrusted: Optional[bool] = typer.Option(None, "--untrusted/--trusted", show_default=False,
                                             help="Whether the model's own facts are trusted; default: the bundled small model is untrusted (posts are written around your facts only), others are trusted."),
    model: Optional[str] = typer.Option(None, "--model", "-m", show_default=False, autocompletion=complete_model,
                                        help=f"{SPECS} (`blogwright models`); default $BLOGWRIGHT_MODEL, the config's default_model, else local."),
    base_url: Optional[str] = typer.Option(None, "--base-url", help="OpenAI-compatible server URL (ends in /v1); default $OPENAI_BASE_URL."),
    api_key: Optional[str] = typer.Option(None, "--api-key", help="API key; default $OPENAI_API_KEY.", show_default=False),
    seed: int = typer.Option(DEFAULT_SEED, "--seed", help="Sampling seed: the same seed on the same model gives the same post."),
    out_dir: str = typer.Option(DEFAULT_OUT, "--out", "-o", help="Folder to write the post into; - writes the post to stdout."),
    fmt: Fmt = typer.Option(DEFAULT_FORMAT, "--format", "-f", help="md (front matter + Markdown), html or json."),
    stream: bool = typer.Option(False, "--stream/--no-stream", help="Show the text as it is written."),
    candidates: int = typer.Option(DEFAULT_CANDIDATES, "--candidates", "-n", min=1, max=MAX_CANDIDATES, help="Drafts per section; the best is kept."),
    no_log: bool = typer.Option(False, "--no-log", help="Do not log model calls to the SQLite log."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Do not print the quality report."),
    category: list[str] = typer.Option([], "--category", "-c", help="A category for the front matter; repeatable."),
    cover: Optional[str] = typer.Option(None, "--cover", help="Cover image: a file path or an https:// URL."),
    cover_alt: Optional[str] = typer.Option(None, "--cover-alt", help="Alt text of the cover image."),
    canonical: Optional[str] = typer.Option(None, "--canonical", help="Canonical URL, when the post first appeared elsewhere."),
    series: Optional[str] = typer.Option(None, "--series", help="The series the post belongs to."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON on stdout (path, run, words, report)."),
    interview: bool = typer.Option(False, "--interview", help="After planning, ask up to six short questions; the answers become notes."),
    research: bool = typer.Option(False, "--research", help="Search the web for the topic and each planned section; the pages read become cited sources."),
    search: Optional[str] = typer.Option(None, "--search", help=SEARCH_HELP, show_default=False),
    library: Optional[bool] = typer.Option(None, "--library/--no-library", show_default=False,
                                           help="Use passages from your library (`blogwright library add`); default: on when it has files."),
    allow_private_urls: bool = typer.Option(False, "--allow-private-urls", help=PRIVATE_HELP),
) -> None:
    """Write a blog post: plan, draft section by section, review, summarize, save.

    stdout gets only the path of the post (or the post itself with --out -, or JSON with --json);
    progress and the quality report go to stderr. Exit 0 when every blocking gate passes, 1 when one
    fails (the post is written all the same), 2 for bad input, 130 when stopped."""

    try:
        front = front_fields(category, cover, cover_alt, canonical, series, out_dir)
        note_lines = _read_notes(notes) if notes else []
        understood = brief_input.understand(topic, brief_file, outline, voice=voice, audience=audience, words=words,
                                            keywords=keyword, notes=note_lines, sources=source, force=force)
        if show_brief:
            brief_input.show_understood(understood, as_json)
            return
        request = api.make_request(brief=understood.brief, model=model, base_url=base_url, api_key=api_key, seed=seed,
                                   out_dir=out_dir, fmt=fmt.value, stream=stream, candidates=candidates, no_log=no_log,
                                   unsupported=unsupported, untrusted=untrusted, interview=interview,
                                   offer_interview=not interview and _interactive(), front=front, research=research,
                                   search=search, library=library, allow_private_urls=allow_private_urls or None)
        api.check_out_dir(request.out_dir)  # one line and exit 2 now, not after minutes of model time
        with progress.ProgressView(console, stream=stream) as view:
            result = api.write(request, on_event=view, ask=_asker(view) if interview else _offer(view))
    except BlogwrightError as exc:
        fail(exc)
    except api.Interrupted as exc:
        _interrupted(exc, as_json)
    except KeyboardInterrupt:
        console.print("\n[yellow]interrupted[/] before any section was written; nothing saved")
        raise typer.Exit(130) from None

    run = result.post.report or api.RunReport()
    checks = run.checks
    if checks and not quiet:
        report.print_report(console, checks, title="quality gates (this post)")
    console.print(f"[green]wrote[/] {escape(str(result.path or 'the post to stdout'))}  ({result.words} words, "
                  f"{len(result.post.sections)} sections, {result.seconds:.1f} s, {run.usage.tokens_per_s:.0f} tok/s, "
                  f"run {result.post.run_id})", highlight=False, soft_wrap=True)
    if as_json:
        emit_json({"path": str(result.path) if result.path else None, "run_id": result.post.run_id,
                   "title": result.post.title, "slug": result.post.slug, "words": result.words,
                   "words_asked": request.brief.words, "words_supported": (run.truth or {}).get("supported_words"),
                   "sections": len(result.post.sections), "seconds": round(result.seconds, 2),
                   "model": result.post.model, "cost": run.cost(),
                   "passed": run.passed,
                   "report": checks.to_dict() if checks else None,
                   **({"content": result.text} if result.path is None else {})})
    elif result.path is None:
        emit_text(result.text)
    else:
        emit_line(str(result.path))  # raw: `$(blogwright write ...)` gets the whole path, never wrapped
    failed = run.blocking_failed
    if checks and (failed or not checks.passed):
        if quiet:  # the report (which names them) was not printed: say why the exit code is 1
            console.print(f"[red]blocking gates failed:[/] {escape(', '.join(failed))}", highlight=False, soft_wrap=True)
        raise typer.Exit(1)  # the post is written; like `check`, 1 says a blocking gate failed


def _interrupted(exc: Any, as_json: bool) -> None:
    """Ctrl-C: say what was kept on stderr, and give stdout what a finished `write` gives it (the draft's
    path, or JSON with it), so `$(blogwright write ...)` still finds the draft; exit 130."""
    path, problem, sections = getattr(exc, "path", None), getattr(exc, "save_error", ""), len(exc.post.sections)
    if path:
        console.print(f"\n[yellow]interrupted:[/] {sections} section(s) written so far were saved as a draft: "
                      f"{escape(str(path))}", highlight=False, soft_wrap=True)
    elif problem:
        console.print(f"\n[yellow]interrupted:[/] {sections} section(s) written so far were kept: {escape(problem)}",
                      highlight=False, soft_wrap=True)
    else:
        console.print("\n[yellow]interrupted[/] before any section was written; nothing saved")
    if as_json:
        emit_json({"interrupted": True, "path": str(path) if path else None, "draft": True, "run_id": exc.post.run_id,
                   "title": exc.post.title, "sections": sections, **({"problem": problem} if problem else {})})
    elif path:
        emit_line(str(path))
    raise typer.Exit(130) from None


CHECK_WORDS_HELP = ("Target length in words. 0 (default): a post `write` made, unchanged, gets the verdict `write` gave "
                    "(its target included); another post has no length target unless it is short (at most 250 words: "
                    "held to its own length).")


@app.command()
def check(
    file: Path = typer.Argument(..., help="A Markdown post (any post, not only blogwright's)."),
    topic: Optional[str] = typer.Option(None, "--topic", help="What the post should be about (default: its title)."),
    words: int = typer.Option(0, "--words", "-w", help=CHECK_WORDS_HELP),
    audience: Optional[str] = typer.Option(None, "--audience", "-a", help="newbie, practitioner or expert (reading level)."),
    sections: int = typer.Option(0, "--sections", help="## sections the post must have (0: any number; --strict asks for 3)."),
    strict: bool = typer.Option(False, "--strict", help="Hold the post to blogwright's template: TL;DR, sections, a wrap-up."),
    notes: Optional[Path] = typer.Option(None, "--notes", help="Facts file: its terms are never 'invented'."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    no_embeddings: bool = typer.Option(False, "--no-embeddings", help="Lexical on-topic check (fast, no model)."),
    voice: Optional[str] = typer.Option(None, "--voice", "-v", help="Score the post against this voice (default: its front matter's)."),
    keyword: list[str] = typer.Option([], "--keyword", "-k", help="The main keyword for the SEO gate (default: the first tag); repeatable."),
    site: Optional[Path] = typer.Option(None, "--site", help="A Hugo or Jekyll site folder: the SEO gate checks internal links against it."),
) -> None:
    """Run the quality gates (and the SEO check) on a Markdown post. Exit 0 when every blocking gate passes, 1 otherwise."""

    try:
        with _working(file):
            found = api.check_file(file, topic=topic, words=words, audience=audience, sections=sections,
                                    notes=_read_notes(notes) if notes else [], embeddings=not no_embeddings,
                                    voice=voice, keywords=keyword, site=site, strict=strict)
    except BlogwrightError as exc:
        fail(exc)
    if found.verdict_of_run:
        console.print(f"note: the verdict `write` gave this unchanged post (run {found.verdict_of_run}); edit the post, "
                      "pass a flag such as --words, or change a gate setting to judge it again", highlight=False)
    if as_json:
        emit_json(found.to_dict())
    else:
        report.print_report(out, found, title=f"quality gates: {file}")
    raise typer.Exit(0 if found.passed else 1)


@app.command()
def doctor() -> None:
    """Say what is installed and working (model, llama.cpp build, embedding files), with the fix for what is not."""

    marks = {"ok": "[green]ok  [/]", "warn": "[yellow]warn[/]", "fail": "[red]FAIL[/]"}
    findings = run_checks()
    for f in findings:
        out.print(f"{marks[f.level]} {f.name}: {f.detail}", highlight=False, soft_wrap=True)
        if f.fix:
            out.print(f"     fix: {f.fix}", highlight=False, soft_wrap=True)
    raise typer.Exit(1 if any(f.level == "fail" for f in findings) else 0)


def run_checks() -> list:
    """`blogwright.doctor`'s findings (imported when `doctor` runs)."""
    return api.models.run_checks()


def _working(file: Path) -> AbstractContextManager[object]:
    """A spinner on stderr while a long post (over 100 kB: seconds) is checked; nothing otherwise."""
    try:
        size = file.expanduser().stat().st_size
    except (OSError, ValueError):
        size = 0
    if size <= 100_000:
        return nullcontext()
    return console.status(f"checking {escape(str(file))} ({size / 1e6:.1f} MB; about 15 s a MB)...")


def _asker(view: ProgressView):
    """Asks the interview's questions on stderr and reads one answer per line from stdin (a TTY or
    not; an empty line or the end of input skips a question). The progress bar pauses meanwhile."""

    def ask(questions: list[str]) -> list[str]:
        view.progress.stop()
        console.print("[bold]A few questions[/] (Enter skips one; your answers become notes):")
        answers = []
        for i, q in enumerate(questions, 1):
            console.print(f"  {i}. {q} ", end="", highlight=False)
            answers.append(read_line(f"answer {i}").strip())  # bounded: `< /dev/zero` is one line, not 16 GB
            if not (sys.stdin and sys.stdin.isatty()):
                console.print(answers[-1] or "[dim](skipped)[/]", highlight=False)
        view.progress.start()
        return answers

    return ask


def _interactive() -> bool:
    return bool(sys.stdin and sys.stdin.isatty() and sys.stderr.isatty())


def _offer(view: ProgressView):
    """On a terminal, with no facts for an untrusted model: offer the interview before writing."""
    asker = _asker(view)

    def offer(questions: list[str]) -> list[str]:
        view.progress.stop()
        console.print("[yellow]No notes or sources:[/] this model invents facts. Answer a few questions so the post "
                      "has facts of yours? [Y/n] ", end="", highlight=False)
        yes = read_line("the interview offer").strip().lower() in ("", "y", "yes")
        view.progress.start()
        return asker(questions) if yes else [""] * len(questions)

    return offer


def _read_notes(path: Path) -> list[str]:

    result = api.briefs.load_notes(path)
    if result.problems:
        raise BadInput("cannot read notes " + "; ".join(result.problems))
    return result.notes


@app.command()
def voices(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List the voices: built-in and learned."""

    if as_json:
        emit_json([{"name": v.name, "description": v.description} for v in api.voices.all_voices(include_learned=True)])
        return
    table = Table("voice", "description", title="voices (pass --voice NAME or a .yaml path; learn your own: blogwright voice learn)")
    for v in api.voices.all_voices(include_learned=True):
        table.add_row(v.name, v.description)
    out.print(table)


# Front ends that serve (the web page) are found through the entry-point group `blogwright.surfaces`
# (pyproject.toml: `web = "blogwright.web:serve"`), read when `serve` runs: the CLI never imports web/
# (they are sibling front ends, an import-linter contract), and `--help` stays free of the ~0.2 s an
# entry-point scan costs.
@cache
def surfaces() -> registry.Registry[Callable[..., None]]:
    return registry.Registry("blogwright.surfaces", {}, "front end")


def front_end(name: str) -> Callable[..., None]:
    """The `serve(host, port, model, out_dir, token, say, allow_dirs)` of the front end `name`."""
    found = surfaces()
    if name not in found:
        why = found.broken().get(name)
        raise BadInput(f"the {name} front end cannot be loaded ({why})" if why else
                       f"no {name} front end is registered (entry-point group blogwright.surfaces): "
                       "reinstall blogwright (`make dev`, or `pip install -e .`)")
    return found.get(name)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on. Anything but localhost needs a token."),
    port: int = typer.Option(8000, "--port", "-p", help="Port to listen on."),
    model: Optional[str] = typer.Option(None, "--model", "-m", show_default=False, autocompletion=complete_model,
                                        help="Default model for new posts (the page can change it); default as for write."),
    out_dir: Path = typer.Option(Path(DEFAULT_OUT), "--out", "-o", help="Folder the finished posts are saved in."),
    token: Optional[str] = typer.Option(None, "--token", envvar="BLOGWRIGHT_TOKEN",
                                        help="Access token (made for you when --host is not localhost).", show_default=False),
    allow_dir: list[Path] = typer.Option([], "--allow-dir",
                                         help="A folder the page may name files in (sources, voice and model files); "
                                              "repeatable. The data dir and --out always are."),
) -> None:
    """Serve the web page: write a post, watch it being written, fix sections, save or publish."""

    try:
        serve_page = front_end("web")
        serve_page(host=host, port=port, model=config.default_model(model), out_dir=out_dir, token=token,
                   say=lambda m: console.print(m, highlight=False, soft_wrap=True), allow_dirs=allow_dir)
    except BlogwrightError as exc:
        fail(exc)




app.add_typer(voice_app, name="voice")
app.add_typer(config_app, name="config")
app.add_typer(library_app, name="library")
app.command()(research)
app.command()(feedback)
app.command()(publish)
app.command()(models)
app.command()(runs)
app.command()(show)
app.command()(batch)
app.command()(batches)


def run() -> None:  # pragma: no cover - console entry point helper
    sys.exit(app())


def entry_point() -> None:
    """The `blogwright` command (the console script and `python -m blogwright`): the app, then the end
    `core.process.quick_exit` gives a process (the same exit status, output flushed, `atexit` run, without
    Python's ~0.3 s CPU of teardown after a write; issue 28, fixed35). Tests call `app` itself."""
    try:
        app(prog_name="blogwright")
    except SystemExit as exc:
        quick_exit(exc.code)
    quick_exit(0)
