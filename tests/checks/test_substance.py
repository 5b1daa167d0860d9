"""The substance gates (issue 13): invented terms, fabricated expansions, contradictions of the
user's facts, redefinitions and meta-talk; blocking by default, each finding naming its sentence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from blogwright.checks import DEFAULT_BLOCKING, CheckContext, GateConfig, check_markdown, check_section
from blogwright.checks.substance import SUBSTANCE_GATES, SentenceFinding, sentence_problems, substance_problems_text
from blogwright.checks.substance_definitions import key_terms
from blogwright.checks.substance_expansions import fits
from blogwright.checks.substance_facts import flip

NO_EMB = GateConfig(embeddings=False)
WAL_NOTE = "WAL mode lets readers work while one writer writes"
LABELLED = Path(__file__).resolve().parents[1] / "data" / "substance_labelled.jsonl"


def gates_of(sentence: str, ctx: CheckContext | None = None, post: str = "") -> set[str]:
    return {f.gate for f in sentence_problems(sentence, ctx, post)}


# --- every example from the issue is caught ---------------------------------------------------

@pytest.mark.parametrize("sentence, gates", [
    ("LIMPAC (Limited Machine Learning Platform) is what most teams use.", {"terms", "expansions"}),
    ("Lambda, which stands for 'Lightweight Abstractions Language Engine', runs code.", {"expansions"}),
    ("Researchers tuned the iterated k-interactions (iKR) for weeks.", {"terms", "expansions"}),
    ("A specific type of model is called ML-LREM.", {"terms"}),
    ("Call the `CREATE_FULL` function to build the table.", {"terms"}),
    ("SQLite ships in versions like 4.5 with better locking.", {"terms"}),
    ("The above text is a bit too casual for the average web app developer.", {"meta"}),
])
def test_issue_examples_are_caught(sentence, gates):
    ctx = CheckContext(topic="SQLite is enough for most web apps")
    assert gates <= gates_of(sentence, ctx)


def test_the_wal_note_contradiction_is_caught():
    ctx = CheckContext(topic="SQLite is enough for most web apps", notes=[WAL_NOTE])
    found = sentence_problems("WAL mode, which allows multiple writers to work at the same time, is on.", ctx)
    assert [f.gate for f in found] == ["contradictions"]
    assert WAL_NOTE in found[0].message and "many where the fact says 1 (writer)" in found[0].message
    assert sentence_problems("In WAL mode, readers keep working while a single writer writes.", ctx) == []


def test_redefinition_of_the_topic_term():
    ctx = CheckContext(topic="LLM Ops vs ML Ops")
    post = "LLM Ops is a type of database that stores prompts."
    found = sentence_problems("LLM Ops is a practice of running large language models.", ctx, post)
    assert [f.gate for f in found] == ["redefinition"] and "database" in found[0].message
    assert sentence_problems("LLM Ops is a set of practices for running models.", ctx,
                             "LLM Ops is the practice of running LLMs.") == []


@pytest.mark.parametrize("sentence", [
    "Here is the revised paragraph:", "In this response, I explain WAL mode.",
    "The following text explains caching.", "Word count: 150.", "As requested, here are five tips.",
    "I have rewritten the introduction to be friendlier.",
])
def test_meta_talk_from_the_brief(sentence):
    assert gates_of(sentence) == {"meta"}


# --- normal sentences pass ------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "In this post, I'll show you how DNS works.", "Let's dive in.",
    "In the following section we'll look at WAL mode.", "Here's a quick example.",
    "DNS stands for Domain Name System, and it turns names into IP addresses.",
    "MLOps (machine learning operations) borrows a lot from DevOps.",
    "JSON (JavaScript Object Notation) is the format most APIs speak.",
    "Kubernetes (K8s) restarts containers that crash.", "We host it on Amazon's cloud (AWS) for now.",
    "LLM Ops (running large language models in production) is a young field.",
    "We use SQLAlchemy, MLflow and PyTorch with NVIDIA GPUs.", "Set `OMP_NUM_THREADS` to the core count.",
    "The browser can reuse this response for an hour.", "I rewrote the app in Rust last year.",
])
def test_normal_sentences_pass(sentence):
    assert sentence_problems(sentence, CheckContext(topic="Notes from a web developer")) == []


def test_good_texts_have_no_substance_findings(good_post, prose):
    for text in (good_post, prose):
        report = check_markdown(text, config=NO_EMB)
        for name in SUBSTANCE_GATES:
            assert report.gates[name].passed and not report.gates[name].findings, name


def test_facts_given_by_the_user_are_not_invented():
    ctx = CheckContext(topic="SQLite", notes=["Use CREATE_FULL to build it", "Version 4.5 added it"])
    assert sentence_problems("Call the `CREATE_FULL` function; versions like 4.5 have it.", ctx) == []


def test_the_notes_expansion_wins_over_the_usual_one():
    ctx = CheckContext(topic="Teams", notes=["Our PM (product marketer) owns the launch."])
    assert sentence_problems("The PM (product marketer) signs off.", ctx) == []
    found = sentence_problems("The PM (project manager) signs off.", ctx)
    assert [f.gate for f in found] == ["expansions"] and "your notes" in found[0].message


# --- the gates in the report: blocking, named sentences, locations ----------------------------

POST = """---
title: SQLite is enough
description: Why SQLite is enough for most web apps.
---

