"""bench.voice's attribution and ceiling (no model): the figures the issue-24 bar is read against."""

from bench.voice import SEED, WRITERS, attribution, ceiling, pooled, prose, seed_ceiling, seed_passage


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


def test_pooled_joins_each_writers_posts_only():
    posts = {"a|0|0": "one", "b|0|0": "two", "a|1|0": "three", "ab|0|0": "not a's"}
    assert pooled(posts, ["a", "b", "ab"]) == {"a|all": "one\n\nthree", "b|all": "two", "ab|all": "not a's"}


def test_seed_ceiling_counts_draws_and_leaves_the_seed_post_out(tmp_path):
    """The voices' corpora against the seed passage; a corpus made of the seed passage itself (as 01-) is
    nearer it in every draw, and the seed's own copy (00-) is never drawn from."""
    seed = seed_passage(SEED)
    for v in ("snarky-mentor", "plain-expert"):
        (tmp_path / v).mkdir()
    (tmp_path / "snarky-mentor" / "00-seed.md").write_text("Nothing but filler words here. " * 80, encoding="utf-8")
    (tmp_path / "snarky-mentor" / "01-copy.md").write_text(seed, encoding="utf-8")
    (tmp_path / "plain-expert" / "01-plain.md").write_text(prose(WRITERS / "jakevdp" / "learn" / sorted(
        (WRITERS / "jakevdp" / "learn").iterdir())[0].name), encoding="utf-8")
    reference = {w.name: [prose(f) for f in sorted((w / "heldout").iterdir())] for w in sorted(WRITERS.iterdir())
                 if (w / "heldout").is_dir()}
    c = seed_ceiling(reference, seed, words=200, draws=3, corpora=tmp_path)
    assert c["draws"] == 3 and c["snarky_nearer"] == 3 and c["mean_gap"] > 0
