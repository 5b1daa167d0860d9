"""Less repetition: no two paragraphs open with the same three words; canned sign-offs fit the
post's register or are left out."""

import pytest

from blogwright.backends.fake import FakeBackend
from blogwright.model.brief import make_brief
from blogwright.pipeline.openers import opener, vary_openers
from blogwright.pipeline.register import fitting_lines, is_playful, register
from blogwright.pipeline.run import write_post
from blogwright.voices import load_voice


def test_a_repeated_opener_is_repaired_by_moving_a_standalone_sentence_first():
    paras = ["LLM Ops is a type of work. It keeps models up.",
             "LLM Ops is a type of practice. Monitoring catches drift early. It pays off."]
    out, changes = vary_openers(paras)
    assert out[1] == "Monitoring catches drift early. LLM Ops is a type of practice. It pays off."
    assert len(changes) == 1


def test_otherwise_a_connective_leads_and_the_first_word_drops_its_capital():
    paras = ["Monitoring is key. Teams watch dashboards.", "Monitoring is key again. It helps.",
             "Monitoring is key once more. This matters."]
    out, _ = vary_openers(paras, "\n\n".join(paras))
    assert out[1] == "In practice, monitoring is key again. It helps."
    assert out[2] == "On top of that, monitoring is key once more. This matters."
    assert len({opener(p) for p in out}) == 3


def test_names_and_acronyms_keep_their_capitals_after_a_connective():
    paras = ["Python is great. I use Python daily.", "Python is great again. It is."]
    out, _ = vary_openers(paras, "\n\n".join(paras))
    assert out[1].startswith("In practice, Python is great")
    out, _ = vary_openers(["LLM Ops is new. It is.", "LLM Ops is old. It is."])
    assert "LLM Ops" in out[1]


def test_a_protected_paragraph_keeps_its_sign_off_last():
    paras = ["Compost is easy to start. You need scraps.",
             "Compost is easy to keep. Turn it weekly. Class dismissed, newbie."]
    out, _ = vary_openers(paras, protected=frozenset({1}))
    assert out[1].endswith("Class dismissed, newbie.") and opener(out[1]) != opener(out[0])


def test_no_two_paragraphs_of_a_post_open_alike():
    def respond(messages, params):
        return ("Home composting is a simple habit that turns kitchen scraps into soil. "
                f"It needs greens, browns, air and water in balance {params.seed}. "
                f"Most bins are ready in a few months {params.seed % 97}.")

    post = write_post(make_brief(topic="home composting", words=900), load_voice("plain-expert"),
                      FakeBackend(function=respond))
    paras = [p for part in [post.intro, *(s.text for s in post.sections), post.conclusion]
             for p in part.split("\n\n") if p.strip()]
    keys = [opener(p) for p in paras]
    assert len(paras) >= 5 and len(keys) == len(set(keys)), keys


@pytest.mark.parametrize("topic,notes,expected", [
    ("The ethics of replacing support staff with chatbots", [], "serious"),
    ("Grieving a colleague after a sudden loss", [], "serious"),
    ("What we learned from the layoffs", [], "serious"),
    ("Our security incident postmortem", [], "serious"),
    ("Writing about burnout in tech", [], "serious"),
    ("Rate limiting with a token bucket", [], "everyday"),
    ("LLM Ops vs ML Ops", [], "everyday"),
    ("Is Rust dead?", [], "everyday"),
    ("Dealing with on-call", ["Two engineers were laid off after the outage"], "serious"),
])
def test_register_of_a_topic(topic, notes, expected):
    assert register(topic, notes) == expected


def test_a_serious_post_gets_no_canned_sign_off_and_no_joking_opener():
    voice = load_voice("snarky-mentor")
    assert all(is_playful(s) for s in voice.sign_offs)
    assert fitting_lines(voice.sign_offs, "sign_off", "serious") == []
    assert fitting_lines(voice.openers, "opener", "serious") == []
    assert fitting_lines(voice.sign_offs, "sign_off", "everyday") == voice.sign_offs
    teacher = load_voice("friendly-teacher")
    assert fitting_lines(teacher.openers, "opener", "serious") == teacher.openers


def test_the_wild_ride_never_closes_an_ethical_dilemma():
    voice = load_voice("snarky-mentor")
    post = write_post(make_brief(topic="The ethics of replacing support staff with chatbots", words=600),
                      voice, FakeBackend())
    text = post.intro + post.conclusion
    assert not any(s in text for s in voice.sign_offs) and not any(o in post.intro for o in voice.openers)
    everyday = write_post(make_brief(topic="home composting", words=600), voice, FakeBackend())
    assert any(everyday.conclusion.endswith(s) for s in voice.sign_offs)
