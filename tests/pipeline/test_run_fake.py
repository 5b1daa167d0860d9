"""The whole pipeline on the fake backend, including garbage model output."""

import itertools

import pytest

from blogwright.backends.fake import FakeBackend
from blogwright.model.brief import make_brief
from blogwright.pipeline.run import Interrupted, write_post
from blogwright.store import Store
from blogwright.text.sentences import SENTENCE_END
from blogwright.voices import load_voice

GARBAGE = {
    "empty": lambda m, p: "",
    "repeated": lambda m, p: "Compost is good. " * 50,
    "truncated": lambda m, p: "Composting turns kitchen scraps into rich soil for the garden and",
    "chat tokens": lambda m, p: "<|im_start|>assistant\nComposting helps gardens grow.<|im_end|><|im_start|>user",
    "no headings": lambda m, p: "Composting is nice and I like it a lot, it really is the best thing ever",
    "meta talk": lambda m, p: "Here's a revised version of the paragraph: I'm glad to help!",
}


def _post(backend, **kw):
    brief = make_brief(topic="home composting", words=kw.pop("words", 300), notes=kw.pop("notes", []))
    return write_post(brief, load_voice(kw.pop("voice", "plain-expert")), backend, **kw)


def test_default_fake_gives_a_complete_post_near_its_length():
    post = _post(FakeBackend(), words=600)
    assert post.complete and post.title and len(post.sections) >= 3
    assert post.summary and post.slug and post.tags and len(post.description) <= 160
    assert 0.5 * 600 <= post.body_words <= 1.5 * 600


@pytest.mark.parametrize("kind", sorted(GARBAGE))
def test_garbage_model_output_never_crashes_and_never_leaks(kind):
    post = _post(FakeBackend(function=GARBAGE[kind]))
    assert post.complete and len(post.sections) >= 2 and post.summary  # 300 words: two sections
    text = "\n".join([post.intro, post.conclusion, post.summary, *(s.text for s in post.sections)])
    assert "<|" not in text and "revised version" not in text
    for part in [post.intro, post.conclusion, post.summary, *(s.text for s in post.sections)]:
        assert SENTENCE_END.search(part.strip()), (kind, part)
    assert text.count("Compost is good.") <= 1


def test_notes_reach_the_section_prompts_and_the_post():
    notes = ["Red wiggler worms eat half their weight a day", "Brown material is dry leaves and cardboard"]
    fake = FakeBackend()
    post = _post(fake, notes=notes)
    sent = "\n".join(c.prompt for c in fake.calls)
    body = " ".join(s.text for s in post.sections)
    for note in notes:
        assert note in sent
        assert note.split()[0] in body


def test_prompts_stay_small_however_long_the_post():
    def longest(words):
        fake = FakeBackend()
        _post(fake, words=words)
        sections = [len(c.prompt.split()) for c in fake.calls if c.prompt.count("Explain in")]
        return max(sections), max(len(c.prompt.split()) for c in fake.calls), len(fake.calls)

    (short, _, n_short), (long, overall, n_long) = longest(300), longest(2400)
    assert n_long > 2 * n_short  # the long post really is written in more calls...
    assert long <= short + 10, (short, long)  # ...whose section prompts do not grow
    assert overall < 250  # the summary's source text is capped too


def test_every_call_is_logged_with_template_and_tokens(tmp_path):
    store = Store(tmp_path / "log.db")
    post = _post(FakeBackend(), store=store)
    calls = store.calls(post.run_id)
    assert len(calls) >= 5
    assert {c["stage"] for c in calls} >= {"draft", "summarize"}
    assert all(c["template"] and c["template_hash"] and c["prompt"] and c["params"] for c in calls)
    assert all(c["completion_tokens"] is not None for c in calls)


def test_same_seed_same_post_and_other_seed_other_calls():
    def seeds(seed):
        fake = FakeBackend()
        post = _post(fake, seed=seed)
        return post, [c.params.seed for c in fake.calls]

    (a, sa), (b, sb), (_, sc) = seeds(7), seeds(7), seeds(8)
    assert sa == sb and sa != sc
    assert a.model_dump(exclude={"run_id", "report"}) == b.model_dump(exclude={"run_id", "report"})


def test_ctrl_c_mid_post_returns_the_sections_written_so_far(tmp_path):
    counter = itertools.count()

    def interrupting(messages, params):
        if next(counter) == 8:
            raise KeyboardInterrupt
        return "Composting turns scraps into soil. It takes a few weeks. Worms do most of the work."

    store = Store(tmp_path / "log.db")
    with pytest.raises(Interrupted) as exc:
        _post(FakeBackend(function=interrupting), store=store)
    post = exc.value.post
    assert not post.complete and post.intro and 1 <= len(post.sections) < 4
    assert store.run(post.run_id)["status"] == "interrupted"


def test_voice_opener_and_sign_off_are_used():
    post = _post(FakeBackend(), voice="snarky-mentor")
    voice = load_voice("snarky-mentor")
    assert any(post.intro.startswith(o) for o in voice.openers)
    assert any(post.conclusion.endswith(s) for s in voice.sign_offs)
