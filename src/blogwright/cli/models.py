"""`blogwright models`: every model `--model` can name right now, and how to use it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from blogwright.cli.lazy import lazy
from blogwright.cli.output import emit_json

if TYPE_CHECKING:
    from blogwright.api import models as discover
    from blogwright.core import config
else:  # imported when used (cli/lazy.py): the discovery imports httpx
    discover = lazy("blogwright.api.models")
    config = lazy("blogwright.core.config")

_out = Console()
STATUS_STYLE = {"ready": "green", "needs key": "yellow", "not answering": "red", "missing": "red"}


def models(
    show_all: bool = typer.Option(False, "--all", "-a", help="Also list llm models whose API key is not set."),
    no_llm: bool = typer.Option(False, "--no-llm", help="Skip the models of `llm` plugins (faster)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (every model, with its status)."),
) -> None:
    """List the models usable now: the bundled one, your OpenAI-compatible server, Ollama, every `llm` model.

    Pass the first column to --model. The default (marked *) comes from $BLOGWRIGHT_MODEL, then
    `default_model` in the config file (`blogwright config set default_model SPEC`), else `local`.
    """
    entries = discover.usable_models(include_llm=not no_llm)
    if as_json:
        emit_json({"default": config.default_model(), "models": [e.to_dict() for e in entries]})
        return
    shown = [e for e in entries if show_all or e.source != "llm" or e.status == "ready"]
    hidden = [e for e in entries if e not in shown]
    table = Table("model (--model)", "from", "status", "detail", title=f"models (default: {config.default_model()})",
                  title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for e in shown:
        name = e.spec + (" *" if e.default else "")
        if e.aliases:
            name += f" [dim](alias {', '.join(e.aliases)})[/]"
        style = STATUS_STYLE.get(e.status, "")
        table.add_row(name, e.source, f"[{style}]{e.status}[/]", e.detail)
    _out.print(table)
    if hidden:
        keys = sorted({e.detail for e in hidden if e.status == "needs key"})
        _out.print(f"[dim]{len(hidden)} more llm model(s) need an API key ({'; '.join(keys)}): "
                   "`blogwright models --all` lists them[/]", highlight=False, soft_wrap=True)
    if not any(e.source == "ollama" for e in entries):
        _out.print("[dim]no Ollama answering at $OLLAMA_HOST or 127.0.0.1:11434[/]", highlight=False, soft_wrap=True)


def complete_model(incomplete: str) -> list[str]:
    """Shell completion for --model: the spec prefixes, Ollama's models after `ollama:` (a quick
    local probe), llm's model ids after `llm:` (loads llm's plugins: a second or two)."""
    if incomplete.startswith("ollama:"):
        names = [f"ollama:{n}" for n in discover.ollama_models() or []]
    elif incomplete.startswith("llm:"):
        names = [e.spec for e in discover.llm_entries()]
    else:
        names = ["local", "local:", "openai:", "ollama:", "llm:", "fake"]
    return [n for n in names if n.startswith(incomplete)]
