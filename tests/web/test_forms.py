from __future__ import annotations

import pytest

from blogwright.core.errors import BadInput
from blogwright.web.forms import request_from_form


def test_fields_become_a_brief():
    request = request_from_form({"topic": " Compost ", "voice": "snarky-mentor", "audience": "expert", "words": "800",
                                   "keywords": "soil, worms\nbins", "notes": "- Worms eat scraps\n\n* Browns and greens",
                                   "model": "fake", "seed": "7", "candidates": "2", "interview": "1"})
    brief = request.brief
    assert brief.topic == "Compost" and brief.words == 800 and brief.audience.value == "expert"
    assert brief.keywords == ["soil", "worms", "bins"] and brief.notes == ["Worms eat scraps", "Browns and greens"]
    assert (request.model, request.seed, request.candidates, request.interview) == ("fake", 7, 2, True)
    assert (request.research, request.search, request.library) == (False, None, False)


@pytest.mark.parametrize("field,value,message", [
    ("words", "50", "between 100 and 5000"), ("words", "1e9", "whole number"), ("voice", "nobody", "nobody"),
    ("audience", "kids", "unknown audience"), ("model", "gpt9000:x", "unknown model"), ("candidates", "9", "between 1 and 4"),
    ("notes", "\n".join(f"note {i}" for i in range(500)), "500 notes"), ("topic", "x" * 400, "under 300"),
])
def test_bad_fields_are_clear_errors(field, value, message):
    form = {"topic": "Compost", "words": "300", field: value}
    with pytest.raises(BadInput, match=message):
        request_from_form(form)


def test_fake_delay_setting_is_checked(monkeypatch):
    from blogwright.backends import get_backend

    monkeypatch.setenv("BLOGWRIGHT_FAKE_DELAY", "0.01")
    assert get_backend("fake").delay == 0.01
    monkeypatch.setenv("BLOGWRIGHT_FAKE_DELAY", "slow")
    with pytest.raises(BadInput, match="FAKE_DELAY"):
        get_backend("fake")


def test_the_forms_note_and_source_caps_are_the_limits(monkeypatch):
    from blogwright.core.limits import clear_overrides, set_override

    form = {"topic": "Compost", "words": "300", "notes": "a\nb\nc\nd"}
    request_from_form(form)  # 4 notes: under the default 200
    try:
        set_override("notes=3")  # `blogwright --limit notes=3 serve`
        with pytest.raises(BadInput, match="4 notes: keep it to 3 lines"):
            request_from_form(form)
    finally:
        clear_overrides()


def test_the_page_shows_the_bounds_and_defaults_the_form_checks(client):
    """The new-post page's number inputs and defaults come from model/options.py and forms.BOUNDS (issue 26)."""
    from blogwright.model import options
    from blogwright.web.forms import BOUNDS, PAGE_MAX_CANDIDATES

    html = client.get("/").text
    assert f'min="{options.MIN_WORDS}" max="{options.MAX_WORDS}"' in html
    assert f'value="{options.DEFAULT_WORDS}"' in html
    assert f'max="{PAGE_MAX_CANDIDATES}"' in html and BOUNDS["candidates"] == (1, PAGE_MAX_CANDIDATES)
