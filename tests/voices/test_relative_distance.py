"""`relative_distance`: the distance to a voice minus the mean distance to the other voices (issue 24's
candidate choice for learned voices), so a draft near every voice alike gains nothing."""

from pathlib import Path

from blogwright.voices.learn import builtin_profile, learn_voice
from blogwright.voices.score import reference, relative_distance, voice_distance

DATA = Path(__file__).parent / "data"
FORMAL = ("Docker, which packages an application together with its dependencies into a portable image, "
          "provides a consistent environment across development, testing and production systems, thereby "
          "reducing the considerable operational burden associated with configuration differences.")
CASUAL = ("look, docker keeps your app the same everywhere. you build it once. you ship it. "
          "nobody will ask why it broke on the server (trust me). docker just runs it.")


def test_relative_distance_is_own_minus_the_mean_of_the_others(tmp_path, monkeypatch):
    monkeypatch.setenv("BLOGWRIGHT_HOME", str(tmp_path))
    profile = learn_voice([DATA / "lowercase-k"], "lowk").profile
    ref = reference()
    others = [builtin_profile(n) for n in ("plain-expert", "snarky-mentor")]
    for text in (FORMAL, CASUAL):
        own = voice_distance(text, profile, ref)
        want = own - sum(voice_distance(text, p, ref) for p in others) / len(others)
        assert abs(relative_distance(text, profile, ref, others) - want) < 1e-9
        # no other voice (or only the voice itself): the plain distance
        assert relative_distance(text, profile, ref, []) == own == relative_distance(text, profile, ref, [profile])
    assert relative_distance(CASUAL, profile, ref, others) < relative_distance(FORMAL, profile, ref, others)
