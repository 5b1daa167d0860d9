"""Invented terms: odd acronyms and casing found nowhere in the brief or the word lists."""

from __future__ import annotations

from blogwright.checks import CheckContext, GateConfig, invented_terms, parse_markdown
from blogwright.checks.terms import gate_terms

INVENTED = ("Teams now adopt LOne-Layer Reinforcement Learning for their agents. "
            "The LLLM Ops stack is new, and the QZX protocol glues it together.")


def test_invented_terms_found():
    assert invented_terms(INVENTED) == ["LOne-Layer Reinforcement Learning", "LLLM Ops", "QZX"]


def test_known_terms_pass():
    text = ("We use SQLAlchemy, MLflow, PyTorch and JavaScript with NVIDIA GPUs and REST APIs. "
            "This is VERY important. Retrieval Augmented Generation (RAG) helps LLMs. "
            "Part II covers Reinforcement Learning, LLM Ops and ML Ops on AWS.")
    assert invented_terms(text) == []


def test_normal_texts_have_no_invented_terms(prose, good_post):
    assert invented_terms(prose) == []
    assert invented_terms(good_post) == []


def test_seed_odd_casing(seed):
    assert invented_terms(seed) == ["BLogs"]


def test_terms_from_the_brief_are_allowed():
    ctx = CheckContext(topic="QZX protocol basics", notes=["LLLM Ops is our in-house name"],
                       sources_text="LOne-Layer is a product of ACME")
    assert invented_terms(INVENTED, ctx) == []


def test_acronym_defined_in_text_is_allowed():
    assert invented_terms("A Zero Knowledge Proof (ZKP) is neat. ZKP wins.") == []
    assert invented_terms("ZKP wins.") == ["ZKP"]


def test_code_is_ignored():
    assert invented_terms("Run `LLLM Ops` or see https://x.io/QZXQ.") == []


def test_gate_reports_each_term_once_with_location():
    md = f"# Title\n\nIntro.\n\n## Part\n\n{INVENTED}\n\nAgain the LLLM Ops stack.\n"
    result = gate_terms(parse_markdown(md), None, GateConfig())
    assert not result.passed and result.blocking  # blocking by default since issue 13
    assert result.value["invented"] == ["'LOne-Layer Reinforcement Learning'", "'LLLM Ops'", "'QZX'"]
    assert result.findings[0].location == "## Part, paragraph 1"
    assert result.findings[0].severity == "error"
    assert result.findings[0].sentence == "Teams now adopt LOne-Layer Reinforcement Learning for their agents."
    assert result.findings[1].sentence.startswith("The LLLM Ops stack is new")
    assert not gate_terms(parse_markdown(md), None, GateConfig(blocking=[])).findings[0].severity == "error"
    assert gate_terms(parse_markdown(md), None, GateConfig(max_invented_terms=3)).passed


def test_bracketed_expansion_is_a_separate_phrase():
    text = "The gap between LIMPAC (Limited Machine Learning Platform) and ML Ops is large."
    assert invented_terms(text) == ["LIMPAC"]
