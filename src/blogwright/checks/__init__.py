"""Quality gates: pure functions from a post's text to findings, plus deterministic repairs.

    report = check_markdown(md, ctx=CheckContext(topic=..., target_words=600), config=GateConfig())
    report.passed, report.score, report.findings, report.to_dict()

Blocking by default: glued, repetition, leaks, structure, length, on_topic (see GateConfig).
"""

from blogwright.checks.leaks import complete_ending
from blogwright.checks.length import body_words, length_score
from blogwright.checks.reading import fk_grade
from blogwright.checks.repetition import distinct_n, rep_n
from blogwright.checks.runner import check_markdown, check_section
from blogwright.checks.settings import ALL_GATES, DEFAULT_BLOCKING, GateConfig
from blogwright.checks.spelling import split_glued
from blogwright.checks.terms import invented_terms
from blogwright.checks.topic import paragraph_similarities
from blogwright.checks.types import CheckContext, Finding, GateResult, Report
from blogwright.text.document import ParsedMarkdown, parse_markdown

__all__ = [
    "ALL_GATES", "DEFAULT_BLOCKING", "CheckContext", "Finding", "GateConfig", "GateResult",
    "ParsedMarkdown", "Report", "body_words", "check_markdown", "check_section",
    "complete_ending", "distinct_n", "fk_grade", "invented_terms", "length_score",
    "paragraph_similarities", "parse_markdown", "rep_n", "split_glued",
]
