"""Rich rendering of a quality-gate report (`Report.to_dict()` form), shared by `check` and `write`."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from blogwright.model.report import Report

SEVERITY_STYLE = {"error": "red", "warning": "yellow", "info": "dim"}


def _as_dict(report: Report | dict[str, Any]) -> dict[str, Any]:
    return report.to_dict() if isinstance(report, Report) else report


def gates_table(report: dict[str, Any], title: str) -> Table:
    table = Table("gate", "verdict", "score", "findings", title=escape(title), title_justify="left")
    for name, g in report["gates"].items():
        verdict = "[green]pass[/]" if g["passed"] else ("[red]FAIL[/]" if g["blocking"] else "[yellow]warn[/]")
        n = sum(1 for f in g["findings"] if f["severity"] != "info")
        table.add_row(name + ("" if g["blocking"] else " [dim](advisory)[/]"), verdict, f"{g['score']:.2f}",
                      str(n) if n else "")
    return table


def findings_table(report: dict[str, Any], limit: int = 40) -> Table | None:
    rows = [f for g in report["gates"].values() for f in g["findings"] if f["severity"] != "info"]
    if not rows:
        return None
    table = Table("gate", "where", "problem", "suggestion", title="findings", title_justify="left")
    for f in rows[:limit]:
        style = SEVERITY_STYLE.get(f["severity"], "")
        # the post's own text (and file names) is never markup: "[/x]" in a post must not break the table
        table.add_row(escape(f["gate"]), escape(f["location"]), Text(f["message"], style=style), escape(f["suggestion"]))
    if len(rows) > limit:
        table.caption = f"... and {len(rows) - limit} more (use --json for all)"
    return table


def voice_line(report: dict[str, Any]) -> str:
    """"voice: the post reads like k: ..." from the voice gate's verdict (the same sentence as `voice score`
    and the web page), or '' when the post has no voice to judge."""
    value = (report["gates"].get("voice") or {}).get("value")
    sentence = value.get("verdict") if isinstance(value, dict) else None
    return f"voice: this post {sentence}" if sentence else ""


def print_report(console: Console, report: Report | dict[str, Any], title: str = "quality gates") -> None:
    data = _as_dict(report)
    console.print(escape(title), highlight=False, soft_wrap=True)  # a path in it is never split to the table's width
    console.print(gates_table(data, ""))
    findings = findings_table(data)
    if findings is not None:
        console.print(findings)
    voice = voice_line(data)
    if voice:
        console.print(Text(voice), highlight=False, soft_wrap=True)
    failed = [n for n, g in data["gates"].items() if g["blocking"] and not g["passed"]]
    console.print("[green]every blocking gate passes[/]" if not failed
                  else f"[red]blocking gates failed:[/] {', '.join(failed)}")
