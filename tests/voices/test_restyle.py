"""The restyler changes form only: casing, rhythm, punctuation, address, asides; names, code,
quotes and citations survive."""

from blogwright.text.tokens import FUNCTION_SET, tokens
from blogwright.voices.habits import Habits
from blogwright.voices.learn import builtin_profile
from blogwright.voices.restyle import Style, drop_style_talk, restyle_paragraph, style_of, topic_free


def style(**habits) -> Style:
    defaults = {"mean": 6.0, "q25": 4.0, "q90": 10.0, "semicolons": 3.0, "exclamations": 0.0,
                "contractions": 1.0, "words": 400}
    return Style(habits=Habits(sentences=60, **habits), **defaults)


LOWER = style(lowercase_starts=1.0, lowercase_i=1.0, short_share=0.7)
TEXT = ('Docker packs your app and its libraries into one image, and SQLite stores the data in one file '
        'next to it [1]. I run `Docker.Build()` daily! The docs say "Never Run As Root" and they mean it.')


def test_lowercase_writer_keeps_names_code_quotes_and_citations():
    out = restyle_paragraph(TEXT, LOWER, seed=1, names={"docker"})
    assert out.startswith("docker") is False and "Docker packs" in out
    assert "SQLite" in out and "`Docker.Build()`" in out and '"Never Run As Root"' in out and "[1]" in out
    assert "i run" in out and "the docs say" in out  # casing moved, names not
    assert "!" not in out  # the writer never uses exclamation marks


def test_long_sentences_are_split_toward_a_short_sentence_writer():
    out = restyle_paragraph(TEXT, LOWER, seed=1, names={"docker"})
    assert out.count(".") > TEXT.count(".")
    # form only: no new words except the writer's own address, aside or opener (none here)
    assert set(tokens(out)) <= set(tokens(TEXT))


def test_address_asides_and_openers_come_from_the_writer_and_are_deterministic():
    s = style(address=[("newbie", 9)], address_rate=0.5, asides=["trust me"], aside_rate=0.5,
              openers=[("look", 5)], opener_rate=0.5)
    text = "You can run the tests before every commit. It catches the silly mistakes early on in the day."
    outs = {restyle_paragraph(text, s, seed=k, where=k) for k in range(12)}
    added = set().union(*(set(tokens(o)) - set(tokens(text)) for o in outs))
    assert added and added <= {"newbie", "trust", "me", "look", "and", "it's", "can't", "don't"}
    assert restyle_paragraph(text, s, seed=3, where=2) == restyle_paragraph(text, s, seed=3, where=2)
    assert any(", newbie." in o for o in outs) and any("(trust me)" in o for o in outs)


def test_not_prose_is_left_alone():
    for text in ("- a list item, Docker!", "## A Heading", "| a | table |", "```\ncode\n```"):
        assert restyle_paragraph(text, LOWER) == text


def test_long_sentence_writer_gets_short_sentences_joined():
    s = Style(habits=Habits(sentences=60, dash="spaced"), mean=26.0, q25=14.0, q90=40.0, semicolons=0.0,
              exclamations=2.0, contractions=5.0, words=2000)
    out = restyle_paragraph("It is fast. It is small. That matters for a phone.", s)
    assert out.count(".") < 3 and " — " in out


def test_style_talk_is_dropped():
    text = ("Caching keeps a copy close. I kept it to short, punchy sentences. This writer likes lists. "
            "A stale copy is the price.")
    assert drop_style_talk(text) == "Caching keeps a copy close. A stale copy is the price."


def test_a_capital_after_a_colon_is_not_a_name():
    from blogwright.voices.restyle import names_in

    assert names_in("Here is what to know: This part matters. We use Docker daily.") == {"docker"}


def test_a_cited_sentence_keeps_its_words():
    """Issue 22: "A decorator usually defines an inner wrapper function that calls the original function
    [5] - because there's always a catch." The check had passed the cited sentence; the aside made it
    unsupported. Asides, address, openers, splits and joins go into the uncited sentences only."""
    s = style(address=[("newbie", 9)], address_rate=0.5, asides=["trust me"], aside_rate=0.5,
              openers=[("look", 5)], opener_rate=0.5)
    cited = "A decorator usually defines an inner wrapper function that calls the original function [5]."
    for k in range(12):
        text = f"{cited} You can stack several of them on one function and it still works fine."
        out = restyle_paragraph(text, s, seed=k, where=k)
        assert out.startswith(cited), out
    outs = {restyle_paragraph(f"What does a decorator do? {cited}", s, seed=k, where=k) for k in range(12)}
    assert all(cited in o for o in outs)


