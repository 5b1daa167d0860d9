"""Issue 25, item 1: a normal brief read whole. The request sentence is told from the persona, the
reader, the tone and the parts; no sentence is cut to make a topic; every numbered point is a part;
the title comes from the subject, not a clause; `--brief -` reads stdin."""

from __future__ import annotations

from typer.testing import CliRunner

from blogwright.briefs import brief_from_request, prompt_instructions, read_request
from blogwright.cli import app
from blogwright.model.brief import make_brief
from blogwright.pipeline.plan import fallback_title
from blogwright.text import english

SOURDOUGH = (
    "You are a hobby baker who has kept the same sourdough starter alive for six years. Write a blog post for "
    "people who just got their first starter from a friend and are scared they will kill it within a week. "
    "Cover these points, in this order: 1. Feeding: how often, how much flour and water, and what to do when you "
    "go on holiday. 2. Reading the signs: bubbles, smell, the hooch on top, and when a bad smell is normal. "
    "3. Reviving a neglected starter that has sat in the back of the fridge for a month. Explain what to feed it "
    "first and how long it takes to come back. Use a warm, reassuring tone and avoid jargon. About 600 words.")


def test_the_sourdough_request_is_read_whole():
    r = read_request(SOURDOUGH)
    assert r.topic == "Your first sourdough starter"  # the subject, not "Who just got ... they will"
    assert r.persona_line.startswith("a hobby baker who has kept the same sourdough starter")
    assert r.reader == ("people who just got their first starter from a friend and are scared they will kill it "
                        "within a week")  # the whole clause, not cut
    assert r.audience == "newbie"
    assert r.tone == "warm, reassuring"
    assert r.words == 600
    assert [p.heading for p in r.parts] == ["Feeding", "Reading the Signs", "Reviving a Neglected Starter"]
    assert "how long it takes to come back" in r.parts[2].point  # the last point keeps its own sentences
    assert r.instructions == ["Use a warm, reassuring tone and avoid jargon."]
    assert not any("kill it" in i.lower() or "these points" in i.lower() for i in r.instructions)


def test_the_reader_clause_reaches_the_prompts_whole():
    u = brief_from_request(SOURDOUGH)
    line = prompt_instructions(u.brief, max_words=60)
    assert "scared they will kill it within a week." in line


def test_the_title_is_made_from_the_subject_and_reads_as_english():
    u = brief_from_request(SOURDOUGH)
    titles = {fallback_title(u.brief, seed) for seed in range(3)}
    assert all(not english.problem(t) for t in titles), titles
    assert all("Sourdough Starter" in t and "Scared" not in t and "Who" not in t for t in titles)


def test_a_title_template_that_is_not_english_falls_back():
    brief = make_brief(topic="Three habits that make code review less painful", audience="practitioner", words=600)
    titles = [fallback_title(brief, seed) for seed in range(3)]
    assert "Getting Three Habits That Make Code Review Less Painful Right" not in titles
    assert all(not english.problem(t) for t in titles)


def test_brief_dash_reads_stdin():
    r = CliRunner().invoke(app, ["write", "--brief", "-", "--show-brief"], input=SOURDOUGH)
    assert r.exit_code == 0, r.output
    assert "topic:        Your first sourdough starter" in r.output
    assert "no such brief file" not in r.output
