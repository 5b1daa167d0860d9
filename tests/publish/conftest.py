"""A real post (rendered by blogwright) that passes the blocking gates, for every publish test."""

from __future__ import annotations

import datetime as dt

import pytest

from blogwright.model.post import Post, Section
from blogwright.render import to_markdown

SECTIONS = [
    ("Why Compost at Home", ("Kitchen scraps make up a large share of household waste. Turning them into "
     "compost keeps them out of landfills, where they would release methane, and gives your garden a "
     "free supply of rich soil that holds water well.")),
    ("What Goes in the Bin", ("Mix green material such as vegetable peels, coffee grounds and fresh grass "
     "with brown material such as dry leaves, cardboard and straw. Aim for roughly three parts brown to "
     "one part green, and leave out meat, dairy and oily food.")),
    ("Keeping the Pile Healthy", ("Turn the pile every week or two so air reaches the middle. It should "
     "feel like a wrung-out sponge: add water when it is dry and more brown material when it smells sour "
     "or looks slimy.")),
]


def make_post(title: str = "How to Compost at Home", slug: str = "how-to-compost-at-home") -> Post:
    return Post(
        title=title, topic="how to compost at home", slug=slug, date=dt.date(2026, 11, 20),
        tags=["compost", "garden"], description="A short guide to composting kitchen scraps at home.",
        summary="Mix greens and browns, keep the pile damp and airy, and you get free soil in months.",
        intro="Composting at home is easier than most people think. You need a bin, some scraps and a "
              "little patience, and the result feeds your garden for years.",
        sections=[Section(heading=h, text=t) for h, t in SECTIONS],
        conclusion="Start small with a single bin, watch the balance of greens and browns, and your "
                   "compost will be ready in a few months.",
        voice="plain-expert", model="fake")


@pytest.fixture
def post_file(tmp_path):
    path = tmp_path / "src" / "2026-11-20-how-to-compost-at-home.md"
    path.parent.mkdir()
    path.write_text(to_markdown(make_post()), encoding="utf-8")
    return path
