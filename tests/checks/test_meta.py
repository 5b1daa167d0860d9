"""The `meta` gate on talk about the writing instead of the topic: the post addressing the user's
writing, announcing its own format or length, role-play and chat preambles; blogger framing stays
allowed. And the generic TL;DR (no content word of the topic, title or headings), a warning."""

import pytest

from blogwright.checks import CheckContext, GateConfig
from blogwright.checks.meta import gate_meta, meta_problems
from blogwright.checks.meta_tldr import anchor_stems, generic_summary
from blogwright.text.document import parse_markdown


@pytest.mark.parametrize("sentence, label", [
    ("Your writing is well-crafted and engaging.", "addresses the user"),
    ("Your 2-sentence TL;DR is already a good start.", "addresses the user"),
    ("SmolLM, I've made a clear and concise summary of your message.", "addresses the user"),
    ("In 2 sentences, I'll explain why caching matters.", "announces its format"),
    ("Here's a 2-sentence summary:", "announces its format"),
    ("Here's a possible 100-word post:", "announces its format"),
    ("TL;DR: caching saves repeated work.", "announces its format"),
    ("Let me sum this up in two sentences.", "announces its format"),
    ("As a snarky mentor, I will write a blog post about LLM Ops for newbies.", "plays a role"),
    ("As your friendly teacher, I'll walk you through composting.", "plays a role"),
    ("I'm your grumpy mentor, and today we talk about venvs.", "plays a role"),
    ("Sure! Here is the TL;DR.", "announces its format"),
    ("Sure! Here is what you asked for.", "chat preamble"),
    ("Sure!", "chat preamble"),
    ("Certainly! Here is a blog post about SQLite for web apps.", "talks about a rewrite"),  # the older pattern
    ("Of course! I'll explain DNS in simple terms.", "chat preamble"),
    ("This text conveys a positive message about plants.", "talks about the text"),
    ("The text emphasizes that composting needs regular turning.", "talks about the text"),
])
def test_talk_about_the_writing_is_flagged(sentence, label):
    problems = meta_problems(sentence)
    assert problems, sentence
    assert f"({label})" in problems[0].message


@pytest.mark.parametrize("sentence", [
    "In this post I'll show you how caching works.",
    "In this blog post, I will share some of the most useful Linux commands.",
    "Let's dive in.",
    "Here's a quick example.",
    "Here's a quick recap of what we covered:",
    "In one sentence: cache what is slow to compute and cheap to store.",
    "In two sentences, the docs tell you everything you need about WAL mode.",
    "Start every design doc with a one-sentence summary of the problem.",
    "As a developer, I've learned that caching hides bugs.",
    "As a teacher, I saw my students struggle with fractions.",
    "As your team grows, the cache becomes shared state.",
    "Sure, caching is fast, but stale data will bite you.",
    "Sure enough, the cache went stale after the deploy.",
    "Certainly, the cache can go stale.",
    "Absolutely! That's the beauty of a token bucket: bursts are allowed.",
    "Your writing improves when you read it aloud.",
    "Share your post on social media once it is live.",
    "Write your commit message in the imperative mood.",
    "This can help you perform better in the role of a team lead.",
    "The engineer playing the role of incident commander decides when to page.",
    "This post explains why SQLite is enough for most web apps.",
    "This text file holds one setting per line.",
])
def test_blogger_framing_and_ordinary_prose_pass(sentence):
    assert meta_problems(sentence) == []


def test_a_quoted_example_of_meta_talk_is_not_meta_talk():
    assert meta_problems('Models often open with "Sure! Here is the TL;DR" before they answer.') == []


TOPIC = "LLM Ops for newbies"
TITLE = "LLM Ops for Newbies: Start Here"
HEADINGS = ["What LLM Ops Is", "Why LLM Ops Matters"]


def test_a_tldr_with_no_word_of_the_topic_is_generic():
    assert generic_summary("Leverage the power of language models to unlock new possibilities.",
                           TOPIC, TITLE, *HEADINGS)
    # the title template's and the audience's words say nothing about the topic
    assert generic_summary("Start here, newbies: this is a great way to begin.", TOPIC, TITLE, *HEADINGS)


def test_a_tldr_about_the_topic_is_not_generic():
    assert not generic_summary("LLM Ops keeps models healthy in production.", TOPIC, TITLE, *HEADINGS)
    # stems compare: "caches" and "caching"
    assert not generic_summary("Browsers keep caches of files they fetched.", "Why caching matters")
    # a heading's subject counts too
    assert not generic_summary("Rollbacks are cheap when the old version is still running.",
                               "Deploying on Fridays", "Deploying on Fridays", "Why Rollbacks Save You")


def test_an_acronym_counts_spelled_out_only_when_most_of_it_is_there():
    assert not generic_summary("Running large language models in production takes care and monitoring.",
                               TOPIC, TITLE)
    assert generic_summary("Language models can write text for you.", TOPIC, TITLE)


def test_nothing_to_compare_with_is_never_generic():
    assert anchor_stems("Start Here: A Beginner's Guide") == set()
    assert not generic_summary("Anything at all.", "Start Here: A Beginner's Guide")
    assert not generic_summary("", TOPIC)


def _post(tldr: str, intro: str = "LLM Ops is how teams run large language models in production.") -> str:
    return (f"# {TITLE}\n\n**TL;DR:** {tldr}\n\n{intro}\n\n## What LLM Ops Is\n\n"
            "LLM Ops covers deploying, watching and updating models.\n\n## Why LLM Ops Matters\n\n"
            "Models drift, and someone has to notice.\n")


def test_the_gate_warns_on_a_generic_tldr_without_failing():
    doc = parse_markdown(_post("Leverage the power of language models to unlock new possibilities."))
    result = gate_meta(doc, CheckContext(topic=TOPIC), GateConfig())
    assert result.passed
    [finding] = result.findings
    assert finding.severity == "warning" and finding.location == "TL;DR"
    assert finding.message.startswith("generic TL;DR") and result.value["generic_tldr"]


def test_the_gate_fails_meta_talk_in_the_tldr_and_the_intro():
    doc = parse_markdown(_post("TL;DR: LLM Ops keeps models healthy in production.",
                               "As a snarky mentor, I will write a blog post about LLM Ops. Your writing "
                               "is well-crafted and engaging."))
    result = gate_meta(doc, CheckContext(topic=TOPIC), GateConfig())
    assert not result.passed
    where = {f.location for f in result.findings if f.severity == "error"}
    assert "TL;DR" in where and "intro" in where and len(result.findings) == 3
    assert "generic_tldr" not in result.value


def test_a_good_post_has_no_meta_findings(data):
    doc = parse_markdown(data("good_post.md"))
    result = gate_meta(doc, CheckContext(topic="Keeping Python dependencies under control"), GateConfig())
    assert result.passed and result.findings == []


@pytest.mark.parametrize("sentence, flagged", [
    ("This is an excellent starting point, and ML Ops provides endless possibilities.", True),  # make post's TL;DR
    ("That's a great way to start.", True),
    ("That is a great question!", True),
    ("This is a great starting point for a vegetable garden.", False),
    ("A good start is half the work.", False),
])
def test_praise_of_the_request_is_meta_talk(sentence, flagged):
    assert bool(meta_problems(sentence)) is flagged
