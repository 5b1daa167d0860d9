"""Headings a person would write: planned from the topic's subject, never the whole topic pasted into
a template ("Common Mistakes with SQLite Is Enough for Most Web Apps")."""

import re

import pytest

from blogwright.backends.fake import FakeBackend
from blogwright.model.brief import make_brief
from blogwright.pipeline.context import RunContext
from blogwright.pipeline.headings import template_plan, topic_shape
from blogwright.pipeline.plan import fallback_plan, fallback_title, make_outline, pastes_topic
from blogwright.store import Store
from blogwright.text.tokens import normalize, overlap
from blogwright.voices import load_voice

TOPICS = [
    "SQLite Is Enough for Most Web Apps",  # a claim
    "Microservices are overrated",
    "Rust makes you a better programmer",
    "Why your tests are slow and how to fix them",
    "Why serverless functions have cold starts",  # questions
    "How does WAL mode work?",
    "What is RAG?",
    "Is Rust worth learning in 2025?",
    "Should you use Kubernetes for a small team?",
    "Do you need a CDN?",
    "LLM Ops vs ML Ops",  # A vs B
    "Tabs versus spaces",
    "How to publish a Python package to PyPI",  # how to X
    "How to write a good commit message for a small open source project",
    "Composting",  # one word
    "Kubernetes",
    "Rate limiting with a token bucket",  # noun phrases, short and long
    "The KV Cache in Transformer Inference",
    "Code review habits that make teams faster",
    "Postgres VACUUM explained",
    "The ethics of replacing support staff with chatbots",
    "Lessons from ten years of running a small open source project",
    "Grieving a colleague after a sudden loss",
    "small open source projects",
]


def _outline(topic, words=1200):
    fake = FakeBackend(function=lambda m, p: "")
    fake.weak = True  # plans from templates, as on the bundled model
    ctx = RunContext(brief=make_brief(topic=topic, words=words), voice=load_voice("plain-expert"),
                     backend=fake, store=Store(None), run_id="t")
    return make_outline(ctx)


@pytest.mark.parametrize("topic", TOPICS)
def test_headings_never_paste_a_long_topic_and_read_like_headings(topic):
    headings = [h for h, _ in fallback_plan(make_brief(topic=topic), 8)]
    assert len(set(headings)) == 8
    for h in headings:
        assert not pastes_topic(h, topic), h
        words = h.split()
        assert 2 <= len(words) <= 8, h
        assert not re.search(r"\b(\w+) \1\b", h, re.I), h  # "Is Is"
        assert words[-1].lower() not in {"with", "for", "of", "to", "and", "the", "a"}, h
        assert "(" not in h and "?" not in h, h
        if len(topic.split()) >= 4:
            assert normalize(topic.rstrip("?")) not in normalize(h)


@pytest.mark.parametrize("topic", TOPICS)
def test_points_keep_the_topic_in_view(topic):
    """Points are what the model is asked to explain: they may carry the whole claim."""
    pairs = template_plan(topic)
    assert all(overlap(p, topic) > 0 for _, p in pairs), pairs
    assert all("{" not in h + p for h, p in pairs)


def test_a_claim_gets_headings_about_its_subject():
    headings = [h for h, _ in template_plan("SQLite Is Enough for Most Web Apps")]
    assert headings[:3] == ["What SQLite Does Well", "Why SQLite Is Enough", "When SQLite Is Not Enough"]
    points = dict(template_plan("SQLite Is Enough for Most Web Apps"))
    assert points["Why SQLite Is Enough"] == "why SQLite is enough for most web apps"


@pytest.mark.parametrize("topic,kind,subject", [
    ("SQLite Is Enough for Most Web Apps", "copula", "SQLite"),
    ("Why serverless functions have cold starts", "why", "serverless functions"),
    ("How does WAL mode work?", "thing", "WAL mode"),
    ("Is Rust worth learning in 2025?", "decision", "Rust"),
    ("Do you need a CDN?", "decision", "a CDN"),
    ("LLM Ops vs ML Ops", "versus", "LLM Ops"),
    ("How to publish a Python package to PyPI", "howto", ""),
    ("The KV Cache in Transformer Inference", "thing", "the KV Cache"),
    ("Rate limiting with a token bucket", "thing", "Rate limiting"),
    ("The ethics of replacing support staff with chatbots", "issue", ""),
    ("Postgres VACUUM explained", "thing", "Postgres VACUUM"),
])
def test_topic_shape_finds_the_subject(topic, kind, subject):
    shape = topic_shape(topic)
    assert (shape.kind, shape.subject) == (kind, subject)


def test_verbs_agree_with_plural_subjects():
    headings = [h for h, _ in template_plan("Why serverless functions have cold starts")]
    assert "What Serverless Functions Are" in headings and "What Cold Starts Are" in headings
    assert "How Serverless Functions Work in Practice" in headings
    assert [h for h, _ in template_plan("Tabs versus spaces")][:2] == ["What Tabs Are", "What Spaces Are"]


