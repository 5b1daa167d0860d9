"""Repair, not only report: sentences that fail a substance check are regenerated once with the
problem in the prompt, and cut when they still fail; the TL;DR, description and intro only carry
sentences that pass; with notes the TL;DR comes from the notes and the points."""

import re

from blogwright.backends.fake import FakeBackend
from blogwright.checks import CheckContext
from blogwright.model.brief import make_brief
from blogwright.model.events import Note
from blogwright.model.post import Post, Section
from blogwright.pipeline.run import write_post
from blogwright.pipeline.substance import fix_phrase, sentence_problems
from blogwright.pipeline.summarize import notes_summary
from blogwright.render import to_markdown
from blogwright.text.sentences import split_sentences
from blogwright.voices import load_voice

FABRICATED = "LIMPAC (Limited Machine Learning Platform) keeps models healthy in production."
GOOD = "Teams watch their models in production and fix problems before users notice them."
META = "The above text is a bit too casual for the average web app developer."
CLEAN_FIX = "A monitoring platform keeps models healthy in production."


def responder(insist: bool):
    """Section, intro and conclusion prompts get a fabricated expansion, meta-talk and a good
    sentence (each made unique per call, so no later paragraph is dropped as a repeat); the repair
    prompt ("Rewrite in one plain sentence ...") gets a clean sentence, or the same fabrication
    again when the model `insist`s."""
    count = iter(range(10_000))

    def respond(messages, params):
        prompt = messages[-1].content
        if "Rewrite in one plain sentence" in prompt:
            return prompt.rsplit(": ", 1)[1] if insist else CLEAN_FIX
        if "Summarize" in prompt:
            return f"{FABRICATED} {GOOD} Models need care after launch, and monitoring is how teams give it."
        n = next(count)
        return (f"{FABRICATED[:-1]} for team {n}. {GOOD[:-1]}, says team {n}. "
                f"Team {n} knows that good habits pay off over many months. {META}")

    return respond


def _write(insist: bool, **kw):
    events = []
    fake = FakeBackend(function=responder(insist))
    brief = make_brief(topic=kw.pop("topic", "LLM Ops for small teams"), words=kw.pop("words", 600),
                       notes=kw.pop("notes", []))
    post = write_post(brief, load_voice("plain-expert"), fake, on_event=events.append, **kw)
    return post, fake, events


def _body(post: Post) -> str:
    return "\n".join([post.intro, *(s.text for s in post.sections), post.conclusion])


def test_the_simple_cases_fail_a_substance_check():
    ctx = CheckContext(topic="LLM Ops for small teams")
    assert sentence_problems(FABRICATED, ctx)
    assert sentence_problems(META, ctx)
    assert not sentence_problems(GOOD, ctx)
    assert not sentence_problems(CLEAN_FIX, ctx)


def test_a_fabricated_expansion_is_regenerated_with_the_problem_in_the_prompt():
    post, fake, events = _write(insist=False)
    body = _body(post)
    assert "LIMPAC" not in body and "Limited Machine Learning Platform" not in body
    assert CLEAN_FIX in body and GOOD[:-1] in body
    fixes = [c.prompt for c in fake.calls if "Rewrite in one plain sentence" in c.prompt]
    assert fixes and all("LIMPAC (Limited Machine Learning Platform)" in p for p in fixes)
    assert all(len(p.split(":")[-2].split()) <= 25 for p in fixes)  # one short instruction
    report = post.report.substance
    assert report["repaired"] and all(r["new"] == CLEAN_FIX for r in report["repaired"])
    assert {r["part"] for r in report["repaired"]} >= {"intro", "s0", "conclusion"}
    assert any(isinstance(e, Note) and "rewrote a sentence" in e.text for e in events)


def test_a_model_that_insists_gets_the_sentence_cut_and_the_cut_reported():
    post, fake, events = _write(insist=True)
    body = _body(post)
    assert "LIMPAC" not in body and GOOD[:-1] in body
    report = post.report.substance
    assert not report["repaired"]
    cut = [c["sentence"] for c in report["cut"]]
    assert any(c.startswith("LIMPAC") for c in cut) and META in cut
    assert {c["part"] for c in report["cut"]} >= {"intro", "s0", "conclusion"}
    assert any(isinstance(e, Note) and "cut a sentence" in e.text for e in events)
    # regenerated once per failing sentence, never for meta-talk (there is nothing to keep)
    fixes = [c.prompt for c in fake.calls if "Rewrite in one plain sentence" in c.prompt]
    assert fixes and not any(META in p for p in fixes)


def test_meta_talk_is_cut_everywhere_in_the_post():
    post, _, _ = _write(insist=False)
    md = to_markdown(post)
    assert "above text" not in md


def test_tldr_description_and_intro_carry_only_passing_sentences():
    post, _, _ = _write(insist=True)
    ctx = CheckContext(topic=post.topic)
    for part in (post.summary, post.description, post.intro):
        assert "LIMPAC" not in part and "above text" not in part
    assert not sentence_problems(post.description, ctx)


NOTES = ["WAL mode lets readers work while one writer writes",
         "SQLite stores the whole database in a single file"]
FLIPPED = "WAL mode, which allows multiple writers to work at the same time, makes SQLite fast."


