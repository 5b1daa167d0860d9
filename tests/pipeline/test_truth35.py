"""Stop 35: what stop 34's strict editor still found wrong when reading posts of facts (bench/results/truth34final/
LABELS.md, "Still wrong when read"): steps out of the notes' order, a fact pointing back across a heading, a heading
over facts it does not name, the TL;DR's last sentence as the intro's first, a sign-off inside "One Last Thing", a
stray list number in prose, and "fi" of "sci-fi" flagged. Fake backend only: seconds."""

from __future__ import annotations

from types import SimpleNamespace

from blogwright.backends.fake import FakeBackend
from blogwright.model.brief import make_brief
from blogwright.model.post import LAST_FACT_HEADING, Post, Section
from blogwright.pipeline.context import RunContext
from blogwright.store import Store
from blogwright.voices import load_voice

DNS = ["DNS turns a name like example.com into an IP address that computers use to connect",
       "Your computer first asks a recursive resolver, usually run by your internet provider or a public service",
       "The resolver asks a root server, which points it to the servers for the top-level domain such as .com",
       "The top-level domain servers point the resolver to the authoritative name servers of the domain",
       "The authoritative name server answers with the record, for example an A record holding an IPv4 address",
       "Every answer carries a TTL that says how many seconds a resolver may cache it"]


def _ctx(topic: str, voice: str, notes: list[str]) -> RunContext:
    ctx = RunContext(brief=make_brief(topic=topic, words=450, voice=voice, notes=notes), voice=load_voice(voice),
                     backend=FakeBackend(), store=Store(None), run_id="t", untrusted=True)
    ctx.fact_bound = True
    return ctx


def test_a_post_of_notes_says_its_steps_in_the_notes_order_and_numbers_references_as_met():
    """Stop 34's DNS post (the plan's sections as captured at `settle`): steps 3, 1, 4, 2; the notes' order now, and
    [1], [2], ... in the order a reader meets them, the References list reordered to match."""
    from blogwright.pipeline.clean import split_sentences
    from blogwright.pipeline.truth import settle
    from blogwright.text.citations import MARKER

    ctx = _ctx("How DNS finds the address of a website", "friendly-teacher", DNS)
    refs = "## References\n\n" + "\n".join(f"{i + 1}. The author's own notes: “{n}”" for i, n in enumerate(DNS)) + "\n"
    post = Post(title="DNS", topic=ctx.brief.topic, intro=f"Let's take this one step at a time. {DNS[0]} [1].",
                conclusion="Take it one step at a time, and you will get there.", references_md=refs,
                sections=[Section(heading="What DNS Is", text=f"{DNS[3]} [4]."),
                          Section(heading="Why DNS Matters", text=f"{DNS[1]} [2].\n\n{DNS[4]} [5]."),
                          Section(heading="How DNS Works in Practice", text=f"{DNS[2]} [3].\n\n{DNS[5]} [6].")])
    settle(ctx, post, {})
    body = [s for part in [post.intro, *(x.text for x in post.sections), post.conclusion]
            for s in split_sentences(part) if MARKER.search(s)]
    assert [next(i for i, n in enumerate(DNS) if n in s) for s in body] == [0, 1, 2, 3, 4, 5]
    assert [s[s.rindex("[") + 1:s.rindex("]")] for s in body] == ["1", "2", "3", "4", "5", "6"]
    # each number still names the note it quotes
    listed = dict(line.split(". ", 1) for line in post.references_md.splitlines() if line[:1].isdigit())
    assert all(DNS[i] in listed[str(i + 1)] for i in range(6))


def test_renumber_keeps_each_marker_with_its_reference():
    from blogwright.text.citations import renumber

    refs = "## References\n\n1. A: “one”\n2. B: “two”\n3. C: “three”\n"
    parts, out = renumber(["Intro [1].", "Two [3].\n\nThree [2, 3]."], refs)
    assert parts == ["Intro [1].", "Two [2].\n\nThree [3, 2]."]
    assert out == "## References\n\n1. A: “one”\n2. C: “three”\n3. B: “two”\n"
    assert renumber(["[1] [2] [3]"], refs) == (["[1] [2] [3]"], refs)  # in order already: unchanged


