"""The function-word prior of learned voices (bench/word_prior.py; the draft stage does not use it)."""

import json
import math

from bench.word_prior import CAP, PRIOR_WORDS, RATES, SMOOTH, model_rates, voice_prior, word_bias

from blogwright.voices.learn import builtin_profile

BUNDLED = "SmolLM2-135M-Instruct.Q4_1.gguf"


def test_the_bias_is_the_clipped_log_ratio_of_the_writers_rate_to_the_models():
    writer = {"the": 50.0, "a": 20.0, "of": 20.0, "so": 0.0, "not": 30.0, "i": 40.0}
    model = {"the": 20.0, "a": 40.0, "of": 20.0, "so": 60.0, "not": 1.0, "i": 1.0}
    bias = dict(word_bias(writer, model, alpha=1.0, cap=1.5))
    assert math.isclose(bias["the"], math.log((50 + SMOOTH) / (20 + SMOOTH)), abs_tol=1e-3)
    assert bias["a"] < 0 and "of" not in bias  # equal rates: nothing sent
    assert bias["so"] == -1.5  # a word the writer never uses: clipped, not -inf
    assert "not" not in bias and "i" not in bias  # negations and pronouns are never biased
    assert dict(word_bias(writer, model, alpha=0.5, cap=1.5))["the"] < bias["the"]
    assert not word_bias(writer, model, alpha=0.0)


def test_the_bundled_models_own_rates_are_shipped_with_how_they_were_made():
    rates = model_rates(BUNDLED)
    assert rates and all(w in rates for w in PRIOR_WORDS)
    data = json.loads((RATES / f"{BUNDLED}.json").read_text(encoding="utf-8"))
    assert data["model"] == BUNDLED and "bench.voice_prior measure" in data["command"] and data["words"] > 1000
    assert 5 < rates["the"] < 40  # far below every writer's 34-54 per 1,000 words
    assert model_rates("no-such-model.gguf") is None and model_rates("../rates/x") is None


def test_only_a_learned_voice_gets_a_prior(tmp_path, monkeypatch):
    monkeypatch.setenv("BLOGWRIGHT_HOME", str(tmp_path))
    snarky = builtin_profile("snarky-mentor")
    assert voice_prior(snarky, BUNDLED) == ()
    learned = snarky.model_copy(update={"builtin": False})
    prior = dict(voice_prior(learned, BUNDLED))
    assert prior and all(abs(v) <= CAP for v in prior.values()) and set(prior) <= set(PRIOR_WORDS)
    assert voice_prior(learned, "other.gguf") == () and voice_prior(None, BUNDLED) == ()
