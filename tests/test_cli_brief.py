"""`blogwright write` with a request: as the argument, from --brief FILE, from stdin (-); --show-brief;
--outline FILE; a request for something that is not an article."""

from __future__ import annotations

import json

import yaml
from typer.testing import CliRunner

from blogwright.cli import app

runner = CliRunner()
FOOD = ("You are a food blogger who recently tasted a delicious dish in Mexico. Share your dining experience. "
        "Food Characteristics: Describe the appearance and taste of the dish. Personal Experience: Talk about the "
        "restaurant. Reason for Recommendation: Explain why you recommend it. Approximately 400 words.")


def run(*args, stdin: str | None = None):
    return runner.invoke(app, list(args), input=stdin)


def wrote(r) -> bool:
    """`write` finished and saved its post: exit 0, or 1 when a blocking gate failed (the fake's
    repetitive prose often fails `repetition`), which the output then says."""
    output = r.output if hasattr(r, "output") else r.stderr
    code = r.exit_code if hasattr(r, "exit_code") else r.returncode
    return code == 0 or (code == 1 and "blocking gates failed" in output)


def _headings(path) -> list[str]:
    return [ln[3:] for ln in path.read_text().splitlines() if ln.startswith("## ")]


def test_show_brief_prints_what_was_understood_and_writes_nothing(tmp_path):
    r = run("write", FOOD, "--show-brief", "--out", str(tmp_path), "--model", "fake")
    assert r.exit_code == 0, r.output
    assert "topic:        My dining experience with a delicious dish in Mexico" in r.stdout
    assert "400 words (from the request" in r.stdout and "3, in order (labels)" in r.stdout
    assert not list(tmp_path.iterdir())


def test_show_brief_json_from_stdin_and_the_flag_wins():
    r = run("write", "-", "--show-brief", "--json", "--words", "700", stdin=FOOD)
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["brief"]["words"] == 700 and data["origin"]["words"] == "flag"
    assert data["length_asked"] == {"words": 400, "kind": "about", "phrase": "Approximately 400 words"}
    assert [p["heading"] for p in data["brief"]["parts"]] == ["Food Characteristics", "Personal Experience",
                                                              "Reason for Recommendation"]


def test_brief_file_writes_the_named_parts_in_order(tmp_path):
    brief = tmp_path / "brief.txt"
    brief.write_text(FOOD, encoding="utf-8")
    out = tmp_path / "posts"
    r = run("write", "--brief", str(brief), "--model", "fake", "--out", str(out), "--no-log", "-q")
    assert wrote(r), r.output
    (post,) = out.glob("*.md")
    assert _headings(post)[:3] == ["Food Characteristics", "Personal Experience", "Reason for Recommendation"]
    fm = yaml.safe_load(post.read_text().split("---\n")[1])
    assert "mexico" in fm["slug"]


def test_outline_file_gives_the_sections(tmp_path):
    outline = tmp_path / "outline.md"
    outline.write_text("# Composting in a Flat\n\n## Why bother\nless rubbish, better soil\n\n## A worm bin\n\n"
                       "## What goes in\nvegetable scraps, paper\n", encoding="utf-8")
    out = tmp_path / "posts"
    r = run("write", "composting in a flat", "--outline", str(outline), "--model", "fake", "--out", str(out),
            "--no-log", "-q", "--words", "500")
    assert wrote(r), r.output
    (post,) = out.glob("*.md")
    assert post.read_text().split("\n# ")[1].startswith("Composting in a Flat")
    assert _headings(post)[:3] == ["Why bother", "A worm bin", "What goes in"]


def test_a_request_for_a_speech_is_one_line_and_force_writes_a_post(tmp_path):
    speech = "Write a speech for my sister's wedding, about 300 words."
    r = run("write", speech, "--model", "fake", "--out", str(tmp_path))
    assert r.exit_code == 2 and "blogwright writes blog posts" in r.output and "Traceback" not in r.output
    assert not list(tmp_path.iterdir())
    r = run("write", speech, "--model", "fake", "--out", str(tmp_path), "--force", "--no-log", "-q")
    assert wrote(r), r.output
    assert len(list(tmp_path.glob("*.md"))) == 1


def test_missing_and_empty_requests_are_clear_errors(tmp_path):
    for args, message in [(["write"], "say what the post is about"),
                          (["write", "-"], "request on stdin is empty"),
                          (["write", "--brief", str(tmp_path / "nope.txt")], "no such brief file"),
                          (["write", "x", "--outline", str(tmp_path / "nope.md")], "no such outline file")]:
        r = run(*args, "--model", "fake", "--out", str(tmp_path), stdin="")
        assert r.exit_code == 2 and message in r.output and "Traceback" not in r.output, (args, r.output)
