"""Issue 22, true posts: strict claim checks, fact-bound writing on an untrusted model, unverified
claims in the front matter, the `facts` and `civility` gates, `publish` refusing unverified claims,
and the web page's warning. Fake backend only: seconds."""

from __future__ import annotations

import datetime as dt

import pytest

from blogwright.backends.fake import FakeBackend
from blogwright.checks import CheckContext, GateConfig, check_markdown
from blogwright.checks.civility import civility_problems
from blogwright.checks.facts import unverified_claims
from blogwright.core.errors import BadInput
from blogwright.grounding import account_markdown, check_claims, extract_claims
from blogwright.model.brief import make_brief
from blogwright.model.post import Post, Section
from blogwright.pipeline.run import write_post
from blogwright.publish import publish_post
from blogwright.render import post_words, to_markdown
from blogwright.voices import load_voice

NOTES = ["In WAL mode SQLite appends changes to a separate write-ahead log file",
         "Readers do not block the writer in WAL mode",
         "There can still be only one writer at a time"]
TOPIC = "What SQLite's WAL mode changes"
NO_EMB = GateConfig(embeddings=False)


def verdicts(text: str, notes=NOTES):
    claims = extract_claims(text, "s", strict=True, known=[TOPIC])
    return {v.sentence: v.status for v in check_claims(claims, notes, None, known=[TOPIC], strict=True)}


def test_strict_check_supports_restatements_only():
    got = verdicts("Readers do not block the writer in WAL mode. Only one writer can write at a time, still. "
                   "SQLite runs on the server and keeps data in memory. It stores data in memory pages on the server. "
                   "It's a great way to start. Readers block the writer in WAL mode.")
    assert got["Readers do not block the writer in WAL mode."] == "supported"
    assert got["SQLite runs on the server and keeps data in memory."] != "supported"
    assert got["It stores data in memory pages on the server."] == "unsupported"  # a plain statement is a claim
    assert "It's a great way to start." not in got  # voice: no checkable claim
    assert got["Readers block the writer in WAL mode."] != "supported"  # the note's negation dropped


def test_account_gives_every_sentence_a_status_and_the_backing_passage():
    md = ("---\ntitle: T\n---\n\n# WAL Mode\n\nReaders do not block the writer in WAL mode [1]. "
          "SQLite was written in 1999 at Google. Let's dig in.\n")
    acc = account_markdown(md, NOTES, known=[TOPIC])
    status = {r["sentence"]: (r["status"], r["passage"]) for r in acc["rows"]}
    assert status["Readers do not block the writer in WAL mode."] == ("supported", "notes")
    assert status["SQLite was written in 1999 at Google."][0] == "unsupported"
    assert status["Let's dig in."][0] == "no_claim"
    assert acc["sentences"] == acc["supported"] + acc["no_claim"] + acc["unsupported"]


def weak() -> FakeBackend:
    fake = FakeBackend()
    fake.weak = True
    return fake


def test_an_untrusted_model_with_notes_writes_around_them_and_stops_when_they_run_out():
    post = write_post(make_brief(topic=TOPIC, words=900, notes=NOTES), load_voice("plain-expert"), weak())
    md = to_markdown(post)
    for note in NOTES:
        assert note in md  # every fact is in, cited
    assert post.report.grounding["mode"] == "rewrite"
    assert len(post.sections) <= len(NOTES)  # no section without a fact
    assert post.body_words < 400  # no top-up to 900 words from nothing
    truth = post.report.truth
    assert truth["fact_bound"] and truth["supported_words"] == post_words(post)  # the count the front matter gives
    assert "of the 900 words asked for" in truth["advice"] and "--interview" in truth["advice"]
    acc = account_markdown(md, NOTES, known=[TOPIC, post.title, *(s.heading for s in post.sections)])
    assert acc["unsupported"] <= len(post.unverified) + 1  # what is left unsupported is listed (title aside)
    assert post.report.checks.gates["length"].passed  # the length its facts allow


