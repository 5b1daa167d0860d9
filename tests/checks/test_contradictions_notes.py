"""Contradictions against a new user's WAL notes: a copy of one note is judged against that note
only, citation markers are not numbers, numbers count the same thing, and two paraphrases that
flip a note (many writers, "the default") are caught."""

from __future__ import annotations

import pytest

from blogwright.checks import CheckContext
from blogwright.checks.substance_facts import contradiction_problems, flip, near_copy

NOTES = [
    "WAL mode is turned on with PRAGMA journal_mode=WAL; and the setting persists in the database file.",
    "In WAL mode, readers do not block the writer and the writer does not block readers.",
    "SQLite still allows only one writer at a time, even in WAL mode.",
    "WAL mode creates two extra files next to the database: a -wal file and a -shm file.",
    "A checkpoint copies pages from the -wal file back into the main database; by default it runs "
    "automatically when the WAL reaches 1000 pages.",
    "WAL mode does not work on network file systems such as NFS.",
]
CTX = CheckContext(topic="Notes on SQLite WAL Mode: When to Turn It on", notes=NOTES)


@pytest.mark.parametrize("sentence", [
    "WAL mode is turned on with PRAGMA journal_mode=WAL; and the setting persists in the database file [1].",
    "SQLite still allows only one writer at a time, even in WAL mode [3].",
    "A checkpoint copies pages from the -wal file back into the main database; by default it runs "
    "automatically when the WAL reaches 1000 pages [2].",
    "By default, a checkpoint runs automatically once the WAL reaches 1000 pages.",
    "Multiple readers can keep reading while the writer writes.",
    "Many users can read the database while one user writes to it.",
    "WAL mode is not the default, so you turn it on with PRAGMA journal_mode=WAL.",
    "The default journal mode is DELETE, so WAL has to be turned on with a PRAGMA.",
    "The -wal file sits next to the 1 database file you already had.",
    "It enables multiple users to access data concurrently.",
])
def test_agreeing_sentences_pass(sentence):
    assert contradiction_problems(sentence, CTX) == []


@pytest.mark.parametrize(("sentence", "note"), [
    ("It enables multiple users to access data concurrently without blocking each other during writes.", 2),
    ("WAL mode lets many connections write at once.", 2),
    ("The default mode (sqlite wal) of sqlite offers a convenient way to manage concurrent transactions.", 0),
    ("Since version 3.7, WAL is the default journal mode in SQLite.", 0),
    ("A checkpoint copies pages back into the main database when the WAL reaches 100 pages [2].", 4),
])
def test_flips_are_found_against_the_right_note(sentence, note):
    problems = contradiction_problems(sentence, CTX)
    assert problems and problems[0].key == NOTES[note]


def test_a_copy_is_judged_against_its_note_only():
    copy = NOTES[0][:-1] + " [1]."
    assert near_copy(NOTES[0], copy) > 0.95
    assert near_copy(NOTES[3], copy) < 0.8
    assert flip(NOTES[3], copy) == ""  # "[1]" is a citation, not one file


def test_not_the_default_in_a_note():
    note = "WAL mode is not the default journal mode; new databases use the rollback journal."
    assert flip(note, "SQLite turns on WAL mode by default.")
    assert not flip(note, "WAL mode is off by default in SQLite.")


@pytest.mark.parametrize(("fact", "sentence", "word"), [
    ("The new keyboard is quieter than my old one.", "The new keyboard is much louder than my old one.", "louder"),
    ("Setting up the dev container was easier than installing by hand.",
     "Setting up the dev container was harder than installing by hand.", "harder"),
    ("The second run used a lower learning rate.", "The second run used a higher learning rate.", "higher"),
])
def test_adjective_opposites_are_contradictions(fact, sentence, word):
    """Comparatives stay whole under the stemmer, so both forms are in the opposite pairs (a user's
    "quieter" note written as "louder" passed `check --notes` at stop 31)."""
    assert flip(fact, sentence).startswith(word)


@pytest.mark.parametrize(("fact", "sentence"), [
    ("The new keyboard is quieter than my old one.", "The new keyboard is quieter than my old one, which I love."),
    ("Our builds got shorter after we split the monorepo.", "Our builds got shorter, and the tests got longer to write."),
])
def test_an_opposite_beside_the_same_word_is_not_a_contradiction(fact, sentence):
    assert flip(fact, sentence) == ""
