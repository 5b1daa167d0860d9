"""The command line: a thin Typer app over `blogwright.api` (app.py), with `voice` (voice.py) and
`publish` (publish.py) sub-commands, the progress view and the report table. One error printer."""

from blogwright.cli.app import app

__all__ = ["app"]
