"""Known answers for the benchmark's own helpers: notes coverage, paired bootstrap, names, fits."""

import math

import numpy as np
import pytest
from bench.common import backend_slug, load_briefs
from bench.metrics import content_words, note_covered, notes_coverage, paired_bootstrap
from bench.speed import fit_growth

TEXT = """Python 2 went out of support on January 1, 2020. Its last release, version 2.7.18,
shipped in April 2020. Python 3.0 had been out since 2008, so teams had years to move."""


def test_content_words_keep_numbers_and_drop_stopwords():
    assert content_words("The final Python 2 release was 2.7.18 in April") == [
        "final", "python", "2", "release", "2.7.18", "april"]


@pytest.mark.parametrize("note, covered", [
    ("The final Python 2 release was 2.7.18 in April 2020", True),   # 6 of 7 content words
    ("Python 3.0 was released in December 2008", True),              # python, 3.0, 2008: 3 of 5
    ("Python 2 reached end of life on January 1, 2020", True),       # 5 of 8 content words
    ("Guido van Rossum created Python in 1991", False),              # only "python": 1 of 6
])
def test_note_covered_on_a_hand_made_text(note, covered):
    assert note_covered(note, TEXT) is covered


def test_note_coverage_threshold_is_sixty_percent():
    # content words: alpha beta gamma delta epsilon -> 3 of 5 = 60% covered, 2 of 5 is not
    assert note_covered("alpha beta gamma delta epsilon", "alpha, beta and gamma")
    assert not note_covered("alpha beta gamma delta epsilon", "alpha and beta")


def test_notes_coverage_share_and_no_notes():
    notes = ["Python 2 reached end of life on January 1, 2020", "Guido van Rossum created Python in 1991"]
    assert notes_coverage(notes, TEXT) == 0.5
    assert math.isnan(notes_coverage([], TEXT))


def test_paired_bootstrap_contains_the_true_difference_and_excludes_zero():
    rng = np.random.default_rng(1)
    base = rng.normal(50, 10, size=40)
    pipe = base + 5 + rng.normal(0, 2, size=40)  # true mean difference 5, paired noise small
    s = paired_bootstrap(pipe, base)
    assert s["n"] == 40
    assert s["ci_low"] < 5 < s["ci_high"]
    assert s["ci_low"] > 0
    assert s["diff"] == pytest.approx(float(np.mean(pipe - base)))
    assert s == paired_bootstrap(pipe, base)  # fixed RNG seed: reproducible


def test_paired_bootstrap_with_no_difference_straddles_zero_and_drops_nan_pairs():
    rng = np.random.default_rng(2)
    a = rng.normal(0, 1, size=60)
    b = a + rng.normal(0, 1, size=60)
    s = paired_bootstrap(list(a) + [math.nan], list(b) + [1.0])
    assert s["n"] == 60
    assert s["ci_low"] < 0 < s["ci_high"]


def test_backend_slug_is_filesystem_safe():
    assert backend_slug("fake", "fake-model") == "fake"
    assert backend_slug("local", "SmolLM2-135M-Instruct.Q4_1.gguf") == "local-smollm2-135m"
    assert backend_slug("openai:gpt-4o-mini", "gpt-4o-mini") == "openai-gpt-4o-mini"


def test_briefs_file_meets_the_spec():
    briefs = load_briefs()
    assert len(briefs) >= 30 and len({b["id"] for b in briefs}) == len(briefs)
    assert {b["kind"] for b in briefs} == {"explainer", "opinion", "howto", "listicle", "news"}
    assert all(150 <= b["words"] <= 1500 for b in briefs)
    with_notes = [b for b in briefs if b.get("notes")]
    assert len(briefs) / 4 <= len(with_notes) <= len(briefs) / 2
    assert all(3 <= len(b["notes"]) <= 5 for b in with_notes)
    quick = load_briefs(quick=True)
    assert len(quick) == 5 and all(150 <= b["words"] <= 300 for b in quick)


def test_growth_fit_recognises_a_straight_line():
    g = fit_growth([300, 600, 1200, 2400], [10 + 0.05 * w for w in (300, 600, 1200, 2400)])
    assert g["linear"]["s_per_word"] == pytest.approx(0.05)
    assert g["linear"]["r2"] == pytest.approx(1.0)
    assert abs(g["quadratic"]["quadratic_share_at_max"]) < 1e-6


def test_references_are_not_prose():
    from bench.metrics import post_metrics

    md = ("---\ntitle: T\n---\n\n# T\n\nIntro sentence about caching here.\n\n## A\n\nCaching keeps copies close.\n\n"
          "## Wrapping Up\n\nThat is all about caching.\n\n## References\n\n1. Your notes: “max-age sets a lifetime”\n")
    m = post_metrics(md, topic="caching", audience="newbie", target_words=20)
    assert m["ends_sentence"] == 1.0
    assert m["body_words"] == len("Intro sentence about caching here. Caching keeps copies close. That is all about caching.".split())
