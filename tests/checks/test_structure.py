"""Structure gate: title, intro, sections, conclusion, TL;DR, headings, fences, front matter."""

from __future__ import annotations

from blogwright.checks import CheckContext, GateConfig, parse_markdown
from blogwright.checks.structure import gate_structure


def _gate(md, ctx=None, **kw):
    return gate_structure(parse_markdown(md), ctx, GateConfig(**kw))


def _messages(result, severity="error"):
    return [f.message for f in result.findings if f.severity == severity]


def test_good_post_passes_clean(good_post):
    result = _gate(good_post, CheckContext(planned_sections=4))
    assert result.passed and result.findings == [] and result.score == 1.0


def test_blogwright_render_output_passes():
    from blogwright.model.post import Post, Section
    from blogwright.render import to_markdown

    post = Post(title="A Title", topic="t", summary="Short summary.", description="Desc.",
                intro="An intro.", conclusion="Done.",
                sections=[Section(heading=f"Part {i}", text=f"Text {i}.") for i in range(3)])
    result = _gate(to_markdown(post), CheckContext(planned_sections=3))
    assert result.passed, result.findings


def test_seed_plain_text_lacks_everything(seed):
    msgs = _messages(_gate(seed, template=True))  # held to blogwright's template (`check --strict`)
    assert "no title (a `# Title` line)" in msgs
    assert "0 sections, 3 expected" in msgs
    assert any("no conclusion" in m for m in msgs)


def test_fewer_sections_than_planned(good_post):
    assert "4 sections, 6 expected" in _messages(_gate(good_post, CheckContext(planned_sections=6)))


def test_empty_duplicate_and_skipped_headings_and_unclosed_fence():
    md = ("# T\n\nIntro.\n\n## Setup\n\nText.\n\n##\n\n## Setup\n\nMore.\n\n#### Deep\n\nX.\n\n"
          "## Empty\n\n## Code Only\n\n```python\nprint(1)\n```\n\n## Conclusion\n\nBye.\n\n```\nopen")
    result = _gate(md)
    msgs = _messages(result)
    assert not result.passed
    assert "empty heading" in msgs
    assert "duplicate heading 'Setup' (also line 5)" in msgs
    assert "section 'Empty' is empty" in msgs
    assert not any("Code Only" in m for m in msgs)
    assert "code fence opened and never closed" in msgs
    assert "heading level jumps from 2 to 4" in _messages(result, "warning")


def test_front_matter_problems():
    bad_yaml = "---\ntitle: [unclosed\n---\n\n# T\n"
    assert any("not valid YAML" in m for m in _messages(_gate(bad_yaml)))
    long_desc = "---\ntitle: T\ndescription: " + "x" * 170 + "\n---\n\n# T\n"
    warnings = _messages(_gate(long_desc), "warning")
    assert "front matter has no date" in warnings
    assert any("meta description is 170 characters" in m for m in warnings)
    assert _gate("# T\n\nHi.\n").findings[0].severity == "info"  # no front matter: a note
    assert "no front matter" in _messages(_gate("# T\n\nHi.\n", require_front_matter=True))


def test_tldr_forms_and_requirement():
    base = "# T\n\n{}\n\nIntro text.\n\n## A\n\nx.\n\n## B\n\ny.\n\n## C\n\nz.\n\n## Wrapping Up\n\nw.\n"
    for tldr in ("**TL;DR:** Short.", "TL;DR: Short.", "## TL;DR\n\nShort.", "**TLDR**\n\nShort."):
        doc = parse_markdown(base.format(tldr))
        assert doc.tldr == "Short." and doc.intro == "Intro text.", tldr
        assert [f for f in _gate(base.format(tldr)).findings if f.severity != "info"] == []
    no_tldr = base.format("")
    assert "no TL;DR" in _messages(_gate(no_tldr, template=True), "warning")
    assert "no TL;DR" in _messages(_gate(no_tldr), "info")  # someone else's post: a note, not a fault
    assert "no TL;DR" in _messages(_gate(no_tldr, require_tldr=True))
