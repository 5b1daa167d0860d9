"""The CLI's one error printer: a `BlogwrightError` becomes one red line and its exit code."""

from __future__ import annotations

import typer
from rich.console import Console

from blogwright.core.errors import BlogwrightError

console = Console(stderr=True)


def fail(exc: BlogwrightError) -> None:
    """Print `error: <message>` on stderr and exit with the error's code (never a traceback)."""
    console.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
    raise typer.Exit(exc.exit_code)
