"""One verdict per post. `write` runs the gates once, with the settings in force (the config's `gates:`
included), and stores the result with the run in the log, next to the hash of the file it wrote and the
hash of those settings. `check` and `publish` of the unchanged file (same content hash, same settings)
give that verdict back instead of judging again with other assumptions.

A verdict is a dict so later states can join it (the claims still unverified, issue 22, will be one
more key): {"hash", "settings", "passed", "blocking_failed", "report"}.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from blogwright.checks import GateConfig
from blogwright.model.report import Finding, Report
from blogwright.voices.learn import voices_fingerprint


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# Bumped when the gates judge differently, so a verdict stored before is judged again (2: the voice
# gate scores the post's prose only and the length target is the post's word count, newcomer round 2).
JUDGING = 2


def settings_hash(config: GateConfig) -> str:
    """The gate settings that decide a verdict (not whether embeddings were at hand), `JUDGING`, and the
    learned voices (the voice verdict ranks the post's voice among them: learning one changed it while
    `check` kept showing the stored one, in a newcomer's trial)."""
    data = {**config.model_dump(mode="json", exclude={"embeddings"}), "judging": JUDGING,
            "voices": voices_fingerprint()}
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def make_verdict(text: str, report: Report | dict[str, Any], config: GateConfig) -> dict[str, Any]:
    r = report if isinstance(report, Report) else Report.from_dict(report)
    return {"hash": content_hash(text), "settings": settings_hash(config), "passed": r.passed,
            "blocking_failed": [n for n, g in r.gates.items() if g.blocking and not g.passed],
            "report": r.to_dict()}


def stored_verdict(run: dict | None, text: str, config: GateConfig) -> dict[str, Any] | None:
    """The run's verdict when it is about exactly this text and these settings, else None."""
    verdict = (run or {}).get("verdict")
    if not isinstance(verdict, dict) or not isinstance(verdict.get("report"), dict):
        return None
    if verdict.get("hash") != content_hash(text) or verdict.get("settings") != settings_hash(config):
        return None
    return verdict


def verdict_report(verdict: dict[str, Any], run_id: str) -> Report:
    """The stored report, with a note saying where it comes from."""
    report = Report.from_dict(verdict["report"])
    report.verdict_of_run = run_id
    if report.gates:
        first = next(iter(report.gates.values()))
        first.findings.append(Finding(first.name, "info", f"the verdict `write` gave this unchanged post (run {run_id})",
                                      "post", "edit the post, or change a gate setting, to judge it again"))
    return report
