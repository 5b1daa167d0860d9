"""The document readers on markdown-it tokens (`blogwright.text.document`): what the gates see
(`parse_markdown`) and what the voices and grounding read (`prose_paragraphs`)."""

from __future__ import annotations

from blogwright.checks import parse_markdown as checks_parse
from blogwright.grounding.sources import markdown_text
from blogwright.text.document import Para, parse_markdown, prose_paragraphs
from blogwright.voices.extract import parse_markdown as voices_parse


def _paras(doc):
    return [(p.kind, p.text) for b in doc.blocks for p in b.paragraphs]


def test_checks_and_voices_read_through_the_text_layer():
    assert checks_parse is parse_markdown
    assert voices_parse("# T\n\nHi.") == prose_paragraphs("# T\n\nHi.") == [Para("heading", "T"), Para("para", "Hi.")]


def test_a_list_right_after_a_paragraph_is_its_own_block():
    # the hand-written reader kept "Here's how:\n- one\n- two" as one paragraph of kind "para";
    # CommonMark (and the HTML) says a paragraph and a list
    doc = parse_markdown("# T\n\nHere's how:\n- one\n- two\n")
    assert _paras(doc) == [("para", "Here's how:"), ("list", "- one\n- two")]
    assert doc.blocks[0].paragraphs[1].line == 4


def test_code_inside_lists_and_quotes_is_code_not_prose():
    md = ("# T\n\n## S\n\n- step one\n\n  ```bash\n  pip install x\n\n  # not a heading\n  ```\n\n"
          "- step two\n\n> quoted\n>\n>     indented code\n")
    doc = parse_markdown(md)
    assert doc.code_blocks == 2 and doc.blocks[-1].code == 2
    assert [h.text for h in doc.headings] == ["T", "S"]
    assert _paras(doc) == [("list", "- step one"), ("list", "- step two"), ("quote", "> quoted")]
    assert doc.unclosed_fence_line is None


def test_unclosed_fence_inside_a_list_is_reported():
    doc = parse_markdown("# T\n\n- item\n\n  ```\n  code\n")
    assert doc.unclosed_fence_line == 5 and doc.code_blocks == 1


def test_tldr_forms():
    assert parse_markdown("# T\n\n**TL;DR:**\n\nShort answer.\n\nIntro.").tldr == "Short answer."
    assert parse_markdown("# T\n\n## TL;DR\n\nShort answer.\n\n## A\n\nText.").tldr == "Short answer."
    doc = parse_markdown("# T\n\n**TL;DR:** Short answer.\n\nIntro.")
    assert doc.tldr == "Short answer." and doc.intro == "Intro."


def test_forgiving_kinds():
    doc = parse_markdown("• one\n• two\n\n| no | delimiter row |\n\n<div>html</div>\n\nplain")
    assert [k for k, _ in _paras(doc)] == ["list", "table", "html", "para"]
    comment = parse_markdown("<!--\nfirst\n\nhidden text\n-->\n\nReal.")  # a blank line inside HTML
    assert [k for k, _ in _paras(comment)] == ["html", "html", "para"]


def test_prose_paragraphs():
    md = ("---\ntitle: x\n---\n# Title\n\nHello **there**, see [docs](https://x.io) and `pip`.\n\n"
          "- item one\n  - nested item\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode\n```\n\n"
          "<p>An <em>HTML</em> paragraph.</p>\n\n{{< youtube x >}}\n")
    assert [(p.kind, p.text) for p in prose_paragraphs(md)] == [
        ("heading", "Title"), ("para", "Hello there, see docs and pip."),
        ("list", "item one"), ("list", "nested item"), ("para", "An HTML paragraph.")]
    assert ("table", "1 ; 2") in [(p.kind, p.text) for p in prose_paragraphs(md, tables=True)]


def test_grounding_source_text():
    md = "---\ntitle: x\n---\n# Guide\n\nUse `max-age=60` ([docs](https://x.io)).\n\n## Part\n\n- a\n- b\n"
    assert markdown_text(md) == "# Guide\n\nUse max-age=60 (docs).\n\n# Part\n\na\n\nb"


def test_references_after_the_conclusion_are_back_matter():
    md = ("# T\n\nIntro here.\n\n## One\n\nText one.\n\n## Two\n\nText two.\n\n"
          "## Wrapping Up\n\nThe end.\n\n## References\n\n1. [A](https://a.example)\n")
    doc = parse_markdown(md)
    assert doc.conclusion_heading == "Wrapping Up" and doc.conclusion == "The end."
    assert [h for h, _ in doc.sections] == ["One", "Two"]
    assert [h for h, _ in doc.back_matter] == ["References"]
