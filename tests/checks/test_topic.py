"""On-topic gate with the real all-MiniLM-L6-v2 (loaded once per module) and the fallback."""

from __future__ import annotations

import pytest
import yaml

from blogwright import embeddings
from blogwright.checks import CheckContext, GateConfig, paragraph_similarities, parse_markdown
from blogwright.checks import topic as topic_mod
from blogwright.checks.topic import CALIBRATION, gate_on_topic, lexical_similarity


@pytest.fixture(scope="module")
def model():
    m = topic_mod.load_model()
    if m is None:
        pytest.fail(f"embedding model did not load: {embeddings.failure()}")
    return m


@pytest.fixture(scope="module")
def calibration(data):
    return yaml.safe_load(data("topics.yaml"))


def test_model_path_found_in_installed_package():
    path = embeddings.model_path()
    assert path is not None and (path / "modules.json").is_file()


def test_calibration_numbers_hold(model, calibration):
    """The threshold separates on-topic from clearly off-topic paragraphs (see topic.py)."""
    on, off, point_on, point_off = [], [], [], []
    for case in calibration:
        texts = [*case["good"], case["bad"]]
        sims = paragraph_similarities(texts, case["topic"])
        psims = paragraph_similarities(texts, case["point"])
        on += sims[:2]
        off.append(sims[2])
        point_on += psims[:2]
        point_off.append(psims[2])
    threshold = GateConfig().min_topic_similarity
    assert threshold == CALIBRATION["threshold"]
    assert min(on) == pytest.approx(CALIBRATION["on_min"], abs=0.02)
    assert max(off) == pytest.approx(CALIBRATION["off_max"], abs=0.02)
    assert min(on) > threshold > max(off)
    assert min(point_on) > GateConfig().min_point_similarity > max(point_off)


def test_gate_passes_on_topic_post(model, good_post):
    point = "why pinning versions makes installs repeatable"
    ctx = CheckContext(topic="Keeping Python dependencies under control",
                       headings_points={"Pin Your Versions": point})
    result = gate_on_topic(parse_markdown(good_post), ctx, GateConfig())
    assert result.passed and result.findings == []
    assert result.value["method"] == "embeddings"
    assert result.value["sections"]["## Pin Your Versions"]["point"] > 0.4
    assert result.value["min_topic"] > 0.2


def test_gate_flags_off_topic_section(model, good_post, calibration):
    off = calibration[0]["bad"]  # sourdough
    head = good_post.split("## Pin Your Versions")[0]
    md = head + f"## Pin Your Versions\n\n{off}\n\n## Wrapping Up\n\nDone."
    ctx = CheckContext(topic="Keeping Python dependencies under control")
    result = gate_on_topic(parse_markdown(md), ctx, GateConfig())
    assert not result.passed and result.blocking
    errors = [f for f in result.findings if f.severity == "error"]
    assert [f.location for f in errors] == ["## Pin Your Versions"]


def test_strays_from_point_is_a_warning(model):
    md = ("# T\n\nIntro about Python packages and versions.\n\n## Pin Your Versions\n\n"
          "A virtual environment keeps each Python project's packages in its own folder.\n")
    ctx = CheckContext(topic="Keeping Python dependencies under control",
                       headings_points={"Pin Your Versions": "how a sourdough loaf proofs"})
    result = gate_on_topic(parse_markdown(md), ctx, GateConfig())
    assert result.passed
    assert [f.severity for f in result.findings] == ["warning"]


def test_the_topic_sections_and_points_are_embedded_in_one_call(model, monkeypatch):
    """Issue 28: one MiniLM call per gate (a point's own call re-read every weight for a dozen tokens);
    each point is still compared with its own section."""
    calls: list[list[str]] = []
    real = topic_mod.embed
    monkeypatch.setattr(topic_mod, "embed", lambda texts: calls.append(list(texts)) or real(texts))
    md = ("# T\n\nIntro about Python packages and versions, pinned.\n\n## Pin Your Versions\n\n"
          "A virtual environment keeps each Python project's packages in its own folder.\n\n"
          "## Lock Files\n\nA lock file records the exact version of every package you install.\n")
    points = {"Pin Your Versions": "how a sourdough loaf proofs", "Lock Files": "what a lock file records"}
    ctx = CheckContext(topic="Keeping Python dependencies under control", headings_points=points)
    result = gate_on_topic(parse_markdown(md), ctx, GateConfig())
    assert len(calls) == 1 and calls[0][-2:] == list(points.values())
    sections = result.value["sections"]
    assert sections["## Lock Files"]["point"] > 0.4 > 0.1 > sections["## Pin Your Versions"]["point"]  # each its own
    assert [f.location for f in result.findings] == ["## Pin Your Versions"]  # the sourdough point strays


def test_no_topic_skips():
    result = gate_on_topic(parse_markdown("# T\n\nText here about things.\n"), None, GateConfig())
    assert result.passed and result.findings[0].severity == "info"


def test_lexical_fallback_without_embeddings(calibration):
    case = calibration[1]
    assert lexical_similarity(case["good"][0], case["topic"]) > 0
    assert lexical_similarity(case["bad"], case["topic"]) == 0
    md = f"# T\n\n{case['good'][0]}\n\n## Other\n\n{case['bad']}\n"
    result = gate_on_topic(parse_markdown(md), CheckContext(topic=case["topic"]),
                           GateConfig(embeddings=False))
    assert result.passed and result.value["method"] == "lexical"  # weak evidence: warnings only
    assert [(f.severity, f.location) for f in result.findings] == [("warning", "## Other")]


def test_long_text_is_chunked(model):
    long = " ".join(["Python packages and pinned versions keep installs repeatable."] * 60)
    (sim,) = paragraph_similarities([long], "Keeping Python dependencies under control")
    assert 0.3 < sim <= 1.0
