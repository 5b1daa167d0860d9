"""Issue 22, notes posts on an untrusted model: facts explained, connected and voiced without a new
fact (`pipeline.explain`), and a TL;DR that summarises rather than copies the first two notes. Fake
backend and spaCy's parse only: seconds."""

from __future__ import annotations

import re

import pytest

from blogwright.backends.fake import FakeBackend
from blogwright.grounding import account_markdown, extract_claims
from blogwright.model.brief import make_brief
from blogwright.pipeline import explain
from blogwright.pipeline.explain import lead_question, main_clause, notes_tldr, question_budget
from blogwright.pipeline.run import write_post
from blogwright.render import to_markdown
from blogwright.text.sentences import split_sentences
from blogwright.voices import load_voice

TOPIC = "How DNS finds the address of a website"
NOTES = ["DNS turns a name like example.com into an IP address that computers use to connect",
         "Your computer first asks a recursive resolver, usually run by your internet provider or a public service",
         "The resolver asks a root server, which points it to the servers for the top-level domain such as .com",
         "The authoritative name server answers with the record, for example an A record holding an IPv4 address",
         "A sourdough starter is a mix of flour and water",
         "Readers do not block the writer in WAL mode",
         "Every answer carries a TTL that says how many seconds a resolver may cache it"]
NAMES = ". ".join([TOPIC, *NOTES])


def test_a_fact_is_led_by_the_question_it_answers_made_from_its_subject():
    assert lead_question(NOTES[0], NAMES) == "What does DNS do?"  # an acronym keeps its capitals
    assert lead_question(NOTES[1], NAMES) == "What does your computer do?"
    assert lead_question(NOTES[4], NAMES) == "What is a sourdough starter?"  # a definition
    assert lead_question(NOTES[5], NAMES) == ""  # a negation: no "what do readers do", no empty "What about readers?"
    assert lead_question(NOTES[6], NAMES) == ""  # a quantified subject: no question
    assert lead_question("There can still be only one writer at a time", NAMES) == ""
    for n in NOTES[:6]:
        q = lead_question(n, NAMES)
        assert not extract_claims(q, strict=True, known=[TOPIC]), q  # a question asserts nothing


def test_the_tldr_summarises_the_notes_instead_of_copying_the_first_two():
    tldr = notes_tldr(TOPIC, NOTES[:4])
    first_two = " ".join(NOTES[:2])
    assert tldr != first_two + "."
    sentences = split_sentences(tldr)
    assert len(sentences) == 2 and "this post" not in tldr.lower()  # the main facts, no line about the post
    assert sentences[0] == "DNS turns a name like example.com into an IP address that computers use to connect."
    # a note about another thing, whole: a note cut to its main clause ("Your computer first asks a recursive
    # resolver.") was not what the truth check supports (stop 32's editor)
    assert sentences[1][:-1] in NOTES[1:4]
    assert main_clause(NOTES[1]) == "Your computer first asks a recursive resolver"  # cut at its clause
    assert main_clause("In WAL mode, readers wait") == "In WAL mode, readers wait"  # too short to cut
    listed = "LLM Ops is the practice of running large language models in production: prompts, evaluation and cost"
    assert main_clause(listed) == listed  # not "...in production: prompts" (a list cut after its first item)
    kept = "Soaking a cast iron pan in water can make it rust, unless you dry it right away"
    assert main_clause(kept) == kept  # a condition is part of the claim


def test_the_tldr_second_fact_is_the_next_central_note_whole():
    """"This post also covers writing by hand." said nothing (newcomer round 2); a note is not cut."""
    notes = ["I have kept a paper notebook at work since 2017", "One notebook lasts me about three months",
             "Writing by hand makes me slower, and that helps me think before a meeting"]
    tldr = notes_tldr("Why I keep a paper notebook at work", notes)
    assert "This post" not in tldr
    assert tldr.startswith("I have kept a paper notebook at work since 2017.")
    assert any(n + "." in tldr for n in notes[1:])  # the second note whole, its words unchanged


def test_a_note_that_lists_things_is_not_cut_inside_its_list():
    note = "LLM Ops is about running large language models in production: prompts, models, evals and costs"
    assert main_clause(note) == note


