"""Mangled key terms: the brief's own term written wrong ("Lambda Ops" for "LLM Ops", "SQLLite",
"SQL Lite", "Kubernates"), caught by the terms gate and repaired or cut by the pipeline."""

from __future__ import annotations

import pytest

from blogwright.backends.fake import FakeBackend
from blogwright.checks import CheckContext, GateConfig, parse_markdown
from blogwright.checks.substance import sentence_problems as all_problems
from blogwright.checks.terms import gate_terms, term_problems
from blogwright.checks.terms_mangled import distance, key_terms, mangled_terms
from blogwright.model.brief import make_brief
from blogwright.pipeline.run import write_post
from blogwright.pipeline.substance import fix_phrase, sentence_problems
from blogwright.voices import load_voice

LLM = "LLM Ops vs ML Ops"
NEW = "LLM Ops for newbies"
SQ = "SQLite is enough for most web apps"
K8 = "Kubernetes for beginners"
PG = "What VACUUM does in PostgreSQL"


@pytest.mark.parametrize(("topic", "sentence", "phrase", "key"), [
    (LLM, "Lambda Ops is a type of machine learning model.", "Lambda Ops", "LLM Ops"),
    (LLM, "In practice, leverage the power of Lambda Ops to grow.", "Lambda Ops", "LLM Ops"),
    (NEW, "LIMITER OPS: the basics every newbie should know.", "LIMITER OPS", "LLM Ops"),
    (LLM, "LIMIT-OPS is a practice of running large language models.", "LIMIT-OPS", "LLM Ops"),
    (LLM, "Llama Ops is a type of AI.", "Llama Ops", "LLM Ops"),
    (NEW, "Our LambdaOps stack is small.", "LambdaOps", "LLM Ops"),
    (SQ, "Many small teams run SQLLite in production.", "SQLLite", "SQLite"),
    (SQ, "SQL Lite keeps the whole database in one file.", "SQL Lite", "SQLite"),
    (K8, "Kubernates schedules your containers.", "Kubernates", "Kubernetes"),
    (K8, "Restart it with Kuberentes.", "Kuberentes", "Kubernetes"),  # a swap of two letters
    (PG, "Postgre SQL runs it in the background.", "Postgre SQL", "PostgreSQL"),
    ("The Python global interpreter lock", "Pyhton releases the GIL.", "Pyhton", "Python"),
])
def test_mangled_key_terms_are_found(topic, sentence, phrase, key):
    assert mangled_terms(sentence, CheckContext(topic=topic)) == [(phrase, key)]


@pytest.mark.parametrize(("topic", "sentence"), [
    (LLM, "LLM Ops borrows a lot from ML Ops, but prompts are new."),
    (NEW, "Most LLMOps work is plumbing: llm ops tools, LLM-Ops dashboards, Llm Ops logs."),
    (NEW, "DevOps, MLOps, AIOps and ModelOps teams ship models safely."),
    (NEW, "Put a rate limiter in front of the LLM API."),
    (NEW, "AWS Lambda can host a small model; Lambda functions start cold."),
    (NEW, "LLMs need evaluation sets."),
    (LLM, "Large Language Model Ops (LLM Ops) extends Machine Learning Ops; LLM OPS, Llm-ops."),
    (LLM, "Linux Ops, Lean Ops, Modern Ops and Marketing Ops teams differ."),
    (NEW, "Log every prompt in `LambdaOps.log` first."),  # code is not prose
    (SQ, "SQLite3 ships with Python; SQLite's file is portable."),
    (SQ, "Postgres and MySQL need a server process; MS SQL does too."),
    (SQ, "Use a site like this one to test it."),
    (K8, "Kubernetes uses kubectl, kubelet and Helm charts."),
    (PG, "PostgreSQL's autovacuum daemon runs VACUUM, and Postgres users rarely call it."),
    ("The Python global interpreter lock", "Cython, Jython and PyPy run Python code."),
    ("Choosing MySQL for a small web app", "The MSSQL and MySQL dialects differ."),
    ("Why serverless functions have cold starts", "The server uses a warm pool."),
])
def test_real_terms_near_the_key_term_pass(topic, sentence):
    assert mangled_terms(sentence, CheckContext(topic=topic)) == []


def test_a_near_miss_the_brief_itself_uses_passes():
    notes = ["Lambda Ops is our platform team's name for serverless on-call"]
    ctx = CheckContext(topic=NEW, notes=notes)
    assert mangled_terms("Lambda Ops is what our platform team calls its rota.", ctx) == []
    assert mangled_terms("SQL Lite is fine.", CheckContext(topic=SQ, sources_text="SQL Lite, a fork")) == []


def test_without_a_brief_nothing_is_mangled():
    assert mangled_terms("Lambda Ops and SQLLite.", None) == []
    assert mangled_terms("Lambda Ops and SQLLite.", CheckContext()) == []


def test_key_terms_of_the_brief():
    assert {k.text for k in key_terms((NEW,))} == {"LLM", "LLM Ops"}
    assert {k.text for k in key_terms(("Our LLMOps budget",))} >= {"LLMOps", "LLM Ops"}
    # a title-case topic gives its names, not every capitalised word
    assert {k.text for k in key_terms(("SQLite Is Enough for Most Web Apps",))} == {"SQLite"}
    assert "Python" in {k.text for k in key_terms(("How to set up a Python virtual environment",))}
    assert "Kubernetes" in {k.text for k in key_terms((K8,))}  # no dictionary knows it


