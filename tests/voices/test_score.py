"""Voice score: held-out passages rank closer to their own voice; calibrated, deterministic."""

import shutil
from pathlib import Path

import pytest

from blogwright.core.errors import BadInput
from blogwright.voices.extract import read_corpus
from blogwright.voices.learn import builtin_corpus, builtin_corpus_names, builtin_profile, learn_voice, load_profile
from blogwright.voices.profile import build_profile
from blogwright.voices.score import Reference, passages, reference, voice_distance, voice_score

DATA = Path(__file__).parent / "data"
HELD_OUT = {"academic": "06-statistical-power.md", "chatty": "05-plant.md"}


@pytest.fixture
def two_voices(tmp_path):
    """Voices A (terse academic) and B (chatty) learned without their held-out post."""
    held = {}
    for name, hold in HELD_OUT.items():
        shutil.copytree(DATA / name, tmp_path / name, ignore=shutil.ignore_patterns(hold))
        learn_voice([tmp_path / name], name)
        held[name] = passages(read_corpus([DATA / name / hold])[0], name)
        assert held[name]
    return held


def test_held_out_passages_are_closer_to_their_own_voice(two_voices):
    profiles = {n: load_profile(n) for n in HELD_OUT}
    for own, other in (("academic", "chatty"), ("chatty", "academic")):
        for p in two_voices[own]:
            d_own, d_other = voice_distance(p.stats, profiles[own]), voice_distance(p.stats, profiles[other])
            assert d_own + 0.2 < d_other, (own, d_own, d_other)


def test_score_is_calibrated_against_other_voices(two_voices):
    text = (DATA / "chatty" / HELD_OUT["chatty"]).read_text()
    s = voice_score(text, load_profile("chatty"))
    assert s.closest_voice == "chatty" and s.percentile >= 90 and s.compared > 20
    assert set(s.distances) == {"academic", "chatty", "friendly-teacher", "plain-expert", "snarky-mentor"}
    far = voice_score(text, load_profile("academic"))
    assert far.percentile < 50 and far.distance > s.distance
    assert voice_score(text, load_profile("chatty")) == s  # deterministic


def test_builtin_voices_score_their_own_style():
    snark = ("Buckle up, newbie - deploying on a Friday is a rite of passage. You'll push the button, "
             "the dashboard will glow red, and you'll learn more in ten minutes than in a month of tutorials! "
             "Heck, that's how all of us learned. Don't panic...just roll it back.")
    plain = ("A deployment should be reversible. Each release is tagged; the previous image remains available "
             "for at least one cycle, and the rollback procedure is documented and tested before it is needed.")
    for text, voice, other in ((snark, "snarky-mentor", "plain-expert"), (plain, "plain-expert", "snarky-mentor")):
        s = voice_score(text, builtin_profile(voice))
        assert s.closest_voice == voice and s.percentile > 60, (voice, s)
        assert voice_score(text, builtin_profile(other)).percentile < 35


def test_reference_is_cached_and_bad_text_is_refused():
    assert reference() is reference()
    with pytest.raises(BadInput, match="no prose"):
        voice_distance("```\ncode only\n```", builtin_profile("plain-expert"))


def test_leave_one_post_out_on_the_builtin_corpora():
    """Each built-in post's passages, scored against profiles learned without that post."""
    corpora = {n: builtin_corpus(n) for n in builtin_corpus_names()}
    right = total = 0
    for name, docs in corpora.items():
        for i, held in enumerate(docs):
            cor = {**corpora, name: docs[:i] + docs[i + 1:]}
            profiles = {n: build_profile(d, n) for n, d in cor.items()}
            ref = Reference(cor, {n: p.corpus_hash for n, p in profiles.items()})
            for p in passages([held], name):
                dist = {n: voice_distance(p.stats, prof, ref) for n, prof in profiles.items()}
                right += min(dist, key=dist.get) == name
                total += 1
    assert total >= 25 and right >= total - 2, (right, total)  # measured: 27 of 28