def test_unsupported_flag_keeps_the_claims_and_lists_them_in_the_front_matter():
    post = write_post(make_brief(topic=TOPIC, words=300, notes=NOTES), load_voice("plain-expert"), weak(),
                      unsupported="flag")
    md = to_markdown(post)
    assert post.unverified and post.fact_check == "needed"
    assert f"claims_to_check: {len(post.unverified)}" in md and "check_claims:" in md
    assert unverified_claims(md)  # the facts gate sees them in the body
    assert not post.report.checks.gates["facts"].passed


def test_the_user_can_mark_any_model_untrusted_or_trusted():
    trusted = write_post(make_brief(topic=TOPIC, words=300, notes=NOTES), load_voice("plain-expert"), FakeBackend())
    assert trusted.report.grounding["mode"] == "flag" and not trusted.report.truth["fact_bound"]
    marked = write_post(make_brief(topic=TOPIC, words=300, notes=NOTES), load_voice("plain-expert"), FakeBackend(),
                        untrusted=True)
    assert marked.report.grounding["mode"] == "rewrite" and marked.report.truth["fact_bound"]
    freed = write_post(make_brief(topic=TOPIC, words=300, notes=NOTES), load_voice("plain-expert"), weak(),
                       untrusted=False)
    assert not freed.report.truth["fact_bound"]


def test_without_facts_the_interview_is_offered_first():
    asked = []

    def offer(questions):
        asked.append(questions)
        return ["WAL mode lets readers keep reading while one writer writes"] + [""] * (len(questions) - 1)

    post = write_post(make_brief(topic=TOPIC, words=300), load_voice("plain-expert"), weak(), ask=offer,
                      offer_interview=True)
    assert asked and post.report.interview_notes
    assert post.report.truth["fact_bound"]
    with_notes = write_post(make_brief(topic=TOPIC, words=300, notes=NOTES), load_voice("plain-expert"), weak(),
                            ask=offer, offer_interview=True)
    assert len(asked) == 1 and not with_notes.report.interview_notes  # facts given: nothing offered


PROFANE = ("Buckle up, newbie. I'm sure you're right, I've been doing this for a long time and have no idea "
           "what the fuck is going on.")


@pytest.mark.parametrize("sentence, flagged", [
    (PROFANE, True),
    ("You're right, the 3 sentences are too long and hard for me to follow.", True),
    ("What the f*ck is a WAL file?", True),
    ("Only an idiot skips backups.", True),
    ("Kill the process with kill -9 when it hangs.", False),
    ("Welcome to dependency hell.", False),
    ("You are right to worry about cold starts.", False),
    ("When I started, I had no idea what a commit was.", False),
])
def test_civility_flags_profanity_insults_and_talk_to_the_requester(sentence, flagged):
    assert bool(civility_problems(sentence)) is flagged


def test_civility_is_blocking_and_a_prompted_word_passes():
    post = "# Hell Week\n\nThis post explains a hard week at work. What the hell happened on Monday was a failed deploy.\n"
    report = check_markdown(post, CheckContext(topic="Hell week at work"), NO_EMB)
    assert report.gates["civility"].passed  # the user's own topic says it
    report = check_markdown(post, CheckContext(topic="A hard week at work"), NO_EMB)
    assert report.gates["civility"].blocking and not report.gates["civility"].passed


def test_the_pipeline_cuts_a_profane_sentence():
    class Rude(FakeBackend):
        def complete(self, messages, params, **kw):
            c = super().complete(messages, params, **kw)
            c.text = PROFANE + " " + c.text
            return c

    post = write_post(make_brief(topic="LLM Ops vs ML Ops", words=300), load_voice("snarky-mentor"), Rude())
    md = to_markdown(post)
    assert "fuck" not in md and "you're right" not in md.lower()
    assert post.report.checks.gates["civility"].passed


def marked_post() -> Post:
    return Post(title="WAL Mode", topic="WAL mode", slug="wal", date=dt.date(2026, 12, 1), tags=["sqlite"],
                description="What WAL mode changes in SQLite.", summary="What WAL mode changes in SQLite.",
                intro="WAL mode is a journal mode of SQLite. SQLite was written at Google in 1999.",
                sections=[Section(heading="Readers", text="Readers do not block the writer in WAL mode.")],
                conclusion="That is WAL mode.", voice="plain-expert", model="fake", fact_check="needed",
                unverified=["SQLite was written at Google in 1999."])


