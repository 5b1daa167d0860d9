"""The CLI's one error printer: a `BlogwrightError` becomes one red line and its exit code.

The line goes through `core.redact.redact` (no password, key or token reaches the screen) and
`core.sanitize.clean_text` (no terminal control characters from a file name or a server's answer)."""

from __future__ import annotations

import os
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from blogwright.core.errors import BlogwrightError
from blogwright.core.redact import redact
from blogwright.core.sanitize import clean_text


class StderrConsole(Console):
    """stderr for notes, errors and reports: on a terminal Rich wraps lines to fit it; into a file or
    a pipe (80 columns by default) a line stays whole, so a note or a quoted term ("'LLM Ops'") is
    never split by a hard newline. Tables still fit the width."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(stderr=True, **kwargs)

    def print(self, *objects: Any, soft_wrap: bool | None = None, **kwargs: Any) -> None:  # type: ignore[override]
        super().print(*objects, soft_wrap=(not self.is_terminal) if soft_wrap is None else soft_wrap, **kwargs)


console = StderrConsole()
SECRET_ENV = ("OPENAI_API_KEY", "WORDPRESS_APP_PASSWORD", "BLOGWRIGHT_TOKEN")


def shown(message: str) -> str:
    """What the user may see of an error message: redacted, on one line, no control characters."""
    return clean_text(redact(str(message), [os.environ.get(name) for name in SECRET_ENV]), newlines=False)


def fail(exc: BlogwrightError) -> None:
    """Print `error: <message>` on stderr and exit with the error's code (never a traceback)."""
    console.print(f"[bold red]error:[/] {escape(shown(str(exc)))}", highlight=False, soft_wrap=True)
    raise typer.Exit(exc.exit_code)


class Commands(TyperGroup):
    """The app's command group: a `BlogwrightError` that a command did not catch itself (the log
    damaged or locked while listing runs, a bad config value read deep inside) is still one line."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BlogwrightError as exc:
            fail(exc)