def test_a_code_name_opening_a_sentence_is_not_capitalised():
    from blogwright.voices.restyle import _upper_start

    assert _upper_start("functools.wraps copies the name.") == "functools.wraps copies the name."
    assert _upper_start("it works.") == "It works."
    assert _upper_start("e.g. this one.") == "E.g. this one."


def test_function_words_move_toward_the_writers_rates_and_only_those():
    text = ("Your build gets slow when your cache is cold. Keep your own notes. It's been a week, and it's "
            "simple: don't rebuild `your.lib` by hand. The docs agree [2]. Is your disk full?")
    rare = Style(habits=Habits(sentences=60), mean=18.0, q25=10.0, q90=30.0, semicolons=0.0, exclamations=2.0,
                 contractions=0.0, words=2000, rates={"your": 0.3})
    out = restyle_paragraph(text, rare, seed=1)
    assert out.startswith("The build gets slow when the cache is cold.")
    assert "your own notes" in out  # "your own" is the reader's: kept
    assert "It's been a week" in out and "it is simple" in out and "do not rebuild" in out  # "it's been" is "it has"
    assert "`your.lib`" in out and "[2]" in out and "Is your disk full?" in out  # a question to the reader
    fond = Style(habits=Habits(sentences=60), mean=18.0, q25=10.0, q90=30.0, semicolons=0.0, exclamations=2.0,
                 contractions=10.0, words=2000, rates={"your": 100.0})
    assert "Your build" in restyle_paragraph(text, fond, seed=1)
    # a writer in between: some, not all, chosen the same way every time
    mid = Style(habits=Habits(sentences=60), mean=18.0, q25=10.0, q90=30.0, semicolons=0.0, exclamations=2.0,
                contractions=0.0, words=2000, rates={"your": 40.0})
    assert restyle_paragraph(text, mid, seed=3) == restyle_paragraph(text, mid, seed=3)


def test_a_dedicated_form_of_address_shows_in_about_a_third_of_paragraphs():
    s = style(address=[("newbie", 3)], address_rate=0.02)
    text = "You can run the tests before every commit. It catches the silly mistakes early on in the day."
    hits = sum("newbie" in restyle_paragraph(text, s, seed=0, where=k) for k in range(30))
    assert 5 <= hits <= 16


def test_only_asides_that_say_nothing_about_a_subject_are_reused():
    for ok in ("trust me", "as usual", "I'm no exception", "for now", "until they are not", "nobody will"):
        assert topic_free(ok), ok
    # a reason is a claim about whatever sentence it lands in (make post: "ML Ops is the practice of ...
    # - because there's always a catch.")
    for reason in ("because there's always a catch", "since that is how it goes", "so there"):
        assert not topic_free(reason), reason
    for topical in ("for alcoholic beverages", "as root", "bab", "like tuples or records", "and other animals"):
        assert not topic_free(topical), topical
    s = style(asides=["for alcoholic beverages", "as root"], aside_rate=0.9)
    text = "You can run the tests before every commit. It catches the silly mistakes early on in the day."
    outs = [restyle_paragraph(text, s, seed=0, where=k) for k in range(10)]
    assert not any("alcoholic" in o or "as root" in o for o in outs)
    assert any("(trust me)" in restyle_paragraph(text, style(asides=["as root", "trust me"], aside_rate=0.9), seed=0, where=k)
               for k in range(10))


def test_a_cited_sentence_keeps_its_function_words():
    rare = Style(habits=Habits(sentences=60), mean=18.0, q25=10.0, q90=30.0, semicolons=0.0, exclamations=2.0,
                 contractions=0.0, words=2000, rates={"your": 0.3})
    text = "Your cache is cold, so don't panic. Your build reads it from disk and it's slow [3]."
    out = restyle_paragraph(text, rare, seed=1)
    assert out.startswith("The cache is cold, so do not panic.")
    assert "Your build reads it from disk and it's slow [3]." in out  # restates its evidence word for word