def test_publish_refuses_unverified_claims_and_names_them_until_cleared(tmp_path):
    site = tmp_path / "site"
    (site / "content" / "posts").mkdir(parents=True)
    (site / "hugo.toml").write_text('title = "T"\n')
    path = tmp_path / "wal.md"
    path.write_text(to_markdown(marked_post()))
    with pytest.raises(BadInput, match=r"1 unverified claim.*SQLite was written at Google in 1999"):
        publish_post(path, f"hugo:{site}", notes=["Readers do not block the writer in WAL mode"])
    cleared = path.read_text().replace("- SQLite was written at Google in 1999.\n", "")
    path.write_text(cleared)  # the user checked it and deleted the entry
    assert unverified_claims(cleared) == []


def test_the_web_report_warns_on_a_part_with_unverified_claims():
    from blogwright import edits

    post = marked_post()
    brief = make_brief(topic="WAL mode", words=300)
    report = edits.section_report(brief, {}, "", post.intro, NO_EMB, tuple(post.unverified))
    assert not report["passed"] and "facts" in report["blocking_failed"]
    marked = [p for para in report["paragraphs"] for p in para if p["level"]]
    assert marked and marked[0]["text"] == "SQLite was written at Google in 1999."
    clean = edits.section_report(brief, {}, "Readers", post.sections[0].text, NO_EMB, tuple(post.unverified))
    assert "facts" not in clean["blocking_failed"]


def test_a_definition_in_the_known_text_does_not_excuse_a_new_word():
    notes = ["In WAL mode SQLite appends changes to a separate write-ahead log file instead of rewriting the database file"]
    known = [TOPIC, "WAL (write-ahead logging) means a database writes changes to the same file"]
    s = "In WAL mode, a database writes to the same write-ahead log file instead of rewriting it."
    claims = extract_claims(s, "s", strict=True, known=known)
    assert [v.status for v in check_claims(claims, notes, None, known=known, strict=True)] == ["unsupported"]


def test_without_facts_every_claim_of_the_finished_post_is_listed_even_one_the_restyler_changed(monkeypatch):
    """`make post` listed 12 claims and missed "This is an example of LLM Ops, where you use your
    imagination ..., newbie.": the restyler added ", newbie" after the claim check, so the flagged
    sentence was no longer found word for word. Now the finished text's claims are listed."""
    from blogwright.pipeline import run as run_module
    from blogwright.pipeline.truth import claim_key

    def restyle(ctx, post):  # what the restyler did to that sentence: a word of address at its end
        post.sections[0].text = post.sections[0].text.rstrip(".") + ", newbie. " + \
            "This is an example of LLM Ops, where you build new things from existing ones, newbie."

    monkeypatch.setattr(run_module, "restyle_post", restyle)
    post = write_post(make_brief(topic="LLM Ops vs ML Ops", words=300), load_voice("snarky-mentor"), weak())
    md = to_markdown(post)
    assert post.fact_check == "needed" and f"claims_to_check: {len(post.unverified)}" in md
    voice = load_voice("snarky-mentor")
    acc = account_markdown(md, [], known=["LLM Ops vs ML Ops"], canned=[*voice.openers, *voice.sign_offs])
    body_claims = {r["sentence"] for r in acc["rows"] if r["status"] != "no_claim" and r["where"] != "title"}
    # one entry per claim (`truth.distinct_claims`): an extractive TL;DR sentence is a body claim again, listed once
    listed = {claim_key(u) for u in post.unverified}
    assert body_claims and all(claim_key(c) in listed for c in body_claims), \
        [c for c in body_claims if claim_key(c) not in listed]
    assert "This is an example of LLM Ops, where you build new things from existing ones, newbie." in post.unverified


