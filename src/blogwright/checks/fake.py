"""A quality gate for tests (like the fake backend): it passes or fails as told and records what it saw.

    [project.entry-points."blogwright.gates"]
    fake = "blogwright.checks.fake:fake_gate"        # or, in a test: extra_gates={"fake": FakeGate()}
"""

from __future__ import annotations

from dataclasses import dataclass, field

from blogwright.checks.settings import GateConfig
from blogwright.checks.types import CheckContext, Finding, GateResult
from blogwright.text.document import ParsedMarkdown


@dataclass
class FakeGate:
    name: str = "fake"
    passed: bool = True
    blocking: bool = False
    message: str = ""  # a finding to report ("" reports none)
    seen: list[str] = field(default_factory=list)  # the title of every document it checked

    def __call__(self, doc: ParsedMarkdown, ctx: CheckContext | None, config: GateConfig) -> GateResult:
        self.seen.append(doc.title)
        findings = [Finding(self.name, "warning" if self.passed else "error", self.message, "post")] if self.message else []
        return GateResult(self.name, self.passed, self.blocking, 1.0 if self.passed else 0.0, findings=findings)


fake_gate = FakeGate()  # an instance an entry point can name: "blogwright.checks.fake:fake_gate"
