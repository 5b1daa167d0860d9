"""Headline capitals: a small word ending a title, starting a part after a colon, or a verb's
particle is capitalised ("When to Turn It On"); a topic read from a request that names the readers
in the third person gets a title that speaks to them ("Why Your Houseplants Keep Dying")."""

from blogwright.model.brief import make_brief
from blogwright.pipeline.plan import fallback_title, to_reader
from blogwright.text.tokens import title_case


def test_a_small_word_at_the_end_or_after_a_colon_is_capitalised():
    assert title_case("SQLite WAL mode: when to turn it on") == "SQLite WAL Mode: When to Turn It On"
    assert title_case("turn it on before you scale") == "Turn It On Before You Scale"
    assert title_case("log in: a story") == "Log In: A Story"
    assert title_case("how to compost at home") == "How to Compost at Home"  # small words inside stay small
    assert title_case("the state of the art") == "The State of the Art"
    assert title_case("LLM Ops vs ML Ops") == "LLM Ops vs ML Ops"


def test_expert_titles_end_on_a_capital():
    brief = make_brief(topic="SQLite WAL mode: when to turn it on", audience="expert")
    assert {fallback_title(brief, s) for s in range(3)} >= {"Notes on SQLite WAL Mode: When to Turn It On"}


def test_a_request_about_their_houseplants_gets_your_in_the_title():
    brief = make_brief(topic="Why their houseplants keep dying", words=190)
    brief.request = ("Write a short, funny post (under 200 words) for first-time plant owners about why their "
                     "houseplants keep dying: overwatering, too little light, and the wrong pot.")
    assert fallback_title(brief) == "Why Your Houseplants Keep Dying"
    assert to_reader("How to keep their plants alive") == "How to keep your plants alive"
    assert to_reader("Why they keep killing their plants") == "Why you keep killing your plants"
    assert to_reader("Why cats ignore their owners") == "Why cats ignore their owners"  # "their" is the cats'


def test_a_plain_topic_keeps_its_pronoun():
    assert fallback_title(make_brief(topic="Why they lost the election")).startswith("Why They Lost the Election")
