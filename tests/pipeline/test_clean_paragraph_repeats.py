"""A drafted paragraph loses the sentences that restate the post so far (`draft.paragraph`)."""

from blogwright.backends.fake import FakeBackend
from blogwright.model.brief import make_brief
from blogwright.pipeline import draft
from blogwright.pipeline.context import RunContext
from blogwright.store import Store
from blogwright.text.tokens import key
from blogwright.voices import load_voice

TOPIC = "LLM Ops vs ML Ops"
FRAME = "LLM Ops is the practice of running large language models in production"
NEW = ("Evaluations on saved answers replace unit tests for prompts. Teams rerun them whenever the model "
       "changes. A cache of common answers keeps the LLM Ops token bill down.")


def _paragraph(answer: str, seen: set[str]) -> str:
    ctx = RunContext(brief=make_brief(topic=TOPIC, words=600), voice=load_voice("plain-expert"),
                     backend=FakeBackend(responses=[answer]), store=Store(None), run_id="t")
    return draft.paragraph(ctx, "section", ("t",), 60, (TOPIC,), seen, tries=1, point="what LLM Ops is",
                           fact="", fix=[], instruction="", definitions=[])


def test_a_restated_definition_is_dropped_and_the_new_sentences_kept():
    seen = {key(f"{FRAME}.")}
    out = _paragraph(f"In practice, {FRAME}. {NEW}", seen)
    assert out == NEW
    assert key("Evaluations on saved answers replace unit tests for prompts.") in seen


def test_a_third_sentence_in_one_frame_is_dropped():
    seen = {key("LLM Ops is a powerful tool for chat assistants."), key("ML Ops is a powerful tool for forecasts.")}
    out = _paragraph(f"LLM Ops is a powerful tool that scales with demand. {NEW}", seen)
    assert out == NEW


def test_a_paragraph_that_is_mostly_a_restatement_is_left_whole():
    """Cutting it to a sentence would cost the post its length; the post-level pass weighs it."""
    seen = {key(f"{FRAME}.")}
    answer = f"Put simply, {FRAME}. It works well."
    assert _paragraph(answer, seen) == answer
