"""The `nonsense` gate (stop 34): what cannot be true whatever the facts, found by pattern. `make post` wrote
"Oh, Llm ops is a subset of llm ops, ..." and the bundled model's list debris opened sentences on made-up
shouted labels ("LIMITED: ..."); each was listed as a claim to check, never refused."""

import pytest

from blogwright.checks import CheckContext, GateConfig, check_markdown
from blogwright.checks.nonsense import nonsense_problems, shouted_label


@pytest.mark.parametrize("sentence", [
    "Oh, Llm ops is a subset of llm ops, which means that both have their own set of techniques.",  # make post, stop 33
    "This includes both training (training) as well as deployment (deployment).",  # labelled nonsense
    "LLM Ops is a type of LLM Ops.",
    "A cache is just a kind of caches.",
    "The difference between LLM Ops and LLM Ops is the tooling.",
    "Redis is faster than Redis.",
    "ML Ops, also known as ML Ops, trains models.",
    "Git is not Git.",
    "Compost is both hot and not hot.",
    "LIMITED: The practice of running large language models in production.",
    "MACHINE LEADER: The process of training machine learning models.",
    "ALSO AS ANOTHER EXAMPLE: A common misunderstanding about LLM Ops.",
])
def test_what_cannot_be_true_is_nonsense(sentence):
    assert nonsense_problems(sentence), sentence


@pytest.mark.parametrize("sentence", [
    "ML Ops is a subset of LLM Ops that focuses on machine learning.",  # false, not nonsense: two things
    "LLM Ops vs ML Ops is the question of the day.",
    "It is what it is.",
    "That is that.",
    "A decorator is a function that takes a function and returns a function.",
    "Turn the pile from time to time.",
    "Redis is faster than Memcached for small values.",
    "The new version is the same as the old version.",
    "NOTE: the cache is shared.",
    "PRO TIP: keep the pile damp.",
    "DNS: the phone book of the internet.",
    "Python (the language) is not Python (the snake).",
    "A Bloom filter never gives a false negative.",
])
def test_ordinary_sentences_pass(sentence):
    assert nonsense_problems(sentence) == [], sentence


def test_a_label_alone_is_found_and_an_admonition_is_not():
    assert shouted_label("LIMITED: When you need it.") == "LIMITED"
    assert shouted_label("WARNING: hot pan.") == shouted_label("Limited: when you need it.") == ""


def test_the_gate_is_blocking_and_names_the_sentence():
    md = ("# LLM Ops vs ML Ops\n\n**TL;DR:** LLM Ops runs large language models.\n\nLLM Ops runs models.\n\n"
          "## What LLM Ops Is\n\nOh, Llm ops is a subset of llm ops. ML Ops trains models.\n")
    result = check_markdown(md, CheckContext(topic="LLM Ops vs ML Ops")).gates["nonsense"]
    assert result.blocking and not result.passed and result.value["count"] == 1
    assert result.findings[0].sentence.startswith("Oh, Llm ops is a subset")  # type: ignore[attr-defined]
    relaxed = check_markdown(md, CheckContext(topic="LLM Ops vs ML Ops"), GateConfig(max_nonsense=1))
    assert relaxed.gates["nonsense"].passed


def test_a_no_facts_post_loses_a_thing_defined_by_itself():
    """`make post` (no facts, snarky-mentor) closed on "Oh, Llm ops is a subset of llm ops, ..." at stop 33: it was
    listed as a claim to check; now the substance pass cuts it as it cuts any blocking substance problem."""
    from blogwright.backends.fake import FakeBackend
    from blogwright.model.brief import make_brief
    from blogwright.pipeline.run import write_post
    from blogwright.render import to_markdown
    from blogwright.voices import load_voice

    def respond(messages, params):
        return ("ML Ops trains and deploys machine learning models in production. Oh, Llm ops is a subset of llm "
                "ops, which means that both have their own set of techniques.")

    post = write_post(make_brief(topic="LLM Ops vs ML Ops", words=400), load_voice("snarky-mentor"),
                      FakeBackend(function=respond, weak=True))
    md = to_markdown(post)
    assert "subset of llm ops" not in md.lower() and "ML Ops trains and deploys" in md
    assert any("subset of llm ops" in c["sentence"].lower() for c in post.report.substance["cut"])
    assert not any("subset" in c.lower() for c in post.unverified)