def _fit(topic: str, notes: list[str], sections: list[Section]) -> Post:
    from blogwright.pipeline.explain import fit_headings

    post = Post(title="t", topic=topic, sections=sections)
    fit_headings(SimpleNamespace(brief=SimpleNamespace(topic=topic, notes=notes, keywords=[]), note=lambda *a: None),
                 post)
    return post


def test_a_fact_that_points_back_joins_the_section_before_it():
    """Stop 34's bloom-filter post: "A Lookup" opened on "A lookup that finds any of those bits unset ...", its
    "those bits" pointing across the heading to nothing; it now follows the fact that sets those bits."""
    bloom = ["Adding an item sets the bits at the positions its hash functions give",
             "A lookup that finds any of those bits unset means the item was never added",
             "A lookup that finds all the bits set means the item is probably in the set, so false positives are "
             "possible"]
    post = _fit("What a Bloom filter is good for", bloom, [
        Section(heading="Why a Bloom Filter Matters", text=f"{bloom[0]} [1]."),
        Section(heading="How a Bloom Filter Works in Practice", text=f"{bloom[1]} [2].\n\n{bloom[2]} [3].")])
    assert [s.heading for s in post.sections] == ["Adding an Item", "A Lookup"]
    assert post.sections[0].text.endswith(f"{bloom[1]} [2].") and post.sections[1].text.startswith(bloom[2])


def test_a_heading_that_names_under_half_its_facts_is_named_more_broadly():
    """Stop 34's compost post: its one section was headed "Meat and Dairy" over five sentences, one on meat and
    dairy (the facts that name only the pile had joined it). A heading names most of its facts, or a broader one
    does."""
    from blogwright.pipeline.explain import _broaden

    compost = ["A pile needs a mix of green material such as vegetable scraps and brown material such as dry leaves",
               "Turning the pile brings in oxygen, which the microbes need to work quickly",
               "A working pile heats up in the middle, often to 50 to 65 degrees Celsius",
               "The pile should be about as damp as a wrung-out sponge"]
    post = _fit("How a compost pile turns scraps into soil", compost, [
        Section(heading="Why a Compost Pile Matters", text=f"{compost[0]} [1]."),
        Section(heading="How a Compost Pile Works in Practice", text=f"{compost[1]} [2].\n\n{compost[2]} [3]."),
        Section(heading="What a Compost Pile Is", text=f"{compost[3]} [4].")])
    assert len(post.sections) == 1 and post.sections[0].heading == "A Compost Pile"
    assert all(f in post.sections[0].text for f in compost)
    # never a bare word of the topic ("Redis" in a post on Redis: stop 33's editor), though it names them all
    redis = ["Redis can return errors for commands that could result in more memory being used",
             "When Redis is used as a cache, it is often convenient to let it automatically evict old data",
             "Starting with Redis 4.0, the Least Frequently Used eviction mode is available"]
    post = Post(title="t", topic="What Redis does when it runs out of memory: key eviction policies", sections=[
        Section(heading="The Least Frequently Used Eviction Mode", text=" ".join(f"{f} [{i}]." for i, f in
                                                                             enumerate(redis, 1)))])
    _broaden(post, ". ".join([post.topic, *redis]), post.topic)
    assert post.sections[0].heading != "Redis"


def test_the_tldrs_second_note_is_not_the_one_the_intro_opens_on():
    """Stop 34's cast-iron post: TL;DR "Soaking ... rust. Seasoning is a layer of oil ...", then the intro
    "Seasoning is a layer of oil ..." on the very next line. The most central note stays (the DNS and bloom-filter
    TL;DRs say what the thing is); the second is one the intro does not say; the notes' order."""
    from blogwright.pipeline.explain import notes_tldr

    iron = ["Seasoning is a layer of oil baked onto the iron until it turns into a hard polymer coating",
            "A thin coat of oil heated past its smoke point gives the most durable seasoning",
            "Soaking a cast iron pan in water for hours can make it rust",
            "A little dish soap does not remove polymerised seasoning",
            "Drying the pan on a warm burner right after washing keeps rust away",
            "Acidic food such as tomato sauce cooked for a long time can wear seasoning down"]
    topic = "Caring for a cast iron pan"
    before = notes_tldr(topic, iron)
    assert iron[0] in before and iron[2] in before
    after = notes_tldr(topic, iron, said=[f"{iron[0]}."])
    assert iron[0] not in after and after.startswith(iron[2]) and len(after.split(". ")) == 2
    # the most central note stays though the intro says it: a TL;DR that says what DNS does
    assert notes_tldr("How DNS finds the address of a website", DNS, said=[DNS[0]]).startswith(DNS[0])


