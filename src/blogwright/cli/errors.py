"""The CLI's one error printer: a `BlogwrightError` becomes one red line and its exit code.

The line goes through `core.redact.redact` (no password, key or token reaches the screen) and
`core.sanitize.clean_text` (no terminal control characters from a file name or a server's answer)."""

from __future__ import annotations

import os
import sys
from typing import Any

import typer
from rich.console import Console, ConsoleDimensions
from rich.markup import escape
from rich.table import Table
from typer.core import TyperGroup

try:  # typer >= 0.2x carries its own copy of click: its commands raise that copy's errors
    from typer._click.exceptions import NoArgsIsHelpError, UsageError
except ImportError:  # an older typer on the real click
    from click.exceptions import NoArgsIsHelpError, UsageError
from blogwright.core.errors import BlogwrightError
from blogwright.core.redact import redact
from blogwright.core.sanitize import clean_text

PIPE_WIDTH = 10_000  # the width of "no width" into a file or a pipe: no line is wrapped, no cell cut
HELP_WIDTH = 160  # `--help` into a file or a pipe: its panels are boxes as wide as this


class PlainConsole(Console):
    """On a terminal, Rich as usual (lines and tables fit it). Into a file or a pipe, where Rich
    would assume 80 columns, the width is unbounded (unless given, or $COLUMNS is set): a path, a
    table's row or a run id is never split or cut ("…"); a table is as wide as its cells."""

    @property
    def size(self) -> ConsoleDimensions:
        size = super().size
        if self.is_terminal or self._width is not None or os.environ.get("COLUMNS", "").isdigit():
            return size
        return ConsoleDimensions(PIPE_WIDTH, size.height)

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        Console.size.fset(self, new_size)  # type: ignore[attr-defined]

    def print(self, *objects: Any, **kwargs: Any) -> None:  # type: ignore[override]
        """Into a file or a pipe a table has no box and its lines no trailing spaces: `voices | cat` padded
        every line (and centred the title) to the widest description, 567 columns."""
        if self.is_terminal or self._width is not None or not any(isinstance(o, Table) for o in objects):
            return super().print(*objects, **kwargs)
        for o in objects:
            if not isinstance(o, Table):
                super().print(o, **kwargs)
                continue
            o.box, o.title_justify = None, "left"
            lines = ["".join(seg.text for seg in line).rstrip() for line in self.render_lines(o, pad=False, new_lines=False)]
            super().print("\n".join(lines), markup=False, highlight=False, soft_wrap=True)


class StderrConsole(PlainConsole):
    """stderr for notes, errors and reports: on a terminal Rich wraps lines to fit it; into a file or
    a pipe a line stays whole (`PlainConsole`), so a note or a quoted term ("'LLM Ops'") is never
    split by a hard newline."""

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

    def main(self, *args: Any, **kwargs: Any) -> Any:
        if not sys.stdout.isatty() and not os.environ.get("COLUMNS") and not os.environ.get("TERMINAL_WIDTH"):
            # `--help | less`, `> help.txt`: not Rich's 80 columns. typer.rich_utils reads TERMINAL_WIDTH when
            # it is imported (only for help), so a piped `write` does not import it (44 ms, 101 modules) for this
            if "typer.rich_utils" in sys.modules:
                sys.modules["typer.rich_utils"].MAX_WIDTH = HELP_WIDTH
            else:
                os.environ["TERMINAL_WIDTH"] = str(HELP_WIDTH)
        return super().main(*args, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BlogwrightError as exc:
            fail(exc)
        except UsageError as exc:  # a command's bad flag value (`--words abc`): one line too, not a box
            if isinstance(exc, NoArgsIsHelpError) or exc.ctx is None or exc.ctx.command is self:
                raise
            console.print(f"[bold red]error:[/] {escape(shown(exc.format_message()))} "
                          f"(see `{escape(exc.ctx.command_path)} --help`)", highlight=False, soft_wrap=True)
            raise typer.Exit(exc.exit_code) from None