def test_lead_questions_come_as_often_as_the_writer_asks_them():
    assert question_budget(None, 300) is None  # a persona file: no measure
    assert question_budget(2.7, 400) == 0  # a writer who rarely asks (the lowercase writer k): none
    assert question_budget(0.0, 1000) == 0
    assert question_budget(6.5, 200) == 2 and question_budget(6.5, 100) == 1


def test_a_notes_post_in_a_voice_that_rarely_asks_has_no_lead_question(monkeypatch):
    monkeypatch.setattr(explain, "writer_questions", lambda ctx: 0.0)
    fake = FakeBackend()
    fake.weak = True
    brief = make_brief(topic=TOPIC, words=450, notes=NOTES[:4], voice="friendly-teacher", audience="newbie")
    post = write_post(brief, load_voice("friendly-teacher"), fake)
    body = "\n".join(s.text for s in post.sections)
    assert "?" not in body and "DNS turns a name" in f"{post.intro}\n{body}"  # the first fact may open the post


def test_a_notes_post_leads_and_connects_its_facts_and_every_sentence_stays_accounted_for(monkeypatch):
    monkeypatch.setattr(explain, "writer_questions", lambda ctx: 50.0)  # a writer who asks often: no limit here
    fake = FakeBackend()
    fake.weak = True
    brief = make_brief(topic=TOPIC, words=450, notes=NOTES[:4], voice="friendly-teacher", audience="newbie")
    post = write_post(brief, load_voice("friendly-teacher"), fake)
    md = to_markdown(post)
    # the fact's question, or a heading named after its subject (`fit_headings`) that already asks it;
    # the restyler may make "your" "the"
    assert re.search(r"What does (?:your|the) computer do\?|## (?:Your|The) Computer\n", md)
    body = "\n".join(s.text for s in post.sections)
    assert "what does the resolver do?" in body.lower() or "## The Resolver\n" in md
    # a TL;DR of notes (a post always has one; the body says them too: a rewording would be a new claim)
    assert "this post" not in md.lower() and post.summary and "TL;DR" in md
    assert all(any(n.rstrip(".") in s for n in NOTES) for s in split_sentences(post.summary))
    assert post.description.startswith(NOTES[0])
    acc = account_markdown(md, NOTES[:4], known=[TOPIC, post.title, *(s.heading for s in post.sections)])
    questions = [r for r in acc["rows"] if r["sentence"].endswith("?") and r["where"] != "title"]
    # (the topic's question is not asked: no note says how DNS finds a website's address, `truth.answers`)
    assert all(r["status"] == "no_claim" for r in questions) and "How does DNS find" not in md
    assert not post.unverified  # the strict check still holds: nothing added is a claim


def test_a_fact_that_opens_with_a_code_name_keeps_its_case():
    """"Functools.wraps copies ..." was in the decorators post: a note's code name was capitalised."""
    from blogwright.pipeline.draft import with_fact
    from blogwright.text.sentences import as_sentence

    assert as_sentence("functools.wraps copies the name") == "functools.wraps copies the name."
    assert as_sentence("str() returns text") == "str() returns text."
    assert as_sentence("e.g. this one") == "E.g. this one."
    assert with_fact("", "functools.wraps copies the name", strict=True) == "functools.wraps copies the name."


def test_a_fact_from_a_found_page_is_not_asked_only_a_note_is():
    from blogwright.pipeline.explain import _from_notes

    assert _from_notes("The resolver asks a root server, which points it to the servers for the top-level "
                       "domain such as .com [3].", NOTES)
    # a sentence of a found page (research, library): its parsed subject gave "What about rebase exits topic?"
    assert not _from_notes("When rebase exits topic will remain the checked-out branch [2].", NOTES)