def test_serious_topics_get_headings_without_a_subject_to_get_started_with():
    headings = [h for h, _ in fallback_plan(make_brief(topic="Grieving a colleague after a sudden loss"), 8)]
    assert "Who Is Affected" in headings and not any(h.startswith("Getting Started") for h in headings)


def test_the_planned_outline_uses_subject_headings_on_a_small_model():
    outline = _outline("SQLite Is Enough for Most Web Apps")
    headings = [s.heading for s in outline.sections]
    assert headings[0] == "What SQLite Does Well"
    assert not any(pastes_topic(h, outline.title.split(":")[0]) for h in headings)


def test_model_headings_that_paste_the_topic_are_dropped():
    topic = "SQLite Is Enough for Most Web Apps"
    pasted = "\n".join(f"- {h} {topic}" for h in ("Common Mistakes with", "How", "Why", "The Basics of"))
    ctx = RunContext(brief=make_brief(topic=topic, words=600), voice=load_voice("plain-expert"),
                     backend=FakeBackend(responses=["SQLite for Web Apps, Honestly", pasted]), store=Store(None),
                     run_id="t")
    outline = make_outline(ctx)
    assert not any(pastes_topic(s.heading, topic) for s in outline.sections)


@pytest.mark.parametrize("topic,title", [
    ("SQLite Is Enough for Most Web Apps", "SQLite Is Enough for Most Web Apps"),
    ("Is Rust worth learning in 2025?", "Is Rust Worth Learning in 2025?"),
    ("How does WAL mode work?", "How Does WAL Mode Work?"),
])
def test_a_claim_or_a_question_is_its_own_title(topic, title):
    assert fallback_title(make_brief(topic=topic, audience="practitioner")) == title


def test_a_question_topic_is_an_explainer_not_a_claim():
    # seen on the bundled model: "What VACUUM does in PostgreSQL" planned "The Main Argument" and
    # "Where It Falls Short", and its TL;DR opened with the topic as if it were a statement
    for topic in ("What VACUUM does in PostgreSQL", "How DNS works", "What Kafka does for a small team"):
        shape = topic_shape(topic)
        assert shape.kind == "thing", (topic, shape)
        headings = [h for h, _ in template_plan(topic)]
        assert "The Main Argument" not in headings and "Where It Falls Short" not in headings


@pytest.mark.parametrize("topic,expected", [
    ("Why every small team needs a runbook", ["What a Runbook Is", "Why Small Teams Need One"]),
    ("Every developer should learn SQL", ["What SQL Is", "Why Developers Should Learn It"]),
    ("Every small office needs backups", ["What Backups Are", "Why Small Offices Need Them"]),
    ("Why all teams need code review", ["What Code Review Is", "Why Teams Need It"]),
])
def test_a_quantified_subject_is_the_readers_and_the_object_the_subject(topic, expected):
    """'Every small team needs a runbook' is about a runbook, for small teams: never 'What Every Small
    Team Is' or 'What Runbook Is' (a new user's Ctrl-C draft had both)."""
    pairs = template_plan(topic)
    assert [h for h, _ in pairs][:2] == expected
    assert not any(h.split()[1:2] == ["Every"] for h, _ in pairs)
    assert all(p[:1].islower() and " Every " not in f" {p} " for _, p in pairs)


def test_a_quantified_subject_without_an_object_gets_subject_free_headings():
    headings = [h for h, _ in template_plan("Every team should ship daily")]
    assert not any("Every" in h or "Daily Is" in h for h in headings)


def test_a_request_written_about_the_readers_gets_a_title_that_speaks_to_them():
    from blogwright.pipeline.outline_from_brief import given_title

    fake = FakeBackend(function=lambda m, p: "")
    fake.weak = True
    brief = make_brief(topic="why their houseplants keep dying", words=200,
                       request="Write a short, funny post for first-time plant owners about why their houseplants keep dying.")
    ctx = RunContext(brief=brief, voice=load_voice("plain-expert"), backend=fake, store=Store(None), run_id="t")
    assert given_title(ctx) == "Why Your Houseplants Keep Dying"


@pytest.mark.parametrize("topic,expected", [
    # the verb comes from spaCy's parse, not a word list: "finds", "stores" and "turns" are in none
    ("How DNS finds the address of a website", ["What DNS Is", "Why DNS Matters"]),
    ("How git stores your history", ["What Git Is", "Why Git Matters"]),
    ("How a compost pile turns scraps into soil", ["What a Compost Pile Is", "Why a Compost Pile Matters"]),
    # the parse finds no verb at the end: the word list still does
    ("What SQLite's WAL mode changes", ["What SQLite's WAL Mode Is", "Why SQLite's WAL Mode Matters"]),
])
def test_a_question_about_what_something_does_is_about_its_subject(topic, expected):
    headings = [h for h, _ in template_plan(topic)]
    assert headings[:2] == expected
    assert not any(w in " ".join(headings) for w in ("Finds", "Stores", "Turns Scraps")), headings


