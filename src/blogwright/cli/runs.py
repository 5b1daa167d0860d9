"""`blogwright runs` and `blogwright show`: the log, with tokens, time and cost per run and in total."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from blogwright.cli.errors import PlainConsole, StderrConsole, fail
from blogwright.cli.lazy import lazy
from blogwright.cli.output import emit_json, emit_line
from blogwright.core.errors import BadInput, BlogwrightError

if TYPE_CHECKING:
    from blogwright import api
    from blogwright.core import config
else:  # imported when a command runs (cli/lazy.py)
    api = lazy("blogwright.api")
    config = lazy("blogwright.core.config")

_out = PlainConsole()
WHOLE_IDS = 120  # columns from which `runs` shows run ids whole (below: their unique end)
_err = StderrConsole()


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


def _cut(text: str, width: int) -> str:
    """`text` in at most `width` characters (at least one), cut with an ellipsis."""
    width = max(1, width)
    return text if len(text) <= width else text[: width - 1] + "…"


def _gates(run: dict) -> str:
    """ "pass", "fail: length, structure" (the blocking gates failed), or "" when the run was not judged."""
    if run.get("passed") is None:
        return ""
    return "pass" if run["passed"] else "fail: " + ", ".join(run.get("failed_gates") or [])


def runs(limit: int = typer.Option(20, "--last", "-n", help="How many runs to list, newest first."),
         search: str = typer.Option("", "--search", "-q", help="Only runs whose topic, brief, post or id contains TEXT."),
         as_json: bool = typer.Option(False, "--json", help="Print JSON (each run with tokens_in, tokens_out, cost).")) -> None:
    """List recent runs from the log: tokens, time and cost per run, and totals.

    Costs come from `prices:` in the config file (dollars per million tokens, input and output), e.g.
    `blogwright config set prices.llm:gpt-4o-mini '[0.15, 0.6]'`; local models cost nothing."""
    prices = config.load_config().get("prices") or {}
    with api.runs.open_store() as store:
        rows = with_cost(store.runs(limit, search=search or None), prices if isinstance(prices, dict) else {})
    if as_json:
        emit_json(rows)
        return
    if not rows:
        _err.print(f"no runs{f' matching {search!r}' if search else ''} in the log")
        return
    any_cost = any(r["cost"] is not None for r in rows)
    cells, labels = [], []
    whole = _out.width >= WHOLE_IDS  # a file, a pipe (unbounded: cli/errors.PlainConsole) or a wide terminal
    for r in rows:
        status = "" if r["status"] == "done" else f" ({r['status']})"  # failed, interrupted, crashed, running
        labels.append(status)
        cells.append([r["id"] if whole else r["id"].rsplit("-", 1)[-1], time.strftime("%m-%d %H:%M", time.localtime(r["created"])),
                      r["topic"] + status, r["model"] or "", str(r["words"] or ""), _gates(r),
                      f"{r['tokens_in'] or 0}/{r['tokens_out'] or 0}", f"{r['duration_s']:.0f}" if r["duration_s"] else "",
                      *([f"{r['cost']:.4f}" if r["cost"] is not None else ""] if any_cost else [])])
    t = totals(rows)
    footer = [f"{t['runs']} runs", "", "total", "", str(t["words"]), "", f"{t['tokens_in']}/{t['tokens_out']}",
              f"{t['seconds']:.0f}", *([f"{t['cost']:.4f}"] if any_cost else [])]
    headers = ["run", "when", "topic", "model", "words", "gates", "tokens", "s", *(["$"] if any_cost else [])]
    widths = [max(len(h), *(len(c[i]) for c in [*cells, footer])) for i, h in enumerate(headers)]
    spare = _out.width - sum(w for i, w in enumerate(widths) if i not in (2, 3)) - 2 * (len(headers) - 1)
    model_w = max(8, min(widths[3], spare // 3))
    widths[2], widths[3] = max(10, max(map(len, labels)) + 2, min(widths[2], spare - model_w)), model_w
    for c, r, status in zip(cells, rows, labels):  # topic and model share what the fixed columns leave
        c[2] = _cut(r["topic"], widths[2] - len(status)) + status  # the topic is cut, never its status
        c[3] = _cut(c[3], widths[3])
    table = Table(caption=("run: its id" if whole else "run: the id's end") + " (`blogwright show RUN`); tokens: in/out; --json for everything",
                  caption_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True, show_edge=False)
    for i, h in enumerate(headers):
        table.add_column(h, no_wrap=True, width=widths[i],
                         justify="right" if h in ("words", "tokens", "s", "$") else "left")
    for c in cells:
        table.add_row(*c)
    table.add_section()
    table.add_row(*footer)
    _out.print(table)


def show(run_id: str = typer.Argument(..., help="A run id (or its unique end) from `blogwright runs`."),
         calls: bool = typer.Option(False, "--calls", help="Show each model call's prompt and response."),
         as_json: bool = typer.Option(False, "--json", help="Print JSON."),
         out: Optional[Path] = typer.Option(None, "--out", "-o",
                                            help="Write the run's post (a draft for an unfinished run) into this folder again.")) -> None:
    """Show one run from the log: brief, stats and (with --calls) every model call; --out DIR writes its post again."""

    if out is not None:
        try:
            path = api.recover(run_id, out)
        except BlogwrightError as exc:
            fail(exc)
        _err.print(f"[green]wrote[/] {escape(str(path))}", highlight=False, soft_wrap=True)
        emit_line(str(path))
        return
    with api.runs.open_store() as store:
        run = store.run(run_id)
        if run is None:
            fail(BadInput(f"no run {run_id!r} in {store.path}"))
        call_rows = store.calls(run["id"])
    if as_json:
        emit_json({"run": run, "calls": call_rows})
        return
    tokens_in = sum(c["prompt_tokens"] or 0 for c in call_rows)
    tokens_out = sum(c["completion_tokens"] or 0 for c in call_rows)
    _out.print(escape(f"{run['id']}  {run['status']}  {run['backend'] or ''}:{run['model']}  {run['output_path'] or ''}"),
               highlight=False)
    _out.print(f"tokens in/out: {tokens_in}/{tokens_out}  seconds: {run['duration_s'] or 0:.1f}  "
               f"words: {run['words'] or 0}", highlight=False)
    _out.print(f"brief: {run['brief']}", highlight=False, markup=False)
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
