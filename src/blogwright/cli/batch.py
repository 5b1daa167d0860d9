"""`blogwright batch CALENDAR`, `blogwright batch --resume ID`, `blogwright batch show ID` and
`blogwright batches`: a content calendar written as a resumable queue. Flags here, logic in
`blogwright.batch`. Progress lines and the table go to stderr; stdout gets the paths of the posts
written (or the JSON report with --json)."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from blogwright.cli.errors import PlainConsole, fail, shown
from blogwright.cli.lazy import lazy
from blogwright.cli.models import complete_model
from blogwright.cli.output import emit_json, emit_line
from blogwright.core.errors import BadInput, BlogwrightError
from blogwright.core.paths import DEFAULT_OUT
from blogwright.core.specs import SPECS
from blogwright.model.options import FORMATS, MAX_CANDIDATES

if TYPE_CHECKING:
    from blogwright import api
    from blogwright.api import batches as batching
    from blogwright.api.batches import BatchReport, Runner
else:  # imported when a command runs (cli/lazy.py)
    api = lazy("blogwright.api")
    batching = lazy("blogwright.api.batches")

_err = PlainConsole(stderr=True)
_out = PlainConsole()


def batch(
    calendar: Optional[str] = typer.Argument(None, show_default=False,
                                             help="The calendar: a .yaml or .csv file, one post per row. `batch show ID` shows a batch."),
    batch_id: Optional[str] = typer.Argument(None, hidden=True),
    resume: Optional[str] = typer.Option(None, "--resume", help="Continue batch ID (see `blogwright batches`); no calendar needed."),
    out_dir: Path = typer.Option(Path(DEFAULT_OUT), "--out", "-o", help="Folder the posts are written to (YYYY-MM-DD-slug.md)."),
    fmt: str = typer.Option("md", "--format", "-f", help="md, html or json."),
    voice: Optional[str] = typer.Option(None, "--voice", "-v", help="Voice for rows that name none."),
    audience: Optional[str] = typer.Option(None, "--audience", "-a", help="Audience for rows that name none."),
    words: Optional[int] = typer.Option(None, "--words", "-w", help="Length for rows that name none."),
    model: Optional[str] = typer.Option(None, "--model", "-m", autocompletion=complete_model, show_default=False,
                                        help=f"Model for rows that name none: {SPECS}."),
    base_url: Optional[str] = typer.Option(None, "--base-url", help="OpenAI-compatible server URL (ends in /v1)."),
    api_key: Optional[str] = typer.Option(None, "--api-key", help="API key; default $OPENAI_API_KEY.", show_default=False),
    concurrency: Optional[int] = typer.Option(None, "--concurrency", "-j", min=1, max=64, show_default=False,
                                              help="Posts in flight (default 4 on a server; a local model writes one at a time)."),
    rpm: Optional[float] = typer.Option(None, "--rpm", min=0.1, help="At most this many model requests a minute, for the whole batch."),
    tpm: Optional[float] = typer.Option(None, "--tpm", min=1, help="At most this many tokens (in + out) a minute, for the whole batch."),
    retries: Optional[int] = typer.Option(None, "--retries", min=0, max=10, help="More attempts for a post whose model calls failed (default 2)."),
    publish: Optional[str] = typer.Option(None, "--publish", help="Publish each post that passes its gates: hugo:SITE_DIR, jekyll:SITE_DIR or wordpress:URL (rows may name their own)."),
    live: bool = typer.Option(False, "--live", help="Publish for real (default: drafts)."),
    seed: Optional[int] = typer.Option(None, "--seed", help="Sampling seed for rows that set none."),
    candidates: Optional[int] = typer.Option(None, "--candidates", "-n", min=1, max=MAX_CANDIDATES, help="Drafts per section."),
    check_only: bool = typer.Option(False, "--check", help="Check the calendar (every bad row, with its line) and stop."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON on stdout."),
) -> None:
    """Write a content calendar: one post per row, resumable, several at a time on a model server.

    Run the same calendar again (or `--resume ID`) to continue: finished posts are never written again, and no post appears twice. Ctrl-C stops cleanly; `blogwright batches` lists batches."""
    try:
        if calendar == "show":
            if not batch_id:
                raise BadInput("`blogwright batch show ID`: name the batch (`blogwright batches` lists them)")
            show_batch(batch_id, as_json)
            return
        if fmt not in FORMATS:
            raise BadInput(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
        if model:
            api.models.validate_spec(model)
        given = {"model": model, "base_url": base_url, "concurrency": concurrency, "rpm": rpm, "tpm": tpm,
                 "retries": retries, "publish": batching.resolve_target(publish, Path.cwd()) if publish else None,
                 "live": live or None, "seed": seed, "candidates": candidates}
        if resume:
            if calendar:
                raise BadInput("give a calendar or --resume ID, not both")
            batch_id = resume
        elif not calendar:
            raise BadInput("name a calendar (.yaml or .csv), or --resume ID (`blogwright batches` lists batches)")
        else:
            flags = {"voice": voice, "audience": audience, "words": words}
            if check_only:
                _check(calendar, flags)
                return
            planned = batching.plan_batch(calendar, out_dir, fmt, flags=flags, options=batching.RunOptions.merged({}, given).stored(),
                                          progress=_checking)
            batch_id = planned.batch_id
            if not planned.created:
                _err.print(f"continuing batch {batch_id} (this calendar, --out and --format made it before)", highlight=False)
        with api.runs.open_store() as store:
            queue = batching.Queue(store.db)
            found = queue.find(batch_id)
            if found is None:
                raise BadInput(f"no batch {batch_id!r} in {store.path} (`blogwright batches` lists them)")
            options = batching.RunOptions.merged(found["options"], {**given, "api_key": api_key})
            queue.set_options(found["id"], options.stored())
        report = _run(batching.Runner(found["id"], options, on_event=_progress()))
    except batching.CalendarError as exc:
        for line in exc.lines():
            _err.print(f"[bold red]error:[/] {escape(shown(line))}", highlight=False, soft_wrap=True)
        _err.print(f"{len(exc.problems)} problem(s); nothing was written", highlight=False)
        raise typer.Exit(exc.exit_code) from None
    except BlogwrightError as exc:
        fail(exc)
    _finish(report, as_json)


SHOWN_ROWS = 50  # posts listed on the terminal (--check, the final table); --json or `batch show --json`: all


def _checking(done: int, total: int) -> None:
    _err.print(f"[dim]checking the calendar: {done:,} of {total:,} rows[/]", highlight=False)


def _check(calendar: str, flags: dict) -> None:
    from_cal, _ = batching.read_calendar(calendar, flags, progress=_checking)  # the same checks plan_batch runs
    for row in from_cal.rows[:SHOWN_ROWS]:
        _err.print(f"line {row.line}: {escape(row.topic)} [dim]({row.slug}, {row.words} words, {row.voice}, "
                   f"{row.audience}{', ' + escape(row.publish) if row.publish else ''})[/]", highlight=False, soft_wrap=True)
    if len(from_cal.rows) > SHOWN_ROWS:
        _err.print(f"... and {len(from_cal.rows) - SHOWN_ROWS:,} more", highlight=False)
    _err.print(f"[green]{len(from_cal.rows)} post(s), no problems[/]", highlight=False)


def _run(runner: Runner) -> BatchReport:
    """Run with Ctrl-C handled: the first stops cleanly, the second quits at once (the queue is durable)."""
    presses = {"n": 0}

    def on_sigint(signum, frame) -> None:  # noqa: ARG001
        presses["n"] += 1
        if presses["n"] == 1:
            runner.request_stop()
            return
        _err.print("[yellow]quitting now[/]: posts in flight start again on resume")
        sys.stdout.flush()
        os._exit(130)

    previous = signal.signal(signal.SIGINT, on_sigint) if threading.current_thread() is threading.main_thread() else None
    try:
        return runner.run()
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


def _progress():
    def on_event(e) -> None:
        if isinstance(e, batching.BatchStarted):
            left = e.total - e.already_done
            _err.print(f"[bold]batch {e.batch_id}[/]: {e.total} post(s), {e.already_done} done before, {left} to write; "
                       f"{escape(e.mode)}" + (f"; {e.limits}" if e.limits != "no rate limit" else ""),
                       highlight=False, soft_wrap=True)
        elif isinstance(e, batching.BatchNote):
            _err.print(f"[dim]note:[/] {escape(shown(e.text))}", highlight=False, soft_wrap=True)
        elif isinstance(e, batching.ItemFinished):
            c = e.counts
            mark = {"done": "[green]done  [/]", "failed": "[red]failed[/]", "retry": "[yellow]retry [/]",
                    "stopped": "[yellow]stopped[/]"}[e.status]
            gates = "passed" if e.passed else "FAILED" + (f" ({', '.join(e.failed_gates)})" if e.failed_gates else "")
            what = (f"{escape(Path(e.path).name)}  {e.words} words, gates {gates}, {e.seconds:.0f} s"
                    if e.status == "done" else f"{escape(e.slug)}: {escape(shown(e.error)) or 'stopped'}")
            if e.publish:
                what += f", published: {escape(shown(e.publish))}"
            eta = f" · ETA {_duration(e.eta_s)}" if e.eta_s else ""
            _err.print(f"{mark} [{c.done + c.failed}/{c.total}] {what} · {c.running} running, {c.failed} failed{eta}",
                       highlight=False, soft_wrap=True)

    return on_event


def _duration(seconds: float | None) -> str:
    s = int(seconds or 0)
    return f"{s // 3600}h{s % 3600 // 60:02d}m" if s >= 3600 else f"{s // 60}m{s % 60:02d}s" if s >= 60 else f"{s}s"


def _finish(report: BatchReport, as_json: bool) -> None:
    _table(report)
    t = report.totals()
    c = report.counts
    extra = f"; {report.retries} retried request(s) ({report.throttled} 429)" if report.retries else ""
    extra += f"; waited {report.waited_s:.0f} s for rate limits" if report.waited_s else ""
    _err.print(f"batch {report.batch_id}: {c.done} done, {c.failed} failed, {c.pending + c.running} left of {c.total} "
               f"in {_duration(report.wall_s)}; {t['words']} words, tokens {t['tokens_in']}/{t['tokens_out']}{extra}",
               highlight=False, soft_wrap=True)
    if report.status == "stopped":
        _err.print(f"[yellow]stopped[/]: `blogwright batch --resume {report.batch_id}` continues", highlight=False)
    if as_json:
        emit_json({**report.model_dump(mode="json"), "totals": t})
    else:
        for item in report.items:
            if item.status == "done" and item.path:
                emit_line(item.path)
    if report.abandoned:  # threads still busy after the stop's grace: do not wait for them (the queue is durable)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(130)
    raise typer.Exit(130 if report.status == "stopped" else 1 if c.failed else 0)


def _table(report: BatchReport, console: Console = _err) -> None:
    """A row per post (its file, or its slug until written); errors and publish results below."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("#", justify="right")
    table.add_column("post", overflow="fold")
    for name in ("status", "words", "gates", "tokens", "s", "tries"):
        table.add_column(name, no_wrap=True, justify="left" if name in ("status", "gates") else "right")
    notes = []
    # a bounded table: failed and finished posts first, at most SHOWN_ROWS (a 100,000-row batch printed
    # 200,000 lines in 152 s and 1 GB); `batch show ID --json` has them all
    order = {"failed": 0, "done": 1, "stopped": 2, "running": 3, "pending": 4}
    items = sorted(report.items, key=lambda i: (order.get(i.status, 5), i.idx))
    hidden = len(items) - SHOWN_ROWS
    for i in sorted(items[:SHOWN_ROWS], key=lambda i: i.idx):
        gates = "" if i.passed is None else ("ok" if i.passed else "FAIL")
        table.add_row(str(i.idx + 1), escape(Path(i.path).name if i.path else i.slug), i.status, str(i.words or ""),
                      gates, f"{i.tokens_in}/{i.tokens_out}" if i.tokens_in else "", f"{i.seconds:.0f}" if i.seconds else "",
                      str(i.attempts))
        if i.failed_gates:
            notes.append(f"  #{i.idx + 1} {i.slug}: failed gates: {', '.join(i.failed_gates)}")
        if i.error:
            notes.append(f"  #{i.idx + 1} {i.slug}: {i.error}")
        if i.publish:
            notes.append(f"  #{i.idx + 1} {i.slug}: publish: {i.publish}")
    console.print(table)
    if hidden > 0:
        console.print(f"... and {hidden:,} more posts (`blogwright batch show {report.batch_id} --json` lists them all)",
                      highlight=False)
    for note in notes:
        console.print(escape(shown(note)), highlight=False, soft_wrap=True)


