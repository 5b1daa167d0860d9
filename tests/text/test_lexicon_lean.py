"""Issue 28: the spelling dictionaries answer as before without their memory. Word segmentation uses a
SymSpell with no table of deletes, a suggestion one built from the words one edit away, and the
technical list is a sorted array of hashes read bucket by bucket: each is compared here with what the
full structures (symspellpy's whole dictionary at edit distance 1, wordfreq's own lookup) answer."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest

from blogwright.checks.spelling import check_word
from blogwright.text import lexicon

symspellpy = pytest.importorskip("symspellpy")
wordfreq = pytest.importorskip("wordfreq")


@pytest.fixture(scope="module")
def full():
    """symspellpy's SymSpell over the whole dictionary, as the spelling gate built it before."""
    sym = symspellpy.SymSpell(max_dictionary_edit_distance=1, prefix_length=7)
    for word, count in lexicon.frequencies().items():
        sym.create_dictionary_entry(word, count)
    return sym


def _mutate(rng: random.Random, w: str) -> str:
    i, kind = rng.randrange(len(w) + 1), rng.randrange(4)
    if kind == 0 and i < len(w):
        return w[:i] + w[i + 1:]
    if kind == 1 and i < len(w) - 1:
        return w[:i] + w[i + 1] + w[i] + w[i + 2:]
    if kind == 2 and i < len(w):
        return w[:i] + rng.choice("abcdefghijklmnopqrstuvwxyz'") + w[i + 1:]
    return w[:i] + rng.choice("abcdefghijklmnopqrstuvwxyz'") + w[i:]


def test_suggestions_are_those_of_the_whole_dictionary(full):
    rng = random.Random(28)
    words = list(lexicon.frequencies())
    typos = [_mutate(rng, rng.choice(words)) for _ in range(400)] + ["recieve", "teh", "dashbaord", "qzxvq", "a"]
    found = 0
    for typo in typos:
        hits = full.lookup(typo, symspellpy.Verbosity.TOP, max_edit_distance=1)
        assert lexicon.suggestion(typo) == (hits[0].term if hits else ""), typo
        found += bool(hits)
    assert found > 300  # most typos one edit from a word have a suggestion
    assert lexicon.suggestion("recieve") == "receive"


def test_segmentation_is_that_of_the_whole_dictionary(full):
    rng = random.Random(5)
    words = list(lexicon.frequencies())
    glued = ["modelsare", "forwardlooking", "thecat", "weekendwarriors"]
    glued += ["".join(rng.choice(words) for _ in range(rng.randrange(1, 4))) for _ in range(300)]
    for text in glued:
        assert lexicon.segmenter().word_segmentation(text, max_edit_distance=0).corrected_string == \
            full.word_segmentation(text, max_edit_distance=0).corrected_string, text
    assert not lexicon.segmenter()._deletes  # no table of deletes is built (it was 59 MiB)


def test_the_technical_list_is_wordfreqs_less_codespells_misspellings():
    rng = random.Random(7)
    listed = [w for w in wordfreq.get_frequency_dict("en", "large") if len(w) >= 3 and w.isascii() and w.isalpha()]
    words = rng.sample(listed, 1500) + [_mutate(rng, rng.choice(listed)) for _ in range(1500)]
    words += ["symlinks", "dotfiles", "localhost", "recieve", "teh", "qzxvqk"]
    for w in words:
        if len(w) < 3 or not w.isalpha():
            continue
        misspelled = lexicon._listed(lexicon._misspellings(), w)
        assert lexicon.technical(w) == (wordfreq.zipf_frequency(w, "en", wordlist="large") > 0 and not misspelled), w
    assert lexicon.technical("symlinks") and not lexicon.technical("recieve")
    assert len(lexicon._misspellings()) > 10_000  # codespell's list was read


def test_the_spelling_gate_imports_neither_wordfreq_nor_codespell():
    code = ("import sys; from blogwright.checks.spelling import check_word; "
            "issues = [check_word(w, set()) for w in ('symlinks', 'dashbaord', 'modelsare', 'frobnicatorz')]; "
            "print([i.kind if i else None for i in issues], [i.suggestion for i in issues if i], "
            "sorted(m for m in ('wordfreq', 'codespell_lib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120).stdout.strip()
    assert out == "[None, 'misspelled', 'glued', 'misspelled'] ['dashboard', 'models are', ''] []", out
    assert check_word("dashbaord", set()).suggestion == "dashboard"
