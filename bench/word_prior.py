"""A function-word prior for a learned voice (issue 24): logit biases that move a model's rates of the
most frequent words toward the writer's. An experiment kept in bench/ (it was voices/prior.py): the
draft stage does not use it (see below), so the package does not ship it.

Stylometric attribution (Burrows' Delta) is driven by the most frequent words, and the bundled 135M
model writes them at rates unlike any writer ("the" ~19 per 1,000 words against the writers' 34-54,
"a" ~40 against 18-25). The restyler cannot trade "the" for "a" safely after the fact; a bias while
sampling can, at no extra tokens. For each word of `PRIOR_WORDS` the bias is

    clip(ALPHA * ln((writer_rate + SMOOTH) / (model_rate + SMOOTH)), -CAP, CAP)

with the writer's rate from the learned corpus (`Fingerprint.function_words`, per 1,000 words) and
the model's own rate measured once on a sample of its unbiased output (`bench/word-prior-rates/<model file>.json`,
made by `python -m bench.voice_prior measure`, which records how). A model without such a file
gets no prior: its rates are unknown. ALPHA and CAP were chosen by `python -m bench.voice_prior
tune`: the function-word rate error of paragraphs against the writers' learn parts, never the
held-out posts or Delta (see the README's Voices section).

Measured and NOT applied by the draft stage: with the prior, bench.voice attributed 2 of 5 writers'
posts to their own writer, as without it (mean margin +0.041 -> +0.031), though it moved the posts'
rates toward the writers' (README, Voices). On Delta against the writers' LEARN parts the same posts
went from +0.006 to +0.074: the prior copies the learn parts' rates, and those do not carry over to the
held-out posts (bench.voice's ceiling: each writer's whole learn part is nearest its own held-out posts
for 3 of 5 writers only). `voice_prior` is the one call a draft stage would make; the backends keep
`GenParams.word_bias` (llama.cpp's logit_bias), which bench.voice_prior uses.

Only words whose rate cannot change what a sentence claims are biased: articles, prepositions,
"that"/"which", "and", "so"... Never negations, quantifiers ("all", "some", "only"), modals, "or",
"if", or pronouns (a bias toward "I" would make the model tell stories of its own).
"""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path

from blogwright.voices.profile import Profile

RATES = Path(__file__).resolve().parent / "word-prior-rates"

PRIOR_WORDS = ("the", "a", "an", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as", "into",
               "about", "that", "which", "and", "so", "just", "also", "very", "then", "there", "is", "are",
               "be", "it", "its", "this", "what", "how", "when")
ALPHA = 0.5  # the lowest rate error of bench.voice_prior tune (0.443; 0: 0.476, 1: 0.445, 1.5: 0.477)
CAP = 1.5  # nats on the raw logits; sampling at temperature 0.25 makes that x e^6 on the odds
SMOOTH = 2.0  # per 1,000 words: a word the writer never uses is not an infinite penalty, and a rare word
# (a few uses in the ~2,700 words of the model sample) does not get a large bias from noise
MIN_BIAS = 0.05  # smaller biases are not sent


@functools.lru_cache(maxsize=8)
def model_rates(model: str) -> dict[str, float] | None:
    """The model's own rates per 1,000 words of `PRIOR_WORDS` (measured on its unbiased output), or
    None when no sample of that model (by its file or model name) was measured."""
    name = f"{model}.json"
    if not model or "/" in model or "\\" in model or name.startswith("."):
        return None
    path = RATES / name
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return {str(k): float(v) for k, v in data.get("rates", {}).items()}


def word_bias(writer: dict[str, float], model: dict[str, float], alpha: float = ALPHA,
              cap: float = CAP) -> tuple[tuple[str, float], ...]:
    """(word, bias) for the `PRIOR_WORDS` both rate tables know, biases below MIN_BIAS left out."""
    out = []
    for w in PRIOR_WORDS:
        if w not in writer or w not in model:
            continue
        b = alpha * math.log((writer[w] + SMOOTH) / (model[w] + SMOOTH))
        b = max(-cap, min(cap, b))
        if abs(b) >= MIN_BIAS:
            out.append((w, round(b, 3)))
    return tuple(out)


def voice_prior(profile: Profile | None, model: str) -> tuple[tuple[str, float], ...]:
    """The word biases for writing in a learned voice with `model`; () for a built-in voice (its
    passages are written for the seed's style, not measured rates), a profile-less voice or a model
    whose own rates were never measured."""
    if profile is None or profile.builtin:
        return ()
    rates = model_rates(model)
    if not rates:
        return ()
    return word_bias(profile.fingerprint.function_words, rates)