# SQLite is enough

**TL;DR:** WAL mode, which allows multiple writers to work at the same time, makes SQLite fast.

SQLite is a small database. LIMPAC (Limited Machine Learning Platform) is not needed.

## What WAL mode changes

WAL mode is a setting that writes changes to a log first. The above text is a bit too casual.

## When SQLite is not enough

WAL mode is a process that copies the database every night. Use versions like 4.5 for that.

## Wrapping up

Start with SQLite and measure. You're right, the 3 sentences are too long and hard for me to follow. SQLite is
a kind of SQLite.
"""


def test_gates_appear_in_the_report_blocking_by_default():
    ctx = CheckContext(topic="WAL mode in SQLite", notes=[WAL_NOTE])
    report = check_markdown(POST, ctx=ctx, config=NO_EMB)
    for name in SUBSTANCE_GATES:
        assert name in report.gates and name in DEFAULT_BLOCKING
        assert report.gates[name].blocking and not report.gates[name].passed, name
    assert not report.passed
    by_gate = {name: report.gates[name].findings for name in SUBSTANCE_GATES}
    contra = by_gate["contradictions"][0]
    assert isinstance(contra, SentenceFinding) and contra.severity == "error"
    assert contra.location == "TL;DR" and contra.sentence.startswith("WAL mode, which allows multiple")
    assert contra.sentence in contra.message
    assert by_gate["expansions"][0].location == "intro"
    assert by_gate["meta"][0].sentence == "The above text is a bit too casual."
    redef = by_gate["redefinition"][0]
    assert redef.location == "## When SQLite is not enough" and "process" in redef.message
    assert {f.message.split(": ", 1)[1].split(" in “")[0] for f in by_gate["terms"]} == {"'LIMPAC'", "'versions like 4.5'"}
    data = json.loads(json.dumps(report.to_dict()))
    sentences = data["gates"]["contradictions"]["value"]["sentences"]
    assert sentences[0]["where"] == "TL;DR" and sentences[0]["sentence"] == contra.sentence
    assert data["gates"]["meta"]["findings"][0]["sentence"] == "The above text is a bit too casual."


def test_gates_can_be_made_advisory_or_skipped():
    advisory = GateConfig(embeddings=False, blocking=["structure"], skip=["redefinition"])
    report = check_markdown(POST, ctx=CheckContext(notes=[WAL_NOTE]), config=advisory)
    assert "redefinition" not in report.gates
    assert all(f.severity == "warning" for name in ("terms", "expansions", "meta")
               for f in report.gates[name].findings)
    found = sentence_problems("Here is the revised paragraph.", None, config=advisory)
    assert found[0].severity == "warning"
    assert sentence_problems("Here is the revised paragraph.", None, config=GateConfig(skip=["meta"])) == []


def test_check_section_runs_the_substance_gates():
    report = check_section("LIMPAC (Limited Machine Learning Platform) is new. Here is the revised "
                           "paragraph.", "Tools", config=NO_EMB)
    assert {"terms", "expansions", "meta"} <= set(report.failed)
    assert report.gates["meta"].findings[0].location == "## Tools"


def test_problems_text_for_a_prompt():
    found = sentence_problems("LIMPAC (Limited Machine Learning Platform) is new.")
    text = substance_problems_text(found)
    assert "invented or unknown term: 'LIMPAC'" in text and "fabricated expansion" in text
    assert "“" not in text  # the sentence itself is not repeated


# --- the helpers -------------------------------------------------------------------------------

@pytest.mark.parametrize("short, long, ok", [
    ("LIMPAC", "Limited Machine Learning Platform", False), ("iKR", "iterated k-interactions", False),
    ("LREM", "Lawyer's Remedial", False), ("JAST", "James Webb Space Telescope", False),
    ("MLOps", "machine learning operations", True), ("JSON", "JavaScript Object Notation", True),
    ("XSS", "cross-site scripting", True), ("SaaS", "software as a service", True),
    ("K8s", "Kubernetes", True), ("TTL", "time to live", True), ("LLMs", "large language models", True),
    ("COBOL", "Common Business-Oriented Language", True), ("ETag", "entity tag", True),
])
def test_fits(short, long, ok):
    assert fits(short, long) is ok


@pytest.mark.parametrize("fact, sentence, flipped", [
    ("DNS queries usually travel over UDP port 53", "DNS queries usually travel over UDP port 443.", True),
    ("HTTPS uses port 443 by default", "HTTP uses port 80 by default.", False),
    ("The root zone is served by 13 named root server identities", "Each root server answers from many machines.", False),
    ("The root zone is served by 13 named root server identities", "The root zone is served by 12 root server identities.", True),
    ("no-cache means the cache must revalidate before reuse; it does not forbid storing it",
     "The no-cache directive forbids storing the response.", True),
    ("no-store forbids storing the response in any cache", "The no-cache directive allows a cache to store it.", False),
    ("Python 2 reached end of life on January 1, 2020", "Python 2.7 reached end of life on January 1, 2023.", True),
    ("Python 2 reached end of life on January 1, 2020", "Python 3.0 was released in December 2008.", False),
    ("Fines can reach 4 percent of global annual turnover or 20 million euros",
     "Fines can reach 20 million euros or 4 percent of global turnover.", False),
])
def test_flip(fact, sentence, flipped):
    assert bool(flip(fact, sentence)) is flipped


def test_key_terms_of_topics():
    assert key_terms("LLM Ops vs ML Ops")[:2] == ["LLM Ops", "ML Ops"]
    assert "KV cache" in key_terms("The KV cache in transformer inference")
    assert key_terms("How DNS works") == ["DNS"]


def test_labelled_set_is_committed_and_large_enough():
    rows = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) >= 40
    gates = {r["gate"] for r in rows}
    assert set(SUBSTANCE_GATES) <= gates
    assert {r["label"] for r in rows if r["gate"] == "contradictions"} == {0, 1}
    assert all(r["notes"] for r in rows if r["gate"] == "contradictions")


@pytest.mark.parametrize("sentence, flagged", [
    ("ML Ops is the practice of running large language models in production.", True),  # make post, 2026-11-30
    ("ML Ops is the practice of running machine learning models, including large language models, in production.", False),
    ("LLM Ops is a practice of running large language models in production.", False),
    ("LLM Ops is a type of AI used for writing, while ML (Machine Learning) is the next step.", False),
    ("ML Ops is a broader discipline than LLM Ops.", False),
])
def test_a_definition_given_to_the_wrong_term_is_flagged(sentence, flagged):
    from blogwright.checks import CheckContext
    from blogwright.checks.substance import sentence_problems

    found = [f for f in sentence_problems(sentence, CheckContext(topic="LLM Ops vs ML Ops")) if f.gate == "redefinition"]
    assert bool(found) is flagged, found
    if flagged:
        assert "the definition of 'LLM Ops'" in found[0].message


@pytest.mark.parametrize("sentence, gate", [
    ("The difference is that LIMPLEXO is a more focused approach.", "terms"),  # 8 capitals: invented too
    ("In the context of AI, ML Ops refers to a process where large language models are trained on data.", "redefinition"),
    ("In this context, ML OPS refers to an AI-powered process where large language models are trained.", "redefinition"),
    ("This is a concise explanation that covers both aspects: when to choose LLM Ops and when to choose ML Ops.", "meta"),
    ("The practice of ML Ops is a process where large language models are trained on data.", "redefinition"),
])
def test_what_a_bundled_model_post_still_carried_is_flagged(sentence, gate):
    """From a `make post` read end to end on 2026-11-30: each passed every gate before."""
    from blogwright.checks import CheckContext
    from blogwright.checks.substance import sentence_problems

    assert gate in {f.gate for f in sentence_problems(sentence, CheckContext(topic="LLM Ops vs ML Ops"))}


@pytest.mark.parametrize("sentence", ["This is a short walk from the station.", "IMPORTANT: back up first.",
                                      "In this context, a cache is a copy kept close to the reader."])
def test_ordinary_sentences_near_those_pass(sentence):
    from blogwright.checks import CheckContext
    from blogwright.checks.substance import sentence_problems

    assert sentence_problems(sentence, CheckContext(topic="LLM Ops vs ML Ops")) == []
