"""Quality gates: pure functions from a post's text to findings, plus deterministic repairs.

    report = check_markdown(md, ctx=CheckContext(topic=..., target_words=600), config=GateConfig())
    report.passed, report.score, report.findings, report.to_dict()

Blocking by default: glued, repetition, leaks, structure, length, on_topic, and the substance
gates terms, expansions, contradictions, redefinition, meta (see GateConfig, checks/substance.py;
`sentence_problems(sentence, ctx, post_text)` checks one sentence for the pipeline's repairs).
"""

from blogwright.checks.leaks import complete_ending
from blogwright.checks.length_score import body_words, implied_target, length_score, reader_words
from blogwright.checks.reading import fk_grade
from blogwright.checks.repetition import distinct_n, rep_n
from blogwright.checks.runner import check_markdown, check_section
from blogwright.checks.settings import ALL_GATES, DEFAULT_BLOCKING, GateConfig
from blogwright.checks.spelling import split_glued
from blogwright.checks.substance import SentenceFinding, sentence_problems
from blogwright.checks.terms import invented_terms
from blogwright.checks.topic import paragraph_similarities
from blogwright.checks.types import CheckContext, Finding, GateResult, Report
from blogwright.text.document import ParsedMarkdown, parse_markdown

__all__ = [
    "ALL_GATES", "DEFAULT_BLOCKING", "CheckContext", "Finding", "GateConfig", "GateResult",
    "ParsedMarkdown", "Report", "SentenceFinding", "body_words", "check_markdown", "check_section",
    "complete_ending", "distinct_n", "fk_grade", "implied_target", "invented_terms", "length_score",
    "paragraph_similarities", "parse_markdown", "reader_words", "rep_n", "sentence_problems",
    "split_glued",
]