DASHER = Style(habits=Habits(sentences=60, dash="hyphen"), mean=13.0, q25=6.0, q90=40.0, semicolons=0.0,
               exclamations=9.0, contractions=29.0, words=1400, parentheses=0.0, dashes=16.0)


def test_a_writer_who_never_uses_parentheses_gets_dash_asides_words_and_code_unchanged():
    text = ("LLM Ops (running large language models in production) has become a trade. It has been used for "
            "decades (in journalism). Just like training a car (i.e., ML), the same applies to `f(x)` and "
            "[the docs](https://example.com/a_(b)) for model(s) in 2023 (2024).")
    out = restyle_paragraph(text, DASHER, seed=1, lines=False)
    assert "LLM Ops - running large language models in production - has become" in out
    assert "for decades - in journalism." in out and "a car - i.e., ML - the same" in out
    assert "`f(x)`" in out and "[the docs](https://example.com/a_(b))" in out and "model(s)" in out
    assert "(2024)" in out  # no words inside: left alone
    assert tokens(out) == tokens(text)
    # a writer who uses parentheses (or no dashes) keeps them
    for kept in (Style(**{**DASHER.__dict__, "parentheses": 2.0}), Style(**{**DASHER.__dict__, "dashes": 1.0})):
        assert restyle_paragraph(text, kept, seed=1, lines=False).count("(") == text.count("(")


def test_a_long_sentence_is_not_cut_inside_a_dash_aside():
    text = ("Running large language models in production - the work people call LLM Ops these days - has become "
            "a trade that many companies now need.")
    short = Style(**{**DASHER.__dict__, "q90": 10.0, "mean": 8.0})
    out = restyle_paragraph(text, short, seed=1)
    assert "production - the work" in out and "these days - has become" in out


MENTOR = Style(habits=Habits(sentences=106, dash="hyphen"), mean=13.4, q25=6.0, q90=25.5, semicolons=0.0,
               exclamations=9.8, contractions=29.5, words=1424,
               rates={"which": 0.0, "such": 0.0, "as": 1.4, "like": 9.8, "and": 31.6, "but": 4.9},
               builtin=True)
FORMAL_TEXT = ("They produce high-quality content with ease, which makes them useful in industries such as "
               "journalism. Think of ML Ops as a team that trains the models, which are deployed in order to "
               "serve users. They train models as well as data pipelines, which is hard work! It uses tools, "
               "which can help [2]. This is LLM Ops, while the other is ML Ops. Wait, while the build is running.")


def test_an_informal_built_in_voice_says_it_the_everyday_way():
    out = restyle_paragraph(FORMAL_TEXT, MENTOR, seed=0, lines=True)
    assert "with ease. And that makes them useful in industries like journalism." in out
    assert "Think of ML Ops like a team that trains the models. And they're deployed to serve users." in out
    assert "data pipelines. And that's hard work!" in out
    assert restyle_paragraph("They train models as well as data pipelines every single week.", MENTOR, seed=0) == \
        "They train models and data pipelines every single week."
    assert "That's LLM Ops, but the other is ML Ops." in out and "Wait, while the build is running." in out
    assert "It uses tools, which can help [2]." in out  # a cited sentence restates its evidence word for word
    # only words that say the same: the content words are all there, in order ("order" of "in order to" aside)
    def content(text):
        return [t for t in tokens(text) if t not in FUNCTION_SET and "'" not in t and t not in ("order", "while", "well")]
    assert content(out) == content(FORMAL_TEXT)


def test_the_register_trades_leave_formal_and_learned_voices_alone():
    formal = Style(**{**MENTOR.__dict__, "contractions": 0.0})  # plain-expert contracts nothing
    learned = Style(**{**MENTOR.__dict__, "builtin": False})  # measured for the built-in voices only
    for s in (formal, learned):
        out = restyle_paragraph(FORMAL_TEXT, s, seed=0, lines=True)
        assert "such as journalism" in out and ", which makes them" in out and "in order to" in out
    # a voice that says "which" and "such as" as often as the text keeps them
    fond = Style(**{**MENTOR.__dict__, "rates": {"which": 100.0, "such": 100.0, "as": 100.0}})
    out = restyle_paragraph(FORMAL_TEXT, fond, seed=0, lines=True)
    assert "such as journalism" in out and ", which makes them" in out