def test_a_flagged_sentence_the_restyler_changed_is_still_found():
    from blogwright.pipeline.truth import still_there

    post = marked_post()
    post.intro = "WAL mode is a journal mode of SQLite. SQLite was written at Google in 1999, newbie."
    assert still_there(post, ["SQLite was written at Google in 1999."]) == \
        ["SQLite was written at Google in 1999, newbie."]
    assert still_there(post, ["Readers block the writer in every mode on Tuesdays."]) == []  # gone is gone


@pytest.mark.parametrize("text,kept", [
    ("A runbook lists the steps. As outlined in the context provided, teams need one.", "A runbook lists the steps."),
    ("Based on the text, git is great. Git stores blobs.", "Git stores blobs."),
    ("The given context says little. In the context of databases, a log helps.",
     "In the context of databases, a log helps."),
])
def test_talk_about_the_prompts_material_is_cut_and_flagged(text, kept):
    """The runbook post's TL;DR said "outlined in the context provided": a prompt leak no gate caught."""
    from blogwright.pipeline.clean import clean_prose

    assert clean_prose(text) == kept
    md = f"---\ntitle: Runbooks\n---\n\n# Runbooks\n\n{text}\n"
    report = check_markdown(md, CheckContext(topic="runbooks", target_words=50), NO_EMB)
    assert any("prompt's material" in f.suggestion for f in report.gates["leaks"].findings)


@pytest.mark.parametrize("sentence,claim", [
    ("Try it yourself before the hype moves on.", False),  # advice, nothing to check
    ("Start small, measure, and keep what works.", False),
    ("That is working on two branches at once with git worktree in short.", False),  # the topic's own "two"
    ("Oh, that's working on two branches at once with git worktree in short.", False),
    ("Leverage the power of language to create something that can be used for a wide range of applications.", True),
    ("Leverage LLM Ops to optimize your business.", True),  # an imperative that names a thing
    ("Turn on WAL mode with PRAGMA journal_mode=WAL.", True),
    ("This is an example of LLM Ops, where you use your imagination and creativity to build new things "
     "from existing ones, newbie.", True),
    ("It stores data in memory pages on the server.", True),
    # what the post covers: things, or questions about the topic's own things (the wrap-up line)
    ("This post also covers the main working tree and a linked working tree.", False),
    ("In short, this post covered what git worktree is and how git worktree works in practice.", False),
    ("This post covers git worktree, which replaced git-new-workdir.", True),  # a relative clause says it
    ("This post covers how git worktree replaced git-new-workdir.", True),  # new things in the question
    ("This post covers the 2015 release of git worktree.", True),  # a number of its own
])
def test_a_sentence_is_no_claim_only_when_it_clearly_carries_none(sentence, claim):
    topic = "Working on two branches at once with git worktree"
    assert bool(extract_claims(sentence, strict=True, known=[topic])) == claim


def test_an_emptied_intro_and_close_get_the_readers_question_and_its_answer_not_talk_about_the_post():
    """Stop 31's editor labelled "This post is about X." and "That is X in short." meta. An intro the check
    emptied (or left with only the voice's opener) is the reader's question; a close with nothing on the
    topic its answer line, said in short where in full it would echo the question (the repetition gate)."""
    from blogwright.backends.fake import FakeBackend
    from blogwright.checks.repetition import similarity
    from blogwright.model.post import Post, Section
    from blogwright.pipeline.context import RunContext
    from blogwright.pipeline.truth import settle
    from blogwright.store import Store

    def settled(topic: str, voice: str, intro: str, conclusion: str) -> Post:
        ctx = RunContext(brief=make_brief(topic=topic, words=400, voice=voice), voice=load_voice(voice),
                         backend=FakeBackend(), store=Store(None), run_id="t")
        post = Post(title=topic, topic=topic, intro=intro, conclusion=conclusion,
                    sections=[Section(heading="A", text="A fact [1].")])
        settle(ctx, post, {})
        return post

    post = settled("Caring for a cast iron pan", "plain-expert", "", "")
    assert (post.intro, post.conclusion) == ("How do you go about caring for a cast iron pan?",
                                             "That is what caring for a cast iron pan takes.")
    post = settled("How DNS finds the address of a website", "snarky-mentor", "Say no more, newbie.",
                   "Class dismissed, newbie.")
    assert post.intro == "Say no more, newbie. How does DNS find the address of a website?"
    assert post.conclusion == "That is how DNS finds the address of a website. Class dismissed, newbie."
    post = settled("What a Bloom filter is good for", "snarky-mentor", "Say no more, newbie.", "")
    # in full the answer echoes the question (a loop): the question goes, never "That is the answer." (stop 32: meta)
    assert similarity("What is a Bloom filter good for?", "That is what a Bloom filter is good for.") >= 0.75
    assert post.intro == "Say no more, newbie." and post.conclusion == "That is what a Bloom filter is good for."
    post = settled("What a Bloom filter is good for", "plain-expert", "", "That is what a Bloom filter is good for.")
    assert "That is the answer." not in post.conclusion
    for p in (post, settled("Why small teams need a runbook", "plain-expert", "", "")):
        assert "this post" not in f"{p.intro} {p.conclusion}".lower() and "in short" not in p.conclusion


