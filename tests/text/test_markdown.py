"""The one Markdown renderer (`blogwright.text.markdown`): golden HTML for every construct a post
uses, the unsafe inputs, and a property test that parsing then rendering keeps a post's headings,
paragraph text and links. The HTML export (`render`) and the WordPress body use this renderer."""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blogwright.model.post import CONCLUSION_HEADING, Post, Section
from blogwright.publish.wordpress import markdown_to_html
from blogwright.render import render, to_markdown
from blogwright.text.document import parse_markdown
from blogwright.text.markdown import inline_html, plain_text, safe_url, to_html

GOLDEN = [
    ("emphasis", "Some **bold**, *italic* and _also italic_ text.",
     "<p>Some <strong>bold</strong>, <em>italic</em> and <em>also italic</em> text.</p>"),
    ("link", 'A [link](https://example.com/a?b=1&c=2 "Title").',
     '<p>A <a href="https://example.com/a?b=1&amp;c=2" title="Title">link</a>.</p>'),
    ("nested list", "- one\n  - one.a\n  - one.b\n- two\n  1. two.1\n",
     "<ul>\n<li>one\n<ul>\n<li>one.a</li>\n<li>one.b</li>\n</ul>\n</li>\n<li>two\n<ol>\n<li>two.1</li>\n</ol>\n</li>\n</ul>"),
    ("code block with blank lines", "```python\ndef f():\n    return 1\n\n\nprint(f())\n```\n",
     '<pre><code class="language-python">def f():\n    return 1\n\n\nprint(f())\n</code></pre>'),
    ("block quote", "> quoted **text**\n>\n> second para\n",
     "<blockquote>\n<p>quoted <strong>text</strong></p>\n<p>second para</p>\n</blockquote>"),
    ("table", "| Name | Value |\n|------|-------|\n| a | `1` |\n",
     "<table>\n<thead>\n<tr>\n<th>Name</th>\n<th>Value</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>a</td>\n"
     "<td><code>1</code></td>\n</tr>\n</tbody>\n</table>"),
    ("image", '![A cat](img/cat.png "Cat")', '<p><img src="img/cat.png" alt="A cat" title="Cat" /></p>'),
    ("heading and strikethrough", "## Why *it* works\n\n~~old~~ new",
     "<h2>Why <em>it</em> works</h2>\n<p><s>old</s> new</p>"),
    # the awkward cases
    ("javascript: link dropped, text kept", "[click](javascript:alert(1)) and [x](JaVaScRiPt:alert(1)) ok",
     "<p>click and x ok</p>"),
    ("hidden javascript: schemes dropped", "[a](java%73cript:x) [b](java&#x09;script:x) [c](vbscript:x) "
     "[d](data:text/html;base64,PHNjcmlwdD4=) [e](file:///etc/passwd)", "<p>a b c d e</p>"),
    ("javascript: image becomes its alt text", "![a picture](javascript:alert(1))", "<p>a picture</p>"),
    ("data: image kept", "![dot](data:image/png;base64,iVBORw0KGgo=)",
     '<p><img src="data:image/png;base64,iVBORw0KGgo=" alt="dot" /></p>'),
    ("quote in a URL is encoded", '[q](https://example.com/"onmouseover="alert(1))',
     '<p><a href="https://example.com/%22onmouseover=%22alert(1)">q</a></p>'),
    ("quote in a title is escaped", '[t](https://e.com "a &quot; b")', '<p><a href="https://e.com" title="a &quot; b">t</a></p>'),
    ("raw script escaped", "<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
    ("inline HTML escaped", 'Hi <b onclick="x">there</b>.', "<p>Hi &lt;b onclick=&quot;x&quot;&gt;there&lt;/b&gt;.</p>"),
    ("relative links and anchors kept", "[a](/docs/) [b](#top) [c](mailto:me@example.com)",
     '<p><a href="/docs/">a</a> <a href="#top">b</a> <a href="mailto:me@example.com">c</a></p>'),
]


@pytest.mark.parametrize("name,md,expected", GOLDEN, ids=[g[0] for g in GOLDEN])
def test_golden(name, md, expected):
    assert to_html(md).strip() == expected
    assert markdown_to_html(md) == expected  # WordPress gets the same HTML


def test_code_block_with_blank_line_stays_one_pre():
    out = to_html("Before.\n\n```\nline one\n\nline two\n```\n\nAfter.")
    assert out.count("<pre>") == 1 and "line one\n\nline two" in out and "<p>line two" not in out


def test_safe_url():
    assert safe_url("https://x.io") and safe_url("/a/b") and safe_url("#x") and safe_url("page.html")
    assert not safe_url(" javascript:x") and not safe_url("\x00javascript:x") and not safe_url("data:image/png;base64,x")
    assert safe_url("data:image/png;base64,x", image=True) and not safe_url("data:image/svg+xml,<svg>", image=True)


def test_inline_html_has_no_paragraph():
    assert inline_html("**Short** [answer](https://a.io)") == '<strong>Short</strong> <a href="https://a.io">answer</a>'
    assert inline_html("") == ""


def _post(**kw) -> Post:
    base = dict(title='Compost: "Why" & How', topic="composting", summary="Greens **and** browns.",
                intro="Hi <there>.", conclusion="Bye.")
    return Post(**{**base, **kw})


def test_html_export_renders_markdown_in_every_part():
    post = _post(sections=[Section(heading="The `bin`", text=(
        "Use **dry leaves** and [a guide](https://example.com/guide).\n\n- greens\n  - peels\n- browns\n\n"
        "```\nturn()\n\nwait()\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |"))],
        references_md="## References\n\n1. A book (book.md): “quote”\n")
    page = render(post, "html")
    assert "<h1>Compost: &quot;Why&quot; &amp; How</h1>" in page
    assert '<p class="tldr"><strong>TL;DR:</strong> Greens <strong>and</strong> browns.</p>' in page
    assert "<p>Hi &lt;there&gt;.</p>" in page and "<h2>The <code>bin</code></h2>" in page
    assert '<strong>dry leaves</strong> and <a href="https://example.com/guide">a guide</a>' in page
    assert "<li>greens\n<ul>\n<li>peels</li>" in page and "<pre><code>turn()\n\nwait()\n</code></pre>" in page
    assert "<td>1</td>" in page and f"<h2>{CONCLUSION_HEADING}</h2>\n<p>Bye.</p>" in page
    assert '<h2 id="references">References</h2>\n<ol>\n<li>A book (book.md): “quote”</li>' in page
    assert "**" not in page


def test_html_export_drops_javascript_links():
    page = render(_post(intro="[x](javascript:alert(1)) <script>alert(1)</script>"), "html")
    assert "javascript:" not in page and "<script>alert" not in page


def test_plain_text_strips_markup():
    md = ("> **Bold** and *italic* with `code`, a [link](https://x.io/a_(b)) and ![alt](i.png).\n"
          "- item <b>html</b> https://example.com/x &amp; me@example.com {{< shortcode >}}")
    assert [" ".join(line.split()) for line in plain_text(md).split("\n")] == [
        "Bold and italic with , a link and alt.", "item html &"]
    assert plain_text("Use `pip` now", code=True) == "Use pip now"
    assert plain_text("| a | b |\n|---|---|\n| 1 | 2 |") == "a ; b\n1 ; 2"
    assert plain_text("1. first", blocks=False) == "1. first" and plain_text("1. first") == "first"


# ---- property: parse then render keeps headings, paragraph text and links ---------------------

_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéüßçñøЖж"
_word = st.text(_LETTERS + "0123456789", min_size=1, max_size=8)
_punct = st.sampled_from(["", ",", ".", "?", "'", '"', "&", "<", ">", "(", ")"])
_first = st.text(_LETTERS, min_size=1, max_size=8)  # a block never starts with "1." or "<"
_url = st.builds(lambda path, q: f"https://example.com/{path}" + (f"?q={q}" if q else ""),
                 st.text("abcxyz0123-._~/'\"*+,;:@", max_size=12), st.text("abc12\"'&=", max_size=6))


@st.composite
def _words(draw, min_size=1, max_size=6) -> str:
    words = draw(st.lists(st.tuples(_word, _punct), min_size=min_size, max_size=max_size))
    return " ".join([draw(_first)] + [w + p for w, p in words])


@st.composite
def _paragraph(draw) -> tuple[str, str, list[str]]:
    """(Markdown, the text a reader sees, link URLs)"""
    md, seen, urls = [draw(_words())], [], []
    seen.append(md[0])
    for _ in range(draw(st.integers(0, 3))):
        text, url, after = draw(_words(max_size=2)), draw(_url), draw(_words(max_size=3))
        md.append(f"[{text}]({url}) {after}")
        seen.append(f"{text} {after}")
        urls.append(url)
    return " ".join(md), " ".join(seen), urls


def _visible(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _hrefs(fragment: str) -> list[str]:
    return [unquote(html.unescape(h)) for h in re.findall(r'href="([^"]*)"', fragment)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_words(), sections=st.lists(st.tuples(_words(max_size=4), st.lists(_paragraph(), min_size=1, max_size=3)),
                                         min_size=1, max_size=4))
def test_parse_then_render_keeps_headings_paragraphs_and_links(title, sections):
    post = Post(title=title, topic="t", intro="An intro.", conclusion="The end.",
                sections=[Section(heading=h, text="\n\n".join(p[0] for p in ps)) for h, ps in sections])
    doc = parse_markdown(to_markdown(post))
    assert doc.title == title
    assert [h.text for h in doc.headings[1:]] == [h for h, _ in sections] + [CONCLUSION_HEADING]
    body = [b for b in doc.blocks if b.heading is not None]
    assert len(body) == len(sections) + 1
    for block, (_, paras) in zip(body, sections):
        assert [p.text for p in block.paragraphs] == [p[0] for p in paras]
        for para, (_, seen, urls) in zip(block.paragraphs, paras):
            out = to_html(para.text)
            assert _visible(out) == " ".join(seen.split())
            assert _hrefs(out) == urls
    page = render(post, "html")
    assert _visible(page).count(" ".join(title.split())) >= 1
    for heading, paras in sections:
        assert f"<h2>{inline_html(heading)}</h2>" in page
        for _, seen, urls in paras:
            assert " ".join(seen.split()) in _visible(page)
            for url in urls:
                assert url in _hrefs(page)