def test_a_template_heading_its_facts_do_not_fit_is_named_after_them():
    """Stop 31: "Step by Step" over no steps, "Why It Matters" over seasoning, "What Redis Is" over how Redis
    saves snapshots. A heading whose facts define it or name all its words stays."""
    from types import SimpleNamespace

    from blogwright.model.post import Post, Section
    from blogwright.pipeline.explain import fit_headings

    notes = ["A Bloom filter is a bit array with several hash functions that tests whether an item is in a set",
             "Seasoning is a layer of oil baked onto the iron until it turns into a hard polymer coating",
             "A little dish soap does not remove polymerised seasoning",
             "functools.wraps copies the original function's name and docstring onto the wrapper"]
    post = Post(title="t", topic="What a Bloom filter is good for", sections=[
        Section(heading="What a Bloom Filter Is", text=f"{notes[0]} [1]."),
        Section(heading="Step by Step", text=f"What is seasoning? {notes[1]} [2].\n\n{notes[2]} [3]."),
        Section(heading="What Redis Is", text="By default Redis saves snapshots of the dataset on disk [4]."),
        Section(heading="Why It Matters", text=f"{notes[3]} [5]."),  # a code name only: no plain heading
        Section(heading="How It Works", text="It runs on a laptop [6]."),  # no subject
    ])
    ctx = SimpleNamespace(brief=SimpleNamespace(topic=post.topic, notes=notes, keywords=[]), note=lambda *a: None)
    assert fit_headings(ctx, post) == 4  # two renamed, two joined
    # a heading that promises what its facts do not hold, with nothing to name them by, goes: the facts join the
    # section before them (stop 33: "Why It Matters", "Step by Step" over one sentence)
    assert [s.heading for s in post.sections] == ["What a Bloom Filter Is", "Seasoning and a Little Dish Soap", "Redis"]
    assert [m for m in ("[4]", "[5]", "[6]") if m in post.sections[2].text] == ["[4]", "[5]", "[6]"]


def test_a_heading_named_after_its_facts_is_not_the_topics_own_subject():
    """Stop 32: "Redis and RDB", "Redis and a Queued Command" in posts on Redis, "Adding an Item and a Bloom
    Filter" in a post on Bloom filters: every section is about the topic's subject."""
    from types import SimpleNamespace

    from blogwright.model.post import Post, Section
    from blogwright.pipeline.explain import fit_headings

    topic = "Grouping Redis commands with MULTI and EXEC transactions"
    post = Post(title="t", topic=topic, sections=[Section(heading="Why It Matters", text=(
        "Redis makes sure to use a single write(2) syscall to write the transaction on disk [1]. "
        "A queued command is simply scheduled for execution when EXEC is called [2]."))])
    ctx = SimpleNamespace(brief=SimpleNamespace(topic=topic, notes=[], keywords=[]), note=lambda *a: None)
    fit_headings(ctx, post)
    assert post.sections[0].heading == "A Queued Command"


def test_a_definition_heading_over_no_definition_is_renamed_even_with_a_keyword():
    """Stop 33: the definition moved up to open the post left "What a Compost Pile Is" over the pile's damp."""
    from types import SimpleNamespace

    from blogwright.model.post import Post, Section
    from blogwright.pipeline.explain import fit_headings

    topic = "How a compost pile turns scraps into soil"
    post = Post(title="t", topic=topic, sections=[Section(heading="What a Compost Pile Is", text=(
        "The pile should be about as damp as a wrung-out sponge [2]."))])
    ctx = SimpleNamespace(brief=SimpleNamespace(topic=topic, notes=[], keywords=["compost pile"]), note=lambda *a: None)
    assert fit_headings(ctx, post) == 1 and post.sections[0].heading != "What a Compost Pile Is"


