"""`blogwright research TOPIC` and `blogwright library add|list|search|remove`: thin calls to `api`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from blogwright.cli.errors import StderrConsole, fail
from blogwright.cli.lazy import lazy
from blogwright.cli.output import emit_json, emit_line, emit_text
from blogwright.core.errors import BadInput, BlogwrightError

if TYPE_CHECKING:
    from blogwright import api
    from blogwright.model.events import Event
else:  # imported when a command runs (cli/lazy.py)
    api = lazy("blogwright.api")

SEARCH_HELP = "Search provider: searxng:URL, duckduckgo, brave, tavily (default: $BLOGWRIGHT_SEARCH, the config's search.default, else duckduckgo)."
PRIVATE_HELP = "Also fetch pages on private and local addresses (an intranet wiki, a test server)."
SHOWN_PROBLEMS = 5  # problems printed one a line; --json has them all
_err = StderrConsole()
library_app = typer.Typer(no_args_is_help=True, help="Your own library: notes, docs, PDFs and .zim files the posts can cite.")


def _say(event: Event) -> None:
    text = getattr(event, "text", "")
    if text:
        _err.print(escape(text), highlight=False, soft_wrap=True, style="dim")


def research(
    topic: str = typer.Argument(..., help="What the post will be about."),
    search: Optional[str] = typer.Option(None, "--search", help=SEARCH_HELP),
    words: int = typer.Option(600, "--words", "-w", help="The post's length: how many sections to find notes for."),
    allow_private_urls: bool = typer.Option(False, "--allow-private-urls", help=PRIVATE_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the findings as JSON."),
) -> None:
    """Search the web for a topic and print the notes found, each with its page (`> notes.md`): edit
    them, then `blogwright write TOPIC --notes notes.md`. Searches and pages are kept in the log; asking again is offline."""
    try:
        found = api.research.find_notes(topic, search=search, words=words, allow_private_urls=allow_private_urls or None,
                               on_event=_say)
        notes = sum(len(n) for n in found.notes)
        for problem in found.problems[:SHOWN_PROBLEMS]:
            _err.print(f"[yellow]problem:[/] {escape(problem)}", highlight=False, soft_wrap=True)
        more = len(found.problems) - SHOWN_PROBLEMS
        if more > 0:
            _err.print(f"[yellow]problem:[/] … and {more} more (--json lists them all)", highlight=False, soft_wrap=True)
        if not notes:
            raise BadInput(f"research read {len(found.sources)} page(s) but found no sentence on {topic!r} to note: "
                           "try a broader or differently worded topic, or another --search provider")
        if as_json:
            emit_json(found.to_dict())
        else:
            emit_text(found.markdown())
        _err.print(f"{notes} notes from {len(found.sources)} pages "
                   f"({found.offline} read from the log); {len(found.problems)} problem(s)", highlight=False)
    except BlogwrightError as exc:
        fail(exc)


@library_app.command("add")
def library_add(paths: list[str] = typer.Argument(..., help="Files and folders: Markdown, text, HTML, PDF, .zim."),
                as_json: bool = typer.Option(False, "--json", help="Print the report as JSON.")) -> None:
    """Index files and folders into the library (again: only changed files are read)."""
    try:
        with Progress(TextColumn("indexing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                      TextColumn("{task.description}"), console=_err, transient=True) as bar:
            task = bar.add_task("", total=None)

            def tick(done: int, total: int, path: str) -> None:
                bar.update(task, completed=done, total=total, description=escape(Path(path).name[:40]))

            report = api.research.library_add(paths, progress=tick)
    except BlogwrightError as exc:
        fail(exc)
    if as_json:
        emit_json(report.to_dict())
    for problem in report.problems:
        _err.print(f"[yellow]skipped:[/] {escape(problem)}", highlight=False, soft_wrap=True)
    _err.print(f"{report.files} file(s): {report.added} added or changed ({report.passages} passages), "
               f"{report.unchanged} unchanged, {report.removed} removed", highlight=False)


@library_app.command("list")
def library_list(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """The files in the library."""
    try:
        files = api.research.library_files()
    except BlogwrightError as exc:
        fail(exc)
    if as_json:
        emit_json(files)
        return
    table = Table("file", "kind", "title", "passages", title=f"library: {len(files)} file(s)")
    for f in files:
        table.add_row(escape(f["path"]), f["kind"], escape(f["title"] or ""), str(f["passages"]))
    _err.print(table)


@library_app.command("search")
def library_search(query: str = typer.Argument(...), k: int = typer.Option(5, "-k", help="How many passages."),
                   as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """The library's passages closest to a question."""
    try:
        hits = api.research.library_search(query, k=k)
    except BlogwrightError as exc:
        fail(exc)
    if as_json:
        emit_json([vars(h) for h in hits])
        return
    for h in hits:
        emit_line(f"{h.score:.2f}  {h.title} ({h.location})\n      {h.text[:300]}")


@library_app.command("remove")
def library_remove(paths: list[str] = typer.Argument(..., help="Files or folders to forget.")) -> None:
    """Forget files (or every file under a folder); the files themselves are not touched."""
    try:
        n = api.research.library_remove(paths)
    except BlogwrightError as exc:
        fail(exc)
    _err.print(f"removed {n} file(s) from the library", highlight=False)
