"""Claim extraction (what counts as a fact, explicitly) and the supported/unsupported/invented check."""

from __future__ import annotations

import pytest

from blogwright.grounding import Corpus, check_claims, claim_reasons, extract_claims
from blogwright.grounding.terms import is_everyday, numbers, terms, units


@pytest.mark.parametrize("sentence, reasons", [
    ("A hot compost pile reaches 60 degrees in the middle.", ["number"]),
    ("Turn the pile about twice a month in summer.", ["number", "comparison"]),
    ("The first HTTP caching rules were written down in June 1999.", ["number", "date", "name"]),
    ("Many sites put Varnish in front of the web server to keep copies of pages.", ["name"]),
    ("Varnish sits in front of the web server.", []),  # a common word at the start is no name
    ("Browsers keep pages around when they see the ETag header.", ["name", "technical"]),
    ("Set max-age on the response so browsers can reuse it.", ["technical"]),
    ("A brown leaf breaks down slower than a green one.", ["comparison"]),
    ("Shredded cardboard is the easiest brown material to find.", ["superlative"]),
    ("Worms never eat citrus peel.", ["absolute"]),
])
def test_claim_reasons_are_explicit(sentence, reasons):
    assert claim_reasons(sentence) == reasons


@pytest.mark.parametrize("sentence", [
    "Caching is one of those topics that sounds boring until your site gets slow.",
    "It takes a little setup, but it pays off.",
    "Why does any of this matter to you?",
    "Let us look closer.",
    "This is an interesting request to digest.",  # -est words that are not superlatives
    "It is a well-known, long-term, user-friendly habit.",  # everyday compounds are not terms
])
def test_sentences_without_facts_are_not_claims(sentence):
    assert claim_reasons(sentence) == []


def test_extract_claims_keeps_section_numbers_and_terms_and_ignores_old_citations():
    text = "Caching is fun. Use max-age=3600 for one hour [2].\n\nThe Vary header matters. What now?"
    claims = extract_claims(text, section="Basics")
    assert [c.sentence for c in claims] == ["Use max-age=3600 for one hour.", "The Vary header matters."]
    assert claims[0].numbers == {"3600"} and claims[0].units == {"h"} and claims[0].section == "Basics"
    assert claims[0].terms == ["max-age"] and claims[1].terms == ["Vary"]


def test_numbers_units_and_terms_are_normalised():
    assert numbers("1,000 requests, 2.50 s, twelve hours and HTTP/2 but not h2") == {"1000", "2.5", "12", "2"}
    assert units("fresh for 60 seconds, 5 min or 30%") == {"s", "min", "%"}
    assert units("a minute, 20 percent") == {"min", "%"}
    assert terms("Next.js uses ETags, node_modules and the 1990s with 10x speed") == \
        ["Next.js", "ETags", "node_modules"]
    assert [is_everyday(t) for t in ("Google", "HTTP", "QuickTag-256", "well-known", "no-cache")] == \
        [True, True, False, True, False]


def test_invented_terms_are_those_nowhere_in_notes_sources_or_topic():
    corpus = Corpus(["The Cache-Control header and ETags.", "Topic: HTTP caching with Varnish"])
    assert corpus.invented("Cache-Control and the ETag come from Varnish.") == []
    assert corpus.invented("The Hyperfresh mode of TurboCache-9 beats Varnish.") == ["Hyperfresh", "TurboCache-9"]
    assert corpus.invented("Google and Apple use HTTP caching.") == []  # common words are not invented


def test_every_fixture_sentence_is_classified_as_labelled(checked):
    sections, labels, verdicts = checked
    got = {v.sentence: v.status for v in verdicts}
    wrong = [(want, got.get(s, "none"), s) for s, want in labels.items() if got.get(s, "none") != want]
    assert wrong == []
    counts = {lab: sum(1 for v in labels.values() if v == lab) for lab in ("supported", "unsupported", "invented")}
    assert counts == {"supported": 13, "unsupported": 7, "invented": 4}


def test_verdicts_carry_evidence_scores_and_reasons(checked):
    _, _, verdicts = checked
    by = {v.sentence: v for v in verdicts}
    notes_only = by["After adding immutable, our page loads fell from 2.1 to 0.8 seconds."]
    assert notes_only.evidence.source_id == "notes" and notes_only.evidence.title == "your notes"
    wrong_number = by["Setting max-age=600 keeps a response fresh for a full day."]
    assert "600" in wrong_number.reason and wrong_number.evidence is not None
    invented = by["Servers compute ETags with the QuickTag-256 algorithm."]
    assert invented.invented_terms == ["QuickTag-256"] and "QuickTag-256" in invented.reason
    supported = [v for v in verdicts if v.status == "supported"]
    by_score = [v for v in verdicts if v.status == "unsupported" and "numbers" not in v.reason]
    assert len(by_score) == 2  # the other five fail on numbers or units alone
    assert min(v.score for v in supported) > max(v.score for v in by_score) + 0.1  # calibration margin
    days = by["Browsers keep CSS files in their cache for 30 days by default."]
    assert days.reason == "no note or source matches its numbers and units (30, days)"


def test_numbers_must_match_exactly(notes, index):
    good, bad = extract_claims("With max-age=3600 a response can be reused for 3600 seconds without contacting "
                               "the server. With max-age=3600 a response can be reused for 3500 seconds without "
                               "contacting the server.")
    verdicts = check_claims([good, bad], notes, index)
    assert [v.status for v in verdicts] == ["supported", "unsupported"]


def test_check_without_sources_uses_the_notes_only(notes, embedder):
    claims = extract_claims("An ETag identifies one specific version of a resource. "
                            "A CDN answers 95 percent of requests.")
    verdicts = check_claims(claims, notes, None, embedder=embedder)
    assert [v.status for v in verdicts] == ["supported", "unsupported"]
    assert check_claims([], notes, None) == []


def test_without_notes_or_sources_no_claim_is_embedded_and_the_verdicts_are_the_same(notes, embedder):
    """Issue 28: with nothing to compare them with, the claims are not embedded (a MiniLM pass over
    every claim sentence of the post); the verdicts need no vectors."""
    calls: list[list[str]] = []

    def counting(texts):
        calls.append(list(texts))
        return embedder(texts)

    claims = extract_claims("An ETag identifies one specific version of a resource. "
                            "A CDN answers 95 percent of requests.")
    bare = check_claims(claims, [], None, known=["HTTP caching"], embedder=counting)
    assert calls == []
    assert [v.status for v in bare] == ["invented", "unsupported"]  # ETag is in no note
    assert all(v.evidence is None and v.similarity == 0.0 for v in bare)
    check_claims(claims, notes, None, embedder=counting)
    assert calls and calls[0] == [c.sentence for c in claims]  # with notes they are, in one batch
