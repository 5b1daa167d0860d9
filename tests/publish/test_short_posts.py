"""A short post (<= 250 words: a title, a TL;DR and a few paragraphs, no `##` headings) is what
`write` makes for a short target, and `publish` holds it to the short shape the structure gate knows."""

from __future__ import annotations

import datetime as dt

import pytest

from blogwright.checks.structure import SHORT_POST_WORDS
from blogwright.core.errors import BadInput
from blogwright.model.post import Post, Section
from blogwright.publish import failed_gates, load_post, publish_post
from blogwright.render import to_markdown

OPENING = ("Composting at home turns kitchen scraps into rich soil for your garden. You need a bin, a "
           "mix of green and brown material, and a little patience while the pile breaks down.")
MIDDLE = ("Put vegetable peels, coffee grounds and fresh grass clippings in with dry leaves, torn "
          "cardboard and straw. Roughly three parts brown to one part green keeps the pile from "
          "smelling sour. Leave out meat, dairy and oily food, which attract pests and rot slowly.")
CLOSE = ("Turn the pile every week or two so air reaches the middle, keep it as damp as a wrung-out "
         "sponge, and your compost will be ready to spread in a few months.")


def short_post(middle: list[str]) -> Post:
    return Post(title="How to Compost at Home", topic="how to compost at home", slug="compost-short",
                date=dt.date(2026, 11, 20), tags=["compost", "garden"],
                description="A short guide to composting kitchen scraps at home.",
                summary="Mix greens and browns, keep the pile damp and airy, and you get free soil.",
                intro=OPENING, sections=[Section(heading="", text=t) for t in middle], conclusion=CLOSE,
                voice="plain-expert", model="fake")


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    (root / "content" / "posts").mkdir(parents=True)
    (root / "hugo.toml").write_text('title = "T"\n')
    return root


def _write(tmp_path, post: Post):
    path = tmp_path / "src" / "short.md"
    path.parent.mkdir(exist_ok=True)
    text = to_markdown(post)
    assert "\n## " not in text  # no headings: the short shape
    path.write_text(text, encoding="utf-8")
    return path


def test_a_short_post_without_headings_passes_the_gates_and_publishes(tmp_path, site):
    path = _write(tmp_path, short_post([MIDDLE]))
    assert short_post([MIDDLE]).body_words < SHORT_POST_WORDS
    assert failed_gates(load_post(path)) == []
    result = publish_post(path, f"hugo:{site}")  # no --force needed
    assert result.action == "written"


def test_a_post_of_two_or_three_paragraphs_with_no_middle_is_short_too(tmp_path):
    assert failed_gates(load_post(_write(tmp_path, short_post([])))) == []


def test_a_long_post_without_headings_still_fails_structure_with_the_template(tmp_path, site, monkeypatch):
    """Held to blogwright's template (`gates.template`); a post that is not ours only gets a warning (issue 25)."""
    import os
    from pathlib import Path

    from blogwright.core import config as core_config

    long_middle = [MIDDLE.replace("Put", f"Step {i}: put") for i in range(1, 6)]
    post = short_post(long_middle)
    assert post.body_words > SHORT_POST_WORDS
    path = _write(tmp_path, post)
    assert "structure" not in failed_gates(load_post(path))
    Path(os.environ["BLOGWRIGHT_CONFIG"]).write_text("gates:\n  template: true\n")
    core_config._load.cache_clear()
    assert "structure" in failed_gates(load_post(path))
    with pytest.raises(BadInput, match="fails blocking quality gates: .*structure"):
        publish_post(path, f"hugo:{site}")


def test_check_without_words_holds_a_short_post_to_the_same_shape(tmp_path):
    from blogwright import api

    short = api.check_file(_write(tmp_path, short_post([MIDDLE])), embeddings=False)
    assert short.gates["structure"].passed and short.gates["length"].passed
    long_post = short_post([MIDDLE] * 6)
    long_post.sections = [Section(heading="", text=f"{MIDDLE} Pile {i} is different.") for i in range(6)]
    assert not api.check_file(_write(tmp_path, long_post), embeddings=False, strict=True).gates["structure"].passed
