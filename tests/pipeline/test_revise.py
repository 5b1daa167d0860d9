"""Regenerating one section of a finished post."""

import pytest

from blogwright.backends.fake import FakeBackend
from blogwright.core.errors import BadInput
from blogwright.model.brief import make_brief
from blogwright.pipeline.revise import clean_instruction, outline_of, regenerate_section
from blogwright.pipeline.run import write_post
from blogwright.text.sentences import split_sentences
from blogwright.voices import load_voice


@pytest.fixture
def written():
    brief = make_brief(topic="home composting", words=400)
    return brief, write_post(brief, load_voice("plain-expert"), FakeBackend())


def test_outline_of_a_post_keeps_headings_points_and_lengths(written):
    brief, post = written
    outline = outline_of(post, brief)
    assert [s.heading for s in outline.sections] == [s.heading for s in post.sections]
    assert all(40 <= s.words <= brief.words for s in outline.sections)


def test_instruction_reaches_every_prompt_and_seeds_differ_from_the_draft(written):
    brief, post = written
    backend = FakeBackend(function=lambda m, p: f"Composting at home works well. Try number {p.seed} explains the pile in detail for you.")
    section = regenerate_section(post, brief, 1, backend, instruction="  Add an example\nfrom a balcony ")
    prompts = [c.prompt for c in backend.calls]
    assert prompts and all("Add an example from a balcony." in p for p in prompts)
    assert section.heading == post.sections[1].heading and "Try number" in section.text
    again = FakeBackend(function=backend.function)
    other = regenerate_section(post, brief, 1, again, attempt=2)
    assert {c.params.seed for c in backend.calls}.isdisjoint({c.params.seed for c in again.calls})
    assert other.text != section.text


def test_regenerated_text_does_not_repeat_the_rest_of_the_post(written):
    brief, post = written
    intro_sentence = split_sentences(post.intro)[0]
    backend = FakeBackend(function=lambda m, p: f"{intro_sentence} Worms turn scraps into dark crumbly soil for home composting in a few short weeks at most.")
    section = regenerate_section(post, brief, 0, backend)
    assert intro_sentence not in section.text and "Worms turn scraps" in section.text


def test_bad_index_and_instruction(written):
    brief, post = written
    with pytest.raises(BadInput, match="no section 9"):
        regenerate_section(post, brief, 8, FakeBackend())
    with pytest.raises(BadInput, match="under 300"):
        clean_instruction("x" * 301)
    assert clean_instruction("") == "" and clean_instruction("be brief!") == "be brief!"
