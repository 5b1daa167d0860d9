"""Leaks: chat tokens, echoed prompt labels, meta-talk, clichés, unfinished endings."""

from __future__ import annotations

import pytest

from blogwright.checks import GateConfig, complete_ending, parse_markdown
from blogwright.checks.leaks import gate_leaks, unfinished


def _gate(md):
    return gate_leaks(parse_markdown(md), None, GateConfig())


def _errors(result):
    return [f.message for f in result.findings if f.severity == "error"]


def test_clean_texts_pass(good_post, prose, seed):
    for text in (good_post, prose, seed):
        result = _gate(text)
        assert result.passed and result.findings == [], result.findings


@pytest.mark.parametrize("leak", [
    "<|im_start|>assistant", "<|endoftext|>", "[INST] write it [/INST]", "assistant",
    "<|im_end|>", "</s>",
])
def test_chat_tokens(leak):
    result = _gate(f"# T\n\nA fine intro.\n\n{leak}\n\nMore text here.\n")
    assert not result.passed and result.value["tokens"] >= 1


@pytest.mark.parametrize("text", [
    "Topic: LLM Ops. It is new.", "Point to explain: why pins help. Pins help.",
    "Write 90 words explaining pins. Pins help.", "Explain in 3 sentences for a beginner: pins.",
])
def test_echoed_prompt_labels(text):
    result = _gate(text)
    assert result.value["labels"] >= 1 and not result.passed


@pytest.mark.parametrize("text", [
    "Here's a revised version of the paragraph. Pins help.", "I'm glad to help with that. Pins help.",
    "As an AI language model, I think pins help.", "Sure! Pins help a lot.",
    "Pins help. I hope this helps!", "Pins help. Let me know if you want more.",
])
def test_meta_talk(text):
    result = _gate(text)
    assert result.value["meta"] >= 1 and not result.passed


def test_cliches_are_warnings_only():
    result = _gate("In today's fast-paced world, we delve into pins. Pins are a game-changer.")
    assert result.passed and result.value["cliches"] == 3
    assert {f.severity for f in result.findings} == {"warning"}
    assert result.score < 1


def test_code_blocks_are_not_leaks():
    md = "# T\n\nThe template looks like this:\n\n```\n<|im_start|>user\nTopic: x\n```\n\nDone.\n"
    assert _gate(md).passed


def test_unfinished_section_and_post():
    md = ("# T\n\nIntro is fine.\n\n## A\n\nThis section stops in the middle of a\n\n"
          "## B\n\n- a list\n- ends without dots\n\n## Wrapping Up\n\nAll done here. And then the")
    result = _gate(md)
    msgs = _errors(result)
    assert result.value["unfinished"] == 2
    assert "unfinished sentence: 'This section stops in the middle of a'" in msgs
    assert [f.location for f in result.findings] == ["## A", "## Wrapping Up"]


@pytest.mark.parametrize("text", ["Done.", "Really?", 'He said "go."', "Happy coding! 🚀",
                                  "(See the docs.)", "It works…", "**Bold end.**"])
def test_finished_endings(text):
    assert unfinished(text) is None


def test_complete_ending():
    assert complete_ending("One sentence here. Two sentences there. And then the model") == \
        "One sentence here. Two sentences there."
    assert complete_ending("First para ends.\n\nSecond para stops mid") == "First para ends."
    assert complete_ending("No full sentence at all") == "No full sentence at all"
    assert complete_ending("Finished already.") == "Finished already."
    assert complete_ending("Use tools, e.g. the model is being") == "Use tools, e.g. the model is being"
    assert complete_ending("Dr. Smith left. Then Mr. Jones stopped by to") == "Dr. Smith left."


def test_label_debris_in_body_and_front_matter():
    md = ("---\ntitle: T\ndate: 2025-01-01\ndescription: 'LIMITED OF THE WORLD: 3.'\n---\n\n# T\n\n"
          "Say no more. LIMITED OF THE WORLD: 3. The rest is fine.\n\nHere's how:\n\n- one\n")
    result = _gate(md)
    assert not result.passed
    assert [(f.message, f.location) for f in result.findings] == [
        ("label debris: 'LIMITED OF THE WORLD: 3.'", "front matter description"),
        ("label debris: 'LIMITED OF THE WORLD: 3.'", "intro, paragraph 1")]
