"""parse_markdown tolerates any Markdown."""

from __future__ import annotations

from blogwright.checks import parse_markdown


def test_blogwright_post(good_post):
    doc = parse_markdown(good_post)
    assert doc.front_matter["title"] == "Keeping Python Dependencies Under Control"
    assert doc.front_matter_error is None
    assert doc.title == "Keeping Python Dependencies Under Control" and doc.title_line == 15
    assert doc.tldr.startswith("Use a virtual environment per project")
    assert doc.intro.startswith("Every Python project")
    assert [h for h, _ in doc.sections] == ["Why Dependencies Break", "One Virtual Environment per "
                                            "Project", "Pin Your Versions", "Keep a Lock File in Git"]
    assert doc.conclusion_heading == "Wrapping Up" and doc.conclusion.startswith("Dependencies")


def test_no_front_matter_setext_headings_and_code():
    md = ("My Title\n========\n\nSome intro with `code`.\n\nFirst Part\n----------\n\n"
          "Text here.\n\n```bash\n# not a heading\npip install x\n```\n\n    indented code\n\n"
          "~~~\n## also not a heading\n~~~\n\nConclusion\n----------\n\nThe end.\n")
    doc = parse_markdown(md)
    assert doc.front_matter is None and not doc.has_front_matter
    assert doc.title == "My Title"
    assert doc.sections == [("First Part", "Text here.")]
    assert doc.conclusion == "The end." and doc.code_blocks == 3
    assert [h.text for h in doc.headings] == ["My Title", "First Part", "Conclusion"]


def test_thematic_break_list_and_no_title():
    md = "Intro line.\n\n---\n\n- item one\n- item two\n\n### Sub\n\nBody.\n"
    doc = parse_markdown(md)
    assert doc.title == "" and doc.section_level == 3
    assert doc.intro == "Intro line.\n\n- item one\n- item two"
    assert doc.blocks[0].paragraphs[1].kind == "list"
    assert doc.sections == [("Sub", "Body.")]


def test_front_matter_title_used_when_no_h1_and_bad_yaml_reported():
    doc = parse_markdown("---\ntitle: From FM\n---\n\n## A\n\nText.\n")
    assert doc.title == "From FM" and doc.sections == [("A", "Text.")]
    bad = parse_markdown("---\ntitle: [oops\n---\n\n# T\n")
    assert bad.front_matter is None and "not valid YAML" in bad.front_matter_error
    toml = parse_markdown("+++\ntitle = 'x'\n+++\n\n# T\n")
    assert toml.has_front_matter and toml.title == "T"


def test_h3_inside_sections_and_closing_hashes():
    doc = parse_markdown("# T ##\n\nIntro.\n\n## A ##\n\nOne.\n\n### A.1\n\nTwo.\n")
    assert doc.title == "T" and doc.sections == [("A", "One.\n\nTwo.")]


def test_unclosed_fence_and_crlf():
    doc = parse_markdown("# T\r\n\r\nIntro.\r\n\r\n```\r\ncode")
    assert doc.intro == "Intro." and doc.unclosed_fence_line == 5


def test_empty_text():
    doc = parse_markdown("")
    assert doc.title == "" and doc.sections == [] and doc.intro == ""
