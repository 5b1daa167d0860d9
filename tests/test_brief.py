import pytest

from blogwright.core.errors import BadInput
from blogwright.model.brief import Audience, make_brief


def test_valid_brief_normalises_topic_and_lists():
    b = make_brief(topic="  LLM   Ops vs ML Ops ", keywords=[" llm ", ""], notes=["a fact", "  "])
    assert b.topic == "LLM Ops vs ML Ops"
    assert b.keywords == ["llm"] and b.notes == ["a fact"]
    assert b.audience is Audience.newbie


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"topic": ""}, "topic is empty"),
        ({"topic": "   "}, "topic is empty"),
        ({"topic": "1234 !!"}, "no words"),
        ({"topic": "x" * 400}, "under 300"),
        ({"topic": "ok topic", "words": 0}, "between 100 and 5000"),
        ({"topic": "ok topic", "words": 1_000_000}, "between 100 and 5000"),
        ({"topic": "ok topic", "audience": "toddler"}, "unknown audience"),
    ],
)
def test_bad_briefs_raise_one_readable_error(kwargs, message):
    with pytest.raises(BadInput) as exc:
        make_brief(**kwargs)
    assert message in str(exc.value)
    assert "\n" not in str(exc.value)


def test_audience_guidance_differs():
    assert len({a.guidance for a in Audience}) == 3
    assert Audience.newbie.target_grade < Audience.expert.target_grade
