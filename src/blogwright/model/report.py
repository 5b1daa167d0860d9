"""Result types shared by every gate and every surface: Finding, GateResult, Report; and the typed
report of a whole run (`RunReport`: usage, time, the gates' report, grounding, repairs), kept on the
post (`Post.report`) and in the log."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, PlainSerializer, PlainValidator

Severity = Literal["error", "warning", "info"]

# What each gate looks for, in a writer's words (the web page shows these, not the gates' names).
GATE_LABELS = {
    "structure": "post structure", "length": "length", "glued": "words run together", "spelling": "spelling",
    "repetition": "repeated text", "terms": "made-up terms", "leaks": "leftover prompt or template text",
    "reading": "reading level", "on_topic": "stays on the topic", "seo": "search-engine basics",
    "facts": "unchecked claims", "expansions": "made-up meanings of abbreviations", "contradictions": "contradictions",
    "redefinition": "a term defined twice", "meta": "talk about the post itself", "civility": "rude remarks",
    "nonsense": "sentences that cannot be true", "voice": "voice",
}


def gate_label(name: str) -> str:
    """A gate's name in a writer's words (the name itself, dashes as spaces, for a plug-in gate)."""
    return GATE_LABELS.get(name, name.replace("_", " "))


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

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Finding:
        return cls(gate=str(d.get("gate", "")), severity=d.get("severity", "info"), message=str(d.get("message", "")),
                   location=str(d.get("location", "")), suggestion=str(d.get("suggestion", "")))


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

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> GateResult:
        return cls(name=str(d.get("name", "")), passed=bool(d.get("passed")), blocking=bool(d.get("blocking")),
                   score=float(d.get("score") or 0.0), value=d.get("value"),
                   findings=[Finding.from_dict(f) for f in d.get("findings") or []])


@dataclass
class Report:
    """All gate results for one text. `passed` is True when every blocking gate passes."""

    gates: dict[str, GateResult] = field(default_factory=dict)
    verdict_of_run: str = ""  # set when this is the verdict `write` gave (and stored) for the unchanged post

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
                           for s in ("error", "warning", "info")},
                **({"verdict_of_run": self.verdict_of_run} if self.verdict_of_run else {})}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Report:
        """A report from its `to_dict()` form (as kept in the log); `passed`, `score` and `counts` are
        worked out again from the gates."""
        return cls(gates={name: GateResult.from_dict({"name": name, **g}) for name, g in (d.get("gates") or {}).items()})


def _report(value: Any) -> Report:
    if isinstance(value, Report):
        return value
    if isinstance(value, dict):
        return Report.from_dict(value)
    raise ValueError(f"not a report: {type(value).__name__}")


# A Report as a pydantic field: read from a Report or its dict form, written as `to_dict()`.
ReportField = Annotated[Report, PlainValidator(_report), PlainSerializer(lambda r: r.to_dict(), return_type=dict)]


class Usage(BaseModel):
    """Token accounting of a run: model calls, tokens in (and cached) and out, seconds in the model."""

    calls: int = Field(0, description="model calls")
    prompt_tokens: int = Field(0, description="tokens sent (prompts, system prompts)")
    cached_prompt_tokens: int = Field(0, description="of those, tokens a KV cache already held")
    completion_tokens: int = Field(0, description="tokens the model wrote")
    model_seconds: float = Field(0.0, description="seconds spent in model calls")

    def add(self, c: Any, seconds: float) -> None:
        """Count one call (`c`: a backend's Completion)."""
        self.calls += 1
        self.prompt_tokens += c.prompt_tokens
        self.cached_prompt_tokens += c.cached_prompt_tokens
        self.completion_tokens += c.completion_tokens
        self.model_seconds += seconds

    @property
    def tokens_per_s(self) -> float:
        return self.completion_tokens / self.model_seconds if self.model_seconds else 0.0


# The stages a run's time and model calls are charged to (`RunContext.timed`), in pipeline order;
# "other" is whatever ran outside them (loading the voice, saving drafts, rendering).
STAGES = ("plan", "draft", "checks", "repair", "truth", "summary", "styling", "other")


class StageCost(Usage):
    """One stage's share of a run: its model calls and tokens (`Usage`), and its wall seconds, not
    counting the stages nested in it (the checks inside drafting are the checks' time), so the
    stages' seconds add up to the run's."""

    seconds: float = Field(0.0, description="wall seconds in this stage, nested stages excluded")


class RunReport(BaseModel):
    """What a write did, beside the post: kept on `Post.report` and in the log's `runs.report`.
    Adding a figure is one field here (with a default, so older logged runs still load)."""

    usage: Usage = Field(default_factory=Usage)
    seconds: float = 0.0
    stages: dict[str, StageCost] = Field(default_factory=dict)  # per stage: calls, tokens, seconds (they add up)
    kept_tokens: int = 0  # tokens of the model's kind in the prose the reader gets (intro, sections, wrap-up, TL;DR)
    outline_origin: str = ""  # where the outline came from: brief, short, planner, template...
    checks: ReportField | None = None  # the quality gates on the finished post
    voice: Any = None  # the voice gate's value (scores, closest voice), when it ran
    grounding: dict[str, Any] | None = None  # claims, citations, note coverage (notes or sources only)
    substance: dict[str, Any] = Field(default_factory=dict)  # sentences repaired and cut (`Repairs.to_dict`)
    fact_check: str | None = None  # "needed": claims no note or source backs are left (listed on the post)
    truth: dict[str, Any] | None = None  # untrusted model: facts used, words they supported, advice (pipeline/truth.py)
    interview_notes: list[str] = Field(default_factory=list)  # the interview's answers, used as notes
    definitions: dict[str, str] = Field(default_factory=dict)  # the plan's definitions of key terms
    section_notes: dict[str, list[str]] = Field(default_factory=dict)  # per heading: what review did

    @property
    def passed(self) -> bool | None:
        """Whether every blocking gate passed; None when the gates did not run."""
        return None if self.checks is None else self.checks.passed

    @property
    def generated_per_kept(self) -> float | None:
        """Tokens the model generated for each token kept in the post (1.0: nothing thrown away)."""
        return round(self.usage.completion_tokens / self.kept_tokens, 3) if self.kept_tokens else None

    def cost(self) -> dict[str, Any]:
        """The run's cost as `write --json` prints it: calls, tokens generated and kept, their ratio,
        seconds, and the same per stage."""
        return {"calls": self.usage.calls, "generated_tokens": self.usage.completion_tokens,
                "kept_tokens": self.kept_tokens, "generated_per_kept": self.generated_per_kept,
                "prompt_tokens": self.usage.prompt_tokens, "cached_prompt_tokens": self.usage.cached_prompt_tokens,
                "model_seconds": round(self.usage.model_seconds, 3), "seconds": self.seconds,
                "stages": {name: {"seconds": round(c.seconds, 3), "calls": c.calls,
                                  "generated_tokens": c.completion_tokens, "prompt_tokens": c.prompt_tokens,
                                  "cached_prompt_tokens": c.cached_prompt_tokens,
                                  "model_seconds": round(c.model_seconds, 3)} for name, c in self.stages.items()}}

    @property
    def blocking_failed(self) -> list[str]:
        return [] if self.checks is None else [n for n, g in self.checks.gates.items() if g.blocking and not g.passed]

    # Read-only access by key to the logged JSON form (`report["checks"]["passed"]`), for code written
    # against the untyped report while branches merge; new code reads the typed attributes.
    def __getitem__(self, key: str) -> Any:
        if key not in type(self).model_fields:
            raise KeyError(key)
        return self.model_dump(mode="json", include={key})[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key in type(self).model_fields else default
