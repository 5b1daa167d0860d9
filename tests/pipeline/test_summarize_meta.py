"""The TL;DR and the intro are repaired when they talk about the writing instead of the topic, or say
nothing about it: a meta-talk preamble is dropped and what follows kept when it passes; a generic or
role-play TL;DR is asked for once more with a plainer prompt, else built from the post's own
sentences and headings. FakeBackend scripts stand in for the bundled model's real outputs."""

import pytest

from blogwright.backends.fake import FakeBackend
from blogwright.checks import CheckContext
from blogwright.checks.meta import meta_problems
from blogwright.checks.meta_tldr import about_the_post, generic_summary
from blogwright.model.brief import make_brief
from blogwright.model.post import Post, Section
from blogwright.pipeline.context import RunContext
from blogwright.pipeline.gates import check_post
from blogwright.pipeline.run import write_post
from blogwright.pipeline.substance import passing, salvage_meta
from blogwright.pipeline.summarize import central_summary, fallback_summary, headings_summary, make_summary
from blogwright.render import to_markdown
from blogwright.store import Store
from blogwright.text.sentences import split_sentences
from blogwright.voices import load_voice

TOPIC = "LLM Ops for newbies"
GOOD_TLDR = ("LLM Ops is how teams run large language models in production. It covers deploying models, "
             "watching their answers and updating them when they drift.")
ROLE_TLDR = "As a snarky mentor, I will write a blog post about LLM Ops for newbies. Your writing is well-crafted."
# shares "newbies" with the topic (so the older on-topic test passes it) and nothing else
GENERIC_TLDR = ("Newbies, leverage the power of language models to unlock new possibilities. The future belongs "
                "to people who build new things with them every single day of the week.")


def _post() -> Post:
    return Post(title="LLM Ops for Newbies: Start Here", topic=TOPIC,
                intro="Say no more, newbie. Your writing is well-crafted and engaging. "
                      "LLM Ops is how teams keep language models working in production.",
                sections=[Section(heading="What LLM Ops Is", point="what LLM Ops is, in plain words",
                                  text="Think of it as a night shift. LLM Ops covers deploying and watching models."),
                          Section(heading="Why LLM Ops Matters", point="why LLM Ops matters",
                                  text="Models drift. LLM Ops catches the drift before users do.")])


def _ctx(responses: list[str]) -> tuple[RunContext, FakeBackend]:
    fake = FakeBackend(responses=responses)
    ctx = RunContext(brief=make_brief(topic=TOPIC, words=600), voice=load_voice("snarky-mentor"), backend=fake,
                     store=Store(None), run_id="t")
    return ctx, fake


def test_salvage_keeps_what_follows_a_preamble():
    ctx = CheckContext(topic="Why caching matters")
    assert salvage_meta("Here's a 2-sentence summary: caching saves repeated work for busy servers.", ctx) == \
        "Caching saves repeated work for busy servers."
    assert salvage_meta('Sure, "LLM Ops is not just about writing blog posts.', CheckContext(topic=TOPIC)) == \
        "LLM Ops is not just about writing blog posts."
    # nothing to keep: the whole sentence is about the writing
    assert salvage_meta("As a snarky mentor, I will write a blog post about caching.", ctx) == ""
    assert salvage_meta("Your writing is well-crafted and engaging.", ctx) == ""
    assert salvage_meta("Here's a 2-sentence summary:", ctx) == ""
    # what follows must pass every check too
    assert salvage_meta("Sure! Here is the TL;DR: your writing is well-crafted and engaging.", ctx) == ""


def test_passing_drops_meta_talk_and_keeps_salvaged_rests():
    ctx = CheckContext(topic="Why caching matters")
    kept = passing(["Sure! Here is the TL;DR.", "TL;DR: caching saves repeated work for busy servers.",
                    "A cache is a copy kept close to where it is needed."], ctx)
    assert kept == ["Caching saves repeated work for busy servers.", "A cache is a copy kept close to where it is needed."]


def test_fallback_summary_skips_openers_meta_talk_and_off_topic_sentences():
    ctx = CheckContext(topic=TOPIC)
    usable = lambda s: bool(passing([s], ctx))  # noqa: E731
    text = fallback_summary(_post(), usable, ["Say no more, newbie"])
    # from the sections: the intro's sentences are right below the TL;DR, so none is repeated
    assert text == "LLM Ops covers deploying and watching models. LLM Ops catches the drift before users do."
    assert "Say no more" not in text and "writing" not in text and "night shift" not in text
    assert not generic_summary(text, TOPIC) and not meta_problems(text)


def test_fallback_summary_uses_the_headings_when_the_post_says_nothing_usable():
    post = _post()
    post.intro = "Your writing is well-crafted and engaging."
    for s in post.sections:
        s.text = "Leverage the power of new ideas to unlock possibilities every day."
    ctx = CheckContext(topic=TOPIC)
    text = fallback_summary(post, lambda s: bool(passing([s], ctx)))
    assert text == headings_summary(post) == \
        "LLM Ops for newbies: what LLM Ops is and why LLM Ops matters."
    assert not meta_problems(text) and not generic_summary(text, TOPIC) and not about_the_post(text)


