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


def test_a_learned_voice_shows_its_two_nearest_passages_a_builtin_one(tmp_path, monkeypatch):
    monkeypatch.setenv("BLOGWRIGHT_HOME", str(tmp_path))
    learn_voice([DATA / "lowercase-k"], "lowk")
    learned = [t[0] for t in _assistant_turns("lowk", weak=True) if t]
    assert learned and all(len(x.split("\n\n")) == 2 and len(set(x.split("\n\n"))) == 2 for x in learned)
    builtin = [t[0] for t in _assistant_turns("snarky-mentor", weak=False) if t]
    assert builtin and all("\n\n" not in x for x in builtin)


K_NOTES = ["I have kept a paper notebook at work since 2017.", "I use an A5 dot-grid notebook that costs about 8 euros.",
           "One notebook lasts me about three months.", "I write the date at the top of every page.",
           "Each morning I write down the three things I must finish that day.",
           "Writing by hand makes me slower, and that helps me think before a meeting."]


def _notes_post(tmp_path, monkeypatch, answer="Why I keep a paper notebook at work is worth reading about."):
    monkeypatch.setenv("BLOGWRIGHT_HOME", str(tmp_path))
    learn_voice([DATA / "lowercase-k"], "lowk")
    brief = make_brief(topic="Why I keep a paper notebook at work", words=400, notes=K_NOTES)
    return write_post(brief, load_voice("lowk"), FakeBackend(function=lambda m, p: answer, weak=True))


def test_a_notes_post_in_a_lowercase_voice_is_lowercase_in_every_part_and_its_notes_keep_their_words(tmp_path, monkeypatch):
    """Newcomer round 2: section 3, the wrap-up and the TL;DR went back to normal case; headings never changed."""
    import re

    from blogwright.text.sentences import split_sentences

    post = _notes_post(tmp_path, monkeypatch)
    parts = [post.summary, post.intro, *(s.text for s in post.sections), post.conclusion]
    firsts = [re.search(r"[A-Za-z]", s).group(0) for p in parts for s in split_sentences(p, lowercase=True)
              if re.search(r"[A-Za-z]", s)]
    assert firsts and all(c.islower() for c in firsts), parts
    assert all(s.heading == s.heading.lower() for s in post.sections) and post.title == post.title.lower()
    body = " ".join(parts).lower()
    for note in K_NOTES:  # casing only: every cited note keeps its words
        if note.lower().rstrip(".") in body:
            continue
        raise AssertionError(f"note changed or lost: {note}")


def test_a_notes_post_in_a_voice_that_rarely_asks_has_no_lead_questions_and_ends_on_the_sign_off_alone(tmp_path, monkeypatch):
    post = _notes_post(tmp_path, monkeypatch)
    body = "\n".join(s.text for s in post.sections)
    assert "?" not in body  # the writer asks 2 questions in 750 words: no lead questions
    assert post.conclusion.split("\n\n")[-1] == "— k."  # the last paragraph, alone
    assert post.conclusion.count("— k.") == 1


def test_lines_about_the_post_give_way_to_the_writers_own_topic_free_lines(tmp_path, monkeypatch):
    post = _notes_post(tmp_path, monkeypatch)
    text = "\n".join([post.intro, post.conclusion, post.summary]).lower()
    for filler in ("worth reading about", "this post is about", "in short", "this post covered", "this post also covers"):
        assert filler not in text, (filler, text)
    from blogwright.voices.learn import load_profile

    lines = load_profile("lowk").fingerprint.habits.open_lines
    assert "i get it." in lines
    # a post keeps an intro on its topic: the writer's own topic-free line, then the topic named
    assert any(post.intro == f"{line} this is why i keep a paper notebook at work." for line in lines), post.intro
    assert post.conclusion.split("\n\n")[0].endswith("that is why i keep a paper notebook at work.")


