"""Instructions of our own prompts echoed into a post ("Mention sqlite."), and emphasis left open
("**Air is what keeps it…"): the `leaks` gate flags both; `instruction_echo` is the pure test the
pipeline's cleaning can call per sentence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from blogwright import prompts
from blogwright.checks import GateConfig, parse_markdown
from blogwright.checks.leaks import LABELS, gate_leaks, instruction_echo, template_lines, unclosed_emphasis
from blogwright.checks.prose import sentences
from blogwright.checks.types import CheckContext
from blogwright.model.brief import Audience
from blogwright.voices import load_voice

DATA = Path(__file__).parent / "data" / "leaks_labelled.jsonl"
ROWS = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]

# What the user or the pipeline puts into a prompt (their words, not our instructions).
USER = {"definitions": ["Here, WAL means write-ahead logging."], "brief_instructions": "Write it like a letter.",
        "instruction": "Make it funny.", "notes": ["WAL lets readers work while one writer writes"],
        "text": "USER TEXT TO SUMMARIZE."}
CONTEXTS = {
    "conclusion": [dict(sentences=2, topic="SQLite", points=["it is small", "it is fast"])],
    "fact": [dict(sentences=3, fact="WAL lets readers work while one writer writes.")],
    "fix": [dict(fix="without the made-up term 'LIMPAC'", sentence="LIMPAC is fast.")],
    "intro": [dict(sentences=3, topic="SQLite", keywords=["sqlite", "wal"])],
    "outline": [dict(n=4, topic="SQLite", keywords=["sqlite", "wal"], json=flag) for flag in (False, True)],
    "section": [dict(sentences=4, point="why WAL helps", fact="WAL lets readers work.", fix=["repeated sentences"])],
    "single_shot": [dict(words=600, topic="SQLite", keywords=["sqlite"])],
    "summary": [dict(sentences=3, topic="SQLite")],
    "system": [dict(voice=load_voice(name), persona_line="") for name in ("snarky-mentor", "friendly-teacher", "plain-expert")],
    "title": [dict(topic="SQLite")],
}


def _instruction_sentences():
    """Every sentence of every template, rendered with every branch on, minus the user's words."""
    user_lines = {*USER["definitions"], USER["brief_instructions"], USER["instruction"], USER["text"],
                  *(f"- {n}" for n in USER["notes"])}
    for name in prompts.names():
        for context in CONTEXTS[name]:
            for audience in Audience:
                text = prompts.render(name, audience=audience, **{**USER, **context}).text
                for line in text.splitlines():
                    if line.strip() and line.strip() not in user_lines and line.strip() != context.get("fact"):
                        yield from ((name, s) for s in sentences(line))


def test_every_template_has_a_context_here():
    assert set(CONTEXTS) == set(prompts.names()), "a new template: add its context and check its lines"


def test_every_template_instruction_is_caught():
    seen = list(_instruction_sentences())
    assert len({n for n, _ in seen}) == len(prompts.names())
    missed = [(n, s) for n, s in seen if not instruction_echo(s)
              and not (s.startswith("Avoid:") and LABELS.search(s))]  # "Avoid:" is left to LABELS (see TEMPLATE_LABELS)
    assert missed == []


def test_the_template_lines_are_read_from_the_templates():
    lines = [line for _, line in template_lines()]
    assert 'Mention {{ keywords | join(" and ") }}.' in lines and "Reply with the title only." in lines
    assert not any(line.startswith("{{") and line.endswith("}}") for line in lines)  # a bare variable is the user's


@pytest.mark.parametrize("row", [r for r in ROWS if not r.get("held_out")], ids=lambda r: r["sentence"][:40])
def test_labelled_sentences(row):
    assert instruction_echo(row["sentence"], row.get("keywords", ())) is row["label"], row["why"]


def test_precision_and_recall_on_every_labelled_row():
    """The held-out rows were written after the rules and scored once before any change (P 0.71,
    R 0.62); one fix followed (a lead-in: "In this section, mention compost."). Known misses stay."""
    got = [(instruction_echo(r["sentence"], r.get("keywords", ())), r["label"]) for r in ROWS]
    tp = sum(g and lab for g, lab in got)
    precision = tp / sum(g for g, _ in got)
    recall = tp / sum(lab for _, lab in got)
    assert len(ROWS) >= 40 and precision >= 0.94 and recall >= 0.94, (precision, recall)


def _gate(md, ctx=None):
    return gate_leaks(parse_markdown(md), ctx, GateConfig())


def test_the_reported_leak_fails_the_gate():
    md = "# Composting at home\n\n**TL;DR:** Compost your scraps.\n\nMention compost. Worms turn scraps into soil.\n"
    result = _gate(md)
    assert not result.passed and result.value["instructions"] == 1
    assert any("echoed prompt instruction: 'Mention compost.'" in f.message for f in result.findings)


def test_keywords_come_from_the_context_or_the_front_matter():
    md = "# SQLite\n\nMention sqlite in it. SQLite is a small database.\n"
    assert _gate(md).passed  # "Mention X in it." names nothing of ours...
    assert not _gate(md, CheckContext(keywords=["sqlite"])).passed  # ...unless X is the keyword
    assert not _gate("---\ntags: [sqlite]\n---\n" + md).passed


def test_instructions_to_the_reader_pass():
    md = ("# How to compost at home\n\nStart small. Use a bin with a lid. Do not overwater the pile.\n\n"
          "- Keep the lid closed.\n- Mention it to your neighbours first.\n\nMention of WAL mode is rare in docs.\n")
    result = _gate(md)
    assert result.passed and result.value["instructions"] == 0, result.findings


def test_a_label_is_reported_once():
    result = _gate("# T\n\nExplain in 3 sentences for a beginner: pins. Pins help.\n")
    assert result.value["labels"] == 1 and result.value["instructions"] == 0


@pytest.mark.parametrize("text, marker", [
    ("**Air is what keeps it…", "**"), ("Air is what keeps it** going.", "**"), ("__Air is what keeps it.", "__"),
    ("*Air is what keeps it going.", "*"), ("It works. ***Really", "***"),
])
def test_unclosed_emphasis_is_found(text, marker):
    assert [m for m, _ in unclosed_emphasis(text)] == [marker]


@pytest.mark.parametrize("text", [
    "**Bold** and *italic* and __strong__ and _em_.", "2 * 3 = 6 and 5*3 = 15.", "Run `**kwargs` or `a * b`.",
    "snake_case and __init__ are names.", "A footnote\\* escaped.", "- a list\n- of items", "**TL;DR:** short.",
])
def test_balanced_or_literal_asterisks_are_fine(text):
    assert unclosed_emphasis(text) == []


def test_unclosed_bold_fails_the_gate_but_not_in_code():
    result = _gate("# T\n\nIntro here.\n\n**Air is what keeps it going. Turn the pile weekly.\n")
    assert not result.passed and result.value["markup"] == 1
    assert "emphasis never closed: '**Air is what keeps it going." in result.findings[0].message
    assert _gate("# T\n\nIntro here.\n\n```\n**not closed\n```\n\nDone here.\n").passed
    lone = _gate("# T\n\nIntro here.\n\n*Prices vary by shop.\n")
    assert lone.passed and lone.value["markup"] == 1 and lone.findings[0].severity == "warning"


@pytest.mark.parametrize("sentence", ["Use compost in your garden.", "Include greens and browns in every layer.",
                                      "Cover the compost pile with leaves."])
def test_an_instruction_to_the_reader_naming_the_keyword_is_not_an_echo(sentence):
    assert not instruction_echo(sentence, ["home composting", "compost"])
