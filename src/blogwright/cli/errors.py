"""The CLI's one error printer: a `BlogwrightError` becomes one red line and its exit code.

The line goes through `core.redact.redact` (no password, key or token reaches the screen) and
`core.sanitize.clean_text` (no terminal control characters from a file name or a server's answer)."""

from __future__ import annotations

import os

import typer
from rich.console import Console
from rich.markup import escape

from blogwright.core.errors import BlogwrightError
from blogwright.core.redact import redact
from blogwright.core.sanitize import clean_text

console = Console(stderr=True)
SECRET_ENV = ("OPENAI_API_KEY", "WORDPRESS_APP_PASSWORD", "BLOGWRIGHT_TOKEN")


def shown(message: str) -> str:
    """What the user may see of an error message: redacted, on one line, no control characters."""
    return clean_text(redact(str(message), [os.environ.get(name) for name in SECRET_ENV]), newlines=False)


def fail(exc: BlogwrightError) -> None:
    """Print `error: <message>` on stderr and exit with the error's code (never a traceback)."""
    console.print(f"[bold red]error:[/] {escape(shown(str(exc)))}", highlight=False, soft_wrap=True)
    raise typer.Exit(exc.exit_code)
