"""Issue 25, item 5: citations are links wherever a post is rendered (the Markdown file that Hugo and
Jekyll publish, the HTML export, WordPress, the web page), and the References list names its source in
words a reader understands; the web page renders the list as Markdown, not a raw block."""

from __future__ import annotations

from blogwright.grounding.cite import Reference, references_markdown
from blogwright.grounding.sources import NOTES_ID
from blogwright.model.post import Post, Section
from blogwright.publish import load_post
from blogwright.publish.static import plan_hugo, plan_jekyll
from blogwright.publish.wordpress import markdown_to_html
from blogwright.render import render, write_post_file
from blogwright.text.citations import link_citations

REFS = references_markdown([
    Reference(n=1, title="your notes", location="", excerpt="WAL lets readers and a writer work at once.", source_id=NOTES_ID),
    Reference(n=2, title="SQLite docs", location="https://sqlite.org/wal.html", excerpt="WAL is faster.",
              source_id="s1", heading="Overview"),
    Reference(n=3, title="My notes file", location="/home/me/notes/sqlite.md", excerpt="Use WAL.", source_id="s2")])


def _post() -> Post:
    return Post(title="SQLite WAL Mode", topic="SQLite WAL mode", summary="Turn it on.", intro="WAL helps [1].",
                sections=[Section(heading="Why", text="Readers do not wait [2]. Keep `arr[1]` as code [3].")],
                conclusion="That is WAL.", references_md=REFS, slug="sqlite-wal-mode")


def test_the_references_name_their_source_in_words_a_reader_understands():
    assert "Your notes" not in REFS
    assert "1. The author's own notes: “WAL lets readers" in REFS
    assert "2. [SQLite docs](https://sqlite.org/wal.html), Overview: “WAL is faster.”" in REFS  # a link
    assert "3. My notes file (sqlite.md): “Use WAL.”" in REFS and "/home/me" not in REFS


def test_markdown_citations_are_links_to_the_list():
    md = render(_post(), "md")
    assert "WAL helps [[1]](#references)." in md and "wait [[2]](#references)." in md
    assert "`arr[1]`" in md  # code is left alone
    assert link_citations(md) == md  # linking twice changes nothing
    assert link_citations("No list here [1].") == "No list here [1]."


def test_html_export_links_citations_to_an_anchored_list():
    page = render(_post(), "html")
    assert '<a href="#references">[1]</a>' in page and '<a href="#references">[3]</a>' in page
    assert '<h2 id="references">References</h2>' in page


def test_hugo_jekyll_and_wordpress_get_links(tmp_path):
    hugo, jekyll = tmp_path / "hugo", tmp_path / "jekyll"
    (hugo / "content").mkdir(parents=True)
    (hugo / "hugo.toml").write_text('title = "t"\n')
    jekyll.mkdir()
    (jekyll / "_config.yml").write_text("title: t\n")
    path = write_post_file(_post(), tmp_path)
    post = load_post(path)
    for plan in (plan_hugo(post, hugo, live=True), plan_jekyll(post, jekyll, live=True)):
        body = plan.files[plan.main]
        assert "[[2]](#references)" in body and "## References" in body
    # an older file or a hand-written post with plain [n] markers is linked when published
    plain = path.read_text().replace("[[2]](#references)", "[2]")
    html = markdown_to_html(plain.split("---", 2)[2])
    assert '<a href="#references">[2]</a>' in html and '<h2 id="references">References</h2>' in html
