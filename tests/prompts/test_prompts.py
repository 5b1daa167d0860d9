import jinja2
import pytest

from blogwright import prompts
from blogwright.model.brief import Audience
from blogwright.voices import load_voice


def test_every_template_has_a_version_and_a_stable_hash():
    names = prompts.names()
    assert {"system", "title", "outline", "section", "intro", "conclusion", "summary"} <= set(names)
    for name in names:
        version, digest = prompts.meta(name)
        assert version >= 1, name
        assert len(digest) == 12 and prompts.meta(name) == (version, digest)


def test_section_prompt_is_small_and_carries_point_and_fact():
    r = prompts.render("section", audience=Audience.newbie, sentences=4,
                       point="why composting matters", fact="Compost needs browns and greens", fix=[],
                       instruction="")
    assert r.name == "section" and r.ref.startswith("section@v")
    assert "why composting matters" in r.text and "Compost needs browns and greens" in r.text
    assert "a beginner" in r.text
    assert len(r.text.split()) < 40  # small models follow short prompts


def test_section_prompt_carries_the_users_instruction():
    r = prompts.render("section", audience=Audience.newbie, sentences=3, point="why logs matter", fact="",
                       fix=[], instruction="Add an analogy to a kitchen.")
    assert "Add an analogy to a kitchen." in r.text
    plain = prompts.render("section", audience=Audience.newbie, sentences=3, point="why logs matter", fact="",
                           fix=[], instruction="")
    assert "analogy" not in plain.text


def test_missing_variable_is_an_error_not_an_empty_string():
    with pytest.raises(jinja2.UndefinedError):
        prompts.render("section", audience=Audience.newbie, sentences=4, point="x")


def test_system_prompt_uses_the_voice():
    r = prompts.render("system", voice=load_voice("snarky-mentor"), audience=Audience.newbie)
    assert "snarky" in r.text


def test_outline_prompt_lists_notes():
    r = prompts.render("outline", topic="Composting", n=3, keywords=["soil"], notes=["worms help"])
    assert "- worms help" in r.text and "soil" in r.text and "3" in r.text
