"""Text helpers: Markdown to plain prose, masking code, sentence endings."""

from __future__ import annotations

import pytest

from blogwright.checks import GateConfig, check_section
from blogwright.checks.prose import ends_sentence, mask, plain


def test_plain_strips_markup():
    md = ("> **Bold** and *italic* with `code`, a [link](https://x.io/a_(b)) and ![alt](i.png).\n"
          "- item <b>html</b> https://example.com/x")
    assert plain(md) == "Bold and italic with  , a link and alt.\nitem  html"


def test_mask_keeps_offsets():
    text = "See `modelsare` at https://a.io/x and <br> here.\n```\ncode\n```\nend"
    masked = mask(text)
    assert len(masked) == len(text) and masked.count("\n") == text.count("\n")
    assert "modelsare" not in masked and "https" not in masked and "code" not in masked
    assert masked.endswith("end") and "<br>" in mask(text, html=False)


@pytest.mark.parametrize("text,done", [
    ("Done.", True), ("Done!)", True), ("Done 🚀", False), ("Done! 🚀", True), ("Done:", False),
    ("ends with a", False), ("", False), ("Version 3.", True), ("LLMs.1", False),
])
def test_ends_sentence(text, done):
    assert ends_sentence(text) is done


def test_check_section_on_the_seed_line(seed):
    line = [ln for ln in seed.splitlines() if "jovial" in ln][0]
    report = check_section(line, "Why It Matters", config=GateConfig(embeddings=False))
    assert report.failed == ["glued"]
    (f,) = [f for f in report.findings if f.gate == "glued"]
    assert f.suggestion == "We're jovial looking" and f.location == "## Why It Matters, line 1"
