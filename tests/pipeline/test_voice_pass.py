"""The voice carries into every paragraph: the writer's passage goes before each paragraph prompt,
and the finished post is restyled toward the writer's form (fake backend)."""

from pathlib import Path

from blogwright.backends.fake import FakeBackend
from blogwright.model.brief import make_brief
from blogwright.pipeline.run import write_post
from blogwright.voices import load_voice
from blogwright.voices.learn import learn_voice

DATA = Path(__file__).parents[1] / "voices" / "data"
SAID = ["Docker keeps your build the same on every machine, and SQLite keeps the data in one file next "
        "to the app so you can copy it anywhere. I like it! You should try it with `docker run` today.",
        "Docker images are small when you start from a slim base. You can check the size with `docker images` "
        "before you push. Smaller images start faster on every server you own.",
        "Docker also makes rollbacks boring, which is good. You keep the old image and start it again when the "
        "new one fails. Nobody has to rebuild anything at night."]


def test_a_lowercase_writers_post_comes_out_lowercase_with_names_and_code_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("BLOGWRIGHT_HOME", str(tmp_path))
    learn_voice([DATA / "lowercase-k"], "lowk")
    seen_shots = []

    def answer(messages, params):
        seen_shots.append([m.content for m in messages if m.role == "assistant"])
        return SAID[len(seen_shots) % len(SAID)]

    brief = make_brief(topic="shipping a small app with Docker", words=300)
    post = write_post(brief, load_voice("lowk"), FakeBackend(function=answer))
    text = "\n\n".join(s.text for s in post.sections)
    assert any(shots and shots[0] == shots[0].lower() for shots in seen_shots)  # the writer's passage, as a turn
    assert "Docker" in text and "SQLite" in text and "`docker run`" in text
    assert "you should try it" in text.lower() and "You should" not in text  # lower-case starts
    assert "!" not in text  # the writer never uses one
    assert "i like it" in text


def _assistant_turns(voice: str, weak: bool) -> list[list[str]]:
    turns = []

    def answer(messages, params):
        turns.append([m.content for m in messages if m.role == "assistant"])
        return SAID[len(turns) % len(SAID)]

    write_post(make_brief(topic="shipping a small app with Docker", words=300), load_voice(voice),
               FakeBackend(function=answer, weak=weak))
    return turns


def test_a_learned_voice_gets_the_writers_passage_on_a_weak_model_too_a_builtin_voice_does_not(tmp_path, monkeypatch):
    monkeypatch.setenv("BLOGWRIGHT_HOME", str(tmp_path))
    learn_voice([DATA / "lowercase-k"], "lowk")
    assert any(turns for turns in _assistant_turns("lowk", weak=True))
    assert not any(turns for turns in _assistant_turns("snarky-mentor", weak=True))
    assert any(turns for turns in _assistant_turns("snarky-mentor", weak=False))

