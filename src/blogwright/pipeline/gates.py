"""Every gate a post goes through: the gates of checks/ plus the voice gate of voices/.

checks/ and voices/ are siblings that never import each other; this is the one place that runs
them together. Everything that checks a whole post (write, check, publish, edits, the web page,
the benchmarks) calls `check_post`.
"""

from __future__ import annotations

from blogwright.checks import CheckContext, GateConfig, Report, check_markdown
from blogwright.voices.gate import gate_voice

EXTRA_GATES = {"voice": gate_voice}


def check_post(md_text: str, ctx: CheckContext | None = None, config: GateConfig | None = None) -> Report:
    """All gates, in report order (voice last), on a Markdown post."""
    return check_markdown(md_text, ctx, config, extra_gates=EXTRA_GATES)
