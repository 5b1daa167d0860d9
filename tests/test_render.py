import json

import pytest
import yaml

from blogwright.core.errors import BadInput
from blogwright.model.post import Post, Section
from blogwright.render import post_words, render, write_post_file
from blogwright.text.document import reader_words


@pytest.fixture
def post():
    return Post(title='Compost: "Why" & How', topic="composting", slug="compost-why-how", tags=["compost"],
                description="A short guide.", summary="Compost turns scraps into soil.", intro="Hi <there>.",
                sections=[Section(heading="Start", text="Start small.\n\nKeep going.")],
                conclusion="Bye.", voice="plain-expert", model="fake:fake-model")


def test_markdown_front_matter_parses_with_hugo_jekyll_fields(post):
    md = render(post, "md")
    assert md.startswith("---\n")
    fm = yaml.safe_load(md.split("---\n")[1])
    assert {"title", "date", "slug", "tags", "description", "summary", "voice", "model", "words"} <= set(fm)
    assert fm["title"] == post.title and fm["words"] == post_words(post) == reader_words(md)
    assert "## Start" in md and "**TL;DR:** Compost turns scraps into soil." in md


def test_html_escapes_and_json_round_trips(post):
    html = render(post, "html")
    assert "Hi &lt;there&gt;." in html and "<h2>Start</h2>" in html and "<p>Keep going.</p>" in html
    data = json.loads(render(post, "json"))
    assert data["sections"][0]["heading"] == "Start" and data["words"] == post_words(post)


def test_never_overwrites(tmp_path, post):
    first = write_post_file(post, tmp_path)
    first.write_text("user edits")
    second = write_post_file(post, tmp_path)
    assert first != second and first.read_text() == "user edits"
    assert first.name.endswith("compost-why-how.md") and second.name.endswith("compost-why-how-2.md")


def test_unwritable_folder_is_a_clear_error(tmp_path, post):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(BadInput, match="cannot write"):
        write_post_file(post, blocker / "sub")


def test_draft_files_are_marked(tmp_path, post):
    post.complete = False
    path = write_post_file(post, tmp_path, draft=True)
    assert ".draft." in path.name and "draft: true" in path.read_text()
