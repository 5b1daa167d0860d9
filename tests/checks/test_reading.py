"""Flesch-Kincaid grade and the reading-level gate."""

from __future__ import annotations

import pytest

from blogwright.checks import CheckContext, GateConfig, fk_grade, parse_markdown
from blogwright.checks.reading import gate_reading, syllables, text_stats

GRADUATE = (
    "The epistemological ramifications of heteroskedastic stochastic processes necessitate a "
    "fundamental reconceptualization of inferential methodologies, particularly insofar as "
    "conventional asymptotic approximations presuppose homoscedasticity assumptions that are "
    "systematically violated in high-dimensional observational datasets characterized by "
    "considerable idiosyncratic variability. Consequently, practitioners must operationalize "
    "robust variance estimators whose theoretical justification depends upon sophisticated "
    "martingale convergence arguments.")
SIMPLE = ("The cat sat on the mat. It was a sunny day. The dog ran to the park. We had fun. "
          "Then we went home and ate lunch. It was good. We slept well that night.")


@pytest.mark.parametrize("word,n", [
    ("the", 1), ("cat", 1), ("table", 2), ("simple", 2), ("people", 2), ("beautiful", 3),
    ("education", 4), ("university", 5), ("wanted", 2), ("jumped", 1), ("makes", 1),
    ("boxes", 2), ("pages", 2), ("apples", 2), ("lovely", 2), ("wasn't", 2), ("don't", 1),
    ("hallucination", 5), ("environment", 4), ("quiet", 2), ("machine", 2), ("model", 2),
])
def test_syllables(word, n):
    assert syllables(word) == n


def test_fk_formula():
    words, sents, syl = text_stats(SIMPLE)
    assert (words, sents) == (35, 7)
    assert fk_grade(SIMPLE) == pytest.approx(0.39 * words / sents + 11.8 * syl / words - 15.59, abs=0.01)
    assert fk_grade("") == 0.0


def test_grades_are_ordered(prose, good_post):
    assert fk_grade(SIMPLE) < 2 < fk_grade(good_post) < 9 and fk_grade(prose) < 10
    assert fk_grade(GRADUATE) > 20


def _gate(text, audience):
    return gate_reading(parse_markdown(text), CheckContext(audience=audience), GateConfig())


def test_graduate_paragraph_flagged_for_newbie():
    result = _gate(GRADUATE, "newbie")
    assert not result.passed and not result.blocking
    assert result.value["target"] == 8.0
    assert "above 10 for a newbie reader" in result.findings[0].message
    assert result.score < 0.5


def test_plain_post_passes_for_newbie(good_post):
    result = _gate(good_post, "newbie")
    assert result.passed and result.findings == []


def test_expert_allows_a_higher_grade(seed):
    assert not _gate(seed, "newbie").passed
    assert _gate(seed, "expert").passed


def test_no_audience_or_short_text_skips():
    assert gate_reading(parse_markdown(GRADUATE), None, GateConfig()).passed
    assert _gate("Extraordinarily sophisticated epistemology.", "newbie").passed
