"""The brief reader: a request as people write it -> topic, length, parts, audience, tone, role,
instructions (golden cases), and the Brief built from it with the flags winning."""

from __future__ import annotations

import textwrap

import pytest

from blogwright.briefs import (
    brief_from_request,
    describe,
    find_length,
    is_plain_topic,
    parse_outline,
    prompt_instructions,
    read_request,
)
from blogwright.core.errors import BadInput
from blogwright.web.forms import form_defaults, request_from_form

FOOD = ("You are a food blogger who recently tasted a delicious dish in Mexico. Share your dining experience "
        "with your readers, including the following: Food Characteristics: Describe the appearance, aroma, and "
        "taste of the dish, and the ingredients you could pick out. Personal Experience: Talk about the "
        "restaurant, the atmosphere, and how the dish made you feel. Reason for Recommendation: Explain why you "
        "would recommend this dish to other travelers. Approximately 400 words.")


def test_the_food_blogger_brief():
    r = read_request(FOOD)
    assert r.topic == "My dining experience with a delicious dish in Mexico"
    assert r.words == 400 and r.asked.kind == "about" and r.asked.phrase == "Approximately 400 words"
    assert [p.heading for p in r.parts] == ["Food Characteristics", "Personal Experience", "Reason for Recommendation"]
    assert [p.point for p in r.parts] == [
        "the appearance, aroma, and taste of the dish, and the ingredients you could pick out",
        "the restaurant, the atmosphere, and how the dish made you feel",
        "why you would recommend this dish to other travelers"]
    assert r.persona_line == "a food blogger who recently tasted a delicious dish in Mexico"
    assert r.article and r.instructions == []


@pytest.mark.parametrize("topic", ["LLM Ops vs ML Ops", "How to compost at home", "Git rebase vs merge: which one?",
                                   "The KV cache in transformer inference"])
def test_a_plain_topic_comes_back_unchanged(topic):
    assert is_plain_topic(topic)
    r = read_request(topic)
    assert r.topic == topic and r.request == "" and r.words is None and r.parts == []


@pytest.mark.parametrize("text, words, kind, target", [
    ("Approximately 400 words.", 400, "about", 400),
    ("It must be no less than 1,000 words.", 1000, "min", 1050),
    ("Write a 2,000-word post on tea.", 2000, "exact", 2000),
    ("around 300-400 words", 350, "range", 350),
    ("Keep it under 200 words.", 200, "max", 190),
    ("1500 words", 1500, "exact", 1500),
    ("between 800 and 1,200 words", 1000, "range", 1000),
    ("Word count: 750", 750, "exact", 750),
    ("about five hundred words", 500, "about", 500),
    ("500 words or more", 500, "min", 525),
    ("~600 words", 600, "about", 600),
    ("a 1.5k word guide", 1500, "exact", 1500),
    ("at least 1000 words and no more than 1400 words", 1200, "range", 1200),
])
def test_length_phrasings(text, words, kind, target):
    ask = find_length(text)
    assert (ask.words, ask.kind, ask.target) == (words, kind, target)


def test_a_parts_length_is_not_the_posts():
    assert find_length("Each section about 100 words. Total about 500 words.").words == 500


def test_numbered_parts_and_requirement_bullets():
    r = read_request("I need a 500-word article on running async standups for remote teams.\n\nStructure:\n"
                     "1. Why synchronous standups fail\n2. What an async update should contain\n3. Tools that help\n\n"
                     "Requirements:\n- Use a professional tone\n- Avoid jargon\n")
    assert r.topic == "Running async standups" and r.words == 500
    assert [p.heading for p in r.parts] == ["Why Synchronous Standups Fail", "What an Async Update Should Contain",
                                            "Tools That Help"]
    assert "Avoid jargon." in r.instructions and r.tone == "professional" and r.voice == "plain-expert"


def test_an_enumeration_becomes_parts_about_the_topic():
    r = read_request("Write a blog post for a dental clinic about root canal treatment, including its purpose, "
                     "procedure and aftercare. Keep it reassuring and under 600 words.")
    assert r.topic == "Root canal treatment" and r.words == 570
    assert [p.heading for p in r.parts] == ["Purpose", "Procedure", "Aftercare"]
    assert r.parts[0].point == "the purpose of root canal treatment"


def test_markdown_headings_and_a_title():
    r = read_request("# How DNS Works\n## From name to address\nWhat happens when you type a URL.\n"
                     "## Resolvers and caching\n\nTurn this outline into a 2,400-word post for sysadmins.")
    assert r.title == "How DNS Works" and r.topic == "How DNS Works" and r.words == 2400
    assert [(p.heading, p.point) for p in r.parts] == [("From name to address", "what happens when you type a URL"),
                                                        ("Resolvers and caching", "")]
    assert r.audience == "practitioner"


def test_bullets_inline_numbers_and_named_intro_and_conclusion():
    r = read_request("Write a 350 word post about kombucha. I want: 1. What you need 2. The first fermentation "
                     "3. Bottling. Friendly and a bit funny.")
    assert [p.heading for p in r.parts] == ["What You Need", "The First Fermentation", "Bottling"]
    r = read_request("Write about remote work.\n- Introduction: why it matters\n- Tools: chat and video\n"
                     "- Habits: a routine\n- Conclusion: what to try first\n")
    assert [p.role for p in r.parts] == ["intro", "", "", "conclusion"]


