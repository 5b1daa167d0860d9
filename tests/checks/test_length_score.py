"""LongWriter's S_l and the length gate."""

from __future__ import annotations

import pytest

from blogwright.checks import CheckContext, GateConfig, body_words, length_score, parse_markdown
from blogwright.checks.length_score import gate_length, reader_words


def test_length_score_formula():
    assert length_score(400, 400) == 100
    assert length_score(400 / 3, 400) == pytest.approx(0, abs=1e-9)
    assert length_score(1600, 400) == 0
    assert length_score(800, 400) == pytest.approx(100 * (1 - 1 / 3))
    assert length_score(200, 400) == pytest.approx(50)
    assert length_score(100, 400) == 0 and length_score(5000, 400) == 0  # clamped
    assert length_score(0, 400) == 0
    assert length_score(123, 0) == 100  # no target


def _post(words: int) -> str:
    body = " ".join(["word"] * (words - 1)) + " end."
    return (f"---\ntitle: T\ndate: 2025-01-01\ndescription: d\n---\n\n# A Title Here\n\n"
            f"**TL;DR:** five words of summary here.\n\n{body}\n\n"
            "## Heading Words\n\n```\ncode code\n```\n")


def test_body_words_skip_front_matter_headings_tldr_and_code():
    assert body_words(parse_markdown(_post(150))) == 150


def test_reader_words_count_title_tldr_headings_and_prose_but_not_code_or_references():
    # 150 prose + title 3 + "TL;DR:" 1 + its 5 words + heading 2; the code block is not counted
    assert reader_words(parse_markdown(_post(150))) == 161
    cited = _post(150).replace(" end.", " end [1].") + "\n## References\n\n1. A source, 2024.\n"
    assert reader_words(parse_markdown(cited)) == 161


def test_short_post_against_target_fails():
    result = gate_length(parse_markdown(_post(150)), CheckContext(target_words=400), GateConfig())
    assert not result.passed
    assert result.value == {"words": 161, "target": 400, "s_l": pytest.approx(length_score(161, 400), abs=0.01),
                            "body_words": 150}
    assert result.score == pytest.approx(length_score(161, 400) / 100)
    assert "too short" in result.findings[0].message


def test_on_target_passes_and_no_target_skips():
    assert gate_length(parse_markdown(_post(400)), CheckContext(target_words=400), GateConfig()).passed
    result = gate_length(parse_markdown(_post(150)), None, GateConfig())
    assert result.passed and result.findings[0].severity == "info"


def test_long_post_fails():
    result = gate_length(parse_markdown(_post(1100)), CheckContext(target_words=400), GateConfig())
    assert not result.passed and "too long" in result.findings[0].message
