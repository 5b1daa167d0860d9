"""The public API: check_markdown, check_section, Report, GateConfig.load."""

from __future__ import annotations

import json

import pytest

from blogwright.checks import (
    ALL_GATES,
    DEFAULT_BLOCKING,
    CheckContext,
    Finding,
    GateConfig,
    GateResult,
    Report,
    check_markdown,
    check_section,
)
from blogwright.core.errors import BadInput
from blogwright.pipeline.gates import check_post

NO_EMB = GateConfig(embeddings=False)


def _ctx(**kw):
    base = dict(topic="Keeping Python dependencies under control", keywords=["dependencies", "pip"],
                target_words=450, audience="newbie", planned_sections=4)
    return CheckContext(**{**base, **kw})


def test_good_post_passes_every_gate(good_post):
    report = check_post(good_post, ctx=_ctx(), config=NO_EMB)
    assert report.passed
    assert set(report.gates) == set(ALL_GATES)
    assert list(report.gates)[-1] == "voice"  # the voice gate (voices/) runs after the gates of checks/
    assert "voice" not in check_markdown(good_post, ctx=_ctx(), config=NO_EMB).gates
    assert all(g.passed for g in report.gates.values()), report.failed
    assert not [f for f in report.findings if f.severity != "info"]
    assert report.score > 0.9


def test_seed_fails_and_findings_are_json(seed):
    report = check_markdown(seed, ctx=_ctx(topic="LLM Ops versus ML Ops", target_words=600),
                            config=NO_EMB)
    assert not report.passed
    assert {"structure", "glued"} <= set(report.failed)
    data = json.loads(json.dumps(report.to_dict()))
    assert data["passed"] is False and data["counts"]["error"] >= 4
    glued = data["gates"]["glued"]["findings"][0]
    assert glued["suggestion"] == "We're jovial looking" and glued["severity"] == "error"


def test_without_context_gates_needing_it_skip(good_post):
    report = check_markdown(good_post)  # ctx None: no topic, no target, no audience
    assert report.passed
    for name in ("length", "on_topic", "reading"):
        assert report.gates[name].passed
        assert report.gates[name].findings[0].severity == "info"


def test_score_ranks_candidates(good_post):
    bad = good_post.replace("Pinned versions make your installs repeatable.",
                            "Pinned versions make your installs repeatable. <|im_end|>")
    good_r = check_markdown(good_post, ctx=_ctx(), config=NO_EMB)
    bad_r = check_markdown(bad, ctx=_ctx(), config=NO_EMB)
    assert not bad_r.passed and bad_r.failed == ["leaks"]
    assert good_r.score > bad_r.score


def test_blocking_and_skip_are_configurable(seed):
    cfg = GateConfig(embeddings=False, blocking=["glued"], skip=["structure", "on_topic"])
    report = check_markdown(seed, config=cfg)
    assert "structure" not in report.gates and "on_topic" not in report.gates
    assert not report.passed  # glued still blocks
    assert check_markdown(seed, config=GateConfig(blocking=[], embeddings=False)).passed


def test_check_section_runs_section_gates():
    text = "We'rejoviallooking forward to it. Topic: pins. The model stops in the middle of"
    report = check_section(text, "Pin Your Versions", config=NO_EMB)
    assert set(report.gates) == {"glued", "spelling", "repetition", "terms", "leaks", "expansions",
                                 "contradictions", "redefinition", "meta", "civility", "nonsense"}
    assert set(report.failed) == {"glued", "leaks"}
    locs = {f.location for f in report.findings if f.severity == "error"}
    assert locs == {"## Pin Your Versions", "## Pin Your Versions, line 1"}


def test_check_section_on_topic_with_context():
    report = check_section("Sourdough starter needs flour and water every day to stay alive and "
                           "bubbly.", "Pin Your Versions", ctx=_ctx(), config=NO_EMB)
    assert "on_topic" in report.gates
    assert report.gates["on_topic"].value["method"] == "lexical"


def test_report_helpers():
    f = Finding("x", "error", "bad", "line 1", "fix")
    report = Report({"x": GateResult("x", False, True, 0.5, None, [f]),
                     "y": GateResult("y", False, False, 1.0, {"a": 1}, [])})
    assert not report.passed and report.failed == ["x", "y"] and report.findings == [f]
    assert report.score == pytest.approx((2 * 0.5 + 1.0) / 3 - 1, abs=1e-5)
    assert Report().passed and Report().score == 0.0


def test_gate_config_load_merges_config_file(_isolated_home):
    (_isolated_home / "config.yaml").write_text("gates:\n  max_rep4: 0.3\n  blocking: [glued]\n")
    cfg = GateConfig.load(min_sections=2)
    assert cfg.max_rep4 == 0.3 and cfg.blocking == ["glued"] and cfg.min_sections == 2
    assert GateConfig().blocking == DEFAULT_BLOCKING


def test_gate_config_rejects_unknown_settings(_isolated_home):
    (_isolated_home / "config.yaml").write_text("gates:\n  max_rep5: 0.3\n")
    with pytest.raises(BadInput, match="max_rep5"):
        GateConfig.load()
    with pytest.raises(BadInput, match="unknown gate"):
        GateConfig.load(blocking=["nope"])


def test_context_from_brief():
    from blogwright.model.brief import make_brief
    from blogwright.model.post import Outline, SectionPlan

    brief = make_brief(topic="Pins", audience="expert", words=300, keywords=["pip"])
    outline = Outline(title="T", intro_words=50, conclusion_words=50,
                      sections=[SectionPlan(heading="A", point="pa", words=90)])
    ctx = CheckContext.from_brief(brief, outline)
    assert (ctx.audience, ctx.target_words, ctx.planned_sections) == ("expert", 300, 1)
    assert ctx.headings_points == {"A": "pa"} and "pip" in ctx.vocabulary()
