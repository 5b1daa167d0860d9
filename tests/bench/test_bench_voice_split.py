"""The split rule of bench.voice's writers (issue 24): held-out posts of at least 5,000 words, newest first."""

import re

from bench.voice import SOURCES, WRITERS, prose
from bench.voice_split import HELDOUT_WORDS, LEARN_POSTS, Post, excluded, fence_header, split


def _posts(*words: int) -> list[Post]:
    """Posts of these word counts, newest first (2026-01-30, 2026-01-29, ...)."""
    return [Post(f"2026-01-{30 - i:02d}", w, f"p{i}.md") for i, w in enumerate(words)]


def test_heldout_takes_the_newest_posts_until_5000_words():
    heldout, learn = split(_posts(1500, 1500, 1500, 1500, 2000, 2000, 2000, 2000, 900))
    assert [p.path for p in heldout] == ["p0.md", "p1.md", "p2.md", "p3.md"]  # 6,000 words; 3 posts were 4,500
    assert [p.path for p in learn] == ["p4.md", "p5.md", "p6.md"] + ["p7.md"] and sum(p.words for p in learn) == 8000
    assert HELDOUT_WORDS == 5000


def test_learn_keeps_four_posts_when_the_writer_has_few():
    heldout, learn = split(_posts(600, 600, 600, 600, 600, 600, 600))  # 7 posts, 4,200 words
    assert len(heldout) == 3 and len(learn) == LEARN_POSTS


def test_short_excluded_and_undated_order_ignored():
    posts = [Post("2025-01-01", 3000, "old.md"), Post("2026-05-01", 300, "short.md"),
             Post("2026-04-01", 6000, "adult.md", True), *_posts(2600, 2600, 1000, 1000, 1000, 2500)]
    heldout, learn = split(posts)
    assert [p.path for p in heldout] == ["p0.md", "p1.md"]
    assert [p.path for p in learn] == ["p2.md", "p3.md", "p4.md", "p5.md"]  # 5,500 words: old.md not needed


def test_exclusion_counts_whole_words_and_fence():
    assert excluded("Sex and more sexual content") and not excluded("Sussex sexagesimal, one mention of sex")
    assert fence_header("Title: X\ndate: 2013\n\nBody.\n") == "---\nTitle: X\ndate: 2013\n---\n\nBody.\n"


def test_committed_writers_follow_the_rule():
    """Every writer's held-out part: 2+ posts of 5,000+ words (or all but the 4 posts learned), all newer than learn/."""
    date = re.compile(r"\d{4}-\d{2}-\d{2}")
    writers = sorted(p for p in WRITERS.iterdir() if (p / "heldout").is_dir())
    assert [w.name for w in writers] == sorted(SOURCES)
    for w in writers:
        held, learn = sorted((w / "heldout").iterdir()), sorted((w / "learn").iterdir())
        words = sum(len(prose(f).split()) for f in held)
        assert len(held) >= 2 and len(learn) >= LEARN_POSTS, w.name
        assert words >= HELDOUT_WORDS or len(learn) == LEARN_POSTS, (w.name, words)
        assert min(date.search(f.name).group(0) for f in held) >= max(date.search(f.name).group(0) for f in learn), w.name
