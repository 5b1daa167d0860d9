"""Words: the one tokenizer, the one stop-word list, content words, stems and the one overlap
measure, with the cases where the old copies disagreed."""

from __future__ import annotations

import pytest

from blogwright.text.tokens import (
    FUNCTION_SET,
    FUNCTION_WORDS,
    STOPWORDS,
    content_words,
    key,
    normalize,
    overlap,
    stem,
    stems,
    tokens,
)


@pytest.mark.parametrize("text,expected", [
    ("Straße-Café in Zürich", ["straße", "café", "in", "zürich"]),
    ("Über naïve façades, señor!", ["über", "naïve", "façades", "señor"]),
    ("Большие языковые модели", ["большие", "языковые", "модели"]),
    ("You’re right, don't panic; it's rock'n'roll.", ["you're", "right", "don't", "panic", "it's", "rock'n'roll"]),
    ("snake_case and v2.0 (beta)", ["snake", "case", "and", "v2", "0", "beta"]),
    ("", []),
])
def test_tokens(text, expected):
    assert tokens(text) == expected


def test_curly_and_straight_apostrophes_are_one_word():
    assert tokens("you’re") == tokens("you're") == ["you're"]


def test_key_is_the_comparison_key():
    assert key("Why it’s great!") == key("why  it's GREAT") == "why it's great"
    assert key("Café culture") == "café culture"  # the old keys dropped accented letters: "caf culture"
    assert normalize is key


@pytest.mark.parametrize("text,expected", [
    ("C++ and C# with Node.js 2.7.18, GPT-4", ["c++", "c#", "node.js", "2.7.18", "gpt-4"]),
    ("A well-known café in Zürich.", ["well-known", "café", "zürich"]),
    ("The end.", ["end"]),
    ("It is what it is", []),
    ("LLM Ops versus ML Ops", ["llm", "ops", "ml", "ops"]),
])
def test_content_words(text, expected):
    assert content_words(text) == expected


def test_one_stop_word_list():
    assert len(FUNCTION_WORDS) == len(FUNCTION_SET) == 170  # voice profiles store a rate per word
    assert FUNCTION_WORDS[:3] == ("a", "about", "above") and FUNCTION_WORDS[-1] == "yourself"
    assert FUNCTION_SET < STOPWORDS and STOPWORDS - FUNCTION_SET == {"vs", "versus", "s", "t", "don"}
    # the pipeline's old list lacked these, so "like", "well" or "between" became tags and topic words
    assert not {"like", "well", "between", "because", "however"} & set(content_words(
        "like well between because however"))


def test_the_other_packages_use_this_list_and_tokenizer():
    from blogwright.checks import prose as checks_text
    from blogwright.voices import stylometry as voices_text

    assert voices_text.FUNCTION_WORDS is FUNCTION_WORDS and voices_text.tokens is tokens
    assert checks_text.tokens is tokens


@pytest.mark.parametrize("a,b", [
    ("cache", "caches"), ("cache", "caching"), ("cache", "cached"), ("get", "getting"),
    ("stop", "stopped"), ("run", "running"), ("query", "queries"), ("box", "boxes"), ("spell", "spelled"),
])
def test_stem_folds_inflections(a, b):
    assert stem(a) == stem(b)


@pytest.mark.parametrize("a,b", [("speed", "sped"), ("general", "generation"), ("writer", "write")])
def test_stem_keeps_different_words_apart(a, b):
    assert stem(a) != stem(b)


def test_stems_split_hyphenated_words():
    assert stems("Cache-Control headers") == {"cache-control", "cach", "control", "header"}


def test_overlap_is_the_share_of_as_content_stems_found_in_b():
    assert overlap("pin your versions", "Pinned version numbers") == 1.0
    assert overlap("compost bins need air", "a bin needs water") == 0.5  # bin, need of 4
    assert overlap("compost", "") == 0.0


# Where the three old copies disagreed (pipeline: no stemming; grounding: stems; checks.topic: the
# first five letters of each word, and 1.0 for an empty topic): the stems are right.
@pytest.mark.parametrize("a,b,expected", [
    ("caches", "the cache", 1.0),        # pipeline copy: 0.0 (no stemming)
    ("caching", "cache rules", 1.0),     # topic copy: 0.0 ("cachi" vs "cache")
    ("general", "generation", 0.0),      # topic copy: 1.0 (both "gener")
    ("getting started", "get started", 1.0),
])
def test_overlap_cases_where_the_copies_disagreed(a, b, expected):
    assert overlap(a, b) == expected


def test_empty_a_is_the_callers_choice():
    assert overlap("the and of", "anything") == 0.0
    assert overlap("the and of", "anything", empty=1.0) == 1.0


def test_topic_fallback_uses_the_one_measure_without_framing_words():
    from blogwright.checks.topic import lexical_similarity

    marathon = "The marathon taper starts three weeks before race day; keep a little speed work."
    assert lexical_similarity(marathon, "Keeping Python dependencies under control") == 0.0
    assert lexical_similarity("Pin Python dependencies.", "Keeping Python dependencies under control") == \
        pytest.approx(2 / 3)
    assert lexical_similarity("anything", "How to do it") == 1.0  # nothing to miss


def test_one_reader_of_the_dictionary_file():
    from blogwright.grounding import terms
    from blogwright.text import lexicon

    assert terms.common_words is lexicon.common_words
    counts = lexicon.frequencies()
    assert len(counts) > 80_000 and lexicon.common_words() == frozenset(counts)
    assert lexicon.frequency("the") == counts["the"] > lexicon.frequency("compost") > 0 == lexicon.frequency("qzxv")
    assert lexicon.segmenter().words is counts  # the segmenter reads the same counts (shared, not copied)


def test_readability_counts_accented_words_once():
    from blogwright.checks.reading import text_stats

    # the old ASCII pattern made "Zürich" two words ("Z", "rich") and "Straße" two ("Stra", "e")
    assert text_stats("The café in Zürich sells Straße maps.")[:2] == (7, 1)


def test_the_spelling_glue_words_are_a_subset_of_the_stop_words():
    from blogwright.text.lexicon import FUNCTION_WORDS as GLUE

    assert GLUE - STOPWORDS == {"onto", "shall"}
