"""Reading posts: Markdown, HTML and text into prose paragraphs; what is skipped and why."""

from pathlib import Path

import pytest

from blogwright.core.errors import BadInput
from blogwright.voices.extract import parse_html, parse_markdown, read_corpus

SEED = Path(__file__).parents[1] / "checks" / "data" / "seed_glued.txt"  # a copy of shared/seeds/000_...txt

MD = """---
title: x
tags: [a]
---
# My Post

Hello **there**, this is [a link](http://x.com) and `code`.
Second line of the same paragraph.

```python
print("never prose")
```

    indented = "code"

- item one
- item two
  continued

> somebody else's words

| a | b |
|---|---|
| 1 | 2 |

Another heading
---------------

Final words! <b>bold</b> {{< shortcode >}} <!-- hidden -->
"""


def test_markdown_keeps_prose_and_drops_code_front_matter_tables():
    paras = [(p.kind, p.text) for p in parse_markdown(MD)]
    assert paras == [
        ("heading", "My Post"),
        ("para", "Hello there, this is a link and code. Second line of the same paragraph."),
        ("list", "item one"), ("list", "item two continued"),
        ("quote", "somebody else's words"),
        ("heading", "Another heading"),
        ("para", "Final words! bold"),
    ]


def test_html_reads_the_article_and_skips_page_furniture():
    html = """<!doctype html><html><head><title>T</title><style>p{}</style></head><body>
    <nav><a href="/">Home</a></nav><div class="sidebar">Subscribe now</div>
    <article><h1>Title here</h1><p>First para with <em>emphasis</em> &amp; a<br>line break.</p>
    <pre><code>x = 1</code></pre><ul><li>one</li><li>two</li></ul><script>var a;</script><p>Last one.</p></article>
    <footer>copyright</footer></body></html>"""
    assert [(p.kind, p.text) for p in parse_html(html)] == [
        ("heading", "Title here"), ("para", "First para with emphasis & a line break."),
        ("list", "one"), ("list", "two"), ("para", "Last one.")]


def test_plain_text_with_one_paragraph_per_line():
    paras = parse_markdown(SEED.read_text(encoding="utf-8"))
    assert len(paras) == 14 and paras[2].text.startswith("You're looking for the inside scoop")


def test_folder_walk_skips_binary_hidden_and_non_posts(tmp_path):
    root = tmp_path / "blog"
    (root / "posts").mkdir(parents=True)
    (root / "posts" / "a.md").write_text("# A\n\nSome words here.\n")
    (root / "posts" / "b.html").write_text("<p>Other words there.</p>")
    (root / "posts" / "copy.txt").write_text("Some words here.\n")  # same prose as a.md
    (root / "img.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (root / "data.bin2").write_bytes(b"abc\x00def")
    (root / "script.py").write_text("print('hi')\n")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: main\n")
    docs, notes = read_corpus([root])
    assert [d.source for d in docs] == ["blog/posts/a.md", "blog/posts/b.html"]
    text = "\n".join(notes)
    assert "img.png: binary" in text and "data.bin2" in text and "script.py: not a post" in text
    assert "copy.txt: same text" in text and ".git" not in text


def test_missing_and_empty_inputs(tmp_path):
    with pytest.raises(BadInput, match="no such file"):
        read_corpus([tmp_path / "nope"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(BadInput, match="is empty"):
        read_corpus([tmp_path / "empty"])


def test_broken_markup_does_not_crash_the_reader():
    # the shared parser (grounding.htmltext.html_blocks) survives markup html.parser gives up on
    paras = parse_html("<html><body><article><p>Compost works well for small gardens.</p><![foo bar]></article>")
    assert paras and paras[0].text == "Compost works well for small gardens."
