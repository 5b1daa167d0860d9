"""The `voice` gate for `blogwright check --voice`: closest voice, percentile, phrases cut before."""

from pathlib import Path

from blogwright.checks.parse import parse_markdown
from blogwright.checks.settings import GateConfig
from blogwright.voices.feedback import apply_feedback
from blogwright.voices.gate import gate_voice
from blogwright.voices.learn import learn_voice

DATA = Path(__file__).parent / "data"
FB = DATA / "feedback"


class Ctx:
    voice = "chatty"


def test_gate_passes_the_users_style_and_flags_a_generic_draft():
    learn_voice([DATA / "chatty"], "chatty")
    for name in ("cold-brew", "watering"):
        apply_feedback(FB / f"{name}.md", draft=FB / f"{name}.draft.md")
    edited = gate_voice(parse_markdown((FB / "watering.md").read_text()), Ctx(), GateConfig())
    assert edited.passed and edited.score > 0.9 and all(f.severity == "info" for f in edited.findings)
    assert edited.findings[0].message.startswith("reads like chatty: closer to chatty than")  # the verdict, said once
    draft = gate_voice(parse_markdown((FB / "watering.draft.md").read_text()), None, GateConfig())  # front matter
    messages = [f.message for f in draft.findings]
    assert not draft.passed and draft.value["voice"] == "chatty" and "reads more like plain-expert than like chatty" in messages[0]
    # no percentile beside "reads more like": "closer to it than 100%" contradicted it; the score agrees with the warning
    assert "%" not in messages[0] and "chatty is only the" in messages[0] and draft.score < 1.0
    assert "'I'" in draft.findings[0].suggestion
    assert "a phrase you cut before: 'it is important to note that'" in messages


def test_gate_skips_without_a_known_voice():
    doc = parse_markdown("# Title\n\nSome prose here, plainly said.\n")
    result = gate_voice(doc, None, GateConfig())
    assert result.passed and result.value == {"skipped": "no voice given"}
    doc = parse_markdown("---\nvoice: my-old.yaml\n---\n# Title\n\nSome prose here.\n")
    assert gate_voice(doc, None, GateConfig()).value["skipped"].startswith("no profile")