@pytest.mark.parametrize("text, audience, tone, voice", [
    ("Write a post about index funds for complete beginners, in a warm, conversational tone.", "newbie",
     "warm, conversational", "friendly-teacher"),
    ("Audience: platform engineers. Write 900 words about autoscaling.", "practitioner", "", ""),
    ("A witty post for seasoned researchers on peer review. Tone: sarcastic.", "expert", "sarcastic", "snarky-mentor"),
])
def test_audience_and_tone_when_stated(text, audience, tone, voice):
    r = read_request(text)
    assert (r.audience, r.tone, r.voice) == (audience, tone, voice)


@pytest.mark.parametrize("text, form", [
    ("Write a speech for my sister's wedding, about 300 words.", "speech"),
    ("Draft an email to my manager resigning from my job.", "email"),
    ("Write a cover letter for a data analyst job.", "cover letter"),
    ("Compose a poem about autumn leaves.", "poem"),
])
def test_not_an_article_is_refused_in_one_line_unless_forced(text, form):
    with pytest.raises(BadInput) as exc:
        brief_from_request(text)
    msg = str(exc.value)
    assert "blogwright writes blog posts" in msg and form in msg and "--force" in msg and "\n" not in msg
    forced = brief_from_request(text, force=True).brief
    assert forced.instructions[0].startswith("Write it as a blog post")


def test_a_post_about_cover_letters_is_an_article():
    assert brief_from_request("Write a blog post about how to write a cover letter. 600 words.").brief.words == 600


def test_flags_win_over_the_text_and_the_topic_stays_short():
    long_request = FOOD + " " + "Mention the salsa and the tortillas. " * 20
    u = brief_from_request(long_request, words=900, voice="snarky-mentor", audience="expert", topic="Tacos al pastor")
    b = u.brief
    assert (b.words, b.voice, b.audience.value, b.topic) == (900, "snarky-mentor", "expert", "Tacos al pastor")
    assert u.origin["words"] == "flag" and u.origin["parts"] == "text" and len(b.parts) == 3
    assert b.request == long_request.strip() and len(b.topic) < 300
    assert brief_from_request(FOOD).origin["words"] == "text"


def test_describe_says_what_was_understood():
    text = "\n".join(describe(brief_from_request(FOOD)))
    assert "400 words (from the request" in text and "persona:      a food blogger" in text
    assert "1. Food Characteristics: the appearance" in text


def test_parse_outline():
    title, parts = parse_outline("# My Title\n\n## First part\nthe first point\n\n## Second part\n\n## Third\n- a\n- b\n")
    assert title == "My Title"
    assert [(p.heading, p.point) for p in parts] == [("First part", "the first point"), ("Second part", ""), ("Third", "a; b")]
    assert [p.heading for p in parse_outline("1. Alpha beta\n2. Gamma delta\n")[1]] == ["Alpha Beta", "Gamma Delta"]
    with pytest.raises(BadInput, match="no headings"):
        parse_outline("just some text")


def test_prompt_instructions_leave_out_what_the_pipeline_does_and_stay_short():
    b = brief_from_request("Write a post about composting for busy parents. Use a warm tone. Add subheadings. "
                           "Mention worms. Avoid jargon. 500 words.").brief
    line = prompt_instructions(b)
    assert "Write for busy parents." in line and "Use a warm tone." in line and "Mention worms." in line
    assert "subheadings" not in line and "500" not in line
    assert len(prompt_instructions(b, max_words=8).split()) <= 8


def test_the_web_forms_request_box_and_changed_fields_win():
    form = {**form_defaults("fake"), "request": FOOD}
    brief = request_from_form(form).brief
    assert brief.words == 400 and len(brief.parts) == 3 and brief.persona_line
    brief = request_from_form({**form, "words": "900", "voice": "snarky-mentor"}).brief
    assert (brief.words, brief.voice) == (900, "snarky-mentor")
    with pytest.raises(BadInput, match="blogwright writes blog posts"):
        request_from_form({**form, "request": "Write a speech for my sister's wedding."})


def test_a_hard_wrapped_request_reads_the_same():
    wrapped = textwrap.fill(FOOD, 100)
    assert "\n" in wrapped
    a, b = read_request(FOOD), read_request(wrapped)
    assert (b.topic, b.words, [p.heading for p in b.parts], b.instructions) == \
        (a.topic, a.words, [p.heading for p in a.parts], a.instructions)


def test_one_verb_table_feeds_both_readers():
    """briefs/words.py: the list finder (parts.ENUM) and the topic finder (reader.TOPIC_PREP) take their
    verbs from one table (issue 26)."""
    from blogwright.briefs import parts, reader
    from blogwright.briefs import words as verbs

    assert verbs.verb_forms("cover, analyse", verbs.ING) == "covering|analy[sz]ing"
    assert parts.ENUM.search("It discusses a, b and c.") is None  # third person is not a list verb here
    assert parts.ENUM.search("a post discussing a, b and c.")["list"] == "a, b and c"
    assert reader.TOPIC_PREP.search("an article that walks readers through Git") is not None
    assert reader.TOPIC_PREP.search("a post analyzing caches").end() == len("a post analyzing ")