def test_distance_counts_a_swap_once_and_stops_at_the_limit():
    assert distance("python", "pyhton") == 1
    assert distance("sqlite", "sqllite") == 1
    assert distance("kubernetes", "kubernates") == 1
    assert distance("postgres", "postgis", limit=1) == 2
    assert distance("abc", "abcdefgh", limit=2) == 3


def test_the_terms_gate_names_the_sentence_once_per_phrase():
    md = ("# LLM Ops for Newbies\n\nLLM Ops is how teams run models.\n\n## Basics\n\n"
          "Lambda Ops is a type of machine learning model. Again, Lambda Ops helps.\n\n"
          "Many teams run SQLLite too.\n")
    ctx = CheckContext(topic="LLM Ops for newbies with SQLite")
    result = gate_terms(parse_markdown(md), ctx, GateConfig())
    assert not result.passed and result.blocking
    assert result.value["mangled"] == ["'Lambda Ops' (the brief writes 'LLM Ops')",
                                       "'SQLLite' (the brief writes 'SQLite')"]
    assert result.value["invented"] == ["'Lambda Ops'", "'SQLLite'"]
    assert result.findings[0].sentence == "Lambda Ops is a type of machine learning model."
    assert result.findings[0].location == "## Basics, paragraph 1"
    assert result.findings[0].severity == "error"
    assert "LLM Ops" in result.findings[0].suggestion


def test_a_mangled_term_is_said_once_not_also_as_invented():
    ctx = CheckContext(topic=PG)
    problems = term_problems("The PostgreSQL VACCUM command reclaims space.", ctx)
    assert [p.message for p in problems] == ["mangled key term: 'VACCUM' (the brief writes 'VACUUM')"]


def test_allowed_words_are_not_flagged():
    ctx = CheckContext(topic=NEW)
    assert term_problems("Lambda Ops is here.", ctx)
    assert not term_problems("Lambda Ops is here.", ctx, config=GateConfig(allow_words=["Lambda Ops"]))


def test_the_substance_door_returns_a_terms_finding_with_the_sentence():
    sentence = "Lambda Ops is a type of machine learning model."
    found = all_problems(sentence, CheckContext(topic=NEW))
    assert [f.gate for f in found] == ["terms"]
    assert found[0].sentence == sentence and found[0].severity == "error"
    assert fix_phrase(found[0]) == "writing 'LLM Ops', not 'Lambda Ops'"


# --- the pipeline repairs or cuts the sentence (fake backend) ------------------------------------

MANGLED = "Lambda Ops keeps models healthy in production"
GOOD = "Teams watch their models in production and fix problems before users notice them"
CLEAN_FIX = "LLM Ops keeps models healthy in production."


# with a made-up expansion the spelling alone cannot be mended: the fix call's job (issue 28)
MANGLED_EXPANDED = "Lambda Ops (Lambda Machine Learning Operations) keeps models healthy in production"


def _responder(insist: bool, mangled: str = MANGLED):
    count = iter(range(10_000))

    def respond(messages, params):
        prompt = messages[-1].content
        if "Rewrite in one plain sentence" in prompt:
            return prompt.rsplit(": ", 1)[1] if insist else CLEAN_FIX
        n = next(count)
        return (f"{mangled} for team {n}. {GOOD}, says team {n}. "
                f"Team {n} knows that good habits pay off over many months.")

    return respond


def _write(insist: bool, mangled: str = MANGLED):
    fake = FakeBackend(function=_responder(insist, mangled))
    brief = make_brief(topic=NEW, words=400)
    post = write_post(brief, load_voice("plain-expert"), fake)
    body = "\n".join([post.intro, *(s.text for s in post.sections), post.conclusion])
    return post, fake, body


def test_the_pipeline_sees_the_mangled_term_as_a_blocking_problem():
    assert sentence_problems(f"{MANGLED}.", CheckContext(topic=NEW))
    assert not sentence_problems(CLEAN_FIX, CheckContext(topic=NEW))


def test_the_pipeline_respells_a_mangled_term_without_a_fix_call():
    post, fake, body = _write(insist=True)  # a fix call would give the sentence back unchanged
    assert "Lambda Ops" not in body and "LLM Ops keeps models healthy in production for team" in body
    assert not [c for c in fake.calls if "Rewrite in one plain sentence" in c.prompt]
    repaired = post.report.substance["repaired"]
    assert repaired and all(r["problem"].startswith("mangled key term: 'Lambda Ops'") and r["new"].startswith("LLM Ops")
                            for r in repaired)


def test_the_pipeline_regenerates_a_sentence_with_a_mangled_term_it_cannot_respell():
    post, fake, body = _write(insist=False, mangled=MANGLED_EXPANDED)
    assert "Lambda Ops" not in body and CLEAN_FIX in body
    assert [c for c in fake.calls if "Rewrite in one plain sentence" in c.prompt]
    assert post.report.substance["repaired"]


def test_the_pipeline_cuts_a_sentence_whose_rewrite_keeps_the_mangled_term():
    post, _, body = _write(insist=True, mangled=MANGLED_EXPANDED)
    assert "Lambda Ops" not in body and GOOD in body
    cut = post.report.substance["cut"]
    assert cut and all(c["sentence"].startswith("Lambda Ops") for c in cut)