def test_snarky_mentor_takes_the_register_trades_and_plain_expert_does_not():
    snark = restyle_paragraph(FORMAL_TEXT, style_of(builtin_profile("snarky-mentor")), seed=0)
    assert "like journalism" in snark and "with ease. And that makes them useful" in snark
    assert "Think of ML Ops like a team" in snark and "LLM Ops, but the other" in snark
    plain = restyle_paragraph(FORMAL_TEXT, style_of(builtin_profile("plain-expert")), seed=0)
    assert "such as journalism" in plain and ", which makes them" in plain and "Think of ML Ops as a team" in plain


def test_a_register_trade_stops_where_the_paragraph_has_the_voices_rate_of_the_word_it_adds():
    text = "It's like a garage band. Think of ML Ops as a team that trains the models every single week."
    assert "Think of ML Ops as a team" in restyle_paragraph(text, MENTOR, seed=0)  # one "like" in 18 words: 55 per 1,000
    assert "Think of ML Ops like a team" in restyle_paragraph(text.replace("It's like", "It is"), MENTOR, seed=0)


def test_the_register_phrases_are_form_like_contractions():
    out = restyle_paragraph(FORMAL_TEXT, MENTOR, seed=0, lines=False)
    assert "industries like journalism" in out and "LLM Ops, but the other" in out and "That's LLM Ops" in out
    assert ", which makes them useful" in out  # no new sentence: the rhythm's changes are the score's to keep
    assert "It uses tools, which can help [2]." in out
    # the TL;DR is the post's plain summary, apart from the voice (as the seed post keeps its own)
    assert restyle_paragraph(FORMAL_TEXT, MENTOR, seed=0, lines=False, register=False).startswith(
        "They produce high-quality content with ease, which makes them useful in industries such as journalism.")


def test_a_definition_keeps_as_and_an_analogy_takes_like():
    """Stop 35's editor: "Think of ML Ops like the practice of training ..." compared ML Ops with itself."""
    defining = "Think of ML Ops as the practice of training, deploying and monitoring machine learning models."
    assert restyle_paragraph(defining, MENTOR, seed=0) == defining
    assert "Think of ML Ops like a set of" not in restyle_paragraph(defining.replace("the practice", "a set"), MENTOR,
                                                                     seed=0)
    assert "Think of DNS like the phone book of the internet" in restyle_paragraph(
        "Think of DNS as the phone book of the internet, newbie.", MENTOR, seed=0)


def test_a_register_trade_counts_the_word_it_adds_over_the_post_said_before():
    """Stop 35's editor counted six "like"s in a 388-word post: the cap was per paragraph."""
    text = "Think of ML Ops as a team that trains the models every single week."
    assert "like a team" in restyle_paragraph(text, MENTOR, seed=0)
    likes = "It's like a band. It's like a choir. It's like a garage with too many tools in it."
    assert "as a team" in restyle_paragraph(text, MENTOR, seed=0, said=likes)
    assert "like a team" in restyle_paragraph(text, MENTOR, seed=0, said=likes.replace("like", "just") * 3)


def test_the_restyler_counts_the_post_said_before_each_part(monkeypatch):
    from blogwright.pipeline import styling

    seen: list[str] = []

    def fake(text, style, **kw):
        seen.append(kw["said"])
        return text.upper()

    monkeypatch.setattr(styling, "restyle_paragraph", fake)
    monkeypatch.setattr(styling, "voice_distance", lambda *a, **k: 0.0)

    class Ctx:
        seed = 0
        voice = type("V", (), {"openers": [], "sign_offs": []})()
        brief = type("B", (), {"topic": "t", "keywords": [], "notes": []})()

        def voice_model(self):
            return builtin_profile("snarky-mentor"), None

    redo = styling.restyler(Ctx(), ["one", "two"])
    assert redo("one\n\ntwo", "intro") == "ONE\n\nTWO"
    assert redo("three", "s0") == "THREE"
    assert seen == ["", "ONE", "ONE\n\nTWO"]