@pytest.mark.parametrize("heading, facts, topic, expected", [
    # stop 33's posts (bench/results/truth33final): each heading stayed over facts it did not fit
    ("What DNS Is", ["The top-level domain servers point the resolver to the authoritative name servers of the domain"],
     "How DNS finds the address of a website", "The Top-level Domain Servers"),
    ("Step by Step", ["Soaking a cast iron pan in water for hours can make it rust"], "Caring for a cast iron pan",
     "Soaking a Cast Iron Pan"),
    ("Why It Matters", ["A thin coat of oil heated past its smoke point gives the most durable seasoning"],
     "Caring for a cast iron pan", "A Thin Coat of Oil"),
    # (stop 34's "A Lookup" was over "A lookup that finds any of those bits unset ...", which points back across its
    # heading: that fact now joins the section before it, `test_a_fact_that_points_back_joins_the_section_before`)
    ("How a Bloom Filter Works in Practice", ["A lookup that finds all the bits set means the item is probably in the "
                                              "set, so false positives are possible"],
     "What a Bloom filter is good for", "A Lookup"),
])
def test_a_heading_over_a_long_or_gerund_subject_is_named_after_it(heading, facts, topic, expected):
    from types import SimpleNamespace

    from blogwright.model.post import Post, Section
    from blogwright.pipeline.explain import fit_headings

    post = Post(title="t", topic=topic, sections=[
        Section(heading=heading, text=" ".join(f"{f} [{i + 1}]." for i, f in enumerate(facts))),
        Section(heading="Other", text="Other things happen [9].")])
    ctx = SimpleNamespace(brief=SimpleNamespace(topic=topic, notes=facts, keywords=[]), note=lambda *a: None)
    fit_headings(ctx, post)
    assert post.sections[0].heading == expected


def test_a_bare_topic_heading_joins_the_section_before():
    """Stop 33's research post on Redis transactions had a section headed "Redis" alone over a Redis fact."""
    from types import SimpleNamespace

    from blogwright.model.post import Post, Section
    from blogwright.pipeline.explain import fit_headings

    topic = "Grouping Redis commands with MULTI and EXEC transactions"
    for heading in ("Why It Matters", "Redis"):  # "Redis" alone says nothing beyond the topic, though its facts name it
        post = Post(title="t", topic=topic, sections=[
            Section(heading="A Queued Command", text="A queued command is simply scheduled for execution when EXEC is called [1]."),
            Section(heading=heading, text="Redis makes sure to use a single write(2) syscall to write the transaction [2].")])
        ctx = SimpleNamespace(brief=SimpleNamespace(topic=topic, notes=[], keywords=[]), note=lambda *a: None)
        assert fit_headings(ctx, post) == 1
        assert [s.heading for s in post.sections] == ["A Queued Command"] and "[2]" in post.sections[0].text


def test_sections_that_name_only_the_topic_keep_their_order_under_the_topics_subject():
    """Stop 34, python-decorators: every section's facts named only decorators or code; joining them all to the
    first left one section under "What Python Decorators Are" with no definition in it."""
    from types import SimpleNamespace

    from blogwright.model.post import Post, Section
    from blogwright.pipeline.explain import fit_headings

    topic = "Python decorators without the magic"
    post = Post(title="t", topic=topic, sections=[
        Section(heading="What Python Decorators Are", text="functools.wraps copies the name onto the wrapper [2]."),
        Section(heading="Why Python Decorators Matter", text="Decorators are applied from the bottom one up [4]."),
        Section(heading="How It Works", text="A decorator usually defines an inner wrapper function [5].")])
    ctx = SimpleNamespace(brief=SimpleNamespace(topic=topic, notes=[], keywords=[]), note=lambda *a: None)
    fit_headings(ctx, post)
    assert [s.heading for s in post.sections] == ["Decorators"]
    text = post.sections[0].text
    assert text.index("[2]") < text.index("[4]") < text.index("[5]")


def test_when_every_section_names_only_the_topic_a_bare_name_joins_a_fuller_one():
    """Stop 34's research post on Redis transactions: "A Redis Transaction" and a bare "Redis" (both the topic's
    words only): the bare one joins the fuller one."""
    from types import SimpleNamespace

    from blogwright.model.post import Post, Section
    from blogwright.pipeline.explain import fit_headings

    topic = "Grouping Redis commands with MULTI and EXEC transactions"
    post = Post(title="t", topic=topic, sections=[
        Section(heading="What Redis Is", text="A Redis Transaction is entered using the MULTI command [2]."),
        Section(heading="Why It Matters", text="When using the append-only file Redis makes sure to use a single "
                                              "write(2) syscall to write the transaction on disk [5].")])
    ctx = SimpleNamespace(brief=SimpleNamespace(topic=topic, notes=[], keywords=[]), note=lambda *a: None)
    fit_headings(ctx, post)
    assert [s.heading for s in post.sections] == ["A Redis Transaction"] and "[5]" in post.sections[0].text