def test_a_role_play_tldr_is_asked_again_with_a_plainer_prompt():
    ctx, fake = _ctx([ROLE_TLDR, GOOD_TLDR])
    summary = make_summary(ctx, _post(), CheckContext(topic=TOPIC))
    assert summary == GOOD_TLDR
    first, second = [c for c in fake.calls if "Summarize" in c.prompt]
    assert second.prompt != first.prompt and second.params.temperature == 0.0
    assert "running large language models in production" in second.prompt  # the topic spelled out
    assert "Say no more" not in second.prompt and "well-crafted" not in second.prompt  # only usable sentences


def test_a_generic_tldr_is_asked_again_then_built_from_the_post():
    ctx, fake = _ctx([GENERIC_TLDR, ROLE_TLDR])
    events = []
    ctx.on_event = events.append
    summary = make_summary(ctx, _post(), CheckContext(topic=TOPIC))
    assert len([c for c in fake.calls if "Summarize" in c.prompt]) == 2
    assert "Leverage" not in summary and "snarky" not in summary and "Say no more" not in summary
    assert summary.startswith("LLM Ops covers deploying and watching models.")
    notes = " ".join(getattr(e, "text", "") for e in events)
    assert "generic TL;DR" in notes and "plainer prompt" in notes and "headings" in notes


def test_a_tldr_with_a_preamble_keeps_its_content():
    ctx, _ = _ctx([f"Here's a 2-sentence summary: {GOOD_TLDR}"])
    assert make_summary(ctx, _post(), CheckContext(topic=TOPIC)) == GOOD_TLDR


def test_a_whole_post_drops_role_play_from_the_intro_and_the_tldr():
    def respond(messages, params):
        prompt = messages[-1].content
        if "Summarize" in prompt:
            return ROLE_TLDR if params.temperature > 0 else GOOD_TLDR
        if "Rewrite in one plain sentence" in prompt:
            return "LLM Ops keeps large language models healthy in production."
        n = params.seed % 1000
        return (f"As a snarky mentor, I will write a blog post about LLM Ops for newbies. "
                f"Your writing is well-crafted and engaging. In 2 sentences, I'll explain it. "
                f"LLM Ops teams watch model number {n} in production. They retrain model {n} when it drifts.")

    post = write_post(make_brief(topic=TOPIC, words=400), load_voice("snarky-mentor"), FakeBackend(function=respond))
    md = to_markdown(post)
    for phrase in ("snarky mentor", "well-crafted", "In 2 sentences"):
        assert phrase not in md
    assert post.summary.startswith("LLM Ops is how teams run large language models")
    report = check_post(md, CheckContext(topic=TOPIC))
    assert report.gates["meta"].passed and not report.gates["meta"].findings
    cut = [c["sentence"] for c in post.report.substance["cut"]]
    assert any("snarky mentor" in c for c in cut) and any("well-crafted" in c for c in cut)


def test_a_weak_models_tldr_is_the_posts_most_central_sentences_in_short_without_a_call():
    post = _post()
    post.sections.append(Section(heading="Where to Start", point="where to start",
                                 text="LLM Ops starts with watching the answers of deployed models, which is "
                                      "where most teams find their first problems. Coffee helps."))
    fake = FakeBackend(responses=[GOOD_TLDR], weak=True)
    ctx = RunContext(brief=make_brief(topic=TOPIC, words=600), voice=load_voice("snarky-mentor"), backend=fake,
                     store=Store(None), run_id="t")
    tldr = make_summary(ctx, post, CheckContext(topic=TOPIC))
    assert not fake.calls and tldr and GOOD_TLDR not in tldr
    body = [s.text for s in post.sections]
    # sentences of the post about the topic, the most central first; none is the intro's
    assert tldr.startswith("LLM Ops") and "Coffee" not in tldr and "night shift" not in tldr
    # cut to the main clause: not the body's sentence word for word
    post.sections[0].text = ("In practice, llm ops keeps deployed language models answering well, which is "
                             "where most teams find their first problems.")
    tldr = make_summary(ctx, post, CheckContext(topic=TOPIC))
    assert "LLM Ops keeps deployed language models answering well." in tldr  # no connective, the topic's spelling
    assert "which is where" not in tldr and all(tldr not in b for b in body)
    # a line about the post, or one opening on "When ...", is no TL;DR
    post.sections = [Section(heading="Where to Start", point="where to start",
                             text="In short, this post covered what LLM Ops is. When you need LLM Ops for accuracy. "
                                  "The key differences between LLM Ops and ML Ops are: 1. Performance: LLM Ops "
                                  "runs models. LLM Ops watches models (e.")]
    assert central_summary(post, lambda s: True, [], 1) == ""  # no sentence left: the model is asked
    # a model that is not weak still writes it
    ctx.backend = FakeBackend(responses=[GOOD_TLDR])
    assert make_summary(ctx, post, CheckContext(topic=TOPIC)) == GOOD_TLDR


