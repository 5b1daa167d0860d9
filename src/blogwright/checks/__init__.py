"""Quality gates: pure functions from a post's text to findings, plus deterministic repairs.

    report = check_markdown(md, ctx=CheckContext(topic=..., target_words=600), config=GateConfig())
    report.passed, report.score, report.findings, report.to_dict()

Blocking by default: glued, repetition, leaks, structure, length, on_topic (see GateConfig).
"""

from .leaks import complete_ending
from .length import body_words, length_score
from .parse import ParsedMarkdown, parse_markdown
from .reading import fk_grade
from .repetition import distinct_n, rep_n
from .runner import check_markdown, check_section
from .settings import ALL_GATES, DEFAULT_BLOCKING, GateConfig
from .spelling import split_glued
from .terms import invented_terms
from .topic import paragraph_similarities
from .types import CheckContext, Finding, GateResult, Report

__all__ = [
    "ALL_GATES", "DEFAULT_BLOCKING", "CheckContext", "Finding", "GateConfig", "GateResult",
    "ParsedMarkdown", "Report", "body_words", "check_markdown", "check_section",
    "complete_ending", "distinct_n", "fk_grade", "invented_terms", "length_score",
    "paragraph_similarities", "parse_markdown", "rep_n", "split_glued",
]
