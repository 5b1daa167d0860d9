"""The TL;DR as it is shown (cut to the post's size) opens on the topic, never repeats the intro's
sentences and never says the topic "is worth reading about"; the description is not a generic
sentence. The model answers are the bundled model's real ones (a new user's posts)."""

from blogwright.backends.fake import FakeBackend
from blogwright.checks import CheckContext
from blogwright.checks.meta_tldr import filler_sentence, generic_summary
from blogwright.model.brief import make_brief
from blogwright.model.post import Post, Section
from blogwright.pipeline.context import RunContext
from blogwright.pipeline.summarize import finish, make_description, summary_anchors, tldr_sentences
from blogwright.store import Store
from blogwright.voices import load_voice

GENERIC = "Leverage the power of language to create something that can be used for a wide range of applications."
LLM_TLDR = (f"{GENERIC} This is an important distinction in the context of LLM Ops and ML Ops, as it highlights the "
            "importance of understanding the differences between these two distinct approaches within the field of "
            "artificial intelligence.")
PLANT_FILLER = "Why your houseplants keep dying is worth reading about."
PLANT_TLDR = (f"{PLANT_FILLER} Overwatering and poor drainage are common issues in most home plants, which can be "
              "caused by inadequate watering practices or improper pot selection. This issue often involves a lack of "
              "proper care that can also include excessive heat or cold.")


def _ctx(topic: str, words: int, responses: list[str]) -> RunContext:
    return RunContext(brief=make_brief(topic=topic, words=words), voice=load_voice("snarky-mentor"),
                      backend=FakeBackend(responses=responses), store=Store(None), run_id="t")


def _llm_post() -> Post:
    return Post(title="LLM Ops vs ML Ops: What's the Difference?", topic="LLM Ops vs ML Ops",
                intro="Say no more, newbie.",
                sections=[Section(heading="What LLM Ops Is", point="what LLM Ops is",
                                  text=f"{GENERIC} LLM Ops is the practice of running large language models in "
                                       "production. It covers deploying and watching them."),
                          Section(heading="What ML Ops Is", point="what ML Ops is",
                                  text="ML Ops is the practice of deploying and monitoring machine learning models."),
                          Section(heading="Key Differences Between LLM Ops and ML Ops", point="the key differences",
                                  text="LLM Ops runs language models, while ML Ops runs any machine learning model.")],
                conclusion="Class dismissed, newbie.")


def _plant_post() -> Post:
    return Post(title="Why Your Houseplants Keep Dying", topic="Why their houseplants keep dying",
                intro=PLANT_FILLER,
                sections=[Section(heading="Overwatering", point="overwatering",
                                  text="Overwatering is a common issue in most home plants, and it's often caused by "
                                       "poor watering practices."),
                          Section(heading="Too Little Light", point="too little light",
                                  text="A plant grown in a room with very low lighting slowly starves.")],
                conclusion="The reason why your houseplants keep dying is that they're too watered.")


def test_a_tldr_cut_to_its_generic_first_sentence_is_not_kept():
    # 600 words: two sentences of at most 40 words; the model's second sentence is long, so the cut
    # left only the generic first one, which the check had passed because of the second
    ctx = _ctx("LLM Ops vs ML Ops", 600, [LLM_TLDR])
    post = finish(ctx, _llm_post(), CheckContext(topic="LLM Ops vs ML Ops"))
    assert GENERIC not in post.summary and "Leverage" not in post.description
    assert not generic_summary(post.summary, *summary_anchors(post))
    assert not generic_summary(post.description, *summary_anchors(post))
    assert post.summary.startswith("This is an important distinction in the context of LLM Ops")


def test_the_tldr_does_not_repeat_the_intro_nor_say_worth_reading_about():
    ctx = _ctx("Why their houseplants keep dying", 190, [PLANT_TLDR])
    post = finish(ctx, _plant_post(), CheckContext(topic="Why their houseplants keep dying"))
    assert PLANT_FILLER not in post.summary and "worth reading" not in post.summary
    assert post.summary.startswith("Overwatering and poor drainage are common issues")
    assert len(post.summary.split()) <= 25  # one sentence for a short post


def test_the_fallback_tldr_skips_the_intro_filler():
    ctx = _ctx("Why their houseplants keep dying", 190, [PLANT_FILLER, PLANT_FILLER])
    post = finish(ctx, _plant_post(), CheckContext(topic="Why their houseplants keep dying"))
    assert "worth reading" not in post.summary and post.summary != post.intro
    assert "overwatering" in post.summary.lower()


def test_tldr_sentences_says_why_each_sentence_was_dropped():
    post = _plant_post()
    kept, why = tldr_sentences([PLANT_FILLER, "Say no more, newbie.", "Leverage the power of ideas.",
                                "Houseplants die of too much water.", "It is that simple."], post, ["Say no more"])
    assert kept == ["Houseplants die of too much water.", "It is that simple."]  # a follow-up may be generic
    assert why == ["repeats the intro", "a voice opener",
                   "generic TL;DR sentence: it shares no word with the title, topic or headings"]
    assert filler_sentence("Backups are worth reading about.") and not filler_sentence("Backups are worth it.")


def test_the_description_starts_at_the_first_sentence_about_the_topic():
    anchors = ["LLM Ops vs ML Ops", "LLM Ops vs ML Ops: What's the Difference?"]
    assert make_description(f"{GENERIC} LLM Ops runs language models in production.", anchors=anchors) == \
        "LLM Ops runs language models in production."
    assert make_description(f"{GENERIC} LLM Ops runs models.") .startswith("Leverage")  # no anchors: as before