def test_the_extractive_tldr_leaves_out_flagged_sentences_when_others_are_left():
    post = _post()
    first = central_summary(post, lambda s: True, [], 1)
    assert first and central_summary(post, lambda s: True, [], 1, avoid=[first]) not in ("", first)
    everything = [s for sec in post.sections for s in sec.text.split(". ")]
    assert central_summary(post, lambda s: True, [], 1, avoid=everything)  # nothing else left: flagged ones do


@pytest.mark.parametrize("bad", [
    "The key differences between LLM Ops (running large language models) and ML Ops (running models).",  # no verb
    "2. Cost: LLM Ops costs money, whereas ML Ops only uses resources.",  # a list item
    "That is why small teams need LLM Ops.",  # the close's answer line, pointing back at the post
    "That is the answer.",
])
def test_the_extractive_tldr_never_picks_a_fragment_a_list_item_or_an_answer_line(bad):
    """Stop 32's editor found each of these opening an extractive TL;DR."""
    post = _post()
    post.sections = [Section(heading="What LLM Ops Is", point="what it is", text=bad)]
    assert central_summary(post, lambda s: True, [], 1) == ""


def test_with_facts_the_extractive_tldr_keeps_sentences_whole():
    """A note cut at its comma ("Your computer first asks a recursive resolver.") is no longer the sentence the
    truth check supported: with facts, no main-clause cut."""
    post = _post()
    post.sections = [Section(heading="How LLM Ops Starts", point="start",
                             text="LLM Ops starts with watching deployed models, which is where teams find problems.")]
    assert central_summary(post, lambda s: True, [], 1, shorten=False) == post.sections[0].text
    assert central_summary(post, lambda s: True, [], 1) == "LLM Ops starts with watching deployed models."


def test_the_extractive_tldr_defines_a_thing_once():
    """"A runbook is a set of instructions that helps ... A runbook is a set of instructions that provide ..." was
    one TL;DR at stop 32: two sentences with the same opening are one point."""
    post = _post()
    post.sections = [Section(heading="What LLM Ops Is", point="what it is",
                             text="LLM Ops is a set of practices that helps teams run language models in production. "
                                  "LLM Ops is a set of practices that provide guidance and support to users. "
                                  "Teams watch the answers of LLM Ops systems every day.")]
    tldr = central_summary(post, lambda s: True, [], 2)
    assert tldr.count("LLM Ops is a set of practices") == 1 and len(split_sentences(tldr)) == 2


def test_the_extractive_tldr_drops_an_article_before_a_named_term():
    """The make-post TL;DR read "A LLM Ops is a way to run your own language model." (stop 32)."""
    post = _post()
    post.sections = [Section(heading="What LLM Ops Is", point="what it is",
                             text="A LLM Ops is a way to run language models in production for a team.")]
    tldr = central_summary(post, lambda s: True, [], 1)
    assert tldr.startswith("LLM Ops is a way to run language models")


POST_TLDR = "This post is about the process of using LLM Ops to keep large language models healthy in production."


def test_a_tldr_about_the_post_is_asked_again_then_built_from_the_post():
    """llm:SmolLM2's TL;DR at stop 33, "This post is about the process of using a compost bin to make compost.",
    passed every check: a TL;DR that says what the post is about summarises nothing."""
    ctx, fake = _ctx([POST_TLDR, "In this post, you'll learn how LLM Ops keeps large language models healthy."])
    summary = make_summary(ctx, _post(), CheckContext(topic=TOPIC))
    assert len([c for c in fake.calls if "Summarize" in c.prompt]) == 2
    assert summary and not about_the_post(summary) and "This post" not in summary
    assert summary.startswith("LLM Ops covers deploying and watching models.")


def test_the_meta_gate_fails_a_tldr_about_the_post_but_not_the_same_line_in_the_body():
    md = to_markdown(Post(title="LLM Ops for Newbies", topic=TOPIC, summary=POST_TLDR,
                          intro="This post explains why LLM Ops keeps models healthy in production.",
                          sections=[Section(heading="What LLM Ops Is", text="LLM Ops covers deploying and watching models.")],
                          conclusion="LLM Ops catches the drift before users do."))
    meta = check_post(md, CheckContext(topic=TOPIC)).gates["meta"]
    assert not meta.passed and meta.value["count"] == 1
    [finding] = [f for f in meta.findings if f.severity == "error"]
    assert finding.location == "TL;DR" and "about the post" in finding.message and finding.sentence == POST_TLDR
    md = md.replace(POST_TLDR, "LLM Ops keeps large language models healthy in production.")
    assert check_post(md, CheckContext(topic=TOPIC)).gates["meta"].passed  # the body's framing is no TL;DR
