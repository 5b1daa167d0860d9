"""bench.voice's attribution and ceiling (no model): the figures the issue-24 bar is read against."""

from bench.voice import WRITERS, attribution, ceiling, prose


def test_attribution_counts_margin_and_rank():
    d = {"a|0": {"a": 1.0, "b": 1.4, "c": 1.2}, "a|1": {"a": 1.2, "b": 1.0, "c": 1.3},
         "b|0": {"a": 0.9, "b": 1.1, "c": 1.5}, "c|0": {"a": 1.3, "b": 1.2, "c": 1.0}}
    per, summary, hits = attribution(d, ["a", "b", "c"])
    assert hits == 2 and per["a"]["ok"] and per["c"]["ok"] and not per["b"]["ok"] and per["b"]["nearest"] == "a"
    assert abs(per["a"]["margin"] - ((1.2 + 1.25) / 2 - 1.1)) < 1e-9 and per["b"]["own_rank"] == 2
    assert per["a"]["posts_nearest_own"] == 1 and abs(summary["mean_own_rank"] - 4 / 3) < 1e-9


def test_ceiling_of_texts_against_themselves_is_full():
    """Each writer's learn part against the learn parts themselves: every writer is nearest its own,
    so the ceiling code attributes right; against the held-out posts it is a property of the corpus."""
    learn = {w.name: [prose(f) for f in sorted((w / "learn").iterdir())] for w in sorted(WRITERS.iterdir()) if w.is_dir()}
    c = ceiling(learn, learn, words=300, posts=2, draws=2)
    assert c["whole_learn"]["hits"] == len(learn) and c["whole_learn"]["mean_margin"] > 0
    assert c["draws"] == 2 and 0 <= c["mean_hits"] <= len(learn) and set(c["hits_per_writer"]) == set(learn)