def test_tldr_with_notes_comes_from_the_notes_and_never_contradicts_them():
    def respond(messages, params):
        return f"{FLIPPED} SQLite is a small database that many web apps use every day."

    fake = FakeBackend(function=respond)
    brief = make_brief(topic="SQLite Is Enough for Most Web Apps", words=500, notes=NOTES)
    post = write_post(brief, load_voice("plain-expert"), fake)
    assert "multiple writers" not in post.summary and "multiple writers" not in post.description
    assert post.summary.startswith("SQLite is enough for most web apps.") and NOTES[0] in post.summary
    allowed = ["SQLite is enough for most web apps", *NOTES]
    assert all(s.rstrip(".") in allowed or s.startswith("It covers") for s in split_sentences(post.summary))
    full = notes_summary(post, NOTES)  # before the length stage keeps as many sentences as fit
    assert NOTES[0] in full and NOTES[1] in full
    assert not any("Summarize" in c.prompt for c in fake.calls)  # no model call: nothing to flip


def test_notes_summary_adds_the_points_when_the_notes_are_short():
    post = Post(title="t", topic="Composting", sections=[
        Section(heading="What Composting Is", text="", point="what composting is"),
        Section(heading="Why It Matters", text="", point="why composting matters")])
    summary = notes_summary(post, ["Worms eat scraps"])
    assert summary == "Worms eat scraps. It covers what composting is and why composting matters."


def test_fix_phrase_is_one_short_clause():
    ctx = CheckContext(topic="serverless")
    finding = sentence_problems("Lambda, which stands for Lightweight Abstractions Language Engine, runs code.", ctx)[0]
    phrase = fix_phrase(finding)
    assert 2 <= len(phrase.split()) <= 15 and phrase[0].islower()
    assert not re.search(r"[.!?]$", phrase)


def test_fix_phrases_name_the_term_the_fact_or_the_meaning():
    ctx = CheckContext(topic="LLM Ops vs ML Ops", notes=NOTES)
    flipped = sentence_problems("WAL mode allows multiple writers to work at the same time.", ctx)
    assert fix_phrase(flipped[0]) == f"keeping to this fact: {NOTES[0]}"
    term = [f for f in sentence_problems(FABRICATED, ctx) if f.gate == "terms"][0]
    assert fix_phrase(term) == "without the made-up term 'LIMPAC'"
    mangled = [f for f in sentence_problems("Lambda Ops keeps models healthy in production.", ctx) if f.gate == "terms"]
    assert fix_phrase(mangled[0]) == "writing 'LLM Ops', not 'Lambda Ops'"  # the right spelling, not only what to avoid
    redefined = sentence_problems("LLM Ops is a type of database.", ctx,
                                  "LLM Ops is the practice of running large language models in production.")
    defs = {"LLM Ops": "the practice of running large language models in production"}
    assert fix_phrase(redefined[0], defs) == f"using this meaning of LLM Ops: {defs['LLM Ops']}"


def test_a_redefined_key_term_is_repaired_with_the_plans_definition():
    fixed = "LLM Ops keeps large language models healthy in production."

    def respond(messages, params):
        prompt = messages[-1].content
        if "Rewrite in one plain sentence" in prompt:
            return fixed if "using this meaning of LLM Ops" in prompt else prompt.rsplit(": ", 1)[1]
        return (f"LLM Ops is a type of database for storing files {params.seed % 1000}. "
                f"Teams that run models care about cost and speed {params.seed}. Good habits help them {params.seed}.")

    fake = FakeBackend(function=respond)
    post = write_post(make_brief(topic="LLM Ops vs ML Ops", words=600), load_voice("plain-expert"), fake)
    assert "type of database" not in _body(post)
    repaired = post.report.substance["repaired"]
    assert repaired and all(r["new"] == fixed for r in repaired)
    assert all("redefines" in r["problem"] for r in repaired)


def test_a_sentence_that_flips_a_note_is_repaired_to_keep_the_fact():
    def respond(messages, params):
        prompt = messages[-1].content
        if "Rewrite in one plain sentence" in prompt:
            assert f"keeping to this fact: {NOTES[0]}" in prompt
            return "With WAL mode, readers keep working while one writer writes."
        return (f"WAL mode allows multiple writers to work at the same time {params.seed % 1000}. "
                f"Many small web apps never need more than that {params.seed}. Backups stay simple {params.seed}.")

    post = write_post(make_brief(topic="SQLite Is Enough for Most Web Apps", words=600, notes=NOTES),
                      load_voice("plain-expert"), FakeBackend(function=respond))
    assert "multiple writers" not in _body(post) + post.summary
    assert post.report.substance["repaired"]


def test_the_sentence_cache_key_follows_every_field_of_the_context_without_repr():
    """Stop 33: the key was `hash(repr(ctx))`, a copy of a research post's sources for every streamed sentence."""
    from blogwright.checks import CheckContext
    from blogwright.pipeline.substance import fingerprint

    a = CheckContext(topic="home composting", notes=["Turn it weekly."], sources_text="word " * 40000)
    b = CheckContext(topic="home composting", notes=["Turn it weekly."], sources_text="word " * 40000)
    assert fingerprint(a) == fingerprint(b) and fingerprint(None) == 0
    before = fingerprint(a)
    a.headings_points = {"Why": "why it works"}  # a context changed after use (as `edits` does) gets another key
    assert fingerprint(a) != before
    b.sources_text += "more"
    assert fingerprint(b) != before
