"""Rich progress display for `blogwright write`: stage, a bar over sections, tokens/s, streamed text."""

from __future__ import annotations

import time

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from blogwright.model.events import CallFinished, Event, Note, SectionProgress, StageStarted, TokenStreamed


class ProgressView:
    """Turns pipeline events into a live progress bar (and streamed text with --stream)."""

    def __init__(self, console: Console, stream: bool = False):
        self.console = console
        self.stream = stream
        self.tokens = 0
        self.model_seconds = 0.0
        self.t0 = time.perf_counter()
        self.progress = Progress(
            TextColumn("[bold cyan]{task.fields[stage]:<9}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.description}"), TextColumn("[green]{task.fields[tps]}"),
            TimeElapsedColumn(), console=console, transient=False, disable=stream,
        )
        # the bar starts at the first event: an error found before any work (an unknown voice) is
        # then the only line, not a "plan 0/?" bar above it
        self.started = False
        self.task = self.progress.add_task("planning", total=None, stage="plan", tps="")

    def __enter__(self) -> ProgressView:
        return self  # the bar starts with the first event (`__call__`)

    def __exit__(self, *exc: object) -> None:
        if self.started or self.progress.live.is_started:  # (an interview's answers restart it)
            self.progress.__exit__(*exc)

    def tps(self) -> str:
        return f"{self.tokens / self.model_seconds:.0f} tok/s" if self.model_seconds else ""

    def __call__(self, e: Event) -> None:
        if not self.started and not isinstance(e, Note):
            self.started = True
            self.progress.__enter__()
        if isinstance(e, StageStarted):
            self.progress.update(self.task, stage=e.stage, total=e.total or None,
                                 description={"plan": "title and outline", "draft": "intro",
                                              "review": "repairs", "summarize": "TL;DR, tags"}.get(e.stage, ""))
            if self.stream:
                self.console.print(f"\n[bold cyan]── {e.stage} ──[/]")
            if e.outline is not None and self.stream:
                self.console.print(f"[bold]{escape(e.outline.title)}[/]")
                for s in e.outline.sections:
                    self.console.print(f"  • {escape(s.heading)} [dim]({s.words} words)[/]")
        elif isinstance(e, SectionProgress):
            self.progress.update(self.task, completed=e.index, description=e.heading)
            if self.stream and e.phase == "start":
                self.console.print(f"\n[bold]## {escape(e.heading)}[/]")
        elif isinstance(e, TokenStreamed) and self.stream:
            self.console.print(e.text, end="", markup=False, highlight=False, soft_wrap=True)
        elif isinstance(e, CallFinished):
            self.tokens += e.completion_tokens
            self.model_seconds += e.seconds
            self.progress.update(self.task, tps=self.tps())
            if self.stream:
                self.console.print()
        elif isinstance(e, Note):
            self.console.print(f"[yellow]note:[/] {escape(e.text)}", highlight=False)  # a file name is not markup
