"""`blogwright runs` and `blogwright show`: the log, with tokens, time and cost per run and in total."""

from __future__ import annotations

from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from blogwright.api import open_store
from blogwright.cli.output import emit_json
from blogwright.core.config import load_config

_out = Console()
_err = Console(stderr=True)


def price(backend: str | None, model: str | None, prices: dict[str, Any]) -> tuple[float, float] | None:
    """(input, output) dollars per million tokens from the config's `prices:` section, looked up by
    `backend:model`, then `model`; None when the model has no price (local models cost nothing)."""
    for key in (f"{backend}:{model}", str(model)):
        value = prices.get(key)
        if isinstance(value, dict):
            value = [value.get("input", 0), value.get("output", 0)]
        if isinstance(value, (list, tuple)) and len(value) == 2:
            try:
                return float(value[0]), float(value[1])
            except (TypeError, ValueError):
                return None
    return None


def with_cost(rows: list[dict], prices: dict[str, Any]) -> list[dict]:
    """Each run with `cost` in dollars (None when its model has no price)."""
    out = []
    for r in rows:
        p = price(r.get("backend"), r.get("model"), prices)
        cost = None if p is None else ((r.get("tokens_in") or 0) * p[0] + (r.get("tokens_out") or 0) * p[1]) / 1e6
        out.append({**r, "cost": cost})
    return out


def totals(rows: list[dict]) -> dict[str, Any]:
    costs = [r["cost"] for r in rows if r.get("cost") is not None]
    return {"runs": len(rows), "tokens_in": sum(r.get("tokens_in") or 0 for r in rows),
            "tokens_out": sum(r.get("tokens_out") or 0 for r in rows),
            "seconds": round(sum(r.get("duration_s") or 0 for r in rows), 1),
            "words": sum(r.get("words") or 0 for r in rows), "cost": round(sum(costs), 6) if costs else None}


def runs(limit: int = typer.Option(20, "--limit", "-l", help="How many runs to list, newest first."),
         search: str = typer.Option("", "--search", "-q", help="Only runs whose topic, brief, post or id contains TEXT."),
         as_json: bool = typer.Option(False, "--json", help="Print JSON (each run with tokens_in, tokens_out, cost).")) -> None:
    """List recent runs from the log: tokens, time and cost per run, and totals.

    Costs come from `prices:` in the config file (dollars per million tokens, input and output), e.g.
    `blogwright config set prices.llm:gpt-4o-mini '[0.15, 0.6]'`; local models cost nothing."""
    prices = load_config().get("prices") or {}
    with open_store() as store:
        rows = with_cost(store.runs(limit, search=search or None), prices if isinstance(prices, dict) else {})
    if as_json:
        emit_json(rows)
        return
    if not rows:
        _err.print(f"no runs{f' matching {search!r}' if search else ''} in the log")
        return
    any_cost = any(r["cost"] is not None for r in rows)
    table = Table("run", "status", "topic", "model", "words", "calls", "tokens in/out", "seconds",
                  *(["cost $"] if any_cost else []), "output")
    for r in rows:
        table.add_row(r["id"], r["status"], r["topic"][:40], f"{r['backend'] or ''}:{r['model'] or ''}".strip(":"),
                      str(r["words"] or ""), str(r["n_calls"]), f"{r['tokens_in'] or 0}/{r['tokens_out'] or 0}",
                      f"{r['duration_s']:.1f}" if r["duration_s"] else "",
                      *([f"{r['cost']:.4f}" if r["cost"] is not None else ""] if any_cost else []), r["output_path"] or "")
    t = totals(rows)
    table.add_section()
    table.add_row(f"total ({t['runs']})", "", "", "", str(t["words"]), str(sum(r["n_calls"] for r in rows)),
                  f"{t['tokens_in']}/{t['tokens_out']}", f"{t['seconds']:.1f}",
                  *([f"{t['cost']:.4f}"] if any_cost else []), "")
    _out.print(table)


def show(run_id: str = typer.Argument(..., help="A run id (or its unique end) from `blogwright runs`."),
         calls: bool = typer.Option(False, "--calls", help="Show each model call's prompt and response."),
         as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Show one run from the log: brief, stats and (with --calls) every model call."""

    with open_store() as store:
        run = store.run(run_id)
        if run is None:
            _err.print(f"[bold red]error:[/] no run {run_id!r} in {store.path}", highlight=False, soft_wrap=True)
            raise typer.Exit(1)
        call_rows = store.calls(run["id"])
    if as_json:
        emit_json({"run": run, "calls": call_rows})
        return
    tokens_in = sum(c["prompt_tokens"] or 0 for c in call_rows)
    tokens_out = sum(c["completion_tokens"] or 0 for c in call_rows)
    _out.print(f"[bold]{run['id']}[/]  {run['status']}  {run['backend'] or ''}:{run['model']}  {run['output_path'] or ''}",
               highlight=False)
    _out.print(f"tokens in/out: {tokens_in}/{tokens_out}  seconds: {run['duration_s'] or 0:.1f}", highlight=False)
    _out.print(f"brief: {run['brief']}", highlight=False)
    table = Table("#", "stage", "template", "in", "cached", "out", "finish", "seconds")
    for i, c in enumerate(call_rows, 1):
        table.add_row(str(i), c["stage"], f"{c['template']}@v{c['template_version']}", str(c["prompt_tokens"]),
                      str(c["cached_tokens"]), str(c["completion_tokens"]), c["finish_reason"] or c["error"] or "",
                      f"{c['duration_s']:.2f}")
    _out.print(table)
    if calls:
        for i, c in enumerate(call_rows, 1):
            _out.rule(f"call {i}: {c['stage']} / {c['template']}")
            _out.print("[dim]prompt:[/]")
            _out.print(c["prompt"] or "", markup=False, highlight=False)  # the model's text is never markup
            _out.print("[dim]response:[/]")
            _out.print(c["response"] or "", markup=False, highlight=False)