def test_frame_lines_name_only_a_why_what_how_topic():
    from blogwright.pipeline.styling import about_post, topic_lines

    assert topic_lines("Why I keep a paper notebook at work") == (
        "This is why I keep a paper notebook at work.", "That is why I keep a paper notebook at work.")
    assert topic_lines("What DNS does?") == ("This is what DNS does.", "That is what DNS does.")
    assert topic_lines("LLM Ops vs ML Ops") == ("", "")  # "this is LLM Ops vs ML Ops." says nothing
    assert about_post("why i keep a paper notebook at work is worth reading about.")
    assert about_post("That is why I keep a paper notebook at work in short.")
    assert about_post("In short, this post covered what from a laptop is, the main reasons and what you can do about it.")
    assert not about_post("That is why I keep a paper notebook at work.")
    assert not about_post("Monorepos are worth reading about because they let small teams move fast.")


def test_a_restyled_opener_never_goes_before_a_fragment():
    from blogwright.voices.habits import Habits
    from blogwright.voices.restyle import Style, restyle_paragraph

    style = Style(habits=Habits(sentences=50, openers=[("look", 9)], opener_rate=1.0, lowercase_starts=1.0),
                  mean=6, q25=4, q90=10, semicolons=0, exclamations=0, contractions=0, words=800)
    for seed in range(20):
        out = restyle_paragraph("The main reasons. I keep a paper notebook at work every day.", style, seed=seed)
        assert not out.startswith("look, the main reasons"), out


def test_a_sign_off_glued_to_a_sentence_is_taken_off_it():
    """No-notes post, newcomer round 2: "... manage the thoughts effectively. — k." (and then "— k. — k.")."""
    from blogwright.pipeline.styling import _without

    assert _without("The main reasons matter. But also to organize. — k.", ["— k."]) == \
        "The main reasons matter. But also to organize."
    assert _without("That is all. — K.", ["— k."]) == "That is all."
    snark = "Class dismissed, newbie. Try it yourself before the hype moves on."
    assert _without(f"Wrap it up now. {snark}", [snark]) == "Wrap it up now."


def test_a_voice_without_lines_of_its_own_keeps_its_intro_and_close(tmp_path, monkeypatch):
    """mogi83 has no topic-free lines and no sign-off: "This is X." and "That is X." alone repeated each other."""
    monkeypatch.setenv("BLOGWRIGHT_HOME", str(tmp_path))
    brief = make_brief(topic="What I learned running a home lab", words=300,
                       notes=["My home lab is one old ThinkPad T480 with 16 GB of RAM.", "It runs Debian 12 and Docker."])
    post = write_post(brief, load_voice("plain-expert"), FakeBackend(function=lambda m, p: "x", weak=True))
    assert not (post.intro.startswith("This is what I learned") and post.conclusion.startswith("That is what I learned"))


def test_an_opener_does_not_go_before_a_discourse_word():
    from blogwright.voices.habits import Habits
    from blogwright.voices.restyle import Style, restyle_paragraph

    style = Style(habits=Habits(sentences=50, openers=[("look", 9)], opener_rate=1.0, lowercase_starts=1.0),
                  mean=6, q25=4, q90=10, semicolons=0, exclamations=0, contractions=0, words=800)
    for seed in range(10):
        assert not restyle_paragraph("so here is the deal with the notebook today.", style, seed=seed).startswith("look")


def test_a_sign_off_goes_where_the_writer_puts_it():
    """k ends every post on "— k." alone; the built-in voices' corpora end on a sentence: glued as before
    (alone, "Take it one step at a time, ..." counted as an off-topic paragraph in bench.quality)."""
    from blogwright.voices.learn import builtin_profile

    assert not builtin_profile("friendly-teacher").fingerprint.habits.sign_off_alone
    brief = make_brief(topic="How to write a good commit message", words=300,
                       notes=["Write the subject line in the imperative mood.", "Keep the subject under 50 characters."])
    post = write_post(brief, load_voice("friendly-teacher"), FakeBackend(function=lambda m, p: "x", weak=True))
    assert "\n\n" not in post.conclusion.strip()