def test_why_readers_need_a_thing_is_about_the_thing_for_those_readers():
    """The runbook post of the newcomer run: "What Small Teams Are", "What Runbook Is" and "Why It
    Happens" were its headings."""
    shape = topic_shape("Why small teams need a runbook")
    assert (shape.kind, shape.subject, shape.readers) == ("audience", "a runbook", "small teams")
    headings = [h for h, _ in template_plan("Why small teams need a runbook")]
    assert headings[:2] == ["What a Runbook Is", "Why Small Teams Need One"]
    assert "What Small Teams Are" not in headings and "What Runbook Is" not in headings


def test_a_why_question_keeps_the_article_of_its_object_and_asks_for_reasons():
    headings = [h for h, _ in template_plan("Why Rust has a borrow checker")]
    assert "What a Borrow Checker Is" in headings and "The Main Reasons" in headings
    assert "Why It Happens" not in headings


@pytest.mark.parametrize("topic", ["Keeping a sourdough starter alive", "Caring for a cast iron pan"])
def test_an_activity_gets_headings_for_doing_it_not_for_an_issue(topic):
    """A sourdough post got "Who Is Affected"; "Caring for a cast iron pan" got "What Caring Is"."""
    assert topic_shape(topic).kind == "activity"
    pairs = template_plan(topic)
    headings = [h for h, _ in pairs]
    assert "Who Is Affected" not in headings and not any("Caring" in h for h in headings)
    assert dict(pairs)["Common Mistakes to Avoid"] == f"common mistakes people make when {topic[0].lower()}{topic[1:]}"


def test_a_serious_activity_keeps_the_issue_headings():
    headings = [h for h, _ in fallback_plan(make_brief(topic="Grieving a colleague after a sudden loss"), 8)]
    assert "Tips for Better Results" not in headings and "Who Is Affected" in headings


def test_a_subject_never_takes_in_an_auxiliary_or_a_question_word():
    from blogwright.pipeline.headings import template_plan, topic_shape

    # an unseen research brief on the final main planned "Why Does When It Matters"
    topic = "What Redis does when it runs out of memory: key eviction policies"
    shape = topic_shape(topic)
    assert shape.subject == "Redis"
    assert not any(w in h.split() for h, _ in template_plan(topic, shape) for w in ("Does", "When"))


def test_the_readers_question_and_its_answer_line_come_from_the_topics_shape():
    """Stop 31's strict editor labelled "This post is about X." and "That is X in short." meta: a notes or
    research post whose intro or close the check emptied gets the reader's question and its answer line."""
    from blogwright.grounding import extract_claims
    from blogwright.pipeline.headings import topic_frame

    cases = {
        "How DNS finds the address of a website": ("How does DNS find the address of a website?",
                                                   "That is how DNS finds the address of a website."),
        "What a Bloom filter is good for": ("What is a Bloom filter good for?", "That is what a Bloom filter is good for."),
        "What Redis does when it runs out of memory: key eviction policies": (
            "What does Redis do when it runs out of memory?", "That is what Redis does when it runs out of memory."),
        "How Redis keeps data on disk with the append-only file": (  # a hyphen is no tail
            "How does Redis keep data on disk with the append-only file?",
            "That is how Redis keeps data on disk with the append-only file."),
        "Caring for a cast iron pan": ("How do you go about caring for a cast iron pan?",
                                       "That is what caring for a cast iron pan takes."),
        "Python decorators without the magic": ("What are Python decorators?", "That is what Python decorators are."),
        "LLM Ops vs ML Ops": ("What is the difference between LLM Ops and ML Ops?",
                              "That is the difference between LLM Ops and ML Ops."),
        "How to Bake Sourdough Bread": ("How do you bake sourdough bread?", "That is how to bake sourdough bread."),
        "Publish and subscribe messaging with Redis Pub/Sub": (
            "What is worth knowing about publish and subscribe messaging with Redis Pub/Sub?",
            "That is what is worth knowing about publish and subscribe messaging with Redis Pub/Sub."),
        "SQLite is enough for most web apps": ("Is SQLite enough for most web apps?", ""),  # no "that is why": it argues
        "How does WAL mode work?": ("How does WAL mode work?", ""),
    }
    for topic, (question, answer) in cases.items():
        assert topic_frame(topic) == (question, answer), topic
        # neither is a claim to the strict finder (else `truth.settle` leaves it out)
        assert not any(extract_claims(x, strict=True, known=[topic]) for x in (question, answer) if x), topic


def test_a_template_heading_is_made_only_from_a_subject_or_object_that_is_a_noun():
    """Newcomer round 3: "What From a Laptop Is" (an object that opens with a preposition); Redis research
    at stop 31: "What Publish Is" (a verb read as the subject)."""
    assert not any("Laptop" in h for h, _ in template_plan("Why I moved from a laptop to a desktop"))
    assert topic_shape("Publish and subscribe messaging with Redis Pub/Sub").kind == "activity"
    assert not any("Publish" in h for h, _ in template_plan("Publish and subscribe messaging with Redis Pub/Sub"))
    assert topic_shape("Kubernetes").kind == "thing"
