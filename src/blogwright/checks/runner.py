"""Run the gates: `check_markdown` for a whole post, `check_section` for one section's prose."""

from __future__ import annotations

from collections.abc import Callable

from .leaks import gate_leaks
from .length import gate_length
from .parse import ParsedMarkdown, parse_markdown, section_doc
from .reading import gate_reading
from .repetition import gate_repetition
from .settings import GateConfig
from .spelling import gate_glued, gate_spelling
from .structure import gate_structure
from .terms import gate_terms
from .topic import gate_on_topic
from .types import CheckContext, GateResult, Report
from ..voices.gate import gate_voice

Gate = Callable[[ParsedMarkdown, "CheckContext | None", GateConfig], GateResult]

POST_GATES: dict[str, Gate] = {
    "structure": gate_structure, "length": gate_length, "glued": gate_glued,
    "spelling": gate_spelling, "repetition": gate_repetition, "terms": gate_terms,
    "leaks": gate_leaks, "reading": gate_reading, "on_topic": gate_on_topic, "voice": gate_voice,
}
SECTION_GATES = ("glued", "spelling", "repetition", "terms", "leaks", "on_topic")


def _run(doc: ParsedMarkdown, names: tuple[str, ...] | list[str], ctx: CheckContext | None,
         config: GateConfig) -> Report:
    report = Report()
    for name in names:
        if name not in config.skip:
            report.gates[name] = POST_GATES[name](doc, ctx, config)
    return report


def check_markdown(md_text: str, ctx: CheckContext | None = None,
                   config: GateConfig | None = None) -> Report:
    """Run every gate on a Markdown post (any Markdown; code blocks are ignored)."""
    config = config or GateConfig()
    return _run(parse_markdown(md_text), list(POST_GATES), ctx, config)


def check_section(text: str, heading: str = "", ctx: CheckContext | None = None,
                  config: GateConfig | None = None) -> Report:
    """Run the gates that make sense for one section's prose (on-topic only with a topic)."""
    config = config or GateConfig()
    names = [n for n in SECTION_GATES if n != "on_topic" or (ctx and ctx.topic)]
    return _run(section_doc(text, heading), names, ctx, config)
