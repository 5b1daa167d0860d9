"""A sentence the post already said is cut, wherever it was said again (make post shipped a copied section)."""

from __future__ import annotations

from blogwright.model.post import Post, Section
from blogwright.pipeline.truth import drop_repeats

DEF = "LLM Ops is the practice of running large language models in production: prompts, evaluation and cost."
ML = "ML Ops is the practice of training, deploying and monitoring machine learning models in production."


def _post() -> Post:
    return Post(topic="LLM Ops vs ML Ops", title="LLM Ops vs ML Ops", summary=f"{DEF} {ML}", intro="Say no more, newbie.",
                sections=[Section(heading="Key Differences", text=f"{DEF} {ML}"),
                          Section(heading="When to Choose", text=f"In practice, {DEF}\n\n{ML[:-1]}, newbie."),
                          Section(heading="What LLM Ops Is", text="Start with one prompt. " + DEF)],
                conclusion="Class dismissed, newbie.")


def test_a_section_that_only_repeats_another_is_dropped_and_repeats_inside_a_section_are_cut():
    post = _post()
    assert drop_repeats(post) == 3
    assert [s.heading for s in post.sections] == ["Key Differences", "What LLM Ops Is"]
    assert post.sections[1].text == "Start with one prompt."
    assert post.summary == f"{DEF} {ML}"  # the TL;DR sums the body up: not a repeat
    assert post.intro == "Say no more, newbie." and post.conclusion == "Class dismissed, newbie."


def test_nothing_is_cut_from_a_post_without_repeats():
    post = Post(topic="t", title="t", summary="", intro="Hello there.", conclusion="Bye now.",
                sections=[Section(heading="A", text=DEF), Section(heading="B", text=ML)])
    assert drop_repeats(post) == 0 and [s.text for s in post.sections] == [DEF, ML]
