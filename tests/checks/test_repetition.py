"""rep-n, distinct-n, repeated sentences and loops."""

from __future__ import annotations

import pytest

from blogwright.checks import GateConfig, distinct_n, parse_markdown, rep_n
from blogwright.checks.repetition import gate_repetition, similarity


def _gate(text):
    return gate_repetition(parse_markdown(text), None, GateConfig())


def test_rep_n_definition():
    assert rep_n("a b c d", 2) == 0.0
    assert rep_n("a b a b", 2) == pytest.approx(1 - 2 / 3)  # (a b), (b a), (a b)
    assert rep_n("", 4) == 0.0 and rep_n("one two", 4) == 0.0
    assert distinct_n("a b a b", 2) == pytest.approx(2 / 3)
    assert distinct_n("", 2) == 1.0
    assert rep_n("The Cat, the cat!", 2) == pytest.approx(1 - 2 / 3)  # case and punctuation ignored


def test_text_repeated_twice_has_high_rep4(prose):
    assert rep_n(prose, 4) < 0.05
    assert rep_n(prose + "\n\n" + prose, 4) > 0.4
    assert distinct_n(prose, 2) > 0.9


def test_normal_prose_passes(prose, good_post, seed):
    for text in (prose, good_post, seed):
        result = _gate(text)
        assert result.passed, result.findings
        assert result.value["repeated_sentences"] == 0 and result.value["loops"] == 0


def test_repeated_sentence_fails():
    text = ("Pinning versions keeps installs repeatable across machines. A lock file records "
            "every package. Pinning versions keeps installs repeatable across machines.")
    result = _gate(text)
    assert not result.passed and result.value["repeated_sentences"] == 1
    assert "sentence repeated" in result.findings[0].message
    assert _gate_with(text, max_repeated_sentences=1, max_rep4=1.0).passed


def _gate_with(text, **kw):
    return gate_repetition(parse_markdown(text), None, GateConfig(**kw))


LOOP = ("A virtual environment keeps the packages of one project apart from every other "
        "project on your machine, so upgrades in one place never break another.")


def test_looped_paragraph_with_small_changes_fails():
    changed = LOOP.replace("every other project", "all the other projects").replace("never", "do not")
    text = f"# Title\n\n{LOOP}\n\nPinning writes down exact versions.\n\n{changed}\n"
    result = _gate(text)
    assert not result.passed and result.value["loops"] == 1
    assert "repeats intro, paragraph 1" in result.findings[0].message
    assert result.findings[0].location == "intro, paragraph 3"
    assert similarity(LOOP, changed) > 0.75


def test_degenerate_loop_inside_one_paragraph():
    text = " ".join(["The model is a model and the model is good for the model."] * 2 +
                    ["It is good because the model is a model and the model is good."] * 3)
    result = _gate(text)
    assert not result.passed
    assert result.value["rep_4"] > 0.15


def test_short_text_skips_ngram_metrics():
    result = _gate("Short text. Very short.")
    assert result.passed and result.findings[0].severity == "info"


def test_code_blocks_are_ignored():
    code = "```\n" + "x = 1\n" * 50 + "```\n"
    result = _gate(f"# T\n\nA short intro about loops in code.\n\n{code}")
    assert result.passed and result.value["rep_4"] == 0.0


def test_a_references_list_quoting_a_cited_note_is_not_a_repeat():
    from blogwright.checks.repetition import gate_repetition
    from blogwright.checks.settings import GateConfig
    from blogwright.text.document import parse_markdown

    fact = "Paging only for problems that need a human in the next hour cuts night pages"
    md = (f"# On-call\n\n**TL;DR:** Page less.\n\nOn-call rotations wear people down when every alert pages.\n\n"
          f"## Why It Matters\n\n{fact} [1].\n\n## Wrapping Up\n\nPage for what needs a human now.\n\n"
          f"## References\n\n1. Your notes: “{fact}”\n")
    result = gate_repetition(parse_markdown(md), None, GateConfig())
    assert result.passed and result.value["loops"] == 0, result.findings
    looped = md.replace("## References\n\n1. Your notes:", "## Again\n\n")  # the same copy in the prose is a repeat
    assert not gate_repetition(parse_markdown(looped), None, GateConfig()).passed


def test_near_copies_are_the_later_paragraphs_the_gate_calls_a_loop():
    from blogwright.checks.repetition import near_copies

    first = "ML Ops is the practice of training and deploying machine learning models in production every day."
    copy = "In short, ML Ops is the practice of training and deploying machine learning models in production."
    other = "Evaluation sets grow each time a user reports a wrong answer, and prompts roll back like code."
    assert near_copies([first, other, copy], GateConfig()) == {2}
    assert near_copies([first, other], GateConfig()) == set()
    gate = _gate(f"{first}\n\n{other}\n\n{copy}")
    assert any("with small changes" in f.message for f in gate.findings)  # the gate sees the same loop
