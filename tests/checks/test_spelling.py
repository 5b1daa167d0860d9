"""Glued words and misspellings: the seed's glitch is found and split, normal prose is clean."""

from __future__ import annotations

import pytest

from blogwright.checks import CheckContext, GateConfig, check_markdown, parse_markdown, split_glued
from blogwright.checks.spelling import check_word, doubled_words, gate_glued, gate_spelling, scan


def _glued(text, ctx=None):
    return gate_glued(parse_markdown(text), ctx, GateConfig())


def test_seed_glued_word_found_with_suggestion(seed):
    result = _glued(seed)
    assert not result.passed
    errors = [f for f in result.findings if f.severity == "error"]
    assert len(errors) == 1
    assert "We'rejoviallooking" in errors[0].message
    assert errors[0].suggestion == "We're jovial looking"
    assert errors[0].location.startswith("intro")


def test_seed_split_glued_repairs_only_the_glitch(seed):
    fixed, fixes = split_glued(seed)
    assert fixes == [("We'rejoviallooking", "We're jovial looking")]
    assert "We're jovial looking forward to amazing you!" in fixed
    assert fixed.replace("We're jovial looking", "We'rejoviallooking") == seed


def test_normal_prose_has_zero_glued_findings(prose, good_post):
    for text in (prose, good_post):
        result = _glued(text)
        assert result.passed and result.findings == []
        assert [i for i in scan(text) if i.kind != "misspelled"] == []
        assert split_glued(text) == (text, [])


def test_normal_prose_has_no_misspellings(prose, good_post):
    for text in (prose, good_post):
        result = gate_spelling(parse_markdown(text), None, GateConfig())
        assert result.passed and result.findings == []


MORE_PROSE = """\
It's a well-known fact that Dr. Okonkwo's students didn't enjoy the semester's first lab. They'd
expected hands-on work; instead they spent two weeks re-reading the safety manual. Still, nobody
complained to the dean, and by mid-October the teams were building low-cost sensors, logging
temperatures every five minutes and sharing spreadsheets over e-mail. The results weren't perfect,
but they're good enough to publish, and the department's newsletter has already asked for photos.
Some of the students' notebooks, e.g. Ana's and Jürgen's, are now in the library's archive."""


def test_more_prose_is_clean():
    assert [i for i in scan(MORE_PROSE) if i.kind != "misspelled"] == []


@pytest.mark.parametrize("word,suggestion", [
    ("modelsare", "models are"), ("forwardto", "forward to"), ("ofthe", "of the"),
    ("alot", "a lot"), ("it'sgreat", "it's great"), ("Thedatasetis", None),
])
def test_glued_examples(word, suggestion):
    issue = check_word(word, set())
    if suggestion is None:
        assert issue is not None
    else:
        assert issue is not None and issue.kind == "glued" and issue.suggestion == suggestion


@pytest.mark.parametrize("word", [
    "don't", "won't", "can't", "isn't", "we're", "they'll", "o'clock", "preprocessing",
    "productionizing", "datasets", "rollout", "screenshotting", "favorite", "analyzing", "eh",
])
def test_ordinary_words_are_not_flagged(word):
    assert check_word(word, set()) is None


def test_two_content_words_are_only_a_warning():
    issue = check_word("forwardlooking", set())
    assert issue.kind == "compound" and issue.suggestion == "forward looking"
    result = _glued("We stay forwardlooking about it.")
    assert result.passed and result.findings[0].severity == "warning"


def test_skips_code_urls_acronyms_camelcase_names_and_brief_words():
    text = ("Run `pip installfoo` and see https://example.com/thisisglued or `modelsare`.\n\n"
            "```\nmodelsare = gluedwords()\n```\n\n"
            "Our LLMs, GitHub and PyTorch are fine, as is Mr. Wojciechowski. Try snorkelbot today.")
    issues = scan(text, {"snorkelbot"})
    assert issues == []
    ctx = CheckContext(topic="Snorkelbot for beginners")
    assert _glued(text, ctx).findings == []


def test_allow_list_and_config_allow_words():
    assert check_word("timeboxed", set()) is None  # inflection of a listed word
    assert check_word("modelsare", {"modelsare"}) is None
    cfg = GateConfig(allow_words=["Modelsare"])
    assert gate_glued(parse_markdown("The modelsare here."), None, cfg).passed


def test_misspelling_is_a_warning_with_a_suggestion():
    result = gate_spelling(parse_markdown("The modle will recieve the data today, and that is it."),
                           None, GateConfig(max_misspelled_ratio=0.5))
    assert result.passed
    msgs = {f.message: f.suggestion for f in result.findings}
    assert "did you mean 'model'?" in msgs["unknown word 'modle'"]
    assert result.value["misspelled"] == 2


def test_many_misspellings_fail_the_spelling_gate():
    result = gate_spelling(parse_markdown("Thsi sentnce is fulll of errros."), None, GateConfig())
    assert not result.passed and result.value["ratio"] > 0.5


def test_doubled_words(seed):
    assert doubled_words(seed) == ["my My"]
    assert doubled_words("He had had enough, and that that was it.") == []


def test_glued_word_location_has_heading_and_line():
    md = "# T\n\nIntro here.\n\n## Setup\n\nFirst line is fine.\nSecond line has modelsare in it.\n"
    report = check_markdown(md, config=GateConfig(embeddings=False))
    f = [f for f in report.findings if f.gate == "glued"][0]
    assert f.location == "## Setup, line 8"