BLOOM = ["A Bloom filter is a bit array with several hash functions that tests whether an item is in a set",
         "Adding an item sets the bits at the positions its hash functions give",
         "A plain Bloom filter cannot delete items, because clearing a bit could remove other items too"]


def _fact_post(topic: str, voice: str, facts: list[str], intro: str = "", conclusion: str = ""):
    from blogwright.backends.fake import FakeBackend
    from blogwright.model.post import Post, Section
    from blogwright.pipeline.context import RunContext
    from blogwright.pipeline.truth import settle
    from blogwright.store import Store

    ctx = RunContext(brief=make_brief(topic=topic, words=400, voice=voice, notes=facts), voice=load_voice(voice),
                     backend=FakeBackend(), store=Store(None), run_id="t", untrusted=True)
    ctx.fact_bound = True
    post = Post(title=topic, topic=topic, intro=intro, conclusion=conclusion,
                sections=[Section(heading=f"S{i}", text=f"In practice, {f[:1].lower() + f[1:]} [{i + 1}].")
                          for i, f in enumerate(facts)])
    settle(ctx, post, {})
    return post


def test_a_post_of_facts_asks_no_question_its_facts_leave_unanswered_and_never_says_that_is_the_answer():
    """Stop 32's bloom-filter post asked "What is a Bloom filter good for?", never said, and closed "That is the
    answer." (meta): now it opens on its first fact and closes on its last, each said once and still cited."""
    post = _fact_post("What a Bloom filter is good for", "plain-expert", BLOOM)
    assert "?" not in post.intro and "answer" not in post.conclusion
    assert post.intro == "A Bloom filter is a bit array with several hash functions that tests whether an item is in a set [1]."
    assert post.conclusion.startswith("A plain Bloom filter cannot delete items") and "[3]" in post.conclusion
    body = " ".join(s.text for s in post.sections)
    assert "[1]" not in body and "[3]" not in body and "[2]" in body  # moved, not copied
    post = _fact_post("What a Bloom filter is good for", "plain-expert", BLOOM,
                      intro="What is a Bloom filter good for?", conclusion="That is what a Bloom filter is good for.")
    assert "good for" not in f"{post.intro} {post.conclusion}"  # the drafted fallbacks go too


def test_a_post_of_facts_asks_the_question_one_fact_answers():
    facts = ["A Bloom filter is good for skipping disk lookups for keys that are not there",
             "Adding an item sets the bits at the positions its hash functions give",
             "A plain Bloom filter cannot delete items, because clearing a bit could remove other items too"]
    post = _fact_post("What a Bloom filter is good for", "plain-expert", facts)
    assert post.intro == "What is a Bloom filter good for?"
    assert "answer" not in post.conclusion and "[3]" in post.conclusion  # the answer line would echo it


