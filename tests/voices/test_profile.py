"""Profiles: deterministic fingerprints, plain descriptions, built-ins built from shipped corpora,
and learned voices usable wherever a voice name is (load_voice)."""

import shutil
from pathlib import Path

import pytest

from blogwright.core.errors import BadInput
from blogwright.voices import all_voices, builtin_names, load_voice
from blogwright.voices.extract import read_corpus
from blogwright.voices.learn import builtin_corpus, builtin_profile, learn_voice, load_profile
from blogwright.voices.profile import build_profile, describe

DATA = Path(__file__).parent / "data"


def test_same_corpus_same_profile(tmp_path):
    docs, _ = read_corpus([DATA / "chatty"])
    a = build_profile(docs, "x").model_dump_json()
    shutil.copytree(DATA / "chatty", tmp_path / "chatty")
    docs2, _ = read_corpus([tmp_path / "chatty"])
    assert build_profile(docs2, "x").model_dump_json() == a
    learned = learn_voice([tmp_path / "chatty"], "x").profile
    assert learned.model_dump_json() == a == load_profile("x").model_dump_json()


def test_fingerprint_numbers_and_description_tell_the_two_styles_apart():
    chatty = build_profile(read_corpus([DATA / "chatty"])[0], "c")
    academic = build_profile(read_corpus([DATA / "academic"])[0], "a")
    c, a = chatty.fingerprint, academic.fingerprint
    assert c.sentence_length["mean"] < a.sentence_length["mean"]
    assert c.person["i"] > 30 > a.person["i"] and c.emoji > 2 == 2 > a.emoji
    assert c.contractions > 15 > 3 > a.contractions and a.punctuation["semicolon"] > c.punctuation["semicolon"]
    assert set(c.function_words) == set(a.function_words) and len(c.function_words) >= 140
    assert "Short punchy sentences" in chatty.description and "uses emoji" in chatty.description
    assert "avoids contractions" in academic.description and "exclamation" in academic.description
    assert describe(c) == chatty.description  # generated from the numbers alone
    assert all(30 <= len(e.text.split()) <= 120 for e in chatty.exemplars) and chatty.exemplars


def test_builtin_profiles_come_from_their_corpora():
    profiles = {n: builtin_profile(n) for n in builtin_names()}
    for name, p in profiles.items():
        assert p.builtin and p.fingerprint.words >= 1200, name
        assert len(builtin_corpus(name)) >= 4 and p.exemplars
    assert len({p.description for p in profiles.values()}) == 3
    snark, plain = profiles["snarky-mentor"], profiles["plain-expert"]
    assert "talks to the reader as 'you'" in snark.description and "contractions (it's" in snark.description
    assert "avoids contractions" in plain.description and "impersonal" in plain.description
    assert any("You're looking for the inside scoop" in e.text for e in snark.exemplars)  # the seed post
    assert all("LLM Ops, or operationalizing" not in e.text for e in snark.exemplars)  # not its summary
    assert builtin_profile("plain-expert") is builtin_profile("plain-expert")  # cached by corpus hash


def test_learned_voice_works_as_a_voice_after_the_builtins(tmp_path):
    learn_voice([DATA / "chatty"], "chatty-me")
    v = load_voice("chatty-me")
    assert v.name == "chatty-me" and v.persona.startswith("a blogger") and "sentences" not in v.persona and v.rules and v.exemplar
    assert "As an AI language model" in v.avoid
    assert load_voice("snarky-mentor").openers == ["Say no more, newbie", "Buckle up, newbie",
                                                   "Alright, newbie, listen up"]  # YAML untouched
    assert [x.name for x in all_voices()] == builtin_names()
    assert [x.name for x in all_voices(include_learned=True)] == [*builtin_names(), "chatty-me"]
    with pytest.raises(BadInput, match="chatty-me"):  # unknown names list learned voices too
        load_voice("nobody")
    p = tmp_path / "me.yaml"
    p.write_text("description: d\npersona: someone\n")
    assert load_voice(str(p)).name == "me"  # paths still work


def test_learned_openers_and_sign_offs_only_when_they_recur(tmp_path):
    post = ("Hello there, friends. {body}\n\nMore words follow here about {topic} and how it all went on the day, "
            "with enough detail to count.\n\nHappy hacking, everyone!\n")
    for i, topic in enumerate(["gardens", "bicycles", "teapots"]):
        body = f"This post is about {topic}, which I like a lot, and I will say why in plain words. " * 6
        (tmp_path / f"{i}.md").write_text(post.format(body=body, topic=topic))
    profile = learn_voice([tmp_path], "hello").profile
    assert profile.openers == ["Hello there, friends"] and profile.sign_offs == ["Happy hacking, everyone!"]