def test_the_sign_off_after_one_last_thing_is_its_own_paragraph():
    """Stop 34's editor: "One Last Thing" over the TTL note and "Take it one step at a time, ..." read as a wrap-up
    after all; the sign-off is the post's goodbye after the last thing, on its own."""
    from blogwright.pipeline.styling import frame_post

    ctx = _ctx("How DNS finds the address of a website", "friendly-teacher", DNS)
    post = Post(title="DNS", topic=ctx.brief.topic, intro=f"{DNS[0]} [1].", sections=[],
                conclusion=f"{DNS[5]} [6]. Take it one step at a time, and you will get there.",
                conclusion_heading=LAST_FACT_HEADING)
    frame_post(ctx, post, None)
    fact, sign_off = post.conclusion.split("\n\n")
    assert fact == f"{DNS[5]} [6]." and sign_off in ctx.voice.sign_offs
    post.conclusion_heading = ""  # a close of its own keeps the sign-off where the writer puts it
    post.conclusion = f"{DNS[5]} [6]. Take it one step at a time, and you will get there."
    frame_post(ctx, post, None)
    assert "\n\n" not in post.conclusion


def test_a_list_number_left_in_prose_goes():
    """Stop 34's make-post: "... for companies like Amazon. 2. Cost: LLM Ops costs money, ..." (its "1." had gone
    with the line's list marker)."""
    from blogwright.pipeline.clean import clean_prose, list_number

    text = ("Performance: LLM Ops is a more advanced technology, while ML Ops is just another way. 2. Cost: LLM Ops "
            "costs money, whereas ML Ops only uses resources. It needs 2.5 GB.")
    assert clean_prose(text) == ("Performance: LLM Ops is a more advanced technology, while ML Ops is just another "
                                 "way. Cost: LLM Ops costs money, whereas ML Ops only uses resources. It needs 2.5 GB.")
    assert list_number("2.5 GB is enough.") == "2.5 GB is enough."


def test_a_no_facts_body_loses_a_stray_list_number():
    from blogwright.pipeline.truth import sentences_only

    post = Post(title="t", topic="LLM Ops vs ML Ops", intro="", conclusion="", sections=[Section(
        heading="Key Differences", text="LLM Ops is a newer practice than ML Ops. 2. Cost: LLM Ops costs money.")])
    sentences_only(post, ["LLM Ops", "ML Ops"], [])
    assert post.sections[0].text == "LLM Ops is a newer practice than ML Ops. Cost: LLM Ops costs money."


def test_the_spelling_gate_reads_sci_fi_as_one_word():
    """Stop 34's make-post: "unknown word 'fi'" from "your favorite sci-fi movie"."""
    from blogwright.checks.spelling import scan

    assert not scan("Imagine a team like the one in your favorite sci-fi movie, on the office wi-fi.")
    assert [i.word for i in scan("A xq-zz thing.")] == ["xq", "zz"]  # parts wrong on their own still are


def test_a_paragraph_right_under_a_heading_gets_no_connective_that_points_back():
    """Stop 34's runbook post: "## What a Runbook Is" / "On top of that, a runbook is ...", "## How a Runbook Works
    in Practice" / "Beyond that, a runbook is ...": the connective pointed back across the heading to nothing."""
    from blogwright.pipeline.openers import STANDALONE, vary_openers

    paras = ["A runbook is a set of guidelines for a team.", "A runbook is a set of rules for decisions.",
             "A runbook is a set of instructions for small teams."]
    fixed, _ = vary_openers(paras, "\n\n".join(paras), unled=frozenset({1, 2}))
    leads = [p.split(",")[0] + "," for p in fixed[1:]]
    assert all(lead in STANDALONE for lead in leads) and len(set(leads)) == 2
    fixed, _ = vary_openers(paras, "\n\n".join(paras))  # elsewhere any connective still may
    assert fixed[2].startswith("On top of that,")