def test_a_body_without_facts_keeps_no_verbless_fragment_and_no_article_before_a_name():
    """Stop 32's make-post body: "The key differences between LLM Ops (...) and ML Ops (...)." (verbless, the
    TL;DR already refused it) and "A LLM Ops is a way ..." (the TL;DR already dropped the article)."""
    from blogwright.backends.fake import FakeBackend
    from blogwright.model.post import Post, Section
    from blogwright.pipeline.context import RunContext
    from blogwright.pipeline.truth import settle
    from blogwright.store import Store

    topic = "LLM Ops vs ML Ops"
    ctx = RunContext(brief=make_brief(topic=topic, words=600, voice="snarky-mentor"), voice=load_voice("snarky-mentor"),
                     backend=FakeBackend(), store=Store(None), run_id="t", untrusted=True)
    fragment = ("The key differences between LLM Ops (running large language models in production) and ML Ops "
                "(running machine learning models in production).")
    post = Post(title=topic, topic=topic, intro="Say no more, newbie. What is the difference between LLM Ops and ML Ops?",
                sections=[Section(heading="What LLM Ops Is", text="A LLM Ops is a way to run your own language model."),
                          Section(heading="Key Differences", text=f"{fragment} Think of ML Ops as the practice of "
                                  "training and deploying models."),
                          Section(heading="Steps", text="Choose a compost bin. 2. Use a compost bin. 3. Turn the pile.")],
                conclusion="That is the difference between LLM Ops and ML Ops. Class dismissed, newbie.")
    settle(ctx, post, {})
    text = "\n".join(post.prose())
    assert fragment not in text and "Think of ML Ops" in text  # an instruction has no finite verb either: kept
    # a numbered instruction is no fragment either (llm:SmolLM2's list lost its items 2 and 3 to the check)
    # (and loses the stray numbers of a list run into a paragraph, stop 35: "... bin. 2. Use ..." read as a typo)
    assert "bin. Use a compost bin. Turn the pile." in text
    assert post.sections[0].text == "LLM Ops is a way to run your own language model."
    assert post.intro.startswith("Say no more, newbie.") and post.conclusion.endswith("Class dismissed, newbie.")


def test_a_post_of_facts_in_a_voice_with_lines_of_its_own_opens_and_closes_on_them():
    """A voice's opener alone ("Say no more, newbie.", "Let's take this one step at a time.") was a content-free
    intro (stop 33's editor): the first fact follows it; the close is the last fact before the sign-off (a
    sign-off alone is off the topic)."""
    post = _fact_post("What a Bloom filter is good for", "snarky-mentor", BLOOM, intro="Say no more, newbie.",
                      conclusion="Class dismissed, newbie.")
    assert post.intro == f"Say no more, newbie. {BLOOM[0]} [1]." and "[1]" not in post.sections[0].text
    assert post.conclusion.startswith("A plain Bloom filter cannot delete items") and post.conclusion.endswith(
        "Class dismissed, newbie.")


def test_the_opening_fact_never_leaves_its_section_one_fact():
    """One short fact left alone in a section read as off the topic (bench.quality's linux-commands post): a section
    of two facts gives both to the intro; one of three keeps two."""
    from blogwright.backends.fake import FakeBackend
    from blogwright.model.post import Post, Section
    from blogwright.pipeline.context import RunContext
    from blogwright.pipeline.truth import settle
    from blogwright.store import Store

    notes = ["Compost is made by bacteria and fungi that break down plant scraps",
             "The pile should be about as damp as a wrung-out sponge",
             "Turning the pile brings in oxygen, which the microbes need to work quickly",
             "A working pile heats up in the middle, often to 50 to 65 degrees Celsius"]
    ctx = RunContext(brief=make_brief(topic="How a compost pile turns scraps into soil", words=450,
                                      voice="friendly-teacher", notes=notes),
                     voice=load_voice("friendly-teacher"), backend=FakeBackend(), store=Store(None), run_id="t",
                     untrusted=True)
    ctx.fact_bound = True
    opener = ctx.voice.openers[0]
    post = Post(title="Compost", topic=ctx.brief.topic, intro=opener, conclusion="",
                sections=[Section(heading="What a Compost Pile Is", text=f"{notes[0]} [1].\n\n{notes[1]} [2]."),
                          Section(heading="Turning the Pile", text=f"{notes[2]} [3].\n\n{notes[3]} [4].")])
    settle(ctx, post, {})
    assert post.intro == f"{opener} {notes[0]} [1]. {notes[1]} [2]."
    assert [s.heading for s in post.sections] == ["Turning the Pile"] and "[3]" in post.sections[0].text
    assert post.conclusion.startswith(notes[3])


