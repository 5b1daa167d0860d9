"""Run the gates: `check_markdown` for a whole post, `check_section` for one section's prose.

The gates are a registry (`GATES`, `core.registry`): the built-in ones, then those other packages
declare under the `blogwright.gates` entry-point group (a `Gate`: (doc, ctx, config) -> GateResult),
which run on whole posts. Gates that need a sibling package (the `voice` gate lives in voices/) are
passed in by the caller as `extra_gates`; `pipeline.gates.check_post` is the one place that adds them."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from blogwright.checks.facts import gate_facts
from blogwright.checks.leaks import gate_leaks
from blogwright.checks.length_score import gate_length
from blogwright.checks.reading import gate_reading
from blogwright.checks.repetition import gate_repetition
from blogwright.checks.seo import gate_seo
from blogwright.checks.settings import GATE_GROUP, GateConfig
from blogwright.checks.spelling import gate_glued, gate_spelling
from blogwright.checks.structure import gate_structure
from blogwright.checks.substance import SUBSTANCE_GATES
from blogwright.checks.terms import gate_terms
from blogwright.checks.topic import gate_on_topic
from blogwright.checks.types import CheckContext, GateResult, Report
from blogwright.core.registry import Registry
from blogwright.text.document import ParsedMarkdown, parse_markdown, section_doc

Gate = Callable[[ParsedMarkdown, "CheckContext | None", GateConfig], GateResult]

BUILTIN_GATES: dict[str, Gate] = {
    "structure": gate_structure, "length": gate_length, "glued": gate_glued,
    "spelling": gate_spelling, "repetition": gate_repetition, "terms": gate_terms,
    "leaks": gate_leaks, "reading": gate_reading, "on_topic": gate_on_topic, "seo": gate_seo,
    "facts": gate_facts,
    **{k: v for k, v in SUBSTANCE_GATES.items() if k != "terms"},
}
GATES: Registry[Gate] = Registry(GATE_GROUP, BUILTIN_GATES, "quality gate")
SECTION_GATES = ("glued", "spelling", "repetition", "terms", "leaks", "on_topic",
                 "expansions", "contradictions", "redefinition", "meta", "civility", "nonsense")


def _run(doc: ParsedMarkdown, gates: Mapping[str, Gate], ctx: CheckContext | None, config: GateConfig) -> Report:
    report = Report()
    for name, gate in gates.items():
        if name not in config.skip:
            report.gates[name] = gate(doc, ctx, config)
    return report


def check_markdown(md_text: str, ctx: CheckContext | None = None, config: GateConfig | None = None,
                   extra_gates: Mapping[str, Gate] | None = None) -> Report:
    """Run every gate (and `extra_gates`, after them) on a Markdown post (code blocks are ignored)."""
    config = config or GateConfig()
    return _run(parse_markdown(md_text), {**GATES.all(), **(extra_gates or {})}, ctx, config)


def check_section(text: str, heading: str = "", ctx: CheckContext | None = None,
                  config: GateConfig | None = None) -> Report:
    """Run the gates that make sense for one section's prose (on-topic only with a topic)."""
    config = config or GateConfig()
    names = [n for n in SECTION_GATES if n != "on_topic" or (ctx and ctx.topic)]
    return _run(section_doc(text, heading), {n: BUILTIN_GATES[n] for n in names}, ctx, config)
