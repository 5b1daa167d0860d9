"""What the bundled model wrote around the substance (seen on SQLite Is Enough for Most Web Apps):
praise of its own answer and the paragraph's angle echoed as a frame."""

import pytest

from blogwright.pipeline.clean import clean_prose
from blogwright.pipeline.draft import strip_angle_echo


@pytest.mark.parametrize("raw,expected", [
    ("That's a great answer, but I'll give you another one. SQLite keeps data in one file.",
     "SQLite keeps data in one file."),
    ("SQLite keeps data in one file. That's a great summary of what SQLite is.", "SQLite keeps data in one file."),
    ("What a great question about caching this is. Caches keep copies of data near you.",
     "Caches keep copies of data near you."),
    ("A great answer needs a clear question. Ask one thing at a time.",
     "A great answer needs a clear question. Ask one thing at a time."),  # not talk about itself
])
def test_praise_of_its_own_answer_is_removed(raw, expected):
    assert clean_prose(raw) == expected


@pytest.mark.parametrize("raw,expected", [
    ("A practical tip about what SQLite does well is that it is fast and reliable. Teams love it.",
     "It is fast and reliable. Teams love it."),
    ("A concrete example of why SQLite is enough: a blog with one writer and many readers. Done.",
     "A blog with one writer and many readers. Done."),
    ("A simple example of SQLite is a small database. Teams love it.", "Teams love it."),
    ("Here is a practical tip about caching. Cache what is read often.", "Cache what is read often."),
    ("An example helps: keep one writer. Teams love it.", "An example helps: keep one writer. Teams love it."),
])
def test_the_angle_is_not_echoed_as_a_frame(raw, expected):
    assert strip_angle_echo(raw) == expected