def test_a_post_of_facts_keeps_its_whole_tldr_though_the_body_says_it(monkeypatch):
    """Stop 33: dropping every TL;DR sentence the body says left posts of facts with no TL;DR; dropping the
    intro's left the bloom-filter post a TL;DR of one limitation. A TL;DR of facts stays whole."""
    from blogwright.pipeline import summarize

    post = _fact_post("What a Bloom filter is good for", "plain-expert", BLOOM)
    ctx_made = {"text": ""}
    monkeypatch.setattr(summarize, "make_summary", lambda ctx, post, cctx: ctx_made["text"])
    from blogwright.backends.fake import FakeBackend
    from blogwright.pipeline.context import RunContext
    from blogwright.store import Store

    ctx = RunContext(brief=make_brief(topic="What a Bloom filter is good for", words=400, notes=BLOOM),
                     voice=load_voice("plain-expert"), backend=FakeBackend(), store=Store(None), run_id="t",
                     untrusted=True)
    ctx.fact_bound = True
    first, second = (BLOOM[0].rstrip(".") + ".", BLOOM[1].rstrip(".") + ".")
    ctx_made["text"] = f"{first} {second}"
    assert summarize.finish(ctx, post).summary == f"{first} {second}"  # the intro opens on the first fact


def test_a_close_that_is_one_more_fact_is_not_headed_wrapping_up():
    """Stop 33's editor: every "Wrapping Up" of a post of facts was one more note. It is headed "One Last Thing",
    still read as the post's close by the checks."""
    from blogwright.checks import CheckContext, GateConfig
    from blogwright.checks.structure import gate_structure
    from blogwright.render import to_html, to_markdown
    from blogwright.text.document import parse_markdown

    post = _fact_post("What a Bloom filter is good for", "snarky-mentor", BLOOM, intro="Say no more, newbie.",
                      conclusion="Class dismissed, newbie.")
    post.summary = BLOOM[0] + "."
    md = to_markdown(post)
    assert "## One Last Thing\n\nA plain Bloom filter cannot delete items" in md and "Wrapping Up" not in md
    assert "<h2>One Last Thing</h2>" in to_html(post)
    doc = parse_markdown(md)
    assert doc.conclusion.startswith("A plain Bloom filter") and doc.conclusion_heading == "One Last Thing"
    assert not [f for f in gate_structure(doc, CheckContext(target_words=100, planned_sections=1), GateConfig(template=True)).findings
                if "conclusion" in f.message]
    # a close with a line of its own keeps its heading
    post = _fact_post("What a Bloom filter is good for", "plain-expert", BLOOM,
                      conclusion="That is what a Bloom filter is good for, in short, and why it matters to you.")
    assert post.conclusion_heading == "" and "## Wrapping Up" in to_markdown(post)


def test_a_post_of_facts_whose_sections_joined_passes_the_structure_gate():
    """Sections whose facts a heading could not name join another (stop 34): the post has the sections its facts
    filled, fewer than planned, and the structure gate counts those (as the length gate counts its words)."""
    from blogwright.backends.fake import FakeBackend
    from blogwright.pipeline.run import write_post

    notes = ["Compost is made by bacteria and fungi that break down plant scraps",
             "A pile needs a mix of green material such as vegetable scraps and brown material such as dry leaves",
             "Turning the pile brings in oxygen, which the microbes need to work quickly",
             "A working pile heats up in the middle, often to 50 to 65 degrees Celsius",
             "The pile should be about as damp as a wrung-out sponge",
             "Meat and dairy are usually kept out of a home pile because they smell and attract pests"]
    post = write_post(make_brief(topic="How a compost pile turns scraps into soil", voice="friendly-teacher", words=450,
                                 notes=notes), load_voice("friendly-teacher"), FakeBackend(weak=True))
    assert len(post.sections) < 3
    structure = post.report.checks.gates["structure"]
    assert structure.passed, [f.message for f in structure.findings]
