"""Result types shared by every gate and every surface: Finding, GateResult, Report."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]


@dataclass
class Finding:
    """One problem (or note) a gate saw, with where it is and how to fix it."""

    gate: str
    severity: Severity
    message: str
    location: str = ""
    suggestion: str = ""

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass
class GateResult:
    """Outcome of one gate: `score` is 0..1 (1 best); `value` holds its metrics (JSON-able)."""

    name: str
    passed: bool
    blocking: bool
    score: float
    value: Any = None
    findings: list[Finding] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "passed": self.passed, "blocking": self.blocking,
                "score": round(self.score, 4), "value": self.value,
                "findings": [f.to_dict() for f in self.findings]}


@dataclass
class Report:
    """All gate results for one text. `passed` is True when every blocking gate passes."""

    gates: dict[str, GateResult] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return all(g.passed for g in self.gates.values() if g.blocking)

    @property
    def findings(self) -> list[Finding]:
        return [f for g in self.gates.values() for f in g.findings]

    @property
    def failed(self) -> list[str]:
        """Names of the gates that did not pass (blocking or not)."""
        return [name for name, g in self.gates.items() if not g.passed]

    @property
    def score(self) -> float:
        """Higher is better. Weighted mean of gate scores (blocking gates count twice), minus 1
        per failed blocking gate, so a candidate that passes always beats one that does not."""
        if not self.gates:
            return 0.0
        weights = [2.0 if g.blocking else 1.0 for g in self.gates.values()]
        total = sum(w * g.score for w, g in zip(weights, self.gates.values(), strict=True))
        mean = total / sum(weights)
        failures = sum(1 for g in self.gates.values() if g.blocking and not g.passed)
        return round(mean - failures, 6)

    @property
    def quality(self) -> float:
        """0..1, 1 best: the weighted mean of the gate scores (blocking gates count twice), what a person
        reads as the post's score (`score` ranks candidates and goes below 0 when a blocking gate fails)."""
        if not self.gates:
            return 0.0
        weights = [2.0 if g.blocking else 1.0 for g in self.gates.values()]
        return round(sum(w * g.score for w, g in zip(weights, self.gates.values(), strict=True)) / sum(weights), 4)

    def to_dict(self) -> dict[str, Any]:
        return {"passed": self.passed, "score": self.quality, "rank": self.score,
                "gates": {name: g.to_dict() for name, g in self.gates.items()},
                "counts": {s: sum(1 for f in self.findings if f.severity == s)
                           for s in ("error", "warning", "info")}}


def report_from_dict(data: dict[str, Any]) -> Report:
    """A Report back from `Report.to_dict()` (a verdict stored in the log)."""
    gates: dict[str, GateResult] = {}
    for name, g in (data.get("gates") or {}).items():
        findings = [Finding(f.get("gate", name), f.get("severity", "info"), f.get("message", ""), f.get("location", ""),
                            f.get("suggestion", "")) for f in g.get("findings") or []]
        gates[name] = GateResult(name=g.get("name", name), passed=bool(g.get("passed")), blocking=bool(g.get("blocking")),
                                 score=float(g.get("score") or 0.0), value=g.get("value"), findings=findings)
    return Report(gates=gates)
