"""The `voice` quality gate for `blogwright check --voice NAME` (and the pipeline's report).

`pipeline.gates.check_post` runs it after the gates of checks/. It reads the voice from `ctx.voice`,
else from the post's front matter, and skips (passes) when neither names a built-in or learned
voice. Blocking only if "voice" is in config.blocking (`min_voice_percentile` tunes it). The verdict
is `voices.score.judge_post`'s, the same `voice score` and the web page give.
"""

from __future__ import annotations

from blogwright.core.errors import BadInput
from blogwright.model.report import Finding, GateResult
from blogwright.voices import load_voice
from blogwright.voices.feedback import find_avoided
from blogwright.voices.learn import load_profile
from blogwright.voices.score import judge, post_prose


def gate_voice(doc, ctx, config):
    """GateResult: passes when the post is closest to its voice (or that voice's copy/original) and
    its percentile is >= config.min_voice_percentile (default 50); score = `VoiceVerdict.value`.
    Warns for each phrase the user cut in earlier feedback that is back."""

    blocking = "voice" in getattr(config, "blocking", [])
    name = getattr(ctx, "voice", "") or str((doc.front_matter or {}).get("voice") or "")
    text = post_prose(doc)
    try:
        profile = load_profile(name) if name else None
    except BadInput:
        profile = None
    if profile is None or not text.strip():
        why = "no voice given" if not name else f"no profile for voice {name!r}" if profile is None else "no prose"
        return GateResult("voice", True, blocking, 1.0, {"skipped": why})
    minimum = float(getattr(config, "min_voice_percentile", 50.0))
    try:
        v = judge(text, profile, minimum)
    except BadInput as exc:
        return GateResult("voice", True, blocking, 1.0, {"skipped": str(exc)})
    hint = f"biggest differences from {name}: " + "; ".join(v.differences)
    findings = [Finding("voice", "info" if v.passed else "warning", v.sentence, "post", "" if v.passed else hint)]
    for phrase in find_avoided(text, load_voice(name).avoid):
        findings.append(Finding("voice", "warning", f"a phrase you cut before: {phrase!r}", "post",
                                "delete or rephrase it"))
    return GateResult("voice", v.passed, blocking, v.value, v.to_dict(), findings)