def show_batch(batch_id: str, as_json: bool = False) -> None:
    with api.runs.open_store() as store:
        report = batching.batch_report(batching.Queue(store.db), batch_id)
    if as_json:
        emit_json({**report.model_dump(mode="json"), "totals": report.totals()})
        return
    c = report.counts
    _out.print(f"[bold]{report.batch_id}[/]  {report.status}  {c.done} done, {c.failed} failed, {c.running} running, "
               f"{c.pending} pending of {c.total}  → {escape(report.out_dir)}", highlight=False, soft_wrap=True)
    _table(report, _out)


def batches(limit: int = typer.Option(20, "--limit", "-l", help="How many batches to list, newest first."),
            as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List batches (`blogwright batch`): progress of each; `blogwright batch show ID` for its posts."""
    with api.runs.open_store() as store:
        rows = batching.Queue(store.db).batches(limit)
    if as_json:
        emit_json(rows)
        return
    if not rows:
        _err.print("no batches in the log (`blogwright batch CALENDAR` starts one)")
        return
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for name in ("batch", "when", "calendar", "status", "done", "failed", "left"):
        table.add_column(name, no_wrap=True, justify="right" if name in ("done", "failed", "left") else "left")
    table.add_column("out", overflow="fold")
    for r in rows:
        table.add_row(r["id"], time.strftime("%m-%d %H:%M", time.localtime(r["created"])), Path(r["calendar"]).name,
                      r["status"], str(r["done"]), str(r["failed"]), str(r["pending"] + r["running"]),
                      escape(r["out_dir"]))
    _out.print(table)
