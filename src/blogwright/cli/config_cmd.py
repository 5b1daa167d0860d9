"""`blogwright config`: where the config file is, what it says, and setting one key at a time."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from blogwright.cli.errors import PlainConsole, fail
from blogwright.cli.lazy import lazy
from blogwright.cli.output import emit_json, emit_line, emit_text
from blogwright.core.errors import BadInput, BlogwrightError

if TYPE_CHECKING:
    import yaml

    from blogwright.api import settings
    from blogwright.core import config, paths
else:  # imported when a command runs (cli/lazy.py): the gate settings load the gates' word lists
    config = lazy("blogwright.core.config")
    paths = lazy("blogwright.core.paths")
    settings = lazy("blogwright.api.settings")
    yaml = lazy("yaml")

config_app = typer.Typer(no_args_is_help=True, help="Show the config file's path and contents; get and set keys.")
_err = PlainConsole(stderr=True)


@config_app.command("path")
def path() -> None:
    """Print the config file's path (it may not exist yet)."""
    emit_line(str(paths.config_path()))


@config_app.command("show")
def show(secrets: bool = typer.Option(False, "--secrets", help="Show API keys and passwords instead of <set>."),
         as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Print the config (secrets hidden) and the model in effect."""
    try:
        data = config.load_config()
    except BlogwrightError as exc:
        fail(exc)
    shown = data if secrets else config.redacted(data)
    p = paths.config_path()
    if as_json:
        emit_json({"path": str(p), "exists": p.is_file(), "default_model": config.default_model(), "config": shown})
        return
    _err.print(f"# {p}" + ("" if p.is_file() else " (not created yet: `blogwright config set KEY VALUE`)"),
               highlight=False, soft_wrap=True)
    old = paths.legacy_config_path()
    if old != p and old.is_file():
        _err.print(f"# note: {old} (the old location) is not read while {p} exists", highlight=False, soft_wrap=True)
    _err.print(f"# model in effect: {config.default_model()}", highlight=False)
    if shown:
        emit_text(yaml.safe_dump(shown, sort_keys=False, allow_unicode=True))


@config_app.command("get")
def get(key: str = typer.Argument(..., help="A key: default_model, openai.base_url, gates.min_length_score ...")) -> None:
    """Print one value (exit 1 when it is not set)."""
    value = config.get_value(key)  # a BlogwrightError is one line (cli.errors.Commands)
    if value is None:
        raise typer.Exit(1)
    if isinstance(value, (dict, list)):
        emit_text(yaml.safe_dump(value, sort_keys=False, allow_unicode=True))
    else:
        emit_line(str(value).lower() if isinstance(value, bool) else str(value))


@config_app.command("set")
def set_(key: str = typer.Argument(..., help="A key: default_model, openai.base_url, wordpress.user, gates.blocking ..."),
         value: str = typer.Argument(..., help="The value: text, a number, true/false or a YAML list like '[a, b]'.")) -> None:
    """Set KEY to VALUE in the config file (created when missing; comments in it are not kept)."""
    parsed = config.parse_value(value)
    try:
        if key.startswith("gates."):
            _check_gate(key.split(".", 1)[1], parsed)
        written = config.set_value(key, parsed)
    except BlogwrightError as exc:
        fail(exc)
    _err.print(f"set {key} in {written}", highlight=False, soft_wrap=True)


@config_app.command("unset")
def unset(key: str = typer.Argument(..., help="The key to remove.")) -> None:
    """Remove KEY from the config file."""
    removed = config.unset_value(key)  # a BlogwrightError is one line (cli.errors.Commands)
    _err.print(f"{'removed' if removed else 'was not set:'} {key}", highlight=False)


def _check_gate(name: str, value: object) -> None:
    if name not in settings.GateConfig.model_fields:
        raise BadInput(f"unknown gate setting {name!r}: use one of {', '.join(settings.GateConfig.model_fields)}")
    settings.GateConfig.load(**{name: value})  # a bad value is a BadInput naming the setting
